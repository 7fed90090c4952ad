package main

import "github.com/sluice-dlp/sluice/transport/natsbus"

// printableURL is --nats-url with any token or password replaced, for
// messages.
func printableURL(s string) string { return natsbus.RedactURL(s) }
