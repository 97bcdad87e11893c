package main

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
)

// The report's data on the server side: the run over time, the server and
// Neo4j processes, the machine, the server's log and its /metrics.

// slotRow is one slot of the table over time.
type slotRow struct {
	From, N, Bad, Threads int
	Rate                  float64
	RSSMiB                int64
	CPU, Neo4jCPU         string
	timing
}

// slotRows cuts the run into about ten slots of at least 5 s.
func (r *report) slotRows() []slotRow {
	lt := r.lt
	slot := max(5*time.Second, (lt.cfg.duration / 10).Round(time.Second))
	var rows []slotRow
	for s := range int((lt.cfg.duration + slot - 1) / slot) {
		lo, hi := time.Duration(s)*slot, time.Duration(s+1)*slot
		var in []result
		for _, res := range lt.results {
			if res.at >= lo && res.at < hi {
				in = append(in, res)
			}
		}
		row := slotRow{From: int(lo.Seconds()), N: len(in), Bad: failed(in), timing: timingOf(answered(in)),
			CPU: slotCPU(lt.procs, lo, hi), Neo4jCPU: slotCPU(lt.neoProcs, lo, hi)}
		row.Rate = float64(len(in)) / (min(hi, lt.cfg.duration) - lo).Seconds()
		for _, p := range lt.procs {
			if p.at >= lo && p.at < hi {
				row.RSSMiB, row.Threads = max(row.RSSMiB, p.RSSKB/1024), max(row.Threads, p.Threads)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// slotCPU is the cores a process used between lo and hi, from its samples.
func slotCPU(samples []procSample, lo, hi time.Duration) string {
	var first, last *procSample
	for i := range samples {
		p := &samples[i]
		if p.at < lo || p.at >= hi {
			continue
		}
		if first == nil {
			first = p
		}
		last = p
	}
	if first == nil || last == first {
		return "–"
	}
	return fmt.Sprintf("%.2f", (last.CPU-first.CPU).Seconds()/(last.at-first.at).Seconds())
}

// serverData is the server process before, at the end of and after the load.
type serverData struct {
	Start, End, Idle       procSample
	MaxRSSKB, PeakKB       int64
	MaxThreads             int
	CPUSeconds, Cores      float64
	GoStart, GoEnd, GoIdle string // goroutines, when the server says
}

func (r *report) serverData() serverData {
	lt := r.lt
	s := serverData{Start: lt.procStart, End: lt.procEnd, Idle: lt.procIdle, PeakKB: lt.procIdle.PeakRSSKB,
		GoStart: lt.goStart, GoEnd: lt.goEnd, GoIdle: lt.goIdle}
	for _, p := range lt.procs {
		s.PeakKB = max(s.PeakKB, p.PeakRSSKB)
		s.MaxThreads = max(s.MaxThreads, p.Threads)
		s.MaxRSSKB = max(s.MaxRSSKB, p.RSSKB)
	}
	s.CPUSeconds = (lt.procEnd.CPU - lt.procStart.CPU).Seconds()
	s.Cores = s.CPUSeconds / r.elapsed().Seconds()
	return s
}

// neo4jData is Neo4j's process over the load.
type neo4jData struct {
	PID                   int
	CPUSeconds, Cores     float64
	StartKB, MaxKB, EndKB int64
}

func (r *report) neo4jData() *neo4jData {
	lt := r.lt
	if lt.cfg.neo4jPID == 0 || lt.neoEnd.CPU <= 0 {
		return nil
	}
	n := neo4jData{PID: lt.cfg.neo4jPID, StartKB: lt.neoStart.RSSKB, EndKB: lt.neoEnd.RSSKB}
	for _, p := range lt.neoProcs {
		n.MaxKB = max(n.MaxKB, p.RSSKB)
	}
	n.CPUSeconds = (lt.neoEnd.CPU - lt.neoStart.CPU).Seconds()
	n.Cores = n.CPUSeconds / r.elapsed().Seconds()
	return &n
}

// busyData is how busy the whole machine was.
type busyData struct {
	Percent float64
	Cores   int
}

func (r *report) busyData() *busyData {
	lt := r.lt
	d := lt.cpuEnd.Total - lt.cpuStart.Total
	if d <= 0 {
		return nil
	}
	return &busyData{Percent: 100 * float64(lt.cpuEnd.Busy-lt.cpuStart.Busy) / float64(d), Cores: lt.cores}
}

// metricsData is what the server's /metrics counted during the load.
type metricsData struct {
	Counted, Transactions, TxPerRequest float64
	Sent                                int
	HasTx, HasRequests                  bool
	ByStatus, ByCode                    []metricRow
}

type metricRow struct {
	Label string
	N     float64
}

func (r *report) metricsData() metricsData {
	lt := r.lt
	m := metricsData{Counted: lt.after.total() - lt.before.total(), Sent: len(lt.results), HasTx: lt.after.hasTx}
	for _, st := range slices.Sorted(maps.Keys(lt.after.requests)) {
		if d := lt.after.requests[st] - lt.before.requests[st]; d > 0 {
			m.ByStatus = append(m.ByStatus, metricRow{st, d})
		}
	}
	for _, c := range slices.Sorted(maps.Keys(lt.after.errors)) {
		if d := lt.after.errors[c] - lt.before.errors[c]; d > 0 {
			m.ByCode = append(m.ByCode, metricRow{c, d})
		}
	}
	m.Transactions = lt.after.transactions - lt.before.transactions
	if m.HasRequests = m.Counted > 0; m.HasRequests {
		m.TxPerRequest = m.Transactions / m.Counted
	}
	return m
}

// logSummary counts the server log's WARN and ERROR lines and keeps the
// most frequent messages.
type logSummary struct {
	Err                string
	Lines, Warn, Error int
	Top                []countRow // level and message, lines
}

func serverLogSummary(path string) *logSummary {
	f, err := os.Open(path)
	if err != nil {
		return &logSummary{Err: err.Error()}
	}
	defer f.Close()
	s := &logSummary{}
	msgs := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		s.Lines++
		for _, lv := range []string{"WARN", "ERROR"} {
			if strings.Contains(line, "level="+lv) {
				if lv == "WARN" {
					s.Warn++
				} else {
					s.Error++
				}
				msgs[lv+" "+logMessage(line)]++
			}
		}
	}
	keys := slices.Sorted(maps.Keys(msgs))
	sort.SliceStable(keys, func(i, j int) bool { return msgs[keys[i]] > msgs[keys[j]] })
	for _, k := range keys[:min(10, len(keys))] {
		s.Top = append(s.Top, countRow{Label: k, N: msgs[k]})
	}
	return s
}

// logMessage is a log line's msg= value, with its quotes; the whole line
// when it has none.
func logMessage(line string) string {
	_, msg, ok := strings.Cut(line, "msg=")
	if !ok {
		return line
	}
	if strings.HasPrefix(msg, `"`) {
		if end := strings.Index(msg[1:], `"`); end >= 0 {
			return msg[:end+2]
		}
	} else if sp := strings.IndexByte(msg, ' '); sp > 0 {
		return msg[:sp]
	}
	return msg
}
