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

	var options []provider.Option
	if silenceUnrequestedLogs() {
		options = append(options, provider.WithoutGatewayLogs())
	}
	if !debug { // a debugged provider runs on its own, not under Terraform
		options = append(options, provider.WithLifetime(whileParentRuns(os.Getppid(), exitWhenOrphaned)))
	}
	err := providerserver.Serve(context.Background(), provider.New(version, options...), providerserver.ServeOpts{
		Address: provider.Address,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}

// silenceUnrequestedLogs turns every logger of the process off when nobody asked for logs:
// Terraform then discards whatever the provider writes, but the framework and
// terraform-plugin-go would still format about 150 JSON lines per resource per command
// (hashicorp/terraform-plugin-framework#1269), a quarter of the CPU of a 500-user plan
// (make bench).
// It reports whether it did.
func silenceUnrequestedLogs() bool {
	if logsRequested(os.Environ()) {
		return false
	}
	for _, name := range silencedLogVariables {
		_ = os.Setenv(name, "off")
	}
	return true
}

// silencedLogVariables turn off every logger of the provider process when nobody asks for logs:
//   - TF_LOG_SDK: the root logger of the framework and terraform-plugin-go.
//   - TF_LOG_SDK_FRAMEWORK and TF_LOG_SDK_PROTO: their subsystems. A subsystem logger without a
//     level of its own writes nothing when TF_LOG_SDK is off, but terraform-plugin-log v0.11.0
//     only checks the subsystem's own level, so it still builds every trace line's fields
//     (bench/upstream/terraform-plugin-log.patch fixes that).
//   - TF_LOG_PROVIDER_PLAID: the provider's own logger (tflog: the Plaid request lines, the
//     timeouts package), which defaults to TRACE; left on, Terraform parses two more lines per
//     resource only to drop them.
var silencedLogVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO", providerLogLevelVariable}

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
