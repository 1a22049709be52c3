"""unlock-service (Elixir 1.16, Phoenix, the amqp library; three pods on the
shared Kubernetes cluster, released by a GitHub Actions workflow with
kubectl; team in Lisbon and Warsaw): unlocks Wayla's shared cars. The app
calls POST /v1/vehicles/:id/unlock, the service publishes an unlock command
to the `vehicle.commands` exchange on the platform team's shared RabbitMQ
cluster (vhost `fleet`) and waits up to 12 s for telematics-bridge to
report the car's ack.

The data team's telemetry-archiver consumes `telemetry.positions`, a
quorum queue that telematics-bridge fills with about 1,500 positions a
second. Its 04:52 release crash-loops (a renamed environment variable), so
nothing consumes the queue; the backlog grows on rabbit@rmq-2, the queue's
leader, and at 07:03:41 the node passes its memory high watermark. A
memory alarm blocks every publishing connection in the cluster: unlock
commands are no longer accepted, telematics-bridge cannot publish
positions or acks, and from the morning commute's first minutes drivers
cannot open cars. Nothing in unlock-service's repository changed the
behaviour.

It looks like unlock-service's own release at 06:38, 25 minutes before:
it makes the publisher wait for publisher confirms with a 5 s timeout, and
from the alarm every unlock fails with a confirm timeout. The on-call rolls
it back at 07:20; unlocks then fail on the 12 s vehicle-ack timeout
instead. The platform on-call finds the backlog at 07:41, the data team
rolls the archiver back at 07:48, the queue drains and the alarm clears at
07:58.

Decoys: the 06:38 release (publisher confirms, 5 s) and its rollback; a
commit that logs unlock latency per model; a Phoenix bump; a config change
of the vehicle-ack timeout; a runbook for stuck unlocks. Sources: app
(Elixir Logger with metadata), RabbitMQ node logs (rmq-1, rmq-2),
telematics-bridge (Go slog text), Kubernetes events (event-exporter JSON),
GitHub Actions deploy log."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "unlock-service"
START, END = utc("2026-05-06 04:30:00"), utc("2026-05-06 08:40:00")
ARCHIVER_BREAK = utc("2026-05-06 04:52:17")
RELEASE = utc("2026-05-06 06:38:20")
ALARM = utc("2026-05-06 07:03:41") + dt.timedelta(microseconds=220311)
ROLLBACK = utc("2026-05-06 07:20:12")
ARCHIVER_FIX = utc("2026-05-06 07:48:30")
CLEAR = utc("2026-05-06 07:58:12") + dt.timedelta(microseconds=604127)

PUBLISHER_EX = """defmodule UnlockService.Publisher do
  @moduledoc "Publishes vehicle commands to RabbitMQ (exchange vehicle.commands)."
  use GenServer
  require Logger

  @exchange "vehicle.commands"

  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)

  def publish(command, vehicle_id, payload) do
    GenServer.call(__MODULE__, {:publish, command, vehicle_id, payload})
  end

  @impl true
  def init(opts) do
    {:ok, conn} = AMQP.Connection.open(Keyword.fetch!(opts, :url), name: "unlock-service")
    {:ok, chan} = AMQP.Channel.open(conn)
    {:ok, %{conn: conn, chan: chan}}
  end

  @impl true
  def handle_call({:publish, command, vehicle_id, payload}, _from, %{chan: chan} = state) do
    result =
      AMQP.Basic.publish(chan, @exchange, "#{command}.#{vehicle_id}", Jason.encode!(payload),
        content_type: "application/json",
        message_id: payload.command_id,
        expiration: "15000"
      )

    {:reply, result, state}
  end
