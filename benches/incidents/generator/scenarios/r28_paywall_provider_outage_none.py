"""westerly-wp (WordPress on Bedrock, PHP 8.2-FPM behind nginx on three VMs,
Cloudflare in front, released with Deployer from GitHub Actions): the site
and newsroom CMS of The Westerly Post, a regional daily in Cornwall. Its
westerly-paywall plugin checks each logged-in reader's subscription with
Meterline, the paywall and subscriber-identity provider, server-side, on
every article view Cloudflare does not cache (pages for readers with a
session cookie): a 2 s timeout and one retry on a transport error, and a
reader whose check fails is metered like an anonymous one. Editors write in
wp-admin on the same PHP-FPM pools (24 children per VM).

On Tuesday 8 September at 08:57 UTC Meterline's EU load balancers start
timing out and answering 503 after a configuration change of theirs.
Every subscriber's page view now holds a PHP-FPM child for 2-4 s: the
pools reach pm.max_children, nginx answers 504 (fastcgi read timeout) and
502 (socket backlog full) to readers and to editors' autosaves and
publishes, and logged-in subscribers see the paywall. Meterline's status
page says nothing until 09:24. The on-call rolls back the morning's release
at 09:09 (the failure lines change wording: the rollback also removes the
commit that logs Meterline errors in detail), finds the provider failing
with curl at 09:16, and at 09:31 switches the paywall to open mode with
wp-cli, which ends the access checks and frees the pools; logins still
fail until Meterline recovers (09:50-10:00). The paywall goes back to
metered at 10:04 and the release is deployed again at 10:12. Nothing in
this repository caused it.

Decoys: the 08:29 release, 28 minutes before the onset, which lowers the
free articles from 5 to 4 and starts the registration wall at the second
article (paywall words), sends the section with each access check (a change
to the client that fails) and logs each Meterline error with endpoint,
status, curl errno and time (the detailed failure lines start with it); an
ElasticPress bump; the rollback, which changes only the wording; a few
single Meterline timeouts earlier in the morning. Sources: WordPress
debug.log (web1), Cloudflare Logpush (JSON, sampled), nginx error log
(web1), web1's journal (php-fpm, systemd, sshd, sudo, cron; short-iso),
php-fpm's slow log (web1), Elasticsearch (JSON), the deploy workflow
(GitHub Actions running Deployer), Meterline's status page (JSON) and the
team's chat."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, utc, write_scenario
from skeletons import chores

SERVICE = "westerly-wp"
START, END = utc("2026-09-08 05:50:00"), utc("2026-09-08 10:30:00")
DEPLOY = utc("2026-09-08 08:29:10")
MTL_START = utc("2026-09-08 08:57:40")
MTL_PHASE_B = utc("2026-09-08 09:14:00")
MTL_RECOVER = utc("2026-09-08 09:50:00")
MTL_OK = utc("2026-09-08 10:00:30")
ROLLBACK = utc("2026-09-08 09:08:30")
OPEN = utc("2026-09-08 09:31:12")
METERED = utc("2026-09-08 10:04:30")
REDEPLOY = utc("2026-09-08 10:12:05")
HOST = "www.westerlypost.co.uk"
ROOT = "/srv/www/westerly"

CLIENT_PHP = """<?php

namespace Westerly\\Paywall;

/**
 * Meterline's Access and OAuth APIs, called server-side. A failed call
 * returns null and the reader is metered like an anonymous one.
 */
final class MeterlineClient
{
    public function __construct(private string $base, private string $siteId, private string $secret)
    {
    }

    public function checkAccess(string $uid, string $resource): ?array
    {
        $response = $this->request('GET', '/v3/access/check', ['uid' => $uid, 'rid' => $resource]);
        if (is_wp_error($response)) {
            error_log('westerly-paywall: access check failed: ' . $response->get_error_message());
            return null;
        }
        if (wp_remote_retrieve_response_code($response) !== 200) {
            error_log('westerly-paywall: access check failed: HTTP ' . wp_remote_retrieve_response_code($response));
            return null;
        }
        return json_decode(wp_remote_retrieve_body($response), true);
    }

    public function exchangeCode(string $code): ?array
    {
        $response = $this->request('POST', '/v3/oauth/token', ['code' => $code, 'grant_type' => 'authorization_code']);
        if (is_wp_error($response) || wp_remote_retrieve_response_code($response) !== 200) {
            error_log('westerly-paywall: login callback failed: ' . (is_wp_error($response) ? $response->get_error_message() : 'HTTP ' . wp_remote_retrieve_response_code($response)));
            return null;
        }
        return json_decode(wp_remote_retrieve_body($response), true);
    }

    private function request(string $method, string $path, array $args)
    {
        $attempts = 0;
        do {
            $response = wp_remote_request($this->base . $path . '?' . http_build_query($args + ['aid' => $this->siteId]), [
                'method' => $method,
                'timeout' => 2,
                'headers' => ['Authorization' => 'Bearer ' . $this->secret],
            ]);
        } while (is_wp_error($response) && ++$attempts < 2);
        return $response;
    }
}
"""

PAYWALL_PHP = """<?php

namespace Westerly\\Paywall;

final class Paywall
{
    public function __construct(private MeterlineClient $client)
    {
    }

    /** 'read', 'register' or 'subscribe' for the current reader and post. */
    public function decide(\\WP_Post $post, ?string $uid, int $viewed): string
    {
        if (get_option('westerly_paywall_mode', 'metered') === 'open' || !has_term('premium', 'access', $post)) {
            return 'read';
        }
        if ($uid !== null) {
            $access = $this->client->checkAccess($uid, 'premium');
            if ($access['granted'] ?? false) {
                return 'read';
            }
        }
        if ($viewed >= WESTERLY_FREE_ARTICLES) {
            return 'subscribe';
        }
        return ($uid === null && $viewed >= WESTERLY_REGWALL_FROM) ? 'register' : 'read';
    }
}
"""

BOOTSTRAP_PHP = """<?php

namespace Westerly\\Paywall;

final class Bootstrap
{
    private static ?Paywall $paywall = null;

    private static function client(): MeterlineClient
    {
        return new MeterlineClient(METERLINE_API, METERLINE_SITE_ID, (string) getenv('METERLINE_SECRET'));
    }

    public static function gate(): void
    {
        if (!is_singular('post')) {
            return;
        }
        self::$paywall ??= new Paywall(self::client());
        $uid = isset($_COOKIE['ml_uid']) ? sanitize_text_field($_COOKIE['ml_uid']) : null;
        $viewed = Meter::viewed();
        $decision = self::$paywall->decide(get_queried_object(), $uid, $viewed);
        if ($decision !== 'read') {
            add_filter('the_content', fn ($content) => Templates::truncate($content, $decision));
        }
        Meter::count(get_queried_object_id());
    }

