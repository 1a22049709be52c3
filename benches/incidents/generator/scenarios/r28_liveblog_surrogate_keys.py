"""echo-platform (a pnpm workspace of TypeScript services on Kubernetes,
released by a GitHub Actions workflow with Helm): the publishing platform of
The Fenland Echo, a regional daily. Editors publish through cms-api
(NestJS); render (Fastify, server-side React, with the metered paywall)
serves www.fenlandecho.co.uk behind ingress-nginx and Fastly; indexer keeps
the OpenSearch index the section fronts and search read; newsletter sends
the briefings and breaking-news alerts. Fastly purges by surrogate key:
render tags each response (Surrogate-Key header) and cms-api purges those
keys when something changes.

On Wednesday 28 October at 16:40 UTC a commit tags live-blog pages with a
key per entry (`entry/<uuid>`, 43 bytes each) so that a corrected or
deleted entry (cms-api purges entry/<id> since the day before) leaves the
homepage's live strip at once. The GitHub Actions deploy on Thursday at
08:12 ships it (its log and the start lines name the later Renovate fastify
bump). Live blogs of 20-40 entries carry a header of 1-2 KB and are fine.
Storm Kit's live blog starts at 08:41 and gets an entry every few minutes;
at 13:47 it reaches the entry whose key pushes render's response headers
past 4 KB, ingress-nginx's default proxy-buffer-size, and from then every
request for the blog and its updates.json poll fails at the ingress
("upstream sent too big header while reading response header from
upstream") with a 502 that Fastly passes to readers, while render logs the
page as rendered. The newsroom's breaking alert at 13:55 sends 61,000
readers to it.

On-call rolls back the 13:18 release (12 replicas, a 60 s proxy read
timeout and retries on 502/503) at 14:02 without effect; the newsroom
starts a part 2 at 14:12; at 14:24 the on-call raises the ingress's
proxy-buffer-size to 16k by hand and part 1 loads again at 14:27.

Decoys: the 13:18 release, 29 minutes before the onset (same words:
proxy, upstream, 502); a render pod's OOM kill and a few connection-refused
502s at 12:40; the commit that logs every Fastly purge with its keys; the
cms-api commit that purges entry/<id>; a harmless commit to the culprit's
own file (at most 10 tag keys); a newsletter template change; test, docs,
CI and Renovate commits. Sources: cms-api (NestJS console logger, line
format), render (pino JSON), ingress-nginx controller (access, error and
klog lines), Fastly real-time log stream (JSON, sampled), indexer
(logfmt), Kubernetes events (event exporter JSON), the deploy workflow
(GitHub Actions) and the team's chat."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, utc, write_scenario
from skeletons import chores

SERVICE = "echo-platform"
START, END = utc("2026-10-29 07:40:00"), utc("2026-10-29 15:00:00")
DEPLOY1 = utc("2026-10-29 08:12:10")
OOM = utc("2026-10-29 12:40:14")
DEPLOY2 = utc("2026-10-29 13:16:40")
ALERT_SENT = utc("2026-10-29 13:55:20")
ROLLBACK = utc("2026-10-29 14:02:05")
PART2 = utc("2026-10-29 14:12:30")
BUFFER_FIX = utc("2026-10-29 14:26:51")
HOST = "www.fenlandecho.co.uk"
CMS_HOST = "cms.fenlandecho.co.uk"
BUFFER = 4096

PURGE_TS = """import { Injectable, Logger } from '@nestjs/common';

const FASTLY = 'https://api.fastly.com';

@Injectable()
export class PurgeService {
  private readonly logger = new Logger(PurgeService.name);

  async purgeKeys(keys: string[]): Promise<void> {
    const res = await fetch(`${FASTLY}/service/${process.env.FASTLY_SERVICE_ID}/purge`, {
      method: 'POST',
      headers: { 'Fastly-Key': process.env.FASTLY_API_TOKEN ?? '', 'Surrogate-Key': keys.join(' ') },
    });
    if (!res.ok) {
      this.logger.error(`fastly purge failed status=${res.status}`);
    }
  }

  article(id: string, section: string) {
    return this.purgeKeys([`article/${id}`, `section/${section}`, 'fronts']);
  }

  liveBlog(id: string) {
    return this.purgeKeys([`liveblog/${id}`, `article/${id}`, 'fronts']);
  }
}
"""

LIVEBLOG_SERVICE_TS = """import { Injectable, Logger } from '@nestjs/common';
import { PurgeService } from '../purge/purge.service';
import { EntryRepository } from './entry.repository';
import { SearchQueue } from '../search/search.queue';

@Injectable()
export class LiveBlogService {
  private readonly logger = new Logger(LiveBlogService.name);

  constructor(private readonly entries: EntryRepository, private readonly purge: PurgeService, private readonly search: SearchQueue) {}

  async publishEntry(blogId: string, body: string, user: string) {
    const entry = await this.entries.insert(blogId, body, user);
    this.logger.log(`entry published liveblog=${blogId} entry=${entry.id} seq=${entry.seq} by=${user}`);
    await this.purge.liveBlog(blogId);
    await this.search.enqueue(blogId, 'entry');
    return entry;
  }

  async correctEntry(blogId: string, entryId: string, body: string, user: string) {
    await this.entries.update(entryId, body, user);
    this.logger.log(`entry corrected liveblog=${blogId} entry=${entryId} by=${user}`);
    await this.purge.liveBlog(blogId);
  }
}
"""

KEYS_TS = """import type { ArticlePage, FrontPage, LiveBlogPage } from '../types';

// Fastly purges by surrogate key. cms-api purges article/<id> when an article
// changes, section/<slug> and fronts when a front is curated, and
// liveblog/<id> when an entry is added (apps/cms-api/src/purge).
export function articleKeys(page: ArticlePage): string[] {
  const keys = [`article/${page.id}`, `section/${page.section}`];
  for (const author of page.authors) keys.push(`author/${author.id}`);
  for (const tag of page.tags) keys.push(`tag/${tag}`);
  return keys;
}

export function liveBlogKeys(page: LiveBlogPage): string[] {
  return [...articleKeys(page), `liveblog/${page.id}`];
}

export function frontKeys(page: FrontPage): string[] {
  const keys = [`section/${page.section}`, 'fronts'];
  if (page.liveStrip) keys.push(`liveblog/${page.liveStrip.id}`);
  return keys;
}

export function surrogateKeyHeader(keys: string[]): string {
  return [...new Set(keys)].join(' ');
}
"""

LIVEBLOG_ROUTE_TS = """import type { FastifyInstance } from 'fastify';
import { cms } from '../cms';
import { liveBlogKeys, surrogateKeyHeader } from '../cache/surrogate-keys';
import { renderLiveBlog, renderUpdates } from '../views/liveblog';

export default async function liveblogRoutes(app: FastifyInstance) {
  app.get<{ Params: { slug: string } }>('/news/live/:slug', async (req, reply) => {
    const page = await cms.liveBlog(req.params.slug);
    reply
      .header('Surrogate-Control', 'max-age=30')
      .header('Surrogate-Key', surrogateKeyHeader(liveBlogKeys(page)))
      .type('text/html; charset=utf-8');
    return reply.send(renderLiveBlog(page));
  });

  app.get<{ Params: { slug: string } }>('/news/live/:slug/updates.json', async (req, reply) => {
    const page = await cms.liveBlog(req.params.slug);
    reply.header('Surrogate-Control', 'max-age=10').header('Surrogate-Key', surrogateKeyHeader(liveBlogKeys(page)));
    return renderUpdates(page);
  });
}
"""

VALUES = """replicaCount: 6
image:
  repository: ghcr.io/fenland-echo/render
  tag: latest
