"""bhs-gateway (C#, .NET 8 worker service on BHSGW01; IBM MQ client;
PostgreSQL bag store; Octopus Deploy) of Northmoor Airport (NMR), a
regional airport in the north of England: it stores each bag of every
Baggage Source Message (BSM, IATA RP 1745) that AirMesh BagRelay, a Type
B message service, puts on NMR.BSM.IN, and answers Kestrel's sortation
controller (SAC) when it reads a tag at ATR-1: a make-up lateral from
the AODB's allocations, the early bag store, the late chute, or the
manual encoding station (MES-1) for bags it has no BSM for. Bags waiting
for MES-1 circulate on the MES loop (14 places) and are asked about
again at ATR-2 on every pass; when the loop is full the SAC sends bags
to the problem bag area (PBA-1), where handlers sort them by hand.

Every carrier's BSMs reach AirMesh within a second of check-in (the
handler's and KLM's departure control systems log the acknowledgement).
AirMesh routes them through its Amsterdam hub (AMS2), except Loganair's,
whose DCS is on AirMesh's London hub (LON1). The gateway has warned for
years when a BSM arrives more than 10 minutes after the time on its
Type B origin line ("BSM for bag ... arrived N min after it was sent
(origin LTNBYXH 171447)").

Friday 17 July 2026, the first afternoon of the school holidays in the
north of England. 13:55 UTC: gateway 2.31.0 is deployed in the
afternoon lull with the control room's consent (BAG-412: MQ gets under
syncpoint, committed after the bag is stored, after BSMs were lost in a
restart on Tuesday; BAG-414, which turns the "Bag without BSM" info line
into the very "No BSM for bag ... to MES-1" warning; BAG-415 in the
intake file; an IBM MQ client bump). The runbook (a commit of the day
before) says that when BSMs stop the listener hangs after a broken
connection: restart it, and roll back if it follows a deploy.

14:37:40 UTC: a message router in AirMesh's AMS2 hub stalls after a
storage failover. Messages are accepted and acknowledged to the DCSs
but delivered at a trickle, oldest first. From 14:39 nearly every bag
reaches ATR-1 before its BSM: "No BSM for bag", MES-1, the loop fills,
bags go to PBA-1; only Loganair's bags sort. The BSMs that trickle in
are older and older ("arrived 12 min after it was sent", then 20, 30).
The on-call sees the warning is new in today's release and BAG-412
touched the queue reading; per the runbook he restarts the gateway at
15:02 (nothing changes) and rolls back to 2.30.2 at 15:08 (the warning
goes back to "Bag without BSM", the bags keep coming without BSMs). The
control room switches the SAC to carrier fallback at 15:12 (bags of a
carrier with a single open make-up go to it by the tag's airline code).
The handler's DCS report shows every BSM sent and acknowledged by
AirMesh; Priya sees that the few BSMs arriving are half an hour old and
that Loganair's (London hub) are on time; the queue manager shows
AirMesh's channel running with nothing waiting. AirMesh posts an
investigation at 15:19; the router recovers at 15:33:50 and the backlog
of about 200 BSMs arrives in three minutes (each "arrived N min after it
was sent"); bags on the MES loop are sorted on their next pass. 2.31.0 is
deployed again at 16:24. Nothing in bhs-gateway caused it.

Sources: the gateway (Serilog file sink, line format), the gateway's raw
BSM audit (MQ get header and the Type B message, multi-line), Kestrel SCS
event journal (semicolon separated, line format), IBM MQ queue manager
error log (AMQERR01.LOG, multi-line), the handler's DCS BSM transmission
report (CSV), AirMesh status page (JSON lines), the FIDS server (syslog
RFC 3164), Octopus Deploy task logs, Teams #bhs-ops (JSON lines)."""

import datetime as dt
import heapq
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "bhs-gateway"
START, END = utc("2026-07-17 12:35:00"), utc("2026-07-17 16:55:00")
DEPLOY = utc("2026-07-17 13:55:30")       # 2.31.0 live
STALL = utc("2026-07-17 14:37:40")        # AirMesh AMS2 router stalls
RESTART = utc("2026-07-17 15:02:40")      # runbook: restart the service
ROLLBACK = utc("2026-07-17 15:08:30")     # 2.30.2
FALLBACK_ON = utc("2026-07-17 15:12:20")  # SAC carrier fallback
RECOVER = utc("2026-07-17 15:33:50")      # AMS2 router back, backlog flushed
FALLBACK_OFF = utc("2026-07-17 15:46:00")
REDEPLOY = utc("2026-07-17 16:24:10")     # 2.31.0 again
THIRD_OP = utc("2026-07-17 15:06:00")

# key, airline, number, destination, STD (UTC), lateral, bags, check-in opens (min before STD)
FLIGHTS = [
    ("BY6440", "BY", "6440", "PMI", "14:20", "MU-4", 196, 180),
    ("FR4463", "FR", "4463", "AGP", "14:45", "MU-1", 88, 120),
    ("U21905", "U2", "1905", "FAO", "15:05", "MU-2", 118, 120),
    ("LS0893", "LS", "0893", "DLM", "15:20", "MU-6", 186, 180),
    ("KL1436", "KL", "1436", "AMS", "15:40", "MU-3", 92, 120),
    ("LM0423", "LM", "0423", "ABZ", "15:50", "MU-5", 24, 100),
    ("BY6446", "BY", "6446", "ALC", "16:10", "MU-4", 198, 180),
    ("U21909", "U2", "1909", "BCN", "16:30", "MU-2", 126, 120),
    ("FR4467", "FR", "4467", "DUB", "16:45", "MU-1", 64, 120),
    ("LS0897", "LS", "0897", "IBZ", "17:05", "MU-6", 178, 180),
    ("BY6452", "BY", "6452", "RHO", "17:40", "MU-4", 184, 180),
    ("LM0427", "LM", "0427", "SOU", "18:00", "MU-5", 19, 100),
    ("KL1438", "KL", "1438", "AMS", "18:35", "MU-3", 86, 120),
]
ARRIVALS = [("BY6441", "PMI", "13:10", "R1"), ("FR4464", "AGP", "13:55", "R2"), ("KL1435", "AMS", "14:45", "R1"),
            ("U21906", "FAO", "14:20", "R2"), ("LS0894", "DLM", "15:35", "R1"), ("LM0422", "ABZ", "15:15", "R2"),
            ("BY6447", "ALC", "16:05", "R1")]
CARRIER = {"FR": "224", "U2": "888", "LM": "682", "BY": "754", "LS": "949", "KL": "074"}
ORIGIN = {"FR": "DUBFRXH", "U2": "LTNU2XH", "LM": "GLALMXH", "BY": "LTNBYXH", "LS": "LBALSXH", "KL": "AMSKLXH"}
HUB = {"LM": "LON1"}
DESKS = {"FR": (1, 4), "U2": (5, 9), "LM": (10, 11), "BY": (12, 17), "LS": (18, 22), "KL": (23, 25)}
ONWARD = [(14, ("KL0641", "JFK")), (10, ("KL0605", "SFO")), (8, ("KL0601", "LAX")), (8, ("KL0861", "HND")), (7, ("KL0835", "SIN")),
          (6, ("KL0591", "JNB")), (6, ("KL0691", "YYZ")), (6, ("KL1665", "ATH")), (5, ("KL0427", "DXB"))]
SURNAMES = ["SMITH", "JONES", "TAYLOR", "BROWN", "WILSON", "EVANS", "THOMAS", "JOHNSON", "ROBERTS", "WALKER", "WRIGHT", "ROBINSON",
            "THOMPSON", "WHITE", "HUGHES", "EDWARDS", "GREEN", "HALL", "WOOD", "HARRIS", "LEWIS", "MARTIN", "JACKSON", "CLARKE",
            "TURNER", "HILL", "SCOTT", "COOPER", "MORRIS", "WARD", "MOORE", "KING", "WATSON", "BAKER", "HARRISON", "MORGAN",
            "PATEL", "YOUNG", "ALLEN", "MITCHELL", "JAMES", "ANDERSON", "PHILLIPS", "LEE", "BELL", "PARKER", "DAVIS", "KHAN",
            "DEVRIES", "KOWALSKI", "NGUYEN", "OKAFOR", "MURPHY", "DIXON", "ATKINSON", "ROBSON", "DOBSON", "FENWICK", "CHARLTON"]
GIVEN = ["JOHN", "SARAH", "DAVID", "EMMA", "JAMES", "LAURA", "PAUL", "CLAIRE", "MARK", "HELEN", "PETER", "ANNA", "CHRIS", "RACHEL",
         "STEVEN", "LISA", "ANDREW", "KATE", "GARETH", "JOANNE", "MICHAEL", "SOPHIE", "DANIEL", "AMY", "OLIVER", "ISLA", "NOAH"]


def sub(text, *pairs):
    """text with each old replaced by new once; every old must be present."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def weighted(rng, choices):
    total = sum(w for w, _ in choices)
    x = rng.uniform(0, total)
    for w, v in choices:
        x -= w
        if x <= 0:
            return v
    return choices[-1][1]


def at(hhmm):
    return utc(f"2026-07-17 {hhmm}:00")


# ---------------------------------------------------------------------------
# the repository

BUILD_PROPS = """<Project>
  <PropertyGroup>
    <Version>2.30.1</Version>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <Company>Northmoor Airport Ltd</Company>
  </PropertyGroup>
</Project>
"""

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Worker">
  <PropertyGroup>
    <AssemblyName>BhsGateway</AssemblyName>
    <RootNamespace>BhsGateway</RootNamespace>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="IBMMQDotnetClient" Version="9.4.2.0" />
    <PackageReference Include="Microsoft.Extensions.Hosting.WindowsServices" Version="8.0.1" />
    <PackageReference Include="Npgsql" Version="8.0.6" />
    <PackageReference Include="Serilog.Extensions.Hosting" Version="8.0.0" />
    <PackageReference Include="Serilog.Settings.Configuration" Version="8.0.4" />
    <PackageReference Include="Serilog.Sinks.File" Version="6.0.0" />
    <PackageReference Include="YamlDotNet" Version="16.1.3" />
  </ItemGroup>
</Project>
"""

