package access_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/smecredit/smecredit/access"
)

// TestStringFacts checks that string and enum facts must be valid UTF-8 text
// without NUL (RFC 8259, section 8.2; RFC 3629): DecodeFacts and SetString
// refuse invalid bytes, lone UTF-16 surrogate escapes and NUL with a
// *InputError naming the field instead of storing them or replacing them by
// U+FFFD, and still accept valid escapes and surrogate pairs.
func TestStringFacts(t *testing.T) {
	s := smeSchema(t)
	tests := []struct {
		name, field, json string // json: the raw JSON string token
		want              error  // nil: accepted
		text              string // the decoded text when accepted
	}{
		{"plain", "industry_code", `"C13"`, nil, "C13"},
		{"escaped ascii", "industry_code", `"C\u0031\u0033"`, nil, "C13"},
		{"surrogate pair", "industry_code", `"\ud83d\ude00"`, nil, "\U0001F600"},
		{"raw multibyte", "industry_code", `"制造"`, nil, "制造"},
		{"escaped backslash then u", "industry_code", `"\\ud800"`, nil, `\ud800`},
		{"real U+FFFD", "industry_code", `"\ufffd"`, nil, "\uFFFD"},
		{"lone high surrogate", "industry_code", `"\ud800"`, access.ErrInvalidString, ""},
		{"lone high surrogate, upper case", "industry_code", `"a\uD800b"`, access.ErrInvalidString, ""},
		{"lone low surrogate", "industry_code", `"\udc00"`, access.ErrInvalidString, ""},
		{"high then non-surrogate", "industry_code", `"\ud800\u0041"`, access.ErrInvalidString, ""},
		{"reversed pair", "industry_code", `"\ude00\ud83d"`, access.ErrInvalidString, ""},
		{"invalid byte", "industry_code", "\"C\xff13\"", access.ErrInvalidString, ""},
		{"truncated multibyte", "industry_code", "\"\xe5\x88\"", access.ErrInvalidString, ""},
		{"escaped NUL", "industry_code", `"C\u000013"`, access.ErrInvalidString, ""},
		{"enum lone surrogate", "tax_credit_grade", `"\ud800"`, access.ErrInvalidString, ""},
		{"enum invalid byte", "tax_credit_grade", "\"\xff\"", access.ErrInvalidString, ""},
		{"enum escaped NUL", "tax_credit_grade", `"A\u0000"`, access.ErrInvalidString, ""},
		{"enum escaped valid", "tax_credit_grade", `"\u0041"`, nil, "A"},
	}
	for _, tt := range tests {
		t.Run("DecodeFacts/"+tt.name, func(t *testing.T) {
			f, err := s.DecodeFacts([]byte(`{"` + tt.field + `":` + tt.json + `}`))
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if v, _ := f.Get(tt.field); v.Text() != tt.text {
					t.Errorf("got %q, want %q", v.Text(), tt.text)
				}
				return
			}
			var fe *access.InputError
			if !errors.Is(err, tt.want) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("got %v, want a *InputError for %s wrapping %v", err, tt.field, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		name, field, value string
		want               error
	}{
		{"valid", "industry_code", "C13", nil},
		{"invalid byte", "industry_code", "C\xff13", access.ErrInvalidString},
		{"encoded surrogate", "industry_code", "\xed\xa0\x80", access.ErrInvalidString}, // CESU-8 form of U+D800
		{"NUL", "industry_code", "C\x0013", access.ErrInvalidString},
		{"enum invalid byte", "tax_credit_grade", "A\xff", access.ErrInvalidString},
		{"enum NUL", "tax_credit_grade", "A\x00", access.ErrInvalidString},
		{"enum not allowed", "tax_credit_grade", "Z", access.ErrNotAllowed},
	} {
		t.Run("SetString/"+tt.name, func(t *testing.T) {
			f := s.NewFacts()
			err := f.SetString(tt.field, tt.value)
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var fe *access.InputError
			if !errors.Is(err, tt.want) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("got %v, want a *InputError for %s wrapping %v", err, tt.field, tt.want)
			}
			if v, _ := f.Get(tt.field); v.Present() {
				t.Errorf("rejected value stored: %q", v.Text())
			}
			if tt.want == access.ErrInvalidString && (fe.Value == "" || !utf8.ValidString(err.Error())) {
				t.Errorf("message %q does not show the bad text as valid UTF-8", err)
			}
		})
	}
}
