package resources

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/plaid/plaid-go/v43/plaid"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

func TestRefuseOutsideSandbox(t *testing.T) {
	cases := map[string]struct {
		client  *plaidclient.Client
		refused bool
	}{
		"not configured yet": {nil, false},
		"sandbox":            {&plaidclient.Client{Sandbox: true}, false},
		"production":         {&plaidclient.Client{Sandbox: false}, true},
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
	r := sandboxResource{client: &plaidclient.Client{Sandbox: false}, typeName: "plaid_sandbox_item"}
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

func TestUserRefApplyTo(t *testing.T) {
	cases := map[string]struct {
		ref  userRefModel
		want string
	}{
		"user_id": {userRefModel{UserID: types.StringValue("usr_1"), UserToken: types.StringNull()},
			`{"user_id":"usr_1"}`},
		"user_token": {userRefModel{UserID: types.StringNull(), UserToken: types.StringValue("user-sandbox-1")},
			`{"user_token":"user-sandbox-1"}`},
	}
	for name, tc := range cases {
		request := plaid.NewUserItemsGetRequest()
		tc.ref.applyTo(request)
		got, err := json.Marshal(request)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: request %s, want %s", name, got, tc.want)
		}
	}
}

func TestUserRefStringNeverShowsTheToken(t *testing.T) {
	byID := userRefModel{UserID: types.StringValue("usr_1"), UserToken: types.StringNull()}
	if got := byID.String(); got != `user "usr_1"` {
		t.Errorf("String() = %q", got)
	}
	byToken := userRefModel{UserID: types.StringNull(), UserToken: types.StringValue("user-sandbox-secret")}
	if got := byToken.String(); strings.Contains(got, "secret") {
		t.Errorf("String() shows the user_token: %q", got)
	}
}

func TestIsPlaidError(t *testing.T) {
	notFound := fmt.Errorf("calling Plaid: %w", &plaidclient.Error{ErrorType: "ITEM_ERROR", ErrorCode: "ITEM_NOT_FOUND"})
	if !isPlaidError(notFound, "INVALID_ACCESS_TOKEN", "ITEM_NOT_FOUND") {
		t.Error("a wrapped ITEM_NOT_FOUND must match")
	}
	if isPlaidError(notFound, "USER_NOT_FOUND") {
		t.Error("ITEM_NOT_FOUND must not match USER_NOT_FOUND")
	}
	if isPlaidError(errors.New("connection refused"), "ITEM_NOT_FOUND") {
		t.Error("an error that is not Plaid's must not match")
	}
}
