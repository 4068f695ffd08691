package identity

import (
	"context"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/nyaruka/phonenumbers"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidenum"
)

// The identity validators catch at plan time what Plaid would reject at apply time, and what it
// would silently rewrite into a different value that then shows as a change on every plan.
// Their diagnostics never repeat the offending value: identity values are personal data.

// stringCheck is a string validator for a rule that no library validator expresses without
// echoing the value. problem returns "" for a good value, or what is wrong with it.
type stringCheck struct {
	description string
	problem     func(string) string
}

func (c stringCheck) Description(context.Context) string { return "value must be " + c.description }

func (c stringCheck) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := c.problem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("Attribute %s %s.", req.Path, problem))
	}
}

// Length limits of the identity's text fields, in characters. Plaid's documentation gives none
// for the identity; these are generous for any real name or address, finite, and stated on each
// attribute.
const (
	maxNameLength       = 100 // a given or family name
	maxStreetLength     = 150 // a street line
	maxPlaceLength      = 100 // a city, a region
	maxPostalCodeLength = 20
	maxEmailLength      = 254 // the longest address SMTP can carry (RFC 5321's path limit)
	maxIDNumberLength   = 32  // the longest national ID format Plaid lists is 20 characters
)

// text accepts text of at most maxLength characters, in any script, that is not empty, does not
// begin or end with white space, and holds no control character (a NUL, a bell, a line break).
// Plaid normalizes identity fields before storing them, so padding would come back trimmed and
// show as a change on every plan.
func text(maxLength int) validator.String {
	return stringCheck{
		description: fmt.Sprintf("non-empty text of at most %d characters, without leading or trailing white "+
			"space or control characters", maxLength),
		problem: func(s string) string {
			switch {
			case strings.TrimSpace(s) == "":
				return "must not be empty or blank"
			case strings.TrimSpace(s) != s:
				return "must not begin or end with white space: Plaid would store it trimmed, " +
					"and every plan would show a change"
			case strings.IndexFunc(s, unicode.IsControl) >= 0:
				return "must not contain control characters such as line breaks, tabs or NUL"
			case utf8.RuneCountInString(s) > maxLength:
				return fmt.Sprintf("must be at most %d characters long", maxLength)
			}
			return ""
		},
	}
}

// emailAddress accepts a bare address such as alice@example.com, which is what Plaid stores,
// at a domain with a dot: an address such as alice@localhost reaches no one outside, and we
// take it for one of the bad emails that Plaid answers with INVALID_USER_IDENTITY_DATA.
func emailAddress() validator.String {
	return stringCheck{
		description: "a plain email address such as alice@example.com",
		problem: func(s string) string {
			if utf8.RuneCountInString(s) > maxEmailLength {
				return fmt.Sprintf("must be at most %d characters long", maxEmailLength)
			}
			addr, err := mail.ParseAddress(s)
			_, domain, _ := strings.Cut(s, "@")
			if err != nil || addr.Name != "" || addr.Address != s || !strings.Contains(strings.Trim(domain, "."), ".") {
				return "must be a plain email address at a domain name, such as alice@example.com, " +
					"without a display name, angle brackets, quotes or surrounding spaces"
			}
			return ""
		},
	}
}

// e164PhoneNumber accepts a number that a real numbering plan assigns, written exactly as E.164
// prints it. Plaid rejects unassigned ranges even in the Sandbox, and rewrites other notations
// into E.164, which would show as a change on every plan.
func e164PhoneNumber() validator.String {
	return stringCheck{
		description: "a phone number in E.164 form such as +14155550123",
		problem: func(s string) string {
			const form = "must be a phone number in E.164 form: a plus sign, the country code and the " +
				"number, without spaces or punctuation, such as +14155550123"
			num, err := phonenumbers.Parse(s, "")
			if err != nil {
				return form
			}
			if phonenumbers.Format(num, phonenumbers.E164) != s {
				return form + " (Plaid would store it rewritten, and every plan would show a change)"
			}
			if !phonenumbers.IsValidNumber(num) {
				return "is not a valid phone number: no numbering plan assigns it, and Plaid rejects " +
					"such numbers even in the Sandbox (fictional numbers such as +1 555 ... fail)"
			}
			return ""
		},
	}
}

