package rating

// Normalization selects how a data matrix is normalised column by column
// before weighting or ranking. The zero value NormDefault means the
// function's documented default. Text forms: "", "proportion", "vector",
// "minMax".
//
//	proportion: pᵢⱼ = xᵢⱼ / Σᵢ xᵢⱼ             (x ≥ 0; direction ignored)
//	vector:     rᵢⱼ = xᵢⱼ / √(Σᵢ xᵢⱼ²)
//	minMax:     zᵢⱼ = (xᵢⱼ − minⱼ)/(maxⱼ − minⱼ) for benefit columns,
//	            zᵢⱼ = (maxⱼ − xᵢⱼ)/(maxⱼ − minⱼ) for cost columns
type Normalization int

// Normalizations. The values are stable.
const (
	NormDefault    Normalization = iota // the function's documented default
	NormProportion                      // shares of raw values
	NormVector                          // divide by the column's Euclidean norm
	NormMinMax                          // min-max, reversed for cost columns
)

var normNames = []string{"", "proportion", "vector", "minMax"}

// String returns the text form of n.
func (n Normalization) String() string { return enumString("Normalization", normNames, int(n)) }

// MarshalText implements [encoding.TextMarshaler].
func (n Normalization) MarshalText() ([]byte, error) {
	return enumText("normalization", normNames, int(n))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (n *Normalization) UnmarshalText(b []byte) error {
	v, err := enumParse("normalization", normNames, b)
	*n = Normalization(v)
	return err
}
