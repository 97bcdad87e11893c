// Package localneo4j fetches, starts, checks and stops a local Neo4j 5.26 LTS
// Community server for development, the CLI and tests.
//
// Why it works this way: there is no Docker on our machines and Neo4j's own
// download site cannot be reached from them, but Maven Central can, and
// Neo4j publishes the complete DBMS there as ordinary jars (org.neo4j:neo4j,
// org.neo4j:neo4j-bolt). So the repository carries a tiny Maven project,
// neo4j/pom.xml, whose Launcher (neo4j/src/main/java/dev/survgraph/neo4j)
// runs those jars as an embedded DBMS with only the Bolt connector open, on
// a loopback address, with authentication disabled.
//
// On first use Start builds that project with `mvn -q -B -f
// <ProjectDir>/neo4j/pom.xml package` (which downloads about 120 MB of jars
// into neo4j/target/lib), then starts the JVM detached from the caller in a
// new session, so the server outlives the command that started it. The
// process id goes to <DataDir>/neo4j.pid, its stdout and stderr are appended
// to <DataDir>/logs/neo4j.log, and Neo4j's own debug.log lands next to it.
// The store lives in <DataDir>/data and survives restarts. "Ready" means a
// real Bolt handshake succeeds on the configured address.
//
// Clients connect with the Neo4j Go driver to bolt://<BoltAddr> with no
// authentication. This package itself uses only the standard library.
//
// Optional extra Neo4j settings (key=value, as in neo4j.conf) may be put in
// <DataDir>/neo4j.conf; the launcher loads that file first and then applies
// its own Bolt, auth, page-cache and log-directory settings on top.
//
// Procedure plugins such as APOC core are off by default. Config.Plugins (or
// the SURVGRAPH_NEO4J_PLUGINS environment variable) names a folder of jars:
// they go on the JVM's class path and the launcher loads their procedures
// from that folder, with apoc.* procedures allowed unrestricted access. The
// peer benchmark (bench/peers) uses it for @neo4j/graphql, which needs APOC.
package localneo4j

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Defaults applied by Config fields left empty.
const (
	DefaultBoltAddr     = "127.0.0.1:7687"
	DefaultHeap         = "2g"
	DefaultPageCache    = "2g"
	DefaultStartTimeout = 120 * time.Second
	DefaultStopTimeout  = 60 * time.Second
)

const launcherClass = "dev.survgraph.neo4j.Launcher"

// jvmFlags are the JVM options from Neo4j 5.26's stock neo4j.conf
// (server.jvm.additional) that matter for an embedded server on Java 17,
// minus -XX:+AlwaysPreTouch (it would touch the whole heap up front on a
// shared machine), plus -XX:+ExitOnOutOfMemoryError and a UTF-8 default.
var jvmFlags = []string{
	"-XX:+UseG1GC",
	"-XX:-OmitStackTraceInFastThrow",
	"-XX:+UnlockExperimentalVMOptions",
	"-XX:+TrustFinalNonStaticFields",
	"-XX:+DisableExplicitGC",
	"-XX:+ExitOnOutOfMemoryError",
	"-XX:FlightRecorderOptions=stackdepth=256",
	"-XX:+UnlockDiagnosticVMOptions",
	"-XX:+DebugNonSafepoints",
	"-Djdk.nio.maxCachedBufferSize=1024",
	"-Dio.netty.tryReflectionSetAccessible=true",
	"-Djdk.tls.ephemeralDHKeySize=2048",
	"-Djdk.tls.rejectClientInitiatedRenegotiation=true",
	"-Dlog4j2.disable.jmx=true",
	"-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
	"-Dfile.encoding=UTF-8",
	"--add-opens=java.base/java.nio=ALL-UNNAMED",
	"--add-opens=java.base/java.io=ALL-UNNAMED",
	"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
	"--add-opens=java.base/java.lang=ALL-UNNAMED",
	"--enable-native-access=ALL-UNNAMED",
}

