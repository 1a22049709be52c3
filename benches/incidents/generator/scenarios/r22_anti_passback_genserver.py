"""gate-access (Elixir 1.17, Phoenix, Ecto/PostgreSQL; two BEAM nodes behind
HAProxy in the valley station's rack; team in Innsbruck, Porto and
Montréal): the Silberkogel Bergbahnen service every turnstile at the
gondola's valley station asks whether a lift pass may pass. The gate waits
3 s for an answer, then falls back to its offline list.

The anti-passback rule (a pass may not pass the same lift twice in 10
minutes) was checked with `:ets.insert_new/2` on each node. On Friday 16
January at 14:35 UTC a commit moves it into one registered GenServer,
`GateAccess.AntiPassback`, that asks PostgreSQL for the pass's last passage
at the lift before it answers, so twin gates cannot both admit a shared
pass. The query scans the season's gate_passages (2.4 M rows, no index on
pass and lift): 300-700 ms a check, one check at a time per node. Friday
afternoon and the night are quiet. When the lifts open at 08:30 local time
(07:30 UTC) on Saturday, the rush needs more checks per second than the
process can answer: its queue grows, gates give up after 3 s (HAProxy: CH),
and GenServer.call exits after 5 s ("** (EXIT) time out"). Queues form at
the turnstiles; the on-call restarts both nodes at 07:58, which helps for
two minutes.

Decoys: the Saturday 07:04 commit that refreshes the pass cache every 30 s
during opening, deployed at 07:08 (22 minutes before); Friday's commit that
logs gates reporting offline validation (its lines appear at the onset);
a commit to the same file that skips staff passes; a docs page on offline
mode; a dependency bump; chores. App (Elixir Logger, line format, with
Plug.Cowboy crash reports), HAProxy (syslog RFC 3164, httplog), PostgreSQL."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import postgres, syslog3164
from skeletons import chores, readme, runbook

SERVICE = "gate-access"
START, END = utc("2026-01-17 05:40:00"), utc("2026-01-17 08:20:00")
DEPLOY = utc("2026-01-17 07:08:30")
OPEN = utc("2026-01-17 07:30:00")
RESTART = utc("2026-01-17 07:58:10")
NODES = ["app1", "app2"]
GATES = [f"GBT-{side}{n}" for side in "LR" for n in range(1, 7)]
SERVER_IP = {"app1": "10.8.1.21", "app2": "10.8.1.22"}

ANTI_PASSBACK_EX = """defmodule GateAccess.AntiPassback do
  @moduledoc "A pass may not pass the same lift twice within the window."

  @table :anti_passback

  def init_table, do: :ets.new(@table, [:named_table, :public, :set, read_concurrency: true])

  def check(pass_id, lift, now \\\\ System.system_time(:second)) do
    window = Application.fetch_env!(:gate_access, :anti_passback_window_s)
    case :ets.lookup(@table, {pass_id, lift}) do
      [{_, last}] when now - last < window -> {:deny, :passback}
      _ ->
        :ets.insert(@table, {{pass_id, lift}, now})
        :ok
    end
  end
end
"""

ANTI_PASSBACK_GENSERVER = """defmodule GateAccess.AntiPassback do
  @moduledoc \"\"\"
  A pass may not pass the same lift twice within the window.

  One process decides, and it asks the database, so twin gates (and the
  two nodes) cannot both admit a shared pass (GATE-212).
  \"\"\"
  use GenServer
  import Ecto.Query
  alias GateAccess.{Repo, Passage}

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  def check(pass_id, lift), do: GenServer.call(__MODULE__, {:check, pass_id, lift})

  @impl true
  def init(nil), do: {:ok, nil}

  @impl true
  def handle_call({:check, pass_id, lift}, _from, state) do
    window = Application.fetch_env!(:gate_access, :anti_passback_window_s)
    since = DateTime.add(DateTime.utc_now(), -window, :second)
    last =
      Repo.one(from p in Passage, where: p.pass_id == ^pass_id and p.lift == ^lift and p.passed_at > ^since,
        select: max(p.passed_at))
    {:reply, if(last, do: {:deny, :passback}, else: :ok), state}
  end
