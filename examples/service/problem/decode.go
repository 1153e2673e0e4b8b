package problem

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"reflect"
	"strings"
)

// Decode reads the request body as exactly one JSON value into dst,
// strictly: the media type must be JSON, members dst does not declare are
// rejected, as are values of the wrong JSON type and anything after the value.
// A request without a Content-Type is read as JSON. The body is already
// limited by the host's body-limit middleware (http.MaxBytesReader), whose
// error becomes a 413 problem. It returns nil on success
// and the problem to send otherwise.
func Decode(r *http.Request, dst any) *Problem {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return New(http.StatusUnsupportedMediaType, CodeUnsupportedMedia,
				fmt.Sprintf("Content-Type %q is not application/json", ct))
		}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeProblem(err)
	}
	// Exactly one value: only white space may follow it.
	if _, err := dec.Token(); err != io.EOF {
		if p := bodyTooLarge(err); p != nil {
			return p
		}
		if p := readFailed(err); p != nil {
			return p
		}
		return New(http.StatusBadRequest, CodeTrailingData, "the body holds more than one JSON value")
	}
	return nil
}

// decodeProblem maps an encoding/json error to a problem.
func decodeProblem(err error) *Problem {
	if p := bodyTooLarge(err); p != nil {
		return p
	}
	if p := readFailed(err); p != nil {
		return p
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return New(http.StatusBadRequest, CodeEmptyBody, "the body is empty; a JSON object is required")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return New(http.StatusBadRequest, CodeMalformedJSON, "the body ends inside a JSON value")
	case errors.As(err, &syn):
		return New(http.StatusBadRequest, CodeMalformedJSON,
			fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: ")))
	case errors.As(err, &typ):
		ptr := Pointer(typ.Field)
		want := jsonType(typ.Type)
		p := New(http.StatusBadRequest, CodeWrongType,
			fmt.Sprintf("%s: a JSON %s cannot be %s", cmp.Or(ptr, "the body"), typ.Value, want))
		p.Errors = []MemberError{{Pointer: ptr, Code: CodeWrongType, Detail: "expected " + want + ", got " + typ.Value}}
		return p
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json (v1) has no typed error for DisallowUnknownFields;
		// the text is its documented form, "json: unknown field \"name\"".
		// It does not say at which depth the member is, so the problem
		// names it without a JSON Pointer.
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return New(http.StatusBadRequest, CodeUnknownField, "unknown member "+name)
	default:
		// The JSON is well formed (the scanner runs before any value is
		// stored), so the error comes from a value's own decoder: a date, a
		// decimal or an enumeration name that it does not accept.
		return New(http.StatusUnprocessableEntity, CodeInvalidFact, strings.TrimPrefix(err.Error(), "json: "))
	}
}

// jsonType names the JSON value a Go type is decoded from, with its article
// ("an object", "a number"), so that a problem speaks JSON, not Go.
func jsonType(t reflect.Type) string {
	if t == nil {
		return "a value of another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a value of another type"
}

// readFailed returns the problem for a body that could not be read: 408 when it did not arrive
// in time, 400 when the connection failed. Neither says more, since the error text names the
// server's and the client's socket addresses.
func readFailed(err error) *Problem {
	var ne net.Error
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return New(http.StatusRequestTimeout, CodeRequestTimeout, "the body did not arrive within the read timeout")
	case errors.As(err, &ne), errors.Is(err, net.ErrClosed):
		return New(http.StatusBadRequest, CodeUnreadableBody, "the connection failed while the body was read")
	}
	return nil
}

// bodyTooLarge returns the 413 problem when err comes from the body limit.
func bodyTooLarge(err error) *Problem {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return New(http.StatusRequestEntityTooLarge, CodeBodyTooLarge,
			fmt.Sprintf("the body exceeds the limit of %d bytes", mb.Limit))
	}
	return nil
}

// Pointer turns encoding/json's dotted field path ("facts.age") into a JSON
// Pointer ("/facts/age").
func Pointer(field string) string {
	if field == "" {
		return ""
	}
	parts := strings.Split(field, ".")
	for i, p := range parts {
		parts[i] = EscapePointer(p)
	}
	return "/" + strings.Join(parts, "/")
}

// EscapePointer escapes one JSON Pointer reference token (RFC 6901 section 3).
func EscapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}
