package identity

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func fullLegacyModel() *LegacyModel {
	return &LegacyModel{
		FirstName:    str("Alice"),
		LastName:     str("Johnson"),
		PhoneNumbers: []types.String{str("+14155550123")},
		Emails:       []types.String{str("alice@example.com"), str("alice@work.example")},
		DateOfBirth:  str("1988-07-22"),
		PrimaryAddress: &LegacyAddressModel{
			Street: str("123 Main St, Apt 4"), City: str("Anytown"), Region: str("CA"),
			PostalCode: str("90210"), Country: str("US"),
		},
		SSNFull:  str("123-45-6789"),
		SSNLast4: str("6789"),
	}
}

func legacyJSON(t *testing.T, m *LegacyModel) string {
	t.Helper()
	id := LegacyToPlaid(m)
	if id == nil {
		return "null"
	}
	raw, err := json.Marshal(id)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return canonicalJSON(t, string(raw))
}

func TestLegacyToPlaid(t *testing.T) {
	full := fullLegacyModel()
	withoutSSN := fullLegacyModel()
	withoutSSN.SSNFull, withoutSSN.SSNLast4 = types.StringNull(), types.StringNull()
	noContacts := fullLegacyModel()
	noContacts.PhoneNumbers, noContacts.Emails = nil, []types.String{}

	tests := []struct {
		name  string
		model *LegacyModel
		want  string
	}{
		{"nil", nil, "null"},
		{"full", full, `{"first_name": "Alice", "last_name": "Johnson", "phone_numbers": ["+14155550123"],
			"emails": ["alice@example.com", "alice@work.example"], "date_of_birth": "1988-07-22",
			"primary_address": {"street": "123 Main St, Apt 4", "city": "Anytown", "region": "CA",
				"postal_code": "90210", "country": "US"},
			"ssn_full": "123-45-6789", "ssn_last_4": "6789"}`},
		{"SSN left out", withoutSSN, `{"first_name": "Alice", "last_name": "Johnson", "phone_numbers": ["+14155550123"],
			"emails": ["alice@example.com", "alice@work.example"], "date_of_birth": "1988-07-22",
			"primary_address": {"street": "123 Main St, Apt 4", "city": "Anytown", "region": "CA",
				"postal_code": "90210", "country": "US"}}`},
		// Plaid requires both arrays: they are sent empty, never null or absent.
		{"empty contact lists", noContacts, `{"first_name": "Alice", "last_name": "Johnson", "phone_numbers": [],
			"emails": [], "date_of_birth": "1988-07-22",
			"primary_address": {"street": "123 Main St, Apt 4", "city": "Anytown", "region": "CA",
				"postal_code": "90210", "country": "US"},
			"ssn_full": "123-45-6789", "ssn_last_4": "6789"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := legacyJSON(t, tt.model), canonicalJSON(t, tt.want); got != want {
				t.Errorf("LegacyToPlaid:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestLegacySSNFormats(t *testing.T) {
	legacyPath := path.Root("consumer_report_user_identity")
	attributes := LegacyResourceAttribute().Attributes
	validatorOf := func(name string) rschema.StringAttribute {
		attribute := attributes[name].(rschema.StringAttribute)
		if !attribute.Sensitive {
			t.Errorf("%s must be sensitive", name)
		}
		return attribute
	}
	runStringValidator(t, validatorOf("ssn_full").Validators[0], legacyPath.AtName("ssn_full"), []stringCase{
		{"123-45-6789", true},
		{"123456789", false},
		{"123-456-789", false},
		{"12a-45-6789", false},
		{"123-45-67890", false},
	})
	runStringValidator(t, validatorOf("ssn_last_4").Validators[0], legacyPath.AtName("ssn_last_4"), []stringCase{
		{"6789", true},
		{"789", false},
		{"67890", false},
		{"67a9", false},
	})
}

func TestReplaceWhenLegacyIdentityRemoved(t *testing.T) {
	objectType := map[string]attr.Type{"first_name": types.StringType}
	set := types.ObjectValueMust(objectType, map[string]attr.Value{"first_name": str("Alice")})
	changed := types.ObjectValueMust(objectType, map[string]attr.Value{"first_name": str("Alicia")})
	null := types.ObjectNull(objectType)
	tests := []struct {
		name        string
		state, plan types.Object
		want        bool
	}{
		{"removed", set, null, true},
		{"changed", set, changed, false},
		{"added", null, set, false},
		{"unknown", set, types.ObjectUnknown(objectType), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := planmodifier.ObjectRequest{
				Path: path.Root("consumer_report_user_identity"), State: someState, Plan: somePlan,
				StateValue: tt.state, PlanValue: tt.plan, ConfigValue: tt.plan,
			}
			resp := &planmodifier.ObjectResponse{PlanValue: tt.plan}
			replaceWhenLegacyIdentityRemoved().PlanModifyObject(context.Background(), req, resp)
			if resp.RequiresReplace != tt.want {
				t.Errorf("RequiresReplace = %v, want %v", resp.RequiresReplace, tt.want)
			}
		})
	}
}

func TestLegacyAttributeBesideIdentityIsValid(t *testing.T) {
	s := rschema.Schema{Attributes: map[string]rschema.Attribute{
		"identity":                      ResourceAttribute(),
		"consumer_report_user_identity": LegacyResourceAttribute(),
	}}
	if diags := s.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema: %v", diags)
	}
}
