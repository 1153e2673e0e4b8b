package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The data and spec copies must stay byte-identical to the portfolio job's files they were
// copied from.
func TestCopiesMatchPortfolio(t *testing.T) {
	for _, name := range []string{
		"data/polish-5year.csv",
		"data/polish-attribute-definitions.csv",
		"specs/rating-model.json",
		"specs/access-schema.json",
		"specs/access-policy-v1.json",
	} {
		t.Run(name, func(t *testing.T) {
			theirs, err := os.ReadFile(filepath.Join("..", "portfolio", filepath.FromSlash(name)))
			if os.IsNotExist(err) {
				t.Skip("portfolio job not present")
			}
			if err != nil {
				t.Fatal(err)
			}
			ours, err := os.ReadFile(filepath.FromSlash(name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ours, theirs) {
				t.Errorf("%s differs from examples/portfolio/%s: copy it again", name, name)
			}
		})
	}
}

func TestReadFirms(t *testing.T) {
	firms := loadEmbedded(t)
	// Counts from the data README (UCI Polish companies bankruptcy, year-5 file).
	bad := 0
	for _, f := range firms {
		if f.bankrupt {
			bad++
		}
	}
	if len(firms) != 5910 || bad != 410 {
		t.Errorf("%d firms, %d bankrupt; want 5910, 410", len(firms), bad)
	}
	// First data row of the file (line 2) starts with Attr1 = 0.088238.
	f := firms[0]
	if v, ok := f.ratio(1); !ok || v != 0.088238 || f.row != 2 {
		t.Errorf("line 2: Attr1 = %v, %v (row %d)", v, ok, f.row)
	}
	if _, ok := f.ratio(65); ok {
		t.Error("Attr65 present")
	}

	good := goodHeader()
	row := strings.Repeat("1,", numRatios)
	for _, tc := range []struct{ name, csv string }{
		{"empty", ""},
		{"bad header", strings.Replace(good, "Attr3,", "Attr4,", 1) + row + "0\n"},
		{"no rows", good},
		{"not a number", good + "x," + row[2:] + "0\n"},
		{"infinite", good + "Inf," + row[2:] + "0\n"},
		{"bad class", good + row + "2\n"},
		{"short row", good + "1,0\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := readFirms(strings.NewReader(tc.csv)); err == nil {
				t.Error("no error")
			}
		})
	}
	fs, err := readFirms(strings.NewReader(good + "," + row[2:] + "1\n"))
	if err != nil || len(fs) != 1 || !fs[0].bankrupt {
		t.Fatalf("valid file: %v, %+v", err, fs)
	}
	if _, ok := fs[0].ratio(1); ok {
		t.Error("empty cell read as present")
	}
}

func goodHeader() string {
	var h []string
	for n := 1; n <= numRatios; n++ {
		h = append(h, "Attr"+strconv.Itoa(n))
	}
	return strings.Join(append(h, "class"), ",") + "\n"
}

// Attr29 is "logarithm of total assets" in the attribute definitions. The base is 10: total
// assets also follow from Attr55 (working capital) / Attr3 (working capital / total assets),
// and log10 of that equals Attr29 for the typical firm, while ln of it does not.
func TestTotalAssetsLogBase10(t *testing.T) {
	var d10, de []float64
	for _, f := range loadEmbedded(t) {
		wc, ok1 := f.ratio(55)
		share, ok2 := f.ratio(3)
		lta, ok3 := f.ratio(29)
		if !ok1 || !ok2 || !ok3 || math.Abs(share) < 1e-3 || wc/share <= 0 {
			continue
		}
		d10 = append(d10, math.Abs(math.Log10(wc/share)-lta))
		de = append(de, math.Abs(math.Log(wc/share)-lta))
	}
	slices.Sort(d10)
	slices.Sort(de)
	if m := d10[len(d10)/2]; m > 1e-4 {
		t.Errorf("median |log10(Attr55/Attr3) − Attr29| = %v, want < 1e-4", m)
	}
	if m := de[len(de)/2]; m < 1 {
		t.Errorf("median |ln(Attr55/Attr3) − Attr29| = %v: natural log fits too", m)
	}
}
