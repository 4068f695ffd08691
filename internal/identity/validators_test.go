package identity

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidenum"
)

// checkDiagnostics asserts that diags hold exactly one error, at wantPath, whose detail names
// that path and never repeats the value (when it is long enough to tell); or no diagnostic at
// all when wantPath is nil.
func checkDiagnostics(t *testing.T, diags diag.Diagnostics, wantPath *path.Path, value string) {
	t.Helper()
	if wantPath == nil {
		if len(diags) != 0 {
			t.Errorf("want no diagnostics, got %v", diags)
		}
		return
	}
	if len(diags) != 1 || diags.ErrorsCount() != 1 {
		t.Fatalf("want one error, got %v", diags)
	}
	d := diags[0]
	withPath, ok := d.(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(*wantPath) {
		t.Errorf("diagnostic %q is not attached to %s", d.Detail(), wantPath)
	}
	if !strings.Contains(d.Detail(), wantPath.String()) {
		t.Errorf("detail %q does not name %s", d.Detail(), wantPath)
	}
	if len(value) >= 6 && strings.Contains(d.Detail(), value) {
		t.Errorf("detail %q repeats the value %q", d.Detail(), value)
	}
}

type stringCase struct {
	value string
	ok    bool
}

func runStringValidator(t *testing.T, v validator.String, attrPath path.Path, cases []stringCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.value, func(t *testing.T) {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: attrPath, ConfigValue: types.StringValue(c.value)}, resp)
			var want *path.Path
			if !c.ok {
				want = &attrPath
			}
			checkDiagnostics(t, resp.Diagnostics, want, c.value)
		})
	}
	for name, value := range map[string]types.String{"null": types.StringNull(), "unknown": types.StringUnknown()} {
		t.Run(name, func(t *testing.T) {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: attrPath, ConfigValue: value}, resp)
			checkDiagnostics(t, resp.Diagnostics, nil, "")
		})
	}
}

var (
	emailsPath   = path.Root("identity").AtName("emails")
	phonesPath   = path.Root("identity").AtName("phone_numbers")
	addressPath  = path.Root("identity").AtName("addresses")
	idNumberPath = path.Root("identity").AtName("id_numbers")
)

func TestEmailAddress(t *testing.T) {
	runStringValidator(t, emailAddress(), emailsPath.AtListIndex(1).AtName("data"), []stringCase{
		{"alice@example.com", true},
		{"alice.j+qa@mail.example.co.uk", true},
		{"Bob <bob@example.org>", false},
		{"<bob@example.org>", false},
		{" bob@example.org", false},
		{"bob@example.org ", false},
		{"bob.example.org", false},
		{"bobby.tables@", false},
		{"bobby@localhost", false},
		{"bobby@example.", false},
		{`"alice smith"@example.com`, false},
		{"", false},
	})
}

func TestE164PhoneNumber(t *testing.T) {
	runStringValidator(t, e164PhoneNumber(), phonesPath.AtListIndex(0).AtName("data"), []stringCase{
		{"+14155550123", true},
		{"+442079460958", true},
		{"+4915123456789", true},
		{"+1 415 555 0123", false},    // valid number, not E.164 form
		{"+1-415-555-0123", false},    // same
		{"2125550199", false},         // no country code
		{"+4402079460958", false},     // trunk prefix that Plaid would drop
		{"+14155550123;ext=1", false}, // extension
		{"+15551234567", false},       // fictional area code 555
		{"+1415555012", false},        // too short
		{"+1415555012a", false},
		{"phone", false},
		{"", false},
	})
}

func TestDateOfBirth(t *testing.T) {
	now := func() time.Time { return time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC) }
	runStringValidator(t, dateOfBirth(now), path.Root("identity").AtName("date_of_birth"), []stringCase{
		{"1988-07-22", true},
		{"2000-02-29", true},  // leap day
		{"2024-03-10", true},  // born today
		{"2024-03-11", true},  // already today east of UTC+12
		{"2024-03-12", false}, // tomorrow everywhere
		{"2100-01-01", false},
		{"2001-02-29", false}, // no such day
		{"1988-13-01", false},
		{"1988-7-22", false},
		{"22/07/1988", false},
		{"1988-07-22T00:00:00Z", false},
		{"", false},
		{"1900-01-01", true},
		{"1899-12-31", false},
		{"1800-06-01", false},
		{"0001-01-01", false},
	})
}

