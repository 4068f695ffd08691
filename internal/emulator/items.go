package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// publicTokenLifetime is how long a Sandbox public token can be exchanged.
const publicTokenLifetime = 30 * time.Minute

// itemView is an Item in the shape of the spec's Item schema.
type itemView struct {
	ItemID                string      `json:"item_id"`
	InstitutionID         *string     `json:"institution_id"`
	InstitutionName       *string     `json:"institution_name"`
	Webhook               *string     `json:"webhook"`
	AuthMethod            *string     `json:"auth_method"`
	Error                 *plaidError `json:"error"`
	AvailableProducts     []string    `json:"available_products"`
	BilledProducts        []string    `json:"billed_products"`
	Products              []string    `json:"products"`
	ConsentedProducts     []string    `json:"consented_products"`
	ConsentExpirationTime *string     `json:"consent_expiration_time"` // Sandbox banks do not expire consent
	UpdateType            string      `json:"update_type"`
}

func (it *item) view() itemView {
	inst := institutions[it.InstitutionID]
	v := itemView{
		ItemID:            it.ItemID,
		InstitutionID:     &it.InstitutionID,
		InstitutionName:   &inst.name,
		Webhook:           it.Webhook,
		Error:             it.Error,
		AvailableProducts: []string{},
		BilledProducts:    []string{},
		Products:          orEmpty(slices.Clone(it.Products)), // a state file may hold null
		ConsentedProducts: orEmpty(slices.Clone(it.Products)),
		UpdateType:        "background",
	}
	for _, p := range inst.products {
		if !slices.Contains(it.Products, p) {
			v.AvailableProducts = append(v.AvailableProducts, p)
		}
	}
	for _, p := range it.Products {
		if !slices.Contains(perCallProducts, p) {
			v.BilledProducts = append(v.BilledProducts, p)
		}
	}
	if slices.Contains(it.Products, "auth") {
		method := "INSTANT_AUTH"
		v.AuthMethod = &method
	}
	return v
}

// /user/items/get

type userItemsGetRequest struct {
	credentials
	userRef
}

type userItemsGetResponse struct {
	answer
	Items []itemView `json:"items"`
}

func (e *Emulator) userItemsGet(_ *call, req *userItemsGetRequest) (int, response, *plaidError) {
	resp := &userItemsGetResponse{Items: []itemView{}}
	var perr *plaidError
	e.store.read(func(d *data) {
		var u *user
		if u, perr = e.resolveUser(d, req.userRef, false); perr != nil {
			return
		}
		for _, id := range u.ItemIDs {
			resp.Items = append(resp.Items, d.items[id].view())
		}
	})
	return http.StatusOK, resp, perr
}

// userItems returns the user's Items named by ids, all of them when ids is
// empty, or ITEM_NOT_FOUND when one is not the user's.
func userItems(d *data, u *user, ids []string) ([]*item, *plaidError) {
	if len(ids) == 0 {
		ids = u.ItemIDs
	}
	items := make([]*item, 0, len(ids))
	for _, id := range ids {
		it := d.items[id]
		if it == nil || it.UserID != u.UserID {
			return nil, errItemNotFound()
		}
		items = append(items, it)
	}
	return items, nil
}

// /user/items/remove

type userItemsRemoveRequest struct {
	credentials
	userRef
	ItemIDs []string `json:"item_ids" plaid:"required"`
}

func (e *Emulator) userItemsRemove(_ *call, req *userItemsRemoveRequest) (int, response, *plaidError) {
	perr := e.store.write(func(d *data) *plaidError {
		u, perr := e.resolveUser(d, req.userRef, false)
		if perr != nil {
			return perr
		}
		if len(req.ItemIDs) == 0 {
			return nil // removing no Items is a no-op, not "all of them"
		}
		// Every Item must be the user's, or none is removed.
		items, perr := userItems(d, u, req.ItemIDs)
		if perr != nil {
			return perr
		}
		for _, it := range items {
			d.removeItem(it)
		}
		return nil
	})
	return http.StatusOK, &answer{}, perr
}

// /sandbox/user/reset_login

type sandboxUserResetLoginRequest struct {
	credentials
	userRef
	ItemIDs []string `json:"item_ids" plaid:"nullable"`
}

func (e *Emulator) sandboxUserResetLogin(_ *call, req *sandboxUserResetLoginRequest) (int, response, *plaidError) {
	perr := e.store.write(func(d *data) *plaidError {
		u, perr := e.resolveUser(d, req.userRef, false)
		if perr != nil {
			return perr
		}
		items, perr := userItems(d, u, req.ItemIDs)
		if perr != nil {
			return perr
		}
		for _, it := range items {
			it.Error = itemLoginRequired()
			d.touchItem(it)
		}
		return nil
	})
	return http.StatusOK, &answer{}, perr
}

// itemLoginRequired is the error an Item carries after a reset login.
func itemLoginRequired() *plaidError {
	return newError(codeItemLoginRequired, "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state").
		withDisplay("To keep your account connected, please log in again.").
		withSuggestion("Send the user through Link's update mode.")
}

// /sandbox/public_token/create

type sandboxPublicTokenCreateRequest struct {
	credentials
	userRef
	InstitutionID   string                  `json:"institution_id" plaid:"required"`
	InitialProducts []string                `json:"initial_products" plaid:"required"`
	Options         *sandboxPublicTokenOpts `json:"options"`
}

