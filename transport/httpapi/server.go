// Package httpapi is sluice's HTTP redaction service: a thin adapter that
// reads a request, runs the engine under a deadline and writes the
// redacted answer, with API-key auth, per-tenant rate limits, Prometheus
// metrics, an audit log and policy hot reload around it.
//
// It fails closed: when a scan cannot complete (deadline, size limit,
// decode error, too many findings) the answer is an error and never the
// unredacted text. No log line, metric label or error body carries
// payload bytes.
package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	vm "github.com/VictoriaMetrics/metrics"
	"github.com/sluice-dlp/sluice/engine"
)

// Defaults for Config fields left zero.
const (
	DefaultMaxBodyBytes      = 4 << 20
	DefaultMaxStreamBytes    = 256 << 20
	DefaultMaxBatchItems     = 1000
	DefaultMaxFindings       = 10000
	DefaultScanTimeout       = 2 * time.Second
	DefaultStreamTimeout     = 5 * time.Minute
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 120 * time.Second
	DefaultShutdownGrace     = 30 * time.Second
	DefaultAuthFailRate      = 1.0
	DefaultAuthFailBurst     = 10
	// maxHeaderBytes bounds request headers.
	maxHeaderBytes = 64 << 10
	// maxAuditFindings bounds the findings listed in one audit line.
	maxAuditFindings = 100
	// compressMin is the smallest response worth compressing.
	compressMin = 1024
)

// Config is the service configuration. The zero value serves the built-in
// policy on loopback without auth.
type Config struct {
	// PolicyPath is the default policy file; empty means built-in.
	PolicyPath string
	// Compile turns a parsed policy into a scanner (the CLI wires NER
	// here). Default engine.Compile.
	Compile func(*engine.Policy) (*engine.Scanner, error)
	// Keys enables API-key auth; nil serves without auth.
	Keys *KeyStore
	// KeysPath is the file Keys came from; when set, Reload and
	// WatchPolicies re-read it too (key rotation without a restart).
	KeysPath string

	MaxBodyBytes   int64 // raw and decoded request body limit
	MaxStreamBytes int64 // decoded limit for /v1/redact/stream
	MaxBatchItems  int
	// MaxFindings caps findings per request; past it the request fails
	// closed (422).
	MaxFindings int
	// ScanTimeout bounds each scan; past it the answer is 503.
	ScanTimeout time.Duration
	// StreamTimeout bounds a whole /v1/redact/stream request.
	StreamTimeout time.Duration

	// RateLimit is requests per second per tenant (0: unlimited);
	// RateBurst the bucket size (default max(1, RateLimit)).
	RateLimit float64
	RateBurst int

	// AuthFailRate is failed authentications per second allowed per
	// client address, AuthFailBurst the bucket (defaults 1 and 10); past
	// them the address gets 429 until a token is back. Negative: off.
	AuthFailRate  float64
	AuthFailBurst int

	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	ShutdownGrace                                             time.Duration
	// ShutdownDelay is the lame-duck period: once asked to stop, the
	// service keeps answering requests but /readyz says 503, so a load
	// balancer takes it out of rotation before the listener closes.
	ShutdownDelay time.Duration

	// Logger receives the audit log (one line per request) and
	// operational messages. Default slog.Default().
	Logger *slog.Logger
	// Metrics receives the service's series; New makes a Set when nil.
	// Two Servers must not share one, or they share counters.
	Metrics *vm.Set
}

func (c *Config) setDefaults() {
	if c.Compile == nil {
		c.Compile = func(p *engine.Policy) (*engine.Scanner, error) { return engine.Compile(p) }
	}
	def64 := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	dur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def64(&c.MaxBodyBytes, DefaultMaxBodyBytes)
	def64(&c.MaxStreamBytes, DefaultMaxStreamBytes)
	def(&c.MaxBatchItems, DefaultMaxBatchItems)
	def(&c.MaxFindings, DefaultMaxFindings)
	dur(&c.ScanTimeout, DefaultScanTimeout)
	dur(&c.StreamTimeout, DefaultStreamTimeout)
	dur(&c.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	dur(&c.ReadTimeout, DefaultReadTimeout)
	dur(&c.WriteTimeout, DefaultWriteTimeout)
	dur(&c.IdleTimeout, DefaultIdleTimeout)
	dur(&c.ShutdownGrace, DefaultShutdownGrace)
	if c.AuthFailRate == 0 {
		c.AuthFailRate = DefaultAuthFailRate
	}
	if c.AuthFailBurst <= 0 {
		c.AuthFailBurst = DefaultAuthFailBurst
	}
	if c.RateLimit > 0 && c.RateBurst <= 0 {
		c.RateBurst = max(1, int(c.RateLimit))
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Server is the HTTP service. Create it with New.
type Server struct {
	cfg      Config
	log      *slog.Logger
	policies atomic.Pointer[policySet]
	reloadMu sync.Mutex
	limits   *limiters
	authFail *failLimiter
	m        *metrics
	handler  http.Handler
	ready    atomic.Bool
	ids      requestIDs
}

// New loads every policy the configuration names (the default one and
// each tenant's) and builds the service. A policy error is returned as is.
func New(cfg Config) (*Server, error) {
	cfg.setDefaults()
	s := &Server{cfg: cfg, log: cfg.Logger}
	s.m = newMetrics(cfg.Metrics)
	s.limits = newLimiters(cfg.RateLimit, cfg.RateBurst)
	s.authFail = newFailLimiter(cfg.AuthFailRate, cfg.AuthFailBurst)
	s.ids = newRequestIDs()
	ps, err := s.loadPolicies(cfg.Keys)
	if err != nil {
		return nil, err
	}
	s.policies.Store(ps)
	s.m.setPolicies(ps)
	s.handler = s.routes()
	s.ready.Store(true)
	return s, nil
}

// Handler is the service's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Current returns the scanner of the default policy; it changes on reload.
func (s *Server) Current() *engine.Scanner { return s.policies.Load().def.scanner }

// Metrics is the set of series the service reports on /metrics (the Go
// runtime's and the process's are added when it is written).
func (s *Server) Metrics() *vm.Set { return s.m.set }

// HTTPServer returns an http.Server with the configured timeouts and
// limits around Handler. Tests use it so they run the real settings.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Serve answers requests on ln until ctx ends; then /readyz reports 503
// while requests are still served for ShutdownDelay (lame duck), then it
// stops accepting and waits up to ShutdownGrace for requests in flight.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := s.HTTPServer()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	s.ready.Store(false)
	if s.cfg.ShutdownDelay > 0 {
		s.log.Info("shutting down: lame duck, /readyz answers 503 while requests are still served", "delay", s.cfg.ShutdownDelay.String())
		select {
		case <-time.After(s.cfg.ShutdownDelay):
		case err := <-errc:
			return fmt.Errorf("http server: %w", err)
		}
	}
	s.log.Info("shutting down: draining requests in flight", "grace", s.cfg.ShutdownGrace.String())
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	defer cancel()
	err := hs.Shutdown(sctx)
	if err != nil {
		_ = hs.Close()
		err = fmt.Errorf("http shutdown: %w", err)
	}
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = fmt.Errorf("http server: %w", serr)
	}
	return err
}

// SetReady marks the service ready or not (readyz).
func (s *Server) SetReady(ok bool) { s.ready.Store(ok) }
