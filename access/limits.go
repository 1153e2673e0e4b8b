package access

// Limits bounds the size of schemas, policies and facts, so that a document
// from an untrusted source cannot exhaust memory or time. A zero field means
// the documented default; a negative field is treated as zero.
//
// The zero value is ready to use and gives the defaults.
type Limits struct {
	MaxDocumentBytes int // JSON document given to ParsePolicy, ParseSchema or DecodeFacts; default 1 MiB
	MaxRules         int // rules in a policy; default 1000
	MaxFields        int // fields (input and derived) in a schema; default 1000
	MaxSetSize       int // members of an in / not-in set, allowed values of an enum; default 1000
	MaxStringLen     int // bytes of any id, code, message, string literal or string fact; default 1024
	MaxDepth         int // nesting of all / any groups below a rule; default 4
	MaxConditions    int // conditions inside one rule's groups; default 64
}

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxDocumentBytes, 1<<20)
	def(&l.MaxRules, 1000)
	def(&l.MaxFields, 1000)
	def(&l.MaxSetSize, 1000)
	def(&l.MaxStringLen, 1024)
	def(&l.MaxDepth, 4)
	def(&l.MaxConditions, 64)
	return l
}
