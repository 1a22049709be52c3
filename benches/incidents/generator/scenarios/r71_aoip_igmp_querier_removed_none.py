"""nordmark-streamer (Elixir 1.17, Membrane; one pod with host networking on
one of two streaming nodes in the broadcast centre's data room, rz-str-01
and rz-str-02, whose second NIC is on the AoIP VLAN; reconciled by Argo CD
from `deploy/production` of its own repository: a release is a commit that
bumps the image tag; team in Kiel) of Rundfunk Nordmark (RNM), a regional
public broadcaster. For each of the four programmes (Nordmark 1, Klassik,
Jam, Info) it receives the programme output as two AES67 multicast streams
(A and B chains, hot standby, 48 kHz/24 bit, 1 ms packets) on VLAN 611
"AoIP-RZ", encodes AAC for the web streams and pushes 6 s HLS segments to
the CDN's origin; with neither input for 5 s it plays a slate ("technische
Störung, wir sind gleich zurück"). The AES67 streams and PTP (the
grandmaster rz-gm-1, 224.0.1.129) reach the receivers through the AoIP
switches rz1-aoip-01/02, which do IGMP snooping and forward a group to a
port only while a host there has answered the IGMP querier within the
group membership interval (2 x 125 s + 10 s = 260 s) and drop
unregistered multicast. The querier of VLAN 611 is the core's SVI,
interface Vlan611 on rz1-core-01 (10.61.0.1), though nothing on the VLAN
is routed. FM and DAB+ are fed from the studios over another path.

Tuesday 21 April 2026. At 07:38 UTC Argo CD syncs release 4.7.0 (STR-311,
jitter buffer 20 ms -> 8 ms; STR-309, the multicast join on the AoIP
interface by name instead of its address; STR-314, which logs every input
loss with the group and the last packet's age, the very "RTP input lost"
warning; a membrane_rtp_plugin bump). At 07:51 the network team carries
out CHG0042211, "decommission unused L3 interfaces on the RZ core"
(Vlan611, Vlan612, Vlan640, Vlan702: no routed traffic in 30 days), risk
low, impact none; the broadcast engineers are not on the change. The last
IGMP general query on VLAN 611 went out at 07:50:40. 260 s after the
hosts' last reports the snooping entries expire: from 07:55:02 every AES67
stream and PTP stop at the streamer, the AoIP probe and every other
receiver in the data room; the streamer plays the slate on all four web
streams while FM and DAB+ carry on.

The runbook (Monday) reads "RTP input lost" on every programme as the
senders or PTP and says to roll back after a release. Lea reverts 4.7.0 at
08:12: the new pod joins its groups, its reports register them again and
the streams come back, for 260 s; at 08:18 they are gone again. Finn
deletes the pod, which restarts on rz-str-02: back at 08:29, gone at 08:34.
Tobias (broadcast engineering) sees each return last 4 min 20 s, the probe
saw its last general query at 07:50:40 from 10.61.0.1 and has lost its
groups since 07:55 although its port was never restarted; the network team
confirms the change; at 08:52 Dirk configures an IGMP snooping querier on
rz1-aoip-01 (10.61.0.250), the hosts answer its first query and every
stream and PTP return. 4.7.0 is synced again at 09:20; nothing in the
streamer is changed.

Sources: nordmark-streamer (Elixir Logger, line format), ptp4l on the two
streaming nodes (syslog RFC 3164), the AoIP probe (line format), the RZ
core and AoIP switches (syslog RFC 3164 with IOS messages, the network
team's export), the stream monitor comparing the web streams with FM
(logfmt), the CDN's HLS access log (JSON lines), Argo CD (logrus text),
the network team's change and incident records (JSON lines),
#sendetechnik (Slack export, JSON lines), listener service tickets (JSON
lines)."""

import bisect
import datetime as dt
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores

SERVICE = "nordmark-streamer"
START, END = utc("2026-04-21 06:00:00"), utc("2026-04-21 11:00:00")
RELEASE = utc("2026-04-21 07:38:40")       # Argo sync of 4.7.0
LAST_QUERY = utc("2026-04-21 07:50:40")    # last general query from rz1-core-01
SVI_REMOVED = utc("2026-04-21 07:51:52")   # no interface Vlan611 on rz1-core-01
ROLLBACK = utc("2026-04-21 08:13:30")      # Argo sync of the revert (4.6.2)
POD_DELETE = utc("2026-04-21 08:29:40")    # pod deleted, rescheduled on rz-str-02
QUERIER_ON = utc("2026-04-21 08:52:20")    # snooping querier on rz1-aoip-01
RERELEASE = utc("2026-04-21 09:20:20")     # Argo sync of 4.7.0 again
GMI = 260                                  # s, group membership interval

PROGS = [("nm1", "NM1", 11), ("kla", "KLA", 12), ("jam", "JAM", 13), ("inf", "INF", 14)]


def group(prog_n, inp):
    return f"239.69.{prog_n}.{21 if inp == 'a' else 22}"


# ---------------------------------------------------------------------------
# the repository

MIX = """defmodule Streamer.MixProject do
  use Mix.Project

  def project do
    [app: :streamer, version: "4.6.1", elixir: "~> 1.17", start_permanent: Mix.env() == :prod, deps: deps()]
  end

  def application do
    [extra_applications: [:logger], mod: {Streamer.Application, []}]
  end

  defp deps do
    [
      {:membrane_core, "~> 1.1.2"},
      {:membrane_rtp_plugin, "~> 0.29.0"},
      {:membrane_udp_plugin, "~> 0.14.1"},
      {:membrane_aac_fdk_plugin, "~> 0.18.10"},
      {:membrane_http_adaptive_stream_plugin, "~> 0.18.5"},
      {:req, "~> 0.5.6"},
      {:telemetry_metrics_prometheus, "~> 1.1"}
    ]
  end
end
"""

RUNTIME = """import Config

config :logger, :default_formatter,
  format: "$date $time [$level] $metadata$message\\n",
  metadata: [:stream, :input]

config :streamer,
  aoip_interface_ip: System.get_env("AOIP_IP", "10.61.2.11"),
  jitter_buffer_ms: 20,
  loss_timeout_ms: 1000,
  slate_after_ms: 5000,
  origin: "https://origin.live.rundfunk-nordmark.de/live",
  programmes: [
    nm1: [a: "239.69.11.21:5004", b: "239.69.11.22:5004"],
    kla: [a: "239.69.12.21:5004", b: "239.69.12.22:5004"],
    jam: [a: "239.69.13.21:5004", b: "239.69.13.22:5004"],
    inf: [a: "239.69.14.21:5004", b: "239.69.14.22:5004"]
  ]
"""

RECEIVER = """defmodule Streamer.AES67.Receiver do
  @moduledoc \"\"\"
  One AES67 input: joins the multicast group on the AoIP interface, puts
  the RTP packets through a jitter buffer and reports the input up or down
  to the programme's InputSwitch.
  \"\"\"
  use Membrane.Bin

  def_options group: [spec: String.t()], input: [spec: :a | :b], stream: [spec: atom()]

  @impl true
  def handle_init(_ctx, opts) do
    [ip, port] = String.split(opts.group, ":")
    local = Application.fetch_env!(:streamer, :aoip_interface_ip)

    spec =
      child(:udp, %Membrane.UDP.Source{
        local_address: parse(ip),
        local_port_no: String.to_integer(port),
        local_socket_options: [multicast_membership: {parse(ip), parse(local)}]
      })
      |> child(:rtp, %Membrane.RTP.JitterBuffer{
        latency: Membrane.Time.milliseconds(Application.fetch_env!(:streamer, :jitter_buffer_ms))
      })
      |> bin_output()

    Logger.metadata(stream: opts.stream, input: opts.input)
    Logger.info("joined #{opts.group} on #{local}")
    {[spec: spec], %{opts: opts, last_packet: nil}}
  end

  defp parse(ip), do: ip |> String.to_charlist() |> :inet.parse_address() |> elem(1)
end
"""

