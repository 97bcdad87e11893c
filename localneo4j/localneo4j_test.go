package localneo4j

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeServer listens on a free loopback port and handles every connection
// with handle. It records the first 20 bytes each client sent.
type fakeServer struct {
	ln   net.Listener
	reqs chan []byte
}

func newFakeServer(t *testing.T, handle func(c net.Conn, req []byte)) *fakeServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeServer{ln: ln, reqs: make(chan []byte, 16)}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(5 * time.Second))
				req := make([]byte, 20)
				if _, err := io.ReadFull(c, req); err != nil {
					return
				}
				select {
				case s.reqs <- req:
				default:
				}
				handle(c, req)
			}()
		}
	}()
	return s
}

func (s *fakeServer) addr() string { return s.ln.Addr().String() }

func reply(b ...byte) func(net.Conn, []byte) {
	return func(c net.Conn, _ []byte) { _, _ = c.Write(b) }
}

// closedAddr returns a loopback address nobody listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestBoltHandshake(t *testing.T) {
	wantReq := []byte{
		0x60, 0x60, 0xB0, 0x17,
		0x00, 0x08, 0x08, 0x05,
		0x00, 0x02, 0x04, 0x04,
		0, 0, 0, 0,
		0, 0, 0, 0,
	}
	tests := []struct {
		name    string
		handle  func(net.Conn, []byte) // nil: no server at all
		timeout time.Duration
		want    BoltVersion
		wantErr string
	}{
		{name: "bolt 5.8", handle: reply(0, 0, 8, 5), want: BoltVersion{5, 8}},
		{name: "bolt 5.4", handle: reply(0, 0, 4, 5), want: BoltVersion{5, 4}},
		{name: "bolt 4.4", handle: reply(0, 0, 4, 4), want: BoltVersion{4, 4}},
		{name: "answer split over writes", handle: func(c net.Conn, _ []byte) {
			_, _ = c.Write([]byte{0, 0})
			time.Sleep(50 * time.Millisecond)
			_, _ = c.Write([]byte{8, 5})
		}, want: BoltVersion{5, 8}},
		{name: "no common version", handle: reply(0, 0, 0, 0), wantErr: "accepted none"},
		{name: "http server", handle: reply([]byte("HTTP/1.1 400 Bad Request\r\n\r\n")...), wantErr: "not a Bolt server"},
		{name: "closes without answer", handle: func(net.Conn, []byte) {}, wantErr: "read"},
		{name: "short answer then close", handle: reply(0, 0), wantErr: "read"},
		{name: "silent", handle: func(net.Conn, []byte) { time.Sleep(2 * time.Second) }, timeout: 300 * time.Millisecond, wantErr: "timeout"},
		{name: "nothing listening", wantErr: "refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var addr string
			var srv *fakeServer
			if tt.handle != nil {
				srv = newFakeServer(t, tt.handle)
				addr = srv.addr()
			} else {
				addr = closedAddr(t)
			}
			timeout := tt.timeout
			if timeout == 0 {
				timeout = 2 * time.Second
			}
			got, err := boltHandshake(context.Background(), addr, timeout)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
			} else {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if got != tt.want {
					t.Fatalf("version = %v, want %v", got, tt.want)
				}
			}
			if srv != nil {
				select {
				case req := <-srv.reqs:
					if !bytes.Equal(req, wantReq) {
						t.Fatalf("client sent % x, want % x", req, wantReq)
					}
				case <-time.After(time.Second):
					t.Fatal("server never received a handshake")
				}
			}
		})
	}
}

