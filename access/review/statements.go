package review

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/internal/enum"
	"github.com/smecredit/smecredit/internal/specjson"
)

// Limits of the statement checks.
const (
	// KindChart is the kind of a chart document.
	KindChart = "review-chart"
	// MaxSpecBytes bounds a review document.
	MaxSpecBytes = 1 << 20
	// MaxLines bounds the lines of a chart and the rules of each list in it.
	MaxLines = 1000
	// MaxPeriods bounds the periods of one [Statements] value.
	MaxPeriods = 100
)

// MaxAmount bounds every money amount in absolute value: 10¹⁵ currency units.
var MaxAmount = decimal.New(1, 15)

// SignRule says which sign a line's amounts may take. The zero value [AnySign] is the benign
// default.
type SignRule uint8

// The sign rules.
const (
	AnySign     SignRule = iota // text "any"
	NonNegative                 // text "non-negative"
	NonPositive                 // text "non-positive"
)

var signRuleNames = enum.Names[SignRule]{"any", "non-negative", "non-positive"}

// String returns the kebab-case name.
func (s SignRule) String() string { return signRuleNames.String(s) }

// IsValid reports whether s is a defined rule.
func (s SignRule) IsValid() bool { return signRuleNames.Valid(s) }

// MarshalText returns the kebab-case name.
func (s SignRule) MarshalText() ([]byte, error) { return signRuleNames.Marshal(s) }

// UnmarshalText reads the kebab-case name.
func (s *SignRule) UnmarshalText(b []byte) error { return signRuleNames.Unmarshal(s, b) }

// LineSpec is one line of a chart: its name (lowerCamel), its sign rule and, when it adds into
// a total, the name of that total (Parent). A line that is some other line's Parent is a total
// and must equal the sum of its lines when they are all present.
type LineSpec struct {
	Name   string   `json:"name"`
	Sign   SignRule `json:"sign"`
	Parent string   `json:"parent,omitempty"`
}

// Term is one signed line in an identity or roll-forward: the line's amount, negated when
// Negate is set. With Change set the term is the line's change since the previous period,
// amount(t) − amount(t−1) (an identity holding such a term is checked from the second period
// on). With Optional set an undeclared line counts as zero (a change term: when declared in
// neither period); otherwise, and for a change term declared in only one of the two periods,
// the check gives a [CodeNotChecked] finding.
type Term struct {
	Line     string `json:"line"`
	Negate   bool   `json:"negate,omitempty"`
	Change   bool   `json:"change,omitempty"`
	Optional bool   `json:"optional,omitempty"`
}

// IdentitySpec declares Σ Left = Σ Right within one period (for example totalAssets =
// totalLiabilities + equity), or, when a term is a change, between a period and the one
// before it (for example the indirect-method operating cash flow).
type IdentitySpec struct {
	Name  string `json:"name"`
	Left  []Term `json:"left"`
	Right []Term `json:"right"`
}

// RollForwardSpec declares closing(t) = closing(t−1) + Σ Flows(t) for a stock line between
// consecutive periods (for example retainedEarnings(t) = retainedEarnings(t−1) + netIncome(t) −
// dividends(t)).
type RollForwardSpec struct {
	Name  string `json:"name"`
	Line  string `json:"line"`
	Flows []Term `json:"flows"`
}

// JumpSpec flags an implausible change of a line between consecutive periods: a finding when
// the previous amount is nonzero and |amount(t)/amount(t−1) − 1| > MaxChange, or the previous
// amount is zero and the current one is not. MaxChange is a fraction ≥ 0 (1 = ±100 %).
type JumpSpec struct {
	Line      string  `json:"line"`
	MaxChange float64 `json:"maxChange"`
}

// ChartSpec is the document of a chart of lines and the checks over them (kind
// "review-chart"). A host extends the default by appending to the slices of
// [DefaultChartSpec].
//
// A gap is accepted when |gap| ≤ max(AbsTolerance, RelTolerance · max(|left|, |right|)).
type ChartSpec struct {
	Kind         string            `json:"kind"`
	Version      string            `json:"version"`
	Lines        []LineSpec        `json:"lines"`
	Identities   []IdentitySpec    `json:"identities"`
	RollForwards []RollForwardSpec `json:"rollForwards"`
	Jumps        []JumpSpec        `json:"jumps"`
	AbsTolerance decimal.Decimal   `json:"absTolerance"`
	RelTolerance float64           `json:"relTolerance"`
}

