package resources

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

func stringValues(values ...string) []types.String {
	out := make([]types.String, len(values))
	for i, v := range values {
		out[i] = types.StringValue(v)
	}
	return out
}

// TestSandboxItem: the Item the gateway is asked to create. What it sends to
// /sandbox/public_token/create for it (options only when needed, Plaid's default credentials
// kept beside a webhook) is tested in plaidclient (convert_test.go).
func TestSandboxItem(t *testing.T) {
	byUserID := identity.UserRefModel{UserID: types.StringValue("usr_1"), UserToken: types.StringNull()}
	cases := map[string]struct {
		model sandboxItemModel
		want  plaidclient.SandboxItem
	}{
		"bare": {
			sandboxItemModel{UserRefModel: byUserID, InstitutionID: types.StringValue("ins_109508"),
				InitialProducts: stringValues("transactions", "auth"), Webhook: types.StringNull(),
				OverrideUsername: types.StringNull(), OverridePassword: types.StringNull()},
			plaidclient.SandboxItem{User: plaidclient.UserRef{UserID: "usr_1"}, InstitutionID: "ins_109508",
				InitialProducts: []string{"transactions", "auth"}},
		},
		"webhook only": {
			sandboxItemModel{UserRefModel: byUserID, InstitutionID: types.StringValue("ins_109508"),
				InitialProducts: stringValues("auth"), Webhook: types.StringValue("https://example.com/hook"),
				OverrideUsername: types.StringNull(), OverridePassword: types.StringNull()},
			plaidclient.SandboxItem{User: plaidclient.UserRef{UserID: "usr_1"}, InstitutionID: "ins_109508",
				InitialProducts: []string{"auth"}, Webhook: "https://example.com/hook"},
		},
		"legacy user with test credentials": {
			sandboxItemModel{UserRefModel: identity.UserRefModel{UserID: types.StringNull(), UserToken: types.StringValue("user-sandbox-1")},
				InstitutionID: types.StringValue("ins_109511"), InitialProducts: stringValues("identity"),
				Webhook: types.StringNull(), OverrideUsername: types.StringValue("user_custom"),
				OverridePassword: types.StringValue("{}")},
			plaidclient.SandboxItem{User: plaidclient.UserRef{UserToken: "user-sandbox-1"}, InstitutionID: "ins_109511",
				InitialProducts: []string{"identity"}, OverrideUsername: "user_custom", OverridePassword: "{}"},
		},
	}
	for name, tc := range cases {
		if diff := cmp.Diff(tc.want, tc.model.sandboxItem()); diff != "" {
			t.Errorf("%s: sandboxItem (-want +got):\n%s", name, diff)
		}
	}
}

func TestPlaidProduct(t *testing.T) {
	cases := map[string]bool{ // value: valid
		"auth":            true,
		"transactions":    true,
		"identity":        true,
		"cra_base_report": true,
		"Auth":            false,
		"bank":            false,
		"":                false,
		" transactions":   false,
	}
	for value, valid := range cases {
		req := validator.StringRequest{Path: path.Root("initial_products").AtListIndex(0), ConfigValue: types.StringValue(value)}
		var resp validator.StringResponse
		plaidProduct{}.ValidateString(context.Background(), req, &resp)
		if resp.Diagnostics.HasError() == valid {
			t.Errorf("%q: valid = %v, want %v", value, !resp.Diagnostics.HasError(), valid)
		}
	}
	var resp validator.StringResponse
	plaidProduct{}.ValidateString(context.Background(), validator.StringRequest{ConfigValue: types.StringUnknown()}, &resp)
	if resp.Diagnostics.HasError() {
		t.Error("an unknown value must wait for apply")
	}
}

func TestWebhookURL(t *testing.T) {
	cases := map[string]bool{ // value: valid
		"https://example.com/plaid/webhook": true,
		"http://127.0.0.1:8080/hook":        true,
		"example.com/hook":                  false,
		"ftp://example.com/hook":            false,
		"https:///hook":                     false,
		"not a url":                         false,
	}
	for value, valid := range cases {
		req := validator.StringRequest{Path: path.Root("webhook"), ConfigValue: types.StringValue(value)}
		var resp validator.StringResponse
		webhookURL{}.ValidateString(context.Background(), req, &resp)
		if resp.Diagnostics.HasError() == valid {
			t.Errorf("%q: valid = %v, want %v", value, !resp.Diagnostics.HasError(), valid)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestSandboxItemRefresh(t *testing.T) {
	items := []plaidclient.Item{
		{ItemID: "item_1", InstitutionID: ptr("ins_109508"), Webhook: ptr("https://example.com/new")},
		{ItemID: "item_2"}, // institution_id and webhook null
		{ItemID: "item_3", InstitutionID: ptr("ins_109508"), Webhook: ptr("")},
	}
	if findItem(items, "item_4") != nil {
		t.Error("findItem found an Item that is not there")
	}

	changed := sandboxItemModel{InstitutionID: types.StringValue("ins_109508"), Webhook: types.StringValue("https://example.com/old")}
	changed.refresh(findItem(items, "item_1"))
	if changed.Webhook.ValueString() != "https://example.com/new" {
		t.Errorf("a webhook changed out of band must show, got %v", changed.Webhook)
	}

	unreported := sandboxItemModel{InstitutionID: types.StringValue("ins_109511"), Webhook: types.StringValue("https://example.com/hook")}
	unreported.refresh(findItem(items, "item_2"))
	if unreported.InstitutionID.ValueString() != "ins_109511" {
		t.Errorf("an institution Plaid leaves out must stay as in state, got %v", unreported.InstitutionID)
	}
	if !unreported.Webhook.IsNull() {
		t.Errorf("a webhook Plaid no longer has must become null, got %v", unreported.Webhook)
	}

	empty := sandboxItemModel{InstitutionID: types.StringValue("ins_109508"), Webhook: types.StringNull()}
	empty.refresh(findItem(items, "item_3"))
	if !empty.Webhook.IsNull() {
		t.Errorf(`webhook "" must read as null, got %v`, empty.Webhook)
	}
}

func TestSandboxSchemasAreValid(t *testing.T) {
	for _, newResource := range []func() resource.Resource{NewSandboxItem, NewSandboxUserResetLogin} {
		var resp resource.SchemaResponse
		newResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
		if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
			t.Errorf("%T schema: %v", newResource(), diags)
		}
	}
}
