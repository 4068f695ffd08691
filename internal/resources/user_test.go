package resources

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

func TestNotPersonalData(t *testing.T) {
	cases := map[string]bool{ // value: refused
		"alice@example.com":  true,
		"a.b+qa@example.org": true,
		"+14155550123":       true,
		"(415) 555-0123":     true,
		"+44 20 7183 8750":   true,
		"123-45-6789":        true,
		" qa-alice":          true,
		"qa-alice\t":         true,
		"qa-alice":           false,
		"qa-persona-001":     false,
		"20240101":           false,
		"1-800-FLOWERS":      false,
		"user@localhost":     false,
		"6f1c2a9e-0b7d-4c1e": false,
		"123456789":          false, // nine digits alone are an ID like any other
		"4155550123":         false, // digits alone could be a database key: a warning only
	}
	for value, refused := range cases {
		req := validator.StringRequest{Path: path.Root("client_user_id"), ConfigValue: types.StringValue(value)}
		var resp validator.StringResponse
		notPersonalData{}.ValidateString(context.Background(), req, &resp)
		if got := resp.Diagnostics.HasError(); got != refused {
			t.Errorf("%q: refused = %v, want %v (%v)", value, got, refused, resp.Diagnostics)
		}
		if warned := resp.Diagnostics.WarningsCount() > 0; warned != (value == "4155550123") {
			t.Errorf("%q: warned = %v", value, warned)
		}
		for _, d := range resp.Diagnostics {
			if strings.Contains(d.Detail(), strings.TrimSpace(value)) || strings.Contains(d.Summary(), strings.TrimSpace(value)) {
				t.Errorf("%q: the error repeats the value, which may be personal data: %s", value, d.Detail())
			}
		}
	}
}

func TestUserModelFromPlaid(t *testing.T) {
	user := plaidclient.User{
		UserID: "usr_123", ClientUserID: "qa-alice",
		CreatedAt: time.Date(2024, 5, 6, 8, 10, 11, 0, time.UTC), UpdatedAt: ptr(time.Date(2024, 5, 7, 8, 10, 11, 0, time.UTC)),
		Identity: &plaidclient.Identity{
			Name:   &plaidclient.Name{GivenName: "Alice", FamilyName: "Liddell"},
			Emails: []plaidclient.Contact{{Data: "alice@example.com", Primary: true}},
		},
	}
	m := userModel{ClientUserID: types.StringValue("qa-alice")}
	m.fromPlaid(user, nil)

	if m.ID.ValueString() != "usr_123" || m.UserID.ValueString() != "usr_123" {
		t.Errorf("id and user_id must both be the user_id, got %v and %v", m.ID, m.UserID)
	}
	if m.CreatedAt.ValueString() != "2024-05-06T08:10:11Z" || m.UpdatedAt.ValueString() != "2024-05-07T08:10:11Z" {
		t.Errorf("timestamps: %v, %v", m.CreatedAt, m.UpdatedAt)
	}
	want := &identity.Model{
		Name:   &identity.NameModel{GivenName: types.StringValue("Alice"), FamilyName: types.StringValue("Liddell")},
		Emails: []identity.ContactModel{{Data: types.StringValue("alice@example.com"), Primary: types.BoolValue(true)}},
	}
	if m.Identity == nil || !m.Identity.Name.GivenName.Equal(want.Name.GivenName) || len(m.Identity.Emails) != 1 ||
		!m.Identity.Emails[0].Data.Equal(want.Emails[0].Data) || m.Identity.PhoneNumbers != nil {
		t.Errorf("identity: got %+v, want %+v", m.Identity, want)
	}
}

func TestUserModelFromPlaidKeepsClientUserIDWhenPlaidHasNone(t *testing.T) {
	// Plaid's client_user_id null, updated_at and identity absent, as the gateway returns them.
	user := plaidclient.User{UserID: "usr_123", CreatedAt: time.Date(2024, 5, 6, 8, 10, 11, 0, time.UTC)}
	m := userModel{ClientUserID: types.StringValue("qa-legacy")}
	m.fromPlaid(user, nil)
	if m.ClientUserID.ValueString() != "qa-legacy" {
		t.Errorf("client_user_id = %v, want the prior qa-legacy", m.ClientUserID)
	}
	if !m.UpdatedAt.IsNull() || m.Identity != nil {
		t.Errorf("absent updated_at and identity must be null, got %v and %+v", m.UpdatedAt, m.Identity)
	}
}

func TestUserSchemaIsValid(t *testing.T) {
	var resp resource.SchemaResponse
	NewUser().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema: %v", diags)
	}
}
