package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// The HTML report: index.html rendered with html/template from the same sections the text
// output prints, and the sections' figures as SVG files beside it. No script, no network: the
// styles are inline and every picture is a local file.

//go:embed report.html.tmpl
var reportTemplate string

// reportTmpl is the parsed report template; parsing it is checked by the tests.
var reportTmpl = template.Must(template.New("report").Parse(reportTemplate))

// Source describes one input data set for the report's appendix.
type Source struct {
	Role        string // "firms" or "accounts"
	File        string // embedded file name or the user's path
	Embedded    bool
	Records     int
	SHA256      string
	Description string // what the data are; empty for a user's file
	Origin      string // where they come from, with licence
	Cite        string // the paper to cite
}

// provenance describes the two data sets the job ran on: the embedded files with their source,
// licence and citation, or the user's files with their checksum.
func provenance(firmsFile, accountsFile string, p *Portfolio) ([]Source, error) {
	firms := Source{Role: "firms", File: "data/polish-5year.csv", Embedded: true, Records: len(p.Firms),
		Description: "Financial statements of Polish companies from the EMIS database, year-5 file: 64 financial ratios " +
			"per firm and whether it went bankrupt within one year.",
		Origin: "UCI Machine Learning Repository, \"Polish companies bankruptcy data\", id 365, DOI 10.24432/C5F600; licence CC BY 4.0.",
		Cite: "Zięba, M., Tomczak, S. K., Tomczak, J. M. (2016). Ensemble boosted trees with synthetic features generation in " +
			"application to bankruptcy prediction. Expert Systems with Applications 58, 93–101."}
	accounts := Source{Role: "accounts", File: "data/taiwan-credit-card.csv", Embedded: true, Records: len(p.Accounts),
		Description: "30,000 credit-card holders of a Taiwanese bank, April–September 2005: credit limit, six months of repayment " +
			"status, bills and payments, and whether the account defaulted in October 2005.",
		Origin: "UCI Machine Learning Repository, \"Default of credit card clients\", id 350, DOI 10.24432/C55S3H; licence CC BY 4.0.",
		Cite: "Yeh, I-C. & Lien, C-H. (2009). The comparisons of data mining techniques for the predictive accuracy of probability " +
			"of default of credit card clients. Expert Systems with Applications 36(2), 2473–2480."}
	out := []Source{firms, accounts}
	for i, f := range []struct {
		file     string
		embedded []byte
	}{{firmsFile, embeddedFirms}, {accountsFile, embeddedAccounts}} {
		data := f.embedded
		if f.file != "" {
			var err error
			if data, err = os.ReadFile(f.file); err != nil {
				return nil, err
			}
			out[i] = Source{Role: out[i].Role, File: f.file, Records: out[i].Records,
				Description: "The user's own file, read in the layout of the embedded " + out[i].File + "."}
		}
		sum := sha256.Sum256(data)
		out[i].SHA256 = hex.EncodeToString(sum[:])
	}
	return out, nil
}

