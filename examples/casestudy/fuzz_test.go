package main

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// FuzzReadFirms: the loader never panics, and what it accepts has finite ratios only.
func FuzzReadFirms(f *testing.F) {
	lines := bytes.SplitN(embeddedFirms, []byte("\n"), 4)
	f.Add(string(bytes.Join(lines[:3], []byte("\n"))))
	f.Add(goodHeader() + strings.Repeat(",", numRatios) + "1\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		firms, err := readFirms(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, fm := range firms {
			for n := 1; n <= numRatios; n++ {
				if v, ok := fm.ratio(n); ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
					t.Fatalf("line %d Attr%d = %v", fm.row, n, v)
				}
			}
		}
	})
}

// FuzzMannWhitney: p is a probability and U lies in [0, n₁n₂] for any finite samples.
func FuzzMannWhitney(f *testing.F) {
	f.Add([]byte{19, 22, 16, 29, 24}, []byte{20, 11, 17, 12})
	f.Add([]byte{1, 1, 1}, []byte{1})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		x, y := toFloats(a), toFloats(b)
		r, err := mannWhitney(x, y)
		if len(x) == 0 || len(y) == 0 {
			if err == nil {
				t.Fatal("empty sample accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !(r.P >= 0 && r.P <= 1) || r.U < 0 || r.U > float64(len(x)*len(y)) {
			t.Fatalf("U %v, p %v for %v, %v", r.U, r.P, x, y)
		}
	})
}

func toFloats(b []byte) []float64 {
	if len(b) > 40 {
		b = b[:40]
	}
	out := make([]float64, len(b))
	for i, c := range b {
		out[i] = float64(c % 16) // small range: many ties
	}
	return out
}
