package emulator

import (
	"fmt"
	"slices"
	"testing"
)

// The emulator keeps its own copies of the spec's enums (it must not lean on plaid-go's client
// code); this test keeps those copies equal to the spec that plaid-go ships.
func TestEnumsMatchSpec(t *testing.T) {
	doc := plaidSpec(t)
	for _, tc := range []struct {
		schema string
		ours   []string
	}{
		{"Products", allProducts},
		{"IDNumberType", idNumberTypes},
	} {
		ref, ok := doc.Components.Schemas[tc.schema]
		if !ok || ref.Value == nil {
			t.Fatalf("the spec has no %s schema", tc.schema)
		}
		var spec []string
		for _, v := range ref.Value.Enum {
			spec = append(spec, fmt.Sprint(v))
		}
		slices.Sort(spec)
		ours := slices.Sorted(slices.Values(tc.ours))
		if !slices.Equal(ours, spec) {
			t.Errorf("%s: the emulator has %v\nthe spec has %v", tc.schema, ours, spec)
		}
	}
}
