package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/natsbus"
)

// TestConsumeKill9MidAnswer runs the real binary, kills it with SIGKILL
// in the middle of streamed answers (outputs stored, chunks unacked),
// starts another one, and compares each answer's outputs with the batch
// redaction of the whole answer: no byte lost, none doubled, no canary
// out.
func TestConsumeKill9MidAnswer(t *testing.T) {
	url := startNATS(t)
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	if _, err := natsbus.EnsureStreams(ctx, js, natsbus.DefaultIn, natsbus.DefaultOut, natsbus.DefaultDeadLetter); err != nil {
		t.Fatal(err)
	}
	const secret, mail = "sk-CANARYcanary0123456789abcdefXYZ", "alice.canary@example.com"
	type answer struct {
		id    string
		parts []string
	}
	var answers []answer
	for i := range 3 {
		text := fmt.Sprintf("answer %d: key %s then mail %s and %s", i, secret, mail, strings.Repeat("more words ", 40))
		var parts []string
		for j := 0; j < len(text); j += 23 + i {
			parts = append(parts, text[j:min(j+23+i, len(text))])
		}
		answers = append(answers, answer{id: fmt.Sprintf("k9-%d", i), parts: parts})
	}
	publish := func(from, to int) {
		for _, a := range answers {
			for j := from; j < min(to, len(a.parts)); j++ {
				m := nats.NewMsg("llm.responses.kill")
				m.Data = []byte(a.parts[j])
				m.Header.Set("sluice-stream-id", a.id) // any letter case
				if j == len(a.parts)-1 {
					m.Header.Set(natsbus.HeaderStreamEnd, "true")
				}
				if _, err := js.PublishMsg(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	start := func() (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(sluiceBin(t), "consume", "--nats-url", url, "--stream", "LLM_RESPONSES",
			"--policy", natsTestPolicy, "--ack-wait", "1s", "--log-level", "debug")
		var logs bytes.Buffer
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &logs
	}
	outCount := func() uint64 {
		s, err := js.Stream(ctx, "LLM_REDACTED")
		if err != nil {
			return 0
		}
		info, err := s.Info(ctx)
		if err != nil {
			return 0
		}
		return info.State.Msgs
	}

	first, logs1 := start()
	publish(0, 4)
	natsCheckFor(t, 20*time.Second, func() error {
		if n := outCount(); n < 12 {
			return fmt.Errorf("%d outputs before the kill", n)
		}
		return nil
	})
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	second, logs2 := start()
	defer func() {
		_ = second.Process.Signal(syscall.SIGTERM)
		_ = second.Wait()
		for _, l := range []string{logs1.String(), logs2.String()} {
			if strings.Contains(l, secret) || strings.Contains(l, mail) {
				t.Error("a canary reached the log")
			}
		}
	}()
	publish(4, 1000)
	total := 0
	for _, a := range answers {
		total += len(a.parts)
	}
	natsCheckFor(t, 30*time.Second, func() error {
		s, _ := js.Stream(ctx, "LLM_RESPONSES")
		info, err := s.Info(ctx)
		if err != nil {
			return err
		}
		if info.State.Msgs != 0 || outCount() != uint64(total) {
			return fmt.Errorf("%d inputs unacked, %d of %d outputs", info.State.Msgs, outCount(), total)
		}
		return nil
	})
	p, err := engine.LoadPolicy(natsTestPolicy)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := engine.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*strings.Builder{}
	s, _ := js.Stream(ctx, "LLM_REDACTED")
	for seq := uint64(1); seq <= uint64(total); seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		id := m.Header.Get(natsbus.HeaderStreamID)
		if got[id] == nil {
			got[id] = &strings.Builder{}
		}
		got[id].Write(m.Data)
	}
	for _, a := range answers {
		r, err := sc.Redact(ctx, []byte(strings.Join(a.parts, "")))
		if err != nil {
			t.Fatal(err)
		}
		if got[a.id] == nil || got[a.id].String() != string(r.Redacted) {
			t.Fatalf("%s after kill -9:\n%v\nwant\n%q", a.id, got[a.id], r.Redacted)
		}
	}
}
