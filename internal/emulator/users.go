package emulator

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidenum"
)

// userRef names a user by user_id (new API) or user_token (legacy); the
// endpoints after /user/create accept either.
type userRef struct {
	UserID    *string `json:"user_id"`
	UserToken *string `json:"user_token"`
}

// resolveUser finds the user a request names. Unless optional, a request
// naming no user is refused.
func (e *Emulator) resolveUser(d *data, ref userRef, optional bool) (*user, *plaidError) {
	var u *user
	if ref.UserToken != nil {
		if u = d.userTokens[*ref.UserToken]; u == nil {
			return nil, newError(codeInvalidUserToken, "the provided user_token is invalid or does not exist")
		}
		if ref.UserID != nil && *ref.UserID != u.UserID {
			return nil, errInvalidField("user_id and user_token name different users")
		}
		return u, nil
	}
	if ref.UserID == nil {
		if optional {
			return nil, nil
		}
		if e.opts.Legacy {
			return nil, errMissingFields([]string{"user_token"})
		}
		return nil, errMissingFields([]string{"user_id"})
	}
	return findNewUser(d, *ref.UserID)
}

// findNewUser finds a user by a user_id of the new API (usr_...).
func findNewUser(d *data, userID string) (*user, *plaidError) {
	if !strings.HasPrefix(userID, "usr_") {
		return nil, newError(codeInvalidUserID, "the provided user_id is not a valid user_id: user_ids start with usr_")
	}
	u := d.users[userID]
	if u == nil || u.legacy() {
		return nil, errUserNotFound()
	}
	return u, nil
}

// /user/create

type userCreateRequest struct {
	credentials
	ClientUserID               string          `json:"client_user_id" plaid:"required,min=1,max=128"`
	EndCustomer                *string         `json:"end_customer" plaid:"max=128"`
	Identity                   *identityInput  `json:"identity" plaid:"identity,nullable"`
	ConsumerReportUserIdentity *legacyIdentity `json:"consumer_report_user_identity" plaid:"identity,nullable"`
	WithUpgradedUser           *bool           `json:"with_upgraded_user"`
}

type userCreateResponse struct {
	answer
	UserID    string `json:"user_id"`
	UserToken string `json:"user_token,omitempty"`
}

func (e *Emulator) userCreate(c *call, req *userCreateRequest) (int, response, *plaidError) {
	if looksLikePII(req.ClientUserID) {
		return 0, nil, errInvalidField("client_user_id must not contain personally identifiable information such as an email address, phone number or Social Security number")
	}
	// Integrations from before the new User API keep the user_token flow
	// unless they opt into the new API, with with_upgraded_user or with the
	// spec's (undocumented) header.
	newAPIHeader := false
	if h := c.r.Header.Get("Plaid-New-User-API-Enabled"); h != "" {
		var err error
		if newAPIHeader, err = strconv.ParseBool(h); err != nil {
			return 0, nil, newError(codeInvalidHeaders, "Plaid-New-User-API-Enabled must be true or false")
		}
	}
	legacy := e.opts.Legacy && !newAPIHeader && (req.WithUpgradedUser == nil || !*req.WithUpgradedUser)
	if perr := e.checkIdentityFlavor(legacy, req.Identity, req.ConsumerReportUserIdentity); perr != nil {
		return 0, nil, perr
	}
	status := http.StatusOK
	resp := &userCreateResponse{}
	perr := e.store.write(func(d *data) *plaidError {
		now := e.now().UTC().Truncate(time.Second)
		if legacy {
			if perr := e.legacyClientUserIDFree(d, req.ClientUserID); perr != nil {
				return perr
			}
			u := &user{Seq: d.nextSeq(), UserID: newLegacyUserID(), UserToken: newUserToken(), ClientUserID: req.ClientUserID,
				CreatedAt: now, UpdatedAt: now, LegacyIdentity: req.ConsumerReportUserIdentity, ItemIDs: []string{}}
			d.addUser(u)
			// The legacy API answers 200, as the spec's user_token example shows;
			// 201 Created came with the new API.
			resp.UserID, resp.UserToken = u.UserID, u.UserToken
			return nil
		}
		u := d.newUsers[req.ClientUserID]
		if u == nil {
			u = &user{Seq: d.nextSeq(), UserID: newUserID(), ClientUserID: req.ClientUserID, CreatedAt: now, UpdatedAt: now, ItemIDs: []string{}}
			d.addUser(u)
			status = http.StatusCreated
		} else if req.Identity != nil {
			u.UpdatedAt = now
		}
		// The identity sent is attached to the user, new or existing.
		if req.Identity != nil {
			u.Identity.merge(req.Identity)
			d.touchUser(u)
		}
		resp.UserID = u.UserID
		return nil
	})
	return status, resp, perr
}

