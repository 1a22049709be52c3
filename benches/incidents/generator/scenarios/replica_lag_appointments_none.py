"""booking-portal (PHP 8.3, Symfony 7.1, Doctrine DBAL with a primary and a
read replica; three web VMs behind an nginx load balancer, deployed with
Deployer from a GitHub Actions workflow; team in London, Lyon and São
Paulo): Clarion Health's patient portal, where patients book clinic
appointments. Writes go to the RDS PostgreSQL primary; every request that
does not write reads from the read replica `clarion-prod-replica-1`, so the
confirmation page a patient is redirected to after booking, their
appointment list and a clinic's free slots all come from the replica. Its
lag is normally a few milliseconds.

The replica is shared: the data team's `bi_extract` user runs reports on
it. Last week the DBA team raised the replica's max_standby_streaming_delay
from 30 s to 15 min (CHG-2291, their Terraform) so that the data team's
long reports stop being cancelled. On Wednesday 2 December at 13:00 UTC the
data team's new Airflow DAG for the monthly activity return starts a
50-minute COPY of November's appointments on the replica. Autovacuum and
page pruning on the busy appointments table soon produce WAL the replica
cannot replay without removing rows the COPY's snapshot may still see; with
a 15-minute delay allowed, the startup process waits ("recovery still
waiting after 1000 ms: recovery conflict on snapshot") instead of
cancelling the query, and the replica falls behind by a second per second.
From 13:01 patients who have just booked get "appointment not found" on
the confirmation page, their list does not show the booking, and slots
already taken still show as free (409 when booked). At 13:16 the replica
cancels the COPY ("canceling statement due to conflict with recovery") and
catches up; Airflow retries five minutes later and it starts again. The DBA
team terminates the query at 13:34 and the data team pauses the DAG.
Nothing in this repository caused it.

Decoys: a config change deployed at 12:44, 17 minutes before the onset, to
config/packages/doctrine.yaml (connect timeouts of the primary and replica
connections, the file that defines the replica); the morning's commit that
logs appointment and patient when the confirmation page finds no
appointment (the incident's lines, deployed at 10:42 with a Symfony patch
bump and a docs commit about the replica); a change to the taken-slot
handling the day before (the 409 lines); chores. App (Monolog line format,
line format), nginx access (load balancer), RDS PostgreSQL replica log (RDS
prefix, with DETAIL/CONTEXT/STATEMENT continuation lines), CloudWatch alarms
(SNS JSON), the data team's Airflow task log, GitHub Actions deploy log,
#portal-oncall chat export."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, weighted, write_scenario
from formats import nginx_access
from skeletons import chores, readme, runbook

SERVICE = "booking-portal"
START, END = utc("2026-12-02 11:30:00"), utc("2026-12-02 14:10:00")
DEPLOY_MORNING = utc("2026-12-02 10:42:12")
DEPLOY_CONFIG = utc("2026-12-02 12:44:31")
RELEASE_MORNING = "20261202104219"
RELEASE_CONFIG = "20261202124438"
TASK_1 = utc("2026-12-02 13:00:04")
WAIT_1 = utc("2026-12-02 13:01:41")
CANCEL_1 = WAIT_1 + dt.timedelta(seconds=900, milliseconds=12)
TASK_2 = CANCEL_1 + dt.timedelta(minutes=5, seconds=6)
WAIT_2 = TASK_2 + dt.timedelta(seconds=71)
TERMINATE_2 = utc("2026-12-02 13:34:27")
CATCHUP_S = 88
HOSTS = ["prod-web-1", "prod-web-2", "prod-web-3"]
CLINICS = ["london-harley-st", "london-canary-wharf", "manchester-spinningfields", "leeds-park-sq", "bristol-clifton", "birmingham-colmore", "edinburgh-new-town"]
SERVICES = ["gp-consultation", "physiotherapy", "dermatology", "blood-test", "sexual-health", "travel-vaccination", "mental-health"]


def lag_seconds(t):
    """Replica replay lag."""
    for wait, end in ((WAIT_1, CANCEL_1), (WAIT_2, TERMINATE_2)):
        if wait <= t < end:
            return (t - wait).total_seconds()
        if end <= t < end + dt.timedelta(seconds=CATCHUP_S):
            peak = (end - wait).total_seconds()
            return max(0.02, peak * (1 - (t - end).total_seconds() / CATCHUP_S))
    return 0.004 + (t.second % 7) * 0.003


CONFIRMATION_PHP = """<?php

namespace App\\Controller;

use App\\Repository\\AppointmentRepository;
use Symfony\\Bundle\\FrameworkBundle\\Controller\\AbstractController;
use Symfony\\Component\\HttpFoundation\\Response;
use Symfony\\Component\\Routing\\Attribute\\Route;

class ConfirmationController extends AbstractController
{
    public function __construct(private AppointmentRepository $appointments)
    {
    }

    #[Route('/appointments/{id}/confirmation', name: 'appointment_confirmation', methods: ['GET'])]
    public function show(int $id): Response
    {
        $appointment = $this->appointments->findOneForPatient($id, $this->getUser());
        if (null === $appointment) {
            throw $this->createNotFoundException(sprintf('Appointment %d not found', $id));
        }

        return $this->render('appointment/confirmation.html.twig', ['appointment' => $appointment]);
    }
}
"""

BOOKING_PHP = """<?php

namespace App\\Controller;

use App\\Booking\\BookAppointment;
use App\\Booking\\SlotTakenException;
use Symfony\\Bundle\\FrameworkBundle\\Controller\\AbstractController;
use Symfony\\Component\\HttpFoundation\\Request;
use Symfony\\Component\\HttpFoundation\\Response;
use Symfony\\Component\\Routing\\Attribute\\Route;

class BookingController extends AbstractController
{
    public function __construct(private BookAppointment $book)
    {
    }

