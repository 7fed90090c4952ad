# Regenerate with: python3 detectors/testdata/clean/generate.py (deterministic seed).
# Generates detectors/testdata/clean: realistic technical answers with no
# real secrets (placeholders, references, hashes, ids, base64 blobs).
import random, base64, hashlib, os, uuid, textwrap, json
R = random.Random(20261125)
OUT = os.path.dirname(os.path.abspath(__file__))
def hexs(n): return ''.join(R.choice('0123456789abcdef') for _ in range(n))
def sha(): return hexs(40)
def uid(): return str(uuid.UUID(int=R.getrandbits(128), version=4))
def b64(n): return base64.b64encode(bytes(R.getrandbits(8) for _ in range(n))).decode()
def word(): return R.choice("alpha beta gamma delta orders users billing search cache worker api web auth payments inventory reports gateway ingest metrics".split())
PLACEHOLDERS = ["changeme", "<your-api-key>", "${API_KEY}", "${{ secrets.DEPLOY_TOKEN }}", "os.getenv(\"API_KEY\")", "process.env.API_TOKEN", "xxxxxxxxxxxxxxxx", "********", "YOUR_TOKEN_HERE", "<password>", "{{ .Values.db.password }}", "$(cat /run/secrets/db_password)", "REPLACE_ME", "your-secret-here", "EXAMPLE", "dummy-password", "%(DB_PASSWORD)s", "@Value(\"${db.password}\")", "!vault |", "null"]
def ph(): return R.choice(PLACEHOLDERS)

def readme():
    name = word() + "-" + word()
    return f"""# {name}

`{name}` is a small service that exposes the {word()} API over HTTP and
publishes events to NATS. It is written in Go 1.22 and ships as a single
static binary.

## Quick start

```bash
git clone https://github.com/acme/{name}.git
cd {name}
cp .env.example .env        # then fill in your own values
make build && ./bin/{name} --config config.yaml
```

The service reads its configuration from `config.yaml` and the
environment. Secrets are **never** committed: put them in your secret
manager and reference them, for example `DB_PASSWORD=${{DB_PASSWORD}}`.

| Variable | Default | Meaning |
| --- | --- | --- |
| `PORT` | `8080` | HTTP listen port |
| `DATABASE_URL` | `postgres://localhost:5432/{word()}` | connection string without credentials |
| `API_KEY` | _(none)_ | set this to {ph()} in development |
| `LOG_LEVEL` | `info` | one of debug, info, warn, error |
| `TOKEN_TTL` | `15m` | lifetime of issued tokens |

## Authentication

Requests carry a bearer token: `Authorization: Bearer <token>`. Tokens
are issued by `POST /v1/tokens` and expire after `TOKEN_TTL`. The token
endpoint expects `{{"username": "...", "password": "..."}}`.

## Releases

The latest release is v{R.randint(1,4)}.{R.randint(0,20)}.{R.randint(0,9)} (commit `{sha()[:12]}`).
Container images are published as `ghcr.io/acme/{name}@sha256:{hexs(64)}`.
"""

def env_example():
    return f"""Here is a `.env.example` you can commit; copy it to `.env` and fill in real values locally:

```dotenv
# Database
DB_HOST=localhost
DB_PORT=5432
DB_USER={word()}
DB_PASSWORD={ph()}
# Third-party APIs
STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx
OPENAI_API_KEY=<your-openai-key>
SENDGRID_API_KEY={ph()}
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
AWS_SECRET_ACCESS_KEY=wJalrXUtnFI/K7MDENG/bPxRfiCYEXAMPLEKEY
JWT_SECRET={ph()}
SESSION_SECRET=${{SESSION_SECRET}}
FEATURE_FLAGS=search,billing-v2
TOKEN_TTL=3600
```

Never commit the filled-in `.env`; add it to `.gitignore`.
"""

