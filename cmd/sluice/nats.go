package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/sluice-dlp/sluice/transport/codec"
	"github.com/spf13/cobra"
)

// natsCA is the --nats-ca of the nats commands.
var natsCA string

// clientTLS trusts a private CA when one is given.
func clientTLS(ca string) []nats.Option {
	if ca == "" {
		return nil
	}
	return []nats.Option{nats.RootCAs(ca)}
}

// subDisplayLimit bounds how much of one payload `nats sub` decodes.
const subDisplayLimit = 64 << 20

func newNatsCmd() *cobra.Command {
	var url string
	cmd := &cobra.Command{
		Use:   "nats",
		Short: "Publish to and subscribe on the NATS bus (to try sluice serve)",
		Long: `Minimal NATS client to try the bus with nothing else installed:

  sluice serve                                  # embedded NATS on 127.0.0.1:4222
  sluice nats sub 'llm.redacted.>'              # in another terminal
  sluice nats pub llm.responses.demo 'mail me at ana@example.com'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().StringVar(&url, "nats-url", defaultNatsURL, "NATS server URL (credentials in it: nats://TOKEN@host:4222, nats://USER:PASSWORD@host:4222)")
	cmd.PersistentFlags().StringVar(&natsCA, "nats-ca", "", "CA file that signs the server's TLS certificate")
	cmd.AddCommand(newNatsPubCmd(&url), newNatsSubCmd(&url))
	return cmd
}

func newNatsPubCmd(url *string) *cobra.Command {
	var headers []string
	var encoding string
	cmd := &cobra.Command{
		Use:   "pub SUBJECT [TEXT|-]",
		Short: "Publish one message (TEXT, or stdin when TEXT is - or missing)",
		Long: `Publish one message. When a JetStream stream captures SUBJECT the publish
waits for the stream's acknowledgement and prints the stream sequence;
otherwise it is a plain NATS publish.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var data []byte
			if len(args) == 2 && args[1] != "-" {
				data = []byte(args[1])
			} else {
				b, err := io.ReadAll(io.LimitReader(cmd.InOrStdin(), subDisplayLimit+1))
				if err != nil {
					return usageErr("nats pub: read stdin: %v", err)
				}
				if len(b) > subDisplayLimit {
					return usageErr("nats pub: stdin is larger than %d bytes", subDisplayLimit)
				}
				data = b
			}
			m := nats.NewMsg(args[0])
			for _, h := range headers {
				k, v, ok := strings.Cut(h, ":")
				if !ok || strings.TrimSpace(k) == "" {
					return usageErr("nats pub: header %q: want NAME:VALUE", h)
				}
				m.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
			}
			if encoding != "" {
				enc, err := codec.Parse(encoding)
				if err != nil {
					return usageErr("nats pub: --content-encoding: %v", err)
				}
				if data, err = codec.Encode(enc, data); err != nil {
					return fmt.Errorf("nats pub: encode: %w", err)
				}
				if enc != codec.Identity {
					m.Header.Set("Content-Encoding", string(enc))
				}
			}
			m.Data = data
			ctx, cancel := context.WithTimeout(cmd.Context(), 10*time.Second)
			defer cancel()
			nc, err := nats.Connect(*url, append(clientTLS(natsCA), nats.Name("sluice nats pub"))...)
			if err != nil {
				return usageErr("nats pub: connect %s: %v%s", printableURL(*url), err, natsConnectHint(err))
			}
			defer nc.Close()
			out := cmd.OutOrStdout()
			if js, err := jetstream.New(nc); err == nil {
				if stream, err := js.StreamNameBySubject(ctx, m.Subject); err == nil {
					ack, err := js.PublishMsg(ctx, m)
					if err != nil {
						return fmt.Errorf("nats pub: %s: %w", m.Subject, err)
					}
					fmt.Fprintf(out, "published %d bytes to %s (stream %s, seq %d)\n", len(m.Data), m.Subject, stream, ack.Sequence)
					return nil
				}
			}
			if err := nc.PublishMsg(m); err != nil {
				return fmt.Errorf("nats pub: %s: %w", m.Subject, err)
			}
			if err := nc.FlushWithContext(ctx); err != nil {
				return fmt.Errorf("nats pub: flush: %w", err)
			}
			fmt.Fprintf(out, "published %d bytes to %s (no stream: core NATS, delivered only to current subscribers)\n", len(m.Data), m.Subject)
			return nil
		},
	}
	cmd.Flags().StringArrayVarP(&headers, "header", "H", nil, "header NAME:VALUE (repeatable)")
	cmd.Flags().StringVar(&encoding, "content-encoding", "", "compress the payload: gzip, zstd or s2 (sets Content-Encoding)")
	return cmd
}

