package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"time"
)

// scenario is one emulator setting and one number of users.
type scenario struct {
	N       int
	Latency time.Duration
	TLS     bool
}

func (s scenario) String() string {
	transport := "http"
	if s.TLS {
		transport = "https"
	}
	return fmt.Sprintf("N=%d latency=%s %s", s.N, s.Latency, transport)
}

func (s scenario) dirName() string {
	name := fmt.Sprintf("n%d-lat%dms", s.N, s.Latency.Milliseconds())
	if s.TLS {
		name += "-tls"
	}
	return name
}

// operation is one terraform command of a scenario, run on the plaid_user
// configuration and on the terraform_data one.
type operation struct {
	Name    string
	Run     command
	Version int // configuration version written before the command
	// FloorCalls is the API calls per user the operation truly needs; it is
	// also the most the provider may make.
	FloorCalls int
	// Essential is the endpoint every user must be sent exactly once.
	Essential string
}

// operations run in this order, so that each scenario ends with no users left.
// Update and destroy skip the refresh, so that they measure only the provider's
// Update and Delete: a refresh costs what plan measures.
var operations = []operation{
	{Name: "apply", Run: apply(true), Version: 1, FloorCalls: 3, Essential: "/user/create"}, // create, update (the identity), get
	{Name: "plan", Run: plan, Version: 1, FloorCalls: 1, Essential: "/user/get"},
	{Name: "update", Run: apply(false), Version: 2, FloorCalls: 2, Essential: "/user/update"},
	{Name: "destroy", Run: destroy(false), Version: 2, FloorCalls: 1, Essential: "/user/remove"},
}

// operationNamed is the operation of that name in operations.
func operationNamed(name string) operation {
	i := slices.IndexFunc(operations, func(op operation) bool { return op.Name == name })
	return operations[i]
}

// opResult is one operation of one scenario.
type opResult struct {
	Op          operation
	Wall        time.Duration // plaid_user, median of the repetitions
	Data        time.Duration // terraform_data, median of the repetitions
	Floor       time.Duration
	Calls       apiCalls      // the repetition with the most calls
	Connections int           // the most of any repetition
	PeakRSS     uint64        // bytes, the most of any repetition
	ProviderCPU time.Duration // provider CPU time, median of the repetitions
	CPU         time.Duration // terraform + provider CPU time, median
	DataCPU     time.Duration // terraform CPU time on terraform_data, median
	Providers   int           // provider processes per command
	Changes     bool          // plan found changes right after apply
}

func (r opResult) Ratio() float64 { return r.Wall.Seconds() / r.Floor.Seconds() }

type scenarioResult struct {
	scenario
	Ops []opResult
	Err error
}

// bench holds what every scenario shares.
type bench struct {
	tf          *terraform
	emulatorBin string
	workDir     string
	parallelism int
	repeat      int
}

// floor is the terraform_data time plus the API time no provider can avoid:
// ceil(N / parallelism) rounds of calls, each call costing the latency.
func (b *bench) floor(sc scenario, op operation, data time.Duration) time.Duration {
	rounds := (sc.N + b.parallelism - 1) / b.parallelism
	return data + time.Duration(rounds*op.FloorCalls)*sc.Latency
}

