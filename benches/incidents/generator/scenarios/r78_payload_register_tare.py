"""cycle-tracker (C#, .NET 8 worker; one active instance on kal-fms-app01,
a Linux VM in the Kalari mine's site data centre, under systemd; released
by an Azure DevOps pipeline; team in Perth, Brisbane and Santiago, plus a
systems engineer on site) of Redbank Iron. Kalari is an open-pit iron ore
mine in the Pilbara (AWST, UTC+8; shifts change at 06:00 and 18:00 local,
22:00 and 10:00 UTC) with 34 haul trucks: 22 Cat 793F (rated payload
227 t) and 12 Komatsu 930E-5 (290 t), loaded by three Hitachi EX5600s, a
Liebherr R9400 and a Cat 994K. The trucks' onboard units send their
payload system's records (Cat TPMS / Komatsu PLM: gross weight, the tare
weighed after each dump, net payload, carry-back) over the pit's mesh
radio network. PitLogic, the vendor's dispatch system, assigns trucks to
loaders and dumps and shows the payload system's net payload.
cycle-tracker builds each truck's haul cycle, applies the site's payload
policy (10/10/20: no load above 120 % of rated; a truck reported above
120 % at load complete gets an external HOLD in PitLogic, which sends it
back to its loader to have material taken off), watches tyre TKPH and
advises tray cleaning when carry-back is above 15 t.

On Tuesday 10 February at 02:15 UTC CT-231 changes how cycle-tracker
takes the payload: instead of the payload system's net payload, which is
weighed against the tare taken after the previous dump and so leaves out
whatever stays stuck in the tray, it takes the gross weight at load
complete minus the fleet register's empty weight of the truck (weighed at
the annual weighbridge check), because "the PLM's net depends on the
operator's tare, skipped or stale in about 3 % of cycles". The
load-complete line logs both for comparison. It ships in 3.8.0 that
afternoon. In a dry week carry-back is 0.3-3 t and the payload reads a
tonne or two heavier; nobody notices.

Saturday 14 February, night shift. A thunderstorm reaches the pit at
11:36 UTC; lightning within 10 km stands haulage down at 11:44, about
60 mm of rain falls, and the roads are opened again at 14:02. The plant will not
take wet ore, so the ore goes to the ROM stockpile and most of the
fleet loads the weathered shale waste at SH02 and SH04, which turns to
sticky clay when wet: every dump leaves 10-30 t more in the tray (more
for the trucks that stood loaded through the storm). The
payload system's net payload stays at 100-107 % of rated (operators load
to its lights) but cycle-tracker's payload is net plus the carry-back,
and from the trucks' second wet load on it reads 110-130 %: from 15:05
trucks get HOLD "OVERLOAD - RETURN TO LOADER" while their own display and
PitLogic's LOADED line say 236 t, the shovels scrape a pass off each
held truck and the queues at SH02 and SH04 grow.

During the stand-down, at 13:31, the site systems engineer had deployed
3.9.0 "while nothing is hauling": CT-248, which adds the very "Payload
above 110% of rated" warning that now fills the log; CT-251, TKPH speed
restrictions at 95 % of the tyre rating instead of 100 % (config);
CT-245, payload rounded to 0.1 t in the culprit's file; an Npgsql bump.
A runbook commit of Thursday reads overloads after rain as wet ore being
heavier and says to check the loaders' bucket weighing and talk to the
operators. The on-call developer rolls back to 3.8.1 (which holds the
culprit) at 16:04: the 110 % warnings stop, the holds do not. The site
engineer reads a held truck's load-complete line next to PitLogic's
LOADED line (net 236 t against 279 t = gross minus register empty, with
41 t of carry-back), the culprit's author recognises CT-231, and 3.9.1
(CT-258: the payload system's net again, the register only when the
tare is stale) is deployed at 17:03. Holds stop; the shift supervisor
sends trucks with more than 15 t of carry-back to the tray-cleaning bay.

Sources: cycle-tracker (Serilog file sink with the source context, line
format), PitLogic dispatch server log (pipe-separated, line format), the
payload system's cycle records (the OEM portal's CSV export), TyreSense
TPMS alerts (JSON lines), the site weather station (CSV), Azure DevOps
release logs, #kalari-pit-control (Teams export, JSON lines)."""

import datetime as dt
import heapq
import json
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "cycle-tracker"
START, END = utc("2026-02-14 08:30:00"), utc("2026-02-14 18:30:00")
SHIFT_CHANGE = utc("2026-02-14 10:00:00")
RAIN_START = utc("2026-02-14 11:36:00")
STAND_DOWN = utc("2026-02-14 11:44:30")
RAIN_END = utc("2026-02-14 13:16:00")
DEPLOY_390 = utc("2026-02-14 13:31:40")
ROADS_OPEN = utc("2026-02-14 14:02:00")
WET_FROM = utc("2026-02-14 12:00:00")
PLANT_BACK = utc("2026-02-14 16:05:00")
ROLLBACK = utc("2026-02-14 16:04:20")
DEPLOY_391 = utc("2026-02-14 17:03:30")
TRAY_CLEAN_FROM = utc("2026-02-14 17:14:00")
HOST = "kal-fms-app01"

LOADERS = {
    # stick: how much of the material stays in a tray when it is wet
    "SH01": {"model": "Hitachi EX5600-7", "material": "ORE", "stick": 0.45},
    "SH02": {"model": "Hitachi EX5600-7", "material": "WASTE", "stick": 1.0},
    "SH03": {"model": "Liebherr R9400", "material": "ORE", "stick": 0.12},
    "SH04": {"model": "Hitachi EX5600-7", "material": "WASTE", "stick": 1.0},
    "FL01": {"model": "Cat 994K", "material": "ORE", "stick": 0.25},
}
ROUTES = {"SH01": "R-N2", "SH02": "R-W3", "SH03": "R-N1", "SH04": "R-E2", "FL01": "R-ROM"}


def sub(text, *pairs):
    """text with each old replaced by new once; every old must be present."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


# ---------------------------------------------------------------------------
# the repository

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Worker">

  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <Version>3.7.4</Version>
    <RootNamespace>Redbank.CycleTracker</RootNamespace>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="MQTTnet" Version="4.3.6.1152" />
    <PackageReference Include="Npgsql" Version="8.0.3" />
    <PackageReference Include="Serilog.Extensions.Hosting" Version="8.0.0" />
    <PackageReference Include="Serilog.Settings.Configuration" Version="8.0.2" />
    <PackageReference Include="Serilog.Sinks.File" Version="5.0.0" />
    <PackageReference Include="Microsoft.Extensions.Hosting.Systemd" Version="8.0.1" />
  </ItemGroup>

</Project>
"""

PROGRAM = """using Redbank.CycleTracker;
using Redbank.CycleTracker.Cycles;
using Redbank.CycleTracker.Dispatch;
using Redbank.CycleTracker.FleetRegister;
using Redbank.CycleTracker.Payload;
using Redbank.CycleTracker.Telemetry;
using Redbank.CycleTracker.Tyres;
using Serilog;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSerilog((services, lc) => lc.ReadFrom.Configuration(builder.Configuration));
builder.Services.AddSystemd();

builder.Services.Configure<PayloadPolicyOptions>(builder.Configuration.GetSection("PayloadPolicy"));
builder.Services.Configure<TkphOptions>(builder.Configuration.GetSection("Tkph"));
builder.Services.Configure<DispatchOptions>(builder.Configuration.GetSection("Dispatch"));
builder.Services.AddSingleton<IFleetRegister, FleetRegisterClient>();
builder.Services.AddSingleton<PayloadCalculator>();
builder.Services.AddSingleton<OverloadPolicy>();
builder.Services.AddSingleton<CarrybackMonitor>();
builder.Services.AddSingleton<TkphMonitor>();
builder.Services.AddSingleton<DispatchClient>();
builder.Services.AddSingleton<CycleBuilder>();
builder.Services.AddHostedService<ObuListener>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<TkphMonitor>());

var host = builder.Build();
Log.ForContext<Program>().Information("Starting cycle-tracker {Version} on {Host}", AppInfo.InformationalVersion, Environment.MachineName);
host.Run();
"""

APPINFO = """using System.Reflection;

namespace Redbank.CycleTracker;

public static class AppInfo
{
    // 3.8.1+<commit>: the SDK appends the commit the build came from.
    public static string InformationalVersion { get; } =
        typeof(AppInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
}
"""

MESSAGES = """namespace Redbank.CycleTracker.Telemetry;

/// What the onboard unit forwards from the truck's payload system (Cat TPMS,
/// Komatsu PLM IV) when the truck leaves its loader. The payload system weighs
/// the empty truck after each dump (the tare, with whatever stays in the tray)
/// and reports the net payload of the next load against it.
public sealed record LoadCompleteMessage(
    string TruckId,
    string LoaderId,
    DateTimeOffset At,
    double GrossTonnes,
    double TareTonnes,
    double NetPayloadTonnes,
    double CarrybackTonnes,
    int Passes,
    int TareAgeCycles);

public sealed record DumpCompleteMessage(string TruckId, string DumpId, DateTimeOffset At, double CarrybackTonnes);
"""

PAYLOAD_V1 = """using Redbank.CycleTracker.FleetRegister;
using Redbank.CycleTracker.Telemetry;

namespace Redbank.CycleTracker.Payload;

public sealed record PayloadReading(
    string TruckId,
    double PayloadTonnes,
    double GrossTonnes,
    double CarrybackTonnes,
    double RatedTonnes)
{
    public double PercentOfRated => Math.Round(100.0 * PayloadTonnes / RatedTonnes, 1);
}

/// The payload of a load as the site's payload policy sees it: the payload
/// system's net payload (weighed against the tare taken after the previous
/// dump, so carry-back is not counted; carry-back is the CarrybackMonitor's).
public sealed class PayloadCalculator
{
    private readonly IFleetRegister _register;

    public PayloadCalculator(IFleetRegister register) => _register = register;

    public PayloadReading Compute(LoadCompleteMessage msg)
    {
        var truck = _register.Truck(msg.TruckId);
        return new PayloadReading(msg.TruckId, msg.NetPayloadTonnes, msg.GrossTonnes, msg.CarrybackTonnes, truck.RatedPayloadTonnes);
    }
}
"""

