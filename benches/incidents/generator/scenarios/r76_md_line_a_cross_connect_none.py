"""md-feed (Rust 1.83, tokio; two bare-metal hosts in the Secaucus colo,
mdh01 primary and mdh02 hot standby, deployed by a manual GitLab CI job
running Ansible, standby first; team in New York, Toronto and Berlin) of
Tidewell, a US retail brokerage app. md-feed is the market-data feed
handler: it takes the SIPs' quote feeds, CQS (12 channels, NYSE and
regional listings) and UQDF (6 channels, Nasdaq listings), each channel
sent twice, on line A and on line B, with the same sequence numbers. Line
A comes from the extranet provider Ridgeline's cage over cross-connect XC
01016392 to md-sw1 Ethernet1/17, line B over a diverse cross-connect to
md-sw2 Ethernet1/18. md-feed arbitrates: the first copy of a sequence
number wins, and a packet lost on one line is taken from the other
("arb_filled" in its stats, a few a minute each line). A packet lost on
both lines is an unfilled gap: the channel is stale until the SIP's
retransmission server resends the range, which it does for at most 30
requests a minute per feed; past that a channel stays stale until the
next minute, and if that minute's requests are taken too, md-feed gives
the range up and resynchronises the channel from live data. order-router's pre-trade checks (buying power, the price
collar, ...) need a current NBBO: an order for a symbol on a stale channel
is rejected ("quote stale"), the customer sees "Quote unavailable".

Tuesday 6 January 2026 (EST, UTC-5). At 13:51 Lena deploys md-feed 3.7.0
(MD-318, arbitration window 20 ms -> 2 ms; MD-321, which logs every
unfilled gap at WARN, where 3.6.2 only counts them; MD-316, retransmission
requests coalesced; MD-320, SO_RCVBUF 16 MiB; a socket2 bump), standby
first; mdh01 is primary again at 13:55:40. From 14:15 the colo operator
Meridian's technicians install another customer's cross-connects on the
meet-me room panel next to Tidewell's (a reminder of "cable management
work, no impact expected" came at 13:30); Tidewell's line A jumper is
knocked half out of its LC connector: md-sw1 logs Ethernet1/17 down at
14:19:02 and 14:20:44 (up again after 7 and 3 s) and down at 14:22:31,
with Low Rx Power alarms, and md-feed logs "line A silent: no packets for
5000 ms on 18 channels, arbitrating on line B only" at 14:19:07 and
14:22:36. Pre-market, line B's own losses are rare; from the 09:30 open
(14:30 UTC) each of them is an unfilled gap, the SIP's retransmission
limit is reached on both feeds and channels stay stale for seconds at a
time: order-router rejects a large share of orders with "quote stale".

The on-call reads the new per-gap warning of 3.7.0 and the shorter
arbitration window, the runbook (Monday) says unfilled gaps after a
release mean roll back, then check the SIP's status; the rollback to 3.6.2
(14:44-14:48) silences the warning and changes nothing else. Omar sees
line_a_pkts=0 in 3.6.2's stats and the "line A silent" line, Gabriel
(network) finds Ethernet1/17 down with no light, Ridgeline's NOC sees
their side transmitting, Meridian's remote hands (ticket at 15:08) find
the connector unseated and reseat it at 15:43; line A is back, gaps and
stale rejects stop. Nothing in md-feed is changed; 3.7.0 goes out again
after the close.

Sources: md-feed on mdh01 (Rust tracing fmt; line format), order-router
(zap JSON), the network syslog collector (RFC 3164 with NX-OS messages),
the network team's DOM poller (logfmt), GitLab deploy jobs (runner
timestamps), Meridian's customer portal notifications (JSON lines),
#md-ops (Slack export, JSON lines), customer support chats (JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import syslog3164

SERVICE = "md-feed"
START, END = utc("2026-01-06 13:15:00"), utc("2026-01-06 17:15:00")
OPEN = utc("2026-01-06 14:30:00")
DEPLOY = utc("2026-01-06 13:51:30")       # GitLab job: 3.7.0, standby first
ROLLBACK = utc("2026-01-06 14:43:50")     # GitLab job: back to 3.6.2
# line A's outages (md-sw1 Ethernet1/17): two flaps, then down until remote hands reseat the jumper
A_DOWN = [(utc("2026-01-06 14:19:02"), 0.41, utc("2026-01-06 14:19:09"), 0.83),
          (utc("2026-01-06 14:20:44"), 0.12, utc("2026-01-06 14:20:46"), 0.95),
          (utc("2026-01-06 14:22:31"), 0.62, utc("2026-01-06 15:43:21"), 0.18)]
SILENT_AFTER = 5.0
RETRANS_LIMIT = 30
FEEDS = [("CQS", 12), ("UQDF", 6)]
CHANNELS = [(f, i) for f, n in FEEDS for i in range(1, n + 1)]
XC_A = "01016392"


def cname(feed, i):
    return f"{feed}-{i:02d}" if feed == "CQS" else f"{feed}-{i}"


# ---------------------------------------------------------------------------
# the repository

CARGO = """[package]
name = "md-feed"
version = "3.6.2"
edition = "2021"
rust-version = "1.83"

[dependencies]
anyhow = "1.0.95"
crossbeam-channel = "0.5.14"
serde = { version = "1.0.217", features = ["derive"] }
socket2 = { version = "0.5.7", features = ["all"] }
tokio = { version = "1.42.0", features = ["rt-multi-thread", "net", "time", "macros", "signal"] }
toml = "0.8.19"
tracing = "0.1.41"
tracing-subscriber = { version = "0.3.19", features = ["fmt", "env-filter"] }

[profile.release]
lto = "fat"
codegen-units = 1
debug = 1
"""

MAIN_RS = """use anyhow::Result;
use tracing::info;

mod arb;
mod channel;
mod config;
mod lines;
mod peer;
mod publish;
mod retrans;
mod stats;

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).init();
    let cfg = config::load(&std::env::var("MD_FEED_CONFIG").unwrap_or_else(|_| "/etc/md-feed/production.toml".into()))?;
    info!(host = %cfg.host, "md-feed {} ({}) starting", env!("CARGO_PKG_VERSION"), env!("GIT_SHA"));
    let publisher = publish::QuotePublisher::connect(&cfg.publish).await?;
    let role = peer::Role::negotiate(&cfg.peer).await?;
    let mut feeds = Vec::new();
    for feed in &cfg.feeds {
        feeds.push(lines::FeedHandler::start(feed, &cfg.lines, &cfg.retrans, publisher.clone(), role.clone()).await?);
    }
    stats::report_every(cfg.stats_interval, feeds.iter().map(|f| f.stats()).collect());
    tokio::signal::ctrl_c().await?;
    info!("shutting down");
    Ok(())
}
"""

CONFIG_RS = """use std::time::Duration;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Config {
    pub host: String,
    #[serde(with = "humantime_serde", default = "default_stats")]
    pub stats_interval: Duration,
    pub lines: Lines,
    pub retrans: Retrans,
    pub peer: Peer,
    pub publish: Publish,
    pub feeds: Vec<Feed>,
}

#[derive(Debug, Deserialize)]
pub struct Lines {
    pub a_iface: String,
    pub b_iface: String,
    /// How long a gap on one line waits for the other line to bring it.
    pub arb_window_ms: u64,
    /// A line with no packet on any channel for this long is reported silent.
    pub silence_after_ms: u64,
    pub rcvbuf_bytes: usize,
}

#[derive(Debug, Deserialize)]
pub struct Retrans {
    pub servers: Vec<String>,
    /// The SIP answers at most this many requests per minute and feed.
    pub max_requests_per_min: u32,
}

#[derive(Debug, Deserialize)]
pub struct Peer {
    pub name: String,
    pub addr: String,
    pub preferred_primary: bool,
}

#[derive(Debug, Deserialize)]
pub struct Publish {
    pub aeron_channel: String,
}

#[derive(Debug, Deserialize)]
pub struct Feed {
    pub name: String,
    pub channels: Vec<ChannelCfg>,
}

#[derive(Debug, Deserialize)]
pub struct ChannelCfg {
    pub id: u16,
    pub group_a: String,
    pub group_b: String,
}

fn default_stats() -> Duration {
    Duration::from_secs(10)
}

