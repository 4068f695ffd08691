package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// frameworkModule is the module the patch in bench/upstream changes.
const frameworkModule = "github.com/hashicorp/terraform-plugin-framework"

// buildWithFrameworkPatch builds the provider into out against a copy of the framework, at the
// version go.mod requires, with patch applied: the release build's sources, go.mod and go.sum
// stay untouched, because the go.mod it builds with (-modfile) lives in workDir.
func buildWithFrameworkPatch(root, workDir, patch, out string) error {
	moduleDir, err := goOutput(root, "list", "-m", "-f", "{{.Dir}}", frameworkModule)
	if err != nil {
		return err
	}
	copyDir := filepath.Join(workDir, "framework", filepath.Base(moduleDir))
	if err := os.CopyFS(copyDir, os.DirFS(moduleDir)); err != nil {
		return fmt.Errorf("copying %s: %w", moduleDir, err)
	}
	if !filepath.IsAbs(patch) {
		patch = filepath.Join(root, patch)
	}
	apply := exec.Command("git", "apply", patch)
	apply.Dir = copyDir
	// Stop git from taking a repository above the copy for its own, which would make it apply
	// the patch relative to that repository's root.
	apply.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+filepath.Dir(copyDir))
	if output, err := apply.CombinedOutput(); err != nil {
		return fmt.Errorf("git apply %s in a copy of %s: %w\n%s", patch, filepath.Base(moduleDir), err, output)
	}

	goMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	goSum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	modFile := filepath.Join(workDir, "framework", "go.mod")
	replace := fmt.Sprintf("\nreplace %s => %s\n", frameworkModule, copyDir)
	if err := os.WriteFile(modFile, append(goMod, replace...), 0o644); err != nil {
		return err
	}
	// -modfile takes go.sum from beside the go.mod it names.
	if err := os.WriteFile(strings.TrimSuffix(modFile, ".mod")+".sum", goSum, 0o644); err != nil {
		return err
	}
	_, err = goOutput(root, "build", "-modfile", modFile, "-o", out, ".")
	return err
}

// goOutput runs the go command in dir and returns its trimmed standard output.
func goOutput(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	output, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return strings.TrimSpace(string(output)), nil
}
