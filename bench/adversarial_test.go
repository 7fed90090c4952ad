package bench

import (
	"strings"
	"testing"
)

func TestGenerateAdversarial(t *testing.T) {
	k, err := ParseKind("adversarial")
	if err != nil || k != Adversarial {
		t.Fatalf("ParseKind(adversarial) = %v, %v", k, err)
	}
	docs := Generate(Config{Seed: 1, Size: 1 << 20, Kind: Adversarial})
	if len(docs) != len(adversaries) {
		t.Fatalf("%d docs, want one per generator (%d)", len(docs), len(adversaries))
	}
	for i, d := range docs {
		if want := AdversarialPrefix + adversaries[i].name; d.ID != want {
			t.Errorf("doc %d is %q, want %q", i, d.ID, want)
		}
		if want := (1 << 20) / len(adversaries); len(d.Text) != want {
			t.Errorf("%s: %d bytes, want %d", d.ID, len(d.Text), want)
		}
		if len(d.Labels) != 0 {
			t.Errorf("%s has labels", d.ID)
		}
	}
	if !strings.HasPrefix(docs[0].Text, "http://http://") {
		t.Errorf("url input starts %q", docs[0].Text[:16])
	}
	again := Generate(Config{Seed: 1, Size: 1 << 20, Kind: Adversarial})
	for i := range docs {
		if docs[i].Text != again[i].Text {
			t.Errorf("%s differs between two runs with one seed", docs[i].ID)
		}
	}
}
