package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"
)

// The job's sections on the embedded data, computed once for the report tests and benchmark.
var (
	jobOnce sync.Once
	jobSecs []Section
	jobText string
	jobProv []Source
	jobP    *Portfolio
	jobErr  error
)

func embeddedJob(tb testing.TB) ([]Section, string, []Source) {
	tb.Helper()
	jobOnce.Do(func() {
		p, err := loadPortfolio("", "")
		if err != nil {
			jobErr = err
			return
		}
		jobP = p
		sel, _ := selectStages("")
		var text strings.Builder
		var errs []error
		jobSecs, errs = runStages(p, Options{}, sel, &text)
		jobText = text.String()
		if jobErr = errors.Join(errs...); jobErr != nil {
			return
		}
		jobProv, jobErr = provenance("", "", p)
	})
	if jobErr != nil {
		tb.Fatal(jobErr)
	}
	return jobSecs, jobText, jobProv
}

// keepDir is a temporary directory, or $REPORT_KEEP to look at the report after the test.
func keepDir(t *testing.T) string {
	if d := os.Getenv("REPORT_KEEP"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// htmlDoc is what the report test reads out of index.html.
type htmlDoc struct {
	ids      map[string]bool
	h2       map[string]string // section id → its h2 text
	srcs     []string          // img src
	hrefs    []string          // a href
	tables   int
	headless []int // indices of tables without a header cell in their first row
	text     strings.Builder
}

// parseReport reads index.html as strict XML (the template writes XHTML-compatible HTML: every
// element closed, void elements self-closed, only XML's five entities), so a malformed document
// fails here.
func parseReport(t *testing.T, data []byte) *htmlDoc {
	t.Helper()
	d := &htmlDoc{ids: map[string]bool{}, h2: map[string]string{}}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var stack []string
	section := ""
	inH2 := false
	var h2 strings.Builder
	// Per open table: seen its first row, and whether that row had a th.
	type tableState struct {
		rows   int
		header bool
	}
	var tables []tableState
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("index.html does not parse: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			name := tk.Name.Local
			stack = append(stack, name)
			for _, a := range tk.Attr {
				switch {
				case a.Name.Local == "id":
					if d.ids[a.Value] {
						t.Errorf("duplicate id %q", a.Value)
					}
					d.ids[a.Value] = true
					if name == "section" {
						section = a.Value
					}
				case name == "img" && a.Name.Local == "src":
					d.srcs = append(d.srcs, a.Value)
				case name == "a" && a.Name.Local == "href":
					d.hrefs = append(d.hrefs, a.Value)
				}
			}
			switch name {
			case "table":
				tables = append(tables, tableState{})
				d.tables++
			case "tr":
				tables[len(tables)-1].rows++
			case "th":
				if ts := &tables[len(tables)-1]; ts.rows == 1 {
					ts.header = true
				}
			case "h2":
				inH2 = true
				h2.Reset()
			}
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != tk.Name.Local {
				t.Fatalf("unbalanced </%s>", tk.Name.Local)
			}
			stack = stack[:len(stack)-1]
			switch tk.Name.Local {
			case "table":
				ts := tables[len(tables)-1]
				tables = tables[:len(tables)-1]
				if !ts.header {
					d.headless = append(d.headless, d.tables)
				}
			case "h2":
				inH2 = false
				d.h2[section] = h2.String()
			}
		case xml.CharData:
			if inH2 {
				h2.Write(tk)
			}
			d.text.Write(tk)
		}
	}
	return d
}

// TestReport renders the report of the embedded data and checks it: the HTML parses, every
// picture and link resolves to a file in the folder or an id in the page, every table has a
// header row, every section of the text output is there under its title with its "how to read
// this" note, the summary holds five findings and the appendix every stage's assumptions, and
// no template or formatting error shows.
func TestReport(t *testing.T) {
	secs, text, prov := embeddedJob(t)
	dir := keepDir(t)
	path, err := writeReport(dir, secs, prov)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := parseReport(t, data)

	if len(d.srcs) < 20 {
		t.Errorf("%d pictures, want at least 20", len(d.srcs))
	}
	for _, src := range d.srcs {
		if strings.Contains(src, "/") || strings.Contains(src, ":") {
			t.Errorf("img %q is not a file beside index.html", src)
			continue
		}
		fi, err := os.Stat(filepath.Join(dir, src))
		if err != nil {
			t.Errorf("img %q: %v", src, err)
			continue
		}
		if fi.Size() < 3000 {
			t.Errorf("img %q: only %d bytes", src, fi.Size())
		}
	}
	for _, href := range d.hrefs {
		if id, ok := strings.CutPrefix(href, "#"); ok {
			if !d.ids[id] {
				t.Errorf("link %q: no such id", href)
			}
			continue
		}
		if strings.Contains(href, ":") {
			t.Errorf("link %q leaves the folder", href)
		} else if _, err := os.Stat(filepath.Join(dir, href)); err != nil {
			t.Errorf("link %q: %v", href, err)
		}
	}
	if d.tables < 25 {
		t.Errorf("%d tables, want at least 25", d.tables)
	}
	if len(d.headless) > 0 {
		t.Errorf("tables without a header row: %v", d.headless)
	}

	// Every section of the text output is present, under the same title.
	titles := regexp.MustCompile(`(?m)^== (.+) ==$`).FindAllStringSubmatch(text, -1)
	if len(titles) != len(stageList) {
		t.Fatalf("text has %d sections, want %d", len(titles), len(stageList))
	}
	for i, st := range stageList {
		id := "sec-" + st.name
		if got := d.h2[id]; got != titles[i][1] {
			t.Errorf("section %s: title %q, want the text's %q", id, got, titles[i][1])
		}
	}
	body := d.text.String()
	for _, s := range secs {
		if howToRead[s.Name] == "" {
			t.Errorf("section %s has no how-to-read note", s.Name)
		}
		for _, a := range s.Assumptions {
			if !strings.Contains(body, a) {
				t.Errorf("appendix lacks the %s assumption %q", s.Name, a)
			}
		}
	}
	for _, want := range []string{"Summary", "Key figures", "Findings", "Appendix", "Data provenance", "Assumptions",
		"How to read this.", "Jeffreys p", "unique hits", "Hosmer–Lemeshow", "HHI",
		// Numbers of the text output, on the summary page and in the sections.
		"5910, of which 410 bankrupt within one year (6.94%)", "NT$ 317,092,136", "AUC 0.898",
		"166f85a9e59dddc0697c3fe53c1b0d3e5b01683851e500959efe8853d9a9d711"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	assumptions := 0
	for _, s := range secs {
		assumptions += len(s.Assumptions)
	}
	if n := strings.Count(string(data), "<li>"); n != 5+assumptions {
		t.Errorf("%d list items, want the five findings and the %d assumptions", n, assumptions)
	}
	for _, bad := range []string{"<no value>", "%!", "ZgotmplZ", "template:", "NaN", "+Inf", "<script"} {
		if bytes.Contains(data, []byte(bad)) {
			t.Errorf("report contains %q", bad)
		}
	}
}

// TestReportFindings checks the summary's findings are the five lowest-ranked ones in rank
// order.
func TestReportFindings(t *testing.T) {
	secs, _, prov := embeddedJob(t)
	dir := t.TempDir()
	if _, err := writeReport(dir, secs, prov); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	ol := regexp.MustCompile(`(?s)<ol class="findings">(.*?)</ol>`).FindSubmatch(data)
	if ol == nil {
		t.Fatal("no findings list")
	}
	items := regexp.MustCompile(`<li>(.*?)</li>`).FindAllSubmatch(ol[1], -1)
	if len(items) != 5 {
		t.Fatalf("%d findings, want 5", len(items))
	}
	for i, prefix := range []string{"ECL:", "Rating calibration:", "The challenger access policy", "Early warning:", "The WoE scorecard"} {
		if !bytes.HasPrefix(items[i][1], []byte(prefix)) {
			t.Errorf("finding %d = %q, want it to start %q", i+1, items[i][1], prefix)
		}
	}
}

// TestReportScreenshots takes headless Chromium screenshots of the summary page and of the
// rating section and checks they are not blank. It needs /usr/bin/chromium (Debian's chromium
// package) and takes about five seconds per screenshot.
func TestReportScreenshots(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (apt-get install chromium): no screenshots")
	}
	if testing.Short() {
		t.Skip("screenshots skipped in -short mode")
	}
	secs, _, prov := embeddedJob(t)
	dir := keepDir(t)
	index, err := writeReport(dir, secs, prov)
	if err != nil {
		t.Fatal(err)
	}
	// The rating section alone: the same page with every other part hidden, beside index.html so
	// that its pictures resolve.
	data, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	only := bytes.Replace(data, []byte("</head>"), []byte("<style>header.top, nav, section.page { display: none !important; } "+
		"#sec-rating { display: block !important; }</style></head>"), 1)
	section := filepath.Join(dir, "only-rating.html")
	if err := os.WriteFile(section, only, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, shot := range []struct{ page, png string }{
		{index, "screenshot-summary.png"},
		{section, "screenshot-rating.png"},
	} {
		t.Run(shot.png, func(t *testing.T) {
			out := filepath.Join(dir, shot.png)
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			abs, err := filepath.Abs(shot.page)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-background-networking", "--no-first-run", "--user-data-dir="+t.TempDir(),
				"--screenshot="+out, "--window-size=1200,1600", "file://"+abs)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("chromium: %v\n%s", err, msg)
			}
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			// Not blank: at least 5 % of the pixels differ from the page's top-left colour and
			// some are dark (text).
			b := img.Bounds()
			r0, g0, b0, _ := img.At(b.Min.X, b.Min.Y).RGBA()
			diff, dark, n := 0, 0, 0
			for y := b.Min.Y; y < b.Max.Y; y += 3 {
				for x := b.Min.X; x < b.Max.X; x += 3 {
					r, g, bl, _ := img.At(x, y).RGBA()
					n++
					if r != r0 || g != g0 || bl != b0 {
						diff++
					}
					if r < 0x6000 && g < 0x6000 && bl < 0x6000 {
						dark++
					}
				}
			}
			if float64(diff) < 0.05*float64(n) || float64(dark) < 0.002*float64(n) {
				t.Errorf("%s looks blank: %d of %d sampled pixels differ from the background, %d dark", shot.png, diff, n, dark)
			}
		})
	}
}