end
"""

VALIDATION_EX = """defmodule GateAccess.Validation do
  alias GateAccess.{AntiPassback, PassCache, Passages}

  def validate(%{"card" => card, "gate" => gate, "lift" => lift}) do
    with {:ok, pass} <- PassCache.lookup(card),
         :ok <- valid_today(pass),
         :ok <- AntiPassback.check(pass.id, lift) do
      Passages.record(pass, gate, lift)
      {:ok, pass}
    end
  end

  defp valid_today(%{valid_from: from, valid_to: to}) do
    today = Date.utc_today()
    if Date.compare(today, from) != :lt and Date.compare(today, to) != :gt, do: :ok, else: {:deny, :not_valid_today}
  end
end
"""

RUNTIME_EXS = """import Config

if config_env() == :prod do
  config :gate_access, GateAccess.Repo,
    url: System.fetch_env!("DATABASE_URL"),
    pool_size: 20

  config :gate_access,
    anti_passback_window_s: 600,
    pass_cache_refresh_s: 60
end
"""


def build_repo():
    lena = Person("Lena Hofer", "lena.hofer@silberkogel.at", 60)
    tiago = Person("Tiago Moreira", "tiago.moreira@silberkogel.at", 0)
    marc = Person("Marc-André Gagnon", "marc-andre.gagnon@silberkogel.at", -300)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "mix.exs": "defmodule GateAccess.MixProject do\n  use Mix.Project\n\n  def project, do: [app: :gate_access, version: \"2.8.0\", elixir: \"~> 1.17\", deps: deps()]\n\n  def application, do: [mod: {GateAccess.Application, []}, extra_applications: [:logger]]\n\n  defp deps do\n    [\n      {:phoenix, \"~> 1.7.14\"},\n      {:plug_cowboy, \"~> 2.7\"},\n      {:ecto_sql, \"~> 3.12\"},\n      {:postgrex, \"~> 0.19.1\"},\n      {:jason, \"~> 1.4\"}\n    ]\n  end\nend\n",
        "lib/gate_access/application.ex": "defmodule GateAccess.Application do\n  use Application\n\n  def start(_type, _args) do\n    GateAccess.AntiPassback.init_table()\n    children = [GateAccess.Repo, GateAccess.PassCache, GateAccessWeb.Endpoint]\n    Supervisor.start_link(children, strategy: :one_for_one, name: GateAccess.Supervisor)\n  end\nend\n",
        "lib/gate_access/anti_passback.ex": ANTI_PASSBACK_EX,
        "lib/gate_access/validation.ex": VALIDATION_EX,
        "lib/gate_access/pass_cache.ex": "defmodule GateAccess.PassCache do\n  use GenServer\n  require Logger\n\n  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)\n  def lookup(card), do: case :ets.lookup(:passes, card) do\n    [{_, pass}] -> {:ok, pass}\n    [] -> {:deny, :unknown_card}\n  end\n\n  def init(nil) do\n    :ets.new(:passes, [:named_table, :public, read_concurrency: true])\n    send(self(), :refresh)\n    {:ok, nil}\n  end\n\n  def handle_info(:refresh, state) do\n    {n, changed} = GateAccess.Passes.load_into(:passes)\n    Logger.info(\"pass cache refreshed: #{n} passes (#{changed} changed)\")\n    Process.send_after(self(), :refresh, Application.fetch_env!(:gate_access, :pass_cache_refresh_s) * 1000)\n    {:noreply, state}\n  end\nend\n",
        "lib/gate_access_web/controllers/heartbeat_controller.ex": "defmodule GateAccessWeb.HeartbeatController do\n  use GateAccessWeb, :controller\n\n  def create(conn, %{\"gate\" => gate} = params) do\n    GateAccess.Gates.seen(gate, params)\n    send_resp(conn, 204, \"\")\n  end\nend\n",
        "config/runtime.exs": RUNTIME_EXS,
        "priv/repo/migrations/20251120090000_create_gate_passages.exs": "defmodule GateAccess.Repo.Migrations.CreateGatePassages do\n  use Ecto.Migration\n\n  def change do\n    create table(:gate_passages) do\n      add :pass_id, :bigint, null: false\n      add :gate, :string, null: false\n      add :lift, :string, null: false\n      add :passed_at, :utc_datetime_usec, null: false\n    end\n    create index(:gate_passages, [:passed_at])\n  end\nend\n",
        "deploy/haproxy.cfg": "global\n  log 127.0.0.1:514 local0\n  maxconn 2000\n\ndefaults\n  mode http\n  log global\n  option httplog\n  timeout connect 2s\n  timeout client 10s\n  timeout server 10s\n\nfrontend gates\n  bind :443 ssl crt /etc/haproxy/gates.pem\n  http-request set-log-level silent if { path_beg /v1/heartbeat }\n  default_backend gate_access\n\nbackend gate_access\n  balance roundrobin\n  option httpchk GET /healthz\n  server app1 10.8.1.21:4000 check\n  server app2 10.8.1.22:4000 check\n",
        "README.md": readme(SERVICE, "Answers the turnstiles: may this card pass this lift now.", "mix phx.server"),
        "docs/runbook.md": runbook(SERVICE, [
            ("GateOfflineMany", "More than two gates on offline validation: check HAProxy's log for the backend and the app's errors."),
            ("PassCacheStale", "The pass cache has not refreshed for 5 minutes: check PostgreSQL and the ticketing sync."),
        ]),
    }
    repo.commit(utc("2026-01-12 08:40:00"), lena, "gate-access 2.8: season passes on the new key cards", files)
    repo.schedule(chores(random.Random(22024), SERVICE, [lena, tiago, marc], utc("2026-01-12 08:40:00"), utc("2026-01-15 16:00:00"), 3))
    repo.commit(utc("2026-01-14 10:15:00"), tiago, "validation: deny passes outside their validity dates with a reason", {
        "lib/gate_access/validation.ex": repo.edit("lib/gate_access/validation.ex", "{:deny, :not_valid_today}", "{:deny, :not_valid_today}\n    # the gate shows the reason on its display"),
    })
    repo.commit(utc("2026-01-16 08:10:00"), lena, "anti-passback: staff and ski-school passes are exempt", {
        "lib/gate_access/anti_passback.ex": repo.edit("lib/gate_access/anti_passback.ex", "  def check(pass_id, lift, now \\\\ System.system_time(:second)) do\n", "  def check(pass_id, lift, now \\\\ System.system_time(:second))\n\n  # Staff and ski-school instructors pass the same lift many times an hour.\n  def check({:staff, _}, _lift, _now), do: :ok\n\n  def check(pass_id, lift, now) do\n"),
    })
    repo.commit(utc("2026-01-16 11:30:00"), bot, "Bump postgrex from 0.19.1 to 0.19.3", {
        "mix.exs": repo.edit("mix.exs", "{:postgrex, \"~> 0.19.1\"}", "{:postgrex, \"~> 0.19.3\"}"),
    })
    culprit = repo.commit(utc("2026-01-16 14:35:00"), marc, "anti-passback: one process decides, from the database (GATE-212)\n\nTwin gates at the gondola both admitted the same day pass twice last\nweekend: each node has its own ETS table, and two taps 200 ms apart\nraced. Let one registered process decide, and ask gate_passages so the\ntwo nodes agree.", {
        "lib/gate_access/anti_passback.ex": ANTI_PASSBACK_GENSERVER,
        "lib/gate_access/application.ex": repo.edit("lib/gate_access/application.ex", "    GateAccess.AntiPassback.init_table()\n    children = [GateAccess.Repo, GateAccess.PassCache, GateAccessWeb.Endpoint]", "    children = [GateAccess.Repo, GateAccess.PassCache, GateAccess.AntiPassback, GateAccessWeb.Endpoint]"),
    })
    head1 = repo.commit(utc("2026-01-16 15:50:00"), tiago, "gates: log when a gate reports offline validation\n\nThe heartbeat carries the gate's mode; say when a gate falls back to its\noffline list, and when it comes back.", {
        "lib/gate_access_web/controllers/heartbeat_controller.ex": repo.edit("lib/gate_access_web/controllers/heartbeat_controller.ex", "    GateAccess.Gates.seen(gate, params)\n",
                                                                          "    case GateAccess.Gates.seen(gate, params) do\n      {:mode_changed, \"offline\", reason} -> Logger.warning(\"gate #{gate} switched to offline validation (#{reason})\")\n      {:mode_changed, \"online\", _} -> Logger.info(\"gate #{gate} back to online validation\")\n      _ -> :ok\n    end\n"),
    })
    repo.commit(utc("2026-01-16 16:40:00"), lena, "docs: what a gate does in offline mode", {
        "docs/offline-mode.md": "# Offline validation\n\nA gate that gets no answer from gate-access within 3 s validates against its\nlocal list (refreshed every 15 minutes): season and day passes sold before\nthe last refresh pass, anti-passback is not checked, and newly sold passes\nare refused. The gate reports the mode in its next heartbeat.\n",
    })
    head2 = repo.commit(utc("2026-01-17 07:04:00"), lena, "config: refresh the pass cache every 30 s\n\nSaturday opening: passes bought at the car park machines should reach\nthe gates sooner.", {
        "config/runtime.exs": repo.edit("config/runtime.exs", "pass_cache_refresh_s: 60", "pass_cache_refresh_s: 30"),
    })
    repo.commit(utc("2026-01-17 09:20:00"), marc, "anti-passback: back to per-node ETS; dedupe twin gates in the gate pair (GATE-219)\n\nThe single process with a database query per check could not keep up with\nthe opening rush on Saturday.", {
        "lib/gate_access/anti_passback.ex": ANTI_PASSBACK_EX,
        "lib/gate_access/application.ex": repo.edit("lib/gate_access/application.ex", "    children = [GateAccess.Repo, GateAccess.PassCache, GateAccess.AntiPassback, GateAccessWeb.Endpoint]", "    GateAccess.AntiPassback.init_table()\n    children = [GateAccess.Repo, GateAccess.PassCache, GateAccessWeb.Endpoint]"),
    })
    return repo, culprit, head1, head2


def ex_log(t, level, msg, request_id=None):
    rid = f"request_id={request_id} " if request_id else ""
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} {rid}[{level}] {msg}"


def haproxy(t, rng, client, server, tw, tc, tr, tt, status, size, term, conns, path):
    accept = t.strftime("%d/%b/%Y:%H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    end = t + dt.timedelta(milliseconds=max(tt, 0))
    return syslog3164(end, "gbt-lb1", "haproxy", 1843,
                      f"{client}:{rng.randint(30000, 60000)} [{accept}] gates~ gate_access/{server} 0/{tw}/{tc}/{tr}/{tt} {status} {size} - - {term} {conns}/{conns}/{max(conns - 2, 0)}/{conns // 2}/0 0/0 \"POST {path} HTTP/1.1\"")


def build_logs(rng, head1, head2):
    app, lb, pg = Log("gate-access.log"), Log("haproxy.log"), Log("postgresql.log")
    stats = {"req": [], "fail": [], "timeouts": []}

    def rate(t):
        if t < utc("2026-01-17 06:40:00"):
            return 0.4
        if t < OPEN:
            return 3.0
        m = (t - OPEN).total_seconds() / 60
        return 90 + 50 * min(1.0, m / 15) - (0 if m < 32 else min(70, (m - 32) * 4))

    capacity = 60.0  # checks/min per node
    queue = {n: 0.0 for n in NODES}
    last = {n: START for n in NODES}
    offline = set()
    offline_until = {}
    t = START
    times = []
    while t < END:
        r = rate(t)
        t = t + dt.timedelta(seconds=rng.expovariate(r / 60.0))
        if t >= END:
            break
        times.append(t)
    for t in times:
        node = rng.choice(NODES)
        gate0 = rng.choice(GATES)
        if t < offline_until.get(gate0, START):
            continue
        elapsed = (t - last[node]).total_seconds()
        last[node] = t
        queue[node] = max(0.0, queue[node] - elapsed * capacity / 60)
        if RESTART <= t < RESTART + dt.timedelta(seconds=20):
            queue[node] = 0.0
        wait = queue[node] * 60 / capacity
        queue[node] += 1
        gate = gate0
        if gate in offline:
            offline.discard(gate)
            tb = t + dt.timedelta(seconds=rng.uniform(1, 30))
            app.add(tb, ex_log(tb, "info", f"gate {gate} back to online validation"))
        client = f"10.8.20.{10 + GATES.index(gate)}"
        rid = "F" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(19))
        db_ms = rng.uniform(650, 1300)
        service_ms = int(wait * 1000 + db_ms) + rng.randint(2, 9)
        if db_ms > 1100 and t > utc("2026-01-16 14:35:00"):
            tq = t + dt.timedelta(milliseconds=wait * 1000 + db_ms)
            pg.add(tq, postgres(tq, {"app1": 30412, "app2": 30977}[node], "LOG", f"duration: {db_ms:.3f} ms  execute <unnamed>: SELECT max(g0.\"passed_at\") FROM \"gate_passages\" AS g0 WHERE ((g0.\"pass_id\" = $1) AND (g0.\"lift\" = $2)) AND (g0.\"passed_at\" > $3)", "gate_access@gates"))
            pg.add(tq, postgres(tq, {"app1": 30412, "app2": 30977}[node], "DETAIL", f"parameters: $1 = '{rng.randint(100000, 999999)}', $2 = 'GBT', $3 = '{(t - dt.timedelta(minutes=10)).strftime('%Y-%m-%d %H:%M:%S')}.{rng.randint(100000, 999999)}Z'", "gate_access@gates"))
        stats["req"].append(t)
        if service_ms < 3000:
            status = 200 if rng.random() > 0.06 else 403
            lb.add(t, haproxy(t, rng, client, node, 0, rng.randint(0, 1), service_ms, service_ms + 1, status, 188 if status == 200 else 214, "----", rng.randint(1, 6), "/v1/validate"))
            continue
        stats["fail"].append(t)
        lb.add(t, haproxy(t, rng, client, node, 0, rng.randint(0, 1), -1, 3001 + rng.randint(0, 4), -1, 0, "CH--", rng.randint(8, 60), "/v1/validate"))
        offline_until[gate] = t + dt.timedelta(seconds=33)
        if gate not in offline:
            offline.add(gate)
            tg = t + dt.timedelta(seconds=rng.uniform(3.5, 30))
            app.add(tg, ex_log(tg, "warning", f"gate {gate} switched to offline validation (online_timeout)"))
        if service_ms >= 5000:
            te = t + dt.timedelta(milliseconds=5000 + rng.randint(0, 12))
            stats["timeouts"].append(te)
            pid = f"#PID<0.{rng.randint(10000, 99999)}.0>"
            app.add(te, ex_log(te, "error", (
                f"{pid} running GateAccessWeb.Endpoint (connection #PID<0.{rng.randint(10000, 99999)}.0>, stream id 1) terminated\n"
                f"Server: gates.silberkogel.at:443 (https)\nRequest: POST /v1/validate\n"
                f"** (exit) exited in: GenServer.call(GateAccess.AntiPassback, {{:check, {rng.randint(100000, 999999)}, \"GBT\"}}, 5000)\n"
                f"    ** (EXIT) time out\n"
                f"    (elixir 1.17.3) lib/gen_server.ex:1128: GenServer.call/3\n"
                f"    (gate_access 2.8.0) lib/gate_access/validation.ex:7: GateAccess.Validation.validate/1\n"
                f"    (gate_access 2.8.0) lib/gate_access_web/controllers/validate_controller.ex:9: GateAccessWeb.ValidateController.create/2\n"
                f"    (gate_access 2.8.0) lib/gate_access_web/controllers/validate_controller.ex:1: GateAccessWeb.ValidateController.action/2"), rid))

    # pass cache refresh, node starts
    for node in NODES:
        t = START + dt.timedelta(seconds=rng.randint(0, 59))
        while t < END:
            every = 30 if t > DEPLOY else 60
            app.add(t, ex_log(t, "info", f"pass cache refreshed: {rng.randint(18200, 18600)} passes ({rng.randint(0, 3) if t < utc('2026-01-17 06:30:00') else rng.randint(4, 40)} changed)"))
            t += dt.timedelta(seconds=every, milliseconds=rng.randint(5, 300))
    for when, sha in ((DEPLOY, head2), (RESTART, head2)):
        for i, node in enumerate(NODES):
            t = when + dt.timedelta(seconds=i * 25)
            app.add(t, ex_log(t, "notice", f"Application gate_access exited: :stopped"))
            t1 = t + dt.timedelta(seconds=4)
            app.add(t1, ex_log(t1, "info", f"gate_access 2.8.0 ({sha[:7]}) starting on gate_access@{node}"))
            app.add(t1 + dt.timedelta(milliseconds=620), ex_log(t1 + dt.timedelta(milliseconds=620), "info", "Running GateAccessWeb.Endpoint with cowboy 2.12.0 at :::4000 (http)"))
            lb.add(t + dt.timedelta(seconds=1), syslog3164(t + dt.timedelta(seconds=1), "gbt-lb1", "haproxy", 1843, f"Server gate_access/{node} is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."))
            lb.add(t1 + dt.timedelta(seconds=2), syslog3164(t1 + dt.timedelta(seconds=2), "gbt-lb1", "haproxy", 1843, f"Server gate_access/{node} is UP, reason: Layer7 check passed, code: 200, check duration: 3ms. 2 active and 0 backup servers online. 0 sessions active, 0 requeued, 0 remaining in queue."))
    # an ordinary denial now and then
    for t in poisson_times(rng, START, END, 0.3):
        reason = rng.choice(["not_valid_today", "unknown_card", "passback", "not_valid_today"])
        app.add(t, ex_log(t, "info", f"validation denied: {reason} at {rng.choice(GATES)}"))

    # PostgreSQL
    t = START + dt.timedelta(seconds=rng.randint(30, 200))
    while t < END:
        pg.add(t, postgres(t, 412, "LOG", "checkpoint starting: time"))
        c = t + dt.timedelta(seconds=rng.uniform(100, 150))
        b = rng.randint(40, 600) if t < OPEN else rng.randint(900, 3000)
        pg.add(c, postgres(c, 412, "LOG", f"checkpoint complete: wrote {b} buffers ({b / 163.84:.1f}%); 0 WAL file(s) added, 0 removed, 1 recycled; write={rng.uniform(90, 140):.3f} s, sync=0.004 s, total={rng.uniform(90, 141):.3f} s; sync files=31, longest=0.002 s, average=0.001 s; distance={rng.randint(500, 9000)} kB, estimate={rng.randint(5000, 9000)} kB"))
        t += dt.timedelta(minutes=5)
    for t in poisson_times(rng, START, END, 0.05):
        pg.add(t, postgres(t, rng.randint(20000, 29999), "LOG", f"duration: {rng.uniform(1000, 2600):.3f} ms  statement: SELECT lift, count(*) FROM gate_passages WHERE passed_at >= date_trunc('day', now()) GROUP BY lift", "grafana@gates"))
    for t in poisson_times(rng, utc("2026-01-17 06:00:00"), END, 0.04):
        pg.add(t, postgres(t, rng.randint(20000, 29999), "LOG", f"automatic analyze of table \"gates.public.gate_passages\"\n\tavg read rate: {rng.uniform(10, 90):.3f} MB/s, avg write rate: 0.000 MB/s"))
    return [app, lb, pg], stats


def build(out_dir):
    rng = random.Random(22020)
    repo, culprit, head1, head2 = build_repo()
    try:
        logs, stats = build_logs(rng, head1, head2)
        onset = min(stats["fail"]).replace(microsecond=0)

        def per_min(times):
            return lambda t: sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)

        metrics = {
            "haproxy_backend_http_responses_total_rate.json": query_range([
                ({"proxy": "gate_access", "code": "2xx"}, lambda t: per_min(stats["req"])(t) - per_min(stats["fail"])(t)),
                ({"proxy": "gate_access", "code": "other"}, per_min(stats["fail"])),
            ], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r22-anti-passback-genserver", service=SERVICE, onset=onset,
            description="""
Saturday 17 January, opening of the Silberkogel gondola at 08:30 local
time (07:30 UTC): the turnstiles at the valley station answer slowly, then
fall back to offline validation; skiers with passes bought this morning are
refused and queues reach the car park. gate-access was released on Friday
afternoon and again at 07:08 on Saturday (a pass cache config change). The
on-call restarted both nodes at 07:58. Logs: gate-access (Elixir Logger),
HAProxy, PostgreSQL.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"gate-access.log": r"<Date> <Time> (?:request_id=<RequestId> )?\[<Level>\] <Content>"},
            root_cause=[r"exited in: GenServer\.call\(GateAccess\.AntiPassback", r"\(EXIT\) time out"],
            fix_files=["lib/gate_access/anti_passback.ex"],
            explanation="""
The culprit is Friday's 14:35 commit "anti-passback: one process decides,
from the database (GATE-212)". It replaces the per-node ETS check with one
registered GenServer per node that queries gate_passages (no index on pass
and lift, a season of rows) inside handle_call: one check at a time, each
300-700 ms. Harmless on a quiet Friday afternoon and night; at the 07:30 UTC
opening rush the process's queue grows, gates give up after 3 s (HAProxy
CH-- with no server response) and switch to offline validation, and the
calls exit after 5 s: "** (exit) exited in:
GenServer.call(GateAccess.AntiPassback, ...) ** (EXIT) time out". The fix
(and the revert) restores the ETS check in lib/gate_access/anti_passback.ex
(and application.ex's child list).
Decoys: the Saturday 07:04 pass-cache refresh change deployed 07:08 (22
minutes before the onset; both start lines name it, Friday's release is
before the logs); Friday's 15:50 commit that logs "gate ... switched to
offline validation" (new lines at the onset, a symptom); Friday morning's
staff-pass exemption in the same file; the offline-mode docs page; a
postgrex bump; the 07:58 restart; slow Grafana queries on gate_passages;
ordinary denials; chores.
""",
        )
    finally:
        repo.close()
