package identity

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// descriptions documents every attribute once, for both the resource and the data source. Keys
// are attribute paths below `identity`; "" is `identity` itself.
var descriptions = map[string]string{
	"": "The user's identity as Plaid stores it. Plaid normalizes identity fields before storing them " +
		"and shares one identity across its user-based products (Plaid Check, Income, Multi-Item Link, " +
		"Protect). A Plaid Check Consumer Report needs `name`, `date_of_birth`, `emails`, " +
		"`phone_numbers` and `addresses`, each list with one primary entry, and a `US` address; a " +
		"report shared with a GSE such as Fannie Mae or Freddie Mac also needs a full SSN in " +
		"`id_numbers`.",
	"name":             "The user's name.",
	"name.given_name":  fmt.Sprintf("The user's given (first) name, in any script, up to %d characters.", maxNameLength),
	"name.family_name": fmt.Sprintf("The user's family (last) name, in any script, up to %d characters.", maxNameLength),
	"date_of_birth":    "The user's date of birth, as `yyyy-mm-dd`, from " + earliestBirth + " on.",
	"emails":           "The user's email addresses, each listed once.",
	"emails.data": fmt.Sprintf("An email address, such as `alice@example.com`, without a display name, up to "+
		"%d characters.", maxEmailLength),
	"emails.primary": "Whether this is the user's primary email address. At most one entry is primary.",
	"phone_numbers": "The user's phone numbers, each listed once. Plaid checks them against real " +
		"numbering plans, even in the Sandbox, and rejects numbers that no plan assigns, such as area " +
		"code 555 (`+1 555 ...`).",
	"phone_numbers.data": "A phone number in E.164 form: a plus sign, the country code and the number, " +
		"without spaces or punctuation, such as `+14155550123`.",
	"phone_numbers.primary": "Whether this is the user's primary phone number. At most one entry is primary.",
	"addresses":             "The user's postal addresses.",
	"addresses.street_1":    fmt.Sprintf("First line of the street address, up to %d characters.", maxStreetLength),
	"addresses.street_2":    fmt.Sprintf("Second line of the street address, up to %d characters.", maxStreetLength),
	"addresses.city":        fmt.Sprintf("City, up to %d characters.", maxPlaceLength),
	"addresses.region": fmt.Sprintf("State, province or region, up to %d characters; for a `US` address the "+
		"two-letter code of a state or territory, such as `CA` or `PR`.", maxPlaceLength),
	"addresses.postal_code": fmt.Sprintf("Postal code, up to %d characters; for a `US` address a ZIP code, "+
		"`94103` or `94103-1234`.", maxPostalCodeLength),
	"addresses.country": "ISO 3166-1 alpha-2 country code in upper case, such as `US`. Plaid Check " +
		"Consumer Reports are only available for users with a `US` address.",
	"addresses.primary": "Whether this is the user's primary address. At most one entry is primary.",
	"id_numbers": "The user's identity document numbers, such as a US Social Security number. Values " +
		"are sensitive: hidden in plans and output, but kept in the Terraform state.",
	"id_numbers.value": fmt.Sprintf("The document number, letters and digits only, up to %d: Plaid strips "+
		"formatting characters such as dashes and spaces. A `us_ssn` has 9 digits, a `us_ssn_last_4` 4.", maxIDNumberLength),
	"id_numbers.type": "The kind of document, one of Plaid's ID number types: `" +
		strings.Join(idNumberTypeNames(), "`, `") + "`.",
}

// resourceNotes adds to descriptions what only the resource does: defaults, merge updates and
// replacements.
var resourceNotes = map[string]string{
	"": "Plaid merges identity updates into what it has, so the provider sends every list in the " +
		"configuration, and an empty list for one you removed. " + replaceIdentityDescription,
	"name":                  replaceNameDescription,
	"date_of_birth":         "Must be a real date, not in the future. " + replaceDateDescription,
	"emails.primary":        "Defaults to `false`.",
	"phone_numbers.primary": "Defaults to `false`.",
	"addresses.primary":     "Defaults to `false`.",
	"id_numbers": "To keep a value out of the state, give it as `value_wo` (write-only, Terraform 1.11 " +
		"or later) with `value_wo_version` instead of `value`.",
	"id_numbers.value": "Give `value` or `value_wo`, not both. An entry with neither, as an import " +
		"generates, stands for the number Plaid holds: it is never sent, and the list cannot change " +
		"while such an entry is in it.",
}

