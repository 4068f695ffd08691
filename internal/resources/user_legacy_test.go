package resources

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// TestUserRefOfLegacyUsers: a legacy user is named by its user_token in every request, a user of
// the new APIs by its user_id. How the gateway puts either in a request is tested in plaidclient
// (convert_test.go).
func TestUserRefOfLegacyUsers(t *testing.T) {
	cases := map[string]struct {
		model  userModel
		legacy bool
		want   plaidclient.UserRef
	}{
		"new API": {userModel{UserID: types.StringValue("usr_1"), UserToken: types.StringNull()}, false,
			plaidclient.UserRef{UserID: "usr_1"}},
		"legacy": {userModel{UserID: types.StringValue("wz666MBjYWTp2PDzzggYhM6oWWmBb"), UserToken: types.StringValue("user-sandbox-1")}, true,
			plaidclient.UserRef{UserToken: "user-sandbox-1"}},
	}
	for name, tc := range cases {
		if got := tc.model.legacy(); got != tc.legacy {
			t.Errorf("%s: legacy() = %v, want %v", name, got, tc.legacy)
		}
		if got := tc.model.ref(); got != tc.want {
			t.Errorf("%s: ref() = %+v, want %+v", name, got, tc.want)
		}
	}
	planned := userModel{UserToken: types.StringUnknown()}
	if planned.legacy() {
		t.Error("a user_token not known yet (a plan) does not make a legacy user")
	}
}
