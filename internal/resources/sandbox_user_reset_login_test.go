package resources

import (
	"strings"
	"testing"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

func TestNotLoginRequired(t *testing.T) {
	items := []plaidclient.Item{
		{ItemID: "item_locked", Error: &plaidclient.ItemError{ErrorType: "ITEM_ERROR", ErrorCode: "ITEM_LOGIN_REQUIRED",
			ErrorMessage: "login required"}},
		{ItemID: "item_healthy"},
		{ItemID: "item_other_error", Error: &plaidclient.ItemError{ErrorType: "ITEM_ERROR", ErrorCode: "ITEM_LOCKED",
			ErrorMessage: "locked"}},
	}
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