// dataSourceNotes adds to descriptions what only the data source does.
var dataSourceNotes = map[string]string{
	"id_numbers.value": "Null unless the data source sets `include_id_number_values = true`, which " +
		"stores the values in the state.",
}

func dataSourceDescription(key string) string {
	if note := dataSourceNotes[key]; note != "" {
		return descriptions[key] + " " + note
	}
	return descriptions[key]
}

func resourceDescription(key string) string {
	if note := resourceNotes[key]; note != "" {
		return descriptions[key] + " " + note
	}
	return descriptions[key]
}

// ResourceAttribute is `identity` for the plaid_user resource: optional, validated at plan
// time, and replacing the user when a field that Plaid cannot clear is removed.
func ResourceAttribute() rschema.SingleNestedAttribute {
	return withCachedTypes(rschema.SingleNestedAttribute{
		MarkdownDescription: resourceDescription(""),
		Optional:            true,
		PlanModifiers:       []planmodifier.Object{replaceWhenIdentityRemoved()},
		Attributes: map[string]rschema.Attribute{
			"name": rschema.SingleNestedAttribute{
				MarkdownDescription: resourceDescription("name"),
				Optional:            true,
				PlanModifiers:       []planmodifier.Object{replaceWhenNameRemoved()},
				Attributes: map[string]rschema.Attribute{
					"given_name":  requiredString("name.given_name", text(maxNameLength)),
					"family_name": requiredString("name.family_name", text(maxNameLength)),
				},
			},
			"date_of_birth": rschema.StringAttribute{
				MarkdownDescription: resourceDescription("date_of_birth"),
				Optional:            true,
				Validators:          []validator.String{dateOfBirth(time.Now)},
				PlanModifiers:       []planmodifier.String{replaceWhenDateOfBirthRemoved()},
			},
			"emails":        resourceContactList("emails", emailAddress()),
			"phone_numbers": resourceContactList("phone_numbers", e164PhoneNumber()),
			"addresses": resourceList("addresses", []validator.List{atMostOnePrimary{}}, rschema.NestedAttributeObject{
				Attributes: map[string]rschema.Attribute{
					"street_1":    optionalString("addresses.street_1", text(maxStreetLength)),
					"street_2":    optionalString("addresses.street_2", text(maxStreetLength)),
					"city":        optionalString("addresses.city", text(maxPlaceLength)),
					"region":      optionalString("addresses.region", text(maxPlaceLength)),
					"postal_code": optionalString("addresses.postal_code", text(maxPostalCodeLength)),
					"country":     requiredString("addresses.country", countryCode()),
					"primary":     primaryFlag("addresses.primary"),
				},
				Validators: []validator.Object{usAddress{}},
			}),
			"id_numbers": resourceList("id_numbers", nil, rschema.NestedAttributeObject{
				Attributes: map[string]rschema.Attribute{
					"value": rschema.StringAttribute{
						MarkdownDescription: resourceDescription("id_numbers.value"),
						Optional:            true,
						Sensitive:           true,
						Validators:          []validator.String{idNumberValue(), stringvalidator.ConflictsWith(sibling("value_wo"))},
					},
					"value_wo": rschema.StringAttribute{
						MarkdownDescription: writeOnlyDescriptions["id_numbers.value_wo"],
						Optional:            true,
						Sensitive:           true,
						WriteOnly:           true,
						Validators:          []validator.String{idNumberValue(), stringvalidator.AlsoRequires(sibling("value_wo_version"))},
					},
					"value_wo_version": rschema.Int64Attribute{
						MarkdownDescription: writeOnlyDescriptions["id_numbers.value_wo_version"],
						Optional:            true,
						Validators:          []validator.Int64{int64validator.AlsoRequires(sibling("value_wo"))},
					},
					"type": requiredString("id_numbers.type", stringvalidator.OneOf(idNumberTypeNames()...)),
				},
				Validators: []validator.Object{idNumberLength{}},
			}),
		},
	})
}

