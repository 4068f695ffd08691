package plaidclient

import (
	"errors"
	"fmt"
	"slices"
)

// The gateway's errors. Every operation fails with one of three types, always returned as a
// pointer: *Error (Plaid answered with an error), *NoAnswerError (no answer at all) or
// *UnexpectedAnswerError (an answer that is not what Plaid's spec says). Errors of the context
// (a deadline, a cancellation) are found inside a *NoAnswerError with errors.Is.

// Error is an error answer from Plaid (https://plaid.com/docs/errors/).
type Error struct {
	HTTPStatus       int
	ErrorType        string
	ErrorCode        string
	ErrorMessage     string
	DisplayMessage   string
	RequestID        string
	DocumentationURL string
	SuggestedAction  string
	Attempts         int  // requests sent, the first included
	Exhausted        bool // a retryable answer, and every retry allowed was used
	// Ambiguous: an attempt before this answer may have been carried out by Plaid (it got no
	// answer, or a 5xx), so the request may have had its effect after all.
	Ambiguous bool
}

func (e *Error) Error() string {
	return fmt.Sprintf("Plaid error %s/%s (HTTP %d, request_id %s): %s",
		e.ErrorType, e.ErrorCode, e.HTTPStatus, e.RequestID, e.ErrorMessage)
}

// NoAnswerError reports a request that got no HTTP answer from Plaid.
type NoAnswerError struct {
	Attempts  int  // requests sent, the first included
	Exhausted bool // every retry allowed was used
	// Ambiguous: an attempt left this machine and Plaid may have carried it out.
	Ambiguous bool
	Err       error // the last attempt's cause
}

func (e *NoAnswerError) Error() string {
	if e.Exhausted {
		return fmt.Sprintf("no answer from Plaid after %s (retries exhausted): %v", plural(e.Attempts, "attempt"), e.Err)
	}
	return fmt.Sprintf("no answer from Plaid after %s: %v", plural(e.Attempts, "attempt"), e.Err)
}

func (e *NoAnswerError) Unwrap() error { return e.Err }

// UnexpectedAnswerError is an answer that is not what Plaid's spec says: a success status with
// an error body, a body that is not JSON, a redirect, a required field missing or malformed, a
// body over MaxAnswerBytes. Excerpt never holds a value from a JSON body, which may carry
// identity data or tokens: for JSON it lists the top-level field names, otherwise it is the
// first printable characters.
type UnexpectedAnswerError struct {
	Operation   string // the Plaid endpoint, such as /user/create
	HTTPStatus  int
	ContentType string
	Reason      string
	Excerpt     string
	RequestID   string
	Attempts    int
	// Ambiguous: Plaid may have carried out the request (it answered with a 2xx, or an
	// earlier attempt may have been served).
	Ambiguous bool
}

func (e *UnexpectedAnswerError) Error() string {
	msg := fmt.Sprintf("unexpected answer from Plaid to %s (HTTP %d", e.Operation, e.HTTPStatus)
	if e.ContentType != "" {
		msg += ", " + e.ContentType
	}
	if e.RequestID != "" {
		msg += ", request_id " + e.RequestID
	}
	msg += "): " + e.Reason
	if e.Excerpt != "" {
		msg += "; the answer began: " + e.Excerpt
	}
	return msg
}

// AsError finds a Plaid error answer in err's chain.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// HasCode reports whether err is a Plaid error answer with one of the error codes.
func HasCode(err error, codes ...string) bool {
	e, ok := AsError(err)
	return ok && slices.Contains(codes, e.ErrorCode)
}

// IsRefusal reports a Plaid error answer that asking again cannot change: the request itself
// is wrong (a 4xx other than a rate limit).
func IsRefusal(err error) bool {
	e, ok := AsError(err)
	return ok && e.HTTPStatus >= 400 && e.HTTPStatus < 500 && !retryableStatus(e.HTTPStatus)
}

// IsUserNotFound reports whether Plaid answered that the user_id names no user (never did, or
// the user was removed).
func IsUserNotFound(err error) bool { return HasCode(err, "USER_NOT_FOUND") }

// IsUserGone reports whether Plaid answered that the user no longer exists: USER_NOT_FOUND for a
// user_id, INVALID_USER_TOKEN for a legacy user's user_token.
func IsUserGone(err error) bool { return HasCode(err, "USER_NOT_FOUND", "INVALID_USER_TOKEN") }

// IsItemGone reports whether Plaid answered that an Item no longer exists: ITEM_NOT_FOUND, or
// INVALID_ACCESS_TOKEN for the access token of a removed Item.
func IsItemGone(err error) bool { return HasCode(err, "ITEM_NOT_FOUND", "INVALID_ACCESS_TOKEN") }

// plural returns "1 attempt" or "4 attempts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
