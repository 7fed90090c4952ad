package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// generator writes documents block by block; it plants a value whenever
// the running byte count passes nextPlant.
type generator struct {
	r         *rand.Rand
	kind      Kind
	written   int // bytes written over all documents so far
	nextPlant int

	b      strings.Builder
	labels []Label
}

func (g *generator) gap() int {
	iv := g.kind.interval()
	if iv == 0 {
		return math.MaxInt
	}
	return iv/2 + g.r.IntN(iv)
}

// docSize draws an answer length, log-uniform in 300 B .. 12 KiB.
func (g *generator) docSize() int {
	return int(300 * math.Exp(g.r.Float64()*math.Log(12<<10/300.0)))
}

func (g *generator) doc(id string, want int) Doc {
	g.b.Reset()
	g.labels = nil
	g.text(pick(g.r, openers))
	for g.b.Len() < want {
		if g.written+g.b.Len() >= g.nextPlant {
			g.planted()
			g.nextPlant = g.written + g.b.Len() + g.gap()
			continue
		}
		if g.kind == Digits && g.r.IntN(4) != 0 {
			pick(g.r, digitBlocks)(g)
		} else {
			pick(g.r, fillerBlocks)(g)
		}
	}
	g.text(pick(g.r, closers))
	g.written += g.b.Len()
	return Doc{ID: id, Text: g.b.String(), Labels: g.labels}
}

func (g *generator) text(s string) { g.b.WriteString(s) }

func (g *generator) textf(format string, args ...any) { fmt.Fprintf(&g.b, format, args...) }

// value writes a plant and labels its sensitive part.
func (g *generator) value(p plant) {
	base := g.b.Len()
	g.b.WriteString(p.text)
	g.labels = append(g.labels, Label{Type: p.typ, Start: base + p.lo, End: base + p.hi})
}

// A frame places a value in context: before + value + after. Frames
// starting with "```" are code lines, the others prose sentences.
type entity struct {
	gen    func(*rand.Rand) plant
	frames []string
}

