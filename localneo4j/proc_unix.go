//go:build unix

package localneo4j

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// detach makes cmd the leader of a new session, so it has no controlling
// terminal, gets no SIGINT/SIGHUP meant for the caller, and outlives it.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}

// procState says whether pid is a live process. Zombies (exited, not yet
// reaped) count as dead. If /proc is available it also reports whether the
// process is our launcher for dataDir; without /proc, ours is assumed.
func procState(pid int, dataDir string) (alive, ours bool) {
	if pid <= 0 {
		return false, false
	}
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false, false
	}
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		if _, serr := os.Stat("/proc/self"); serr != nil {
			return true, true // no procfs (e.g. macOS): trust the pid file
		}
		return false, false // raced with exit
	}
	cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return !isDead(stat), false
	}
	return judgeProc(stat, cmdline, dataDir)
}

// pfKthread marks a kernel thread in /proc/PID/stat's flags
// (include/linux/sched.h).
const pfKthread = 0x200000

// judgeProc decides procState from a process's stat and cmdline files. A
// process's command line reads empty while it is being exec'd and once an
// exit has dropped its memory, before it is a zombie. Such a process counts
// as ours, as without /proc: calling it foreign made Stop return before the
// process had exited, and Status miss a launcher just started.
func judgeProc(stat, cmdline []byte, dataDir string) (alive, ours bool) {
	if isDead(stat) {
		return false, false
	}
	if len(cmdline) == 0 {
		return true, statFlags(stat)&pfKthread == 0
	}
	return true, isOurCmdline(bytes.Split(bytes.TrimRight(cmdline, "\x00"), []byte{0}), dataDir)
}

// isDead reports a zombie or dead state in a /proc/PID/stat line.
func isDead(stat []byte) bool {
	f := statFields(stat)
	return len(f) > 0 && (f[0][0] == 'Z' || f[0][0] == 'X')
}

// statFlags returns the flags field of a /proc/PID/stat line, 0 if unreadable.
func statFlags(stat []byte) uint64 {
	f := statFields(stat)
	if len(f) < 7 {
		return 0
	}
	flags, _ := strconv.ParseUint(string(f[6]), 10, 64)
	return flags
}

// statFields splits a /proc/PID/stat line after "pid (comm)", which may
// itself hold spaces and parentheses: the fields start after the last ')'.
func statFields(stat []byte) [][]byte {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return nil
	}
	return bytes.Fields(stat[i+1:])
}

// isOurCmdline reports whether argv is the launcher started for dataDir.
func isOurCmdline(argv [][]byte, dataDir string) bool {
	main, home := false, false
	for i, a := range argv {
		switch {
		case string(a) == launcherClass:
			main = true
		case string(a) == "--home" && i+1 < len(argv):
			home = filepath.Clean(string(argv[i+1])) == filepath.Clean(dataDir)
		}
	}
	return main && home
}

func signalProcess(pid int, sig syscall.Signal) error {
	err := syscall.Kill(pid, sig)
	if errors.Is(err, syscall.ESRCH) {
		return nil
	}
	return err
}

func terminate(pid int) error { return signalProcess(pid, syscall.SIGTERM) }
func kill(pid int) error      { return signalProcess(pid, syscall.SIGKILL) }

// lockDataDir takes an exclusive advisory lock on <dataDir>/neo4j.lock so
// concurrent Start/Stop calls on one data dir run one after the other.
func lockDataDir(ctx context.Context, dataDir string) (unlock func(), err error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dataDir, "neo4j.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				_ = f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for lock %s (another localneo4j Start/Stop is running): %w", f.Name(), ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}
