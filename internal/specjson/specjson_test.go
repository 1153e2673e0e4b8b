package specjson

import (
	"fmt"
	"strings"
	"testing"
)

type level uint8

func (l *level) UnmarshalText(b []byte) error {
	switch string(b) {
	case "green", "red":
		return nil
	}
	return fmt.Errorf("unknown level %q", b)
}

type doc struct {
	Kind   string           `json:"kind"`
	ID     string           `json:"id"`
	Level  level            `json:"level"`
	Levels map[string]level `json:"levels"`
	Rules  []struct {
		Op string `json:"op"`
		N  int    `json:"n"`
	} `json:"rules"`
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, in, path, msg string
		max                 int
		large               bool
	}{
		{name: "ok", in: `{"kind":"k","id":"a","rules":[{"op":"gt"}]}`},
		{name: "too large", in: `{"kind":"k"}`, max: 5, path: "$", msg: "exceeds", large: true},
		{name: "syntax", in: `{"kind":"k",}`, path: "$", msg: "invalid character"},
		{name: "truncated", in: `{"kind":"k"`, path: "$", msg: "unexpected end"},
		{name: "not object", in: `[1]`, path: "$", msg: "must be a JSON object"},
		{name: "trailing", in: `{"kind":"k"} {}`, path: "$", msg: "data after"},
		{name: "duplicate top", in: `{"kind":"k","id":"a","id":"b"}`, path: "id", msg: "duplicate"},
		{name: "duplicate nested", in: `{"kind":"k","rules":[{"op":"a"},{"op":"a","op":"b"}]}`, path: "rules[1].op", msg: "duplicate"},
		{name: "missing kind", in: `{"id":"a"}`, path: "kind", msg: "missing"},
		{name: "wrong kind", in: `{"kind":"other"}`, path: "kind", msg: `"other", want "k"`},
		{name: "kind not string", in: `{"kind":{"a":1}}`, path: "kind", msg: "must be a string"},
		{name: "unknown", in: `{"kind":"k","extra":1}`, path: "extra", msg: `unknown member "extra"`},
		{name: "unknown nested", in: `{"kind":"k","rules":[{"op":"a"},{"Opp":"b"}]}`, path: "rules[1].Opp", msg: `unknown member "Opp"`},
		// Found by FuzzLoadScorecard: a member name with a newline put the raw newline into the
		// error's path, splitting one error over two lines.
		{name: "unknown with newline", in: `{"kind":"k","\n":""}`, path: `["\n"]`, msg: `unknown member "\n"`},
		{name: "unknown with space", in: `{"kind":"k","rules":[{"o p":1}]}`, path: `rules[0]["o p"]`, msg: `unknown member "o p"`},
		{name: "wrong case", in: `{"kind":"k","ID":"a"}`, path: "ID", msg: `must be spelled "id"`},
		{name: "wrong case nested", in: `{"kind":"k","rules":[{"OP":"a"}]}`, path: "rules[0].OP", msg: `must be spelled "op"`},
		{name: "type", in: `{"kind":"k","rules":[{"n":"x"}]}`, path: "rules[0].n", msg: "got a string, want a number"},
		{name: "type array", in: `{"kind":"k","rules":{"n":1}}`, path: "rules", msg: "got an object, want an array"},
		{name: "enum text", in: `{"kind":"k","level":"Green"}`, path: "level", msg: `unknown level "Green"`},
		{name: "enum ok", in: `{"kind":"k","level":"green","levels":{"a":"red"}}`},
		{name: "enum in map", in: `{"kind":"k","levels":{"a":"purple"}}`, path: "levels.a", msg: `unknown level "purple"`},
		{name: "long number", in: `{"kind":"k","rules":[{"n":1` + strings.Repeat("0", 300) + `}]}`, path: "rules[0].n", msg: "exceeds 256"},
		{name: "null ok", in: `{"kind":"k","id":null,"rules":null}`},
		{name: "deep", in: `{"kind":"k","x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, path: "x", msg: "nested deeper"},
		{name: "lone high surrogate", in: `{"kind":"k","id":"a\ud800b"}`, path: "$", msg: "lone UTF-16 surrogate"},
		{name: "lone low surrogate", in: `{"kind":"k","id":"\uDC00"}`, path: "$", msg: "lone UTF-16 surrogate"},
		{name: "high then non-low", in: `{"kind":"k","id":"\ud800\u0041"}`, path: "$", msg: "lone UTF-16 surrogate"},
		{name: "pair ok", in: `{"kind":"k","id":"\ud83d\ude00 \\u \u00e9"}`},
		{name: "bad utf8", in: "{\"kind\":\"k\",\"id\":\"\xff\"}", path: "$", msg: "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			p := Decode([]byte(tt.in), &d, "k", tt.max)
			if tt.msg == "" {
				if p != nil {
					t.Fatalf("Decode = %v", p)
				}
				return
			}
			if p == nil {
				t.Fatal("Decode succeeded")
			}
			if !strings.HasPrefix(p.Path, tt.path) || !strings.Contains(p.Msg, tt.msg) || p.TooLarge != tt.large {
				t.Errorf("Decode = %+v, want path %q, msg containing %q", p, tt.path, tt.msg)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"kind":"k","id":"a","rules":[{"op":"gt","n":1}]}`))
	f.Add([]byte(`{"kind":"k","id":"a","id":"a"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d doc
		p := Decode(data, &d, "k", 1<<16)
		if p != nil && (p.Path == "" || p.Msg == "") {
			t.Fatalf("problem without place or text: %+v", p)
		}
	})
}
