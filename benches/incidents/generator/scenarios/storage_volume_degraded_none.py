"""locker-api (Elixir/Phoenix, team in Warsaw, Tallinn and São Paulo): the
API behind a parcel-locker network. Couriers deposit parcels, customers
collect them with a code typed at the locker (through locker-gateway, which
talks MQTT to the lockers), and every locker's heartbeat is written in
batches. Its database is the team's own PostgreSQL 14 StatefulSet
(postgres-0) on GKE, whose data lives on a pd-ssd Persistent Disk in
europe-central2-b. On Monday at 07:13 UTC, in the morning courier peak,
Google's Persistent Disk backend in that zone degrades for a subset of
volumes: writes to postgres-0's disk take seconds, some stall for minutes.
Commits and checkpoints' fsyncs stall, every statement that has to write or
read from disk waits, locker-api's pools fill ("dropped from queue",
"timed out because it queued and checked out the connection"), deposits and
pickups fail at the lockers. The node's kernel reports postgres tasks
blocked for more than 120 seconds; Google posts the incident at 07:51 (38
minutes later) and the disk recovers at 08:22. Nothing in locker-api's
repository caused it. Decoys: the Monday 06:45 rollout (28 minutes before)
that ships Friday's parcel_events audit insert (its INSERTs are among the
slow statements), a pool_size and queue_target change (the errors talk
about the pool) and a postgrex bump the start-up lines name; an index
migration and a Postgres logging change earlier in the week (the reason the
slow statements and checkpoints are logged at all), docs and tests, and a
runbook commit after the onset. App (Elixir Logger, line format, with
stack lines), PostgreSQL, the node's journal (kernel and kubelet's klog),
ingress-nginx access, locker-gateway (logfmt), Google Cloud's status feed
(JSON), Argo CD (logfmt)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, logfmt, nginx_access, postgres
from skeletons import chores, k8s_deployment, k8s_service, readme, runbook

SERVICE = "locker-api"
START, END = utc("2026-11-30 05:00:00"), utc("2026-11-30 09:10:00")
DEPLOY = utc("2026-11-30 06:45:00")
DISK_BAD = utc("2026-11-30 07:13:38")
DISK_OK = utc("2026-11-30 08:22:10")
NODE = "gke-boxly-prod-db-pool-5c1e9a7d-x4vm"
APP_NODES = ["gke-boxly-prod-default-8a2f61c3-2kqd", "gke-boxly-prod-default-8a2f61c3-7hwn", "gke-boxly-prod-default-8a2f61c3-r9tb"]
LOCKERS = [f"{city}-{n:04d}" for city in ("WAW", "KRK", "WRO", "POZ", "GDN", "LOD", "TLL", "RIX") for n in range(101, 140, 3)]

RUNTIME_EXS = """import Config

if config_env() == :prod do
  config :locker_api, LockerApi.Repo,
    url: System.fetch_env!("DATABASE_URL"),
    pool_size: String.to_integer(System.get_env("POOL_SIZE", "10")),
    queue_target: 50,
    queue_interval: 1_000,
    timeout: 15_000

  config :locker_api, LockerApiWeb.Endpoint,
    url: [host: "api.boxly.eu", port: 443, scheme: "https"],
    http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}, port: 4000],
    secret_key_base: System.fetch_env!("SECRET_KEY_BASE"),
    server: true
end
"""

PARCELS_EX = """defmodule LockerApi.Parcels do
  @moduledoc \"\"\"
  Deposits and pickups. A compartment is locked with SELECT ... FOR UPDATE
  so two couriers cannot fill the same one.
  \"\"\"
  import Ecto.Query
  alias LockerApi.{Repo, Compartment, Parcel}

  def deposit(locker_id, tracking_number, size) do
    Repo.transaction(fn ->
      compartment =
        from(c in Compartment,
          where: c.locker_id == ^locker_id and c.size == ^size and c.state == "free",
          limit: 1,
          lock: "FOR UPDATE SKIP LOCKED"
        )
        |> Repo.one() || Repo.rollback(:no_free_compartment)

      parcel = Repo.get_by!(Parcel, tracking_number: tracking_number)
      {:ok, _} = compartment |> Compartment.occupy(parcel) |> Repo.update()
      {:ok, parcel} = parcel |> Parcel.deposited(compartment) |> Repo.update()
      parcel
    end)
  end

  def pickup(locker_id, code) do
    Repo.transaction(fn ->
      parcel = Repo.get_by(Parcel, locker_id: locker_id, pickup_code_hash: Parcel.hash_code(code), state: "in_locker") ||
        Repo.rollback(:wrong_code)

      {:ok, _} = parcel.compartment_id |> Compartment.free() |> Repo.update()
      {:ok, parcel} = parcel |> Parcel.collected() |> Repo.update()
      parcel
    end)
  end
end
"""

HEARTBEATS_EX = """defmodule LockerApi.Heartbeats do
  @moduledoc \"\"\"
  Lockers report every minute through locker-gateway; we keep the last
  report in memory and write them in one UPDATE every 30 seconds.
  \"\"\"
  use GenServer
  require Logger

  @flush_every :timer.seconds(30)

  def flush(state) do
    {took, {count, _}} = :timer.tc(fn -> LockerApi.Repo.update_last_seen(state.pending) end)
    Logger.info("heartbeat batch: #{count} lockers updated in #{div(took, 1000)}ms")
    %{state | pending: %{}}
  end
end
"""

POSTGRESQL_CONF = """# postgresql.conf for postgres-0 (mounted from the postgres-config ConfigMap)
listen_addresses = '*'
max_connections = 200
shared_buffers = 2GB
effective_cache_size = 6GB
work_mem = 16MB
maintenance_work_mem = 256MB
wal_level = replica
max_wal_size = 4GB
checkpoint_timeout = 5min
checkpoint_completion_target = 0.9
random_page_cost = 1.1
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
"""

STATEFULSET = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
spec:
  serviceName: postgres
  replicas: 1
  selector:
    matchLabels:
      app: postgres
  template:
    metadata:
      labels:
        app: postgres
    spec:
      nodeSelector:
        cloud.google.com/gke-nodepool: db-pool
      containers:
        - name: postgres
          image: postgres:14.13
          args: ["-c", "config_file=/etc/postgresql/postgresql.conf"]
          ports:
            - containerPort: 5432
          resources:
            requests:
              cpu: "2"
              memory: 8Gi
            limits:
              memory: 8Gi
          livenessProbe:
            exec:
              command: ["pg_isready", "-U", "locker", "-h", "127.0.0.1"]
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 6
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
            - name: config
              mountPath: /etc/postgresql
      volumes:
        - name: config
          configMap:
            name: postgres-config
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        storageClassName: pd-ssd
        resources:
          requests:
            storage: 200Gi
"""


