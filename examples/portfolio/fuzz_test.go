package main

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzReadFirms checks that any input either loads into firms whose present ratios are finite,
// or fails with a *ParseError; never a panic.
func FuzzReadFirms(f *testing.F) {
	header := strings.Join(firmHeader, ",") + "\n"
	f.Add(header + strings.Repeat("0.5,", numRatios) + "1\n")
	f.Add(header + strings.Repeat(",", numRatios) + "0\n")
	f.Add(string(embeddedFirms[:bytes.IndexByte(embeddedFirms[len(header):], '\n')+len(header)+1]))
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		firms, err := readFirms("fuzz.csv", strings.NewReader(in))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T); want a *ParseError", err, err)
			}
			return
		}
		for i := range firms {
			for n := 1; n <= numRatios; n++ {
				if v, ok := firms[i].Ratio(n); ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
					t.Fatalf("firm %d Attr%d = %v", i, n, v)
				}
			}
		}
	})
}

// FuzzReadAccounts checks that any input either loads or fails with a *ParseError.
func FuzzReadAccounts(f *testing.F) {
	header := strings.Join(accountHeader, ",") + "\n"
	f.Add(header + "1,20000,2,2,1,24,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1\n")
	f.Add(header + "3,9.00E+04,2,2,2,nan,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,0\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		accts, err := readAccounts("fuzz.csv", strings.NewReader(in))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T); want a *ParseError", err, err)
			}
			return
		}
		for _, a := range accts {
			if a.Limit.IsNegative() {
				t.Fatalf("account %d: negative limit %s", a.ID, a.Limit)
			}
		}
	})
}
