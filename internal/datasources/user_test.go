package datasources

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/plaid/plaid-go/v43/plaid"

	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
)

func decodeUser(t *testing.T, body string) *plaid.UserGetResponse {
	t.Helper()
	var user plaid.UserGetResponse
	if err := json.Unmarshal([]byte(body), &user); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	return &user
}

func TestUserFromPlaid(t *testing.T) {
	user := decodeUser(t, `{"request_id": "req", "user_id": "usr_1", "client_user_id": "qa-alice",
		"created_at": "2024-05-06T10:10:11+02:00", "updated_at": "2024-05-07T08:10:11.25Z",
		"identity": {"name": {"given_name": "Alice", "family_name": "Liddell"}, "date_of_birth": "1990-04-12",
			"emails": [{"data": "b@example.com", "primary": false}, {"data": "a@example.com", "primary": true}],
			"id_numbers": [{"value": "412345678", "type": "us_ssn"}]}}`)

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
	if diff := cmp.Diff(want, userFromPlaid(user)); diff != "" {
		t.Errorf("userFromPlaid (-want +got):\n%s", diff)
	}
}

func TestUserFromPlaidWithoutIdentity(t *testing.T) {
	user := decodeUser(t, `{"request_id": "req", "user_id": "usr_1", "client_user_id": null,
		"created_at": "2024-05-06T08:10:11Z"}`)
	got := userFromPlaid(user)
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