service:
  port: 3000
ingress:
  className: nginx
  host: www.fenlandecho.co.uk
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"
    nginx.ingress.kubernetes.io/proxy-next-upstream: "error timeout"
resources:
  requests:
    cpu: 500m
    memory: 768Mi
  limits:
    memory: 768Mi
env:
  CMS_URL: http://cms-api.web.svc.cluster.local
  PAYWALL_FREE_ARTICLES: "5"
"""

DEPLOY_YML = """name: deploy-production
on:
  workflow_dispatch:
jobs:
  deploy:
    runs-on: ubuntu-22.04
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: azure/setup-helm@v4
      - name: build and push images
        run: ./scripts/build-images.sh "$GITHUB_SHA"
      - name: helm upgrade
        run: |
          for app in cms-api render indexer newsletter; do
            helm upgrade --install "$app" "deploy/charts/$app" -n web \\
              -f "deploy/charts/$app/values-production.yaml" --set image.tag="$GITHUB_SHA" --wait --timeout 10m
          done
"""


def build_repo():
    ellie = Person("Ellie Morton", "ellie.morton@fenlandecho.co.uk", 0)
    ravi = Person("Ravi Chandra", "ravi.chandra@fenlandecho.co.uk", 0)
    dan = Person("Dan Pryce", "dan.pryce@fenlandecho.co.uk", 0)
    tomasz = Person("Tomasz Wójcik", "tomasz.wojcik@fenlandecho.co.uk", 60)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    dependabot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "package.json": '{\n  "name": "echo-platform",\n  "private": true,\n  "packageManager": "pnpm@9.12.1",\n  "scripts": {\n    "build": "pnpm -r build",\n    "test": "pnpm -r test"\n  }\n}\n',
        "pnpm-workspace.yaml": "packages:\n  - apps/*\n",
        "apps/cms-api/package.json": '{\n  "name": "@echo/cms-api",\n  "private": true,\n  "dependencies": {\n    "@nestjs/common": "10.4.4",\n    "@nestjs/core": "10.4.4",\n    "pg": "8.13.0"\n  }\n}\n',
        "apps/cms-api/src/purge/purge.service.ts": PURGE_TS,
        "apps/cms-api/src/liveblog/liveblog.service.ts": LIVEBLOG_SERVICE_TS,
        "apps/render/package.json": '{\n  "name": "@echo/render",\n  "private": true,\n  "dependencies": {\n    "fastify": "4.28.0",\n    "react": "18.3.1",\n    "react-dom": "18.3.1"\n  }\n}\n',
        "apps/render/src/cache/surrogate-keys.ts": KEYS_TS,
        "apps/render/src/routes/liveblog.ts": LIVEBLOG_ROUTE_TS,
        "apps/indexer/package.json": '{\n  "name": "@echo/indexer",\n  "private": true,\n  "dependencies": {\n    "@opensearch-project/opensearch": "2.12.0"\n  }\n}\n',
        "apps/newsletter/package.json": '{\n  "name": "@echo/newsletter",\n  "private": true,\n  "dependencies": {\n    "mjml": "4.15.3"\n  }\n}\n',
        "apps/newsletter/templates/breaking.mjml": '<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text font-size="22px" font-weight="700">{{headline}}</mj-text>\n        <mj-text>{{standfirst}}</mj-text>\n        <mj-button href="{{url}}">Read more</mj-button>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>\n',
        "deploy/charts/render/values-production.yaml": VALUES,
        ".github/workflows/deploy-production.yml": DEPLOY_YML,
        ".github/workflows/ci.yml": "name: ci\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v3\n      - uses: pnpm/action-setup@v4\n      - run: pnpm install --frozen-lockfile\n      - run: pnpm test\n",
        "README.md": "# echo-platform\n\nThe Fenland Echo's publishing platform: cms-api (editors), render\n(www.fenlandecho.co.uk behind Fastly), indexer (OpenSearch) and newsletter.\n\nReleases: run the `deploy-production` workflow on `main`.\n",
    }
    repo.commit(utc("2026-10-23 10:02:00"), ellie, "echo-platform: cms-api, render, indexer and newsletter in one workspace", files)
    repo.schedule(chores(random.Random(28101), SERVICE, [ellie, ravi, dan], utc("2026-10-23 10:02:00"), utc("2026-10-27 09:00:00"), 4))
    repo.commit(utc("2026-10-26 11:31:00"), dependabot, "Bump actions/checkout from 3 to 4", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "actions/checkout@v3", "actions/checkout@v4"),
    })
    repo.commit(utc("2026-10-27 10:15:00"), ellie, "render: at most 10 tag keys per article page\n\nThe sports desk tags match reports with every player; a purge of\nsection/sport does the job.", {
        "apps/render/src/cache/surrogate-keys.ts": repo.edit("apps/render/src/cache/surrogate-keys.ts", "  for (const tag of page.tags) keys.push(`tag/${tag}`);\n", "  for (const tag of page.tags.slice(0, MAX_TAG_KEYS)) keys.push(`tag/${tag}`);\n").replace(
            "// liveblog/<id> when an entry is added (apps/cms-api/src/purge).\n", "// liveblog/<id> when an entry is added (apps/cms-api/src/purge).\nconst MAX_TAG_KEYS = 10;\n\n"),
    })
    repo.commit(utc("2026-10-27 15:22:00"), ravi, "cms-api: purge entry/<id> when a live-blog entry is corrected or deleted (#598)\n\nLegal asked after the Wisbech court blog: a corrected entry stayed on the\nhomepage live strip until the blog's next entry.", {
        "apps/cms-api/src/purge/purge.service.ts": repo.edit("apps/cms-api/src/purge/purge.service.ts", "  liveBlog(id: string) {\n", "  entry(blogId: string, entryId: string) {\n    return this.purgeKeys([`entry/${entryId}`, `liveblog/${blogId}`]);\n  }\n\n  liveBlog(id: string) {\n"),
        "apps/cms-api/src/liveblog/liveblog.service.ts": repo.edit("apps/cms-api/src/liveblog/liveblog.service.ts", "    this.logger.log(`entry corrected liveblog=${blogId} entry=${entryId} by=${user}`);\n    await this.purge.liveBlog(blogId);\n", "    this.logger.log(`entry corrected liveblog=${blogId} entry=${entryId} by=${user}`);\n    await this.purge.entry(blogId, entryId);\n"),
    })
    repo.commit(utc("2026-10-28 11:20:00"), ravi, "cms-api: log Fastly purge requests with their keys, status and purge id\n\nWhen a page is stale we cannot tell whether the purge was sent.", {
        "apps/cms-api/src/purge/purge.service.ts": repo.edit("apps/cms-api/src/purge/purge.service.ts", "    if (!res.ok) {\n      this.logger.error(`fastly purge failed status=${res.status}`);\n    }\n",
                                                            "    const body = res.ok ? await res.json() : {};\n    const level = res.ok ? 'log' : 'error';\n    this.logger[level](`fastly purge keys=\"${keys.join(' ')}\" status=${res.status} purge_id=${body.id ?? '-'}`);\n"),
    })
    culprit = repo.commit(utc("2026-10-28 16:40:00"), ellie, "render: surrogate key per live-blog entry\n\ncms-api purges entry/<id> when an entry is corrected or deleted (#598),\nbut no page carried those keys, so the correction only showed on the\nblog and the homepage live strip after the next entry. Tag the blog, its\nupdates.json and the live strip with a key per entry they show.", {
        "apps/render/src/cache/surrogate-keys.ts": repo.edit("apps/render/src/cache/surrogate-keys.ts", "  return [...articleKeys(page), `liveblog/${page.id}`];\n",
                                                             "  const entryKeys = page.entries.map((entry) => `entry/${entry.id}`);\n  return [...articleKeys(page), `liveblog/${page.id}`, ...entryKeys];\n").replace(
            "  if (page.liveStrip) keys.push(`liveblog/${page.liveStrip.id}`);\n",
            "  if (page.liveStrip) {\n    keys.push(`liveblog/${page.liveStrip.id}`, ...page.liveStrip.entries.map((entry) => `entry/${entry.id}`));\n  }\n"),
    })
    repo.commit(utc("2026-10-28 17:06:00"), ellie, "test: live blog pages and the live strip carry a key per entry", {
        "apps/render/test/surrogate-keys.test.ts": "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { liveBlogKeys, surrogateKeyHeader } from '../src/cache/surrogate-keys';\n\nconst page = { id: 'b1', section: 'news', authors: [{ id: 'a1' }], tags: ['weather'], entries: [{ id: 'e1' }, { id: 'e2' }] };\n\ntest('a key per entry', () => {\n  assert.equal(surrogateKeyHeader(liveBlogKeys(page as never)), 'article/b1 section/news author/a1 tag/weather liveblog/b1 entry/e1 entry/e2');\n});\n",
    })
    repo.commit(utc("2026-10-28 17:31:00"), tomasz, "docs: live blog runbook (corrections, legal takedowns, purges)", {
        "docs/runbook-liveblogs.md": "# Live blogs\n\n- A new entry purges `liveblog/<id>`; a correction or deletion purges\n  `entry/<id>` as well, so the homepage live strip updates at once.\n- Legal takedown: delete the entry in the CMS, then check the page with\n  `curl -sI -H 'Fastly-Debug: 1'` that the entry is gone.\n- Fastly dashboard: service `fenlandecho-www`.\n",
    })
    deploy1_sha = repo.commit(utc("2026-10-29 05:41:00"), renovate, "chore(deps): update dependency fastify to v4.28.1", {
        "apps/render/package.json": repo.edit("apps/render/package.json", '"fastify": "4.28.0"', '"fastify": "4.28.1"'),
    })
    repo.commit(utc("2026-10-29 10:48:00"), ravi, "newsletter: LIVE badge on breaking alerts that link to a live blog", {
        "apps/newsletter/templates/breaking.mjml": repo.edit("apps/newsletter/templates/breaking.mjml", '        <mj-text font-size="22px" font-weight="700">{{headline}}</mj-text>\n',
                                                             '        {{#if live}}<mj-text color="#c8102e" font-weight="700">LIVE</mj-text>{{/if}}\n        <mj-text font-size="22px" font-weight="700">{{headline}}</mj-text>\n'),
    })
    deploy2_sha = repo.commit(utc("2026-10-29 13:05:00"), dan, "render: 12 replicas, 60 s proxy read timeout and retry the next pod on 502/503 for Storm Kit\n\nTraffic is three times a normal Thursday and a pod was OOM-killed at\n12:40 (a few 502s while it restarted).", {
        "deploy/charts/render/values-production.yaml": repo.edit("deploy/charts/render/values-production.yaml", "replicaCount: 6\n", "replicaCount: 12\n").replace(
            'proxy-read-timeout: "30"', 'proxy-read-timeout: "60"').replace('proxy-next-upstream: "error timeout"', 'proxy-next-upstream: "error timeout http_502 http_503"'),
    })
    return repo, culprit, deploy1_sha, deploy2_sha


# ---------------------------------------------------------------------------
# the pages and the people

EDITORS = ["jo.marsh", "sam.okafor", "liv.barnes", "helen.cave", "ben.rudd", "amira.haddad"]
SECTIONS = ["news", "news", "news", "sport", "business", "whats-on", "opinion", "news"]
ARTICLES = [
    ("news", "a47-closed-at-guyhirn-after-lorry-overturns"), ("news", "wisbech-man-jailed-for-fraud-at-care-home"),
    ("news", "march-town-council-approves-riverside-plans"), ("sport", "posh-sign-striker-on-loan-until-january"),
    ("business", "chatteris-food-plant-to-create-120-jobs"), ("whats-on", "half-term-events-across-the-fens"),
    ("news", "ely-cathedral-scaffolding-comes-down"), ("opinion", "the-fens-deserve-better-flood-defences"),
    ("news", "whittlesey-washes-road-to-close-for-winter"), ("sport", "kings-lynn-town-beat-boston-2-1"),
    ("news", "parents-protest-over-school-bus-cuts"), ("business", "high-street-bakery-opens-second-shop"),
    ("news", "police-appeal-after-break-ins-in-doddington"), ("whats-on", "fenland-folk-festival-line-up"),
]
STORM = "/news/live/storm-kit-live-flood-warnings-road-closures-fenland"
STORM2 = "/news/live/storm-kit-live-part-2-evacuations-and-road-closures"
COUNCIL = "/news/live/fenland-council-budget-meeting-live"
UAS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/485.0]",
]
POPS = ["LCY", "LHR", "LHR", "MAN", "LON", "DUB"]
OTHER_HEADERS = 1432  # status line, CSP, Link preloads, Set-Cookie (meter), cache and security headers


def uuid(rng):
    h = hexid(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


def traffic(t):
    h = (t - START).total_seconds() / 3600 + 7 + 40 / 60  # hour of the day
    if h < 9:
        f = 1.0
    elif h < 12:
        f = 1.0 + (h - 9) * 0.55
    else:
        f = 2.7 + min(h - 12, 2) * 0.2
    if ALERT_SENT <= t < ALERT_SENT + dt.timedelta(minutes=15):
        f *= 1.5
    return f


def storm_share(t, storm_start):
    """Share of page views on Storm Kit part 1 (with its updates.json)."""
    if t < storm_start:
        return 0.0
    base = min(0.32, 0.08 + (t - storm_start).total_seconds() / 3600 * 0.06)
    if ALERT_SENT <= t < ALERT_SENT + dt.timedelta(minutes=15):
        return 0.55
    if t >= PART2 + dt.timedelta(minutes=3):
        return 0.1
    return base


def nest(t, level, context, msg):
    t = t.astimezone(dt.timezone.utc)
    hour = t.hour % 12 or 12
    stamp = f"{t.strftime('%m/%d/%Y')}, {hour}:{t.strftime('%M:%S')} {'AM' if t.hour < 12 else 'PM'}"
    return f"[Nest] 1  - {stamp} {level.upper():>7} [{context}] {msg}"


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def build_logs(rng, deploy1_sha, deploy2_sha):
    cms, render, ingress, fastly, indexer, events, gha, chat = (
        Log("cms-api.log"), Log("render.log"), Log("ingress-nginx.log"), Log("fastly-www.log"),
        Log("indexer.log"), Log("k8s-events.log"), Log("gha-deploy-production.log"), Log("chat.log"))
    bad = []

    # --- pods
    def pods(prefix, n):
        return [(f"{prefix}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}", f"10.42.{rng.randint(1, 9)}.{rng.randint(10, 250)}") for _ in range(n)]

    rs = {"old": "render-5b7c9d6f4", "v1": "render-7d9c5b8f6", "v2": "render-84f6c7d9b"}
    render_sets = [(START, pods(rs["old"], 6), "a91c3e0"), (DEPLOY1 + dt.timedelta(seconds=70), pods(rs["v1"], 6), deploy1_sha[:7])]
    oom_pod = render_sets[1][1][2]
    render_sets.append((DEPLOY2 + dt.timedelta(seconds=75), pods(rs["v2"], 12), deploy2_sha[:7]))
    render_sets.append((ROLLBACK + dt.timedelta(seconds=68), pods(rs["v1"], 6), deploy1_sha[:7]))

    def render_pods(t):
        current = render_sets[0]
        for entry in render_sets:
            if t >= entry[0]:
                current = entry
        return current[1]

    cms_pods = [pods("cms-api-6f9d8c7b5", 3), pods("cms-api-5c8b7f9d6", 3), pods("cms-api-7b6d5c8f9", 3)]

    def cms_pod(t):
        if t >= DEPLOY2 + dt.timedelta(seconds=40):
            return rng.choice(cms_pods[2])
        if t >= DEPLOY1 + dt.timedelta(seconds=40):
            return rng.choice(cms_pods[1])
        return rng.choice(cms_pods[0])

    def ev(t, kind, name, reason, message, etype="Normal", component="kubelet", namespace="web", count=1):
        body = {
            "metadata": {"name": f"{name}.{hexid(rng, 16)}", "namespace": namespace, "creationTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ")},
            "reason": reason, "message": message, "source": {"component": component},
            "firstTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "lastTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "count": count, "type": etype, "involvedObject": {"kind": kind, "namespace": namespace, "name": name},
        }
        events.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def rollout(t, deployment, new_rs, new_pods, old_pods, old_rs, image_tag, replicas_from, replicas_to):
        ev(t, "Deployment", deployment, "ScalingReplicaSet", f"Scaled up replica set {new_rs} to {min(2, replicas_to)} from 0", component="deployment-controller")
        w = t
        for i, (name, _) in enumerate(new_pods):
            w = w + dt.timedelta(seconds=rng.uniform(2, 9))
            node = f"ip-10-20-{rng.randint(1, 3)}-{rng.randint(10, 250)}.eu-west-2.compute.internal"
            ev(w, "Pod", name, "Scheduled", f"Successfully assigned web/{name} to {node}", component="default-scheduler")
            ev(w + dt.timedelta(seconds=1), "Pod", name, "Pulling", f'Pulling image "ghcr.io/fenland-echo/{deployment}:{image_tag}"')
            ev(w + dt.timedelta(seconds=4), "Pod", name, "Pulled", f'Successfully pulled image "ghcr.io/fenland-echo/{deployment}:{image_tag}" in {rng.uniform(2.1, 4.8):.3f}s ({rng.uniform(2.5, 5.5):.3f}s including waiting). Image size: 187442312 bytes.')
            ev(w + dt.timedelta(seconds=5), "Pod", name, "Created", f"Created container {deployment}")
            ev(w + dt.timedelta(seconds=5), "Pod", name, "Started", f"Started container {deployment}")
            if i < len(old_pods):
                ev(w + dt.timedelta(seconds=8), "Pod", old_pods[i][0], "Killing", f"Stopping container {deployment}")
        ev(w + dt.timedelta(seconds=9), "Deployment", deployment, "ScalingReplicaSet", f"Scaled down replica set {old_rs} to 0 from {replicas_from}", component="deployment-controller")
        return w

    # --- GitHub Actions: the two runs of deploy-production
    def gha_line(t, text):
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def gha_run(t0, run, sha, subject, actor, revisions):
        w = t0
        steps = [
            (0, f"Requested labels: ubuntu-22.04"), (0.1, "Job defined at: fenland-echo/echo-platform/.github/workflows/deploy-production.yml@refs/heads/main"),
            (0.2, "Waiting for a runner to pick up this job..."), (3, f"Job is about to start running on the runner: GitHub Actions {rng.randint(100, 999)} (hosted)"),
            (4, "##[group]Run actions/checkout@v4"), (6, f"HEAD is now at {sha[:7]} {subject}"), (6.1, "##[endgroup]"),
            (7, "##[group]Run ./scripts/build-images.sh \"$GITHUB_SHA\""),
        ]
        for off, text in steps:
            gha_line(t0 + dt.timedelta(seconds=off), text)
        w = t0 + dt.timedelta(seconds=8)
        for app in ("cms-api", "render", "indexer", "newsletter"):
            w += dt.timedelta(seconds=rng.uniform(14, 30))
            gha_line(w, f"#{rng.randint(14, 22)} pushing ghcr.io/fenland-echo/{app}:{sha} with docker")
            gha_line(w + dt.timedelta(seconds=2), f"{sha}: digest: sha256:{hexid(rng, 64)} size: {rng.randint(1800, 2600)}")
        gha_line(w + dt.timedelta(seconds=3), "##[endgroup]")
        gha_line(w + dt.timedelta(seconds=4), "##[group]Run for app in cms-api render indexer newsletter; do")
        w += dt.timedelta(seconds=5)
        for app, rev in zip(("cms-api", "render", "indexer", "newsletter"), revisions):
            lines = [f'Release "{app}" has been upgraded. Happy Helming!', f"NAME: {app}", f"LAST DEPLOYED: {w.strftime('%a %b %d %H:%M:%S %Y')}",
                     "NAMESPACE: web", "STATUS: deployed", f"REVISION: {rev}"]
            for k, text in enumerate(lines):
                gha_line(w + dt.timedelta(microseconds=40 * k), text)
            w += dt.timedelta(seconds=rng.uniform(25, 70))
        gha_line(w, "##[endgroup]")
        gha_line(w + dt.timedelta(seconds=1), f"Deployed {sha} to production (run {run}, triggered by {actor})")
        gha_line(w + dt.timedelta(seconds=2), "Cleaning up orphan processes")
        return w

    gha_run(DEPLOY1 - dt.timedelta(seconds=95), 311, deploy1_sha, "chore(deps): update dependency fastify to v4.28.1", "dan-pryce", (57, 41, 22, 19))
    gha_run(DEPLOY2 - dt.timedelta(seconds=95), 312, deploy2_sha, "render: 12 replicas, 60 s proxy read timeout and retry the next pod on 502/503 for Storm Kit", "dan-pryce", (58, 42, 23, 20))

    # rollouts
    rollout(DEPLOY1 - dt.timedelta(seconds=10), "cms-api", "cms-api-5c8b7f9d6", cms_pods[1], cms_pods[0], "cms-api-6f9d8c7b5", deploy1_sha, 3, 3)
    rollout(DEPLOY1 + dt.timedelta(seconds=30), "render", rs["v1"], render_sets[1][1], render_sets[0][1], rs["old"], deploy1_sha, 6, 6)
    rollout(DEPLOY2 - dt.timedelta(seconds=10), "cms-api", "cms-api-7b6d5c8f9", cms_pods[2], cms_pods[1], "cms-api-5c8b7f9d6", deploy2_sha, 3, 3)
    rollout(DEPLOY2 + dt.timedelta(seconds=30), "render", rs["v2"], render_sets[2][1], render_sets[1][1], rs["v1"], deploy2_sha, 6, 12)
    rollout(ROLLBACK, "render", rs["v1"], render_sets[3][1], render_sets[2][1], rs["v2"], deploy1_sha, 12, 6)

    # start lines
    for when, pod_list, version in render_sets[1:]:
        for name, _ in pod_list:
            w = when - dt.timedelta(seconds=rng.uniform(20, 60))
            render.add(w, json.dumps({"level": 30, "time": int(w.timestamp() * 1000), "pid": 1, "hostname": name, "msg": "Server listening at http://0.0.0.0:3000"}, separators=(",", ":")))
            render.add(w + dt.timedelta(milliseconds=3), json.dumps({"level": 30, "time": int(w.timestamp() * 1000) + 3, "pid": 1, "hostname": name, "version": version, "cms": "http://cms-api.web.svc.cluster.local", "paywallFreeArticles": 5, "msg": "render started"}, separators=(",", ":")))
    for when, sha in ((DEPLOY1 - dt.timedelta(seconds=4), deploy1_sha), (DEPLOY2 - dt.timedelta(seconds=4), deploy2_sha)):
        for i in range(3):
            w = when + dt.timedelta(seconds=i * 7 + rng.uniform(0, 2))
            cms.add(w, nest(w, "log", "NestFactory", "Starting Nest application..."))
            cms.add(w + dt.timedelta(milliseconds=40), nest(w, "log", "InstanceLoader", "AppModule dependencies initialized"))
            cms.add(w + dt.timedelta(milliseconds=210), nest(w, "log", "NestApplication", "Nest application successfully started"))
            cms.add(w + dt.timedelta(milliseconds=212), nest(w, "log", "Bootstrap", f"cms-api listening on :3000 version={sha[:7]} env=production"))

    # --- the OOM at 12:40
    oom_name, oom_ip = oom_pod
    ev(OOM, "Node", "ip-10-20-2-41.eu-west-2.compute.internal", "OOMKilling", "Memory cgroup out of memory: Killed process 24117 (node) total-vm:2318820kB, anon-rss:786192kB, file-rss:41236kB, shmem-rss:0kB, UID:1000 pgtables:2412kB oom_score_adj:985", etype="Warning", component="kernel-monitor", namespace="")
    ev(OOM + dt.timedelta(seconds=2), "Pod", oom_name, "Unhealthy", "Readiness probe failed: Get \"http://%s:3000/healthz\": dial tcp %s:3000: connect: connection refused" % (oom_ip, oom_ip), etype="Warning")
    ev(OOM + dt.timedelta(seconds=3), "Pod", oom_name, "Pulled", f'Container image "ghcr.io/fenland-echo/render:{deploy1_sha}" already present on machine')
    ev(OOM + dt.timedelta(seconds=3), "Pod", oom_name, "Created", "Created container render")
    ev(OOM + dt.timedelta(seconds=4), "Pod", oom_name, "Started", "Started container render")

    # --- content: live blogs and articles
    storm_id, storm2_id, council_id = uuid(rng), uuid(rng), uuid(rng)
    authors = {storm_id: [uuid(rng), uuid(rng)], storm2_id: [uuid(rng)], council_id: [uuid(rng)]}
    tags = {storm_id: ["storm-kit", "weather", "flooding", "fenland", "roads"], storm2_id: ["storm-kit", "weather", "flooding"], council_id: ["fenland-council", "politics"]}

    def header_bytes(blog_id, n_entries, culprit_live=True):
        keys = [f"article/{blog_id}", "section/news"] + [f"author/{a}" for a in authors[blog_id]] + [f"tag/{x}" for x in tags[blog_id]] + [f"liveblog/{blog_id}"]
        if culprit_live:
            keys += [f"entry/{'0' * 36}"] * n_entries
        line = "Surrogate-Key: " + " ".join(keys) + "\r\n"
        return OTHER_HEADERS + len(line), len(line) - 17

    limit = next(n for n in range(1, 400) if header_bytes(storm_id, n)[0] > BUFFER)

    def spread(first, last, n, jitter=0.45):
        gaps = [rng.uniform(1 - jitter, 1 + jitter) for _ in range(n - 1)]
        total = sum(gaps)
        span = (last - first).total_seconds()
        times, acc = [first], 0.0
        for g in gaps:
            acc += g
            times.append(first + dt.timedelta(seconds=span * acc / total))
        return times

    storm_start = utc("2026-10-29 08:41:37")
    storm_fail = utc("2026-10-29 13:47:02")
    storm_times = spread(storm_start, storm_fail, limit)
    storm_times += [storm_fail + dt.timedelta(minutes=m) for m in (4.3, 9.1, 13.6, 18.8, 22.0)]
    storm2_times = spread(PART2 + dt.timedelta(seconds=40), END - dt.timedelta(minutes=3), 16)
    council_times = spread(utc("2026-10-29 10:02:11"), utc("2026-10-29 12:14:40"), 31, 0.8)
    blogs = {storm_id: (STORM, storm_times), storm2_id: (STORM2, storm2_times), council_id: (COUNCIL, council_times)}

    def entries_at(blog_id, t):
        return sum(1 for x in blogs[blog_id][1] if x <= t)

    def failing(blog_id, t):
        return DEPLOY1 < t < BUFFER_FIX and header_bytes(blog_id, entries_at(blog_id, t))[0] > BUFFER

    # --- cms-api: publishing
    seqs = {}
    purges = []
    purge_logging = DEPLOY1 + dt.timedelta(seconds=30)

    def purge(t, keys):
        purges.append(t)
        if t >= purge_logging:
            cms.add(t, nest(t, "log", "PurgeService", f"fastly purge keys=\"{' '.join(keys)}\" status=200 purge_id={rng.randint(10 ** 17, 10 ** 18 - 1)}-{rng.randint(10 ** 9, 10 ** 10 - 1)}-{rng.randint(1, 9)}"))

    def search_enqueue(t, doc, reason, kind, version):
        cms.add(t, nest(t, "log", "SearchQueue", f"enqueued doc={doc} reason={reason}"))
        w = t + dt.timedelta(milliseconds=ms(rng, 900, 0.5))
        took = ms(rng, 14, 0.5)
        indexer.add(w, f"ts={iso_ms(w)} level=info msg=\"indexed document\" index=articles_v7 id={doc} type={kind} version={version} took_ms={took}")

    entry_ids = {}
    for blog_id, (path, times) in blogs.items():
        editors = ["jo.marsh", "sam.okafor", "amira.haddad"] if blog_id != council_id else ["ben.rudd"]
        for i, t in enumerate(times):
            if t >= END:
                continue
            eid = uuid(rng)
            entry_ids.setdefault(blog_id, []).append(eid)
            user = rng.choice(editors)
            if i == 0:
                cms.add(t - dt.timedelta(seconds=40), nest(t, "log", "LiveBlogService", f"live blog opened liveblog={blog_id} path={path} by={user}"))
            ingress.add(t, access_line(rng, t, "10.20.0.14", "POST", f"/v1/liveblogs/{blog_id}/entries", 201, rng.randint(300, 900), "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", "web-cms-api-80", cms_pod(t)[1], CMS_HOST, up_rt=ms(rng, 90, 0.4) / 1000))
            w = t + dt.timedelta(milliseconds=ms(rng, 60, 0.4))
            cms.add(w, nest(w, "log", "LiveBlogService", f"entry published liveblog={blog_id} entry={eid} seq={i + 1} by={user}"))
            purge(w + dt.timedelta(milliseconds=ms(rng, 140, 0.3)), [f"liveblog/{blog_id}", f"article/{blog_id}", "fronts"])
            search_enqueue(w + dt.timedelta(milliseconds=300), blog_id, "entry", "liveblog", i + 1)
            # Fastly's shields refetch the page and its updates.json after the purge
            for k in range(rng.randint(2, 3)):
                r = w + dt.timedelta(seconds=rng.uniform(0.6, 6))
                origin_request(rng, r, blog_id, path if k else path + "/updates.json", render, ingress, render_pods, failing, bad, header_bytes, entries_at)
    # corrections
    for blog_id, when, who in ((council_id, "11:02:45", "ben.rudd"), (storm_id, "11:48:10", "helen.cave"), (storm_id, "13:21:33", "jo.marsh")):
        t = utc(f"2026-10-29 {when}")
        eid = rng.choice(entry_ids[blog_id][:entries_at(blog_id, t)])
        cms.add(t, nest(t, "log", "LiveBlogService", f"entry corrected liveblog={blog_id} entry={eid} by={who}"))
        purge(t + dt.timedelta(milliseconds=120), [f"entry/{eid}", f"liveblog/{blog_id}"])

    # ordinary articles
    for t in poisson_times(rng, START, END, 0.55):
        section, slug = rng.choice(ARTICLES)
        aid = uuid(rng)
        user = rng.choice(EDITORS)
        rev = rng.randint(1, 9)
        kind = "published" if rev == 1 else "updated"
        cms.add(t, nest(t, "log", "ArticlesService", f"article {kind} id={aid} section={section} rev={rev} by={user}"))
        ingress.add(t, access_line(rng, t, "10.20.0.14", "PUT", f"/v1/articles/{aid}", 200, rng.randint(900, 3000), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", "web-cms-api-80", cms_pod(t)[1], CMS_HOST, up_rt=ms(rng, 120, 0.4) / 1000))
        purge(t + dt.timedelta(milliseconds=ms(rng, 150, 0.3)), [f"article/{aid}", f"section/{section}", "fronts"])
        search_enqueue(t + dt.timedelta(milliseconds=400), aid, "publish" if rev == 1 else "update", "article", rev)
    # autosaves and image uploads (no purge)
    for t in poisson_times(rng, START, END, 1.3):
        user = rng.choice(EDITORS)
        if rng.random() < 0.75:
            aid = uuid(rng)
            cms.add(t, nest(t, "log", "DraftsService", f"draft autosaved id={aid} by={user} bytes={rng.randint(1800, 14000)}"))
        else:
            w, h = rng.choice([(4032, 3024), (6000, 4000), (3000, 2000), (5472, 3648)])
            cms.add(t, nest(t, "log", "ImagesService", f"image uploaded id={uuid(rng)} by={user} {w}x{h} bytes={rng.randint(1_800_000, 14_000_000)} renditions=6"))
    # wire ingest, every minute
    t = START + dt.timedelta(seconds=11.2)
    while t < END:
        if rng.random() < 0.012:
            cms.add(t, nest(t, "error", "WireIngestService", "PA feed poll failed: connect ETIMEDOUT 185.53.56.21:443") + "\nError: connect ETIMEDOUT 185.53.56.21:443\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)")
        else:
            cms.add(t, nest(t, "log", "WireIngestService", f"PA feed: {rng.randint(0, 6)} new, {rng.randint(0, 14)} updated in {rng.randint(380, 1400)}ms"))
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(-300, 300))
    for t in poisson_times(rng, START, END, 0.09):
        cms.add(t, nest(t, "warn", "JwtStrategy", f"rejected expired token user={rng.choice(EDITORS)} exp={int((t - dt.timedelta(minutes=rng.randint(1, 50))).timestamp())}"))
    # newsletters
    cms.add(utc("2026-10-29 07:59:58"), nest(utc("2026-10-29 07:59:58"), "log", "NewsletterService", "briefing \"Morning Echo\" scheduled list=morning-echo subscribers=38417 send_at=2026-10-29T08:00:00Z"))
    cms.add(ALERT_SENT, nest(ALERT_SENT, "log", "NewsletterService", f"breaking alert \"Storm Kit: families told to leave homes near the Nene\" scheduled list=breaking-news subscribers=61204 url={STORM} live=true"))

    # --- reader traffic at the origin (ingress + render), beyond the purge refetches
    normal_paths = [f"/{s}/{slug}" for s, slug in ARTICLES] + ["/", "/news", "/sport", "/whats-on", "/search?q=flood", "/news/weather"]
    for t in poisson_times(rng, START, END, 3.0 * 3.0):
        if rng.random() > traffic(t) / 3.0:
            continue
        share = storm_share(t, storm_start)
        r = rng.random()
        if r < share:
            path = STORM if rng.random() < 0.45 else STORM + "/updates.json"
            # cached at Fastly unless it is failing (5xx are not cached)
            if failing(storm_id, t):
                for _ in range(5):
                    origin_request(rng, t + dt.timedelta(seconds=rng.uniform(0, 8)), storm_id, path, render, ingress, render_pods, failing, bad, header_bytes, entries_at)
            elif rng.random() < 0.2:
                origin_request(rng, t, storm_id, path, render, ingress, render_pods, failing, bad, header_bytes, entries_at)
            continue
        if t >= PART2 and r < share + 0.22:
            origin_request(rng, t, storm2_id, STORM2 if rng.random() < 0.45 else STORM2 + "/updates.json", render, ingress, render_pods, failing, bad, header_bytes, entries_at)
            continue
        if utc("2026-10-29 10:00:00") <= t < utc("2026-10-29 12:40:00") and r < share + 0.06:
            origin_request(rng, t, council_id, COUNCIL, render, ingress, render_pods, failing, bad, header_bytes, entries_at)
            continue
        path = rng.choice(normal_paths)
        pod, ip_ = rng.choice(render_pods(t))
        if OOM <= t < OOM + dt.timedelta(seconds=26) and pod == oom_name:
            ingress.add(t, access_line(rng, t, fastly_ip(rng), "GET", path, 502, 150, rng.choice(UAS), "web-render-80", ip_, HOST, up_rt=0.001, up_status=502, up_len=0))
            ingress.add(t, nginx_err(rng, t, f"connect() failed (111: Connection refused) while connecting to upstream, client: {fastly_ip(rng)}, server: {HOST}, request: \"GET {path} HTTP/1.1\", upstream: \"http://{ip_}:3000{path}\", host: \"{HOST}\""))
            continue
        rt = ms(rng, 45, 0.6)
        status = 200 if rng.random() > 0.02 else 404
        ingress.add(t, access_line(rng, t, fastly_ip(rng), "GET", path, status, rng.randint(60000, 240000) if status == 200 else 9120, rng.choice(UAS), "web-render-80", ip_, HOST, up_rt=rt / 1000))
        render_line(render, t, pod, "GET", path, status, rt)
        if rng.random() < 0.08 and status == 200:
            render.add(t, json.dumps({"level": 30, "time": int(t.timestamp() * 1000), "pid": 1, "hostname": pod, "meter": rng.randint(1, 6), "limit": 5, "decision": rng.choice(["allow", "allow", "allow", "register-wall", "paywall"]), "msg": "paywall decision"}, separators=(",", ":")))
    # render's periodic refresh of the CMS lookups
    for t in poisson_times(rng, START, END, 1.0):
        pod, ip_ = rng.choice(render_pods(t))
        render.add(t, json.dumps({"level": 20, "time": int(t.timestamp() * 1000), "pid": 1, "hostname": pod, "msg": "cms cache refresh", "entries": rng.randint(800, 1400), "tookMs": ms(rng, 40, 0.4)}, separators=(",", ":")))

    # --- ingress-nginx controller reloads (klog)
    for when, what in ((DEPLOY2 + dt.timedelta(seconds=33), "13:18"), (ROLLBACK + dt.timedelta(seconds=4), "rollback"), (BUFFER_FIX, "annotate")):
        pid = 7
        ingress.add(when, klog_line(when, "I", pid, "event.go:377", 'Event(v1.ObjectReference{Kind:"Ingress", Namespace:"web", Name:"render", UID:"' + "5f1c2b9e-7a44-4d0e-9b61-2c8e0f3a7d15" + '", APIVersion:"networking.k8s.io/v1", ResourceVersion:"' + str(rng.randint(40_000_000, 49_000_000)) + '", FieldPath:""}): type: \'Normal\' reason: \'Sync\' Scheduled for sync'))
        ingress.add(when + dt.timedelta(milliseconds=180), klog_line(when + dt.timedelta(milliseconds=180), "I", pid, "controller.go:193", '"Configuration changes detected, backend reload required"'))
        ingress.add(when + dt.timedelta(milliseconds=560), klog_line(when + dt.timedelta(milliseconds=560), "I", pid, "controller.go:213", '"Backend successfully reloaded"'))
        ev(when + dt.timedelta(milliseconds=560), "Pod", "ingress-nginx-controller-7c9f5d8b6-q4zlw", "RELOAD", "NGINX reload triggered due to a change in configuration", component="nginx-ingress-controller", namespace="ingress-nginx")
    for t in poisson_times(rng, START, END, 0.05):
        ingress.add(t, klog_line(t, "W", 7, "controller.go:1214", f'Service "web/newsletter-tracking" does not have any active Endpoint.'))

    # --- Fastly: a sampled stream of every request at the edge
    for t in poisson_times(rng, START, END, 4.6 * 3.0):
        if rng.random() > traffic(t) / 3.0:
            continue
        share = storm_share(t, storm_start)
        r = rng.random()
        if r < share:
            path = STORM if rng.random() < 0.5 else STORM + "/updates.json"
            blog = storm_id
        elif t >= PART2 and r < share + 0.22:
            path, blog = (STORM2 if rng.random() < 0.5 else STORM2 + "/updates.json"), storm2_id
        else:
            path, blog = rng.choice(normal_paths + ["/static/js/main.4f1c2e.js", "/static/css/site.9a8b7c.css", "/img/logo.svg"]), None
        if blog and failing(blog, t):
            status, state, size, elapsed = 502, "MISS", 150, rng.randint(25_000, 90_000)
        elif OOM <= t < OOM + dt.timedelta(seconds=26) and rng.random() < 0.2:
            status, state, size, elapsed = 502, "MISS", 150, rng.randint(3_000, 9_000)
        else:
            state = "HIT" if rng.random() < 0.88 else "MISS"
            status = 200 if rng.random() > 0.015 else 404
            size = rng.randint(40_000, 260_000)
            elapsed = rng.randint(150, 900) if state == "HIT" else rng.randint(30_000, 180_000)
        fastly.add(t, json.dumps({
            "timestamp": t.strftime("%Y-%m-%dT%H:%M:%S+0000"), "pop": rng.choice(POPS), "client_ip": f"{rng.choice([81, 86, 90, 92, 109, 176, 212])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "host": HOST, "request_method": "GET", "url": path, "response_status": status, "cache_state": state,
            "response_body_size": size, "time_elapsed_us": elapsed, "request_user_agent": rng.choice(UAS),
        }, separators=(",", ":")))

    # --- indexer: bulk flushes and the odd conflict
    t = START + dt.timedelta(seconds=4.5)
    while t < END:
        indexer.add(t, f"ts={iso_ms(t)} level=info msg=\"bulk flush\" index=articles_v7 docs={rng.randint(0, 9)} errors=0 took_ms={ms(rng, 35, 0.5)}")
        t += dt.timedelta(seconds=30)
    for t in poisson_times(rng, START, END, 0.03):
        indexer.add(t, f"ts={iso_ms(t)} level=warn msg=\"version conflict, retrying\" index=articles_v7 id={uuid(rng)} status=409 attempt=1")
    for t in poisson_times(rng, START, END, 0.02):
        indexer.add(t, f"ts={iso_ms(t)} level=warn msg=\"slow bulk\" index=articles_v7 took_ms={rng.randint(1500, 4200)} node=os-data-{rng.randint(1, 3)}")

    # --- the humans
    n_fail = entries_at(storm_id, storm_fail)
    sk = header_bytes(storm_id, n_fail)
    say = [
        ("07:58:40", "#deploys", "Dan Pryce", "deploying main to production (fastify bump, purge logging, live-blog entry keys)"),
        ("08:16:02", "#deploys", "github-actions", f"deploy-production #311 succeeded: {deploy1_sha[:7]} by dan-pryce"),
        ("08:38:15", "#newsdesk", "Helen Cave", "Met Office amber warning for Storm Kit upgraded. Jo is opening the live blog; everyone else file to it"),
        ("08:42:30", "#newsdesk", "Jo Marsh", f"live blog is up: https://{HOST}{STORM}"),
        ("10:01:50", "#newsdesk", "Ben Rudd", f"council budget live blog going: https://{HOST}{COUNCIL}"),
        ("11:49:02", "#newsdesk", "Helen Cave", "corrected the 11:31 entry (wrong village for the evacuation centre), already gone from the homepage strip. Nice"),
        ("12:40:52", "#web-oncall", "Dan Pryce", "render pod OOM-killed at 12:40, a handful of 502s while it restarted. Storm traffic is 3x a normal Thursday"),
        ("12:58:20", "#web-oncall", "Dan Pryce", "PR #612: render to 12 replicas, proxy-read-timeout 60 s, proxy-next-upstream on http_502/http_503 so a dying pod doesn't show readers an error. Merging and deploying"),
        ("13:20:41", "#deploys", "github-actions", f"deploy-production #312 succeeded: {deploy2_sha[:7]} by dan-pryce"),
        ("13:49:30", "#web-oncall", "Grafana", f"[FIRING:1] FastlyOrigin5xx fenlandecho-www (5xx ratio 9.4% over 2m, status=502)"),
        ("13:50:12", "#newsdesk", "Jo Marsh", "the live blog is showing readers an error page?? I just posted the A47 closure"),
        ("13:51:40", "#web-oncall", "Dan Pryce", "looking. 502s only on the Storm Kit blog and its updates.json, the rest of the site is fine. render logs the page as 200 though"),
        ("13:55:35", "#newsletters", "Liv Barnes", "breaking alert gone to 61,204 people with the live blog link"),
        ("13:56:10", "#web-oncall", "Dan Pryce", "the only thing that changed this afternoon is my 13:18 release (replicas, read timeout, next-upstream on 502). rolling render back to revision 41"),
        ("14:04:55", "#web-oncall", "Dan Pryce", "rollback done, 6 pods on rev 41. Storm Kit still 502 at the ingress"),
        ("14:06:20", "#newsdesk", "Helen Cave", "we can't wait, starting Storm Kit part 2 and pointing the homepage at it"),
        ("14:08:03", "#web-oncall", "Ellie Morton", "here. the council blog from this morning loads fine, so it's not every live blog"),
        ("14:13:15", "#newsdesk", "Jo Marsh", f"part 2: https://{HOST}{STORM2}"),
        ("14:17:48", "#web-oncall", "Ellie Morton", f"ingress error log: 'upstream sent too big header while reading response header from upstream' for every Storm Kit request. curl from a render pod: Surrogate-Key is {sk[1]} bytes with {n_fail} entries, {sk[0]} bytes of headers in all; ingress-nginx's proxy-buffer-size is the default 4k. It's my entry keys from yesterday"),
        ("14:21:30", "#web-oncall", "Dan Pryce", "so the blog broke at its entry #%d. annotating the render ingress with proxy-buffer-size 16k by hand, chart PR to follow" % n_fail),
        ("14:27:40", "#web-oncall", "Dan Pryce", "part 1 loads again (200 from Fastly). 502s gone"),
        ("14:31:05", "#web-oncall", "Ellie Morton", "PR #615: only the 20 newest entries get keys (corrections older than that purge liveblog/<id> anyway), and proxy-buffer-size 16k in the chart"),
        ("14:33:10", "#newsdesk", "Helen Cave", "thanks. we'll carry on in part 2 and link it from the top of part 1"),
    ]
    for when, channel, who, text in say:
        t = utc(f"2026-10-29 {when}")
        chat.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')} {channel} <{who}> {text}")
    return [cms, render, ingress, fastly, indexer, events, gha, chat], bad, n_fail, sk


def fastly_ip(rng):
    return f"{rng.choice(['151.101', '157.52', '167.82'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def access_line(rng, t, client, method, path, status, size, ua, upstream, upstream_ip, host, up_rt, up_status=None, up_len=None):
    stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
    rt = up_rt + rng.uniform(0.0005, 0.003)
    return (f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {rng.randint(420, 1400)} {rt:.3f} '
            f'[{upstream}] [] {upstream_ip}:3000 {size if up_len is None else up_len} {up_rt:.3f} {status if up_status is None else up_status} {hexid(rng, 32)}')


def nginx_err(rng, t, msg):
    pid = rng.choice([31, 32, 33, 34])
    return f"{t.strftime('%Y/%m/%d %H:%M:%S')} [error] {pid}#{pid}: *{rng.randint(1_000_000, 9_999_999)} {msg}"


def klog_line(t, sev, pid, source, msg):
    return f"{sev}{t.strftime('%m%d %H:%M:%S.')}{t.microsecond:06d} {pid:>7} {source}] {msg}"


def render_line(render, t, pod, method, path, status, rt, msg="request completed", level=30):
    render.add(t, json.dumps({"level": level, "time": int(t.timestamp() * 1000), "pid": 1, "hostname": pod, "reqId": f"req-{int(t.timestamp() * 1000) % 100000:x}",
                              "req": {"method": method, "url": path, "host": HOST}, "res": {"statusCode": status}, "responseTime": round(rt + 0.37, 2), "msg": msg}, separators=(",", ":")))


def origin_request(rng, t, blog_id, path, render, ingress, render_pods, failing, bad, header_bytes, entries_at):
    if t >= END:
        return
    pod, ip_ = rng.choice(render_pods(t))
    rt = ms(rng, 70, 0.5)
    ua = "Fastly/1.0 (shield)" if rng.random() < 0.3 else rng.choice(UAS)
    if failing(blog_id, t):
        client = fastly_ip(rng)
        w = t + dt.timedelta(milliseconds=rt)
        ingress.add(w, nginx_err(rng, w, f"upstream sent too big header while reading response header from upstream, client: {client}, server: {HOST}, request: \"GET {path} HTTP/1.1\", upstream: \"http://{ip_}:3000{path}\", host: \"{HOST}\""))
        ingress.add(w, access_line(rng, w, client, "GET", path, 502, 150, ua, "web-render-80", ip_, HOST, up_rt=rt / 1000, up_status=502, up_len=0))
        if path.endswith("updates.json"):
            render_line(render, w, pod, "GET", path, 200, rt)
        else:
            render_line(render, w + dt.timedelta(milliseconds=4), pod, "GET", path, 200, rt + 4, msg="stream closed prematurely")
        bad.append(w)
        return
    size = rng.randint(180_000, 420_000) if not path.endswith("json") else rng.randint(4_000, 30_000)
    ingress.add(t + dt.timedelta(milliseconds=rt), access_line(rng, t, fastly_ip(rng), "GET", path, 200, size, ua, "web-render-80", ip_, HOST, up_rt=rt / 1000))
    render_line(render, t + dt.timedelta(milliseconds=rt), pod, "GET", path, 200, rt)


def build(out_dir):
    rng = random.Random(28100)
    repo, culprit, deploy1_sha, deploy2_sha = build_repo()
    try:
        logs, bad, n_fail, sk = build_logs(rng, deploy1_sha, deploy2_sha)
        onset = min(bad).replace(microsecond=0)
        hours = (onset - utc("2026-10-28 16:40:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r28-liveblog-surrogate-keys", service=SERVICE, onset=onset,
            description=f"""
