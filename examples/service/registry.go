package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// kind is the family of a loaded document. A file's kind is the part of its
// name before the first '-': "access-sme.json" is an access policy.
type kind string

const (
	kindAccess    kind = "access"    // access policy: access.Policy
	kindRating    kind = "rating"    // expert rating model: rating.Model
	kindScorecard kind = "scorecard" // statistical scorecard
	kindMonitor   kind = "monitor"   // monitoring rule set
	kindExit      kind = "exit"      // exit option set

	// kindSchema is the kind of an access schema's document. Schema files
	// are access-*.json files too (see compileDocument); they are listed
	// under their own kind, with the schema version as id.
	kindSchema kind = "schema"
)

// document is one compiled policy or model together with the identity every
// decision made under it cites: kind, id, version and a content hash, so
// that a decision can be re-run later on the exact same document. Access
// policies are hashed by the access package itself (a canonical form that
// covers the schema too); other documents by the SHA-256 of their file.
type document struct {
	Kind     kind   `json:"kind"`
	ID       string `json:"id"`
	Version  string `json:"version"`
	Hash     string `json:"hash"`     // the package's content hash if it has one, else FileHash
	FileHash string `json:"fileHash"` // "sha256:" and the hex digest of the file's bytes
	File     string `json:"file"`
	// EffectiveFrom is when an access policy version comes into force (its
	// effective_from); zero for documents without effective dating.
	EffectiveFrom time.Time `json:"effectiveFrom,omitzero"`
	compiled      any       // *access.Policy, *rating.Model, ...; immutable, shared by requests
}

// ref is the part of a document a decision response carries.
type ref struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

func (d *document) ref() ref { return ref{ID: d.ID, Version: d.Version, Hash: d.Hash} }

// docKey identifies a document: several versions of one id may be loaded
// at once (a champion and a challenger policy, say).
type docKey struct {
	kind    kind
	id      string
	version string
}

// idKey names all loaded versions of one document.
type idKey struct {
	kind kind
	id   string
}

// snapshot is one immutable generation of loaded documents. Requests load
// the current snapshot once and use it throughout, so a reload never mixes
// two generations within a request.
type snapshot struct {
	docs       map[docKey]*document
	versions   map[idKey][]*document // every loaded version of an id, by effective date, then version
	files      map[string]*document  // by file name, to keep an old version when its file breaks
	loadedAt   time.Time
	generation uint64
}

// find returns the document of kind k named id: the given version or, when
// version is "", the version in force at now. That is the only loaded
// version, or among several the one with the latest EffectiveFrom not after
// now. With no such document, it returns nil and the versions loaded (none
// when the id is unknown).
func (s *snapshot) find(k kind, id, version string, now time.Time) (*document, []*document) {
	vs := s.versions[idKey{k, id}]
	if version != "" {
		return s.docs[docKey{k, id, version}], vs
	}
	if len(vs) == 1 {
		return vs[0], vs
	}
	var best *document
	for _, d := range vs {
		if !d.EffectiveFrom.IsZero() && !d.EffectiveFrom.After(now) && (best == nil || !d.EffectiveFrom.Before(best.EffectiveFrom)) {
			best = d
		}
	}
	return best, vs
}

// list returns the documents ordered by kind, id, effective date and version.
func (s *snapshot) list() []*document {
	out := make([]*document, 0, len(s.docs))
	for _, d := range s.docs {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *document) int {
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		if c := a.EffectiveFrom.Compare(b.EffectiveFrom); c != 0 {
			return c
		}
		return strings.Compare(a.Version, b.Version)
	})
	return out
}

// compileFunc compiles the bytes of the file name, of kind k, into a document with
// ID, Version, compiled and, optionally, Kind and Hash set; the registry
// fills the rest. done holds the documents of the snapshot compiled so far,
// in the order given by a documentOrder.
type compileFunc func(name string, k kind, data []byte, done map[docKey]*document) (*document, error)

// orderFunc ranks a file for compilation: lower ranks compile first, so that
// documents others depend on (access schemas) are in place.
type orderFunc func(k kind, data []byte) int

// registry holds the current snapshot. Readers never block: they load an
// atomic pointer. Reloads are serialised and publish a new snapshot only
// after every file in it compiled.
type registry struct {
	fsys    fs.FS
	source  string // for logs: the directory, or "embedded"
	compile compileFunc
	order   orderFunc
	log     *slog.Logger

	mu  sync.Mutex // serialises reloads
	cur atomic.Pointer[snapshot]
}

// newRegistry loads every document from fsys. At start-up there is nothing
// to fall back on, so any bad file is an error.
func newRegistry(fsys fs.FS, source string, compile compileFunc, order orderFunc, log *slog.Logger) (*registry, error) {
	r := &registry{fsys: fsys, source: source, compile: compile, order: order, log: log}
	s, err := r.build(nil)
	if err != nil {
		return nil, err
	}
	if len(s.docs) == 0 {
		return nil, fmt.Errorf("%s: no policy or model files (want <kind>-<name>.json with kind access, rating, scorecard, monitor or exit)", source)
	}
	r.cur.Store(s)
	for _, d := range s.list() {
		log.Info("loaded", "kind", d.Kind, "id", d.ID, "version", d.Version, "hash", d.Hash, "file", d.File)
	}
	return r, nil
}

