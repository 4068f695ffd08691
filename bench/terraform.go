package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/tfplaid/terraform-provider-plaid/internal/harness"
)

// terraform runs the real terraform CLI, through terraform-exec, with a CLI
// configuration of its own.
type terraform struct {
	bin         string
	env         map[string]string
	providerBin string // the provider executable, to find its processes
	parallelism int    // terraform -parallelism
	version     string // "Terraform v1.11.4"
}

// newTerraform writes a CLI configuration in dir that points Terraform at the
// provider binary through dev_overrides (so no terraform init is needed), with
// the update check off, so that every command runs offline. extraEnv is added
// to the environment of every command.
func newTerraform(bin, dir, providerBin string, parallelism int, extraEnv []string) (*terraform, error) {
	cliConfig := filepath.Join(dir, "terraformrc")
	if err := harness.WriteCLIConfig(cliConfig, filepath.Dir(providerBin)); err != nil {
		return nil, err
	}
	tf := &terraform{bin: bin, env: map[string]string{}, providerBin: providerBin, parallelism: parallelism}
	for _, kv := range append(harness.TerraformEnv(cliConfig), extraEnv...) {
		name, value, _ := strings.Cut(kv, "=")
		tf.env[name] = value
	}
	cli, err := tf.cli(dir)
	if err != nil {
		return nil, err
	}
	v, _, err := cli.Version(context.Background(), false)
	if err != nil {
		return nil, fmt.Errorf("terraform version: %w", err)
	}
	tf.version = "Terraform v" + v.String()
	return tf, nil
}

// cli is terraform-exec's handle on the CLI, run in dir. terraform-exec asks
// the CLI's version before a command that needs a minimum one (validate) and
// keeps the answer: asked here, it is never part of a timed command.
func (tf *terraform) cli(dir string) (*tfexec.Terraform, error) {
	cli, err := tfexec.NewTerraform(dir, tf.bin)
	if err != nil {
		return nil, err
	}
	// terraform-exec sets TF_LOG, TF_IN_AUTOMATION and their like itself, and refuses them here.
	if err := cli.SetEnv(tf.env); err != nil {
		return nil, fmt.Errorf("-env: %w", err)
	}
	if _, _, err := cli.Version(context.Background(), false); err != nil {
		return nil, fmt.Errorf("terraform version: %w", err)
	}
	return cli, nil
}

// workspace is a directory holding one Terraform configuration and its state.
type workspace struct {
	tf   *terraform
	cli  *tfexec.Terraform
	dir  string
	runs int // commands run so far, to name their logs
}

func (tf *terraform) workspace(dir string) (*workspace, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cli, err := tf.cli(dir)
	if err != nil {
		return nil, err
	}
	return &workspace{tf: tf, cli: cli, dir: dir}, nil
}

// write replaces the workspace's configuration.
func (w *workspace) write(config string) error {
	return os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o644)
}

// command is one terraform command as terraform-exec runs it (with -no-color
// and -input=false); changes tells whether a plan found any.
type command func(ctx context.Context, cli *tfexec.Terraform, parallelism int) (changes bool, err error)

// apply is `terraform apply -auto-approve`, with or without the refresh.
func apply(refresh bool) command {
	return func(ctx context.Context, cli *tfexec.Terraform, parallelism int) (bool, error) {
		return false, cli.Apply(ctx, tfexec.Refresh(refresh), tfexec.Parallelism(parallelism))
	}
}

// plan is `terraform plan -detailed-exitcode`: exit code 2, changes, is no error.
func plan(ctx context.Context, cli *tfexec.Terraform, parallelism int) (bool, error) {
	return cli.Plan(ctx, tfexec.Parallelism(parallelism))
}

// destroy is `terraform destroy -auto-approve`, with or without the refresh.
func destroy(refresh bool) command {
	return func(ctx context.Context, cli *tfexec.Terraform, parallelism int) (bool, error) {
		return false, cli.Destroy(ctx, tfexec.Refresh(refresh), tfexec.Parallelism(parallelism))
	}
}

// validate is `terraform validate -json`, which exits 1, no error for
// terraform-exec, on an invalid configuration.
func validate(ctx context.Context, cli *tfexec.Terraform, _ int) (bool, error) {
	out, err := cli.Validate(ctx)
	if err != nil || out.Valid {
		return false, err
	}
	var summaries []string
	for _, d := range out.Diagnostics {
		summaries = append(summaries, d.Summary)
	}
	return false, fmt.Errorf("invalid configuration: %s", strings.Join(summaries, "; "))
}

// runResult is what one terraform command cost.
type runResult struct {
	Wall     time.Duration
	Changes  bool          // a plan found changes
	CPU      time.Duration // user + system of terraform and the plugins it waited for
	Provider processUsage  // the provider processes Terraform started
	Output   string        // stdout
}

// run runs one terraform command in the workspace, sampling the memory of the
// provider processes it starts; name names its log and its errors.
func (w *workspace) run(name string, c command) (runResult, error) {
	w.runs++
	// Named after the provider's directory too: two providers may plan one workspace.
	logPath := filepath.Join(w.dir, fmt.Sprintf("%s-%02d-%s.log", filepath.Base(filepath.Dir(w.tf.providerBin)), w.runs, name))
	// Two buffers: terraform-exec copies stdout and stderr in two goroutines.
	var stdout, stderr bytes.Buffer
	w.cli.SetStdout(&stdout)
	w.cli.SetStderr(&stderr)
	defer w.cli.SetStdout(nil)
	defer w.cli.SetStderr(nil)

	sampler := sampleProcesses(w.tf.providerBin, 20*time.Millisecond)
	cpu := childrenCPU()
	start := time.Now()
	changes, err := c(context.Background(), w.cli, w.tf.parallelism)
	wall := time.Since(start)
	cpu = childrenCPU() - cpu
	provider := sampler.Stop()
	log := stdout.String() + stderr.String()
	_ = os.WriteFile(logPath, []byte(log), 0o644)

	r := runResult{Wall: wall, Changes: changes, CPU: cpu, Provider: provider, Output: stdout.String()}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return r, nil
	case errors.As(err, &exitErr):
		return r, fmt.Errorf("terraform %s exited %d (log %s): %w\n%s", name, exitErr.ExitCode(), logPath, exitErr, lastLines(log, 15))
	default:
		return r, fmt.Errorf("terraform %s (log %s): %w", name, logPath, err)
	}
}

// childrenCPU is the user + system time of the bench's children that have
// exited and been waited for, with their own such children (getrusage
// RUSAGE_CHILDREN). Its growth over a command is the CPU time of terraform and
// of the plugins it waited for: what the command's ProcessState gave before
// terraform-exec, which does not hand out its *exec.Cmd. No other child of the
// bench ends meanwhile: commands run one at a time, and the emulator runs on.
func childrenCPU() time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &usage); err != nil {
		return 0
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// output reads a list-of-strings output of the workspace's state.
func (w *workspace) output(name string) ([]string, error) {
	outputs, err := w.cli.Output(context.Background())
	if err != nil {
		return nil, fmt.Errorf("terraform output: %w", err)
	}
	var values []string
	if err := json.Unmarshal(outputs[name].Value, &values); err != nil {
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

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
