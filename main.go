// Command terraform-provider-plaid serves the Plaid provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"path"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/tfplaid/terraform-provider-plaid/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if !logsRequested(os.Environ()) {
		// Nobody asked for logs, so Terraform discards whatever the provider writes; but the
		// framework and terraform-plugin-go still format about 150 JSON lines per resource per
		// command (hashicorp/terraform-plugin-framework#1269): a quarter of the CPU of a
		// 500-user plan (make bench). Their own loggers honor TF_LOG_SDK. The provider's own
		// logger (tflog: the Plaid request lines, the timeouts package) defaults to TRACE and
		// honors TF_LOG_PROVIDER_PLAID; left on, Terraform parses two more lines per resource
		// only to drop them.
		_ = os.Setenv("TF_LOG_SDK", "off")
		_ = os.Setenv(providerLogLevelVariable, "off")
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}

// providerLogLevelVariable sets the level of the provider's own logger: terraform-plugin-go
// names it after the type in provider.Address, TF_LOG_PROVIDER_PLAID.
var providerLogLevelVariable = "TF_LOG_PROVIDER_" +
	strings.ToUpper(strings.ReplaceAll(path.Base(provider.Address), "-", "_"))

// logsRequested reports whether the environment asks Terraform or the provider for provider
// logs: any TF_LOG* variable but TF_LOG_CORE (Terraform's own) and TF_LOG_PATH (where to).
func logsRequested(environ []string) bool {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if value == "" || !strings.HasPrefix(name, "TF_LOG") {
			continue
		}
		if name != "TF_LOG_CORE" && name != "TF_LOG_PATH" {
			return true
		}
	}
	return false
}
