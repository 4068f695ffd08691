package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Targets of issue 6.
const (
	targetRatio    = 1.15
	targetRatioN   = 500
	targetLatency  = 50 * time.Millisecond
	targetRSSBytes = 100 << 20
)

type report struct {
	Date         time.Time
	Machine      string
	LoadBefore   string
	LoadAfter    string
	Terraform    string
	GoVersion    string
	ProviderSize int64
	Parallelism  int
	Repeat       int
	Command      string
	Env          []string
	Startup      startup
	Scenarios    []scenarioResult
	Import       *importResult
	Control      *controlResult
	GoBench      string
}

// row is one line of the results table.
type row struct {
	Scenario, Op, Wall, Data, Floor, Ratio, Calls, Conns, CPU, ProviderCPU, RSS string
}

func (rw row) cells() []string {
	return []string{rw.Scenario, rw.Op, rw.Wall, rw.Data, rw.Floor, rw.Ratio, rw.Calls, rw.Conns, rw.CPU, rw.ProviderCPU, rw.RSS}
}

var header = row{"scenario", "operation", "wall s", "terraform_data s", "floor s", "ratio", "API calls per user",
	"connections", "CPU s plaid_user/terraform_data", "provider CPU s (processes)", "provider peak RSS MiB"}

func (r *report) rows() []row {
	var rows []row
	for _, sc := range r.Scenarios {
		for _, op := range sc.Ops {
			if op.Op.Name == "" {
				continue // not reached before an error
			}
			calls := callsPerUser(op.Calls, sc.N)
			if op.Changes {
				calls += " (plan not empty!)"
			}
			rows = append(rows, row{
				Scenario: sc.String(), Op: op.Op.Name,
				Wall: seconds(op.Wall), Data: seconds(op.Data), Floor: seconds(op.Floor),
				Ratio: fmt.Sprintf("%.2f", op.Ratio()), Calls: calls,
				Conns: fmt.Sprint(op.Connections), CPU: seconds(op.CPU) + " / " + seconds(op.DataCPU),
				ProviderCPU: fmt.Sprintf("%s (%d)", seconds(op.ProviderCPU), op.Providers), RSS: mib(op.PeakRSS),
			})
		}
		if sc.Err != nil {
			rows = append(rows, row{Scenario: sc.String(), Op: "ERROR", Calls: firstLine(sc.Err.Error())})
		}
	}
	return rows
}