def k8s():
    return f"""A Deployment that reads the password from a Secret instead of hard-coding it:

```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {word()}
  labels:
    app.kubernetes.io/name: {word()}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: {word()}
  template:
    metadata:
      annotations:
        checksum/config: {hexs(64)}
    spec:
      serviceAccountName: {word()}-sa
      containers:
        - name: app
          image: registry.acme.io/{word()}:{sha()[:7]}
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db-credentials
                  key: password
            - name: API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: api-token
                  key: token
          resources:
            limits:
              memory: 512Mi
---
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
type: Opaque
stringData:
  password: {ph()}
```

Create the real secret out of band: `kubectl create secret generic db-credentials --from-literal=password="$DB_PASSWORD"`.
"""

def shell():
    lines = ["```console", "$ git log --oneline -8"]
    for _ in range(8):
        lines.append(f"{sha()[:7]} {R.choice(['fix','feat','chore','docs','refactor'])}: {word()} {R.choice(['handler','retry','timeout','config','tests','docs'])}")
    lines += ["$ git rev-parse HEAD", sha(), "$ docker images --digests | head -3",
              "REPOSITORY   TAG   DIGEST   IMAGE ID   CREATED   SIZE"]
    for _ in range(3):
        lines.append(f"acme/{word()}   latest   sha256:{hexs(64)}   {hexs(12)}   2 days ago   {R.randint(20,900)}MB")
    lines += ["$ sha256sum dist/*.tar.gz"]
    for _ in range(4):
        lines.append(f"{hexs(64)}  dist/{word()}-linux-amd64.tar.gz")
    lines += ["$ npm install", f"added {R.randint(100,900)} packages, and audited {R.randint(900,1500)} packages in {R.randint(2,40)}s",
              f"found 0 vulnerabilities", "$ echo $API_TOKEN | wc -c", "41",
              "$ aws sts get-caller-identity",
              json.dumps({"UserId": "AIDA" + ''.join(R.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567') for _ in range(17)), "Account": str(R.randint(10**11, 10**12-1)), "Arn": f"arn:aws:iam::123456789012:user/{word()}"}, indent=4),
              "$ kubectl get pods -n prod"]
    for _ in range(4):
        lines.append(f"{word()}-{hexs(10)}-{''.join(R.choice('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(5))}   1/1   Running   0   {R.randint(1,30)}h")
    lines.append("```")
    return "Here is what the session looked like:\n\n" + "\n".join(lines) + "\n"

def stack():
    if R.random() < 0.5:
        frames = "\n".join(f"\tat com.acme.{word()}.{word().capitalize()}Service.handle({word().capitalize()}Service.java:{R.randint(10,900)})" for _ in range(8))
        return f"""The error means the connection pool was exhausted:

```
java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
{frames}
\tat java.base/java.lang.Thread.run(Thread.java:833)
Caused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user "{word()}"
```

Check that `spring.datasource.password` resolves (e.g. `spring.datasource.password=${{DB_PASSWORD}}`) and that the pool size matches the database's `max_connections`.
"""
    frames = "\n".join(f"goroutine {R.randint(1,500)} [running]:\nmain.(*{word().capitalize()}).serve(0xc000{hexs(6)}, 0x{hexs(6)})\n\t/src/{word()}/server.go:{R.randint(10,400)} +0x{hexs(3)}" for _ in range(4))
    return f"""Your program panicked with a nil map write:

```
panic: assignment to entry in nil map

{frames}
exit status 2
```

Initialise the map in the constructor: `s.sessions = make(map[string]*Session)`. Request id `{uid()}` in the log is unrelated.

```python
Traceback (most recent call last):
  File "/app/{word()}/client.py", line {R.randint(10,300)}, in fetch
    resp = session.get(url, headers={{"Authorization": f"Bearer {{token}}"}}, timeout=10)
  File "/usr/lib/python3.12/site-packages/requests/sessions.py", line 602, in get
    return self.request("GET", url, **kwargs)
requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.acme.io/v1/{word()}?page=2&per_page=50
```
"""

def lockfile():
    out = ["Your `package-lock.json` pins these versions:", "", "```json", "{", '  "name": "web",', '  "lockfileVersion": 3,', '  "packages": {']
    for _ in range(30):
        n = word() + R.choice(["", "-js", "-utils", "-core"])
        out.append(f'    "node_modules/{n}": {{')
        out.append(f'      "version": "{R.randint(0,9)}.{R.randint(0,30)}.{R.randint(0,20)}",')
        out.append(f'      "resolved": "https://registry.npmjs.org/{n}/-/{n}-1.0.0.tgz",')
        out.append(f'      "integrity": "sha512-{b64(64)}",')
        out.append('      "license": "MIT"')
        out.append('    },')
    out += ['  }', '}', '```', '', 'and `go.sum` has:', '', '```']
    for _ in range(30):
        m = f"github.com/{word()}/{word()}"
        v = f"v{R.randint(0,2)}.{R.randint(0,30)}.{R.randint(0,9)}"
        out.append(f"{m} {v} h1:{b64(32)}")
        out.append(f"{m} {v}/go.mod h1:{b64(32)}")
    out += ['```', '', 'Cargo.lock:', '', '```toml']
    for _ in range(15):
        out += ['[[package]]', f'name = "{word()}"', f'version = "0.{R.randint(1,20)}.{R.randint(0,9)}"', 'source = "registry+https://github.com/rust-lang/crates.io-index"', f'checksum = "{hexs(64)}"', '']
    out += ['```', '', 'yarn.lock entry:', '', '```', f'"{word()}@^4.1.0":', '  version "4.1.2"', f'  resolved "https://registry.yarnpkg.com/x/-/x-4.1.2.tgz#{sha()}"', f'  integrity sha1-{b64(20)}', '```']
    return "\n".join(out) + "\n"

def image():
    data = b64(R.randint(600, 3000))
    return f"""You can inline the icon as a data URI:

```html
<img alt="logo" width="32" height="32" src="data:image/png;base64,{data}">
```

or in CSS: `background-image: url("data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");`
"""

def config():
    return f"""A Spring Boot `application.yml` that keeps secrets out of the file:

```yaml
spring:
  datasource:
    url: jdbc:postgresql://db.internal:5432/{word()}
    username: {word()}
    password: ${{DB_PASSWORD}}
  security:
    oauth2:
      client:
        registration:
          github:
            client-id: ${{GITHUB_CLIENT_ID}}
            client-secret: ${{GITHUB_CLIENT_SECRET}}
server:
  port: 8443
  ssl:
    key-store: classpath:keystore.p12
    key-store-password: ${{KEYSTORE_PASSWORD}}
    key-alias: tomcat
management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
```

In Terraform, mark the variable sensitive and pass it from the environment:

```hcl
variable "db_password" {{
  type      = string
  sensitive = true
}}

resource "aws_db_instance" "main" {{
  identifier          = "{word()}-db"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  username            = "app"
  password            = var.db_password
  skip_final_snapshot = true
  tags = {{
    Owner = "platform"
    Trace = "{uid()}"
  }}
}}
```

GitHub Actions:

```yaml
- uses: actions/checkout@{sha()}
- name: Deploy
  env:
    TOKEN: ${{{{ secrets.DEPLOY_TOKEN }}}}
    API_KEY: ${{{{ secrets.API_KEY }}}}
  run: ./deploy.sh --token "$TOKEN" --password-stdin < /dev/null
```
"""

def code():
    return f"""Load the key from the environment rather than the source:

```python
import os
import requests

API_KEY = os.environ["ACME_API_KEY"]
token = os.getenv("ACME_TOKEN")
password = getpass.getpass("Database password: ")
secret_name = "prod/{word()}/db"

def fetch(session_id: str) -> dict:
    headers = {{"Authorization": f"Bearer {{token}}", "X-Request-Id": "{uid()}"}}
    resp = requests.get("https://api.acme.io/v1/items", headers=headers, params={{"api_key": API_KEY}})
    resp.raise_for_status()
    return resp.json()
```

```javascript
const apiKey = process.env.STRIPE_SECRET_KEY;
const password = await prompt("password: ");
const token = req.headers.authorization?.split(" ")[1];
const auth = new GoogleAuth({{ scopes: ["https://www.googleapis.com/auth/cloud-platform"] }});
const hash = crypto.createHash("sha256").update(body).digest("hex"); // e.g. {hexs(64)}
```

```go
cfg := Config{{
	Password: os.Getenv("DB_PASSWORD"),
	Token:    secrets.Get(ctx, "api-token"),
	Secret:   []byte(os.Getenv("HMAC_SECRET")),
}}
if subtle.ConstantTimeCompare(got, want) != 1 {{
	return ErrInvalidToken // token mismatch
}}
```

```sql
CREATE USER app WITH PASSWORD :'app_password';
SELECT id, email, password_hash FROM users WHERE id = '{uid()}';
-- password_hash is bcrypt: $2b$12$<salt+hash>
```
"""

def hashes():
    out = ["Checksums for the release artifacts:", "", "| file | sha256 |", "| --- | --- |"]
    for _ in range(10):
        out.append(f"| `{word()}-{R.choice(['linux','darwin','windows'])}-{R.choice(['amd64','arm64'])}` | `{hexs(64)}` |")
    out += ["", "MD5 of the backup: " + hexs(32), "", "SRI: `sha384-" + b64(48) + "`", "",
            "Trace ids from the incident:", ""]
    for _ in range(10):
        out.append(f"- `{uid()}` — span `{hexs(16)}` — {R.randint(10,999)} ms")
    out += ["", "The git objects involved were:", ""]
    for _ in range(8):
        out.append(f"    {R.choice(['tree','blob','commit'])} {sha()}")
    out += ["", f"Etag: W/\"{hexs(32)}\"", f"X-Amzn-Trace-Id: Root=1-{hexs(8)}-{hexs(24)}",
            f"Docker content trust key id: {hexs(64)}", ""]
    return "\n".join(out) + "\n"

def prose():
    topics = [
        "Rotate the API token every 90 days and store it in a secret manager such as Vault, AWS Secrets Manager or 1Password; the application should read it at start-up.",
        "The password field must be at least 12 characters; we hash it with Argon2id (time=3, memory=64 MiB) before storing it.",
        "A JWT has three parts: header, payload and signature, each base64url-encoded and joined by dots. Never put secrets in the payload: anyone can decode it.",
        "OAuth 2.0 access tokens are short-lived; refresh tokens are longer-lived and must be kept server-side.",
        "Use `git secret` or `sops` to encrypt files; the age public key (age1...) can be committed, the identity file cannot.",
        "If a key leaks, revoke it first, then rotate, then audit the logs for its use.",
        "Set `secret: true` on the input so the CI system masks it in logs.",
        "The `auth` section of the config accepts `type: oidc` or `type: basic`.",
        "In Stripe, keys starting with sk_live_ are secret and pk_live_ are publishable; test keys use sk_test_.",
        "GitHub tokens start with ghp_, gho_, ghu_, ghs_ or ghr_ and end with a checksum, which lets scanners verify them offline.",
        "The `token` parameter is optional; when omitted, the client falls back to the TOKEN environment variable.",
        "Connection strings like postgres://user@host/db should not carry the password; use a .pgpass file or PGPASSWORD.",
    ]
    return "\n\n".join(R.sample(topics, 6)) + "\n"

gens = [readme, env_example, k8s, shell, stack, lockfile, image, config, code, hashes, prose]
os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    if f.endswith(".md"):
        os.remove(os.path.join(OUT, f))
total = 0
i = 0
while total < 1_200_000:
    parts = [R.choice(gens)() for _ in range(R.randint(2, 5))]
    text = "\n".join(parts)
    name = os.path.join(OUT, f"answer-{i:03d}.md")
    open(name, "w").write(text)
    total += len(text)
    i += 1
print(i, "files", total, "bytes")
