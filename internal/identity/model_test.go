package identity

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/plaid/plaid-go/v43/plaid"
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

const fullJSON = `{
	"name": {"given_name": "Alice", "family_name": "Johnson"},
	"date_of_birth": "1988-07-22",
	"emails": [{"data": "alice@example.com", "primary": true}, {"data": "alice@work.example", "primary": false}],
	"phone_numbers": [{"data": "+14155550123", "primary": true}],
	"addresses": [{"street_1": "123 Main St", "city": "Anytown", "region": "CA", "postal_code": "90210",
		"country": "US", "primary": true}],
	"id_numbers": [{"value": "1234", "type": "us_ssn_last_4"}]
}`

// requestJSON is what plaid-go puts on the wire for id, with keys in a canonical order.
func requestJSON(t *testing.T, id *plaid.ClientUserIdentity) string {
	t.Helper()
	if id == nil {
		return "null"
	}
	raw, err := json.Marshal(id)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return canonicalJSON(t, string(raw))
}

func canonicalJSON(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("unmarshal %s: %v", s, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(out)
}

// plaidIdentity decodes a /user/get identity the way plaid-go does.
func plaidIdentity(t *testing.T, s string) *plaid.ClientUserIdentity {
	t.Helper()
	var id plaid.ClientUserIdentity
	if err := json.Unmarshal([]byte(s), &id); err != nil {
		t.Fatalf("unmarshal %s: %v", s, err)
	}
	return &id
}

func TestToPlaid(t *testing.T) {
	tests := []struct {
		name  string
		model *Model
		want  string
	}{
		{"no identity", nil, `null`},
		{"empty identity", &Model{}, `{}`},
		{"full identity", fullModel(), fullJSON},
		{
			"empty lists are sent as []",
			&Model{Emails: []ContactModel{}, PhoneNumbers: []ContactModel{}, Addresses: []AddressModel{}, IDNumbers: []IDNumberModel{}},
			`{"emails": [], "phone_numbers": [], "addresses": [], "id_numbers": []}`,
		},
		{
			"null optional address lines are left out",
			&Model{Addresses: []AddressModel{{
				Street1: types.StringNull(), Street2: types.StringNull(), City: types.StringNull(),
				Region: types.StringNull(), PostalCode: types.StringNull(), Country: str("GB"), Primary: types.BoolValue(false),
			}}},
			`{"addresses": [{"country": "GB", "primary": false}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := requestJSON(t, ToPlaid(tt.model)), canonicalJSON(t, tt.want); got != want {
				t.Errorf("ToPlaid sends\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestToPlaidUpdate(t *testing.T) {
	onlyEmails := &Model{Emails: []ContactModel{email("alice@example.com", true)}}
	tests := []struct {
		name        string
		plan, prior *Model
		want        string
	}{
		{"nothing before or after", nil, nil, `null`},
		{"empty identity before and after", &Model{}, &Model{}, `null`},
		{"new identity is sent whole", fullModel(), nil, fullJSON},
		{"unchanged identity is sent whole", fullModel(), fullModel(), fullJSON},
		{
			"lists removed from the plan are cleared",
			onlyEmails, fullModel(),
			`{"emails": [{"data": "alice@example.com", "primary": true}], "phone_numbers": [], "addresses": [], "id_numbers": []}`,
		},
		{
			"identity removed clears every list the prior state had",
			nil, &Model{Emails: []ContactModel{email("a@example.com", false)}, IDNumbers: []IDNumberModel{}},
			`{"emails": [], "id_numbers": []}`,
		},
		{
			"lists the prior state lacked stay out",
			&Model{Name: &NameModel{GivenName: str("Al"), FamilyName: str("J")}}, &Model{},
			`{"name": {"given_name": "Al", "family_name": "J"}}`,
		},
		{"an emptied list is sent as []", &Model{Emails: []ContactModel{}}, onlyEmails, `{"emails": []}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := requestJSON(t, ToPlaidUpdate(tt.plan, tt.prior)), canonicalJSON(t, tt.want); got != want {
				t.Errorf("ToPlaidUpdate sends\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestFromPlaid(t *testing.T) {
	bob := email("bob@example.com", false)
	carol := email("carol@example.com", true)
	tests := []struct {
		name      string
		plaidJSON string // "" for a response without identity
		prior     *Model
		want      *Model
	}{
		{"no identity, none before", "", nil, nil},
		{"no identity data, none before", `{"emails": [], "name": null, "date_of_birth": null}`, nil, nil},
		{"no identity, empty identity before", "", &Model{}, &Model{}},
		{"absent list, empty list before", `{}`, &Model{Emails: []ContactModel{}}, &Model{Emails: []ContactModel{}}},
		{"empty list, empty list before", `{"emails": []}`, &Model{Emails: []ContactModel{}}, &Model{Emails: []ContactModel{}}},
		{"empty list, no list before", `{"emails": []}`, &Model{}, &Model{}},
		{
			"list gone out of band becomes null",
			`{}`, &Model{Emails: []ContactModel{bob}}, &Model{},
		},
		{"import reads everything", fullJSON, nil, fullModel()},
		{"read after apply matches the plan", fullJSON, fullModel(), fullModel()},
		{
			"Plaid's order without prior entries",
			`{"emails": [{"data": "carol@example.com", "primary": true}, {"data": "bob@example.com", "primary": false}]}`,
			nil, &Model{Emails: []ContactModel{carol, bob}},
		},
		{
			"prior order kept when Plaid reorders",
			`{"emails": [{"data": "carol@example.com", "primary": true}, {"data": "bob@example.com", "primary": false}]}`,
			&Model{Emails: []ContactModel{bob, carol}}, &Model{Emails: []ContactModel{bob, carol}},
		},
		{
			"changed and new entries follow in Plaid's order",
			`{"emails": [{"data": "dave@example.com", "primary": false}, {"data": "carol@example.com", "primary": false}, {"data": "bob@example.com", "primary": false}]}`,
			&Model{Emails: []ContactModel{bob, carol}},
			&Model{Emails: []ContactModel{bob, email("dave@example.com", false), email("carol@example.com", false)}},
		},
		{
			"empty strings from Plaid are null",
			`{"name": {"given_name": "", "family_name": ""}, "date_of_birth": "",
			  "addresses": [{"street_1": "", "street_2": null, "country": "US", "primary": false}]}`,
			nil,
			&Model{Addresses: []AddressModel{{
				Street1: types.StringNull(), Street2: types.StringNull(), City: types.StringNull(),
				Region: types.StringNull(), PostalCode: types.StringNull(), Country: str("US"), Primary: types.BoolValue(false),
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p *plaid.ClientUserIdentity
			if tt.plaidJSON != "" {
				p = plaidIdentity(t, tt.plaidJSON)
			}
			if got := FromPlaid(p, tt.prior); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FromPlaid =\n%+v\nwant\n%+v", deref(got), deref(tt.want))
			}
		})
	}
}

// TestRoundTrip sends a model through plaid-go's JSON and back, as create then read do.
func TestRoundTrip(t *testing.T) {
	for name, m := range map[string]*Model{
		"full":        fullModel(),
		"empty lists": {Emails: []ContactModel{}, Addresses: []AddressModel{}},
		"empty":       {},
	} {
		t.Run(name, func(t *testing.T) {
			back := FromPlaid(plaidIdentity(t, requestJSON(t, ToPlaid(m))), m)
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
