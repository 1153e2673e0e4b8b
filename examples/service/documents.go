package main

import (
	"fmt"

	"github.com/smecredit/smecredit/examples/service/registry"
)

// compileDocument compiles the file name, of kind k, with the package that
// owns the kind. done holds the documents compiled before it in the same
// load.
func compileDocument(name string, k registry.Kind, data []byte, done map[registry.Key]*registry.Document) (*registry.Document, error) {
	switch k {
	case registry.KindAccess:
		return compileAccess(data, done)
	case registry.KindRating:
		return compileRating(data)
	case registry.KindExit:
		return compileExit(data)
	case registry.KindMonitor:
		return compileMonitor(data)
	case registry.KindScorecard:
		return compileScorecard(name, data)
	}
	return nil, fmt.Errorf("%s documents are not supported by this build", k)
}

// documentOrder compiles access schemas before everything else, so that
// the policies written against them find them.
func documentOrder(k registry.Kind, data []byte) int {
	if k == registry.KindAccess && isAccessSchema(data) {
		return 0
	}
	return 1
}
