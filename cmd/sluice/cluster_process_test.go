//go:build clusterprocess

// The real-process cluster check (scripts/cluster-check.sh): three
// nats-server processes, `sluice consume --create-streams --replicas 3`
// twice, kill -9 of the input stream's leader and of one consumer.
// Out of the default test run: it builds nats-server and takes ~30s.

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/transport/natsbus"
)

// clusterConf is a nats-server config of one node of a 3-node cluster,
// as in the README's "Scaling out".
const clusterConf = `server_name: %s
listen: 127.0.0.1:%d
jetstream { store_dir: %q }
cluster {
  name: sluice
  listen: 127.0.0.1:%d
  routes: [%s]
}
`

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

type proc struct {
	name string
	cmd  *exec.Cmd
	out  *syncBuf
}

func startProc(t *testing.T, name, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, cmd: exec.Command(bin, args...), out: &syncBuf{}}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { _ = p.cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				_ = p.cmd.Process.Kill()
				<-done
			}
		}
	})
	return p
}

func (p *proc) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

func TestClusterProcesses(t *testing.T) {
	dir := t.TempDir()
	natsBin := filepath.Join(dir, "nats-server")
	build := exec.Command("go", "build", "-o", natsBin, "github.com/nats-io/nats-server/v2")
	var berr bytes.Buffer
	build.Stderr = &berr
	if err := build.Run(); err != nil {
		t.Fatalf("build nats-server: %v: %s", err, berr.String())
	}
	const nodes = 3
	client, route := make([]int, nodes), make([]int, nodes)
	var routes, urls []string
	for i := range nodes {
		client[i], route[i] = freePort(t), freePort(t)
		routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", route[i]))
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", client[i]))
	}
	servers := map[string]*proc{}
	for i := range nodes {
		name := "n" + strconv.Itoa(i+1)
		conf := filepath.Join(dir, name+".conf")
		body := fmt.Sprintf(clusterConf, name, client[i], filepath.Join(dir, name), route[i], strings.Join(routes, ", "))
		if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		servers[name] = startProc(t, name, natsBin, "-c", conf)
	}
	url := strings.Join(urls, ",")
	nc, err := nats.Connect(url, nats.RetryOnFailedConnect(true), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	natsCheckFor(t, 30*time.Second, func() error {
		_, err := js.AccountInfo(ctx)
		return err
	})

	args := []string{"consume", "--nats-url", url, "--policy", natsTestPolicy, "--stream", "LLM_RESPONSES",
		"--create-streams", "--replicas", "3", "--ack-wait", "3s", "--workers", "2", "--log-level", "info"}
	c1 := startProc(t, "consumer 1", sluiceBin(t), args...)
	natsCheckFor(t, 30*time.Second, func() error {
		_, err := js.Consumer(ctx, "LLM_RESPONSES", natsbus.DefaultDurable)
		return err
	})
	// Consumer 2 knows only the input stream's leader, the server to be
	// killed: it must find the others from the cluster and reconnect.
	leader, err := streamLeaderName(ctx, js, "LLM_RESPONSES")
	if err != nil {
		t.Fatal(err)
	}
	leaderURL := urls[leader[1]-'1']
	args2 := append([]string{}, args...)
	args2[2] = leaderURL
	c2 := startProc(t, "consumer 2", sluiceBin(t), args2...)
	for _, name := range []string{"LLM_RESPONSES", "LLM_REDACTED", "SLUICE_DEADLETTER"} {
		s, err := js.Stream(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if r := s.CachedInfo().Config.Replicas; r != 3 {
			t.Fatalf("stream %s: %d replicas, want 3", name, r)
		}
	}

	const n = 2000
	publish(t, js, 0, n/2)
	natsCheckFor(t, 30*time.Second, func() error {
		if got := count(js, "LLM_REDACTED"); got < n/8 {
			return fmt.Errorf("%d outputs", got)
		}
		return nil
	})
	if l, err := streamLeaderName(ctx, js, "LLM_RESPONSES"); err != nil || l != leader {
		t.Logf("input stream leader moved to %q (%v); killing %s, consumer 2's server", l, err, leader)
	}
	before := count(js, "LLM_REDACTED")
	servers[leader].kill9(t)
	c1.kill9(t)
	t.Logf("kill -9 of %s (input stream leader) and consumer 1 after %d outputs of %d", leader, before, n)
	publish(t, js, n/2, n/2)
	natsCheckFor(t, 60*time.Second, func() error {
		if got := count(js, "LLM_REDACTED"); got != n {
			return fmt.Errorf("%d outputs of %d", got, n)
		}
		if got := count(js, "LLM_RESPONSES"); got != 0 {
			return fmt.Errorf("%d inputs not acked", got)
		}
		return nil
	})
	seen := make([]int, n)
	num := regexp.MustCompile(`^answer (\d+): `)
	s, _ := js.Stream(ctx, "LLM_REDACTED")
	info, _ := s.Info(ctx)
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(m.Data, []byte("CANARY")) || bytes.Contains(m.Data, []byte("alice.canary")) {
			t.Fatalf("planted value in output %d", seq)
		}
		sm := num.FindSubmatch(m.Data)
		if sm == nil {
			t.Fatalf("unexpected output %q", m.Data)
		}
		i, _ := strconv.Atoi(string(sm[1]))
		seen[i]++
	}
	for i, c := range seen {
		if c != 1 {
			t.Errorf("answer %d: %d outputs", i, c)
		}
	}
	t.Logf("consumer 2 log:\n%s", c2.out.String())
	if lines := strings.Count(c2.out.String(), "\n"); lines > 20 {
		t.Errorf("consumer 2 logged %d lines through one server loss", lines)
	}
}

func count(js jetstream.JetStream, stream string) uint64 {
	s, err := js.Stream(context.Background(), stream)
	if err != nil {
		return 0
	}
	info, err := s.Info(context.Background())
	if err != nil {
		return 0
	}
	return info.State.Msgs
}

func streamLeaderName(ctx context.Context, js jetstream.JetStream, name string) (string, error) {
	s, err := js.Stream(ctx, name)
	if err != nil {
		return "", err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return "", err
	}
	if info.Cluster == nil || info.Cluster.Leader == "" {
		return "", errors.New("no leader")
	}
	return info.Cluster.Leader, nil
}

// publish sends answers with planted values and waits for each PubAck,
// retrying through an election; the Nats-Msg-Id keeps a retry single.
func publish(t *testing.T, js jetstream.JetStream, from, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := from + w; i < from+n; i += 8 {
				body := fmt.Sprintf("answer %d: key sk-CANARYcanary0123456789abcdefXYZ mail alice.canary@example.com", i)
				deadline := time.Now().Add(30 * time.Second)
				for {
					ctx, cancel := context.WithTimeout(context.Background(), time.Second)
					_, err := js.Publish(ctx, "llm.responses.p"+strconv.Itoa(i%5), []byte(body), jetstream.WithMsgID("answer-"+strconv.Itoa(i)))
					cancel()
					if err == nil {
						break
					}
					if time.Now().After(deadline) {
						errs <- fmt.Errorf("answer %d: %w", i, err)
						return
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
