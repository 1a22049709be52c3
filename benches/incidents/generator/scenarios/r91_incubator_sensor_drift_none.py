"""labgate (C# on .NET 8, a Windows service on NGA-LABGW01 in the intake
lab of Totara Valley Dairy's Ngarua plant, the same co-operative as
`r91-route-sync-cursor-ties` eleven days later; released through an Azure
DevOps release pipeline; Serilog to a daily file) connects the lab's two
Lumora RT-4 strip readers to Intaq LIMS. Every tanker run that arrives at
intake is screened for beta-lactam antibiotics (BL2, a competitive lateral
flow test: the sample and reagent 3 minutes, then the strip 8 minutes, in
one of three HB-2 dry block incubators at 56 C, then read): labgate reads
each result record from the readers' serial ports (through a Moxa serial
server), posts it to Intaq, and when a tanker's composite screens positive
has Intaq hold the tanker in its bay and puts the run's farm samples on
the lab's worklist (traceback); a farm sample that screens positive gets
its supplier a withhold notice by SMS ("do not supply until cleared"),
withdrawn when a retest of the sample is negative. The reader reports R,
the test line over the control line: a test line weaker than the control
(R below 1.00) is positive, a control line below 0.30 is invalid.

Friday 16 October 2026 (NZDT, UTC+13). At 09:38 T09's second run screens
positive for real: the traceback finds supplier 41562, whose relief milker
put a treated cow's milk in the vat; T09's load goes to stockfood. labgate
2.9.0 is deployed at 13:21 (LAB-88, RT-4 firmware 3.2 records, which
RT4-02 has run since Monday; LAB-90, the verdict from R and the assay's
cutoff in appsettings.json instead of the reader's; LAB-91, which adds the
very "Tanker ... screened POSITIVE" warning; LAB-93 in the traceback; the
Intaq timeout from 15 to 30 s; an Extensions.Hosting bump).

At about 13:26 the temperature sensor of INC-B's controller starts to read
high; the controller, reaching its set point on that sensor, lets the
block cool to about 45 C while its display shows 56.0. The lab's Sensaware
probe in INC-B's spare well raises a low alarm at 13:35 (SMS and e-mail to
the lab manager, on leave) and escalates at 14:05 to a supervisor who left
in August (the e-mail bounces). Strips incubated cold develop both lines
less, the test line more: R falls to 0.7-0.95 and from 14:03 every tanker
and farm sample incubated in INC-B screens positive (a few are invalid).
Tankers are held in the bays, tracebacks put their farms on the worklist,
and the farm samples that land in INC-B get their suppliers withhold
notices. Sam, on call for labgate, reads the runbook (several positive
tankers at once: a parsing or cutoff problem, roll back) and redeploys
2.8.3 at 14:44-14:46: the positives go on, in 2.8.3's wording. At the
15:00 shift change Anika, the afternoon supervisor, runs the controls:
INC-B's negative control reads positive (QC FAIL, 15:17), INC-A's and
INC-C's pass; she takes INC-B out of service at 15:19 and finds the
Sensaware alarm. Every held tanker and positive farm sample is retested on INC-A
and INC-C: negative, except 41562's. The holds are released, the withhold
notices withdrawn; engineering finds the controller's sensor reading 10.9
C high and swaps in the spare block (INC-D) at 16:25; 2.9.0 is deployed
again at 16:33. Nothing in labgate is changed.

Sources: labgate (Serilog file, line format, with .NET exception stack
traces), the readers' raw records as labgate captures them (line format),
Intaq LIMS intake and lab log (line format), Sensaware environment
monitoring events (line format), the SMS gateway's delivery log (JSON
lines), engineering work orders (JSON lines), the Azure DevOps release
logs (timestamped, line format), #ngarua-intake-lab (Teams export, JSON
lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, utc, write_scenario
from skeletons import chores

SERVICE = "labgate"
NZDT = dt.timezone(dt.timedelta(hours=13))
START, END = utc("2026-10-15 18:30:00"), utc("2026-10-16 04:30:00")


def nz(text):
    """'2026-10-16 14:03:00' at Ngarua (NZDT, UTC+13) -> UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=NZDT).astimezone(dt.timezone.utc)


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Worker">

  <PropertyGroup>
    <TargetFramework>net8.0-windows</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <Version>2.8.3</Version>
    <UserSecretsId>labgate-ngarua</UserSecretsId>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Microsoft.Extensions.Hosting" Version="8.0.0" />
    <PackageReference Include="Microsoft.Extensions.Hosting.WindowsServices" Version="8.0.0" />
    <PackageReference Include="Microsoft.Extensions.Http.Resilience" Version="8.9.1" />
    <PackageReference Include="Serilog.Extensions.Hosting" Version="8.0.0" />
    <PackageReference Include="Serilog.Settings.Configuration" Version="8.0.2" />
    <PackageReference Include="Serilog.Sinks.File" Version="5.0.0" />
    <PackageReference Include="System.IO.Ports" Version="8.0.0" />
  </ItemGroup>

</Project>
"""

PROGRAM = """using LabGate.Intaq;
using LabGate.Notices;
using LabGate.Readers;
using LabGate.Screening;
using Serilog;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddWindowsService(o => o.ServiceName = "LabGate");
builder.Services.AddSerilog(c => c.ReadFrom.Configuration(builder.Configuration));

builder.Services.Configure<ReaderOptions>(builder.Configuration.GetSection("Readers"));
builder.Services.Configure<IntaqOptions>(builder.Configuration.GetSection("Intaq"));
builder.Services.Configure<NoticeOptions>(builder.Configuration.GetSection("Notices"));

builder.Services.AddHttpClient<IntaqClient>().AddStandardResilienceHandler();
builder.Services.AddHttpClient<SupplierNotices>();
builder.Services.AddSingleton<RawCapture>();
builder.Services.AddSingleton<ReaderStatus>();
builder.Services.AddSingleton<Traceback>();
builder.Services.AddSingleton<ScreenService>();
builder.Services.AddHostedService<ReaderListener>();
builder.Services.AddHostedService<StatusReporter>();

var host = builder.Build();
var version = typeof(Program).Assembly.GetName().Version;
host.Services.GetRequiredService<ILogger<Program>>()
    .LogInformation("LabGate {Version} starting on {Machine} ({Runtime})", version?.ToString(3), Environment.MachineName,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
host.Run();
"""

APPSETTINGS = """{
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "System.Net.Http": "Warning", "Microsoft": "Warning" } },
    "WriteTo": [
      {
        "Name": "File",
        "Args": {
          "path": "D:\\\\labgate\\\\logs\\\\labgate-.log",
          "rollingInterval": "Day",
          "outputTemplate": "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] ({SourceContext}) {Message:lj}{NewLine}{Exception}"
        }
      }
    ]
  },
  "Readers": {
    "Endpoints": [
      { "Name": "RT4-01", "Host": "10.31.8.21", "Port": 4001 },
      { "Name": "RT4-02", "Host": "10.31.8.21", "Port": 4002 }
    ],
    "RawCapturePath": "D:\\\\labgate\\\\raw\\\\readers-.log"
  },
  "Intaq": { "BaseUrl": "https://intaq.ngarua.tvd.local/api/v2", "TimeoutSeconds": 15 },
  "Notices": { "Gateway": "https://sms.tvd.co.nz/v1/messages", "Sender": "TVD Milk" }
}
"""

APPSETTINGS_PROD = """{
  "Intaq": { "BaseUrl": "https://intaq.ngarua.tvd.local/api/v2", "TimeoutSeconds": 15 },
  "Notices": { "Gateway": "https://sms.tvd.co.nz/v1/messages", "Sender": "TVD Milk", "CopyTo": "lab-alerts@tvd.co.nz" }
}
"""

RT4_RECORD = """using System.Globalization;

namespace LabGate.Readers;

/// <summary>
/// A result from a Lumora RT-4 reader, one line on its serial port:
/// <c>RES RT4-01 T0412 2026-10-16 14:02:11 BL2 S=T22-R2-C C=0.812 T=0.944 R=1.16 NEG</c>.
/// C and T are the control and test line intensities, R = T / C, then the
/// reader's verdict (NEG, POS, INV).
/// </summary>
public sealed record Rt4Record(string Reader, string TestId, DateTime ReadAt, string Assay, string Sample,
    double Control, double Test, double Ratio, string Verdict);

public static class Rt4RecordParser
{
    public static bool TryParse(string line, out Rt4Record? record)
    {
        record = null;
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 11 || f[0] != "RES")
        {
            return false;
        }
        var kv = f.Skip(6).Where(x => x.Contains('=')).Select(x => x.Split('=', 2)).ToDictionary(x => x[0], x => x[1]);
        record = new Rt4Record(f[1], f[2],
            DateTime.ParseExact($"{f[3]} {f[4]}", "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), f[5],
            kv["S"], Num(kv["C"]), Num(kv["T"]), Num(kv["R"]), f[10]);
        return true;
    }

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
"""

LISTENER = """using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace LabGate.Readers;

public sealed class ReaderOptions
{
    public List<ReaderEndpoint> Endpoints { get; set; } = new();
    public string RawCapturePath { get; set; } = "";
}

public sealed record ReaderEndpoint(string Name, string Host, int Port);

/// <summary>Reads the RT-4 readers' serial output through the Moxa NPort (TCP server mode).</summary>
public sealed class ReaderListener(IOptions<ReaderOptions> options, ScreenService screen, RawCapture raw,
    ILogger<ReaderListener> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken ct) =>
        Task.WhenAll(options.Value.Endpoints.Select(e => ListenAsync(e, ct)));

    private async Task ListenAsync(ReaderEndpoint e, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(e.Host, e.Port, ct);
                log.LogInformation("Connected to {Reader} at {Host}:{Port}", e.Name, e.Host, e.Port);
                using var reader = new StreamReader(tcp.GetStream(), Encoding.ASCII);
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    raw.Write(e.Name, line);
                    if (Rt4RecordParser.TryParse(line, out var record))
                    {
                        await screen.HandleAsync(record!, ct);
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                log.LogWarning(ex, "Lost {Reader}, reconnecting in 10 s", e.Name);
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
            }
        }
    }
}
"""

SCREEN = """using LabGate.Intaq;
using LabGate.Notices;
using LabGate.Readers;

namespace LabGate.Screening;

public enum Verdict { Negative, Positive, Invalid }

