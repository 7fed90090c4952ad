package natsbus

import (
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/codec"
)

// TestHeaders: header names match in any letter case, header values are
// scanned, publishers cannot forge Sluice-* or Nats-* headers, and an
// encoding that cannot be honoured goes to the dead letter.
func TestHeaders(t *testing.T) {
	b := newBus(t)
	noLeak(t, b.srv.ClientURL())
	startConsumer(t, b.srv.ClientURL(), Config{In: "llm.responses.>", Out: "llm.redacted.>"}, nil)
	out, err := b.nc.SubscribeSync("llm.redacted.>")
	if err != nil {
		t.Fatal(err)
	}
	dl, err := b.nc.SubscribeSync(DefaultDeadLetter + ".>")
	if err != nil {
		t.Fatal(err)
	}
	gz, _ := codec.Encode(codec.Gzip, []byte(payload(1)))
	zs, _ := codec.Encode(codec.Zstd, []byte(payload(1)))
	want := "response #1: write to <EMAIL_ADDRESS>, token <GENERIC_SECRET>."

	t.Run("lower-case content-encoding", func(t *testing.T) {
		for _, name := range []string{"content-encoding", "CONTENT-ENCODING", "Content-encoding"} {
			m := nats.NewMsg("llm.responses.enc")
			m.Data = gz
			m.Header[name] = []string{"GZip"}
			if err := b.nc.PublishMsg(m); err != nil {
				t.Fatal(err)
			}
			got, err := out.NextMsg(5 * time.Second)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := codec.Decode(codec.Gzip, got.Data, 1<<20)
			if err != nil || string(plain) != want {
				t.Fatalf("%s: output %q (%v), want gzip of %q", name, got.Data, err, want)
			}
			if got.Header.Get(HeaderFindings) != "2" || len(got.Header) != 4 || got.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("%s: headers %v", name, got.Header)
			}
		}
	})

	t.Run("scanned and forged headers", func(t *testing.T) {
		m := nats.NewMsg("llm.responses.hdr")
		m.Data = []byte("nothing here")
		m.Header["X-Prompt"] = []string{"my mail is " + canaryEmail, "and " + canarySecret}
		m.Header["X-"+canarySecret] = []string{"name carries the secret"}
		m.Header["X-Request-Id"] = []string{"r-1"}
		for _, k := range []string{"sluice-findings", "SLUICE-TYPES", "Sluice-Policy", "sLuIcE-dEgRaDeD", "nats-msg-id", "NATS-EXPECTED-STREAM", "Nats-Rollup"} {
			m.Header[k] = []string{"forged"}
		}
		if err := b.nc.PublishMsg(m); err != nil {
			t.Fatal(err)
		}
		got, err := out.NextMsg(5 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Data) != "nothing here" {
			t.Fatalf("payload %q", got.Data)
		}
		wantH := nats.Header{
			"X-Prompt":     {"my mail is <EMAIL_ADDRESS>", "and <GENERIC_SECRET>"},
			"X-Request-Id": {"r-1"},
			HeaderFindings: {"3"},
			HeaderTypes:    {"EMAIL_ADDRESS,GENERIC_SECRET"},
			HeaderPolicy:   {"natsbus-test"},
		}
		if len(got.Header) != len(wantH) {
			t.Fatalf("headers %v, want %v", got.Header, wantH)
		}
		for k, v := range wantH {
			if strings.Join(got.Header[k], "|") != strings.Join(v, "|") {
				t.Errorf("header %s = %q, want %q", k, got.Header[k], v)
			}
		}
	})

	t.Run("encodings that cannot be honoured", func(t *testing.T) {
		for _, h := range []nats.Header{
			{"content-encoding": {"gzip"}, "Content-Encoding": {"identity"}}, // two meanings
			{"Content-Encoding": {"gzip", "zstd"}},
			{"content-encoding": {"gzip, zstd"}},
			{"CONTENT-ENCODING": {"br " + canarySecret}}, // the value never reaches the dead letter
		} {
			m := nats.NewMsg("llm.responses.bad")
			m.Data = gz
			if h.Get("Content-Encoding") == "zstd" {
				m.Data = zs
			}
			m.Header = h
			if err := b.nc.PublishMsg(m); err != nil {
				t.Fatal(err)
			}
			d, err := dl.NextMsg(5 * time.Second)
			if err != nil {
				t.Fatalf("%v: no dead letter: %v", h, err)
			}
			if d.Header.Get(HeaderError) != ReasonUnsupported {
				t.Errorf("%v: dead letter %v", h, d.Header)
			}
		}
		if m, err := out.NextMsg(100 * time.Millisecond); err == nil {
			t.Fatalf("forwarded %q with %v", m.Data, m.Header)
		}
	})
}

// TestHeaderNameWithReportedFinding: a header name holding a finding the
// policy only reports (a plain date under the built-in actions) is kept,
// and counted; one with a finding it redacts is dropped.
func TestHeaderNameWithReportedFinding(t *testing.T) {
	b := newBus(t)
	noLeak(t, b.srv.ClientURL())
	p := engine.DefaultPolicy()
	p.Types = []string{"DATE_TIME", "EMAIL_ADDRESS"}
	th := 0.45 // where plain dates are looked for
	p.Threshold = &th
	s, err := engine.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	startConsumer(t, b.srv.ClientURL(), Config{In: "llm.responses.>", Out: "llm.redacted.>", Scanner: func() *engine.Scanner { return s }}, nil)
	out, err := b.nc.SubscribeSync("llm.redacted.>")
	if err != nil {
		t.Fatal(err)
	}
	m := nats.NewMsg("llm.responses.dates")
	m.Data = []byte("nothing here")
	m.Header["X-Released-2031-07-14"] = []string{"on 14 July 2031"}
	if err := b.nc.PublishMsg(m); err != nil {
		t.Fatal(err)
	}
	got, err := out.NextMsg(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	wantH := nats.Header{
		"X-Released-2031-07-14": {"on 14 July 2031"},
		HeaderFindings:          {"2"},
		HeaderTypes:             {"DATE_TIME"},
		HeaderPolicy:            {"default"},
	}
	if len(got.Header) != len(wantH) {
		t.Fatalf("headers %v, want %v", got.Header, wantH)
	}
	for k, v := range wantH {
		if strings.Join(got.Header[k], "|") != strings.Join(v, "|") {
			t.Errorf("header %s = %q, want %q", k, got.Header[k], v)
		}
	}
}
