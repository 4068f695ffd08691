package plaidclient

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/plaid/plaid-go/v43/plaid"
)

// These tests cover the converters together with plaid-go's JSON: how it reads Plaid's null,
// absent and empty fields, and what it puts on the wire for the gateway's types. The provider's
// own tests (identity, datasources, resources) start from the gateway's types.

// fromWire decodes body the way plaid-go decodes Plaid's answers.
func fromWire[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	return v
}

// wireJSON is v as plaid-go marshals it, with keys in a canonical order; give a
// json.RawMessage to put an expected body in the same form.
func wireJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(canonicalize(t, raw))
}

func canonicalize(t *testing.T, raw []byte) []byte {
	t.Helper()
	var decoded any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatalf("unmarshal %s: %v", raw, err)
	}
	out, err := json.Marshal(decoded)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return out
}

func assertWire(t *testing.T, what string, got any, want string) {
	t.Helper()
	if g, w := wireJSON(t, got), wireJSON(t, json.RawMessage(want)); g != w {
		t.Errorf("%s sends\n%s\nwant\n%s", what, g, w)
	}
}

func TestItemFromPlaidReadsEveryField(t *testing.T) {
	item := fromWire[plaid.Item](t, `{
		"item_id": "item_1", "institution_id": "ins_109508", "institution_name": "First Platypus Bank",
		"webhook": "https://example.com/hook", "auth_method": "INSTANT_AUTH",
		"error": {"error_type": "ITEM_ERROR", "error_code": "ITEM_LOGIN_REQUIRED",
			"error_message": "the login details of this item have changed", "display_message": "Please log in again."},
		"available_products": ["balance", "identity"], "billed_products": ["auth", "transactions"],
		"products": ["auth", "transactions"], "consented_products": ["auth"],
		"consent_expiration_time": "2030-01-02T03:04:05+02:00", "update_type": "background"}`)

	want := Item{
		ItemID: "item_1", InstitutionID: ptr("ins_109508"), InstitutionName: ptr("First Platypus Bank"),
		Webhook: ptr("https://example.com/hook"), AuthMethod: ptr("INSTANT_AUTH"),
		AvailableProducts: []string{"balance", "identity"}, BilledProducts: []string{"auth", "transactions"},
		Products: []string{"auth", "transactions"}, ConsentedProducts: []string{"auth"},
		ConsentExpirationTime: ptr(time.Date(2030, 1, 2, 1, 4, 5, 0, time.UTC)),
		UpdateType:            "background",
		Error: &ItemError{ErrorType: "ITEM_ERROR", ErrorCode: "ITEM_LOGIN_REQUIRED",
			ErrorMessage: "the login details of this item have changed", DisplayMessage: ptr("Please log in again.")},
	}
	if diff := cmp.Diff(want, itemFromPlaid(item)); diff != "" {
		t.Errorf("itemFromPlaid (-want +got):\n%s", diff)
	}
}

// TestItemFromPlaidKeepsNullAbsentAndEmptyApart: a null or absent value is nil, an empty list
// stays an empty list and an empty string an empty string. The data source shows null and
// empty lists apart, and plaid_sandbox_item reads a webhook "" as none.
func TestItemFromPlaidKeepsNullAbsentAndEmptyApart(t *testing.T) {
	tests := []struct {
		name, body string
		want       Item
	}{
		{
			"null and absent",
			`{"item_id": "item_2", "institution_id": null, "webhook": null, "auth_method": null,
			  "error": {"error_type": "ITEM_ERROR", "error_code": "ITEM_LOCKED", "error_message": "locked", "display_message": null},
			  "available_products": [], "billed_products": [], "consent_expiration_time": null,
			  "update_type": "user_present_required"}`,
			Item{ItemID: "item_2", AvailableProducts: []string{}, BilledProducts: []string{},
				UpdateType: "user_present_required",
				Error:      &ItemError{ErrorType: "ITEM_ERROR", ErrorCode: "ITEM_LOCKED", ErrorMessage: "locked"}},
		},
		{
			"empty",
			`{"item_id": "item_3", "institution_id": "", "webhook": "", "error": null,
			  "available_products": [], "billed_products": ["transactions"], "products": [], "consented_products": null,
			  "update_type": "background"}`,
			Item{ItemID: "item_3", InstitutionID: ptr(""), Webhook: ptr(""), AvailableProducts: []string{},
				BilledProducts: []string{"transactions"}, Products: []string{}, UpdateType: "background"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, itemFromPlaid(fromWire[plaid.Item](t, tt.body))); diff != "" {
				t.Errorf("itemFromPlaid (-want +got):\n%s", diff)
			}
		})
	}
}

