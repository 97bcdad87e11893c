package localneo4j

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Backups of the project's Neo4j. Community has no online backup, but the
// jars Maven fetched hold neo4j-admin (org.neo4j.cli.AdminTool), whose
// `database dump` and `database load` copy a stopped database to and from
// one archive file, consistently. Dump and Restore run it with the data
// folder as Neo4j's home, where the launcher keeps the store.

// DumpFile is the name neo4j-admin gives the archive of the default
// database in the folder it dumps to.
const DumpFile = "neo4j.dump"

// Dump writes the default database of the stopped server for cfg.DataDir
// to toDir/neo4j.dump, replacing one there.
func Dump(ctx context.Context, cfg Config, toDir string, log *slog.Logger) error {
	abs, err := filepath.Abs(toDir)
	if err != nil {
		return fmt.Errorf("localneo4j: dump folder: %w", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return fmt.Errorf("localneo4j: dump folder: %w", err)
	}
	return admin(ctx, cfg, log, "database", "dump", "neo4j", "--overwrite-destination=true", "--to-path="+abs)
}

// Restore replaces the default database of the stopped server for
// cfg.DataDir with the archive fromDir/neo4j.dump.
func Restore(ctx context.Context, cfg Config, fromDir string, log *slog.Logger) error {
	abs, err := filepath.Abs(fromDir)
	if err != nil {
		return fmt.Errorf("localneo4j: restore folder: %w", err)
	}
	if _, err := os.Stat(filepath.Join(abs, DumpFile)); err != nil {
		return fmt.Errorf("localneo4j: no %s in %s: %w", DumpFile, abs, err)
	}
	return admin(ctx, cfg, log, "database", "load", "neo4j", "--overwrite-destination=true", "--from-path="+abs)
}

// admin runs neo4j-admin from the fetched jars on the data folder of a
// stopped server.
func admin(ctx context.Context, cfg Config, log *slog.Logger, args ...string) error {
	h, err := hold(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer h.unlock()
	cfg, log, pid := h.cfg, h.log, h.pid
	if pid != 0 {
		return fmt.Errorf("localneo4j: Neo4j for %s is running (pid %d): stop it first; Community copies only a stopped database", cfg.DataDir, pid)
	}
	java, err := lookTool(cfg.Java, "java", "Java 17 or newer is needed (Debian: apt-get install openjdk-17-jre-headless)")
	if err != nil {
		return err
	}
	if err := ensureBuilt(ctx, cfg, log, os.Stderr); err != nil {
		return err
	}
	cp := cfg.classDir() + string(os.PathListSeparator) + filepath.Join(cfg.libDir(), "*")
	full := append([]string{"-Xmx512m", "-cp", cp, "org.neo4j.cli.AdminTool"}, args...)
	cmd := exec.CommandContext(ctx, java, full...)
	cmd.Env = append(os.Environ(), "NEO4J_HOME="+cfg.DataDir, "NEO4J_CONF="+cfg.DataDir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	log.Info("neo4j-admin", "args", strings.Join(args, " "), "home", cfg.DataDir)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("localneo4j: neo4j-admin %s: %v:\n%s", strings.Join(args, " "), err, lastLines(out.Bytes(), 30))
	}
	log.Info("neo4j-admin done", "args", strings.Join(args, " "), "took", time.Since(t0).Round(time.Millisecond))
	return nil
}