func TestCountryCode(t *testing.T) {
	runStringValidator(t, countryCode(), addressPath.AtListIndex(0).AtName("country"), []stringCase{
		{"US", true},
		{"GB", true},
		{"DE", true},
		{"us", false},  // lower case
		{"Us", false},  // mixed case
		{"USA", false}, // alpha-3
		{"UK", false},  // reserved, GB is the code
		{"DD", false},  // withdrawn, replaced by DE
		{"EU", false},  // not a country
		{"UN", false},  // exceptionally reserved
		{"AC", false},  // exceptionally reserved, part of SH
		{"YU", false},  // deleted, no single successor
		{"XK", true},   // user-assigned, Kosovo
		{"ZZ", false},  // unknown region
		{"AA", false},  // private use
		{"419", false}, // UN M.49 area
		{"", false},
	})
}

func TestText(t *testing.T) {
	runStringValidator(t, text(10), path.Root("identity").AtName("name").AtName("given_name"), []stringCase{
		{"Alice", true},
		{"Mary Ann", true},
		{"Zoë", true},
		{"李小龍", true},          // any script
		{"Анастасия", true},    // 9 characters, 18 bytes: the limit counts characters
		{"Bartholomew", false}, // 11 characters
		{"", false},
		{"   ", false},
		{" Alice", false},
		{"Alice\n", false},
		{"Al\x00ice", false},
		{"Al\aice", false},
		{"Al\tice", false},
	})
}

func TestIDNumberValue(t *testing.T) {
	runStringValidator(t, idNumberValue(), idNumberPath.AtListIndex(2).AtName("value"), []stringCase{
		{"123456789", true},
		{"AB123456C", true},
		{"123-45-6789", false},
		{"123 45 6789", false},
		{"1234.", false},
		{"", false},
		{strings.Repeat("A", maxIDNumberLength), true},
		{strings.Repeat("A", maxIDNumberLength+1), false},
	})
}

func TestUSAddress(t *testing.T) {
	entry := addressPath.AtListIndex(0)
	tests := []struct {
		name                        string
		country, region, postalCode types.String
		want                        string // the attribute with the problem; "" for none
	}{
		{"California", str("US"), str("CA"), str("94103"), ""},
		{"ZIP+4", str("US"), str("NY"), str("10001-1234"), ""},
		{"territory", str("US"), str("PR"), str("00901"), ""},
		{"no region or postal code", str("US"), types.StringNull(), types.StringNull(), ""},
		{"region not a state", str("US"), str("California"), str("94103"), "region"},
		{"lower-case state", str("US"), str("ca"), str("94103"), "region"},
		{"postal code not a ZIP", str("US"), str("CA"), str("SW1A 1AA"), "postal_code"},
		{"ZIP too short", str("US"), str("CA"), str("9410"), "postal_code"},
		{"not the US", str("GB"), str("Greater London"), str("SW1A 1AA"), ""},
		{"unknown country", types.StringUnknown(), str("XX"), str("x"), ""},
		{"unknown region", str("US"), types.StringUnknown(), str("94103"), ""},
	}
	addressType := map[string]attr.Type{"country": types.StringType, "region": types.StringType, "postal_code": types.StringType}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &validator.ObjectResponse{}
			usAddress{}.ValidateObject(context.Background(), validator.ObjectRequest{Path: entry,
				ConfigValue: types.ObjectValueMust(addressType, map[string]attr.Value{
					"country": tt.country, "region": tt.region, "postal_code": tt.postalCode,
				})}, resp)
			var want *path.Path
			if tt.want != "" {
				p := entry.AtName(tt.want)
				want = &p
			}
			checkDiagnostics(t, resp.Diagnostics, want, "California")
		})
	}
}

func idNumberObject(typ, value types.String) types.Object {
	return types.ObjectValueMust(
		map[string]attr.Type{"type": types.StringType, "value": types.StringType},
		map[string]attr.Value{"type": typ, "value": value},
	)
}

