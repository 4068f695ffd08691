package emulator

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestSandboxPublicTokenCreate(t *testing.T) {
	c := newTestClient(t, Options{})
	userID := c.createUser("qa-items", nil)
	tests := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"for a user", map[string]any{"user_id": userID, "institution_id": "ins_109508", "initial_products": []string{"auth"}}, 200, ""},
		{"without a user", `{"institution_id":"ins_109509","initial_products":["transactions"]}`, 200, ""},
		{"every option", `{"institution_id":"ins_127287","initial_products":["transactions","statements"],"options":{"webhook":"https://example.com/hook","override_username":"user_good","override_password":"pass_good","transactions":{"days_requested":30,"start_date":"2025-01-01"},"statements":{"start_date":"2025-01-01","end_date":"2025-02-01"},"income_verification":{"income_source_types":["bank"],"bank_income":{"days_requested":90}}}}`, 200, ""},
		{"unknown institution", `{"institution_id":"ins_999999999","initial_products":["auth"]}`, 400, codeInvalidInstitution},
		{"unknown product", `{"institution_id":"ins_109508","initial_products":["auth","telepathy"]}`, 400, codeInvalidProduct},
		{"no products", `{"institution_id":"ins_109508","initial_products":[]}`, 400, codeInvalidField},
		{"products not a list", `{"institution_id":"ins_109508","initial_products":"auth"}`, 400, codeInvalidField},
		{"missing fields", `{}`, 400, codeMissingFields},
		{"bad webhook", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"webhook":"not a url"}}`, 400, codeInvalidField},
		{"days_requested below 1", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"transactions":{"days_requested":0}}}`, 400, codeInvalidField},
		{"days_requested above 730", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"transactions":{"days_requested":731}}}`, 400, codeInvalidField},
		{"statements date not a date", `{"institution_id":"ins_109508","initial_products":["statements"],"options":{"statements":{"start_date":"2025-13-01","end_date":"2025-02-01"}}}`, 400, codeInvalidField},
		{"unknown income source", `{"institution_id":"ins_109508","initial_products":["income_verification"],"options":{"income_verification":{"income_source_types":["bank","lottery"]}}}`, 400, codeInvalidField},
		{"webhook not http", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"webhook":"ftp://example.com/hook"}}`, 400, codeInvalidField},
		{"days_requested not an integer", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"transactions":{"days_requested":1.5}}}`, 400, codeInvalidField},
		{"unknown option", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"speed":"fast"}}`, 400, codeUnknownFields},
		{"statements without dates", `{"institution_id":"ins_109508","initial_products":["auth"],"options":{"statements":{}}}`, 400, codeMissingFields},
		{"unknown user", `{"user_id":"usr_doesnotexist00","institution_id":"ins_109508","initial_products":["auth"]}`, 400, codeUserNotFound},
		{"unknown user_token", `{"user_token":"user-sandbox-x","institution_id":"ins_109508","initial_products":["auth"]}`, 400, codeInvalidUserToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.post("/sandbox/public_token/create", tt.body).expect(t, tt.status, tt.code)
			if tt.status == 200 && len(r.str("public_token")) != len("public-sandbox-")+36 {
				t.Errorf("public_token %q is not public-sandbox-<uuid>", r.str("public_token"))
			}
		})
	}
}