// Config says where the Neo4j project and data live and how to run it.
// Zero values get the defaults noted on each field.
type Config struct {
	ProjectDir string // repository root holding neo4j/pom.xml; default "."
	DataDir    string // Neo4j home: data/, logs/neo4j.log, neo4j.pid; default <ProjectDir>/.data/neo4j
	BoltAddr   string // loopback host:port for Bolt; default "127.0.0.1:7687"
	Heap       string // JVM -Xms/-Xmx, e.g. "512m", "2g"; default "2g"
	PageCache  string // Neo4j page cache, e.g. "256m", "2g"; default "2g"
	// TxMemoryTotal is what all transactions together may take of the heap
	// (dbms.memory.transaction.total.max), and TxMemory what one may
	// (db.memory.transaction.max); by default 70% of the heap (Neo4j's own
	// default, said out loud) and a TxShares-th of that. A transaction over
	// its share fails alone, rather than leave the others no memory.
	TxMemoryTotal, TxMemory string
	StartTimeout            time.Duration // how long Start waits for Bolt; default 120s
	StopTimeout             time.Duration // how long Stop waits after SIGTERM before SIGKILL; default 60s
	Java, Maven             string        // executables; default "java", "mvn"
	// Plugins is a folder of procedure jars (APOC core) to load; default
	// $SURVGRAPH_NEO4J_PLUGINS, and none when that is unset.
	Plugins string
}

// TxShares is how many transactions' shares the default transaction pool
// holds: survgraph serve's default bound of 8 transactions at once, its 2
// shared computations, a loader and one to spare. graphdb.Open lowers its
// bound to fit when the pool holds fewer (docs/deploy.md).
const TxShares = 12

// PluginsEnv is the environment variable that names a plugins folder when
// Config.Plugins is empty.
const PluginsEnv = "SURVGRAPH_NEO4J_PLUGINS"

// ServerStatus describes the local server as seen from its DataDir and
// BoltAddr. (It is not called Status because the function Status returns it.)
type ServerStatus struct {
	PID           int    // pid of our running launcher, 0 if none
	Running       bool   // our launcher process for this DataDir is alive
	BoltAnswering bool   // a Bolt handshake on BoltAddr succeeds (may be a foreign server if !Running)
	BoltVersion   string // protocol version agreed in that handshake, e.g. "5.8"
	StalePIDFile  bool   // a pid file exists but names no live launcher (Start/Stop remove it)
	BoltAddr      string
	PIDFile       string
	LogFile       string
}

var sizeRE = regexp.MustCompile(`^[1-9][0-9]*[kKmMgG]?$`)

// withDefaults fills in defaults, makes paths absolute and validates.
func (c Config) withDefaults() (Config, error) {
	if c.ProjectDir == "" {
		c.ProjectDir = "."
	}
	abs, err := filepath.Abs(c.ProjectDir)
	if err != nil {
		return c, fmt.Errorf("localneo4j: project dir: %w", err)
	}
	c.ProjectDir = abs
	if c.DataDir == "" {
		c.DataDir = filepath.Join(c.ProjectDir, ".data", "neo4j")
	}
	if c.DataDir, err = filepath.Abs(c.DataDir); err != nil {
		return c, fmt.Errorf("localneo4j: data dir: %w", err)
	}
	if c.BoltAddr == "" {
		c.BoltAddr = DefaultBoltAddr
	}
	if err := checkLoopback(c.BoltAddr); err != nil {
		return c, err
	}
	if c.Heap == "" {
		c.Heap = DefaultHeap
	}
	if !sizeRE.MatchString(c.Heap) {
		return c, fmt.Errorf("localneo4j: heap size %q: want a number with optional k/m/g suffix, e.g. 2g", c.Heap)
	}
	if c.PageCache == "" {
		c.PageCache = DefaultPageCache
	}
	if !sizeRE.MatchString(c.PageCache) {
		return c, fmt.Errorf("localneo4j: page cache size %q: want a number with optional k/m/g suffix, e.g. 2g", c.PageCache)
	}
	heap, _ := parseSize(c.Heap)
	if c.TxMemoryTotal == "" {
		c.TxMemoryTotal = formatSize(heap * 7 / 10)
	}
	total, err := parseSize(c.TxMemoryTotal)
	if err != nil {
		return c, fmt.Errorf("localneo4j: transaction memory %q: want a number with optional k/m/g suffix, e.g. 1g", c.TxMemoryTotal)
	}
	if c.TxMemory == "" {
		c.TxMemory = formatSize(total / TxShares)
	}
	if _, err := parseSize(c.TxMemory); err != nil {
		return c, fmt.Errorf("localneo4j: transaction memory %q: want a number with optional k/m/g suffix, e.g. 100m", c.TxMemory)
	}
	if c.StartTimeout <= 0 {
		c.StartTimeout = DefaultStartTimeout
	}
	if c.StopTimeout <= 0 {
		c.StopTimeout = DefaultStopTimeout
	}
	if c.Java == "" {
		c.Java = "java"
	}
	if c.Maven == "" {
		c.Maven = "mvn"
	}
	if c.Plugins == "" {
		c.Plugins = os.Getenv(PluginsEnv)
	}
	if c.Plugins != "" {
		if c.Plugins, err = filepath.Abs(c.Plugins); err != nil {
			return c, fmt.Errorf("localneo4j: plugins dir: %w", err)
		}
		if st, err := os.Stat(c.Plugins); err != nil || !st.IsDir() {
			return c, fmt.Errorf("localneo4j: plugins dir %s is not a folder (%v)", c.Plugins, err)
		}
	}
	return c, nil
}

