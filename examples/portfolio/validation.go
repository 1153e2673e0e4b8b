package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/smecredit/smecredit/examples/internal/plots"
	"github.com/smecredit/smecredit/rating/validation"
)

//go:embed data/polish-attribute-definitions.csv
var ratioDefinitions []byte

// ratioPower is the univariate discriminatory power of one financial ratio.
type ratioPower struct {
	N       int    // ratio number, Attr<N>
	Name    string // definition, e.g. "net profit / total assets"
	Missing float64
	Safer   bool // true when higher values go with fewer bankruptcies
	validation.Discrimination
}

// ratioNames reads the embedded attribute definitions: index n-1 holds AttrN's definition.
func ratioNames() ([]string, error) {
	rows, err := csv.NewReader(bytes.NewReader(ratioDefinitions)).ReadAll()
	if err != nil {
		return nil, err
	}
	names := make([]string, numRatios)
	for _, r := range rows[1:] {
		n, err := strconv.Atoi(strings.TrimPrefix(r[0], "Attr"))
		if err != nil || n < 1 || n > numRatios || len(r) < 2 {
			return nil, fmt.Errorf("attribute definitions: bad row %q", r)
		}
		names[n-1] = r[1]
	}
	return names, nil
}

// rankRatios computes AUC, Gini and KS of every ratio against bankruptcy on the firms where the
// ratio is present, and ranks them by AUC. The direction of each ratio is read off the data
// (the side on which AUC ≥ 0.5) and reported, since screening asks how strongly a ratio
// separates, whichever way it points; the rating model then fixes each direction explicitly.
// A ratio present on no firm, or only on firms of one class (all bankrupt or none), has no AUC
// and is left out, so the result may hold fewer than numRatios ratios; it is an error when no
// ratio can be ranked.
func rankRatios(firms []Firm) ([]ratioPower, error) {
	names, err := ratioNames()
	if err != nil {
		return nil, err
	}
	out := make([]ratioPower, 0, numRatios)
	vals := make([]float64, 0, len(firms))
	bad := make([]bool, 0, len(firms))
	for n := 1; n <= numRatios; n++ {
		vals, bad = vals[:0], bad[:0]
		for i := range firms {
			if v, ok := firms[i].Ratio(n); ok {
				vals = append(vals, v)
				bad = append(bad, firms[i].Bankrupt)
			}
		}
		r := ratioPower{N: n, Name: names[n-1], Missing: 1 - float64(len(vals))/float64(len(firms))}
		d, err := validation.Discriminate(vals, bad, validation.HigherRiskier)
		if errors.Is(err, validation.ErrSingleClass) || errors.Is(err, validation.ErrEmpty) {
			continue // a user's -firms file may lack bankrupt firms where a ratio is present
		}
		if err != nil && !errors.Is(err, validation.ErrFewDefaults) {
			return nil, fmt.Errorf("ratio Attr%d: %w", n, err)
		}
		if d.AUC < 0.5 {
			r.Safer = true
			if d, err = validation.Discriminate(vals, bad, validation.HigherSafer); err != nil && !errors.Is(err, validation.ErrFewDefaults) {
				return nil, fmt.Errorf("ratio Attr%d: %w", n, err)
			}
		}
		r.Discrimination = d
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, errors.New("no ratio can be ranked: the firms where each is present are all bankrupt or all survived")
	}
	slices.SortStableFunc(out, func(a, b ratioPower) int {
		switch {
		case a.AUC > b.AUC:
			return -1
		case a.AUC < b.AUC:
			return 1
		}
		return a.N - b.N
	})
	return out, nil
}

// ratioValues returns ratio n and the outcome of the firms where it is present.
func ratioValues(firms []Firm, n int) ([]float64, []bool) {
	var v []float64
	var b []bool
	for i := range firms {
		if x, ok := firms[i].Ratio(n); ok {
			v = append(v, x)
			b = append(b, firms[i].Bankrupt)
		}
	}
	return v, b
}

