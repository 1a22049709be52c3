"""telemetry-hub (C#, .NET 8 worker; one Linux VM, tlm-hub01, in the
council's OT DMZ, run by systemd and deployed by Octopus Deploy; team in
New Zealand, a contractor in Manila) of Totara Valley District Council's
water services. It subscribes over OPC UA to the council's Geo SCADA
server (3,184 monitored items from 49 outstations: reservoirs, pump
stations, bores, PRVs, wastewater pump stations) and writes them to the
InfluxDB historian that the dashboards, the public reservoir-level page
and the leak analysts read; it raises "site data stale" alerts to the duty
operator's Teams channel. Geo SCADA polls its outstations with DNP3 over
the council's licensed UHF data radio network: three repeaters on hilltop
sites leased from Ridgeline Towers. The north zone's 19 outstations talk
through the Kaitoa repeater (KTA-RPT). Ngaio pump station fills Te Rimu
reservoir under Geo SCADA's control (start below 60 %, stop at 85 %); if it
loses the SCADA heartbeat for five minutes its RTU falls back to a local
timer that only pumps at night.

Tuesday 1 December (NZDT, UTC+13; the logs are UTC, the evening of 30
November): at 08:31 NZDT a mobile carrier's riggers (Kiwa Mobile) open
the Kaitoa compound to install LTE 700 MHz panels two metres under the
council's UHF antenna. Ridgeline had emailed the planned works to the
council's property team two weeks before; nobody told water services. At
08:52 the new sector is powered for commissioning: the repeater's receiver
is desensitised and its noise floor rises from -118 dBm to about -106;
the radio NMS raises "Rx noise floor high" (to a mailbox nobody watches)
and the weakest outstations need the odd DNP3 retry. At 09:13 the team
releases telemetry-hub 2.8.0 (TH-141: OPC UA publishing interval 2 s and
keepalive count 5 in the very subscription; TH-139, which logs every
monitored item that goes bad with its status code; an OPC UA stack bump).
At 09:39 the carrier unlocks the cell for live traffic and the noise
floor reaches -95 to -99 dBm: from 09:40 the north zone's far outstations
(Kahikatea Bore 2, Rata Rd, Tawa North, Te Rimu, Pukeko Flat, Ngaio...)
fail three polls in a row, flap between failed and restored, and their
items go Bad_CommunicationError in telemetry-hub; Ngaio falls back to its
timer.

The on-call developer suspects the release, restarts the service as the
runbook says (the items come back Bad at once), rolls back to 2.7.3 at
10:09 (the per-item warnings give way to the old stale-site warnings) and
hears from the control room that Geo SCADA shows the same comms failures.
The radio technician finds the noise floor in the NMS and the gate open
at Kaitoa; Ridgeline's notice board posts the works at 10:31, two hours
after they began; an operator runs Ngaio by hand. Kiwa powers the sector
down at 11:38 and the north zone is back by 11:45; Ridgeline posts the
update at 11:44. 2.8.0 goes out again at 12:10. Nothing in telemetry-hub
caused it.

Sources: telemetry-hub (journalctl short-iso-precise: the app's
Microsoft.Extensions.Logging single-line console and systemd), Geo SCADA's
DNP3 driver log, Geo SCADA's event journal (CSV export), the radio NMS
(syslog RFC 5424), Ridgeline Towers' tenant notice feed (JSON), the
Octopus Deploy task log, #water-ops-incidents (Teams export, JSON
lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, query_range, utc, write_scenario
from skeletons import chores, runbook

SERVICE = "telemetry-hub"
START, END = utc("2026-11-30 18:30:00"), utc("2026-11-30 23:45:00")
GATE_OPEN = utc("2026-11-30 19:31:40")
SECTOR_ON = utc("2026-11-30 19:52:30")
RELEASE = utc("2026-11-30 20:13:20")
UNLOCK = utc("2026-11-30 20:39:30")
RESTART = utc("2026-11-30 21:02:10")
ROLLBACK = utc("2026-11-30 21:09:40")
NOTICE = utc("2026-11-30 21:31:12")
SECTOR_OFF = utc("2026-11-30 22:38:20")
UPDATE = utc("2026-11-30 22:44:05")
GATE_CLOSED = utc("2026-11-30 23:04:50")
REDEPLOY = utc("2026-11-30 23:10:30")
HOST = "tlm-hub01"
NZ = dt.timezone(dt.timedelta(hours=13))

# DNP3 address, name, class, RSSI at the Kaitoa repeater (dBm)
NORTH = [
    (21, "Rata Rd Reservoir", "reservoir", -91), (22, "Te Rimu Reservoir", "reservoir", -89), (23, "Ngaio Pump Station", "pump", -87),
    (24, "Kahikatea Bore 2", "bore", -93), (25, "Matai St Booster", "pump", -84), (26, "Pukeko Flat Reservoir", "reservoir", -88),
    (27, "Karaka Rd PRV", "prv", -82), (28, "Tawa North Bore 1", "bore", -90), (29, "Kowhai Heights Reservoir", "reservoir", -85),
    (30, "Mangatoa Pump Station", "pump", -76), (31, "Rimu Grove PRV", "prv", -72), (32, "Hinau Rd Reservoir", "reservoir", -79),
    (33, "Miro St Pump Station", "pump", -74), (34, "Totara North WWPS", "wwps", -81), (35, "Kereru Lane Pump Station", "pump", -70),
    (36, "Puriri Reservoir", "reservoir", -78), (37, "Nikau Bore 3", "bore", -80), (38, "Harakeke WWPS", "wwps", -73),
    (39, "Kaitoa Repeater Site", "repeater", -48),
]
OTHER = [  # a few of the south and east zones' outstations, for the background
    ("UHF South (PKT-RPT)", 41, "Waitaha Bore 5", -92), ("UHF South (PKT-RPT)", 44, "Ōhaupō Rd Reservoir", -86),
    ("UHF South (PKT-RPT)", 47, "Kiwi St WWPS", -80), ("UHF East (TAH-RPT)", 61, "Te Ahu Reservoir", -90),
    ("UHF East (TAH-RPT)", 64, "Pohutukawa Pump Station", -83),
]
ITEMS = {
    "reservoir": ["Level", "Level.Pct", "Level.HiHi", "Level.Hi", "Level.Lo", "Level.LoLo", "Inlet.Flow", "Outlet.Flow", "Inlet.Valve.Position",
                  "Inlet.Valve.Open", "Inlet.Valve.Closed", "Outlet.Valve.Position", "Chlorine.Residual", "Turbidity", "Overflow",
                  "Cl2.Analyser.Fault", "Sample.Pump.Run", "Door.Open", "Intruder", "Mains.Fail", "Battery.Voltage", "RTU.Temperature",
                  "Heartbeat", "Comms.Quality"],
    "pump": [f"P{n}.{x}" for n in (1, 2, 3) for x in ("Run", "Fault", "Available", "Speed", "Current", "Hours", "Starts")]
            + ["Suction.Pressure", "Discharge.Pressure", "Flow", "Flow.Total", "Control.Mode", "Duty.Pump", "Surge.Vessel.Level",
               "Door.Open", "Intruder", "Mains.Fail", "Phase.Fail", "Battery.Voltage", "RTU.Temperature", "Heartbeat", "Comms.Quality",
               "Generator.Run", "Generator.Fault", "Kiosk.Temperature", "Flood.Switch", "Heartbeat.SCADA"],
    "bore": ["Pump.Run", "Pump.Fault", "Pump.Current", "Pump.Hours", "Flow", "Flow.Total", "Water.Level", "Drawdown", "Chlorine.Residual",
             "Dosing.Pump.Run", "Dosing.Fault", "UV.Intensity", "UV.Fault", "Turbidity", "Control.Mode", "Door.Open", "Intruder",
             "Mains.Fail", "Battery.Voltage", "RTU.Temperature", "Heartbeat", "Comms.Quality"],
    "prv": ["Inlet.Pressure", "Outlet.Pressure", "Outlet.Setpoint", "Flow", "Flow.Total", "Chamber.Flooded", "Lid.Open", "Battery.Voltage",
            "Solar.Charge", "RTU.Temperature", "Logger.Memory", "Heartbeat", "Comms.Quality", "Outlet.Pressure.Lo"],
    "wwps": [f"P{n}.{x}" for n in (1, 2) for x in ("Run", "Fault", "Current", "Hours", "Starts")]
            + ["Wet.Well.Level", "Wet.Well.HiHi", "Overflow", "Overflow.Duration", "Flow", "Control.Mode", "Door.Open", "Intruder",
               "Mains.Fail", "Phase.Fail", "Battery.Voltage", "RTU.Temperature", "Odour.Unit.Run", "Heartbeat", "Comms.Quality",
               "Generator.Connected", "Flood.Switch", "Heartbeat.SCADA", "Kiosk.Temperature"],
    "repeater": ["Door.Open", "Gate.Open", "Mains.Fail", "Battery.Voltage", "Charger.Fault", "Radio.Alarm", "RTU.Temperature", "Shelter.Temperature",
                 "Aircon.Fault", "Smoke", "Heartbeat", "Comms.Quality"],
}
STALE_MIN = {"reservoir": 15, "bore": 30, "pump": 20, "prv": 20, "wwps": 20, "repeater": 20}

# ---------------------------------------------------------------------------
# the repository

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Worker">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <RootNamespace>TelemetryHub</RootNamespace>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.Extensions.Hosting" Version="8.0.1" />
    <PackageReference Include="Microsoft.Extensions.Hosting.Systemd" Version="8.0.1" />
    <PackageReference Include="OPCFoundation.NetStandard.Opc.Ua.Client" Version="1.5.374.126" />
    <PackageReference Include="InfluxDB.Client" Version="4.17.0" />
  </ItemGroup>
</Project>
"""

