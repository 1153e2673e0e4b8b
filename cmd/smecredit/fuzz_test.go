package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/smecredit/smecredit/access"
)

// FuzzFactsReader feeds arbitrary bytes to the CSV facts reader: it must
// never panic or loop, every bad row must be a *rowError with a line, and
// every good row must be decided.
func FuzzFactsReader(f *testing.F) {
	applicants, err := os.ReadFile(td("applicants.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(applicants)
	const header = "id,roa,debt_ratio,current_ratio,ebit_to_assets,equity_to_assets,sales_growth\n"
	for _, row := range []string{"a,0.1,0.5,1.2,0.1,0.5,1.1\n", "b,0.1\n", "c,\"0.1,0.5\n", "d,0\"1,2,3,4,5,6\n",
		"e\xff,1,1,1,1,1,1\n", "f,1e999999,1,1,1,1,1\n", "g,,,,,,\n", "h,-0.0000001,1,1,1,1,1\r\n"} {
		f.Add([]byte(header + row))
	}
	s, err := loadSchema(td("access-schema.json"))
	if err != nil {
		f.Fatal(err)
	}
	p, err := loadPolicy(td("access-policy-v1.json"), s)
	if err != nil {
		f.Fatal(err)
	}
	need := policyFields(p)
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := newFactsReader("f.csv", bytes.NewReader(data), s, need, "id")
		if err != nil {
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("header error %T %v", err, err)
			}
			return
		}
		var o access.Outcome
		for rows := 0; rows <= len(data)+1; rows++ {
			err := fr.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				for _, e := range leaves(err) {
					var re *rowError
					if !errors.As(e, &re) || re.Line < 1 || re.Column < 0 {
						t.Fatalf("row error %T %v", e, e)
					}
				}
				continue
			}
			if err := p.DecideTo(&o, fr.facts); err != nil {
				t.Fatalf("line %d: decide: %v", fr.line, err)
			}
		}
		t.Fatal("reader did not reach the end")
	})
}