end
"""

CONTROLLER_EX = """defmodule UnlockServiceWeb.UnlockController do
  use UnlockServiceWeb, :controller
  require Logger

  alias UnlockService.{Acks, Publisher}

  def create(conn, %{"vehicle_id" => vehicle_id}) do
    command_id = Ecto.UUID.generate()
    started = System.monotonic_time(:millisecond)
    Logger.metadata(vehicle_id: vehicle_id)

    with :ok <- Publisher.publish("unlock", vehicle_id, %{command_id: command_id, user: conn.assigns.user_id}),
         {:ok, _ack} <- Acks.await(command_id, Application.fetch_env!(:unlock_service, :ack_timeout_ms)) do
      Logger.info("unlock confirmed latency_ms=#{System.monotonic_time(:millisecond) - started}")
      json(conn, %{status: "unlocked"})
    else
      {:error, reason} ->
        Logger.error("unlock failed reason=#{inspect(reason)}")
        conn |> put_status(504) |> json(%{error: "vehicle_not_responding"})
    end
  end
end
"""

RUNTIME_EXS = """import Config

if config_env() == :prod do
  config :unlock_service, UnlockServiceWeb.Endpoint,
    http: [port: 4000],
    server: true

  config :unlock_service,
    amqp_url: System.fetch_env!("AMQP_URL"),
    ack_timeout_ms: 10_000

  config :logger, :console,
    format: "$date $time [$level] $metadata$message\\n",
    metadata: [:request_id, :vehicle_id]
end
"""


def mix_exs(phoenix):
    return f"""defmodule UnlockService.MixProject do
  use Mix.Project

  def project do
    [app: :unlock_service, version: "2.6.0", elixir: "~> 1.16", deps: deps(), releases: [unlock_service: []]]
  end

  def application, do: [mod: {{UnlockService.Application, []}}, extra_applications: [:logger]]

  defp deps do
    [
      {{:phoenix, "~> {phoenix}"}},
      {{:amqp, "~> 3.3"}},
      {{:jason, "~> 1.4"}},
      {{:plug_cowboy, "~> 2.7"}},
      {{:telemetry_metrics_prometheus, "~> 1.1"}}
    ]
  end
