package main

import (
	_ "embed"
	"net/http"
)

// openAPI is the service's OpenAPI 3.1 description.
//
//go:embed openapi.json
var openAPI []byte

// serveOpenAPI serves the OpenAPI description.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}
