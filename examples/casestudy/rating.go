package main

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/stat"

	"github.com/smecredit/smecredit/rating"
	"github.com/smecredit/smecredit/rating/validation"
)

//go:embed specs/rating-model.json
var ratingModelJSON []byte

// indicatorRatio returns the Polish ratio AttrN an indicator of the model reads: the model
// names its indicators after the ratios ("attr2" is Attr2).
func indicatorRatio(id rating.IndicatorID) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(string(id), "attr"))
	if err != nil || !strings.HasPrefix(string(id), "attr") || n < 1 || n > numRatios {
		return 0, false
	}
	return n, true
}

// comparison is one indicator compared between the failed and the good group, on the firms
// where the ratio is present.
type comparison struct {
	id                   rating.IndicatorID
	name                 string // the indicator's name in the model, up to any colon
	attr                 int
	dir                  rating.Direction
	nFailed, nGood       int
	medFailed, medGood   float64
	mw                   mwTest
	auc                  float64 // AUC of the raw ratio in the model's direction; > 0.5 separates the right way
	weak                 bool    // validation returned a FewDefaultsWarning: few firms in a group
	empty                bool    // no firm of one group has the ratio: no test, no AUC
	failedOnly, goodOnly []float64
}

// rated is one firm's rating.
type rated struct {
	f     *firm
	score float64
	grade string
	pd    float64
}

// ratingResult is the rating stage's answer.
type ratingResult struct {
	model        *rating.Model
	comps        []comparison
	failed, good []rated // in pair order
	scoreAUC     float64
	weak         bool
}

// runRating compares each indicator of the embedded model between the groups, then scores and
// grades every firm of the sample.
func runRating(pairs []pair) (ratingResult, error) {
	m, err := rating.LoadModel(ratingModelJSON)
	if err != nil {
		return ratingResult{}, err
	}
	res := ratingResult{model: m}
	spec := m.Spec()
	for _, ind := range spec.Indicators {
		n, ok := indicatorRatio(ind.ID)
		if !ok {
			return ratingResult{}, fmt.Errorf("indicator %s: no Polish ratio mapped to it", ind.ID)
		}
		c, err := compare(pairs, ind.ID, n, ind.Direction)
		if err != nil {
			return ratingResult{}, err
		}
		c.name, _, _ = strings.Cut(ind.Name, ":")
		res.comps = append(res.comps, c)
	}

	ids := m.IDs()
	x := make([]float64, len(ids))
	miss := make([]bool, len(ids))
	grade := func(f *firm) (rated, error) {
		for i, id := range ids {
			n, _ := indicatorRatio(id) // checked above for every indicator
			v, ok := f.ratio(n)
			x[i], miss[i] = v, !ok
		}
		r, err := m.Score(x, miss)
		if err != nil {
			return rated{}, fmt.Errorf("firm on line %d: %w", f.row, err)
		}
		return rated{f: f, score: r.Score, grade: m.Scale().Name(r.Grade), pd: r.PD}, nil
	}
	var scores []float64
	var defaults []bool
	for _, p := range pairs {
		rf, err := grade(p.failed)
		if err != nil {
			return ratingResult{}, err
		}
		rg, err := grade(p.good)
		if err != nil {
			return ratingResult{}, err
		}
		res.failed = append(res.failed, rf)
		res.good = append(res.good, rg)
		scores = append(scores, rf.score, rg.score)
		defaults = append(defaults, true, false)
	}
	res.scoreAUC, err = validation.AUC(scores, defaults, validation.HigherSafer)
	if res.weak, err = weakOK(err); err != nil {
		return ratingResult{}, fmt.Errorf("AUC of the model score: %w", err)
	}
	return res, nil
}

// weakOK reports whether err is a validation warning (a usable result on few defaults), and
// returns err only when it is a real failure.
func weakOK(err error) (bool, error) {
	if errors.Is(err, validation.ErrFewDefaults) {
		return true, nil
	}
	return false, err
}

// compare computes the medians, the Mann–Whitney test and the AUC of ratio AttrN between the
// failed and the good firms of the sample that have it.
func compare(pairs []pair, id rating.IndicatorID, n int, dir rating.Direction) (comparison, error) {
	c := comparison{id: id, attr: n, dir: dir}
	var vals []float64
	var defaults []bool
	for _, p := range pairs {
		if v, ok := p.failed.ratio(n); ok {
			c.failedOnly = append(c.failedOnly, v)
		}
		if v, ok := p.good.ratio(n); ok {
			c.goodOnly = append(c.goodOnly, v)
		}
	}
	c.nFailed, c.nGood = len(c.failedOnly), len(c.goodOnly)
	if c.nFailed == 0 || c.nGood == 0 {
		// Small samples (-n 1) often lack a ratio in one group: report it, do not stop.
		c.empty = true
		return c, nil
	}
	c.medFailed, c.medGood = median(c.failedOnly), median(c.goodOnly)
	var err error
	if c.mw, err = mannWhitney(c.failedOnly, c.goodOnly); err != nil {
		return c, fmt.Errorf("indicator %s: %w", id, err)
	}
	vals = append(append(vals, c.failedOnly...), c.goodOnly...)
	for i := range vals {
		defaults = append(defaults, i < c.nFailed)
	}
	vdir := validation.HigherSafer
	if dir == rating.Cost {
		vdir = validation.HigherRiskier
	}
	c.auc, err = validation.AUC(vals, defaults, vdir)
	if c.weak, err = weakOK(err); err != nil {
		return c, fmt.Errorf("indicator %s: AUC: %w", id, err)
	}
	return c, nil
}

