package resources_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

// The write-only forms of issue 16: a legacy user's SSNs and a Sandbox Item's password reach
// Plaid (the proxy sees them in the requests) and never the state (checked attribute by
// attribute); changing the version sends them again.

// legacyWriteOnlyConfig is legacyPersona with its SSNs given write-only, under another
// client_user_id.
func legacyWriteOnlyConfig(version int) string {
	config := strings.Replace(legacyPersona, `client_user_id = "qa-legacy-alice"`, `client_user_id = "qa-legacy-wo"`, 1)
	return strings.Replace(config, `ssn_full   = "123-45-6789"
    ssn_last_4 = "6789"`, fmt.Sprintf(`ssn_full_wo           = "412-34-5678"
    ssn_full_wo_version   = %[1]d
    ssn_last_4_wo         = "5678"
    ssn_last_4_wo_version = %[1]d`, version), 1)
}

func TestAccUser_legacyWriteOnlySSNs(t *testing.T) {
	plaid := acctest.StartLegacyEmulator(t)
	plaid.Record()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: plaid.Config(legacyWriteOnlyConfig(1)),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkNotInState("412-34-5678"), checkNotInState("5678"),
					checkSent(plaid, "/user/update", 1, `"ssn_full":"412-34-5678"`, `"ssn_last_4":"5678"`),
				),
			},
			{
				// A new version sends them again, with an update in place.
				Config: plaid.Config(legacyWriteOnlyConfig(2)),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkNotInState("412-34-5678"),
					checkSent(plaid, "/user/update", 2, `"ssn_full":"412-34-5678"`),
				),
			},
		},
	})
}

func TestAccSandboxItem_writeOnlyPassword(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	plaid.Record()
	config := func(version int) string {
		return plaid.Config(fmt.Sprintf(`
resource "plaid_sandbox_item" "test" {
  institution_id               = "ins_109508"
  initial_products             = ["auth"]
  override_username            = "user_good"
  override_password_wo         = "pass_good"
  override_password_wo_version = %d
}
`, version))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(1),
				Check: resource.ComposeAggregateTestCheckFunc(checkNotInState("pass_good"),
					checkSent(plaid, "/sandbox/public_token/create", 1, `"override_password":"pass_good"`)),
			},
			{
				// A new version links the Item again.
				Config: config(2),
				Check: resource.ComposeAggregateTestCheckFunc(checkNotInState("pass_good"),
					checkSent(plaid, "/sandbox/public_token/create", 2, `"override_password":"pass_good"`)),
			},
		},
	})
}

// checkSent checks that the provider sent endpoint n times, the last request holding each of
// the fragments of JSON.
func checkSent(plaid *acctest.Emulator, endpoint string, n int, fragments ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		bodies := plaid.RequestBodies(endpoint)
		if len(bodies) != n {
			return fmt.Errorf("%d %s requests, want %d", len(bodies), endpoint, n)
		}
		for _, fragment := range fragments {
			if !strings.Contains(bodies[n-1], fragment) {
				return fmt.Errorf("the last %s request lacks %s", endpoint, fragment)
			}
		}
		return nil
	}
}
