package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// processSampler watches /proc for processes running one executable and
// records each one's peak resident set size (VmHWM). Terraform starts the
// provider as a child process, so this finds it without Terraform's help.
type processSampler struct {
	exe  string
	old  map[int]bool // processes that existed before sampling began
	peak map[int]uint64
	stop chan struct{}
	done chan struct{}
}

func sampleProcesses(exe string, every time.Duration) *processSampler {
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	s := &processSampler{exe: exe, old: map[int]bool{}, peak: map[int]uint64{},
		stop: make(chan struct{}), done: make(chan struct{})}
	for _, pid := range listPIDs() {
		s.old[pid] = true
	}
	go s.loop(every)
	return s
}

func (s *processSampler) loop(every time.Duration) {
	defer close(s.done)
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		s.sample()
		select {
		case <-s.stop:
			return
		case <-ticker.C:
		}
	}
}

func (s *processSampler) sample() {
	for _, pid := range listPIDs() {
		if s.old[pid] {
			continue
		}
		proc := "/proc/" + strconv.Itoa(pid)
		// A process seen between fork and exec still runs Terraform: check
		// its executable again at every sample.
		if target, err := os.Readlink(proc + "/exe"); err != nil || target != s.exe {
			continue
		}
		if hwm, ok := readVmHWM(proc + "/status"); ok && hwm > s.peak[pid] {
			s.peak[pid] = hwm
		}
	}
}

// Stop ends sampling and returns the highest peak RSS of any one matching
// process (bytes) and how many matching processes were seen.
func (s *processSampler) Stop() (peak uint64, processes int) {
	close(s.stop)
	<-s.done
	for _, p := range s.peak {
		peak = max(peak, p)
	}
	return peak, len(s.peak)
}

func listPIDs() []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	pids := make([]int, 0, len(entries))
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

// readVmHWM reads the "VmHWM:  12345 kB" line of /proc/PID/status.
func readVmHWM(path string) (uint64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := scanner.Text()
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}