MQ_LISTENER_V1 = """using BhsGateway.Bsm;
using IBM.WMQ;
using Microsoft.Extensions.Options;

namespace BhsGateway.Messaging;

/// <summary>
/// Reads BSMs from NMR.BSM.IN (AirMesh BagRelay's channel AIRMESH.NMRQM01
/// puts them there) and hands each to the intake. Reconnects after
/// MQRC_CONNECTION_BROKEN (BAG-221).
/// </summary>
public sealed class MqBsmListener(BsmIntake intake, IOptions<MqOptions> options, ILogger<MqBsmListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ReadAsync(ct);
            }
            catch (MQException e) when (e.ReasonCode == MQC.MQRC_CONNECTION_BROKEN)
            {
                log.LogWarning("Connection to {QueueManager} broken, reconnecting in 5 s", options.Value.QueueManager);
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
            }
        }
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        var o = options.Value;
        using var qm = new MQQueueManager(o.QueueManager, new Hashtable
        {
            [MQC.HOST_NAME_PROPERTY] = o.Host, [MQC.PORT_PROPERTY] = o.Port, [MQC.CHANNEL_PROPERTY] = o.Channel,
            [MQC.TRANSPORT_PROPERTY] = MQC.TRANSPORT_MQSERIES_MANAGED,
        });
        using var queue = qm.AccessQueue(o.Queue, MQC.MQOO_INPUT_SHARED | MQC.MQOO_INQUIRE);
        log.LogInformation("Connected to queue manager {QueueManager} (channel {Channel}), reading {Queue}", o.QueueManager, o.Channel, o.Queue);
        var count = 0;
        var window = DateTimeOffset.UtcNow;
        while (!ct.IsCancellationRequested)
        {
            var message = new MQMessage();
            try
            {
                queue.Get(message, new MQGetMessageOptions { Options = MQC.MQGMO_WAIT | MQC.MQGMO_FAIL_IF_QUIESCING, WaitInterval = 1000 });
                var text = message.ReadString(message.MessageLength);
                try
                {
                    await intake.HandleAsync(text, DateTimeOffset.UtcNow, ct);
                }
                catch (BsmFormatException e)
                {
                    log.LogWarning("Rejected message {MessageId}: {Reason}", Convert.ToHexString(message.MessageId), e.Message);
                }
                count++;
            }
            catch (MQException e) when (e.ReasonCode == MQC.MQRC_NO_MSG_AVAILABLE)
            {
            }
            if (DateTimeOffset.UtcNow - window >= TimeSpan.FromSeconds(60))
            {
                log.LogInformation("MQ {Queue}: {Count} messages in the last 60 s, depth {Depth}", o.Queue, count, queue.CurrentDepth);
                count = 0;
                window = DateTimeOffset.UtcNow;
            }
        }
    }
}
"""

BSM_INTAKE_V1 = """using BhsGateway.Storage;

namespace BhsGateway.Bsm;

public sealed class BsmIntake(IBagStore store, ILogger<BsmIntake> log)
{
    // AirMesh delivers in seconds; anything older than this is worth a line (INC0038810, 2024)
    private static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(10);

    public async Task HandleAsync(string raw, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var bsm = BsmParser.Parse(raw, receivedAt);
        if (bsm.SentAt is { } sent && receivedAt - sent > LateAfter)
        {
            log.LogWarning("BSM for bag {Tag} arrived {Minutes} min after it was sent (origin {Originator} {Stamp})",
                bsm.Tags[0], (int)(receivedAt - sent).TotalMinutes, bsm.Originator, sent.ToString("ddHHmm"));
        }
        if (bsm.Kind == BsmKind.Del)
        {
            await store.DeactivateAsync(bsm.Tags, ct);
            log.LogInformation("BSM DEL for {Count} bag(s) from {Tag}", bsm.Tags.Count, bsm.Tags[0]);
            return;
        }
        await store.UpsertAsync(bsm, ct);
        log.LogInformation("BSM stored for {Count} bag(s) from {Tag}: flight {Flight} dest {Destination} ({Source})",
            bsm.Tags.Count, bsm.Tags[0], bsm.SortFlight.Key, bsm.SortFlight.Destination, $"1{bsm.SourceIndicator}");
    }
}
"""

SORT_SERVICE_V1 = """using BhsGateway.Aodb;
using BhsGateway.Storage;
using Microsoft.Extensions.Options;

namespace BhsGateway.Sort;

public enum SortReason { Allocated, Encoded, Early, Late, NoRead, NoBsm, NoAllocation, Offloaded }

public sealed record SortRequest(string Reader, string? Tag, DateTimeOffset ReadAt, string? EncodedFlight = null);

public sealed record SortReply(string Destination, SortReason Reason, string? FlightKey);

/// <summary>
/// Answers the SAC's destination requests: one per tag read at ATR-1, per
/// pass of a bag on the MES loop (ATR-2), and per bag encoded at MES-1.
/// </summary>
public sealed class SortService(IBagStore bags, AllocationCache allocations, IOptions<SortOptions> options, ILogger<SortService> log)
{
    private readonly SortOptions _o = options.Value;

    public async Task<SortReply> DestinationForAsync(SortRequest request, CancellationToken ct)
    {
        var reply = await DecideAsync(request, ct);
        log.LogInformation("Sort reply for bag {Tag} at {Reader}: {Destination} ({Reason} {Flight})",
            request.Tag ?? "no-read", request.Reader, reply.Destination, reply.Reason, reply.FlightKey ?? "-");
        return reply;
    }

    private async Task<SortReply> DecideAsync(SortRequest request, CancellationToken ct)
    {
        if (request.Tag is null)
        {
            return new(_o.ManualEncodingStation, SortReason.NoRead, null);
        }
        string flightKey;
        if (request.EncodedFlight is not null)
        {
            flightKey = request.EncodedFlight;
        }
        else
        {
            var bag = await bags.FindAsync(request.Tag, ct);
            if (bag is null)
            {
                log.LogInformation("Bag without BSM {Tag} at {Reader}, default destination {Destination}",
                    request.Tag, request.Reader, _o.ManualEncodingStation);
                return new(_o.ManualEncodingStation, SortReason.NoBsm, null);
            }
            if (!bag.Active)
            {
                return new(_o.ProblemBagArea, SortReason.Offloaded, bag.FlightKey);
            }
            flightKey = bag.FlightKey;
        }

        var allocation = allocations.MakeupFor(flightKey);
        if (allocation is null)
        {
            log.LogWarning("No sort allocation for flight {Flight}, bag {Tag} to {Destination}",
                flightKey, request.Tag, _o.ManualEncodingStation);
            return new(_o.ManualEncodingStation, SortReason.NoAllocation, flightKey);
        }
        if (request.ReadAt < allocation.Opens - _o.EarlyRelease)
        {
            return new(_o.EarlyBagStore, SortReason.Early, flightKey);
        }
        if (request.ReadAt > allocation.Closes)
        {
            return new(_o.LateBagChute, SortReason.Late, flightKey);
        }
        return new(allocation.Lateral, request.EncodedFlight is null ? SortReason.Allocated : SortReason.Encoded, flightKey);
    }
}
"""

SORT_OPTIONS_V1 = """namespace BhsGateway.Sort;

public sealed class SortOptions
{
    public string ManualEncodingStation { get; set; } = "MES-1";
    public string EarlyBagStore { get; set; } = "EBS";
    public string LateBagChute { get; set; } = "LATE-1";
    public string ProblemBagArea { get; set; } = "PBA-1";

    /// <summary>Bags read this long before the make-up opens go straight to it, not to the EBS.</summary>
    public TimeSpan EarlyRelease { get; set; } = TimeSpan.FromMinutes(5);
}
"""

RECLAIM_V1 = """namespace BhsGateway.Fids;

/// <summary>First and last bag on an arrival's reclaim belt, for the FIDS (reclaim page and the belt displays).</summary>
public sealed class ReclaimPublisher(HttpClient fids, ILogger<ReclaimPublisher> log)
{
    public async Task FirstBagAsync(string flight, string belt, DateTimeOffset at, CancellationToken ct)
    {
        await fids.PostAsJsonAsync($"api/reclaim/{belt}/first-bag", new { flight, belt, at }, ct);
        log.LogInformation("FIDS reclaim: {Flight} first bag on belt {Belt}", flight, belt);
    }

    public async Task LastBagAsync(string flight, string belt, DateTimeOffset at, CancellationToken ct)
    {
        await fids.PostAsJsonAsync($"api/reclaim/{belt}/last-bag", new { flight, belt, at }, ct);
        log.LogInformation("FIDS reclaim: {Flight} last bag on belt {Belt}", flight, belt);
    }
}
"""

BSM_MESSAGE = """namespace BhsGateway.Bsm;

public enum BsmKind { Bsm, Chg, Del }

/// <summary>One BSM (IATA RP 1745) as the gateway keeps it.</summary>
public sealed record BsmMessage
{
    public required BsmKind Kind { get; init; }
    public required char SourceIndicator { get; init; }
    public required string Station { get; init; }

    /// <summary>.F: the flight the bag leaves Northmoor on; always the one sorted to (BAG-240).</summary>
    public required FlightLeg Outbound { get; init; }
    public FlightLeg? Inbound { get; init; }
    public IReadOnlyList<FlightLeg> Onward { get; init; } = [];

    public required IReadOnlyList<string> Tags { get; init; }
    public string? Passenger { get; init; }
    public string? Seat { get; init; }
    public BagWeight? Weight { get; init; }

    /// <summary>Type B origin line (.LTNBYXH 171447): who sent it and when (UTC, DDHHMM).</summary>
    public string? Originator { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }

    public FlightLeg SortFlight => Outbound;
}
"""

PARSER = """using System.Globalization;

namespace BhsGateway.Bsm;

public sealed class BsmFormatException(string message) : Exception(message);

/// <summary>Reads a BSM/CHG/DEL as AirMesh BagRelay delivers it: Type B envelope, then the message.</summary>
public static class BsmParser
{
    public static BsmMessage Parse(string text, DateTimeOffset receivedAt)
    {
        var lines = text.Split(new[] { "\\r\\n", "\\n", "\\r" }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        var start = lines.FindIndex(l => l is "BSM" or "CHG" or "DEL");
        if (start < 0)
        {
            throw new BsmFormatException("no BSM, CHG or DEL line");
        }
        var (originator, sentAt) = OriginLine(lines.Take(start), receivedAt);
        char source = 'L';
        string station = "";
        FlightLeg? outbound = null, inbound = null;
        var onward = new List<FlightLeg>();
        var tags = new List<string>();
        string? passenger = null, seat = null;
        BagWeight? weight = null;
        foreach (var line in lines.Skip(start + 1))
        {
            if (line.Replace(" ", "") is "ENDBSM" or "ENDCHG" or "ENDDEL")
            {
                break;
            }
            var body = line.Length > 3 ? line[3..] : "";
            switch (line.Length >= 2 ? line[..2] : line)
            {
                case ".V": source = body[1]; station = body[2..5]; break;
                case ".F": outbound = FlightLeg.Parse(body); break;
                case ".I": inbound = FlightLeg.Parse(body); break;
                case ".O": onward.Add(FlightLeg.Parse(body)); break;
                case ".N": tags.AddRange(TagRange.Expand(body)); break;
                case ".P": passenger = body; break;
                case ".S": seat = body.Split('/').ElementAtOrDefault(1); break;
                case ".W": weight = BagWeight.Parse(body); break;
            }
        }
        if (outbound is null || tags.Count == 0)
        {
            throw new BsmFormatException("BSM without .F or .N");
        }
        return new BsmMessage
        {
            Kind = Enum.Parse<BsmKind>(lines[start], ignoreCase: true), SourceIndicator = source, Station = station,
            Outbound = outbound, Inbound = inbound, Onward = onward, Tags = tags, Passenger = passenger, Seat = seat,
            Weight = weight, Originator = originator, SentAt = sentAt, ReceivedAt = receivedAt,
        };
    }

    // ".LTNBYXH 171447": originator address and DDHHMM (UTC)
    private static (string?, DateTimeOffset?) OriginLine(IEnumerable<string> envelope, DateTimeOffset receivedAt)
    {
        var origin = envelope.FirstOrDefault(l => l.StartsWith('.'));
        if (origin is null || origin.Length < 15)
        {
            return (null, null);
        }
        var parts = origin[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !DateTime.TryParseExact(parts[1], "ddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp))
        {
            return (parts[0], null);
        }
        var sent = new DateTimeOffset(receivedAt.Year, receivedAt.Month, stamp.Day, stamp.Hour, stamp.Minute, 0, TimeSpan.Zero);
        return (parts[0], sent > receivedAt.AddHours(1) ? sent.AddMonths(-1) : sent);
    }
}
"""

