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
// records each one's peak resident set size (VmHWM) and CPU time. Terraform
// starts the provider as a child process, so this finds it without
// Terraform's help.
type processSampler struct {
	exe  string
	old  map[int]bool // processes that existed before sampling began
	peak map[int]uint64
	cpu  map[int]time.Duration
	stop chan struct{}
	done chan struct{}
}

// clockTick is the unit of /proc/PID/stat times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

func sampleProcesses(exe string, every time.Duration) *processSampler {
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	s := &processSampler{exe: exe, old: map[int]bool{}, peak: map[int]uint64{}, cpu: map[int]time.Duration{},
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
		if cpu, ok := readCPUTime(proc + "/stat"); ok && cpu > s.cpu[pid] {
			s.cpu[pid] = cpu
		}
	}
}

// processUsage is what the matching processes cost.
type processUsage struct {
	PeakRSS   uint64        // bytes: the highest VmHWM of any one process
	CPU       time.Duration // user + system, all processes, up to their last sample
	Processes int
}

// Stop ends sampling and returns what the matching processes used.
func (s *processSampler) Stop() processUsage {
	close(s.stop)
	<-s.done
	u := processUsage{Processes: len(s.peak)}
	for pid, p := range s.peak {
		u.PeakRSS = max(u.PeakRSS, p)
		u.CPU += s.cpu[pid]
	}
	return u
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

// readCPUTime reads utime + stime from /proc/PID/stat. Fields are counted
// after the command name, which is in parentheses and may hold spaces.
func readCPUTime(path string) (time.Duration, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	end := strings.LastIndexByte(string(data), ')')
	if end < 0 {
		return 0, false
	}
	fields := strings.Fields(string(data[end+1:]))
	// fields[0] is the state (field 3); utime and stime are fields 14 and 15.
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseUint(fields[11], 10, 64)
	stime, err2 := strconv.ParseUint(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * clockTick, true
}
