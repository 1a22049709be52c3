"""rewards-web (PHP 8.3, Laravel 11, PHP-FPM behind nginx on four VMs, behind
Cloudflare; deployed with Deployer from GitLab CI; team in Dublin, Prague
and Buenos Aires): Beanly's coffee loyalty app, web and the mobile app's API
(api.beanly.co.uk). Logins go to POST /api/v2/auth/token, which checks a
bcrypt hash (cost 12, a quarter of a CPU second) and is rate-limited per
email and client address.

On Thursday 20 August at 19:02 UTC someone starts a credential-stuffing
run against the token endpoint from residential proxies: 3,000 attempts a
minute from tens of thousands of addresses, each a different email from a
leaked list, all with the same old app user agent (Beanly/6.4.2 on iOS 16.1).
The per-email-and-address limit never trips. The bcrypt checks take every
PHP-FPM worker on the four VMs; from 19:04 nginx cannot hand requests to
PHP-FPM (EAGAIN on the socket) and answers 502 to the attempts and to
every customer alike: the app cannot load balances, offers or the order-
ahead menu. Cloudflare's bot rule on the auth endpoints was in log-only
mode. The security team's alert fires at 19:14; at 19:47 they switch the
rule to a managed challenge and the origin recovers within a minute.
Nothing in this repository caused it.

Decoys: a PHP-FPM change released at 18:35, 27 minutes before the attack,
that raises pm.max_children from 24 to 32 (the php-fpm lines name the new
value); the same morning's commit that logs every failed login with its
reason and client (the incident's most frequent app line); bcrypt cost 12
three days before (it ran through three evening peaks); a Renovate
laravel/framework bump and a docs commit in the 18:35 release; chores; a
throttling commit the day after. The log shipper keeps 1 in 100 nginx
access and Laravel info/warning lines (all errors and php-fpm lines);
Cloudflare's Logpush of firewall events samples 1 in 200. nginx access and
error log and php-fpm (syslog RFC 3164), Laravel (Monolog line format),
Cloudflare firewall events (Logpush JSON), security alerts (JSON lines),
GitLab CI deploy job (Deployer output)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores, readme, runbook

SERVICE = "rewards-web"
START, END = utc("2026-08-20 17:30:00"), utc("2026-08-20 20:30:00")
MORNING_DEPLOY = utc("2026-08-20 09:05:40")
FPM_DEPLOY = utc("2026-08-20 18:35:20")
ATTACK = utc("2026-08-20 19:02:10")
CHALLENGE = utc("2026-08-20 19:47:05")
ALERT = utc("2026-08-20 19:14:02")
HOSTS = ["web-1", "web-2", "web-3", "web-4"]
FPM_PID = {"web-1": 812, "web-2": 809, "web-3": 815, "web-4": 811}
ATTACK_UA = "Beanly/6.4.2 (iPhone; iOS 16.1; Scale/3.00)"
APP_UAS = ["Beanly/6.12.0 (iPhone; iOS 17.6.1; Scale/3.00)", "Beanly/6.12.0 (iPhone; iOS 17.5.1; Scale/2.00)",
           "Beanly/6.11.2 (Android 14; Pixel 7)", "Beanly/6.12.0 (Android 13; SM-A536B)"]
WEB_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1"

WWW_CONF = """; PHP-FPM pool for rewards-web (4 vCPU, 8 GB VMs)
[www]
user = www-data
group = www-data
listen = /run/php/php8.3-fpm.sock
listen.backlog = 511
pm = dynamic
pm.max_children = 24
pm.start_servers = 8
pm.min_spare_servers = 4
pm.max_spare_servers = 12
pm.max_requests = 0
request_slowlog_timeout = 5s
slowlog = /var/log/php8.3-fpm/www-slow.log
request_terminate_timeout = 60s
"""

AUTH_CONTROLLER = """<?php

namespace App\\Http\\Controllers\\Api;

use App\\Http\\Controllers\\Controller;
use Illuminate\\Http\\JsonResponse;
use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\Auth;

class AuthController extends Controller
{
    public function token(Request $request): JsonResponse
    {
        $credentials = $request->validate(['email' => 'required|email', 'password' => 'required|string']);

        if (! Auth::attempt($credentials)) {
            return response()->json(['error' => 'invalid_credentials'], 401);
        }

        $token = $request->user()->createToken($request->header('X-Device-Id', 'unknown'));

        return response()->json(['token' => $token->plainTextToken]);
    }
}
"""

APP_PROVIDER = """<?php

namespace App\\Providers;

use Illuminate\\Cache\\RateLimiting\\Limit;
use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\RateLimiter;
use Illuminate\\Support\\ServiceProvider;

class AppServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        // Five attempts a minute per email and client address.
        RateLimiter::for('login', fn (Request $request) => Limit::perMinute(5)->by(strtolower($request->input('email')).'|'.$request->ip()));
        RateLimiter::for('api', fn (Request $request) => Limit::perMinute(120)->by($request->user()?->id ?: $request->ip()));
    }
}
"""


def repo_files():
    return {
        "composer.json": '{\n    "name": "beanly/rewards-web",\n    "type": "project",\n    "require": {\n        "php": "^8.3",\n        "laravel/framework": "^11.20",\n        "laravel/sanctum": "^4.0",\n        "predis/predis": "^2.2"\n    },\n    "require-dev": {\n        "phpunit/phpunit": "^11.0",\n        "deployer/deployer": "^7.4"\n    }\n}\n',
        "composer.lock": '{\n    "content-hash": "9f1c2a7e4b0d3a65c8e1f2b4d7a9c0e3",\n    "packages": [\n        {"name": "laravel/framework", "version": "v11.20.0"},\n        {"name": "laravel/sanctum", "version": "v4.0.2"},\n        {"name": "predis/predis", "version": "v2.2.2"}\n    ]\n}\n',
        "app/Http/Controllers/Api/AuthController.php": AUTH_CONTROLLER,
        "app/Providers/AppServiceProvider.php": APP_PROVIDER,
        "app/Http/Controllers/Api/OffersController.php": "<?php\n\nnamespace App\\Http\\Controllers\\Api;\n\nuse App\\Http\\Controllers\\Controller;\nuse App\\Models\\Offer;\n\nclass OffersController extends Controller\n{\n    public function index()\n    {\n        return Offer::active()->forUser(request()->user())->get();\n    }\n}\n",
        "routes/api.php": "<?php\n\nuse App\\Http\\Controllers\\Api;\nuse Illuminate\\Support\\Facades\\Route;\n\nRoute::prefix('v2')->group(function () {\n    Route::post('auth/token', [Api\\AuthController::class, 'token'])->middleware('throttle:login');\n    Route::middleware(['auth:sanctum', 'throttle:api'])->group(function () {\n        Route::get('me', [Api\\MeController::class, 'show']);\n        Route::get('me/balance', [Api\\MeController::class, 'balance']);\n        Route::get('offers', [Api\\OffersController::class, 'index']);\n        Route::get('stores', [Api\\StoresController::class, 'index']);\n        Route::get('stores/{store}/menu', [Api\\StoresController::class, 'menu']);\n        Route::post('orders', [Api\\OrdersController::class, 'store']);\n    });\n});\n",
        "config/hashing.php": "<?php\n\nreturn [\n    'driver' => 'bcrypt',\n    'bcrypt' => [\n        'rounds' => env('BCRYPT_ROUNDS', 10),\n        'verify' => true,\n    ],\n    'rehash_on_login' => true,\n];\n",
        "deploy/php-fpm/www.conf": WWW_CONF,
        "deploy/nginx/rewards.conf": "server {\n    listen 443 ssl http2;\n    server_name api.beanly.co.uk app.beanly.co.uk;\n    root /var/www/rewards/current/public;\n\n    # Cloudflare in front: the client address comes from CF-Connecting-IP\n    real_ip_header CF-Connecting-IP;\n    include /etc/nginx/cloudflare-ips.conf;\n\n    access_log syslog:server=127.0.0.1:514,tag=nginx combined_rt;\n    error_log syslog:server=127.0.0.1:514,tag=nginx warn;\n\n    location / {\n        try_files $uri /index.php?$query_string;\n    }\n\n    location ~ \\.php$ {\n        fastcgi_pass unix:/run/php/php8.3-fpm.sock;\n        include fastcgi_params;\n        fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;\n        fastcgi_read_timeout 60s;\n    }\n}\n",
        "deploy.php": "<?php\n\nnamespace Deployer;\n\nrequire 'recipe/laravel.php';\n\nset('repository', 'git@gitlab.beanly.internal:loyalty/rewards-web.git');\nset('keep_releases', 5);\n\nforeach (['web-1', 'web-2', 'web-3', 'web-4'] as $h) {\n    host($h)->set('deploy_path', '/var/www/rewards')->set('labels', ['stage' => 'production']);\n}\n\ntask('php-fpm:config', fn () => run('sudo cp {{release_path}}/deploy/php-fpm/www.conf /etc/php/8.3/fpm/pool.d/www.conf'));\ntask('php-fpm:reload', fn () => run('sudo systemctl reload php8.3-fpm'));\nafter('deploy:symlink', 'php-fpm:config');\nafter('php-fpm:config', 'php-fpm:reload');\n",
        ".gitlab-ci.yml": "stages: [test, deploy]\n\ntest:\n  stage: test\n  image: php:8.3-cli\n  script:\n    - composer install --no-interaction\n    - vendor/bin/phpunit\n\ndeploy:\n  stage: deploy\n  only: [main]\n  script:\n    - vendor/bin/dep deploy stage=production\n",
        "README.md": readme(SERVICE, "Beanly Rewards: the loyalty web app and the mobile app's API (api.beanly.co.uk).", "composer install\nphp artisan serve").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.", "Merges to `main` are deployed by GitLab CI with Deployer to web-1..web-4."),
    }


def build_repo():
    niamh = Person("Niamh O'Connor", "niamh.oconnor@beanly.co.uk", 60)
    marek = Person("Marek Dvořák", "marek.dvorak@beanly.co.uk", 120)
    sofia = Person("Sofía Álvarez", "sofia.alvarez@beanly.co.uk", -180)
    renovate = Person("Renovate Bot", "renovate@beanly.co.uk", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("Rewards5xx", "More than 1 % of API requests fail. 502 with `Resource temporarily unavailable` in nginx's error log means PHP-FPM has no free worker: what is taking the workers?"),
        ("LoginFailureSpike", "Failed logins far above normal: talk to #sec-ops before changing anything; Cloudflare rules are theirs."),
    ])
    repo.commit(utc("2026-08-13 09:10:00"), niamh, "rewards-web: import from the old monorepo", files)
    repo.schedule(chores(random.Random(17401), SERVICE, [niamh, marek, sofia], utc("2026-08-13 09:10:00"), utc("2026-08-19 17:00:00"), 4))
    repo.commit(utc("2026-08-17 12:10:00"), marek, "hashing: bcrypt cost 12, rehashed on login\n\nOWASP's minimum for bcrypt is 10; we are moving to 12 as the security\nreview asked. Existing hashes are upgraded at the next login.", {
        "config/hashing.php": repo.edit("config/hashing.php", "env('BCRYPT_ROUNDS', 10)", "env('BCRYPT_ROUNDS', 12)"),
    })
    repo.commit(utc("2026-08-19 15:40:00"), sofia, "offers: active offers for the user's home store first", {
        "app/Http/Controllers/Api/OffersController.php": repo.edit("app/Http/Controllers/Api/OffersController.php", "->forUser(request()->user())->get();", "->forUser(request()->user())->orderByHomeStore(request()->user())->get();"),
    })
    morning = repo.commit(utc("2026-08-20 08:40:00"), niamh, "auth: log failed logins with the reason and the client\n\nSupport cannot tell a customer whether their login failed for a wrong\npassword or a locked account; log it (email hashed).", {
        "app/Listeners/LogFailedLogin.php": "<?php\n\nnamespace App\\Listeners;\n\nuse Illuminate\\Auth\\Events\\Failed;\nuse Illuminate\\Support\\Facades\\Log;\n\nclass LogFailedLogin\n{\n    public function handle(Failed $event): void\n    {\n        $request = request();\n        Log::warning('Login failed', [\n            'reason' => $event->user ? 'invalid_credentials' : 'unknown_email',\n            'email_hash' => substr(sha1(strtolower($event->credentials['email'] ?? '')), 0, 12),\n            'ip' => $request->ip(),\n            'client' => $request->userAgent(),\n        ]);\n    }\n}\n",
        "app/Providers/EventServiceProvider.php": "<?php\n\nnamespace App\\Providers;\n\nuse App\\Listeners\\LogFailedLogin;\nuse Illuminate\\Auth\\Events\\Failed;\nuse Illuminate\\Foundation\\Support\\Providers\\EventServiceProvider as ServiceProvider;\n\nclass EventServiceProvider extends ServiceProvider\n{\n    protected $listen = [\n        Failed::class => [LogFailedLogin::class],\n    ];\n}\n",
    })
    repo.commit(utc("2026-08-20 12:05:00"), renovate, "fix(deps): update dependency laravel/framework to v11.21.0", {
        "composer.lock": repo.edit("composer.lock", '"v11.20.0"', '"v11.21.0"').replace("9f1c2a7e4b0d3a65c8e1f2b4d7a9c0e3", "0b7e5d2c9a14f3e8b6c1d0a2f4e7c9b3"),
    })
    repo.commit(utc("2026-08-20 14:30:00"), sofia, "docs: the API's rate limits", {
        "docs/rate-limits.md": "# API rate limits\n\n| route | limit | key |\n|---|---|---|\n| POST /api/v2/auth/token | 5/min | email + client address |\n| everything else | 120/min | user (or address) |\n\nCloudflare also has a bot rule on the auth endpoints (#sec-ops owns it;\nit runs in log-only mode).\n",
    })
    fpm = repo.commit(utc("2026-08-20 18:22:00"), niamh, "php-fpm: pm.max_children 32 (was 24), recycle workers after 500 requests\n\nLast Thursday's promo evening logged 'server reached pm.max_children'\nat 18:00-19:00 with half the VMs' memory free (workers use ~90 MB).", {
        "deploy/php-fpm/www.conf": repo.edit("deploy/php-fpm/www.conf", "pm.max_children = 24\n", "pm.max_children = 32\n").replace("pm.max_requests = 0\n", "pm.max_requests = 500\n"),
    })
    repo.commit(utc("2026-08-21 10:10:00"), marek, "auth: also throttle the token endpoint per device and per /24\n\nLast night's credential stuffing used a new address and email for\nevery attempt, so the per-email-and-address limit never applied.", {
        "app/Providers/AppServiceProvider.php": repo.edit("app/Providers/AppServiceProvider.php",
                                                          "        RateLimiter::for('login', fn (Request $request) => Limit::perMinute(5)->by(strtolower($request->input('email')).'|'.$request->ip()));\n",
                                                          "        RateLimiter::for('login', fn (Request $request) => [\n            Limit::perMinute(5)->by(strtolower($request->input('email')).'|'.$request->ip()),\n            Limit::perMinute(30)->by('dev:'.$request->header('X-Device-Id', 'none')),\n            Limit::perMinute(60)->by('net:'.implode('.', array_slice(explode('.', $request->ip()), 0, 3))),\n        ]);\n"),
    })
    return repo, morning, fpm


# ---------------------------------------------------------------------------

def residential_ip(rng):
    first = rng.choice([2, 5, 31, 37, 46, 62, 77, 78, 79, 81, 82, 86, 88, 90, 92, 109, 151, 176, 178, 185, 188, 212, 213])
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def customer_ip(rng):
    return f"{rng.choice([31, 51, 81, 86, 90, 109, 148, 176, 217])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def cf_ray(rng):
    return f"{hexid(rng, 16)}-{rng.choice(['DUB', 'LHR', 'MAN', 'LHR', 'DUB'])}"


def monolog(t, level, msg, ctx):
    return f"[{t.strftime('%Y-%m-%d %H:%M:%S')}] production.{level}: {msg} {json.dumps(ctx, separators=(',', ':'))} []"


def build_logs(rng, morning, fpm):
    access = Log("nginx-access.log")
    error = Log("nginx-error.log")
    php = Log("php-fpm.log")
    laravel = Log("laravel.log")
    cf = Log("cloudflare-firewall-events.log")
    sec = Log("sec-alerts.log")
    deploy = Log("deploy-job.log")

    def attack_rate(t):
        """Attempts per minute reaching Cloudflare."""
        if t < ATTACK:
            return 0
        ramp = min(1.0, (t - ATTACK).total_seconds() / 120)
        return 3000 * ramp

    def saturated(host, t):
        offset = {"web-1": 95, "web-2": 110, "web-3": 130, "web-4": 150}[host]
        return ATTACK + dt.timedelta(seconds=offset) <= t < CHALLENGE + dt.timedelta(seconds=40 + 8 * HOSTS.index(host))

    def access_line(t, host, client, method, path, status, size, ua, rt):
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        urt = f"{rt:.3f}" if status != 502 else "0.000"
        return syslog3164(t, host, "nginx", None, f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" rt={rt:.3f} urt={urt} cf_ray={cf_ray(rng)}')

    first_symptoms = []

    # ---- customers (sampled 1 in 100 at the shipper) ---------------------------------------------
    routes = [(5, "GET", "/api/v2/me/balance", 320), (4, "GET", "/api/v2/offers", 2900), (3, "GET", "/api/v2/stores", 5400),
              (2, "GET", "/api/v2/stores/{s}/menu", 18200), (1, "POST", "/api/v2/orders", 640), (1, "POST", "/api/v2/auth/token", 420)]
    for t in poisson_times(rng, START, END, 5.5):
        host = rng.choice(HOSTS)
        r = rng.uniform(0, 16)
        for w, method, path, size in routes:
            r -= w
            if r <= 0:
                break
        path = path.format(s=rng.randint(100, 480))
        client = customer_ip(rng)
        ua = rng.choice(APP_UAS)
        if saturated(host, t) and rng.random() < 0.72:
            rt = rng.uniform(0.001, 0.02)
            access.add(t, access_line(t, host, client, method, path, 502, 166, ua, rt))
            first_symptoms.append(t)
            continue
        rt = ms(rng, 90 if not saturated(host, t) else 2400, 0.5) / 1000
        status = 200
        if path.endswith("auth/token"):
            status = 200 if rng.random() < 0.9 else 401
            if status == 401:
                laravel.add(t, monolog(t, "WARNING", "Login failed", {"reason": "invalid_credentials", "email_hash": hexid(rng, 12), "ip": client, "client": ua, "host": host}))
        access.add(t + dt.timedelta(seconds=rt), access_line(t + dt.timedelta(seconds=rt), host, client, method, path, status, size + rng.randint(-60, 60), ua, rt))

    # ---- the stuffing run ---------------------------------------------------------------------------
    t = ATTACK
    while t < CHALLENGE:
        rate = attack_rate(t) / 100  # sampled at the shipper
        t = t + dt.timedelta(seconds=rng.expovariate(max(rate, 0.5) / 60))
        if t >= CHALLENGE:
            break
        if rng.random() * max(rate, 0.5) > rate:
            continue
        host = rng.choice(HOSTS)
        client = residential_ip(rng)
        if saturated(host, t) and rng.random() < 0.66:
            access.add(t, access_line(t, host, client, "POST", "/api/v2/auth/token", 502, 166, ATTACK_UA, rng.uniform(0.001, 0.02)))
            first_symptoms.append(t)
            continue
        rt = ms(rng, 260 if not saturated(host, t) else 3100, 0.35) / 1000
        e = t + dt.timedelta(seconds=rt)
        known = rng.random() < 0.58
        status = 401
        if known and rng.random() < 0.004:
            status = 200
        access.add(e, access_line(e, host, client, "POST", "/api/v2/auth/token", status, 61 if status == 401 else 412, ATTACK_UA, rt))
        if status == 401:
            laravel.add(e, monolog(e, "WARNING", "Login failed", {"reason": "invalid_credentials" if known else "unknown_email", "email_hash": hexid(rng, 12), "ip": client, "client": ATTACK_UA, "host": host}))
    # after the challenge: only the odd solved challenge reaches the origin
    for t in poisson_times(rng, CHALLENGE, END, 0.2):
        host = rng.choice(HOSTS)
        access.add(t, access_line(t, host, residential_ip(rng), "POST", "/api/v2/auth/token", 401, 61, ATTACK_UA, ms(rng, 250, 0.3) / 1000))

    # ---- nginx error log: no free PHP-FPM worker (all kept) -------------------------------------
    for host in HOSTS:
        begin = ATTACK + dt.timedelta(seconds={"web-1": 95, "web-2": 110, "web-3": 130, "web-4": 150}[host])
        stop = CHALLENGE + dt.timedelta(seconds=40 + 8 * HOSTS.index(host))
        for t in poisson_times(rng, begin, stop, 2.2):
            conn = rng.randint(100000, 999999)
            if rng.random() < 0.85:
                client, path = residential_ip(rng), "/api/v2/auth/token"
            else:
                client, path = customer_ip(rng), rng.choice(["/api/v2/me/balance", "/api/v2/offers", "/api/v2/stores", "/api/v2/auth/token"])
            method = "POST" if path.endswith("token") else "GET"
            pid = rng.randint(1410, 1413)
            stamp = t.strftime("%Y/%m/%d %H:%M:%S")
            error.add(t, syslog3164(t, host, "nginx", None, f"{stamp} [error] {pid}#{pid}: *{conn} connect() to unix:/run/php/php8.3-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: {client}, server: api.beanly.co.uk, request: \"{method} {path} HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.3-fpm.sock:\", host: \"api.beanly.co.uk\""))
            first_symptoms.append(t)
        for t in poisson_times(rng, begin + dt.timedelta(seconds=30), stop, 0.4):
            stamp = t.strftime("%Y/%m/%d %H:%M:%S")
            error.add(t, syslog3164(t, host, "nginx", None, f"{stamp} [error] {rng.randint(1410, 1413)}#0: *{rng.randint(100000, 999999)} upstream timed out (110: Connection timed out) while reading response header from upstream, client: {residential_ip(rng)}, server: api.beanly.co.uk, request: \"POST /api/v2/auth/token HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.3-fpm.sock:\", host: \"api.beanly.co.uk\""))
    emit(rng, error, START, END, 0.15, [
        (3, lambda t: syslog3164(t, rng.choice(HOSTS), "nginx", None, f"{t.strftime('%Y/%m/%d %H:%M:%S')} [warn] {rng.randint(1410, 1413)}#0: *{rng.randint(100000, 999999)} a client request body is buffered to a temporary file /var/cache/nginx/client_temp/00000{rng.randint(10000, 99999)}, client: {customer_ip(rng)}, server: api.beanly.co.uk, request: \"POST /api/v2/orders HTTP/1.1\", host: \"api.beanly.co.uk\"")),
        (1, lambda t: syslog3164(t, rng.choice(HOSTS), "nginx", None, f"{t.strftime('%Y/%m/%d %H:%M:%S')} [info] {rng.randint(1410, 1413)}#0: *{rng.randint(100000, 999999)} client closed connection while waiting for request, client: {customer_ip(rng)}, server: 0.0.0.0:443")),
    ])

    # ---- php-fpm (syslog) --------------------------------------------------------------------------
    for host in HOSTS:
        pid = FPM_PID[host]
        t = FPM_DEPLOY - dt.timedelta(seconds=28) + dt.timedelta(milliseconds=550 * HOSTS.index(host) + rng.randint(100, 400))
        for text in ("[NOTICE] Reloading in progress ...", "[NOTICE] reloading: execvp(\"/usr/sbin/php-fpm8.3\", {\"/usr/sbin/php-fpm8.3\", \"--nodaemonize\", \"--fpm-config\", \"/etc/php/8.3/fpm/php-fpm.conf\"})",
                     "[NOTICE] using inherited socket fd=8, \"/run/php/php8.3-fpm.sock\"", f"[NOTICE] fpm is running, pid {pid}", "[NOTICE] ready to handle connections", "[NOTICE] systemd monitor interval set to 10000ms"):
            php.add(t, syslog3164(t, host, "php-fpm", pid, text))
            t += dt.timedelta(milliseconds=rng.randint(2, 40))
        begin = ATTACK + dt.timedelta(seconds={"web-1": 80, "web-2": 96, "web-3": 118, "web-4": 137}[host])
        stop = CHALLENGE + dt.timedelta(seconds=40 + 8 * HOSTS.index(host))
        php.add(begin - dt.timedelta(seconds=12), syslog3164(begin - dt.timedelta(seconds=12), host, "php-fpm", pid, "[WARNING] [pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning 8 children, there are 0 idle, and 14 total children"))
        php.add(begin - dt.timedelta(seconds=11), syslog3164(begin - dt.timedelta(seconds=11), host, "php-fpm", pid, "[WARNING] [pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning 16 children, there are 0 idle, and 22 total children"))
        php.add(begin, syslog3164(begin, host, "php-fpm", pid, "[WARNING] [pool www] server reached pm.max_children setting (32), consider raising it"))
        for t in poisson_times(rng, begin + dt.timedelta(seconds=20), stop, 1.2):
            if rng.random() < 0.55:
                php.add(t, syslog3164(t, host, "php-fpm", pid, "[WARNING] [pool www] server reached pm.max_children setting (32), consider raising it"))
            else:
                child = rng.randint(20000, 60000)
                php.add(t, syslog3164(t, host, "php-fpm", pid, f"[WARNING] [pool www] child {child}, script '/var/www/rewards/releases/214/public/index.php' (request: \"POST /index.php\") executing too slow ({rng.uniform(5.0, 9.0):.6f} sec), logging"))
    # last Thursday-style early-evening warning at the old limit, before the release
    for host in ("web-2", "web-4"):
        t = utc("2026-08-20 17:58:00") + dt.timedelta(seconds=rng.randint(0, 900))
        php.add(t, syslog3164(t, host, "php-fpm", FPM_PID[host], "[WARNING] [pool www] server reached pm.max_children setting (24), consider raising it"))

    # ---- Laravel: routine lines ----------------------------------------------------------------------
    emit(rng, laravel, START, END, 1.6, [
        (4, lambda t: monolog(t, "INFO", "Order placed", {"order_id": rng.randint(4100000, 4200000), "store_id": rng.randint(100, 480), "points_earned": rng.randint(5, 60), "host": rng.choice(HOSTS)})),
        (2, lambda t: monolog(t, "INFO", "Offer redeemed", {"offer_id": rng.randint(900, 1400), "store_id": rng.randint(100, 480), "host": rng.choice(HOSTS)})),
        (1, lambda t: monolog(t, "INFO", "Points ledger sync", {"batch": rng.randint(80, 400), "ms": rng.randint(40, 300), "host": rng.choice(HOSTS)})),
    ])
    for i, t in enumerate(poisson_times(rng, ATTACK + dt.timedelta(minutes=6), CHALLENGE, 0.25)):
        laravel.add(t, monolog(t, "WARNING", "New device login", {"user_id": rng.randint(100000, 2900000), "ip": residential_ip(rng), "client": ATTACK_UA, "host": rng.choice(HOSTS)}))

    # ---- Cloudflare firewall events (Logpush, sampled 1 in 200) ----------------------------------------
    asns = [(9009, "M247", "gb"), (5089, "Virgin Media", "gb"), (2856, "British Telecommunications PLC", "gb"), (5466, "Eircom", "ie"), (6830, "Liberty Global", "ie"),
            (12322, "Free SAS", "fr"), (3320, "Deutsche Telekom AG", "de"), (7922, "Comcast Cable", "us"), (9829, "BSNL", "in"), (8151, "Uninet", "mx")]

    def cf_event(t, action, ip, ua, path, status):
        asn, desc, country = rng.choice(asns)
        body = {"Action": action, "ClientASN": asn, "ClientASNDescription": desc, "ClientCountry": country, "ClientIP": ip, "ClientRequestHost": "api.beanly.co.uk",
                "ClientRequestMethod": "POST", "ClientRequestPath": path, "ClientRequestProtocol": "HTTP/2", "ClientRequestUserAgent": ua, "Datetime": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "Description": "Auth endpoints: likely automated" + (" (log only)" if action == "log" else ""), "EdgeResponseStatus": status, "Kind": "firewall",
                "OriginResponseStatus": 0 if action != "log" else status, "RayID": hexid(rng, 16), "RuleID": "7c31e0b4f2a84d5e9b0d6a1c3e5f7a92", "Source": "firewallCustom"}
        return json.dumps(body, separators=(",", ":"))
    for t in poisson_times(rng, START, END, 0.6):
        cf.add(t, cf_event(t, "log", customer_ip(rng), rng.choice(["python-requests/2.31.0", "okhttp/4.12.0", APP_UAS[0]]), "/api/v2/auth/token", 401))
    t = ATTACK
    while t < END:
        rate = attack_rate(t) / 200
        t += dt.timedelta(seconds=rng.expovariate(max(rate, 0.5) / 60))
        if t >= END:
            break
        if rng.random() * max(rate, 0.5) > rate:
            continue
        if t < CHALLENGE:
            cf.add(t, cf_event(t, "log", residential_ip(rng), ATTACK_UA, "/api/v2/auth/token", rng.choice([401, 401, 401, 502, 502])))
        elif t < CHALLENGE + dt.timedelta(minutes=25):
            cf.add(t, cf_event(t, "managed_challenge", residential_ip(rng), ATTACK_UA, "/api/v2/auth/token", 403))

    # ---- security alerts (SIEM JSON lines) -----------------------------------------------------------
    def alert(t, **body):
        sec.add(t, json.dumps({"ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"), **body}, separators=(",", ":"), ensure_ascii=False))
    alert(utc("2026-08-20 17:41:20"), source="siem", severity="LOW", rule="GeoVelocity.rewards-web", title="Impossible travel for 1 user (Dublin -> Lisbon in 20 min)", alert_id="AL-88120")
    alert(ALERT, source="siem", severity="HIGH", rule="AuthFailureSpike.rewards-web", alert_id="AL-88131",
          title="Failed logins on api.beanly.co.uk 58x the 7-day baseline", details={"window": "10m", "failed_logins": 11842, "distinct_ips": 9877, "distinct_emails": 11790, "top_user_agent": ATTACK_UA})
    alert(utc("2026-08-20 19:16:40"), source="pagerduty", severity="HIGH", title="Rewards5xx: 41% of API requests failing (502)", service="rewards-web", incident="PD-30931")
    alert(utc("2026-08-20 19:31:12"), source="sec-ops", author="Kasia Zielińska", alert_id="AL-88131",
          text="Confirmed credential stuffing against POST /api/v2/auth/token: residential proxy pool (~38k IPs so far), one attempt per email, emails match the 'ShopHub 2025' combo list. 212 successful logins so far -> forcing password resets. Preparing Cloudflare rule change.")
    alert(utc("2026-08-20 19:46:58"), source="sec-ops", author="Kasia Zielińska", alert_id="AL-88131",
          text="Cloudflare rule 'Auth endpoints: likely automated' switched from log to managed_challenge on api.beanly.co.uk/api/v2/auth/*.")
    alert(utc("2026-08-20 19:52:30"), source="sec-ops", author="Kasia Zielińska", alert_id="AL-88131",
          text="Origin failed-login rate back to baseline; challenge solve rate 0.3%. Points redemptions frozen for the 212 accounts.")

    # ---- deploy job (GitLab CI, Deployer) ----------------------------------------------------------------
    for when, sha, release in ((MORNING_DEPLOY, morning, 213), (FPM_DEPLOY, fpm, 214)):
        t = when - dt.timedelta(seconds=40)

        def d(text, step=0.4):
            nonlocal t
            t += dt.timedelta(seconds=step, milliseconds=rng.randint(0, 300))
            deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}Z 00O {text}")
        d(f"$ vendor/bin/dep deploy stage=production")
        d(f"task deploy:info")
        d(f"[web-1] info deploying main ({sha})")
        for task in ("deploy:setup", "deploy:lock", "deploy:release", "deploy:update_code", "deploy:shared", "deploy:writable", "deploy:vendors", "artisan:storage:link", "artisan:config:cache", "artisan:route:cache", "artisan:migrate", "deploy:symlink"):
            d(f"task {task}", step=1.6 if task == "deploy:vendors" else 0.5)
        d("task php-fpm:config")
        d("task php-fpm:reload")
        for h in HOSTS:
            d(f"[{h}] run sudo systemctl reload php8.3-fpm", step=0.3)
        d("task deploy:unlock")
        d("task deploy:cleanup")
        d(f"[web-1] info successfully deployed! (release {release})")
        d("Job succeeded")
    return [access, error, php, laravel, cf, sec, deploy], first_symptoms, attack_rate


def build(out_dir):
    rng = random.Random(17400)
    repo, morning, fpm = build_repo()
    try:
        logs, first_symptoms, attack_rate = build_logs(rng, morning, fpm)
        onset = min(first_symptoms).replace(microsecond=0)

        def requests_rate(path_kind):
            def fn(t):
                if path_kind == "token":
                    base = 0.6 + (attack_rate(t) / 60 if t < CHALLENGE else 0.01)
                else:
                    base = 9.5 + ((t.minute * 7) % 5) / 10
                return round(base, 3)
            return fn

        def busy(host):
            off = {"web-1": 80, "web-2": 96, "web-3": 118, "web-4": 137}[host]
            stop = CHALLENGE + dt.timedelta(seconds=40 + 8 * HOSTS.index(host))

            def fn(t):
                if t < FPM_DEPLOY:
                    return 9 + (t.minute * 3 + len(host)) % 8
                if ATTACK + dt.timedelta(seconds=off) <= t < stop:
                    return 32
                if ATTACK <= t < stop:
                    return 20 + int((t - ATTACK).total_seconds() / off * 10)
                return 8 + (t.minute * 3 + len(host)) % 8
            return fn

        metrics = {
            "nginx_http_requests_per_second.json": query_range([({"job": "nginx", "route": "auth_token"}, requests_rate("token")), ({"job": "nginx", "route": "other"}, requests_rate("other"))], START, END, 30),
            "phpfpm_active_processes.json": query_range([({"instance": f"{h}:9253", "pool": "www"}, busy(h)) for h in HOSTS], START, END, 30),
        }
        return write_scenario(
            out_dir, name="credential-stuffing-none", service=SERVICE, onset=onset,
            description=f"""
