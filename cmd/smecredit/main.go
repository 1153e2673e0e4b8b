// Command smecredit validates smecredit documents and runs access policies,
// rating models and scorecards over CSV or JSON Lines files, without writing Go.
//
// Usage:
//
//	smecredit validate [-schema FILE] FILE...
//	smecredit decide -schema S -policy P -facts FILE [-explain] [-o OUT] [-format csv|jsonl] [-id COLUMN]
//	smecredit simulate -schema S -policy P -facts FILE -outcome COLUMN
//	smecredit diff -schema S -old P1 -new P2 -facts FILE [-outcome COLUMN]
//	smecredit score -model M -data FILE [-id COLUMN]
//	smecredit scorecard fit -data FILE -target COLUMN [-event V] [-nonevent V] [-id COLUMN] [-version V] [-o OUT]
//	smecredit scorecard score -scorecard S -data FILE [-id COLUMN]
//	smecredit classify [-signals S] -history FILE -asof YYYY-MM-DD [-loan COLUMN] [-ungrouped] [-o OUT]
//	smecredit ecl -exposures FILE -asof YYYY-MM-DD [-staging P] [-matrix M] [-scenarios LIST] [-id COLUMN] [-o OUT] [-summary OUT]
//	smecredit schema KIND
//	smecredit version
//	smecredit help [COMMAND]
//
// validate reads each JSON document, dispatches on its "kind" member
// (access-schema, access-policy, rating-model, rating-scale, scorecard,
// signal-set, exit-option-set, exit-trigger-set, offer-policy,
// ecl-staging-policy, ecl-provision-matrix, review-chart, review-reconciliation)
// and prints every problem as
// "FILE: pkg: json.path: problem", and for a valid document (unless -q)
// `FILE: ok (KIND, id "ID", version "VERSION")`, the same for every kind,
// without the id where the kind has none or the document leaves an optional
// one empty. An access-policy needs its schema: give it
// with -schema or among the FILEs (matched by the policy's schemaVersion).
//
// decide streams a CSV file (header = the schema's field names; an empty cell
// is a missing fact; only the columns the policy reads, directly or through
// derived fields, are parsed, every cell is checked to be UTF-8) or a JSON Lines file (one facts
// object per line, file name ending in .jsonl or .ndjson) and writes one line
// per row: CSV "line,id,decision,reasons" (reason codes joined by ";") or,
// with -format jsonl, a JSON object per row. Every bad row is reported on
// standard error as "FILE:LINE:COLUMN: problem" and the other rows go on.
//
// scorecard fit reads a whole training CSV into memory (every column but -id
// and -target is a variable: numeric when each non-empty cell is a number,
// else categorical; an empty cell is missing; a "NaN", "Inf" or out-of-range
// number is a bad row), bins each variable
// (scorecard.BinNumeric or BinCategorical, default optimal binning), fits
// scorecard.Fit on the target (-event value = 1, -nonevent value = 0) and
// writes the scorecard document, which scorecard.LoadScorecard and
// "scorecard score" read back. Standard error gets each variable's bins, IV,
// coefficient and p-value and the fit statistics on the training rows (no
// holdout). A column that cannot be binned, or has fewer than two distinct
// values, is reported and left out (exit 1).
//
// classify reads a CSV of loan observations, one row per loan and period
// (columns loan, date YYYY-MM-DD, dpd, optional events joined by ";", and any
// of the monitor.Observation fields pastDue, outstanding, limit, turnover,
// creditBalance, collateral, revenue, debtElsewhere, equityToAssets,
// profitMargin, dscr, currentRatio, quickRatio, pd, covenantBreach; an empty
// cell is an unknown field, an empty dpd a period with no data), evaluates the
// signal set (-signals, default monitor.DefaultSignalSetSpec) on each loan's
// prepared history at -asof and classifies it (monitor.Classify on the DPD and
// the optional fact columns technicalDelay, creditImpaired, externalDowngrade,
// debtEvasion, misuseOfFunds, evergreening, nplElsewhere, watch, eclCoverage
// of the latest observation with data on or before -asof), writing
// "loan,level,finalLevel,category,dpd,signals" (fired rule ids joined by ";"),
// loans in order of first appearance. It streams: a loan's rows must be
// contiguous (and in date order), each loan is evaluated when its rows end,
// and memory holds one loan's rows and a 64-bit hash per loan seen. A loan
// whose rows reappear after another loan's stops the run (exit 2) naming
// FILE:LINE; -ungrouped instead holds every row in memory.
//
// ecl reads exposures (CSV, or JSON Lines with the same member names; one row
// per exposure: balance, periods, repayment, rate, periodsPerYear, pd or
// pdCurve, lgd, eir, the staging inputs dpd, category, creditImpaired, …, and
// optionally approach "simplified" for a receivable under the provision matrix
// of -matrix), stages each with the staging policy at -asof (or takes its stage
// column), computes its ECL over the -scenarios (ecl.ComputeTo, or
// ProvisionMatrix.Apply; the list is checked once, by ecl.ValidateScenarios,
// before any row is read: unique non-empty names, weights in [0, 1] summing
// to 1) and writes one CSV line per exposure
// "line,id,approach,stage,reason,gross,ead,ecl,month12,lifetime,ecl:<scenario>…",
// then ECL and coverage by stage (ecl.Summarize) to -summary (default standard
// error). Bad rows are reported by line and column and the others go on.
//
// schema prints the JSON Schema (draft 2020-12) of a document kind, generated
// from the library's spec types; `go generate ./cmd/smecredit` writes them all
// into schema/ at the repository root.
//
// Exit codes:
//
//	0  every document valid, every row decided or scored
//	1  findings: a document given to validate has problems (including an
//	   empty file, invalid JSON or an unknown kind), or some row or loan failed
//	2  usage or input error: bad flags (such as an ecl -scenarios list), a file that does not exist, cannot be
//	   read or is a directory, an empty CSV file, a document a command runs
//	   (-policy, -model, …) that does not load (an unknown or other kind, a
//	   policy for another schemaVersion), a CSV header without a column the
//	   command needs, a classify loan whose rows reappear
//
// Messages locate each problem: "FILE:LINE:COLUMN: problem" for a CSV or JSON
// Lines row and for JSON that does not parse ("FILE:LINE: problem" where a
// whole row is at fault), "FILE: pkg: json.path: problem" for a document
// the library refuses.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// Exit codes, documented in the package comment.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// errFindings marks a run that completed but found problems (exit 1).
var errFindings = errors.New("findings")

