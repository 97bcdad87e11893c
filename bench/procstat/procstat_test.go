package procstat

import (
	"os"
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