// median returns the sample median (the mean of the two middle values for an even count).
func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// medianGrade returns the median grade position of rs on the model's scale, as a name.
func (r ratingResult) medianGrade(rs []rated) string {
	pos := make([]float64, len(rs))
	for i, x := range rs {
		g, _ := r.model.Scale().Lookup(x.grade)
		pos[i] = float64(g)
	}
	slices.Sort(pos)
	return r.model.Scale().Name(rating.Grade(stat.Quantile(0.5, stat.Empirical, pos, nil)))
}

// section prints the indicator comparison, the pairs with their grades and the grade
// distribution of both groups.
func (r ratingResult) section() string {
	var b strings.Builder
	n := len(r.failed)
	b.WriteString("Each indicator of the expert model, failed vs good firms (firms with the ratio present).\n")
	b.WriteString("p: two-sided Mann–Whitney U test (normal approximation with tie and continuity correction;\n")
	b.WriteString("exact for groups of at most 8 without ties). AUC: the ratio alone as a score in the model's\n")
	b.WriteString("direction (0.5 = no separation, below 0.5 = points the wrong way in this sample).\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "ratio\tdirection\tn failed/good\tmedian failed\tmedian good\tU\tp\tAUC\t  indicator\n")
	for _, c := range r.comps {
		if c.empty {
			fmt.Fprintf(tw, "Attr%d\t%s\t%d/%d\t-\t-\t-\t-\t-\t  %s\n", c.attr, c.dir, c.nFailed, c.nGood, c.name)
			continue
		}
		fmt.Fprintf(tw, "Attr%d\t%s\t%d/%d\t%.4g\t%.4g\t%.1f\t%.4f\t%.3f\t  %s\n",
			c.attr, c.dir, c.nFailed, c.nGood, c.medFailed, c.medGood, c.mw.U, c.mw.P, c.auc, c.name)
	}
	tw.Flush()
	if slices.ContainsFunc(r.comps, func(c comparison) bool { return c.weak }) {
		fmt.Fprintf(&b, "(validation warns: fewer than %d firms in a group for some ratios; their AUC is weak evidence.)\n",
			validation.MinClassCount)
	}

	fmt.Fprintf(&b, "\nRating of all %d firms with model %s version %s (score 0–100, grade on its master scale),\n",
		2*n, r.model.Spec().ID, r.model.Spec().Version)
	b.WriteString("each failed firm beside the good firm matched to it (firm = line in the CSV):\n\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "pair\tfailed firm\tscore\tgrade\tgood firm\tscore\tgrade\t\n")
	for i := range r.failed {
		f, g := r.failed[i], r.good[i]
		fmt.Fprintf(tw, "%d\t%d\t%.1f\t%s\t%d\t%.1f\t%s\t\n", i+1, f.f.row, f.score, f.grade, g.f.row, g.score, g.grade)
	}
	tw.Flush()

	b.WriteString("\nGrade distribution (grade: PD of the grade; firms that failed / stayed good):\n\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "grade\tPD\tfailed\tgood\t\n")
	sc := r.model.Scale()
	for g := rating.Grade(1); int(g) <= sc.Len(); g++ {
		name := sc.Name(g)
		pd, _ := sc.PD(g)
		nf, ng := countGrade(r.failed, name), countGrade(r.good, name)
		if nf+ng == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.2f%%\t%d\t%d\t\n", name, 100*pd, nf, ng)
	}
	tw.Flush()
	fmt.Fprintf(&b, "\nMedian grade: failed %s, good %s. AUC of the model score: %.3f.\n",
		r.medianGrade(r.failed), r.medianGrade(r.good), r.scoreAUC)
	if r.weak {
		fmt.Fprintf(&b, "(validation warns: fewer than %d firms in a group, the AUC is weak evidence.)\n", validation.MinClassCount)
	}
	return b.String()
}

func countGrade(rs []rated, name string) int {
	k := 0
	for _, x := range rs {
		if x.grade == name {
			k++
		}
	}
	return k
}
