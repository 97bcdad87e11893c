package main

import (
	"fmt"
	"net/url"
	"runtime"
	"strconv"

	"github.com/survgraph/survgraph/internal/procstat"
)

// readProc samples a process; the caller stamps the sample's time.
func readProc(pid int) (procSample, error) {
	st, err := procstat.Read(pid)
	return procSample{Stat: st}, err
}

// findListener finds the process listening on the URL's TCP port.
func findListener(base string) (int, error) {
	u, err := url.Parse(base)
	if err != nil {
		return 0, err
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		return 0, fmt.Errorf("%s has no port", base)
	}
	return procstat.Listener(port)
}

func readCPU() procstat.CPUTimes {
	t, _ := procstat.MachineCPU() // zero when unknown: the report then leaves it out
	return t
}

func loadavg() string {
	l, err := procstat.LoadAvg()
	if err != nil {
		return "?"
	}
	return l
}

// machine describes the machine for the report.
func machine() string {
	h := procstat.ReadHost()
	cpu := h.CPUModel
	if cpu == "" {
		cpu = "?"
	}
	mem, kernel := "", ""
	if h.MemTotalKB > 0 {
		mem = fmt.Sprintf(", %.1f GiB memory", float64(h.MemTotalKB)/1024/1024)
	}
	if h.Kernel != "" {
		kernel = ", Linux " + h.Kernel
	}
	return fmt.Sprintf("%s, %d cores%s%s, %s; the load generator, survgraph and Neo4j share the machine", cpu, runtime.NumCPU(), mem, kernel, runtime.Version())
}
