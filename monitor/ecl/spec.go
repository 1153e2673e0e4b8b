package ecl

import (
	"errors"
	"strconv"
	"strings"

	"github.com/smecredit/smecredit/internal/specjson"
)

// MaxDocumentBytes bounds the size of a document given to a loader: 1 MiB.
const MaxDocumentBytes = 1 << 20

// maxSpecErrors caps the problems a loader reports; one more error says how many were left out.
const maxSpecErrors = 100

// Document kinds.
const (
	KindStagingPolicy   = "ecl-staging-policy"
	KindProvisionMatrix = "ecl-provision-matrix"
)

func decode(data []byte, v any, kind string) error {
	if p := specjson.Decode(data, v, kind, MaxDocumentBytes); p != nil {
		err := ErrInvalidSpec
		if p.TooLarge {
			err = ErrSpecTooLarge
		}
		return &SpecError{Path: p.Path, Err: err, Msg: p.Msg}
	}
	return nil
}

// checkVersion refuses a document whose "version" is absent, empty or blank, as every loader
// of the library does (root doc, "Documents"). Only the parsers check it: Go-built specs are
// compiled without it.
func checkVersion(version string) error {
	if strings.TrimSpace(version) == "" {
		return &SpecError{Path: "version", Err: ErrInvalidSpec, Msg: "must not be empty"}
	}
	return nil
}

// problems collects the defects of a spec, capped at maxSpecErrors.
type problems struct {
	errs []error
	more int
}

func (p *problems) add(path string, err error, msg string) {
	if len(p.errs) >= maxSpecErrors {
		p.more++
		return
	}
	p.errs = append(p.errs, &SpecError{Path: path, Err: err, Msg: msg})
}

func (p *problems) err() error {
	if p.more > 0 {
		p.errs = append(p.errs, &SpecError{Path: "$", Err: ErrInvalidSpec, Msg: strconv.Itoa(p.more) + " more problems not listed"})
	}
	return errors.Join(p.errs...)
}
