"""claims-payouts (.NET 8, ASP.NET Core in IIS on two Windows Server 2022
VMs, EF Core 8 with Microsoft.Data.SqlClient, Hangfire in the same app
pool, Serilog compact JSON files; released with Octopus Deploy; team in
London, Pune and Warsaw): Halden Mutual's claim payouts back office.
Claims handlers approve payouts in its web UI; a Hangfire job writes the
morning BACS payment file at 07:30 and another syncs claim updates from
ClaimsCore every five minutes. It connects to the SQL Server SQLCLM01 with
the SQL login svc_claimpayouts, whose password Octopus substitutes into
the connection string at deploy time.

The DBA team's CIS baseline (CHG-2871, September) turned on CHECK_POLICY
and CHECK_EXPIRATION for every SQL login. svc_claimpayouts' password was
set on 15 September at 07:28 UTC; with the domain's 90-day maximum age it
expires on Monday 14 December at 07:28. SQL Monitor has mailed the DBA
team's shared mailbox about it daily since 7 December. From 07:28 every
new login fails (error 18487, "The password of the account has expired");
connections already open in the pools keep working, so the app fails only
when a pool has to open a connection (the pools prune idle connections
after 4-8 minutes, and after a failure SqlClient's pool blocking period
fails further opens for 5-60 s without asking the server). The 07:30 BACS
file job fails and Hangfire retries it; handlers get errors on and off as
the morning's load grows. At 08:09 the on-call rolls back to Friday's
release, which recycles the app pools: every connection is new, and
everything fails. The DBA on call turns CHECK_EXPIRATION off and sets the
same password again at 08:21; the BACS job, requeued by hand, succeeds. Nothing in
this repository caused it.

Decoys: the 07:00 release, 28 minutes before the onset, of three commits
that touch the database path: a Microsoft.Data.SqlClient 5.2.1 -> 5.2.2
bump, EF Core's retry on transient errors, and Max Pool Size 200 in the
connection string (appsettings.Production.json); Friday's commit that
logs the SQL error number, state and server (every failure line); the
Friday change that moved the BACS job to 07:30; the rollback to Friday's
release, which makes it worse. Sources: app (Serilog CLEF JSON with .NET
exceptions) on both VMs, IIS W3C access logs, SQL Server ERRORLOG (two
lines per failed login; line format), SQL Monitor alerts (JSON), Octopus
Deploy task logs, #claims-it-ops (Teams export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "claims-payouts"
START, END = utc("2026-12-14 05:50:00"), utc("2026-12-14 09:00:00")
DEPLOY = utc("2026-12-14 07:00:30")
EXPIRY = utc("2026-12-14 07:28:10")
BACS_JOB = utc("2026-12-14 07:30:00")
ROLLBACK = utc("2026-12-14 08:09:05")
FIXED = utc("2026-12-14 08:21:40")
MANUAL_REQUEUE = utc("2026-12-14 08:24:31")
REDEPLOY = utc("2026-12-14 08:41:10")
SERVERS = [("CLMAPP01", "10.31.8.21"), ("CLMAPP02", "10.31.8.22")]
SQL_HOST = "sqlclm01.corp.haldenmutual.co.uk"

APPSETTINGS_PROD = """{
  "ConnectionStrings": {
    "Payouts": "Server=sqlclm01.corp.haldenmutual.co.uk;Database=ClaimsPayouts;User ID=svc_claimpayouts;Password=#{ClaimsPayouts.Db.Password};Encrypt=True;TrustServerCertificate=False;Max Pool Size=100;Application Name=claims-payouts"
  },
  "Hangfire": {
    "BacsPaymentFileCron": "0 8 * * 1-5",
    "ClaimsCoreSyncCron": "*/5 * * * *"
  },
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft.AspNetCore": "Warning" } }
  }
}
"""

DATA_EXT = """using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Halden.Claims.Payouts.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddPayoutsData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDbContext<PayoutsDbContext>(options =>
            options.UseSqlServer(configuration.GetConnectionString("Payouts"), sql =>
            {
                sql.CommandTimeout(30);
            }));
        return services;
    }
}
"""

ERRORS_CS = """using Microsoft.AspNetCore.Diagnostics;

namespace Halden.Claims.Payouts.Api.ErrorHandling;