/// <summary>
/// What a screen result means for the tanker or the farm: a positive tanker
/// composite is held in its bay and traced back to its farms; a positive
/// farm sample gets its supplier a withhold notice, withdrawn when a retest
/// of the same sample is negative.
/// </summary>
public sealed class ScreenService(IntaqClient intaq, Traceback traceback, SupplierNotices notices, ILogger<ScreenService> log)
{
    public async Task HandleAsync(Rt4Record r, CancellationToken ct)
    {
        var verdict = r.Verdict switch
        {
            "NEG" => Verdict.Negative,
            "POS" => Verdict.Positive,
            "INV" => Verdict.Invalid,
            _ => Unrecognised(r),
        };
        log.LogInformation("{Reader} result {TestId}: {Assay} {Sample} {Verdict} (R={Ratio:0.00})",
            r.Reader, r.TestId, r.Assay, r.Sample, Short(verdict), r.Ratio);
        await intaq.PostResultAsync(r.TestId, Short(verdict), r.Ratio, r.Control, ct);

        var sample = SampleId.Parse(r.Sample);
        if (sample.IsComposite && verdict == Verdict.Positive)
        {
            log.LogInformation("Screen result POS for tanker {Tanker} run {Run} ({Sample}); holding, traceback started",
                sample.Tanker, sample.Run, r.Sample);
            await intaq.HoldAsync(sample.Tanker, sample.Run, r.TestId, ct);
            await traceback.StartAsync(sample.Tanker, sample.Run, ct);
        }
        else if (sample.IsFarm && verdict == Verdict.Positive)
        {
            await notices.WithholdAsync(sample.Supplier, r.Sample, r.Assay, r.Ratio, ct);
        }
        else if (sample.IsFarm && verdict == Verdict.Negative)
        {
            await notices.WithdrawIfNoticedAsync(sample.Supplier, r.Sample, r.TestId, ct);
        }
    }

    private Verdict Unrecognised(Rt4Record r)
    {
        log.LogWarning("Unrecognised verdict {Verdict} from {Reader} for {TestId}, treated as INV", r.Verdict, r.Reader, r.TestId);
        return Verdict.Invalid;
    }

    private static string Short(Verdict v) => v switch { Verdict.Negative => "NEG", Verdict.Positive => "POS", _ => "INV" };
}
"""

SAMPLE_ID = """namespace LabGate.Screening;

/// <summary>
/// Sample ids as Intaq prints them on the vials: T22-R2-C is tanker T22's
/// run 2 composite; F41562-1/T09-R2 is supplier 41562's vat 1 sample from
/// that run.
/// </summary>
public sealed record SampleId(string Raw, string Tanker, int Run, int Supplier, int Vat)
{
    public bool IsComposite => Raw.EndsWith("-C", StringComparison.Ordinal);
    public bool IsFarm => Raw.StartsWith('F');

    public static SampleId Parse(string s)
    {
        if (s.StartsWith("QC", StringComparison.Ordinal))
        {
            return new SampleId(s, "", 0, 0, 0);  // the lab's controls
        }
        if (s.StartsWith('F'))
        {
            var (farm, run) = (s[1..s.IndexOf('/')], s[(s.IndexOf('/') + 1)..]);
            var fv = farm.Split('-');
            var tr = run.Split('-');
            return new SampleId(s, tr[0], int.Parse(tr[1][1..]), int.Parse(fv[0]), int.Parse(fv[1]));
        }
        var p = s.Split('-');
        return new SampleId(s, p[0], int.Parse(p[1][1..]), 0, 0);
    }
}
"""

TRACEBACK = """using LabGate.Intaq;

namespace LabGate.Screening;

/// <summary>
/// A positive tanker is traced back to its farms: the run's farm samples
/// go on the lab's BL2 worklist in Intaq, once per tanker run.
/// </summary>
public sealed class Traceback(IntaqClient intaq, ILogger<Traceback> log)
{
    private readonly HashSet<(string, int)> _started = new();
    private int _n;

    public async Task StartAsync(string tanker, int run, CancellationToken ct)
    {
        lock (_started)
        {
            if (!_started.Add((tanker, run)))
            {
                return;
            }
        }
        var samples = await intaq.FarmSamplesAsync(tanker, run, ct);
        var id = $"TB-{DateTime.Now:yyMM-dd}-{Interlocked.Increment(ref _n):00}";
        await intaq.AddToWorklistAsync("BL2", samples, id, ct);
        log.LogInformation("Traceback {Trace} for {Tanker} run {Run}: {Count} farm samples on the BL2 worklist",
            id, tanker, run, samples.Count);
    }
}
"""

INTAQ = """using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace LabGate.Intaq;

public sealed class IntaqOptions
{
    public string BaseUrl { get; set; } = "";
    public int TimeoutSeconds { get; set; } = 15;
}

public sealed class IntaqClient
{
    private readonly HttpClient _http;

    public IntaqClient(HttpClient http, IOptions<IntaqOptions> options)
    {
        _http = http;
        _http.BaseAddress = new Uri(options.Value.BaseUrl.TrimEnd('/') + "/");
        _http.Timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
    }

    public async Task PostResultAsync(string testId, string verdict, double ratio, double control, CancellationToken ct) =>
        (await _http.PostAsJsonAsync($"lab/tests/{testId}/result", new { verdict, ratio, control, source = "labgate" }, ct))
            .EnsureSuccessStatusCode();

    public async Task HoldAsync(string tanker, int run, string testId, CancellationToken ct) =>
        (await _http.PostAsJsonAsync("intake/holds", new { tanker, run, reason = "BL2_SCREEN_POSITIVE", test = testId }, ct))
            .EnsureSuccessStatusCode();

    public async Task<List<string>> FarmSamplesAsync(string tanker, int run, CancellationToken ct) =>
        await _http.GetFromJsonAsync<List<string>>($"intake/runs/{tanker}/{run}/farm-samples", ct) ?? new();

    public async Task AddToWorklistAsync(string assay, List<string> samples, string reference, CancellationToken ct) =>
        (await _http.PostAsJsonAsync($"lab/worklists/{assay}", new { samples, reference }, ct)).EnsureSuccessStatusCode();
}
"""

NOTICES = """using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace LabGate.Notices;

public sealed class NoticeOptions
{
    public string Gateway { get; set; } = "";
    public string Sender { get; set; } = "";
    public string? CopyTo { get; set; }
}

/// <summary>SMS to the supplier on file (Intaq's supplier contacts) through the co-op's gateway.</summary>
public sealed class SupplierNotices(HttpClient http, IOptions<NoticeOptions> options, ILogger<SupplierNotices> log)
{
    private readonly ConcurrentDictionary<int, string> _withheld = new();

    public async Task WithholdAsync(int supplier, string sample, string assay, double ratio, CancellationToken ct)
    {
        if (!_withheld.TryAdd(supplier, sample))
        {
            return;
        }
        await SendAsync(supplier, "withhold_notice",
            $"TVD Ngarua lab: your vat sample {sample} screened positive for inhibitory substances ({assay}). Do not supply until cleared by the lab. 0800 868 227", ct);
        log.LogWarning("Withhold notice sent to supplier {Supplier} ({Sample} POSITIVE for {Assay}, R={Ratio:0.00}): do not supply until cleared",
            supplier, sample, assay, ratio);
    }

    public async Task WithdrawIfNoticedAsync(int supplier, string sample, string testId, CancellationToken ct)
    {
        if (!_withheld.TryGetValue(supplier, out var noticed) || noticed != sample || !_withheld.TryRemove(supplier, out _))
        {
            return;
        }
        await SendAsync(supplier, "withhold_withdrawn",
            $"TVD Ngarua lab: the retest of your vat sample {sample} is negative. The withhold notice is withdrawn, supply as normal. Sorry for the trouble.", ct);
        log.LogInformation("Withhold notice withdrawn for supplier {Supplier}: {Sample} NEG on retest {TestId}", supplier, sample, testId);
    }

    private async Task SendAsync(int supplier, string template, string text, CancellationToken ct) =>
        (await http.PostAsJsonAsync(options.Value.Gateway, new { supplier, template, text, from = options.Value.Sender }, ct))
            .EnsureSuccessStatusCode();
}
"""

RAW = """namespace LabGate.Readers;

/// <summary>Every line a reader sends, as received (ISO 17025: raw data kept for two years).</summary>
public sealed class RawCapture(Microsoft.Extensions.Options.IOptions<ReaderOptions> options)
{
    private readonly object _lock = new();

    public void Write(string reader, string line)
    {
        var path = options.Value.RawCapturePath.Replace("-.log", $"-{DateTime.Now:yyyyMMdd}.log");
        lock (_lock)
        {
            File.AppendAllText(path, $"{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss.fff zzz} {reader} {line}{Environment.NewLine}");
        }
    }
}
"""

READER_STATUS = """using System.Collections.Concurrent;

namespace LabGate.Readers;

/// <summary>What the readers last said (STA lines and results), for the status line.</summary>
public sealed class ReaderStatus
{
    private readonly ConcurrentDictionary<string, string> _state = new();
    private int _results, _positives;

    public int ResultsToday => _results;
    public int PositivesToday => _positives;

    public void Seen(string reader, string state) => _state[reader] = state;

    public void Result(bool positive)
    {
        Interlocked.Increment(ref _results);
        if (positive)
        {
            Interlocked.Increment(ref _positives);
        }
    }

    public string Describe() => string.Join(", ", _state.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"));
}
"""

STATUS = """using LabGate.Readers;

namespace LabGate;

/// <summary>A status line every five minutes, for the lab's wallboard and for us.</summary>
public sealed class StatusReporter(ReaderStatus readers, ILogger<StatusReporter> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        while (await timer.WaitForNextTickAsync(ct))
        {
            log.LogInformation("Status: {Readers}; {Results} results today, {Positives} positive", readers.Describe(),
                readers.ResultsToday, readers.PositivesToday);
        }
    }
}
"""

PARSER_TESTS = """using LabGate.Readers;
using Xunit;

namespace LabGate.Tests;

public class Rt4RecordParserTests
{
    [Fact]
    public void ParsesANegative()
    {
        Assert.True(Rt4RecordParser.TryParse("RES RT4-01 T0412 2026-10-12 09:02:11 BL2 S=T22-R2-C C=0.812 T=0.944 R=1.16 NEG", out var r));
        Assert.Equal("NEG", r!.Verdict);
        Assert.Equal(1.16, r.Ratio, 2);
        Assert.Equal("T22-R2-C", r.Sample);
    }

