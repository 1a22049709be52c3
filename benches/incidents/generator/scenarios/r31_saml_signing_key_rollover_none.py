"""modreg (Laravel 11 on PHP 8.3-FPM and Apache 2.4, two VMs, released with
Deployer from GitHub Actions) of Calder University: the module
registration portal where students add and drop option modules, join
waitlists and see their timetable (rooms from Estates' room-booking
feed); enrolments are written to the student records system (SIS).
Students sign in with SAML 2.0 against the university's Shibboleth IdP
(idp.calder.ac.uk), run by the Identity and Access Management (IAM) team.
modreg's service provider (onelogin/php-saml) verifies the response's
signature with the signing certificates of the IdP's metadata, which a
scheduled command fetches every six hours (00:00, 06:00, 12:00, 18:00
UTC) and keeps on disk.

On Thursday 1 October (add/drop week) IAM rolls the IdP's signing key
over (CHG0048812). The runbook says: publish the new certificate in the
metadata next to the old one, wait two weeks for every SP to pick it up,
then sign with the new key. The change was carried out as one step: the
new certificate was added to the metadata at 09:58 and the IdP was
switched to the new key at 10:02 (reload of the RelyingPartyResolver
service). Every SP that had not refreshed its copy of the metadata in
those four minutes rejects every SAML response from 10:02 ("Signature
validation failed. SAML Response rejected"): modreg, Moodle, the
library's proxy. Students already signed in keep working; everyone who
signs in is sent back to the login page. Nothing in modreg's repository
caused it.

modreg 2.14.0 was released at 09:36, 26 minutes before: it bumps
onelogin/php-saml to 4.2.0, signs the AuthnRequests and stops requesting
an AuthnContext (SEC-88), and logs SAML errors with their reason and the
signing certificate's fingerprint (REG-2210). The on-call rolls it back
to 2.13.2 at 10:18 without effect (the errors are then thrown as
SamlLoginException with a stack trace and answered 500); the service desk
reports Moodle and the library failing too, IAM switches back to the old
key at 10:39 and sign-ins work again. 2.14.0 is released again at 10:55.

Decoys: the 2.14.0 release 26 minutes before the onset (php-saml bump,
SAML settings); the commit the day before that logs the SAML error with
the fingerprint; docs and a test commit; a SIS timeout with a Guzzle
stack trace, room-feed warnings, php-fpm's max_children warning, UFW
blocks. Sources: modreg's laravel.log (Monolog line format, PHP stack
traces), Apache access (vhost_combined with %D), the VMs' syslog (RFC
3164: cron, sshd, the deploy, php-fpm, kernel), the IdP's idp-process.log
(logback) and idp-audit.log (pipe-separated), and the Teams channels of
the registration team and IAM (chat export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "modreg"
START, END = utc("2026-10-01 05:50:00"), utc("2026-10-01 11:15:00")
RELEASE = utc("2026-10-01 09:36:10")
METADATA = utc("2026-10-01 09:58:04")
SWITCH = utc("2026-10-01 10:02:19") + dt.timedelta(microseconds=904000)
ROLLBACK = utc("2026-10-01 10:18:40")
REVERT = utc("2026-10-01 10:39:12") + dt.timedelta(microseconds=377000)
RERELEASE = utc("2026-10-01 10:55:20")
HOSTS = [("modreg-web1", "10.30.4.21"), ("modreg-web2", "10.30.4.22")]
IDP = "https://idp.calder.ac.uk/idp/shibboleth"
SP = "https://modreg.calder.ac.uk/saml2/calder/metadata"

SAML_CONTROLLER = """<?php

namespace App\\Http\\Controllers\\Auth;

use App\\Auth\\SamlLoginException;
use App\\Auth\\SamlUserResolver;
use App\\Http\\Controllers\\Controller;
use App\\Saml\\IdpMetadata;
use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\Auth;
use OneLogin\\Saml2\\Auth as SamlAuth;

class SamlController extends Controller
{
    public function __construct(private SamlAuth $saml, private IdpMetadata $metadata, private SamlUserResolver $users)
    {
    }

    public function login(Request $request)
    {
        return redirect($this->saml->login($request->query('return', '/'), [], false, false, true));
    }

    public function acs(Request $request)
    {
        $this->saml->processResponse();
        $errors = $this->saml->getErrors();
        if (!empty($errors)) {
            throw new SamlLoginException('SAML login failed: '.implode(', ', $errors));
        }
        $user = $this->users->fromAttributes($this->saml->getAttributes());
        Auth::login($user);
        $request->session()->put('saml_session_index', $this->saml->getSessionIndex());

        return redirect()->intended('/');
    }
}
"""

IDP_METADATA = """<?php

namespace App\\Saml;

use Carbon\\CarbonImmutable;
use Illuminate\\Support\\Facades\\Storage;

/** The IdP's metadata as last fetched by saml2:refresh-idp-metadata. */
class IdpMetadata
{
    public function signingCerts(): array
    {
        $xml = simplexml_load_string(Storage::get('saml/idp-metadata.xml'));
        $xml->registerXPathNamespace('md', 'urn:oasis:names:tc:SAML:2.0:metadata');
        $xml->registerXPathNamespace('ds', 'http://www.w3.org/2000/09/xmldsig#');

        return array_map('strval', $xml->xpath('//md:IDPSSODescriptor/md:KeyDescriptor[not(@use) or @use="signing"]//ds:X509Certificate'));
    }

    public function fetchedAt(): ?CarbonImmutable
    {
        return Storage::exists('saml/idp-metadata.xml') ? CarbonImmutable::createFromTimestamp(Storage::lastModified('saml/idp-metadata.xml')) : null;
    }
}
"""

REFRESH_COMMAND = """<?php

namespace App\\Console\\Commands;

use App\\Saml\\IdpMetadata;
use Illuminate\\Console\\Command;
use Illuminate\\Support\\Facades\\Http;
use Illuminate\\Support\\Facades\\Log;
use Illuminate\\Support\\Facades\\Storage;

class RefreshIdpMetadata extends Command
{
    protected $signature = 'saml2:refresh-idp-metadata';

    protected $description = "Fetches the IdP's metadata (signing certificates) for the SAML SP";

