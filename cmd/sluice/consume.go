package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/transport/natsbus"
	"github.com/spf13/cobra"
)

type consumeOptions struct {
	url, ca, in, out     string
	queue                string
	stream, durable      string
	deadLetter           string
	jsonPaths            []string
	policy               string
	workers              int
	maxBytes             int64
	ackWait, scanTimeout time.Duration
	streamIdle           time.Duration
	createStreams        bool
	replicas             int
	pinned               bool
	logLevel             string
}

func newConsumeCmd() *cobra.Command {
	var o consumeOptions
	cmd := &cobra.Command{
		Use:   "consume",
		Short: "Redact messages on a NATS bus (core queue group or JetStream durable consumer)",
		Long: `Consume model responses from NATS, redact them and publish them to the
mapped output subject: --in 'llm.responses.>' --out 'llm.redacted.>' maps
llm.responses.openai.gpt4 to llm.redacted.openai.gpt4.

Without --stream: core NATS, queue group --queue (at most once; run as many
sluice processes as you like, each message goes to one of them).
With --stream: a JetStream durable pull consumer (--durable, shared by every
sluice process). The input is acked only after the output stream
acknowledged the redacted message, which carries Nats-Msg-Id
sluice:STREAM:CREATED:SEQ (CREATED names the input stream's incarnation),
so a redelivery is deduplicated: one output per input. A missing output
stream is recreated with --create-streams, else the consumer stops.

Headers: Sluice-Findings, Sluice-Types, Sluice-Policy are added; the
original headers are kept; Content-Encoding gzip|zstd|s2 is decoded and
reproduced. A message that cannot be decoded, is too large or (with
--json-paths) is not JSON goes to DEAD_LETTER.<input subject> with the
reason in Sluice-Error and no payload. SIGTERM drains messages in flight.

Answers streamed as many messages: every chunk carries Sluice-Stream-Id,
the last one also Sluice-Stream-End: true; the outputs of one answer
concatenate to the redaction of the whole answer (see the README).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			level, err := parseLevel(o.logLevel)
			if err != nil {
				return usageErr("%v", err)
			}
			s, err := loadScanner(o.policy)
			if err != nil {
				return err
			}
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: level}))
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, os.Interrupt)
			defer stop()
			nc, err := natsbus.Connect(o.url, "sluice consume", log, clientTLS(o.ca)...)
			if err != nil {
				return usageErr("%v", err)
			}
			defer nc.Close()
			sopts, err := consumeStreamOptions(cmd, o, nc)
			if err != nil {
				return err
			}
			var ensure func(context.Context) error
			if o.stream != "" && o.createStreams {
				js, err := jetstream.New(nc)
				if err != nil {
					return err
				}
				ensure = func(ctx context.Context) error {
					_, err := natsbus.EnsureStreamsWith(ctx, js, o.in, o.out, o.deadLetter, sopts)
					return err
				}
				if st := natsbus.StreamName(o.in); st != o.stream {
					return usageErr("consume: --create-streams names the input stream %s, not --stream %s", st, o.stream)
				}
				if err := ensure(ctx); err != nil {
					return err
				}
			}
			c, err := natsbus.New(nc, natsbus.Config{
				EnsureStreams: ensure,
				In:            o.in, Out: o.out, Queue: o.queue, Stream: o.stream, Durable: o.durable,
				DeadLetter: o.deadLetter, JSONPaths: o.jsonPaths,
				MaxBytes: o.maxBytes, Workers: o.workers, AckWait: o.ackWait, ScanTimeout: o.scanTimeout, StreamIdle: o.streamIdle, Pinned: o.pinned,
				Scanner: func() *engine.Scanner { return s }, Log: log,
			})
			if err != nil {
				return usageErr("consume: %v", err)
			}
			if err := c.Run(ctx); err != nil {
				if errors.Is(err, jetstream.ErrStreamNotFound) {
					return usageErr("consume: %v (create it, or pass --create-streams)", err)
				}
				return err
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.url, "nats-url", defaultNatsURL, "NATS server URL, comma-separated for a cluster (credentials in it: nats://TOKEN@host, nats://USER:PASSWORD@host)")
	f.StringVar(&o.ca, "nats-ca", "", "CA file that signs the servers' TLS certificates")
	f.StringVar(&o.in, "in", natsbus.DefaultIn, "input subject (wildcards allowed)")
	f.StringVar(&o.out, "out", natsbus.DefaultOut, "output subject template (the same wildcards as --in)")
	f.StringVar(&o.queue, "queue", natsbus.DefaultQueue, "core NATS queue group")
	f.StringVar(&o.stream, "stream", "", "JetStream stream to consume from (durable pull consumer); empty: core NATS")
	f.StringVar(&o.durable, "durable", natsbus.DefaultDurable, "JetStream durable consumer name")
	f.StringVar(&o.deadLetter, "dead-letter", natsbus.DefaultDeadLetter, "dead-letter subject prefix")
	f.StringSliceVar(&o.jsonPaths, "json-paths", nil, "payloads are JSON: redact only these fields (e.g. choices[].message.content, content[].text; 'openai', 'anthropic' as shorthands)")
	f.StringVar(&o.policy, "policy", "", "policy file (default: built-in policy)")
	f.IntVar(&o.workers, "workers", 0, "messages processed at once (default 8 per CPU, at least 16)")
	f.Int64Var(&o.maxBytes, "max-bytes", natsbus.DefaultMaxBytes, "decoded payload limit")
	f.DurationVar(&o.ackWait, "ack-wait", natsbus.DefaultAckWait, "JetStream redelivery timeout")
	f.DurationVar(&o.scanTimeout, "scan-timeout", natsbus.DefaultScanTime, "deadline of one scan; past it the message is retried, then dead-lettered")
	f.DurationVar(&o.streamIdle, "stream-idle", natsbus.DefaultStreamIdle, "a streamed answer (Sluice-Stream-Id) waiting longer for its next chunk is flushed with Sluice-Stream-Error: idle_timeout")
	f.BoolVar(&o.pinned, "pinned", false, "JetStream: one instance of those sharing --durable receives everything, the others stand by (needed for streamed answers with several instances; scale out with one durable per subject partition)")
	f.BoolVar(&o.createStreams, "create-streams", false, "create the input, output and dead-letter streams when missing (with --stream)")
	f.IntVar(&o.replicas, "replicas", 1, "with --create-streams: servers of the JetStream cluster that keep each stream (3 for a 3-node cluster); given, it also scales existing streams")
	f.StringVar(&o.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	return cmd
}