var entities = []entity{
	{email, []string{"You can reach the account owner at {} if the export fails.", "Send the signed form to {} before Friday.", "```yaml\nnotify:\n  to: {}\n", "```python\nADMIN_EMAIL = \"{}\"\n", "Contact: {}"}},
	{creditCard, []string{"The card on file is {} (expires 09/28).", "```json\n{\"payment\": {\"card_number\": \"{}\", \"exp\": \"11/27\"}}\n", "Customer paid with credit card {} and asked for a refund."}},
	{iban, []string{"Please transfer the deposit to IBAN {} by the end of the month.", "```yaml\npayout:\n  iban: {}\n", "Bank account (IBAN): {}"}},
	{ssn, []string{"Her SSN is {} according to the intake form.", "```csv\nname,ssn,state\nJ. Doe,{},OH\n", "Social security number: {}"}},
	{phone, []string{"Call the on-call engineer at {} if the pager is silent.", "Phone: {}", "```json\n{\"contact\": {\"phone\": \"{}\"}}\n"}},
	{ipv4, []string{"The request came from {} and was blocked by the firewall.", "```log\n2026-03-14T09:21:07Z WARN auth: failed login from {} user=admin\n", "```bash\n$ ssh ops@{}\n"}},
	{ipv6, []string{"The host resolves to {} over IPv6.", "```log\nconnection accepted from [{}]:51234\n"}},
	{dbConn, []string{"```bash\nexport DATABASE_URL={}\n", "```python\nengine = create_engine(\"{}\")\n", "Point the service at {} and restart it."}},
	{urlCreds, []string{"```bash\n$ git clone {}\n", "```ini\n[global]\nindex-url = {}\n"}},
	{awsKeyID, []string{"```ini\n[default]\naws_access_key_id = {}\nregion = eu-west-1\n", "The leaked key {} belongs to the deploy user.", "```bash\nexport AWS_ACCESS_KEY_ID={}\n"}},
	{awsSecret, []string{"```ini\n[default]\naws_secret_access_key = {}\n", "```bash\nexport AWS_SECRET_ACCESS_KEY={}\n"}},
	{githubToken, []string{"```bash\nexport GITHUB_TOKEN={}\n", "```yaml\nenv:\n  GH_TOKEN: {}\n", "Revoke {} in your developer settings; it was pushed to a public repo."}},
	{gitlabToken, []string{"```bash\ncurl --header \"PRIVATE-TOKEN: {}\" https-api/projects\n"}},
	{stripeKey, []string{"```python\nstripe.api_key = \"{}\"\n", "```bash\nSTRIPE_SECRET={}\n"}},
	{slackToken, []string{"```bash\nexport SLACK_BOT_TOKEN={}\n", "```javascript\nconst app = new App({ token: \"{}\" });\n"}},
	{slackWebhook, []string{"```bash\ncurl -X POST -d '{\"text\":\"deploy done\"}' {}\n", "Post alerts to {} from the cron job."}},
	{openAIKey, []string{"```python\nclient = OpenAI(api_key=\"{}\")\n", "```bash\nexport OPENAI_API_KEY={}\n"}},
	{anthropicKey, []string{"```bash\nexport ANTHROPIC_API_KEY={}\n", "```python\nclient = anthropic.Anthropic(api_key=\"{}\")\n"}},
	{googleKey, []string{"```javascript\nconst firebaseConfig = { apiKey: \"{}\", projectId: \"shop-prod\" };\n", "```bash\nGOOGLE_API_KEY={}\n"}},
	{hfToken, []string{"```bash\nhuggingface-cli login --token {}\n"}},
	{npmToken, []string{"```ini\n//registry.npmjs.org/:_authToken={}\n"}},
	{sendgridKey, []string{"```bash\nexport SENDGRID_API_KEY={}\n"}},
	{jwt, []string{"```http\nGET /v1/orders HTTP/1.1\nAuthorization: Bearer {}\n", "The session cookie holds {} and never expires.", "```json\n{\"access_token\": \"{}\", \"token_type\": \"bearer\"}\n"}},
	{privateKey, []string{"```\n{}\n", "```yaml\ntls:\n  key: |\n{}\n"}},
	{macAddress, []string{"```console\n$ ip link show eth0\n2: eth0: <BROADCAST,MULTICAST,UP> mtu 1500\n    link/ether {} brd ff:ff:ff:ff:ff:ff\n", "The device's MAC address is {} according to the DHCP lease."}},
	{ukNHS, []string{"Her NHS number is {} and the referral is attached.", "```json\n{\"patient\": {\"nhs_number\": \"{}\"}}\n"}},
	{esNIF, []string{"El cliente con NIF {} solicitó la factura.", "The customer's DNI/NIF is {} per the contract."}},
	{plPESEL, []string{"Numer PESEL: {}", "The applicant's PESEL number is {} on the form."}},
	{inAadhaar, []string{"Aadhaar number: {}", "The KYC record lists Aadhaar {} for the account holder."}},
	{bitcoinBech32, []string{"Send the BTC payment to wallet address {} before midnight.", "```json\n{\"btc_address\": \"{}\"}\n"}},
	{func(r *rand.Rand) plant { return whole("GENERIC_SECRET", genericSecret(r)) }, []string{"```bash\nDB_PASSWORD='{}'\n", "```yaml\nsmtp:\n  password: \"{}\"\n", "```python\nSECRET_KEY = \"{}\"\n"}},
}

// planted writes a block that holds one value in one of its frames.
func (g *generator) planted() {
	e := pick(g.r, entities)
	p := e.gen(g.r)
	frame := pick(g.r, e.frames)
	before, after, _ := strings.Cut(frame, "{}")
	if strings.HasPrefix(before, "```yaml\ntls:") {
		// An indented PEM block, as YAML literal scalars hold it.
		p.text = "    " + strings.ReplaceAll(p.text, "\n", "\n    ")
		p.lo, p.hi = 4, len(p.text)
	}
	if code := strings.HasPrefix(before, "```"); code {
		g.text(pick(g.r, leadIns))
		g.text(before)
		g.value(p)
		g.text(after)
		g.text("```\n\n")
		return
	}
	g.sentence()
	g.text(" ")
	g.text(before)
	g.value(p)
	g.text(after)
	g.text(" ")
	g.sentence()
	g.text("\n\n")
}