// callsPerUser shows each endpoint's requests divided by the users, e.g.
// "create 1, get 1"; failed requests are counted apart.
func callsPerUser(c apiCalls, n int) string {
	paths := make([]string, 0, len(c.ByPath))
	for p := range c.ByPath {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var parts []string
	for _, p := range paths {
		parts = append(parts, fmt.Sprintf("%s %s", strings.TrimPrefix(p, "/user/"), perUser(c.ByPath[p], n)))
	}
	if len(parts) == 0 {
		parts = append(parts, "none")
	}
	s := strings.Join(parts, ", ")
	if c.Failed > 0 {
		s += fmt.Sprintf(" (%d failed)", c.Failed)
	}
	return s
}

func perUser(calls, n int) string {
	if calls%n == 0 {
		return fmt.Sprint(calls / n)
	}
	return fmt.Sprintf("%.2f", float64(calls)/float64(n))
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

func mib(b uint64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(b)/(1<<20))
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

// target is one of the targets and whether this run met it.
type target struct {
	Name   string
	Status string // PASS, FAIL, NOT RUN, REPORTED
	Detail string
}

func (r *report) targets() []target {
	var ts []target
	ts = append(ts, r.callTargets()...)
	ts = append(ts, r.connectionTargets()...)
	ts = append(ts, r.ratioTargets()...)
	ts = append(ts, r.memoryTarget())
	ts = append(ts, r.startupTarget())
	ts = append(ts, r.storeTargets()...)
	if r.Control != nil {
		ts = append(ts, r.controlTargets()...)
	}
	return ts
}

// callTargets: each operation makes exactly one essential call per user, at
// most FloorCalls in all, repeats none and fails none, in every scenario.
func (r *report) callTargets() []target {
	var ts []target
	names := map[string]string{"apply": "create (apply)", "plan": "read (plan refresh)", "update": "update (apply)", "destroy": "delete (destroy)"}
	for _, op := range operations {
		t := target{Name: fmt.Sprintf("API calls: %s <= %d per user, none repeated", names[op.Name], op.FloorCalls), Status: "NOT RUN"}
		var measured []string
		for _, sc := range r.Scenarios {
			for _, res := range sc.Ops {
				if res.Op.Name != op.Name {
					continue
				}
				if t.Status == "NOT RUN" {
					t.Status = "PASS"
				}
				if !callsOK(res.Calls, sc.N, op.Essential, op.FloorCalls) {
					t.Status = "FAIL"
				}
				measured = appendUnique(measured, callsPerUser(res.Calls, sc.N))
			}
		}
		t.Detail = strings.Join(measured, "; ")
		ts = append(ts, t)
	}
	if imp := r.Import; imp != nil {
		t := target{Name: "API calls: import 1 per user", Status: "PASS", Detail: callsPerUser(imp.Calls, imp.N) + "; " + imp.Summary}
		if imp.Err != nil {
			t.Status, t.Detail = "FAIL", firstLine(imp.Err.Error())
		} else if !callsOK(imp.Calls, imp.N, "/user/get", 1) {
			t.Status = "FAIL"
		}
		ts = append(ts, t)
	}
	return ts
}

func callsOK(c apiCalls, n int, essential string, most int) bool {
	if c.Failed > 0 || c.ByPath[essential] != n || c.Total() > most*n {
		return false
	}
	for _, calls := range c.ByPath {
		if calls > n {
			return false
		}
	}
	return true
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// connectionTargets: no terraform command opens more than parallelism + 2
// connections, over plain HTTP and over TLS.
func (r *report) connectionTargets() []target {
	limit := r.Parallelism + 2
	var ts []target
	for _, useTLS := range []bool{false, true} {
		name := map[bool]string{false: "HTTP", true: "TLS"}[useTLS]
		t := target{Name: fmt.Sprintf("connections per command <= parallelism + 2 = %d (%s)", limit, name), Status: "NOT RUN"}
		most, where := -1, ""
		for _, sc := range r.Scenarios {
			if sc.TLS != useTLS {
				continue
			}
			for _, op := range sc.Ops {
				if op.Op.Name != "" && op.Connections > most {
					most, where = op.Connections, sc.String()+" "+op.Op.Name
				}
			}
		}
		if most >= 0 {
			t.Status, t.Detail = passFail(most <= limit), fmt.Sprintf("at most %d (%s)", most, where)
		}
		ts = append(ts, t)
	}
	return ts
}

// ratioTargets: apply, plan and destroy of 500 users at 50 ms within 1.15 of
// the floor.
func (r *report) ratioTargets() []target {
	var ts []target
	for _, name := range []string{"apply", "plan", "destroy"} {
		t := target{Name: fmt.Sprintf("%s of %d users at %s: ratio <= %.2f", name, targetRatioN, targetLatency, targetRatio), Status: "NOT RUN"}
		if op, ok := r.find(targetRatioN, targetLatency, false, name); ok {
			t.Status = passFail(op.Ratio() <= targetRatio)
			t.Detail = fmt.Sprintf("%.2f (wall %s s, floor %s s)", op.Ratio(), seconds(op.Wall), seconds(op.Floor))
		}
		ts = append(ts, t)
	}
	return ts
}

func (r *report) memoryTarget() target {
	t := target{Name: fmt.Sprintf("provider peak RSS during the %d-user apply < %d MiB", targetRatioN, targetRSSBytes>>20), Status: "NOT RUN"}
	var peaks []string
	var most uint64
	for _, sc := range r.Scenarios {
		for _, op := range sc.Ops {
			if sc.N == targetRatioN && op.Op.Name == "apply" {
				most = max(most, op.PeakRSS)
				peaks = append(peaks, fmt.Sprintf("%s MiB (%s)", mib(op.PeakRSS), sc))
			}
		}
	}
	if len(peaks) > 0 {
		t.Status, t.Detail = passFail(most > 0 && most < targetRSSBytes), strings.Join(peaks, ", ")
	}
	return t
}

// controlTargets report the control's plans, beside the plan target they explain.
func (r *report) controlTargets() []target {
	c := r.Control
	if c.Err != nil {
		return []target{{Name: fmt.Sprintf("control plans of %d users at %s", c.N, c.Latency), Status: "FAIL", Detail: firstLine(c.Err.Error())}}
	}
	var ts []target
	for _, p := range c.Plans {
		ts = append(ts, target{
			Name:   fmt.Sprintf("control: plan of %d %s at %s", c.N, p.What, c.Latency),
			Status: "REPORTED",
			Detail: fmt.Sprintf("ratio %.2f (wall %s s, floor %s s)", c.ratio(p), seconds(p.Wall), seconds(c.Floor)),
		})
	}
	return ts
}

func (r *report) startupTarget() target {
	s := r.Startup
	t := target{Name: "provider start-up: terraform validate, no resources", Status: "REPORTED"}
	if s.Err != nil {
		t.Status, t.Detail = "FAIL", firstLine(s.Err.Error())
		return t
	}
	t.Detail = fmt.Sprintf("%s s with the provider vs %s s without any (median of %d); provider binary %.1f MiB",
		seconds(s.Provider), seconds(s.Builtin), s.Runs, float64(r.ProviderSize)/(1<<20))
	return t
}

func (r *report) find(n int, latency time.Duration, useTLS bool, op string) (opResult, bool) {
	for _, sc := range r.Scenarios {
		if sc.N != n || sc.Latency != latency || sc.TLS != useTLS {
			continue
		}
		for _, res := range sc.Ops {
			if res.Op.Name == op {
				return res, true
			}
		}
	}
	return opResult{}, false
}

func passFail(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

// text is the table and the targets as printed on the terminal.
func (r *report) text() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, rw := range append([]row{header}, r.rows()...) {
		fmt.Fprintln(w, strings.Join(rw.cells(), "\t"))
	}
	_ = w.Flush()
	b.WriteString("\n")
	for _, t := range r.targets() {
		fmt.Fprintf(&b, "%-8s %s: %s\n", t.Status, t.Name, t.Detail)
	}
	return b.String()
}

// markdown is bench/results.md.
func (r *report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Performance of terraform-provider-plaid\n\n")
	fmt.Fprintf(&b, "Generated by `%s` on %s.\n\n", r.Command, r.Date.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- Machine: %s; load average %s before, %s after\n", r.Machine, r.LoadBefore, r.LoadAfter)
	fmt.Fprintf(&b, "- %s, %s, parallelism %d, %d repetition(s) per scenario (times are medians)\n", r.Terraform, r.GoVersion, r.Parallelism, r.Repeat)
	if len(r.Env) > 0 {
		fmt.Fprintf(&b, "- Extra environment: `%s`\n", strings.Join(r.Env, " "))
	}
	b.WriteString("\n")
	b.WriteString("![ratio to the floor and seconds against N](results.svg)\n\n")
	b.WriteString("## Targets\n\n| target | result | measured |\n|---|---|---|\n")
	for _, t := range r.targets() {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", t.Name, t.Status, mdEscape(t.Detail))
	}
	b.WriteString("\n## Results\n\n")
	writeMarkdownTable(&b, append([]row{header}, r.rows()...))
	b.WriteString(r.storeSection())
	b.WriteString(method)
	if r.GoBench != "" {
		fmt.Fprintf(&b, "\n## Go benchmarks\n\n`go test -run '^$' -bench . -benchmem ./internal/emulator ./internal/identity`:\n\n```\n%s```\n", r.GoBench)
	}
	return b.String()
}

func writeMarkdownTable(b *strings.Builder, rows []row) {
	for i, rw := range rows {
		cells := rw.cells()
		for j := range cells {
			cells[j] = mdEscape(cells[j])
		}
		fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
		if i == 0 {
			fmt.Fprintf(b, "|%s\n", strings.Repeat("---|", len(cells)))
		}
	}
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

const method = `
## How it is measured

- ` + "`go run ./bench`" + ` (flags: ` + "`-n 10,100,500 -latency 0,50ms -parallelism 10 -repeat 1 -tls-n 100 -import-n 10 -control-n 500 -out bench -upstream bench/upstream`" + `)
  builds the provider and ` + "`cmd/plaid-emulator`" + ` into a temporary directory, starts one emulator per
  scenario with the given latency, and runs the real terraform CLI (through terraform-exec) with a CLI configuration of its own
  (` + "`TF_CLI_CONFIG_FILE`" + ` in the temporary directory, ` + "`dev_overrides`" + ` for tfplaid/plaid, no ` + "`terraform init`" + `).
- Each scenario runs, on N ` + "`plaid_user`" + ` resources with a small identity (name, date of birth, one email,
  phone and address) and on N ` + "`terraform_data`" + ` resources holding the same values, in alternation:
  ` + "`apply`" + ` (create), ` + "`plan -detailed-exitcode`" + ` (refresh; must find no changes), ` + "`apply -refresh=false`" + `
  with a changed email (update in place) and ` + "`destroy -refresh=false`" + `. Update and destroy skip the
  refresh so that they time only the provider's Update and Delete; a refresh costs what plan shows.
- floor = terraform_data wall time + ceil(N / parallelism) x latency x the API calls the operation
  needs per user (apply 2: create + get; plan 1; update 2; destroy 1); ratio = wall / floor.
- The floor adds Terraform's time and the API time as if they could not overlap. Where Terraform's
  own work is CPU-bound (update and destroy of hundreds of resources) the provider's API waits run
  beside it on the other cores, so a ratio below 1 is possible; where the plugin protocol's CPU is
  the bottleneck (plan) the ratio rises with N.
- CPU s is user + system time of the terraform command and the plugins it started (the growth of
  getrusage(RUSAGE_CHILDREN) over the command, which wait4 feeds),
  for the plaid_user run and the terraform_data run; provider CPU s is the provider processes' part,
  read from /proc/PID/stat, with the number of provider processes Terraform started. CPU time does not depend on what else the machine runs, wall time does.
- API calls and connections are deltas of the emulator's ` + "`GET /__emulator/stats`" + ` around each command
  (the bench's own stats requests are subtracted). Connections count every TCP connection accepted.
- Provider peak RSS is the highest VmHWM in /proc/PID/status of the provider processes Terraform
  starts, sampled every 20 ms.
- Provider start-up is ` + "`terraform validate -json`" + ` on a configuration that requires the provider and
  declares no resources, against an empty configuration that needs no provider.
- Import: N users are created in one workspace and imported by user_id with ` + "`import`" + ` blocks into
  another; the calls of that plan are counted.
- Controls: at the highest latency, N ` + "`plaid_user`" + ` resources with no identity and N with the
  scenarios' identity are applied, then planned in alternation with the same ` + "`terraform_data`" + ` floor:
  the users with no identity; the users with identity through ` + "`bench/noopprovider`" + `, which serves
  the real provider's schema but does no work of its own (it validates nothing, hands states and plans
  back unchanged, and its reads only wait the latency); the same users through the provider built with
  the library fixes in ` + "`-upstream`" + ` (` + "`bench/upstream/`" + `: patches applied to copies of the modules,
  built with ` + "`go build -modfile`" + `); and the same users through the real provider.
  The first shows what the plugin protocol and the framework cost a resource without nested values;
  the second what Terraform and the protocol cost for plaid_user's values, which no provider can
  save; the gap between the second and the last is what the provider and its framework cost, and
  the third how much of that the library fixes would take back.
`

// describeMachine names the CPU, cores, memory and OS.
func describeMachine() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	memory := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int
		if _, err := fmt.Sscanf(string(data), "MemTotal: %d kB", &kb); err == nil {
			memory = fmt.Sprintf(", %.0f GiB RAM", float64(kb)/(1<<20))
		}
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return fmt.Sprintf("%s, %d cores%s, %s/%s, Linux %s", cpu, runtime.NumCPU(), memory, runtime.GOOS, runtime.GOARCH, strings.TrimSpace(string(kernel)))
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}

func goVersion() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return runtime.Version()
	}
	return strings.TrimSpace(string(out))
}
