package identity_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/identity"
)

// benchModel is a full identity: every attribute set, two entries in each list.
func benchModel() *identity.Model {
	s := types.StringValue
	yes, no := types.BoolValue(true), types.BoolValue(false)
	return &identity.Model{
		Name:        &identity.NameModel{GivenName: s("Ada"), FamilyName: s("Lovelace")},
		DateOfBirth: s("1990-05-17"),
		Emails: []identity.ContactModel{
			{Data: s("ada@example.com"), Primary: yes},
			{Data: s("ada.work@example.com"), Primary: no},
		},
		PhoneNumbers: []identity.ContactModel{
			{Data: s("+14155552671"), Primary: yes},
			{Data: s("+14155552672"), Primary: no},
		},
		Addresses: []identity.AddressModel{
			{Street1: s("1 Market St"), Street2: s("Apt 2"), City: s("San Francisco"), Region: s("CA"),
				PostalCode: s("94105"), Country: s("US"), Primary: yes},
			{Street1: s("2 Broadway"), Street2: types.StringNull(), City: s("New York"), Region: s("NY"),
				PostalCode: s("10004"), Country: s("US"), Primary: no},
		},
		IDNumbers: []identity.IDNumberModel{
			{Value: s("123456789"), Type: s("us_ssn")},
			{Value: s("6789"), Type: s("us_ssn_last_4")},
		},
	}
}

func BenchmarkToPlaid(b *testing.B) {
	m := benchModel()
	b.ReportAllocs()
	for b.Loop() {
		if identity.ToPlaid(m) == nil {
			b.Fatal("ToPlaid returned nil for a full identity")
		}
	}
}

// BenchmarkFromPlaid maps Plaid's answer back with the plan as prior, as
// Create, Read and Update do.
func BenchmarkFromPlaid(b *testing.B) {
	m := benchModel()
	p := identity.ToPlaid(m)
	b.ReportAllocs()
	for b.Loop() {
		if got := identity.FromPlaid(p, m); len(got.Emails) != 2 {
			b.Fatalf("FromPlaid kept %d emails, want 2", len(got.Emails))
		}
	}
}

// BenchmarkFromPlaidImport maps with no prior, as an import does.
func BenchmarkFromPlaidImport(b *testing.B) {
	p := identity.ToPlaid(benchModel())
	b.ReportAllocs()
	for b.Loop() {
		if got := identity.FromPlaid(p, nil); got == nil || len(got.Addresses) != 2 {
			b.Fatal("FromPlaid lost the addresses")
		}
	}
}
