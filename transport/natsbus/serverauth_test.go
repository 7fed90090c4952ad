package natsbus

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
	"github.com/sluice-dlp/sluice/engine"
)

// startAuthed starts an embedded server on all interfaces with auth and
// returns it, sluice's own client options and a TCP URL for outsiders.
func startAuthed(t *testing.T, a ServerAuth) (*server.Server, []nats.Option, string) {
	t.Helper()
	s, copts, err := StartEmbedded(ServerConfig{Listen: "0.0.0.0:-1", StoreDir: t.TempDir(), Auth: a})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	port := s.Addr().(*net.TCPAddr).Port
	return s, copts, "nats://127.0.0.1:" + strconv.Itoa(port)
}

// redactsWith runs a consumer over sluice's own options and checks a
// message goes through.
func redactsWith(t *testing.T, s *server.Server, copts []nats.Option) {
	t.Helper()
	nc, err := Connect(InProcessURL(s), "sluice", testLog(t), copts...)
	if err != nil {
		t.Fatalf("sluice's own connection: %v", err)
	}
	defer nc.Close()
	sc := scanner(t)
	c, err := New(nc, Config{In: "a.>", Out: "b.>", Scanner: func() *engine.Scanner { return sc }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	defer func() { cancel(); <-done }()
	<-c.Ready()
	sub, err := nc.SubscribeSync("b.>")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Publish("a.x", []byte("mail "+canaryEmail)); err != nil {
		t.Fatal(err)
	}
	m, err := sub.NextMsg(5 * time.Second)
	if err != nil || string(m.Data) != "mail <EMAIL_ADDRESS>" {
		t.Fatalf("got %v %v", m, err)
	}
}

func TestEmbeddedAuth(t *testing.T) {
	t.Run("refused beyond loopback without auth", func(t *testing.T) {
		for _, listen := range []string{"0.0.0.0:-1", ":-1", "[::]:-1", "192.0.2.1:4222"} {
			_, _, err := StartEmbedded(ServerConfig{Listen: listen, StoreDir: t.TempDir()})
			if !errors.Is(err, ErrNoAuth) || !strings.Contains(err.Error(), "--insecure-no-auth") {
				t.Errorf("%s: %v", listen, err)
			}
		}
		s, copts, url := startAuthed(t, ServerAuth{InsecureNoAuth: true})
		if nc, err := nats.Connect(url); err != nil {
			t.Fatalf("--insecure-no-auth: %v", err)
		} else {
			nc.Close()
		}
		redactsWith(t, s, copts)
	})
	t.Run("token", func(t *testing.T) {
		s, copts, url := startAuthed(t, ServerAuth{Token: "tok-0123456789abcdef"})
		if _, err := nats.Connect(url); err == nil {
			t.Fatal("connected without the token")
		}
		if _, err := nats.Connect(url, nats.Token("wrong")); err == nil {
			t.Fatal("connected with a wrong token")
		}
		nc, err := nats.Connect(url, nats.Token("tok-0123456789abcdef"))
		if err != nil {
			t.Fatal(err)
		}
		nc.Close()
		redactsWith(t, s, copts)
	})
	t.Run("user and password", func(t *testing.T) {
		s, copts, url := startAuthed(t, ServerAuth{User: "app", Password: "pw-0123456789"})
		if _, err := nats.Connect(url, nats.UserInfo("app", "nope")); err == nil {
			t.Fatal("connected with a wrong password")
		}
		nc, err := nats.Connect(strings.Replace(url, "nats://", "nats://app:pw-0123456789@", 1))
		if err != nil {
			t.Fatal(err)
		}
		nc.Close()
		redactsWith(t, s, copts)
	})
	t.Run("nkeys", func(t *testing.T) {
		kp, _ := nkeys.CreateUser()
		pub, _ := kp.PublicKey()
		other, _ := nkeys.CreateUser()
		otherPub, _ := other.PublicKey()
		file := filepath.Join(t.TempDir(), "nkeys")
		if err := os.WriteFile(file, []byte("# publishers\n"+pub+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		s, copts, url := startAuthed(t, ServerAuth{NkeysFile: file})
		if _, err := nats.Connect(url, nats.Nkey(otherPub, other.Sign)); err == nil {
			t.Fatal("connected with an unknown nkey")
		}
		nc, err := nats.Connect(url, nats.Nkey(pub, kp.Sign))
		if err != nil {
			t.Fatal(err)
		}
		nc.Close()
		redactsWith(t, s, copts)

		seed, _ := kp.Seed()
		if err := os.WriteFile(file, append(seed, '\n'), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err = StartEmbedded(ServerConfig{Listen: "0.0.0.0:-1", StoreDir: t.TempDir(), Auth: ServerAuth{NkeysFile: file}})
		if err == nil || !strings.Contains(err.Error(), "not a user public nkey") || strings.Contains(err.Error(), string(seed)) {
			t.Fatalf("seed in the nkeys file: %v", err)
		}
	})
	t.Run("config file", func(t *testing.T) {
		conf := filepath.Join(t.TempDir(), "nats.conf")
		if err := os.WriteFile(conf, []byte("authorization {\n  users = [ {user: pub, password: pub-secret-123} ]\n}\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		s, copts, url := startAuthed(t, ServerAuth{ConfigFile: conf})
		if _, err := nats.Connect(url); err == nil {
			t.Fatal("connected without credentials")
		}
		nc, err := nats.Connect(url, nats.UserInfo("pub", "pub-secret-123"))
		if err != nil {
			t.Fatal(err)
		}
		nc.Close()
		redactsWith(t, s, copts) // sluice's own nkey user
	})
	t.Run("tls", func(t *testing.T) {
		cert, key, pool := selfSigned(t)
		s, copts, url := startAuthed(t, ServerAuth{Token: "tok-0123456789abcdef", TLSCert: cert, TLSKey: key})
		if _, err := nats.Connect(url, nats.Token("tok-0123456789abcdef")); err == nil {
			t.Fatal("connected without trusting the server's certificate")
		}
		nc, err := nats.Connect(url, nats.Token("tok-0123456789abcdef"), nats.Secure(&tls.Config{RootCAs: pool, ServerName: "localhost"}))
		if err != nil {
			t.Fatal(err)
		}
		if !nc.TLSRequired() {
			t.Error("TLS not required")
		}
		nc.Close()
		redactsWith(t, s, copts)
	})
	t.Run("bad combinations", func(t *testing.T) {
		for _, tc := range []struct {
			a    ServerAuth
			want string
		}{
			{ServerAuth{Token: "t", User: "u", Password: "p"}, "cannot be combined"},
			{ServerAuth{User: "u"}, "give both --nats-user and --nats-password"},
			{ServerAuth{TLSCert: "c"}, "give both --nats-tls-cert and --nats-tls-key"},
			{ServerAuth{TLSVerify: true, Token: "t"}, "need --nats-tls-cert"},
			{ServerAuth{ConfigFile: "/nonexistent.conf"}, "nats config /nonexistent.conf"},
		} {
			if err := tc.a.Check("0.0.0.0:4222"); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%+v: %v, want %q", tc.a, err, tc.want)
			}
		}
	})
}

// selfSigned writes a self-signed certificate for localhost/127.0.0.1.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kd, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kd}), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return certFile, keyFile, pool
}
