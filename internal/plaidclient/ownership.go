package plaidclient

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ClockSkewMargin is how far Plaid's clock may run behind this machine's before a user Plaid
// says it created during an operation looks older than the operation. /user/create answers 200
// for a client_user_id Plaid already knows, but Plaid documents 200 as well as 201 for it; when
// Plaid answers 200, a user created at or after the operation's start, less this margin, is
// taken for the one the operation created. A user someone else created with the same
// client_user_id within this margin before the operation would be taken for ours too: that is
// the risk that remains, documented with plaid_user.
const ClockSkewMargin = time.Minute

// ExistingUserError reports that Plaid already had a user with the client_user_id before the
// operation began: it was not created by this operation and must not be taken over, changed or
// removed by it. The way to manage it is to import it by UserID.
type ExistingUserError struct {
	ClientUserID string
	UserID       string
	CreatedAt    time.Time // zero for a legacy user
}

func (e *ExistingUserError) Error() string {
	msg := fmt.Sprintf("Plaid already has a user with client_user_id %q: user_id %s", e.ClientUserID, e.UserID)
	if !e.CreatedAt.IsZero() {
		msg += ", created " + e.CreatedAt.UTC().Format(time.RFC3339)
	}
	return msg + ", before this operation began"
}

// DuplicateClientUserIDError reports a second creation of the same client_user_id through one
// Client, which Plaid would answer with the first one's user: two owners of one user.
type DuplicateClientUserIDError struct{ ClientUserID string }

func (e *DuplicateClientUserIDError) Error() string {
	return fmt.Sprintf("client_user_id %q is being created twice through the same provider configuration", e.ClientUserID)
}

// reasks bounds how many times CreateNewUser sends /user/create again after a success answer
// outside the spec, which hides a user Plaid created, to learn its user_id.
const reasks = 2

// CreateNewUser creates a user that the caller will own, with /user/create and the
// client_user_id alone, so that a user Plaid already had is never changed by the call that
// discovers it (Plaid's docs do not say whether a repeated /user/create stores the identity it
// carries). The caller sets the identity afterwards with UpdateUser.
//
// The user is the caller's when Plaid answers 201 Created, or 200 with a user whose created_at is
// not before started less ClockSkewMargin: the user an earlier, unanswered attempt of this call
// created, or a Plaid that answers 200 to a new user. Anything older is an *ExistingUserError.
// After a success answer outside the spec, the call is sent again to learn the user's user_id, so
// a user Plaid created is not lost. (No answer or a 5xx is retried within max_retries already;
// when those run out, the error says Plaid may have created the user: MayHaveCarriedOut.) A second call with the same client_user_id through this
// Client fails with *DuplicateClientUserIDError before anything is sent. The result's User is
// the user as /user/get returned it when the decision needed it; nil otherwise.
func (c *Client) CreateNewUser(ctx context.Context, clientUserID string, started time.Time) (CreatedUser, *User, error) {
	if _, taken := c.claimed.LoadOrStore(clientUserID, true); taken {
		return CreatedUser{}, nil, &DuplicateClientUserIDError{ClientUserID: clientUserID}
	}
	created, err := c.CreateUser(ctx, NewUser{ClientUserID: clientUserID})
	for i := 0; i < reasks && oddSuccess(err) && ctx.Err() == nil; i++ {
		created, err = c.CreateUser(ctx, NewUser{ClientUserID: clientUserID})
		created.EarlierAttemptAmbiguous = true
		markAmbiguous(err) // an earlier answer hid a user Plaid created
	}
	if err != nil || created.Created || created.Legacy() {
		// A legacy integration refuses a client_user_id it knows (an error), so a user_token
		// answer is a new user.
		return created, nil, err
	}
	user, err := c.GetUser(ctx, created.UserID)
	if err != nil {
		return created, nil, fmt.Errorf("checking whether user %s is new: %w", created.UserID, err)
	}
	if user.CreatedAt.Before(started.Add(-ClockSkewMargin)) {
		return created, &user, &ExistingUserError{ClientUserID: clientUserID, UserID: user.UserID, CreatedAt: user.CreatedAt}
	}
	return created, &user, nil
}

// oddSuccess reports a 2xx answer outside the spec: Plaid did the work, but its answer is unusable.
func oddSuccess(err error) bool {
	var unexpected *UnexpectedAnswerError
	return errors.As(err, &unexpected) && unexpected.HTTPStatus/100 == 2
}

// MayHaveCarriedOut reports whether err leaves open that Plaid carried out the request: no
// answer after the request left, a 5xx, a 2xx outside the spec, or any error answer after an
// attempt that may have been carried out.
func MayHaveCarriedOut(err error) bool {
	var (
		noAnswer   *NoAnswerError
		unexpected *UnexpectedAnswerError
	)
	switch {
	case errors.As(err, &noAnswer):
		return noAnswer.Ambiguous
	case errors.As(err, &unexpected):
		return unexpected.Ambiguous
	}
	var plaidErr *Error
	return errors.As(err, &plaidErr) && (plaidErr.Ambiguous || retryableStatus(plaidErr.HTTPStatus) && plaidErr.HTTPStatus >= 500)
}

// markAmbiguous records on a Plaid error answer that an earlier attempt may have had its effect.
func markAmbiguous(err error) {
	var plaidErr *Error
	if errors.As(err, &plaidErr) {
		plaidErr.Ambiguous = true
	}
}
