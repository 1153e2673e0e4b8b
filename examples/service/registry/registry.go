// Package registry holds a service's compiled smecredit documents (access
// schemas and policies, rating models, scorecards, monitoring signal sets,
// exit option sets) and reloads them from a directory without ever serving a
// half-loaded set.
//
// A Registry publishes immutable Snapshots through an atomic pointer:
// requests take the current snapshot once and use it throughout, so a reload
// never mixes two generations within a request, and readers never block.
// Reload compiles every file anew; a file that no longer compiles keeps its
// previous version serving, and the error says why. Watch polls the
// directory (for Kubernetes ConfigMaps, which change files in place) and
// reloads on any change; a host wires SIGHUP to Reload itself.
//
// The registry knows nothing of the documents' packages: a host passes a
// CompileFunc that turns a file's bytes into a Document, and an OrderFunc
// that compiles the documents others depend on first. Every Document keeps
// its file's bytes (Data) and the documents it was compiled against
// (Requires), so that a decision made under it can be re-run years later
// from an audit store: Build compiles such a stored set without a
// directory.
//
// Costs: Find is O(v) in the number of loaded versions of one id; a reload
// is O(n) compilations of the n files.
package registry

import (
	"bytes"
	"context"
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

// Kind is the family of a loaded document. A file's kind is the part of its
// name before the first '-': "access-sme.json" is an access policy.
type Kind string

// The kinds of document a registry loads.
const (
	KindAccess    Kind = "access"    // access policy: access.Policy
	KindRating    Kind = "rating"    // expert rating model: rating.Model
	KindScorecard Kind = "scorecard" // statistical scorecard
	KindMonitor   Kind = "monitor"   // monitoring rule set
	KindExit      Kind = "exit"      // exit option set

	// KindSchema is the kind of an access schema's document. Schema files
	// are access-*.json files too; they are listed under their own kind,
	// with the schema version as id.
	KindSchema Kind = "schema"
)

// Document is one compiled policy or model together with the identity every
// decision made under it cites: kind, id, version and a content hash, so
// that a decision can be re-run later on the exact same document. Access
// policies are hashed by the access package itself (a canonical form that
// covers the schema too); other documents by the SHA-256 of their file.
// A Document is immutable once published; requests share it.
type Document struct {
	Kind     Kind   `json:"kind"`
	ID       string `json:"id"`
	Version  string `json:"version"`
	Hash     string `json:"hash"`     // the package's content hash if it has one, else FileHash
	FileHash string `json:"fileHash"` // "sha256:" and the hex digest of the file's bytes
	File     string `json:"file"`
	// EffectiveFrom is when an access policy version comes into force (its
	// effectiveFrom); zero for documents without effective dating.
	EffectiveFrom time.Time `json:"effectiveFrom,omitzero"`
	// Compiled is the package's compiled value: *access.Policy,
	// *rating.Model, ...; immutable, shared by requests.
	Compiled any `json:"-"`
	// Data is the file's bytes, whose SHA256 is FileHash.
	Data []byte `json:"-"`
	// Requires lists the documents this one was compiled against (an
	// access policy's schema); a CompileFunc sets it.
	Requires []*Document `json:"-"`
}

// Ref is the part of a document a decision response carries.
type Ref struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

// Ref returns the document's id, version and hash.
func (d *Document) Ref() Ref { return Ref{ID: d.ID, Version: d.Version, Hash: d.Hash} }

// Key identifies a document: several versions of one id may be loaded
// at once (a champion and a challenger policy, say).
type Key struct {
	Kind    Kind
	ID      string
	Version string
}

// idKey names all loaded versions of one document.
type idKey struct {
	kind Kind
	id   string
}

// Snapshot is one immutable generation of loaded documents.
type Snapshot struct {
	docs        map[Key]*Document
	versions    map[idKey][]*Document // every loaded version of an id, by effective date, then version
	files       map[string]*Document  // by file name, to keep an old version when its file breaks
	loadedAt    time.Time
	generation  uint64
	fingerprint string // of the files read, for Watch
}

// Len returns the number of documents in s.
func (s *Snapshot) Len() int { return len(s.docs) }

// Generation counts the reloads that published a snapshot before s: 0 for
// the one loaded at start-up.
func (s *Snapshot) Generation() uint64 { return s.generation }

// LoadedAt is when s was built, in UTC.
func (s *Snapshot) LoadedAt() time.Time { return s.loadedAt }

// Get returns the document with key k, or nil.
func (s *Snapshot) Get(k Key) *Document { return s.docs[k] }

// Find returns the document of kind k named id: the given version or, when
// version is "", the version in force at now. That is the only loaded
// version, or among several the one with the latest EffectiveFrom not after
// now. With no such document, it returns nil and the versions loaded (none
// when the id is unknown).
func (s *Snapshot) Find(k Kind, id, version string, now time.Time) (*Document, []*Document) {
	vs := s.versions[idKey{k, id}]
	if version != "" {
		return s.docs[Key{k, id, version}], vs
	}
	if len(vs) == 1 {
		return vs[0], vs
	}
	var best *Document
	for _, d := range vs {
		if !d.EffectiveFrom.IsZero() && !d.EffectiveFrom.After(now) && (best == nil || !d.EffectiveFrom.Before(best.EffectiveFrom)) {
			best = d
		}
	}
	return best, vs
}

// List returns the documents ordered by kind, id, effective date and version.
func (s *Snapshot) List() []*Document {
	out := make([]*Document, 0, len(s.docs))
	for _, d := range s.docs {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *Document) int {
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

// CompileFunc compiles the bytes of the file name, of kind k, into a
// document with ID, Version, Compiled and, optionally, Kind, Hash and
// Requires set; the registry fills the rest. done holds the documents of the
// snapshot compiled so far, in the order given by an OrderFunc.
type CompileFunc func(name string, k Kind, data []byte, done map[Key]*Document) (*Document, error)

// OrderFunc ranks a file for compilation: lower ranks compile first, so that
// documents others depend on (access schemas) are in place.
type OrderFunc func(k Kind, data []byte) int

// Status is what a registry reports to health and readiness probes.
type Status struct {
	Source     string    `json:"source"`
	Documents  int       `json:"documents"`
	Generation uint64    `json:"generation"`
	LoadedAt   time.Time `json:"loadedAt"`
	Reloads    uint64    `json:"reloads"`        // reloads attempted since start-up
	Failures   uint64    `json:"reloadFailures"` // reloads that reported an error
	// LastFailure is the error of the last reload that failed, and
	// LastFailureAt when it happened; empty and zero when none has.
	LastFailure   string    `json:"lastReloadFailure,omitempty"`
	LastFailureAt time.Time `json:"lastReloadFailureAt,omitzero"`
	// Failing reports that the most recent reload failed: some file is not
	// served in its current form.
	Failing bool `json:"reloadFailing"`
}

// Registry holds the current snapshot. Readers never block: they load an
// atomic pointer. Reloads are serialised and publish a new snapshot only
// after every file in it compiled.
type Registry struct {
	fsys    fs.FS
	source  string // for logs: the directory, or "embedded"
	compile CompileFunc
	order   OrderFunc
	log     *slog.Logger

	mu     sync.Mutex // serialises reloads; guards status
	status Status
	cur    atomic.Pointer[Snapshot]
}

// New loads every document from the top directory of fsys; source names it
// in logs and errors. At start-up there is nothing to fall back on, so any
// bad file is an error, and so is a directory without documents.
func New(fsys fs.FS, source string, compile CompileFunc, order OrderFunc, log *slog.Logger) (*Registry, error) {
	r := &Registry{fsys: fsys, source: source, compile: compile, order: order, log: log}
	s, err := r.build(nil)
	if err != nil {
		return nil, err
	}
	if len(s.docs) == 0 {
		return nil, fmt.Errorf("%s: no policy or model files (want <kind>-<name>.json with kind access, rating, scorecard, monitor or exit)", source)
	}
	r.cur.Store(s)
	r.status.Source = source
	for _, d := range s.List() {
		log.Info("loaded", "kind", d.Kind, "id", d.ID, "version", d.Version, "hash", d.Hash, "file", d.File)
	}
	return r, nil
}

// Source names the registry's directory ("embedded" for built-in documents).
func (r *Registry) Source() string { return r.source }

// Current returns the snapshot in service.
func (r *Registry) Current() *Snapshot { return r.cur.Load() }

// Lookup returns the document of kind k named id in force now in the
// current snapshot.
func (r *Registry) Lookup(k Kind, id string) (*Document, bool) {
	d, _ := r.cur.Load().Find(k, id, "", time.Now())
	return d, d != nil
}

// Status returns the registry's reload history and current snapshot.
func (r *Registry) Status() Status {
	r.mu.Lock()
	st := r.status
	r.mu.Unlock()
	s := r.cur.Load()
	st.Documents, st.Generation, st.LoadedAt = len(s.docs), s.generation, s.loadedAt
	return st
}

// Reload re-reads the directory and publishes a new snapshot. A file that
// no longer compiles keeps its previous version serving; a file that cannot
// be read at all, likewise. Only files that compiled replace their previous
// version, and the swap is one atomic store. The returned error joins every
// problem found; the new snapshot is published even then, unless the
// directory cannot be read or holds no document at all.
func (r *Registry) Reload() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.reload()
	r.status.Reloads++
	r.status.Failing = err != nil
	if err != nil {
		r.status.Failures++
		r.status.LastFailure, r.status.LastFailureAt = err.Error(), time.Now().UTC()
	}
	return err
}

func (r *Registry) reload() error {
	prev := r.cur.Load()
	s, err := r.build(prev)
	if s == nil { // directory unreadable: keep everything
		r.log.Error("reload failed; previous documents keep serving", "source", r.source, "err", err)
		return err
	}
	if len(s.docs) == 0 { // as at start-up, an empty directory is a mistake, not a policy
		err = errors.Join(err, fmt.Errorf("%s: no policy or model files", r.source))
		r.log.Error("reload failed; previous documents keep serving", "source", r.source, "err", err)
		// Remember what was seen, so that Watch does not retry an unchanged directory.
		s.docs, s.files, s.versions = prev.docs, prev.files, prev.versions
		s.generation, s.loadedAt = prev.generation, prev.loadedAt
		r.cur.Store(s)
		return err
	}
	// Changes are reported per file: a file's document may change version.
	for _, d := range s.List() {
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

// Watch polls the directory every interval until ctx is done and reloads
// when any *.json file was added, removed or changed since the last load.
// It suits Kubernetes ConfigMaps, whose files change without a signal. An
// unchanged directory whose last reload failed is not reloaded again.
func (r *Registry) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		files, err := r.read()
		if err != nil {
			continue // Reload would keep everything too; the next tick retries
		}
		if fingerprint(files) != r.cur.Load().fingerprint {
			r.log.Info("directory changed: reloading", "source", r.source)
			r.Reload()
		}
	}
}

// File is a document file's name and bytes.
type File struct {
	Name string
	Data []byte
}

// Build compiles files, as a reload compiles a directory, into a snapshot of
// its own, for re-running a decision under documents kept in an audit
// store. Any file that does not compile is an error.
func Build(files []File, compile CompileFunc, order OrderFunc) (*Snapshot, error) {
	r := &Registry{compile: compile, order: order, source: "stored documents"}
	s, err := r.compileFiles(files, nil)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// read returns the *.json files of the directory, sorted by name; a file of
// no known kind is returned with nil Data and an error.
func (r *Registry) read() ([]File, error) {
	entries, err := fs.ReadDir(r.fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.source, err)
	}
	var files []File
	for _, e := range entries { // fs.ReadDir sorts by name
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".json" {
			continue
		}
		data, err := fs.ReadFile(r.fsys, name)
		if err != nil {
			files = append(files, File{Name: name})
			continue
		}
		files = append(files, File{Name: name, Data: data})
	}
	return files, nil
}

// fingerprint hashes the names and contents of files.
func fingerprint(files []File) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%d:%s:%d:", len(f.Name), f.Name, len(f.Data))
		h.Write(f.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// build reads and compiles every document file of the directory into a new
// snapshot. With prev != nil, a file that fails keeps prev's version of it.
// It returns a nil snapshot only when the directory cannot be listed.
func (r *Registry) build(prev *Snapshot) (*Snapshot, error) {
	files, err := r.read()
	if err != nil {
		return nil, err
	}
	s, err := r.compileFiles(files, prev)
	s.fingerprint = fingerprint(files)
	return s, err
}

// compileFiles compiles files into a new snapshot, keeping prev's version
// (when prev is not nil) of each file that fails.
func (r *Registry) compileFiles(files []File, prev *Snapshot) (*Snapshot, error) {
	var errs []error
	s := &Snapshot{
		docs:     make(map[Key]*Document),
		files:    make(map[string]*Document),
		loadedAt: time.Now().UTC(),
	}
	if prev != nil {
		s.generation = prev.generation + 1
	}
	add := func(d *Document) error {
		k := Key{d.Kind, d.ID, d.Version}
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
		kind Kind
		data []byte
		rank int
	}
	var todo []file
	for _, f := range files {
		k, ok := KindOf(f.Name)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: name does not start with a known kind (access-, rating-, scorecard-, monitor-, exit-)", f.Name))
			continue
		}
		if f.Data == nil {
			errs = append(errs, fmt.Errorf("%s: cannot be read", f.Name))
			keepOld(f.Name)
			continue
		}
		todo = append(todo, file{f.Name, k, f.Data, r.order(k, f.Data)})
	}
	slices.SortStableFunc(todo, func(a, b file) int { return a.rank - b.rank })
	for _, f := range todo {
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
		d.FileHash, d.File, d.Data = SHA256(f.data), f.name, bytes.Clone(f.data)
		if d.Hash == "" {
			d.Hash = d.FileHash
		}
		if err := add(d); err != nil {
			errs = append(errs, err)
			keepOld(f.name)
		}
	}
	s.versions = make(map[idKey][]*Document)
	for _, d := range s.List() {
		k := idKey{d.Kind, d.ID}
		s.versions[k] = append(s.versions[k], d)
	}
	return s, errors.Join(errs...)
}

// KindOf returns the kind named by a file name's prefix.
func KindOf(name string) (Kind, bool) {
	prefix, _, ok := strings.Cut(name, "-")
	if !ok {
		return "", false
	}
	switch k := Kind(prefix); k {
	case KindAccess, KindRating, KindScorecard, KindMonitor, KindExit:
		return k, true
	}
	return "", false
}

// SHA256 returns "sha256:" and the hex digest of data, the form FileHash takes.
func SHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
