"""efile (C#, .NET 8; Serilog; Windows Server 2022 VMs in the Judicial
Branch's data centre, deployed by Azure DevOps pipelines to a deployment
group; team in Salem-on-Willamette, Pacific time) is Cascadia eFile, the
statewide electronic filing system of the Cascadia Judicial Branch (the
same system as `r80-nef-bcc-recipient-limit`, two months later). Efile.Api
(IIS on EFILE-WEB-01..03) takes envelopes, validates their PDFs, takes the
filing fees and puts them in the clerk's review queue; when an envelope is
accepted, Efile.Worker (a self-contained Windows service,
D:\\Apps\\Efile.Worker\\Efile.Worker.exe, on EFILE-WKR-01..03) runs a
StampAndDocket job: it downloads each PDF from DocStore into its work
directory D:\\EfileWork\\stamp, applies the clerk's file stamp, stores the
stamped copy, dockets the entry in the case management system and sends
the NEFs. A failed job is retried after 1 and 5 minutes on whichever worker
takes it; after the third failure it is left failed and the envelope stays
"Accepted - processing", without its file-stamped copy.

The six servers sit in the Tier-2 application servers OU, whose Group
Policy baseline (owned by Information Security Engineering) has run
Microsoft Defender's Controlled Folder Access (CFA) in audit mode on the
data volumes (D:\\) since October. Security built the allowed-applications
list from the CMDB, where the eFile worker is still recorded at its
pre-2025 path C:\\Program Files\\Cascadia eFile\\Worker\\Efile.Worker.exe;
the audit report it checked was grouped by file name, and Efile.Worker.exe
was "on the list". Every stamping job has logged an audit event (1124) on
the workers since October.

Monday 16 November 2026. At 07:35 PST (15:35 UTC) Dana deploys eFile
4.23.0: EF-958 writes the stamped copy to a temp file and moves it into
place, in the very work directory; EF-963 adds the very "Stamping failed"
error line with the document and the error; iText 9.0.0 (Dependabot,
merged with API fixes); EF-960 raises stamping concurrency from 4 to 6 for
the Monday backlog. At 08:00 PST Security implements CHG0051877: the
Tier-2 baseline's CFA goes from audit (2) to block (1). Servers pick it up
at their next background Group Policy refresh (90 minutes plus up to 30 at
random): EFILE-WEB-01 at 16:08, EFILE-WKR-02 at 16:14, EFILE-WEB-03 at
16:26, EFILE-WKR-01 at 16:49, EFILE-WEB-02 at 16:57 (the web servers write
nothing on D:\\ and carry on). From 16:14 every stamping job on WKR-02
fails ("Access to the path 'D:\\EfileWork\\stamp\\...' is denied"; the
Defender log: "Controlled Folder Access blocked ...Efile.Worker.exe");
retries on WKR-01/03 mostly succeed, some jobs fail three times. The
runbook (Friday) reads "access denied" as the gMSA's NTFS permissions after
the service account review, a full D: or a damaged PDF, and says to roll
back after a release.

Priya finds D: 61 % free and the ACLs unchanged, and rolls back to 4.22.3
at 16:32: WKR-01 deploys, WKR-02's robocopy fails with "ERROR 5 ... Access
is denied" (CFA blocks Robocopy.exe too) and the rolling deployment stops
with WKR-02's service stopped. For 17 minutes nothing fails; then WKR-01
(on 4.22.3) refreshes its policy and fails alike, and only WKR-03 (on
4.23.0) stamps. The Kestrel County civil clerk reports ex parte TRO papers
for the 08:30 calendar not coming back stamped. Tom (Windows servers)
finds the CFA blocks and the 5007 change (EnableControlledFolderAccess 0x2
-> 0x1) right after each Group Policy refresh; Aisha (Security) confirms
CHG0051877 and the CMDB path, adds D:\\Apps\\Efile.Worker\\Efile.Worker.exe
and puts the eFile servers back in audit; Tom runs gpupdate /force at
17:24, Priya requeues the failed jobs at 17:30 and 4.23.0 is deployed again
at 17:45. Nothing in efile is changed.

Sources: Efile.Worker (Serilog rendered compact JSON, CLEF), Efile.Api
(Serilog text, line format), the servers' Windows event logs shipped by
Winlogbeat (Defender Operational and System channels, JSON), Azure DevOps
deployment logs, #efile-oncall (Teams export, JSON lines), ServiceNow
incidents and the change record (JSON lines)."""

import datetime as dt
import hashlib
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario

SERVICE = "efile"
START, END = utc("2026-11-16 13:00:00"), utc("2026-11-16 20:00:00")
DEPLOY_4230 = utc("2026-11-16 15:35:20")
CHANGE = utc("2026-11-16 16:00:00")        # CHG0051877: CFA audit -> block in the Tier-2 GPO
ROLLBACK = utc("2026-11-16 16:32:10")      # redeploy of 4.22.3 (fails on WKR-02)
SEC_FIX = utc("2026-11-16 17:20:00")       # allowed app added, eFile servers back to audit
FORCE = utc("2026-11-16 17:24:00")         # gpupdate /force on the six servers
REQUEUE = utc("2026-11-16 17:30:30")
REDEPLOY = utc("2026-11-16 17:45:10")      # 4.23.0 again, all three workers

PKG_WORKER = "src/Efile.Worker"
PKG_API = "src/Efile.Api"

# background Group Policy refreshes (90 min + random offset), per server
GP_REFRESH = {
    "EFILE-WKR-01": ["13:17:42", "15:02:11", "16:49:20"],
    "EFILE-WKR-02": ["12:41:03", "14:30:37", "16:14:05"],
    "EFILE-WKR-03": ["12:19:55", "14:03:29", "15:50:46"],
    "EFILE-WEB-01": ["12:38:14", "14:21:50", "16:08:41", "17:55:02"],
    "EFILE-WEB-02": ["13:30:27", "15:11:09", "16:57:12"],
    "EFILE-WEB-03": ["12:55:31", "14:40:18", "16:26:30"],
}
SERVERS = {"EFILE-WKR-01": "10.40.12.21", "EFILE-WKR-02": "10.40.12.22", "EFILE-WKR-03": "10.40.12.23",
           "EFILE-WEB-01": "10.40.11.21", "EFILE-WEB-02": "10.40.11.22", "EFILE-WEB-03": "10.40.11.23"}
WORKERS = ["EFILE-WKR-01", "EFILE-WKR-02", "EFILE-WKR-03"]
WEBS = ["EFILE-WEB-01", "EFILE-WEB-02", "EFILE-WEB-03"]

# ---------------------------------------------------------------------------
# the repository

WORKER_CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Worker">
  <PropertyGroup>
    <AssemblyName>Efile.Worker</AssemblyName>
    <RuntimeIdentifier>win-x64</RuntimeIdentifier>
    <SelfContained>true</SelfContained>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="itext" Version="8.0.5" />
    <PackageReference Include="itext.bouncy-castle-adapter" Version="8.0.5" />
    <PackageReference Include="MailKit" Version="4.8.0" />
    <PackageReference Include="Microsoft.Data.SqlClient" Version="5.2.2" />
    <PackageReference Include="Microsoft.Extensions.Hosting.WindowsServices" Version="8.0.1" />
    <PackageReference Include="Serilog.Extensions.Hosting" Version="8.0.0" />
    <PackageReference Include="Serilog.Formatting.Compact" Version="3.0.0" />
    <PackageReference Include="Serilog.Settings.Configuration" Version="8.0.4" />
    <PackageReference Include="Serilog.Sinks.File" Version="6.0.0" />
  </ItemGroup>
  <ItemGroup>
    <ProjectReference Include="..\\Efile.Core\\Efile.Core.csproj" />
  </ItemGroup>
</Project>
"""

FILE_STAMPER = """using iText.IO.Font.Constants;
using iText.Kernel.Colors;
using iText.Kernel.Font;
using iText.Kernel.Pdf;
using iText.Kernel.Pdf.Canvas;

namespace Efile.Worker.Stamping;

/// <summary>The clerk's file stamp, top right of page 1: "ELECTRONICALLY FILED", court, date and time, clerk.</summary>
public sealed class FileStamper
{
    public StampResult Stamp(string sourcePath, string targetPath, FileStampText text)
    {
        using var pdf = new PdfDocument(new PdfReader(sourcePath), new PdfWriter(targetPath));
        var page = pdf.GetFirstPage();
        var box = page.GetCropBox();
        var canvas = new PdfCanvas(page.NewContentStreamAfter(), page.GetResources(), pdf);
        var font = PdfFontFactory.CreateFont(StandardFonts.HELVETICA_BOLD);
        canvas.SetFillColor(new DeviceRgb(0x1f, 0x3a, 0x93)).BeginText().SetFontAndSize(font, 8);
        var y = box.GetTop() - 24;
        foreach (var line in text.Lines())
        {
            canvas.SetTextMatrix(box.GetRight() - 168, y).ShowText(line);
            y -= 10;
        }
        canvas.EndText();
        return new StampResult(pdf.GetNumberOfPages());
    }
}
"""

STAMP_SERVICE = """using Efile.Worker.Docketing;
using Efile.Worker.Nef;
using Microsoft.Extensions.Options;

namespace Efile.Worker.Stamping;

/// <summary>Runs StampAndDocket jobs: download, stamp, store, docket, queue the NEF.</summary>
public sealed class StampAndDocketService : BackgroundService
{
    private readonly StampJobQueue _jobs;
    private readonly DocStoreClient _docStore;
    private readonly FileStamper _stamper;
    private readonly CmsDocketClient _cms;
    private readonly NefQueue _nefs;
    private readonly StampingOptions _options;
    private readonly ILogger<StampAndDocketService> _log;