var openers = []string{
	"Sure! Here's a walkthrough of how to set this up.\n\n",
	"Great question. Let me break it down step by step.\n\n",
	"Here is what I found after looking at the logs you shared.\n\n",
	"## Summary\n\n",
	"Below is a revised version of the configuration, with comments.\n\n",
	"Short answer: yes, but there are a few caveats.\n\n",
	"I reviewed the pull request; here are my notes.\n\n",
}

var closers = []string{
	"\nLet me know if you want me to adapt this to your setup.\n",
	"\nHope this helps! Feel free to ask follow-up questions.\n",
	"\nIf the problem persists, share the full stack trace and I'll take another look.\n",
	"\n",
}

var leadIns = []string{
	"Here is the relevant part of the configuration:\n\n",
	"For example:\n\n",
	"Run the following:\n\n",
	"The file currently looks like this:\n\n",
	"This is the snippet from your message, for reference:\n\n",
}

var (
	subjects = []string{"the scheduler", "the cache layer", "this function", "the worker pool", "the migration", "the retry loop", "the parser", "your handler", "the ingestion job", "the service mesh", "the build pipeline", "the load balancer", "the query planner", "the model", "the tokenizer", "the queue consumer"}
	verbs    = []string{"reads", "rewrites", "validates", "buffers", "batches", "serializes", "retries", "caches", "streams", "rejects", "normalizes", "schedules", "indexes", "compresses", "logs", "forwards"}
	objects  = []string{"each request", "the incoming payload", "every partition", "the response body", "all pending writes", "the session state", "the configuration file", "the embeddings", "large uploads", "stale entries", "the event stream", "the whole batch", "duplicate messages", "the error budget"}
	clauses  = []string{"before it commits the transaction", "whenever the connection drops", "so that latency stays predictable", "which keeps memory bounded", "unless the feature flag is off", "after the health check passes", "because the upstream API is rate limited", "while holding the lock", "to avoid a thundering herd", "once the deadline expires", "in the order they arrived", "without blocking the event loop"}
	advice   = []string{"Make sure you pin the dependency versions.", "I would also add a test for the empty case.", "Note that this changes the public API.", "In practice this is rarely the bottleneck.", "You can verify it with a quick benchmark.", "Keep the timeout shorter than the client's.", "This is idempotent, so retries are safe.", "Remember to close the response body.", "Consider using a context with a deadline.", "Avoid logging the full payload here."}
	topics   = []string{"Configuration", "Error handling", "Performance", "Testing", "Deployment", "Security considerations", "Next steps", "Root cause", "Migration plan", "Observability"}
	idents   = []string{"orders", "users", "events", "invoices", "sessions", "metrics", "jobs", "items", "accounts", "payments", "shipments", "reports"}
	langs    = []string{"go", "python", "javascript", "rust", "sql", "java", "typescript"}
)

func (g *generator) sentence() {
	r := g.r
	switch r.IntN(3) {
	case 0:
		s := pick(r, subjects)
		g.textf("%s%s %s %s %s.", strings.ToUpper(s[:1]), s[1:], pick(r, verbs), pick(r, objects), pick(r, clauses))
	case 1:
		g.text(pick(r, advice))
	default:
		g.textf("If %s %s %s, %s %s %s.", pick(r, subjects), pick(r, verbs), pick(r, objects), pick(r, subjects), pick(r, verbs), pick(r, objects))
	}
}

var fillerBlocks = []func(*generator){
	(*generator).paragraph, (*generator).paragraph, (*generator).paragraph,
	(*generator).bullets, (*generator).codeBlock, (*generator).codeBlock,
	(*generator).jsonBlock, (*generator).yamlBlock, (*generator).shellBlock,
	(*generator).logBlock, (*generator).tableBlock, (*generator).decoy,
}

var digitBlocks = []func(*generator){
	(*generator).tableBlock, (*generator).metricsBlock, (*generator).csvBlock, (*generator).logBlock,
}

func (g *generator) paragraph() {
	n := 2 + g.r.IntN(5)
	for i := range n {
		if i > 0 {
			g.text(" ")
		}
		g.sentence()
	}
	g.text("\n\n")
}

