"""Starting trees for small, realistic service repositories (code, config,
Kubernetes manifests, CI, docs, tests), one per language, and the ordinary
commits every team makes (docs, CI bumps, tests) that serve as decoys."""


def k8s_deployment(name, port, replicas=3, memory="512Mi", cpu="500m", env=None, extra_spec=""):
    env_lines = ""
    for key, value in (env or {}).items():
        env_lines += f"            - name: {key}\n              value: \"{value}\"\n"
    env_block = f"          env:\n{env_lines}" if env_lines else ""
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "{port}"
    spec:
      serviceAccountName: {name}
{extra_spec}      containers:
        - name: {name}
          image: registry.internal/{name}:latest
          ports:
            - containerPort: {port}
{env_block}          resources:
            requests:
              cpu: {cpu}
              memory: {memory}
            limits:
              memory: {memory}
          readinessProbe:
            httpGet:
              path: /healthz
              port: {port}
            periodSeconds: 5
          livenessProbe:
            httpGet:
              path: /healthz
              port: {port}
            periodSeconds: 10
            failureThreshold: 3
"""


def k8s_service(name, port):
    return f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector:
    app: {name}
  ports:
    - port: 80
      targetPort: {port}
"""


def ci_workflow(steps, setup):
    return f"""name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v3
{setup}{steps}"""


def readme(name, purpose, run):
    return f"""# {name}

{purpose}

## Running locally

```
{run}
```

## Deploying

Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.
See `docs/runbook.md` for alerts and dashboards.
"""


def runbook(name, alerts):
    body = "".join(f"\n## {title}\n\n{text}\n" for title, text in alerts)
    return f"""# {name} runbook

Owner: #team-{name.split('-')[0]}. Dashboards: Grafana › Services › {name}.
{body}"""


def go_service(name, module, purpose, port=8080):
    return {
        "go.mod": f"module {module}\n\ngo 1.22\n\nrequire (\n\tgithub.com/prometheus/client_golang v1.19.0\n\tgopkg.in/yaml.v3 v3.0.1\n)\n",
        f"cmd/{name}/main.go": f"""package main

import (
\t"log/slog"
\t"net/http"
\t"os"

\t"{module}/internal/config"
\t"{module}/internal/server"
)

var version = "dev"

func main() {{
\tlogger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
\tcfg, err := config.Load(os.Getenv("CONFIG_PATH"))
\tif err != nil {{
\t\tlogger.Error("config load failed", "err", err)
\t\tos.Exit(1)
\t}}
\tlogger.Info("starting {name}", "version", version, "addr", cfg.Addr)
\tif err := http.ListenAndServe(cfg.Addr, server.New(cfg, logger)); err != nil {{
\t\tlogger.Error("server stopped", "err", err)
\t\tos.Exit(1)
\t}}
}}
""",
        "internal/config/config.go": """package config

import (
\t"os"
\t"time"

\t"gopkg.in/yaml.v3"
)

// Config is read once at start-up from CONFIG_PATH.
type Config struct {
\tAddr     string        `yaml:"addr"`
\tDeadline time.Duration `yaml:"deadline"`
}

func Load(path string) (*Config, error) {
\tcfg := &Config{Addr: ":8080", Deadline: 2 * time.Second}
\tif path == "" {
\t\treturn cfg, nil
\t}
\traw, err := os.ReadFile(path)
\tif err != nil {
\t\treturn nil, err
\t}
\treturn cfg, yaml.Unmarshal(raw, cfg)
}
""",
        "internal/server/server.go": f"""package server

import (
\t"log/slog"
\t"net/http"

\t"{module}/internal/config"
)

func New(cfg *config.Config, logger *slog.Logger) http.Handler {{
\tmux := http.NewServeMux()
\tmux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {{ w.WriteHeader(http.StatusOK) }})
\treturn mux
}}
""",
        "internal/server/server_test.go": """package server

import (
\t"log/slog"
\t"net/http"
\t"net/http/httptest"
\t"testing"
)

func TestHealthz(t *testing.T) {
\th := New(nil, slog.Default())
\trec := httptest.NewRecorder()
\th.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
\tif rec.Code != http.StatusOK {
\t\tt.Fatalf("healthz = %d", rec.Code)
\t}
}
""",
        "Dockerfile": f"""FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -ldflags "-X main.version=$VERSION" -o /out/{name} ./cmd/{name}

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/{name} /{name}
ENTRYPOINT ["/{name}"]
""",
        "Makefile": f"build:\n\tgo build ./...\n\ntest:\n\tgo test ./...\n\nimage:\n\tdocker build -t registry.internal/{name} .\n",
        ".golangci.yml": "linters:\n  enable:\n    - errcheck\n    - govet\n    - staticcheck\n",
        ".github/workflows/ci.yml": ci_workflow(
            "      - run: go vet ./...\n      - run: go test ./...\n",
            "      - uses: actions/setup-go@v4\n        with:\n          go-version: '1.22'\n",
        ),
        "k8s/service.yaml": k8s_service(name, port),
        "README.md": readme(name, purpose, "make test\nCONFIG_PATH=config/production.yaml go run ./cmd/" + name),
    }


