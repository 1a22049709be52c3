"""fares-api (Elixir 1.17, Phoenix 1.7 on Bandit; three to ten pods on EKS,
whose nodes Karpenter provisions and consolidates; synced by Argo CD from
this repository's manifests, by hand after CI is green; team in Lisbon,
Warsaw and Montréal): Voyra's rail and coach fare search. On start a pod
loads 2.1 million fares from PostgreSQL into ETS (about 45 s) and its
readiness probe answers 503 until then.

On Tuesday 6 October at 16:12 UTC a commit moves fares-api from its own
manifests (k8s/) to the platform team's shared service chart
(deploy/values-production.yaml). It carries over replicas, HPA, probes and
resources, but not k8s/pdb.yaml (maxUnavailable: 1) nor the pod topology
spread across nodes: the chart has both, off by default. Argo CD prunes the
PodDisruptionBudget in the 16:44 sync, which names the later CI commit.
Nothing happens for ten hours: rollouts surge one pod at a time.

At 01:46 on Wednesday a config change (fare cache refresh every 10
minutes) rolls the pods; Karpenter launches a fresh node for the surge and,
without the spread constraint, the scheduler puts all three new pods on
it. At 02:12 Karpenter consolidates that node (underutilised at night,
replaced by a smaller one); with no PDB it evicts the three pods at once,
the fares service has no ready endpoint for a minute while the new pods
load their tables, and every fare search gets 503. At 02:49 Karpenter
deletes the replacement node, which again holds all three pods, and it
happens again. The on-call adds a PDB by hand at 03:01; a consolidation at
03:14 then evicts one pod at a time without errors.

Decoys: the fare cache refresh change rolled out at 01:46, 27 minutes
before the onset, to the same values file (its rollout is what put the pods
together, but a rollout with the PDB and spread in place would not have);
the evening commit that logs "Draining HTTP connections" on SIGTERM (the
incident's app lines); a change to the fare table loader the same
afternoon; a Renovate phoenix bump; the CI commit the culprit's sync names;
Karpenter's own consolidations (routine, every night); docs; chores; the
fix after. App (Elixir Logger), ingress-nginx access and controller (klog
with nginx error lines), Karpenter (JSON), Kubernetes events
(kubernetes-event-exporter JSON), Argo CD application controller (logrus
text)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "fares-api"
NS = "fares"
START, END = utc("2026-10-07 00:50:00"), utc("2026-10-07 03:30:00")
ARGO_START = utc("2026-10-06 16:20:00")
SYNC_CULPRIT = utc("2026-10-06 16:44:03")
SYNC_EVENING = utc("2026-10-06 21:52:40")
SYNC_CONFIG = utc("2026-10-07 01:46:12")
CONSOLIDATE_1 = utc("2026-10-07 02:12:38")
DRAIN_1 = utc("2026-10-07 02:13:51")
CONSOLIDATE_2 = utc("2026-10-07 02:49:20")
DRAIN_2 = utc("2026-10-07 02:49:29")
MANUAL_PDB = utc("2026-10-07 03:01:17")
CONSOLIDATE_3 = utc("2026-10-07 03:14:05")
LOAD_S = 44

NODES = {
    "a": "ip-10-31-11-23.eu-west-1.compute.internal",
    "b": "ip-10-31-24-160.eu-west-1.compute.internal",
    "c": "ip-10-31-37-94.eu-west-1.compute.internal",
    "d": "ip-10-31-22-87.eu-west-1.compute.internal",
    "e": "ip-10-31-40-12.eu-west-1.compute.internal",
    "x": "ip-10-31-9-201.eu-west-1.compute.internal",
    "y": "ip-10-31-30-58.eu-west-1.compute.internal",
}

K8S_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: fares-api
  namespace: fares
spec:
  replicas: 3
  strategy:
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  selector:
    matchLabels: {app: fares-api}
  template:
    metadata:
      labels: {app: fares-api}
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels: {app: fares-api}
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels: {app: fares-api}
      terminationGracePeriodSeconds: 30
      containers:
        - name: fares-api
          image: 611842093314.dkr.ecr.eu-west-1.amazonaws.com/fares-api:latest
          ports: [{containerPort: 4000}]
          env:
            - {name: FARE_CACHE_REFRESH_MINUTES, value: "30"}
          resources:
            requests: {cpu: "1", memory: 1536Mi}
            limits: {memory: 1536Mi}
          readinessProbe:
            httpGet: {path: /ready, port: 4000}
            periodSeconds: 5
          livenessProbe:
            httpGet: {path: /healthz, port: 4000}
            initialDelaySeconds: 90
            periodSeconds: 10
"""

K8S_PDB = """apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: fares-api
  namespace: fares
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: fares-api}
"""

K8S_HPA = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: fares-api
  namespace: fares
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: fares-api}
  minReplicas: 3
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 65}}
"""

CHART = """apiVersion: v2
name: fares-api
version: 1.0.0
dependencies:
  - name: service
    version: 2.4.1
    repository: oci://611842093314.dkr.ecr.eu-west-1.amazonaws.com/platform-charts
"""

VALUES = """# fares-api on the platform service chart (platform-charts/service 2.4).
# Chart defaults: docs at https://backstage.voyra.internal/docs/platform/service-chart
service:
  name: fares-api
  namespace: fares
  image:
    repository: 611842093314.dkr.ecr.eu-west-1.amazonaws.com/fares-api
    tag: ""  # set by Argo CD to the synced revision
  port: 4000
  replicas: 3
  strategy:
    maxSurge: 1
    maxUnavailable: 0
  env:
    FARE_CACHE_REFRESH_MINUTES: "30"
  resources:
    requests: {cpu: "1", memory: 1536Mi}
    limits: {memory: 1536Mi}
  probes:
    readiness: {path: /ready, periodSeconds: 5}
    liveness: {path: /healthz, initialDelaySeconds: 90, periodSeconds: 10}
  terminationGracePeriodSeconds: 30
  autoscaling:
    enabled: true
    minReplicas: 3
    maxReplicas: 10
    targetCPUUtilizationPercentage: 65
  ingress:
    enabled: true
    host: api.voyra.eu
    paths: [/v1/fares]
"""

APPLICATION_EX = """defmodule Fares.Application do
  @moduledoc false
  use Application
  require Logger

  @impl true
  def start(_type, _args) do
    Logger.info("Starting fares-api version=#{System.get_env("GIT_SHA", "dev")}")

    children = [
      Fares.Repo,
      FaresWeb.Endpoint,
      Fares.FareTable,
      {Fares.CacheRefresher, minutes: String.to_integer(System.get_env("FARE_CACHE_REFRESH_MINUTES", "30"))}
    ]

    Supervisor.start_link(children, strategy: :one_for_one, name: Fares.Supervisor)
  end
