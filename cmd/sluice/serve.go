package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/httpapi"
	"github.com/spf13/cobra"
)

type serveConfig struct {
	addr           string
	policy         string
	apiKeys        string
	insecureNoAuth bool
	reload         time.Duration
	logLevel       string
	gcPercent      int
	warm           bool
	http           httpapi.Config
}

func newServeCmd() *cobra.Command {
	var sc serveConfig
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the redaction service (HTTP API and NATS bus)",
		Long: `Run sluice as a service: the HTTP API (redact, scan, batch, stream,
Presidio-compatible analyze/anonymize, rules, health, metrics) and the NATS
bus side by side, with one policy set that reloads on SIGHUP or when a
policy file changes. SIGTERM or SIGINT starts a lame-duck period (--shutdown-delay: /readyz
says 503, requests are still served), then drains requests in flight and
stops; a second signal exits at once.

Without --api-keys the API listens only on a loopback address.`,
		Args: cobra.NoArgs,
	}
	fs := cmd.Flags()
	fs.StringVar(&sc.addr, "http", "127.0.0.1:8080", "HTTP listen address")
	fs.StringVar(&sc.policy, "policy", "", "default policy file (default: built-in policy)")
	fs.StringVar(&sc.apiKeys, "api-keys", "", "API key file: one 'KEY TENANT [POLICY_FILE]' per line (re-read on reload)")
	fs.BoolVar(&sc.insecureNoAuth, "insecure-no-auth", false, "allow a non-loopback --http address without --api-keys, and a non-loopback --nats-listen without NATS authentication")
	fs.DurationVar(&sc.reload, "reload-interval", 2*time.Second, "how often to check policy files for changes (0: only on SIGHUP)")
	fs.StringVar(&sc.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.Int64Var(&sc.http.MaxBodyBytes, "max-body-bytes", httpapi.DefaultMaxBodyBytes, "request body limit, before and after decompression")
	fs.Int64Var(&sc.http.MaxStreamBytes, "max-stream-bytes", httpapi.DefaultMaxStreamBytes, "decoded size limit of one /v1/redact/stream request")
	fs.IntVar(&sc.http.MaxBatchItems, "max-batch-items", httpapi.DefaultMaxBatchItems, "texts per /v1/redact/batch request")
	fs.IntVar(&sc.http.MaxFindings, "max-findings", httpapi.DefaultMaxFindings, "findings per request; past it the request fails closed (422)")
	fs.DurationVar(&sc.http.ScanTimeout, "scan-timeout", httpapi.DefaultScanTimeout, "scan deadline per request; past it the answer is 503")
	fs.DurationVar(&sc.http.StreamTimeout, "stream-timeout", httpapi.DefaultStreamTimeout, "deadline of a whole /v1/redact/stream request")
	fs.Float64Var(&sc.http.RateLimit, "rate-limit", 0, "requests per second per tenant (0: unlimited)")
	fs.IntVar(&sc.http.RateBurst, "rate-burst", 0, "token bucket size per tenant (default: the rate, at least 1)")
	fs.Float64Var(&sc.http.AuthFailRate, "auth-fail-rate", httpapi.DefaultAuthFailRate, "failed authentications per second allowed per client address (negative: no limit)")
	fs.IntVar(&sc.http.AuthFailBurst, "auth-fail-burst", httpapi.DefaultAuthFailBurst, "failed authentications an address may make at once before 429")
	fs.DurationVar(&sc.http.ReadHeaderTimeout, "read-header-timeout", httpapi.DefaultReadHeaderTimeout, "HTTP header read timeout")
	fs.DurationVar(&sc.http.ReadTimeout, "read-timeout", httpapi.DefaultReadTimeout, "HTTP request read timeout (per chunk on the stream endpoint)")
	fs.DurationVar(&sc.http.WriteTimeout, "write-timeout", httpapi.DefaultWriteTimeout, "HTTP response write timeout (per chunk on the stream endpoint)")
	fs.DurationVar(&sc.http.IdleTimeout, "idle-timeout", httpapi.DefaultIdleTimeout, "keep-alive idle timeout")
	fs.DurationVar(&sc.http.ShutdownDelay, "shutdown-delay", 0, "lame-duck period after SIGTERM: /readyz answers 503 while requests are still served (a second signal exits at once)")
	fs.DurationVar(&sc.http.ShutdownGrace, "shutdown-grace", httpapi.DefaultShutdownGrace, "how long shutdown waits for requests in flight")
	// The compiled scanner is a large, long-lived heap and each request
	// makes little garbage: collecting less often cuts tail latency (p99
	// at 5,000 req/s went from 8.9 to 6.9 ms in bench/httpload).
	fs.IntVar(&sc.gcPercent, "gc-percent", 400, "Go GC target percentage for the service (ignored when GOGC is set)")
	fs.BoolVar(&sc.warm, "warm", true, "build every regex and keyword trie ahead (at start while /readyz says 503, on reload before the new policy is used), so first requests are not slow")
	bus := addBusFlags(fs)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if os.Getenv("GOGC") == "" && sc.gcPercent > 0 {
			debug.SetGCPercent(sc.gcPercent)
		}
		bus.auth.InsecureNoAuth = sc.insecureNoAuth
		return runServe(cmd.Context(), cmd, sc, bus)
	}
	return cmd
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("--log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

// isLoopback reports whether a listen address binds only loopback.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func runServe(ctx context.Context, cmd *cobra.Command, sc serveConfig, bus *busConfig) error {
	level, err := parseLevel(sc.logLevel)
	if err != nil {
		return usageErr("%v", err)
	}
	log := slog.New(slog.NewJSONHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: level}))
	cfg := sc.http
	cfg.PolicyPath = sc.policy
	cfg.Compile = compilePolicy
	cfg.Logger = log
	// A scanner builds its regexes and keyword tries on first use. The
	// service builds them ahead: a reloaded policy before it is swapped
	// in (Reload runs off the request path), the policies loaded at start
	// in the background while /readyz says 503 (see below).
	var startup []*engine.Scanner
	starting := true
	if sc.warm {
		cfg.Compile = func(p *engine.Policy) (*engine.Scanner, error) {
			s, err := compilePolicy(p)
			if err != nil {
				return nil, err
			}
			if starting {
				startup = append(startup, s)
			} else {
				warmScanner(ctx, s, log)
			}
			return s, nil
		}
	}
	if sc.apiKeys != "" {
		ks, err := httpapi.LoadKeys(sc.apiKeys)
		if err != nil {
			return usageErr("%v", err)
		}
		cfg.Keys, cfg.KeysPath = ks, sc.apiKeys
		log.Info("api keys loaded", "keys", ks.Len())
	} else {
		if !isLoopback(sc.addr) && !sc.insecureNoAuth {
			return usageErr("--http %s is not a loopback address: give --api-keys FILE, or --insecure-no-auth to serve without auth", sc.addr)
		}
		log.Warn("serving WITHOUT authentication (no --api-keys)", "addr", sc.addr)
	}
	if err := bus.checkReplicas(); err != nil {
		return usageErr("%v", err)
	}
	if bus != nil && bus.enabled && bus.url == "" {
		// Refuse before anything listens.
		if err := bus.auth.Check(bus.listen); err != nil {
			return usageErr("%v", err)
		}
	}
	srv, err := httpapi.New(cfg)
	if err != nil {
		return usageErr("%v", err)
	}
	starting = false
	ln, err := net.Listen("tcp", sc.addr)
	if err != nil {
		return usageErr("listen %s: %v", sc.addr, err)
	}
	cur := srv.Current().Policy()
	log.Info("sluice serve listening", "addr", ln.Addr().String(), "policy", cur.ID, "policy_source", cur.Source)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if len(startup) > 0 {
		srv.SetReady(false)
		go func() {
			for _, s := range startup {
				warmScanner(ctx, s, log)
			}
			srv.SetReady(true)
			if ctx.Err() != nil {
				srv.SetReady(false) // shutting down: the lame duck says 503
			}
		}()
	}

	// The first SIGTERM/SIGINT stops gracefully; a second one exits now.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	defer signal.Stop(sigs)
	go func() {
		select {
		case <-ctx.Done():
			return
		case sig := <-sigs:
			log.Info("signal: shutting down (send it again to exit at once)", "signal", sig.String())
			cancel()
		}
		if sig, ok := <-sigs; ok {
			log.Warn("second signal: exiting without draining", "signal", sig.String())
			os.Exit(1)
		}
	}()

	// Reload on SIGHUP and when a policy file changes.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				log.Info("SIGHUP: reloading policies")
				_ = srv.Reload() // logs why when it fails
			}
		}
	}()
	if sc.reload > 0 && (sc.policy != "" || cfg.Keys != nil) {
		// Policy files and the key file are watched alike.
		go srv.WatchPolicies(ctx, sc.reload)
	}

	busErr := make(chan error, 1)
	go func() {
		err := runBus(ctx, bus, srv.Current, log)
		if err != nil && ctx.Err() == nil {
			log.Error("bus stopped; shutting down", "error", err.Error())
			cancel()
		}
		busErr <- err
	}()
	httpErr := srv.Serve(ctx, ln)
	cancel()
	berr := <-busErr
	if httpErr != nil {
		return fmt.Errorf("serve: %w", httpErr)
	}
	if berr != nil {
		return fmt.Errorf("serve: bus: %w", berr)
	}
	log.Info("sluice serve stopped")
	return nil
}

// warmScanner builds ahead what s builds on first use (engine.Warm) and
// logs how long it took.
func warmScanner(ctx context.Context, s *engine.Scanner, log *slog.Logger) {
	st, err := s.Warm(ctx)
	if err != nil {
		log.Warn("warming the policy stopped", "policy", s.Policy().ID, "error", err.Error())
		return
	}
	log.Info("policy warm", "policy", s.Policy().ID, "texts", st.Texts, "regexes", st.Regexes, "ms", st.Duration.Milliseconds())
}
