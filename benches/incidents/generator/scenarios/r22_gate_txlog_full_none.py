"""lift-gates (.NET 8 ASP.NET Core on Windows Server behind Caddy, SQL Server
2019 on SQL-GATES01; team in Chur, Ljubljana and Vancouver): Bergbahnen
Fluhalp's service that validates key cards at the turnstiles and records
every passage in the GateAccess database.

GateAccess is in the FULL recovery model; a SQL Server Agent job backs up
its log every 15 minutes, and the log file is capped at 8 GB. On Friday 6
February at 21:00 the IT team moved the backup target from \\\\nas01 to the
new \\\\nas02 (a change to the maintenance plan, not in this repository),
whose share the SQL Server service account may not write to. From the 21:15
run every log backup fails ("Operating system error 5(Access is
denied.)", BACKUP failed), the log cannot be truncated, and it grows.
Overnight there is little to log; the Saturday morning rush fills the last
gigabytes, and at 08:41 UTC every write fails with error 9002 "The
transaction log for database 'GateAccess' is full due to 'LOG_BACKUP'".
The turnstiles fall back to offline validation, passes bought this morning
are refused. A DBA grants the share permission and runs a log backup at
09:22; the writes succeed again.

Nothing in lift-gates' repository caused it. Decoys: the 08:12 release (29
minutes before) that batches passage inserts (its start line names it);
Friday's commit that logs SQL error numbers on failed writes; a
Microsoft.Data.SqlClient bump; docs and chores. App (Serilog text, with .NET
exception stack traces), SQL Server ERRORLOG, Windows Application event log
(wevtutil text export, the Agent job), Caddy (JSON access log)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, readme, runbook

SERVICE = "lift-gates"
LOG_START, START, END = utc("2026-02-06 20:30:00"), utc("2026-02-07 06:45:00"), utc("2026-02-07 09:45:00")
NAS_MOVE = utc("2026-02-06 21:00:00")
DEPLOY = utc("2026-02-07 08:12:20")
FULL = utc("2026-02-07 08:41:17")
FIXED = utc("2026-02-07 09:22:40")
OPEN = utc("2026-02-07 07:45:00")
GATES = [f"{lift}-{n:02d}" for lift in ("FLU", "GRA", "STE") for n in range(1, 5)]

APPSETTINGS = """{
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft.AspNetCore": "Warning" } },
    "WriteTo": [ { "Name": "File", "Args": { "path": "D:\\\\logs\\\\lift-gates-.log", "rollingInterval": "Day",
      "outputTemplate": "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}" } } ]
  },
  "ConnectionStrings": { "GateAccess": "Server=SQL-GATES01;Database=GateAccess;Integrated Security=true;TrustServerCertificate=true" },
  "Passages": { "BatchSize": 1, "FlushIntervalMs": 0 },
  "Gates": { "OfflineAfterMs": 2500 }
}
"""

PASSAGE_WRITER = """using Microsoft.Data.SqlClient;

namespace Fluhalp.LiftGates.Passages;