// DefaultChartSpec returns the built-in chart (a fresh value each call):
//
// Balance sheet: cash, receivables, inventory, otherCurrentAssets → currentAssets;
// fixedAssets, otherNonCurrentAssets → nonCurrentAssets; currentAssets, nonCurrentAssets →
// totalAssets; payables, shortTermDebt, otherCurrentLiabilities → currentLiabilities;
// longTermDebt, otherNonCurrentLiabilities → nonCurrentLiabilities; currentLiabilities,
// nonCurrentLiabilities → totalLiabilities; shareCapital, retainedEarnings, otherEquity →
// equity. Income statement: revenue, costOfSales, operatingExpenses, depreciation,
// interestExpense, incomeTax, netIncome; the memo lines amortisation and impairment (non-cash
// charges already inside operatingExpenses, declared for the cash-flow check). Cash flow:
// operatingCashFlow, investingCashFlow, financingCashFlow, capitalExpenditure, disposals,
// dividends, and otherOperatingAdjustments (any sign: other non-cash items and other working-
// capital changes, added to profit).
//
// Identities: totalAssets = totalLiabilities + equity (balance sheet); netIncome = revenue −
// costOfSales − operatingExpenses − depreciation − interestExpense − incomeTax; and, from the
// second period on, the indirect-method operating cash flow ("operating-cash-flow")
//
//	operatingCashFlow(t) = netIncome(t) + depreciation(t) + amortisation(t) + impairment(t)
//	                       − Δreceivables − Δinventory + Δpayables + otherOperatingAdjustments(t)
//
// where ΔX = X(t) − X(t−1) and amortisation, impairment and otherOperatingAdjustments count
// as zero when not declared (IAS 7 ¶18(b) and ¶20: profit adjusted for non-cash items and
// changes in inventories and operating receivables and payables).
// Roll-forwards: retainedEarnings(t) = retainedEarnings(t−1) + netIncome − dividends (IAS 1
// ¶106(d)); cash(t) = cash(t−1) + operatingCashFlow + investingCashFlow + financingCashFlow
// (IAS 7); fixedAssets(t) = fixedAssets(t−1) + capitalExpenditure − depreciation − disposals.
// Jumps: revenue and totalAssets more than doubling or falling to zero (MaxChange 1, this
// package's choice). Sign rules: assets, liabilities, revenue, expenses, capitalExpenditure, disposals and
// dividends non-negative (costs are stated as positive amounts); equity lines, netIncome and
// cash flows any sign. Tolerance: 1 currency unit or 0.1 % (this package's choice; no published
// figure).
//
// References: IAS 1 Presentation of Financial Statements ¶106–110; IAS 7 Statement of Cash
// Flows ¶10, ¶18(b) and ¶20 (indirect method) and the cash reconciliation; FRS 102 §6.4.
func DefaultChartSpec() ChartSpec {
	nn := func(name, parent string) LineSpec { return LineSpec{Name: name, Sign: NonNegative, Parent: parent} }
	free := func(name, parent string) LineSpec { return LineSpec{Name: name, Parent: parent} }
	return ChartSpec{
		Kind: KindChart, Version: "1",
		Lines: []LineSpec{
			nn("cash", "currentAssets"), nn("receivables", "currentAssets"), nn("inventory", "currentAssets"),
			nn("otherCurrentAssets", "currentAssets"), nn("currentAssets", "totalAssets"),
			nn("fixedAssets", "nonCurrentAssets"), nn("otherNonCurrentAssets", "nonCurrentAssets"),
			nn("nonCurrentAssets", "totalAssets"), nn("totalAssets", ""),
			nn("payables", "currentLiabilities"), nn("shortTermDebt", "currentLiabilities"),
			nn("otherCurrentLiabilities", "currentLiabilities"), nn("currentLiabilities", "totalLiabilities"),
			nn("longTermDebt", "nonCurrentLiabilities"), nn("otherNonCurrentLiabilities", "nonCurrentLiabilities"),
			nn("nonCurrentLiabilities", "totalLiabilities"), nn("totalLiabilities", ""),
			free("shareCapital", "equity"), free("retainedEarnings", "equity"), free("otherEquity", "equity"),
			free("equity", ""),
			nn("revenue", ""), nn("costOfSales", ""), nn("operatingExpenses", ""), nn("depreciation", ""),
			nn("interestExpense", ""), nn("incomeTax", ""), free("netIncome", ""),
			nn("amortisation", ""), nn("impairment", ""), free("otherOperatingAdjustments", ""),
			free("operatingCashFlow", ""), free("investingCashFlow", ""), free("financingCashFlow", ""),
			nn("capitalExpenditure", ""), nn("disposals", ""), nn("dividends", ""),
		},
		Identities: []IdentitySpec{
			{Name: "balance-sheet", Left: []Term{{Line: "totalAssets"}},
				Right: []Term{{Line: "totalLiabilities"}, {Line: "equity"}}},
			{Name: "net-income", Left: []Term{{Line: "netIncome"}},
				Right: []Term{{Line: "revenue"}, {Line: "costOfSales", Negate: true},
					{Line: "operatingExpenses", Negate: true}, {Line: "depreciation", Negate: true},
					{Line: "interestExpense", Negate: true}, {Line: "incomeTax", Negate: true}}},
			{Name: "operating-cash-flow", Left: []Term{{Line: "operatingCashFlow"}},
				Right: []Term{{Line: "netIncome"}, {Line: "depreciation"},
					{Line: "amortisation", Optional: true}, {Line: "impairment", Optional: true},
					{Line: "receivables", Negate: true, Change: true}, {Line: "inventory", Negate: true, Change: true},
					{Line: "payables", Change: true}, {Line: "otherOperatingAdjustments", Optional: true}}},
		},
		RollForwards: []RollForwardSpec{
			{Name: "retained-earnings", Line: "retainedEarnings",
				Flows: []Term{{Line: "netIncome"}, {Line: "dividends", Negate: true}}},
			{Name: "cash", Line: "cash",
				Flows: []Term{{Line: "operatingCashFlow"}, {Line: "investingCashFlow"}, {Line: "financingCashFlow"}}},
			{Name: "fixed-assets", Line: "fixedAssets",
				Flows: []Term{{Line: "capitalExpenditure"}, {Line: "depreciation", Negate: true},
					{Line: "disposals", Negate: true}}},
		},
		Jumps:        []JumpSpec{{Line: "revenue", MaxChange: 1}, {Line: "totalAssets", MaxChange: 1}},
		AbsTolerance: decimal.NewFromInt(1),
		RelTolerance: 0.001,
	}
}