    public StampAndDocketService(StampJobQueue jobs, DocStoreClient docStore, FileStamper stamper, CmsDocketClient cms, NefQueue nefs,
        IOptions<StampingOptions> options, ILogger<StampAndDocketService> log)
    {
        _jobs = jobs;
        _docStore = docStore;
        _stamper = stamper;
        _cms = cms;
        _nefs = nefs;
        _options = options.Value;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var due = await _jobs.TakeDueAsync(_options.Concurrency, ct);
            await Parallel.ForEachAsync(due, ct, async (job, token) => await RunOneAsync(job, token));
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    private async Task RunOneAsync(StampJob job, CancellationToken ct)
    {
        try
        {
            await RunAsync(job, ct);
            await _jobs.CompleteAsync(job, ct);
        }
        catch (Exception ex)
        {
            var retry = await _jobs.FailAsync(job, ex, ct);   // 1 and 5 minutes, then failed
            _log.LogWarning(ex, "Job StampAndDocket {JobId} for {EnvelopeId} failed (attempt {Attempt}/3), {Next}",
                job.Id, job.EnvelopeId, job.Attempt, retry is null ? "left failed" : $"retry in {retry.Value.TotalMinutes:0} min");
        }
    }

    private async Task RunAsync(StampJob job, CancellationToken ct)
    {
        var dir = Path.Combine(_options.WorkDirectory, job.EnvelopeId);
        Directory.CreateDirectory(dir);
        foreach (var doc in job.Documents)
        {
            var source = Path.Combine(dir, doc.Id + ".pdf");
            var target = Path.Combine(dir, doc.Id + ".stamped.pdf");
            await _docStore.DownloadAsync(doc.DocStoreId, source, ct);
            var result = _stamper.Stamp(source, target, FileStampText.For(job, doc));
            _log.LogInformation("Stamped {DocumentId} for {CaseNumber} entry {EntryNumber}: {Stamp} on page 1 ({Pages} pages) in {Elapsed} ms",
                doc.Id, job.CaseNumber, job.EntryNumber, result.StampLine, result.Pages, result.ElapsedMs);
            await _docStore.StoreStampedAsync(doc, target, ct);
        }
        await _cms.DocketAsync(job, ct);
        await _nefs.EnqueueAsync(job, ct);
        Directory.Delete(dir, recursive: true);
    }
}
"""

WORKER_APPSETTINGS = """{
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft": "Warning" } },
    "Enrich": [ "WithMachineName" ],
    "WriteTo": [
      {
        "Name": "File",
        "Args": {
          "path": "E:\\\\Logs\\\\Efile.Worker\\\\worker-.clef",
          "rollingInterval": "Day",
          "formatter": "Serilog.Formatting.Compact.RenderedCompactJsonFormatter, Serilog.Formatting.Compact"
        }
      }
    ]
  },
  "Smtp": {
    "Host": "smtp-relay.jb.cascadia.gov",
    "Port": 25,
    "From": "efile-noreply@courts.cascadia.gov",
    "MaxRecipientsPerMessage": 50
  },
  "Nef": {
    "Concurrency": 8,
    "RetryMinutes": [ 2, 10, 30, 60 ]
  },
  "Stamping": {
    "WorkDirectory": "D:\\\\EfileWork\\\\stamp",
    "Concurrency": 4,
    "RetryMinutes": [ 1, 5 ]
  }
}
"""

DEPLOY_WORKER = """jobs:
  - deployment: worker
    environment:
      name: efile-prod
      resourceType: VirtualMachine
      tags: worker
    strategy:
      rolling:
        maxParallel: 1
        deploy:
          steps:
            - download: current
              artifact: efile
            - powershell: Stop-Service EfileWorker -ErrorAction Stop
            - powershell: robocopy $(Pipeline.Workspace)\\efile\\worker D:\\Apps\\Efile.Worker /MIR /R:2 /W:5 /NP; if ($LASTEXITCODE -ge 8) { exit 1 } else { exit 0 }
            - powershell: Start-Service EfileWorker
"""

RUNBOOK = """# Cascadia eFile runbook

Owner: eFile team, #efile-oncall. Dashboards: Grafana > eFile.

## Envelopes stuck in "Accepted - processing"

The worker stamps, dockets and queues the NEF. Check the worker log on
EFILE-WKR-01..03 (E:\\Logs\\Efile.Worker) and the CMS status page. A CMS
outage queues docketing; nothing is lost. Failed jobs can be requeued with
`Requeue-StampJobs.ps1 -State Failed`.

## NEF delivery failures

"452 4.5.3 Error: too many recipients" is the relays' recipient limit
(RLY-3), see NTF-421. A refused address is a bad address on a service list.
"""

RUNBOOK_STAMP = """
## Stamping failures

Alert "StampAndDocket failures" fires at 5 failed attempts in 10 minutes.

- "Access to the path ... is denied": the worker runs as the gMSA
  CASCADIA\\gmsa-efilewkr$. After the quarterly service account review its
  NTFS rights on D:\\EfileWork are sometimes reset: check with
  `icacls D:\\EfileWork` (Modify for the gMSA) and ask the Windows server
  team to restore them.
- "There is not enough space on the disk": D:\\EfileWork fills up when jobs
  fail halfway and leave their directories; delete directories older than a
  day.
- iText exceptions (PdfException, "Trailer not found"): a damaged PDF got
  past validation; return the envelope to the filer.

