package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// providerAddress is the registry address the provider is published under.
const providerAddress = "registry.terraform.io/tfplaid/plaid"

// terraform runs the real terraform CLI with a CLI configuration of its own.
type terraform struct {
	bin         string
	env         []string
	providerBin string // the provider executable, to find its processes
}

// newTerraform writes a CLI configuration in dir that points Terraform at the
// provider binary through dev_overrides (so no terraform init is needed) and
// disables the update check, so that every command runs offline. extraEnv is
// added to the environment of every command.
func newTerraform(bin, dir, providerBin string, extraEnv []string) (*terraform, error) {
	cliConfig := filepath.Join(dir, "terraformrc")
	content := fmt.Sprintf(`disable_checkpoint = true
provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, providerAddress, filepath.Dir(providerBin))
	if err := os.WriteFile(cliConfig, []byte(content), 0o644); err != nil {
		return nil, err
	}
	env := []string{"TF_CLI_CONFIG_FILE=" + cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}
	for _, kv := range os.Environ() {
		// The caller's Terraform and Plaid settings must not leak into the runs.
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "PLAID_") {
			env = append(env, kv)
		}
	}
	env = append(env, extraEnv...)
	return &terraform{bin: bin, env: env, providerBin: providerBin}, nil
}

// workspace is a directory holding one Terraform configuration and its state.
type workspace struct {
	tf   *terraform
	dir  string
	runs int // commands run so far, to name their logs
}

func (tf *terraform) workspace(dir string) (*workspace, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &workspace{tf: tf, dir: dir}, nil
}

// write replaces the workspace's configuration.
func (w *workspace) write(config string) error {
	return os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o644)
}

// runResult is what one terraform command cost.
type runResult struct {
	Wall     time.Duration
	ExitCode int           // 2 for a plan with changes under -detailed-exitcode
	CPU      time.Duration // user + system of terraform and the plugins it waited for
	Provider processUsage  // the provider processes Terraform started
	Output   string        // stdout
}

// run runs one terraform command in the workspace, sampling the memory of the
// provider processes it starts. A non-zero exit is an error, except 2 under
// -detailed-exitcode.
func (w *workspace) run(args ...string) (runResult, error) {
	w.runs++
	// Named after the provider's directory too: two providers may plan one workspace.
	logPath := filepath.Join(w.dir, fmt.Sprintf("%s-%02d-%s.log", filepath.Base(filepath.Dir(w.tf.providerBin)), w.runs, args[0]))
	// Two buffers: exec copies stdout and stderr in two goroutines.
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(w.tf.bin, args...)
	cmd.Dir = w.dir
	cmd.Env = w.tf.env
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr

	sampler := sampleProcesses(w.tf.providerBin, 20*time.Millisecond)
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	provider := sampler.Stop()
	log := stdout.String() + stderr.String()
	_ = os.WriteFile(logPath, []byte(log), 0o644)

	r := runResult{Wall: wall, Provider: provider, Output: stdout.String()}
	if ps := cmd.ProcessState; ps != nil {
		r.CPU = ps.UserTime() + ps.SystemTime()
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return r, nil
	case errors.As(err, &exitErr):
		r.ExitCode = exitErr.ExitCode()
		if r.ExitCode == 2 && contains(args, "-detailed-exitcode") {
			return r, nil
		}
		return r, fmt.Errorf("terraform %s exited %d (log %s):\n%s", args[0], r.ExitCode, logPath, lastLines(log, 15))
	default:
		return r, fmt.Errorf("terraform %s: %w", args[0], err)
	}
}

// output reads a list-of-strings output of the workspace's state.
func (w *workspace) output(name string) ([]string, error) {
	r, err := w.run("output", "-json", name)
	if err != nil {
		return nil, err
	}
	var values []string
	if err := json.Unmarshal([]byte(r.Output), &values); err != nil {
		return nil, fmt.Errorf("output %s: %w", name, err)
	}
	return values, nil
}

// planSummary returns the "Plan: ..." or "No changes." line of a plan.
func planSummary(output string) string {
	for _, line := range strings.Split(output, "\n") {
		if strings.HasPrefix(line, "Plan: ") || strings.HasPrefix(line, "No changes.") {
			return strings.TrimSpace(line)
		}
	}
	return "(no plan summary)"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// version returns the first line of `terraform version`.
func (tf *terraform) version() string {
	cmd := exec.Command(tf.bin, "version")
	cmd.Env = tf.env
	out, err := cmd.Output()
	if err != nil {
		return "terraform (version unknown)"
	}
	return strings.SplitN(string(out), "\n", 2)[0]
}