type term struct {
	line        int
	neg, change bool
	opt         bool
}

type identity struct {
	name        string
	left, right []term
	code        FindingCode
	lines       []string
	delta       bool // some term is a change: checked from the second period on
}

type jump struct {
	line int
	max  float64
}

type rollForward struct {
	name  string
	line  int
	flows []term
	lines []string
}

// Chart is a compiled [ChartSpec]. It is immutable and safe for concurrent use.
type Chart struct {
	spec       ChartSpec
	names      []string
	index      map[string]int
	signs      []SignRule
	identities []identity // declared identities, then one per total
	rolls      []rollForward
	jumps      []jump
	abs        decimal.Decimal
	rel        decimal.Decimal
	absCents   int64 // abs in cents when exact
	absCentsOK bool
	relF       float64
}

// ParseChart decodes a chart document strictly (see internal/specjson): [*SpecError] with
// [ErrLimit] above [MaxSpecBytes], else [ErrInvalidSpec] (at path "version" for a version absent,
// empty or blank, as in every loader of the library).
func ParseChart(data []byte) (ChartSpec, error) {
	var s ChartSpec
	if p := specjson.Decode(data, &s, KindChart, MaxSpecBytes); p != nil {
		e := &SpecError{Path: p.Path, Err: ErrInvalidSpec, Msg: p.Msg}
		if p.TooLarge {
			e.Err = ErrLimit
		}
		return ChartSpec{}, e
	}
	if err := checkVersion(s.Version); err != nil {
		return ChartSpec{}, err
	}
	return s, nil
}

// checkVersion refuses a document whose "version" is absent, empty or blank, as every loader
// of the library does (root doc, "Documents"). Only the parsers check it: Go-built specs are
// compiled without it.
func checkVersion(version string) error {
	if strings.TrimSpace(version) == "" {
		return &SpecError{Path: "version", Err: ErrInvalidSpec, Msg: "must not be empty"}
	}
	return nil
}