APPSETTINGS = """{
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft": "Warning", "Microsoft.Hosting.Lifetime": "Information", "System.Net.Http": "Warning" } },
    "WriteTo": [
      { "Name": "File", "Args": { "path": "D:\\\\Logs\\\\BhsGateway\\\\bhs-gateway-.log", "rollingInterval": "Day",
        "outputTemplate": "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}" } }
    ]
  },
  "Mq": { "QueueManager": "NMRQM01", "Host": "mq01.nmr.internal", "Port": 1414, "Channel": "BHSGW.SVRCONN", "Queue": "NMR.BSM.IN" },
  "Aodb": { "BaseUrl": "https://aodb.nmr.internal/" },
  "Fids": { "BaseUrl": "https://fids01.nmr.internal/" },
  "Sac": { "Port": 5020, "Sorter": "SRT-1" },
  "Sort": { "ManualEncodingStation": "MES-1", "EarlyBagStore": "EBS", "LateBagChute": "LATE-1", "ProblemBagArea": "PBA-1", "EarlyRelease": "00:05:00" },
  "ConnectionStrings": { "Bags": "Host=bhsdb01.nmr.internal;Database=bhs;Username=bhs_gateway" }
}
"""

RUNBOOK = """# bhs-gateway runbook

Owner: Airport Systems (#bhs-ops on Teams). BHS control room: ext 4410.
Kestrel 24/7 support: +31 40 555 0190. AirMesh BagRelay support:
+44 20 3555 0144 (account NMR-0192).

## Deploying

Octopus project `BhsGateway`, environment Production, BHSGW01. In the BHS
night window after the change board; a gateway-only release may also go
out in the 13:30-14:30 lull with the control room's OK. The SAC sends bags
to MES-1 while the gateway restarts (about 40 s).

## Bags to MES-1

MES-1 takes no-reads, bags without a BSM and bags whose flight has no
make-up allocation. A few an hour is normal. Check the SCS journal for the
reason the SAC shows. When the MES loop is full the SAC sends bags to
PBA-1; the control room can switch the SAC to carrier fallback (SCS >
Modes > Fallback by carrier).
"""

BSM_DOC = """# BSMs at Northmoor

AirMesh BagRelay delivers every BSM, CHG and DEL addressed to NMRBSXH
onto `NMR.BSM.IN` on NMRQM01 over the channel AIRMESH.NMRQM01. KLM's and
the handler's DCSs are on AirMesh's Amsterdam hub, Loganair's on London.

| Element | What we use |
|---|---|
| `.V/1LNMR` | source indicator (L local, T transfer, X terminating) |
| `.F/BY6422/12MAR/TFS/Y` | outbound flight: the make-up allocation is looked up for it |
| `.I`, `.O` | inbound and onward legs: Resolution 753 feed only |
| `.N/0754118220002` | tag numbers: licence plate and count |
| `.P`, `.S`, `.W` | passenger, seat, weight: shown at MES-1 |

A BSM that arrives more than 10 minutes after its origin time is logged
as a warning ("arrived N min after it was sent"): AirMesh delay.
"""

CHANGELOG = """# Changelog

## 2.30.1

- BAG-398 reclaim first bag posted once per belt change
- BAG-401 Resolution 753 feed: loaded and offloaded events
"""


