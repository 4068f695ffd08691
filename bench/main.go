// Command bench measures the provider against the floor that Terraform and
// the network set: it runs apply, plan, update and destroy of N plaid_user
// resources on the emulator and of N terraform_data resources with the real
// terraform CLI, counts API calls and connections on the emulator, samples the
// provider's memory, and writes bench/results.md and bench/results.svg.
//
// Run from the module root: go run ./bench [-n 10,100 -latency 0,50ms].
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tfplaid/terraform-provider-plaid/internal/harness"
)

type options struct {
	ns          []int
	latencies   []time.Duration
	parallelism int
	repeat      int
	tlsN        int
	importN     int
	controlN    int
	startupRuns int
	outDir      string
	goBench     bool
	keep        bool
	terraform   string
	env         []string // KEY=VALUE added to every terraform command
	// upstream is a directory of patches to the provider's modules; the control also plans
	// through a provider built with them. Empty: no such plan.
	upstream string
}

func parseFlags() (options, error) {
	var o options
	ns := flag.String("n", "10,100,500", "numbers of users, comma-separated")
	latencies := flag.String("latency", "0,50ms", "emulator latencies, comma-separated")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.IntVar(&o.repeat, "repeat", 1, "repetitions of each scenario; times are medians")
	flag.IntVar(&o.tlsN, "tls-n", 100, "users in the TLS scenario, run at the highest latency (0: skip)")
	flag.IntVar(&o.importN, "import-n", 10, "users imported to count the calls of an import (0: skip)")
	flag.IntVar(&o.controlN, "control-n", 500, "users in the control plans, run at the highest latency (0: skip)")
	flag.IntVar(&o.startupRuns, "startup-runs", 5, "terraform validate runs to time provider start-up")
	flag.StringVar(&o.outDir, "out", "bench", "directory for results.md and results.svg")
	flag.BoolVar(&o.goBench, "gobench", true, "also run the Go benchmarks and add them to results.md")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory (configurations, states, logs)")
	flag.StringVar(&o.terraform, "terraform", "terraform", "terraform executable")
	flag.StringVar(&o.upstream, "upstream", "bench/upstream",
		"directory of patches to the provider's modules, for a control plan through a provider built with them (empty: no such plan)")
	flag.Func("env", "`KEY=VALUE` added to the environment of terraform and the provider (repeatable), e.g. TF_LOG_SDK_FRAMEWORK=off (not TF_LOG, TF_IN_AUTOMATION or the other variables terraform-exec sets itself)", func(kv string) error {
		if !strings.Contains(kv, "=") {
			return fmt.Errorf("want KEY=VALUE, got %q", kv)
		}
		o.env = append(o.env, kv)
		return nil
	})
	flag.Parse()

	for _, s := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-n: bad number of users %q", s)
		}
		o.ns = append(o.ns, n)
	}
	for _, s := range strings.Split(*latencies, ",") {
		s = strings.TrimSpace(s)
		if s == "0" {
			s = "0s"
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return o, fmt.Errorf("-latency: bad duration %q", s)
		}
		o.latencies = append(o.latencies, d)
	}
	slices.Sort(o.ns)
	slices.Sort(o.latencies)
	if o.parallelism < 1 || o.repeat < 1 {
		return o, fmt.Errorf("-parallelism and -repeat must be at least 1")
	}
	return o, nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	opts, err := parseFlags()
	if err != nil {
		return err
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tfBin, err := exec.LookPath(opts.terraform)
	if err != nil {
		return err
	}
	workDir, err := os.MkdirTemp("", "plaid-bench-")
	if err != nil {
		return err
	}
	if opts.keep {
		progress("work directory %s (kept)", workDir)
	} else {
		defer os.RemoveAll(workDir)
	}

	progress("building the provider and the emulator")
	bins, err := build(workDir)
	if err != nil {
		return err
	}
	if opts.upstream != "" && opts.controlN > 0 {
		progress("building the provider with the patches in %s", opts.upstream)
		bins.patchedProvider = filepath.Join(workDir, "patched-provider", "terraform-provider-plaid")
		if err := buildWithUpstreamPatches(root, workDir, opts.upstream, bins.patchedProvider); err != nil {
			return fmt.Errorf("%w\n(-upstream= skips this build and its control plan)", err)
		}
	}
	tf, err := newTerraform(tfBin, workDir, bins.provider, opts.parallelism, opts.env)
	if err != nil {
		return err
	}
	b := &bench{tf: tf, emulatorBin: bins.emulator, workDir: workDir, parallelism: opts.parallelism, repeat: opts.repeat}

	rep := &report{
		Date: time.Now().UTC(), Machine: describeMachine(), LoadBefore: loadAverage(),
		Terraform: tf.version, GoVersion: goVersion(), ProviderSize: bins.providerSize,
		Parallelism: opts.parallelism, Repeat: opts.repeat, Command: commandLine(), Env: opts.env,
	}
	progress("timing provider start-up (terraform validate x%d)", opts.startupRuns)
	rep.Startup = b.runStartup(opts.startupRuns)
	for _, sc := range scenarios(opts) {
		progress("scenario %s", sc)
		res := b.runScenario(sc)
		if res.Err != nil {
			progress("  failed: %v", res.Err)
		}
		rep.Scenarios = append(rep.Scenarios, res)
	}
	if opts.importN > 0 {
		progress("import of %d users", opts.importN)
		imp := b.runImport(opts.importN)
		rep.Import = &imp
	}
	if opts.controlN > 0 {
		latency := opts.latencies[len(opts.latencies)-1]
		progress("controls: plans of %d users at %s", opts.controlN, latency)
		others, err := otherBuilds(tfBin, bins, opts, latency)
		if err != nil {
			return err
		}
		control := b.runControl(others, opts.controlN, latency)
		rep.Control = &control
	}
	rep.LoadAfter = loadAverage()
	if opts.goBench {
		progress("go test -bench")
		rep.GoBench = goBenchmarks(root)
	}

	fmt.Print(rep.text())
	if err := os.MkdirAll(opts.outDir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(opts.outDir, "results.md"), []byte(rep.markdown()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(opts.outDir, "results.svg"), []byte(rep.svg()), 0o644); err != nil {
		return err
	}
	progress("wrote %s and %s", filepath.Join(opts.outDir, "results.md"), filepath.Join(opts.outDir, "results.svg"))
	return nil
}

// scenarios lists every latency and N, smallest first, then the TLS one.
func scenarios(o options) []scenario {
	var list []scenario
	for _, lat := range o.latencies {
		for _, n := range o.ns {
			list = append(list, scenario{N: n, Latency: lat})
		}
	}
	if o.tlsN > 0 {
		list = append(list, scenario{N: o.tlsN, Latency: o.latencies[len(o.latencies)-1], TLS: true})
	}
	return list
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func commandLine() string {
	return strings.Join(append([]string{"go run ./bench"}, os.Args[1:]...), " ")
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("run the bench inside the module (go env GOMOD is %q)", gomod)
	}
	return filepath.Dir(gomod), nil
}

type binaries struct {
	provider, noopProvider, emulator string
	patchedProvider                  string // built with the -upstream patches; empty without
	providerSize                     int64
}

// build compiles the provider with the emulator, and bench/noopprovider alone in its
// directory, as dev_overrides wants: one terraform-provider-plaid per directory.
func build(workDir string) (binaries, error) {
	built, err := harness.Build(filepath.Join(workDir, "provider"))
	if err != nil {
		return binaries{}, err
	}
	bins := binaries{
		provider:     built.Provider,
		noopProvider: filepath.Join(workDir, "noop-provider", "terraform-provider-plaid"),
		emulator:     built.Emulator,
	}
	if err := harness.GoBuild(bins.noopProvider, harness.Module+"/bench/noopprovider"); err != nil {
		return bins, err
	}
	if fi, err := os.Stat(bins.provider); err == nil {
		bins.providerSize = fi.Size()
	}
	return bins, nil
}

// otherBuilds are the builds besides the real provider that the control plans through: the
// no-op provider, and the provider built with the -upstream patches if there are any.
func otherBuilds(tfBin string, bins binaries, opts options, latency time.Duration) ([]otherBuild, error) {
	noop, err := newTerraform(tfBin, filepath.Dir(bins.noopProvider), bins.noopProvider, opts.parallelism,
		append(slices.Clone(opts.env), "PLAID_BENCH_READ_LATENCY="+latency.String()))
	if err != nil {
		return nil, err
	}
	others := []otherBuild{{"users through a provider that does no work (plaid_user's schema; reads only wait the latency)", noop}}
	if bins.patchedProvider == "" {
		return others, nil
	}
	patched, err := newTerraform(tfBin, filepath.Dir(bins.patchedProvider), bins.patchedProvider, opts.parallelism, opts.env)
	if err != nil {
		return nil, err
	}
	what := fmt.Sprintf("users as in the plan target, provider built with the patches in %s", opts.upstream)
	return append(others, otherBuild{what, patched}), nil
}

// goBenchmarks runs the Go benchmarks of the emulator and of the identity
// mapping; a failure is reported in their place.
func goBenchmarks(root string) string {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "./internal/emulator", "./internal/identity")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Sprintf("go test -bench failed: %v\n%s", err, out)
	}
	return string(out)
}
