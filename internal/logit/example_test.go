package logit_test

import (
	"errors"
	"fmt"

	"github.com/smecredit/smecredit/internal/logit"
	"gonum.org/v1/gonum/mat"
)

func Example() {
	// Hours studied and pass (1) / fail (0): Wikipedia "Logistic regression",
	// worked example (20 students); the article's table prints intercept
	// −4.0777 (SE 1.7610) and hours 1.5046 (SE 0.6287, Wald p 0.0167).
	hours := []float64{0.50, 0.75, 1.00, 1.25, 1.50, 1.75, 1.75, 2.00, 2.25, 2.50, 2.75, 3.00, 3.25, 3.50, 4.00, 4.25, 4.50, 4.75, 5.00, 5.50}
	pass := []float64{0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1}
	res, err := logit.Fit(mat.NewDense(len(hours), 1, hours), pass, nil, logit.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("intercept %.4f (SE %.4f)\nhours     %.4f (SE %.4f, p %.4f)\n",
		res.Coef[0], res.SE[0], res.Coef[1], res.SE[1], res.P[1])
	// Output:
	// intercept -4.0777 (SE 1.7610)
	// hours     1.5046 (SE 0.6287, p 0.0167)
}

func Example_separation() {
	x := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	_, err := logit.Fit(x, []float64{0, 0, 1, 1}, nil, logit.Options{})
	var sep *logit.SeparationError
	fmt.Println(errors.Is(err, logit.ErrSeparation), errors.As(err, &sep) && sep.Rows == 4)
	// Output:
	// true true
}