public static class ProblemDetailsSetup
{
    public static void UseClaimsProblemDetails(this WebApplication app) =>
        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerPathFeature>();
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Halden.Claims.Payouts.Api.Errors");
            logger.LogError(error?.Error, "Unhandled {ExceptionType} for {RequestMethod} {RequestPath}",
                error?.Error.GetType().Name, context.Request.Method, error?.Path);
            await Results.Problem("Something went wrong. Try again, or call the service desk.").ExecuteAsync(context);
        }));
}
"""


def repo_files():
    return {
        "Directory.Packages.props": '<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageVersion Include="Microsoft.EntityFrameworkCore.SqlServer" Version="8.0.11" />\n    <PackageVersion Include="Microsoft.Data.SqlClient" Version="5.2.1" />\n    <PackageVersion Include="Hangfire.AspNetCore" Version="1.8.14" />\n    <PackageVersion Include="Hangfire.SqlServer" Version="1.8.14" />\n    <PackageVersion Include="Serilog.AspNetCore" Version="8.0.3" />\n    <PackageVersion Include="Serilog.Formatting.Compact" Version="3.0.0" />\n    <PackageVersion Include="xunit" Version="2.9.2" />\n  </ItemGroup>\n</Project>\n',
        "ClaimsPayouts.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Halden.Claims.Payouts.Api\", \"src\\Halden.Claims.Payouts.Api\\Halden.Claims.Payouts.Api.csproj\", \"{5B0E1D6C-3A1F-4E0B-9C3B-2E8F1A6D4C21}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Halden.Claims.Payouts.Data\", \"src\\Halden.Claims.Payouts.Data\\Halden.Claims.Payouts.Data.csproj\", \"{A4C2E7B1-6D3F-4B8A-8E2C-7F1D9B3A5E60}\"\nEndProject\n",
        "src/Halden.Claims.Payouts.Api/Halden.Claims.Payouts.Api.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Hangfire.AspNetCore" />\n    <PackageReference Include="Hangfire.SqlServer" />\n    <PackageReference Include="Serilog.AspNetCore" />\n    <PackageReference Include="Serilog.Formatting.Compact" />\n    <ProjectReference Include="..\\Halden.Claims.Payouts.Data\\Halden.Claims.Payouts.Data.csproj" />\n  </ItemGroup>\n</Project>\n',
        "src/Halden.Claims.Payouts.Data/Halden.Claims.Payouts.Data.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" />\n    <PackageReference Include="Microsoft.Data.SqlClient" />\n  </ItemGroup>\n</Project>\n',
        "src/Halden.Claims.Payouts.Api/Program.cs": 'using Halden.Claims.Payouts.Api.ErrorHandling;\nusing Halden.Claims.Payouts.Data;\nusing Hangfire;\nusing Serilog;\nusing Serilog.Formatting.Compact;\n\nvar builder = WebApplication.CreateBuilder(args);\nbuilder.Host.UseSerilog((ctx, cfg) => cfg.ReadFrom.Configuration(ctx.Configuration)\n    .Enrich.WithMachineName()\n    .WriteTo.File(new CompactJsonFormatter(), @"D:\\Logs\\claims-payouts\\app-.clef", rollingInterval: RollingInterval.Day));\nbuilder.Services.AddPayoutsData(builder.Configuration);\nbuilder.Services.AddHangfire(h => h.UseSqlServerStorage(builder.Configuration.GetConnectionString("Payouts")));\nbuilder.Services.AddHangfireServer();\n\nvar app = builder.Build();\napp.UseSerilogRequestLogging();\napp.UseClaimsProblemDetails();\napp.Logger.LogInformation("Claims.Payouts {Version} starting on {MachineName}", typeof(Program).Assembly.GetName().Version, Environment.MachineName);\napp.MapPayoutEndpoints();\napp.MapGet("/health/live", () => Results.Ok());\nRecurringJob.AddOrUpdate<BacsPaymentFileJob>("bacs-payment-file", j => j.RunAsync(), app.Configuration["Hangfire:BacsPaymentFileCron"]);\nRecurringJob.AddOrUpdate<ClaimsCoreSyncJob>("sync-claims-from-core", j => j.RunAsync(), app.Configuration["Hangfire:ClaimsCoreSyncCron"]);\napp.Run();\n',
        "src/Halden.Claims.Payouts.Api/appsettings.json": '{\n  "AllowedHosts": "*",\n  "Serilog": { "MinimumLevel": { "Default": "Information" } }\n}\n',
        "src/Halden.Claims.Payouts.Api/appsettings.Production.json": APPSETTINGS_PROD,
        "src/Halden.Claims.Payouts.Api/ErrorHandling/ProblemDetailsSetup.cs": ERRORS_CS,
        "src/Halden.Claims.Payouts.Api/Jobs/BacsPaymentFileJob.cs": 'namespace Halden.Claims.Payouts.Api.Jobs;\n\n/// Writes the day\'s approved payouts as a BACS Standard 18 file and hands it to the Bacstel-IP gateway.\npublic sealed class BacsPaymentFileJob(PayoutsDbContext db, PaymentFileWriter writer, ILogger<BacsPaymentFileJob> log)\n{\n    [AutomaticRetry(Attempts = 10)]\n    public async Task RunAsync()\n    {\n        var payouts = await db.Payouts.Where(p => p.Status == PayoutStatus.Approved && p.PaymentDate <= DateOnly.FromDateTime(DateTime.UtcNow)).ToListAsync();\n        var file = await writer.WriteAsync(payouts);\n        log.LogInformation("BACS payment file {FileName} written: {Count} payments, {Total:C}", file.Name, payouts.Count, payouts.Sum(p => p.Amount));\n    }\n}\n',
        "src/Halden.Claims.Payouts.Api/Payments/PaymentFileWriter.cs": 'namespace Halden.Claims.Payouts.Api.Payments;\n\npublic sealed class PaymentFileWriter\n{\n    // VOL1, HDR1, UHL1, the payment records, EOF1, UTL1 with one total.\n    public Task<FileInfo> WriteAsync(IReadOnlyList<Payout> payouts) => Bacs18.WriteAsync(payouts, trailer: Bacs18.Trailer.Single);\n}\n',
        "src/Halden.Claims.Payouts.Data/DataServiceCollectionExtensions.cs": DATA_EXT,
        "src/Halden.Claims.Payouts.Data/PayoutsDbContext.cs": 'using Microsoft.EntityFrameworkCore;\n\nnamespace Halden.Claims.Payouts.Data;\n\npublic sealed class PayoutsDbContext(DbContextOptions<PayoutsDbContext> options) : DbContext(options)\n{\n    public DbSet<Payout> Payouts => Set<Payout>();\n    public DbSet<ClaimSnapshot> Claims => Set<ClaimSnapshot>();\n}\n',
        "tests/Halden.Claims.Payouts.Tests/PaymentFileWriterTests.cs": 'public class PaymentFileWriterTests\n{\n    [Fact]\n    public async Task Writes_a_UTL1_trailer()\n    {\n        var file = await new PaymentFileWriter().WriteAsync(Fixtures.ThreePayouts);\n        Assert.Contains("UTL1", await File.ReadAllTextAsync(file.FullName));\n    }\n}\n',
        ".github/workflows/build.yml": "name: build\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  build:\n    runs-on: windows-2022\n    steps:\n      - uses: actions/checkout@v3\n      - uses: actions/setup-dotnet@v4\n        with: {dotnet-version: '8.0.x'}\n      - run: dotnet test\n      - run: dotnet publish src/Halden.Claims.Payouts.Api -c Release -o out\n      - uses: OctopusDeploy/create-zip-package-action@v3\n        with: {package_id: Claims.Payouts, version: '${{ env.VERSION }}', base_path: out}\n      - uses: OctopusDeploy/push-package-action@v3\n",
        "README.md": "# claims-payouts\n\nHalden Mutual's claim payouts: the approval queue for claims handlers, the\nmorning BACS payment file, and the sync of claim updates from ClaimsCore.\n\n## Running locally\n\n```\ndotnet test\ndotnet run --project src/Halden.Claims.Payouts.Api\n```\n\n## Deploying\n\nEach merge to `main` is packaged and pushed to Octopus (`Claims.Payouts`).\nReleases to Production (CLMAPP01, CLMAPP02) are deployed from Octopus by the\nteam; the database password is an Octopus sensitive variable owned by the\nDBA team (`ClaimsPayouts.Db.Password`).\n",
    }


def build_repo():
    callum = Person("Callum Fraser", "callum.fraser@haldenmutual.co.uk", 0)
    aditi = Person("Aditi Kulkarni", "aditi.kulkarni@haldenmutual.co.uk", 330)
    tomasz = Person("Tomasz Wrobel", "tomasz.wrobel@haldenmutual.co.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("PayoutsErrors", "Handlers see 'Something went wrong': the app log (D:\\Logs\\claims-payouts) has the exception; SQL errors carry their number."),
        ("BacsFileLate", "The BACS payment file must reach Bacstel-IP by 10:30. Hangfire retries the job; the dashboard is /hangfire."),
    ])
    repo.commit(utc("2026-12-07 09:00:00"), callum, "claims-payouts: import from TFS", files)
    repo.schedule(chores(random.Random(19401), SERVICE, [callum, aditi, tomasz], utc("2026-12-07 09:00:00"), utc("2026-12-11 17:00:00"), 3))
    repo.commit(utc("2026-12-08 08:20:00"), aditi, "payments: BACS trailer counts credits and debits separately", {
        "src/Halden.Claims.Payouts.Api/Payments/PaymentFileWriter.cs": repo.edit("src/Halden.Claims.Payouts.Api/Payments/PaymentFileWriter.cs", "trailer: Bacs18.Trailer.Single", "trailer: Bacs18.Trailer.CreditsAndDebits").replace("UTL1 with one total.", "UTL1 with credit and debit totals."),
    })
    repo.commit(utc("2026-12-10 10:40:00"), tomasz, "api: page the approval queue (50 a page)", {
        "src/Halden.Claims.Payouts.Api/Queue/ApprovalQueueEndpoints.cs": 'namespace Halden.Claims.Payouts.Api.Queue;\n\npublic static class ApprovalQueueEndpoints\n{\n    public static async Task<IResult> GetQueueAsync(PayoutsDbContext db, int page = 1)\n    {\n        var items = await db.Payouts.Where(p => p.Status == PayoutStatus.PendingApproval)\n            .OrderBy(p => p.CreatedAt).Skip((page - 1) * 50).Take(50).ToListAsync();\n        return Results.Ok(items);\n    }\n}\n',
    })
    repo.commit(utc("2026-12-11 11:15:00"), aditi, "errors: log the SQL error number, state and server of data errors\n\nThe handler logged only the exception type; for SqlException we want\nthe number without opening the stack trace.", {
        "src/Halden.Claims.Payouts.Api/ErrorHandling/ProblemDetailsSetup.cs": repo.edit("src/Halden.Claims.Payouts.Api/ErrorHandling/ProblemDetailsSetup.cs",
            '            logger.LogError(error?.Error, "Unhandled {ExceptionType} for {RequestMethod} {RequestPath}",\n                error?.Error.GetType().Name, context.Request.Method, error?.Path);\n',
            '            if (error?.Error is Microsoft.Data.SqlClient.SqlException sql)\n                logger.LogError(sql, "Unhandled {ExceptionType} for {RequestMethod} {RequestPath}: SQL error {SqlErrorNumber}, state {SqlErrorState}, server {SqlServer}",\n                    sql.GetType().Name, context.Request.Method, error.Path, sql.Number, sql.State, sql.Server);\n            else\n                logger.LogError(error?.Error, "Unhandled {ExceptionType} for {RequestMethod} {RequestPath}",\n                    error?.Error.GetType().Name, context.Request.Method, error?.Path);\n'),
    })
    friday = repo.commit(utc("2026-12-11 14:05:00"), tomasz, "hangfire: BACS payment file at 07:30 (was 08:00)\n\nFinance wants the file at Bacstel-IP before the 09:00 checks; 07:30\nleaves time for one retry round.", {
        "src/Halden.Claims.Payouts.Api/appsettings.Production.json": repo.edit("src/Halden.Claims.Payouts.Api/appsettings.Production.json", '"BacsPaymentFileCron": "0 8 * * 1-5"', '"BacsPaymentFileCron": "30 7 * * 1-5"'),
    })
    sqlclient = repo.commit(utc("2026-12-14 05:02:00"), bot, "Bump Microsoft.Data.SqlClient from 5.2.1 to 5.2.2\n\nBumps [Microsoft.Data.SqlClient](https://github.com/dotnet/sqlclient) from 5.2.1 to 5.2.2.\n- [Release notes](https://github.com/dotnet/sqlclient/releases)\n- [Commits](https://github.com/dotnet/sqlclient/compare/v5.2.1...v5.2.2)", {
        "Directory.Packages.props": repo.edit("Directory.Packages.props", '"Microsoft.Data.SqlClient" Version="5.2.1"', '"Microsoft.Data.SqlClient" Version="5.2.2"'),
    })
    retry = repo.commit(utc("2026-12-14 06:40:00"), callum, "data: retry transient SQL errors (EnableRetryOnFailure, 5 tries, max 10 s)\n\nLast Monday's payment run failed once on a deadlock (1205) and waited\nfor Hangfire's retry; EF can retry the statement itself.", {
        "src/Halden.Claims.Payouts.Data/DataServiceCollectionExtensions.cs": repo.edit("src/Halden.Claims.Payouts.Data/DataServiceCollectionExtensions.cs", "                sql.CommandTimeout(30);\n", "                sql.CommandTimeout(30);\n                sql.EnableRetryOnFailure(maxRetryCount: 5, maxRetryDelay: TimeSpan.FromSeconds(10), errorNumbersToAdd: null);\n"),
    })
    pool = repo.commit(utc("2026-12-14 06:48:00"), callum, "config: Max Pool Size 200 for the payment run\n\nThe BACS job and the month-end approvals together reached 100\nconnections per server in November.", {
        "src/Halden.Claims.Payouts.Api/appsettings.Production.json": repo.edit("src/Halden.Claims.Payouts.Api/appsettings.Production.json", "Max Pool Size=100", "Max Pool Size=200"),
    })
    repo.commit(utc("2026-12-14 11:30:00"), callum, "runbook: SQL error 18487 (login password expired)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## SQL error 18487: the login's password has expired\n\nThe DBA team owns svc_claimpayouts and its password (Octopus sensitive\nvariable). Call the DBA on-call; a rollback does not help (it recycles\nthe pools, so every connection is new). 14 December: CHECK_EXPIRATION\nhad been on since CHG-2871; turned off under CHG-3318.\n",
    })
    return repo, friday, sqlclient, retry, pool


# ---------------------------------------------------------------------------

def clef(t, level, template, machine, source, x=None, **props):
    body = {"@t": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z", "@mt": template}
    if level != "Information":
        body["@l"] = level
    if x:
        body["@x"] = x
    body.update(props)
    body["SourceContext"] = source
    body["MachineName"] = machine
    body["EnvironmentName"] = "Production"
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def sql_exception(rng, frames, retrying):
    strategy = "SqlServerRetryingExecutionStrategy" if retrying else "SqlServerExecutionStrategy"
    head = ("Microsoft.Data.SqlClient.SqlException (0x80131904): Login failed for user 'svc_claimpayouts'. Reason: The password of the account has expired.\r\n"
            "   at Microsoft.Data.SqlClient.SqlInternalConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)\r\n"
            "   at Microsoft.Data.SqlClient.TdsParser.ThrowExceptionAndWarning(TdsParserStateObject stateObj, SqlCommand command, Boolean callerHasConnectionLock, Boolean asyncClose)\r\n"
            "   at Microsoft.Data.SqlClient.TdsParser.TryRun(RunBehavior runBehavior, SqlCommand cmdHandler, SqlDataReader dataStream, BulkCopySimpleResultSet bulkCopyHandler, TdsParserStateObject stateObj, Boolean& dataReady)\r\n"
            "   at Microsoft.Data.SqlClient.SqlInternalConnectionTds.CompleteLogin(Boolean enlistOK)\r\n"
            "   at Microsoft.Data.SqlClient.SqlInternalConnectionTds.AttemptOneLogin(ServerInfo serverInfo, String newPassword, SecureString newSecurePassword, TimeoutTimer timeout, Boolean withFailover)\r\n"
            "   at Microsoft.Data.SqlClient.SqlInternalConnectionTds.LoginNoFailover(ServerInfo serverInfo, String newPassword, SecureString newSecurePassword, Boolean redirectedUserInstance, SqlConnectionString connectionOptions, SqlCredential credential, TimeoutTimer timeout)\r\n"
            "   at Microsoft.Data.SqlClient.SqlInternalConnectionTds.OpenLoginEnlist(TimeoutTimer timeout, SqlConnectionString connectionOptions, SqlCredential credential, String newPassword, SecureString newSecurePassword, Boolean redirectedUserInstance)\r\n"
            "   at Microsoft.Data.ProviderBase.DbConnectionPool.CreateObject(DbConnection owningObject, DbConnectionOptions userOptions, DbConnectionInternal oldConnection)\r\n"
            "   at Microsoft.Data.ProviderBase.DbConnectionPool.UserCreateRequest(DbConnection owningObject, DbConnectionOptions userOptions, DbConnectionInternal oldConnection)\r\n"
            "   at Microsoft.Data.ProviderBase.DbConnectionPool.TryGetConnection(DbConnection owningObject, UInt32 waitForMultipleObjectsTimeout, Boolean allowCreate, Boolean onlyOneCheckConnection, DbConnectionOptions userOptions, DbConnectionInternal& connection)\r\n"
            "   at Microsoft.Data.SqlClient.SqlConnection.InternalOpenAsync(CancellationToken cancellationToken)\r\n"
            "--- End of stack trace from previous location ---\r\n"
            "   at Microsoft.EntityFrameworkCore.Storage.RelationalConnection.OpenInternalAsync(Boolean errorsExpected, CancellationToken cancellationToken)\r\n"
            "   at Microsoft.EntityFrameworkCore.Storage.RelationalConnection.OpenAsync(CancellationToken cancellationToken, Boolean errorsExpected)\r\n"
            f"   at Microsoft.EntityFrameworkCore.SqlServer.Storage.Internal.{strategy}.ExecuteAsync[TState,TResult](TState state, Func`4 operation, Func`4 verifySucceeded, CancellationToken cancellationToken)\r\n")
    tail = f"ClientConnectionId:{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}\r\nError Number:18487,State:1,Class:14"
    return head + "".join(f"   at {f}\r\n" for f in frames) + tail


ROUTES = [
    (5, "GET", "/api/payouts/queue", ["Halden.Claims.Payouts.Api.Queue.ApprovalQueueEndpoints.GetQueueAsync(PayoutsDbContext db, Int32 page) in D:\\a\\1\\s\\src\\Halden.Claims.Payouts.Api\\Queue\\ApprovalQueueEndpoints.cs:line 8"], 1),
    (3, "GET", "/claims/{claim}/payouts", ["Halden.Claims.Payouts.Api.Claims.ClaimPayoutsPage.OnGetAsync(String claimRef) in D:\\a\\1\\s\\src\\Halden.Claims.Payouts.Api\\Claims\\ClaimPayoutsPage.cs:line 27"], 1),
    (2, "POST", "/api/payouts/{payout}/approve", ["Halden.Claims.Payouts.Api.Payouts.ApprovePayoutEndpoint.HandleAsync(Guid payoutId, ClaimsPrincipal user) in D:\\a\\1\\s\\src\\Halden.Claims.Payouts.Api\\Payouts\\ApprovePayoutEndpoint.cs:line 33"], 1),
    (1, "GET", "/api/payouts/{payout}", ["Halden.Claims.Payouts.Api.Payouts.GetPayoutEndpoint.HandleAsync(Guid payoutId) in D:\\a\\1\\s\\src\\Halden.Claims.Payouts.Api\\Payouts\\GetPayoutEndpoint.cs:line 19"], 1),
    (2, "GET", "/css/site.css", [], 0),
]
HANDLERS = ["HALDEN\\mokafor", "HALDEN\\jpatel", "HALDEN\\swright", "HALDEN\\lmcdonald", "HALDEN\\rhughes", "HALDEN\\egreen", "HALDEN\\aobrien", "HALDEN\\tkhan",
            "HALDEN\\hbaker", "HALDEN\\dcampbell", "HALDEN\\nsingh", "HALDEN\\kmurray"]
UA = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/131.0.0.0+Safari/537.36+Edg/131.0.0.0"


class Pool:
    """One SqlClient connection pool: idle connections are pruned after 4-8 min;
    a failed open starts the pool blocking period (5 s, doubling to 60 s),
    during which opens fail at once without reaching the server."""

    def __init__(self, rng):
        self.rng = rng
        self.conns = []
        self.block_until = None
        self.block_len = 5.0

    def clear(self):
        self.conns = []
        self.block_until = None
        self.block_len = 5.0

    def acquire(self, t, hold_s, expired):
        self.conns = [c for c in self.conns if c["busy_until"] > t or (t - c["last"]).total_seconds() < c["idle"]]
        free = [c for c in self.conns if c["busy_until"] <= t]
        if free:
            c = max(free, key=lambda c: c["last"])
            c["busy_until"] = c["last"] = t + dt.timedelta(seconds=hold_s)
            return "ok"
        if self.block_until and t < self.block_until:
            return "blocked"
        if expired(t):
            self.block_until = t + dt.timedelta(seconds=self.block_len)
            self.block_len = min(60.0, self.block_len * 2)
            return "login_failed"
        self.block_len = 5.0
        self.block_until = None
        end = t + dt.timedelta(seconds=hold_s)
        self.conns.append({"busy_until": end, "last": end, "idle": self.rng.uniform(240, 480)})
        return "ok"


def user_rate(t):
    """Requests a minute per server."""
    h = t.hour + t.minute / 60
    if h < 7.0:
        return 0.8
    if h < 7.75:
        return 0.8 + (h - 7.0) / 0.75 * 6
    if h < 8.5:
        return 6.8 + (h - 7.75) / 0.75 * 18
    return 25


def build_logs(rng, friday, sqlclient, retry, pool_commit):
    app = Log("claims-payouts.clef.log")
    iis = {name: Log(f"iis-{name.lower()}-u_ex261214.log") for name, _ in SERVERS}
    errorlog = Log("sqlclm01-ERRORLOG.log")
    monitor = Log("sql-monitor-alerts.log")
    octopus = Log("octopus-tasks.log")
    chat = Log("claims-it-ops.log")
    stats = {"fail": [], "ok": [], "logins_failed": []}

    def expired(t):
        return EXPIRY <= t < FIXED

    # releases: (when, version, sha, retrying strategy)
    releases = [(utc("2026-12-11 16:02:00"), "2026.12.11.2", friday, False), (DEPLOY, "2026.12.14.1", pool_commit, True),
                (ROLLBACK, "2026.12.11.2", friday, False), (REDEPLOY, "2026.12.14.1", pool_commit, True)]

    def release_at(t, server_index):
        cur = releases[0]
        for r in releases:
            if t >= r[0] + dt.timedelta(seconds=70 + 80 * server_index):
                cur = r
        return cur

    pools = {name: Pool(rng) for name, _ in SERVERS}
    events = []  # (time, kind, server, extra)
    for si, (name, _) in enumerate(SERVERS):
        t = START
        while True:
            t = t + dt.timedelta(seconds=rng.expovariate(user_rate(t) / 60))
            if t >= END:
                break
            events.append((t, "request", si, None))
        for t in poisson_times(rng, START, END, 2.0):
            events.append((t, "health", si, None))
    # Hangfire runs on both servers; a job is picked up by one of them
    t = utc("2026-12-14 05:50:00")
    while t < END:
        events.append((t + dt.timedelta(seconds=rng.uniform(0.5, 3)), "sync", rng.randrange(2), None))
        t += dt.timedelta(minutes=5)
    events.append((BACS_JOB + dt.timedelta(milliseconds=820), "bacs", 0, 1))
    events.append((MANUAL_REQUEUE, "bacs", 1, "manual"))
    for r in releases[1:]:
        for si in range(2):
            events.append((r[0] + dt.timedelta(seconds=60 + 80 * si), "restart", si, r))
    events.sort(key=lambda e: (e[0], e[1]))

    ops = {"bacs_attempt": 1}
    i = 0
    while i < len(events):
        t, kind, si, extra = events[i]
        i += 1
        name, addr = SERVERS[si]
        rel = release_at(t, si)
        pool = pools[name]
        if kind == "restart":
            pool.clear()
            version, sha = extra[1], extra[2]
            for k, (tmpl, props) in enumerate((("Claims.Payouts {Version} starting on {MachineName}", {"Version": f"{version}+{sha[:7]}"}),
                                               ("Application started. Press Ctrl+C to shut down.", {}),
                                               ("Hosting environment: {EnvName}", {"EnvName": "Production"}),
                                               ("Content root path: {ContentRoot}", {"ContentRoot": "D:\\Apps\\ClaimsPayouts\\"}),
                                               ("Starting Hangfire Server using job storage: '{JobStorage}'", {"JobStorage": "SQL Server: sqlclm01.corp.haldenmutual.co.uk@ClaimsPayouts"}))):
                tt = t + dt.timedelta(milliseconds=300 * k + rng.randint(0, 200))
                src = "Halden.Claims.Payouts.Api" if k == 0 else ("Hangfire.BackgroundJobServer" if k == 4 else "Microsoft.Hosting.Lifetime")
                app.add(tt, clef(tt, "Information", tmpl, name, src, **props))
            continue
        if kind == "health":
            rt = rng.randint(1, 4)
            iis[name].add(t, w3c(t, addr, "GET", "/health/live", "-", "-", "10.31.0.5", "F5-Monitor", 200, rt))
            continue
        if kind == "request":
            route = weighted(rng, ROUTES)
            _, method, path, frames, uses_db = route
            path = path.replace("{claim}", f"CLM-{rng.randint(2400000, 2499999)}").replace("{payout}", f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}")
            user = rng.choice(HANDLERS)
            client = f"10.40.{rng.randint(1, 30)}.{rng.randint(2, 250)}"
            if not uses_db:
                iis[name].add(t, w3c(t, addr, method, path, "-", user, client, UA, 200, rng.randint(1, 6)))
                continue
            hold = ms(rng, {"/api/payouts/queue": 900}.get(route[2], 180), 0.7) / 1000
            res = pool.acquire(t, hold, expired)
            req_id = f"{hexid(rng, 13).upper()}:0000000{rng.randint(1, 9)}"
            if res == "ok":
                dur = hold * 1000 + rng.uniform(8, 40)
                end = t + dt.timedelta(milliseconds=dur)
                status = 200
                app.add(end, clef(end, "Information", "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms", name, "Serilog.AspNetCore.RequestLoggingMiddleware",
                                  RequestMethod=method, RequestPath=path, StatusCode=status, Elapsed=round(dur, 4), RequestId=req_id, ConnectionId=hexid(rng, 13).upper()))
                iis[name].add(end, w3c(end, addr, method, path, "page=1" if path.endswith("queue") else "-", user, client, UA, status, int(dur) + 2))
                stats["ok"].append(end)
            else:
                if res == "login_failed":
                    lt = t + dt.timedelta(milliseconds=rng.randint(8, 30))
                    errorlog.add(lt, errlog(lt, "Logon", "Error: 18487, Severity: 14, State: 1."))
                    errorlog.add(lt, errlog(lt, "Logon", f"Login failed for user 'svc_claimpayouts'. Reason: The password of the account has expired. [CLIENT: {addr}]"))
                    stats["logins_failed"].append(lt)
                dur = rng.uniform(20, 60) if res == "login_failed" else rng.uniform(1, 4)
                end = t + dt.timedelta(milliseconds=dur)
                x = sql_exception(rng, frames, rel[3])
                app.add(end, clef(end, "Error", "An error occurred using the connection to database '{database}' on server '{server}'.", name, "Microsoft.EntityFrameworkCore.Database.Connection", x,
                                  database="ClaimsPayouts", server=SQL_HOST, EventId={"Id": 20004, "Name": "Microsoft.EntityFrameworkCore.Database.Connection.ConnectionError"}, RequestId=req_id, RequestPath=path))
                e2 = end + dt.timedelta(milliseconds=2)
                app.add(e2, clef(e2, "Error", "Unhandled {ExceptionType} for {RequestMethod} {RequestPath}: SQL error {SqlErrorNumber}, state {SqlErrorState}, server {SqlServer}", name, "Halden.Claims.Payouts.Api.Errors", x,
                                 ExceptionType="SqlException", RequestMethod=method, RequestPath=path, SqlErrorNumber=18487, SqlErrorState=1, SqlServer=SQL_HOST, RequestId=req_id))
                e3 = e2 + dt.timedelta(milliseconds=3)
                app.add(e3, clef(e3, "Error", "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms", name, "Serilog.AspNetCore.RequestLoggingMiddleware",
                                 RequestMethod=method, RequestPath=path, StatusCode=500, Elapsed=round(dur + 5, 4), RequestId=req_id, ConnectionId=hexid(rng, 13).upper()))
                iis[name].add(e3, w3c(e3, addr, method, path, "page=1" if path.endswith("queue") else "-", user, client, UA, 500, int(dur) + 7))
                stats["fail"].append(e3)
            continue
        if kind == "bacs" and (ops.get("bacs_done") or (extra == "manual" and ops.get("bacs_retry_pending_after_fix"))):
            continue
        if kind in ("sync", "bacs"):
            job_id = (481_200 + int((t - START).total_seconds() // 300)) if kind == "sync" else 481_187
            if kind == "sync":
                hold = ms(rng, 900, 0.4) / 1000
                results = [pool.acquire(t, hold, expired)]
            else:
                # four sort-code ranges read in parallel, each with its own DbContext
                hold = ms(rng, 6000, 0.25) / 1000
                results = [pool.acquire(t + dt.timedelta(milliseconds=3 * k), hold, expired) for k in range(4)]
            for k, res in enumerate(results):
                if res == "login_failed":
                    lt = t + dt.timedelta(milliseconds=rng.randint(8, 30) + 3 * k)
                    errorlog.add(lt, errlog(lt, "Logon", "Error: 18487, Severity: 14, State: 1."))
                    errorlog.add(lt, errlog(lt, "Logon", f"Login failed for user 'svc_claimpayouts'. Reason: The password of the account has expired. [CLIENT: {addr}]"))
                    stats["logins_failed"].append(lt)
            if all(res == "ok" for res in results):
                end = t + dt.timedelta(seconds=hold)
                if kind == "sync":
                    app.add(end, clef(end, "Information", "Synced {Count} claim updates from ClaimsCore in {Elapsed} ms", name, "Halden.Claims.Payouts.Api.Jobs.ClaimsCoreSyncJob",
                                      Count=rng.randint(0, 40) if t.hour < 7 else rng.randint(20, 160), Elapsed=int(hold * 1000), JobId=str(job_id)))
                else:
                    ops["bacs_done"] = True
                    app.add(end, clef(end, "Information", "BACS payment file {FileName} written: {Count} payments, {Total:C}", name, "Halden.Claims.Payouts.Api.Jobs.BacsPaymentFileJob",
                                      FileName="HALDEN_PAY_20261214_01.txt", Count=1843, Total="£2,914,377.62", JobId=str(job_id)))
                    e2 = end + dt.timedelta(seconds=rng.uniform(2, 6))
                    app.add(e2, clef(e2, "Information", "Submitted {FileName} to Bacstel-IP ({Gateway}): submission {SubmissionId}", name, "Halden.Claims.Payouts.Api.Payments.BacstelGateway",
                                     FileName="HALDEN_PAY_20261214_01.txt", Gateway="bureau.haldenmutual.co.uk", SubmissionId=f"SUB{rng.randint(10**8, 10**9 - 1)}", JobId=str(job_id)))
                continue
            end = t + dt.timedelta(milliseconds=rng.randint(10, 50))
            frame = ["Halden.Claims.Payouts.Api.Jobs.ClaimsCoreSyncJob.RunAsync() in D:\\a\\1\\s\\src\\Halden.Claims.Payouts.Api\\Jobs\\ClaimsCoreSyncJob.cs:line 22"] if kind == "sync" else \
                ["Halden.Claims.Payouts.Api.Jobs.BacsPaymentFileJob.ReadRangeAsync(SortCodeRange range) in D:\\a\\1\\s\\src\\Halden.Claims.Payouts.Api\\Jobs\\BacsPaymentFileJob.cs:line 18",
                 "Halden.Claims.Payouts.Api.Jobs.BacsPaymentFileJob.RunAsync() in D:\\a\\1\\s\\src\\Halden.Claims.Payouts.Api\\Jobs\\BacsPaymentFileJob.cs:line 11"]
            x = sql_exception(rng, frame, rel[3])
            app.add(end, clef(end, "Error", "An error occurred using the connection to database '{database}' on server '{server}'.", name, "Microsoft.EntityFrameworkCore.Database.Connection", x,
                              database="ClaimsPayouts", server=SQL_HOST, EventId={"Id": 20004, "Name": "Microsoft.EntityFrameworkCore.Database.Connection.ConnectionError"}, JobId=str(job_id)))
            e4 = end + dt.timedelta(milliseconds=4)
            if kind == "sync":
                app.add(e4, clef(e4, "Warning", "Failed to process the job '{JobId}': an exception occurred. Job was automatically deleted because the retry attempt count exceeded {RetryCount}.", name, "Hangfire.AutomaticRetryAttribute", x,
                                 JobId=str(job_id), RetryCount=0))
                stats["fail"].append(end)
                continue
            stats["fail"].append(end)
            if extra == "manual":
                continue
            attempt = extra
            delay = attempt ** 4 + 15 + rng.randint(0, 29) * (attempt + 1)
            hh, rem = divmod(delay, 3600)
            mm, ss = divmod(rem, 60)
            app.add(e4, clef(e4, "Warning", "Failed to process the job '{JobId}': an exception occurred. Retry attempt {RetryAttempt} of {RetryCount} will be performed in {RetryDelay}.", name, "Hangfire.AutomaticRetryAttribute", x,
                             JobId=str(job_id), RetryAttempt=attempt, RetryCount=10, RetryDelay=f"{hh:02d}:{mm:02d}:{ss:02d}"))
            # Hangfire's schedule poller enqueues it again; either server may pick it up
            nt = end + dt.timedelta(seconds=delay + rng.uniform(1, 15))
            if FIXED < nt < MANUAL_REQUEUE:
                ops["bacs_retry_pending_after_fix"] = True
            nxt = (nt, "bacs", rng.randrange(2), attempt + 1)
            j = i
            while j < len(events) and (events[j][0], events[j][1]) < (nxt[0], nxt[1]):
                j += 1
            events.insert(j, nxt)
            continue

    # ---- SQL Server background ---------------------------------------------------------------------------
    t = utc("2026-12-14 05:45:00")
    while t < END:
        for db, created in (("ClaimsPayouts", "2024/03/02(10:14:55)"), ("ClaimsCore", "2021/11/19(08:02:31)"), ("ReportServer", "2020/06/12(14:40:07)")):
            tt = t + dt.timedelta(seconds=rng.uniform(2, 40))
            lsn = rng.randint(400000, 420000)
            errorlog.add(tt, errlog(tt, "Backup", f"Log was backed up. Database: {db}, creation date(time): {created}, first LSN: {lsn}:{rng.randint(1000, 40000)}:1, last LSN: {lsn + rng.randint(1, 90)}:{rng.randint(1000, 40000)}:1, number of dump devices: 1, device information: (FILE=1, TYPE=DISK: {{'\\\\bkp01.corp.haldenmutual.co.uk\\sql\\SQLCLM01\\{db}\\LOG\\SQLCLM01_{db}_LOG_{tt.strftime('%Y%m%d_%H%M%S')}.trn'}}). This is an informational message only. No user action is required."))
        t += dt.timedelta(minutes=15)
    for t in poisson_times(rng, START, END, 0.05):
        tt = t
        errorlog.add(tt, errlog(tt, "Logon", "Error: 18456, Severity: 14, State: 8."))
        errorlog.add(tt, errlog(tt, "Logon", f"Login failed for user 'rpt_powerbi'. Reason: Password did not match that for the login provided. [CLIENT: 10.31.40.{rng.randint(20, 90)}]"))
    tt = utc("2026-12-14 06:00:04") + dt.timedelta(milliseconds=520)
    errorlog.add(tt, errlog(tt, "spid71", "DBCC CHECKDB (ClaimsCore) WITH all_errormsgs, no_infomsgs executed by CORP\\svc_sqlagent found 0 errors and repaired 0 errors. Elapsed time: 0 hours 11 minutes 42 seconds.  Internal database snapshot has split point LSN = 00063c41:00004a3e:0001 and first LSN = 00063c41:00004a3c:0001."))

    # ---- SQL Monitor alerts (the DBA team's shared mailbox) ----------------------------------------------
    for day in range(7, 15):
        t = utc(f"2026-12-{day:02d} 06:00:00") + dt.timedelta(seconds=rng.randint(5, 50))
        left = 14 - day
        sev = "Low" if left > 3 else ("Medium" if left > 1 else "High")
        monitor.add(t, json.dumps({"raised": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "alert": "Custom metric: SQL login password expiry", "severity": sev, "target": "SQLCLM01",
                                   "details": f"Login svc_claimpayouts: password expires in {left} day(s) (2026-12-14 07:28 UTC). DaysUntilExpiration={left}",
                                   "status": "Active", "notified": "dba-team@haldenmutual.co.uk"}, separators=(",", ":")))
    fails = sorted(stats["logins_failed"])
    burst = next(b for a, b in zip(fails, fails[2:]) if (b - a).total_seconds() <= 60)
    raised = (burst + dt.timedelta(seconds=rng.randint(20, 58))).replace(microsecond=0)
    clients = sorted({line.split("[CLIENT: ")[1].rstrip("]") for _, _, line in errorlog.entries if "svc_claimpayouts" in line and "[CLIENT: " in line})
    monitor.add(raised, json.dumps({"raised": raised.strftime("%Y-%m-%dT%H:%M:%SZ"), "alert": "Login failures", "severity": "High", "target": "SQLCLM01",
                                    "details": f"3 or more failed logins in 1 minute: svc_claimpayouts from {', '.join(clients)} (error 18487)", "status": "Active", "notified": "dba-team@haldenmutual.co.uk"}, separators=(",", ":")))
    t = max(fails) + dt.timedelta(minutes=5, seconds=rng.randint(5, 50))
    monitor.add(t, json.dumps({"raised": raised.strftime("%Y-%m-%dT%H:%M:%SZ"), "alert": "Login failures", "severity": "High", "target": "SQLCLM01", "details": "Cleared: no failed logins for 5 minutes", "status": "Ended",
                               "notified": "dba-team@haldenmutual.co.uk"}, separators=(",", ":")))

    # ---- Octopus task logs ----------------------------------------------------------------------------------
    def task(when, version, sha, task_id, note):
        seq = [0]

        def o(off, level, text):
            seq[0] += 1
            tt = when + dt.timedelta(seconds=off, milliseconds=37 * seq[0] + rng.randint(0, 20))
            octopus.add(tt, f"{tt.strftime('%Y-%m-%d %H:%M:%S')} {level:<8} {text}")
        o(0, "Info", f"{task_id}: Deploy Claims.Payouts release {version} to Production ({note})")
        o(0, "Verbose", f"Release {version}: package Claims.Payouts {version}+{sha[:7]} (commit {sha})")
        o(1, "Info", "Step 1: Take CLMAPP01 out of the F5 pool")
        for si, (name, _) in enumerate(SERVERS):
            base = 5 + 80 * si
            if si == 1:
                o(base - 4, "Info", "Step 1: Take CLMAPP02 out of the F5 pool")
            o(base, "Info", f"Deploying package Claims.Payouts {version} to {name}")
            o(base + 20, "Info", f"{name}: Extracting package to D:\\Octopus\\Applications\\Production\\Claims.Payouts\\{version}")
            o(base + 31, "Info", f"{name}: Substituting variables in appsettings.Production.json (1 sensitive value)")
            o(base + 33, "Info", f"{name}: Updating IIS website 'ClaimsPayouts' physical path and recycling application pool 'ClaimsPayouts'")
            o(base + 55, "Info", f"{name}: GET https://{name.lower()}.corp.haldenmutual.co.uk/health/live returned 200")
            o(base + 56, "Info", f"{name}: Put back into the F5 pool")
        o(170, "Info", f"Deploy Claims.Payouts release {version} to Production: Success")

    task(DEPLOY - dt.timedelta(seconds=5), "2026.12.14.1", pool_commit, "ServerTasks-184231", "deployed by Callum Fraser")
    task(ROLLBACK - dt.timedelta(seconds=5), "2026.12.11.2", friday, "ServerTasks-184262", "redeploy of the previous release by Callum Fraser")
    task(REDEPLOY - dt.timedelta(seconds=5), "2026.12.14.1", pool_commit, "ServerTasks-184270", "deployed by Callum Fraser")

    # ---- #claims-it-ops ------------------------------------------------------------------------------------------
    def say(t, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #claims-it-ops <{who}> {text}")
    say(utc("2026-12-14 07:04:20"), "Callum Fraser", f"Claims.Payouts 2026.12.14.1 ({pool_commit[:7]}) deployed: EF retry on transient SQL errors, Max Pool Size 200, SqlClient 5.2.2")
    say(utc("2026-12-14 07:41:30"), "Hangfire bot", "Job bacs-payment-file (481187) keeps failing with SqlException; automatic retries scheduled. Dashboard: https://claims-payouts.corp.haldenmutual.co.uk/hangfire")
    say(utc("2026-12-14 07:52:10"), "Megan Doyle (claims ops)", "handlers getting 'Something went wrong' on the payouts queue, on and off. Is the BACS file going today? Bureau cut-off 10:30")
    say(utc("2026-12-14 08:03:40"), "Callum Fraser", "looking. SqlException 18487 since 07:28, 'password of the account has expired' for svc_claimpayouts. SqlClient 5.2.2 and the retry change went out at 07:00; rolling back to 2026.12.11.2 to rule them out")
    say(utc("2026-12-14 08:12:30"), "Callum Fraser", "rollback done and now every request fails. Paging the DBA on-call")
    say(utc("2026-12-14 08:18:50"), "Priya Shah (DBA)", "svc_claimpayouts has had CHECK_EXPIRATION ON since the CIS baseline (CHG-2871, September). Password set 15 Sep 07:28, domain max age 90 days: expired at 07:28 today. SQL Monitor has warned our shared mailbox since 7 Dec, missed. Emergency change CHG-3318: CHECK_EXPIRATION OFF and the same password set again")
    say(FIXED + dt.timedelta(seconds=25), "Priya Shah (DBA)", "done, svc_claimpayouts can log in")
    say(utc("2026-12-14 08:27:00"), "Callum Fraser", "queue working again. Requeued bacs-payment-file from the dashboard (next automatic retry was 40 min away), it succeeded. Redeploying 2026.12.14.1 at 08:40")
    say(utc("2026-12-14 08:46:15"), "Megan Doyle (claims ops)", "BACS file confirmed by the bureau, thanks")
    return [app, *iis.values(), errorlog, monitor, octopus, chat], stats


def w3c(t, s_ip, method, path, query, user, client, ua, status, took):
    sub = 0
    win32 = 0
    return f"{t.strftime('%Y-%m-%d %H:%M:%S')} {s_ip} {method} {path} {query} 443 {user} {client} {ua} - {status} {sub} {win32} {took}"


def errlog(t, source, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 10000:02d} {source:<12}{msg}"


def weighted(rng, routes):
    total = sum(r[0] for r in routes)
    pick = rng.uniform(0, total)
    for r in routes:
        pick -= r[0]
        if pick <= 0:
            return r
    return routes[-1]


def build(out_dir):
    rng = random.Random(19400)
    repo, friday, sqlclient, retry, pool_commit = build_repo()
    try:
        logs, stats = build_logs(rng, friday, sqlclient, retry, pool_commit)
        for name, addr in SERVERS:
            log = next(l for l in logs if l.name == f"iis-{name.lower()}-u_ex261214.log")
            for k, text in enumerate(("#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0", "#Date: 2026-12-14 00:00:03",
                                      "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")):
                log.add(utc("2026-12-14 00:00:03"), text)
        onset = min(stats["fail"] + stats["logins_failed"]).replace(microsecond=0)

        def per_minute(times):
            def fn(t):
                return sum(1 for x in times if t - dt.timedelta(seconds=60) < x <= t)
            return fn

        metrics = {
            "claims_payouts_http_requests_per_minute.json": query_range([
                ({"service": SERVICE, "code": "200"}, per_minute(stats["ok"])),
                ({"service": SERVICE, "code": "500"}, per_minute(stats["fail"])),
            ], START, END, 60),
            "mssql_login_failures_per_minute.json": query_range([({"instance": "SQLCLM01", "login": "svc_claimpayouts"}, per_minute(stats["logins_failed"]))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="sql-login-password-expiry-none", service=SERVICE, onset=onset,
            description=f"""
