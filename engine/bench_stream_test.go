package engine

import (
	"bytes"
	"context"
	"testing"
)

// benchAnswer is a model answer of about size bytes: prose and code with
// a few secrets and PII values, as a chat completion might stream it.
func benchAnswer(size int) []byte {
	parts := []string{
		"Sure! Here is how to configure the deployment. First, set the environment variables in your shell profile and restart the service so that the new values are picked up. ",
		"The database lives at postgres://app:Xk4r9TzQ2mWv@db.internal:5432/orders and the cache at redis://cache:6379/0. ",
		"If anything fails, contact the on-call engineer at maria.gonzalez@acme.example or call +1 (415) 555-0132. ",
		"```yaml\nservice:\n  replicas: 3\n  image: registry.acme.example/api:1.24.3\n  port: 8080\n```\n",
		"Use the access key AKIAZ3MSJV4WXLGPTQ7R only from the build host 10.42.7.19; never commit it. ",
		"In 2024 the team migrated 1200 services in 14 weeks, cutting latency by 35 percent on average. ",
	}
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		b.WriteString(parts[i%len(parts)])
	}
	return b.Bytes()[:size]
}

// BenchmarkStream compares redacting a 4 KiB answer at once with
// streaming it as 4-byte deltas (about one token each), in the same run.
// The target is stream ≤ 2× batch CPU.
func BenchmarkStream(b *testing.B) {
	s := mustCompile(b, nil)
	ctx := context.Background()
	for _, size := range []int{4 << 10} {
		text := benchAnswer(size)
		b.Run("batch/4KiB", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Redact(ctx, text); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, delta := range []int{4, 64} {
			b.Run("stream/4KiB/delta"+itoa(delta), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				out := make([]byte, 0, 2*len(text))
				for b.Loop() {
					st := s.NewStream(ctx)
					out = out[:0]
					var err error
					for i := 0; i < len(text); i += delta {
						if out, err = st.Write(out, text[i:min(i+delta, len(text))]); err != nil {
							b.Fatal(err)
						}
					}
					if out, err = st.Close(out); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64((len(text)+delta-1)/delta), "ns/chunk")
			})
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}