def elixir_tree():
    return {
        "mix.exs": """defmodule LockerApi.MixProject do
  use Mix.Project

  def project do
    [app: :locker_api, version: "1.0.0", elixir: "~> 1.17", start_permanent: Mix.env() == :prod, deps: deps(), releases: [locker_api: []]]
  end

  def application, do: [mod: {LockerApi.Application, []}, extra_applications: [:logger, :runtime_tools]]

  defp deps do
    [
      {:phoenix, "~> 1.7.14"},
      {:bandit, "~> 1.5"},
      {:ecto_sql, "~> 3.12"},
      {:postgrex, "~> 0.19.1"},
      {:jason, "~> 1.4"},
      {:telemetry_metrics_prometheus, "~> 1.1"}
    ]
  end
end
""",
        "mix.lock": """%{
  "bandit": {:hex, :bandit, "1.5.7", "6856b1e1df4f2b0cb3df1377eab7891bec2da6a7fd69dc78594ad3e152363a50", [:mix], [], "hexpm"},
  "db_connection": {:hex, :db_connection, "2.7.0", "b99faa9291bb09892c7da373bb82cba59aefa9b36300f6145c5f201c7adf48ec", [:mix], [], "hexpm"},
  "ecto_sql": {:hex, :ecto_sql, "3.12.1", "c0d0d60e85d9ff4631f12bafa454bc392ce8b9ec83531a412c12a0d415a3a4d0", [:mix], [], "hexpm"},
  "jason": {:hex, :jason, "1.4.4", "b9226785a9aa77b6857ca22832cffa5d5011a667207eb2a0ad56adb5db443b8a", [:mix], [], "hexpm"},
  "phoenix": {:hex, :phoenix, "1.7.14", "a7d0b3f1bc95987044ddada111e77bd7f75646a08518942c72a8440278ae7825", [:mix], [], "hexpm"},
  "postgrex": {:hex, :postgrex, "0.19.1", "73b498508b69aded53907fe48a1fee811be34cc720e69ef4ccd568c8715495ea", [:mix], [], "hexpm"},
}
""",
        "config/config.exs": """import Config

config :locker_api, ecto_repos: [LockerApi.Repo]

config :logger, :default_formatter,
  format: "$date $time $metadata[$level] $message\\n",
  metadata: [:request_id]

import_config "#{config_env()}.exs"
""",
        "config/prod.exs": "import Config\n\nconfig :logger, level: :info\n",
        "config/runtime.exs": RUNTIME_EXS,
        "lib/locker_api/application.ex": """defmodule LockerApi.Application do
  use Application
  require Logger

  @impl true
  def start(_type, _args) do
    Logger.info("locker-api starting: version=#{System.get_env("RELEASE_REVISION", "dev")} node=#{node()}")

    children = [
      LockerApi.Repo,
      LockerApi.Heartbeats,
      {Phoenix.PubSub, name: LockerApi.PubSub},
      LockerApiWeb.Endpoint
    ]

    Supervisor.start_link(children, strategy: :one_for_one, name: LockerApi.Supervisor)
  end
end
""",
        "lib/locker_api/repo.ex": "defmodule LockerApi.Repo do\n  use Ecto.Repo, otp_app: :locker_api, adapter: Ecto.Adapters.Postgres\nend\n",
        "lib/locker_api/parcels.ex": PARCELS_EX,
        "lib/locker_api/heartbeats.ex": HEARTBEATS_EX,
        "lib/locker_api/release.ex": """defmodule LockerApi.Release do
  @moduledoc "Run from the container's entrypoint before the release starts: bin/locker_api eval LockerApi.Release.migrate"
  def migrate do
    Application.load(:locker_api)
    for repo <- Application.fetch_env!(:locker_api, :ecto_repos), do: {:ok, _, _} = Ecto.Migrator.with_repo(repo, &Ecto.Migrator.run(&1, :up, all: true))
  end
end
""",
        "lib/locker_api_web/controllers/deposit_controller.ex": """defmodule LockerApiWeb.DepositController do
  use LockerApiWeb, :controller
  alias LockerApi.Parcels

  def create(conn, %{"locker_id" => locker_id, "tracking_number" => tn, "size" => size}) do
    case Parcels.deposit(locker_id, tn, size) do
      {:ok, parcel} -> conn |> put_status(201) |> json(%{compartment: parcel.compartment_id})
      {:error, :no_free_compartment} -> conn |> put_status(409) |> json(%{error: "no_free_compartment"})
    end
  end
end
""",
        "lib/locker_api_web/controllers/pickup_controller.ex": """defmodule LockerApiWeb.PickupController do
  use LockerApiWeb, :controller
  alias LockerApi.Parcels

  def create(conn, %{"locker_id" => locker_id, "code" => code}) do
    case Parcels.pickup(locker_id, code) do
      {:ok, parcel} -> json(conn, %{open: parcel.compartment_id})
      {:error, :wrong_code} -> conn |> put_status(404) |> json(%{error: "wrong_code"})
    end
  end
end
""",
        "lib/locker_api_web/controllers/tracking_controller.ex": """defmodule LockerApiWeb.TrackingController do
  use LockerApiWeb, :controller
  alias LockerApi.{Repo, Parcel}

  # GET /api/v1/parcels/:tracking_number (the public tracking page and the app)
  def show(conn, %{"tracking_number" => tn}) do
    case Repo.get_by(Parcel, tracking_number: tn) do
      nil -> conn |> put_status(404) |> json(%{error: "not_found"})
      parcel -> json(conn, Parcel.public_view(parcel))
    end
  end
end
""",
        "priv/repo/migrations/20261002091500_create_parcels.exs": """defmodule LockerApi.Repo.Migrations.CreateParcels do
  use Ecto.Migration

  def change do
    create table(:parcels) do
      add :tracking_number, :string, null: false
      add :locker_id, :string
      add :compartment_id, :bigint
      add :state, :string, null: false
      add :pickup_code_hash, :binary
      timestamps()
    end

    create unique_index(:parcels, [:tracking_number])
  end
end
""",
        "test/locker_api/parcels_test.exs": """defmodule LockerApi.ParcelsTest do
  use LockerApi.DataCase
  alias LockerApi.Parcels

  test "pickup with a wrong code leaves the parcel in the locker" do
    parcel = insert_deposited_parcel!("WAW-0101")
    assert {:error, :wrong_code} = Parcels.pickup("WAW-0101", "000000")
    assert Repo.reload!(parcel).state == "in_locker"
  end
end
""",
        "Dockerfile": """FROM hexpm/elixir:1.17.3-erlang-27.1-debian-bookworm-20240926-slim AS build
ENV MIX_ENV=prod
WORKDIR /app
COPY mix.exs mix.lock ./
RUN mix local.hex --force && mix local.rebar --force && mix deps.get --only prod && mix deps.compile
COPY config config
COPY lib lib
COPY priv priv
RUN mix release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y libstdc++6 openssl libncurses6 ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/_build/prod/rel/locker_api ./
ARG REVISION=dev
ENV RELEASE_REVISION=$REVISION
CMD ["sh", "-c", "bin/locker_api eval LockerApi.Release.migrate && exec bin/locker_api start"]
""",
        ".github/workflows/ci.yml": """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-22.04
    services:
      postgres:
        image: postgres:14
        env:
          POSTGRES_PASSWORD: postgres
        ports: ["5432:5432"]
    steps:
      - uses: actions/checkout@v3
      - uses: erlef/setup-beam@v1
        with:
          otp-version: '27.1'
          elixir-version: '1.17.3'
      - run: mix deps.get
      - run: mix test
""",
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 4000, replicas=4, memory="512Mi", cpu="500m", env={"POOL_SIZE": "10", "MIX_ENV": "prod"}),
        "k8s/service.yaml": k8s_service(SERVICE, 4000),
        "k8s/postgres/statefulset.yaml": STATEFULSET,
        "k8s/postgres/postgresql.conf": POSTGRESQL_CONF,
        "README.md": readme(SERVICE, "The API behind Boxly's parcel lockers: courier deposits, customer pickups, locker heartbeats. Its PostgreSQL runs as the `postgres` StatefulSet (k8s/postgres).",
                            "mix deps.get\nmix test\niex -S mix phx.server"),
        "docs/runbook.md": runbook(SERVICE, [
            ("LockerApiErrorRate", "More than 2 % 5xx: read the `[error]` lines; DBConnection errors mean the database is slow or the pool is too small."),
            ("LockersOffline", "More than 5 % of lockers without a heartbeat for 3 minutes: check locker-gateway and the MQTT broker first."),
        ]),
    }