const ratioTop = 15

// ratioScreening is the validation stage: the univariate discriminatory power of each of the 64
// ratios against bankruptcy within one year, ranked by AUC.
func ratioScreening(p *Portfolio, opts Options) (Section, error) {
	sec := Section{Title: "Validation: discriminatory power of the financial ratios"}
	ranked, err := rankRatios(p.Firms)
	if err != nil {
		return sec, err
	}
	var b doc
	fmt.Fprintf(&b, "Each ratio alone against bankruptcy within one year, on the firms where it is present\n")
	fmt.Fprintf(&b, "(AUC with ties counting one half, Gini = 2·AUC − 1, KS over distinct values). Top %d of %d:\n\n", ratioTop, len(ranked))
	tw := newTable(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tratio\tdefinition\thigher is\tAUC\tGini\tKS\tmissing")
	for i, r := range ranked[:min(ratioTop, len(ranked))] {
		dir := "riskier"
		if r.Safer {
			dir = "safer"
		}
		fmt.Fprintf(tw, "%d\tAttr%d\t%s\t%s\t%.3f\t%.3f\t%.3f\t%.1f%%\n", i+1, r.N, shorten(r.Name, 48), dir, r.AUC, r.Gini, r.KS, 100*r.Missing)
	}
	if err := tw.Flush(); err != nil {
		return sec, err
	}
	strong, weak := 0, 0
	for _, r := range ranked {
		switch {
		case r.AUC >= 0.7:
			strong++
		case r.AUC < 0.6:
			weak++
		}
	}
	last := ranked[len(ranked)-1]
	fmt.Fprintf(&b, "\n%d ratios reach AUC ≥ 0.70, %d stay below 0.60 (weakest: Attr%d, AUC %.3f).\n", strong, weak, last.N, last.AUC)
	if k := numRatios - len(ranked); k > 0 {
		fmt.Fprintf(&b, "Not ranked: %d of %d ratios, as the firms where they are present all went bankrupt or all survived.\n", k, numRatios)
	}
	fmt.Fprintf(&b, "Direction is read off the data here (screening); a rating model must fix it per indicator.\n")
	fmt.Fprintf(&b, "AUC is computed on the firms with the ratio present: a high missing share limits its use.\n")

	labels := make([]string, len(ranked))
	aucs := make([]float64, len(ranked))
	for i, r := range ranked {
		labels[i], aucs[i] = fmt.Sprintf("Attr%d %s", r.N, shorten(r.Name, 34)), r.AUC
	}
	b.figure("validation-ratio-auc",
		fmt.Sprintf("The %d ratios that separate bankrupt from surviving firms best, by AUC. Read: bars near 0.5 carry no information; "+
			"above 0.75 a ratio alone ranks firms well. Many bars of similar height are the same information (profit over something).", ratioTop),
		func(path string) error {
			return plots.TopAUC(path, fmt.Sprintf("The %d strongest of %d ratios by AUC against bankruptcy", ratioTop, len(ranked)), labels, aucs, ratioTop)
		})
	best := ranked[0]
	v, bad := ratioValues(p.Firms, best.N)
	order := validation.HigherRiskier
	if best.Safer {
		order = validation.HigherSafer
	}
	title := fmt.Sprintf("Attr%d", best.N)
	b.figure("validation-best-ratio-roc",
		fmt.Sprintf("ROC of the strongest ratio, Attr%d (%s). Read: the further the curve bows above the diagonal, the better the ratio ranks bankrupt firms first.", best.N, best.Name),
		func(path string) error { return plots.ROC(path, title, v, bad, order) })
	b.figure("validation-best-ratio-cap",
		fmt.Sprintf("CAP of Attr%d: share of bankruptcies caught against share of firms flagged, riskiest first. Read: the accuracy ratio is how much of the gap to the perfect model the ratio closes.", best.N),
		func(path string) error { return plots.CAP(path, title, v, bad, order) })
	b.figure("validation-best-ratio-ks",
		fmt.Sprintf("Distributions of Attr%d for bankrupt and surviving firms. Read: the black bar is the largest gap (KS) and sits at the cut-off that separates the two groups best.", best.N),
		func(path string) error {
			return plots.KS(path, title, fmt.Sprintf("Attr%d = %s", best.N, shorten(best.Name, 60)), v, bad)
		})
	if opts.PlotsDir != "" {
		fmt.Fprintf(&b, "Plots: validation-ratio-auc.png, validation-best-ratio-roc.png, validation-best-ratio-cap.png.\n")
	}
	b.keyFigure("Strongest single ratio", "Attr%d (%s): AUC %.3f", best.N, best.Name, best.AUC)
	b.finding(8, "%d of %d financial ratios alone reach AUC ≥ 0.70 against bankruptcy; the strongest, Attr%d (%s), reaches %.3f.", strong, len(ranked), best.N, best.Name, best.AUC)
	b.assume("Ratio screening reads each ratio's direction (higher is safer or riskier) off the data and uses only the firms where the ratio is present.")
	b.into(&sec)
	return sec, nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// writeDiscrimination writes one line with AUC, Gini and KS of scores against defaults, and a
// note when the result rests on few defaults. The rating and scorecard stages use it for their
// scores.
func writeDiscrimination(w io.Writer, label string, scores []float64, defaults []bool, order validation.ScoreOrder) (validation.Discrimination, error) {
	d, err := validation.Discriminate(scores, defaults, order)
	var weak *validation.FewDefaultsWarning
	if err != nil && !errors.As(err, &weak) {
		return d, err
	}
	fmt.Fprintf(w, "%s: AUC %.3f, Gini %.3f, KS %.3f (%d obligors, %d defaults)\n", label, d.AUC, d.Gini, d.KS, d.N, d.Defaults)
	if weak != nil {
		fmt.Fprintf(w, "  warning: only %d in the smaller class; treat these figures as indicative\n", weak.Defaults)
	}
	return d, nil
}

// writeGradeTable writes the per-grade calibration table (obligors, defaults, observed default
// rate, PD, Jeffreys and binomial one-sided p-values, traffic light) for obligor-level grades,
// PDs (fractions) and outcomes, with the total and the Herfindahl index of the grade
// distribution. Grades are listed by ascending PD. Used by the rating and scorecard stages.
func writeGradeTable(w io.Writer, grades []string, pds []float64, defaults []bool) (validation.GradeReport, error) {
	in, err := validation.TallyGrades(grades, pds, defaults)
	if err != nil {
		return validation.GradeReport{}, err
	}
	rep, err := validation.ReportGrades(in, validation.GradeReportOptions{})
	var weak *validation.FewDefaultsWarning
	if err != nil && !errors.As(err, &weak) {
		return rep, err
	}
	tw := newTable(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "grade\tobligors\tdefaults\tDR\tPD\tJeffreys p\tbinomial p\tlight\t")
	for _, r := range append(rep.Rows, rep.Total) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f%%\t%.2f%%\t%.4f\t%.4f\t%s\t\n", r.Grade, r.Obligors, r.Defaults, 100*r.DefaultRate, 100*r.PD, r.JeffreysP, r.BinomialP, r.Light)
	}
	if err := tw.Flush(); err != nil {
		return rep, err
	}
	fmt.Fprintf(w, "Lights: Jeffreys one-sided p < %g red, < %g yellow (PD too low). Herfindahl index %.3f (normalised %.3f).\n",
		rep.RedLevel, rep.YellowLevel, rep.Herfindahl, rep.HerfindahlNormalized)
	if weak != nil {
		fmt.Fprintf(w, "Grades with fewer than %d defaults (tests have little power): %s.\n", weak.MinDefaults, strings.Join(weak.Items, ", "))
	}
	return rep, nil
}