// checkLoopback insists on a loopback host: the server runs without auth.
func checkLoopback(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("localneo4j: bolt address %q: %w", addr, err)
	}
	if p, err := strconv.Atoi(port); err != nil || p <= 0 || p > 65535 {
		return fmt.Errorf("localneo4j: bolt address %q: bad port", addr)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("localneo4j: bolt address %q must be on loopback (127.0.0.1, ::1 or localhost): the server runs with authentication disabled", addr)
}

// parseSize reads a size such as 512m or 2g, in bytes.
func parseSize(s string) (int64, error) {
	if !sizeRE.MatchString(s) {
		return 0, fmt.Errorf("bad size %q", s)
	}
	unit := int64(1)
	switch s[len(s)-1] {
	case 'k', 'K':
		unit = 1 << 10
	case 'm', 'M':
		unit = 1 << 20
	case 'g', 'G':
		unit = 1 << 30
	}
	if unit > 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n * unit, err
}

// formatSize writes bytes as whole mebibytes, as Neo4j's settings read them.
func formatSize(n int64) string { return strconv.FormatInt(max(n>>20, 1), 10) + "m" }

func (c Config) neo4jDir() string  { return filepath.Join(c.ProjectDir, "neo4j") }
func (c Config) pomFile() string   { return filepath.Join(c.neo4jDir(), "pom.xml") }
func (c Config) libDir() string    { return filepath.Join(c.neo4jDir(), "target", "lib") }
func (c Config) classDir() string  { return filepath.Join(c.neo4jDir(), "target", "classes") }
func (c Config) pidFile() string   { return filepath.Join(c.DataDir, "neo4j.pid") }
func (c Config) logFile() string   { return filepath.Join(c.DataDir, "logs", "neo4j.log") }
func (c Config) stampFile() string { return filepath.Join(c.libDir(), ".localneo4j-built") }
func (c Config) launcherClassFile() string {
	return filepath.Join(c.classDir(), "dev", "survgraph", "neo4j", "Launcher.class")
}
func (c Config) launcherSource() string {
	return filepath.Join(c.neo4jDir(), "src", "main", "java", "dev", "survgraph", "neo4j", "Launcher.java")
}

// javaArgs is the java command line (without the executable).
func (c Config) javaArgs() []string {
	args := []string{"-Xms" + c.Heap, "-Xmx" + c.Heap}
	args = append(args, jvmFlags...)
	cp := c.classDir() + string(os.PathListSeparator) + filepath.Join(c.libDir(), "*")
	if c.Plugins != "" {
		// On the class path too: the extensions a plugin declares (APOC's
		// configuration) are found there, its procedures in the folder.
		cp += string(os.PathListSeparator) + filepath.Join(c.Plugins, "*")
	}
	args = append(args, "-cp", cp, launcherClass,
		"--home", c.DataDir,
		"--bolt", c.BoltAddr,
		"--pagecache", c.PageCache,
		"--tx-total", c.TxMemoryTotal,
		"--tx-max", c.TxMemory)
	if c.Plugins != "" {
		args = append(args, "--plugins", c.Plugins)
	}
	return args
}

