package main

import (
	_ "embed"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"
)

// The report is report.md.tmpl filled with a reportData: the numbers are
// worked out here, the words and the layout live in the template.

//go:embed report.md.tmpl
var reportText string

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"ms":   ms,
	"mib":  kib,
	"cell": mdCell,
}).Parse(reportText))

type report struct {
	lt *loadTest
}

func (lt *loadTest) report() *report { return &report{lt: lt} }

func (r *report) markdown() string {
	var b strings.Builder
	if err := reportTemplate.Execute(&b, r.data()); err != nil {
		panic(err) // the template and its data are both ours: a test catches this
	}
	return b.String()
}

func (r *report) elapsed() time.Duration { return r.lt.ended.Sub(r.lt.started) }

// reportData is what the template shows.
type reportData struct {
	Date, Command, Machine, LoadStart, LoadEnd string
	Base, Neo4j, Graph, Clients                string
	PID, GraphEntities, Entities               int
	Seed                                       bool
	Duration, Measured, Timeout                time.Duration
	All                                        timing
	Rate                                       float64
	Verdict                                    verdict
	Deadline400                                int // answered 400 "deadline exceeded" rather than 504
	Cache                                      *cacheData
	Calibrated                                 bool
	Calibrate                                  int
	CalibErr                                   string
	Kinds                                      []kindRow
	ShapeCount, MaxShapes                      int
	Shapes                                     []shapeRow
	Slowest                                    []slowRow
	Statuses                                   []countRow
	Codes                                      []countRow
	Examples                                   []example
	Slots                                      []slotRow
	Server                                     serverData
	Neo4jProc                                  *neo4jData
	Busy                                       *busyData
	ServerLog                                  *logSummary
	MetricsErr                                 string
	Metrics                                    metricsData
	InFlight                                   int64
}

func (r *report) data() reportData {
	lt := r.lt
	el := r.elapsed()
	d := reportData{
		Date: lt.started.Format("2006-01-02 15:04:05 MST"), Command: lt.cfg.command, Machine: lt.machine,
		LoadStart: lt.loadStart, LoadEnd: lt.loadEnd, Base: lt.cfg.base, PID: lt.cfg.pid, Neo4j: lt.cfg.neo4j,
		GraphEntities: lt.graphEntities, Graph: lt.cfg.graph, Entities: lt.cfg.entities, Seed: lt.seed,
		Clients: lt.profileNote(), Duration: lt.cfg.duration, Measured: el.Round(time.Millisecond), Timeout: lt.cfg.timeout,
		All: timingOf(answered(lt.results)), Rate: float64(len(lt.results)) / el.Seconds(), Verdict: r.failures(),
		Calibrated: lt.calib != nil, Calibrate: lt.cfg.calibrate, CalibErr: lt.calibErr,
		Kinds: r.kindRows(), Slowest: slowest(lt.results, 10), Examples: examples(lt.results, 15),
		Slots: r.slotRows(), Server: r.serverData(), Neo4jProc: r.neo4jData(), Busy: r.busyData(),
		MetricsErr: lt.metricsErr, Metrics: r.metricsData(), InFlight: lt.inFlightAtEnd,
	}
	d.Shapes, d.ShapeCount, d.MaxShapes = shapeRows(lt.results, 30)
	d.Statuses, d.Codes = responseRows(lt.results)
	for _, res := range lt.results {
		if res.status == http.StatusBadRequest && strings.Contains(res.message, "deadline exceeded") {
			d.Deadline400++
		}
	}
	if lt.cfg.profile == "public" {
		d.Cache = r.cacheData()
	}
	if lt.cfg.serverLog != "" {
		d.ServerLog = serverLogSummary(lt.cfg.serverLog)
	}
	return d
}

type latencies []time.Duration

// pct is the nearest-rank percentile p (0 < p ≤ 1) of sorted latencies, 0
// when there are none.
func (l latencies) pct(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	// A ceiling that forgives floating-point noise: 100 × 0.07 is
	// 7.000000000000001, and p7 of 100 is still the 7th.
	i := int(float64(len(l))*p+0.999999) - 1
	return l[max(0, min(i, len(l)-1))]
}

// timing is the percentiles the report gives of a set of latencies.
type timing struct{ P50, P90, P99, Max time.Duration }

// timingOf sorts l and takes its percentiles.
func timingOf(l latencies) timing {
	slices.Sort(l)
	return timing{l.pct(.5), l.pct(.9), l.pct(.99), l.pct(1)}
}

// answered is the latencies of the requests that got an answer: a request
// without one is counted, not timed.
func answered(rs []result) latencies {
	l := make(latencies, 0, len(rs))
	for _, res := range rs {
		if res.status != 0 {
			l = append(l, res.latency)
		}
	}
	return l
}

// kindRow is one query kind's line.
type kindRow struct {
	Name      string
	Weight, N int
	Rate      float64
	Bad       int
	Tx        float64 // Neo4j transactions per request, alone
	timing
}