end
"""


def build_repo():
    beatriz = Person("Beatriz Lopes", "beatriz.lopes@wayla.pt", 60)
    kasia = Person("Katarzyna Wójcik", "katarzyna.wojcik@wayla.pt", 120)
    rui = Person("Rui Antunes", "rui.antunes@wayla.pt", 60)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "mix.exs": mix_exs("1.7.12"),
        "lib/unlock_service/application.ex": "defmodule UnlockService.Application do\n  use Application\n\n  @impl true\n  def start(_type, _args) do\n    children = [\n      {UnlockService.Publisher, url: Application.fetch_env!(:unlock_service, :amqp_url)},\n      UnlockService.Acks,\n      UnlockServiceWeb.Endpoint\n    ]\n\n    Supervisor.start_link(children, strategy: :one_for_one, name: UnlockService.Supervisor)\n  end\nend\n",
        "lib/unlock_service/publisher.ex": PUBLISHER_EX,
        "lib/unlock_service/acks.ex": "defmodule UnlockService.Acks do\n  @moduledoc \"Consumes vehicle.acks (bound to this pod's queue) and wakes the waiting request.\"\n  use GenServer\n\n  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)\n  def await(command_id, timeout_ms), do: GenServer.call(__MODULE__, {:await, command_id}, timeout_ms + 500) |> normalize()\n\n  defp normalize({:ok, ack}), do: {:ok, ack}\n  defp normalize(:timeout), do: {:error, :vehicle_ack_timeout}\n\n  @impl true\n  def init(_), do: {:ok, %{}}\nend\n",
        "lib/unlock_service_web/controllers/unlock_controller.ex": CONTROLLER_EX,
        "config/runtime.exs": RUNTIME_EXS,
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: unlock-service\n  namespace: fleet\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: unlock-service}\n  template:\n    metadata:\n      labels: {app: unlock-service}\n    spec:\n      containers:\n        - name: unlock-service\n          image: ghcr.io/wayla/unlock-service:main\n          ports: [{containerPort: 4000}]\n          env:\n            - name: AMQP_URL\n              valueFrom: {secretKeyRef: {name: unlock-service-amqp, key: url}}\n          readinessProbe:\n            httpGet: {path: /healthz, port: 4000}\n",
        ".github/workflows/release.yml": "name: release\non:\n  workflow_dispatch:\njobs:\n  production:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: kubectl -n fleet set image deployment/unlock-service unlock-service=ghcr.io/wayla/unlock-service:${{ github.sha }}\n      - run: kubectl -n fleet rollout status deployment/unlock-service --timeout=5m\n",
        "README.md": "# unlock-service\n\nUnlocks and locks Wayla cars: publishes commands to RabbitMQ\n(`vehicle.commands`, vhost `fleet`, the platform team's shared cluster)\nand waits for telematics-bridge to report the car's ack.\n\n## Running locally\n\n```\nmix deps.get\nAMQP_URL=amqp://guest:guest@localhost iex -S mix phx.server\n```\n\n## Releasing\n\nRun the `release` workflow; roll back with `kubectl -n fleet rollout undo deployment/unlock-service`.\n",
    }
    repo.commit(utc("2026-04-28 09:20:00"), beatriz, "unlock-service: initial import from the fleet repo", files)
    repo.schedule(chores(random.Random(23401), SERVICE, [beatriz, kasia, rui], utc("2026-04-28 09:20:00"), utc("2026-05-04 17:00:00"), 4))
    repo.commit(utc("2026-04-30 13:40:00"), rui, "unlock: refuse unlocks of cars in maintenance", {
        "lib/unlock_service_web/controllers/unlock_controller.ex": repo.edit("lib/unlock_service_web/controllers/unlock_controller.ex", "    with :ok <- Publisher", "    with :ok <- UnlockService.Fleet.check_available(vehicle_id),\n         :ok <- Publisher"),
    })
    previous = repo.commit(utc("2026-05-04 15:10:00"), kasia, "acks: drop acks for commands nobody waits for", {
        "lib/unlock_service/acks.ex": repo.edit("lib/unlock_service/acks.ex", "  @impl true\n  def init(_), do: {:ok, %{}}\n", "  @impl true\n  def init(_), do: {:ok, %{}}\n\n  # An ack that arrives after its request gave up is dropped here.\n"),
    })
    repo.commit(utc("2026-05-05 09:15:00"), beatriz, "unlock: log latency and the car's model on confirmation", {
        "lib/unlock_service_web/controllers/unlock_controller.ex": repo.edit("lib/unlock_service_web/controllers/unlock_controller.ex", 'Logger.info("unlock confirmed latency_ms=#{System.monotonic_time(:millisecond) - started}")',
                                                                              'Logger.info("unlock confirmed model=#{_ack["model"]} latency_ms=#{System.monotonic_time(:millisecond) - started}")'),
    })
    repo.commit(utc("2026-05-05 11:30:00"), renovate, "chore(deps): update dependency phoenix to v1.7.14", {"mix.exs": mix_exs("1.7.14")})
    repo.commit(utc("2026-05-05 14:10:00"), rui, "docs: runbook for unlocks that time out", {
        "docs/runbook.md": "# unlock-service runbook\n\n## UnlockFailuresHigh\n\nMore than 5 % of unlocks fail for 5 minutes. Check in this order:\n\n1. Did we just release? Roll back: `kubectl -n fleet rollout undo deployment/unlock-service`.\n2. telematics-bridge: is it consuming `vehicle.commands` and publishing acks?\n3. RabbitMQ (platform team, #platform-oncall): management UI, vhost `fleet`.\n4. The telematics vendor's status page (cellular).\n",
    })
    repo.commit(utc("2026-05-05 16:40:00"), kasia, "config: wait 12 s for the car's ack (was 10 s)\n\nOlder Toyota units on 3G answer in 9-11 s in underground car parks.", {
        "config/runtime.exs": repo.edit("config/runtime.exs", "ack_timeout_ms: 10_000", "ack_timeout_ms: 12_000"),
    })
    repo.commit(utc("2026-05-05 18:30:00"), beatriz, "test: an unlock of a car in maintenance is refused", {
        "test/unlock_controller_test.exs": "defmodule UnlockServiceWeb.UnlockControllerTest do\n  use ExUnit.Case, async: true\n\n  test \"a car in maintenance is not unlocked\" do\n    assert {:error, :in_maintenance} == UnlockService.Fleet.check_available(\"WY-TEST-MAINT\")\n  end\nend\n",
    })
    head = repo.commit(utc("2026-05-06 06:12:00"), kasia, "publisher: wait for publisher confirms (5 s)\n\nA command the broker never accepted looked like a car that did not\nanswer (12 s later). Put the channel in confirm mode and wait up to 5 s\nfor the broker's ack, so a lost publish fails fast with its own reason.", {
        "lib/unlock_service/publisher.ex": repo.edit("lib/unlock_service/publisher.ex", "    {:ok, chan} = AMQP.Channel.open(conn)\n", "    {:ok, chan} = AMQP.Channel.open(conn)\n    :ok = AMQP.Confirm.select(chan)\n").replace(
            "    {:reply, result, state}\n",
            "    result =\n      with :ok <- result,\n           true <- AMQP.Confirm.wait_for_confirms(chan, 5) do\n        :ok\n      else\n        :timeout -> {:error, :confirm_timeout}\n        false -> {:error, :nacked}\n        other -> other\n      end\n\n    {:reply, result, state}\n"),
    })
    return repo, head, previous


def ex(t, level, msg, **meta):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    m = "".join(f"{k}={v} " for k, v in meta.items())
    return f"{stamp} [{level}] {m}{msg}"


def rmq(t, level, pid, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond:06d}+00:00 [{level}] {pid} {msg}"


def slog(t, level, msg, **kv):
    parts = [f"time={t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z", f"level={level}", f'msg="{msg}"' if " " in msg else f"msg={msg}"]
    parts += [f'{k}="{v}"' if " " in str(v) else f"{k}={v}" for k, v in kv.items()]
    return " ".join(parts)


def unlock_rate(t):
    h = t.hour + t.minute / 60
    if h < 5.5:
        return 1.2
    if h < 6.5:
        return 1.2 + (h - 5.5) * 6
    if h < 7.0:
        return 7.2 + (h - 6.5) * 8
    return 11.0


def build_logs(rng, head, previous):
    app, r1, r2, tb, ev, gh = (Log("unlock-service.log"), Log("rabbit@rmq-1.log"), Log("rabbit@rmq-2.log"),
                               Log("telematics-bridge.log"), Log("k8s-events.log"), Log("github-actions-release.log"))
    stats = {"bad": [], "ok": []}
    models = ["Renault Zoe", "Peugeot e-208", "Toyota Yaris Hybrid", "Fiat 500e", "Kia Niro EV"]
    fleet = [(f"WY-{rng.randint(100, 999):03d}{rng.choice('ABCDEFGHJK')}", rng.choice(models)) for _ in range(420)]
    pods = {0: [f"unlock-service-6d9f7c8b54-{hexid(rng, 5)}" for _ in range(3)], 1: [f"unlock-service-7f4b9d6c85-{hexid(rng, 5)}" for _ in range(3)],
            2: [f"unlock-service-6d9f7c8b54-{hexid(rng, 5)}" for _ in range(3)]}

    def gen(t):
        return 0 if t < RELEASE + dt.timedelta(seconds=20) else 1 if t < ROLLBACK + dt.timedelta(seconds=20) else 2

    def blocked(t):
        return ALARM <= t < CLEAR

    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(unlock_rate(t) / 60))
        if t >= END:
            break
        g = gen(t)
        veh, model = rng.choice(fleet)
        rid = "F" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(19))
        app.add(t, ex(t, "info", f"POST /v1/vehicles/{veh}/unlock", request_id=rid))
        if blocked(t):
            stats["bad"].append(t)
            if g == 1:
                e = t + dt.timedelta(seconds=5, milliseconds=rng.randint(1, 30))
                app.add(e, ex(e, "error", "unlock failed reason=:confirm_timeout", request_id=rid, vehicle_id=veh))
            else:
                e = t + dt.timedelta(seconds=10, milliseconds=rng.randint(1, 30))
                app.add(e, ex(e, "error", "unlock failed reason=:vehicle_ack_timeout", request_id=rid, vehicle_id=veh))
            app.add(e, ex(e, "info", f"Sent 504 in {int((e - t).total_seconds() * 1000)}ms", request_id=rid))
            continue
        # command reaches telematics-bridge, the car answers
        cmd = hexid(rng, 8) + "-" + hexid(rng, 4) + "-4" + hexid(rng, 3) + "-" + hexid(rng, 4) + "-" + hexid(rng, 12)
        s = t + dt.timedelta(milliseconds=rng.randint(3, 12))
        slow = rng.random() < 0.03
        car = ms(rng, 1400, 0.45) if not slow else rng.randint(9000, 14000)
        tb.add(s, slog(s, "INFO", "command sent", command="unlock", vehicle=veh, command_id=cmd, transport="mqtt"))
        a = s + dt.timedelta(milliseconds=car)
        limit = 12000 if g == 1 else 10000
        if car > limit:
            tb.add(a, slog(a, "INFO", "vehicle ack", vehicle=veh, command_id=cmd, result="ok", rtt_ms=car))
            e = t + dt.timedelta(milliseconds=limit + rng.randint(1, 30))
            app.add(e, ex(e, "error", "unlock failed reason=:vehicle_ack_timeout", request_id=rid, vehicle_id=veh))
            app.add(e, ex(e, "info", f"Sent 504 in {int((e - t).total_seconds() * 1000)}ms", request_id=rid))
            continue
        tb.add(a, slog(a, "INFO", "vehicle ack", vehicle=veh, command_id=cmd, result="ok", rtt_ms=car))
        e = a + dt.timedelta(milliseconds=rng.randint(4, 15))
        lat = int((e - t).total_seconds() * 1000)
        stats["ok"].append(t)
        app.add(e, ex(e, "info", f"unlock confirmed model={model} latency_ms={lat}" if g == 1 else f"unlock confirmed latency_ms={lat}", request_id=rid, vehicle_id=veh))
        app.add(e, ex(e, "info", f"Sent 200 in {lat}ms", request_id=rid))

    # app start-up lines for each release
    for when, g, ver in ((RELEASE, 1, head), (ROLLBACK, 2, previous)):
        for i, pod in enumerate(pods[g]):
            s = when + dt.timedelta(seconds=6 + 9 * i)
            app.add(s, ex(s, "info", f"Running UnlockServiceWeb.Endpoint with cowboy 2.12.0 at :::4000 (http)"))
            app.add(s, ex(s, "info", f"Access UnlockServiceWeb.Endpoint at https://unlock.wayla.pt"))
            app.add(s, ex(s, "info", f"unlock-service {ver[:7]} started on {pod}"))

    # RabbitMQ: connections
    def erl_pid(node):
        return f"<0.{rng.randint(1000, 60000)}.{rng.randint(0, 40)}>"

    def conn_open(log, t, ip, port, node_ip, user):
        p = erl_pid(log)
        log.add(t, rmq(t, "info", p, f"accepting AMQP connection {p} ({ip}:{port} -> {node_ip}:5672)"))
        t2 = t + dt.timedelta(milliseconds=rng.randint(3, 20))
        log.add(t2, rmq(t2, "info", p, f"connection {p} ({ip}:{port} -> {node_ip}:5672 - {user}): user '{user}' authenticated and granted access to vhost 'fleet'"))
        return p

    def conn_close(log, t, p, ip, port, node_ip, user, unexpected=True):
        log.add(t, rmq(t, "warning", p, f"closing AMQP connection {p} ({ip}:{port} -> {node_ip}:5672 - {user}, vhost: 'fleet', user: '{user}'):"))
        log.add(t, rmq(t, "warning", p, "client unexpectedly closed TCP connection" if unexpected else "connection_closed_abruptly"))

    # the archiver's crash loop (pods start, connect, crash on the missing variable)
    backoff = [10, 20, 40, 80, 160, 300]
    t = ARCHIVER_BREAK
    restarts = 0
    arch_pod = "telemetry-archiver-5c8d7b6f9-x2kqd"
    while t < ARCHIVER_FIX:
        ip, port = "10.42.7.31", rng.randint(40000, 60000)
        p = conn_open(r2, t + dt.timedelta(seconds=2), ip, port, "10.42.9.12", "telemetry-archiver")
        conn_close(r2, t + dt.timedelta(seconds=3, milliseconds=rng.randint(100, 900)), p, ip, port, "10.42.9.12", "telemetry-archiver")
        restarts += 1
        ev.add(t + dt.timedelta(seconds=4), json.dumps({"metadata": {"name": f"{arch_pod}.{hexid(rng, 16)}", "namespace": "data"}, "reason": "BackOff",
                                                         "message": "Back-off restarting failed container archiver in pod " + arch_pod + "_data(4c1e2f7a-93b0-4d1e-8a55-2b7c9e0f1d36)",
                                                         "source": {"component": "kubelet", "host": "ip-10-42-7-12.eu-west-1.compute.internal"},
                                                         "count": restarts, "type": "Warning", "involvedObject": {"kind": "Pod", "namespace": "data", "name": arch_pod},
                                                         "firstTimestamp": "2026-05-06T04:52:31Z", "lastTimestamp": (t + dt.timedelta(seconds=4)).strftime("%Y-%m-%dT%H:%M:%SZ")}, separators=(",", ":")))
        t += dt.timedelta(seconds=backoff[min(restarts - 1, len(backoff) - 1)] + 4)
    ev.add(ARCHIVER_BREAK, json.dumps({"metadata": {"name": f"telemetry-archiver.{hexid(rng, 16)}", "namespace": "data"}, "reason": "ScalingReplicaSet",
                                       "message": "Scaled up replica set telemetry-archiver-5c8d7b6f9 to 1", "source": {"component": "deployment-controller"},
                                       "count": 1, "type": "Normal", "involvedObject": {"kind": "Deployment", "namespace": "data", "name": "telemetry-archiver"},
                                       "firstTimestamp": "2026-05-06T04:52:17Z", "lastTimestamp": "2026-05-06T04:52:17Z"}, separators=(",", ":")))
    ev.add(ARCHIVER_FIX, json.dumps({"metadata": {"name": f"telemetry-archiver.{hexid(rng, 16)}", "namespace": "data"}, "reason": "ScalingReplicaSet",
                                     "message": "Scaled up replica set telemetry-archiver-66b9c4d7f8 to 1", "source": {"component": "deployment-controller"},
                                     "count": 1, "type": "Normal", "involvedObject": {"kind": "Deployment", "namespace": "data", "name": "telemetry-archiver"},
                                     "firstTimestamp": "2026-05-06T07:48:30Z", "lastTimestamp": "2026-05-06T07:48:30Z"}, separators=(",", ":")))
    t = ARCHIVER_FIX + dt.timedelta(seconds=14)
    for k in range(2):
        conn_open(r2, t + dt.timedelta(seconds=k), "10.42.7.44", rng.randint(40000, 60000), "10.42.9.12", "telemetry-archiver")
    # unlock-service's connections: reopened at each release
    node_ips = {"rmq-1": "10.42.9.11", "rmq-2": "10.42.9.12"}
    for when, g in ((RELEASE, 1), (ROLLBACK, 2)):
        for i in range(3):
            log = r1 if i % 2 == 0 else r2
            nip = node_ips["rmq-1"] if log is r1 else node_ips["rmq-2"]
            ip, port = f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}", rng.randint(40000, 60000)
            conn_open(log, when + dt.timedelta(seconds=5 + 9 * i), ip, port, nip, "unlock-service")
            oldp = erl_pid(log)
            conn_close(log, when + dt.timedelta(seconds=11 + 9 * i), oldp, f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}", rng.randint(40000, 60000), nip, "unlock-service", unexpected=False)
    # other teams' short-lived clients (billing exports, ops scripts)
    for t in poisson_times(rng, START, END, 0.3):
        log = rng.choice([r1, r2])
        nip = "10.42.9.11" if log is r1 else "10.42.9.12"
        ip, port = f"10.42.{rng.randint(1, 6)}.{rng.randint(10, 250)}", rng.randint(40000, 60000)
        user = rng.choice(["billing-exporter", "fleet-ops-scripts", "trip-events-relay"])
        p = conn_open(log, t, ip, port, nip, user)
        c = t + dt.timedelta(seconds=rng.randint(1, 40))
        log.add(c, rmq(c, "info", p, f"closing AMQP connection {p} ({ip}:{port} -> {nip}:5672 - {user}, vhost: 'fleet', user: '{user}')"))
    # the memory alarm
    al = "<0.491.0>"
    mem_allowed = 6871947673
    r2.add(ALARM, rmq(ALARM, "info", al, f"vm_memory_high_watermark set. Memory used:{mem_allowed + rng.randint(1000, 90000)} allowed:{mem_allowed}"))
    for line in ["memory resource limit alarm set on node 'rabbit@rmq-2'.", "", "**********************************************************",
                 "*** Publishers will be blocked until this alarm clears ***", "**********************************************************", ""]:
        r2.add(ALARM, rmq(ALARM, "warning", al, line).rstrip() if line else rmq(ALARM, "warning", al, ""))
    c = CLEAR
    r2.add(c, rmq(c, "info", al, f"vm_memory_high_watermark clear. Memory used:{mem_allowed - rng.randint(200000000, 400000000)} allowed:{mem_allowed}"))
    r2.add(c, rmq(c, "warning", al, "memory resource limit alarm cleared on node 'rabbit@rmq-2'"))
    r2.add(c, rmq(c, "warning", al, "memory resource limit alarm cleared across the cluster"))
    for log, nip in ((r1, "10.42.9.11"), (r2, "10.42.9.12")):
        for t in poisson_times(rng, START, END, 0.05):
            log.add(t, rmq(t, "info", "<0.712.0>", f"Successfully synced tables from a peer"))
    # telematics-bridge: positions publishing and its blocked notification
    tb.add(ALARM + dt.timedelta(milliseconds=35), slog(ALARM + dt.timedelta(milliseconds=35), "WARN", "amqp connection blocked", reason="low on memory", conn="positions"))
    tb.add(ALARM + dt.timedelta(milliseconds=41), slog(ALARM + dt.timedelta(milliseconds=41), "WARN", "amqp connection blocked", reason="low on memory", conn="commands"))
    tb.add(CLEAR + dt.timedelta(milliseconds=22), slog(CLEAR + dt.timedelta(milliseconds=22), "INFO", "amqp connection unblocked", conn="positions"))
    tb.add(CLEAR + dt.timedelta(milliseconds=30), slog(CLEAR + dt.timedelta(milliseconds=30), "INFO", "amqp connection unblocked", conn="commands"))
    t = START + dt.timedelta(seconds=rng.randint(5, 55))
    while t < END:
        if blocked(t):
            tb.add(t, slog(t, "WARN", "positions buffer", buffered=int((t - ALARM).total_seconds() * 1480), dropped=max(0, int((t - ALARM).total_seconds() * 1480) - 200000)))
        else:
            tb.add(t, slog(t, "INFO", "positions published", per_second=rng.randint(1380, 1620), units_online=rng.randint(2380, 2460)))
        t += dt.timedelta(seconds=60)

    # GitHub Actions release and the rollback
    def line(t, text):
        gh.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}{rng.randint(0, 9)}Z {text}")
    line(RELEASE - dt.timedelta(seconds=9), "##[group]Run actions/checkout@v4")
    line(RELEASE - dt.timedelta(seconds=7), f"HEAD is now at {head[:7]} publisher: wait for publisher confirms (5 s)")
    line(RELEASE - dt.timedelta(seconds=7), "##[endgroup]")
    line(RELEASE, f"##[group]Run kubectl -n fleet set image deployment/unlock-service unlock-service=ghcr.io/wayla/unlock-service:{head}")
    line(RELEASE + dt.timedelta(seconds=1), "deployment.apps/unlock-service image updated")
    line(RELEASE + dt.timedelta(seconds=2), "##[group]Run kubectl -n fleet rollout status deployment/unlock-service --timeout=5m")
    for i in range(3):
        line(RELEASE + dt.timedelta(seconds=8 + 9 * i), f'Waiting for deployment "unlock-service" rollout to finish: {i + 1} out of 3 new replicas have been updated...')
    line(RELEASE + dt.timedelta(seconds=36), 'deployment "unlock-service" successfully rolled out')
    line(ROLLBACK - dt.timedelta(seconds=2), "##[group]Run kubectl -n fleet rollout undo deployment/unlock-service")
    line(ROLLBACK, "deployment.apps/unlock-service rolled back")
    line(ROLLBACK + dt.timedelta(seconds=36), 'deployment "unlock-service" successfully rolled out')
    return [app, r1, r2, tb, ev, gh], stats


def build(out_dir):
    rng = random.Random(23400)
    repo, head, previous = build_repo()
    try:
        logs, stats = build_logs(rng, head, previous)
        onset = min(stats["bad"]).replace(microsecond=0)

        def backlog(t):
            if t < ARCHIVER_BREAK:
                return rng.randint(0, 400)
            if t < ARCHIVER_FIX + dt.timedelta(seconds=20):
                return int((t - ARCHIVER_BREAK).total_seconds() * 1480)
            peak = int((ARCHIVER_FIX - ARCHIVER_BREAK).total_seconds() * 1480 * 0.62)
            return max(rng.randint(0, 400), peak - int((t - ARCHIVER_FIX).total_seconds() * 9000))

        def memory(node):
            def fn(t):
                if node == "rmq-1":
                    return 2.1e9 + rng.uniform(-5e7, 5e7)
                b = backlog(t) if t < CLEAR else min(backlog(t), 9_000_000)
                return min(6.95e9, 2.3e9 + b * 330)
            return fn
        metrics = {
            "rabbitmq_queue_messages_ready.json": query_range([
                ({"queue": "telemetry.positions", "vhost": "fleet", "instance": "rmq-2:15692"}, backlog),
                ({"queue": "vehicle.commands.telematics-bridge", "vhost": "fleet", "instance": "rmq-1:15692"}, lambda t: rng.randint(0, 3)),
            ], START, END, 60),
            "rabbitmq_process_resident_memory_bytes.json": query_range([
                ({"instance": "rmq-1:15692", "rabbitmq_node": "rabbit@rmq-1"}, memory("rmq-1")),
                ({"instance": "rmq-2:15692", "rabbitmq_node": "rabbit@rmq-2"}, memory("rmq-2")),
            ], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r23-rabbitmq-memory-alarm-none", service=SERVICE, onset=onset,
            description=f"""
