"""efile (C#, .NET 8; Serilog; Windows Server VMs in the Judicial Branch's
data centre, deployed by Azure DevOps pipelines to a deployment group; team
in Salem-on-Willamette, Pacific time) is Cascadia eFile, the statewide
electronic filing system of the Cascadia Judicial Branch. Efile.Api (IIS on
EFILE-WEB-01..03) takes envelopes from attorneys and e-filing service
providers: PDF uploads validated before they are accepted (text-searchable,
8.5 x 11 in, no JavaScript, no encryption, at most 35 MB), filing fees from
the Branch's fee schedule paid by card through the State Treasury's ePay or
charged to a firm's draw-down account, submission to the clerk's review
queue. When a clerk accepts an envelope (or, for subsequent filings by
registered attorneys in existing civil cases, automatically) Efile.Worker
(a Windows service on EFILE-WKR-01..03) applies the clerk's file stamp to
page 1 of each PDF, dockets the entry in the case management system and
sends a Notice of Electronic Filing (NEF) to every service contact on the
case's service list; under the Branch's e-filing rules the NEF is service.
NEFs go through the Judicial Branch's SMTP relays (Postfix, run by the
messaging team, smtp-relay-01/02), whose relay standard RLY-3 (2019) caps
every SMTP transaction at 100 recipients (smtpd_recipient_limit = 100) and
every client at 300 messages a minute.

Tuesday 8 September 2026, 17:42 UTC: NTF-409 "NEF: one message per docket
entry, service list in Bcc". Until then NefMailer sent one message per
service contact; on 20 August the Cedar Ridge Fire Cases (JCCP 5219, a
coordinated proceeding of 2,900 plaintiffs against Cascadia Power & Light
and its contractors, whose master service list has 231 addresses) had their
bellwether order, the relay answered "450 4.7.1 Error: too much mail" and
NEFs queued for 40 minutes (NTF-398). NTF-409 builds one message per docket
entry with the service list in Bcc; its test runs against smtp4dev with 12
recipients. Shipped in 4.18.0, deployed on Tuesday evening (02:05 UTC). For
every ordinary case (2-40 addresses, one construction defect case with 74)
it works: one message, one SMTP transaction. A transaction with more than
100 RCPT TO gets "452 4.5.3 Error: too many recipients" for every recipient
past the hundredth; MailKit throws SmtpCommandException for the first one
refused, resets and the whole NEF fails. One Harbor Point Refinery Flaring
Cases NEF (JCCP 5174, 126 addresses) failed on Wednesday and went to the
dead-letter table unnoticed; the Cedar Ridge master docket had no entry
between Tuesday's status conference and Friday.

Friday 11 September, 08:38 PDT (15:38 UTC): the courtroom clerk enters the
minute order of Thursday's status conference in JCCP 5219; by noon the
parties' bellwether pool selections are due under CMO 21. Every NEF of the
master docket fails and is retried; the retries fail the same way. At 14:05
Dana had deployed hotfix 4.18.1 (FEE-233: a fee waiver lost when a returned
envelope is resubmitted) from main, which also ships NTF-414 (NEF retries at
2/10/30/60 min, dead letter after 5 attempts), NTF-416 (NEF dispatch
concurrency 4 -> 8), NTF-417 (which adds the relay's reply and the refused
recipient to the very send-failure warning), NTF-415 (subject format, in the
culprit's file) and Dependabot's MailKit 4.8.0. The messaging team had
patched the relays at 13:02 (postfix 3.5.25). The runbook (Thursday) reads a
refused recipient as a bad attorney address to be marked undeliverable,
"too much mail" as relay throttling, and says to roll back after a release.

Dana marks the refused address undeliverable and requeues: the next address
on the list is refused. MailKit reports 452 as InsufficientStorage, which
sends her to the messaging team about the relays' disks and the morning's
patch; Ken says the relays are fine and other applications deliver. Dana
rolls back to 4.18.0 at 16:26 (the warning loses the relay's reply); the
failures go on. Lorraine (Civil Division, Alder County) reports calls from
liaison counsel and Judge Alvarez's chambers. Ken finds the worker's
sessions in the relay log, "rcpt=100/231 rset=1", and points at RLY-3's
recipient limit; Marisol recognises NTF-409. NTF-421 (4.18.2, deployed at
17:38) sends the Bcc in chunks of 50 recipients per message, Dana requeues
the failed and dead-lettered NEFs at 17:47, Wednesday's Harbor Point one
among them, and the judge deems Friday's master docket served at re-send.

Sources: Efile.Worker (Serilog rendered compact JSON, CLEF), Efile.Api
(Serilog text, line format), IIS (W3C extended), the relays (Postfix, syslog
RFC 3164), Azure DevOps deployment logs, #efile-oncall (Teams export, JSON
lines), ServiceNow incidents (JSON lines)."""

import datetime as dt
import hashlib
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from formats import syslog3164

SERVICE = "efile"
START, END = utc("2026-09-11 12:30:00"), utc("2026-09-11 19:30:00")
CULPRIT_AT = utc("2026-09-08 17:42:00")
DEPLOY_4180 = utc("2026-09-09 02:05:00")   # Tuesday evening window (before the logs)
RELAY_PATCH = utc("2026-09-11 13:02:10")   # messaging team: postfix 3.5.25 on the relays
DEPLOY_4181 = utc("2026-09-11 14:05:20")   # hotfix 4.18.1
FIRST_JCCP = utc("2026-09-11 15:38:04")    # minute order entered in JCCP 5219
MARK_BAD = utc("2026-09-11 16:03:30")      # Dana marks the refused address undeliverable
ROLLBACK = utc("2026-09-11 16:26:10")      # redeploy of 4.18.0
DEPLOY_4182 = utc("2026-09-11 17:38:15")   # the fix
REQUEUE = utc("2026-09-11 17:47:20")       # failed and dead-lettered NEFs requeued

PKG_WORKER = "src/Efile.Worker"
PKG_API = "src/Efile.Api"

# ---------------------------------------------------------------------------
# the repository

BUILD_PROPS = """<Project>
  <PropertyGroup>
    <Version>4.17.2</Version>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <Company>Cascadia Judicial Branch</Company>
  </PropertyGroup>
</Project>
"""

WORKER_CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Worker">
  <PropertyGroup>
    <AssemblyName>Efile.Worker</AssemblyName>
    <RuntimeIdentifier>win-x64</RuntimeIdentifier>
    <SelfContained>true</SelfContained>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="itext" Version="8.0.5" />
    <PackageReference Include="itext.bouncy-castle-adapter" Version="8.0.5" />
    <PackageReference Include="MailKit" Version="4.7.1.1" />
    <PackageReference Include="Microsoft.Data.SqlClient" Version="5.2.2" />
    <PackageReference Include="Microsoft.Extensions.Hosting.WindowsServices" Version="8.0.1" />
    <PackageReference Include="Serilog.Extensions.Hosting" Version="8.0.0" />
    <PackageReference Include="Serilog.Formatting.Compact" Version="3.0.0" />
    <PackageReference Include="Serilog.Settings.Configuration" Version="8.0.2" />
    <PackageReference Include="Serilog.Sinks.File" Version="6.0.0" />
  </ItemGroup>
  <ItemGroup>
    <ProjectReference Include="..\\Efile.Core\\Efile.Core.csproj" />
  </ItemGroup>
</Project>
"""

API_CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <AssemblyName>Efile.Api</AssemblyName>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="itext" Version="8.0.5" />
    <PackageReference Include="Microsoft.Data.SqlClient" Version="5.2.2" />
    <PackageReference Include="Serilog.AspNetCore" Version="8.0.2" />
  </ItemGroup>
  <ItemGroup>
    <ProjectReference Include="..\\Efile.Core\\Efile.Core.csproj" />
  </ItemGroup>
</Project>
"""

NEF_MAILER = """using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Efile.Worker.Nef;

/// <summary>Sends the Notice of Electronic Filing of one docket entry to the case's service list.</summary>
public sealed class NefMailer
{
    private readonly SmtpOptions _smtp;
    private readonly NefRenderer _renderer;

    public NefMailer(IOptions<SmtpOptions> smtp, NefRenderer renderer)
    {
        _smtp = smtp.Value;
        _renderer = renderer;
    }

    /// <returns>The number of messages handed to the relay.</returns>
    public async Task<int> SendAsync(NefJob job, CancellationToken ct)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(_smtp.Host, _smtp.Port, SecureSocketOptions.StartTls, ct);
        // One message per service contact: the notice names the contact and the party they serve.
        foreach (var contact in job.Recipients)
        {
            var message = _renderer.Render(job, contact);
            message.From.Add(new MailboxAddress("Cascadia eFile", _smtp.From));
            message.To.Add(new MailboxAddress(contact.Name, contact.Email));
            message.Subject = $"NEF: {job.CaseTitle} ({job.CaseNumber}) - entry {job.EntryNumber}";
            await client.SendAsync(message, ct);
        }
        await client.DisconnectAsync(true, ct);
        return job.Recipients.Count;
    }
}
"""

NEF_RENDERER = """using MimeKit;

namespace Efile.Worker.Nef;

public sealed class NefRenderer
{
    public MimeMessage Render(NefJob job, ServiceContact contact)
    {
        var body = new BodyBuilder
        {
            TextBody = $"Notice of Electronic Filing\\n\\n" +
                       $"To: {contact.Name}, counsel for {contact.PartyName}\\n" +
                       $"Case: {job.CaseNumber} {job.CaseTitle} ({job.CourtName})\\n" +
                       $"Entry {job.EntryNumber}: {job.DocketText}\\n" +
                       $"Filed {job.FiledAt:M/d/yyyy h:mm tt} by {job.FiledBy}\\n\\n" +
                       $"The document is available for 15 days at {job.DocumentUrl}\\n" +
                       "Under Rule 2.253 this notice is service on you.",
        };
        return new MimeMessage { Body = body.ToMessageBody() };
    }
}
"""

NEF_DISPATCHER = """using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;

namespace Efile.Worker.Nef;

/// <summary>Takes due NEF jobs from the queue table, sends them and schedules retries.</summary>
public sealed class NefDispatcher : BackgroundService
{
    private readonly NefQueue _queue;
    private readonly NefMailer _mailer;
    private readonly NefOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<NefDispatcher> _log;

    public NefDispatcher(NefQueue queue, NefMailer mailer, IOptions<NefOptions> options, TimeProvider clock, ILogger<NefDispatcher> log)
    {
        _queue = queue;
        _mailer = mailer;
        _options = options.Value;
        _clock = clock;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var due = await _queue.TakeDueAsync(_options.Concurrency, ct);
            await Parallel.ForEachAsync(due, ct, async (job, token) => await SendOneAsync(job, token));
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }
    }

    private async Task SendOneAsync(NefJob job, CancellationToken ct)
    {
        var started = _clock.GetTimestamp();
        try
        {
            var messages = await _mailer.SendAsync(job, ct);
            await _queue.CompleteAsync(job, ct);
            _log.LogInformation("NEF {NefId} for {CaseNumber} entry {EntryNumber} sent to {Recipients} recipients in {Messages} messages ({Elapsed} ms)",
                job.NefId, job.CaseNumber, job.EntryNumber, job.Recipients.Count, messages, (int)_clock.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException)
        {
            var attempt = job.Attempt + 1;
            if (attempt >= _options.RetryMinutes.Length + 1)
            {
                await _queue.DeadLetterAsync(job, ex.Message, ct);
                _log.LogError(ex, "NEF {NefId} for {CaseNumber} entry {EntryNumber} moved to dead letter after {Attempts} attempts",
                    job.NefId, job.CaseNumber, job.EntryNumber, attempt);
                return;
            }
            var retryAt = _clock.GetUtcNow().AddMinutes(_options.RetryMinutes[attempt - 1]);
            await _queue.RetryAtAsync(job, attempt, retryAt, ct);
            _log.LogWarning(ex, "NEF {NefId} for {CaseNumber} entry {EntryNumber} send failed (attempt {Attempt}/{MaxAttempts}), retry at {RetryAt:HH:mm:ss}",
                job.NefId, job.CaseNumber, job.EntryNumber, attempt, _options.RetryMinutes.Length + 1, retryAt);
        }
    }
}
"""

NEF_OPTIONS = """namespace Efile.Worker.Nef;

public sealed class NefOptions
{
    public int Concurrency { get; set; } = 4;
    public int[] RetryMinutes { get; set; } = [1, 5, 15];
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "smtp-relay.jb.cascadia.gov";
    public int Port { get; set; } = 25;
    public string From { get; set; } = "efile-noreply@courts.cascadia.gov";
}
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

PDF_VALIDATOR = """using iText.Kernel.Pdf;
using iText.Kernel.Pdf.Canvas.Parser;

namespace Efile.Api.Validation;

/// <summary>Rule 2.256: text-searchable PDF, 8.5 x 11 in pages, no JavaScript or attachments, not encrypted, at most 35 MB.</summary>
public sealed class PdfValidator
{
    public const long MaxBytes = 35L * 1024 * 1024;

    public ValidationResult Validate(Stream pdf, long length)
    {
        if (length > MaxBytes)
            return ValidationResult.Fail("file is larger than 35 MB");
        using var doc = new PdfDocument(new PdfReader(pdf));
        if (doc.GetReader().IsEncrypted())
            return ValidationResult.Fail("document is encrypted or password protected");
        var names = doc.GetCatalog().GetPdfObject().GetAsDictionary(PdfName.Names);
        if (names?.ContainsKey(PdfName.JavaScript) == true)
            return ValidationResult.Fail("document contains JavaScript");
        for (var i = 1; i <= doc.GetNumberOfPages(); i++)
        {
            var size = doc.GetPage(i).GetPageSizeWithRotation();
            if (Math.Abs(size.GetWidth() - 612) > 2 || Math.Abs(size.GetHeight() - 792) > 2)
                return ValidationResult.Fail($"page {i} is not 8.5 x 11 in");
        }
        if (PdfTextExtractor.GetTextFromPage(doc.GetFirstPage()).Trim().Length == 0)
            return ValidationResult.Fail("document is not text-searchable (OCR required)");
        return ValidationResult.Ok(doc.GetNumberOfPages());
    }
}
"""

ENVELOPE_SERVICE = """using Efile.Api.Fees;

