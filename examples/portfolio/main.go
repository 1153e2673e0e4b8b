// Command portfolio runs smecredit's credit life cycle on real public data embedded in the
// binary: the Polish companies bankruptcy data (firms) and the Taiwan credit-card default data
// (accounts). Each stage prints one section.
//
// Usage:
//
//	go run ./examples/portfolio [-firms FILE] [-accounts FILE] [-plots DIR]
//
// -firms and -accounts replace the embedded data with the user's own CSVs of the same layout;
// -plots writes PNG pictures of the stages that draw them into DIR.
package main

import (
	"bytes"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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

// Section is what a stage prints: a title and preformatted text.
type Section struct {
	Title string
	Body  string
}

// A stage runs one step of the life cycle on the portfolio.
type stage func(p *Portfolio, opts Options) (Section, error)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "portfolio:", err)
		os.Exit(1)
	}
}

func run(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("portfolio", flag.ContinueOnError)
	firms := fs.String("firms", "", "CSV of firms in the layout of the Polish year-5 file (default: embedded data)")
	accounts := fs.String("accounts", "", "CSV of accounts in the layout of the Taiwan credit-card file (default: embedded data)")
	var opts Options
	fs.StringVar(&opts.PlotsDir, "plots", "", "write PNG pictures into this `DIR`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	p, err := loadPortfolio(*firms, *accounts)
	if err != nil {
		return err
	}
	if opts.PlotsDir != "" {
		if err := os.MkdirAll(opts.PlotsDir, 0o755); err != nil {
			return err
		}
	}
	stages := []struct {
		name string
		run  stage
	}{
		{"portfolio", summary},
		{"access", accessStage},
		{"validation", ratioScreening},
		{"rating", ratingStage},
		{"offer", offerStage},
		{"scorecard", scorecardStage},
		{"monitoring", monitoring},
		{"exit", exitStage},
		{"ecl", eclStage},
		{"book", bookStage},
	}
	// A stage that cannot run on the data (a user's small file, say) reports why and the
	// others still run; the job then exits non-zero.
	var errs []error
	for _, st := range stages {
		sec, err := st.run(p, opts)
		if err != nil {
			err = fmt.Errorf("%s stage: %w", st.name, err)
			fmt.Fprintf(w, "== %s stage failed ==\n%v\n\n", st.name, err)
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(w, "== %s ==\n%s\n", sec.Title, sec.Body)
	}
	return errors.Join(errs...)
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