PROGRAM = """using System.Reflection;
using TelemetryHub.Alerts;
using TelemetryHub.Historian;
using TelemetryHub.OpcUa;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSystemd();
// one line per record; journald adds the time and the host
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.IncludeScopes = false; });

builder.Services.Configure<OpcUaOptions>(builder.Configuration.GetSection("OpcUa"));
builder.Services.Configure<HistorianOptions>(builder.Configuration.GetSection("Historian"));
builder.Services.Configure<StaleOptions>(builder.Configuration.GetSection("Stale"));
builder.Services.AddSingleton<QualityMapper>();
builder.Services.AddSingleton<InfluxWriter>();
builder.Services.AddSingleton<StaleSiteMonitor>();
builder.Services.AddHostedService<SubscriptionManager>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<StaleSiteMonitor>());
builder.Services.AddHostedService(sp => sp.GetRequiredService<InfluxWriter>());

var host = builder.Build();
var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
host.Services.GetRequiredService<ILogger<Program>>().LogInformation("telemetry-hub {Version} starting", version);
host.Run();
"""

SUBSCRIPTION = """using Microsoft.Extensions.Options;
using Opc.Ua;
using Opc.Ua.Client;
using TelemetryHub.Alerts;
using TelemetryHub.Historian;

namespace TelemetryHub.OpcUa;

public sealed class OpcUaOptions
{
    public string Endpoint { get; set; } = "";
    public int PublishingIntervalMs { get; set; } = 1000;
    public uint KeepAliveCount { get; set; } = 10;
    public uint LifetimeCount { get; set; } = 30;
    public int SamplingIntervalMs { get; set; } = 1000;
    public string NodeList { get; set; } = "config/nodes.csv";
}

/// <summary>One session to Geo SCADA's OPC UA server and one subscription
/// holding every point in config/nodes.csv.</summary>
public sealed class SubscriptionManager(
    IOptions<OpcUaOptions> options, QualityMapper quality, InfluxWriter writer,
    StaleSiteMonitor stale, ILogger<SubscriptionManager> log) : BackgroundService
{
    private readonly OpcUaOptions _opts = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var session = await GeoScadaSession.ConnectAsync(_opts.Endpoint, log, stop);
        var sub = new Subscription(session.DefaultSubscription)
        {
            PublishingInterval = _opts.PublishingIntervalMs,
            KeepAliveCount = _opts.KeepAliveCount,
            LifetimeCount = _opts.LifetimeCount,
        };
        foreach (var node in NodeList.Load(_opts.NodeList))
        {
            var item = new MonitoredItem(sub.DefaultItem)
            {
                StartNodeId = node.NodeId,
                SamplingInterval = _opts.SamplingIntervalMs,
                QueueSize = 10,
            };
            item.Notification += (mi, _) =>
            {
                foreach (var value in mi.DequeueValues())
                {
                    var q = quality.Map(node, value.StatusCode);
                    writer.Add(node, value, q);
                    stale.Seen(node, q, value.SourceTimestamp);
                }
            };
            sub.AddItem(item);
        }
        session.AddSubscription(sub);
        await sub.CreateAsync(stop);
        log.LogInformation("subscription {Id} created: publishing interval {Interval} ms, keepalive count {KeepAlive}, {Count} items",
            sub.Id, sub.PublishingInterval, sub.KeepAliveCount, sub.MonitoredItemCount);
        await Health.ReportEvery(TimeSpan.FromMinutes(5), sub, quality, log, stop);
    }
}
"""

QUALITY_V1 = """using Opc.Ua;

namespace TelemetryHub.OpcUa;

public enum Quality { Good, Uncertain, Bad }

/// <summary>OPC UA status codes to the historian's three qualities.</summary>
public sealed class QualityMapper
{
    public int BadCount => _bad.Count;
    private readonly HashSet<string> _bad = new();

    public Quality Map(NodeInfo node, StatusCode status)
    {
        var q = StatusCode.IsGood(status) ? Quality.Good
              : StatusCode.IsUncertain(status) ? Quality.Uncertain
              : Quality.Bad;
        lock (_bad)
        {
            if (q == Quality.Bad) _bad.Add(node.NodeId); else _bad.Remove(node.NodeId);
        }
        return q;
    }
}
"""

QUALITY_V2 = """using System.Collections.Concurrent;
using Opc.Ua;

namespace TelemetryHub.OpcUa;

public enum Quality { Good, Uncertain, Bad }

/// <summary>OPC UA status codes to the historian's three qualities. Logs each
/// item that goes bad, with the status code and its outstation (TH-139).</summary>
public sealed class QualityMapper(ILogger<QualityMapper> log)
{
    public int BadCount => _badSince.Count;
    private readonly ConcurrentDictionary<string, DateTime> _badSince = new();

    public Quality Map(NodeInfo node, StatusCode status)
    {
        var q = StatusCode.IsGood(status) ? Quality.Good
              : StatusCode.IsUncertain(status) ? Quality.Uncertain
              : Quality.Bad;
        if (q == Quality.Bad && _badSince.TryAdd(node.NodeId, DateTime.UtcNow))
        {
            log.LogWarning("monitored item went bad: {NodeId} {Status} (0x{Code:X8}), outstation {Outstation}",
                node.NodeId, StatusCode.LookupSymbolicId(status.Code), status.Code, node.Outstation);
        }
        else if (q != Quality.Bad && _badSince.TryRemove(node.NodeId, out var since))
        {
            log.LogInformation("monitored item good again: {NodeId} after {Seconds:F0} s", node.NodeId, (DateTime.UtcNow - since).TotalSeconds);
        }
        return q;
    }
}
"""