// LoadChart is [ParseChart] followed by [CompileChart].
func LoadChart(data []byte) (*Chart, error) {
	s, err := ParseChart(data)
	if err != nil {
		return nil, err
	}
	return CompileChart(s)
}

type specErrs struct {
	errs []error
	more int // problems found beyond maxErrors
}

func (s *specErrs) add(path string, err error, msg string) {
	if len(s.errs) == maxErrors {
		s.more++
		return
	}
	s.errs = append(s.errs, &SpecError{Path: path, Err: err, Msg: msg})
}

func (s *specErrs) join() error {
	if s.more > 0 {
		s.errs = append(s.errs, &SpecError{Path: "$", Err: ErrInvalidSpec, Msg: strconv.Itoa(s.more) + " more problems not listed"})
	}
	return errors.Join(s.errs...)
}

// maxErrors bounds the problems a loader reports.
const maxErrors = 100

// CompileChart validates spec and returns the compiled chart. Every defect is a [*SpecError]
// with its path, joined with [errors.Join]: kind not "review-chart"; more than [MaxLines]
// lines, identities or roll-forwards ([ErrLimit]); an empty or repeated line name
// ([ErrMissingValue], [ErrDuplicate]); an invalid sign rule; a parent, term or roll-forward
// line that names no line ([ErrUnknown]); a cycle of parents; an identity with an empty side; a
// negative, non-finite or out-of-range tolerance ([ErrTolerance]). O(lines + terms).
func CompileChart(spec ChartSpec) (*Chart, error) {
	var e specErrs
	if spec.Kind != KindChart {
		e.add("kind", ErrInvalidSpec, "want \""+KindChart+"\"")
	}
	if len(spec.Lines) > MaxLines || len(spec.Identities) > MaxLines || len(spec.RollForwards) > MaxLines {
		e.add("$", ErrLimit, "more than "+strconv.Itoa(MaxLines)+" lines, identities or roll-forwards")
		return nil, e.join()
	}
	c := &Chart{index: make(map[string]int, len(spec.Lines))}
	for i, l := range spec.Lines {
		p := idx("lines", i)
		switch {
		case l.Name == "":
			e.add(p+".name", ErrMissingValue, "")
		case c.index[l.Name] != 0:
			e.add(p+".name", ErrDuplicate, cut(l.Name))
		default:
			c.index[l.Name] = i + 1 // 0 = absent while building
		}
		if !l.Sign.IsValid() {
			e.add(p+".sign", ErrUnknown, strconv.Itoa(int(l.Sign)))
		}
	}
	for k := range c.index {
		c.index[k]--
	}
	lookup := func(path, name string) int {
		if i, ok := c.index[name]; ok && name != "" {
			return i
		}
		e.add(path, ErrUnknown, cut(name))
		return -1
	}
	terms := func(path string, ts []Term) []term {
		out := make([]term, len(ts))
		for i, t := range ts {
			out[i] = term{line: lookup(idx(path, i)+".line", t.Line), neg: t.Negate, change: t.Change, opt: t.Optional}
		}
		return out
	}
	children := make(map[int][]term)
	for i, l := range spec.Lines {
		if l.Parent == "" {
			continue
		}
		if p := lookup(idx("lines", i)+".parent", l.Parent); p >= 0 {
			if me, ok := c.index[l.Name]; ok && me == i {
				children[p] = append(children[p], term{line: i})
			}
		}
	}
	// a cycle of parents: follow each chain at most len(lines) steps.
	for i, l := range spec.Lines {
		cur, steps := l.Parent, 0
		for cur != "" && steps <= len(spec.Lines) {
			j, ok := c.index[cur]
			if !ok {
				break
			}
			cur = spec.Lines[j].Parent
			steps++
		}
		if steps > len(spec.Lines) {
			e.add(idx("lines", i)+".parent", ErrInvalidSpec, "cycle of parents")
		}
	}
	for i, id := range spec.Identities {
		p := idx("identities", i)
		if id.Name == "" {
			e.add(p+".name", ErrMissingValue, "")
		}
		if len(id.Left) == 0 || len(id.Right) == 0 {
			e.add(p, ErrMissingValue, "an identity needs terms on both sides")
		}
		if len(id.Left)+len(id.Right) > MaxLines {
			e.add(p, ErrLimit, "")
			continue
		}
		ic := identity{name: id.Name, code: CodeIdentityBroken,
			left: terms(p+".left", id.Left), right: terms(p+".right", id.Right)}
		for _, t := range append(append([]term(nil), ic.left...), ic.right...) {
			ic.delta = ic.delta || t.change
		}
		c.identities = append(c.identities, ic)
	}
	for i, r := range spec.RollForwards {
		p := idx("rollForwards", i)
		if r.Name == "" {
			e.add(p+".name", ErrMissingValue, "")
		}
		if len(r.Flows) > MaxLines {
			e.add(p+".flows", ErrLimit, "")
			continue
		}
		c.rolls = append(c.rolls, rollForward{name: r.Name, line: lookup(p+".line", r.Line), flows: terms(p+".flows", r.Flows)})
	}
	if len(spec.Jumps) > MaxLines {
		e.add("jumps", ErrLimit, strconv.Itoa(len(spec.Jumps)))
	} else {
		for i, j := range spec.Jumps {
			p := idx("jumps", i)
			li := lookup(p+".line", j.Line)
			if !(j.MaxChange >= 0 && j.MaxChange <= 1e6) {
				e.add(p+".maxChange", ErrTolerance, floatText(j.MaxChange))
			}
			c.jumps = append(c.jumps, jump{line: li, max: j.MaxChange})
		}
	}
	if spec.AbsTolerance.Sign() < 0 || spec.AbsTolerance.Abs().GreaterThan(MaxAmount) {
		e.add("absTolerance", ErrTolerance, decimalText(spec.AbsTolerance))
	}
	if !(spec.RelTolerance >= 0 && spec.RelTolerance <= 1) {
		e.add("relTolerance", ErrTolerance, floatText(spec.RelTolerance))
	}
	if err := e.join(); err != nil {
		return nil, err
	}
	c.names = make([]string, len(spec.Lines))
	c.signs = make([]SignRule, len(spec.Lines))
	for i, l := range spec.Lines {
		c.names[i], c.signs[i] = l.Name, l.Sign
	}
	for i := range c.identities {
		c.identities[i].lines = termNames(c.names, c.identities[i].left, c.identities[i].right)
	}
	for i := range spec.Lines { // totals in chart order
		if ch, ok := children[i]; ok {
			id := identity{name: c.names[i], code: CodeTotalMismatch, left: []term{{line: i}}, right: ch}
			id.lines = termNames(c.names, id.left, id.right)
			c.identities = append(c.identities, id)
		}
	}
	for i := range c.rolls {
		c.rolls[i].lines = termNames(c.names, []term{{line: c.rolls[i].line}}, c.rolls[i].flows)
	}
	c.abs = spec.AbsTolerance
	c.absCents, c.absCentsOK = toCents(spec.AbsTolerance)
	c.relF = spec.RelTolerance
	c.rel = decimal.NewFromFloat(spec.RelTolerance)
	c.spec = cloneChartSpec(spec)
	return c, nil
}

