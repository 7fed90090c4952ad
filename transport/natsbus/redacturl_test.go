package natsbus

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222"},
		{"nats://s3cr3tTOKEN@host:4222", "nats://xxxxx@host:4222"},
		{"nats://ana:pa55word@host:4222", "nats://ana:xxxxx@host:4222"},
		{"nats://a:4222,nats://tok@b:4222, tls://u:p@c:4222", "nats://a:4222,nats://xxxxx@b:4222,tls://u:xxxxx@c:4222"},
		{"tok@host:4222", "xxxxx@host:4222"},
		{"nats://ana:pa%zz55@host:4222", "nats://xxxxx@host:4222"}, // unparseable escape
		{"nats://p@ss@host:4222", "nats://xxxxx@host:4222"},
	} {
		got := RedactURL(tc.in)
		if got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for _, secret := range []string{"s3cr3t", "pa55", "tok@", "p@ss", ":p@"} {
			if strings.Contains(got, secret) {
				t.Errorf("RedactURL(%q) = %q keeps %q", tc.in, got, secret)
			}
		}
	}
}
