package plaidclient

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// The users reference page documents /user/products/terminate with user_id, reason_code as a
// string such as "CONSUMER_ACCOUNT_CLOSED", and an optional reason_note.
func TestTerminateUserProductsSendsTheDocumentedJSON(t *testing.T) {
	plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `{"request_id":"req-1"}`)
	})
	c := mustNew(t, testConfig(plaid.URL))
	terminations := []ProductsTermination{
		{UserID: "usr_1", ReasonCode: "CONSUMER_ACCOUNT_CLOSED", ReasonNote: "closed"},
		{UserID: "usr_2", ReasonCode: "FRAUD_OTHER"},
	}
	for _, termination := range terminations {
		requestID, err := c.TerminateUserProducts(context.Background(), termination)
		if err != nil || requestID != "req-1" {
			t.Fatalf("TerminateUserProducts = %q, %v; want req-1", requestID, err)
		}
	}
	want := []map[string]any{
		{"user_id": "usr_1", "reason_code": "CONSUMER_ACCOUNT_CLOSED", "reason_note": "closed"},
		{"user_id": "usr_2", "reason_code": "FRAUD_OTHER"},
	}
	for i, got := range plaid.attempts() {
		var body map[string]any
		if err := json.Unmarshal([]byte(got.Body), &body); err != nil {
			t.Fatal(err)
		}
		if got.Path != "/user/products/terminate" || !reflect.DeepEqual(body, want[i]) {
			t.Errorf("request %d: %s %s, want %v", i+1, got.Path, got.Body, want[i])
		}
		if got.Header.Get("Content-Type") != "application/json" || got.Header.Get("PLAID-SECRET") != testSecret ||
			got.Header.Get("Plaid-Version") != "2020-09-14" {
			t.Errorf("request %d headers: %v", i+1, got.Header)
		}
	}
}

func TestTerminateUserProductsReturnsPlaidErrors(t *testing.T) {
	plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusBadRequest, plaidErrorBody("USER_ERROR", "USER_NOT_FOUND", "req-2"))
	})
	_, err := mustNew(t, testConfig(plaid.URL)).TerminateUserProducts(context.Background(),
		ProductsTermination{UserID: "usr_gone", ReasonCode: "FRAUD_OTHER"})
	if e, ok := AsError(err); !ok || e.ErrorCode != "USER_NOT_FOUND" || e.RequestID != "req-2" {
		t.Errorf("err = %v, want USER_NOT_FOUND with its request_id", err)
	}
}