// sibling is another attribute of the same list entry, for the validators that join them.
func sibling(name string) path.Expression {
	return path.MatchRelative().AtParent().AtName(name)
}

func resourceContactList(key string, dataValidator validator.String) rschema.ListNestedAttribute {
	return resourceList(key, []validator.List{atMostOnePrimary{}, uniqueData{}}, rschema.NestedAttributeObject{
		Attributes: map[string]rschema.Attribute{
			"data":    requiredString(key+".data", dataValidator),
			"primary": primaryFlag(key + ".primary"),
		},
	})
}

func resourceList(key string, validators []validator.List, entry rschema.NestedAttributeObject) rschema.ListNestedAttribute {
	return rschema.ListNestedAttribute{
		MarkdownDescription: resourceDescription(key),
		Optional:            true,
		Validators:          validators,
		NestedObject:        entry,
	}
}

func requiredString(key string, validators ...validator.String) rschema.StringAttribute {
	return rschema.StringAttribute{MarkdownDescription: resourceDescription(key), Required: true, Validators: validators}
}

func optionalString(key string, validators ...validator.String) rschema.StringAttribute {
	return rschema.StringAttribute{MarkdownDescription: resourceDescription(key), Optional: true, Validators: validators}
}

// primaryFlag defaults to false so that a configuration only says primary = true where it
// matters, while Plaid, which requires the flag, always gets one.
func primaryFlag(key string) rschema.BoolAttribute {
	return rschema.BoolAttribute{
		MarkdownDescription: resourceDescription(key),
		Optional:            true,
		Computed:            true,
		Default:             booldefault.StaticBool(false),
	}
}

// DataSourceAttribute is `identity` for the plaid_user data source: the same shape and
// descriptions as the resource's, all computed. Its values come from FromPlaid(p, nil).
func DataSourceAttribute() dschema.SingleNestedAttribute {
	contact := func(key string) dschema.ListNestedAttribute {
		return dataSourceList(key, map[string]dschema.Attribute{
			"data":    dataSourceString(key + ".data"),
			"primary": dschema.BoolAttribute{MarkdownDescription: descriptions[key+".primary"], Computed: true},
		})
	}
	return dschema.SingleNestedAttribute{
		MarkdownDescription: descriptions[""],
		Computed:            true,
		Attributes: map[string]dschema.Attribute{
			"name": dschema.SingleNestedAttribute{
				MarkdownDescription: descriptions["name"],
				Computed:            true,
				Attributes: map[string]dschema.Attribute{
					"given_name":  dataSourceString("name.given_name"),
					"family_name": dataSourceString("name.family_name"),
				},
			},
			"date_of_birth": dataSourceString("date_of_birth"),
			"emails":        contact("emails"),
			"phone_numbers": contact("phone_numbers"),
			"addresses": dataSourceList("addresses", map[string]dschema.Attribute{
				"street_1":    dataSourceString("addresses.street_1"),
				"street_2":    dataSourceString("addresses.street_2"),
				"city":        dataSourceString("addresses.city"),
				"region":      dataSourceString("addresses.region"),
				"postal_code": dataSourceString("addresses.postal_code"),
				"country":     dataSourceString("addresses.country"),
				"primary":     dschema.BoolAttribute{MarkdownDescription: descriptions["addresses.primary"], Computed: true},
			}),
			"id_numbers": dataSourceList("id_numbers", map[string]dschema.Attribute{
				"value": dschema.StringAttribute{
					MarkdownDescription: dataSourceDescription("id_numbers.value"),
					Computed:            true,
					Sensitive:           true,
				},
				"type": dataSourceString("id_numbers.type"),
			}),
		},
	}
}

func dataSourceList(key string, attributes map[string]dschema.Attribute) dschema.ListNestedAttribute {
	return dschema.ListNestedAttribute{
		MarkdownDescription: descriptions[key],
		Computed:            true,
		NestedObject:        dschema.NestedAttributeObject{Attributes: attributes},
	}
}

func dataSourceString(key string) dschema.StringAttribute {
	return dschema.StringAttribute{MarkdownDescription: descriptions[key], Computed: true}
}