func TestIDNumberLength(t *testing.T) {
	entry := idNumberPath.AtListIndex(1)
	valuePath := entry.AtName("value")
	tests := []struct {
		name        string
		typ, value  types.String
		wantProblem bool
	}{
		{"ssn with 9 digits", str("us_ssn"), str("123456789"), false},
		{"ssn with 8 digits", str("us_ssn"), str("12345678"), true},
		{"ssn with 10 digits", str("us_ssn"), str("1234567890"), true},
		{"ssn with a letter", str("us_ssn"), str("12345678A"), true},
		{"formatted ssn is left to idNumberValue", str("us_ssn"), str("123-45-6789"), false},
		{"last 4 with 4 digits", str("us_ssn_last_4"), str("6789"), false},
		{"last 4 with 9 digits", str("us_ssn_last_4"), str("123456789"), true},
		{"other types any length", str("mx_curp"), str("ABCD123456HDFXYZ01"), false},
		{"unknown type", types.StringUnknown(), str("12"), false},
		{"unknown value", str("us_ssn"), types.StringUnknown(), false},
		{"null value", str("us_ssn"), types.StringNull(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &validator.ObjectResponse{}
			idNumberLength{}.ValidateObject(context.Background(), validator.ObjectRequest{
				Path: entry, ConfigValue: idNumberObject(tt.typ, tt.value),
			}, resp)
			var want *path.Path
			if tt.wantProblem {
				want = &valuePath
			}
			checkDiagnostics(t, resp.Diagnostics, want, tt.value.ValueString())
		})
	}
	for typ := range idNumberDigits { // a mistyped key would never be checked
		if !plaidenum.IsIDNumberType(typ) {
			t.Errorf("idNumberDigits has %q, which is no Plaid ID number type", typ)
		}
	}
}

var contactType = map[string]attr.Type{"data": types.StringType, "primary": types.BoolType}

func contacts(entries ...[2]attr.Value) types.List {
	elems := make([]attr.Value, len(entries))
	for i, e := range entries {
		elems[i] = types.ObjectValueMust(contactType, map[string]attr.Value{"data": e[0], "primary": e[1]})
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: contactType}, elems)
}

func contact(data string, primary types.Bool) [2]attr.Value { return [2]attr.Value{str(data), primary} }

func runListValidator(t *testing.T, v validator.List, list types.List, want *path.Path) {
	t.Helper()
	resp := &validator.ListResponse{}
	v.ValidateList(context.Background(), validator.ListRequest{Path: emailsPath, ConfigValue: list}, resp)
	checkDiagnostics(t, resp.Diagnostics, want, "")
}

func TestAtMostOnePrimary(t *testing.T) {
	yes, no := types.BoolValue(true), types.BoolValue(false)
	tests := []struct {
		name string
		list types.List
		ok   bool
	}{
		{"none primary", contacts(contact("a@x.io", no), contact("b@x.io", types.BoolNull())), true},
		{"one primary", contacts(contact("a@x.io", no), contact("b@x.io", yes)), true},
		{"two primary", contacts(contact("a@x.io", yes), contact("b@x.io", no), contact("c@x.io", yes)), false},
		{"unknown flags are tolerated", contacts(contact("a@x.io", yes), contact("b@x.io", types.BoolUnknown())), true},
		{"empty list", contacts(), true},
		{"null list", types.ListNull(types.ObjectType{AttrTypes: contactType}), true},
		{"unknown list", types.ListUnknown(types.ObjectType{AttrTypes: contactType}), true},
		{"unknown entry", types.ListValueMust(types.ObjectType{AttrTypes: contactType}, []attr.Value{
			types.ObjectUnknown(contactType),
			types.ObjectValueMust(contactType, map[string]attr.Value{"data": str("a@x.io"), "primary": yes}),
		}), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want *path.Path
			if !tt.ok {
				want = &emailsPath
			}
			runListValidator(t, atMostOnePrimary{}, tt.list, want)
		})
	}

	t.Run("detail names the primary entries", func(t *testing.T) {
		resp := &validator.ListResponse{}
		atMostOnePrimary{}.ValidateList(context.Background(), validator.ListRequest{
			Path: emailsPath, ConfigValue: contacts(contact("a@x.io", yes), contact("b@x.io", no), contact("c@x.io", yes)),
		}, resp)
		detail := resp.Diagnostics[0].Detail()
		for _, p := range []string{"identity.emails[0].primary", "identity.emails[2].primary"} {
			if !strings.Contains(detail, p) {
				t.Errorf("detail %q does not name %s", detail, p)
			}
		}
	})
}

func TestUniqueData(t *testing.T) {
	no := types.BoolValue(false)
	second := emailsPath.AtListIndex(2).AtName("data")
	tests := []struct {
		name string
		list types.List
		want *path.Path
	}{
		{"all different", contacts(contact("a@x.io", no), contact("b@x.io", no)), nil},
		{"repeated", contacts(contact("a@x.io", no), contact("b@x.io", no), contact("a@x.io", no)), &second},
		{"unknown data", types.ListValueMust(types.ObjectType{AttrTypes: contactType}, []attr.Value{
			types.ObjectValueMust(contactType, map[string]attr.Value{"data": types.StringUnknown(), "primary": no}),
			types.ObjectValueMust(contactType, map[string]attr.Value{"data": types.StringUnknown(), "primary": no}),
		}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runListValidator(t, uniqueData{}, tt.list, tt.want)
		})
	}
}