pub fn load(path: &str) -> anyhow::Result<Config> {
    let cfg: Config = toml::from_str(&std::fs::read_to_string(path)?)?;
    tracing::info!(path, feeds = cfg.feeds.len(), channels = cfg.feeds.iter().map(|f| f.channels.len()).sum::<usize>(),
        arb_window_ms = cfg.lines.arb_window_ms, rcvbuf_bytes = cfg.lines.rcvbuf_bytes, "config loaded");
    Ok(cfg)
}
"""

ARB_RS = """//! Line arbitration. Every channel arrives twice, on line A and line B, with the
//! same sequence numbers. The first copy of a sequence number wins; a gap on
//! one line is filled by the other if it arrives within the window. A gap
//! neither line fills is handed to retransmission and the channel is stale
//! until it is filled.

use std::time::{Duration, Instant};

use crate::channel::{Channel, Line};
use crate::stats::Stats;

pub enum Verdict {
    Deliver,
    Duplicate,
    Hold,
}

pub struct Gap {
    pub from: u64,
    pub to: u64,
    pub since: Instant,
}

pub struct Arbiter {
    window: Duration,
    next: u64,
    pending: Option<Gap>,
}

impl Arbiter {
    pub fn new(window: Duration, next: u64) -> Self {
        Arbiter { window, next, pending: None }
    }

    pub fn on_packet(&mut self, seq: u64, count: u64, line: Line, now: Instant, stats: &mut Stats) -> Verdict {
        stats.packets(line);
        if seq + count <= self.next {
            return Verdict::Duplicate;
        }
        if seq > self.next {
            if self.pending.is_none() {
                self.pending = Some(Gap { from: self.next, to: seq - 1, since: now });
            }
            return Verdict::Hold;
        }
        if let Some(g) = &self.pending {
            if seq <= g.to {
                stats.arb_filled += 1;
            }
        }
        self.next = seq + count;
        self.pending = None;
        Verdict::Deliver
    }

    pub fn poll(&mut self, now: Instant, ch: &mut Channel, stats: &mut Stats) -> Option<Gap> {
        let expired = matches!(&self.pending, Some(g) if now.duration_since(g.since) >= self.window);
        if !expired {
            return None;
        }
        let g = self.pending.take()?;
        stats.gaps_unfilled += 1;
        ch.mark_stale(g.from, g.to);
        self.next = g.to + 1;
        Some(g)
    }
}
"""

LINES_RS = """//! The two multicast lines of a feed: sockets, silence detection, and the
//! per-channel arbiters the packets go through.

use std::time::{Duration, Instant};

use tracing::{info, warn};

use crate::channel::Line;

pub struct LineWatch {
    line: Line,
    silence_after: Duration,
    last_packet: Instant,
    silent: bool,
    channels: usize,
}

impl LineWatch {
    pub fn new(line: Line, silence_after: Duration, channels: usize) -> Self {
        LineWatch { line, silence_after, last_packet: Instant::now(), silent: false, channels }
    }

    pub fn on_packet(&mut self, now: Instant) {
        if self.silent {
            info!("line {} back: packets on {} channels after {} ms silent", self.line, self.channels,
                now.duration_since(self.last_packet).as_millis());
            self.silent = false;
        }
        self.last_packet = now;
    }

    pub fn poll(&mut self, now: Instant) {
        let quiet = now.duration_since(self.last_packet);
        if !self.silent && quiet >= self.silence_after {
            self.silent = true;
            warn!("line {} silent: no packets for {} ms on {} channels, arbitrating on line {} only",
                self.line, quiet.as_millis(), self.channels, self.line.other());
        }
    }

    pub fn is_silent(&self) -> bool {
        self.silent
    }
}

pub fn join(iface: &str, groups: &[String], rcvbuf: usize) -> anyhow::Result<socket2::Socket> {
    let sock = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::DGRAM, Some(socket2::Protocol::UDP))?;
    sock.set_reuse_address(true)?;
    sock.set_recv_buffer_size(rcvbuf)?;
    for g in groups {
        let (addr, _port) = g.split_once(':').unwrap_or((g, "0"));
        sock.join_multicast_v4(&addr.parse()?, &crate::channel::iface_addr(iface)?)?;
    }
    info!(iface, groups = groups.len(), "joined multicast groups");
    Ok(sock)
}
"""

RETRANS_RS = """//! Retransmission requests to the SIP's retransmission servers (TCP). The SIP
//! answers at most `max_requests_per_min` requests per minute and feed and
//! refuses the rest; a refused range is asked for again in the next minute.

use std::time::Instant;

use tracing::{info, warn};

use crate::arb::Gap;

pub struct Retransmitter {
    feed: String,
    limit: u32,
    minute: u64,
    used: u32,
    next_id: u64,
}

impl Retransmitter {
    pub fn new(feed: &str, limit: u32) -> Self {
        Retransmitter { feed: feed.into(), limit, minute: 0, used: 0, next_id: 1 }
    }

    pub fn request(&mut self, channel: u16, gap: &Gap, now_minute: u64) -> Option<u64> {
        if now_minute != self.minute {
            self.minute = now_minute;
            self.used = 0;
        }
        if self.used >= self.limit {
            warn!(feed = %self.feed, channel, seq_from = gap.from, seq_to = gap.to,
                "retransmission refused by SIP: request limit reached ({}/min)", self.limit);
            return None;
        }
        self.used += 1;
        let id = self.next_id;
        self.next_id += 1;
        info!(feed = %self.feed, channel, seq_from = gap.from, seq_to = gap.to, req = id, "retransmission requested");
        Some(id)
    }

    pub fn completed(&self, channel: u16, req: u64, stale_since: Instant) {
        info!(feed = %self.feed, channel, req, stale_ms = stale_since.elapsed().as_millis() as u64,
            "retransmission complete, channel current");
    }

    /// A range refused twice is given up: the channel's symbols are current again
    /// with their next quote, which is what the quote cache gets from here on.
    pub fn abandon(&self, channel: u16, gap: &Gap, stale_since: Instant) {
        warn!(feed = %self.feed, channel, seq_from = gap.from, seq_to = gap.to, stale_ms = stale_since.elapsed().as_millis() as u64,
            "retransmission abandoned, channel resynchronised from live data");
    }
}
"""

STATS_RS = """use std::time::Duration;

use tracing::info;

use crate::channel::Line;

#[derive(Default, Clone)]
pub struct Stats {
    pub feed: String,
    pub msgs: u64,
    pub line_a_pkts: u64,
    pub line_b_pkts: u64,
    pub arb_filled: u64,
    pub gaps_unfilled: u64,
    pub retrans_req: u64,
    pub retrans_refused: u64,
    pub stale_channels: u32,
    pub max_stale_ms: u64,
}

impl Stats {
    pub fn packets(&mut self, line: Line) {
        match line {
            Line::A => self.line_a_pkts += 1,
            Line::B => self.line_b_pkts += 1,
        }
    }
}

pub fn report_every(every: Duration, feeds: Vec<std::sync::Arc<std::sync::Mutex<Stats>>>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            for f in &feeds {
                let s = std::mem::take(&mut *f.lock().unwrap());
                info!(feed = %s.feed, msgs = s.msgs, line_a_pkts = s.line_a_pkts, line_b_pkts = s.line_b_pkts,
                    arb_filled = s.arb_filled, gaps_unfilled = s.gaps_unfilled, retrans_req = s.retrans_req,
                    retrans_refused = s.retrans_refused, stale_channels = s.stale_channels, max_stale_ms = s.max_stale_ms,
                    "feed stats");
            }
        }
    });
}
"""


def production_toml(arb_ms=20, rcvbuf=8388608):
    chans = []
    for feed, n in FEEDS:
        base_a, base_b = ("233.200.79", "233.200.80") if feed == "CQS" else ("233.49.196", "233.49.197")
        port0 = 61000 if feed == "CQS" else 55730
        lines = [f'  {{ id = {i}, group_a = "{base_a}.{i - 1}:{port0 + i}", group_b = "{base_b}.{i - 1}:{port0 + i}" }},' for i in range(1, n + 1)]
        chans.append(f'[[feeds]]\nname = "{feed}"\nchannels = [\n' + "\n".join(lines) + "\n]\n")
    return f"""host = "mdh01"
stats_interval = "10s"

[lines]
# line A: md-sw1 Ethernet1/17 (XC {XC_A}, Ridgeline), line B: md-sw2 Ethernet1/18 (XC 01016417, Ridgeline)
a_iface = "ens1f0"
b_iface = "ens1f1"
arb_window_ms = {arb_ms}
silence_after_ms = 5000
rcvbuf_bytes = {rcvbuf}

[retrans]
servers = ["198.18.224.17:60017", "198.18.224.18:60017"]
max_requests_per_min = {RETRANS_LIMIT}

[peer]
name = "mdh02"
addr = "10.40.30.12:7700"
preferred_primary = true