// legacyClientUserIDFree refuses a client_user_id the legacy API has used: the legacy page fails
// a repeated one, and "If a user is created for a given client_user_id using /user/create and that
// user is then deleted with /user/remove, the client_user_id cannot be reused for another
// /user/create request." Plaid documents the failures, not their code; INVALID_FIELD on
// client_user_id is our reading.
func (e *Emulator) legacyClientUserIDFree(d *data, clientUserID string) *plaidError {
	if d.legacyUsers[clientUserID] != nil {
		return errInvalidField("a user has already been created for the given client_user_id")
	}
	if e.ledger.retired(clientUserID) {
		return errInvalidField("the user created for the given client_user_id was removed; a removed user's client_user_id cannot be reused")
	}
	return nil
}

// checkIdentityFlavor refuses the identity object of the other API flavor
// and validates the one sent.
func (e *Emulator) checkIdentityFlavor(legacy bool, id *identityInput, legacyID *legacyIdentity) *plaidError {
	if legacy && id != nil {
		return errInvalidField("identity is not supported for user_token users: send consumer_report_user_identity, or create the user with with_upgraded_user")
	}
	if !legacy && legacyID != nil {
		return errInvalidField("consumer_report_user_identity is only supported for user_token users: send identity")
	}
	if id != nil {
		return normalizeIdentity(id)
	}
	if legacyID != nil {
		return normalizeLegacyIdentity(legacyID)
	}
	return nil
}

// /user/get

type userGetRequest struct {
	credentials
	UserID string `json:"user_id" plaid:"required"`
}

type userGetResponse struct {
	answer
	UserID       string    `json:"user_id"`
	ClientUserID string    `json:"client_user_id"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Identity     *identity `json:"identity"`
}

func (e *Emulator) userGet(_ *call, req *userGetRequest) (int, response, *plaidError) {
	var resp *userGetResponse
	var perr *plaidError
	e.store.read(func(d *data) {
		var u *user
		if u, perr = findNewUser(d, req.UserID); perr != nil {
			return
		}
		resp = &userGetResponse{UserID: u.UserID, ClientUserID: u.ClientUserID, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
		if !u.Identity.empty() {
			resp.Identity = u.Identity.answered()
		}
	})
	return http.StatusOK, resp, perr
}

// /user/update

type userUpdateRequest struct {
	credentials
	userRef
	Identity                   *identityInput  `json:"identity" plaid:"identity,nullable"`
	ConsumerReportUserIdentity *legacyIdentity `json:"consumer_report_user_identity" plaid:"identity,nullable"`
}

func (e *Emulator) userUpdate(_ *call, req *userUpdateRequest) (int, response, *plaidError) {
	perr := e.store.write(func(d *data) *plaidError {
		u, perr := e.resolveUser(d, req.userRef, false)
		if perr != nil {
			return perr
		}
		if perr := e.checkIdentityFlavor(u.legacy(), req.Identity, req.ConsumerReportUserIdentity); perr != nil {
			return perr
		}
		switch {
		case req.Identity != nil:
			u.Identity.merge(req.Identity)
		case req.ConsumerReportUserIdentity != nil:
			u.LegacyIdentity = req.ConsumerReportUserIdentity
		default:
			return nil // nothing to change
		}
		u.UpdatedAt = e.now().UTC().Truncate(time.Second)
		d.touchUser(u)
		return nil
	})
	return http.StatusOK, &answer{}, perr
}

// /user/remove

type userRemoveRequest struct {
	credentials
	userRef
}

func (e *Emulator) userRemove(_ *call, req *userRemoveRequest) (int, response, *plaidError) {
	perr := e.store.write(func(d *data) *plaidError {
		u, perr := e.resolveUser(d, req.userRef, false)
		if perr != nil {
			return perr
		}
		d.removeUser(u)
		e.ledger.removed(u)
		return nil
	})
	return http.StatusOK, &answer{}, perr
}

// /user/products/terminate

// The reference names user_id and no user_token: the legacy user_token is refused as an unknown
// field, and a legacy user's user_id (not usr_...) as it is by /user/get.
type userProductsTerminateRequest struct {
	credentials
	UserID     string  `json:"user_id" plaid:"required"`
	ReasonCode string  `json:"reason_code" plaid:"required"`
	ReasonNote *string `json:"reason_note" plaid:"nullable,max=512"`
}

// userProductsTerminate ends the user's user-based subscription products. The reference says
// only that "the user will no longer be billed for these products": the user and its Items stay,
// and the emulator records the termination for the admin listing; a later call replaces it.
func (e *Emulator) userProductsTerminate(_ *call, req *userProductsTerminateRequest) (int, response, *plaidError) {
	if !plaidenum.IsProductsTerminationReasonCode(req.ReasonCode) {
		return 0, nil, errInvalidField("reason_code must be one of: %s", strings.Join(plaidenum.ProductsTerminationReasonCodes(), ", "))
	}
	var perr *plaidError
	e.store.read(func(d *data) { // the stored state does not change
		var u *user
		if u, perr = findNewUser(d, req.UserID); perr != nil {
			return
		}
		e.ledger.terminated(u.UserID, ProductsTermination{ReasonCode: req.ReasonCode, ReasonNote: req.ReasonNote,
			TerminatedAt: e.now().UTC().Truncate(time.Second)})
	})
	return http.StatusOK, &answer{}, perr
}