SWITCH = """defmodule Streamer.InputSwitch do
  @moduledoc \"\"\"
  A/B failover per programme: A while it has packets, else B, else after
  `slate_after_ms` the slate loop.
  \"\"\"
  require Logger

  def handle_loss(state, input) do
    Logger.warning("no RTP packets on input #{input} for #{state.loss_timeout_ms} ms, switching to #{other(input)}")
    switch(state, other(input))
  end

  def handle_both_down(state) do
    Logger.error("inputs a and b down, slate")
    %{state | source: :slate}
  end

  def handle_back(state, input) do
    Logger.info("input #{input} back")
    switch(state, input)
  end

  defp other(:a), do: :b
  defp other(:b), do: :a
  defp switch(state, input), do: %{state | source: input}
end
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: streaming
resources:
  - statefulset.yaml
images:
  - name: registry.gitlab.rnm.internal/streaming/nordmark-streamer
    newTag: "{tag}"
"""

STATEFULSET = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: nordmark-streamer
spec:
  replicas: 1
  serviceName: nordmark-streamer
  selector:
    matchLabels:
      app: nordmark-streamer
  template:
    metadata:
      labels:
        app: nordmark-streamer
    spec:
      hostNetwork: true
      nodeSelector:
        rnm.de/aoip: "true"
      containers:
        - name: streamer
          image: registry.gitlab.rnm.internal/streaming/nordmark-streamer
          env:
            - name: AOIP_IP
              valueFrom:
                fieldRef:
                  fieldPath: metadata.annotations['rnm.de/aoip-ip']
          resources:
            requests:
              cpu: "2"
              memory: 1Gi
"""

NETWORK_DOC = """# AoIP in the data room

| what | where |
|---|---|
| VLAN 611 AoIP-RZ | rz1-aoip-01, rz1-aoip-02 (IGMP snooping, unregistered multicast dropped) |
| programme outputs | AES67 from the MADI gateway rz-gw-1, A chain 239.69.1x.21, B chain 239.69.1x.22, port 5004 |
| PTP | grandmaster rz-gm-1 (GPS), AES67 media profile, 224.0.1.129, domain 0 |
| streaming nodes | rz-str-01 (10.61.2.11), rz-str-02 (10.61.2.12), second NIC ens2f1 |
| AoIP probe | rz-probe-01 (10.61.2.40), joined to every programme stream |
| IGMP querier | rz1-core-01, interface Vlan611 (10.61.0.1, `ip pim passive`), IGMPv2, query interval 125 s; rz1-core-02's Vlan611 runs no IGMP |

