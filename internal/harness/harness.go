// Package harness runs the shipped binaries for the end-to-end tests (internal/e2e), the
// emulator's own tests (cmd/plaid-emulator) and the bench (bench/): it builds
// terraform-provider-plaid and plaid-emulator from this module, starts plaid-emulator as a
// process of its own and reads its address, and writes the dev_overrides CLI configuration that
// lets the Terraform CLI run the built provider without `terraform init` or a registry.
//
// It drives the binaries, never internal/emulator in process (internal/acctest does that), so
// that what is tested and timed is what ships. It is for tests and the bench only: production
// code never imports it (TestNotImportedByProductionCode checks both). Its functions return
// errors rather than failing a test, because the bench has no testing.T.
//
// scripts/demo.sh is its shell twin and says which functions it mirrors.
package harness

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Module is this module's path. Packages are built by import path, so the caller's working
// directory only has to be inside the module: a test's package directory, or the root for
// `go run ./bench`.
const Module = "github.com/tfplaid/terraform-provider-plaid"

// Binaries are the executables Build writes, side by side.
type Binaries struct {
	Dir      string // what dev_overrides names: Terraform looks for terraform-provider-plaid in it
	Provider string // Dir/terraform-provider-plaid
	Emulator string // Dir/plaid-emulator
}

// Build compiles the provider and plaid-emulator into dir, creating it, with one go build, which
// compiles the two packages in parallel. Callers build once per run: the provider is large.
func Build(dir string) (Binaries, error) {
	b := Binaries{
		Dir:      dir,
		Provider: filepath.Join(dir, "terraform-provider-plaid"),
		Emulator: filepath.Join(dir, "plaid-emulator"),
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return b, fmt.Errorf("creating the folder for the binaries: %w", err)
	}
	// With several packages, -o names a folder (the trailing separator says so), and each
	// executable is named after the last element of its package's path.
	return b, GoBuild(dir+string(filepath.Separator), Module, Module+"/cmd/plaid-emulator")
}

// GoBuild runs `go build -o out pkgs...`; its error carries what the compiler printed.
func GoBuild(out string, pkgs ...string) error {
	args := append([]string{"build", "-o", out}, pkgs...)
	if output, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, output)
	}
	return nil
}
