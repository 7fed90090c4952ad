package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/sluice-dlp/sluice/engine"
	"github.com/sluice-dlp/sluice/models"
	"github.com/spf13/cobra"
)

// buildInfo is what `sluice version` reports: enough to tell which build
// ran in a bug report.
type buildInfo struct {
	Version    string    `json:"version"`
	Commit     string    `json:"commit,omitempty"`
	CommitTime string    `json:"commit_time,omitempty"`
	Modified   bool      `json:"modified,omitempty"`
	Go         string    `json:"go"`
	Platform   string    `json:"platform"`
	Tags       string    `json:"tags,omitempty"`
	Regex      string    `json:"regex"`
	ONNX       onnxState `json:"onnx"`
}

type onnxState struct {
	// Built: compiled with -tags onnx (NER can run at all).
	Built bool `json:"built"`
	// Runtime is the libonnxruntime this machine would load, when found.
	Runtime string `json:"runtime,omitempty"`
	// Problem says why NER cannot run here, when it cannot.
	Problem string `json:"problem,omitempty"`
}

func currentBuild() buildInfo {
	b := buildInfo{Version: "(devel)", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH, Regex: regexMode()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" {
			b.Version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.time":
				b.CommitTime = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			case "-tags":
				b.Tags = s.Value
			}
		}
	}
	b.ONNX.Built = models.ORTAvailable
	if !b.ONNX.Built {
		b.ONNX.Problem = "built without -tags onnx: policies with ner.enabled fail at startup"
	} else if p, err := models.LibraryPath(); err != nil {
		b.ONNX.Problem = err.Error()
	} else {
		b.ONNX.Runtime = p
	}
	return b
}

// regexMode says which regex engine this build compiled in.
func regexMode() string {
	if engine.RegexEngine != "go-re2" {
		return engine.RegexEngine + " (benchmark baseline build, not for production)"
	}
	return "go-re2, " + re2Mode
}

// buildTags are the tags of this build that change behaviour, so a test
// or a bug report can rebuild the same thing.
func buildTags() []string {
	var tags []string
	if re2Tag != "" {
		tags = append(tags, re2Tag)
	}
	if engine.RegexEngine != "go-re2" {
		tags = append(tags, "stdregexp")
	}
	if models.ORTAvailable {
		tags = append(tags, "onnx")
	}
	return tags
}

func (b buildInfo) writeText(w io.Writer) error {
	commit := b.Commit
	if commit == "" {
		commit = "unknown (built outside a git checkout, or with -buildvcs=false)"
	} else {
		if b.CommitTime != "" {
			commit += " (" + b.CommitTime + ")"
		}
		if b.Modified {
			commit += ", with uncommitted changes"
		}
	}
	onnx := "not built in (rebuild with -tags onnx)"
	if b.ONNX.Built {
		onnx = "built in, runtime " + b.ONNX.Runtime
		if b.ONNX.Runtime == "" {
			onnx = "built in, runtime missing: " + b.ONNX.Problem
		}
	}
	tags := b.Tags
	if tags == "" {
		tags = "none"
	}
	lines := [][2]string{
		{"sluice", b.Version},
		{"commit", commit},
		{"go", b.Go + " " + b.Platform},
		{"tags", tags},
		{"regex", b.Regex},
		{"onnx", onnx},
	}
	var sb strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&sb, "%-7s %s\n", l[0], l[1])
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

func newVersionCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit, Go version, regex engine and ONNX support of this build",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b := currentBuild()
			if asJSON {
				return writeJSONLine(cmd.OutOrStdout(), b)
			}
			return b.writeText(cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	return cmd
}
