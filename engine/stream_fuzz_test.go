package engine

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sluice-dlp/sluice/detectors"
)

// plantValues are the texts the fuzz target plants: every built-in rule's
// own true-positive examples, plus made-up values that sit close to rule
// boundaries (digit clusters, keywords inside words, bare triggers).
func plantValues() [][]byte {
	var out [][]byte
	for _, r := range detectors.Builtin() {
		for _, tp := range r.TP {
			text, _, err := detectors.ParseExample(tp)
			if err != nil {
				panic(err)
			}
			out = append(out, []byte(text))
		}
	}
	for _, v := range []string{
		"AKIAZ3MSJV4WXLGPTQ7R", "bob@example.com", "4111 1111 1111 1111", "4111111111111111",
		"DE89 3704 0044 0532 0130 00", "536-22-8714", "SSN 536228714", "+1 (415) 555-0132",
		"10.42.7.19", "2001:db8:85a3::8a2e:370:7334", "3c:22:fb:7a:91:0e",
		"ghp_Zq8Xr2Lm9Tv4Wn7Kp3Bc6Fh1Jd5Sg0Ya2Ue8", "password=Xk4r9TzQ2mWv7Lp",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx9kQ2LmZ7vT3wR8pN1bC6hF5jG0sYe2Ua8Dk3Jf7Hq1Lz5Xc\n-----END RSA PRIVATE KEY-----",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.qL7x2Zr9Tv4Wn7Kp3Bc6Fh1Jd5Sg0Ya2Ue8RkQ4wT7",
		"https://deploy:gH7kL2pQ9xZ4@git.example.org/x", "postgres://app:Xk4r9TzQ2mWv@db:5432/o",
		"see https://intranet.acme.example/hr?id=42.", "contact", "card", "ssn", "@", ":", "::",
		"123", "4111", " 1111", "-", "token", "secret", "AKIA", "akia", "-----begin", "http://", "www.",
		"é", "€", "\xff", "\xe2\x82", "\x82\xac", "x\u00e9y",
	} {
		out = append(out, []byte(v))
	}
	// Obfuscated values (normalize.go) and pieces of obfuscation.
	for _, c := range obfuscatedCases {
		out = append(out, []byte(c.text))
	}
	for _, v := range []string{"\u200b", "\u00ad", "\u00a0", "\u2013", "А", "Аb", "bА", "ΑΒΓ", "Мир", "\\/", `\/`, `\u0041`, `\u200b`, `\ud83d\ude00`, `\ud83d`, `\\u0041`, "\uff21\uff22"} {
		out = append(out, []byte(v))
	}
	return out
}

var plantSeps = []string{"", " ", "\n", ", ", "\t", "1", "-", ":", "@", "é", "\x80", `\n`, "\"", "\u200b", "\u00a0", `\/`, "А", `\u`}

// plant builds a text from filler with values planted as plan directs:
// each 3 bytes of plan pick a position in filler, a value and a
// separator.
func plant(values [][]byte, filler, plan []byte) []byte {
	type ins struct {
		pos      int
		val, sep []byte
	}
	var list []ins
	for i := 0; i+2 < len(plan) && len(list) < 24; i += 3 {
		pos := 0
		if len(filler) > 0 {
			pos = int(plan[i]) * (len(filler) + 1) / 256
		}
		list = append(list, ins{pos, values[int(plan[i+1])%len(values)], []byte(plantSeps[int(plan[i+2])%len(plantSeps)])})
	}
	slices.SortStableFunc(list, func(a, b ins) int { return a.pos - b.pos })
	var text []byte
	prev := 0
	for _, in := range list {
		text = append(text, filler[prev:in.pos]...)
		text = append(text, in.sep...)
		text = append(text, in.val...)
		text = append(text, in.sep...)
		prev = in.pos
	}
	return append(text, filler[prev:]...)
}

// chunking splits n bytes into chunk sizes chosen by seed: every fifth
// seed one byte at a time, others random sizes up to 3, 17, 64 or 700.
func chunking(seed uint64, n int) []int {
	rng := rand.New(rand.NewPCG(seed, seed>>32|1))
	limit := [...]int{1, 3, 17, 64, 700}[seed%5]
	var sizes []int
	for n > 0 {
		k := min(rng.IntN(limit)+1, n)
		if rng.IntN(16) == 0 {
			k = 0 // empty writes are legal
		}
		sizes = append(sizes, k)
		n -= k
	}
	return sizes
}

// streamAll feeds text through a fresh stream in the given chunk sizes.
func streamAll(t testing.TB, s *Scanner, text []byte, sizes []int) ([]byte, []Finding) {
	t.Helper()
	st := s.NewStream(context.Background())
	var out []byte
	var err error
	off := 0
	for _, k := range sizes {
		before := len(out)
		out, err = st.Write(out, text[off:off+k])
		if err != nil {
			t.Fatalf("write at %d: %v", off, err)
		}
		off += k
		if emitted := off - st.Held(); emitted < 0 || len(out) < before {
			t.Fatalf("held %d after %d bytes", st.Held(), off)
		}
	}
	if off != len(text) {
		out, err = st.Write(out, text[off:])
		if err != nil {
			t.Fatal(err)
		}
	}
	out, err = st.Close(out)
	if err != nil {
		t.Fatalf("close: %v", err)
	}
	if st.Held() != 0 {
		t.Fatalf("held %d after close", st.Held())
	}
	return out, st.Findings()
}

