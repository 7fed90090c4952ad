package natsbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// DefaultListen is where the embedded server listens by default.
const DefaultListen = "127.0.0.1:4222"

// ServerConfig configures the embedded NATS server.
type ServerConfig struct {
	// Listen is host:port; port -1 or 0 picks a free port.
	Listen string
	// StoreDir holds the JetStream store (required).
	StoreDir string
	// Auth is who may connect; required on a non-loopback address.
	Auth ServerAuth
	Log  *slog.Logger
}

// StartServer starts an in-process NATS server with JetStream and waits
// until it accepts connections.
func StartServer(cfg ServerConfig) (*server.Server, error) {
	s, _, err := StartEmbedded(cfg)
	return s, err
}

// StartEmbedded starts the server like StartServer and also returns the
// options sluice's own connection to it needs (in-process, with
// credentials the server accepts).
func StartEmbedded(cfg ServerConfig) (*server.Server, []nats.Option, error) {
	if cfg.StoreDir == "" {
		return nil, nil, errors.New("nats server: no JetStream store directory")
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	opts, client, err := cfg.Auth.options(cfg.Listen)
	if err != nil {
		return nil, nil, err
	}
	s, err := startServer(cfg, opts)
	if err != nil {
		return nil, nil, err
	}
	return s, append(client, nats.InProcessServer(s)), nil
}

func startServer(cfg ServerConfig, opts *server.Options) (*server.Server, error) {
	host, portStr, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("nats listen address %q: %w", cfg.Listen, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port > 65535 || port < -1 {
		return nil, fmt.Errorf("nats listen address %q: bad port", cfg.Listen)
	}
	if port == 0 {
		port = -1
	}
	if port > 0 {
		// Fail fast and plainly when the port is taken.
		ln, err := net.Listen("tcp", cfg.Listen)
		if err != nil {
			return nil, fmt.Errorf("nats server: %w (another NATS or sluice serve? use --nats-listen or --nats-url)", err)
		}
		_ = ln.Close()
	}
	if opts.ServerName == "" {
		opts.ServerName = "sluice"
	}
	if opts.Host == "" && opts.Port == 0 { // a config file's listen wins
		opts.Host, opts.Port = host, port
	}
	opts.JetStream = true
	if opts.StoreDir == "" {
		opts.StoreDir = cfg.StoreDir
	}
	opts.NoSigs = true
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("nats server: %w", err)
	}
	if cfg.Log != nil {
		s.SetLoggerV2(serverLog{cfg.Log.With("component", "nats-server")}, false, false, false)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("nats server: not ready on %s within 10s (port in use?)", cfg.Listen)
	}
	return s, nil
}

// serverLog routes the server's log to slog; its notices are debug level
// except warnings and errors.
type serverLog struct{ l *slog.Logger }

func (s serverLog) Noticef(f string, v ...any) { s.l.Debug(fmt.Sprintf(f, v...)) }
func (s serverLog) Warnf(f string, v ...any)   { s.l.Warn(fmt.Sprintf(f, v...)) }
func (s serverLog) Fatalf(f string, v ...any)  { s.l.Error(fmt.Sprintf(f, v...)) }
func (s serverLog) Errorf(f string, v ...any)  { s.l.Error(fmt.Sprintf(f, v...)) }
func (s serverLog) Debugf(f string, v ...any)  {}
func (s serverLog) Tracef(f string, v ...any)  {}

// StreamName derives a stream name from a subject pattern:
// llm.responses.> → LLM_RESPONSES.
func StreamName(subject string) string {
	var b strings.Builder
	for _, tok := range strings.Split(subject, ".") {
		if tok == "*" || tok == ">" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		for _, r := range tok {
			if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteByte('_')
			}
		}
	}
	if b.Len() == 0 {
		return "SLUICE"
	}
	return b.String()
}

// Streams names the streams of a default setup.
type Streams struct {
	In, Out, DeadLetter string
}

// EnsureStreams creates, when missing, a work-queue stream for the input
// (raw responses leave the disk once redacted), a stream for the
// redacted output (its duplicate window makes redelivery idempotent) and
// one for dead letters.
func EnsureStreams(ctx context.Context, js jetstream.JetStream, in, out, deadLetter string) (Streams, error) {
	return EnsureStreamsWith(ctx, js, in, out, deadLetter, StreamOptions{})
}

// EnsureStreamsWith is EnsureStreams with the streams' replica count.
func EnsureStreamsWith(ctx context.Context, js jetstream.JetStream, in, out, deadLetter string, o StreamOptions) (Streams, error) {
	st := Streams{In: StreamName(in), Out: StreamName(out), DeadLetter: StreamName(deadLetter)}
	r := o.replicas()
	cfgs := []jetstream.StreamConfig{
		{Name: st.In, Subjects: []string{in}, Retention: jetstream.WorkQueuePolicy, MaxAge: 24 * time.Hour, Storage: jetstream.FileStorage, Replicas: r},
		{Name: st.Out, Subjects: []string{out}, Retention: jetstream.LimitsPolicy, MaxAge: 24 * time.Hour, Duplicates: DuplicateWindow, Storage: jetstream.FileStorage, Replicas: r},
		{Name: st.DeadLetter, Subjects: []string{deadLetter + ".>"}, Retention: jetstream.LimitsPolicy, MaxAge: 7 * 24 * time.Hour, Duplicates: DuplicateWindow, Storage: jetstream.FileStorage, Replicas: r},
	}
	for _, c := range cfgs {
		if s, err := js.Stream(ctx, c.Name); err == nil {
			if err := o.reconcile(ctx, js, s); err != nil {
				return st, err
			}
			continue
		} else if !errors.Is(err, jetstream.ErrStreamNotFound) {
			return st, fmt.Errorf("stream %s: %w", c.Name, err)
		}
		if _, err := js.CreateStream(ctx, c); err != nil {
			return st, fmt.Errorf("create stream %s for %s: %w", c.Name, strings.Join(c.Subjects, ","), replicaError(err, r))
		}
	}
	return st, nil
}
