package plaidclient

import (
	"context"
	"net/http"
	"strings"

	"github.com/plaid/plaid-go/v43/plaid"
)

// CreateUser registers a user with /user/create. Plaid documents 201 Created for a new user and
// 200 OK for a client_user_id it already knows (the new API returns that user then); the result
// says which, and whether an earlier attempt may have created the user already. A user_id that
// is not a `usr_` ID (or, for a legacy answer with a user_token, an empty one) is an
// *UnexpectedAnswerError.
func (c *Client) CreateUser(ctx context.Context, user NewUser) (CreatedUser, error) {
	const endpoint = "/user/create"
	request := plaid.NewUserCreateRequest(user.ClientUserID)
	if user.Identity != nil {
		request.SetIdentity(identityToPlaid(user.Identity))
	}
	if user.Legacy != nil {
		request.SetConsumerReportUserIdentity(legacyToPlaid(user.Legacy))
	}
	answer, f, err := call(ctx, c, endpoint, func(ctx context.Context) (plaid.UserCreateResponse, *http.Response, error) {
		return c.api.PlaidApi.UserCreate(ctx).UserCreateRequest(*request).Execute()
	})
	if err != nil {
		return CreatedUser{}, err
	}
	created := CreatedUser{
		UserID: answer.UserId, UserToken: answer.GetUserToken(), RequestID: answer.RequestId,
		Created: f.status == http.StatusCreated, EarlierAttemptAmbiguous: f.earlierAmbiguous,
	}
	switch {
	case created.Legacy() && created.UserID == "":
		return created, malformed(endpoint, f, "no user_id next to the user_token")
	case !created.Legacy() && !IsUserID(created.UserID):
		return created, malformed(endpoint, f, "the user_id is not a Plaid user ID (usr_...)")
	}
	return created, nil
}

// IsUserID reports whether id has the form of a user ID of Plaid's new user APIs: "usr_" and
// at least one more character.
func IsUserID(id string) bool { return strings.HasPrefix(id, "usr_") && len(id) > len("usr_") }

// GetUser reads a user of the new user APIs with /user/get (Plaid does not serve legacy
// user_token users there).
func (c *Client) GetUser(ctx context.Context, userID string) (User, error) {
	const endpoint = "/user/get"
	answer, f, err := call(ctx, c, endpoint, func(ctx context.Context) (plaid.UserGetResponse, *http.Response, error) {
		return c.api.PlaidApi.UserGet(ctx).UserGetRequest(*plaid.NewUserGetRequest(userID)).Execute()
	})
	if err != nil {
		return User{}, err
	}
	if answer.UserId != userID {
		return User{}, malformed(endpoint, f, "the answer describes another user_id than the one asked for")
	}
	return User{
		UserID:       answer.UserId,
		ClientUserID: answer.GetClientUserId(),
		CreatedAt:    answer.CreatedAt,
		UpdatedAt:    answer.UpdatedAt,
		Identity:     identityFromPlaid(answer.Identity.Get()),
	}, nil
}

// UpdateUser sends an identity with /user/update, which merges it into what Plaid has.
func (c *Client) UpdateUser(ctx context.Context, user UserRef, update UserUpdate) error {
	request := plaid.NewUserUpdateRequest()
	user.name(request)
	if update.Identity != nil {
		request.SetIdentity(identityToPlaid(update.Identity))
	}
	if update.Legacy != nil {
		request.SetConsumerReportUserIdentity(legacyToPlaid(update.Legacy))
	}
	_, _, err := call(ctx, c, "/user/update", func(ctx context.Context) (plaid.UserUpdateResponse, *http.Response, error) {
		return c.api.PlaidApi.UserUpdate(ctx).UserUpdateRequest(*request).Execute()
	})
	return err
}

// RemoveUser deletes a user and its Items with /user/remove.
func (c *Client) RemoveUser(ctx context.Context, user UserRef) error {
	request := plaid.NewUserRemoveRequest()
	user.name(request)
	_, _, err := call(ctx, c, "/user/remove", func(ctx context.Context) (plaid.UserRemoveResponse, *http.Response, error) {
		return c.api.PlaidApi.UserRemove(ctx).UserRemoveRequest(*request).Execute()
	})
	return err
}
