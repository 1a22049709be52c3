"""murmur-feeds (Python 3.12, Jinja2 and lxml, boto3; a render worker and a
small API on EKS, and the nightly CronJob feeds-rebuild; Argo CD syncs
`chart/murmur-feeds`; team in Kraków and Brooklyn) of Murmur, a podcast
hosting company with dynamic ad insertion: creators publish in the studio,
murmur-feeds renders each show's RSS feed to a versioned S3 bucket and
purges the show's surrogate key on Fastly (feeds.murmur.fm). Enclosures
point at dl.murmur.fm, a Fastly service in front of splice (the DAI team's
Go stitcher), which asks the ad server for a decision at download time and
stitches the ads into the MP3/AAC as it streams it; the downloads are
counted for IAB v2.2 by the measurement team and drive campaign pacing and
creators' payouts. A render happens on publish (through the queue) and for
every show at 04:00 New York (09:00 UTC), because dashboard settings
(artwork, categories, analytics prefixes) do not trigger one.

On Wednesday 11 February at 14:20 UTC FEED-412 shortens the enclosure URLs
to /e/<public id>.<ext>, the episode's UUID as 32 hex digits, because with
two or three analytics prefixes in front some Android apps cut the old
/episodes/<uuid>/audio.mp3 URLs off (splice serves both paths). The
refactor introduces `pid = episode.id.hex` in items.py's item_view and uses
it for the guid as well: `guid=episode.imported_guid or pid` instead of
`str(episode.id)`. Every Murmur-native episode's <guid> loses its hyphens;
imported episodes keep the guid of their old host. It is synced at 15:12
with the release commit after it. Only shows that publish
get a new render: their followers' apps, which key episodes on the guid,
see the whole back catalogue as new and some download it again (a creator
writes to support in the morning about old episodes' downloads).

Thursday 12 February: at 08:35 Marek syncs 2026.02.12-1 (FEED-415:
<podcast:guid> and <podcast:locked> on the channel, in the feed template;
FEED-418: the rebuild's concurrency 8 -> 24; FEED-416 of the evening
before, which logs "guid churn" when most of a render's guids are not in
the previous render, after an Anchor migration lost imported guids;
FEED-417, a harmless change to items.py; an lxml bump). At 09:00 the
rebuild renders 2,431 feeds in eight minutes and warns of guid churn for
most of them. From 09:03 Apple's crawler, Overcast, Pocket Casts and the
devices (US night: phones on chargers and Wi-Fi) see the new guids:
Apple Podcasts lists every episode twice and auto-downloaders fetch back
catalogues. Downloads at dl.murmur.fm climb to six times the night's
rate, splice's HPA reaches its maximum of 10 pods, splice sheds requests
(503) and stitches without ads when the ad server's decisions time out;
line items burn their daily goals on back-catalogue downloads that IAB
filtering cannot remove (real devices, unique per IP, UA and episode).

Marek rolls murmur-feeds back to 2026.02.11-1 at 09:48 (the churn
warnings vanish with FEED-416; FEED-412 was already in that release); the
DAI on-call raises splice's maxReplicas to 20 at 10:06, which stops the
shedding. Support's tickets (duplicates in Apple Podcasts, phones that
downloaded 60 episodes overnight) send Zofia to the S3 versions of a feed:
every item guid lost its hyphens. She restores the guid in items.py
(FEED-421), synced at 10:58; a manual rebuild at 11:02 puts the original
guids back (another round of churn warnings) and the downloads fall back
to a Thursday morning's by 12:15.

Sources: murmur-feeds (Python logging: API and render worker), the
feeds-rebuild Jobs (`kubectl logs`, Python logging), Fastly real-time logs
for dl.murmur.fm (sampled 1:100) and feeds.murmur.fm (1:1000), syslog
header and JSON body, splice (logfmt), Kubernetes events (event exporter
JSON), Argo CD (logfmt), #inc-downloads (Slack export, JSON lines), support
tickets (Zendesk JSON)."""

import bisect
import datetime as dt
import heapq
import json
import math
import random
import uuid

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores, runbook

SERVICE = "murmur-feeds"
START, END = utc("2026-02-12 06:00:00"), utc("2026-02-12 12:30:00")
CULPRIT_SYNC = utc("2026-02-11 15:12:20")
RELEASE = utc("2026-02-12 08:35:10")
REBUILD = utc("2026-02-12 09:00:00")
ROLLBACK = utc("2026-02-12 09:48:30")
SPLICE_MAX = utc("2026-02-12 10:06:10")
FIX_SYNC = utc("2026-02-12 10:58:20")
MANUAL_REBUILD = utc("2026-02-12 11:02:05")
N_SHOWS = 2431

# ---------------------------------------------------------------------------
# the repository

PYPROJECT = """[project]
name = "murmur-feeds"
version = "2026.2"
requires-python = ">=3.12"
dependencies = [
    "fastapi==0.115.6",
    "uvicorn[standard]==0.34.0",
    "jinja2==3.1.5",
    "lxml==5.3.0",
    "boto3==1.36.11",
    "psycopg[binary,pool]==3.2.4",
    "httpx==0.28.1",
]

[project.optional-dependencies]
test = ["pytest==8.3.4", "moto==5.0.27"]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

SETTINGS = '''"""Settings from the environment (chart/murmur-feeds sets them)."""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    dl_base: str = os.environ.get("DL_BASE", "https://dl.murmur.fm")
    feeds_base: str = os.environ.get("FEEDS_BASE", "https://feeds.murmur.fm")
    bucket: str = os.environ.get("FEEDS_BUCKET", "feeds-murmur")
    fastly_service: str = os.environ.get("FASTLY_SERVICE_ID", "")
    database_url: str = os.environ.get("DATABASE_URL", "")


settings = Settings()
'''

ITEMS = '''"""Item views: what the feed template needs for one episode."""

from dataclasses import dataclass

from murmur_feeds.settings import settings


@dataclass(frozen=True)
class ItemView:
    guid: str
    title: str
    pub_date: str
    enclosure_url: str
    enclosure_length: int
    enclosure_type: str
    duration: str
    episode_type: str
    description: str


def _duration(seconds: int) -> str:
    return str(seconds)


def item_view(episode, show) -> ItemView:
    ext = "m4a" if episode.mime_type == "audio/x-m4a" else "mp3"
    return ItemView(
        # Imported episodes keep the guid they had at their previous host:
        # apps key downloads and played state on it.
        guid=episode.imported_guid or str(episode.id),
        title=episode.title,
        pub_date=episode.published_at.strftime("%a, %d %b %Y %H:%M:%S +0000"),
        enclosure_url=show.prefix_chain(f"{settings.dl_base}/episodes/{episode.id}/audio.{ext}"),
        enclosure_length=episode.size_bytes,
        enclosure_type=episode.mime_type,
        duration=_duration(episode.duration_s),
        episode_type=episode.episode_type,
        description=episode.description_html,
    )
'''

STORAGE = '''"""Where rendered feeds go: the versioned S3 bucket behind
feeds.murmur.fm, and Fastly's purge by surrogate key."""

import logging

import boto3
import httpx
from botocore.config import Config

from murmur_feeds.settings import settings

log = logging.getLogger(__name__)
s3 = boto3.client("s3", config=Config(retries={"max_attempts": 5, "mode": "standard"}))


def put_feed(show_id: int, body: bytes) -> None:
    s3.put_object(
        Bucket=settings.bucket,
        Key=f"shows/{show_id}/feed.xml",
        Body=body,
        ContentType="application/rss+xml; charset=utf-8",
        Metadata={"surrogate-key": f"feed/{show_id}"},
    )


def purge(key: str) -> None:
    r = httpx.post(
        f"https://api.fastly.com/service/{settings.fastly_service}/purge/{key}",
        headers={"Fastly-Soft-Purge": "1"},
        timeout=5,
    )
    r.raise_for_status()
'''

RENDER = '''"""Renders one show's feed and publishes it: S3, then a Fastly purge of
the show's surrogate key."""

import logging
import time

from jinja2 import Environment, PackageLoader, select_autoescape

from murmur_feeds import storage
from murmur_feeds.items import item_view

log = logging.getLogger(__name__)
env = Environment(loader=PackageLoader("murmur_feeds"), autoescape=select_autoescape(["xml", "j2"]))


def render_show(db, show_id: int, reason: str) -> int:
    started = time.monotonic()
    show = db.show(show_id)
    episodes = db.published_episodes(show_id, limit=show.feed_limit)
    items = [item_view(ep, show) for ep in episodes]
    body = env.get_template("feed.xml.j2").render(show=show, items=items).encode()
    storage.put_feed(show.id, body)
    storage.purge(f"feed/{show.id}")
    log.info(
        "rendered feed show=%s slug=%s items=%d bytes=%d ms=%d reason=%s",
        show.id, show.slug, len(items), len(body), (time.monotonic() - started) * 1000, reason,
    )
    return len(body)
'''

REBUILD_PY = '''"""Nightly re-render of every active feed (CronJob feeds-rebuild, 04:00
New York): settings changed in the dashboard (artwork, categories,
analytics prefixes) do not trigger a render of their own."""

import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor

from murmur_feeds.db import Database
from murmur_feeds.render import render_show

log = logging.getLogger("murmur_feeds.rebuild")
CONCURRENCY = int(os.environ.get("REBUILD_CONCURRENCY", "8"))


def _one(db, show_id: int) -> bool:
    try:
        render_show(db, show_id, reason="rebuild")
        return True
    except Exception:
        log.exception("render failed show=%s", show_id)
        return False


def main() -> None:
    db = Database.from_env(pool_size=8)
    show_ids = db.active_show_ids()
    log.info("rebuild started shows=%d concurrency=%d", len(show_ids), CONCURRENCY)
    started = time.monotonic()
    failed = 0
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        for i, ok in enumerate(pool.map(lambda sid: _one(db, sid), show_ids), 1):
            failed += 0 if ok else 1
            if i % 250 == 0:
                log.info("rebuild progress %d/%d", i, len(show_ids))
    log.info("rebuild finished rendered=%d failed=%d seconds=%d", len(show_ids) - failed, failed, time.monotonic() - started)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    main()
'''

API = '''"""Internal API: the studio calls it when an episode is published,
edited or unpublished; renders go through the queue to the render worker."""

import logging

from fastapi import FastAPI

from murmur_feeds.queue import enqueue_render

log = logging.getLogger(__name__)
app = FastAPI(title="murmur-feeds")


