package resources_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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

// TestAccUser_importCostsOneCall imports a user with the import command and checks that the
// import, with the Read Terraform runs after it, sent exactly one /user/get.
func TestAccUser_importCostsOneCall(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	config := plaid.Config(`resource "plaid_user" "test" {
  client_user_id = "qa-import-cost"
  identity = { name = { given_name = "Ada", family_name = "Lovelace" } }
}`)
	var getsBefore int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config:            config,
				ResourceName:      "plaid_user.test",
				ImportState:       true,
				ImportStateVerify: true,
				PreConfig:         func() { getsBefore = plaid.Calls("/user/get") },
				ImportStateCheck: func([]*terraform.InstanceState) error {
					if got := plaid.Calls("/user/get") - getsBefore; got != 1 {
						return fmt.Errorf("the import sent %d /user/get requests, want 1", got)
					}
					return nil
				},
			},
		},
	})
}
