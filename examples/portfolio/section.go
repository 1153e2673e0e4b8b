package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Section is what a stage produces: a title and its content as blocks of prose, tables and
// figures. The text writer ([Section.Text]) and the HTML report render the same blocks, so the
// two never disagree.
type Section struct {
	Name   string // the stage's name, as -sections takes it ("access")
	Title  string
	Failed bool // the stage failed: Blocks hold its error
	Blocks []Block
	// KeyFigures are the section's headline numbers for the report's summary page, in order.
	KeyFigures []KeyFigure
	// Findings are the section's conclusions, ranked for the summary page.
	Findings []Finding
	// Assumptions are the assumptions the stage makes (the [C] and [A] notes of the text),
	// listed in the report's appendix.
	Assumptions []string
}

// Block is one piece of a section: exactly one of Text, Table and Figure is set.
type Block struct {
	Text   string // prose as the text output prints it, line breaks included
	Table  *Table
	Figure *Figure
}

// Table is a table a stage wrote: its cells, and the tabwriter settings that lay it out as text.
type Table struct {
	// Rows are the lines written, each split at its tabs. A row ending in a tab has an empty
	// last cell (tabwriter aligns the cell before it); a row of one cell is a note line.
	Rows [][]string
	// EndsInNewline is false when the last line was written without its newline.
	EndsInNewline bool
	// Header is the header row for HTML when the table's first row is not one (the text has
	// none); nil when Rows[0] is the header.
	Header []string

	literal string // non-empty: the text form, laid out by the stage itself

	minwidth, tabwidth, padding int
	padchar                     byte
	flags                       uint
}

// Figure is a chart of a section: a file name without extension, a caption saying what to read
// from it, and the function that draws it into a path (whose extension picks PNG or SVG).
type Figure struct {
	Name    string
	Caption string
	Draw    func(path string) error
}

// KeyFigure is one headline number of the summary page.
type KeyFigure struct {
	Label, Value string
}

// Finding is one conclusion for the summary page; the five with the lowest Rank are shown.
type Finding struct {
	Rank int
	Text string
}

// Text renders the section's blocks as the text output prints them.
func (s *Section) Text() string {
	var b strings.Builder
	for _, bl := range s.Blocks {
		switch {
		case bl.Table != nil:
			bl.Table.writeText(&b)
		case bl.Figure != nil:
			// Figures have no text form.
		default:
			b.WriteString(bl.Text)
		}
	}
	return b.String()
}

// writeText lays the table out as the stage's tabwriter did.
func (t *Table) writeText(w io.Writer) {
	if t.literal != "" {
		io.WriteString(w, t.literal)
		return
	}
	tw := tabwriter.NewWriter(w, t.minwidth, t.tabwidth, t.padding, t.padchar, t.flags)
	for i, r := range t.Rows {
		io.WriteString(tw, strings.Join(r, "\t"))
		if i < len(t.Rows)-1 || t.EndsInNewline {
			io.WriteString(tw, "\n")
		}
	}
	tw.Flush()
}

// doc collects a stage's blocks as it writes them: prose through Write and the fmt functions,
// tables through [doc.table], figures through [doc.figure].
type doc struct {
	blocks      []Block
	text        strings.Builder // prose not yet closed into a block
	keyFigures  []KeyFigure
	findings    []Finding
	assumptions []string
}

func (d *doc) Write(p []byte) (int, error)       { return d.text.Write(p) }
func (d *doc) WriteString(s string) (int, error) { return d.text.WriteString(s) }
func (d *doc) WriteByte(c byte) error            { return d.text.WriteByte(c) }

// closeText turns the pending prose into a block.
func (d *doc) closeText() {
	if d.text.Len() > 0 {
		d.blocks = append(d.blocks, Block{Text: d.text.String()})
		d.text.Reset()
	}
}

// String returns the text output of everything written so far.
func (d *doc) String() string {
	s := Section{Blocks: d.content()}
	return s.Text()
}

// content returns the blocks written so far, closing the pending prose.
func (d *doc) content() []Block {
	d.closeText()
	return d.blocks
}

// into moves the doc's blocks, key figures, findings and assumptions into sec.
func (d *doc) into(sec *Section) {
	sec.Blocks = d.content()
	sec.KeyFigures = d.keyFigures
	sec.Findings = d.findings
	sec.Assumptions = d.assumptions
}

// figure adds a chart.
func (d *doc) figure(name, caption string, draw func(path string) error) {
	d.closeText()
	d.blocks = append(d.blocks, Block{Figure: &Figure{Name: name, Caption: caption, Draw: draw}})
}

// literalTable adds a table the stage laid out as text itself (fixed-width columns): text is its
// text form, header and rows its cells for HTML.
func (d *doc) literalTable(text string, header []string, rows [][]string) {
	d.closeText()
	d.blocks = append(d.blocks, Block{Table: &Table{literal: text, Header: header, Rows: rows, EndsInNewline: true}})
}

// keyFigure adds a headline number for the summary page.
func (d *doc) keyFigure(label, format string, args ...any) {
	d.keyFigures = append(d.keyFigures, KeyFigure{Label: label, Value: fmt.Sprintf(format, args...)})
}

// finding adds a conclusion for the summary page; lower ranks come first.
func (d *doc) finding(rank int, format string, args ...any) {
	d.findings = append(d.findings, Finding{Rank: rank, Text: fmt.Sprintf(format, args...)})
}

// assume records an assumption for the report's appendix.
func (d *doc) assume(format string, args ...any) {
	d.assumptions = append(d.assumptions, fmt.Sprintf(format, args...))
}

// tableWriter records the lines a stage writes to what was a tabwriter: Flush closes them into
// a [Table] block of its doc. Header sets the HTML header of a table whose text has none.
type tableWriter struct {
	d      *doc
	w      *tabwriter.Writer // when not writing into a doc
	buf    bytes.Buffer
	header []string
	t      Table
}

// newTable returns a writer with tabwriter.NewWriter's parameters. Written into a *doc, the
// lines become a table block at Flush; into any other writer, they go through a tabwriter.
func newTable(w io.Writer, minwidth, tabwidth, padding int, padchar byte, flags uint) *tableWriter {
	tw := &tableWriter{t: Table{minwidth: minwidth, tabwidth: tabwidth, padding: padding, padchar: padchar, flags: flags}}
	if d, ok := w.(*doc); ok {
		tw.d = d
	} else {
		tw.w = tabwriter.NewWriter(w, minwidth, tabwidth, padding, padchar, flags)
	}
	return tw
}

func (tw *tableWriter) Write(p []byte) (int, error) {
	if tw.w != nil {
		return tw.w.Write(p)
	}
	return tw.buf.Write(p)
}

// Header sets the HTML header of the table being written (for tables whose text has no header
// row).
func (tw *tableWriter) Header(cells ...string) { tw.header = cells }

// Flush closes the lines written since the last Flush into a table block.
func (tw *tableWriter) Flush() error {
	if tw.w != nil {
		return tw.w.Flush()
	}
	if tw.buf.Len() == 0 {
		return nil
	}
	s := tw.buf.String()
	tw.buf.Reset()
	t := tw.t
	t.EndsInNewline = strings.HasSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\n")
	for _, line := range strings.Split(s, "\n") {
		t.Rows = append(t.Rows, strings.Split(line, "\t"))
	}
	t.Header, tw.header = tw.header, nil
	tw.d.closeText()
	tw.d.blocks = append(tw.d.blocks, Block{Table: &t})
	return nil
}
