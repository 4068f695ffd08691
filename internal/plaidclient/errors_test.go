package plaidclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestAsErrorFindsPlaidErrorsThroughWrapping(t *testing.T) {
	plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusBadRequest, `{"error_type":"USER_ERROR","error_code":"USER_NOT_FOUND",`+
			`"error_message":"the user does not exist","display_message":"Try again","request_id":"req-42",`+
			`"documentation_url":"https://plaid.com/docs","suggested_action":null}`)
	})
	_, err := mustNew(t, testConfig(plaid.URL)).GetUser(context.Background(), "usr_gone")
	want := Error{HTTPStatus: 400, ErrorType: "USER_ERROR", ErrorCode: "USER_NOT_FOUND",
		ErrorMessage: "the user does not exist", DisplayMessage: "Try again", RequestID: "req-42",
		DocumentationURL: "https://plaid.com/docs", Attempts: 1}
	for name, wrapped := range map[string]error{
		"bare":    err,
		"wrapped": fmt.Errorf("reading user: %w", err),
		"twice":   fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", err)),
		"joined":  errors.Join(errors.New("other"), err),
	} {
		got, ok := AsError(wrapped)
		if !ok || *got != want {
			t.Errorf("%s: AsError = %+v, %v; want %+v", name, got, ok, want)
		}
		if !IsUserNotFound(wrapped) || !IsUserGone(wrapped) || IsItemGone(wrapped) {
			t.Errorf("%s: IsUserNotFound %v, IsUserGone %v, IsItemGone %v; want true, true, false", name,
				IsUserNotFound(wrapped), IsUserGone(wrapped), IsItemGone(wrapped))
		}
	}
}

func TestAsErrorIgnoresWhatIsNotAPlaidError(t *testing.T) {
	for name, err := range map[string]error{
		"nil":        nil,
		"plain":      errors.New("boom"),
		"deadline":   context.DeadlineExceeded,
		"no answer":  &NoAnswerError{Attempts: 2, Err: errors.New("EOF")},
		"unexpected": &UnexpectedAnswerError{HTTPStatus: 502, Reason: "a proxy's page"},
	} {
		if got, ok := AsError(err); ok {
			t.Errorf("%s: AsError = %+v, want nothing", name, got)
		}
		if IsUserNotFound(err) || IsUserGone(err) || HasCode(err, "USER_NOT_FOUND") {
			t.Errorf("%s: taken for a Plaid error code", name)
		}
	}
}

func TestGoneHelpersKnowPlaidsCodes(t *testing.T) {
	for code, want := range map[string][2]bool{ // IsUserGone, IsItemGone
		"USER_NOT_FOUND":       {true, false},
		"INVALID_USER_TOKEN":   {true, false},
		"ITEM_NOT_FOUND":       {false, true},
		"INVALID_ACCESS_TOKEN": {false, true},
		"INVALID_FIELD":        {false, false},
	} {
		err := fmt.Errorf("x: %w", &Error{ErrorCode: code})
		if IsUserGone(err) != want[0] || IsItemGone(err) != want[1] {
			t.Errorf("%s: IsUserGone %v, IsItemGone %v; want %v", code, IsUserGone(err), IsItemGone(err), want)
		}
	}
}

func TestIsRefusal(t *testing.T) {
	for status, want := range map[int]bool{400: true, 403: true, 404: true, 429: false, 500: false, 503: false} {
		if got := IsRefusal(fmt.Errorf("x: %w", &Error{HTTPStatus: status})); got != want {
			t.Errorf("HTTP %d: IsRefusal = %v, want %v", status, got, want)
		}
	}
	if IsRefusal(&NoAnswerError{}) {
		t.Error("no answer is not a refusal")
	}
}
