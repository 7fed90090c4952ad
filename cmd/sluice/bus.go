package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/natsbus"
	"github.com/spf13/pflag"
)

// defaultNatsURL is where the embedded server listens by default, and so
// where `sluice nats` and `sluice consume` look first.
const defaultNatsURL = "nats://" + natsbus.DefaultListen

// busConfig holds serve's flags for the NATS side of the main job.
type busConfig struct {
	enabled    bool
	url        string // external server; empty: run the embedded one
	listen     string
	dataDir    *pflag.Flag // --data-dir, possibly registered by serve itself
	in, out    string
	deadLetter string
	durable    string
	jsonPaths  []string
	workers    int
	maxBytes   int64
	ackWait    time.Duration
	streamIdle time.Duration
	pinned     bool
	replicas   *pflag.Flag // --nats-replicas (bus_replicas.go)
	auth       natsbus.ServerAuth
}

// addBusFlags registers serve's NATS flags.
func addBusFlags(fs *pflag.FlagSet) *busConfig {
	c := &busConfig{}
	fs.BoolVar(&c.enabled, "nats", true, "run the NATS side (embedded server and consumer); --nats=false for HTTP only")
	fs.StringVar(&c.url, "nats-url", "", "use this NATS server or cluster instead of the embedded one (e.g. nats://host:4222)")
	fs.StringVar(&c.listen, "nats-listen", natsbus.DefaultListen, "embedded NATS server listen address (port -1: any free port)")
	if fs.Lookup("data-dir") == nil {
		fs.String("data-dir", "", "state directory; the embedded JetStream store lives in DIR/nats (default: the user cache dir)")
	}
	c.dataDir = fs.Lookup("data-dir")
	fs.StringVar(&c.in, "nats-in", natsbus.DefaultIn, "input subject (wildcards allowed)")
	fs.StringVar(&c.out, "nats-out", natsbus.DefaultOut, "output subject template (same wildcards as --nats-in)")
	fs.StringVar(&c.deadLetter, "nats-dead-letter", natsbus.DefaultDeadLetter, "dead-letter subject prefix (the input subject is appended)")
	fs.StringVar(&c.durable, "nats-durable", natsbus.DefaultDurable, "JetStream durable consumer name (shared by every sluice on the bus)")
	fs.StringSliceVar(&c.jsonPaths, "nats-json-paths", nil, "payloads are JSON: redact only these fields (e.g. choices[].message.content); 'openai' and 'anthropic' name the usual ones")
	fs.IntVar(&c.workers, "nats-workers", 0, "messages processed at once (default 8 per CPU, at least 16)")
	fs.Int64Var(&c.maxBytes, "nats-max-bytes", natsbus.DefaultMaxBytes, "decoded payload limit; larger messages go to the dead letter")
	fs.DurationVar(&c.ackWait, "nats-ack-wait", natsbus.DefaultAckWait, "JetStream redelivery timeout (long scans report progress before it)")
	fs.DurationVar(&c.streamIdle, "nats-stream-idle", natsbus.DefaultStreamIdle, "a streamed answer waiting longer for its next chunk is flushed with Sluice-Stream-Error: idle_timeout")
	fs.BoolVar(&c.pinned, "nats-pinned", false, "one sluice of those sharing --nats-durable receives everything, the others stand by (streamed answers with several instances)")
	addReplicasFlag(fs, c)
	fs.StringVar(&c.auth.Token, "nats-token", os.Getenv("SLUICE_NATS_TOKEN"), "embedded NATS: clients present this token (default $SLUICE_NATS_TOKEN)")
	fs.StringVar(&c.auth.User, "nats-user", "", "embedded NATS: user name clients log in with (with --nats-password)")
	fs.StringVar(&c.auth.Password, "nats-password", os.Getenv("SLUICE_NATS_PASSWORD"), "embedded NATS: that user's password (default $SLUICE_NATS_PASSWORD)")
	fs.StringVar(&c.auth.NkeysFile, "nats-nkeys", "", "embedded NATS: file of allowed user public nkeys (U...), one per line")
	fs.StringVar(&c.auth.ConfigFile, "nats-config", "", "embedded NATS: a nats-server config file (accounts, users, TLS, listen)")
	fs.StringVar(&c.auth.TLSCert, "nats-tls-cert", "", "embedded NATS: TLS certificate for client connections")
	fs.StringVar(&c.auth.TLSKey, "nats-tls-key", "", "embedded NATS: TLS key")
	fs.StringVar(&c.auth.TLSCA, "nats-tls-ca", "", "embedded NATS: CA that signs client certificates (with --nats-tls-verify)")
	fs.BoolVar(&c.auth.TLSVerify, "nats-tls-verify", false, "embedded NATS: require client certificates (mutual TLS; counts as authentication)")
	return c
}