STALE = """using Microsoft.Extensions.Options;
using TelemetryHub.OpcUa;

namespace TelemetryHub.Alerts;

public sealed class StaleOptions
{
    public int DefaultMinutes { get; set; } = 20;
    public Dictionary<string, int> MinutesByClass { get; set; } = new();
    public string TeamsWebhook { get; set; } = "";
}

/// <summary>Raises "site data stale" to the duty operator's channel when an
/// outstation has sent no good value for its class's threshold.</summary>
public sealed class StaleSiteMonitor(IOptions<StaleOptions> options, TeamsNotifier teams, ILogger<StaleSiteMonitor> log) : BackgroundService
{
    private readonly Dictionary<string, (string Class, DateTime LastGood, bool Stale)> _sites = new();

    public void Seen(NodeInfo node, Quality q, DateTime sourceTime)
    {
        lock (_sites)
        {
            var s = _sites.GetValueOrDefault(node.Outstation, (node.SiteClass, DateTime.UtcNow, false));
            if (q == Quality.Good)
            {
                if (s.Stale)
                    log.LogInformation("site data fresh again: {Site} after {Minutes:F0} min", node.Outstation, (DateTime.UtcNow - s.LastGood).TotalMinutes);
                s = (s.Class, DateTime.UtcNow, false);
            }
            _sites[node.Outstation] = s;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMinutes(1), stop);
            foreach (var (site, s) in Snapshot())
            {
                var limit = options.Value.MinutesByClass.GetValueOrDefault(s.Class, options.Value.DefaultMinutes);
                if (!s.Stale && DateTime.UtcNow - s.LastGood > TimeSpan.FromMinutes(limit))
                {
                    log.LogWarning("site data stale: {Site}, no good value for {Limit} min ({Class} threshold)", site, limit, s.Class);
                    await teams.PostAsync($"Site data stale: {site} ({s.Class}), no good value for {limit} min", stop);
                    Mark(site);
                }
            }
        }
    }

    private List<(string, (string Class, DateTime LastGood, bool Stale))> Snapshot()
    {
        lock (_sites) return _sites.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    private void Mark(string site)
    {
        lock (_sites) _sites[site] = _sites[site] with { Stale = true };
    }
}
"""

APPSETTINGS = """{
  "OpcUa": {
    "Endpoint": "opc.tcp://geoscada01.scada.tvdc.local:4845",
    "PublishingIntervalMs": 1000,
    "KeepAliveCount": 10,
    "LifetimeCount": 30,
    "SamplingIntervalMs": 1000,
    "NodeList": "config/nodes.csv"
  },
  "Historian": {
    "Url": "https://influx.scada.tvdc.local:8086",
    "Org": "tvdc-water",
    "Bucket": "water_scada",
    "FlushSeconds": 5
  },
  "Stale": {
    "DefaultMinutes": 20,
    "TeamsWebhook": "from the environment"
  },
  "Logging": { "LogLevel": { "Default": "Information", "Opc.Ua": "Warning" } }
}
"""

NODES_CSV = "node_id,outstation,class\n" + "".join(
    f"ns=2;s=Water.North Zone.{name}.{item},{name},{cls}\n"
    for _, name, cls, _ in NORTH[:4] for item in ITEMS[cls][:6]
) + "# ... exported from Geo SCADA with scripts/export-nodes.ps1 (3184 rows in production)\n"

SERVICE_UNIT = """[Unit]
Description=TVDC telemetry hub (Geo SCADA to InfluxDB)
After=network-online.target
Wants=network-online.target

[Service]
Type=notify
User=telemetry-hub
WorkingDirectory=/opt/telemetry-hub/current
ExecStart=/opt/telemetry-hub/current/TelemetryHub
EnvironmentFile=/etc/telemetry-hub/env
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
"""

OCTOPUS = """step "stop-telemetry-hub" {
    name = "Stop telemetry-hub"
    action {
        action_type = "Octopus.Script"
        properties = { Octopus.Action.Script.ScriptBody = "sudo systemctl stop telemetry-hub" }
        worker_pool_variable = ""
        environments = ["production"]
    }
}

step "deploy-package" {
    name = "Deploy TVDC.TelemetryHub"
    action {
        action_type = "Octopus.TentaclePackage"
        properties = { Octopus.Action.Package.CustomInstallationDirectory = "/opt/telemetry-hub/#{Octopus.Release.Number}" }
    }
}

step "start-telemetry-hub" {
    name = "Start telemetry-hub"
    action {
        action_type = "Octopus.Script"
        properties = { Octopus.Action.Script.ScriptBody = "sudo ln -sfn /opt/telemetry-hub/#{Octopus.Release.Number} /opt/telemetry-hub/current && sudo systemctl start telemetry-hub" }
    }
}
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  build:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - uses: actions/setup-dotnet@v4
        with: { dotnet-version: '8.0.x' }
      - run: dotnet test tests/TelemetryHub.Tests
      - run: dotnet publish src/TelemetryHub -c Release -r linux-x64 --self-contained -o out -p:Version=${{ vars.RELEASE_VERSION }}
      - uses: OctopusDeploy/create-zip-package-action@v3
        with: { package_id: TVDC.TelemetryHub, version: '${{ vars.RELEASE_VERSION }}', base_path: out, files: '**/*', output_folder: pkg }
      - uses: OctopusDeploy/push-package-action@v3
        if: github.ref == 'refs/heads/main'
        with: { packages: 'pkg/*.zip', space: Water Services }
"""

RUNBOOK_ALERTS = [
    ("TelemetryHubDown", "systemd restarts the service by itself (`Restart=always`). If it keeps failing, `journalctl -u telemetry-hub -n 200` on tlm-hub01."),
    ("SiteDataStale", "An outstation has sent no good value for its class's threshold. Check Geo SCADA's outstation status: a single site in comms failure is usually its radio or power; the control room sends someone."),
]

TESTS = """using Opc.Ua;
using TelemetryHub.OpcUa;
using Xunit;

public class QualityMapperTests
{
    private static readonly NodeInfo Level = new("ns=2;s=Water.North Zone.Rata Rd Reservoir.Level", "Rata Rd Reservoir", "reservoir");

    [Fact]
    public void GoodIsGood() => Assert.Equal(Quality.Good, new QualityMapper().Map(Level, StatusCodes.Good));

    [Fact]
    public void CommsFailureIsBad() => Assert.Equal(Quality.Bad, new QualityMapper().Map(Level, StatusCodes.BadCommunicationError));
}
"""


def _sub(text, old, new):
    if old not in text:
        raise ValueError(f"not found: {old[:60]!r}")
    return text.replace(old, new, 1)