// fullIdentityJSON is fullIdentity on the wire.
const fullIdentityJSON = `{
	"name": {"given_name": "Alice", "family_name": "Johnson"},
	"date_of_birth": "1988-07-22",
	"emails": [{"data": "alice@example.com", "primary": true}, {"data": "alice@work.example", "primary": false}],
	"phone_numbers": [{"data": "+14155550123", "primary": true}],
	"addresses": [{"street_1": "123 Main St", "city": "Anytown", "region": "CA", "postal_code": "90210",
		"country": "US", "primary": true}],
	"id_numbers": [{"value": "1234", "type": "us_ssn_last_4"}]
}`

func fullIdentity() *Identity {
	return &Identity{
		Name:         &Name{GivenName: "Alice", FamilyName: "Johnson"},
		DateOfBirth:  "1988-07-22",
		Emails:       []Contact{{Data: "alice@example.com", Primary: true}, {Data: "alice@work.example"}},
		PhoneNumbers: []Contact{{Data: "+14155550123", Primary: true}},
		Addresses: []Address{{Street1: "123 Main St", City: "Anytown", Region: "CA", PostalCode: "90210",
			Country: "US", Primary: true}},
		IDNumbers: []IDNumber{{Value: "1234", Type: "us_ssn_last_4"}},
	}
}