    public function handle(IdpMetadata $metadata): int
    {
        $xml = Http::timeout(20)->get(config('saml2.idp.metadata_url'))->throw()->body();
        Storage::put('saml/idp-metadata.xml', $xml);
        Log::info('IdP metadata refreshed', ['signing_certs' => count($metadata->signingCerts()), 'url' => config('saml2.idp.metadata_url')]);

        return self::SUCCESS;
    }
}
"""

SAML_CONFIG = """<?php

return [
    'sp' => [
        'entityId' => 'https://modreg.calder.ac.uk/saml2/calder/metadata',
        'assertionConsumerService' => ['url' => 'https://modreg.calder.ac.uk/saml2/calder/acs'],
        'x509cert' => env('SAML2_SP_CERT'),
        'privateKey' => env('SAML2_SP_KEY'),
    ],
    'idp' => [
        'entityId' => 'https://idp.calder.ac.uk/idp/shibboleth',
        'metadata_url' => 'https://idp.calder.ac.uk/idp/shibboleth',
        'singleSignOnService' => ['url' => 'https://idp.calder.ac.uk/idp/profile/SAML2/Redirect/SSO'],
        // signing certificates come from storage/app/saml/idp-metadata.xml (IdpMetadata)
    ],
    'security' => [
        'authnRequestsSigned' => false,
        'wantAssertionsSigned' => false,
        'wantMessagesSigned' => true,
        'requestedAuthnContext' => ['urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'],
        'signatureAlgorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    ],
];
"""

SIS_CLIENT = """<?php

namespace App\\Services\\Sis;

use Illuminate\\Support\\Facades\\Http;

class SisClient
{
    public function createModuleEnrolment(string $studentId, string $moduleOccurrence): string
    {
        return Http::withToken(config('services.sis.token'))
            ->timeout(10)
            ->post(config('services.sis.url').'/api/v3/module-enrolments', ['student' => $studentId, 'occurrence' => $moduleOccurrence])
            ->throw()
            ->json('reference');
    }

    public function programmeRules(string $programme): array
    {
        return Http::withToken(config('services.sis.token'))->timeout(10)
            ->get(config('services.sis.url')."/api/v3/programmes/{$programme}/rules")->throw()->json();
    }
}
"""

ROOM_JOB = """<?php

namespace App\\Jobs;

use App\\Models\\Room;
use App\\Models\\RoomBooking;
use Illuminate\\Contracts\\Queue\\ShouldQueue;
use Illuminate\\Foundation\\Queue\\Queueable;
use Illuminate\\Support\\Facades\\Http;
use Illuminate\\Support\\Facades\\Log;

class ImportRoomBookings implements ShouldQueue
{
    use Queueable;

    public function handle(): void
    {
        $bookings = Http::timeout(30)->get(config('services.rooms.feed_url'))->throw()->json('bookings');
        $known = Room::pluck('code')->flip();
        $unknown = collect($bookings)->reject(fn ($b) => $known->has($b['room']));
        if ($unknown->isNotEmpty()) {
            Log::warning('Room booking feed: bookings for unknown rooms skipped', ['count' => $unknown->count(), 'rooms' => $unknown->pluck('room')->unique()->take(5)->values()]);
        }
        RoomBooking::upsertFromFeed(collect($bookings)->diffKeys($unknown));
        Log::info('Room booking feed imported', ['bookings' => count($bookings) - $unknown->count()]);
    }
}
"""

COMPOSER_JSON = """{
    "name": "calder/modreg",
    "type": "project",
    "require": {
        "php": "^8.3",
        "laravel/framework": "^11.23",
        "onelogin/php-saml": "4.1.0",
        "guzzlehttp/guzzle": "^7.9"
    },
    "require-dev": {
        "phpunit/phpunit": "^11.3",
        "deployer/deployer": "^7.4"
    },
    "autoload": {"psr-4": {"App\\\\": "app/"}}
}
"""


def composer_lock(saml):
    return json.dumps({"_readme": ["This file locks the dependencies of your project to a known state"], "content-hash": hexid(random.Random(saml), 32),
                       "packages": [{"name": "laravel/framework", "version": "v11.23.5"}, {"name": "onelogin/php-saml", "version": saml},
                                    {"name": "robrichards/xmlseclibs", "version": "3.1.1"}, {"name": "guzzlehttp/guzzle", "version": "7.9.2"}]}, indent=4) + "\n"


DEPLOY_PHP = """<?php

namespace Deployer;

require 'recipe/laravel.php';

set('repository', 'git@github.com:calder-uni/modreg.git');
set('keep_releases', 10);

host('modreg-web1.calder.ac.uk')->set('deploy_path', '/var/www/modreg');
host('modreg-web2.calder.ac.uk')->set('deploy_path', '/var/www/modreg');

after('deploy:symlink', 'php-fpm:reload');
after('deploy:failed', 'deploy:unlock');
"""


def build_repo():
    rhys = Person("Rhys Morgan", "r.morgan@calder.ac.uk", 60)
    aisha = Person("Aisha Bello", "a.bello@calder.ac.uk", 60)
    ffion = Person("Ffion Davies", "f.davies@calder.ac.uk", 60)
    nikhil = Person("Nikhil Rao", "n.rao@calder.ac.uk", 330)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "README.md": readme("modreg", "Calder University's module registration portal: add/drop, waitlists, the\ntimetable with Estates' rooms, enrolments written to the SIS. SAML sign-in\nagainst the university IdP.", "composer install\nphp artisan migrate\nphp artisan serve"),
        "docs/runbook.md": runbook("modreg", [
            ("ModregLoginFailures", "SAML responses rejected. Look at the reason in laravel.log. The IdP is IAM's\n(Teams: IAM Service); its signing certificates reach us through the metadata\nrefresh (php artisan saml2:refresh-idp-metadata)."),
            ("ModregSisErrors", "The SIS API is Student Systems'; enrolments are retried by the queue."),
        ]),
        "composer.json": COMPOSER_JSON,
        "composer.lock": composer_lock("4.1.0"),
        "app/Http/Controllers/Auth/SamlController.php": SAML_CONTROLLER,
        "app/Saml/IdpMetadata.php": IDP_METADATA,
        "app/Console/Commands/RefreshIdpMetadata.php": REFRESH_COMMAND,
        "app/Auth/SamlLoginException.php": "<?php\n\nnamespace App\\Auth;\n\nclass SamlLoginException extends \\RuntimeException\n{\n}\n",
        "config/saml2.php": SAML_CONFIG,
        "config/version.php": "<?php\n\nreturn ['release' => '2.13.2'];\n",
        "app/Services/Sis/SisClient.php": SIS_CLIENT,
        "app/Jobs/ImportRoomBookings.php": ROOM_JOB,
        "routes/console.php": "<?php\n\nuse App\\Jobs\\ImportRoomBookings;\nuse Illuminate\\Support\\Facades\\Schedule;\n\nSchedule::command('saml2:refresh-idp-metadata')->cron('0 */6 * * *');\nSchedule::job(new ImportRoomBookings)->everyTenMinutes();\nSchedule::command('waitlist:offer-free-seats')->everyFiveMinutes();\n",
        "routes/web.php": "<?php\n\nuse App\\Http\\Controllers\\Auth\\SamlController;\nuse Illuminate\\Support\\Facades\\Route;\n\nRoute::get('/saml2/calder/login', [SamlController::class, 'login'])->name('login');\nRoute::post('/saml2/calder/acs', [SamlController::class, 'acs']);\n",
        "deploy.php": DEPLOY_PHP,
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\n    inputs:\n      release: {required: true}\njobs:\n  deploy:\n    runs-on: [self-hosted, calder-dmz]\n    steps:\n      - uses: actions/checkout@v3\n      - uses: shivammathur/setup-php@v2\n        with: {php-version: '8.3'}\n      - run: composer install --no-dev\n      - run: vendor/bin/dep deploy --tag=${{ inputs.release }}\n",
        ".github/workflows/ci.yml": "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v3\n      - uses: shivammathur/setup-php@v2\n        with: {php-version: '8.3'}\n      - run: composer install\n      - run: vendor/bin/phpunit\n",
    }
    repo.commit(utc("2026-09-21 08:40:00"), rhys, "modreg: module registration portal with SAML sign-in", files)
    repo.schedule(chores(random.Random(31201), "modreg", [rhys, aisha, ffion], utc("2026-09-21 08:40:00"), utc("2026-09-29 09:00:00"), 3))
    repo.commit(utc("2026-09-24 13:15:00"), ffion, "timetable: show room changes from the room-booking feed (TT-41)", {
        "app/Jobs/ImportRoomBookings.php": repo.edit("app/Jobs/ImportRoomBookings.php", "        RoomBooking::upsertFromFeed(collect($bookings)->diffKeys($unknown));\n",
                                                     "        $changed = RoomBooking::upsertFromFeed(collect($bookings)->diffKeys($unknown));\n        RoomBooking::notifyRoomChanges($changed);\n"),
    })
    repo.commit(utc("2026-09-25 10:20:00"), nikhil, "sis: cache programme rules for 10 minutes (REG-2188)", {
        "app/Services/Sis/SisClient.php": repo.edit("app/Services/Sis/SisClient.php",
            "        return Http::withToken(config('services.sis.token'))->timeout(10)\n            ->get(config('services.sis.url').\"/api/v3/programmes/{$programme}/rules\")->throw()->json();\n",
            "        return Cache::remember(\"sis:rules:{$programme}\", 600, fn () => Http::withToken(config('services.sis.token'))->timeout(10)\n            ->get(config('services.sis.url').\"/api/v3/programmes/{$programme}/rules\")->throw()->json());\n").replace(
            "use Illuminate\\Support\\Facades\\Http;\n", "use Illuminate\\Support\\Facades\\Cache;\nuse Illuminate\\Support\\Facades\\Http;\n"),
    })
    old_release = repo.commit(utc("2026-09-28 14:05:00"), aisha, "waitlist: email the student when a seat is offered (REG-2195)", {
        "app/Notifications/SeatOffered.php": "<?php\n\nnamespace App\\Notifications;\n\nuse Illuminate\\Notifications\\Messages\\MailMessage;\nuse Illuminate\\Notifications\\Notification;\n\nclass SeatOffered extends Notification\n{\n    public function __construct(public string $module)\n    {\n    }\n\n    public function via($notifiable): array\n    {\n        return ['mail'];\n    }\n\n    public function toMail($notifiable): MailMessage\n    {\n        return (new MailMessage)->subject(\"A place on {$this->module} is yours for 48 hours\")->line('Accept it in Module Registration.');\n    }\n}\n",
    })
    repo.commit(utc("2026-09-29 14:10:00"), aisha, "auth: log SAML errors with the reason, response id and signing certificate (REG-2210)\n\nThe service desk gets 'login failed' tickets and we only had the error\ncode. Log php-saml's last error reason, the response ID (to find it in\nthe IdP's audit log), the fingerprint of the certificate that signed the\nresponse and what our copy of the IdP metadata has, and send the user to\nthe login-failed page instead of a 500.", {
        "app/Http/Controllers/Auth/SamlController.php": repo.edit("app/Http/Controllers/Auth/SamlController.php",
            "        if (!empty($errors)) {\n            throw new SamlLoginException('SAML login failed: '.implode(', ', $errors));\n        }\n",
            "        if (!empty($errors)) {\n            Log::error('SAML login failed: '.implode(', ', $errors).' ('.$this->saml->getLastErrorReason().')', [\n                'idp' => config('saml2.idp.entityId'),\n                'response_id' => $this->saml->getLastMessageId(),\n                'signing_cert_sha256' => $this->responseCertFingerprint($request->input('SAMLResponse')),\n                'metadata_certs' => count($this->metadata->signingCerts()),\n                'metadata_fetched' => $this->metadata->fetchedAt()?->toIso8601String(),\n            ]);\n\n            return redirect()->route('login.failed');\n        }\n").replace(
            "use Illuminate\\Support\\Facades\\Auth;\n", "use Illuminate\\Support\\Facades\\Auth;\nuse Illuminate\\Support\\Facades\\Log;\n").replace(
            "        return redirect()->intended('/');\n    }\n}\n",
            "        return redirect()->intended('/');\n    }\n\n    private function responseCertFingerprint(?string $response): ?string\n    {\n        if (!$response || !preg_match('#<ds:X509Certificate>([^<]+)</ds:X509Certificate>#', base64_decode($response), $m)) {\n            return null;\n        }\n\n        return implode(':', str_split(strtoupper(hash('sha256', base64_decode($m[1]))), 2));\n    }\n}\n"),
    })
    repo.commit(utc("2026-09-30 06:12:00"), renovate, "Update dependency onelogin/php-saml to v4.2.0", {
        "composer.json": repo.edit("composer.json", '"onelogin/php-saml": "4.1.0"', '"onelogin/php-saml": "4.2.0"'),
        "composer.lock": composer_lock("4.2.0"),
    })
    repo.commit(utc("2026-09-30 15:45:00"), rhys, "saml: sign AuthnRequests, stop requesting an AuthnContext (SEC-88)\n\nThe security review wants our requests signed. The IdP decides on MFA\nitself now, so the PasswordProtectedTransport context we asked for only\ngets in the way of step-up.", {
        "config/saml2.php": repo.edit("config/saml2.php", "        'authnRequestsSigned' => false,\n", "        'authnRequestsSigned' => true,\n").replace(
            "        'requestedAuthnContext' => ['urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'],\n", "        'requestedAuthnContext' => false,\n"),
    })
    repo.commit(utc("2026-10-01 07:20:00"), nikhil, "docs: SSO troubleshooting", {
        "docs/sso.md": "# Sign-in (SAML)\n\nmodreg is a SAML SP of idp.calder.ac.uk (IAM). The IdP's signing\ncertificates come from its metadata, fetched every six hours by\n`php artisan saml2:refresh-idp-metadata` (routes/console.php).\n\n- `invalid_response (Signature validation failed...)`: the response is not\n  signed by a certificate in our copy of the metadata.\n- `invalid_response (The response was received at ... instead of ...)`:\n  the ACS URL in the IdP's copy of our metadata is wrong.\n",
    })
    head = repo.commit(utc("2026-10-01 09:05:00"), rhys, "release 2.14.0", {
        "config/version.php": "<?php\n\nreturn ['release' => '2.14.0'];\n",
        "CHANGELOG.md": "# Changelog\n\n## 2.14.0\n\n- SAML: signed AuthnRequests, no requested AuthnContext (SEC-88)\n- SAML errors logged with reason and signing certificate (REG-2210)\n- onelogin/php-saml 4.2.0\n\n## 2.13.2\n\n- Waitlist offers by email (REG-2195)\n",
    })
    repo.commit(utc("2026-10-01 09:51:00"), ffion, "test: room feed import skips unknown rooms", {
        "tests/Feature/ImportRoomBookingsTest.php": "<?php\n\nnamespace Tests\\Feature;\n\nuse App\\Jobs\\ImportRoomBookings;\nuse Illuminate\\Support\\Facades\\Http;\nuse Tests\\TestCase;\n\nclass ImportRoomBookingsTest extends TestCase\n{\n    public function test_unknown_rooms_are_skipped(): void\n    {\n        Http::fake(['*' => Http::response(['bookings' => [['room' => 'NOPE-1.01', 'pattern' => 1]]])]);\n        (new ImportRoomBookings)->handle();\n        $this->assertDatabaseCount('room_bookings', 0);\n    }\n}\n",
    })
    return repo, old_release, head, dict(repo.files)


# ---------------------------------------------------------------------------
# logs


def laravel(t, level, msg, context=None):
    t = t.astimezone(dt.timezone.utc)
    ctx = " " + json.dumps(context, separators=(",", ":")) if context else ""
    return f"[{t.strftime('%Y-%m-%d %H:%M:%S')}] production.{level}: {msg}{ctx}"


def apache(t, vhost, client, method, path, status, size, us, referer, ua):
    stamp = t.astimezone(dt.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
    return f'{vhost}:443 {client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "{referer}" "{ua}" {us}'


def syslog(t, host, tag, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} {host} {tag}: {msg}"


def idp_process(t, addr, level, logger, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%d %H:%M:%S')},{t.microsecond // 1000:03d} - {addr} - {level} [{logger}] - {msg}"


OTHER_SPS = ["https://moodle.calder.ac.uk/auth/saml2/sp/metadata.php", "https://login.ezproxy.calder.ac.uk/saml", "https://calder.service-now.com", "https://mail.calder.ac.uk/sp"]


def fingerprint(rng):
    return ":".join(f"{rng.randint(0, 255):02X}" for _ in range(32))


def build_logs(rng, repo, old_release, head, deployed):
    lv, ap, sl, ip_, ia, chat = (Log("laravel.log"), Log("apache-access.log"), Log("modreg-syslog.log"), Log("idp-process.log"),
                                 Log("idp-audit.log"), Log("chat.log"))
    stats = {"fail": [], "ok": []}
    failures = []
    old_fp, new_fp = fingerprint(rng), fingerprint(rng)
    throw_line = [line.strip() for line in SAML_CONTROLLER.splitlines()].index("throw new SamlLoginException('SAML login failed: '.implode(', ', $errors));") + 1

    def release_at(t):
        if RELEASE + dt.timedelta(seconds=20) <= t < ROLLBACK + dt.timedelta(seconds=15):
            return "2.14.0"
        if t >= RERELEASE + dt.timedelta(seconds=20):
            return "2.14.0"
        return "2.13.2"

    def idp_signs_new(t):
        return SWITCH <= t < REVERT

    def student():
        return f"s{rng.randint(2100000, 2699999)}"

    def client():
        return rng.choice([f"10.{rng.choice([110, 111, 140])}.{rng.randint(0, 255)}.{rng.randint(2, 254)}", f"81.{rng.randint(96, 111)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"176.{rng.randint(24, 27)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    def ua():
        return rng.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
                           "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
                           "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
                           "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36"])

    def release_dir(t):
        r = release_at(t)
        if r == "2.13.2":
            return 117
        return 118 if t < RERELEASE else 119

    def stack(t, host):
        d = release_dir(t)
        base = f"/var/www/modreg/releases/{d}"
        frames = [
            f"{base}/vendor/laravel/framework/src/Illuminate/Routing/ControllerDispatcher.php(46): App\\\\Http\\\\Controllers\\\\Auth\\\\SamlController->acs(Object(Illuminate\\\\Http\\\\Request))",
            f"{base}/vendor/laravel/framework/src/Illuminate/Routing/Route.php(260): Illuminate\\\\Routing\\\\ControllerDispatcher->dispatch(Object(Illuminate\\\\Routing\\\\Route), Object(App\\\\Http\\\\Controllers\\\\Auth\\\\SamlController), 'acs')",
            f"{base}/vendor/laravel/framework/src/Illuminate/Routing/Route.php(206): Illuminate\\\\Routing\\\\Route->runController()",
            f"{base}/vendor/laravel/framework/src/Illuminate/Routing/Router.php(808): Illuminate\\\\Routing\\\\Route->run()",
            f"{base}/vendor/laravel/framework/src/Illuminate/Pipeline/Pipeline.php(170): Illuminate\\\\Routing\\\\Router->Illuminate\\\\Routing\\\\{{closure}}(Object(Illuminate\\\\Http\\\\Request))",
            f"{base}/vendor/laravel/framework/src/Illuminate/Session/Middleware/StartSession.php(121): Illuminate\\\\Pipeline\\\\Pipeline->Illuminate\\\\Pipeline\\\\{{closure}}(Object(Illuminate\\\\Http\\\\Request))",
            f"{base}/vendor/laravel/framework/src/Illuminate/Pipeline/Pipeline.php(209): Illuminate\\\\Session\\\\Middleware\\\\StartSession->handle(Object(Illuminate\\\\Http\\\\Request), Object(Closure))",
            f"{base}/vendor/laravel/framework/src/Illuminate/Routing/Router.php(786): Illuminate\\\\Pipeline\\\\Pipeline->then(Object(Closure))",
            f"{base}/vendor/laravel/framework/src/Illuminate/Foundation/Http/Kernel.php(201): Illuminate\\\\Routing\\\\Router->dispatch(Object(Illuminate\\\\Http\\\\Request))",
            f"{base}/vendor/laravel/framework/src/Illuminate/Pipeline/Pipeline.php(170): Illuminate\\\\Foundation\\\\Http\\\\Kernel->Illuminate\\\\Foundation\\\\Http\\\\{{closure}}(Object(Illuminate\\\\Http\\\\Request))",
            f"{base}/vendor/laravel/framework/src/Illuminate/Foundation/Http/Kernel.php(176): Illuminate\\\\Pipeline\\\\Pipeline->then(Object(Closure))",
            f"{base}/public/index.php(17): Illuminate\\\\Foundation\\\\Http\\\\Kernel->handle(Object(Illuminate\\\\Http\\\\Request))",
            "{main}",
        ]
        body = "\n".join(f"#{i} {f}" for i, f in enumerate(frames))
        return (f'{{"exception":"[object] (App\\\\Auth\\\\SamlLoginException(code: 0): SAML login failed: invalid_response at {base}/app/Http/Controllers/Auth/SamlController.php:{throw_line})\n'
                f"[stacktrace]\n{body}\n\"}}")

    # --- sign-ins: /saml2/calder/login -> IdP -> /saml2/calder/acs
    def login_rate(t):
        h = (t + dt.timedelta(hours=1)).hour + t.minute / 60
        if h < 7.5:
            return 0.8
        if h < 9:
            return 3.5
        return 6.0

    def sign_in(t, who, attempt=0):
        host, _ = rng.choice(HOSTS)
        c, agent = client(), ua()
        ap.add(t, apache(t, "modreg.calder.ac.uk", c, "GET", "/saml2/calder/login?return=%2Fmodules", 302, 0, rng.randint(9000, 30000), "https://modreg.calder.ac.uk/", agent))
        at_idp = t + dt.timedelta(seconds=rng.uniform(0.4, 9 if attempt == 0 else 1.5))
        resp_id, req_id = "_" + hexid(rng, 32), "ONELOGIN_" + hexid(rng, 40)
        ia.add(at_idp, "|".join([at_idp.strftime("%Y%m%dT%H%M%SZ"), "10.30.1.15", SP, "http://shibboleth.net/ns/profiles/saml2/sso/browser", who,
                                 "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", "uid,mail,eduPersonAffiliation,eduPersonPrincipalName",
                                 req_id, resp_id, "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", "true" if attempt == 0 else "false", ""]))
        acs = at_idp + dt.timedelta(seconds=rng.uniform(0.3, 1.2))
        if idp_signs_new(at_idp):
            rel = release_at(acs)
            stats["fail"].append(acs)
            failures.append(acs)
            if rel == "2.14.0":
                lv.add(acs, laravel(acs, "ERROR", "SAML login failed: invalid_response (Signature validation failed. SAML Response rejected)",
                                    {"idp": IDP, "response_id": resp_id, "signing_cert_sha256": new_fp, "metadata_certs": 1, "metadata_fetched": "2026-10-01T06:00:03+00:00", "host": host}))
                ap.add(acs, apache(acs, "modreg.calder.ac.uk", c, "POST", "/saml2/calder/acs", 302, 0, rng.randint(30000, 80000), "https://idp.calder.ac.uk/", agent))
                ap.add(acs + dt.timedelta(seconds=0.3), apache(acs + dt.timedelta(seconds=0.3), "modreg.calder.ac.uk", c, "GET", "/login/failed", 200, 2718, rng.randint(5000, 15000), "https://idp.calder.ac.uk/", agent))
            else:
                lv.add(acs, laravel(acs, "ERROR", "SAML login failed: invalid_response") + " " + stack(acs, host))
                ap.add(acs, apache(acs, "modreg.calder.ac.uk", c, "POST", "/saml2/calder/acs", 500, 6614, rng.randint(40000, 90000), "https://idp.calder.ac.uk/", agent))
            if attempt < 2 and rng.random() < 0.7:
                sign_in(acs + dt.timedelta(seconds=rng.uniform(8, 60)), who, attempt + 1)
            return
        stats["ok"].append(acs)
        lv.add(acs, laravel(acs, "INFO", "SAML login ok", {"user": who, "session_index": resp_id, "host": host}))
        ap.add(acs, apache(acs, "modreg.calder.ac.uk", c, "POST", "/saml2/calder/acs", 302, 0, rng.randint(30000, 70000), "https://idp.calder.ac.uk/", agent))
        # a few pages while signed in
        w = acs
        for _ in range(rng.randint(2, 6)):
            w += dt.timedelta(seconds=rng.uniform(3, 60))
            if w >= END:
                break
            k = rng.random()
            if k < 0.35:
                path, size, us = "/modules?term=2026-S1", rng.randint(18000, 42000), rng.randint(60000, 220000)
            elif k < 0.55:
                path, size, us = "/timetable", rng.randint(9000, 21000), rng.randint(40000, 140000)
            elif k < 0.75:
                path, size, us = f"/modules/{rng.choice(MODULES)}", rng.randint(6000, 12000), rng.randint(25000, 90000)
            elif k < 0.9:
                mod = rng.choice(MODULES)
                path, size, us = f"/enrolments", 0, rng.randint(180000, 900000)
                lv.add(w, laravel(w, "INFO", "Enrolment added", {"student": who, "occurrence": f"{mod}-S1-01", "sis_reference": f"SCE{rng.randint(1000000, 9999999)}", "host": host}))
                ap.add(w, apache(w, "modreg.calder.ac.uk", c, "POST", path, 302, 0, us, "https://modreg.calder.ac.uk/modules", agent))
                continue
            else:
                path, size, us = "/waitlist", rng.randint(2000, 5000), rng.randint(20000, 70000)
            ap.add(w, apache(w, "modreg.calder.ac.uk", c, "GET", path, 200, size, us, "https://modreg.calder.ac.uk/", agent))

    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=10))
        for w in poisson_times(rng, t, nxt, login_rate(t)):
            sign_in(w, student())
        t = nxt
    # students signed in before the switch keep browsing (already covered); static and health checks
    for w in poisson_times(rng, START, END, 2.0):
        ap.add(w, apache(w, "modreg.calder.ac.uk", rng.choice(["10.30.4.2", "10.30.4.3"]), "GET", "/up", 200, 71, rng.randint(2000, 9000), "-", "HAProxy/2.8 health check"))

    # --- releases (Deployer over ssh) and their start lines
    deploys = [(RELEASE, "2.14.0", head, 118, "deploy"), (ROLLBACK, "2.13.2", old_release, 117, "rollback"), (RERELEASE, "2.14.0", head, 119, "deploy")]
    for when, tag, sha, rel, kind in deploys:
        for k, (host, _) in enumerate(HOSTS):
            tk = when + dt.timedelta(seconds=11 * k)
            pid = rng.randint(100000, 199999)
            sl.add(tk, syslog(tk, host, f"sshd[{pid}]", f"Accepted publickey for deploy from 10.30.8.14 port {rng.randint(40000, 60000)} ssh2: ED25519 SHA256:q8l3Vh0kYwF1e2mXgG1b7ZrT9uJc4sN5aP6dK0iLxQw"))
            if kind == "deploy":
                msg = f"modreg {tag} ({sha[:7]}) released to /var/www/modreg/releases/{rel}, current -> releases/{rel}"
            else:
                msg = f"modreg rollback: current -> releases/{rel} ({tag}, {sha[:7]})"
            sl.add(tk + dt.timedelta(seconds=6), syslog(tk + dt.timedelta(seconds=6), host, f"deployer[{pid + 3}]", msg))
            sl.add(tk + dt.timedelta(seconds=7), syslog(tk + dt.timedelta(seconds=7), host, "systemd[1]", "Reloading php8.3-fpm.service - The PHP 8.3 FastCGI Process Manager..."))
            sl.add(tk + dt.timedelta(seconds=7.2), syslog(tk + dt.timedelta(seconds=7.2), host, "php-fpm8.3[811]", "[NOTICE] Reloading in progress ..."))
            sl.add(tk + dt.timedelta(seconds=7.5), syslog(tk + dt.timedelta(seconds=7.5), host, "systemd[1]", "Reloaded php8.3-fpm.service - The PHP 8.3 FastCGI Process Manager."))
            sl.add(tk + dt.timedelta(seconds=8), syslog(tk + dt.timedelta(seconds=8), host, f"sshd[{pid}]", "pam_unix(sshd:session): session closed for user deploy"))
            tl = tk + dt.timedelta(seconds=9)
            lv.add(tl, laravel(tl, "INFO", f"modreg {tag} booted", {"release": tag, "commit": sha, "host": host}))

    # --- cron (schedule:run every minute), refresh, room feed, noise
    for host, _ in HOSTS:
        t = START.replace(second=1) + dt.timedelta(minutes=1)
        while t < END:
            sl.add(t, syslog(t, host, f"CRON[{rng.randint(200000, 299999)}]", "(www-data) CMD (cd /var/www/modreg/current && php artisan schedule:run >> /dev/null 2>&1)"))
            t += dt.timedelta(minutes=1)
    ref = utc("2026-10-01 06:00:03")
    lv.add(ref, laravel(ref, "INFO", "IdP metadata refreshed", {"signing_certs": 1, "url": IDP, "host": "modreg-web1"}))
    t = START + dt.timedelta(minutes=10, seconds=14)
    while t < END:
        if rng.random() < 0.25:
            lv.add(t, laravel(t, "WARNING", "Room booking feed: bookings for unknown rooms skipped", {"count": rng.randint(1, 3), "rooms": ["ENG-LT2", "MUS-0.14"], "host": "modreg-web1"}))
        lv.add(t + dt.timedelta(seconds=1), laravel(t + dt.timedelta(seconds=1), "INFO", "Room booking feed imported", {"bookings": rng.randint(2410, 2480), "host": "modreg-web1"}))
        t += dt.timedelta(minutes=10)
    for w in poisson_times(rng, START, END, 0.012):
        host = rng.choice(HOSTS)[0]
        d = release_dir(w)
        lv.add(w, laravel(w, "ERROR", f"cURL error 28: Operation timed out after 10001 milliseconds with 0 bytes received (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for https://sis-api.calder.ac.uk/api/v3/module-enrolments")
               + f' {{"exception":"[object] (Illuminate\\\\Http\\\\Client\\\\ConnectionException(code: 0): cURL error 28: Operation timed out after 10001 milliseconds with 0 bytes received at /var/www/modreg/releases/{d}/vendor/laravel/framework/src/Illuminate/Http/Client/PendingRequest.php:1568)\n[stacktrace]\n'
               + f"#0 /var/www/modreg/releases/{d}/vendor/laravel/framework/src/Illuminate/Http/Client/PendingRequest.php(951): Illuminate\\\\Http\\\\Client\\\\PendingRequest->marshalConnectionException(Object(GuzzleHttp\\\\Exception\\\\ConnectException))\n"
               + f"#1 /var/www/modreg/releases/{d}/app/Services/Sis/SisClient.php(16): Illuminate\\\\Http\\\\Client\\\\PendingRequest->post('https://sis-api...', Array)\n"
               + f"#2 /var/www/modreg/releases/{d}/app/Jobs/PushEnrolmentToSis.php(31): App\\\\Services\\\\Sis\\\\SisClient->createModuleEnrolment('{student()}', '{rng.choice(MODULES)}-S1-01')\n"
               + f"#3 /var/www/modreg/releases/{d}/vendor/laravel/framework/src/Illuminate/Queue/CallQueuedHandler.php(133): App\\\\Jobs\\\\PushEnrolmentToSis->handle()\n#4 {{main}}\n\"}}")
    for w in poisson_times(rng, START, END, 0.02):
        lv.add(w, laravel(w, "WARNING", "Waitlist offer expired unanswered", {"student": student(), "occurrence": f"{rng.choice(MODULES)}-S1-01", "host": rng.choice(HOSTS)[0]}))
    for w in poisson_times(rng, START, END, 0.05):
        host, addr = rng.choice(HOSTS)
        t0 = w.astimezone(dt.timezone.utc)
        sl.add(w, syslog(w, host, "kernel", f"[{int((w - utc('2026-09-12 03:10:00')).total_seconds())}.{rng.randint(100000, 999999)}] [UFW BLOCK] IN=ens192 OUT= MAC=00:50:56:9a:{rng.randint(16, 99)}:{rng.randint(10, 99)}:00:50:56:9a:01:02:08:00 SRC=10.30.{rng.randint(0, 9)}.{rng.randint(2, 250)} DST={addr} LEN=44 TOS=0x00 PREC=0x00 TTL={rng.choice([52, 56, 63])} ID={rng.randint(1000, 65000)} PROTO=TCP SPT={rng.randint(30000, 65000)} DPT={rng.choice([23, 3389, 5900, 8080, 445])} WINDOW=1024 RES=0x00 SYN URGP=0"))
    for w in (utc("2026-10-01 08:47:12"), utc("2026-10-01 09:14:40")):
        sl.add(w, syslog(w, "modreg-web2", "php-fpm8.3[811]", "[WARNING] [pool modreg] server reached pm.max_children setting (24), consider raising it"))

    # --- the IdP: process log (metadata refreshes of the federation, reloads) and other SPs' sign-ins
    IDP_ADDR = "10.30.1.15"
    t = START + dt.timedelta(minutes=3, seconds=7, microseconds=412000)
    while t < END:
        ip_.add(t, idp_process(t, "", "INFO", "org.opensaml.saml.metadata.resolver.impl.AbstractReloadingMetadataResolver:542", "Metadata Resolver FileBackedHTTPMetadataResolver UKfederation: Next refresh cycle for metadata provider 'http://metadata.ukfederation.org.uk/ukfederation-metadata.xml' will occur on '" + (t + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(100, 999)}Z'"))
        t += dt.timedelta(hours=1, milliseconds=rng.randint(80, 400))
    for w in poisson_times(rng, START, END, 0.05):
        ip_.add(w, idp_process(w, f"{client()}", "WARN", "net.shibboleth.idp.authn.impl.ValidateUsernamePasswordAgainstLDAP:164", f"Profile Action ValidateUsernamePasswordAgainstLDAP: Login by '{student()}' failed"))
    for w in poisson_times(rng, START, END, 0.01):
        ip_.add(w, idp_process(w, f"{client()}", "WARN", "org.opensaml.saml.common.binding.security.impl.MessageReplaySecurityHandler:178", "Message Handler:  Replay detected of message '_" + hexid(rng, 32) + "' from issuer 'https://moodle.calder.ac.uk/auth/saml2/sp/metadata.php'"))
    for when, note in ((SWITCH, "switch"), (REVERT, "revert")):
        a = when - dt.timedelta(milliseconds=786)
        ip_.add(a, idp_process(a, "10.30.9.40", "INFO", "net.shibboleth.idp.admin.impl.ReloadServiceConfiguration:121", "Reloading service 'shibboleth.RelyingPartyResolverService'"))
        ip_.add(a + dt.timedelta(milliseconds=12), idp_process(a + dt.timedelta(milliseconds=12), "10.30.9.40", "INFO", "net.shibboleth.shared.spring.service.ReloadableSpringService:221", "Service 'shibboleth.RelyingPartyResolverService': Reload start"))
        ip_.add(when, idp_process(when, "10.30.9.40", "INFO", "net.shibboleth.shared.spring.service.ReloadableSpringService:239", "Service 'shibboleth.RelyingPartyResolverService': Reload complete"))
    a = METADATA - dt.timedelta(seconds=2)
    ip_.add(a, idp_process(a, "10.30.9.40", "INFO", "net.shibboleth.idp.admin.impl.ReloadServiceConfiguration:121", "Reloading service 'shibboleth.MetadataResolverService'"))
    ip_.add(METADATA, idp_process(METADATA, "10.30.9.40", "INFO", "net.shibboleth.shared.spring.service.ReloadableSpringService:239", "Service 'shibboleth.MetadataResolverService': Reload complete"))
    for w in poisson_times(rng, START, END, 4.0):
        sp = rng.choice(OTHER_SPS)
        ia.add(w, "|".join([w.strftime("%Y%m%dT%H%M%SZ"), IDP_ADDR, sp, "http://shibboleth.net/ns/profiles/saml2/sso/browser", student() if rng.random() < 0.8 else f"{rng.choice(['jhughes', 'mpatel', 'lwong', 'rjones', 'okeefe'])}{rng.randint(1, 9)}",
                            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", "uid,mail,eduPersonAffiliation", "_" + hexid(rng, 32), "_" + hexid(rng, 32),
                            "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", rng.choice(["true", "false"]), ""]))

    # --- chat
    def say(stamp, channel, who, text):
        t = utc(stamp)
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} [{channel}] {who}: {text}")

    say("2026-10-01 09:33:50", "Registration Dev", "Rhys Morgan", f"releasing modreg 2.14.0 ({head[:7]}): SEC-88 signed AuthnRequests, SAML error logging (REG-2210), php-saml 4.2.0")
    say("2026-10-01 09:38:05", "Registration Dev", "Rhys Morgan", "2.14.0 on web1 and web2, signed in fine")
    say("2026-10-01 09:58:30", "IAM Changes", "Gareth Lloyd", "CHG0048812 IdP signing key rollover: new signing certificate added to the IdP metadata")
    say("2026-10-01 10:02:40", "IAM Changes", "Gareth Lloyd", "CHG0048812: IdP now signing with the 2026 key. Change complete")
    say("2026-10-01 10:07:30", "Registration Dev", "Grafana", "[Alerting] Modreg login failures: more than 50 failed SAML logins in 5 minutes")
    say("2026-10-01 10:09:15", "Registration Dev", "Service Desk (Lowri)", "students say modreg sends them back to the login page after they sign in")
    say("2026-10-01 10:11:50", "Registration Dev", "Rhys Morgan", "Signature validation failed on every SAML response since 10:02. 2.14.0 changed php-saml and the SAML security settings 25 min ago, rolling back to 2.13.2")
    say("2026-10-01 10:19:30", "Registration Dev", "Rhys Morgan", "2.13.2 back on both. still failing, now as 500s")
    say("2026-10-01 10:24:10", "Registration Dev", "Service Desk (Lowri)", "Moodle and the library proxy have login failures too since about 10:00")
    say("2026-10-01 10:26:45", "Registration Dev", "Aisha Bello", f"from the 10:0x lines before the rollback: responses are signed by {new_fp[:11]}..., our metadata copy is from 06:00 and has one cert. the IdP changed its key?")
    say("2026-10-01 10:30:20", "IAM Service", "Aisha Bello", "did the IdP's signing key change around 10:02? modreg, Moodle and EZproxy reject the responses' signature")
    say("2026-10-01 10:34:05", "IAM Service", "Gareth Lloyd", "yes, CHG0048812. new cert went into metadata at 09:58, switched at 10:02")
    say("2026-10-01 10:35:30", "IAM Service", "Sian Pritchard (IAM lead)", "that should have been two weeks apart, SPs cache metadata for hours. switch back to the old key now please")
    say("2026-10-01 10:39:40", "IAM Service", "Gareth Lloyd", "IdP is signing with the old key again (reloaded 10:39)")
    say("2026-10-01 10:41:55", "Registration Dev", "Rhys Morgan", "sign-ins working again. will put 2.14.0 back, it wasn't us")
    say("2026-10-01 10:57:10", "Registration Dev", "Rhys Morgan", "2.14.0 released again, logins fine")
    say("2026-10-01 11:05:30", "IAM Service", "Sian Pritchard (IAM lead)", "CHG0048812 rescheduled: new cert stays in metadata, key switch on 15 October")
    return [lv, ap, sl, ip_, ia, chat], failures, stats


MODULES = ["HIST2031", "HIST2044", "ENGL2012", "ENGL2109", "PSYC2210", "PSYC2230", "BIOS2005", "CHEM2101", "COMP2004", "COMP2301",
           "ECON2017", "LAWS2042", "MATH2210", "PHYS2003", "GEOG2060", "MUSC2015", "WELS2001", "POLI2040", "SOCI2012", "ARCH2102"]


def build(out_dir):
    rng = random.Random(31200)
    repo, old_release, head, deployed = build_repo()
    try:
        logs, failures, stats = build_logs(rng, repo, old_release, head, deployed)
        onset = min(failures).replace(microsecond=0)
        assert dt.timedelta(minutes=15) <= onset - RELEASE <= dt.timedelta(minutes=45), onset

        def per5(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=5) < x <= t)
        metrics = {"modreg_saml_logins_5m.json": query_range([
            ({"job": "modreg", "outcome": "failed"}, per5(stats["fail"])),
            ({"job": "modreg", "outcome": "ok"}, per5(stats["ok"])),
        ], utc("2026-10-01 08:00:00"), END, 60)}
        return write_scenario(
            out_dir, name="r31-saml-signing-key-rollover-none", service=SERVICE, onset=onset,
            description=f"""
Calder University's students cannot sign in to module registration
(modreg) on Thursday 1 October from {onset.strftime('%H:%M:%S')} UTC, in add/drop week: every
SAML response from the university IdP is rejected ("Signature validation
failed") and students are sent back to the login page; those already
signed in keep working. modreg 2.14.0 had been released at 09:36 (SAML
library and settings); the on-call rolled it back at 10:18 without
effect. Sign-ins work again from 10:39; 2.14.0 is released again at
10:55.

Story: IAM rolled the IdP's signing key over in one step (new
certificate in the metadata at 09:58, signing with the new key at
10:02); modreg's copy of the metadata, fetched every six hours, was from
06:00 and had only the old certificate; Moodle and the library failed
too. IAM switched back at 10:39. Nothing in modreg's repository caused
it. Decoys: the 2.14.0 release 26 minutes before, the commit that logs
the SAML error with the signing certificate, docs and tests.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"laravel.log": r"\[<Time>\] <Channel>\.<Level>: <Content>"},
            root_cause=[
                r"Signature validation failed\. SAML Response rejected",
                r"RelyingPartyResolverService.*Reload complete",
            ],
            fix_files=[],
            explanation=f"""
No commit in modreg caused this. The IAM team's signing key rollover of
the university IdP (CHG0048812) was done in one step instead of two
weeks apart: the new certificate was added to the IdP's metadata at
09:58 (reload of shibboleth.MetadataResolverService) and the IdP signed
with the new key from 10:02:19 (reload of
shibboleth.RelyingPartyResolverService, "Reload complete" in
idp-process.log). modreg verifies responses with the certificates of
its copy of the metadata, fetched every six hours (06:00: one signing
certificate), so every SAML response from 10:02 is rejected ("SAML login
failed: invalid_response (Signature validation failed. SAML Response
rejected)" with a signing_cert_sha256 that is not the one in the
metadata; after the rollback the same failure is thrown as
SamlLoginException and answered 500). The IdP's audit log shows it
issuing those responses as usual; Moodle and the library's proxy fail
alike. Sign-ins work again when IAM switches back to the old key at
10:39:12 (the second RelyingPartyResolverService reload), with no change
to modreg. The right answer is that nothing in this repository did it
(fix_files is empty).
Decoys: the 2.14.0 release at 09:36, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset,
which bumps onelogin/php-saml to 4.2.0 (composer.json, composer.lock)
and changes the SAML security settings (signed AuthnRequests, no
requested AuthnContext; config/saml2.php); the REG-2210 commit the day
before that logs the SAML error with its reason, the response's signing
certificate and the metadata's certificate count (the failure line is
new in that release); the rollback to 2.13.2 at 10:18, after which the
failures go on as 500s with a stack trace; the docs commit on SSO
troubleshooting; a test commit after the release; a SIS timeout with a
Guzzle stack trace, room-feed warnings, waitlist warnings, php-fpm's
max_children warning and UFW blocks.
""",
        )
    finally:
        repo.close()