namespace Efile.Api.Envelopes;

public sealed class EnvelopeService
{
    private readonly EnvelopeRepository _envelopes;
    private readonly FeeCalculator _fees;
    private readonly ILogger<EnvelopeService> _log;

    public EnvelopeService(EnvelopeRepository envelopes, FeeCalculator fees, ILogger<EnvelopeService> log)
    {
        _envelopes = envelopes;
        _fees = fees;
        _log = log;
    }

    public async Task<Envelope> ResubmitAsync(Envelope returned, EnvelopeDraft draft, CancellationToken ct)
    {
        var envelope = returned.Resubmission(draft);
        envelope.Fee = _fees.Quote(envelope);
        await _envelopes.SaveAsync(envelope, ct);
        _log.LogInformation("Envelope {EnvelopeId} resubmitted as {NewEnvelopeId}", returned.Id, envelope.Id);
        return envelope;
    }
}
"""

FEE_SCHEDULE = """{
  "effective": "2025-10-01",
  "currency": "USD",
  "fees": {
    "civil.unlimited.first_paper": 435.00,
    "civil.limited.first_paper": 370.00,
    "civil.motion": 60.00,
    "civil.complex.first_paper": 1435.00,
    "civil.complex.first_appearance": 1000.00,
    "family.petition": 435.00,
    "probate.petition": 435.00,
    "ex_parte": 60.00,
    "stipulation": 20.00
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
    "From": "efile-noreply@courts.cascadia.gov"
  },
  "Nef": {
    "Concurrency": 4,
    "RetryMinutes": [ 1, 5, 15 ]
  },
  "Stamping": {
    "WorkDirectory": "D:\\\\EfileWork\\\\stamp"
  }
}
"""

WORKER_APPSETTINGS_PROD = """{
  "ConnectionStrings": {
    "Efile": "Server=EFILE-SQL-AG;Database=Efile;Integrated Security=true;Encrypt=true;Application Name=Efile.Worker"
  },
  "Cms": {
    "BaseUrl": "https://cms-api.jb.cascadia.gov/v2/"
  },
  "DocStore": {
    "BaseUrl": "https://docstore.jb.cascadia.gov/api/"
  }
}
"""

NEF_TESTS = """using Efile.Worker.Nef;
using Microsoft.Extensions.Options;
using Xunit;

namespace Efile.Worker.Tests.Nef;

/// <summary>Runs against smtp4dev (docker compose up smtp4dev) on localhost:2525.</summary>
public class NefMailerTests
{
    [Fact]
    public async Task Sends_one_message_per_contact()
    {
        var mailer = new NefMailer(Options.Create(new SmtpOptions { Host = "localhost", Port = 2525 }), new NefRenderer());
        var job = NefJobs.Sample(recipients: 3);
        Assert.Equal(3, await mailer.SendAsync(job, CancellationToken.None));
        Assert.Equal(3, await Smtp4Dev.CountMessagesAsync(job.NefId));
    }
}
"""

PIPELINE = """trigger:
  branches:
    include: [ main ]

pool:
  vmImage: windows-2022

stages:
  - stage: build
    jobs:
      - job: build
        steps:
          - task: UseDotNet@2
            inputs: { packageType: sdk, version: 8.0.x }
          - script: dotnet test efile.sln -c Release
          - script: dotnet publish src/Efile.Api -c Release -o $(Build.ArtifactStagingDirectory)/api
          - script: dotnet publish src/Efile.Worker -c Release -o $(Build.ArtifactStagingDirectory)/worker
          - publish: $(Build.ArtifactStagingDirectory)
            artifact: efile

  - stage: production
    condition: and(succeeded(), startsWith(variables['Build.SourceBranch'], 'refs/tags/v'))
    jobs:
      - template: deploy/deploy-worker.yml
      - template: deploy/deploy-api.yml
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
outage queues docketing; nothing is lost.

## ePay authorizations time out

ePay is run by the State Treasury (servicedesk@treasury.cascadia.gov). The
API retries once; a filer may retry the payment from the envelope.
"""

RUNBOOK_NEF = """
## NEF delivery failures

Alert "NEF send failures" fires at 3 failures in 15 minutes. The worker
retries; after the last attempt the NEF goes to `nef.DeadLetter`.

- A refused recipient is almost always a bad address on a service list
  (an attorney who left the firm, a typo by the filer). Mark the address
  undeliverable in Admin > Service contacts and requeue the NEF
  (`Requeue-Nef.ps1 -NefId ...`); the clerk's office tells the attorney.
- "Error: too much mail" is the relay's rate limit (RLY-3, 300 messages a
  minute per client). It clears by itself; do not restart the worker.
