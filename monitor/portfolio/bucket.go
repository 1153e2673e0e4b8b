package portfolio

import (
	"cmp"

	"github.com/smecredit/smecredit/internal/enum"
)

// Bucket is a delinquency state of an account in one month. The buckets are ordered from
// current to closed; the zero value is [Current]. Default and Closed are states, not day
// counts: the caller decides when an account is in default (Basel: 90 days past due or
// unlikely to pay) and when it is closed or written off (closed is absorbing).
type Bucket uint8

// Buckets, in order. Values are stable.
const (
	Current    Bucket = iota // not past due ("current")
	DPD1to29                 // 1–29 days past due ("1-29")
	DPD30to59                // 30–59 days past due ("30-59")
	DPD60to89                // 60–89 days past due ("60-89")
	DPD90Plus                // 90 or more days past due, not (yet) in default ("90-plus")
	Default                  // in default ("default")
	Closed                   // closed, repaid or written off; absorbing ("closed")
	NumBuckets               // number of buckets; not a bucket
)

var bucketNames = enum.Names[Bucket]{"current", "1-29", "30-59", "60-89", "90-plus", "default", "closed"}

// String returns the bucket's kebab-case name.
func (b Bucket) String() string { return bucketNames.String(b) }

// IsValid reports whether b is one of the seven buckets.
func (b Bucket) IsValid() bool { return bucketNames.Valid(b) }

// MarshalText returns the bucket's name.
func (b Bucket) MarshalText() ([]byte, error) { return bucketNames.Marshal(b) }

// UnmarshalText sets b from its name.
func (b *Bucket) UnmarshalText(t []byte) error { return bucketNames.Unmarshal(b, t) }

// Compare orders buckets from Current to Closed: −1, 0 or +1.
func (b Bucket) Compare(o Bucket) int { return cmp.Compare(b, o) }

// BucketOfDPD returns the past-due bucket of a day count: 0 (or less) is Current, then 1–29,
// 30–59, 60–89 and 90+. It never returns Default or Closed, which the caller sets. O(1).
func BucketOfDPD(dpd int) Bucket {
	switch {
	case dpd <= 0:
		return Current
	case dpd < 30:
		return DPD1to29
	case dpd < 60:
		return DPD30to59
	case dpd < 90:
		return DPD60to89
	}
	return DPD90Plus
}