func TestItemLifecycle(t *testing.T) {
	c := newTestClient(t, Options{})
	clock := useFakeClock(c)
	userID := c.createUser("qa-items", nil)

	pt := c.post("/sandbox/public_token/create", map[string]any{"user_id": userID, "institution_id": "ins_109511",
		"initial_products": []string{"auth", "balance", "auth"}, "options": map[string]any{"webhook": "https://example.com/hook"}}).expect(t, 200, "").str("public_token")
	ex := c.post("/item/public_token/exchange", map[string]any{"public_token": pt}).expect(t, 200, "")
	itemID := ex.str("item_id")
	if len(itemID) != 37 || len(ex.str("access_token")) != len("access-sandbox-")+36 {
		t.Errorf("exchange answered %v", ex.body)
	}
	c.post("/item/public_token/exchange", map[string]any{"public_token": pt}).expect(t, 400, codeInvalidPublicToken)
	c.post("/item/public_token/exchange", `{"public_token":"public-sandbox-nope"}`).expect(t, 400, codeInvalidPublicToken)
	c.post("/item/public_token/exchange", `{}`).expect(t, 400, codeMissingFields)

	items := c.post("/user/items/get", map[string]any{"user_id": userID}).expect(t, 200, "").body["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("items: %v", items)
	}
	got := items[0].(map[string]any)
	want := map[string]any{
		"item_id": itemID, "institution_id": "ins_109511", "institution_name": "Tartan Bank",
		"webhook": "https://example.com/hook", "auth_method": "INSTANT_AUTH", "error": nil,
		"products": []any{"auth", "balance"}, "billed_products": []any{"auth"}, "consented_products": []any{"auth", "balance"},
		"consent_expiration_time": nil, "update_type": "background",
	}
	available := got["available_products"].([]any)
	delete(got, "available_products")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("item\n got %v\nwant %v", got, want)
	}
	if slices.Contains(available, any("auth")) || !slices.Contains(available, any("transactions")) {
		t.Errorf("available_products %v should hold the bank's other products only", available)
	}

	// A public token is good for 30 minutes.
	late := c.post("/sandbox/public_token/create", map[string]any{"user_id": userID, "institution_id": "ins_109508", "initial_products": []string{"transactions"}}).str("public_token")
	clock.advance(publicTokenLifetime + time.Second)
	c.post("/item/public_token/exchange", map[string]any{"public_token": late}).expect(t, 400, codeInvalidPublicToken)

	// An Item made without a user belongs to no user, yet can be removed.
	_, orphanToken := c.linkItem("", "")
	if n := len(c.emu.Users()[0].ItemIDs); n != 1 {
		t.Errorf("user has %d Items, want 1", n)
	}
	c.post("/item/remove", map[string]any{"access_token": orphanToken, "reason_code": "OTHER", "reason_note": "done"}).expect(t, 200, "")
	c.post("/item/remove", map[string]any{"access_token": orphanToken}).expect(t, 400, codeInvalidAccessToken)
	c.post("/item/remove", map[string]any{"access_token": ex.str("access_token"), "reason_code": "BORED"}).expect(t, 400, codeInvalidField)
	c.post("/item/remove", `{}`).expect(t, 400, codeMissingFields)

	c.post("/item/remove", map[string]any{"access_token": ex.str("access_token")}).expect(t, 200, "")
	items = c.post("/user/items/get", map[string]any{"user_id": userID}).expect(t, 200, "").body["items"].([]any)
	if len(items) != 0 {
		t.Errorf("removed Item still listed: %v", items)
	}
}

func TestUserItemsRemove(t *testing.T) {
	c := newTestClient(t, Options{})
	alice, bob := c.createUser("qa-alice", nil), c.createUser("qa-bob", nil)
	a1, _ := c.linkItem("user_id", alice)
	a2, _ := c.linkItem("user_id", alice)
	b1, _ := c.linkItem("user_id", bob)

	tests := []struct {
		name      string
		body      any
		status    int
		code      string
		wantAlice []string
	}{
		{"someone else's Item removes nothing", map[string]any{"user_id": alice, "item_ids": []string{a1, b1}}, 400, codeItemNotFound, []string{a1, a2}},
		{"unknown Item removes nothing", map[string]any{"user_id": alice, "item_ids": []string{"nope"}}, 400, codeItemNotFound, []string{a1, a2}},
		{"missing item_ids", map[string]any{"user_id": alice}, 400, codeMissingFields, []string{a1, a2}},
		{"no Items is a no-op", map[string]any{"user_id": alice, "item_ids": []string{}}, 200, "", []string{a1, a2}},
		{"unknown user", map[string]any{"user_id": "usr_doesnotexist00", "item_ids": []string{a1}}, 400, codeUserNotFound, []string{a1, a2}},
		{"own Item", map[string]any{"user_id": alice, "item_ids": []string{a1}}, 200, "", []string{a2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.post("/user/items/remove", tt.body).expect(t, tt.status, tt.code)
			if got := userItemIDs(t, c, alice); !slices.Equal(got, tt.wantAlice) {
				t.Errorf("alice's Items %v, want %v", got, tt.wantAlice)
			}
		})
	}
	if got := userItemIDs(t, c, bob); !slices.Equal(got, []string{b1}) {
		t.Errorf("bob's Items %v, want [%s]", got, b1)
	}
}