end
"""

FARE_TABLE_EX = """defmodule Fares.FareTable do
  @moduledoc \"\"\"
  Every fare, keyed by {origin, destination, class}, in a protected ETS table.
  /ready answers 503 until load/0 has finished.
  \"\"\"
  use GenServer
  require Logger

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  @impl true
  def init(nil) do
    :ets.new(:fares, [:named_table, :protected, :bag, read_concurrency: true])
    {:ok, nil, {:continue, :load}}
  end

  @impl true
  def handle_continue(:load, state) do
    started = System.monotonic_time(:millisecond)
    zones = Fares.Repo.all(Fares.Zone)
    Logger.info("Loading fare tables from fares-db (zones: #{length(zones)})")
    count = Enum.reduce(zones, 0, fn zone, acc -> acc + load_zone(zone) end)
    secs = (System.monotonic_time(:millisecond) - started) / 1000
    Logger.info("Fare tables loaded: #{count} fares, #{length(zones)} zones in #{Float.round(secs, 1)}s")
    :persistent_term.put(:fares_ready, true)
    {:noreply, state}
  end

  defp load_zone(zone) do
    rows = Fares.Repo.all(Fares.Fare.for_zone(zone.id))
    :ets.insert(:fares, Enum.map(rows, &{{&1.origin, &1.destination}, &1}))
    length(rows)
  end
