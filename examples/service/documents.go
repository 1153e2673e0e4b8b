package main

import (
	"fmt"
	"net/http"
)

// compileDocument compiles one file of kind k with the owning package.
func compileDocument(k kind, data []byte) (*document, error) {
	switch k {
	case kindRating:
		return compileRating(data)
	}
	return nil, fmt.Errorf("%s documents are not supported by this build", k)
}

// registerDecisionRoutes adds the endpoints that decide under a document.
func (s *server) registerDecisionRoutes() {
	s.handle(http.MethodPost, "/v1/rating/{model}/score", s.rate)
}