def build_repo():
    repo = Repo()
    rob = Person("Rob Atherton", "rob.atherton@northmoorairport.co.uk", 60)
    priya = Person("Priya Nair", "priya.nair@northmoorairport.co.uk", 60)
    callum = Person("Callum Reid", "callum.reid@northmoorairport.co.uk", 60)
    tom = Person("Tom Kerr", "tom.kerr@northmoorairport.co.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "BhsGateway.sln": "\nMicrosoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\n"
                          "Project(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"BhsGateway\", \"src\\BhsGateway\\BhsGateway.csproj\", \"{5B1D2C61-0E3A-4F1B-9C55-2D1E77A0C911}\"\nEndProject\n",
        "Directory.Build.props": BUILD_PROPS,
        "src/BhsGateway/BhsGateway.csproj": CSPROJ,
        "src/BhsGateway/appsettings.json": APPSETTINGS,
        "src/BhsGateway/Program.cs": "using BhsGateway.Aodb;\nusing BhsGateway.Bsm;\nusing BhsGateway.Fids;\nusing BhsGateway.Messaging;\nusing BhsGateway.Scs;\nusing BhsGateway.Sort;\nusing BhsGateway.Storage;\nusing Serilog;\n\n"
                                     "var builder = Host.CreateApplicationBuilder(args);\nbuilder.Services.AddWindowsService(o => o.ServiceName = \"BhsGateway\");\n"
                                     "builder.Services.AddSerilog(c => c.ReadFrom.Configuration(builder.Configuration));\n"
                                     "builder.Services.Configure<MqOptions>(builder.Configuration.GetSection(\"Mq\"));\n"
                                     "builder.Services.Configure<SortOptions>(builder.Configuration.GetSection(\"Sort\"));\n"
                                     "builder.Services.AddNpgsqlDataSource(builder.Configuration.GetConnectionString(\"Bags\")!);\n"
                                     "builder.Services.AddSingleton<IBagStore, PostgresBagStore>();\nbuilder.Services.AddSingleton<BsmIntake>();\nbuilder.Services.AddSingleton<SortService>();\n"
                                     "builder.Services.AddHttpClient<AodbClient>(c => c.BaseAddress = new Uri(builder.Configuration[\"Aodb:BaseUrl\"]!));\n"
                                     "builder.Services.AddHttpClient<ReclaimPublisher>(c => c.BaseAddress = new Uri(builder.Configuration[\"Fids:BaseUrl\"]!));\n"
                                     "builder.Services.AddSingleton<AllocationCache>();\nbuilder.Services.AddHostedService(sp => sp.GetRequiredService<AllocationCache>());\n"
                                     "builder.Services.AddHostedService<MqBsmListener>();\nbuilder.Services.AddHostedService<SacTelegramServer>();\n\n"
                                     "var host = builder.Build();\nvar version = typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)\n"
                                     "    .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().First().InformationalVersion;\n"
                                     "host.Services.GetRequiredService<ILogger<Program>>().LogInformation(\"BhsGateway {Version} starting on {Host} ({Environment})\",\n"
                                     "    version, Environment.MachineName, builder.Environment.EnvironmentName);\nhost.Run();\n",
        "src/BhsGateway/Bsm/BsmMessage.cs": BSM_MESSAGE,
        "src/BhsGateway/Bsm/BsmParser.cs": PARSER,
        "src/BhsGateway/Bsm/FlightLeg.cs": "namespace BhsGateway.Bsm;\n\n/// <summary>A flight element of a BSM: KL1432/29MAR/AMS/Y.</summary>\npublic sealed record FlightLeg(string Airline, string Number, string Date, string Destination, string? Class)\n{\n    public string Key => $\"{Airline}{Number}/{Date}\";\n\n    public static FlightLeg Parse(string body)\n    {\n        var parts = body.Split('/');\n        if (parts.Length < 3 || parts[0].Length < 3)\n        {\n            throw new BsmFormatException($\"bad flight element {body}\");\n        }\n        return new FlightLeg(parts[0][..2], parts[0][2..].PadLeft(4, '0'), parts[1], parts[2], parts.ElementAtOrDefault(3));\n    }\n}\n",
        "src/BhsGateway/Bsm/TagRange.cs": "namespace BhsGateway.Bsm;\n\npublic static class TagRange\n{\n    /// <summary>.N/0074512345002: ten-digit licence plate and a three-digit count of consecutive tags.</summary>\n    public static IEnumerable<string> Expand(string body)\n    {\n        if (body.Length != 13 || !body.All(char.IsAsciiDigit))\n        {\n            throw new BsmFormatException($\"bad .N element {body}\");\n        }\n        var first = long.Parse(body[..10]);\n        for (var i = 0; i < int.Parse(body[10..]); i++)\n        {\n            yield return (first + i).ToString(\"D10\");\n        }\n    }\n}\n",
        "src/BhsGateway/Bsm/BagWeight.cs": "namespace BhsGateway.Bsm;\n\npublic sealed record BagWeight(char Unit, int Pieces, int Total)\n{\n    public static BagWeight? Parse(string body)\n    {\n        var p = body.Split('/');\n        return p.Length >= 3 && int.TryParse(p[1], out var n) && int.TryParse(p[2], out var w) ? new BagWeight(p[0][0], n, w) : null;\n    }\n}\n",
        "src/BhsGateway/Bsm/BsmIntake.cs": BSM_INTAKE_V1,
        "src/BhsGateway/Storage/BagStore.cs": "using BhsGateway.Bsm;\nusing Npgsql;\n\nnamespace BhsGateway.Storage;\n\npublic interface IBagStore\n{\n    Task UpsertAsync(BsmMessage bsm, CancellationToken ct);\n    Task DeactivateAsync(IEnumerable<string> tags, CancellationToken ct);\n    Task<StoredBag?> FindAsync(string tag, CancellationToken ct);\n}\n\npublic sealed record StoredBag(string Tag, string FlightKey, string Destination, bool Active);\n",
        "src/BhsGateway/Sort/SortService.cs": SORT_SERVICE_V1,
        "src/BhsGateway/Sort/SortOptions.cs": SORT_OPTIONS_V1,
        "src/BhsGateway/Aodb/AllocationCache.cs": "namespace BhsGateway.Aodb;\n\npublic sealed record MakeupAllocation(string FlightKey, string Lateral, DateTimeOffset Opens, DateTimeOffset Closes);\n\n/// <summary>Make-up allocations from the AODB, refreshed every five minutes.</summary>\npublic sealed class AllocationCache(AodbClient aodb, ILogger<AllocationCache> log) : BackgroundService\n{\n    private volatile IReadOnlyDictionary<string, MakeupAllocation> _byFlight = new Dictionary<string, MakeupAllocation>();\n\n    public MakeupAllocation? MakeupFor(string flightKey) => _byFlight.GetValueOrDefault(flightKey);\n\n    protected override async Task ExecuteAsync(CancellationToken ct)\n    {\n        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));\n        do\n        {\n            var list = await aodb.MakeupAllocationsAsync(DateTime.UtcNow.AddHours(-6), DateTime.UtcNow.AddHours(24), ct);\n            _byFlight = list.ToDictionary(a => a.FlightKey);\n            log.LogInformation(\"Make-up allocations refreshed: {Flights} flights on {Laterals} laterals\", list.Count, list.Select(a => a.Lateral).Distinct().Count());\n        } while (await timer.WaitForNextTickAsync(ct));\n    }\n}\n",
        "src/BhsGateway/Messaging/MqBsmListener.cs": MQ_LISTENER_V1,
        "src/BhsGateway/Messaging/MqOptions.cs": "namespace BhsGateway.Messaging;\n\npublic sealed class MqOptions\n{\n    public string QueueManager { get; set; } = \"\";\n    public string Host { get; set; } = \"\";\n    public int Port { get; set; } = 1414;\n    public string Channel { get; set; } = \"\";\n    public string Queue { get; set; } = \"\";\n}\n",
        "src/BhsGateway/Fids/ReclaimPublisher.cs": RECLAIM_V1,
        "src/BhsGateway/Scs/SacTelegramServer.cs": "using BhsGateway.Sort;\n\nnamespace BhsGateway.Scs;\n\n/// <summary>\n/// TCP server for Kestrel's SAC (telegram spec KCS-TG-07): DREQ in, DREP out.\n/// The SAC times out after 800 ms and sends the bag to MES-1.\n/// </summary>\npublic sealed class SacTelegramServer(SortService sort, ILogger<SacTelegramServer> log) : BackgroundService\n{\n    protected override Task ExecuteAsync(CancellationToken ct) => Task.CompletedTask;\n}\n",
        "tests/BhsGateway.Tests/BsmParserTests.cs": "using BhsGateway.Bsm;\nusing Xunit;\n\nnamespace BhsGateway.Tests;\n\npublic class BsmParserTests\n{\n    [Fact]\n    public void Origin_line_gives_the_sent_time()\n    {\n        var bsm = BsmParser.Parse(\"QU NMRBSXH\\r\\n.LTNBYXH 171447\\r\\nBSM\\r\\n.V/1LNMR\\r\\n.F/BY6446/17JUL/ALC/Y\\r\\n.N/0754118220001\\r\\nENDBSM\\r\\n\",\n            new DateTimeOffset(2026, 7, 17, 14, 47, 30, TimeSpan.Zero));\n        Assert.Equal(new DateTimeOffset(2026, 7, 17, 14, 47, 0, TimeSpan.Zero), bsm.SentAt);\n        Assert.Equal(\"LTNBYXH\", bsm.Originator);\n    }\n}\n",
        "tests/BhsGateway.Tests/SortServiceTests.cs": "using BhsGateway.Sort;\nusing Xunit;\n\nnamespace BhsGateway.Tests;\n\npublic class SortServiceTests\n{\n    [Fact]\n    public void Bag_without_bsm_goes_to_mes()\n    {\n        var reply = TestSort.Create().DestinationForAsync(new SortRequest(\"ATR-1\", \"0754000001\", DateTimeOffset.UtcNow), default).Result;\n        Assert.Equal((\"MES-1\", SortReason.NoBsm), (reply.Destination, reply.Reason));\n    }\n}\n",
        "azure-pipelines.yml": "trigger:\n  branches:\n    include: [main]\n\npool:\n  vmImage: windows-2022\n\nsteps:\n  - task: UseDotNet@2\n    inputs:\n      version: 8.0.x\n  - script: dotnet build BhsGateway.sln -c Release\n  - script: dotnet test tests/BhsGateway.Tests -c Release --no-build\n  - script: dotnet publish src/BhsGateway -c Release -o $(Build.ArtifactStagingDirectory)/BhsGateway\n  - task: OctopusPack@6\n    inputs:\n      PackageId: BhsGateway\n      PackageVersion: $(Build.BuildNumber)\n",
        "README.md": "# bhs-gateway\n\nNorthmoor Airport's gateway between the airlines' BSMs (AirMesh BagRelay,\nIBM MQ) and Kestrel's sortation controller: stores bags from BSMs, answers\nthe SAC's destination requests from the AODB's make-up allocations, and\nposts reclaim first/last bag times to the FIDS.\n\n## Running locally\n\n```\ndotnet run --project src/BhsGateway --environment Development\n```\n\nSee `docs/runbook.md` and `docs/bsm.md`.\n",
        "CHANGELOG.md": CHANGELOG,
        "docs/runbook.md": RUNBOOK,
        "docs/bsm.md": BSM_DOC,
    }
    repo.commit(utc("2026-07-08 08:40:00"), rob, "bhs-gateway: BSM intake, SAC destination replies, AODB make-up allocations, FIDS reclaim", files)
    crng = random.Random(69206)
    repo.schedule(chores(crng, SERVICE, [priya, callum], utc("2026-07-08 10:00:00"), utc("2026-07-14 15:00:00"), 2)
                  + chores(crng, SERVICE, [rob], utc("2026-07-17 07:30:00"), utc("2026-07-17 10:00:00"), 1))
    repo.commit(utc("2026-07-09 13:20:00"), priya, "FIDS: last bag after 10 minutes without a bag on the belt (BAG-404)", {
        "src/BhsGateway/Fids/ReclaimPublisher.cs": sub(repo.files["src/BhsGateway/Fids/ReclaimPublisher.cs"],
                                                       "/// <summary>First and last bag on an arrival's reclaim belt, for the FIDS (reclaim page and the belt displays).</summary>\n",
                                                       "/// <summary>\n/// First and last bag on an arrival's reclaim belt, for the FIDS (reclaim page\n"
                                                       "/// and the belt displays). The belt's photo-eye reports no bag for 10 minutes:\n/// last bag (BAG-404).\n/// </summary>\n"),
    })
    r2302 = repo.commit(utc("2026-07-10 10:05:00"), callum, "release 2.30.2", {
        "Directory.Build.props": sub(repo.files["Directory.Build.props"], "<Version>2.30.1</Version>", "<Version>2.30.2</Version>"),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.30.2\n\n- BAG-404 reclaim last bag after 10 idle minutes\n"),
    })
    repo.commit(utc("2026-07-13 09:40:00"), tom, "sort: bags read 10 min before the make-up opens go to it, not to the EBS (BAG-407)", {
        "src/BhsGateway/appsettings.json": sub(repo.files["src/BhsGateway/appsettings.json"], '"EarlyRelease": "00:05:00"', '"EarlyRelease": "00:10:00"'),
    })
    repo.commit(utc("2026-07-13 11:02:00"), bot, "Bump Npgsql from 8.0.6 to 8.0.7", {
        "src/BhsGateway/BhsGateway.csproj": sub(repo.files["src/BhsGateway/BhsGateway.csproj"], 'Include="Npgsql" Version="8.0.6"', 'Include="Npgsql" Version="8.0.7"'),
    })
    repo.commit(utc("2026-07-15 08:31:00"), bot, "Bump IBMMQDotnetClient from 9.4.2.0 to 9.4.3.0", {
        "src/BhsGateway/BhsGateway.csproj": sub(repo.files["src/BhsGateway/BhsGateway.csproj"], 'Include="IBMMQDotnetClient" Version="9.4.2.0"', 'Include="IBMMQDotnetClient" Version="9.4.3.0"'),
    })
    repo.commit(utc("2026-07-16 15:10:00"), priya, "MQ: get under syncpoint, commit after the bag is stored (BAG-412)\n\n"
                "On Tuesday's restart (INC0051266) three BSMs were taken off the queue\n"
                "and never stored: the get was not transactional. Get under syncpoint,\n"
                "commit once the intake has stored the bag, back out on any other\n"
                "exception so the message is read again.", {
        "src/BhsGateway/Messaging/MqBsmListener.cs": sub(repo.files["src/BhsGateway/Messaging/MqBsmListener.cs"],
                                                         "Options = MQC.MQGMO_WAIT | MQC.MQGMO_FAIL_IF_QUIESCING, WaitInterval = 1000 });",
                                                         "Options = MQC.MQGMO_WAIT | MQC.MQGMO_FAIL_IF_QUIESCING | MQC.MQGMO_SYNCPOINT, WaitInterval = 1000 });",
                                                         "                    await intake.HandleAsync(text, DateTimeOffset.UtcNow, ct);\n                }\n"
                                                         "                catch (BsmFormatException e)\n                {\n"
                                                         "                    log.LogWarning(\"Rejected message {MessageId}: {Reason}\", Convert.ToHexString(message.MessageId), e.Message);\n                }\n",
                                                         "                    await intake.HandleAsync(text, DateTimeOffset.UtcNow, ct);\n                    qm.Commit();\n                }\n"
                                                         "                catch (BsmFormatException e)\n                {\n"
                                                         "                    log.LogWarning(\"Rejected message {MessageId}: {Reason}\", Convert.ToHexString(message.MessageId), e.Message);\n"
                                                         "                    qm.Commit();\n                }\n"
                                                         "                catch (Exception e) when (e is not OperationCanceledException)\n                {\n"
                                                         "                    log.LogError(e, \"Intake failed for message {MessageId}, backing out\", Convert.ToHexString(message.MessageId));\n"
                                                         "                    qm.Backout();\n                }\n"),
    })
    repo.commit(utc("2026-07-16 16:25:00"), tom, "runbook: no BSMs arriving", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "## Bags to MES-1\n",
                               "## No BSMs arriving\n\n"
                               "Every bag goes to MES-1 as NO BSM and the gateway's `MQ NMR.BSM.IN: N\n"
                               "messages in the last 60 s` drops to 0 or 1. Twice this year (March,\n"
                               "June) the listener hung after MQRC_CONNECTION_BROKEN: restart the\n"
                               "BhsGateway service on BHSGW01 (MES for 40 s). If it starts after a\n"
                               "gateway deploy, roll back in Octopus. Switch the SAC to carrier\n"
                               "fallback while you look.\n\n## Bags to MES-1\n"),
    })
    repo.commit(utc("2026-07-17 08:30:00"), callum, "sort: warn for bags without a BSM (BAG-414)\n\n"
                "The control room wants them in the warnings view; a bag without a BSM\n"
                "was an info line among the sort replies.", {
        "src/BhsGateway/Sort/SortService.cs": sub(repo.files["src/BhsGateway/Sort/SortService.cs"],
                                                  "                log.LogInformation(\"Bag without BSM {Tag} at {Reader}, default destination {Destination}\",\n",
                                                  "                log.LogWarning(\"No BSM for bag {Tag} at {Reader}, to {Destination}\",\n"),
    })
    repo.commit(utc("2026-07-17 09:45:00"), priya, "intake: log the originator of a DEL (BAG-415)", {
        "src/BhsGateway/Bsm/BsmIntake.cs": sub(repo.files["src/BhsGateway/Bsm/BsmIntake.cs"],
                                               "            log.LogInformation(\"BSM DEL for {Count} bag(s) from {Tag}\", bsm.Tags.Count, bsm.Tags[0]);\n",
                                               "            log.LogInformation(\"BSM DEL for {Count} bag(s) from {Tag} ({Originator})\", bsm.Tags.Count, bsm.Tags[0], bsm.Originator);\n"),
    })
    r2310 = repo.commit(utc("2026-07-17 11:50:00"), priya, "release 2.31.0", {
        "Directory.Build.props": sub(repo.files["Directory.Build.props"], "<Version>2.30.2</Version>", "<Version>2.31.0</Version>"),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.31.0\n\n- BAG-407 early release to make-up 10 min before it opens\n"
                            "- BAG-412 MQ gets under syncpoint\n- BAG-414 warning for bags without a BSM\n- BAG-415 DEL originator logged\n"
                            "- Npgsql 8.0.7, IBMMQDotnetClient 9.4.3.0\n"),
    })
    repo.commit(utc("2026-07-17 16:48:00"), tom, "runbook: AirMesh delays look like a hung listener", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "fallback while you look.\n",
                               "fallback while you look.\n\n"
                               "Before restarting: if the BSMs that do arrive log `arrived N min after\n"
                               "it was sent`, or only Loganair's arrive on time, AirMesh is delaying\n"
                               "them (17 July: AMS2 router stalled for 56 minutes). Check\n"
                               "status.airmesh.aero and call AirMesh support; a restart or rollback\n"
                               "does nothing.\n"),
    })
    return repo, {"r2302": r2302, "r2310": r2310}