func TestWaitForBolt(t *testing.T) {
	t.Run("answers after a while", func(t *testing.T) {
		addr := closedAddr(t)
		go func() {
			time.Sleep(600 * time.Millisecond)
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return // port grabbed meanwhile; the test will time out and say so
			}
			t.Cleanup(func() { ln.Close() })
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				buf := make([]byte, 20)
				_, _ = io.ReadFull(c, buf)
				_, _ = c.Write([]byte{0, 0, 8, 5})
				c.Close()
			}
		}()
		if err := WaitForBolt(context.Background(), addr, 10*time.Second); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("times out", func(t *testing.T) {
		addr := closedAddr(t)
		t0 := time.Now()
		err := WaitForBolt(context.Background(), addr, 700*time.Millisecond)
		if err == nil || !strings.Contains(err.Error(), "did not answer within 700ms") {
			t.Fatalf("err = %v", err)
		}
		if d := time.Since(t0); d > 5*time.Second {
			t.Fatalf("took %s", d)
		}
	})
	t.Run("context cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(300*time.Millisecond, cancel)
		err := WaitForBolt(ctx, closedAddr(t), time.Minute)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("process exited", func(t *testing.T) {
		exited := make(chan struct{})
		close(exited)
		_, err := waitForBolt(context.Background(), closedAddr(t), time.Minute, exited)
		if !errors.Is(err, errProcessExited) {
			t.Fatalf("err = %v, want errProcessExited", err)
		}
	})
}

func TestConfigDefaults(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		in      Config
		check   func(t *testing.T, c Config)
		wantErr string
	}{
		{name: "all defaults", in: Config{}, check: func(t *testing.T, c Config) {
			want := Config{
				ProjectDir: wd, DataDir: filepath.Join(wd, ".data", "neo4j"),
				BoltAddr: "127.0.0.1:7687", Heap: "2g", PageCache: "2g",
				// 70% of the heap for transactions, a twelfth of it for one.
				TxMemoryTotal: "1433m", TxMemory: "119m",
				StartTimeout: 120 * time.Second, StopTimeout: 60 * time.Second,
				Java: "java", Maven: "mvn",
			}
			if c != want {
				t.Fatalf("got %+v\nwant %+v", c, want)
			}
		}},
		{name: "data dir follows project dir", in: Config{ProjectDir: "/repo"}, check: func(t *testing.T, c Config) {
			if c.DataDir != "/repo/.data/neo4j" {
				t.Fatalf("DataDir = %s", c.DataDir)
			}
		}},
		{name: "relative dirs made absolute", in: Config{ProjectDir: "p", DataDir: "d"}, check: func(t *testing.T, c Config) {
			if c.ProjectDir != filepath.Join(wd, "p") || c.DataDir != filepath.Join(wd, "d") {
				t.Fatalf("got %s, %s", c.ProjectDir, c.DataDir)
			}
		}},
		{name: "overrides kept", in: Config{BoltAddr: "localhost:17687", Heap: "512m", PageCache: "256M", StartTimeout: time.Second, StopTimeout: 2 * time.Second, Java: "/opt/java", Maven: "/opt/mvn"},
			check: func(t *testing.T, c Config) {
				if c.BoltAddr != "localhost:17687" || c.Heap != "512m" || c.PageCache != "256M" || c.StartTimeout != time.Second || c.StopTimeout != 2*time.Second || c.Java != "/opt/java" || c.Maven != "/opt/mvn" {
					t.Fatalf("got %+v", c)
				}
			}},
		{name: "ipv6 loopback", in: Config{BoltAddr: "[::1]:7687"}},
		{name: "127.0.0.2 is loopback", in: Config{BoltAddr: "127.0.0.2:7687"}},
		{name: "wildcard refused", in: Config{BoltAddr: "0.0.0.0:7687"}, wantErr: "must be on loopback"},
		{name: "lan address refused", in: Config{BoltAddr: "192.0.2.10:7687"}, wantErr: "must be on loopback"},
		{name: "empty host refused", in: Config{BoltAddr: ":7687"}, wantErr: "must be on loopback"},
		{name: "missing port", in: Config{BoltAddr: "127.0.0.1"}, wantErr: "bolt address"},
		{name: "bad port", in: Config{BoltAddr: "127.0.0.1:99999"}, wantErr: "bad port"},
		{name: "bad heap", in: Config{Heap: "2 GB"}, wantErr: "heap size"},
		{name: "bad page cache", in: Config{PageCache: "-1g"}, wantErr: "page cache size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.withDefaults()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, got)
			}
		})
	}
}

