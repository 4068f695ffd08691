// Package identity holds the `identity` attribute shared by the plaid_user resource and data
// source: its schema in both flavors, the Terraform models, plan-time validators, and the pure
// mappers between those models and the Plaid gateway's Identity.
//
// Null and empty are kept apart on purpose. A nil slice is a null list (the attribute is absent
// from the configuration) and a non-nil empty slice is an empty list (`emails = []`); the
// framework's reflection maps them that way in both directions (see model_test.go).
package identity

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// Model is the `identity` object.
type Model struct {
	Name         *NameModel      `tfsdk:"name"`
	DateOfBirth  types.String    `tfsdk:"date_of_birth"`
	Emails       []ContactModel  `tfsdk:"emails"`
	PhoneNumbers []ContactModel  `tfsdk:"phone_numbers"`
	Addresses    []AddressModel  `tfsdk:"addresses"`
	IDNumbers    []IDNumberModel `tfsdk:"id_numbers"`
}

// NameModel is `identity.name`.
type NameModel struct {
	GivenName  types.String `tfsdk:"given_name"`
	FamilyName types.String `tfsdk:"family_name"`
}

// ContactModel is one entry of `identity.emails` or `identity.phone_numbers`.
type ContactModel struct {
	Data    types.String `tfsdk:"data"`
	Primary types.Bool   `tfsdk:"primary"`
}

// AddressModel is one entry of `identity.addresses`.
type AddressModel struct {
	Street1    types.String `tfsdk:"street_1"`
	Street2    types.String `tfsdk:"street_2"`
	City       types.String `tfsdk:"city"`
	Region     types.String `tfsdk:"region"`
	PostalCode types.String `tfsdk:"postal_code"`
	Country    types.String `tfsdk:"country"`
	Primary    types.Bool   `tfsdk:"primary"`
}

// IDNumberModel is one entry of `identity.id_numbers`. The value is either Value, kept in state,
// or ValueWO, write-only (see writeonly.go): present in the configuration only, null in plans
// and state, with ValueWOVersion telling when to send it again.
type IDNumberModel struct {
	Value          types.String `tfsdk:"value"`
	ValueWO        types.String `tfsdk:"value_wo"`
	ValueWOVersion types.Int64  `tfsdk:"value_wo_version"`
	Type           types.String `tfsdk:"type"`
}

// ToPlaid builds the identity for /user/create. Null attributes are left out of the request;
// an empty list is sent as []. A nil model gives nil (no identity in the request). An ID
// number's value is value_wo when value is null: give a model from WithWriteOnlyValues.
func ToPlaid(m *Model) *plaidclient.Identity {
	if m == nil {
		return nil
	}
	id := &plaidclient.Identity{
		DateOfBirth:  optional(m.DateOfBirth),
		Emails:       mapList(m.Emails, contactToPlaid),
		PhoneNumbers: mapList(m.PhoneNumbers, contactToPlaid),
		Addresses:    mapList(m.Addresses, addressToPlaid),
		IDNumbers: mapList(m.IDNumbers, func(n IDNumberModel) plaidclient.IDNumber {
			return plaidclient.IDNumber{Value: ValueOrWriteOnly(n.Value, n.ValueWO).ValueString(), Type: n.Type.ValueString()}
		}),
	}
	if m.Name != nil {
		id.Name = &plaidclient.Name{GivenName: m.Name.GivenName.ValueString(), FamilyName: m.Name.FamilyName.ValueString()}
	}
	return id
}

// ToPlaidUpdate builds the identity for /user/update. Plaid merges an update into what it has,
// so every list in the plan is sent whole (but id_numbers unchanged from prior, left out), and a
// list that the prior state had but the plan no longer has is sent as [] to clear it. Name and date of birth cannot be cleared this way; the
// schema forces replacement when they are removed. Nil means there is nothing to send.
func ToPlaidUpdate(plan, prior *Model) *plaidclient.Identity {
	id := ToPlaid(plan)
	if id == nil {
		id = &plaidclient.Identity{}
	}
	if prior != nil {
		clearIfRemoved(&id.Emails, prior.Emails)
		clearIfRemoved(&id.PhoneNumbers, prior.PhoneNumbers)
		clearIfRemoved(&id.Addresses, prior.Addresses)
		clearIfRemoved(&id.IDNumbers, prior.IDNumbers)
		if plan != nil && IDNumbersUnchanged(plan.IDNumbers, prior.IDNumbers) {
			id.IDNumbers = nil // nothing to send, and an imported entry has no value to send
		}
	}
	if id.Name == nil && id.DateOfBirth == "" && id.Emails == nil && id.PhoneNumbers == nil &&
		id.Addresses == nil && id.IDNumbers == nil {
		return nil
	}
	return id
}

// idNumbersUnchanged compares planned and prior id_numbers as the state holds them (write-only
// values are null in both): an update leaves an unchanged list out, since Plaid merges updates.
func IDNumbersUnchanged(plan, prior []IDNumberModel) bool {
	if plan == nil || len(plan) != len(prior) {
		return false
	}
	for i := range plan {
		p, q := plan[i], prior[i]
		if !p.Value.Equal(q.Value) || !p.ValueWOVersion.Equal(q.ValueWOVersion) || !p.Type.Equal(q.Type) {
			return false
		}
	}
	return true
}

