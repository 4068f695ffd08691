package emulator

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/plaid/plaid-go/v43/plaid"
)

// plaidClient is a plaid-go client of the server, configured the way the
// provider configures it, with the conformance check on its transport.
func plaidClient(t *testing.T, s *Server, clientID, secret string) *plaid.PlaidApiService {
	cfg := plaid.NewConfiguration()
	cfg.AddDefaultHeader("PLAID-CLIENT-ID", clientID)
	cfg.AddDefaultHeader("PLAID-SECRET", secret)
	cfg.UseEnvironment(plaid.Environment(s.URL))
	cfg.HTTPClient = &http.Client{Transport: conformingTransport{t: t, base: http.DefaultTransport}, Timeout: 30 * time.Second}
	return plaid.NewAPIClient(cfg).PlaidApi
}

// done closes the response body of a plaid-go call (plaid-go has read it)
// and returns the result with the HTTP status (0 without a response).
func done[T any](result T, resp *http.Response, err error) (T, int, error) {
	status := 0
	if resp != nil {
		status = resp.StatusCode
		resp.Body.Close()
	}
	return result, status, err
}

// plaidErr decodes the Plaid error of a failed plaid-go call.
func plaidErr(t *testing.T, err error) plaid.PlaidError {
	t.Helper()
	var apiErr plaid.GenericOpenAPIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is not a plaid-go API error", err)
	}
	perr, decodeErr := plaid.ToPlaidError(apiErr)
	if decodeErr != nil {
		t.Fatalf("decoding Plaid error: %v", decodeErr)
	}
	return perr
}

