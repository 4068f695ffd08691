package main

import (
	"fmt"
	"strings"
)

// persona holds the values of a small, realistic identity: one of each
// contact detail. Version 2 changes the email, so that applying it updates
// every user in place.
type persona struct {
	GivenName, FamilyName, DateOfBirth, Email, Phone string
	Street, City, Region, PostalCode, Country        string
}

func benchPersona(version int) persona {
	p := persona{
		GivenName: "Ada", FamilyName: "Lovelace", DateOfBirth: "1990-05-17",
		Email: "user${count.index}@example.com", Phone: "+14155552671",
		Street: "1 Market St", City: "San Francisco", Region: "CA", PostalCode: "94105", Country: "US",
	}
	if version > 1 {
		p.Email = "user${count.index}.v2@example.com"
	}
	return p
}

// identity is the persona as plaid_user's identity attribute.
func (p persona) identity() string {
	return fmt.Sprintf(`{
    name          = { given_name = %q, family_name = %q }
    date_of_birth = %q
    emails        = [{ data = %q, primary = true }]
    phone_numbers = [{ data = %q, primary = true }]
    addresses = [{
      street_1    = %q
      city        = %q
      region      = %q
      postal_code = %q
      country     = %q
      primary     = true
    }]
  }`, p.GivenName, p.FamilyName, p.DateOfBirth, p.Email, p.Phone, p.Street, p.City, p.Region, p.PostalCode, p.Country)
}

// flat is the persona as an object of strings. terraform_data stores its
// input with its type, so a nested value would weigh several times what a
// plaid_user does in state and make the floor slower than Terraform is.
func (p persona) flat(clientUserID string) string {
	return fmt.Sprintf(`{
    client_user_id = %q
    given_name = %q, family_name = %q, date_of_birth = %q, email = %q, phone = %q
    street_1 = %q, city = %q, region = %q, postal_code = %q, country = %q
  }`, clientUserID, p.GivenName, p.FamilyName, p.DateOfBirth, p.Email, p.Phone, p.Street, p.City, p.Region, p.PostalCode, p.Country)
}

// providerHeader requires the plaid provider and, given an emulator,
// configures it to talk to that emulator.
func providerHeader(emu *emulator) string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    plaid = { source = "tfplaid/plaid" }
  }
}
`)
	if emu != nil {
		fmt.Fprintf(&b, "\nprovider \"plaid\" {\n  client_id = %q\n  secret    = %q\n  base_url  = %q\n", benchClientID, benchSecret, emu.URL)
		if emu.CAFile != "" {
			fmt.Fprintf(&b, "  ca_file   = %q\n", emu.CAFile)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// plaidConfig declares n plaid_user resources named prefix-0 .. prefix-(n-1).
func plaidConfig(n, version int, emu *emulator, prefix string) string {
	return usersConfig(n, emu, prefix, "identity       = "+benchPersona(version).identity())
}

// bareConfig declares n plaid_user resources with no identity: the control
// that shows what the plugin protocol and the framework cost without nested values.
func bareConfig(n int, emu *emulator, prefix string) string {
	return usersConfig(n, emu, prefix, "")
}

func usersConfig(n int, emu *emulator, prefix, identity string) string {
	return providerHeader(emu) + fmt.Sprintf(`
resource "plaid_user" "bench" {
  count          = %d
  client_user_id = "%s-${count.index}"
  %s
}

output "user_ids" {
  value = plaid_user.bench[*].user_id
}
`, n, prefix, identity)
}

// dataConfig declares n terraform_data resources holding the same values, to
// measure what Terraform itself costs for n resources.
func dataConfig(n, version int) string {
	return fmt.Sprintf(`resource "terraform_data" "bench" {
  count = %d
  input = %s
}
`, n, benchPersona(version).flat("bench-${count.index}"))
}

// importBlocks imports plaid_user.bench[i] from ids[i].
func importBlocks(ids []string) string {
	var b strings.Builder
	for i, id := range ids {
		fmt.Fprintf(&b, "\nimport {\n  to = plaid_user.bench[%d]\n  id = %q\n}\n", i, id)
	}
	return b.String()
}