    [Fact]
    public void IgnoresStatusLines()
    {
        Assert.False(Rt4RecordParser.TryParse("STA RT4-01 READY", out _));
    }
}
"""

TESTS_CSPROJ = """<Project Sdk="Microsoft.NET.Sdk">

  <PropertyGroup>
    <TargetFramework>net8.0-windows</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsPackable>false</IsPackable>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.11.1" />
    <PackageReference Include="xunit" Version="2.9.2" />
    <PackageReference Include="xunit.runner.visualstudio" Version="2.8.2" />
  </ItemGroup>

  <ItemGroup>
    <ProjectReference Include="..\\..\\src\\LabGate\\LabGate.csproj" />
  </ItemGroup>

</Project>
"""

PIPELINE = """trigger:
  branches:
    include: [main]

pool:
  vmImage: windows-2022

steps:
  - task: UseDotNet@2
    inputs:
      version: 8.0.x
  - script: dotnet test tests/LabGate.Tests -c Release
    displayName: Test
  - script: dotnet publish src/LabGate -c Release -r win-x64 --self-contained -o $(Build.ArtifactStagingDirectory)/labgate
    displayName: Publish
  - publish: $(Build.ArtifactStagingDirectory)/labgate
    artifact: labgate

# Release: "labgate to NGA-LABGW01" (classic release pipeline, deployment group
# NGA-LAB). Stops the LabGate service, copies the artifact to D:\\labgate\\app,
# starts the service. Redeploying an older release is the rollback.
"""

README = """# labgate

The Ngarua intake lab's bridge between the Lumora RT-4 strip readers and
Intaq LIMS: screen results, tanker holds, tracebacks to the farms, and
withhold notices to suppliers.

Runs as the Windows service `LabGate` on NGA-LABGW01 (lab VLAN, next to the
Moxa NPort the readers are cabled to). Logs: `D:\\labgate\\logs`; the
readers' raw lines: `D:\\labgate\\raw`.

## Building

```
dotnet test tests/LabGate.Tests
dotnet publish src/LabGate -c Release -r win-x64
```

## Releasing

Bump `<Version>` in `src/LabGate/LabGate.csproj` and the changelog, merge
to `main`, then create a release of "labgate to NGA-LABGW01" in Azure
DevOps. To roll back, redeploy the previous release. See docs/runbook.md.
"""

RUNBOOK = """# labgate runbook

Owner: supply systems (#ngarua-intake-lab for the lab, #milk-supply-ops
for us). The lab manager owns the readers, incubators and QC; Lumora
supports the readers (0800 586 672).

## A reader is disconnected

"Lost RT4-0x, reconnecting" every 10 s: check the reader is on and its
serial cable is in the Moxa NPort (port 1 = RT4-01, port 2 = RT4-02). The
lab can read strips on the other reader meanwhile.

## Intaq timeouts

Intaq's backups run at 10:00 and 22:00 and slow the API for a few minutes.
labgate retries; results arrive late, nothing is lost.

## A supplier disputes a withhold notice

The lab retests the vat sample; a negative retest withdraws the notice
automatically (SMS to the supplier).
"""

ASSAYS = """# Assays

| Assay | Test | Incubation | Positive | Invalid |
|---|---|---|---|---|
| BL2 | beta-lactams (penicillin G 4 ppb, cloxacillin 30 ppb) | 3 min vial + 8 min strip, 56 C | R < 1.00 | C < 0.30 |
| TC  | tetracyclines | 3 min vial + 8 min strip, 56 C | R < 1.00 | C < 0.30 |

R is the test line over the control line. The readers apply these cutoffs
themselves; the lab runs a negative and a positive control on every
incubator at 08:00 and at the 15:00 shift change (Intaq, QC).

Every tanker composite is screened with BL2; one in ten with TC too. A
positive composite is held and its farm samples screened (traceback).
"""

CHANGELOG = """# Changelog

## 2.8.3

- Farm sample retests withdraw the withhold notice (LAB-84).

## 2.8.2

