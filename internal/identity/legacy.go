package identity

import (
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// The legacy identity, `consumer_report_user_identity`, is what integrations that predate
// Plaid's new user APIs (December 2025) send for users identified by a `user_token`. Plaid
// never returns it: no call reads a user_token user back, so it has no FromPlaid and state
// keeps what the configuration says.

// LegacyModel is `consumer_report_user_identity`.
type LegacyModel struct {
	FirstName      types.String        `tfsdk:"first_name"`
	LastName       types.String        `tfsdk:"last_name"`
	PhoneNumbers   []types.String      `tfsdk:"phone_numbers"`
	Emails         []types.String      `tfsdk:"emails"`
	DateOfBirth    types.String        `tfsdk:"date_of_birth"`
	PrimaryAddress *LegacyAddressModel `tfsdk:"primary_address"`
	SSNFull        types.String        `tfsdk:"ssn_full"`
	SSNLast4       types.String        `tfsdk:"ssn_last_4"`
	// The write-only forms (see writeonly.go): null in plans and state, read from the
	// configuration by LegacyWithWriteOnlyValues.
	SSNFullWO         types.String `tfsdk:"ssn_full_wo"`
	SSNFullWOVersion  types.Int64  `tfsdk:"ssn_full_wo_version"`
	SSNLast4WO        types.String `tfsdk:"ssn_last_4_wo"`
	SSNLast4WOVersion types.Int64  `tfsdk:"ssn_last_4_wo_version"`
}

// LegacyAddressModel is `consumer_report_user_identity.primary_address`.
type LegacyAddressModel struct {
	Street     types.String `tfsdk:"street"`
	City       types.String `tfsdk:"city"`
	Region     types.String `tfsdk:"region"`
	PostalCode types.String `tfsdk:"postal_code"`
	Country    types.String `tfsdk:"country"`
}

// LegacyToPlaid builds consumer_report_user_identity for /user/create and /user/update, which
// take it whole. A nil model gives nil.
func LegacyToPlaid(m *LegacyModel) *plaidclient.LegacyIdentity {
	if m == nil {
		return nil
	}
	id := &plaidclient.LegacyIdentity{
		FirstName: m.FirstName.ValueString(), LastName: m.LastName.ValueString(),
		PhoneNumbers: valueStrings(m.PhoneNumbers), Emails: valueStrings(m.Emails),
		DateOfBirth: optional(m.DateOfBirth), SSNFull: optional(ValueOrWriteOnly(m.SSNFull, m.SSNFullWO)),
		SSNLast4: optional(ValueOrWriteOnly(m.SSNLast4, m.SSNLast4WO)),
	}
	if a := m.PrimaryAddress; a != nil {
		id.PrimaryAddress = &plaidclient.LegacyAddress{Street: a.Street.ValueString(), City: optional(a.City),
			Region: optional(a.Region), PostalCode: optional(a.PostalCode), Country: optional(a.Country)}
	}
	return id
}

// valueStrings converts a list for a required array: never nil, so it is sent as [] at least.
func valueStrings(in []types.String) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		out = append(out, v.ValueString())
	}
	return out
}

