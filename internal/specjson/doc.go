// Package specjson decodes smecredit's JSON documents (policies, schemas, models, signal sets,
// option sets, scorecards) the one strict way every package loads them: a size bound checked
// before any work, exactly one JSON value, no duplicate member names at any depth (encoding/json
// keeps the last one silently), no unknown members, and a top-level "kind" member naming the
// document type. Each package turns a [Problem] into its own *SpecError.
package specjson
