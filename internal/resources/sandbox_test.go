package resources

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// clientFor is a client that targets environment; it never sends a request here.
func clientFor(environment string) *plaidclient.Client {
	return plaidclient.New(plaidclient.Settings{Environment: environment, URL: "https://example.invalid", MaxConnections: 1})
}

func TestRefuseOutsideSandbox(t *testing.T) {
	cases := map[string]struct {
		client  *plaidclient.Client
		refused bool
	}{
		"not configured yet": {nil, false},
		"sandbox":            {clientFor(plaidclient.EnvironmentSandbox), false},
		"production":         {clientFor(plaidclient.EnvironmentProduction), true},
	}
	for name, tc := range cases {
		var diags diag.Diagnostics
		r := sandboxResource{client: tc.client, typeName: "plaid_sandbox_item"}
		r.refuseOutsideSandbox(&diags)
		if diags.HasError() != tc.refused {
			t.Errorf("%s: refused = %v, want %v (%v)", name, diags.HasError(), tc.refused, diags)
		}
		if tc.refused {
			summary, detail := diags[0].Summary(), diags[0].Detail()
			if !strings.Contains(summary, "plaid_sandbox_item") || !strings.Contains(detail, `environment = "sandbox"`) {
				t.Errorf("%s: the error must name the resource and the fix, got %q / %q", name, summary, detail)
			}
		}
	}
}

func TestModifyPlanLetsDestroyThroughInProduction(t *testing.T) {
	r := sandboxResource{client: clientFor(plaidclient.EnvironmentProduction), typeName: "plaid_sandbox_item"}
	objectType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	plan := func(raw tftypes.Value) resource.ModifyPlanRequest {
		return resource.ModifyPlanRequest{Plan: tfsdk.Plan{Raw: raw}}
	}

	var destroy resource.ModifyPlanResponse
	r.ModifyPlan(context.Background(), plan(tftypes.NewValue(objectType, nil)), &destroy)
	if destroy.Diagnostics.HasError() {
		t.Errorf("destroying in production must be planned, got %v", destroy.Diagnostics)
	}

	var create resource.ModifyPlanResponse
	planned := tftypes.NewValue(objectType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)})
	r.ModifyPlan(context.Background(), plan(planned), &create)
	if !create.Diagnostics.HasError() {
		t.Error("creating in production must fail at plan time")
	}
}