// TestTableText checks that a table written through newTable into a doc prints exactly what
// the same writes through a tabwriter print: the text output cannot change by the restructure.
func TestTableText(t *testing.T) {
	writes := [][]string{
		{"decision\tfirms\tshare\t\n", "accept\t3891\t65.84%\t\n", "all\t5910\t\t\n"},
		{"rank\tratio\tdefinition\n", "1\tAttr26\t(net profit + depreciation)\n"},
		{"Attr37\t2548\t(43.11%)\tAttr27\t391\t(6.62%)\t\n", "15 ratios have no missing cell.\n"},
		{"a\tb\t\n", "\t\t\n", "c\td\t\n"},
		{"no final newline\tx"},
	}
	for i, w := range writes {
		for _, flags := range []uint{0, tabwriter.AlignRight} {
			var want strings.Builder
			tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', flags)
			var d doc
			d.WriteString("before\n")
			rec := newTable(&d, 0, 0, 2, ' ', flags)
			for _, s := range w {
				io.WriteString(tw, s)
				io.WriteString(rec, s)
			}
			tw.Flush()
			rec.Flush()
			d.WriteString("after\n")
			if got := d.String(); got != "before\n"+want.String()+"after\n" {
				t.Errorf("case %d flags %d:\ngot  %q\nwant %q", i, flags, got, "before\n"+want.String()+"after\n")
			}
		}
	}
}

