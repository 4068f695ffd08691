package datasources

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// The Items here are built as the gateway returns them. How plaid-go reads Plaid's null, absent
// and empty fields into them is tested in plaidclient (convert_test.go).

func ptr[T any](v T) *T { return &v }

func TestItemFromPlaidFull(t *testing.T) {
	item := plaidclient.Item{
		ItemID: "item_1", InstitutionID: ptr("ins_109508"), InstitutionName: ptr("First Platypus Bank"),
		Webhook: ptr("https://example.com/hook"), AuthMethod: ptr("INSTANT_AUTH"),
		Error: &plaidclient.ItemError{ErrorType: "ITEM_ERROR", ErrorCode: "ITEM_LOGIN_REQUIRED",
			ErrorMessage: "the login details of this item have changed", DisplayMessage: ptr("Please log in again.")},
		AvailableProducts: []string{"balance", "identity"}, BilledProducts: []string{"auth", "transactions"},
		Products: []string{"auth", "transactions"}, ConsentedProducts: []string{"auth"},
		ConsentExpirationTime: ptr(time.Date(2030, 1, 2, 3, 4, 5, 0, time.FixedZone("", 2*60*60))),
		UpdateType:            "background",
	}

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
	item := plaidclient.Item{
		ItemID:            "item_2",
		Error:             &plaidclient.ItemError{ErrorType: "ITEM_ERROR", ErrorCode: "ITEM_LOCKED", ErrorMessage: "locked"},
		AvailableProducts: []string{}, BilledProducts: []string{}, UpdateType: "user_present_required",
	}

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
	item := plaidclient.Item{ItemID: "item_3", AvailableProducts: []string{}, BilledProducts: []string{"transactions"},
		UpdateType: "background"}
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
