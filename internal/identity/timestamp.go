package identity

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Timestamp formats a time that Plaid returns the same way on every read, so that it never
// shows as a diff: RFC 3339 in UTC, with fractional seconds only when Plaid gives them. A nil
// or zero time is null.
func Timestamp(t *time.Time) types.String {
	if t == nil || t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
}