// usageError marks a usage or input error (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

const usageText = `smecredit: validate smecredit documents and run policies and models over data.

Usage:
  smecredit validate [-schema FILE] FILE...
  smecredit decide -schema S -policy P -facts FILE [-explain] [-o OUT] [-format csv|jsonl] [-id COLUMN]
  smecredit simulate -schema S -policy P -facts FILE -outcome COLUMN
  smecredit diff -schema S -old P1 -new P2 -facts FILE [-outcome COLUMN]
  smecredit score -model M -data FILE [-id COLUMN]
  smecredit scorecard fit -data FILE -target COLUMN [-event V] [-nonevent V] [-id COLUMN] [-version V] [-o OUT]
  smecredit scorecard score -scorecard S -data FILE [-id COLUMN]
  smecredit classify [-signals S] -history FILE -asof YYYY-MM-DD [-loan COLUMN] [-ungrouped] [-o OUT]
  smecredit ecl -exposures FILE -asof YYYY-MM-DD [-staging P] [-matrix M] [-scenarios LIST] [-id COLUMN] [-o OUT] [-summary OUT]
  smecredit schema KIND
  smecredit version
  smecredit help [COMMAND]

Exit codes: 0 ok, 1 findings (an invalid document given to validate, failed rows),
2 usage or input error (bad flags, a missing, unreadable or empty file, a document a
command runs that does not load, a missing column).
Run "smecredit help COMMAND" for a command's flags.
`

const scorecardUsage = `Usage:
  smecredit scorecard fit -data FILE -target COLUMN [-event V] [-nonevent V] [-id COLUMN] [-version V] [-o OUT]
  smecredit scorecard score -scorecard S -data FILE [-id COLUMN]
Run "smecredit help scorecard fit" or "smecredit help scorecard score" for the flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "validate":
		err = runValidate(args[1:], stdout, stderr)
	case "decide":
		err = runDecide(args[1:], stdin, stdout, stderr)
	case "simulate":
		err = runSimulate(args[1:], stdin, stdout, stderr)
	case "diff":
		err = runDiff(args[1:], stdin, stdout, stderr)
	case "score":
		err = runScore(args[1:], stdin, stdout, stderr)
	case "scorecard":
		switch {
		case len(args) >= 2 && args[1] == "score":
			err = runScorecardScore(args[2:], stdin, stdout, stderr)
		case len(args) >= 2 && args[1] == "fit":
			err = runScorecardFit(args[2:], stdin, stdout, stderr)
		case len(args) >= 2 && (args[1] == "-h" || args[1] == "-help" || args[1] == "--help"):
			fmt.Fprint(stdout, scorecardUsage)
			return exitOK
		default:
			fmt.Fprint(stderr, "smecredit scorecard: want subcommand \"fit\" or \"score\"\n\n"+scorecardUsage)
			return exitUsage
		}
	case "classify":
		err = runClassify(args[1:], stdin, stdout, stderr)
	case "ecl":
		err = runECL(args[1:], stdin, stdout, stderr)
	case "schema":
		err = runSchema(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "smecredit", version())
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[1] != "help" && args[1] != "version" {
			// "help scorecard fit" is "scorecard fit -h".
			return run(append(append([]string(nil), args[1:]...), "-h"), stdin, stdout, stdout)
		}
		fmt.Fprint(stdout, usageText)
		return exitOK
	default:
		fmt.Fprintf(stderr, "smecredit: unknown command %q\n\n%s", args[0], usageText)
		return exitUsage
	}
	return exitCode(err, stderr)
}

func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "smecredit:", ue.msg)
		return exitUsage
	default:
		fmt.Fprintln(stderr, "smecredit:", err)
		return exitUsage
	}
}

// version returns the module version the binary was built from, "(devel)"
// for a build inside the module.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" {
		return "(devel)"
	}
	return bi.Main.Version
}