# ---------------------------------------------------------------------------
# logs


def serilog(t, level, source, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +00:00 [{level}] {source}: {msg}"


def scs_line(t, comp, text):
    return f"{t.strftime('%d.%m.%Y %H:%M:%S,')}{t.microsecond // 1000:03d};{comp};{text}"


def fids_line(t, pid, msg):
    return f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} fids01 fidsd[{pid}]: {msg}"


def local(t):
    return t + dt.timedelta(hours=1)


def version(t):
    if t < DEPLOY:
        return "2.30.2"
    if t < ROLLBACK:
        return "2.31.0"
    if t < REDEPLOY:
        return "2.30.2"
    return "2.31.0"


def down(t):
    for d in (DEPLOY, RESTART, ROLLBACK, REDEPLOY):
        if d - dt.timedelta(seconds=15) <= t < d + dt.timedelta(seconds=32):
            return True
    return False


def build_logs(rng, shas):
    gw = Log("bhs-gateway.log")
    raw = Log("bsm-raw-audit.log")
    scs = Log("scs-events.log")
    mqerr = Log("mq01-AMQERR01.log")
    dcs = Log("ngs-dcs-bsm-transmission.log")
    status = Log("airmesh-status.log")
    fids = Log("fids01-syslog.log")
    octo = Log("octopus-deploy.log")
    teams = Log("teams-bhs-ops.log")
    stats = {"first": None, "nobsm": [], "late_bsm": [], "pba": [], "mes": [], "allocated": [], "fallback": 0, "released": 0,
             "lm_ok_during": 0, "max_lag": 0, "intake": []}
    G = "BhsGateway"

    flights = {}
    for key, al, num, dest, std, lat, nbags, ci in FLIGHTS:
        s = at(std)
        flights[key] = {"key": key, "al": al, "num": num, "dest": dest, "std": s, "lat": lat, "bags": nbags,
                        "ci_open": s - dt.timedelta(minutes=ci), "ci_close": s - dt.timedelta(minutes=40),
                        "opens": s - dt.timedelta(minutes=150), "closes": s - dt.timedelta(minutes=25)}

    def fkey(f):
        return f"{f['al']}{f['num']}/17JUL"

    def early_release(t):
        return dt.timedelta(minutes=10 if version(t) == "2.31.0" else 5)

    def decide(f, t):
        if t < f["opens"] - early_release(t):
            return "EBS", "Early"
        if t > f["closes"]:
            return "LATE-1", "Late"
        return f["lat"], "Allocated"

    # --- passengers, BSMs and bags
    serial = {al: rng.randint(100000, 880000) for al in CARRIER}
    bsms, bags = [], []
    for f in flights.values():
        n = 0
        span = (f["ci_close"] - f["ci_open"]).total_seconds()
        while n < f["bags"]:
            k = min(weighted(rng, [(55, 1), (31, 2), (10, 3), (4, 4)]), f["bags"] - n)
            x = rng.betavariate(2.0, 2.6) * span if rng.random() > 0.06 else rng.uniform(20, 300)
            t0 = f["ci_open"] + dt.timedelta(seconds=x)
            n += k
            if t0 < START - dt.timedelta(minutes=20) or t0 >= END:
                continue
            first = serial[f["al"]]
            serial[f["al"]] += k + rng.randint(0, 40)
            tags = [f"0{CARRIER[f['al']]}{(first + i) % 1000000:06d}" for i in range(k)]
            onward = weighted(rng, ONWARD) if f["al"] == "KL" and rng.random() < 0.55 else None
            sur = rng.choice(SURNAMES)
            names = [rng.choice(GIVEN) for _ in range(1 if k == 1 else rng.choice([1, 2, 2, 3]))]
            sent = t0 + dt.timedelta(seconds=rng.uniform(2, 25))
            bsm = {"f": f, "tags": tags, "onward": onward, "pax": f"{len(names)}{sur}/" + "/".join(names), "sent": sent,
                   "hub": HUB.get(f["al"], "AMS2"), "seat": f"{rng.randint(1, 33)}{rng.choice('ABCDEF')}", "seq": rng.randint(1, 190),
                   "kg": sum(rng.randint(12, 23) for _ in tags)}
            bsms.append(bsm)
            for i, tag in enumerate(tags):
                bags.append({"tag": tag, "bsm": bsm, "f": f, "t_in": t0 + dt.timedelta(seconds=i * rng.uniform(8, 25))})
    for _ in range(8):
        f = rng.choice(list(flights.values()))
        t0 = f["ci_open"] + dt.timedelta(seconds=rng.uniform(600, (f["ci_close"] - f["ci_open"]).total_seconds()))
        if START <= t0 < END:
            bags.append({"tag": f"0{CARRIER[f['al']]}{rng.randint(100000, 999999):06d}", "bsm": None, "f": f, "t_in": t0})

    # --- AirMesh delivery: normal latency, except the AMS2 stall (FIFO trickle, then the flush)
    bsms.sort(key=lambda b: b["sent"])
    stalled = []
    for b in bsms:
        if b["hub"] == "AMS2" and b["sent"] >= STALL and b["sent"] < RECOVER + dt.timedelta(minutes=4):
            stalled.append(b)
        else:
            b["recv"] = b["sent"] + dt.timedelta(seconds=rng.uniform(1.2, 7.5))
    t = STALL + dt.timedelta(seconds=rng.uniform(90, 200))
    i = 0
    while t < RECOVER and i < len(stalled):
        if stalled[i]["sent"] <= t:
            stalled[i]["recv"] = t
            i += 1
        t += dt.timedelta(seconds=rng.expovariate(1 / 190))
    t = RECOVER + dt.timedelta(seconds=rng.uniform(2, 6))
    while i < len(stalled):
        b = stalled[i]
        t = max(t + dt.timedelta(milliseconds=rng.uniform(150, 650)), b["sent"] + dt.timedelta(seconds=1.5))
        b["recv"] = t
        i += 1
    bsms.sort(key=lambda b: b["recv"])

    # --- gateway intake + raw audit
    def restart_end(t):
        for d in (DEPLOY, RESTART, ROLLBACK, REDEPLOY):
            if d - dt.timedelta(seconds=15) <= t < d + dt.timedelta(seconds=32):
                return d + dt.timedelta(seconds=6, milliseconds=rng.randint(50, 900))
        return t

    for b in bsms:
        f = b["f"]
        t = b["recv"]
        lines = ["QU NMRBSXH", f".{ORIGIN[f['al']]} {b['sent'].strftime('%d%H%M')}", "BSM", ".V/1LNMR", f".F/{f['al']}{f['num']}/17JUL/{f['dest']}/Y"]
        if b["onward"]:
            lines.append(f".O/{b['onward'][0]}/17JUL/{b['onward'][1]}/Y")
        lines += [f".N/{b['tags'][0]}{len(b['tags']):03d}", f".S/Y/{b['seat']}/C/{b['seq']:03d}/N", f".P/{b['pax']}",
                  f".W/K/{len(b['tags'])}/{b['kg']}", "END BSM" if f["al"] == "BY" else "ENDBSM"]
        text = "\n".join(lines)
        x = restart_end(t)
        if x < START or x >= END:
            b["stored"] = x
            continue
        msgid = "414D51204E4D52514D30312020202020" + hexid(rng, 16).upper()
        raw.add(x, f"{x.strftime('%Y-%m-%d %H:%M:%S.')}{x.microsecond // 1000:03d} MQGET NMR.BSM.IN msgid={msgid} len={len(text) + len(lines)}\n{text}")
        sent_min = b["sent"].replace(second=0, microsecond=0)
        lag = (x - sent_min).total_seconds()
        y = x + dt.timedelta(milliseconds=rng.randint(3, 25))
        if lag > 600:
            gw.add(y, serilog(y, "WRN", f"{G}.Bsm.BsmIntake", f"BSM for bag {b['tags'][0]} arrived {int(lag // 60)} min after it was sent "
                                                              f"(origin {ORIGIN[f['al']]} {b['sent'].strftime('%d%H%M')})"))
            stats["late_bsm"].append(y)
            stats.setdefault("late_lags", []).append((y, int(lag // 60)))
            stats["max_lag"] = max(stats["max_lag"], int(lag // 60))
        gw.add(y + dt.timedelta(milliseconds=1), serilog(y + dt.timedelta(milliseconds=1), "INF", f"{G}.Bsm.BsmIntake",
                                                         f"BSM stored for {len(b['tags'])} bag(s) from {b['tags'][0]}: flight {fkey(f)} dest {f['dest']} (1L)"))
        b["stored"] = y
        stats["intake"].append(y)

    # --- DCS transmission report (the handler's export, 13:30-15:25)
    dcs_from, dcs_to = utc("2026-07-17 13:30:00"), utc("2026-07-17 15:25:00")
    dcs.add(dcs_from - dt.timedelta(seconds=1), "timestamp_utc,station,dcs_user,flight,date,first_tag,pieces,type,status,network,ack_ms")
    for b in bsms:
        if b["f"]["al"] in ("LM",) or not (dcs_from <= b["sent"] < dcs_to):
            continue
        f = b["f"]
        s = b["sent"]
        dcs.add(s, f"{s.strftime('%Y-%m-%d %H:%M:%S')},NMR,{'KLNMR' if f['al'] == 'KL' else 'NGS'}{rng.randint(10, 48)},{f['al']}{f['num']},17JUL,"
                   f"{b['tags'][0]},{len(b['tags'])},BSM,SENT,AIRMESH,{rng.randint(180, 900)}")

    # --- bags through the BHS
    tray = [60]

    def next_tray():
        tray[0] = (tray[0] % 340) + 1
        return tray[0]

    def sort_reply(t, tag, reader, dest, reason, flight):
        gw.add(t, serilog(t, "INF", f"{G}.Sort.SortService", f"Sort reply for bag {tag or 'no-read'} at {reader}: {dest} ({reason} {flight or '-'})"))

    def nobsm_line(t, tag, reader):
        if version(t) == "2.31.0":
            gw.add(t, serilog(t, "WRN", f"{G}.Sort.SortService", f"No BSM for bag {tag} at {reader}, to MES-1"))
        else:
            gw.add(t, serilog(t, "INF", f"{G}.Sort.SortService", f"Bag without BSM {tag} at {reader}, default destination MES-1"))

    def discharge(t, tag, dest, f, tr):
        scs.add(t, scs_line(t, "SRT-1", f"DISCHARGE;tag={tag or '?'};dest={dest};tray={tr}"))
        if dest.startswith("MU-"):
            stats["allocated"].append(t)
        if dest == "EBS":
            rel = max(f["opens"] - dt.timedelta(minutes=5), t) + dt.timedelta(seconds=rng.uniform(20, 300))
            if rel < END:
                scs.add(rel, scs_line(rel, "EBS", f"RELEASE;tag={tag};dest={f['lat']};stored_min={int((rel - t).total_seconds() // 60)}"))

    def open_for_carrier(al, t):
        return [f for f in flights.values() if f["al"] == al and f["opens"] <= t <= f["closes"]]

    events = []  # (time, seq, kind, payload) for the MES loop
    seq = [0]

    def push(t, kind, payload):
        seq[0] += 1
        heapq.heappush(events, (t, seq[0], kind, payload))

    bags.sort(key=lambda b: b["t_in"])
    for bag in bags:
        f, tag, t_in = bag["f"], bag["tag"], bag["t_in"]
        if t_in < START:
            continue
        desk = rng.randint(*DESKS[f["al"]])
        scs.add(t_in, scs_line(t_in, f"CI-{desk:02d}", f"INDUCT;weight_kg={rng.randint(9, 23)}.{rng.randint(0, 9)};length_mm={rng.randint(520, 900)}"))
        t_atr = t_in + dt.timedelta(seconds=rng.uniform(65, 140))
        if t_atr >= END:
            continue
        read = rng.random() > 0.017
        tr = next_tray()
        scs.add(t_atr, scs_line(t_atr, "ATR-1", f"TAG_READ;tag={tag};tray={tr};heads={rng.randint(2, 6)}/6" if read else f"NO_READ;tray={tr};heads=0/6"))
        t_rep = t_atr + dt.timedelta(milliseconds=rng.randint(18, 95))
        fallback = False
        if down(t_atr):
            scs.add(t_atr + dt.timedelta(milliseconds=800), scs_line(t_atr + dt.timedelta(milliseconds=800), "SAC",
                                                                    f"DEST_TIMEOUT;tag={tag if read else '?'};dest=MES-1;after_ms=800"))
            dest, reason = "MES-1", "TIMEOUT"
        elif not read:
            dest, reason = "MES-1", "NoRead"
            sort_reply(t_rep, None, "ATR-1", dest, reason, None)
        elif bag["bsm"] is None or bag["bsm"].get("stored", END) > t_atr:
            dest, reason = "MES-1", "NoBsm"
            nobsm_line(t_rep - dt.timedelta(milliseconds=1), tag, "ATR-1")
            sort_reply(t_rep, tag, "ATR-1", dest, reason, None)
            if bag["bsm"] is not None and bag["bsm"]["hub"] == "AMS2" and STALL <= bag["bsm"]["sent"]:
                stats["nobsm"].append(t_rep)
                if stats["first"] is None:
                    stats["first"] = t_rep
            if FALLBACK_ON <= t_atr < FALLBACK_OFF:
                cands = open_for_carrier(f["al"], t_atr)
                if len(cands) == 1:
                    fallback = True
                    dest = cands[0]["lat"]
                    stats["fallback"] += 1
        else:
            dest, reason = decide(f, t_atr)
            sort_reply(t_rep, tag, "ATR-1", dest, reason, fkey(f))
            if f["al"] == "LM" and STALL <= t_atr < RECOVER:
                stats["lm_ok_during"] += 1
        if reason != "TIMEOUT":
            scs.add(t_rep + dt.timedelta(milliseconds=2), scs_line(t_rep + dt.timedelta(milliseconds=2), "SAC",
                                                                   f"DEST_REPLY;tag={tag if read else '?'};dest={'MES-1' if fallback else dest};reason={reason.upper()}"))
        if fallback:
            scs.add(t_rep + dt.timedelta(milliseconds=4), scs_line(t_rep + dt.timedelta(milliseconds=4), "SAC",
                                                                   f"FALLBACK;tag={tag};carrier={CARRIER[f['al']]};dest={dest};mode=CARRIER"))
        t_hbs = t_atr + dt.timedelta(seconds=rng.uniform(18, 35))
        if rng.random() < 0.11:
            scs.add(t_hbs, scs_line(t_hbs, "HBS-1", f"L1_RESULT;tag={tag if read else '?'};result=ALARM;to=L2"))
            t2 = t_hbs + dt.timedelta(seconds=rng.uniform(15, 80))
            res = "CLEAR" if rng.random() < 0.985 else "REJECT"
            scs.add(t2, scs_line(t2, "HBS-L2", f"OPERATOR_DECISION;tag={tag if read else '?'};result={res};op=SEC{rng.randint(1, 9):02d}"))
            if res == "REJECT":
                continue
            t_hbs = t2
        else:
            scs.add(t_hbs, scs_line(t_hbs, "HBS-1", f"L1_RESULT;tag={tag if read else '?'};result=CLEAR"))
        t_dis = t_hbs + dt.timedelta(seconds=rng.uniform(40, 95))
        if t_dis >= END:
            continue
        if dest == "MES-1":
            push(t_dis, "arrive", {"bag": bag, "read": read, "reason": reason, "tr": tr})
            continue
        discharge(t_dis, tag, dest, f, tr)

    # --- the MES loop: 14 places, ATR-2 on every pass, operators at MES-1
    loop = []  # bags on the loop, in order of arrival
    in_service = set()
    ops_free = {"BHS07": START, "BHS11": START, "BHS14": THIRD_OP}
    idle_ops = ["BHS07", "BHS11"]
    push(THIRD_OP, "op_join", "BHS14")
    loop_max = []
    pba_first = None

    def try_start(t):
        while idle_ops and any(id(x["bag"]) not in in_service for x in loop):
            item = next(x for x in loop if id(x["bag"]) not in in_service)
            op = idle_ops.pop(0)
            in_service.add(id(item["bag"]))
            secs = rng.uniform(55, 125)  # read the tag, find the flight among the open ones, key it in
            push(t + dt.timedelta(seconds=secs), "encoded", {"item": item, "op": op, "secs": secs})

    while events:
        t, _, kind, p = heapq.heappop(events)
        if t >= END:
            break
        if kind == "op_join":
            idle_ops.append(p)
            try_start(t)
        elif kind == "arrive":
            bag = p["bag"]
            if len(loop) >= 14:
                scs.add(t, scs_line(t, "SAC", f"MES_LOOP_FULL;tag={bag['tag'] if p['read'] else '?'};dest=PBA-1;loop=14/14"))
                scs.add(t + dt.timedelta(seconds=rng.uniform(6, 14)), scs_line(t + dt.timedelta(seconds=rng.uniform(6, 14)), "SRT-1",
                                                                               f"DISCHARGE;tag={bag['tag'] if p['read'] else '?'};dest=PBA-1;tray={p['tr']}"))
                stats["pba"].append(t)
                pba_first = pba_first or t
                continue
            item = {"bag": bag, "read": p["read"], "tr": p["tr"], "since": t}
            loop.append(item)
            stats["mes"].append(t)
            loop_max.append((t, len(loop)))
            scs.add(t, scs_line(t, "SRT-1", f"DISCHARGE;tag={bag['tag'] if p['read'] else '?'};dest=MES-1;tray={p['tr']}"))
            if p["read"]:
                push(t + dt.timedelta(seconds=rng.uniform(140, 165)), "pass", item)
            try_start(t)
        elif kind == "pass":
            item = p
            if item not in loop or id(item["bag"]) in in_service:
                continue
            bag = item["bag"]
            f = bag["f"]
            scs.add(t, scs_line(t, "ATR-2", f"TAG_READ;tag={bag['tag']};tray={item['tr']};heads={rng.randint(2, 6)}/6;loop=MES"))
            tr_ = t + dt.timedelta(milliseconds=rng.randint(18, 90))
            if down(t):
                push(t + dt.timedelta(seconds=rng.uniform(140, 165)), "pass", item)
                continue
            if bag["bsm"] is not None and bag["bsm"].get("stored", END) <= t:
                dest, reason = decide(f, t)
                sort_reply(tr_, bag["tag"], "ATR-2", dest, reason, fkey(f))
                scs.add(tr_ + dt.timedelta(milliseconds=2), scs_line(tr_ + dt.timedelta(milliseconds=2), "SAC", f"DEST_REPLY;tag={bag['tag']};dest={dest};reason={reason.upper()};src=LOOP"))
                loop.remove(item)
                stats["released"] += 1
                discharge(tr_ + dt.timedelta(seconds=rng.uniform(20, 60)), bag["tag"], dest, f, item["tr"])
            else:
                nobsm_line(tr_ - dt.timedelta(milliseconds=1), bag["tag"], "ATR-2")
                sort_reply(tr_, bag["tag"], "ATR-2", "MES-1", "NoBsm", None)
                push(t + dt.timedelta(seconds=rng.uniform(140, 165)), "pass", item)
        elif kind == "encoded":
            item, op, secs = p["item"], p["op"], p["secs"]
            bag = item["bag"]
            f = bag["f"]
            if item in loop:
                loop.remove(item)
                scs.add(t, scs_line(t, "MES-1", f"MANUAL_ENCODE;tag={bag['tag']};flight={f['al']}{f['num']};op={op};secs={int(secs)}"))
                tr_ = t + dt.timedelta(milliseconds=rng.randint(18, 90))
                if down(t):
                    scs.add(t + dt.timedelta(milliseconds=800), scs_line(t + dt.timedelta(milliseconds=800), "SAC", f"DEST_TIMEOUT;tag={bag['tag']};dest=PBA-1;after_ms=800"))
                else:
                    dest, reason = decide(f, t)
                    reason = "Encoded" if reason == "Allocated" else reason
                    sort_reply(tr_, bag["tag"], "MES-1", dest, reason, fkey(f))
                    scs.add(tr_ + dt.timedelta(milliseconds=2), scs_line(tr_ + dt.timedelta(milliseconds=2), "SAC",
                                                                         f"DEST_REPLY;tag={bag['tag']};dest={dest};reason={reason.upper()};src=MES-1"))
                    discharge(tr_ + dt.timedelta(seconds=rng.uniform(35, 70)), bag["tag"], dest, f, next_tray())
            in_service.discard(id(bag))
            idle_ops.append(op)
            try_start(t)
    stats["loop_max"] = loop_max
    stats["pba_first"] = pba_first
    t = START.replace(minute=40)
    while t < END:
        scs.add(t, scs_line(t, "MES-1", f"STATUS;operators={2 if t < THIRD_OP else 3};loop_capacity=14;pba_last_5min={sum(1 for x in stats['pba'] if t - dt.timedelta(minutes=5) < x <= t)}"))
        t += dt.timedelta(minutes=5)
    scs.add(FALLBACK_ON, scs_line(FALLBACK_ON, "SCS", "MODE;fallback=CARRIER;user=BHS03"))
    scs.add(FALLBACK_OFF, scs_line(FALLBACK_OFF, "SCS", "MODE;fallback=OFF;user=BHS03"))

    # --- SCS noise
    t = START
    while t < END:
        scs.add(t, scs_line(t, "PLC-1", f"HEARTBEAT;cycle_ms={rng.randint(9, 14)};trays_active={rng.randint(20, 90)}"))
        t += dt.timedelta(minutes=2, seconds=rng.uniform(-2, 2))
    for _ in range(16):
        tt = START + dt.timedelta(seconds=rng.uniform(0, (END - START).total_seconds()))
        r = rng.random()
        if r < 0.4:
            d = rng.randint(1, 25)
            scs.add(tt, scs_line(tt, f"CI-{d:02d}", "JAM;photoeye=PE2"))
            x = tt + dt.timedelta(seconds=rng.uniform(30, 160))
            scs.add(x, scs_line(x, f"CI-{d:02d}", "JAM_CLEARED;user=HDL"))
        elif r < 0.7:
            m = rng.choice(["MU-1", "MU-2", "MU-4", "MU-6"])
            scs.add(tt, scs_line(tt, m, "FULL;photoeye=FL1;recirculate=true"))
            x = tt + dt.timedelta(seconds=rng.uniform(40, 240))
            scs.add(x, scs_line(x, m, "FULL_CLEARED"))
        else:
            scs.add(tt, scs_line(tt, "SRT-1", f"ALARM;code=E2{rng.randint(10, 40)};text=Tray {rng.randint(1, 340)} tilt motor overcurrent;severity=LOW"))

    # --- gateway noise and restarts
    per_min = {}
    for y in stats["intake"]:
        k = y.replace(second=0, microsecond=0)
        per_min[k] = per_min.get(k, 0) + 1
    t = START + dt.timedelta(seconds=rng.uniform(0, 50))
    while t < END:
        if not down(t):
            n = sum(c for k, c in per_min.items() if t - dt.timedelta(seconds=60) < k + dt.timedelta(seconds=30) <= t)
            gw.add(t, serilog(t, "INF", f"{G}.Messaging.MqBsmListener", f"MQ NMR.BSM.IN: {n} messages in the last 60 s, depth 0"))
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(0, 30))
    t = START + dt.timedelta(seconds=rng.uniform(0, 240))
    while t < END:
        if not down(t):
            gw.add(t, serilog(t, "INF", f"{G}.Aodb.AllocationCache", f"Make-up allocations refreshed: {rng.randint(14, 16)} flights on 6 laterals"))
        t += dt.timedelta(minutes=5, milliseconds=rng.randint(0, 400))
    t = START + dt.timedelta(seconds=rng.uniform(0, 200))
    while t < END:
        if not down(t):
            reqs = sum(1 for b in bags if t - dt.timedelta(minutes=5) < b["t_in"] + dt.timedelta(seconds=100) <= t)
            gw.add(t, serilog(t, "INF", f"{G}.Scs.SacTelegramServer", f"SAC link SRT-1 up, {reqs} destination requests in the last 5 min"))
        t += dt.timedelta(minutes=5, milliseconds=rng.randint(0, 300))

    def mq_entry(t, code, text, insert1, insert2, expl, action):
        stamp = t.strftime("%m/%d/%Y %I:%M:%S %p")
        body = (f"{stamp} - Process(3311.{rng.randint(2, 40)}) User(mqm) Program(amqrmppa)\n"
                f"                    Host(mq01) Installation(Installation1)\n"
                f"                    VRMF(9.3.0.17) QMgr(NMRQM01)\n"
                f"                    Time({t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z)\n"
                f"                    CommentInsert1({insert1})\n"
                f"                    CommentInsert2({insert2})\n\n"
                f"{code}: {text}\n\nEXPLANATION:\n{expl}\nACTION:\n{action}\n"
                "----- amqrmrsa.c : 938 --------------------------------------------------------")
        mqerr.add(t, body)

    def restart(t, ver, sha, deploy=True):
        t = t - dt.timedelta(seconds=15, milliseconds=rng.randint(0, 900))
        gw.add(t, serilog(t, "INF", "Microsoft.Hosting.Lifetime", "Application is shutting down..."))
        mq_entry(t + dt.timedelta(milliseconds=420), "AMQ9209E", "Connection to host 'BHSGW01 (10.60.4.30)' for channel 'BHSGW.SVRCONN' closed.",
                 "BHSGW.SVRCONN", "BHSGW01 (10.60.4.30)",
                 "An error occurred receiving data from 'BHSGW01 (10.60.4.30)' over TCP/IP. The connection\nto the remote host has unexpectedly terminated.",
                 "Tell the systems administrator.")
        x = t + dt.timedelta(seconds=19, milliseconds=rng.randint(0, 900))
        gw.add(x, serilog(x, "INF", "BhsGateway.Program", f"BhsGateway {ver}+{sha[:7]} starting on BHSGW01 (Production)"))
        gw.add(x + dt.timedelta(milliseconds=880), serilog(x + dt.timedelta(milliseconds=880), "INF", f"{G}.Aodb.AllocationCache",
                                                           f"Make-up allocations refreshed: {rng.randint(14, 16)} flights on 6 laterals"))
        gw.add(x + dt.timedelta(seconds=2.1), serilog(x + dt.timedelta(seconds=2.1), "INF", f"{G}.Messaging.MqBsmListener",
                                                      "Connected to queue manager NMRQM01 (channel BHSGW.SVRCONN), reading NMR.BSM.IN"))
        gw.add(x + dt.timedelta(seconds=2.6), serilog(x + dt.timedelta(seconds=2.6), "INF", f"{G}.Scs.SacTelegramServer", "Listening for the SAC on port 5020"))
        gw.add(x + dt.timedelta(seconds=2.8), serilog(x + dt.timedelta(seconds=2.8), "INF", "Microsoft.Hosting.Lifetime",
                                                      "Application started. Hosting environment: Production; Content root path: D:\\Services\\BhsGateway\\"))
        gw.add(x + dt.timedelta(seconds=27.3), serilog(x + dt.timedelta(seconds=27.3), "INF", f"{G}.Scs.SacTelegramServer", "SAC link SRT-1 connected from 10.60.4.21"))

    restart(DEPLOY, "2.31.0", shas["r2310"])
    restart(RESTART, "2.31.0", shas["r2310"], deploy=False)
    restart(ROLLBACK, "2.30.2", shas["r2302"])
    restart(REDEPLOY, "2.31.0", shas["r2310"])
    # routine MQ entries: AirMesh's channel restarts at its nightly window only; a monitoring client at the top of some hours
    for hh in ("13:00", "14:00", "15:00", "16:00"):
        tt = at(hh) + dt.timedelta(seconds=rng.uniform(2, 9))
        mq_entry(tt, "AMQ9209E", "Connection to host 'nagios01 (10.60.1.14)' for channel 'MONITOR.SVRCONN' closed.", "MONITOR.SVRCONN", "nagios01 (10.60.1.14)",
                 "An error occurred receiving data from 'nagios01 (10.60.1.14)' over TCP/IP. The connection\nto the remote host has unexpectedly terminated.",
                 "Tell the systems administrator.")

    # --- AirMesh status page
    def st(t, state, title, body):
        status.add(t, json.dumps({"time": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "incident": "AM-2026-0717-01", "status": state,
                                  "components": ["BagRelay (Amsterdam hub AMS2)", "Type B messaging (Amsterdam hub AMS2)"],
                                  "title": title, "body": body}, ensure_ascii=False))

    for tt in (utc("2026-07-17 12:40:00"), utc("2026-07-17 13:40:00")):
        status.add(tt, json.dumps({"time": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), "status": "operational", "components": "all"}))
    st(utc("2026-07-17 15:19:12"), "investigating", "Delayed delivery of BagRelay messages via Amsterdam",
       "We are investigating delayed delivery of BagRelay and Type B messages routed via our Amsterdam hub (AMS2). "
       "Messages are accepted and queued; delivery to destinations is delayed. London (LON1) is not affected.")
    st(utc("2026-07-17 15:41:30"), "monitoring", "Delayed delivery of BagRelay messages via Amsterdam",
       "A message router in AMS2 stalled after a storage failover at 14:37 UTC. It was restarted at 15:33 UTC and the queued messages "
       "have been delivered in order. We are monitoring.")
    st(utc("2026-07-17 16:32:05"), "resolved", "Delayed delivery of BagRelay messages via Amsterdam",
       f"Delivery via AMS2 has been normal since 15:37 UTC. Messages sent between 14:37 and 15:34 UTC were delivered up to {stats['max_lag']} minutes late. "
       "A post-incident report will follow.")

    # --- FIDS
    for fl, org, sta, belt in ARRIVALS:
        a = at(sta) + dt.timedelta(minutes=rng.randint(-6, 12))
        fb = a + dt.timedelta(minutes=rng.uniform(9, 14))
        lb = fb + dt.timedelta(minutes=rng.uniform(10, 22))
        if START <= a < END:
            fids.add(a, fids_line(a, 2204, f"flight {fl} A {org} sched {local(at(sta)).strftime('%H:%M')} remark 'Landed {local(a).strftime('%H:%M')}'"))
        for tt, word in ((fb, "first"), (lb, "last")):
            if START <= tt < END:
                gw.add(tt, serilog(tt, "INF", f"{G}.Fids.ReclaimPublisher", f"FIDS reclaim: {fl} {word} bag on belt {belt}"))
                fids.add(tt + dt.timedelta(milliseconds=300), fids_line(tt + dt.timedelta(milliseconds=300), 2204, f"reclaim {belt}: {fl} from {org} {word} bag {local(tt).strftime('%H:%M')}"))
    delays = {"LS0893": 27, "KL1436": 22, "BY6446": 38, "U21909": 19, "FR4467": 12, "LM0423": 0}
    for f in flights.values():
        name = f"{f['al']}{f['num']}"
        hm = local(f["std"]).strftime("%H:%M")
        d = delays.get(f["key"], rng.choice([0, 2, 4, 6]))
        atd = f["std"] + dt.timedelta(minutes=d, seconds=rng.randint(-60, 120))
        evs = [(f["ci_open"], "Check-in open"), (f["ci_close"], "Check-in closed"), (f["std"] - dt.timedelta(minutes=38), "Go to gate")]
        if d >= 15:
            evs.append((utc("2026-07-17 15:05:00") + dt.timedelta(minutes=rng.randint(0, 40)),
                        f"Delayed {local(f['std'] + dt.timedelta(minutes=d)).strftime('%H:%M')}"))
        evs += [(atd - dt.timedelta(minutes=30), "Boarding"), (atd - dt.timedelta(minutes=15), "Final call"),
                (atd - dt.timedelta(minutes=8), "Gate closed"), (atd, f"Departed {local(atd).strftime('%H:%M')}")]
        for tt, remark in evs:
            if START <= tt < END:
                tt = tt + dt.timedelta(seconds=rng.uniform(0.2, 3))
                fids.add(tt, fids_line(tt, 2204, f"flight {name} D {f['dest']} sched {hm} remark '{remark}'"))
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        off = ["DSP-GATE-04"] if rng.random() < 0.4 else []
        fids.add(t, fids_line(t, 2204, f"displays online {47 - len(off)}/47" + (f" offline {','.join(off)}" if off else "")))
        t += dt.timedelta(minutes=5)

    # --- Octopus
    def octo_deploy(t0, ver, sha, task, who, note):
        lines = [(0, f"Deploying BhsGateway release {ver} to Production ({task}) requested by {who}"),
                 (0.4, f"Release notes: {note}"),
                 (1.2, f"Package BhsGateway.{ver} (commit {sha[:7]}) acquired on BHSGW01"),
                 (5.8, "Step 1: Stop service BhsGateway"),
                 (11.9, "Step 2: Deploy package to D:\\Services\\BhsGateway"),
                 (19.6, "Step 3: Substitute variables in appsettings.Production.json"),
                 (21.4, "Step 4: Start service BhsGateway"),
                 (33.0, "Step 5: Smoke test http://localhost:5080/health -> 200"),
                 (34.1, f"Deployment of BhsGateway {ver} to Production succeeded")]
        for off, text in lines:
            x = t0 + dt.timedelta(seconds=off - 21.4)
            octo.add(x, f"{x.strftime('%Y-%m-%d %H:%M:%S')}  Info   {text}")

    octo_deploy(DEPLOY, "2.31.0", shas["r2310"], "ServerTasks-51907", "Priya Nair", "CHG0012488 gateway-only, control room OK (D. Pryce)")
    octo_deploy(ROLLBACK, "2.30.2", shas["r2302"], "ServerTasks-51920", "Callum Reid", "rollback, INC0051302")
    octo_deploy(REDEPLOY, "2.31.0", shas["r2310"], "ServerTasks-51931", "Priya Nair", "CHG0012488 again, INC0051302 not caused by the release")
    x = RESTART - dt.timedelta(seconds=20)
    for off, text in ((0, "Running runbook 'Restart BhsGateway' on BHSGW01 (ServerTasks-51915) requested by Callum Reid"),
                      (5.1, "Stop-Service BhsGateway"), (19.8, "Start-Service BhsGateway"), (31.0, "Runbook 'Restart BhsGateway' succeeded")):
        y = x + dt.timedelta(seconds=off)
        octo.add(y, f"{y.strftime('%Y-%m-%d %H:%M:%S')}  Info   {text}")

    # --- Teams #bhs-ops
    def say(tt, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(tt, json.dumps({"createdDateTime": tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond // 1000:03d}Z", "channel": "bhs-ops",
                                  "from": who, "body": text}, ensure_ascii=False))

    first = stats["first"]
    late = [y for y in stats["late_bsm"] if y < utc("2026-07-17 15:16:00")]
    stats["lag_at_1516"] = max(m for y, m in stats["late_lags"] if y < utc("2026-07-17 15:16:00"))
    say(DEPLOY - dt.timedelta(minutes=4), "Priya Nair", "deploying 2.31.0 now (CHG0012488, Dave OK'd the lull): BAG-412 transactional MQ gets after Tuesday's lost BSMs, BAG-414 warning for no-BSM bags, BAG-407 early release 10 min")
    say(DEPLOY + dt.timedelta(minutes=2), "Priya Nair", "2.31.0 up, SAC reconnected, BSMs flowing")
    say(first + dt.timedelta(minutes=7), "Dave Pryce (BHS control)", "MES loop full, everything is NO BSM. PBA filling. Jet2, TUI, easyJet, KLM all")
    say(first + dt.timedelta(minutes=11), "Callum Reid", f"looking. 'No BSM for bag ... to MES-1' since {first.strftime('%H:%M')}, that warning is BAG-414 from today's 2.31.0. and BAG-412 changed how we take messages off the queue. MQ stats say 0 or 1 messages a minute")
    say(first + dt.timedelta(minutes=15), "Priya Nair", "BAG-412 commits after every store, depth on NMR.BSM.IN is 0 so nothing is stuck uncommitted on our side. but yes it's the only change to reading")
    say(RESTART - dt.timedelta(minutes=2), "Callum Reid", "runbook says the listener hangs after a broken connection, restart first. restarting BhsGateway, MES for 40 s")
    say(RESTART + dt.timedelta(minutes=3), "Callum Reid", "restarted, still 0-1 messages a minute. rolling back to 2.30.2 (it started 40 min after the deploy)")
    say(ROLLBACK + dt.timedelta(minutes=2), "Callum Reid", "2.30.2 back. lines say 'Bag without BSM' now, same bags")
    say(FALLBACK_ON + dt.timedelta(seconds=30), "Dave Pryce (BHS control)", "SAC on carrier fallback. TUI has two make-ups open so TUI still to MES")
    say(utc("2026-07-17 15:14:30"), "Lisa Ward (NGS)", "our DCS shows every BSM sent and acked by AirMesh within a second. exporting the transmission report for you")
    say(utc("2026-07-17 15:16:05"), "Priya Nair", f"the few BSMs that do come in are old: {len(late)} 'arrived N min after it was sent' warnings since {late[0].strftime('%H:%M') if late else '-'}, the last one {stats['lag_at_1516']} min. Loganair's arrive on time, they're on AirMesh London")
    say(utc("2026-07-17 15:17:30"), "Callum Reid", "MQ: channel AIRMESH.NMRQM01 running, curdepth 0. nothing waiting on our side, AirMesh isn't sending. calling AirMesh support")
    say(utc("2026-07-17 15:22:50"), "Lisa Ward (NGS)", "transmission report 13:30-15:25 attached, all SENT/ACK")
    say(utc("2026-07-17 15:25:40"), "Callum Reid", "AirMesh: a router in their Amsterdam hub stalled after a storage failover at 15:37 local, messages queued, they're restarting it. status.airmesh.aero has it since 16:19 local")
    say(RECOVER + dt.timedelta(minutes=2, seconds=10), "Priya Nair", f"flood: {sum(1 for y in stats['late_bsm'] if RECOVER <= y < RECOVER + dt.timedelta(minutes=5))} late BSMs in 3 minutes, up to {stats['max_lag']} min old. intake normal again")
    say(RECOVER + dt.timedelta(minutes=4), "Dave Pryce (BHS control)", "the bags still on the MES loop went to their make-ups on the next pass. PBA being hand sorted, about 170 there")
    say(FALLBACK_OFF + dt.timedelta(seconds=20), "Dave Pryce (BHS control)", "carrier fallback off")
    say(utc("2026-07-17 16:05:00"), "Lisa Ward (NGS)", "LS0893 27 late, KL1436 22, BY6446 38. 31 bags from PBA went as rush on later flights")
    say(REDEPLOY - dt.timedelta(minutes=3), "Priya Nair", "2.31.0 wasn't it, redeploying under CHG0012488 (Dave OK)")
    say(REDEPLOY + dt.timedelta(minutes=9), "Callum Reid", "INC0051302: AirMesh AMS2 stall 14:37-15:33 UTC. adding a runbook note: check for 'arrived N min after it was sent' before restarting or rolling back")
    return [gw, raw, scs, mqerr, dcs, status, fids, octo, teams], stats


def build(out_dir):
    rng = random.Random(69200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first"].replace(microsecond=0)
        assert STALL < onset < STALL + dt.timedelta(minutes=4), onset
        assert len(stats["nobsm"]) >= 150, len(stats["nobsm"])
        assert stats["lm_ok_during"] >= 3, stats["lm_ok_during"]
        assert stats["fallback"] >= 20 and stats["released"] >= 2 and len(stats["pba"]) >= 20, (stats["fallback"], stats["released"], len(stats["pba"]))

        def count(series, minutes=5):
            def fn(t):
                return sum(1 for x in series if t - dt.timedelta(minutes=minutes) < x <= t)
            return fn

        metrics = {
            "bhs_gateway_bsm_received_5m.json": query_range([({"job": "bhs-gateway", "queue": "NMR.BSM.IN"}, count(stats["intake"]))], START, END, 60),
            "bhs_sort_outcomes_5m.json": query_range([({"job": "scs-exporter", "sorter": "SRT-1", "dest": "makeup"}, count(stats["allocated"])),
                                                      ({"job": "scs-exporter", "sorter": "SRT-1", "dest": "mes"}, count(stats["mes"])),
                                                      ({"job": "scs-exporter", "sorter": "SRT-1", "dest": "pba"}, count(stats["pba"]))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r69-bsm-relay-hub-stall-none", service=SERVICE, onset=onset,
            description=f"""
Northmoor Airport, Friday 17 July, the first afternoon of the school
holidays: from {onset.strftime('%H:%M:%S')} UTC nearly every bag reaches the tag reader
before its BSM and goes to the manual encoding station, the MES loop
fills and bags go to the problem bag area; only Loganair's bags sort.
bhs-gateway 2.31.0 had been deployed at 13:55; the gateway was restarted
at 15:02 and rolled back to 2.30.2 at 15:08 without effect; the SAC ran
on carrier fallback from 15:12. BSMs arrived again from 15:34 and 2.31.0
was deployed again at 16:24.
""",
            logs=logs,
            line_formats={"bhs-gateway.log": r'<Date> <Time> <Offset> \[<Level>\] <Logger>: <Content>',
                          "scs-events.log": r'<Date> <Time>;<Component>;<Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[r'min after it was sent', r'Delayed delivery of BagRelay messages'],
            fix_files=[],
            explanation=f"""
No commit caused this. A message router in AirMesh BagRelay's Amsterdam
hub (AMS2) stalled after a storage failover at 14:37:40 UTC: the DCSs'
BSMs were accepted and acknowledged (the handler's transmission report)
but delivered at a trickle, oldest first, until the router was restarted
at 15:33:50 and the backlog arrived in three minutes. Bags reached ATR-1
before their BSMs ({len(stats['nobsm'])} sort requests answered "no BSM"), the MES
loop filled and {len(stats['pba'])} bags went to the problem bag area. The
gateway's long-standing check shows it: "BSM for bag ... arrived N min
after it was sent (origin ...)", growing to {stats['max_lag']} minutes; Loganair's
BSMs (London hub) stayed on time; the queue manager showed AirMesh's
channel running with nothing queued; AirMesh's status page confirms it
("Delayed delivery of BagRelay messages via Amsterdam").
Decoys: release 2.31.0, deployed {round((onset - DEPLOY).total_seconds() / 60)} minutes before the onset (BAG-412, MQ
gets under syncpoint in the very listener that reads the BSMs; BAG-414,
which turns "Bag without BSM" into the very "No BSM for bag" warning;
BAG-415 in the intake file that logs the delay; BAG-407, early release
in the sort config; an IBM MQ client bump); the runbook commit of the day
before that reads missing BSMs as a hung listener and says to restart and
roll back; the restart at 15:02 and the rollback to 2.30.2 at 15:08, which
changed nothing but the warning's wording; the MQ channel entries of the
restarts; the carrier fallback, which helped.
""",
        )
    finally:
        repo.close()