end
"""


def repo_files():
    return {
        "mix.exs": 'defmodule Fares.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :fares, version: "0.9.0", elixir: "~> 1.17", deps: deps()]\n  end\n\n  def application, do: [mod: {Fares.Application, []}, extra_applications: [:logger]]\n\n  defp deps do\n    [\n      {:phoenix, "~> 1.7.14"},\n      {:bandit, "~> 1.5"},\n      {:ecto_sql, "~> 3.12"},\n      {:postgrex, "~> 0.19"},\n      {:jason, "~> 1.4"}\n    ]\n  end\nend\n',
        "mix.lock": '%{\n  "bandit": {:hex, :bandit, "1.5.7"},\n  "ecto_sql": {:hex, :ecto_sql, "3.12.0"},\n  "jason": {:hex, :jason, "1.4.4"},\n  "phoenix": {:hex, :phoenix, "1.7.14"},\n  "postgrex": {:hex, :postgrex, "0.19.1"},\n}\n',
        "lib/fares/application.ex": APPLICATION_EX,
        "lib/fares/fare_table.ex": FARE_TABLE_EX,
        "lib/fares/cache_refresher.ex": 'defmodule Fares.CacheRefresher do\n  @moduledoc "Reloads fares changed since the last refresh."\n  use GenServer\n  require Logger\n\n  def start_link(opts), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)\n\n  @impl true\n  def init(opts) do\n    Process.send_after(self(), :refresh, :timer.minutes(opts[:minutes]))\n    {:ok, opts}\n  end\n\n  @impl true\n  def handle_info(:refresh, opts) do\n    {changed, ms} = Fares.FareTable.refresh()\n    Logger.info("Fare cache refreshed: #{changed} fares changed in #{ms}ms")\n    Process.send_after(self(), :refresh, :timer.minutes(opts[:minutes]))\n    {:noreply, opts}\n  end\nend\n',
        "lib/fares_web/endpoint.ex": 'defmodule FaresWeb.Endpoint do\n  use Phoenix.Endpoint, otp_app: :fares\n  plug Plug.RequestId\n  plug Plug.Telemetry, event_prefix: [:phoenix, :endpoint]\n  plug FaresWeb.Router\nend\n',
        "lib/fares_web/router.ex": 'defmodule FaresWeb.Router do\n  use Phoenix.Router\n\n  get "/healthz", FaresWeb.HealthController, :live\n  get "/ready", FaresWeb.HealthController, :ready\n  get "/v1/fares/search", FaresWeb.SearchController, :search\n  get "/v1/fares/:id", FaresWeb.SearchController, :show\nend\n',
        "lib/fares_web/controllers/health_controller.ex": 'defmodule FaresWeb.HealthController do\n  use Phoenix.Controller, formats: [:json]\n\n  def live(conn, _), do: json(conn, %{ok: true})\n\n  def ready(conn, _) do\n    if :persistent_term.get(:fares_ready, false),\n      do: json(conn, %{ready: true}),\n      else: conn |> put_status(503) |> json(%{ready: false, reason: "loading fare tables"})\n  end\nend\n',
        "lib/fares_web/controllers/search_controller.ex": 'defmodule FaresWeb.SearchController do\n  use Phoenix.Controller, formats: [:json]\n\n  def search(conn, %{"from" => from, "to" => to, "date" => date}) do\n    json(conn, %{fares: Fares.Search.cheapest(from, to, Date.from_iso8601!(date))})\n  end\n\n  def show(conn, %{"id" => id}), do: json(conn, Fares.Search.get!(id))\nend\n',
        "config/runtime.exs": 'import Config\n\nif config_env() == :prod do\n  config :fares, Fares.Repo, url: System.fetch_env!("DATABASE_URL"), pool_size: 10\n  config :fares, FaresWeb.Endpoint, http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}, port: 4000], server: true\nend\n',
        "config/prod.exs": 'import Config\n\nconfig :logger, :default_formatter,\n  format: "$date $time $metadata[$level] $message\\n",\n  metadata: [:pod, :request_id]\n\nconfig :logger, level: :info\n',
        "k8s/deployment.yaml": K8S_DEPLOYMENT,
        "k8s/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: fares-api\n  namespace: fares\nspec:\n  selector: {app: fares-api}\n  ports:\n    - {port: 80, targetPort: 4000}\n",
        "k8s/pdb.yaml": K8S_PDB,
        "k8s/hpa.yaml": K8S_HPA.replace("maxReplicas: 10", "maxReplicas: 8").replace("averageUtilization: 65", "averageUtilization: 75"),
        "k8s/ingress.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: fares-api\n  namespace: fares\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: api.voyra.eu\n      http:\n        paths:\n          - path: /v1/fares\n            pathType: Prefix\n            backend: {service: {name: fares-api, port: {number: 80}}}\n",
        "Dockerfile": "FROM hexpm/elixir:1.17.3-erlang-27.1-alpine-3.20.3 AS build\nWORKDIR /app\nENV MIX_ENV=prod\nCOPY mix.exs mix.lock ./\nRUN mix deps.get --only prod && mix deps.compile\nCOPY . .\nRUN mix release\n\nFROM alpine:3.20\nRUN apk add --no-cache libstdc++ ncurses-libs openssl\nCOPY --from=build /app/_build/prod/rel/fares /app\nCMD [\"/app/bin/fares\", \"start\"]\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: erlef/setup-beam@v1\n        with: {elixir-version: '1.17', otp-version: '27'}\n      - run: mix deps.get\n      - run: mix test\n  image:\n    needs: test\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./scripts/build-and-push.sh $GITHUB_SHA\n",
        "README.md": readme(SERVICE, "Voyra's rail and coach fare search: every fare in memory (ETS), loaded from fares-db on start.", "mix deps.get\nmix test\niex -S mix phx.server").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.",
            "Merges to `main` are built by CI; once CI is green, sync the `fares-api` app in Argo CD (prod-eu-1)."),
    }


def build_repo():
    ines = Person("Inês Carvalho", "ines.carvalho@voyra.eu", 60)
    pawel = Person("Paweł Nowak", "pawel.nowak@voyra.eu", 120)
    emilie = Person("Émilie Tremblay", "emilie.tremblay@voyra.eu", -240)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("FaresApi5xx", "More than 1 % of fare searches fail. A pod is only ready once its fare tables are loaded (about 45 s); check the ready replicas first."),
        ("FaresTableLoadSlow", "A pod took over 90 s to load: fares-db is slow or a zone has grown. See the `Fare tables loaded` line."),
    ])
    repo.commit(utc("2026-09-30 08:40:00"), ines, "fares-api: import", files)
    repo.schedule(chores(random.Random(17201), SERVICE, [ines, pawel, emilie], utc("2026-09-30 08:40:00"), utc("2026-10-05 17:00:00"), 4))
    repo.commit(utc("2026-10-01 12:10:00"), pawel, "search: cheapest fare per class, not per operator", {
        "lib/fares_web/controllers/search_controller.ex": repo.edit("lib/fares_web/controllers/search_controller.ex", "Fares.Search.cheapest(from, to, Date.from_iso8601!(date))", "Fares.Search.cheapest(from, to, Date.from_iso8601!(date), per: :class)"),
    })
    repo.commit(utc("2026-10-02 14:25:00"), emilie, "hpa: target 65 % CPU, max 10 (the weekend peak reached 8)", {
        "k8s/hpa.yaml": K8S_HPA,
    })
    repo.commit(utc("2026-10-06 12:05:00"), ines, "fare table: load zones four at a time\n\nThe 1841 zones loaded one after another; four concurrent queries\ncut a pod's start from about 70 s to 45 s on fares-db's replica.", {
        "lib/fares/fare_table.ex": repo.edit("lib/fares/fare_table.ex", "    count = Enum.reduce(zones, 0, fn zone, acc -> acc + load_zone(zone) end)\n",
                                             "    count =\n      zones\n      |> Task.async_stream(&load_zone/1, max_concurrency: 4, timeout: :infinity)\n      |> Enum.reduce(0, fn {:ok, n}, acc -> acc + n end)\n"),
    })
    culprit = repo.commit(utc("2026-10-06 16:12:00"), pawel, "deploy: move fares-api to the platform service chart\n\nThe platform team asks every service to use platform-charts/service\n(one place for labels, the ingress class and the ServiceMonitor).\nSame replicas, strategy, probes, resources, HPA and ingress as the\nold manifests; the chart's defaults cover the rest. Argo CD now points\nat deploy/ (with prune, so k8s/ goes away).", {
        "k8s/deployment.yaml": None,
        "k8s/service.yaml": None,
        "k8s/pdb.yaml": None,
        "k8s/hpa.yaml": None,
        "k8s/ingress.yaml": None,
        "deploy/Chart.yaml": CHART,
        "deploy/values-production.yaml": VALUES,
    })
    ci_head = repo.commit(utc("2026-10-06 16:31:00"), emilie, "ci: cache deps and _build in the test job", {
        ".github/workflows/ci.yml": repo.edit(".github/workflows/ci.yml", "      - run: mix deps.get\n      - run: mix test\n",
                                              "      - uses: actions/cache@v4\n        with:\n          path: |\n            deps\n            _build\n          key: mix-${{ hashFiles('mix.lock') }}\n      - run: mix deps.get\n      - run: mix test\n"),
    })
    repo.commit(utc("2026-10-06 17:05:00"), renovate, "chore(deps): update dependency phoenix to ~> 1.7.15", {
        "mix.exs": repo.edit("mix.exs", '{:phoenix, "~> 1.7.14"}', '{:phoenix, "~> 1.7.15"}'),
        "mix.lock": repo.edit("mix.lock", '"phoenix": {:hex, :phoenix, "1.7.14"}', '"phoenix": {:hex, :phoenix, "1.7.15"}'),
    })
    evening = repo.commit(utc("2026-10-06 21:38:00"), emilie, "shutdown: log SIGTERM and drain connections for 5 s\n\nPods stopped accepting the moment they got SIGTERM, while the ingress\nstill had them for a second or two: a few 502s per rollout. Keep\nserving for 5 s and say so in the log.", {
        "lib/fares/application.ex": repo.edit("lib/fares/application.ex", "      FaresWeb.Endpoint,\n", "      FaresWeb.Endpoint,\n      {Fares.Drainer, ms: 5_000},\n"),
        "lib/fares/drainer.ex": 'defmodule Fares.Drainer do\n  @moduledoc "On shutdown, keeps the endpoint serving for a few seconds so the ingress can drop the pod first."\n  use GenServer\n  require Logger\n\n  def start_link(opts), do: GenServer.start_link(__MODULE__, opts)\n\n  @impl true\n  def init(opts) do\n    Process.flag(:trap_exit, true)\n    {:ok, opts}\n  end\n\n  @impl true\n  def terminate(_reason, opts) do\n    Logger.info("Draining HTTP connections for #{opts[:ms]}ms")\n    Process.sleep(opts[:ms])\n  end\nend\n',
    })
    config = repo.commit(utc("2026-10-07 01:39:00"), emilie, "values: refresh the fare cache every 10 minutes (was 30)\n\nOperators publish promo fares in the evening; a half-hour lag means\nsearch shows the old price and checkout the new one.", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", 'FARE_CACHE_REFRESH_MINUTES: "30"', 'FARE_CACHE_REFRESH_MINUTES: "10"'),
    })
    repo.commit(utc("2026-10-07 08:20:00"), pawel, "values: PDB (maxUnavailable 1) and spread across nodes and zones\n\nThe chart has both off by default; the old k8s/pdb.yaml and the\nspread constraints were lost in the move to the chart. Karpenter\nevicted all three pods at once twice last night.", {
        "deploy/values-production.yaml": repo.edit("deploy/values-production.yaml", "  terminationGracePeriodSeconds: 30\n",
                                                   "  terminationGracePeriodSeconds: 30\n  podDisruptionBudget:\n    enabled: true\n    maxUnavailable: 1\n  topologySpread:\n    enabled: true\n    hostname: DoNotSchedule\n    zone: ScheduleAnyway\n"),
    })
    return repo, culprit, ci_head, evening, config


# ---------------------------------------------------------------------------
# logs

POD_CHARS = "bcdfghjklmnpqrstvwxz2456789"


def rs_hash(rng):
    return "".join(rng.choice(POD_CHARS) for _ in range(10))


def pod_name(rng, rs):
    return f"fares-api-{rs}-{''.join(rng.choice(POD_CHARS) for _ in range(5))}"


def elixir(t, pod, level, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} pod={pod} [{level}] {msg}"


def karpenter(rng, t, message, controller, level="INFO", **fields):
    body = {"level": level, "time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "logger": "controller", "message": message,
            "commit": "62a726c", "controller": controller}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def event(t, kind, name, reason, message, component, etype="Normal", namespace=NS, host=None):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {"metadata": {"name": f"{name}.{int(t.timestamp() * 1000):x}", "namespace": namespace or "default"},
            "involvedObject": {"kind": kind, "namespace": namespace, "name": name} if namespace else {"kind": kind, "name": name},
            "reason": reason, "message": message, "source": {"component": component, **({"host": host} if host else {})},
            "firstTimestamp": stamp, "lastTimestamp": stamp, "count": 1, "type": etype}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def logrus(t, level, msg, **fields):
    parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f"msg={json.dumps(msg, ensure_ascii=False)}"]
    for k, v in fields.items():
        text = str(v)
        parts.append(f"{k}={json.dumps(text) if (' ' in text or '=' in text or text == '') else text}")
    return " ".join(parts)


def build_logs(rng, culprit, ci_head, evening, config):
    app = Log("fares-api.log")
    ingress = Log("ingress-nginx-access.log")
    controller = Log("ingress-nginx-controller.log")
    karp = Log("karpenter.log")
    _karp_add = karp.add

    def karp_add(t, text):
        if t.microsecond == 0:
            shift = dt.timedelta(milliseconds=rng.randint(3, 480))
            old = t.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            t = t + shift
            text = text.replace(old, t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", 1)
        _karp_add(t, text)
    karp.add = karp_add
    events = Log("k8s-events.log")
    argo = Log("argocd-application-controller.log")

    # ---- pods and their lives --------------------------------------------------------------
    # Each pod: (name, node, ready_from, not_ready_from); serving while ready_from <= t < not_ready_from.
    pods = []
    rs_old, rs_new = rs_hash(rng), rs_hash(rng)

    def boot(pod, node, created, sha, pull_s):
        """A new pod: scheduled, pulled, started, loads its tables, becomes ready. Returns ready time."""
        sched = created + dt.timedelta(milliseconds=rng.randint(30, 400))
        events.add(sched, event(sched, "Pod", pod, "Scheduled", f"Successfully assigned {NS}/{pod} to {NODES[node]}", "default-scheduler"))
        pulled = sched + dt.timedelta(seconds=pull_s, milliseconds=rng.randint(0, 900))
        if pull_s > 2:
            events.add(sched + dt.timedelta(seconds=1), event(sched + dt.timedelta(seconds=1), "Pod", pod, "Pulling", f'Pulling image "611842093314.dkr.ecr.eu-west-1.amazonaws.com/fares-api:{sha}"', "kubelet", host=NODES[node]))
            events.add(pulled, event(pulled, "Pod", pod, "Pulled", f'Successfully pulled image "611842093314.dkr.ecr.eu-west-1.amazonaws.com/fares-api:{sha}" in {pull_s}.{rng.randint(100, 999)}s ({pull_s}.{rng.randint(100, 999)}s including waiting). Image size: 48213390 bytes.', "kubelet", host=NODES[node]))
        else:
            events.add(pulled, event(pulled, "Pod", pod, "Pulled", f'Container image "611842093314.dkr.ecr.eu-west-1.amazonaws.com/fares-api:{sha}" already present on machine', "kubelet", host=NODES[node]))
        started = pulled + dt.timedelta(milliseconds=rng.randint(300, 700))
        events.add(started, event(started, "Pod", pod, "Created", "Created container fares-api", "kubelet", host=NODES[node]))
        events.add(started + dt.timedelta(milliseconds=80), event(started + dt.timedelta(milliseconds=80), "Pod", pod, "Started", "Started container fares-api", "kubelet", host=NODES[node]))
        t = started + dt.timedelta(seconds=2, milliseconds=rng.randint(100, 600))
        app.add(t, elixir(t, pod, "info", f"Starting fares-api version={sha}"))
        t += dt.timedelta(milliseconds=rng.randint(200, 400))
        app.add(t, elixir(t, pod, "info", "Running FaresWeb.Endpoint with Bandit 1.5.7 at :::4000 (http)"))
        app.add(t + dt.timedelta(milliseconds=2), elixir(t + dt.timedelta(milliseconds=2), pod, "info", "Access FaresWeb.Endpoint at https://api.voyra.eu"))
        t += dt.timedelta(milliseconds=rng.randint(300, 600))
        app.add(t, elixir(t, pod, "info", "Loading fare tables from fares-db (zones: 1841)"))
        load = LOAD_S + rng.uniform(-3, 4)
        # readiness probe failures while loading
        probe = t + dt.timedelta(seconds=3)
        first = True
        while probe < t + dt.timedelta(seconds=load):
            if first or rng.random() < 0.25:
                events.add(probe, event(probe, "Pod", pod, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", "kubelet", etype="Warning", host=NODES[node]))
                first = False
            probe += dt.timedelta(seconds=5)
        done = t + dt.timedelta(seconds=load)
        app.add(done, elixir(done, pod, "info", f"Fare tables loaded: 2104417 fares, 1841 zones in {load:.1f}s"))
        ready = done + dt.timedelta(seconds=rng.uniform(0.5, 5))
        return ready

    def stop(pod, node, when, evicted_by=None, drain=True):
        """Pod gets SIGTERM at `when`: not ready from when + ~1 s."""
        if evicted_by:
            events.add(when, event(when, "Pod", pod, "Evicted", f"Evicted pod: {evicted_by}", "karpenter"))
        events.add(when + dt.timedelta(milliseconds=40), event(when + dt.timedelta(milliseconds=40), "Pod", pod, "Killing", "Stopping container fares-api", "kubelet", host=NODES[node]))
        t = when + dt.timedelta(milliseconds=rng.randint(50, 200))
        app.add(t, elixir(t, pod, "notice", "SIGTERM received - shutting down"))
        if drain:
            app.add(t + dt.timedelta(milliseconds=3), elixir(t + dt.timedelta(milliseconds=3), pod, "info", "Draining HTTP connections for 5000ms"))
            t += dt.timedelta(seconds=5, milliseconds=rng.randint(5, 30))
        app.add(t + dt.timedelta(milliseconds=20), elixir(t + dt.timedelta(milliseconds=20), pod, "warning", f"Postgrex.Protocol (#PID<0.{rng.randint(2400, 2900)}.0>) disconnected: ** (DBConnection.ConnectionError) client #PID<0.{rng.randint(3000, 3900)}.0> exited"))
        return when + dt.timedelta(milliseconds=rng.randint(600, 1400))

    # Before 01:46: three pods spread on a, b, c (evening image), one restarted by a 01:18 consolidation of x? no: on a, b, c.
    evening_pods = [(pod_name(rng, rs_old), n) for n in ("a", "b", "c")]
    lives = {}
    for name, node in evening_pods:
        lives[name] = [node, START - dt.timedelta(hours=3), None]

    # 01:46 rollout of the config commit: surge one, Karpenter launches node d, all three land on d.
    node_d_ready = SYNC_CONFIG + dt.timedelta(seconds=52)
    new_pods = [pod_name(rng, rs_new) for _ in range(3)]
    created = SYNC_CONFIG + dt.timedelta(seconds=3)
    old_iter = iter(evening_pods)
    for i, pod in enumerate(new_pods):
        if i == 0:
            events.add(created + dt.timedelta(milliseconds=60), event(created + dt.timedelta(milliseconds=60), "Pod", pod, "FailedScheduling", "0/9 nodes are available: 9 Insufficient cpu. preemption: 0/9 nodes are available: 9 No preemption victims found for incoming pod.", "default-scheduler", etype="Warning"))
            events.add(created + dt.timedelta(seconds=1), event(created + dt.timedelta(seconds=1), "Pod", pod, "Nominated", f"Pod should schedule on: nodeclaim/general-7hq4c", "karpenter"))
            ready = boot(pod, "d", node_d_ready, config, 9)
        else:
            ready = boot(pod, "d", created, config, 0)
        lives[pod] = ["d", ready, None]
        old, old_node = next(old_iter)
        gone = stop(old, old_node, ready + dt.timedelta(milliseconds=rng.randint(200, 900)))
        lives[old][2] = gone
        created = ready + dt.timedelta(milliseconds=rng.randint(300, 900))
    karp_start = SYNC_CONFIG + dt.timedelta(seconds=4)
    karp.add(karp_start, karpenter(rng, karp_start, "found provisionable pod(s)", "provisioner", Pods=f"{NS}/{new_pods[0]}", duration="28.417ms"))
    karp.add(karp_start, karpenter(rng, karp_start, "computed new nodeclaim(s) to fit pod(s)", "provisioner", nodeclaims=1, pods=1))
    karp.add(karp_start + dt.timedelta(milliseconds=12), karpenter(rng, karp_start, "created nodeclaim", "provisioner", NodePool={"name": "general"}, NodeClaim={"name": "general-7hq4c"},
                                                                    requests={"cpu": "1210m", "memory": "1886Mi", "pods": "5"}, **{"instance-types": "c5.2xlarge, c5a.2xlarge, c6a.2xlarge, c6i.2xlarge, c7i.2xlarge and 37 other(s)"}))
    for off, msg, extra in ((6, "launched nodeclaim", {"provider-id": "aws:///eu-west-1a/i-0c41f7d2a98e1b365", "instance-type": "c6i.2xlarge", "zone": "eu-west-1a", "capacity-type": "on-demand", "allocatable": {"cpu": "7910m", "memory": "14162Mi", "pods": "58"}}),
                            (38, "registered nodeclaim", {"Node": {"name": NODES["d"]}}),
                            (48, "initialized nodeclaim", {"Node": {"name": NODES["d"]}, "allocatable": {"cpu": "7910m", "memory": "14162Mi", "pods": "58"}})):
        tk = SYNC_CONFIG + dt.timedelta(seconds=off, milliseconds=rng.randint(0, 900))
        karp.add(tk, karpenter(rng, tk, msg, "nodeclaim.lifecycle", NodeClaim={"name": "general-7hq4c"}, **extra))

    # ---- consolidation 1: replace d with e; all three pods evicted at once -----------------
    cmd1 = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
    karp.add(CONSOLIDATE_1, karpenter(rng, CONSOLIDATE_1, f"disrupting nodeclaim(s) via replace, terminating 1 nodes (5 pods) {NODES['d']}/c6i.2xlarge/on-demand and replacing with on-demand node from types c6i.xlarge, c5.xlarge, c5a.xlarge, m6i.xlarge, c7i.xlarge and 21 other(s)",
                                      "disruption", **{"command-id": cmd1, "reason": "underutilized"}))
    events.add(CONSOLIDATE_1, event(CONSOLIDATE_1, "Node", NODES["d"], "DisruptionLaunching", "Launching NodeClaim: Underutilized/Replace", "karpenter", namespace=""))
    for off, msg, ctrl, extra in ((0.3, "created nodeclaim", "disruption", {"NodePool": {"name": "general"}, "NodeClaim": {"name": "general-m2x8r"}, "requests": {"cpu": "3210m", "memory": "4958Mi", "pods": "5"}, "instance-types": "c5.xlarge, c5a.xlarge, c6i.xlarge, c7i.xlarge, m6i.xlarge and 21 other(s)"}),
                                  (5, "launched nodeclaim", "nodeclaim.lifecycle", {"NodeClaim": {"name": "general-m2x8r"}, "provider-id": "aws:///eu-west-1b/i-07be3c19d5f0a2e84", "instance-type": "c6i.xlarge", "zone": "eu-west-1b", "capacity-type": "on-demand", "allocatable": {"cpu": "3920m", "memory": "6584Mi", "pods": "58"}}),
                                  (41, "registered nodeclaim", "nodeclaim.lifecycle", {"NodeClaim": {"name": "general-m2x8r"}, "Node": {"name": NODES["e"]}}),
                                  (71, "initialized nodeclaim", "nodeclaim.lifecycle", {"NodeClaim": {"name": "general-m2x8r"}, "Node": {"name": NODES["e"]}, "allocatable": {"cpu": "3920m", "memory": "6584Mi", "pods": "58"}})):
        tk = CONSOLIDATE_1 + dt.timedelta(seconds=off, milliseconds=rng.randint(0, 400))
        karp.add(tk, karpenter(rng, tk, msg, ctrl, **extra))
    events.add(CONSOLIDATE_1 + dt.timedelta(seconds=42), event(CONSOLIDATE_1 + dt.timedelta(seconds=42), "Node", NODES["d"], "DisruptionWaitingReadiness", "Waiting on readiness to continue disruption", "karpenter", namespace=""))
    karp.add(DRAIN_1, karpenter(rng, DRAIN_1, "tainted node", "node.termination", Node={"name": NODES["d"]}, **{"taint.Key": "karpenter.sh/disrupted", "taint.Value": "", "taint.Effect": "NoSchedule"}))
    events.add(DRAIN_1, event(DRAIN_1, "Node", NODES["d"], "DisruptionTerminating", "Disrupting Node: Underutilized/Replace", "karpenter", namespace=""))
    rs_cur = rs_new
    gen1 = [pod_name(rng, rs_cur) for _ in range(3)]
    for i, pod in enumerate(new_pods):
        when = DRAIN_1 + dt.timedelta(milliseconds=30 + 15 * i)
        lives[pod][2] = when + dt.timedelta(milliseconds=rng.randint(500, 1100))
        stop(pod, "d", when, evicted_by="Disrupting Node: Underutilized/Replace")
    for i, pod in enumerate(gen1):
        ready = boot(pod, "e", DRAIN_1 + dt.timedelta(milliseconds=200 + 40 * i), config, 9 if i == 0 else 10)
        lives[pod] = ["e", ready, None]
    tk = DRAIN_1 + dt.timedelta(seconds=36)
    karp.add(tk, karpenter(rng, tk, "deleted node", "node.termination", Node={"name": NODES["d"]}))
    karp.add(tk + dt.timedelta(seconds=1), karpenter(rng, tk, "deleted nodeclaim", "nodeclaim.termination", NodeClaim={"name": "general-7hq4c"}, Node={"name": NODES["d"]}))

    # ---- consolidation 2: delete e; the three pods evicted at once again ---------------------
    cmd2 = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
    karp.add(CONSOLIDATE_2, karpenter(rng, CONSOLIDATE_2, f"disrupting nodeclaim(s) via delete, terminating 1 nodes (5 pods) {NODES['e']}/c6i.xlarge/on-demand",
                                      "disruption", **{"command-id": cmd2, "reason": "underutilized"}))
    karp.add(DRAIN_2, karpenter(rng, DRAIN_2, "tainted node", "node.termination", Node={"name": NODES["e"]}, **{"taint.Key": "karpenter.sh/disrupted", "taint.Value": "", "taint.Effect": "NoSchedule"}))
    events.add(DRAIN_2, event(DRAIN_2, "Node", NODES["e"], "DisruptionTerminating", "Disrupting Node: Underutilized/Delete", "karpenter", namespace=""))
    gen2 = [(pod_name(rng, rs_cur), n) for n in ("b", "a", "c")]
    for i, pod in enumerate(gen1):
        when = DRAIN_2 + dt.timedelta(milliseconds=25 + 18 * i)
        lives[pod][2] = when + dt.timedelta(milliseconds=rng.randint(500, 1100))
        stop(pod, "e", when, evicted_by="Disrupting Node: Underutilized/Delete")
    for i, (pod, node) in enumerate(gen2):
        ready = boot(pod, node, DRAIN_2 + dt.timedelta(milliseconds=180 + 50 * i), config, 0)
        lives[pod] = [node, ready, None]
    tk = DRAIN_2 + dt.timedelta(seconds=34)
    karp.add(tk, karpenter(rng, tk, "deleted node", "node.termination", Node={"name": NODES["e"]}))
    karp.add(tk + dt.timedelta(seconds=1), karpenter(rng, tk, "deleted nodeclaim", "nodeclaim.termination", NodeClaim={"name": "general-m2x8r"}, Node={"name": NODES["e"]}))

    # ---- the on-call's hand-made PDB; consolidation 3 evicts one pod only --------------------
    cmd3 = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
    karp.add(CONSOLIDATE_3, karpenter(rng, CONSOLIDATE_3, f"disrupting nodeclaim(s) via delete, terminating 1 nodes (7 pods) {NODES['b']}/m6i.2xlarge/on-demand",
                                      "disruption", **{"command-id": cmd3, "reason": "underutilized"}))
    t3 = CONSOLIDATE_3 + dt.timedelta(seconds=2)
    karp.add(t3, karpenter(rng, t3, "tainted node", "node.termination", Node={"name": NODES["b"]}, **{"taint.Key": "karpenter.sh/disrupted", "taint.Value": "", "taint.Effect": "NoSchedule"}))
    events.add(t3, event(t3, "Node", NODES["b"], "DisruptionTerminating", "Disrupting Node: Underutilized/Delete", "karpenter", namespace=""))
    pod_b = gen2[0][0]
    lives[pod_b][2] = t3 + dt.timedelta(seconds=1)
    stop(pod_b, "b", t3 + dt.timedelta(milliseconds=40), evicted_by="Disrupting Node: Underutilized/Delete")
    repl = pod_name(rng, rs_cur)
    ready = boot(repl, "x", t3 + dt.timedelta(milliseconds=250), config, 0)
    lives[repl] = ["x", ready, None]
    tk = t3 + dt.timedelta(seconds=33)
    karp.add(tk, karpenter(rng, tk, "deleted node", "node.termination", Node={"name": NODES["b"]}))

    # ---- routine Karpenter work earlier in the night (other teams' pods) ---------------------
    for when, node, itype, npods, how in ((utc("2026-10-07 00:58:41"), "ip-10-31-15-77.eu-west-1.compute.internal", "m6i.xlarge", 4, "delete"),
                                          (utc("2026-10-07 01:21:09"), "ip-10-31-33-140.eu-west-1.compute.internal", "c6i.2xlarge", 6, "delete")):
        cmd = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"
        karp.add(when, karpenter(rng, when, f"disrupting nodeclaim(s) via {how}, terminating 1 nodes ({npods} pods) {node}/{itype}/on-demand", "disruption", **{"command-id": cmd, "reason": "underutilized"}))
        tk = when + dt.timedelta(seconds=1)
        karp.add(tk, karpenter(rng, tk, "tainted node", "node.termination", Node={"name": node}, **{"taint.Key": "karpenter.sh/disrupted", "taint.Value": "", "taint.Effect": "NoSchedule"}))
        events.add(tk, event(tk, "Node", node, "DisruptionTerminating", "Disrupting Node: Underutilized/Delete", "karpenter", namespace=""))
        for ns, prefix in (("search", "autocomplete"), ("notifications", "notify-worker")):
            p = f"{prefix}-{rs_hash(rng)}-{''.join(rng.choice(POD_CHARS) for _ in range(5))}"
            events.add(tk + dt.timedelta(milliseconds=50), event(tk + dt.timedelta(milliseconds=50), "Pod", p, "Evicted", "Evicted pod: Disrupting Node: Underutilized/Delete", "karpenter", namespace=ns))
        tk2 = tk + dt.timedelta(seconds=rng.randint(35, 80))
        karp.add(tk2, karpenter(rng, tk2, "deleted node", "node.termination", Node={"name": node}))
    for when in (utc("2026-10-07 01:05:12"), utc("2026-10-07 01:35:40"), utc("2026-10-07 02:31:02"), utc("2026-10-07 03:22:44")):
        events.add(when, event(when, "Node", NODES["y"], "DisruptionBlocked", 'Pdb "checkout/checkout-api" prevents pod evictions', "karpenter", namespace=""))

    # ---- traffic: ingress-nginx access and controller ---------------------------------------
    ups = {pod: f"10.31.{rng.randint(8, 47)}.{rng.randint(10, 250)}" for pod in lives}

    def serving(t):
        return [p for p, (node, a, b) in lives.items() if a <= t and (b is None or t < b)]

    routes = [("GET", "/v1/fares/search?from={o}&to={d}&date=2026-10-{day}&passengers={n}", 8),
              ("GET", "/v1/fares/{id}", 2)]
    stations = ["LIS", "OPO", "COI", "FAO", "MAD", "BCN", "VLC", "SVQ", "WAW", "KRK", "GDN", "WRO"]
    uas = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 VoyraApp/5.3.1",
           "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15"]
    errors = []
    for t in poisson_times(rng, START, END, 14):
        method, tmpl, _ = weighted_route(rng, routes)
        o, d = rng.sample(stations, 2)
        path = tmpl.format(o=o, d=d, day=rng.randint(7, 31), n=rng.randint(1, 4), id=f"fr_{hexid(rng, 12)}")
        client = f"{rng.choice([85, 88, 94, 148, 176, 188, 193, 213])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        rid = hexid(rng, 32)
        ua = rng.choice(uas)
        live = serving(t)
        if live:
            pod = rng.choice(live)
            took = ms(rng, 24, 0.5) / 1000
            size = rng.randint(900, 7400)
            line = f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" 200 {size} "https://www.voyra.eu/" "{ua}" {rng.randint(40, 90)} {took + 0.001:.3f} [fares-fares-api-80] [] {ups[pod]}:4000 {size} {took:.3f} 200 {rid}'
        else:
            line = f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" 503 190 "https://www.voyra.eu/" "{ua}" {rng.randint(40, 90)} 0.000 [fares-fares-api-80] [] - - - - {rid}'
            errors.append(t)
        ingress.add(t, line)
    # controller: endpoint warnings while the service has none, reloads, and routine lines
    t = START
    empty_since = None
    while t < END:
        if not serving(t):
            if empty_since is None:
                empty_since = t
            controller.add(t, klog_line(t, "W", 7, "controller.go:1214", f'Service "{NS}/fares-api" does not have any active Endpoint.'))
            t += dt.timedelta(seconds=rng.uniform(1.0, 2.5))
        else:
            empty_since = None
            t += dt.timedelta(seconds=rng.uniform(0.8, 1.2))
    emit(rng, controller, START, END, 0.5, [
        (3, lambda t: klog_line(t, "I", 7, "store.go:440", f'"Found valid IngressClass" ingress="{rng.choice(["fares/fares-api", "search/autocomplete", "accounts/accounts-web"])}" ingressclass="nginx"')),
        (1, lambda t: klog_line(t, "I", 7, "controller.go:193", '"Configuration changes detected, backend reload required"')),
        (1, lambda t: klog_line(t, "I", 7, "controller.go:213", '"Backend successfully reloaded"')),
    ])

    # ---- app: periodic cache refresh per pod ----------------------------------------------------
    for pod, (node, ready, gone) in lives.items():
        minutes = 30 if pod in [p for p, _ in evening_pods] else 10
        t = max(ready, START) + dt.timedelta(minutes=minutes if ready > START else rng.randint(1, minutes), milliseconds=rng.randint(0, 2500))
        while t < END and (gone is None or t < gone):
            app.add(t, elixir(t, pod, "info", f"Fare cache refreshed: {rng.randint(40, 1900)} fares changed in {rng.randint(600, 2400)}ms"))
            t += dt.timedelta(minutes=minutes, milliseconds=rng.randint(0, 2500))

    # ---- Argo CD --------------------------------------------------------------------------------
    def argo_line(t, level, msg, **kw):
        return logrus(t, level, msg, application="fares-api", **kw)

    sync_id = 40
    for when, sha, user, prune in ((SYNC_CULPRIT, ci_head, "pawel.nowak@voyra.eu", True), (SYNC_EVENING, evening, "emilie.tremblay@voyra.eu", False), (SYNC_CONFIG, config, "emilie.tremblay@voyra.eu", False)):
        sync_id += 1
        sid = f"{sync_id:05d}-{''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz') for _ in range(5))}"
        argo.add(when, argo_line(when, "info", f"Initialized new operation: {{&SyncOperation{{Revision:{sha},Prune:true,DryRun:false,SyncStrategy:nil,Resources:[]SyncOperationResource{{}},}} {{{user} false []}} [] {{5 nil}}}}"))
        t = when + dt.timedelta(milliseconds=rng.randint(300, 700))
        argo.add(t, argo_line(t, "info", "Syncing resources", syncId=sid))
        results = [("Service", "fares-api", "service/fares-api unchanged"), ("Deployment", "fares-api", "deployment.apps/fares-api configured"),
                   ("HorizontalPodAutoscaler", "fares-api", "horizontalpodautoscaler.autoscaling/fares-api unchanged"), ("Ingress", "fares-api", "ingress.networking.k8s.io/fares-api unchanged")]
        if prune:
            results = [("ServiceMonitor", "fares-api", "servicemonitor.monitoring.coreos.com/fares-api created"), ("Service", "fares-api", "service/fares-api configured"),
                       ("Deployment", "fares-api", "deployment.apps/fares-api configured"), ("HorizontalPodAutoscaler", "fares-api", "horizontalpodautoscaler.autoscaling/fares-api configured"),
                       ("Ingress", "fares-api", "ingress.networking.k8s.io/fares-api configured"), ("PodDisruptionBudget", "fares-api", "poddisruptionbudget.policy/fares-api pruned")]
        for kind, name, message in results:
            t += dt.timedelta(milliseconds=rng.randint(40, 160))
            argo.add(t, argo_line(t, "info", f"Adding resource result, status: 'Synced', phase: 'Running', message: '{message}'", kind=kind, name=name, namespace=NS, phase="Sync", syncId=sid))
        t += dt.timedelta(milliseconds=rng.randint(200, 500))
        argo.add(t, argo_line(t, "info", "Updated sync status: OutOfSync -> Synced", dest_namespace=NS, dest_server="https://kubernetes.default.svc", reason="ResourceUpdated", type="Normal"))
        argo.add(t, argo_line(t, "info", "Updated health status: Healthy -> Progressing", dest_namespace=NS, dest_server="https://kubernetes.default.svc", reason="ResourceUpdated", type="Normal"))
        t += dt.timedelta(seconds=rng.randint(150, 200))
        argo.add(t, argo_line(t, "info", "Updated health status: Progressing -> Healthy", dest_namespace=NS, dest_server="https://kubernetes.default.svc", reason="ResourceUpdated", type="Normal"))
    for t in poisson_times(rng, ARGO_START, END, 1 / 3):
        argo.add(t, argo_line(t, "info", "Reconciliation completed", **{"comparison-level": rng.choice([1, 2]), "dedup_ms": 0, "dest-name": "", "dest-namespace": NS, "dest-server": "https://kubernetes.default.svc", "diff_ms": rng.randint(2, 30), "fields.level": rng.choice([1, 2]), "git_ms": rng.randint(10, 200), "health_ms": rng.randint(0, 5), "live_ms": rng.randint(0, 4), "settings_ms": 0, "sync_ms": 0, "time_ms": rng.randint(40, 420)}))
    return [app, ingress, controller, karp, events, argo], errors, serving


def weighted_route(rng, routes):
    total = sum(w for _, _, w in routes)
    pick = rng.uniform(0, total)
    for r in routes:
        pick -= r[2]
        if pick <= 0:
            return r
    return routes[-1]


def klog_line(t, sev, pid, source, msg):
    stamp = t.strftime("%m%d %H:%M:%S.") + f"{t.microsecond:06d}"
    return f"{sev}{stamp} {pid:>7} {source}] {msg}"


def build(out_dir):
    rng = random.Random(17200)
    repo, culprit, ci_head, evening, config = build_repo()
    try:
        logs, errors, serving = build_logs(rng, culprit, ci_head, evening, config)
        onset = min(errors).replace(microsecond=0)

        def ready_replicas(t):
            return len(serving(t))

        def error_rate(t):
            n = sum(1 for e in errors if t - dt.timedelta(seconds=60) < e <= t)
            return round(n / 60, 4)

        metrics = {
            "kube_deployment_status_replicas_available.json": query_range([({"namespace": NS, "deployment": "fares-api"}, ready_replicas)], START, END, 15),
            "nginx_ingress_controller_requests_5xx_rate.json": query_range([({"ingress": "fares-api", "namespace": NS, "status": "503"}, error_rate)], START, END, 15),
        }
        return write_scenario(
            out_dir, name="pdb-dropped-consolidation", service=SERVICE, onset=onset,
            description=f"""