    public static function loginCallback(): void
    {
        if (($_SERVER['REQUEST_URI'] ?? '') === '' || !str_starts_with($_SERVER['REQUEST_URI'], '/account/callback')) {
            return;
        }
        $token = self::client()->exchangeCode(sanitize_text_field($_GET['code'] ?? ''));
        Session::start($token);
        wp_safe_redirect($token ? Session::returnTo() : home_url('/account/login?error=1'));
        exit;
    }
}
"""

APPLICATION_PHP = """<?php

use Roots\\WPConfig\\Config;
use function Env\\env;

$root_dir = dirname(__DIR__);
$webroot_dir = $root_dir . '/web';

Config::define('WP_ENV', env('WP_ENV') ?: 'production');
Config::define('WP_HOME', env('WP_HOME'));
Config::define('WP_SITEURL', env('WP_SITEURL'));
Config::define('DB_NAME', env('DB_NAME'));
Config::define('DB_USER', env('DB_USER'));
Config::define('DB_PASSWORD', env('DB_PASSWORD'));
Config::define('DB_HOST', env('DB_HOST') ?: 'localhost');

/* Paywall (westerly-paywall) */
Config::define('METERLINE_API', env('METERLINE_API') ?: 'https://api.eu.meterline.io');
Config::define('METERLINE_SITE_ID', env('METERLINE_SITE_ID'));
Config::define('WESTERLY_FREE_ARTICLES', 5);
Config::define('WESTERLY_REGWALL_FROM', 3);

/* Search (ElasticPress) */
Config::define('EP_HOST', env('EP_HOST') ?: 'http://es.internal.westerlypost.co.uk:9200');

Config::define('DISALLOW_FILE_EDIT', true);
Config::define('WP_DEBUG_LOG', env('WP_DEBUG_LOG') ?: '/srv/www/westerly/shared/logs/debug.log');

Config::apply();
"""

DEPLOY_PHP = """<?php

namespace Deployer;

require 'recipe/composer.php';

set('application', 'westerly-wp');
set('repository', 'git@github.com:westerly-post/westerly-wp.git');
set('keep_releases', 5);
set('shared_files', ['.env']);
set('shared_dirs', ['web/app/uploads', 'logs']);

foreach (['web1', 'web2', 'web3'] as $name) {
    host($name)->setHostname("$name.westerlypost.internal")->setRemoteUser('deploy')->setDeployPath('/srv/www/westerly');
}

task('php-fpm:reload', function () {
    run('sudo /usr/bin/systemctl reload php8.2-fpm');
});

after('deploy:symlink', 'php-fpm:reload');
after('rollback', 'php-fpm:reload');
after('deploy:failed', 'deploy:unlock');
"""


def build_repo():
    tom = Person("Tom Pascoe", "tom.pascoe@westerlypost.co.uk", 60)
    jago = Person("Jago Rowe", "jago.rowe@westerlypost.co.uk", 60)
    amelia = Person("Amelia Hart", "amelia@hartdigital.pt", 60)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "composer.json": '{\n  "name": "westerly-post/westerly-wp",\n  "type": "project",\n  "repositories": [{"type": "composer", "url": "https://wpackagist.org"}],\n  "require": {\n    "php": ">=8.2",\n    "roots/bedrock-autoloader": "^1.0",\n    "roots/wordpress": "6.6.1",\n    "roots/wp-config": "1.0.0",\n    "oscarotero/env": "^2.1",\n    "wpackagist-plugin/elasticpress": "5.1.1",\n    "wpackagist-plugin/wordpress-seo": "23.3"\n  },\n  "extra": {\n    "installer-paths": {"web/app/plugins/{$name}/": ["type:wordpress-plugin"]},\n    "wordpress-install-dir": "web/wp"\n  }\n}\n',
        "config/application.php": APPLICATION_PHP,
        "config/environments/production.php": "<?php\n\nuse Roots\\WPConfig\\Config;\n\nConfig::define('WP_DEBUG', true);\nConfig::define('WP_DEBUG_DISPLAY', false);\nConfig::define('SCRIPT_DEBUG', false);\nini_set('display_errors', '0');\n",
        "web/app/plugins/westerly-paywall/westerly-paywall.php": "<?php\n/**\n * Plugin Name: Westerly paywall\n * Description: Metering and subscriber access through Meterline.\n */\n\nrequire __DIR__ . '/src/MeterlineClient.php';\nrequire __DIR__ . '/src/Paywall.php';\nrequire __DIR__ . '/src/Bootstrap.php';\n\nadd_action('template_redirect', [Westerly\\Paywall\\Bootstrap::class, 'gate']);\nadd_action('init', [Westerly\\Paywall\\Bootstrap::class, 'loginCallback']);\n",
        "web/app/plugins/westerly-paywall/src/MeterlineClient.php": CLIENT_PHP,
        "web/app/plugins/westerly-paywall/src/Paywall.php": PAYWALL_PHP,
        "web/app/plugins/westerly-paywall/src/Bootstrap.php": BOOTSTRAP_PHP,
        "web/app/plugins/westerly-newsletter/westerly-newsletter.php": "<?php\n/**\n * Plugin Name: Westerly newsletters\n * Description: Morning briefing and breaking alerts through Mailgun.\n */\n\nadd_action('westerly_morning_briefing', [Westerly\\Newsletter\\Briefing::class, 'send']);\n\nif (!wp_next_scheduled('westerly_morning_briefing')) {\n    wp_schedule_event(strtotime('tomorrow 06:30 Europe/London'), 'daily', 'westerly_morning_briefing');\n}\n",
        "web/app/themes/westerly/functions.php": "<?php\n\nadd_theme_support('post-thumbnails');\nadd_theme_support('title-tag');\nregister_nav_menus(['primary' => 'Primary', 'footer' => 'Footer']);\n",
        "deploy.php": DEPLOY_PHP,
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\n    inputs:\n      task:\n        description: deploy or rollback\n        default: deploy\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - uses: shivammathur/setup-php@v2\n        with:\n          php-version: '8.2'\n      - run: composer global require deployer/deployer:^7.4\n      - uses: webfactory/ssh-agent@v0.9.0\n        with:\n          ssh-private-key: ${{ secrets.DEPLOY_KEY }}\n      - run: dep ${{ inputs.task }} production -v\n",
        "README.md": "# westerly-wp\n\nwww.westerlypost.co.uk and the newsroom's WordPress: Bedrock, the Westerly\ntheme and our plugins (paywall, newsletters). Production is web1-web3\nbehind Cloudflare; releases go out with the `deploy` workflow.\n",
        "docs/runbook.md": "# Runbook\n\n## Site slow or 5xx\n\nCheck Cloudflare's origin errors, then `journalctl -u php8.2-fpm` and\n`/var/log/nginx/error.log` on web1-web3.\n",
    }
    repo.commit(utc("2026-09-02 08:30:00"), tom, "westerly-wp: Bedrock site with the Westerly theme, paywall and newsletter plugins", files)
    repo.schedule(chores(random.Random(28201), SERVICE, [tom, jago, amelia], utc("2026-09-02 08:30:00"), utc("2026-09-07 08:00:00"), 4))
    repo.commit(utc("2026-09-03 13:10:00"), amelia, "docs: runbook: the paywall mode switch and when to use it", {
        "docs/runbook.md": repo.edit("docs/runbook.md", "`/var/log/nginx/error.log` on web1-web3.\n",
                                     "`/var/log/nginx/error.log` on web1-web3.\n\n## Paywall mode\n\n`wp option update westerly_paywall_mode open` lets every reader read\nevery article and skips Meterline; `metered` is the normal mode. Ask the\nhead of audience before opening it (lost subscriptions).\n"),
    })
    repo.commit(utc("2026-09-04 09:05:00"), jago, "newsletter: morning briefing at 07:00 (was 07:30)", {
        "web/app/plugins/westerly-newsletter/westerly-newsletter.php": repo.edit("web/app/plugins/westerly-newsletter/westerly-newsletter.php", "tomorrow 06:30 Europe/London", "tomorrow 07:00 Europe/London"),
    })
    repo.commit(utc("2026-09-07 04:52:00"), renovate, "fix(deps): update dependency wpackagist-plugin/elasticpress to v5.1.2", {
        "composer.json": repo.edit("composer.json", '"wpackagist-plugin/elasticpress": "5.1.1"', '"wpackagist-plugin/elasticpress": "5.1.2"'),
    })
    repo.commit(utc("2026-09-07 09:12:00"), tom, "paywall: log Meterline API errors with endpoint, HTTP status, curl errno and time\n\nCustomer services forward 'I was asked to subscribe but I am a\nsubscriber' and debug.log only says 'access check failed'.", {
        "web/app/plugins/westerly-paywall/src/MeterlineClient.php": repo.edit(
            "web/app/plugins/westerly-paywall/src/MeterlineClient.php",
            """        $response = $this->request('GET', '/v3/access/check', ['uid' => $uid, 'rid' => $resource]);
        if (is_wp_error($response)) {
            error_log('westerly-paywall: access check failed: ' . $response->get_error_message());
            return null;
        }
        if (wp_remote_retrieve_response_code($response) !== 200) {
            error_log('westerly-paywall: access check failed: HTTP ' . wp_remote_retrieve_response_code($response));
            return null;
        }