func TestJavaArgs(t *testing.T) {
	t.Setenv(PluginsEnv, "")
	c, err := Config{ProjectDir: "/repo", DataDir: "/data", BoltAddr: "127.0.0.1:17687", Heap: "1g", PageCache: "512m"}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	args := strings.Join(c.javaArgs(), " ")
	for _, want := range []string{
		"-Xms1g -Xmx1g ",
		"--add-opens=java.base/java.nio=ALL-UNNAMED",
		"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
		"-Dio.netty.tryReflectionSetAccessible=true",
		"-cp /repo/neo4j/target/classes:/repo/neo4j/target/lib/* dev.survgraph.neo4j.Launcher",
		"--home /data --bolt 127.0.0.1:17687 --pagecache 512m",
		// 70% of the heap for all transactions, a twelfth of that for one.
		"--tx-total 716m --tx-max 59m",
	} {
		if !strings.Contains(args, want) {
			t.Errorf("java args lack %q:\n%s", want, args)
		}
	}
	if strings.Contains(args, "AlwaysPreTouch") {
		t.Error("AlwaysPreTouch must not be used")
	}
	if strings.Contains(args, "--plugins") {
		t.Error("no plugins were asked for, but the launcher gets --plugins")
	}
}

func TestJavaArgsPlugins(t *testing.T) {
	plugins := t.TempDir()
	for _, tt := range []struct {
		name string
		cfg  Config
		env  string
	}{
		{"config", Config{Plugins: plugins}, ""},
		{"environment", Config{}, plugins},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(PluginsEnv, tt.env)
			tt.cfg.ProjectDir, tt.cfg.DataDir = "/repo", "/data"
			c, err := tt.cfg.withDefaults()
			if err != nil {
				t.Fatal(err)
			}
			args := strings.Join(c.javaArgs(), " ")
			for _, want := range []string{
				"-cp /repo/neo4j/target/classes:/repo/neo4j/target/lib/*:" + plugins + "/* dev.survgraph.neo4j.Launcher",
				"--plugins " + plugins,
			} {
				if !strings.Contains(args, want) {
					t.Errorf("java args lack %q:\n%s", want, args)
				}
			}
		})
	}
	t.Setenv(PluginsEnv, "")
	if _, err := (Config{Plugins: filepath.Join(plugins, "missing")}).withDefaults(); err == nil {
		t.Error("a missing plugins folder was accepted")
	}
}