Readers of The Fenland Echo get an error page on the Storm Kit live blog
(and its live updates stop) on Thursday 29 October from {onset.strftime('%H:%M')} UTC,
during the storm's busiest afternoon; the rest of www.fenlandecho.co.uk
works. echo-platform was deployed at 08:12 and 13:18; render was rolled
back at 14:02.

Story: Wednesday's 16:40 commit tags live-blog pages with a Fastly
surrogate key per entry. Once the Storm Kit blog has {n_fail} entries, render's
response headers pass ingress-nginx's 4k proxy buffer and the ingress
answers 502 ("upstream sent too big header"). Decoys: the 13:18 release
(replicas, proxy read timeout, next-upstream on 502), the purge-logging
commit, the entry-purge commit, a harmless commit to the same file, a
12:40 OOM kill, newsletter/test/docs/CI/Renovate commits.
""",
            logs=logs, repo=repo, culprit=culprit,
            line_formats={"cms-api.log": r"\[Nest\] <Pid>  - <Time>\s+<Level> \[<Component>\] <Content>"},
            root_cause=[
                r"upstream sent too big header while reading response header from upstream",
            ],
            fix_files=["apps/render/src/cache/surrogate-keys.ts"],
            explanation=f"""
The culprit is "render: surrogate key per live-blog entry" (Wednesday
16:40, about {hours:.0f} hours before the onset), shipped by Thursday's 08:12
deploy whose log and start lines name the later Renovate fastify bump.
Each live-blog page and its updates.json now carry an `entry/<uuid>` key
per entry in the Surrogate-Key header (43 bytes each). Ingress-nginx reads
an upstream's response headers into proxy-buffer-size, 4k by default; with
{n_fail} entries the Storm Kit blog's Surrogate-Key is {sk[1]} bytes and its headers
{sk[0]} bytes, so from the entry published at 13:47 every request for the
blog fails at the ingress ("upstream sent too big header while reading
response header from upstream") and Fastly passes the 502 on, while render
logs the page as 200 (or "stream closed prematurely"). The council blog
(31 entries) and Storm Kit part 2 stay under the limit. The by-hand
proxy-buffer-size of 16k at 14:26 stops it; the fix caps the entry keys
in apps/render/src/cache/surrogate-keys.ts (a revert of the commit does
the same).
Decoys: the 13:18 release, 29 minutes before the onset, which scales
render to 12 replicas and changes the ingress's proxy-read-timeout and
proxy-next-upstream (http_502) in values-production.yaml, and its rollback
at 14:02, without effect; the commit that logs every Fastly purge with its
keys (purge lines come before every failure); the cms-api commit that
purges entry/<id>; the harmless tag-key cap in the culprit's own file; the
render pod OOM-killed at 12:40 with a few connection-refused 502s; the
newsletter LIVE badge; the test, runbook, CI and Renovate commits.
""",
        )
    finally:
        repo.close()
