package main

import (
	"errors"
	"flag"
	"io"
)

// errHelp reports that -h was given; the usage has been printed (exit 0).
var errHelp = errors.New("help requested")

// newFlagSet returns a flag set that prints its usage to w and returns
// errors. The usage is the synopsis, then each line of about (a description
// of the command, if any), then the flags.
func newFlagSet(name, synopsis string, w io.Writer, about ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		io.WriteString(w, "Usage: smecredit "+synopsis+"\n")
		if len(about) > 0 {
			io.WriteString(w, "\n")
			for _, l := range about {
				io.WriteString(w, l+"\n")
			}
			io.WriteString(w, "\nFlags:\n")
		}
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, mapping -h to errHelp and other problems to a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usagef("%s: %v", fs.Name(), err)
	}
	return nil
}
