package ecl

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestSummarize(t *testing.T) {
	s, err := Summarize([]Allowance{
		{ID: "a", Stage: Stage1, Gross: 100_000_00, Allowance: 500_00},
		{ID: "b", Stage: Stage2, Gross: 50_000_00, Allowance: 2_500_00},
		{ID: "c", Stage: Stage3, Gross: 10_000_00, Allowance: 6_000_00},
		{ID: "d", Stage: Stage3, Gross: 1_00, Allowance: 1_00, WrittenOff: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.ByStage[Stage1].Coverage != 0.005 || s.ByStage[Stage2].Coverage != 0.05 || s.ByStage[Stage3].Coverage != 0.6 {
		t.Errorf("coverage %+v", s.ByStage)
	}
	if s.Total.Allowance != 9_000_00 || s.Total.Gross != 160_000_00 || s.Total.Count != 3 {
		t.Errorf("total %+v", s.Total)
	}
}

func TestMovement(t *testing.T) {
	opening := []Allowance{
		{ID: "stay1", Stage: Stage1, Allowance: 100_00},
		{ID: "up", Stage: Stage1, Allowance: 200_00},
		{ID: "down", Stage: Stage2, Allowance: 1_000_00},
		{ID: "default", Stage: Stage2, Allowance: 3_000_00},
		{ID: "repaid", Stage: Stage1, Allowance: 50_00},
		{ID: "wo", Stage: Stage3, Allowance: 7_000_00},
	}
	closing := []Allowance{
		{ID: "stay1", Stage: Stage1, Allowance: 120_00},
		{ID: "up", Stage: Stage2, Allowance: 900_00},
		{ID: "down", Stage: Stage1, Allowance: 150_00},
		{ID: "default", Stage: Stage3, Allowance: 6_000_00},
		{ID: "new", Stage: Stage1, Allowance: 80_00},
		{ID: "wo", Stage: Stage3, Allowance: 8_000_00, WrittenOff: true},
	}
	m, err := Movement(opening, closing)
	if err != nil {
		t.Fatal(err)
	}
	// Hand ledger (IFRS 7 35H layout): stage 1 column: opening 350, +1,000 in from "down",
	// −200 out to stage 2, +80 new, −50 repaid, remeasured 20 − 850 = −830 → closing 350? The
	// closing stage-1 allowances are 120 + 150 + 80 = 350.
	want := map[MovementRow][4]Cents{
		RowOpening:      {0, 350_00, 4_000_00, 7_000_00},
		RowToStage1:     {0, 1_000_00, -1_000_00, 0},
		RowToStage2:     {0, -200_00, 200_00, 0},
		RowToStage3:     {0, 0, -3_000_00, 3_000_00},
		RowOriginated:   {0, 80_00, 0, 0},
		RowDerecognised: {0, -50_00, 0, 0},
		RowRemeasured:   {0, 20_00 - 850_00, 700_00, 3_000_00 + 1_000_00},
		RowWrittenOff:   {0, 0, 0, -8_000_00},
		RowClosing:      {0, 350_00, 900_00, 6_000_00},
	}
	for r, w := range want {
		if m.Cells[r] != w {
			t.Errorf("%v: %v, want %v", r, m.Cells[r], w)
		}
	}
	if _, err := Movement(opening, append(closing, Allowance{ID: "new", Stage: Stage1})); !errors.Is(err, ErrValue) {
		t.Errorf("duplicate id: %v", err)
	}
}

// TestMovementReconciles checks the reconciliation property on random portfolios: in every
// column opening + movements = closing, to the cent, and transfers net to zero.
func TestMovementReconciles(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		var o, c []Allowance
		for i := range 1 + rng.IntN(50) {
			id := strconv.Itoa(i)
			if rng.IntN(5) > 0 {
				o = append(o, Allowance{ID: id, Stage: Stage(1 + rng.IntN(3)), Gross: Cents(rng.Int64N(1e9)), Allowance: Cents(rng.Int64N(1e8))})
			}
			if rng.IntN(5) > 0 {
				c = append(c, Allowance{ID: id, Stage: Stage(1 + rng.IntN(3)), Gross: Cents(rng.Int64N(1e9)), Allowance: Cents(rng.Int64N(1e8)), WrittenOff: rng.IntN(10) == 0})
			}
		}
		m, err := Movement(o, c)
		if err != nil {
			t.Fatal(err)
		}
		for st := Stage1; st <= Stage3; st++ {
			var sum Cents
			for r := RowOpening; r < RowClosing; r++ {
				sum += m.Cells[r][st]
			}
			if sum != m.Cells[RowClosing][st] {
				t.Fatalf("%v does not reconcile", st)
			}
		}
		s, _ := Summarize(c)
		if s.Total.Allowance != m.Total[RowClosing] {
			t.Fatalf("closing %v ≠ summary %v", m.Total[RowClosing], s.Total.Allowance)
		}
	}
}