If failures start after an eFile release, roll back first (Azure DevOps >
Environments > efile-prod > redeploy the previous run) and tell
#efile-oncall. Tell the clerk's offices: an envelope without its stamped
copy is filed but the filer has no conformed copy.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    dana = Person("Dana Whitfield", "dana.whitfield@courts.cascadia.gov", -480)
    marisol = Person("Marisol Ortega", "marisol.ortega@courts.cascadia.gov", -480)
    priya = Person("Priya Raman", "priya.raman@courts.cascadia.gov", -480)
    owen = Person("Owen Tran", "owen.tran@courts.cascadia.gov", -480)
    jordan = Person("Jordan Blake", "jordan.blake@courts.cascadia.gov", -480)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "efile.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Efile.Api\", \"src\\Efile.Api\\Efile.Api.csproj\", \"{5B0A9E44-1C4F-4D8B-9F43-2E8A7C1D3F10}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Efile.Worker\", \"src\\Efile.Worker\\Efile.Worker.csproj\", \"{A3D7E2C1-8B4F-4E6A-B1C9-7F0D5E2A8C44}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Efile.Core\", \"src\\Efile.Core\\Efile.Core.csproj\", \"{0E6F1B2D-3C4A-4B5E-8F9A-1D2C3B4A5E6F}\"\nEndProject\n",
        "Directory.Build.props": "<Project>\n  <PropertyGroup>\n    <Version>4.22.3</Version>\n    <TargetFramework>net8.0</TargetFramework>\n    <Nullable>enable</Nullable>\n    <ImplicitUsings>enable</ImplicitUsings>\n    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n    <Company>Cascadia Judicial Branch</Company>\n  </PropertyGroup>\n</Project>\n",
        "global.json": '{\n  "sdk": { "version": "8.0.403", "rollForward": "latestFeature" }\n}\n',
        "src/Efile.Core/Efile.Core.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.Data.SqlClient" Version="5.2.2" />\n  </ItemGroup>\n</Project>\n',
        f"{PKG_API}/Efile.Api.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <AssemblyName>Efile.Api</AssemblyName>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="itext" Version="8.0.5" />\n    <PackageReference Include="Microsoft.Data.SqlClient" Version="5.2.2" />\n    <PackageReference Include="Serilog.AspNetCore" Version="8.0.3" />\n  </ItemGroup>\n  <ItemGroup>\n    <ProjectReference Include="..\\Efile.Core\\Efile.Core.csproj" />\n  </ItemGroup>\n</Project>\n',
        f"{PKG_API}/Receipts/ReceiptBuilder.cs": "namespace Efile.Api.Receipts;\n\npublic sealed class ReceiptBuilder\n{\n    public Receipt Build(Envelope envelope) => new(\n        envelope.Id,\n        envelope.CaseNumber,\n        envelope.Fee,\n        envelope.SubmittedAt,\n        envelope.Documents.Select(d => d.Title).ToList());\n}\n",
        f"{PKG_API}/appsettings.json": '{\n  "Fees": { "Schedule": "config/fee-schedule.json" },\n  "EPay": { "BaseUrl": "https://epay.treasury.cascadia.gov/api/v2/", "TimeoutSeconds": 15 }\n}\n',
        f"{PKG_WORKER}/Efile.Worker.csproj": WORKER_CSPROJ,
        f"{PKG_WORKER}/Stamping/FileStamper.cs": FILE_STAMPER,
        f"{PKG_WORKER}/Stamping/StampAndDocketService.cs": STAMP_SERVICE,
        f"{PKG_WORKER}/Stamping/DocStoreClient.cs": "namespace Efile.Worker.Stamping;\n\npublic sealed class DocStoreClient(HttpClient http)\n{\n    public async Task DownloadAsync(string docStoreId, string localPath, CancellationToken ct)\n    {\n        await using var source = await http.GetStreamAsync($\"objects/{Uri.EscapeDataString(docStoreId)}\", ct);\n        await using var target = new FileStream(localPath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);\n        await source.CopyToAsync(target, ct);\n    }\n\n    public async Task StoreStampedAsync(StampDocument doc, string localPath, CancellationToken ct)\n    {\n        await using var content = File.OpenRead(localPath);\n        var response = await http.PutAsync($\"objects/{Uri.EscapeDataString(doc.StampedDocStoreId)}\", new StreamContent(content), ct);\n        response.EnsureSuccessStatusCode();\n    }\n}\n",
        f"{PKG_WORKER}/appsettings.json": WORKER_APPSETTINGS,
        "config/fee-schedule.json": '{\n  "effective": "2026-10-01",\n  "currency": "USD",\n  "fees": {\n    "civil.unlimited.first_paper": 435.00,\n    "civil.limited.first_paper": 370.00,\n    "civil.motion": 60.00,\n    "civil.complex.first_paper": 1500.00,\n    "ex_parte": 60.00\n  }\n}\n',
        "azure-pipelines.yml": "trigger:\n  branches:\n    include: [ main ]\n\npool:\n  vmImage: windows-2022\n\nstages:\n  - stage: build\n    jobs:\n      - job: build\n        steps:\n          - script: dotnet test efile.sln -c Release\n          - script: dotnet publish src/Efile.Api -c Release -o $(Build.ArtifactStagingDirectory)/api\n          - script: dotnet publish src/Efile.Worker -c Release -o $(Build.ArtifactStagingDirectory)/worker\n          - publish: $(Build.ArtifactStagingDirectory)\n            artifact: efile\n\n  - stage: production\n    condition: and(succeeded(), startsWith(variables['Build.SourceBranch'], 'refs/tags/v'))\n    jobs:\n      - template: deploy/deploy-worker.yml\n      - template: deploy/deploy-api.yml\n",
        "deploy/deploy-worker.yml": DEPLOY_WORKER,
        "deploy/deploy-api.yml": DEPLOY_WORKER.replace("deployment: worker", "deployment: api").replace("tags: worker", "tags: web").replace("Stop-Service EfileWorker -ErrorAction Stop", "Stop-WebAppPool efile-api").replace("efile\\\\worker D:\\\\Apps\\\\Efile.Worker", "efile\\\\api D:\\\\Apps\\\\Efile.Api").replace("Start-Service EfileWorker", "Start-WebAppPool efile-api"),
        "docs/runbook.md": RUNBOOK,
        "README.md": "# Cascadia eFile\n\nStatewide electronic filing for the Superior Courts of Cascadia.\n\n- `src/Efile.Api`: envelopes, uploads and PDF validation, fees (ePay and\n  draw-down accounts), the clerk's review queue. IIS on EFILE-WEB-01..03.\n- `src/Efile.Worker`: file stamp, docketing in the CMS, Notices of\n  Electronic Filing through the Judicial Branch's SMTP relays. Windows\n  service on EFILE-WKR-01..03, installed in D:\\Apps\\Efile.Worker, work\n  directory D:\\EfileWork.\n\nReleases are tags `vX.Y.Z` on main; the pipeline deploys them to the\n`efile-prod` environment one server at a time.\n",
        "CHANGELOG.md": "# Changelog\n\n## 4.22.3\n\n- EF-951 clerk queue sorts ex parte applications first\n",
    }
    repo.commit(utc("2026-11-09 17:05:00"), dana, "efile 4.22.3", files)
    repo.schedule([
        (utc("2026-11-10 22:12:40"), jordan, "gitignore: publish/ and *.binlog",
         lambda r: {".gitignore": r.files.get(".gitignore", "") + "publish/\n*.binlog\n"}),
        (utc("2026-11-13 00:31:05"), priya, "docs: envelope states after a failed stamping job",
         lambda r: {"docs/review-states.md": "# Envelope states\n\ndraft -> submitted -> accepted | returned\naccepted -> processing (stamp, docket, NEF) -> filed\n\nA StampAndDocket job that fails three times leaves the envelope in\nprocessing; the filer sees \"Accepted\" without a conformed copy.\n"}),
        (utc("2026-11-16 16:51:00"), owen, "CHANGELOG: 4.23.0 notes for the clerks' newsletter",
         lambda r: {"CHANGELOG.md": r.files["CHANGELOG.md"] + "\nClerks: 4.23.0 changes nothing you see; stamped copies are written\natomically, so a half-written copy can no longer reach DocStore.\n"}),
    ])
    repo.commit(utc("2026-11-10 18:40:00"), priya, "api: fee waiver order number on the receipt (FEE-247)", {
        f"{PKG_API}/Receipts/ReceiptBuilder.cs": sub(repo.files[f"{PKG_API}/Receipts/ReceiptBuilder.cs"],
                                                     "        envelope.Fee,\n", "        envelope.Fee,\n        envelope.FeeWaiver?.OrderNumber,\n"),
    })
    repo.commit(utc("2026-11-12 04:10:00"), bot, "Bump itext from 8.0.5 to 9.0.0\n\nBumps itext and itext.bouncy-castle-adapter from 8.0.5 to 9.0.0.", {
        f"{PKG_WORKER}/Efile.Worker.csproj": repo.files[f"{PKG_WORKER}/Efile.Worker.csproj"].replace('Version="8.0.5"', 'Version="9.0.0"'),
        f"{PKG_API}/Efile.Api.csproj": repo.files[f"{PKG_API}/Efile.Api.csproj"].replace('Version="8.0.5"', 'Version="9.0.0"'),
    })
    repo.commit(utc("2026-11-12 18:20:00"), owen, "stamp: write the stamped copy to a temp file and move it into place (EF-958)\n\nA worker restarted during a deploy left a half-written stamped copy that\nwas stored in DocStore on the job's retry (EF-944).", {
        f"{PKG_WORKER}/Stamping/StampAndDocketService.cs": sub(repo.files[f"{PKG_WORKER}/Stamping/StampAndDocketService.cs"],
                                                               "            var result = _stamper.Stamp(source, target, FileStampText.For(job, doc));\n",
                                                               "            var temp = target + \".tmp\";\n            var result = _stamper.Stamp(source, temp, FileStampText.For(job, doc));\n            File.Move(temp, target, overwrite: true);   // EF-958: never a half-written copy\n"),
    })
    repo.commit(utc("2026-11-13 17:40:00"), marisol, "stamp: iText 9 canvas API (follow-up to the itext bump)", {
        f"{PKG_WORKER}/Stamping/FileStamper.cs": sub(repo.files[f"{PKG_WORKER}/Stamping/FileStamper.cs"],
                                                     "        var canvas = new PdfCanvas(page.NewContentStreamAfter(), page.GetResources(), pdf);\n",
                                                     "        var canvas = new PdfCanvas(page, true);   // iText 9: wraps the existing content in q/Q\n"),
    })
    repo.commit(utc("2026-11-13 19:10:00"), priya, "stamp: log the document and the error when stamping fails (EF-963)\n\nThe job warning has the envelope only; the clerks ask which document.", {
        f"{PKG_WORKER}/Stamping/StampAndDocketService.cs": sub(repo.files[f"{PKG_WORKER}/Stamping/StampAndDocketService.cs"],
                                                               "    private async Task RunOneAsync(StampJob job, CancellationToken ct)\n    {\n        try\n        {\n            await RunAsync(job, ct);\n            await _jobs.CompleteAsync(job, ct);\n        }\n        catch (Exception ex)\n        {\n",
                                                               "    private async Task RunOneAsync(StampJob job, CancellationToken ct)\n    {\n        try\n        {\n            await RunAsync(job, ct);\n            await _jobs.CompleteAsync(job, ct);\n        }\n        catch (StampingException ex)\n        {\n            var retry = await _jobs.FailAsync(job, ex.InnerException!, ct);\n            _log.LogError(ex.InnerException, \"Stamping failed for {DocumentId} of {EnvelopeId} ({CaseNumber}), attempt {Attempt}/3: {Error:l}\",\n                ex.DocumentId, job.EnvelopeId, job.CaseNumber, job.Attempt, ex.InnerException!.Message);\n        }\n        catch (Exception ex)\n        {\n",
                                                               "            await _docStore.DownloadAsync(doc.DocStoreId, source, ct);\n",
                                                               "            try\n            {\n                await _docStore.DownloadAsync(doc.DocStoreId, source, ct);\n            }\n            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)\n            {\n                throw new StampingException(doc.Id, ex);\n            }\n"),
    })
    repo.commit(utc("2026-11-13 21:30:00"), jordan, "runbook: stamping failures", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_STAMP,
    })
    repo.commit(utc("2026-11-13 22:15:00"), jordan, "worker: stamping concurrency 4 -> 6 (EF-960)\n\nMonday mornings the clerks accept the weekend's envelopes in an hour;\nthe stamping queue was 20 minutes behind last Monday.", {
        f"{PKG_WORKER}/appsettings.json": sub(repo.files[f"{PKG_WORKER}/appsettings.json"], '    "Concurrency": 4,\n    "RetryMinutes": [ 1, 5 ]', '    "Concurrency": 6,\n    "RetryMinutes": [ 1, 5 ]'),
    })
    repo.commit(utc("2026-11-16 04:10:00"), bot, "Bump Microsoft.Data.SqlClient from 5.2.2 to 5.2.3\n\nBumps Microsoft.Data.SqlClient from 5.2.2 to 5.2.3.", {
        f"{PKG_WORKER}/Efile.Worker.csproj": repo.files[f"{PKG_WORKER}/Efile.Worker.csproj"].replace('"Microsoft.Data.SqlClient" Version="5.2.2"', '"Microsoft.Data.SqlClient" Version="5.2.3"'),
        f"{PKG_API}/Efile.Api.csproj": repo.files[f"{PKG_API}/Efile.Api.csproj"].replace('"Microsoft.Data.SqlClient" Version="5.2.2"', '"Microsoft.Data.SqlClient" Version="5.2.3"'),
        "src/Efile.Core/Efile.Core.csproj": repo.files["src/Efile.Core/Efile.Core.csproj"].replace('Version="5.2.2"', 'Version="5.2.3"'),
    })
    rel4230 = repo.commit(utc("2026-11-16 15:10:00"), dana, "release 4.23.0", {
        "Directory.Build.props": sub(repo.files["Directory.Build.props"], "<Version>4.22.3</Version>", "<Version>4.23.0</Version>"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.23.0\n\n- EF-958 stamped copy written to a temp file and moved into place\n- EF-963 document and error in the stamping failure log\n- EF-960 stamping concurrency 6\n- FEE-247 fee waiver order number on the receipt\n- iText 9.0.0\n",
    })
    repo.commit(utc("2026-11-16 18:40:00"), jordan, "runbook: Controlled Folder Access on the eFile servers", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n\"Access to the path ... is denied\" on D:\\EfileWork with the ACLs intact can\nbe Defender's Controlled Folder Access (Tier-2 baseline GPO): look for\nevent 1123 in Microsoft-Windows-Windows Defender/Operational and for a\nGroup Policy refresh (System, 1502) just before. Security owns the allowed\napplications list; the worker must be listed as\nD:\\Apps\\Efile.Worker\\Efile.Worker.exe. A rollback does not help and\nrobocopy is blocked too.\n",
    })
    return repo, {"rel4230": rel4230, "base": repo.shas[0]}


# ---------------------------------------------------------------------------
# the logs

COUNTIES = [("AL", "Alder County Superior Court", 30), ("KE", "Kestrel County Superior Court", 22), ("WB", "Willow Bay County Superior Court", 18),
            ("TM", "Tamarack County Superior Court", 12), ("PR", "Port Ransom County Superior Court", 10), ("SQ", "Sequim Falls County Superior Court", 8)]
DOC_TITLES = ["MOTION TO COMPEL FURTHER RESPONSES", "DECLARATION OF COUNSEL", "[PROPOSED] ORDER", "NOTICE OF MOTION AND MOTION", "PROOF OF SERVICE",
              "MEMORANDUM OF POINTS AND AUTHORITIES", "REQUEST FOR JUDICIAL NOTICE", "CASE MANAGEMENT STATEMENT", "STIPULATION", "OPPOSITION",
              "REPLY", "NOTICE OF HEARING", "SUBSTITUTION OF ATTORNEY", "COMPLAINT", "SUMMONS", "CIVIL CASE COVER SHEET"]