def build_repo():
    repo = Repo()
    wiremu = Person("Wiremu Tane", "wiremu.tane@tvdc.govt.nz", 780)
    aroha = Person("Aroha Ngata", "aroha.ngata@tvdc.govt.nz", 780)
    joel = Person("Joel Santos", "joel.santos@contractors.tvdc.govt.nz", 480)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    src = "src/TelemetryHub/"
    quality, settings = src + "OpcUa/QualityMapper.cs", src + "appsettings.json"
    files = {
        "TelemetryHub.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"TelemetryHub\", \"src\\TelemetryHub\\TelemetryHub.csproj\", \"{3C1B5E2A-7E4D-4C2B-9D7F-1A6E8B0C4F21}\"\nEndProject\n",
        src + "TelemetryHub.csproj": CSPROJ,
        src + "Program.cs": PROGRAM,
        src + "OpcUa/SubscriptionManager.cs": SUBSCRIPTION,
        quality: QUALITY_V1,
        src + "Alerts/StaleSiteMonitor.cs": STALE,
        settings: APPSETTINGS,
        "config/nodes.csv": NODES_CSV,
        "tests/TelemetryHub.Tests/QualityMapperTests.cs": TESTS,
        "deploy/telemetry-hub.service": SERVICE_UNIT,
        ".octopus/deployment_process.ocl": OCTOPUS,
        ".github/workflows/ci.yml": CI,
        "README.md": "# telemetry-hub\n\nGeo SCADA (OPC UA) to the water historian (InfluxDB, bucket `water_scada`),\nand stale-site alerts for the duty operator. Runs on tlm-hub01 in the OT DMZ\nunder systemd; Octopus deploys `main`'s packages (project \"Telemetry Hub\").\n\n## Running locally\n\n```\ndotnet run --project src/TelemetryHub -- --OpcUa:Endpoint=opc.tcp://localhost:4845\n```\n",
        "docs/runbook.md": runbook(SERVICE, RUNBOOK_ALERTS),
    }
    repo.commit(utc("2026-11-24 21:30:00"), wiremu, "telemetry-hub: Geo SCADA over OPC UA to InfluxDB, stale-site alerts", files)
    repo.schedule(chores(random.Random(51206), SERVICE, [aroha, wiremu], utc("2026-11-24 22:00:00"), utc("2026-11-29 02:00:00"), 3))
    repo.commit(utc("2026-11-25 01:40:00"), joel, "historian: batch writes, flush every 5 s (TH-131)", {
        src + "Historian/InfluxWriter.cs": "using InfluxDB.Client;\nusing InfluxDB.Client.Writes;\nusing Microsoft.Extensions.Options;\nusing Opc.Ua;\nusing TelemetryHub.OpcUa;\n\nnamespace TelemetryHub.Historian;\n\npublic sealed class HistorianOptions\n{\n    public string Url { get; set; } = \"\";\n    public string Org { get; set; } = \"\";\n    public string Bucket { get; set; } = \"\";\n    public int FlushSeconds { get; set; } = 5;\n}\n\n/// <summary>Buffers points and writes them in batches; logs a summary a minute.</summary>\npublic sealed class InfluxWriter(IOptions<HistorianOptions> options, ILogger<InfluxWriter> log) : BackgroundService\n{\n    private readonly List<PointData> _buffer = new();\n\n    public void Add(NodeInfo node, DataValue value, Quality q)\n    {\n        var point = PointData.Measurement(\"scada\").Tag(\"outstation\", node.Outstation).Tag(\"item\", node.Item)\n            .Tag(\"quality\", q.ToString()).Field(\"value\", Convert.ToDouble(value.Value ?? double.NaN)).Timestamp(value.SourceTimestamp, WritePrecision.Ms);\n        lock (_buffer) _buffer.Add(point);\n    }\n\n    protected override async Task ExecuteAsync(CancellationToken stop)\n    {\n        using var client = new InfluxDBClient(options.Value.Url, Environment.GetEnvironmentVariable(\"INFLUX_TOKEN\"));\n        var api = client.GetWriteApiAsync();\n        var minute = new Summary();\n        while (!stop.IsCancellationRequested)\n        {\n            await Task.Delay(TimeSpan.FromSeconds(options.Value.FlushSeconds), stop);\n            List<PointData> batch;\n            lock (_buffer) { batch = new(_buffer); _buffer.Clear(); }\n            if (batch.Count > 0) minute.Add(batch, await Timed(() => api.WritePointsAsync(batch, options.Value.Bucket, options.Value.Org, stop)));\n            if (minute.Due) log.LogInformation(\"historian: {Points} points in the last minute ({Bad} bad quality), {Writes} writes, max {Max} ms\", minute.Points, minute.Bad, minute.Writes, minute.MaxMs);\n        }\n    }\n}\n",
        settings: _sub(APPSETTINGS, '"FlushSeconds": 5\n', '"FlushSeconds": 5,\n    "BatchSize": 5000\n'),
    })
    repo.commit(utc("2026-11-26 03:15:00"), aroha, "stale: thresholds per site class, reservoirs 15 min, bores 30 min (TH-134)", {
        settings: repo.edit(settings, '    "DefaultMinutes": 20,\n', '    "DefaultMinutes": 20,\n    "MinutesByClass": { "reservoir": 15, "bore": 30 },\n'),
    })
    repo.commit(utc("2026-11-27 19:20:00"), bot, "Bump InfluxDB.Client from 4.17.0 to 4.18.0", {
        src + "TelemetryHub.csproj": repo.edit(src + "TelemetryHub.csproj", 'Include="InfluxDB.Client" Version="4.17.0"', 'Include="InfluxDB.Client" Version="4.18.0"'),
    })
    repo.commit(utc("2026-11-29 21:40:00"), aroha, "docs: what OPC UA status codes mean for telemetry-hub (TH-137)", {
        "docs/opcua-status-codes.md": "# OPC UA status codes we see\n\n| Code | What it means here | What to do |\n|---|---|---|\n| Good | fresh value from the outstation | - |\n| Uncertain_LastUsableValue | Geo SCADA holds a value it could not refresh on the last poll | wait a poll or two |\n| Bad_CommunicationError / Bad_NoCommunication on many items at once | our session or subscription to Geo SCADA is broken (server restart, certificate, network between the DMZ and the SCADA LAN) | restart telemetry-hub: it creates a new session and subscription |\n| Bad_CommunicationError on one outstation's items | Geo SCADA has that outstation in comms failure | the control room sees it in Geo SCADA too; nothing for us |\n| Bad_NodeIdUnknown | a point was renamed or deleted in Geo SCADA | regenerate config/nodes.csv |\n",
    })
    v273 = repo.commit(utc("2026-11-29 23:50:00"), wiremu, "runbook: TelemetryStale after a deploy", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## TelemetryStale after a deploy\n\nMany sites stale or Bad right after a release: restart the service\n(`sudo systemctl restart telemetry-hub`) to get a new OPC UA session. If\nthat does not help, redeploy the previous release in Octopus (Project\nTelemetry Hub > Releases > previous > Deploy to Production).\n",
    })
    repo.commit(utc("2026-11-30 01:30:00"), joel, "tests: Uncertain_LastUsableValue maps to Uncertain (TH-138)", {
        "tests/TelemetryHub.Tests/QualityMapperTests.cs": _sub(TESTS, "    [Fact]\n    public void CommsFailureIsBad()",
                                                               "    [Fact]\n    public void LastUsableIsUncertain() => Assert.Equal(Quality.Uncertain, new QualityMapper().Map(Level, StatusCodes.UncertainLastUsableValue));\n\n    [Fact]\n    public void CommsFailureIsBad()"),
    })
    repo.commit(utc("2026-11-30 02:20:00"), wiremu, "opcua: log each monitored item that goes bad, with the status code and the outstation (TH-139)\n\nThe dashboards show a grey tile and nothing tells us which status\nGeo SCADA sent.", {
        quality: QUALITY_V2,
        "tests/TelemetryHub.Tests/QualityMapperTests.cs": repo.files["tests/TelemetryHub.Tests/QualityMapperTests.cs"].replace(
            "new QualityMapper()", "new QualityMapper(Microsoft.Extensions.Logging.Abstractions.NullLogger<QualityMapper>.Instance)"),
    })
    repo.commit(utc("2026-11-30 04:05:00"), bot, "Bump OPCFoundation.NetStandard.Opc.Ua.Client from 1.5.374.126 to 1.5.374.158", {
        src + "TelemetryHub.csproj": repo.edit(src + "TelemetryHub.csproj", 'Version="1.5.374.126"', 'Version="1.5.374.158"'),
    })
    head = repo.commit(utc("2026-11-30 18:50:00"), aroha, "opcua: publishing interval 2000 ms, keepalive count 5 (TH-141)\n\nGeo SCADA's OPC UA server has run at 55-60 % CPU since the south\nzone's 900 points were added to our subscription; Schneider support\nsuggests fewer publish responses. Keepalive stays at 10 s.", {
        settings: repo.edit(settings, '    "PublishingIntervalMs": 1000,\n    "KeepAliveCount": 10,\n', '    "PublishingIntervalMs": 2000,\n    "KeepAliveCount": 5,\n'),
    })
    repo.commit(utc("2026-11-30 23:40:00"), aroha, "docs: Bad_CommunicationError across one radio channel is the radio path, check the NMS (TH-144)", {
        "docs/opcua-status-codes.md": repo.files["docs/opcua-status-codes.md"] + "\nMany outstations of one radio channel (say, all the north zone's far\nsites) failing and recovering in Geo SCADA is the radio path, not our\nsession: check the repeater's noise floor and alarms in the radio NMS\nbefore restarting or rolling back anything (1 December: a carrier's new\nLTE sector at Kaitoa desensitised KTA-RPT).\n",
    })
    return repo, {"v273": v273, "head": head}


# ---------------------------------------------------------------------------
# the morning in Totara Valley


def noise_floor(rng, t):
    if t < SECTOR_ON or t >= SECTOR_OFF:
        return -118 + rng.gauss(0, 0.7)
    if t < UNLOCK:
        return -106 + rng.gauss(0, 1.2)
    ramp = min(1.0, (t - UNLOCK).total_seconds() / 3000)
    return -99 + 3.5 * ramp + 1.2 * math.sin((t - UNLOCK).total_seconds() / 420) + rng.gauss(0, 1.3)


def per(snr):
    return min(0.995, max(0.0003, 1 / (1 + math.exp((snr - 9) / 1.3))))