// runScenario runs every operation on both configurations, alternating between
// them so that load from elsewhere on the machine hits both alike.
func (b *bench) runScenario(sc scenario) scenarioResult {
	res := scenarioResult{scenario: sc}
	dir := filepath.Join(b.workDir, sc.dirName())
	emu, err := startEmulator(b.emulatorBin, dir, sc.Latency, sc.TLS)
	if err != nil {
		res.Err = err
		return res
	}
	defer emu.Stop()
	plaid, err := b.tf.workspace(filepath.Join(dir, "plaid_user"))
	if err != nil {
		res.Err = err
		return res
	}
	data, err := b.tf.workspace(filepath.Join(dir, "terraform_data"))
	if err != nil {
		res.Err = err
		return res
	}

	walls := make([][]time.Duration, len(operations))
	datas := make([][]time.Duration, len(operations))
	cpus := make([][]time.Duration, len(operations))
	totalCPUs := make([][]time.Duration, len(operations))
	dataCPUs := make([][]time.Duration, len(operations))
	res.Ops = make([]opResult, len(operations))
	for rep := 0; rep < b.repeat; rep++ {
		for i, op := range operations {
			r := &res.Ops[i]
			r.Op = op

			if err := data.write(dataConfig(sc.N, op.Version)); err != nil {
				res.Err = err
				return res
			}
			dr, err := data.run(op.Name, op.Run)
			if err != nil {
				res.Err = fmt.Errorf("terraform_data %s: %w", op.Name, err)
				return res
			}
			datas[i] = append(datas[i], dr.Wall)
			dataCPUs[i] = append(dataCPUs[i], dr.CPU)

			if err := plaid.write(plaidConfig(sc.N, op.Version, emu, "bench")); err != nil {
				res.Err = err
				return res
			}
			pr, calls, err := runCounted(plaid, emu, op.Name, op.Run)
			if err != nil {
				res.Err = fmt.Errorf("plaid_user %s: %w", op.Name, err)
				return res
			}
			walls[i] = append(walls[i], pr.Wall)
			if calls.Total() >= r.Calls.Total() {
				r.Calls = calls
			}
			r.Connections = max(r.Connections, calls.Connections)
			cpus[i] = append(cpus[i], pr.Provider.CPU)
			totalCPUs[i] = append(totalCPUs[i], pr.CPU)
			r.PeakRSS = max(r.PeakRSS, pr.Provider.PeakRSS)
			r.Providers = max(r.Providers, pr.Provider.Processes)
			r.Changes = r.Changes || pr.Changes
		}
	}
	for i := range res.Ops {
		r := &res.Ops[i]
		r.Wall, r.Data = median(walls[i]), median(datas[i])
		r.ProviderCPU, r.CPU, r.DataCPU = median(cpus[i]), median(totalCPUs[i]), median(dataCPUs[i])
		r.Floor = b.floor(sc, r.Op, r.Data)
	}
	return res
}

// runCounted runs a terraform command and counts the API calls and
// connections the emulator saw meanwhile.
func runCounted(w *workspace, emu *emulator, name string, c command) (runResult, apiCalls, error) {
	before, err := emu.Stats()
	if err != nil {
		return runResult{}, apiCalls{}, err
	}
	r, runErr := w.run(name, c)
	after, err := emu.Stats()
	if err != nil {
		return r, apiCalls{}, err
	}
	return r, emu.delta(before, after), runErr
}

// importResult counts the API calls of importing users by user_id.
type importResult struct {
	N       int
	Calls   apiCalls
	Summary string // the plan's "Plan: ..." line
	Err     error
}

// runImport creates n users in one workspace, then imports them by user_id
// into another with import blocks and counts the calls of that apply.
func (b *bench) runImport(n int) importResult {
	res := importResult{N: n}
	dir := filepath.Join(b.workDir, "import")
	emu, err := startEmulator(b.emulatorBin, dir, 0, false)
	if err != nil {
		res.Err = err
		return res
	}
	defer emu.Stop()
	res.Err = func() error {
		source, err := b.tf.workspace(filepath.Join(dir, "source"))
		if err != nil {
			return err
		}
		if err := source.write(plaidConfig(n, 1, emu, "import")); err != nil {
			return err
		}
		if _, err := source.run("apply", apply(true)); err != nil {
			return err
		}
		ids, err := source.output("user_ids")
		if err != nil {
			return err
		}
		target, err := b.tf.workspace(filepath.Join(dir, "target"))
		if err != nil {
			return err
		}
		if err := target.write(plaidConfig(n, 1, emu, "import") + importBlocks(ids)); err != nil {
			return err
		}
		r, calls, err := runCounted(target, emu, "plan", plan)
		res.Calls, res.Summary = calls, planSummary(r.Output)
		return err
	}()
	return res
}

// controlResult times, in one run and against the same terraform_data floor as the
// scenarios, plans that show where the time of the plan target goes.
type controlResult struct {
	N       int
	Latency time.Duration
	Data    time.Duration // median
	Floor   time.Duration
	Plans   []controlPlan
	Err     error
}

// controlPlan is one kind of plan a control times.
type controlPlan struct {
	What string        // what is planned: "users without identity", say
	Wall time.Duration // median
}

func (r controlResult) ratio(p controlPlan) float64 { return p.Wall.Seconds() / r.Floor.Seconds() }

// otherBuild is another provider executable that plans the control's users with identity.
type otherBuild struct {
	what string // what the plan is of: "users through ...", say
	tf   *terraform
}