// streamScanners are the policies the stream property is checked under:
// the default catalogue, a mask policy with user rules of every trigger
// kind (including "always", with tiles), and a tiny merge cap.
func streamScanners(t testing.TB) []*Scanner {
	t.Helper()
	streamScannersOnce.Do(func() {
		streamScannersList, streamScannersErr = compileStreamScanners()
	})
	if streamScannersErr != nil {
		t.Fatal(streamScannersErr)
	}
	return streamScannersList
}

// Compiling the whole catalogue takes a while; the stream tests share
// two immutable scanners.
var (
	streamScannersOnce sync.Once
	streamScannersList []*Scanner
	streamScannersErr  error
)

func compileStreamScanners() ([]*Scanner, error) {
	user := &Policy{
		ID: "user", Builtin: BuiltinSet{All: true},
		Actions: map[string]Action{"default": {Op: OpMask, KeepLast: 2}, "EMAIL_ADDRESS": {Op: OpDrop}, "CODE": {Op: OpPartial}},
		Rules: []detectors.Rule{
			{ID: "code", Type: "CODE", Pattern: `\bZX-[0-9]{3,}\b`, MaxLen: 40, Context: []string{"code"}},
			{ID: "word", Type: "WORD", Keywords: []string{"ola"}, Pattern: `(?i)\w*ola\w*`, MaxLen: 30},
			{ID: "colon", Type: "COLON", Trigger: detectors.TriggerColon, Pattern: `[a-z]+:[a-z]+`, MaxLen: 20, Context: []string{"pair"}},
			{ID: "digits", Type: "DIGITS", Trigger: detectors.TriggerDigits, MinDigits: 5, Pattern: `\d{5,8}`, MaxLen: 8, Context: []string{"num"}, RequireContext: true},
		},
	}
	def, err := Compile(nil)
	if err != nil {
		return nil, err
	}
	us, err := Compile(user)
	if err != nil {
		return nil, err
	}
	return []*Scanner{def, us}, nil
}

// FuzzStreamEqualsBatch is the streaming property: for any text (with
// planted secrets and PII) and any chunking down to one byte at a time,
// the stream's output and findings equal Redact of the whole text.
func FuzzStreamEqualsBatch(f *testing.F) {
	f.Add([]byte("plain filler text, nothing to see. "), []byte{10, 0, 1, 200, 5, 2}, uint64(0))
	f.Add([]byte("key  mail  end"), []byte{40, 1, 0, 160, 2, 1, 250, 3, 3}, uint64(7))
	f.Add([]byte("x\xffy\xe2\x82\xacz 1234 5678 "), []byte{0, 9, 5, 128, 30, 6, 255, 44, 8}, uint64(3))
	f.Add([]byte("obfuscated: \u200b and А then \\/ end"), []byte{10, 250, 13, 100, 251, 14, 200, 252, 15, 240, 253, 16}, uint64(5))
	values := plantValues()
	scanners := streamScanners(f)
	f.Fuzz(func(t *testing.T, filler, plan []byte, seed uint64) {
		if len(filler) > 4096 || len(plan) > 96 {
			t.Skip()
		}
		text := plant(values, filler, plan)
		for si, s := range scanners {
			want, err := s.Redact(context.Background(), text)
			if err != nil {
				t.Fatal(err)
			}
			got, findings := streamAll(t, s, text, chunking(seed, len(text)))
			if !bytes.Equal(got, want.Redacted) {
				t.Fatalf("scanner %d, chunks %v: stream output differs from batch\nstream %q\nbatch  %q", si, chunking(seed, len(text)), got, want.Redacted)
			}
			if !slices.Equal(findings, want.Findings) {
				t.Fatalf("scanner %d: stream findings differ\nstream %+v\nbatch  %+v", si, findings, want.Findings)
			}
		}
	})
}

// TestStreamSoak checks the stream property on random texts and
// chunkings for SLUICE_SOAK seconds (skipped when unset), beside the fuzz
// target: go test -run TestStreamSoak -v ./engine with SLUICE_SOAK=240.
func TestStreamSoak(t *testing.T) {
	secs, _ := strconv.Atoi(os.Getenv("SLUICE_SOAK"))
	if secs == 0 {
		t.Skip()
	}
	values := plantValues()
	scanners := streamScanners(t)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	words := []string{"the ", "key ", "is ", "token ", "ssn ", "card ", "1", "23", "-", " ", "\n", "é", "\xff", "http", "://", "@", ":", "password", "basic ", "sig=", "-----BEGIN ", "eyJ", "AKIA",
		"\u200b", "\u00ad", "\u00a0", "\t", "А", "о", "\uff11", `\/`, `\u0041`, `\`, "\u2014"}
	deadline := time.Now().Add(time.Duration(secs) * time.Second)
	n, worst := 0, time.Duration(0)
	for time.Now().Before(deadline) {
		var filler []byte
		for range rng.IntN(400) {
			filler = append(filler, words[rng.IntN(len(words))]...)
		}
		plan := make([]byte, 3*rng.IntN(20))
		for i := range plan {
			plan[i] = byte(rng.IntN(256))
		}
		text := plant(values, filler, plan)
		seed := rng.Uint64()
		t0 := time.Now()
		for si, s := range scanners {
			want, err := s.Redact(context.Background(), text)
			if err != nil {
				t.Fatal(err)
			}
			got, f := streamAll(t, s, text, chunking(seed, len(text)))
			if !bytes.Equal(got, want.Redacted) || !slices.Equal(f, want.Findings) {
				t.Fatalf("scanner %d seed %d text %q\nstream %q\nbatch  %q", si, seed, text, got, want.Redacted)
			}
		}
		worst = max(worst, time.Since(t0))
		n++
	}
	t.Logf("%d texts, slowest %v", n, worst)
}
