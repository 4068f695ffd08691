package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// endpoints are the Plaid paths the emulator serves.
var endpoints = map[string]endpoint{
	"/user/create":                 handle((*Emulator).userCreate),
	"/user/get":                    handle((*Emulator).userGet),
	"/user/update":                 handle((*Emulator).userUpdate),
	"/user/remove":                 handle((*Emulator).userRemove),
	"/user/items/get":              handle((*Emulator).userItemsGet),
	"/user/items/remove":           handle((*Emulator).userItemsRemove),
	"/user/products/terminate":     handle((*Emulator).userProductsTerminate),
	"/sandbox/public_token/create": handle((*Emulator).sandboxPublicTokenCreate),
	"/item/public_token/exchange":  handle((*Emulator).itemPublicTokenExchange),
	"/item/get":                    handle((*Emulator).itemGet),
	"/item/remove":                 handle((*Emulator).itemRemove),
	"/sandbox/user/reset_login":    handle((*Emulator).sandboxUserResetLogin),
}

// call is one Plaid request being answered.
type call struct {
	r         *http.Request
	requestID string
}

// endpoint answers the raw body of a Plaid request.
type endpoint func(e *Emulator, c *call, body []byte) result

// result is an answer not yet written, so that a dropped request can do its
// work and then not answer.
type result struct {
	status int
	body   any
	drop   bool // close the connection instead of answering
}

// statusKey is the result's key in the statistics.
func (res result) statusKey() string {
	if res.drop {
		return statusDropped
	}
	return strconv.Itoa(res.status)
}

// answer is embedded in every success body: request_id is on every answer.
type answer struct {
	RequestID string `json:"request_id"`
}

func (a *answer) setRequestID(id string) { a.RequestID = id }

type response interface{ setRequestID(string) }

// handle adapts a typed handler to an endpoint: it decodes and validates the
// request, checks the credentials, runs the handler and stamps request_id.
func handle[Req any, P interface {
	*Req
	withCredentials
}](fn func(e *Emulator, c *call, req *Req) (int, response, *plaidError)) endpoint {
	return func(e *Emulator, c *call, body []byte) result {
		req := P(new(Req))
		if perr := decodeRequest(body, req); perr != nil {
			return errorResult(perr, c.requestID)
		}
		if perr := e.authenticate(c, req.creds()); perr != nil {
			return errorResult(perr, c.requestID)
		}
		status, resp, perr := fn(e, c, req)
		if perr != nil {
			return errorResult(perr, c.requestID)
		}
		resp.setRequestID(c.requestID)
		return result{status: status, body: resp}
	}
}

func errorResult(perr *plaidError, requestID string) result {
	perr.RequestID = requestID
	return result{status: perr.status, body: perr}
}

// write sends the answer.
func (res result) write(w http.ResponseWriter) { writeJSON(w, res.status, res.body) }

func writeJSON(w http.ResponseWriter, status int, body any) {
	raw, err := json.Marshal(body)
	if err != nil {
		status, raw = http.StatusInternalServerError, []byte(`{"error":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(raw)))
	w.WriteHeader(status)
	_, _ = w.Write(raw) // a client that went away is no error of ours
}