// clearIfRemoved makes an update send [] for a list the prior state had and the plan dropped.
func clearIfRemoved[P, M any](planned *[]P, prior []M) {
	if *planned == nil && prior != nil {
		*planned = []P{}
	}
}

// FromPlaid turns the identity that /user/get returned into a model for state, normalized so
// that a plan right after apply is empty:
//   - an absent or empty list becomes null, unless prior holds an empty list (then [] is kept);
//   - an empty string where Plaid allows null (address lines, date of birth) becomes null, and a
//     name with both parts empty becomes no name;
//   - entries equal to prior ones keep prior's order; the rest follow in Plaid's order. With
//     prior nil (import, data source) Plaid's order is kept as is.
//
// prior is the state (Read), the plan (after Create or Update) or nil. The result is nil when
// Plaid holds no identity data and prior was nil too, so an unset `identity` stays null.
func FromPlaid(p *plaidclient.Identity, prior *Model) *Model {
	var before Model
	if prior != nil {
		before = *prior
	}
	if p == nil {
		p = &plaidclient.Identity{}
	}
	m := &Model{
		Name:         nameFromPlaid(p.Name),
		DateOfBirth:  nullIfEmpty(p.DateOfBirth),
		Emails:       listFromPlaid(p.Emails, before.Emails, contactFromPlaid),
		PhoneNumbers: listFromPlaid(p.PhoneNumbers, before.PhoneNumbers, contactFromPlaid),
		Addresses:    listFromPlaid(p.Addresses, before.Addresses, addressFromPlaid),
		IDNumbers:    idNumbersFromPlaid(p.IDNumbers, before.IDNumbers),
	}
	if prior == nil && m.isEmpty() {
		return nil
	}
	return m
}

// isEmpty reports whether the model holds nothing at all: every attribute null.
func (m *Model) isEmpty() bool {
	return m.Name == nil && m.DateOfBirth.IsNull() && m.Emails == nil && m.PhoneNumbers == nil &&
		m.Addresses == nil && m.IDNumbers == nil
}

func contactToPlaid(c ContactModel) plaidclient.Contact {
	return plaidclient.Contact{Data: c.Data.ValueString(), Primary: c.Primary.ValueBool()}
}

func contactFromPlaid(c plaidclient.Contact) ContactModel {
	return ContactModel{Data: types.StringValue(c.Data), Primary: types.BoolValue(c.Primary)}
}

func addressToPlaid(a AddressModel) plaidclient.Address {
	return plaidclient.Address{
		Street1: optional(a.Street1), Street2: optional(a.Street2), City: optional(a.City),
		Region: optional(a.Region), PostalCode: optional(a.PostalCode),
		Country: a.Country.ValueString(), Primary: a.Primary.ValueBool(),
	}
}

func addressFromPlaid(a plaidclient.Address) AddressModel {
	return AddressModel{
		Street1:    nullIfEmpty(a.Street1),
		Street2:    nullIfEmpty(a.Street2),
		City:       nullIfEmpty(a.City),
		Region:     nullIfEmpty(a.Region),
		PostalCode: nullIfEmpty(a.PostalCode),
		Country:    types.StringValue(a.Country),
		Primary:    types.BoolValue(a.Primary),
	}
}

// nameFromPlaid treats a name with both parts empty as no name: the schema never sends one.
func nameFromPlaid(n *plaidclient.Name) *NameModel {
	if n == nil || n.GivenName == "" && n.FamilyName == "" {
		return nil
	}
	return &NameModel{GivenName: types.StringValue(n.GivenName), FamilyName: types.StringValue(n.FamilyName)}
}

// optional is a Terraform string for the gateway, where "" is an absent value: a null or
// unknown value is left out of the request (the schema rejects "" in configurations).
func optional(v types.String) string {
	if v.IsNull() || v.IsUnknown() {
		return ""
	}
	return v.ValueString()
}

// nullIfEmpty maps Plaid's null or "" to a null string: the schema rejects "" in
// configurations, so "" from Plaid can only mean "not set".
func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// mapList converts a Terraform list for a request: nil (null) stays nil, left out of the
// request, and an empty list stays empty, sent as [].
func mapList[M, P any](in []M, convert func(M) P) []P {
	if in == nil {
		return nil
	}
	out := make([]P, 0, len(in))
	for _, v := range in {
		out = append(out, convert(v))
	}
	return out
}

// listFromPlaid converts a list from a Plaid response. Nothing from Plaid is null, unless prior
// chose the empty list. Entries equal to prior ones are put in prior's order, so a Plaid that
// returned the same entries in another order does not show as a change.
func listFromPlaid[P any, M comparable](in []P, prior []M, convert func(P) M) []M {
	if len(in) == 0 {
		if prior != nil && len(prior) == 0 {
			return []M{}
		}
		return nil
	}
	rest := make([]M, 0, len(in))
	for _, v := range in {
		rest = append(rest, convert(v))
	}
	out := make([]M, 0, len(in))
	for _, want := range prior {
		if i := slices.Index(rest, want); i >= 0 {
			out = append(out, want)
			rest = slices.Delete(rest, i, i+1)
		}
	}
	return append(out, rest...)
}