FM and DAB+ are fed from the studio building's router over the MPLS
contribution network, not through this VLAN.
"""

RUNBOOK_ALERTS = [
    ("StreamOnSlate", "A programme's web stream plays the slate: the streamer has had neither input for 5 s. See 'RTP input lost' below."),
    ("OriginPushErrors", "Segment PUTs to the CDN origin fail. The streamer retries three times; check the CDN's status page."),
]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def runbook():
    body = "".join(f"\n## {title}\n\n{text}\n" for title, text in RUNBOOK_ALERTS)
    return f"# nordmark-streamer runbook\n\nOwner: #sendetechnik. Dashboards: Grafana > Streaming.\n{body}"


def build_repo():
    repo = Repo()
    lea = Person("Lea Carstensen", "lea.carstensen@rundfunk-nordmark.de", 120)
    finn = Person("Finn Jacobsen", "finn.jacobsen@rundfunk-nordmark.de", 120)
    tobias = Person("Tobias Kröger", "tobias.kroeger@rundfunk-nordmark.de", 120)
    bot = Person("renovate[bot]", "renovate-bot@gitlab.rnm.internal", 0)
    files = {
        "mix.exs": MIX,
        "mix.lock": "%{\n  \"membrane_core\": {:hex, :membrane_core, \"1.1.2\", \"3ca206893e1d3739a24d5092d21c95fcf0db0812d14a1d8e6c3f0b1c8a7d23ea\", [:mix], [], \"hexpm\"},\n  \"membrane_rtp_plugin\": {:hex, :membrane_rtp_plugin, \"0.29.0\", \"0277310eb599b8e6de9e0b864807f23e3b245865e39a28f0cb5a5a4f6c0a2b4e\", [:mix], [], \"hexpm\"},\n  \"membrane_udp_plugin\": {:hex, :membrane_udp_plugin, \"0.14.1\", \"d6ab56e5a5e8f8d6cde0f5a9e5b8b6ad5c3e6a0a1a0cf1c8f0e2f6b3e5e2b1c7\", [:mix], [], \"hexpm\"},\n}\n",
        "config/config.exs": "import Config\n\nconfig :logger, level: :info\n\nimport_config \"#{config_env()}.exs\"\n",
        "config/prod.exs": "import Config\n",
        "config/runtime.exs": RUNTIME,
        "lib/streamer/application.ex": "defmodule Streamer.Application do\n  use Application\n  require Logger\n\n  @impl true\n  def start(_type, _args) do\n    progs = Application.fetch_env!(:streamer, :programmes)\n    Logger.info(\"nordmark-streamer #{Application.spec(:streamer, :vsn)} (git #{System.get_env(\"GIT_SHA\")}) starting, #{length(progs)} programmes\")\n    children = for {name, inputs} <- progs, do: {Streamer.Programme, name: name, inputs: inputs}\n    Supervisor.start_link(children, strategy: :one_for_one, name: Streamer.Supervisor)\n  end\nend\n",
        "lib/streamer/programme.ex": "defmodule Streamer.Programme do\n  @moduledoc \"Two AES67 inputs -> InputSwitch -> AAC (128k LC, 48k HE) -> HLS (6 s) -> origin.\"\n  use Membrane.Pipeline\nend\n",
        "lib/streamer/aes67/receiver.ex": RECEIVER,
        "lib/streamer/input_switch.ex": SWITCH,
        "lib/streamer/hls/origin_sink.ex": "defmodule Streamer.HLS.OriginSink do\n  @moduledoc \"PUTs segments and playlists to the CDN origin, three tries each.\"\n  require Logger\n\n  def put(url, body, tries \\\\ 3) do\n    case Req.put(url, body: body, retry: false) do\n      {:ok, %{status: s}} when s in 200..299 -> :ok\n      {:ok, %{status: s}} when tries > 1 -> Logger.warning(\"hls: PUT #{Path.basename(url)} to origin failed (HTTP #{s}), retrying\"); put(url, body, tries - 1)\n      other -> {:error, other}\n    end\n  end\nend\n",
        "test/input_switch_test.exs": "defmodule Streamer.InputSwitchTest do\n  use ExUnit.Case\n  alias Streamer.InputSwitch\n\n  test \"switches to b when a is lost\" do\n    assert %{source: :b} = InputSwitch.handle_loss(%{source: :a, loss_timeout_ms: 1000}, :a)\n  end\nend\n",
        "test/test_helper.exs": "ExUnit.start()\n",
        "deploy/production/kustomization.yaml": KUSTOMIZATION.format(tag="4.6.1"),
        "deploy/production/statefulset.yaml": STATEFULSET,
        "Dockerfile": "FROM hexpm/elixir:1.17.3-erlang-27.1.2-debian-bookworm-20241016-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libfdk-aac-dev && rm -rf /var/lib/apt/lists/*\nWORKDIR /src\nENV MIX_ENV=prod\nCOPY . .\nRUN mix local.hex --force && mix deps.get --only prod && mix release\n\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libfdk-aac2 libstdc++6 openssl && rm -rf /var/lib/apt/lists/*\nARG GIT_SHA\nENV GIT_SHA=$GIT_SHA\nCOPY --from=build /src/_build/prod/rel/streamer /app\nENTRYPOINT [\"/app/bin/streamer\", \"start\"]\n",
        ".gitlab-ci.yml": "stages: [test, build]\n\ntest:\n  image: hexpm/elixir:1.17.3-erlang-27.1.2-debian-bookworm-20241016-slim\n  script:\n    - mix deps.get && mix test\n\nbuild:\n  stage: build\n  rules:\n    - if: $CI_COMMIT_TAG\n  script:\n    - docker build --build-arg GIT_SHA=$CI_COMMIT_SHORT_SHA -t $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG .\n    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG\n",
        "docs/runbook.md": runbook(),
        "README.md": "# nordmark-streamer\n\nThe web streams of Rundfunk Nordmark: each programme's AES67 output (A and\nB chain) in, AAC out, HLS segments to the CDN origin.\n\nReleases: tag `vX.Y.Z` (CI builds the image), then bump the tag in\n`deploy/production/kustomization.yaml`; Argo CD syncs `main` within three\nminutes. Roll back by reverting that commit.\n",
    }
    repo.commit(utc("2026-04-15 07:10:00"), lea, "nordmark-streamer 4.6.1: AES67 A/B in, AAC/HLS out, slate", files)
    crng = random.Random(71203)
    repo.schedule(chores(crng, SERVICE, [lea, finn, tobias], utc("2026-04-15 08:00:00"), utc("2026-04-17 15:00:00"), 3))
    repo.commit(utc("2026-04-16 09:40:00"), finn, "hls: EXT-X-PROGRAM-DATE-TIME on every segment (STR-305)\n\nThe app's 'was lief gerade' needs the wall-clock time of each segment.", {
        "lib/streamer/programme.ex": sub(repo.files["lib/streamer/programme.ex"], "  use Membrane.Pipeline\n", "  use Membrane.Pipeline\n\n  # STR-305: program date time on every segment (the app's now-playing lookup)\n  @hls_opts [target_segment_duration: Membrane.Time.seconds(6), program_date_time: :every_segment]\n"),
    })
    rel462 = repo.commit(utc("2026-04-16 12:05:00"), finn, "release 4.6.2", {
        "mix.exs": sub(repo.files["mix.exs"], 'version: "4.6.1"', 'version: "4.6.2"'),
        "CHANGELOG.md": repo.files.get("CHANGELOG.md", "# Changelog\n") + "\n## 4.6.2\n\n- STR-305 program date time on every segment\n",
        "deploy/production/kustomization.yaml": KUSTOMIZATION.format(tag="4.6.2"),
    })
    repo.commit(utc("2026-04-17 04:20:00"), bot, "chore(deps): update dependency membrane_rtp_plugin to ~> 0.29.1", {
        "mix.exs": sub(repo.files["mix.exs"], '{:membrane_rtp_plugin, "~> 0.29.0"}', '{:membrane_rtp_plugin, "~> 0.29.1"}'),
        "mix.lock": sub(repo.files["mix.lock"], '"0.29.0", "0277310eb599b8e6de9e0b864807f23e3b245865e39a28f0cb5a5a4f6c0a2b4e"', '"0.29.1", "5c1f6e0b8f5d1e0a3f0c6d3b2e8a7a9c4d1b6e2f3a0c9d8e7f6a5b4c3d2e1f0a"'),
    })
    repo.commit(utc("2026-04-17 10:15:00"), tobias, "docs: AoIP in the data room (VLAN 611, groups, PTP)", {"docs/network.md": NETWORK_DOC})
    repo.commit(utc("2026-04-20 07:30:00"), lea, "runbook: RTP input lost", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## RTP input lost\n\nThe streamer gets no packets from a programme's AES67 stream. One input:\nthe A or B chain of that programme (playout, MADI gateway). Every input\nat once: the MADI gateway rz-gw-1 or PTP (look at the grandmaster\nrz-gm-1 and the AoIP probe); the jitter buffer drops everything when the\nmedia clock is off. If it starts after a streamer release, revert the\nrelease commit (Argo CD syncs within three minutes).\n",
    })
    repo.commit(utc("2026-04-20 11:00:00"), finn, "aes67: join multicast on the AoIP interface by name (STR-309)\n\nrz-str-02's AoIP address changes when it moves rack next month; the\ninterface name (ens2f1) does not.", {
        "lib/streamer/aes67/receiver.ex": sub(repo.files["lib/streamer/aes67/receiver.ex"],
                                              "    local = Application.fetch_env!(:streamer, :aoip_interface_ip)\n",
                                              "    iface = Application.fetch_env!(:streamer, :aoip_interface)\n    {:ok, addrs} = :inet.getifaddrs()\n    local = addrs |> List.keyfind(String.to_charlist(iface), 0) |> elem(1) |> Keyword.get(:addr) |> :inet.ntoa() |> to_string()\n",
                                              "    Logger.info(\"joined #{opts.group} on #{local}\")", "    Logger.info(\"joined #{opts.group} on #{iface} (#{local})\")"),
        "config/runtime.exs": sub(repo.files["config/runtime.exs"], '  aoip_interface_ip: System.get_env("AOIP_IP", "10.61.2.11"),\n', '  aoip_interface: System.get_env("AOIP_IFACE", "ens2f1"),\n'),
    })
    repo.commit(utc("2026-04-20 13:20:00"), lea, "aes67: jitter buffer 20 ms -> 8 ms, loss after 250 ms (STR-311)\n\nThe web streams ran 0.9 s behind the A chain's own monitoring; the\nAoIP network here is two switches, 1 ms packets arrive within 2 ms.", {
        "config/runtime.exs": sub(repo.files["config/runtime.exs"], "  jitter_buffer_ms: 20,\n  loss_timeout_ms: 1000,\n", "  jitter_buffer_ms: 8,\n  loss_timeout_ms: 250,\n"),
    })
    repo.commit(utc("2026-04-21 06:50:00"), lea, "input switch: log every input loss with group and last packet age (STR-314)", {
        "lib/streamer/input_switch.ex": sub(repo.files["lib/streamer/input_switch.ex"],
                                            '    Logger.warning("no RTP packets on input #{input} for #{state.loss_timeout_ms} ms, switching to #{other(input)}")\n',
                                            '    Logger.warning("RTP input lost: no packets on #{state.groups[input]} for #{state.loss_timeout_ms} ms (last packet #{age_ms(state, input)} ms ago, jitter buffer #{state.jitter_buffer_ms} ms)")\n',
                                            '    Logger.error("inputs a and b down, slate")\n', '    Logger.error("no input on A or B for #{state.slate_after_ms} ms, playing slate")\n',
                                            '    Logger.info("input #{input} back")\n', '    Logger.info("RTP input restored after #{div(age_ms(state, input), 1000)} s")\n',
                                            "  defp other(:a), do: :b\n", "  defp age_ms(state, input), do: System.monotonic_time(:millisecond) - state.last_packet[input]\n\n  defp other(:a), do: :b\n"),
    })
    tag470 = repo.commit(utc("2026-04-21 07:12:00"), lea, "mix.exs: 4.7.0", {
        "mix.exs": sub(repo.files["mix.exs"], 'version: "4.6.2"', 'version: "4.7.0"'),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.7.0\n\n- STR-311 jitter buffer 8 ms, loss after 250 ms\n- STR-309 multicast join by interface name\n- STR-314 every input loss logged\n- membrane_rtp_plugin 0.29.1\n",
    })
    release = repo.commit(utc("2026-04-21 07:36:10"), lea, "release 4.7.0 to production", {
        "deploy/production/kustomization.yaml": KUSTOMIZATION.format(tag="4.7.0"),
    })
    revert = repo.commit(utc("2026-04-21 08:12:50"), lea, "Revert \"release 4.7.0 to production\"\n\nAll web streams on the slate since 09:55 local, RTP input lost on A and B.", {
        "deploy/production/kustomization.yaml": KUSTOMIZATION.format(tag="4.6.2"),
    })
    again = repo.commit(utc("2026-04-21 09:19:40"), lea, "release 4.7.0 to production again\n\nNot 4.7.0: CHG0042211 removed Vlan611's SVI on rz1-core-01, the VLAN's\nIGMP querier; without queries the AoIP switches stop forwarding every\ngroup 260 s after a host's last report. Snooping querier on rz1-aoip-01\nsince 10:52 local.", {
        "deploy/production/kustomization.yaml": KUSTOMIZATION.format(tag="4.7.0"),
    })
    repo.commit(utc("2026-04-21 10:38:00"), tobias, "runbook: every input lost a few minutes after a (re)start is the IGMP querier", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## RTP input lost\n\n",
                               "## RTP input lost\n\nIf every input comes back after a restart and is lost again about 260 s\nlater, the AoIP switches have no IGMP querier (the probe logs 'no IGMP\ngeneral query'): ask the network team (21 April: CHG0042211 removed\nVlan611's SVI on rz1-core-01). Restarting or rolling back does not help.\n\n"),
        "docs/network.md": sub(repo.files["docs/network.md"], "IGMPv2, query interval 125 s; rz1-core-02's Vlan611 runs no IGMP |",
                               "IGMPv2, query interval 125 s; removed by CHG0042211 on 21 April, since then the snooping queriers of rz1-aoip-01 (10.61.0.250) and rz1-aoip-02 (10.61.0.251) |"),
    })
    repo._due(None)
    history = sorted((dt.datetime.fromtimestamp(int(ts), dt.timezone.utc), sha) for sha, ts in (line.split() for line in repo._git("log", "--format=%H %ct").splitlines()))
    return repo, {"history": history, "rel462": rel462, "tag470": tag470, "release": release, "revert": revert, "again": again}


# ---------------------------------------------------------------------------
# the network: when does a receiver's port get a group?


def forwarding(rng, joins, query_times):
    """Intervals during which the snooping switch forwards a group to a port:
    joins are the times a host (re)joined (unsolicited reports), query_times
    the general queries (each answered within 10 s). An entry lasts GMI s
    after the last report."""
    joins = [max(j, query_times[0] - dt.timedelta(seconds=1)) for j in joins]
    reports = sorted([j + dt.timedelta(seconds=rng.uniform(0.0, 1.2)) for j in joins]
                     + [q + dt.timedelta(seconds=rng.uniform(0.2, 9.8)) for q in query_times if q >= joins[0]])
    spans = []
    for r in reports:
        end = r + dt.timedelta(seconds=GMI)
        if spans and r <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((r, end))
    return spans


def is_on(spans, t):
    i = bisect.bisect_right([s[0] for s in spans], t) - 1
    return i >= 0 and spans[i][0] <= t < spans[i][1]


def build_logs(rng, shas):
    stream, ptp, probe, net, mon, cdn, argo, itsm, slack, tickets = (
        Log("nordmark-streamer.log"), Log("ptp4l-streaming-nodes.log"), Log("aoip-probe.log"), Log("rz-switches.log"),
        Log("stream-monitor.log"), Log("cdn-hls-access.log"), Log("argocd-application-controller.log"), Log("servicenow-records.log"),
        Log("slack-sendetechnik.log"), Log("hoererservice-tickets.log"))
    stats = {"first": None, "lost": [], "restored": [], "joined": []}

    # general queries: every 125 s from rz1-core-01 until its SVI goes, then from 08:52:20 from rz1-aoip-01
    queries = []
    q = LAST_QUERY
    while q > START - dt.timedelta(hours=2):
        queries.append(q)
        q -= dt.timedelta(seconds=125)
    queries.sort()
    q = QUERIER_ON + dt.timedelta(seconds=1)
    queries.append(q)
    q += dt.timedelta(seconds=31)    # startup queries (a quarter of the interval)
    queries.append(q)
    q += dt.timedelta(seconds=31)
    while q < END + dt.timedelta(minutes=10):
        queries.append(q)
        q += dt.timedelta(seconds=125)
    queries.sort()

    # the streamer's pods: (start, node, version)
    pods = [(utc("2026-04-16 12:14:00"), "rz-str-01", "4.6.2"), (RELEASE + dt.timedelta(seconds=36, milliseconds=412), "rz-str-01", "4.7.0"),
            (ROLLBACK + dt.timedelta(seconds=38, milliseconds=87), "rz-str-01", "4.6.2"), (POD_DELETE + dt.timedelta(seconds=9, milliseconds=655), "rz-str-02", "4.6.2"),
            (RERELEASE + dt.timedelta(seconds=37, milliseconds=230), "rz-str-01", "4.7.0")]

    def pod_at(t):
        cur = pods[0]
        for p in pods:
            if t >= p[0]:
                cur = p
        return cur

    # per programme/input: intervals with packets at the streamer
    inputs = {}
    for prog, code, n in PROGS:
        for inp in ("a", "b"):
            spans = []
            for k, (p0, node, ver) in enumerate(pods):
                p1 = pods[k + 1][0] - dt.timedelta(seconds=4) if k + 1 < len(pods) else END + dt.timedelta(hours=1)
                fw = forwarding(rng, [p0 + dt.timedelta(seconds=2)], queries)
                for a, b in fw:
                    a, b = max(a, p0 + dt.timedelta(seconds=2)), min(b, p1)
                    if a < b:
                        spans.append((a, b))
            inputs[(prog, inp)] = spans
    probe_spans = {(prog, inp): forwarding(rng, [utc("2026-04-14 09:12:00")], queries) for prog, _, _ in PROGS for inp in ("a", "b")}
    ptp_spans = {node: forwarding(rng, [utc("2026-04-02 06:40:00")], queries) for node in ("rz-str-01", "rz-str-02", "rz-probe-01")}

    # ---- streamer log
    def slog(t, level, msg, stream_=None, input_=None):
        if START <= t < END:
            meta = ""
            if stream_:
                meta += f"stream={stream_} "
            if input_:
                meta += f"input={input_} "
            stream.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} [{level}] {meta}{msg}")

    tags = {"4.7.0": shas["tag470"][:7], "4.6.2": shas["rel462"][:7]}
    for (p0, node, ver) in pods[1:]:
        ip_ = "10.61.2.11" if node == "rz-str-01" else "10.61.2.12"
        slog(p0, "info", f"nordmark-streamer {ver} (git {tags[ver]}) starting, 4 programmes, node {node}")
        ptp_ok = is_on(ptp_spans[node], p0)
        if not ptp_ok:
            slog(p0 + dt.timedelta(milliseconds=140), "warning", "PTP not locked (ptp4l port state LISTENING), media clock free-running")
        for prog, code, n in PROGS:
            for inp in ("a", "b"):
                where = f"ens2f1 ({ip_})" if ver == "4.7.0" else ip_
                slog(p0 + dt.timedelta(milliseconds=rng.randint(200, 900)), "info", f"joined {group(n, inp)}:5004 on {where}", prog, inp)

    lost_state = {}
    for prog, code, n in PROGS:
        # events per input
        events = []
        for inp in ("a", "b"):
            for a, b in inputs[(prog, inp)]:
                events.append((a, "up", inp))
                events.append((b, "down", inp))
        events.sort()
        up = {"a": False, "b": False}
        on_slate_since = None
        cur_pod = None
        for t, kind, inp in events:
            p0, node, ver = pod_at(t)
            if p0 != cur_pod:
                cur_pod = p0
                on_slate_since = None
                lost_state = {k: v for k, v in lost_state.items() if k[0] != prog}
            if kind == "down":
                up[inp] = False
                if t - p0 < dt.timedelta(seconds=3) or any(abs((t - (p[0] - dt.timedelta(seconds=4))).total_seconds()) < 1 for p in pods):
                    continue  # the pod stops
                thr = 250 if ver == "4.7.0" else 1000
                tl = t + dt.timedelta(milliseconds=thr)
                if ver == "4.7.0":
                    slog(tl, "warning", f"RTP input lost: no packets on {group(n, inp)}:5004 for 250 ms (last packet {250 + rng.randint(0, 9)} ms ago, jitter buffer 8 ms)", prog, inp)
                else:
                    slog(tl, "warning", f"no RTP packets on input {inp} for 1000 ms, switching to {'b' if inp == 'a' else 'a'}", prog)
                if tl >= START:
                    stats["lost"].append((tl, prog, inp))
                    if stats["first"] is None or tl < stats["first"]:
                        stats["first"] = tl
                if not up["a"] and not up["b"]:
                    ts = tl + dt.timedelta(seconds=5)
                    on_slate_since = ts
                    if ver == "4.7.0":
                        slog(ts, "error", "no input on A or B for 5000 ms, playing slate", prog)
                    else:
                        slog(ts, "error", "inputs a and b down, slate", prog)
                lost_state[(prog, inp)] = tl
            else:
                up[inp] = True
                if (prog, inp) in lost_state and t - p0 > dt.timedelta(seconds=3):
                    since = lost_state.pop((prog, inp))
                    if ver == "4.7.0":
                        slog(t + dt.timedelta(milliseconds=rng.randint(5, 30)), "info", f"RTP input restored after {int((t - since).total_seconds())} s", prog, inp)
                    else:
                        slog(t + dt.timedelta(milliseconds=rng.randint(5, 30)), "info", f"input {inp} back", prog)
                    if t >= START:
                        stats["restored"].append((t, prog, inp))
                elif (prog, inp) in lost_state:
                    lost_state.pop((prog, inp))
                if t - p0 <= dt.timedelta(seconds=3):
                    if t >= START:
                        stats["joined"].append((t, prog, inp))
                    continue
                if on_slate_since is not None:
                    slog(t + dt.timedelta(milliseconds=rng.randint(30, 60)), "info", f"slate off after {int((t - on_slate_since).total_seconds())} s, source {inp.upper()}", prog)
                    on_slate_since = None
        stats[f"events_{prog}"] = events

    def src_at(prog, t):
        if is_on(inputs[(prog, "a")], t):
            return "A"
        if is_on(inputs[(prog, "b")], t):
            return "B"
        return "slate"

    # minute status lines and origin pushes
    for prog, code, n in PROGS:
        t = START + dt.timedelta(seconds=rng.uniform(0, 59))
        while t < END:
            p0, node, ver = pod_at(t)
            src = src_at(prog, t)
            if p0 < t - dt.timedelta(seconds=20):
                ja = "ok" if is_on(inputs[(prog, "a")], t) else "lost"
                jb = "ok" if is_on(inputs[(prog, "b")], t) else "lost"
                ja = f"ok (jitter {rng.uniform(0.1, 0.6):.1f} ms, loss 0)" if ja == "ok" else ja
                slog(t, "info", f"hls: 10 segments pushed to origin (avg {rng.randint(24, 70)} ms), source {src}, input a {ja}, input b {jb}", prog)
                if rng.random() < 0.012:
                    slog(t + dt.timedelta(seconds=rng.uniform(1, 50)), "warning", f"hls: PUT seg_{int((t.timestamp()) // 6)}.aac to origin failed (HTTP 503), retrying", prog)
            t += dt.timedelta(seconds=60, milliseconds=rng.randint(-200, 200))

    # ---- ptp4l on the streaming nodes (the grandmaster's Sync and Announce are multicast too)
    pids = {"rz-str-01": 1187, "rz-str-02": 1203}
    clock_ids = {"rz-str-01": "3cfdfe.fffe.a1b2c3", "rz-str-02": "3cfdfe.fffe.a1b7d0"}
    uptime0 = {"rz-str-01": 1641200.0, "rz-str-02": 1641188.0}

    def plog(t, node, msg):
        if START <= t < END:
            up_s = uptime0[node] + (t - START).total_seconds()
            ptp.add(t, syslog3164(t, node, "ptp4l", pids[node], f"[{up_s:.3f}] {msg}"))

    for node in ("rz-str-01", "rz-str-02"):
        spans = ptp_spans[node]
        t = START + dt.timedelta(seconds=rng.uniform(0, 63))
        while t < END:
            if is_on(spans, t):
                plog(t, node, f"rms {rng.randint(8, 40)} max {rng.randint(40, 120)} freq {rng.randint(-2100, -1900):+d} +/- {rng.randint(5, 30)} delay {rng.randint(790, 830)} +/- {rng.randint(1, 6)}")
            t += dt.timedelta(seconds=64)
        for a, b in spans:
            if START <= b < END:
                plog(b + dt.timedelta(seconds=6), node, "port 1 (ens2f1): SLAVE to LISTENING on ANNOUNCE_RECEIPT_TIMEOUT_EXPIRES")
                plog(b + dt.timedelta(seconds=6, milliseconds=2), node, f"selected local clock {clock_ids[node]} as best master")
            if START <= a < END and a > START + dt.timedelta(minutes=1):
                plog(a + dt.timedelta(seconds=rng.uniform(0.5, 2)), node, "port 1 (ens2f1): new foreign master 001b21.fffe.8a31c2-1")
                plog(a + dt.timedelta(seconds=rng.uniform(4.1, 4.5)), node, "selected best master clock 001b21.fffe.8a31c2")
                plog(a + dt.timedelta(seconds=rng.uniform(4.6, 5.0)), node, "port 1 (ens2f1): LISTENING to UNCALIBRATED on RS_SLAVE")
                plog(a + dt.timedelta(seconds=rng.uniform(7, 9)), node, "port 1 (ens2f1): UNCALIBRATED to SLAVE on MASTER_CLOCK_SELECTED")

    # ---- the AoIP probe
    def prb(t, sev, kind, msg):
        if START <= t < END:
            probe.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} rz-probe-01 {sev:<5} {kind:<6} {msg}")

    for qt in queries:
        src = "10.61.0.1" if qt <= LAST_QUERY else "10.61.0.250"
        changed = " - querier changed" if src == "10.61.0.250" and qt < QUERIER_ON + dt.timedelta(seconds=2) else ""
        prb(qt + dt.timedelta(milliseconds=rng.randint(1, 9)), "INFO", "IGMP", f"general query from {src} (v2, max resp 10 s) vlan 611{changed}")
    # querier watch: warns when the last query is older than 2 intervals
    t = LAST_QUERY + dt.timedelta(seconds=250)
    while t < QUERIER_ON:
        prb(t + dt.timedelta(milliseconds=rng.randint(0, 50)), "WARN", "IGMP", f"no IGMP general query on vlan 611 for {int((t - LAST_QUERY).total_seconds())} s (last from 10.61.0.1 at {LAST_QUERY.strftime('%H:%M:%S')})")
        t += dt.timedelta(seconds=300)
    names = {"a": "A", "b": "B"}
    for prog, code, n in PROGS:
        for inp in ("a", "b"):
            spans = probe_spans[(prog, inp)]
            t = START + dt.timedelta(seconds=rng.uniform(0, 299))
            while t < END:
                if is_on(spans, t):
                    prb(t, "INFO", "STREAM", f"{group(n, inp)} {code}-PGM-{names[inp]} L24/48000/2 1000 pkt/s loss 0 late 0 ptp-offset {rng.randint(5, 90)}ns")
                t += dt.timedelta(seconds=300)
            for a, b in spans:
                if START <= b < END:
                    prb(b + dt.timedelta(seconds=2), "ALARM", "STREAM", f"{group(n, inp)} {code}-PGM-{names[inp]} lost (no packets for 2 s)")
                if START <= a < END and a > START + dt.timedelta(minutes=1):
                    prb(a + dt.timedelta(milliseconds=rng.randint(2, 40)), "CLEAR", "STREAM", f"{group(n, inp)} {code}-PGM-{names[inp]} receiving again")
    for a, b in ptp_spans["rz-probe-01"]:
        if START <= b < END:
            prb(b + dt.timedelta(seconds=6), "ALARM", "PTP", "no Announce from grandmaster 001b21.fffe.8a31c2 (rz-gm-1) for 6 s")
        if START <= a < END and a > START + dt.timedelta(minutes=1):
            prb(a + dt.timedelta(seconds=2), "CLEAR", "PTP", "grandmaster 001b21.fffe.8a31c2 (rz-gm-1) class 6, offset 31ns")
    t = START + dt.timedelta(seconds=rng.uniform(0, 299))
    while t < END:
        if is_on(ptp_spans["rz-probe-01"], t):
            prb(t, "INFO", "PTP", f"grandmaster 001b21.fffe.8a31c2 (rz-gm-1) class 6 locked GPS, domain 0, offset {rng.randint(-60, 60)}ns, path delay {rng.randint(780, 840)}ns")
        t += dt.timedelta(seconds=300)

    # ---- the switches (the network team's syslog export)
    seqs = {"rz1-core-01": 44810, "rz1-core-02": 39122, "rz1-aoip-01": 8811, "rz1-aoip-02": 8702}

    def nlog(t, host, msg):
        if START <= t < END:
            seqs[host] += 1
            stamp = f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')}.{t.microsecond // 1000:03d} UTC"
            net.add(t, syslog3164(t, host, str(seqs[host]), None, f"{stamp}: {msg}"))

    def cmd(t, host, user, command):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        nlog(t, host, f"%PARSER-5-CFGLOG_LOGGEDCMD: User:{user}  logged command:{command}")

    # routine: access ports, logins, NTP
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1 / 240))
        host = rng.choice(["rz1-core-01", "rz1-core-02", "rz1-aoip-01", "rz1-aoip-02"])
        kind = rng.random()
        if kind < 0.35:
            port = f"GigabitEthernet1/0/{rng.randint(1, 44)}" if "aoip" not in host else f"TenGigabitEthernet1/1/{rng.randint(1, 4)}"
            if "aoip" in host:
                continue
            nlog(t, host, f"%LINK-3-UPDOWN: Interface {port}, changed state to down")
            nlog(t + dt.timedelta(seconds=rng.uniform(2, 8)), host, f"%LINK-3-UPDOWN: Interface {port}, changed state to up")
        elif kind < 0.6:
            nlog(t, host, f"%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: {rng.choice(['netbox-sync', 'oxidized'])}] [Source: 10.10.4.{rng.choice([12, 13])}] [localport: 22] at {t.strftime('%H:%M:%S')} UTC Tue Apr 21 2026")
        elif kind < 0.8:
            nlog(t, host, f"%SSH-5-SSH2_USERAUTH: User '{rng.choice(['netbox-sync', 'oxidized'])}' authentication for SSH2 Session from 10.10.4.{rng.choice([12, 13])} (tty = 0) using crypto cipher 'aes256-gcm', hmac 'hmac-sha2-256' Succeeded")
        else:
            if "core" in host:
                nlog(t, host, f"%DOT1X-5-FAIL: Authentication failed for client ({':'.join(f'{rng.randint(0, 255):02x}' for _ in range(6))}) on Interface Gi1/0/{rng.randint(1, 44)}")
    # the change: unused SVIs on both core switches
    user = "d.meiners"
    t0 = SVI_REMOVED - dt.timedelta(seconds=62)
    nlog(t0 - dt.timedelta(seconds=40), "rz1-core-01", f"%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: {user}] [Source: 10.10.4.23] [localport: 22] at {(t0 - dt.timedelta(seconds=40)).strftime('%H:%M:%S')} UTC Tue Apr 21 2026")
    for k, (vlan, delay) in enumerate((("612", 0), ("611", 62), ("640", 101), ("702", 133))):
        at = t0 + dt.timedelta(seconds=delay)
        cmd(at, "rz1-core-01", user, f"no interface Vlan{vlan}")
        nlog(at + dt.timedelta(milliseconds=220), "rz1-core-01", f"%LINK-5-CHANGED: Interface Vlan{vlan}, changed state to administratively down")
        nlog(at + dt.timedelta(milliseconds=230), "rz1-core-01", f"%LINEPROTO-5-UPDOWN: Line protocol on Interface Vlan{vlan}, changed state to down")
    nlog(t0 + dt.timedelta(seconds=160), "rz1-core-01", f"%SYS-5-CONFIG_I: Configured from console by {user} on vty0 (10.10.4.23)")
    t1 = t0 + dt.timedelta(seconds=215)
    nlog(t1 - dt.timedelta(seconds=30), "rz1-core-02", f"%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: {user}] [Source: 10.10.4.23] [localport: 22] at {(t1 - dt.timedelta(seconds=30)).strftime('%H:%M:%S')} UTC Tue Apr 21 2026")
    for k, (vlan, delay) in enumerate((("612", 0), ("611", 24), ("640", 41), ("702", 60))):
        at = t1 + dt.timedelta(seconds=delay)
        cmd(at, "rz1-core-02", user, f"no interface Vlan{vlan}")
        nlog(at + dt.timedelta(milliseconds=210), "rz1-core-02", f"%LINK-5-CHANGED: Interface Vlan{vlan}, changed state to administratively down")
        nlog(at + dt.timedelta(milliseconds=220), "rz1-core-02", f"%LINEPROTO-5-UPDOWN: Line protocol on Interface Vlan{vlan}, changed state to down")
    nlog(t1 + dt.timedelta(seconds=75), "rz1-core-02", f"%SYS-5-CONFIG_I: Configured from console by {user} on vty0 (10.10.4.23)")
    # the fix: a snooping querier on the AoIP switches
    nlog(QUERIER_ON - dt.timedelta(seconds=75), "rz1-aoip-01", f"%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: {user}] [Source: 10.10.4.23] [localport: 22] at {(QUERIER_ON - dt.timedelta(seconds=75)).strftime('%H:%M:%S')} UTC Tue Apr 21 2026")
    cmd(QUERIER_ON - dt.timedelta(seconds=8), "rz1-aoip-01", user, "ip igmp snooping querier address 10.61.0.250")
    cmd(QUERIER_ON, "rz1-aoip-01", user, "ip igmp snooping querier")
    nlog(QUERIER_ON + dt.timedelta(seconds=20), "rz1-aoip-01", f"%SYS-5-CONFIG_I: Configured from console by {user} on vty0 (10.10.4.23)")
    cmd(QUERIER_ON + dt.timedelta(seconds=140), "rz1-aoip-02", user, "ip igmp snooping querier address 10.61.0.251")
    cmd(QUERIER_ON + dt.timedelta(seconds=146), "rz1-aoip-02", user, "ip igmp snooping querier")
    nlog(QUERIER_ON + dt.timedelta(seconds=160), "rz1-aoip-02", f"%SYS-5-CONFIG_I: Configured from console by {user} on vty0 (10.10.4.23)")

    # ---- the stream monitor: each web stream against the FM off-air receiver, once a minute
    lufs = {"nm1": -16.4, "kla": -20.8, "jam": -14.1, "inf": -17.9}
    mismatch_since = {}
    t = START
    while t < END:
        for prog, code, n in PROGS:
            src = src_at(prog, t - dt.timedelta(seconds=30))
            fm = lufs[prog] + rng.uniform(-1.5, 1.5)
            tt = t + dt.timedelta(milliseconds=rng.randint(100, 900))
            if src == "slate":
                state = "mismatch"
                mismatch_since.setdefault(prog, t)
                mon.add(tt, f"ts={tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond // 1000:03d}Z level=warn prog={code} hls_lufs={-23.0 + rng.uniform(-0.3, 0.3):.1f} fm_lufs={fm:.1f} corr={rng.uniform(0.0, 0.08):.2f} delay_s=- state={state} msg=\"web stream differs from FM\"")
                if (t - mismatch_since[prog]) == dt.timedelta(minutes=2):
                    mon.add(tt + dt.timedelta(milliseconds=5), f"ts={tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond // 1000 + 5:03d}Z level=error prog={code} state=alarm msg=\"content mismatch HLS vs FM for 2 min, alarm sent to #sendetechnik\"")
            else:
                if prog in mismatch_since:
                    mon.add(tt, f"ts={tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond // 1000:03d}Z level=info prog={code} state=clear msg=\"web stream matches FM again\"")
                    mismatch_since.pop(prog)
                delay = rng.uniform(26.6, 27.8) if pod_at(t)[2] == "4.7.0" else rng.uniform(27.5, 29.5)
                mon.add(tt, f"ts={tt.strftime('%Y-%m-%dT%H:%M:%S.')}{tt.microsecond // 1000:03d}Z level=info prog={code} hls_lufs={fm + rng.uniform(-0.6, 0.6):.1f} fm_lufs={fm:.1f} corr={rng.uniform(0.93, 0.99):.2f} delay_s={delay:.1f} state=ok")
        t += dt.timedelta(minutes=1)

    # ---- CDN access (sampled): listeners leave while the slate plays
    weights = [("nm1", 40), ("kla", 12), ("jam", 30), ("inf", 18)]
    uas = ["AppleCoreMedia/1.0.0.22E240 (iPhone; U; CPU OS 18_4_1 like Mac OS X; de_de)", "RNM-App/6.3.2 (Android 15; ExoPlayer 1.4.1)",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36 hls.js/1.5.20",
           "Sonos/82.1-60120 (ZPS33)", "radio.de/5.11 (Android)", "VLC/3.0.21 LibVLC/3.0.21"]
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(7.0 / 60))
        if t >= END:
            break
        prog = rng.choices([p for p, _ in weights], weights=[w for _, w in weights])[0]
        if src_at(prog, t - dt.timedelta(seconds=20)) == "slate" and rng.random() < 0.45:
            continue
        seq = int(t.timestamp() // 6)
        k = rng.random()
        if k < 0.45:
            path, size, ctype, cache = f"/live/{prog}/aac_128/index.m3u8", rng.randint(700, 780), "application/vnd.apple.mpegurl", rng.choice(["HIT", "HIT", "MISS"])
        elif k < 0.93:
            qual = rng.choice(["aac_128", "aac_128", "aac_48"])
            path, size, ctype, cache = f"/live/{prog}/{qual}/seg_{seq - rng.randint(0, 3)}.aac", 96000 if qual == "aac_128" else 36000, "audio/aac", "HIT"
        else:
            path, size, ctype, cache = f"/live/{prog}/master.m3u8", 412, "application/vnd.apple.mpegurl", "HIT"
        cdn.add(t, json.dumps({"reqTimeSec": f"{t.timestamp():.3f}", "cliIP": f"{rng.choice(['91.64', '178.24', '87.123', '31.16', '94.134'])}.{rng.randint(1, 250)}.{rng.randint(1, 250)}",
                               "reqMethod": "GET", "reqHost": "live.rundfunk-nordmark.de", "reqPath": path, "statusCode": 200, "totalBytes": size, "cacheStatus": cache,
                               "contentType": ctype, "turnAroundTimeMSec": rng.randint(1, 30) if cache == "HIT" else rng.randint(20, 140), "UA": rng.choice(uas),
                               "country": rng.choice(["DE", "DE", "DE", "DE", "DK", "AT", "ES"])}, separators=(",", ":")))

    # ---- Argo CD
    def alog(t, level, msg, **kv):
        if START <= t < END:
            extra = " ".join(f"{k}={v}" for k, v in kv.items())
            argo.add(t, f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}" level={level} msg="{msg}" application=argocd/nordmark-streamer {extra}'.rstrip())

    for (at, sha) in ((RELEASE, shas["release"]), (ROLLBACK, shas["revert"]), (RERELEASE, shas["again"])):
        alog(at - dt.timedelta(seconds=2), "info", f"Initiated automated sync to '{sha}'", dest_namespace="streaming", dest_server="https://kubernetes.default.svc")
        alog(at, "info", f"Updated sync status: OutOfSync -> Synced", dest_namespace="streaming")
        alog(at + dt.timedelta(seconds=1), "info", "Updated health status: Healthy -> Progressing", dest_namespace="streaming")
        alog(at + dt.timedelta(seconds=41), "info", "Updated health status: Progressing -> Healthy", dest_namespace="streaming")
        alog(at + dt.timedelta(seconds=41), "info", f"sync/terminate complete", dest_namespace="streaming", revision=sha)
    alog(POD_DELETE + dt.timedelta(seconds=1), "info", "Updated health status: Healthy -> Progressing", dest_namespace="streaming")
    alog(POD_DELETE + dt.timedelta(seconds=44), "info", "Updated health status: Progressing -> Healthy", dest_namespace="streaming")
    t = START + dt.timedelta(seconds=rng.uniform(0, 179))
    cur = shas["rel462"]
    while t < END:
        for at, sha in shas["history"]:
            if at <= t - dt.timedelta(seconds=60):
                cur = sha
        alog(t, "info", "Reconciliation completed", dest_namespace="streaming", revision=cur, time_ms=rng.randint(40, 260))
        t += dt.timedelta(seconds=180, milliseconds=rng.randint(0, 900))

    # ---- change and incident records
    def rec(t, body):
        itsm.add(t, json.dumps(dict({"sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S")}, **body), ensure_ascii=False))

    chg = {"number": "CHG0042211", "type": "normal", "assignment_group": "IT-Netzwerk", "assigned_to": "Dirk Meiners",
           "short_description": "RZ-Core: ungenutzte L3-Interfaces (SVIs) zurückbauen (Vlan611, Vlan612, Vlan640, Vlan702)",
           "risk": "low", "impact": "3 - Low", "start_date": "2026-04-21 07:45:00", "end_date": "2026-04-21 08:30:00",
           "justification": "Keine gerouteten Pakete auf diesen SVIs in 30 Tagen (NetFlow); Bereinigung vor dem Core-Update im Mai.",
           "implementation_plan": "rz1-core-01 und rz1-core-02: no interface VlanX; ARP/Routing prüfen.", "backout_plan": "Konfiguration aus Oxidized zurückspielen."}
    rec(utc("2026-04-21 07:44:10"), dict(chg, state="Implement", work_notes="Beginne mit rz1-core-01."))
    rec(utc("2026-04-21 07:58:40"), dict(chg, state="Implement", work_notes="Beide Cores erledigt, keine Routing-Änderungen, keine Alarme im Monitoring."))
    rec(utc("2026-04-21 08:31:00"), dict(chg, state="Review", close_code="successful", work_notes="Durchgeführt ohne Auswirkungen."))
    inc = {"number": "INC0081934", "assignment_group": "Sendetechnik", "caller": "Lea Carstensen", "priority": "2 - High",
           "short_description": "Alle Webstreams (HLS) spielen Slate, UKW/DAB+ normal"}
    rec(utc("2026-04-21 08:04:30"), dict(inc, state="In Progress", work_notes="RTP input lost auf A und B aller vier Programme seit 09:55. Verdacht Release 4.7.0."))
    rec(utc("2026-04-21 08:23:10"), dict(inc, state="In Progress", work_notes="Rollback auf 4.6.2 half nur ca. 4 Minuten."))
    rec(utc("2026-04-21 08:41:30"), dict(inc, state="In Progress", assignment_group="IT-Netzwerk", work_notes="Kein IGMP-Querier mehr auf VLAN 611 seit 09:50:40. Änderung am RZ-Core heute?"))
    rec(utc("2026-04-21 08:55:00"), dict(inc, state="Resolved", assignment_group="IT-Netzwerk", close_notes="CHG0042211 hat die SVI Vlan611 (IGMP-Querier VLAN 611) entfernt. IGMP Snooping Querier auf rz1-aoip-01/02 eingerichtet, alle Gruppen wieder da."))
    rec(utc("2026-04-21 09:38:00"), dict(chg, state="Review", close_code="unsuccessful", work_notes="Verursachte INC0081934: Vlan611 war der IGMP-Querier des AoIP-VLANs. Nachher Snooping-Querier auf rz1-aoip-01/02. Liste der Querier in die CMDB.")) 

    # ---- Slack #sendetechnik
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "sendetechnik", "user_name": who, "text": text, "ts": f"{t.timestamp():.6f}"}, ensure_ascii=False))

    first = stats["first"]
    back1 = min(r[0] for r in stats["joined"] if r[0] > ROLLBACK)
    lost2 = min(l[0] for l in stats["lost"] if l[0] > back1)
    back2 = min(r[0] for r in stats["joined"] if r[0] > POD_DELETE)
    lost3 = min(l[0] for l in stats["lost"] if l[0] > back2)
    back3 = min(r[0] for r in stats["restored"] if r[0] > QUERIER_ON)
    stats.update(back1=back1, lost2=lost2, back2=back2, lost3=lost3, back3=back3)
    say(utc("2026-04-21 06:31:00"), "tobias.kroeger", "Morgen. rz-gw-1 (MADI-Gateway) hat heute Nacht planmäßig Firmware 4.2.1 bekommen, läuft sauber, PTP locked.")
    say(RELEASE - dt.timedelta(minutes=3), "lea.carstensen", "Release streamer 4.7.0 ist gemergt, Argo synct gleich: Jitterbuffer 8 ms (STR-311, 0,9 s weniger Latenz), Multicast-Join per Interface-Name (STR-309), jeder Input-Verlust wird geloggt (STR-314).")
    say(RELEASE + dt.timedelta(minutes=2), "lea.carstensen", "4.7.0 läuft, alle 8 Inputs joined, Latenz gegenüber UKW 27 s statt 28.")
    say(first.replace(second=0, microsecond=0) + dt.timedelta(minutes=3, seconds=1), "stream-monitor", ":rotating_light: Content mismatch HLS vs UKW: NM1, KLA, JAM, INF")
    say(first + dt.timedelta(minutes=4), "kerstin.voss", "Sendeleitung: UKW und DAB+ alle Programme normal. Im Webstream läuft bei allen die Störungsansage.")
    say(first + dt.timedelta(minutes=6), "lea.carstensen", f"Streamer: 'RTP input lost' auf A und B aller vier Programme seit {(first + dt.timedelta(hours=2)).strftime('%H:%M:%S')}, dann Slate. 4.7.0 ist seit 09:38 draußen, Jitterbuffer 8 ms und der neue Join per Interface-Name. Schaue.")
    say(first + dt.timedelta(minutes=9), "tobias.kroeger", "Probe sieht auch keine der 8 Gruppen mehr seit 09:55, und keine PTP-Announce vom GM. rz-gm-1 selbst: GPS locked, sendet laut Webinterface. rz-gw-1 sendet auch, Zähler laufen.")
    say(first + dt.timedelta(minutes=11), "finn.jacobsen", "Runbook sagt: alle Inputs weg = Gateway oder PTP, und nach einem Release zurückrollen. PTP ist ja auch weg. Ich würde zurückrollen.")
    say(utc("2026-04-21 08:12:30"), "lea.carstensen", "Revert von 4.7.0 ist gemergt, Argo synct.")
    say(back1 + dt.timedelta(seconds=50), "lea.carstensen", "4.6.2 läuft, alle Inputs wieder da, Slate aus! Also doch 4.7.0?")
    say(lost2 + dt.timedelta(seconds=45), "kerstin.voss", "Webstreams wieder Störungsansage.")
    say(lost2 + dt.timedelta(minutes=2), "lea.carstensen", "4.6.2 verliert auch alle Inputs, nach gut 4 Minuten. Also nicht 4.7.0.")
    say(lost2 + dt.timedelta(minutes=5), "finn.jacobsen", "ptp4l auf rz-str-01 steht seit 09:55 auf LISTENING, der Streamer meldet 'media clock free-running'. rz-gm-1 sendet aber. Kaputte NIC an rz-str-01?")
    say(POD_DELETE - dt.timedelta(seconds=40), "lea.carstensen", "Ich lösche den Pod, er kommt auf rz-str-02.")
    say(back2 + dt.timedelta(seconds=40), "lea.carstensen", "Auf rz-str-02: Inputs da.")
    say(lost3 + dt.timedelta(seconds=30), "finn.jacobsen", "...und wieder weg. Wieder nach gut 4 Minuten.")
    say(lost3 + dt.timedelta(minutes=2), "tobias.kroeger", "Beide Male 4:20 nach dem Join. 260 s ist das IGMP Group Membership Interval. Probe: letzte IGMP General Query um 09:50:40 von 10.61.0.1, seitdem keine. Die Probe wurde nie neugestartet und hat seit 09:55 nichts, der Streamer bekommt nach jedem Join 260 s lang Pakete. Ohne Querier laufen die Snooping-Einträge aus.")
    say(lost3 + dt.timedelta(minutes=3), "tobias.kroeger", "Querier ist laut docs/network.md die SVI Vlan611 auf rz1-core-01. @dirk.meiners habt ihr heute am RZ-Core was gemacht?")
    say(utc("2026-04-21 08:44:10"), "dirk.meiners", "Ja, CHG0042211 um 09:51: ungenutzte SVIs zurückgebaut, Vlan611 war dabei, kein gerouteter Verkehr seit 30 Tagen. Dass die SVI euer Querier ist, stand bei uns nirgends. Ich richte einen Snooping-Querier auf rz1-aoip-01/02 ein, das geht schneller als die SVI zurück.")
    say(QUERIER_ON + dt.timedelta(seconds=20), "dirk.meiners", "Querier auf rz1-aoip-01 aktiv (10.61.0.250), rz1-aoip-02 folgt.")
    say(back3 + dt.timedelta(seconds=45), "tobias.kroeger", "General Query von 10.61.0.250, Probe sieht alle 8 Gruppen, PTP wieder SLAVE.")
    say(back3 + dt.timedelta(minutes=1), "lea.carstensen", "Streams zurück, Slate aus. Ich lasse 4.6.2 jetzt 20 min laufen und nehme dann 4.7.0 wieder rein.")
    say(RERELEASE - dt.timedelta(minutes=1), "lea.carstensen", "4.7.0 wieder gemergt, 4.7.0 war es nicht.")
    say(RERELEASE + dt.timedelta(minutes=8), "lea.carstensen", "4.7.0 läuft seit 8 Minuten stabil, alle Inputs da.")
    say(utc("2026-04-21 09:39:00"), "dirk.meiners", "CHG0042211 als nicht erfolgreich abgeschlossen. Vlan611 bekommt nächste Woche wieder eine SVI als Querier, bis dahin die Snooping-Querier. Querier kommen in die CMDB.")
    say(utc("2026-04-21 10:39:00"), "tobias.kroeger", "Runbook ergänzt: alle Inputs weg ca. 260 s nach jedem Neustart = IGMP-Querier fehlt.")

    def ticket(t, tid, subject, body):
        tickets.add(t, json.dumps({"id": tid, "created": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "queue": "Hörerservice", "channel": "E-Mail", "subject": subject, "body": body}, ensure_ascii=False))

    ticket(utc("2026-04-21 06:48:12"), "HS-2026-07711", "Podcast fehlt", "Die Folge 'Watt und Meer' vom Sonntag ist in der App nicht zu finden.")
    ticket(first + dt.timedelta(minutes=5), "HS-2026-07719", "Livestream nur Ansage", "Im Livestream von Nordmark 1 kommt seit ein paar Minuten nur 'technische Störung, wir sind gleich zurück'. Im Autoradio läuft alles.")
    ticket(first + dt.timedelta(minutes=12), "HS-2026-07722", "Klassik Stream", "Klassik-Stream auf meinem Sonos: Ansage in Schleife.")
    ticket(lost2 + dt.timedelta(minutes=1), "HS-2026-07730", "Stream weg", "Jam-Stream ging kurz wieder und jetzt wieder nur die Ansage. Auf DAB+ alles ok.")
    ticket(utc("2026-04-21 10:12:40"), "HS-2026-07741", "Verkehrsmeldungen", "Die Verkehrsmeldung um 11:30 war schon veraltet, die A7 war längst frei.")
    stats["inputs"] = inputs
    return [stream, ptp, probe, net, mon, cdn, argo, itsm, slack, tickets], stats


def build(out_dir):
    rng = random.Random(71200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first"].replace(microsecond=0)
        assert SVI_REMOVED < onset < SVI_REMOVED + dt.timedelta(minutes=5), onset
        assert ROLLBACK < stats["back1"] < stats["lost2"] < POD_DELETE < stats["back2"] < stats["lost3"] < QUERIER_ON < stats["back3"], stats
        inputs = stats["inputs"]
        series = []
        for prog, code, n in PROGS:
            for inp in ("a", "b"):
                spans = inputs[(prog, inp)]
                series.append(({"job": "nordmark-streamer", "programme": code, "input": inp.upper()}, lambda t, s=spans: 1 if is_on(s, t) else 0))
        metrics = {"streamer_input_up.json": query_range(series, START, END, 30)}
        return write_scenario(
            out_dir, name="r71-aoip-igmp-querier-removed-none", service=SERVICE, onset=onset,
            description=f"""
