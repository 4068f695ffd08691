package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxBodyBytes is the largest request body accepted: 1 MiB.
const maxBodyBytes = 1 << 20

// Request decoding happens in two passes. The body is first parsed into
// generic JSON and checked against the request struct's shape (field names,
// JSON types, required fields, lengths), which yields Plaid's UNKNOWN_FIELDS,
// MISSING_FIELDS and INVALID_FIELD answers naming every offending field.
// Only a body of the right shape is then unmarshalled into the struct.
//
// Struct tags drive the shape check: `json:"name"` gives the field's name and
// `plaid:"required,nullable,min=1,max=128"` its constraints: min/max bound
// the length of a string, in characters, or the value of an integer; oneof=a|b lists the allowed strings and
// date asks for a yyyy-mm-dd date (for a list, of each element); nullable
// allows a JSON null (so does the type optional), which is otherwise refused;
// identity marks identity data, whose missing fields are
// INVALID_USER_IDENTITY_DATA, not MISSING_FIELDS.

// optional tells an absent field from an explicit JSON null and from a value;
// /user/update needs the difference to merge identity fields.
type optional[T any] struct {
	Set   bool // the field was present, possibly null
	Null  bool
	Value T
}

func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// MarshalJSON writes the value, or null; state files keep optional fields.
func (o optional[T]) MarshalJSON() ([]byte, error) {
	if !o.present() {
		return []byte("null"), nil
	}
	return json.Marshal(o.Value)
}

// present reports whether the field carries a value.
func (o optional[T]) present() bool { return o.Set && !o.Null }

// elemType lets the shape check see through optional.
func (optional[T]) elemType() reflect.Type { return reflect.TypeFor[T]() }

type optionalType interface{ elemType() reflect.Type }

var optionalIface = reflect.TypeFor[optionalType]()

// credentials are accepted in every request body; headers are the alternative.
type credentials struct {
	ClientID *string `json:"client_id"`
	Secret   *string `json:"secret"`
}

func (c *credentials) creds() *credentials { return c }

type withCredentials interface{ creds() *credentials }

// readBody reads the request body, refusing requests without a JSON Content-Type and bodies over
// maxBodyBytes. ServeHTTP calls it first, before any added latency: the server's ReadTimeout
// bounds how long a client takes to send its request, and a body read after a --latency longer
// than that would fail. Once the body is read to its end, net/http lifts the deadline for the
// rest of the request. Handing w to MaxBytesReader makes the server close the connection after
// answering a body over the limit, rather than drain it.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, *plaidError) {
	if perr := checkContentType(r.Header.Get("Content-Type")); perr != nil {
		return nil, perr
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		// Plaid documents no code for an oversized body; INVALID_BODY ("the
		// request body is not valid") is the closest documented one.
		return nil, newError(codeInvalidBody, "request body exceeds the maximum size of %d bytes", maxBodyBytes)
	}
	if err != nil {
		return nil, newError(codeInvalidBody, "request body could not be read")
	}
	return body, nil
}

