package resources_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

// omitted leaves client_user_id out of a configuration.
const omitted = "omitted"

// invalidUsers are plaid_user configurations that must fail at plan time, before any request
// reaches Plaid. clientUserID is an HCL expression ("" gives a valid one), identity the body of
// the identity object ("" leaves identity out), extra more of the resource's body; error must
// match the diagnostic, which names the attribute.
var invalidUsers = []struct {
	name, clientUserID, identity, extra, error string
}{
	{name: "empty client_user_id", clientUserID: `""`,
		error: `Attribute client_user_id string length must be between 1 and 128`},
	{name: "client_user_id too long", clientUserID: `"` + strings.Repeat("x", 129) + `"`,
		error: `Attribute client_user_id string length must be between 1 and 128`},
	{name: "client_user_id missing", clientUserID: omitted,
		error: `The argument "client_user_id" is required`},
	{name: "email not an address", identity: `emails = [{ data = "alice.example.com" }]`,
		error: `Attribute identity\.emails\[0\]\.data must be a plain email address`},
	{name: "email with display name", identity: `emails = [{ data = "Alice <alice@example.com>" }]`,
		error: `Attribute identity\.emails\[0\]\.data must be a plain email address`},
	{name: "phone with spaces", identity: `phone_numbers = [{ data = "+1 415 555 0123" }]`,
		error: `Attribute identity\.phone_numbers\[0\]\.data must be a phone number in E\.164`},
	{name: "phone without country code", identity: `phone_numbers = [{ data = "4155550123" }]`,
		error: `Attribute identity\.phone_numbers\[0\]\.data must be a phone number in E\.164`},
	{name: "phone in an unassigned range", identity: `phone_numbers = [{ data = "+15555550123" }]`,
		error: `Attribute identity\.phone_numbers\[0\]\.data is not a valid phone number`},
	{name: "date_of_birth not a real date", identity: `date_of_birth = "1990-02-30"`,
		error: `Attribute identity\.date_of_birth must be a real date`},
	{name: "date_of_birth in another format", identity: `date_of_birth = "04/12/1990"`,
		error: `Attribute identity\.date_of_birth must be a real date`},
	{name: "date_of_birth in the future", identity: `date_of_birth = "2999-01-01"`,
		error: `Attribute identity\.date_of_birth must not be in the future`},
	{name: "country of three letters", identity: `addresses = [{ country = "USA" }]`,
		error: `Attribute identity\.addresses\[0\]\.country must be an ISO 3166-1 alpha-2`},
	{name: "country in lower case", identity: `addresses = [{ country = "us" }]`,
		error: `Attribute identity\.addresses\[0\]\.country must be an ISO 3166-1 alpha-2`},
	{name: "country not assigned", identity: `addresses = [{ country = "XX" }]`,
		error: `Attribute identity\.addresses\[0\]\.country must be an ISO 3166-1 alpha-2`},
	{name: "address without country", identity: `addresses = [{ city = "Paris" }]`,
		error: `Inappropriate value for attribute "identity"(.|\n)*attribute "country" is required`},
	{name: "blank street", identity: `addresses = [{ street_1 = " ", country = "US" }]`,
		error: `Attribute identity\.addresses\[0\]\.street_1 must not be empty or blank`},
	{name: "padded city", identity: `addresses = [{ city = " Paris", country = "FR" }]`,
		error: `Attribute identity\.addresses\[0\]\.city must not begin or end with white space`},
	{name: "unknown id_numbers type", identity: `id_numbers = [{ value = "X1234567", type = "passport" }]`,
		error: `Attribute identity\.id_numbers\[0\]\.type value must be one of`},
	{name: "formatted SSN", identity: `id_numbers = [{ value = "412-34-5678", type = "us_ssn" }]`,
		error: `Attribute identity\.id_numbers\[0\]\.value must contain only letters and digits`},
	{name: "SSN of 8 digits", identity: `id_numbers = [{ value = "41234567", type = "us_ssn" }]`,
		error: `Attribute identity\.id_numbers\[0\]\.value must be exactly 9 digits`},
	{name: "SSN last 4 of 5 digits", identity: `id_numbers = [{ value = "12345", type = "us_ssn_last_4" }]`,
		error: `Attribute identity\.id_numbers\[0\]\.value must be exactly 4 digits`},
	{name: "two primary emails", identity: `emails = [{ data = "a@example.com", primary = true }, { data = "b@example.com", primary = true }]`,
		error: `Attribute identity\.emails may have at most one primary entry`},
	{name: "two primary phone numbers", identity: `phone_numbers = [{ data = "+14155550123", primary = true }, { data = "+442071838750", primary = true }]`,
		error: `Attribute identity\.phone_numbers may have at most one primary entry`},
	{name: "two primary addresses", identity: `addresses = [{ country = "US", primary = true }, { country = "GB", primary = true }]`,
		error: `Attribute identity\.addresses may have at most one primary entry`},
	{name: "repeated email", identity: `emails = [{ data = "a@example.com" }, { data = "a@example.com" }]`,
		error: `Attribute identity\.emails\[1\]\.data repeats identity\.emails\[0\]\.data`},
	{name: "name without family_name", identity: `name = { given_name = "Alice" }`,
		error: `Inappropriate value for attribute "identity"(.|\n)*attribute "family_name" is required`},
	{name: "empty given_name", identity: `name = { given_name = "", family_name = "Liddell" }`,
		error: `Attribute identity\.name\.given_name must not be empty or blank`},
	{name: "emails not a list", identity: `emails = "alice@example.com"`,
		error: `Inappropriate value for attribute "identity"(.|\n)*attribute "emails": list of object required`},
	{name: "empty postal_code", identity: `addresses = [{ postal_code = "", country = "US" }]`,
		error: `Attribute identity\.addresses\[0\]\.postal_code must not be empty or blank`},
	// The framework's timeouts validator names the attribute only through the configuration
	// line that Terraform quotes.
	{name: "timeouts not a duration", extra: `timeouts { create = "soon" }`,
		error: `Invalid Attribute Value Time Duration(.|\n)*timeouts \{ create = "soon" \}`},

	// Issue 16: what used to reach apply or Plaid.
	{name: "client_user_id an email address", clientUserID: `"alice@example.com"`,
		error: `Attribute client_user_id looks like an email address(.|\n)*forbids personal data`},
	{name: "client_user_id a phone number", clientUserID: `"+14155550123"`,
		error: `Attribute client_user_id looks like a phone number`},
	{name: "client_user_id an SSN", clientUserID: `"412-34-5678"`,
		error: `Attribute client_user_id looks like a Social Security number`},
	{name: "client_user_id padded", clientUserID: `" qa-alice "`,
		error: `Attribute client_user_id must not begin or end with white space`},
	{name: "given_name of 10,000 characters", identity: `name = { given_name = "` + strings.Repeat("a", 10000) + `", family_name = "L" }`,
		error: `Attribute identity\.name\.given_name must be at most 100 characters long`},
	{name: "street of 10,000 characters", identity: `addresses = [{ street_1 = "` + strings.Repeat("a", 10000) + `", country = "FR" }]`,
		error: `Attribute identity\.addresses\[0\]\.street_1 must be at most 150 characters long`},
	{name: "ID value of 10,000 characters", identity: `id_numbers = [{ value = "` + strings.Repeat("A", 10000) + `", type = "mx_curp" }]`,
		error: `Attribute identity\.id_numbers\[0\]\.value must be at most 32 characters long`},
	{name: "NUL in a name", identity: `name = { given_name = "Al\u0000ice", family_name = "L" }`,
		error: `Attribute identity\.name\.given_name must not contain control characters`},
	{name: "BEL in a name", identity: `name = { given_name = "Alice", family_name = "Lid\u0007dell" }`,
		error: `Attribute identity\.name\.family_name must not contain control characters`},
	{name: "born in 1800", identity: `date_of_birth = "1800-01-01"`,
		error: `Attribute identity\.date_of_birth must not be before 1900-01-01`},
	{name: "born in year 1", identity: `date_of_birth = "0001-01-01"`,
		error: `Attribute identity\.date_of_birth must not be before 1900-01-01`},
	{name: "US region not a state", identity: `addresses = [{ region = "California", postal_code = "94103", country = "US" }]`,
		error: `Attribute identity\.addresses\[0\]\.region must be the two-letter code of a US state`},
	{name: "US postal code not a ZIP", identity: `addresses = [{ region = "CA", postal_code = "SW1A 1AA", country = "US" }]`,
		error: `Attribute identity\.addresses\[0\]\.postal_code must be a ZIP code`},
	{name: "timeouts create of 0s", extra: `timeouts { create = "0s" }`,
		error: `Attribute timeouts\.create must be a positive duration`},
	{name: "timeouts delete negative", extra: `timeouts { delete = "-1m" }`,
		error: `Attribute timeouts\.delete must be a positive duration`},
	{name: "id_numbers entry without a value at create", identity: `id_numbers = [{ type = "us_ssn" }]`,
		error: `Attribute identity\.id_numbers\[0\] gives neither value nor value_wo`},
	{name: "value and value_wo together", identity: `id_numbers = [{ type = "us_ssn", value = "412345678", value_wo = "412345678", value_wo_version = 1 }]`,
		error: `Attribute "identity\.id_numbers\[0\]\.value_wo" cannot be specified when "identity\.id_numbers\[0\]\.value" is specified`},
}

