package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
)

// fuzzPaths are the endpoints the fuzz target sends bodies to.
var fuzzPaths = slices.Sorted(func(yield func(string) bool) {
	for p := range endpoints {
		if !yield(p) {
			return
		}
	}
})

// FuzzRequest sends arbitrary bodies to every endpoint and checks that the
// emulator never panics, always answers a JSON object with request_id, answers
// errors in Plaid's shape with the status of their code, conforms to the spec,
// and accepts (2xx) only requests the spec allows.
func FuzzRequest(f *testing.F) {
	seeds := map[string][]string{
		"/user/create": {
			`{"client_user_id":"qa-1"}`,
			`{"client_user_id":"qa-2","identity":{"name":{"given_name":"A","family_name":"B"},"date_of_birth":"1990-01-02","emails":[{"data":"a@example.com","primary":true}],"phone_numbers":[{"data":"+14155550123","primary":true}],"addresses":[{"street_1":null,"country":"US","primary":true}],"id_numbers":[{"value":"123456789","type":"us_ssn"}]}}`,
			`{"client_user_id":"qa-3","consumer_report_user_identity":{"first_name":"A"}}`,
			`{"client_user_id":"","end_customer":null,"with_upgraded_user":1}`,
			`{"client_user_id":"a@b.co"}`,
			`[1,2`,
		},
		"/user/get":          {`{"user_id":"usr_aaaaaaaaaaaaaa"}`, `{"user_id":null}`, `{}`},
		"/user/update":       {`{"user_id":"usr_x","identity":{"name":null,"emails":[]}}`, `{"user_token":"user-sandbox-x","consumer_report_user_identity":{}}`},
		"/user/remove":       {`{"user_id":"usr_x"}`, `{"user_token":""}`},
		"/user/items/get":    {`{"user_id":"usr_x"}`},
		"/user/items/remove": {`{"user_id":"usr_x","item_ids":["a"]}`, `{"item_ids":null}`},
		"/user/products/terminate": {`{"user_id":"usr_x","reason_code":"OTHER","reason_note":"n"}`, `{"user_id":"usr_x","reason_code":"other"}`,
			`{"user_token":"user-sandbox-x","reason_code":"FRAUD_ABUSE"}`},
		"/sandbox/public_token/create": {
			`{"institution_id":"ins_109508","initial_products":["auth"],"options":{"webhook":"https://example.com","transactions":{"days_requested":30}}}`,
			`{"institution_id":"ins_1","initial_products":[]}`,
			`{"institution_id":"ins_109509","initial_products":["statements","income_verification"],"options":{"statements":{"start_date":"2025-01-01","end_date":"2025-02-01"},"income_verification":{"income_source_types":["bank"],"bank_income":{"days_requested":30}},"override_username":null}}`,
		},
		"/item/public_token/exchange": {`{"public_token":"public-sandbox-x"}`},
		"/item/remove":                {`{"access_token":"access-sandbox-x","reason_code":"OTHER","reason_note":null}`},
		"/sandbox/user/reset_login":   {`{"user_id":"usr_x","item_ids":null}`},
	}
	// target's low 7 bits pick the endpoint, its high bit the legacy mode.
	for i, path := range fuzzPaths {
		for _, body := range seeds[path] {
			f.Add(uint8(i), []byte(body))
			f.Add(uint8(i)|0x80, []byte(body))
		}
	}
	// Set up before fuzzing: loading the spec takes seconds, more than the
	// fuzzing engine grants one input.
	plaidSpec(f)
	var byMode [2]*Emulator // index 1: legacy
	for mode := range byMode {
		var err error
		if byMode[mode], err = New(Options{Legacy: mode == 1}); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, target uint8, body []byte) {
		e := byMode[target>>7]
		if len(e.Users()) > 1000 {
			e.Reset() // bound the memory of long runs
		}
		path := fuzzPaths[int(target&0x7f)%len(fuzzPaths)]
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		req.Header = http.Header{"Plaid-Client-Id": {"fuzz"}, "Plaid-Secret": {"fuzz"}, "Content-Type": {"application/json"}}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		checkFuzzAnswer(t, path, body, w)
		if n := e.panics.Load(); n > 0 {
			t.Fatalf("%d handler panics recovered", n)
		}
	})
}

func checkFuzzAnswer(t *testing.T, path string, body []byte, w *httptest.ResponseRecorder) {
	var answer map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil {
		t.Fatalf("answer %d is not a JSON object: %q", w.Code, w.Body)
	}
	if answer["request_id"] == "" || answer["request_id"] == nil {
		t.Fatalf("answer without request_id: %s", w.Body)
	}
	if w.Code >= 400 {
		code, _ := answer["error_code"].(string)
		if kind, ok := errorKinds[code]; !ok || kind.status != w.Code || answer["error_type"] != kind.errorType {
			t.Fatalf("error answer %d not in Plaid's shape: %s", w.Code, w.Body)
		}
	}
	x := exchange{method: http.MethodPost, path: path, reqHeader: http.Header{"Content-Type": {"application/json"}},
		reqBody: body, status: w.Code, respHeader: w.Header(), respBody: w.Body.Bytes()}
	if found, _ := violations(t, x); len(found) > 0 {
		t.Fatalf("%s with %q answered %d %s:\n%s", path, body, w.Code, w.Body, found[0])
	}
	if w.Header().Get("Content-Length") != strconv.Itoa(w.Body.Len()) {
		t.Fatalf("Content-Length %s for %d bytes", w.Header().Get("Content-Length"), w.Body.Len())
	}
}