func TestIdentityToPlaidJSON(t *testing.T) {
	tests := []struct {
		name string
		id   *Identity
		want string
	}{
		{"empty identity", &Identity{}, `{}`},
		{"full identity", fullIdentity(), fullIdentityJSON},
		{
			"nil lists are left out, empty lists are sent as []",
			&Identity{Emails: []Contact{}, PhoneNumbers: []Contact{}, Addresses: []Address{}, IDNumbers: []IDNumber{}},
			`{"emails": [], "phone_numbers": [], "addresses": [], "id_numbers": []}`,
		},
		{
			"empty optional address lines are left out",
			&Identity{Addresses: []Address{{Country: "GB"}}},
			`{"addresses": [{"country": "GB", "primary": false}]}`,
		},
		{
			"name without date of birth",
			&Identity{Name: &Name{GivenName: "Al", FamilyName: "J"}},
			`{"name": {"given_name": "Al", "family_name": "J"}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertWire(t, "identityToPlaid", identityToPlaid(tt.id), tt.want)
		})
	}
}

// TestIdentityFromPlaidJSON: what Plaid leaves null or absent, or sends as "", is "" or nil. An
// empty list may read as nil or empty: the provider treats both alike.
func TestIdentityFromPlaidJSON(t *testing.T) {
	if identityFromPlaid(nil) != nil {
		t.Error("no identity in the answer must give nil")
	}
	tests := []struct {
		name, body string
		want       *Identity
	}{
		{"absent fields", `{}`, &Identity{}},
		{"null fields and an empty list", `{"name": null, "date_of_birth": null, "emails": []}`, &Identity{}},
		{
			"empty strings and null address lines",
			`{"name": {"given_name": "", "family_name": ""}, "date_of_birth": "",
			  "addresses": [{"street_1": "", "street_2": null, "country": "US", "primary": false}]}`,
			&Identity{Name: &Name{}, Addresses: []Address{{Country: "US"}}},
		},
		{"full identity", fullIdentityJSON, fullIdentity()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fromWire[plaid.ClientUserIdentity](t, tt.body)
			if diff := cmp.Diff(tt.want, identityFromPlaid(&p), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("identityFromPlaid (-want +got):\n%s", diff)
			}
		})
	}
}

// TestIdentityRoundTripThroughPlaidGo sends an identity through plaid-go's JSON and back, as
// create then read do.
func TestIdentityRoundTripThroughPlaidGo(t *testing.T) {
	for name, id := range map[string]*Identity{
		"full":        fullIdentity(),
		"empty lists": {Emails: []Contact{}, Addresses: []Address{}},
		"empty":       {},
	} {
		t.Run(name, func(t *testing.T) {
			p := fromWire[plaid.ClientUserIdentity](t, wireJSON(t, identityToPlaid(id)))
			if diff := cmp.Diff(id, identityFromPlaid(&p), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLegacyToPlaidJSON(t *testing.T) {
	full := func() *LegacyIdentity {
		return &LegacyIdentity{
			FirstName: "Alice", LastName: "Johnson",
			PhoneNumbers: []string{"+14155550123"}, Emails: []string{"alice@example.com", "alice@work.example"},
			DateOfBirth: "1988-07-22",
			PrimaryAddress: &LegacyAddress{Street: "123 Main St, Apt 4", City: "Anytown", Region: "CA",
				PostalCode: "90210", Country: "US"},
			SSNFull: "123-45-6789", SSNLast4: "6789",
		}
	}
	withoutSSN := full()
	withoutSSN.SSNFull, withoutSSN.SSNLast4 = "", ""
	noContacts := full()
	noContacts.PhoneNumbers, noContacts.Emails = nil, []string{}
	emptyValues := full()
	emptyValues.DateOfBirth = ""
	emptyValues.PrimaryAddress = &LegacyAddress{Street: "123 Main St, Apt 4"}

	const address = `"primary_address": {"street": "123 Main St, Apt 4", "city": "Anytown", "region": "CA",
		"postal_code": "90210", "country": "US"}`
	tests := []struct {
		name string
		id   *LegacyIdentity
		want string
	}{
		{"full", full(), `{"first_name": "Alice", "last_name": "Johnson", "phone_numbers": ["+14155550123"],
			"emails": ["alice@example.com", "alice@work.example"], "date_of_birth": "1988-07-22", ` + address + `,
			"ssn_full": "123-45-6789", "ssn_last_4": "6789"}`},
		{"SSN left out", withoutSSN, `{"first_name": "Alice", "last_name": "Johnson", "phone_numbers": ["+14155550123"],
			"emails": ["alice@example.com", "alice@work.example"], "date_of_birth": "1988-07-22", ` + address + `}`},
		// Plaid requires both arrays: they are sent empty, never null or absent.
		{"empty contact lists", noContacts, `{"first_name": "Alice", "last_name": "Johnson", "phone_numbers": [],
			"emails": [], "date_of_birth": "1988-07-22", ` + address + `,
			"ssn_full": "123-45-6789", "ssn_last_4": "6789"}`},
		// Required but nullable: sent as null, never left out.
		{"empty values are null", emptyValues, `{"first_name": "Alice", "last_name": "Johnson",
			"phone_numbers": ["+14155550123"], "emails": ["alice@example.com", "alice@work.example"],
			"date_of_birth": null, "primary_address": {"street": "123 Main St, Apt 4", "city": null, "region": null,
				"postal_code": null, "country": null},
			"ssn_full": "123-45-6789", "ssn_last_4": "6789"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertWire(t, "legacyToPlaid", legacyToPlaid(tt.id), tt.want)
		})
	}
}

// TestUserRefInRequests: a user goes by user_id, or by user_token for a legacy user, never both.
func TestUserRefInRequests(t *testing.T) {
	for ref, want := range map[UserRef]string{
		{UserID: "usr_1"}:             `{"user_id":"usr_1"}`,
		{UserToken: "user-sandbox-1"}: `{"user_token":"user-sandbox-1"}`,
	} {
		request := plaid.NewUserItemsGetRequest()
		ref.name(request)
		assertWire(t, ref.String(), request, want)
	}
}

