package graphdb

import "testing"

func TestTxMemoryBound(t *testing.T) {
	const mib = 1 << 20
	for _, tt := range []struct {
		name string
		m    TxMemory
		want int
	}{
		{"nothing known", TxMemory{}, 8},
		{"no share per transaction", TxMemory{Total: 1400 * mib}, 8},
		{"an unbounded pool", TxMemory{PerTransaction: 100 * mib}, 8},
		{"room for more", TxMemory{PerTransaction: 10 * mib, Total: 1400 * mib}, 8},
		{"room for fewer", TxMemory{PerTransaction: 200 * mib, Total: 1400 * mib}, 3},
		{"room for none", TxMemory{PerTransaction: 1000 * mib, Total: 1400 * mib}, 1},
	} {
		if got := tt.m.bound(8); got != tt.want {
			t.Errorf("%s: bound(8) = %d, want %d (fits %d)", tt.name, got, tt.want, tt.m.Fits())
		}
	}
}
