"""vetdesk (PHP 8.3, Laravel 11 with Horizon on Redis, MySQL 8; two web
VMs and one worker VM, deployed by a GitHub Actions workflow that runs
Deployer; team in Leeds and Kraków) of Brackenfield Vets, a chain of 48
first-opinion clinics and five 24-hour hospitals in Yorkshire, the North
East and the East Midlands. vetdesk is the chain's practice platform:
the reception diary and online booking, SMS reminders through Relaytext,
and the reference lab. Vets raise a requisition for Moorside Vet Labs
(MVL) in the consult; the requisition form goes in the sample bag with
its number as a Code 128 barcode, MVL's couriers collect from every site
at 12:30 and 17:00 (BST), MVL's reception scans the barcode into its LIS,
and MVL drops each result as an HL7 v2.4 ORU^R01 file on its SFTP server
with the requisition number in OBR-2 (placer order number). vetdesk's
`labs:poll` lists the inbox every two minutes and a Horizon job imports
each file: it finds the requisition by exact number, files the results
in the patient record and puts a task in the vet's diary.

Monday 20 July 2026, 10:12 UTC: VD-412 "requisitions: number per site".
Requisition numbers were one chain-wide sequence (R2233871); couriers,
MVL's phone team and clinics could not tell where a sample came from.
The new number is `<site code>-<yy>-<5-digit sequence per site>`. The
tests use KNA (Knaresborough): KNA-26-00001, twelve characters. The
clinics have three-letter site codes; the five hospitals have four
(LDSH, YRKH, SHFH, NCLH, TSDH), so their numbers have thirteen. The
author read MVL's interface spec as "OBR-2, ST, up to 22" (HL7's
length); MVL's LIS keeps twelve characters of a scanned requisition
number and drops the rest, silently, at reception.

Tuesday 21 July, 07:40 UTC: release 4.19.0 is deployed (the workflow
names the release commit). Every requisition from then has the new
number. Samples of the morning go on the 12:30 courier; MVL releases
their results from about 16:20 BST (15:20 UTC). Clinics' results match;
the hospitals' come back with placer numbers one digit short
(LDSH-26-0601 for LDSH-26-06012) and match nothing. Results of older
requisitions (R-numbers) still arrive and match.

14:55 UTC: release 4.20.0 (VD-418: unmatched result files are moved to
unmatched/ with a warning instead of being re-read every poll, so the
very "Lab result unmatched: no requisition for placer order number"
warning is new; VD-416 in the culprit's file; VD-420, the clinic's
phone in vaccination reminders; phpseclib, the SFTP library, bumped).
From 15:26 the hospitals' results are parked. A Leeds hospital vet
phones MVL for a cortisol result MVL released; the lab liaison finds
the parked files. The on-call suspects VD-418 and the phpseclib bump
and rolls back to 4.19.0 at 16:42: the files now stay in the inbox and
are re-read every poll ("left in inbox: no requisition for placer order
number"), still unmatched. The lab liaison sees that every unmatched
placer is twelve characters and one digit short of a hospital
requisition; MVL's IT confirms the twelve-character field. VD-424 (4.20.1,
18:06) makes numbers at most twelve characters (`LDSH26-06044`) and
matches a twelve-character placer to the one requisition of that site
it is a prefix of, if the patient's name agrees; `labs:rematch-parked`
files the parked results.

Sources: laravel.log of worker01 and web01 (Monolog line format, line
format), Horizon worker output (line format), supervisord, nginx access
(web01), GitHub Actions deploy runs (Deployer), Teams #vetdesk-support
(JSON lines), Freshservice tickets (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores

SERVICE = "vetdesk"
START, END = utc("2026-07-21 13:10:00"), utc("2026-07-21 19:30:00")
CULPRIT_AT = utc("2026-07-20 10:12:00")
REL_419 = utc("2026-07-21 07:40:20")   # 4.19.0 live (holds VD-412)
REL_420 = utc("2026-07-21 14:55:40")   # 4.20.0 live
ROLLBACK = utc("2026-07-21 16:42:10")  # back to 4.19.0
FIX = utc("2026-07-21 18:06:30")       # 4.20.1 live
REMATCH = utc("2026-07-21 18:15:05")

CLINICS = ["HRG", "KNA", "RIP", "WTB", "OTL", "ILK", "SKP", "KGH", "BGL", "SHP", "HLF", "HDF", "DWS", "WKF", "PFT", "CAS",
           "SEL", "TAD", "YKA", "YKH", "MLT", "PKR", "THR", "NTH", "BDL", "DRL", "STK", "MBR", "RDC", "GSB", "DHM", "CLS",
           "SLD", "GTH", "HXM", "DON", "BSL", "ROT", "SHC", "SHH", "CHF", "WKS", "NWK", "MNF", "LCN", "GNT", "SCN", "GRM"]
HOSPITALS = ["LDSH", "YRKH", "SHFH", "NCLH", "TSDH"]
HOSP_NAMES = {"LDSH": "Leeds Hospital", "YRKH": "York Hospital", "SHFH": "Sheffield Hospital", "NCLH": "Newcastle Hospital",
              "TSDH": "Teesside Hospital"}
PETS = ["BELLA", "MILO", "LUNA", "TEDDY", "ALFIE", "BISCUIT", "POPPY", "MAX", "DAISY", "CHARLIE", "WILLOW", "OSCAR", "RUBY",
        "BAILEY", "NALA", "MOLLY", "BEAR", "COCO", "ROSIE", "MISTY", "SMUDGE", "TILLY", "BRUNO", "PEANUT", "HONEY", "JASPER",
        "PIPPIN", "MABEL", "OTIS", "FERN", "ZIGGY", "MAGGIE"]
OWNERS = ["JONES", "KHAN", "SMITH", "BROWN", "TAYLOR", "WILSON", "HUSSAIN", "WALKER", "ROBINSON", "WRIGHT", "THOMPSON", "HALL",
          "GREEN", "WOOD", "CLARKE", "BIBI", "PATEL", "HUGHES", "MOORE", "ATKINSON", "DOBSON", "HIRST", "SHAW", "BARKER",
          "NOWAK", "OKONKWO", "LEE", "MURPHY", "FAIRBURN", "SUTCLIFFE", "ASHWORTH", "BRADLEY", "CHOUDHURY", "DALE", "ELLIS",
          "FOSTER", "GIBSON", "HOLROYD", "IQBAL", "JACKSON", "KERSHAW", "LAWSON", "MAHMOOD", "NAYLOR", "PICKERSGILL", "RAMSDEN"]
SPECIES = [(60, "CANINE"), (33, "FELINE"), (4, "LAPINE"), (2, "EQUINE"), (1, "AVIAN")]
PANELS = [(30, "CBC,BIOCHEM"), (14, "BIOCHEM"), (10, "T4"), (6, "SDMA,BIOCHEM"), (6, "CBC"), (5, "UPC,URINALYSIS"),
          (4, "FRUCT"), (4, "CORT-ACTH"), (3, "TLI,B12,FOL"), (3, "BILE-ACIDS"), (3, "FELV-FIV"), (3, "CULT-URINE"),
          (2, "PCR-RESP"), (2, "HISTO"), (3, "CYTO")]
VETS = ["Dr A. Moss", "Dr P. Singh", "Dr K. Ellery", "Dr J. Varga", "Dr L. Fenwick", "Dr S. Whitaker", "Dr M. Oduya",
        "Dr R. Bell", "Dr C. Iqbal", "Dr H. Lund", "Dr E. Marr", "Dr T. Quayle"]


def sub(text, *pairs):
    """text with each old replaced by new once; every old must be present."""
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
        "laravel/framework": "^11.15",
        "laravel/horizon": "^5.27",
        "phpseclib/phpseclib": "^3.0.41",
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
    "content-hash": "8c1f0d5e2b7a43c9e1d6f0a2b3c4d5e6",
    "packages": [
        {"name": "laravel/framework", "version": "v11.15.0"},
        {"name": "laravel/horizon", "version": "v5.27.1"},
        {"name": "league/flysystem-sftp-v3", "version": "3.28.0"},
        {"name": "phpseclib/phpseclib", "version": "3.0.41"},
        {"name": "guzzlehttp/guzzle", "version": "7.8.1"},
        {"name": "picqer/php-barcode-generator", "version": "v2.4.0"},
        {"name": "barryvdh/laravel-dompdf", "version": "v2.2.0"}
    ]
}
"""

REQNUM_V1 = """<?php

namespace App\\Labs;

use Illuminate\\Support\\Facades\\DB;

/**
 * Requisition numbers go on the MVL request form (Code 128 barcode and
 * text) and come back in OBR-2, the placer order number, of MVL's ORU
 * results. ImportLabResultFile finds a result's requisition by it.
 */
class RequisitionNumber
{
    public static function next(): string
    {
        DB::update('UPDATE requisition_counter SET value = LAST_INSERT_ID(value + 1)');
        $n = (int) DB::getPdo()->lastInsertId();

        return sprintf('R%07d', $n);
    }
}
"""

REQUISITION_SERVICE = """<?php

namespace App\\Labs;

use App\\Models\\Consult;
use App\\Models\\Requisition;
use Illuminate\\Support\\Facades\\Log;

class RequisitionService
{
    public function create(Consult $consult, array $tests): Requisition
    {
        $requisition = Requisition::create([
            'number' => RequisitionNumber::next(),
            'site_id' => $consult->site_id,
            'patient_id' => $consult->patient_id,
            'vet_id' => $consult->vet_id,
            'lab' => 'MVL',
            'tests' => $tests,
        ]);
        Log::info('Requisition created', [
            'number' => $requisition->number,
            'site' => $consult->site->code,
            'patient_id' => $consult->patient_id,
            'tests' => implode(',', $tests),
        ]);

        return $requisition;
    }
}
"""

