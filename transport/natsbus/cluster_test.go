package natsbus

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// testCluster is n in-process NATS servers joined by routes, JetStream on,
// each with its own temp store.
type testCluster struct {
	srv []*server.Server
}

func startCluster(t testing.TB, n int) *testCluster {
	t.Helper()
	c := &testCluster{}
	// Every server names every route, so the cluster forms whichever
	// starts first.
	ports := make([]int, n)
	var routes []string
	for i := range ports {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = ln.Addr().(*net.TCPAddr).Port
		_ = ln.Close()
		routes = append(routes, "nats://127.0.0.1:"+strconv.Itoa(ports[i]))
	}
	for i := range n {
		o := &server.Options{
			ServerName: "n" + strconv.Itoa(i+1),
			Host:       "127.0.0.1", Port: -1,
			JetStream: true, StoreDir: t.TempDir(),
			NoSigs: true, NoLog: true,
			Cluster: server.ClusterOpts{Name: "sluice-test", Host: "127.0.0.1", Port: ports[i]},
			Routes:  server.RoutesFromStr(strings.Join(routes, ",")),
		}
		s, err := server.NewServer(o)
		if err != nil {
			t.Fatal(err)
		}
		go s.Start()
		t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
		c.srv = append(c.srv, s)
	}
	for _, s := range c.srv {
		if !s.ReadyForConnections(20 * time.Second) {
			t.Fatalf("server %s not ready", s.Name())
		}
	}
	// Ready when every server has routes to the others and JetStream
	// answers (a meta leader is elected).
	checkFor(t, 20*time.Second, 20*time.Millisecond, func() error {
		for _, s := range c.srv {
			if s.NumRoutes() < n-1 {
				return fmt.Errorf("%s has %d routes", s.Name(), s.NumRoutes())
			}
			if !s.JetStreamIsClustered() || !s.JetStreamIsCurrent() {
				return fmt.Errorf("%s: JetStream cluster not current", s.Name())
			}
		}
		return nil
	})
	return c
}

// url is every live server's client URL, first first.
func (c *testCluster) url(first *server.Server) string {
	urls := []string{first.ClientURL()}
	for _, s := range c.srv {
		if s != first && s.Running() {
			urls = append(urls, s.ClientURL())
		}
	}
	return strings.Join(urls, ",")
}

func (c *testCluster) byName(name string) *server.Server {
	for _, s := range c.srv {
		if s.Name() == name {
			return s
		}
	}
	return nil
}

