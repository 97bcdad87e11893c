package localneo4j

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// boltMagic is the preamble every Bolt connection starts with.
var boltMagic = [4]byte{0x60, 0x60, 0xB0, 0x17}

// boltProposals are the four version proposals sent after the preamble, in
// order of preference. Each is [0, range, minor, major]: "5.8 down to 5.0",
// "4.4 down to 4.2", then empty slots.
var boltProposals = [4][4]byte{
	{0x00, 0x08, 0x08, 0x05},
	{0x00, 0x02, 0x04, 0x04},
	{},
	{},
}

// BoltVersion is the protocol version a server agreed to in the handshake.
type BoltVersion struct{ Major, Minor int }

func (v BoltVersion) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// errNoVersion is returned when the peer answers the handshake with 0.0,
// meaning it speaks Bolt but none of the proposed versions.
var errNoVersion = errors.New("bolt server accepted none of the proposed protocol versions")

// boltHandshake dials addr and performs a Bolt handshake: the magic
// preamble 0x6060B017 followed by four version proposals, then reads the
// 4-byte version the server picked. A non-zero answer means a Bolt server
// is listening there. The connection is closed afterwards without sending
// any message.
func boltHandshake(ctx context.Context, addr string, timeout time.Duration) (BoltVersion, error) {
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return BoltVersion{}, err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	req := make([]byte, 0, 20)
	req = append(req, boltMagic[:]...)
	for _, p := range boltProposals {
		req = append(req, p[:]...)
	}
	if _, err := conn.Write(req); err != nil {
		return BoltVersion{}, fmt.Errorf("bolt handshake with %s: write: %w", addr, err)
	}
	var resp [4]byte
	if _, err := io.ReadFull(conn, resp[:]); err != nil {
		return BoltVersion{}, fmt.Errorf("bolt handshake with %s: read: %w", addr, err)
	}
	if binary.BigEndian.Uint32(resp[:]) == 0 {
		return BoltVersion{}, fmt.Errorf("bolt handshake with %s: %w", addr, errNoVersion)
	}
	// HTTP servers and other protocols answer with text; "HTTP" would
	// decode as major 'P'. Bolt versions we proposed have a zero first byte.
	v := BoltVersion{Major: int(resp[3]), Minor: int(resp[2])}
	if resp[0] != 0 || resp[1] != 0 || v.Major < 1 || v.Major > 0x7f {
		return BoltVersion{}, fmt.Errorf("bolt handshake with %s: not a Bolt server (answered % x)", addr, resp)
	}
	return v, nil
}

// WaitForBolt polls addr with Bolt handshakes until one succeeds, ctx is
// done, or timeout passes (timeout <= 0 means only ctx limits the wait).
func WaitForBolt(ctx context.Context, addr string, timeout time.Duration) error {
	_, err := waitForBolt(ctx, addr, timeout, nil)
	return err
}

// waitForBolt is WaitForBolt with an optional "give up" channel: when exited
// is closed (the server process died) the wait ends at once.
func waitForBolt(parent context.Context, addr string, timeout time.Duration, exited <-chan struct{}) (BoltVersion, error) {
	ctx := parent
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(parent, timeout)
		defer cancel()
	}
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	var lastErr error
	for {
		v, err := boltHandshake(ctx, addr, 2*time.Second)
		if err == nil {
			return v, nil
		}
		lastErr = err
		select {
		case <-exited:
			return BoltVersion{}, errProcessExited
		case <-ctx.Done():
			if parent.Err() == nil {
				return BoltVersion{}, fmt.Errorf("%w: bolt at %s did not answer within %s (last error: %v)", errTimeout, addr, timeout, lastErr)
			}
			return BoltVersion{}, fmt.Errorf("waiting for bolt at %s: %w (last error: %v)", addr, parent.Err(), lastErr)
		case <-tick.C:
		}
	}
}

var (
	errProcessExited = errors.New("neo4j process exited")
	errTimeout       = errors.New("timed out")
)