Drivers cannot unlock Wayla cars in the Wednesday morning commute (6 May).
From {onset.strftime('%H:%M')} UTC every POST /v1/vehicles/:id/unlock fails (504); support
lines fill up. unlock-service was released at 06:38 (publisher confirms)
and rolled back by its on-call at 07:20; unlocks kept failing until about
07:58. RabbitMQ is the platform team's shared cluster.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"memory resource limit alarm set on node",
                        r"Publishers will be blocked until this alarm clears"],
            fix_files=[],
            explanation=f"""
Nothing in unlock-service's repository caused this. The data team's
telemetry-archiver crash-loops from its 04:52 release (its connections to
rabbit@rmq-2 open and close every few minutes, BackOff events in the
`data` namespace), so nobody consumes the telemetry.positions quorum
queue; its backlog fills rmq-2's memory and at 07:03:41 the node raises
a memory alarm ("memory resource limit alarm set on node", "Publishers
will be blocked until this alarm clears"). Every publishing connection
in the cluster is blocked: unlock commands never reach telematics-bridge,
which logs its own connections blocked ("low on memory"). Unlocks fail
from {onset.strftime('%H:%M')}, with :confirm_timeout under the 06:38 release and with
:vehicle_ack_timeout (10 s) after the 07:20 rollback, until the archiver's
rollback drains the queue and the alarm clears at 07:58.
Decoys: the 06:38 release 25 minutes before (publisher confirms with a
5 s timeout, whose errors are the first ones seen) and its rollback,
which changes only the error's reason; the commit that logs latency and
the car's model; the Phoenix bump; the 12 s ack timeout change; the
runbook; the routine slow-car ack timeouts before the onset; other
teams' short AMQP connections.
""",
        )
    finally:
        repo.close()
