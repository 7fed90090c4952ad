package natsbus

import (
	"net/url"
	"strings"
)

// RedactURL returns a NATS URL (or a comma-separated list of them) fit
// for messages and logs: a token or password in it (nats://TOKEN@host,
// nats://USER:PASSWORD@host) is replaced by "xxxxx"; a user name stays.
func RedactURL(s string) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = redactOne(strings.TrimSpace(p))
	}
	return strings.Join(parts, ",")
}

const redacted = "xxxxx"

func redactOne(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		// Unparsed: hide everything before the last '@' but the scheme,
		// so nothing that might be a credential is printed.
		scheme, rest, ok := strings.Cut(s, "://")
		if !ok {
			scheme, rest = "", s
		} else {
			scheme += "://"
		}
		return scheme + redacted + rest[strings.LastIndex(rest, "@"):]
	}
	if _, hasPass := u.User.Password(); hasPass {
		u.User = url.UserPassword(u.User.Username(), redacted)
	} else {
		u.User = url.User(redacted) // a bare user part is a token
	}
	return u.String()
}