    #[Route('/appointments', name: 'appointment_book', methods: ['POST'])]
    public function book(Request $request): Response
    {
        $appointment = $this->book->forPatient($this->getUser(), (int) $request->request->get('slot'));

        return $this->redirectToRoute('appointment_confirmation', ['id' => $appointment->getId()]);
    }
}
"""

DOCTRINE_YAML = """doctrine:
    dbal:
        # Writes (and everything in a transaction) go to the primary; other
        # queries go to the read replica (PrimaryReadReplicaConnection).
        url: '%env(resolve:DATABASE_URL)%'
        server_version: '16'
        replicas:
            replica1:
                url: '%env(resolve:DATABASE_REPLICA_URL)%'
    orm:
        auto_generate_proxy_classes: false
        enable_lazy_ghost_objects: true
        mappings:
            App:
                type: attribute
                dir: '%kernel.project_dir%/src/Entity'
                prefix: 'App\\Entity'
"""

COMPOSER_JSON = """{{
    "name": "clarion/booking-portal",
    "type": "project",
    "require": {{
        "php": ">=8.3",
        "doctrine/doctrine-bundle": "^2.13",
        "doctrine/orm": "^3.3",
        "symfony/framework-bundle": "{symfony}",
        "symfony/monolog-bundle": "^3.10",
        "symfony/security-bundle": "{symfony}",
        "symfony/twig-bundle": "{symfony}"
    }},
    "require-dev": {{
        "phpunit/phpunit": "^11.4",
        "deployer/deployer": "^7.5"
    }}
}}
"""


def composer_lock(symfony):
    pkgs = [("doctrine/dbal", "4.2.1"), ("doctrine/doctrine-bundle", "2.13.1"), ("doctrine/orm", "3.3.0"), ("monolog/monolog", "3.8.0"),
            ("symfony/framework-bundle", symfony), ("symfony/http-kernel", symfony), ("symfony/security-bundle", symfony), ("symfony/twig-bundle", symfony)]
    body = ",\n".join(f'        {{\n            "name": "{n}",\n            "version": "v{v}"\n        }}' for n, v in pkgs)
    return f'{{\n    "_readme": ["This file locks the dependencies of your project to a known state"],\n    "content-hash": "{symfony.replace(".", "")}a41c9e07d2b8f53e61",\n    "packages": [\n{body}\n    ]\n}}\n'


def repo_files():
    return {
        "composer.json": COMPOSER_JSON.format(symfony="7.1.*"),
        "composer.lock": composer_lock("7.1.8"),
        "config/packages/doctrine.yaml": DOCTRINE_YAML,
        "config/packages/monolog.yaml": "when@prod:\n    monolog:\n        handlers:\n            main:\n                type: stream\n                path: '%kernel.logs_dir%/%kernel.environment%.log'\n                level: info\n                channels: ['!event', '!doctrine']\n",
        "src/Controller/ConfirmationController.php": CONFIRMATION_PHP,
        "src/Controller/BookingController.php": BOOKING_PHP,
        "src/Repository/AppointmentRepository.php": "<?php\n\nnamespace App\\Repository;\n\nuse App\\Entity\\Appointment;\nuse Doctrine\\Bundle\\DoctrineBundle\\Repository\\ServiceEntityRepository;\nuse Doctrine\\Persistence\\ManagerRegistry;\n\nclass AppointmentRepository extends ServiceEntityRepository\n{\n    public function __construct(ManagerRegistry $registry)\n    {\n        parent::__construct($registry, Appointment::class);\n    }\n\n    public function findOneForPatient(int $id, $patient): ?Appointment\n    {\n        return $this->findOneBy(['id' => $id, 'patient' => $patient, 'cancelledAt' => null]);\n    }\n}\n",
        "src/Booking/BookAppointment.php": "<?php\n\nnamespace App\\Booking;\n\nuse App\\Entity\\Appointment;\nuse Doctrine\\DBAL\\Exception\\UniqueConstraintViolationException;\nuse Doctrine\\ORM\\EntityManagerInterface;\n\n/** Books a slot in one transaction on the primary; a unique index on\n *  (slot_id) WHERE cancelled_at IS NULL stops double bookings. */\nfinal class BookAppointment\n{\n    public function __construct(private EntityManagerInterface $em)\n    {\n    }\n\n    public function forPatient($patient, int $slotId): Appointment\n    {\n        return $this->em->wrapInTransaction(function () use ($patient, $slotId) {\n            $appointment = Appointment::book($patient, $this->em->getReference(\\App\\Entity\\Slot::class, $slotId));\n            $this->em->persist($appointment);\n\n            return $appointment;\n        });\n    }\n}\n",
        "translations/messages.en.yaml": "booking:\n    confirmed: Your appointment is booked.\n",
        "deploy.php": "<?php\n\nnamespace Deployer;\n\nrequire 'recipe/symfony.php';\n\nset('repository', 'git@github.com:clarion-health/booking-portal.git');\nset('keep_releases', 5);\n\nhost('prod-web-1')->set('deploy_path', '/srv/booking-portal');\nhost('prod-web-2')->set('deploy_path', '/srv/booking-portal');\nhost('prod-web-3')->set('deploy_path', '/srv/booking-portal');\n\nafter('deploy:symlink', 'php-fpm:reload');\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  workflow_dispatch:\njobs:\n  production:\n    runs-on: ubuntu-24.04\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - uses: shivammathur/setup-php@v2\n        with: {php-version: '8.3'}\n      - run: composer install --no-dev --no-interaction\n      - run: vendor/bin/dep deploy production --revision=$GITHUB_SHA\n",
        "README.md": readme(SERVICE, "Clarion Health's patient portal: book, move and cancel clinic appointments.", "composer install\nsymfony serve"),
    }


def build_repo():
    hannah = Person("Hannah Okafor", "hannah.okafor@clarionhealth.co.uk", 0)
    lucas = Person("Lucas Moreau", "lucas.moreau@clarionhealth.co.uk", 60)
    mateus = Person("Mateus Lima", "mateus.lima@clarionhealth.co.uk", -180)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("ConfirmationNotFound", "Patients get 404 on the confirmation page right after booking: the page reads from the replica; check ReplicaLag of clarion-prod-replica-1 and #dba."),
        ("BookingConflicts", "409s on POST /appointments above 2% for 10 minutes: slots shown as free are taken; availability reads from the replica."),
    ])
    repo.commit(utc("2026-11-26 10:05:00"), hannah, "booking-portal: split out of clarion-web", files)
    repo.schedule(chores(random.Random(18301), SERVICE, [hannah, lucas, mateus], utc("2026-11-26 10:05:00"), utc("2026-12-01 12:00:00"), 4))
    repo.commit(utc("2026-11-27 14:40:00"), mateus, "tests: booking and confirmation flow", {
        "tests/Controller/BookingFlowTest.php": "<?php\n\nnamespace App\\Tests\\Controller;\n\nuse Symfony\\Bundle\\FrameworkBundle\\Test\\WebTestCase;\n\nclass BookingFlowTest extends WebTestCase\n{\n    public function testBookThenConfirm(): void\n    {\n        $client = static::createClient();\n        $client->loginUser(static::getContainer()->get('test.patient'));\n        $client->request('POST', '/appointments', ['slot' => 1]);\n        $client->followRedirect();\n        $this->assertResponseIsSuccessful();\n    }\n}\n",
    })
    repo.commit(utc("2026-12-01 10:20:00"), lucas, "booking: 'slot no longer available' instead of a 500 when the slot was taken", {
        "src/Controller/BookingController.php": BOOKING_PHP.replace(
            "        $appointment = $this->book->forPatient($this->getUser(), (int) $request->request->get('slot'));\n",
            "        try {\n            $appointment = $this->book->forPatient($this->getUser(), (int) $request->request->get('slot'));\n        } catch (SlotTakenException $e) {\n            $this->logger->error('Booking failed: slot already taken', ['slot_id' => $e->slotId, 'exception' => $e->getPrevious()]);\n            $this->addFlash('error', 'booking.slot_taken');\n\n            return $this->redirectToRoute('clinic_availability', ['clinic' => $e->clinic], Response::HTTP_CONFLICT);\n        }\n"),
        "translations/messages.en.yaml": "booking:\n    confirmed: Your appointment is booked.\n    slot_taken: Sorry, that time was just booked by someone else. Please pick another.\n",
    })
    repo.commit(utc("2026-12-02 08:51:00"), bot, "Bump the symfony group with 4 updates (7.1.8 -> 7.1.9)", {
        "composer.lock": composer_lock("7.1.9"),
    })
    confirmation = CONFIRMATION_PHP.replace("use Symfony\\Component\\HttpFoundation\\Response;\n", "use Psr\\Log\\LoggerInterface;\nuse Symfony\\Component\\HttpFoundation\\Response;\n")
    confirmation = confirmation.replace("    public function __construct(private AppointmentRepository $appointments)\n", "    public function __construct(private AppointmentRepository $appointments, private LoggerInterface $logger)\n")
    confirmation = confirmation.replace("        if (null === $appointment) {\n", "        if (null === $appointment) {\n            $this->logger->warning('Confirmation page: appointment not found', ['appointment_id' => $id, 'patient' => $this->getUser()?->getPublicId()]);\n")
    repo.commit(utc("2026-12-02 09:58:00"), hannah, "confirmation: log appointment and patient when the appointment is not found\n\nSupport gets the odd 'my booking vanished' call; the 404 alone does not\nsay whose booking it was.", {
        "src/Controller/ConfirmationController.php": confirmation,
    })
    docs = repo.commit(utc("2026-12-02 10:31:00"), lucas, "docs: booking flow, and which reads go to the replica", {
        "docs/booking.md": "# Booking flow\n\n1. Availability (`GET /clinics/{clinic}/availability`) reads free slots.\n2. `POST /appointments` books in one transaction on the primary.\n3. The patient is redirected to the confirmation page.\n\nDoctrine sends every query outside a transaction to the read replica\n(clarion-prod-replica-1), so steps 1 and 3 read from it. Its lag is\nnormally a few milliseconds (CloudWatch ReplicaLag).\n",
    })
    config = repo.commit(utc("2026-12-02 12:27:00"), lucas, "doctrine: 2 s connect timeout on the primary and replica connections\n\nDuring last week's RDS maintenance a php-fpm worker hung for 2 minutes\non connect (libpq's default is no timeout).", {
        "config/packages/doctrine.yaml": DOCTRINE_YAML.replace("        url: '%env(resolve:DATABASE_URL)%'\n        server_version: '16'\n",
                                                              "        url: '%env(resolve:DATABASE_URL)%'\n        server_version: '16'\n        options:\n            !php/const PDO::ATTR_TIMEOUT: 2\n")
                                                   .replace("                url: '%env(resolve:DATABASE_REPLICA_URL)%'\n", "                url: '%env(resolve:DATABASE_REPLICA_URL)%'\n                options:\n                    !php/const PDO::ATTR_TIMEOUT: 2\n"),
    })
    return repo, docs, config


# ---------------------------------------------------------------------------
# logs


def monolog(t, channel, level, msg, context=None, host=None):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}+00:00"
    ctx = json.dumps(context or {}, separators=(",", ":"), ensure_ascii=False) if context else "[]"
    extra = json.dumps({"host": host}, separators=(",", ":")) if host else "[]"
    return f"[{stamp}] {channel}.{level}: {msg} {ctx} {extra}"


def rds(t, pid, level, msg, who=":@"):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC:{who}:[{pid}]:{level}:  {msg}"


def build_logs(rng, docs, config):
    app = Log("booking-portal.log")
    nginx = Log("nginx-access.log")
    pg = Log("postgres-replica.log")
    alarms = Log("cloudwatch-alarms.log")
    airflow = Log("airflow-monthly-activity-return.log")
    gha = Log("github-actions-deploy.log")
    chat = Log("portal-oncall-channel.log")

    def release(t):
        return RELEASE_CONFIG if t >= DEPLOY_CONFIG + dt.timedelta(seconds=40) else RELEASE_MORNING

    def pid_ip(host):
        return f"10.20.{HOSTS.index(host) + 1}.{rng.randint(10, 40)}"

    not_found, conflicts, bookings = [], [], []
    agents = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
              "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"]

    def client_ip():
        return f"{rng.choice([81, 86, 90, 92, 109, 176, 212])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    def rate(t):
        h = t.hour + t.minute / 60
        return 2.6 + 1.4 * max(0.0, 1 - abs(h - 13.0) / 1.5)

    next_id = [884_120]
    # bookings and what follows them
    t = START
    while t < END:
        t += dt.timedelta(seconds=rng.expovariate(rate(t) / 60))
        if t >= END:
            break
        host = rng.choice(HOSTS)
        ip_ = client_ip()
        ua = rng.choice(agents)
        clinic = rng.choice(CLINICS)
        service = rng.choice(SERVICES)
        slot = rng.randint(2_210_000, 2_290_000)
        patient = f"p_{hexid(rng, 10)}"
        # availability page first (replica)
        ta = t - dt.timedelta(seconds=rng.uniform(20, 120))
        art = ms(rng, 140) / 1000
        nginx.add(ta, nginx_access(ta, ip_, "GET", f"/clinics/{clinic}/availability?service={service}", 200, rng.randint(18000, 42000), art, ua, upstream_rt=art - 0.002))
        # a slot shown as free that the replica has not yet seen taken
        stale = lag_seconds(ta) > 30 and rng.random() < min(0.45, lag_seconds(ta) / 900)
        base_taken = rng.random() < 0.012
        if stale or base_taken:
            rt = ms(rng, 90) / 1000
            nginx.add(t, nginx_access(t, ip_, "POST", "/appointments", 409, 612, rt, ua, referer=f"https://book.clarionhealth.co.uk/clinics/{clinic}/availability", upstream_rt=rt - 0.002))
            conflicts.append(t)
            e = t + dt.timedelta(milliseconds=rng.randint(20, 80))
            app.add(e, monolog(e, "app", "ERROR", "Booking failed: slot already taken", {
                "slot_id": slot, "exception": f"[object] (Doctrine\\DBAL\\Exception\\UniqueConstraintViolationException(code: 7): An exception occurred while executing a query: SQLSTATE[23505]: Unique violation: 7 ERROR:  duplicate key value violates unique constraint \"appointments_active_slot_key\"\nDETAIL:  Key (slot_id)=({slot}) already exists. at /srv/booking-portal/releases/{release(t)}/vendor/doctrine/dbal/src/Driver/API/PostgreSQL/ExceptionConverter.php:54)"}, host))
            continue
        appt = next_id[0]
        next_id[0] += rng.randint(1, 3)
        rt = ms(rng, 160) / 1000
        nginx.add(t, nginx_access(t, ip_, "POST", "/appointments", 302, 0, rt, ua, referer=f"https://book.clarionhealth.co.uk/clinics/{clinic}/availability", upstream_rt=rt - 0.002))
        e = t + dt.timedelta(milliseconds=int(rt * 1000) - rng.randint(5, 20))
        bookings.append(e)
        app.add(e, monolog(e, "app", "INFO", "Appointment booked", {"appointment_id": appt, "clinic": clinic, "service": service, "slot_id": slot, "patient": patient}, host))
        # redirect to the confirmation page, then refreshes while it is not there
        tc = t + dt.timedelta(seconds=rt + rng.uniform(0.15, 0.6))
        for attempt in range(4):
            visible = lag_seconds(tc) < (tc - e).total_seconds()
            if visible:
                crt = ms(rng, 70) / 1000
                nginx.add(tc, nginx_access(tc, ip_, "GET", f"/appointments/{appt}/confirmation", 200, rng.randint(9000, 12000), crt, ua, referer=f"https://book.clarionhealth.co.uk/clinics/{clinic}/availability", upstream_rt=crt - 0.001))
                break
            crt = ms(rng, 55) / 1000
            h2 = rng.choice(HOSTS)
            done = tc + dt.timedelta(seconds=crt)
            nginx.add(done, nginx_access(done, ip_, "GET", f"/appointments/{appt}/confirmation", 404, 5321, crt, ua, referer=f"https://book.clarionhealth.co.uk/clinics/{clinic}/availability", upstream_rt=crt - 0.001))
            w = tc + dt.timedelta(milliseconds=int(crt * 1000) - 4)
            not_found.append(w)
            app.add(w, monolog(w, "app", "WARNING", "Confirmation page: appointment not found", {"appointment_id": appt, "patient": patient}, h2))
            w2 = w + dt.timedelta(microseconds=rng.randint(300, 900))
            app.add(w2, monolog(w2, "request", "ERROR", f"Uncaught PHP Exception Symfony\\Component\\HttpKernel\\Exception\\NotFoundHttpException: \"Appointment {appt} not found\" at /srv/booking-portal/releases/{release(tc)}/vendor/symfony/framework-bundle/Controller/AbstractController.php line 331",
                                  {"exception": f"[object] (Symfony\\Component\\HttpKernel\\Exception\\NotFoundHttpException(code: 0): Appointment {appt} not found at /srv/booking-portal/releases/{release(tc)}/vendor/symfony/framework-bundle/Controller/AbstractController.php:331)"}, h2))
            if attempt == 3 or rng.random() < 0.25:
                # gives up and opens the appointment list, which does not show it either
                tl = tc + dt.timedelta(seconds=rng.uniform(4, 15))
                lrt = ms(rng, 120) / 1000
                nginx.add(tl, nginx_access(tl, ip_, "GET", "/account/appointments", 200, rng.randint(14000, 30000), lrt, ua, upstream_rt=lrt - 0.002))
                break
            tc += dt.timedelta(seconds=rng.uniform(5, 25))

    # other portal traffic
    paths = [(5, lambda: ("GET", "/account/appointments", 200)), (3, lambda: ("GET", f"/clinics/{rng.choice(CLINICS)}", 200)),
             (2, lambda: ("GET", "/account/profile", 200)), (1, lambda: ("POST", f"/appointments/{rng.randint(870000, 884000)}/cancel", 302)),
             (1, lambda: ("GET", "/login", 200)), (1, lambda: ("POST", "/login", 302))]
    for t in poisson_times(rng, START, END, 7):
        method, path, status = weighted(rng, paths)()
        rt = ms(rng, 110) / 1000
        nginx.add(t, nginx_access(t, client_ip(), method, path, status, rng.randint(2000, 30000) if status == 200 else 0, rt, rng.choice(agents), upstream_rt=rt - 0.001))
    emit(rng, app, START, END, 1.2, [
        (4, lambda t: monolog(t, "app", "INFO", "Reminder SMS queued", {"appointment_id": rng.randint(860000, 884000), "send_at": (t + dt.timedelta(hours=24)).strftime("%Y-%m-%dT%H:00:00+00:00")}, rng.choice(HOSTS))),
        (2, lambda t: monolog(t, "security", "INFO", "Authenticator successful!", {"authenticator": "App\\Security\\PatientLoginAuthenticator"}, rng.choice(HOSTS))),
        (1, lambda t: monolog(t, "app", "INFO", "Appointment cancelled by patient", {"appointment_id": rng.randint(860000, 884000), "hours_before": rng.randint(3, 200)}, rng.choice(HOSTS))),
        (1, lambda t: monolog(t, "security", "INFO", "Authenticator failed.", {"exception": "[object] (Symfony\\Component\\Security\\Core\\Exception\\BadCredentialsException(code: 0): The presented password is invalid.)", "authenticator": "App\\Security\\PatientLoginAuthenticator"}, rng.choice(HOSTS))),
    ])

    # RDS replica log
    startup_pid = 512
    t = START.replace(minute=(START.minute // 5) * 5) + dt.timedelta(minutes=5)
    lsn = 0x3A16F000028
    while t < END:
        s = t + dt.timedelta(seconds=rng.randint(0, 2))
        pg.add(s, rds(s, 489, "LOG", "restartpoint starting: time"))
        f = s + dt.timedelta(seconds=rng.randint(120, 170))
        bufs = rng.randint(2100, 9800)
        pg.add(f, rds(f, 489, "LOG", f"restartpoint complete: wrote {bufs} buffers ({bufs / 524288 * 100:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(1, 4)} recycled; write={rng.uniform(100, 160):.3f} s, sync={rng.uniform(0.01, 0.3):.3f} s, total={rng.uniform(140, 170):.3f} s; sync files={rng.randint(40, 180)}, longest={rng.uniform(0.01, 0.1):.3f} s, average={rng.uniform(0.001, 0.004):.3f} s; distance={rng.randint(90000, 300000)} kB, estimate={rng.randint(200000, 320000)} kB; lsn={lsn >> 32:X}/{lsn & 0xFFFFFFFF:08X}, redo lsn={lsn >> 32:X}/{(lsn & 0xFFFFFFFF) + 0x28:08X}"))
        lsn += rng.randint(0x4000000, 0x9000000)
        pg.add(f, rds(f, 489, "LOG", f"recovery restart point at {lsn >> 32:X}/{lsn & 0xFFFFFFFF:08X}"))
        pg.add(f, rds(f, 489, "DETAIL", f"Last completed transaction was at log time {(f - dt.timedelta(seconds=lag_seconds(f))).strftime('%Y-%m-%d %H:%M:%S')}.{rng.randint(100000, 999999)}+00."))
        t += dt.timedelta(minutes=5)
    # slow portal statements on the replica (log_min_duration_statement = 2000)
    for t in poisson_times(rng, START, END, 0.09):
        who = f"{pid_ip(rng.choice(HOSTS))}({rng.randint(40000, 60000)}):portal@clarion"
        pg.add(t, rds(t, rng.randint(20000, 32000), "LOG", f"duration: {rng.uniform(2000, 3400):.3f} ms  execute pdo_stmt_{rng.randint(1, 40):08x}: SELECT s.id, s.starts_at, s.clinician_id FROM slots s LEFT JOIN appointments a ON a.slot_id = s.id AND a.cancelled_at IS NULL WHERE s.clinic_id = $1 AND s.starts_at BETWEEN $2 AND $3 AND a.id IS NULL ORDER BY s.starts_at", who))
    # the data team's queries
    copy_sql = ("COPY (SELECT a.id, a.clinic_id, a.service_code, a.starts_at, a.status, a.booked_at, p.nhs_number_hash, p.postcode_district, p.year_of_birth "
                "FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE a.starts_at >= '2026-11-01' AND a.starts_at < '2026-12-01') TO STDOUT WITH (FORMAT csv, HEADER)")
    bi1, bi2 = 28641, 30117
    for task, wait, pid, port in ((TASK_1, WAIT_1, bi1, 53122), (TASK_2, WAIT_2, bi2, 53390)):
        c = task + dt.timedelta(seconds=4, milliseconds=rng.randint(0, 900))
        pg.add(c, rds(c, pid, "LOG", "connection authorized: user=bi_extract database=clarion application_name=airflow-monthly_activity_return SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)", who=f"10.40.7.18({port}):bi_extract@clarion"))
        w = wait + dt.timedelta(seconds=1, microseconds=rng.randint(0, 400000))
        pg.add(w, rds(w, startup_pid, "LOG", f"recovery still waiting after {1000 + rng.uniform(0.05, 0.9):.3f} ms: recovery conflict on snapshot\n"
                      f"{rds(w, startup_pid, 'DETAIL', f'Conflicting process: {pid}.')}\n"
                      f"{rds(w, startup_pid, 'CONTEXT', f'WAL redo at 3A2/{rng.randint(0x10000000, 0xF0000000):08X} for Heap2/PRUNE: snapshotConflictHorizon: {rng.randint(912800000, 912900000)}, nredirected: 0, ndead: {rng.randint(2, 9)}, isCatalogRel: F, blkref #0: rel 1663/16401/18822 blk {rng.randint(100000, 190000)}')}"))
    end1 = CANCEL_1
    pg.add(end1, rds(end1, bi1, "ERROR", "canceling statement due to conflict with recovery\n"
                     f"{rds(end1, bi1, 'DETAIL', 'User query might have needed to see row versions that must be removed.', who='10.40.7.18(53122):bi_extract@clarion')}\n"
                     f"{rds(end1, bi1, 'STATEMENT', copy_sql, who='10.40.7.18(53122):bi_extract@clarion')}", who="10.40.7.18(53122):bi_extract@clarion"))
    pg.add(end1, rds(end1, startup_pid, "LOG", f"recovery finished waiting after {(CANCEL_1 - WAIT_1).total_seconds() * 1000 + 0.412:.3f} ms: recovery conflict on snapshot"))
    pg.add(end1 + dt.timedelta(milliseconds=40), rds(end1, bi1, "LOG", f"disconnection: session time: 0:{(end1 - TASK_1).seconds // 60:02d}:{(end1 - TASK_1).seconds % 60:02d}.{rng.randint(100, 999)} user=bi_extract database=clarion host=10.40.7.18 port=53122", who="10.40.7.18(53122):bi_extract@clarion"))
    end2 = TERMINATE_2
    pg.add(end2, rds(end2, bi2, "FATAL", "terminating connection due to administrator command\n"
                     f"{rds(end2, bi2, 'STATEMENT', copy_sql, who='10.40.7.18(53390):bi_extract@clarion')}", who="10.40.7.18(53390):bi_extract@clarion"))
    pg.add(end2 + dt.timedelta(milliseconds=3), rds(end2, startup_pid, "LOG", f"recovery finished waiting after {(TERMINATE_2 - WAIT_2).total_seconds() * 1000 + 0.207:.3f} ms: recovery conflict on snapshot"))
    dba = end2 - dt.timedelta(seconds=2)
    pg.add(dba, rds(dba, 31877, "LOG", "connection authorized: user=rds_admin_dba database=clarion application_name=psql SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)", who="10.40.2.9(60214):rds_admin_dba@clarion"))

    # CloudWatch alarms (SNS)
    def alarm(t, name, metric, state, old, reason, threshold, dims):
        body = {"Type": "Notification", "MessageId": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
                "TopicArn": "arn:aws:sns:eu-west-2:604173829011:clarion-prod-alarms", "Subject": f"{state}: \"{name}\" in EU (London)",
                "Timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                "Message": json.dumps({"AlarmName": name, "NewStateValue": state, "OldStateValue": old, "NewStateReason": reason, "StateChangeTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + "000+0000",
                                       "Region": "EU (London)", "Trigger": {"MetricName": metric, "Namespace": "AWS/RDS", "Statistic": "MAXIMUM", "Dimensions": [{"name": "DBInstanceIdentifier", "value": dims}],
                                                                           "Period": 60, "EvaluationPeriods": 3, "ComparisonOperator": "GreaterThanThreshold", "Threshold": threshold}}, separators=(",", ":"))}
        alarms.add(t, json.dumps(body, separators=(",", ":")))

    def crossing(start, value_fn, threshold):
        t = start
        while value_fn(t) <= threshold:
            t += dt.timedelta(seconds=60)
        return t

    a1 = crossing(WAIT_1, lag_seconds, 60) + dt.timedelta(minutes=3, seconds=20)
    alarm(a1, "clarion-prod-replica-1-replica-lag", "ReplicaLag", "ALARM", "OK",
          f"Threshold Crossed: 3 out of the last 3 datapoints [{lag_seconds(a1 - dt.timedelta(seconds=80)):.1f}, {lag_seconds(a1 - dt.timedelta(seconds=140)):.1f}, {lag_seconds(a1 - dt.timedelta(seconds=200)):.1f}] were greater than the threshold (60.0) (minimum 3 datapoints for OK -> ALARM transition).", 60.0, "clarion-prod-replica-1")
    o1 = CANCEL_1 + dt.timedelta(seconds=CATCHUP_S + 150)
    alarm(o1, "clarion-prod-replica-1-replica-lag", "ReplicaLag", "OK", "ALARM", "Threshold Crossed: 3 out of the last 3 datapoints [0.0, 0.0, 0.0] were not greater than the threshold (60.0).", 60.0, "clarion-prod-replica-1")
    a2 = crossing(WAIT_2, lag_seconds, 60) + dt.timedelta(minutes=3, seconds=15)
    alarm(a2, "clarion-prod-replica-1-replica-lag", "ReplicaLag", "ALARM", "OK",
          f"Threshold Crossed: 3 out of the last 3 datapoints [{lag_seconds(a2 - dt.timedelta(seconds=80)):.1f}, {lag_seconds(a2 - dt.timedelta(seconds=140)):.1f}, {lag_seconds(a2 - dt.timedelta(seconds=200)):.1f}] were greater than the threshold (60.0) (minimum 3 datapoints for OK -> ALARM transition).", 60.0, "clarion-prod-replica-1")
    o2 = TERMINATE_2 + dt.timedelta(seconds=CATCHUP_S + 160)
    alarm(o2, "clarion-prod-replica-1-replica-lag", "ReplicaLag", "OK", "ALARM", "Threshold Crossed: 3 out of the last 3 datapoints [0.0, 0.0, 0.0] were not greater than the threshold (60.0).", 60.0, "clarion-prod-replica-1")
    alarm(utc("2026-12-02 11:52:03"), "clarion-prod-cpu-high", "CPUUtilization", "OK", "ALARM", "Threshold Crossed: 3 out of the last 3 datapoints [41.2, 44.9, 47.0] were not greater than the threshold (80.0).", 80.0, "clarion-prod")

    # Airflow task log (data team)
    def af(t, src, level, msg):
        airflow.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}+0000] {{{src}}} {level} - {msg}")
    for n, (task, end, pid) in enumerate(((TASK_1, CANCEL_1, bi1), (TASK_2, TERMINATE_2, bi2)), start=1):
        run_id = "scheduled__2026-12-02T13:00:00+00:00"
        af(task, "taskinstance.py:2612", "INFO", f"Dependencies all met for dep_context=non-requeueable deps ti=<TaskInstance: monthly_activity_return.extract_appointments {run_id} [queued]>")
        af(task + dt.timedelta(milliseconds=40), "taskinstance.py:2865", "INFO", f"Starting attempt {n} of 3")
        af(task + dt.timedelta(milliseconds=90), "taskinstance.py:2888", "INFO", f"Executing <Task(PostgresToS3Operator): extract_appointments> on 2026-12-02 13:00:00+00:00")
        af(task + dt.timedelta(seconds=3, milliseconds=400), "base.py:84", "INFO", "Retrieving connection 'clarion_replica_bi'")
        af(task + dt.timedelta(seconds=3, milliseconds=900), "postgres_to_s3.py:71", "INFO", "Running COPY of appointments 2026-11-01..2026-12-01 to s3://clarion-data-landing/activity-return/2026-11/appointments.csv")
        err = "canceling statement due to conflict with recovery\nDETAIL:  User query might have needed to see row versions that must be removed." if n == 1 else "terminating connection due to administrator command\nserver closed the connection unexpectedly"
        exc = "psycopg2.errors.SerializationFailure" if n == 1 else "psycopg2.OperationalError"
        af(end + dt.timedelta(milliseconds=300), "taskinstance.py:3311", "ERROR", f"Task failed with exception\nTraceback (most recent call last):\n  File \"/home/airflow/.local/lib/python3.11/site-packages/airflow/models/taskinstance.py\", line 767, in _execute_task\n    result = _execute_callable(context=context, **execute_callable_kwargs)\n  File \"/opt/airflow/plugins/operators/postgres_to_s3.py\", line 74, in execute\n    cursor.copy_expert(self.sql, buffer)\n{exc}: {err}")
        if n == 1:
            af(end + dt.timedelta(milliseconds=420), "taskinstance.py:1225", "INFO", f"Marking task as UP_FOR_RETRY. dag_id=monthly_activity_return, task_id=extract_appointments, run_id={run_id}, execution_date=20261202T130000, start_date=20261202T130004, end_date=20261202T{end.strftime('%H%M%S')}")
        else:
            af(end + dt.timedelta(milliseconds=420), "taskinstance.py:1225", "INFO", f"Marking task as FAILED. dag_id=monthly_activity_return, task_id=extract_appointments, run_id={run_id}, execution_date=20261202T130000, start_date=20261202T{TASK_2.strftime('%H%M%S')}, end_date=20261202T{end.strftime('%H%M%S')}")
    af(utc("2026-12-02 12:30:01"), "scheduler_job_runner.py:417", "INFO", "DAG monthly_activity_return is unpaused; first run scheduled for 2026-12-02T13:00:00+00:00")

    # GitHub Actions deploy runs (Deployer)
    def run(when, sha, release_name, title):
        lines = [
            (0, "##[group]Run vendor/bin/dep deploy production --revision=$GITHUB_SHA"),
            (0, "vendor/bin/dep deploy production --revision=$GITHUB_SHA"),
            (0, "##[endgroup]"),
            (1, "task deploy:info"),
            (1, f"[prod-web-1] info deploying {sha} ({title})"),
            (2, "task deploy:setup"),
            (3, "task deploy:lock"),
            (3, "task deploy:release"),
            (4, f"[prod-web-1] run mkdir -p releases/{release_name}"),
            (4, "task deploy:update_code"),
            (9, "task deploy:shared"),
            (10, "task deploy:writable"),
            (11, "task deploy:vendors"),
            (38, "task deploy:cache:clear"),
            (44, "task deploy:symlink"),
            (45, "task php-fpm:reload"),
            (46, "[prod-web-1] run sudo systemctl reload php8.3-fpm"),
            (46, "[prod-web-2] run sudo systemctl reload php8.3-fpm"),
            (47, "[prod-web-3] run sudo systemctl reload php8.3-fpm"),
            (47, "task deploy:unlock"),
            (48, "task deploy:cleanup"),
            (49, "task deploy:success"),
            (49, "[prod-web-1] info successfully deployed!"),
        ]
        for i, (off, text) in enumerate(lines):
            t = when + dt.timedelta(seconds=off, milliseconds=7 * i + rng.randint(0, 6))
            gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    run(DEPLOY_MORNING, docs, RELEASE_MORNING, "docs: booking flow, and which reads go to the replica")
    run(DEPLOY_CONFIG, config, RELEASE_CONFIG, "doctrine: 2 s connect timeout on the primary and replica connections")

    # chat (#portal-oncall, with messages pasted from #dba and #data-platform)
    onset_ = min(not_found)

    def say(t, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] {who}: {text}")
    say(utc("2026-12-02 10:44:02"), "Hannah Okafor", "deployed: confirmation 404s now log appointment + patient, symfony 7.1.9, docs.")
    say(utc("2026-12-02 12:45:40"), "Lucas Moreau", "deployed the 2 s DB connect timeout. Watching.")
    say(onset_ + dt.timedelta(minutes=7, seconds=12), "Zendesk", "New ticket #418822 (Phone): Patient booked physio at Canary Wharf, got SMS confirmation, website says appointment not found.")
    say(onset_ + dt.timedelta(minutes=9, seconds=40), "Grafana", "[FIRING:1] ConfirmationNotFound booking-portal (404 on /appointments/*/confirmation > 5/min)")
    say(onset_ + dt.timedelta(minutes=11, seconds=5), "Lucas Moreau", f"looking. Started ~{onset_:%H:%M}. My doctrine change went out at 12:44, checking if the replica connection is affected.")
    say(onset_ + dt.timedelta(minutes=16, seconds=30), "Zendesk", "New ticket #418829 (Chat): 'Tried to book 2pm dermatology, it said someone just took it, but it still shows free'.")
    say(CANCEL_1 + dt.timedelta(minutes=2, seconds=45), "Lucas Moreau", "404s stopped on their own at ~13:18. Not my change then? Leaving it in. Keeping an eye.")
    say(WAIT_2 + dt.timedelta(minutes=2, seconds=30), "Grafana", "[FIRING:1] ConfirmationNotFound booking-portal (404 on /appointments/*/confirmation > 5/min)")
    say(WAIT_2 + dt.timedelta(minutes=4, seconds=5), "Hannah Okafor", f"it's back. The replica-lag alarm fired at {a1:%H:%M} and again now. Asking #dba.")
    say(TERMINATE_2 - dt.timedelta(minutes=3, seconds=10), "Priya Raman (DBA, from #dba)", "replica-1 replay is waiting on a bi_extract COPY (monthly_activity_return, data team). Since CHG-2291 last week it may hold replay for up to 15 min. Killing it now.")
    say(TERMINATE_2 + dt.timedelta(minutes=1, seconds=20), "Tom Reeves (data platform, from #data-platform)", "paused monthly_activity_return, sorry. It is new this month; we will run it on a snapshot restore instead.")
    say(TERMINATE_2 + dt.timedelta(minutes=3, seconds=30), "Priya Raman (DBA, from #dba)", "replica-1 caught up, lag 0. Setting max_standby_streaming_delay back to 30 s on replica-1 (CHG-2307); reports go to a separate replica from next week.")
    return [app, nginx, pg, alarms, airflow, gha, chat], not_found, conflicts, bookings


def build(out_dir):
    rng = random.Random(18300)
    repo, docs, config = build_repo()
    try:
        logs, not_found, conflicts, bookings = build_logs(rng, docs, config)
        onset = min(not_found).replace(microsecond=0)

        def rate(events):
            def fn(t):
                return round(sum(1 for e in events if t - dt.timedelta(seconds=60) < e <= t) / 60, 4)
            return fn

        metrics = {
            "aws_rds_replica_lag_seconds_maximum.json": query_range([({"dbinstance_identifier": "clarion-prod-replica-1"}, lambda t: round(lag_seconds(t), 3))], START, END, 60),
            "booking_portal_http_responses_rate.json": query_range([
                ({"route": "appointment_confirmation", "status": "404"}, rate(not_found)),
                ({"route": "appointment_book", "status": "409"}, rate(conflicts)),
                ({"route": "appointment_book", "status": "302"}, rate(bookings)),
            ], START, END, 30),
        }
        return write_scenario(
            out_dir, name="replica-lag-appointments-none", service=SERVICE, onset=onset,
            description=f"""