// Pid file: first line the pid, then "bolt=<addr>".

func formatPIDFile(pid int, boltAddr string) []byte {
	return []byte(fmt.Sprintf("%d\nbolt=%s\n", pid, boltAddr))
}

func parsePIDFile(data []byte) (pid int, boltAddr string, err error) {
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	pid, err = strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil || pid <= 0 {
		return 0, "", fmt.Errorf("bad pid file contents %q", strings.TrimSpace(string(data)))
	}
	for _, l := range lines[1:] {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "bolt="); ok {
			boltAddr = v
		}
	}
	return pid, boltAddr, nil
}

func writePIDFile(path string, pid int, boltAddr string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, formatPIDFile(pid, boltAddr), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// readPIDFile returns the launcher named by the pid file if it is alive,
// and whether a pid file exists that is stale (unreadable, process gone, or
// pid reused by another program).
func (c Config) readPIDFile() (pid int, boltAddr string, stale bool, err error) {
	data, err := os.ReadFile(c.pidFile())
	if errors.Is(err, os.ErrNotExist) {
		return 0, "", false, nil
	}
	if err != nil {
		return 0, "", false, err
	}
	pid, boltAddr, perr := parsePIDFile(data)
	if perr != nil {
		return 0, "", true, nil
	}
	if alive, ours := procState(pid, c.DataDir); !alive || !ours {
		return 0, "", true, nil
	}
	return pid, boltAddr, false, nil
}

// livePID is readPIDFile that also removes a stale pid file. Call it only
// while holding the data dir lock.
func (c Config) livePID(log *slog.Logger) (pid int, boltAddr string, err error) {
	pid, boltAddr, stale, err := c.readPIDFile()
	if err != nil {
		return 0, "", fmt.Errorf("localneo4j: reading %s: %w", c.pidFile(), err)
	}
	if stale {
		log.Info("removing stale neo4j pid file", "file", c.pidFile())
		if err := os.Remove(c.pidFile()); err != nil && !errors.Is(err, os.ErrNotExist) {
			return 0, "", fmt.Errorf("localneo4j: removing stale %s: %w", c.pidFile(), err)
		}
	}
	return pid, boltAddr, nil
}

func orDiscard(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return log
}

// Status reports whether our server for cfg.DataDir is running and whether
// Bolt answers on its address. It changes nothing on disk.
func Status(ctx context.Context, cfg Config) (ServerStatus, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return ServerStatus{}, err
	}
	st := ServerStatus{BoltAddr: cfg.BoltAddr, PIDFile: cfg.pidFile(), LogFile: cfg.logFile()}
	pid, addr, stale, err := cfg.readPIDFile()
	if err != nil {
		return st, fmt.Errorf("localneo4j: reading %s: %w", cfg.pidFile(), err)
	}
	st.PID, st.Running, st.StalePIDFile = pid, pid != 0, stale
	if addr != "" {
		st.BoltAddr = addr
	}
	if v, err := boltHandshake(ctx, st.BoltAddr, 2*time.Second); err == nil {
		st.BoltAnswering, st.BoltVersion = true, v.String()
	}
	return st, nil
}

