package scorecard

import (
	"bufio"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// germanDesign reads testdata/german.data (UCI Statlog German Credit,
// Hofmann 1994, CC BY 4.0) into the design of reference LR1: duration
// (col 2), credit amount in thousands (col 5 / 1000), installment rate
// (col 8), age (col 13), existing credits (col 16) and dummies A12, A13,
// A14 of the checking status (col 1); y = 1 when col 21 is 2 (bad).
func germanDesign(t testing.TB) (*mat.Dense, []float64) {
	t.Helper()
	f, err := os.Open("testdata/german.data")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]float64
	var y []float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Fields(sc.Text())
		if len(c) != 21 {
			continue
		}
		num := func(i int) float64 {
			v, err := strconv.ParseFloat(c[i-1], 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		d := func(code string) float64 {
			if c[0] == code {
				return 1
			}
			return 0
		}
		rows = append(rows, []float64{num(2), num(5) / 1000, num(8), num(13), num(16), d("A12"), d("A13"), d("A14")})
		y = append(y, num(21)-1)
	}
	x := mat.NewDense(len(rows), 8, nil)
	for i, r := range rows {
		x.SetRow(i, r)
	}
	return x, y
}

// TestLogisticGermanLR1 checks Logistic against reference LR1
// (docs/reference/scorecard.md): statsmodels 0.13.5 Logit (Newton, tol
// 1e-14), cross-checked by scikit-learn 1.2.1 newton-cg to 2.3e-10, on
// the UCI German credit design above.
func TestLogisticGermanLR1(t *testing.T) {
	x, y := germanDesign(t)
	if r, _ := x.Dims(); r != 1000 {
		t.Fatalf("%d rows", r)
	}
	res, err := Logistic(x, y, LogisticOptions{Tol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ coef, se, z float64 }{ // LR1 table: coefficient, std. error, z
		{-0.844729138, 0.398472204, -2.119920}, // intercept
		{0.025521489, 0.008051563, 3.169756},   // duration_months
		{0.079217853, 0.035728041, 2.217246},   // credit_amount_thousands
		{0.233090137, 0.076809594, 3.034649},   // installment_rate
		{-0.018272235, 0.007084701, -2.579112}, // age_years
		{-0.033195460, 0.136431036, -0.243313}, // existing_credits
		{-0.514778770, 0.181895730, -2.830076}, // checking_A12
		{-1.029259692, 0.335697825, -3.066030}, // checking_A13
		{-2.039302445, 0.204827431, -9.956198}, // checking_A14
	}
	for j, w := range want {
		c := res.Coef[j]
		if math.Abs(c.Coef-w.coef) > 1e-8 || math.Abs(c.SE-w.se) > 1e-8 || math.Abs(c.Z-w.z) > 1e-5 {
			t.Errorf("term %d: coef %.9f se %.9f z %.6f; LR1 %.9f %.9f %.6f", j, c.Coef, c.SE, c.Z, w.coef, w.se, w.z)
		}
	}
	// LR1: log-likelihood -518.039740108 (null -610.864302077), AIC 1054.079480, BIC 1098.249278.
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"logLik", res.Fit.LogLik, -518.039740108, 1e-8},
		// The intercept-only log-likelihood has the closed form
		// 1000·(0.3·ln 0.3 + 0.7·ln 0.7) = −610.864302055; LR1 prints the
		// statsmodels Newton value, 2.2e-8 away.
		{"nullLogLik", res.Fit.NullLogLik, -610.864302077, 5e-8},
		{"AIC", res.Fit.AIC, 1054.079480, 1e-6},
		{"BIC", res.Fit.BIC, 1098.249278, 1e-6},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.9f, LR1 %.9f", c.name, c.got, c.want)
		}
	}
	// LR1: p-value of checking_A14 2.36952e-23.
	if p := res.Coef[8].P; math.Abs(p-2.36952e-23)/2.36952e-23 > 1e-4 {
		t.Errorf("p(A14) = %g, LR1 2.36952e-23", p)
	}
	if res.Fit.N != 1000 || res.Cov == nil {
		t.Errorf("N %d, Cov %v", res.Fit.N, res.Cov)
	}
}

func TestLogisticErrors(t *testing.T) {
	y := []float64{0, 1, 0, 1}
	x := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	tests := []struct {
		name  string
		x     mat.Matrix
		y     []float64
		opts  LogisticOptions
		want  error
		field string
	}{
		{"nil", nil, y, LogisticOptions{}, ErrInvalidInput, "x"},
		{"typed nil", (*mat.Dense)(nil), y, LogisticOptions{}, ErrInvalidInput, "x"},
		{"label", x, []float64{0, 1, 2, 1}, LogisticOptions{}, ErrInvalidInput, "y[2]"},
		{"length", x, []float64{0, 1}, LogisticOptions{}, ErrInvalidInput, "y"},
		{"single class", x, []float64{1, 1, 1, 1}, LogisticOptions{}, ErrSingleClass, "y"},
		{"non-finite", mat.NewDense(4, 1, []float64{1, math.NaN(), 3, 4}), y, LogisticOptions{}, ErrInvalidInput, "x[1,0]"},
		{"overflow", mat.NewDense(4, 1, []float64{1e308, -1e308, 1e308, -3e307}), y, LogisticOptions{}, ErrInvalidInput, "x"},
		{"weights", x, y, LogisticOptions{Weights: []float64{1, -1, 1, 1}}, ErrInvalidInput, "w[1]"},
		{"options", x, y, LogisticOptions{L2: math.NaN()}, ErrOptions, ""},
		{"separation", x, []float64{0, 0, 1, 1}, LogisticOptions{}, ErrModel, ""},
		{"collinear", mat.NewDense(4, 2, []float64{1, 2, 2, 4, 3, 6, 4, 8}), y, LogisticOptions{}, ErrModel, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Logistic(tt.x, tt.y, tt.opts)
			if res != nil || !errors.Is(err, tt.want) {
				t.Fatalf("res %v, err %v; want %v", res, err, tt.want)
			}
			if strings.Count(err.Error(), "scorecard:") != 1 {
				t.Errorf("prefix: %v", err)
			}
			var ie *InputError
			if tt.field != "" && (!errors.As(err, &ie) || ie.Field != tt.field) {
				t.Errorf("field %v, want %q (%v)", ie, tt.field, err)
			}
		})
	}
}
