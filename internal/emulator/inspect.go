package emulator

import (
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// inspectPrefix starts the emulator's own paths, outside Plaid's API: no
// credentials, faults or statistics apply to them.
const inspectPrefix = "/__emulator/"

// statusDropped is the statistics key of requests answered by closing the
// connection.
const statusDropped = "dropped"

// UserSummary is one user as GET /__emulator/users lists it.
type UserSummary struct {
	UserID       string `json:"user_id"`
	ClientUserID string `json:"client_user_id"`
	// Legacy marks a user of the legacy user_token flow. The token is not listed: Plaid's docs say
	// "it is not possible to retrieve a previously created user_token", and the listing may be
	// read from the network (with --admin-token).
	Legacy  bool     `json:"legacy"`
	ItemIDs []string `json:"item_ids"`
	// ProductsTerminated is the user's last /user/products/terminate call; nil before any.
	ProductsTerminated *ProductsTermination `json:"products_terminated"`
}

// Stats is what GET /__emulator/stats answers: Plaid requests by path and
// HTTP status ("200", "429", ... and "dropped"), and TCP connections
// accepted, both since start or the last reset.
type Stats struct {
	Requests    map[string]map[string]int `json:"requests"`
	Connections int64                     `json:"connections"`
}

// Users lists the users in creation order.
func (e *Emulator) Users() []UserSummary {
	users := []UserSummary{}
	e.store.read(func(d *data) {
		for _, u := range d.usersInOrder() {
			users = append(users, UserSummary{UserID: u.UserID, ClientUserID: u.ClientUserID,
				Legacy: u.legacy(), ItemIDs: orEmpty(slices.Clone(u.ItemIDs)), ProductsTerminated: e.ledger.termination(u.UserID)})
		}
	})
	return users
}

// Stats returns a copy of the request and connection counts.
func (e *Emulator) Stats() Stats { return e.stats.get() }

func (e *Emulator) serveInspection(w http.ResponseWriter, r *http.Request) {
	if !e.authorizeAdmin(w, r) {
		return
	}
	type route struct {
		method string
		serve  func() any
	}
	routes := map[string]route{
		inspectPrefix + "users": {http.MethodGet, func() any { return map[string][]UserSummary{"users": e.Users()} }},
		inspectPrefix + "stats": {http.MethodGet, func() any { return e.Stats() }},
		inspectPrefix + "reset": {http.MethodPost, func() any { e.Reset(); return struct{}{} }},
	}
	rt, ok := routes[r.URL.Path]
	switch {
	case !ok:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown emulator path; try GET /__emulator/users, GET /__emulator/stats or POST /__emulator/reset"})
	case r.Method != rt.method:
		w.Header().Set("Allow", rt.method)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": r.URL.Path + " accepts " + rt.method + " only"})
	default:
		writeJSON(w, http.StatusOK, rt.serve())
	}
}

// authorizeAdmin tells whether r may use the admin API, and answers it when not. Without an admin
// token only loopback clients may: the API lists users and empties the emulator, which is for the
// machine running the tests. With a token, every client must send it as "Authorization: Bearer
// TOKEN", loopback ones too, since a proxy on the machine would otherwise open the API to anyone.
func (e *Emulator) authorizeAdmin(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case e.opts.AdminToken != "" && !bearerIs(r.Header.Get("Authorization"), e.opts.AdminToken):
		w.Header().Set("WWW-Authenticate", `Bearer realm="plaid-emulator admin API"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "the admin API needs the admin token: send Authorization: Bearer TOKEN"})
		return false
	case e.opts.AdminToken == "" && !loopbackClient(r):
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "the admin API answers loopback clients only; " +
			"start plaid-emulator with --admin-token (or PLAID_EMULATOR_ADMIN_TOKEN) to reach it from the network"})
		return false
	}
	return true
}

// bearerIs reports whether an Authorization header carries token with the Bearer scheme (whose
// name is case-insensitive, RFC 6750).
func bearerIs(header, token string) bool {
	scheme, credential, _ := strings.Cut(header, " ")
	return strings.EqualFold(scheme, "Bearer") && sameSecret(credential, token)
}

// loopbackClient reports whether the request comes from this machine's loopback interface.
func loopbackClient(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	ip := net.ParseIP(host)
	return err == nil && ip != nil && ip.IsLoopback()
}

// stats counts Plaid requests and TCP connections.
type stats struct {
	mu          sync.Mutex
	requests    map[string]map[string]int
	connections int64
}

func newStats() *stats { return &stats{requests: map[string]map[string]int{}} }

func (s *stats) count(path, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.requests[path] == nil {
		s.requests[path] = map[string]int{}
	}
	s.requests[path][status]++
}

func (s *stats) connectionAccepted() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.connections++
}

func (s *stats) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.connections = map[string]map[string]int{}, 0
}

func (s *stats) get() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Stats{Requests: map[string]map[string]int{}, Connections: s.connections}
	for path, byStatus := range s.requests {
		out.Requests[path] = maps.Clone(byStatus)
	}
	return out
}
