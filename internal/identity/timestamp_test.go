package identity

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestTimestamp(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	cases := []struct {
		in   *time.Time
		want types.String
	}{
		{nil, types.StringNull()},
		{&time.Time{}, types.StringNull()},
		{ptr(time.Date(2024, 5, 6, 9, 10, 11, 0, paris)), types.StringValue("2024-05-06T08:10:11Z")},
		{ptr(time.Date(2024, 5, 6, 8, 10, 11, 250_000_000, time.UTC)), types.StringValue("2024-05-06T08:10:11.25Z")},
	}
	for _, tc := range cases {
		if got := Timestamp(tc.in); !got.Equal(tc.want) {
			t.Errorf("Timestamp(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }
