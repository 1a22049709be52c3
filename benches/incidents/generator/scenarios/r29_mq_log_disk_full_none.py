"""crewhub (.NET 8: CrewHub.Api on two Linux VMs behind an F5, and the
CrewHub.MovementListener worker; SQL Server; IBM MQ) of Kestrel Airways, a
UK regional airline with bases at MAN, BHX, GLA, BRS and EDI. Pilots and
cabin crew check in through the crew app; each check-in is written to SQL
Server and, in the same unit of work, put as a persistent message on
OPS.CREW.CHECKIN of the operations queue manager QMOPS1 (ops control's
system reads it); if the put fails the check-in is rolled back and the app
answers 503 "check-in not confirmed". The listener takes MVT messages off
CREWHUB.MVT.IN under syncpoint.

QMOPS1 belongs to the integration team. It uses linear logging with
LogManagement=Archive: a log extent is only reused or deleted once the
team's hourly job has copied it to the /mqarchive NFS share and told the
queue manager. On Tuesday night the storage team's firmware upgrade left
that export read-only; since then every run of the job fails ("cp: cannot
create regular file ... Read-only file system") to a mailbox nobody reads,
no extent is released and /var/mqm/log fills. On Thursday 23 April the
morning bank's traffic takes the last of it: at 08:31 UTC QMOPS1 cannot
format a new log extent (AMQ6708E) and its log is full (AMQ7463W); every
persistent put and get under syncpoint fails with reason 2102
(MQRC_RESOURCE_PROBLEM), for every application on the queue manager.
Crews cannot check in; crew control takes check-ins by phone and a few
departures leave late. The crewhub on-call rolls back the morning's release
without effect; the integration on-call finds the full filesystem, the
storage team makes the export writable again, the extents are archived
and at 09:16 the log is no longer full. Nothing in crewhub's repository
caused it; 3.18.0 is released again at 09:52.

Decoys: the 3.18.0 release at 08:02, 29 minutes before the onset, which
gives check-in events an MQ expiry of four hours (CRW-2291; "MQ", "put",
"check-in event" in every error) and bumps the IBM MQ .NET client to 9.4;
the commit the day before that logs the MQ reason code, queue and queue
manager of a failed put (the new error line); a listener commit; docs and
chores; the AMQ9209E lines for crewhub's own connections at each restart;
a SQL Server slow I/O warning at 07:12. Sources: CrewHub.Api (Serilog text
with .NET stack traces), the listener (Serilog rendered compact JSON),
QMOPS1's JSON diagnostic log, mqops01's journal (short-iso: cron, the
archive job, sudo), the SQL Server ERRORLOG, the F5's request log (syslog
RFC 3164) and the ops bridge (Teams export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "crewhub-api"
START, END = utc("2026-04-23 05:30:00"), utc("2026-04-23 10:15:00")
RELEASE = utc("2026-04-23 08:02:20")
FULL = utc("2026-04-23 08:31:04") + dt.timedelta(microseconds=212417)
ROLLBACK = utc("2026-04-23 08:45:40")
REMOUNT = utc("2026-04-23 09:12:41")
FREED = utc("2026-04-23 09:16:50") + dt.timedelta(microseconds=88120)
ROLLFORWARD = utc("2026-04-23 09:52:10")
BST = dt.timedelta(hours=1)
APPS = [("CRWAPP01", "10.40.2.11"), ("CRWAPP02", "10.40.2.12")]
WORKER = ("CRWWRK01", "10.40.2.21")

PUBLISHER_CS = """using IBM.WMQ;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kestrel.CrewHub.Messaging;

public sealed class CheckInEventPublisher(MqConnectionFactory mq, IOptions<CheckInEventOptions> options, ILogger<CheckInEventPublisher> log)
{
    private readonly CheckInEventOptions _opts = options.Value;

    /// Puts the event under syncpoint and commits; the caller's SQL transaction commits after this.
    public string Publish(CheckInEvent evt)
    {
        var qmgr = mq.Get();
        using var queue = qmgr.AccessQueue(_opts.Queue, MQC.MQOO_OUTPUT | MQC.MQOO_FAIL_IF_QUIESCING);
        var msg = new MQMessage
        {
            Format = MQC.MQFMT_STRING,
            Persistence = MQC.MQPER_PERSISTENT,
            CorrelationId = evt.CorrelationId,
        };
        msg.WriteString(evt.ToJson());
        var pmo = new MQPutMessageOptions { Options = MQC.MQPMO_SYNCPOINT | MQC.MQPMO_FAIL_IF_QUIESCING };
        queue.Put(msg, pmo);
        qmgr.Commit();
        return Convert.ToHexString(msg.MessageId);
    }
}
"""

OPTIONS_CS = """namespace Kestrel.CrewHub.Messaging;

public sealed class CheckInEventOptions
{
    public string Queue { get; set; } = "OPS.CREW.CHECKIN";
}
"""

SERVICE_CS = """using IBM.WMQ;
using Kestrel.CrewHub.Messaging;

namespace Kestrel.CrewHub.Api.CheckIns;

public sealed class CheckInService(CrewHubDb db, CheckInEventPublisher events, ILogger<CheckInService> log)
{
    public async Task<CheckInResult> CheckInAsync(int crewId, string dutyId, CancellationToken ct)
    {
        var duty = await db.FindDutyAsync(crewId, dutyId, ct) ?? throw new DutyNotFoundException(crewId, dutyId);
        await using var tx = await db.BeginTransactionAsync(ct);
        await db.MarkCheckedInAsync(duty, crewId, DateTimeOffset.UtcNow, ct);
        try
        {
            var messageId = events.Publish(new CheckInEvent(crewId, duty.Id, duty.Base, DateTimeOffset.UtcNow));
            await tx.CommitAsync(ct);
            log.LogInformation("Crew {CrewId} checked in for duty {DutyId} ({Base}), event {MessageId}", crewId, dutyId, duty.Base, messageId);
            return CheckInResult.CheckedIn;
        }
        catch (MQException ex)
        {
            log.LogError(ex, "Check-in failed for crew {CrewId} duty {DutyId}", crewId, dutyId);
            return CheckInResult.NotConfirmed;
        }
    }
}
"""

LISTENER_CS = """using IBM.WMQ;

namespace Kestrel.CrewHub.MovementListener;