var legacyDescriptions = map[string]string{
	"": "The identity of a legacy user: integrations created before December 10, 2025, whose " +
		"`/user/create` returns a `user_token`, send this object instead of `identity` (the two " +
		"conflict). A Plaid Check Consumer Report for such a user needs it. Plaid never returns it, " +
		"so Terraform cannot see changes made to it outside Terraform; the state keeps what the " +
		"configuration says. Changes are sent whole with `/user/update`; removing it replaces the user, " +
		"since Plaid cannot clear it.",
	"first_name":    "The user's first name.",
	"last_name":     "The user's last name.",
	"phone_numbers": "The user's phone numbers, in E.164 form such as `+14155550123`.",
	"emails":        "The user's email addresses, such as `alice@example.com`.",
	"date_of_birth": "The user's date of birth, as `yyyy-mm-dd`; required by Plaid Check.",
	"primary_address": "The user's primary address. Plaid Check Consumer Reports are only " +
		"available for users with a `US` address.",
	"primary_address.street":      "The full street address, such as `2140 Folsom St, Apt 3`.",
	"primary_address.city":        "City.",
	"primary_address.region":      "State or region, such as `CA`.",
	"primary_address.postal_code": "Postal or ZIP code.",
	"primary_address.country":     "ISO 3166-1 alpha-2 country code in upper case, such as `US`.",
	"ssn_full": "The full US Social Security number, formatted `ddd-dd-dddd`. Provide it only to share " +
		"the Consumer Report with a Government-Sponsored Enterprise such as Fannie Mae or Freddie Mac. " +
		"Sensitive: hidden in plans, but kept in the Terraform state: prefer `ssn_full_wo`.",
	"ssn_last_4": "The last 4 digits of the US Social Security number. Sensitive: hidden in plans, but " +
		"kept in the Terraform state: prefer `ssn_last_4_wo`.",
	"ssn_full_wo": "`ssn_full`, write-only: Terraform sends it to Plaid and never stores it in the plan or " +
		"the state. Requires Terraform 1.11 or later, and `ssn_full_wo_version`; conflicts with `ssn_full`.",
	"ssn_full_wo_version": "A number of your choice that goes with `ssn_full_wo`: change it to send " +
		"`ssn_full_wo` to Plaid again.",
	"ssn_last_4_wo": "`ssn_last_4`, write-only: Terraform sends it to Plaid and never stores it in the plan " +
		"or the state. Requires Terraform 1.11 or later, and `ssn_last_4_wo_version`; conflicts with `ssn_last_4`.",
	"ssn_last_4_wo_version": "A number of your choice that goes with `ssn_last_4_wo`: change it to send " +
		"`ssn_last_4_wo` to Plaid again.",
}

// ValueOrWriteOnly is value, or its write-only alternative when value is null: what a request to
// Plaid sends for an argument that has both forms.
func ValueOrWriteOnly(value, writeOnly types.String) types.String {
	if value.IsNull() {
		return writeOnly
	}
	return value
}

// LegacyWithWriteOnlyValues returns the planned legacy identity with the write-only SSNs of the
// configuration, which a plan holds as null, for a request to Plaid.
func LegacyWithWriteOnlyValues(plan, config *LegacyModel) *LegacyModel {
	if plan == nil || config == nil {
		return plan
	}
	out := *plan
	out.SSNFullWO, out.SSNLast4WO = config.SSNFullWO, config.SSNLast4WO
	return &out
}

