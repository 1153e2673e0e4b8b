package main

import (
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
	"github.com/smecredit/smecredit/access/offer"
	"github.com/smecredit/smecredit/access/review"
	"github.com/smecredit/smecredit/exit"
	"github.com/smecredit/smecredit/monitor"
	"github.com/smecredit/smecredit/monitor/ecl"
	"github.com/smecredit/smecredit/rating"
	"github.com/smecredit/smecredit/rating/scorecard"
)

//go:generate go run . schema -dir ../../schema

// specTypes maps each document kind to its spec type.
var specTypes = map[string]reflect.Type{
	access.KindSchema:         reflect.TypeFor[access.SchemaSpec](),
	access.KindPolicy:         reflect.TypeFor[access.PolicySpec](),
	rating.KindModel:          reflect.TypeFor[rating.ModelSpec](),
	rating.KindMasterScale:    reflect.TypeFor[rating.MasterScaleSpec](),
	scorecard.KindScorecard:   reflect.TypeFor[scorecard.ScorecardSpec](),
	monitor.KindSignalSet:     reflect.TypeFor[monitor.SignalSetSpec](),
	exit.KindOptionSet:        reflect.TypeFor[exit.OptionSetSpec](),
	exit.KindTriggerSet:       reflect.TypeFor[exit.TriggerSetSpec](),
	offer.KindOfferPolicy:     reflect.TypeFor[offer.OfferPolicySpec](),
	ecl.KindStagingPolicy:     reflect.TypeFor[ecl.StagingPolicySpec](),
	ecl.KindProvisionMatrix:   reflect.TypeFor[ecl.ProvisionMatrixSpec](),
	review.KindChart:          reflect.TypeFor[review.ChartSpec](),
	review.KindReconciliation: reflect.TypeFor[review.ReconciliationSpec](),
}

// schemaGen builds a JSON Schema (draft 2020-12) from Go spec types, following
// encoding/json's rules: json tags, embedded structs flattened, text
// marshalers as strings (with their enum values when the type is a uint8
// enum), decimal.Decimal as a string or number, time.Time as a date-time.
type schemaGen struct {
	defs map[string]any
}

var (
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	decimalType   = reflect.TypeFor[decimal.Decimal]()
	timeType      = reflect.TypeFor[time.Time]()
	rawType       = reflect.TypeFor[json.RawMessage]()
)

// documentSchema returns the JSON Schema of the document kind.
func documentSchema(kind string) (map[string]any, error) {
	t, ok := specTypes[kind]
	if !ok {
		return nil, usagef("schema: unknown document kind %q; want one of %s", kind, strings.Join(knownKinds(), ", "))
	}
	g := &schemaGen{defs: map[string]any{}}
	root := g.object(t)
	root["properties"].(map[string]any)["kind"] = map[string]any{"const": kind}
	// Every loader refuses a document without a non-blank version (root doc, "Documents").
	root["required"] = []string{"kind", "version"}
	out := map[string]any{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"$id":     "https://github.com/smecredit/smecredit/schema/" + kind + ".json",
		"title":   "smecredit " + kind + " document (" + t.String() + ")",
	}
	for k, v := range root {
		out[k] = v
	}
	if len(g.defs) > 0 {
		out["$defs"] = g.defs
	}
	return out, nil
}

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	switch t {
	case decimalType:
		return map[string]any{"type": []string{"string", "number"}, "description": "exact decimal"}
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case rawType:
		return map[string]any{}
	}
	if t.Kind() == reflect.Pointer {
		s := g.schema(t.Elem())
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
	}
	if t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler) {
		s := map[string]any{"type": "string"}
		if names := enumNames(t); len(names) > 0 {
			s["enum"] = names
		}
		return s
	}
	if t.Implements(jsonMarshaler) {
		return map[string]any{} // custom JSON form
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string"}
		}
		return map[string]any{"type": []string{"array", "null"}, "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": []string{"object", "null"}, "additionalProperties": g.schema(t.Elem())}
	case reflect.Struct:
		name := t.String()
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = nil // break recursion
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	}
	return map[string]any{}
}

// object returns the schema of a struct type.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	g.fields(t, props)
	return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any) {
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				g.fields(ft, props)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schema(f.Type)
	}
}

// enumNames lists the text forms of a uint8 enum type, found by marshalling
// every value; nil for other types.
func enumNames(t reflect.Type) []string {
	if t.Kind() != reflect.Uint8 {
		return nil
	}
	var names []string
	for i := range 256 {
		v := reflect.New(t).Elem()
		v.SetUint(uint64(i))
		m, ok := v.Interface().(encoding.TextMarshaler)
		if !ok {
			return nil
		}
		b, err := m.MarshalText()
		if err != nil {
			continue
		}
		if s := string(b); !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	if len(names) == 256 {
		return nil // every value has a text form: not a closed set (a grade number)
	}
	return names
}

func runSchema(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("schema", "schema KIND | schema -dir DIR", stderr)
	dir := fs.String("dir", "", "write the schema of every kind into `DIR` as KIND.json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dir != "" {
		for _, kind := range knownKinds() {
			b, err := schemaJSON(kind)
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(*dir, kind+".json"), b, 0o644); err != nil {
				return usagef("%v", err)
			}
		}
		return nil
	}
	if fs.NArg() != 1 {
		return usagef("schema: want one KIND (%s) or -dir DIR", strings.Join(knownKinds(), ", "))
	}
	b, err := schemaJSON(fs.Arg(0))
	if err != nil {
		return err
	}
	_, err = stdout.Write(b)
	return err
}

// schemaJSON returns the indented schema of kind, ending in a newline.
func schemaJSON(kind string) ([]byte, error) {
	s, err := documentSchema(kind)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", kind, err)
	}
	return append(b, '\n'), nil
}

func parsePolicyOnly(b []byte) (access.PolicySpec, error) {
	return access.ParsePolicy(b, access.Limits{})
}