func (g *generator) bullets() {
	g.textf("### %s\n\n", pick(g.r, topics))
	for range 2 + g.r.IntN(4) {
		g.text("- ")
		g.sentence()
		g.text("\n")
	}
	g.text("\n")
}

func (g *generator) codeBlock() {
	r := g.r
	id := pick(r, idents)
	g.text(pick(r, leadIns))
	switch lang := pick(r, langs); lang {
	case "go":
		g.textf("```go\nfunc process%s(ctx context.Context, in <-chan %sEvent) error {\n\tfor {\n\t\tselect {\n\t\tcase <-ctx.Done():\n\t\t\treturn ctx.Err()\n\t\tcase ev, ok := <-in:\n\t\t\tif !ok {\n\t\t\t\treturn nil\n\t\t\t}\n\t\t\tif err := handle(ctx, ev); err != nil {\n\t\t\t\treturn fmt.Errorf(\"%s: %%w\", err)\n\t\t\t}\n\t\t}\n\t}\n}\n```\n\n", title(id), id, id)
	case "python":
		g.textf("```python\ndef load_%s(path: str, limit: int = %d) -> list[dict]:\n    rows = []\n    with open(path, encoding=\"utf-8\") as fh:\n        for line in fh:\n            record = json.loads(line)\n            if record.get(\"status\") != \"active\":\n                continue\n            rows.append(record)\n            if len(rows) >= limit:\n                break\n    return rows\n```\n\n", id, 100*(1+r.IntN(50)))
	case "javascript", "typescript":
		g.textf("```%s\nexport async function fetch%s(client, page = 1) {\n  const res = await client.get(`/api/%s?page=${page}`);\n  if (!res.ok) {\n    throw new Error(`request failed: ${res.status}`);\n  }\n  return res.json();\n}\n```\n\n", lang, title(id), id)
	case "rust":
		g.textf("```rust\nfn summarize(%s: &[Record]) -> HashMap<String, usize> {\n    let mut counts = HashMap::new();\n    for r in %s {\n        *counts.entry(r.kind.clone()).or_insert(0) += 1;\n    }\n    counts\n}\n```\n\n", id, id)
	case "sql":
		g.textf("```sql\nSELECT customer_id, COUNT(*) AS n, SUM(amount) AS total\nFROM %s\nWHERE created_at >= NOW() - INTERVAL '%d days'\nGROUP BY customer_id\nORDER BY total DESC\nLIMIT %d;\n```\n\n", id, 1+r.IntN(90), 10*(1+r.IntN(10)))
	default:
		g.textf("```java\npublic final class %sService {\n    private final Repository repo;\n\n    public List<%s> findRecent(int days) {\n        return repo.findAll().stream()\n            .filter(x -> x.ageInDays() <= days)\n            .collect(Collectors.toList());\n    }\n}\n```\n\n", title(id), title(id))
	}
}

func (g *generator) jsonBlock() {
	r := g.r
	g.text(pick(r, leadIns))
	g.textf("```json\n{\n  \"service\": \"%s-api\",\n  \"replicas\": %d,\n  \"timeout_ms\": %d,\n  \"retries\": %d,\n  \"features\": [\"%s\", \"%s\"],\n  \"limits\": {\"cpu\": \"%dm\", \"memory\": \"%dMi\"},\n  \"enabled\": %t\n}\n```\n\n",
		pick(r, idents), 1+r.IntN(8), 100*(1+r.IntN(50)), r.IntN(6), pick(r, idents), pick(r, idents), 100*(1+r.IntN(20)), 128*(1+r.IntN(16)), r.IntN(2) == 0)
}

func (g *generator) yamlBlock() {
	r := g.r
	id := pick(r, idents)
	g.text(pick(r, leadIns))
	g.textf("```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s-worker\n  labels:\n    app: %s\nspec:\n  replicas: %d\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: registry.local/%s-worker:v%d.%d.%d\n          resources:\n            limits:\n              memory: %dMi\n          env:\n            - name: LOG_LEVEL\n              value: info\n```\n\n",
		id, id, 1+r.IntN(6), id, 1+r.IntN(3), r.IntN(20), r.IntN(10), 256*(1+r.IntN(8)))
}