public sealed class MvtListener(MqConnectionFactory mq, MvtApplier applier, ILogger<MvtListener> log) : BackgroundService
{
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gmo = new MQGetMessageOptions { Options = MQC.MQGMO_WAIT | MQC.MQGMO_SYNCPOINT | MQC.MQGMO_FAIL_IF_QUIESCING, WaitInterval = 5000 };
        while (!stoppingToken.IsCancellationRequested)
        {
            var qmgr = mq.Get();
            try
            {
                using var queue = qmgr.AccessQueue("CREWHUB.MVT.IN", MQC.MQOO_INPUT_SHARED | MQC.MQOO_FAIL_IF_QUIESCING);
                var msg = new MQMessage();
                queue.Get(msg, gmo);
                applier.Apply(msg.ReadString(msg.MessageLength));
                qmgr.Commit();
            }
            catch (MQException ex) when (ex.ReasonCode == MQC.MQRC_NO_MSG_AVAILABLE)
            {
            }
            catch (MQException ex)
            {
                log.LogWarning(ex, "MQGET from {Queue} failed: reason {Reason} ({ReasonName}); backing off {Delay}", "CREWHUB.MVT.IN", ex.ReasonCode, ex.Message, Backoff);
                await Task.Delay(Backoff, stoppingToken);
            }
        }
    }
}
"""

APPSETTINGS_PROD = """{
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft.AspNetCore": "Warning" } },
    "WriteTo": [ { "Name": "File", "Args": { "path": "/var/log/crewhub/api-.log", "rollingInterval": "Day",
      "outputTemplate": "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] ({MachineName}) {SourceContext}: {Message:lj}{NewLine}{Exception}" } } ]
  },
  "ConnectionStrings": { "CrewHub": "Server=SQLCRW01;Database=CrewHub;Integrated Security=true;TrustServerCertificate=true" },
  "Mq": { "QueueManager": "QMOPS1", "Channel": "CREWHUB.SVRCONN", "ConnectionName": "mqops01(1414)" },
  "CheckInEvents": { "Queue": "OPS.CREW.CHECKIN" }
}
"""


def build_repo():
    sam = Person("Sam Okafor", "sam.okafor@kestrelairways.co.uk", 60)
    chloe = Person("Chloe Evans", "chloe.evans@kestrelairways.co.uk", 60)
    tom = Person("Tom Whitfield", "tom.whitfield@kestrelairways.co.uk", 60)
    marek = Person("Marek Nowak", "marek.nowak@kestrelairways.co.uk", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    api = "src/CrewHub.Api"
    msg = "src/CrewHub.Messaging"
    files = {
        "README.md": readme("crewhub", "Crew check-in for the Kestrel crew app: writes the check-in to SQL Server and puts\nthe check-in event on OPS.CREW.CHECKIN (QMOPS1) for ops control. The\nmovement listener applies MVTs from CREWHUB.MVT.IN.", "dotnet run --project src/CrewHub.Api"),
        "docs/runbook.md": runbook("crewhub", [
            ("CheckInsNotConfirmed", "The MQ put of the check-in event failed and the check-in was rolled back. Look\nat the reason code; QMOPS1 itself is the integration team's (#integration)."),
        ]),
        "CrewHub.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\n",
        f"{api}/CrewHub.Api.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Version>3.17.1</Version>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Serilog.AspNetCore" Version="8.0.1" />\n    <PackageReference Include="Microsoft.Data.SqlClient" Version="5.2.1" />\n    <ProjectReference Include="../CrewHub.Messaging/CrewHub.Messaging.csproj" />\n  </ItemGroup>\n</Project>\n',
        f"{msg}/CrewHub.Messaging.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="IBMMQDotnetClient" Version="9.3.5.1" />\n  </ItemGroup>\n</Project>\n',
        f"{msg}/CheckInEventPublisher.cs": PUBLISHER_CS,
        f"{msg}/CheckInEventOptions.cs": OPTIONS_CS,
        f"{api}/CheckIns/CheckInService.cs": SERVICE_CS,
        f"{api}/appsettings.Production.json": APPSETTINGS_PROD,
        "src/CrewHub.MovementListener/MvtListener.cs": LISTENER_CS,
        "deploy/crewhub-api.service": "[Unit]\nDescription=CrewHub API\nAfter=network-online.target\n\n[Service]\nUser=crewhub\nWorkingDirectory=/opt/crewhub/api\nExecStart=/opt/crewhub/api/CrewHub.Api --urls http://0.0.0.0:5000\nEnvironment=ASPNETCORE_ENVIRONMENT=Production\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n",
        "azure-pipelines.yml": "trigger:\n  branches:\n    include: [main]\npool:\n  vmImage: ubuntu-22.04\nsteps:\n  - task: UseDotNet@2\n    inputs: {version: 8.0.x}\n  - script: dotnet test\n  - script: dotnet publish -c Release -o $(Build.ArtifactStagingDirectory)\n  - task: OctopusPush@6\n",
    }
    repo.commit(utc("2026-04-14 09:30:00"), sam, "crewhub: check-in API with MQ check-in events, and the MVT listener", files)
    repo.schedule(chores(random.Random(29201), "crewhub", [sam, chloe, tom], utc("2026-04-14 09:30:00"), utc("2026-04-20 16:00:00"), 3))
    repo.commit(utc("2026-04-15 13:10:00"), chloe, "listener: skip MVT COR messages already applied", {
        "src/CrewHub.MovementListener/MvtListener.cs": repo.edit("src/CrewHub.MovementListener/MvtListener.cs", "                applier.Apply(msg.ReadString(msg.MessageLength));\n",
                                                                   "                var text = msg.ReadString(msg.MessageLength);\n                if (!applier.IsDuplicateCorrection(text)) applier.Apply(text);\n"),
    })
    old_release = repo.commit(utc("2026-04-21 09:20:00"), tom, "checkin: 409 when the crew member is already checked in (3.17.2)", {
        f"{api}/CheckIns/CheckInService.cs": repo.edit(f"{api}/CheckIns/CheckInService.cs", "        await using var tx = await db.BeginTransactionAsync(ct);\n",
                                                       "        if (duty.IsCheckedIn(crewId)) return CheckInResult.AlreadyCheckedIn;\n        await using var tx = await db.BeginTransactionAsync(ct);\n"),
        f"{api}/CrewHub.Api.csproj": repo.edit(f"{api}/CrewHub.Api.csproj", "<Version>3.17.1</Version>", "<Version>3.17.2</Version>"),
    })
    old_files = dict(repo.files)
    repo.commit(utc("2026-04-21 14:40:00"), bot, "Bump Serilog.AspNetCore from 8.0.1 to 8.0.2", {
        f"{api}/CrewHub.Api.csproj": repo.edit(f"{api}/CrewHub.Api.csproj", 'Serilog.AspNetCore" Version="8.0.1"', 'Serilog.AspNetCore" Version="8.0.2"'),
    })
    repo.commit(utc("2026-04-22 08:40:00"), chloe, "messaging: log reason code, queue and queue manager when an MQ put fails (CRW-2276)\n\nOps control asked why check-ins were \"not confirmed\" last week; the log\nonly had the exception. The publisher logs the put failure with its\nreason, the service a one-line warning.", {
        f"{msg}/CheckInEventPublisher.cs": repo.edit(f"{msg}/CheckInEventPublisher.cs", "        queue.Put(msg, pmo);\n        qmgr.Commit();\n",
            "        try\n        {\n            queue.Put(msg, pmo);\n            qmgr.Commit();\n        }\n        catch (MQException ex)\n        {\n            log.LogError(ex, \"MQ put to {Queue} on {QueueManager} failed: reason {Reason} ({ReasonName}), completion code {CompCode}\",\n                _opts.Queue, qmgr.Name.Trim(), ex.ReasonCode, ex.Message, ex.CompletionCode);\n            throw;\n        }\n"),
        f"{api}/CheckIns/CheckInService.cs": repo.edit(f"{api}/CheckIns/CheckInService.cs", '            log.LogError(ex, "Check-in failed for crew {CrewId} duty {DutyId}", crewId, dutyId);\n',
            '            log.LogWarning("Check-in not confirmed for crew {CrewId} duty {DutyId}: check-in event not published (reason {Reason}), answered 503", crewId, dutyId, ex.ReasonCode);\n'),
    })
    repo.commit(utc("2026-04-22 10:15:00"), bot, "Bump IBMMQDotnetClient from 9.3.5.1 to 9.4.0.0", {
        f"{msg}/CrewHub.Messaging.csproj": repo.edit(f"{msg}/CrewHub.Messaging.csproj", 'Version="9.3.5.1"', 'Version="9.4.0.0"'),
    })
    repo.commit(utc("2026-04-22 13:30:00"), sam, "docs: check-in events to ops control", {
        "docs/checkin-events.md": "# Check-in events\n\nEvery check-in is put on OPS.CREW.CHECKIN (QMOPS1) as a persistent message\nunder syncpoint, in the same unit of work as the SQL write: if the put\nfails the check-in is rolled back and the app shows \"check-in not\nconfirmed\". Ops control's OCC reads the queue; when OCC is down the\nmessages wait there.\n",
    })
    repo.commit(utc("2026-04-22 15:05:00"), marek, "listener: ED messages move the duty's report time (CRW-2280)", {
        "src/CrewHub.MovementListener/MvtListener.cs": repo.edit("src/CrewHub.MovementListener/MvtListener.cs", "                if (!applier.IsDuplicateCorrection(text)) applier.Apply(text);\n",
                                                                   "                if (!applier.IsDuplicateCorrection(text)) applier.Apply(text, moveReportTimes: true);\n"),
    })
    repo.commit(utc("2026-04-23 06:40:00"), tom, "check-in events expire after 4 hours (CRW-2291)\n\nWhen OCC was down on Sunday, OPS.CREW.CHECKIN filled with check-ins\nnobody needed any more. Give the events an MQMD expiry (Production: 4 h).", {
        f"{msg}/CheckInEventPublisher.cs": repo.edit(f"{msg}/CheckInEventPublisher.cs", "            CorrelationId = evt.CorrelationId,\n",
            "            CorrelationId = evt.CorrelationId,\n            Expiry = _opts.ExpirySeconds > 0 ? _opts.ExpirySeconds * 10 : MQC.MQEI_UNLIMITED,\n"),
        f"{msg}/CheckInEventOptions.cs": repo.edit(f"{msg}/CheckInEventOptions.cs", '    public string Queue { get; set; } = "OPS.CREW.CHECKIN";\n',
            '    public string Queue { get; set; } = "OPS.CREW.CHECKIN";\n\n    /// MQMD expiry of a check-in event; 0 = unlimited.\n    public int ExpirySeconds { get; set; }\n'),
        f"{api}/appsettings.Production.json": repo.edit(f"{api}/appsettings.Production.json", '"CheckInEvents": { "Queue": "OPS.CREW.CHECKIN" }', '"CheckInEvents": { "Queue": "OPS.CREW.CHECKIN", "ExpirySeconds": 14400 }'),
    })
    head = repo.commit(utc("2026-04-23 06:52:00"), tom, "3.18.0", {
        f"{api}/CrewHub.Api.csproj": repo.edit(f"{api}/CrewHub.Api.csproj", "<Version>3.17.2</Version>", "<Version>3.18.0</Version>"),
        "CHANGELOG.md": repo.files.get("CHANGELOG.md", "# Changelog\n") + "\n## 3.18.0\n\n- Check-in events expire after 4 hours (CRW-2291)\n- MQ put failures logged with reason, queue and queue manager (CRW-2276)\n- ED messages move report times (CRW-2280)\n- IBM MQ .NET client 9.4.0.0\n",
    })
    return repo, old_release, head, old_files, dict(repo.files)


# ---------------------------------------------------------------------------
# logs

BASES = [("MAN", 0.4), ("BHX", 0.2), ("GLA", 0.15), ("BRS", 0.15), ("EDI", 0.1)]
DESTS = ["AMS", "CDG", "DUB", "BCN", "PMI", "FAO", "GVA", "BFS", "JER", "AGP", "ALC", "NCL", "SOU", "CWL", "ORK"]


def pick(rng, pairs):
    x = rng.random() * sum(w for _, w in pairs)
    for value, w in pairs:
        x -= w
        if x <= 0:
            return value
    return pairs[-1][0]


def serilog(t, level, machine, source, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +00:00 [{level}] ({machine}) {source}: {msg}"


def clef(t, msg, level=None, exc=None, event=None, **props):
    t = t.astimezone(dt.timezone.utc)
    body = {"@t": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z", "@m": msg, "@i": event or "a1f3c2d4"}
    if level:
        body["@l"] = level
    if exc:
        body["@x"] = exc
    body.update(props)
    body["MachineName"] = WORKER[0]
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def line_of(text, needle):
    return text.splitlines().index(needle) + 1


def build_logs(rng, repo, old_release, head, old_files, new_files):
    app, lst, mq, jrnl, sql, f5, chat = (Log("crewhub-api.log"), Log("crewhub-listener.log"), Log("qmops1-diagnostics.log"),
                                         Log("mqops01-journal.log"), Log("sqlcrw01-ERRORLOG.log"), Log("f5-crewapp.log"), Log("ops-bridge.log"))
    failures = []
    stats = {"ok": [], "fail": []}
    put_new = line_of(new_files["src/CrewHub.Messaging/CheckInEventPublisher.cs"], "            queue.Put(msg, pmo);")
    svc_new = line_of(new_files["src/CrewHub.Api/CheckIns/CheckInService.cs"], "            var messageId = events.Publish(new CheckInEvent(crewId, duty.Id, duty.Base, DateTimeOffset.UtcNow));")
    put_old = line_of(old_files["src/CrewHub.Messaging/CheckInEventPublisher.cs"], "        queue.Put(msg, pmo);")
    svc_old = line_of(old_files["src/CrewHub.Api/CheckIns/CheckInService.cs"], "            var messageId = events.Publish(new CheckInEvent(crewId, duty.Id, duty.Base, DateTimeOffset.UtcNow));")
    lst_line = line_of(new_files["src/CrewHub.MovementListener/MvtListener.cs"], "                queue.Get(msg, gmo);")

    def version_at(t, machine):
        lag = dt.timedelta(seconds=4 + 48 * [m for m, _ in APPS].index(machine))
        if RELEASE + lag <= t < ROLLBACK + lag or t >= ROLLFORWARD + lag:
            return "3.18.0"
        return "3.17.2"

    def mq_down(t):
        return FULL <= t < FREED

    # --- QMOPS1's JSON diagnostic messages
    seq = [0]

    def amq(t, msgid, level, text, module, proc="amqzmuc0", pid=2231, inserts=()):
        t = t.astimezone(dt.timezone.utc)
        seq[0] += 1
        body = {"ibm_messageId": msgid, "ibm_arithInsert1": 0, "ibm_arithInsert2": 0}
        for i, value in enumerate(inserts, start=1):
            body[f"ibm_commentInsert{i}"] = value
        body.update({
            "ibm_datetime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
            "ibm_serverName": "QMOPS1", "type": "mq_log", "host": "mqops01", "loglevel": level, "module": module,
            "ibm_sequence": f"{int(t.timestamp())}_{t.microsecond * 1000:09d}", "ibm_remoteHost": "", "ibm_qmgrId": "QMOPS1_2024-03-11_09.14.22",
            "ibm_processId": pid, "ibm_threadId": rng.randint(1, 40), "ibm_version": "9.3.0.17", "ibm_processName": proc,
            "ibm_userName": "mqm", "ibm_installationName": "Installation1", "ibm_installationDir": "/opt/mqm",
            "message": f"{msgid}: {text}",
        })
        mq.add(t, json.dumps(body, separators=(",", ":")))

    ext_start, ext_media = 49188, 49120
    t = START + dt.timedelta(minutes=4, seconds=17, microseconds=318554)
    while t < END:
        if not mq_down(t):
            ext_start += rng.randint(2, 5) if (t + BST).hour >= 6 else 1
            amq(t, "AMQ7467I", "INFO", f"The oldest log file required to start queue manager QMOPS1 is S00{ext_start}.LOG.", "amqalchk.c:905", inserts=("QMOPS1", f"S00{ext_start}.LOG"))
            amq(t + dt.timedelta(milliseconds=2), "AMQ7468I", "INFO", f"The oldest log file required to perform media recovery of queue manager QMOPS1 is S00{ext_media}.LOG.", "amqalchk.c:913", inserts=("QMOPS1", f"S00{ext_media}.LOG"))
        t += dt.timedelta(minutes=rng.uniform(9, 22))
    # the log fills
    t = FULL
    amq(t - dt.timedelta(milliseconds=3), "AMQ6708E", "ERROR", "A disk full condition was encountered when formatting a new log file in location '/var/mqm/log/QMOPS1/active/'.", "amqhlgea.c:1107", inserts=("/var/mqm/log/QMOPS1/active/",))
    amq(t, "AMQ7463W", "WARNING", "The log for queue manager QMOPS1 is full.", "amqalfla.c:612", inserts=("QMOPS1",))
    last_full = t
    t += dt.timedelta(seconds=rng.uniform(50, 110))
    while t < FREED - dt.timedelta(seconds=20):
        amq(t, "AMQ6708E", "ERROR", "A disk full condition was encountered when formatting a new log file in location '/var/mqm/log/QMOPS1/active/'.", "amqhlgea.c:1107", inserts=("/var/mqm/log/QMOPS1/active/",))
        if (t - last_full).total_seconds() > 290:
            amq(t + dt.timedelta(milliseconds=1), "AMQ7463W", "WARNING", "The log for queue manager QMOPS1 is full.", "amqalfla.c:612", inserts=("QMOPS1",))
            last_full = t
        t += dt.timedelta(seconds=rng.uniform(50, 110))
    amq(FREED, "AMQ7464I", "INFO", "The log for queue manager QMOPS1 is no longer full.", "amqalfla.c:655", inserts=("QMOPS1",))
    amq(FREED + dt.timedelta(seconds=31), "AMQ7468I", "INFO", "The oldest log file required to perform media recovery of queue manager QMOPS1 is S0049181.LOG.", "amqalchk.c:913", inserts=("QMOPS1", "S0049181.LOG"))
    # other applications' channels, and crewhub's own at each restart
    for w in poisson_times(rng, START, END, 0.02):
        host = rng.choice([("baghub01", "10.40.6.31", "BAGHUB.SVRCONN"), ("loadctl02", "10.40.6.52", "LOADCTL.SVRCONN"), ("acarsgw01", "10.40.7.14", "ACARS.SVRCONN")])
        amq(w, "AMQ9209E", "ERROR", f"Connection to host '{host[0]} ({host[1]})' for channel '{host[2]}' closed.", "amqccita.c:4170", proc="amqrmppa", pid=3310, inserts=(f"{host[0]} ({host[1]})", host[2]))
        amq(w + dt.timedelta(milliseconds=4), "AMQ9999E", "ERROR", f"Channel '{host[2]}' to host '{host[0]} ({host[1]})' ended abnormally.", "amqrmmsa.c:1037", proc="amqrmppa", pid=3310, inserts=(host[2], f"{host[0]} ({host[1]})"))

    # --- restarts of crewhub (Octopus deploys)
    def api_start(t, machine, version, sha):
        app.add(t, serilog(t, "INF", machine, "Kestrel.CrewHub.Api.Program", f"Starting CrewHub.Api {version}+{sha[:7]} on {machine}"))
        t2 = t + dt.timedelta(seconds=rng.uniform(0.8, 1.6))
        app.add(t2, serilog(t2, "INF", machine, "Kestrel.CrewHub.Messaging.MqConnectionFactory", "Connected to queue manager QMOPS1 via CREWHUB.SVRCONN (mqops01(1414))"))
        app.add(t2 + dt.timedelta(milliseconds=40), serilog(t2 + dt.timedelta(milliseconds=40), "INF", machine, "Microsoft.Hosting.Lifetime", "Now listening on: http://0.0.0.0:5000"))
        app.add(t2 + dt.timedelta(milliseconds=41), serilog(t2 + dt.timedelta(milliseconds=41), "INF", machine, "Microsoft.Hosting.Lifetime", "Application started. Press Ctrl+C to shut down."))
        app.add(t2 + dt.timedelta(milliseconds=42), serilog(t2 + dt.timedelta(milliseconds=42), "INF", machine, "Microsoft.Hosting.Lifetime", "Hosting environment: Production"))

    releases = [(RELEASE, "3.18.0", head), (ROLLBACK, "3.17.2", old_release), (ROLLFORWARD, "3.18.0", head)]
    for when, version, sha in releases:
        for k, (machine, addr) in enumerate(APPS):
            tk = when + dt.timedelta(seconds=48 * k, milliseconds=rng.randint(1, 999))
            app.add(tk, serilog(tk, "INF", machine, "Microsoft.Hosting.Lifetime", "Application is shutting down..."))
            amq(tk + dt.timedelta(milliseconds=300), "AMQ9209E", "ERROR", f"Connection to host '{machine.lower()} ({addr})' for channel 'CREWHUB.SVRCONN' closed.", "amqccita.c:4170", proc="amqrmppa", pid=3310, inserts=(f"{machine.lower()} ({addr})", "CREWHUB.SVRCONN"))
            api_start(tk + dt.timedelta(seconds=rng.uniform(3, 5)), machine, version, sha)
        tw = when + dt.timedelta(seconds=110, milliseconds=rng.randint(1, 999))
        lst.add(tw, clef(tw, "Application is shutting down...", event="c3e5f2b1", SourceContext="Microsoft.Hosting.Lifetime"))
        amq(tw + dt.timedelta(milliseconds=200), "AMQ9209E", "ERROR", f"Connection to host '{WORKER[0].lower()} ({WORKER[1]})' for channel 'CREWHUB.SVRCONN' closed.", "amqccita.c:4170", proc="amqrmppa", pid=3310, inserts=(f"{WORKER[0].lower()} ({WORKER[1]})", "CREWHUB.SVRCONN"))
        tw2 = tw + dt.timedelta(seconds=rng.uniform(3, 5))
        lst.add(tw2, clef(tw2, f"Starting CrewHub.MovementListener {version}+{sha[:7]}", event="0d9b7a12", SourceContext="Kestrel.CrewHub.MovementListener.Program"))
        lst.add(tw2 + dt.timedelta(seconds=1.1), clef(tw2 + dt.timedelta(seconds=1.1), "Listening on CREWHUB.MVT.IN (QMOPS1)", event="5be21c07", SourceContext="Kestrel.CrewHub.MovementListener.MvtListener"))

    # --- check-ins
    def checkin_rate(t):
        h = (t + BST).hour + (t + BST).minute / 60
        if h < 7.5:
            return 5.5
        if h < 8.5:
            return 3.0
        if h < 10.5:
            return 5.0
        return 3.2

    def ua():
        return rng.choice(["KestrelCrew/5.2.1 (iOS 17.4.1)", "KestrelCrew/5.2.1 (iOS 17.3)", "KestrelCrew/5.2.0 (Android 14)", "KestrelCrew/5.2.1 (Android 13)"])

    def f5line(t, client, method, path, status, size, rt, agent, member):
        t = t.astimezone(dt.timezone.utc)
        stamp = f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')}"
        return (f'{stamp} f5-edge-a info tmm1[22119]: CREWAPP client={client}:{rng.randint(30000, 65000)} vs=/Common/crewapp_https '
                f'pool=/Common/crewhub_api member={member}:5000 req="{method} {path} HTTP/1.1" status={status} bytes={size} rt_ms={rt} ua="{agent}"')

    rr = [0]

    def member():
        rr[0] += 1
        return APPS[rr[0] % 2]

    def client_ip():
        return rng.choice([f"10.70.{rng.randint(1, 9)}.{rng.randint(2, 250)}", f"82.132.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"92.40.{rng.randint(0, 255)}.{rng.randint(1, 254)}"])

    attempts = []
    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=10))
        for w in poisson_times(rng, t, nxt, checkin_rate(t)):
            base = pick(rng, BASES)
            duty = f"{(w + BST).strftime('%m%d')}-{base}-{rng.choice('EML')}{rng.randint(1, 40):02d}"
            attempts.append((w, rng.randint(20000, 39999), duty, base, client_ip(), ua()))
        t = nxt
    attempts.sort()
    phone = []
    queue = list(attempts)
    i = 0
    while i < len(queue):
        w, crew, duty, base, client, agent = queue[i][:6]
        tries = queue[i][6] if len(queue[i]) > 6 else 1
        i += 1
        machine, addr = member()
        path = "/api/v1/checkins"
        if not mq_down(w):
            rt = ms(rng, 60, 0.4)
            mid = "414D5120514D4F50533120202020202" + hexid(rng, 17).upper()
            app.add(w, serilog(w, "INF", machine, "Kestrel.CrewHub.Api.CheckIns.CheckInService", f"Crew {crew} checked in for duty {duty} ({base}), event {mid}"))
            f5.add(w + dt.timedelta(milliseconds=rt), f5line(w + dt.timedelta(milliseconds=rt), client, "POST", path, 201, 142, rt, agent, addr))
            stats["ok"].append(w)
            continue
        rt = ms(rng, 180, 0.4)
        v = version_at(w, machine)
        frames_mq = "   at IBM.WMQ.MQDestination.Put(MQMessage message, MQPutMessageOptions pmo)"
        if v == "3.18.0":
            trace = "\n".join([
                "IBM.WMQ.MQException (0x80004005): MQRC_RESOURCE_PROBLEM",
                frames_mq,
                f"   at Kestrel.CrewHub.Messaging.CheckInEventPublisher.Publish(CheckInEvent evt) in /build/src/CrewHub.Messaging/CheckInEventPublisher.cs:line {put_new}",
            ])
            app.add(w, serilog(w, "ERR", machine, "Kestrel.CrewHub.Messaging.CheckInEventPublisher", "MQ put to OPS.CREW.CHECKIN on QMOPS1 failed: reason 2102 (MQRC_RESOURCE_PROBLEM), completion code 2") + "\n" + trace)
            app.add(w + dt.timedelta(milliseconds=3), serilog(w + dt.timedelta(milliseconds=3), "WRN", machine, "Kestrel.CrewHub.Api.CheckIns.CheckInService",
                                                             f"Check-in not confirmed for crew {crew} duty {duty}: check-in event not published (reason 2102), answered 503"))
        else:
            trace = "\n".join([
                "IBM.WMQ.MQException (0x80004005): MQRC_RESOURCE_PROBLEM",
                frames_mq,
                f"   at Kestrel.CrewHub.Messaging.CheckInEventPublisher.Publish(CheckInEvent evt) in /build/src/CrewHub.Messaging/CheckInEventPublisher.cs:line {put_old}",
                f"   at Kestrel.CrewHub.Api.CheckIns.CheckInService.CheckInAsync(Int32 crewId, String dutyId, CancellationToken ct) in /build/src/CrewHub.Api/CheckIns/CheckInService.cs:line {svc_old}",
            ])
            app.add(w, serilog(w, "ERR", machine, "Kestrel.CrewHub.Api.CheckIns.CheckInService", f"Check-in failed for crew {crew} duty {duty}") + "\n" + trace)
        f5.add(w + dt.timedelta(milliseconds=rt), f5line(w + dt.timedelta(milliseconds=rt), client, "POST", path, 503, 187, rt, agent, addr))
        stats["fail"].append(w)
        failures.append(w)
        if tries < rng.choice([2, 3, 3, 4]):
            retry = w + dt.timedelta(seconds=rng.uniform(25, 120))
            j = i
            while j < len(queue) and queue[j][0] < retry:
                j += 1
            queue.insert(j, (retry, crew, duty, base, client, agent, tries + 1))
        else:
            phone.append(w)

    # everything else the app asks for
    def other_rate(t):
        h = (t + BST).hour + (t + BST).minute / 60
        return 14.0 if h < 8.0 else (9.0 if h < 9.0 else 12.0)

    t = START
    while t < END:
        nxt = min(END, t + dt.timedelta(minutes=10))
        for w in poisson_times(rng, t, nxt, other_rate(t)):
            machine, addr = member()
            k = rng.random()
            if k < 0.45:
                path, size, rt = f"/api/v1/roster?from={(w + BST).strftime('%Y-%m-%d')}", rng.randint(8000, 22000), ms(rng, 55, 0.5)
            elif k < 0.7:
                path, size, rt = f"/api/v1/duties/{(w + BST).strftime('%m%d')}-{pick(rng, BASES)}-{rng.choice('EML')}{rng.randint(1, 40):02d}", rng.randint(1500, 3800), ms(rng, 25, 0.4)
            elif k < 0.88:
                path, size, rt = "/api/v1/notices?unread=true", rng.randint(100, 2600), ms(rng, 20, 0.4)
            else:
                path, size, rt = "/api/v1/devices", 0, ms(rng, 12, 0.3)
            method, status = ("PUT", 204) if path == "/api/v1/devices" else ("GET", 200)
            if rng.random() < 0.003:
                status, size = 401, 0
            f5.add(w, f5line(w, client_ip(), method, path, status, size, rt, ua(), addr))
        t = nxt
    for w in poisson_times(rng, START, END, 0.03):
        machine, _ = rng.choice(APPS)
        app.add(w, serilog(w, "WRN", machine, "Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerHandler", "Failed to validate the token."))
    t = START + dt.timedelta(seconds=12.4)
    while t < END:
        machine, _ = APPS[int(t.timestamp() // 300) % 2]
        app.add(t, serilog(t, "INF", machine, "Kestrel.CrewHub.Api.Roster.RosterImport", f"Roster import from AIMS: {rng.randint(310, 390)} duties, {rng.randint(0, 9)} changed"))
        t += dt.timedelta(minutes=5)

    # --- the listener: MVTs, and MQGET failures while the log is full
    mvts = []
    for w in poisson_times(rng, START, END, 2.6):
        base = pick(rng, BASES)
        flight = f"KT{rng.randint(101, 899)}"
        kind = rng.choice(["AD", "AD", "AA", "AA", "EA", "ED"])
        mvts.append((w, flight, base if kind in ("AD", "ED") else rng.choice(DESTS), kind))
    backlog = []
    for w, flight, station, kind in mvts:
        if mq_down(w):
            backlog.append((flight, station, kind))
            continue
        when = w + dt.timedelta(milliseconds=rng.randint(20, 300))
        lst.add(when, clef(when, f"Applied {kind} {flight}/{(w + BST).day:02d} at {station}", event="7e04d9aa", SourceContext="Kestrel.CrewHub.MovementListener.MvtApplier", Flight=flight, Station=station))
    t = FULL + dt.timedelta(seconds=rng.uniform(1, 4))
    fails = 0
    while t < FREED:
        fails += 1
        exc = "\n".join([
            "IBM.WMQ.MQException (0x80004005): MQRC_RESOURCE_PROBLEM",
            "   at IBM.WMQ.MQDestination.Get(MQMessage message, MQGetMessageOptions gmo)",
            f"   at Kestrel.CrewHub.MovementListener.MvtListener.ExecuteAsync(CancellationToken stoppingToken) in /build/src/CrewHub.MovementListener/MvtListener.cs:line {lst_line}",
        ])
        lst.add(t, clef(t, 'MQGET from "CREWHUB.MVT.IN" failed: reason 2102 ("MQRC_RESOURCE_PROBLEM"); backing off 00:00:05', level="Warning", exc=exc, event="e91c0b53",
                        Queue="CREWHUB.MVT.IN", Reason=2102, ReasonName="MQRC_RESOURCE_PROBLEM", Delay="00:00:05", SourceContext="Kestrel.CrewHub.MovementListener.MvtListener"))
        t += dt.timedelta(seconds=5 + rng.uniform(0.001, 0.02) + (5 if rng.random() < 0.15 else 0))
    t = FREED + dt.timedelta(seconds=rng.uniform(1, 5))
    for flight, station, kind in backlog:
        lst.add(t, clef(t, f"Applied {kind} {flight}/{(t + BST).day:02d} at {station}", event="7e04d9aa", SourceContext="Kestrel.CrewHub.MovementListener.MvtApplier", Flight=flight, Station=station))
        t += dt.timedelta(milliseconds=rng.randint(60, 400))
    for w in poisson_times(rng, START, END, 0.03):
        lst.add(w, clef(w, f"MVT KT{rng.randint(101, 899)} skipped: correction already applied", event="2c8f6e19",
                        SourceContext="Kestrel.CrewHub.MovementListener.MvtApplier"))

    # --- mqops01's journal
    def j(t, proc, pid, msg):
        t = t.astimezone(dt.timezone.utc)
        p = f"{proc}[{pid}]" if pid is not None else proc
        jrnl.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+00:00 mqops01 {p}: {msg}")

    first_unarchived = 49120
    waiting = 56
    for hour in range(5, 11):
        t = utc(f"2026-04-23 {hour:02d}:15:01") + dt.timedelta(microseconds=rng.randint(0, 900000))
        if not START <= t < END:
            continue
        pid = rng.randint(20000, 60000)
        j(t, "CROND", pid, "(mqm) CMD (/opt/kestrel/mq/bin/mqlogarchive.sh QMOPS1)")
        if t < REMOUNT:
            waiting += rng.randint(3, 7) if hour < 8 else rng.randint(8, 12)
            j(t + dt.timedelta(seconds=1), "mqlogarchive", pid + 2, f"QMOPS1: {waiting} log extents waiting for archive (S00{first_unarchived}.LOG to S00{first_unarchived + waiting - 1}.LOG)")
            j(t + dt.timedelta(seconds=1, milliseconds=30), "mqlogarchive", pid + 2, f"cp: cannot create regular file '/mqarchive/QMOPS1/S00{first_unarchived}.LOG': Read-only file system")
            j(t + dt.timedelta(seconds=1, milliseconds=32), "mqlogarchive", pid + 2, f"QMOPS1: archive of S00{first_unarchived}.LOG failed (rc=1), no extent marked archived")
        elif hour == 9:
            j(t + dt.timedelta(seconds=1), "mqlogarchive", pid + 2, "QMOPS1: another run in progress (pid 91344), exiting")
        else:
            j(t + dt.timedelta(seconds=1), "mqlogarchive", pid + 2, f"QMOPS1: archived {rng.randint(2, 5)} log extents (S0049201.LOG to S0049204.LOG), SET LOG ARCHIVED issued")
    for minute in range(0, 60, 10):
        for hour in range(5, 11):
            t = utc(f"2026-04-23 {hour:02d}:{minute:02d}:01")
            if START <= t < END:
                j(t, "CROND", rng.randint(20000, 60000), "(root) CMD (/usr/lib64/sa/sa1 1 1)")
    for w in poisson_times(rng, START, END, 0.02):
        j(w, "chronyd", 902, f"Selected source 10.40.0.{rng.choice([5, 6])} (ntp{rng.choice([1, 2])}.kestrel.local)")
    t = utc("2026-04-23 08:56:12")
    j(t, "sshd", 88121, "Accepted publickey for gareth.hughes from 10.70.12.44 port 51822 ssh2: ED25519 SHA256:Vq3xR1tXcE0kYz8pQ2mLw7nB5sJd9fHu4aGo6iKlT0c")
    j(t + dt.timedelta(milliseconds=60), "systemd-logind", 1011, "New session 4811 of user gareth.hughes.")
    for dtm, cmd in ((88, "/usr/bin/df -h /var/mqm/log /mqarchive"), (131, "/opt/mqm/bin/dspmqinf -o command QMOPS1"),
                     (214, "/opt/mqm/bin/runmqsc QMOPS1"), (402, "/usr/bin/tail -n 50 /var/log/mqlogarchive.log"),
                     (505, "/usr/bin/touch /mqarchive/QMOPS1/.probe")):
        j(t + dt.timedelta(seconds=dtm), "sudo", None, f"gareth.hughes : TTY=pts/0 ; PWD=/home/gareth.hughes ; USER={'mqm' if '/opt/mqm/' in cmd else 'root'} ; COMMAND={cmd}")
    j(REMOUNT, "sudo", None, "gareth.hughes : TTY=pts/0 ; PWD=/home/gareth.hughes ; USER=root ; COMMAND=/usr/bin/mount -o remount,rw /mqarchive")
    j(REMOUNT + dt.timedelta(seconds=41), "sudo", None, "gareth.hughes : TTY=pts/0 ; PWD=/home/gareth.hughes ; USER=mqm ; COMMAND=/opt/kestrel/mq/bin/mqlogarchive.sh QMOPS1")
    j(REMOUNT + dt.timedelta(seconds=42), "mqlogarchive", 91344, f"QMOPS1: {waiting + 5} log extents waiting for archive (S00{first_unarchived}.LOG to S00{first_unarchived + waiting + 4}.LOG)")
    j(FREED - dt.timedelta(seconds=9), "mqlogarchive", 91344, f"QMOPS1: archived {waiting + 5} log extents (S00{first_unarchived}.LOG to S00{first_unarchived + waiting + 4}.LOG)")
    j(FREED - dt.timedelta(seconds=8), "mqlogarchive", 91344, "QMOPS1: SET LOG ARCHIVED issued, queue manager may reuse the extents")

    # --- SQL Server ERRORLOG
    def errorlog(t, spid, msg):
        t = t.astimezone(dt.timezone.utc)
        sql.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 10000:02d} {spid:<11}{msg}")

    lsn = 412000
    t = utc("2026-04-23 05:30:01")
    while t < END:
        for db in ("CrewHub", "CrewHubAudit"):
            tb = t + dt.timedelta(seconds=rng.uniform(0.2, 3))
            nxt = lsn + rng.randint(3000, 60000)
            errorlog(tb, "Backup", f"Log was backed up. Database: {db}, creation date(time): 2024/03/18(10:02:11), first LSN: 2214{lsn % 1000:03d}:{lsn}:1, last LSN: 2214{nxt % 1000:03d}:{nxt}:1, number of dump devices: 1, device information: (FILE=1, TYPE=DISK: {{'\\\\backup01\\sql\\SQLCRW01\\{db}\\{db}_LOG_{t.strftime('%Y%m%d_%H%M%S')}.trn'}}). This is an informational message only. No user action is required.")
            errorlog(tb + dt.timedelta(milliseconds=20), "Backup", f"BACKUP LOG successfully processed {rng.randint(40, 900)} pages in {rng.uniform(0.05, 0.9):.3f} seconds ({rng.uniform(2, 40):.3f} MB/sec).")
            lsn = nxt
        t += dt.timedelta(minutes=15)
    for w in poisson_times(rng, START, END, 1 / 60):
        errorlog(w, f"spid{rng.randint(51, 120)}", "Login failed for user 'KESTREL\\svc-pbi-gateway'. Reason: Failed to open the explicitly specified database 'CrewHubReporting'. [CLIENT: 10.40.9.17]")
        errorlog(w, f"spid{rng.randint(51, 120)}", "Error: 18456, Severity: 14, State: 38.")
    errorlog(utc("2026-04-23 07:12:44"), "spid19s", "SQL Server has encountered 1 occurrence(s) of I/O requests taking longer than 15 seconds to complete on file [F:\\MSSQL\\Log\\CrewHub_log.ldf] in database id 7.  The OS file handle is 0x0000000000000B58.  The offset of the latest long I/O is: 0x0000002e1c4000.  The duration of the long I/O is: 17821 ms.")
    errorlog(utc("2026-04-23 06:00:03"), "spid31s", "This instance of SQL Server has been using a process ID of 3876 since 2026-03-29 02:11:07 (local) 2026-03-29 01:11:07 (UTC). This is an informational message only; no user action is required.")

    # --- the ops bridge
    def say(when, channel, who, text):
        t = utc(f"2026-04-23 {when}")
        chat.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC | {channel} | {who} | {text}")

    say("07:58:30", "CrewHub dev", "Tom Whitfield", f"releasing CrewHub 3.18.0 ({head[:7]}) with Octopus: check-in events expire after 4 h (CRW-2291), MQ put failure logging (CRW-2276), MQ .NET client 9.4")
    say("08:05:40", "CrewHub dev", "Tom Whitfield", "3.18.0 live on CRWAPP01/02 and the listener, check-ins OK")
    say("08:19:40", "Integration alerts", "Zabbix", "PROBLEM: mqops01: /var/mqm/log: disk space is critically low (used > 95%)")
    say("08:36:20", "Ops Bridge", "Dave Clarke (Crew Control)", "crews at MAN and BHX get 'check-in not confirmed' in the app, several have phoned in. anyone?")
    say("08:38:05", "CrewHub dev", "Tom Whitfield", "every check-in 503 since 08:31, MQ put to OPS.CREW.CHECKIN fails with 2102. half an hour after 3.18.0, which changed how we put the event. rolling back to 3.17.2")
    say("08:40:10", "Ops Bridge", "Dave Clarke (Crew Control)", "taking check-ins by phone and entering them in the OCC for now")
    say("08:47:30", "CrewHub dev", "Tom Whitfield", "3.17.2 back on both VMs, still failing, same MQRC_RESOURCE_PROBLEM")
    say("08:49:50", "CrewHub dev", "Chloe Evans", "the listener gets 2102 on MQGET from CREWHUB.MVT.IN since 08:31 too, and it hasn't changed. 2102 is a resource problem on the queue manager's side")
    say("08:52:15", "Ops Bridge", "Tom Whitfield", "@Integration on-call QMOPS1 refuses our puts and gets with 2102 since 08:31, can you look?")
    say("08:58:40", "Ops Bridge", "Gareth Hughes (Integration)", "looking. /var/mqm/log on mqops01 is at 100%, QMOPS1 says its log is full. baggage and load control will be hit too")
    say("09:05:10", "Ops Bridge", "Gareth Hughes (Integration)", "no log extent archived since Tuesday night: the archive job can't write /mqarchive, the export has been read-only since the storage firmware upgrade. @Storage")
    say("09:07:00", "Ops Bridge", "Dave Clarke (Crew Control)", "KT214 MAN-AMS and KT331 BHX-DUB holding for crew, check-in by phone is slow")
    say("09:11:35", "Ops Bridge", "Nadia Rahman (Storage)", "nas-dc2 export for mqops01 back to rw, sorry. please remount")
    say("09:17:20", "Ops Bridge", "Gareth Hughes (Integration)", "remounted, extents archived and SET LOG ARCHIVED done, QMOPS1: log no longer full. /var/mqm/log at 41%")
    say("09:19:30", "CrewHub dev", "Tom Whitfield", "check-ins going through again, listener draining the MVT backlog")
    say("09:27:45", "Ops Bridge", "Dave Clarke (Crew Control)", f"app check-ins fine. {len(phone)} crew checked in by phone 08:31-09:17, 5 departures 8-17 min late (DL63/66)")
    say("09:49:40", "CrewHub dev", "Tom Whitfield", "not us, so 3.18.0 goes back out")
    say("09:55:05", "CrewHub dev", "Tom Whitfield", "3.18.0 live again, check-ins OK")
    say("10:04:30", "Ops Bridge", "Gareth Hughes (Integration)", "follow-up: archive job errors only went to the mqm mailbox. adding alerts on AMQ7463W and on unarchived extents, and a writability check of /mqarchive")
    return [app, lst, mq, jrnl, sql, f5, chat], failures, stats


def build(out_dir):
    rng = random.Random(29200)
    repo, old_release, head, old_files, new_files = build_repo()
    try:
        logs, failures, stats = build_logs(rng, repo, old_release, head, old_files, new_files)
        onset = (FULL - dt.timedelta(milliseconds=3)).replace(microsecond=0)
        assert min(failures) >= onset

        def fail_rate(t):
            return sum(1 for x in stats["fail"] if t - dt.timedelta(minutes=5) < x <= t)

        def ok_rate(t):
            return sum(1 for x in stats["ok"] if t - dt.timedelta(minutes=5) < x <= t)
        metrics = {"crewhub_checkins_5m.json": query_range([
            ({"job": "crewhub-api", "outcome": "not_confirmed"}, fail_rate),
            ({"job": "crewhub-api", "outcome": "checked_in"}, ok_rate),
        ], START, END, 60)}
        return write_scenario(
            out_dir, name="r29-mq-log-disk-full-none", service=SERVICE, onset=onset,
            description=f"""
