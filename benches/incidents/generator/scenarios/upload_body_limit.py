"""fixly-web (Laravel behind nginx on two VMs, team in Sydney): tradespeople
upload job photos from the mobile app (2-8 MB each). A morning commit splits
the nginx site config into snippets (security headers, PHP-FPM) and drops
`client_max_body_size 20m` on the way, so nginx falls back to its 1 MB
default. The 10:05 AEDT release (23:05 UTC) rolls it out with a Laravel minor
bump; from then on every photo upload gets 413 from nginx before PHP sees it,
so the Laravel log shows nothing new; the mobile app's error reports fill with
"HTTP 413". Small uploads (signatures, PDFs under 1 MB) still work. Rolled
back at 23:49 UTC. Decoys: a commit that resizes photos server-side (same
upload controller) the day before, `upload_max_filesize` already 20M in
php.ini, and the Laravel bump the deploy names. nginx access and error logs,
Laravel's log, PHP-FPM's log, the deploy job (GitHub Actions), the mobile
app's error reports (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access, nginx_error
from skeletons import chores, readme, runbook

SERVICE = "fixly-web"
DEPLOY = utc("2026-12-21 23:05:00")
ROLLBACK = utc("2026-12-21 23:49:00")
START, END = utc("2026-12-21 21:30:00"), utc("2026-12-22 00:15:00")
HOSTS = ["fixly-web-1", "fixly-web-2"]

NGINX = """server {
    listen 443 ssl http2;
    server_name app.fixly.com.au;
    root /var/www/fixly/current/public;
    index index.php;

    ssl_certificate     /etc/letsencrypt/live/app.fixly.com.au/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/app.fixly.com.au/privkey.pem;

    client_max_body_size 20m;

    add_header X-Frame-Options "SAMEORIGIN" always;
    add_header X-Content-Type-Options "nosniff" always;
    add_header Referrer-Policy "strict-origin-when-cross-origin" always;

    location / {
        try_files $uri $uri/ /index.php?$query_string;
    }

    location ~ \\.php$ {
        fastcgi_pass unix:/run/php/php8.3-fpm.sock;
        fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;
        include fastcgi_params;
        fastcgi_read_timeout 60s;
    }

    location ~ /\\.(?!well-known) {
        deny all;
    }
}
"""

CONTROLLER = """<?php

namespace App\\Http\\Controllers\\Api;

use App\\Http\\Controllers\\Controller;
use App\\Models\\Job;
use Illuminate\\Http\\Request;