- Raw reader lines kept under D:\\labgate\\raw (ISO 17025 audit).
"""


def build_repo():
    repo = Repo()
    sam = Person("Sam Whitfield", "sam.whitfield@tvd.co.nz", 780)
    nikita = Person("Nikita Rao", "nikita.rao@tvd.co.nz", 660)
    hemi = Person("Hemi Walker", "hemi.walker@tvd.co.nz", 780)
    tom = Person("Tom Brennan", "tom.brennan@tvd.co.nz", 780)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)

    csproj, screen, parser = "src/LabGate/LabGate.csproj", "src/LabGate/Screening/ScreenService.cs", "src/LabGate/Readers/Rt4Record.cs"
    settings, prod = "src/LabGate/appsettings.json", "src/LabGate/appsettings.Production.json"
    base = repo.commit(nz("2026-10-12 09:20:00"), sam, "labgate 2.8.3: RT-4 readers, Intaq results, traceback, withhold notices (history squashed on the move to Azure Repos)", {
        "LabGate.sln": "\nMicrosoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"LabGate\", \"src\\LabGate\\LabGate.csproj\", \"{5B8E2C1A-7F3D-4E21-9B0C-2D6A1F4E8C31}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"LabGate.Tests\", \"tests\\LabGate.Tests\\LabGate.Tests.csproj\", \"{C3D9A7E2-1B5F-4A08-8E6D-7F2B9C0A4D15}\"\nEndProject\n",
        csproj: CSPROJ,
        "src/LabGate/Program.cs": PROGRAM,
        settings: APPSETTINGS,
        prod: APPSETTINGS_PROD,
        parser: RT4_RECORD,
        "src/LabGate/Readers/ReaderListener.cs": LISTENER,
        "src/LabGate/Readers/RawCapture.cs": RAW,
        "src/LabGate/Readers/ReaderStatus.cs": READER_STATUS,
        screen: SCREEN,
        "src/LabGate/Screening/SampleId.cs": SAMPLE_ID,
        "src/LabGate/Screening/Traceback.cs": TRACEBACK,
        "src/LabGate/Intaq/IntaqClient.cs": INTAQ,
        "src/LabGate/Notices/SupplierNotices.cs": NOTICES,
        "src/LabGate/StatusReporter.cs": STATUS,
        "tests/LabGate.Tests/LabGate.Tests.csproj": TESTS_CSPROJ,
        "tests/LabGate.Tests/Rt4RecordParserTests.cs": PARSER_TESTS,
        "azure-pipelines.yml": PIPELINE,
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
        "CHANGELOG.md": CHANGELOG,
    })
    rng = random.Random(91021)
    repo.schedule(chores(rng, SERVICE, [tom, sam], nz("2026-10-12 12:00:00"), nz("2026-10-15 17:00:00"), 2))
    repo.commit(nz("2026-10-12 15:10:00"), bot, "Bump Serilog.Sinks.File from 5.0.0 to 6.0.0", {
        csproj: repo.edit(csproj, '"Serilog.Sinks.File" Version="5.0.0"', '"Serilog.Sinks.File" Version="6.0.0"'),
    })
    repo.commit(nz("2026-10-13 10:40:00"), nikita, "readers: RT-4 firmware 3.2 records (LAB-88)\n\nLumora updated RT4-02 to firmware 3.2.0 on Monday's service visit and\nwill do RT4-01 at the next one. 3.2 appends the strip lot and the\nreader's serial number, and prints --- instead of INV when the control\nline is too weak. Keep both; map --- to INV.", {
        parser: sub(repo.files[parser],
                    "/// reader's verdict (NEG, POS, INV).\n/// </summary>\npublic sealed record Rt4Record(string Reader, string TestId, DateTime ReadAt, string Assay, string Sample,\n    double Control, double Test, double Ratio, string Verdict);\n",
                    "/// reader's verdict (NEG, POS, INV). Firmware 3.2 appends <c>LOT=BL2-2609-114 SN=RT4A-10277</c>\n/// and prints <c>---</c> for INV (LAB-88).\n/// </summary>\npublic sealed record Rt4Record(string Reader, string TestId, DateTime ReadAt, string Assay, string Sample,\n    double Control, double Test, double Ratio, string Verdict, string? Lot = null, string? Serial = null);\n",
                    "            kv[\"S\"], Num(kv[\"C\"]), Num(kv[\"T\"]), Num(kv[\"R\"]), f[10]);\n",
                    "            kv[\"S\"], Num(kv[\"C\"]), Num(kv[\"T\"]), Num(kv[\"R\"]), f[10] == \"---\" ? \"INV\" : f[10],\n            kv.GetValueOrDefault(\"LOT\"), kv.GetValueOrDefault(\"SN\"));\n"),
        "tests/LabGate.Tests/Rt4RecordParserTests.cs": sub(repo.files["tests/LabGate.Tests/Rt4RecordParserTests.cs"],
                                                         "    [Fact]\n    public void IgnoresStatusLines()\n",
                                                         "    [Fact]\n    public void ParsesFirmware32()\n    {\n        Assert.True(Rt4RecordParser.TryParse(\"RES RT4-02 T0388 2026-10-13 10:12:40 BL2 S=F41562-1/T09-R2 C=0.261 T=0.240 R=0.92 --- LOT=BL2-2609-114 SN=RT4A-10277\", out var r));\n        Assert.Equal(\"INV\", r!.Verdict);\n        Assert.Equal(\"BL2-2609-114\", r.Lot);\n    }\n\n    [Fact]\n    public void IgnoresStatusLines()\n"),
    })
    repo.commit(nz("2026-10-13 16:00:00"), sam, "docs: assays, cutoffs and the lab's controls", {
        "docs/assays.md": ASSAYS,
    })
    repo.commit(nz("2026-10-14 11:15:00"), nikita, "screening: the verdict from R and the assay's cutoff, not the reader's (LAB-90)\n\nThe readers' cutoffs are set on each reader's menu; RT4-02's were reset\nto Lumora's defaults by the firmware update and had to be keyed in again.\nTake the cutoffs from appsettings.json (docs/assays.md) and warn when the\nreader disagrees.", {
        screen: sub(repo.files[screen],
                    "using LabGate.Readers;\n\nnamespace LabGate.Screening;\n",
                    "using LabGate.Readers;\nusing Microsoft.Extensions.Options;\n\nnamespace LabGate.Screening;\n\npublic sealed class AssayOptions\n{\n    public Dictionary<string, AssayCutoffs> Assays { get; set; } = new();\n}\n\npublic sealed record AssayCutoffs(double Cutoff, double MinControl);\n",
                    "public sealed class ScreenService(IntaqClient intaq, Traceback traceback, SupplierNotices notices, ILogger<ScreenService> log)\n{\n    public async Task HandleAsync(Rt4Record r, CancellationToken ct)\n    {\n        var verdict = r.Verdict switch\n        {\n            \"NEG\" => Verdict.Negative,\n            \"POS\" => Verdict.Positive,\n            \"INV\" => Verdict.Invalid,\n            _ => Unrecognised(r),\n        };\n",
                    "public sealed class ScreenService(IntaqClient intaq, Traceback traceback, SupplierNotices notices, IOptions<AssayOptions> assays,\n    ILogger<ScreenService> log)\n{\n    public async Task HandleAsync(Rt4Record r, CancellationToken ct)\n    {\n        var cut = assays.Value.Assays[r.Assay];\n        var verdict = r.Control < cut.MinControl ? Verdict.Invalid : r.Ratio < cut.Cutoff ? Verdict.Positive : Verdict.Negative;\n        if (Short(verdict) != r.Verdict)\n        {\n            log.LogWarning(\"{Reader} says {ReaderVerdict} for {TestId}, the cutoffs say {Verdict} (R={Ratio:0.00}, C={Control:0.000})\",\n                r.Reader, r.Verdict, r.TestId, Short(verdict), r.Ratio, r.Control);\n        }\n",
                    "        log.LogInformation(\"{Reader} result {TestId}: {Assay} {Sample} {Verdict} (R={Ratio:0.00})\",\n            r.Reader, r.TestId, r.Assay, r.Sample, Short(verdict), r.Ratio);\n",
                    "        log.LogInformation(\"{Reader} result {TestId}: {Assay} {Sample} {Verdict} (R={Ratio:0.00}, C={Control:0.000}, cutoff {Cutoff:0.00})\",\n            r.Reader, r.TestId, r.Assay, r.Sample, Short(verdict), r.Ratio, r.Control, cut.Cutoff);\n",
                    "    private Verdict Unrecognised(Rt4Record r)\n    {\n        log.LogWarning(\"Unrecognised verdict {Verdict} from {Reader} for {TestId}, treated as INV\", r.Verdict, r.Reader, r.TestId);\n        return Verdict.Invalid;\n    }\n\n",
                    ""),
        settings: sub(repo.files[settings],
                      "  \"Intaq\": { \"BaseUrl\"",
                      "  \"Assays\": {\n    \"BL2\": { \"Cutoff\": 1.00, \"MinControl\": 0.30 },\n    \"TC\": { \"Cutoff\": 1.00, \"MinControl\": 0.30 }\n  },\n  \"Intaq\": { \"BaseUrl\""),
        "src/LabGate/Program.cs": sub(repo.files["src/LabGate/Program.cs"],
                                      "builder.Services.Configure<NoticeOptions>(builder.Configuration.GetSection(\"Notices\"));\n",
                                      "builder.Services.Configure<NoticeOptions>(builder.Configuration.GetSection(\"Notices\"));\nbuilder.Services.Configure<AssayOptions>(builder.Configuration);\n"),
    })
    repo.commit(nz("2026-10-15 09:30:00"), tom, "runbook: several positive tankers in a row", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Several positive tankers in a row

A real inhibitor event is one farm that milked a treated cow into the vat:
one tanker positive, its traceback finds one farm, the confirmation agrees.
Several tankers positive within the hour, or a traceback with many
positive farms, is almost never the milk:

1. Look at labgate's log for the results: R values just under the cutoff
   on one reader point at the reader's cutoff or labgate's parsing (firmware
   3.2 on RT4-02 since 12 October, LAB-88 and LAB-90 in 2.9.0).
2. If labgate was released today, redeploy the previous release (Azure
   DevOps, "labgate to NGA-LABGW01", Redeploy) and have the lab retest.
3. An incubator fault shows as INV results (weak control lines) and the
   HB-2's temperature alarm; the lab swaps the block.
4. Do not release a held tanker or withdraw a withhold notice by hand: the
   lab retests, and a negative retest withdraws the notice.
""",
    })
    repo.commit(nz("2026-10-15 14:20:00"), sam, "screening: warn with sample, R and reader when a tanker screens positive (LAB-91)", {
        screen: sub(repo.files[screen],
                    "            log.LogInformation(\"Screen result POS for tanker {Tanker} run {Run} ({Sample}); holding, traceback started\",\n                sample.Tanker, sample.Run, r.Sample);\n",
                    "            log.LogWarning(\"Tanker {Tanker} run {Run} screened POSITIVE for {Assay} (sample {Sample}, R={Ratio:0.00}, reader {Reader}); tanker held, traceback started\",\n                sample.Tanker, sample.Run, r.Assay, r.Sample, r.Ratio, r.Reader);\n"),
    })
    repo.commit(nz("2026-10-16 08:45:00"), bot, "Bump Microsoft.Extensions.Hosting from 8.0.0 to 8.0.1", {
        csproj: repo.edit(csproj, '"Microsoft.Extensions.Hosting" Version="8.0.0"', '"Microsoft.Extensions.Hosting" Version="8.0.1"'),
    })
    repo.commit(nz("2026-10-16 10:05:00"), nikita, "traceback: the run's farm samples on the worklist in pickup order (LAB-93)\n\nThe lab works down the worklist; in pickup order the first farms come\nback first, which is how the tanker's docket reads.", {
        "src/LabGate/Screening/Traceback.cs": sub(repo.files["src/LabGate/Screening/Traceback.cs"],
                                                  "        var samples = await intaq.FarmSamplesAsync(tanker, run, ct);\n",
                                                  "        var samples = (await intaq.FarmSamplesAsync(tanker, run, ct)).ToList();  // Intaq answers in pickup order\n"),
    })
    repo.commit(nz("2026-10-16 11:20:00"), sam, "config: Intaq timeout 15 s -> 30 s in production (Intaq's 10:00 backups)", {
        prod: repo.edit(prod, '"TimeoutSeconds": 15', '"TimeoutSeconds": 30'),
    })
    rel_290 = repo.commit(nz("2026-10-16 11:50:00"), sam, "release 2.9.0", {
        csproj: repo.edit(csproj, "<Version>2.8.3</Version>", "<Version>2.9.0</Version>"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"].replace("# Changelog\n", "# Changelog\n\n## 2.9.0\n\n- RT-4 firmware 3.2 records (LAB-88).\n- Verdicts from R and the cutoffs in appsettings.json (LAB-90).\n- A positive tanker is a warning with sample, R and reader (LAB-91).\n- Traceback worklist in pickup order (LAB-93).\n- Intaq timeout 30 s; Serilog.Sinks.File 6.0.0, Extensions.Hosting 8.0.1.\n", 1),
    })
    after = repo.commit(nz("2026-10-16 17:05:00"), sam, "runbook: several positives from one incubator: the lab runs the controls first (INC-4471)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"],
                               "3. An incubator fault shows as INV results (weak control lines) and the\n   HB-2's temperature alarm; the lab swaps the block.\n",
                               "3. Ask the lab which incubator the positives came from (Intaq has it\n   on every test) and to run the controls on it. A block that runs cold\n   reads positive before it reads invalid, and the HB-2's own display\n   shows its set point whatever its sensor does (INC-4471, 16 October:\n   INC-B at 45 C, Sensaware alarmed, the display said 56.0). The\n   Sensaware probes are the lab's independent check.\n"),
    })
    return repo, {"base": base, "rel_290": rel_290, "after": after}


# ---------------------------------------------------------------------------
# the day at Ngarua intake


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def N(clock, day=16):
    """'14:03:00' on Friday 16 October (NZDT) -> epoch seconds."""
    return secs(nz(f"2026-10-{day:02d} {clock}"))


def local(x, digits=3):
    t = at(x).astimezone(NZDT)
    return t.strftime("%Y-%m-%d %H:%M:%S") + (f".{t.microsecond // 1000:03d}" if digits else "")


def iso_z(x, digits=3):
    t = at(x)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + f".{t.microsecond:06d}"[:digits + 1] + "Z"


def hm(x):
    return at(x).astimezone(NZDT).strftime("%H:%M")


def litres(n):
    return f"{n:,}"


TANKERS = [f"T{i:02d}" for i in range(1, 39)]
FAULT = N("13:26:00")          # INC-B's controller sensor starts to read high
QC_PM = N("15:04:40")          # the afternoon controls, first thing in Anika's shift
QC_KNOWN = N("15:17:40")       # INC-B's negative control has read positive
OOS = N("15:19:30")            # INC-B out of service
SWAP = N("16:24:30")           # the spare block (INC-D) in service
RESTARTS = [(N("13:20:41"), "2.9.0"), (N("14:45:52"), "2.8.3"), (N("16:33:08"), "2.9.0")]
REAL = ("T09", 2, 41562)       # the genuine positive: T09's second run, supplier 41562


def version_at(x):
    v = "2.8.3"
    for when, ver in RESTARTS:
        if x >= when:
            v = ver
    return v


def block_temp(inc, x):
    """The real temperature of an incubator block (not what its display says)."""
    if inc == "INC-B":
        if x < FAULT:
            return 56.0
        return 56.0 - 11.1 * min(1.0, (x - FAULT) / 2700)
    return {"INC-A": 56.1, "INC-C": 55.9, "INC-D": 56.1}[inc]


