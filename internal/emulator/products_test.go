package emulator

import (
	"strings"
	"testing"
	"time"
)

// The users reference page, /user/products/terminate, request fields: user_id "required, string";
// reason_code "required, string", "Possible values: FRAUD_FIRST_PARTY, ... OTHER"; reason_note
// "string", "Max length: 512". No user_token field is listed (nor in the spec's
// UserProductsTerminateRequest).
func TestProductsTerminateRequiresUserIDAndAListedReasonCode(t *testing.T) {
	c := newTestClient(t, Options{})
	userID := c.createUser("qa-terminate", nil)
	body := func(fields ...any) map[string]any {
		b := map[string]any{"user_id": userID, "reason_code": "CONSUMER_ACCOUNT_CLOSED"}
		for i := 0; i+1 < len(fields); i += 2 {
			b = with(b, fields[i].(string), fields[i+1])
		}
		return b
	}
	tests := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"documented example", body("reason_note", "User closed account with client."), 200, ""},
		{"without reason_note", body(), 200, ""},
		{"null reason_note", body("reason_note", null), 200, ""},
		{"reason_note of 512 characters", body("reason_note", strings.Repeat("é", 512)), 200, ""},
		{"reason_note of 513 characters", body("reason_note", strings.Repeat("x", 513)), 400, codeInvalidField},
		{"reason_code not listed", body("reason_code", "FRAUD"), 400, codeInvalidField},
		{"reason_code in lower case", body("reason_code", "consumer_account_closed"), 400, codeInvalidField},
		{"reason_code not a string", body("reason_code", 3), 400, codeInvalidField},
		{"no reason_code", `{"user_id":"` + userID + `"}`, 400, codeMissingFields},
		{"no user_id", `{"reason_code":"OTHER"}`, 400, codeMissingFields},
		{"user_token is not a field", `{"user_token":"user-sandbox-x","reason_code":"OTHER"}`, 400, codeUnknownFields},
		{"user_id not usr_", body("user_id", "42"), 400, codeInvalidUserID},
		{"unknown user", body("user_id", "usr_doesnotexist00"), 400, codeUserNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.post("/user/products/terminate", tt.body).expect(t, tt.status, tt.code)
			if tt.status == 200 && len(r.body) != 1 {
				t.Errorf("answer %v, want request_id alone", r.body)
			}
		})
	}
	for _, reason := range []string{"FRAUD_FIRST_PARTY", "FRAUD_FALSE_IDENTITY", "FRAUD_ABUSE", "FRAUD_OTHER",
		"CONSUMER_LOAN_PAID_OFF", "CONSUMER_ACCOUNT_CLOSED", "CONSUMER_CHARGE_OFF", "CONSUMER_PAYMENT_METHOD_SWITCHED",
		"USER_OFFBOARDING", "DUPLICATE_ITEM", "BILLING_TERMINATION", "OTHER"} { // the page's list, in its order
		c.post("/user/products/terminate", body("reason_code", reason)).expect(t, 200, "")
	}
}

// "Terminates user-based recurring subscription bundles or products (...) associated with a
// user_id. After you call this endpoint, the user will no longer be billed for these products."
// Nothing is said to end the user or its Items (/user/items/remove ends per-Item billing), so
// both stay; the admin listing shows the termination.
func TestProductsTerminateEndsBillingButLeavesTheUserAndItsItems(t *testing.T) {
	c := newTestClient(t, Options{})
	clock := useFakeClock(c)
	userID := c.createUser("qa-terminate", fullIdentity())
	itemID, _ := c.linkItem("user_id", userID)
	c.post("/user/products/terminate", map[string]any{"user_id": userID, "reason_code": "FRAUD_ABUSE"}).expect(t, 200, "")
	clock.advance(time.Minute)
	note := "User closed account with client."
	c.post("/user/products/terminate", map[string]any{"user_id": userID, "reason_code": "CONSUMER_ACCOUNT_CLOSED", "reason_note": note}).expect(t, 200, "")

	c.post("/user/get", map[string]any{"user_id": userID}).expect(t, 200, "")
	if got := userItemIDs(t, c, userID); len(got) != 1 || got[0] != itemID {
		t.Errorf("Items after terminate: %v, want [%s]", got, itemID)
	}
	listed := c.emu.Users()[0].ProductsTerminated
	want := ProductsTermination{ReasonCode: "CONSUMER_ACCOUNT_CLOSED", ReasonNote: &note, TerminatedAt: clock.now()}
	if listed == nil || listed.ReasonCode != want.ReasonCode || *listed.ReasonNote != note || !listed.TerminatedAt.Equal(want.TerminatedAt) {
		t.Errorf("listing shows %+v, want the last call %+v", listed, want)
	}
	overHTTP := c.get("/__emulator/users").body["users"].([]any)[0].(map[string]any)["products_terminated"]
	if got, _ := overHTTP.(map[string]any); got["reason_code"] != "CONSUMER_ACCOUNT_CLOSED" || got["reason_note"] != note {
		t.Errorf("GET /__emulator/users shows products_terminated %v", overHTTP)
	}

	c.post("/user/remove", map[string]any{"user_id": userID}).expect(t, 200, "")
	again := c.createUser("qa-terminate", nil)
	if got := c.emu.Users()[0]; got.UserID != again || got.ProductsTerminated != nil {
		t.Errorf("a new user with the client_user_id of a removed one inherits %+v", got)
	}
}

// The legacy page documents no /user/products/terminate; the users page names the user by user_id
// only, which a legacy integration does not use. As /user/get, the endpoint refuses a legacy
// user's user_id (not usr_...).
func TestProductsTerminateRefusesLegacyUserIDs(t *testing.T) {
	c := newTestClient(t, Options{Legacy: true})
	legacy := c.post("/user/create", `{"client_user_id":"qa-legacy"}`).expect(t, 200, "")
	c.post("/user/products/terminate", map[string]any{"user_id": legacy.str("user_id"), "reason_code": "OTHER"}).expect(t, 400, codeInvalidUserID)
	c.post("/user/products/terminate", map[string]any{"user_token": legacy.str("user_token"), "reason_code": "OTHER"}).expect(t, 400, codeUnknownFields)
}