[publish]
aeron_channel = "aeron:udp?endpoint=239.10.4.1:40456|interface=10.40.31.0/24"

""" + "\n".join(chans)


GITLAB_CI = """stages: [test, build, deploy]

test:
  stage: test
  image: rust:1.83
  script:
    - cargo test --locked

build:
  stage: build
  image: rust:1.83
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - cargo build --release --locked
    - curl --fail -T target/release/md-feed "$ARTIFACTS/md-feed/$CI_COMMIT_TAG/md-feed"

deploy-production:
  stage: deploy
  when: manual
  rules:
    - if: $CI_COMMIT_TAG
  tags: [md-runner]
  script:
    - ansible-playbook -i deploy/inventory.ini deploy/site.yml -e version=${CI_COMMIT_TAG#v}

rollback-production:
  stage: deploy
  when: manual
  tags: [md-runner]
  script:
    - ansible-playbook -i deploy/inventory.ini deploy/site.yml -e version=$ROLLBACK_VERSION
"""

SITE_YML = """# Rolling deploy, standby first: install and restart the standby, wait for
# its channels to be current, fail over to it, then the other host, then
# fail back to the preferred primary (mdh01).
- hosts: md_feed
  serial: 1
  order: reverse_sorted
  roles:
    - md-feed
"""

RUNBOOK = """# md-feed runbook

Owner: #md-ops. Dashboards: Grafana > Market data > md-feed.

## MdFeedUnfilledGaps

A gap neither line filled: the channel is stale until the SIP's
retransmission server resends it (at most 30 requests per minute and feed;
past that the channel waits for the next minute). order-router rejects
orders for symbols on a stale channel ("quote stale").

- A few a day are normal (both lines lose the same packet).
- Check both lines in the `feed stats` lines: `line_a_pkts` and
  `line_b_pkts` should be within a few percent of each other.

## Failover

`ansible-playbook deploy/failover.yml -e to=mdh02`. The standby receives
and arbitrates both lines all the time; a failover loses nothing.
"""


def build_repo():
    repo = Repo()
    omar = Person("Omar Haddad", "omar.haddad@tidewell.com", -300)
    lena = Person("Lena Fischer", "lena.fischer@tidewell.com", 60)
    mei = Person("Mei Lin", "mei.lin@tidewell.com", -300)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    arb, retrans, cfg = "src/arb.rs", "src/retrans.rs", "config/production.toml"
    files = {
        "Cargo.toml": CARGO,
        "src/main.rs": MAIN_RS,
        "src/config.rs": CONFIG_RS,
        arb: ARB_RS,
        "src/lines.rs": LINES_RS,
        retrans: RETRANS_RS,
        "src/stats.rs": STATS_RS,
        "src/channel.rs": "//! Channel state: the next sequence number, stale ranges, the symbols it carries.\n\nuse std::fmt;\n\n#[derive(Clone, Copy, PartialEq, Eq, Debug)]\npub enum Line {\n    A,\n    B,\n}\n\nimpl Line {\n    pub fn other(self) -> Line {\n        match self {\n            Line::A => Line::B,\n            Line::B => Line::A,\n        }\n    }\n}\n\nimpl fmt::Display for Line {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\n        write!(f, \"{}\", if *self == Line::A { \"A\" } else { \"B\" })\n    }\n}\n\npub struct Channel {\n    pub feed: String,\n    pub id: u16,\n    pub stale: Option<(u64, u64)>,\n}\n\nimpl Channel {\n    pub fn mark_stale(&mut self, from: u64, to: u64) {\n        self.stale = Some(match self.stale {\n            Some((f, _)) => (f, to),\n            None => (from, to),\n        });\n    }\n}\n\npub fn iface_addr(iface: &str) -> anyhow::Result<std::net::Ipv4Addr> {\n    crate::config::iface_ipv4(iface)\n}\n",
        "src/peer.rs": "//! Primary/standby between mdh01 and mdh02: both receive and arbitrate, only the\n//! primary publishes to the quote cache.\n\n#[derive(Clone, Debug)]\npub enum Role {\n    Primary,\n    Standby,\n}\n",
        "src/publish.rs": "//! Top of book per symbol to the quote cache over Aeron; a symbol on a stale\n//! channel is published with stale=true.\n",
        cfg: production_toml(),
        "deploy/site.yml": SITE_YML,
        "deploy/inventory.ini": "[md_feed]\nmdh01 ansible_host=10.40.30.11 preferred_primary=true\nmdh02 ansible_host=10.40.30.12\n",
        "deploy/roles/md-feed/tasks/main.yml": "- name: install md-feed {{ version }}\n  get_url:\n    url: \"{{ artifacts }}/md-feed/v{{ version }}/md-feed\"\n    dest: /opt/md-feed/md-feed-{{ version }}\n    mode: \"0755\"\n- name: point current at {{ version }}\n  file:\n    src: /opt/md-feed/md-feed-{{ version }}\n    dest: /opt/md-feed/current\n    state: link\n- name: fail over away from this host\n  command: /opt/md-feed/current failover --to-peer\n  when: md_role == 'primary'\n- name: restart md-feed\n  systemd:\n    name: md-feed\n    state: restarted\n- name: wait for channels current\n  uri:\n    url: http://127.0.0.1:7701/ready\n  register: ready\n  until: ready.status == 200\n  retries: 30\n  delay: 2\n- name: fail back to the preferred primary\n  command: /opt/md-feed/current failover --take\n  when: preferred_primary | default(false)\n",
        ".gitlab-ci.yml": GITLAB_CI,
        "README.md": "# md-feed\n\nFeed handler for the SIP quote feeds (CQS, UQDF): A/B line arbitration,\nretransmission, top of book per symbol to the quote cache (Aeron), which\norder-router's pre-trade checks read. Two hosts in the Secaucus colo,\nmdh01 (preferred primary) and mdh02.\n\n```\ncargo test\nMD_FEED_CONFIG=config/local.toml cargo run --release\n```\n",
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": "# Changelog\n\n## 3.6.2\n\n- UQDF channel 4 moved to its new multicast group (SIP notice 2025-41).\n",
    }
    shas = {}
    shas["r362"] = repo.commit(utc("2026-01-02 15:10:00"), omar, "md-feed 3.6.2: UQDF channel 4 on its new multicast group", files)
    repo.commit(utc("2026-01-02 17:40:00"), mei, "Add .editorconfig and rustfmt.toml", {
        ".editorconfig": "root = true\n\n[*]\nindent_style = space\nindent_size = 4\ninsert_final_newline = true\n",
        "rustfmt.toml": "max_width = 140\n",
    })
    repo.commit(utc("2026-01-05 09:12:00"), bot, "fix(deps): update rust crate tokio to v1.43.0", {
        "Cargo.toml": repo.edit("Cargo.toml", 'tokio = { version = "1.42.0"', 'tokio = { version = "1.43.0"'),
    })
    repo.commit(utc("2026-01-05 10:40:00"), lena, "retrans: one request for gaps of a channel that arrive within 2 ms (MD-316)\n\nAt the open a burst lost on both lines shows up as several gaps a few\nhundred microseconds apart, and each cost a request of the SIP's 30 a\nminute.", {
        retrans: repo.edit(retrans, "    pub fn request(&mut self, channel: u16, gap: &Gap, now_minute: u64) -> Option<u64> {\n",
                           "    /// Gaps of one channel within 2 ms of each other go out as one request (MD-316).\n    pub fn request(&mut self, channel: u16, gap: &Gap, now_minute: u64) -> Option<u64> {\n        if let Some(id) = self.coalesce(channel, gap) {\n            return Some(id);\n        }\n") + "\nimpl Retransmitter {\n    fn coalesce(&mut self, _channel: u16, _gap: &Gap) -> Option<u64> {\n        None\n    }\n}\n",
    })
    repo.commit(utc("2026-01-05 14:20:00"), lena, "arb: wait 2 ms for the other line, not 20 (MD-318)\n\nThe lines are within 150 us of each other in the colo; a 20 ms wait for\nthe other line held every later packet of the channel for 20 ms after a\ndrop.", {
        cfg: repo.edit(cfg, "arb_window_ms = 20\n", "arb_window_ms = 2\n"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## Unreleased\n\n- Arbitration window 2 ms (MD-318).\n- Retransmission requests coalesced (MD-316).\n"),
    })
    repo.commit(utc("2026-01-05 16:05:00"), omar, "arb: log each gap neither line filled (MD-321)\n\nThe count in `feed stats` did not say which channel or range, or what\nthe lines were doing.", {
        arb: repo.edit(arb, "        stats.gaps_unfilled += 1;\n        ch.mark_stale(g.from, g.to);\n",
                       "        stats.gaps_unfilled += 1;\n        tracing::warn!(feed = %ch.feed, channel = ch.id, seq_from = g.from, seq_to = g.to, line_a = %ch.line_state(Line::A),\n            line_b = %ch.line_state(Line::B), window_ms = self.window.as_millis() as u64, \"gap not filled by arbitration\");\n        ch.mark_stale(g.from, g.to);\n"),
    })
    repo.commit(utc("2026-01-05 19:30:00"), mei, "runbook: stale quotes after a release", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Stale quotes after a release\n\nUnfilled gaps that start after an md-feed release are the release until\nshown otherwise (arbitration and retransmission change often): roll back\nwith the rollback-production job (ROLLBACK_VERSION), standby first. If\nthey go on, it is the SIP's retransmission server: check the CTA and UTP\nstatus pages and call the SIP's help desk.\n",
    })
    repo.commit(utc("2026-01-06 09:18:00"), bot, "fix(deps): update rust crate socket2 to v0.5.8", {
        "Cargo.toml": repo.edit("Cargo.toml", 'socket2 = { version = "0.5.7"', 'socket2 = { version = "0.5.8"'),
    })
    repo.commit(utc("2026-01-06 11:05:00"), omar, "config: SO_RCVBUF 16 MiB per line (MD-320)\n\nnet.core.rmem_max is 32 MiB on both hosts since the kernel update; the\nopen's bursts came within 70 % of 8 MiB on Friday.", {
        cfg: repo.edit(cfg, "rcvbuf_bytes = 8388608\n", "rcvbuf_bytes = 16777216\n"),
    })
    shas["r370"] = repo.commit(utc("2026-01-06 13:40:00"), lena, "release 3.7.0", {
        "Cargo.toml": repo.edit("Cargo.toml", 'version = "3.6.2"', 'version = "3.7.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "## Unreleased\n\n", "## 3.7.0\n\n- Unfilled gaps logged with channel, range and line state (MD-321).\n- SO_RCVBUF 16 MiB (MD-320).\n- socket2 0.5.8, tokio 1.43.0.\n"),
    })
    shas["head_at_rollback"] = repo.commit(utc("2026-01-06 14:05:00"), mei, "docs: how the hosts fail over", {
        "docs/failover.md": "# Failover\n\nBoth hosts join both lines of every channel and arbitrate them; only the\nprimary publishes to the quote cache. `failover --to-peer` hands primary\nto the other host at the next packet boundary; the quote cache follows\nthe publisher within a second. mdh01 is the preferred primary: after a\ndeploy the playbook fails back to it.\n",
    })
    repo.commit(utc("2026-01-06 16:40:00"), omar, "runbook: a silent line is the cross-connect, not md-feed", {
        "docs/runbook.md": repo.edit("docs/runbook.md", "## Stale quotes after a release\n",
                                     "## A line is silent\n\n`line A silent: ... arbitrating on line B only` (or B) means no packet\non any channel of that line: the cross-connect or the switch port, not\nmd-feed. Every loss of the other line is then an unfilled gap. Call\nnetwork (md-sw1 Ethernet1/17 for A, md-sw2 Ethernet1/18 for B) and\nRidgeline's NOC; the colo's remote hands can check the panel.\n\n## Stale quotes after a release\n"),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# the morning

SYMBOLS = [("AAPL", "UQDF", 243.12, 9), ("NVDA", "UQDF", 149.43, 12), ("TSLA", "UQDF", 411.05, 11), ("AMD", "UQDF", 125.37, 5),
           ("PLTR", "UQDF", 79.89, 8), ("SOFI", "UQDF", 16.21, 6), ("AMZN", "UQDF", 227.61, 5), ("MSFT", "UQDF", 427.85, 4),
           ("META", "UQDF", 630.20, 3), ("QQQ", "UQDF", 525.05, 4), ("RIVN", "UQDF", 13.74, 2), ("LCID", "UQDF", 3.02, 2),
           ("INTC", "UQDF", 20.14, 3), ("COIN", "UQDF", 295.38, 3), ("MARA", "UQDF", 20.81, 3), ("RIOT", "UQDF", 12.57, 2),
           ("HOOD", "UQDF", 41.19, 3), ("F", "CQS", 10.12, 3), ("GME", "CQS", 31.44, 4), ("AMC", "CQS", 3.96, 3),
           ("SPY", "CQS", 595.23, 6), ("BAC", "CQS", 46.32, 2), ("T", "CQS", 22.48, 1), ("KO", "CQS", 61.86, 1),
           ("DIS", "CQS", 112.07, 2), ("VOO", "CQS", 547.12, 4), ("SCHD", "CQS", 27.63, 2), ("JEPI", "CQS", 58.02, 1),
           ("NKE", "CQS", 75.44, 1), ("NIO", "CQS", 4.61, 2)]
RISK_REASONS = [(60, ("buying_power", "insufficient buying power")), (14, ("pdt", "pattern day trader: day trade limit reached")),
                (12, ("price_collar", "limit price outside collar")), (6, ("restricted", "symbol restricted")),
                (8, ("quantity", "quantity exceeds position"))]
ROUTER_POD = "order-router-5c8d7b9f6-kx2vd"


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def channel_of(sym, feed):
    n = dict(FEEDS)[feed]
    return (feed, min(n, 1 + (ord(sym[0]) - 65) * n // 26))


def build_logs(rng, shas):
    md, router, netlog, dom, gl, colo, slack, chats = (Log("md-feed-mdh01.log"), Log("order-router.log"), Log("network-syslog.log"),
                                                       Log("optics-dom.log"), Log("gitlab-deploy.log"), Log("meridian-portal.log"),
                                                       Log("slack-md-ops.log"), Log("support-chats.log"))
    stats = {}
    t0, t1 = secs(START), secs(END)
    x_open = secs(OPEN)

    def inwin(x):
        return t0 <= x < t1

    a_down = [(secs(d) + df, secs(u) + uf) for d, df, u, uf in A_DOWN]

    def a_up(x):
        return not any(d <= x < u for d, u in a_down)

    def a_silent(x):
        return any(d + SILENT_AFTER <= x < u for d, u in a_down if u - d >= SILENT_AFTER)

    # mdh01's versions, restarts and roles
    restarts = [(secs(utc("2026-01-06 13:54:11")) + 0.62, "3.7.0", shas["r370"]), (secs(utc("2026-01-06 14:46:15")) + 0.31, "3.6.2", shas["r362"])]
    handovers = [(secs(utc("2026-01-06 13:53:30")) + 0.44, secs(utc("2026-01-06 13:55:40")) + 0.27),
                 (secs(utc("2026-01-06 14:45:40")) + 0.52, secs(utc("2026-01-06 14:47:50")) + 0.71)]

    def version(x):
        v = "3.6.2"
        for r, ver, _ in restarts:
            if x >= r + 2.4:
                v = ver
        return v

    def down_host(x):
        return any(r <= x < r + 2.4 for r, _, _ in restarts)

    def role(x):
        return "standby" if any(a <= x < b for a, b in handovers) else "primary"

    def window_ms(x):
        return 2 if version(x) == "3.7.0" else 20

    # --- packets: a cumulative count per second, a weight per channel
    def pkt_rate(x):
        if x < x_open:
            return 140 + 60 * (x - t0) / (x_open - t0)
        m = x - x_open
        return 650 + 2400 * math.exp(-m / 600.0)

    cum = [0.0]
    for k in range(int(t1 - t0) + 2):
        cum.append(cum[-1] + pkt_rate(t0 + k + 0.5))

    def cum_at(x):
        k = max(0, min(len(cum) - 2, int(x - t0)))
        return cum[k] + (cum[k + 1] - cum[k]) * (x - t0 - k)

    weight = {c: rng.uniform(0.6, 1.4) for c in CHANNELS}
    base = {c: rng.randint(2_400_000, 4_100_000) for c in CHANNELS}   # since the SIP's start of day

    def seq(c, x):
        return base[c] + int(weight[c] * cum_at(x))

    def loss_rate(x):
        if x < x_open:
            return 1 / 1100.0
        m = x - x_open
        return (1 / 15.0) * math.exp(-m / 1500.0) + 1 / 70.0

    # losses on each line: (time, channel, line, packets)
    losses = []
    for c in CHANNELS:
        for line in "AB":
            x = t0
            while x < t1:
                x += rng.expovariate(1.0)
                if rng.random() < loss_rate(x) * weight[c]:
                    n = 1 + int(rng.expovariate(1 / (2.0 if x < x_open else 6.0)))
                    losses.append((x, c, line, n))
    # two losses on both lines in the quiet hours, as happens a few times a day
    losses.append((secs(utc("2026-01-06 13:38:17")) + 0.52, ("CQS", 7), "AB", 3))
    losses.append((secs(utc("2026-01-06 14:02:44")) + 0.08, ("UQDF", 2), "AB", 1))
    # and one on line B while line A is briefly away
    losses.append((secs(utc("2026-01-06 14:19:05")) + 0.77, ("UQDF", 5), "B", 2))
    losses.sort()

    filled = []     # (time, feed, line)
    gaps = []       # (time, channel, from, to, line_a)
    for x, c, line, n in losses:
        if down_host(x) or not inwin(x):
            continue
        s0 = seq(c, x)
        if line == "A":
            if a_up(x):
                filled.append((x, c[0], "A"))
            continue
        if line == "B" and a_up(x):
            filled.append((x, c[0], "B"))
            continue
        line_a = "missing" if line == "AB" else ("silent" if a_silent(x) else "missing")
        gaps.append((x + window_ms(x) / 1000.0, c, s0, s0 + n - 1, line_a))

    # --- retransmission: at most RETRANS_LIMIT requests per minute and feed
    used = {}
    stale = {c: [] for c in CHANNELS}
    gap_events = []   # (gap time, channel, from, to, line_a, requested at, refused?, done, req id)
    req_id = {f: rng.randint(40, 90) for f, _ in FEEDS}
    backlog = {f: [] for f, _ in FEEDS}
    for g in gaps:
        x, c, fr, to, la = g
        feed = c[0]
        minute = int(x // 60)
        if used.get((feed, minute), 0) < RETRANS_LIMIT:
            used[(feed, minute)] = used.get((feed, minute), 0) + 1
            req_at, refused = x + rng.uniform(0.0001, 0.0004), False
        elif used.get((feed, minute + 1), 0) < RETRANS_LIMIT:
            # asked for again at the start of the next minute
            used[(feed, minute + 1)] = used.get((feed, minute + 1), 0) + 1
            req_at, refused = (minute + 1) * 60 + rng.uniform(0.001, 0.4), True
        else:
            # no request left next minute either: give up and resynchronise from live data
            req_at, refused = None, True
        lat = rng.uniform(0.3, 1.6) if x >= x_open else rng.uniform(0.14, 0.55)
        done = req_at + lat if req_at is not None else (minute + 1) * 60 + rng.uniform(0.4, 0.9)
        if req_at is not None:
            req_id[feed] += 1
        gap_events.append((x, c, fr, to, la, req_at, refused, done, req_id[feed] if req_at is not None else None))
        stale[c].append((x, done))
    for c in CHANNELS:
        stale[c].sort()

    def is_stale(c, x):
        for a, b in stale[c]:
            if a <= x < b:
                return True
            if a > x:
                return False
        return False

    # --- md-feed's log
    def flog(x, level, target, msg, **kv):
        if not inwin(x) or down_host(x):
            return
        t = at(x)
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"
        fields = " ".join(f"{k}={v}" for k, v in kv.items())
        md.add(t, f"{stamp} {level:>5} {target}: {msg}" + (f" {fields}" if fields else ""))

    for x, c, fr, to, la, req_at, refused, done, rid in gap_events:
        feed, ch = c
        if version(x) == "3.7.0":
            flog(x, "WARN", "md_feed::arb", "gap not filled by arbitration", feed=feed, channel=ch, seq_from=fr, seq_to=to,
                 line_a=la, line_b="missing", window_ms=window_ms(x))
        if refused:
            flog(x + 0.0002, "WARN", "md_feed::retrans", f"retransmission refused by SIP: request limit reached ({RETRANS_LIMIT}/min)",
                 feed=feed, channel=ch, seq_from=fr, seq_to=to)
        if req_at is None:
            flog(done, "WARN", "md_feed::retrans", "retransmission abandoned, channel resynchronised from live data", feed=feed, channel=ch,
                 seq_from=fr, seq_to=to, stale_ms=int((done - x) * 1000))
            continue
        flog(req_at, "INFO", "md_feed::retrans", "retransmission requested", feed=feed, channel=ch, seq_from=fr, seq_to=to, req=rid)
        flog(done, "INFO", "md_feed::retrans", "retransmission complete, channel current", feed=feed, channel=ch, req=rid,
             stale_ms=int((done - x) * 1000))

    # line A silent and back, one line per feed
    for d, u in a_down:
        for feed, n in FEEDS:
            if u - d >= SILENT_AFTER:
                flog(d + SILENT_AFTER + 0.0008 * n, "WARN", "md_feed::lines",
                     f"line A silent: no packets for {int(SILENT_AFTER * 1000) + rng.randint(0, 3)} ms on {n} channels, arbitrating on line B only", feed=feed)
                flog(u + 0.0003 * n, "INFO", "md_feed::lines", f"line A back: packets on {n} channels after {int((u - d) * 1000)} ms silent", feed=feed)
    stats["onset"] = a_down[0][0]

    # stats every 10 s per feed
    phase = t0 + 3.217
    bounds = []
    x = phase
    while x < t1:
        bounds.append(x)
        x += 10.0
    for r, _, _ in restarts:
        # the stats ticker starts again with the process
        pass
    gi = {f: sorted((e[0], e) for e in gap_events if e[1][0] == f) for f, _ in FEEDS}
    for b in bounds:
        if down_host(b):
            continue
        lo = b - 10.0
        for feed, n in FEEDS:
            chans = [c for c in CHANNELS if c[0] == feed]
            pk = sum(weight[c] * (cum_at(b) - cum_at(lo)) for c in chans)
            a_frac = 1.0
            for d, u in a_down:
                ov = max(0.0, min(b, u) - max(lo, d))
                a_frac -= ov / 10.0
            evs = [e for _, e in gi[feed] if lo <= e[0] < b]
            n_gaps = len(evs)
            req = len([e for e in gap_events if e[1][0] == feed and e[5] is not None and lo <= e[5] < b])
            refused = len([e for e in evs if e[6]])
            st = [c for c in chans if is_stale(c, b)]
            max_stale = max([int((min(e[7], b) - e[0]) * 1000) for e in gap_events if e[1][0] == feed and e[0] < b and e[7] > lo] or [0])
            fl = len([f for f in filled if f[1] == feed and lo <= f[0] < b])
            flog(b, "INFO", "md_feed::stats", "feed stats", feed=feed, role=role(b), msgs=int(pk * rng.uniform(1.55, 1.75)),
                 line_a_pkts=int(pk * max(0.0, a_frac)), line_b_pkts=int(pk) - rng.randint(0, 2), arb_filled=fl, gaps_unfilled=n_gaps,
                 retrans_req=req, retrans_refused=refused, stale_channels=len(st), max_stale_ms=max_stale)

    # restarts, roles, routine
    prev_sha = {"3.7.0": shas["r370"], "3.6.2": shas["r362"]}
    for (r, ver, sha), (h_from, h_to) in zip(restarts, handovers):
        flog(h_from, "INFO", "md_feed::peer", "handing primary to peer", peer="mdh02", reason="\"failover requested\"")
        flog(h_from + 0.31, "INFO", "md_feed::peer", "role standby, peer mdh02 is primary")
        flog(r - 0.05, "INFO", "md_feed", "shutting down", signal="SIGTERM")
        x = r + 2.4
        old = "3.6.2" if ver == "3.7.0" else "3.7.0"
        flog(x, "INFO", "md_feed", f"md-feed {ver} ({sha[:7]}) starting", host="mdh01")
        flog(x + 0.004, "INFO", "md_feed::config", "config loaded", path="/etc/md-feed/production.toml", feeds=2, channels=18,
             arb_window_ms=2 if ver == "3.7.0" else 20, rcvbuf_bytes=16777216 if ver == "3.7.0" else 8388608)
        flog(x + 0.031, "INFO", "md_feed::lines", "joined multicast groups", iface="ens1f0", groups=18)
        flog(x + 0.033, "INFO", "md_feed::lines", "joined multicast groups", iface="ens1f1", groups=18)
        flog(x + 0.120, "INFO", "md_feed::retrans", "connected to retransmission server", server="198.18.224.17:60017")
        flog(x + 0.305, "INFO", "md_feed::peer", "role standby, peer mdh02 is primary")
        flog(x + 1.9, "INFO", "md_feed::lines", "all channels current", channels=18)
        flog(h_to, "INFO", "md_feed::peer", "taking over as primary", reason="\"failback requested\"")
    flog(x_open + 0.0121, "INFO", "md_feed::control", "SIP control message: market session open", feed="CQS")
    flog(x_open + 0.0187, "INFO", "md_feed::control", "SIP control message: market session open", feed="UQDF")
    for when in ("13:41:12", "15:12:48", "16:37:05"):
        x = secs(utc("2026-01-06 " + when)) + rng.random()
        flog(x, "INFO", "md_feed::publish", "quote cache subscriber connected", subscriber=f"order-router-5c8d7b9f6-{rng.choice(['kx2vd', 'p9w4m', 'zt7qh'])}")

    # --- order-router (one of three pods)
    def rlog(x, level, caller, msg, **kv):
        if not inwin(x):
            return
        t = at(x)
        body = {"level": level, "ts": iso_ms(t), "logger": "router", "caller": caller, "msg": msg}
        body.update(kv)
        router.add(t, json.dumps(body, separators=(",", ":")))

    def rate(x):
        if x < x_open:
            return 0.05 + 0.2 * (x - t0) / (x_open - t0)
        m = x - x_open
        return 0.9 + 1.7 * math.exp(-m / 1200.0)

    times = []
    x = t0
    while x < t1:
        x += rng.expovariate(2.7)
        if rng.random() < rate(x) / 2.7:
            times.append(x)
    for _ in range(2900):
        times.append(x_open + 0.12 + 24.0 * rng.betavariate(1.2, 3.6))
    times.sort()

    def pick(choices):
        r = rng.random() * sum(w for w, _ in choices)
        for w, v in choices:
            r -= w
            if r <= 0:
                return v
        return choices[-1][1]

    sym_w = [(w, (sym, feed, px)) for sym, feed, px, w in SYMBOLS]
    stale_rejects = []
    for x in times:
        sym, feed, px = pick(sym_w)
        c = channel_of(sym, feed)
        ext = x < x_open
        side = "buy" if rng.random() < 0.6 else "sell"
        otype = "limit" if ext or rng.random() < 0.45 else "market"
        frac = otype == "market" and rng.random() < 0.35
        qty = f"{rng.uniform(0.02, 4.0):.4f}" if frac else str(rng.choice([1, 1, 2, 2, 3, 5, 5, 10, 10, 20, 25, 50, 100]))
        stale_now = is_stale(c, x)
        if stale_now:
            stale_rejects.append(x)
        if rng.random() > 1 / 3:
            continue
        oid = "ord_" + "".join(rng.choice("0123456789abcdefghjkmnpqrstvwxyz") for _ in range(16))
        kv = {"order_id": oid, "account": f"5TW{rng.randint(100000, 999999)}", "symbol": sym, "side": side, "type": otype, "qty": qty}
        if otype == "limit":
            kv["limit_price"] = f"{px * (1 + rng.uniform(-0.02, 0.004) * (1 if side == 'buy' else -1)):.2f}"
        if ext:
            kv["session"] = "pre_market"
        xl = x + rng.uniform(0.0001, 0.0009)
        if stale_now:
            rlog(xl, "warn", "risk/pretrade.go:141", "pre-trade risk check failed", **kv, check="quote_fresh", reason="quote stale",
                 channel=cname(*c), publisher="mdh02" if role(x) == "standby" else "mdh01")
            continue
        if rng.random() < 0.021:
            check, reason = pick(RISK_REASONS)
            rlog(xl, "warn", "risk/pretrade.go:141", "pre-trade risk check failed", **kv, check=check, reason=reason)
            continue
        if ext:
            venue = pick([(0.5, "ARCX"), (0.3, "NSDQ"), (0.2, "KSTR")])
        else:
            venue = pick([(0.58, "KSTR"), (0.21, "HLVD"), (0.11, "NRRW"), (0.04, "IEXG"), (0.03, "NSDQ"), (0.02, "EDGX"), (0.01, "ARCX")]) if not frac else pick([(0.6, "KSTR"), (0.25, "HLVD"), (0.15, "NRRW")])
        rlog(xl, "info", "route/router.go:212", "order routed", **kv, venue=venue, route_us=rng.randint(180, 900))
    stats["stale_rejects"] = stale_rejects
    stats["orders"] = times

    x = t0 + 31.7
    while x < t1:
        n_st = len([c for c in CHANNELS if is_stale(c, x)])
        rlog(x, "info", "quotes/cache.go:64", "quote cache", symbols=11874 + rng.randint(-3, 3), stale=n_st * 659 + rng.choice([0, 0, 1, 2]),
             feed="md-feed", publisher="mdh02" if role(x) == "standby" else "mdh01")
        x += 60.0
    for a, b in handovers:
        rlog(a + 0.42, "info", "quotes/cache.go:102", "quote publisher changed", **{"from": "mdh01", "to": "mdh02"})
        rlog(b + 0.38, "info", "quotes/cache.go:102", "quote publisher changed", **{"from": "mdh02", "to": "mdh01"})
    x = t0 + 4.2
    while x < t1:
        if int(x) % 60 < 10:
            rlog(x, "info", "route/venues.go:71", "venue sessions", up=7)
        x += 10.0

    # --- network syslog (md-sw1, md-sw2, and the core pair)
    def nlog(x, host, tag, msg):
        if inwin(x):
            netlog.add(at(x), syslog3164(at(x), host, tag, None, msg))

    for d, u in a_down:
        nlog(d, "md-sw1", "%ETHPORT-5-IF_DOWN_LINK_FAILURE", "Interface Ethernet1/17 is down (Link failure)")
        nlog(u, "md-sw1", "%ETHPORT-5-SPEED", "Interface Ethernet1/17, operational speed changed to 10 Gbps")
        nlog(u + 0.001, "md-sw1", "%ETHPORT-5-IF_DUPLEX", "Interface Ethernet1/17, operational duplex mode changed to Full")
        nlog(u + 0.002, "md-sw1", "%ETHPORT-5-IF_UP", "Interface Ethernet1/17 is up in mode access")
    first_down = a_down[0][0]
    nlog(first_down - 1.7, "md-sw1", "%ETHPORT-4-IF_SFP_WARNING", "Interface Ethernet1/17, Low Rx Power Warning")
    nlog(a_down[2][0] + 1.3, "md-sw1", "%ETHPORT-3-IF_SFP_ALARM", "Interface Ethernet1/17, Low Rx Power Alarm")
    nlog(a_down[2][1] + 2.1, "md-sw1", "%ETHPORT-3-IF_SFP_ALARM", "Interface Ethernet1/17, Low Rx Power Alarm cleared")
    nlog(a_down[2][1] + 2.2, "md-sw1", "%ETHPORT-4-IF_SFP_WARNING", "Interface Ethernet1/17, Low Rx Power Warning cleared")
    # an unrelated monitoring tap port on md-sw2 that flaps now and then
    for when in ("13:33:51", "16:02:19"):
        x = secs(utc("2026-01-06 " + when)) + rng.random()
        nlog(x, "md-sw2", "%ETHPORT-5-IF_DOWN_LINK_FAILURE", "Interface Ethernet1/41 is down (Link failure)")
        nlog(x + 2.4, "md-sw2", "%ETHPORT-5-IF_UP", "Interface Ethernet1/41 is up in mode access")
    for host, when, who in (("md-sw1", "13:22:40", "netops"), ("core-sw1", "14:11:03", "netops"), ("md-sw1", "15:00:31", "gabriel.santos"),
                            ("md-sw2", "15:04:12", "gabriel.santos"), ("md-sw1", "15:45:10", "gabriel.santos")):
        x = secs(utc("2026-01-06 " + when)) + rng.random()
        nlog(x, host, "%AUTHPRIV-6-SYSTEM_MSG", f"pam_unix(dcos_sshd:session): session opened for user {who} by (uid=0) - dcos_sshd[{rng.randint(2000, 30000)}]")
        nlog(x + rng.uniform(120, 600), host, "%AUTHPRIV-6-SYSTEM_MSG", f"pam_unix(dcos_sshd:session): session closed for user {who} - dcos_sshd[{rng.randint(2000, 30000)}]")
    x = t0 + 611.0
    while x < t1:
        nlog(x, rng.choice(["core-sw1", "core-sw2"]), "%NTP-6-NTP_SYSLOG_LOGGING", f"NTP: Clock synchronized to peer 10.20.0.{rng.choice([2, 3])}, offset {rng.randint(-40, 40)} us")
        x += rng.uniform(1500, 2400)
    nlog(secs(utc("2026-01-06 15:03:40")) + 0.4, "md-sw1", "%VSHD-5-VSHD_SYSLOG_CONFIG_I", "Configured from vty by gabriel.santos on 10.20.0.15@pts/0")

    # --- DOM poller, every 60 s
    ports = [("md-sw1", "Ethernet1/17", f"XC-{XC_A} RIDGELINE SIP-A", -5.82, -2.13), ("md-sw1", "Ethernet1/1", "mdh01 ens1f0", -2.41, -2.25),
             ("md-sw2", "Ethernet1/18", "XC-01016417 RIDGELINE SIP-B", -6.37, -2.08), ("md-sw2", "Ethernet1/2", "mdh01 ens1f1", -2.58, -2.31)]
    x = t0 + 12.004
    while x < t1:
        for i, (sw, port, desc, rx, tx) in enumerate(ports):
            xp = x + i * 0.031
            t = at(xp)
            oper, level, msg, val = "up", "info", "dom reading", rx + rng.gauss(0, 0.03)
            if port == "Ethernet1/17":
                if not a_up(xp):
                    oper, level, msg, val = "down", "warn", "dom below low alarm", -40.0
                elif a_down[0][0] - 60 <= xp < a_down[2][0]:
                    val = rng.uniform(-19.5, -11.8)
                    level, msg = "warn", "dom below low warning" if val > -14.0 else "dom below low alarm"
            dom.add(t, f'ts={iso_ms(t)} level={level} msg="{msg}" switch={sw} port={port} desc="{desc}" oper={oper} rx_dbm={val:.2f} '
                       f'tx_dbm={tx + rng.gauss(0, 0.02):.2f} temp_c={37.5 + rng.gauss(0, 0.4):.1f} rx_low_warn_dbm=-12.0 rx_low_alarm_dbm=-14.0')
        x += 60.0

    # --- GitLab deploy jobs
    def glog(x, text):
        t = at(x)
        gl.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z 00O {text}")

    def job(x0, jid, user, name, ref, sha, version_, restarts_, steps):
        glog(x0, f"Running with gitlab-runner 17.6.0 (374d34fd) on md-runner-01 job {jid}")
        glog(x0 + 0.9, f"Triggered by {user}: manual job {name}, ref {ref}, commit {sha}")
        glog(x0 + 3.2, f"Checking out {sha[:8]} as detached HEAD (ref is {ref})...")
        glog(x0 + 5.1, f"$ ansible-playbook -i deploy/inventory.ini deploy/site.yml -e version={version_}")
        glog(x0 + 7.4, "PLAY [md_feed] *****************************************************************")
        for xs, text in steps:
            glog(xs, text)
        glog(restarts_ + 0.5, "PLAY RECAP *********************************************************************")
        glog(restarts_ + 0.6, "mdh01                      : ok=6    changed=4    unreachable=0    failed=0    skipped=0")
        glog(restarts_ + 0.7, "mdh02                      : ok=5    changed=3    unreachable=0    failed=0    skipped=1")
        glog(restarts_ + 1.4, "Job succeeded")

    def steps_for(x0, version_, h_from, r1, h_to, r2):
        return [
            (x0 + 8.1, "TASK [md-feed : install md-feed " + version_ + "] ***************************************"),
            (x0 + 11.3, "changed: [mdh02]"),
            (x0 + 11.5, "TASK [md-feed : restart md-feed] ***********************************************"),
            (r2, "changed: [mdh02]"),
            (r2 + 0.2, "TASK [md-feed : wait for channels current] *************************************"),
            (r2 + 6.3, "ok: [mdh02]"),
            (r2 + 6.5, "TASK [md-feed : install md-feed " + version_ + "] ***************************************"),
            (r2 + 9.4, "changed: [mdh01]"),
            (r2 + 9.6, "TASK [md-feed : fail over away from this host] *********************************"),
            (h_from + 0.5, "changed: [mdh01]"),
            (h_from + 0.7, "TASK [md-feed : restart md-feed] ***********************************************"),
            (r1 + 0.1, "changed: [mdh01]"),
            (r1 + 0.3, "TASK [md-feed : wait for channels current] *************************************"),
            (r1 + 6.8, "ok: [mdh01]"),
            (r1 + 7.0, "TASK [md-feed : fail back to the preferred primary] ****************************"),
            (h_to + 0.4, "changed: [mdh01]"),
        ]

    x0 = secs(DEPLOY)
    job(x0, 512044, "lena.fischer", "deploy-production", "v3.7.0", shas["r370"], "3.7.0", handovers[0][1],
        steps_for(x0, "3.7.0", handovers[0][0], restarts[0][0], handovers[0][1], secs(utc("2026-01-06 13:52:41"))))
    x0 = secs(ROLLBACK)
    job(x0, 512101, "lena.fischer", "rollback-production", "main", shas["head_at_rollback"], "3.6.2", handovers[1][1],
        steps_for(x0, "3.6.2", handovers[1][0], restarts[1][0], handovers[1][1], secs(utc("2026-01-06 14:44:50"))))

    # --- Meridian's customer portal
    def portal(t, kind, ref, status, subject, body):
        colo.add(t, json.dumps({"received_at": iso_ms(t), "source": "portal.meridian-ix.net", "account": "Tidewell Securities LLC",
                                "site": "SE2", "type": kind, "reference": ref, "status": status, "subject": subject, "body": body}, ensure_ascii=False))

    portal(utc("2026-01-06 13:30:04"), "maintenance", "MNT-SE2-260106-01", "scheduled", "Reminder: MMR2 cable management and installations, 06 Jan 14:00-16:00 UTC",
           "Technicians will work on patch panels P12-P16 in meet-me room MMR2 (new installations and cable management). No impact to existing cross-connects is expected.")
    portal(utc("2026-01-06 15:08:37"), "remote_hands", "RH-SE2-0106-1184", "opened", "Cross-connect 01016392: no light at customer demarc",
           "Opened by gabriel.santos@tidewell.com: XC 01016392 (Ridgeline cage 4A12 to Tidewell cage 4C07, MMR2), no receive light at our side since 14:22 UTC, flapping from 14:19. Ridgeline confirms transmit on their side. Please inspect the path and the MMR panel.")
    portal(utc("2026-01-06 15:16:10"), "remote_hands", "RH-SE2-0106-1184", "in_progress", "Cross-connect 01016392: no light at customer demarc",
           "Technician dispatched to MMR2.")
    portal(utc("2026-01-06 15:43:58"), "remote_hands", "RH-SE2-0106-1184", "resolved", "Cross-connect 01016392: no light at customer demarc",
           "The LC connector of XC 01016392 at MMR2 panel P14 ports 7-8 was partially unseated. Connector cleaned and reseated at 15:43 UTC; light level at customer demarc -5.9 dBm. Please confirm.")
    portal(utc("2026-01-06 16:14:22"), "incident", "INC-SE2-260106-02", "resolved", "Cross-connect disturbed during MMR2 installation work",
           "During installation work for another customer on MMR2 panel P14 between 14:15 and 14:40 UTC, a neighbouring cross-connect (yours) was disturbed. We are reviewing the procedure for work on populated panels.")

    # --- Slack #md-ops
    users = {"alertmanager": "B01ALRT9X", "Lena Fischer": "U03LF6R2W", "Omar Haddad": "U02OH9K1D", "Mei Lin": "U04ML2T8S",
             "Sam Ortiz (trading ops)": "U05SO4M7N", "Gabriel Santos (network)": "U02GS7B3Z", "Aisha Bello (support)": "U06AB3F9T"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "md-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    say(utc("2026-01-06 13:50:40"), "Lena Fischer", "deploying md-feed 3.7.0, standby first: MD-318 arbitration window 2 ms, MD-321 unfilled gaps logged, MD-316 retransmission coalescing, MD-320 rcvbuf 16 MiB, socket2/tokio bumps")
    say(utc("2026-01-06 13:56:30"), "Lena Fischer", "3.7.0 on both, mdh01 primary again, arb_filled as usual")
    say(utc("2026-01-06 14:03:10"), "Mei Lin", "first MD-321 warning: UQDF-2 lost on both lines at 14:02, retransmitted in 300 ms. nice to see them")
    say(utc("2026-01-06 14:32:55"), "alertmanager", "[FIRING:2] MdFeedUnfilledGaps md-feed feed=CQS|UQDF gaps_unfilled > 20/min (1m)")
    say(utc("2026-01-06 14:33:40"), "alertmanager", "[FIRING:1] PreTradeQuoteStaleRejects order-router check=quote_fresh rejects > 2% of orders (2m)")
    say(utc("2026-01-06 14:35:05"), "Sam Ortiz (trading ops)", "customers get 'Quote unavailable' on orders since the open, a quarter to a third of them")
    say(utc("2026-01-06 14:37:20"), "Lena Fischer", "md-feed logs 'gap not filled by arbitration' on every channel of both feeds, and retransmission refused, 30/min used up. that warning is new in 3.7.0 and MD-318 cut the arbitration window to 2 ms this morning. runbook says roll back after a release. rolling back to 3.6.2")
    say(utc("2026-01-06 14:41:30"), "Mei Lin", "CTA and UTP status pages: all systems operational, nothing about retransmission")
    say(utc("2026-01-06 14:48:35"), "Lena Fischer", "3.6.2 on both, mdh01 primary. the per-gap warnings are gone")
    say(utc("2026-01-06 14:52:20"), "Sam Ortiz (trading ops)", "rejects still there. fewer than at the open, one in seven or so")
    say(utc("2026-01-06 14:55:45"), "Omar Haddad", "3.6.2 counts the same gaps_unfilled and retrans_refused as 3.7.0 did. and line_a_pkts=0 in every feed stats line since 14:22. 'line A silent: no packets for 5000 ms ... arbitrating on line B only' at 14:22:36, and a short one at 14:19. we're on line B alone: every packet B drops is a gap now, and at the open B drops a lot")
    say(utc("2026-01-06 14:58:10"), "Omar Haddad", "@Gabriel Santos (network) can you look at line A? md-sw1 Ethernet1/17, XC 01016392")
    say(utc("2026-01-06 15:02:50"), "Gabriel Santos (network)", "Eth1/17 down (Link failure) since 14:22:31, flapped at 14:19 and 14:20, Low Rx Power Alarm, DOM says -40 dBm: no light. our optic is fine. calling Ridgeline's NOC")
    say(utc("2026-01-06 15:07:55"), "Gabriel Santos (network)", "Ridgeline: transmitting normally, light leaves their cage. it's the cross-connect in between. opening remote hands with Meridian. they had MMR2 panel work on today (the 13:30 reminder)")
    say(utc("2026-01-06 15:19:40"), "Omar Haddad", "stale rejects down to a few percent as the open's volume fades, but every B loss is still a gap: we are on one line")
    say(utc("2026-01-06 15:11:30"), "Lena Fischer", "so 3.7.0 was not it. leaving 3.6.2 until the close anyway")
    say(utc("2026-01-06 15:24:15"), "Aisha Bello (support)", "420 chats about 'Quote unavailable' so far, macro says try again in a minute")
    say(utc("2026-01-06 15:44:30"), "Gabriel Santos (network)", "Eth1/17 up 15:43:21, rx -5.9 dBm. Meridian: LC connector on MMR2 panel P14 half out, next to today's installation. reseated")
    say(utc("2026-01-06 15:46:50"), "Omar Haddad", "line A back on all channels, arb_filled again, gaps_unfilled 0")
    say(utc("2026-01-06 15:50:05"), "Sam Ortiz (trading ops)", "quote stale rejects at zero")
    say(utc("2026-01-06 16:21:40"), "Lena Fischer", "3.7.0 goes out again after the close, nothing in md-feed changes. follow-ups: page on 'line silent' (only a WARN today), stale-quote alert that names the line, ask Meridian about work next to populated panels")

    # --- support chats
    def chat(t, cid, topic, text, status="open"):
        chats.add(t, json.dumps({"id": cid, "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "channel": "in_app_chat", "status": status,
                                 "topic": topic, "message": text}, ensure_ascii=False))

    chat(utc("2026-01-06 13:44:09"), "CH-7720318", "transfers", "Transfer from my bank still not showing")
    chat(utc("2026-01-06 14:31:50"), "CH-7720962", "orders", "Market order for NVDA says Quote unavailable, please try again")
    chat(utc("2026-01-06 14:33:12"), "CH-7721004", "orders", "Can't buy anything at the open, quote unavailable every time")
    chat(utc("2026-01-06 14:40:37"), "CH-7721288", "orders", "Limit order rejected 'quote unavailable'?? it's a limit order")
    chat(utc("2026-01-06 15:02:18"), "CH-7721655", "orders", "Third time today my TSLA order got rejected, the stock is moving and I'm missing it")
    chat(utc("2026-01-06 15:31:44"), "CH-7721979", "orders", "Worked on the 2nd try. What's going on?")
    chat(utc("2026-01-06 16:05:27"), "CH-7722340", "account", "How do I download my 1099")
    stats["gap_events"] = gap_events
    stats["a_down"] = a_down
    stats["stale"] = stale
    return [md, router, netlog, dom, gl, colo, slack, chats], stats


def build(out_dir):
    rng = random.Random(76200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["onset"]).replace(microsecond=0)
        assert onset == utc("2026-01-06 14:19:02"), onset
        gap_events = stats["gap_events"]
        stale_rejects = stats["stale_rejects"]

        def gaps_rate(feed):
            def fn(t):
                x = t.timestamp()
                return sum(1 for e in gap_events if e[1][0] == feed and x - 60 < e[0] <= x)
            return fn

        def stale_share(t):
            x = t.timestamp()
            n = sum(1 for y in stats["orders"] if x - 60 < y <= x)
            k = sum(1 for y in stale_rejects if x - 60 < y <= x)
            return round(k / n, 4) if n else 0

        metrics = {
            "md_feed_gaps_unfilled_per_minute.json": query_range(
                [({"job": "md-feed", "host": "mdh01", "feed": f}, gaps_rate(f)) for f, _ in FEEDS], START, END, 60),
            "order_router_quote_stale_reject_ratio_1m.json": query_range(
                [({"job": "order-router", "check": "quote_fresh"}, stale_share)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r76-md-line-a-cross-connect-none", service=SERVICE, onset=onset,
            description=f"""
Tidewell's customers get "Quote unavailable" for a large share of their
orders from the 09:30 New York open on Tuesday 6 January: order-router's
pre-trade checks find the symbols' quotes stale, and md-feed, the SIP
feed handler, logs unfilled gaps and refused retransmissions on every
channel. Line A of the feeds was first lost at {onset.strftime('%H:%M:%S')} UTC. md-feed
3.7.0 had been deployed at 13:51-13:56; the rollback to 3.6.2 at
14:44-14:48 did not help. Rejects stopped at 15:43.
""",
            logs=logs,
            line_formats={"md-feed-mdh01.log": r'<Timestamp>\s+<Level> <Target>: <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'line A silent: no packets for .* arbitrating on line B only',
                r'is down \(Link failure\)',
                r'Low Rx Power Alarm',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. During another customer's installation on the
colo operator Meridian's meet-me room panel, the LC connector of
Tidewell's line A cross-connect (XC {XC_A}, from the extranet provider
Ridgeline) was knocked half out: md-sw1 logged Ethernet1/17 "is down
(Link failure)" at 14:19:02 and 14:20:44 (up again after 7 and 3 s) and
from 14:22:31, with "Low Rx Power Alarm", and the DOM poller read -40 dBm;
md-feed logged "line A silent: no packets for ... ms on ... channels,
arbitrating on line B only" for both feeds at 14:19:07 and 14:22:36 and
its stats show line_a_pkts=0. Alone, every packet line B lost became an
unfilled gap; from the 09:30 open (14:30) there were more than the SIP's
30 retransmission requests a minute per feed could fill, channels stayed
stale for seconds, up to a minute, and order-router rejected {len(stale_rejects)} orders with "quote
stale" (more than {len([y for y in stale_rejects if y >= secs(OPEN)]) // 100 * 100} after the open). Meridian's remote hands
reseated the connector at 15:43 ("partially unseated"); line A came back
and the gaps stopped. Nothing in md-feed was changed.
Decoys: md-feed 3.7.0, deployed 24-28 minutes before the onset (MD-318,
arbitration window 20 ms to 2 ms, in the very arbitration; MD-321, which
adds the very "gap not filled by arbitration" warning that fills the log;
MD-316, retransmission requests coalesced; MD-320, SO_RCVBUF 16 MiB in the
config; Renovate's socket2 bump, the multicast sockets' crate, and a tokio
bump), rolled back at 14:44-14:48 without effect (the warnings stop,
gaps_unfilled and retrans_refused go on in 3.6.2's stats); the runbook
commit of the evening before that reads unfilled gaps after a release as
the release, then the SIP's retransmission server; a docs commit 10
minutes before the onset; the two failovers of each deploy; two genuine
both-lines losses in the quiet hours; an unrelated tap port that flaps on
md-sw2; the colo's "no impact expected" maintenance reminder; routine risk
check failures.
""",
        )
    finally:
        repo.close()