// earliestBirth is the earliest date of birth accepted: nobody alive was born before it.
const earliestBirth = "1900-01-01"

// dateOfBirth accepts a real calendar date, yyyy-mm-dd, from earliestBirth up to today anywhere
// on Earth. now is the clock, a parameter so that tests can fix it.
func dateOfBirth(now func() time.Time) validator.String {
	return stringCheck{
		description: "a date of birth in the form yyyy-mm-dd, from " + earliestBirth + " to today",
		problem: func(s string) string {
			born, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return "must be a real date in the form yyyy-mm-dd, such as 1990-04-30"
			}
			if born.Format(time.DateOnly) < earliestBirth {
				return "must not be before " + earliestBirth
			}
			// UTC+14 is the earliest time zone to reach a new day.
			today := now().UTC().Add(14 * time.Hour).Format(time.DateOnly)
			if born.Format(time.DateOnly) > today {
				return "must not be in the future"
			}
			return ""
		},
	}
}

// countryCode accepts an ISO 3166-1 alpha-2 code in upper case: one of plaidenum.Countries, the
// codes assigned today. Deprecated codes that have a replacement (UK for GB, DD for DE), deleted
// ones (YU) and reserved codes (UN, EU-style EZ, EA, IC) are refused.
func countryCode() validator.String {
	return stringCheck{
		description: "an ISO 3166-1 alpha-2 country code in upper case, such as US",
		problem: func(s string) string {
			if !plaidenum.IsCountry(s) {
				return "must be an ISO 3166-1 alpha-2 country code in upper case, such as US or GB"
			}
			return ""
		},
	}
}

var alphanumeric = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// idNumberValue accepts letters and digits only: Plaid strips formatting characters, so
// 123-45-6789 would be stored as 123456789 and show as a change on every plan.
func idNumberValue() validator.String {
	return stringCheck{
		description: fmt.Sprintf("letters and digits only, at most %d", maxIDNumberLength),
		problem: func(s string) string {
			if len(s) > maxIDNumberLength && alphanumeric.MatchString(s) {
				return fmt.Sprintf("must be at most %d characters long", maxIDNumberLength)
			}
			if !alphanumeric.MatchString(s) {
				return "must contain only letters and digits: Plaid strips formatting characters " +
					"such as dashes and spaces, so a formatted value would differ from what Plaid " +
					"stores and every plan would show a change"
			}
			return ""
		},
	}
}

// idNumberTypeNames lists Plaid's ID number types, sorted, for stringvalidator.OneOf and the docs.
var idNumberTypeNames = plaidenum.IDNumberTypes

// idNumberDigits is the exact number of digits that Plaid's input rules require of the ID
// number types whose length we know for certain.
var idNumberDigits = map[string]int{
	"us_ssn":        9,
	"us_ssn_last_4": 4,
}

// idNumberLength checks an id_numbers entry's value against the length its type requires. It
// is an object validator because the rule joins two attributes of the same entry.
type idNumberLength struct{}

func (idNumberLength) Description(context.Context) string {
	return "a us_ssn value has exactly 9 digits and a us_ssn_last_4 value exactly 4"
}

func (idNumberLength) MarkdownDescription(context.Context) string {
	return "a `us_ssn` value has exactly 9 digits and a `us_ssn_last_4` value exactly 4"
}

func (idNumberLength) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	valueName := "value"
	if v, ok := req.ConfigValue.Attributes()[valueName]; ok && v.IsNull() {
		valueName = "value_wo" // the resource's write-only alternative
	}
	typ, typeOK := knownString(req.ConfigValue.Attributes()["type"])
	value, valueOK := knownString(req.ConfigValue.Attributes()[valueName])
	if !typeOK || !valueOK {
		return
	}
	digits, ok := idNumberDigits[typ]
	// A formatted value gets idNumberValue's error alone, which says how to fix it.
	if !ok || !alphanumeric.MatchString(value) || (len(value) == digits && strings.Trim(value, "0123456789") == "") {
		return
	}
	valuePath := req.Path.AtName(valueName)
	resp.Diagnostics.AddAttributeError(valuePath, "Invalid Attribute Value",
		fmt.Sprintf("Attribute %s must be exactly %d digits for type %s.", valuePath, digits, typ))
}

