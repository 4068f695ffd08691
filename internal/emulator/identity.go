package emulator

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidenum"
)

// Identity of a user of the new User API (ClientUserIdentity). The element
// types serve both the requests and the stored, answered identity.

type identityName struct {
	GivenName  string `json:"given_name" plaid:"required"`
	FamilyName string `json:"family_name" plaid:"required"`
}

type identityContact struct { // an email or a phone number
	Data    string `json:"data" plaid:"required"`
	Primary bool   `json:"primary" plaid:"required"`
}

type identityAddress struct {
	Street1    *string `json:"street_1" plaid:"nullable"`
	Street2    *string `json:"street_2" plaid:"nullable"`
	City       *string `json:"city" plaid:"nullable"`
	Region     *string `json:"region" plaid:"nullable"`
	PostalCode *string `json:"postal_code" plaid:"nullable"`
	Country    string  `json:"country" plaid:"required"`
	Primary    bool    `json:"primary" plaid:"required"`
}

type identityIDNumber struct {
	Value string `json:"value" plaid:"required"`
	Type  string `json:"type" plaid:"required"`
}

// identityInput is the identity of a request. Name and date of birth tell an
// explicit null (clear) from absence (keep); lists are kept when absent or
// null and replaced otherwise, so an empty list clears.
type identityInput struct {
	Name         optional[identityName] `json:"name"`
	DateOfBirth  optional[string]       `json:"date_of_birth"`
	Emails       *[]identityContact     `json:"emails"`
	PhoneNumbers *[]identityContact     `json:"phone_numbers"`
	Addresses    *[]identityAddress     `json:"addresses"`
	IDNumbers    *[]identityIDNumber    `json:"id_numbers"`
}

// identity is a user's stored identity, in the shape /user/get answers.
type identity struct {
	Name         *identityName      `json:"name"`
	DateOfBirth  *string            `json:"date_of_birth"`
	Emails       []identityContact  `json:"emails"`
	PhoneNumbers []identityContact  `json:"phone_numbers"`
	Addresses    []identityAddress  `json:"addresses"`
	IDNumbers    []identityIDNumber `json:"id_numbers"`
}

// merge applies a validated request identity with Plaid's merge semantics:
// provided fields overwrite, omitted fields stay.
func (id *identity) merge(in *identityInput) {
	if in.Name.Set {
		id.Name = nil
		if !in.Name.Null {
			name := in.Name.Value
			id.Name = &name
		}
	}
	if in.DateOfBirth.Set {
		id.DateOfBirth = nil
		if !in.DateOfBirth.Null {
			dob := in.DateOfBirth.Value
			id.DateOfBirth = &dob
		}
	}
	replaceList(&id.Emails, in.Emails)
	replaceList(&id.PhoneNumbers, in.PhoneNumbers)
	replaceList(&id.Addresses, in.Addresses)
	replaceList(&id.IDNumbers, in.IDNumbers)
}

func replaceList[T any](dst *[]T, src *[]T) {
	if src != nil {
		*dst = slices.Clone(*src)
	}
}

// answered is the identity as /user/get answers it. The spec types emails, phone_numbers,
// addresses and id_numbers as arrays, not nullable, so a list the user lacks is [], never null.
func (id identity) answered() *identity {
	id.Emails, id.PhoneNumbers = orEmpty(id.Emails), orEmpty(id.PhoneNumbers)
	id.Addresses, id.IDNumbers = orEmpty(id.Addresses), orEmpty(id.IDNumbers)
	return &id
}

// orEmpty returns s, or an empty slice for nil: the spec's arrays are never null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// empty reports whether the identity holds nothing, which /user/get answers
// as a null identity.
func (id *identity) empty() bool {
	return id.Name == nil && id.DateOfBirth == nil && len(id.Emails) == 0 &&
		len(id.PhoneNumbers) == 0 && len(id.Addresses) == 0 && len(id.IDNumbers) == 0
}

// normalizeIdentity validates a request identity as Plaid does (answering
// INVALID_USER_IDENTITY_DATA, or INVALID_FIELD for a value outside an enum)
// and normalizes it in place: phone numbers to E.164, countries to upper case.
// Messages name the offending field, never its value.
func normalizeIdentity(in *identityInput) *plaidError {
	if in.Name.present() {
		if blank(in.Name.Value.GivenName) || blank(in.Name.Value.FamilyName) {
			return errIdentity("identity.name.given_name and identity.name.family_name must not be empty")
		}
	}
	if in.DateOfBirth.present() && !validDateOfBirth(in.DateOfBirth.Value) {
		return errIdentity("identity.date_of_birth must be a past date in the format yyyy-mm-dd")
	}
	for i, e := range deref(in.Emails) {
		if !validEmail(e.Data) {
			return errIdentity("identity.emails[%d].data is not a valid email address", i)
		}
	}
	phones := deref(in.PhoneNumbers)
	for i := range phones {
		e164, ok := normalizePhone(phones[i].Data)
		if !ok {
			return errIdentity("identity.phone_numbers[%d].data is not a valid phone number", i)
		}
		phones[i].Data = e164
	}
	addresses := deref(in.Addresses)
	for i := range addresses {
		country, ok := normalizeCountry(addresses[i].Country)
		if !ok {
			return errIdentity("identity.addresses[%d].country must be an ISO 3166-1 alpha-2 country code", i)
		}
		addresses[i].Country = country
	}
	for i, n := range deref(in.IDNumbers) {
		if err := validateIDNumber(i, n); err != nil {
			return err
		}
	}
	return nil
}