// LegacyResourceAttribute is `consumer_report_user_identity` for the plaid_user resource, at the
// root of its schema next to `identity`, with which it conflicts.
func LegacyResourceAttribute() rschema.SingleNestedAttribute {
	required := func(key string, validators ...validator.String) rschema.StringAttribute {
		return rschema.StringAttribute{MarkdownDescription: legacyDescriptions[key], Required: true, Validators: validators}
	}
	requiredList := func(key string, each validator.String) rschema.ListAttribute {
		return rschema.ListAttribute{
			MarkdownDescription: legacyDescriptions[key],
			Required:            true,
			ElementType:         types.StringType,
			Validators:          []validator.List{listvalidator.UniqueValues(), listvalidator.ValueStringsAre(each)},
		}
	}
	ssn := func(key string, validators ...validator.String) rschema.StringAttribute {
		return rschema.StringAttribute{
			MarkdownDescription: legacyDescriptions[key],
			Optional:            true,
			Sensitive:           true,
			Validators:          validators,
		}
	}
	writeOnlySSN := func(key string, format validator.String) rschema.StringAttribute {
		return rschema.StringAttribute{
			MarkdownDescription: legacyDescriptions[key],
			Optional:            true,
			Sensitive:           true,
			WriteOnly:           true,
			Validators:          []validator.String{format, stringvalidator.AlsoRequires(sibling(key + "_version"))},
		}
	}
	writeOnlyVersion := func(key, of string) rschema.Int64Attribute {
		return rschema.Int64Attribute{
			MarkdownDescription: legacyDescriptions[key],
			Optional:            true,
			Validators:          []validator.Int64{int64validator.AlsoRequires(sibling(of))},
		}
	}
	return withCachedTypes(rschema.SingleNestedAttribute{
		MarkdownDescription: legacyDescriptions[""],
		Optional:            true,
		Validators:          []validator.Object{objectvalidator.ConflictsWith(path.MatchRoot("identity"))},
		PlanModifiers:       []planmodifier.Object{replaceWhenLegacyIdentityRemoved()},
		Attributes: map[string]rschema.Attribute{
			"first_name":    required("first_name", text(maxNameLength)),
			"last_name":     required("last_name", text(maxNameLength)),
			"phone_numbers": requiredList("phone_numbers", e164PhoneNumber()),
			"emails":        requiredList("emails", emailAddress()),
			"date_of_birth": required("date_of_birth", dateOfBirth(time.Now)),
			"primary_address": rschema.SingleNestedAttribute{
				MarkdownDescription: legacyDescriptions["primary_address"],
				Required:            true,
				Attributes: map[string]rschema.Attribute{
					"street":      required("primary_address.street", text(maxStreetLength)),
					"city":        required("primary_address.city", text(maxPlaceLength)),
					"region":      required("primary_address.region", text(maxPlaceLength)),
					"postal_code": required("primary_address.postal_code", text(maxPostalCodeLength)),
					"country":     required("primary_address.country", countryCode()),
				},
				Validators: []validator.Object{usAddress{}},
			},
			"ssn_full":              ssn("ssn_full", fullSSN, conflictsWithSibling("ssn_full_wo")),
			"ssn_full_wo":           writeOnlySSN("ssn_full_wo", fullSSN),
			"ssn_full_wo_version":   writeOnlyVersion("ssn_full_wo_version", "ssn_full_wo"),
			"ssn_last_4":            ssn("ssn_last_4", last4SSN, conflictsWithSibling("ssn_last_4_wo")),
			"ssn_last_4_wo":         writeOnlySSN("ssn_last_4_wo", last4SSN),
			"ssn_last_4_wo_version": writeOnlyVersion("ssn_last_4_wo_version", "ssn_last_4_wo"),
		},
	})
}

var (
	ssnFullFormat  = regexp.MustCompile(`^[0-9]{3}-[0-9]{2}-[0-9]{4}$`)
	ssnLast4Format = regexp.MustCompile(`^[0-9]{4}$`)
	fullSSN        = matching(ssnFullFormat, "a full SSN formatted ddd-dd-dddd")
	last4SSN       = matching(ssnLast4Format, "exactly 4 digits")
)

// conflictsWithSibling refuses a value next to its write-only alternative.
func conflictsWithSibling(name string) validator.String {
	return stringvalidator.ConflictsWith(sibling(name))
}

// matching accepts values of a format; its error, like every identity error, never repeats the
// value.
func matching(format *regexp.Regexp, description string) validator.String {
	return stringCheck{
		description: description,
		problem: func(s string) string {
			if !format.MatchString(s) {
				return "must be " + description
			}
			return ""
		},
	}
}

const replaceLegacyDescription = "Plaid cannot clear a user's `consumer_report_user_identity`, so " +
	"removing it replaces the user."

// replaceWhenLegacyIdentityRemoved forces replacement when `consumer_report_user_identity` goes
// from set to null: an update could not clear it in Plaid.
func replaceWhenLegacyIdentityRemoved() planmodifier.Object {
	return replaceObjectWhenRemoved(replaceLegacyDescription)
}
