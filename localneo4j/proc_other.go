//go:build !unix

package localneo4j

import (
	"context"
	"errors"
	"os/exec"
)

var errUnsupported = errors.New("localneo4j: starting a local Neo4j is only supported on Unix-like systems")

func detach(*exec.Cmd)                                    {}
func procState(int, string) (alive, ours bool)            { return false, false }
func terminate(int) error                                 { return errUnsupported }
func kill(int) error                                      { return errUnsupported }
func lockDataDir(context.Context, string) (func(), error) { return nil, errUnsupported }
func isOurCmdline(argv [][]byte, dataDir string) bool     { return false }
