package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tfplaid/terraform-provider-plaid/internal/harness"
)

// Credentials the emulator is started with and the provider is configured with.
const (
	benchClientID = "bench-client"
	benchSecret   = "bench-secret"
)

// emulator is a plaid-emulator process started by the bench.
type emulator struct {
	process *harness.Emulator
	URL     string // base URL, http:// or https://
	CAFile  string // PEM of the emulator's CA when serving TLS
	logFile string // where Stop writes what it printed on standard error
	client  *http.Client
	// idleStatsConns is how many connections one stats request adds to the
	// emulator's own count (the bench's requests do not keep connections alive).
	idleStatsConns int
}

// emulatorStats is the body of GET /__emulator/stats.
type emulatorStats struct {
	Requests    map[string]map[string]int `json:"requests"` // path -> HTTP status -> count
	Connections int                       `json:"connections"`
}

// startEmulator runs the emulator binary on a free loopback port, keeping its
// files in dir.
func startEmulator(bin, dir string, latency time.Duration, useTLS bool) (*emulator, error) {
	args := []string{
		"--client-id", benchClientID, "--secret", benchSecret,
		"--latency", latency.String(),
		"--quiet", // request logs would cost the emulator CPU that the provider shares
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	caFile := ""
	if useTLS {
		caFile = filepath.Join(dir, "emulator-ca.pem")
		args = append(args, "--tls", "--ca-out", caFile)
	}
	process, err := harness.StartEmulator(bin, args...)
	if err != nil {
		return nil, err
	}
	e := &emulator{process: process, URL: process.URL, CAFile: caFile, logFile: filepath.Join(dir, "emulator.log")}
	if e.client, err = statsClient(caFile); err != nil {
		e.Stop()
		return nil, err
	}
	if err := e.calibrate(); err != nil {
		e.Stop()
		return nil, err
	}
	return e, nil
}

// statsClient opens a new connection for every request, so that the bench's
// own requests add a known number of connections to the emulator's count.
func statsClient(caFile string) (*http.Client, error) {
	transport := &http.Transport{DisableKeepAlives: true}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("reading emulator CA: %w", err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no certificate in %s", caFile)
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: roots}
	}
	return &http.Client{Transport: transport, Timeout: 10 * time.Second}, nil
}

// calibrate measures how many connections a stats request itself adds, so
// that Delta reports only the connections opened by Terraform.
func (e *emulator) calibrate() error {
	before, err := e.Stats()
	if err != nil {
		return err
	}
	after, err := e.Stats()
	if err != nil {
		return err
	}
	e.idleStatsConns = after.Connections - before.Connections
	return nil
}

// Stats fetches the emulator's request and connection counters.
func (e *emulator) Stats() (emulatorStats, error) {
	var s emulatorStats
	resp, err := e.client.Get(e.URL + "/__emulator/stats")
	if err != nil {
		return s, fmt.Errorf("emulator stats: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("emulator stats: HTTP %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return s, fmt.Errorf("emulator stats: %w", err)
	}
	return s, nil
}

// Stop shuts the emulator down and keeps its standard error in its log file.
// A failure is reported, not returned: the figures were taken already.
func (e *emulator) Stop() {
	if err := e.process.Stop(os.Interrupt); err != nil {
		progress("emulator: %v", err)
	}
	_ = os.WriteFile(e.logFile, []byte(e.process.Stderr()), 0o644)
}

// apiCalls counts the Plaid API requests between two stats snapshots.
type apiCalls struct {
	ByPath      map[string]int // path -> requests, any status
	Failed      int            // requests answered with a status >= 300
	Connections int            // TCP connections opened by clients other than the bench
}

// delta is what happened on the emulator between before and after; after was
// taken with one more stats request than before.
func (e *emulator) delta(before, after emulatorStats) apiCalls {
	d := apiCalls{ByPath: map[string]int{}, Connections: after.Connections - before.Connections - e.idleStatsConns}
	for path, statuses := range after.Requests {
		if strings.HasPrefix(path, "/__emulator/") {
			continue
		}
		for status, n := range statuses {
			n -= before.Requests[path][status]
			if n == 0 {
				continue
			}
			d.ByPath[path] += n
			if code, err := strconv.Atoi(status); err != nil || code >= 300 { // or "dropped"
				d.Failed += n
			}
		}
	}
	return d
}

// Total is the number of API requests, all paths together.
func (c apiCalls) Total() int {
	total := 0
	for _, n := range c.ByPath {
		total += n
	}
	return total
}