Claim payouts fail on Monday morning. From {onset.strftime('%H:%M')} UTC on 14 December the 07:30
BACS payment file job fails and is retried, and claims handlers get
"Something went wrong" on the payouts queue, on and off, more as the
morning goes on. Release 2026.12.14.1 was deployed at 07:00; the on-call
rolled back to 2026.12.11.2 at 08:09, after which every request failed.
It recovers at 08:21.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"sqlclm01-ERRORLOG.log": r'<Date> <Time> <Source>\s+<Content>'},
            root_cause=[r"Reason: The password of the account has expired", r"Custom metric: SQL login password expiry"],
            fix_files=[],
            explanation=f"""
Nothing in claims-payouts' repository caused it. The SQL login
svc_claimpayouts, owned by the DBA team, has had CHECK_EXPIRATION on since
their CIS baseline in September; its password, set on 15 September at
07:28, expired at 07:28 on 14 December under the domain's 90-day maximum
age. From then SQL Server refuses every new login ("Error: 18487" /
"Login failed for user 'svc_claimpayouts'. Reason: The password of the
account has expired."); pooled connections keep working until they are
pruned, and SqlClient's pool blocking period fails opens without reaching
the server, so the app fails on and off and the ERRORLOG has fewer
failures than the app. SQL Monitor had warned the DBA mailbox daily since 7
December. The rollback recycles the pools and makes every request fail;
the DBA's ALTER LOGIN at 08:21 ends it, and the BACS job, requeued by
hand, succeeds at 08:24. The password lives in Octopus, not
in the repository; the connection string only names the login.
Decoys: release 2026.12.14.1 deployed at 07:00, {int((onset - DEPLOY).total_seconds() // 60)} minutes before the onset,
with a Microsoft.Data.SqlClient 5.2.2 bump, EF Core's retry on transient
errors (the stack traces name its retrying strategy) and Max Pool Size 200
in the connection string; Friday's commit that logs the SQL error number,
state and server (every failure line) and the one that moved the BACS job
to 07:30; the rollback, which makes it worse; rpt_powerbi's routine 18456
failures in the same ERRORLOG; the runbook commit after.
""",
        )
    finally:
        repo.close()