Kestrel Airways' crews cannot check in through the crew app on Thursday
23 April from {onset.strftime('%H:%M')} UTC, in the middle of the morning's second bank:
every check-in answers 503 "check-in not confirmed" because the MQ put of
its check-in event fails with reason 2102 (MQRC_RESOURCE_PROBLEM), and
the movement listener's MQGETs fail the same way. CrewHub 3.18.0 had been
released at 08:02; the on-call rolled it back at 08:45 without effect.
Check-ins work again from 09:17 and 3.18.0 is released again at 09:52.

Story: the integration team's queue manager QMOPS1 (linear logging,
LogManagement=Archive) had not been able to archive a log extent since
Tuesday night, when the storage team's firmware upgrade left the
/mqarchive NFS export read-only; /var/mqm/log filled until the queue
manager could not format a new extent and its log was full. Nothing in
crewhub's repository caused it. Decoys: the 3.18.0 release 29 minutes
before (check-in event expiry, MQ client 9.4), the commit that logs the
MQ reason code of a failed put, a listener commit, docs and chores.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r"A disk full condition was encountered when formatting a new log file",
                r"The log for queue manager .* is full",
                r"cannot create regular file .* Read-only file system",
            ],
            fix_files=[],
            explanation="""
No commit in crewhub caused this. The operations queue manager QMOPS1
(IBM MQ 9.3, linear logging with LogManagement=Archive) only releases a
log extent once the integration team's hourly job has copied it to
/mqarchive and marked it archived. Since the storage firmware upgrade on
Tuesday night the NFS export behind /mqarchive is read-only, every run of
the job fails ("cp: cannot create regular file
'/mqarchive/QMOPS1/S0049120.LOG': Read-only file system", in mqops01's
journal) and /var/mqm/log fills. At 08:31 QMOPS1 cannot format a new log
extent ("AMQ6708E: A disk full condition was encountered when formatting
a new log file") and its log is full ("AMQ7463W: The log for queue
manager QMOPS1 is full"); every persistent put and get under syncpoint on
it fails with reason 2102 (MQRC_RESOURCE_PROBLEM): crewhub's check-in
events, so every check-in is rolled back and answered 503, and the
listener's MQGETs. The export is made writable, the extents are archived
and at 09:16 the log is no longer full (AMQ7464I). The right answer is
that nothing in this repository did it (fix_files is empty).
Decoys: the 3.18.0 release at 08:02, 29 minutes before the onset, which
gives check-in events an MQMD expiry (CheckInEventPublisher.cs,
CheckInEventOptions.cs, appsettings.Production.json) and bumps the IBM MQ
.NET client to 9.4.0.0; the commit the day before that logs "MQ put to
OPS.CREW.CHECKIN on QMOPS1 failed: reason 2102" (the new error line, which
names the queue, the queue manager and MQ); the rollback to 3.17.2 at
08:45, after which the errors go on in the old format; a listener
commit; docs and chores; crewhub's own AMQ9209E channel lines at each
restart; the Zabbix disk alert at 08:19 in the integration team's
channel, unread; a SQL Server slow I/O warning at 07:12.
""",
        )
    finally:
        repo.close()