def build_repo():
    kasia = Person("Katarzyna Nowak", "katarzyna.nowak@boxly.eu", 60)
    mart = Person("Mart Tamm", "mart.tamm@boxly.eu", 120)
    lucas = Person("Lucas Andrade", "lucas.andrade@boxly.eu", -180)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    repo.commit(utc("2026-11-24 08:41:00"), kasia, "locker-api: move to its own repository", elixir_tree())
    repo.schedule(chores(random.Random(12201), SERVICE, [kasia, mart, lucas], utc("2026-11-24 08:41:00"), DEPLOY, 3))
    repo.commit(utc("2026-11-25 12:16:00"), mart, "parcels: index on (locker_id, state) for the courier manifest query", {
        "priv/repo/migrations/20261125120000_index_parcels_locker_state.exs":
            "defmodule LockerApi.Repo.Migrations.IndexParcelsLockerState do\n  use Ecto.Migration\n  @disable_ddl_transaction true\n  @disable_migration_lock true\n\n"
            "  def change do\n    create index(:parcels, [:locker_id, :state], concurrently: true)\n  end\nend\n",
    })
    repo.commit(utc("2026-11-26 09:32:00"), kasia,
        "postgres: log statements over 250 ms, checkpoints and lock waits\n\nWe had no idea what was slow during last Monday's peak.", {
        "k8s/postgres/postgresql.conf": POSTGRESQL_CONF + "log_min_duration_statement = 250ms\nlog_checkpoints = on\nlog_lock_waits = on\nlog_autovacuum_min_duration = 10s\n",
    })
    repo.commit(utc("2026-11-26 19:47:00"), lucas, "docs: the database (postgres-0 on pd-ssd, backups, restore drill)", {
        "docs/database.md": "# The database\n\nlocker-api's PostgreSQL 14 runs as the `postgres` StatefulSet, one replica,\non the `db-pool` node pool in europe-central2-b. Its data is a 200 GiB\n"
                            "`pd-ssd` Persistent Disk (the `data-postgres-0` PVC). Backups: pgBackRest to\nGCS every night at 01:00 UTC, WAL archived continuously.\n\n"
                            "Restoring to a new disk takes about 40 minutes (tested 2026-10-14).\n",
    })
    repo.commit(utc("2026-11-27 13:10:00"), mart,
        "parcels: record a parcel_events row for every deposit and pickup\n\nCustomer service needs the history of a parcel (who opened which\ncompartment, when); "
        "the parcels row only has the latest state.", {
        "priv/repo/migrations/20261127130000_create_parcel_events.exs":
            "defmodule LockerApi.Repo.Migrations.CreateParcelEvents do\n  use Ecto.Migration\n\n  def change do\n    create table(:parcel_events) do\n"
            "      add :parcel_id, references(:parcels), null: false\n      add :kind, :string, null: false\n      add :locker_id, :string, null: false\n"
            "      add :compartment_id, :bigint\n      timestamps(updated_at: false)\n    end\n\n    create index(:parcel_events, [:parcel_id])\n  end\nend\n",
        "lib/locker_api/parcels.ex": repo.edit("lib/locker_api/parcels.ex", "      {:ok, parcel} = parcel |> Parcel.deposited(compartment) |> Repo.update()\n",
            "      {:ok, parcel} = parcel |> Parcel.deposited(compartment) |> Repo.update()\n      Repo.insert!(ParcelEvent.new(parcel, :deposited))\n").replace(
            "      {:ok, parcel} = parcel |> Parcel.collected() |> Repo.update()\n",
            "      {:ok, parcel} = parcel |> Parcel.collected() |> Repo.update()\n      Repo.insert!(ParcelEvent.new(parcel, :collected))\n").replace(
            "alias LockerApi.{Repo, Compartment, Parcel}", "alias LockerApi.{Repo, Compartment, Parcel, ParcelEvent}"),
        "lib/locker_api/parcel_event.ex": "defmodule LockerApi.ParcelEvent do\n  use Ecto.Schema\n\n  schema \"parcel_events\" do\n    field :parcel_id, :id\n"
            "    field :kind, :string\n    field :locker_id, :string\n    field :compartment_id, :integer\n    timestamps(updated_at: false)\n  end\n\n"
            "  def new(parcel, kind), do: %__MODULE__{parcel_id: parcel.id, kind: Atom.to_string(kind), locker_id: parcel.locker_id, compartment_id: parcel.compartment_id}\nend\n",
    })
    repo.commit(utc("2026-11-27 18:02:00"), lucas, "tests: deposits write a parcel_events row; a full locker answers 409", {
        "test/locker_api/parcels_test.exs": repo.edit("test/locker_api/parcels_test.exs", "    assert Repo.reload!(parcel).state == \"in_locker\"\n  end\n",
            "    assert Repo.reload!(parcel).state == \"in_locker\"\n  end\n\n  test \"a deposit records an event\" do\n    parcel = insert_parcel!()\n"
            "    assert {:ok, _} = Parcels.deposit(\"WAW-0101\", parcel.tracking_number, \"M\")\n    assert [%{kind: \"deposited\"}] = Repo.all(LockerApi.ParcelEvent)\n  end\n\n"
            "  test \"a full locker answers no_free_compartment\" do\n    fill_locker!(\"WAW-0104\")\n"
            "    assert {:error, :no_free_compartment} = Parcels.deposit(\"WAW-0104\", insert_parcel!().tracking_number, \"S\")\n  end\n"),
    })
    pool = repo.commit(utc("2026-11-30 06:21:00"), mart,
        "repo: pool_size 10 -> 20 and queue_target 50 -> 200 ms for the Monday courier peak\n\nLast Monday 07:00-08:00 we saw a few \"dropped from queue\" errors at\n"
        "about 40 requests/s. 4 pods x 20 = 80 connections, max_connections is 200.", {
        "config/runtime.exs": repo.edit("config/runtime.exs", "    queue_target: 50,\n", "    queue_target: 200,\n"),
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", "value: \"10\"", "value: \"20\""),
    })
    head = repo.commit(utc("2026-11-30 06:33:00"), bot, "Bump postgrex from 0.19.1 to 0.19.3", {
        "mix.exs": repo.edit("mix.exs", "{:postgrex, \"~> 0.19.1\"}", "{:postgrex, \"~> 0.19.3\"}"),
        "mix.lock": repo.edit("mix.lock", "\"postgrex\": {:hex, :postgrex, \"0.19.1\", \"73b498508b69aded53907fe48a1fee811be34cc720e69ef4ccd568c8715495ea\"",
                              "\"postgrex\": {:hex, :postgrex, \"0.19.3\", \"a0bda6e3bc75ec07fca5b0a89bffd242ca209a4822a9533e7d3e84ee80707e19\""),
    }, committer=mart)
    repo.commit(utc("2026-11-30 09:02:00"), kasia, "runbook: when postgres-0's disk is slow (GCP Persistent Disk incident, 30 Nov)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## The database's disk is slow\n\nSigns: every statement slow at once (SELECTs too), checkpoints with a `sync=`\n"
            "of seconds, `task postgres:... blocked for more than 120 seconds` in the node's\nkernel log, `node_disk_write_latency_seconds` above 100 ms for `sdb` on the\n"
            "db-pool node. Check status.cloud.google.com (Persistent Disk, europe-central2)\nand open a case with Google. On 30 Nov 07:13-08:22 UTC nothing on our side\n"
            "helped; raising the pool only queues more work on the disk.\n",
    })
    return repo, pool, head


