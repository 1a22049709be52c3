"""vetdesk (PHP 8.3, Laravel 11 with Horizon on Redis, MySQL 8; two web
VMs and one worker VM, deployed by a GitHub Actions workflow that runs
Deployer) of Brackenfield Vets, a chain of 48 clinics and five 24-hour
hospitals in the north of England: reception diary and online booking,
Moorside Vet Labs results, and texts to clients through Relaytext, an
SMS provider: booking confirmations and appointment reminders with a
link to manage the booking, the 10:00 (BST) batch of vaccination
reminders with a booking link, post-op checks and "ready for
collection" texts without one. Relaytext's link tracking, on for the
account since 2024 (marketing reads the click counts), rewrites every
link in a message to Relaytext's shared short domain, rtxt.link.

Monday night a third party with a Relaytext account sends a "parcel
redelivery fee" smishing campaign through rtxt.link links; Three UK's
customers report it to 7726, and on Tuesday 18 August 2026 at about
07:52 UTC Three's SMS firewall starts blocking every A2P message that
contains an rtxt.link link. Relaytext accepts vetdesk's messages as
before; their delivery reports for Three numbers come back
"undelivered", error 4505 "Blocked by carrier content filter", within
seconds. Texts without a link reach Three's customers; EE, O2 and
Vodafone deliver everything.

vetdesk 4.28.0 had been deployed at 07:31 (VD-522: the appointment
reminder's wording, "Confirm or cancel: <link>"; VD-519, which logs
undelivered delivery reports as warnings with Relaytext's error and the
network, the very "SMS undelivered" warning that now fills the log; a
Guzzle bump). The runbook says carriers filter on content and to roll
back a template change first; the on-call rolls back to 4.27.2 at 08:34:
the warnings go, the undelivered reports do not, and the 09:00 UTC
vaccination batch, whose template nobody changed, loses its Three
recipients too. A developer groups the failures by network (all 23420)
and by template (only texts with a link); clinics report that the
clients who called are on Three. Relaytext's status page posts an
investigation at 09:18; its support confirms at 09:46 that Three blocks
rtxt.link after a third party's phishing campaign. The on-call turns
link tracking off in Relaytext's console at 09:52 (links go out as
book.brackenfieldvets.co.uk), Three delivers them, 4.28.0 is deployed
again at 10:05 and `reminders:resend` sends the undelivered reminders
again at 10:20. Nothing in vetdesk caused it.

Sources: laravel.log of worker01 and web01 (Monolog line format, line
format), Horizon worker output (line format), supervisord, nginx access
(web01), GitHub Actions deploy runs (Deployer), Relaytext status page
(JSON), Relaytext console audit log (JSON), the on-call's Relaytext
message log export of undelivered messages (NDJSON), Teams
#vetdesk-support (JSON lines), Freshservice tickets (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores

SERVICE = "vetdesk"
START, END = utc("2026-08-18 06:15:00"), utc("2026-08-18 11:20:00")
REL = utc("2026-08-18 07:31:20")        # 4.28.0 live
BLOCK = utc("2026-08-18 07:52:40")      # Three UK's firewall blocks rtxt.link
ROLLBACK = utc("2026-08-18 08:34:30")   # back to 4.27.2
VACC = utc("2026-08-18 09:00:00")       # vaccination reminder batch (10:00 BST)
UNTRACK = utc("2026-08-18 09:52:40")    # link tracking off in Relaytext's console
REDEPLOY = utc("2026-08-18 10:05:10")   # 4.28.0 again
EXPORT_AT = utc("2026-08-18 09:20:44")  # the on-call's export of undelivered messages
RESEND = utc("2026-08-18 10:20:00")

CLINICS = ["HRG", "KNA", "RIP", "WTB", "OTL", "ILK", "SKP", "KGH", "BGL", "SHP", "HLF", "HDF", "DWS", "WKF", "PFT", "CAS",
           "SEL", "TAD", "YKA", "YKH", "MLT", "PKR", "THR", "NTH", "BDL", "DRL", "STK", "MBR", "RDC", "GSB", "DHM", "CLS",
           "SLD", "GTH", "HXM", "DON", "BSL", "ROT", "SHC", "SHH", "CHF", "WKS", "NWK", "MNF", "LCN", "GNT", "SCN", "GRM"]
HOSPITALS = ["LDSH", "YRKH", "SHFH", "NCLH", "TSDH"]
CLINIC_NAMES = {"HRG": "Harrogate", "KNA": "Knaresborough", "RIP": "Ripon", "WTB": "Wetherby", "OTL": "Otley", "ILK": "Ilkley",
                "SKP": "Skipton", "HLF": "Halifax", "WKF": "Wakefield", "DRL": "Darlington", "DON": "Doncaster", "LCN": "Lincoln",
                "YKA": "York Acomb", "SLD": "Sunderland", "MBR": "Middlesbrough", "ROT": "Rotherham"}
NETWORKS = [(35, ("23430", "EE")), (28, ("23410", "O2 (UK)")), (24, ("23415", "Vodafone UK")), (13, ("23420", "Three UK"))]
PETS = ["Bella", "Milo", "Luna", "Teddy", "Alfie", "Biscuit", "Poppy", "Max", "Daisy", "Charlie", "Willow", "Oscar", "Ruby",
        "Bailey", "Nala", "Molly", "Bear", "Coco", "Rosie", "Misty", "Smudge", "Tilly", "Bruno", "Peanut", "Honey", "Jasper"]
# message kinds: (template, has a link)
KINDS = {"booking_confirmation": True, "appointment": True, "vaccination": True, "postop_check": False, "ready_for_collection": False,
         "lab_call_us": False}


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def weighted(rng, choices):
    total = sum(w for w, _ in choices)
    x = rng.uniform(0, total)
    for w, v in choices:
        x -= w
        if x <= 0:
            return v
    return choices[-1][1]


# ---------------------------------------------------------------------------
# the repository

COMPOSER = """{
    "name": "brackenfield/vetdesk",
    "type": "project",
    "description": "Brackenfield Vets practice platform: diary, booking, lab results, reminders.",
    "require": {
        "php": "^8.3",
        "laravel/framework": "^11.20",
        "laravel/horizon": "^5.27",
        "phpseclib/phpseclib": "^3.0.42",
        "league/flysystem-sftp-v3": "^3.28",
        "guzzlehttp/guzzle": "^7.8",
        "picqer/php-barcode-generator": "^2.4",
        "barryvdh/laravel-dompdf": "^2.2"
    },
    "require-dev": {
        "deployer/deployer": "^7.4",
        "phpunit/phpunit": "^11.2",
        "laravel/pint": "^1.16"
    },
    "autoload": {
        "psr-4": {"App\\\\": "app/", "Database\\\\Seeders\\\\": "database/seeders/"}
    },
    "config": {"sort-packages": true}
}
"""

COMPOSER_LOCK = """{
    "_readme": ["This file locks the dependencies of your project to a known state"],
    "content-hash": "3a9e0b1c7d2f48e6a5b4c3d2e1f0a9b8",
    "packages": [
        {"name": "laravel/framework", "version": "v11.20.0"},
        {"name": "laravel/horizon", "version": "v5.27.1"},
        {"name": "league/flysystem-sftp-v3", "version": "3.28.0"},
        {"name": "phpseclib/phpseclib", "version": "3.0.42"},
        {"name": "guzzlehttp/guzzle", "version": "7.8.1"},
        {"name": "picqer/php-barcode-generator", "version": "v2.4.0"},
        {"name": "barryvdh/laravel-dompdf", "version": "v2.2.0"}
    ]
}
"""

SMS_LANG = """<?php

