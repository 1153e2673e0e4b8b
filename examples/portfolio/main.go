// Command portfolio runs smecredit's credit life cycle on real public data embedded in the
// binary: the Polish companies bankruptcy data (firms) and the Taiwan credit-card default data
// (accounts). Each stage prints one section.
//
// Usage:
//
//	go run ./examples/portfolio [-firms FILE] [-accounts FILE] [-sections LIST] [-plots DIR] [-report DIR]
//
// -firms and -accounts replace the embedded data with the user's own CSVs of the same layout;
// -sections runs and prints only the named stages (comma-separated: portfolio, access,
// validation, rating, offer, scorecard, monitoring, exit, ecl, book); -plots writes the stages'
// charts as PNG into DIR; -report writes a self-contained HTML report, DIR/index.html with its
// charts as SVG files beside it, in addition to the text.
package main

import (
	"bytes"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

var (
	//go:embed data/polish-5year.csv
	embeddedFirms []byte
	//go:embed data/taiwan-credit-card.csv
	embeddedAccounts []byte
)

// Options are the settings every stage receives.
type Options struct {
	PlotsDir string // directory for PNG pictures; empty means draw nothing
}

// A stage runs one step of the life cycle on the portfolio.
type stage func(p *Portfolio, opts Options) (Section, error)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "portfolio:", err)
		os.Exit(1)
	}
}

// stageList is every stage in the order the job runs them, with its -sections name.
var stageList = []struct {
	name string
	run  stage
}{
	{"portfolio", summary},
	{"access", accessStage},
	{"review", dueDiligenceStage},
	{"validation", ratioScreening},
	{"rating", ratingStage},
	{"offer", offerStage},
	{"scorecard", scorecardStage},
	{"monitoring", monitoring},
	{"exit", exitStage},
	{"ecl", eclStage},
	{"book", bookStage},
}

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("portfolio", flag.ContinueOnError)
	firms := fs.String("firms", "", "CSV of firms in the layout of the Polish year-5 file (default: embedded data)")
	accounts := fs.String("accounts", "", "CSV of accounts in the layout of the Taiwan credit-card file (default: embedded data)")
	sections := fs.String("sections", "", "run and print only these comma-separated `stages` (default: all)")
	reportDir := fs.String("report", "", "also write an HTML report, DIR/index.html with SVG charts, into this `DIR`")
	var opts Options
	fs.StringVar(&opts.PlotsDir, "plots", "", "write PNG pictures into this `DIR`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	selected, err := selectStages(*sections)
	if err != nil {
		return err
	}
	p, err := loadPortfolio(*firms, *accounts)
	if err != nil {
		return err
	}
	for _, dir := range []string{opts.PlotsDir, *reportDir} {
		if dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
	}
	secs, errs := runStages(p, opts, selected, w)
	if opts.PlotsDir != "" {
		for i := range secs {
			if err := drawFigures(&secs[i], opts.PlotsDir, ".png"); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if *reportDir != "" {
		prov, err := provenance(*firms, *accounts, p)
		if err != nil {
			return err
		}
		path, err := writeReport(*reportDir, secs, prov)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "Report written to %s\n", path)
	}
	return errors.Join(errs...)
}

// selectStages returns the names of the stages to run from a -sections list; all when list is
// empty. An unknown name is an error that lists the known ones.
func selectStages(list string) (map[string]bool, error) {
	sel := map[string]bool{}
	if list == "" {
		for _, st := range stageList {
			sel[st.name] = true
		}
		return sel, nil
	}
	known := make([]string, len(stageList))
	for i, st := range stageList {
		known[i] = st.name
	}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(known, name) {
			return nil, fmt.Errorf("-sections: unknown stage %q (known: %s)", name, strings.Join(known, ", "))
		}
		sel[name] = true
	}
	return sel, nil
}

// runStages runs the selected stages in order and prints each section's text into w. A stage
// that cannot run on the data (a user's small file, say) reports why, as a section whose text is
// the error, and the others still run; the errors are returned.
func runStages(p *Portfolio, opts Options, selected map[string]bool, w io.Writer) ([]Section, []error) {
	var secs []Section
	var errs []error
	for _, st := range stageList {
		if !selected[st.name] {
			continue
		}
		sec, err := st.run(p, opts)
		sec.Name = st.name
		if err != nil {
			err = fmt.Errorf("%s stage: %w", st.name, err)
			fmt.Fprintf(w, "== %s stage failed ==\n%v\n\n", st.name, err)
			errs = append(errs, err)
			secs = append(secs, Section{Name: st.name, Title: st.name + " stage failed", Blocks: []Block{{Text: err.Error() + "\n"}}, Failed: true})
			continue
		}
		fmt.Fprintf(w, "== %s ==\n%s\n", sec.Title, sec.Text())
		secs = append(secs, sec)
	}
	return secs, errs
}

// drawFigures draws every figure of sec into dir as name+ext (".png" or ".svg").
func drawFigures(sec *Section, dir, ext string) error {
	for _, bl := range sec.Blocks {
		if f := bl.Figure; f != nil {
			if err := f.Draw(filepath.Join(dir, f.Name+ext)); err != nil {
				return fmt.Errorf("%s stage: figure %s: %w", sec.Name, f.Name, err)
			}
		}
	}
	return nil
}

// loadPortfolio reads the firms and accounts from the named files, or from the embedded data
// where a name is empty.
func loadPortfolio(firmsFile, accountsFile string) (*Portfolio, error) {
	var p Portfolio
	var err error
	if p.Firms, err = load(firmsFile, "data/polish-5year.csv", embeddedFirms, readFirms); err != nil {
		return nil, err
	}
	if p.Accounts, err = load(accountsFile, "data/taiwan-credit-card.csv", embeddedAccounts, readAccounts); err != nil {
		return nil, err
	}
	return &p, nil
}

func load[T any](file, embeddedName string, embedded []byte, read func(string, io.Reader) ([]T, error)) ([]T, error) {
	if file == "" {
		return read(embeddedName, bytes.NewReader(embedded))
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(file, f)
}