//nolint:bodyclose // every response goes through done, which bodyclose cannot follow
func TestThroughPlaidGo(t *testing.T) {
	s := startServer(t, Options{ClientID: testClientID, Secret: testSecret}, ServerOptions{})
	api := plaidClient(t, s, testClientID, testSecret)
	ctx := context.Background()

	identity := plaid.NewClientUserIdentity()
	identity.SetName(*plaid.NewClientUserIdentityName("Carmen", "Berzatto"))
	identity.SetDateOfBirth("1987-01-31")
	identity.SetEmails([]plaid.ClientUserIdentityEmail{*plaid.NewClientUserIdentityEmail("carmen@example.com", true)})
	identity.SetPhoneNumbers([]plaid.ClientUserIdentityPhoneNumber{*plaid.NewClientUserIdentityPhoneNumber("+13125551212", true)})
	address := plaid.NewClientUserIdentityAddress("US", true)
	address.SetStreet1("3200 W Armitage Ave")
	address.SetCity("Chicago")
	identity.SetAddresses([]plaid.ClientUserIdentityAddress{*address})
	identity.SetIdNumbers([]plaid.UserIDNumber{*plaid.NewUserIDNumber("1234", plaid.IDNUMBERTYPE_US_SSN_LAST_4)})

	createReq := plaid.NewUserCreateRequest("qa-plaid-go")
	createReq.SetIdentity(*identity)
	created, status, err := done(api.UserCreate(ctx).UserCreateRequest(*createReq).Execute())
	if err != nil || status != http.StatusCreated {
		t.Fatalf("UserCreate: %d %v", status, err)
	}
	userID := created.GetUserId()

	got, _, err := done(api.UserGet(ctx).UserGetRequest(*plaid.NewUserGetRequest(userID)).Execute())
	if err != nil {
		t.Fatalf("UserGet: %v", err)
	}
	gotIdentity := got.GetIdentity()
	if got.GetClientUserId() != "qa-plaid-go" || gotIdentity.GetName().GivenName != "Carmen" ||
		gotIdentity.GetDateOfBirth() != "1987-01-31" || gotIdentity.GetAddresses()[0].GetCity() != "Chicago" ||
		got.GetCreatedAt().IsZero() || got.GetRequestId() == "" {
		t.Errorf("UserGet answered %+v", got)
	}

	update := plaid.NewUserUpdateRequest()
	update.SetUserId(userID)
	change := plaid.NewClientUserIdentity()
	change.SetNameNil() // plaid-go sends "name": null, which clears the name
	change.SetEmails([]plaid.ClientUserIdentityEmail{})
	update.SetIdentity(*change)
	if _, _, err := done(api.UserUpdate(ctx).UserUpdateRequest(*update).Execute()); err != nil {
		t.Fatalf("UserUpdate: %v", err)
	}
	got, _, err = done(api.UserGet(ctx).UserGetRequest(*plaid.NewUserGetRequest(userID)).Execute())
	if err != nil {
		t.Fatalf("UserGet: %v", err)
	}
	gotIdentity = got.GetIdentity()
	if gotIdentity.Name.IsSet() && gotIdentity.Name.Get() != nil || len(gotIdentity.GetEmails()) != 0 || len(gotIdentity.GetPhoneNumbers()) != 1 {
		t.Errorf("after the update the identity is %+v", gotIdentity)
	}

	tokenReq := plaid.NewSandboxPublicTokenCreateRequest("ins_109508", []plaid.Products{plaid.PRODUCTS_AUTH, plaid.PRODUCTS_TRANSACTIONS})
	tokenReq.SetUserId(userID)
	token, _, err := done(api.SandboxPublicTokenCreate(ctx).SandboxPublicTokenCreateRequest(*tokenReq).Execute())
	if err != nil {
		t.Fatalf("SandboxPublicTokenCreate: %v", err)
	}
	exchanged, _, err := done(api.ItemPublicTokenExchange(ctx).ItemPublicTokenExchangeRequest(*plaid.NewItemPublicTokenExchangeRequest(token.GetPublicToken())).Execute())
	if err != nil {
		t.Fatalf("ItemPublicTokenExchange: %v", err)
	}
	reset := plaid.NewSandboxUserResetLoginRequest()
	reset.SetUserId(userID)
	if _, _, err := done(api.SandboxUserResetLogin(ctx).SandboxUserResetLoginRequest(*reset).Execute()); err != nil {
		t.Fatalf("SandboxUserResetLogin: %v", err)
	}
	itemsReq := plaid.NewUserItemsGetRequest()
	itemsReq.SetUserId(userID)
	items, _, err := done(api.UserItemsGet(ctx).UserItemsGetRequest(*itemsReq).Execute())
	if err != nil {
		t.Fatalf("UserItemsGet: %v", err)
	}
	if len(items.GetItems()) != 1 {
		t.Fatalf("UserItemsGet answered %+v", items)
	}
	item := items.GetItems()[0]
	itemErr := item.GetError()
	if item.GetItemId() != exchanged.GetItemId() || item.GetInstitutionName() != "First Platypus Bank" ||
		!slices.Equal(item.GetProducts(), []plaid.Products{plaid.PRODUCTS_AUTH, plaid.PRODUCTS_TRANSACTIONS}) ||
		item.GetAuthMethod() != plaid.ITEMAUTHMETHOD_INSTANT_AUTH || itemErr.GetErrorCode() != "ITEM_LOGIN_REQUIRED" {
		t.Errorf("Item %+v", item)
	}

	removeItems := plaid.NewUserItemsRemoveRequest([]string{exchanged.GetItemId()})
	removeItems.SetUserId(userID)
	if _, _, err := done(api.UserItemsRemove(ctx).UserItemsRemoveRequest(*removeItems).Execute()); err != nil {
		t.Fatalf("UserItemsRemove: %v", err)
	}
	_, _, err = done(api.ItemRemove(ctx).ItemRemoveRequest(*plaid.NewItemRemoveRequest(exchanged.GetAccessToken())).Execute())
	if perr := plaidErr(t, err); perr.GetErrorCode() != codeInvalidAccessToken {
		t.Errorf("ItemRemove of a removed Item: %+v", perr)
	}

	remove := plaid.NewUserRemoveRequest()
	remove.SetUserId(userID)
	if _, _, err := done(api.UserRemove(ctx).UserRemoveRequest(*remove).Execute()); err != nil {
		t.Fatalf("UserRemove: %v", err)
	}
	_, status, err = done(api.UserGet(ctx).UserGetRequest(*plaid.NewUserGetRequest(userID)).Execute())
	perr := plaidErr(t, err)
	if status != 400 || perr.GetErrorType() != plaid.PLAIDERRORTYPE_USER_ERROR || perr.GetErrorCode() != codeUserNotFound ||
		perr.GetRequestId() == "" || perr.GetDocumentationUrl() == "" {
		t.Errorf("UserGet of a removed user: %d %+v", status, perr)
	}

	bad := plaid.NewClientUserIdentity()
	bad.SetPhoneNumbers([]plaid.ClientUserIdentityPhoneNumber{*plaid.NewClientUserIdentityPhoneNumber("+15550000000", true)})
	badReq := plaid.NewUserCreateRequest("qa-bad-phone")
	badReq.SetIdentity(*bad)
	_, status, err = done(api.UserCreate(ctx).UserCreateRequest(*badReq).Execute())
	if perr := plaidErr(t, err); status != 403 || perr.GetErrorCode() != codeInvalidIdentityData {
		t.Errorf("UserCreate with a fake phone: %d %+v", status, perr)
	}

	wrongKeys := plaidClient(t, s, testClientID, "wrong-secret")
	_, _, err = done(wrongKeys.UserCreate(ctx).UserCreateRequest(*plaid.NewUserCreateRequest("qa-x")).Execute())
	if perr := plaidErr(t, err); perr.GetErrorType() != plaid.PLAIDERRORTYPE_INVALID_INPUT || perr.GetErrorCode() != codeInvalidAPIKeys {
		t.Errorf("wrong secret: %+v", perr)
	}
}
