package plaidclient

import (
	"fmt"
	"time"
)

// This file holds the gateway's own types: what the operations take and return, in plain Go,
// so that no caller depends on plaid-go's generated models.

// UserRef names a user in a request: by user_id (Plaid's new user APIs, `usr_...`) or, for a
// legacy user, by user_token. Exactly one is set.
type UserRef struct {
	UserID    string
	UserToken string // a credential: never in a message or a log line
}

// String names the user in messages: its user_id, never the token.
func (r UserRef) String() string {
	if r.UserToken == "" {
		return fmt.Sprintf("user %q", r.UserID)
	}
	return "the user_token user"
}

// Identity is a user's identity in the new user APIs (Plaid's ClientUserIdentity). In a request
// a nil list is left out and a non-nil empty list is sent as [], which clears the list on
// /user/update (Plaid merges updates). An empty string is an absent value.
type Identity struct {
	Name         *Name
	DateOfBirth  string // yyyy-mm-dd
	Emails       []Contact
	PhoneNumbers []Contact
	Addresses    []Address
	IDNumbers    []IDNumber
}

// Name is Identity.Name; both parts are required by Plaid.
type Name struct{ GivenName, FamilyName string }

// Contact is one email address or phone number (E.164).
type Contact struct {
	Data    string
	Primary bool
}

// Address is one postal address; Country is an ISO 3166-1 alpha-2 code.
type Address struct {
	Street1, Street2, City, Region, PostalCode string
	Country                                    string
	Primary                                    bool
}

// IDNumber is one identity document number; Type is one of plaidenum's ID number types.
type IDNumber struct{ Value, Type string }

// LegacyIdentity is consumer_report_user_identity, which legacy (user_token) integrations send
// whole on /user/create and /user/update. Plaid never returns it.
type LegacyIdentity struct {
	FirstName, LastName  string
	PhoneNumbers, Emails []string
	DateOfBirth          string // yyyy-mm-dd; "" is sent as null
	PrimaryAddress       *LegacyAddress
	SSNFull, SSNLast4    string
}

// LegacyAddress is LegacyIdentity.PrimaryAddress; an empty field is sent as null.
type LegacyAddress struct{ Street, City, Region, PostalCode, Country string }

// NewUser is what /user/create registers.
type NewUser struct {
	ClientUserID string
	Identity     *Identity       // nil: none
	Legacy       *LegacyIdentity // nil: none
}

// CreatedUser is Plaid's answer to /user/create.
type CreatedUser struct {
	UserID    string
	UserToken string // legacy integrations only
	// Created is true when Plaid answered 201 Created: the user is new. Plaid documents 200 OK
	// for a client_user_id it already knows; Created is false then.
	Created bool
	// EarlierAttemptAmbiguous is true when an earlier attempt of this same call was sent and got
	// no usable answer (no answer at all, or a 5xx): Plaid may have created the user then, so a
	// 200 may return the user that attempt created.
	EarlierAttemptAmbiguous bool
	RequestID               string
}

// Legacy reports whether Plaid answered as to a legacy integration, with a user_token.
func (c CreatedUser) Legacy() bool { return c.UserToken != "" }

// User is what /user/get returns.
type User struct {
	UserID       string
	ClientUserID string // "" when Plaid has none
	CreatedAt    time.Time
	UpdatedAt    *time.Time
	Identity     *Identity // nil when Plaid returned none
}

// UserUpdate is what /user/update sends; nil fields are left out.
type UserUpdate struct {
	Identity *Identity
	Legacy   *LegacyIdentity
}

// Item is one of a user's Items as /user/items/get describes it. Pointers and nil lists are
// values Plaid left null or absent.
type Item struct {
	ItemID                string
	InstitutionID         *string
	InstitutionName       *string
	Webhook               *string
	AuthMethod            *string
	AvailableProducts     []string
	BilledProducts        []string
	Products              []string
	ConsentedProducts     []string
	ConsentExpirationTime *time.Time
	UpdateType            string
	Error                 *ItemError
}

// ItemError is an Item's error, such as ITEM_LOGIN_REQUIRED.
type ItemError struct {
	ErrorType, ErrorCode, ErrorMessage string
	DisplayMessage                     *string
}

// SandboxItem describes an Item to create in the Sandbox without Link.
type SandboxItem struct {
	User             UserRef // zero: an Item linked to no user
	InstitutionID    string
	InitialProducts  []string
	Webhook          string // "" for none
	OverrideUsername string
	OverridePassword string
}

// CreatedItem is a new Item: its ID and access token.
type CreatedItem struct {
	ItemID      string
	AccessToken string // a credential: never in a message or a log line
}

// ProductsTermination is what /user/products/terminate sends. The users reference documents the
// call with a user_id alone (no user_token, unlike the other user calls).
type ProductsTermination struct {
	UserID     string
	ReasonCode string
	ReasonNote string // "" for none
}
