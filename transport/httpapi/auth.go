package httpapi

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// minKeyLen is the shortest API key accepted in a key file.
const minKeyLen = 16

// ErrKeyFile marks every API key file error.
var ErrKeyFile = errors.New("invalid api key file")

// apiKey is one line of the key file. Only a hash of the key is kept.
type apiKey struct {
	hash       [sha256.Size]byte
	Tenant     string
	PolicyPath string // "" means the serve-wide policy (Config.PolicyPath)
	Line       int    // line in the key file, for errors
}

// KeyStore holds the API keys. Lookups compare against every key in
// constant time.
type KeyStore struct {
	keys   []apiKey
	source string
}

// LoadKeys reads a key file: one "KEY TENANT [POLICY_FILE]" per line,
// blank lines and '#' comments ignored. Relative policy paths are
// relative to the key file. Errors name the line, never the key.
func LoadKeys(path string) (*KeyStore, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("api keys %s: %w", path, err)
	}
	return ParseKeys(path, data)
}

// ParseKeys parses the content of a key file read from source.
func ParseKeys(source string, data []byte) (*KeyStore, error) {
	ks := &KeyStore{source: source}
	seen := map[[sha256.Size]byte]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("%w: %s:%d: want KEY TENANT [POLICY_FILE], got %d fields", ErrKeyFile, source, line, len(f))
		}
		if len(f[0]) < minKeyLen {
			return nil, fmt.Errorf("%w: %s:%d: key shorter than %d characters", ErrKeyFile, source, line, minKeyLen)
		}
		if !validTenant(f[1]) {
			return nil, fmt.Errorf("%w: %s:%d: tenant name must be 1-64 of [A-Za-z0-9._-]", ErrKeyFile, source, line)
		}
		k := apiKey{hash: sha256.Sum256([]byte(f[0])), Tenant: f[1], Line: line}
		if seen[k.hash] {
			return nil, fmt.Errorf("%w: %s:%d: duplicate key", ErrKeyFile, source, line)
		}
		seen[k.hash] = true
		if len(f) == 3 {
			k.PolicyPath = f[2]
			if !filepath.IsAbs(k.PolicyPath) {
				k.PolicyPath = filepath.Join(filepath.Dir(source), k.PolicyPath)
			}
		}
		ks.keys = append(ks.keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s:%d: %v", ErrKeyFile, source, line+1, err)
	}
	if len(ks.keys) == 0 {
		return nil, fmt.Errorf("%w: %s: no keys", ErrKeyFile, source)
	}
	return ks, nil
}

func validTenant(t string) bool {
	if t == "" || len(t) > 64 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Len is the number of keys.
func (ks *KeyStore) Len() int { return len(ks.keys) }

// lookup returns the key entry for a presented key. It hashes the key
// and compares the hash with every entry, so neither the key length nor
// the position of a match shows in the timing.
func (ks *KeyStore) lookup(presented string) (apiKey, bool) {
	h := sha256.Sum256([]byte(presented))
	found := -1
	for i := range ks.keys {
		if subtle.ConstantTimeCompare(h[:], ks.keys[i].hash[:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return apiKey{}, false
	}
	return ks.keys[found], true
}

// presentedKey reads the key from "Authorization: Bearer KEY" or
// "X-API-Key: KEY".
func presentedKey(r *http.Request) string {
	if k := r.Header.Get("X-API-Key"); k != "" {
		return strings.TrimSpace(k)
	}
	a := r.Header.Get("Authorization")
	if len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		return strings.TrimSpace(a[7:])
	}
	return ""
}

// limiters keeps one token bucket per tenant.
type limiters struct {
	rate  rate.Limit
	burst int
	mu    sync.Mutex
	by    map[string]*rate.Limiter
}

func newLimiters(perSec float64, burst int) *limiters {
	return &limiters{rate: rate.Limit(perSec), burst: burst, by: map[string]*rate.Limiter{}}
}

// allow takes a token for tenant; when none is left it returns how long
// until one is.
func (l *limiters) allow(tenant string) (bool, time.Duration) {
	if l.rate <= 0 {
		return true, 0
	}
	l.mu.Lock()
	lim, ok := l.by[tenant]
	if !ok {
		lim = rate.NewLimiter(l.rate, l.burst)
		l.by[tenant] = lim
	}
	l.mu.Unlock()
	now := time.Now()
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Second
	}
	d := r.DelayFrom(now)
	if d == 0 {
		return true, 0
	}
	r.CancelAt(now)
	return false, d
}

// retryAfter formats a delay as whole seconds, at least 1.
func retryAfter(d time.Duration) string {
	return fmt.Sprint(max(1, int(math.Ceil(d.Seconds()))))
}

// failLimiter bounds failed authentications per client address, so a
// key cannot be guessed at the speed of the network. Tokens refill at
// rate per second up to burst; an address with none left gets 429
// before its key is even looked at.
type failLimiter struct {
	rate  rate.Limit
	burst int
	mu    sync.Mutex
	by    map[string]*failEntry
}

type failEntry struct{ lim *rate.Limiter }

// maxFailAddrs bounds the addresses remembered; past it, addresses whose
// bucket is full again are forgotten.
const maxFailAddrs = 10000

func newFailLimiter(perSec float64, burst int) *failLimiter {
	return &failLimiter{rate: rate.Limit(perSec), burst: burst, by: map[string]*failEntry{}}
}

// blocked reports whether addr has no failure left, and for how long.
func (l *failLimiter) blocked(addr string) (bool, time.Duration) {
	if l.rate <= 0 {
		return false, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.by[addr]
	if !ok {
		return false, 0
	}
	now := time.Now()
	if e.lim.TokensAt(now) >= 1 {
		return false, 0
	}
	r := e.lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	r.CancelAt(now)
	return true, d
}

// failed takes a token for a failed authentication from addr.
func (l *failLimiter) failed(addr string) {
	if l.rate <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	e, ok := l.by[addr]
	if !ok {
		if len(l.by) >= maxFailAddrs {
			for a, o := range l.by {
				if o.lim.TokensAt(now) >= float64(l.burst) {
					delete(l.by, a)
				}
			}
		}
		e = &failEntry{lim: rate.NewLimiter(l.rate, l.burst)}
		l.by[addr] = e
	}
	e.lim.AllowN(now, 1)
}

// clientAddr is the host part of the peer address (no port: one client
// opens many connections).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
