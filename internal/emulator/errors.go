package emulator

import (
	"fmt"
	"net/http"
	"strings"
)

// Error types and codes as Plaid names them (see the PlaidError schema and
// https://plaid.com/docs/errors/).
const (
	typeInvalidRequest = "INVALID_REQUEST"
	typeInvalidInput   = "INVALID_INPUT"
	typeUserError      = "USER_ERROR"
	typeItemError      = "ITEM_ERROR"
	typeRateLimit      = "RATE_LIMIT_EXCEEDED"
	typeAPIError       = "API_ERROR"

	codeInvalidBody         = "INVALID_BODY"
	codeInvalidHeaders      = "INVALID_HEADERS"
	codeMissingFields       = "MISSING_FIELDS"
	codeUnknownFields       = "UNKNOWN_FIELDS"
	codeInvalidField        = "INVALID_FIELD"
	codeNotFound            = "NOT_FOUND"
	codeInvalidAPIKeys      = "INVALID_API_KEYS" //nolint:gosec // an error code, not a credential
	codeInvalidUserID       = "INVALID_USER_ID"
	codeInvalidUserToken    = "INVALID_USER_TOKEN"
	codeInvalidPublicToken  = "INVALID_PUBLIC_TOKEN"
	codeInvalidAccessToken  = "INVALID_ACCESS_TOKEN"
	codeInvalidInstitution  = "INVALID_INSTITUTION"
	codeInvalidProduct      = "INVALID_PRODUCT"
	codeUserNotFound        = "USER_NOT_FOUND"
	codeInvalidIdentityData = "INVALID_USER_IDENTITY_DATA"
	codeItemNotFound        = "ITEM_NOT_FOUND"
	codeItemLoginRequired   = "ITEM_LOGIN_REQUIRED"
	codeRateLimit           = "RATE_LIMIT"
	codeInternalServerError = "INTERNAL_SERVER_ERROR"
)

// errorKind is what Plaid fixes per error code: its type and HTTP status.
type errorKind struct {
	errorType string
	status    int
}

var errorKinds = map[string]errorKind{
	codeInvalidBody:         {typeInvalidRequest, http.StatusBadRequest},
	codeInvalidHeaders:      {typeInvalidRequest, http.StatusBadRequest},
	codeMissingFields:       {typeInvalidRequest, http.StatusBadRequest},
	codeUnknownFields:       {typeInvalidRequest, http.StatusBadRequest},
	codeInvalidField:        {typeInvalidRequest, http.StatusBadRequest},
	codeNotFound:            {typeInvalidRequest, http.StatusNotFound},
	codeInvalidAPIKeys:      {typeInvalidInput, http.StatusBadRequest},
	codeInvalidUserID:       {typeInvalidInput, http.StatusBadRequest},
	codeInvalidUserToken:    {typeInvalidInput, http.StatusBadRequest},
	codeInvalidPublicToken:  {typeInvalidInput, http.StatusBadRequest},
	codeInvalidAccessToken:  {typeInvalidInput, http.StatusBadRequest},
	codeInvalidInstitution:  {typeInvalidInput, http.StatusBadRequest},
	codeInvalidProduct:      {typeInvalidInput, http.StatusBadRequest},
	codeUserNotFound:        {typeUserError, http.StatusBadRequest},
	codeInvalidIdentityData: {typeUserError, http.StatusForbidden},
	codeItemNotFound:        {typeItemError, http.StatusBadRequest},
	codeItemLoginRequired:   {typeItemError, http.StatusBadRequest},
	codeRateLimit:           {typeRateLimit, http.StatusTooManyRequests},
	codeInternalServerError: {typeAPIError, http.StatusInternalServerError},
}

// plaidError is the body of every error answer, in the field order Plaid uses.
// request_id is filled in when the error is written.
type plaidError struct {
	ErrorType        string  `json:"error_type"`
	ErrorCode        string  `json:"error_code"`
	ErrorCodeReason  *string `json:"error_code_reason"`
	ErrorMessage     string  `json:"error_message"`
	DisplayMessage   *string `json:"display_message"`
	RequestID        string  `json:"request_id,omitempty"`
	DocumentationURL string  `json:"documentation_url"`
	SuggestedAction  *string `json:"suggested_action"`

	status int
}

// newError builds the error for code with a formatted developer message.
func newError(code, format string, args ...any) *plaidError {
	kind, ok := errorKinds[code]
	if !ok {
		// A code missing from the table is a bug of this package; answer as
		// Plaid does for its own faults rather than inventing a status.
		kind = errorKinds[codeInternalServerError]
	}
	return &plaidError{
		ErrorType:        kind.errorType,
		ErrorCode:        code,
		ErrorMessage:     fmt.Sprintf(format, args...),
		DocumentationURL: documentationURL(kind.errorType),
		status:           kind.status,
	}
}

// withDisplay adds the user-facing message Plaid sends for some errors.
func (e *plaidError) withDisplay(msg string) *plaidError {
	e.DisplayMessage = &msg
	return e
}

// withSuggestion adds Plaid's suggested_action.
func (e *plaidError) withSuggestion(msg string) *plaidError {
	e.SuggestedAction = &msg
	return e
}

// documentationURL is the link Plaid puts in errors: the errors guide anchored
// at the error type's section, e.g. https://plaid.com/docs/?ref=error#invalid-request-errors.
func documentationURL(errorType string) string {
	anchor := strings.ToLower(strings.ReplaceAll(errorType, "_", "-"))
	anchor = strings.TrimSuffix(anchor, "-error")
	return "https://plaid.com/docs/?ref=error#" + anchor + "-errors"
}

// Constructors for the errors raised in more than one place.

func errMissingFields(fields []string) *plaidError {
	return newError(codeMissingFields, "the following required fields are missing: %s", strings.Join(fields, ", "))
}

func errUnknownFields(fields []string) *plaidError {
	return newError(codeUnknownFields, "the following fields are not recognized by this endpoint: %s", strings.Join(fields, ", "))
}

func errInvalidField(format string, args ...any) *plaidError {
	return newError(codeInvalidField, format, args...)
}

func errIdentity(format string, args ...any) *plaidError {
	return newError(codeInvalidIdentityData, format, args...).
		withSuggestion("Check the identity data sent for the user: formats and required fields.")
}

func errUserNotFound() *plaidError {
	return newError(codeUserNotFound, "The User you requested cannot be found. This User does not exist or has had access removed by the user.")
}

func errItemNotFound() *plaidError {
	return newError(codeItemNotFound, "The Item you requested cannot be found. This Item does not exist, has been previously removed via /item/remove, or has had access removed by the user.")
}

func errInternal() *plaidError {
	return newError(codeInternalServerError, "an unexpected error occurred").
		withDisplay("Internal server error occurred").
		withSuggestion("Retry the request; contact Plaid support if the error persists.")
}