Fare search fails at night. From {onset.strftime('%H:%M')} UTC on 7 October every request to
api.voyra.eu/v1/fares gets 503 for about a minute; it happens again at
02:49. fares-api was last synced by Argo CD at 01:46 (fare cache refresh
every 10 minutes); before that at 21:52 and 16:44 the day before.
""",
            logs=logs,
            line_formats={"fares-api.log": r"<Date> <Time> pod=<Pod> \[<Level>\] <Content>"},
            metrics=metrics,
            repo=repo,
            culprit=culprit,
            root_cause=[r"poddisruptionbudget.*pruned", r"disrupting nodeclaim.*via replace"],
            fix_files=["deploy/values-production.yaml"],
            explanation=f"""
The culprit is "deploy: move fares-api to the platform service chart"
(16:12 on 6 October): it deletes k8s/pdb.yaml (maxUnavailable: 1) and
the topology spread of k8s/deployment.yaml, and the new
deploy/values-production.yaml does not turn on the chart's
podDisruptionBudget or topologySpread (both off by default). Argo CD's
16:44 sync, which names the later CI commit, prunes the PDB ("Adding
resource result ... poddisruptionbudget.policy/fares-api pruned"). Ten
hours later the 01:46 rollout happens to put all three pods on the node
Karpenter launched for its surge; at 02:12 Karpenter consolidates that
node ("disrupting nodeclaim(s) via replace, ... underutilized"), and with
no PDB it evicts the three pods at once. The service has no ready
endpoint ("does not have any active Endpoint") while the new pods load
their fare tables, and the ingress answers 503. The same happens at 02:49
when Karpenter deletes the replacement node. With a PDB, Karpenter evicts
one pod at a time (as at 03:14, after the on-call added one by hand). The
fix restores the PDB and the spread in the values file.
Decoys: the fare cache refresh change to the same values file, rolled out
at 01:46, {int((onset - SYNC_CONFIG).total_seconds() // 60)} minutes before the onset (its rollout only placed the pods); the
evening commit that logs "Draining HTTP connections" on SIGTERM (the
incident's app lines); the fare table loader change the same afternoon;
the Renovate phoenix bump; the CI commit the culprit's sync names;
Karpenter's routine consolidations of other nodes; docs; chores; the fix
after the onset.
""",
        )
    finally:
        repo.close()
