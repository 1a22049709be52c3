"""digitoets (C#, .NET 8 ASP.NET Core on IIS 10, two Windows Server 2022 VMs
behind a NetScaler, SQL Server; released by a GitHub Actions workflow on a
self-hosted Windows runner that drains one server at a time and copies the
site with Web Deploy; team "Digitaal Toetsen" in Lindeborg) of Universiteit
Lindeborg, the Netherlands: the university's platform for digital exams.
Candidates sign in with SURFconext and take exams in Safe Exam Browser
(SEB): in the exam halls on the university's PCs (Sportcentrum hal 2, 280
places; Auditorium toetshal, 160), managed by Werkplekbeheer (the desktop
team) with ConfigMgr, and in BYOD rooms on their own laptops. digitoets
checks SEB's request hashes on every exam route: for hall exams the
X-SafeExamBrowser-RequestHash against the Browser Exam Keys that the
Centraal Toetsbureau registered per exam (captured on a hall PC with the
admin page "SEB-sleutel vastleggen"); the Browser Exam Key is derived from
the SEB build and its settings, so it changes with every SEB version.
Results go to Osiris, the student information system.

On Thursday 22 January CAB approved Werkplekbeheer's standard change
CH-2601-0117: Safe Exam Browser 3.10.1 (from 3.9.0) for the ConfigMgr
collection "UL - Toetshallen", deadline Thursday 29 January 03:00 local
(02:00 UTC). Nobody told the Toetsbureau. The PCs install it in the night.

Thursday 29 January: hall exams 2IAB0 (280 candidates) and 4EM30 (160) at
09:00 local (08:00 UTC), and 1ZV50 in a BYOD room (64 candidates, Config
Key). At 06:50-06:52 UTC digitoets 2026.1.29.1 went out: TST-341 (SEB Config Key
for BYOD exams, in the very filter that checks the keys, needed for 1ZV50),
TST-344 of the day before (rejected SEB requests logged with the SEB
version, hall and key count), an OpenIdConnect package bump. From 07:24,
when a hall coordinator's test login is refused, every hall PC gets
"Toegang geweigerd" (403) after signing in: no request hash matches a
registered key ("SEB browser exam key not allowed for exam ...: 0 of 2
keys match; SEB 3.10.1 (x64)"). The on-call rolls the release back at
07:48; the halls stay refused (in the old wording) and the BYOD room now
fails too, so he redeploys it at 07:58. At 08:03 he notices SEB/3.10.1 in
every hall request; Werkplekbeheer confirms the change at 08:07. The
Toetsbureau captures the 3.10.1 key on a hall PC and adds it to both
exams at 08:13; the halls start at 08:30 with full time. Nothing in
digitoets caused it.

Sources: digitoets on both servers (NLog, pipe-separated), IIS on both
servers (W3C extended), ConfigMgr's AppEnforce.log from hall PC TH-SC2-117
(CMTrace, local time with bias), TOPdesk's change log (JSON lines), the
GitHub Actions deploy runs, #toetsafname-live (Teams export, JSON lines)."""

import bisect
import datetime as dt
import hashlib
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "digitoets"
START, END = utc("2026-01-29 05:45:00"), utc("2026-01-29 09:15:00")
SCCM_DEADLINE = utc("2026-01-29 02:00:00")
RELEASE = utc("2026-01-29 06:50:05")     # workflow run starts
PCS_BOOT = utc("2026-01-29 07:04:00")
TEST_LOGIN = utc("2026-01-29 07:24:18")
LOGINS_FROM = utc("2026-01-29 07:27:00")
ROLLBACK = utc("2026-01-29 07:47:20")
FORWARD = utc("2026-01-29 07:57:40")
KEYS_ADDED = {"2IAB0-20260129": utc("2026-01-29 08:13:05"), "4EM30-20260129": utc("2026-01-29 08:13:48")}
HALL_GO = utc("2026-01-29 08:18:00")
BYOD_START = utc("2026-01-29 08:00:00")

HALLS = {"SC2": ("Sportcentrum hal 2", "2IAB0-20260129", 280, "10.81.40"), "AUD": ("Auditorium toetshal", "4EM30-20260129", 160, "10.81.44")}
BYOD = ("Collegezaal 3", "1ZV50-20260129", 64, "10.83.")
SNIP = "10.81.1.10"
SERVERS = {"WEB01": "10.81.2.15", "WEB02": "10.81.2.16"}

UA_HALL = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/132.0.6834.160+Safari/537.36+SEB/3.10.1+(x64)"
UA_BYOD = [
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/126.0.6478.127+Safari/537.36+SEB/3.9.0+(x64)",
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/132.0.6834.160+Safari/537.36+SEB/3.10.1+(x64)",
    "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/18.2+Safari/605.1.15+SEB/3.5",
]
UA_BROWSERS = [
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/132.0.0.0+Safari/537.36",
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/132.0.0.0+Safari/537.36+Edg/132.0.0.0",
    "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/18.2+Safari/605.1.15",
    "Mozilla/5.0+(iPhone;+CPU+iPhone+OS+18_2+like+Mac+OS+X)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/18.2+Mobile/15E148+Safari/604.1",
]

# ---------------------------------------------------------------------------
# the repository

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Web">

  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <Version>2026.1.22.1</Version>
    <RootNamespace>Digitoets.Web</RootNamespace>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Microsoft.AspNetCore.Authentication.OpenIdConnect" Version="8.0.11" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="8.0.11" />
    <PackageReference Include="NLog.Web.AspNetCore" Version="5.3.14" />
    <PackageReference Include="CsvHelper" Version="33.0.1" />
  </ItemGroup>

</Project>
"""

PROGRAM = """using Digitoets.Web.Seb;
using NLog;
using NLog.Web;

var logger = LogManager.Setup().LoadConfigurationFromAppSettings().GetCurrentClassLogger();
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Host.UseNLog();

builder.Services.AddDigitoetsData(builder.Configuration);
builder.Services.AddSurfconext(builder.Configuration);
builder.Services.AddScoped<SebKeyFilter>();
builder.Services.AddControllersWithViews(o => o.Filters.AddService<SebKeyFilter>());

var app = builder.Build();
logger.Info("digitoets {Version} (commit {Commit}) starting on {Machine}", BuildInfo.Version, BuildInfo.Commit, Environment.MachineName);
app.UseForwardedHeaders();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.MapControllers();
app.MapGet("/health", () => Results.Ok("ok"));
app.Run();
"""

NLOG = """<?xml version="1.0" encoding="utf-8" ?>
<nlog xmlns="http://www.nlog-project.org/schemas/NLog.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <targets>
    <target xsi:type="File" name="file" fileName="D:\\logs\\digitoets\\digitoets-${shortdate}.log"
            layout="${longdate}|${level:uppercase=true}|${logger}|${message} ${exception:format=tostring}" />
  </targets>
  <rules>
    <logger name="Microsoft.*" maxlevel="Info" final="true" writeTo="" />
    <logger name="Microsoft.Hosting.Lifetime" minlevel="Info" writeTo="file" final="true" />
    <logger name="*" minlevel="Info" writeTo="file" />
  </rules>
</nlog>
"""

SEB_FILTER_V1 = """using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Digitoets.Web.Seb;

/// <summary>
/// Exam routes only answer to Safe Exam Browser with a registered key: SEB
/// sends SHA256(absolute URL + Browser Exam Key) in
/// X-SafeExamBrowser-RequestHash. The keys per exam are registered by the
/// Toetsbureau (Beheer > SEB-sleutels); see docs/seb.md.
/// </summary>
public sealed class SebKeyFilter : IAsyncActionFilter
{
    private readonly IExamLookup _exams;
    private readonly ILogger<SebKeyFilter> _log;

    public SebKeyFilter(IExamLookup exams, ILogger<SebKeyFilter> log)
    {
        _exams = exams;
        _log = log;
    }

    public async Task OnActionExecutionAsync(ActionExecutingContext ctx, ActionExecutionDelegate next)
    {
        var exam = await _exams.ForRequestAsync(ctx.HttpContext);
        if (exam is null || !exam.RequiresSeb)
        {
            await next();
            return;
        }

        var req = ctx.HttpContext.Request;
        var hash = req.Headers["X-SafeExamBrowser-RequestHash"].ToString();
        if (string.IsNullOrEmpty(hash))
        {
            _log.LogWarning("SEB check failed for exam {Exam}: no SEB headers", exam.Code);
            ctx.Result = new ViewResult { ViewName = "SebRequired", StatusCode = 403 };
            return;
        }

        var url = $"{req.Scheme}://{req.Host}{req.PathBase}{req.Path}{req.QueryString}";
        if (!exam.BrowserExamKeys.Any(key => Sha256Hex(url + key) == hash))
        {
            _log.LogWarning("SEB check failed for exam {Exam}: request hash matches no allowed key", exam.Code);
            ctx.Result = new ViewResult { ViewName = "SebRequired", StatusCode = 403 };
            return;
        }

        await next();
    }

