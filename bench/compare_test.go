package bench

import (
	"os"
	"reflect"
	"testing"

	"cel.dev/cel-go/cel"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/google/go-cmp/cmp"

	"github.com/smecredit/smecredit/access"
)

// conditions are the 20 rules of testdata/sme20-policy.json, in order, each
// written so that it is true when the rule passes. The syntax below is common
// to expr and CEL.
var conditions = []string{
	`operating_months >= 24`,
	`license_status == "valid"`,
	`bureau_current_overdue == 0`,
	`bureau_overdue_count_24m <= 6`,
	`bureau_max_consecutive_overdue_24m < 3`,
	`controller_bureau_current_overdue == 0`,
	`inquiries_3m <= 6`,
	`business_debt_cny <= 5000000.0`,
	`debt_to_asset_ratio <= 0.7`,
	`loan_to_sales_ratio <= 0.7`,
	`guarantee_to_net_assets_ratio <= 0.5`,
	`tax_credit_grade in ["A", "B"]`,
	`tax_paid_12m_cny >= 20000.0`,
	`months_since_last_tax_payment <= 3`,
	`annual_sales_cny >= 1000000.0 && annual_sales_cny <= 100000000.0`,
	`employees <= 300`,
	`controller_age >= 18 && controller_age <= 60`,
	`controller_share_ratio >= 0.2`,
	`!(industry_code in ["K70", "J66", "J67", "J69", "R93", "O80"])`,
	`!on_blacklist`,
}

func list() string {
	s := "["
	for i, c := range conditions {
		if i > 0 {
			s += ", "
		}
		s += "(" + c + ")"
	}
	return s + "]"
}

func conj() string {
	s := ""
	for i, c := range conditions {
		if i > 0 {
			s += " && "
		}
		s += "(" + c + ")"
	}
	return s
}

type applicant struct {
	name  string
	facts *access.Facts
	env   map[string]any // the same facts for expr and CEL, decimals as float64
}

func load(t testing.TB) (*access.Policy, []applicant) {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	sspec, err := access.ParseSchema(read("sme-schema.json"), access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := access.CompileSchema(sspec, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	pspec, err := access.ParsePolicy(read("sme20-policy.json"), access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := access.CompilePolicy(pspec, s, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	good, err := s.DecodeFacts(read("applicant-good.json"))
	if err != nil {
		t.Fatal(err)
	}
	bad := good.Clone()
	for _, e := range []error{
		bad.SetInt("operating_months", 6), bad.SetInt("inquiries_3m", 12),
		bad.SetString("tax_credit_grade", "C"), bad.SetString("industry_code", "K70"),
		bad.SetBool("on_blacklist", true), bad.SetInt("controller_age", 70),
	} {
		if e != nil {
			t.Fatal(e)
		}
	}
	var out []applicant
	for _, a := range []struct {
		name string
		f    *access.Facts
	}{{"accept", good}, {"reject", bad}} {
		env := map[string]any{}
		for _, fs := range sspec.Fields {
			v, _ := a.f.Get(fs.Name)
			switch v.Kind() {
			case access.FieldKindInt:
				env[fs.Name] = int(v.Int())
			case access.FieldKindDecimal:
				env[fs.Name] = v.Decimal().InexactFloat64()
			case access.FieldKindString, access.FieldKindEnum:
				env[fs.Name] = v.Text()
			case access.FieldKindBool:
				env[fs.Name] = v.Bool()
			}
		}
		out = append(out, applicant{a.name, a.f, env})
	}
	return p, out
}

func celEnv(t testing.TB, env map[string]any) *cel.Env {
	t.Helper()
	var opts []cel.EnvOption
	for name, v := range env {
		var typ *cel.Type
		switch v.(type) {
		case int:
			typ = cel.IntType
		case float64:
			typ = cel.DoubleType
		case string:
			typ = cel.StringType
		case bool:
			typ = cel.BoolType
		default:
			continue
		}
		opts = append(opts, cel.Variable(name, typ))
	}
	e, err := cel.NewEnv(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func celProgram(t testing.TB, e *cel.Env, src string) cel.Program {
	t.Helper()
	ast, iss := e.Compile(src)
	if iss.Err() != nil {
		t.Fatal(iss.Err())
	}
	prg, err := e.Program(ast)
	if err != nil {
		t.Fatal(err)
	}
	return prg
}

// TestSameConditions checks that the three engines agree, rule by rule, on
// both applicants, so the benchmarks compare the same work.
func TestSameConditions(t *testing.T) {
	p, apps := load(t)
	for _, a := range apps {
		out, err := p.Explain(a.facts)
		if err != nil {
			t.Fatal(err)
		}
		var ours []bool
		for _, r := range out.Trace {
			ours = append(ours, r.Severity() == access.SeverityPass)
		}
		prog, err := expr.Compile(list(), expr.Env(a.env))
		if err != nil {
			t.Fatal(err)
		}
		res, err := expr.Run(prog, a.env)
		if err != nil {
			t.Fatal(err)
		}
		var viaExpr []bool
		for _, x := range res.([]any) {
			viaExpr = append(viaExpr, x.(bool))
		}
		if diff := cmp.Diff(ours, viaExpr); diff != "" {
			t.Errorf("%s: expr differs (-access +expr):\n%s", a.name, diff)
		}
		val, _, err := celProgram(t, celEnv(t, a.env), list()).Eval(a.env)
		if err != nil {
			t.Fatal(err)
		}
		viaCEL, err := val.ConvertToNative(reflect.TypeFor[[]bool]())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ours, viaCEL.([]bool)); diff != "" {
			t.Errorf("%s: cel-go differs (-access +cel):\n%s", a.name, diff)
		}
	}
}

// BenchmarkEngines evaluates the 20 conditions for one applicant in access
// (DecideTo, reuse path), expr (compiled program, reused VM) and cel-go
// (compiled program, prepared activation).
func BenchmarkEngines(b *testing.B) {
	p, apps := load(b)
	for _, a := range apps {
		b.Run("access/"+a.name, func(b *testing.B) {
			var out access.Outcome
			b.ReportAllocs()
			for b.Loop() {
				_ = p.DecideTo(&out, a.facts)
			}
		})
		for _, form := range []struct{ name, src string }{{"list", list()}, {"and", conj()}} {
			prog, err := expr.Compile(form.src, expr.Env(a.env))
			if err != nil {
				b.Fatal(err)
			}
			b.Run("expr-"+form.name+"/"+a.name, func(b *testing.B) {
				var machine vm.VM
				b.ReportAllocs()
				for b.Loop() {
					if _, err := machine.Run(prog, a.env); err != nil {
						b.Fatal(err)
					}
				}
			})
			prg := celProgram(b, celEnv(b, a.env), form.src)
			act, err := cel.NewActivation(a.env)
			if err != nil {
				b.Fatal(err)
			}
			b.Run("cel-"+form.name+"/"+a.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, _, err := prg.Eval(act); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