""",
            """        $started = microtime(true);
        $response = $this->request('GET', '/v3/access/check', ['uid' => $uid, 'rid' => $resource]);
        if (is_wp_error($response) || wp_remote_retrieve_response_code($response) !== 200) {
            $this->logFailure('/v3/access/check', $response, $started);
            return null;
        }
""").replace(
            """        $response = $this->request('POST', '/v3/oauth/token', ['code' => $code, 'grant_type' => 'authorization_code']);
        if (is_wp_error($response) || wp_remote_retrieve_response_code($response) !== 200) {
            error_log('westerly-paywall: login callback failed: ' . (is_wp_error($response) ? $response->get_error_message() : 'HTTP ' . wp_remote_retrieve_response_code($response)));
""",
            """        $started = microtime(true);
        $response = $this->request('POST', '/v3/oauth/token', ['code' => $code, 'grant_type' => 'authorization_code']);
        if (is_wp_error($response) || wp_remote_retrieve_response_code($response) !== 200) {
            $this->logFailure('/v3/oauth/token', $response, $started);
""").replace(
            """    private function request(""",
            """    private function logFailure(string $endpoint, $response, float $started): void
    {
        error_log(sprintf(
            'westerly-paywall: Meterline API error endpoint=%s http_status=%d curl_errno=%d elapsed_ms=%d message="%s"',
            $endpoint,
            is_wp_error($response) ? 0 : wp_remote_retrieve_response_code($response),
            is_wp_error($response) ? (int) preg_replace('/^cURL error (\\\\d+).*/', '$1', $response->get_error_message()) : 0,
            (microtime(true) - $started) * 1000,
            is_wp_error($response) ? $response->get_error_message() : wp_remote_retrieve_response_message($response),
        ));
    }

    private function request("""),
    })
    repo.commit(utc("2026-09-07 14:44:00"), amelia, "paywall: send the article's section with the access check\n\nMeterline's conversion reports can then be split by section (audience\nteam request).", {
        "web/app/plugins/westerly-paywall/src/MeterlineClient.php": repo.edit("web/app/plugins/westerly-paywall/src/MeterlineClient.php",
                                                                             "    public function checkAccess(string $uid, string $resource): ?array\n", "    public function checkAccess(string $uid, string $resource, string $section = ''): ?array\n").replace(
            "['uid' => $uid, 'rid' => $resource]", "['uid' => $uid, 'rid' => $resource, 'tags' => $section]"),
        "web/app/plugins/westerly-paywall/src/Paywall.php": repo.edit("web/app/plugins/westerly-paywall/src/Paywall.php", "$this->client->checkAccess($uid, 'premium');",
                                                                     "$this->client->checkAccess($uid, 'premium', get_the_category($post->ID)[0]->slug ?? '');"),
    })
    head = repo.commit(utc("2026-09-08 06:52:00"), jago, "paywall: 4 free articles a month (was 5), registration wall from the 2nd\n\nAudience team's autumn test (AUD-141); Meterline's meter is unchanged,\nwe only count locally.", {
        "config/application.php": repo.edit("config/application.php", "Config::define('WESTERLY_FREE_ARTICLES', 5);\nConfig::define('WESTERLY_REGWALL_FROM', 3);\n",
                                            "Config::define('WESTERLY_FREE_ARTICLES', 4);\nConfig::define('WESTERLY_REGWALL_FROM', 2);\n"),
    })
    return repo, head


SECTIONS = ["news", "news", "news", "sport", "business", "lifestyle", "opinion", "news"]
ARTICLES = [
    "news/falmouth-harbour-dredging-to-start-in-october", "news/a30-carland-cross-roadworks-overnight-closures", "news/truro-school-expansion-approved",
    "news/newquay-lifeguards-rescue-six-at-fistral", "sport/cornish-pirates-sign-fly-half", "business/st-austell-brewery-new-pub-in-penzance",
    "news/council-tax-second-homes-premium-raises-millions", "lifestyle/best-cream-tea-in-cornwall-readers-vote", "opinion/our-lanes-cannot-take-more-traffic",
    "news/helston-hospital-ward-reopens", "news/camborne-fire-crews-tackle-barn-blaze", "sport/truro-city-win-at-home",
    "business/cornwall-airport-newquay-new-route-to-dublin", "news/redruth-market-reopens-after-refit", "news/bodmin-moor-wildfire-warning",
]
UAS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
]
EDITOR_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"
COLOS = ["LHR", "LHR", "MAN", "LHR", "DUB", "CDG"]


def traffic(t):
    h = t.hour + t.minute / 60
    return min(2.3, 0.8 + max(0.0, h - 5.8) * 0.45)


def release_at(t):
    if t >= REDEPLOY + dt.timedelta(seconds=150):
        return 233
    if t >= ROLLBACK + dt.timedelta(seconds=70):
        return 231
    if t >= DEPLOY + dt.timedelta(seconds=148):
        return 232
    return 231


def detailed_logging(t):
    return release_at(t) in (232, 233)


def mode(t):
    return "open" if OPEN <= t < METERED else "metered"


def meterline(rng, t):
    """One call's outcome: ('ok'|'timeout'|'503', ms)."""
    if t < MTL_START or t >= MTL_OK:
        return "ok", ms(rng, 85, 0.35)
    if t < MTL_PHASE_B:
        p = (0.76, 0.09)
    elif t < MTL_RECOVER:
        p = (0.36, 0.50)
    else:
        p = (0.10, 0.12)
    r = rng.random()
    if r < p[0]:
        return "timeout", 2000 + rng.randint(0, 6)
    if r < p[0] + p[1]:
        return "503", rng.randint(280, 520)
    return "ok", rng.randint(700, 1900)


def saturated(t):
    return MTL_START + dt.timedelta(seconds=50) <= t < OPEN + dt.timedelta(seconds=40)


def php_stamp(t):
    return t.strftime("[%d-%b-%Y %H:%M:%S UTC]")


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def build_logs(rng, head, repo):
    lines = {
        "request_old": line_of(CLIENT_PHP, "$response = wp_remote_request("),
        "request_new": line_of(repo.files["web/app/plugins/westerly-paywall/src/MeterlineClient.php"], "$response = wp_remote_request("),
        "check_old": line_of(CLIENT_PHP, "$response = $this->request('GET', '/v3/access/check'"),
        "check_new": line_of(repo.files["web/app/plugins/westerly-paywall/src/MeterlineClient.php"], "$response = $this->request('GET', '/v3/access/check'"),
        "paywall": line_of(PAYWALL_PHP, "$this->client->checkAccess("),
        "bootstrap": line_of(BOOTSTRAP_PHP, "->decide("),
    }
    debug, cf, nginx, journal, slow, es, gha, status, chat = (
        Log("web1-wp-debug.log"), Log("cloudflare-http.log"), Log("web1-nginx-error.log"), Log("web1-journal.log"),
        Log("web1-php-fpm-slow.log"), Log("elasticsearch.log"), Log("gha-deploy.log"), Log("meterline-status.log"), Log("chat.log"))
    failures = []

    def dbg(t, msg):
        debug.add(t, f"{php_stamp(t)} {msg}")

    def jrn(t, ident, pid, msg):
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        journal.add(t, f"{stamp} web1 {ident}[{pid}]: {msg}" if pid else f"{stamp} web1 {ident}: {msg}")

    def ngx(t, level, msg):
        pid = rng.choice([1204, 1205, 1206, 1207])
        nginx.add(t, f"{t.strftime('%Y/%m/%d %H:%M:%S')} [{level}] {pid}#{pid}: *{rng.randint(100000, 9999999)} {msg}")

    def cf_line(t, method, uri, edge, origin, cache, origin_ms, ua, size):
        body = {
            "CacheCacheStatus": cache, "ClientIP": f"{rng.choice([2, 5, 31, 81, 86, 92, 146, 176])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "ClientRequestHost": HOST, "ClientRequestMethod": method, "ClientRequestURI": uri, "ClientRequestUserAgent": ua,
            "EdgeColoCode": rng.choice(COLOS), "EdgeResponseBytes": size, "EdgeResponseStatus": edge, "EdgeStartTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "OriginResponseDurationMs": origin_ms, "OriginResponseStatus": origin, "RayID": f"{hexid(rng, 16)}",
        }
        cf.add(t, json.dumps(body, separators=(",", ":")))

    def access_check_logged(t, outcome, took, endpoint="/v3/access/check"):
        if outcome == "ok":
            return
        if outcome == "timeout":
            msg = f"cURL error 28: Operation timed out after {took - rng.randint(0, 3)} milliseconds with 0 bytes received"
            status_code, errno, elapsed = 0, 28, took * 2 + rng.randint(3, 40)
        else:
            msg = "Service Unavailable"
            status_code, errno, elapsed = 503, 0, took
        w = t + dt.timedelta(milliseconds=elapsed)
        if detailed_logging(w):
            dbg(w, f'westerly-paywall: Meterline API error endpoint={endpoint} http_status={status_code} curl_errno={errno} elapsed_ms={elapsed} message="{msg}"')
        elif endpoint == "/v3/oauth/token":
            dbg(w, f"westerly-paywall: login callback failed: {msg if outcome == 'timeout' else 'HTTP 503'}")
        else:
            dbg(w, f"westerly-paywall: access check failed: {msg if outcome == 'timeout' else 'HTTP 503'}")
        return w

    # --- subscribers' uncached article views on web1, with their access check
    for t in poisson_times(rng, START, END, 9.0):
        if rng.random() > traffic(t) / 2.3:
            continue
        if mode(t) == "open":
            continue
        outcome, took = meterline(rng, t)
        w = access_check_logged(t, outcome, took)
        if w and t >= MTL_START:
            failures.append(w)
    # the odd timeout on a good morning
    for when in ("06:47:12", "07:33:51", "08:41:26"):
        t = utc(f"2026-09-08 {when}")
        access_check_logged(t, "timeout", 2001)
    # logins (the OAuth code exchange) go to Meterline whatever the paywall mode
    for t in poisson_times(rng, START, END, 0.6):
        outcome, took = meterline(rng, t)
        w = access_check_logged(t, outcome, took, "/v3/oauth/token")
        if w and t >= MTL_START:
            failures.append(w)

    # --- PHP noise with the release path in it
    for t in poisson_times(rng, START, END, 0.55):
        rel = release_at(t)
        pick = rng.random()
        if pick < 0.5:
            dbg(t, f'PHP Warning:  Undefined array key "credit" in {ROOT}/releases/{rel}/web/app/themes/westerly/partials/figure.php on line 18')
        elif pick < 0.8:
            dbg(t, f"PHP Deprecated:  Creation of dynamic property WPSEO_Schema_Article::$context is deprecated in {ROOT}/releases/{rel}/web/app/plugins/wordpress-seo/src/generators/schema/article.php on line 44")
        else:
            dbg(t, f"PHP Notice:  Function wp_enqueue_script was called <strong>incorrectly</strong>. Scripts and styles should not be registered or enqueued until the <code>wp_enqueue_scripts</code>, <code>admin_enqueue_scripts</code>, or <code>login_enqueue_scripts</code> hooks. This notice was triggered by the <code>westerly-ads</code> handle. Please see <a>Debugging in WordPress</a> for more information. (This message was added in version 3.3.0.) in {ROOT}/releases/{rel}/web/wp/wp-includes/functions.php on line 6085")
    # newsletter: the morning briefing at 06:00 UTC
    t = utc("2026-09-08 06:00:04")
    dbg(t, "westerly-newsletter: morning-briefing: 41208 recipients in 42 batches via Mailgun")
    for i in range(42):
        t += dt.timedelta(seconds=rng.uniform(5.5, 8.5))
        dbg(t, f"westerly-newsletter: morning-briefing batch {i + 1}/42 accepted by Mailgun id=<{t.strftime('%Y%m%d%H%M%S')}.{hexid(rng, 12)}@mg.westerlypost.co.uk>")
    dbg(t + dt.timedelta(seconds=1), f"westerly-newsletter: morning-briefing sent 41208 in {int((t - utc('2026-09-08 06:00:04')).total_seconds())}s")
    # ElasticPress
    for t in poisson_times(rng, START, END, 0.04):
        dbg(t, f"ElasticPress: sync item {rng.randint(88000, 88300)} failed: cURL error 28: Operation timed out after 5000 milliseconds with 0 bytes received, queued for retry")

    # --- Cloudflare (sampled): readers, subscribers, editors, assets
    for t in poisson_times(rng, START, END, 14.0):
        if rng.random() > traffic(t) / 2.3:
            continue
        r = rng.random()
        ua = rng.choice(UAS)
        if r < 0.62:
            uri = "/" + rng.choice(ARTICLES + ["", "news", "sport"])
            cache = "hit" if rng.random() < 0.93 else "expired"
            cf_line(t, "GET", uri, 200, 0 if cache == "hit" else 200, cache, 0 if cache == "hit" else ms(rng, 180, 0.4), ua, rng.randint(30000, 140000))
            continue
        if r < 0.72:
            uri = rng.choice(["/app/themes/westerly/dist/main.3c1f9a.js", "/app/themes/westerly/dist/site.81d2e4.css", "/app/uploads/2026/09/" + hexid(rng, 8) + "-1200x800.jpg"])
            cf_line(t, "GET", uri, 200, 0, "hit", 0, ua, rng.randint(8000, 240000))
            continue
        if r < 0.93:
            uri = "/" + rng.choice(ARTICLES) if rng.random() > 0.04 else f"/account/callback?code={hexid(rng, 24)}&state={hexid(rng, 12)}"
            method = "GET"
            cache_status = "bypass"
        else:
            uri = rng.choice([f"/wp-json/wp/v2/posts/{rng.randint(88100, 88190)}/autosaves?_locale=user", "/wp-admin/admin-ajax.php", f"/wp-json/wp/v2/posts/{rng.randint(88100, 88190)}?_locale=user", "/wp-admin/post.php"])
            method = "POST" if "autosaves" in uri or "admin-ajax" in uri else rng.choice(["GET", "POST"])
            ua = EDITOR_UA
            cache_status = "dynamic"
        if saturated(t):
            pick = rng.random()
            if pick < 0.32:
                cf_line(t, method, uri, 504, 504, cache_status, 30000 + rng.randint(0, 40), ua, 562)
            elif pick < 0.42:
                cf_line(t, method, uri, 502, 502, cache_status, rng.randint(1, 5), ua, 552)
            else:
                cf_line(t, method, uri, 200, 200, cache_status, rng.randint(3800, 26000), ua, rng.randint(30000, 140000))
        else:
            is_slow = MTL_START <= t < MTL_OK and mode(t) == "metered" and cache_status == "bypass"
            cf_line(t, method, uri, 200, 200, cache_status, rng.randint(2100, 4100) if is_slow and rng.random() < 0.7 else ms(rng, 210, 0.5), ua, rng.randint(30000, 140000))

    # --- nginx and php-fpm on web1 while the pool is full
    for t in poisson_times(rng, START, END, 9.0):
        if not saturated(t):
            continue
        path = "/" + rng.choice(ARTICLES) if rng.random() < 0.85 else rng.choice([f"/wp-json/wp/v2/posts/{rng.randint(88100, 88190)}/autosaves?_locale=user", "/wp-admin/admin-ajax.php"])
        method = "POST" if "autosaves" in path or "admin-ajax" in path else "GET"
        client = f"172.{rng.choice([68, 69, 70, 71])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if rng.random() < 0.75:
            ngx(t, "error", f'upstream timed out (110: Connection timed out) while reading response header from upstream, client: {client}, server: {HOST}, request: "{method} {path} HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock", host: "{HOST}"')
        else:
            ngx(t, "error", f'connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: {client}, server: {HOST}, request: "{method} {path} HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "{HOST}"')
    for t in poisson_times(rng, START, END, 0.35):
        client = f"172.{rng.choice([68, 69, 70, 71])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if rng.random() < 0.6:
            ngx(t, "warn", f'an upstream response is buffered to a temporary file /var/lib/nginx/fastcgi/{rng.randint(1, 9)}/{rng.randint(10, 99)}/00000{rng.randint(10000, 99999)} while reading upstream, client: {client}, server: {HOST}, request: "GET /{rng.choice(ARTICLES)} HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "{HOST}"')
        else:
            ngx(t, "error", f'FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined array key "credit" in {ROOT}/releases/{release_at(t)}/web/app/themes/westerly/partials/figure.php on line 18" while reading response header from upstream, client: {client}, server: {HOST}, request: "GET /{rng.choice(ARTICLES)} HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "{HOST}"')

    fpm = 812
    t = MTL_START + dt.timedelta(seconds=52)
    while t < OPEN + dt.timedelta(seconds=30):
        jrn(t, "php-fpm8.2", fpm, f"[WARNING] [pool www] server reached pm.max_children setting (24), consider raising it")
        t += dt.timedelta(seconds=rng.uniform(40, 95))
    for t in poisson_times(rng, MTL_START + dt.timedelta(seconds=4), OPEN + dt.timedelta(seconds=20), 2.5):
        child = rng.randint(20000, 39999)
        took = rng.uniform(3.0, 4.4)
        rel = release_at(t)
        path = rng.choice(ARTICLES)
        jrn(t, "php-fpm8.2", fpm, f"[WARNING] [pool www] child {child}, script '{ROOT}/releases/{rel}/web/index.php' (request: \"GET /index.php\") executing too slow ({took:.6f} sec), logging")
        old = rel == 231
        trace = [
            f"{t.strftime('[%d-%b-%Y %H:%M:%S]')}  [pool www] pid {child}",
            f"script_filename = {ROOT}/releases/{rel}/web/index.php",
            f"[0x00007f{hexid(rng, 10)}] curl_exec() {ROOT}/releases/{rel}/web/wp/wp-includes/Requests/src/Transport/Curl.php:205",
            f"[0x00007f{hexid(rng, 10)}] request() {ROOT}/releases/{rel}/web/wp/wp-includes/Requests/src/Requests.php:469",
            f"[0x00007f{hexid(rng, 10)}] request() {ROOT}/releases/{rel}/web/wp/wp-includes/class-wp-http.php:396",
            f"[0x00007f{hexid(rng, 10)}] wp_remote_request() {ROOT}/releases/{rel}/web/app/plugins/westerly-paywall/src/MeterlineClient.php:{lines['request_old' if old else 'request_new']}",
            f"[0x00007f{hexid(rng, 10)}] request() {ROOT}/releases/{rel}/web/app/plugins/westerly-paywall/src/MeterlineClient.php:{lines['check_old' if old else 'check_new']}",
            f"[0x00007f{hexid(rng, 10)}] checkAccess() {ROOT}/releases/{rel}/web/app/plugins/westerly-paywall/src/Paywall.php:{lines['paywall']}",
            f"[0x00007f{hexid(rng, 10)}] decide() {ROOT}/releases/{rel}/web/app/plugins/westerly-paywall/src/Bootstrap.php:{lines['bootstrap']}",
            f"[0x00007f{hexid(rng, 10)}] gate() {ROOT}/releases/{rel}/web/wp/wp-includes/class-wp-hook.php:324",
        ]
        slow.add(t, "\n" + "\n".join(trace))
    for t in poisson_times(rng, MTL_START, OPEN, 0.5):
        if saturated(t):
            jrn(t, "php-fpm8.2", fpm, f"[WARNING] [pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning 8 children, there are 0 idle, and {rng.randint(21, 24)} total children")

    # --- journal: deploys, rollback, sudo, cron, sshd
    def fpm_reload(t):
        jrn(t, "systemd", 1, "Reloading php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager...")
        jrn(t + dt.timedelta(milliseconds=30), "php-fpm8.2", fpm, "[NOTICE] Reloading in progress ...")
        jrn(t + dt.timedelta(milliseconds=200), "php-fpm8.2", fpm, '[NOTICE] using inherited socket fd=8, "/run/php/php8.2-fpm.sock"')
        jrn(t + dt.timedelta(milliseconds=210), "php-fpm8.2", fpm, "[NOTICE] ready to handle connections")
        jrn(t + dt.timedelta(milliseconds=220), "systemd", 1, "Reloaded php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.")

    def deploy_session(t, rel, action):
        pid = rng.randint(300000, 399999)
        jrn(t, "sshd", pid, f"Accepted publickey for deploy from 20.{rng.randint(26, 172)}.{rng.randint(0, 255)}.{rng.randint(1, 254)} port {rng.randint(40000, 65000)} ssh2: ED25519 SHA256:{hexid(rng, 43)}")
        jrn(t + dt.timedelta(milliseconds=30), "systemd-logind", 611, f"New session {rng.randint(900, 2000)} of user deploy.")
        w = t + dt.timedelta(seconds=(95 if action == "deploy" else 6))
        jrn(w, "sudo", rng.randint(400000, 499999), f"  deploy : PWD=/srv/www/westerly/releases/{rel} ; USER=root ; COMMAND=/usr/bin/systemctl reload php8.2-fpm")
        fpm_reload(w + dt.timedelta(milliseconds=40))
        jrn(w + dt.timedelta(seconds=3), "systemd-logind", 611, "Session closed for user deploy.")

    deploy_session(DEPLOY + dt.timedelta(seconds=50), 232, "deploy")
    deploy_session(ROLLBACK + dt.timedelta(seconds=62), 231, "rollback")
    deploy_session(REDEPLOY + dt.timedelta(seconds=52), 233, "deploy")
    for when, value in ((OPEN, "open"), (METERED, "metered")):
        jrn(when - dt.timedelta(seconds=25), "sshd", rng.randint(300000, 399999), f"Accepted publickey for tom from 10.8.0.{rng.randint(2, 40)} port {rng.randint(40000, 65000)} ssh2: ED25519 SHA256:{hexid(rng, 43)}")
        jrn(when, "sudo", rng.randint(400000, 499999), f"     tom : TTY=pts/0 ; PWD=/home/tom ; USER=www-data ; COMMAND=/usr/local/bin/wp --path={ROOT}/current/web/wp option update westerly_paywall_mode {value}")
    t = START.replace(minute=50)
    while t < END:
        jrn(t + dt.timedelta(seconds=1), "CRON", rng.randint(100000, 299999), f"(www-data) CMD (cd {ROOT}/current && /usr/local/bin/wp cron event run --due-now --quiet)")
        t += dt.timedelta(minutes=5)
    for t in poisson_times(rng, START, END, 0.03):
        jrn(t, "sshd", rng.randint(300000, 399999), f"Connection closed by invalid user admin {rng.randint(45, 200)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)} port {rng.randint(30000, 65000)} [preauth]")
    for t in poisson_times(rng, START, END, 0.02):
        jrn(t, "systemd", 1, "Starting sysstat-collect.service - system activity accounting tool...")

    # --- Elasticsearch (ElasticPress's cluster)
    def es_line(t, level, logger, thread, msg, dataset="elasticsearch.server", node=None):
        body = {"@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "log.level": level, "message": msg,
                "ecs.version": "1.2.0", "service.name": "ES_ECS", "event.dataset": dataset, "process.thread.name": thread, "log.logger": logger,
                "elasticsearch.cluster.name": "westerly-search", "elasticsearch.node.name": node or rng.choice(["es-1", "es-2", "es-3"])}
        es.add(t, json.dumps(body, separators=(",", ":")))

    for t in poisson_times(rng, START, END, 0.25):
        node = rng.choice(["es-1", "es-2", "es-3"])
        es_line(t, "INFO", "org.elasticsearch.monitor.jvm.JvmGcMonitorService", f"elasticsearch[{node}][scheduler][T#1]", f"[gc][{rng.randint(400000, 900000)}] overhead, spent [{rng.randint(250, 600)}ms] collecting in the last [1s]", node=node)
    for t in poisson_times(rng, START, END, 0.18):
        node = rng.choice(["es-1", "es-2", "es-3"])
        took = rng.randint(520, 1900)
        es_line(t, "WARN", "index.search.slowlog.query", f"elasticsearch[{node}][search][T#{rng.randint(1, 7)}]",
                f"[westerlypostcouk-post-1][{rng.randint(0, 2)}] took[{took}ms], took_millis[{took}], total_hits[{rng.randint(10, 9000)} hits], search_type[QUERY_THEN_FETCH], total_shards[3], source[{{\"from\":0,\"size\":10,\"query\":{{\"function_score\":{{\"query\":{{\"bool\":{{\"should\":[{{\"multi_match\":{{\"query\":\"{rng.choice(['harbour', 'a30 roadworks', 'second homes', 'wildfire', 'pirates'])}\"}}}}]}}}}}}}}}}]",
                dataset="elasticsearch.index_search_slowlog", node=node)
    t = START + dt.timedelta(minutes=10)
    while t < END:
        snap = f"hourly-{t.strftime('%Y.%m.%d-%H')}-{hexid(rng, 6)}"
        es_line(t, "INFO", "org.elasticsearch.xpack.slm.SnapshotLifecycleTask", "elasticsearch[es-1][generic][T#3]", f"snapshot lifecycle policy [hourly-snapshots] issuing create snapshot [{snap}]", node="es-1")
        w = t + dt.timedelta(seconds=rng.uniform(20, 45))
        es_line(w, "INFO", "org.elasticsearch.snapshots.SnapshotsService", "elasticsearch[es-1][snapshot][T#1]", f"snapshot [s3-backups:{snap}/{hexid(rng, 22)}] completed with state [SUCCESS]", node="es-1")
        t += dt.timedelta(minutes=60)

    # --- GitHub Actions running Deployer
    def gha_line(t, text):
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def gha_run(t0, run, task, sha, subject, rel, prev):
        lines = [
            (0, "Requested labels: ubuntu-22.04"), (0.1, "Job defined at: westerly-post/westerly-wp/.github/workflows/deploy.yml@refs/heads/main"),
            (3, f"Job is about to start running on the runner: GitHub Actions {rng.randint(100, 999)} (hosted)"),
            (4, "##[group]Run actions/checkout@v4"), (6, f"HEAD is now at {sha[:7]} {subject}"), (6.1, "##[endgroup]"),
            (22, f"##[group]Run dep {task} production -v"),
        ]
        if task == "deploy":
            steps = [(23, f"[web1] info deploying main ({sha[:7]})"), (23.2, "task deploy:info"), (23.5, "task deploy:setup"), (24, "task deploy:lock"),
                     (25, "task deploy:release"), (26, "task deploy:update_code"), (35, "task deploy:shared"), (36, "task deploy:writable"),
                     (37, "task deploy:vendors"), (38, "[web1] run cd /srv/www/westerly/release && composer install --verbose --prefer-dist --no-progress --no-interaction --no-dev --optimize-autoloader"),
                     (66, "task deploy:symlink"), (67, f"[web1] run mv -T /srv/www/westerly/release /srv/www/westerly/current (release {rel})"), (68, "task php-fpm:reload"),
                     (72, "task deploy:unlock"), (73, "task deploy:cleanup"), (75, "task deploy:success"), (75.1, "[web1] info successfully deployed!"), (75.2, "[web2] info successfully deployed!"), (75.3, "[web3] info successfully deployed!")]
        else:
            steps = [(23, "task rollback"), (24, f"[web1] run ln -nfs /srv/www/westerly/releases/{rel} /srv/www/westerly/current"), (24.1, f"[web1] info rollback to release {rel} was successful"),
                     (24.2, f"[web2] info rollback to release {rel} was successful"), (24.3, f"[web3] info rollback to release {rel} was successful"), (25, "task php-fpm:reload")]
        for off, text in lines + steps:
            gha_line(t0 + dt.timedelta(seconds=off), text)
        end = t0 + dt.timedelta(seconds=steps[-1][0] + 1)
        gha_line(end, "##[endgroup]")
        gha_line(end + dt.timedelta(seconds=1), "Cleaning up orphan processes")

    subject = "paywall: 4 free articles a month (was 5), registration wall from the 2nd"
    gha_run(DEPLOY - dt.timedelta(seconds=25), 188, "deploy", head, subject, 232, 231)
    gha_run(ROLLBACK, 189, "rollback", head, subject, 231, 232)
    gha_run(REDEPLOY - dt.timedelta(seconds=25), 190, "deploy", head, subject, 233, 231)

    # --- Meterline's status page
    notes = [
        ("2026-09-08 05:31:00", "Analytics pipeline maintenance", "completed", "none", ["Dashboard"], "The scheduled maintenance has been completed."),
        ("2026-09-08 09:24:51", "Elevated latency and errors on the Access API (EU)", "investigating", "major", ["Access API (EU)", "Login (EU)"], "We are investigating elevated latency and error rates for Access API and login requests in our EU region. Customers may see timeouts on access checks and failed logins."),
        ("2026-09-08 09:48:20", "Elevated latency and errors on the Access API (EU)", "identified", "major", ["Access API (EU)", "Login (EU)"], "The issue has been identified as a configuration change to our EU load balancers, which is being reverted."),
        ("2026-09-08 09:57:40", "Elevated latency and errors on the Access API (EU)", "monitoring", "minor", ["Access API (EU)", "Login (EU)"], "The change has been reverted and error rates are returning to normal. We are monitoring."),
        ("2026-09-08 10:08:15", "Elevated latency and errors on the Access API (EU)", "resolved", "minor", ["Access API (EU)", "Login (EU)"], "This incident has been resolved. Between 08:57 and 10:00 UTC a share of Access API and login requests in the EU region timed out or returned 503."),
    ]
    for when, name, state, impact, comps, text in notes:
        t = utc(when)
        status.add(t, json.dumps({"created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "incident": name, "status": state, "impact": impact, "components": comps, "body": text}, separators=(",", ":")))

    # --- the humans
    say = [
        ("07:58:10", "#digital-releases", "Jago Rowe", "release at 09:30 (BST): 4 free articles a month (was 5), regwall from the 2nd article, Meterline error logging, section tag on access checks, ElasticPress 5.1.2"),
        ("08:33:40", "#digital-releases", "Jago Rowe", "live as release 232. my test account gets the regwall on article 2 and the meter says 4"),
        ("09:00:50", "#digital-oncall", "Cloudflare", "Origin Error Rate Alert: www.westerlypost.co.uk 5xx at 8.2% of requests (threshold 2%) for the last 5 minutes"),
        ("09:02:30", "#newsroom", "Morwenna Jenkin", "wp-admin is crawling, autosave keeps failing on the harbour dredging story"),
        ("09:03:40", "#customer-services", "Lowenna Curnow", "subscribers ringing in: logged in but the site says 'subscribe to keep reading'. three so far"),
        ("09:05:20", "#digital-oncall", "Tom Pascoe", "debug.log on web1 is full of 'Meterline API error ... curl_errno=28' since 08:57. That line and the section param on the access check both came in with 232 this morning. Meterline's status page is all green. Rolling back to 231"),
        ("09:10:55", "#digital-oncall", "Tom Pascoe", "rolled back to 231 (Friday's release) on web1-3, php-fpm reloaded"),
        ("09:13:10", "#digital-oncall", "Tom Pascoe", "debug.log now says 'access check failed: cURL error 28: Operation timed out', the old wording. Same failures, pools still at max_children. Not the release"),
        ("09:16:45", "#digital-oncall", "Tom Pascoe", "from web1, curl to api.eu.meterline.io/v3/health: one 503 in 0.4 s, then two 2 s timeouts. It's them. Opened MTL-77812 with Meterline support"),
        ("09:20:05", "#digital-oncall", "Kerenza Tonkin", "can we switch the paywall to open until they're back? a free hour costs less than angry subscribers and a newsroom that can't publish"),
        ("09:27:05", "#digital-oncall", "Tom Pascoe", "Meterline's status page now says 'Elevated latency and errors on the Access API (EU)', investigating since 09:24"),
        ("09:31:45", "#digital-oncall", "Tom Pascoe", "paywall mode is open (wp option on web1, it's in the database so all three). No more access checks; FPM is draining. Logins still go to Meterline and will fail"),
        ("09:34:20", "#newsroom", "Morwenna Jenkin", "CMS is fine again, harbour story published"),
        ("09:49:30", "#digital-oncall", "Tom Pascoe", "Meterline: identified, a config change to their EU load balancers, being reverted"),
        ("10:05:10", "#digital-oncall", "Tom Pascoe", "Meterline monitoring, access checks back at ~80 ms from web1. paywall back to metered"),
        ("10:12:00", "#digital-releases", "Tom Pascoe", "re-deploying this morning's release (as 233), it wasn't the cause"),
        ("10:16:30", "#digital-oncall", "Tom Pascoe", "233 live, quiet. Postmortem Thursday: the access check needs a much shorter timeout, no retry, and should not take the pool down with it"),
    ]
    for when, channel, who, text in say:
        t = utc(f"2026-09-08 {when}")
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC | {channel} | {who}: {text}")
    return [debug, cf, nginx, journal, slow, es, gha, status, chat], failures


def build(out_dir):
    rng = random.Random(28200)
    repo, head = build_repo()
    try:
        logs, failures = build_logs(rng, head, repo)
        onset = min(failures).replace(microsecond=0)
        return write_scenario(
            out_dir, name="r28-paywall-provider-outage-none", service=SERVICE, onset=onset,
            description=f"""
On Tuesday 8 September from {onset.strftime('%H:%M')} UTC logged-in subscribers of The
Westerly Post are asked to subscribe, pages for them are slow or fail with
502/504, and the newsroom's wp-admin crawls and fails to save. westerly-wp
was released at 08:29, rolled back at 09:09 and released again at 10:12;
the paywall was switched to open from 09:31 to 10:04.

Story: Meterline, the paywall and identity provider, has an incident on
its EU load balancers (timeouts and 503s, status page 27 minutes late);
the server-side access checks hold the PHP-FPM children until the pools
are full. Nothing in the repository caused it. Decoys: the 08:29 release
(free articles 5 -> 4, section sent with the access check, detailed
Meterline error logging), its rollback, an ElasticPress bump.
""",
            logs=logs, repo=repo, culprit="none",
            root_cause=[
                r"Meterline API error",
                r"access check failed",
                r"Elevated latency and errors on the Access API",
            ],
            fix_files=[],
            explanation="""
Nothing in westerly-wp's repository caused this. From 08:57 Meterline's
EU Access API and logins time out and answer 503 (its own status page,
from 09:24: "Elevated latency and errors on the Access API (EU)", a
configuration change to its EU load balancers, reverted by 10:00). Every
access check for a logged-in reader then takes 2-4 s (2 s timeout and one
retry), so the PHP-FPM pools reach pm.max_children, nginx answers 504 and
502 to readers and to editors' autosaves, and subscribers are metered like
anonymous readers. debug.log shows the failing calls: "Meterline API error
... curl_errno=28" from the morning's release and, after the rollback,
"access check failed: cURL error 28: Operation timed out" from Friday's
code; php-fpm's slow log shows the children waiting in curl_exec under
checkAccess. Switching the paywall to open mode at 09:31 ends the checks
and the pool exhaustion; logins fail until Meterline recovers.
Decoys: the 08:29 release, 28 minutes before the onset, with the
5 -> 4 free-article and registration-wall change in config/application.php,
the section sent with each access check (a change to the very client that
fails) and the commit that logs each Meterline error in detail (the lines
that name the failure only exist from that release on); the 09:09 rollback,
which changes the wording and nothing else; the ElasticPress bump; three
single Meterline timeouts earlier in the morning; ElasticPress sync retries;
the re-deploy at 10:12.
""",
        )
    finally:
        repo.close()
