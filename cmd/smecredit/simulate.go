package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/smecredit/smecredit/access"
)

// readAllFacts reads every good row of the facts file into memory (the
// library's Simulate and Diff take slices), with each row's line and, when
// outcome is not "", its outcome (true = bad).
func readAllFacts(name string, stdin io.Reader, s *access.Schema, need []string, outcome string, rep *rowReporter) (facts []*access.Facts, lines []int, bad []bool, err error) {
	in, closeIn, err := openInput(name, stdin)
	if err != nil {
		return nil, nil, nil, err
	}
	defer closeIn()
	var extra []string
	if outcome != "" {
		extra = []string{outcome}
	}
	fr, err := newFactsReader(name, in, s, need, "", extra...)
	if err != nil {
		return nil, nil, nil, err
	}
	for {
		err := fr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *rowError
		if err != nil && !errors.As(err, &re) {
			return nil, nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		if err != nil {
			rep.report(err)
			continue
		}
		if outcome != "" {
			b, ok := parseOutcome(fr.Extra(outcome))
			if !ok {
				i := fr.extra[outcome]
				l, c := fr.csv.FieldPos(i)
				rep.report(&rowError{File: name, Line: l, Column: c, Msg: fmt.Sprintf("column %s: %q is not an outcome (1, true, bad or 0, false, good)", outcome, cut(fr.Extra(outcome)))})
				continue
			}
			bad = append(bad, b)
		}
		facts = append(facts, fr.facts.Clone())
		lines = append(lines, fr.line)
	}
	return facts, lines, bad, nil
}

// parseOutcome reads a known outcome: bad (default, bankrupt) or good.
func parseOutcome(s string) (bad, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "bad", "yes", "y":
		return true, true
	case "0", "false", "good", "no", "n":
		return false, true
	}
	return false, false
}

func runSimulate(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("simulate", "simulate -schema S -policy P -facts FILE -outcome COLUMN [-format text|json]", stderr)
	schemaFile := fs.String("schema", "", "access-schema `FILE`")
	policyFile := fs.String("policy", "", "access-policy `FILE`")
	factsFile := fs.String("facts", "", "historical applicants CSV `FILE` with an outcome column")
	outcome := fs.String("outcome", "", "`COLUMN` holding the known outcome: 1/true/bad or 0/false/good")
	format := fs.String("format", "text", "report format text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *factsFile == "" || *outcome == "" || fs.NArg() > 0 {
		return usagef("simulate: want -schema S -policy P -facts FILE -outcome COLUMN")
	}
	if *format != "text" && *format != "json" {
		return usagef("-format %q: want text or json", *format)
	}
	s, err := loadSchema(*schemaFile)
	if err != nil {
		return err
	}
	p, err := loadPolicy(*policyFile, s)
	if err != nil {
		return err
	}
	rep := newRowReporter(stderr)
	facts, _, bad, err := readAllFacts(*factsFile, stdin, s, policyFields(p), *outcome, rep)
	if err != nil {
		return err
	}
	r, err := p.Simulate(facts, bad)
	if err != nil {
		return err
	}
	if *format == "json" {
		if err := writeJSON(stdout, r); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
		fmt.Fprintf(tw, "policy %s %s (%s)\napplicants %d, bad %d\n\n", r.PolicyID, r.Version, r.Hash, r.N, r.Bad)
		fmt.Fprintln(tw, "decision\tcount\trate\tbad\tbad rate")
		for _, d := range r.Decisions {
			fmt.Fprintf(tw, "%s\t%d\t%.4f\t%d\t%.4f\n", d.Decision, d.Count, d.Rate, d.Bad, d.BadRate)
		}
		fmt.Fprintln(tw, "\nrule\tcode\tseverity\thits\tmissing\thit rate\tunique hits\tbad")
		for _, x := range r.Rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%.4f\t%d\t%d\n", x.RuleID, x.Code, x.Severity, x.Hits, x.Missing, x.HitRate, x.UniqueHits, x.Bad)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return rep.result("simulate", len(facts)+rep.rows)
}

func runDiff(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("diff", "diff -schema S -old P1 -new P2 [-facts FILE] [-format text|json]", stderr)
	schemaFile := fs.String("schema", "", "access-schema `FILE` both policies are compiled against")
	oldFile := fs.String("old", "", "old access-policy `FILE`")
	newFile := fs.String("new", "", "new access-policy `FILE`")
	factsFile := fs.String("facts", "", "applicants CSV or JSON Lines `FILE` decided under both (optional)")
	format := fs.String("format", "text", "report format text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("diff: unexpected argument %q", fs.Arg(0))
	}
	if *format != "text" && *format != "json" {
		return usagef("-format %q: want text or json", *format)
	}
	s, err := loadSchema(*schemaFile)
	if err != nil {
		return err
	}
	a, err := loadPolicy(*oldFile, s)
	if err != nil {
		return err
	}
	b, err := loadPolicy(*newFile, s)
	if err != nil {
		return err
	}
	rep := newRowReporter(stderr)
	var (
		facts []*access.Facts
		lines []int
	)
	if *factsFile != "" {
		need := append(policyFields(a), policyFields(b)...)
		facts, lines, _, err = readAllFacts(*factsFile, stdin, s, need, "", rep)
		if err != nil {
			return err
		}
	}
	r, err := access.Diff(a, b, facts)
	if err != nil {
		return err
	}
	changedLines := make([]int, len(r.ChangedApplicants))
	for i, k := range r.ChangedApplicants {
		changedLines[i] = lines[k]
	}
	if *format == "json" {
		if err := writeJSON(stdout, struct {
			access.DiffReport
			ChangedLines []int
		}{r, changedLines}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "old %s %s, new %s %s\n", a.ID(), a.Version(), b.ID(), b.Version())
		fmt.Fprintf(stdout, "added rules:   %s\n", joinIDs(r.Added))
		fmt.Fprintf(stdout, "removed rules: %s\n", joinIDs(r.Removed))
		for _, c := range r.Changed {
			fmt.Fprintf(stdout, "changed rule %s: %s\n", c.RuleID, strings.Join(c.Attributes, ", "))
		}
		if *factsFile != "" {
			fmt.Fprintf(stdout, "\napplicants %d, decision changed for %d\n", r.N, len(r.ChangedApplicants))
			tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
			fmt.Fprintln(tw, "old\tnew\tcount")
			for _, t := range r.Transitions {
				fmt.Fprintf(tw, "%s\t%s\t%d\n", t.From, t.To, t.Count)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if len(changedLines) > 0 {
				fmt.Fprintf(stdout, "changed at lines: %s\n", joinInts(changedLines, 50))
			}
		}
	}
	return rep.result("diff", len(facts)+rep.rows)
}

func joinIDs(ids []access.RuleID) string {
	if len(ids) == 0 {
		return "-"
	}
	ss := make([]string, len(ids))
	for i, id := range ids {
		ss[i] = string(id)
	}
	return strings.Join(ss, ", ")
}

func joinInts(xs []int, limit int) string {
	var b strings.Builder
	for i, x := range xs {
		if i == limit {
			fmt.Fprintf(&b, " … (%d more)", len(xs)-limit)
			break
		}
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprint(&b, x)
	}
	return b.String()
}
