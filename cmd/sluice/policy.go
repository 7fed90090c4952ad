package main

import (
	"errors"

	"github.com/sluice-dlp/sluice/engine"
)

// loadPolicy reads a policy file, or returns the built-in default when
// path is empty.
func loadPolicy(path string) (*engine.Policy, error) {
	if path == "" {
		return engine.DefaultPolicy(), nil
	}
	return engine.LoadPolicy(path)
}

// compilePolicy compiles a policy with the optional stages it enables
// (NER). A policy that asks for a stage this machine cannot run fails
// here, naming what is missing, rather than scanning less.
func compilePolicy(p *engine.Policy) (*engine.Scanner, error) {
	opts, err := recognizerOptions(p)
	if err != nil {
		return nil, err
	}
	return engine.Compile(p, opts...)
}

// loadScanner is loadPolicy then compilePolicy; policy errors become
// usage errors (exit status 2).
func loadScanner(path string) (*engine.Scanner, error) {
	p, err := loadPolicy(path)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	s, err := compilePolicy(p)
	if err != nil {
		var pe *engine.PolicyError
		if errors.As(err, &pe) {
			return nil, usageErr("%v", err)
		}
		return nil, usageErr("policy %s: %v", p.Source, err)
	}
	return s, nil
}
