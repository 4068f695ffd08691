package datasources

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// The users here are built as the gateway's GetUser returns them. How plaid-go reads /user/get
// (client_user_id null, updated_at and identity absent) is tested in plaidclient.

func TestUserFromPlaid(t *testing.T) {
	user := plaidclient.User{
		UserID: "usr_1", ClientUserID: "qa-alice",
		CreatedAt: time.Date(2024, 5, 6, 10, 10, 11, 0, time.FixedZone("", 2*60*60)),
		UpdatedAt: ptr(time.Date(2024, 5, 7, 8, 10, 11, 250_000_000, time.UTC)),
		Identity: &plaidclient.Identity{
			Name: &plaidclient.Name{GivenName: "Alice", FamilyName: "Liddell"}, DateOfBirth: "1990-04-12",
			Emails:    []plaidclient.Contact{{Data: "b@example.com"}, {Data: "a@example.com", Primary: true}},
			IDNumbers: []plaidclient.IDNumber{{Value: "412345678", Type: "us_ssn"}},
		},
	}

	want := &userModel{
		UserID:       types.StringValue("usr_1"),
		ClientUserID: types.StringValue("qa-alice"),
		CreatedAt:    types.StringValue("2024-05-06T08:10:11Z"),
		UpdatedAt:    types.StringValue("2024-05-07T08:10:11.25Z"),
		Identity: &identity.DataSourceModel{
			Name:        &identity.NameModel{GivenName: types.StringValue("Alice"), FamilyName: types.StringValue("Liddell")},
			DateOfBirth: types.StringValue("1990-04-12"),
			// Plaid's order, as is: the data source has no prior state to follow.
			Emails: []identity.ContactModel{
				{Data: types.StringValue("b@example.com"), Primary: types.BoolValue(false)},
				{Data: types.StringValue("a@example.com"), Primary: types.BoolValue(true)},
			},
			IDNumbers: []identity.DataSourceIDNumber{{Value: types.StringValue("412345678"), Type: types.StringValue("us_ssn")}},
		},
	}
	want.IncludeIDNumberValues = types.BoolValue(true)
	if diff := cmp.Diff(want, userFromPlaid(user, types.BoolValue(true))); diff != "" {
		t.Errorf("userFromPlaid with the values (-want +got):\n%s", diff)
	}
	// By default the data source keeps ID number values out of the state.
	want.IncludeIDNumberValues = types.BoolNull()
	want.Identity.IDNumbers[0].Value = types.StringNull()
	if diff := cmp.Diff(want, userFromPlaid(user, types.BoolNull())); diff != "" {
		t.Errorf("userFromPlaid without the values (-want +got):\n%s", diff)
	}
}

func TestUserFromPlaidWithoutIdentity(t *testing.T) {
	user := plaidclient.User{UserID: "usr_1", CreatedAt: time.Date(2024, 5, 6, 8, 10, 11, 0, time.UTC)}
	got := userFromPlaid(user, types.BoolNull())
	if !got.ClientUserID.IsNull() || !got.UpdatedAt.IsNull() || got.Identity != nil {
		t.Errorf("what Plaid leaves out must be null, got client_user_id %v, updated_at %v, identity %+v",
			got.ClientUserID, got.UpdatedAt, got.Identity)
	}
}

func TestUserSchemaIsValid(t *testing.T) {
	var resp datasource.SchemaResponse
	NewUser().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema: %v", diags)
	}
}