OVERLOAD_V1 = """using Microsoft.Extensions.Options;
using Redbank.CycleTracker.Dispatch;

namespace Redbank.CycleTracker.Payload;

public sealed class PayloadPolicyOptions
{
    public double WarnPercent { get; set; } = 110;
    public double HoldPercent { get; set; } = 120;
}

/// The 10/10/20 policy: a load above HoldPercent of the truck's rated payload
/// must not be hauled; PitLogic gets an external HOLD and sends the truck back
/// to its loader. Loads above WarnPercent count towards the 10 % of the month.
public sealed class OverloadPolicy
{
    private readonly PayloadPolicyOptions _options;
    private readonly DispatchClient _dispatch;
    private readonly ILogger<OverloadPolicy> _log;
    private readonly Dictionary<string, DateTimeOffset> _held = new();

    public OverloadPolicy(IOptions<PayloadPolicyOptions> options, DispatchClient dispatch, ILogger<OverloadPolicy> log)
    {
        _options = options.Value;
        _dispatch = dispatch;
        _log = log;
    }

    public async Task EvaluateAsync(PayloadReading reading, string loaderId, DateTimeOffset at, CancellationToken ct)
    {
        var pct = reading.PercentOfRated;
        if (pct > _options.HoldPercent)
        {
            _held[reading.TruckId] = at;
            await _dispatch.HoldAsync(reading.TruckId, "OVERLOAD", $"{pct:0.0}%", ct);
            _log.LogWarning("Critical overload on {Truck}: payload {Payload} t is {Percent}% of rated {Rated} t at {Loader}, hold sent to dispatch",
                reading.TruckId, reading.PayloadTonnes, pct, reading.RatedTonnes, loaderId);
            return;
        }
        if (_held.Remove(reading.TruckId, out var since))
        {
            await _dispatch.ReleaseAsync(reading.TruckId, ct);
            _log.LogInformation("Hold released for {Truck}: payload {Payload} t ({Percent}%) after {Minutes} min at {Loader}",
                reading.TruckId, reading.PayloadTonnes, pct, Math.Round((at - since).TotalMinutes, 1), loaderId);
        }
        OverloadMetrics.Loads.WithLabels(pct > _options.WarnPercent ? "over110" : "normal").Inc();
    }
}
"""

CARRYBACK = """namespace Redbank.CycleTracker.Payload;

/// Carry-back is material that stays in the tray after a dump. Above 15 t the
/// truck should go to the tray-cleaning bay; the advice goes to the
/// maintenance board, not to dispatch.
public sealed class CarrybackMonitor
{
    private const double AdviseAboveTonnes = 15.0;
    private readonly ILogger<CarrybackMonitor> _log;

    public CarrybackMonitor(ILogger<CarrybackMonitor> log) => _log = log;

    public void Observe(string truckId, double carrybackTonnes)
    {
        if (carrybackTonnes > AdviseAboveTonnes)
        {
            _log.LogInformation("Carry-back {Carryback} t on {Truck} above 15 t: tray clean advised", Math.Round(carrybackTonnes, 1), truckId);
        }
    }
}
"""

CYCLE_BUILDER_V1 = """using Redbank.CycleTracker.Payload;
using Redbank.CycleTracker.Telemetry;
using Redbank.CycleTracker.Tyres;

namespace Redbank.CycleTracker.Cycles;

public sealed class CycleBuilder
{
    private readonly PayloadCalculator _payload;
    private readonly OverloadPolicy _policy;
    private readonly CarrybackMonitor _carryback;
    private readonly TkphMonitor _tkph;
    private readonly ILogger<CycleBuilder> _log;
    private readonly Dictionary<string, Cycle> _open = new();

    public CycleBuilder(PayloadCalculator payload, OverloadPolicy policy, CarrybackMonitor carryback, TkphMonitor tkph, ILogger<CycleBuilder> log)
    {
        _payload = payload;
        _policy = policy;
        _carryback = carryback;
        _tkph = tkph;
        _log = log;
    }

    public async Task OnLoadCompleteAsync(LoadCompleteMessage msg, CancellationToken ct)
    {
        var reading = _payload.Compute(msg);
        var cycle = _open.TryGetValue(msg.TruckId, out var c) ? c : _open[msg.TruckId] = new Cycle(msg.TruckId, msg.At);
        cycle.Loaded(msg.LoaderId, reading.PayloadTonnes, msg.At);
        _log.LogInformation("Load complete {Truck} at {Loader}: payload {Payload} t, gross {Gross} t, carry-back {Carryback} t, {Passes} passes",
            msg.TruckId, msg.LoaderId, reading.PayloadTonnes, msg.GrossTonnes, msg.CarrybackTonnes, msg.Passes);
        _tkph.Observe(msg.TruckId, msg.GrossTonnes, msg.At);
        await _policy.EvaluateAsync(reading, msg.LoaderId, msg.At, ct);
    }

    public void OnDumpComplete(DumpCompleteMessage msg)
    {
        if (!_open.Remove(msg.TruckId, out var cycle))
        {
            _log.LogWarning("Dump from {Truck} at {Dump} without a load, ignored", msg.TruckId, msg.DumpId);
            return;
        }
        _log.LogInformation("Dump complete {Truck} at {Dump}: cycle {Minutes} min, {Tonnes} t",
            msg.TruckId, msg.DumpId, Math.Round((msg.At - cycle.Started).TotalMinutes, 1), cycle.PayloadTonnes);
        _carryback.Observe(msg.TruckId, msg.CarrybackTonnes);
        _open[msg.TruckId] = new Cycle(msg.TruckId, msg.At);
    }
}
"""

REGISTER_V1 = """using System.Net.Http.Json;

namespace Redbank.CycleTracker.FleetRegister;

public sealed record TruckRecord(string Id, string Model, double RatedPayloadTonnes, double EmptyWeightTonnes, DateOnly WeighedOn);

public interface IFleetRegister
{
    TruckRecord Truck(string id);
}

/// The asset register's fleet list (rated payloads; empty weights from the
/// annual weighbridge check), loaded at start-up.
public sealed class FleetRegisterClient : IFleetRegister
{
    private readonly Dictionary<string, TruckRecord> _trucks;

    public FleetRegisterClient(IConfiguration config, ILogger<FleetRegisterClient> log)
    {
        using var http = new HttpClient { BaseAddress = new Uri(config["FleetRegister:Url"]!) };
        var trucks = http.GetFromJsonAsync<List<TruckRecord>>("api/v2/fleet/haul-trucks").GetAwaiter().GetResult()!;
        _trucks = trucks.ToDictionary(t => t.Id);
        log.LogInformation("Fleet register loaded: {Trucks} haul trucks, empty weights as of {WeighedOn}", _trucks.Count, trucks.Max(t => t.WeighedOn));
    }

    public TruckRecord Truck(string id) => _trucks[id];
}
"""

TKPH_V1 = """using Microsoft.Extensions.Options;

namespace Redbank.CycleTracker.Tyres;

public sealed class TkphOptions
{
    public double TyreRating { get; set; } = 1595;   // 59/80R63, site-corrected
    public double RestrictAtFraction { get; set; } = 1.0;
    public int RestrictedSpeedKmh { get; set; } = 45;
}

/// Site TKPH per truck: mean tyre load (empty and loaded) times the mean speed
/// of the last hour; above the rating dispatch gets a speed restriction.
public sealed class TkphMonitor : BackgroundService
{
    private readonly TkphOptions _options;
    private readonly ILogger<TkphMonitor> _log;

    public TkphMonitor(IOptions<TkphOptions> options, ILogger<TkphMonitor> log)
    {
        _options = options.Value;
        _log = log;
    }

    public void Observe(string truckId, double grossTonnes, DateTimeOffset at) { /* rolling window per truck */ }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(15));
        while (await timer.WaitForNextTickAsync(ct))
        {
            var (highest, tkph, restricted) = Check();
            _log.LogInformation("TKPH check: highest {Truck} {Tkph} of {Rating}, {Restricted} restricted", highest, tkph, _options.TyreRating, restricted);
        }
    }

    private (string, double, int) Check() => ("-", 0, 0);
}
"""

APPSETTINGS = """{
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft": "Warning", "System": "Warning" } },
    "WriteTo": [
      {
        "Name": "File",
        "Args": {
          "path": "/var/log/cycle-tracker/cycle-tracker-.log",
          "rollingInterval": "Day",
          "outputTemplate": "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] ({SourceContext}) {Message:lj}{NewLine}{Exception}"
        }
      }
    ]
  },
  "PayloadPolicy": { "WarnPercent": 110, "HoldPercent": 120 },
  "Tkph": { "TyreRating": 1595, "RestrictAtFraction": 1.0, "RestrictedSpeedKmh": 45 },
  "Dispatch": { "Url": "http://kal-pitlogic01:8700/external/v1/", "TimeoutSeconds": 5 },
  "FleetRegister": { "Url": "http://assets.redbank.internal/" },
  "Mqtt": { "Host": "kal-mqtt01", "Topic": "obu/+/payload/#" },
  "Database": { "ConnectionString": "Host=kal-fms-db01;Database=fms;Username=cycle_tracker" }
}
"""

PIPELINE = """trigger: none

pool:
  name: kalari-site

stages:
  - stage: build
    jobs:
      - job: build
        steps:
          - task: UseDotNet@2
            inputs: { version: 8.0.x }
          - script: dotnet test tests/Redbank.CycleTracker.Tests
          - script: dotnet publish src/Redbank.CycleTracker -c Release -o $(Build.ArtifactStagingDirectory)/cycle-tracker
          - publish: $(Build.ArtifactStagingDirectory)/cycle-tracker
            artifact: cycle-tracker
  - stage: deploy_kalari
    dependsOn: build
    jobs:
      - deployment: kal_fms_app01
        environment: kalari-production.kal-fms-app01
        strategy:
          runOnce:
            deploy:
              steps:
                - script: sudo systemctl stop cycle-tracker
                - script: sudo rsync -a --delete $(Pipeline.Workspace)/cycle-tracker/ /opt/cycle-tracker/
                - script: sudo systemctl start cycle-tracker && systemctl is-active cycle-tracker
"""

TESTS_V1 = """using Redbank.CycleTracker.FleetRegister;
using Redbank.CycleTracker.Payload;
using Redbank.CycleTracker.Telemetry;
using Xunit;

public class PayloadCalculatorTests
{
    private static readonly FakeRegister Register = new(new TruckRecord("HT201", "793F", 227, 164.2, new DateOnly(2026, 1, 19)));

    [Fact]
    public void PayloadIsThePayloadSystemsNet()
    {
        var msg = new LoadCompleteMessage("HT201", "SH01", DateTimeOffset.UnixEpoch, 398.5, 166.0, 232.5, 1.8, 5, 1);
        var reading = new PayloadCalculator(Register).Compute(msg);
        Assert.Equal(232.5, reading.PayloadTonnes, 1);
        Assert.Equal(102.4, reading.PercentOfRated, 1);
    }
}
"""

README = """# cycle-tracker

Haul cycles, payload policy and tyre TKPH for the Kalari truck fleet.

The onboard units publish the payload system's records (load complete, dump
complete) to `kal-mqtt01` over the pit mesh; cycle-tracker builds each
truck's cycle, stores it in `fms` (kal-fms-db01), applies the 10/10/20
payload policy (HOLD in PitLogic above 120 % of rated) and watches TKPH
and carry-back.

## Releases

Run the `cycle-tracker` pipeline in Azure DevOps; the deploy stage stops the
service on kal-fms-app01, copies the build and starts it. To roll back,
re-run the deploy stage of an earlier run.
"""

RUNBOOK = """# cycle-tracker runbook

Owner: Fleet Systems (Perth). Site contact: the systems engineer on shift.

## HOLD not released

The truck is held until a load complete below 120 % arrives. If the onboard
unit lost the mesh at the loader the reading comes late; ask dispatch to
clear the HOLD by hand after the loader operator confirms.

## No cycles from a truck

Check the onboard unit in PitLogic (comms) and `obu/<truck>/payload` on
kal-mqtt01.
"""