    private static string Sha256Hex(string s) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToLowerInvariant();
}
"""

KEY_CAPTURE = """using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Digitoets.Web.Seb;

/// <summary>
/// Beheer > SEB-sleutel vastleggen: opened in SEB on a hall PC by a
/// Toetsbureau admin. Shows the Browser Exam Key that PC's SEB sends for this
/// page, so it can be added to exams. Not an exam route: no key check.
/// </summary>
[Authorize(Roles = "toetsbureau")]
[Route("beheer/seb")]
public sealed class SebKeyCaptureController : Controller
{
    private readonly ISebKeyStore _keys;
    private readonly ILogger<SebKeyCaptureController> _log;

    public SebKeyCaptureController(ISebKeyStore keys, ILogger<SebKeyCaptureController> log)
    {
        _keys = keys;
        _log = log;
    }

    [HttpGet("sleutel-vastleggen")]
    public IActionResult Capture() => View(_keys.FromCaptureRequest(Request));

    [HttpPost("toetsen/{examId:int}/sleutels")]
    public async Task<IActionResult> Add(int examId, [FromForm] string key, [FromForm] string label)
    {
        await _keys.AddAsync(examId, key, label, User.Identity!.Name!);
        _log.LogInformation("allowed browser exam key added to exam {ExamId} by {User}: {Label}", examId, User.Identity!.Name, label);
        return RedirectToAction(nameof(Capture));
    }
}
"""

ATTEMPTS = """using Microsoft.AspNetCore.Mvc;

namespace Digitoets.Web.Exams;

[Route("api/pogingen")]
public sealed class AttemptsController : Controller
{
    private readonly IAttemptStore _attempts;
    private readonly ILogger<AttemptsController> _log;

    public AttemptsController(IAttemptStore attempts, ILogger<AttemptsController> log)
    {
        _attempts = attempts;
        _log = log;
    }

    [HttpPost("")]
    public async Task<IActionResult> Start([FromForm] string examCode)
    {
        var attempt = await _attempts.StartAsync(examCode, User.Identity!.Name!);
        _log.LogInformation("attempt {Attempt} started for {User} in exam {Exam}", attempt.Id, User.Identity!.Name, examCode);
        return Ok(attempt);
    }

    [HttpPut("{id:int}/antwoorden/{item:int}")]
    public async Task<IActionResult> Save(int id, int item, [FromBody] AnswerDto answer)
    {
        await _attempts.SaveAnswerAsync(id, item, answer);
        return NoContent();
    }
}
"""

OSIRIS = """using CsvHelper;

namespace Digitoets.Web.Results;

/// <summary>Nightly: final grades of closed exams to Osiris (CSV drop).</summary>
public sealed class OsirisExport
{
    private readonly IResultStore _results;
    private readonly ILogger<OsirisExport> _log;

    public OsirisExport(IResultStore results, ILogger<OsirisExport> log)
    {
        _results = results;
        _log = log;
    }
}
"""

DEPLOY_PS1 = """param(
  [Parameter(Mandatory)] [string] $Version,
  [string[]] $Servers = @('ul-digitoets-web02', 'ul-digitoets-web01')
)
$ErrorActionPreference = 'Stop'
foreach ($server in $Servers) {
  Write-Host "Disabling $server on NetScaler (lb_digitoets_https)..."
  Disable-NsServer -Name $server -Graceful -DelaySeconds 30
  Write-Host "Stopping app pool Digitoets on $server"
  Invoke-Command -ComputerName $server { Stop-WebAppPool -Name Digitoets }
  & msdeploy.exe -verb:sync -source:package="artifacts\\digitoets-$Version.zip" -dest:auto,computerName=$server -setParam:'IIS Web Application Name'='Default Web Site/digitoets'
  Invoke-Command -ComputerName $server { Start-WebAppPool -Name Digitoets }
  Wait-Warmup "https://$server/digitoets/health"
  Write-Host "Enabling $server on NetScaler"
  Enable-NsServer -Name $server
}
"""

WORKFLOW = """name: deploy
on:
  workflow_dispatch:
    inputs:
      version:
        description: release, e.g. 2026.1.29.1
        required: true
jobs:
  deploy:
    runs-on: [self-hosted, windows, ul-deploy]
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: actions/download-artifact@v4
        with:
          name: digitoets-${{ inputs.version }}
          path: artifacts
      - run: ./deploy/Deploy-Digitoets.ps1 -Version ${{ inputs.version }}
        shell: pwsh
"""

SEB_DOC = """# SEB keys

Hall exams (university PCs, SEB installed by Werkplekbeheer with the hall
client configuration) are checked against **Browser Exam Keys**. The
Toetsbureau captures the key once on a hall PC (Beheer > SEB-sleutel
vastleggen) and adds it to each hall exam.

The Browser Exam Key is computed by SEB from its own build and the
settings, so the same configuration gives a different key on another SEB
version (and on x86 vs x64). Capture it again when the hall PCs get a new
SEB version.