IMPORT_V1 = """<?php

namespace App\\Jobs;

use App\\Labs\\Hl7\\OruParser;
use App\\Labs\\LabInbox;
use App\\Labs\\ResultFiler;
use App\\Models\\Requisition;
use Illuminate\\Bus\\Queueable;
use Illuminate\\Contracts\\Queue\\ShouldQueue;
use Illuminate\\Foundation\\Bus\\Dispatchable;
use Illuminate\\Queue\\InteractsWithQueue;
use Illuminate\\Support\\Facades\\Log;

/**
 * Imports one ORU^R01 file from MVL's SFTP inbox. A file whose requisition
 * is not found stays in the inbox and is tried again at the next poll
 * (the requisition may not be saved yet when MVL is quick).
 */
class ImportLabResultFile implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable;

    public int $tries = 3;

    public function __construct(public string $path)
    {
        $this->onQueue('labs');
    }

    public function handle(LabInbox $inbox, OruParser $parser, ResultFiler $filer): void
    {
        $oru = $parser->parse($inbox->read($this->path));
        $context = ['file' => basename($this->path), 'filler' => $oru->fillerOrderNumber(), 'account' => $oru->account()];
        $placer = trim($oru->placerOrderNumber());
        if ($placer === '') {
            Log::info('Lab result file left in inbox: no placer order number', $context);

            return;
        }
        $requisition = Requisition::where('number', $placer)->first();
        if ($requisition === null) {
            Log::info("Lab result file left in inbox: no requisition for placer order number {$placer}", $context);

            return;
        }
        $filer->file($requisition, $oru);
        $inbox->archive($this->path);
    }
}
"""

POLL = """<?php

namespace App\\Console\\Commands;

use App\\Jobs\\ImportLabResultFile;
use App\\Labs\\LabInbox;
use Illuminate\\Console\\Command;
use Illuminate\\Support\\Facades\\Log;

class PollLabResults extends Command
{
    protected $signature = 'labs:poll';

    protected $description = 'List MVL\\'s SFTP inbox and queue an import per result file';

    public function handle(LabInbox $inbox): int
    {
        $started = microtime(true);
        $files = $inbox->list();
        foreach ($files as $path) {
            ImportLabResultFile::dispatch($path);
        }
        Log::info(sprintf('labs:poll listed %d result files on %s', count($files), config('labs.sftp.host')), [
            'took_ms' => (int) ((microtime(true) - $started) * 1000),
        ]);

        return self::SUCCESS;
    }
}
"""

LABS_CONFIG = """<?php

return [
    'sftp' => [
        'host' => env('MVL_SFTP_HOST', 'sftp.moorsidelabs.co.uk'),
        'username' => env('MVL_SFTP_USER', 'brackenfield'),
        'private_key' => env('MVL_SFTP_KEY_PATH', '/etc/vetdesk/mvl_ed25519'),
        'inbox' => '/outbound/brackenfield',
        'archive' => '/outbound/brackenfield/archive',
    ],
    'poll_every_minutes' => 5,
];
"""

CONSOLE_ROUTES = """<?php

use Illuminate\\Support\\Facades\\Schedule;

Schedule::command('labs:poll')->cron('*/5 * * * *')->withoutOverlapping();
Schedule::command('reminders:dispatch')->everyFifteenMinutes()->between('06:00', '19:00');
Schedule::command('horizon:snapshot')->everyFiveMinutes();
"""

REMINDER_LANG = """<?php

return [
    'appointment' => 'Hi :owner, a reminder that :pet is booked at Brackenfield Vets :clinic on :date at :time. To change it: :link',
    'vaccination' => ':pet is due a booster at Brackenfield Vets :clinic. Book online: :link',
];
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

    public function __construct(public int $appointmentId)
    {
        $this->onQueue('sms');
    }

    public function handle(RelaytextClient $sms): void
    {
        $appointment = Appointment::with(['patient.owner', 'site'])->find($this->appointmentId);
        if ($appointment === null || $appointment->cancelled_at !== null) {
            return;
        }
        $body = __('sms.appointment', [
            'owner' => $appointment->patient->owner->first_name,
            'pet' => $appointment->patient->name,
            'clinic' => $appointment->site->name,
            'date' => $appointment->starts_at->format('D j M'),
            'time' => $appointment->starts_at->format('H:i'),
            'link' => route('booking.manage', $appointment->manage_token),
        ]);
        $sent = $sms->send($appointment->patient->owner->mobile, $body);
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
the `Rollback` workflow (`dep rollback production`): the previous release
directory is linked again, no migrations are undone.

## Horizon queue backlog

`labs` and `sms` queues over 200 jobs for 10 minutes. Check
`php artisan horizon:status` on worker01 and Redis memory.

## Relaytext errors

SMS sends failing with 5xx: check status.relaytext.com. Reminders are
retried three times; `php artisan reminders:resend --failed` after an
outage.
"""