// howToRead is the "how to read this" note of each section.
var howToRead = map[string]string{
	"portfolio": "The two books the job runs on. Firms are judged by bankruptcy within one year, card accounts by default " +
		"in October 2005. Missing ratio cells matter: a ratio missing in many firms cannot carry a rule or a rating on its own, " +
		"and in these data a missing ratio is itself a sign of distress.",
	"access": "Each policy version decides every firm: accept, refer (to an analyst) or reject. A good policy has a low " +
		"bankruptcy rate among accepted firms and a high one among rejected firms. In the rule table, hits are the firms a rule " +
		"fires on; unique hits are the firms no other rule of equal or harsher severity catches, so a rule with no unique hits " +
		"changes no decision. The diff shows which firms the challenger moves and whether the moved firms were risky.",
	"review": "Checks of what firms declared, before trusting the figures. Benford's law says the first digits of many " +
		"naturally occurring amounts follow log10(1 + 1/d); the mean absolute deviation (MAD) from it, read against Nigrini's " +
		"bands, says whether a set of amounts conforms (chi-square rejects almost any large sample, so read the MAD). The " +
		"balance-sheet check lists firms whose assets differ from liabilities plus equity. The guarantee network is synthetic " +
		"(no public data exists): it shows what circles, chains and contagion (DebtRank R, the share of guaranteed value lost) " +
		"would reveal. The last table feeds those findings as facts to an access policy.",
	"validation": "Each ratio alone ranks the firms; AUC is the probability that a random bankrupt firm looks worse than a " +
		"random survivor (0.5 is a coin toss, 1 is perfect). Gini = 2·AUC − 1; KS is the largest gap between the cumulative " +
		"distributions of bankrupt firms and survivors. A high missing share means the AUC speaks for fewer firms.",
	"rating": "The expert model turns 12 ratios into a 0–100 score and a grade. The weights table shows how much each " +
		"indicator counts. The calibration table compares each grade's observed bankruptcy rate (DR) with its PD: the Jeffreys " +
		"p is the chance of seeing at least that many defaults if the PD were right (small p: PD too low; red below 0.001, " +
		"yellow below 0.05). The Herfindahl index (HHI) measures how concentrated the firms are in few grades (1/grades is " +
		"perfectly even). Hosmer–Lemeshow tests whether firm-level PDs match the defaults in ten PD groups: a small p means " +
		"they do not. Brier is the mean squared error of the PDs (lower is better).",
	"offer": "Every accepted and rated firm gets a risk-based price (funding, expected loss PD × LGD, capital and cost) " +
		"and a limit from its working-capital need. The floor is the rate below which the loan loses money. The last lines " +
		"show what a single flat rate would do: underprice the risky grades and lose money on them.",
	"scorecard": "A points scorecard fitted on 70 % of the firms and judged on the other 30 % (the holdout). IV (information " +
		"value) measures how well a binned ratio separates bankrupt firms from survivors (above 0.3 is strong); WoE is the " +
		"log of the share of survivors over the share of bankrupt firms in a bin. The holdout AUC of the scorecard and the " +
		"expert rating are on the same firms, so they compare directly. PSI below 0.1 means the scores are stable between samples.",
	"monitoring": "Each card account gets a warning level (green, yellow, orange, red) from its September behaviour, a " +
		"regulatory category and an IFRS 9 stage. Read the first table across: the default rate should rise with the level. " +
		"Precision is the share of flagged accounts that default; recall is the share of defaults that were flagged. The last " +
		"table shows how early the warnings came.",
	"exit": "Accounts classified substandard or worse are worked out: for each, the option with the highest expected " +
		"recovery in present value is chosen. Workout LGD is the share of the exposure not recovered. The break-evens show how " +
		"far an assumption must move to change the choice. The capital table gives the IRB risk weight (RW) per grade: RWA = " +
		"RW × EAD and capital is 8 % of RWA; the RW mean in the summary is total RWA over total EAD.",
	"ecl": "Expected credit loss under IFRS 9: stage 1 accounts carry 12 months of expected loss, stages 2 and 3 their " +
		"lifetime loss, each weighted over three scenarios. Coverage is allowance over drawn balance. The movement table " +
		"explains the change in allowance from August to September by stage transfers and remeasurement.",
	"book": "The portfolio view of the card book. The roll-rate matrix reads across: of the accounts in a delinquency bucket " +
		"in one month, the share in each bucket the next month (by count, and by balance in brackets). HHI is the Herfindahl " +
		"index of exposure shares (1/n for an even book; effective names = 1/HHI). The stress table moves every grade's PD to " +
		"its 1-in-100 downturn value and shows expected loss (EL) and IRB capital (K) before and after.",
}

// reportView is the data of the template.
type reportView struct {
	Title      string
	Sections   []viewSection
	KeyFigures []viewKeyFigure
	Findings   []Finding
	Summary    []viewFigure // figures repeated on the summary page
	Sources    []Source
	Notes      []viewNotes
	Command    string
}

type viewKeyFigure struct {
	Label, Value, SectionID, Section string
}

type viewNotes struct {
	SectionID, Section string
	Items              []string
}

type viewSection struct {
	ID, Title, HowTo string
	Failed           bool
	Parts            []viewPart
}

// viewPart is one block of a section in HTML: paragraphs, preformatted lines, tables or a
// figure.
type viewPart struct {
	Paras  []string
	Pre    string
	Tables []viewTable
	Figure *viewFigure
}

type viewFigure struct {
	Src, Caption string
}

type viewTable struct {
	Header []string
	Rows   []viewRow
	Wide   bool // many columns: smaller type
}

type viewRow struct {
	Cells []viewCell
	Note  string // a one-cell row (a note line), spanning NoteSpan columns
	Span  int
}

type viewCell struct {
	Text string
	Num  bool
}

// numeric matches a cell that reads as a number, a percentage or an amount, to right-align it.
var numeric = regexp.MustCompile(`^[-+−≥(]?[0-9.,]+([eE][-+]?[0-9]+)?\)?( ?%)?( \[[ 0-9.]+\])?$|^-$`)