class JobPhotoController extends Controller
{
    public function store(Request $request, Job $job)
    {
        $this->authorize('update', $job);
        $request->validate(['photo' => 'required|image|max:20480']);
        $path = $request->file('photo')->store("jobs/{$job->id}", 's3');
        $photo = $job->photos()->create(['path' => $path, 'taken_at' => $request->input('taken_at')]);
        return response()->json($photo, 201);
    }
}
"""


def build_repo():
    mia = Person("Mia Nguyen", "mia@fixly.com.au", 660)
    liam = Person("Liam O'Brien", "liam@fixly.com.au", 660)
    priya = Person("Priya Raman", "priya@fixly.com.au", 330)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "composer.json": '{\n    "name": "fixly/web",\n    "require": {\n        "php": "^8.3",\n        "laravel/framework": "^11.34",\n        "league/flysystem-aws-s3-v3": "^3.28"\n    }\n}\n',
        "composer.lock": '{\n    "packages": [\n        {"name": "laravel/framework", "version": "v11.34.2"},\n        {"name": "league/flysystem-aws-s3-v3", "version": "3.28.0"}\n    ]\n}\n',
        "app/Http/Controllers/Api/JobPhotoController.php": CONTROLLER,
        "routes/api.php": "<?php\n\nuse App\\Http\\Controllers\\Api\\JobPhotoController;\nuse Illuminate\\Support\\Facades\\Route;\n\nRoute::middleware('auth:sanctum')->group(function () {\n    Route::post('/jobs/{job}/photos', [JobPhotoController::class, 'store']);\n});\n",
        "deploy/nginx/fixly.conf": NGINX,
        "deploy/php/99-fixly.ini": "upload_max_filesize = 20M\npost_max_size = 24M\nmemory_limit = 256M\n",
        "deploy.php": "<?php\nnamespace Deployer;\n\nrequire 'recipe/laravel.php';\n\nhost('fixly-web-1')->set('deploy_path', '/var/www/fixly');\nhost('fixly-web-2')->set('deploy_path', '/var/www/fixly');\n\ntask('nginx:config', function () {\n    upload('deploy/nginx/', '/etc/nginx/sites-available/');\n    run('sudo nginx -t && sudo systemctl reload nginx');\n});\nafter('deploy:symlink', 'nginx:config');\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v3\n      - run: composer install --no-dev\n      - run: vendor/bin/dep deploy production\n",
        "README.md": readme(SERVICE, "Quotes, jobs and job photos for Fixly's tradespeople (web and mobile API).", "composer install\nphp artisan serve").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.", "Releases are run by the deploy workflow (Deployer) to fixly-web-1 and fixly-web-2."),
        "docs/runbook.md": runbook(SERVICE, [("UploadErrors", "Photo upload failures above 5 %: check nginx's error log and the app's error reports.")]),
    }
    repo.commit(utc("2026-12-16 23:00:00"), mia, "fixly-web: import", files)
    repo.schedule(chores(random.Random(7201), SERVICE, [mia, liam, priya], utc("2026-12-16 23:00:00"), DEPLOY, 5))
    repo.commit(utc("2026-12-20 23:40:00"), priya, "photos: resize to 2048 px on the server before storing", {
        "app/Http/Controllers/Api/JobPhotoController.php": repo.edit("app/Http/Controllers/Api/JobPhotoController.php",
            "        $path = $request->file('photo')->store(\"jobs/{$job->id}\", 's3');\n",
            "        $image = Image::read($request->file('photo'))->scaleDown(2048, 2048);\n        $path = \"jobs/{$job->id}/\" . Str::uuid() . '.jpg';\n        Storage::disk('s3')->put($path, (string) $image->toJpeg(82));\n"),
    })
    conf = repo.files["deploy/nginx/fixly.conf"]
    culprit = repo.commit(utc("2026-12-21 22:31:00"), liam, "nginx: split the site config into snippets (security headers, php-fpm)", {
        "deploy/nginx/snippets/security-headers.conf": "add_header X-Frame-Options \"SAMEORIGIN\" always;\nadd_header X-Content-Type-Options \"nosniff\" always;\nadd_header Referrer-Policy \"strict-origin-when-cross-origin\" always;\nadd_header Strict-Transport-Security \"max-age=31536000\" always;\n",
        "deploy/nginx/snippets/php-fpm.conf": "fastcgi_pass unix:/run/php/php8.3-fpm.sock;\nfastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;\ninclude fastcgi_params;\nfastcgi_read_timeout 60s;\n",
        "deploy/nginx/fixly.conf": conf.replace(
            "    client_max_body_size 20m;\n\n    add_header X-Frame-Options \"SAMEORIGIN\" always;\n    add_header X-Content-Type-Options \"nosniff\" always;\n    add_header Referrer-Policy \"strict-origin-when-cross-origin\" always;\n",
            "    include /etc/nginx/sites-available/snippets/security-headers.conf;\n").replace(
            "        fastcgi_pass unix:/run/php/php8.3-fpm.sock;\n        fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;\n        include fastcgi_params;\n        fastcgi_read_timeout 60s;\n",
            "        include /etc/nginx/sites-available/snippets/php-fpm.conf;\n"),
    })
    head = repo.commit(utc("2026-12-21 22:48:00"), bot, "Bump laravel/framework from 11.34.2 to 11.35.0", {
        "composer.lock": repo.edit("composer.lock", "v11.34.2", "v11.35.0"),
    })
    repo.commit(utc("2026-12-22 00:05:00"), mia, "runbook: 413 on uploads means nginx's body limit", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## 413 on uploads\n\nnginx rejects bodies over client_max_body_size before PHP runs; php.ini limits apply after it.\n",
    })
    return repo, culprit, head


def live(t):
    return DEPLOY + dt.timedelta(seconds=70) <= t < ROLLBACK + dt.timedelta(seconds=70)


def build_logs(rng, culprit, head):
    access = Log("nginx-access.log")
    error = Log("nginx-error.log")
    laravel = Log("laravel.log")
    fpm = Log("php-fpm.log")
    deploy = Log("deploy-job.log")
    reports = Log("mobile-error-reports.log")
    ua_app = ["Fixly/5.2.0 (iOS 18.2; iPhone15,3) CFNetwork/1568.200.51 Darwin/24.1.0", "Fixly/5.2.0 (Android 14; SM-A546E) okhttp/4.12.0", "Fixly/5.1.4 (Android 13; moto g54) okhttp/4.12.0"]
    ua_web = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

    def job_lines(t, version, actor, restore=False):
        steps = ["deploy:info", "deploy:setup", "deploy:lock", "deploy:release", "deploy:update_code", "deploy:vendors",
                 "artisan:config:cache", "artisan:migrate", "deploy:symlink", "nginx:config", "deploy:unlock", "deploy:cleanup", "deploy:success"]
        deploy.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z Run vendor/bin/dep deploy production{' --revision=' + version if restore else ''}")
        for i, step in enumerate(steps):
            s = t + dt.timedelta(seconds=4 + 5 * i)
            deploy.add(s, f"{s.strftime('%Y-%m-%dT%H:%M:%S.')}{s.microsecond:06d}0Z task {step}")
            if step == "deploy:info":
                deploy.add(s, f"{s.strftime('%Y-%m-%dT%H:%M:%S.')}{s.microsecond:06d}1Z [fixly-web-1] info deploying main ({version}) requested by {actor}")
            if step == "nginx:config":
                for host in HOSTS:
                    deploy.add(s, f"{s.strftime('%Y-%m-%dT%H:%M:%S.')}{s.microsecond:06d}2Z [{host}] nginx: the configuration file /etc/nginx/nginx.conf syntax is ok")
                    deploy.add(s, f"{s.strftime('%Y-%m-%dT%H:%M:%S.')}{s.microsecond:06d}3Z [{host}] nginx: configuration file /etc/nginx/nginx.conf test is successful")
        end = t + dt.timedelta(seconds=4 + 5 * len(steps))
        deploy.add(end, f"{end.strftime('%Y-%m-%dT%H:%M:%S.')}{end.microsecond:06d}0Z [fixly-web-1] info successfully deployed!")
        for host in HOSTS:
            r = t + dt.timedelta(seconds=48)
            fpm.add(r, f"[{r.strftime('%d-%b-%Y %H:%M:%S')}] NOTICE: Reloading in progress ...")
            fpm.add(r, f"[{r.strftime('%d-%b-%Y %H:%M:%S')}] NOTICE: reloading: execvp(\"/usr/sbin/php-fpm8.3\", {{\"/usr/sbin/php-fpm8.3\", \"--nodaemonize\", \"--fpm-config\", \"/etc/php/8.3/fpm/php-fpm.conf\"}})")
            fpm.add(r, f"[{r.strftime('%d-%b-%Y %H:%M:%S')}] NOTICE: ready to handle connections")

    job_lines(DEPLOY, head[:7], "liam-obrien")
    job_lines(ROLLBACK, "b18e0c4", "mia-nguyen", restore=True)

    def hit(t, method, path, status, size, took, ua, referer="-"):
        access.add(t, nginx_access(t, ip(rng, rng.choice(["49.180", "101.115", "1.145", "120.21"])), method, path, status, size, took, ua, referer=referer,
                                   upstream_rt=None if status == 413 else took))

    # Photo uploads from the mobile app (and a few from the office's browser).
    for t in poisson_times(rng, START, END, 7):
        job = rng.randint(180000, 189999)
        size = int(rng.lognormvariate(0, 0.45) * 3_600_000) if rng.random() < 0.92 else rng.randint(180_000, 900_000)
        ua = rng.choice(ua_app) if rng.random() < 0.9 else ua_web
        path = f"/api/jobs/{job}/photos"
        if live(t) and size > 1_048_576:
            hit(t, "POST", path, 413, 585, rng.uniform(0.05, 0.4), ua)
            conn = rng.randint(100000, 999999)
            error.add(t, nginx_error(t, "error", rng.choice([2231, 2232, 2233, 2234]), conn,
                                     f"client intended to send too large body: {size} bytes, client: {ip(rng, '49.180')}, server: app.fixly.com.au, request: \"POST {path} HTTP/2.0\", host: \"app.fixly.com.au\""))
            if ua != ua_web:
                body = {"receivedAt": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "app": "fixly-mobile", "appVersion": ua.split()[0].split("/")[1],
                        "errorClass": "UploadError", "message": "Upload failed: HTTP 413", "context": "JobPhotosScreen", "severity": "error",
                        "metaData": {"jobId": job, "bytes": size, "retry": rng.randint(0, 3)}, "device": ua.split("(")[1].split(")")[0]}
                reports.add(t + dt.timedelta(seconds=rng.uniform(1, 20)), json.dumps(body, separators=(",", ":")))
            continue
        took = size / 1_500_000 + ms(rng, 180) / 1000
        hit(t, "POST", path, 201, rng.randint(310, 360), took, ua)
        if rng.random() < 0.04:
            laravel.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')}] production.WARNING: Photo EXIF had no DateTimeOriginal; using upload time {{\"job\":{job}}}")
    # Everything else: quotes, job lists, signatures.
    for t in poisson_times(rng, START, END, 22):
        path = rng.choice(["/api/jobs?status=open", "/api/jobs?status=scheduled", f"/api/quotes/{rng.randint(50000, 59999)}", "/api/me", f"/api/jobs/{rng.randint(180000, 189999)}"])
        hit(t, "GET", path, 200, rng.randint(400, 12000), ms(rng, 60) / 1000, rng.choice(ua_app))
    for t in poisson_times(rng, START, END, 1.2):
        job = rng.randint(180000, 189999)
        hit(t, "POST", f"/api/jobs/{job}/signature", 201, 214, ms(rng, 120) / 1000, rng.choice(ua_app))
    emit(rng, laravel, START, END, 0.6, [
        (4, lambda t: f"[{t.strftime('%Y-%m-%d %H:%M:%S')}] production.INFO: Quote sent {{\"quote\":{rng.randint(50000, 59999)},\"channel\":\"{rng.choice(['sms', 'email'])}\"}}"),
        (1, lambda t: f"[{t.strftime('%Y-%m-%d %H:%M:%S')}] production.WARNING: SMS delivery delayed by provider {{\"provider\":\"cellcast\",\"queue\":\"sms\"}}"),
        (1, lambda t: f"[{t.strftime('%Y-%m-%d %H:%M:%S')}] production.ERROR: Stripe webhook signature mismatch {{\"exception\":\"[object] (Stripe\\\\Exception\\\\SignatureVerificationException(code: 0): No signatures found matching the expected signature for payload at /var/www/fixly/releases/88/vendor/stripe/stripe-php/lib/WebhookSignature.php:63)\"}}"),
    ])
    emit(rng, fpm, START, END, 0.05, [
        (1, lambda t: f"[{t.strftime('%d-%b-%Y %H:%M:%S')}] WARNING: [pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning 8 children, there are 0 idle, and {rng.randint(10, 18)} total children"),
    ])
    return [access, error, laravel, fpm, deploy, reports]


def build(out_dir):
    rng = random.Random(7200)
    repo, culprit, head = build_repo()
    try:
        logs = build_logs(rng, culprit, head)
        onset = min(t for t, _, text in logs[0].entries if '" 413 ' in text).replace(microsecond=0)

        def rate_413(t):
            return 6.2 if live(t) else 0

        def upload_success(t):
            return 0.09 if live(t) else 0.995

        metrics = {
            "nginx_http_requests_413_per_minute.json": query_range([({"instance": f"{h}:9113", "status": "413"}, lambda t: rate_413(t) / 2) for h in HOSTS], START, END, 60),
            "fixly_photo_upload_success_ratio.json": query_range([({"app": "fixly-mobile"}, upload_success)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="upload-body-limit", service=SERVICE, onset=onset,
            description=f"""
Photo uploads fail. From {onset.strftime('%H:%M')} UTC (10:06 in Sydney) nearly every job photo
upload from the mobile app gets 413; the app's error reports read "Upload
failed: HTTP 413". Other API calls and small uploads (signatures) work. The
10:05 AEDT release (the deploy job names the Laravel bump) is the only deploy
that day. Rolled back to the previous release at 23:49 UTC.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"laravel.log": r"\[<Date> <Time>\] <Env>\.<Level>: <Content>"},
            root_cause=[r"client intended to send too large body"],
            fix_files=["deploy/nginx/fixly.conf"],
            explanation="""
The culprit splits the nginx site config into snippets and drops
`client_max_body_size 20m;` from the server block, so nginx's 1 MB default
applies: nginx's error log says "client intended to send too large body" for
every photo over 1 MB, from the first upload after the release. PHP never
sees those requests, so the Laravel log has nothing new. Decoys: the
server-side resize edit of the upload controller the day before, php.ini's
20M limits (right, and irrelevant), the Laravel bump the deploy names (shipped
with the culprit) and a runbook commit after the rollback. The fix puts the
directive back in fixly.conf.
""",
        )
    finally:
        repo.close()