def python_service(name, package, purpose, port=8000):
    return {
        "pyproject.toml": f"""[project]
name = "{name}"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["fastapi==0.110.0", "uvicorn==0.29.0", "prometheus-client==0.20.0", "pyyaml==6.0.1"]

[project.optional-dependencies]
test = ["pytest==8.1.1", "httpx==0.27.0"]
""",
        f"{package}/__init__.py": "",
        f"{package}/main.py": f"""import logging
import logging.config
import os

import yaml
from fastapi import FastAPI

from {package}.settings import Settings

logging.config.fileConfig(os.environ.get("LOGGING_CONFIG", "config/logging.ini"))
log = logging.getLogger("{package}.main")
settings = Settings.load()
app = FastAPI(title="{name}")


@app.get("/healthz")
def healthz():
    return {{"ok": True}}


@app.on_event("startup")
def startup():
    log.info("starting {name} version=%s", os.environ.get("VERSION", "dev"))
""",
        "config/logging.ini": f"""[loggers]
keys=root

[handlers]
keys=stdout

[formatters]
keys=plain

[logger_root]
level=INFO
handlers=stdout

[handler_stdout]
class=StreamHandler
formatter=plain
args=(sys.stdout,)

[formatter_plain]
format=%(asctime)s %(levelname)s %(name)s: %(message)s
""",
        "tests/__init__.py": "",
        "tests/test_health.py": f"""from fastapi.testclient import TestClient

from {package}.main import app


def test_healthz():
    assert TestClient(app).get("/healthz").json() == {{"ok": True}}
""",
        "Dockerfile": f"""FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml .
RUN pip install --no-cache-dir .
COPY . .
CMD ["uvicorn", "{package}.main:app", "--host", "0.0.0.0", "--port", "{port}"]
""",
        ".github/workflows/ci.yml": ci_workflow(
            "      - run: pip install .[test]\n      - run: pytest -q\n",
            "      - uses: actions/setup-python@v4\n        with:\n          python-version: '3.11'\n",
        ),
        "k8s/service.yaml": k8s_service(name, port),
        "README.md": readme(name, purpose, f"pip install -e .[test]\npytest -q\nuvicorn {package}.main:app --reload"),
    }


def java_service(name, package, purpose, port=8080):
    path = package.replace(".", "/")
    cls = "".join(part.capitalize() for part in name.split("-")) + "Application"
    return {
        "settings.gradle": f"rootProject.name = '{name}'\n",
        "build.gradle": """plugins {
    id 'java'
    id 'org.springframework.boot' version '3.2.4'
    id 'io.spring.dependency-management' version '1.1.4'
}

java { sourceCompatibility = '17' }

repositories { mavenCentral() }

dependencies {
    implementation 'org.springframework.boot:spring-boot-starter-web'
    implementation 'org.springframework.boot:spring-boot-starter-actuator'
    implementation 'io.micrometer:micrometer-registry-prometheus'
    testImplementation 'org.springframework.boot:spring-boot-starter-test'
}

tasks.named('test') { useJUnitPlatform() }
""",
        f"src/main/java/{path}/{cls}.java": f"""package {package};

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class {cls} {{
    public static void main(String[] args) {{
        SpringApplication.run({cls}.class, args);
    }}
}}
""",
        f"src/test/java/{path}/{cls}Tests.java": f"""package {package};

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class {cls}Tests {{
    @Test
    void contextLoads() {{
    }}
}}
""",
        "Dockerfile": f"""FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./gradlew bootJar --no-daemon

FROM eclipse-temurin:17-jre
COPY --from=build /src/build/libs/{name}.jar /app.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app.jar"]
""",
        ".github/workflows/ci.yml": ci_workflow(
            "      - run: ./gradlew test --no-daemon\n",
            "      - uses: actions/setup-java@v3\n        with:\n          distribution: temurin\n          java-version: '17'\n",
        ),
        "k8s/service.yaml": k8s_service(name, port),
        "README.md": readme(name, purpose, "./gradlew test\n./gradlew bootRun"),
    }


