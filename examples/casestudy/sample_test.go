package main

import (
	"bytes"
	"slices"
	"sync"
	"testing"
)

// embedded parses the embedded data once for all tests; drawSample does not modify firms.
var embedded = sync.OnceValues(func() ([]firm, error) { return readFirms(bytes.NewReader(embeddedFirms)) })

func loadEmbedded(t testing.TB) []firm {
	t.Helper()
	firms, err := embedded()
	if err != nil {
		t.Fatal(err)
	}
	return firms
}

func rows(pairs []pair) []int {
	var out []int
	for _, p := range pairs {
		out = append(out, p.failed.row, p.good.row)
	}
	return out
}

func TestDrawSampleDeterministic(t *testing.T) {
	firms := loadEmbedded(t)
	for _, tc := range []struct {
		name string
		n    int
		seed uint64
	}{
		{"default", defaultN, defaultSeed},
		{"seed 1, n 5", 5, 1},
		{"most bankrupt firms", 300, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := drawSample(firms, tc.n, tc.seed)
			if err != nil {
				t.Fatal(err)
			}
			b, err := drawSample(loadEmbedded(t), tc.n, tc.seed)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rows(a), rows(b)) {
				t.Fatalf("two draws with seed %d differ:\n%v\n%v", tc.seed, rows(a), rows(b))
			}
			if len(a) != tc.n {
				t.Fatalf("%d pairs, want %d", len(a), tc.n)
			}
			seen := map[int]bool{}
			for _, p := range a {
				if !p.failed.bankrupt || p.good.bankrupt {
					t.Errorf("pair (%d, %d): wrong outcomes", p.failed.row, p.good.row)
				}
				if seen[p.failed.row] || seen[p.good.row] {
					t.Errorf("firm drawn twice in pair (%d, %d)", p.failed.row, p.good.row)
				}
				seen[p.failed.row], seen[p.good.row] = true, true
			}
		})
	}
	a, _ := drawSample(firms, defaultN, 1)
	b, _ := drawSample(firms, defaultN, 2)
	if slices.Equal(rows(a), rows(b)) {
		t.Error("seeds 1 and 2 draw the same sample")
	}
}

// Matched pairs lie in the same size class, and the class is that of the data's deciles.
func TestDrawSampleMatchesSize(t *testing.T) {
	firms := loadEmbedded(t)
	pairs, err := drawSample(firms, 100, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		f, _ := p.failed.totalAssets()
		g, _ := p.good.totalAssets()
		if p.size < 1 || p.size > sizeClasses {
			t.Fatalf("size class %d", p.size)
		}
		// Adjacent deciles of 5,900 firms never span a factor of 10⁴ in total assets.
		if r := f / g; r > 1e4 || r < 1e-4 {
			t.Errorf("pair (%d, %d): total assets %.0f vs %.0f", p.failed.row, p.good.row, f, g)
		}
	}
}

func TestDrawSampleErrors(t *testing.T) {
	firms := loadEmbedded(t)
	for _, n := range []int{0, -1, 411} {
		if _, err := drawSample(firms, n, 1); err == nil {
			t.Errorf("n = %d: no error", n)
		}
	}
}

// The year-5 file lists some firms twice, row for row; the sample counts them once.
func TestDrawSampleSkipsDuplicateRows(t *testing.T) {
	firms := loadEmbedded(t)
	pairs, err := drawSample(firms, 400, 11)
	if err != nil {
		t.Fatal(err)
	}
	type content struct {
		r [numRatios]float64
		p uint64
	}
	seen := map[content]int{}
	for _, p := range pairs {
		for _, f := range []*firm{p.failed, p.good} {
			k := content{f.ratios, f.present}
			if r, ok := seen[k]; ok {
				t.Errorf("lines %d and %d are the same firm", r, f.row)
			}
			seen[k] = f.row
		}
	}
}