def elixir(t, level, msg, request_id=None):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
    meta = f"request_id={request_id} " if request_id else ""
    return f"{stamp} {meta}[{level}] {msg}"


def journal(t, source, msg):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}+00:00 {NODE} {source}: {msg}"


def request_id(rng):
    return "G" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(19))


def severity(t):
    """How badly postgres-0's disk is stalling, 0..1."""
    if t < DISK_BAD or t >= DISK_OK:
        return 0.0
    into = (t - DISK_BAD).total_seconds()
    left = (DISK_OK - t).total_seconds()
    ramp = min(1.0, into / 90.0, left / 60.0)
    wave = 0.78 + 0.22 * math.sin(into / 410.0) * math.sin(into / 97.0)
    return max(0.05, ramp * wave)


def traffic(t):
    """Requests per minute: the morning courier peak, then customers' pickups."""
    h = t.hour + t.minute / 60
    return 7 + 19 * math.exp(-((h - 7.1) / 0.9) ** 2) + 6 / (1 + math.exp(-(h - 7.6) * 3))


def build_logs(rng, pool, head):
    app = Log("locker-api.log")
    pg = Log("postgres-0.log")
    node = Log("node-journal.log")
    ingress = Log("ingress-nginx-access.log")
    gateway = Log("locker-gateway.log")
    gcp = Log("gcp-service-health.log")
    argo = Log("argocd-application-controller.log")

    # The Monday rollout (manual sync after the weekend freeze).
    a = DEPLOY - dt.timedelta(seconds=34)
    argo.add(a, logfmt(a, "info", f"Initiated sync to '{head}'", application=SERVICE, dest_namespace="boxly", username="katarzyna.nowak@boxly.eu"))
    b = DEPLOY + dt.timedelta(seconds=142)
    argo.add(b, logfmt(b, "info", f"sync/0 resources done, sync to {head[:7]} succeeded", application=SERVICE, dest_namespace="boxly"))
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.uniform(170, 190))
        argo.add(t, logfmt(t, "info", "Reconciliation completed", application=SERVICE, dest_namespace="boxly", comparison_level=0, time_ms=rng.randint(30, 160)))
    for i in range(4):
        s = DEPLOY + dt.timedelta(seconds=31 * i + rng.uniform(1, 4))
        if i == 0:
            app.add(s, elixir(s, "info", "== Running 20261127130000 LockerApi.Repo.Migrations.CreateParcelEvents.change/0 forward"))
            app.add(s + dt.timedelta(milliseconds=9), elixir(s + dt.timedelta(milliseconds=9), "info", "create table parcel_events"))
            app.add(s + dt.timedelta(milliseconds=31), elixir(s + dt.timedelta(milliseconds=31), "info", "create index parcel_events_parcel_id_index"))
            app.add(s + dt.timedelta(milliseconds=44), elixir(s + dt.timedelta(milliseconds=44), "info", "== Migrated 20261127130000 in 0.0s"))
            pg.add(s + dt.timedelta(milliseconds=12), postgres(s + dt.timedelta(milliseconds=12), rng.randint(30000, 32000), "LOG", "duration: 14.208 ms  statement: CREATE TABLE \"parcel_events\" (\"id\" bigserial, \"parcel_id\" bigint NOT NULL CONSTRAINT \"parcel_events_parcel_id_fkey\" REFERENCES \"parcels\"(\"id\"), \"kind\" varchar(255) NOT NULL, \"locker_id\" varchar(255) NOT NULL, \"compartment_id\" bigint, \"inserted_at\" timestamp(0) NOT NULL, PRIMARY KEY (\"id\"))", "locker@boxly"))
        else:
            app.add(s, elixir(s, "info", "Migrations already up"))
        s += dt.timedelta(seconds=1.4)
        ip = f"10.52.{rng.randint(0, 3)}.{rng.randint(2, 250)}"
        app.add(s, elixir(s, "info", f"locker-api starting: version={head[:7]} node=locker_api@{ip}"))
        app.add(s + dt.timedelta(milliseconds=212), elixir(s + dt.timedelta(milliseconds=212), "info", "Running LockerApiWeb.Endpoint with Bandit 1.5.7 at :::4000 (http)"))
        app.add(s + dt.timedelta(milliseconds=215), elixir(s + dt.timedelta(milliseconds=215), "info", "Access LockerApiWeb.Endpoint at https://api.boxly.eu"))

    trackings = [f"BX{rng.randint(10**11, 10**12 - 1)}PL" for _ in range(3000)]
    compartments = list(range(480000, 520000))
    pg_pids = [rng.randint(18000, 29000) for _ in range(80)]

    def pg_slow(t, took_ms, what):
        pg.add(t, postgres(t, rng.choice(pg_pids), "LOG", f"duration: {took_ms:.3f} ms  {what}", "locker@boxly"))

    SQL = {
        "lock": "execute ecto_412: SELECT c0.\"id\", c0.\"locker_id\", c0.\"size\", c0.\"state\" FROM \"compartments\" AS c0 WHERE (((c0.\"locker_id\" = $1) AND (c0.\"size\" = $2)) AND (c0.\"state\" = 'free')) LIMIT 1 FOR UPDATE SKIP LOCKED",
        "upd_comp": "execute ecto_433: UPDATE \"compartments\" SET \"state\" = $1, \"parcel_id\" = $2, \"updated_at\" = $3 WHERE \"id\" = $4",
        "upd_parcel": "execute ecto_451: UPDATE \"parcels\" SET \"state\" = $1, \"locker_id\" = $2, \"compartment_id\" = $3, \"updated_at\" = $4 WHERE \"id\" = $5",
        "event": "execute ecto_2230: INSERT INTO \"parcel_events\" (\"kind\",\"locker_id\",\"parcel_id\",\"compartment_id\",\"inserted_at\") VALUES ($1,$2,$3,$4,$5) RETURNING \"id\"",
        "commit": "statement: COMMIT",
        "track": "execute ecto_388: SELECT p0.\"id\", p0.\"tracking_number\", p0.\"locker_id\", p0.\"state\", p0.\"updated_at\" FROM \"parcels\" AS p0 WHERE (p0.\"tracking_number\" = $1)",
        "manifest": "execute ecto_517: SELECT p0.\"id\", p0.\"tracking_number\", p0.\"compartment_id\" FROM \"parcels\" AS p0 WHERE ((p0.\"locker_id\" = $1) AND (p0.\"state\" = 'awaiting_courier'))",
        "heartbeat": "execute ecto_96: UPDATE lockers AS l SET last_seen_at = v.seen FROM unnest($1::text[], $2::timestamptz[]) AS v(id, seen) WHERE l.id = v.id",
    }

    dropped_stack = {
        "deposit": ["    (ecto_sql 3.12.1) lib/ecto/adapters/sql.ex:1096: Ecto.Adapters.SQL.raise_sql_call_error/1",
                    "    (locker_api 1.0.0) lib/locker_api/parcels.ex:11: anonymous fn/3 in LockerApi.Parcels.deposit/3",
                    "    (ecto_sql 3.12.1) lib/ecto/adapters/sql.ex:1400: anonymous fn/3 in Ecto.Adapters.SQL.checkout_or_transaction/4",
                    "    (db_connection 2.7.0) lib/db_connection.ex:1756: DBConnection.run_transaction/4",
                    "    (locker_api 1.0.0) lib/locker_api_web/controllers/deposit_controller.ex:6: LockerApiWeb.DepositController.create/2"],
        "pickup": ["    (ecto_sql 3.12.1) lib/ecto/adapters/sql.ex:1096: Ecto.Adapters.SQL.raise_sql_call_error/1",
                   "    (locker_api 1.0.0) lib/locker_api/parcels.ex:30: anonymous fn/2 in LockerApi.Parcels.pickup/2",
                   "    (db_connection 2.7.0) lib/db_connection.ex:1756: DBConnection.run_transaction/4",
                   "    (locker_api 1.0.0) lib/locker_api_web/controllers/pickup_controller.ex:6: LockerApiWeb.PickupController.create/2"],
        "track": ["    (ecto_sql 3.12.1) lib/ecto/adapters/sql.ex:1096: Ecto.Adapters.SQL.raise_sql_call_error/1",
                  "    (ecto 3.12.4) lib/ecto/repo/queryable.ex:232: Ecto.Repo.Queryable.execute/4",
                  "    (locker_api 1.0.0) lib/locker_api_web/controllers/tracking_controller.ex:9: LockerApiWeb.TrackingController.show/2"],
    }

    def db_time(t, kind, writes):
        """Milliseconds the database takes for one request's statements."""
        s = severity(t)
        base = ms(rng, {"deposit": 11, "pickup": 9, "track": 2, "manifest": 38}[kind], 0.5)
        if s <= 0:
            return base
        if writes or rng.random() < 0.35 * s:
            return base + int(rng.lognormvariate(math.log(4500 * s + 200), 0.9))
        return base + ms(rng, 30, 1.0)

    def request(t, kind):
        rid = request_id(rng)
        locker = rng.choice(LOCKERS)
        client = f"10.52.{rng.randint(8, 15)}.{rng.randint(2, 250)}"
        if kind == "deposit":
            method, path, ua, writes = "POST", f"/api/v1/lockers/{locker}/deposits", "BoxlyCourier/3.14.2 (Android 13; Zebra TC58)", True
        elif kind == "pickup":
            method, path, ua, writes = "POST", f"/api/v1/lockers/{locker}/pickups", "locker-gateway/2.9.1", True
        elif kind == "manifest":
            method, path, ua, writes = "GET", f"/api/v1/lockers/{locker}/manifest", "BoxlyCourier/3.14.2 (Android 13; Zebra TC58)", False
        else:
            method, path, ua, writes = "GET", f"/api/v1/parcels/{rng.choice(trackings)}", rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
                                                                                                   "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                                                                                                   "BoxlyApp/4.2.0 (iOS 18.1)"]), False
        took = db_time(t, kind, writes)
        s = severity(t)
        # The pool: with queries this slow, callers queue; DBConnection drops the ones that wait too long.
        pool_target = 50 if t < DEPLOY + dt.timedelta(seconds=150) else 200
        outcome = "ok"
        if s > 0:
            r = rng.random()
            if r < 0.34 * s:
                outcome = "dropped"
            elif writes and took > 15000:
                outcome = "timeout"
        if method == "POST":
            app.add(t, elixir(t, "info", f"{method} {path}", rid))
        if outcome == "dropped":
            waited = int(rng.uniform(pool_target * 2, pool_target * 2 + 1000 + 1500 * s))
            e = t + dt.timedelta(milliseconds=waited)
            text = elixir(e, "error", f"** (DBConnection.ConnectionError) connection not available and request was dropped from queue after {waited}ms. "
                                      "This means requests are coming in and your connection pool cannot serve them fast enough. You can address this by:", rid)
            app.add(e, text + "\n" + "\n".join(dropped_stack["track" if kind == "manifest" else kind]))
            ingress.add(e, nginx_access(e, client, method, path, 500, 21, waited / 1000 + 0.002, ua, upstream_rt=waited / 1000))
            return kind, locker, 500, waited
        if outcome == "timeout":
            e = t + dt.timedelta(milliseconds=15000 + rng.randint(1, 40))
            pid = f"#PID<0.{rng.randint(40000, 99999)}.0>"
            app.add(e, elixir(e, "error", f"Postgrex.Protocol (#PID<0.{rng.randint(2700, 2790)}.0>) disconnected: ** (DBConnection.ConnectionError) client {pid} "
                                          "timed out because it queued and checked out the connection for longer than 15000ms"))
            app.add(e + dt.timedelta(milliseconds=2), elixir(e + dt.timedelta(milliseconds=2), "error",
                "** (DBConnection.ConnectionError) tcp recv: closed (the connection was closed by the pool, possibly due to a timeout or because the pool has been terminated)", rid) + "\n" + "\n".join(dropped_stack[kind]))
            ingress.add(e, nginx_access(e, client, method, path, 500, 21, 15.04, ua, upstream_rt=15.038))
            p = e + dt.timedelta(milliseconds=rng.randint(1, 30))
            pg.add(p, postgres(p, rng.choice(pg_pids), "LOG", "could not receive data from client: Connection reset by peer", "locker@boxly"))
            pg.add(p, postgres(p, rng.choice(pg_pids), "LOG", "unexpected EOF on client connection with an open transaction", "locker@boxly"))
            return kind, locker, 500, 15000
        status = {"deposit": 201, "pickup": 200, "manifest": 200, "track": 200}[kind]
        if kind == "deposit" and rng.random() < 0.03:
            status = 409
        if kind == "pickup" and rng.random() < 0.04:
            status = 404
        e = t + dt.timedelta(milliseconds=took + rng.randint(1, 4))
        if method == "POST":
            app.add(e, elixir(e, "info", f"Sent {status} in {took + rng.randint(1, 3)}ms", rid))
        ingress.add(e, nginx_access(e, client, method, path, status, rng.randint(40, 900), (e - t).total_seconds() + 0.002, ua, upstream_rt=(e - t).total_seconds()))
        # Slow statements, as log_min_duration_statement = 250ms shows them.
        if took > 250:
            if writes:
                stmts = ["lock", "upd_comp", "upd_parcel"] + (["event"] if t >= DEPLOY and status in (200, 201) else []) + ["commit"]
                if kind == "pickup":
                    stmts = ["upd_comp", "upd_parcel"] + (["event"] if t >= DEPLOY and status == 200 else []) + ["commit"]
                share = [rng.random() ** 2 for _ in stmts]
                share[-1] += 1.5 * s   # the commit waits for the WAL fsync
                total = sum(share)
                clock = t
                for st, sh in zip(stmts, share):
                    d = took * sh / total
                    clock += dt.timedelta(milliseconds=d)
                    if d > 250:
                        pg_slow(clock, d, SQL[st])
            else:
                pg_slow(e, took - 1.3, SQL["track" if kind == "track" else "manifest"])
        return kind, locker, status, took

    results = []
    for t in poisson_times(rng, START, END, 32):
        if rng.random() > traffic(t) / 32:
            continue
        kind = rng.choices(["deposit", "pickup", "manifest", "track"], weights=[30, 34, 8, 28])[0]
        results.append((t,) + request(t, kind))
    # The manifest query is occasionally slow on a healthy day too.
    for t in poisson_times(rng, START, END, 0.08):
        pg_slow(t, rng.uniform(260, 420), SQL["manifest"])

    # locker-gateway: what the lockers saw.
    for t, kind, locker, status, took in results:
        if kind not in ("pickup",) or status < 500:
            continue
        e = t + dt.timedelta(milliseconds=took)
        gateway.add(e, logfmt(e, "warn", "api call failed", locker=locker, op="pickup", status=status, took_ms=took))
        if rng.random() < 0.4:
            gateway.add(e + dt.timedelta(milliseconds=5), logfmt(e + dt.timedelta(milliseconds=5), "info", "locker display: 'Try again in a moment'", locker=locker))
    for t, kind, locker, status, took in results:
        if kind == "deposit" and status >= 500 and rng.random() < 0.3:
            e = t + dt.timedelta(milliseconds=took + rng.randint(100, 900))
            gateway.add(e, logfmt(e, "warn", "deposit not confirmed, compartment closed without parcel", locker=locker, retry_in_s=30))
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        s = severity(t)
        gateway.add(t, logfmt(t, "info", "mqtt stats", connected_lockers=rng.randint(1838, 1846), msgs_in_per_min=rng.randint(1900, 2100),
                              api_p99_ms=ms(rng, 60, 0.2) if s == 0 else int(4000 + 11000 * s * rng.uniform(0.7, 1.0))))
        t += dt.timedelta(seconds=60)

    # Heartbeat batches every 30 s per pod (one pod is the writer: a global GenServer).
    t = START + dt.timedelta(seconds=rng.uniform(0, 30))
    while t < END:
        s = severity(t)
        if s > 0:
            took = int(rng.lognormvariate(math.log(3500 * s + 300), 0.7))
        else:
            took = ms(rng, 35, 0.3)
        if took > 15000:
            e = t + dt.timedelta(milliseconds=15000)
            app.add(e, elixir(e, "error", f"heartbeat batch failed: %DBConnection.ConnectionError{{message: \"tcp recv (idle): timeout\", severity: :error, reason: :error}}; {rng.randint(1780, 1846)} lockers kept for the next batch"))
        else:
            e = t + dt.timedelta(milliseconds=took)
            app.add(e, elixir(e, "info", f"heartbeat batch: {rng.randint(1780, 1846)} lockers updated in {took}ms"))
            if took > 250:
                pg_slow(e, took - 0.8, SQL["heartbeat"])
        t += dt.timedelta(seconds=30, milliseconds=rng.randint(-40, 40))

    # PostgreSQL: checkpoints every 5 minutes, the stats collector, autovacuum.
    t = utc("2026-11-30 04:58:11")
    while t < END:
        pid = 64
        pg.add(t, postgres(t, pid, "LOG", "checkpoint starting: time"))
        s_max = max(severity(t + dt.timedelta(seconds=x)) for x in range(0, 300, 10))
        write = 269.6 + rng.uniform(0, 0.4) + (rng.uniform(20, 80) * s_max if s_max else 0)
        sync = rng.uniform(0.004, 0.03) if s_max == 0 else rng.uniform(14, 48) * s_max
        longest = sync * rng.uniform(0.7, 0.93) if s_max else rng.uniform(0.001, 0.006)
        files = rng.randint(30, 60)
        done = t + dt.timedelta(seconds=write + sync + 0.05)
        buffers = rng.randint(4000, 9000)
        pg.add(done, postgres(done, pid, "LOG", f"checkpoint complete: wrote {buffers} buffers ({buffers / 262144 * 100:.1f}%); 0 WAL file(s) added, 0 removed, "
                                                f"{rng.randint(1, 3)} recycled; write={write:.3f} s, sync={sync:.3f} s, total={write + sync + 0.05:.3f} s; "
                                                f"sync files={files}, longest={longest:.3f} s, average={sync / files:.3f} s; distance={rng.randint(60000, 120000)} kB, estimate={rng.randint(90000, 120000)} kB"))
        t = max(t + dt.timedelta(minutes=5), done + dt.timedelta(seconds=1)) if s_max else t + dt.timedelta(minutes=5)
    for t in poisson_times(rng, DISK_BAD + dt.timedelta(seconds=40), DISK_OK, 0.7):
        pg.add(t, postgres(t, rng.choice(pg_pids), "LOG", "using stale statistics instead of current ones because stats collector is not responding", "locker@boxly"))
    for t in poisson_times(rng, START, END, 1 / 40):
        took = rng.uniform(10.2, 14) if severity(t) == 0 else rng.uniform(60, 190)
        pg.add(t, postgres(t, rng.randint(40000, 41000), "LOG", f"automatic vacuum of table \"boxly.public.parcels\": index scans: 1\n"
               f"\tpages: 0 removed, {rng.randint(41000, 42000)} remain, {rng.randint(800, 2000)} skipped due to pins, 0 skipped frozen\n"
               f"\ttuples: {rng.randint(3000, 9000)} removed, {rng.randint(2400000, 2500000)} remain, 0 are dead but not yet removable\n"
               f"\tI/O timings: read: {took * 400:.3f} ms, write: {took * 120:.3f} ms\n"
               f"\tsystem usage: CPU: user: 0.41 s, system: 0.12 s, elapsed: {took:.2f} s"))

    # The node that runs postgres-0: kubelet's usual lines, then the kernel's hung tasks.
    def kubelet(t, sev, src, msg):
        node.add(t, journal(t, "kubelet[1521]", klog(t, sev, 1521, src, msg)))
    for t in poisson_times(rng, START, END, 0.2):
        kubelet(t, "I", "kubelet_node_status.go:497", "\"Updating node status\"")
    for t in poisson_times(rng, START, END, 0.05):
        kubelet(t, "I", "kubelet_getters.go:218", "\"Pod status updated\" pod=\"kube-system/pdcsi-node-6x2qk\" status=\"Running\"")
    hung_pids = [2173, 41122, 2171, 2169]
    last = {}
    for t in poisson_times(rng, DISK_BAD + dt.timedelta(seconds=122), DISK_OK + dt.timedelta(seconds=60), 0.5):
        proc, pid = rng.choice([("postgres", rng.choice(hung_pids)), ("postgres", rng.choice(pg_pids)), ("jbd2/sdb-8", 1893)])
        if last.get(pid) and (t - last[pid]).total_seconds() < 120:
            continue
        last[pid] = t
        secs = rng.choice([122, 245, 368]) if (t - DISK_BAD).total_seconds() > 400 else 122
        lines = [f"INFO: task {proc}:{pid} blocked for more than {secs} seconds.",
                 "      Not tainted 6.1.100+ #1",
                 "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
                 f"task:{proc:<15} state:D stack:0     pid:{pid:<5} ppid:{2 if proc.startswith('jbd2') else 2101}   flags:0x00004000",
                 "Call Trace:", " <TASK>", " __schedule+0x2eb/0x8d0", " schedule+0x5a/0xd0", " io_schedule+0x46/0x70"]
        if proc.startswith("jbd2"):
            lines += [" bit_wait_io+0x11/0x70", " __wait_on_bit+0x31/0xa0", " out_of_line_wait_on_bit+0x94/0xb0",
                      " jbd2_journal_commit_transaction+0x15a4/0x1b20", " kjournald2+0xa9/0x280"]
        else:
            lines += [" jbd2_log_wait_commit+0xb4/0x130", " ext4_sync_file+0x1b3/0x390", " __x64_sys_fdatasync+0x4d/0x90", " do_syscall_64+0x38/0x90"]
        lines += [" entry_SYSCALL_64_after_hwframe+0x6e/0xd8", " </TASK>"]
        node.add(t, "\n".join(journal(t, "kernel", line) for line in lines))
    for t in poisson_times(rng, DISK_BAD + dt.timedelta(seconds=200), DISK_OK, 0.25):
        kubelet(t, "I", "prober.go:107", "\"Probe failed\" probeType=\"Liveness\" pod=\"boxly/postgres-0\" podUID=\"8b41f2c7-93d0-4c5e-a1f6-2e7d05b9c318\" "
                "containerName=\"postgres\" probeResult=\"failure\" output=\"command timed out: \\\"pg_isready -U locker -h 127.0.0.1\\\" timed out after 5s\"")
    for t in poisson_times(rng, DISK_BAD + dt.timedelta(seconds=60), DISK_OK, 0.12):
        node.add(t, journal(t, "node-problem-detector[1688]", "I1130 " + t.strftime("%H:%M:%S.") + f"{t.microsecond:06d}" +
                            "    1688 log_monitor.go:160] New status generated: &{Source:kernel-monitor Events:[{Severity:warn Timestamp:"
                            + t.strftime("%Y-%m-%d %H:%M:%S") + " +0000 UTC Reason:TaskHung Message:task postgres blocked for more than 120 seconds.}] Conditions:[]}"))

    # Google Cloud's status feed.
    def update(t, status, text):
        gcp.add(t, json.dumps({"when": t.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "incident_id": "Zk3hPq7bT9sR2xW4nV8c", "number": "2741830529183764012",
                               "service_name": "Persistent Disk", "severity": "medium", "status": status,
                               "affected_locations": [{"title": "Warsaw (europe-central2)", "id": "europe-central2"}], "text": text}, ensure_ascii=False, separators=(",", ":")))
    update(utc("2026-11-30 07:51:22"), "SERVICE_DISRUPTION", "We are experiencing elevated I/O latency and stalled I/O for a subset of Persistent Disk volumes in "
           "europe-central2-b, starting at 07:13 UTC. Affected pd-ssd and pd-balanced volumes may see write latency of several seconds. Our engineers are investigating.")
    update(utc("2026-11-30 08:31:05"), "SERVICE_DISRUPTION", "The issue with Persistent Disk in europe-central2-b has been mitigated as of 08:22 UTC. "
           "A storage backend cluster was serving I/O from degraded hardware; traffic has been moved off it. We are monitoring.")
    update(utc("2026-11-30 08:52:40"), "AVAILABLE", "The issue with Persistent Disk has been resolved for all affected volumes as of 08:22 UTC. "
           "We will publish an analysis of this incident once we have completed our internal investigation.")
    return [app, pg, node, ingress, gateway, gcp, argo], results