BYOD exams cannot use Browser Exam Keys (every student's SEB version
differs); see TST-341.
"""

RUNBOOK_ALERTS = [
    ("SebRejectionsHigh", "More than 20 `SEB check failed` per minute. Usually one student's laptop in a BYOD room (old .seb file, normal browser). For a hall, see below."),
    ("OsirisExportFailed", "The nightly export did not produce a CSV. Re-run it from Beheer > Resultaten > Osiris; the Toetsbureau imports by hand."),
]


def build_repo():
    repo = Repo()
    daan = Person("Daan Verbeek", "d.verbeek@lindeborg.nl", 60)
    sanne = Person("Sanne Kuipers", "s.kuipers@lindeborg.nl", 60)
    yusuf = Person("Yusuf Demir", "y.demir@lindeborg.nl", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    w = "src/Digitoets.Web"
    flt = f"{w}/Seb/SebKeyFilter.cs"
    files = {
        "Digitoets.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Digitoets.Web\", \"src\\Digitoets.Web\\Digitoets.Web.csproj\", \"{3E4B1F0A-1C2D-4E5F-8A9B-0C1D2E3F4A5B}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Digitoets.Tests\", \"tests\\Digitoets.Tests\\Digitoets.Tests.csproj\", \"{7A8B9C0D-1E2F-4A5B-8C9D-0E1F2A3B4C5D}\"\nEndProject\n",
        f"{w}/Digitoets.Web.csproj": CSPROJ,
        f"{w}/Program.cs": PROGRAM,
        f"{w}/nlog.config": NLOG,
        f"{w}/Seb/SebKeyFilter.cs": SEB_FILTER_V1,
        f"{w}/Seb/SebKeyCaptureController.cs": KEY_CAPTURE,
        f"{w}/Exams/AttemptsController.cs": ATTEMPTS,
        "tests/Digitoets.Tests/SebKeyFilterTests.cs": "namespace Digitoets.Tests;\n\npublic class SebKeyFilterTests\n{\n    [Fact]\n    public async Task HallExamAcceptsRegisteredBrowserExamKey()\n    {\n        var ctx = Fixtures.ExamRequest(\"https://digitoets.lindeborg.nl/toets/hal\", bek: Fixtures.HallKey);\n        await new SebKeyFilter(Fixtures.Exams(), Fixtures.Log).OnActionExecutionAsync(ctx, Fixtures.Next);\n        Assert.Null(ctx.Result);\n    }\n\n    [Fact]\n    public async Task HallExamRefusesUnknownKey()\n    {\n        var ctx = Fixtures.ExamRequest(\"https://digitoets.lindeborg.nl/toets/hal\", bek: \"0000\");\n        await new SebKeyFilter(Fixtures.Exams(), Fixtures.Log).OnActionExecutionAsync(ctx, Fixtures.Next);\n        Assert.Equal(403, (ctx.Result as ViewResult)!.StatusCode);\n    }\n}\n",
        "deploy/Deploy-Digitoets.ps1": DEPLOY_PS1,
        ".github/workflows/deploy.yml": WORKFLOW,
        "README.md": "# digitoets\n\nDigital exams at Universiteit Lindeborg: exams in Safe Exam Browser in the\nexam halls and BYOD rooms, attempts and autosave, SEB key checks, grading\nand the Osiris export. Owned by Digitaal Toetsen (CIT).\n\n## Running locally\n\n```\ndotnet run --project src/Digitoets.Web\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
        "CHANGELOG.md": "# Changelog\n\n## 2026.1.22.1\n\n- Exam halls: SEB Browser Exam Keys per exam.\n",
    }
    repo.commit(utc("2026-01-20 08:50:00"), daan, "digitoets: SEB exams, attempts and autosave, key check and capture", files)
    repo.schedule(chores(random.Random(45207), SERVICE, [sanne, yusuf, daan], utc("2026-01-20 11:00:00"), utc("2026-01-28 15:00:00"), 3))
    repo.commit(utc("2026-01-20 13:10:00"), yusuf, "attempts: autosave when the candidate moves to another question (TST-330)", {
        f"{w}/Exams/AttemptsController.cs": repo.edit(f"{w}/Exams/AttemptsController.cs", '    [HttpPut("{id:int}/antwoorden/{item:int}")]', '    /// <summary>Called by the exam page when the candidate leaves a question (and every 2 minutes on the same one).</summary>\n    [HttpPut("{id:int}/antwoorden/{item:int}")]'),
    })
    repo.commit(utc("2026-01-21 10:45:00"), sanne, "seb: compare request hashes in constant time (TST-336)", {
        flt: repo.edit(flt, "        if (!exam.BrowserExamKeys.Any(key => Sha256Hex(url + key) == hash))", "        if (!exam.BrowserExamKeys.Any(key => FixedTimeEquals(Sha256Hex(url + key), hash)))").replace(
            "    private static string Sha256Hex(string s) =>",
            "    private static bool FixedTimeEquals(string a, string b) =>\n        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));\n\n    private static string Sha256Hex(string s) =>"),
    })
    repo.commit(utc("2026-01-22 07:05:00"), bot, "Bump NLog.Web.AspNetCore from 5.3.14 to 5.3.15\n\nBumps [NLog.Web.AspNetCore](https://github.com/NLog/NLog.Web) from 5.3.14 to 5.3.15.", {
        f"{w}/Digitoets.Web.csproj": repo.edit(f"{w}/Digitoets.Web.csproj", 'Include="NLog.Web.AspNetCore" Version="5.3.14"', 'Include="NLog.Web.AspNetCore" Version="5.3.15"'),
    })
    repo.commit(utc("2026-01-23 14:30:00"), yusuf, "results: export final grades to Osiris as CSV for the Toetsbureau (TST-333)", {
        f"{w}/Results/OsirisExport.cs": OSIRIS,
    })
    repo.commit(utc("2026-01-26 09:40:00"), daan, "docs: SEB keys for hall and BYOD exams (TST-338)", {
        "docs/seb.md": SEB_DOC,
    })
    repo.commit(utc("2026-01-27 09:30:00"), sanne, "runbook: 'Toegang geweigerd' in an exam hall (TST-339)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## 'Toegang geweigerd' in an exam hall\n\nAlmost always one PC: the candidate opened Edge instead of the exam\nshortcut, or SEB was started without the hall configuration. Ask the\ninvigilator to restart the PC; it comes back in SEB. If a whole hall is\nrefused, check that the exam's SEB keys are filled in (Beheer > Toetsen >\nSEB-sleutels).\n",
    })
    jan27 = repo.commit(utc("2026-01-27 13:20:00"), daan, "release 2026.1.27.1", {
        f"{w}/Digitoets.Web.csproj": repo.edit(f"{w}/Digitoets.Web.csproj", "<Version>2026.1.22.1</Version>", "<Version>2026.1.27.1</Version>"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 2026.1.27.1\n\n- Autosave on question change (TST-330).\n- Osiris CSV export (TST-333).\n"),
    })
    repo.commit(utc("2026-01-28 10:10:00"), sanne, "seb: accept the SEB Config Key for BYOD exams (TST-341)\n\nBYOD students run whatever SEB version they installed, so a Browser\nExam Key per exam never matched everyone. For exams with SebMode.ConfigKey\nwe check X-SafeExamBrowser-ConfigKeyHash against the key of the exam's\n.seb file, which does not change with the SEB version. Hall exams keep\ntheir Browser Exam Keys. Needed for 1ZV50 on Thursday.", {
        flt: repo.edit(flt,
            "        var req = ctx.HttpContext.Request;\n        var hash = req.Headers[\"X-SafeExamBrowser-RequestHash\"].ToString();\n",
            "        var req = ctx.HttpContext.Request;\n        var byod = exam.SebMode == SebMode.ConfigKey;\n        var hash = req.Headers[byod ? \"X-SafeExamBrowser-ConfigKeyHash\" : \"X-SafeExamBrowser-RequestHash\"].ToString();\n").replace(
            "        if (!exam.BrowserExamKeys.Any(key => FixedTimeEquals(Sha256Hex(url + key), hash)))",
            "        var keys = byod ? exam.ConfigKeys : exam.BrowserExamKeys;\n        if (!keys.Any(key => FixedTimeEquals(Sha256Hex(url + key), hash)))"),
        f"{w}/Data/Migrations/20260128_SebConfigKeys.sql": "ALTER TABLE dbo.Exams ADD SebMode tinyint NOT NULL CONSTRAINT DF_Exams_SebMode DEFAULT 1;\nCREATE TABLE dbo.ExamSebConfigKeys (\n  ExamId int NOT NULL REFERENCES dbo.Exams(Id),\n  ConfigKey char(64) NOT NULL,\n  AddedBy nvarchar(64) NOT NULL,\n  AddedAt datetime2 NOT NULL DEFAULT sysutcdatetime(),\n  PRIMARY KEY (ExamId, ConfigKey)\n);\n",
    })
    repo.commit(utc("2026-01-28 11:05:00"), sanne, "test: Config Key hashes for BYOD exams (TST-341)", {
        "tests/Digitoets.Tests/SebKeyFilterTests.cs": repo.edit("tests/Digitoets.Tests/SebKeyFilterTests.cs", "    [Fact]\n    public async Task HallExamRefusesUnknownKey()",
            "    [Fact]\n    public async Task ByodExamAcceptsConfigKeyWithAnySebVersion()\n    {\n        var ctx = Fixtures.ExamRequest(\"https://digitoets.lindeborg.nl/toets/byod\", configKey: Fixtures.ByodConfigKey, sebVersion: \"3.9.0\");\n        await new SebKeyFilter(Fixtures.Exams(), Fixtures.Log).OnActionExecutionAsync(ctx, Fixtures.Next);\n        Assert.Null(ctx.Result);\n    }\n\n    [Fact]\n    public async Task HallExamRefusesUnknownKey()"),
    })
    repo.commit(utc("2026-01-28 15:45:00"), yusuf, "seb: log rejected requests with the SEB version, hall and key count (TST-344)\n\nThe Toetsbureau asks every time whether a refusal was one student or a\nroom; the old line only had the exam.", {
        flt: repo.edit(flt,
            "            _log.LogWarning(\"SEB check failed for exam {Exam}: no SEB headers\", exam.Code);",
            "            _log.LogWarning(\"SEB required for exam {Exam} but the request has no SEB headers (route {Route})\", exam.Code, req.Path);").replace(
            "            _log.LogWarning(\"SEB check failed for exam {Exam}: request hash matches no allowed key\", exam.Code);",
            "            var seb = SebUserAgent.Parse(req.Headers.UserAgent.ToString());\n            if (byod)\n                _log.LogWarning(\"SEB config key not allowed for exam {Exam}: {Count} keys registered; SEB {Version} ({Arch})\", exam.Code, keys.Count, seb.Version, seb.Arch);\n            else\n                _log.LogWarning(\"SEB browser exam key not allowed for exam {Exam} ({Hall}): 0 of {Count} keys match; SEB {Version} ({Arch}); route {Route}\", exam.Code, exam.Hall, keys.Count, seb.Version, seb.Arch, req.Path);"),
    })
    repo.commit(utc("2026-01-29 05:10:00"), bot, "Bump Microsoft.AspNetCore.Authentication.OpenIdConnect from 8.0.11 to 8.0.12", {
        f"{w}/Digitoets.Web.csproj": repo.edit(f"{w}/Digitoets.Web.csproj", 'Include="Microsoft.AspNetCore.Authentication.OpenIdConnect" Version="8.0.11"', 'Include="Microsoft.AspNetCore.Authentication.OpenIdConnect" Version="8.0.12"'),
    })
    head = repo.commit(utc("2026-01-29 06:40:00"), daan, "release 2026.1.29.1", {
        f"{w}/Digitoets.Web.csproj": repo.edit(f"{w}/Digitoets.Web.csproj", "<Version>2026.1.27.1</Version>", "<Version>2026.1.29.1</Version>"),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 2026.1.29.1\n\n- BYOD exams: SEB Config Key (TST-341).\n- Rejected SEB requests logged with version, hall and key count (TST-344).\n- OpenIdConnect 8.0.12.\n"),
    })
    repo.commit(utc("2026-01-29 09:10:00"), daan, "runbook: after an SEB update on the hall PCs, capture the new browser exam key (TST-350)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Whole hall refused after an SEB update\n\n`SEB browser exam key not allowed ... 0 of n keys match; SEB <new version>`\nfor every PC of a hall: Werkplekbeheer updated SEB and the hall's Browser\nExam Key changed. Capture the new key on one hall PC (Beheer >\nSEB-sleutel vastleggen) and add it to the day's hall exams. Werkplekbeheer\nannounces SEB updates to the Toetsbureau from now on (29 January).\n",
    })
    return repo, {"jan27": jan27, "head": head}


# ---------------------------------------------------------------------------
# the morning

def build_logs(rng, shas):
    app = {s: Log(f"digitoets-{s.lower()}.log") for s in SERVERS}
    iis = {s: Log(f"iis-{s.lower()}.log") for s in SERVERS}
    cm, topdesk, gha, teams = Log("AppEnforce-TH-SC2-117.log"), Log("topdesk-changes.log"), Log("github-actions-deploy.log"), Log("teams-toetsafname-live.log")
    stats = {"checks": [], "starts": [], "onset": None, "refused_candidates": set()}

    def inwin(t):
        return START <= t < END

    # which release serves when
    def version_at(t):
        if t < RELEASE + dt.timedelta(seconds=150):
            return "old"
        if ROLLBACK + dt.timedelta(seconds=60) <= t < FORWARD + dt.timedelta(seconds=150):
            return "old"
        return "new"

    def nlog(server, t, level, logger, msg):
        if inwin(t):
            app[server].add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 100:04d}|{level}|{logger}|{msg}")

    def w3c(server, t, method, stem, query, status, taken, xff, ua, referer="-", sub=0, win32=0):
        if inwin(t):
            iis[server].add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')} {SERVERS[server]} {method} {stem} {query or '-'} 443 - {SNIP} {ua} {referer} {status} {sub} {win32} {taken} {xff}")

    for s in SERVERS:
        first = START - dt.timedelta(hours=5, minutes=44, seconds=57)
        iis[s].entries.append((first, -4, "#Software: Microsoft Internet Information Services 10.0"))
        iis[s].entries.append((first, -3, "#Version: 1.0"))
        iis[s].entries.append((first, -2, f"#Date: 2026-01-29 00:00:03"))
        iis[s].entries.append((first, -1, "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken X-Forwarded-For"))

    BASE = "https://digitoets.lindeborg.nl"
    FILTER = "Digitoets.Web.Seb.SebKeyFilter"

    # ------------------------------------------------------------------ candidates
    cands = []
    used = set()
    for hall, (hname, exam, n, net) in HALLS.items():
        pcs = rng.sample(range(1, 300 if hall == "SC2" else 180), n)
        for pc in pcs:
            while True:
                s_no = f"s{rng.randint(2100000, 2499999)}"
                if s_no not in used:
                    used.add(s_no)
                    break
            cands.append({"user": s_no, "hall": hall, "exam": exam, "ip": f"{net}.{pc % 250 + 2}" if hall == "AUD" else f"{net[:-2]}{40 + pc // 250}.{pc % 250 + 2}",
                          "pc": f"TH-{hall}-{pc:03d}", "server": rng.choice(list(SERVERS)), "ua": UA_HALL})
    for i in range(BYOD[2]):
        while True:
            s_no = f"s{rng.randint(2100000, 2499999)}"
            if s_no not in used:
                used.add(s_no)
                break
        cands.append({"user": s_no, "hall": "BYOD", "exam": BYOD[1], "ip": f"10.83.{rng.randint(16, 23)}.{rng.randint(2, 250)}", "pc": None,
                      "server": rng.choice(list(SERVERS)), "ua": rng.choice(UA_BYOD)})

    def check(server, t, c, route, ok_status=200, taken=None):
        """One exam route request through the SEB filter; returns True when it passed."""
        v = version_at(t)
        hall = c["hall"]
        if hall == "BYOD":
            passed = v == "new"
        else:
            passed = t >= KEYS_ADDED[c["exam"]]
        status = ok_status if passed else 403
        method, path = route.split(" ", 1) if " " in route else ("GET", route)
        w3c(server, t, method, path, None, status, taken or rng.randint(15, 90), c["ip"], c["ua"], referer=f"{BASE}/")
        if not passed:
            tl = t - dt.timedelta(milliseconds=rng.randint(3, 12))
            if v == "new":
                if hall == "BYOD":
                    nlog(server, tl, "WARN", FILTER, f"SEB config key not allowed for exam {c['exam']}: 1 keys registered; SEB {seb_ver(c)} ({seb_arch(c)})")
                else:
                    nlog(server, tl, "WARN", FILTER, f"SEB browser exam key not allowed for exam {c['exam']} ({HALLS[hall][0]}): 0 of 2 keys match; SEB 3.10.1 (x64); route {path}")
            else:
                nlog(server, tl, "WARN", FILTER, f"SEB check failed for exam {c['exam']}: request hash matches no allowed key")
            stats["checks"].append((t, "refused_hall" if hall != "BYOD" else "refused_byod"))
            if hall != "BYOD" and stats["onset"] is None:
                stats["onset"] = t
            stats["refused_candidates"].add(c["user"])
        else:
            stats["checks"].append((t, "ok"))
        return passed

    def seb_ver(c):
        return c["ua"].split("SEB/")[1].split("+")[0]

    def seb_arch(c):
        return "x64" if "(x64)" in c["ua"] else "arm64" if "Macintosh" in c["ua"] else "x86"

    def static(server, t, c):
        for path in ("/css/site.min.css", "/js/toets.min.js"):
            t = t + dt.timedelta(milliseconds=rng.randint(30, 120))
            w3c(server, t, "GET", f"/digitoets{path}", "v=3kQ1-x9Pz", 200, rng.randint(0, 4), c["ip"], c["ua"], referer=f"{BASE}/")

    def sign_in(server, t, c):
        w3c(server, t, "GET", "/digitoets/account/login", "returnUrl=%2Ftoets%2Fhal" if c["hall"] != "BYOD" else "returnUrl=%2Ftoets%2Fbyod", 302, rng.randint(4, 12), c["ip"], c["ua"], referer=f"{BASE}/")
        t2 = t + dt.timedelta(seconds=rng.uniform(6, 25))   # at SURFconext
        w3c(server, t2, "POST", "/digitoets/signin-oidc", None, 302, rng.randint(60, 190), c["ip"], c["ua"], referer="https://engine.surfconext.nl/")
        nlog(server, t2 + dt.timedelta(milliseconds=rng.randint(20, 60)), "INFO", "Digitoets.Web.Auth.SurfconextEvents", f"candidate {c['user']} signed in via SURFconext (lindeborg.nl)")
        return t2 + dt.timedelta(milliseconds=rng.randint(200, 500))

    # ------------------------------------------------------------------ hall PCs boot into SEB
    for c in cands:
        if c["hall"] == "BYOD":
            continue
        tb = PCS_BOOT + dt.timedelta(seconds=rng.uniform(0, 720))
        w3c(c["server"], tb, "GET", "/digitoets/", None, 200, rng.randint(20, 60), c["ip"], c["ua"])
        static(c["server"], tb, c)
        c["boot"] = tb

    # the coordinator's test login in Sportcentrum hal 2 (test account)
    tc = {"user": "tst-surv-sc2", "hall": "SC2", "exam": HALLS["SC2"][1], "ip": "10.81.40.2", "pc": "TH-SC2-001", "server": "WEB01", "ua": UA_HALL}
    sign_in("WEB01", TEST_LOGIN - dt.timedelta(seconds=40), tc)
    check("WEB01", TEST_LOGIN, tc, "/digitoets/toets/hal")
    check("WEB01", TEST_LOGIN + dt.timedelta(seconds=21), tc, "/digitoets/toets/hal")

    # ------------------------------------------------------------------ candidates sign in
    for c in cands:
        server = c["server"]
        if c["hall"] == "BYOD":
            t = utc("2026-01-29 07:38:00") + dt.timedelta(seconds=rng.uniform(0, 1260))
            w3c(server, t - dt.timedelta(seconds=3), "GET", "/digitoets/toets/byod/start.seb", None, 200, rng.randint(5, 20), c["ip"], rng.choice(UA_BROWSERS[:3]))
            t = sign_in(server, t, c)
        else:
            t = LOGINS_FROM + dt.timedelta(seconds=rng.triangular(0, 1800, 1200))
            t = sign_in(server, t, c)
        tries = 0
        while t < END:
            passed = check(server, t, c, "/digitoets/toets/hal" if c["hall"] != "BYOD" else "/digitoets/toets/byod")
            if passed:
                break
            tries += 1
            # "Opnieuw proberen", a restart of SEB by an invigilator, or waiting for news
            if c["hall"] == "BYOD":
                gap = rng.uniform(20, 120)
            elif t < utc("2026-01-29 07:58:00"):
                gap = rng.uniform(30, 300) if tries < 4 else rng.uniform(240, 600)
            else:
                gap = rng.uniform(180, 700)
            t = t + dt.timedelta(seconds=gap)
            if c["hall"] != "BYOD" and t >= KEYS_ADDED[c["exam"]] and t < HALL_GO:
                t = KEYS_ADDED[c["exam"]] + dt.timedelta(seconds=rng.uniform(40, (HALL_GO - KEYS_ADDED[c["exam"]]).total_seconds()))
            if c["hall"] != "BYOD" and rng.random() < 0.08 and t < utc("2026-01-29 07:58:00"):
                # the invigilator restarts SEB on this PC, as the runbook says
                w3c(server, t, "GET", "/digitoets/", None, 200, rng.randint(20, 60), c["ip"], c["ua"])
                static(server, t, c)
                t = sign_in(server, t + dt.timedelta(seconds=2), c)
        c["in"] = t
        # start the attempt: BYOD at 08:00, halls when the invigilators say go
        if c["hall"] == "BYOD":
            ts = max(t + dt.timedelta(seconds=rng.uniform(5, 40)), BYOD_START + dt.timedelta(seconds=rng.uniform(25, 170)))
        else:
            ts = max(t + dt.timedelta(seconds=rng.uniform(5, 40)), HALL_GO + dt.timedelta(seconds=rng.uniform(0, 420)))
        if ts >= END:
            continue
        if check(server, ts, c, "POST /digitoets/api/pogingen", ok_status=200, taken=rng.randint(60, 180)):
            aid = rng.randint(731000, 739999)
            c["attempt"] = aid
            nlog(server, ts + dt.timedelta(milliseconds=20), "INFO", "Digitoets.Web.Exams.AttemptsController", f"attempt {aid} started for {c['user']} in exam {c['exam']}")
            stats["starts"].append((ts, "byod" if c["hall"] == "BYOD" else "hall"))
            # autosave: every question change, every 2 minutes on the same one
            t = ts + dt.timedelta(seconds=rng.uniform(30, 120))
            item = 1
            while t < END:
                check(server, t, c, f"PUT /digitoets/api/pogingen/{aid}/antwoorden/{item}", ok_status=204, taken=rng.randint(12, 45))
                if rng.random() < 0.7:
                    item += 1
                t = t + dt.timedelta(seconds=rng.uniform(80, 330))

    # ------------------------------------------------------------------ everyone else
    def browser_ip():
        return rng.choice([f"145.{rng.randint(90, 130)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"84.{rng.randint(80, 110)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"10.82.{rng.randint(0, 31)}.{rng.randint(2, 250)}"])

    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(2.4 / 60))
        if t >= END:
            break
        server = rng.choice(list(SERVERS))
        ua = rng.choice(UA_BROWSERS)
        x = rng.random()
        cip = browser_ip()
        if x < 0.35:
            ex = rng.choice(['2WBB0', '1CV00', '3NAB0', '2MMA40'])
            w3c(server, t, "GET", f"/digitoets/inzage/{ex}-20260122", None, 200, rng.randint(40, 220), cip, ua)
            if rng.random() < 0.6:
                nlog(server, t - dt.timedelta(milliseconds=rng.randint(10, 40)), "INFO", "Digitoets.Web.Review.InzageController", f"inzage {ex}-20260122 opened by s{rng.randint(2000000, 2499999)} ({rng.randint(8, 16)} questions, grade released 2026-01-27)")
        elif x < 0.65:
            w3c(server, t, "GET", f"/digitoets/nakijken/{rng.choice(['2WBB0', '1CV00', '3NAB0'])}-20260122/vraag/{rng.randint(1, 14)}", None, 200, rng.randint(60, 380), cip, rng.choice(UA_BROWSERS[:3]))
        elif x < 0.85:
            w3c(server, t, "POST", f"/digitoets/api/nakijken/scores", None, 204, rng.randint(20, 80), cip, rng.choice(UA_BROWSERS[:3]))
            if rng.random() < 0.8:
                nlog(server, t, "INFO", "Digitoets.Web.Grading.ScoresController", f"score saved for {rng.choice(['2WBB0', '1CV00', '3NAB0'])}-20260122 question {rng.randint(1, 14)} by {rng.choice(['m.smit', 'j.vandenberg', 'p.meijer', 'a.bakker', 'r.visser'])}")
        elif x < 0.93:
            w3c(server, t, "GET", "/digitoets/account/login", "returnUrl=%2Finzage", 302, rng.randint(4, 12), cip, ua)
            nlog(server, t + dt.timedelta(seconds=rng.uniform(8, 20)), "INFO", "Digitoets.Web.Auth.SurfconextEvents", f"{'candidate s' + str(rng.randint(2000000, 2499999)) if rng.random() < 0.7 else 'staff ' + rng.choice(['m.smit', 'j.vandenberg', 'p.meijer', 'f.dejong'])} signed in via SURFconext (lindeborg.nl)")
        else:
            # a student opens an exam page in a normal browser (at home, on a phone)
            ex = rng.choice([HALLS["SC2"][1], HALLS["AUD"][1], BYOD[1]])
            route = "/digitoets/toets/hal" if ex != BYOD[1] else "/digitoets/toets/byod"
            w3c(server, t, "GET", route, None, 403, rng.randint(10, 30), cip, ua)
            if version_at(t) == "new":
                nlog(server, t - dt.timedelta(milliseconds=5), "WARN", FILTER, f"SEB required for exam {ex} but the request has no SEB headers (route {route})")
            else:
                nlog(server, t - dt.timedelta(milliseconds=5), "WARN", FILTER, f"SEB check failed for exam {ex}: no SEB headers")
            stats["checks"].append((t, "no_headers"))
    # the exam scheduler's status line on each server
    for s_ in SERVERS:
        t = START + dt.timedelta(seconds=rng.uniform(60, 300))
        while t < END:
            nlog(s_, t, "INFO", "Digitoets.Web.Exams.ExamScheduler", "today: 2IAB0-20260129 08:00Z hall (Sportcentrum hal 2, 280), 4EM30-20260129 08:00Z hall (Auditorium toetshal, 160), 1ZV50-20260129 08:00Z byod (Collegezaal 3, 64); 2 hall exams 12:30Z")
            if rng.random() < 0.5:
                nlog(s_, t + dt.timedelta(milliseconds=rng.randint(100, 900)), "INFO", "Digitoets.Web.Infrastructure.SessionCleanup", f"removed {rng.randint(3, 60)} expired sessions")
            t += dt.timedelta(minutes=10, seconds=rng.uniform(-2, 2))
    # NetScaler monitors
    for s in SERVERS:
        t = START + dt.timedelta(seconds=rng.uniform(0, 30))
        while t < END:
            w3c(s, t, "GET", "/digitoets/health", None, 200, rng.randint(0, 3), "-", "NetScaler-Monitor/13.1")
            t += dt.timedelta(seconds=30)
    # the nightly Osiris export's retry (the 05:00 run timed out) and a transient SQL deadlock
    nlog("WEB01", (utc("2026-01-29 06:00:02") + dt.timedelta(milliseconds=412)), "INFO", "Digitoets.Web.Results.OsirisExport", "Osiris export started: 3 exams closed since 2026-01-28")
    nlog("WEB01", (utc("2026-01-29 06:00:09") + dt.timedelta(milliseconds=118)), "INFO", "Digitoets.Web.Results.OsirisExport", "Osiris export written: \\\\fs-osiris\\import\\digitoets\\20260129-0600.csv (1284 results)")
    nlog("WEB02", (utc("2026-01-29 07:02:41") + dt.timedelta(milliseconds=530)), "WARN", "Microsoft.EntityFrameworkCore.Database.Connection", "A transient exception occurred during execution. The operation will be retried after 1123ms. Microsoft.Data.SqlClient.SqlException (0x80131904): Transaction (Process ID 87) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.")

    # ------------------------------------------------------------------ the Toetsbureau captures the 3.10.1 key
    cap_t = utc("2026-01-29 08:11:40")
    w3c("WEB02", cap_t - dt.timedelta(seconds=30), "GET", "/digitoets/account/login", "returnUrl=%2Fbeheer%2Fseb%2Fsleutel-vastleggen", 302, 9, "10.81.40.119", UA_HALL)
    nlog("WEB02", cap_t - dt.timedelta(seconds=18), "INFO", "Digitoets.Web.Auth.SurfconextEvents", "staff f.dejong signed in via SURFconext (lindeborg.nl)")
    w3c("WEB02", cap_t, "GET", "/digitoets/beheer/seb/sleutel-vastleggen", None, 200, 38, "10.81.40.119", UA_HALL)
    bek = hashlib.sha256(b"SEB 3.10.1.812 x64 UL-Toetshal-2025.seb").hexdigest()
    nlog("WEB02", cap_t + dt.timedelta(milliseconds=30), "INFO", "Digitoets.Web.Seb.SebKeyCaptureController", f"browser exam key captured on TH-SC2-117 by f.dejong: SEB 3.10.1 (x64), key {bek[:12]}...")
    for exam, ta in KEYS_ADDED.items():
        exam_id = 20417 if exam.startswith("2IAB0") else 20422
        w3c("WEB02", ta, "POST", f"/digitoets/beheer/seb/toetsen/{exam_id}/sleutels", None, 302, 51, "10.81.40.119", UA_HALL)
        nlog("WEB02", ta - dt.timedelta(milliseconds=8), "INFO", "Digitoets.Web.Seb.SebKeyCaptureController", f"allowed browser exam key added to exam {exam_id} by f.dejong: SEB 3.10.1 x64 toetshallen ({exam})")

    # ------------------------------------------------------------------ releases: app start/stop lines and GitHub Actions runs
    def restart(server, t, version, sha):
        nlog(server, t, "INFO", "Microsoft.Hosting.Lifetime", "Application is shutting down...")
        t2 = t + dt.timedelta(seconds=rng.uniform(14, 22))
        nlog(server, t2, "INFO", "Digitoets.Web.Program", f"digitoets {version} (commit {sha[:7]}) starting on UL-DIGITOETS-{server}")
        nlog(server, t2 + dt.timedelta(seconds=1.9), "INFO", "Microsoft.Hosting.Lifetime", "Application started. Press Ctrl+C to shut down.")
        nlog(server, t2 + dt.timedelta(seconds=1.9, milliseconds=1), "INFO", "Microsoft.Hosting.Lifetime", "Hosting environment: Production")
        nlog(server, t2 + dt.timedelta(seconds=1.9, milliseconds=2), "INFO", "Microsoft.Hosting.Lifetime", "Content root path: D:\\inetpub\\digitoets")
        w3c(server, t2 + dt.timedelta(seconds=3.2), "GET", "/digitoets/health", None, 200, 2114, "-", "Mozilla/5.0+(Windows+NT;+Windows+NT+10.0;+en-US)+WindowsPowerShell/5.1.20348.2849")

    def gh(t, text):
        gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond * 10 + rng.randint(0, 9):07d}Z {text}")

    def run(t, number, version, sha, who):
        t = t + dt.timedelta(microseconds=rng.randint(0, 999999))
        gh(t, "Current runner version: '2.321.0'")
        gh(t + dt.timedelta(milliseconds=2), "Runner name: 'UL-DEPLOY-01'")
        gh(t + dt.timedelta(milliseconds=3), "Runner group name: 'Default'")
        gh(t + dt.timedelta(milliseconds=4), "Machine name: 'UL-DEPLOY-01'")
        gh(t + dt.timedelta(milliseconds=40), f"##[group]Run details: deploy #{number} (workflow_dispatch) by {who}, inputs: version={version}")
        gh(t + dt.timedelta(milliseconds=41), "##[endgroup]")
        gh(t + dt.timedelta(seconds=1), "##[group]Run actions/checkout@v4")
        gh(t + dt.timedelta(seconds=3), f"[command]\"C:\\Program Files\\Git\\bin\\git.exe\" checkout --progress --force -B main refs/remotes/origin/main")
        gh(t + dt.timedelta(seconds=3, milliseconds=400), "Switched to a new branch 'main'")
        gh(t + dt.timedelta(seconds=3, milliseconds=500), f"[command]\"C:\\Program Files\\Git\\bin\\git.exe\" log -1 --format=%H")
        gh(t + dt.timedelta(seconds=3, milliseconds=560), sha)
        gh(t + dt.timedelta(seconds=3, milliseconds=600), "##[endgroup]")
        gh(t + dt.timedelta(seconds=4), "##[group]Run actions/download-artifact@v4")
        gh(t + dt.timedelta(seconds=6), f"Artifact digitoets-{version} was downloaded to D:\\a\\digitoets\\digitoets\\artifacts")
        gh(t + dt.timedelta(seconds=6, milliseconds=100), "##[endgroup]")
        gh(t + dt.timedelta(seconds=7), f"##[group]Run ./deploy/Deploy-Digitoets.ps1 -Version {version}")
        gh(t + dt.timedelta(seconds=7, milliseconds=10), f"./deploy/Deploy-Digitoets.ps1 -Version {version}")
        gh(t + dt.timedelta(seconds=7, milliseconds=20), "shell: C:\\Program Files\\PowerShell\\7\\pwsh.EXE -command \". '{0}'\"")
        gh(t + dt.timedelta(seconds=7, milliseconds=30), "##[endgroup]")
        tt = t + dt.timedelta(seconds=8)
        for server in ("WEB02", "WEB01"):
            host = f"ul-digitoets-{server.lower()}"
            gh(tt, f"Disabling {host} on NetScaler (lb_digitoets_https)...")
            tt += dt.timedelta(seconds=31)
            gh(tt, f"Stopping app pool Digitoets on {host}")
            restart(server, tt + dt.timedelta(seconds=1), version, sha)
            tt += dt.timedelta(seconds=4)
            gh(tt, f"Info: Using ID '{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}' for connections to the remote server.")
            gh(tt + dt.timedelta(seconds=1), "Info: Updating file (Default Web Site/digitoets\\Digitoets.Web.dll).")
            gh(tt + dt.timedelta(seconds=1, milliseconds=20), "Info: Updating file (Default Web Site/digitoets\\Digitoets.Web.pdb).")
            gh(tt + dt.timedelta(seconds=1, milliseconds=40), "Info: Updating file (Default Web Site/digitoets\\wwwroot\\js\\toets.min.js).")
            gh(tt + dt.timedelta(seconds=6), f"Total changes: {rng.randint(30, 45)} (0 added, 0 deleted, {rng.randint(30, 45)} updated, 0 parameters changed, {rng.randint(3900000, 4400000)} bytes copied)")
            tt += dt.timedelta(seconds=15)
            gh(tt, f"Warm-up https://{host}/digitoets/health -> 200 ({rng.uniform(1.8, 2.6):.1f} s)")
            gh(tt + dt.timedelta(seconds=1), f"Enabling {host} on NetScaler")
            tt += dt.timedelta(seconds=3)
        gh(tt, "##[group]Run Post Run actions/checkout@v4")
        gh(tt + dt.timedelta(milliseconds=500), "##[endgroup]")
        gh(tt + dt.timedelta(seconds=1), "Cleaning up orphan processes")
        return tt

    run(utc("2026-01-27 14:02:10"), 411, "2026.1.27.1", shas["jan27"], "Daan Verbeek")
    run(RELEASE, 412, "2026.1.29.1", shas["head"], "Daan Verbeek")
    run(ROLLBACK, 413, "2026.1.27.1", shas["jan27"], "Daan Verbeek")
    run(FORWARD, 414, "2026.1.29.1", shas["head"], "Daan Verbeek")

    # ------------------------------------------------------------------ ConfigMgr on hall PC TH-SC2-117 (local time, bias -60)
    def cmt(t, text, type_=1, thread=5412, file_="appprovider.cpp:1661"):
        local = t + dt.timedelta(hours=1)
        cm.add(t, f"<![LOG[{text}]LOG]!><time=\"{local.strftime('%H:%M:%S.')}{local.microsecond // 1000:03d}-60\" date=\"{local.strftime('%m-%d-%Y')}\" component=\"AppEnforce\" context=\"\" type=\"{type_}\" thread=\"{thread}\" file=\"{file_}\">")

    scope = "ScopeId_4C2E91A7-3B0D-4F6A-9E15-7D82C0B4A31F"
    dt_old = f"{scope}/DeploymentType_1b6f0d3e-88a2-4c57-b2f1-6a0c9e47d215"
    dt_new = f"{scope}/DeploymentType_9e3a7c21-5d44-4b8e-a0f6-2c1d8b7e9054"
    t0 = (utc("2026-01-26 02:04:12") + dt.timedelta(milliseconds=208))
    cmt(t0, f"+++ Starting Install enforcement for App DT \"Microsoft Edge WebView2 Runtime 132.0.2957.127\" ApplicationDeliveryType - {scope}/DeploymentType_55aa2f10-0c3e-4d1b-9a77-e81c6f2b4d09, Revision - 4, ContentPath - C:\\WINDOWS\\ccmcache\\1b, Execution Context - System")
    cmt(t0 + dt.timedelta(milliseconds=40), "    Performing detection of app deployment type Microsoft Edge WebView2 Runtime 132.0.2957.127(" + scope + "/DeploymentType_55aa2f10-0c3e-4d1b-9a77-e81c6f2b4d09, revision 4) for system.", file_="appprovider.cpp:2148")
    cmt(t0 + dt.timedelta(seconds=38), "++++++ App enforcement completed (38 seconds) for App DT \"Microsoft Edge WebView2 Runtime 132.0.2957.127\" [" + scope + "/DeploymentType_55aa2f10-0c3e-4d1b-9a77-e81c6f2b4d09], Revision: 4, User SID: ] ++++++", file_="appprovider.cpp:1706")
    t1 = (utc("2026-01-29 02:07:41") + dt.timedelta(milliseconds=512))
    cmt(t1, f"+++ Starting Install enforcement for App DT \"Safe Exam Browser 3.10.1 (x64) - Windows Installer (*.msi file)\" ApplicationDeliveryType - {dt_new}, Revision - 2, ContentPath - C:\\WINDOWS\\ccmcache\\1d, Execution Context - System")
    cmt(t1 + dt.timedelta(milliseconds=31), f"    Performing detection of app deployment type Safe Exam Browser 3.10.1 (x64) - Windows Installer (*.msi file)({dt_new}, revision 2) for system.", file_="appprovider.cpp:2148")
    cmt(t1 + dt.timedelta(milliseconds=95), "+++ Application not discovered. [AppDT Id: " + dt_new + ", Revision: 2]", file_="appprovider.cpp:1232")
    cmt(t1 + dt.timedelta(milliseconds=170), "    App enforcement environment: \n\tContext: Machine\n\tCommand line: msiexec /i \"SEB_3.10.1.812_SetupBundle_x64.msi\" /qn /norestart REBOOT=ReallySuppress\n\tAllow user interaction: No\n\tUI mode: 0\n\tUser token: null\n\tSession Id: 4294967295\n\tContent path: C:\\WINDOWS\\ccmcache\\1d\n\tWorking directory: ", file_="appcontext.cpp:86")
    cmt(t1 + dt.timedelta(milliseconds=260), "    Prepared working directory: C:\\WINDOWS\\ccmcache\\1d", file_="appcontext.cpp:189")
    cmt(t1 + dt.timedelta(milliseconds=300), "    Detected the superseded application Safe Exam Browser 3.9.0 (x64) - Windows Installer (*.msi file) [" + dt_old + "]; it is uninstalled by the installer (upgrade code match).", file_="appprovider.cpp:1010")
    cmt(t1 + dt.timedelta(milliseconds=410), "    Executing Command line: \"C:\\WINDOWS\\system32\\msiexec.exe\" /i \"SEB_3.10.1.812_SetupBundle_x64.msi\" /qn /norestart REBOOT=ReallySuppress with system context", file_="appexcnlib.cpp:205")
    cmt(t1 + dt.timedelta(milliseconds=520), "    Working directory C:\\WINDOWS\\ccmcache\\1d", file_="appexcnlib.cpp:219")
    cmt(t1 + dt.timedelta(milliseconds=640), "    Post install behavior is BasedOnExitCode", file_="appcommon.cpp:1161")
    cmt(t1 + dt.timedelta(milliseconds=700), "    Waiting for process 7316 to finish.  Timeout = 120 minutes.", file_="appexcnlib.cpp:2086")
    cmt(t1 + dt.timedelta(seconds=49, milliseconds=210), "    Process 7316 terminated with exitcode: 0", file_="appexcnlib.cpp:2095")
    cmt(t1 + dt.timedelta(seconds=49, milliseconds=260), "    Looking for exit code 0 in exit codes table...", file_="appexcnlib.cpp:510")
    cmt(t1 + dt.timedelta(seconds=49, milliseconds=270), "    Matched exit code 0 to a Success entry in exit codes table.", file_="appexcnlib.cpp:589")
    cmt(t1 + dt.timedelta(seconds=49, milliseconds=300), f"    Performing detection of app deployment type Safe Exam Browser 3.10.1 (x64) - Windows Installer (*.msi file)({dt_new}, revision 2) for system.", file_="appprovider.cpp:2148")
    cmt(t1 + dt.timedelta(seconds=49, milliseconds=380), "+++ Discovered application [AppDT Id: " + dt_new + ", Revision: 2]", file_="msiprovider.cpp:322")
    cmt(t1 + dt.timedelta(seconds=49, milliseconds=420), "++++++ App enforcement completed (49 seconds) for App DT \"Safe Exam Browser 3.10.1 (x64) - Windows Installer (*.msi file)\" [" + dt_new + "], Revision: 2, User SID: ] ++++++", file_="appprovider.cpp:1706")

    # ------------------------------------------------------------------ TOPdesk change log
    def change(stamp, number, brief, ctype, status, operator, planned, note):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        topdesk.add(t, json.dumps({"modificationDate": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+0000", "number": number, "briefDescription": brief,
                                   "changeType": ctype, "status": status, "operator": operator, "plannedImplementationDate": planned, "progressTrail": note}, ensure_ascii=False))

    change("2026-01-20 10:12:00", "CH-2601-0109", "Firmware-update core switches gebouw 28 (Vertigo)", "Normal", "Goedgekeurd", "Netwerkbeheer - K. Jansen", "2026-01-27T22:00:00Z", "CAB 20-01: akkoord, buiten onderwijstijd")
    change("2026-01-21 14:40:00", "CH-2601-0114", "Windows cumulatieve update januari, werkplekken (toetshallen uitgezonderd tot 30-01)", "Standard", "Gepland", "Werkplekbeheer - R. Hendriks", "2026-01-27T19:00:00Z", "Toetshallen pas na de tentamenweek")
    change("2026-01-22 09:05:00", "CH-2601-0117", "Safe Exam Browser 3.10.1 uitrollen naar de toetshallen (SCCM, collectie UL - Toetshallen)", "Standard", "Geregistreerd", "Werkplekbeheer - R. Hendriks", "2026-01-29T02:00:00Z", "Vervangt SEB 3.9.0. Leverancier: security- en stabiliteitsupdate.")
    change("2026-01-22 15:30:00", "CH-2601-0117", "Safe Exam Browser 3.10.1 uitrollen naar de toetshallen (SCCM, collectie UL - Toetshallen)", "Standard", "Goedgekeurd", "Werkplekbeheer - R. Hendriks", "2026-01-29T02:00:00Z", "CAB 22-01: standaardwijziging, laag risico, geen impact op gebruikers verwacht")
    change("2026-01-27 22:48:00", "CH-2601-0109", "Firmware-update core switches gebouw 28 (Vertigo)", "Normal", "Uitgevoerd", "Netwerkbeheer - K. Jansen", "2026-01-27T22:00:00Z", "Beide switches op 17.12.4, geen storingen")
    change("2026-01-28 09:30:00", "CH-2601-0120", "Printerdriver Xerox AltaLink C8200 serie, alle werkplekken", "Standard", "Gepland", "Werkplekbeheer - M. de Wit", "2026-01-30T06:00:00Z", "")
    change("2026-01-28 16:02:00", "CH-2601-0117", "Safe Exam Browser 3.10.1 uitrollen naar de toetshallen (SCCM, collectie UL - Toetshallen)", "Standard", "In uitvoering", "Werkplekbeheer - R. Hendriks", "2026-01-29T02:00:00Z", "Deployment aangemaakt, deadline 29-01 03:00, wake-on-LAN aan")
    change("2026-01-29 04:55:00", "CH-2601-0121", "SURFconext: gepland onderhoud (extern, SURF)", "Normal", "Uitgevoerd", "IAM - S. Brouwer", "2026-01-29T05:00:00Z", "SURF meldt onderhoud 06:00-06:30 afgerond")
    change("2026-01-29 05:12:00", "CH-2601-0117", "Safe Exam Browser 3.10.1 uitrollen naar de toetshallen (SCCM, collectie UL - Toetshallen)", "Standard", "Uitgevoerd", "Werkplekbeheer - R. Hendriks", "2026-01-29T02:00:00Z", "598 van 612 apparaten compliant, 14 uit (worden bij opstarten bijgewerkt)")
    change("2026-01-29 08:41:00", "CH-2601-0117", "Safe Exam Browser 3.10.1 uitrollen naar de toetshallen (SCCM, collectie UL - Toetshallen)", "Standard", "Uitgevoerd", "Werkplekbeheer - R. Hendriks", "2026-01-29T02:00:00Z", "Incident I2601-2291: Browser Exam Key van de toetshallen veranderd; Toetsbureau heeft nieuwe sleutels vastgelegd. Vervolg-uitrol (bibliotheek, leenlaptops) gepauzeerd.")

    # ------------------------------------------------------------------ Teams
    def say(stamp, who, text):
        t = utc(stamp) + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"id": str(int(t.timestamp() * 1000)), "createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                                 "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    say("2026-01-29 05:35:10", "Servicedesk CIT", "SURFconext: gepland onderhoud van SURF (06:00-06:30) is afgerond, inloggen werkt weer normaal")
    say("2026-01-29 06:47:30", "Daan Verbeek", "releasing digitoets 2026.1.29.1 now: Config Key for BYOD exams (needed for 1ZV50 at 09:00), better logging of SEB refusals, OpenIdConnect 8.0.12. web02 first, then web01")
    say("2026-01-29 06:55:40", "Daan Verbeek", "2026.1.29.1 is live on both servers")
    say("2026-01-29 07:26:05", "Marieke Bos (Sportcentrum)", "test login on PC 001 in hal 2 gives 'Toegang geweigerd'. Probably the test account, trying again later")
    say("2026-01-29 07:41:20", "Marieke Bos (Sportcentrum)", "Hal 2: EVERY PC shows 'Toegang geweigerd: deze toets vereist Safe Exam Browser met de juiste configuratie' right after logging in. Restarting SEB as the runbook says does not help")
    say("2026-01-29 07:43:05", "Peter van Dam (Auditorium)", "Auditorium toetshal same, all PCs")
    say("2026-01-29 07:44:50", "Daan Verbeek", "looking. The new SEB log lines say 'browser exam key not allowed' for every hall request. Only change this morning is our release with the Config Key change in the SEB check. Rolling back to 2026.1.27.1")
    say("2026-01-29 07:51:15", "Daan Verbeek", "rolled back on both servers")
    say("2026-01-29 07:53:40", "Marieke Bos (Sportcentrum)", "no change in hal 2")
    say("2026-01-29 07:55:10", "Lotte Janssen (Collegezaal 3)", "Collegezaal 3 (1ZV50, own laptops): the students who were already in are fine, but everyone logging in or reloading now gets 'Toegang geweigerd'")
    say("2026-01-29 07:56:30", "Daan Verbeek", "that's the rollback: 1ZV50 needs the Config Key from the new release. Not the release then, the halls fail with both versions (old wording: 'request hash matches no allowed key'). Redeploying 2026.1.29.1")
    say("2026-01-29 07:58:20", "Femke de Jong (Toetsbureau)", "start of 2IAB0 and 4EM30 postponed until further notice. Candidates stay seated. 1ZV50 starts at 09:00 as planned")
    say("2026-01-29 08:01:50", "Daan Verbeek", "2026.1.29.1 back on both servers")
    say("2026-01-29 08:03:35", "Daan Verbeek", "all hall requests come with SEB/3.10.1 in the user agent and '0 of 2 keys match'. The keys on 2IAB0/4EM30 were captured in December on 3.9.0. @Werkplekbeheer did the hall PCs get a new SEB last night?")
    say("2026-01-29 08:07:15", "Ruud Hendriks (Werkplekbeheer)", "yes: CH-2601-0117, SEB 3.10.1 to collection UL - Toetshallen, deadline 03:00 tonight, standard change (CAB 22-01). Rolling back through SCCM takes ~1.5 h for 600 PCs")
    say("2026-01-29 08:08:40", "Femke de Jong (Toetsbureau)", "faster to capture the new key. I'm going to hal 2, PC 117")
    say("2026-01-29 08:14:30", "Femke de Jong (Toetsbureau)", "new key (SEB 3.10.1 x64) added to 2IAB0 and 4EM30. Invigilators: let candidates press 'Opnieuw proberen'")
    say("2026-01-29 08:17:10", "Marieke Bos (Sportcentrum)", "hal 2 is in! starting at 09:30 with full time")
    say("2026-01-29 08:18:25", "Peter van Dam (Auditorium)", "Auditorium in as well")
    say("2026-01-29 08:40:30", "Ruud Hendriks (Werkplekbeheer)", "paused the follow-up SEB deployments (library, loan laptops). From now on SEB updates go to the Toetsbureau first")
    say("2026-01-29 08:52:05", "Femke de Jong (Toetsbureau)", "added the 3.10.1 key to all hall exams this week, including this afternoon's")
    say("2026-01-29 09:06:40", "Daan Verbeek", "writing it up (I2601-2291). Nothing wrong in digitoets; the hall PCs' Browser Exam Key changed with the SEB update. Runbook updated")
    return [app["WEB01"], app["WEB02"], iis["WEB01"], iis["WEB02"], cm, topdesk, gha, teams], stats


def build(out_dir):
    rng = random.Random(45200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert TEST_LOGIN <= onset <= TEST_LOGIN + dt.timedelta(seconds=5), onset
        late = [t for t, k in stats["checks"] if k == "refused_hall" and t > utc("2026-01-29 08:20:00")]
        assert not late, late[:3]

        def per_min(kind):
            ev = sorted(t for t, k in stats["checks"] if k == kind)
            return lambda t: bisect.bisect_right(ev, t) - bisect.bisect_right(ev, t - dt.timedelta(minutes=1))

        def starts(kind):
            ev = sorted(t for t, k in stats["starts"] if k == kind)
            return lambda t: bisect.bisect_right(ev, t) - bisect.bisect_right(ev, t - dt.timedelta(minutes=1))

        metrics = {
            "digitoets_seb_checks_per_min.json": query_range(
                [({"job": "digitoets", "result": r}, per_min(k)) for r, k in (("ok", "ok"), ("refused", "refused_hall"), ("refused_byod", "refused_byod"), ("no_seb_headers", "no_headers"))],
                START, END, 60),
            "digitoets_attempts_started_per_min.json": query_range([({"job": "digitoets", "room_type": k}, starts(k)) for k in ("hall", "byod")], START, END, 60),
        }
        n_refused = len([u for u in stats["refused_candidates"] if not u.startswith("tst")])
        return write_scenario(
            out_dir, name="r45-seb-browser-exam-key-none", service=SERVICE, onset=onset,
            description=f"""
