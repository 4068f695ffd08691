package identity

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

var (
	refByID    = UserRefModel{UserID: str("usr_1"), UserToken: types.StringNull()}
	refByToken = UserRefModel{UserID: types.StringNull(), UserToken: str("user-sandbox-secret")}
)

// TestUserRefModelRef: a user is named by user_id, or by user_token for a legacy user. How the
// gateway puts either in a request is tested in plaidclient (convert_test.go).
func TestUserRefModelRef(t *testing.T) {
	if got, want := refByID.Ref(), (plaidclient.UserRef{UserID: "usr_1"}); got != want {
		t.Errorf("Ref() = %+v, want %+v", got, want)
	}
	if got, want := refByToken.Ref(), (plaidclient.UserRef{UserToken: "user-sandbox-secret"}); got != want {
		t.Errorf("Ref() of a legacy user = %+v, want only its user_token", got)
	}
}

func TestUserRefStringNeverShowsTheToken(t *testing.T) {
	if got := refByID.String(); got != `user "usr_1"` {
		t.Errorf("String() = %q", got)
	}
	if got := refByToken.String(); strings.Contains(got, "secret") {
		t.Errorf("String() shows the user_token: %q", got)
	}
}