public sealed class PassageWriter(IConfiguration config, ILogger<PassageWriter> log)
{
    public async Task WriteAsync(IReadOnlyList<Passage> passages, CancellationToken ct)
    {
        await using var conn = new SqlConnection(config.GetConnectionString("GateAccess"));
        await conn.OpenAsync(ct);
        await using var tx = conn.BeginTransaction();
        foreach (var p in passages)
        {
            await using var cmd = new SqlCommand("INSERT INTO dbo.Passages (CardId, Gate, Lift, PassedAt, Result) VALUES (@c, @g, @l, @t, @r)", conn, tx);
            cmd.Parameters.AddWithValue("@c", p.CardId);
            cmd.Parameters.AddWithValue("@g", p.Gate);
            cmd.Parameters.AddWithValue("@l", p.Lift);
            cmd.Parameters.AddWithValue("@t", p.PassedAt);
            cmd.Parameters.AddWithValue("@r", p.Result);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }
}
"""


def build_repo():
    urs = Person("Urs Caduff", "urs.caduff@fluhalp.ch", 60)
    maja = Person("Maja Kovač", "maja.kovac@fluhalp.ch", 60)
    liam = Person("Liam Chen", "liam.chen@fluhalp.ch", -480)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "LiftGates.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n",
        "src/LiftGates/LiftGates.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Version>4.3.0</Version>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.Data.SqlClient\" Version=\"5.2.1\" />\n    <PackageReference Include=\"Serilog.AspNetCore\" Version=\"8.0.2\" />\n  </ItemGroup>\n</Project>\n",
        "src/LiftGates/appsettings.Production.json": APPSETTINGS,
        "src/LiftGates/Passages/PassageWriter.cs": PASSAGE_WRITER,
        "src/LiftGates/Validation/ValidateEndpoint.cs": "namespace Fluhalp.LiftGates.Validation;\n\npublic static class ValidateEndpoint\n{\n    public static async Task<IResult> Handle(ValidateRequest req, CardCache cards, PassageQueue passages, ILogger<ValidateRequest> log)\n    {\n        var result = cards.Check(req.CardId, req.Lift, DateTimeOffset.UtcNow);\n        await passages.WriteAsync(new Passage(req.CardId, req.Gate, req.Lift, DateTimeOffset.UtcNow, result.Code));\n        return Results.Ok(result);\n    }\n}\n",
        "deploy/Caddyfile": "gates.fluhalp.ch {\n\treverse_proxy localhost:5080\n\tlog {\n\t\toutput file D:/logs/caddy-access.log\n\t\tformat json\n\t}\n}\n",
        "deploy/install-service.ps1": "New-Service -Name LiftGates -BinaryPathName 'D:\\apps\\lift-gates\\LiftGates.exe' -StartupType Automatic\n",
        "README.md": readme(SERVICE, "Validates key cards at the turnstiles and records every passage.", "dotnet run --project src/LiftGates"),
        "docs/runbook.md": runbook(SERVICE, [
            ("GatesOffline", "Turnstiles on offline validation: look at lift-gates' errors, then SQL-GATES01 (ERRORLOG, Agent jobs)."),
            ("CardSyncLate", "The card sync from the ticket shop is late: check the shop's export job."),
        ]),
    }
    repo.commit(utc("2026-02-02 08:20:00"), urs, "lift-gates 4.3: passages recorded per gate, card cache from the shop export", files)
    repo.schedule(chores(random.Random(22034), SERVICE, [urs, maja, liam], utc("2026-02-02 08:20:00"), utc("2026-02-05 16:00:00"), 3))
    repo.commit(utc("2026-02-04 13:05:00"), maja, "cards: a day pass bought after 14:00 is an afternoon pass", {
        "src/LiftGates/Validation/ValidateEndpoint.cs": repo.edit("src/LiftGates/Validation/ValidateEndpoint.cs", "        var result", "        // afternoon passes are sold as their own product since this season\n        var result"),
    })
    repo.commit(utc("2026-02-06 10:40:00"), maja, "passages: log the SQL error number when a write fails\n\nWe only saw 'Passage write failed'; the number tells a deadlock from a\ntimeout from a login problem.", {
        "src/LiftGates/Passages/PassageWriter.cs": repo.edit("src/LiftGates/Passages/PassageWriter.cs", "        await tx.CommitAsync(ct);\n", "        await tx.CommitAsync(ct);\n    }\n\n    public void LogFailure(SqlException ex, int count)\n    {\n        log.LogError(ex, \"Passage write failed: SQL error {Number} (severity {Class}) for {Count} passages\", ex.Number, ex.Class, count);\n"),
    })
    repo.commit(utc("2026-02-06 09:30:00"), bot, "Bump Microsoft.Data.SqlClient from 5.2.1 to 5.2.2", {
        "src/LiftGates/LiftGates.csproj": repo.edit("src/LiftGates/LiftGates.csproj", "Version=\"5.2.1\"", "Version=\"5.2.2\""),
    })
    repo.commit(utc("2026-02-06 14:25:00"), liam, "docs: offline validation on the turnstiles", {
        "docs/offline.md": "# Offline validation\n\nA turnstile that gets no answer within 2.5 s validates from its own card list\n(last sync). Cards sold since then are refused. It goes back online on the\nnext answered request.\n",
    })
    repo.commit(utc("2026-02-06 16:10:00"), urs, "test: a refused card is still recorded as a passage", {
        "tests/LiftGates.Tests/PassageTests.cs": "namespace Fluhalp.LiftGates.Tests;\n\npublic class PassageTests\n{\n    [Fact]\n    public void RefusedCardIsRecorded() => Assert.True(true);\n}\n",
    })
    head = repo.commit(utc("2026-02-07 07:55:00"), urs, "passages: insert in batches of 50 or every 500 ms\n\nOne transaction per passage costs a log flush each; at the morning rush\nthe inserts queue behind each other.", {
        "src/LiftGates/appsettings.Production.json": repo.edit("src/LiftGates/appsettings.Production.json", '"BatchSize": 1, "FlushIntervalMs": 0', '"BatchSize": 50, "FlushIntervalMs": 500'),
    })
    return repo, head


def serilog(t, level, ctx, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +00:00 [{level}] {ctx}: {msg}"


def errorlog(t, spid, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 10000:02d} {spid:<11}{msg}"


def wevt(n, t, source, eid, level, task, desc, computer="SQL-GATES01.fluhalp.local"):
    return (f"Event[{n}]:\n  Log Name: Application\n  Source: {source}\n  Date: {t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}0000Z\n"
            f"  Event ID: {eid}\n  Task: {task}\n  Level: {level}\n  Opcode: Info\n  Keyword: Classic\n  User: N/A\n  User Name: N/A\n"
            f"  Computer: {computer}\n  Description: \n{desc}")


def build_logs(rng, head):
    app, sql, evt, caddy = Log("lift-gates.log"), Log("ERRORLOG.log"), Log("application-events.log"), Log("caddy-access.log")
    stats = {"fail": [], "ok": []}
    ev_n = [0]

    def event(t, *a):
        evt.add(t, wevt(ev_n[0], t, *a))
        ev_n[0] += 1

    # log backups every 15 min
    t = utc("2026-02-06 20:30:00")
    lsn = 98_114_000_000_412_000
    while t < END:
        spid = f"spid{rng.choice([71, 74, 88, 93])}s"
        tb = t + dt.timedelta(seconds=rng.uniform(1, 3))
        name = t.strftime('GateAccess_LOG_%Y%m%d_%H%M%S.trn')
        if t < NAS_MOVE or t >= FIXED:
            share = "nas01" if t < NAS_MOVE else "nas02"
            first = lsn
            lsn += rng.randint(4_000_000, 90_000_000)
            sql.add(tb, errorlog(tb, "Backup", f"Log was backed up. Database: GateAccess, creation date(time): 2025/10/14(09:12:40), first LSN: {first // 10**9}:{first // 1000 % 10**6}:1, last LSN: {lsn // 10**9}:{lsn // 1000 % 10**6}:1, number of dump devices: 1, device information: (FILE=1, TYPE=DISK: {{'\\\\{share}\\sqlbackup\\SQL-GATES01\\GateAccess\\{name}'}}). This is an informational message only. No user action is required."))
            event(tb, "MSSQLSERVER", 18265, "Information", "Backup", f"Log was backed up. Database: GateAccess, creation date(time): 2025/10/14(09:12:40), first LSN: {first // 10**9}:{first // 1000 % 10**6}:1, last LSN: {lsn // 10**9}:{lsn // 1000 % 10**6}:1, number of dump devices: 1, device information: (FILE=1, TYPE=DISK: {{'\\\\{share}\\sqlbackup\\SQL-GATES01\\GateAccess\\{name}'}}). This is an informational message only. No user action is required.")
        else:
            sql.add(tb, errorlog(tb, spid, f"Error: 18204, Severity: 16, State: 1."))
            sql.add(tb, errorlog(tb, spid, f"BackupDiskFile::CreateMedia: Backup device '\\\\nas02\\sqlbackup\\SQL-GATES01\\GateAccess\\{name}' failed to create. Operating system error 5(Access is denied.)."))
            sql.add(tb, errorlog(tb, "Backup", "Error: 3041, Severity: 16, State: 1."))
            sql.add(tb, errorlog(tb, "Backup", "BACKUP failed to complete the command BACKUP LOG GateAccess. Check the backup application log for detailed messages."))
            event(tb, "MSSQLSERVER", 3041, "Error", "Backup", "BACKUP failed to complete the command BACKUP LOG GateAccess. Check the backup application log for detailed messages.")
            te = tb + dt.timedelta(seconds=1)
            event(te, "SQLSERVERAGENT", 208, "Warning", "Job Engine", f"SQL Server Scheduled Job 'GateAccess - Log backup' (0x{hexid(rng, 32).upper()}) - Status: Failed - Invoked on: {t.strftime('%Y-%m-%d %H:%M:%S')} - Message: The job failed.  The Job was invoked by Schedule 7 (Every 15 minutes).  The last step to run was step 1 (Backup log).")
        t += dt.timedelta(minutes=15)
    # the maintenance plan change at 21:00 (by IT)
    tm = NAS_MOVE + dt.timedelta(seconds=31)
    event(tm, "SQLISPackage160", 12288, "Information", "None", "Package \"GateAccess_Maintenance\" started.")
    event(tm + dt.timedelta(seconds=2), "SQLISPackage160", 12289, "Information", "None", "Package \"GateAccess_Maintenance\" finished successfully.")
    # full backup at 22:00 to nas02 also fails
    tf = utc("2026-02-06 22:00:03")
    sql.add(tf, errorlog(tf, "spid83s", "Error: 18204, Severity: 16, State: 1."))
    sql.add(tf, errorlog(tf, "spid83s", "BackupDiskFile::CreateMedia: Backup device '\\\\nas02\\sqlbackup\\SQL-GATES01\\GateAccess\\GateAccess_FULL_20260206_220000.bak' failed to create. Operating system error 5(Access is denied.)."))
    sql.add(tf, errorlog(tf, "Backup", "Error: 3041, Severity: 16, State: 1."))
    sql.add(tf, errorlog(tf, "Backup", "BACKUP failed to complete the command BACKUP DATABASE GateAccess. Check the backup application log for detailed messages."))
    # routine ERRORLOG
    for t in poisson_times(rng, LOG_START, END, 0.02):
        sql.add(t, errorlog(t, f"spid{rng.randint(51, 120)}", f"Login failed for user 'FLUHALP\\svc-shopsync'. Reason: Failed to open the explicitly specified database 'ShopSync'. [CLIENT: 10.14.2.{rng.randint(10, 60)}]"))
    for t in [utc("2026-02-07 00:00:00") + dt.timedelta(hours=h) for h in range(0, 10)]:
        if LOG_START < t < END:
            sql.add(t, errorlog(t, "spid38s", "This instance of SQL Server has been using a process ID of 4312 since 2026-01-12 03:14:07 (local) 2026-01-12 02:14:07 (UTC). This is an informational message only; no user action is required."))
    # log 9002
    def full_msg(t):
        spid = f"spid{rng.randint(60, 110)}"
        sql.add(t, errorlog(t, spid, "Error: 9002, Severity: 17, State: 2."))
        sql.add(t, errorlog(t, spid, "The transaction log for database 'GateAccess' is full due to 'LOG_BACKUP'."))
        event(t, "MSSQLSERVER", 9002, "Error", "Server", "The transaction log for database 'GateAccess' is full due to 'LOG_BACKUP'.")
    t = FULL
    while t < FIXED:
        full_msg(t)
        t += dt.timedelta(seconds=rng.uniform(40, 90))
    tfx = FIXED - dt.timedelta(seconds=70)
    sql.add(tfx, errorlog(tfx, "spid97", "Error: 18204, Severity: 16, State: 1."))
    sql.add(tfx, errorlog(tfx, "spid97", "BackupDiskFile::CreateMedia: Backup device '\\\\nas02\\sqlbackup\\SQL-GATES01\\GateAccess\\GateAccess_LOG_manual.trn' failed to create. Operating system error 5(Access is denied.)."))

    # app traffic
    def rate(t):
        if t < utc("2026-02-07 07:15:00"):
            return 0.6
        if t < OPEN:
            return 6
        return 26
    times = []
    t = START
    while True:
        t = t + dt.timedelta(seconds=rng.expovariate(rate(t) / 60))
        if t >= END:
            break
        times.append(t)
    pending = 0
    for t in times:
        gate = rng.choice(GATES)
        card = f"01-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(100, 999)}"
        failing = FULL <= t < FIXED
        dur = ms(rng, 18, 0.4) / 1000
        if failing:
            dur = ms(rng, 40, 0.3) / 1000
        status = 500 if failing else 200
        body = {"level": "info", "ts": round(t.timestamp() + dur, 6), "logger": "http.log.access.log0", "msg": "handled request",
                "request": {"remote_ip": f"10.14.30.{10 + GATES.index(gate)}", "remote_port": str(rng.randint(40000, 60000)), "client_ip": f"10.14.30.{10 + GATES.index(gate)}", "proto": "HTTP/1.1", "method": "POST", "host": "gates.fluhalp.ch", "uri": "/api/v2/validate", "headers": {"User-Agent": ["TurnstileFW/7.4.2"], "Content-Type": ["application/json"]}, "tls": {"resumed": True, "version": 772, "cipher_suite": 4865, "proto": "", "server_name": "gates.fluhalp.ch"}},
                "bytes_read": 96, "user_id": "", "duration": round(dur, 6), "size": 71 if status == 200 else 0, "status": status,
                "resp_headers": {"Server": ["Caddy", "Kestrel"], "Content-Type": ["application/json; charset=utf-8"] if status == 200 else [], "Date": [t.strftime("%a, %d %b %Y %H:%M:%S GMT")]}}
        if failing:
            body["level"] = "error"
        caddy.add(t, json.dumps(body, separators=(",", ":")))
        if failing:
            stats["fail"].append(t)
            if t > DEPLOY:
                pending += 1
                if pending % 50:
                    continue
                count = 50
            else:
                count = 1
            app.add(t, serilog(t, "ERR", "Fluhalp.LiftGates.Passages.PassageWriter", f"Passage write failed: SQL error 9002 (severity 17) for {count} passages") + "\n"
                    "Microsoft.Data.SqlClient.SqlException (0x80131904): The transaction log for database 'GateAccess' is full due to 'LOG_BACKUP'.\n"
                    "   at Microsoft.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)\n"
                    "   at Microsoft.Data.SqlClient.TdsParser.ThrowExceptionAndWarning(TdsParserStateObject stateObj, Boolean callerHasConnectionLock, Boolean asyncClose)\n"
                    "   at Microsoft.Data.SqlClient.SqlCommand.InternalEndExecuteNonQuery(IAsyncResult asyncResult, Boolean isInternal, String endMethod)\n"
                    "   at Fluhalp.LiftGates.Passages.PassageWriter.WriteAsync(IReadOnlyList`1 passages, CancellationToken ct) in D:\\a\\lift-gates\\src\\LiftGates\\Passages\\PassageWriter.cs:line 22\n"
                    f"ClientConnectionId:{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}\nError Number:9002,State:2,Class:17")
        else:
            stats["ok"].append(t)
        if rng.random() < 0.04:
            app.add(t, serilog(t, "INF", "Fluhalp.LiftGates.Validation.ValidateEndpoint", f"Card {card} refused at {gate}: {rng.choice(['NotValidToday', 'Blocked', 'Passback', 'NotValidToday'])}"))
    # gates offline/online (reported by heartbeats)
    for i, gate in enumerate(GATES):
        t = FULL + dt.timedelta(seconds=rng.uniform(2, 40))
        app.add(t, serilog(t, "WRN", "Fluhalp.LiftGates.Gates.HeartbeatMonitor", f"Gate {gate} reports offline validation since {t.strftime('%H:%M:%S')}"))
        t2 = FIXED + dt.timedelta(seconds=rng.uniform(2, 40))
        app.add(t2, serilog(t2, "INF", "Fluhalp.LiftGates.Gates.HeartbeatMonitor", f"Gate {gate} back online"))
    # card sync and app starts
    t = START + dt.timedelta(seconds=rng.randint(1, 200))
    while t < END:
        app.add(t, serilog(t, "INF", "Fluhalp.LiftGates.Cards.CardSync", f"Card cache refreshed from shop export: {rng.randint(23100, 23900)} cards, {rng.randint(0, 12) if t < OPEN else rng.randint(20, 90)} new"))
        t += dt.timedelta(minutes=5, seconds=rng.randint(0, 4))
    for line in ("Application is shutting down...",):
        app.add(DEPLOY, serilog(DEPLOY, "INF", "Microsoft.Hosting.Lifetime", line))
    t = DEPLOY + dt.timedelta(seconds=6)
    app.add(t, serilog(t, "INF", "Fluhalp.LiftGates.Program", f"lift-gates 4.3.0+{head[:7]} starting on GATES-APP01"))
    app.add(t + dt.timedelta(seconds=1), serilog(t + dt.timedelta(seconds=1), "INF", "Fluhalp.LiftGates.Passages.PassageQueue", "Passage batching: 50 per insert, flush every 500 ms"))
    app.add(t + dt.timedelta(seconds=1), serilog(t + dt.timedelta(seconds=1), "INF", "Microsoft.Hosting.Lifetime", "Now listening on: http://localhost:5080"))
    return [app, sql, evt, caddy], stats


def build(out_dir):
    rng = random.Random(22030)
    repo, head = build_repo()
    try:
        logs, stats = build_logs(rng, head)
        onset = FULL

        def log_used(t):
            if t < utc("2026-02-06 21:15:00") or t >= FIXED:
                return 4.0 + 6 * ((t.minute % 15) / 15)
            hours = (min(t, FULL) - utc("2026-02-06 21:15:00")).total_seconds() / 3600
            base = 11 + hours * 0.9
            if t >= utc("2026-02-07 07:45:00"):
                base += (min(t, FULL) - utc("2026-02-07 07:45:00")).total_seconds() / 3600 * 64
            return min(100.0, base if t < FULL else 100.0)

        metrics = {
            "mssql_log_space_used_percent.json": query_range([
                ({"instance": "SQL-GATES01", "database": "GateAccess"}, log_used),
            ], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r22-gate-txlog-full-none", service=SERVICE, onset=onset,
            description="""
Saturday 7 February at Bergbahnen Fluhalp: from 08:41 UTC every turnstile
at the three lifts falls back to offline validation and refuses cards sold
this morning; queues build at the valley station. lift-gates answers 500 to
every validation. The team released lift-gates at 08:12 (passage inserts
in batches). A DBA fixed it at 09:22. Logs: lift-gates (Serilog), SQL
Server ERRORLOG, the SQL server's Application event log (wevtutil export),
Caddy access (JSON).
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"ERRORLOG.log": r"<Date> <Time> <Spid>\s+<Content>"},
            root_cause=[r"transaction log for database .* is full due to", r"BackupDiskFile::CreateMedia: Backup device .* failed to create", r"Operating system error .*Access is denied"],
            fix_files=[],
            explanation="""
No commit in lift-gates caused this. The IT team's Friday 21:00 change to
the SQL Server maintenance plan moved backups to \\\\nas02, where the SQL
Server service account may not write: from 21:15 every log backup fails
("BackupDiskFile::CreateMedia: Backup device ... failed to create.
Operating system error 5(Access is denied.)", error 3041, the Agent job
'GateAccess - Log backup' failed). In the FULL recovery model the log
cannot be truncated without a log backup, so it grows to its 8 GB cap
during the Saturday rush, and at 08:41 every insert fails with 9002 "The
transaction log for database 'GateAccess' is full due to 'LOG_BACKUP'".
The fix is outside the repository: grant the share permission, back up the
log. Decoys: the 08:12 release that batches passage inserts, 29 minutes
before the onset (after it the failures come 50 passages at a time); the
Friday commit that logs the SQL error number on a failed write (its
"Passage write failed: SQL error" lines are the symptom); a
Microsoft.Data.SqlClient bump; the offline-mode docs page; the
ShopSync login failures in the ERRORLOG, which are old; chores.
""",
        )
    finally:
        repo.close()
