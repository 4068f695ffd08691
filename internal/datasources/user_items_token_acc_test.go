package datasources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

// TestAccUserItems_exactlyOneOfUserIDAndToken: naming the user twice, or not at all, fails at
// plan time. (A legacy user's Items listed by user_token: TestAccUser_legacyUserToken.)
func TestAccUserItems_exactlyOneOfUserIDAndToken(t *testing.T) {
	plaid := acctest.StartLegacyEmulator(t)
	cases := map[string]struct{ body, error string }{
		"neither": {``, `Invalid Attribute Combination(.|\n)*No attribute specified when one \(and only one\) of\s+\[user_id,user_token\]`},
		"both": {`user_id = "usr_9nSp2KuZ2x4JDw"
  user_token = "user-sandbox-b0e2c4ee-a763-4df5-bfe9-46a46bce993d"`,
			`Invalid Attribute Combination(.|\n)*2 attributes specified when one \(and only one\) of\s+\[user_id,user_token\]`},
	}
	t.Run("cases", func(t *testing.T) {
		for name, tc := range cases {
			t.Run(name, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      plaid.Config("data \"plaid_user_items\" \"test\" {\n  " + tc.body + "\n}\n"),
						ExpectError: acctest.ExpectError(tc.error),
					}},
				})
			})
		}
	})
	plaid.ExpectNoPlaidRequests(t)
}

func TestAccUserItems_unknownUserToken(t *testing.T) {
	plaid := acctest.StartLegacyEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: plaid.Config(`data "plaid_user_items" "test" {
  user_token = "user-sandbox-b0e2c4ee-a763-4df5-bfe9-46a46bce993d"
}`),
			ExpectError: acctest.ExpectError(`Plaid error INVALID_USER_TOKEN while reading plaid_user_items for the user_token user`),
		}},
	})
}
