package main

import (
	"fmt"
	"strings"
)

// identity is a small, realistic identity: one of each contact detail. Version
// 2 changes the email, so that applying it updates every user in place.
func identity(version int) string {
	email := "user${count.index}@example.com"
	if version > 1 {
		email = "user${count.index}.v2@example.com"
	}
	return fmt.Sprintf(`{
    name          = { given_name = "Ada", family_name = "Lovelace" }
    date_of_birth = "1990-05-17"
    emails        = [{ data = %q, primary = true }]
    phone_numbers = [{ data = "+14155552671", primary = true }]
    addresses = [{
      street_1    = "1 Market St"
      city        = "San Francisco"
      region      = "CA"
      postal_code = "94105"
      country     = "US"
      primary     = true
    }]
  }`, email)
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
	return providerHeader(emu) + fmt.Sprintf(`
resource "plaid_user" "bench" {
  count          = %d
  client_user_id = "%s-${count.index}"
  identity = %s
}

output "user_ids" {
  value = plaid_user.bench[*].user_id
}
`, n, prefix, identity(version))
}

// dataConfig declares n terraform_data resources holding the same values, to
// measure what Terraform itself costs for n resources.
func dataConfig(n, version int) string {
	return fmt.Sprintf(`resource "terraform_data" "bench" {
  count = %d
  input = {
    client_user_id = "bench-${count.index}"
    identity = %s
  }
}
`, n, identity(version))
}

// importBlocks imports plaid_user.bench[i] from ids[i].
func importBlocks(ids []string) string {
	var b strings.Builder
	for i, id := range ids {
		fmt.Fprintf(&b, "\nimport {\n  to = plaid_user.bench[%d]\n  id = %q\n}\n", i, id)
	}
	return b.String()
}