- Connection errors: the relays are run by the messaging team
  (#messaging, on-call via ServiceNow group "Messaging").

If the failures start after an eFile release, roll back first (Azure
DevOps > Environments > efile-prod > redeploy the previous run) and tell
#efile-oncall. Remember that undelivered NEFs are unserved filings: tell
the clerk's office of the affected courts.
"""


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def build_repo():
    repo = Repo()
    dana = Person("Dana Whitfield", "dana.whitfield@courts.cascadia.gov", -420)
    marisol = Person("Marisol Ortega", "marisol.ortega@courts.cascadia.gov", -420)
    priya = Person("Priya Raman", "priya.raman@courts.cascadia.gov", -420)
    owen = Person("Owen Tran", "owen.tran@courts.cascadia.gov", -420)
    jordan = Person("Jordan Blake", "jordan.blake@courts.cascadia.gov", -420)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "efile.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Efile.Api\", \"src\\Efile.Api\\Efile.Api.csproj\", \"{5B0A9E44-1C4F-4D8B-9F43-2E8A7C1D3F10}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Efile.Worker\", \"src\\Efile.Worker\\Efile.Worker.csproj\", \"{A3D7E2C1-8B4F-4E6A-B1C9-7F0D5E2A8C44}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Efile.Core\", \"src\\Efile.Core\\Efile.Core.csproj\", \"{0E6F1B2D-3C4A-4B5E-8F9A-1D2C3B4A5E6F}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Efile.Worker.Tests\", \"tests\\Efile.Worker.Tests\\Efile.Worker.Tests.csproj\", \"{7C8D9E0F-1A2B-4C3D-9E4F-5A6B7C8D9E0F}\"\nEndProject\n",
        "Directory.Build.props": BUILD_PROPS,
        "global.json": '{\n  "sdk": { "version": "8.0.401", "rollForward": "latestFeature" }\n}\n',
        "src/Efile.Core/Efile.Core.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.Data.SqlClient" Version="5.2.2" />\n  </ItemGroup>\n</Project>\n',
        "src/Efile.Core/CaseNumber.cs": "namespace Efile.Core;\n\n/// <summary>County prefix, two-digit year, case type, sequence (AL26CV04812), or a coordinated proceeding (JCCP5219).</summary>\npublic readonly record struct CaseNumber(string Value)\n{\n    public bool IsCoordinated => Value.StartsWith(\"JCCP\", StringComparison.Ordinal);\n    public override string ToString() => Value;\n}\n",
        f"{PKG_API}/Efile.Api.csproj": API_CSPROJ,
        f"{PKG_API}/Validation/PdfValidator.cs": PDF_VALIDATOR,
        f"{PKG_API}/Envelopes/EnvelopeService.cs": ENVELOPE_SERVICE,
        f"{PKG_API}/appsettings.json": '{\n  "Fees": { "Schedule": "config/fee-schedule.json" },\n  "EPay": { "BaseUrl": "https://epay.treasury.cascadia.gov/api/v2/", "TimeoutSeconds": 15 }\n}\n',
        f"{PKG_WORKER}/Efile.Worker.csproj": WORKER_CSPROJ,
        f"{PKG_WORKER}/Program.cs": "using Efile.Worker.Nef;\nusing Efile.Worker.Stamping;\nusing Serilog;\n\nvar builder = Host.CreateApplicationBuilder(args);\nbuilder.Services.AddWindowsService(o => o.ServiceName = \"EfileWorker\");\nbuilder.Services.AddSerilog((_, cfg) => cfg.ReadFrom.Configuration(builder.Configuration));\nbuilder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection(\"Smtp\"));\nbuilder.Services.Configure<NefOptions>(builder.Configuration.GetSection(\"Nef\"));\nbuilder.Services.AddSingleton(TimeProvider.System);\nbuilder.Services.AddSingleton<NefQueue>().AddSingleton<NefRenderer>().AddSingleton<NefMailer>();\nbuilder.Services.AddSingleton<FileStamper>();\nbuilder.Services.AddHostedService<NefDispatcher>();\nbuilder.Services.AddHostedService<StampAndDocketService>();\nbuilder.Build().Run();\n",
        f"{PKG_WORKER}/Nef/NefMailer.cs": NEF_MAILER,
        f"{PKG_WORKER}/Nef/NefRenderer.cs": NEF_RENDERER,
        f"{PKG_WORKER}/Nef/NefDispatcher.cs": NEF_DISPATCHER,
        f"{PKG_WORKER}/Nef/NefOptions.cs": NEF_OPTIONS,
        f"{PKG_WORKER}/Stamping/FileStamper.cs": FILE_STAMPER,
        f"{PKG_WORKER}/appsettings.json": WORKER_APPSETTINGS,
        f"{PKG_WORKER}/appsettings.Production.json": WORKER_APPSETTINGS_PROD,
        "tests/Efile.Worker.Tests/Efile.Worker.Tests.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="xunit" Version="2.9.0" />\n    <PackageReference Include="xunit.runner.visualstudio" Version="2.8.2" />\n    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.11.0" />\n  </ItemGroup>\n  <ItemGroup>\n    <ProjectReference Include="..\\..\\src\\Efile.Worker\\Efile.Worker.csproj" />\n  </ItemGroup>\n</Project>\n',
        "tests/Efile.Worker.Tests/Nef/NefMailerTests.cs": NEF_TESTS,
        "docker-compose.yml": "services:\n  smtp4dev:\n    image: rnwood/smtp4dev:3.6.1\n    ports: [ \"2525:25\", \"5080:80\" ]\n  sql:\n    image: mcr.microsoft.com/mssql/server:2022-latest\n    environment: { ACCEPT_EULA: \"Y\", MSSQL_SA_PASSWORD: \"Local-dev-only-1\" }\n    ports: [ \"1433:1433\" ]\n",
        "config/fee-schedule.json": FEE_SCHEDULE,
        "azure-pipelines.yml": PIPELINE,
        "deploy/deploy-worker.yml": DEPLOY_WORKER,
        "deploy/deploy-api.yml": DEPLOY_WORKER.replace("deployment: worker", "deployment: api").replace("tags: worker", "tags: web").replace("Stop-Service EfileWorker -ErrorAction Stop", "Stop-WebAppPool efile-api").replace("efile\\\\worker D:\\\\Apps\\\\Efile.Worker", "efile\\\\api D:\\\\Apps\\\\Efile.Api").replace("Start-Service EfileWorker", "Start-WebAppPool efile-api"),
        "docs/runbook.md": RUNBOOK,
        "README.md": "# Cascadia eFile\n\nStatewide electronic filing for the Superior Courts of Cascadia.\n\n- `src/Efile.Api`: envelopes, uploads and PDF validation, fees (ePay and\n  draw-down accounts), the clerk's review queue. IIS on EFILE-WEB-01..03.\n- `src/Efile.Worker`: file stamp, docketing in the CMS, Notices of\n  Electronic Filing through the Judicial Branch's SMTP relays. Windows\n  service on EFILE-WKR-01..03.\n\nReleases are tags `vX.Y.Z` on main; the pipeline deploys them to the\n`efile-prod` environment one server at a time.\n",
        "CHANGELOG.md": "# Changelog\n\n## 4.17.2\n\n- EF-879 long county names wrap in the file stamp\n",
    }
    repo.commit(utc("2026-09-03 16:10:00"), dana, "efile 4.17.2", files)
    repo.schedule([
        (utc("2026-09-03 23:39:15"), jordan, "Add .editorconfig (dotnet_style rules from the Branch template)",
         lambda r: {".editorconfig": "root = true\n\n[*]\nindent_style = space\nindent_size = 4\ninsert_final_newline = true\n\n[*.cs]\ndotnet_sort_system_directives_first = true\ncsharp_style_namespace_declarations = file_scoped:warning\n"}),
        (utc("2026-09-04 22:29:40"), priya, "gitignore: bin/, obj/, .vs/, TestResults/",
         lambda r: {".gitignore": "bin/\nobj/\n.vs/\nTestResults/\n*.user\n"}),
        (utc("2026-09-09 23:42:08"), owen, "docs: clerk review queue states",
         lambda r: {"docs/review-states.md": "# Envelope states\n\ndraft -> submitted -> accepted | returned\naccepted -> processing (stamp, docket, NEF) -> filed\n\nSubsequent filings by registered attorneys in existing civil cases are\naccepted by rule SUBSEQUENT-CIVIL without a clerk.\n"}),
        (utc("2026-09-10 22:40:00"), jordan, "nuget.config: Branch Artifacts feed as upstream mirror",
         lambda r: {"nuget.config": '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <clear />\n    <add key="jb-artifacts" value="https://pkgs.dev.azure.com/cascadia-jb/_packaging/jb-nuget/nuget/v3/index.json" />\n  </packageSources>\n</configuration>\n'}),
    ])
    repo.commit(utc("2026-09-04 18:20:00"), dana, "api: reject PDFs with an XFA form (EF-884)\n\nXFA forms render blank in the clerk's viewer and in the CMS.", {
        f"{PKG_API}/Validation/PdfValidator.cs": sub(repo.files[f"{PKG_API}/Validation/PdfValidator.cs"],
                                                     "        if (names?.ContainsKey(PdfName.JavaScript) == true)\n            return ValidationResult.Fail(\"document contains JavaScript\");\n",
                                                     "        if (names?.ContainsKey(PdfName.JavaScript) == true)\n            return ValidationResult.Fail(\"document contains JavaScript\");\n        var acroForm = doc.GetCatalog().GetPdfObject().GetAsDictionary(PdfName.AcroForm);\n        if (acroForm?.ContainsKey(PdfName.XFA) == true)\n            return ValidationResult.Fail(\"document contains an XFA form (print it to PDF first)\");\n"),
    })
    culprit = repo.commit(CULPRIT_AT, marisol, "NEF: one message per docket entry, service list in Bcc (NTF-409)\n\nOn 20 August the Cedar Ridge bellwether order produced 231 messages, one\nper service contact; the relay answered \"450 4.7.1 Error: too much mail\"\n(RLY-3: 300 messages a minute per client) and every NEF queued behind\nthem for 40 minutes (NTF-398).\n\nOne message per docket entry now, with the service list in Bcc and an\nempty undisclosed-recipients group in To. The notice no longer names the\ncontact; the parties served are listed in the body instead.", {
        f"{PKG_WORKER}/Nef/NefMailer.cs": sub(repo.files[f"{PKG_WORKER}/Nef/NefMailer.cs"],
                                              "        using var client = new SmtpClient();\n        await client.ConnectAsync(_smtp.Host, _smtp.Port, SecureSocketOptions.StartTls, ct);\n        // One message per service contact: the notice names the contact and the party they serve.\n        foreach (var contact in job.Recipients)\n        {\n            var message = _renderer.Render(job, contact);\n            message.From.Add(new MailboxAddress(\"Cascadia eFile\", _smtp.From));\n            message.To.Add(new MailboxAddress(contact.Name, contact.Email));\n            message.Subject = $\"NEF: {job.CaseTitle} ({job.CaseNumber}) - entry {job.EntryNumber}\";\n            await client.SendAsync(message, ct);\n        }\n        await client.DisconnectAsync(true, ct);\n        return job.Recipients.Count;\n",
                                              "        // NTF-409: one message per docket entry, the service list in Bcc. A message per\n        // contact ran into the relay's rate limit on big service lists (NTF-398).\n        var message = _renderer.Render(job);\n        message.From.Add(new MailboxAddress(\"Cascadia eFile\", _smtp.From));\n        message.To.Add(new GroupAddress(\"undisclosed-recipients\"));\n        foreach (var contact in job.Recipients)\n            message.Bcc.Add(new MailboxAddress(contact.Name, contact.Email));\n        message.Subject = $\"NEF: {job.CaseTitle} ({job.CaseNumber}) - entry {job.EntryNumber}\";\n\n        using var client = new SmtpClient();\n        await client.ConnectAsync(_smtp.Host, _smtp.Port, SecureSocketOptions.StartTls, ct);\n        await client.SendAsync(message, ct);\n        await client.DisconnectAsync(true, ct);\n        return 1;\n"),
        f"{PKG_WORKER}/Nef/NefRenderer.cs": sub(repo.files[f"{PKG_WORKER}/Nef/NefRenderer.cs"],
                                                "    public MimeMessage Render(NefJob job, ServiceContact contact)\n",
                                                "    public MimeMessage Render(NefJob job)\n",
                                                "                       $\"To: {contact.Name}, counsel for {contact.PartyName}\\n\" +\n",
                                                "",
                                                "                       \"Under Rule 2.253 this notice is service on you.\",\n",
                                                "                       \"Under Rule 2.253 this notice is service on you.\\n\\n\" +\n                       \"Served electronically on:\\n\" + string.Join(\"\\n\", job.Recipients.Select(r => $\"  {r.Name} ({r.PartyName})\")),\n"),
        "tests/Efile.Worker.Tests/Nef/NefMailerTests.cs": sub(repo.files["tests/Efile.Worker.Tests/Nef/NefMailerTests.cs"],
                                                              "    public async Task Sends_one_message_per_contact()\n    {\n        var mailer = new NefMailer(Options.Create(new SmtpOptions { Host = \"localhost\", Port = 2525 }), new NefRenderer());\n        var job = NefJobs.Sample(recipients: 3);\n        Assert.Equal(3, await mailer.SendAsync(job, CancellationToken.None));\n        Assert.Equal(3, await Smtp4Dev.CountMessagesAsync(job.NefId));\n",
                                                              "    public async Task Sends_one_message_with_the_service_list_in_bcc()\n    {\n        var mailer = new NefMailer(Options.Create(new SmtpOptions { Host = \"localhost\", Port = 2525 }), new NefRenderer());\n        var job = NefJobs.Sample(recipients: 12);\n        Assert.Equal(1, await mailer.SendAsync(job, CancellationToken.None));\n        var sent = await Smtp4Dev.MessagesAsync(job.NefId);\n        Assert.Single(sent);\n        Assert.Equal(12, sent[0].Recipients.Count);\n"),
    })
    repo.commit(utc("2026-09-08 20:15:00"), owen, "fees: FY27 schedule, effective 1 October (FEE-228)\n\nSB 1187 raises the complex civil fees; the other fees are unchanged.", {
        "config/fee-schedule.json": repo.files["config/fee-schedule.json"].replace('"effective": "2025-10-01"', '"effective": "2026-10-01"').replace("1435.00", "1500.00").replace('"civil.complex.first_appearance": 1000.00', '"civil.complex.first_appearance": 1050.00'),
    })
    rel4180 = repo.commit(utc("2026-09-08 22:50:00"), dana, "release 4.18.0", {
        "Directory.Build.props": sub(repo.files["Directory.Build.props"], "<Version>4.17.2</Version>", "<Version>4.18.0</Version>"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.18.0\n\n- NTF-409 one NEF message per docket entry, service list in Bcc\n- FEE-228 FY27 fee schedule (effective 1 October)\n- EF-884 PDFs with an XFA form are refused\n",
    })
    repo.commit(utc("2026-09-09 17:30:00"), marisol, "NEF retries at 2, 10, 30 and 60 minutes (NTF-414)\n\nThree retries within 21 minutes gave up before the relay's maintenance\nwindow was over; five attempts over 102 minutes now.", {
        f"{PKG_WORKER}/appsettings.json": sub(repo.files[f"{PKG_WORKER}/appsettings.json"], '"RetryMinutes": [ 1, 5, 15 ]', '"RetryMinutes": [ 2, 10, 30, 60 ]'),
        f"{PKG_WORKER}/Nef/NefOptions.cs": sub(repo.files[f"{PKG_WORKER}/Nef/NefOptions.cs"], "[1, 5, 15]", "[2, 10, 30, 60]"),
    })
    repo.commit(utc("2026-09-09 21:05:00"), owen, "fees: keep the fee waiver when a returned envelope is resubmitted (FEE-233)\n\nA resubmission was quoted the full first paper fee; ePay charged filers\nwhose fee waiver had been granted.", {
        f"{PKG_API}/Envelopes/EnvelopeService.cs": sub(repo.files[f"{PKG_API}/Envelopes/EnvelopeService.cs"],
                                                       "        var envelope = returned.Resubmission(draft);\n",
                                                       "        var envelope = returned.Resubmission(draft);\n        envelope.FeeWaiver = returned.FeeWaiver;   // FEE-233\n"),
    })
    repo.commit(utc("2026-09-10 04:12:00"), bot, "Bump MailKit from 4.7.1.1 to 4.8.0\n\nBumps [MailKit](https://github.com/jstedfast/MailKit) from 4.7.1.1 to 4.8.0.", {
        f"{PKG_WORKER}/Efile.Worker.csproj": sub(repo.files[f"{PKG_WORKER}/Efile.Worker.csproj"], '"MailKit" Version="4.7.1.1"', '"MailKit" Version="4.8.0"'),
    })
    repo.commit(utc("2026-09-10 16:20:00"), priya, "NEF: log the relay's reply and the refused recipient when a send fails (NTF-417)\n\nThe clerk's office asks which attorney did not get a notice; the\nwarning only had the exception.", {
        f"{PKG_WORKER}/Nef/NefDispatcher.cs": sub(repo.files[f"{PKG_WORKER}/Nef/NefDispatcher.cs"],
                                                  "        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException)\n        {\n            var attempt = job.Attempt + 1;\n",
                                                  "        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException)\n        {\n            var attempt = job.Attempt + 1;\n            var refused = ex as SmtpCommandException;\n",
                                                  "            await _queue.RetryAtAsync(job, attempt, retryAt, ct);\n            _log.LogWarning(ex,",
                                                  "            await _queue.RetryAtAsync(job, attempt, retryAt, ct);\n            if (refused is { ErrorCode: SmtpErrorCode.RecipientNotAccepted })\n            {\n                _log.LogWarning(ex, \"NEF {NefId} for {CaseNumber} entry {EntryNumber} not sent (attempt {Attempt}/{MaxAttempts}): relay refused recipient {Recipient:l} with {StatusCode}: {RelayReply:l}; retry at {RetryAt:HH:mm:ss}\",\n                    job.NefId, job.CaseNumber, job.EntryNumber, attempt, _options.RetryMinutes.Length + 1, refused.Mailbox?.Address, refused.StatusCode, refused.Message, retryAt);\n                return;\n            }\n            _log.LogWarning(ex,"),
    })
    repo.commit(utc("2026-09-10 18:40:00"), marisol, "NEF subject: case number and entry first (NTF-415)\n\nThe big firms file NEFs with Outlook rules on the subject's start; long\ncase titles pushed the case number out of the preview.", {
        f"{PKG_WORKER}/Nef/NefMailer.cs": sub(repo.files[f"{PKG_WORKER}/Nef/NefMailer.cs"],
                                              "        message.Subject = $\"NEF: {job.CaseTitle} ({job.CaseNumber}) - entry {job.EntryNumber}\";\n",
                                              "        message.Subject = $\"NEF {job.CaseNumber} #{job.EntryNumber}: {job.CaseTitle}\";\n"),
    })
    repo.commit(utc("2026-09-10 20:05:00"), jordan, "worker: NEF dispatch concurrency 4 -> 8 (NTF-416)\n\nThe Monday backlog after a long weekend took 25 minutes to drain.", {
        f"{PKG_WORKER}/appsettings.json": sub(repo.files[f"{PKG_WORKER}/appsettings.json"], '"Concurrency": 4,', '"Concurrency": 8,'),
    })
    repo.commit(utc("2026-09-10 22:10:00"), jordan, "runbook: NEF delivery failures", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + RUNBOOK_NEF,
    })
    rel4181 = repo.commit(utc("2026-09-11 13:40:00"), dana, "release 4.18.1 (hotfix FEE-233)", {
        "Directory.Build.props": sub(repo.files["Directory.Build.props"], "<Version>4.18.0</Version>", "<Version>4.18.1</Version>"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.18.1\n\n- FEE-233 fee waiver kept on resubmission (hotfix)\n- NTF-414 NEF retries at 2/10/30/60 min\n- NTF-415 NEF subject starts with the case number\n- NTF-416 NEF dispatch concurrency 8\n- NTF-417 relay reply and refused recipient in the send-failure warning\n- MailKit 4.8.0\n",
    })
    fix = repo.commit(utc("2026-09-11 17:18:00"), marisol, "NEF: at most 50 Bcc recipients per message (NTF-421)\n\nSince NTF-409 (4.18.0) a NEF was one SMTP transaction with the whole\nservice list; the relays accept at most 100 recipients per transaction\n(RLY-3, smtpd_recipient_limit = 100) and answer \"452 4.5.3 Error: too many\nrecipients\" past that, so every NEF of the Cedar Ridge (231 addresses)\nand Harbor Point (126) master dockets failed. The Bcc list is sent in\nchunks of Smtp:MaxRecipientsPerMessage (50), one message each.", {
        f"{PKG_WORKER}/Nef/NefMailer.cs": sub(repo.files[f"{PKG_WORKER}/Nef/NefMailer.cs"],
                                              "        var message = _renderer.Render(job);\n        message.From.Add(new MailboxAddress(\"Cascadia eFile\", _smtp.From));\n        message.To.Add(new GroupAddress(\"undisclosed-recipients\"));\n        foreach (var contact in job.Recipients)\n            message.Bcc.Add(new MailboxAddress(contact.Name, contact.Email));\n        message.Subject = $\"NEF {job.CaseNumber} #{job.EntryNumber}: {job.CaseTitle}\";\n\n        using var client = new SmtpClient();\n        await client.ConnectAsync(_smtp.Host, _smtp.Port, SecureSocketOptions.StartTls, ct);\n        await client.SendAsync(message, ct);\n        await client.DisconnectAsync(true, ct);\n        return 1;\n",
                                              "        // NTF-421: the relays take at most 100 recipients per transaction (RLY-3).\n        var chunks = job.Recipients.Chunk(_smtp.MaxRecipientsPerMessage).ToList();\n        using var client = new SmtpClient();\n        await client.ConnectAsync(_smtp.Host, _smtp.Port, SecureSocketOptions.StartTls, ct);\n        foreach (var chunk in chunks)\n        {\n            var message = _renderer.Render(job);\n            message.From.Add(new MailboxAddress(\"Cascadia eFile\", _smtp.From));\n            message.To.Add(new GroupAddress(\"undisclosed-recipients\"));\n            foreach (var contact in chunk)\n                message.Bcc.Add(new MailboxAddress(contact.Name, contact.Email));\n            message.Subject = $\"NEF {job.CaseNumber} #{job.EntryNumber}: {job.CaseTitle}\";\n            await client.SendAsync(message, ct);\n        }\n        await client.DisconnectAsync(true, ct);\n        return chunks.Count;\n"),
        f"{PKG_WORKER}/Nef/NefOptions.cs": sub(repo.files[f"{PKG_WORKER}/Nef/NefOptions.cs"],
                                               "    public string From { get; set; } = \"efile-noreply@courts.cascadia.gov\";\n",
                                               "    public string From { get; set; } = \"efile-noreply@courts.cascadia.gov\";\n\n    /// <summary>RLY-3: the relays refuse the 101st RCPT TO of a transaction.</summary>\n    public int MaxRecipientsPerMessage { get; set; } = 50;\n"),
        f"{PKG_WORKER}/appsettings.json": sub(repo.files[f"{PKG_WORKER}/appsettings.json"], '    "From": "efile-noreply@courts.cascadia.gov"\n', '    "From": "efile-noreply@courts.cascadia.gov",\n    "MaxRecipientsPerMessage": 50\n'),
        "tests/Efile.Worker.Tests/Nef/NefMailerTests.cs": sub(repo.files["tests/Efile.Worker.Tests/Nef/NefMailerTests.cs"],
                                                              "        Assert.Equal(12, sent[0].Recipients.Count);\n    }\n",
                                                              "        Assert.Equal(12, sent[0].Recipients.Count);\n    }\n\n    [Fact]\n    public async Task Splits_a_big_service_list()\n    {\n        var mailer = new NefMailer(Options.Create(new SmtpOptions { Host = \"localhost\", Port = 2525, MaxRecipientsPerMessage = 50 }), new NefRenderer());\n        var job = NefJobs.Sample(recipients: 231);\n        Assert.Equal(5, await mailer.SendAsync(job, CancellationToken.None));\n        Assert.All(await Smtp4Dev.MessagesAsync(job.NefId), m => Assert.True(m.Recipients.Count <= 50));\n    }\n"),
    })
    rel4182 = repo.commit(utc("2026-09-11 17:26:00"), dana, "release 4.18.2", {
        "Directory.Build.props": sub(repo.files["Directory.Build.props"], "<Version>4.18.1</Version>", "<Version>4.18.2</Version>"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 4.18.2\n\n- NTF-421 at most 50 Bcc recipients per NEF message (relay limit 100)\n",
    })
    repo.commit(utc("2026-09-11 18:32:00"), jordan, "runbook: a refused 101st recipient is the relay's recipient limit", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n\"452 4.5.3 Error: too many recipients\" (MailKit: InsufficientStorage) is\nnot a bad address: the relays refuse every RCPT TO past the 100th of a\ntransaction (RLY-3). Check `rcpt=` in the relay's disconnect line.\n",
    })
    return repo, {"culprit": culprit, "rel4180": rel4180, "rel4181": rel4181, "fix": fix, "rel4182": rel4182}


# ---------------------------------------------------------------------------
# the logs

WORKERS = {"EFILE-WKR-01": "10.40.12.21", "EFILE-WKR-02": "10.40.12.22", "EFILE-WKR-03": "10.40.12.23"}
WEBS = {"EFILE-WEB-01": "10.40.11.21", "EFILE-WEB-02": "10.40.11.22", "EFILE-WEB-03": "10.40.11.23"}
RELAYS = {"smtp-relay-01": "10.40.3.25", "smtp-relay-02": "10.40.3.26"}
COUNTIES = [("AL", "Alder County Superior Court", 30), ("KE", "Kestrel County Superior Court", 22), ("WB", "Willow Bay County Superior Court", 18),
            ("TM", "Tamarack County Superior Court", 12), ("PR", "Port Ransom County Superior Court", 10), ("SQ", "Sequim Falls County Superior Court", 8)]
FIRST = ["James", "Maria", "Robert", "Linda", "Michael", "Susan", "David", "Karen", "Daniel", "Lisa", "Kevin", "Angela", "Brian", "Nicole",
         "Thomas", "Rachel", "Steven", "Laura", "Andrew", "Megan", "Jason", "Emily", "Eric", "Hannah", "Paul", "Grace", "Mark", "Olivia",
         "Jonathan", "Sofia", "Carlos", "Mei", "Ahmed", "Priscilla", "Tomas", "Ingrid", "Raj", "Yuki", "Kwame", "Fatima"]
LAST = ["Reyes", "Holloway", "Martin", "Nguyen", "Baxter", "Okafor", "Lindqvist", "Patel", "Goldberg", "Chen", "Alvarez", "Brennan",
        "Sato", "Whitaker", "Moreau", "Kowalski", "Ferreira", "Hughes", "Delgado", "Park", "Abernathy", "Kim", "Morrison", "Quinn",
        "Yamamoto", "Castillo", "Duffy", "Eriksen", "Fontaine", "Grant", "Haddad", "Ibarra", "Jensen", "Kaur", "Lorenzo", "Mbeki"]
FIRMS = [("hollowaymartin.com", "m365"), ("baxterokafor.com", "m365"), ("pinecrestlaw.com", "google"), ("reyesgould.com", "m365"),
         ("northstarlit.com", "m365"), ("kirkwoodellis.com", "m365"), ("lindqvistpatel.com", "google"), ("alderlegal.com", "emailsrvr"),
         ("cascadiapower.com", "m365"), ("firelawgroup.com", "google"), ("brennansato.com", "m365"), ("whitakermoreau.law", "emailsrvr"),
         ("tamaracklaw.com", "secureserver"), ("quinnhughes.com", "m365"), ("delgadoparklaw.com", "google"), ("portransomlegal.com", "greylist"),
         ("doj.cascadia.gov", "cascadia"), ("alder.da.cascadia.gov", "cascadia"), ("kestrelpd.org", "m365"), ("gmail.com", "gmail"),
         ("eriksenlaw.net", "secureserver"), ("castilloduffy.com", "m365"), ("fontainegrant.com", "google"), ("haddadibarra.com", "m365")]


def iso7(t):
    """.NET round-trip format of a UTC DateTimeOffset."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0+00:00"


def event_id(template):
    return hashlib.md5(template.encode()).hexdigest()[:8]


def build_logs(rng, shas):
    worker, api, iis, relay, devops, teams, snow = (
        Log("efile-worker.log"), Log("efile-api.log"), Log("iis-efile-web.log"), Log("smtp-relay.log"),
        Log("azure-devops-efile-prod.log"), Log("teams-efile-oncall.log"), Log("servicenow-incidents.log"))
    stats = {"failures": [], "dead": [], "sent": 0, "big_ok": []}
    ver_sha = {"4.18.0": shas["rel4180"], "4.18.1": shas["rel4181"], "4.18.2": shas["rel4182"]}

    # ---- deployments: per server, (from, version)
    def rollout(at, names, gap):
        return {name: at + dt.timedelta(seconds=40 + gap * k + rng.uniform(0, 6)) for k, name in enumerate(names)}

    wk_names = list(WORKERS)
    deploys = [(DEPLOY_4181, "4.18.1"), (ROLLBACK, "4.18.0"), (DEPLOY_4182, "4.18.2")]
    wk_from = {n: [(START - dt.timedelta(days=3), "4.18.0")] for n in wk_names}
    web_from = {n: [(START - dt.timedelta(days=3), "4.18.0")] for n in WEBS}
    wk_rollouts = []
    for at, ver in deploys:
        wk = rollout(at, wk_names, 52)
        web = rollout(at + dt.timedelta(seconds=170), list(WEBS), 38)
        wk_rollouts.append((at, ver, wk, web))
        for n, t in wk.items():
            wk_from[n].append((t, ver))
        for n, t in web.items():
            web_from[n].append((t, ver))

    def version(frm, name, t):
        cur = frm[name][0][1]
        for start, ver in frm[name]:
            if start <= t:
                cur = ver
        return cur

    def up(name, t):
        """a worker is down for ~8 s while its files are copied"""
        for start, _ in wk_from[name][1:]:
            if start - dt.timedelta(seconds=9) <= t < start:
                return False
        return True

    def retry_plan(ver):
        return [1, 5, 15] if ver == "4.18.0" else [2, 10, 30, 60]

    # ---- log writers
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
        body["Version"] = version(wk_from, name, t)
        worker.add(t, json.dumps(body, separators=(",", ":"), ensure_ascii=False))

    def alog(t, name, level, ctx, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} +00:00"
            api.add(t, f"{stamp} [{level}] {name} {ctx}: {msg}")

    iis_started = set()

    def ilog(t, name, method, stem, query, status, taken, user="-", ua="-", xff="-", sub=0, win32=0):
        if not (START <= t < END):
            return
        if name not in iis_started:
            iis_started.add(name)
            iis.add(START, f"#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: {START.strftime('%Y-%m-%d %H:%M:%S')}\n#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken X-Forwarded-For")
        end = t + dt.timedelta(milliseconds=taken)
        iis.add(end, f"{end.strftime('%Y-%m-%d %H:%M:%S')} W3SVC2 {name} {WEBS[name]} {method} {stem} {query or '-'} 443 {user} 10.40.0.{rng.choice([10, 11])} {ua} {status} {sub} {win32} {taken} {xff}")

    pids = {"smtpd": [rng.randint(40000, 60000) for _ in range(14)], "cleanup": [rng.randint(40000, 60000) for _ in range(3)],
            "smtp": [rng.randint(40000, 60000) for _ in range(10)]}
    qmgr_pid = {"smtp-relay-01": 1187, "smtp-relay-02": 1203}
    master_pid = {"smtp-relay-01": 1090, "smtp-relay-02": 1101}

    def rlog(t, host, proc, msg, pid=None):
        if START <= t < END:
            if pid is None:
                pid = qmgr_pid[host] if proc == "qmgr" else rng.choice(pids.get(proc, [rng.randint(2000, 9000)]))
            relay.add(t, syslog3164(t, host, f"postfix/{proc}", pid, msg))

    def qid():
        return "".join(rng.choice("0123456789ABCDEF") for _ in range(rng.choice([10, 11])))

    mx = {"m365": lambda d: (f"{d.replace('.', '-')}.mail.protection.outlook.com", f"52.101.{rng.randint(8, 11)}.{rng.randint(2, 250)}"),
          "google": lambda d: ("aspmx.l.google.com", f"142.250.{rng.randint(100, 150)}.{rng.choice([26, 27])}"),
          "gmail": lambda d: ("gmail-smtp-in.l.google.com", f"142.251.{rng.randint(100, 150)}.{rng.choice([26, 27])}"),
          "emailsrvr": lambda d: ("mx1.emailsrvr.com", f"173.203.187.{rng.randint(10, 20)}"),
          "secureserver": lambda d: ("mx1.secureserver.net", f"68.178.213.{rng.randint(200, 250)}"),
          "greylist": lambda d: (f"mail.{d}", f"198.51.100.{rng.randint(20, 40)}"),
          "cascadia": lambda d: ("mx.cascadia.gov", "10.20.1.25")}
    firm_kind = dict(FIRMS)

    def delivery_reply(kind, msgid):
        if kind == "m365":
            return f"250 2.6.0 {msgid} [InternalId={rng.randint(10**12, 10**13)}, Hostname={rng.choice(['BY5PR', 'SJ0PR', 'MW4PR', 'CO1PR'])}{rng.randint(10, 19)}MB{rng.randint(1000, 9999)}.namprd{rng.randint(10, 19)}.prod.outlook.com] {rng.randint(9000, 40000)} bytes in {rng.uniform(0.08, 0.4):.3f}, {rng.uniform(30, 200):.3f} KB/sec Queued mail for delivery"
        if kind in ("google", "gmail"):
            return f"250 2.0.0 OK  {int(rng.uniform(1.7e9, 1.8e9))} {''.join(rng.choice('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(20))}-{''.join(rng.choice('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(6))}.{rng.randint(100, 999)} - gsmtp"
        return f"250 2.0.0 Ok: queued as {qid()}"

    def relay_session(t, client_name, client_ip, chunks, msgid, limit=100):
        """One SMTP session from a client with one transaction per chunk of
        recipients (each chunk one message): returns (accepted, end_time)."""
        host = rng.choice(list(RELAYS))
        spid = rng.choice(pids["smtpd"])
        fqdn = f"{client_name.lower()}.jb.cascadia.gov[{client_ip}]"
        rlog(t, host, "smtpd", f"connect from {fqdn}", spid)
        tt = t + dt.timedelta(milliseconds=rng.randint(20, 60))
        rlog(tt, host, "smtpd", f"Anonymous TLS connection established from {fqdn}: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256", spid)
        if len(chunks) == 1 and len(chunks[0]) > limit:
            n = len(chunks[0])
            tt += dt.timedelta(milliseconds=rng.randint(15, 40))
            rlog(tt, host, "smtpd", f"{qid()}: client={fqdn}", spid)
            tt += dt.timedelta(milliseconds=rng.randint(60, 160) + n // 3)
            rlog(tt, host, "smtpd", f"lost connection after RSET from {fqdn}", spid)
            rlog(tt + dt.timedelta(microseconds=200), host, "smtpd", f"disconnect from {fqdn} ehlo=2 starttls=1 mail=1 rcpt={limit}/{n} rset=1 commands={limit + 5}/{n + 5}", spid)
            return False, tt
        deliveries = []
        for k, recipients in enumerate(chunks):
            mid = msgid if len(chunks) == 1 else msgid.replace("@", f".{k + 1}@")
            n = len(recipients)
            q = qid()
            tt += dt.timedelta(milliseconds=rng.randint(15, 40))
            rlog(tt, host, "smtpd", f"{q}: client={fqdn}", spid)
            tt += dt.timedelta(milliseconds=rng.randint(30, 90) + n)
            size = rng.randint(5200, 9800) + 40 * n
            rlog(tt, host, "cleanup", f"{q}: message-id={mid}")
            rlog(tt + dt.timedelta(milliseconds=rng.randint(2, 8)), host, "qmgr", f"{q}: from=<efile-noreply@courts.cascadia.gov>, size={size}, nrcpt={n} (queue active)")
            deliveries.append((tt, q, mid, recipients))
        tt += dt.timedelta(milliseconds=rng.randint(5, 30))
        total = sum(len(c) for c in chunks)
        m = len(chunks)
        rlog(tt, host, "smtpd", f"disconnect from {fqdn} ehlo=2 starttls=1 mail={m} rcpt={total} data={m} quit=1 commands={total + 2 * m + 4}", spid)
        for t3, q, mid, recipients in deliveries:
            last = t3
            for _, email, _ in recipients:
                domain = email.split("@")[1]
                kind = firm_kind.get(domain, "gmail")
                mxhost, mxip = mx[kind](domain)
                d0 = rng.uniform(0.005, 0.05)
                d2 = rng.uniform(0.05, 0.6)
                d3 = rng.uniform(0.05, 0.9)
                td = t3 + dt.timedelta(seconds=d0 + d2 + d3)
                delay = d0 + d2 + d3
                if kind == "greylist" and rng.random() < 0.5:
                    rlog(td, host, "smtp", f"{q}: to=<{email}>, relay={mxhost}[{mxip}]:25, delay={delay:.2g}, delays={d0:.2g}/0/{d2:.2g}/{d3:.2g}, dsn=4.2.0, status=deferred (host {mxhost}[{mxip}] said: 450 4.2.0 <{email}>: Recipient address rejected: Greylisted, see https://postgrey.schweikert.ch/help/{domain}.html (in reply to RCPT TO command))")
                    continue
                rlog(td, host, "smtp", f"{q}: to=<{email}>, relay={mxhost}[{mxip}]:25, delay={delay:.2g}, delays={d0:.2g}/0/{d2:.2g}/{d3:.2g}, dsn=2.0.0, status=sent ({delivery_reply(kind, mid)})")
                last = max(last, td)
            rlog(last + dt.timedelta(milliseconds=1), host, "qmgr", f"{q}: removed")
        return True, tt

    # ---- people and service lists
    def person(domain=None):
        f, l = rng.choice(FIRST), rng.choice(LAST)
        d = domain or rng.choice([x for x, _ in FIRMS])
        style = rng.random()
        local = f"{f[0]}{l}".lower() if style < 0.5 else (f"{f}.{l}".lower() if style < 0.85 else f"{f.lower()}")
        return (f"{f} {l}", f"{local}@{d}", f"{l} for {rng.choice(['Plaintiff', 'Defendant', 'Cross-Defendant', 'Petitioner', 'Respondent'])}")

    def service_list(n, domains=None):
        out, seen = [], []
        while len(out) < n:
            p = person(rng.choice(domains) if domains else None)
            if p[1] in seen:
                continue
            seen.append(p[1])
            out.append(p)
        return out

    cedar = service_list(231, [d for d, _ in FIRMS if d not in ("gmail.com", "kestrelpd.org", "alder.da.cascadia.gov")])
    harbor = service_list(126, [d for d, _ in FIRMS if d not in ("gmail.com", "kestrelpd.org")])
    larkspur = service_list(74)
    big_cases = {"JCCP5219": ("In re Cedar Ridge Fire Cases", cedar, 1431), "JCCP5174": ("In re Harbor Point Refinery Flaring Cases", harbor, 612),
                 "AL24CV01177": ("Larkspur Commons HOA v. Tamberline Builders", larkspur, 388)}
    excluded = []  # addresses marked undeliverable (from MARK_BAD until UNMARK)
    UNMARK = utc("2026-09-11 17:45:10")

    def excluded_at(t):
        return excluded if MARK_BAD <= t < UNMARK else []

    def nef_id():
        return f"NEF-{rng.randint(10**7, 10**8 - 1)}"

    # ---- the clock of a day: envelopes per minute
    def rate(t):
        local_h = ((t - dt.timedelta(hours=7)).hour + (t - dt.timedelta(hours=7)).minute / 60)
        pts = [(0, 0.12), (5.5, 0.2), (7.0, 0.7), (8.0, 1.7), (9.5, 2.2), (12.0, 2.0), (12.6, 1.5), (24, 0.2)]
        for (h0, r0), (h1, r1) in zip(pts, pts[1:]):
            if h0 <= local_h <= h1:
                return r0 + (r1 - r0) * (local_h - h0) / (h1 - h0)
        return 0.2

    uas = ["Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/128.0.0.0+Safari/537.36+Edg/128.0.0.0",
           "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/128.0.0.0+Safari/537.36",
           "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/17.6+Safari/605.1.15",
           "Filewell-EFSP/5.2.1", "CourtLink-Connect/3.1.0+(efsp)"]
    clerks = ["jnguyen", "mokafor", "tbrennan", "lsato", "kdelgado", "rquinn", "aeriksen", "pkaur"]

    def pub_ip():
        return f"{rng.choice(['71.59', '50.47', '24.20', '73.11', '97.113', '174.21', '66.235'])}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"

    envelopes = []
    t = START - dt.timedelta(hours=2)
    while True:
        t += dt.timedelta(seconds=rng.expovariate(2.6 / 60))
        if t >= END:
            break
        if rng.random() > rate(t) / 2.6:
            continue
        code, court, _ = rng.choices(COUNTIES, [w for _, _, w in COUNTIES])[0]
        new_case = rng.random() < 0.3
        kind = "civil"
        case = f"{code}{rng.choice([24, 25, 25, 26, 26, 26])}{rng.choice(['CV', 'CV', 'CV', 'FL', 'PR'])}{rng.randint(1, 9999):05d}"
        if new_case:
            case = f"{code}26CV{rng.randint(4000, 5200):05d}"
        docs = rng.choices([1, 2, 3, 4], [45, 30, 15, 10])[0]
        n_rcpt = 1 if new_case else max(1, min(48, int(rng.lognormvariate(1.5, 0.7))))
        fee = 435.0 if new_case else rng.choice([60.0, 60.0, 0.0, 0.0, 0.0, 20.0])
        auto = (not new_case) and rng.random() < 0.45
        envelopes.append({"t": t, "court": court, "case": case, "new": new_case, "docs": docs, "n_rcpt": n_rcpt, "fee": fee, "auto": auto, "kind": kind})

    # the big cases' entries: (accepted_at, case, docket text)
    big_entries = [
        (FIRST_JCCP, "JCCP5219", "MINUTE ORDER re Status Conference of 09/10/2026 (Judge Elena Alvarez)"),
        (utc("2026-09-11 15:52:41"), "JCCP5219", "PLAINTIFFS' BELLWETHER POOL SELECTIONS PURSUANT TO CMO 21"),
        (utc("2026-09-11 16:07:12"), "JCCP5219", "DEFENDANT CASCADIA POWER & LIGHT COMPANY'S BELLWETHER POOL SELECTIONS"),
        (utc("2026-09-11 16:21:55"), "JCCP5219", "NOTICE OF APPEARANCE (Ridgeway Contractors, Inc.)"),
        (utc("2026-09-11 16:34:30"), "JCCP5219", "JOINDER IN DEFENDANT CASCADIA POWER & LIGHT'S BELLWETHER POOL SELECTIONS"),
        (utc("2026-09-11 16:48:02"), "JCCP5219", "DEFENDANT TIMBERLINE VEGETATION SERVICES' BELLWETHER POOL SELECTIONS"),
        (utc("2026-09-11 16:59:47"), "JCCP5219", "PROOF OF SERVICE"),
        (utc("2026-09-11 17:05:18"), "JCCP5174", "STIPULATION AND [PROPOSED] ORDER TO CONTINUE MEDIATION DEADLINE"),
        (utc("2026-09-11 17:12:26"), "JCCP5219", "NOTICE OF CHANGE OF FIRM ADDRESS"),
        (utc("2026-09-11 17:24:09"), "JCCP5219", "REQUEST FOR DISMISSAL (Plaintiff Ortiz, Case No. AL25CV02214 only)"),
        (utc("2026-09-11 17:31:40"), "JCCP5219", "PLAINTIFFS' STATEMENT RE DEFENSE BELLWETHER SELECTIONS"),
        (utc("2026-09-11 18:04:33"), "JCCP5219", "SUBSTITUTION OF ATTORNEY (Plaintiffs Nakamura)"),
        (utc("2026-09-11 18:41:17"), "JCCP5219", "NOTICE OF RULING re Bellwether Pool"),
        (utc("2026-09-11 15:11:52"), "AL24CV01177", "CROSS-DEFENDANT SUMMIT GLAZING'S CASE MANAGEMENT STATEMENT"),
        (utc("2026-09-11 13:47:05"), "AL24CV01177", "NOTICE OF DEPOSITION OF PERSON MOST QUALIFIED"),
    ]

    nef_jobs = []  # (first_due, job)
    entry_no = {}

    def next_entry(case, base=None):
        if case not in entry_no:
            entry_no[case] = base if base is not None else rng.randint(3, 140)
        entry_no[case] += 1
        return entry_no[case]

    def worker_for(t):
        names = [n for n in wk_names if up(n, t)]
        return rng.choice(names)

    def stamp_and_docket(t, env_id, case, court, docs, text, n_rcpt, recipients=None):
        name = worker_for(t)
        entry = next_entry(case, big_cases[case][2] if case in big_cases else None)
        local = t - dt.timedelta(hours=7)
        stamp = f"ELECTRONICALLY FILED {local.month}/{local.day}/{local.year} {local.strftime('%I:%M %p').lstrip('0')}"
        tt = t + dt.timedelta(milliseconds=rng.randint(300, 2500))
        for k in range(docs):
            doc = f"DOC-{rng.randint(10**7, 10**8 - 1)}"
            pages = max(1, int(rng.lognormvariate(2.2, 0.9)))
            ms_ = int(60 + pages * rng.uniform(4, 12))
            tt += dt.timedelta(milliseconds=ms_)
            tmpl = "Stamped {DocumentId} for {CaseNumber} entry {EntryNumber}: {Stamp} on page 1 ({Pages} pages) in {Elapsed} ms"
            wlog(tt, name, "Information", tmpl, f"Stamped {doc} for {case} entry {entry}: \"{stamp}\" on page 1 ({pages} pages) in {ms_} ms",
                 "Efile.Worker.Stamping.StampAndDocketService", DocumentId=doc, CaseNumber=case, EntryNumber=entry, Pages=pages, Elapsed=ms_)
            tt += dt.timedelta(milliseconds=rng.randint(80, 400))
            tmpl = "Stored stamped copy of {DocumentId} in DocStore as {DocStoreId} ({Size:N0} bytes)"
            size = pages * rng.randint(25000, 90000)
            wlog(tt, name, "Information", tmpl, f"Stored stamped copy of {doc} in DocStore as ds://{court.split()[0].lower()}/2026/09/11/{doc.lower()} ({size:,} bytes)",
                 "Efile.Worker.Stamping.DocStoreClient", DocumentId=doc, DocStoreId=f"ds://{court.split()[0].lower()}/2026/09/11/{doc.lower()}", Size=size)
        tt += dt.timedelta(milliseconds=rng.randint(150, 900))
        tmpl = "Docketed {EnvelopeId} in CMS as {CaseNumber} entry {EntryNumber} ({Court})"
        wlog(tt, name, "Information", tmpl, f"Docketed {env_id} in CMS as {case} entry {entry} ({court})", "Efile.Worker.Docketing.CmsDocketClient",
             EnvelopeId=env_id, CaseNumber=case, EntryNumber=entry, Court=court)
        nid = nef_id()
        recips = recipients if recipients is not None else service_list(n_rcpt)
        tt += dt.timedelta(milliseconds=rng.randint(5, 40))
        tmpl = "NEF {NefId} for {CaseNumber} entry {EntryNumber} queued for {Recipients} recipients"
        wlog(tt, name, "Information", tmpl, f"NEF {nid} for {case} entry {entry} queued for {len(recips)} recipients", "Efile.Worker.Nef.NefQueue",
             NefId=nid, CaseNumber=case, EntryNumber=entry, Recipients=len(recips))
        nef_jobs.append({"due": tt + dt.timedelta(seconds=rng.uniform(0.5, 5)), "nef": nid, "case": case, "entry": entry, "recips": recips,
                         "attempt": 0, "text": text, "big": case in big_cases})
        return tt

    # ---- envelopes through the API
    doc_titles = ["MOTION TO COMPEL FURTHER RESPONSES", "DECLARATION OF COUNSEL", "[PROPOSED] ORDER", "NOTICE OF MOTION AND MOTION", "PROOF OF SERVICE",
                  "MEMORANDUM OF POINTS AND AUTHORITIES", "REQUEST FOR JUDICIAL NOTICE", "CASE MANAGEMENT STATEMENT", "STIPULATION", "OPPOSITION",
                  "REPLY", "NOTICE OF HEARING", "SUBSTITUTION OF ATTORNEY", "EX PARTE APPLICATION"]
    for e in envelopes:
        web = rng.choice(list(WEBS))
        t0 = e["t"]
        env = f"ENV-{rng.randint(10**7, 10**8 - 1)}"
        ua = rng.choice(uas)
        xff = pub_ip()
        bar = rng.randint(100000, 349999)
        alog(t0, web, "INF", "Efile.Api.Envelopes.EnvelopeController", f"Envelope {env} created by bar {bar} for {e['case'] if not e['new'] else 'new case'} ({e['court']})")
        ilog(t0, web, "POST", "/api/v3/envelopes", None, 201, rng.randint(40, 160), ua=ua, xff=xff)
        tt = t0 + dt.timedelta(seconds=rng.uniform(5, 60))
        ok_docs = 0
        for k in range(e["docs"]):
            doc = f"DOC-{rng.randint(10**7, 10**8 - 1)}"
            pages = max(1, int(rng.lognormvariate(2.2, 0.9)))
            mb = max(0.05, pages * rng.uniform(0.03, 0.15))
            r = rng.random()
            taken = int(200 + mb * rng.uniform(150, 400))
            if r < 0.045:
                reason = rng.choice(["document is not text-searchable (OCR required)", "page 1 is not 8.5 x 11 in", f"page {rng.randint(2, max(2, pages))} is not 8.5 x 11 in",
                                     "document is encrypted or password protected", "document contains an XFA form (print it to PDF first)", "document contains JavaScript"])
                alog(tt + dt.timedelta(milliseconds=taken), web, "WRN", "Efile.Api.Validation.PdfValidator", f"PDF validation failed for {doc} in envelope {env}: {reason}")
                ilog(tt, web, "POST", f"/api/v3/envelopes/{env}/documents", None, 422, taken, ua=ua, xff=xff)
            else:
                alog(tt + dt.timedelta(milliseconds=taken), web, "INF", "Efile.Api.Validation.PdfValidator", f"PDF validation passed for {doc} in envelope {env}: {pages} pages, {mb:.1f} MB, text-searchable")
                ilog(tt, web, "POST", f"/api/v3/envelopes/{env}/documents", None, 201, taken, ua=ua, xff=xff)
                ok_docs += 1
            tt += dt.timedelta(seconds=rng.uniform(4, 40))
        if ok_docs == 0:
            continue
        # fees
        if e["fee"] > 0:
            if rng.random() < 0.55:
                auth = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))
                if rng.random() < 0.02:
                    alog(tt + dt.timedelta(seconds=15), web, "WRN", "Efile.Api.Fees.EPayClient", f"ePay authorization for {env} timed out after 15 s, retrying once")
                    tt += dt.timedelta(seconds=15)
                alog(tt + dt.timedelta(milliseconds=rng.randint(700, 2400)), web, "INF", "Efile.Api.Fees.PaymentService", f"Fee for {env}: ${e['fee']:.2f} paid by card through ePay, authorization {auth}")
                ilog(tt, web, "POST", f"/api/v3/envelopes/{env}/payment", None, 200, rng.randint(700, 2400), ua=ua, xff=xff)
            else:
                alog(tt + dt.timedelta(milliseconds=rng.randint(30, 90)), web, "INF", "Efile.Api.Fees.PaymentService", f"Fee for {env}: ${e['fee']:.2f} charged to draw-down account DDA-{rng.randint(1000, 1999)}")
                ilog(tt, web, "POST", f"/api/v3/envelopes/{env}/payment", None, 200, rng.randint(30, 90), ua=ua, xff=xff)
        elif rng.random() < 0.05:
            alog(tt, web, "INF", "Efile.Api.Fees.PaymentService", f"Fee for {env}: $0.00, fee waiver FW-{rng.randint(100000, 999999)} on file")
        tt += dt.timedelta(seconds=rng.uniform(3, 20))
        alog(tt, web, "INF", "Efile.Api.Envelopes.EnvelopeService", f"Envelope {env} submitted: {ok_docs} documents, fee ${e['fee']:.2f}, queued for clerk review ({e['court']})")
        ilog(tt, web, "POST", f"/api/v3/envelopes/{env}/submit", None, 202, rng.randint(60, 200), ua=ua, xff=xff)
        # acceptance: auto for subsequent filings, else the clerk's queue during office hours (08:00 PDT)
        local = tt - dt.timedelta(hours=7)
        if e["auto"]:
            acc = tt + dt.timedelta(seconds=rng.uniform(20, 90))
            who = "auto-accept"
        else:
            opens = utc("2026-09-11 15:00:00")
            base = max(tt, opens)
            acc = base + dt.timedelta(minutes=rng.uniform(8, 70) if tt >= opens else rng.uniform(0, 110))
            who = rng.choice(clerks)
        if rng.random() < 0.05 and who != "auto-accept":
            alog(acc, rng.choice(list(WEBS)), "INF", "Efile.Api.Review.ReviewService", f"Envelope {env} returned by clerk {who}: {rng.choice(['wrong case number', 'document not signed', 'fee waiver order missing', 'filed in the wrong court location'])}")
            continue
        if who != "auto-accept":
            ilog(acc - dt.timedelta(milliseconds=300), rng.choice(list(WEBS)), "POST", f"/clerk/review/{env}/accept", None, 200, rng.randint(150, 600), user=f"CASCADIA\\{who}", ua=uas[0])
        if who == "auto-accept":
            alog(acc, rng.choice(list(WEBS)), "INF", "Efile.Api.Review.ReviewService", f"Envelope {env} auto-accepted under rule SUBSEQUENT-CIVIL ({e['court']}); {ok_docs} documents queued for stamping")
        else:
            alog(acc, rng.choice(list(WEBS)), "INF", "Efile.Api.Review.ReviewService", f"Envelope {env} accepted by clerk {who} ({e['court']}); {ok_docs} documents queued for stamping")
        stamp_and_docket(acc + dt.timedelta(seconds=rng.uniform(1, 6)), env, e["case"], e["court"], ok_docs, rng.choice(doc_titles), e["n_rcpt"])

    for at, case, text in big_entries:
        env = f"ENV-{rng.randint(10**7, 10**8 - 1)}"
        court = "Alder County Superior Court"
        who = "courtroom clerk vmarsh" if text.startswith("MINUTE ORDER") else rng.choice(clerks)
        alog(at - dt.timedelta(seconds=3), rng.choice(list(WEBS)), "INF", "Efile.Api.Review.ReviewService", f"Envelope {env} accepted by clerk {who.split()[-1]} ({court}); 1 documents queued for stamping")
        stamp_and_docket(at, env, case, court, 1, text, 0, recipients=big_cases[case][1])

    # other API traffic: docket views, envelope status, clerk queue
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(5 / 60))
        if t >= END:
            break
        if rng.random() > rate(t) / 2.6:
            continue
        web = rng.choice(list(WEBS))
        r = rng.random()
        if r < 0.45:
            ilog(t, web, "GET", f"/api/v3/cases/{rng.choice(['AL', 'KE', 'WB', 'TM'])}{rng.choice([24, 25, 26])}CV{rng.randint(1, 5200):05d}/docket", None, 200, rng.randint(30, 220), ua=rng.choice(uas), xff=pub_ip())
        elif r < 0.8:
            ilog(t, web, "GET", "/api/v3/envelopes", f"status={rng.choice(['submitted', 'accepted', 'returned', 'draft'])}&page=1", 200, rng.randint(20, 140), ua=rng.choice(uas), xff=pub_ip())
        elif r < 0.95 and t >= utc("2026-09-11 14:45:00"):
            ilog(t, web, "GET", "/clerk/review/queue", f"court={rng.choice(['AL', 'KE', 'WB', 'TM', 'PR', 'SQ'])}", 200, rng.randint(80, 400), user=f"CASCADIA\\{rng.choice(clerks)}", ua=uas[0])
        else:
            ilog(t, web, "GET", "/api/v3/cases/JCCP5219/docket", "page=58", 200, rng.randint(300, 900), ua=rng.choice(uas), xff=pub_ip())
    t = START + dt.timedelta(seconds=rng.uniform(0, 10))
    while t < END:
        for name in WEBS:
            ilog(t + dt.timedelta(milliseconds=rng.randint(0, 900)), name, "GET", "/healthz", None, 200, rng.randint(1, 4), ua="BIG-IP+Monitor")
        t += dt.timedelta(seconds=60)

    # ---- NEF dispatch
    nef_jobs.sort(key=lambda j: j["due"])
    pending = list(nef_jobs)
    events = []
    dead = []
    waiting = []
    requeued_by_hand = []
    while pending:
        pending.sort(key=lambda j: j["due"])
        job = pending.pop(0)
        t = job["due"]
        if t >= END:
            continue
        name = worker_for(t)
        ver = version(wk_from, name, t)
        recips = [r for r in job["recips"] if r[1] not in excluded_at(t)] if job["big"] else job["recips"]
        n = len(recips)
        msgid = f"<{job['nef'].lower()}.{int(t.timestamp())}@efile.courts.cascadia.gov>"
        if ver == "4.18.2" and n > 50:
            chunks = [recips[k:k + 50] for k in range(0, n, 50)]
            _, tt = relay_session(t, name, WORKERS[name], chunks, msgid)
            ms_ = int((tt - t).total_seconds() * 1000) + rng.randint(10, 60)
            tmpl = "NEF {NefId} for {CaseNumber} entry {EntryNumber} sent to {Recipients} recipients in {Messages} messages ({Elapsed} ms)"
            wlog(tt, name, "Information", tmpl, f"NEF {job['nef']} for {job['case']} entry {job['entry']} sent to {n} recipients in {len(chunks)} messages ({ms_} ms)",
                 "Efile.Worker.Nef.NefDispatcher", NefId=job["nef"], CaseNumber=job["case"], EntryNumber=job["entry"], Recipients=n, Messages=len(chunks), Elapsed=ms_)
            events.append((tt, "sent"))
            stats["sent"] += 1
            continue
        ok, tt = relay_session(t, name, WORKERS[name], [recips], msgid)
        ms_ = int((tt - t).total_seconds() * 1000) + rng.randint(10, 60)
        if ok:
            tmpl = "NEF {NefId} for {CaseNumber} entry {EntryNumber} sent to {Recipients} recipients in {Messages} messages ({Elapsed} ms)"
            wlog(tt + dt.timedelta(milliseconds=5), name, "Information", tmpl, f"NEF {job['nef']} for {job['case']} entry {job['entry']} sent to {n} recipients in 1 messages ({ms_} ms)",
                 "Efile.Worker.Nef.NefDispatcher", NefId=job["nef"], CaseNumber=job["case"], EntryNumber=job["entry"], Recipients=n, Messages=1, Elapsed=ms_)
            events.append((tt, "sent"))
            stats["sent"] += 1
            if n > 50:
                stats["big_ok"].append((tt, job["case"], n))
            continue
        # refused past the 100th recipient
        job["attempt"] += 1
        attempt = job["attempt"]
        plan = retry_plan(ver)
        refused = recips[100][1]
        exc = ("MailKit.Net.Smtp.SmtpCommandException: 4.5.3 Error: too many recipients\r\n"
               "   at MailKit.Net.Smtp.SmtpClient.OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)\r\n"
               "   at MailKit.Net.Smtp.SmtpClient.ProcessRcptToResponse(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)\r\n"
               "   at MailKit.Net.Smtp.SmtpClient.FlushBatchAsync(FormatOptions options, MimeMessage message, IList`1 recipients, CancellationToken cancellationToken)\r\n"
               "   at MailKit.Net.Smtp.SmtpClient.SendAsync(FormatOptions options, MimeMessage message, MailboxAddress sender, IList`1 recipients, CancellationToken cancellationToken, ITransferProgress progress)\r\n"
               "   at Efile.Worker.Nef.NefMailer.SendAsync(NefJob job, CancellationToken ct) in D:\\a\\1\\s\\src\\Efile.Worker\\Nef\\NefMailer.cs:line 33\r\n"
               "   at Efile.Worker.Nef.NefDispatcher.SendOneAsync(NefJob job, CancellationToken ct) in D:\\a\\1\\s\\src\\Efile.Worker\\Nef\\NefDispatcher.cs:line 43")
        tl = tt + dt.timedelta(milliseconds=rng.randint(3, 15))
        stats["failures"].append((tl, job["case"], ver, attempt))
        events.append((tl, "failed"))
        if attempt >= len(plan) + 1:
            tmpl = "NEF {NefId} for {CaseNumber} entry {EntryNumber} moved to dead letter after {Attempts} attempts"
            wlog(tl, name, "Error", tmpl, f"NEF {job['nef']} for {job['case']} entry {job['entry']} moved to dead letter after {attempt} attempts",
                 "Efile.Worker.Nef.NefDispatcher", exc=exc, NefId=job["nef"], CaseNumber=job["case"], EntryNumber=job["entry"], Attempts=attempt)
            dead.append(job)
            stats["dead"].append((tl, job["case"], job["entry"]))
            events.append((tl, "dead"))
            continue
        retry_at = tl + dt.timedelta(minutes=plan[attempt - 1])
        if ver == "4.18.0":
            tmpl = "NEF {NefId} for {CaseNumber} entry {EntryNumber} send failed (attempt {Attempt}/{MaxAttempts}), retry at {RetryAt:HH:mm:ss}"
            wlog(tl, name, "Warning", tmpl, f"NEF {job['nef']} for {job['case']} entry {job['entry']} send failed (attempt {attempt}/{len(plan) + 1}), retry at {retry_at.strftime('%H:%M:%S')}",
                 "Efile.Worker.Nef.NefDispatcher", exc=exc, NefId=job["nef"], CaseNumber=job["case"], EntryNumber=job["entry"], Attempt=attempt, MaxAttempts=len(plan) + 1, RetryAt=iso7(retry_at))
        else:
            tmpl = "NEF {NefId} for {CaseNumber} entry {EntryNumber} not sent (attempt {Attempt}/{MaxAttempts}): relay refused recipient {Recipient:l} with {StatusCode}: {RelayReply:l}; retry at {RetryAt:HH:mm:ss}"
            wlog(tl, name, "Warning", tmpl, f"NEF {job['nef']} for {job['case']} entry {job['entry']} not sent (attempt {attempt}/{len(plan) + 1}): relay refused recipient {refused} with InsufficientStorage: 4.5.3 Error: too many recipients; retry at {retry_at.strftime('%H:%M:%S')}",
                 "Efile.Worker.Nef.NefDispatcher", exc=exc, NefId=job["nef"], CaseNumber=job["case"], EntryNumber=job["entry"], Attempt=attempt, MaxAttempts=len(plan) + 1,
                 Recipient=refused, StatusCode="InsufficientStorage", RelayReply="4.5.3 Error: too many recipients", RetryAt=iso7(retry_at))
        job["due"] = retry_at + dt.timedelta(seconds=rng.uniform(0.2, 5))
        job["refused"] = refused
        waiting.append([tl, job["due"], job])
        # Dana's runbook step: the first refused address marked undeliverable, the NEF requeued
        if job["case"] == "JCCP5219" and tl < MARK_BAD < job["due"] and not requeued_by_hand:
            excluded.append(refused)
            requeued_by_hand.append(job)
            alog(MARK_BAD, "EFILE-WEB-01", "INF", "Efile.Api.Admin.ServiceContactsController", f"Service contact {refused} marked undeliverable by dwhitfield (JCCP5219)")
            ilog(MARK_BAD - dt.timedelta(milliseconds=200), "EFILE-WEB-01", "POST", "/admin/service-contacts/undeliverable", None, 200, 140, user="CASCADIA\\dwhitfield", ua=uas[0])
            rq = MARK_BAD + dt.timedelta(seconds=48)
            tmpl = "NEF requeue requested by {User}: {NefId} ({CaseNumber} entry {EntryNumber})"
            wlog(rq, "EFILE-WKR-01", "Information", tmpl, f"NEF requeue requested by dwhitfield: {job['nef']} ({job['case']} entry {job['entry']})", "Efile.Worker.Nef.NefQueue",
                 User="dwhitfield", NefId=job["nef"], CaseNumber=job["case"], EntryNumber=job["entry"])
            job["due"] = rq + dt.timedelta(seconds=3.5)
            waiting[-1][1] = job["due"]
        if job["due"] < END:
            pending.append(job)
    # the requeue after the fix
    stuck = [j for j in dead]
    stats["requeued"] = len(stuck) + 1
    tmpl = "NEF requeue requested by {User}: {Count} NEFs from dead letter"
    wlog(REQUEUE, "EFILE-WKR-01", "Information", tmpl, f"NEF requeue requested by dwhitfield: {len(stuck) + 1} NEFs from dead letter", "Efile.Worker.Nef.NefQueue", User="dwhitfield", Count=len(stuck) + 1)
    wed = {"due": REQUEUE + dt.timedelta(seconds=2), "nef": "NEF-61893307", "case": "JCCP5174", "entry": 612, "recips": harbor, "attempt": 4, "big": True}
    for k, job in enumerate([wed] + stuck):
        t = REQUEUE + dt.timedelta(seconds=2 + 3 * k + rng.uniform(0, 2))
        name = worker_for(t)
        recips = job["recips"]
        chunks = [recips[i:i + 50] for i in range(0, len(recips), 50)]
        msgid = f"<{job['nef'].lower()}.{int(t.timestamp())}@efile.courts.cascadia.gov>"
        _, tt = relay_session(t, name, WORKERS[name], chunks, msgid)
        ms_ = int((tt - t).total_seconds() * 1000) + rng.randint(10, 60)
        tmpl = "NEF {NefId} for {CaseNumber} entry {EntryNumber} sent to {Recipients} recipients in {Messages} messages ({Elapsed} ms)"
        wlog(tt, name, "Information", tmpl, f"NEF {job['nef']} for {job['case']} entry {job['entry']} sent to {len(recips)} recipients in {len(chunks)} messages ({ms_} ms)",
             "Efile.Worker.Nef.NefDispatcher", NefId=job["nef"], CaseNumber=job["case"], EntryNumber=job["entry"], Recipients=len(recips), Messages=len(chunks), Elapsed=ms_)
        events.append((tt, "sent"))
    # Dana adds the undeliverable address back before the requeue
    alog(UNMARK, "EFILE-WEB-01", "INF", "Efile.Api.Admin.ServiceContactsController", f"Service contact {excluded[0]} marked deliverable by dwhitfield (JCCP5219)")
    stats["events"] = events
    stats["excluded"] = excluded

    # ---- worker housekeeping, starts and stops
    for name in wk_names:
        t = START + dt.timedelta(seconds=rng.uniform(0, 300))
        while t < END:
            if up(name, t):
                tmpl = "Dispatcher: {Pending} NEFs pending, {Due} due, {DeadLetter} in dead letter"
                pend = len([w for w in waiting if w[0] <= t < w[1]])
                dl = (len([d for d in stats["dead"] if d[0] <= t]) + 1) if t < REQUEUE else 0
                wlog(t, name, "Information", tmpl, f"Dispatcher: {pend} NEFs pending, 0 due, {dl} in dead letter", "Efile.Worker.Nef.NefDispatcher", Pending=pend, Due=0, DeadLetter=dl)
            t += dt.timedelta(seconds=300, milliseconds=rng.randint(0, 400))
        t = START + dt.timedelta(seconds=rng.uniform(0, 3600))
        while t < END:
            tmpl = "CMS session renewed for {Account}, expires {Expires:HH:mm}"
            wlog(t, name, "Information", tmpl, f"CMS session renewed for svc-efile-cms, expires {(t + dt.timedelta(hours=1)).strftime('%H:%M')}", "Efile.Worker.Docketing.CmsSession",
                 Account="svc-efile-cms", Expires=iso7(t + dt.timedelta(hours=1)))
            t += dt.timedelta(minutes=55, seconds=rng.randint(0, 30))
    for name in wk_names:
        for k, (start, ver) in enumerate(wk_from[name]):
            if k == 0:
                continue
            stop = start - dt.timedelta(seconds=rng.uniform(8, 10))
            wlog(stop, name, "Information", "Application is shutting down...", "Application is shutting down...", "Microsoft.Hosting.Lifetime")
            sha = ver_sha[ver][:7]
            tmpl = "Efile.Worker {Version} ({Commit}) starting on {Host}, .NET {Runtime}"
            wlog(start, name, "Information", tmpl, f"Efile.Worker {ver} ({sha}) starting on {name}, .NET 8.0.8", "Efile.Worker.Program",
                 Commit=sha, Host=name, Runtime="8.0.8")
            wlog(start + dt.timedelta(milliseconds=rng.randint(300, 700)), name, "Information", "NEF dispatcher started: concurrency {Concurrency}, retries at {RetryMinutes} min, relay {Relay}",
                 f"NEF dispatcher started: concurrency {4 if ver == '4.18.0' else 8}, retries at [{', '.join(str(x) for x in retry_plan(ver))}] min, relay smtp-relay.jb.cascadia.gov:25", "Efile.Worker.Nef.NefDispatcher",
                 Concurrency=4 if ver == "4.18.0" else 8, RetryMinutes=retry_plan(ver), Relay="smtp-relay.jb.cascadia.gov:25")
            wlog(start + dt.timedelta(milliseconds=rng.randint(800, 1200)), name, "Information", "Application started. Hosting environment: {EnvName}; Content root path: {ContentRoot}",
                 "Application started. Hosting environment: Production; Content root path: D:\\Apps\\Efile.Worker", "Microsoft.Hosting.Lifetime", EnvName="Production", ContentRoot="D:\\Apps\\Efile.Worker")
    for name in WEBS:
        for k, (start, ver) in enumerate(web_from[name]):
            if k == 0:
                continue
            alog(start, name, "INF", "Efile.Api.Program", f"Efile.Api {ver} ({ver_sha[ver][:7]}) started on {name}, app pool efile-api")

    # ---- the relays' other traffic
    def other_sender(t, client, ip_, sender, n_rcpt):
        recips = [(None, f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}{rng.randint(1, 99)}@{rng.choice(['gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'comcast.net'])}", sender) for _ in range(n_rcpt)]
        host = rng.choice(list(RELAYS))
        spid = rng.choice(pids["smtpd"])
        fqdn = f"{client}.jb.cascadia.gov[{ip_}]"
        q = qid()
        rlog(t, host, "smtpd", f"connect from {fqdn}", spid)
        rlog(t + dt.timedelta(milliseconds=18), host, "smtpd", f"{q}: client={fqdn}", spid)
        rlog(t + dt.timedelta(milliseconds=40), host, "cleanup", f"{q}: message-id=<{hexid(16)}@{client}.jb.cascadia.gov>")
        rlog(t + dt.timedelta(milliseconds=44), host, "qmgr", f"{q}: from=<{sender}>, size={rng.randint(3000, 26000)}, nrcpt={n_rcpt} (queue active)")
        rlog(t + dt.timedelta(milliseconds=50), host, "smtpd", f"disconnect from {fqdn} ehlo=1 mail=1 rcpt={n_rcpt} data=1 quit=1 commands={n_rcpt + 4}", spid)
        last = t
        for _, email, _ in recips:
            dom = email.split("@")[1]
            mxhost = {"gmail.com": "gmail-smtp-in.l.google.com", "yahoo.com": "mta7.am0.yahoodns.net", "outlook.com": "outlook-com.olc.protection.outlook.com", "comcast.net": "mx1a1.comcast.net"}[dom]
            mxip = {"gmail.com": f"142.251.{rng.randint(100, 150)}.27", "yahoo.com": f"67.195.{rng.randint(204, 228)}.{rng.randint(70, 120)}",
                    "outlook.com": f"52.101.{rng.randint(40, 48)}.{rng.randint(2, 250)}", "comcast.net": f"96.114.157.{rng.randint(78, 81)}"}[dom]
            td = t + dt.timedelta(seconds=rng.uniform(0.3, 1.6))
            rlog(td, host, "smtp", f"{q}: to=<{email}>, relay={mxhost}[{mxip}]:25, delay={rng.uniform(0.3, 1.6):.2g}, delays=0.04/0/{rng.uniform(0.05, 0.5):.2g}/{rng.uniform(0.1, 0.9):.2g}, dsn=2.0.0, status=sent (250 2.0.0 OK)")
            last = max(last, td)
        rlog(last + dt.timedelta(milliseconds=1), host, "qmgr", f"{q}: removed")

    def hexid(n):
        return "".join(rng.choice("0123456789abcdef") for _ in range(n))

    # jury reminders at 07:00 PDT, hearing notices through the day
    t = utc("2026-09-11 14:00:05")
    for _ in range(70):
        t += dt.timedelta(seconds=rng.uniform(2, 6))
        other_sender(t, "jms-app-01", "10.40.14.31", "jury@courts.cascadia.gov", 1)
    t = START
    while True:
        t += dt.timedelta(seconds=rng.expovariate(1 / 240))
        if t >= END:
            break
        other_sender(t, "cal-app-02", "10.40.15.12", "calendar-notices@courts.cascadia.gov", rng.choice([1, 1, 2, 3]))
    # monitoring probe every 5 minutes on each relay
    for host in RELAYS:
        t = START + dt.timedelta(seconds=rng.uniform(0, 60))
        while t < END:
            spid = rng.choice(pids["smtpd"])
            rlog(t, host, "smtpd", "connect from mon-01.jb.cascadia.gov[10.40.2.5]", spid)
            rlog(t + dt.timedelta(milliseconds=12), host, "smtpd", "disconnect from mon-01.jb.cascadia.gov[10.40.2.5] ehlo=1 quit=1 commands=2", spid)
            t += dt.timedelta(minutes=5, milliseconds=rng.randint(0, 300))
        t = START + dt.timedelta(minutes=rng.uniform(0, 10))
        while t < END:
            rlog(t, host, "anvil", f"statistics: max connection rate {rng.randint(2, 9)}/60s for (smtp:10.40.12.2{rng.randint(1, 3)}) at {(t - dt.timedelta(minutes=rng.randint(1, 9))).strftime('%b %d %H:%M:%S')}", rng.randint(30000, 39999))
            rlog(t, host, "anvil", f"statistics: max connection count {rng.randint(1, 4)} for (smtp:10.40.12.2{rng.randint(1, 3)}) at {(t - dt.timedelta(minutes=rng.randint(1, 9))).strftime('%b %d %H:%M:%S')}", rng.randint(30000, 39999))
            rlog(t, host, "anvil", f"statistics: max cache size {rng.randint(3, 8)} at {(t - dt.timedelta(minutes=rng.randint(1, 9))).strftime('%b %d %H:%M:%S')}", rng.randint(30000, 39999))
            t += dt.timedelta(minutes=10)
    # the messaging team's patch: postfix 3.5.25 on both relays
    for k, host in enumerate(RELAYS):
        at = RELAY_PATCH + dt.timedelta(minutes=4 * k)
        rlog(at, host, "postfix-script", "stopping the Postfix mail system", rng.randint(2000, 2100))
        rlog(at + dt.timedelta(milliseconds=30), host, "master", "terminating on signal 15", master_pid[host])
        rlog(at + dt.timedelta(seconds=9), host, "postfix-script", "starting the Postfix mail system", rng.randint(2300, 2400))
        master_pid[host] = rng.randint(2400, 2500)
        qmgr_pid[host] = master_pid[host] + 2
        rlog(at + dt.timedelta(seconds=9, milliseconds=80), host, "master", "daemon started -- version 3.5.25, configuration /etc/postfix", master_pid[host])
    # a departed attorney's address bounces (a real bad address)
    bt = utc("2026-09-11 14:31:10")
    rlog(bt, "smtp-relay-02", "smtp", "6B2E41C0A93: to=<gfontaine@fontainegrant.com>, relay=aspmx.l.google.com[142.250.113.27]:25, delay=0.62, delays=0.01/0/0.21/0.4, dsn=5.1.1, status=bounced (host aspmx.l.google.com[142.250.113.27] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. (in reply to RCPT TO command))")
    rlog(bt + dt.timedelta(milliseconds=20), "smtp-relay-02", "bounce", "6B2E41C0A93: sender non-delivery notification: 7D01A2C0B15", 2201)

    # ---- Azure DevOps
    def dlog(t, msg):
        if START <= t < END:
            t = t + dt.timedelta(microseconds=rng.randint(0, 400000))
            devops.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}{rng.randint(0, 9)}Z {msg}")

    run_names = {DEPLOY_4181: ("efile-prod 20260911.1", "4.18.1", shas["rel4181"], "dwhitfield"),
                 ROLLBACK: ("efile-prod 20260908.2 (redeploy)", "4.18.0", shas["rel4180"], "dwhitfield"),
                 DEPLOY_4182: ("efile-prod 20260911.2", "4.18.2", shas["rel4182"], "dwhitfield")}
    for at, ver, wk, web in wk_rollouts:
        run, v, sha, who = run_names[at]
        dlog(at - dt.timedelta(seconds=30), f"##[section]Starting: production ({run}, requested by {who})")
        dlog(at - dt.timedelta(seconds=29), f"Build {v}: refs/tags/v{v} @ {sha}")
        for label, targets, svc in (("worker", wk, "EfileWorker"), ("api", web, "efile-api")):
            for host, t_up in targets.items():
                t0 = t_up - dt.timedelta(seconds=16)
                dlog(t0, f"##[section]Starting: Deploy {label} to {host}")
                dlog(t0 + dt.timedelta(seconds=1), f"Downloading artifact efile ({v})")
                dlog(t0 + dt.timedelta(seconds=6), f"{'Stop-Service ' + svc if label == 'worker' else 'Stop-WebAppPool ' + svc}")
                dest = "D:\\Apps\\Efile.Worker" if label == "worker" else "D:\\Apps\\Efile.Api"
                dlog(t0 + dt.timedelta(seconds=8), f"robocopy {dest}: {rng.randint(180, 260)} files copied, {rng.randint(3, 12)} extras removed, 0 failed")
                dlog(t_up, f"{'Start-Service ' + svc if label == 'worker' else 'Start-WebAppPool ' + svc}")
                dlog(t_up + dt.timedelta(seconds=2), f"##[section]Finishing: Deploy {label} to {host}")
        dlog(max(web.values()) + dt.timedelta(seconds=5), f"##[section]Finishing: production ({run}) - Succeeded")

    # ---- Teams #efile-oncall
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "efile-oncall",
                                 "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    fails = stats["failures"]
    onset = min(f[0] for f in fails)
    stats["onset"] = onset
    alert_at = None
    for f in fails:
        window = [x for x in fails if f[0] - dt.timedelta(minutes=15) < x[0] <= f[0]]
        if len(window) >= 3:
            alert_at = f[0] + dt.timedelta(seconds=40)
            break
    stats["alert"] = alert_at
    say(utc("2026-09-11 13:36:00"), "Dana Whitfield", "Hotfix 4.18.1 for FEE-233 (fee waiver lost on resubmission, Treasury has 3 refund requests) goes out at 07:05. It is cut from main, so NTF-414/415/416/417 and MailKit 4.8.0 ride along.")
    say(DEPLOY_4181 + dt.timedelta(minutes=5), "Dana Whitfield", "4.18.1 on all six servers. Smoke test: envelope with a fee waiver resubmitted, $0.00.")
    say(utc("2026-09-11 13:12:00"), "Ken Lachance", "FYI from messaging: postfix 3.5.25 security update on smtp-relay-01/02 done (06:02/06:06), config unchanged.")
    say(alert_at, "Grafana", f"[FIRING:1] NEF send failures (efile-prod): {len([x for x in fails if x[0] <= alert_at])} failures in 15 min")
    say(alert_at + dt.timedelta(minutes=2), "Dana Whitfield", f"Looking. All failures are JCCP5219 (Cedar Ridge), 'relay refused recipient {excluded[0]} with InsufficientStorage: 4.5.3 Error: too many recipients'. Runbook says a refused recipient is a bad address: marking it undeliverable and requeuing.")
    say(MARK_BAD + dt.timedelta(minutes=6), "Dana Whitfield", "Requeued NEF failed again, now refusing the next attorney on the list. Not one bad address. InsufficientStorage: @Ken Lachance is a relay out of disk? You patched them this morning.")
    say(MARK_BAD + dt.timedelta(minutes=10), "Ken Lachance", "Both relays: /var/spool 14% used, queues empty, jury and calendar mail going out. Nothing changed but the package. Looking at your sessions.")
    say(ROLLBACK - dt.timedelta(minutes=3), "Dana Whitfield", "4.18.1 brought MailKit 4.8.0 and NTF-417 this morning and this started an hour later. Runbook: failures after a release, roll back. Redeploying 4.18.0 (dispatcher back to 3 retries).")
    say(ROLLBACK + dt.timedelta(minutes=4), "Dana Whitfield", "4.18.0 on all six.")
    after_rb = [f for f in fails if f[0] > ROLLBACK + dt.timedelta(minutes=4)]
    say(after_rb[0][0] + dt.timedelta(seconds=50), "Dana Whitfield", f"Still failing on 4.18.0: {after_rb[0][1]} 'send failed (attempt {after_rb[0][3]}/4)', the exception says the same 4.5.3 Error: too many recipients. Not the hotfix.")
    say(utc("2026-09-11 16:44:30"), "Lorraine Pike", "Civil Division, Alder: liaison counsel in Cedar Ridge called twice, nobody on the master service list has received today's minute order or the bellwether selections. Judge Alvarez's chambers ask whether the parties have been served, the selections were due at noon.")
    say(utc("2026-09-11 16:52:10"), "Ken Lachance", "From the relay side: your workers open one session per NEF and send 231 RCPT TO. smtpd_recipient_limit is 100 on both relays (RLY-3, since 2019, it is in the onboarding doc): 'disconnect from efile-wkr-02.jb.cascadia.gov[10.40.12.22] ehlo=2 starttls=1 mail=1 rcpt=100/231 rset=1'. Recipients 101-231 get 452 4.5.3, the client resets and drops. Until Tuesday night you sent one recipient per message.")
    say(utc("2026-09-11 16:56:40"), "Marisol Ortega", "That is NTF-409 in 4.18.0 (Tuesday): one message per docket entry with the service list in Bcc, because of the 'too much mail' rate limit in August. I tested it against smtp4dev with 12 recipients. Cedar Ridge's master list has 231 addresses, Harbor Point 126. MailKit throws on the first refused recipient, so the whole NEF fails. Writing NTF-421: Bcc in chunks of 50.")
    say(utc("2026-09-11 17:01:20"), "Marisol Ortega", "Found one more in nef.DeadLetter from Wednesday 13:14: NEF-61893307, Harbor Point entry 612, same error. Nobody saw it.")
    say(utc("2026-09-11 17:06:00"), "Lorraine Pike", "Telling chambers: the notices will be re-sent this afternoon. Judge wants a list of what was not served.")
    say(DEPLOY_4182 - dt.timedelta(minutes=2), "Dana Whitfield", "4.18.2 (4.18.1 + NTF-421) going out now.")
    say(REQUEUE + dt.timedelta(minutes=1), "Dana Whitfield", f"4.18.2 live. Requeued {stats['requeued']} NEFs from dead letter plus the pending retries. Relay shows one session per Cedar Ridge entry with mail=5 rcpt=231 data=5.")
    say(UNMARK + dt.timedelta(seconds=20), "Dana Whitfield", f"Put {excluded[0]} back on the Cedar Ridge list before requeuing, it was never a bad address.")
    say(utc("2026-09-11 17:58:30"), "Lorraine Pike", "Judge Alvarez: today's master docket entries are deemed served at the time of re-send; the 10-day response periods run from then. Minute order to follow.")
    say(utc("2026-09-11 18:33:00"), "Jordan Blake", "Runbook updated: 452 4.5.3 too many recipients is RLY-3's limit, not a bad address.")

    # ---- ServiceNow
    def ticket(t, number, state, short, desc, opened=None, group="eFile Support", caller="Service Desk"):
        snow.add(t, json.dumps({"number": number, "opened_at": (opened or t).strftime("%Y-%m-%d %H:%M:%S"), "sys_updated_on": t.strftime("%Y-%m-%d %H:%M:%S"),
                                "assignment_group": group, "caller_id": caller, "state": state, "short_description": short, "description": desc}, ensure_ascii=False))

    ticket(utc("2026-09-11 14:48:12"), "INC0231877", "New", "Cannot pay filing fee", "Filer reports card declined by ePay twice for envelope, bank says no attempt. Asked to retry.", caller="eFile Help Line")
    ticket(utc("2026-09-11 16:38:40"), "INC0231942", "New", "No NEF received - Cedar Ridge Fire Cases", "Liaison counsel (Reyes Gould LLP) reports that no attorney on the JCCP 5219 master service list received notice of the minute order entered this morning.", caller="Lorraine Pike (Alder Civil)")
    ticket(utc("2026-09-11 16:47:05"), "INC0231951", "New", "Bellwether selections not served", "Kirkwood Ellis: filed Defendant's bellwether pool selections at 9:07, accepted, but no NEF to anyone. Deadline was noon. Are we served?", caller="eFile Help Line")
    ticket(utc("2026-09-11 16:49:30"), "INC0231942", "In Progress", "No NEF received - Cedar Ridge Fire Cases", "Linked to the NEF failures on the eFile side, see #efile-oncall.", opened=utc("2026-09-11 16:38:40"), caller="Lorraine Pike (Alder Civil)")
    ticket(utc("2026-09-11 16:58:00"), "INC0231960", "New", "Relay rejecting eFile NEFs?", "eFile on-call asks whether smtp-relay-01/02 reject recipients with 452 InsufficientStorage. Spool 14 %, queues empty; RLY-3 recipient limit 100 applies.", group="Messaging", caller="Dana Whitfield")
    ticket(utc("2026-09-11 18:06:20"), "INC0231942", "Resolved", "No NEF received - Cedar Ridge Fire Cases", "NEFs re-sent at 10:47 PDT after eFile 4.18.2 (NTF-421). Court deems service at re-send.", opened=utc("2026-09-11 16:38:40"), caller="Lorraine Pike (Alder Civil)")
    ticket(utc("2026-09-11 18:40:10"), "INC0231994", "New", "Stamp position on landscape exhibit", "Filer asks why the file stamp is over the table on a landscape exhibit page.", caller="eFile Help Line")
    return [worker, api, iis, relay, devops, teams, snow], stats


def build(out_dir):
    rng = random.Random(80100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        hours = (onset - CULPRIT_AT).total_seconds() / 3600
        assert FIRST_JCCP <= stats["onset"] < FIRST_JCCP + dt.timedelta(seconds=30), stats["onset"]
        assert stats["alert"] < MARK_BAD, stats["alert"]
        assert not [f for f in stats["failures"] if f[0] > DEPLOY_4182 + dt.timedelta(minutes=3)], "failures after the fix"
        assert [f for f in stats["failures"] if f[2] == "4.18.0"], "no failures after the rollback"
        assert stats["big_ok"], "no big NEF succeeded before the onset"
        events = stats["events"]

        def per_min(kind):
            def fn(t):
                return sum(1 for at, k in events if k == kind and t - dt.timedelta(minutes=1) < at <= t)
            return fn

        metrics = {"efile_nef_sends_per_minute.json": query_range(
            [({"job": "efile-worker", "outcome": o}, per_min(o)) for o in ("sent", "failed", "dead")], START, END, 60)}
        return write_scenario(
            out_dir, name="r80-nef-bcc-recipient-limit", service=SERVICE, onset=onset,
            description=f"""
Cascadia eFile, the statewide e-filing system of the Cascadia Judicial
Branch, stops serving the Cedar Ridge Fire Cases (JCCP 5219): from
{onset.strftime('%H:%M:%S')} UTC on Friday 11 September every Notice of Electronic Filing of
the master docket fails ("not sent ... relay refused recipient ...") and
is retried; the parties' bellwether selections, due at noon, and the
judge's minute order are not served. Hotfix 4.18.1 had been deployed at
14:05; the rollback to 4.18.0 at 16:26 did not help; 4.18.2 went out at
17:38 and the failed NEFs were requeued at 17:47.
""",
            logs=logs,
            line_formats={"efile-api.log": r'<Date> <Time> <Tz> \[<Level>\] <Host> <Logger>: <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'Error: too many recipients'],
            fix_files=["src/Efile.Worker/Nef/NefMailer.cs", "src/Efile.Worker/Nef/NefOptions.cs"],
            explanation=f"""
The culprit is NTF-409 "NEF: one message per docket entry, service list in
Bcc" ({shas['culprit'][:7]}, Tuesday 8 September 17:42 UTC, {hours:.1f} h before the
onset), shipped in 4.18.0 and deployed on Tuesday evening. NefMailer sends
one message per docket entry with the whole service list in Bcc, one SMTP
transaction; the Judicial Branch's relays take at most 100 recipients per
transaction (RLY-3, smtpd_recipient_limit = 100) and answer "452 4.5.3
Error: too many recipients" to the rest, MailKit throws on the first
refused recipient and the NEF fails. Ordinary service lists (up to 74
addresses) pass; the Cedar Ridge master list has 231, Harbor Point's 126,
and the Cedar Ridge master docket had no entry between Tuesday and
Friday's minute order. The relay log shows it for every failure
("rcpt=100/231 rset=1"). The fix (NTF-421, 4.18.2) sends the Bcc in
chunks of 50 (NefMailer.cs, NefOptions.cs).
Decoys: hotfix 4.18.1, deployed {round((onset - DEPLOY_4181).total_seconds() / 60)} minutes before the onset from main
(FEE-233; NTF-417, which adds the relay's reply and refused recipient to
the very warning that fills the log; NTF-415 in the culprit's file;
NTF-414 retries; NTF-416 concurrency 8; Dependabot's MailKit 4.8.0); the
rollback to 4.18.0, which holds the culprit, without effect (the warning
loses the relay's reply); MailKit's InsufficientStorage for 452 and the
messaging team's postfix 3.5.25 patch that morning; Thursday's runbook
commit that reads a refused recipient as a bad address and says to roll
back after a release (the address marked undeliverable, the next one
refused); a 550 bounce for a departed attorney, greylisting deferrals;
a 74-recipient NEF that went out fine at 15:11; the FY27 fee schedule.
""",
        )
    finally:
        repo.close()