func storeDir(dataDir string) (string, error) {
	if dataDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		dataDir = filepath.Join(base, "sluice")
	}
	dir := filepath.Join(dataDir, "nats")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("nats store: %w", err)
	}
	return dir, nil
}

// runBus starts the embedded NATS server (unless an external one is
// configured) and the redacting consumer, and blocks until ctx ends and
// everything in flight is drained. current returns the active scanner
// (it changes on policy reload).
func runBus(ctx context.Context, cfg *busConfig, current func() *engine.Scanner, log *slog.Logger) error {
	if cfg == nil || !cfg.enabled {
		<-ctx.Done()
		return nil
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("component", "nats")
	url := cfg.url
	var srv *server.Server
	var copts []nats.Option
	if url == "" {
		dir, err := storeDir(cfg.dataDir.Value.String())
		if err != nil {
			return err
		}
		srv, copts, err = natsbus.StartEmbedded(natsbus.ServerConfig{Listen: cfg.listen, StoreDir: dir, Auth: cfg.auth, Log: log})
		if err != nil {
			return err
		}
		defer func() {
			srv.Shutdown()
			srv.WaitForShutdown()
			log.Info("nats server stopped")
		}()
		url = natsbus.InProcessURL(srv)
		log.Info("nats server listening", "url", url, "store", dir)
	}
	nc, err := natsbus.Connect(url, "sluice serve", log, copts...)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("jetstream: %w", err)
	}
	// The embedded server gets its streams; an external one uses JetStream
	// when a stream already captures the input, else a core queue group.
	ccfg := natsbus.Config{
		In: cfg.in, Out: cfg.out, DeadLetter: cfg.deadLetter, Durable: cfg.durable,
		JSONPaths: cfg.jsonPaths, Workers: cfg.workers, MaxBytes: cfg.maxBytes,
		AckWait: cfg.ackWait, StreamIdle: cfg.streamIdle, Pinned: cfg.pinned, Scanner: current, Log: log,
	}
	if sopts, create, err := cfg.streamOptions(nc, srv != nil); err != nil {
		return err
	} else if create {
		st, err := natsbus.EnsureStreamsWith(ctx, js, cfg.in, cfg.out, cfg.deadLetter, sopts)
		if err != nil {
			return err
		}
		ccfg.Stream = st.In
		ccfg.EnsureStreams = func(ctx context.Context) error {
			_, err := natsbus.EnsureStreamsWith(ctx, js, cfg.in, cfg.out, cfg.deadLetter, sopts)
			return err
		}
	} else if name, err := js.StreamNameBySubject(ctx, cfg.in); err == nil {
		ccfg.Stream = name
	} else if !errors.Is(err, jetstream.ErrStreamNotFound) && !errors.Is(err, jetstream.ErrJetStreamNotEnabled) && !errors.Is(err, nats.ErrNoResponders) {
		log.Warn("nats: cannot look up a stream for the input; using core NATS", "err", err)
	}
	c, err := natsbus.New(nc, ccfg)
	if err != nil {
		return err
	}
	return c.Run(ctx) // drained and flushed when it returns
}
