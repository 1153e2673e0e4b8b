package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeWalkthrough runs every command of the README's walk-through from
// the repository root and checks its exit code (0 unless the comment before
// it says "exit 1").
func TestReadmeWalkthrough(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(data), "<!-- walkthrough -->\n```sh\n")
	if !ok {
		t.Fatal("README.md has no walk-through block")
	}
	block, _, _ = strings.Cut(block, "```")
	t.Chdir(root)
	want, n := 0, 0
	for line := range strings.Lines(block) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			want = 0
			if strings.Contains(line, "(exit 1)") {
				want = 1
			}
			continue
		}
		args, ok := strings.CutPrefix(line, "smecredit ")
		if !ok {
			t.Fatalf("walk-through line %q is not a smecredit command", line)
		}
		n++
		code, out, errs := runCLI(t, "", strings.Fields(args)...)
		if code != want {
			t.Errorf("%s\nexit code %d, want %d; stderr:\n%s", line, code, want, errs)
		}
		if out == "" {
			t.Errorf("%s: no output", line)
		}
	}
	if n < 8 {
		t.Errorf("walk-through has %d commands, want at least 8", n)
	}
}
