package main

import "io"

func runSimulate(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return usagef("todo")
}
func runDiff(args []string, stdin io.Reader, stdout, stderr io.Writer) error { return usagef("todo") }