// Texts to clients. Relaytext's link tracking (account setting) rewrites
// the links for click counts; keep each under 160 GSM characters with a
// short clinic name.
return [
    'booking_confirmation' => ':pet is booked at Brackenfield Vets :clinic, :date :time. Manage your booking: :link',
    'appointment' => 'Hi :owner, a reminder that :pet is booked at Brackenfield Vets :clinic on :date at :time. To change it: :link',
    'vaccination' => ':pet is due a booster at Brackenfield Vets :clinic. Book online: :link or call :phone',
    'postop_check' => 'Hi :owner, how is :pet today? Reply or call :clinic on :phone if you are worried.',
    'ready_for_collection' => ':pet is ready to go home from Brackenfield Vets :clinic. Please call :phone before you set off.',
    'lab_call_us' => 'Brackenfield Vets :clinic has :pet\\'s test results. Please call :phone to talk them through.',
];
"""

STATUS_V1 = """<?php

namespace App\\Http\\Controllers\\Webhooks;

use App\\Models\\SmsMessage;
use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\Log;

/** Relaytext delivery reports (queued, sent, delivered, undelivered, expired). */
class RelaytextStatusController
{
    public function __invoke(Request $request)
    {
        SmsMessage::where('provider_id', $request->input('id'))->update([
            'status' => $request->input('status'),
            'error_code' => $request->input('error_code'),
            'network' => $request->input('network'),
        ]);
        Log::info('Relaytext status callback', $request->only(['id', 'status', 'error_code', 'error_message']));

        return response()->noContent();
    }
}
"""

SEND_REMINDER = """<?php

namespace App\\Jobs;

use App\\Models\\Appointment;
use App\\Sms\\RelaytextClient;
use Illuminate\\Bus\\Queueable;
use Illuminate\\Contracts\\Queue\\ShouldQueue;
use Illuminate\\Foundation\\Bus\\Dispatchable;
use Illuminate\\Support\\Facades\\Log;

class SendReminderSms implements ShouldQueue
{
    use Dispatchable, Queueable;

    public int $tries = 3;

    public function __construct(public int $appointmentId)
    {
        $this->onQueue('sms');
    }

    public function handle(RelaytextClient $sms): void
    {
        $appointment = Appointment::with(['patient.owner', 'site'])->find($this->appointmentId);
        if ($appointment === null || $appointment->cancelled_at !== null || $appointment->patient->deceased_at !== null) {
            return;
        }
        $body = __('sms.appointment', [
            'owner' => $appointment->patient->owner->first_name,
            'pet' => $appointment->patient->name,
            'clinic' => $appointment->site->short_name,
            'date' => $appointment->starts_at->format('D j M'),
            'time' => $appointment->starts_at->format('H:i'),
            'link' => route('booking.manage', $appointment->manage_token),
        ]);
        $sent = $sms->send($appointment->patient->owner->mobile, $body, 'appointment');
        Log::info('Reminder SMS sent', ['appointment' => $appointment->id, 'site' => $appointment->site->code,
            'message_id' => $sent->id, 'segments' => $sent->segments]);
    }
}
"""

RUNBOOK = """# vetdesk runbook

Owner: #vetdesk-support (Teams). Dashboards: Grafana › vetdesk.

## Deploying and rolling back

`Deploy` workflow (GitHub Actions) runs `dep deploy production`; Horizon
is restarted by supervisord after `horizon:terminate`. To roll back, run
the `Rollback` workflow (`dep rollback production`).

## Horizon queue backlog

`labs` and `sms` queues over 200 jobs for 10 minutes. Check
`php artisan horizon:status` on worker01 and Redis memory.

## Relaytext errors