The Beanly app cannot load balances, offers or menus. From {onset.strftime('%H:%M')} UTC on
20 August most requests to api.beanly.co.uk get 502 from nginx on all four
web VMs. rewards-web was released at 09:05 (failed-login logging) and at
18:35 (php-fpm pool size). It recovers at about 19:48. The log shipper keeps
1 in 100 nginx access and Laravel info/warning lines (errors and php-fpm
lines whole); Cloudflare's Logpush of firewall events samples 1 in 200.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"Login failed", r"likely automated"],
            fix_files=[],
            explanation=f"""
Nothing in rewards-web's repository caused it. A credential-stuffing run
against POST /api/v2/auth/token starts at 19:02: about 3,000 attempts a
minute from residential proxies, one email per attempt, all with the old
app user agent Beanly/6.4.2 (iOS 16.1). Cloudflare's rule "Auth endpoints:
likely automated" sees them but is in log-only mode; the per-email-and-
address rate limit never trips. Each attempt is a bcrypt check, so the
"Login failed" lines multiply, PHP-FPM runs out of workers ("server reached
pm.max_children"), and nginx answers 502 to everyone ("connect() to
unix:/run/php/php8.3-fpm.sock failed (11: Resource temporarily
unavailable)"). The security team confirms credential stuffing at 19:31 and
switches the rule to a managed challenge at 19:47; the origin recovers.
Decoys: the php-fpm change released at 18:35, {int((onset - FPM_DEPLOY).total_seconds() // 60)} minutes before the onset
(pm.max_children 24 -> 32: more workers, and its value in every php-fpm
warning); the morning commit that logs each failed login (the incident's
most frequent app line is new that day); the bcrypt cost 12 change three
days before (it ran through three evening peaks); the Renovate
laravel/framework bump and the docs commit in the 18:35 release; chores;
the throttling commit the next day.
""",
        )
    finally:
        repo.close()