func userItemIDs(t *testing.T, c *testClient, userID string) []string {
	t.Helper()
	ids := []string{}
	for _, it := range c.post("/user/items/get", map[string]any{"user_id": userID}).expect(t, 200, "").body["items"].([]any) {
		ids = append(ids, it.(map[string]any)["item_id"].(string))
	}
	return ids
}

func TestSandboxUserResetLogin(t *testing.T) {
	c := newTestClient(t, Options{})
	alice, bob := c.createUser("qa-alice", nil), c.createUser("qa-bob", nil)
	a1, _ := c.linkItem("user_id", alice)
	a2, _ := c.linkItem("user_id", alice)
	b1, _ := c.linkItem("user_id", bob)

	tests := []struct {
		name       string
		body       any
		status     int
		code       string
		wantBroken []string // alice's Items in ITEM_LOGIN_REQUIRED after the call
	}{
		{"someone else's Item", map[string]any{"user_id": alice, "item_ids": []string{b1}}, 400, codeItemNotFound, nil},
		{"no user", `{}`, 400, codeMissingFields, nil},
		{"one Item", map[string]any{"user_id": alice, "item_ids": []string{a2}}, 200, "", []string{a2}},
		{"all Items", map[string]any{"user_id": alice}, 200, "", []string{a1, a2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.post("/sandbox/user/reset_login", tt.body).expect(t, tt.status, tt.code)
			var broken []string
			for _, it := range c.post("/user/items/get", map[string]any{"user_id": alice}).body["items"].([]any) {
				item := it.(map[string]any)
				if e, _ := item["error"].(map[string]any); e != nil {
					if e["error_code"] != codeItemLoginRequired || e["error_type"] != typeItemError {
						t.Errorf("Item error %v", e)
					}
					broken = append(broken, item["item_id"].(string))
				}
			}
			if !slices.Equal(broken, tt.wantBroken) {
				t.Errorf("Items in error %v, want %v", broken, tt.wantBroken)
			}
		})
	}
}

func TestInstitutionsAreSandboxOnes(t *testing.T) {
	c := newTestClient(t, Options{})
	userID := c.createUser("qa-banks", nil)
	for id, inst := range institutions {
		c.post("/sandbox/public_token/create", map[string]any{"user_id": userID, "institution_id": id, "initial_products": []string{"balance"}}).expect(t, 200, "")
		if inst.name == "" || len(inst.products) == 0 || len(unknownProducts(inst.products)) > 0 {
			t.Errorf("institution %s: %+v", id, inst)
		}
	}
}

// The users reference page, /user/items/get response fields: available_products,
// billed_products, products and consented_products are "[string]", not nullable: an Item without
// products (as a state file may hold one) still answers [].
func TestItemProductListsAreArraysNeverNull(t *testing.T) {
	raw, err := json.Marshal((&item{ItemID: "i", InstitutionID: "ins_109508"}).view())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	for _, list := range []string{"available_products", "billed_products", "products", "consented_products"} {
		if got[list] == nil {
			t.Errorf("%s is null in %s", list, raw)
		}
	}
}

// The spec's /item/get: "Returns information about the status of an Item", by its access_token
// (ItemGetRequest requires access_token; ItemGetResponse requires item and request_id). An
// Item without a user is read this way; a removed Item's token is INVALID_ACCESS_TOKEN.
func TestItemGetReturnsTheItemByItsAccessToken(t *testing.T) {
	c := newTestClient(t, Options{})
	itemID, token := c.linkItem("", "")
	got := c.post("/item/get", map[string]any{"access_token": token}).expect(t, 200, "")
	item, _ := got.body["item"].(map[string]any)
	if item["item_id"] != itemID || item["institution_id"] != "ins_109508" {
		t.Errorf("/item/get item = %v, want %s at ins_109508", item, itemID)
	}
	c.post("/item/get", map[string]any{"access_token": "access-sandbox-unknown"}).expect(t, 400, codeInvalidAccessToken)
	c.post("/item/remove", map[string]any{"access_token": token}).expect(t, 200, "")
	c.post("/item/get", map[string]any{"access_token": token}).expect(t, 400, codeInvalidAccessToken)
	c.post("/item/get", `{}`).expect(t, 400, codeMissingFields)
}
