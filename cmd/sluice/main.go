// Command sluice finds and redacts PII and secrets in what AI models say:
// in files and pipes (scan), as an HTTP service (serve), on a NATS bus
// (consume), in front of an OpenAI/Anthropic API (proxy), and as a
// benchmark of its own rules (bench).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/spf13/cobra"
)

// exitError carries a process exit status through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErr is exit status 2: bad flags, bad input, bad policy.
func usageErr(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "sluice",
		Short:         "Find and redact PII and secrets in AI model output",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: 2, err: fmt.Errorf("%s%w", commandPrefix(c), err)}
	})
	root.AddCommand(
		newScanCmd(),
		newRulesCmd(),
		newPolicyCmd(),
		newServeCmd(),
		newConsumeCmd(),
		newNatsCmd(),
		newProxyCmd(),
		newBenchCmd(),
		newReidentifyCmd(),
		newVersionCmd(),
	)
	prefixArgErrors(root)
	return root
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status: 0 success,
// 1 findings with --fail-on-findings, 2 usage or input error (with a
// one-line reason on stderr).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.code != 1 {
			fmt.Fprintln(stderr, "sluice:", oneLine(ee.err.Error()))
		}
		return ee.code
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "unknown command ") {
		// cobra's message does not say which command it is about.
		msg = commandPrefix(cmd) + cobraMessage(cmd, msg)
	}
	fmt.Fprintln(stderr, "sluice:", oneLine(msg))
	return 2
}

// prefixArgErrors makes every command's argument check name the command
// ("scan: accepts at most 1 arg(s)"), as flag errors do.
func prefixArgErrors(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				if strings.HasPrefix(err.Error(), "unknown command ") {
					return err
				}
				return &exitError{code: 2, err: fmt.Errorf("%s%w", commandPrefix(cmd), err)}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		prefixArgErrors(sub)
	}
}

// commandPrefix is "scan: " for `sluice scan`, "nats pub: " for
// `sluice nats pub`, and "" for sluice itself: every message gets the
// "sluice: " prefix once, where it is printed.
func commandPrefix(c *cobra.Command) string {
	if c == nil || !c.HasParent() {
		return ""
	}
	return strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ") + ": "
}

// cobraMessage turns cobra's multi-line unknown-command error into one
// line that keeps its suggestion and says where the valid names are.
func cobraMessage(c *cobra.Command, msg string) string {
	first, rest, _ := strings.Cut(msg, "\n")
	if i := strings.Index(first, ` for "`); i >= 0 {
		first = first[:i]
	}
	var hints []string
	for _, l := range strings.Split(rest, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasSuffix(l, "?") {
			hints = append(hints, fmt.Sprintf("%q", l))
		}
	}
	if len(hints) > 0 {
		first += " (did you mean " + strings.Join(hints, " or ") + "?)"
	}
	return first + "; see '" + c.CommandPath() + " --help'"
}

// natsConnectHint completes a NATS connection error with the obvious fix
// when no server answered.
func natsConnectHint(err error) string {
	if errors.Is(err, nats.ErrNoServers) {
		return " (is a NATS server running there? `sluice serve` starts one on " + strings.TrimPrefix(defaultNatsURL, "nats://") + "; or pass --nats-url)"
	}
	return ""
}

// oneLine keeps an error on one line of stderr.
func oneLine(msg string) string {
	return strings.ReplaceAll(strings.TrimRight(msg, "\n"), "\n", "; ")
}
