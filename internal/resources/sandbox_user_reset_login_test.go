package resources

import (
	"strings"
	"testing"
)

func TestNotLoginRequired(t *testing.T) {
	items := decodeItems(t, `[
		{"item_id": "item_locked", "available_products": [], "billed_products": [], "update_type": "background",
		 "error": {"error_type": "ITEM_ERROR", "error_code": "ITEM_LOGIN_REQUIRED", "error_message": "login required"}},
		{"item_id": "item_healthy", "error": null, "available_products": [], "billed_products": [], "update_type": "background"},
		{"item_id": "item_other_error", "available_products": [], "billed_products": [], "update_type": "background",
		 "error": {"error_type": "ITEM_ERROR", "error_code": "ITEM_LOCKED", "error_message": "locked"}}]`)
	cases := []struct {
		itemIDs []string
		reason  string // "" when every Item still requires a login
	}{
		{[]string{"item_locked"}, ""},
		{nil, ""},
		{[]string{"item_locked", "item_healthy"}, `Item "item_healthy" no longer requires a login`},
		{[]string{"item_other_error"}, `Item "item_other_error" no longer requires a login`},
		{[]string{"item_locked", "item_removed"}, `Item "item_removed" is gone`},
	}
	for _, tc := range cases {
		got := notLoginRequired(items, tc.itemIDs)
		if (tc.reason == "") != (got == "") || !strings.Contains(got, tc.reason) {
			t.Errorf("notLoginRequired(%v) = %q, want %q", tc.itemIDs, got, tc.reason)
		}
	}
}
