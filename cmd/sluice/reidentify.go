package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/spf13/cobra"
)

// maxTokenHold bounds the bytes held back while a '<' waits for its '>':
// an encrypt token is far shorter, so past this the text is no token.
const maxTokenHold = 1 << 20

func newReidentifyCmd() *cobra.Command {
	var policy string
	cmd := &cobra.Command{
		Use:   "reidentify --policy FILE [PATH]",
		Short: "Restore the values of encrypt tokens made with a policy's key",
		Long: `Read a file (or stdin) redacted by a policy whose actions include encrypt, and
write it to stdout with every <TYPE!...> token made with that policy's hash_key
replaced by its original value. Everything else, including tokens made with
another key, is written unchanged; those are counted on stderr.

The output holds the values the redaction removed: handle it with care.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if policy == "" {
				return usageErr("reidentify: --policy is required (the policy whose hash_key made the tokens)")
			}
			s, err := loadReidentifier(policy)
			if err != nil {
				return err
			}
			var r io.Reader = cmd.InOrStdin()
			name := "stdin"
			if len(args) == 1 && args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return usageErr("reidentify: %v", err)
				}
				defer f.Close()
				r, name = f, args[0]
			}
			restored, kept, err := reidentifyStream(s, r, cmd.OutOrStdout())
			if err != nil {
				return usageErr("reidentify: %s: %v", name, err)
			}
			if kept > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "sluice: reidentify: %d of %d tokens left as they were (made with another key, or damaged)\n", kept, restored+kept)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&policy, "policy", "", "policy file whose hash_key made the tokens (required)")
	return cmd
}

// loadReidentifier loads a policy for reidentification. It compiles
// without the NER stage, which reidentifying does not run, so a policy
// that enables NER works on a machine without ONNX Runtime.
func loadReidentifier(path string) (*engine.Scanner, error) {
	p, err := loadPolicy(path)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	s, err := engine.Compile(p)
	if err != nil {
		var pe *engine.PolicyError
		if errors.As(err, &pe) {
			return nil, usageErr("%v", err)
		}
		return nil, usageErr("policy %s: %v", p.Source, err)
	}
	if !s.HasEncrypt() {
		return nil, usageErr("reidentify: policy %s has no encrypt action, so nothing it redacted can be restored", path)
	}
	return s, nil
}

// reidentifyStream copies r to w with the tokens restored, in bounded
// memory. A token never holds '<' after its first byte and ends at the
// first '>', so everything before the last '<' that has no '>' after it
// can be released.
func reidentifyStream(s *engine.Scanner, r io.Reader, w io.Writer) (restored, kept int, err error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	buf := make([]byte, 256<<10)
	var pending, out []byte
	var toks []engine.Token
	for {
		n, rerr := r.Read(buf)
		pending = append(pending, buf[:n]...)
		cut := len(pending)
		if rerr == nil {
			if l := bytes.LastIndexByte(pending, '<'); l >= 0 && len(pending)-l <= maxTokenHold && bytes.IndexByte(pending[l:], '>') < 0 {
				cut = l
			}
		}
		out, toks = s.Reidentify(out[:0], pending[:cut], toks[:0])
		for _, t := range toks {
			if t.Restored() {
				restored++
			} else {
				kept++
			}
		}
		if _, err := bw.Write(out); err != nil {
			return restored, kept, err
		}
		pending = append(pending[:0], pending[cut:]...)
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return restored, kept, rerr
		}
	}
	return restored, kept, bw.Flush()
}