Patients who have just booked an appointment are told it does not exist.
From {onset.strftime('%H:%M')} UTC on 2 December the confirmation page answers 404 right after
booking, the appointment list does not show new bookings, and some slots
shown as free fail with "slot already taken"; it stops at 13:18 and comes
back at 13:23. booking-portal was deployed at 10:42 and 12:44.
""",
            logs=logs,
            line_formats={"booking-portal.log": r"\[<Time>\] <Channel>\.<Level>: <Content>"},
            metrics=metrics,
            repo=repo,
            culprit="none",
            root_cause=[r"recovery still waiting after .*recovery conflict on snapshot", r"canceling statement due to conflict with recovery"],
            fix_files=[],
            explanation=f"""
Nothing in this repository caused it. The portal reads everything outside
a transaction from the RDS read replica clarion-prod-replica-1, which it
shares with the data team. The DBA team had raised the replica's
max_standby_streaming_delay to 15 minutes the week before (CHG-2291, their
Terraform), and at 13:00 the data team's new Airflow DAG started a long
COPY of November's appointments on the replica. WAL from pruning and
vacuum on the busy appointments table conflicted with the COPY's snapshot,
and the startup process waited instead of cancelling it ("recovery still
waiting after 1000 ms: recovery conflict on snapshot", "Conflicting
process" = the bi_extract backend): replay stopped and the replica fell
behind one second per second. Patients redirected to the confirmation page
after booking got "appointment not found", their lists missed new
bookings, and slots already taken showed as free (409 on booking). After
15 minutes the replica cancelled the COPY ("canceling statement due to
conflict with recovery") and caught up; Airflow's retry started it again
until the DBA team terminated it at 13:34. The fix is the DBA and data
teams' (delay back to 30 s, reports on a separate replica).
Decoys: the doctrine.yaml connect-timeout change deployed at 12:44, {int((onset - DEPLOY_CONFIG).total_seconds() // 60)} minutes
before the onset, to the file that defines the replica connection (the
on-call suspected it first); the morning commit that logs appointment and
patient when the confirmation page finds nothing (the incident's own
warning lines, deployed at 10:42 with a Symfony 7.1.9 bump and a docs
commit about the replica); the day-before change that turns a taken slot
into a 409 (the "slot already taken" lines); the replica's routine
restartpoints and slow availability queries; chores.
""",
        )
    finally:
        repo.close()
