package resources

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/nyaruka/phonenumbers"
)

var (
	emailLike = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	// phoneLike keeps letters out: phonenumbers would read "1-800-FLOWERS" as a number.
	phoneLike = regexp.MustCompile(`^\+?[0-9 ().-]+$`)
)

// notContactDetails warns (it cannot be sure) when a value looks like an email address or a
// phone number: Plaid forbids personal data in IDs such as client_user_id.
type notContactDetails struct{}

func (notContactDetails) Description(context.Context) string {
	return "should not be personal data such as an email address or a phone number"
}

func (v notContactDetails) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v notContactDetails) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	var kind string
	switch {
	case emailLike.MatchString(value):
		kind = "an email address"
	case looksLikePhoneNumber(value):
		kind = "a phone number"
	default:
		return
	}
	resp.Diagnostics.AddAttributeWarning(req.Path, "Possible personal data in "+req.Path.String(),
		fmt.Sprintf("%s looks like %s. Plaid forbids personal data here; use an opaque ID of your own, "+
			"such as a UUID or \"qa-persona-001\".", req.Path, kind))
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