// Start makes sure our Neo4j for cfg.DataDir is running and answering Bolt
// on cfg.BoltAddr. If it already is, Start returns nil at once. Otherwise it
// builds the Maven project if needed (announcing that on progress), starts
// the JVM detached, and waits up to cfg.StartTimeout for a Bolt handshake.
// log and progress may be nil.
func Start(ctx context.Context, cfg Config, log *slog.Logger, progress io.Writer) error {
	h, err := hold(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer h.unlock()
	cfg, log, pid, addr := h.cfg, h.log, h.pid, h.addr
	if progress == nil {
		progress = io.Discard
	}
	if pid != 0 {
		if addr != "" && addr != cfg.BoltAddr {
			return fmt.Errorf("localneo4j: Neo4j for %s is already running (pid %d) on %s, not %s; stop it first", cfg.DataDir, pid, addr, cfg.BoltAddr)
		}
		if v, err := boltHandshake(ctx, cfg.BoltAddr, 2*time.Second); err == nil {
			log.Info("neo4j already running", "pid", pid, "bolt", cfg.BoltAddr, "bolt_version", v.String())
			return nil
		}
		fmt.Fprintf(progress, "Neo4j (pid %d) is starting; waiting for Bolt on %s...\n", pid, cfg.BoltAddr)
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		if _, err := waitForBolt(wctx, cfg.BoltAddr, cfg.StartTimeout, watchGone(wctx, pid, cfg.DataDir)); err != nil {
			return cfg.startFailure(pid, err, nil, false)
		}
		return nil
	}

	if err := checkPortFree(ctx, cfg); err != nil {
		return err
	}
	java, err := lookTool(cfg.Java, "java", "Java 17 or newer is needed to run Neo4j 5.26 (Debian: apt-get install openjdk-17-jre-headless)")
	if err != nil {
		return err
	}
	if err := ensureBuilt(ctx, cfg, log, progress); err != nil {
		return err
	}
	return launch(ctx, cfg, java, log, progress)
}

// checkPortFree refuses an address already taken by something that is not
// our launcher for this DataDir.
func checkPortFree(ctx context.Context, cfg Config) error {
	if v, err := boltHandshake(ctx, cfg.BoltAddr, time.Second); err == nil {
		return fmt.Errorf("localneo4j: a Bolt server (protocol %s) is already listening on %s, but it was not started by localneo4j for %s (no live pid in %s); stop it or choose another Bolt address", v, cfg.BoltAddr, cfg.DataDir, cfg.pidFile())
	}
	ln, err := net.Listen("tcp", cfg.BoltAddr)
	if err != nil {
		return fmt.Errorf("localneo4j: Bolt address %s is already in use by another program (%v); stop it or choose another Bolt address", cfg.BoltAddr, err)
	}
	return ln.Close()
}

// lookTool resolves an executable, with a helpful error when it is missing.
func lookTool(name, what, hint string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("localneo4j: %s not found (%q: %v); %s", what, name, err, hint)
	}
	return p, nil
}

// needsBuild reports whether neo4j/target must be (re)built: nothing built
// yet, or pom.xml or Launcher.java changed since the last build.
func (c Config) needsBuild() bool {
	class, err := os.Stat(c.launcherClassFile())
	if err != nil {
		return true
	}
	jars, _ := filepath.Glob(filepath.Join(c.libDir(), "neo4j-*.jar"))
	if len(jars) == 0 {
		return true
	}
	ref := class.ModTime()
	if st, err := os.Stat(c.stampFile()); err == nil {
		ref = st.ModTime()
	}
	for _, src := range []string{c.pomFile(), c.launcherSource()} {
		if st, err := os.Stat(src); err == nil && st.ModTime().After(ref) {
			return true
		}
	}
	return false
}

// ensureBuilt runs Maven when needsBuild says so.
func ensureBuilt(ctx context.Context, cfg Config, log *slog.Logger, progress io.Writer) error {
	if !cfg.needsBuild() {
		return nil
	}
	if _, err := os.Stat(cfg.pomFile()); err != nil {
		return fmt.Errorf("localneo4j: %s not found: ProjectDir must be the repository root holding neo4j/pom.xml (%v)", cfg.pomFile(), err)
	}
	mvn, err := lookTool(cfg.Maven, "Maven", "it is needed once to fetch Neo4j (Debian: apt-get install maven)")
	if err != nil {
		return err
	}
	first := true
	if _, err := os.Stat(cfg.libDir()); err == nil {
		first = false
	}
	if first {
		fmt.Fprintln(progress, "fetching Neo4j 5.26 Community with Maven (first run only)...")
	} else {
		fmt.Fprintln(progress, "neo4j/pom.xml or the launcher changed: rebuilding with Maven...")
	}
	// Old jars would stay on the classpath next to new versions.
	if err := os.RemoveAll(cfg.libDir()); err != nil {
		return fmt.Errorf("localneo4j: clearing %s: %w", cfg.libDir(), err)
	}
	args := []string{"-q", "-B", "-f", cfg.pomFile(), "package"}
	cmd := exec.CommandContext(ctx, mvn, args...)
	cmd.Dir = cfg.ProjectDir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	log.Info("building neo4j launcher with maven", "cmd", mvn+" "+strings.Join(args, " "))
	if err := cmd.Run(); err != nil {
		progress.Write(out.Bytes())
		return fmt.Errorf("localneo4j: `%s %s` failed after %s: %v; Maven said:\n%s",
			cfg.Maven, strings.Join(args, " "), time.Since(t0).Round(time.Second), err, lastLines(out.Bytes(), 60))
	}
	if cfg.needsBuildAfterMaven() {
		return fmt.Errorf("localneo4j: Maven succeeded but %s or jars in %s are missing; Maven said:\n%s",
			cfg.launcherClassFile(), cfg.libDir(), lastLines(out.Bytes(), 60))
	}
	if err := os.WriteFile(cfg.stampFile(), []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644); err != nil {
		return fmt.Errorf("localneo4j: %w", err)
	}
	log.Info("neo4j launcher built", "took", time.Since(t0).Round(time.Millisecond))
	fmt.Fprintf(progress, "Neo4j fetched and built in %s.\n", time.Since(t0).Round(time.Second))
	return nil
}