def build_logs(rng, shas):
    gate = Log("labgate.log")
    raw = Log("rt4-readers.log")
    lims = Log("intaq-lims.log")
    sensa = Log("sensaware-events.log")
    sms = Log("sms-gateway.log")
    wo = Log("maintenance-workorders.log")
    ado = Log("azure-devops-release.log")
    teams = Log("teams-ngarua-intake-lab.log")
    t0, t1 = secs(START), secs(END)
    stats = {}

    def gl(x, level, source, msg, exc=None):
        text = f"{local(x)} +13:00 [{level}] (LabGate.{source}) {msg}"
        if exc:
            text += "\n" + exc
        gate.add(at(x), text)

    def lm(x, module, station, msg):
        lims.add(at(x), f"{local(x)} +13:00 {module:<7} {station:<7} {msg}")

    FW = {"RT4-01": "3.1.4", "RT4-02": "3.2.0"}
    CLOCK = {"RT4-01": -3.4, "RT4-02": 0.6}   # the readers' clocks against the capture's

    def rawline(x, reader, text):
        raw.add(at(x), f"{local(x)} +13:00 {reader} {text}")

    # --- incubators and tests ---------------------------------------------------------
    def incubators(x):
        if x < QC_KNOWN:   # after the failed control nobody puts a strip in INC-B
            return ["INC-A", "INC-B", "INC-C"]
        if x < SWAP:
            return ["INC-A", "INC-C"]
        return ["INC-A", "INC-C", "INC-D"]

    def tech(x):
        return rng.choice(["j.tane", "l.chen"]) if x < N("15:00:00") else rng.choice(["a.rao", "m.kopu"])

    tests = []
    tid = [38190]

    def outcome(inc, start, true_pos=False, force_inv=False, base=None, bubble=True):
        temps = [block_temp(inc, start + k * 60) for k in range(1, 12)]
        avg = sum(temps) / len(temps)
        f = 1.0 if avg >= 54.5 else 1 - 0.042 * (54.5 - avg)
        g = 1.0 if avg >= 54.5 else 1 - 0.055 * (54.5 - avg)
        c = rng.uniform(0.72, 0.92) * g
        r = rng.uniform(0.18, 0.46) if true_pos else (base or rng.uniform(1.12, 1.38)) * f
        if force_inv or (rng.random() < 0.008 and bubble):
            c = rng.uniform(0.17, 0.28)
        r = round(r, 2)
        c = round(c, 3)
        verdict = "INV" if c < 0.30 else ("POS" if r < 1.00 else "NEG")
        return r, c, verdict, avg

    forced = []

    def new_test(sample, start, kind, inc=None, true_pos=False, assay="BL2", **kw):
        base = None
        if kind == "composite" and not forced and start >= N("13:46:00"):
            inc, base = "INC-B", 1.19   # the next free slot, as it happened
            forced.append(sample)
        inc = inc or rng.choice(incubators(start))
        reader = rng.choice(["RT4-01", "RT4-02"])
        read = start + 660 + rng.uniform(15, 75)
        # no result lands while labgate restarts
        for when, _ in RESTARTS:
            if when - 30 <= read < when + 5:
                read = when + rng.uniform(8, 30)
        r, c, verdict, avg = outcome(inc, start, true_pos, base=base, bubble=kind != "qc")
        t = {"id": None, "sample": sample, "kind": kind, "start": start, "read": read, "inc": inc,
             "slot": rng.randint(1, 4), "reader": reader, "tech": tech(start), "R": r, "C": c, "verdict": verdict,
             "avg": avg, "assay": assay, "true_pos": true_pos}
        t.update(kw)
        tests.append(t)
        return t

    def until_valid(sample, start, kind, **kw):
        t = new_test(sample, start, kind, **kw)
        while t["verdict"] == "INV":
            kw.pop("inc", None)
            t = new_test(sample, t["read"] + rng.uniform(60, 180), kind, **kw)
        return t

    # --- tanker arrivals ----------------------------------------------------------------
    arrivals = []
    for tk in TANKERS:
        if tk == "T09":
            a, run = N("09:21:30"), 2
        else:
            a = N("07:30:00") + rng.uniform(0, 4.3 * 3600)
            run = 1 if a < N("09:30:00") else 2
        while a < t1 - 1500:
            arrivals.append((a, tk, run))
            a += rng.uniform(4.1, 4.6) * 3600
            run += 1
    arrivals.sort()

    suppliers = rng.sample(range(40012, 41990), 900)
    suppliers = [s_ for s_ in suppliers if s_ != REAL[2]]
    sup_i = [0]

    def farm_samples(tk, run, n):
        out = []
        for _ in range(n):
            s_ = suppliers[sup_i[0] % len(suppliers)]
            sup_i[0] += 1
            out.append((s_, 2 if rng.random() < 0.1 else 1))
        if (tk, run) == REAL[:2]:
            out[3] = (REAL[2], 1)
        return out

    bay_free = {b: t0 for b in range(1, 8)}
    runs = []
    manifest = [12870]
    for a, tk, run in arrivals:
        bay = min(bay_free, key=lambda b: (bay_free[b], b))
        at_bay = max(a, bay_free[bay])
        if at_bay > a + 30:
            lm(a, "INTAKE", "QUEUE", f"{tk} run {run} waiting for a bay ({sum(1 for b in bay_free if bay_free[b] > a)} bays busy)")
        n_farms = rng.randint(6, 10)
        total = int(rng.uniform(24500, 30800))
        manifest[0] += rng.randint(1, 3)
        run_ = {"tanker": tk, "run": run, "arrive": a, "bay": bay, "at_bay": at_bay, "farms": farm_samples(tk, run, n_farms),
                "litres": total, "manifest": f"M2610-{manifest[0]}", "true": (tk, run) == REAL[:2]}
        sample_at = at_bay + rng.uniform(110, 260)
        comp = f"{tk}-R{run}-C"
        t = until_valid(comp, sample_at + rng.uniform(100, 280), "composite", tanker=tk, run=run, true_pos=run_["true"])
        run_["screen"] = [t]
        run_["sample_at"] = sample_at
        if rng.random() < 0.1:
            t2 = new_test(comp, t["start"] + rng.uniform(20, 60), "composite", tanker=tk, run=run, assay="TC")
            run_["screen"].append(t2)
        pos = [x for x in run_["screen"] if x["verdict"] == "POS"]
        if pos:
            first = min(pos, key=lambda x: x["read"])
            run_["held"] = first["read"] + rng.uniform(1.5, 4)
            dup_at = first["read"] + rng.uniform(90, 200)
            dup = new_test(comp, dup_at, "duplicate", inc=first["inc"] if first["inc"] in incubators(dup_at) else None, tanker=tk, run=run,
                           true_pos=run_["true"], assay=first["assay"])
            run_["dup"] = dup
            run_["trace_at"] = first["read"] + rng.uniform(3, 7)
            run_["farm_tests"] = []
            for k, (sup, vat) in enumerate(run_["farms"]):
                fs = f"F{sup}-{vat}/{tk}-R{run}"
                start = run_["trace_at"] + (rng.uniform(6, 50) if sup != REAL[2] else 13.5) * 60
                ft = until_valid(fs, start, "farm", tanker=tk, run=run, supplier=sup, true_pos=(sup == REAL[2]))
                run_["farm_tests"].append(ft)
            bay_free[bay] = run_["held"] + rng.uniform(420, 720)   # to the hold park
        else:
            clear = max(x["read"] for x in run_["screen"]) + rng.uniform(40, 110)
            run_["clear"] = clear
            run_["unloaded"] = clear + rng.uniform(17, 24) * 60
            bay_free[bay] = run_["unloaded"] + rng.uniform(2, 5) * 60
        runs.append(run_)

    # surveillance: random farm samples screened through the day
    surv = []
    for x in sorted(rng.uniform(N("08:20:00"), N("17:05:00")) for _ in range(26)):
        sup = suppliers[sup_i[0] % len(suppliers)]
        sup_i[0] += 1
        tk = rng.choice(TANKERS)
        surv.append(until_valid(f"F{sup}-1/{tk}-R{rng.randint(1, 3)}", x, "surveillance", supplier=sup, tanker=tk, run=0))

    # the genuine positive is rejected; the false ones are retested once INC-B is out
    held_false = [r_ for r_ in runs if "held" in r_ and not r_["true"]]
    real = [r_ for r_ in runs if r_["true"]][0]
    real_farm = [ft for ft in real["farm_tests"] if ft["supplier"] == REAL[2]][0]
    real["rejected"] = max(real_farm["read"], real["dup"]["read"]) + rng.uniform(600, 1000)
    noticed = {}   # supplier -> (test, x)
    for t in sorted(tests, key=lambda t: t["read"]):
        if t["kind"] in ("farm", "surveillance") and t["verdict"] == "POS" and t["supplier"] not in noticed:
            noticed[t["supplier"]] = (t, t["read"] + rng.uniform(0.3, 1.2))
    false_notices = [(sup, t, x) for sup, (t, x) in noticed.items() if not t["true_pos"]]
    for r_ in held_false:
        start = max(OOS + rng.uniform(240, 2100), r_["held"] + 300)
        rt = until_valid(r_["screen"][0]["sample"], start, "retest", tanker=r_["tanker"], run=r_["run"], assay=r_["screen"][0]["assay"])
        assert rt["verdict"] == "NEG"
        r_["retest"] = rt
        r_["released"] = rt["read"] + rng.uniform(60, 200)
        r_["unloaded"] = r_["released"] + rng.uniform(14, 22) * 60 + rng.uniform(21, 30) * 60
    for sup, t, x in false_notices:
        start = max(OOS + rng.uniform(300, 2600), x + 300)
        rt = until_valid(t["sample"], start, "retest", supplier=sup, tanker=t.get("tanker"), run=t.get("run"))
        assert rt["verdict"] == "NEG"
    stats["held_false"] = held_false
    stats["false_notices"] = false_notices

    # the lab's controls, 08:00 and the 15:00 shift change
    qc = []
    for when in (N("08:03:20"), QC_PM):
        for k, inc in enumerate(["INC-A", "INC-B", "INC-C"]):
            for ctl, true_pos in (("NEG", False), ("POS", True)):
                start = when + k * 40 + (0 if ctl == "NEG" else 15)
                t = new_test(f"QC-{ctl}-{inc[-1]}1", start, "qc", inc=inc, true_pos=true_pos, control=ctl)
                t["reader"] = "RT4-01"
                qc.append(t)
    qcb = [t for t in qc if t["inc"] == "INC-B" and t["control"] == "NEG" and t["start"] > N("15:00:00")][0]
    assert qcb["verdict"] == "POS" and qcb["read"] < QC_KNOWN, qcb
    # Intaq numbers the tests as they are started
    for t in sorted(tests, key=lambda t: t["start"]):
        tid[0] += rng.randint(1, 3)
        t["id"] = f"LT{tid[0]}"

    # onset: the first false positive
    false_pos = sorted((t for t in tests if t["verdict"] == "POS" and not t["true_pos"] and t["kind"] != "qc"), key=lambda t: t["read"])
    first_fp = false_pos[0]
    stats["first_fp"] = first_fp
    assert all(t["inc"] == "INC-B" for t in false_pos), [(t["id"], t["inc"]) for t in false_pos if t["inc"] != "INC-B"]

    # --- everything a test leaves in the logs -----------------------------------------------
    assay_name = {"BL2": "BL2", "TC": "TC"}
    for t in sorted(tests, key=lambda t: t["start"]):
        lm(t["start"], "LAB", "TEST", f"{t['id']} {t['assay']} started: {t['sample']}, incubator {t['inc']} slot {t['slot']}, reader {t['reader']}, {t['tech']}")
        x = t["read"]
        rd = t["reader"]
        rt = at(x + CLOCK[rd]).astimezone(NZDT).strftime("%Y-%m-%d %H:%M:%S")
        tl = round(t["R"] * t["C"], 3)
        if FW[rd] == "3.2.0":
            v = "---" if t["verdict"] == "INV" else t["verdict"]
            rawline(x, rd, f"RES {rd} {t['id']} {rt} {t['assay']} S={t['sample']} C={t['C']:.3f} T={tl:.3f} R={t['R']:.2f} {v} LOT={t['assay']}-2609-114 SN=RT4A-10277")
        else:
            rawline(x, rd, f"RES {rd} {t['id']} {rt} {t['assay']} S={t['sample']} C={t['C']:.3f} T={tl:.3f} R={t['R']:.2f} {t['verdict']}")
        y = x + rng.uniform(0.01, 0.05)
        ver = version_at(y)
        if ver == "2.8.3" and rd == "RT4-02" and t["verdict"] == "INV":
            gl(y, "WRN", "Screening.ScreenService", f"Unrecognised verdict --- from RT4-02 for {t['id']}, treated as INV")
        if ver == "2.9.0":
            gl(y + 0.002, "INF", "Screening.ScreenService", f"{rd} result {t['id']}: {t['assay']} {t['sample']} {t['verdict']} (R={t['R']:.2f}, C={t['C']:.3f}, cutoff 1.00)")
        else:
            gl(y + 0.002, "INF", "Screening.ScreenService", f"{rd} result {t['id']}: {t['assay']} {t['sample']} {t['verdict']} (R={t['R']:.2f})")
        if not (t["kind"] == "composite" and t.get("tanker") == "T14" and False):
            lm(y + rng.uniform(0.2, 0.9), "LAB", "TEST", f"{t['id']} {t['assay']} result {t['verdict']} (R {t['R']:.2f}, C {t['C']:.3f}) from labgate")
        t["logged"] = y
        if t["kind"] in ("composite", "duplicate") and t["verdict"] == "POS":
            if ver == "2.9.0":
                gl(y + 0.004, "WRN", "Screening.ScreenService",
                   f"Tanker {t['tanker']} run {t['run']} screened POSITIVE for {assay_name[t['assay']]} (sample {t['sample']}, R={t['R']:.2f}, reader {rd}); tanker held, traceback started")
            else:
                gl(y + 0.004, "INF", "Screening.ScreenService", f"Screen result POS for tanker {t['tanker']} run {t['run']} ({t['sample']}); holding, traceback started")
        if t["kind"] in ("farm", "surveillance") and t["verdict"] == "POS":
            n = noticed.get(t["supplier"])
            if n and n[0] is t:
                gl(n[1], "WRN", "Notices.SupplierNotices",
                   f"Withhold notice sent to supplier {t['supplier']} ({t['sample']} POSITIVE for {t['assay']}, R={t['R']:.2f}): do not supply until cleared")
        if t["kind"] == "retest" and t.get("supplier") and t["verdict"] == "NEG":
            gl(y + 0.6, "INF", "Notices.SupplierNotices", f"Withhold notice withdrawn for supplier {t['supplier']}: {t['sample']} NEG on retest {t['id']}")
    stats["onset"] = first_fp["logged"]

    # --- intake: arrivals, holds, releases, unloads --------------------------------------------
    trace_no = 0
    for r_ in runs:
        tk, run, bay = r_["tanker"], r_["run"], r_["bay"]
        st = f"BAY{bay}"
        lm(r_["at_bay"], "INTAKE", st, f"{tk} run {run} arrived, seals OK")
        lm(r_["at_bay"] + rng.uniform(20, 60), "INTAKE", st, f"manifest {r_['manifest']} for {tk} run {run} received: {len(r_['farms'])} dockets, {litres(r_['litres'])} L")
        lm(r_["sample_at"], "LAB", "SAMPLE", f"composite {tk}-R{run}-C taken at {st}, {rng.uniform(3.8, 5.9):.1f} C")
        if "held" in r_:
            lm(r_["held"], "INTAKE", st, f"{tk} run {run} HOLD: {r_['screen'][0]['assay']} screen POSITIVE ({[x for x in r_['screen'] if x['verdict'] == 'POS'][0]['id']}), not to be unloaded")
            trace_no += 1
            tb = f"TB-2610-16-{trace_no:02d}"
            r_["trace"] = tb
            lm(r_["trace_at"], "LAB", "TRACE", f"{tb} for {tk} run {run}: {len(r_['farms'])} farm samples on the BL2 worklist")
            gl(r_["trace_at"] - 0.3, "INF", "Screening.Traceback", f"Traceback {tb} for {tk} run {run}: {len(r_['farms'])} farm samples on the BL2 worklist")
            lm(r_["held"] + rng.uniform(400, 650), "INTAKE", st, f"{tk} run {run} moved to the hold park")
            if r_["true"]:
                lm(r_["rejected"], "INTAKE", "PARK", f"{tk} run {run} rejected by k.walsh: inhibitory substances confirmed (supplier {REAL[2]}), {litres(r_['litres'])} L to stockfood silo SF1")
            else:
                rt = r_["retest"]
                lm(r_["released"], "INTAKE", "PARK", f"{tk} run {run} hold released by a.rao: retest {rt['id']} NEG on {rt['inc']}")
                b2 = min(bay_free, key=lambda b: (bay_free[b], b))
                x = max(r_["released"] + rng.uniform(300, 700), bay_free[b2])
                lm(x, "INTAKE", f"BAY{b2}", f"{tk} run {run} back from the hold park, cleared for unloading to silo {rng.randint(1, 5)}")
                r_["unloaded"] = max(r_["unloaded"], x + rng.uniform(21, 30) * 60)
                lm(r_["unloaded"], "INTAKE", f"BAY{b2}", f"{tk} run {run} unloaded: metered {litres(int(r_['litres'] * rng.uniform(0.997, 1.003)))} L, manifest {litres(r_['litres'])} L")
                bay_free[b2] = r_["unloaded"] + 600
        else:
            lm(r_["clear"], "INTAKE", st, f"{tk} run {run} cleared for unloading to silo {rng.randint(1, 5)}")
            if r_["unloaded"] < t1:
                lm(r_["unloaded"], "INTAKE", st, f"{tk} run {run} unloaded: metered {litres(int(r_['litres'] * rng.uniform(0.997, 1.003)))} L, manifest {litres(r_['litres'])} L")
                lm(r_["unloaded"] + rng.uniform(30, 80), "INTAKE", st, f"{tk} CIP started")
    x = t0 + 290
    silos = [rng.randint(90, 300) * 1000 for _ in range(6)]
    while x < t1:
        silos = [max(20000, min(400000, v + rng.randint(-30, 40) * 1000)) for v in silos]
        lm(x, "PLANT", "SILOS", "  ".join(f"S{i + 1} {litres(v)} L" for i, v in enumerate(silos)) + f"  SF1 {litres(27940 if x > real['rejected'] else 0)} L")
        x += 900 + rng.uniform(-2, 2)
    # QC results as the lab records them
    for when in (N("08:03:20"), QC_PM):
        for inc in ["INC-A", "INC-B", "INC-C"]:
            neg = [t for t in qc if t["inc"] == inc and t["control"] == "NEG" and abs(t["start"] - when) < 600][0]
            pos_ = [t for t in qc if t["inc"] == inc and t["control"] == "POS" and abs(t["start"] - when) < 600][0]
            x = max(neg["read"], pos_["read"]) + rng.uniform(20, 60)
            if neg["verdict"] == "NEG" and pos_["verdict"] == "POS":
                lm(x, "LAB", "QC", f"BL2 {inc}: negative control NEG (R {neg['R']:.2f}), positive control POS (R {pos_['R']:.2f}): QC PASS")
            else:
                lm(x, "LAB", "QC", f"BL2 {inc}: negative control read POSITIVE (R {neg['R']:.2f}), positive control POS (R {pos_['R']:.2f}): QC FAIL")
                stats["qc_fail"] = x
    lm(OOS, "LAB", "INSTR", "INC-B set OUT OF SERVICE by a.rao: QC fail (negative control positive); Sensaware probe S-2292 reads 45 C, the incubator's display 56.0")
    lm(OOS + 95, "LAB", "INSTR", "all BL2 results from INC-B since 13:30 to be retested on INC-A or INC-C (a.rao)")
    lm(SWAP, "LAB", "INSTR", "INC-D (spare HB-2, SN HB2-30977) IN SERVICE by a.rao: 56.1 C against reference thermometer RT-117, controls pass")

    # --- labgate's own lines -------------------------------------------------------------------
    for x in range(int(t0) + 41, int(t1), 300):
        y = x + rng.uniform(0, 0.3)
        done = [t for t in tests if t["read"] < y]
        gl(y, "INF", "StatusReporter", f"Status: RT4-01 READY fw 3.1.4, RT4-02 READY fw 3.2.0; {len(done) + 212} results today, "
                                       f"{sum(1 for t in done if t['verdict'] == 'POS')} positive")
    for when, ver in RESTARTS:
        sha = shas["rel_290"] if ver == "2.9.0" else shas["base"]
        gl(when, "INF", "Program", f"LabGate {ver} starting on NGA-LABGW01 (.NET 8.0.10)")
        gl(when + 1.21, "INF", "Readers.ReaderListener", "Connected to RT4-01 at 10.31.8.21:4001")
        gl(when + 1.24, "INF", "Readers.ReaderListener", "Connected to RT4-02 at 10.31.8.21:4002")
    for x in (N("10:01:17") + 0.204, N("10:03:48") + 0.551):
        t = min((t for t in tests if t["read"] > x - 40), key=lambda t: t["read"])
        gl(x, "WRN", "Readers.ReaderListener", f"Result {t['id']} from {t['reader']} not posted to Intaq; resend from the raw capture", exc="\n".join([
            "System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 15 seconds elapsing.",
            " ---> System.TimeoutException: The operation was canceled.",
            " ---> System.Threading.Tasks.TaskCanceledException: The operation was canceled.",
            "   at System.Net.Http.HttpConnection.SendAsync(HttpRequestMessage request, Boolean async, CancellationToken cancellationToken)",
            "   --- End of inner exception stack trace ---",
            "   at System.Net.Http.HttpClient.HandleFailure(Exception e, Boolean telemetryStarted, HttpResponseMessage response, CancellationTokenSource cts, CancellationToken cancellationToken, CancellationTokenSource pendingRequestsCts)",
            "   at System.Net.Http.HttpClient.<SendAsync>g__Core|83_0(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationTokenSource cts, Boolean disposeCts, CancellationTokenSource pendingRequestsCts, CancellationToken originalCancellationToken)",
            "   at LabGate.Intaq.IntaqClient.PostResultAsync(String testId, String verdict, Double ratio, Double control, CancellationToken ct) in D:\\a\\1\\s\\src\\LabGate\\Intaq\\IntaqClient.cs:line 25",
            "   at LabGate.Screening.ScreenService.HandleAsync(Rt4Record r, CancellationToken ct) in D:\\a\\1\\s\\src\\LabGate\\Screening\\ScreenService.cs:line 32",
            "   at LabGate.Readers.ReaderListener.ListenAsync(ReaderEndpoint e, CancellationToken ct) in D:\\a\\1\\s\\src\\LabGate\\Readers\\ReaderListener.cs:line 38"]))
    # the readers' idle lines
    for rd in ("RT4-01", "RT4-02"):
        x = t0 + rng.uniform(0, 60)
        while x < t1:
            rawline(x, rd, f"STA {rd} READY fw={FW[rd]} lamp=OK")
            x += 60 + rng.uniform(-0.05, 0.05)

    # --- SMS gateway -----------------------------------------------------------------------------
    phones = {}

    def phone(sup):
        if sup not in phones:
            phones[sup] = f"+64 2{rng.choice('1257')} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        return phones[sup]

    def sms_send(x, sup, template):
        mid = f"sm_{hexid(rng, 20)}"
        sms.add(at(x), json.dumps({"ts": iso_z(x), "message_id": mid, "from": "TVD Milk", "to": phone(sup), "supplier": sup,
                                   "template": template, "status": "accepted"}))
        dx = x + rng.uniform(2, 25)
        sms.add(at(dx), json.dumps({"ts": iso_z(dx), "message_id": mid, "status": "delivered", "carrier": rng.choice(["One NZ", "Spark", "2degrees"])}))

    for sup, (t, x) in noticed.items():
        sms_send(x - 0.2, sup, "withhold_notice")
    for t in tests:
        if t["kind"] == "retest" and t.get("supplier") and t["verdict"] == "NEG":
            sms_send(t["logged"] + 0.4, t["supplier"], "withhold_withdrawn")
    # the co-op's other messages through the same gateway
    for x in sorted(rng.uniform(t0, t1) for _ in range(40)):
        sms_send(x, rng.choice(suppliers), rng.choice(["collection_eta", "collection_eta", "vat_pickup_receipt", "grade_notice"]))

    # --- Sensaware -------------------------------------------------------------------------------
    def sw(x, sensor, value, state, text):
        t = at(x).astimezone(NZDT)
        sensa.add(at(x), f"{t.strftime('%Y-%m-%d %H:%M:%S')} NZDT | {sensor} | {value} | {state} | {text}")

    probes = [("S-2291 INC-A block", "INC-A", 54.0, 58.0), ("S-2292 INC-B block", "INC-B", 54.0, 58.0), ("S-2293 INC-C block", "INC-C", 54.0, 58.0),
              ("S-2301 Sample fridge 1", 4.0, 2.0, 6.0), ("S-2302 Sample fridge 2", 4.2, 2.0, 6.0), ("S-2303 Retain fridge", 3.6, 2.0, 6.0),
              ("S-2311 Reagent fridge", 4.8, 2.0, 8.0), ("S-2320 Lab room", 21.0, 18.0, 25.0)]
    alarm_at = None
    for name, src, lo, hi in probes:
        x = t0 + rng.uniform(0, 20)
        state = "OK"
        while x < t1:
            if isinstance(src, str):
                inc = src
                if src == "INC-B" and x >= SWAP:
                    inc = "INC-D"
                v = block_temp(inc, x) + rng.uniform(-0.15, 0.15)
                if src == "INC-B" and N("16:05:00") <= x < SWAP:
                    v = 21.5 + rng.uniform(-0.5, 0.5)   # the block is out for engineering, probe on the bench
                label = name if x < SWAP or src != "INC-B" else "S-2292 INC-D block (was INC-B)"
            else:
                v = src + rng.uniform(-0.4, 0.4)
                label = name
                if name.startswith("S-2301") and N("11:40:00") <= x < N("11:52:00"):
                    v = src + 2.6 + rng.uniform(-0.2, 0.2)   # door left open while racking samples
            new = "ALARM" if (v < lo or v > hi) else "OK"
            if src == "INC-B" and N("16:05:00") <= x < SWAP:
                new = "MAINT"
            text = "reading"
            if new != state:
                if new == "ALARM":
                    text = f"{'low' if v < lo else 'high'} limit {lo if v < lo else hi:.1f} °C crossed; notified R. Patel by SMS and e-mail"
                    if src == "INC-B" and alarm_at is None:
                        alarm_at = x
                elif new == "MAINT":
                    text = "maintenance mode set by a.rao (block removed for engineering)"
                else:
                    text = "back within limits"
            state = new
            sw(x, label, f"{v:.1f} °C", state, text)
            x += 300 + rng.uniform(-0.5, 0.5)
    stats["alarm_at"] = alarm_at
    sw(alarm_at + 1800.4, "S-2292 INC-B block", f"{block_temp('INC-B', alarm_at + 1800):.1f} °C", "ALARM", "not acknowledged in 30 min; escalated to J. Morgan by e-mail")
    sw(alarm_at + 1803.1, "S-2292 INC-B block", f"{block_temp('INC-B', alarm_at + 1800):.1f} °C", "ALARM", "e-mail to j.morgan@tvd.co.nz bounced: 550 5.1.1 mailbox unavailable")
    sw(OOS + 170.2, "S-2292 INC-B block", f"{block_temp('INC-B', OOS + 170):.1f} °C", "ALARM", "acknowledged by A. Rao: block cold, incubator out of service, engineering called")

    # --- work orders --------------------------------------------------------------------------------
    def wol(x, wo_no, asset, status, text, **kv):
        body = {"ts": iso_z(x, 0).replace(".Z", "Z"), "wo": wo_no, "asset": asset, "status": status, "text": text}
        body.update(kv)
        wo.add(at(x), json.dumps(body, ensure_ascii=False))

    wol(N("08:52:10"), "WO-55088", "NGA-INTAKE-BAY2 hose coupling", "NEW", "Coupling on bay 2 unload hose weeping at the camlock. Replace seal.", priority="P3", raised_by="w.hetaraka")
    wol(N("10:40:00"), "WO-55088", "NGA-INTAKE-BAY2 hose coupling", "CLOSED", "Seal replaced, pressure tested.")
    wol(N("12:15:30"), "WO-55095", "NGA-LAB RT4-01 (Lumora RT-4, SN RT4A-09815)", "NEW", "Annual service and firmware 3.2 due; book with Lumora for the next visit.", priority="P4", raised_by="k.walsh")
    W = "WO-55102"
    A_ = "NGA-LAB INC-B (Lumora HB-2 dry block, SN HB2-30418)"
    wol(OOS + 310, W, A_, "NEW", "INC-B negative control reads positive at the 15:00 QC. Sensaware probe in the spare well reads 45 C since about 14:10, the incubator's display shows 56.0. Taken out of service.", priority="P1", raised_by="a.rao")
    wol(OOS + 900, W, A_, "ASSIGNED", "Assigned to instrument tech D. Fa'alogo, on site.", assignee="d.faalogo")
    wol(N("16:05:20"), W, A_, "FINDING", "Controller sensor reads 10.9 C high against the reference thermometer RT-117 in the block (controller 56.0, block 45.1). Sensor lead insulation cracked at the strain relief, intermittent since at least 13:30. Block removed.")
    wol(SWAP - 200, W, A_, "WORK", "Spare HB-2 (INC-D, SN HB2-30977) fitted on INC-B's bench, pre-heated since 15:40, 56.1 C against RT-117.")
    wol(SWAP + 600, W, A_, "CLOSED", "INC-D in service. INC-B to Lumora for a controller sensor under warranty (RMA 88412). Recommend the Sensaware alarm contacts are reviewed: escalation went to a former supervisor.")

    # --- Azure DevOps releases ----------------------------------------------------------------------
    def ad(x, text):
        t = at(x)
        ado.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def release(start, rel_no, version, build, sha, user, restart, approver):
        x = start
        lines = [f"##[section]Starting: Release-{rel_no}: labgate {version} to NGA-LABGW01",
                 f"Artifact: labgate, build {build} (main, {sha[:8]}), requested by {user}",
                 f"Pre-deployment approval: approved by {approver}",
                 "Deployment group: NGA-LAB, target NGA-LABGW01 (agent NGA-LABGW01, version 3.246.0)",
                 "##[section]Starting: Download artifact - labgate",
                 "Downloaded labgate to C:\\azagent\\A1\\_work\\r1\\a\\labgate (214 files, 71.4 MB)",
                 "##[section]Starting: Stop LabGate service"]
        for ln in lines:
            ad(x, ln)
            x += rng.uniform(0.4, 3.5)
        x = max(x, restart - 31)
        for ln in ["Stopping service 'LabGate' ...", "Service 'LabGate' stopped.", "##[section]Starting: Copy files to D:\\labgate\\app",
                   "Copied 214 files to D:\\labgate\\app", "##[section]Starting: Start LabGate service"]:
            ad(x, ln)
            x += rng.uniform(2.0, 6.0)
        ad(restart - 0.4, "Service 'LabGate' started.")
        ad(restart + 16.2, "Waiting for 'Connected to RT4-0' in D:\\labgate\\logs\\labgate-20261016.log ... found")
        ad(restart + 16.9, f"##[section]Finishing: Release-{rel_no}: labgate {version} to NGA-LABGW01")

    for (restart, _), (rel_no, ver, build, sha, appr) in zip(RESTARTS, [(214, "2.9.0", "20261016.3", shas["rel_290"], "k.walsh"),
                                                                        (209, "2.8.3 (redeploy)", "20261012.2", shas["base"], "k.walsh"),
                                                                        (214, "2.9.0 (redeploy)", "20261016.3", shas["rel_290"], "a.rao")]):
        release(restart - rng.uniform(44, 56), rel_no, ver, build, sha, "sam.whitfield", restart, appr)

    # --- Teams #ngarua-intake-lab ---------------------------------------------------------------------
    def say(x, who, text):
        t = at(x) + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": iso_z(secs(t)), "channel": "ngarua-intake-lab", "from": who, "body": text}, ensure_ascii=False))

    ff = first_fp
    n_notices_1503 = sum(1 for sup, (t, x) in noticed.items() if x < N("15:03:00"))
    say(N("07:41:00"), "Kate Walsh", "morning. Rebecca is on leave until Monday, I'm the day supervisor, Anika has the afternoon from 15:00")
    say(N("08:12:00"), "Kate Walsh", "08:00 QC passed on INC-A, B and C, both readers")
    say(real["held"] + 60, "Josh Tane", f"T09 run 2 positive on BL2 (R {real['screen'][0]['R']:.2f}), duplicate running, T09 to the hold park")
    say(real_farm["read"] + 120, "Josh Tane", f"traceback {real.get('trace')}: supplier {REAL[2]} vat 1 positive (R {real_farm['R']:.2f}), rest of T09's farms negative so far")
    say(real["rejected"] + 90, "Kate Walsh", f"T09 run 2 rejected to stockfood. supplier services rang {REAL[2]}: relief milker put a cow under treatment into the vat this morning. withhold stands")
    say(N("13:12:00"), "Sam Whitfield", "labgate 2.9.0 going out at about 13:20 if the lab is OK with a 30 s gap: RT4-02's firmware 3.2 records (LAB-88), verdicts from the cutoffs in config (LAB-90), positive tankers logged as a warning with R and reader (LAB-91)")
    say(N("13:15:30"), "Kate Walsh", "approved in DevOps, nothing due off the readers for a few minutes")
    say(N("13:22:30"), "Sam Whitfield", "2.9.0 running, both readers connected")
    hs = sorted(held_false, key=lambda r_: r_["held"])
    h0 = hs[0]
    say(h0["dup"]["read"] + 70, "Josh Tane", f"{h0['tanker']} run {h0['run']} positive on BL2 (R {h0['screen'][0]['R']:.2f}), duplicate positive too (R {h0['dup']['R']:.2f}). in the hold park, traceback {h0.get('trace')}")
    assert len(hs) >= 3 and hs[2]["held"] < N("14:31:00"), [(r_["tanker"], hm(r_["held"])) for r_ in hs]
    wt = max(hs[2]["held"] + 100, N("14:26:00"))
    k = sum(1 for r_ in hs if r_["held"] < wt)
    farm_pos = sum(1 for t in false_pos if t["kind"] == "farm" and t["read"] < wt + 110)
    say(wt, "Wiremu Hetaraka", f"{k} tankers held since {hm(h0['held'])}. we'd had three all year before today. the hold park is full and I've got trucks queuing for bays")
    say(wt + 110, "Kate Walsh", f"@Sam Whitfield {k} positive tankers since {hm(first_fp['read'])} ({h0['tanker']}'s duplicate positive too), R 0.7-0.9, and already {farm_pos} positive farm{'s' if farm_pos != 1 else ''} in the tracebacks. "
                                f"T09's this morning was R {real['screen'][0]['R']:.2f} and its traceback found one farm. that's not how antibiotics work")
    say(N("14:33:10"), "Sam Whitfield", "looking. 2.9.0 went in at 13:21 and changed how the verdict is worked out (LAB-90) and the RT4-02 parser (LAB-88). runbook says several positive tankers after a release: redeploy the previous one and retest")
    say(N("14:36:00"), "Sam Whitfield", f"the R values are 0.7-0.95, not the 0.2-0.4 T09 had this morning. could be a cutoff problem. redeploying 2.8.3 now, it takes the readers' own verdicts")
    say(N("14:38:20"), "Kate Walsh", "approved. positives are on both readers by the way")
    say(N("14:47:10"), "Sam Whitfield", "2.8.3 back since 14:45")
    later = [t for t in false_pos if t["read"] > RESTARTS[1][0] + 60]
    if later:
        lt = later[0]
        say(lt["read"] + 150, "Lily Chen", f"another one since the redeploy: {lt['sample']} positive (R {lt['R']:.2f}), labgate on 2.8.3")
    say(N("14:58:30"), "Sam Whitfield", "the readers say POS themselves, so it's not labgate's cutoff. the strips really read positive. lot is the same all day (BL2-2609-114)")
    say(N("15:03:00"), "Kate Walsh", f"handing over to Anika. {n_notices_1503} withhold notices out today, farmers ringing supplier services saying they've treated nothing. Anika will run the controls first")
    say(stats["qc_fail"] + 60 if "qc_fail" in stats else QC_PM + 900, "Anika Rao", f"QC: INC-B negative control reads POSITIVE (R {qcb['R']:.2f}). INC-A and INC-C pass. every positive since about 14:00 was incubated in INC-B")
    say(OOS + 60, "Anika Rao", "INC-B out of service. its display says 56.0 but the Sensaware probe in the spare well has been in alarm since " + hm(alarm_at) + " and reads 45 C. the alarm went to Rebecca's phone and escalated to Jo, who left in August")
    say(OOS + 240, "Anika Rao", "retesting every held tanker and every positive farm sample on INC-A and INC-C. engineering WO-55102 raised")
    say(OOS + 400, "Sam Whitfield", "so nothing in labgate. I'll put 2.9.0 back once the retests are through, and fix the runbook: controls first")
    rel_n = sorted(r_["released"] for r_ in held_false)
    say(rel_n[-1] + 120, "Anika Rao", f"all {len(held_false)} held tankers retested negative and released, {len(false_notices)} withhold notices withdrawn by the negative retests. {REAL[2]} stays withheld")
    say(N("16:08:00"), "Anika Rao", "engineering: INC-B's controller sensor reads 10.9 C high, lead cracked. spare HB-2 going in as INC-D")
    say(SWAP + 120, "Anika Rao", "INC-D in service, 56.1 C, controls pass")
    say(N("16:34:30"), "Sam Whitfield", "2.9.0 redeployed 16:33, results flowing. INC-4471 postmortem Monday with Rebecca; Sensaware contacts to fix")

    stats.update(tests=tests, runs=runs, noticed=noticed, real=real, qc=qc, false_pos=false_pos)
    return [gate, raw, lims, sensa, sms, wo, ado, teams], stats


