package emulator

import (
	"strings"
	"testing"
)

func TestDecodeRequestNamesEveryOffendingField(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		code    string
		message []string // parts the error message must hold
	}{
		{"all unknown fields, nested ones by path", `{"client_user_id":"a","zeta":1,"alpha":2,"identity":{"name":{"given_name":"a","family_name":"b","middle":"c"}}}`,
			codeUnknownFields, []string{"alpha, identity.name.middle, zeta"}},
		{"all missing fields", `{"identity":{}}`, codeMissingFields, []string{"client_user_id"}},
		{"all wrong types, list items by index", `{"client_user_id":1,"with_upgraded_user":"no","identity":{"emails":[{"data":"a@example.com","primary":true},{"data":2,"primary":true}]}}`,
			codeInvalidField, []string{"client_user_id must be a string", "with_upgraded_user must be a boolean", "identity.emails[1].data must be a string"}},
		{"length", `{"client_user_id":""}`, codeInvalidField, []string{"client_user_id must be between 1 and 128 characters"}},
		{"null where not nullable", `{"client_user_id":"a","with_upgraded_user":null}`, codeInvalidField, []string{"with_upgraded_user must not be null"}},
		{"null in a list", `{"client_user_id":"a","identity":{"emails":[null]}}`, codeInvalidField, []string{"identity.emails[0] must not be null"}},
		{"identity fields missing", `{"client_user_id":"a","identity":{"addresses":[{"city":"x"}]}}`, codeInvalidIdentityData,
			[]string{"identity.addresses[0].country", "identity.addresses[0].primary"}},
		{"unknown fields come first", `{"client_user_id":1,"x":1}`, codeUnknownFields, []string{": x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req userCreateRequest
			perr := decodeRequest([]byte(tt.body), &req)
			if perr == nil || perr.ErrorCode != tt.code {
				t.Fatalf("got %v, want %s", perr, tt.code)
			}
			for _, part := range tt.message {
				if !strings.Contains(perr.ErrorMessage, part) {
					t.Errorf("message %q does not hold %q", perr.ErrorMessage, part)
				}
			}
		})
	}
}

func TestDecodeRequestKeepsNullApartFromAbsence(t *testing.T) {
	var req userUpdateRequest
	if perr := decodeRequest([]byte(`{"user_id":"usr_x","identity":{"name":null,"emails":[]}}`), &req); perr != nil {
		t.Fatal(perr)
	}
	id := req.Identity
	if !id.Name.Set || !id.Name.Null || id.DateOfBirth.Set || id.Emails == nil || len(*id.Emails) != 0 || id.PhoneNumbers != nil {
		t.Errorf("decoded %+v", id)
	}
}

func TestIdentityChecks(t *testing.T) {
	phones := []struct {
		in, e164 string // e164 empty: refused
	}{
		{"+14157452130", "+14157452130"},
		{"(415) 745-2130", "+14157452130"}, // best effort, US by default
		{"+44 7911 123456", "+447911123456"},
		{"+15551234567", ""}, // no 555 area code
		{"+1234", ""},
		{"", ""},
	}
	for _, p := range phones {
		got, ok := normalizePhone(p.in)
		if ok != (p.e164 != "") || got != p.e164 {
			t.Errorf("normalizePhone(%q) = %q, %v; want %q", p.in, got, ok, p.e164)
		}
	}
	pii := map[string]bool{
		"carmen@example.com": true, "+14157452130": true, "123-45-6789": true,
		"qa-alice": false, "user@": false, "12345": false, "123456789": false, "c0e2c4ee-b763-4af5-cfe9-46a46bce883d": false,
	}
	for s, want := range pii {
		if got := looksLikePII(s); got != want {
			t.Errorf("looksLikePII(%q) = %v, want %v", s, got, want)
		}
	}
	countries := map[string]string{"US": "US", "gb": "GB", "xk": "XK", "XX": "", "USA": "", "UK": "", "yu": "", "": ""}
	for in, want := range countries {
		if got, ok := normalizeCountry(in); ok != (want != "") || ok && got != want {
			t.Errorf("normalizeCountry(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	dates := map[string]bool{"1987-01-31": true, "2000-02-29": true, "1999-02-29": false, "1987-1-31": false, "2999-01-01": false}
	for in, want := range dates {
		if got := validDateOfBirth(in); got != want {
			t.Errorf("validDateOfBirth(%q) = %v, want %v", in, got, want)
		}
	}
}