// TestTableView checks the HTML form of tables: spacer rows split a table, the first row of each
// part is its header, empty columns are dropped, note lines span the table, numbers align right.
func TestTableView(t *testing.T) {
	tab := &Table{Rows: [][]string{
		{"level", "accounts", "", "rate", ""},
		{"green", "12894", "", "13.7%", ""},
		{"", "", "", "", ""},
		{"stage", "accounts", "", "rate", ""},
		{"stage1", "26870", "", "16.6%", ""},
		{"2 ratios have no missing cell."},
	}}
	got := tableView(tab)
	if len(got) != 2 {
		t.Fatalf("%d tables, want 2", len(got))
	}
	if h := strings.Join(got[1].Header, "|"); h != "stage|accounts|rate" {
		t.Errorf("second header %q", h)
	}
	r := got[0].Rows[0]
	if len(r.Cells) != 3 || r.Cells[0].Num || !r.Cells[1].Num || !r.Cells[2].Num {
		t.Errorf("first row %+v", r)
	}
	if n := got[1].Rows[1]; n.Note != "2 ratios have no missing cell." || n.Span != 3 {
		t.Errorf("note row %+v", n)
	}
}

func TestSections(t *testing.T) {
	if _, err := selectStages("access,nonsense"); err == nil || !strings.Contains(err.Error(), `"nonsense"`) {
		t.Errorf("unknown stage: err = %v", err)
	}
	var out strings.Builder
	if err := run([]string{"-sections", "validation, rating"}, &out); err != nil {
		t.Fatal(err)
	}
	got := regexp.MustCompile(`(?m)^== (.+) ==$`).FindAllStringSubmatch(out.String(), -1)
	if len(got) != 2 || got[0][1] != "Validation: discriminatory power of the financial ratios" || got[1][1] != "Rating: expert indicator system on the Polish firms" {
		t.Errorf("sections printed: %v", got)
	}
	// The selected stages print what the full job prints for them.
	_, text, _ := embeddedJob(t)
	if !strings.Contains(text, out.String()) {
		t.Error("the -sections output differs from the full job's text of those sections")
	}
}