def build_logs(rng, shas):
    hub, dnp3, journal, nms, noc, octo, teams = (Log("telemetry-hub.log"), Log("geoscada-dnp3.log"), Log("geoscada-event-journal.log"),
                                                Log("radio-nms.log"), Log("ridgeline-noc-notices.log"), Log("octopus-task-log.log"),
                                                Log("teams-water-ops-incidents.log"))
    stats = {"failed": [], "nf": []}

    def dlog(t, channel, msg):
        if START <= t < END:
            dnp3.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} [DNP3] [{channel}] {msg}")

    def ev(t, severity, source, message, user=""):
        if t.microsecond == 0:
            t += dt.timedelta(milliseconds=rng.randint(1, 999))
        if START <= t < END:
            journal.add(t, f'{t.strftime("%Y-%m-%d %H:%M:%S.")}{t.microsecond // 1000:03d},"{severity}","{source}","{message}","{user}"')

    # ------------------------------------------------------------------ DNP3 polling of the north zone
    nf_cache = {}

    def nf_at(t):
        key = int(t.timestamp()) // 10
        if key not in nf_cache:
            nf_cache[key] = noise_floor(rng, dt.datetime.fromtimestamp(key * 10, dt.timezone.utc))
        return nf_cache[key]

    chan = "UHF North (KTA-RPT)"
    transitions = {}  # name -> [(t, "fail"|"restore")]
    for addr, name, cls, rssi in NORTH:
        t = START - dt.timedelta(minutes=5) + dt.timedelta(seconds=rng.uniform(0, 30))
        failed = False
        trans = transitions.setdefault(name, [])
        while t < END:
            attempts = 1 if failed else 3
            ok_at = None
            for a in range(attempts):
                ta = t + dt.timedelta(seconds=8 * a)
                snr = rssi + rng.gauss(0, 1.5) - nf_at(ta)
                if rng.random() >= per(snr):
                    ok_at = ta
                    break
                if not failed and a < attempts - 1:
                    dlog(ta + dt.timedelta(seconds=8), chan, f"Outstation {addr} '{name}': response timeout (8000 ms) on Class 1,2,3 poll, retry {a + 1} of 2")
            if ok_at is None and not failed:
                tf = t + dt.timedelta(seconds=24, milliseconds=rng.randint(2, 40))
                dlog(tf, chan, f"Outstation {addr} '{name}': communications failed after 3 attempts")
                ev(tf + dt.timedelta(milliseconds=rng.randint(50, 400)), "High", f"Water.North Zone.{name}", "Outstation Communications Failed")
                trans.append((tf, "fail"))
                failed = True
                stats["failed"].append(tf)
            elif ok_at is not None and failed:
                tr = ok_at + dt.timedelta(milliseconds=rng.randint(300, 1900))
                dlog(tr, chan, f"Outstation {addr} '{name}': communications restored, integrity poll queued")
                n_ev = rng.randint(2, 40)
                dlog(tr + dt.timedelta(seconds=rng.uniform(2, 5)), chan, f"Outstation {addr} '{name}': integrity poll complete, {len(ITEMS[cls])} points, {n_ev} buffered events")
                ev(tr + dt.timedelta(milliseconds=rng.randint(50, 400)), "High", f"Water.North Zone.{name}", "Outstation Communications Restored")
                trans.append((tr, "restore"))
                failed = False
            t += dt.timedelta(seconds=60 if failed else 30, milliseconds=rng.randint(-300, 300))

    # the other channels: a few timeouts on the far sites, no failures
    for channel, addr, name, rssi in OTHER:
        t = START + dt.timedelta(seconds=rng.uniform(0, 30))
        while t < END:
            if rng.random() < per(rssi + 118 + rng.gauss(0, 2)) * 3 + 0.002:
                dlog(t + dt.timedelta(seconds=8), channel, f"Outstation {addr} '{name}': response timeout (8000 ms) on Class 1,2,3 poll, retry 1 of 2")
            t += dt.timedelta(seconds=30, milliseconds=rng.randint(-300, 300))
    for t0 in [START + dt.timedelta(minutes=m) for m in range(0, 315, 15)]:
        dlog(t0 + dt.timedelta(seconds=rng.uniform(0, 3)), "IP (Fibre)", f"Outstation 2 'Waitaha WTP': integrity poll complete, 412 points, {rng.randint(0, 30)} buffered events")
        dlog(t0 + dt.timedelta(seconds=rng.uniform(3, 6)), "IP (Fibre)", f"Outstation 3 'Totara Valley WWTP': integrity poll complete, 356 points, {rng.randint(0, 30)} buffered events")

    onset = min(stats["failed"])
    stats["onset"] = onset

    def bad_sites(t):
        out = []
        for _, name, cls, _ in NORTH:
            state = False
            for tt, kind in transitions[name]:
                if tt > t:
                    break
                state = kind == "fail"
            if state:
                out.append((name, cls))
        return out

    stats["bad_sites"] = bad_sites

    # ------------------------------------------------------------------ Geo SCADA event journal: the rest
    ev(GATE_OPEN, "Low", "Water.North Zone.Kaitoa Repeater Site.Gate.Open", "Compound Gate Open")
    ev(GATE_OPEN + dt.timedelta(minutes=3, seconds=12), "Low", "Water.North Zone.Kaitoa Repeater Site.Gate.Open", "Alarm Acknowledged", "j.walker")
    ev(GATE_CLOSED, "Low", "Water.North Zone.Kaitoa Repeater Site.Gate.Open", "Compound Gate Closed")
    ngaio_fail = next(tt for tt, kind in transitions["Ngaio Pump Station"] if kind == "fail")
    ev(ngaio_fail + dt.timedelta(minutes=5, seconds=2), "Medium", "Water.North Zone.Ngaio Pump Station.Control.Mode", "Control Mode LOCAL TIMER (SCADA heartbeat lost 5 min)")
    ev(utc("2026-11-30 22:31:40"), "Medium", "Water.North Zone.Ngaio Pump Station.Control.Mode", "Control Mode HAND (local panel)")
    ev(utc("2026-11-30 22:52:15"), "Medium", "Water.North Zone.Ngaio Pump Station.Control.Mode", "Control Mode REMOTE AUTO", "j.walker")
    ev(utc("2026-11-30 22:52:44"), "Low", "Water.North Zone.Ngaio Pump Station.P1.Run", "Pump 1 Started (remote, Te Rimu 57.1 % < 60 %)")
    for t0, sev, src_, msg in ((utc("2026-11-30 18:44:10"), "Medium", "Water.Treatment.Waitaha WTP.Filter 3", "Backwash Started"),
                               (utc("2026-11-30 18:58:42"), "Medium", "Water.Treatment.Waitaha WTP.Filter 3", "Backwash Complete"),
                               (utc("2026-11-30 19:20:05"), "High", "Water.Treatment.Waitaha WTP.Clearwell.Chlorine", "Free Chlorine High 1.62 mg/L"),
                               (utc("2026-11-30 19:37:51"), "High", "Water.Treatment.Waitaha WTP.Clearwell.Chlorine", "Free Chlorine Normal 1.38 mg/L"),
                               (utc("2026-11-30 20:22:30"), "Medium", "Water.South Zone.Kiwi St WWPS.Wet.Well", "Wet Well High 78 %"),
                               (utc("2026-11-30 20:31:02"), "Medium", "Water.South Zone.Kiwi St WWPS.Wet.Well", "Wet Well Normal 41 %"),
                               (utc("2026-11-30 21:48:30"), "Medium", "Water.Treatment.Waitaha WTP.Filter 1", "Backwash Started"),
                               (utc("2026-11-30 22:03:11"), "Medium", "Water.Treatment.Waitaha WTP.Filter 1", "Backwash Complete"),
                               (utc("2026-11-30 23:18:20"), "Low", "Water.East Zone.Te Ahu Reservoir.Door.Open", "Door Open (operator on site)")):
        ev(t0 + dt.timedelta(milliseconds=rng.randint(1, 999)), sev, src_, msg)
    acks = 0
    for name, trans in transitions.items():
        for tt, kind in trans:
            if kind == "fail" and rng.random() < 0.35 and acks < 40:
                acks += 1
                ev(tt + dt.timedelta(seconds=rng.uniform(20, 200)), "High", f"Water.North Zone.{name}", "Alarm Acknowledged", rng.choice(["j.walker", "m.pene"]))

    # ------------------------------------------------------------------ radio NMS (syslog RFC 5424)
    def nlog(t, pri, msgid, msg):
        if START <= t < END:
            nms.add(t, f"<{pri}>1 {t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z nms01.scada.tvdc.local aprisa-nms 2231 {msgid} - {msg}")

    t = START
    alarm = False
    while t < END:
        t += dt.timedelta(seconds=60)
        for rpt, base in (("KTA-RPT", None), ("PKT-RPT", -117), ("TAH-RPT", -119)):
            tt = t + dt.timedelta(milliseconds=rng.randint(100, 900) + (0 if rpt == "KTA-RPT" else 1200 if rpt == "PKT-RPT" else 2300))
            v = nf_at(tt) if base is None else base + rng.gauss(0, 0.7)
            if rpt == "KTA-RPT":
                stats["nf"].append((tt, v))
            nlog(tt, 134, "DIAG", f"{rpt} rx noise floor {v:.0f} dBm, tx fwd {rng.uniform(4.9, 5.1):.1f} W, vswr {rng.uniform(1.15, 1.25):.2f}, temp {rng.randint(24, 31)} C")
            if rpt == "KTA-RPT":
                if v > -110 and not alarm:
                    nlog(tt + dt.timedelta(milliseconds=40), 131, "ALARM", f"KTA-RPT alarm raised: Rx noise floor high ({v:.0f} dBm, threshold -110 dBm); notified radio-alarms@tvdc.govt.nz")
                    alarm = True
                elif v < -114 and alarm:
                    nlog(tt + dt.timedelta(milliseconds=40), 133, "ALARM", f"KTA-RPT alarm cleared: Rx noise floor high ({v:.0f} dBm)")
                    alarm = False
    for t0 in [START + dt.timedelta(minutes=m) for m in range(7, 315, 15)]:
        for k, (addr, name, cls, rssi) in enumerate(NORTH):
            tt = t0 + dt.timedelta(seconds=k * 2.5 + rng.uniform(0, 1))
            if (name, cls) in bad_sites(tt) and rng.random() < 0.8:
                nlog(tt, 132, "POLL", f"KTA-RPT remote {addr} ({name}) no response to diagnostics poll")
            else:
                nf = nf_at(tt)
                nlog(tt, 134, "POLL", f"KTA-RPT remote {addr} ({name}) rssi {rssi + rng.gauss(0, 1.2):.0f} dBm, snr {rssi - nf:.0f} dB")

    # ------------------------------------------------------------------ Ridgeline Towers' tenant notices (JSON)
    def notice(posted, **body):
        noc.add(posted, json.dumps({"posted": posted.astimezone(NZ).isoformat(), **body}, ensure_ascii=False))

    notice(utc("2026-11-26 02:10:00"), id="RT-NOC-26-1152", site="Te Ahu (TAH)", category="Planned works", status="Scheduled",
           title="Access track grading, Te Ahu", detail="Contractors will grade the access track on Thu 3 Dec 07:00-15:00. Vehicle access to the compound is restricted during the works; pedestrian access is unaffected.",
           window="2026-12-03 07:00-15:00 NZDT")
    notice(utc("2026-11-29 20:45:00"), id="RT-NOC-26-1179", site="Waitomo Rd (WTR)", category="Fault", status="Resolved",
           title="Mains supply restored, Waitomo Rd", detail="Mains supply restored at 09:40 after a lines company fault; site ran on batteries for 2 h 10 min. No tenant outages reported.",
           window="2026-11-30 07:30-09:40 NZDT")
    notice(NOTICE, id="RT-NOC-26-1187", site="Kaitoa (KTA)", category="Planned works", status="In progress",
           title="Kaitoa: tenant installation and commissioning of new equipment",
           detail="Planned works at Kaitoa (KTA): tenant installation and commissioning of new equipment (Kiwa Mobile, LTE 700 MHz panels and remote radio units, sector 2). Works 08:30-12:30. Power and access unaffected; no outage to other tenants expected. Site contact: Ridgeline NOC 0800 743 544.",
           window="2026-12-01 08:30-12:30 NZDT")
    notice(UPDATE, id="RT-NOC-26-1187", site="Kaitoa (KTA)", category="Planned works", status="Suspended",
           title="Kaitoa: Kiwa Mobile LTE 700 sector powered down",
           detail="Update: at the request of a co-located tenant reporting interference on its UHF receive path, Kiwa Mobile powered down its new LTE 700 MHz sector at Kaitoa at 11:38. Kiwa Mobile's RF team will investigate with the tenant before the sector returns to service.",
           window="2026-12-01 08:30-12:30 NZDT")

    # ------------------------------------------------------------------ telemetry-hub (journal)
    pids = [(START - dt.timedelta(hours=20), 24817)]

    def jl(t, text, ident="telemetry-hub"):
        if START <= t < END:
            pid = [p for s, p in pids if s <= t][-1]
            who = f"{ident}[{pid}]" if ident == "telemetry-hub" else "systemd[1]"
            hub.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}+0000 {HOST} {who}: {text}")

    versions = [(START - dt.timedelta(hours=20), "2.7.3", shas["v273"]), (RELEASE, "2.8.0", shas["head"]), (RESTART, "2.8.0", shas["head"]),
                (ROLLBACK, "2.7.3", shas["v273"]), (REDEPLOY, "2.8.0", shas["head"])]

    def version_at(t):
        cur = versions[0]
        for v in versions:
            if t >= v[0]:
                cur = v
        return cur

    sub_id = {RELEASE: 7, RESTART: 8, ROLLBACK: 9, REDEPLOY: 10}
    for i, (t0, ver, sha) in enumerate(versions[1:]):
        kind = "restart" if t0 == RESTART else "deploy"
        stop_t = t0 if kind == "restart" else t0 - dt.timedelta(seconds=6.5)
        jl(stop_t, "Stopping telemetry-hub.service - TVDC telemetry hub (Geo SCADA to InfluxDB)...", "systemd")
        jl(stop_t + dt.timedelta(milliseconds=30), "info: Microsoft.Hosting.Lifetime[0] Application is shutting down...")
        jl(stop_t + dt.timedelta(milliseconds=820), "telemetry-hub.service: Deactivated successfully.", "systemd")
        jl(stop_t + dt.timedelta(milliseconds=840), "Stopped telemetry-hub.service - TVDC telemetry hub (Geo SCADA to InfluxDB).", "systemd")
        cpu = (stop_t - pids[-1][0]).total_seconds() * rng.uniform(0.18, 0.24)
        jl(stop_t + dt.timedelta(milliseconds=850), f"telemetry-hub.service: Consumed {int(cpu // 3600)}h {int(cpu % 3600 // 60)}min {cpu % 60:.3f}s CPU time."
           if cpu >= 3600 else f"telemetry-hub.service: Consumed {int(cpu // 60)}min {cpu % 60:.3f}s CPU time.", "systemd")
        start = t0 + dt.timedelta(seconds=(1 if kind == "restart" else -0.7))
        pids.append((start, pids[-1][1] + rng.randint(300, 4000)))
        jl(start, "Starting telemetry-hub.service - TVDC telemetry hub (Geo SCADA to InfluxDB)...", "systemd")
        jl(start + dt.timedelta(milliseconds=612), f"info: Program[0] telemetry-hub {ver}+{sha} starting")
        jl(start + dt.timedelta(milliseconds=690), "info: TelemetryHub.OpcUa.GeoScadaSession[0] connecting to opc.tcp://geoscada01.scada.tvdc.local:4845 (Basic256Sha256, SignAndEncrypt)")
        jl(start + dt.timedelta(milliseconds=1410), "info: TelemetryHub.OpcUa.GeoScadaSession[0] session 'telemetry-hub@tlm-hub01' created, server Geo SCADA Expert 2025 (Schneider Electric) 86.7841.1")
        jl(start + dt.timedelta(milliseconds=1520), "Started telemetry-hub.service - TVDC telemetry hub (Geo SCADA to InfluxDB).", "systemd")
        jl(start + dt.timedelta(milliseconds=1530), f"info: Microsoft.Hosting.Lifetime[0] Application started. Hosting environment: Production; Content root path: /opt/telemetry-hub/{ver}")
        interval, keep = (2000, 5) if ver == "2.8.0" else (1000, 10)
        jl(start + dt.timedelta(milliseconds=4870), f"info: TelemetryHub.OpcUa.SubscriptionManager[0] subscription {sub_id[t0]} created: publishing interval {interval} ms, keepalive count {keep}, 3184 items")
        versions[i + 1] = (t0, ver, sha, start + dt.timedelta(milliseconds=4870))
    versions[0] = versions[0] + (START - dt.timedelta(hours=20),)

    def created_at(t):
        return version_at(t)[3]

    # per-item bad/good lines (TH-139 only) and the stale monitor, driven by the site transitions
    item_lines = []
    for _, name, cls, _ in NORTH:
        for tt, kind in transitions[name]:
            item_lines.append((tt, name, cls, kind))
    item_lines.sort(key=lambda x: x[0])
    bad_since = {}

    def items_bad(t, name, cls, since):
        ver = version_at(t)[1]
        if ver != "2.8.0":
            return
        code = "BadCommunicationError (0x80050000)"
        for k, item in enumerate(ITEMS[cls]):
            jl(t + dt.timedelta(milliseconds=k * 3 + rng.randint(0, 2)),
               f"warn: TelemetryHub.OpcUa.QualityMapper[0] monitored item went bad: ns=2;s=Water.North Zone.{name}.{item} {code}, outstation {name}")

    def items_good(t, name, cls, since):
        ver = version_at(t)[1]
        if ver != "2.8.0":
            return
        secs = (t - max(since, created_at(t))).total_seconds()
        for k, item in enumerate(ITEMS[cls]):
            jl(t + dt.timedelta(milliseconds=k * 3 + rng.randint(0, 2)),
               f"info: TelemetryHub.OpcUa.QualityMapper[0] monitored item good again: ns=2;s=Water.North Zone.{name}.{item} after {secs:.0f} s")

    for tt, name, cls, kind in item_lines:
        ver, created = version_at(tt)[1], created_at(tt)
        lag = dt.timedelta(milliseconds=rng.randint(900, 2100) if ver == "2.8.0" else rng.randint(400, 1100))
        if kind == "fail":
            bad_since[name] = tt
            items_bad(tt + lag, name, cls, tt)
        else:
            since = bad_since.pop(name, tt)
            items_good(tt + dt.timedelta(seconds=rng.uniform(2.5, 5.5)) + lag, name, cls, since)
    # a new subscription's first notifications: the sites that are down then
    for t0 in (RESTART, ROLLBACK, REDEPLOY):
        created = created_at(t0 + dt.timedelta(seconds=30))
        for name, cls in bad_sites(created):
            items_bad(created + dt.timedelta(milliseconds=rng.randint(300, 1500)), name, cls, created)

    # stale-site monitor: state resets with each process
    stale_state = {}
    t = START
    starts = [v[3] for v in versions[1:]]
    while t < END:
        t += dt.timedelta(seconds=60)
        if any(s <= t < s + dt.timedelta(seconds=60) for s in starts):
            stale_state = {}
        proc_start = max([s for s in [START - dt.timedelta(hours=20)] + starts if s <= t])
        down = dict(bad_sites(t))
        for _, name, cls, _ in NORTH:
            st = stale_state.setdefault(name, {"last_good": proc_start, "stale": False})
            if name not in down:
                if st["stale"]:
                    jl(t - dt.timedelta(seconds=rng.uniform(5, 50)), f"info: TelemetryHub.Alerts.StaleSiteMonitor[0] site data fresh again: {name} after {(t - st['last_good']).total_seconds() / 60:.0f} min")
                st["last_good"], st["stale"] = t, False
            elif not st["stale"] and t - st["last_good"] > dt.timedelta(minutes=STALE_MIN[cls]):
                jl(t + dt.timedelta(milliseconds=rng.randint(5, 300)), f"warn: TelemetryHub.Alerts.StaleSiteMonitor[0] site data stale: {name}, no good value for {STALE_MIN[cls]} min ({cls} threshold)")
                jl(t + dt.timedelta(milliseconds=rng.randint(400, 900)), f"info: TelemetryHub.Alerts.TeamsNotifier[0] posted to #water-duty-operator: Site data stale: {name} ({cls})")
                st["stale"] = True

    # historian summaries and subscription health
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        nbad = sum(len(ITEMS[c]) for _, c in bad_sites(t))
        pts = int(rng.uniform(38000, 44000))
        jl(t, f"info: TelemetryHub.Historian.InfluxWriter[0] historian: {pts} points in the last minute ({nbad * 12 if nbad else rng.randint(0, 30)} bad quality), 12 writes, max {rng.randint(21, 80)} ms")
        if t.minute % 5 == 0 and t.second < 60:
            ver = version_at(t)[1]
            sid = {RELEASE: 7, RESTART: 8, ROLLBACK: 9, REDEPLOY: 10}.get(version_at(t)[0], 6)
            jl(t + dt.timedelta(milliseconds=400), f"info: TelemetryHub.OpcUa.Health[0] subscription {sid}: 3184 items, {nbad} bad, {rng.randint(9000, 14000)} notifications in 5 min, publish latency p95 {rng.randint(140, 260) + (200 if ver == '2.8.0' else 0)} ms")
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(-200, 200))
    for _ in range(6):
        t = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        jl(t, f"warn: TelemetryHub.OpcUa.QualityMapper[0] monitored item went bad: ns=2;s=Water.South Zone.Waitaha Bore 5.UV.Intensity BadSensorFailure (0x808B0000), outstation Waitaha Bore 5" if version_at(t)[1] == "2.8.0"
           else "warn: TelemetryHub.Historian.InfluxWriter[0] write retried: 503 Service Unavailable from https://influx.scada.tvdc.local:8086 (compaction), 1 retry")

    # ------------------------------------------------------------------ Octopus Deploy task log
    def olog(t, level, text):
        octo.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 1000:03d}Z {level:<8} {text}")

    def deploy(t0, task, release, sha, by, note=""):
        steps = [
            (0, "Info", f"{task}: Deploy Telemetry Hub release {release} to Production{note}, requested by {by}"),
            (0.2, "Verbose", f"Release {release}: package TVDC.TelemetryHub {release} from GitHub Actions (commit {sha}, branch main)"),
            (1.1, "Info", "Step 1: Stop telemetry-hub on tlm-hub01"),
            (1.4, "Info", "sudo systemctl stop telemetry-hub"),
            (2.3, "Info", f"Step 2: Deploy TVDC.TelemetryHub {release} to /opt/telemetry-hub/{release}"),
            (3.1, "Verbose", f"Package TVDC.TelemetryHub.{release}.zip already on tlm-hub01, skipping transfer" if "redeploy" in note or "rollback" in note.lower() else f"Uploaded TVDC.TelemetryHub.{release}.zip (41.7 MB) to tlm-hub01"),
            (6.8, "Info", "Step 3: Start telemetry-hub (/opt/telemetry-hub/current -> " + release + ")"),
            (7.2, "Info", f"sudo ln -sfn /opt/telemetry-hub/{release} /opt/telemetry-hub/current && sudo systemctl start telemetry-hub"),
            (9.9, "Info", f"Deploying Telemetry Hub release {release} to Production: success"),
        ]
        for off, level, text in steps:
            olog(t0 - dt.timedelta(seconds=2) + dt.timedelta(seconds=off), level, text)

    deploy(utc("2026-11-30 00:24:50"), "ServerTasks-58107", "2.7.3", shas["v273"], "Wiremu Tane")
    deploy(RELEASE - dt.timedelta(seconds=6), "ServerTasks-58213", "2.8.0", shas["head"], "Wiremu Tane")
    deploy(ROLLBACK - dt.timedelta(seconds=6), "ServerTasks-58221", "2.7.3", shas["v273"], "Wiremu Tane", " (rollback)")
    deploy(REDEPLOY - dt.timedelta(seconds=6), "ServerTasks-58240", "2.8.0", shas["head"], "Wiremu Tane", " (redeploy)")

    # ------------------------------------------------------------------ Teams
    def say(t, who, body):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                                 "channel": "water-ops-incidents", "from": who, "body": body}, ensure_ascii=False))

    first_local = onset.astimezone(NZ).strftime("%H:%M")
    say(RELEASE - dt.timedelta(minutes=2, seconds=10), "Wiremu Tane", "releasing telemetry-hub 2.8.0: per-item bad-quality logging (TH-139), publishing interval 2 s / keepalive 5 for Geo SCADA's CPU (TH-141), OPC UA stack 1.5.374.158")
    say(RELEASE + dt.timedelta(minutes=2, seconds=20), "Wiremu Tane", "2.8.0 running, subscription 7 with 3184 items, 0 bad")
    jo_t = onset + dt.timedelta(minutes=11)
    seen = sorted({name: min(tt for tt, kind in trans if kind == "fail") for name, trans in transitions.items() if any(kind == "fail" and tt < jo_t for tt, kind in trans)}.items(), key=lambda x: x[1])
    say(jo_t, "Jo Walker (control room)", "north zone sites dropping in and out on the dashboards: " + ", ".join(n.replace(" Reservoir", "") for n, _ in seen[:4]) + "...")
    say(onset + dt.timedelta(minutes=15), "Wiremu Tane", f"seeing it: BadCommunicationError on {round(sum(len(ITEMS[c]) for _, c in bad_sites(onset + dt.timedelta(minutes=15))), -1)} items since {first_local}, north zone sites. 2.8.0 changed the subscription this morning. runbook says restart first, restarting")
    say(RESTART + dt.timedelta(minutes=1, seconds=30), "Wiremu Tane", "restarted, the same items come back Bad straight away. rolling back to 2.7.3")
    say(ROLLBACK + dt.timedelta(minutes=1, seconds=40), "Wiremu Tane", "2.7.3 back. same sites bad, only the per-item warnings are gone")
    say(ROLLBACK + dt.timedelta(minutes=6), "Jo Walker (control room)", "Geo SCADA has them in comms failed too, not just your dashboards. all north zone, all through Kaitoa")
    say(ROLLBACK + dt.timedelta(minutes=8), "Aroha Ngata", "then it's the radio path, not our OPC UA session. @Hemi Rawiri can you look at KTA-RPT?")
    say(ROLLBACK + dt.timedelta(minutes=14), "Hemi Rawiri (instrumentation)", "NMS: KTA-RPT rx noise floor -95 dBm, it's normally -118. alarm since 08:53, it went to the radio-alarms mailbox. something is transmitting up there. and the Kaitoa gate has been open since 08:31")
    say(NOTICE + dt.timedelta(minutes=2), "Hemi Rawiri (instrumentation)", "Ridgeline's notice board just posted it: Kiwa Mobile installing and commissioning LTE 700 at Kaitoa today 08:30-12:30. calling their NOC")
    say(utc("2026-11-30 21:52:30"), "Jo Walker (control room)", "Te Rimu last good value 61 % and Ngaio stuck on its local timer. sending Mike to run Ngaio in hand")
    say(utc("2026-11-30 22:19:40"), "Hemi Rawiri (instrumentation)", "Kiwa's RF engineer on the phone. their new panels are 2 m under our UHF antenna. they'll power the sector down while they look at it")
    say(SECTOR_OFF + dt.timedelta(minutes=3), "Hemi Rawiri (instrumentation)", "noise floor back to -118 at 11:38. north zone coming back")
    say(utc("2026-11-30 22:53:30"), "Jo Walker (control room)", "all north zone outstations back, Ngaio in remote auto again. Te Rimu 57 %")
    say(REDEPLOY + dt.timedelta(minutes=2), "Wiremu Tane", "redeploying 2.8.0, it wasn't the release")
    say(utc("2026-11-30 23:21:00"), "Hemi Rawiri (instrumentation)", "Kiwa will fit a filter and move their panels before the sector comes back. asked Ridgeline to send RF works at our sites to water services, not just property")
    return [hub, dnp3, journal, nms, noc, octo, teams], stats