func (c Config) needsBuildAfterMaven() bool {
	if _, err := os.Stat(c.launcherClassFile()); err != nil {
		return true
	}
	jars, _ := filepath.Glob(filepath.Join(c.libDir(), "neo4j-*.jar"))
	return len(jars) == 0
}

// launch starts the JVM detached and waits for Bolt.
func launch(ctx context.Context, cfg Config, java string, log *slog.Logger, progress io.Writer) error {
	if err := os.MkdirAll(filepath.Dir(cfg.logFile()), 0o755); err != nil {
		return fmt.Errorf("localneo4j: %w", err)
	}
	lf, err := os.OpenFile(cfg.logFile(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("localneo4j: %w", err)
	}
	defer lf.Close() // the child keeps its own descriptor
	args := cfg.javaArgs()
	fmt.Fprintf(lf, "\n==== localneo4j %s: %s %s\n", time.Now().Format(time.RFC3339), java, strings.Join(args, " "))

	cmd := exec.Command(java, args...) // not CommandContext: it must outlive ctx and the caller
	cmd.Dir = cfg.DataDir
	cmd.Stdout, cmd.Stderr = lf, lf
	detach(cmd)
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("localneo4j: starting %s: %w", java, err)
	}
	pid := cmd.Process.Pid
	exited := make(chan struct{})
	var waitErr error
	go func() { // reap it if it dies while we live, so it never lingers as a zombie
		waitErr = cmd.Wait()
		close(exited)
	}()
	if err := writePIDFile(cfg.pidFile(), pid, cfg.BoltAddr); err != nil {
		_ = kill(pid)
		return fmt.Errorf("localneo4j: writing %s: %w", cfg.pidFile(), err)
	}
	log.Info("neo4j starting", "pid", pid, "bolt", cfg.BoltAddr, "data", cfg.DataDir, "log", cfg.logFile())
	fmt.Fprintf(progress, "starting Neo4j (pid %d, heap %s, page cache %s); waiting for Bolt on %s...\n", pid, cfg.Heap, cfg.PageCache, cfg.BoltAddr)

	v, err := waitForBolt(ctx, cfg.BoltAddr, cfg.StartTimeout, exited)
	if err != nil {
		if !errors.Is(err, errProcessExited) {
			// Timed out or the caller gave up: do not leave a half-started server behind.
			_ = terminate(pid)
			select {
			case <-exited:
			case <-time.After(15 * time.Second):
				_ = kill(pid)
				<-exited
			}
		}
		_ = os.Remove(cfg.pidFile())
		return cfg.startFailure(pid, err, waitErr, true)
	}
	log.Info("neo4j ready", "pid", pid, "bolt", cfg.BoltAddr, "bolt_version", v.String(), "took", time.Since(t0).Round(time.Millisecond))
	fmt.Fprintf(progress, "Neo4j is ready on bolt://%s (pid %d, %s).\n", cfg.BoltAddr, pid, time.Since(t0).Round(100*time.Millisecond))
	return nil
}