// clusterConnect connects to the servers of url in the order given.
func clusterConnect(t testing.TB, url string) *nats.Conn {
	t.Helper()
	nc, err := Connect(url, t.Name(), testLog(t), nats.DontRandomize(), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// streamLeader is the name of the server leading a stream now.
func streamLeader(ctx context.Context, js jetstream.JetStream, name string) (string, error) {
	s, err := js.Stream(ctx, name)
	if err != nil {
		return "", err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return "", err
	}
	if info.Cluster == nil || info.Cluster.Leader == "" {
		return "", fmt.Errorf("stream %s has no leader", name)
	}
	return info.Cluster.Leader, nil
}

// TestClusterFailover: three servers, R3 streams, two consumers sharing
// one durable; 2,000 answers with planted values published with PubAcks
// while the server leading the input stream and one consumer are killed
// mid-run. Every answer has exactly one output, redacted.
func TestClusterFailover(t *testing.T) {
	cl := startCluster(t, 3)
	ctx := context.Background()
	admin := clusterConnect(t, cl.url(cl.srv[0]))
	js, err := jetstream.New(admin)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckReplicas(admin, 3); err != nil {
		t.Fatalf("a 3-node cluster refused 3 replicas: %v", err)
	}
	// More replicas than servers is refused with the reason.
	_, err = EnsureStreamsWith(ctx, js, "big.in.>", "big.out.>", "big.dl", StreamOptions{Replicas: 4})
	if err == nil || !strings.Contains(err.Error(), "4 replicas need at least 4 JetStream servers in the cluster") {
		t.Fatalf("R4 on 3 servers: %v", err)
	}
	// Streams made with one replica are scaled when --replicas is given.
	if _, err := EnsureStreams(ctx, js, DefaultIn, DefaultOut, DefaultDeadLetter); err != nil {
		t.Fatal(err)
	}
	st, err := EnsureStreamsWith(ctx, js, DefaultIn, DefaultOut, DefaultDeadLetter, StreamOptions{Replicas: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{st.In, st.Out, st.DeadLetter} {
		s, err := js.Stream(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if r := s.CachedInfo().Config.Replicas; r != 3 {
			t.Fatalf("stream %s has %d replicas, want 3", name, r)
		}
	}
	// Kill the server leading the input stream; consumer "b" is
	// connected to it and must reconnect, consumer "a" (killed too) to
	// another server.
	leaderName, err := streamLeader(ctx, js, st.In)
	if err != nil {
		t.Fatal(err)
	}
	victim := cl.byName(leaderName)
	var other *server.Server
	for _, s := range cl.srv {
		if s != victim {
			other = s
			break
		}
	}
	cfg := jsConfig()
	cfg.Workers = 4
	start := func(first *server.Server) *consumer {
		return startConsumerOn(t, ctx, clusterConnect(t, cl.url(first)), cfg, func(c *Consumer) {
			c.slowScan = 2 * time.Millisecond // keep the run long enough to kill mid-way
		})
	}
	a, b := start(other), start(victim)
	cons, err := js.Consumer(ctx, st.In, DefaultDurable)
	if err != nil {
		t.Fatal(err)
	}
	if ci := cons.CachedInfo(); ci.Cluster == nil || len(ci.Cluster.Replicas) != 2 {
		t.Fatalf("the durable does not follow its stream's 3 replicas: %+v", ci.Cluster)
	}

	var third *server.Server
	for _, s := range cl.srv {
		if s != victim && s != other {
			third = s
		}
	}
	pub := clusterConnect(t, cl.url(third))
	pjs, err := jetstream.New(pub)
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000
	publishRetry(t, pjs, 0, n/2)
	// Mid-run: some outputs stored, many inputs pending.
	checkFor(t, 20*time.Second, 5*time.Millisecond, func() error {
		if got := a.c.Stats().Redacted + b.c.Stats().Redacted; got < n/8 {
			return fmt.Errorf("%d outputs so far", got)
		}
		return nil
	})
	// Consumer a dies without a drain: its connection goes, fetched
	// messages stay unacked until AckWait.
	a.nc.Close()
	a.cancel()
	victim.Shutdown()
	publishRetry(t, pjs, n/2, n/2) // PubAcks from the two servers left, after an election
	t.Logf("killed %s (input stream leader) and consumer a after %d outputs", leaderName, a.c.Stats().Redacted+b.c.Stats().Redacted)

	waitCount(t, pjs, st.Out, n, 40*time.Second)
	waitCount(t, pjs, st.In, 0, 10*time.Second) // every input acked
	if nl, err := streamLeader(ctx, pjs, st.In); err != nil || nl == leaderName {
		t.Fatalf("input stream leader after the kill: %q, %v", nl, err)
	}
	seen := make([]int, n)
	num := regexp.MustCompile(`^response #(\d+): `)
	for _, m := range streamMsgs(t, pjs, st.Out) {
		text := string(m.Data)
		if strings.Contains(text, canaryEmail) || strings.Contains(text, canarySecret) || strings.Contains(fmt.Sprint(m.Header), "CANARY") {
			t.Fatalf("planted value in output %s", m.Subject)
		}
		sm := num.FindStringSubmatch(text)
		if sm == nil {
			t.Fatalf("unexpected output %q", text)
		}
		i, _ := strconv.Atoi(sm[1])
		seen[i]++
	}
	for i, c := range seen {
		if c != 1 {
			t.Errorf("answer %d has %d outputs", i, c)
		}
	}
	if dl, _ := streamCount(pjs, st.DeadLetter); dl != 0 {
		t.Errorf("%d dead letters", dl)
	}
}

// publishRetry publishes answers like publishN and retries those that
// fail while the cluster elects a new stream leader, as a publisher must;
// the Nats-Msg-Id keeps a retried answer single.
func publishRetry(t testing.TB, js jetstream.JetStream, from, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	todo := make([]int, 0, n)
	for i := from; i < from+n; i++ {
		todo = append(todo, i)
	}
	for len(todo) > 0 {
		var failed []int
		var lastErr error
		for lo := 0; lo < len(todo); lo += 500 { // below the client's async limit
			batch := todo[lo:min(lo+500, len(todo))]
			acks := make([]jetstream.PubAckFuture, len(batch))
			for k, i := range batch {
				f, err := js.PublishAsync(fmt.Sprintf("llm.responses.m%d", i%7), []byte(payload(i)), jetstream.WithMsgID("answer-"+strconv.Itoa(i)))
				if err != nil {
					t.Fatal(err)
				}
				acks[k] = f
			}
			for k, f := range acks {
				select {
				case <-f.Ok():
				case err := <-f.Err():
					if !transient(err) {
						t.Fatalf("publish answer %d: %v", batch[k], err)
					}
					failed, lastErr = append(failed, batch[k]), err
				case <-time.After(10 * time.Second):
					failed, lastErr = append(failed, batch[k]), errors.New("no PubAck within 10s")
				}
			}
		}
		if len(failed) > 0 && time.Now().After(deadline) {
			t.Fatalf("%d answers not published: %v", len(failed), lastErr)
		}
		if len(failed) > 0 {
			time.Sleep(20 * time.Millisecond)
		}
		todo = failed
	}
}