SIV = {"before": "1.421.1712.0", "after": "1.421.1789.0"}


def iso7(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0+00:00"


def event_id(template):
    return hashlib.md5(template.encode()).hexdigest()[:8]


def at(hms):
    return utc(f"2026-11-16 {hms}")


def build_logs(rng, shas):
    worker, api, winlog, devops, teams, snow = (
        Log("efile-worker.log"), Log("efile-api.log"), Log("winlogbeat-efile-servers.log"),
        Log("azure-devops-efile-prod.log"), Log("teams-efile-oncall.log"), Log("servicenow.log"))
    stats = {"fail": [], "failed_jobs": [], "ok": [], "blocked": []}
    sha4230 = shas["rel4230"]

    # ---- CFA state per server: audit (2) until its refresh after the change, block (1) until gpupdate /force
    refresh = {name: [at(x) for x in times] for name, times in GP_REFRESH.items()}
    block_from = {name: next((t for t in times if t > CHANGE), None) for name, times in refresh.items()}
    force_at = {name: FORCE + dt.timedelta(seconds=20 * k + rng.uniform(2, 9)) for k, name in enumerate(WORKERS + WEBS)}

    def blocked(name, t):
        b = block_from[name]
        return b is not None and b <= t < force_at[name] and b < force_at[name]

    # ---- worker versions and service state
    versions = {n: [(START - dt.timedelta(days=7), "4.22.3")] for n in WORKERS}
    down = {n: [] for n in WORKERS}   # (from, to) the service is stopped
    dep_4230 = {n: DEPLOY_4230 + dt.timedelta(seconds=40 + 52 * k + rng.uniform(0, 5)) for k, n in enumerate(WORKERS)}
    for n, t in dep_4230.items():
        versions[n].append((t, "4.23.0"))
        down[n].append((t - dt.timedelta(seconds=9), t))
    rb_01 = ROLLBACK + dt.timedelta(seconds=41)
    versions["EFILE-WKR-01"].append((rb_01, "4.22.3"))
    down["EFILE-WKR-01"].append((rb_01 - dt.timedelta(seconds=9), rb_01))
    rb_02_stop = ROLLBACK + dt.timedelta(seconds=41 + 52 - 9)
    rb_02_fail = rb_02_stop + dt.timedelta(seconds=17)
    redeploy = {n: REDEPLOY + dt.timedelta(seconds=40 + 52 * k + rng.uniform(0, 5)) for k, n in enumerate(WORKERS)}
    down["EFILE-WKR-02"].append((rb_02_stop, redeploy["EFILE-WKR-02"]))
    for n, t in redeploy.items():
        versions[n].append((t, "4.23.0"))
        if n != "EFILE-WKR-02":
            down[n].append((t - dt.timedelta(seconds=9), t))

    def version(name, t):
        cur = versions[name][0][1]
        for start, ver in versions[name]:
            if start <= t:
                cur = ver
        return cur

    def running(name, t):
        return not any(a <= t < b for a, b in down[name])

    # ---- writers
    def wlog(t, name, level, template, rendered, ctx, exc=None, **props):
        if not (START <= t < END):
            return
        body = {"@t": iso7(t), "@m": rendered, "@i": event_id(template)}
        if level != "Information":
            body["@l"] = level
        if exc:
            body["@x"] = exc
        body.update(props)
        body["SourceContext"] = ctx
        body["MachineName"] = name
        body["Version"] = version(name, t)
        worker.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def alog(t, name, level, ctx, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} +00:00"
            api.add(t, f"{stamp} [{level}] {name} {ctx}: {msg}")

    record = {n: rng.randint(180000, 260000) for n in SERVERS}
    sysrec = {n: rng.randint(90000, 140000) for n in SERVERS}

    evs = []

    def ev(t, name, channel, provider, code, level, msg, task=None):
        if START <= t < END:
            evs.append((t, len(evs), name, channel, provider, code, level, msg, task))

    def flush_events():
        """record ids grow with time per host and channel, as the event log numbers them"""
        for t, _, name, channel, provider, code, level, msg, task in sorted(evs, key=lambda e: (e[0], e[1])):
            if channel == "System":
                sysrec[name] += rng.randint(1, 4)
                rec = sysrec[name]
            else:
                record[name] += 1
                rec = record[name]
            write_event(t, name, channel, provider, code, level, msg, task, rec)

    def write_event(t, name, channel, provider, code, level, msg, task, rec):
        body = {"@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                "host": {"name": name.lower()},
                "winlog": {"channel": channel, "provider_name": provider, "event_id": str(code), "record_id": str(rec),
                           "computer_name": f"{name}.jb.cascadia.gov", "task": task or ""},
                "event": {"code": str(code), "provider": provider, "kind": "event"},
                "log": {"level": level},
                "message": msg}
        winlog.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    DEF = "Microsoft-Windows-Windows Defender"
    DEF_CH = "Microsoft-Windows-Windows Defender/Operational"
    cfa_key = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\Windows Defender Exploit Guard\\Controlled Folder Access\\EnableControlledFolderAccess"

    def siv(t):
        return SIV["after"] if t >= at("15:41:00") else SIV["before"]

    def cfa_event(t, name, code, process, folder, path, user="CASCADIA\\gmsa-efilewkr$"):
        verb = "blocked" if code == 1123 else "audited"
        head = (f"Controlled Folder Access blocked {process} from making changes to the folder {folder}." if code == 1123
                else f"Controlled Folder Access audited {process} making changes to the folder {folder}.")
        msg = (f"{head}\n Detection time: {t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z\n User: {user}\n Path: {path}\n"
               f" Process Name: {process}\n Security intelligence Version: {siv(t)}\n Engine Version: 1.1.24090.11\n Product Version: 4.18.24090.11")
        ev(t, name, DEF_CH, DEF, code, "warning" if code == 1123 else "information", msg, task=f"Controlled Folder Access {verb}")

    # Group Policy refreshes and Defender configuration changes
    for name, times in refresh.items():
        for t in times:
            if t > CHANGE and t < force_at[name]:
                ev(t, name, "System", "Microsoft-Windows-GroupPolicy", 1502, "information",
                   "The Group Policy settings for the computer were processed successfully. New settings from 1 Group Policy objects were detected and applied.")
                ev(t + dt.timedelta(milliseconds=rng.randint(400, 1500)), name, DEF_CH, DEF, 5007, "information",
                   f"Microsoft Defender Antivirus Configuration has changed. If this is an unexpected event you should review the settings as this may be the result of malware.\n\tOld value: {cfa_key} = 0x2\n\tNew value: {cfa_key} = 0x1")
            elif t <= CHANGE:
                ev(t, name, "System", "Microsoft-Windows-GroupPolicy", 1503, "information",
                   "The Group Policy settings for the computer were processed successfully. There were no changes detected since the last successful processing of Group Policy.")
        # gpupdate /force after Security's fix
        f = force_at[name]
        ev(f, name, "System", "Microsoft-Windows-GroupPolicy", 1502, "information",
           "The Group Policy settings for the computer were processed successfully. New settings from 2 Group Policy objects were detected and applied.")
        if block_from[name] is not None and block_from[name] < f:
            ev(f + dt.timedelta(milliseconds=rng.randint(400, 1500)), name, DEF_CH, DEF, 5007, "information",
               f"Microsoft Defender Antivirus Configuration has changed. If this is an unexpected event you should review the settings as this may be the result of malware.\n\tOld value: {cfa_key} = 0x1\n\tNew value: {cfa_key} = 0x2")
        allowed = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\Windows Defender Exploit Guard\\Controlled Folder Access\\AllowedApplications\\D:\\Apps\\Efile.Worker\\Efile.Worker.exe"
        ev(f + dt.timedelta(milliseconds=rng.randint(1600, 2400)), name, DEF_CH, DEF, 5007, "information",
           f"Microsoft Defender Antivirus Configuration has changed. If this is an unexpected event you should review the settings as this may be the result of malware.\n\tOld value: \n\tNew value: {allowed} = 0x0")
        nxt = f + dt.timedelta(minutes=rng.randint(92, 118))
        ev(nxt, name, "System", "Microsoft-Windows-GroupPolicy", 1503, "information",
           "The Group Policy settings for the computer were processed successfully. There were no changes detected since the last successful processing of Group Policy.")
    # Defender's own routine: security intelligence updates, quick scans
    for name in SERVERS:
        t = at("15:41:00") + dt.timedelta(seconds=rng.uniform(0, 900))
        ev(t, name, DEF_CH, DEF, 2000, "information",
           f"Microsoft Defender Antivirus security intelligence version updated.\n\tCurrent security intelligence Version: {SIV['after']}\n\tPrevious security intelligence Version: {SIV['before']}\n\tSecurity intelligence Type: AntiVirus\n\tUpdate Type: Delta\n\tCurrent Engine Version: 1.1.24090.11\n\tPrevious Engine Version: 1.1.24090.11")
        t = at("13:00:00") + dt.timedelta(minutes=rng.uniform(5, 50))
        scan = "{" + f"{rng.getrandbits(32):08X}-{rng.getrandbits(16):04X}-{rng.getrandbits(16):04X}-{rng.getrandbits(16):04X}-{rng.getrandbits(48):012X}" + "}"
        ev(t, name, DEF_CH, DEF, 1000, "information", f"Microsoft Defender Antivirus scan has started.\n\tScan ID: {scan}\n\tScan Type: Antimalware\n\tScan Parameters: Quick Scan\n\tUser: NT AUTHORITY\\SYSTEM")
        ev(t + dt.timedelta(seconds=rng.uniform(70, 200)), name, DEF_CH, DEF, 1001, "information", f"Microsoft Defender Antivirus scan has finished.\n\tScan ID: {scan}\n\tScan Type: Antimalware\n\tScan Parameters: Quick Scan\n\tUser: NT AUTHORITY\\SYSTEM\n\tScan Time: 0:0{rng.randint(1, 3)}:{rng.randint(10, 59)}")
    # the Windows servers' other System noise
    for name in SERVERS:
        t = START + dt.timedelta(seconds=rng.uniform(0, 3600))
        while t < END:
            ev(t, name, "System", "Microsoft-Windows-Time-Service", 158, "information",
               "The time provider 'VMICTimeProvider' has indicated that the current hardware image may have changed. Time will be synchronized from the domain hierarchy.") if rng.random() < 0.05 else \
                ev(t, name, "System", "Service Control Manager", 7036, "information",
                   f"The {rng.choice(['WinHTTP Web Proxy Auto-Discovery Service', 'Windows Modules Installer', 'Software Protection', 'Windows Update'])} service entered the {rng.choice(['running', 'stopped'])} state.")
            t += dt.timedelta(minutes=rng.uniform(15, 55))

    # ---- envelopes through the API and the clerk's queue
    def rate(t):
        h = (t - dt.timedelta(hours=8))
        local_h = h.hour + h.minute / 60
        pts = [(0, 0.1), (5.0, 0.15), (7.0, 0.6), (8.0, 1.8), (9.5, 2.3), (12.0, 2.0), (24, 0.2)]
        for (h0, r0), (h1, r1) in zip(pts, pts[1:]):
            if h0 <= local_h <= h1:
                return r0 + (r1 - r0) * (local_h - h0) / (h1 - h0)
        return 0.2

    clerks = ["jnguyen", "mokafor", "tbrennan", "lsato", "kdelgado", "rquinn", "aeriksen", "pkaur", "dmoreau"]
    jobs = []
    opens = at("16:00:00")
    backlog_start = START - dt.timedelta(hours=60)   # the weekend's envelopes, accepted on Monday morning
    t = START - dt.timedelta(hours=3)
    envelopes = []
    while True:
        t += dt.timedelta(seconds=rng.expovariate(2.3 / 60))
        if t >= END:
            break
        if rng.random() > rate(t) / 2.3:
            continue
        envelopes.append(t)
    # weekend backlog waiting for the clerks at 08:00
    backlog = sorted(backlog_start + dt.timedelta(seconds=rng.uniform(0, 60 * 3600 - 3 * 3600)) for _ in range(70))
    for t0 in envelopes + backlog:
        code, court, _ = rng.choices(COUNTIES, [w for _, _, w in COUNTIES])[0]
        new_case = rng.random() < 0.3
        case = f"{code}26CV{rng.randint(4000, 5600):05d}" if new_case else f"{code}{rng.choice([24, 25, 26, 26])}{rng.choice(['CV', 'CV', 'CV', 'FL', 'PR'])}{rng.randint(1, 9999):05d}"
        web = rng.choice(WEBS)
        env = f"ENV-{rng.randint(10**7, 10**8 - 1)}"
        ndocs = rng.choices([1, 2, 3, 4], [45, 30, 15, 10])[0]
        exparte = (not new_case) and code in ("KE", "AL") and rng.random() < 0.06 and at("15:30:00") < t0 < at("17:30:00")
        fee = 435.0 if new_case else (60.0 if exparte else rng.choice([60.0, 60.0, 0.0, 0.0, 20.0]))
        alog(t0, web, "INF", "Efile.Api.Envelopes.EnvelopeController", f"Envelope {env} created by bar {rng.randint(100000, 349999)} for {case if not new_case else 'new case'} ({court})")
        tt = t0 + dt.timedelta(seconds=rng.uniform(5, 50))
        docs = []
        for k in range(ndocs):
            doc = f"DOC-{rng.randint(10**7, 10**8 - 1)}"
            pages = max(1, int(rng.lognormvariate(2.2, 0.9)))
            mb = max(0.05, pages * rng.uniform(0.03, 0.15))
            if rng.random() < 0.045:
                reason = rng.choice(["document is not text-searchable (OCR required)", "page 1 is not 8.5 x 11 in", "document is encrypted or password protected",
                                     "document contains an XFA form (print it to PDF first)", "file is larger than 35 MB"])
                alog(tt + dt.timedelta(milliseconds=rng.randint(200, 900)), web, "WRN", "Efile.Api.Validation.PdfValidator", f"PDF validation failed for {doc} in envelope {env}: {reason}")
            else:
                alog(tt + dt.timedelta(milliseconds=rng.randint(200, 900)), web, "INF", "Efile.Api.Validation.PdfValidator", f"PDF validation passed for {doc} in envelope {env}: {pages} pages, {mb:.1f} MB, text-searchable")
                docs.append((doc, pages))
            tt += dt.timedelta(seconds=rng.uniform(4, 40))
        if not docs:
            continue
        if fee > 0:
            if rng.random() < 0.55:
                auth = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))
                if rng.random() < 0.02:
                    alog(tt + dt.timedelta(seconds=15), web, "WRN", "Efile.Api.Fees.EPayClient", f"ePay authorization for {env} timed out after 15 s, retrying once")
                    tt += dt.timedelta(seconds=15)
                alog(tt + dt.timedelta(milliseconds=rng.randint(700, 2400)), web, "INF", "Efile.Api.Fees.PaymentService", f"Fee for {env}: ${fee:.2f} paid by card through ePay, authorization {auth}")
            else:
                alog(tt + dt.timedelta(milliseconds=rng.randint(30, 90)), web, "INF", "Efile.Api.Fees.PaymentService", f"Fee for {env}: ${fee:.2f} charged to draw-down account DDA-{rng.randint(1000, 1999)}")
        tt += dt.timedelta(seconds=rng.uniform(3, 20))
        alog(tt, web, "INF", "Efile.Api.Envelopes.EnvelopeService", f"Envelope {env} submitted: {len(docs)} documents, fee ${fee:.2f}, queued for clerk review ({court}){' [EX PARTE]' if exparte else ''}")
        auto = (not new_case) and (not exparte) and rng.random() < 0.45
        if auto:
            acc = tt + dt.timedelta(seconds=rng.uniform(20, 90))
            alog(acc, rng.choice(WEBS), "INF", "Efile.Api.Review.ReviewService", f"Envelope {env} auto-accepted under rule SUBSEQUENT-CIVIL ({court}); {len(docs)} documents queued for stamping")
        else:
            if exparte:
                acc = max(tt, opens) + dt.timedelta(minutes=rng.uniform(2, 12))
            elif tt < opens:
                acc = opens + dt.timedelta(minutes=rng.uniform(0, 95))
            else:
                acc = tt + dt.timedelta(minutes=rng.uniform(8, 70))
            who = rng.choice(clerks)
            if rng.random() < 0.05:
                alog(acc, rng.choice(WEBS), "INF", "Efile.Api.Review.ReviewService", f"Envelope {env} returned by clerk {who}: {rng.choice(['wrong case number', 'document not signed', 'fee waiver order missing', 'filed in the wrong court location'])}")
                continue
            alog(acc, rng.choice(WEBS), "INF", "Efile.Api.Review.ReviewService", f"Envelope {env} accepted by clerk {who} ({court}); {len(docs)} documents queued for stamping")
        jobs.append({"t": acc + dt.timedelta(seconds=rng.uniform(1, 4)), "env": env, "case": case, "court": court, "docs": docs, "attempt": 0,
                     "id": rng.randint(2_400_000, 2_499_999), "exparte": exparte, "n_rcpt": 1 if new_case else max(1, min(40, int(rng.lognormvariate(1.5, 0.7))))})
    # the Kestrel TRO the clerk asks about
    jobs.append({"t": at("16:52:41"), "env": "ENV-71550342", "case": "KE26CV04877", "court": "Kestrel County Superior Court",
                 "docs": [("DOC-66120475", 14), ("DOC-66120476", 6), ("DOC-66120477", 2)], "attempt": 0, "id": 2481377, "exparte": True, "n_rcpt": 2, "unlucky": True})
    alog(at("16:52:39"), "EFILE-WEB-02", "INF", "Efile.Api.Review.ReviewService", "Envelope ENV-71550342 accepted by clerk kdelgado (Kestrel County Superior Court); 3 documents queued for stamping")
    # a damaged PDF that got past validation (a genuine stamping failure)
    jobs.append({"t": at("14:22:08"), "env": "ENV-31877204", "case": "TM25CV00931", "court": "Tamarack County Superior Court",
                 "docs": [("DOC-52278811", 9)], "attempt": 0, "id": 2419904, "exparte": False, "n_rcpt": 3, "damaged": True})

    entry_no = {}

    def run_job(job, t):
        """one attempt; returns True on success"""
        names = [n for n in WORKERS if running(n, t)]
        name = rng.choice(names)
        if job.get("unlucky") and [n for n in names if blocked(n, t)]:
            name = [n for n in names if blocked(n, t)][0]
        ver = version(name, t)
        job["attempt"] += 1
        a = job["attempt"]
        tt = t + dt.timedelta(milliseconds=rng.randint(30, 400))
        work = f"D:\\EfileWork\\stamp\\{job['env']}"
        if blocked(name, tt) or job.get("damaged"):
            doc = job["docs"][0][0]
            path = f"{work}\\{doc}.pdf"
            if job.get("damaged"):
                exc = ("iText.Kernel.Exceptions.PdfException: Trailer not found.\r\n"
                       "   at iText.Kernel.Pdf.PdfReader.ReadPdf()\r\n   at iText.Kernel.Pdf.PdfDocument.Open(PdfVersion newPdfVersion)\r\n"
                       "   at Efile.Worker.Stamping.FileStamper.Stamp(String sourcePath, String targetPath, FileStampText text) in D:\\a\\1\\s\\src\\Efile.Worker\\Stamping\\FileStamper.cs:line 15\r\n"
                       "   at Efile.Worker.Stamping.StampAndDocketService.RunAsync(StampJob job, CancellationToken ct) in D:\\a\\1\\s\\src\\Efile.Worker\\Stamping\\StampAndDocketService.cs:line 74")
                err = "Trailer not found."
            else:
                exc = (f"System.UnauthorizedAccessException: Access to the path '{path}' is denied.\r\n"
                       "   at Microsoft.Win32.SafeHandles.SafeFileHandle.CreateFile(String fullPath, FileMode mode, FileAccess access, FileShare share, FileOptions options)\r\n"
                       "   at Microsoft.Win32.SafeHandles.SafeFileHandle.Open(String fullPath, FileMode mode, FileAccess access, FileShare share, FileOptions options, Int64 preallocationSize, Nullable`1 unixCreateMode)\r\n"
                       "   at System.IO.Strategies.OSFileStreamStrategy..ctor(String path, FileMode mode, FileAccess access, FileShare share, FileOptions options, Int64 preallocationSize, Nullable`1 unixCreateMode)\r\n"
                       "   at System.IO.FileStream..ctor(String path, FileMode mode, FileAccess access, FileShare share, Int32 bufferSize, FileOptions options)\r\n"
                       "   at Efile.Worker.Stamping.DocStoreClient.DownloadAsync(String docStoreId, String localPath, CancellationToken ct) in D:\\a\\1\\s\\src\\Efile.Worker\\Stamping\\DocStoreClient.cs:line 8\r\n"
                       f"   at Efile.Worker.Stamping.StampAndDocketService.RunAsync(StampJob job, CancellationToken ct) in D:\\a\\1\\s\\src\\Efile.Worker\\Stamping\\StampAndDocketService.cs:line {66 if ver == '4.23.0' else 58}")
                err = f"Access to the path '{path}' is denied."
                cfa_event(tt - dt.timedelta(milliseconds=rng.randint(1, 4)), name, 1123, "D:\\Apps\\Efile.Worker\\Efile.Worker.exe", work, path)
                stats["blocked"].append((tt, name))
            retry = [1, 5][a - 1] if a < 3 else None
            nxt = f"retry in {retry} min" if retry else "left failed"
            if ver == "4.23.0" and not job.get("damaged"):
                tmpl = "Stamping failed for {DocumentId} of {EnvelopeId} ({CaseNumber}), attempt {Attempt}/3: {Error:l}"
                wlog(tt, name, "Error", tmpl, f"Stamping failed for {doc} of {job['env']} ({job['case']}), attempt {a}/3: {err}",
                     "Efile.Worker.Stamping.StampAndDocketService", exc=exc, DocumentId=doc, EnvelopeId=job["env"], CaseNumber=job["case"], Attempt=a, Error=err)
            else:
                tmpl = "Job StampAndDocket {JobId} for {EnvelopeId} failed (attempt {Attempt}/3), {Next}"
                wlog(tt, name, "Warning", tmpl, f"Job StampAndDocket {job['id']} for {job['env']} failed (attempt {a}/3), {nxt}",
                     "Efile.Worker.Stamping.StampAndDocketService", exc=exc, JobId=job["id"], EnvelopeId=job["env"], Attempt=a, Next=nxt)
            if not job.get("damaged"):
                stats["fail"].append((tt, name, ver, job["env"]))
            if retry is None:
                job["failed_at"] = tt
                if not job.get("damaged"):
                    stats["failed_jobs"].append(job)
                return False, None
            return False, tt + dt.timedelta(minutes=retry, seconds=rng.uniform(0.5, 2.5))
        # success
        if name in WORKERS and t < (block_from[name] or END) and t < force_at[name]:
            cfa_event(tt, name, 1124, "D:\\Apps\\Efile.Worker\\Efile.Worker.exe", work, f"{work}\\{job['docs'][0][0]}.pdf")
        local = t - dt.timedelta(hours=8)
        stamp = f"ELECTRONICALLY FILED {local.month}/{local.day}/{local.year} {local.strftime('%I:%M %p').lstrip('0')}"
        entry_no.setdefault(job["case"], rng.randint(2, 120))
        entry_no[job["case"]] += 1
        entry = entry_no[job["case"]]
        for doc, pages in job["docs"]:
            ms_ = int(60 + pages * rng.uniform(4, 12))
            tt += dt.timedelta(milliseconds=ms_ + rng.randint(40, 200))
            tmpl = "Stamped {DocumentId} for {CaseNumber} entry {EntryNumber}: {Stamp} on page 1 ({Pages} pages) in {Elapsed} ms"
            wlog(tt, name, "Information", tmpl, f"Stamped {doc} for {job['case']} entry {entry}: \"{stamp}\" on page 1 ({pages} pages) in {ms_} ms",
                 "Efile.Worker.Stamping.StampAndDocketService", DocumentId=doc, CaseNumber=job["case"], EntryNumber=entry, Pages=pages, Elapsed=ms_)
            tt += dt.timedelta(milliseconds=rng.randint(80, 400))
            size = pages * rng.randint(25000, 90000)
            ds = f"ds://{job['court'].split()[0].lower()}/2026/11/16/{doc.lower()}"
            wlog(tt, name, "Information", "Stored stamped copy of {DocumentId} in DocStore as {DocStoreId} ({Size:N0} bytes)",
                 f"Stored stamped copy of {doc} in DocStore as {ds} ({size:,} bytes)", "Efile.Worker.Stamping.DocStoreClient", DocumentId=doc, DocStoreId=ds, Size=size)
        tt += dt.timedelta(milliseconds=rng.randint(150, 900))
        wlog(tt, name, "Information", "Docketed {EnvelopeId} in CMS as {CaseNumber} entry {EntryNumber} ({Court})",
             f"Docketed {job['env']} in CMS as {job['case']} entry {entry} ({job['court']})", "Efile.Worker.Docketing.CmsDocketClient",
             EnvelopeId=job["env"], CaseNumber=job["case"], EntryNumber=entry, Court=job["court"])
        nid = f"NEF-{rng.randint(10**7, 10**8 - 1)}"
        tt += dt.timedelta(seconds=rng.uniform(1, 6))
        n = job["n_rcpt"]
        ms_ = rng.randint(120, 600) + 12 * n
        wlog(tt, rng.choice([w for w in WORKERS if running(w, tt)]), "Information", "NEF {NefId} for {CaseNumber} entry {EntryNumber} sent to {Recipients} recipients in {Messages} messages ({Elapsed} ms)",
             f"NEF {nid} for {job['case']} entry {entry} sent to {n} recipients in 1 messages ({ms_} ms)", "Efile.Worker.Nef.NefDispatcher",
             NefId=nid, CaseNumber=job["case"], EntryNumber=entry, Recipients=n, Messages=1, Elapsed=ms_)
        stats["ok"].append((tt, name, job["env"]))
        job["done"] = tt
        return True, None

    queue = sorted(jobs, key=lambda j: j["t"])
    while queue:
        job = queue.pop(0)
        if job["t"] >= END:
            continue
        ok, nxt = run_job(job, job["t"])
        if nxt is not None:
            job["t"] = nxt
            queue.append(job)
            queue.sort(key=lambda j: j["t"])
    # Priya requeues the failed jobs
    failed = [j for j in stats["failed_jobs"]]
    stats["requeued"] = len(failed)
    wlog(REQUEUE, "EFILE-WKR-01", "Information", "Requeued {Count} StampAndDocket jobs in state {State} (requested by {User})",
         f"Requeued {len(failed)} StampAndDocket jobs in state Failed (requested by praman)", "Efile.Worker.Stamping.StampJobQueue", Count=len(failed), State="Failed", User="praman")
    stats["failed_by"] = lambda t: len([j for j in failed if j["failed_at"] <= t])
    for k, job in enumerate(failed):
        job["attempt"] = 0
        run_job(job, REQUEUE + dt.timedelta(seconds=2 + 2.2 * k + rng.uniform(0, 1.5)))
    stats["kestrel_done"] = next(j.get("done") for j in jobs if j["env"] == "ENV-71550342")

    # ---- worker housekeeping, starts and stops
    for name in WORKERS:
        t = START + dt.timedelta(seconds=rng.uniform(0, 300))
        while t < END:
            if running(name, t):
                due = rng.choice([0, 0, 0, 1, 2])
                retrying = len([f for f in stats["fail"] if t - dt.timedelta(minutes=5) < f[0] <= t])
                nfailed = len([j for j in stats["failed_jobs"] if j["failed_at"] <= t]) if t < REQUEUE else 0
                wlog(t, name, "Information", "Stamping queue: {Due} due, {Retrying} retrying, {Failed} failed",
                     f"Stamping queue: {due} due, {retrying} retrying, {nfailed} failed",
                     "Efile.Worker.Stamping.StampJobQueue", Due=due, Retrying=retrying, Failed=nfailed)
            t += dt.timedelta(seconds=300, milliseconds=rng.randint(0, 400))
        t = START + dt.timedelta(seconds=rng.uniform(0, 3300))
        while t < END:
            if running(name, t):
                wlog(t, name, "Information", "CMS session renewed for {Account}, expires {Expires:HH:mm}",
                     f"CMS session renewed for svc-efile-cms, expires {(t + dt.timedelta(hours=1)).strftime('%H:%M')}", "Efile.Worker.Docketing.CmsSession",
                     Account="svc-efile-cms", Expires=iso7(t + dt.timedelta(hours=1)))
            t += dt.timedelta(minutes=55, seconds=rng.randint(0, 30))

    def svc_event(t, name, state):
        ev(t, name, "System", "Service Control Manager", 7036, "information", f"The Efile Worker service entered the {state} state.")

    base_sha = shas["base"][:7]
    for name in WORKERS:
        for start, ver in versions[name][1:]:
            stop = start - dt.timedelta(seconds=9)
            if not (name == "EFILE-WKR-02" and start >= REDEPLOY):   # already stopped by the failed rollback
                wlog(stop, name, "Information", "Application is shutting down...", "Application is shutting down...", "Microsoft.Hosting.Lifetime")
                svc_event(stop + dt.timedelta(seconds=1.5), name, "stopped")
            sha = sha4230[:7] if ver == "4.23.0" else base_sha
            wlog(start, name, "Information", "Efile.Worker {Version} ({Commit}) starting on {Host}, .NET {Runtime}",
                 f"Efile.Worker {ver} ({sha}) starting on {name}, .NET 8.0.10", "Efile.Worker.Program", Commit=sha, Host=name, Runtime="8.0.10")
            wlog(start + dt.timedelta(milliseconds=rng.randint(300, 700)), name, "Information", "Stamping: work directory {WorkDirectory}, concurrency {Concurrency}",
                 f"Stamping: work directory D:\\EfileWork\\stamp, concurrency {6 if ver == '4.23.0' else 4}", "Efile.Worker.Stamping.StampAndDocketService",
                 WorkDirectory="D:\\EfileWork\\stamp", Concurrency=6 if ver == "4.23.0" else 4)
            wlog(start + dt.timedelta(milliseconds=rng.randint(800, 1200)), name, "Information", "Application started. Hosting environment: {EnvName}; Content root path: {ContentRoot}",
                 "Application started. Hosting environment: Production; Content root path: D:\\Apps\\Efile.Worker", "Microsoft.Hosting.Lifetime", EnvName="Production", ContentRoot="D:\\Apps\\Efile.Worker")
            svc_event(start + dt.timedelta(seconds=1.2), name, "running")
    # WKR-02 stopped by the failed rollback
    wlog(rb_02_stop, "EFILE-WKR-02", "Information", "Application is shutting down...", "Application is shutting down...", "Microsoft.Hosting.Lifetime")
    svc_event(rb_02_stop + dt.timedelta(seconds=1.5), "EFILE-WKR-02", "stopped")
    for k, name in enumerate(WEBS):
        for tdep, ver in ((DEPLOY_4230, "4.23.0"), (REDEPLOY, "4.23.0")):
            if tdep == REDEPLOY:
                continue
            alog(tdep + dt.timedelta(seconds=210 + 38 * k), name, "INF", "Efile.Api.Program", f"Efile.Api {ver} ({sha4230[:7]}) started on {name}, app pool efile-api")

    # ---- Azure DevOps
    def dlog(t, msg, jitter=True):
        if START <= t < END:
            t = t + dt.timedelta(microseconds=rng.randint(0, 400000) if jitter else rng.randint(0, 900))
            devops.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}{rng.randint(0, 9)}Z {msg}")

    def deploy_ok(host, t_up, label, svc, dest, ver):
        t0 = t_up - dt.timedelta(seconds=16)
        dlog(t0, f"##[section]Starting: Deploy {label} to {host}")
        dlog(t0 + dt.timedelta(seconds=1), f"Downloading artifact efile ({ver})")
        dlog(t0 + dt.timedelta(seconds=6), f"Stop-Service {svc}" if label == "worker" else f"Stop-WebAppPool {svc}")
        dlog(t0 + dt.timedelta(seconds=8), f"robocopy {dest}: {rng.randint(180, 260)} files copied, {rng.randint(3, 12)} extras removed, 0 failed")
        dlog(t_up, f"Start-Service {svc}" if label == "worker" else f"Start-WebAppPool {svc}")
        dlog(t_up + dt.timedelta(seconds=2), f"##[section]Finishing: Deploy {label} to {host}")

    dlog(DEPLOY_4230 - dt.timedelta(seconds=30), "##[section]Starting: production (efile-prod 20261116.1, requested by dwhitfield)")
    dlog(DEPLOY_4230 - dt.timedelta(seconds=29), f"Build 4.23.0: refs/tags/v4.23.0 @ {sha4230}")
    for host, t_up in dep_4230.items():
        deploy_ok(host, t_up, "worker", "EfileWorker", "D:\\Apps\\Efile.Worker", "4.23.0")
    for k, host in enumerate(WEBS):
        deploy_ok(host, DEPLOY_4230 + dt.timedelta(seconds=210 + 38 * k), "api", "efile-api", "D:\\Apps\\Efile.Api", "4.23.0")
    dlog(DEPLOY_4230 + dt.timedelta(seconds=300), "##[section]Finishing: production (efile-prod 20261116.1) - Succeeded")
    # the rollback: WKR-01 fine, WKR-02's robocopy blocked
    dlog(ROLLBACK - dt.timedelta(seconds=30), "##[section]Starting: production (efile-prod 20261109.1 (redeploy), requested by praman)")
    dlog(ROLLBACK - dt.timedelta(seconds=29), f"Build 4.22.3: refs/tags/v4.22.3 @ {shas['base']}")
    deploy_ok("EFILE-WKR-01", rb_01, "worker", "EfileWorker", "D:\\Apps\\Efile.Worker", "4.22.3")
    t0 = rb_02_stop - dt.timedelta(seconds=6)
    dlog(t0, "##[section]Starting: Deploy worker to EFILE-WKR-02")
    dlog(t0 + dt.timedelta(seconds=1), "Downloading artifact efile (4.22.3)")
    dlog(rb_02_stop, "Stop-Service EfileWorker")
    tr = rb_02_stop + dt.timedelta(seconds=2)
    src = "C:\\azagent\\A1\\_work\\r1\\a\\efile\\worker"
    dlog(tr, f"robocopy {src} D:\\Apps\\Efile.Worker /MIR /R:2 /W:5 /NP", jitter=False)
    for k in range(3):
        tk = tr + dt.timedelta(seconds=5.2 * k + 0.3)
        dlog(tk, f"{tk.strftime('%Y/%m/%d %H:%M:%S')} ERROR 5 (0x00000005) Copying File {src}\\Efile.Worker.dll", jitter=False)
        dlog(tk + dt.timedelta(milliseconds=2), "Access is denied.", jitter=False)
        cfa_event(tk - dt.timedelta(milliseconds=3), "EFILE-WKR-02", 1123, "C:\\Windows\\System32\\Robocopy.exe", "D:\\Apps\\Efile.Worker",
                  "D:\\Apps\\Efile.Worker\\Efile.Worker.dll", user="CASCADIA\\svc-azdo-agent")
        if k < 2:
            dlog(tk + dt.timedelta(milliseconds=4), "Waiting 5 seconds... Retrying...", jitter=False)
    dlog(rb_02_fail - dt.timedelta(seconds=1), "ERROR: RETRY LIMIT EXCEEDED.")
    dlog(rb_02_fail, "##[error]PowerShell exited with code '1'.")
    dlog(rb_02_fail + dt.timedelta(seconds=1), "##[section]Finishing: Deploy worker to EFILE-WKR-02")
    dlog(rb_02_fail + dt.timedelta(seconds=2), "##[error]Deployment on resource EFILE-WKR-02 failed; rolling strategy stops after a failed target (maxParallel 1)")
    dlog(rb_02_fail + dt.timedelta(seconds=3), "##[section]Finishing: production (efile-prod 20261109.1 (redeploy)) - Failed")
    # the redeploy of 4.23.0 after Security's fix: robocopy audited, not blocked
    dlog(REDEPLOY - dt.timedelta(seconds=30), "##[section]Starting: production (efile-prod 20261116.1 (redeploy), requested by praman)")
    dlog(REDEPLOY - dt.timedelta(seconds=29), f"Build 4.23.0: refs/tags/v4.23.0 @ {sha4230}")
    for host, t_up in redeploy.items():
        deploy_ok(host, t_up, "worker", "EfileWorker", "D:\\Apps\\Efile.Worker", "4.23.0")
        cfa_event(t_up - dt.timedelta(seconds=7), host, 1124, "C:\\Windows\\System32\\Robocopy.exe", "D:\\Apps\\Efile.Worker",
                  "D:\\Apps\\Efile.Worker\\Efile.Worker.dll", user="CASCADIA\\svc-azdo-agent")
    dlog(max(redeploy.values()) + dt.timedelta(seconds=5), "##[section]Finishing: production (efile-prod 20261116.1 (redeploy)) - Succeeded")

    # ---- Teams #efile-oncall
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "efile-oncall",
                                 "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    fails = stats["fail"]
    onset = min(f[0] for f in fails)
    stats["onset"] = onset
    alert_at = None
    for f in fails:
        if len([x for x in fails if f[0] - dt.timedelta(minutes=10) < x[0] <= f[0]]) >= 5:
            alert_at = f[0] + dt.timedelta(seconds=45)
            break
    stats["alert"] = alert_at
    after_quiet = [f for f in fails if f[0] > rb_02_fail and f[1] == "EFILE-WKR-01"]
    stats["wkr01_first"] = after_quiet[0][0]
    failed_before_rb = len([j for j in stats["failed_jobs"] if j.get("attempt")])
    say(at("15:28:00"), "Dana Whitfield", "4.23.0 going out now (EF-958 atomic stamped copies, EF-960 concurrency 6, iText 9, FEE-247). Clerks open at 8.")
    say(DEPLOY_4230 + dt.timedelta(minutes=6), "Dana Whitfield", "4.23.0 on all six. Test envelope stamped and docketed in Tamarack.")
    say(alert_at, "Grafana", f"[FIRING:1] StampAndDocket failures (efile-prod): {len([x for x in fails if alert_at - dt.timedelta(minutes=10) < x[0] <= alert_at])} failed attempts in 10 min")
    say(alert_at + dt.timedelta(minutes=2), "Priya Raman", "On it. Only EFILE-WKR-02: 'Stamping failed for DOC-... attempt 1/3: Access to the path 'D:\\EfileWork\\stamp\\ENV-...\\DOC-....pdf' is denied.' Retries on 01/03 go through. Runbook says gMSA permissions or a full D:.")
    say(alert_at + dt.timedelta(minutes=6), "Priya Raman", "WKR-02: D: 61% free, icacls D:\\EfileWork gives gmsa-efilewkr$ Modify as on 01 and 03, nothing changed there. But 4.23.0 changed how we write in D:\\EfileWork (EF-958, temp file + move) and iText 9. Runbook: after a release, roll back. Redeploying 4.22.3, the ex parte calendar starts at 8:30.")
    say(rb_02_fail + dt.timedelta(seconds=50), "Priya Raman", "Rollback: WKR-01 on 4.22.3; WKR-02 failed in robocopy, 'ERROR 5 (0x00000005) Copying File ... Efile.Worker.dll Access is denied.' Something is holding files on 02. The pipeline stopped, so 02 is stopped and 03 is still on 4.23.0. Leaving 02 out, 01 and 03 carry it.")
    say(rb_02_fail + dt.timedelta(minutes=9), "Priya Raman", "No stamping failure since 08:33 with 01 on 4.22.3 and 02 out. Looks like 02 itself. @Tom Becker can you look at WKR-02's D: drive?")
    say(stats["wkr01_first"] + dt.timedelta(minutes=3), "Priya Raman", f"Now WKR-01 fails the same way, on 4.22.3: 'Job StampAndDocket ... failed (attempt 1/3)', UnauthorizedAccessException on D:\\EfileWork. Only 03 stamps, and 03 runs 4.23.0. So it is not the release.")
    say(at("16:58:20"), "Rosa Delgado", f"Kestrel Civil: an ex parte TRO (KE26CV04877) accepted at 8:52 has no stamped copy, the attorney is at the counter for the 9:30 hearing. Several envelopes from this morning still say Accepted - processing.")
    first02 = min(b[0] for b in stats["blocked"] if b[1] == "EFILE-WKR-02") - dt.timedelta(hours=8)
    first01 = min(b[0] for b in stats["blocked"] if b[1] == "EFILE-WKR-01") - dt.timedelta(hours=8)
    say(at("17:03:40"), "Tom Becker", f"WKR-02 and WKR-01 Defender log: 'Controlled Folder Access blocked D:\\Apps\\Efile.Worker\\Efile.Worker.exe from making changes to the folder D:\\EfileWork\\stamp\\...' from {first02.strftime('%H:%M')} on 02 and {first01.strftime('%H:%M')} on 01, and robocopy blocked on 02 at 08:33. Each starts right after a Group Policy refresh with new settings and a 5007: EnableControlledFolderAccess 0x2 -> 0x1. WKR-03 last refreshed at 07:50, before it. That's the Tier-2 Defender baseline.")
    say(at("17:08:10"), "Aisha Rahman", "Security: yes, CHG0051877 this morning, Tier-2 CFA from audit to block at 08:00. Efile.Worker.exe is on the allowed list, but with the CMDB path C:\\Program Files\\Cascadia eFile\\Worker\\. The audit report we signed off was grouped by file name. Adding D:\\Apps\\Efile.Worker\\Efile.Worker.exe and putting the six eFile servers back in audit until we have reviewed their events.")
    say(SEC_FIX, "Aisha Rahman", "GPO updated (allowed app + audit for the eFile servers group). Background refresh takes up to 2 h; @Tom Becker please gpupdate /force.")
    say(FORCE + dt.timedelta(minutes=2, seconds=10), "Tom Becker", "gpupdate /force done on all six, 5007 back to 0x2 on 01, 02 and the web servers.")
    say(REQUEUE + dt.timedelta(seconds=40), "Priya Raman", f"Stamping OK again on 01 (4.22.3) and 03. Requeued {stats['requeued']} failed jobs.")
    say(at("17:39:00"), "Rosa Delgado", "KE26CV04877 stamped and returned, the TRO hearing went ahead at 9:40.")
    say(REDEPLOY - dt.timedelta(minutes=1), "Priya Raman", "Redeploying 4.23.0 to the three workers so they match again (02 is still stopped).")
    say(max(redeploy.values()) + dt.timedelta(seconds=40), "Priya Raman", "4.23.0 on 01/02/03, robocopy went through (audited, not blocked). Nothing to change in eFile.")
    say(at("18:31:00"), "Aisha Rahman", "Post-change review for CHG0051877: allowed applications will be built from the audit events' process paths, not the CMDB. eFile stays in audit until we agree the list with the eFile team, robocopy for the deployment agent included.")

    # ---- ServiceNow
    def rec(t, body):
        snow.add(t, json.dumps(body, ensure_ascii=False))

    def ticket(t, number, state, short, desc, opened=None, group="eFile Support", caller="Service Desk"):
        rec(t, {"number": number, "sys_class_name": "incident", "opened_at": (opened or t).strftime("%Y-%m-%d %H:%M:%S"), "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"),
                "assignment_group": group, "caller_id": caller, "state": state, "short_description": short, "description": desc})

    def change(t, state, note):
        rec(t, {"number": "CHG0051877", "sys_class_name": "change_request", "type": "Normal", "state": state, "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"),
                "assignment_group": "Information Security Engineering", "cmdb_ci": "GPO JB-SRV-T2-Defender-Baseline",
                "short_description": "Tier-2 server baseline: Microsoft Defender Controlled Folder Access from Audit to Block",
                "start_date": "2026-11-16 16:00:00", "end_date": "2026-11-16 18:00:00", "work_notes": note})

    change(at("14:55:00"), "Scheduled", "CAB approved 11/10. Audit mode since 10/05; allowed applications from the CMDB application inventory. Application owners notified via the Tier-2 app owners DL on 11/09.")
    change(CHANGE + dt.timedelta(seconds=40), "Implement", "EnableControlledFolderAccess set to 1 (Block) in GPO JB-SRV-T2-Defender-Baseline. Servers apply at next background refresh (90 min + 0-30 min).")
    ticket(at("15:12:40"), "INC0268803", "New", "Cannot pay filing fee", "Filer reports ePay declined a card twice for the same envelope; bank shows no attempt.", caller="eFile Help Line")
    ticket(at("14:35:50"), "INC0268790", "New", "Envelope accepted but no stamped copy", "Tamarack: envelope ENV-31877204 accepted overnight, stamping failed three times. Worker says 'Trailer not found'. Returned to filer for a new PDF.", caller="Tamarack Civil")
    ticket(at("16:47:30"), "INC0268851", "New", "Conformed copies missing", "Several attorneys report envelopes accepted this morning without the stamped copy.", caller="eFile Help Line")
    ticket(at("16:59:10"), "INC0268860", "New", "Ex parte TRO not stamped - KE26CV04877", "Kestrel Civil: TRO application accepted 8:52, no stamped copy, hearing at 9:30.", caller="Rosa Delgado (Kestrel Civil)")
    ticket(at("17:05:30"), "INC0268866", "New", "Controlled Folder Access blocking Efile.Worker.exe on EFILE-WKR-01/02", "Defender 1123 on EFILE-WKR-01 and 02 since the Tier-2 baseline went to block (CHG0051877); Efile.Worker.exe allowed with the wrong path.", group="Information Security Engineering", caller="Tom Becker")
    change(at("17:20:30"), "Implement", "Incident INC0268866: allowed application D:\\Apps\\Efile.Worker\\Efile.Worker.exe added; eFile servers (security group SG-eFile-Servers) back to Audit (2) via a filtered GPO. gpupdate /force by Windows server team.")
    kd = stats["kestrel_done"] - dt.timedelta(hours=8)
    ticket(at("17:40:10"), "INC0268860", "Resolved", "Ex parte TRO not stamped - KE26CV04877", f"Stamped and returned {kd.hour - 12 if kd.hour > 12 else kd.hour}:{kd.minute:02d} after Security's GPO fix and the requeue; hearing held 9:40.", opened=at("16:59:10"), caller="Rosa Delgado (Kestrel Civil)")
    ticket(at("17:52:00"), "INC0268851", "Resolved", "Conformed copies missing", f"Failed stamping jobs requeued at 09:30; all {stats['requeued']} envelopes stamped. Cause: CHG0051877 (Defender CFA block), see INC0268866.", opened=at("16:47:30"), caller="eFile Help Line")
    change(at("18:35:00"), "Review", "Caused INC0268851/INC0268860/INC0268866: allowed applications list built from CMDB paths. Post-implementation review scheduled; eFile servers stay in Audit.")
    flush_events()
    return [worker, api, winlog, devops, teams, snow], stats