LABS_DOC = """# Lab results (Moorside Vet Labs)

- Vets raise a requisition in the consult; the form (PDF) goes in the
  sample bag. MVL couriers collect at 12:30 and 17:00 local time.
- MVL drops one HL7 v2.4 ORU^R01 file per result on
  sftp.moorsidelabs.co.uk:/outbound/brackenfield. `labs:poll` queues an
  `ImportLabResultFile` job per file.
- A result finds its requisition by OBR-2 (placer order number), which
  MVL's reception scans from the barcode on the form.
- Paper forms (no barcode) and MVL's EQA samples have no placer order
  number; the lab liaison files those by hand.
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
        "app/Labs/RequisitionNumber.php": REQNUM_V1,
        "app/Labs/RequisitionService.php": REQUISITION_SERVICE,
        "app/Labs/RequisitionPdf.php": "<?php\n\nnamespace App\\Labs;\n\nuse App\\Models\\Requisition;\nuse Barryvdh\\DomPDF\\Facade\\Pdf;\n\nclass RequisitionPdf\n{\n    public function render(Requisition $requisition): string\n    {\n        return Pdf::loadView('labs.requisition', ['requisition' => $requisition])->output();\n    }\n}\n",
        "app/Labs/LabInbox.php": "<?php\n\nnamespace App\\Labs;\n\nuse Illuminate\\Support\\Facades\\Storage;\n\n/** MVL's SFTP inbox (league/flysystem-sftp-v3 on phpseclib). */\nclass LabInbox\n{\n    public function list(): array\n    {\n        return array_values(array_filter(Storage::disk('mvl')->files(config('labs.sftp.inbox')), fn ($p) => str_ends_with($p, '.hl7')));\n    }\n\n    public function read(string $path): string\n    {\n        return Storage::disk('mvl')->get($path);\n    }\n\n    public function archive(string $path): void\n    {\n        Storage::disk('mvl')->move($path, config('labs.sftp.archive').'/'.basename($path));\n    }\n}\n",
        "app/Labs/Hl7/OruParser.php": "<?php\n\nnamespace App\\Labs\\Hl7;\n\n/** Minimal HL7 v2.4 ORU^R01 reader for MVL's results (MSH, PID, ORC, OBR, OBX, NTE). */\nclass OruParser\n{\n    public function parse(string $raw): Oru\n    {\n        $segments = preg_split('/\\r\\n|\\r|\\n/', trim($raw));\n\n        return new Oru(array_map(fn ($s) => explode('|', $s), $segments));\n    }\n}\n",
        "app/Labs/ResultFiler.php": "<?php\n\nnamespace App\\Labs;\n\nuse App\\Jobs\\NotifyVetOfLabResult;\nuse App\\Labs\\Hl7\\Oru;\nuse App\\Models\\Requisition;\nuse Illuminate\\Support\\Facades\\Log;\n\nclass ResultFiler\n{\n    public function file(Requisition $requisition, Oru $oru): void\n    {\n        $requisition->results()->createMany($oru->observations());\n        $requisition->update(['status' => $oru->resultStatus()]);\n        Log::info('Lab result filed', ['requisition' => $requisition->number, 'filler' => $oru->fillerOrderNumber(),\n            'site' => $requisition->site->code, 'patient_id' => $requisition->patient_id,\n            'tests' => $oru->testCodes(), 'abnormal' => $oru->abnormalCount(), 'status' => $oru->resultStatus()]);\n        NotifyVetOfLabResult::dispatch($requisition->id);\n    }\n}\n",
        "app/Jobs/ImportLabResultFile.php": IMPORT_V1,
        "app/Jobs/NotifyVetOfLabResult.php": "<?php\n\nnamespace App\\Jobs;\n\nuse App\\Models\\Requisition;\nuse Illuminate\\Bus\\Queueable;\nuse Illuminate\\Contracts\\Queue\\ShouldQueue;\nuse Illuminate\\Foundation\\Bus\\Dispatchable;\nuse Illuminate\\Support\\Facades\\Log;\n\nclass NotifyVetOfLabResult implements ShouldQueue\n{\n    use Dispatchable, Queueable;\n\n    public function __construct(public int $requisitionId)\n    {\n        $this->onQueue('labs');\n    }\n\n    public function handle(): void\n    {\n        $requisition = Requisition::with('vet')->findOrFail($this->requisitionId);\n        $requisition->vet->diaryTasks()->create(['kind' => 'lab_result', 'requisition_id' => $requisition->id]);\n        Log::info('Vet notified of lab result', ['requisition' => $requisition->number, 'vet' => $requisition->vet->display_name]);\n    }\n}\n",
        "app/Jobs/SendReminderSms.php": SEND_REMINDER,
        "app/Console/Commands/PollLabResults.php": POLL,
        "app/Console/Commands/DispatchReminders.php": "<?php\n\nnamespace App\\Console\\Commands;\n\nuse App\\Jobs\\SendReminderSms;\nuse App\\Models\\Appointment;\nuse Illuminate\\Console\\Command;\nuse Illuminate\\Support\\Facades\\Log;\n\nclass DispatchReminders extends Command\n{\n    protected $signature = 'reminders:dispatch';\n\n    public function handle(): int\n    {\n        $from = now()->addDay()->startOfMinute();\n        $due = Appointment::whereBetween('starts_at', [$from, $from->copy()->addMinutes(15)])->whereNull('reminded_at')->pluck('id');\n        $due->each(fn ($id) => SendReminderSms::dispatch($id));\n        Log::info('Appointment reminders dispatched', ['window_start' => $from->toDateTimeString(), 'count' => $due->count()]);\n\n        return self::SUCCESS;\n    }\n}\n",
        "app/Sms/RelaytextClient.php": "<?php\n\nnamespace App\\Sms;\n\nuse Illuminate\\Support\\Facades\\Http;\n\nclass RelaytextClient\n{\n    public function send(string $to, string $body): SentMessage\n    {\n        $resp = Http::withToken(config('sms.relaytext.token'))->timeout(10)->retry(2, 500)\n            ->post('https://api.relaytext.com/v2/messages', ['to' => $to, 'from' => 'BrackenVets', 'body' => $body,\n                'status_callback' => route('webhooks.relaytext.status')])->throw()->json();\n\n        return new SentMessage($resp['id'], $resp['segments']);\n    }\n}\n",
        "app/Http/Controllers/Webhooks/RelaytextStatusController.php": "<?php\n\nnamespace App\\Http\\Controllers\\Webhooks;\n\nuse App\\Models\\SmsMessage;\nuse Illuminate\\Http\\Request;\nuse Illuminate\\Support\\Facades\\Log;\n\nclass RelaytextStatusController\n{\n    public function __invoke(Request $request)\n    {\n        SmsMessage::where('provider_id', $request->input('id'))->update(['status' => $request->input('status')]);\n        Log::info('Relaytext status callback', $request->only(['id', 'status', 'error_code']));\n\n        return response()->noContent();\n    }\n}\n",
        "app/Http/Controllers/Api/AppointmentController.php": "<?php\n\nnamespace App\\Http\\Controllers\\Api;\n\nuse App\\Booking\\SlotFinder;\nuse App\\Http\\Requests\\BookAppointment;\nuse Illuminate\\Support\\Facades\\Log;\n\nclass AppointmentController\n{\n    public function store(BookAppointment $request, SlotFinder $slots)\n    {\n        $appointment = $slots->book($request->validated());\n        Log::info('Appointment booked', ['site' => $appointment->site->code, 'type' => $appointment->type,\n            'source' => $request->input('source', 'reception'), 'starts_at' => $appointment->starts_at->toDateTimeString()]);\n\n        return $appointment;\n    }\n}\n",
        "app/Booking/SlotFinder.php": "<?php\n\nnamespace App\\Booking;\n\nclass SlotFinder\n{\n    public const SLOT_MINUTES = ['consult' => 15, 'vaccination' => 15, 'nurse' => 20, 'operation_admit' => 10];\n}\n",
        "config/labs.php": LABS_CONFIG,
        "config/sms.php": "<?php\n\nreturn [\n    'relaytext' => [\n        'token' => env('RELAYTEXT_TOKEN'),\n        'sender' => 'BrackenVets',\n    ],\n];\n",
        "config/filesystems.php": "<?php\n\nreturn [\n    'default' => 'local',\n    'disks' => [\n        'local' => ['driver' => 'local', 'root' => storage_path('app')],\n        'mvl' => [\n            'driver' => 'sftp',\n            'host' => env('MVL_SFTP_HOST', 'sftp.moorsidelabs.co.uk'),\n            'username' => env('MVL_SFTP_USER', 'brackenfield'),\n            'privateKey' => env('MVL_SFTP_KEY_PATH'),\n            'timeout' => 20,\n        ],\n    ],\n];\n",
        "routes/console.php": CONSOLE_ROUTES,
        "routes/web.php": "<?php\n\nuse Illuminate\\Support\\Facades\\Route;\n\nRoute::post('/webhooks/relaytext/status', App\\Http\\Controllers\\Webhooks\\RelaytextStatusController::class)->name('webhooks.relaytext.status');\nRoute::get('/b/{token}', [App\\Http\\Controllers\\BookingController::class, 'manage'])->name('booking.manage');\n",
        "routes/api.php": "<?php\n\nuse Illuminate\\Support\\Facades\\Route;\n\nRoute::middleware('auth:sanctum')->group(function () {\n    Route::apiResource('appointments', App\\Http\\Controllers\\Api\\AppointmentController::class);\n    Route::post('requisitions', [App\\Http\\Controllers\\Api\\RequisitionController::class, 'store']);\n});\n",
        "lang/en/sms.php": REMINDER_LANG,
        "database/migrations/2026_01_12_090000_create_requisitions_table.php": "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n    public function up(): void\n    {\n        Schema::create('requisitions', function (Blueprint $table) {\n            $table->id();\n            $table->string('number', 32)->unique();\n            $table->foreignId('site_id');\n            $table->foreignId('patient_id');\n            $table->foreignId('vet_id');\n            $table->string('lab', 8);\n            $table->json('tests');\n            $table->string('status', 2)->nullable();\n            $table->timestamps();\n        });\n    }\n};\n",
        "tests/Unit/RequisitionNumberTest.php": "<?php\n\nnamespace Tests\\Unit;\n\nuse App\\Labs\\RequisitionNumber;\nuse Illuminate\\Foundation\\Testing\\RefreshDatabase;\nuse Tests\\TestCase;\n\nclass RequisitionNumberTest extends TestCase\n{\n    use RefreshDatabase;\n\n    public function test_numbers_are_sequential(): void\n    {\n        $this->assertSame('R0000001', RequisitionNumber::next());\n        $this->assertSame('R0000002', RequisitionNumber::next());\n    }\n}\n",
        "tests/Feature/ImportLabResultFileTest.php": "<?php\n\nnamespace Tests\\Feature;\n\nuse App\\Jobs\\ImportLabResultFile;\nuse App\\Models\\Requisition;\nuse Tests\\TestCase;\n\nclass ImportLabResultFileTest extends TestCase\n{\n    public function test_result_is_filed_to_its_requisition(): void\n    {\n        $requisition = Requisition::factory()->create(['number' => 'R0004512']);\n        $this->fakeInbox(['MVL_MV2601120001_20260112101500.hl7' => $this->oru(placer: 'R0004512')]);\n        (new ImportLabResultFile('/outbound/brackenfield/MVL_MV2601120001_20260112101500.hl7'))->handle(...$this->deps());\n        $this->assertCount(3, $requisition->results);\n    }\n}\n",
        "deploy.php": "<?php\n\nnamespace Deployer;\n\nrequire 'recipe/laravel.php';\n\nset('application', 'vetdesk');\nset('repository', 'git@github.com:brackenfield-vets/vetdesk.git');\nset('keep_releases', 8);\n\nhost('web01')->set('hostname', 'web01.prod.brackenfield.internal')->set('deploy_path', '/var/www/vetdesk');\nhost('web02')->set('hostname', 'web02.prod.brackenfield.internal')->set('deploy_path', '/var/www/vetdesk');\nhost('worker01')->set('hostname', 'worker01.prod.brackenfield.internal')->set('deploy_path', '/var/www/vetdesk');\n\nafter('deploy:symlink', 'artisan:horizon:terminate');\nafter('deploy:failed', 'deploy:unlock');\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    services:\n      mysql:\n        image: mysql:8.0\n        env:\n          MYSQL_DATABASE: vetdesk_test\n          MYSQL_ALLOW_EMPTY_PASSWORD: 'yes'\n    steps:\n      - uses: actions/checkout@v4\n      - uses: shivammathur/setup-php@v2\n        with:\n          php-version: '8.3'\n      - run: composer install --no-interaction\n      - run: vendor/bin/pint --test\n      - run: php artisan test\n",
        ".github/workflows/deploy.yml": "name: Deploy\non:\n  workflow_dispatch:\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - uses: shivammathur/setup-php@v2\n        with:\n          php-version: '8.3'\n      - run: composer install --no-interaction --no-dev\n      - run: vendor/bin/dep deploy production -v\n",
        "README.md": "# vetdesk\n\nBrackenfield Vets' practice platform: reception diary and online booking,\nMVL lab requisitions and results, SMS reminders (Relaytext).\n\n## Running locally\n\n```\ncomposer install\nphp artisan migrate --seed\nphp artisan horizon\n```\n\nSee `docs/runbook.md` and `docs/labs.md`.\n",
        "docs/runbook.md": RUNBOOK,
        "docs/labs.md": LABS_DOC,
        "CHANGELOG.md": "# Changelog\n\n## 4.17.0\n\n- VD-391 online booking for nurse clinics\n",
    }
    repo.commit(utc("2026-07-15 08:10:00"), jess, "vetdesk: diary, booking, MVL lab results, SMS reminders", files)
    crng = random.Random(68106)
    repo.schedule(chores(crng, SERVICE, [jess, sanjay], utc("2026-07-15 09:30:00"), utc("2026-07-17 15:00:00"), 1)
                  + chores(crng, SERVICE, [tomasz], utc("2026-07-20 07:30:00"), utc("2026-07-20 09:30:00"), 1))
    repo.commit(utc("2026-07-16 10:20:00"), imogen, "labs: poll MVL every 2 minutes (was 5), the hospitals asked (VD-401)", {
        "routes/console.php": sub(repo.files["routes/console.php"], "->cron('*/5 * * * *')", "->everyTwoMinutes()"),
        "config/labs.php": sub(repo.files["config/labs.php"], "'poll_every_minutes' => 5,", "'poll_every_minutes' => 2,"),
    })
    repo.commit(utc("2026-07-16 14:40:00"), sanjay, "booking: nurse clinic slots are 15 minutes (VD-398)", {
        "app/Booking/SlotFinder.php": sub(repo.files["app/Booking/SlotFinder.php"], "'nurse' => 20", "'nurse' => 15"),
    })
    repo.commit(utc("2026-07-17 09:30:00"), sanjay, "reminders: none for deceased patients (VD-405)", {
        "app/Jobs/SendReminderSms.php": sub(repo.files["app/Jobs/SendReminderSms.php"],
                                            "if ($appointment === null || $appointment->cancelled_at !== null) {",
                                            "if ($appointment === null || $appointment->cancelled_at !== null || $appointment->patient->deceased_at !== null) {"),
    })
    repo.commit(utc("2026-07-17 13:05:00"), jess, "release 4.18.0", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.18.0\n\n- VD-401 MVL poll every 2 minutes\n- VD-398 15-minute nurse slots\n- VD-405 no reminders for deceased patients\n"),
    })
    repo.commit(utc("2026-07-20 06:14:00"), bot, "Bump laravel/framework from 11.15.0 to 11.16.0", {
        "composer.json": sub(repo.files["composer.json"], '"laravel/framework": "^11.15"', '"laravel/framework": "^11.16"'),
        "composer.lock": sub(repo.files["composer.lock"], '"version": "v11.15.0"', '"version": "v11.16.0"'),
    })
    culprit = repo.commit(CULPRIT_AT, imogen, "requisitions: number per site, e.g. KNA-26-00481 (VD-412)\n\n"
                          "One chain-wide sequence (R2233871) tells nobody where a sample came\n"
                          "from: MVL's phone team, the couriers' manifests and the clinics all\n"
                          "asked for the site in the number. Site code, two-digit year and a\n"
                          "sequence per site and year; the migration seeds 2026's sequences from\n"
                          "the requisitions so far. OBR-2 is ST up to 22 characters in v2.4.", {
        "app/Labs/RequisitionNumber.php": """<?php

