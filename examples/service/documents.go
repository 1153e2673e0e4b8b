package main

import (
	"fmt"
	"net/http"
)

// compileDocument compiles the file name, of kind k, with the package that
// owns the kind. done holds the documents compiled before it in the same
// load.
func compileDocument(name string, k kind, data []byte, done map[docKey]*document) (*document, error) {
	switch k {
	case kindAccess:
		return compileAccess(data, done)
	case kindRating:
		return compileRating(data)
	case kindExit:
		return compileExit(data)
	case kindMonitor:
		return compileMonitor(data)
	case kindScorecard:
		return compileScorecard(name, data)
	}
	return nil, fmt.Errorf("%s documents are not supported by this build", k)
}

// documentOrder compiles access schemas before everything else, so that
// the policies written against them find them.
func documentOrder(k kind, data []byte) int {
	if k == kindAccess && isAccessSchema(data) {
		return 0
	}
	return 1
}

// registerDecisionRoutes adds the endpoints that decide under a document.
func (s *server) registerDecisionRoutes() {
	s.handle(http.MethodPost, "/v1/access/{policy}/decide", s.decide)
	s.handle(http.MethodPost, "/v1/rating/{model}/score", s.rate)
	s.handle(http.MethodPost, "/v1/scorecard/{id}/score", s.scoreCard)
	s.handle(http.MethodPost, "/v1/monitor/{signals}/classify", s.classify)
	s.handle(http.MethodPost, "/v1/exit/{set}/choose", s.choose)
}