// BenchmarkReport measures what -report adds to the job: the data's checksums, drawing the SVG
// figures and rendering index.html from the computed sections.
func BenchmarkReport(b *testing.B) {
	secs, _, _ := embeddedJob(b)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		prov, err := provenance("", "", jobP)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := writeReport(dir, secs, prov); err != nil {
			b.Fatal(err)
		}
	}
}

// TestJoinWrapped checks how wrapped text lines become paragraphs in HTML.
func TestJoinWrapped(t *testing.T) {
	got := joinWrapped([]string{
		"Model m: 12 ratios; missing ratio scores worst (in this data a missing",
		"ratio goes with distress). AHP on the dimensions: CR 0.0074.",
		"Provision: current 0.22% 1-29 0.00%",
		"Concentration, card limits: Gini 0.423",
		"no terminal punctuation at the end",
	})
	want := []string{
		"Model m: 12 ratios; missing ratio scores worst (in this data a missing ratio goes with distress). AHP on the dimensions: CR 0.0074.",
		"Provision: current 0.22% 1-29 0.00%",
		"Concentration, card limits: Gini 0.423",
		"no terminal punctuation at the end",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestReportFailures checks that a failed stage and a chart that cannot be drawn leave the
// report standing, each saying why.
func TestReportFailures(t *testing.T) {
	secs := []Section{
		{Name: "access", Title: "access stage failed", Failed: true, Blocks: []Block{{Text: "access stage: no firms\n"}}},
		{Name: "rating", Title: "Rating", Blocks: []Block{
			{Text: "Some prose.\n"},
			{Figure: &Figure{Name: "broken", Caption: "never drawn", Draw: func(string) error { return errors.New("too few firms") }}},
		}},
	}
	dir := t.TempDir()
	path, err := writeReport(dir, secs, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := parseReport(t, data)
	for _, want := range []string{"could not run on the data", "access stage: no firms", "Chart broken not drawn: too few firms"} {
		if !strings.Contains(d.text.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if len(d.srcs) != 0 {
		t.Errorf("pictures %v, want none", d.srcs)
	}
}