SMS sends failing with 5xx: check status.relaytext.com. Reminders are
retried three times; `php artisan reminders:resend --status=failed` after
an outage.
"""


def build_repo():
    repo = Repo()
    jess = Person("Jess Harland", "jess.harland@brackenfieldvets.co.uk", 60)
    imogen = Person("Imogen Clarke", "imogen.clarke@brackenfieldvets.co.uk", 60)
    sanjay = Person("Sanjay Bhatt", "sanjay.bhatt@brackenfieldvets.co.uk", 60)
    tomasz = Person("Tomasz Wrona", "tomasz.wrona@brackenfieldvets.co.uk", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "composer.json": COMPOSER,
        "composer.lock": COMPOSER_LOCK,
        "artisan": "#!/usr/bin/env php\n<?php\n\nuse Symfony\\Component\\Console\\Input\\ArgvInput;\n\ndefine('LARAVEL_START', microtime(true));\nrequire __DIR__.'/vendor/autoload.php';\n$status = (require_once __DIR__.'/bootstrap/app.php')->handleCommand(new ArgvInput);\nexit($status);\n",
        "bootstrap/app.php": "<?php\n\nuse Illuminate\\Foundation\\Application;\n\nreturn Application::configure(basePath: dirname(__DIR__))\n    ->withRouting(web: __DIR__.'/../routes/web.php', api: __DIR__.'/../routes/api.php', commands: __DIR__.'/../routes/console.php')\n    ->create();\n",
        "app/Sms/RelaytextClient.php": "<?php\n\nnamespace App\\Sms;\n\nuse App\\Models\\SmsMessage;\nuse Illuminate\\Support\\Facades\\Http;\n\n/** Relaytext REST API v2. Delivery reports come back to RelaytextStatusController. */\nclass RelaytextClient\n{\n    public function send(string $to, string $body, string $template): SentMessage\n    {\n        $resp = Http::withToken(config('sms.relaytext.token'))->timeout(10)->retry(2, 500)\n            ->post('https://api.relaytext.com/v2/messages', ['to' => $to, 'from' => config('sms.relaytext.sender'), 'body' => $body,\n                'status_callback' => route('webhooks.relaytext.status')])->throw()->json();\n        SmsMessage::create(['provider_id' => $resp['id'], 'to' => $to, 'template' => $template, 'status' => 'queued']);\n\n        return new SentMessage($resp['id'], $resp['segments']);\n    }\n}\n",
        "app/Sms/SentMessage.php": "<?php\n\nnamespace App\\Sms;\n\nfinal class SentMessage\n{\n    public function __construct(public string $id, public int $segments)\n    {\n    }\n}\n",
        "app/Http/Controllers/Webhooks/RelaytextStatusController.php": STATUS_V1,
        "app/Jobs/SendReminderSms.php": SEND_REMINDER,
        "app/Jobs/SendVaccinationReminder.php": "<?php\n\nnamespace App\\Jobs;\n\nuse App\\Models\\VaccinationDue;\nuse App\\Sms\\RelaytextClient;\nuse Illuminate\\Bus\\Queueable;\nuse Illuminate\\Contracts\\Queue\\ShouldQueue;\nuse Illuminate\\Foundation\\Bus\\Dispatchable;\nuse Illuminate\\Support\\Facades\\Log;\n\nclass SendVaccinationReminder implements ShouldQueue\n{\n    use Dispatchable, Queueable;\n\n    public function __construct(public int $dueId)\n    {\n        $this->onQueue('sms-bulk');\n    }\n\n    public function handle(RelaytextClient $sms): void\n    {\n        $due = VaccinationDue::with(['patient.owner', 'site'])->findOrFail($this->dueId);\n        $body = __('sms.vaccination', ['pet' => $due->patient->name, 'clinic' => $due->site->short_name,\n            'link' => route('booking.online', ['site' => $due->site->code, 'type' => 'vaccination']), 'phone' => $due->site->phone]);\n        $sent = $sms->send($due->patient->owner->mobile, $body, 'vaccination');\n        Log::info('Vaccination reminder sent', ['due' => $due->id, 'site' => $due->site->code, 'message_id' => $sent->id]);\n    }\n}\n",
        "app/Console/Commands/DispatchReminders.php": "<?php\n\nnamespace App\\Console\\Commands;\n\nuse App\\Jobs\\SendReminderSms;\nuse App\\Models\\Appointment;\nuse Illuminate\\Console\\Command;\nuse Illuminate\\Support\\Facades\\Log;\n\nclass DispatchReminders extends Command\n{\n    protected $signature = 'reminders:dispatch';\n\n    public function handle(): int\n    {\n        $from = now()->addDay()->startOfMinute();\n        $due = Appointment::whereBetween('starts_at', [$from, $from->copy()->addMinutes(15)])->whereNull('reminded_at')->pluck('id');\n        $due->each(fn ($id) => SendReminderSms::dispatch($id));\n        Log::info('Appointment reminders dispatched', ['window_start' => $from->toDateTimeString(), 'count' => $due->count()]);\n\n        return self::SUCCESS;\n    }\n}\n",
        "app/Console/Commands/ResendUndelivered.php": "<?php\n\nnamespace App\\Console\\Commands;\n\nuse App\\Models\\SmsMessage;\nuse Illuminate\\Console\\Command;\n\nclass ResendUndelivered extends Command\n{\n    protected $signature = 'reminders:resend {--status=failed} {--since=}';\n\n    protected $description = 'Send reminders again whose last message has the given status';\n}\n",
        "app/Labs/RequisitionNumber.php": "<?php\n\nnamespace App\\Labs;\n\n/** <site><yy>-<sequence>, at most 12 characters: MVL's LIS keeps no more (VD-424). */\nclass RequisitionNumber\n{\n    public const MAX_LENGTH = 12;\n}\n",
        "app/Jobs/ImportLabResultFile.php": "<?php\n\nnamespace App\\Jobs;\n\n/** Imports one ORU^R01 file from MVL's SFTP inbox; unmatched files go to unmatched/. */\nclass ImportLabResultFile\n{\n}\n",
        "app/Http/Controllers/Api/AppointmentController.php": "<?php\n\nnamespace App\\Http\\Controllers\\Api;\n\nuse App\\Booking\\SlotFinder;\nuse App\\Http\\Requests\\BookAppointment;\nuse App\\Jobs\\SendBookingConfirmation;\nuse Illuminate\\Support\\Facades\\Log;\n\nclass AppointmentController\n{\n    public function store(BookAppointment $request, SlotFinder $slots)\n    {\n        $appointment = $slots->book($request->validated());\n        Log::info('Appointment booked', ['site' => $appointment->site->code, 'type' => $appointment->type,\n            'source' => $request->input('source', 'reception'), 'starts_at' => $appointment->starts_at->toDateTimeString()]);\n        SendBookingConfirmation::dispatch($appointment->id);\n\n        return $appointment;\n    }\n}\n",
        "app/Booking/SlotFinder.php": "<?php\n\nnamespace App\\Booking;\n\nclass SlotFinder\n{\n    public const SLOT_MINUTES = ['consult' => 15, 'vaccination' => 15, 'nurse' => 15, 'operation_admit' => 10];\n}\n",
        "config/sms.php": "<?php\n\nreturn [\n    'relaytext' => [\n        'token' => env('RELAYTEXT_TOKEN'),\n        'sender' => 'BrackenVets',\n    ],\n    'quiet_hours' => ['20:00', '08:00'],\n];\n",
        "routes/console.php": "<?php\n\nuse Illuminate\\Support\\Facades\\Schedule;\n\nSchedule::command('labs:poll')->everyTwoMinutes()->withoutOverlapping();\nSchedule::command('reminders:dispatch')->everyFifteenMinutes()->between('06:00', '19:00');\nSchedule::command('vaccinations:remind')->dailyAt('09:00');\nSchedule::command('horizon:snapshot')->everyFiveMinutes();\n",
        "routes/web.php": "<?php\n\nuse Illuminate\\Support\\Facades\\Route;\n\nRoute::post('/webhooks/relaytext/status', App\\Http\\Controllers\\Webhooks\\RelaytextStatusController::class)->name('webhooks.relaytext.status');\nRoute::get('/b/{token}', [App\\Http\\Controllers\\BookingController::class, 'manage'])->name('booking.manage');\nRoute::get('/book/{site}', [App\\Http\\Controllers\\BookingController::class, 'online'])->name('booking.online');\n",
        "lang/en/sms.php": SMS_LANG,
        "tests/Feature/RelaytextStatusTest.php": "<?php\n\nnamespace Tests\\Feature;\n\nuse App\\Models\\SmsMessage;\nuse Tests\\TestCase;\n\nclass RelaytextStatusTest extends TestCase\n{\n    public function test_delivery_report_updates_the_message(): void\n    {\n        $m = SmsMessage::factory()->create(['provider_id' => 'rt_1']);\n        $this->post('/webhooks/relaytext/status', ['id' => 'rt_1', 'status' => 'delivered'])->assertNoContent();\n        $this->assertSame('delivered', $m->fresh()->status);\n    }\n}\n",
        "deploy.php": "<?php\n\nnamespace Deployer;\n\nrequire 'recipe/laravel.php';\n\nset('application', 'vetdesk');\nset('repository', 'git@github.com:brackenfield-vets/vetdesk.git');\nset('keep_releases', 8);\n\nhost('web01')->set('hostname', 'web01.prod.brackenfield.internal')->set('deploy_path', '/var/www/vetdesk');\nhost('web02')->set('hostname', 'web02.prod.brackenfield.internal')->set('deploy_path', '/var/www/vetdesk');\nhost('worker01')->set('hostname', 'worker01.prod.brackenfield.internal')->set('deploy_path', '/var/www/vetdesk');\n\nafter('deploy:symlink', 'artisan:horizon:terminate');\nafter('deploy:failed', 'deploy:unlock');\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n      - uses: shivammathur/setup-php@v2\n        with:\n          php-version: '8.3'\n      - run: composer install --no-interaction\n      - run: vendor/bin/pint --test\n      - run: php artisan test\n",
        ".github/workflows/deploy.yml": "name: Deploy\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - uses: shivammathur/setup-php@v2\n        with:\n          php-version: '8.3'\n      - run: composer install --no-interaction --no-dev\n      - run: vendor/bin/dep deploy production -v\n",
        "README.md": "# vetdesk\n\nBrackenfield Vets' practice platform: reception diary and online booking,\nMVL lab requisitions and results, texts to clients (Relaytext).\n\n## Running locally\n\n```\ncomposer install\nphp artisan migrate --seed\nphp artisan horizon\n```\n",
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": "# Changelog\n\n## 4.26.0\n\n- VD-488 lab results: MVL urgent flag shown in the diary\n",
    }
    repo.commit(utc("2026-08-10 08:20:00"), jess, "vetdesk: diary, booking, MVL lab results, texts to clients", files)
    crng = random.Random(68271)
    repo.schedule(chores(crng, SERVICE, [jess, imogen], utc("2026-08-10 10:00:00"), utc("2026-08-12 16:00:00"), 3)
                  + chores(crng, SERVICE, [tomasz], utc("2026-08-17 07:30:00"), utc("2026-08-17 09:00:00"), 1))
    repo.commit(utc("2026-08-11 13:20:00"), imogen, "labs: retry MVL SFTP listing once on a timeout (VD-503)", {
        "app/Jobs/ImportLabResultFile.php": sub(repo.files["app/Jobs/ImportLabResultFile.php"], "class ImportLabResultFile\n{\n",
                                                "class ImportLabResultFile\n{\n    public int $tries = 3;  // VD-503\n"),
    })
    repo.commit(utc("2026-08-12 09:40:00"), jess, "release 4.27.2", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.27.2\n\n- VD-503 SFTP listing retry\n- VD-497 diary colours for nurse clinics\n"),
    })
    repo.commit(utc("2026-08-12 14:10:00"), sanjay, "runbook: SMS delivery failures", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## Relaytext errors\n",
                               "## SMS delivery failures\n\nRelaytext accepts the message but the delivery report says undelivered.\n"
                               "Networks filter A2P texts on their content: in February the word FREE in\nthe flea-treatment promo got one text in eight blocked. If failures start\n"
                               "after a deploy that changed a template (lang/en/sms.php), roll back\nfirst, then reword. Unknown or absent subscribers (4001, 4003) are\nnormal, about 2 %.\n\n## Relaytext errors\n"),
    })
    repo.commit(utc("2026-08-13 10:40:00"), tomasz, "booking: next free nurse slot on the online booking page (VD-517)", {
        "app/Booking/SlotFinder.php": sub(repo.files["app/Booking/SlotFinder.php"], "class SlotFinder\n{\n",
                                          "class SlotFinder\n{\n    public const NEXT_FREE_LOOKAHEAD_DAYS = 14;  // VD-517\n\n"),
    })
    repo.commit(utc("2026-08-17 08:20:00"), sanjay, "sms: warn on undelivered delivery reports, with the error and network (VD-519)\n\n"
                "Undelivered texts were only a status in sms_messages and an info line;\n"
                "nobody saw a network rejecting our texts until clients phoned.", {
        "app/Http/Controllers/Webhooks/RelaytextStatusController.php": sub(STATUS_V1,
                                                                          "        Log::info('Relaytext status callback', $request->only(['id', 'status', 'error_code', 'error_message']));\n",
                                                                          "        if (in_array($request->input('status'), ['undelivered', 'failed'], true)) {\n"
                                                                          "            Log::warning('SMS undelivered: '.$request->input('error_message'), $request->only(['id', 'error_code', 'network', 'network_name']) + [\n"
                                                                          "                'template' => SmsMessage::where('provider_id', $request->input('id'))->value('template'),\n            ]);\n"
                                                                          "        } else {\n            Log::info('Relaytext status callback', $request->only(['id', 'status']));\n        }\n"),
        "tests/Feature/RelaytextStatusTest.php": sub(repo.files["tests/Feature/RelaytextStatusTest.php"], "        $this->assertSame('delivered', $m->fresh()->status);\n    }\n",
                                                     "        $this->assertSame('delivered', $m->fresh()->status);\n    }\n\n    public function test_undelivered_report_is_a_warning(): void\n    {\n        Log::spy();\n        SmsMessage::factory()->create(['provider_id' => 'rt_2', 'template' => 'appointment']);\n        $this->post('/webhooks/relaytext/status', ['id' => 'rt_2', 'status' => 'undelivered', 'error_code' => '4001', 'error_message' => 'Unknown subscriber'])->assertNoContent();\n        Log::shouldHaveReceived('warning')->once();\n    }\n"),
    })
    repo.commit(utc("2026-08-17 10:45:00"), bot, "Bump guzzlehttp/guzzle from 7.8.1 to 7.9.2", {
        "composer.json": sub(repo.files["composer.json"], '"guzzlehttp/guzzle": "^7.8"', '"guzzlehttp/guzzle": "^7.9"'),
        "composer.lock": sub(repo.files["composer.lock"], '"version": "7.8.1"', '"version": "7.9.2"'),
    })
    repo.commit(utc("2026-08-17 13:30:00"), sanjay, "reminders: pet first, 'Confirm or cancel' with the link (VD-522)\n\n"
                "Reception asked for fewer no-shows: clients can confirm from the text.\n"
                "The manage page gets a Confirm button; the link is the same.", {
        "lang/en/sms.php": sub(repo.files["lang/en/sms.php"],
                               "'appointment' => 'Hi :owner, a reminder that :pet is booked at Brackenfield Vets :clinic on :date at :time. To change it: :link',",
                               "'appointment' => ':pet has an appointment at Brackenfield Vets :clinic on :date at :time. Confirm or cancel: :link',"),
        "app/Jobs/SendReminderSms.php": sub(repo.files["app/Jobs/SendReminderSms.php"], "            'owner' => $appointment->patient->owner->first_name,\n", ""),
    })
    repo.commit(utc("2026-08-17 15:10:00"), sanjay, "docs: texts to clients", {
        "docs/sms.md": "# Texts to clients\n\n- Sender ID `BrackenVets` (alphanumeric, 11 characters); replies go to\n  Relaytext's inbound number and on to the clinic's inbox.\n"
                       "- Templates are in `lang/en/sms.php`, one per kind. Keep them under 160\n  GSM-7 characters: a curly apostrophe makes a text UCS-2 (70 per segment).\n"
                       "- Relaytext's link tracking (account setting, marketing uses the click\n  counts) rewrites links to its short domain; our URLs are\n  book.brackenfieldvets.co.uk.\n"
                       "- Delivery reports come back to /webhooks/relaytext/status.\n",
    })
    rel = repo.commit(utc("2026-08-18 07:18:00"), jess, "release 4.28.0", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.28.0\n\n- VD-522 appointment reminder: confirm or cancel\n- VD-519 undelivered texts logged as warnings\n- VD-517 next free nurse slot online\n- guzzle 7.9.2\n"),
    })
    after = repo.commit(utc("2026-08-18 10:42:00"), sanjay, "runbook: a network blocking Relaytext's short links (VD-526)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## Relaytext errors\n",
                               "### 4505 Blocked by carrier content filter, one network only\n\nOn 18 August Three UK blocked every text with a link on rtxt.link,\n"
                               "Relaytext's shared tracking domain, after someone else's phishing\ncampaign. Not our wording: a rollback did nothing. Group the failures\n"
                               "by network and by template; if only texts with a link fail on one\nnetwork, turn link tracking off in the Relaytext console (Settings >\n"
                               "Messaging) and resend with `php artisan reminders:resend\n--status=undelivered --since=...`.\n\n## Relaytext errors\n"),
    })
    return repo, {"release": rel, "after": after}


# ---------------------------------------------------------------------------
# logs


def mono(t, level, msg, ctx=None):
    line = f"[{t.strftime('%Y-%m-%d %H:%M:%S')}] production.{level}: {msg}"
    if ctx:
        line += " " + json.dumps(ctx, separators=(",", ":"), ensure_ascii=False)
    return line


def horizon_line(t, job, status, took_ms=None):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S")
    right = status if took_ms is None else f"{took_ms:.2f}ms {status}"
    dots = max(3, 98 - len(stamp) - len(job) - len(right) - 3)
    return f"  {stamp} {job} {'.' * dots} {right}"


def ms(rng, mean, spread=0.5):
    return max(1.0, round(rng.lognormvariate(0, spread) * mean, 2))


def secs(rng, mean):
    return max(0.002, round(rng.lognormvariate(0, 0.5) * mean, 3))


def build_logs(rng, shas):
    worker, web, horizon, superv, nginx = (Log("laravel-worker01.log"), Log("laravel-web01.log"), Log("horizon-worker01.log"),
                                           Log("supervisord-worker01.log"), Log("nginx-access-web01.log"))
    gha, status_page, audit, export, teams, tickets = (Log("github-actions-deploy.log"), Log("relaytext-status.log"), Log("relaytext-console-audit.log"),
                                                       Log("relaytext-undelivered-export.log"), Log("teams-vetdesk-support.log"), Log("freshservice-tickets.log"))
    stats = {"first_block": None, "blocked": [], "sent": [], "by_network": {}, "resent": 0, "failed_t": [], "exported": 0}

    def version(t):
        if t < REL or ROLLBACK <= t < REDEPLOY:
            return "4.27.2"
        return "4.28.0"

    def job(t, name, took_ms, status="DONE"):
        horizon.add(t, horizon_line(t, name, "RUNNING"))
        e = t + dt.timedelta(milliseconds=took_ms)
        horizon.add(e, horizon_line(e, name, status, took_ms))

    undelivered = []  # messages blocked, for the resend

    def sms(t, kind, site, job_name, log_msg, ctx):
        """One text: the job, Relaytext's delivery report to web01 a few seconds later."""
        dur = ms(rng, 320)
        job(t, job_name, dur)
        done = t + dt.timedelta(milliseconds=dur)
        mid = f"rt_{hexid(rng, 20)}"
        worker.add(done, mono(done, "INFO", log_msg, {**ctx, "message_id": mid}))
        stats["sent"].append(done)
        code, name = weighted(rng, NETWORKS)
        link = KINDS[kind]
        tracked = done < UNTRACK
        blocked = link and tracked and code == "23420" and done >= BLOCK
        if blocked:
            cb = done + dt.timedelta(seconds=rng.uniform(1.2, 5.5))
            st, err, emsg = "undelivered", "4505", "Blocked by carrier content filter"
        else:
            r = rng.random()
            if r < 0.012:
                cb, st, err, emsg = done + dt.timedelta(seconds=rng.uniform(2, 20)), "undelivered", "4001", "Unknown subscriber"
            elif r < 0.024:
                cb, st, err, emsg = done + dt.timedelta(seconds=rng.uniform(30, 240)), "undelivered", "4003", "Absent subscriber"
            else:
                cb, st, err, emsg = done + dt.timedelta(seconds=rng.uniform(2.5, 28)), "delivered", None, None
        stats["by_network"].setdefault(code, [0, 0])
        stats["by_network"][code][0] += 1
        if st != "delivered":
            stats["by_network"][code][1] += 1
            stats["failed_t"].append(cb)
        if blocked:
            stats["blocked"].append((cb, kind, code))
            if stats["first_block"] is None:
                stats["first_block"] = cb
            undelivered.append((cb, kind, site, mid, ctx))
        if rng.random() < 0.5:
            # web01 takes about half of the callbacks (the load balancer alternates)
            if version(cb) == "4.28.0" and st != "delivered":
                web.add(cb, mono(cb, "WARNING", f"SMS undelivered: {emsg}", {"id": mid, "error_code": err, "network": code, "network_name": name, "template": kind}))
            else:
                c = {"id": mid, "status": st}
                if st != "delivered" and version(cb) == "4.27.2":
                    c.update({"error_code": err, "error_message": emsg})
                web.add(cb, mono(cb, "INFO", "Relaytext status callback", c))
            nginx.add(cb, nginx_access(cb, f"34.89.{rng.randint(0, 255)}.{rng.randint(1, 250)}", "POST", "/webhooks/relaytext/status", 204, 0,
                                       secs(rng, 0.02), "Relaytext-Webhooks/2.1", upstream_rt=0.015))
        if st != "delivered" and utc("2026-08-18 07:00:00") <= done:
            body = {"booking_confirmation": "{pet} is booked at Brackenfield Vets {clinic}, {date}. Manage your booking: {link}",
                    "appointment": ("{pet} has an appointment at Brackenfield Vets {clinic} on {date}. Confirm or cancel: {link}" if version(done) == "4.28.0"
                                    else "Hi {owner}, a reminder that {pet} is booked at Brackenfield Vets {clinic} on {date}. To change it: {link}"),
                    "vaccination": "{pet} is due a booster at Brackenfield Vets {clinic}. Book online: {link} or call {phone}",
                    "postop_check": "Hi {owner}, how is {pet} today? Reply or call {clinic} on {phone} if you are worried.",
                    "ready_for_collection": "{pet} is ready to go home from Brackenfield Vets {clinic}. Please call {phone} before you set off.",
                    "lab_call_us": "Brackenfield Vets {clinic} has {pet}'s test results. Please call {phone} to talk them through."}[kind]
            if cb < EXPORT_AT:
                stats["exported"] += 1
                clinic = CLINIC_NAMES.get(site, "Harrogate")
                link = f"https://rtxt.link/{hexid(rng, 7)}" if tracked else f"https://book.brackenfieldvets.co.uk/b/{hexid(rng, 22)}"
                text = body.format(pet=rng.choice(PETS), clinic=clinic, date=f"Wed 19 Aug at {rng.choice(['08:40', '09:10', '10:30', '11:45', '14:20', '15:00', '16:15', '17:30'])}", link=link, owner=rng.choice(["Sarah", "Dave", "Amira", "Gemma", "Ian"]),
                                   phone="01423 555 210")
                export.add(cb, json.dumps({"id": mid, "created_at": done.strftime("%Y-%m-%dT%H:%M:%S.") + f"{done.microsecond // 1000:03d}Z",
                                           "to": f"+447{rng.randint(100, 999)}***{rng.randint(100, 999)}", "from": "BrackenVets", "status": st,
                                           "error_code": int(err), "error_message": emsg, "network": code, "network_name": name, "segments": 1,
                                           "link_tracking": tracked, "body": text}, ensure_ascii=False))
        return st

    # --- booking confirmations (web -> worker), post-op checks, ready for collection, lab call-us texts
    def online_share(t):
        h = t.hour + t.minute / 60
        return 0.6 if h < 7 else 0.3

    t = START
    while t < END:
        h = t.hour + t.minute / 60
        rate = 0.5 if h < 6.9 else 2.4  # bookings a minute (clinics open at 07:00 UTC)
        t += dt.timedelta(seconds=rng.expovariate(rate / 60))
        if t >= END:
            break
        site = rng.choice(CLINICS + HOSPITALS)
        src = "online" if rng.random() < online_share(t) else "reception"
        typ = weighted(rng, [(50, "consult"), (25, "vaccination"), (15, "nurse"), (10, "operation_admit")])
        start = (t + dt.timedelta(days=rng.randint(0, 14), hours=rng.randint(0, 8))).replace(minute=rng.choice([0, 15, 30, 45]), second=0, microsecond=0)
        d = secs(rng, 0.14)
        if rng.random() < 0.5:
            web.add(t, mono(t, "INFO", "Appointment booked", {"site": site, "type": typ, "source": src, "starts_at": start.strftime("%Y-%m-%d %H:%M:%S")}))
            ip_ = f"10.20.{rng.randint(1, 60)}.{rng.randint(10, 200)}" if src == "reception" else f"{rng.randint(80, 212)}.{rng.randint(1, 250)}.{rng.randint(1, 250)}.{rng.randint(1, 250)}"
            nginx.add(t, nginx_access(t, ip_, "POST", "/api/appointments" if src == "reception" else "/book/confirm", 201, rng.randint(300, 900), d,
                                      "vetdesk-desktop/4.2 (Windows NT 10.0)" if src == "reception" else "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
                                      upstream_rt=round(d - 0.001, 3)))
        if rng.random() < 0.8:
            sms(t + dt.timedelta(seconds=rng.uniform(0.3, 2)), "booking_confirmation", site, "App\\Jobs\\SendBookingConfirmation", "Booking confirmation sent",
                {"site": site, "channel": "sms"})

    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(0.35 / 60))
        if t >= END:
            break
        kind = weighted(rng, [(45, "postop_check"), (35, "ready_for_collection"), (20, "lab_call_us")])
        site = rng.choice(CLINICS + HOSPITALS)
        sms(t, kind, site, "App\\Jobs\\SendClientText", "Client text sent", {"site": site, "template": kind})

    # --- appointment reminders every 15 minutes from 06:00 UTC
    t = START.replace(minute=(START.minute // 15) * 15) + dt.timedelta(minutes=15)
    while t < END:
        tt = t + dt.timedelta(seconds=rng.uniform(0.4, 1.2))
        count = rng.randint(26, 58) if t.hour >= 7 else rng.randint(8, 20)
        worker.add(tt, mono(tt, "INFO", "Appointment reminders dispatched", {"window_start": (t + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:00"), "count": count}))
        x = tt
        for _ in range(count):
            x += dt.timedelta(milliseconds=rng.randint(150, 700))
            site = rng.choice(CLINICS + HOSPITALS)
            if rng.random() < 0.008:
                dur = ms(rng, 10100, 0.01)
                job(x, "App\\Jobs\\SendReminderSms", dur, "FAIL")
                e = x + dt.timedelta(milliseconds=dur)
                worker.add(e, mono(e, "ERROR", "Relaytext send failed: cURL error 28: Operation timed out after 10001 milliseconds",
                                   {"appointment": rng.randint(1010000, 1099999), "attempt": 1}))
                continue
            sms(x, "appointment", site, "App\\Jobs\\SendReminderSms", "Reminder SMS sent",
                {"appointment": rng.randint(1010000, 1099999), "site": site, "segments": 1})
        t += dt.timedelta(minutes=15)

    # --- the 09:00 vaccination batch on the sms-bulk queue
    batch = 940
    worker.add(VACC + dt.timedelta(seconds=1.3), mono(VACC + dt.timedelta(seconds=1.3), "INFO", "Vaccination reminders queued", {"count": batch, "due_on": "2026-09-01"}))
    x = VACC + dt.timedelta(seconds=2)
    for _ in range(batch):
        x += dt.timedelta(milliseconds=rng.randint(420, 1000))
        site = rng.choice(CLINICS)
        sms(x, "vaccination", site, "App\\Jobs\\SendVaccinationReminder", "Vaccination reminder sent", {"due": rng.randint(3300000, 3399999), "site": site})
    stats["vacc_end"] = x

    # --- the resend after link tracking is off
    x = RESEND
    todo = [u for u in undelivered if u[0] < UNTRACK and u[1] in ("appointment", "vaccination")]
    worker.add(x, mono(x, "INFO", "reminders:resend started", {"status": "undelivered", "since": "2026-08-18 07:50:00", "messages": len(todo), "user": "jess.harland"}))
    for cb, kind, site, mid, ctx in todo:
        x += dt.timedelta(milliseconds=rng.randint(350, 900))
        st = sms(x, kind, site, "App\\Jobs\\SendReminderSms" if kind == "appointment" else "App\\Jobs\\SendVaccinationReminder",
                 "Reminder SMS sent" if kind == "appointment" else "Vaccination reminder sent", {**ctx, "resend_of": mid})
        stats["resent"] += 1
    worker.add(x + dt.timedelta(seconds=1), mono(x + dt.timedelta(seconds=1), "INFO", "reminders:resend finished", {"resent": stats["resent"]}))

    # --- clients opening their links; diary and other web traffic; routine warnings
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(7.5 / 60))
        r = rng.random()
        ip_ = f"10.20.{rng.randint(1, 60)}.{rng.randint(10, 200)}"
        ua = "vetdesk-desktop/4.2 (Windows NT 10.0)"
        if r < 0.18 and t.hour >= 7:
            d = secs(rng, 0.07)
            mob = f"{rng.choice(['82.132', '86.4', '92.40', '148.252', '31.94', '5.64'])}.{rng.randint(1, 250)}.{rng.randint(1, 250)}"
            nginx.add(t, nginx_access(t, mob, "GET", f"/b/{hexid(rng, 22)}", 200, rng.randint(5000, 9000), d,
                                      rng.choice(["Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
                                                  "Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 Chrome/139.0 Mobile Safari/537.36"]), upstream_rt=round(d - 0.001, 3)))
            if rng.random() < 0.3:
                web.add(t + dt.timedelta(seconds=rng.uniform(5, 40)), mono(t + dt.timedelta(seconds=rng.uniform(5, 40)), "INFO", "Appointment confirmed by client",
                                                                            {"site": rng.choice(CLINICS), "via": "sms_link"}))
        elif r < 0.50:
            d = secs(rng, 0.09)
            nginx.add(t, nginx_access(t, ip_, "GET", f"/api/diary?site={rng.choice(CLINICS + HOSPITALS)}&date=2026-08-{rng.choice(['18', '19', '20'])}",
                                      200, rng.randint(9000, 42000), d, ua, upstream_rt=round(d - 0.001, 3)))
        elif r < 0.56:
            web.add(t, mono(t, "INFO", "Appointment cancelled", {"site": rng.choice(CLINICS), "by": rng.choice(["owner", "reception"]), "notice_hours": rng.randint(1, 200)}))
            nginx.add(t, nginx_access(t, ip_, "DELETE", f"/api/appointments/{rng.randint(1010000, 1099999)}", 204, 0, secs(rng, 0.08), ua, upstream_rt=0.07))
        elif r < 0.575:
            web.add(t, mono(t, "WARNING", "Online booking slot taken meanwhile, offering alternatives", {"site": rng.choice(CLINICS), "type": rng.choice(["vaccination", "consult"])}))
        elif r < 0.585:
            web.add(t, mono(t, "WARNING", "Microchip database lookup failed", {"chip": f"9{rng.randint(10**13, 10**14 - 1)}", "provider": "petlog", "status": rng.choice([502, 504])}))
            nginx.add(t, nginx_access(t, ip_, "GET", "/api/microchip/lookup", 502, 180, secs(rng, 2.5), ua, upstream_rt=2.4))
        else:
            d = secs(rng, 0.06)
            nginx.add(t, nginx_access(t, ip_, "GET", f"/api/patients/{rng.randint(40000, 99000)}", 200, rng.randint(3000, 14000), d, ua, upstream_rt=round(d - 0.001, 3)))

    # lab results (every two minutes) and other jobs, for the worker's ordinary rhythm
    t = START
    while t < END:
        tp = t + dt.timedelta(seconds=rng.uniform(0.6, 1.8))
        n = rng.choice([0, 0, 1, 1, 2, 3]) if t.hour >= 7 else rng.choice([0, 0, 0, 1])
        worker.add(tp, mono(tp, "INFO", f"labs:poll listed {n} result files on sftp.moorsidelabs.co.uk", {"took_ms": rng.randint(260, 700)}))
        x = tp
        for _ in range(n):
            x += dt.timedelta(milliseconds=rng.randint(30, 90))
            dur = rng.uniform(90, 420)
            job(x, "App\\Jobs\\ImportLabResultFile", dur)
            site = rng.choice(CLINICS + HOSPITALS)
            num = f"{site}26-{rng.randint(600, 7200):05d}"
            e = x + dt.timedelta(milliseconds=dur)
            worker.add(e, mono(e, "INFO", "Lab result filed", {"requisition": num, "filler": f"MV26081{rng.randint(700000, 899999)}", "site": site,
                                                               "patient_id": rng.randint(40000, 99000), "tests": rng.choice(["CBC,BIOCHEM", "T4", "SDMA,BIOCHEM", "FRUCT", "UPC,URINALYSIS"]),
                                                               "abnormal": rng.choice([0, 0, 1, 2]), "status": rng.choice(["F", "F", "F", "P"])}))
            x = e
        t += dt.timedelta(minutes=2)
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(0.9 / 60))
        dur = ms(rng, 1800)
        job(t, "App\\Jobs\\RenderInvoicePdf", dur)
        if dur > 5000:
            e = t + dt.timedelta(milliseconds=dur)
            worker.add(e, mono(e, "WARNING", "Invoice PDF took longer than 5s", {"invoice": rng.randint(5300000, 5399999), "lines": rng.randint(40, 180), "ms": dur}))
    t = START + dt.timedelta(minutes=rng.randint(0, 4))
    while t < END:
        worker.add(t, mono(t, "INFO", "horizon:snapshot stored", {"queues": {"labs": rng.randint(0, 3), "sms": rng.randint(0, 25),
                                                                             "sms-bulk": (rng.randint(300, 900) if VACC <= t < stats["vacc_end"] else 0), "default": rng.randint(0, 6)}}))
        t += dt.timedelta(minutes=5, seconds=rng.uniform(0, 2))

    # --- supervisord
    def restart(tt, pid_new):
        stamp = lambda z: z.strftime("%Y-%m-%d %H:%M:%S,") + f"{z.microsecond // 1000:03d}"
        superv.add(tt, f"{stamp(tt)} INFO exited: horizon (exit status 0; expected)")
        t2 = tt + dt.timedelta(seconds=1, milliseconds=rng.randint(0, 500))
        superv.add(t2, f"{stamp(t2)} INFO spawned: 'horizon' with pid {pid_new}")
        t3 = t2 + dt.timedelta(seconds=1)
        superv.add(t3, f"{stamp(t3)} INFO success: horizon entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)")

    for tt, pid in ((REL + dt.timedelta(seconds=17), 40112), (ROLLBACK + dt.timedelta(seconds=15), 43871), (REDEPLOY + dt.timedelta(seconds=16), 46620)):
        restart(tt, pid)

    # --- GitHub Actions
    def gh(x, text):
        gha.add(x, f"{x.strftime('%Y-%m-%dT%H:%M:%S.')}{x.microsecond:06d}0Z {text}")

    def deploy_run(live, number, actor, sha, release_dir, label):
        x0 = live - dt.timedelta(seconds=96)
        gh(x0, f"##[group]Run Deploy #{number} (workflow_dispatch by {actor}) ref=refs/heads/main sha={sha}")
        gh(x0 + dt.timedelta(seconds=2.1), f"HEAD is now at {sha[:7]} {label}")
        gh(x0 + dt.timedelta(seconds=31.4), "+ vendor/bin/dep deploy production -v")
        gh(x0 + dt.timedelta(seconds=32.0), "task deploy:info")
        for host in ("web01", "web02", "worker01"):
            gh(x0 + dt.timedelta(seconds=32.2), f"[{host}] info deploying main ({sha[:7]})")
        for k, task in enumerate(["deploy:setup", "deploy:lock", "deploy:release", "deploy:update_code", "deploy:shared", "deploy:writable", "deploy:vendors",
                                  "artisan:storage:link", "artisan:config:cache", "artisan:route:cache", "artisan:view:cache", "artisan:event:cache", "artisan:migrate"]):
            gh(x0 + dt.timedelta(seconds=33 + k * 4.4), f"task {task}")
        gh(x0 + dt.timedelta(seconds=86.3), "[worker01] INFO  Nothing to migrate.")
        gh(x0 + dt.timedelta(seconds=95.8), "task deploy:symlink")
        gh(x0 + dt.timedelta(seconds=96.1), f"[web01] run ln -nfs /var/www/vetdesk/releases/{release_dir} /var/www/vetdesk/current")
        gh(x0 + dt.timedelta(seconds=97.0), "task artisan:horizon:terminate")
        gh(x0 + dt.timedelta(seconds=97.6), "[worker01] INFO  Sending TERM signal to processes.")
        gh(x0 + dt.timedelta(seconds=98.0), "task deploy:unlock")
        gh(x0 + dt.timedelta(seconds=98.9), "task deploy:cleanup")
        gh(x0 + dt.timedelta(seconds=99.5), "task deploy:success")
        gh(x0 + dt.timedelta(seconds=99.6), "[web01] info successfully deployed!")
        gh(x0 + dt.timedelta(seconds=99.8), "##[endgroup]")

    deploy_run(REL, 344, "jess-harland", shas["release"], 247, "release 4.28.0")
    xr = ROLLBACK - dt.timedelta(seconds=30)
    gh(xr, "##[group]Run Rollback #31 (workflow_dispatch by jess-harland)")
    gh(xr + dt.timedelta(seconds=24.2), "+ vendor/bin/dep rollback production -v")
    gh(xr + dt.timedelta(seconds=25.0), "task rollback")
    for host in ("web01", "web02", "worker01"):
        gh(xr + dt.timedelta(seconds=25.6), f"[{host}] info rolled back to release 246")
    gh(xr + dt.timedelta(seconds=26.9), "task artisan:horizon:terminate")
    gh(xr + dt.timedelta(seconds=28.0), "##[endgroup]")
    deploy_run(REDEPLOY, 345, "jess-harland", shas["release"], 248, "release 4.28.0")

    # --- Relaytext status page (statuspage.io-style incident updates) and console audit
    def status(tt, st, body, comps):
        status_page.add(tt, json.dumps({"incident": {"id": "k2m8q7r4v1xz", "name": "Delivery issues to a UK mobile network", "status": st, "impact": "minor",
                                                     "updated_at": tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond // 1000:03d}Z",
                                                     "incident_update": {"status": st, "body": body}, "components": comps}}, ensure_ascii=False))

    status(utc("2026-08-18 09:18:22"), "investigating", "We are investigating reports of undelivered messages to subscribers of a UK mobile network. Messages to other networks are not affected.",
           [{"name": "SMS delivery - United Kingdom", "status": "degraded_performance"}])
    status(utc("2026-08-18 09:55:41"), "identified",
           "A UK mobile network is blocking messages that contain rtxt.link tracking links, after a phishing campaign sent by a third party through our platform. "
           "The account has been suspended and we are working with the network to lift the block. Workaround: turn off link tracking or use a custom tracking domain.",
           [{"name": "SMS delivery - United Kingdom", "status": "degraded_performance"}, {"name": "Link tracking (rtxt.link)", "status": "partial_outage"}])
    status(utc("2026-08-18 11:02:10"), "monitoring", "The network has confirmed the block on rtxt.link will be lifted once its review completes. Messages without rtxt.link links are delivered normally.",
           [{"name": "SMS delivery - United Kingdom", "status": "operational"}, {"name": "Link tracking (rtxt.link)", "status": "partial_outage"}])

    def aud(tt, actor, action, **kv):
        audit.add(tt, json.dumps({"timestamp": tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond // 1000:03d}Z", "account": "AC7f3b19e2 (Brackenfield Vets)",
                                  "actor": actor, "action": action, **kv}, ensure_ascii=False))

    aud(utc("2026-08-18 06:58:12"), "marketing@brackenfieldvets.co.uk", "user.login", ip="81.149.22.7")
    aud(utc("2026-08-18 07:02:40"), "marketing@brackenfieldvets.co.uk", "report.export", report="link_clicks", period="2026-08-10/2026-08-16")
    aud(utc("2026-08-18 08:19:05"), "jess.harland@brackenfieldvets.co.uk", "user.login", ip="81.149.22.31")
    aud(utc("2026-08-18 09:20:44"), "jess.harland@brackenfieldvets.co.uk", "messages.export", filter="status=undelivered created_at>=2026-08-18T07:00Z", rows=stats["exported"])
    aud(utc("2026-08-18 09:31:02"), "jess.harland@brackenfieldvets.co.uk", "support.ticket_created", ticket="RT-220914", subject="Undelivered to Three UK, error 4505")
    aud(UNTRACK, "jess.harland@brackenfieldvets.co.uk", "settings.update", setting="messaging.link_tracking", old="enabled (rtxt.link)", new="disabled")
    aud(utc("2026-08-18 10:48:30"), "marketing@brackenfieldvets.co.uk", "settings.view", setting="messaging.link_tracking")

    # --- Freshservice tickets
    def ticket(tt, tid, prio, requester, subject, desc):
        tickets.add(tt, json.dumps({"event": "ticket_created", "ticket": {"id": tid, "created_at": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), "priority": prio,
                                                                          "group": "Clinical Systems", "requester": requester, "subject": subject,
                                                                          "description": desc}}, ensure_ascii=False))

    ticket(utc("2026-08-18 06:41:10"), 90102, "low", "Ilkley reception", "Card reader offline", "Till 2 card reader says no connection since opening.")
    ticket(utc("2026-08-18 08:47:33"), 90117, "medium", "Skipton reception", "Client didn't get reminder", "Client rang, no reminder text for tomorrow's appointment. Mobile number checked and correct (she is on Three).")
    ticket(utc("2026-08-18 09:24:50"), 90121, "medium", "Darlington practice manager", "Booking confirmation texts", "Two clients booked online this morning and got no confirmation text. Both on Three if that matters.")
    ticket(utc("2026-08-18 09:38:05"), 90124, "low", "Harrogate reception", "Vaccination reminder not received", "Client says her neighbour got the booster text and she didn't, same vet.")

    # --- Teams #vetdesk-support
    def say(tt, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(tt, json.dumps({"createdDateTime": tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond // 1000:03d}Z", "channel": "vetdesk-support",
                                  "from": who, "body": text}, ensure_ascii=False))

    fb = stats["first_block"]
    say(REL - dt.timedelta(minutes=3), "Jess Harland", "deploying vetdesk 4.28.0: VD-522 appointment reminder 'Confirm or cancel', VD-519 undelivered texts logged as warnings, VD-517 next nurse slot, guzzle 7.9.2")
    say(REL + dt.timedelta(minutes=2, seconds=30), "Jess Harland", "4.28.0 out. with VD-519 the usual 2 % of unknown/absent subscribers show up as 'SMS undelivered' warnings, that's expected")
    say(utc("2026-08-18 08:12:10"), "Alertmanager", "[FIRING:1] SmsUndeliveredRatio vetdesk undelivered/sent > 5% (10m)")
    say(utc("2026-08-18 08:15:40"), "Jess Harland", "looking. lots of 'SMS undelivered: Blocked by carrier content filter', error 4505. never seen that code")
    say(utc("2026-08-18 08:21:05"), "Sanjay Bhatt", "runbook (SMS delivery failures): networks filter on content, roll back a template change first. VD-522 changed the appointment reminder to 'Confirm or cancel: <link>', that's the kind of wording filters hate")
    say(utc("2026-08-18 08:24:30"), "Jess Harland", "booking confirmations fail too and VD-522 didn't touch those, but they're all going out next to the new reminders. rolling back to 4.27.2 and we'll reword after")
    say(ROLLBACK + dt.timedelta(minutes=2), "Jess Harland", "4.27.2 back (release 246). the warnings are gone, but that's only VD-519 gone: the callbacks still say undelivered, 4505")
    say(utc("2026-08-18 08:47:50"), "Service Desk (Priya)", "Skipton: a client didn't get her reminder for tomorrow. number is right, she's on Three")
    n_vacc = sum(1 for c, k, _ in stats["blocked"] if k == "vaccination" and c < VACC + dt.timedelta(minutes=9))
    say(VACC + dt.timedelta(minutes=9), "Sanjay Bhatt", f"the 10:00 vaccination batch is failing the same way, {n_vacc} undelivered so far, 4505. nobody changed that template, not in 4.28.0 or anywhere this month")
    say(utc("2026-08-18 09:11:20"), "Imogen Clarke", "grouped sms_messages since 07:00 by network: every 4505 is network 23420, Three UK. EE, O2, Vodafone deliver everything. and on Three the post-op and ready-for-collection texts are delivered. only texts with a link")
    say(utc("2026-08-18 09:19:30"), "Jess Harland", "status.relaytext.com just posted 'delivery issues to a UK mobile network', investigating. exporting the undelivered messages from their console")
    say(utc("2026-08-18 09:24:10"), "Jess Harland", "the export shows the body as sent: our links are rewritten to https://rtxt.link/... by their link tracking. every undelivered one has an rtxt.link link")
    say(utc("2026-08-18 09:33:00"), "Jess Harland", "ticket RT-220914 with Relaytext support")
    say(utc("2026-08-18 09:46:40"), "Jess Harland", "Relaytext support: Three UK's firewall blocks rtxt.link since about 08:50 BST after a third party's phishing campaign went out through it last night ('parcel redelivery fee'). they suspended the account, Three's review takes hours. workaround: link tracking off or a custom tracking domain")
    say(utc("2026-08-18 09:50:10"), "Sanjay Bhatt", "marketing uses the click counts but they can live without them today. custom domain needs DNS and Relaytext verification, not quick")
    say(UNTRACK + dt.timedelta(seconds=50), "Jess Harland", "link tracking off in the Relaytext console. texts now carry book.brackenfieldvets.co.uk links")
    say(UNTRACK + dt.timedelta(minutes=8), "Imogen Clarke", "first reminders to Three numbers since link tracking went off are delivered")
    say(REDEPLOY - dt.timedelta(minutes=2), "Jess Harland", "the rollback did nothing, deploying 4.28.0 again")
    say(RESEND + dt.timedelta(seconds=20), "Jess Harland", f"reminders:resend --status=undelivered --since='2026-08-18 07:50' (UTC) for the appointment and vaccination reminders, {stats['resent']} texts")
    say(RESEND + dt.timedelta(minutes=16), "Sanjay Bhatt", "resent texts delivered on Three. VD-526 runbook section coming. booking confirmations from this morning aren't resent, clients have the email too")
    say(utc("2026-08-18 11:05:00"), "Jess Harland", "Relaytext status: monitoring, Three will lift the block after its review. we leave link tracking off until then. postmortem Thursday")
    return [worker, web, horizon, superv, nginx, gha, status_page, audit, export, teams, tickets], stats


def build(out_dir):
    rng = random.Random(68200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_block"].replace(microsecond=0)
        assert BLOCK < onset < BLOCK + dt.timedelta(minutes=10), onset
        blocked = stats["blocked"]
        assert all(code == "23420" for _, _, code in blocked)
        assert len(blocked) >= 100, len(blocked)
        sent, failed = stats["sent"], stats["failed_t"]

        def ratio(t):
            s = sum(1 for x in sent if t - dt.timedelta(minutes=10) < x <= t)
            f = sum(1 for x in failed if t - dt.timedelta(minutes=10) < x <= t)
            return round(100.0 * f / s, 2) if s else 0

        def per_network(code):
            def fn(t):
                return sum(1 for c, _, n in blocked if n == code and t - dt.timedelta(minutes=5) < c <= t)
            return fn

        metrics = {
            "vetdesk_sms_undelivered_ratio_10m.json": query_range([({"job": "vetdesk"}, ratio)], START, END, 60),
            "vetdesk_sms_undelivered_4505_5m.json": query_range([({"job": "vetdesk", "network": "23420", "error_code": "4505"}, per_network("23420"))], START, END, 60),
        }
        fmt = r'\[<Date> <Time>\] <Env>\.<Level>: <Content>'
        return write_scenario(
            out_dir, name="r68-shortlink-carrier-block-none", service=SERVICE, onset=onset,
            description=f"""
Brackenfield Vets' texts stop reaching some clients on Tuesday 18 August:
from {onset.strftime('%H:%M:%S')} UTC Relaytext's delivery reports say "undelivered" for
booking confirmations and reminders to Three UK numbers. vetdesk 4.28.0,
which changed the appointment reminder's wording, had been deployed at
07:31; a rollback to 4.27.2 at 08:34 did not help, and the 09:00 batch of
vaccination reminders failed alike. Texts were delivered again from
09:52; 4.28.0 was deployed again at 10:05 and the reminders were resent
at 10:20.
""",
            logs=logs,
            line_formats={"laravel-worker01.log": fmt, "laravel-web01.log": fmt, "horizon-worker01.log": r'\s+<Date> <Time> <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'Blocked by carrier content filter', r'blocking messages that contain rtxt\.link tracking links'],
            fix_files=[],
            explanation=f"""
No commit caused this. Relaytext's link tracking, an account setting on
since 2024, rewrites every link in vetdesk's texts to its shared short
domain rtxt.link. After a third party's smishing campaign through
rtxt.link the night before, Three UK's SMS firewall blocked every text
with an rtxt.link link from about 07:52 UTC: Relaytext's delivery reports
for Three numbers said "undelivered", 4505 "Blocked by carrier content
filter" ({len(blocked)} texts: booking confirmations, appointment and
vaccination reminders), while texts without a link reached Three and the
other networks delivered everything. Relaytext's status page named the
block at 09:55 ("A UK mobile network is blocking messages that contain
rtxt.link tracking links"). Turning link tracking off in Relaytext's
console at 09:52 ended it; the undelivered reminders were resent. The
runbook section VD-526 after the incident is documentation.
Decoys: release 4.28.0, {round((onset - REL).total_seconds() / 60)} minutes before the onset (VD-522, the
appointment reminder's wording, "Confirm or cancel", which the runbook
says networks filter on; VD-519, which adds the very "SMS undelivered"
warning; VD-517; a Guzzle bump), rolled back at 08:34 without effect
(the warning goes, the undelivered reports stay) and deployed again at
10:05; the runbook commit that reads delivery failures after a template
change as our wording; the docs commit on templates; the routine
undelivered reports (unknown and absent subscribers) and Relaytext
timeouts; microchip lookup 502s and slow invoice PDFs.
""",
        )
    finally:
        repo.close()
