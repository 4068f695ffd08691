package main

import (
	"fmt"
	"strconv"
	"strings"
)

// The emulator's store: its Go benchmarks (internal/emulator/store_bench_test.go) run with the
// others, and results.md shows their figures and two targets: with --data, 100 concurrent
// clients keep at least half the in-memory throughput, and a create costs no more at 3,000
// users than at 100 (within a factor of storeGrowthLimit, for the disk's noise).
const (
	storeThroughputShare = 0.5
	storeGrowthLimit     = 2.0
)

// benchFigures reads `go test -bench` output: value by benchmark name (without the -GOMAXPROCS
// suffix) and unit, e.g. figures["BenchmarkStoreClients/data"]["req/s"].
func benchFigures(out string) map[string]map[string]float64 {
	figures := map[string]map[string]float64{}
	for _, line := range strings.Split(out, "\n") {
		fields := strings.Fields(line)
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := fields[0]
		if i := strings.LastIndex(name, "-"); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		units := map[string]float64{}
		for i := 2; i+1 < len(fields); i += 2 { // fields[1] is the iteration count
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				units[fields[i+1]] = v
			}
		}
		figures[name] = units
	}
	return figures
}

// storeFigures are the store benchmarks' figures in this run, by mode ("memory", "data").
type storeFigures struct {
	httpRPS, handlerRPS   map[string]float64 // 100 clients, requests per second, over HTTP and through the handler
	create100, create3000 map[string]float64 // ns per create at 100 and 3,000 users
}

func parseStoreFigures(goBench string) (storeFigures, bool) {
	all := benchFigures(goBench)
	f := storeFigures{httpRPS: map[string]float64{}, handlerRPS: map[string]float64{}, create100: map[string]float64{}, create3000: map[string]float64{}}
	for _, mode := range []string{"memory", "data"} {
		f.httpRPS[mode] = all["BenchmarkStoreClients/http/"+mode]["req/s"]
		f.handlerRPS[mode] = all["BenchmarkStoreClients/handler/"+mode]["req/s"]
		f.create100[mode] = all["BenchmarkStoreCreate/"+mode+"/users=100"]["ns/create"]
		f.create3000[mode] = all["BenchmarkStoreCreate/"+mode+"/users=3000"]["ns/create"]
	}
	ok := f.httpRPS["memory"] > 0 && f.httpRPS["data"] > 0 && f.create100["data"] > 0 && f.create3000["data"] > 0
	return f, ok
}

func (r *report) storeTargets() []target {
	throughput := target{Name: fmt.Sprintf("emulator --data: 100 concurrent HTTP clients >= %.0f%% of the in-memory throughput", storeThroughputShare*100), Status: "NOT RUN"}
	growth := target{Name: fmt.Sprintf("emulator --data: a create at 3,000 users <= %.0fx one at 100 users", storeGrowthLimit), Status: "NOT RUN"}
	f, ok := parseStoreFigures(r.GoBench)
	if !ok {
		return []target{throughput, growth}
	}
	share := f.httpRPS["data"] / f.httpRPS["memory"]
	throughput.Status = passFail(share >= storeThroughputShare)
	throughput.Detail = fmt.Sprintf("%.0f%%: %.0f req/s with --data, %.0f in memory", share*100, f.httpRPS["data"], f.httpRPS["memory"])
	ratio := f.create3000["data"] / f.create100["data"]
	growth.Status = passFail(ratio <= storeGrowthLimit)
	growth.Detail = fmt.Sprintf("%.2fx: %s ms at 3,000 users, %s ms at 100", ratio, millis(f.create3000["data"]), millis(f.create100["data"]))
	return []target{throughput, growth}
}

// storeSection is the "Emulator store" section of results.md; empty without the benchmarks.
func (r *report) storeSection() string {
	f, ok := parseStoreFigures(r.GoBench)
	if !ok {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n## Emulator store\n\n")
	b.WriteString("From `BenchmarkStoreClients` and `BenchmarkStoreCreate` (internal/emulator/store_bench_test.go). 100 clients\n" +
		"each repeat create, get, update and remove of a user, over HTTP (an httptest server, a keep-alive connection each)\n" +
		"and through the emulator's handler without a network; one client creates users in a state of 100 and of 3,000.\n" +
		"`--data` is a file in a temporary directory, each write synced before its answer.\n\n")
	b.WriteString("| store | 100 clients over HTTP, req/s | 100 clients through the handler, req/s | create at 100 users, ms | create at 3,000 users, ms |\n|---|---|---|---|---|\n")
	for _, row := range []struct{ name, mode string }{{"in memory", "memory"}, {"`--data`", "data"}} {
		fmt.Fprintf(&b, "| %s | %.0f | %.0f | %s | %s |\n", row.name, f.httpRPS[row.mode], f.handlerRPS[row.mode], millis(f.create100[row.mode]), millis(f.create3000[row.mode]))
	}
	return b.String()
}

func millis(ns float64) string { return fmt.Sprintf("%.3f", ns/1e6) }
