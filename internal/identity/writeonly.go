package identity

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// Write-only ID numbers. An id_numbers entry may give its value as `value_wo`, a write-only
// argument (Terraform 1.11 and later): Terraform passes it to the provider from the
// configuration but never stores it in a plan or the state. `value_wo_version` is an ordinary
// argument that the practitioner changes to send the value again, since Terraform cannot diff
// what it does not store. The framework allows write-only attributes inside a list nested
// attribute as long as nothing around them is computed, which holds for `identity`.
//
// Consequences for the mapping:
//   - requests must take the value from the configuration (WithWriteOnlyValues);
//   - reads must not put the value Plaid returns for such an entry into state
//     (idNumbersFromPlaid), or the secret would land there after all, and every plan would show
//     a change. A change of the value made outside Terraform cannot be seen; an entry removed
//     outside Terraform can, and the next apply sends it again.

// writeOnlyDescriptions documents the resource-only attributes of an id_numbers entry.
var writeOnlyDescriptions = map[string]string{
	"id_numbers.value_wo": "The document number, as `value`, but write-only: Terraform sends it to Plaid " +
		"and never stores it in the plan or the state. Requires Terraform 1.11 or later, and " +
		"`value_wo_version`. Changing only this value is invisible to Terraform: change " +
		"`value_wo_version` to send it again. Exactly one of `value` and `value_wo` is required.",
	"id_numbers.value_wo_version": "A number of your choice that goes with `value_wo`: change it (for " +
		"example from `1` to `2`) to send `value_wo` to Plaid again. Required with `value_wo`.",
}

// writeOnly reports whether an entry's value is given as value_wo: in a plan or the state, the
// entries whose value is null.
func (n IDNumberModel) writeOnly() bool { return n.Value.IsNull() }

// WithWriteOnlyValues returns a copy of plan whose ID numbers carry the write-only values of
// config, the same configuration as it reached the provider (a plan holds them as null). Entries
// line up by index: nothing in id_numbers is computed, so a plan lists them as configured. The
// copy is for building requests only; plan itself, which goes to state, keeps them null.
func WithWriteOnlyValues(plan, config *Model) *Model {
	if plan == nil || config == nil || len(plan.IDNumbers) != len(config.IDNumbers) {
		return plan
	}
	out := *plan
	out.IDNumbers = make([]IDNumberModel, len(plan.IDNumbers))
	for i, n := range plan.IDNumbers {
		n.ValueWO = config.IDNumbers[i].ValueWO
		out.IDNumbers[i] = n
	}
	return &out
}

// idNumbersFromPlaid converts the ID numbers of /user/get as listFromPlaid does, except that an
// entry written with value_wo comes back as prior has it, without its value. Plaid's entries are
// matched to prior's exactly first; each write-only prior entry then takes the first remaining
// Plaid entry of its type.
func idNumbersFromPlaid(in []plaidclient.IDNumber, prior []IDNumberModel) []IDNumberModel {
	converted := make([]IDNumberModel, len(in))
	matched := make([]bool, len(in))
	for i, n := range in {
		converted[i] = IDNumberModel{Value: types.StringValue(n.Value), Type: types.StringValue(n.Type)}
		for _, p := range prior {
			if !p.writeOnly() && p == converted[i] {
				matched[i] = true
			}
		}
	}
	for _, p := range prior {
		if !p.writeOnly() {
			continue
		}
		for i := range converted {
			if !matched[i] && converted[i].Type.Equal(p.Type) {
				converted[i], matched[i] = IDNumberModel{ValueWOVersion: p.ValueWOVersion, Type: p.Type}, true
				break
			}
		}
	}
	return listFromPlaid(converted, prior, func(n IDNumberModel) IDNumberModel { return n })
}

// DataSourceModel is `identity` in the plaid_user data source: Model without the write-only
// arguments, which only a resource has.
type DataSourceModel struct {
	Name         *NameModel           `tfsdk:"name"`
	DateOfBirth  types.String         `tfsdk:"date_of_birth"`
	Emails       []ContactModel       `tfsdk:"emails"`
	PhoneNumbers []ContactModel       `tfsdk:"phone_numbers"`
	Addresses    []AddressModel       `tfsdk:"addresses"`
	IDNumbers    []DataSourceIDNumber `tfsdk:"id_numbers"`
}

// DataSourceIDNumber is one entry of the data source's `identity.id_numbers`.
type DataSourceIDNumber struct {
	Value types.String `tfsdk:"value"`
	Type  types.String `tfsdk:"type"`
}

// DataSourceFromPlaid is FromPlaid for the data source: Plaid's identity as is, nil when Plaid
// holds none. ID number values are left null unless withIDNumberValues: the data source keeps
// them out of the state unless its configuration asks for them.
func DataSourceFromPlaid(p *plaidclient.Identity, withIDNumberValues bool) *DataSourceModel {
	m := FromPlaid(p, nil)
	if m == nil {
		return nil
	}
	out := &DataSourceModel{Name: m.Name, DateOfBirth: m.DateOfBirth, Emails: m.Emails,
		PhoneNumbers: m.PhoneNumbers, Addresses: m.Addresses}
	if m.IDNumbers != nil {
		out.IDNumbers = make([]DataSourceIDNumber, len(m.IDNumbers))
		for i, n := range m.IDNumbers {
			out.IDNumbers[i] = DataSourceIDNumber{Value: types.StringNull(), Type: n.Type}
			if withIDNumberValues {
				out.IDNumbers[i].Value = n.Value
			}
		}
	}
	return out
}

// WithoutUnmanagedIDNumberValues drops the value of every ID number read from Plaid that prior
// (the plan or the state) does not hold as that very value: a number added outside Terraform,
// or every number of an import (prior nil), is recorded by its type only, so that no document
// number reaches the state unless the configuration gives it as `value`. Such an entry still
// shows in the plan as a difference from the configuration.
func WithoutUnmanagedIDNumberValues(m, prior *Model) *Model {
	if m == nil || m.IDNumbers == nil {
		return m
	}
	var held []IDNumberModel
	if prior != nil {
		held = prior.IDNumbers
	}
	out := *m
	out.IDNumbers = make([]IDNumberModel, len(m.IDNumbers))
	for i, n := range m.IDNumbers {
		out.IDNumbers[i] = n
		if n.Value.IsNull() || slices.ContainsFunc(held, func(p IDNumberModel) bool { return p.Value.Equal(n.Value) && p.Type.Equal(n.Type) }) {
			continue
		}
		out.IDNumbers[i] = IDNumberModel{Type: n.Type, Value: types.StringNull(), ValueWO: types.StringNull(),
			ValueWOVersion: types.Int64Null()}
	}
	return &out
}

// IDNumbersWithoutValue lists the indexes of the configured id_numbers entries that give
// neither value nor value_wo (configured holds the write-only values: see WithWriteOnlyValues).
func IDNumbersWithoutValue(configured *Model) []int {
	if configured == nil {
		return nil
	}
	var indexes []int
	for i, n := range configured.IDNumbers {
		if n.Value.IsNull() && n.ValueWO.IsNull() {
			indexes = append(indexes, i)
		}
	}
	return indexes
}
