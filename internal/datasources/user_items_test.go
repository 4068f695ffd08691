package datasources

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/plaid/plaid-go/v43/plaid"
)

// decodeItem reads an Item the way plaid-go reads /user/items/get, so that the tests cover
// plaid-go's handling of null and absent fields as well as the mapping.
func decodeItem(t *testing.T, body string) plaid.Item {
	t.Helper()
	var item plaid.Item
	if err := json.Unmarshal([]byte(body), &item); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	return item
}

func TestItemFromPlaidFull(t *testing.T) {
	item := decodeItem(t, `{
		"item_id": "item_1", "institution_id": "ins_109508", "institution_name": "First Platypus Bank",
		"webhook": "https://example.com/hook", "auth_method": "INSTANT_AUTH",
		"error": {"error_type": "ITEM_ERROR", "error_code": "ITEM_LOGIN_REQUIRED",
			"error_message": "the login details of this item have changed", "display_message": "Please log in again."},
		"available_products": ["balance", "identity"], "billed_products": ["auth", "transactions"],
		"products": ["auth", "transactions"], "consented_products": ["auth"],
		"consent_expiration_time": "2030-01-02T03:04:05+02:00", "update_type": "background"}`)

	want := itemModel{
		ItemID:                types.StringValue("item_1"),
		InstitutionID:         types.StringValue("ins_109508"),
		InstitutionName:       types.StringValue("First Platypus Bank"),
		Webhook:               types.StringValue("https://example.com/hook"),
		AuthMethod:            types.StringValue("INSTANT_AUTH"),
		AvailableProducts:     []string{"balance", "identity"},
		BilledProducts:        []string{"auth", "transactions"},
		Products:              []string{"auth", "transactions"},
		ConsentedProducts:     []string{"auth"},
		ConsentExpirationTime: types.StringValue("2030-01-02T01:04:05Z"),
		UpdateType:            types.StringValue("background"),
		Error: &itemErrorModel{
			ErrorType:      types.StringValue("ITEM_ERROR"),
			ErrorCode:      types.StringValue("ITEM_LOGIN_REQUIRED"),
			ErrorMessage:   types.StringValue("the login details of this item have changed"),
			DisplayMessage: types.StringValue("Please log in again."),
		},
	}
	if diff := cmp.Diff(want, itemFromPlaid(item)); diff != "" {
		t.Errorf("itemFromPlaid (-want +got):\n%s", diff)
	}
}

func TestItemFromPlaidNullsStayNull(t *testing.T) {
	item := decodeItem(t, `{
		"item_id": "item_2", "institution_id": null, "webhook": null, "auth_method": null,
		"error": {"error_type": "ITEM_ERROR", "error_code": "ITEM_LOCKED", "error_message": "locked", "display_message": null},
		"available_products": [], "billed_products": [], "consent_expiration_time": null,
		"update_type": "user_present_required"}`)

	want := itemModel{
		ItemID:                types.StringValue("item_2"),
		InstitutionID:         types.StringNull(),
		InstitutionName:       types.StringNull(),
		Webhook:               types.StringNull(),
		AuthMethod:            types.StringNull(),
		AvailableProducts:     []string{},
		BilledProducts:        []string{},
		ConsentExpirationTime: types.StringNull(),
		UpdateType:            types.StringValue("user_present_required"),
		Error: &itemErrorModel{
			ErrorType:      types.StringValue("ITEM_ERROR"),
			ErrorCode:      types.StringValue("ITEM_LOCKED"),
			ErrorMessage:   types.StringValue("locked"),
			DisplayMessage: types.StringNull(),
		},
	}
	got := itemFromPlaid(item)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("itemFromPlaid (-want +got):\n%s", diff)
	}
	if got.Products != nil || got.ConsentedProducts != nil {
		t.Errorf("absent product lists must stay null, got %v and %v", got.Products, got.ConsentedProducts)
	}
}

func TestItemFromPlaidWithoutErrorHasNullErrorObject(t *testing.T) {
	item := decodeItem(t, `{"item_id": "item_3", "webhook": null, "error": null,
		"available_products": [], "billed_products": ["transactions"], "consent_expiration_time": null, "update_type": "background"}`)
	if got := itemFromPlaid(item); got.Error != nil {
		t.Errorf("error must be null for a healthy Item, got %+v", got.Error)
	}
}

func TestUserItemsSchemaIsValid(t *testing.T) {
	var resp datasource.SchemaResponse
	NewUserItems().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema: %v", diags)
	}
}
