// Package procstat reads a Linux process's CPU time, memory and threads, and
// the machine's CPU time, load and description, from /proc, for the
// benchmark harnesses (bench/peers, bench/abserve) and the load test.
package procstat

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Stat is what Read gives of one process.
type Stat struct {
	CPU       time.Duration // user + system time so far
	PeakRSSKB int64         // VmHWM: peak resident memory
	RSSKB     int64         // VmRSS: resident memory now
	Threads   int           // OS threads now
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
	if st.CPU, err = parseStat(raw); err != nil {
		return st, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return st, err
	}
	parseStatus(status, &st)
	return st, nil
}

// parseStat gives the user + system time of a /proc/PID/stat line.
func parseStat(raw []byte) (time.Duration, error) {
	// The fields after the command name, which sits in parentheses and may
	// hold spaces.
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return 0, fmt.Errorf("no command name in %.40q", raw)
	}
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("%d fields after the command name", len(f))
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	return time.Duration((utime+stime)*1000/clockTick) * time.Millisecond, nil
}

// parseStatus fills memory and threads from /proc/PID/status.
func parseStatus(raw []byte, st *Stat) {
	for _, line := range strings.Split(string(raw), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmHWM":
			st.PeakRSSKB = n
		case "VmRSS":
			st.RSSKB = n
		case "Threads":
			st.Threads = int(n)
		}
	}
}

// Listener finds the process listening on a TCP port, through
// /proc/net/tcp{,6} and the processes' file descriptors; only processes
// whose descriptors this one may read are found.
func Listener(port int) (int, error) {
	inodes := map[string]bool{}
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		if b, err := os.ReadFile(f); err == nil {
			for _, ino := range listening(b, port) {
				inodes[ino] = true
			}
		}
	}
	if len(inodes) == 0 {
		return 0, fmt.Errorf("nothing listens on port %d", port)
	}
	fds, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	for _, fd := range fds {
		l, err := os.Readlink(fd)
		if err != nil || !strings.HasPrefix(l, "socket:[") {
			continue
		}
		if inodes[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] {
			return strconv.Atoi(strings.Split(fd, "/")[2])
		}
	}
	return 0, fmt.Errorf("no process of ours holds the socket listening on port %d", port)
}

// listening gives the inodes of the sockets listening on port in a
// /proc/net/tcp table.
func listening(table []byte, port int) []string {
	var inodes []string
	lines := strings.Split(string(table), "\n")
	for _, line := range lines[min(1, len(lines)):] { // the first line names the columns
		f := strings.Fields(line)
		if len(f) < 10 || f[3] != "0A" { // 0A: LISTEN
			continue
		}
		_, hexPort, _ := strings.Cut(f[1], ":")
		if p, err := strconv.ParseUint(hexPort, 16, 32); err == nil && int(p) == port {
			inodes = append(inodes, f[9])
		}
	}
	return inodes
}

// CPUTimes is the whole machine's CPU time from /proc/stat, in clock ticks:
// busy over total gives how busy it was between two readings.
type CPUTimes struct{ Busy, Total int64 }

// MachineCPU reads the machine's CPU time so far.
func MachineCPU() (CPUTimes, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return CPUTimes{}, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return parseCPU(line)
}

// parseCPU reads the "cpu" line of /proc/stat.
func parseCPU(line string) (CPUTimes, error) {
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return CPUTimes{}, fmt.Errorf("not the cpu line of /proc/stat: %.40q", line)
	}
	var t CPUTimes
	for i, v := range f[1:] {
		if i >= 8 { // guest time is already counted in user time
			break
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		t.Total += n
		if i != 3 && i != 4 { // idle, iowait
			t.Busy += n
		}
	}
	return t, nil
}

// LoadAvg is the 1, 5 and 15 minute load averages, as /proc/loadavg writes
// them: "0.52 0.40 0.33".
func LoadAvg() (string, error) {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "", err
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "", fmt.Errorf("odd /proc/loadavg: %q", b)
	}
	return strings.Join(f[:3], " "), nil
}

// Host describes the machine; a field is empty or zero when /proc does not
// say.
type Host struct {
	CPUModel   string // the first "model name" of /proc/cpuinfo
	MemTotalKB int64  // MemTotal of /proc/meminfo
	Kernel     string // /proc/sys/kernel/osrelease
}

// ReadHost reads what /proc says of the machine.
func ReadHost() Host {
	var h Host
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				h.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				h.MemTotalKB, _ = strconv.ParseInt(f[1], 10, 64)
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		h.Kernel = strings.TrimSpace(string(b))
	}
	return h
}