@app.post("/internal/shows/{show_id}/render", status_code=202)
def render(show_id: int, reason: str = "publish"):
    enqueue_render(show_id, reason)
    return {"queued": show_id}


@app.get("/healthz")
def healthz():
    return {"ok": True}
'''

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{{ show.title }}</title>
    <link>{{ show.website or show.public_url }}</link>
    <atom:link href="{{ show.feed_url }}" rel="self" type="application/rss+xml"/>
    <language>{{ show.language }}</language>
    <itunes:author>{{ show.author }}</itunes:author>
    <itunes:image href="{{ show.artwork_url }}"/>
    <itunes:explicit>{{ "true" if show.explicit else "false" }}</itunes:explicit>
    <itunes:type>{{ show.show_type }}</itunes:type>
    {% for category in show.categories %}<itunes:category text="{{ category }}"/>
    {% endfor %}<description>{{ show.description }}</description>
    {% for item in items %}
    <item>
      <title>{{ item.title }}</title>
      <guid isPermaLink="false">{{ item.guid }}</guid>
      <pubDate>{{ item.pub_date }}</pubDate>
      <enclosure url="{{ item.enclosure_url }}" length="{{ item.enclosure_length }}" type="{{ item.enclosure_type }}"/>
      <itunes:duration>{{ item.duration }}</itunes:duration>
      <itunes:episodeType>{{ item.episode_type }}</itunes:episodeType>
      <description><![CDATA[{{ item.description | safe }}]]></description>
    </item>
    {% endfor %}
  </channel>
</rss>
"""

VALUES = """image:
  repository: ghcr.io/murmurfm/murmur-feeds
  tag: "2026.02.10-1"

api:
  replicas: 2
render:
  replicas: 3

rebuild:
  schedule: "0 4 * * *"
  timeZone: America/New_York
  concurrency: 8

env:
  DL_BASE: https://dl.murmur.fm
  FEEDS_BASE: https://feeds.murmur.fm
  FEEDS_BUCKET: feeds-murmur
  FASTLY_SERVICE_ID: 4pQ8sYb2x9LmDkR1vN3c
"""

CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: feeds-rebuild
spec:
  schedule: {{ .Values.rebuild.schedule | quote }}
  timeZone: {{ .Values.rebuild.timeZone }}
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: rebuild
              image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
              command: ["python", "-m", "murmur_feeds.rebuild"]
              env:
                - name: REBUILD_CONCURRENCY
                  value: {{ .Values.rebuild.concurrency | quote }}
              envFrom:
                - configMapRef: { name: murmur-feeds-env }
                - secretRef: { name: murmur-feeds }
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: { python-version: "3.12" }
      - run: pip install -e '.[test]'
      - run: pytest -q
  image:
    if: github.ref == 'refs/heads/main'
    needs: test
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: docker build -t ghcr.io/murmurfm/murmur-feeds:${GITHUB_SHA::8} .
"""

TEST_RENDER = '''from murmur_feeds.render import render_show


def test_render_writes_feed_and_purges(fake_db, fake_storage):
    render_show(fake_db, 101, reason="publish")
    assert fake_storage.keys() == ["shows/101/feed.xml"]
    assert fake_storage.purged == ["feed/101"]
'''

RUNBOOK_ALERTS = [
    ("FeedsRenderQueueBacklog", "More than 200 renders queued for 10 minutes. Scale `render.replicas`; renders are idempotent."),
    ("FeedsRebuildFailed", "The 04:00 New York rebuild Job failed. Re-run it with `kubectl -n feeds create job --from=cronjob/feeds-rebuild feeds-rebuild-manual-$(date +%H%M)`."),
]


def build_repo():
    repo = Repo()
    zofia = Person("Zofia Wrona", "zofia.wrona@murmur.fm", 60)
    marek = Person("Marek Lis", "marek.lis@murmur.fm", 60)
    dana = Person("Dana Whitfield", "dana@murmur.fm", -300)
    theo = Person("Theo Alvarez", "theo.alvarez@murmur.fm", -300)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "pyproject.toml": PYPROJECT,
        "murmur_feeds/__init__.py": '__version__ = "2026.2"\n',
        "murmur_feeds/settings.py": SETTINGS,
        "murmur_feeds/items.py": ITEMS,
        "murmur_feeds/storage.py": STORAGE,
        "murmur_feeds/render.py": RENDER,
        "murmur_feeds/rebuild.py": REBUILD_PY,
        "murmur_feeds/api.py": API,
        "murmur_feeds/templates/feed.xml.j2": TEMPLATE,
        "tests/test_render.py": TEST_RENDER,
        "chart/murmur-feeds/values-production.yaml": VALUES,
        "chart/murmur-feeds/templates/cronjob-rebuild.yaml": CRONJOB,
        ".github/workflows/ci.yml": CI,
        "README.md": "# murmur-feeds\n\nRenders Murmur's RSS feeds (feeds.murmur.fm) on publish and every night,\nto the versioned S3 bucket `feeds-murmur`, and purges them on Fastly.\n\n## Running locally\n\n```\npip install -e '.[test]'\nuvicorn murmur_feeds.api:app --reload\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-02-06 15:00:00"), dana, "murmur-feeds: render worker, rebuild CronJob and internal API", files)
    repo.schedule(chores(random.Random(44101), SERVICE, [dana, marek, theo], utc("2026-02-06 16:00:00"), utc("2026-02-11 08:30:00"), 3))
    repo.commit(utc("2026-02-09 16:10:00"), dana, "api: answer 202 and render through the queue, not inline (FEED-401)", {
        "murmur_feeds/api.py": repo.edit("murmur_feeds/api.py",
            "def render(show_id: int, reason: str = \"publish\"):\n    enqueue_render(show_id, reason)\n",
            "def render(show_id: int, reason: str = \"publish\"):\n    # The studio times out after 3 s; a big show's render takes longer.\n    enqueue_render(show_id, reason)\n    log.info(\"render queued show=%s reason=%s\", show_id, reason)\n"),
    })
    repo.commit(utc("2026-02-10 09:40:00"), marek, "items: itunes:duration as H:MM:SS (FEED-405)\n\nSpotify's validator warns about plain seconds over an hour.", {
        "murmur_feeds/items.py": repo.edit("murmur_feeds/items.py",
            "def _duration(seconds: int) -> str:\n    return str(seconds)\n",
            "def _duration(seconds: int) -> str:\n    hours, rest = divmod(seconds, 3600)\n    minutes, secs = divmod(rest, 60)\n    return f\"{hours}:{minutes:02d}:{secs:02d}\" if hours else f\"{minutes}:{secs:02d}\"\n"),
    })
    repo.commit(utc("2026-02-10 16:20:00"), dana, "storage: Cache-Control max-age=300, stale-while-revalidate=600 on feeds (FEED-407)", {
        "murmur_feeds/storage.py": repo.edit("murmur_feeds/storage.py",
            '        ContentType="application/rss+xml; charset=utf-8",\n',
            '        ContentType="application/rss+xml; charset=utf-8",\n        CacheControl="public, max-age=300, stale-while-revalidate=600",\n'),
    })
    repo.commit(utc("2026-02-11 07:05:00"), bot, "Bump boto3 from 1.36.11 to 1.36.16", {
        "pyproject.toml": repo.edit("pyproject.toml", '"boto3==1.36.11"', '"boto3==1.36.16"'),
    })
    culprit = repo.commit(utc("2026-02-11 14:20:00"), zofia, "feeds: short enclosure URLs, /e/<public id>.<ext> (FEED-412)\n\nWith two or three analytics prefixes in front, our enclosure URLs pass\n200 characters and some Android apps cut them off. The public id is the\nepisode's UUID as 32 hex digits. splice routes /e/<hex> as well as the\nold /episodes/<uuid>/audio path, so feeds not yet re-rendered keep working.", {
        "murmur_feeds/items.py": repo.edit("murmur_feeds/items.py",
            "def item_view(episode, show) -> ItemView:\n    ext = \"m4a\" if episode.mime_type == \"audio/x-m4a\" else \"mp3\"\n    return ItemView(\n        # Imported episodes keep the guid they had at their previous host:\n        # apps key downloads and played state on it.\n        guid=episode.imported_guid or str(episode.id),\n",
            "def public_id(episode) -> str:\n    \"\"\"The episode's id in short URLs: its UUID as 32 hex digits.\"\"\"\n    return episode.id.hex\n\n\ndef item_view(episode, show) -> ItemView:\n    pid = public_id(episode)\n    ext = \"m4a\" if episode.mime_type == \"audio/x-m4a\" else \"mp3\"\n    return ItemView(\n        # Imported episodes keep the guid they had at their previous host:\n        # apps key downloads and played state on it.\n        guid=episode.imported_guid or pid,\n").replace(
            'enclosure_url=show.prefix_chain(f"{settings.dl_base}/episodes/{episode.id}/audio.{ext}"),',
            'enclosure_url=show.prefix_chain(f"{settings.dl_base}/e/{pid}.{ext}"),'),
        "tests/test_items.py": "import uuid\n\nfrom murmur_feeds.items import item_view\n\n\ndef test_short_enclosure_url(episode, show):\n    episode.id = uuid.UUID(\"7c1e0d3a-4b7f-4c2e-9a55-0d6f3b2e8c11\")\n    view = item_view(episode, show)\n    assert view.enclosure_url == \"https://dl.murmur.fm/e/7c1e0d3a4b7f4c2e9a550d6f3b2e8c11.mp3\"\n\n\ndef test_prefix_chain_order(episode, show_with_prefixes):\n    view = item_view(episode, show_with_prefixes)\n    assert view.enclosure_url.startswith(\"https://pfx.trackwell.fm/r/ab12/op3.dev/e,pg=\")\n\n\ndef test_imported_guid_kept(episode, show):\n    episode.imported_guid = \"Buzzsprout-9912345\"\n    assert item_view(episode, show).guid == \"Buzzsprout-9912345\"\n",
    })
    wed = repo.commit(utc("2026-02-11 15:05:00"), zofia, "release 2026.02.11-1", {
        "chart/murmur-feeds/values-production.yaml": repo.edit("chart/murmur-feeds/values-production.yaml", 'tag: "2026.02.10-1"', 'tag: "2026.02.11-1"'),
    })
    repo.commit(utc("2026-02-11 20:40:00"), theo, "render: warn when most of a feed's guids are new (FEED-416)\n\nThe Anchor migrations in FEED-397 lost the imported guids of two shows\nand nobody noticed for a week. A warning in the logs for now; an alert\nonce we know how noisy it is.", {
        "murmur_feeds/render.py": repo.edit("murmur_feeds/render.py",
            "    body = env.get_template(\"feed.xml.j2\").render(show=show, items=items).encode()\n",
            "    body = env.get_template(\"feed.xml.j2\").render(show=show, items=items).encode()\n    previous = storage.previous_guids(show.id)\n    new = [item.guid for item in items if item.guid not in previous]\n    if previous and len(items) >= 3 and len(new) * 2 >= len(items):\n        log.warning(\n            \"guid churn: %d of %d items have a guid the previous render did not have show=%s slug=%s\",\n            len(new), len(items), show.id, show.slug,\n        )\n"),
        "murmur_feeds/storage.py": repo.files["murmur_feeds/storage.py"].replace("import boto3\n", "import boto3\nfrom lxml import etree\n") + '''