func termNames(names []string, a, b []term) []string {
	out := make([]string, 0, len(a)+len(b))
	for _, t := range append(append([]term(nil), a...), b...) {
		out = append(out, names[t.line])
	}
	return out
}

func cloneChartSpec(s ChartSpec) ChartSpec {
	s.Kind = KindChart
	s.Lines = append([]LineSpec(nil), s.Lines...)
	ids := make([]IdentitySpec, len(s.Identities))
	for i, id := range s.Identities {
		ids[i] = IdentitySpec{Name: id.Name, Left: append([]Term(nil), id.Left...), Right: append([]Term(nil), id.Right...)}
	}
	s.Identities = ids
	rs := make([]RollForwardSpec, len(s.RollForwards))
	for i, r := range s.RollForwards {
		rs[i] = RollForwardSpec{Name: r.Name, Line: r.Line, Flows: append([]Term(nil), r.Flows...)}
	}
	s.RollForwards = rs
	s.Jumps = append([]JumpSpec(nil), s.Jumps...)
	return s
}

// Spec returns a copy of the document the chart was compiled from, with Kind filled.
func (c *Chart) Spec() ChartSpec {
	if c == nil {
		return ChartSpec{}
	}
	return cloneChartSpec(c.spec)
}

// Period is one reporting period of a firm's statements: a label (such as "2024"), its end
// date and the declared amounts by line name. Lines absent from the map were not declared.
type Period struct {
	Label string                     `json:"label"`
	End   time.Time                  `json:"end"`
	Lines map[string]decimal.Decimal `json:"lines"`
}