// checkContentType answers as Plaid's error guide does: INVALID_HEADERS for a request missing the
// header, INVALID_BODY when "The request content-type was not of type application/json. The Plaid
// API only accepts JSON text as the MIME media type, with UTF-8 encoding". A charset other than
// UTF-8 is therefore refused too.
func checkContentType(contentType string) *plaidError {
	if contentType == "" {
		return newError(codeInvalidHeaders, "the Content-Type header is missing: send Content-Type: application/json")
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != "application/json" {
		return newError(codeInvalidBody, "the request content-type must be application/json")
	}
	if charset, ok := params["charset"]; ok && !strings.EqualFold(charset, "utf-8") {
		return newError(codeInvalidBody, "the request body must be JSON text in UTF-8, not %s", charset)
	}
	return nil
}

// decodeRequest parses body into dst (a pointer to a request struct), after
// checking its shape.
func decodeRequest(body []byte, dst any) *plaidError {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil || !utf8.Valid(body) {
		return newError(codeInvalidBody, "body could not be parsed as JSON")
	}
	if _, err := dec.Token(); err != io.EOF {
		return newError(codeInvalidBody, "body could not be parsed as JSON")
	}
	if _, ok := doc.(map[string]any); !ok {
		return newError(codeInvalidBody, "body must be a JSON object")
	}
	var report shapeReport
	report.check(reflect.TypeOf(dst).Elem(), doc, "", false)
	if perr := report.err(); perr != nil {
		return perr
	}
	if err := json.Unmarshal(body, dst); err != nil {
		// The shape check accepts only what Unmarshal can store; reaching
		// this is a bug, reported as Plaid reports its own faults.
		return errInternal()
	}
	return nil
}

// shapeReport collects every shape violation of one request body.
type shapeReport struct {
	unknown, missing, identityMissing []string
	invalid                           []string // messages
}

// err turns the report into Plaid's error, most fundamental problem first.
func (s *shapeReport) err() *plaidError {
	for _, list := range [][]string{s.unknown, s.missing, s.identityMissing} {
		slices.Sort(list)
	}
	switch {
	case len(s.unknown) > 0:
		return errUnknownFields(s.unknown)
	case len(s.missing) > 0:
		return errMissingFields(s.missing)
	case len(s.invalid) > 0:
		return errInvalidField("%s", strings.Join(s.invalid, "; "))
	case len(s.identityMissing) > 0:
		// Plaid answers an incomplete identity (an address without country, a
		// name without family_name) with INVALID_USER_IDENTITY_DATA, not
		// MISSING_FIELDS.
		return errIdentity("the following identity fields are required: %s", strings.Join(s.identityMissing, ", "))
	}
	return nil
}

// check walks v against t. Inside identity data (a field tagged
// `plaid:"identity"`) a missing required field is an identity error.
func (s *shapeReport) check(t reflect.Type, v any, path string, inIdentity bool) {
	if o, ok := reflect.Zero(t).Interface().(optionalType); ok {
		t = o.elemType()
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil {
		return // null-ness is checked by the parent object
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			s.typeError(path, "an object")
			return
		}
		s.checkObject(t, obj, path, inIdentity)
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			s.typeError(path, "an array")
			return
		}
		for i, elem := range arr {
			p := path + "[" + strconv.Itoa(i) + "]"
			if elem == nil {
				s.invalid = append(s.invalid, p+" must not be null") // no list of the spec holds nulls
				continue
			}
			s.check(t.Elem(), elem, p, inIdentity)
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			s.typeError(path, "a string")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			s.typeError(path, "a boolean")
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if _, err := strconv.ParseInt(string(n), 10, 32); !ok || err != nil {
			s.typeError(path, "an integer")
		}
	}
}

func (s *shapeReport) typeError(path, want string) {
	s.invalid = append(s.invalid, fmt.Sprintf("%s must be %s", path, want))
}

func (s *shapeReport) checkObject(t reflect.Type, obj map[string]any, path string, inIdentity bool) {
	fields := jsonFields(t)
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		if _, ok := fields[key]; !ok {
			s.unknown = append(s.unknown, join(path, key))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		f := fields[name]
		p := join(path, name)
		v, present := obj[name]
		rules := parseRules(f.Tag.Get("plaid"))
		nullable := rules.nullable || f.Type.Implements(optionalIface)
		absent := !present || v == nil && !nullable // a null is a value only where the spec allows it
		switch {
		case absent && rules.required && inIdentity:
			s.identityMissing = append(s.identityMissing, p)
		case absent && rules.required:
			s.missing = append(s.missing, p)
		case present && v == nil && !nullable:
			s.invalid = append(s.invalid, p+" must not be null")
		case absent: // optional and not sent
		default:
			s.check(f.Type, v, p, inIdentity || rules.identity)
			s.checkValues(p, v, rules)
		}
	}
}

// checkValues applies the rules to a string or integer field, or to each
// element of a list field.
func (s *shapeReport) checkValues(path string, v any, r rules) {
	if list, ok := v.([]any); ok {
		for i, elem := range list {
			s.checkValues(path+"["+strconv.Itoa(i)+"]", elem, r)
		}
		return
	}
	if num, ok := v.(json.Number); ok {
		if n, err := strconv.ParseInt(string(num), 10, 64); err == nil && r.max > 0 && (n < int64(r.min) || n > int64(r.max)) {
			s.invalid = append(s.invalid, fmt.Sprintf("%s must be between %d and %d", path, r.min, r.max))
		}
		return
	}
	str, ok := v.(string)
	if !ok {
		return // a boolean or an object: the type check has spoken
	}
	n := utf8.RuneCountInString(str)
	switch {
	case r.max > 0 && (n < r.min || n > r.max):
		s.invalid = append(s.invalid, fmt.Sprintf("%s must be between %d and %d characters", path, r.min, r.max))
	case n < r.min:
		s.invalid = append(s.invalid, fmt.Sprintf("%s must be at least %d characters", path, r.min))
	case len(r.oneOf) > 0 && !slices.Contains(r.oneOf, str):
		s.invalid = append(s.invalid, fmt.Sprintf("%s must be one of: %s", path, strings.Join(r.oneOf, ", ")))
	case r.date:
		if _, err := time.Parse(time.DateOnly, str); err != nil {
			s.invalid = append(s.invalid, path+" must be a date in the format yyyy-mm-dd")
		}
	}
}

type rules struct {
	required bool
	nullable bool // JSON null allowed (implied by the type optional)
	identity bool // the field holds identity data
	min, max int
	oneOf    []string // the allowed values
	date     bool     // a yyyy-mm-dd date
}

func parseRules(tag string) rules {
	var r rules
	for part := range strings.SplitSeq(tag, ",") {
		name, val, _ := strings.Cut(part, "=")
		n, _ := strconv.Atoi(val)
		switch name {
		case "required":
			r.required = true
		case "identity":
			r.identity = true
		case "nullable":
			r.nullable = true
		case "date":
			r.date = true
		case "oneof":
			r.oneOf = strings.Split(val, "|")
		case "min":
			r.min = n
		case "max":
			r.max = n
		}
	}
	return r
}

// jsonFields maps JSON names to struct fields, flattening embedded structs.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	fields := map[string]reflect.StructField{}
	for f := range t.Fields() {
		if f.Anonymous {
			for name, inner := range jsonFields(f.Type) {
				fields[name] = inner
			}
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			fields[name] = f
		}
	}
	return fields
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
