"""accounts (Elixir 1.17, Phoenix 1.7 on Bandit, Ecto/Postgrex, Argon2id;
six performance-2x Fly.io Machines in ams behind Cloudflare; deployed by a
GitHub Actions workflow with flyctl; team in Amsterdam, Lagos and Toronto):
sign-in, token refresh and sign-up for Kinora, a podcast and audiobook app.

On Thursday 17 September, from 19:10 UTC, a credential-stuffing run hits
POST /api/v1/sessions from tens of thousands of residential proxy addresses
with a combolist from someone else's breach: one or two attempts per address
every few minutes, a user agent that claims an old iOS build of the app and
a TLS fingerprint of a Python HTTP client. Each attempt costs an Argon2id
verification (about 120 ms of CPU, also for unknown e-mails, to keep timing
flat). From 19:12 the Machines' CPUs are saturated: Fly's proxy reports the
Machines at their hard limit and fails requests (PR04), the Ecto pool drops
queued checkouts, token refreshes time out and real users are signed out.
The on-call scales to ten Machines at 19:24 (relief for five minutes, until
the run doubles) and rolls back the evening's rate-limit change at 19:29 (no
effect: each address stays far below either limit). Security's SIEM flags
the run at 19:33, 21 minutes after the first symptom; a Cloudflare rule that
challenges low bot scores on the sign-in path goes live at 19:47 and the app
recovers. Nothing in this repository caused it.

Decoys: the per-IP login rate limit raised from 10 to 30 attempts per five
minutes, deployed at 18:41, 31 minutes before the onset (same endpoint, same
words), and its revert deployed at 19:29; the morning commit that logs why a
login failed (every attack line has its reason); a Phoenix bump; a docs page
on password hashing and limits; chores. Fly logs (app: Elixir Logger lines
behind Fly's prefix; proxy, runner and health lines), Cloudflare HTTP
requests (Logpush JSON, 0.5 % sample), the security team's #sec-alerts channel
(JSON), the GitHub Actions deploy job (flyctl output), login metrics."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "accounts"
APP = "kinora-accounts"
START, END = utc("2026-09-17 17:40:00"), utc("2026-09-17 20:12:00")
MORNING_DEPLOY = utc("2026-09-17 08:05:40")
CONFIG_DEPLOY = utc("2026-09-17 18:41:10")
WAVE1, SCALE_OUT, WAVE2, ROLLBACK, WAF = (utc("2026-09-17 19:09:40"), utc("2026-09-17 19:24:10"), utc("2026-09-17 19:30:30"),
                                         utc("2026-09-17 19:28:50"), utc("2026-09-17 19:47:05"))
SIEM = utc("2026-09-17 19:33:12")
PER_MACHINE = 12.0   # Argon2id verifications per second a performance-2x Machine sustains

RATE_LIMIT = """defmodule Accounts.RateLimit do
  @moduledoc \"\"\"
  Per-address login limits (Hammer, ETS backend, per Machine behind Fly's
  proxy; Cloudflare's CF-Connecting-IP is the address).
  \"\"\"

  @login_window :timer.minutes(5)
  @login_limit 10

  def check_login(ip) do
    case Hammer.check_rate("login:ip:#{ip}", @login_window, @login_limit) do
      {:allow, _count} -> :ok
      {:deny, _limit} -> {:error, :rate_limited}
    end
  end
end
"""

AUTH = """defmodule Accounts.Auth do
  @moduledoc "E-mail and password sign-in."
  require Logger

  alias Accounts.{Repo, User}

  def authenticate(email, password) do
    case Repo.get_by(User, email: String.downcase(email)) do
      nil ->
        # same cost as a real check, so response times do not reveal which e-mails exist
        Argon2.no_user_verify()
        {:error, :invalid_credentials}

      %User{locked_at: locked} when not is_nil(locked) ->
        {:error, :invalid_credentials}

      %User{} = user ->
        if Argon2.verify_pass(password, user.password_hash),
          do: {:ok, user},
          else: {:error, :invalid_credentials}
    end
  end
end
"""

SESSION_CONTROLLER = """defmodule AccountsWeb.SessionController do
  use AccountsWeb, :controller
  require Logger

  alias Accounts.{Auth, RateLimit, Tokens}

  def create(conn, %{"email" => email, "password" => password}) do
    with :ok <- RateLimit.check_login(conn.remote_ip),
         {:ok, user} <- Auth.authenticate(email, password) do
      Logger.info("login ok user_id=#{user.id} client=#{client(conn)}")
      json(conn, Tokens.issue(user))
    else
      {:error, :rate_limited} ->
        Logger.warning("login rate limited client=#{client(conn)}")
        conn |> put_status(429) |> json(%{error: "too_many_attempts"})

      {:error, _} ->
        Logger.warning("login failed client=#{client(conn)}")
        conn |> put_status(401) |> json(%{error: "invalid_credentials"})
    end
  end

  defp client(conn), do: conn |> get_req_header("x-kinora-client") |> List.first("web")
end
"""


def repo_files():
    return {
        "mix.exs": 'defmodule Accounts.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :accounts, version: "2.41.0", elixir: "~> 1.17", deps: deps()]\n  end\n\n  defp deps do\n    [\n      {:phoenix, "~> 1.7.14"},\n      {:bandit, "~> 1.5"},\n      {:ecto_sql, "~> 3.12"},\n      {:postgrex, "~> 0.19"},\n      {:argon2_elixir, "~> 4.0"},\n      {:hammer, "~> 6.2"},\n      {:prom_ex, "~> 1.10"}\n    ]\n  end\nend\n',
        "mix.lock": '%{\n  "argon2_elixir": {:hex, :argon2_elixir, "4.0.0"},\n  "bandit": {:hex, :bandit, "1.5.7"},\n  "ecto_sql": {:hex, :ecto_sql, "3.12.0"},\n  "hammer": {:hex, :hammer, "6.2.1"},\n  "phoenix": {:hex, :phoenix, "1.7.14"},\n  "postgrex": {:hex, :postgrex, "0.19.1"},\n}\n',
        "config/config.exs": 'import Config\n\nconfig :accounts, ecto_repos: [Accounts.Repo]\nconfig :logger, :console, format: "$time $metadata[$level] $message\\n", metadata: [:request_id]\n\nimport_config "#{config_env()}.exs"\n',
        "config/prod.exs": "import Config\n\n# Argon2id: t=3, m=64 MiB, p=1 (~120 ms on a performance vCPU)\nconfig :argon2_elixir, t_cost: 3, m_cost: 16, parallelism: 1, argon2_type: 2\nconfig :logger, level: :info\n",
        "config/runtime.exs": 'import Config\n\nif config_env() == :prod do\n  config :accounts, Accounts.Repo,\n    url: System.fetch_env!("DATABASE_URL"),\n    pool_size: String.to_integer(System.get_env("POOL_SIZE", "20")),\n    queue_target: 500,\n    queue_interval: 2000\n\n  config :accounts, AccountsWeb.Endpoint,\n    url: [host: "accounts.kinora.fm", port: 443, scheme: "https"],\n    http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}, port: 8080]\nend\n',
        "lib/accounts/auth.ex": AUTH,
        "lib/accounts/rate_limit.ex": RATE_LIMIT,
        "lib/accounts_web/controllers/session_controller.ex": SESSION_CONTROLLER,
        "lib/accounts_web/controllers/token_controller.ex": 'defmodule AccountsWeb.TokenController do\n  use AccountsWeb, :controller\n  require Logger\n\n  def refresh(conn, %{"refresh_token" => token}) do\n    case Accounts.Tokens.rotate(token) do\n      {:ok, user_id, tokens} ->\n        Logger.info("token refreshed user_id=#{user_id}")\n        json(conn, tokens)\n\n      {:error, :reused} ->\n        Logger.warning("refresh token reuse detected, family revoked")\n        conn |> put_status(401) |> json(%{error: "invalid_grant"})\n    end\n  end\nend\n',
        "fly.toml": 'app = "kinora-accounts"\nprimary_region = "ams"\n\n[deploy]\n  release_command = "/app/bin/migrate"\n  strategy = "rolling"\n\n[http_service]\n  internal_port = 8080\n  force_https = true\n  auto_stop_machines = false\n  min_machines_running = 6\n\n  [http_service.concurrency]\n    type = "requests"\n    soft_limit = 40\n    hard_limit = 50\n\n[[vm]]\n  size = "performance-2x"\n',
        "Dockerfile": 'FROM hexpm/elixir:1.17.2-erlang-27.0.1-debian-bookworm-20240904-slim AS build\nWORKDIR /app\nENV MIX_ENV=prod\nCOPY . .\nRUN mix deps.get --only prod && mix release\n\nFROM debian:bookworm-slim\nCOPY --from=build /app/_build/prod/rel/accounts /app\nCMD ["/app/bin/server"]\n',
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    concurrency: deploy-production\n    steps:\n      - uses: actions/checkout@v3\n      - uses: superfly/flyctl-actions/setup-flyctl@master\n      - run: flyctl deploy --remote-only --build-arg GIT_SHA=${{ github.sha }}\n        env:\n          FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}\n",
        "README.md": readme(SERVICE, "Sign-in, token refresh and sign-up for the Kinora apps (accounts.kinora.fm).", "mix setup\nmix test\nmix phx.server").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.", "Releases are deployed to Fly.io (`kinora-accounts`, ams) by running the deploy workflow; Cloudflare sits in front."),
    }


def build_repo():
    sanne = Person("Sanne de Vries", "sanne.devries@kinora.fm", 120)
    chidi = Person("Chidi Okafor", "chidi.okafor@kinora.fm", 60)
    marcus = Person("Marcus Leblanc", "marcus.leblanc@kinora.fm", -240)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("LoginLatency", "p95 of POST /api/v1/sessions above 1 s: password hashing is CPU bound; check the Machines' CPU and the login attempt rate by result."),
        ("FlyHardLimit", "Fly's proxy logs `reached hard limit`: the Machines are not answering fast enough; `fly scale count` buys time while you find out why."),
    ])
    repo.commit(utc("2026-09-10 08:40:00"), sanne, "accounts: import", files)
    repo.schedule(chores(random.Random(16301), SERVICE, [sanne, chidi, marcus], utc("2026-09-10 08:40:00"), utc("2026-09-16 12:00:00"), 3))
    repo.commit(utc("2026-09-16 13:15:00"), chidi, "docs: password hashing and login limits", {
        "docs/auth.md": "# Passwords and login limits\n\nArgon2id, t=3, m=64 MiB, p=1: about 120 ms of CPU per verification on a\nperformance vCPU, so one Machine does about 16 per second. Unknown e-mails\ncost the same (Argon2.no_user_verify) so timing does not leak accounts.\n\nPer-address limit: Accounts.RateLimit, counted per Machine. Bot and\nabuse protection is Cloudflare's (security team).\n",
    })
    repo.commit(utc("2026-09-17 05:40:00"), bot, "Bump phoenix from 1.7.14 to 1.7.15", {
        "mix.exs": repo.edit("mix.exs", '{:phoenix, "~> 1.7.14"}', '{:phoenix, "~> 1.7.15"}'),
        "mix.lock": repo.edit("mix.lock", '"phoenix": {:hex, :phoenix, "1.7.14"}', '"phoenix": {:hex, :phoenix, "1.7.15"}'),
    })
    morning = repo.commit(utc("2026-09-17 07:35:00"), sanne, "sessions: log why a login failed\n\nSupport cannot tell a mistyped password from an e-mail we do not know.\nLog the reason (unknown_user, invalid_password, locked); never the\ne-mail.", {
        "lib/accounts/auth.ex": repo.edit("lib/accounts/auth.ex", "        Argon2.no_user_verify()\n        {:error, :invalid_credentials}\n", "        Argon2.no_user_verify()\n        {:error, :unknown_user}\n").replace(
            "      %User{locked_at: locked} when not is_nil(locked) ->\n        {:error, :invalid_credentials}\n", "      %User{locked_at: locked} when not is_nil(locked) ->\n        {:error, :locked}\n").replace(
            "          else: {:error, :invalid_credentials}\n", "          else: {:error, :invalid_password}\n"),
        "lib/accounts_web/controllers/session_controller.ex": repo.edit("lib/accounts_web/controllers/session_controller.ex",
            '      {:error, _} ->\n        Logger.warning("login failed client=#{client(conn)}")\n',
            '      {:error, reason} ->\n        Logger.warning("login failed reason=#{reason} client=#{client(conn)}")\n'),
    })
    config = repo.commit(utc("2026-09-17 18:20:00"), marcus, "rate limit: 30 login attempts per address per 5 minutes (was 10)\n\nSupport tickets from people behind carrier-grade NAT (T-Mobile US, Jio):\nten failed attempts from anyone on the shared address locked everyone\nout for five minutes.", {
        "lib/accounts/rate_limit.ex": repo.edit("lib/accounts/rate_limit.ex", "  @login_limit 10\n", "  @login_limit 30\n"),
    })
    revert = repo.commit(utc("2026-09-17 19:25:30"), marcus, f'Revert "rate limit: 30 login attempts per address per 5 minutes (was 10)"\n\nThis reverts commit {config}.\nLogin latency and 5xx since 19:12; rolling back the evening\'s change.', {
        "lib/accounts/rate_limit.ex": RATE_LIMIT,
    })
    repo.commit(utc("2026-09-17 20:45:00"), sanne, "runbook: credential stuffing", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Credential stuffing\n\nMany addresses, few attempts each, mostly unknown e-mails: per-address\nlimits do not help. Ask #sec-alerts for the Cloudflare challenge rule on\nPOST /api/v1/sessions; scale out while it goes in.\n",
    })
    return repo, morning, config, revert


# ---------------------------------------------------------------------------

ASNS = [(7922, "US"), (3320, "DE"), (12322, "FR"), (4134, "CN"), (9121, "TR"), (28573, "BR"), (45609, "IN"), (8452, "EG"), (6830, "AT"), (3269, "IT"),
        (7018, "US"), (20115, "US"), (5089, "GB"), (1136, "NL"), (12389, "RU"), (17974, "ID"), (4766, "KR"), (2856, "GB"), (3352, "ES"), (8151, "MX")]
REAL_UA = ["Kinora/8.6.0 (iPhone; iOS 18.0; Scale/3.00)", "Kinora/8.6.0 (iPhone; iOS 17.6.1; Scale/3.00)", "Kinora/8.6.1 (Android 14; Pixel 8) okhttp/4.12.0",
           "Kinora/8.6.1 (Android 13; SM-A536B) okhttp/4.12.0", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"]
BOT_UA = ["Kinora/8.2.0 (iPhone; iOS 17.4; Scale/3.00)", "Kinora/8.1.3 (iPhone; iOS 17.2.1; Scale/3.00)", "Kinora/8.2.0 (iPhone; iOS 16.7.8; Scale/2.00)"]
REAL_JA3 = ["773906b0efdefa24a7f2b8eb6985bf37", "cd08e31494f9531f560d64c695473da9", "b32309a26951912be7dba376398abc3b"]
BOT_JA3 = "3b5074b1b5d032e5620f69f9f700ff0e"


def attack_rate(t):
    """Attempts per second that reach the origin."""
    if t < WAVE1 or t >= WAF:
        return 0.0
    if t < WAVE2:
        return min(95.0, 95.0 * (t - WAVE1).total_seconds() / 150.0)
    return min(210.0, 95.0 + 115.0 * (t - WAVE2).total_seconds() / 120.0)


def edge_attack_rate(t):
    """Attempts per second at Cloudflare (the run goes on after the rule)."""
    if t < WAVE1:
        return 0.0
    if t < WAF:
        return attack_rate(t)
    return max(12.0, 210.0 - 198.0 * (t - WAF).total_seconds() / 600.0)


def machines(t):
    return 10 if t >= SCALE_OUT + dt.timedelta(seconds=40) else 6


def normal_logins(t):
    return 1.2 + 0.4 * (t - START).total_seconds() / (END - START).total_seconds()


def overload(t):
    """Demand over capacity (1.0 = saturated)."""
    return (attack_rate(t) + normal_logins(t) + 1.0) / (PER_MACHINE * machines(t))


def build_logs(rng, morning, config, revert):
    fly = Log("fly-logs.log")
    cf = Log("cloudflare-http-requests.log")
    sec = Log("sec-alerts.log")
    deploy = Log("github-actions-deploy.log")
    symptoms = []
    machine_ids = [hexid(rng, 14) for _ in range(6)]
    extra_ids = [hexid(rng, 14) for _ in range(4)]

    def live_machines(t):
        return machine_ids + (extra_ids if t >= SCALE_OUT + dt.timedelta(seconds=40) else [])

    def fly_line(t, source, mid, level, text, raw=False):
        prefix = f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')} {source}[{mid}] ams [{level}]"
        fly.add(t, prefix + text)

    def app(t, level, text, mid=None, request_id=True):
        mid = mid or rng.choice(live_machines(t))
        meta = f"request_id={''.join(rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') for _ in range(20))} " if request_id else ""
        fly_line(t, "app", mid, "info", f"{t.strftime('%H:%M:%S.')}{t.microsecond // 1000:03d} {meta}[{level}] {text}")

    def gh(t, text):
        deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}.{t.microsecond:06d}0Z {text}")

    # --- deploys -----------------------------------------------------------------------------------
    def release(when, sha, subject, ids, version="2.41.0", image=None):
        image = image or f"registry.fly.io/{APP}:deployment-01J8{''.join(rng.choice('0123456789ABCDEFGHJKMNPQRSTVWXYZ') for _ in range(22))}"
        t = when - dt.timedelta(seconds=150)
        gh(t, "##[group]Run actions/checkout@v3")
        gh(t + dt.timedelta(seconds=2), f"HEAD is now at {sha[:7]} {subject}")
        gh(t + dt.timedelta(seconds=3), "##[endgroup]")
        gh(t + dt.timedelta(seconds=5), f"##[group]Run flyctl deploy --remote-only --build-arg GIT_SHA={sha}")
        for i, text in enumerate(["==> Verifying app config", "--> Verified app config", "==> Building image", f"==> Building image with Depot",
                                  "--> Building image done", "==> Pushing image to fly", "--> Pushing image done", f"image: {image}", "image size: 51 MB", "",
                                  f"Watch your deployment at https://fly.io/apps/{APP}/monitoring", "", f"Running {APP} release_command: /app/bin/migrate", "-------",
                                  f" ✔ release_command {hexid(rng, 14)} completed successfully", "-------", f"Updating existing machines in '{APP}' with rolling strategy", "-------"]):
            gh(t + dt.timedelta(seconds=6 + (i * 5 if i < 9 else 45 + i)), text)
        for i, mid in enumerate(ids):
            ts = when + dt.timedelta(seconds=14 * i)
            gh(ts + dt.timedelta(seconds=12), f" ✔ [{i + 1}/{len(ids)}] Machine {mid} [app] update succeeded")
            if ts < START:
                continue
            fly_line(ts - dt.timedelta(seconds=3), "runner", mid, "info", f"Pulling container image {image}")
            fly_line(ts - dt.timedelta(seconds=1), "runner", mid, "info", f"Successfully prepared image {image} ({rng.uniform(1.2, 3.1):.2f}s)")
            fly_line(ts, "app", mid, "info", f" INFO Sending signal SIGTERM to main child process w/ PID {rng.randint(300, 330)}")
            fly_line(ts, "app", mid, "info", f"{ts.strftime('%H:%M:%S.')}{rng.randint(100, 999)} [notice] SIGTERM received - shutting down")
            fly_line(ts + dt.timedelta(seconds=1), "app", mid, "info", " INFO Main child exited normally with code: 0")
            fly_line(ts + dt.timedelta(seconds=2), "runner", mid, "info", "Configuring firecracker")
            fly_line(ts + dt.timedelta(seconds=3), "app", mid, "info", f" INFO Starting init (commit: {hexid(rng, 7)})...")
            fly_line(ts + dt.timedelta(seconds=3), "app", mid, "info", " INFO Preparing to run: `/app/bin/server` as nobody")
            tb = ts + dt.timedelta(seconds=5, milliseconds=rng.randint(0, 900))
            app(tb, "info", f"Kinora Accounts {version} ({sha[:12]}) starting", mid=mid, request_id=False)
            app(tb + dt.timedelta(milliseconds=90), "info", "Running AccountsWeb.Endpoint with Bandit 1.5.7 at :::8080 (http)", mid=mid, request_id=False)
            app(tb + dt.timedelta(milliseconds=92), "info", "Access AccountsWeb.Endpoint at https://accounts.kinora.fm", mid=mid, request_id=False)
            fly_line(tb + dt.timedelta(seconds=3), "health", mid, "info", "Health check on port 8080 is now passing.")
        te = when + dt.timedelta(seconds=14 * len(ids) + 15)
        gh(te, "-------")
        gh(te + dt.timedelta(seconds=1), f"Checking DNS configuration for {APP}.fly.dev")
        gh(te + dt.timedelta(seconds=2), f"Visit your newly deployed app at https://{APP}.fly.dev/")
        gh(te + dt.timedelta(seconds=3), "##[endgroup]")

    release(MORNING_DEPLOY, morning, "sessions: log why a login failed", machine_ids)
    release(CONFIG_DEPLOY, config, "rate limit: 30 login attempts per address per 5 minutes (was 10)", machine_ids)

    # the on-call scales out from a laptop: new Machines appear in the logs only
    for i, mid in enumerate(extra_ids):
        ts = SCALE_OUT + dt.timedelta(seconds=6 * i)
        fly_line(ts, "runner", mid, "info", f"Pulling container image registry.fly.io/{APP}:deployment-01J8{hexid(rng, 22).upper()}")
        fly_line(ts + dt.timedelta(seconds=3), "runner", mid, "info", "Configuring firecracker")
        fly_line(ts + dt.timedelta(seconds=4), "app", mid, "info", " INFO Preparing to run: `/app/bin/server` as nobody")
        app(ts + dt.timedelta(seconds=7), "info", f"Kinora Accounts 2.41.0 ({config[:12]}) starting", mid=mid, request_id=False)
        app(ts + dt.timedelta(seconds=7, milliseconds=90), "info", "Running AccountsWeb.Endpoint with Bandit 1.5.7 at :::8080 (http)", mid=mid, request_id=False)
        fly_line(ts + dt.timedelta(seconds=11), "health", mid, "info", "Health check on port 8080 is now passing.")
    release(ROLLBACK, revert, 'Revert "rate limit: 30 login attempts per address per 5 minutes (was 10)"', machine_ids + extra_ids)

    # --- app traffic ---------------------------------------------------------------------------------
    def limit(t):
        return 30 if CONFIG_DEPLOY <= t < ROLLBACK else 10

    def client():
        return rng.choice(["ios", "ios", "android", "android", "web"])

    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        ov = overload(t)
        served = 1.0 if ov <= 1.0 else 1.0 / ov
        # real users (rates as they show in the log)
        for when in poisson_times(rng, t, nxt, normal_logins(t) * 5 * served):
            app(when, "info", f"login ok user_id={rng.randint(100000, 4800000)} client={client()}")
        for when in poisson_times(rng, t, nxt, 1.0 * served):
            app(when, "warning", f"login failed reason={rng.choice(['invalid_password', 'invalid_password', 'invalid_password', 'unknown_user', 'locked'])} client={client()}")
        for when in poisson_times(rng, t, nxt, 5.0 * served):
            app(when, "info", f"token refreshed user_id={rng.randint(100000, 4800000)}")
        for when in poisson_times(rng, t, nxt, 0.7 * served):
            app(when, "info", f"account created user_id={rng.randint(4800000, 4900000)} plan=free")
        for when in poisson_times(rng, t, nxt, 0.05):
            app(when, "warning", "refresh token reuse detected, family revoked")
        for when in poisson_times(rng, t, nxt, 0.04 if limit(t) == 10 else 0.01):
            app(when, "warning", f"login rate limited client={client()}")
        # the run (the log file is thinned: one line in two hundred attempts)
        a = attack_rate(t)
        if a > 0:
            for when in poisson_times(rng, t, nxt, a * 60 / 200 * served):
                reason = "unknown_user" if rng.random() < 0.71 else "invalid_password"
                app(when, "warning", f"login failed reason={reason} client=ios")
            for when in poisson_times(rng, t, nxt, a * 60 / 200 * served * 0.006):
                app(when, "info", f"login ok user_id={rng.randint(100000, 4800000)} client=ios")
        # saturation
        if ov > 1.0:
            excess = ov - 1.0
            for when in poisson_times(rng, t, nxt, min(5.0, 4.0 * excess)):
                q = rng.randint(2001, 2990)
                mid = rng.choice(live_machines(when))
                app(when, "error", f"** (DBConnection.ConnectionError) connection not available and request was dropped from queue after {q}ms. This means requests are coming in and your connection pool cannot serve them fast enough. You can address this by:", mid=mid)
                for k, cont in enumerate(["", "  1. Ensuring your database is available and that you can connect to it", "  2. Tracking down slow queries and making sure they are running fast enough",
                                          "  3. Increasing the pool_size (although this increases resource consumption)", "  4. Allowing requests to wait longer by increasing :queue_target and :queue_interval", "",
                                          "See DBConnection.start_link/2 for more information", ""]):
                    fly_line(when, "app", mid, "info", cont)
                symptoms.append(when)
            for when in poisson_times(rng, t, nxt, min(30.0, 14.0 * excess)):
                fly_line(when, "proxy", rng.choice(live_machines(when)), "error", f"[PR04] could not find a good candidate within {rng.choice([21, 40, 90])} attempts at load balancing. last error: [PR01] no known healthy instances found for route tcp/443. (hint: is your app shutdown? is there an ongoing deployment with a volume or are you using the 'immediate' strategy? have your app's instances all reached their hard limit?)")
                symptoms.append(when)
            for mid in live_machines(t):
                if rng.random() < min(0.9, 0.5 + excess):
                    when = t + dt.timedelta(seconds=rng.uniform(0, 59))
                    fly_line(when, "proxy", mid, "warn", f"Instance {mid} reached hard limit of 50 concurrent requests. This usually indicates your app is not responding fast enough for the traffic levels it is handling. Scaling resources, number of instances or increasing your hard limit might help.")
                    symptoms.append(when)
        t = nxt

    # --- Cloudflare (Logpush, http_requests, sample_rate 0.005) -----------------------------------------
    paths = [(40, "POST", "/api/v1/tokens/refresh"), (12, "GET", "/api/v1/me"), (6, "POST", "/api/v1/sessions"), (2, "POST", "/api/v1/accounts"), (1, "POST", "/api/v1/password-resets"), (8, "GET", "/.well-known/jwks.json")]

    def cf_line(when, method, path, ua, ja3, ip_addr, asn, country, bot_score, edge, origin, dur, action="", leaked="clean"):
        cf.add(when, json.dumps({
            "RayID": hexid(rng, 16), "EdgeStartTimestamp": when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z",
            "ClientIP": ip_addr, "ClientASN": asn, "ClientCountry": country.lower(), "ClientRequestHost": "accounts.kinora.fm",
            "ClientRequestMethod": method, "ClientRequestPath": path, "ClientRequestUserAgent": ua, "JA3Hash": ja3, "BotScore": bot_score,
            "EdgeResponseStatus": edge, "OriginResponseStatus": origin, "OriginResponseDurationMs": dur, "SecurityAction": action,
            "LeakedCredentialCheckResult": leaked, "EdgeColoCode": rng.choice(["AMS", "FRA", "LHR", "CDG"]) if country in ("NL", "DE", "GB", "FR", "AT", "IT", "ES") else rng.choice(["IAD", "GRU", "BOM", "SIN", "IST"]),
        }, separators=(",", ":")))

    def real_ip():
        return f"{rng.choice(['84.26', '145.53', '31.151', '86.83', '62.45', '77.166', '92.108', '24.132', '73.12'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"

    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        ov = overload(t)
        for when in poisson_times(rng, t, nxt, 6.0):
            _, method, path = max(((w * rng.random(), m, p) for w, m, p in paths))
            fail = ov > 1.0 and rng.random() < min(0.6, 0.45 * (ov - 1.0)) and path != "/.well-known/jwks.json"
            base = 1 if path == "/.well-known/jwks.json" else (140 if path == "/api/v1/sessions" else 25)
            dur = int(rng.lognormvariate(math.log(base * (min(ov, 40) if ov > 1 else 1)), 0.4)) if not fail else rng.randint(8000, 15000)
            status = 502 if fail else (rng.choice([200, 200, 200, 401]) if path == "/api/v1/sessions" else 200)
            cf_line(when, method, path, rng.choice(REAL_UA), rng.choice(REAL_JA3), real_ip(), rng.choice([1136, 3320, 5089, 7922, 33915]), rng.choice(["NL", "DE", "GB", "US", "BE"]),
                    rng.randint(45, 99), status, 0 if fail and rng.random() < 0.3 else status, dur)
        for when in poisson_times(rng, t, nxt, edge_attack_rate(t) * 60 * 0.005):
            asn, country = rng.choice(ASNS)
            ip_addr = f"{rng.randint(24, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            leaked = rng.choice(["username_and_password_leaked", "username_and_password_leaked", "password_leaked", "clean"])
            if when >= WAF:
                cf_line(when, "POST", "/api/v1/sessions", rng.choice(BOT_UA), BOT_JA3, ip_addr, asn, country, rng.randint(1, 12), 403, 0, 0, action="managed_challenge", leaked=leaked)
                continue
            fail = ov > 1.0 and rng.random() < min(0.6, 0.45 * (ov - 1.0))
            dur = rng.randint(8000, 15000) if fail else int(rng.lognormvariate(math.log(140 * (min(ov, 40) if ov > 1 else 1)), 0.4))
            cf_line(when, "POST", "/api/v1/sessions", rng.choice(BOT_UA), BOT_JA3, ip_addr, asn, country, rng.randint(1, 12), 502 if fail else 401, 0 if fail else 401, dur, leaked=leaked)
        t = nxt

    # --- #sec-alerts ----------------------------------------------------------------------------------
    def slack(when, user, text, **extra):
        body = {"channel": "#sec-alerts", "ts": f"{int(when.timestamp())}.{rng.randint(0, 999999):06d}", "user": user, "text": text}
        body.update(extra)
        sec.add(when, json.dumps(body, ensure_ascii=False, separators=(",", ":")))

    slack(utc("2026-09-17 17:52:40"), "panther-bot", "[LOW] AWS GuardDuty: Recon:IAMUser/MaliciousIPCaller on role ci-readonly from 185.220.101.4 (Tor exit). Auto-closed: no API calls succeeded.", severity="low")
    slack(utc("2026-09-17 18:26:03"), "panther-bot", "[MEDIUM] Okta: impossible travel for j.meyer@kinora.fm (Amsterdam -> Singapore in 40 min). Assigned to @ines.", severity="medium")
    slack(utc("2026-09-17 18:31:47"), "ines.moreau", "okta one is j.meyer's VPN exit, closing")
    slack(SIEM, "panther-bot", "[HIGH] Credential stuffing suspected on accounts.kinora.fm: 41,382 distinct client IPs on POST /api/v1/sessions in 20 min, 97.6 % failed (unknown_user 71 %), 64 % of attempts matched leaked credential pairs (Cloudflare leaked-credentials check). Top ASNs: AS7922, AS3320, AS4134, AS28573. Runbook: SEC-RB-07", severity="high", rule="cf.http.credential_stuffing")
    slack(utc("2026-09-17 19:36:20"), "ines.moreau", "looking. residential proxy pool, ~1-2 attempts per IP every few minutes, UA claims the iOS app 8.1/8.2 but the JA3 is python-httpx. classic combolist run. @accounts-oncall you're seeing the load I guess")
    slack(utc("2026-09-17 19:38:55"), "marcus.leblanc", "yes, Machines pinned at the hard limit since 19:12, scaled to 10 and rolled back tonight's rate limit change, no help")
    slack(utc("2026-09-17 19:41:30"), "ines.moreau", "per-IP limits won't touch this. deploying a Cloudflare custom rule: managed_challenge on POST /api/v1/sessions when cf.bot_management.score < 30 (the apps' attested clients are exempt)")
    slack(WAF + dt.timedelta(seconds=40), "ines.moreau", "rule is live (accounts-stuffing-2026-09-17). challenge solve rate 0 %, so it's all bots")
    slack(utc("2026-09-17 19:58:10"), "ines.moreau", "212 logins succeeded from the pool before the rule; forcing password resets and revoking their sessions. will write it up")
    return [fly, cf, sec, deploy], symptoms


def build(out_dir):
    rng = random.Random(16300)
    repo, morning, config, revert = build_repo()
    try:
        logs, symptoms = build_logs(rng, morning, config, revert)
        onset = min(symptoms).replace(microsecond=0)

        def by_result(result):
            def fn(t):
                normal = normal_logins(t)
                a = attack_rate(t)
                served = min(1.0, 1.0 / overload(t))
                if result == "ok":
                    return round((normal * 0.8 + a * 0.006) * served, 3)
                if result == "unknown_user":
                    return round((normal * 0.05 + a * 0.71) * served, 3)
                if result == "invalid_password":
                    return round((normal * 0.14 + a * 0.284) * served, 3)
                return round(0.001 if CONFIG_DEPLOY <= t < ROLLBACK else 0.004, 4)
            return fn

        metrics = {
            "accounts_login_attempts_rate.json": query_range(
                [({"app": APP, "result": r}, by_result(r)) for r in ("ok", "unknown_user", "invalid_password", "rate_limited")], START, END, 30),
            "fly_instance_cpu_busy.json": query_range(
                [({"app": APP, "instance": "all", "mode": "busy"}, lambda t: round(min(0.99, overload(t) * 0.92), 3))], START, END, 30),
        }
        return write_scenario(
            out_dir, name="credential-stuffing-fly-none", service=SERVICE, onset=onset, metrics=metrics,
            description=f"""
Sign-in is slow and failing. From {onset.strftime('%H:%M')} UTC Fly's proxy reports the accounts
Machines at their hard limit and fails requests, the Ecto pool drops queued
checkouts, token refreshes time out and users are signed out of the apps.
accounts was deployed at 18:41 (a login rate-limit change); the on-call
scaled from six to ten Machines at 19:24 and deployed the revert of the
rate-limit change at 19:29. It recovers at about 19:48.
""",
            logs=logs, repo=repo, culprit="none",
            root_cause=[r"Credential stuffing suspected", r"login failed reason=unknown_user"],
            fix_files=[],
            explanation="""
Nothing in this repository caused it. A credential-stuffing run from a
residential proxy pool (tens of thousands of addresses, a user agent that
claims an old iOS build, a Python client's JA3, leaked credential pairs)
hits POST /api/v1/sessions from 19:10. Every attempt costs an Argon2id
verification, unknown e-mails included, so the Machines' CPUs saturate:
from 19:12 Fly's proxy reports them at their hard limit and fails requests
(PR04), the Ecto pool drops queued checkouts, refreshes time out. The log's
"login failed reason=unknown_user" lines go from one every few minutes to
dozens a minute; security's SIEM says "Credential stuffing suspected" at 19:33;
the Cloudflare challenge rule at 19:47 ends it. The fix is at the edge (bot
rules), not in this repository.

Decoys: the per-address login limit raised from 10 to 30 per five minutes,
deployed at 18:41, 31 minutes before the onset (same endpoint; each
address stays far below either limit, and the revert deployed at 19:29
changes nothing); the morning commit that logs the failure reason (every
attack line carries it); the scale-out's new Machines; the Phoenix bump;
the docs page on hashing and limits; chores; the runbook commit after.
""",
        )
    finally:
        repo.close()
