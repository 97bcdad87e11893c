package procstat

import (
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

func TestReadsItsOwnProcess(t *testing.T) {
	before, err := Read(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Burn CPU until the kernel's 10 ms tick has counted some of it.
	deadline := time.Now().Add(2 * time.Second)
	after := before
	for after.CPU <= before.CPU && time.Now().Before(deadline) {
		for i := 0; i < 1e7; i++ {
			_ = i * i
		}
		if after, err = Read(os.Getpid()); err != nil {
			t.Fatal(err)
		}
	}
	if after.CPU <= before.CPU {
		t.Errorf("CPU did not grow: %v then %v", before.CPU, after.CPU)
	}
	if after.RSSKB <= 0 || after.PeakRSSKB < after.RSSKB {
		t.Errorf("memory: peak %d kB, now %d kB", after.PeakRSSKB, after.RSSKB)
	}
	if _, err := Read(0); err == nil {
		t.Error("Read(0) gave no error")
	}
}

func TestParseStat(t *testing.T) {
	// The command may hold spaces and parentheses; utime and stime are the
	// 14th and 15th fields, in ticks of 10 ms.
	line := "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 31 0 0 20 0 9 0 100 1000000 2000 18446744073709551615\n"
	cpu, err := parseStat([]byte(line))
	if err != nil || cpu != 2810*time.Millisecond {
		t.Errorf("parseStat = %v, %v; want 2.81s", cpu, err)
	}
	for _, bad := range []string{"", "4242 no parenthesis S 1", "4242 (cmd) S 1 2 3"} {
		if _, err := parseStat([]byte(bad)); err == nil {
			t.Errorf("parseStat(%q) gave no error", bad)
		}
	}
}

func TestParseStatus(t *testing.T) {
	status := "Name:\tsurvgraph\nVmPeak:\t 1300000 kB\nVmHWM:\t   90111 kB\nVmRSS:\t   81234 kB\nThreads:\t14\nSigQ:\t0/63586\n"
	var st Stat
	parseStatus([]byte(status), &st)
	if want := (Stat{PeakRSSKB: 90111, RSSKB: 81234, Threads: 14}); st != want {
		t.Errorf("parseStatus = %+v, want %+v", st, want)
	}
}

func TestListening(t *testing.T) {
	// Port 8080 is 1F90: one socket listens on it (state 0A), another is an
	// established connection to it (01), a third listens on 7687 (1E07).
	table := `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 222 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:1E07 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 333 1 0000000000000000 100 0 0 10 0
`
	if got := listening([]byte(table), 8080); len(got) != 1 || got[0] != "111" {
		t.Errorf("listening(8080) = %v, want [111]", got)
	}
	if got := listening([]byte(table), 9999); len(got) != 0 {
		t.Errorf("listening(9999) = %v, want none", got)
	}
	if got := listening(nil, 8080); len(got) != 0 {
		t.Errorf("listening(empty table) = %v", got)
	}
}

func TestListenerFindsItself(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	pid, err := Listener(l.Addr().(*net.TCPAddr).Port)
	if err != nil || pid != os.Getpid() {
		t.Errorf("Listener = %d, %v; want %d", pid, err, os.Getpid())
	}
	l.Close()
	if pid, err := Listener(l.Addr().(*net.TCPAddr).Port); err == nil {
		t.Errorf("Listener found %d on a closed port", pid)
	}
}

func TestParseCPU(t *testing.T) {
	// user nice system idle iowait irq softirq steal guest guest_nice
	got, err := parseCPU("cpu  100 5 50 1000 20 3 2 1 40 0")
	if want := (CPUTimes{Busy: 161, Total: 1181}); err != nil || got != want {
		t.Errorf("parseCPU = %+v, %v; want %+v", got, err, want)
	}
	if _, err := parseCPU("cpu0 1 2 3 4 5"); err == nil {
		t.Error("parseCPU took a single CPU's line for the machine's")
	}
	if _, err := MachineCPU(); err != nil {
		t.Error(err)
	}
}

func TestMachine(t *testing.T) {
	if l, err := LoadAvg(); err != nil || len(strings.Fields(l)) != 3 {
		t.Errorf("LoadAvg = %q, %v", l, err)
	}
	if h := ReadHost(); h.MemTotalKB <= 0 || h.Kernel == "" {
		t.Errorf("ReadHost = %+v", h)
	}
}