func (g *generator) shellBlock() {
	r := g.r
	id := pick(r, idents)
	g.text(pick(r, leadIns))
	g.textf("```console\n$ go test ./%s/...\nok  \texample.local/%s\t%d.%03ds\n$ git status --short\n M %s/handler.go\n?? %s/handler_test.go\n$ docker compose up -d %s\n[+] Running 2/2\n ✔ Container %s-db-1   Started\n ✔ Container %s-app-1  Started\n```\n\n",
		id, id, r.IntN(3), r.IntN(1000), id, id, id, id, id)
}

func (g *generator) logBlock() {
	r := g.r
	g.text("```log\n")
	for range 3 + r.IntN(8) {
		g.textf("2026-%02d-%02dT%02d:%02d:%02d.%03dZ %s %s: %s path=/api/%s status=%d dur=%d.%dms\n",
			1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1000),
			pick(r, []string{"INFO ", "WARN ", "DEBUG", "ERROR"}), pick(r, idents), pick(r, []string{"request handled", "cache miss", "retrying", "slow query", "queued"}),
			pick(r, idents), pick(r, []int{200, 200, 201, 204, 400, 404, 429, 500, 503}), r.IntN(900), r.IntN(10))
	}
	g.text("```\n\n")
}

func (g *generator) tableBlock() {
	r := g.r
	g.text("| Quarter | Revenue (k$) | Growth | Churn | NPS |\n|---|---:|---:|---:|---:|\n")
	for q := range 2 + r.IntN(6) {
		g.textf("| Q%d %d | %d,%03d | %+.1f%% | %.2f%% | %d |\n", 1+q%4, 2020+q/4, 1+r.IntN(900), r.IntN(1000), r.Float64()*40-10, r.Float64()*5, r.IntN(80))
	}
	g.text("\n")
}

func (g *generator) metricsBlock() {
	r := g.r
	g.text("```\n")
	for range 4 + r.IntN(8) {
		g.textf("%s_%s{instance=\"node-%d\",quantile=\"0.%d\"} %d.%06d\n", pick(r, idents), pick(r, []string{"latency_seconds", "bytes_total", "requests_total", "queue_depth"}), r.IntN(64), 1+r.IntN(9), r.IntN(100000), r.IntN(1000000))
	}
	g.text("```\n\n")
}

func (g *generator) csvBlock() {
	r := g.r
	g.text("```csv\nsku,qty,unit_price,discount,weight_g,warehouse\n")
	for range 4 + r.IntN(10) {
		g.textf("%s-%04d,%d,%d.%02d,%d%%,%d,WH%02d\n", strings.ToUpper(pick(r, idents)[:3]), r.IntN(10000), 1+r.IntN(500), r.IntN(2000), r.IntN(100), r.IntN(40), 10+r.IntN(90000), r.IntN(40))
	}
	g.text("```\n\n")
}

// decoy writes text that looks sensitive to a keyword or a pattern but is
// not: placeholders, documented example keys, public keys, versions.
func (g *generator) decoy() {
	r := g.r
	switch r.IntN(6) {
	case 0:
		g.text("```bash\nexport API_KEY=\"${API_KEY}\"\nexport DB_PASSWORD=changeme\n```\n\n")
	case 1:
		g.text("```python\napi_key = os.getenv(\"OPENAI_API_KEY\")\npassword = os.environ[\"DB_PASSWORD\"]\n```\n\n")
	case 2:
		g.text("Replace `<your-token>` with the token from the dashboard; never commit the real secret to the repository.\n\n")
	case 3:
		g.textf("Upgrade to version %d.%d.%d or later; release %d.%d fixed the regression.\n\n", 1+r.IntN(3), r.IntN(30), r.IntN(10), 1+r.IntN(3), r.IntN(30))
	case 4:
		g.text("The AWS docs use AKIAIOSFODNN7EXAMPLE as a sample key id; it is not a real credential.\n\n")
	default:
		g.text("```yaml\nauth:\n  token: ${GITHUB_TOKEN}\n  password: \"<set-in-vault>\"\n```\n\n")
	}
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