// sandboxPublicTokenOpts are the spec's options; the emulator uses webhook
// and accepts the rest.
type sandboxPublicTokenOpts struct {
	Webhook          *string `json:"webhook"`
	OverrideUsername *string `json:"override_username" plaid:"nullable"`
	OverridePassword *string `json:"override_password" plaid:"nullable"`
	Transactions     *struct {
		StartDate     *string `json:"start_date" plaid:"date"`
		EndDate       *string `json:"end_date" plaid:"date"`
		DaysRequested *int    `json:"days_requested" plaid:"min=1,max=730"`
	} `json:"transactions" plaid:"nullable"`
	Statements *struct {
		StartDate string `json:"start_date" plaid:"required,date"`
		EndDate   string `json:"end_date" plaid:"required,date"`
	} `json:"statements" plaid:"nullable"`
	IncomeVerification *struct {
		IncomeSourceTypes []string `json:"income_source_types" plaid:"oneof=bank|payroll"`
		BankIncome        *struct {
			DaysRequested *int `json:"days_requested"`
		} `json:"bank_income"`
	} `json:"income_verification"`
}

type sandboxPublicTokenCreateResponse struct {
	answer
	PublicToken string `json:"public_token"`
}

func (e *Emulator) sandboxPublicTokenCreate(_ *call, req *sandboxPublicTokenCreateRequest) (int, response, *plaidError) {
	if len(req.InitialProducts) == 0 {
		return 0, nil, errInvalidField("initial_products must contain at least one product")
	}
	if _, ok := institutions[req.InstitutionID]; !ok {
		return 0, nil, newError(codeInvalidInstitution, "invalid institution_id provided")
	}
	if unknown := unknownProducts(req.InitialProducts); len(unknown) > 0 {
		return 0, nil, newError(codeInvalidProduct, "the following products are not valid: %s", strings.Join(unknown, ", "))
	}
	var webhook *string
	if req.Options != nil && req.Options.Webhook != nil {
		if !validWebhook(*req.Options.Webhook) {
			return 0, nil, errInvalidField("options.webhook must be a valid http or https URL")
		}
		webhook = req.Options.Webhook
	}
	resp := &sandboxPublicTokenCreateResponse{PublicToken: newPublicToken()}
	perr := e.store.write(func(d *data) *plaidError {
		u, perr := e.resolveUser(d, req.userRef, true)
		if perr != nil {
			return perr
		}
		pt := &publicToken{Token: resp.PublicToken, InstitutionID: req.InstitutionID,
			Products: unique(req.InitialProducts), Webhook: webhook,
			ExpiresAt: e.now().Add(publicTokenLifetime)}
		if u != nil {
			pt.UserID = u.UserID
		}
		d.addPublicToken(pt)
		return nil
	})
	return http.StatusOK, resp, perr
}

// unique returns the strings in their first order, without repeats.
func unique(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func validWebhook(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// /item/public_token/exchange

type itemPublicTokenExchangeRequest struct {
	credentials
	PublicToken string `json:"public_token" plaid:"required"`
}

type itemPublicTokenExchangeResponse struct {
	answer
	AccessToken string `json:"access_token"`
	ItemID      string `json:"item_id"`
}

func (e *Emulator) itemPublicTokenExchange(_ *call, req *itemPublicTokenExchangeRequest) (int, response, *plaidError) {
	resp := &itemPublicTokenExchangeResponse{}
	perr := e.store.write(func(d *data) *plaidError {
		pt := d.publicTokens[req.PublicToken]
		if pt == nil || e.now().After(pt.ExpiresAt) {
			d.removePublicToken(req.PublicToken)
			return newError(codeInvalidPublicToken, "provided public token is expired, already exchanged or does not exist. Public tokens expire 30 minutes after creation and can be exchanged once")
		}
		d.removePublicToken(pt.Token) // a public token is exchanged once
		it := &item{Seq: d.nextSeq(), ItemID: newItemID(), AccessToken: newAccessToken(), UserID: pt.UserID,
			InstitutionID: pt.InstitutionID, Products: pt.Products, Webhook: pt.Webhook}
		d.addItem(it)
		if u := d.users[pt.UserID]; u != nil {
			u.ItemIDs = append(u.ItemIDs, it.ItemID)
			d.touchUser(u)
		}
		resp.AccessToken, resp.ItemID = it.AccessToken, it.ItemID
		return nil
	})
	return http.StatusOK, resp, perr
}

// /item/get

type itemGetRequest struct {
	credentials
	AccessToken string `json:"access_token" plaid:"required"`
}

// itemGetResponse is the spec's ItemGetResponse: the Item, and a status the Sandbox has none of.
type itemGetResponse struct {
	answer
	Item   itemView  `json:"item"`
	Status *struct{} `json:"status"`
}

func (e *Emulator) itemGet(_ *call, req *itemGetRequest) (int, response, *plaidError) {
	resp := &itemGetResponse{}
	perr := newError(codeInvalidAccessToken, "could not find matching access token")
	e.store.read(func(d *data) {
		if it := d.accessTokens[req.AccessToken]; it != nil {
			resp.Item, perr = it.view(), nil
		}
	})
	return http.StatusOK, resp, perr
}

// /item/remove

type itemRemoveRequest struct {
	credentials
	AccessToken string  `json:"access_token" plaid:"required"`
	ReasonCode  *string `json:"reason_code" plaid:"nullable,oneof=FRAUD_FIRST_PARTY|FRAUD_FALSE_IDENTITY|FRAUD_ABUSE|FRAUD_OTHER|CONNECTION_IS_NON_FUNCTIONAL|OTHER"`
	ReasonNote  *string `json:"reason_note" plaid:"nullable,max=512"`
}

func (e *Emulator) itemRemove(_ *call, req *itemRemoveRequest) (int, response, *plaidError) {
	perr := e.store.write(func(d *data) *plaidError {
		it := d.accessTokens[req.AccessToken]
		if it == nil {
			return newError(codeInvalidAccessToken, "could not find matching access token")
		}
		d.removeItem(it)
		return nil
	})
	return http.StatusOK, &answer{}, perr
}