func deref[T any](p *[]T) []T {
	if p == nil {
		return nil
	}
	return *p
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// validDateOfBirth accepts a real calendar date (no 2001-02-30) not in the future.
func validDateOfBirth(s string) bool {
	d, err := time.Parse(time.DateOnly, s)
	return err == nil && !d.After(time.Now())
}

// validEmail accepts a bare address whose domain has a dot.
func validEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(strings.Trim(domain, "."), ".")
}

// normalizePhone parses a phone number the way Plaid documents ("E.164; other
// formats parsed on a best-effort basis") and accepts only numbers in a real
// numbering plan range, answering the E.164 form.
func normalizePhone(s string) (string, bool) {
	n, err := phonenumbers.Parse(s, "US")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}

// normalizeCountry accepts a country code of plaidenum.Countries (ISO 3166-1 alpha-2) in any case.
func normalizeCountry(s string) (string, bool) {
	code := strings.ToUpper(s)
	return code, plaidenum.IsCountry(code)
}

var (
	alphanumeric = regexp.MustCompile(`^[A-Za-z0-9]+$`)
	// Plaid's input validation rules fix the digits of the US numbers.
	idNumberFormats = map[string]*regexp.Regexp{
		"us_ssn":        regexp.MustCompile(`^[0-9]{9}$`),
		"us_ssn_last_4": regexp.MustCompile(`^[0-9]{4}$`),
	}
)

func validateIDNumber(i int, n identityIDNumber) *plaidError {
	if !plaidenum.IsIDNumberType(n.Type) {
		return errInvalidField("identity.id_numbers[%d].type must be one of: %s", i, strings.Join(plaidenum.IDNumberTypes(), ", "))
	}
	if !alphanumeric.MatchString(n.Value) {
		return errIdentity("identity.id_numbers[%d].value must be alphanumeric, with formatting characters stripped", i)
	}
	if re, ok := idNumberFormats[n.Type]; ok && !re.MatchString(n.Value) {
		return errIdentity("identity.id_numbers[%d].value is not a valid %s", i, n.Type)
	}
	return nil
}

// Legacy identity (consumer_report_user_identity), kept as sent.

type legacyAddress struct {
	Street     string           `json:"street" plaid:"required"`
	City       optional[string] `json:"city" plaid:"required"`
	Region     optional[string] `json:"region" plaid:"required"`
	PostalCode optional[string] `json:"postal_code" plaid:"required"`
	Country    optional[string] `json:"country" plaid:"required"`
}

type legacyIdentity struct {
	FirstName      string           `json:"first_name" plaid:"required"`
	LastName       string           `json:"last_name" plaid:"required"`
	PhoneNumbers   []string         `json:"phone_numbers" plaid:"required"`
	Emails         []string         `json:"emails" plaid:"required"`
	SSNFull        *string          `json:"ssn_full" plaid:"nullable"`
	SSNLast4       *string          `json:"ssn_last_4" plaid:"nullable,min=4,max=4"`
	DateOfBirth    optional[string] `json:"date_of_birth" plaid:"required"`
	PrimaryAddress legacyAddress    `json:"primary_address" plaid:"required"`
}

var (
	ssnFull  = regexp.MustCompile(`^[0-9]{3}-[0-9]{2}-[0-9]{4}$`)
	ssnLast4 = regexp.MustCompile(`^[0-9]{4}$`)
)

// normalizeLegacyIdentity validates a consumer_report_user_identity like
// normalizeIdentity does for the new identity.
func normalizeLegacyIdentity(in *legacyIdentity) *plaidError {
	const prefix = "consumer_report_user_identity."
	if blank(in.FirstName) || blank(in.LastName) || blank(in.PrimaryAddress.Street) {
		return errIdentity(prefix + "first_name, last_name and primary_address.street must not be empty")
	}
	if in.DateOfBirth.present() && !validDateOfBirth(in.DateOfBirth.Value) {
		return errIdentity(prefix + "date_of_birth must be a past date in the format yyyy-mm-dd")
	}
	for i, e := range in.Emails {
		if !validEmail(e) {
			return errIdentity(prefix+"emails[%d] is not a valid email address", i)
		}
	}
	for i := range in.PhoneNumbers {
		e164, ok := normalizePhone(in.PhoneNumbers[i])
		if !ok {
			return errIdentity(prefix+"phone_numbers[%d] is not a valid phone number", i)
		}
		in.PhoneNumbers[i] = e164
	}
	if in.SSNFull != nil && !ssnFull.MatchString(*in.SSNFull) {
		return errIdentity(prefix + "ssn_full must have the format ddd-dd-dddd")
	}
	if in.SSNLast4 != nil && !ssnLast4.MatchString(*in.SSNLast4) {
		return errIdentity(prefix + "ssn_last_4 must be 4 digits")
	}
	if c := in.PrimaryAddress.Country; c.present() {
		country, ok := normalizeCountry(c.Value)
		if !ok {
			return errIdentity(prefix + "primary_address.country must be an ISO 3166-1 alpha-2 country code")
		}
		in.PrimaryAddress.Country.Value = country
	}
	return nil
}

// looksLikePII recognizes what Plaid forbids in a client_user_id: an email
// address, a phone number or a Social Security number.
func looksLikePII(s string) bool {
	if strings.Contains(s, "@") && validEmail(strings.TrimSpace(s)) {
		return true
	}
	if strings.HasPrefix(strings.TrimSpace(s), "+") {
		if _, ok := normalizePhone(s); ok {
			return true
		}
	}
	return ssnFull.MatchString(strings.TrimSpace(s))
}