Universiteit Lindeborg's exam halls cannot open their exams on Thursday 29
January: from {onset.strftime('%H:%M:%S')} UTC, when a hall coordinator's test login is
refused, every PC in Sportcentrum hal 2 and the Auditorium toetshal gets
"Toegang geweigerd" (403) from digitoets right after signing in ({n_refused}
candidates refused at least once, among them some in the BYOD room during
the rollback). A release of digitoets (SEB Config Key for BYOD exams,
SEB refusal logging, an OpenIdConnect bump) had gone out at 06:50-06:52; the
rollback at 07:48 did not help and was undone at 07:58. The hall exams
start half an hour late, at 08:30 UTC (09:30 local), after the
Toetsbureau adds new SEB keys at 08:13.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "digitoets-web01.log": r"<Date> <Time>\|<Level>\|<Logger>\|<Content>",
                "digitoets-web02.log": r"<Date> <Time>\|<Level>\|<Logger>\|<Content>",
            },
            root_cause=[
                r"SEB browser exam key not allowed for exam",
                r"Starting Install enforcement for App DT",
                r"uitrollen naar de toetshallen",
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Werkplekbeheer's standard change CH-2601-0117
updated Safe Exam Browser on the exam hall PCs from 3.9.0 to 3.10.1 in
the night (ConfigMgr deadline 03:00 local; "Starting Install enforcement
for App DT \\"Safe Exam Browser 3.10.1 (x64)..." in AppEnforce.log of
TH-SC2-117 at 02:07 UTC). SEB derives its Browser Exam Key from its own
build and the settings, so the hall PCs' request hashes no longer match
the keys the Toetsbureau registered for 2IAB0 and 4EM30 (captured on
3.9.0): every hall request after sign-in is refused, "SEB browser exam
key not allowed for exam ...: 0 of 2 keys match; SEB 3.10.1 (x64)" (and
"request hash matches no allowed key" in the old release's wording during
the rollback). BYOD exams use the Config Key, which does not change with
the version. Capturing the 3.10.1 key on a hall PC and adding it to the
exams (08:13, an admin action, no code) ends it; nothing in the
repository is changed for it (a runbook note follows after the incident).
Decoys: the release deployed from 06:50 (on both servers by 06:52),
{round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with TST-341 (the
Config Key for BYOD exams, in SebKeyFilter.cs, the very check that
refuses the halls, and a migration), TST-344 (the new "SEB browser exam
key not allowed" wording with version, hall and key count, so the line is
new) and the OpenIdConnect 8.0.12 bump (the refusals come right after
sign-in); SURF's SURFconext maintenance that ended at 05:30; the rollback
at 07:48, which changes only the wording for the halls and makes the BYOD
room fail ("request hash matches no allowed key" for 1ZV50) until the
release is redeployed at 07:58; TST-336, a harmless change to the same
filter; the runbook commit that calls "Toegang geweigerd" a single PC
not in SEB; the docs commit that says the key changes with the SEB
version; the Osiris export; routine refusals of normal browsers ("no SEB
headers") and a transient SQL deadlock.
""",
        )
    finally:
        repo.close()
