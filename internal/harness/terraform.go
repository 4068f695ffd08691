package harness

import (
	"fmt"
	"os"
	"strings"
)

// ProviderSource is the provider's source address as configurations write it in
// required_providers. Terraform reads it as registry.terraform.io/tfplaid/plaid and OpenTofu as
// registry.opentofu.org/tfplaid/plaid; written the same short way in dev_overrides, it matches
// the configurations under either CLI.
const ProviderSource = "tfplaid/plaid"

// cliConfig is a Terraform CLI configuration: no update check, and ProviderSource served from a
// folder. direct {} lets any other provider install as usual; terraform_data needs none.
const cliConfig = `disable_checkpoint = true

provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`

// WriteCLIConfig writes at path a Terraform CLI configuration whose dev_overrides make Terraform
// run the terraform-provider-plaid executable in providerDir (Binaries.Dir): with it, no
// `terraform init`, no registry and no network. Point TF_CLI_CONFIG_FILE at it (TerraformEnv),
// so that the user's ~/.terraformrc is neither read nor changed.
func WriteCLIConfig(path, providerDir string) error {
	if err := os.WriteFile(path, fmt.Appendf(nil, cliConfig, ProviderSource, providerDir), 0o600); err != nil {
		return fmt.Errorf("writing the Terraform CLI configuration: %w", err)
	}
	return nil
}

// TerraformEnv returns the environment to run Terraform in with the CLI configuration at
// cliConfig: this process's, less every TF_*, PLAID_* and *_PROXY variable, so that nothing in
// the developer's shell (a TF_LOG, another TF_CLI_CONFIG_FILE, real Plaid keys, a proxy) changes
// a run; plus TF_CLI_CONFIG_FILE and CHECKPOINT_DISABLE=1, which keeps Terraform offline.
func TerraformEnv(cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		upper := strings.ToUpper(name)
		if strings.HasPrefix(upper, "TF_") || strings.HasPrefix(upper, "PLAID_") || strings.HasSuffix(upper, "_PROXY") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1")
}
