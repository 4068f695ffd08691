package identity

import (
	"context"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

func str(s string) types.String { return types.StringValue(s) }

func email(data string, primary bool) ContactModel {
	return ContactModel{Data: str(data), Primary: types.BoolValue(primary)}
}

// fullModel is an identity with every attribute set, as a plan or state would hold it.
func fullModel() *Model {
	return &Model{
		Name:        &NameModel{GivenName: str("Alice"), FamilyName: str("Johnson")},
		DateOfBirth: str("1988-07-22"),
		Emails:      []ContactModel{email("alice@example.com", true), email("alice@work.example", false)},
		PhoneNumbers: []ContactModel{
			{Data: str("+14155550123"), Primary: types.BoolValue(true)},
		},
		Addresses: []AddressModel{{
			Street1: str("123 Main St"), Street2: types.StringNull(), City: str("Anytown"),
			Region: str("CA"), PostalCode: str("90210"), Country: str("US"), Primary: types.BoolValue(true),
		}},
		IDNumbers: []IDNumberModel{{Value: str("1234"), Type: str("us_ssn_last_4")}},
	}
}

// fullIdentity is fullModel for the gateway. What plaid-go puts on the wire for it, and how it
// reads Plaid's null and absent fields, is tested in plaidclient (convert_test.go).
func fullIdentity() *plaidclient.Identity {
	return &plaidclient.Identity{
		Name:        &plaidclient.Name{GivenName: "Alice", FamilyName: "Johnson"},
		DateOfBirth: "1988-07-22",
		Emails:      []plaidclient.Contact{{Data: "alice@example.com", Primary: true}, {Data: "alice@work.example"}},
		PhoneNumbers: []plaidclient.Contact{
			{Data: "+14155550123", Primary: true},
		},
		Addresses: []plaidclient.Address{{
			Street1: "123 Main St", City: "Anytown", Region: "CA", PostalCode: "90210", Country: "US", Primary: true,
		}},
		IDNumbers: []plaidclient.IDNumber{{Value: "1234", Type: "us_ssn_last_4"}},
	}
}

func plaidContact(data string, primary bool) plaidclient.Contact {
	return plaidclient.Contact{Data: data, Primary: primary}
}

// The gateway sends a nil list as absent and a non-nil empty one as [], so the comparisons
// below must tell nil from empty: cmp.Diff does, without cmpopts.EquateEmpty.

func TestToPlaid(t *testing.T) {
	tests := []struct {
		name  string
		model *Model
		want  *plaidclient.Identity
	}{
		{"no identity", nil, nil},
		{"empty identity", &Model{}, &plaidclient.Identity{}},
		{"full identity", fullModel(), fullIdentity()},
		{
			"empty lists are sent as []",
			&Model{Emails: []ContactModel{}, PhoneNumbers: []ContactModel{}, Addresses: []AddressModel{}, IDNumbers: []IDNumberModel{}},
			&plaidclient.Identity{Emails: []plaidclient.Contact{}, PhoneNumbers: []plaidclient.Contact{},
				Addresses: []plaidclient.Address{}, IDNumbers: []plaidclient.IDNumber{}},
		},
		{
			"null optional address lines are left out",
			&Model{Addresses: []AddressModel{{
				Street1: types.StringNull(), Street2: types.StringNull(), City: types.StringNull(),
				Region: types.StringNull(), PostalCode: types.StringNull(), Country: str("GB"), Primary: types.BoolValue(false),
			}}},
			&plaidclient.Identity{Addresses: []plaidclient.Address{{Country: "GB"}}},
		},
		{
			"unknown values are left out",
			&Model{DateOfBirth: types.StringUnknown(), Addresses: []AddressModel{{
				Street1: types.StringUnknown(), Street2: types.StringNull(), City: types.StringNull(),
				Region: types.StringNull(), PostalCode: types.StringNull(), Country: str("GB"), Primary: types.BoolValue(true),
			}}},
			&plaidclient.Identity{Addresses: []plaidclient.Address{{Country: "GB", Primary: true}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ToPlaid(tt.model)); diff != "" {
				t.Errorf("ToPlaid (-want +got):\n%s", diff)
			}
		})
	}
}

func TestToPlaidUpdate(t *testing.T) {
	onlyEmails := &Model{Emails: []ContactModel{email("alice@example.com", true)}}
	tests := []struct {
		name        string
		plan, prior *Model
		want        *plaidclient.Identity
	}{
		{"nothing before or after", nil, nil, nil},
		{"empty identity before and after", &Model{}, &Model{}, nil},
		{"new identity is sent whole", fullModel(), nil, fullIdentity()},
		{"unchanged identity is sent whole but its unchanged id_numbers", fullModel(), fullModel(), withoutIDNumbers(fullIdentity())},
		{
			"lists removed from the plan are cleared",
			onlyEmails, fullModel(),
			&plaidclient.Identity{Emails: []plaidclient.Contact{plaidContact("alice@example.com", true)},
				PhoneNumbers: []plaidclient.Contact{}, Addresses: []plaidclient.Address{}, IDNumbers: []plaidclient.IDNumber{}},
		},
		{
			"identity removed clears every list the prior state had",
			nil, &Model{Emails: []ContactModel{email("a@example.com", false)}, IDNumbers: []IDNumberModel{}},
			&plaidclient.Identity{Emails: []plaidclient.Contact{}, IDNumbers: []plaidclient.IDNumber{}},
		},
		{
			"lists the prior state lacked stay out",
			&Model{Name: &NameModel{GivenName: str("Al"), FamilyName: str("J")}}, &Model{},
			&plaidclient.Identity{Name: &plaidclient.Name{GivenName: "Al", FamilyName: "J"}},
		},
		{"an emptied list is sent as []", &Model{Emails: []ContactModel{}}, onlyEmails,
			&plaidclient.Identity{Emails: []plaidclient.Contact{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ToPlaidUpdate(tt.plan, tt.prior)); diff != "" {
				t.Errorf("ToPlaidUpdate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromPlaid(t *testing.T) {
	bob := email("bob@example.com", false)
	carol := email("carol@example.com", true)
	carolThenBob := &plaidclient.Identity{Emails: []plaidclient.Contact{
		plaidContact("carol@example.com", true), plaidContact("bob@example.com", false)}}
	tests := []struct {
		name  string
		plaid *plaidclient.Identity // nil for a response without identity
		prior *Model
		want  *Model
	}{
		{"no identity, none before", nil, nil, nil},
		{"no identity data, none before", &plaidclient.Identity{Emails: []plaidclient.Contact{}}, nil, nil},
		{"no identity, empty identity before", nil, &Model{}, &Model{}},
		{"absent list, empty list before", &plaidclient.Identity{}, &Model{Emails: []ContactModel{}}, &Model{Emails: []ContactModel{}}},
		{"empty list, empty list before", &plaidclient.Identity{Emails: []plaidclient.Contact{}},
			&Model{Emails: []ContactModel{}}, &Model{Emails: []ContactModel{}}},
		{"empty list, no list before", &plaidclient.Identity{Emails: []plaidclient.Contact{}}, &Model{}, &Model{}},
		{
			"list gone out of band becomes null",
			&plaidclient.Identity{}, &Model{Emails: []ContactModel{bob}}, &Model{},
		},
		{"import reads everything", fullIdentity(), nil, fullModel()},
		{"read after apply matches the plan", fullIdentity(), fullModel(), fullModel()},
		{"Plaid's order without prior entries", carolThenBob, nil, &Model{Emails: []ContactModel{carol, bob}}},
		{
			"prior order kept when Plaid reorders",
			carolThenBob, &Model{Emails: []ContactModel{bob, carol}}, &Model{Emails: []ContactModel{bob, carol}},
		},
		{
			"changed and new entries follow in Plaid's order",
			&plaidclient.Identity{Emails: []plaidclient.Contact{plaidContact("dave@example.com", false),
				plaidContact("carol@example.com", false), plaidContact("bob@example.com", false)}},
			&Model{Emails: []ContactModel{bob, carol}},
			&Model{Emails: []ContactModel{bob, email("dave@example.com", false), email("carol@example.com", false)}},
		},
		{
			"empty strings from Plaid are null",
			&plaidclient.Identity{Name: &plaidclient.Name{}, Addresses: []plaidclient.Address{{Country: "US"}}},
			nil,
			&Model{Addresses: []AddressModel{{
				Street1: types.StringNull(), Street2: types.StringNull(), City: types.StringNull(),
				Region: types.StringNull(), PostalCode: types.StringNull(), Country: str("US"), Primary: types.BoolValue(false),
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FromPlaid(tt.plaid, tt.prior); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FromPlaid =\n%+v\nwant\n%+v", deref(got), deref(tt.want))
			}
		})
	}
}

// TestRoundTrip maps a model to the gateway and back, as create then read do. The gateway's own
// round trip through plaid-go's JSON is plaidclient's TestIdentityRoundTripThroughPlaidGo; Plaid
// answers an empty list as nil there, which the "absent list" cases of TestFromPlaid cover.
func TestRoundTrip(t *testing.T) {
	for name, m := range map[string]*Model{
		"full":        fullModel(),
		"empty lists": {Emails: []ContactModel{}, Addresses: []AddressModel{}},
		"empty":       {},
	} {
		t.Run(name, func(t *testing.T) {
			back := FromPlaid(ToPlaid(m), m)
			if !reflect.DeepEqual(back, m) {
				t.Errorf("round trip gave\n%+v\nwant\n%+v", deref(back), deref(m))
			}
		})
	}
}

func deref(m *Model) any {
	if m == nil {
		return nil
	}
	return *m
}

// resourceModel is how a resource embeds the identity in its own model.
type resourceModel struct {
	Identity *Model `tfsdk:"identity"`
}

// TestReflectionNullAndEmpty checks the framework's reflection, which the mappers rely on: a nil
// slice or pointer is null, a non-nil empty slice is an empty list, in both directions.
func TestReflectionNullAndEmpty(t *testing.T) {
	ctx := context.Background()
	s := rschema.Schema{Attributes: map[string]rschema.Attribute{"identity": ResourceAttribute()}}
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}

	in := resourceModel{Identity: &Model{Emails: []ContactModel{}, DateOfBirth: types.StringNull()}}
	if diags := state.Set(ctx, &in); diags.HasError() {
		t.Fatalf("Set: %v", diags)
	}

	var emails, phones types.List
	var name types.Object
	for p, target := range map[string]any{"emails": &emails, "phone_numbers": &phones, "name": &name} {
		if diags := state.GetAttribute(ctx, path.Root("identity").AtName(p), target); diags.HasError() {
			t.Fatalf("GetAttribute %s: %v", p, diags)
		}
	}
	if emails.IsNull() || len(emails.Elements()) != 0 {
		t.Errorf("empty slice stored as %s, want an empty list", emails)
	}
	if !phones.IsNull() {
		t.Errorf("nil slice stored as %s, want null", phones)
	}
	if !name.IsNull() {
		t.Errorf("nil name stored as %s, want null", name)
	}

	var out resourceModel
	if diags := state.Get(ctx, &out); diags.HasError() {
		t.Fatalf("Get: %v", diags)
	}
	if out.Identity.Emails == nil || len(out.Identity.Emails) != 0 {
		t.Errorf("empty list read as %#v, want a non-nil empty slice", out.Identity.Emails)
	}
	if out.Identity.PhoneNumbers != nil || out.Identity.Name != nil {
		t.Errorf("null list or object read as %#v / %#v, want nil", out.Identity.PhoneNumbers, out.Identity.Name)
	}

	if diags := state.Set(ctx, &resourceModel{}); diags.HasError() {
		t.Fatalf("Set: %v", diags)
	}
	var identity types.Object
	if diags := state.GetAttribute(ctx, path.Root("identity"), &identity); diags.HasError() {
		t.Fatalf("GetAttribute identity: %v", diags)
	}
	if !identity.IsNull() {
		t.Errorf("nil identity stored as %s, want null", identity)
	}
}

func withoutIDNumbers(id *plaidclient.Identity) *plaidclient.Identity {
	id.IDNumbers = nil
	return id
}

func TestIDNumbersWithoutValueAreImportsOnly(t *testing.T) {
	imported := WithoutUnmanagedIDNumberValues(fullModel(), nil)
	if got := IDNumbersWithoutValue(imported); len(got) != 1 || got[0] != 0 {
		t.Fatalf("IDNumbersWithoutValue(imported) = %v, want [0]", got)
	}
	if n := imported.IDNumbers[0]; !n.Value.IsNull() || !n.ValueWO.IsNull() || !n.ValueWOVersion.IsNull() || n.Type.ValueString() != "us_ssn_last_4" {
		t.Errorf("imported entry = %+v, want its type alone", n)
	}
	if got := IDNumbersWithoutValue(fullModel()); len(got) != 0 {
		t.Errorf("IDNumbersWithoutValue(configured values) = %v, want none", got)
	}
	if !IDNumbersUnchanged(imported.IDNumbers, imported.IDNumbers) || IDNumbersUnchanged(imported.IDNumbers, fullModel().IDNumbers) {
		t.Error("IDNumbersUnchanged must compare the entries as the state holds them")
	}
	if update := ToPlaidUpdate(imported, imported); update != nil && update.IDNumbers != nil {
		t.Errorf("an unchanged imported list must not be sent: %+v", update.IDNumbers)
	}
	// A value the prior holds stays; any other is recorded by type only.
	kept := WithoutUnmanagedIDNumberValues(fullModel(), fullModel())
	if diff := cmp.Diff(fullModel().IDNumbers, kept.IDNumbers); diff != "" {
		t.Errorf("a configured value must stay (-want +got):\n%s", diff)
	}
}