// Statements is a firm's financial statements over consecutive periods, oldest first.
type Statements struct {
	Periods []Period `json:"periods"`
}

// Check runs the chart's checks on s. See [Chart.CheckTo].
func (c *Chart) Check(s Statements) ([]Finding, error) { return c.CheckTo(nil, s) }

// CheckTo appends to dst the findings of every check on s and returns the extended slice:
// each sign rule per declared line; each identity and each total (= sum of its lines) per
// period; each roll-forward and jump rule between consecutive periods. A check whose lines are not all
// declared gives a [CodeNotChecked] finding (severity info) instead of passing silently. A
// consistent statement gives no finding but those. O(periods × (lines + terms)).
//
// Errors ([*InputError]): [ErrMissingValue] for a nil chart; [ErrLimit] for more than
// [MaxPeriods] periods; [ErrOrder] for end dates not strictly increasing ([ErrDuplicate] when
// equal); [ErrUnknown] for a line the chart lacks; [ErrAmount] for an amount beyond
// ±[MaxAmount]. Field is "periods[i].end" or "periods[i].lines.<name>". dst is returned
// unchanged on error.
//
// References: IAS 1 ¶106–110 (equity roll-forward); IAS 7 (cash reconciliation).
func (c *Chart) CheckTo(dst []Finding, s Statements) ([]Finding, error) {
	if c == nil || c.index == nil {
		return dst, &InputError{Field: "chart", Err: ErrMissingValue}
	}
	if len(s.Periods) > MaxPeriods {
		return dst, &InputError{Field: "periods", Value: strconv.Itoa(len(s.Periods)), Err: ErrLimit}
	}
	k := len(c.names)
	vals := make([]decimal.Decimal, k*len(s.Periods))
	have := make([]bool, k*len(s.Periods))
	cents := make([]int64, k*len(s.Periods)) // amounts in cents when exact (fast path)
	slow := make([]bool, len(s.Periods))     // some amount of the period is not whole cents
	for pi, p := range s.Periods {
		if pi > 0 {
			prev := s.Periods[pi-1].End
			if p.End.Equal(prev) {
				return dst, &InputError{Field: idx("periods", pi) + ".end", Value: p.End.Format(time.DateOnly), Err: ErrDuplicate}
			}
			if p.End.Before(prev) {
				return dst, &InputError{Field: idx("periods", pi) + ".end", Value: p.End.Format(time.DateOnly), Err: ErrOrder}
			}
		}
		for name, v := range p.Lines {
			li, ok := c.index[name]
			if !ok {
				return dst, &InputError{Field: idx("periods", pi) + ".lines." + cut(name), Err: ErrUnknown}
			}
			ct, okC := toCents(v)
			if okC && (ct > maxCents || ct < -maxCents) || !okC && v.Abs().GreaterThan(MaxAmount) {
				return dst, &InputError{Field: idx("periods", pi) + ".lines." + name, Value: decimalText(v), Err: ErrAmount}
			}
			vals[pi*k+li], have[pi*k+li] = v, true
			cents[pi*k+li] = ct
			if !okC {
				slow[pi] = true
			}
		}
	}
	for pi, p := range s.Periods {
		row, hv := vals[pi*k:(pi+1)*k], have[pi*k:(pi+1)*k]
		for li, ok := range hv {
			if !ok {
				continue
			}
			v := row[li]
			if (c.signs[li] == NonNegative && v.Sign() < 0) || (c.signs[li] == NonPositive && v.Sign() > 0) {
				dst = append(dst, Finding{Code: CodeSignViolated, Severity: SeverityWarning, Check: c.names[li],
					Period: p.Label, Lines: []string{c.names[li]}, Left: v, Gap: v,
					Message: c.names[li] + " must be " + c.signs[li].String()})
			}
		}
		crow, fast := cents[pi*k:(pi+1)*k], !slow[pi]
		cur := rows{vals: row, have: hv, cents: crow}
		for _, id := range c.identities {
			if !id.delta {
				dst = c.checkIdentity(dst, &id, p.Label, &cur, &rows{}, fast)
			}
		}
		if pi == 0 {
			continue
		}
		prow, phv := vals[(pi-1)*k:pi*k], have[(pi-1)*k:pi*k]
		pcrow, pfast := cents[(pi-1)*k:pi*k], !slow[pi-1]
		prev := rows{vals: prow, have: phv, cents: pcrow}
		for _, id := range c.identities {
			if id.delta {
				dst = c.checkIdentity(dst, &id, p.Label, &cur, &prev, fast && pfast)
			}
		}
		for _, j := range c.jumps {
			if !hv[j.line] || !phv[j.line] {
				continue
			}
			// Fast pass in cents: a change clearly (by more than 1e-9) within the limit needs
			// no decimal division; findings and near-limit changes take the exact path.
			if pc, cc := pcrow[j.line], crow[j.line]; fast && pfast && pc != 0 &&
				pc > -1<<53 && pc < 1<<53 && cc > -1<<53 && cc < 1<<53 {
				if ch := math.Abs(float64(cc)/float64(pc) - 1); ch < j.max-1e-9 {
					continue
				}
			}
			now, before := row[j.line], prow[j.line]
			var ch float64
			if before.Sign() == 0 {
				if now.Sign() == 0 {
					continue
				}
				ch = math.Inf(1)
			} else {
				ch = math.Abs(now.DivRound(before, 12).InexactFloat64() - 1)
			}
			if ch > j.max {
				f := Finding{Code: CodeImplausibleJump, Severity: SeverityWarning, Check: c.names[j.line], Period: p.Label,
					Lines: []string{c.names[j.line]}, Left: now, Right: before, Gap: now.Sub(before), High: j.max,
					Message: c.names[j.line] + " changed from " + before.String() + " to " + now.String()}
				if !math.IsInf(ch, 0) {
					f.Ratio = ch
				}
				dst = append(dst, f)
			}
		}
		for _, rf := range c.rolls {
			if fast && pfast && phv[rf.line] && c.fastPass(&cur, &prev, []term{{line: rf.line}}, rf.flows, pcrow[rf.line]) {
				continue
			}
			flows, okF := sumTerms(&cur, &prev, rf.flows)
			if !okF || !hv[rf.line] || !phv[rf.line] {
				dst = append(dst, notChecked(rf.name, p.Label, rf.lines))
				continue
			}
			if f, bad := c.compare(CodeRollForwardBroken, rf.name, p.Label, rf.lines, row[rf.line], prow[rf.line].Add(flows)); bad {
				dst = append(dst, f)
			}
		}
	}
	return dst, nil
}