func TestParsePIDFile(t *testing.T) {
	tests := []struct {
		in      string
		pid     int
		addr    string
		wantErr bool
	}{
		{in: "1234\nbolt=127.0.0.1:7687\n", pid: 1234, addr: "127.0.0.1:7687"},
		{in: "1234\n", pid: 1234},
		{in: "  42  ", pid: 42},
		{in: "42\r\nbolt=[::1]:7687\r\n", pid: 42, addr: "[::1]:7687"},
		{in: "", wantErr: true},
		{in: "abc\n", wantErr: true},
		{in: "0\n", wantErr: true},
		{in: "-5\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(strconv.Quote(tt.in), func(t *testing.T) {
			pid, addr, err := parsePIDFile([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if pid != tt.pid || addr != tt.addr {
				t.Fatalf("got %d %q, want %d %q", pid, addr, tt.pid, tt.addr)
			}
		})
	}
	if pid, addr, err := parsePIDFile(formatPIDFile(77, "127.0.0.1:1")); err != nil || pid != 77 || addr != "127.0.0.1:1" {
		t.Fatalf("round trip: %d %q %v", pid, addr, err)
	}
}

func TestIsOurCmdline(t *testing.T) {
	argv := func(s ...string) [][]byte {
		out := make([][]byte, len(s))
		for i, a := range s {
			out[i] = []byte(a)
		}
		return out
	}
	tests := []struct {
		name string
		argv [][]byte
		want bool
	}{
		{"launcher for dir", argv("java", "-Xmx2g", "-cp", "x", launcherClass, "--home", "/d/neo4j", "--bolt", "127.0.0.1:7687"), true},
		{"unclean path", argv("java", launcherClass, "--home", "/d/./neo4j/"), true},
		{"other data dir", argv("java", launcherClass, "--home", "/other"), false},
		{"other java program", argv("java", "-jar", "x.jar", "--home", "/d/neo4j"), false},
		{"no home", argv("java", launcherClass), false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isOurCmdline(tt.argv, "/d/neo4j"); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLastLines(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"", 3, ""},
		{"a\nb\nc\n", 5, "a\nb\nc"},
		{"a\nb\nc\nd\n", 2, "c\nd"},
		{"a\nb\nc", 1, "c"},
		{"one line", 20, "one line"},
	}
	for _, tt := range tests {
		if got := lastLines([]byte(tt.in), tt.n); got != tt.want {
			t.Errorf("lastLines(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestTailFileLargeFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.log")
	var b strings.Builder
	for i := 0; i < 20000; i++ {
		b.WriteString("line " + strconv.Itoa(i) + "\n")
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	got := tailFile(p, 3)
	if got != "line 19997\nline 19998\nline 19999" {
		t.Fatalf("got %q", got)
	}
	if got := tailFile(filepath.Join(t.TempDir(), "missing.log"), 3); !strings.Contains(got, "cannot read") {
		t.Fatalf("got %q", got)
	}
}

// startFakeLauncher starts a harmless process whose command line looks like
// our launcher for dataDir, so pid checks treat it as ours.
func startFakeLauncher(t *testing.T, dataDir string) (pid int, done <-chan struct{}) {
	t.Helper()
	cmd := exec.Command("sh", "-c", "while :; do sleep 0.1; done", launcherClass, "--home", dataDir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ch := make(chan struct{})
	go func() { _ = cmd.Wait(); close(ch) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-ch })
	return cmd.Process.Pid, ch
}

// deadPID returns the pid of a process that has exited and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestPIDFileHandling(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses /proc to tell our launcher from other processes")
	}
	tests := []struct {
		name        string
		contents    func(t *testing.T, dataDir, addr string) string // "" = no pid file
		wantRunning bool
		wantStale   bool
	}{
		{name: "no pid file", contents: func(*testing.T, string, string) string { return "" }},
		{name: "process gone", contents: func(t *testing.T, _, addr string) string {
			return string(formatPIDFile(deadPID(t), addr))
		}, wantStale: true},
		{name: "garbage", contents: func(*testing.T, string, string) string { return "not a pid\n" }, wantStale: true},
		{name: "pid reused by another program", contents: func(t *testing.T, _, addr string) string {
			return string(formatPIDFile(os.Getpid(), addr))
		}, wantStale: true},
		{name: "launcher for another data dir", contents: func(t *testing.T, _, addr string) string {
			pid, _ := startFakeLauncher(t, "/somewhere/else")
			return string(formatPIDFile(pid, addr))
		}, wantStale: true},
		{name: "our launcher", contents: func(t *testing.T, dataDir, addr string) string {
			pid, _ := startFakeLauncher(t, dataDir)
			return string(formatPIDFile(pid, addr))
		}, wantRunning: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{DataDir: t.TempDir(), BoltAddr: closedAddr(t), StopTimeout: 10 * time.Second}
			// The pid file names a closed port: a Neo4j that happens to run on the
			// default port must not make the status look alive.
			contents := tt.contents(t, cfg.DataDir, cfg.BoltAddr)
			pidFile := filepath.Join(cfg.DataDir, "neo4j.pid")
			if contents != "" {
				if err := os.WriteFile(pidFile, []byte(contents), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			st, err := Status(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if st.Running != tt.wantRunning || st.StalePIDFile != tt.wantStale || st.BoltAnswering {
				t.Fatalf("status = %+v, want running=%v stale=%v", st, tt.wantRunning, tt.wantStale)
			}
			if (st.PID != 0) != tt.wantRunning {
				t.Fatalf("pid = %d with running=%v", st.PID, st.Running)
			}
			if _, err := os.Stat(pidFile); (err == nil) != (contents != "") {
				t.Fatalf("Status must not touch the pid file: stat err = %v", err)
			}
			// Stop cleans up stale pid files and stops our (fake) launcher.
			if err := Stop(context.Background(), cfg, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(pidFile); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("pid file still there after Stop: %v", err)
			}
			if tt.wantRunning {
				if alive, _ := procState(st.PID, cfg.DataDir); alive {
					t.Fatalf("pid %d still alive after Stop", st.PID)
				}
			}
		})
	}
}

func TestStopKillsAfterTimeout(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses /proc")
	}
	dataDir := t.TempDir()
	// A "launcher" that ignores SIGTERM.
	cmd := exec.Command("sh", "-c", "trap '' TERM; while :; do sleep 0.1; done", launcherClass, "--home", dataDir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-done })
	time.Sleep(100 * time.Millisecond) // let sh install the trap
	cfg := Config{DataDir: dataDir, StopTimeout: 500 * time.Millisecond}
	if err := writePIDFile(filepath.Join(dataDir, "neo4j.pid"), cmd.Process.Pid, "127.0.0.1:7687"); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if err := Stop(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("process survived Stop")
	}
	if d := time.Since(t0); d < 500*time.Millisecond {
		t.Fatalf("Stop returned after %s, before its SIGTERM grace period", d)
	}
}

func TestStartErrors(t *testing.T) {
	// A project dir with a pom but nothing built.
	project := func(t *testing.T) string {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "neo4j"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "neo4j", "pom.xml"), []byte("<project/>"), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	script := func(t *testing.T, body string) string {
		p := filepath.Join(t.TempDir(), "fake-mvn")
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name         string
		cfg          func(t *testing.T) Config
		wantErr      []string
		wantProgress string
	}{
		{name: "java missing", cfg: func(t *testing.T) Config {
			return Config{ProjectDir: project(t), Java: "/nonexistent/java"}
		}, wantErr: []string{"java not found", "/nonexistent/java", "Java 17"}},
		{name: "maven missing", cfg: func(t *testing.T) Config {
			return Config{ProjectDir: project(t), Java: "sh", Maven: "/nonexistent/mvn"}
		}, wantErr: []string{"Maven not found", "/nonexistent/mvn"}},
		{name: "pom missing", cfg: func(t *testing.T) Config {
			return Config{ProjectDir: t.TempDir(), Java: "sh"}
		}, wantErr: []string{"neo4j/pom.xml not found", "repository root"}},
		{name: "maven fails", cfg: func(t *testing.T) Config {
			return Config{ProjectDir: project(t), Java: "sh", Maven: script(t, "echo '[ERROR] BUILD FAILURE: could not resolve org.neo4j:neo4j'; exit 1")}
		}, wantErr: []string{"failed", "BUILD FAILURE: could not resolve"},
			wantProgress: "fetching Neo4j 5.26 Community with Maven (first run only)...\n[ERROR] BUILD FAILURE"},
		{name: "maven builds nothing", cfg: func(t *testing.T) Config {
			return Config{ProjectDir: project(t), Java: "sh", Maven: script(t, "echo quiet")}
		}, wantErr: []string{"Maven succeeded but", "Launcher.class"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg(t)
			cfg.DataDir = t.TempDir()
			cfg.BoltAddr = closedAddr(t)
			var progress bytes.Buffer
			err := Start(context.Background(), cfg, nil, &progress)
			if err == nil {
				t.Fatal("Start succeeded")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if !strings.Contains(progress.String(), tt.wantProgress) {
				t.Errorf("progress lacks %q:\n%s", tt.wantProgress, progress.String())
			}
		})
	}
}

func TestStartRefusesTakenPort(t *testing.T) {
	bolt := newFakeServer(t, reply(0, 0, 8, 5))
	silent := newFakeServer(t, func(net.Conn, []byte) { time.Sleep(3 * time.Second) })
	tests := []struct {
		name    string
		addr    string
		wantErr string
	}{
		{"foreign bolt server", bolt.addr(), "was not started by localneo4j"},
		{"other program", silent.addr(), "already in use by another program"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{ProjectDir: t.TempDir(), DataDir: t.TempDir(), BoltAddr: tt.addr, Java: "/nonexistent/java"}
			err := Start(context.Background(), cfg, nil, nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestStopAndStatusWhenNothingThere(t *testing.T) {
	cfg := Config{DataDir: filepath.Join(t.TempDir(), "fresh"), BoltAddr: closedAddr(t)}
	if err := Stop(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	st, err := Status(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if st.Running || st.BoltAnswering || st.PID != 0 || st.StalePIDFile {
		t.Fatalf("status = %+v", st)
	}
	if st.LogFile != filepath.Join(cfg.DataDir, "logs", "neo4j.log") || st.PIDFile != filepath.Join(cfg.DataDir, "neo4j.pid") {
		t.Fatalf("paths = %s, %s", st.LogFile, st.PIDFile)
	}
}
