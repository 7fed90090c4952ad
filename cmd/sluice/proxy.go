package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/sluice-dlp/sluice/transport/sseproxy"
	"github.com/spf13/cobra"
)

type proxyConfig struct {
	listen       string
	upstream     string
	policy       string
	logLevel     string
	maxBody      int64
	scanTimeout  time.Duration
	shutdownWait time.Duration
	thinking     string
}

func newProxyCmd() *cobra.Command {
	var pc proxyConfig
	cmd := &cobra.Command{
		Use:   "proxy --upstream URL",
		Short: "Redacting reverse proxy for OpenAI- and Anthropic-compatible APIs (streamed and not)",
		Long: `Run a reverse proxy in front of an OpenAI-compatible API or Anthropic's
Messages API. Every answer body is redacted, whatever the path, method or
status: JSON string by string (all strings but protocol tokens such as
"role" or "finish_reason"), streamed answers (text/event-stream) event by
event so that the text a client puts together equals redacting the whole
answer at once, JSON Lines line by line, anything else as text. What the
proxy cannot read it refuses (502, or an error event mid-stream): JSON
with a duplicate member name in any letter case, compressed bodies it
cannot decode, binary bodies other than audio, images and video. With
scan_requests: true in the policy, request texts are redacted before they
go upstream.

Point a client at it by changing its base URL, e.g.
  OPENAI_BASE_URL=http://127.0.0.1:8787/v1
  ANTHROPIC_BASE_URL=http://127.0.0.1:8787`,
		Args: cobra.NoArgs,
	}
	fs := cmd.Flags()
	fs.StringVar(&pc.listen, "listen", "127.0.0.1:8787", "listen address")
	fs.StringVar(&pc.upstream, "upstream", "", "upstream API base URL, e.g. https://api.openai.com (required)")
	fs.StringVar(&pc.policy, "policy", "", "policy file (default: built-in policy)")
	fs.StringVar(&pc.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.Int64Var(&pc.maxBody, "max-body-bytes", sseproxy.DefaultMaxBodyBytes, "limit of a request body and of a non-streamed answer")
	fs.DurationVar(&pc.scanTimeout, "scan-timeout", 10*time.Second, "scan deadline of one non-streamed answer or request")
	fs.StringVar(&pc.thinking, "thinking", "redact", "reasoning text (thinking, reasoning summaries): redact, or pass it unscanned (keeps Anthropic thinking signatures valid)")
	fs.DurationVar(&pc.shutdownWait, "shutdown-grace", 30*time.Second, "how long shutdown waits for answers in flight")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, os.Interrupt)
		defer stop()
		return runProxy(ctx, cmd, pc)
	}
	return cmd
}

func runProxy(ctx context.Context, cmd *cobra.Command, pc proxyConfig) error {
	level, err := parseLevel(pc.logLevel)
	if err != nil {
		return usageErr("%v", err)
	}
	if pc.upstream == "" {
		return usageErr("proxy: --upstream URL is required")
	}
	up, err := url.Parse(pc.upstream)
	if err != nil || (up.Scheme != "http" && up.Scheme != "https") || up.Host == "" {
		return usageErr("proxy: --upstream %q must be an http(s) URL such as https://api.openai.com", pc.upstream)
	}
	thinking, err := sseproxy.ParseThinking(pc.thinking)
	if err != nil {
		return usageErr("proxy: --%v", err)
	}
	s, err := loadScanner(pc.policy)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: level}))
	px, err := sseproxy.New(sseproxy.Config{
		Upstream:     up,
		Scanner:      s,
		Logger:       log,
		MaxBodyBytes: pc.maxBody,
		ScanTimeout:  pc.scanTimeout,
		Thinking:     thinking,
	})
	if err != nil {
		return usageErr("%v", err)
	}
	ln, err := net.Listen("tcp", pc.listen)
	if err != nil {
		return usageErr("listen %s: %v", pc.listen, err)
	}
	srv := &http.Server{
		Handler:           px,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		// No write timeout: streamed answers last as long as the model
		// talks.
	}
	if !isLoopback(pc.listen) {
		log.Warn("proxy listens beyond loopback: it has no auth of its own and passes client credentials upstream; put TLS and access control in front", "addr", pc.listen)
	}
	log.Info("sluice proxy listening", "addr", ln.Addr().String(), "upstream", up.Redacted(),
		"policy", s.Policy().ID, "policy_source", s.Policy().Source, "scan_requests", s.Policy().ScanRequests, "thinking", string(thinking))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), pc.shutdownWait)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
