package resources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

// TestAccUser_importBlockOfUnknownIDNamesIt imports, with an import block (planned import), a
// user_id that Plaid does not know: the error names the ID like the import command's does
// (TestAccUser_importErrors).
func TestAccUser_importBlockOfUnknownIDNamesIt(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{{
			Config:          plaid.Config(`resource "plaid_user" "test" { client_user_id = "qa-imported" }`),
			ResourceName:    "plaid_user.test",
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   "usr_unknown42",
			ExpectError:     acctest.ExpectError(`Plaid error USER_NOT_FOUND while importing plaid_user "usr_unknown42"`),
		}},
	})
}