// CheckAll checks each firm's statements; one [BatchResult] per firm, in input order.
func (c *Chart) CheckAll(ss []Statements) []BatchResult {
	out := make([]BatchResult, len(ss))
	for i, s := range ss {
		f, err := c.Check(s)
		if ie := (*InputError)(nil); errors.As(err, &ie) {
			err = &InputError{Field: idx("statements", i) + "." + ie.Field, Value: ie.Value, Err: ie.Err}
		}
		out[i] = BatchResult{Result: f, Err: err}
	}
	return out
}

// rows are one period's amounts by line index: vals, whether declared (have) and in cents
// when exact (cents). The zero value stands for "no previous period".
type rows struct {
	vals  []decimal.Decimal
	have  []bool
	cents []int64
}

// present reports whether term t can be evaluated (true) or counts as zero (false, ok); !ok
// means the check cannot run.
func present(cur, prev *rows, t term) (use, ok bool) {
	if !t.change {
		if cur.have[t.line] {
			return true, true
		}
		return false, t.opt
	}
	if prev.have == nil {
		return false, false
	}
	switch c, p := cur.have[t.line], prev.have[t.line]; {
	case c && p:
		return true, true
	case !c && !p:
		return false, t.opt
	}
	return false, false
}

// checkIdentity appends id's finding for one period (prev is the period before, for change
// terms) to dst.
func (c *Chart) checkIdentity(dst []Finding, id *identity, label string, cur, prev *rows, fast bool) []Finding {
	if fast && c.fastPass(cur, prev, id.left, id.right, 0) {
		return dst
	}
	l, okL := sumTerms(cur, prev, id.left)
	r, okR := sumTerms(cur, prev, id.right)
	if !okL || !okR {
		return append(dst, notChecked(id.name, label, id.lines))
	}
	if f, bad := c.compare(id.code, id.name, label, id.lines, l, r); bad {
		dst = append(dst, f)
	}
	return dst
}