// TestCreateSandboxItemRequest: options go out only when needed, and a webhook alone keeps
// Plaid's default test credentials, which plaid-go's constructor fills in.
func TestCreateSandboxItemRequest(t *testing.T) {
	tests := []struct {
		name string
		item SandboxItem
		want string
	}{
		{
			"bare",
			SandboxItem{User: UserRef{UserID: "usr_1"}, InstitutionID: "ins_109508", InitialProducts: []string{"transactions", "auth"}},
			`{"initial_products":["transactions","auth"],"institution_id":"ins_109508","user_id":"usr_1"}`,
		},
		{
			"webhook only keeps Plaid's default credentials",
			SandboxItem{User: UserRef{UserID: "usr_1"}, InstitutionID: "ins_109508", InitialProducts: []string{"auth"},
				Webhook: "https://example.com/hook"},
			`{"initial_products":["auth"],"institution_id":"ins_109508","options":{"override_password":"pass_good",` +
				`"override_username":"user_good","webhook":"https://example.com/hook"},"user_id":"usr_1"}`,
		},
		{
			"legacy user with test credentials",
			SandboxItem{User: UserRef{UserToken: "user-sandbox-1"}, InstitutionID: "ins_109511",
				InitialProducts: []string{"identity"}, OverrideUsername: "user_custom", OverridePassword: "{}"},
			`{"initial_products":["identity"],"institution_id":"ins_109511","options":{"override_password":"{}",` +
				`"override_username":"user_custom"},"user_token":"user-sandbox-1"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakePlaid(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/sandbox/public_token/create" {
					writeJSON(w, http.StatusOK, `{"public_token":"public-sandbox-1","request_id":"r1"}`)
					return
				}
				writeJSON(w, http.StatusOK, `{"access_token":"access-sandbox-1","item_id":"item_1","request_id":"r2"}`)
			})
			created, err := mustNew(t, testConfig(fake.URL)).CreateSandboxItem(context.Background(), tt.item)
			if err != nil || created != (CreatedItem{ItemID: "item_1", AccessToken: "access-sandbox-1"}) {
				t.Fatalf("CreateSandboxItem = %+v, %v", created, err)
			}
			sent := fake.attempts()[0]
			if sent.Path != "/sandbox/public_token/create" {
				t.Fatalf("first request to %s", sent.Path)
			}
			if got, want := string(canonicalize(t, []byte(sent.Body))), wireJSON(t, json.RawMessage(tt.want)); got != want {
				t.Errorf("/sandbox/public_token/create got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestGetUserReadsPlaidsAnswer: timestamps keep their instant, and what Plaid leaves null or
// absent (client_user_id, updated_at, identity) is "" or nil.
func TestGetUserReadsPlaidsAnswer(t *testing.T) {
	tests := []struct {
		name, body string
		want       User
	}{
		{
			"full",
			`{"request_id": "req", "user_id": "usr_1", "client_user_id": "qa-alice",
			  "created_at": "2024-05-06T10:10:11+02:00", "updated_at": "2024-05-07T08:10:11.25Z",
			  "identity": {"name": {"given_name": "Alice", "family_name": "Liddell"},
			    "emails": [{"data": "b@example.com", "primary": false}, {"data": "a@example.com", "primary": true}]}}`,
			User{UserID: "usr_1", ClientUserID: "qa-alice", CreatedAt: time.Date(2024, 5, 6, 8, 10, 11, 0, time.UTC),
				UpdatedAt: ptr(time.Date(2024, 5, 7, 8, 10, 11, 250_000_000, time.UTC)),
				Identity: &Identity{Name: &Name{GivenName: "Alice", FamilyName: "Liddell"},
					Emails: []Contact{{Data: "b@example.com"}, {Data: "a@example.com", Primary: true}}}},
		},
		{
			"null and absent",
			`{"request_id": "req", "user_id": "usr_1", "client_user_id": null, "created_at": "2024-05-06T08:10:11Z"}`,
			User{UserID: "usr_1", CreatedAt: time.Date(2024, 5, 6, 8, 10, 11, 0, time.UTC)},
		},
		{
			"null identity",
			`{"request_id": "req", "user_id": "usr_1", "created_at": "2024-05-06T08:10:11Z", "identity": null}`,
			User{UserID: "usr_1", CreatedAt: time.Date(2024, 5, 6, 8, 10, 11, 0, time.UTC)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				writeJSON(w, http.StatusOK, tt.body)
			})
			got, err := mustNew(t, testConfig(fake.URL)).GetUser(context.Background(), "usr_1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("GetUser (-want +got):\n%s", diff)
			}
		})
	}
}