def build(out_dir):
    rng = random.Random(12200)
    repo, pool, head = build_repo()
    try:
        logs, results = build_logs(rng, pool, head)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "[error]" in text and t >= DISK_BAD).replace(microsecond=0)

        def disk(t):
            s = severity(t)
            if s == 0:
                return round(0.0011 + 0.0003 * math.sin(t.timestamp() / 300), 5)
            return round(0.35 + 2.4 * s + 0.3 * math.sin(t.timestamp() / 47), 4)

        def active(t):
            s = severity(t)
            return int(4 + 2 * math.sin(t.timestamp() / 240)) if s == 0 else int(min(78, 20 + 62 * s))

        metrics = {
            "node_disk_write_latency_seconds.json": query_range([({"instance": NODE, "device": "sdb", "job": "node-exporter"}, disk),
                                                                 ({"instance": NODE, "device": "sda", "job": "node-exporter"},
                                                                  lambda t: round(0.0009 + 0.0002 * math.sin(t.timestamp() / 200), 5))], START, END, 30),
            "pg_stat_activity_count.json": query_range([({"datname": "boxly", "state": "active", "instance": "postgres-0"}, active)], START, END, 30),
        }
        return write_scenario(
            out_dir, name="storage-volume-degraded-none", service=SERVICE, onset=onset,
            description=f"""
Lockers fail to open. From {onset.strftime('%H:%M')} on Monday, in the morning courier peak,
locker-api's requests fail with DBConnection errors ("dropped from queue",
"timed out because it queued and checked out the connection"); deposits
and pickups fail at the lockers and the tracking page is slow. Every
statement on postgres-0 (the team's PostgreSQL StatefulSet on GKE) is slow,
COMMITs and heartbeat updates included. locker-api was rolled out at 06:45
(start-up lines name a postgrex bump; the rollout also ran the parcel_events
migration and raised the pool size). Google posts a Persistent Disk
incident in europe-central2-b at 07:51. Errors stop at 08:22.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"locker-api.log": r"<Date> <Time> (?:request_id=<RequestId> )?\[<Level>\] <Content>"},
            root_cause=[r"task .* blocked for more than .* seconds", r"elevated I/O latency and stalled I/O"],
            fix_files=[],
            explanation="""
Nothing in locker-api's repository caused this. The Persistent Disk under
postgres-0 (pd-ssd, europe-central2-b) degraded from 07:13 to 08:22: the
node's kernel reports postgres and jbd2 tasks blocked in fdatasync for more
than 120 seconds, checkpoints' sync time goes from milliseconds to tens of
seconds, node_disk_write_latency_seconds for sdb rises from about 1 ms to
seconds, and every statement slows at once (SELECTs, COMMITs and the
heartbeat UPDATE that no recent commit touched), so the pools fill and
DBConnection drops or times out requests. Google posts the incident 38
minutes after it began and it ends without any change on the team's side.
Decoys: the 06:45 rollout, 28 minutes before, with the parcel_events
INSERT (it appears among the slow statements, but ran fast for 28 minutes),
the pool_size/queue_target change (the errors talk about the pool) and the
postgrex bump the start-up lines name; the index migration and the Postgres
logging change earlier in the week, docs and tests, and a runbook commit
after the onset.
""",
        )
    finally:
        repo.close()