Rundfunk Nordmark's four web streams play the fault slate on Tuesday 21
April while FM and DAB+ carry on: from {onset.strftime('%H:%M:%S')} UTC nordmark-streamer
loses the AES67 input of every programme, A and B chain. Release 4.7.0,
which changed the jitter buffer, the multicast join and the loss
logging, had been synced at 07:38; the revert to 4.6.2 at 08:13 and a pod
restart at 08:29 brought the streams back for about four minutes each.
They came back for good at 08:52; 4.7.0 was synced again at 09:20.
""",
            logs=logs,
            line_formats={"nordmark-streamer.log": r'<Date> <Time> \[<Level>\] <Content>',
                          "aoip-probe.log": r'<Date> <Time> <Host> <Severity>\s+<Kind>\s+<Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'logged command:no interface',
                r'no IGMP general query on vlan',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. VLAN 611, the data room's AES67 network, had one
IGMP querier: the core's SVI interface Vlan611 on rz1-core-01
(10.61.0.1). The network team's CHG0042211 removed it at
{SVI_REMOVED.strftime('%H:%M:%S')} as an unused L3 interface ("logged command:no interface
Vlan611"); the last general query had gone out at {LAST_QUERY.strftime('%H:%M:%S')} and the
AoIP probe warns from 07:54:50 that none has come since. The AoIP
switches forward a group only for the group membership interval (260 s)
after a host's last report, so from about 07:55 every AES67 stream and
PTP stopped at every receiver in the data room: the streamer lost the A
and B inputs of all four programmes and played the slate on the web
streams, the probe lost all eight groups, ptp4l on both streaming nodes
lost the grandmaster; FM and DAB+, fed over another path, were not
affected. Each restart of the streamer joined the groups again, and its
reports alone kept them for 260 s. The network team configured an IGMP
snooping querier on rz1-aoip-01 at {QUERIER_ON.strftime('%H:%M:%S')}; at its first query the hosts
reported and every stream and PTP returned.
Decoys: release 4.7.0, synced {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset (STR-311,
jitter buffer 20 -> 8 ms and loss after 250 ms; STR-309, the multicast
join by interface name in the very receiver; STR-314, which adds the very
"RTP input lost" warning; a membrane_rtp_plugin bump); its revert at
08:13 and the pod restart at 08:29, which each seemed to help for 4 min
20 s; Monday's runbook commit that reads every input lost as the gateway
or PTP and says to roll back after a release; PTP's own loss, which the
runbook points at; the MADI gateway's firmware update overnight; routine
origin 503s, access port flaps and 802.1X failures.
""",
        )
    finally:
        repo.close()
