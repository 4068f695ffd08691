package emulator

import (
	"maps"
	"net/http"
	"slices"
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
	UserID       string   `json:"user_id"`
	ClientUserID string   `json:"client_user_id"`
	UserToken    string   `json:"user_token"` // legacy users only; "" otherwise
	ItemIDs      []string `json:"item_ids"`
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
				UserToken: u.UserToken, ItemIDs: orEmpty(slices.Clone(u.ItemIDs)), ProductsTerminated: e.ledger.termination(u.UserID)})
		}
	})
	return users
}

// Stats returns a copy of the request and connection counts.
func (e *Emulator) Stats() Stats { return e.stats.get() }

func (e *Emulator) serveInspection(w http.ResponseWriter, r *http.Request) {
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