// current returns the snapshot in service.
func (r *registry) current() *snapshot { return r.cur.Load() }

// lookup returns the document of kind k named id in force now in the
// current snapshot.
func (r *registry) lookup(k kind, id string) (*document, bool) {
	d, _ := r.cur.Load().find(k, id, "", time.Now())
	return d, d != nil
}

// reload re-reads the directory and publishes a new snapshot. A file that
// no longer compiles keeps its previous version serving; a file that cannot
// be read at all, likewise. Only files that compiled replace their previous
// version, and the swap is one atomic store. The returned error joins every
// problem found; the new snapshot is published even then, unless the
// directory cannot be read or holds no document at all.
func (r *registry) reload() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	prev := r.cur.Load()
	s, err := r.build(prev)
	if s == nil { // directory unreadable: keep everything
		r.log.Error("reload failed; previous documents keep serving", "source", r.source, "err", err)
		return err
	}
	if len(s.docs) == 0 { // as at start-up, an empty directory is a mistake, not a policy
		err = errors.Join(err, fmt.Errorf("%s: no policy or model files", r.source))
		r.log.Error("reload failed; previous documents keep serving", "source", r.source, "err", err)
		return err
	}
	// Changes are reported per file: a file's document may change version.
	for _, d := range s.list() {
		old, ok := prev.files[d.File]
		switch {
		case !ok:
			r.log.Info("reload: added", "kind", d.Kind, "id", d.ID, "version", d.Version, "hash", d.Hash, "file", d.File)
		case old.Hash != d.Hash || old.Version != d.Version || old.ID != d.ID:
			r.log.Info("reload: replaced", "kind", d.Kind, "id", d.ID, "version", d.Version, "hash", d.Hash,
				"oldID", old.ID, "oldVersion", old.Version, "oldHash", old.Hash, "file", d.File)
		}
	}
	for name, d := range prev.files {
		if _, ok := s.files[name]; !ok {
			r.log.Info("reload: removed", "kind", d.Kind, "id", d.ID, "version", d.Version, "hash", d.Hash, "file", d.File)
		}
	}
	r.cur.Store(s)
	if err != nil {
		r.log.Error("reload: some files were not loaded; their previous versions keep serving", "source", r.source, "err", err)
	}
	return err
}

// build compiles every document file of fsys's top directory into a new
// snapshot. With prev != nil, a file that fails keeps prev's version of it.
// It returns a nil snapshot only when the directory cannot be listed.
func (r *registry) build(prev *snapshot) (*snapshot, error) {
	entries, err := fs.ReadDir(r.fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.source, err)
	}
	s := &snapshot{
		docs:     make(map[docKey]*document),
		files:    make(map[string]*document),
		loadedAt: time.Now().UTC(),
	}
	if prev != nil {
		s.generation = prev.generation + 1
	}
	var errs []error
	add := func(d *document) error {
		k := docKey{d.Kind, d.ID, d.Version}
		if other, dup := s.docs[k]; dup {
			return fmt.Errorf("%s: %s %q version %q is already defined by %s", d.File, d.Kind, d.ID, d.Version, other.File)
		}
		s.docs[k] = d
		s.files[d.File] = d
		return nil
	}
	keepOld := func(name string) {
		if prev == nil {
			return
		}
		if old, ok := prev.files[name]; ok {
			if err := add(old); err != nil {
				errs = append(errs, err)
			}
		}
	}
	type file struct {
		name string
		kind kind
		data []byte
		rank int
	}
	var files []file
	for _, e := range entries { // fs.ReadDir sorts by name
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".json" {
			continue
		}
		k, ok := kindOf(name)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: name does not start with a known kind (access-, rating-, scorecard-, monitor-, exit-)", name))
			continue
		}
		data, err := fs.ReadFile(r.fsys, name)
		if err != nil {
			errs = append(errs, err)
			keepOld(name)
			continue
		}
		files = append(files, file{name, k, data, r.order(k, data)})
	}
	slices.SortStableFunc(files, func(a, b file) int { return a.rank - b.rank })
	for _, f := range files {
		d, err := r.compile(f.name, f.kind, f.data, s.docs)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.name, err))
			keepOld(f.name)
			continue
		}
		if d.ID == "" {
			errs = append(errs, fmt.Errorf("%s: the document has no id", f.name))
			keepOld(f.name)
			continue
		}
		if d.Kind == "" {
			d.Kind = f.kind
		}
		d.FileHash, d.File = sha256Hex(f.data), f.name
		if d.Hash == "" {
			d.Hash = d.FileHash
		}
		if err := add(d); err != nil {
			errs = append(errs, err)
			keepOld(f.name)
		}
	}
	s.versions = make(map[idKey][]*document)
	for _, d := range s.list() {
		k := idKey{d.Kind, d.ID}
		s.versions[k] = append(s.versions[k], d)
	}
	return s, errors.Join(errs...)
}

// kindOf returns the kind named by a file name's prefix.
func kindOf(name string) (kind, bool) {
	prefix, _, ok := strings.Cut(name, "-")
	if !ok {
		return "", false
	}
	switch k := kind(prefix); k {
	case kindAccess, kindRating, kindScorecard, kindMonitor, kindExit:
		return k, true
	}
	return "", false
}

// sha256Hex is the hash form documents are identified by.
func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