def previous_guids(show_id: int) -> set[str]:
    """The item guids of the feed as it is now, before we overwrite it."""
    try:
        obj = s3.get_object(Bucket=settings.bucket, Key=f"shows/{show_id}/feed.xml")
    except s3.exceptions.NoSuchKey:
        return set()
    root = etree.fromstring(obj["Body"].read())
    return {g.text for g in root.iter("guid") if g.text}
''',
    })
    repo.commit(utc("2026-02-11 21:30:00"), theo, "runbook: the nightly rebuild, and what a guid churn warning means", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Nightly rebuild\n\nCronJob `feeds-rebuild`, 04:00 America/New_York. Renders every active\nshow (about 2,400) and purges each one on Fastly. Takes 20-25 minutes at\nconcurrency 8. A failed show is retried by the next publish or rebuild.\n\n## guid churn\n\n`guid churn: N of M items have a guid the previous render did not have`\nmeans most of a show's episodes look new to podcast apps. Expected once\nwhen a show is imported; otherwise find out why before apps re-download\nthe back catalogue.\n",
    })
    repo.commit(utc("2026-02-12 06:50:00"), bot, "Bump lxml from 5.3.0 to 5.3.1", {
        "pyproject.toml": repo.edit("pyproject.toml", '"lxml==5.3.0"', '"lxml==5.3.1"'),
    })
    repo.commit(utc("2026-02-12 07:30:00"), marek, "template: <podcast:guid> and <podcast:locked> on the channel (FEED-415)\n\npodcast:guid is the show's UUIDv5 of its feed URL (without scheme), as\nthe Podcast Index namespace defines it; locked follows the show's\n'block import by other hosts' setting.", {
        "murmur_feeds/templates/feed.xml.j2": repo.edit("murmur_feeds/templates/feed.xml.j2",
            "    <itunes:type>{{ show.show_type }}</itunes:type>\n",
            "    <itunes:type>{{ show.show_type }}</itunes:type>\n    <podcast:guid>{{ show.podcast_guid }}</podcast:guid>\n    <podcast:locked owner=\"{{ show.owner_email }}\">{{ \"yes\" if show.locked else \"no\" }}</podcast:locked>\n"),
    })
    repo.commit(utc("2026-02-12 08:05:00"), marek, "rebuild: concurrency 8 -> 24, pool sized to match (FEED-418)\n\nThe rebuild takes 25 minutes now and runs into the 05:00 ET scheduled\npublishes on busy days.", {
        "chart/murmur-feeds/values-production.yaml": repo.edit("chart/murmur-feeds/values-production.yaml", "  concurrency: 8\n", "  concurrency: 24\n"),
        "murmur_feeds/rebuild.py": repo.edit("murmur_feeds/rebuild.py", "    db = Database.from_env(pool_size=8)\n", "    db = Database.from_env(pool_size=CONCURRENCY)\n"),
    })
    repo.commit(utc("2026-02-12 08:20:00"), zofia, "items: map unknown episode types to full, keep trailer and bonus (FEED-417)", {
        "murmur_feeds/items.py": repo.edit("murmur_feeds/items.py",
            "        episode_type=episode.episode_type,\n",
            "        episode_type=EPISODE_TYPES.get(episode.episode_type, \"full\"),\n").replace(
            "@dataclass(frozen=True)\nclass ItemView:",
            "EPISODE_TYPES = {\"full\": \"full\", \"trailer\": \"trailer\", \"bonus\": \"bonus\"}\n\n\n@dataclass(frozen=True)\nclass ItemView:"),
    })
    head = repo.commit(utc("2026-02-12 08:28:00"), marek, "release 2026.02.12-1", {
        "chart/murmur-feeds/values-production.yaml": repo.edit("chart/murmur-feeds/values-production.yaml", 'tag: "2026.02.11-1"', 'tag: "2026.02.12-1"'),
    })
    fix = repo.commit(utc("2026-02-12 10:41:00"), zofia, "items: keep the guid an episode always had (FEED-421)\n\nFEED-412 used the short public id for the guid as well as for the\nenclosure URL, so every native episode's guid lost its hyphens and apps\ntook the back catalogue for new episodes. Short enclosure URLs stay.", {
        "murmur_feeds/items.py": repo.edit("murmur_feeds/items.py", "        guid=episode.imported_guid or pid,\n", "        guid=episode.imported_guid or str(episode.id),\n"),
        "tests/test_items.py": repo.files["tests/test_items.py"] + "\n\ndef test_native_guid_is_the_uuid(episode, show):\n    episode.id = uuid.UUID(\"7c1e0d3a-4b7f-4c2e-9a55-0d6f3b2e8c11\")\n    episode.imported_guid = None\n    assert item_view(episode, show).guid == \"7c1e0d3a-4b7f-4c2e-9a55-0d6f3b2e8c11\"\n",
    })
    fix_release = repo.commit(utc("2026-02-12 10:52:00"), zofia, "release 2026.02.12-2", {
        "chart/murmur-feeds/values-production.yaml": repo.edit("chart/murmur-feeds/values-production.yaml", 'tag: "2026.02.12-1"', 'tag: "2026.02.12-2"'),
    })
    return repo, {"culprit": culprit, "wed": wed, "head": head, "fix": fix, "fix_release": fix_release}


# ---------------------------------------------------------------------------
# the shows, the renders and the downloads

WORDS_A = ["long", "quiet", "late", "open", "small", "second", "wild", "local", "good", "other", "slow", "last", "true", "inside", "weekly", "daily",
           "real", "hidden", "little", "big", "modern", "happy", "northern", "brave", "curious", "honest", "friendly", "odd", "new", "old"]
WORDS_B = ["table", "kitchen", "garden", "history", "money", "science", "football", "parent", "film", "crime", "story", "road", "business", "game",
           "book", "city", "coffee", "music", "hour", "minute", "room", "radio", "club", "desk", "theory", "pitch", "trail", "signal", "ledger", "porch"]
WORDS_C = ["", "", "", "-podcast", "-show", "-hour", "-club", "-talk", "-weekly", "-files", "-notes", "-pod"]


def lerp(points, h):
    for (a, x), (b, y) in zip(points, points[1:]):
        if a <= h < b:
            return x + (y - x) * (h - a) / (b - a)
    return points[-1][1] if h >= points[-1][0] else points[0][1]


def hours(t):
    return (t - utc("2026-02-12 00:00:00")).total_seconds() / 3600


BASE = [(6.0, 560), (7.0, 480), (8.0, 440), (9.0, 450), (10.0, 610), (11.0, 880), (12.0, 1240), (12.5, 1380)]


def make_shows(rng):
    ids = sorted(rng.sample(range(10400, 99800), N_SHOWS))
    shows = []
    slugs_seen = {}
    for sid in ids:
        slug = f"{rng.choice(WORDS_A)}-{rng.choice(WORDS_B)}{rng.choice(WORDS_C)}"
        if slug in slugs_seen:
            slugs_seen[slug] += 1
            slug = f"{slug}-{slugs_seen[slug]}"
        else:
            slugs_seen[slug] = 1
        items = max(3, min(300, int(rng.lognormvariate(3.5, 0.85))))
        kind = rng.choices(["native", "imported", "archive"], weights=[72, 21, 7])[0]
        if kind == "native":
            native = items
        elif kind == "imported":
            native = int(items * rng.uniform(0.05, 0.45))
        else:
            native = 0
        followers = int(rng.lognormvariate(6.4, 1.45)) + 20
        shows.append({"id": sid, "slug": slug, "items": items, "native": native, "kind": kind, "followers": followers,
                      "state": "uuid", "ms": rng.lognormvariate(1.35, 0.45)})
    return shows


def kernel():
    """Minutes from a feed's new render to its followers' re-downloads:
    Apple's crawler and the apps' servers pick it up within minutes, the
    devices on their background refresh (an hour or two at night)."""
    k = [0.0] + [d ** 1.6 * math.exp(-d / 26.0) for d in range(1, 720)]
    total = sum(k)
    k = [x / total for x in k]
    cdf = []
    acc = 0.0
    for x in k:
        acc += x
        cdf.append(acc)
    return k, cdf


def build_logs(rng, shas):
    feeds, rebuild_log, fastly, splice, events, argo, slack, tickets = (
        Log("murmur-feeds.log"), Log("feeds-rebuild.log"), Log("fastly.log"), Log("splice.log"), Log("k8s-events.log"),
        Log("argocd.log"), Log("slack-inc-downloads.log"), Log("zendesk-tickets.log"))
    stats = {"churn": [], "storm_lines": [], "shed": 0}

    def inwin(t):
        return START <= t < END

    def stamp_ms(t):
        return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"

    def pylog(log, t, level, logger, msg):
        if inwin(t):
            log.add(t, f"{stamp_ms(t)} {level} {logger}: {msg}")

    # image in use at t (murmur-feeds deployments)
    def image_at(t):
        if t < RELEASE + dt.timedelta(seconds=40):
            return "2026.02.11-1", shas["wed"], False
        if t < ROLLBACK + dt.timedelta(seconds=40):
            return "2026.02.12-1", shas["head"], True
        if t < FIX_SYNC + dt.timedelta(seconds=40):
            return "2026.02.11-1", shas["wed"], False
        return "2026.02.12-2", shas["fix_release"], True

    def culprit_live(t):
        return t < FIX_SYNC + dt.timedelta(seconds=40)

    pods = {
        "old": {"api": ["murmur-feeds-api-7c8d9b6f5-2xqkw", "murmur-feeds-api-7c8d9b6f5-h8r4n"],
                "render": ["murmur-feeds-render-5f7b8c9d4-9vltm", "murmur-feeds-render-5f7b8c9d4-kq2zs", "murmur-feeds-render-5f7b8c9d4-w6pjd"]},
        "rel": {"api": ["murmur-feeds-api-6d4f8a7c9-b5mzx", "murmur-feeds-api-6d4f8a7c9-tq7vw"],
                "render": ["murmur-feeds-render-84c6d5b7f-4jxnp", "murmur-feeds-render-84c6d5b7f-rc9hs", "murmur-feeds-render-84c6d5b7f-zt2lk"]},
        "rb": {"api": ["murmur-feeds-api-7c8d9b6f5-m3vdq", "murmur-feeds-api-7c8d9b6f5-xw8fp"],
               "render": ["murmur-feeds-render-5f7b8c9d4-6hbrc", "murmur-feeds-render-5f7b8c9d4-ns4tg", "murmur-feeds-render-5f7b8c9d4-qp7kx"]},
        "fix": {"api": ["murmur-feeds-api-58b9c7d6e-d2kfw", "murmur-feeds-api-58b9c7d6e-lr5nv"],
                "render": ["murmur-feeds-render-6a9e7f8b5-8cwzm", "murmur-feeds-render-6a9e7f8b5-gk3tj", "murmur-feeds-render-6a9e7f8b5-vx6qd"]},
    }

    def epoch(t):
        if t < RELEASE + dt.timedelta(seconds=40):
            return "old"
        if t < ROLLBACK + dt.timedelta(seconds=40):
            return "rel"
        if t < FIX_SYNC + dt.timedelta(seconds=40):
            return "rb"
        return "fix"

    shows = make_shows(rng)
    by_id = {s["id"]: s for s in shows}
    # shows that published between the culprit's sync and the window: their
    # feeds already carry the hex guids
    early = rng.sample(shows, 64)
    for s in early:
        if s["native"]:
            s["state"] = "hex"

    # --- renders: publishes and edits through the queue, and the rebuilds
    def render(t, show, reason, log, took=None):
        """One render at time t; returns (finish time, churned?)."""
        version, sha, warns = image_at(t)
        new_state = "hex" if culprit_live(t) else "uuid"
        churn = show["native"] if (show["native"] and show["state"] != new_state) else 0
        if reason == "publish":
            churn_new = churn + 1
        else:
            churn_new = churn
        items = show["items"] + (1 if reason == "publish" else 0)
        if reason == "publish":
            show["items"] = items
            if show["kind"] != "archive":
                show["native"] += 1
        if took is None:
            took = show["ms"] * (1.0 + items / 90.0) * rng.uniform(0.8, 1.25)
        finish = t + dt.timedelta(seconds=took)
        if warns and churn and items >= 3 and churn_new * 2 >= items:
            pylog(log, finish - dt.timedelta(milliseconds=rng.randint(40, 200)), "WARNING", "murmur_feeds.render",
                  f"guid churn: {churn_new} of {items} items have a guid the previous render did not have show={show['id']} slug={show['slug']}")
            stats["churn"].append(finish)
        size = 2600 + items * rng.randint(1700, 2600)
        pylog(log, finish, "INFO", "murmur_feeds.render",
              f"rendered feed show={show['id']} slug={show['slug']} items={items} bytes={size} ms={int(took * 1000)} reason={reason}")
        changed = show["native"] and show["state"] != new_state
        show["state"] = new_state
        return finish, changed

    # publishes: a trickle at night, the 05:00 and 06:00 ET scheduled releases
    pubs = []
    t = START
    while True:
        h = hours(t)
        rate = lerp([(6.0, 0.22), (9.0, 0.25), (9.9, 0.35), (10.5, 0.5), (12.5, 0.8)], h)
        t = t + dt.timedelta(seconds=rng.expovariate(rate / 60))
        if t >= END:
            break
        pubs.append(t)
    for stamp, n in (("2026-02-12 10:00:00", 58), ("2026-02-12 11:00:00", 36), ("2026-02-12 12:00:00", 41), ("2026-02-12 07:00:00", 2), ("2026-02-12 08:00:00", 3)):
        base = utc(stamp)
        for _ in range(n):
            pubs.append(base + dt.timedelta(seconds=rng.uniform(1, 140)))
    pubs.sort()
    def cumulative(power):
        out, total = [], 0.0
        for x in shows:
            total += x["followers"] ** power
            out.append(total)
        return out

    cum_dl, cum_pub = cumulative(0.9), cumulative(0.25)

    def pick_show(cum=None):
        cum = cum or cum_dl
        return shows[bisect.bisect_left(cum, rng.uniform(0, cum[-1]))]

    pub_events = []
    for t in pubs:
        s = pick_show(cum_pub)
        pub_events.append((t, s))

    # rebuild schedules: (worker pool simulation)
    def rebuild_plan(start, concurrency):
        heap = [(start + dt.timedelta(seconds=rng.uniform(2.0, 3.5)), i) for i in range(concurrency)]
        heapq.heapify(heap)
        plan = []
        for s in shows:
            free, w = heapq.heappop(heap)
            took = s["ms"] * (1.0 + s["items"] / 90.0) * rng.uniform(0.8, 1.25)
            plan.append((free, s, took))
            heapq.heappush(heap, (free + dt.timedelta(seconds=took + rng.uniform(0.05, 0.2)), w))
        return plan

    rebuild1 = rebuild_plan(REBUILD + dt.timedelta(seconds=6), 24)
    rebuild2 = rebuild_plan(MANUAL_REBUILD + dt.timedelta(seconds=5), 24)

    # run every render in time order, remembering when each show's feed
    # changed its guids (storm weights)
    renders = [(t, "publish", s, None) for t, s in pub_events] + [(t, "rebuild1", s, k) for t, s, k in rebuild1] + [(t, "rebuild2", s, k) for t, s, k in rebuild2]
    renders.sort(key=lambda r: (r[0], r[2]["id"]))
    changes = []   # (time, show, to_state)
    render_pod_i = [0]
    finish_times = {"rebuild1": [], "rebuild2": []}
    for t, kind, s, took in renders:
        if kind == "publish":
            api_pod = rng.choice(pods[epoch(t)]["api"])
            pylog(feeds, t, "INFO", "uvicorn.access", f'10.42.{rng.randint(2, 9)}.{rng.randint(10, 250)}:{rng.randint(32768, 60999)} - "POST /internal/shows/{s["id"]}/render?reason=publish HTTP/1.1" 202')
            pylog(feeds, t + dt.timedelta(milliseconds=2), "INFO", "murmur_feeds.api", f"render queued show={s['id']} reason=publish")
            tt = t + dt.timedelta(milliseconds=rng.randint(30, 900))
            render_pod_i[0] += 1
            finish, changed = render(tt, s, "publish", feeds)
        else:
            finish, changed = render(t, s, "rebuild", rebuild_log, took)
            finish_times[kind].append(finish)
        if changed:
            changes.append((finish, s, s["state"]))

    # rebuild Job framing lines
    def job_frame(start, finishes, name):
        pylog(rebuild_log, start + dt.timedelta(seconds=5), "INFO", "murmur_feeds.rebuild", f"rebuild started shows={len(shows)} concurrency=24")
        fs = sorted(finishes)
        for i in range(250, len(fs) + 1, 250):
            pylog(rebuild_log, fs[i - 1] + dt.timedelta(milliseconds=3), "INFO", "murmur_feeds.rebuild", f"rebuild progress {i}/{len(fs)}")
        # S3 throttling at 24 workers: retried by botocore, logged by our retry hook
        for _ in range(rng.randint(9, 14)):
            tt = fs[0] + (fs[-1] - fs[0]) * rng.random()
            pylog(rebuild_log, tt, "WARNING", "murmur_feeds.storage", f"put_feed retry {rng.choice([1, 1, 1, 2])}/5 after SlowDown (Please reduce your request rate.) show={rng.choice(shows)['id']}")
        end = fs[-1] + dt.timedelta(milliseconds=rng.randint(200, 600))
        pylog(rebuild_log, end, "INFO", "murmur_feeds.rebuild", f"rebuild finished rendered={len(shows)} failed=0 seconds={int((end - start).total_seconds())}")
        return end

    rb1_end = job_frame(REBUILD + dt.timedelta(seconds=1), finish_times["rebuild1"], "feeds-rebuild")
    rb2_end = job_frame(MANUAL_REBUILD, finish_times["rebuild2"], "feeds-rebuild-manual-1102")
    stats["rb1_end"] = rb1_end

    # startup lines of the murmur-feeds pods on each rollout
    def starts(t, ep):
        version, sha, _ = image_at(t + dt.timedelta(seconds=60))
        for role in ("api", "render"):
            for i, pod in enumerate(pods[ep][role]):
                tt = t + dt.timedelta(seconds=8 + 11 * i + (3 if role == "render" else 0), milliseconds=rng.randint(0, 900))
                pylog(feeds, tt, "INFO", "murmur_feeds", f"murmur-feeds {version} (commit {sha[:8]}) starting role={role} pod={pod}")
                if role == "api":
                    pylog(feeds, tt + dt.timedelta(milliseconds=420), "INFO", "uvicorn.error", "Started server process [1]")
                    pylog(feeds, tt + dt.timedelta(milliseconds=430), "INFO", "uvicorn.error", "Application startup complete.")
                    pylog(feeds, tt + dt.timedelta(milliseconds=440), "INFO", "uvicorn.error", "Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)")
                else:
                    pylog(feeds, tt + dt.timedelta(milliseconds=610), "INFO", "murmur_feeds.worker", "render worker ready queue=feeds-render concurrency=4")

    starts(RELEASE, "rel")
    starts(ROLLBACK, "rb")
    starts(FIX_SYNC, "fix")
    # the worker's queue heartbeat every 5 minutes
    t = START + dt.timedelta(seconds=41)
    while t < END:
        pylog(feeds, t, "INFO", "murmur_feeds.worker", f"queue feeds-render depth={rng.choice([0, 0, 0, 1, 2])} renders_5m={rng.randint(0, 4)}")
        t += dt.timedelta(seconds=300)
    # studio edits (artwork, settings): no render of their own
    for _ in range(40):
        t = START + (END - START) * rng.random()
        pylog(feeds, t, "INFO", "murmur_feeds.api", f"settings changed show={rng.choice(shows)['id']} fields={rng.choice(['artwork', 'categories', 'prefixes', 'description', 'artwork,description'])} render=nightly")

    # ---------------------------------------------------------------------
    # the downloads
    K, C = kernel()
    n_min = int((END - START).total_seconds() // 60) + 1
    storm_w = [0.0] * n_min      # re-downloads per minute, before scaling
    second = [0.0] * n_min
    # per show: the minute its hex feed went out, the minute the uuid came back
    hex_at = {}
    back_at = {}
    for t, s, state in changes:
        m = (t - START).total_seconds() / 60
        if state == "hex":
            hex_at[s["id"]] = m
        else:
            back_at[s["id"]] = m
    contrib = {}
    for sid, m0 in hex_at.items():
        s = by_id[sid]
        w = s["followers"] * min(s["native"], 12)
        mb = back_at.get(sid)
        contrib[sid] = w
        for m in range(max(0, int(m0)), n_min):
            d = m - m0
            if d <= 0:
                continue
            k = K[int(d)] if d < len(K) else 0.0
            if mb is not None and m > mb:
                k *= 1.0 - C[min(len(C) - 1, int(m - mb))]
            storm_w[m] += w * k
        if mb is not None:
            seen = C[min(len(C) - 1, int(mb - m0))] if mb > m0 else 0.0
            for m in range(int(mb), n_min):
                d = m - mb
                if d > 0 and d < len(K):
                    second[m] += 0.07 * w * seen * K[int(d)]
    peak_i = max(range(n_min), key=lambda i: storm_w[i])
    scale = 2650.0 / storm_w[peak_i]
    storm = [(a + b) * scale for a, b in zip(storm_w, second)]

    def minute_of(t):
        return int((t - START).total_seconds() // 60)

    def base_rate(t):
        h = hours(t)
        r = lerp(BASE, h)
        for at, amp in ((10.02, 240), (11.02, 170), (12.02, 190)):
            if h >= at:
                r += amp * math.exp(-(h - at) * 60 / 35.0)
        return r

    # splice's pods (HPA, at most 4 more a minute; new pods serve two
    # minutes later, a node first) and what they can serve
    TARGET, HARD = 190.0, 262.0
    ready = []
    cur = 3
    pending = []          # (minute ready, pods)
    max_rep = 10
    calm = 0
    hpa_events = []
    for m in range(n_min):
        t = START + dt.timedelta(minutes=m)
        if t >= SPLICE_MAX:
            max_rep = 20
        cur += sum(n for r, n in pending if r == m)
        pending = [(r, n) for r, n in pending if r > m]
        demand = base_rate(t) + storm[m]
        desired = max(3, min(max_rep, math.ceil(demand / TARGET)))
        planned = cur + sum(n for _, n in pending)
        if desired > planned:
            add = min(4, desired - planned)
            pending.append((m + 2, add))
            hpa_events.append((t + dt.timedelta(seconds=rng.randint(5, 25)), planned + add, "above"))
            calm = 0
        elif desired < cur and not pending:
            calm += 1
            if calm >= 5:
                new = max(desired, cur - 2)
                hpa_events.append((t + dt.timedelta(seconds=rng.randint(5, 25)), new, "below"))
                cur = new
                calm = 2
        else:
            calm = 0
        ready.append(cur)
    stats["max_replicas"] = max(ready)

    minute_model = []
    for m in range(n_min):
        t = START + dt.timedelta(minutes=m)
        demand = base_rate(t) + storm[m]
        cap = ready[m] * HARD
        served = min(demand, cap)
        shed = demand - served
        u = demand / (ready[m] * HARD)
        p99 = 380 + 5200 * max(0.0, u - 0.62) ** 1.5 + rng.uniform(-30, 30)
        # the ad server (another team's) scales to 16 pods by 09:31 and
        # catches up slowly; until then decisions past splice's 150 ms
        # budget grow with the load
        catch_up = 1.0 if t < utc("2026-02-12 09:45:00") else max(0.35, 1.0 - (t - utc("2026-02-12 09:45:00")).total_seconds() / 3600)
        dec_to = max(0.0, min(0.42, (demand - 1400) / 4200)) * catch_up if demand > 1400 else 0.0
        minute_model.append({"t": t, "demand": demand, "storm": storm[m], "base": demand - storm[m], "served": served, "shed": shed, "u": u,
                             "p99": p99, "dec_to": dec_to, "pods": ready[m]})
        stats["shed"] += shed

    # --- Fastly: dl.murmur.fm (1:100) and feeds.murmur.fm (1:1000)
    pops = [(22, "IAD", "cache-iad-kiad7000045"), (14, "EWR", "cache-ewr-kewr1740061"), (12, "ORD", "cache-ord-kord1780020"), (10, "LAX", "cache-lax-klax8100050"),
            (9, "DFW", "cache-dfw-kdfw8210093"), (5, "SEA", "cache-sea-ksea7150049"), (7, "ATL", "cache-atl-kfty8740077"), (8, "LHR", "cache-lhr-egll1980043"),
            (4, "FRA", "cache-fra-eddf8230059"), (3, "SYD", "cache-syd-ysyd2320041"), (6, "YYZ", "cache-yyz4537-YYZ")]
    ua_base = [(30, "AppleCoreMedia/1.0.0.21D61 (iPhone; U; CPU OS 17_3_1 like Mac OS X; en_us)"), (12, "Podcasts/1650.20 CFNetwork/1494.0.7 Darwin/23.4.0"),
               (10, "Spotify/8.9.18 Android/34 (SM-S918B)"), (7, "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)"), (5, "PocketCasts/7.58"),
               (5, "PodcastAddict/v5 (+https://podcastaddict.com/; Android podcast app)"), (3, "AntennaPod/3.3.2"), (2, "Castro 2024.3/1140 CFNetwork/1494.0.7 Darwin/23.4.0"),
               (9, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36"),
               (5, "AlexaMediaPlayer/2.1.4676.0 (Linux;Android 6.0.1) ExoPlayerLib/1.5.9"), (3, "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Mobile Safari/537.36"),
               (1, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    ua_storm = [(34, "AppleCoreMedia/1.0.0.21D61 (iPhone; U; CPU OS 17_3_1 like Mac OS X; en_us)"), (22, "Podcasts/1650.20 CFNetwork/1494.0.7 Darwin/23.4.0"),
                (11, "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)"), (9, "PocketCasts/7.58"), (12, "PodcastAddict/v5 (+https://podcastaddict.com/; Android podcast app)"),
                (7, "AntennaPod/3.3.2"), (3, "Castro 2024.3/1140 CFNetwork/1494.0.7 Darwin/23.4.0"), (2, "Spotify/8.9.18 Android/34 (SM-S918B)")]

    def pick(choices):
        total = sum(c[0] for c in choices)
        x = rng.uniform(0, total)
        for c in choices:
            x -= c[0]
            if x <= 0:
                return c
        return choices[-1]

    pop_pid = {p[2]: rng.randint(100000, 999999) for p in pops}

    def fastly_line(t, service, body):
        pop = pick(pops)
        host = pop[2]
        body = {"ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", **body, "pop": pop[1]}
        fastly.add(t, f"<134>{t.strftime('%Y-%m-%dT%H:%M:%SZ')} {host} {service}[{pop_pid[host]}]: {json.dumps(body, separators=(',', ':'))}")

    def client_ip():
        return f"{rng.choice([24, 47, 67, 68, 71, 73, 76, 98, 99, 108, 172, 174, 184])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.0"

    storm_shows = sorted(contrib)
    storm_cum = []
    acc2 = 0.0
    for sid in storm_shows:
        acc2 += contrib[sid]
        storm_cum.append(acc2)

    def storm_show(m):
        for _ in range(20):
            sid = storm_shows[bisect.bisect_left(storm_cum, rng.uniform(0, acc2))]
            if hex_at[sid] < m:
                return by_id[sid]
        return by_id[sid]

    def ep_uuid():
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    def old_pub_date(t):
        days = int(rng.uniform(20, 1900))
        return (t - dt.timedelta(days=days)).strftime("%Y-%m-%d")

    sampled_splice = []
    first_storm = None
    for mm in minute_model:
        m0 = mm["t"]
        n = 0
        lam = mm["demand"] / 100.0
        # Poisson by inversion
        L = math.exp(-lam) if lam < 700 else 0.0
        p, k = 1.0, 0
        while True:
            p *= rng.random()
            if p <= L:
                break
            k += 1
        n = k
        for _ in range(n):
            t = m0 + dt.timedelta(seconds=rng.uniform(0, 60))
            if t >= END:
                continue
            is_storm = rng.random() < mm["storm"] / mm["demand"]
            shed = rng.random() < mm["shed"] / mm["demand"]
            mnow = (t - START).total_seconds() / 60
            if is_storm:
                s = storm_show(mnow)
                ua = pick(ua_storm)[1]
                e = ep_uuid()
                path = f"/e/{e.hex}.{'m4a' if rng.random() < 0.06 else 'mp3'}"
                pub = old_pub_date(t)
            else:
                s = pick_show()
                ua = pick(ua_base)[1]
                e = ep_uuid()
                hexfeed = s["state"] == "hex" or rng.random() < 0.03
                path = f"/e/{e.hex}.mp3" if hexfeed and rng.random() < 0.8 else f"/episodes/{e}/audio.mp3"
                pub = (t - dt.timedelta(days=int(rng.expovariate(1 / 9.0)))).strftime("%Y-%m-%d")
            rngh = rng.random()
            if shed:
                status, size, ttfb = 503, 0, rng.randint(2, 40)
                rng_hdr = "-"
            elif "AppleCoreMedia" in ua and rngh < 0.22:
                status, size, ttfb, rng_hdr = 206, 2, int(mm["p99"] * rng.uniform(0.2, 0.6)), "bytes=0-1"
            else:
                size = int(rng.uniform(9e6, 92e6))
                if rngh < 0.55:
                    status, rng_hdr = 206, "bytes=0-"
                else:
                    status, rng_hdr = 200, "-"
                ttfb = int(mm["p99"] * rng.uniform(0.15, 0.7))
            fastly_line(t, "dl-murmur", {"client": client_ip(), "method": "GET", "url": path, "status": status, "bytes": size, "range": rng_hdr,
                                         "ttfb_ms": ttfb, "cache": "PASS", "origin": "splice", "ua": ua})
            if is_storm:
                stats["storm_lines"].append(t)
                if first_storm is None and t >= REBUILD:
                    first_storm = t
            if status != 503 and size > 2 and rng.random() < 0.25:
                sampled_splice.append((t, s, e, pub, ua, mm))
    stats["first_storm"] = first_storm

    # feeds.murmur.fm polls (1:1000)
    poll_uas = [(40, "iTMS"), (12, "Overcast/1.0 Podcast Sync (+http://overcast.fm/)"), (10, "PocketCasts/1.0 (Pocket Casts Feed Parser; +http://pocketcasts.com/)"),
                (9, "Spotify/1.0"), (7, "PodcastAddict/v5 (Feed Parser; +https://podcastaddict.com/bot)"), (5, "Podbean/FeedUpdate 2.1"),
                (4, "AntennaPod/3.3.2"), (4, "Amazon Music Podcast"), (4, "Googlebot/2.1 (+http://www.google.com/bot.html)"), (5, "PodcastIndex.org/1.0")]
    renders_done = sorted((t, s["id"]) for t, s, _ in changes)
    t = START
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(3.1 / 60))
        if t >= END:
            break
        s = pick_show()
        after_rebuild = rb1_end <= t < rb1_end + dt.timedelta(minutes=25) or MANUAL_REBUILD + dt.timedelta(minutes=8) <= t < MANUAL_REBUILD + dt.timedelta(minutes=30)
        changed_recent = after_rebuild and rng.random() < 0.8
        status = 200 if (changed_recent or rng.random() < 0.07) else 304
        cache = "MISS" if changed_recent and rng.random() < 0.35 else "HIT"
        size = (2600 + s["items"] * 2100) if status == 200 else 0
        fastly_line(t, "feeds-murmur", {"client": client_ip(), "method": "GET", "url": f"/{s['slug']}/feed.xml", "status": status, "bytes": size,
                                        "range": "-", "ttfb_ms": rng.randint(1, 6) if cache == "HIT" else rng.randint(40, 180), "cache": cache, "origin": "s3",
                                        "ua": pick(poll_uas)[1]})

    # --- splice (logfmt): per-pod minute summaries, warnings, sampled stitch lines
    splice_pods = []
    names_used = []

    def splice_pod_names(n):
        while len(names_used) < n:
            names_used.append(f"splice-7d9f6b8c54-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}")
        return names_used[:n]

    def slog(t, level, msg, **kv):
        if inwin(t):
            splice.add(t, logfmt(t, level, msg, **kv))

    for mm in minute_model:
        names = splice_pod_names(mm["pods"])
        per_pod = mm["served"] / mm["pods"]
        for i, pod in enumerate(names):
            t = mm["t"] + dt.timedelta(seconds=59, milliseconds=rng.randint(0, 900))
            req = max(0, int(rng.gauss(per_pod, per_pod * 0.06 + 1)))
            shed = int(mm["shed"] / mm["pods"] * rng.uniform(0.85, 1.15))
            noads = int(req * mm["dec_to"] * rng.uniform(0.85, 1.15)) + (1 if rng.random() < 0.05 else 0)
            p99 = max(120, int(mm["p99"] * rng.uniform(0.9, 1.1)))
            slog(t, "info", "stitch summary", pod=pod, window="60s", requests=req, stitched=max(0, req - noads), no_ads=noads, shed=shed,
                 p50_ms=int(p99 * rng.uniform(0.18, 0.26)), p99_ms=p99)
            if noads > 2:
                slog(t + dt.timedelta(milliseconds=3), "warn", "ad decision timed out, stitched without ads", pod=pod, count=noads, budget_ms=150,
                     adserver="adserver.ads.svc:8080")
            if shed > 0:
                slog(t + dt.timedelta(milliseconds=5), "error", "shedding requests: inflight limit reached", pod=pod, shed=shed, max_inflight=256)
    # pod starts on scale-up
    started_pods = set()
    for mm in minute_model:
        for pod in splice_pod_names(mm["pods"]):
            if pod not in started_pods:
                started_pods.add(pod)
                if mm["t"] > START:
                    tt = mm["t"] - dt.timedelta(seconds=rng.randint(20, 50))
                    slog(tt, "info", "splice starting", pod=pod, version="1.42.3", commit="e81c4d2a", max_inflight=256, decision_budget_ms=150)
                    slog(tt + dt.timedelta(seconds=2), "info", "creative cache warmed", pod=pod, creatives=rng.randint(1800, 1900), ms=rng.randint(900, 1800))
    for t, s, e, pub, ua, mm in sampled_splice:
        ads = 0 if rng.random() < mm["dec_to"] else rng.choice([1, 2, 2, 3, 3, 4])
        slog(t + dt.timedelta(milliseconds=rng.randint(20, 300)), "info", "stitched", episode=str(e), show=s["id"], published=pub, breaks=rng.choice([2, 3, 3, 4]),
             ads=ads, decision_ms=rng.randint(18, 70) if ads else 150, client_app=ua.split("/")[0].split(" ")[0])
    # creative fetch misses and a lone adserver error, routine
    for _ in range(12):
        t = START + (END - START) * rng.random()
        slog(t, "warn", "creative rendition missing, skipping ad", pod=rng.choice(names_used[:3]), creative=f"cr_{hexid(rng, 10)}", rendition="mp3_128k_44100")

    # --- Kubernetes events
    ev_seq = [0x18a31c0f00000000]

    def event(t, kind, ns, name, reason, message, component, etype="Normal"):
        if not inwin(t):
            return
        ev_seq[0] += rng.randint(1000, 90000)
        ts = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        body = {"metadata": {"name": f"{name}.{ev_seq[0]:x}", "namespace": ns, "creationTimestamp": ts},
                "involvedObject": {"kind": kind, "name": name, "namespace": ns}, "reason": reason, "message": message,
                "source": {"component": component}, "firstTimestamp": ts, "lastTimestamp": ts, "count": 1, "type": etype}
        events.add(t, json.dumps(body, separators=(",", ":")))

    for t, n, why in hpa_events:
        if why == "above":
            event(t, "HorizontalPodAutoscaler", "dai", "splice", "SuccessfulRescale", f"New size: {n}; reason: cpu resource utilization (percentage of request) above target", "horizontal-pod-autoscaler")
            event(t + dt.timedelta(seconds=1), "Deployment", "dai", "splice", "ScalingReplicaSet", f"Scaled up replica set splice-7d9f6b8c54 to {n}", "deployment-controller")
        else:
            event(t, "HorizontalPodAutoscaler", "dai", "splice", "SuccessfulRescale", f"New size: {n}; reason: All metrics below target", "horizontal-pod-autoscaler")
            event(t + dt.timedelta(seconds=1), "Deployment", "dai", "splice", "ScalingReplicaSet", f"Scaled down replica set splice-7d9f6b8c54 to {n}", "deployment-controller")
    job1 = f"feeds-rebuild-{int(REBUILD.timestamp() // 60)}"
    jp1 = f"{job1}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
    event(REBUILD, "CronJob", "feeds", "feeds-rebuild", "SuccessfulCreate", f"Created job {job1}", "cronjob-controller")
    event(REBUILD, "Job", "feeds", job1, "SuccessfulCreate", f"Created pod: {jp1}", "job-controller")
    event(REBUILD + dt.timedelta(seconds=1), "Pod", "feeds", jp1, "Scheduled", f"Successfully assigned feeds/{jp1} to ip-10-60-14-201.ec2.internal", "default-scheduler")
    event(REBUILD + dt.timedelta(seconds=2), "Pod", "feeds", jp1, "Pulled", 'Container image "ghcr.io/murmurfm/murmur-feeds:2026.02.12-1" already present on machine', "kubelet")
    event(REBUILD + dt.timedelta(seconds=2), "Pod", "feeds", jp1, "Started", "Started container rebuild", "kubelet")
    event(rb1_end + dt.timedelta(seconds=2), "Job", "feeds", job1, "Completed", "Job completed", "job-controller")
    event(rb1_end + dt.timedelta(seconds=3), "CronJob", "feeds", "feeds-rebuild", "SawCompletedJob", f"Saw completed job: {job1}, status: Complete", "cronjob-controller")
    job2 = "feeds-rebuild-manual-1102"
    jp2 = f"{job2}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
    event(MANUAL_REBUILD - dt.timedelta(seconds=1), "Job", "feeds", job2, "SuccessfulCreate", f"Created pod: {jp2}", "job-controller")
    event(MANUAL_REBUILD, "Pod", "feeds", jp2, "Scheduled", f"Successfully assigned feeds/{jp2} to ip-10-60-14-201.ec2.internal", "default-scheduler")
    event(MANUAL_REBUILD + dt.timedelta(seconds=3), "Pod", "feeds", jp2, "Pulled", 'Container image "ghcr.io/murmurfm/murmur-feeds:2026.02.12-2" already present on machine', "kubelet")
    event(MANUAL_REBUILD + dt.timedelta(seconds=3), "Pod", "feeds", jp2, "Started", "Started container rebuild", "kubelet")
    event(rb2_end + dt.timedelta(seconds=2), "Job", "feeds", job2, "Completed", "Job completed", "job-controller")
    for when, ep in ((RELEASE, "rel"), (ROLLBACK, "rb"), (FIX_SYNC, "fix")):
        rs_api = pods[ep]["api"][0].rsplit("-", 1)[0]
        rs_render = pods[ep]["render"][0].rsplit("-", 1)[0]
        event(when + dt.timedelta(seconds=2), "Deployment", "feeds", "murmur-feeds-api", "ScalingReplicaSet", f"Scaled up replica set {rs_api} to 1", "deployment-controller")
        event(when + dt.timedelta(seconds=3), "Deployment", "feeds", "murmur-feeds-render", "ScalingReplicaSet", f"Scaled up replica set {rs_render} to 1", "deployment-controller")
        for pod in pods[ep]["api"] + pods[ep]["render"]:
            tt = when + dt.timedelta(seconds=rng.randint(3, 30))
            event(tt, "Pod", "feeds", pod, "Started", f"Started container {'api' if 'api' in pod else 'render'}", "kubelet")
        event(when + dt.timedelta(seconds=36), "Deployment", "feeds", "murmur-feeds-render", "ScalingReplicaSet", f"Scaled down replica set {pods['old' if ep == 'rel' else 'rel' if ep == 'rb' else 'rb']['render'][0].rsplit('-', 1)[0]} to 0", "deployment-controller")
    # the adserver's own HPA (another team) during the storm
    for stamp, n in (("2026-02-12 09:09:40", 8), ("2026-02-12 09:14:55", 12), ("2026-02-12 09:31:20", 16)):
        event(utc(stamp), "HorizontalPodAutoscaler", "ads", "adserver", "SuccessfulRescale", f"New size: {n}; reason: cpu resource utilization (percentage of request) above target", "horizontal-pod-autoscaler")
    for stamp, n in (("2026-02-12 11:58:10", 10), ("2026-02-12 12:20:30", 6)):
        event(utc(stamp), "HorizontalPodAutoscaler", "ads", "adserver", "SuccessfulRescale", f"New size: {n}; reason: All metrics below target", "horizontal-pod-autoscaler")
    # routine: a node rotated by Karpenter before the onset
    event(utc("2026-02-12 06:41:12"), "Node", "", "ip-10-60-9-77.ec2.internal", "DisruptionTerminating", "Disrupting Node: Drifted/Delete", "karpenter")

    # --- Argo CD
    def argolog(t, level, msg, **kv):
        if not inwin(t):
            return
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"']
        for k, v in kv.items():
            v = str(v)
            parts.append(f'{k}="{v}"' if (" " in v or v == "" or ":" in v) else f"{k}={v}")
        argo.add(t, " ".join(parts))

    t = START + dt.timedelta(seconds=17)
    while t < END:
        argolog(t, "info", "Reconciliation completed", application="argocd/murmur-feeds", dedup_ms=0, **{"dest-name": "", "dest-namespace": "feeds", "dest-server": "https://kubernetes.default.svc"},
                diff_ms=rng.randint(2, 12), git_ms=rng.randint(14, 60), health_ms=rng.randint(0, 2), live_ms=rng.randint(1, 6), sync_ms=0, time_ms=rng.randint(40, 90))
        t += dt.timedelta(seconds=180 + rng.randint(0, 2))

    def sync(t, who, sha, what="initiated sync to HEAD (main)"):
        argolog(t, "info", f"{who} {what}", application="murmur-feeds", **{"dest-namespace": "feeds", "dest-server": "https://kubernetes.default.svc"}, reason="OperationStarted", type="Normal")
        argolog(t + dt.timedelta(seconds=1), "info", f"Applying resource ConfigMap/murmur-feeds-env in cluster: https://kubernetes.default.svc, namespace: feeds")
        argolog(t + dt.timedelta(seconds=1), "info", "Applying resource Deployment/murmur-feeds-api in cluster: https://kubernetes.default.svc, namespace: feeds")
        argolog(t + dt.timedelta(seconds=1), "info", "Applying resource Deployment/murmur-feeds-render in cluster: https://kubernetes.default.svc, namespace: feeds")
        argolog(t + dt.timedelta(seconds=2), "info", "Applying resource CronJob/feeds-rebuild in cluster: https://kubernetes.default.svc, namespace: feeds")
        argolog(t + dt.timedelta(seconds=3), "info", f"Sync operation to {sha} succeeded", application="murmur-feeds", **{"dest-namespace": "feeds", "dest-server": "https://kubernetes.default.svc"}, reason="OperationCompleted", type="Normal")
        argolog(t + dt.timedelta(seconds=4), "info", "Updated health status: Healthy -> Progressing", application="murmur-feeds", reason="ResourceUpdated", type="Normal")
        argolog(t + dt.timedelta(seconds=41), "info", "Updated health status: Progressing -> Healthy", application="murmur-feeds", reason="ResourceUpdated", type="Normal")

    argolog(utc("2026-02-12 08:28:40"), "info", "Updated sync status: Synced -> OutOfSync", application="murmur-feeds", reason="ResourceUpdated", type="Normal")
    sync(RELEASE - dt.timedelta(seconds=4), "marek.lis", shas["head"])
    argolog(RELEASE, "info", "Updated sync status: OutOfSync -> Synced", application="murmur-feeds", reason="ResourceUpdated", type="Normal")
    sync(ROLLBACK - dt.timedelta(seconds=4), "marek.lis", shas["wed"], what="initiated rollback to 41")
    argolog(ROLLBACK, "info", "Updated sync status: Synced -> OutOfSync", application="murmur-feeds", reason="ResourceUpdated", type="Normal")
    sync(FIX_SYNC - dt.timedelta(seconds=4), "zofia.wrona", shas["fix_release"])
    argolog(FIX_SYNC, "info", "Updated sync status: OutOfSync -> Synced", application="murmur-feeds", reason="ResourceUpdated", type="Normal")

    # --- Slack #inc-downloads (and the alerts bot)
    users = {"marek.lis": "U04MRKL1S", "kofi.mensah": "U02KFMNSH", "zofia.wrona": "U04ZWRN7A", "ines.duarte": "U05INSDR2", "renata.park": "U03RNPRK9",
             "paul.okafor": "U02PLOKF4", "alertmanager": "B01ALRTMG", "dana": "U01DNWHTF"}

    def say(stamp, who, text):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "ts": f"{int(t.timestamp())}.{rng.randint(100, 999999):06d}", "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    first_churn = min(stats["churn"])
    n_churn_rb1 = len([x for x in stats["churn"] if REBUILD <= x <= rb1_end])
    stats["n_churn_rb1"] = n_churn_rb1
    peak = max(minute_model, key=lambda x: x["demand"])
    stats["peak"] = peak
    def at(stamp):
        return next(mm for mm in minute_model if mm["t"] >= utc(stamp))

    night = at("2026-02-12 08:50:00")["demand"]
    m927, m935, m1012, m1142, m1216 = at("2026-02-12 09:26:00"), at("2026-02-12 09:34:00"), at("2026-02-12 10:12:00"), at("2026-02-12 11:41:00"), at("2026-02-12 12:15:00")
    say("2026-02-12 08:31:05", "marek.lis", "releasing murmur-feeds 2026.02.12-1: podcast:guid + podcast:locked on channels (FEED-415), rebuild concurrency 8 -> 24 (FEED-418), Theo's guid churn warning (FEED-416), lxml bump")
    say("2026-02-12 08:36:30", "marek.lis", "2026.02.12-1 synced, api and render pods up. The 09:00 UTC rebuild should take ~8 min instead of 25")
    say("2026-02-12 09:24:20", "alertmanager", f"[FIRING:1] SpliceNoAdsRatio dai/splice stitched without ads {at('2026-02-12 09:23:00')['dec_to'] * 100:.0f}% > 5% for 5m")
    say("2026-02-12 09:27:10", "kofi.mensah", f"ack. dl.murmur.fm requests at {m927['demand'] / night:.0f}x and climbing, at 4am ET?? splice HPA at {m927['pods']}/10, ad decisions timing out. No splice deploy since Tuesday")
    say("2026-02-12 09:31:45", "kofi.mensah", "Fastly: it's real apps (AppleCoreMedia, Podcasts, Overcast, Pocket Casts, Podcast Addict), thousands of shows, and splice's sampled stitch lines are mostly OLD episodes, published 2021-2025. Not a bot, not one show")
    say("2026-02-12 09:33:30", "renata.park", "ad ops here: line items pacing 5-6x since 09:00, the frequency caps are burning. Anything I should pause?")
    say("2026-02-12 09:35:40", "alertmanager", f"[FIRING:1] SpliceShedding dai/splice shed ratio {m935['shed'] / m935['demand'] * 100:.1f}% > 1% for 5m")
    say("2026-02-12 09:36:15", "marek.lis", "feeds-rebuild ran at 09:00 with 24 workers since this morning's release (was 8), finished in ~8 min and purged every feed. Could purging 2,400 feeds at once make the apps refresh all together?")
    say("2026-02-12 09:39:50", "kofi.mensah", "feed polls at feeds.murmur.fm are up a bit (200s instead of 304s after the purge), nothing like this. It's the enclosures")
    say("2026-02-12 09:43:20", "marek.lis", f"the new guid churn warning fired for {n_churn_rb1} shows in the rebuild. It's new in this release so maybe it's just noisy (it compares with the feed in S3)... podcast:guid is new on every channel too. Rolling back to 2026.02.11-1 to rule the release out")
    say("2026-02-12 09:50:05", "marek.lis", "rolled back (Argo rollback to 2026.02.11-1). The feeds keep what the rebuild wrote until the next render though")
    say("2026-02-12 10:02:30", "kofi.mensah", "no change, still climbing. Raising splice maxReplicas 10 -> 20 so we stop shedding: kubectl -n dai patch hpa splice -p '{\"spec\":{\"maxReplicas\":20}}'")
    say("2026-02-12 10:09:50", "ines.duarte", "support: 7 tickets since 09:30. Creators: Apple Podcasts shows every episode twice, downloads of old episodes spiking, sponsor reads missing. Listeners: a phone downloaded 60 episodes overnight and ate someone's data plan")
    say("2026-02-12 10:12:40", "kofi.mensah", f"shedding stopped at {m1012['pods']} pods")
    say("2026-02-12 10:14:35", "zofia.wrona", "every episode twice = the item guids changed. Diffing yesterday's and today's S3 version of show 81234: every <guid> went from 7c1e0d3a-4b7f-4c2e-9a55-0d6f3b2e8c11 to 7c1e0d3a4b7f4c2e9a550d6f3b2e8c11, hyphens gone. That's my FEED-412 (short enclosure URLs, synced yesterday 15:12): item_view uses the hex public id for the guid, not only for the URL")
    say("2026-02-12 10:17:20", "marek.lis", "so the churn warning was right, and the rollback couldn't help: FEED-412 is in 2026.02.11-1. Shows that published since yesterday afternoon had it already, the 09:00 rebuild gave it to everybody")
    say("2026-02-12 10:20:55", "zofia.wrona", "fix: guid back to str(episode.id), keep the short enclosure URLs. Apps that already refreshed get the old guids back; they still have those entries, so they should match them instead of downloading again. PR in 5 min, then a manual rebuild")
    say("2026-02-12 10:24:10", "renata.park", "31 line items are at their daily goal already, mostly on back-catalogue downloads. Pausing the under-delivery alerts for today, we'll need makegoods")
    say("2026-02-12 10:30:45", "paul.okafor", "measurement: IAB v2.2 filtering won't remove these, they're real devices, one per IP+UA+episode. We'll flag 09:00 onwards in creators' stats and hold February's payout calculation until we've decided what to exclude")
    say("2026-02-12 10:43:30", "dana", "reviewed FEED-421, approved. Test added for the native guid")
    say("2026-02-12 10:59:50", "zofia.wrona", "2026.02.12-2 synced. Starting the rebuild: kubectl -n feeds create job --from=cronjob/feeds-rebuild feeds-rebuild-manual-1102")
    say("2026-02-12 11:11:30", "zofia.wrona", "rebuild done. Churn warnings again for every native show, expected: that's the uuids coming back. Spot-checked 81234: <guid>7c1e0d3a-4b7f-4c2e-9a55-0d6f3b2e8c11</guid>, enclosure /e/7c1e0d3a4b7f4c2e9a550d6f3b2e8c11.mp3")
    say("2026-02-12 11:42:15", "kofi.mensah", f"downloads falling, about {m1142['demand'] / m1142['base']:.1f}x of a normal Thursday at this hour now")
    say("2026-02-12 12:16:40", "kofi.mensah", f"{m1216['demand'] / m1216['base']:.2f}x of a normal Thursday morning, close enough. Leaving maxReplicas at 20 until tonight")
    say("2026-02-12 12:21:05", "marek.lis", "writing it up. Follow-ups: guid churn as an alert that stops the rebuild, a test that guids never change for existing episodes, and the rebuild's purge rate")

    # --- support tickets (Zendesk)
    def ticket(stamp, tid, role, subject, body, tags):
        t = utc(stamp)
        tickets.add(t, json.dumps({"id": tid, "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "via": {"channel": "web"}, "requester": {"role": role},
                                   "subject": subject, "description": body, "tags": tags, "status": "new"}, ensure_ascii=False))

    ticket("2026-02-12 06:24:11", 48103, "creator", "Can't change my artwork", "Uploaded new cover art yesterday, Apple still shows the old one.", ["artwork", "apple"])
    ticket("2026-02-12 07:12:40", 48104, "creator", "Old episodes getting downloads?", "I published ep 112 last night and today my stats show hundreds of downloads of episodes from 2023. Not complaining, just weird.", ["stats"])
    ticket("2026-02-12 07:55:02", 48105, "creator", "Payout question", "When does the January payout arrive? Dashboard says processing.", ["payouts"])
    ticket("2026-02-12 08:40:19", 48106, "listener", "Episode won't play", "Episode 54 of The Quiet Ledger stops after the first ad on my Alexa.", ["playback"])
    for i, (stamp, role, subject, body) in enumerate([
        ("2026-02-12 09:33:50", "listener", "My phone downloaded everything", "Woke up to 60 downloaded episodes of one show and my mobile data used up. Why?"),
        ("2026-02-12 09:39:12", "creator", "Every episode shows twice in Apple Podcasts", "All my episodes appear twice in Apple Podcasts since this morning, one of each marked unplayed."),
        ("2026-02-12 09:44:57", "creator", "Download spike on old episodes", "My 2022 episodes have more downloads this morning than in the whole last year."),
        ("2026-02-12 09:52:30", "creator", "Duplicate episodes", "Listeners tell me the whole back catalogue appeared as new episodes in Overcast."),
        ("2026-02-12 09:58:04", "listener", "Duplicate episodes in Podcasts app", "Every episode of three shows I follow is listed twice."),
        ("2026-02-12 10:03:41", "creator", "Is my feed broken?", "Apple Podcasts Connect shows 'new episodes' for every episode. Did something change?"),
        ("2026-02-12 10:06:29", "creator", "Ad campaign finished?", "The sponsor read on my show is gone since this morning, the episodes play without ads."),
        ("2026-02-12 10:27:16", "creator", "Stats", "Downloads 9x overnight on back catalogue. Is this real?"),
        ("2026-02-12 10:48:55", "listener", "Pocket Casts downloaded old episodes", "Auto-download filled my phone with old episodes."),
    ]):
        ticket(stamp, 48107 + i, role, subject, body, ["feed"] if role == "creator" else ["app"])
    ticket("2026-02-12 11:35:20", 48116, "creator", "Payout statement", "Where can I download the statement for January?", ["payouts"])
    ticket("2026-02-12 12:05:44", 48117, "creator", "Duplicates gone?", "The duplicates in Apple Podcasts are gone again, thanks.", ["feed"])

    stats["first_churn"] = first_churn
    return [feeds, rebuild_log, fastly, splice, events, argo, slack, tickets], stats, minute_model


def build(out_dir):
    rng = random.Random(44100)
    repo, shas = build_repo()
    try:
        logs, stats, model = build_logs(rng, shas)
        at_rebuild = next(mm["storm"] for mm in model if mm["t"] >= REBUILD)
        onset_min = next(mm["t"] for mm in model if mm["t"] >= REBUILD and mm["storm"] - at_rebuild >= 0.1 * mm["base"])
        onset = min(x for x in stats["storm_lines"] if x >= onset_min).replace(microsecond=0)
        assert REBUILD < onset < REBUILD + dt.timedelta(minutes=8), onset
        assert stats["first_churn"] < REBUILD, stats["first_churn"]
        assert 1300 <= stats["n_churn_rb1"] <= 2200, stats["n_churn_rb1"]
        peak = stats["peak"]
        night = next(mm["demand"] for mm in model if mm["t"] >= utc("2026-02-12 08:50:00"))
        assert peak["t"] > utc("2026-02-12 09:20:00") and peak["t"] < utc("2026-02-12 10:30:00"), peak["t"]
        shed_min = [mm["t"] for mm in model if mm["shed"] > 1]
        assert shed_min and min(shed_min) > REBUILD and max(shed_min) < SPLICE_MAX + dt.timedelta(minutes=8), (min(shed_min), max(shed_min))
        late = [mm for mm in model if mm["t"] >= utc("2026-02-12 12:15:00")]
        assert all(mm["storm"] < 0.25 * mm["base"] for mm in late), [round(mm["storm"]) for mm in late]

        def series(key, scale=1.0):
            by_t = {int(mm["t"].timestamp()): mm for mm in model}
            return lambda t: round(by_t[int(t.timestamp())][key] * scale, 1) if int(t.timestamp()) in by_t else None

        by_t = {int(mm["t"].timestamp()): mm for mm in model}
        metrics = {
            "fastly_dl_requests_per_minute.json": query_range([
                ({"service": "dl-murmur", "status_class": "2xx"}, lambda t: round(by_t[int(t.timestamp())]["served"]) if int(t.timestamp()) in by_t else None),
                ({"service": "dl-murmur", "status_class": "5xx"}, lambda t: round(by_t[int(t.timestamp())]["shed"]) if int(t.timestamp()) in by_t else None),
            ], START, END - dt.timedelta(minutes=1), 60),
            "splice_ttfb_p99_seconds.json": query_range([({"job": "splice", "namespace": "dai"}, lambda t: round(by_t[int(t.timestamp())]["p99"] / 1000, 3) if int(t.timestamp()) in by_t else None)],
                                                         START, END - dt.timedelta(minutes=1), 60),
            "splice_hpa_current_replicas.json": query_range([({"horizontalpodautoscaler": "splice", "namespace": "dai"}, series("pods"))], START, END - dt.timedelta(minutes=1), 60),
            "splice_stitched_without_ads_ratio.json": query_range([({"job": "splice", "namespace": "dai"}, lambda t: round(by_t[int(t.timestamp())]["dec_to"], 3) if int(t.timestamp()) in by_t else None)],
                                                                   START, END - dt.timedelta(minutes=1), 60),
        }
        hours_before = (onset - utc("2026-02-11 14:20:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r44-episode-guid-hex", service=SERVICE, onset=onset,
            description=f"""
Murmur's downloads storm on Thursday 12 February: from {onset.strftime('%H:%M:%S')} UTC ({(onset - dt.timedelta(hours=5)).strftime('%H:%M')}
in New York) requests for enclosures at dl.murmur.fm climb to about {round(peak['demand'] / night)}
times the night's rate, from real podcast apps, across thousands of
shows and mostly for old episodes. splice, the DAI stitcher, reaches
its autoscaler's maximum, sheds requests with 503 and stitches without
ads when the ad server's decisions time out; line items burn their daily
goals; creators report every episode listed twice in Apple Podcasts and
listeners' phones that downloaded a back catalogue overnight. A release of
murmur-feeds (rebuild concurrency, channel tags, a guid warning) had gone
out at 08:35 and the nightly feed rebuild had run at 09:00; rolling the
release back at 09:48 did not help. A fix is synced at 10:58, the feeds
are rebuilt at 11:02 and the downloads are back to normal by 12:15.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=shas["culprit"],
            line_formats={
                "murmur-feeds.log": r"<Date> <Time> <Level> <Logger>: <Content>",
                "feeds-rebuild.log": r"<Date> <Time> <Level> <Logger>: <Content>",
            },
            root_cause=[
                r"items have a guid the previous render did not have",
                r"item_view uses the hex public id for the guid",
            ],
            fix_files=["murmur_feeds/items.py"],
            explanation=f"""
The culprit is FEED-412 ("feeds: short enclosure URLs, /e/<public id>.<ext>"),
committed on Wednesday 11 February at 14:20 UTC, {hours_before:.1f} hours before
the onset, and synced at 15:12 with the release commit after it. To
shorten the enclosure URLs it introduces the public id
(`episode.id.hex`) in murmur_feeds/items.py and uses it for the item's
guid as well: `guid=episode.imported_guid or pid` instead of
`str(episode.id)`. Every Murmur-native episode's <guid> loses its hyphens;
podcast apps key episodes on the guid, so a feed rendered after the sync
shows its whole back catalogue as new episodes: Apple Podcasts lists them
twice and auto-downloaders fetch them again. Feeds are rendered on publish
and by the nightly rebuild (04:00 New York, 09:00 UTC), so only shows that
published since Wednesday afternoon had it (a creator's ticket at 07:12
about old episodes' downloads) until the rebuild rendered all 2,431 feeds
at 09:00 and logged "guid churn: N of M items have a guid the previous
render did not have" for {stats['n_churn_rb1']} of them. The downloads follow as apps
refresh (peak about {round(peak['demand'], -1):.0f} a minute at {peak['t'].strftime('%H:%M')}, from about {round(night, -1):.0f}): splice
reaches its autoscaler's maximum and sheds requests, ad decisions time
out. Zofia's diff of two S3 versions of a feed (every <guid> lost its
hyphens: "item_view uses the hex public id for the guid, not only for the
URL") finds it. The fix (FEED-421) restores
`str(episode.id)` in murmur_feeds/items.py, synced at 10:58, and a
manual rebuild at 11:02 puts the original guids back.
Decoys: the 08:35 release {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (Argo CD names
"release 2026.02.12-1"): FEED-418 raises the rebuild's concurrency 8 -> 24,
so the rebuild finishes in eight minutes instead of 25 and purges every
feed faster (S3 SlowDown retries in its log), FEED-415 adds <podcast:guid>
and <podcast:locked> to the channel in the feed template, FEED-416 of the
evening before adds the very "guid churn" warning (new lines, gone after
the rollback and back with the fix), FEED-417 is a harmless change to
items.py, and an lxml bump; the Argo CD rollback at 09:48 to
2026.02.11-1, which already holds the culprit, changes nothing. Also the
runbook commit on the rebuild and guid churn, the duration and
Cache-Control commits, the boto3 bump, splice's own HPA events and
shedding, the ad server's scaling, and routine missing renditions.
""",
        )
    finally:
        repo.close()