namespace App\\Labs;

use App\\Models\\Site;
use Carbon\\CarbonInterface;
use Illuminate\\Support\\Facades\\DB;

/**
 * Requisition numbers go on the MVL request form (Code 128 barcode and
 * text) and come back in OBR-2, the placer order number, of MVL's ORU
 * results. ImportLabResultFile finds a result's requisition by it.
 *
 * VD-412: <site code>-<yy>-<sequence per site and year>, e.g. KNA-26-00481,
 * so the lab, the couriers and the clinics can see where a sample is from.
 */
class RequisitionNumber
{
    public static function next(Site $site, ?CarbonInterface $now = null): string
    {
        $year = ($now ?? now())->format('y');
        DB::update(
            'INSERT INTO requisition_sequences (site_code, year, value) VALUES (?, ?, LAST_INSERT_ID(1))
             ON DUPLICATE KEY UPDATE value = LAST_INSERT_ID(value + 1)',
            [$site->code, $year]
        );
        $n = (int) DB::getPdo()->lastInsertId();

        return sprintf('%s-%s-%05d', $site->code, $year, $n);
    }
}
""",
        "app/Labs/RequisitionService.php": sub(repo.files["app/Labs/RequisitionService.php"],
                                               "'number' => RequisitionNumber::next(),", "'number' => RequisitionNumber::next($consult->site),"),
        "database/migrations/2026_07_20_091500_create_requisition_sequences_table.php": "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\DB;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n    public function up(): void\n    {\n        Schema::create('requisition_sequences', function (Blueprint $table) {\n            $table->string('site_code', 8);\n            $table->char('year', 2);\n            $table->unsignedInteger('value');\n            $table->primary(['site_code', 'year']);\n        });\n        DB::statement(\"INSERT INTO requisition_sequences (site_code, year, value)\n            SELECT s.code, '26', COUNT(*) FROM requisitions r JOIN sites s ON s.id = r.site_id\n            WHERE r.created_at >= '2026-01-01' GROUP BY s.code\");\n    }\n};\n",
        "tests/Unit/RequisitionNumberTest.php": "<?php\n\nnamespace Tests\\Unit;\n\nuse App\\Labs\\RequisitionNumber;\nuse App\\Models\\Site;\nuse Illuminate\\Foundation\\Testing\\RefreshDatabase;\nuse Illuminate\\Support\\Carbon;\nuse Tests\\TestCase;\n\nclass RequisitionNumberTest extends TestCase\n{\n    use RefreshDatabase;\n\n    public function test_numbers_carry_the_site_and_year(): void\n    {\n        $kna = Site::factory()->create(['code' => 'KNA']);\n        $this->assertSame('KNA-26-00001', RequisitionNumber::next($kna, Carbon::parse('2026-07-20')));\n        $this->assertSame('KNA-26-00002', RequisitionNumber::next($kna, Carbon::parse('2026-07-20')));\n    }\n\n    public function test_sequences_are_per_site(): void\n    {\n        $kna = Site::factory()->create(['code' => 'KNA']);\n        $hrg = Site::factory()->create(['code' => 'HRG']);\n        RequisitionNumber::next($kna);\n        $this->assertSame('HRG-26-00001', RequisitionNumber::next($hrg, Carbon::parse('2026-07-20')));\n    }\n}\n",
    })
    repo.commit(utc("2026-07-20 12:45:00"), imogen, "docs: requisition numbers per site (VD-412)", {
        "docs/labs.md": sub(repo.files["docs/labs.md"], "- A result finds its requisition by OBR-2 (placer order number), which\n  MVL's reception scans from the barcode on the form.\n",
                            "- A result finds its requisition by OBR-2 (placer order number), which\n  MVL's reception scans from the barcode on the form.\n- Requisition numbers are `<site code>-<yy>-<sequence>` (KNA-26-00481)\n  since VD-412; older ones are R + 7 digits. OBR-2 is ST, up to 22\n  characters (HL7 v2.4), so MVL gets the whole number.\n"),
    })
    repo.commit(utc("2026-07-20 14:50:00"), tomasz, "requisition form: number as Code 128 with the text below it (VD-414)", {
        "app/Labs/RequisitionPdf.php": sub(repo.files["app/Labs/RequisitionPdf.php"],
                                           "use Barryvdh\\DomPDF\\Facade\\Pdf;\n",
                                           "use Barryvdh\\DomPDF\\Facade\\Pdf;\nuse Picqer\\Barcode\\BarcodeGeneratorSVG;\n",
                                           "        return Pdf::loadView('labs.requisition', ['requisition' => $requisition])->output();\n",
                                           "        $barcode = (new BarcodeGeneratorSVG)->getBarcode($requisition->number, BarcodeGeneratorSVG::TYPE_CODE_128, 2, 48);\n\n        return Pdf::loadView('labs.requisition', ['requisition' => $requisition, 'barcode' => $barcode])->output();\n"),
    })
    r419 = repo.commit(utc("2026-07-21 07:22:00"), jess, "release 4.19.0", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.19.0\n\n- VD-412 requisition numbers per site\n- VD-414 Code 128 on the requisition form\n- laravel/framework 11.16.0\n"),
    })
    repo.commit(utc("2026-07-21 08:05:00"), jess, "runbook: missing lab results", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## Relaytext errors\n",
                               "## Missing lab results\n\nA clinic says MVL released a result that is not in the record. In June\n"
                               "it was MVL's SFTP export every time (3 of 3): check the `labs:poll\nlisted N result files` lines; no files for 30 minutes in working hours\n"
                               "means call MVL IT (01423 555 014). Results without a requisition are\npaper forms or MVL's EQA samples: the lab liaison files them by hand.\n"
                               "If it starts after a deploy, roll back first.\n\n## Relaytext errors\n"),
    })
    repo.commit(utc("2026-07-21 09:40:00"), imogen, "labs: park unmatched result files instead of re-reading them every poll (VD-418)\n\n"
                "MVL's EQA files and paper forms sat in the inbox for weeks and every\n"
                "poll downloaded and parsed them again (41 files on Friday). Move a\n"
                "file that matches no requisition to unmatched/ and warn once; the lab\n"
                "liaison works that folder.", {
        "app/Jobs/ImportLabResultFile.php": sub(repo.files["app/Jobs/ImportLabResultFile.php"],
                                                " * Imports one ORU^R01 file from MVL's SFTP inbox. A file whose requisition\n * is not found stays in the inbox and is tried again at the next poll\n * (the requisition may not be saved yet when MVL is quick).\n",
                                                " * Imports one ORU^R01 file from MVL's SFTP inbox. A file whose requisition\n * is not found is moved to unmatched/ for the lab liaison (VD-418).\n",
                                                "            Log::info('Lab result file left in inbox: no placer order number', $context);\n",
                                                "            Log::warning('Lab result unmatched: no placer order number, parked in unmatched/', $context);\n            $inbox->park($this->path);\n",
                                                "            Log::info(\"Lab result file left in inbox: no requisition for placer order number {$placer}\", $context);\n",
                                                "            Log::warning(\"Lab result unmatched: no requisition for placer order number {$placer}, parked in unmatched/\", $context + [\n                'patient' => $oru->patientName(), 'species' => $oru->species(),\n            ]);\n            $inbox->park($this->path);\n"),
        "app/Labs/LabInbox.php": sub(repo.files["app/Labs/LabInbox.php"], "    public function archive(string $path): void\n",
                                     "    public function park(string $path): void\n    {\n        Storage::disk('mvl')->move($path, config('labs.sftp.unmatched').'/'.basename($path));\n    }\n\n    public function archive(string $path): void\n"),
        "config/labs.php": sub(repo.files["config/labs.php"], "        'archive' => '/outbound/brackenfield/archive',\n",
                               "        'archive' => '/outbound/brackenfield/archive',\n        'unmatched' => '/outbound/brackenfield/unmatched',\n"),
    })
    repo.commit(utc("2026-07-21 10:30:00"), tomasz, "RequisitionNumber: clear error for a site without a code (VD-416)", {
        "app/Labs/RequisitionNumber.php": sub(repo.files["app/Labs/RequisitionNumber.php"],
                                              "        $year = ($now ?? now())->format('y');\n",
                                              "        if (blank($site->code)) {\n            throw new \\DomainException(\"Site {$site->id} has no site code; set it in Admin > Sites\");\n        }\n        $year = ($now ?? now())->format('y');\n"),
    })
    repo.commit(utc("2026-07-21 11:10:00"), sanjay, "reminders: the clinic's phone number in vaccination reminders (VD-420)", {
        "lang/en/sms.php": sub(repo.files["lang/en/sms.php"], "Book online: :link',", "Book online: :link or call :phone',"),
    })
    repo.commit(utc("2026-07-21 12:02:00"), bot, "Bump phpseclib/phpseclib from 3.0.41 to 3.0.42", {
        "composer.json": sub(repo.files["composer.json"], '"phpseclib/phpseclib": "^3.0.41"', '"phpseclib/phpseclib": "^3.0.42"'),
        "composer.lock": sub(repo.files["composer.lock"], '"version": "3.0.41"', '"version": "3.0.42"'),
    })
    r420 = repo.commit(utc("2026-07-21 13:48:00"), jess, "release 4.20.0", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.20.0\n\n- VD-418 unmatched MVL results parked in unmatched/\n- VD-416 clear error for a site without a code\n- VD-420 clinic phone in vaccination reminders\n- phpseclib 3.0.42\n"),
    })
    fix = repo.commit(utc("2026-07-21 17:48:00"), imogen, "requisitions: at most 12 characters, MVL keeps no more (VD-424)\n\n"
                      "MVL's LIS stores 12 characters of a scanned requisition number\n"
                      "(interface spec 3.2, 4.1) and cuts the rest at reception, so the\n"
                      "hospitals' LDSH-26-06012 came back as LDSH-26-0601 and matched\n"
                      "nothing. Numbers are now <site><yy>-<sequence>, at most 12. A\n"
                      "12-character placer that is the prefix of exactly one requisition of\n"
                      "that site since VD-412, with the same patient name, is matched to it\n"
                      "(forms already at MVL); labs:rematch-parked does it for unmatched/.", {
        "app/Labs/RequisitionNumber.php": sub(repo.files["app/Labs/RequisitionNumber.php"],
                                              " * VD-412: <site code>-<yy>-<sequence per site and year>, e.g. KNA-26-00481,\n * so the lab, the couriers and the clinics can see where a sample is from.\n */\nclass RequisitionNumber\n{\n",
                                              " * VD-412: site code, year and a sequence per site and year, so the lab, the\n * couriers and the clinics can see where a sample is from. VD-424: MVL's\n * LIS keeps 12 characters of it (interface spec 3.2, 4.1): KNA26-00481,\n * LDSH26-06044.\n */\nclass RequisitionNumber\n{\n    public const MAX_LENGTH = 12;\n\n",
                                              "        return sprintf('%s-%s-%05d', $site->code, $year, $n);\n",
                                              "        $number = sprintf('%s%s-%05d', $site->code, $year, $n);\n        if (strlen($number) > self::MAX_LENGTH) {\n            throw new \\LengthException(\"Requisition number {$number} is longer than MVL keeps\");\n        }\n\n        return $number;\n"),
        "app/Jobs/ImportLabResultFile.php": sub(repo.files["app/Jobs/ImportLabResultFile.php"],
                                                "        $requisition = Requisition::where('number', $placer)->first();\n",
                                                "        $requisition = Requisition::where('number', $placer)->first()\n            ?? TruncatedPlacer::match($placer, $oru);\n"),
        "app/Labs/TruncatedPlacer.php": "<?php\n\nnamespace App\\Labs;\n\nuse App\\Labs\\Hl7\\Oru;\nuse App\\Models\\Requisition;\nuse Illuminate\\Support\\Facades\\Log;\n\n/** VD-424: forms printed with 13-character numbers come back cut to 12. */\nclass TruncatedPlacer\n{\n    public static function match(string $placer, Oru $oru): ?Requisition\n    {\n        if (strlen($placer) !== RequisitionNumber::MAX_LENGTH) {\n            return null;\n        }\n        $candidates = Requisition::where('number', 'like', $placer.'_')->where('created_at', '>=', '2026-07-21 07:40:00')->get()\n            ->filter(fn ($r) => strcasecmp($r->patient->lab_name, $oru->patientName()) === 0);\n        if ($candidates->count() !== 1) {\n            return null;\n        }\n        Log::info(\"Lab result matched by truncated placer order number {$placer}\", ['requisition' => $candidates->first()->number]);\n\n        return $candidates->first();\n    }\n}\n",
        "app/Console/Commands/RematchParkedResults.php": "<?php\n\nnamespace App\\Console\\Commands;\n\nuse Illuminate\\Console\\Command;\n\nclass RematchParkedResults extends Command\n{\n    protected $signature = 'labs:rematch-parked';\n\n    protected $description = 'Import the files in unmatched/ again (VD-424)';\n}\n",
        "tests/Unit/RequisitionNumberTest.php": sub(repo.files["tests/Unit/RequisitionNumberTest.php"],
                                                    "$this->assertSame('KNA-26-00001', RequisitionNumber::next($kna, Carbon::parse('2026-07-20')));\n        $this->assertSame('KNA-26-00002',",
                                                    "$this->assertSame('KNA26-00001', RequisitionNumber::next($kna, Carbon::parse('2026-07-20')));\n        $this->assertSame('KNA26-00002',",
                                                    "$this->assertSame('HRG-26-00001',", "$this->assertSame('HRG26-00001',",
                                                    "use Illuminate\\Support\\Carbon;\n", "use Illuminate\\Support\\Carbon;\nuse Illuminate\\Support\\Facades\\DB;\n",
                                                    "        $this->assertSame('HRG26-00001', RequisitionNumber::next($hrg, Carbon::parse('2026-07-20')));\n    }\n",
                                                    "        $this->assertSame('HRG26-00001', RequisitionNumber::next($hrg, Carbon::parse('2026-07-20')));\n    }\n\n"
                                                    "    public function test_hospital_numbers_fit_in_what_mvl_keeps(): void\n    {\n"
                                                    "        $ldsh = Site::factory()->create(['code' => 'LDSH']);\n"
                                                    "        DB::table('requisition_sequences')->insert(['site_code' => 'LDSH', 'year' => '26', 'value' => 6011]);\n"
                                                    "        $this->assertSame('LDSH26-06012', RequisitionNumber::next($ldsh, Carbon::parse('2026-07-21')));\n    }\n"),
        "docs/labs.md": sub(repo.files["docs/labs.md"], "- Requisition numbers are `<site code>-<yy>-<sequence>` (KNA-26-00481)\n  since VD-412; older ones are R + 7 digits. OBR-2 is ST, up to 22\n  characters (HL7 v2.4), so MVL gets the whole number.\n",
                            "- Requisition numbers are `<site code><yy>-<sequence>` (KNA26-00481,\n  LDSH26-06044), at most 12 characters: MVL's LIS keeps no more\n  (interface spec 3.2, 4.1), whatever HL7 allows. Older ones are R + 7\n  digits; 21 July's are `<site>-<yy>-<sequence>`.\n"),
    })
    r4201 = repo.commit(utc("2026-07-21 17:58:00"), jess, "release 4.20.1", {
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 4.20.1\n\n- VD-424 requisition numbers at most 12 characters; truncated placers matched\n"),
    })
    return repo, {"culprit": culprit, "r419": r419, "r420": r420, "fix": fix, "r4201": r4201}


# ---------------------------------------------------------------------------
# logs


def mono(t, level, msg, ctx=None):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S")
    line = f"[{stamp}] production.{level}: {msg}"
    if ctx:
        line += " " + json.dumps(ctx, separators=(",", ":"), ensure_ascii=False)
    return line


def horizon_line(t, job, status, took_ms=None):
    stamp = t.strftime("%Y-%m-%d %H:%M:%S")
    right = status if took_ms is None else f"{took_ms:.2f}ms {status}"
    dots = max(3, 98 - len(stamp) - len(job) - len(right) - 3)
    return f"  {stamp} {job} {'.' * dots} {right}"


def build_logs(rng, shas):
    worker = Log("laravel-worker01.log")
    web = Log("laravel-web01.log")
    horizon = Log("horizon-worker01.log")
    superv = Log("supervisord-worker01.log")
    nginx = Log("nginx-access-web01.log")
    gha = Log("github-actions-deploy.log")
    teams = Log("teams-vetdesk-support.log")
    tickets = Log("freshservice-tickets.log")
    stats = {"unmatched": [], "filed": [], "first_unmatched": None, "parked": set(), "inbox_left": set(), "rematched": 0,
             "fallback": 0}

    def version(t):
        if t < REL_420:
            return "4.19.0"
        if t < ROLLBACK:
            return "4.20.0"
        if t < FIX:
            return "4.19.0"
        return "4.20.1"

    def job(t, name, took_ms, status="DONE"):
        horizon.add(t, horizon_line(t, name, "RUNNING"))
        horizon.add(t + dt.timedelta(milliseconds=took_ms), horizon_line(t + dt.timedelta(milliseconds=took_ms), name, status, took_ms))

    # --- requisitions created in the window (web), numbers per site
    seq = {s: rng.randint(600, 1900) for s in CLINICS}
    seq.update({s: rng.randint(5900, 6100) for s in HOSPITALS})
    old_seq = [2234391]
    patients = {}
    used_names = set()

    def new_patient():
        pid = rng.randint(40000, 99000)
        while pid in patients:
            pid = rng.randint(40000, 99000)
        name = f"{rng.choice(PETS)} {rng.choice(OWNERS)}"
        while name in used_names:
            name = f"{rng.choice(PETS)} {rng.choice(OWNERS)}"
        used_names.add(name)
        patients[pid] = (name, weighted(rng, SPECIES))
        return pid

    def req_number(site, t):
        seq[site] += 1
        if t >= FIX:
            return f"{site}26-{seq[site]:05d}"
        return f"{site}-26-{seq[site]:05d}"

    # requisitions whose results arrive in the window
    arrivals = []  # (release time, requisition dict)
    # (a) old-format requisitions (before 07:40 today, or earlier days): slower tests, steady trickle
    t = START - dt.timedelta(minutes=30)
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(0.55 / 60))
        site = rng.choice(CLINICS) if rng.random() < 0.8 else rng.choice(HOSPITALS)
        num = f"R{rng.randint(2229800, 2234390):07d}"
        arrivals.append((t, {"number": num, "site": site, "patient": new_patient(), "tests": weighted(rng, PANELS), "old": True}))
    # (b) this morning's new-format requisitions on the 12:30 courier: MVL releases them from about 15:20
    morning = int(rng.uniform(380, 420))
    for _ in range(morning):
        site = rng.choice(CLINICS) if rng.random() < 0.77 else rng.choice(HOSPITALS)
        created = REL_419 + dt.timedelta(seconds=rng.uniform(0, (utc("2026-07-21 11:25:00") - REL_419).total_seconds()))
        release = utc("2026-07-21 15:21:00") + dt.timedelta(minutes=rng.gammavariate(2.2, 38))
        arrivals.append((release, {"created": created, "site": site, "patient": new_patient(), "tests": weighted(rng, PANELS), "old": False}))
    # number the morning requisitions in creation order
    morning_reqs = sorted((a for a in arrivals if not a[1]["old"]), key=lambda a: a[1]["created"])
    for _, r in morning_reqs:
        r["number"] = req_number(r["site"], r["created"])
    # a few early (07:00-07:40) old-format requisitions of clinics that opened early also went on the 12:30 courier
    for _ in range(22):
        release = utc("2026-07-21 15:21:00") + dt.timedelta(minutes=rng.gammavariate(2.2, 38))
        old_seq[0] += rng.randint(1, 9)
        arrivals.append((release, {"number": f"R{old_seq[0]:07d}", "site": rng.choice(CLINICS), "patient": new_patient(),
                                   "tests": weighted(rng, PANELS), "old": True}))
    # paper forms and EQA: no placer
    paper = []
    for i in range(5):
        paper.append((START - dt.timedelta(days=rng.randint(2, 20), minutes=rng.randint(30, 400), seconds=rng.randint(0, 59)),
                      {"placer": "", "site": rng.choice(CLINICS + HOSPITALS), "eqa": i < 3}))
    for tt in (utc("2026-07-21 15:02:00"), utc("2026-07-21 16:58:00"), utc("2026-07-21 18:40:00")):
        paper.append((tt + dt.timedelta(seconds=rng.randint(0, 90)), {"placer": "", "site": rng.choice(CLINICS), "eqa": False}))

    # files on MVL's SFTP: (drop time, file record)
    files = []
    filler = [2607210000 + rng.randint(100, 300)]

    def mkfile(drop, r, placer):
        filler[0] += rng.randint(1, 3)
        received = r.get("created") or drop - dt.timedelta(days=rng.choice([1, 1, 2, 3, 4]))
        fid = f"MV{received.strftime('%y%m%d')}{filler[0] % 10000:04d}"
        fname = f"MVL_{fid}_{drop.strftime('%Y%m%d%H%M%S')}.hl7"
        name, species = patients.get(r.get("patient"), (f"{rng.choice(PETS)} {rng.choice(OWNERS)}", "CANINE"))
        return {"drop": drop, "file": fname, "filler": fid, "placer": placer, "req": r, "account": f"BRK-{r['site']}",
                "patient": name, "species": species, "status": "F" if rng.random() < 0.86 else "P"}

    for release, r in arrivals:
        if START - dt.timedelta(minutes=3) <= release < END:
            placer = r["number"][:12]  # MVL's LIS keeps 12 characters
            files.append(mkfile(release, r, placer))
    for drop, r in paper:
        f = mkfile(drop, r, "")
        f["patient"] = "EQA SAMPLE" if r["eqa"] else f["patient"]
        f["account"] = "MVL-EQA" if r["eqa"] else f["account"]
        files.append(f)
    files.sort(key=lambda f: f["drop"])

    by_number = {}
    for _, r in arrivals:
        by_number[r["number"]] = r

    def truncated_candidates(f):
        return [n for n, r in by_number.items() if len(n) == 13 and n.startswith(f["placer"]) and not r.get("old")
                and patients[r["patient"]][0] == f["patient"]]

    # --- the poll loop (every even minute) and the imports
    inbox = [f for f in files if f["drop"] < START]
    pending = [f for f in files if f["drop"] >= START]
    parked = []
    t = START
    while t < END:
        tp = t + dt.timedelta(seconds=rng.uniform(0.6, 1.8))
        while pending and pending[0]["drop"] <= tp:
            inbox.append(pending.pop(0))
        ver = version(tp)
        listed = list(inbox)
        took = rng.randint(260, 720) + 3 * len(listed)
        worker.add(tp + dt.timedelta(milliseconds=took),
                   mono(tp + dt.timedelta(milliseconds=took), "INFO", f"labs:poll listed {len(listed)} result files on sftp.moorsidelabs.co.uk", {"took_ms": took}))
        x = tp + dt.timedelta(milliseconds=took + rng.randint(20, 80))
        keep = []
        for f in listed:
            x += dt.timedelta(milliseconds=rng.randint(15, 60))
            dur = rng.uniform(90, 420)
            ctx = {"file": f["file"], "filler": f["filler"], "account": f["account"]}
            done = x + dt.timedelta(milliseconds=dur * 0.9)
            outcome = None
            r = by_number.get(f["placer"]) if f["placer"] else None
            if f["placer"] and r is None and ver == "4.20.1":
                cands = truncated_candidates(f)
                if len(cands) == 1:
                    r = by_number[cands[0]]
                    worker.add(done - dt.timedelta(milliseconds=2), mono(done - dt.timedelta(milliseconds=2), "INFO",
                                                                         f"Lab result matched by truncated placer order number {f['placer']}", {"requisition": r["number"]}))
                    stats["fallback"] += 1
            if not f["placer"]:
                if ver == "4.19.0":
                    worker.add(done, mono(done, "INFO", "Lab result file left in inbox: no placer order number", ctx))
                    keep.append(f)
                else:
                    worker.add(done, mono(done, "WARNING", "Lab result unmatched: no placer order number, parked in unmatched/", ctx))
                    parked.append(f)
                    f["parked_at"] = done
            elif r is None:
                if ver == "4.19.0":
                    worker.add(done, mono(done, "INFO", f"Lab result file left in inbox: no requisition for placer order number {f['placer']}", ctx))
                    keep.append(f)
                    stats["inbox_left"].add(f["file"])
                else:
                    worker.add(done, mono(done, "WARNING", f"Lab result unmatched: no requisition for placer order number {f['placer']}, parked in unmatched/",
                                          {**ctx, "patient": f["patient"], "species": f["species"]}))
                    parked.append(f)
                    f["parked_at"] = done
                    stats["parked"].add(f["file"])
                if f["file"] not in {u[1] for u in stats["unmatched"]}:
                    stats["unmatched"].append((done, f["file"], f["placer"], f["req"]["number"] if f["req"].get("number") else ""))
                    if stats["first_unmatched"] is None:
                        stats["first_unmatched"] = done
            else:
                if rng.random() < 0.06:
                    worker.add(done - dt.timedelta(milliseconds=5), mono(done - dt.timedelta(milliseconds=5), "INFO", "HL7 NTE segment ignored: comment source not L or P",
                                                                         {"file": f["file"], "source": rng.choice(["O", "T", ""])}))
                worker.add(done, mono(done, "INFO", "Lab result filed", {"requisition": r["number"], "filler": f["filler"], "site": r["site"],
                                                                          "patient_id": r["patient"], "tests": r["tests"], "abnormal": rng.choice([0, 0, 0, 1, 1, 2, 3]),
                                                                          "status": f["status"]}))
                stats["filed"].append(done)
                nt = done + dt.timedelta(milliseconds=rng.randint(40, 400))
                ndur = rng.uniform(30, 120)
                job(nt, "App\\Jobs\\NotifyVetOfLabResult", ndur)
                worker.add(nt + dt.timedelta(milliseconds=ndur * 0.9), mono(nt + dt.timedelta(milliseconds=ndur * 0.9), "INFO", "Vet notified of lab result",
                                                                           {"requisition": r["number"], "vet": rng.choice(VETS)}))
            job(x, "App\\Jobs\\ImportLabResultFile", dur)
            x = done
        inbox = keep
        t += dt.timedelta(minutes=2)

    # the one-off rematch after 4.20.1
    x = REMATCH
    parked = [f for f in parked if f["parked_at"] < REMATCH]
    worker.add(x, mono(x, "INFO", "labs:rematch-parked started", {"files": len(parked), "user": "imogen.clarke"}))
    for f in parked:
        x += dt.timedelta(milliseconds=rng.randint(180, 600))
        if not f["placer"]:
            worker.add(x, mono(x, "INFO", "Parked lab result left in unmatched/: no placer order number", {"file": f["file"], "account": f["account"]}))
            continue
        cands = truncated_candidates(f)
        assert len(cands) == 1, (f, cands)
        r = by_number[cands[0]]
        worker.add(x, mono(x, "INFO", "Rematched parked lab result", {"file": f["file"], "placer": f["placer"], "requisition": r["number"], "patient": f["patient"]}))
        worker.add(x + dt.timedelta(milliseconds=40), mono(x + dt.timedelta(milliseconds=40), "INFO", "Lab result filed",
                                                           {"requisition": r["number"], "filler": f["filler"], "site": r["site"], "patient_id": r["patient"],
                                                            "tests": r["tests"], "abnormal": rng.choice([0, 1, 1, 2]), "status": f["status"]}))
        stats["rematched"] += 1
    worker.add(x + dt.timedelta(seconds=1), mono(x + dt.timedelta(seconds=1), "INFO", "labs:rematch-parked finished",
                                                 {"rematched": stats["rematched"], "ambiguous": 0, "left": len(parked) - stats["rematched"]}))

    # --- requisitions created in the window (web01 serves about half of them)
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1.5 / 60))
        hour = t.hour + t.minute / 60
        if 17.3 < hour < 18.0 and rng.random() < 0.5:
            continue
        site = rng.choice(CLINICS) if rng.random() < 0.77 else rng.choice(HOSPITALS)
        num = req_number(site, t)
        if rng.random() < 0.5:
            tests = weighted(rng, PANELS)
            web.add(t, mono(t, "INFO", "Requisition created", {"number": num, "site": site, "patient_id": rng.randint(40000, 99000), "tests": tests}))
            nginx.add(t, nginx_access(t, f"10.20.{rng.randint(1, 60)}.{rng.randint(10, 200)}", "POST", "/api/requisitions", 201, rng.randint(400, 700),
                                      ms_s(rng, 0.18), "vetdesk-desktop/4.2 (Windows NT 10.0)", upstream_rt=ms_s(rng, 0.17)))
            pt = t + dt.timedelta(seconds=rng.uniform(0.5, 3))
            nginx.add(pt, nginx_access(pt, f"10.20.{rng.randint(1, 60)}.{rng.randint(10, 200)}", "GET", f"/requisitions/{rng.randint(310000, 399999)}/form.pdf",
                                       200, rng.randint(38000, 52000), ms_s(rng, 0.6), "vetdesk-desktop/4.2 (Windows NT 10.0)", upstream_rt=ms_s(rng, 0.58)))

    # --- bookings, diary, webhooks, online booking (web01)
    def web_noise(t):
        r = rng.random()
        ip_ = f"10.20.{rng.randint(1, 60)}.{rng.randint(10, 200)}"
        ua = "vetdesk-desktop/4.2 (Windows NT 10.0)"
        if r < 0.30:
            d = ms_s(rng, 0.09)
            nginx.add(t, nginx_access(t, ip_, "GET", f"/api/diary?site={rng.choice(CLINICS + HOSPITALS)}&date=2026-07-{rng.choice(['21', '22', '23'])}",
                                      200, rng.randint(9000, 42000), d, ua, upstream_rt=d - 0.001))
        elif r < 0.42:
            d = ms_s(rng, 0.14)
            site = rng.choice(CLINICS + HOSPITALS)
            src = "online" if rng.random() < 0.35 else "reception"
            typ = weighted(rng, [(50, "consult"), (25, "vaccination"), (15, "nurse"), (10, "operation_admit")])
            start = t + dt.timedelta(days=rng.randint(0, 14), hours=rng.randint(0, 8))
            web.add(t, mono(t, "INFO", "Appointment booked", {"site": site, "type": typ, "source": src,
                                                               "starts_at": start.replace(minute=rng.choice([0, 15, 30, 45]), second=0).strftime("%Y-%m-%d %H:%M:%S")}))
            nginx.add(t, nginx_access(t, ip_ if src == "reception" else f"{rng.randint(80, 212)}.{rng.randint(1, 250)}.{rng.randint(1, 250)}.{rng.randint(1, 250)}",
                                      "POST", "/api/appointments" if src == "reception" else "/book/confirm", 201, rng.randint(300, 900), d,
                                      ua if src == "reception" else "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
                                      upstream_rt=d - 0.001))
        elif r < 0.47:
            web.add(t, mono(t, "INFO", "Appointment cancelled", {"site": rng.choice(CLINICS), "by": rng.choice(["owner", "reception"]), "notice_hours": rng.randint(1, 200)}))
            nginx.add(t, nginx_access(t, ip_, "DELETE", f"/api/appointments/{rng.randint(900000, 999999)}", 204, 0, ms_s(rng, 0.08), ua, upstream_rt=0.07))
        elif r < 0.49:
            web.add(t, mono(t, "WARNING", "Online booking slot taken meanwhile, offering alternatives", {"site": rng.choice(CLINICS), "type": "vaccination"}))
            nginx.add(t, nginx_access(t, f"{rng.randint(80, 212)}.{rng.randint(1, 250)}.{rng.randint(1, 250)}.{rng.randint(1, 250)}", "POST", "/book/confirm",
                                      409, 512, ms_s(rng, 0.12), "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36", upstream_rt=0.11))
        elif r < 0.50:
            web.add(t, mono(t, "WARNING", "Microchip database lookup failed", {"chip": f"9{rng.randint(10**13, 10**14 - 1)}", "provider": "petlog", "status": rng.choice([502, 504])}))
            nginx.add(t, nginx_access(t, ip_, "GET", "/api/microchip/lookup", 502, 180, ms_s(rng, 2.5), ua, upstream_rt=2.4))
        elif r < 0.80:
            d = ms_s(rng, 0.06)
            nginx.add(t, nginx_access(t, ip_, "GET", f"/api/patients/{rng.randint(40000, 99000)}", 200, rng.randint(3000, 14000), d, ua, upstream_rt=d - 0.001))
        else:
            d = ms_s(rng, 0.04)
            nginx.add(t, nginx_access(t, ip_, "GET", f"/api/consults/{rng.randint(700000, 799999)}/notes", 200, rng.randint(1000, 8000), d, ua, upstream_rt=d - 0.001))

    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(9.0 / 60))
        web_noise(t)

    # --- reminders: every 15 minutes (06:00-19:00 UTC), jobs on worker01, callbacks on web01
    t = START.replace(minute=(START.minute // 15) * 15) + dt.timedelta(minutes=15)
    while t < END:
        tt = t + dt.timedelta(seconds=rng.uniform(0.4, 1.2))
        count = 0 if t.hour >= 19 else rng.randint(18, 46)
        window = (t + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:00")
        worker.add(tt, mono(tt, "INFO", "Appointment reminders dispatched", {"window_start": window, "count": count}))
        x = tt
        for _ in range(count):
            x += dt.timedelta(milliseconds=rng.randint(120, 600))
            dur = ms(rng, 340)
            status = "DONE"
            if rng.random() < 0.012:
                status = "FAIL"
            job(x, "App\\Jobs\\SendReminderSms", dur, status)
            msg_id = f"rt_{hexid(rng, 20)}"
            done = x + dt.timedelta(milliseconds=dur)
            if status == "FAIL":
                worker.add(done, mono(done, "ERROR", "Relaytext send failed: cURL error 28: Operation timed out after 10001 milliseconds",
                                      {"appointment": rng.randint(900000, 999999), "attempt": 1}))
                continue
            site = rng.choice(CLINICS + HOSPITALS)
            worker.add(done, mono(done, "INFO", "Reminder SMS sent", {"appointment": rng.randint(900000, 999999), "site": site, "message_id": msg_id,
                                                                       "segments": rng.choice([1, 1, 1, 2])}))
            if rng.random() < 0.5:
                cb = done + dt.timedelta(seconds=rng.uniform(3, 40))
                st = weighted(rng, [(95, "delivered"), (3, "undelivered"), (2, "expired")])
                ctx = {"id": msg_id, "status": st}
                if st != "delivered":
                    ctx["error_code"] = rng.choice(["4001", "4003"]) if st == "undelivered" else "4010"
                web.add(cb, mono(cb, "INFO", "Relaytext status callback", ctx))
                nginx.add(cb, nginx_access(cb, f"34.89.{rng.randint(0, 255)}.{rng.randint(1, 250)}", "POST", "/webhooks/relaytext/status", 204, 0,
                                           ms_s(rng, 0.02), "Relaytext-Webhooks/2.1", upstream_rt=0.015))
        t += dt.timedelta(minutes=15)

    # --- other jobs
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(1.2 / 60))
        r = rng.random()
        if r < 0.5:
            dur = ms(rng, 1800)
            job(t, "App\\Jobs\\RenderInvoicePdf", dur)
            if dur > 5000:
                worker.add(t + dt.timedelta(milliseconds=dur), mono(t + dt.timedelta(milliseconds=dur), "WARNING", "Invoice PDF took longer than 5s",
                                                                    {"invoice": rng.randint(5100000, 5199999), "lines": rng.randint(40, 180), "ms": dur}))
        elif r < 0.8:
            dur = ms(rng, 260)
            job(t, "App\\Jobs\\SendBookingConfirmation", dur)
            worker.add(t + dt.timedelta(milliseconds=dur), mono(t + dt.timedelta(milliseconds=dur), "INFO", "Booking confirmation sent",
                                                                {"channel": rng.choice(["sms", "email", "email"]), "site": rng.choice(CLINICS)}))
        else:
            dur = ms(rng, 900)
            job(t, "App\\Jobs\\SyncInsurancePolicy", dur)
            if rng.random() < 0.08:
                worker.add(t + dt.timedelta(milliseconds=dur), mono(t + dt.timedelta(milliseconds=dur), "WARNING", "Insurer policy lookup failed, will retry",
                                                                    {"insurer": rng.choice(["Agria", "Petplan", "ManyPets"]), "status": 503}))

    t = START + dt.timedelta(minutes=rng.randint(0, 4))
    while t < END:
        worker.add(t, mono(t, "INFO", "horizon:snapshot stored", {"queues": {"labs": rng.randint(0, 4), "sms": rng.randint(0, 30), "default": rng.randint(0, 6)}}))
        t += dt.timedelta(minutes=5, seconds=rng.uniform(0, 2))

    # --- supervisord: Horizon restarted by each deploy
    def restart(tt, pid_old, pid_new):
        stamp = lambda z: z.strftime("%Y-%m-%d %H:%M:%S,") + f"{z.microsecond // 1000:03d}"
        superv.add(tt, f"{stamp(tt)} INFO exited: horizon (exit status 0; expected)")
        t2 = tt + dt.timedelta(seconds=1, milliseconds=rng.randint(0, 500))
        superv.add(t2, f"{stamp(t2)} INFO spawned: 'horizon' with pid {pid_new}")
        t3 = t2 + dt.timedelta(seconds=1)
        superv.add(t3, f"{stamp(t3)} INFO success: horizon entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)")

    for tt, a, b in ((REL_420 + dt.timedelta(seconds=18), 14022, 27761), (ROLLBACK + dt.timedelta(seconds=15), 27761, 31208), (FIX + dt.timedelta(seconds=17), 31208, 33975)):
        restart(tt, a, b)

    # --- GitHub Actions deploy runs (Deployer)
    def gh(x, text):
        gha.add(x, f"{x.strftime('%Y-%m-%dT%H:%M:%S.')}{x.microsecond:06d}0Z {text}")

    def deploy_run(live, number, actor, sha, release_dir, label, migrations=()):
        x0 = live - dt.timedelta(seconds=96)
        gh(x0, f"##[group]Run Deploy #{number} (workflow_dispatch by {actor}) ref=refs/heads/main sha={sha}")
        gh(x0 + dt.timedelta(seconds=2.1), f"HEAD is now at {sha[:7]} {label}")
        gh(x0 + dt.timedelta(seconds=31.4), "+ vendor/bin/dep deploy production -v")
        gh(x0 + dt.timedelta(seconds=32.0), "task deploy:info")
        gh(x0 + dt.timedelta(seconds=32.2), f"[web01] info deploying main ({sha[:7]})")
        gh(x0 + dt.timedelta(seconds=32.3), f"[web02] info deploying main ({sha[:7]})")
        gh(x0 + dt.timedelta(seconds=32.3), f"[worker01] info deploying main ({sha[:7]})")
        for k, task in enumerate(["deploy:setup", "deploy:lock", "deploy:release", "deploy:update_code", "deploy:shared", "deploy:writable", "deploy:vendors",
                                  "artisan:storage:link", "artisan:config:cache", "artisan:route:cache", "artisan:view:cache", "artisan:event:cache", "artisan:migrate"]):
            gh(x0 + dt.timedelta(seconds=33 + k * 4.4), f"task {task}")
        if migrations:
            gh(x0 + dt.timedelta(seconds=86.3), "[worker01] INFO  Running migrations.")
            for k, m in enumerate(migrations):
                gh(x0 + dt.timedelta(seconds=86.9 + k), f"[worker01] {m} {'.' * (60 - len(m))} {rng.uniform(30, 90):.2f}ms DONE")
        else:
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

    deploy_run(REL_419, 311, "jess-harland", shas["r419"], 214, "release 4.19.0", ["2026_07_20_091500_create_requisition_sequences_table"])
    deploy_run(REL_420, 312, "jess-harland", shas["r420"], 215, "release 4.20.0")
    xr = ROLLBACK - dt.timedelta(seconds=30)
    gh(xr, "##[group]Run Rollback #27 (workflow_dispatch by jess-harland)")
    gh(xr + dt.timedelta(seconds=24.2), "+ vendor/bin/dep rollback production -v")
    gh(xr + dt.timedelta(seconds=25.0), "task rollback")
    gh(xr + dt.timedelta(seconds=25.6), "[web01] info rolled back to release 214")
    gh(xr + dt.timedelta(seconds=25.7), "[web02] info rolled back to release 214")
    gh(xr + dt.timedelta(seconds=25.7), "[worker01] info rolled back to release 214")
    gh(xr + dt.timedelta(seconds=26.9), "task artisan:horizon:terminate")
    gh(xr + dt.timedelta(seconds=28.0), "##[endgroup]")
    deploy_run(FIX, 313, "imogen-clarke", shas["r4201"], 216, "release 4.20.1")

    # --- Freshservice tickets
    def ticket(tt, tid, prio, requester, subject, desc):
        tickets.add(tt, json.dumps({"event": "ticket_created", "ticket": {"id": tid, "created_at": tt.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                                          "priority": prio, "group": "Clinical Systems", "requester": requester,
                                                                          "subject": subject, "description": desc}}, ensure_ascii=False))

    un = stats["unmatched"]
    first_hosp = [u for u in un if u[2][:4] in HOSPITALS]
    ex_placer, ex_full = first_hosp[0][2], first_hosp[0][3]
    ex_hosp = HOSP_NAMES[ex_placer[:4]]
    ticket(utc("2026-07-21 13:31:12"), 88412, "low", "Ripon reception", "Diary prints in landscape", "Since this morning the day list prints sideways on the front desk printer.")
    ticket(utc("2026-07-21 14:18:40"), 88419, "medium", "Halifax practice manager", "Insurance claim form missing policy number", "Petplan policy number not pulled into the claim form for two patients.")
    ticket(first_hosp[0][0] + dt.timedelta(minutes=31), 88431, "high", f"{ex_hosp} (Dr S. Whitaker)",
           "MVL results not in record",
           f"MVL say the results for requisition {ex_full} were released at {(first_hosp[0][0] + dt.timedelta(hours=1)).strftime('%H:%M')}. Not in the patient record or my tasks. Patient is on the ward.")
    ticket(utc("2026-07-21 16:52:30"), 88437, "high", "York Hospital (night reception)", "Bloods from this morning not back", "Three patients' bloods sent on the 12:30 courier not back; MVL says they're released.")
    ticket(utc("2026-07-21 17:14:05"), 88440, "medium", "Sheffield Hospital", "Lab results missing", "T4 and biochem missing for two inpatients, MVL portal shows them.")

    # --- Teams #vetdesk-support
    def say(tt, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(tt, json.dumps({"createdDateTime": tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond // 1000:03d}Z", "channel": "vetdesk-support",
                                  "from": who, "body": text}, ensure_ascii=False))

    fu = stats["first_unmatched"]
    n_by_rollback = len([u for u in un if u[0] < ROLLBACK - dt.timedelta(minutes=3)])
    hosp_seen = sorted({u[2][:4] for u in un if u[0] < fu + dt.timedelta(minutes=40)})
    say(utc("2026-07-21 13:40:10"), "Sanjay Bhatt", "VD-420 merged, vaccination reminders now end with the clinic's number. in the 4.20.0 release this afternoon")
    say(REL_420 - dt.timedelta(minutes=3), "Jess Harland", "deploying vetdesk 4.20.0: VD-418 unmatched MVL files parked in unmatched/ (no more re-reading EQA files every poll), VD-416, VD-420 clinic phone in vaccination reminders, phpseclib 3.0.42")
    say(REL_420 + dt.timedelta(minutes=3), "Jess Harland", "4.20.0 out. the 5 EQA/paper files went to unmatched/ as expected, poll lists 0-3 files again")
    say(fu + dt.timedelta(minutes=27), "Ruth Akers (lab liaison)", f"{ex_hosp} rang: MVL released results for {ex_full} an hour ago and it isn't in the record. unmatched/ has files in it since {fu.strftime('%H:%M')} UTC, not paper forms, they have requisition numbers")
    say(fu + dt.timedelta(minutes=31), "Jess Harland", f"looking. 'Lab result unmatched: no requisition for placer order number' since {fu.strftime('%H:%M')}, {', '.join(hosp_seen)}. that warning is VD-418 from this afternoon's release, and the SFTP library was bumped in it too")
    say(fu + dt.timedelta(minutes=37), "Imogen Clarke", "VD-418 only moves a file that didn't match, the lookup is the same exact match as before. phpseclib only lists and downloads")
    say(fu + dt.timedelta(minutes=44), "Jess Harland", "runbook says roll back first if it starts after a deploy. hospitals are waiting on bloods, rolling back to 4.19.0")
    say(ROLLBACK + dt.timedelta(minutes=2), "Jess Harland", f"4.19.0 back (release 214). {n_by_rollback} hospital results in unmatched/ stay there. new hospital results don't match on 4.19.0 either, they're left in the inbox and re-read every poll: 'Lab result file left in inbox: no requisition for placer order number'")
    say(ROLLBACK + dt.timedelta(minutes=9), "Sanjay Bhatt", "clinic results are filing fine, KNA-26, HRG-26 etc. only hospitals")
    say(ROLLBACK + dt.timedelta(minutes=19), "Ruth Akers (lab liaison)", f"the numbers MVL sends for the hospitals are one digit short. {ex_placer} in the file, we printed {ex_full}. every one in unmatched/ is 12 characters")
    say(ROLLBACK + dt.timedelta(minutes=23), "Imogen Clarke", "that's VD-412, mine, yesterday: site code in the requisition number. hospital codes have 4 letters, so their numbers are 13 characters, clinics' 12. docs/labs.md says OBR-2 takes 22, I took that from the HL7 spec")
    say(ROLLBACK + dt.timedelta(minutes=31), "Ruth Akers (lab liaison)", "Gareth at MVL IT: their LIS requisition field holds 12 characters, reception scans the barcode and it's cut, no error. interface spec 3.2 section 4.1")
    say(ROLLBACK + dt.timedelta(minutes=34), "Jess Harland", "and VD-412 went out this morning in 4.19.0, so the rollback kept it. every requisition since 08:40 BST has the new number. Imogen: max 12 + match a 12-char placer to the one hospital requisition it's the prefix of, with the patient name check. the 17:00 courier bags already have 13-char forms")
    say(FIX - dt.timedelta(minutes=6), "Imogen Clarke", "VD-424 reviewed by Tomasz, deploying 4.20.1 (4.20.0 + VD-424). new numbers LDSH26-06044")
    say(FIX + dt.timedelta(minutes=6), "Imogen Clarke", f"inbox leftovers filed by the fallback, 'matched by truncated placer order number'. running labs:rematch-parked for unmatched/")
    say(REMATCH + dt.timedelta(minutes=3), "Imogen Clarke", f"rematch: {stats['rematched']} parked results filed, 0 ambiguous, the paper forms stay for Ruth")
    say(REMATCH + dt.timedelta(minutes=9), "Ruth Akers (lab liaison)", "told the five hospitals, vets have their tasks. MVL will flag anything odd from the 17:00 bags")
    say(REMATCH + dt.timedelta(minutes=15), "Jess Harland", "postmortem Thursday. runbook and docs/labs.md to fix, and a check against MVL's spec in the PR template for anything that goes on the form")
    return [worker, web, horizon, superv, nginx, gha, teams, tickets], stats


def ms(rng, mean, spread=0.5):
    return max(1.0, round(rng.lognormvariate(0, spread) * mean, 2))


def ms_s(rng, mean):
    return max(0.002, round(rng.lognormvariate(0, 0.5) * mean, 3))


def build(out_dir):
    rng = random.Random(68100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first_unmatched"].replace(microsecond=0)
        assert REL_420 < onset < utc("2026-07-21 15:50:00"), onset
        un = stats["unmatched"]
        assert len(un) >= 40, len(un)
        assert all(u[2][:4] in HOSPITALS for u in un), un[:5]
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        filed, unmatched_t = stats["filed"], [u[0] for u in un]

        def rate(series):
            def fn(t):
                return sum(1 for x in series if t - dt.timedelta(minutes=10) < x <= t)
            return fn

        metrics = {"vetdesk_lab_results_10m.json": query_range([({"job": "vetdesk", "outcome": "filed"}, rate(filed)),
                                                                ({"job": "vetdesk", "outcome": "unmatched"}, rate(unmatched_t))], START, END, 60)}
        fmt = r'\[<Date> <Time>\] <Env>\.<Level>: <Content>'
        return write_scenario(
            out_dir, name="r68-requisition-placer-truncated", service=SERVICE, onset=onset,
            description=f"""