func (r *report) kindRows() []kindRow {
	by := make([][]result, len(kinds))
	for _, res := range r.lt.results {
		by[res.kind] = append(by[res.kind], res)
	}
	rows := make([]kindRow, len(kinds))
	for k, kd := range kinds {
		rows[k] = kindRow{Name: kd.name, Weight: kd.weight, N: len(by[k]), Rate: float64(len(by[k])) / r.elapsed().Seconds(),
			Bad: failed(by[k]), Tx: r.lt.calib[kd.name], timing: timingOf(answered(by[k]))}
	}
	return rows
}

func failed(rs []result) int {
	n := 0
	for _, res := range rs {
		if res.failure != "" {
			n++
		}
	}
	return n
}

// shapeRow is one request shape's line.
type shapeRow struct {
	Kind, Shape string
	N, Bad      int
	timing
}

// shapeRows gives the first most shapes, failing and slowest first, and how
// many there are.
func shapeRows(rs []result, most int) ([]shapeRow, int, int) {
	by := map[[2]string][]result{}
	for _, res := range rs {
		key := [2]string{kinds[res.kind].name, res.shape}
		by[key] = append(by[key], res)
	}
	rows := make([]shapeRow, 0, len(by))
	for key, rs := range by {
		rows = append(rows, shapeRow{Kind: key[0], Shape: key[1], N: len(rs), Bad: failed(rs), timing: timingOf(answered(rs))})
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Bad != b.Bad {
			return a.Bad > b.Bad
		}
		if a.P50 != b.P50 {
			return a.P50 > b.P50
		}
		return a.Kind+"\x00"+a.Shape < b.Kind+"\x00"+b.Shape
	})
	return rows[:min(most, len(rows))], len(rows), most
}

// slowRow is one of the slowest requests.
type slowRow struct {
	Kind, Codes, Vars string
	Latency           time.Duration
	Status            int
}

// slowest gives the n slowest requests, the first sent first among equals.
func slowest(rs []result, n int) []slowRow {
	s := slices.Clone(rs)
	sort.SliceStable(s, func(i, j int) bool { return s[i].latency > s[j].latency })
	rows := make([]slowRow, 0, n)
	for _, res := range s[:min(n, len(s))] {
		rows = append(rows, slowRow{Kind: kinds[res.kind].name, Codes: strings.Join(res.codes, " "), Vars: res.vars, Latency: res.latency, Status: res.status})
	}
	return rows
}

// countRow is a count broken down by kind: requests by HTTP status, errors
// by extensions.code.
type countRow struct {
	Label, ByKind, Expected string
	N                       int
}

func responseRows(rs []result) (statuses, codes []countRow) {
	byStatus := map[int]map[string]int{}
	byCode := map[string]map[string]int{}
	for _, res := range rs {
		name := kinds[res.kind].name
		if byStatus[res.status] == nil {
			byStatus[res.status] = map[string]int{}
		}
		byStatus[res.status][name]++
		for _, c := range res.codes {
			if byCode[c] == nil {
				byCode[c] = map[string]int{}
			}
			byCode[c][name]++
		}
	}
	for _, st := range slices.Sorted(maps.Keys(byStatus)) {
		label := strconv.Itoa(st)
		if st == 0 {
			label = "none (client timeout or transport error)"
		}
		statuses = append(statuses, countRow{Label: label, N: sum(byStatus[st]), ByKind: breakdown(byStatus[st])})
	}
	for _, c := range slices.Sorted(maps.Keys(byCode)) {
		exp := "no"
		if c == "LIMIT_EXCEEDED" && len(byCode[c]) == 1 && byCode[c]["over-limit"] > 0 {
			exp = "yes: the deliberate over-limit requests"
		}
		codes = append(codes, countRow{Label: c, N: sum(byCode[c]), ByKind: breakdown(byCode[c]), Expected: exp})
	}
	return statuses, codes
}

// example is one distinct way a request went wrong.
type example struct {
	Kind, Failure, Message string
	Times                  int
}

// examples gives the first n distinct failures, in the order they came,
// each with how many times it came.
func examples(rs []result, n int) []example {
	var out []example
	at := map[example]int{} // Times left zero in the key
	for _, res := range rs {
		if res.failure == "" {
			continue
		}
		key := example{Kind: kinds[res.kind].name, Failure: res.failure, Message: res.message}
		i, seen := at[key]
		if !seen && len(out) < n {
			i, seen = len(out), true
			at[key] = i
			out = append(out, key)
		}
		if seen {
			out[i].Times++
		}
	}
	return out
}

// ms writes a latency in milliseconds, a dash for none.
func ms(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}

func kib(k int64) float64 { return float64(k) / 1024 }

// mdCell makes s fit in a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// breakdown writes counts by kind, in the mix's order.
func breakdown(m map[string]int) string {
	var parts []string
	for _, kd := range kinds {
		if n := m[kd.name]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", kd.name, n))
		}
	}
	return strings.Join(parts, ", ")
}
