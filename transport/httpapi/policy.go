package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/sluice-dlp/sluice/engine"
)

// binding is one loaded policy.
type binding struct {
	scanner *engine.Scanner
	id      string
	version string
	path    string // "" for the built-in policy
}

// policySet is every policy in use and the API keys that select them;
// it is replaced as a whole on reload.
type policySet struct {
	keys    *KeyStore // nil: no auth
	def     *binding
	byPath  map[string]*binding
	byID    map[string]*binding
	tenants map[string]*binding
	stamps  map[string]fileStamp
}

type fileStamp struct {
	mod  time.Time
	size int64
}

func stat(path string) fileStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{mod: fi.ModTime(), size: fi.Size()}
}

func (s *Server) policyPaths(ks *KeyStore) []string {
	paths := []string{s.cfg.PolicyPath}
	if ks != nil {
		for _, k := range ks.keys {
			paths = append(paths, s.keyPolicy(k))
		}
	}
	return paths
}

// keyPolicy is the policy file a key selects: its own, else the
// serve-wide one (never silently the built-in policy).
func (s *Server) keyPolicy(k apiKey) string {
	if k.PolicyPath == "" {
		return s.cfg.PolicyPath
	}
	return k.PolicyPath
}

// tenantPolicies maps each tenant to its one policy file. A tenant is
// one identity (rate limit, audit, encryption scope) with one policy:
// two key lines of one tenant naming different policies are refused, as
// either choice would silently apply the wrong rules to one of the keys.
func (s *Server) tenantPolicies(ks *KeyStore) (map[string]string, error) {
	paths := map[string]string{}
	lines := map[string]int{}
	for _, k := range ks.keys {
		p := s.keyPolicy(k)
		if prev, ok := paths[k.Tenant]; ok && prev != p {
			return nil, fmt.Errorf("%w: %s:%d: tenant %s already has policy %s (line %d), this line gives %s: "+
				"one tenant has one policy; use another tenant name for this key",
				ErrKeyFile, ks.source, k.Line, k.Tenant, policyName(prev), lines[k.Tenant], policyName(p))
		}
		paths[k.Tenant], lines[k.Tenant] = p, k.Line
	}
	return paths, nil
}

func policyName(path string) string {
	if path == "" {
		return "built-in"
	}
	return path
}

// loadPolicies loads and compiles every policy; any error fails the whole
// set so that a reload is all or nothing.
func (s *Server) loadPolicies(ks *KeyStore) (*policySet, error) {
	ps := &policySet{
		keys:    ks,
		byPath:  map[string]*binding{},
		byID:    map[string]*binding{},
		tenants: map[string]*binding{},
		stamps:  map[string]fileStamp{},
	}
	if s.cfg.KeysPath != "" {
		ps.stamps[s.cfg.KeysPath] = stat(s.cfg.KeysPath)
	}
	var tenants map[string]string
	if ks != nil {
		var err error
		if tenants, err = s.tenantPolicies(ks); err != nil {
			return nil, err
		}
	}
	for _, path := range s.policyPaths(ks) {
		if _, ok := ps.byPath[path]; ok {
			continue
		}
		if path != "" {
			ps.stamps[path] = stat(path)
		}
		b, err := s.loadPolicy(path)
		if err != nil {
			return nil, err
		}
		ps.byPath[path] = b
		if _, ok := ps.byID[b.id]; !ok {
			ps.byID[b.id] = b
		}
	}
	ps.def = ps.byPath[s.cfg.PolicyPath]
	for tenant, path := range tenants {
		ps.tenants[tenant] = ps.byPath[path]
	}
	return ps, nil
}

func (s *Server) loadPolicy(path string) (*binding, error) {
	var (
		p       *engine.Policy
		version string
	)
	if path == "" {
		p = engine.DefaultPolicy()
		version = p.Version
	} else {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("policy %s: %w", path, err)
		}
		p, err = engine.ParsePolicy(path, data)
		if err != nil {
			return nil, err
		}
		// The content hash tells two edits of one version apart.
		sum := sha256.Sum256(data)
		version = hex.EncodeToString(sum[:4])
		if p.Version != "" {
			version = p.Version + "+" + version
		}
	}
	sc, err := s.cfg.Compile(p)
	if errors.Is(err, engine.ErrPolicy) {
		return nil, err // a PolicyError names the file already
	}
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", p.Source, err)
	}
	return &binding{scanner: sc, id: p.ID, version: version, path: path}, nil
}

// Reload loads every policy (and the API key file, when KeysPath is set)
// again and swaps them in at once. When any of them fails, the old set
// stays active and the error says why.
func (s *Server) Reload() error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	ks := s.policies.Load().keys
	var err error
	if s.cfg.KeysPath != "" {
		ks, err = LoadKeys(s.cfg.KeysPath)
	}
	var ps *policySet
	if err == nil {
		ps, err = s.loadPolicies(ks)
	}
	if err != nil {
		s.m.reloads.with("error").Inc()
		old := s.policies.Load()
		s.log.Error("policy reload failed; keeping the active policies",
			"error", err.Error(), "policy", old.def.id, "policy_version", old.def.version)
		return err
	}
	s.policies.Store(ps)
	s.m.reloads.with("ok").Inc()
	s.m.setPolicies(ps)
	nkeys := 0
	if ps.keys != nil {
		nkeys = ps.keys.Len()
	}
	s.log.Info("policies reloaded", "policy", ps.def.id, "policy_version", ps.def.version, "policies", len(ps.byPath), "keys", nkeys)
	return nil
}

// WatchPolicies reloads when a policy file changes (size or modification
// time), checking every interval until ctx ends.
func (s *Server) WatchPolicies(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	// A failed reload is not retried until the files change again.
	seen := s.policies.Load().stamps
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		changed := false
		now := map[string]fileStamp{}
		for path, st := range seen {
			cur := stat(path)
			now[path] = cur
			if cur != st {
				changed = true
			}
		}
		if !changed {
			continue
		}
		seen = now
		if s.Reload() == nil { // Reload logs why it failed.
			// Watch exactly what the new set was loaded from (a key
			// file change can add policy files).
			seen = s.policies.Load().stamps
		}
	}
}
