package resources

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/nyaruka/phonenumbers"
)

var (
	emailLike = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	// phoneLike keeps letters out: phonenumbers would read "1-800-FLOWERS" as a number.
	phoneLike = regexp.MustCompile(`^\+?[0-9 ().-]+$`)
)

// ssnLike is a US Social Security number as people write it, ddd-dd-dddd.
var ssnLike = regexp.MustCompile(`^[0-9]{3}-[0-9]{2}-[0-9]{4}$`)

// notPersonalData refuses, at plan time, a client_user_id that is an email address, a phone
// number written as one (+14155550123, (415) 555-0123) or an SSN (ddd-dd-dddd), or that begins
// or ends with white space: Plaid forbids personal data in client_user_id, and padding would be a
// different ID. A value of digits alone that could be a phone number only warns: it may as well
// be a database key. Its messages never repeat the value, which may be personal data.
type notPersonalData struct{}

func (notPersonalData) Description(context.Context) string {
	return "must not be personal data (an email address, a phone number, an SSN) nor begin or end with white space"
}

func (v notPersonalData) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v notPersonalData) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	var problem string
	switch {
	case strings.TrimSpace(value) != value:
		problem = "must not begin or end with white space"
	case emailLike.MatchString(value):
		problem = "looks like an email address"
	case ssnLike.MatchString(value):
		problem = "looks like a Social Security number"
	case looksLikePhoneNumber(value) && strings.Trim(value, "0123456789") == "":
		// Digits alone may as well be a database key: say so, but let it through.
		resp.Diagnostics.AddAttributeWarning(req.Path, "Possible personal data in "+req.Path.String(),
			fmt.Sprintf("Attribute %s could be a phone number. Plaid forbids personal data here; if it is one, use "+
				"an opaque ID of your own instead, such as a UUID or \"qa-persona-001\".", req.Path))
		return
	case looksLikePhoneNumber(value):
		problem = "looks like a phone number"
	default:
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
		fmt.Sprintf("Attribute %s %s. Plaid forbids personal data here and refuses such a value; use an "+
			"opaque ID of your own, such as a UUID or \"qa-persona-001\".", req.Path, problem))
}

// looksLikePhoneNumber reports whether s is made of phone-number characters only and is a valid
// number, either in E.164 form or as a US national number.
func looksLikePhoneNumber(s string) bool {
	if !phoneLike.MatchString(s) {
		return false
	}
	number, err := phonenumbers.Parse(s, "US")
	return err == nil && phonenumbers.IsValidNumber(number)
}