func TestAccUser_invalidConfigurationsFailAtPlan(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	t.Run("cases", func(t *testing.T) {
		for _, tc := range invalidUsers {
			t.Run(tc.name, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      plaid.ProviderBlock() + invalidUserConfig(tc.clientUserID, tc.identity, tc.extra),
						PlanOnly:    true,
						ExpectError: acctest.ExpectError(tc.error),
					}},
				})
			})
		}
	})
	// The parallel cases above have all finished once t.Run returns.
	plaid.ExpectNoPlaidRequests(t)
}

// TestAccUser_validInputsStillPlan: the controls of the cases above. Names in any script, the
// longest values allowed, a region and postal code of another country's form, a US territory,
// and a ZIP+4 all plan, and no Plaid request is sent.
func TestAccUser_validInputsStillPlan(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: plaid.ProviderBlock() + invalidUserConfig(`"qa-valid-controls"`, `name = { given_name = "李小龍", family_name = "`+
				strings.Repeat("Ø", 100)+`" }
    date_of_birth = "1900-01-01"
    emails        = [{ data = "zoë@example.com", primary = true }]
    addresses = [
      { street_1 = "1 Rue de Rivoli", region = "Île-de-France", postal_code = "75001", country = "FR" },
      { region = "PR", postal_code = "00901-1234", country = "US", primary = true },
    ]
    id_numbers = [{ value = "`+strings.Repeat("A", 18)+`", type = "mx_curp" }]`, `timeouts { create = "1m" }`),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	plaid.ExpectNoPlaidRequests(t)
}

func invalidUserConfig(clientUserID, identity, extra string) string {
	var b strings.Builder
	b.WriteString("resource \"plaid_user\" \"test\" {\n")
	switch clientUserID {
	case omitted:
	case "":
		b.WriteString("  client_user_id = \"qa-valid\"\n")
	default:
		fmt.Fprintf(&b, "  client_user_id = %s\n", clientUserID)
	}
	if identity != "" {
		fmt.Fprintf(&b, "  identity = {\n    %s\n  }\n", identity)
	}
	if extra != "" {
		fmt.Fprintf(&b, "  %s\n", extra)
	}
	b.WriteString("}\n")
	return b.String()
}