Brackenfield Vets' hospitals stop getting their reference lab results on
Tuesday 21 July: from {onset.strftime('%H:%M:%S')} UTC Moorside Vet Labs' results for the
five 24-hour hospitals are not filed ("Lab result unmatched"), while the
clinics' results file normally. vetdesk 4.20.0, which parks unmatched
result files, had been deployed at 14:55; it was rolled back to 4.19.0 at
16:42 without effect. 4.20.1 went out at 18:06 and the parked results
were filed at 18:15.
""",
            logs=logs,
            line_formats={"laravel-worker01.log": fmt, "laravel-web01.log": fmt, "horizon-worker01.log": r'\s+<Date> <Time> <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'no requisition for placer order number'],
            fix_files=["app/Labs/RequisitionNumber.php", "app/Jobs/ImportLabResultFile.php"],
            explanation=f"""
The culprit is VD-412 "requisitions: number per site" ({shas['culprit'][:7]}, Monday
20 July 10:12 UTC, {hours:.1f} h before the onset), shipped in 4.19.0 at
07:40 on Tuesday by a deploy that names the release commit. Numbers
became <site code>-<yy>-<sequence>: twelve characters for the clinics'
three-letter codes, thirteen for the hospitals' four-letter ones
(LDSH-26-06012). Moorside's LIS keeps twelve characters of the scanned
requisition number, so the hospitals' results come back with OBR-2 one
digit short and match no requisition ("Lab result unmatched: no
requisition for placer order number LDSH-26-0601, parked in unmatched/";
after the rollback, "Lab result file left in inbox: no requisition for
placer order number ..."). {len(un)} hospital results were not filed; the
clinics' new numbers and the older R-numbers match. The fix (VD-424,
4.20.1) caps numbers at twelve characters in RequisitionNumber.php and
matches truncated placers in ImportLabResultFile.php.
Decoys: release 4.20.0, {round((onset - REL_420).total_seconds() / 60)} minutes before the onset (VD-418, which adds
the very "Lab result unmatched" warning and parks the files; VD-416 in the
culprit's file; VD-420 in the reminders; a phpseclib bump, the SFTP
library), rolled back to 4.19.0 at 16:42, which holds the culprit, so
only the wording of the line changes; the runbook commit that blames
MVL's SFTP export and paper forms; the docs commit that says OBR-2 takes
22 characters; VD-414's barcode on the form; the laravel/framework bump;
the EQA and paper-form files without a placer, re-read every poll before
4.20.0; routine Relaytext timeouts, microchip lookup 502s and slow
invoice PDFs.
""",
        )
    finally:
        repo.close()