func newNatsSubCmd(url *string) *cobra.Command {
	var count int
	var timeout time.Duration
	var raw bool
	cmd := &cobra.Command{
		Use:   "sub SUBJECT",
		Short: "Print messages on a subject (wildcards allowed) until --count or --timeout",
		Long: `Print each message: subject, headers, then the payload (decoded when it has
a Content-Encoding). --raw prints only payloads, one per line.

Exit status 1 when --timeout passes before --count messages arrived.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if count < 0 || timeout < 0 {
				return usageErr("nats sub: --count and --timeout must not be negative")
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, os.Interrupt)
			defer stop()
			if timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, timeout)
				defer cancel()
			}
			nc, err := nats.Connect(*url, append(clientTLS(natsCA), nats.Name("sluice nats sub"), nats.MaxReconnects(-1))...)
			if err != nil {
				return usageErr("nats sub: connect %s: %v%s", printableURL(*url), err, natsConnectHint(err))
			}
			defer nc.Close()
			sub, err := nc.SubscribeSync(args[0])
			if err != nil {
				return usageErr("nats sub: %s: %v", args[0], err)
			}
			if err := sub.SetPendingLimits(-1, -1); err != nil {
				return fmt.Errorf("nats sub: %w", err)
			}
			if err := nc.FlushTimeout(10 * time.Second); err != nil {
				return fmt.Errorf("nats sub: %w", err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "listening on %s at %s\n", args[0], nc.ConnectedUrlRedacted())
			out := cmd.OutOrStdout()
			for n := 0; count == 0 || n < count; n++ {
				m, err := sub.NextMsgWithContext(ctx)
				if err != nil {
					if errors.Is(err, context.DeadlineExceeded) && count > 0 {
						fmt.Fprintf(cmd.ErrOrStderr(), "sluice: nats sub: timed out after %s with %d of %d messages\n", timeout, n, count)
						return &exitError{code: 1, err: err}
					}
					if ctx.Err() != nil {
						return nil
					}
					return fmt.Errorf("nats sub: %w", err)
				}
				printMsg(out, m, raw)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&count, "count", 0, "exit after N messages (0: no limit)")
	cmd.Flags().DurationVar(&timeout, "timeout", 0, "give up after this long (0: wait forever)")
	cmd.Flags().BoolVar(&raw, "raw", false, "print only the payloads")
	return cmd
}

func printMsg(w io.Writer, m *nats.Msg, raw bool) {
	data := m.Data
	var note string
	if enc, err := codec.Parse(m.Header.Get("Content-Encoding")); err != nil {
		note = fmt.Sprintf("(%d bytes not shown: %v)", len(m.Data), err)
	} else if d, err := codec.Decode(enc, m.Data, subDisplayLimit); err != nil {
		note = fmt.Sprintf("(%d bytes not shown: %v)", len(m.Data), err)
	} else {
		data = d
	}
	if raw {
		if note == "" {
			fmt.Fprintf(w, "%s\n", data)
		}
		return
	}
	fmt.Fprintf(w, "[%s]\n", m.Subject)
	keys := make([]string, 0, len(m.Header))
	for k := range m.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range m.Header[k] {
			fmt.Fprintf(w, "%s: %s\n", k, v)
		}
	}
	if note != "" {
		fmt.Fprintf(w, "%s\n\n", note)
		return
	}
	fmt.Fprintf(w, "%s\n\n", data)
}