// writeReport renders the sections into dir/index.html and draws their figures as SVG files
// beside it; a figure that cannot be drawn is replaced by the reason. It returns the path of
// index.html.
func writeReport(dir string, secs []Section, sources []Source) (string, error) {
	v := reportView{Title: "Portfolio review", Sources: sources,
		Command: "go run ./examples/portfolio -report " + dir}
	for i := range secs {
		s := &secs[i]
		vs := viewSection{ID: "sec-" + s.Name, Title: s.Title, HowTo: howToRead[s.Name], Failed: s.Failed}
		for _, bl := range s.Blocks {
			switch {
			case bl.Figure != nil:
				// A chart that cannot be drawn (a user's data too small for it, say) is
				// replaced by the reason; the rest of the report stands.
				if err := bl.Figure.Draw(filepath.Join(dir, bl.Figure.Name+".svg")); err != nil {
					vs.Parts = append(vs.Parts, viewPart{Paras: []string{fmt.Sprintf("Chart %s not drawn: %v", bl.Figure.Name, err)}})
					continue
				}
				f := &viewFigure{Src: bl.Figure.Name + ".svg", Caption: bl.Figure.Caption}
				vs.Parts = append(vs.Parts, viewPart{Figure: f})
				if bl.Figure.Name == "rating-grades" || bl.Figure.Name == "rating-default-rate" {
					v.Summary = append(v.Summary, *f)
				}
			case bl.Table != nil:
				vs.Parts = append(vs.Parts, viewPart{Tables: tableView(bl.Table)})
			default:
				vs.Parts = append(vs.Parts, textView(bl.Text)...)
			}
		}
		v.Sections = append(v.Sections, vs)
		for _, k := range s.KeyFigures {
			v.KeyFigures = append(v.KeyFigures, viewKeyFigure{Label: k.Label, Value: k.Value, SectionID: vs.ID, Section: s.Title})
		}
		v.Findings = append(v.Findings, s.Findings...)
		if len(s.Assumptions) > 0 {
			v.Notes = append(v.Notes, viewNotes{SectionID: vs.ID, Section: s.Title, Items: s.Assumptions})
		}
	}
	slices.SortStableFunc(v.Findings, func(a, b Finding) int { return cmp.Compare(a.Rank, b.Rank) })
	v.Findings = v.Findings[:min(5, len(v.Findings))]
	var buf bytes.Buffer
	if err := reportTmpl.Execute(&buf, v); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	path := filepath.Join(dir, "index.html")
	return path, os.WriteFile(path, buf.Bytes(), 0o644)
}

// textView splits prose into parts: each run of unindented lines is prose (see joinWrapped);
// each run of indented lines is kept as it is (aligned lines); a blank line ends a run.
func textView(text string) []viewPart {
	var parts []viewPart
	var run []string
	indented := false
	flush := func() {
		if len(run) == 0 {
			return
		}
		if indented {
			parts = append(parts, viewPart{Pre: strings.Join(run, "\n")})
		} else {
			parts = append(parts, viewPart{Paras: joinWrapped(run)})
		}
		run = run[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		ind := strings.HasPrefix(line, " ")
		if ind != indented {
			flush()
			indented = ind
		}
		run = append(run, line)
	}
	flush()
	return parts
}

// joinWrapped rejoins the text output's wrapped lines into paragraphs: a line that ends in a
// word or a comma continues on the next line; one that ends in ".", ":", ";", "%" or a digit
// ends its statement.
func joinWrapped(lines []string) []string {
	var paras []string
	var cur strings.Builder
	for _, l := range lines {
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(strings.TrimSpace(l))
		if last := l[len(l)-1]; strings.IndexByte(".:;%0123456789", last) >= 0 {
			paras = append(paras, cur.String())
			cur.Reset()
		}
	}
	if cur.Len() > 0 {
		paras = append(paras, cur.String())
	}
	return paras
}

// tableView turns a table into HTML tables: the cells trimmed, columns empty in every row
// dropped, split at all-empty rows (the text's spacer lines) with each part's first row as its
// header, unless the table names a header of its own.
func tableView(t *Table) []viewTable {
	rows := make([][]string, len(t.Rows))
	ncol := len(t.Header)
	for i, r := range t.Rows {
		rows[i] = make([]string, len(r))
		for j, c := range r {
			rows[i][j] = strings.TrimSpace(c)
		}
		ncol = max(ncol, len(r))
	}
	keep := make([]bool, ncol)
	for _, r := range append(rows, t.Header) {
		if len(r) < 2 {
			continue // a note line does not keep a column
		}
		for j, c := range r {
			if c != "" {
				keep[j] = true
			}
		}
	}
	pick := func(r []string) []string {
		var out []string
		for j, c := range r {
			if j < ncol && keep[j] {
				out = append(out, c)
			}
		}
		return out
	}
	var out []viewTable
	var cur *viewTable
	header := pick(t.Header)
	for _, r := range rows {
		if strings.Join(r, "") == "" {
			cur = nil // a spacer line starts a new table
			continue
		}
		if cur == nil {
			out = append(out, viewTable{})
			cur = &out[len(out)-1]
			if header != nil {
				cur.Header = header
			} else {
				cur.Header = pick(r)
				continue
			}
		}
		if len(r) == 1 {
			cur.Rows = append(cur.Rows, viewRow{Note: r[0], Span: len(cur.Header)})
			continue
		}
		var vr viewRow
		for _, c := range pick(r) {
			vr.Cells = append(vr.Cells, viewCell{Text: c, Num: numeric.MatchString(c)})
		}
		cur.Rows = append(cur.Rows, vr)
	}
	for i := range out {
		out[i].Wide = len(out[i].Header) > 8
	}
	return out
}
