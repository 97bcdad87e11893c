package textfold

import "testing"

func TestLower(t *testing.T) {
	for in, want := range map[string]string{
		"Lévêque": "leveque", "Mistò": "misto", "ŁÓDŹ": "łodz", "Qosmos": "qosmos", "": "", "Ǿ": "ø",
	} {
		if got := Lower(in); got != want {
			t.Errorf("Lower(%q) = %q, want %q", in, got, want)
		}
	}
}
