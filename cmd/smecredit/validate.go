package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/smecredit/smecredit/access"
	"github.com/smecredit/smecredit/access/offer"
	"github.com/smecredit/smecredit/access/review"
	"github.com/smecredit/smecredit/exit"
	"github.com/smecredit/smecredit/monitor"
	"github.com/smecredit/smecredit/monitor/ecl"
	"github.com/smecredit/smecredit/rating"
	"github.com/smecredit/smecredit/rating/scorecard"
)

// loaders maps each document kind to a function that parses and compiles it
// (access-policy is handled apart: it needs its schema).
var loaders = map[string]func([]byte) error{
	access.KindSchema:       func(b []byte) error { _, err := access.LoadSchema(b, access.Limits{}); return err },
	rating.KindModel:        func(b []byte) error { _, err := rating.LoadModel(b); return err },
	rating.KindMasterScale:  func(b []byte) error { _, err := rating.LoadMasterScale(b); return err },
	scorecard.KindScorecard: func(b []byte) error { _, err := scorecard.LoadScorecard(b); return err },
	monitor.KindSignalSet:   func(b []byte) error { _, err := monitor.LoadSignalSet(b); return err },
	exit.KindOptionSet:      func(b []byte) error { _, err := exit.LoadOptionSet(b); return err },
	exit.KindTriggerSet:     func(b []byte) error { _, err := exit.LoadTriggerSet(b); return err },
	offer.KindOfferPolicy:   func(b []byte) error { _, err := offer.LoadOfferPolicy(b); return err },
	ecl.KindStagingPolicy:   func(b []byte) error { _, err := ecl.LoadStagingPolicy(b); return err },
	ecl.KindProvisionMatrix: func(b []byte) error { _, err := ecl.LoadProvisionMatrix(b); return err },
	review.KindChart:        func(b []byte) error { _, err := review.LoadChart(b); return err },
	review.KindReconciliation: func(b []byte) error {
		_, err := review.LoadReconciliation(b)
		return err
	},
}

// knownKinds lists every kind validate understands, sorted.
func knownKinds() []string {
	ks := []string{access.KindPolicy}
	for k := range loaders {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// docKind returns the "kind" member of a JSON object.
func docKind(data []byte) (string, error) {
	var head struct {
		Kind *string `json:"kind"`
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", errors.New("the file is empty; want a JSON document")
	}
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		return "", errors.New("the file starts with a UTF-8 byte-order mark; save it without one (RFC 8259 §8.1)")
	}
	if err := json.Unmarshal(data, &head); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col, msg, _ := jsonSyntaxError(data, se)
			return "", &posError{Line: line, Column: col, Msg: "not valid JSON: " + msg}
		case errors.As(err, &te) && te.Field == "kind":
			return "", fmt.Errorf("kind: got a JSON %s, want a string", te.Value)
		case errors.As(err, &te):
			return "", fmt.Errorf("not a JSON object: the document is a JSON %s", te.Value)
		}
		return "", fmt.Errorf("not a JSON object: %v", err)
	}
	if head.Kind == nil {
		return "", fmt.Errorf("$: no \"kind\" member; want one of %s", strings.Join(knownKinds(), ", "))
	}
	return *head.Kind, nil
}

// docIdentity describes a document its loader accepted, the same way for every kind:
// `KIND, id "ID", version "VERSION"`, without the id where the kind has none (or the
// document leaves an optional one empty). The loaders are strict (no unknown or duplicate
// members), so the members read here are the ones they read.
func docIdentity(kind string, data []byte) string {
	var head struct {
		ID      string `json:"id"`
		Version string `json:"version"`
	}
	_ = json.Unmarshal(data, &head) // the document was loaded: it is a JSON object
	s := kind
	if head.ID != "" {
		s += ", id " + strconv.Quote(cut(head.ID))
	}
	return s + ", version " + strconv.Quote(cut(head.Version))
}

// posError is a problem at a line and column (1-based) of a document file.
type posError struct {
	Line, Column int
	Msg          string
}

func (e *posError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg) }

// docProblem formats problem e of document file name as "FILE:LINE:COLUMN:
// problem" when e is located in the text, else "FILE: problem" (a problem
// the library reports with its JSON path).
func docProblem(name string, e error) string {
	var pe *posError
	if errors.As(e, &pe) {
		return fmt.Sprintf("%s:%d:%d: %s", name, pe.Line, pe.Column, pe.Msg)
	}
	return name + ": " + e.Error()
}

// leaves flattens joined errors into their members.
func leaves(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return []error{err}
}

func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "validate [-schema FILE] FILE...", stderr)
	schemaFile := fs.String("schema", "", "access-schema `FILE` the access policies are checked against")
	quiet := fs.Bool("q", false, "print problems only, not \"FILE: ok\"")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return usagef("validate: no FILE given")
	}
	type doc struct {
		name string
		data []byte
		kind string
	}
	docs := make([]doc, 0, len(files)+1)
	if *schemaFile != "" {
		files = append([]string{*schemaFile}, files...)
	}
	seen := map[string]bool{}
	for _, name := range files {
		if seen[name] {
			continue
		}
		seen[name] = true
		data, err := readFile(name)
		if err != nil {
			return err
		}
		docs = append(docs, doc{name: name, data: data})
	}
	findings := 0
	report := func(name string, err error) {
		for _, e := range leaves(err) {
			fmt.Fprintln(stdout, docProblem(name, e))
			findings++
		}
	}
	// Schemas first, so that policies can find theirs.
	schemas := map[string]*access.Schema{} // by version
	var onlySchema *access.Schema
	nSchemas := 0
	for i := range docs {
		d := &docs[i]
		kind, err := docKind(d.data)
		if err != nil {
			report(d.name, err)
			d.kind = "-"
			continue
		}
		d.kind = kind
		if kind != access.KindSchema {
			continue
		}
		s, err := access.LoadSchema(d.data, access.Limits{})
		if err != nil {
			report(d.name, err)
			continue
		}
		schemas[s.Version()] = s
		onlySchema = s
		nSchemas++
		if !*quiet {
			fmt.Fprintf(stdout, "%s: ok (%s)\n", d.name, docIdentity(kind, d.data))
		}
	}
	for _, d := range docs {
		switch d.kind {
		case "-", access.KindSchema:
			continue
		case access.KindPolicy:
			spec, err := access.ParsePolicy(d.data, access.Limits{})
			if err != nil {
				report(d.name, err)
				continue
			}
			s := schemas[spec.SchemaVersion]
			if s == nil && nSchemas == 1 {
				s = onlySchema // CompilePolicy names the version mismatch
			}
			if s == nil {
				report(d.name, fmt.Errorf("schemaVersion: no access-schema %q given (use -schema FILE or list the schema among the FILEs)", spec.SchemaVersion))
				continue
			}
			if _, err := access.CompilePolicy(spec, s, access.Limits{}); err != nil {
				report(d.name, err)
				continue
			}
		default:
			load, ok := loaders[d.kind]
			if !ok {
				report(d.name, fmt.Errorf("kind: unknown document kind %q; want one of %s", d.kind, strings.Join(knownKinds(), ", ")))
				continue
			}
			if err := load(d.data); err != nil {
				report(d.name, err)
				continue
			}
		}
		if !*quiet {
			fmt.Fprintf(stdout, "%s: ok (%s)\n", d.name, docIdentity(d.kind, d.data))
		}
	}
	if findings > 0 {
		fmt.Fprintf(stderr, "smecredit validate: %d problem(s)\n", findings)
		return errFindings
	}
	return nil
}