// runControl applies n users without identity and n users with one, with the real provider,
// then plans, in alternation with terraform_data: the users without identity; the users with
// one through each of others (such as the no-op provider); and the same users through the real
// provider.
func (b *bench) runControl(others []otherBuild, n int, latency time.Duration) controlResult {
	res := controlResult{N: n, Latency: latency}
	dir := filepath.Join(b.workDir, "control")
	emu, err := startEmulator(b.emulatorBin, dir, latency, false)
	if err != nil {
		res.Err = err
		return res
	}
	defer emu.Stop()
	res.Err = func() error {
		data, err := b.tf.workspace(filepath.Join(dir, "terraform_data"))
		if err != nil {
			return err
		}
		bare, err := b.tf.workspace(filepath.Join(dir, "bare"))
		if err != nil {
			return err
		}
		full, err := b.tf.workspace(filepath.Join(dir, "full"))
		if err != nil {
			return err
		}
		for _, c := range []struct {
			w      *workspace
			config string
		}{{data, dataConfig(n, 1)}, {bare, bareConfig(n, emu, "bare")}, {full, plaidConfig(n, 1, emu, "full")}} {
			if err := c.w.write(c.config); err != nil {
				return err
			}
			if _, err := c.w.run("apply", apply(true)); err != nil {
				return err
			}
		}
		plans := []controlWorkspace{{"users without identity", bare}}
		for _, other := range others {
			// The same directory and state as full, planned through the other build.
			w, err := other.tf.workspace(full.dir)
			if err != nil {
				return err
			}
			plans = append(plans, controlWorkspace{other.what, w})
		}
		plans = append(plans, controlWorkspace{"users as in the plan target, in the same run", full})
		planOp := operationNamed("plan")
		res.Data, res.Plans, err = b.timePlans(planOp, data, plans)
		if err != nil {
			return err
		}
		res.Floor = b.floor(scenario{N: n, Latency: latency}, planOp, res.Data)
		for _, w := range []*workspace{bare, full} {
			if _, err := w.run("destroy", destroy(false)); err != nil {
				return err
			}
		}
		return nil
	}()
	return res
}

// controlWorkspace is a workspace a control plans, and what it holds.
type controlWorkspace struct {
	what string
	w    *workspace
}

// timePlans plans data and then each workspace, b.repeat times in turn, so that load from
// elsewhere on the machine hits them alike, and returns the median walls. Every plan must find
// no changes.
func (b *bench) timePlans(planOp operation, data *workspace, plans []controlWorkspace) (time.Duration, []controlPlan, error) {
	datas, walls := []time.Duration{}, make([][]time.Duration, len(plans))
	for rep := 0; rep < b.repeat; rep++ {
		dr, err := data.run(planOp.Name, planOp.Run)
		if err != nil {
			return 0, nil, err
		}
		datas = append(datas, dr.Wall)
		for i, p := range plans {
			pr, err := p.w.run(planOp.Name, planOp.Run)
			if err != nil {
				return 0, nil, err
			}
			if pr.Changes {
				return 0, nil, fmt.Errorf("the plan of %s found changes right after apply", p.what)
			}
			walls[i] = append(walls[i], pr.Wall)
		}
	}
	results := make([]controlPlan, len(plans))
	for i, p := range plans {
		results[i] = controlPlan{What: p.what, Wall: median(walls[i])}
	}
	return median(datas), results, nil
}

// startup is the time of `terraform validate`, which starts the provider and
// asks for its schema, against a configuration with no resources.
type startup struct {
	Provider time.Duration // median, configuration requiring plaid
	Builtin  time.Duration // median, configuration with no provider at all
	Runs     int
	Err      error
}

func (b *bench) runStartup(runs int) startup {
	res := startup{Runs: runs}
	dir := filepath.Join(b.workDir, "startup")
	measure := func(name, config string) time.Duration {
		w, err := b.tf.workspace(filepath.Join(dir, name))
		if err == nil {
			err = w.write(config)
		}
		var walls []time.Duration
		for i := 0; i < runs && err == nil; i++ {
			var r runResult
			r, err = w.run("validate", validate)
			walls = append(walls, r.Wall)
		}
		if err != nil && res.Err == nil {
			res.Err = err
		}
		return median(walls)
	}
	res.Provider = measure("plaid", providerHeader(nil)+"provider \"plaid\" {}\n")
	res.Builtin = measure("builtin", "")
	return res
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
