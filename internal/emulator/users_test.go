package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// null is an explicit JSON null in a request built from maps.
var null = json.RawMessage("null")

// fakeClock is a settable clock for the emulator.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func useFakeClock(c *testClient) *fakeClock {
	clock := &fakeClock{t: time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)}
	c.emu.now = clock.now
	return clock
}

func TestUserCreateValidation(t *testing.T) {
	c := newTestClient(t, Options{})
	identityWith := func(key string, v any) map[string]any {
		return map[string]any{"client_user_id": "qa-" + key, "identity": with(fullIdentity(), key, v)}
	}
	address := func(key string, v any) []any {
		a := fullIdentity()["addresses"].([]any)[0].(map[string]any)
		return []any{with(a, key, v)}
	}
	tests := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"minimal", `{"client_user_id":"qa-min"}`, 201, ""},
		{"full identity", map[string]any{"client_user_id": "qa-full", "identity": fullIdentity()}, 201, ""},
		{"128 characters", map[string]any{"client_user_id": strings.Repeat("x", 128)}, 201, ""},
		{"128 multibyte characters", map[string]any{"client_user_id": strings.Repeat("é", 128)}, 201, ""},
		{"country without a phone plan", identityWith("addresses", address("country", "AQ")), 201, ""},
		{"id number type of plaid-go's spec", identityWith("id_numbers", []any{map[string]any{"value": "ABC1234567", "type": "in_epic"}}), 201, ""},
		{"every option", map[string]any{"client_user_id": "qa-opts", "end_customer": "acme", "with_upgraded_user": true, "client_id": testClientID, "secret": testSecret}, 201, ""},
		{"identity null", `{"client_user_id":"qa-null","identity":null}`, 201, ""},
		{"not JSON", `nope`, 400, codeInvalidBody},
		{"JSON array", `[]`, 400, codeInvalidBody},
		{"JSON string", `"client_user_id"`, 400, codeInvalidBody},
		{"trailing data", `{"client_user_id":"a"} {}`, 400, codeInvalidBody},
		{"truncated", `{"client_user_id":"a"`, 400, codeInvalidBody},
		{"empty body", ``, 400, codeInvalidBody},
		{"missing client_user_id", `{}`, 400, codeMissingFields},
		{"null client_user_id", `{"client_user_id":null}`, 400, codeMissingFields},
		{"client_user_id number", `{"client_user_id":5}`, 400, codeInvalidField},
		{"client_user_id empty", `{"client_user_id":""}`, 400, codeInvalidField},
		{"client_user_id too long", map[string]any{"client_user_id": strings.Repeat("x", 129)}, 400, codeInvalidField},
		{"client_user_id email", `{"client_user_id":"carmen@example.com"}`, 400, codeInvalidField},
		{"client_user_id phone", `{"client_user_id":"+14155550123"}`, 400, codeInvalidField},
		{"client_user_id SSN", `{"client_user_id":"123-45-6789"}`, 400, codeInvalidField},
		{"end_customer too long", map[string]any{"client_user_id": "a", "end_customer": strings.Repeat("x", 129)}, 400, codeInvalidField},
		{"null end_customer (not nullable)", `{"client_user_id":"a","end_customer":null}`, 400, codeInvalidField},
		{"with_upgraded_user string", `{"client_user_id":"a","with_upgraded_user":"yes"}`, 400, codeInvalidField},
		{"identity string", `{"client_user_id":"a","identity":"Carmen"}`, 400, codeInvalidField},
		{"unknown field", `{"client_user_id":"a","nickname":"c"}`, 400, codeUnknownFields},
		{"wrongly cased field", `{"Client_User_Id":"a"}`, 400, codeUnknownFields},
		{"unknown identity field", identityWith("nickname", "c"), 400, codeUnknownFields},
		{"unknown address field", identityWith("addresses", address("street_3", "x")), 400, codeUnknownFields},
		{"primary not boolean", identityWith("emails", []any{map[string]any{"data": "a@example.com", "primary": "yes"}}), 400, codeInvalidField},
		{"emails not a list", identityWith("emails", "a@example.com"), 400, codeInvalidField},
		{"unknown id number type", identityWith("id_numbers", []any{map[string]any{"value": "1", "type": "xx_id"}}), 400, codeInvalidField},
		{"legacy identity in new API", map[string]any{"client_user_id": "a", "consumer_report_user_identity": legacyIdentityBody()}, 400, codeInvalidField},
		{"phone not in a real range", identityWith("phone_numbers", []any{map[string]any{"data": "+15551234567", "primary": true}}), 403, codeInvalidIdentityData},
		{"phone not a number", identityWith("phone_numbers", []any{map[string]any{"data": "call me", "primary": true}}), 403, codeInvalidIdentityData},
		{"phone too short", identityWith("phone_numbers", []any{map[string]any{"data": "+1234", "primary": true}}), 403, codeInvalidIdentityData},
		{"email without @", identityWith("emails", []any{map[string]any{"data": "carmen.example.com", "primary": true}}), 403, codeInvalidIdentityData},
		{"email without domain dot", identityWith("emails", []any{map[string]any{"data": "carmen@localhost", "primary": true}}), 403, codeInvalidIdentityData},
		{"email with display name", identityWith("emails", []any{map[string]any{"data": "Carmen <carmen@example.com>", "primary": true}}), 403, codeInvalidIdentityData},
		{"email missing data", identityWith("emails", []any{map[string]any{"primary": true}}), 403, codeInvalidIdentityData},
		{"date of birth not a date", identityWith("date_of_birth", "1990-02-30"), 403, codeInvalidIdentityData},
		{"date of birth other format", identityWith("date_of_birth", "01/31/1987"), 403, codeInvalidIdentityData},
		{"date of birth in the future", identityWith("date_of_birth", time.Now().AddDate(1, 0, 0).Format(time.DateOnly)), 403, codeInvalidIdentityData},
		{"address without country", identityWith("addresses", address("country", nil)), 403, codeInvalidIdentityData},
		{"address with null country", identityWith("addresses", address("country", null)), 403, codeInvalidIdentityData},
		{"address without primary", identityWith("addresses", address("primary", nil)), 403, codeInvalidIdentityData},
		{"address with unknown country", identityWith("addresses", address("country", "XX")), 403, codeInvalidIdentityData},
		{"address with alpha-3 country", identityWith("addresses", address("country", "USA")), 403, codeInvalidIdentityData},
		{"name without family_name", identityWith("name", map[string]any{"given_name": "Carmen"}), 403, codeInvalidIdentityData},
		{"name with blank given_name", identityWith("name", map[string]any{"given_name": " ", "family_name": "B"}), 403, codeInvalidIdentityData},
		{"formatted id number", identityWith("id_numbers", []any{map[string]any{"value": "123-45-6789", "type": "us_ssn"}}), 403, codeInvalidIdentityData},
		{"short SSN", identityWith("id_numbers", []any{map[string]any{"value": "12345", "type": "us_ssn"}}), 403, codeInvalidIdentityData},
		{"SSN last 4 with letters", identityWith("id_numbers", []any{map[string]any{"value": "12ab", "type": "us_ssn_last_4"}}), 403, codeInvalidIdentityData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.post("/user/create", tt.body).expect(t, tt.status, tt.code)
			if tt.status == 201 && !strings.HasPrefix(r.str("user_id"), "usr_") {
				t.Errorf("user_id %q does not start with usr_", r.str("user_id"))
			}
			if _, ok := r.body["user_token"]; ok {
				t.Errorf("new API answered a user_token: %v", r.body)
			}
		})
	}
	if got, want := len(c.emu.Users()), 8; got != want {
		t.Errorf("%d users created, want %d (refused requests must create nothing)", got, want)
	}
}