CHANGELOG = "# Changelog\n\n## 3.7.4\n\n- CT-214 cycles stored in batches of 50\n"


def build_repo():
    repo = Repo()
    mei = Person("Mei Tan", "mei.tan@redbankiron.com.au", 480)
    lachlan = Person("Lachlan Price", "lachlan.price@redbankiron.com.au", 480)
    callum = Person("Callum O'Brien", "callum.obrien@redbankiron.com.au", 480)
    ana = Person("Ana Fuentes", "ana.fuentes@redbankiron.com.au", -180)
    priya = Person("Priya Nair", "priya.nair@redbankiron.com.au", 600)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    src = "src/Redbank.CycleTracker"
    calc = f"{src}/Payload/PayloadCalculator.cs"
    builder = f"{src}/Cycles/CycleBuilder.cs"
    policy = f"{src}/Payload/OverloadPolicy.cs"
    prod = f"{src}/appsettings.Production.json"
    files = {
        f"{src}/Redbank.CycleTracker.csproj": CSPROJ,
        f"{src}/Program.cs": PROGRAM,
        f"{src}/AppInfo.cs": APPINFO,
        f"{src}/Telemetry/Messages.cs": MESSAGES,
        f"{src}/Telemetry/ObuListener.cs": "using MQTTnet;\nusing MQTTnet.Client;\nusing Redbank.CycleTracker.Cycles;\n\nnamespace Redbank.CycleTracker.Telemetry;\n\n/// Subscribes to obu/+/payload/# on kal-mqtt01 and hands load and dump\n/// records to the CycleBuilder; logs a count every five minutes.\npublic sealed class ObuListener : BackgroundService\n{\n    private readonly CycleBuilder _cycles;\n    private readonly ILogger<ObuListener> _log;\n\n    public ObuListener(CycleBuilder cycles, ILogger<ObuListener> log)\n    {\n        _cycles = cycles;\n        _log = log;\n    }\n\n    protected override Task ExecuteAsync(CancellationToken ct) => Task.CompletedTask;\n}\n",
        calc: PAYLOAD_V1,
        policy: OVERLOAD_V1,
        f"{src}/Payload/CarrybackMonitor.cs": CARRYBACK,
        f"{src}/Payload/OverloadMetrics.cs": "using Prometheus;\n\nnamespace Redbank.CycleTracker.Payload;\n\npublic static class OverloadMetrics\n{\n    public static readonly Counter Loads = Metrics.CreateCounter(\"cycle_tracker_loads_total\", \"Loads by payload band.\", \"band\");\n}\n",
        builder: CYCLE_BUILDER_V1,
        f"{src}/Cycles/Cycle.cs": "namespace Redbank.CycleTracker.Cycles;\n\npublic sealed class Cycle\n{\n    public Cycle(string truckId, DateTimeOffset started)\n    {\n        TruckId = truckId;\n        Started = started;\n    }\n\n    public string TruckId { get; }\n    public DateTimeOffset Started { get; }\n    public string? LoaderId { get; private set; }\n    public double PayloadTonnes { get; private set; }\n\n    public void Loaded(string loaderId, double payloadTonnes, DateTimeOffset at)\n    {\n        LoaderId = loaderId;\n        PayloadTonnes = payloadTonnes;\n    }\n}\n",
        f"{src}/FleetRegister/FleetRegisterClient.cs": REGISTER_V1,
        f"{src}/Tyres/TkphMonitor.cs": TKPH_V1,
        f"{src}/Dispatch/DispatchClient.cs": "using System.Net.Http.Json;\nusing Microsoft.Extensions.Options;\n\nnamespace Redbank.CycleTracker.Dispatch;\n\npublic sealed class DispatchOptions\n{\n    public string Url { get; set; } = \"\";\n    public int TimeoutSeconds { get; set; } = 5;\n}\n\n/// PitLogic's external interface: HOLD and RELEASE of a truck.\npublic sealed class DispatchClient\n{\n    private readonly HttpClient _http;\n\n    public DispatchClient(IOptions<DispatchOptions> options)\n    {\n        _http = new HttpClient { BaseAddress = new Uri(options.Value.Url), Timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds) };\n    }\n\n    public Task HoldAsync(string truckId, string reason, string detail, CancellationToken ct) =>\n        _http.PostAsJsonAsync($\"trucks/{truckId}/hold\", new { reason, detail, source = \"cycle-tracker\" }, ct);\n\n    public Task ReleaseAsync(string truckId, CancellationToken ct) =>\n        _http.PostAsync($\"trucks/{truckId}/release?source=cycle-tracker\", null, ct);\n}\n",
        f"{src}/appsettings.json": APPSETTINGS,
        prod: '{\n  "Tkph": { "TyreRating": 1595, "RestrictAtFraction": 1.0, "RestrictedSpeedKmh": 45 },\n  "Dispatch": { "Url": "http://kal-pitlogic01:8700/external/v1/" }\n}\n',
        "tests/Redbank.CycleTracker.Tests/Redbank.CycleTracker.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"xunit\" Version=\"2.9.0\" />\n    <PackageReference Include=\"xunit.runner.visualstudio\" Version=\"2.8.2\" />\n    <ProjectReference Include=\"..\\..\\src\\Redbank.CycleTracker\\Redbank.CycleTracker.csproj\" />\n  </ItemGroup>\n</Project>\n",
        "tests/Redbank.CycleTracker.Tests/PayloadCalculatorTests.cs": TESTS_V1,
        "tests/Redbank.CycleTracker.Tests/FakeRegister.cs": "using Redbank.CycleTracker.FleetRegister;\n\npublic sealed class FakeRegister : IFleetRegister\n{\n    private readonly Dictionary<string, TruckRecord> _trucks;\n\n    public FakeRegister(params TruckRecord[] trucks) => _trucks = trucks.ToDictionary(t => t.Id);\n\n    public TruckRecord Truck(string id) => _trucks[id];\n}\n",
        "deploy/azure-pipelines.yml": PIPELINE,
        "deploy/cycle-tracker.service": "[Unit]\nDescription=cycle-tracker\nAfter=network-online.target\n\n[Service]\nType=notify\nUser=cycletracker\nWorkingDirectory=/opt/cycle-tracker\nExecStart=/opt/cycle-tracker/Redbank.CycleTracker\nEnvironment=DOTNET_ENVIRONMENT=Production\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n",
        "docs/runbook.md": RUNBOOK,
        "README.md": README,
        "CHANGELOG.md": CHANGELOG,
        ".gitignore": "bin/\nobj/\n*.user\n",
    }
    repo.commit(utc("2026-02-04 01:30:00"), mei, "cycle-tracker 3.7.4", files)
    crng = random.Random(78103)
    repo.schedule(chores(crng, SERVICE, [mei, priya, lachlan], utc("2026-02-04 02:00:00"), utc("2026-02-06 08:00:00"), 2)
                  + chores(crng, SERVICE, [priya, mei], utc("2026-02-10 23:00:00"), utc("2026-02-12 08:00:00"), 1))
    repo.commit(utc("2026-02-05 14:10:00"), ana, "tyres: TKPH from the gross weight at load complete (CT-219)\n\nThe mean tyre load needs the loaded truck's weight, carry-back included;\nthe net payload leaves the tray's contents out.", {
        builder: sub(repo.files[builder], "        _tkph.Observe(msg.TruckId, msg.GrossTonnes, msg.At);\n", "        _tkph.Observe(msg.TruckId, msg.GrossTonnes, msg.At);   // CT-219: the tyres carry the gross\n"),
    })
    repo.commit(utc("2026-02-06 06:40:00"), bot, "Bump MQTTnet from 4.3.6.1152 to 4.3.7.1207\n\nBumps [MQTTnet](https://github.com/dotnet/MQTTnet) from 4.3.6.1152 to 4.3.7.1207.", {
        f"{src}/Redbank.CycleTracker.csproj": sub(repo.files[f"{src}/Redbank.CycleTracker.csproj"], '"MQTTnet" Version="4.3.6.1152"', '"MQTTnet" Version="4.3.7.1207"'),
    })
    repo.commit(utc("2026-02-09 02:20:00"), mei, "cycles: ignore load records from the workshop geofence (CT-226)\n\nTrucks weighed on the workshop pad after a strut service showed up as a\nload at loader '-' and an open cycle.", {
        builder: sub(repo.files[builder], "        var reading = _payload.Compute(msg);\n", "        if (msg.LoaderId is \"-\" or \"WSHOP\")\n        {\n            return;\n        }\n        var reading = _payload.Compute(msg);\n"),
    })
    culprit = repo.commit(utc("2026-02-10 02:15:00"), lachlan, "payload: net from the gross weight and the register's empty weight (CT-231)\n\nThe PLM's net payload is weighed against the tare the operator takes\nafter the dump. In January's reconciliation 3.1 % of cycles had a tare\nolder than two cycles (dumping on the move, the tare skipped), and the\nnext load's net was out by up to 20 t. The gross weight at load\ncomplete does not depend on the operator; take the empty weight from\nthe fleet register (weighbridge check of 19 January) instead.\n\nThe load-complete line logs the PLM's net and carry-back next to ours\nwhile we compare them for a few weeks.", {
        calc: sub(repo.files[calc],
                  "    double PayloadTonnes,\n    double GrossTonnes,\n    double CarrybackTonnes,\n    double RatedTonnes)",
                  "    double PayloadTonnes,\n    double GrossTonnes,\n    double RegisterEmptyTonnes,\n    double PlmNetTonnes,\n    double CarrybackTonnes,\n    double RatedTonnes)",
                  "/// The payload of a load as the site's payload policy sees it: the payload\n/// system's net payload (weighed against the tare taken after the previous\n/// dump, so carry-back is not counted; carry-back is the CarrybackMonitor's).\n",
                  "/// The payload of a load as the site's payload policy sees it: the gross\n/// weight at load complete less the truck's empty weight in the fleet\n/// register. The payload system's own net depends on the operator taking\n/// the tare after each dump, which is skipped or stale in about 3 % of\n/// cycles (CT-231).\n",
                  "        var truck = _register.Truck(msg.TruckId);\n        return new PayloadReading(msg.TruckId, msg.NetPayloadTonnes, msg.GrossTonnes, msg.CarrybackTonnes, truck.RatedPayloadTonnes);\n",
                  "        var truck = _register.Truck(msg.TruckId);\n        var payload = msg.GrossTonnes - truck.EmptyWeightTonnes;\n        return new PayloadReading(msg.TruckId, payload, msg.GrossTonnes, truck.EmptyWeightTonnes, msg.NetPayloadTonnes,\n            msg.CarrybackTonnes, truck.RatedPayloadTonnes);\n"),
        builder: sub(repo.files[builder],
                     "        _log.LogInformation(\"Load complete {Truck} at {Loader}: payload {Payload} t, gross {Gross} t, carry-back {Carryback} t, {Passes} passes\",\n            msg.TruckId, msg.LoaderId, reading.PayloadTonnes, msg.GrossTonnes, msg.CarrybackTonnes, msg.Passes);\n",
                     "        _log.LogInformation(\"Load complete {Truck} at {Loader}: payload {Payload} t = gross {Gross} t - register empty {Empty} t; PLM net {PlmNet} t, carry-back {Carryback} t, {Passes} passes\",\n            msg.TruckId, msg.LoaderId, Math.Round(reading.PayloadTonnes, 2), msg.GrossTonnes, reading.RegisterEmptyTonnes, msg.NetPayloadTonnes,\n            msg.CarrybackTonnes, msg.Passes);\n"),
        "tests/Redbank.CycleTracker.Tests/PayloadCalculatorTests.cs": sub(repo.files["tests/Redbank.CycleTracker.Tests/PayloadCalculatorTests.cs"],
                     "    public void PayloadIsThePayloadSystemsNet()\n    {\n        var msg = new LoadCompleteMessage(\"HT201\", \"SH01\", DateTimeOffset.UnixEpoch, 398.5, 166.0, 232.5, 1.8, 5, 1);\n        var reading = new PayloadCalculator(Register).Compute(msg);\n        Assert.Equal(232.5, reading.PayloadTonnes, 1);\n        Assert.Equal(102.4, reading.PercentOfRated, 1);\n    }\n",
                     "    public void PayloadIsGrossLessRegisterEmptyWeight()\n    {\n        var msg = new LoadCompleteMessage(\"HT201\", \"SH01\", DateTimeOffset.UnixEpoch, 398.5, 166.0, 232.5, 1.8, 5, 1);\n        var reading = new PayloadCalculator(Register).Compute(msg);\n        Assert.Equal(234.3, reading.PayloadTonnes, 1);\n        Assert.Equal(103.2, reading.PercentOfRated, 1);\n    }\n\n    [Fact]\n    public void StaleTareDoesNotChangeThePayload()\n    {\n        // the operator skipped two tares: the PLM's net is 18 t light\n        var msg = new LoadCompleteMessage(\"HT201\", \"SH01\", DateTimeOffset.UnixEpoch, 398.5, 184.0, 214.5, 1.8, 5, 3);\n        Assert.Equal(234.3, new PayloadCalculator(Register).Compute(msg).PayloadTonnes, 1);\n    }\n"),
    })
    repo.commit(utc("2026-02-10 03:05:00"), lachlan, "docs: payload and the 10/10/20 policy", {
        "docs/payload.md": "# Payload\n\nThe site follows the OEMs' 10/10/20 policy: the mean payload of a month at\nor below the rated payload, no more than 10 % of loads above 110 %, no\nload above 120 %.\n\ncycle-tracker's payload is the gross weight at load complete less the\ntruck's empty weight in the fleet register (CT-231); the PLM's net and\ncarry-back are logged with it. Above 120 % PitLogic gets an external HOLD\nand the truck goes back to its loader.\n\nEmpty weights are weighed at the weighbridge once a year and after a body\nchange; ask the asset team (Perth) to update the register.\n",
    })
    rel380 = repo.commit(utc("2026-02-10 04:20:00"), mei, "release 3.8.0", {
        f"{src}/Redbank.CycleTracker.csproj": sub(repo.files[f"{src}/Redbank.CycleTracker.csproj"], "<Version>3.7.4</Version>", "<Version>3.8.0</Version>"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.8.0\n\n- CT-219 TKPH from the gross weight\n- CT-226 workshop pad loads ignored\n- CT-231 payload from gross less the register's empty weight\n- MQTTnet 4.3.7\n",
    })
    repo.commit(utc("2026-02-11 05:35:00"), mei, "dispatch: retry a HOLD once when PitLogic times out (CT-237)", {
        f"{src}/Dispatch/DispatchClient.cs": sub(repo.files[f"{src}/Dispatch/DispatchClient.cs"],
            "    public Task HoldAsync(string truckId, string reason, string detail, CancellationToken ct) =>\n        _http.PostAsJsonAsync($\"trucks/{truckId}/hold\", new { reason, detail, source = \"cycle-tracker\" }, ct);\n",
            "    public async Task HoldAsync(string truckId, string reason, string detail, CancellationToken ct)\n    {\n        try\n        {\n            await _http.PostAsJsonAsync($\"trucks/{truckId}/hold\", new { reason, detail, source = \"cycle-tracker\" }, ct);\n        }\n        catch (TaskCanceledException) when (!ct.IsCancellationRequested)\n        {\n            await _http.PostAsJsonAsync($\"trucks/{truckId}/hold\", new { reason, detail, source = \"cycle-tracker\" }, ct);\n        }\n    }\n"),
    })
    rel381 = repo.commit(utc("2026-02-11 06:10:00"), mei, "release 3.8.1", {
        f"{src}/Redbank.CycleTracker.csproj": sub(repo.files[f"{src}/Redbank.CycleTracker.csproj"], "<Version>3.8.0</Version>", "<Version>3.8.1</Version>"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.8.1\n\n- CT-237 HOLD retried once on a PitLogic timeout\n",
    })
    repo.commit(utc("2026-02-12 07:10:00"), lachlan, "payload: round payloads to 0.1 t (CT-245)\n\nThe shift report showed 236.38999999999999 t.", {
        calc: sub(repo.files[calc], "        var payload = msg.GrossTonnes - truck.EmptyWeightTonnes;\n", "        var payload = Math.Round(msg.GrossTonnes - truck.EmptyWeightTonnes, 1);\n"),
    })
    repo.commit(utc("2026-02-12 08:30:00"), priya, "runbook: overload holds after rain", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Many overload holds\n\nAfter rain the ore and the waste are wetter and heavier per bucket, and\nloader operators who fill by bucket count overload the trucks. Ask the\nshift supervisor to remind the loader operators to load to the truck's\npayload lights, and check the loader's bucket weighing calibration with\nthe OEM rep. If the holds started after a cycle-tracker release, roll\nback (re-run the deploy stage of the previous run).\n",
    })
    repo.commit(utc("2026-02-13 02:40:00"), lachlan, "overload: warn on every load above 110% of rated (CT-248)\n\nThe 110 % share was only a counter; the mine engineers want the truck\nand the loader of each such load in the log to follow up with the crews.", {
        policy: sub(repo.files[policy],
                    "        OverloadMetrics.Loads.WithLabels(pct > _options.WarnPercent ? \"over110\" : \"normal\").Inc();\n",
                    "        if (pct > _options.WarnPercent)\n        {\n            _log.LogWarning(\"Payload above 110% of rated: {Truck} {Payload} t is {Percent}% of {Rated} t at {Loader}\",\n                reading.TruckId, reading.PayloadTonnes, pct, reading.RatedTonnes, loaderId);\n        }\n        OverloadMetrics.Loads.WithLabels(pct > _options.WarnPercent ? \"over110\" : \"normal\").Inc();\n"),
    })
    repo.commit(utc("2026-02-13 17:40:00"), ana, "tyres: restrict speed at 95% of the TKPH rating (CT-251)\n\nThe tyre supplier's February report: two 59/80R63 separations at 97-99 %\nof the rating in January's heat. Restrict earlier.", {
        prod: sub(repo.files[prod], '"RestrictAtFraction": 1.0', '"RestrictAtFraction": 0.95'),
        f"{src}/Tyres/TkphMonitor.cs": sub(repo.files[f"{src}/Tyres/TkphMonitor.cs"],
            "    private (string, double, int) Check() => (\"-\", 0, 0);\n",
            "    private (string, double, int) Check() => (\"-\", 0, 0);\n\n    private void Restrict(string truckId, double tkph, int speedKmh) =>\n        _log.LogInformation(\"TKPH speed restriction {Truck}: {Tkph} of {Rating} ({Percent}%), max {Speed} km/h\",\n            truckId, Math.Round(tkph), _options.TyreRating, Math.Round(100 * tkph / _options.TyreRating, 1), speedKmh);\n"),
    })
    repo.commit(utc("2026-02-14 04:12:00"), bot, "Bump Npgsql from 8.0.3 to 8.0.5\n\nBumps [Npgsql](https://github.com/npgsql/npgsql) from 8.0.3 to 8.0.5.", {
        f"{src}/Redbank.CycleTracker.csproj": sub(repo.files[f"{src}/Redbank.CycleTracker.csproj"], '"Npgsql" Version="8.0.3"', '"Npgsql" Version="8.0.5"'),
    })
    rel390 = repo.commit(utc("2026-02-14 13:18:00"), callum, "release 3.9.0", {
        f"{src}/Redbank.CycleTracker.csproj": sub(repo.files[f"{src}/Redbank.CycleTracker.csproj"], "<Version>3.8.1</Version>", "<Version>3.9.0</Version>"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.9.0\n\n- CT-245 payloads rounded to 0.1 t\n- CT-248 warning for each load above 110 %\n- CT-251 TKPH speed restriction at 95 % of the rating\n- Npgsql 8.0.5\n",
    })
    fix = repo.commit(utc("2026-02-14 16:44:00"), lachlan, "payload: the payload system's net again; register empty weight only for a stale tare (CT-258)\n\nCT-231 counted carry-back as payload: the PLM's tare is weighed after\nthe dump with what stays in the tray, the register's empty weight is\nthe clean truck. Dry, that was 1-3 t; after tonight's storm the shale\nleaves 30-45 t in the trays and every second load read above 120 %\n(HOLD) while the PLM said 236 t. Carry-back is the tray-cleaning\nadvice's job.", {
        calc: sub(repo.files[calc],
                  "        var payload = Math.Round(msg.GrossTonnes - truck.EmptyWeightTonnes, 1);\n",
                  "        // The PLM's net leaves out the carry-back (its tare is weighed after the\n        // dump). Only when the operator skipped the tare for more than two cycles\n        // fall back to the register, less the last carry-back we saw.\n        var payload = msg.TareAgeCycles <= 2\n            ? msg.NetPayloadTonnes\n            : Math.Round(msg.GrossTonnes - truck.EmptyWeightTonnes - msg.CarrybackTonnes, 1);\n"),
        builder: sub(repo.files[builder],
                     "        _log.LogInformation(\"Load complete {Truck} at {Loader}: payload {Payload} t = gross {Gross} t - register empty {Empty} t; PLM net {PlmNet} t, carry-back {Carryback} t, {Passes} passes\",\n            msg.TruckId, msg.LoaderId, Math.Round(reading.PayloadTonnes, 2), msg.GrossTonnes, reading.RegisterEmptyTonnes, msg.NetPayloadTonnes,\n            msg.CarrybackTonnes, msg.Passes);\n",
                     "        _log.LogInformation(\"Load complete {Truck} at {Loader}: payload {Payload} t (PLM net, tare age {TareAge}), gross {Gross} t, carry-back {Carryback} t, {Passes} passes\",\n            msg.TruckId, msg.LoaderId, reading.PayloadTonnes, msg.TareAgeCycles, msg.GrossTonnes, msg.CarrybackTonnes, msg.Passes);\n"),
        "tests/Redbank.CycleTracker.Tests/PayloadCalculatorTests.cs": sub(repo.files["tests/Redbank.CycleTracker.Tests/PayloadCalculatorTests.cs"],
                     "    public void PayloadIsGrossLessRegisterEmptyWeight()\n    {\n        var msg = new LoadCompleteMessage(\"HT201\", \"SH01\", DateTimeOffset.UnixEpoch, 398.5, 166.0, 232.5, 1.8, 5, 1);\n        var reading = new PayloadCalculator(Register).Compute(msg);\n        Assert.Equal(234.3, reading.PayloadTonnes, 1);\n        Assert.Equal(103.2, reading.PercentOfRated, 1);\n    }\n",
                     "    public void PayloadIsThePayloadSystemsNet()\n    {\n        var msg = new LoadCompleteMessage(\"HT201\", \"SH01\", DateTimeOffset.UnixEpoch, 398.5, 166.0, 232.5, 1.8, 5, 1);\n        var reading = new PayloadCalculator(Register).Compute(msg);\n        Assert.Equal(232.5, reading.PayloadTonnes, 1);\n        Assert.Equal(102.4, reading.PercentOfRated, 1);\n    }\n\n    [Fact]\n    public void CarrybackIsNotPayload()\n    {\n        // 38 t of wet shale stuck in the tray: the PLM's tare includes it\n        var msg = new LoadCompleteMessage(\"HT201\", \"SH02\", DateTimeOffset.UnixEpoch, 437.0, 202.5, 234.5, 38.3, 5, 1);\n        Assert.Equal(234.5, new PayloadCalculator(Register).Compute(msg).PayloadTonnes, 1);\n    }\n",
                     "    public void StaleTareDoesNotChangeThePayload()\n    {\n        // the operator skipped two tares: the PLM's net is 18 t light\n        var msg = new LoadCompleteMessage(\"HT201\", \"SH01\", DateTimeOffset.UnixEpoch, 398.5, 184.0, 214.5, 1.8, 5, 3);\n        Assert.Equal(234.3, new PayloadCalculator(Register).Compute(msg).PayloadTonnes, 1);\n    }\n",
                     "    public void StaleTareFallsBackToTheRegister()\n    {\n        // the operator skipped two tares: the PLM's net is 18 t light\n        var msg = new LoadCompleteMessage(\"HT201\", \"SH01\", DateTimeOffset.UnixEpoch, 398.5, 184.0, 214.5, 1.8, 5, 3);\n        Assert.Equal(232.5, new PayloadCalculator(Register).Compute(msg).PayloadTonnes, 1);\n    }\n"),
    })
    rel391 = repo.commit(utc("2026-02-14 16:51:00"), lachlan, "release 3.9.1", {
        f"{src}/Redbank.CycleTracker.csproj": sub(repo.files[f"{src}/Redbank.CycleTracker.csproj"], "<Version>3.9.0</Version>", "<Version>3.9.1</Version>"),
        "CHANGELOG.md": repo.files["CHANGELOG.md"] + "\n## 3.9.1\n\n- CT-258 payload is the PLM's net again (carry-back is not payload)\n",
    })
    return repo, {"culprit": culprit, "rel380": rel380, "rel381": rel381, "rel390": rel390, "fix": fix, "rel391": rel391}


# ---------------------------------------------------------------------------
# the fleet


def make_fleet(rng):
    trucks = []
    for i in range(1, 23):
        trucks.append({"id": f"HT2{i:02d}", "model": "793F", "rated": 227.0, "empty": round(rng.uniform(161.5, 167.5), 1),
                       "sticky": rng.uniform(0.75, 1.6)})
    for i in range(1, 13):
        trucks.append({"id": f"HT3{i:02d}", "model": "930E-5", "rated": 290.0, "empty": round(rng.uniform(205.0, 213.5), 1),
                       "sticky": rng.uniform(0.75, 1.6)})
    for tr in trucks:
        tr["cb"] = round(rng.uniform(0.3, 2.6), 1)
        tr["fuel"] = rng.uniform(-2.0, 2.2)       # fuel and mud against the register's weight
        tr["cycle"] = rng.randint(40, 70)
        tr["tare_age"] = 1
    return trucks


def version_at(t):
    if t < DEPLOY_390:
        return "3.8.1"
    if t < ROLLBACK:
        return "3.9.0"
    if t < DEPLOY_391:
        return "3.8.1"
    return "3.9.1"


def build_logs(rng, shas):
    ct, disp, plm, tpms, wx, ado, chat = (Log("cycle-tracker.log"), Log("pitlogic-dispatch.log"), Log("plm-payload-records.log"),
                                          Log("tyresense-alerts.log"), Log("weather-station.log"), Log("azure-devops-release.log"),
                                          Log("teams-kalari-pit-control.log"))
    stats = {"holds": [], "warn110": [], "loads": [], "genuine": None, "held_examples": [], "plm_rows": []}
    trucks = make_fleet(rng)
    by_id = {tr["id"]: tr for tr in trucks}

    def ser(t, level, ctx, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} +00:00"
            ct.add(t, f"{stamp} [{level}] (Redbank.CycleTracker.{ctx}) {msg}")

    def pl(t, level, module, unit, msg):
        if START <= t < END:
            stamp = t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
            disp.add(t, f"{stamp}|{level:<5}|{module}|{unit}|{msg}")

    def down(t):
        return STAND_DOWN <= t < ROADS_OPEN

    # ---- the discrete-event simulation of the fleet
    loader_free = {k: START - dt.timedelta(hours=1) for k in LOADERS}
    enroute = {k: 0 for k in LOADERS}
    heap = []
    seq = [0]

    def push(t, tid, kind, data=None):
        seq[0] += 1
        heapq.heappush(heap, (t, seq[0], tid, kind, data or {}))

    def pause(t0, t1):
        """The end of a phase that began at t0 and would end at t1, the
        stand-down taken out: trucks park where they are and go on after it."""
        if t1 <= STAND_DOWN or t0 >= ROADS_OPEN:
            return t1
        done_before = max(dt.timedelta(0), STAND_DOWN - t0)
        rest = (t1 - t0) - done_before
        return ROADS_OPEN + dt.timedelta(seconds=rng.uniform(60, 420)) + rest

    def weights(t):
        if t < STAND_DOWN:
            return {"SH01": 0.22, "SH02": 0.23, "SH03": 0.2, "SH04": 0.23, "FL01": 0.12}
        if t < PLANT_BACK:
            return {"SH01": 0.25, "SH02": 0.38, "SH04": 0.37}
        return {"SH01": 0.22, "SH02": 0.29, "SH03": 0.18, "SH04": 0.27, "FL01": 0.04}

    def dump_for(loader, t):
        if LOADERS[loader]["material"] == "WASTE":
            return "WD-W" if loader == "SH02" else "WD-N"
        if STAND_DOWN <= t < PLANT_BACK:
            return "ROM2"
        return "CR1"

    def travel(loader, wet):
        base = {"SH01": 9.5, "SH02": 8.0, "SH03": 11.0, "SH04": 9.0, "FL01": 4.5}[loader]
        return dt.timedelta(minutes=base * rng.uniform(0.85, 1.2) * (1.18 if wet else 1.0))

    def haul(loader, wet):
        base = {"SH01": 13.0, "SH02": 10.5, "SH03": 14.5, "SH04": 12.0, "FL01": 6.0}[loader]
        return dt.timedelta(minutes=base * rng.uniform(0.88, 1.18) * (1.22 if wet else 1.0))

    # initial phases: every truck somewhere in a cycle at START - 50 min
    for tr in trucks:
        push(START - dt.timedelta(minutes=50) + dt.timedelta(seconds=rng.uniform(0, 2400)), tr["id"], "assign", {"from": rng.choice(["CR1", "WD-W", "WD-N"])})

    went_goline = set()
    genuine_done = [False]
    fixed_tray = set()
    load_events = []
    while heap:
        t, _, tid, kind, data = heapq.heappop(heap)
        if t >= END:
            continue
        tr = by_id[tid]
        wet = t >= WET_FROM
        if kind == "assign":
            # shift change: trucks go to the go-line after their dump
            if utc("2026-02-14 09:44:00") <= t < utc("2026-02-14 10:12:00") and tid not in went_goline:
                went_goline.add(tid)
                pl(t, "INFO", "ASSIGN", tid, "assigned GOLINE-1 (SHIFT CHANGE)")
                back = max(SHIFT_CHANGE, t + dt.timedelta(minutes=6)) + dt.timedelta(minutes=rng.uniform(14, 31))
                pl(t + dt.timedelta(minutes=rng.uniform(4, 9)), "INFO", "STATE", tid, "state DELAY code=201 (SHIFT CHANGE)")
                pl(back - dt.timedelta(seconds=rng.uniform(40, 200)), "INFO", "OPER", tid, f"operator login badge={rng.randint(40000, 49999)} crew=C")
                pl(back - dt.timedelta(seconds=rng.uniform(250, 400)), "INFO", "OPER", tid, f"operator logout badge={rng.randint(30000, 39999)} crew=B")
                push(back, tid, "assign", {"from": "GOLINE-1"})
                continue
            if down(t):
                push(ROADS_OPEN + dt.timedelta(seconds=rng.uniform(30, 600)), tid, "assign", data)
                continue
            # tray cleaning after the fix
            if t >= TRAY_CLEAN_FROM and tr["cb"] > 15 and tid not in fixed_tray:
                fixed_tray.add(tid)
                pl(t, "INFO", "ASSIGN", tid, f"assigned TRAYCLEAN-1 (CARRYBACK {tr['cb']:.1f}t) by dispatcher kwalsh")
                push(t + dt.timedelta(minutes=rng.uniform(11, 17)), tid, "tray_cleaned")
                continue
            w = weights(t)
            eta = {}
            for k, wk in w.items():
                d = travel(k, wet)
                wait = max(0.0, (loader_free[k] - (t + d)).total_seconds()) + enroute[k] * 200
                eta[k] = (d, wait / 60.0 + d.total_seconds() / 60.0 * 0.35 - 25.0 * wk + rng.uniform(0, 3.5))
            loader = min(eta, key=lambda k: eta[k][1])
            d = eta[loader][0]
            arrive = pause(t, t + d)
            enroute[loader] += 1
            pl(t, "INFO", "ASSIGN", tid, f"assigned {loader} ({LOADERS[loader]['material']}) from {data.get('from', '-')} route {ROUTES[loader]} eta {int(d.total_seconds())}s")
            push(arrive, tid, "arrive", {"loader": loader})
        elif kind == "tray_cleaned":
            old = tr["cb"]
            tr["cb"] = round(rng.uniform(0.8, 2.5), 1)
            pl(t, "INFO", "STATE", tid, f"state READY after TRAYCLEAN-1 ({old:.1f}t removed est.)")
            push(t + dt.timedelta(seconds=rng.uniform(20, 60)), tid, "assign", {"from": "TRAYCLEAN-1"})
        elif kind == "arrive":
            loader = data["loader"]
            enroute[loader] -= 1
            if down(t):
                t = ROADS_OPEN + dt.timedelta(seconds=rng.uniform(60, 400))
            start = max(t, loader_free[loader]) + dt.timedelta(seconds=rng.uniform(35, 80))
            if start > STAND_DOWN > t:
                start = max(ROADS_OPEN, loader_free[loader]) + dt.timedelta(seconds=rng.uniform(240, 700))
            queue = (start - t).total_seconds()
            if t < STAND_DOWN < start:
                queue = (STAND_DOWN - t).total_seconds()    # PitLogic stops the queue clock for the delay
            passes = rng.choice([4, 4, 5, 5, 5, 6]) if tr["model"] == "793F" else rng.choice([5, 6, 6, 7])
            if loader == "FL01":
                passes += 3
            ldur = dt.timedelta(seconds=passes * rng.uniform(30, 40) + 20)
            done = start + ldur
            loader_free[loader] = done
            pl(t, "INFO", "ARRIVE", tid, f"arrived {loader} queue={max(0, int(queue // 60))}min")
            push(done, tid, "loaded", {"loader": loader, "passes": passes})
        elif kind == "loaded":
            loader = data["loader"]
            rated = tr["rated"]
            frac = rng.gauss(1.025, 0.028)
            if rng.random() < 0.035:
                frac = rng.uniform(1.095, 1.145)
            frac = min(max(frac, 0.93), 1.15)
            if loader == "FL01":
                frac -= 0.02
            if not genuine_done[0] and tid == "HT308" and utc("2026-02-14 10:40:00") <= t < STAND_DOWN:
                frac = 1.216
                genuine_done[0] = True
                stats["genuine"] = t
            net = round(rated * frac, 1)
            cb = tr["cb"]
            true_empty = tr["empty"] + tr["fuel"]
            tare = round(true_empty + cb, 1)
            gross = round(tare + net, 1)
            payload = round(gross - tr["empty"], 1) if version_at(t) != "3.9.1" else net
            pct = round(100 * payload / rated, 1)
            ver = version_at(t)
            ctx_b = "Cycles.CycleBuilder"
            if ver == "3.9.1":
                ser(t + dt.timedelta(milliseconds=rng.randint(300, 1400)), "INF", ctx_b, f"Load complete {tid} at {loader}: payload {net} t (PLM net, tare age {tr['tare_age']}), gross {gross} t, carry-back {cb} t, {data['passes']} passes")
            else:
                ser(t + dt.timedelta(milliseconds=rng.randint(300, 1400)), "INF", ctx_b, f"Load complete {tid} at {loader}: payload {payload} t = gross {gross} t - register empty {tr['empty']} t; PLM net {net} t, carry-back {cb} t, {data['passes']} passes")
            pl(t + dt.timedelta(milliseconds=rng.randint(100, 900)), "INFO", "LOAD", tid, f"LOADED at {loader} payload {net}t ({round(100 * net / rated)}%) passes={data['passes']} src=OBU")
            x = t + dt.timedelta(milliseconds=rng.randint(1500, 2200))
            load_events.append((t, pct, payload > rated * 1.2))
            if ver in ("3.9.0", "3.9.1") and 110 < pct <= 120:
                ser(x, "WRN", "Payload.OverloadPolicy", f"Payload above 110% of rated: {tid} {payload} t is {pct}% of {rated:g} t at {loader}")
                stats["warn110"].append(x)
            if pct > 120:
                ser(x, "WRN", "Payload.OverloadPolicy", f"Critical overload on {tid}: payload {payload} t is {pct}% of rated {rated:g} t at {loader}, hold sent to dispatch")
                pl(x + dt.timedelta(milliseconds=rng.randint(60, 400)), "WARN", "EXTHOLD", tid, f"external HOLD from cycle-tracker reason=OVERLOAD detail={pct}% -> RETURN TO {loader}")
                stats["holds"].append((x, tid, loader, payload, net, cb, gross, pct))
                # the loader scrapes material off: the PLM re-finalises the load
                removal = dt.timedelta(minutes=rng.uniform(3.5, 7.5))
                rel_t = x + removal
                loader_free[loader] = max(loader_free[loader], rel_t)
                if t > utc("2026-02-14 14:00:00") and rng.random() < 0.5:
                    pl(x + dt.timedelta(seconds=rng.uniform(25, 90)), "INFO", "MSG", tid, rng.choice([
                        "operator msg: \"payload lights green 100%, why overload?\"",
                        f"operator msg: \"display says {round(100 * net / rated)}% loaded\"",
                        "operator msg: \"OVERLOAD again, shovel says bucket weights normal\"",
                        "operator msg: \"returning to shovel\"",
                    ]))
                push(rel_t, tid, "rescale", {"loader": loader, "net": net, "cut": rng.uniform(38, 52), "held": x, "passes": data["passes"], "tare": tare, "cb": cb})
            else:
                arrive_dump = pause(t, t + haul(loader, wet))
                push(arrive_dump, tid, "dump", {"loader": loader, "net": net, "payload": payload, "tare": tare, "cb": cb, "loaded_at": t})
        elif kind == "rescale":
            loader = data["loader"]
            net = round(data["net"] - data["cut"], 1)
            tare, cb = data["tare"], data["cb"]
            gross = round(tare + net, 1)
            payload = round(gross - tr["empty"], 1) if version_at(t) != "3.9.1" else net
            pct = round(100 * payload / tr["rated"], 1)
            if version_at(t) == "3.9.1":
                ser(t + dt.timedelta(milliseconds=rng.randint(300, 1400)), "INF", "Cycles.CycleBuilder", f"Load complete {tid} at {loader}: payload {net} t (PLM net, tare age {tr['tare_age']}), gross {gross} t, carry-back {cb} t, {data['passes'] + 1} passes")
            else:
                ser(t + dt.timedelta(milliseconds=rng.randint(300, 1400)), "INF", "Cycles.CycleBuilder", f"Load complete {tid} at {loader}: payload {payload} t = gross {gross} t - register empty {tr['empty']} t; PLM net {net} t, carry-back {cb} t, {data['passes'] + 1} passes")
            pl(t + dt.timedelta(milliseconds=rng.randint(100, 900)), "INFO", "LOAD", tid, f"LOADED at {loader} payload {net}t ({round(100 * net / tr['rated'])}%) passes={data['passes'] + 1} src=OBU")
            mins = round((t - data["held"]).total_seconds() / 60, 1)
            ser(t + dt.timedelta(milliseconds=1600), "INF", "Payload.OverloadPolicy", f"Hold released for {tid}: payload {payload} t ({pct}%) after {mins} min at {loader}")
            pl(t + dt.timedelta(milliseconds=1900), "INFO", "EXTHOLD", tid, "external HOLD released by cycle-tracker")
            push(pause(t, t + haul(loader, wet)), tid, "dump", {"loader": loader, "net": net, "payload": payload, "tare": tare, "cb": cb})
        elif kind == "dump":
            if down(t):
                t = ROADS_OPEN + dt.timedelta(seconds=rng.uniform(120, 500))
            loader = data["loader"]
            dump = dump_for(loader, t)
            done = t + dt.timedelta(seconds=rng.uniform(55, 95))
            stick = LOADERS[loader]["stick"]
            if done >= WET_FROM:
                keep = 0.95 if stick > 0.3 else 0.8
                soaked = 1.3 if data.get("loaded_at", done) < STAND_DOWN else 1.0    # parked loaded through the storm
                tr["cb"] = round(min(54.0, tr["cb"] * keep + rng.uniform(15, 24) * tr["sticky"] * stick * soaked + rng.uniform(0.3, 1.5)), 1)
            else:
                tr["cb"] = round(rng.uniform(0.3, 2.8), 1)
            tr["fuel"] -= rng.uniform(0.15, 0.3)
            tr["cycle"] += 1
            tr["tare_age"] = 1 if rng.random() > 0.03 else rng.choice([2, 3])
            cycle_min = round((done - tr.get("last_dump", done - dt.timedelta(minutes=34))).total_seconds() / 60, 1)
            tr["last_dump"] = done
            shown = data["payload"] if version_at(done) != "3.9.1" else data["net"]
            ser(done + dt.timedelta(milliseconds=rng.randint(200, 1100)), "INF", "Cycles.CycleBuilder", f"Dump complete {tid} at {dump}: cycle {cycle_min} min, {shown} t")
            pl(done, "INFO", "DUMP", tid, f"DUMPED at {dump} material={LOADERS[loader]['material']} tonnes={data['net']}")
            if tr["cb"] > 15:
                ser(done + dt.timedelta(milliseconds=rng.randint(1200, 1800)), "INF", "Payload.CarrybackMonitor", f"Carry-back {tr['cb']} t on {tid} above 15 t: tray clean advised")
            stats["plm_rows"].append((done, tid, tr["model"], tr["rated"], loader, dump, data["net"], data["tare"], data["cb"], tr["tare_age"]))
            push(done + dt.timedelta(seconds=rng.uniform(3, 20)), tid, "assign", {"from": dump})

    stats["loads"] = load_events
    return ct, disp, plm, tpms, wx, ado, chat, stats, trucks, ser, pl


def finish_logs(rng, shas, parts):
    ct, disp, plm, tpms, wx, ado, chat, stats, trucks, ser, pl = parts

    # ---- the payload system's cycle records (CSV export from the OEM portal)
    plm.add(START - dt.timedelta(seconds=1), "cycle_end_utc,truck,model,loader,dump,net_payload_t,empty_tare_t,carryback_t,rated_t,net_pct,tare_age")
    for done, tid, model, rated, loader, dump, net, tare, cb, age in stats["plm_rows"]:
        if START <= done < END:
            plm.add(done, f"{done.strftime('%Y-%m-%dT%H:%M:%SZ')},{tid},{model},{loader},{dump},{net},{tare},{cb},{rated:g},{round(100 * net / rated, 1)},{age}")

    # ---- cycle-tracker: start-up lines, periodic lines
    def startup(t, ver, sha):
        ser(t, "INF", "Program", f"Starting cycle-tracker {ver}+{sha} on {HOST}")
        ser(t + dt.timedelta(milliseconds=840), "INF", "FleetRegister.FleetRegisterClient", "Fleet register loaded: 34 haul trucks, empty weights as of 2026-01-19")
        ser(t + dt.timedelta(milliseconds=1210), "INF", "Telemetry.ObuListener", "Connected to kal-mqtt01:1883, subscribed to obu/+/payload/#")

    def shutdown(t):
        ser(t, "INF", "Program", "Application is shutting down...")

    for t0, ver, sha in ((DEPLOY_390, "3.9.0", shas["rel390"]), (ROLLBACK, "3.8.1", shas["rel381"]), (DEPLOY_391, "3.9.1", shas["rel391"])):
        shutdown(t0 - dt.timedelta(seconds=9.4))
        startup(t0, ver, sha)

    x = START + dt.timedelta(seconds=rng.uniform(5, 60))
    while x < END:
        hauling = not (STAND_DOWN + dt.timedelta(minutes=6) <= x < ROADS_OPEN)
        n = int(rng.uniform(9000, 10500)) if hauling else int(rng.uniform(5200, 5900))
        ser(x, "INF", "Telemetry.ObuListener", f"OBU messages last 1 min: {n // 5} from 34 trucks, {rng.choice([0, 0, 0, 0, 0, 1, 2])} late")
        ser(x + dt.timedelta(milliseconds=rng.randint(20, 300)), "INF", "Storage.CycleStore", f"Flushed {rng.randint(0, 4) if hauling else 0} cycles to fms in {rng.randint(6, 45)} ms")
        x += dt.timedelta(minutes=1, milliseconds=rng.randint(-200, 200))
    x = START + dt.timedelta(minutes=7, seconds=12)
    while x < END:
        hot = rng.choice([t["id"] for t in trucks])
        ver = version_at(x)
        hauling = not (STAND_DOWN + dt.timedelta(minutes=20) <= x < ROADS_OPEN + dt.timedelta(minutes=30))
        tk = rng.randint(1180, 1440) if hauling else rng.randint(300, 700)
        if x >= ROADS_OPEN + dt.timedelta(minutes=40):
            tk = rng.randint(1300, 1560)
        restricted = 0
        if ver == "3.9.0" and tk > 0.95 * 1595:
            restricted = 1
            ser(x - dt.timedelta(milliseconds=50), "INF", "Tyres.TkphMonitor", f"TKPH speed restriction {hot}: {tk} of 1595 ({round(100 * tk / 1595, 1)}%), max 45 km/h")
            pl(x + dt.timedelta(milliseconds=300), "INFO", "SPEED", hot, "external speed limit 45 km/h from cycle-tracker (TKPH)")
        ser(x, "INF", "Tyres.TkphMonitor", f"TKPH check: highest {hot} {tk} of 1595, {restricted} restricted")
        x += dt.timedelta(minutes=15, milliseconds=rng.randint(-150, 150))
    # routine warnings
    for _ in range(9):
        x = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        tid = rng.choice([t["id"] for t in trucks])
        ser(x, "WRN", "Telemetry.ObuListener", f"Out-of-order payload record from {tid} (seq {rng.randint(10000, 99999)} after {rng.randint(10000, 99999)}), dropped")
    for _ in range(3):
        x = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        ser(x, "WRN", "Cycles.CycleBuilder", f"Dump from {rng.choice([t['id'] for t in trucks])} at WD-N without a load, ignored")

    # ---- PitLogic: delays, loader states
    for tr in trucks:
        x = STAND_DOWN + dt.timedelta(seconds=rng.uniform(5, 300))
        pl(x, "INFO", "STATE", tr["id"], "state DELAY code=310 (WEATHER - LIGHTNING)")
        pl(ROADS_OPEN + dt.timedelta(seconds=rng.uniform(0, 90)), "INFO", "STATE", tr["id"], "state READY (delay 310 cleared by dispatcher kwalsh)")
    pl(STAND_DOWN, "WARN", "FLEET", "ALL", "fleet delay WEATHER - LIGHTNING <10km (TARP level 2) by dispatcher sdunn")
    pl(ROADS_OPEN - dt.timedelta(seconds=30), "INFO", "FLEET", "ALL", "fleet delay WEATHER cleared by dispatcher kwalsh: roads inspected, wet road speed limits R-W3 R-E2 40 km/h")
    pl(STAND_DOWN + dt.timedelta(seconds=20), "INFO", "LOADER", "FL01", "state DOWN (WEATHER)")
    pl(STAND_DOWN + dt.timedelta(minutes=3), "INFO", "DUMP", "CR1", "CR1 state DOWN (PLANT - WET ORE)")
    pl(PLANT_BACK, "INFO", "DUMP", "CR1", "CR1 state AVAILABLE")
    pl(ROADS_OPEN - dt.timedelta(seconds=50), "INFO", "LOADER", "SH03", "state DOWN (WET FLOOR - DOZER CLEAN-UP) by dispatcher kwalsh")
    pl(PLANT_BACK - dt.timedelta(minutes=4), "INFO", "LOADER", "SH03", "state READY")
    pl(ROADS_OPEN - dt.timedelta(seconds=20), "INFO", "ROUTE", "ROM2", "ore destination override CR1 -> ROM2 until plant available")
    pl(PLANT_BACK + dt.timedelta(seconds=40), "INFO", "ROUTE", "ROM2", "ore destination override cleared")
    for k in ("SH01", "SH02", "SH03", "SH04", "FL01"):
        x = START + dt.timedelta(minutes=rng.uniform(3, 10))
        while x < END:
            if not (STAND_DOWN <= x < ROADS_OPEN):
                pl(x, "INFO", "LOADER", k, f"loader {k} dig rate {rng.randint(3900, 5600) if k != 'FL01' else rng.randint(1500, 2200)} t/h hang {rng.randint(0, 6)}min")
            x += dt.timedelta(minutes=30, seconds=rng.uniform(-30, 30))

    # ---- TyreSense TPMS
    positions = ["LF", "RF", "LRO", "LRI", "RRI", "RRO"]

    def tyre(t, tid, pos, kind, temp, press, sev):
        if START <= t < END:
            tpms.add(t, json.dumps({"ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "site": "KAL", "vehicle": tid,
                                    "position": pos, "event": kind, "temp_c": temp, "pressure_kpa": press, "severity": sev}, separators=(",", ":")))

    for _ in range(70):
        x = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        tid = rng.choice([t["id"] for t in trucks])
        kind = rng.choice(["TEMP_HIGH", "TEMP_HIGH", "PRESSURE_LOW", "SENSOR_NO_SIGNAL", "PRESSURE_HIGH"])
        if kind == "TEMP_HIGH":
            tyre(x, tid, rng.choice(positions), kind, rng.randint(78, 84), rng.randint(700, 760), "WARNING")
        elif kind == "PRESSURE_LOW":
            tyre(x, tid, rng.choice(positions), kind, rng.randint(55, 70), rng.randint(585, 612), "WARNING")
        elif kind == "PRESSURE_HIGH":
            tyre(x, tid, rng.choice(positions), kind, rng.randint(60, 75), rng.randint(790, 820), "INFO")
        else:
            tyre(x, tid, rng.choice(positions), kind, None, None, "INFO")
    for _ in range(6):
        x = ROADS_OPEN + dt.timedelta(seconds=rng.uniform(1800, (END - ROADS_OPEN).total_seconds()))
        tyre(x, rng.choice([t["id"] for t in trucks]), rng.choice(["LRO", "RRO", "LRI"]), "TEMP_HIGH", rng.randint(81, 86), rng.randint(720, 770), "WARNING")
    tyre(utc("2026-02-14 09:12:41"), "HT217", "RRI", "TEMP_CRITICAL", 92, 781, "CRITICAL")
    pl(utc("2026-02-14 09:13:10"), "WARN", "STATE", "HT217", "state DOWN code=612 (TYRE - HOT RRI) by dispatcher sdunn")
    pl(utc("2026-02-14 09:58:30"), "INFO", "STATE", "HT217", "state READY (tyre cooled, inspected by tyre fitter)")

    # ---- weather station (5-minute records)
    wx.add(START - dt.timedelta(seconds=1), "TIMESTAMP,RECORD,AirTC_Avg,RH,WS_ms_Avg,WindDir,Rain_mm_Tot,Strikes_10km,Nearest_strike_km")
    x = START
    rec = 48112
    while x < END:
        raining = RAIN_START <= x < RAIN_END
        peak = utc("2026-02-14 12:05:00") <= x < utc("2026-02-14 12:40:00")
        rain = round(rng.uniform(3.5, 6.8) if peak else (rng.uniform(0.4, 2.4) if raining else 0.0), 1)
        strikes = 0
        nearest = ""
        if utc("2026-02-14 11:40:00") <= x < utc("2026-02-14 13:20:00"):
            strikes = rng.randint(1, 14)
            nearest = f"{rng.uniform(1.5, 9.5):.1f}"
        elif utc("2026-02-14 11:00:00") <= x < utc("2026-02-14 13:35:00"):
            nearest = f"{rng.uniform(12, 30):.1f}"
        temp = 33.5 - (x - START).total_seconds() / 3600 * 0.9 - (6.0 if x >= RAIN_START else 0) + rng.uniform(-0.3, 0.3)
        rh = 38 + (45 if x >= RAIN_START else 0) + rng.uniform(-3, 3)
        ws = rng.uniform(9, 17) if RAIN_START - dt.timedelta(minutes=15) <= x < RAIN_END else rng.uniform(2, 6)
        wx.add(x + dt.timedelta(minutes=5), f"\"{(x + dt.timedelta(minutes=5)).strftime('%Y-%m-%d %H:%M:%S')}\",{rec},{temp:.2f},{min(99, rh):.1f},{ws:.2f},{rng.randint(20, 80) if x >= RAIN_START - dt.timedelta(minutes=15) else rng.randint(250, 320)},{rain},{strikes},{nearest}")
        rec += 1
        x += dt.timedelta(minutes=5)

    # ---- Azure DevOps release logs
    def ado_line(t, text):
        ado.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}")

    def deploy(t0, run, who, ver, sha, stage_only=False):
        x = t0 - dt.timedelta(seconds=44)
        ado_line(x, f"##[section]Starting: deploy_kalari (run {run}, {ver}, source version {sha[:8]}, requested by {who})")
        ado_line(x + dt.timedelta(seconds=1.2), "Agent name: 'kal-build01'")
        ado_line(x + dt.timedelta(seconds=3.5), f"Downloading artifact cycle-tracker from run {run}")
        ado_line(x + dt.timedelta(seconds=21.6), "+ sudo systemctl stop cycle-tracker")
        ado_line(x + dt.timedelta(seconds=30.0), "+ sudo rsync -a --delete /home/azp/_work/1/cycle-tracker/ /opt/cycle-tracker/")
        ado_line(x + dt.timedelta(seconds=43.1), "+ sudo systemctl start cycle-tracker")
        ado_line(x + dt.timedelta(seconds=46.9), "active")
        ado_line(x + dt.timedelta(seconds=47.4), "##[section]Finishing: deploy_kalari")

    deploy(DEPLOY_390, "20260214.1", "Callum O'Brien", "3.9.0", shas["rel390"])
    ado_line(ROLLBACK - dt.timedelta(seconds=70), "##[section]Re-running stage deploy_kalari of run 20260211.2 (3.8.1), requested by Mei Tan")
    deploy(ROLLBACK, "20260211.2", "Mei Tan", "3.8.1", shas["rel381"])
    deploy(DEPLOY_391, "20260214.2", "Lachlan Price", "3.9.1", shas["rel391"])

    # ---- Teams #kalari-pit-control
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        chat.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "kalari-pit-control",
                                "from": {"user": {"displayName": who}}, "body": {"contentType": "text", "content": text}}, ensure_ascii=False))

    holds = stats["holds"]
    wet_holds = [h for h in holds if h[0] > ROADS_OPEN]
    first = wet_holds[0]
    after = [h for h in wet_holds if h[0] > ROLLBACK]
    ex = max((h for h in after if ROLLBACK + dt.timedelta(minutes=6) < h[0] < ROLLBACK + dt.timedelta(minutes=25)), key=lambda h: h[5])
    stats["held_examples"] = [first, ex]
    say(utc("2026-02-14 09:05:00"), "Shane Dunn (dispatch)", "Day shift: 41 loads/h avg, HT217 down hot tyre RRI since 17:13, tyre fitter on the way")
    say(utc("2026-02-14 10:31:00"), "Kylie Walsh (night SS)", "Night shift C on. BOM has storms forecast for the Hamersley after 19:00, TARP in the crib room")
    g = [h for h in holds if h[0] < STAND_DOWN][0]
    say(g[0] + dt.timedelta(minutes=9), "Shane Dunn (dispatch)", f"{g[1]} held for overload at {g[2]} ({g[7]}%, OBU said {round(100 * g[4] / 290)}% too), loader took a pass off, released. Spoke to the {g[2]} operator")
    say(STAND_DOWN + dt.timedelta(seconds=40), "Kylie Walsh (night SS)", "Lightning 6 km SW. TARP 2: all haulage stood down, trucks to the nearest safe bay, loaders bucket on ground")
    say(utc("2026-02-14 12:20:00"), "Kylie Walsh (night SS)", "Heavy rain on the pit. Plant says no wet ore to CR1 tonight, ore to ROM2 when we restart")
    say(DEPLOY_390 - dt.timedelta(minutes=9), "Callum O'Brien", "Nothing hauling, so putting cycle-tracker 3.9.0 in now (110% warnings for the mine engineers, TKPH restriction at 95%, Npgsql). 2 min")
    say(DEPLOY_390 + dt.timedelta(minutes=2), "Callum O'Brien", "3.9.0 running, fleet register loaded, OBU messages coming in")
    say(ROADS_OPEN - dt.timedelta(minutes=3), "Kylie Walsh (night SS)", "No strike within 10 km for 40 min, roads inspected. Restarting at 22:02. Wet road limits on R-W3 and R-E2. SH02/SH04 waste, SH01 ore to ROM2, SH03 down until the dozer has cleaned up its floor")
    def local(t):
        return (t + dt.timedelta(hours=8)).strftime("%H:%M")

    say(first[0] + dt.timedelta(minutes=2), "Shane Dunn (dispatch)", f"{first[1]} external HOLD overload at {first[2]} ({first[7]}%). operator says his lights were green")
    h2 = [h for h in wet_holds if h[0] > first[0] + dt.timedelta(minutes=10)]
    if h2:
        say(h2[0][0] + dt.timedelta(minutes=1), "Kylie Walsh (night SS)", f"another one, {h2[0][1]} at {h2[0][2]}. Loader operators say they load to the truck's payload lights like always")
    t20 = first[0] + dt.timedelta(minutes=20)
    say(t20, "Shane Dunn (dispatch)", f"{len([h for h in wet_holds if h[0] < t20])} overload holds since {local(first[0])}, queues of 4-5 at SH02 and SH04. cycle-tracker is throwing 'Payload above 110% of rated' for half the fleet")
    say(t20 + dt.timedelta(minutes=3), "Kylie Walsh (night SS)", "@Mei Tan can you look at cycle-tracker? runbook says wet material is heavier and to check the loader bucket scales, but the loader operators swear the buckets are normal")
    say(ROLLBACK - dt.timedelta(minutes=16), "Mei Tan", "Looking. The 110% warning only exists since 3.9.0 (CT-248), which went in at 21:31 with the TKPH change, and the holds started after it. Rolling back to 3.8.1 to be safe")
    say(ROLLBACK + dt.timedelta(minutes=1, seconds=30), "Mei Tan", "3.8.1 running. The 110% warnings are gone")
    again = [h for h in after if h[0] > ROLLBACK + dt.timedelta(minutes=2)][0]
    say(again[0] + dt.timedelta(minutes=1), "Shane Dunn (dispatch)", f"{again[1]} held at {again[2]} ({again[7]}%), on 3.8.1. Rollback didn't fix it")
    cbs = sorted(r[8] for r in stats["plm_rows"] if ROADS_OPEN + dt.timedelta(minutes=75) < r[0] < ex[0] and LOADERS[r[4]]["stick"] > 0.9)
    lo, hi = cbs[len(cbs) // 4], cbs[len(cbs) * 9 // 10]
    say(ex[0] + dt.timedelta(minutes=3), "Callum O'Brien", f"Comparing {ex[1]}: PitLogic LOADED says {ex[4]}t from the OBU. cycle-tracker says payload {ex[3]} t = gross {ex[6]} t - register empty, PLM net {ex[4]} t, carry-back {ex[5]} t. The difference is the carry-back")
    say(ex[0] + dt.timedelta(minutes=6), "Callum O'Brien", f"and the PLM export has carry-back {lo:.0f}-{hi:.0f} t on most trucks coming back from SH02/SH04 since the restart, the 'tray clean advised' lines too. Wet shale sticking in the trays")
    say(ex[0] + dt.timedelta(minutes=9), "Lachlan Price", "That's my CT-231 from Tuesday, 3.8.0: payload = gross minus the register's empty weight, to get around stale tares. The register weight is a clean tray, so carry-back counts as payload. In the dry it was 1-3 t. 3.8.1 has it too, rollback can't help")
    say(ex[0] + dt.timedelta(minutes=12), "Tom Reddy (mine eng)", "10/10/20 is about the load. Carry-back is a tray-cleaning problem, not an overload. Please don't hold trucks for it")
    say(utc("2026-02-14 16:46:00"), "Lachlan Price", "CT-258: back to the PLM net, register only when the tare is more than two cycles old. Building 3.9.1")
    say(DEPLOY_391 + dt.timedelta(minutes=2), "Lachlan Price", "3.9.1 running. Load complete shows the PLM net again")
    say(TRAY_CLEAN_FROM + dt.timedelta(minutes=1), "Kylie Walsh (night SS)", "No holds since 3.9.1. Sending trucks with >15 t carry-back to the tray clean bay one at a time, dozer on it")
    say(utc("2026-02-14 18:10:00"), "Kylie Walsh (night SS)", "Lost about 1.5 h of waste at SH02/SH04 to the holds. Incident report tomorrow, Lachlan and Tom to write up CT-231")
    return [ct, disp, plm, tpms, wx, ado, chat]


def build(out_dir):
    rng = random.Random(78100)
    repo, shas = build_repo()
    try:
        parts = build_logs(rng, shas)
        stats = parts[7]
        logs = finish_logs(rng, shas, parts)
        wet_holds = [h for h in stats["holds"] if h[0] > ROADS_OPEN]
        onset = wet_holds[0][0].replace(microsecond=0)
        assert ROADS_OPEN + dt.timedelta(minutes=30) < onset < ROLLBACK - dt.timedelta(minutes=35), onset
        assert not [h for h in stats["holds"] if DEPLOY_390 < h[0] < onset]
        assert not [h for h in stats["holds"] if h[0] > DEPLOY_391 + dt.timedelta(minutes=1)], "holds after the fix"
        assert len([h for h in stats["holds"] if ROLLBACK < h[0] < DEPLOY_391]) >= 5
        assert len([h for h in stats["holds"] if h[0] < STAND_DOWN]) == 1
        culprit_at = utc("2026-02-10 02:15:00")
        hours = (onset - culprit_at).total_seconds() / 3600
        loads = stats["loads"]

        def per10(kind):
            def fn(t):
                lo = t - dt.timedelta(minutes=10)
                if kind == "hold":
                    return sum(1 for h in stats["holds"] if lo < h[0] <= t)
                return sum(1 for at, pct, _ in loads if lo < at <= t and (pct > 110) == (kind == "over110"))
            return fn

        metrics = {"cycle_tracker_loads_10m.json": query_range(
            [({"job": "cycle-tracker", "instance": f"{HOST}:9464", "band": "normal"}, per10("normal")),
             ({"job": "cycle-tracker", "instance": f"{HOST}:9464", "band": "over110"}, per10("over110")),
             ({"job": "cycle-tracker", "instance": f"{HOST}:9464", "band": "hold"}, per10("hold"))], START, END, 60)}
        n_holds = len(wet_holds)
        top = max(h[7] for h in wet_holds)
        genuine = [h for h in stats["holds"] if h[0] < STAND_DOWN][0]
        assert genuine[1].startswith("HT3")
        return write_scenario(
            out_dir, name="r78-payload-register-tare", service=SERVICE, onset=onset,
            description=f"""
Haul trucks at Redbank Iron's Kalari mine are held for overload at their
loaders on the night of Saturday 14 February: after a thunderstorm stood
haulage down from 11:44 to 14:02 UTC, cycle-tracker reads loads at 110-{top:.0f} %
of rated from {onset.strftime('%H:%M:%S')} and sends PitLogic an external HOLD for every
load above 120 % ({n_holds} holds), although the trucks' payload displays and
PitLogic's LOADED lines show 100-107 %; the queues at the waste shovels
grow. cycle-tracker 3.9.0 had been deployed during the stand-down at
13:31; a rollback to 3.8.1 at {ROLLBACK.strftime('%H:%M')} did not help. 3.9.1 was deployed at
17:03 and the holds stopped.
""",
            logs=logs,
            line_formats={
                "cycle-tracker.log": r'<Date> <Time> <Zone> \[<Level>\] \(<Logger>\) <Content>',
                "pitlogic-dispatch.log": r'<Date> <Time>\|<Level>\s*\|<Module>\|<Unit>\|<Content>',
            },
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'Load complete .* = gross .* - register empty .* PLM net .* carry-back',
                r'Critical overload on .* hold sent to dispatch',
            ],
            fix_files=["src/Redbank.CycleTracker/Payload/PayloadCalculator.cs"],
            explanation=f"""
The culprit is CT-231 ("payload: net from the gross weight and the
register's empty weight"), committed on Tuesday 10 February at 02:15 UTC
and shipped in 3.8.0 that afternoon, {hours:.1f} hours before the onset. It
takes a load's payload as the gross weight at load complete less the
truck's empty weight in the fleet register (a clean truck at the
weighbridge), instead of the payload system's net payload, which is
weighed against the tare taken after the previous dump and so leaves
the carry-back out. Dry, carry-back is 0.3-3 t and nothing shows. After
the storm the weathered shale at SH02 and SH04 sticks in the trays (the
payload system's records and cycle-tracker's "Carry-back ... tray clean
advised" lines show 15-55 t), and from the trucks' second wet load on
cycle-tracker's payload is the load plus the carry-back: "Load complete
... payload 279 t = gross ... - register empty ...; PLM net 236 t,
carry-back 41 t", "Critical overload on ... hold sent to dispatch", while
PitLogic's LOADED line (from the onboard unit) shows the net. CT-258
(3.9.1) takes the payload system's net again in the culprit's file; a
revert of CT-231 touches the same file.
Decoys: 3.9.0, deployed during the stand-down {round((onset - DEPLOY_390).total_seconds() / 60)} minutes before the
onset (CT-248, which adds the very "Payload above 110% of rated"
warning that fills the log; CT-251, TKPH speed restriction at 95 % of the
rating in appsettings.Production.json, with its new restriction lines;
CT-245, rounding in the culprit's file; an Npgsql bump), rolled back at
{ROLLBACK.strftime('%H:%M')} to 3.8.1, which holds the culprit: the 110 % warnings stop, the
holds go on; 3.8.1's start line names its release commit, later than
the culprit; Thursday's runbook commit that reads overloads after rain
as wet material and the loaders' bucket weighing and says to roll back
after a release; the storm itself, the plant's wet-ore stop and the
weather delay; a genuine overload hold of {genuine[1]} at {genuine[2]} before the storm
(the payload system's net at {round(100 * genuine[4] / 290, 1)} % too); CT-219 (TKPH from the gross) and
the MQTTnet bump; a hot tyre and routine TPMS alarms.
""",
        )
    finally:
        repo.close()
