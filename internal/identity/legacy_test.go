package identity

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
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

// fullLegacyIdentity is fullLegacyModel for the gateway. What plaid-go sends for it (an empty
// field as null, the arrays never null) is tested in plaidclient (convert_test.go).
func fullLegacyIdentity() *plaidclient.LegacyIdentity {
	return &plaidclient.LegacyIdentity{
		FirstName: "Alice", LastName: "Johnson",
		PhoneNumbers: []string{"+14155550123"}, Emails: []string{"alice@example.com", "alice@work.example"},
		DateOfBirth: "1988-07-22",
		PrimaryAddress: &plaidclient.LegacyAddress{
			Street: "123 Main St, Apt 4", City: "Anytown", Region: "CA", PostalCode: "90210", Country: "US",
		},
		SSNFull: "123-45-6789", SSNLast4: "6789",
	}
}

func TestLegacyToPlaid(t *testing.T) {
	withoutSSN := fullLegacyModel()
	withoutSSN.SSNFull, withoutSSN.SSNLast4 = types.StringNull(), types.StringNull()
	withoutSSNWant := fullLegacyIdentity()
	withoutSSNWant.SSNFull, withoutSSNWant.SSNLast4 = "", ""

	noContacts := fullLegacyModel()
	noContacts.PhoneNumbers, noContacts.Emails = nil, []types.String{}
	noContactsWant := fullLegacyIdentity()
	noContactsWant.PhoneNumbers, noContactsWant.Emails = []string{}, []string{}

	nullFields := fullLegacyModel()
	nullFields.DateOfBirth = types.StringNull()
	nullFields.PrimaryAddress.City, nullFields.PrimaryAddress.Region = types.StringNull(), types.StringNull()
	nullFields.PrimaryAddress.PostalCode, nullFields.PrimaryAddress.Country = types.StringNull(), types.StringNull()
	nullFieldsWant := fullLegacyIdentity()
	nullFieldsWant.DateOfBirth = ""
	nullFieldsWant.PrimaryAddress = &plaidclient.LegacyAddress{Street: "123 Main St, Apt 4"}

	tests := []struct {
		name  string
		model *LegacyModel
		want  *plaidclient.LegacyIdentity
	}{
		{"nil", nil, nil},
		{"full", fullLegacyModel(), fullLegacyIdentity()},
		{"SSN left out", withoutSSN, withoutSSNWant},
		// Plaid requires both arrays: they are sent empty, never null or absent.
		{"empty contact lists", noContacts, noContactsWant},
		// The gateway sends "" as null.
		{"null fields are empty", nullFields, nullFieldsWant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, LegacyToPlaid(tt.model)); diff != "" {
				t.Errorf("LegacyToPlaid (-want +got):\n%s", diff)
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
