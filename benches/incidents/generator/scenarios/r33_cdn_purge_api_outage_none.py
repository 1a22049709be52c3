"""forecast-api (Go, on Nomad, deployed by GitLab CI) of Nordmet, the
national weather service: the origin of api.nordmet.no (location forecasts,
the precipitation nowcast, observations and warnings) and the publisher,
which listens on NATS for "run published", "nowcast issued", "observations
updated" and "warning issued" events and invalidates the CDN (Arcline).
Responses are cached at the edge for up to an hour (s-maxage 3600 for
forecasts and the nowcast, 1800 for warnings) and rely on those purges to
be fresh: a nowcast every 15 minutes, observations every 10, warnings when
the forecasters issue them in the warning editor (another team's
application).

On Tuesday 3 November at 10:50 UTC Arcline's purge API fails in every
region (their incident: the purge queue's backing store stops accepting
writes after a failover). Every purge answers 503 "Purge service
temporarily unavailable" or times out, until Arcline fixes it at 12:27;
the status page says so only at 11:38. The edge keeps serving what it
has: the public site shows the 10:45 nowcast for an hour while a storm
front comes in, and the orange wind warning the duty forecaster issues
for Vestland at 11:24 is missing from the site and the app for half an
hour. Nothing in forecast-api caused it.

forecast-api 2026.11.03.1 was deployed at 10:24, 26 minutes before: it
purges by surrogate key (one request per event instead of batches of 256
URLs, VAR-771), bumps the Arcline Go client to v2 and logs failed purges
with the CDN's status, request id and body (VAR-774, a commit of the day
before). Four rounds of purges succeed with it before the outage. The
on-call reverts the Nomad job to the previous version at 11:21: the old
release purges by URL and fails alike (its warnings read "cdn purge:
unexpected status 503"). The web team's CMS purges fail too. After
Arcline's fix the old release's purges go through; 2026.11.03.1 is
deployed again at 12:41.

Decoys: the 10:24 release (purge mechanism, CDN client major bump) 26
minutes before the onset; the logging commit; the rollback without
effect; a test commit; routine 404s, a NATS reconnect, the warning
editor's validation warnings, Nomad's routine lines. Sources: publisher
and api (Go slog JSON), Nomad client (hclog), the GitLab CI deploy
traces (timestamped job logs), Arcline real-time logs (JSON, sampled),
the edge freshness prober (logfmt), the warning editor (Spring Boot),
Arcline's status page feed (JSON) and #varsling-drift (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt, spring
from skeletons import chores, readme, runbook

SERVICE = "forecast-api"
START, END = utc("2026-11-03 08:40:00"), utc("2026-11-03 12:58:00")
RELEASE = utc("2026-11-03 10:24:06")
OUT_START = utc("2026-11-03 10:50:21")
OUT_END = utc("2026-11-03 12:27:14")
STATUS_POST = utc("2026-11-03 11:38:20")
ROLLBACK = utc("2026-11-03 11:21:12")
RERELEASE = utc("2026-11-03 12:41:30")
SVC_ID = "4Rb9kQ2sTz1uVwXyNordmet"

# ---------------------------------------------------------------------------
# the repository

ARCLINE_GO = '''package purge

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Arcline purges cached objects at the CDN by URL, in batches of 256.
type Arcline struct {
	Token   string
	Service string
	HTTP    *http.Client
}

func NewArcline(token, service string) *Arcline {
	return &Arcline{Token: token, Service: service, HTTP: &http.Client{Timeout: 10 * time.Second}}
}

func (a *Arcline) PurgeURLs(ctx context.Context, urls []string) error {
	for start := 0; start < len(urls); start += 256 {
		end := min(start+256, len(urls))
		body, _ := json.Marshal(map[string]any{"urls": urls[start:end]})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.arcline.net/v1/purge", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+a.Token)
		resp, err := a.HTTP.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("unexpected status %d", resp.StatusCode)
		}
	}
	return nil
}
'''

PUBLISHER_GO = '''package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/nats-io/nats.go"

	"git.nordmet.no/varsling/forecast-api/internal/purge"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	cdn := purge.NewArcline(os.Getenv("ARCLINE_TOKEN"), os.Getenv("ARCLINE_SERVICE"))
	nc, err := nats.Connect(os.Getenv("NATS_URL"))
	if err != nil {
		log.Error("nats connect", "err", err)
		os.Exit(1)
	}
	for _, subject := range []string{"run.published", "nowcast.issued", "obs.updated", "warnings.issued"} {
		nc.Subscribe(subject, func(m *nats.Msg) {
			urls := purge.URLsFor(m.Subject, m.Data)
			if err := cdn.PurgeURLs(context.Background(), urls); err != nil {
				log.Warn("cdn purge: "+err.Error(), "subject", m.Subject)
				return
			}
			log.Info("purged urls", "subject", m.Subject, "count", len(urls))
		})
	}
	select {}
}
'''

NOMAD_HCL = '''job "forecast-api" {
  datacenters = ["osl1", "osl2"]
  type        = "service"

  update {
    max_parallel     = 1
    health_check     = "checks"
    min_healthy_time = "20s"
    auto_revert      = true
  }

  group "api" {
    count = 4
    task "api" {
      driver = "docker"
      config { image = "registry.nordmet.no/varsling/forecast-api:${var.image_tag}"  args = ["api"] }
      resources { cpu = 1000  memory = 768 }
    }
  }

  group "publisher" {
    count = 2
    task "publisher" {
      driver = "docker"
      config { image = "registry.nordmet.no/varsling/forecast-api:${var.image_tag}"  args = ["publisher"] }
      template {
        data        = "ARCLINE_TOKEN={{ with nomadVar \\"nomad/jobs/forecast-api\\" }}{{ .arcline_token }}{{ end }}"
        destination = "secrets/env"
        env         = true
      }
    }
  }
}
'''


def build_repo():
    ingrid = Person("Ingrid Haugen", "ingrid.haugen@nordmet.no", 60)
    mateusz = Person("Mateusz Nowak", "mateusz.nowak@nordmet.no", 60)
    kari = Person("Kari Lindqvist", "kari.lindqvist@nordmet.no", 60)
    aino = Person("Aino Virtanen", "aino.virtanen@nordmet.no", 120)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": readme("forecast-api", "Origin of api.nordmet.no and the publisher that keeps Arcline's cache fresh\n(purges on every run, nowcast, observation update and warning).", "make run-api\nmake run-publisher"),
        "docs/runbook.md": runbook("forecast-api", [
            ("EdgeStale", "The edge prober compares what Arcline serves with the origin. A lag over\n20 min means purges are not landing: check the publisher's purge lines."),
            ("PublisherDown", "nomad job status forecast-api; the publisher needs NATS and the Arcline token."),
        ]),
        "go.mod": "module git.nordmet.no/varsling/forecast-api\n\ngo 1.22\n\nrequire (\n\tgithub.com/nats-io/nats.go v1.37.0\n\tgithub.com/arcline/arcline-go v1.8.2\n)\n",
        "cmd/publisher/main.go": PUBLISHER_GO,
        "cmd/api/main.go": "package main\n\n// The origin of api.nordmet.no: /v1/locationforecast, /v1/nowcast, /v1/observations, /v1/warnings.\nfunc main() { serve() }\n",
        "internal/purge/arcline.go": ARCLINE_GO,
        "internal/purge/urls.go": "package purge\n\n// URLsFor lists the cached URLs an event makes stale (every grid point's\n// location forecast for a run, every nowcast tile for a nowcast, ...).\nfunc URLsFor(subject string, data []byte) []string { return expand(subject, data) }\n",
        "internal/cache/headers.go": "package cache\n\nconst (\n\tForecastSMaxAge = 3600\n\tNowcastSMaxAge  = 3600\n\tWarningsSMaxAge = 1800\n)\n",
        "deploy/forecast-api.nomad.hcl": NOMAD_HCL,
        ".gitlab-ci.yml": "stages: [test, build, deploy]\ntest:\n  stage: test\n  image: golang:1.22\n  script: [go test ./...]\nbuild:\n  stage: build\n  script: [docker build -t registry.nordmet.no/varsling/forecast-api:$CI_COMMIT_SHORT_SHA ., docker push registry.nordmet.no/varsling/forecast-api:$CI_COMMIT_SHORT_SHA]\ndeploy:\n  stage: deploy\n  when: manual\n  script: [nomad job run -var image_tag=$CI_COMMIT_SHORT_SHA deploy/forecast-api.nomad.hcl]\nrollback:\n  stage: deploy\n  when: manual\n  script: [nomad job revert forecast-api $REVERT_TO]\n",
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /forecast-api ./cmd/...\nFROM gcr.io/distroless/static\nCOPY --from=build /forecast-api /forecast-api\nENTRYPOINT [\"/forecast-api\"]\n",
    }
    repo.commit(utc("2026-10-29 08:50:00"), ingrid, "forecast-api: origin and publisher, Nomad job and CI", files)
    repo.schedule(chores(random.Random(33201), SERVICE, [kari, aino, mateusz], utc("2026-10-29 09:00:00"), utc("2026-11-02 15:00:00"), 3))
    repo.commit(utc("2026-10-30 12:30:00"), aino, "api: blend the nowcast into the first two hours of location forecasts", {
        "cmd/api/main.go": repo.files["cmd/api/main.go"] + "\n// Location forecasts take precipitation for the first two hours from the\n// latest nowcast, so a nowcast makes them stale too.\n",
        "internal/purge/urls.go": repo.files["internal/purge/urls.go"] + "\n// nowcast.issued also expands to the location forecasts of the nowcast's area.\n",
    })
    repo.commit(utc("2026-11-02 09:40:00"), mateusz, "publisher: purge warnings by area on warnings.issued", {
        "internal/purge/urls.go": repo.files["internal/purge/urls.go"] + "\n// warnings.issued expands to /v1/warnings?area=<county> for each county of the warning.\n",
    })
    old_release = repo.commit(utc("2026-11-02 13:20:00"), kari, "api: stale-while-revalidate 60 on location forecasts", {
        "internal/cache/headers.go": repo.files["internal/cache/headers.go"] + "\nconst StaleWhileRevalidate = 60\n",
    })
    repo.commit(utc("2026-11-02 16:45:00"), mateusz, "publisher: log failed purges with Arcline's status, request id and body (VAR-774)\n\nA failed purge was one warning line with the status; Arcline support asks\nfor the x-arcline-request-id of the failing call.", {
        "cmd/publisher/main.go": repo.edit("cmd/publisher/main.go", '\t\t\t\tlog.Warn("cdn purge: "+err.Error(), "subject", m.Subject)\n',
                                           '\t\t\t\tvar perr *purge.Error\n\t\t\t\tif errors.As(err, &perr) {\n\t\t\t\t\tlog.Error("purge failed", "subject", m.Subject, "status", perr.Status, "cdn_request_id", perr.RequestID, "body", perr.Body)\n\t\t\t\t\treturn\n\t\t\t\t}\n\t\t\t\tlog.Error("purge failed", "subject", m.Subject, "err", err)\n').replace('import (\n\t"context"\n', 'import (\n\t"context"\n\t"errors"\n'),
    })
    repo.commit(utc("2026-11-03 07:20:00"), bot, "fix(deps): update module github.com/arcline/arcline-go to v2", {
        "go.mod": repo.edit("go.mod", "github.com/arcline/arcline-go v1.8.2", "github.com/arcline/arcline-go/v2 v2.0.1"),
    })
    repo.commit(utc("2026-11-03 08:50:00"), ingrid, "publisher: purge by surrogate key, one request per event (VAR-771)\n\nA run published 41 000 URLs in 161 batches and took two minutes to\nland. Responses now carry Surrogate-Key (run/<id>, nowcast/<area>,\nobs/<station>, warnings/<county>) and an event purges its keys in one\ncall with retries (5 attempts, exponential backoff).", {
        "internal/purge/arcline.go": ARCLINE_GO.replace("// Arcline purges cached objects at the CDN by URL, in batches of 256.", "// Arcline purges cached objects at the CDN by surrogate key (VAR-771) or by URL.") + '''
func (a *Arcline) PurgeKeys(ctx context.Context, keys []string) error {
	var err error
	for attempt, wait := 1, 2*time.Second; attempt <= 5; attempt, wait = attempt+1, wait*2 {
		if err = a.purgeKeysOnce(ctx, keys); err == nil {
			return nil
		}
		time.Sleep(wait)
	}
	return err
}
''',
        "internal/purge/urls.go": repo.files["internal/purge/urls.go"] + "\n// KeysFor gives the surrogate keys of an event: run/<id>, nowcast/<area>, obs/<station>, warnings/<county>.\nfunc KeysFor(subject string, data []byte) []string { return keys(subject, data) }\n",
        "cmd/api/main.go": repo.files["cmd/api/main.go"] + "\n// Every response carries Surrogate-Key (VAR-771).\n",
    })
    head = repo.commit(utc("2026-11-03 09:55:00"), aino, "test: surrogate keys of a warning cover every county", {
        "internal/purge/urls_test.go": "package purge\n\nimport \"testing\"\n\nfunc TestWarningKeysCoverCounties(t *testing.T) {\n\tkeys := KeysFor(\"warnings.issued\", []byte(`{\"counties\":[\"46\",\"15\"]}`))\n\tif len(keys) != 2 {\n\t\tt.Fatalf(\"got %v\", keys)\n\t}\n}\n",
    })
    return repo, old_release, head


# ---------------------------------------------------------------------------
# logs


def slog(t, level, msg, **fields):
    t = t.astimezone(dt.timezone.utc)
    body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z", "level": level, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def hclog(t, level, module, text_msg, **fields):
    t = t.astimezone(dt.timezone.utc)
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    parts = [f"{stamp} [{level}] {' ' if len(level) == 4 else ''}{module}: {text_msg}:"]
    for k, v in fields.items():
        text = str(v)
        parts.append(f'{k}="{text}"' if " " in text else f"{k}={text}")
    return " ".join(parts)


def gitlab(t, stream, text):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z 00{stream} {text}"


def build_logs(rng, old_release, head):
    pub, api, nomad, ci, cdn, prober, editor, status_log, chat = (
        Log("publisher.log"), Log("api.log"), Log("nomad-client.log"), Log("gitlab-deploy.log"), Log("arcline-realtime.log"),
        Log("edge-prober.log"), Log("warning-editor.log"), Log("arcline-status.log"), Log("chat.log"))
    failures, stats = [], {"ok": [], "fail": []}
    versions = [(START, "2026.11.02.2", old_release, "url", 41), (RELEASE, "2026.11.03.1", head, "key", 42),
                (ROLLBACK, "2026.11.02.2", old_release, "url", 43), (RERELEASE, "2026.11.03.1", head, "key", 44)]

    def version(t):
        cur = versions[0]
        for v in versions:
            if v[0] + dt.timedelta(seconds=40) <= t:
                cur = v
        return cur

    pub_allocs = {}

    def allocs(n):
        return [f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}" for _ in range(n)]

    # --- deploys: GitLab traces, Nomad client events, start lines
    for when, tag, sha, mode, jobver in versions[1:]:
        job = 1884211 + jobver * 37 + rng.randint(0, 30)
        c = lambda s, stream, text: ci.add(when + dt.timedelta(seconds=s), gitlab(when + dt.timedelta(seconds=s), stream, text))
        revert = when == ROLLBACK
        c(0, "O", "Running with gitlab-runner 17.5.2 (c6eae8cb)")
        c(0.2, "O", f"Job #{job} ({'rollback' if revert else 'deploy'}) triggered by {'Kari Lindqvist' if revert else 'Ingrid Haugen'} for forecast-api, commit {head}")
        c(1.1, "O", "Preparing the \"docker\" executor")
        c(6.4, "O", f"Checking out {head[:8]} as detached HEAD (ref is main)...")
        if revert:
            c(7.2, "O", "$ nomad job revert forecast-api 41")
        else:
            c(7.2, "O", f"$ nomad job run -var image_tag={sha[:8]} deploy/forecast-api.nomad.hcl")
        ev = hexid(rng, 8)
        c(7.9, "O", f"==> {when.strftime('%Y-%m-%dT%H:%M:%SZ')}: Monitoring evaluation \"{ev}\"")
        c(8.0, "O", f"    {when.strftime('%Y-%m-%dT%H:%M:%SZ')}: Evaluation triggered by job \"forecast-api\"")
        dep = hexid(rng, 8)
        c(9.1, "O", f"    {when.strftime('%Y-%m-%dT%H:%M:%SZ')}: Evaluation within deployment: \"{dep}\"")
        c(9.2, "O", f"    {when.strftime('%Y-%m-%dT%H:%M:%SZ')}: Allocation \"{hexid(rng, 8)}\" created: node \"{hexid(rng, 8)}\", group \"publisher\"")
        c(9.3, "O", f"    {when.strftime('%Y-%m-%dT%H:%M:%SZ')}: Evaluation status changed: \"pending\" -> \"complete\"")
        c(9.4, "O", f"==> {when.strftime('%Y-%m-%dT%H:%M:%SZ')}: Evaluation \"{ev}\" finished with status \"complete\"")
        c(9.5, "O", f"==> {when.strftime('%Y-%m-%dT%H:%M:%SZ')}: Monitoring deployment \"{dep}\"")
        done = when + dt.timedelta(seconds=118)
        c(118, "O", f"  ✓ Deployment \"{dep}\" successful")
        c(118.1, "O", f"    {done.strftime('%Y-%m-%dT%H:%M:%SZ')}")
        c(118.2, "O", f"    ID          = {dep}")
        c(118.3, "O", f"    Job ID      = forecast-api")
        c(118.4, "O", f"    Job Version = {jobver}")
        c(118.5, "O", "    Status      = successful")
        c(118.6, "O", "    Description = Deployment completed successfully")
        c(119.9, "O", "Job succeeded")
        for group, n, delay in (("publisher", 2, 4), ("api", 4, 30)):
            for k, alloc in enumerate(allocs(n)):
                ts = when + dt.timedelta(seconds=delay + k * 22 + rng.uniform(0, 3))
                node = f"nomad-client-{rng.choice(['osl1', 'osl2'])}-0{rng.randint(1, 6)}"
                nomad.add(ts, hclog(ts, "INFO", "client.alloc_runner.task_runner", "Task event", alloc_id=alloc, task=group, type="Received", msg="Task received by client", failed="false"))
                nomad.add(ts + dt.timedelta(seconds=0.1), hclog(ts + dt.timedelta(seconds=0.1), "INFO", "client.alloc_runner.task_runner", "Task event", alloc_id=alloc, task=group, type="Task Setup", msg="Building Task Directory", failed="false"))
                nomad.add(ts + dt.timedelta(seconds=0.3), hclog(ts + dt.timedelta(seconds=0.3), "INFO", "client.driver_mgr.docker", "created container", driver="docker", container_id=hexid(rng, 64)))
                nomad.add(ts + dt.timedelta(seconds=1.9), hclog(ts + dt.timedelta(seconds=1.9), "INFO", "client.alloc_runner.task_runner", "Task event", alloc_id=alloc, task=group, type="Started", msg="Task started by client", failed="false"))
                target = pub if group == "publisher" else api
                st = ts + dt.timedelta(seconds=2.2)
                target.add(st, slog(st, "INFO", "starting", service=group, version=tag, commit=sha, alloc=alloc[:8], node=node))
                if group == "publisher":
                    target.add(st + dt.timedelta(seconds=0.05), slog(st + dt.timedelta(seconds=0.05), "INFO", "nats connected", url="nats://nats.service.consul:4222", subjects="run.published,nowcast.issued,obs.updated,warnings.issued"))
                    target.add(st + dt.timedelta(seconds=0.06), slog(st + dt.timedelta(seconds=0.06), "INFO", "arcline client ready", service=SVC_ID, purge=("surrogate-key" if mode == "key" else "url"), client=("arcline-go/2.0.1" if mode == "key" else "arcline-go/1.8.2")))
                else:
                    target.add(st + dt.timedelta(seconds=0.05), slog(st + dt.timedelta(seconds=0.05), "INFO", "listening", addr=":8080", s_maxage_forecast=3600, s_maxage_warnings=1800))
                # the old allocation stops
                old = ts + dt.timedelta(seconds=21)
                nomad.add(old, hclog(old, "INFO", "client.alloc_runner.task_runner", "Task event", alloc_id=hexid(rng, 8) + "-" + hexid(rng, 4) + "-" + hexid(rng, 4) + "-" + hexid(rng, 4) + "-" + hexid(rng, 12), task=group, type="Killing", msg="Sent interrupt. Waiting 5s before force killing", failed="false"))
    # routine Nomad lines
    t = START + dt.timedelta(seconds=23)
    while t < END:
        nomad.add(t, hclog(t, "INFO", "client", "node registration complete" if rng.random() < 0.05 else "updated allocations", index=rng.randint(9120000, 9190000), total=rng.randint(61, 66), pulled=rng.randint(0, 3), filtered=rng.randint(58, 64)))
        t += dt.timedelta(seconds=rng.uniform(50, 140))
    for w in poisson_times(rng, START, END, 0.05):
        nomad.add(w, hclog(w, "WARN", "client.alloc_runner.task_runner.task_hook.logmon", "failed to read from log fifo", alloc_id=f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", task="nowcast-ingest", error="EOF"))

    # --- events the publisher purges for
    events = []  # (time, subject, detail)
    t = START.replace(minute=40, second=0)
    while t < END:
        if t.minute % 10 == 0:
            events.append((t + dt.timedelta(seconds=40 + rng.uniform(0, 8)), "obs.updated", {"stations": rng.randint(612, 640)}))
        if t.minute % 15 == 0:
            events.append((t + dt.timedelta(seconds=130 + rng.uniform(0, 10)), "nowcast.issued", {"issued": t.strftime("%H:%M"), "area": "no-south"}))
        t += dt.timedelta(minutes=5)
    events.append((utc("2026-11-03 09:13:41"), "run.published", {"run": "2026110306", "model": "NORA-2.5"}))
    warnings_issued = [
        (utc("2026-11-03 09:07:15"), "NM-2026-1179", "yellow", "icing", ["Finnmark"], "15, 56"),
        (utc("2026-11-03 10:14:02"), "NM-2026-1181", "yellow", "rain", ["Rogaland", "Vestland"], "11, 46"),
        (utc("2026-11-03 11:24:40"), "NM-2026-1184", "orange", "wind", ["Vestland"], "46"),
        (utc("2026-11-03 12:03:55"), "NM-2026-1185", "yellow", "wind", ["Møre og Romsdal"], "15"),
    ]
    for when, wid, colour, kind, areas, counties in warnings_issued:
        events.append((when + dt.timedelta(seconds=1.3), "warnings.issued", {"id": wid, "counties": counties}))
        editor.add(when, spring(when, "INFO", "http-nio-8443-exec-4", "n.n.varsel.editor.WarningService", f"Warning {wid} issued by duty forecaster: {colour}, {kind}, {', '.join(areas)}", pid=3117))
        editor.add(when + dt.timedelta(seconds=1.2), spring(when + dt.timedelta(seconds=1.2), "INFO", "nats-publisher", "n.n.varsel.editor.BusPublisher", f"Published {wid} to warnings.issued (CAP 1.2, {len(areas)} area(s))", pid=3117))
    events.sort()

    last_ok = {"obs.updated": START - dt.timedelta(minutes=8), "nowcast.issued": START - dt.timedelta(minutes=12),
               "run.published": START - dt.timedelta(minutes=50), "warnings.issued": START - dt.timedelta(minutes=30)}
    issued_content = {"nowcast.issued": [(START - dt.timedelta(minutes=12), (START - dt.timedelta(minutes=12)).strftime("%H:%M"))]}
    for when, subject, detail in events:
        _, tag, sha, mode, _ = version(when)
        out = OUT_START <= when < OUT_END
        alloc = rng.choice(["7c41d2e9", "b90e5a13"])
        if subject == "nowcast.issued":
            issued_content["nowcast.issued"].append((when, detail["issued"]))
        if mode == "key":
            keys = {"obs.updated": detail.get("stations", 0) and "obs/*", "nowcast.issued": "nowcast/no-south", "run.published": "run/2026110306",
                    "warnings.issued": ",".join(f"warnings/{c.strip()}" for c in detail.get("counties", "").split(","))}[subject]
            t = when + dt.timedelta(milliseconds=rng.randint(8, 40))
            if not out:
                took = rng.randint(95, 310)
                t2 = t + dt.timedelta(milliseconds=took)
                pub.add(t2, slog(t2, "INFO", "purge ok", subject=subject, keys=keys, cdn_request_id=f"prg_{hexid(rng, 20)}", took_ms=took, alloc=alloc))
                stats["ok"].append(t2)
                last_ok[subject] = when
                continue
            wait = 2
            for attempt in range(1, 6):
                rid = f"req_{hexid(rng, 20)}"
                if rng.random() < 0.25:
                    t = t + dt.timedelta(seconds=10)
                    pub.add(t, slog(t, "ERROR", "purge failed", subject=subject, keys=keys, attempt=attempt,
                                    err=f"Post \"https://api.arcline.net/v2/services/{SVC_ID}/purge\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", alloc=alloc))
                else:
                    t = t + dt.timedelta(milliseconds=rng.randint(40, 900))
                    pub.add(t, slog(t, "ERROR", "purge failed", subject=subject, keys=keys, attempt=attempt, status=503, cdn_request_id=rid,
                                    body='{"error":"service_unavailable","detail":"Purge service temporarily unavailable","retry_after":30}', alloc=alloc))
                failures.append(t)
                stats["fail"].append(t)
                if attempt < 5:
                    t = t + dt.timedelta(seconds=wait)
                    wait *= 2
            pub.add(t, slog(t, "ERROR", "purge abandoned after 5 attempts; edge stays stale until the TTL", subject=subject, keys=keys, alloc=alloc))
        else:
            n = {"obs.updated": 2 * detail.get("stations", 620), "nowcast.issued": 5632, "run.published": 41216, "warnings.issued": 24}[subject]
            batches = (n + 255) // 256
            t = when + dt.timedelta(milliseconds=rng.randint(8, 40))
            if not out:
                took = batches * rng.uniform(0.12, 0.3)
                t2 = t + dt.timedelta(seconds=took)
                pub.add(t2, slog(t2, "INFO", "purged urls", subject=subject, count=n, batches=batches, took_ms=int(took * 1000), alloc=alloc))
                stats["ok"].append(t2)
                last_ok[subject] = when
                continue
            t2 = t + dt.timedelta(milliseconds=rng.randint(80, 700)) if rng.random() < 0.7 else t + dt.timedelta(seconds=10)
            msg = "cdn purge: unexpected status 503" if t2 - t < dt.timedelta(seconds=5) else f"cdn purge: Post \"https://api.arcline.net/v1/purge\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
            pub.add(t2, slog(t2, "WARN", msg, subject=subject, alloc=alloc))
            failures.append(t2)
            stats["fail"].append(t2)

    # --- routine publisher noise
    pub.add(utc("2026-11-03 09:41:12"), slog(utc("2026-11-03 09:41:12"), "WARN", "nats: disconnected, reconnecting", err="read tcp 10.40.3.17:51822->10.40.1.9:4222: i/o timeout", alloc="7c41d2e9"))
    pub.add(utc("2026-11-03 09:41:14"), slog(utc("2026-11-03 09:41:14"), "INFO", "nats: reconnected", url="nats://10.40.1.11:4222", alloc="7c41d2e9"))

    # --- api (origin): periodic request summaries and the odd error
    t = START + dt.timedelta(seconds=11)
    while t < END:
        for alloc in ("3f1e9c20", "8a77b0d4", "c2d15e6f", "e904a7b1"):
            n = rng.randint(900, 1400)
            api.add(t, slog(t, "INFO", "requests", window="60s", total=n, s2xx=n - rng.randint(2, 14), s4xx=rng.randint(2, 14), s5xx=0, p95_ms=rng.randint(35, 70), alloc=alloc))
        t += dt.timedelta(seconds=60)
    for w in poisson_times(rng, START, END, 0.2):
        api.add(w, slog(w, "WARN", "location outside model domain", lat=f"{rng.uniform(20, 50):.3f}", lon=f"{rng.uniform(-30, 60):.3f}", status=422, alloc=rng.choice(["3f1e9c20", "8a77b0d4"])))
    for w in poisson_times(rng, START, END, 0.015):
        api.add(w, slog(w, "ERROR", "observation station missing from latest batch", station=f"SN{rng.randint(10000, 99999)}", alloc=rng.choice(["c2d15e6f", "e904a7b1"])))

    # --- edge: what Arcline serves (sampled 1 in 500)
    def content_at(kind, fetched):
        """The nowcast issue time in an object fetched from the origin at `fetched`."""
        best = issued_content[kind][0][1]
        for when, issued in issued_content[kind]:
            if when <= fetched:
                best = issued
        return best

    def last_purge_before(subject, t):
        best = START - dt.timedelta(hours=1)
        for when, subj, _ in events:
            if subj == subject and when <= t and not (OUT_START <= when < OUT_END):
                best = when
        return best

    pops = ["OSL", "OSL", "OSL", "BGO", "TRD", "ARN", "CPH", "AMS", "FRA"]
    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=1))
        for w in poisson_times(rng, t, nxt, 9.0):
            k = rng.random()
            if k < 0.5:
                path, kind = f"/v1/locationforecast?lat={rng.uniform(58, 71):.2f}&lon={rng.uniform(4.5, 30):.2f}", "nowcast.issued"
            elif k < 0.7:
                path, kind = f"/v1/nowcast?lat={rng.uniform(58, 64):.2f}&lon={rng.uniform(4.5, 12):.2f}", "nowcast.issued"
            elif k < 0.82:
                path, kind = "/v1/warnings?area=no", "warnings.issued"
            elif k < 0.97:
                path, kind = f"/v1/observations?station=SN{rng.randint(10000, 99999)}", "obs.updated"
            else:
                path, kind = f"/v1/locationforecast?lat={rng.uniform(30, 50):.2f}&lon={rng.uniform(-20, 0):.2f}", None
            ttl = 1800 if kind == "warnings.issued" else 3600
            if kind is None:
                status, cache, age = 422, "MISS", 0
            else:
                since = max(last_purge_before(kind, w), w - dt.timedelta(seconds=ttl))
                window = (w - since).total_seconds()
                hit = rng.random() < 0.9 and window > 5
                age = int(rng.uniform(0, window)) if hit else 0
                status, cache = 200, ("HIT" if hit else "MISS")
            body = {"time": w.strftime("%Y-%m-%dT%H:%M:%S.") + f"{w.microsecond // 1000:03d}Z", "pop": rng.choice(pops), "client_ip": f"{rng.choice([46, 77, 84, 88, 92, 193])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                    "method": "GET", "host": "api.nordmet.no", "path": path, "status": status, "cache": cache, "age": age,
                    "ttl": ttl, "bytes": rng.randint(2100, 19000) if status == 200 else 87}
            if kind == "nowcast.issued":
                body["x_nowcast_issued"] = content_at("nowcast.issued", w - dt.timedelta(seconds=age))
            cdn.add(w, json.dumps(body, ensure_ascii=False, separators=(",", ":")))
        t = nxt

    # --- the edge freshness prober, every minute
    t = START + dt.timedelta(seconds=5)
    fired = False
    while t < END:
        origin = content_at("nowcast.issued", t)
        last = last_purge_before("nowcast.issued", t)
        edge = content_at("nowcast.issued", max(last, t - dt.timedelta(seconds=3600)))
        def mins(hhmm):
            h, m = hhmm.split(":")
            return int(h) * 60 + int(m)
        lag = (mins(origin) - mins(edge)) * 60
        level = "warn" if lag >= 1200 else "info"
        prober.add(t, logfmt(t, level, "edge freshness", target="https://api.nordmet.no/v1/nowcast?lat=60.39&lon=5.32", pop="OSL", edge_issued=edge, origin_issued=origin, lag_s=lag))
        if lag >= 1200 and not fired:
            fired = True
        t += dt.timedelta(seconds=60)

    # --- Arcline's status page, posted late
    for when, state, text in ((STATUS_POST, "investigating", "Purge API degraded: purge requests failing or delayed in all regions. Cached content continues to be served."),
                              (utc("2026-11-03 12:05:10"), "identified", "Purge API degraded: the purge queue's storage cluster stopped accepting writes after a failover at 10:50 UTC. We are restoring it."),
                              (utc("2026-11-03 12:31:44"), "monitoring", "Purge API degraded: a fix has been applied at 12:27 UTC and purge requests are being processed again."),
                              (utc("2026-11-03 12:52:03"), "resolved", "Purge API degraded: resolved. Purges requested between 10:50 and 12:27 UTC were not applied; please repeat them.")):
        status_log.add(when, json.dumps({"updated_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "incident": "inc_7h2kq9", "component": "Purge API", "status": state, "impact": "major", "message": text}, ensure_ascii=False))

    # --- warning editor routine
    for w in poisson_times(rng, START, END, 0.06):
        editor.add(w, spring(w, "WARN", f"http-nio-8443-exec-{rng.randint(1, 9)}", "n.n.varsel.editor.CapValidator", f"Draft {rng.choice(['NM-2026-1180', 'NM-2026-1182', 'NM-2026-1183'])}: polygon has {rng.randint(2, 5)} self-intersections, simplified", pid=3117))
    t = START + dt.timedelta(minutes=3)
    while t < END:
        editor.add(t, spring(t, "INFO", "scheduling-1", "n.n.varsel.editor.ExpiryJob", f"Expired warnings swept: {rng.choice([0, 0, 0, 1])}", pid=3117))
        t += dt.timedelta(minutes=15)

    # --- chat
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC #varsling-drift {who}: {text}")

    say("2026-11-03 10:21:40", "Ingrid Haugen", f"deploying forecast-api {head[:8]} (VAR-771 surrogate-key purges, arcline-go v2, VAR-774 purge error logging)")
    say("2026-11-03 10:33:05", "Ingrid Haugen", "2026.11.03.1 out, first purges by key look good (~150 ms instead of 2 s for the nowcast)")
    say("2026-11-03 11:18:30", "alertmanager", "[FIRING:1] EdgeStale (target=/v1/nowcast, lag 1800s)")
    say("2026-11-03 11:19:32", "Kari Lindqvist", "purges failing since 10:50 with 503 from Arcline. first failures 26 min after the key-purge release, arcline-go v2 in it too. reverting the job to version 41")
    say("2026-11-03 11:23:10", "Kari Lindqvist", "reverted (2026.11.02.2, purge by URL). still failing: 'cdn purge: unexpected status 503'")
    say("2026-11-03 11:26:30", "Torunn Aas (duty forecaster)", "orange wind warning for Vestland issued at 11:24, it's not on vaer.nordmet.no and not in the app. NRK is asking")
    say("2026-11-03 11:31:45", "Jonas Berg (web team)", "our CMS purges to Arcline have failed since 10:50 as well, same 503 'Purge service temporarily unavailable'. ticket open with them")
    say("2026-11-03 11:35:20", "Kari Lindqvist", "so it's Arcline, not us. purge-all in their UI fails too. nothing to do on our side but wait; warnings TTL is 30 min")
    say("2026-11-03 11:39:00", "Jonas Berg (web team)", "status.arcline.net: 'Purge API degraded: purge requests failing or delayed in all regions'")
    say("2026-11-03 12:28:40", "Kari Lindqvist", "purges landing again since 12:27, nowcast fresh at the edge")
    say("2026-11-03 12:40:15", "Ingrid Haugen", "re-deploying 2026.11.03.1, it was never the problem")
    say("2026-11-03 12:45:30", "Ingrid Haugen", "out again, purges by key ok")
    return [pub, api, nomad, ci, cdn, prober, editor, status_log, chat], failures, stats


def build(out_dir):
    rng = random.Random(33200)
    repo, old_release, head = build_repo()
    try:
        logs, failures, stats = build_logs(rng, old_release, head)
        onset = min(failures).replace(microsecond=0)
        assert dt.timedelta(minutes=15) <= onset - RELEASE <= dt.timedelta(minutes=45), onset - RELEASE

        def per_min(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=1) < x <= t)
        metrics = {"publisher_purge_requests.json": query_range([
            ({"job": "forecast-api-publisher", "result": "error"}, per_min(stats["fail"])),
            ({"job": "forecast-api-publisher", "result": "ok"}, per_min(stats["ok"])),
        ], utc("2026-11-03 09:30:00"), END, 60)}
        return write_scenario(
            out_dir, name="r33-cdn-purge-api-outage-none", service=SERVICE, onset=onset,
            description=f"""
