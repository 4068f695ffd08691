package plaidclient

import (
	"context"
	"net/http"

	"github.com/plaid/plaid-go/v43/plaid"
)

// UserItems lists a user's Items with /user/items/get.
func (c *Client) UserItems(ctx context.Context, user UserRef) ([]Item, error) {
	request := plaid.NewUserItemsGetRequest()
	user.name(request)
	answer, _, err := call(ctx, c, "/user/items/get", func(ctx context.Context) (plaid.UserItemsGetResponse, *http.Response, error) {
		return c.api.PlaidApi.UserItemsGet(ctx).UserItemsGetRequest(*request).Execute()
	})
	if err != nil {
		return nil, err
	}
	return mapSlice(answer.Items, itemFromPlaid), nil
}

// RemoveUserItems removes Items of a user with /user/items/remove, the call Plaid documents for
// Items linked to a user (where /item/remove is not supported, as for Plaid Check).
func (c *Client) RemoveUserItems(ctx context.Context, user UserRef, itemIDs []string) error {
	request := plaid.NewUserItemsRemoveRequest(itemIDs)
	user.name(request)
	_, _, err := call(ctx, c, "/user/items/remove", func(ctx context.Context) (plaid.UserItemsRemoveResponse, *http.Response, error) {
		return c.api.PlaidApi.UserItemsRemove(ctx).UserItemsRemoveRequest(*request).Execute()
	})
	return err
}

// CreateSandboxItem creates a Sandbox Item without Link: /sandbox/public_token/create, then
// /item/public_token/exchange.
func (c *Client) CreateSandboxItem(ctx context.Context, item SandboxItem) (CreatedItem, error) {
	products := mapSlice(item.InitialProducts, func(p string) plaid.Products { return plaid.Products(p) })
	request := plaid.NewSandboxPublicTokenCreateRequest(item.InstitutionID, products)
	if item.User != (UserRef{}) {
		item.User.name(request)
	}
	if item.Webhook != "" || item.OverrideUsername != "" || item.OverridePassword != "" {
		options := plaid.NewSandboxPublicTokenCreateRequestOptions()
		if item.Webhook != "" {
			options.SetWebhook(item.Webhook)
		}
		if item.OverrideUsername != "" {
			options.SetOverrideUsername(item.OverrideUsername)
		}
		if item.OverridePassword != "" {
			options.SetOverridePassword(item.OverridePassword)
		}
		request.SetOptions(*options)
	}
	token, _, err := call(ctx, c, "/sandbox/public_token/create", func(ctx context.Context) (plaid.SandboxPublicTokenCreateResponse, *http.Response, error) {
		return c.api.PlaidApi.SandboxPublicTokenCreate(ctx).SandboxPublicTokenCreateRequest(*request).Execute()
	})
	if err != nil {
		return CreatedItem{}, err
	}
	const exchange = "/item/public_token/exchange"
	exchanged, f, err := call(ctx, c, exchange, func(ctx context.Context) (plaid.ItemPublicTokenExchangeResponse, *http.Response, error) {
		return c.api.PlaidApi.ItemPublicTokenExchange(ctx).
			ItemPublicTokenExchangeRequest(*plaid.NewItemPublicTokenExchangeRequest(token.PublicToken)).Execute()
	})
	if err != nil {
		return CreatedItem{}, err
	}
	if exchanged.ItemId == "" || exchanged.AccessToken == "" {
		return CreatedItem{}, malformed(exchange, f, "the answer lacks the item_id or the access_token")
	}
	return CreatedItem{ItemID: exchanged.ItemId, AccessToken: exchanged.AccessToken}, nil
}

// GetItem reads an Item by its access token with /item/get, for an Item linked to no user.
func (c *Client) GetItem(ctx context.Context, accessToken string) (Item, error) {
	const endpoint = "/item/get"
	answer, f, err := call(ctx, c, endpoint, func(ctx context.Context) (plaid.ItemGetResponse, *http.Response, error) {
		return c.api.PlaidApi.ItemGet(ctx).ItemGetRequest(*plaid.NewItemGetRequest(accessToken)).Execute()
	})
	if err != nil {
		return Item{}, err
	}
	if answer.Item.ItemId == "" {
		return Item{}, malformed(endpoint, f, "the answer has no item_id")
	}
	i := answer.Item
	return itemFromPlaid(plaid.Item{
		ItemId: i.ItemId, InstitutionId: i.InstitutionId, InstitutionName: i.InstitutionName, Webhook: i.Webhook,
		AuthMethod: i.AuthMethod, Error: i.Error, AvailableProducts: i.AvailableProducts, BilledProducts: i.BilledProducts,
		Products: i.Products, ConsentedProducts: i.ConsentedProducts, ConsentExpirationTime: i.ConsentExpirationTime,
		UpdateType: i.UpdateType,
	}), nil
}

// RemoveItem removes an Item with /item/remove, by its access token.
func (c *Client) RemoveItem(ctx context.Context, accessToken string) error {
	request := plaid.NewItemRemoveRequest(accessToken)
	_, _, err := call(ctx, c, "/item/remove", func(ctx context.Context) (plaid.ItemRemoveResponse, *http.Response, error) {
		return c.api.PlaidApi.ItemRemove(ctx).ItemRemoveRequest(*request).Execute()
	})
	return err
}

// ResetSandboxLogin puts a user's Items into ITEM_LOGIN_REQUIRED with
// /sandbox/user/reset_login; no item IDs means all of them.
func (c *Client) ResetSandboxLogin(ctx context.Context, user UserRef, itemIDs []string) error {
	request := plaid.NewSandboxUserResetLoginRequest()
	user.name(request)
	request.SetItemIds(itemIDs)
	_, _, err := call(ctx, c, "/sandbox/user/reset_login", func(ctx context.Context) (plaid.SandboxUserResetLoginResponse, *http.Response, error) {
		return c.api.PlaidApi.SandboxUserResetLogin(ctx).SandboxUserResetLoginRequest(*request).Execute()
	})
	return err
}