func sumTerms(cur, prev *rows, ts []term) (decimal.Decimal, bool) {
	var s decimal.Decimal
	for _, t := range ts {
		use, ok := present(cur, prev, t)
		if !ok {
			return s, false
		}
		if !use {
			continue
		}
		x := cur.vals[t.line]
		if t.change {
			x = x.Sub(prev.vals[t.line])
		}
		if t.neg {
			s = s.Sub(x)
		} else {
			s = s.Add(x)
		}
	}
	return s, true
}

func notChecked(name, period string, lines []string) Finding {
	return Finding{Code: CodeNotChecked, Severity: SeverityInfo, Check: name, Period: period,
		Lines: lines, Message: name + " not checked: not every line is declared"}
}

// tolerance is max(abs, rel·max(|l|, |r|)).
func (c *Chart) tolerance(l, r decimal.Decimal) decimal.Decimal {
	return tolerance(c.abs, c.rel, l, r)
}

func tolerance(abs, rel, l, r decimal.Decimal) decimal.Decimal {
	m := l.Abs()
	if ra := r.Abs(); ra.GreaterThan(m) {
		m = ra
	}
	t := m.Mul(rel)
	if abs.GreaterThan(t) {
		return abs
	}
	return t
}

func (c *Chart) compare(code FindingCode, name, period string, lines []string, l, r decimal.Decimal) (Finding, bool) {
	gap := l.Sub(r)
	tol := c.tolerance(l, r)
	if gap.Abs().LessThanOrEqual(tol) {
		return Finding{}, false
	}
	return Finding{Code: code, Severity: SeverityCritical, Check: name, Period: period, Lines: lines,
		Left: l, Right: r, Gap: gap, Tolerance: tol,
		Message: name + ": " + l.String() + " vs " + r.String() + ", gap " + gap.String()}, true
}

// maxCents is [MaxAmount] in cents.
const maxCents = 100_000_000_000_000_000

// toCents returns d in cents when d is a whole number of cents with at most 18 significant
// digits and |d| ≤ 10¹⁶, else false.
func toCents(d decimal.Decimal) (int64, bool) {
	if d.Sign() == 0 {
		return 0, true
	}
	e := int(d.Exponent()) + 2
	if e < 0 || e > 18 || d.NumDigits()+e > 18 {
		return 0, false
	}
	return d.CoefficientInt64() * int64(pow10[e]), true
}

// sumCents adds the terms' amounts in cents; false when a line is missing or the sum would
// overflow.
func sumCents(cur, prev *rows, ts []term) (int64, bool) {
	var s int64
	for _, t := range ts {
		var x int64
		if !t.change && cur.have[t.line] { // the common case, without present's branches
			x = cur.cents[t.line]
		} else {
			use, ok := present(cur, prev, t)
			if !ok {
				return 0, false
			}
			if !use {
				continue
			}
			x = cur.cents[t.line]
			if t.change {
				x -= prev.cents[t.line] // both within ±maxCents: no overflow
			}
		}
		if t.neg {
			x = -x
		}
		n := s + x
		if (x > 0 && n < s) || (x < 0 && n > s) {
			return 0, false
		}
		s = n
	}
	return s, true
}

// fastPass reports whether an identity (Σ left = base + Σ right) clearly holds within
// tolerance, computed in integer cents; false means "decide on decimals". base is the opening
// amount of a roll-forward (0 for an identity).
func (c *Chart) fastPass(cur, prev *rows, left, right []term, base int64) bool {
	l, ok := sumCents(cur, prev, left)
	if !ok {
		return false
	}
	r, ok := sumCents(cur, prev, right)
	if !ok {
		return false
	}
	n := r + base
	if (base > 0 && n < r) || (base < 0 && n > r) {
		return false
	}
	r = n
	gap := l - r
	if (r > 0 && gap > l) || (r < 0 && gap < l) {
		return false
	}
	if gap < 0 {
		gap = -gap
	}
	if c.absCentsOK && gap <= c.absCents {
		return true
	}
	m := l
	if m < 0 {
		m = -m
	}
	if ar := max(r, -r); ar > m {
		m = ar
	}
	return float64(gap) < c.relF*float64(m)*(1-1e-9)
}
