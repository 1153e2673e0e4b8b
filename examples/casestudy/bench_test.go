package main

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkStudy times the three stages on samples of several sizes (the data is parsed once,
// outside the loop).
func BenchmarkStudy(b *testing.B) {
	firms := loadEmbedded(b)
	for _, n := range []int{10, 30, 100} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := runStudy(firms, n, defaultSeed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadFirms times parsing the embedded 5,910-firm file.
func BenchmarkReadFirms(b *testing.B) {
	for b.Loop() {
		if _, err := readFirms(bytes.NewReader(embeddedFirms)); err != nil {
			b.Fatal(err)
		}
	}
}