Nordmet's public forecasts go stale at the edge on Tuesday 3 November from
{onset.strftime('%H:%M:%S')} UTC: every purge the publisher sends to the CDN (Arcline)
fails with 503 or times out, so the site and the app show the 10:45
nowcast for an hour while a storm front comes in, and the orange wind
warning issued for Vestland at 11:24 is missing for half an hour.
forecast-api 2026.11.03.1 (surrogate-key purges, Arcline client v2) had
been deployed at 10:24; the on-call reverted the Nomad job at 11:21
without effect. Purges land again from 12:27; 2026.11.03.1 is deployed
again at 12:41.

Story: Arcline's purge API failed in every region (their purge queue's
storage stopped accepting writes after a failover); the web team's CMS
purges failed too; Arcline's status page posted at 11:38. Nothing in
forecast-api caused it. Decoys: the 10:24 release, the commit that logs
failed purges with Arcline's answer, the Arcline client bump.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r"Purge service temporarily unavailable",
                r"Purge API degraded",
            ],
            fix_files=[],
            explanation=f"""
No commit in forecast-api caused this. Arcline's purge API failed in
every region from 10:50 UTC to 12:27 (the purge queue's storage cluster
stopped accepting writes after a failover): every purge answered 503
{{"detail":"Purge service temporarily unavailable"}} or timed out,
whatever the release and whether it purged by surrogate key or by URL,
and the web team's CMS purges failed the same way. Arcline's status page
("Purge API degraded: purge requests failing or delayed in all regions")
was posted at 11:38, 48 minutes late. The edge kept serving what it had
until the objects' TTL (3600 s, warnings 1800 s): the edge prober's
nowcast lag grows to over 20 minutes, the CDN's log shows growing ages
and an old x_nowcast_issued, and the 11:24 orange warning was not
shown. Purges land again from 12:27 with no change in forecast-api. The
right answer is that nothing in this repository did it (fix_files is
empty).
Decoys: the 2026.11.03.1 release at 10:24, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset
(VAR-771: purge by surrogate key with retries, and the arcline-go v2
bump), whose first four rounds of purges succeed; the VAR-774 commit of
the day before that logs "purge failed" with Arcline's status, request id
and body (new in that release); the revert to version 41 at 11:21, after
which the old release's purges by URL fail alike ("cdn purge: unexpected
status 503"); the test commit; the nowcast-blending and warnings commits
of the week; a NATS reconnect, 422s for locations outside the domain, a
missing station, the warning editor's polygon warnings, Nomad's logmon
warnings.
""",
        )
    finally:
        repo.close()