def node_service(name, purpose, deps, port=3000):
    dep_lines = ",\n".join(f'    "{dep}": "{version}"' for dep, version in deps.items())
    return {
        "package.json": f"""{{
  "name": "{name}",
  "version": "1.0.0",
  "private": true,
  "main": "src/index.js",
  "scripts": {{
    "start": "node src/index.js",
    "test": "node --test test/"
  }},
  "dependencies": {{
{dep_lines}
  }}
}}
""",
        "src/index.js": f"""'use strict';
const pino = require('pino');
const {{ buildServer }} = require('./server');

const log = pino();
const port = Number(process.env.PORT || {port});
buildServer(log).listen({{ port, host: '0.0.0.0' }}).then(() => {{
  log.info({{ version: process.env.VERSION || 'dev', port }}, 'started {name}');
}});
""",
        "Dockerfile": f"""FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src ./src
CMD ["node", "src/index.js"]
""",
        ".github/workflows/ci.yml": ci_workflow(
            "      - run: npm ci\n      - run: npm test\n",
            "      - uses: actions/setup-node@v3\n        with:\n          node-version: 20\n",
        ),
        "k8s/service.yaml": k8s_service(name, port),
        "README.md": readme(name, purpose, "npm ci\nnpm test\nnpm start"),
    }


def package_lock(name, deps):
    """A small package-lock.json consistent with package.json's dependencies."""
    packages = "".join(
        f""",
    "node_modules/{dep}": {{
      "version": "{version.lstrip('^~')}",
      "resolved": "https://registry.npmjs.org/{dep}/-/{dep.split('/')[-1]}-{version.lstrip('^~')}.tgz"
    }}"""
        for dep, version in deps.items()
    )
    return f"""{{
  "name": "{name}",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {{
    "": {{
      "name": "{name}",
      "version": "1.0.0"
    }}{packages}
  }}
}}
"""


def ci_bump(text):
    """The checkout action bump every repo gets from Dependabot."""
    return text.replace("actions/checkout@v3", "actions/checkout@v4")


# Routine commits that never reach the running service: every repo has them,
# and a suspect ranking has to see past them. Each touches only files that no
# scenario edits, so they can be interleaved anywhere in a history.
CHORES = [
    ("Add .editorconfig", lambda repo, svc: {".editorconfig": "root = true\n\n[*]\nindent_style = space\nindent_size = 2\ninsert_final_newline = true\n"}),
    ("CODEOWNERS: platform team reviews k8s/ and terraform/", lambda repo, svc: {".github/CODEOWNERS": f"* @{svc.split('-')[0]}-team\n/k8s/ @platform\n/terraform/ @platform\n"}),
    ("docs: architecture overview", lambda repo, svc: {"docs/architecture.md": f"# {svc} architecture\n\nOne stateless deployment behind the mesh. State lives in the\ndatabases and queues named in the runbook; nothing is kept on local disk\nthat matters after a restart.\n"}),
    ("PR template with a rollout checklist", lambda repo, svc: {".github/pull_request_template.md": "## What\n\n## Why\n\n## Rollout\n- [ ] safe to roll back\n- [ ] dashboards checked after deploy\n"}),
    ("README: where the dashboards are", lambda repo, svc: {"README.md": repo.files["README.md"] + f"\n## Dashboards\n\nGrafana › Services › {svc}; alerts in #alerts-{svc}.\n"}),
    ("docs: on-call handover notes", lambda repo, svc: {"docs/oncall.md": "# On-call handover\n\n- Check open incidents and silences.\n- Note deploys planned for the week.\n"}),
    ("Configure Renovate (weekly, grouped minors)", lambda repo, svc: {"renovate.json": '{\n  "extends": ["config:recommended"],\n  "schedule": ["before 7am on monday"],\n  "packageRules": [{"matchUpdateTypes": ["minor", "patch"], "groupName": "minor and patch"}]\n}\n'}),
    ("ADR 1: record architecture decisions", lambda repo, svc: {"docs/adr/0001-record-architecture-decisions.md": "# 1. Record architecture decisions\n\nStatus: accepted\n\nWe keep short ADRs in docs/adr for decisions that outlive a PR.\n"}),
    ("changelog: notes for the last release", lambda repo, svc: {"CHANGELOG.md": repo.files.get("CHANGELOG.md", "# Changelog\n") + f"\n- {len(repo.shas)} changes since the previous entry; see git log.\n"}),
    ("gitignore: editor and OS files", lambda repo, svc: {".gitignore": repo.files.get(".gitignore", "") + ".idea/\n.vscode/\n.DS_Store\n"}),
]


def chores(rng, service, people, start, end, count):
    """count routine commits at working-hours times between start and end."""
    import datetime as dt

    picks = rng.sample(range(len(CHORES)), count)
    span = (end - start).total_seconds()
    plan = []
    for i, pick in enumerate(picks):
        person = people[i % len(people)]
        when = start + dt.timedelta(seconds=int(span * (i + rng.random()) / count))
        offset = dt.timedelta(minutes=person.tz_minutes)
        if not 9 <= (when + offset).hour < 18:
            local = (when + offset).replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59))
            when = local - offset
        when = min(max(when, start + dt.timedelta(hours=1)), end - dt.timedelta(minutes=20))
        message, files_fn = CHORES[pick]
        plan.append((when, person, message, lambda repo, fn=files_fn: fn(repo, service)))
    return plan
