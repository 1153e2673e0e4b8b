// Command peerdata writes the inputs of the Python peer comparison
// (python/*.py) into a directory, by default /tmp/smecredit-peers:
//
//	go run ./peerdata [-dir DIR]
//
// The Go benchmarks (BenchmarkPeer*) build the same values in memory from
// the same seeds.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/smecredit/smecredit/bench"
)

func main() {
	dir := flag.String("dir", "/tmp/smecredit-peers", "output directory")
	flag.Parse()
	if err := bench.WritePeerData(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "peerdata:", err)
		os.Exit(1)
	}
}