// startFailure builds the error for a start that did not reach Bolt.
func (c Config) startFailure(pid int, err, exitErr error, stopped bool) error {
	var what string
	switch {
	case errors.Is(err, errProcessExited):
		status := "exited"
		if exitErr != nil {
			status = exitErr.Error()
		}
		what = fmt.Sprintf("Neo4j (pid %d) died during startup (%s)", pid, status)
	case errors.Is(err, errTimeout):
		what = fmt.Sprintf("Neo4j (pid %d) timed out after %s: %v", pid, c.StartTimeout, err)
	default:
		what = fmt.Sprintf("Neo4j (pid %d) did not become ready: %v", pid, err)
	}
	if stopped && !errors.Is(err, errProcessExited) {
		what += "; it was stopped"
	}
	return fmt.Errorf("localneo4j: %s; see %s, last lines:\n%s", what, c.logFile(), tailFile(c.logFile(), 20))
}

// watchGone returns a channel closed when pid is no longer our live launcher.
func watchGone(ctx context.Context, pid int, dataDir string) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		for {
			if alive, ours := procState(pid, dataDir); !alive || !ours {
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(250 * time.Millisecond):
			}
		}
	}()
	return ch
}

// Stop shuts our server for cfg.DataDir down: SIGTERM (the launcher's
// shutdown hook stops Neo4j cleanly), then SIGKILL if it is still alive
// after cfg.StopTimeout. Not running is not an error. log may be nil.
func Stop(ctx context.Context, cfg Config, log *slog.Logger) error {
	h, err := hold(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer h.unlock()
	cfg, log, pid := h.cfg, h.log, h.pid
	if pid == 0 {
		log.Debug("neo4j not running", "data", cfg.DataDir)
		return nil
	}
	t0 := time.Now()
	log.Info("stopping neo4j", "pid", pid)
	if err := terminate(pid); err != nil {
		return fmt.Errorf("localneo4j: SIGTERM to pid %d: %w", pid, err)
	}
	gone, err := waitGone(ctx, pid, cfg.DataDir, cfg.StopTimeout)
	if err != nil {
		return fmt.Errorf("localneo4j: waiting for Neo4j (pid %d) to stop: %w", pid, err)
	}
	if !gone {
		log.Warn("neo4j did not stop in time, killing it", "pid", pid, "timeout", cfg.StopTimeout)
		if err := kill(pid); err != nil {
			return fmt.Errorf("localneo4j: SIGKILL to pid %d: %w", pid, err)
		}
		if gone, err = waitGone(ctx, pid, cfg.DataDir, 15*time.Second); err != nil || !gone {
			return fmt.Errorf("localneo4j: Neo4j (pid %d) survived SIGKILL (%v)", pid, err)
		}
	}
	if err := os.Remove(cfg.pidFile()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("localneo4j: %w", err)
	}
	log.Info("neo4j stopped", "pid", pid, "took", time.Since(t0).Round(time.Millisecond))
	return nil
}

// held is a data folder locked for this process, with the server found
// running on it (pid 0 for none).
type held struct {
	cfg    Config // with defaults
	log    *slog.Logger
	pid    int
	addr   string
	unlock func()
}

// hold applies cfg's defaults, locks its data folder and reads which server,
// if any, runs on it: what Start, Stop and the admin commands begin with.
func hold(ctx context.Context, cfg Config, log *slog.Logger) (*held, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	log = orDiscard(log)
	unlock, err := lockDataDir(ctx, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	pid, addr, err := cfg.livePID(log)
	if err != nil {
		unlock()
		return nil, err
	}
	return &held{cfg: cfg, log: log, pid: pid, addr: addr, unlock: unlock}, nil
}

// waitGone polls until pid is no longer our live launcher or timeout.
func waitGone(ctx context.Context, pid int, dataDir string, timeout time.Duration) (bool, error) {
	deadline := time.Now().Add(timeout)
	for {
		if alive, ours := procState(pid, dataDir); !alive || !ours {
			return true, nil
		}
		if time.Now().After(deadline) {
			return false, nil
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// tailFile returns the last n lines of path (reading at most its last 64 KiB).
func tailFile(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	defer f.Close()
	const max = 64 << 10
	if st, err := f.Stat(); err == nil && st.Size() > max {
		_, _ = f.Seek(st.Size()-max, io.SeekStart)
	}
	data, _ := io.ReadAll(f)
	return lastLines(data, n)
}

// lastLines returns the last n lines of data, without a trailing newline.
func lastLines(data []byte, n int) string {
	s := strings.TrimRight(string(data), "\n")
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