// atMostOnePrimary allows at most one entry of a list of objects to have primary = true.
// Unknown and null flags count as not primary; the check repeats once they are known.
type atMostOnePrimary struct{}

func (atMostOnePrimary) Description(context.Context) string {
	return "at most one entry may have primary = true"
}

func (atMostOnePrimary) MarkdownDescription(context.Context) string {
	return "at most one entry may have `primary = true`"
}

func (atMostOnePrimary) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	var primaries []string
	for i, elem := range req.ConfigValue.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		if flag, ok := obj.Attributes()["primary"].(types.Bool); ok && flag.ValueBool() {
			primaries = append(primaries, req.Path.AtListIndex(i).AtName("primary").String())
		}
	}
	if len(primaries) > 1 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("Attribute %s may have at most one primary entry, but %s are all true.",
				req.Path, strings.Join(primaries, ", ")))
	}
}

// uniqueData refuses two entries of a contact list with the same data: Plaid keeps one
// identity per user, and a repeated address or number says nothing but invites a diff.
type uniqueData struct{}

func (uniqueData) Description(context.Context) string { return "no two entries may have the same data" }

func (uniqueData) MarkdownDescription(context.Context) string {
	return "no two entries may have the same `data`"
}

func (uniqueData) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	first := map[string]path.Path{}
	for i, elem := range req.ConfigValue.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		data, ok := knownString(obj.Attributes()["data"])
		if !ok {
			continue
		}
		here := req.Path.AtListIndex(i).AtName("data")
		if earlier, seen := first[data]; seen {
			resp.Diagnostics.AddAttributeError(here, "Invalid Attribute Value",
				fmt.Sprintf("Attribute %s repeats %s; each entry must be different.", here, earlier))
			continue
		}
		first[data] = here
	}
}

// knownString returns the value of a known, non-null string attribute.
func knownString(v attr.Value) (string, bool) {
	s, ok := v.(types.String)
	if !ok || s.IsNull() || s.IsUnknown() {
		return "", false
	}
	return s.ValueString(), true
}

// usRegions are the two-letter USPS codes of the states, the District of Columbia, the
// territories and the armed forces' regions: what a US address's region may be.
var usRegions = map[string]bool{}

func init() {
	for _, code := range strings.Fields(`AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS
		MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI UM
		AA AE AP`) {
		usRegions[code] = true
	}
}

var zipCode = regexp.MustCompile(`^[0-9]{5}(-[0-9]{4})?$`)

// usAddress checks the region and postal code of an address whose country is US: a state or
// territory code and a ZIP code (12345 or 12345-6789). Addresses elsewhere are left as they are.
// It serves the identity's addresses and the legacy primary_address, which name them alike.
type usAddress struct{}

func (usAddress) Description(context.Context) string {
	return "a US address has a state or territory code as region and a ZIP code as postal_code"
}

func (v usAddress) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (usAddress) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attributes := req.ConfigValue.Attributes()
	if country, ok := knownString(attributes["country"]); !ok || country != "US" {
		return
	}
	if region, ok := knownString(attributes["region"]); ok && !usRegions[region] {
		where := req.Path.AtName("region")
		resp.Diagnostics.AddAttributeError(where, "Invalid Attribute Value", fmt.Sprintf("Attribute %s must be "+
			"the two-letter code of a US state or territory in upper case, such as CA or PR, since country is US.", where))
	}
	if postal, ok := knownString(attributes["postal_code"]); ok && !zipCode.MatchString(postal) {
		where := req.Path.AtName("postal_code")
		resp.Diagnostics.AddAttributeError(where, "Invalid Attribute Value", fmt.Sprintf("Attribute %s must be "+
			"a ZIP code, 5 digits or ZIP+4 such as 94103 or 94103-1234, since country is US.", where))
	}
}
