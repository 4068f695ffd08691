package resources

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/plaid/plaid-go/v43/plaid"
)

// TestUserRefOfLegacyUsers: a legacy user is named by its user_token in every request, a user of
// the new APIs by its user_id.
func TestUserRefOfLegacyUsers(t *testing.T) {
	cases := map[string]struct {
		model  userModel
		legacy bool
		want   string
	}{
		"new API": {userModel{UserID: types.StringValue("usr_1"), UserToken: types.StringNull()}, false,
			`{"user_id":"usr_1"}`},
		"legacy": {userModel{UserID: types.StringValue("wz666MBjYWTp2PDzzggYhM6oWWmBb"), UserToken: types.StringValue("user-sandbox-1")}, true,
			`{"user_token":"user-sandbox-1"}`},
	}
	for name, tc := range cases {
		if got := tc.model.legacy(); got != tc.legacy {
			t.Errorf("%s: legacy() = %v, want %v", name, got, tc.legacy)
		}
		request := plaid.NewUserRemoveRequest()
		tc.model.ref().applyTo(request)
		got, err := json.Marshal(request)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: /user/remove request %s, want %s", name, got, tc.want)
		}
	}
	planned := userModel{UserToken: types.StringUnknown()}
	if planned.legacy() {
		t.Error("a user_token not known yet (a plan) does not make a legacy user")
	}
}
