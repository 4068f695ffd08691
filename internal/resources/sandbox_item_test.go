package resources

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/plaid/plaid-go/v43/plaid"
)

func stringValues(values ...string) []types.String {
	out := make([]types.String, len(values))
	for i, v := range values {
		out[i] = types.StringValue(v)
	}
	return out
}

func TestPublicTokenRequest(t *testing.T) {
	byUserID := userRefModel{UserID: types.StringValue("usr_1"), UserToken: types.StringNull()}
	cases := map[string]struct {
		model sandboxItemModel
		want  string
	}{
		"bare": {
			sandboxItemModel{userRefModel: byUserID, InstitutionID: types.StringValue("ins_109508"),
				InitialProducts: stringValues("transactions", "auth"), Webhook: types.StringNull(),
				OverrideUsername: types.StringNull(), OverridePassword: types.StringNull()},
			`{"initial_products":["transactions","auth"],"institution_id":"ins_109508","user_id":"usr_1"}`,
		},
		"webhook only keeps Plaid's default credentials": {
			sandboxItemModel{userRefModel: byUserID, InstitutionID: types.StringValue("ins_109508"),
				InitialProducts: stringValues("auth"), Webhook: types.StringValue("https://example.com/hook"),
				OverrideUsername: types.StringNull(), OverridePassword: types.StringNull()},
			`{"initial_products":["auth"],"institution_id":"ins_109508","options":{"override_password":"pass_good",` +
				`"override_username":"user_good","webhook":"https://example.com/hook"},"user_id":"usr_1"}`,
		},
		"legacy user with test credentials": {
			sandboxItemModel{userRefModel: userRefModel{UserID: types.StringNull(), UserToken: types.StringValue("user-sandbox-1")},
				InstitutionID: types.StringValue("ins_109511"), InitialProducts: stringValues("identity"),
				Webhook: types.StringNull(), OverrideUsername: types.StringValue("user_custom"),
				OverridePassword: types.StringValue("{}")},
			`{"initial_products":["identity"],"institution_id":"ins_109511","options":{"override_password":"{}",` +
				`"override_username":"user_custom"},"user_token":"user-sandbox-1"}`,
		},
	}
	for name, tc := range cases {
		got, err := json.Marshal(tc.model.publicTokenRequest())
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSON(t, got, tc.want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, tc.want)
		}
	}
}

func sameJSON(t *testing.T, got []byte, want string) bool {
	t.Helper()
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &b); err != nil {
		t.Fatal(err)
	}
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
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

func decodeItems(t *testing.T, body string) []plaid.Item {
	t.Helper()
	var items []plaid.Item
	if err := json.Unmarshal([]byte(body), &items); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	return items
}

func TestSandboxItemRefresh(t *testing.T) {
	items := decodeItems(t, `[
		{"item_id": "item_1", "institution_id": "ins_109508", "webhook": "https://example.com/new",
		 "available_products": [], "billed_products": [], "update_type": "background"},
		{"item_id": "item_2", "institution_id": null, "webhook": null,
		 "available_products": [], "billed_products": [], "update_type": "background"},
		{"item_id": "item_3", "institution_id": "ins_109508", "webhook": "",
		 "available_products": [], "billed_products": [], "update_type": "background"}]`)
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