def build(out_dir):
    rng = random.Random(80200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert at("16:14:05") <= stats["onset"] < at("16:20:00"), stats["onset"]
        assert stats["alert"] < ROLLBACK, stats["alert"]
        assert not [f for f in stats["fail"] if f[0] > FORCE + dt.timedelta(minutes=1)], "failures after the fix"
        assert not [f for f in stats["fail"] if ROLLBACK + dt.timedelta(minutes=2) < f[0] < at("16:49:20")], "failures while WKR-01 was unblocked"
        assert stats["wkr01_first"] < at("16:58:00"), stats["wkr01_first"]
        assert stats["kestrel_done"] and stats["kestrel_done"] > FORCE, stats["kestrel_done"]
        ok, fail = stats["ok"], stats["fail"]

        def per_min(kind, name):
            src = ok if kind == "ok" else fail

            def fn(t):
                return sum(1 for x in src if x[1] == name and t - dt.timedelta(minutes=1) < x[0] <= t)
            return fn

        metrics = {"efile_stamp_jobs_per_minute.json": query_range(
            [({"job": "efile-worker", "instance": n, "outcome": k}, per_min(k, n)) for n in WORKERS for k in ("ok", "failed")], START, END, 60)}
        return write_scenario(
            out_dir, name="r80-stamp-controlled-folder-access-none", service=SERVICE, onset=onset,
            description=f"""
Cascadia eFile stops returning file-stamped copies on Monday 16 November:
from {onset.strftime('%H:%M:%S')} UTC the StampAndDocket jobs on EFILE-WKR-02 fail with
"Access to the path 'D:\\EfileWork\\stamp\\...' is denied", later those on
EFILE-WKR-01 too; accepted envelopes stay in "processing" without their
conformed copies, among them an ex parte TRO for a hearing. eFile 4.23.0
had been deployed at 15:35; the rollback to 4.22.3 at 16:32 failed on
WKR-02 and did not help on WKR-01. Stamping worked again from 17:24; the
failed jobs were requeued at 17:30 and 4.23.0 deployed again at 17:45.
""",
            logs=logs,
            line_formats={"efile-api.log": r'<Date> <Time> <Tz> \[<Level>\] <Host> <Logger>: <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'Controlled Folder Access blocked',
                        r'Microsoft Defender Antivirus Configuration has changed'],
            fix_files=[],
            explanation=f"""
No commit caused this. Information Security Engineering's change
CHG0051877 switched Microsoft Defender's Controlled Folder Access in the
Tier-2 application servers' Group Policy baseline from audit to block at
16:00 UTC. Its allowed-applications list had the eFile worker at its old
CMDB path (C:\\Program Files\\Cascadia eFile\\Worker\\), not
D:\\Apps\\Efile.Worker\\Efile.Worker.exe, so at each server's next background
Group Policy refresh (1502, then 5007 EnableControlledFolderAccess 0x2 ->
0x1; WKR-02 at 16:14, WKR-01 at 16:49) Defender blocked every write of the
worker in D:\\EfileWork ("Controlled Folder Access blocked ...
Efile.Worker.exe", event 1123), and the stamping jobs failed with
UnauthorizedAccessException ({len(stats['fail'])} failed attempts, {stats['requeued']} jobs left failed).
Security added the right path and put the eFile servers back in audit;
gpupdate /force at 17:24 ended it. Nothing in efile was changed.
Decoys: release 4.23.0, deployed {round((onset - DEPLOY_4230).total_seconds() / 60)} minutes before the onset (EF-958, which
writes the stamped copy to a temp file and moves it, in the very work
directory; EF-963, which adds the very "Stamping failed ... Access to the
path" error line; the iText 9.0.0 bump and its API follow-up; EF-960,
stamping concurrency 6); the rollback to 4.22.3, which failed on WKR-02
(robocopy "ERROR 5 ... Access is denied", CFA again), seemed to help for 17
minutes and then failed on WKR-01 at its own refresh; Friday's runbook
commit that reads "access denied" as the gMSA's NTFS rights after the
service account review or a full D: and says to roll back after a release;
a damaged PDF's "Trailer not found" at 14:22; CFA audit events (1124) for
the worker since long before; Defender's security intelligence update at
15:41; the web servers' identical policy change without effect.
""",
        )
    finally:
        repo.close()
