package natsbus

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// ErrNoAuth: the embedded server would listen beyond loopback with no
// authentication.
var ErrNoAuth = errors.New("nats server: no authentication")

// ServerAuth says who may connect to the embedded server. On a
// non-loopback address at least one method is required (or
// InsecureNoAuth): otherwise anyone who reaches the port could publish
// forged outputs or read raw model responses.
type ServerAuth struct {
	// Token: clients present this token.
	Token string
	// User and Password: one user.
	User, Password string
	// NkeysFile lists allowed user public nkeys (U...), one per line.
	NkeysFile string
	// ConfigFile is a NATS server configuration file (accounts, users,
	// TLS, anything nats-server reads). sluice connects with Token or
	// User/Password when given, else with a user of its own added to the
	// file's global account.
	ConfigFile string
	// TLS for client connections: certificate and key, and a CA to verify
	// client certificates with when TLSVerify is set (mutual TLS).
	TLSCert, TLSKey, TLSCA string
	TLSVerify              bool
	// InsecureNoAuth allows a non-loopback listen address without auth.
	InsecureNoAuth bool
}

// options builds the server options and sluice's own client options.
func (a ServerAuth) options(listen string) (*server.Options, []nats.Option, error) {
	opts := &server.Options{}
	if a.ConfigFile != "" {
		if a.NkeysFile != "" || (a.User != "" && a.Password == "") {
			return nil, nil, errors.New("nats server: with --nats-config, put users and nkeys in the file (--nats-user/--nats-password or --nats-token then say how sluice itself connects)")
		}
		var err error
		if opts, err = server.ProcessConfigFile(a.ConfigFile); err != nil {
			return nil, nil, fmt.Errorf("nats config %s: %w", a.ConfigFile, err)
		}
	} else {
		switch {
		case a.Token != "" && (a.User != "" || a.NkeysFile != ""):
			return nil, nil, errors.New("nats server: --nats-token cannot be combined with --nats-user or --nats-nkeys (NATS allows one token or a list of users)")
		case (a.User == "") != (a.Password == ""):
			return nil, nil, errors.New("nats server: give both --nats-user and --nats-password")
		}
		opts.Authorization = a.Token
		if a.User != "" {
			opts.Users = []*server.User{{Username: a.User, Password: a.Password}}
		}
		if a.NkeysFile != "" {
			keys, err := readNkeys(a.NkeysFile)
			if err != nil {
				return nil, nil, err
			}
			opts.Nkeys = keys
		}
	}
	if a.TLSCert != "" || a.TLSKey != "" {
		if a.TLSCert == "" || a.TLSKey == "" {
			return nil, nil, errors.New("nats server: give both --nats-tls-cert and --nats-tls-key")
		}
		tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: a.TLSCert, KeyFile: a.TLSKey, CaFile: a.TLSCA, Verify: a.TLSVerify})
		if err != nil {
			return nil, nil, fmt.Errorf("nats server TLS: %w", err)
		}
		opts.TLSConfig, opts.TLS, opts.TLSVerify = tc, true, a.TLSVerify
	} else if a.TLSVerify || a.TLSCA != "" {
		return nil, nil, errors.New("nats server: --nats-tls-ca and --nats-tls-verify need --nats-tls-cert and --nats-tls-key")
	}

	host := opts.Host
	if host == "" && opts.Port == 0 {
		host, _, _ = net.SplitHostPort(listen)
	}
	authed := opts.Authorization != "" || opts.Username != "" || len(opts.Users) > 0 || len(opts.Nkeys) > 0 ||
		len(opts.TrustedOperators) > 0 || len(opts.TrustedKeys) > 0 || opts.AuthCallout != nil || opts.TLSVerify
	if !authed && !loopbackHost(host) && !a.InsecureNoAuth {
		return nil, nil, fmt.Errorf("%w: the embedded NATS server would listen on host %q, beyond loopback, where anyone could publish forged outputs "+
			"or read raw responses; give --nats-token, --nats-user/--nats-password, --nats-nkeys or --nats-config with authorization "+
			"(and --nats-tls-cert/--nats-tls-key), or --insecure-no-auth", ErrNoAuth, host)
	}
	if !authed {
		return opts, nil, nil
	}

	// sluice's own connection.
	switch {
	case a.Token != "":
		return opts, []nats.Option{nats.Token(a.Token)}, nil
	case a.User != "":
		return opts, []nats.Option{nats.UserInfo(a.User, a.Password)}, nil
	case opts.Authorization != "" || len(opts.TrustedOperators) > 0 || len(opts.TrustedKeys) > 0 || len(opts.Accounts) > 0:
		return nil, nil, errors.New("nats server: the config file's authorization needs --nats-token or --nats-user/--nats-password for sluice's own connection")
	}
	// A user of sluice's own, known only to this process.
	kp, err := nkeys.CreateUser()
	if err != nil {
		return nil, nil, fmt.Errorf("nats server: own nkey: %w", err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, nil, fmt.Errorf("nats server: own nkey: %w", err)
	}
	opts.Nkeys = append(opts.Nkeys, &server.NkeyUser{Nkey: pub})
	return opts, []nats.Option{nats.Nkey(pub, kp.Sign)}, nil
}

func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// readNkeys reads user public nkeys, one per line ('#' comments).
func readNkeys(path string) ([]*server.NkeyUser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nats nkeys: %w", err)
	}
	defer f.Close()
	var users []*server.NkeyUser
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		k := strings.TrimSpace(sc.Text())
		if k == "" || strings.HasPrefix(k, "#") {
			continue
		}
		if !nkeys.IsValidPublicUserKey(k) {
			return nil, fmt.Errorf("nats nkeys %s:%d: not a user public nkey (want U... as printed by nk -gen user -pubout; never a seed)", path, line)
		}
		users = append(users, &server.NkeyUser{Nkey: k})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("nats nkeys %s: %w", path, err)
	}
	if len(users) == 0 {
		return nil, fmt.Errorf("nats nkeys %s: no keys", path)
	}
	return users, nil
}

// Check validates the configuration for listen without starting a
// server, so a command can refuse before it starts anything else.
func (a ServerAuth) Check(listen string) error {
	if listen == "" {
		listen = DefaultListen
	}
	_, _, err := a.options(listen)
	return err
}

// InProcessURL is the URL sluice's own in-process connection uses: plain
// nats:// (an in-process connection needs no TLS, and the server's
// certificate need not name its listen address).
func InProcessURL(s *server.Server) string {
	u := s.ClientURL()
	if _, rest, ok := strings.Cut(u, "://"); ok {
		return "nats://" + rest
	}
	return u
}
