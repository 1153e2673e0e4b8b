package scorecard

import (
	"math"
	"math/rand/v2"
	"testing"
)

// shapeOK reports whether the event rates follow tr (strictly).
func shapeOK(rates []float64, tr Trend) bool {
	ph := 0
	for k := 1; k < len(rates); k++ {
		r, pr := rates[k], rates[k-1]
		switch tr {
		case TrendAscending:
			if !(r > pr) {
				return false
			}
		case TrendDescending:
			if !(r < pr) {
				return false
			}
		case TrendPeak, TrendValley:
			up := r > pr
			if tr == TrendValley {
				up = r < pr
			}
			if r == pr || (up && ph == 1) {
				return false
			}
			if !up {
				ph = 1
			}
		}
	}
	return true
}

// TestTrendBruteForce checks the dynamic program against an exhaustive
// search over every partition of up to 9 pre-bins: for each trend the IV
// found is the largest IV of any feasible partition into two or more bins
// whose event rates have the trend's shape (optbinning's definitions of
// ascending, descending, peak and valley).
func TestTrendBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 200 {
		P := 2 + r.IntN(8)
		counts := make([]BinCounts, P+2)
		for i := range P {
			counts[i] = BinCounts{NonEvents: float64(1 + r.IntN(40)), Events: float64(1 + r.IntN(15))}
		}
		cuts := make([]float64, P-1)
		for i := range cuts {
			cuts[i] = float64(i + 1)
		}
		var G, B float64
		for _, c := range counts {
			G += c.NonEvents
			B += c.Events
		}
		for _, tr := range []Trend{TrendAscending, TrendDescending, TrendPeak, TrendValley, TrendNone, TrendAutoAscDesc} {
			o, _ := BinOptions{Method: Optimal, Trend: tr, MaxBins: 1 + r.IntN(P+1), MinBinShare: 0.02 * float64(trial%3)}.resolved()
			best := math.Inf(-1)
			for mask := 0; mask < 1<<(P-1); mask++ { // bit i: cut after pre-bin i
				var rates []float64
				iv := 0.0
				var acc BinCounts
				ok := true
				for i := range P {
					acc.Events += counts[i].Events
					acc.NonEvents += counts[i].NonEvents
					if i == P-1 || mask&(1<<i) != 0 {
						if acc.Events < o.MinEvents || acc.NonEvents < o.MinNonEvents || (acc.Events+acc.NonEvents)/(G+B) < o.MinBinShare {
							ok = false
						}
						sg, sb := acc.NonEvents/G, acc.Events/B
						iv += (sg - sb) * math.Log(sg/sb)
						rates = append(rates, acc.Events/(acc.Events+acc.NonEvents))
						acc = BinCounts{}
					}
				}
				shape := shapeOK(rates, tr)
				if tr == TrendAutoAscDesc {
					shape = shapeOK(rates, TrendAscending) || shapeOK(rates, TrendDescending)
				}
				if ok && shape && len(rates) >= 2 && len(rates) <= o.MaxBins && iv > best {
					best = iv
				}
			}
			_, got, err := optimal(cuts, counts, o, true)
			if math.IsInf(best, -1) {
				if err == nil && P >= 2 {
					t.Fatalf("trial %d %v: got a partition, brute force finds none", trial, tr)
				}
				continue
			}
			if err != nil {
				t.Fatalf("trial %d %v: %v (brute force IV %v)", trial, tr, err, best)
			}
			var rates []float64
			iv := 0.0
			for _, c := range got[:len(got)-2] {
				sg, sb := c.NonEvents/G, c.Events/B
				iv += (sg - sb) * math.Log(sg/sb)
				rates = append(rates, c.Events/(c.Events+c.NonEvents))
			}
			if math.Abs(iv-best) > 1e-9 {
				t.Fatalf("trial %d %v: IV %v, brute force %v", trial, tr, iv, best)
			}
			want := tr
			if tr == TrendAutoAscDesc {
				want = TrendAscending
				if !shapeOK(rates, want) {
					want = TrendDescending
				}
			}
			if !shapeOK(rates, want) {
				t.Fatalf("trial %d %v: rates %v break the shape", trial, tr, rates)
			}
		}
	}
}

// TestTrendPeakAge bins an inverted-U risk profile: the event rate rises
// to a peak in the middle of x and falls after it. The peak trend finds
// the shape (more IV than either monotonic trend), the valley trend on the
// mirrored target likewise.
func TestTrendPeakAge(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	n := 4000
	x := make([]float64, n)
	y := make([]float64, n)
	yv := make([]float64, n)
	for i := range n {
		x[i] = float64(r.IntN(60)) + 20
		p := 0.05 + 0.35*math.Exp(-math.Pow((x[i]-50)/10, 2))
		if r.Float64() < p {
			y[i] = 1
		}
		if r.Float64() < 0.45-p {
			yv[i] = 1
		}
	}
	peak, err := BinNumeric("age", x, y, BinOptions{Trend: TrendPeak})
	if err != nil {
		t.Fatal(err)
	}
	asc, _ := BinNumeric("age", x, y, BinOptions{Trend: TrendAutoAscDesc})
	if !(peak.IV > asc.IV) {
		t.Errorf("peak IV %v not above monotonic IV %v", peak.IV, asc.IV)
	}
	var rates []float64
	for _, b := range peak.Bins[:peak.Regular()] {
		rates = append(rates, b.EventRate)
	}
	if !shapeOK(rates, TrendPeak) || shapeOK(rates, TrendAscending) || shapeOK(rates, TrendDescending) {
		t.Errorf("peak rates %v", rates)
	}
	valley, err := BinNumeric("age", x, yv, BinOptions{Trend: TrendValley})
	if err != nil {
		t.Fatal(err)
	}
	rates = rates[:0]
	for _, b := range valley.Bins[:valley.Regular()] {
		rates = append(rates, b.EventRate)
	}
	if !shapeOK(rates, TrendValley) || shapeOK(rates, TrendDescending) {
		t.Errorf("valley rates %v", rates)
	}
	// auto and auto-asc-desc are the same solve.
	auto, _ := BinNumeric("age", x, y, BinOptions{})
	if auto.IV != asc.IV || len(auto.Cuts) != len(asc.Cuts) {
		t.Errorf("auto IV %v, auto-asc-desc IV %v", auto.IV, asc.IV)
	}
}