def build(out_dir):
    rng = random.Random(91200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["onset"]).replace(microsecond=0)
        assert nz("2026-10-16 13:55:00") < onset < nz("2026-10-16 14:08:00"), onset
        held = stats["held_false"]
        fn = stats["false_notices"]
        fp = stats["first_fp"]
        last = max(max(r_["released"] for r_ in held), max(x for _, _, x in fn))
        mins = int((stats["first_fp"]["logged"] - RESTARTS[0][0]) / 60)
        return write_scenario(
            out_dir, name="r91-incubator-sensor-drift-none", service=SERVICE, onset=onset,
            description=f"""
Totara Valley Dairy's Ngarua intake lab screens tanker after tanker
positive for beta-lactam antibiotics on Friday 16 October 2026: from {hm(fp['read'])}
NZDT ({onset.strftime('%H:%M:%S')} UTC), when {fp['sample']} reads R {fp['R']:.2f}, {len(held)} tankers are held in
the bays and the hold park, their tracebacks and the day's surveillance
samples send {len(fn)} farms withhold notices, and trucks queue for bays.
labgate 2.9.0 had been deployed at 13:21 NZDT; 2.8.3 was redeployed at
14:45 without effect. The lab's 15:00 controls failed on one incubator,
which was taken out of service at 15:19; retests on the other incubators
were negative, the holds were released and the notices withdrawn by
{hm(last)}, and 2.9.0 was deployed again at 16:33. Times in labgate, the
readers, Intaq and Sensaware are NZDT (+13:00).
""",
            logs=logs,
            line_formats={
                "labgate.log": r'<Date> <Time> <Tz> \[<Level>\] \(<Source>\) <Content>',
                "rt4-readers.log": r'<Date> <Time> <Tz> <Port> <Content>',
                "intaq-lims.log": r'<Date> <Time> <Tz> <Module>\s+<Station>\s+<Content>',
                "sensaware-events.log": r'<Date> <Time> NZDT \| <Sensor> \| <Value> \| <State> \| <Content>',
                "azure-devops-release.log": r'<Time> <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'low limit .* crossed; notified',
                r'negative control read POSITIVE',
                r'Controller sensor reads .* high against the reference thermometer',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. At about 13:26 the temperature sensor of INC-B's
controller, one of the intake lab's three HB-2 dry block incubators (its
lead cracked at the strain relief), starts to read high; the controller
holds its set point on that sensor and lets the block cool to about 45 C
while its display shows 56.0. The lab's independent Sensaware probe in the
block says so from {hm(stats['alarm_at'])} ("low limit 54.0 °C crossed; notified R. Patel"):
the alarm goes to the lab manager, on leave, and its escalation at {hm(stats['alarm_at'] + 1800)}
to a supervisor who left in August bounces. BL2 strips incubated cold
develop both lines less and the test line more, so every negative sample
incubated in INC-B reads R 0.7-0.95, under the 1.00 cutoff: from {hm(fp['read'])}
({fp['sample']}, R {fp['R']:.2f}) the readers themselves say POS, labgate does what it is
built to do (holds, tracebacks, withhold notices), and {len(held)} tankers are held
and {len(fn)} farms told not to supply. At the 15:00 shift change the controls
fail on INC-B only ("negative control read POSITIVE"), the lab takes it
out of service and retests everything on INC-A and INC-C: negative.
Engineering finds the "controller sensor reads 10.9 C high against the
reference thermometer" and swaps in the spare block. The morning's T09
positive (supplier 41562, a treated cow) is real and stands.
Decoys: labgate 2.9.0, deployed at 13:21, {mins} minutes before the onset
(LAB-88, RT4-02's firmware 3.2 records in the very parser; LAB-90, the
verdict from R and the cutoffs in appsettings.json instead of the
reader's, with R {fp['R']:.2f} on the first positive; LAB-91, which adds the
very "Tanker ... screened POSITIVE" warning; LAB-93 in the
traceback; the Intaq timeout from 15 to 30 s; a Hosting bump), redeployed
at 2.8.3 at 14:45 without effect (the positives go on as "Screen result
POS"); the runbook commit that reads several positive tankers as a
parsing or cutoff problem after a release, and an incubator fault as
invalid results; RT4-02's firmware update on Monday (positives come
from both readers); the morning's real positive on T09; 2.8.3's
"Unrecognised verdict ---" warnings for RT4-02's invalid results; the
morning's Intaq timeouts; a sample fridge's door alarm at 11:40.
""",
        )
    finally:
        repo.close()
