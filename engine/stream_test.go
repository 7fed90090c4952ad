package engine

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sluice-dlp/sluice/detectors"
)

const testPEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx9kQ2LmZ7vT3wR8pN1bC6hF5jG0sYe2Ua8Dk3Jf7Hq1Lz5Xc\n9Vb2Nm6Qw4Er8Ty0Ui2Op4As6Df8Gh0Jk2Lz4Xc6Vb8Nm0Qw2Er4Ty6Ui8Op0As2\n-----END RSA PRIVATE KEY-----"

func batch(t testing.TB, s *Scanner, text []byte) Result {
	t.Helper()
	r, err := s.Redact(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func checkSame(t *testing.T, name string, s *Scanner, text []byte, sizes []int) {
	t.Helper()
	want := batch(t, s, text)
	got, f := streamAll(t, s, text, sizes)
	if !bytes.Equal(got, want.Redacted) {
		t.Fatalf("%s: chunks %v\nstream %q\nbatch  %q", name, sizes, got, want.Redacted)
	}
	if !slices.Equal(f, want.Findings) {
		t.Fatalf("%s: findings\nstream %+v\nbatch  %+v", name, f, want.Findings)
	}
}

// TestStreamSplitEverywhere splits texts with findings in two (and three)
// at every position; the output must equal batch every time.
func TestStreamSplitEverywhere(t *testing.T) {
	texts := []string{
		"key AKIAZ3MSJV4WXLGPTQ7R mail bob@example.com\n",
		"card 4111 1111 1111 1111 exp 12/29, SSN: 536-22-8714, call +1 (415) 555-0132",
		"token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.qL7x2Zr9Tv4Wn7Kp3Bc6Fh1Jd5Sg0Ya2Ue8RkQ4wT7 ok",
		"DATABASE_URL=postgres://app:Xk4r9TzQ2mWv@db.internal:5432/orders and host 2001:db8:85a3::8a2e:370:7334 is up",
		"IBAN: DE89 3704 0044 0532 0130 00; MAC 00:1A:2B:3C:4D:5E.",
	}
	for _, s := range streamScanners(t) {
		for _, text := range texts {
			b := []byte(text)
			for i := 0; i <= len(b); i++ {
				checkSame(t, "halves", s, b, []int{i, len(b) - i})
				if i%3 == 0 {
					j := (i + len(b)) / 2
					checkSame(t, "thirds", s, b, []int{i / 2, j - i/2, len(b) - j})
				}
			}
		}
	}
}

// TestStreamPEMManyChunks streams a private key in chunks of 1..7 bytes;
// no byte of the key may come out before it is known to be redacted.
func TestStreamPEMManyChunks(t *testing.T) {
	s := streamScanners(t)[0]
	text := []byte("here is the key:\n" + testPEM + "\nkeep it safe. " + strings.Repeat("filler text ", 40))
	var sizes []int
	for n, k := 0, 1; n < len(text); k = k%7 + 1 {
		sizes = append(sizes, min(k, len(text)-n))
		n += k
	}
	checkSame(t, "pem", s, text, sizes)
	out, _ := streamAll(t, s, text, sizes)
	if bytes.Contains(out, []byte("MIIEow")) || !bytes.Contains(out, []byte("<PRIVATE_KEY>")) {
		t.Fatalf("key not redacted: %q", out)
	}
	// While the key streams in, what has come out never contains key material.
	st := s.NewStream(context.Background())
	var got []byte
	var err error
	for i := range text {
		if got, err = st.Write(got, text[i:i+1]); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(got, []byte("-----BEGIN")) || bytes.Contains(got, []byte("MIIEow")) {
			t.Fatalf("key material emitted after %d bytes", i+1)
		}
	}
}

// TestStreamBackToBack: findings touching each other, and of different
// triggers, across every one-byte chunking.
func TestStreamBackToBack(t *testing.T) {
	texts := []string{
		"AKIAZ3MSJV4WXLGPTQ7Rbob@example.com 4111111111111111bob@example.com",
		"bob@example.com,ann@example.org;cy@example.net",
		"10.42.7.19 10.42.7.20 10.42.7.21",
		testPEM + testPEM,
		"ZX-123 ZX-4567 code ola ola-ola ab:cd num 12345678",
	}
	for _, s := range streamScanners(t) {
		for _, text := range texts {
			b := []byte(text)
			ones := make([]int, len(b))
			for i := range ones {
				ones[i] = 1
			}
			checkSame(t, "ones", s, b, ones)
			checkSame(t, "whole", s, b, []int{len(b)})
		}
	}
}

// TestStreamUTF8 splits multibyte runes and invalid sequences at every
// byte.
func TestStreamUTF8(t *testing.T) {
	texts := []string{
		"caf\u00e9 \u20ac5 mail j\u00f6rg@example.com \U0001F600 key AKIAZ3MSJV4WXLGPTQ7R",
		"\xff bad \x80\x80 bob@example.com \xe2\x82 4111 1111 1111 1111 \xed\xa0\x80",
		"\u00e9\u00e9\u00e9@\u00e9\u00e9.com",
	}
	for _, s := range streamScanners(t) {
		for _, text := range texts {
			b := []byte(text)
			for i := 0; i <= len(b); i++ {
				checkSame(t, "utf8", s, b, []int{i, len(b) - i})
			}
		}
	}
}

// TestStreamAlwaysTiles covers rules with no trigger, whose windows are
// 4 KiB tiles: a match across a tile edge, in many chunkings.
func TestStreamAlwaysTiles(t *testing.T) {
	s := mustCompile(t, &Policy{ID: "tiles", Builtin: BuiltinSet{None: true}, Rules: []detectors.Rule{
		{ID: "zz", Type: "ZZ", Pattern: `zz[0-9]{4,20}`, MaxLen: 30},
	}})
	text := []byte(strings.Repeat("abc zz1234 ", 1200))
	for _, seed := range []uint64{1, 2, 3, 4} {
		checkSame(t, "tiles", s, text, chunking(seed, len(text)))
	}
}

// TestStreamHoldBackBounded: on long clean text, the stream holds back
// no more than the policy's look-back, and its buffer stays small.
func TestStreamHoldBackBounded(t *testing.T) {
	s := streamScanners(t)[0]
	b := s.bounds
	limit := max(b.kw, b.at, b.colon, b.digit) + 8
	st := s.NewStream(context.Background())
	chunk := []byte("the quick brown fox jumps over the lazy dog. ")
	var out []byte
	var err error
	for range 5000 {
		if out, err = st.Write(out[:0], chunk); err != nil {
			t.Fatal(err)
		}
		if st.Held() > limit+len(chunk) {
			t.Fatalf("held %d > %d", st.Held(), limit+len(chunk))
		}
	}
	// The buffer keeps the hold-back plus the context radius, and is
	// compacted once half of it is dead: bounded by a small multiple.
	if bound := 4*(limit+s.ctxWindow) + 8192; cap(st.buf) > bound {
		t.Fatalf("buffer grew to %d bytes (bound %d)", cap(st.buf), bound)
	}
}

func TestStreamFailsClosed(t *testing.T) {
	t.Run("cancelled", func(t *testing.T) {
		s := streamScanners(t)[0]
		ctx, cancel := context.WithCancel(context.Background())
		st := s.NewStream(ctx)
		out, err := st.Write(nil, []byte("mail bob@example.com and more text "))
		if err != nil {
			t.Fatal(err)
		}
		cancel()
		n := len(out)
		out, err = st.Write(out, []byte("key AKIAZ3MSJV4WXLGPTQ7R"))
		if !errors.Is(err, context.Canceled) || len(out) != n {
			t.Fatalf("write after cancel: %v, %d new bytes", err, len(out)-n)
		}
		out, err = st.Close(out)
		if !errors.Is(err, context.Canceled) || len(out) != n {
			t.Fatalf("close after cancel: %v, %d new bytes", err, len(out)-n)
		}
		if st.Held() != 0 {
			t.Fatalf("still holds %d bytes", st.Held())
		}
	})
	t.Run("too many findings", func(t *testing.T) {
		s := mustCompile(t, &Policy{ID: "m", Builtin: BuiltinSet{IDs: []string{"email"}}, MaxFindings: 2})
		text := []byte("a@example.com b@example.com c@example.com " + strings.Repeat("x", 400))
		if _, err := s.Redact(context.Background(), text); !errors.Is(err, ErrTooManyFindings) {
			t.Fatalf("batch: %v", err)
		}
		st := s.NewStream(context.Background())
		var out []byte
		var err error
		for i := 0; i < len(text) && err == nil; i += 5 {
			out, err = st.Write(out, text[i:min(i+5, len(text))])
		}
		if err == nil {
			out, err = st.Close(out)
		}
		if !errors.Is(err, ErrTooManyFindings) {
			t.Fatalf("stream: %v", err)
		}
		if bytes.Contains(out, []byte("c@example")) {
			t.Fatalf("held-back bytes returned: %q", out)
		}
	})
	t.Run("closed", func(t *testing.T) {
		st := streamScanners(t)[0].NewStream(context.Background())
		if _, err := st.Close(nil); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Write(nil, []byte("x")); !errors.Is(err, ErrStreamClosed) {
			t.Fatalf("write after close: %v", err)
		}
	})
}

type fakeNER struct{}

func (fakeNER) Recognize(_ context.Context, text []byte, dst []Finding) ([]Finding, error) {
	if i := bytes.Index(text, []byte("Ada Lovelace")); i >= 0 {
		dst = append(dst, Finding{Type: "PERSON", Category: "pii", Rule: "ner", Start: i, End: i + 12, Score: 0.9})
	}
	return dst, nil
}

// TestStreamWithModelStage: a model stage needs the whole text, so the
// stream holds everything and still equals batch.
func TestStreamWithModelStage(t *testing.T) {
	s := mustCompile(t, &Policy{ID: "ner", Builtin: BuiltinSet{IDs: []string{"email"}}}, WithRecognizer(fakeNER{}))
	text := []byte("Ada Lovelace wrote to bob@example.com")
	checkSame(t, "ner", s, text, []int{3, 5, 7, len(text) - 15})
}

func TestRedactingWriter(t *testing.T) {
	s := streamScanners(t)[0]
	var buf bytes.Buffer
	w := NewRedactingWriter(s.NewStream(context.Background()), &buf)
	text := "key AKIAZ3MSJV4WXLGPTQ7R mail bob@example.com\n"
	for i := 0; i < len(text); i += 3 {
		if _, err := w.Write([]byte(text[i:min(i+3, len(text))])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if want := "key <AWS_ACCESS_KEY_ID> mail <EMAIL_ADDRESS>\n"; buf.String() != want {
		t.Fatalf("got %q", buf.String())
	}
	if len(w.Stream().Findings()) != 2 {
		t.Fatalf("findings %+v", w.Stream().Findings())
	}
}

// TestStreamRoutesLikeBatch: the stream's keyword finder (by last byte)
// sees exactly the occurrences the batch prefilter routes.
func TestStreamRoutesLikeBatch(t *testing.T) {
	s := streamScanners(t)[0]
	for _, r := range detectors.Builtin() {
		for _, tp := range r.TP {
			tp, _, err := detectors.ParseExample(tp)
			if err != nil {
				t.Fatal(err)
			}
			checkSame(t, r.ID, s, []byte(tp), chunking(1+uint64(len(tp))%4, len(tp)))
		}
	}
}

// TestAppendFindingsCleanNoAlloc: the changes the stream made to the
// scanner keep the batch path allocation-free on text with no finding.
func TestAppendFindingsCleanNoAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	s := streamScanners(t)[0]
	text := []byte(strings.Repeat("the quick brown fox jumps over the lazy dog. ", 20))
	ctx := context.Background()
	dst := make([]Finding, 0, 4)
	allocs := testing.AllocsPerRun(50, func() {
		if _, _, err := s.AppendFindings(ctx, text, dst[:0]); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per clean scan", allocs)
	}
}
