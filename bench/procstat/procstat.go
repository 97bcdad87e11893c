// Package procstat reads a Linux process's CPU time and memory from /proc,
// for the benchmark harnesses (bench/peers, bench/abserve).
package procstat

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Stat is what Read gives of one process.
type Stat struct {
	CPU       time.Duration // user + system time so far
	PeakRSSKB int64         // VmHWM: peak resident memory
	RSSKB     int64         // VmRSS: resident memory now
}

// clockTick is USER_HZ, the unit of /proc/PID/stat's times: 100 on Linux.
const clockTick = 100

// Read reads process pid's /proc/PID/stat and /proc/PID/status.
func Read(pid int) (Stat, error) {
	var st Stat
	if pid <= 0 {
		return st, fmt.Errorf("no process id")
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return st, err
	}
	// The fields after the command name, which sits in parentheses and may
	// hold spaces.
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return st, fmt.Errorf("odd /proc/%d/stat", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return st, fmt.Errorf("odd /proc/%d/stat", pid)
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	st.CPU = time.Duration((utime+stime)*1000/clockTick) * time.Millisecond
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return st, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			st.PeakRSSKB, _ = strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			st.RSSKB, _ = strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return st, nil
}
