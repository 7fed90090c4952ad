package codec

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	text := []byte(strings.Repeat("mail bob@example.com, key AKIAZ3MSJV4WXLGPTQ7R\n", 100))
	for _, enc := range []Encoding{Identity, Gzip, Zstd, S2} {
		t.Run(string(enc)+"_", func(t *testing.T) {
			z, err := Encode(enc, text)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(enc, z, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, text) {
				t.Fatal("round trip changed the payload")
			}
		})
	}
}

func TestBombStopsAtLimit(t *testing.T) {
	zeros := make([]byte, 64<<20)
	for _, enc := range []Encoding{Gzip, Zstd, S2} {
		t.Run(string(enc), func(t *testing.T) {
			z, err := Encode(enc, zeros)
			if err != nil {
				t.Fatal(err)
			}
			if len(z) > 1<<20 {
				t.Fatalf("bomb not compact: %d", len(z))
			}
			_, err = Decode(enc, z, 1<<20)
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("want ErrTooLarge, got %v", err)
			}
		})
	}
}

func TestCorrupt(t *testing.T) {
	for _, enc := range []Encoding{Gzip, Zstd, S2} {
		t.Run(string(enc), func(t *testing.T) {
			z, _ := Encode(enc, []byte("hello hello hello hello"))
			z[len(z)/2] ^= 0xff
			z = z[:len(z)-2]
			if _, err := Decode(enc, z, 1<<20); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("want ErrCorrupt, got %v", err)
			}
		})
	}
	if _, err := Decode(Gzip, []byte("not gzip at all"), 100); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("want ErrCorrupt for garbage, got %v", err)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Encoding{"": Identity, "GZIP": Gzip, "zstd": Zstd, "s2": S2, "x-snappy-framed": S2} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := Parse("br"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("br: want ErrUnsupported, got %v", err)
	}
}