func TestRequestEnvelope(t *testing.T) {
	c := newTestClient(t, Options{})
	tests := []struct {
		name   string
		header http.Header
		body   string
		status int
		code   string
	}{
		{"body over 1 MiB", nil, `{"client_user_id":"a","end_customer":"` + strings.Repeat("x", maxBodyBytes) + `"}`, 400, codeInvalidBody},
		{"invalid UTF-8", nil, "{\"client_user_id\":\"\xff\"}", 400, codeInvalidBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, c.url+"/user/create", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header = http.Header{"Plaid-Client-Id": {"id"}, "Plaid-Secret": {"s"}, "Content-Type": {"application/json"}}
			for k, v := range tt.header {
				req.Header[k] = v
			}
			c.do(req).expect(t, tt.status, tt.code)
		})
	}
}

// Plaid's invalid request errors guide: INVALID_BODY, "The request content-type was not of type
// application/json. The Plaid API only accepts JSON text as the MIME media type, with UTF-8
// encoding"; INVALID_HEADERS, a request missing a required header such as Content-Type.
func TestContentTypeNotJSONIsInvalidBodyAndMissingIsInvalidHeaders(t *testing.T) {
	c := newTestClient(t, Options{})
	tests := []struct {
		contentType []string // nil: no Content-Type header
		status      int
		code        string
	}{
		{[]string{"application/json"}, 201, ""},
		{[]string{"application/json; charset=utf-8"}, 200, ""},
		{[]string{"Application/JSON; charset=UTF-8"}, 200, ""},
		{nil, 400, codeInvalidHeaders},
		{[]string{""}, 400, codeInvalidHeaders},
		{[]string{"text/plain"}, 400, codeInvalidBody},
		{[]string{"application/x-www-form-urlencoded"}, 400, codeInvalidBody},
		{[]string{"application/json; charset=iso-8859-1"}, 400, codeInvalidBody},
		{[]string{"application/json;;"}, 400, codeInvalidBody},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.contentType), func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, c.url+"/user/create", strings.NewReader(`{"client_user_id":"a"}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Header = http.Header{"Plaid-Client-Id": {"id"}, "Plaid-Secret": {"s"}, "Content-Type": tt.contentType}
			c.do(req).expect(t, tt.status, tt.code)
		})
	}
}

func TestCredentials(t *testing.T) {
	open := newTestClient(t, Options{})
	locked := newTestClient(t, Options{ClientID: "right-id", Secret: "right-secret"})
	tests := []struct {
		name   string
		c      *testClient
		header http.Header
		body   string
		status int
		code   string
	}{
		{"any pair in headers", open, http.Header{"PLAID-CLIENT-ID": {"x"}, "PLAID-SECRET": {"y"}}, `{"client_user_id":"a"}`, 201, ""},
		{"any pair in body", open, nil, `{"client_user_id":"b","client_id":"x","secret":"y"}`, 201, ""},
		{"no credentials", open, nil, `{"client_user_id":"c"}`, 400, codeMissingFields},
		{"no secret", open, http.Header{"PLAID-CLIENT-ID": {"x"}}, `{"client_user_id":"c"}`, 400, codeMissingFields},
		{"empty secret in body", open, nil, `{"client_user_id":"c","client_id":"x","secret":""}`, 400, codeMissingFields},
		{"client_id not a string", open, nil, `{"client_user_id":"c","client_id":1,"secret":"y"}`, 400, codeInvalidField},
		{"right pair", locked, http.Header{"PLAID-CLIENT-ID": {"right-id"}, "PLAID-SECRET": {"right-secret"}}, `{"client_user_id":"a"}`, 201, ""},
		{"right pair in body", locked, nil, `{"client_user_id":"b","client_id":"right-id","secret":"right-secret"}`, 201, ""},
		{"wrong secret", locked, http.Header{"PLAID-CLIENT-ID": {"right-id"}, "PLAID-SECRET": {"wrong"}}, `{"client_user_id":"c"}`, 400, codeInvalidAPIKeys},
		{"wrong client_id", locked, http.Header{"PLAID-CLIENT-ID": {"wrong"}, "PLAID-SECRET": {"right-secret"}}, `{"client_user_id":"c"}`, 400, codeInvalidAPIKeys},
		{"body wins over headers", locked, http.Header{"PLAID-CLIENT-ID": {"right-id"}, "PLAID-SECRET": {"right-secret"}}, `{"client_user_id":"c","secret":"wrong"}`, 400, codeInvalidAPIKeys},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.c.postWith("/user/create", tt.body, tt.header).expect(t, tt.status, tt.code)
			if tt.code == codeInvalidAPIKeys && r.str("error_type") != typeInvalidInput {
				t.Errorf("error_type %s, want INVALID_INPUT", r.str("error_type"))
			}
		})
	}
}

func TestUserCreateIsIdempotent(t *testing.T) {
	c := newTestClient(t, Options{})
	clock := useFakeClock(c)
	first := c.post("/user/create", `{"client_user_id":"qa-alice"}`).expect(t, 201, "")
	clock.advance(time.Minute)
	again := c.post("/user/create", map[string]any{"client_user_id": "qa-alice", "identity": fullIdentity()}).expect(t, 200, "")
	if first.str("user_id") != again.str("user_id") {
		t.Fatalf("repeat create gave %s, first %s", again.str("user_id"), first.str("user_id"))
	}
	got := c.post("/user/get", map[string]any{"user_id": first.str("user_id")}).expect(t, 200, "")
	if got.body["identity"] == nil {
		t.Errorf("identity sent on the repeated create was not attached: %v", got.body)
	}
	if got.str("created_at") == got.str("updated_at") {
		t.Errorf("updated_at %s not moved by the identity attached", got.str("updated_at"))
	}
	other := c.post("/user/create", `{"client_user_id":"qa-bob"}`).expect(t, 201, "")
	if other.str("user_id") == first.str("user_id") {
		t.Errorf("two client_user_ids share user_id %s", first.str("user_id"))
	}
}

func TestUserCreateConcurrentSameClientUserID(t *testing.T) {
	c := newTestClient(t, Options{})
	const n = 32
	ids, statuses := make([]string, n), make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r := c.post("/user/create", `{"client_user_id":"qa-race"}`)
			ids[i], statuses[i] = r.str("user_id"), r.status
		})
	}
	wg.Wait()
	created := 0
	for i := range n {
		if statuses[i] == 201 {
			created++
		}
		if ids[i] != ids[0] {
			t.Errorf("request %d got user_id %s, request 0 got %s", i, ids[i], ids[0])
		}
	}
	if created != 1 {
		t.Errorf("%d answers were 201 Created, want exactly 1", created)
	}
}

// TestConcurrentRequests mixes every kind of request on shared users, for the
// race detector and for invariants that must hold whatever the interleaving.
// Its goroutines report with Errorf: FailNow belongs to the test goroutine.
func TestConcurrentRequests(t *testing.T) {
	c := newTestClient(t, Options{})
	userID := c.createUser("qa-shared", fullIdentity())
	ok := func(path string, body any) reply {
		r := c.post(path, body)
		if r.status != 200 {
			t.Errorf("%s: %d %v", path, r.status, r.body)
		}
		return r
	}
	var wg sync.WaitGroup
	for worker := range 8 {
		wg.Go(func() {
			for i := range 10 {
				pt := ok("/sandbox/public_token/create", map[string]any{"user_id": userID, "institution_id": "ins_109508", "initial_products": []string{"auth"}}).str("public_token")
				item := ok("/item/public_token/exchange", map[string]any{"public_token": pt})
				itemID := item.str("item_id")
				ok("/user/update", map[string]any{"user_id": userID, "identity": map[string]any{"date_of_birth": fmt.Sprintf("19%02d-01-01", 50+worker)}})
				ok("/user/get", map[string]any{"user_id": userID})
				ok("/sandbox/user/reset_login", map[string]any{"user_id": userID, "item_ids": []string{itemID}})
				ok("/user/items/get", map[string]any{"user_id": userID})
				if i%2 == 0 {
					ok("/item/remove", map[string]any{"access_token": item.str("access_token")})
				} else {
					ok("/user/items/remove", map[string]any{"user_id": userID, "item_ids": []string{itemID}})
				}
				c.get("/__emulator/users")
				c.get("/__emulator/stats")
			}
		})
	}
	wg.Wait()
	if got := userItemIDs(t, c, userID); len(got) != 0 {
		t.Errorf("Items left: %v", got)
	}
	if got := c.emu.Stats().Requests["/user/update"]["200"]; got != 80 {
		t.Errorf("%d updates counted, want 80", got)
	}
}

func TestUserGet(t *testing.T) {
	c := newTestClient(t, Options{})
	clock := useFakeClock(c)
	in := fullIdentity()
	in["phone_numbers"] = []any{map[string]any{"data": "(312) 555-1212", "primary": true}}
	in["addresses"] = []any{map[string]any{"country": "us", "primary": true}}
	bare := c.createUser("qa-bare", nil)
	full := c.createUser("qa-full", in)

	r := c.post("/user/get", map[string]any{"user_id": bare}).expect(t, 200, "")
	if r.body["identity"] != nil || r.str("client_user_id") != "qa-bare" || r.str("user_id") != bare {
		t.Errorf("user without identity answered %v", r.body)
	}
	if want := clock.now().Format(time.RFC3339); r.str("created_at") != want || r.str("updated_at") != want {
		t.Errorf("created_at %s, updated_at %s, want both %s", r.str("created_at"), r.str("updated_at"), want)
	}

	r = c.post("/user/get", map[string]any{"user_id": full}).expect(t, 200, "")
	id := r.body["identity"].(map[string]any)
	wantIdentity := map[string]any{
		"name":          map[string]any{"given_name": "Carmen", "family_name": "Berzatto"},
		"date_of_birth": "1987-01-31",
		"emails":        []any{map[string]any{"data": "carmen@example.com", "primary": true}},
		"phone_numbers": []any{map[string]any{"data": "+13125551212", "primary": true}}, // normalized to E.164
		"addresses": []any{map[string]any{"street_1": nil, "street_2": nil, "city": nil, "region": nil,
			"postal_code": nil, "country": "US", "primary": true}}, // country upper-cased, absent fields null
		"id_numbers": []any{map[string]any{"value": "1234", "type": "us_ssn_last_4"}},
	}
	if !reflect.DeepEqual(id, wantIdentity) {
		t.Errorf("identity\n got %v\nwant %v", id, wantIdentity)
	}

	tests := []struct {
		name   string
		body   string
		status int
		code   string
	}{
		{"not a usr_ id", `{"user_id":"abc"}`, 400, codeInvalidUserID},
		{"empty id", `{"user_id":""}`, 400, codeInvalidUserID},
		{"unknown id", `{"user_id":"usr_doesnotexist00"}`, 400, codeUserNotFound},
		{"missing id", `{}`, 400, codeMissingFields},
		{"user_token not accepted", `{"user_token":"user-sandbox-x"}`, 400, codeUnknownFields},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.post("/user/get", tt.body).expect(t, tt.status, tt.code)
			if tt.code == codeUserNotFound && r.str("error_type") != typeUserError {
				t.Errorf("error_type %s, want USER_ERROR", r.str("error_type"))
			}
		})
	}
}

func TestUserUpdateMerges(t *testing.T) {
	full := fullIdentity()
	other := []any{map[string]any{"data": "bear@example.com", "primary": true}}
	tests := []struct {
		name   string
		update any                        // the identity of the update
		change func(id identity) identity // what the update does to the full identity
	}{
		{"emails overwrite", map[string]any{"emails": other}, func(id identity) identity {
			id.Emails = []identityContact{{Data: "bear@example.com", Primary: true}}
			return id
		}},
		{"empty list clears", map[string]any{"phone_numbers": []any{}}, func(id identity) identity {
			id.PhoneNumbers = []identityContact{}
			return id
		}},
		{"null name clears", map[string]any{"name": null}, func(id identity) identity {
			id.Name = nil
			return id
		}},
		{"null date of birth clears", map[string]any{"date_of_birth": null}, func(id identity) identity {
			id.DateOfBirth = nil
			return id
		}},
		{"name overwrites", map[string]any{"name": map[string]any{"given_name": "Sydney", "family_name": "Adamu"}}, func(id identity) identity {
			id.Name = &identityName{GivenName: "Sydney", FamilyName: "Adamu"}
			return id
		}},
		{"empty identity keeps", map[string]any{}, func(id identity) identity { return id }},
		{"null identity keeps", null, func(id identity) identity { return id }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, Options{})
			userID := c.createUser("qa-merge", full)
			before := storedIdentity(t, c, userID)
			c.post("/user/update", map[string]any{"user_id": userID, "identity": tt.update}).expect(t, 200, "")
			if got, want := storedIdentity(t, c, userID), tt.change(before); !reflect.DeepEqual(got, want) {
				t.Errorf("after update\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// storedIdentity reads the user's identity through /user/get.
func storedIdentity(t *testing.T, c *testClient, userID string) identity {
	t.Helper()
	r := c.post("/user/get", map[string]any{"user_id": userID}).expect(t, 200, "")
	raw, err := json.Marshal(r.body["identity"])
	if err != nil {
		t.Fatal(err)
	}
	var id identity
	if err := json.Unmarshal(raw, &id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestUserUpdate(t *testing.T) {
	c := newTestClient(t, Options{})
	clock := useFakeClock(c)
	userID := c.createUser("qa-update", fullIdentity())
	clock.advance(time.Hour)
	c.post("/user/update", map[string]any{"user_id": userID, "identity": map[string]any{"date_of_birth": "1990-05-06"}}).expect(t, 200, "")
	r := c.post("/user/get", map[string]any{"user_id": userID}).expect(t, 200, "")
	if want := clock.now().Format(time.RFC3339); r.str("updated_at") != want {
		t.Errorf("updated_at %s, want %s", r.str("updated_at"), want)
	}
	if r.str("created_at") == r.str("updated_at") {
		t.Error("created_at moved with the update")
	}

	tests := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"no user", `{"identity":{}}`, 400, codeMissingFields},
		{"unknown user", `{"user_id":"usr_doesnotexist00","identity":{}}`, 400, codeUserNotFound},
		{"not a usr_ id", `{"user_id":"42","identity":{}}`, 400, codeInvalidUserID},
		{"unknown user_token", `{"user_token":"user-sandbox-nope"}`, 400, codeInvalidUserToken},
		{"bad phone", map[string]any{"user_id": userID, "identity": map[string]any{"phone_numbers": []any{map[string]any{"data": "+10000000000", "primary": true}}}}, 403, codeInvalidIdentityData},
		{"legacy identity", map[string]any{"user_id": userID, "consumer_report_user_identity": legacyIdentityBody()}, 400, codeInvalidField},
		{"unknown field", map[string]any{"user_id": userID, "identity": map[string]any{"gender": "x"}}, 400, codeUnknownFields},
		{"null list (not nullable in the spec)", map[string]any{"user_id": userID, "identity": map[string]any{"phone_numbers": null}}, 400, codeInvalidField},
		{"no change", map[string]any{"user_id": userID}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.post("/user/update", tt.body).expect(t, tt.status, tt.code)
		})
	}
	if got := storedIdentity(t, c, userID); len(got.PhoneNumbers) != 1 || got.PhoneNumbers[0].Data != "+13125551212" {
		t.Errorf("a refused update changed the phone numbers: %+v", got.PhoneNumbers)
	}
}

func TestUserRemove(t *testing.T) {
	c := newTestClient(t, Options{})
	userID := c.createUser("qa-remove", fullIdentity())
	_, accessToken := c.linkItem("user_id", userID)
	pending := c.post("/sandbox/public_token/create", map[string]any{"user_id": userID, "institution_id": "ins_109508", "initial_products": []string{"auth"}}).str("public_token")

	c.post("/user/remove", map[string]any{"user_id": userID}).expect(t, 200, "")

	c.post("/user/get", map[string]any{"user_id": userID}).expect(t, 400, codeUserNotFound)
	c.post("/user/items/get", map[string]any{"user_id": userID}).expect(t, 400, codeUserNotFound)
	c.post("/user/update", map[string]any{"user_id": userID, "identity": map[string]any{}}).expect(t, 400, codeUserNotFound)
	c.post("/user/remove", map[string]any{"user_id": userID}).expect(t, 400, codeUserNotFound)
	c.post("/item/remove", map[string]any{"access_token": accessToken}).expect(t, 400, codeInvalidAccessToken)
	c.post("/item/public_token/exchange", map[string]any{"public_token": pending}).expect(t, 400, codeInvalidPublicToken)
	if users := c.emu.Users(); len(users) != 0 {
		t.Errorf("users left after remove: %v", users)
	}

	again := c.post("/user/create", `{"client_user_id":"qa-remove"}`).expect(t, 201, "")
	if again.str("user_id") == userID {
		t.Errorf("client_user_id reused after remove got the old user_id %s", userID)
	}
	c.post("/user/remove", `{}`).expect(t, 400, codeMissingFields)
}

// legacyIdentityBody is a complete consumer_report_user_identity.
func legacyIdentityBody() map[string]any {
	return map[string]any{
		"first_name": "Carmen", "last_name": "Berzatto",
		"phone_numbers": []string{"+13125551212"}, "emails": []string{"carmen@example.com"},
		"date_of_birth": "1987-01-31", "ssn_last_4": "1234", "ssn_full": "123-45-6789",
		"primary_address": map[string]any{"street": "3200 W Armitage Ave", "city": "Chicago", "region": "IL", "postal_code": "60657", "country": "US"},
	}
}

func TestLegacyUsers(t *testing.T) {
	c := newTestClient(t, Options{Legacy: true})
	r := c.post("/user/create", map[string]any{"client_user_id": "qa-legacy", "consumer_report_user_identity": legacyIdentityBody()}).expect(t, 200, "")
	token, userID := r.str("user_token"), r.str("user_id")
	if !strings.HasPrefix(token, "user-sandbox-") || len(token) != len("user-sandbox-")+36 {
		t.Errorf("user_token %q is not user-sandbox-<uuid>", token)
	}
	if userID == "" || strings.HasPrefix(userID, "usr_") {
		t.Errorf("legacy user_id %q should be set and not a usr_ id", userID)
	}

	legacyWith := func(key string, v any) map[string]any {
		return map[string]any{"client_user_id": "qa-l-" + key, "consumer_report_user_identity": with(legacyIdentityBody(), key, v)}
	}
	tests := []struct {
		name   string
		path   string
		body   any
		status int
		code   string
	}{
		{"repeated client_user_id", "/user/create", `{"client_user_id":"qa-legacy"}`, 400, codeInvalidField},
		{"no identity", "/user/create", `{"client_user_id":"qa-l-bare"}`, 200, ""},
		{"null date of birth", "/user/create", legacyWith("date_of_birth", null), 200, ""},
		{"new identity refused", "/user/create", map[string]any{"client_user_id": "qa-l-new", "identity": fullIdentity()}, 400, codeInvalidField},
		{"missing first_name", "/user/create", legacyWith("first_name", nil), 403, codeInvalidIdentityData},
		{"missing date of birth", "/user/create", legacyWith("date_of_birth", nil), 403, codeInvalidIdentityData},
		{"bad phone", "/user/create", legacyWith("phone_numbers", []string{"+15550000000"}), 403, codeInvalidIdentityData},
		{"bad email", "/user/create", legacyWith("emails", []string{"carmen"}), 403, codeInvalidIdentityData},
		{"bad ssn_full", "/user/create", legacyWith("ssn_full", "123456789"), 403, codeInvalidIdentityData},
		{"ssn_last_4 of 3 digits", "/user/create", legacyWith("ssn_last_4", "123"), 400, codeInvalidField},
		{"address without street", "/user/create", legacyWith("primary_address", map[string]any{"city": nil, "region": nil, "postal_code": nil, "country": nil}), 403, codeInvalidIdentityData},
		{"get refuses legacy user_id", "/user/get", map[string]any{"user_id": userID}, 400, codeInvalidUserID},
		{"update by token", "/user/update", map[string]any{"user_token": token, "consumer_report_user_identity": with(legacyIdentityBody(), "first_name", "Carmy")}, 200, ""},
		{"update by token with new identity", "/user/update", map[string]any{"user_token": token, "identity": fullIdentity()}, 400, codeInvalidField},
		{"update by token and wrong user_id", "/user/update", map[string]any{"user_token": token, "user_id": "usr_other0000000"}, 400, codeInvalidField},
		{"update by unknown token", "/user/update", `{"user_token":"user-sandbox-00000000-0000-0000-0000-000000000000"}`, 400, codeInvalidUserToken},
		{"update without user", "/user/update", `{}`, 400, codeMissingFields},
		{"items by token", "/user/items/get", map[string]any{"user_token": token}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.post(tt.path, tt.body).expect(t, tt.status, tt.code)
		})
	}

	if u := c.emu.Users()[0]; !u.Legacy || u.ClientUserID != "qa-legacy" {
		t.Errorf("inspection shows %+v", u)
	}
	itemID, _ := c.linkItem("user_token", token)
	items := c.post("/user/items/get", map[string]any{"user_token": token}).expect(t, 200, "").body["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["item_id"] != itemID {
		t.Errorf("items of the legacy user: %v", items)
	}
	c.post("/user/remove", map[string]any{"user_token": token}).expect(t, 200, "")
	c.post("/user/items/get", map[string]any{"user_token": token}).expect(t, 400, codeInvalidUserToken)
}

// The legacy user_token page, /user/remove: "If a user is created for a given client_user_id
// using /user/create and that user is then deleted with /user/remove, the client_user_id cannot
// be reused for another /user/create request." The page names no error code; the emulator
// answers INVALID_FIELD, as for a client_user_id already in use. The new users page drops the
// sentence, so users of the new API (with_upgraded_user) may take the name again.
func TestLegacyRemovedUsersClientUserIDCannotBeReused(t *testing.T) {
	c := newTestClient(t, Options{Legacy: true})
	token := c.post("/user/create", `{"client_user_id":"qa-removed"}`).expect(t, 200, "").str("user_token")
	c.post("/user/remove", map[string]any{"user_token": token}).expect(t, 200, "")

	r := c.post("/user/create", `{"client_user_id":"qa-removed"}`).expect(t, 400, codeInvalidField)
	if !strings.Contains(r.str("error_message"), "removed") {
		t.Errorf("error_message %q does not say the user was removed", r.str("error_message"))
	}
	c.post("/user/create", `{"client_user_id":"qa-removed","consumer_report_user_identity":null}`).expect(t, 400, codeInvalidField)
	if users := c.emu.Users(); len(users) != 0 {
		t.Errorf("a refused create left users: %v", users)
	}
	c.post("/user/create", `{"client_user_id":"qa-removed","with_upgraded_user":true}`).expect(t, 201, "")
	c.post("/user/create", `{"client_user_id":"qa-other"}`).expect(t, 200, "")

	c.emu.Reset() // the emulator forgets everything, removed users too
	c.post("/user/create", `{"client_user_id":"qa-removed"}`).expect(t, 200, "")
}

func TestLegacyModeUpgradedUser(t *testing.T) {
	c := newTestClient(t, Options{Legacy: true})
	body := map[string]any{"client_user_id": "qa-upgraded", "with_upgraded_user": true, "identity": fullIdentity()}
	first := c.post("/user/create", body).expect(t, 201, "")
	if !strings.HasPrefix(first.str("user_id"), "usr_") || first.str("user_token") != "" {
		t.Fatalf("upgraded user answered %v", first.body)
	}
	again := c.post("/user/create", body).expect(t, 200, "")
	if again.str("user_id") != first.str("user_id") {
		t.Errorf("upgraded users are idempotent: got %s then %s", first.str("user_id"), again.str("user_id"))
	}
	c.post("/user/get", map[string]any{"user_id": first.str("user_id")}).expect(t, 200, "")

	creds := http.Header{"PLAID-CLIENT-ID": {"a"}, "PLAID-SECRET": {"b"}}
	header := func(v string) http.Header {
		h := creds.Clone()
		h.Set("Plaid-New-User-API-Enabled", v)
		return h
	}
	byHeader := c.postWith("/user/create", `{"client_user_id":"qa-header"}`, header("true")).expect(t, 201, "")
	if !strings.HasPrefix(byHeader.str("user_id"), "usr_") || byHeader.str("user_token") != "" {
		t.Errorf("Plaid-New-User-API-Enabled: true answered %v", byHeader.body)
	}
	c.postWith("/user/create", `{"client_user_id":"qa-header-off"}`, header("false")).expect(t, 200, "")
	c.postWith("/user/create", `{"client_user_id":"qa-header-bad"}`, header("yes")).expect(t, 400, codeInvalidHeaders)
}

// The users reference page, /user/get response fields: identity is "nullable, object", name
// "nullable, object", date_of_birth "nullable, string", but emails, phone_numbers, addresses and
// id_numbers are "[object]", not nullable (the spec's ClientUserIdentity types them as arrays):
// a user whose identity lacks a list answers [].
func TestUserGetAnswersIdentityListsAsArraysNeverNull(t *testing.T) {
	c := newTestClient(t, Options{})
	userID := c.createUser("qa-lists", map[string]any{"name": map[string]any{"given_name": "Carmen", "family_name": "Berzatto"}})
	id, _ := c.post("/user/get", map[string]any{"user_id": userID}).expect(t, 200, "").body["identity"].(map[string]any)
	want := map[string]any{"name": map[string]any{"given_name": "Carmen", "family_name": "Berzatto"}, "date_of_birth": nil,
		"emails": []any{}, "phone_numbers": []any{}, "addresses": []any{}, "id_numbers": []any{}}
	if !reflect.DeepEqual(id, want) {
		t.Errorf("identity\n got %#v\nwant %#v", id, want)
	}
}