def build(out_dir):
    rng = random.Random(51200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["onset"].replace(microsecond=0)
        assert utc("2026-11-30 20:39:30") <= onset <= utc("2026-11-30 20:45:00"), onset
        bad_sites, nf = stats["bad_sites"], stats["nf"]

        def nearest_nf(t):
            return min(nf, key=lambda x: abs((x[0] - t).total_seconds()))[1]

        metrics = {
            "radio_rx_noise_floor_dbm.json": query_range(
                [({"job": "aprisa-nms", "radio": "KTA-RPT"}, lambda t: round(nearest_nf(t), 1)),
                 ({"job": "aprisa-nms", "radio": "PKT-RPT"}, lambda t: -117),
                 ({"job": "aprisa-nms", "radio": "TAH-RPT"}, lambda t: -119)],
                START, END, 60),
            "geoscada_outstations_comms_failed.json": query_range(
                [({"job": "geoscada-exporter", "channel": "UHF North (KTA-RPT)"}, lambda t: len(bad_sites(t))),
                 ({"job": "geoscada-exporter", "channel": "UHF South (PKT-RPT)"}, lambda t: 0),
                 ({"job": "geoscada-exporter", "channel": "UHF East (TAH-RPT)"}, lambda t: 0)],
                START, END, 60),
            "telemetry_hub_bad_items.json": query_range(
                [({"job": "telemetry-hub", "instance": "tlm-hub01:9464"}, lambda t: sum(len(ITEMS[c]) for _, c in bad_sites(t)))],
                START, END, 60),
        }
        return write_scenario(
            out_dir, name="r51-repeater-lte-desense-none", service=SERVICE, onset=onset,
            description=f"""
Totara Valley District Council loses the north zone's telemetry on Tuesday
1 December (NZDT; 30 November in UTC): from {onset.strftime('%H:%M:%S')} UTC the far
outstations behind the Kaitoa radio repeater fail their DNP3 polls and
flap between failed and restored in Geo SCADA, and their items go
Bad_CommunicationError in telemetry-hub; Ngaio pump station falls back to
its local timer. A telemetry-hub release had gone out at 20:13; a restart
and a rollback at 21:09 did not help. The outstations come back at about
22:39-22:46.
""",
            logs=logs, line_formats={"telemetry-hub.log": r"<Time> <Host> <Proc>\[<Pid>\]: <Content>"},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r"alarm raised: Rx noise floor high",
                r"tenant installation and commissioning of new equipment",
                r"interference on its UHF receive path",
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. A mobile carrier (Kiwa Mobile) installed LTE 700
MHz panels at the Kaitoa hilltop site, two metres under the council's UHF
repeater antenna, and powered the sector for commissioning at 19:52 UTC
(08:52 NZDT) and for live traffic at 20:39: the repeater's receiver was
desensitised, its noise floor rose from -118 to about -106 and then -95
dBm (the radio NMS: "KTA-RPT alarm raised: Rx noise floor high", to a
mailbox nobody watched), and the outstations with the weakest signal at
the repeater failed their polls ("communications failed after 3
attempts") and flapped. Ridgeline Towers' notice of the works ("tenant
installation and commissioning of new equipment") reached its feed at
21:31, two hours after they began; its update at 22:44 says the sector was
powered down at the request of a tenant reporting "interference on its
UHF receive path". Nothing in this repository is changed for it.
Decoys: the 20:13 release 2.8.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with
TH-141 (publishing interval and keepalive count of the very OPC UA
subscription), TH-139 (adds the very "monitored item went bad ...
BadCommunicationError" line) and the OPC UA stack bump; the restart the
runbook prompts (the items come back Bad at once) and the rollback to
2.7.3 at 21:09 without effect (the old "site data stale" warnings
instead), and 2.8.0 released again at 23:10; the docs commit that says
Bad_CommunicationError on many items is our session; the runbook commit
that says to restart and roll back; the stale thresholds, historian
batching, InfluxDB client and test commits; the south zone's odd
timeouts, a Waitaha bore's failed UV sensor, InfluxDB's compaction 503s,
Waitaha WTP's routine alarms and Ridgeline's notices for other sites.
Clues a careful reader has before the notice: the Kaitoa compound gate
alarm at 19:31, the north zone's far sites needing DNP3 retries from 19:53
(before the release), and the NMS alarm.
""",
        )
    finally:
        repo.close()
