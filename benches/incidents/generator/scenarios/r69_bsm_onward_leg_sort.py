"""bhs-gateway (C#, .NET 8 worker service on a Windows Server VM,
BHSGW01, with BHSGW02 on standby; IBM MQ client; PostgreSQL bag store;
deployed by Octopus Deploy, only in the BHS night window, 01:00-04:00
local, after the change board) of Northmoor Airport (NMR), a regional
airport in the north of England, written by the airport's own Airport
Systems team. The gateway sits between the airlines and the baggage
handling system (BHS) that Kestrel Conveyor Systems built and maintains:

- Baggage Source Messages (BSMs, IATA RP 1745) come from the handlers'
  and airlines' departure control systems through AirMesh BagRelay, a
  Type B message service, onto the MQ queue NMR.BSM.IN. The gateway
  stores each bag's tag number and the flight it is to be sorted to.
- Kestrel's sortation controller (SCS/SAC) reads the tag at the
  automatic tag reader (ATR-1) after a bag leaves the check-in
  collector and asks the gateway where it goes: a make-up lateral
  (MU-1..MU-6) allocated to the flight in the AODB, the early bag store,
  the late-bag chute, or the manual encoding station (MES-1), where an
  operator reads the tag and keys in the flight.
- Arrival reclaim belts' first and last bag times go to the flight
  information displays (FIDS).

A BSM names the flight a bag leaves on in .F (outbound) and, for a bag
checked through to a connection at the hub, each later flight in .O
(onward): `.F/KL1432/29MAR/AMS/Y` then `.O/KL0641/29MAR/JFK/Y`. Through
the winter no carrier at Northmoor checked bags through (all
point-to-point: Ryanair, easyJet, Loganair, TUI, Jet2), so no BSM at NMR
had an .O element.

Wednesday 25 March 2026, 10:48 UTC: BAG-231 (Rob Atherton) "BSM: read
.I and .O for Resolution 753 tracking". The airport has to report each
bag's journey to the airlines' tracking; the commit parses .I and .O
into legs. Rob read .O as "the flight that takes a transfer bag on from
here" (the RP's "onward" next to "outbound") and made the flight a bag
is sorted to the first .O leg when there is one, meant for the few
interline transfer bags. Shipped in 2.14.0, deployed Thursday 26 March
00:40 UTC. Nothing shows: no BSM has an .O.

Sunday 29 March is the first day of the IATA summer season (and of
BST). KLM's seasonal feeder to Amsterdam returns (KL1432, 06:20 UTC, and
KL1434, 11:55). 2.15.0 had been deployed at 00:25 UTC that night
(BAG-235 make-up lateral MU-6 for the summer; BAG-236, which turns the
"Unsortable bag" info line into the very "No sort allocation for flight
..." warning; BAG-238, AODB allocation times as UTC across the BST
change; an IBM MQ client bump). A runbook commit on Saturday says bags
to MES with no allocation after a season change mean the AODB has not
published the flight's allocation. At 03:19 a few Jet2 bags do go to
MES for that reason, until the AOC publishes LS0877's allocation at
03:27.

From 04:29 (KL1432's check-in opened at 04:20) every bag checked
through to a KLM connection at Amsterdam is stored with its onward
flight (KL0641/29MAR dest JFK, KL0605 SFO, KL0861 HND ...), which has no
make-up allocation at Northmoor: "No sort allocation for flight
KL0641/29MAR, bag 0074... to MES-1". KL's local bags to AMS and every
other airline sort normally. MES-1 fills; a second operator is called;
the AOC republishes allocations (runbook) at 04:58 without effect; the
on-call suspects BAG-238 and the season change and rolls back to
2.14.0 at 05:12 (the BHS loses the gateway for 40 s, bags to MES on
timeout): the lines become "Unsortable bag ...: NoAllocation for
KL0641/29MAR", still MES. KL1432 is held. Priya Nair sees that the
flights in the warnings are Amsterdam departures, the raw BSMs carry
.F/KL1432 and .O/..., and the stored flight is the .O leg; Rob
recognises BAG-231. BAG-240 (2.15.1, deployed 06:24 on an emergency
change) sorts on .F again and keeps .O for tracking. KL1432 leaves at
06:52, 32 min late; KL1434's through-checked bags sort to MU-3 from
09:55.

Sources: the gateway (Serilog file sink, line format), the gateway's raw
BSM audit (MQ get header and the Type B message, multi-line), Kestrel
SCS event journal (semicolon separated, line format), AODB outbound
events (JSON lines), the FIDS server (syslog RFC 3164), Octopus Deploy
task logs, Teams #bhs-ops (JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "bhs-gateway"
START, END = utc("2026-03-29 00:15:00"), utc("2026-03-29 10:40:00")
CULPRIT_AT = utc("2026-03-25 10:48:00")
DEPLOY_214 = utc("2026-03-26 00:40:30")   # 2.14.0 live (holds BAG-231), before the logs
DEPLOY_215 = utc("2026-03-29 00:25:40")   # 2.15.0 live
BST_AT = utc("2026-03-29 01:00:00")
LS_ALLOC = utc("2026-03-29 03:27:10")     # AOC publishes LS0877's make-up allocation
REPUBLISH = utc("2026-03-29 04:58:20")    # AOC republishes every allocation (runbook)
SECOND_OP = utc("2026-03-29 04:55:00")    # second MES operator
ROLLBACK = utc("2026-03-29 05:12:30")     # 2.14.0 again
KL_DELAY = utc("2026-03-29 05:31:40")     # KL1432 ETD 06:50
FIX = utc("2026-03-29 06:24:40")          # 2.15.1 live
KL_ATD = utc("2026-03-29 06:52:10")

# flights of the morning: key, airline, number, destination, STD (UTC), lateral, bags, check-in opens (min before STD)
FLIGHTS = [
    ("FR4451", "FR", "4451", "AGP", "05:10", "MU-1", 66, 120),
    ("U21893", "U2", "1893", "ALC", "05:30", "MU-2", 84, 120),
    ("LM0415", "LM", "0415", "ABZ", "05:40", "MU-5", 19, 100),
    ("BY6422", "BY", "6422", "TFS", "06:00", "MU-4", 196, 180),
    ("LS0877", "LS", "0877", "PMI", "06:15", "MU-6", 172, 180),
    ("KL1432", "KL", "1432", "AMS", "06:20", "MU-3", 98, 120),
    ("U21897", "U2", "1897", "GVA", "06:50", "MU-2", 112, 120),
    ("FR4455", "FR", "4455", "DUB", "07:05", "MU-1", 48, 120),
    ("BY6430", "BY", "6430", "LPA", "07:30", "MU-4", 188, 180),
    ("LS0881", "LS", "0881", "FAO", "07:45", "MU-6", 158, 180),
    ("LM0417", "LM", "0417", "SOU", "08:05", "MU-5", 21, 100),
    ("U21901", "U2", "1901", "BCN", "09:10", "MU-2", 96, 120),
    ("BY6438", "BY", "6438", "DLM", "09:40", "MU-4", 181, 180),
    ("FR4459", "FR", "4459", "STN", "10:25", "MU-1", 31, 120),
    ("KL1434", "KL", "1434", "AMS", "11:55", "MU-3", 80, 120),
    ("LS0889", "LS", "0889", "ALC", "11:30", "MU-6", 150, 180),
]
# the early shift's MES operator is also the BHS technician: away for jams and the MU-4 photo-eye
AWAY = {"BHS07": [(utc("2026-03-29 04:33:00"), utc("2026-03-29 04:46:30")), (utc("2026-03-29 05:18:00"), utc("2026-03-29 05:29:00"))]}
ARRIVALS = [("LM0416", "ABZ", "07:25", "R2"), ("FR4452", "AGP", "09:05", "R1"), ("U21894", "ALC", "09:20", "R2"),
            ("BY6423", "TFS", "10:05", "R1")]
CARRIER = {"FR": "224", "U2": "888", "LM": "682", "BY": "754", "LS": "949", "KL": "074"}
ORIGIN = {"FR": "DUBFRXH", "U2": "LTNU2XH", "LM": "GLALMXH", "BY": "LTNBYXH", "LS": "LBALSXH", "KL": "AMSKLXH"}
ONWARD = [(14, ("KL0641", "JFK")), (10, ("KL0605", "SFO")), (8, ("KL0601", "LAX")), (8, ("KL0861", "HND")), (7, ("KL0835", "SIN")),
          (6, ("KL0591", "JNB")), (6, ("KL0691", "YYZ")), (5, ("KL0671", "YVR")), (6, ("KL1665", "ATH")), (5, ("KL0427", "DXB")),
          (4, ("KL0761", "YUL")), (5, ("KL0853", "ICN")), (4, ("KL0705", "GIG")), (6, ("KL1697", "LIS"))]
SURNAMES = ["SMITH", "JONES", "TAYLOR", "BROWN", "WILSON", "EVANS", "THOMAS", "JOHNSON", "ROBERTS", "WALKER", "WRIGHT", "ROBINSON",
            "THOMPSON", "WHITE", "HUGHES", "EDWARDS", "GREEN", "HALL", "WOOD", "HARRIS", "LEWIS", "MARTIN", "JACKSON", "CLARKE",
            "CLARK", "TURNER", "HILL", "SCOTT", "COOPER", "MORRIS", "WARD", "MOORE", "KING", "WATSON", "BAKER", "HARRISON",
            "MORGAN", "PATEL", "YOUNG", "ALLEN", "MITCHELL", "JAMES", "ANDERSON", "PHILLIPS", "LEE", "BELL", "PARKER", "DAVIS",
            "VANDERBERG", "DEVRIES", "KOWALSKI", "NGUYEN", "OKAFOR", "MURPHY", "KERR", "DIXON", "ATKINSON", "ROBSON", "DOBSON"]
GIVEN = ["JOHN", "SARAH", "DAVID", "EMMA", "JAMES", "LAURA", "PAUL", "CLAIRE", "MARK", "HELEN", "PETER", "ANNA", "CHRIS", "RACHEL",
         "STEVEN", "LISA", "ANDREW", "KATE", "GARETH", "JOANNE", "MICHAEL", "SOPHIE", "DANIEL", "AMY", "PIETER", "MEI", "RAJ"]


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
    return utc(f"2026-03-29 {hhmm}:00")


# ---------------------------------------------------------------------------
# the repository

BUILD_PROPS = """<Project>
  <PropertyGroup>
    <Version>2.13.2</Version>
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
    <UserSecretsId>bhs-gateway</UserSecretsId>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="IBMMQDotnetClient" Version="9.4.1.0" />
    <PackageReference Include="Microsoft.Extensions.Hosting.WindowsServices" Version="8.0.1" />
    <PackageReference Include="Npgsql" Version="8.0.5" />
    <PackageReference Include="Serilog.Extensions.Hosting" Version="8.0.0" />
    <PackageReference Include="Serilog.Settings.Configuration" Version="8.0.4" />
    <PackageReference Include="Serilog.Sinks.File" Version="5.0.0" />
    <PackageReference Include="YamlDotNet" Version="16.1.3" />
  </ItemGroup>
  <ItemGroup>
    <None Update="config\\*.yaml" CopyToOutputDirectory="PreserveNewest" />
  </ItemGroup>
</Project>
"""

BSM_MESSAGE_V1 = """namespace BhsGateway.Bsm;

public enum BsmKind { Bsm, Chg, Del }

/// <summary>
/// One BSM (IATA RP 1745) as the gateway keeps it: the bags it names and
/// the flight they are sorted to at Northmoor.
/// </summary>
public sealed record BsmMessage
{
    public required BsmKind Kind { get; init; }

    /// <summary>.V source indicator: L local, T transfer, X terminating, R remote.</summary>
    public required char SourceIndicator { get; init; }

    public required string Station { get; init; }

    /// <summary>.F: the flight the bag leaves on.</summary>
    public required FlightLeg Outbound { get; init; }

    /// <summary>.N, ranges expanded: 0074512345002 is two tags.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    public string? Passenger { get; init; }
    public string? Seat { get; init; }
    public BagWeight? Weight { get; init; }

    /// <summary>Type B origin line (.AMSKLXH 290421): who sent it and when (UTC, DDHHMM).</summary>
    public string? Originator { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The flight the make-up allocation is looked up for.</summary>
    public FlightLeg SortFlight => Outbound;
}
"""

BSM_PARSER_V1 = """using System.Globalization;

namespace BhsGateway.Bsm;

public sealed class BsmFormatException(string message) : Exception(message);

/// <summary>
/// Reads a BSM/CHG/DEL as AirMesh BagRelay delivers it: the Type B
/// envelope (priority and address line, origin line), then the message.
/// Elements the sortation does not use are skipped.
/// </summary>
public static class BsmParser
{
    public static BsmMessage Parse(string text, DateTimeOffset receivedAt)
    {
        var lines = text.Split(new[] { "\\r\\n", "\\n", "\\r" }, StringSplitOptions.RemoveEmptyEntries)
                        .Select(l => l.TrimEnd()).ToList();
        var start = lines.FindIndex(l => l is "BSM" or "CHG" or "DEL");
        if (start < 0)
        {
            throw new BsmFormatException("no BSM, CHG or DEL line");
        }
        var (originator, sentAt) = OriginLine(lines.Take(start), receivedAt);

        char source = 'L';
        string station = "";
        FlightLeg? outbound = null;
        var tags = new List<string>();
        string? passenger = null, seat = null;
        BagWeight? weight = null;
        foreach (var line in lines.Skip(start + 1))
        {
            if (line is "ENDBSM" or "ENDCHG" or "ENDDEL")
            {
                break;
            }
            var element = line.Length >= 2 ? line[..2] : line;
            var body = line.Length > 3 ? line[3..] : "";
            switch (element)
            {
                case ".V":
                    source = body[1];
                    station = body[2..5];
                    break;
                case ".F":
                    outbound = FlightLeg.Parse(body);
                    break;
                case ".N":
                    tags.AddRange(TagRange.Expand(body));
                    break;
                case ".P":
                    passenger = body;
                    break;
                case ".S":
                    seat = body.Split('/').ElementAtOrDefault(1);
                    break;
                case ".W":
                    weight = BagWeight.Parse(body);
                    break;
                default:
                    // .I .O .U .X .D .E ...: not used for sortation
                    break;
            }
        }

        if (outbound is null || tags.Count == 0)
        {
            throw new BsmFormatException("BSM without .F or .N");
        }
        return new BsmMessage
        {
            Kind = Enum.Parse<BsmKind>(lines[start], ignoreCase: true),
            SourceIndicator = source,
            Station = station,
            Outbound = outbound,
            Tags = tags,
            Passenger = passenger,
            Seat = seat,
            Weight = weight,
            Originator = originator,
            SentAt = sentAt,
            ReceivedAt = receivedAt,
        };
    }

    // ".AMSKLXH 290421": originator address and DDHHMM (UTC) of the day it was received
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

FLIGHT_LEG = """namespace BhsGateway.Bsm;

/// <summary>A flight element of a BSM: KL1432/29MAR/AMS/Y.</summary>
public sealed record FlightLeg(string Airline, string Number, string Date, string Destination, string? Class)
{
    /// <summary>KL1432/29MAR, the key the AODB's make-up allocations use.</summary>
    public string Key => $"{Airline}{Number}/{Date}";

    public static FlightLeg Parse(string body)
    {
        var parts = body.Split('/');
        if (parts.Length < 3 || parts[0].Length < 3)
        {
            throw new BsmFormatException($"bad flight element {body}");
        }
        var airline = parts[0][..2];
        var number = parts[0][2..].PadLeft(4, '0');
        return new FlightLeg(airline, number, parts[1], parts[2], parts.ElementAtOrDefault(3));
    }

    public override string ToString() => $"{Key} {Destination}";
}
"""

TAG_RANGE = """namespace BhsGateway.Bsm;

public static class TagRange
{
    /// <summary>.N/0074512345002: ten-digit licence plate and a three-digit count of consecutive tags.</summary>
    public static IEnumerable<string> Expand(string body)
    {
        if (body.Length != 13 || !body.All(char.IsAsciiDigit))
        {
            throw new BsmFormatException($"bad .N element {body}");
        }
        var first = long.Parse(body[..10]);
        var count = int.Parse(body[10..]);
        for (var i = 0; i < count; i++)
        {
            yield return (first + i).ToString("D10");
        }
    }
}
"""

BSM_INTAKE = """using BhsGateway.Storage;

namespace BhsGateway.Bsm;

public sealed class BsmIntake(IBagStore store, ILogger<BsmIntake> log)
{
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

BAG_STORE = """using BhsGateway.Bsm;
using Npgsql;

namespace BhsGateway.Storage;

public interface IBagStore
{
    Task UpsertAsync(BsmMessage bsm, CancellationToken ct);
    Task DeactivateAsync(IEnumerable<string> tags, CancellationToken ct);
    Task<StoredBag?> FindAsync(string tag, CancellationToken ct);
}

public sealed record StoredBag(string Tag, string FlightKey, string Destination, bool Active);

public sealed class PostgresBagStore(NpgsqlDataSource db) : IBagStore
{
    public async Task UpsertAsync(BsmMessage bsm, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        foreach (var tag in bsm.Tags)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "INSERT INTO bags (tag, flight_key, destination, passenger, active, updated_at) VALUES ($1, $2, $3, $4, true, now()) " +
                "ON CONFLICT (tag) DO UPDATE SET flight_key = $2, destination = $3, passenger = $4, active = true, updated_at = now()")
            {
                Parameters = { new() { Value = tag }, new() { Value = bsm.SortFlight.Key }, new() { Value = bsm.SortFlight.Destination },
                               new() { Value = (object?)bsm.Passenger ?? DBNull.Value } },
            });
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    public async Task DeactivateAsync(IEnumerable<string> tags, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("UPDATE bags SET active = false, updated_at = now() WHERE tag = ANY($1)");
        cmd.Parameters.Add(new() { Value = tags.ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<StoredBag?> FindAsync(string tag, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT tag, flight_key, destination, active FROM bags WHERE tag = $1");
        cmd.Parameters.Add(new() { Value = tag });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new StoredBag(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)) : null;
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

/// <summary>Answers the SAC's destination requests (one per tag read at ATR-1, or per bag encoded at MES-1).</summary>
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
            log.LogInformation("Unsortable bag {Tag}: {Reason} for {Flight}, destination {Destination}",
                request.Tag, SortReason.NoAllocation, flightKey, _o.ManualEncodingStation);
            return new(_o.ManualEncodingStation, SortReason.NoAllocation, flightKey);
        }
        if (request.ReadAt < allocation.Opens)
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

SORT_OPTIONS = """namespace BhsGateway.Sort;

public sealed class SortOptions
{
    public string ManualEncodingStation { get; set; } = "MES-1";
    public string EarlyBagStore { get; set; } = "EBS";
    public string LateBagChute { get; set; } = "LATE-1";
    public string ProblemBagArea { get; set; } = "PBA-1";
}
"""

ALLOCATION_CACHE_V1 = """namespace BhsGateway.Aodb;

public sealed record MakeupAllocation(string FlightKey, string Lateral, DateTimeOffset Opens, DateTimeOffset Closes);

/// <summary>
/// Make-up lateral allocations from the AODB (resource MAKEUP), refreshed
/// every five minutes and on every ResourceAllocation event.
/// </summary>
public sealed class AllocationCache(AodbClient aodb, ILogger<AllocationCache> log) : BackgroundService
{
    private volatile IReadOnlyDictionary<string, MakeupAllocation> _byFlight = new Dictionary<string, MakeupAllocation>();

    public MakeupAllocation? MakeupFor(string flightKey) => _byFlight.GetValueOrDefault(flightKey);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        do
        {
            try
            {
                var list = await aodb.MakeupAllocationsAsync(DateTime.Now.AddHours(-6), DateTime.Now.AddHours(24), ct);
                _byFlight = list.ToDictionary(a => a.FlightKey);
                log.LogInformation("Make-up allocations refreshed: {Flights} flights on {Laterals} laterals",
                    list.Count, list.Select(a => a.Lateral).Distinct().Count());
            }
            catch (HttpRequestException e)
            {
                log.LogError(e, "AODB allocation refresh failed, keeping {Flights} flights", _byFlight.Count);
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }
}
"""

AODB_CLIENT_V1 = """using System.Net.Http.Json;

namespace BhsGateway.Aodb;

public sealed class AodbClient(HttpClient http)
{
    private sealed record AllocationDto(string Airline, string Number, DateOnly Sdd, string ResourceId, DateTime From, DateTime To);

    public async Task<IReadOnlyList<MakeupAllocation>> MakeupAllocationsAsync(DateTime from, DateTime to, CancellationToken ct)
    {
        var url = $"api/v2/allocations?resource=MAKEUP&from={from:yyyy-MM-ddTHH:mm}&to={to:yyyy-MM-ddTHH:mm}";
        var dtos = await http.GetFromJsonAsync<List<AllocationDto>>(url, ct) ?? [];
        return dtos.Select(d => new MakeupAllocation(
            $"{d.Airline}{d.Number.PadLeft(4, '0')}/{d.Sdd.ToString("ddMMM").ToUpperInvariant()}",
            d.ResourceId, new DateTimeOffset(d.From), new DateTimeOffset(d.To))).ToList();
    }
}
"""

MQ_LISTENER_V1 = """using BhsGateway.Bsm;
using IBM.WMQ;
using Microsoft.Extensions.Options;

namespace BhsGateway.Messaging;

/// <summary>Reads BSMs from NMR.BSM.IN (AirMesh BagRelay puts them there) and hands each to the intake.</summary>
public sealed class MqBsmListener(BsmIntake intake, IOptions<MqOptions> options, ILogger<MqBsmListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
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

RECLAIM = """namespace BhsGateway.Fids;

/// <summary>First and last bag on an arrival's reclaim belt, for the FIDS (reclaim page and the belt displays).</summary>
public sealed class ReclaimPublisher(HttpClient fids, ILogger<ReclaimPublisher> log)
{
    public async Task FirstBagAsync(string flight, string belt, DateTimeOffset at, CancellationToken ct)
    {
        await fids.PostAsJsonAsync($"api/reclaim/{belt}/first-bag", new { flight, at }, ct);
        log.LogInformation("FIDS reclaim: {Flight} first bag on belt {Belt}", flight, belt);
    }

    public async Task LastBagAsync(string flight, string belt, DateTimeOffset at, CancellationToken ct)
    {
        await fids.PostAsJsonAsync($"api/reclaim/{belt}/last-bag", new { flight, at }, ct);
        log.LogInformation("FIDS reclaim: {Flight} last bag on belt {Belt}", flight, belt);
    }
}
"""

PROGRAM = """using BhsGateway.Aodb;
using BhsGateway.Bsm;
using BhsGateway.Fids;
using BhsGateway.Messaging;
using BhsGateway.Scs;
using BhsGateway.Sort;
using BhsGateway.Storage;
using Serilog;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddWindowsService(o => o.ServiceName = "BhsGateway");
builder.Services.AddSerilog(c => c.ReadFrom.Configuration(builder.Configuration));
builder.Services.Configure<MqOptions>(builder.Configuration.GetSection("Mq"));
builder.Services.Configure<SortOptions>(builder.Configuration.GetSection("Sort"));
builder.Services.AddNpgsqlDataSource(builder.Configuration.GetConnectionString("Bags")!);
builder.Services.AddSingleton<IBagStore, PostgresBagStore>();
builder.Services.AddSingleton<BsmIntake>();
builder.Services.AddSingleton<SortService>();
builder.Services.AddHttpClient<AodbClient>(c => c.BaseAddress = new Uri(builder.Configuration["Aodb:BaseUrl"]!));
builder.Services.AddHttpClient<ReclaimPublisher>(c => c.BaseAddress = new Uri(builder.Configuration["Fids:BaseUrl"]!));
builder.Services.AddSingleton<AllocationCache>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<AllocationCache>());
builder.Services.AddHostedService<MqBsmListener>();
builder.Services.AddHostedService<SacTelegramServer>();

var host = builder.Build();
var version = typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().First().InformationalVersion;
host.Services.GetRequiredService<ILogger<Program>>().LogInformation("BhsGateway {Version} starting on {Host} ({Environment})",
    version, Environment.MachineName, builder.Environment.EnvironmentName);
host.Run();
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
  "Sort": { "ManualEncodingStation": "MES-1", "EarlyBagStore": "EBS", "LateBagChute": "LATE-1", "ProblemBagArea": "PBA-1" },
  "ConnectionStrings": { "Bags": "Host=bhsdb01.nmr.internal;Database=bhs;Username=bhs_gateway" }
}
"""

LATERALS = """# Make-up laterals and their PLC destination codes on SRT-1 (Kestrel
# destination table rev 14). Allocations come from the AODB; this only
# maps a lateral to the sorter discharge.
laterals:
  MU-1: { plc: 11, positions: 6 }
  MU-2: { plc: 12, positions: 6 }
  MU-3: { plc: 13, positions: 4 }
  MU-4: { plc: 14, positions: 8 }
  MU-5: { plc: 15, positions: 4 }
special:
  EBS: { plc: 31 }
  MES-1: { plc: 41 }
  LATE-1: { plc: 51 }
  PBA-1: { plc: 61 }
"""

PARSER_TESTS_V1 = """using BhsGateway.Bsm;
using Xunit;

namespace BhsGateway.Tests;

public class BsmParserTests
{
    private const string Local = "QU NMRBSXH\\r\\n.LTNBYXH 121015\\r\\nBSM\\r\\n.V/1LNMR\\r\\n.F/BY6422/12MAR/TFS/Y\\r\\n.N/0754118220002\\r\\n" +
                                 ".S/Y/23A/C/044/N\\r\\n.P/2HUGHES/CLAIRE/PAUL\\r\\n.W/K/2/41\\r\\nENDBSM\\r\\n";

    [Fact]
    public void Local_bag_sorts_on_its_outbound_flight()
    {
        var bsm = BsmParser.Parse(Local, new DateTimeOffset(2026, 3, 12, 10, 15, 20, TimeSpan.Zero));
        Assert.Equal("BY6422/12MAR", bsm.SortFlight.Key);
        Assert.Equal(["0754118220", "0754118221"], bsm.Tags);
        Assert.Equal('L', bsm.SourceIndicator);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 10, 15, 0, TimeSpan.Zero), bsm.SentAt);
    }

    [Fact]
    public void Short_flight_numbers_are_padded()
    {
        Assert.Equal("LM0415/12MAR", FlightLeg.Parse("LM415/12MAR/ABZ/Y").Key);
    }
}
"""

BSM_DOC_V1 = """# BSMs at Northmoor

AirMesh BagRelay delivers every BSM, CHG and DEL addressed to NMRBSXH
onto `NMR.BSM.IN` on NMRQM01. The gateway stores one row per tag.

| Element | What we use |
|---|---|
| `.V/1LNMR` | source indicator (L local, T transfer, X terminating) |
| `.F/BY6422/12MAR/TFS/Y` | outbound flight: the make-up allocation is looked up for it |
| `.N/0754118220002` | tag numbers: licence plate and count |
| `.P`, `.S`, `.W` | passenger, seat, weight: shown at MES-1 |

Everything else is ignored. A BSM that arrives more than 10 minutes after
its origin time is logged as a warning (AirMesh delay).
"""

RUNBOOK = """# bhs-gateway runbook

Owner: Airport Systems (#bhs-ops on Teams). BHS control room: ext 4410.
Kestrel 24/7 support: +31 40 555 0190.

## Deploying

Octopus project `BhsGateway`, environment Production, BHSGW01. Only in the
BHS night window (01:00-04:00 local) after the change board, or on an
emergency change approved by the duty AOC manager. The SAC sends bags to
MES-1 while the gateway restarts (about 40 s).

## Rolling back

Octopus > BhsGateway > Production > redeploy the previous release. Same
rules as deploying.

## Bags to MES-1

MES-1 takes no-reads, bags without a BSM and bags whose flight has no
make-up allocation. A few an hour is normal. Check the SCS journal for the
reason the SAC shows.
"""

CHANGELOG = """# Changelog

## 2.13.2

- BAG-219 MES-1 shows the passenger name from the BSM
- BAG-221 reconnect to NMRQM01 after MQRC_CONNECTION_BROKEN
"""

CI = """trigger:
  branches:
    include: [main]

pool:
  vmImage: windows-2022

steps:
  - task: UseDotNet@2
    inputs:
      version: 8.0.x
  - script: dotnet build BhsGateway.sln -c Release
  - script: dotnet test tests/BhsGateway.Tests -c Release --no-build
  - script: dotnet publish src/BhsGateway -c Release -o $(Build.ArtifactStagingDirectory)/BhsGateway
  - task: OctopusPack@6
    inputs:
      PackageId: BhsGateway
      PackageVersion: $(Build.BuildNumber)
"""

README = """# bhs-gateway

Northmoor Airport's gateway between the airlines' BSMs (AirMesh BagRelay,
IBM MQ) and Kestrel's sortation controller: stores bags from BSMs, answers
the SAC's destination requests from the AODB's make-up allocations, and
posts reclaim first/last bag times to the FIDS.

## Running locally

```
dotnet run --project src/BhsGateway --environment Development
```

See `docs/runbook.md` and `docs/bsm.md`.
"""


def build_repo():
    repo = Repo()
    rob = Person("Rob Atherton", "rob.atherton@northmoorairport.co.uk", 0)
    priya = Person("Priya Nair", "priya.nair@northmoorairport.co.uk", 0)
    priya_bst = Person("Priya Nair", "priya.nair@northmoorairport.co.uk", 60)
    rob_bst = Person("Rob Atherton", "rob.atherton@northmoorairport.co.uk", 60)
    callum = Person("Callum Reid", "callum.reid@northmoorairport.co.uk", 0)
    tom = Person("Tom Kerr", "tom.kerr@northmoorairport.co.uk", 0)
    marit = Person("Marit Jansen", "m.jansen@kestrelconveyor.nl", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    files = {
        "BhsGateway.sln": "\nMicrosoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\n"
                          "Project(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"BhsGateway\", \"src\\BhsGateway\\BhsGateway.csproj\", \"{5B1D2C61-0E3A-4F1B-9C55-2D1E77A0C911}\"\nEndProject\n"
                          "Project(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"BhsGateway.Tests\", \"tests\\BhsGateway.Tests\\BhsGateway.Tests.csproj\", \"{0C7E9A14-8B2D-4E43-A1F6-6F3B2C8D4E70}\"\nEndProject\n",
        "Directory.Build.props": BUILD_PROPS,
        "src/BhsGateway/BhsGateway.csproj": CSPROJ,
        "src/BhsGateway/Program.cs": PROGRAM,
        "src/BhsGateway/appsettings.json": APPSETTINGS,
        "src/BhsGateway/config/laterals.yaml": LATERALS,
        "src/BhsGateway/Bsm/BsmMessage.cs": BSM_MESSAGE_V1,
        "src/BhsGateway/Bsm/BsmParser.cs": BSM_PARSER_V1,
        "src/BhsGateway/Bsm/FlightLeg.cs": FLIGHT_LEG,
        "src/BhsGateway/Bsm/TagRange.cs": TAG_RANGE,
        "src/BhsGateway/Bsm/BagWeight.cs": "namespace BhsGateway.Bsm;\n\n/// <summary>.W/K/2/41: unit, pieces, total weight.</summary>\npublic sealed record BagWeight(char Unit, int Pieces, int Total)\n{\n    public static BagWeight? Parse(string body)\n    {\n        var p = body.Split('/');\n        return p.Length >= 3 && int.TryParse(p[1], out var n) && int.TryParse(p[2], out var w) ? new BagWeight(p[0][0], n, w) : null;\n    }\n}\n",
        "src/BhsGateway/Bsm/BsmIntake.cs": BSM_INTAKE,
        "src/BhsGateway/Storage/BagStore.cs": BAG_STORE,
        "src/BhsGateway/Sort/SortService.cs": SORT_SERVICE_V1,
        "src/BhsGateway/Sort/SortOptions.cs": SORT_OPTIONS,
        "src/BhsGateway/Aodb/AllocationCache.cs": ALLOCATION_CACHE_V1,
        "src/BhsGateway/Aodb/AodbClient.cs": AODB_CLIENT_V1,
        "src/BhsGateway/Messaging/MqBsmListener.cs": MQ_LISTENER_V1,
        "src/BhsGateway/Messaging/MqOptions.cs": "namespace BhsGateway.Messaging;\n\npublic sealed class MqOptions\n{\n    public string QueueManager { get; set; } = \"\";\n    public string Host { get; set; } = \"\";\n    public int Port { get; set; } = 1414;\n    public string Channel { get; set; } = \"\";\n    public string Queue { get; set; } = \"\";\n}\n",
        "src/BhsGateway/Fids/ReclaimPublisher.cs": RECLAIM,
        "src/BhsGateway/Scs/SacTelegramServer.cs": "using BhsGateway.Sort;\n\nnamespace BhsGateway.Scs;\n\n/// <summary>\n/// TCP server for Kestrel's SAC (telegram spec KCS-TG-07): DREQ in, DREP out.\n/// DREQ;ATR-1;0074512345;20260329T042213.402 -> DREP;0074512345;13\n/// The SAC times out after 800 ms and sends the bag to MES-1.\n/// </summary>\npublic sealed class SacTelegramServer(SortService sort, ILogger<SacTelegramServer> log) : BackgroundService\n{\n    protected override Task ExecuteAsync(CancellationToken ct) => Task.CompletedTask;\n}\n",
        "tests/BhsGateway.Tests/BhsGateway.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"17.11.1\" />\n    <PackageReference Include=\"xunit\" Version=\"2.9.2\" />\n    <PackageReference Include=\"xunit.runner.visualstudio\" Version=\"2.8.2\" />\n  </ItemGroup>\n  <ItemGroup>\n    <ProjectReference Include=\"..\\..\\src\\BhsGateway\\BhsGateway.csproj\" />\n  </ItemGroup>\n</Project>\n",
        "tests/BhsGateway.Tests/BsmParserTests.cs": PARSER_TESTS_V1,
        "azure-pipelines.yml": CI,
        "README.md": README,
        "CHANGELOG.md": CHANGELOG,
        "docs/runbook.md": RUNBOOK,
        "docs/bsm.md": BSM_DOC_V1,
    }
    repo.commit(utc("2026-03-19 09:40:00"), rob, "bhs-gateway: BSM intake, SAC destination replies, AODB make-up allocations, FIDS reclaim", files)
    crng = random.Random(69106)
    repo.schedule(chores(crng, SERVICE, [priya, callum], utc("2026-03-19 11:00:00"), utc("2026-03-24 16:00:00"), 2)
                  + chores(crng, SERVICE, [callum], utc("2026-03-28 09:00:00"), utc("2026-03-28 14:00:00"), 1))
    repo.commit(utc("2026-03-20 14:12:00"), priya, "FIDS: post reclaim first and last bag with the belt (BAG-226)", {
        "src/BhsGateway/Fids/ReclaimPublisher.cs": sub(repo.files["src/BhsGateway/Fids/ReclaimPublisher.cs"],
                                                       "new { flight, at }, ct);\n        log.LogInformation(\"FIDS reclaim: {Flight} first bag",
                                                       "new { flight, belt, at }, ct);\n        log.LogInformation(\"FIDS reclaim: {Flight} first bag",
                                                       "new { flight, at }, ct);\n        log.LogInformation(\"FIDS reclaim: {Flight} last bag",
                                                       "new { flight, belt, at }, ct);\n        log.LogInformation(\"FIDS reclaim: {Flight} last bag"),
    })
    repo.commit(utc("2026-03-23 10:30:00"), callum, "AODB: log the refresh failure with the count we keep (BAG-228)", {
        "src/BhsGateway/Aodb/AllocationCache.cs": sub(repo.files["src/BhsGateway/Aodb/AllocationCache.cs"],
                                                      "            catch (HttpRequestException e)\n",
                                                      "            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)\n"),
    })
    repo.commit(utc("2026-03-24 08:55:00"), bot, "Bump Npgsql from 8.0.5 to 8.0.6", {
        "src/BhsGateway/BhsGateway.csproj": sub(repo.files["src/BhsGateway/BhsGateway.csproj"], 'Include="Npgsql" Version="8.0.5"', 'Include="Npgsql" Version="8.0.6"'),
    })

    culprit = repo.commit(CULPRIT_AT, rob, "BSM: read .I and .O for Resolution 753 tracking (BAG-231)\n\n"
                          "Resolution 753 wants every bag's journey reported at acquisition,\n"
                          "loading and transfer, so keep the inbound (.I) and onward (.O) legs\n"
                          "with the bag. A transfer BSM names the flight the bag came in on in\n"
                          ".F and the flight that takes it on from here in .O, so sort on the\n"
                          "first .O leg when there is one; local bags have none and keep .F.", {
        "src/BhsGateway/Bsm/BsmMessage.cs": sub(repo.files["src/BhsGateway/Bsm/BsmMessage.cs"],
                                                "    /// <summary>.F: the flight the bag leaves on.</summary>\n    public required FlightLeg Outbound { get; init; }\n",
                                                "    /// <summary>.F: the flight the bag leaves on.</summary>\n    public required FlightLeg Outbound { get; init; }\n\n"
                                                "    /// <summary>.I: the flight a transfer bag came in on (Resolution 753).</summary>\n    public FlightLeg? Inbound { get; init; }\n\n"
                                                "    /// <summary>.O: onward legs, in the order of the message (Resolution 753).</summary>\n"
                                                "    public IReadOnlyList<FlightLeg> Onward { get; init; } = [];\n",
                                                "    /// <summary>The flight the make-up allocation is looked up for.</summary>\n    public FlightLeg SortFlight => Outbound;\n",
                                                "    /// <summary>\n    /// The flight the make-up allocation is looked up for: a transfer BSM\n"
                                                "    /// names the flight the bag came in on in .F and the flight that takes\n"
                                                "    /// it on from here in .O (BAG-231).\n    /// </summary>\n"
                                                "    public FlightLeg SortFlight => Onward.Count > 0 ? Onward[0] : Outbound;\n\n"
                                                "    /// <summary>Every leg we know of, for the Resolution 753 tracking feed.</summary>\n"
                                                "    public IEnumerable<FlightLeg> Itinerary =>\n        (Inbound is null ? Array.Empty<FlightLeg>() : new[] { Inbound }).Append(Outbound).Concat(Onward);\n"),
        "src/BhsGateway/Bsm/BsmParser.cs": sub(repo.files["src/BhsGateway/Bsm/BsmParser.cs"],
                                               "        FlightLeg? outbound = null;\n",
                                               "        FlightLeg? outbound = null, inbound = null;\n        var onward = new List<FlightLeg>();\n",
                                               "                case \".N\":\n",
                                               "                case \".I\":\n                    inbound = FlightLeg.Parse(body);\n                    break;\n"
                                               "                case \".O\":\n                    onward.Add(FlightLeg.Parse(body));\n                    break;\n"
                                               "                case \".N\":\n",
                                               "                    // .I .O .U .X .D .E ...: not used for sortation\n",
                                               "                    // .U .X .D .E ...: not used\n",
                                               "            Outbound = outbound,\n",
                                               "            Outbound = outbound,\n            Inbound = inbound,\n            Onward = onward,\n"),
        "tests/BhsGateway.Tests/BsmParserTests.cs": sub(repo.files["tests/BhsGateway.Tests/BsmParserTests.cs"],
                                                        "    [Fact]\n    public void Short_flight_numbers_are_padded()\n",
                                                        "    private const string Transfer = \"QU NMRBSXH\\r\\n.GLALMXH 251012\\r\\nBSM\\r\\n.V/1TNMR\\r\\n.I/LM0412/25MAR/ABZ/Y\\r\\n\" +\n"
                                                        "                                    \".F/LM0412/25MAR/NMR/Y\\r\\n.O/BY6422/25MAR/TFS/Y\\r\\n.N/0682004417001\\r\\n.P/1ROSS/EWAN\\r\\nENDBSM\\r\\n\";\n\n"
                                                        "    [Fact]\n    public void Transfer_bag_sorts_on_its_onward_leg()\n    {\n"
                                                        "        var bsm = BsmParser.Parse(Transfer, new DateTimeOffset(2026, 3, 25, 10, 12, 30, TimeSpan.Zero));\n"
                                                        "        Assert.Equal(\"BY6422/25MAR\", bsm.SortFlight.Key);\n        Assert.Equal(\"LM0412/25MAR\", bsm.Inbound!.Key);\n"
                                                        "        Assert.Equal(3, bsm.Itinerary.Count());\n    }\n\n"
                                                        "    [Fact]\n    public void Short_flight_numbers_are_padded()\n"),
    })
    repo.commit(utc("2026-03-25 13:20:00"), rob, "docs: the BSM legs we read (BAG-231)", {
        "docs/bsm.md": sub(repo.files["docs/bsm.md"],
                           "| `.F/BY6422/12MAR/TFS/Y` | outbound flight: the make-up allocation is looked up for it |\n",
                           "| `.F/BY6422/12MAR/TFS/Y` | outbound flight: the make-up allocation is looked up for it |\n"
                           "| `.I/LM0412/25MAR/ABZ/Y` | inbound flight of a transfer bag (Resolution 753 feed) |\n"
                           "| `.O/BY6422/25MAR/TFS/Y` | onward flight: where a transfer bag goes from here; sorted on when present (BAG-231) |\n"),
    })
    r214 = repo.commit(utc("2026-03-25 15:35:00"), priya, "release 2.14.0", {
        "Directory.Build.props": sub(repo.files["Directory.Build.props"], "<Version>2.13.2</Version>", "<Version>2.14.0</Version>"),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.14.0\n\n- BAG-226 FIDS reclaim posts carry the belt\n"
                            "- BAG-228 AODB refresh timeouts logged\n- BAG-231 .I and .O legs read for Resolution 753\n- Npgsql 8.0.6\n"),
    })
    repo.commit(utc("2026-03-26 09:12:00"), bot, "Bump Serilog.Sinks.File from 5.0.0 to 6.0.0", {
        "src/BhsGateway/BhsGateway.csproj": sub(repo.files["src/BhsGateway/BhsGateway.csproj"], 'Include="Serilog.Sinks.File" Version="5.0.0"', 'Include="Serilog.Sinks.File" Version="6.0.0"'),
    })
    repo.commit(utc("2026-03-26 14:31:00"), priya, "BSM: accept END BSM with a space, TUI's handler DCS sends it (BAG-233)", {
        "src/BhsGateway/Bsm/BsmParser.cs": sub(repo.files["src/BhsGateway/Bsm/BsmParser.cs"],
                                               "            if (line is \"ENDBSM\" or \"ENDCHG\" or \"ENDDEL\")\n",
                                               "            if (line.Replace(\" \", \"\") is \"ENDBSM\" or \"ENDCHG\" or \"ENDDEL\")\n"),
        "tests/BhsGateway.Tests/BsmParserTests.cs": sub(repo.files["tests/BhsGateway.Tests/BsmParserTests.cs"],
                                                        "    [Fact]\n    public void Short_flight_numbers_are_padded()\n",
                                                        "    [Fact]\n    public void End_with_a_space_ends_the_message()\n    {\n"
                                                        "        var bsm = BsmParser.Parse(Local.Replace(\"ENDBSM\", \"END BSM\") + \"garbage\", DateTimeOffset.UtcNow);\n"
                                                        "        Assert.Equal(2, bsm.Tags.Count);\n    }\n\n"
                                                        "    [Fact]\n    public void Short_flight_numbers_are_padded()\n"),
    })
    repo.commit(utc("2026-03-27 09:05:00"), marit, "laterals: MU-6 for the summer season, PLC destination 16 (BAG-235)", {
        "src/BhsGateway/config/laterals.yaml": sub(repo.files["src/BhsGateway/config/laterals.yaml"],
                                                   "# Make-up laterals and their PLC destination codes on SRT-1 (Kestrel\n# destination table rev 14).",
                                                   "# Make-up laterals and their PLC destination codes on SRT-1 (Kestrel\n# destination table rev 15, S26).",
                                                   "  MU-5: { plc: 15, positions: 4 }\n", "  MU-5: { plc: 15, positions: 4 }\n  MU-6: { plc: 16, positions: 8 }   # S26, opened 29 March\n"),
    })
    repo.commit(utc("2026-03-27 11:42:00"), callum, "sort: warn once per bag with no make-up allocation, with the flight (BAG-236)\n\n"
                "The control room asked for it in the log view: 'Unsortable bag' was\n"
                "an info line among thousands of sort replies.", {
        "src/BhsGateway/Sort/SortService.cs": sub(repo.files["src/BhsGateway/Sort/SortService.cs"],
                                                  "            log.LogInformation(\"Unsortable bag {Tag}: {Reason} for {Flight}, destination {Destination}\",\n"
                                                  "                request.Tag, SortReason.NoAllocation, flightKey, _o.ManualEncodingStation);\n",
                                                  "            log.LogWarning(\"No sort allocation for flight {Flight}, bag {Tag} to {Destination}\",\n"
                                                  "                flightKey, request.Tag, _o.ManualEncodingStation);\n"),
    })
    repo.commit(utc("2026-03-27 14:18:00"), priya, "AODB: read allocation times as UTC across the BST change (BAG-238)\n\n"
                "The allocations API sends UTC with a Z; DateTime.Now for the window\n"
                "and new DateTimeOffset(DateTime) read them with the server's offset,\n"
                "which is 0 until Sunday 01:00. Use UTC throughout and log the local\n"
                "offset at start so the control room can see it.", {
        "src/BhsGateway/Aodb/AodbClient.cs": sub(repo.files["src/BhsGateway/Aodb/AodbClient.cs"],
                                                 "d.ResourceId, new DateTimeOffset(d.From), new DateTimeOffset(d.To))).ToList();",
                                                 "d.ResourceId, new DateTimeOffset(DateTime.SpecifyKind(d.From, DateTimeKind.Utc)),\n"
                                                 "            new DateTimeOffset(DateTime.SpecifyKind(d.To, DateTimeKind.Utc)))).ToList();"),
        "src/BhsGateway/Aodb/AllocationCache.cs": sub(repo.files["src/BhsGateway/Aodb/AllocationCache.cs"],
                                                      "        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));\n",
                                                      "        log.LogInformation(\"AODB times read as UTC; local offset now {Offset} ({Zone})\",\n"
                                                      "            TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow), TimeZoneInfo.Local.StandardName);\n"
                                                      "        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));\n",
                                                      "MakeupAllocationsAsync(DateTime.Now.AddHours(-6), DateTime.Now.AddHours(24), ct);",
                                                      "MakeupAllocationsAsync(DateTime.UtcNow.AddHours(-6), DateTime.UtcNow.AddHours(24), ct);"),
    })
    repo.commit(utc("2026-03-27 15:02:00"), bot, "Bump IBMMQDotnetClient from 9.4.1.0 to 9.4.2.0", {
        "src/BhsGateway/BhsGateway.csproj": sub(repo.files["src/BhsGateway/BhsGateway.csproj"], 'Include="IBMMQDotnetClient" Version="9.4.1.0"', 'Include="IBMMQDotnetClient" Version="9.4.2.0"'),
    })
    repo.commit(utc("2026-03-28 10:06:00"), tom, "runbook: bags to MES-1 after a season change", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"], "reason the SAC shows.\n",
                               "reason the SAC shows.\n\n"
                               "## NO ALLOCATION bags after a season change\n\n"
                               "Every season change (last Sunday of March and of October) some new\n"
                               "flights have no make-up allocation in the AODB yet, and their bags go to\n"
                               "MES-1 with NO ALLOCATION (S25: 3 flights, W25: 2). Ask the AOC duty\n"
                               "manager to publish or republish the flight's allocation (AODB >\n"
                               "Resources > Make-up > Publish); the gateway picks it up within 5\n"
                               "minutes. Check the lateral exists in `config/laterals.yaml`. If it\n"
                               "starts right after a gateway deploy, roll back.\n"),
    })
    r215 = repo.commit(utc("2026-03-28 16:32:00"), priya, "release 2.15.0", {
        "Directory.Build.props": sub(repo.files["Directory.Build.props"], "<Version>2.14.0</Version>", "<Version>2.15.0</Version>"),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.15.0\n\n- BAG-233 END BSM with a space\n"
                            "- BAG-235 MU-6 (S26)\n- BAG-236 warning for bags with no make-up allocation\n- BAG-238 AODB times as UTC across BST\n"
                            "- Serilog.Sinks.File 6.0.0, IBMMQDotnetClient 9.4.2.0\n"),
    })
    fix = repo.commit(utc("2026-03-29 05:58:00"), rob_bst, "BSM: sort on .F again, .O is the leg after the hub (BAG-240)\n\n"
                      "BAG-231 sorted any bag with an .O element on its first onward leg. .O\n"
                      "is the onward flight after the outbound one (RP 1745), not the one\n"
                      "leaving here: a bag checked through NMR-AMS-JFK has .F/KL1432 and\n"
                      ".O/KL0641, and KL0641 has no make-up allocation at Northmoor, so every\n"
                      "through-checked KLM bag went to MES-1 from the first KL1432 check-in of\n"
                      "the summer. Transfer BSMs carry the outbound from here in .F as well.\n"
                      ".O stays in the itinerary for the Resolution 753 feed.", {
        "src/BhsGateway/Bsm/BsmMessage.cs": sub(repo.files["src/BhsGateway/Bsm/BsmMessage.cs"],
                                                "    /// <summary>\n    /// The flight the make-up allocation is looked up for: a transfer BSM\n"
                                                "    /// names the flight the bag came in on in .F and the flight that takes\n"
                                                "    /// it on from here in .O (BAG-231).\n    /// </summary>\n"
                                                "    public FlightLeg SortFlight => Onward.Count > 0 ? Onward[0] : Outbound;\n",
                                                "    /// <summary>\n    /// The flight the make-up allocation is looked up for: always .F, the\n"
                                                "    /// flight leaving Northmoor, for local and transfer bags alike. .O legs\n"
                                                "    /// come after it (at the hub) and are never sorted on here (BAG-240).\n    /// </summary>\n"
                                                "    public FlightLeg SortFlight => Outbound;\n"),
        "tests/BhsGateway.Tests/BsmParserTests.cs": sub(repo.files["tests/BhsGateway.Tests/BsmParserTests.cs"],
                                                        ".F/LM0412/25MAR/NMR/Y\\r\\n.O/BY6422/25MAR/TFS/Y", ".F/BY6422/25MAR/TFS/Y",
                                                        "    public void Transfer_bag_sorts_on_its_onward_leg()\n", "    public void Transfer_bag_sorts_on_its_outbound_flight()\n",
                                                        "        Assert.Equal(3, bsm.Itinerary.Count());\n    }\n",
                                                        "        Assert.Equal(2, bsm.Itinerary.Count());\n    }\n\n"
                                                        "    [Fact]\n    public void Through_checked_bag_sorts_on_the_flight_leaving_here()\n    {\n"
                                                        "        var bsm = BsmParser.Parse(\"QU NMRBSXH\\r\\n.AMSKLXH 290421\\r\\nBSM\\r\\n.V/1LNMR\\r\\n.F/KL1432/29MAR/AMS/Y\\r\\n\" +\n"
                                                        "            \".O/KL0641/29MAR/JFK/Y\\r\\n.N/0074512345001\\r\\nENDBSM\\r\\n\", new DateTimeOffset(2026, 3, 29, 4, 21, 40, TimeSpan.Zero));\n"
                                                        "        Assert.Equal(\"KL1432/29MAR\", bsm.SortFlight.Key);\n        Assert.Equal(\"KL0641/29MAR\", bsm.Onward[0].Key);\n    }\n"),
        "docs/bsm.md": sub(repo.files["docs/bsm.md"],
                           "| `.O/BY6422/25MAR/TFS/Y` | onward flight: where a transfer bag goes from here; sorted on when present (BAG-231) |\n",
                           "| `.O/KL0641/29MAR/JFK/Y` | onward flight after the outbound (at the hub): Resolution 753 feed only, never sorted on (BAG-240) |\n"),
    })
    r2151 = repo.commit(utc("2026-03-29 06:07:00"), priya_bst, "release 2.15.1", {
        "Directory.Build.props": sub(repo.files["Directory.Build.props"], "<Version>2.15.0</Version>", "<Version>2.15.1</Version>"),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.15.1\n\n- BAG-240 sort on .F; .O only for tracking\n"),
    })
    return repo, {"culprit": culprit, "r214": r214, "r215": r215, "fix": fix, "r2151": r2151}


# ---------------------------------------------------------------------------
# logs


def serilog(t, level, source, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +00:00 [{level}] {source}: {msg}"


def scs_line(t, comp, text):
    return f"{t.strftime('%d.%m.%Y %H:%M:%S,')}{t.microsecond // 1000:03d};{comp};{text}"


def fids_line(t, pid, msg):
    return f"{t.strftime('%b')} {t.day:>2} {t.strftime('%H:%M:%S')} fids01 fidsd[{pid}]: {msg}"


def local(t):
    return t + dt.timedelta(hours=1 if t >= BST_AT else 0)


def build_logs(rng, shas):
    gw = Log("bhs-gateway.log")
    raw = Log("bsm-raw-audit.log")
    scs = Log("scs-events.log")
    aodb = Log("aodb-outbound.log")
    fids = Log("fids01-syslog.log")
    octo = Log("octopus-deploy.log")
    teams = Log("teams-bhs-ops.log")
    stats = {"kl_mes": [], "first": None, "mes": [], "allocated": [], "early": [], "late": [], "ls_noalloc": 0, "kl_local_ok": 0,
             "after_fix_kl_onward_ok": 0}

    G = "BhsGateway"

    def version(t):
        if t < ROLLBACK:
            return "2.15.0"
        if t < FIX:
            return "2.14.0"
        return "2.15.1"

    def down(t):
        """the gateway restarting (SAC times out)"""
        for d in (DEPLOY_215, ROLLBACK, FIX):
            if d - dt.timedelta(seconds=15) <= t < d + dt.timedelta(seconds=32):
                return True
        return False

    # flights
    flights = {}
    for key, al, num, dest, std, lat, nbags, ci in FLIGHTS:
        s = at(std)
        flights[key] = {"key": key, "al": al, "num": num, "dest": dest, "std": s, "lat": lat, "bags": nbags,
                        "ci_open": s - dt.timedelta(minutes=ci), "ci_close": s - dt.timedelta(minutes=40),
                        "opens": s - dt.timedelta(minutes=150), "closes": s - dt.timedelta(minutes=25),
                        "published": None if key != "LS0877" else LS_ALLOC}

    def fkey(f):
        return f"{f['al']}{f['num']}/29MAR"

    # allocation lookup as the gateway sees it
    def allocation(flight_key, t):
        for f in flights.values():
            if fkey(f) == flight_key:
                if f["published"] is not None and t < f["published"]:
                    return None
                closes = f["closes"]
                if f["key"] == "KL1432" and t >= KL_DELAY:
                    closes = utc("2026-03-29 06:25:00")
                return f["lat"], f["opens"], closes
        return None

    # --- passengers, BSMs and bags
    serial = {al: rng.randint(100000, 880000) for al in CARRIER}
    bags = []  # dicts
    bsms = []
    for f in flights.values():
        n = 0
        span = (f["ci_close"] - f["ci_open"]).total_seconds()
        while n < f["bags"]:
            k = weighted(rng, [(58, 1), (30, 2), (9, 3), (3, 4)])
            k = min(k, f["bags"] - n)
            # check-in times: most in the middle of the window
            x = rng.betavariate(2.0, 2.6) * span if rng.random() > 0.06 else rng.uniform(20, 300)  # the queue at opening
            t0 = f["ci_open"] + dt.timedelta(seconds=x)
            if t0 >= END:
                n += k
                continue
            first = serial[f["al"]]
            serial[f["al"]] += k + rng.randint(0, 40)
            tags = [f"0{CARRIER[f['al']]}{(first + i) % 1000000:06d}" for i in range(k)]
            onward = None
            if f["al"] == "KL" and rng.random() < 0.6:
                onward = weighted(rng, ONWARD)
            sur = rng.choice(SURNAMES)
            names = [rng.choice(GIVEN) for _ in range(1 if k == 1 else rng.choice([1, 2, 2, 3]))]
            sent = t0 + dt.timedelta(seconds=rng.uniform(2, 25))
            recv = sent + dt.timedelta(seconds=rng.uniform(1.2, 7.5))
            bsm = {"f": f, "tags": tags, "onward": onward, "pax": f"{len(names)}{sur}/" + "/".join(names), "sent": sent, "recv": recv,
                   "seat": f"{rng.randint(1, 33)}{rng.choice('ABCDEF')}", "seq": rng.randint(1, 190), "kg": sum(rng.randint(12, 23) for _ in tags)}
            bsms.append(bsm)
            for i, tag in enumerate(tags):
                tin = t0 + dt.timedelta(seconds=i * rng.uniform(8, 25))
                bags.append({"tag": tag, "bsm": bsm, "f": f, "t_in": tin})
            n += k
    # a few bags without BSM (rush tags, manual tags)
    for _ in range(9):
        f = rng.choice(list(flights.values()))
        t0 = f["ci_open"] + dt.timedelta(seconds=rng.uniform(600, (f["ci_close"] - f["ci_open"]).total_seconds()))
        if t0 < END:
            bags.append({"tag": f"0{CARRIER[f['al']]}{rng.randint(100000, 999999):06d}", "bsm": None, "f": f, "t_in": t0})
    bsms.sort(key=lambda b: b["recv"])
    bags.sort(key=lambda b: b["t_in"])

    # --- gateway: BSM intake + raw audit
    for b in bsms:
        f = b["f"]
        t = b["recv"]
        lines = ["QU NMRBSXH", f".{ORIGIN[f['al']]} {b['sent'].strftime('%d%H%M')}", "BSM", ".V/1LNMR", f".F/{f['al']}{f['num']}/29MAR/{f['dest']}/Y"]
        if b["onward"]:
            lines.append(f".O/{b['onward'][0]}/29MAR/{b['onward'][1]}/Y")
        lines += [f".N/{b['tags'][0]}{len(b['tags']):03d}", f".S/Y/{b['seat']}/C/{b['seq']:03d}/N", f".P/{b['pax']}",
                  f".W/K/{len(b['tags'])}/{b['kg']}", "END BSM" if f["al"] == "BY" else "ENDBSM"]
        msgid = "414D51204E4D52514D30312020202020" + hexid(rng, 16).upper()
        text = "\n".join(lines)
        raw.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} MQGET NMR.BSM.IN msgid={msgid} len={len(text) + len(lines)}\n{text}")
        if down(t):
            continue  # waits on the queue, read after the restart; close enough
        onward_sort = b["onward"] is not None and version(t) != "2.15.1"
        if onward_sort:
            flight_key, dest = f"{b['onward'][0]}/29MAR", b["onward"][1]
        else:
            flight_key, dest = fkey(f), f["dest"]
        b["flight_key"] = flight_key
        tt = t + dt.timedelta(milliseconds=rng.randint(3, 30))
        gw.add(tt, serilog(tt, "INF", f"{G}.Bsm.BsmIntake", f"BSM stored for {len(b['tags'])} bag(s) from {b['tags'][0]}: flight {flight_key} dest {dest} (1L)"))
    # messages received while the gateway was restarting: stored after it
    for b in bsms:
        if "flight_key" not in b:
            t = b["recv"]
            for d in (DEPLOY_215, ROLLBACK, FIX):
                if d - dt.timedelta(seconds=15) <= t < d + dt.timedelta(seconds=32):
                    t2 = d + dt.timedelta(seconds=6, milliseconds=rng.randint(50, 900))
            onward_sort = b["onward"] is not None and version(t2) != "2.15.1"
            f = b["f"]
            flight_key, dest = (f"{b['onward'][0]}/29MAR", b["onward"][1]) if onward_sort else (fkey(f), f["dest"])
            b["flight_key"] = flight_key
            gw.add(t2, serilog(t2, "INF", f"{G}.Bsm.BsmIntake", f"BSM stored for {len(b['tags'])} bag(s) from {b['tags'][0]}: flight {flight_key} dest {dest} (1L)"))

    # --- bags through the BHS
    tray = [100]
    mes_arrivals = []

    def sort_reply(t, tag, reader, dest, reason, flight):
        gw.add(t, serilog(t, "INF", f"{G}.Sort.SortService", f"Sort reply for bag {tag or 'no-read'} at {reader}: {dest} ({reason} {flight or '-'})"))

    def next_tray():
        tray[0] = (tray[0] % 340) + 1
        return tray[0]

    def discharge(t, tag, dest, f, kind, tr):
        scs.add(t, scs_line(t, "SRT-1", f"DISCHARGE;tag={tag or '?'};dest={dest};tray={tr}"))
        if dest.startswith("MU-"):
            stats["allocated"].append(t)
        if dest == "EBS":
            stats["early"].append(t)
            rel = max(f["opens"], t) + dt.timedelta(seconds=rng.uniform(20, 300))
            scs.add(rel, scs_line(rel, "EBS", f"RELEASE;tag={tag};dest={f['lat']};stored_min={int((rel - t).total_seconds() // 60)}"))
        if dest == "LATE-1":
            stats["late"].append(t)

    desks = {"FR": (1, 4), "U2": (5, 9), "LM": (10, 11), "BY": (12, 17), "LS": (18, 22), "KL": (23, 25)}
    for bag in bags:
        f = bag["f"]
        tag = bag["tag"]
        t_in = bag["t_in"]
        desk = rng.randint(*desks[f["al"]])
        scs.add(t_in, scs_line(t_in, f"CI-{desk:02d}", f"INDUCT;weight_kg={rng.randint(9, 23)}.{rng.randint(0, 9)};length_mm={rng.randint(520, 900)}"))
        t_atr = t_in + dt.timedelta(seconds=rng.uniform(65, 140))
        if t_atr >= END:
            continue
        read = rng.random() > 0.017
        tr = next_tray()
        heads = f"{rng.randint(2, 6)}/6" if read else "0/6"
        scs.add(t_atr, scs_line(t_atr, "ATR-1", f"TAG_READ;tag={tag};tray={tr};heads={heads}" if read
                               else f"NO_READ;tray={tr};heads=0/6"))
        t_rep = t_atr + dt.timedelta(milliseconds=rng.randint(18, 95))
        if down(t_atr):
            scs.add(t_atr + dt.timedelta(milliseconds=800), scs_line(t_atr + dt.timedelta(milliseconds=800), "SAC", f"DEST_TIMEOUT;tag={tag if read else '?'};dest=MES-1;after_ms=800"))
            dest, reason, fk = "MES-1", "TIMEOUT", None
            t_dis = t_atr + dt.timedelta(seconds=rng.uniform(70, 110))
            mes_arrivals.append((t_dis, bag, "TIMEOUT"))
            stats["mes"].append(t_dis)
            scs.add(t_dis, scs_line(t_dis, "SRT-1", f"DISCHARGE;tag={tag if read else '?'};dest=MES-1;tray={tr}"))
            continue
        if not read:
            dest, reason, fk = "MES-1", "NoRead", None
            sort_reply(t_rep, None, "ATR-1", dest, reason, None)
        elif bag["bsm"] is None:
            dest, reason, fk = "MES-1", "NoBsm", None
            gw.add(t_rep - dt.timedelta(milliseconds=1), serilog(t_rep - dt.timedelta(milliseconds=1), "INF", f"{G}.Sort.SortService",
                                                                 f"Bag without BSM {tag} at ATR-1, default destination MES-1"))
            sort_reply(t_rep, tag, "ATR-1", dest, reason, None)
        else:
            fk = bag["bsm"].get("flight_key") or fkey(f)
            if bag["bsm"]["recv"] > t_atr:
                fk = None
            if fk is None:
                dest, reason = "MES-1", "NoBsm"
                gw.add(t_rep - dt.timedelta(milliseconds=1), serilog(t_rep - dt.timedelta(milliseconds=1), "INF", f"{G}.Sort.SortService",
                                                                     f"Bag without BSM {tag} at ATR-1, default destination MES-1"))
            else:
                al = allocation(fk, t_atr)
                if al is None:
                    dest, reason = "MES-1", "NoAllocation"
                    if version(t_rep) == "2.14.0":
                        gw.add(t_rep - dt.timedelta(milliseconds=1), serilog(t_rep - dt.timedelta(milliseconds=1), "INF", f"{G}.Sort.SortService",
                                                                             f"Unsortable bag {tag}: NoAllocation for {fk}, destination MES-1"))
                    else:
                        gw.add(t_rep - dt.timedelta(milliseconds=1), serilog(t_rep - dt.timedelta(milliseconds=1), "WRN", f"{G}.Sort.SortService",
                                                                             f"No sort allocation for flight {fk}, bag {tag} to MES-1"))
                    if f["al"] == "KL":
                        stats["kl_mes"].append(t_atr)
                        if stats["first"] is None:
                            stats["first"] = t_rep
                    elif f["key"] == "LS0877":
                        stats["ls_noalloc"] += 1
                        stats.setdefault("ls_first", t_rep)
                else:
                    lat, opens, closes = al
                    if t_atr < opens:
                        dest, reason = "EBS", "Early"
                    elif t_atr > closes:
                        dest, reason = "LATE-1", "Late"
                    else:
                        dest, reason = lat, "Allocated"
                    if f["al"] == "KL" and bag["bsm"]["onward"] is None:
                        stats["kl_local_ok"] += 1
                    if f["al"] == "KL" and bag["bsm"]["onward"] is not None:
                        stats["after_fix_kl_onward_ok"] += 1
            sort_reply(t_rep, tag, "ATR-1", dest, reason, fk)
        scs.add(t_rep + dt.timedelta(milliseconds=2), scs_line(t_rep + dt.timedelta(milliseconds=2), "SAC", f"DEST_REPLY;tag={tag if read else '?'};dest={dest};reason={reason.upper()}"))
        # hold baggage screening
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
        if dest == "MES-1":
            mes_arrivals.append((t_dis, bag, reason))
            stats["mes"].append(t_dis)
            scs.add(t_dis, scs_line(t_dis, "SRT-1", f"DISCHARGE;tag={tag if read else '?'};dest=MES-1;tray={tr}"))
            continue
        discharge(t_dis, tag, dest, f, reason, tr)

    # --- MES-1: FIFO, one operator, a second from SECOND_OP
    mes_arrivals.sort(key=lambda m: m[0])
    ops_free = {"BHS07": utc("2026-03-29 00:00:00"), "BHS11": SECOND_OP}
    queue_len = []
    for t_arr, bag, reason in mes_arrivals:
        f = bag["f"]
        names = ["BHS07"] + (["BHS11"] if t_arr >= SECOND_OP - dt.timedelta(minutes=30) else [])
        op = min(names, key=lambda n: ops_free[n])
        start = max(t_arr, ops_free[op])
        for a, b in AWAY.get(op, []):
            if a <= start < b:
                start = b
        wait = (start - t_arr).total_seconds()
        queue_len.append((t_arr, wait))
        # reading a through tag's routing and finding the flight from here takes longer
        secs = rng.uniform(70, 150) if reason == "NoAllocation" else rng.uniform(35, 80)
        done = start + dt.timedelta(seconds=secs)
        ops_free[op] = done
        if done >= END:
            continue
        fk = fkey(f)
        scs.add(done, scs_line(done, "MES-1", f"MANUAL_ENCODE;tag={bag['tag']};flight={f['al']}{f['num']};op={op};secs={int(secs)}"))
        t_rep = done + dt.timedelta(milliseconds=rng.randint(18, 90))
        if down(done):
            scs.add(done + dt.timedelta(milliseconds=800), scs_line(done + dt.timedelta(milliseconds=800), "SAC", f"DEST_TIMEOUT;tag={bag['tag']};dest=PBA-1;after_ms=800"))
            continue
        al = allocation(fk, done)
        if al is None:
            dest, rs = "PBA-1", "NoAllocation"
        else:
            lat, opens, closes = al
            dest, rs = (("EBS", "Early") if done < opens else ("LATE-1", "Late") if done > closes else (lat, "Encoded"))
        sort_reply(t_rep, bag["tag"], "MES-1", dest, rs, fk)
        scs.add(t_rep + dt.timedelta(milliseconds=2), scs_line(t_rep + dt.timedelta(milliseconds=2), "SAC", f"DEST_REPLY;tag={bag['tag']};dest={dest};reason={rs.upper()};src=MES-1"))
        t_dis = t_rep + dt.timedelta(seconds=rng.uniform(35, 70))
        discharge(t_dis, bag["tag"], dest, f, rs, next_tray())
    stats["mes_wait"] = queue_len
    # MES-1 queue status lines every 5 minutes
    t = START.replace(minute=20)
    while t < END:
        q = sum(1 for ta, w in queue_len if ta <= t and ta + dt.timedelta(seconds=w) > t)
        scs.add(t, scs_line(t, "MES-1", f"STATUS;queue={q};operators={1 if t < SECOND_OP else 2};loop_capacity=14"))
        if q >= 12:
            scs.add(t + dt.timedelta(milliseconds=40), scs_line(t + dt.timedelta(milliseconds=40), "MES-1", f"WARNING;text=MES loop nearly full;queue={q}"))
        t += dt.timedelta(minutes=5)

    # --- BHS start-up test bags
    t = utc("2026-03-29 02:46:10")
    scs.add(t, scs_line(t, "SCS", "MODE;mode=STARTUP;user=BHS03"))
    for i, lat in enumerate(["MU-1", "MU-2", "MU-3", "MU-4", "MU-5", "MU-6", "EBS", "MES-1", "LATE-1"]):
        tt = t + dt.timedelta(seconds=40 + i * 22)
        tag = f"0999000{i + 1:03d}"
        scs.add(tt, scs_line(tt, "ATR-1", f"TAG_READ;tag={tag};tray={200 + i};heads=6/6"))
        scs.add(tt + dt.timedelta(milliseconds=30), scs_line(tt + dt.timedelta(milliseconds=30), "SAC", f"TEST_DEST;tag={tag};dest={lat}"))
        scs.add(tt + dt.timedelta(seconds=75), scs_line(tt + dt.timedelta(seconds=75), "SRT-1", f"DISCHARGE;tag={tag};dest={lat};tray={200 + i}"))
    tt = t + dt.timedelta(minutes=6)
    scs.add(tt, scs_line(tt, "SCS", "MODE;mode=OPERATION;user=BHS03"))

    # --- SCS noise: heartbeats, jams, PLC alarms, make-up full
    t = START
    while t < END:
        scs.add(t, scs_line(t, "PLC-1", f"HEARTBEAT;cycle_ms={rng.randint(9, 14)};trays_active={rng.randint(0, 40) if t.hour >= 3 else 0}"))
        t += dt.timedelta(minutes=2, seconds=rng.uniform(-2, 2))
    for _ in range(14):
        tt = utc("2026-03-29 03:10:00") + dt.timedelta(seconds=rng.uniform(0, 7 * 3600))
        kind = rng.random()
        if kind < 0.4:
            d = rng.randint(1, 25)
            scs.add(tt, scs_line(tt, f"CI-{d:02d}", "JAM;photoeye=PE2"))
            scs.add(tt + dt.timedelta(seconds=rng.uniform(30, 160)), scs_line(tt + dt.timedelta(seconds=rng.uniform(30, 160)), f"CI-{d:02d}", "JAM_CLEARED;user=HDL"))
        elif kind < 0.7:
            m = rng.choice(["MU-1", "MU-2", "MU-4", "MU-6"])
            scs.add(tt, scs_line(tt, m, "FULL;photoeye=FL1;recirculate=true"))
            scs.add(tt + dt.timedelta(seconds=rng.uniform(40, 240)), scs_line(tt + dt.timedelta(seconds=rng.uniform(40, 240)), m, "FULL_CLEARED"))
        else:
            scs.add(tt, scs_line(tt, "SRT-1", f"ALARM;code=E2{rng.randint(10, 40)};text=Tray {rng.randint(1, 340)} tilt motor overcurrent;severity=LOW"))

    # --- gateway noise: MQ stats, allocation refresh, SAC link, startup lines
    counts = {}
    for b in bsms:
        key = b["recv"].replace(second=0, microsecond=0)
        counts[key] = counts.get(key, 0) + 1
    t = START + dt.timedelta(seconds=rng.uniform(0, 50))
    while t < END:
        if not down(t):
            n = counts.get((t - dt.timedelta(seconds=30)).replace(second=0, microsecond=0), 0)
            gw.add(t, serilog(t, "INF", f"{G}.Messaging.MqBsmListener", f"MQ NMR.BSM.IN: {n} messages in the last 60 s, depth 0"))
        t += dt.timedelta(seconds=60, milliseconds=rng.randint(0, 30))

    def n_alloc(t):
        return sum(1 for f in flights.values() if f["published"] is None or t >= f["published"])

    t = START + dt.timedelta(seconds=rng.uniform(0, 240))
    while t < END:
        if not down(t):
            gw.add(t, serilog(t, "INF", f"{G}.Aodb.AllocationCache", f"Make-up allocations refreshed: {n_alloc(t)} flights on 6 laterals"))
        t += dt.timedelta(minutes=5, milliseconds=rng.randint(0, 400))
    t = START + dt.timedelta(seconds=rng.uniform(0, 200))
    while t < END:
        if not down(t):
            reqs = sum(1 for b in bags if t - dt.timedelta(minutes=5) < b["t_in"] + dt.timedelta(seconds=100) <= t)
            gw.add(t, serilog(t, "INF", f"{G}.Scs.SacTelegramServer", f"SAC link SRT-1 up, {reqs} destination requests in the last 5 min"))
        t += dt.timedelta(minutes=5, milliseconds=rng.randint(0, 300))
    for tt in (LS_ALLOC + dt.timedelta(seconds=31), REPUBLISH + dt.timedelta(seconds=31)):
        gw.add(tt, serilog(tt, "INF", f"{G}.Aodb.AllocationCache", f"Make-up allocations refreshed: {n_alloc(tt)} flights on 6 laterals"))

    def restart(t, ver, sha):
        t = t - dt.timedelta(seconds=15, milliseconds=rng.randint(0, 900))
        gw.add(t, serilog(t, "INF", "Microsoft.Hosting.Lifetime", "Application is shutting down..."))
        x = t + dt.timedelta(seconds=19, milliseconds=rng.randint(0, 900))
        gw.add(x, serilog(x, "INF", "BhsGateway.Program", f"BhsGateway {ver}+{sha[:7]} starting on BHSGW01 (Production)"))
        if ver != "2.14.0":
            local_off = "01:00:00" if x >= BST_AT else "00:00:00"
            gw.add(x + dt.timedelta(milliseconds=310), serilog(x + dt.timedelta(milliseconds=310), "INF", f"{G}.Aodb.AllocationCache",
                                                               f"AODB times read as UTC; local offset now {local_off} (GMT Standard Time)"))
        gw.add(x + dt.timedelta(milliseconds=880), serilog(x + dt.timedelta(milliseconds=880), "INF", f"{G}.Aodb.AllocationCache",
                                                           f"Make-up allocations refreshed: {n_alloc(x)} flights on 6 laterals"))
        gw.add(x + dt.timedelta(seconds=2.1), serilog(x + dt.timedelta(seconds=2.1), "INF", f"{G}.Messaging.MqBsmListener",
                                                      "Connected to queue manager NMRQM01 (channel BHSGW.SVRCONN), reading NMR.BSM.IN"))
        gw.add(x + dt.timedelta(seconds=2.6), serilog(x + dt.timedelta(seconds=2.6), "INF", f"{G}.Scs.SacTelegramServer", "Listening for the SAC on port 5020"))
        gw.add(x + dt.timedelta(seconds=2.8), serilog(x + dt.timedelta(seconds=2.8), "INF", "Microsoft.Hosting.Lifetime",
                                                      "Application started. Hosting environment: Production; Content root path: D:\\Services\\BhsGateway\\"))
        gw.add(x + dt.timedelta(seconds=27.3), serilog(x + dt.timedelta(seconds=27.3), "INF", f"{G}.Scs.SacTelegramServer", "SAC link SRT-1 connected from 10.60.4.21"))

    restart(DEPLOY_215, "2.15.0", shas["r215"])
    restart(ROLLBACK, "2.14.0", shas["r214"])
    restart(FIX, "2.15.1", shas["r2151"])

    # --- FIDS reclaim (arrivals) from the gateway
    for fl, org, sta, belt in ARRIVALS:
        a = at(sta) + dt.timedelta(minutes=rng.randint(-6, 9))
        fb = a + dt.timedelta(minutes=rng.uniform(9, 14))
        lb = fb + dt.timedelta(minutes=rng.uniform(8, 19))
        if fb < END:
            gw.add(fb, serilog(fb, "INF", f"{G}.Fids.ReclaimPublisher", f"FIDS reclaim: {fl} first bag on belt {belt}"))
            fids.add(fb + dt.timedelta(milliseconds=300), fids_line(fb + dt.timedelta(milliseconds=300), 1873, f"reclaim {belt}: {fl} from {org} first bag {local(fb).strftime('%H:%M')}"))
        if lb < END:
            gw.add(lb, serilog(lb, "INF", f"{G}.Fids.ReclaimPublisher", f"FIDS reclaim: {fl} last bag on belt {belt}"))
            fids.add(lb + dt.timedelta(milliseconds=300), fids_line(lb + dt.timedelta(milliseconds=300), 1873, f"reclaim {belt}: {fl} from {org} last bag {local(lb).strftime('%H:%M')}"))
        fids.add(a, fids_line(a, 1873, f"flight {fl} A {org} sched {local(at(sta)).strftime('%H:%M')} remark 'Landed {local(a).strftime('%H:%M')}'"))

    # --- AODB outbound events
    def aodb_ev(t, body):
        body = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", **body}
        aodb.add(t, json.dumps(body, separators=(",", ":")))

    for f in flights.values():
        if f["published"] is not None:
            aodb_ev(f["published"], {"type": "ResourceAllocation", "flight": {"airline": f["al"], "number": f["num"], "sdd": "2026-03-29", "dir": "D"},
                          "resource": "MAKEUP", "id": f["lat"], "from": f["opens"].strftime("%Y-%m-%dT%H:%M:00Z"), "to": f["closes"].strftime("%Y-%m-%dT%H:%M:00Z"),
                          "user": "aoc.sholt"})
        ci = f["ci_open"] - dt.timedelta(seconds=rng.uniform(20, 200))
        if START <= ci < END:
            lo, hi = desks[f["al"]]
            aodb_ev(ci, {"type": "FlightUpdate", "flight": {"airline": f["al"], "number": f["num"], "sdd": "2026-03-29", "dir": "D"},
                         "changes": {"checkInDesks": f"{lo:02d}-{hi:02d}", "checkInOpen": f["ci_open"].strftime("%Y-%m-%dT%H:%M:00Z")}, "user": "aoc.sholt"})
        g = f["std"] - dt.timedelta(minutes=rng.randint(55, 75))
        if START <= g < END:
            aodb_ev(g, {"type": "FlightUpdate", "flight": {"airline": f["al"], "number": f["num"], "sdd": "2026-03-29", "dir": "D"},
                        "changes": {"gate": rng.choice(["1", "2", "3", "4", "5", "6", "7A", "7B"])}, "user": "aoc.sholt"})
    # republish (runbook): same allocations again
    x = REPUBLISH
    for f in flights.values():
        x += dt.timedelta(milliseconds=rng.randint(30, 120))
        aodb_ev(x, {"type": "ResourceAllocation", "flight": {"airline": f["al"], "number": f["num"], "sdd": "2026-03-29", "dir": "D"},
                    "resource": "MAKEUP", "id": f["lat"], "from": f["opens"].strftime("%Y-%m-%dT%H:%M:00Z"),
                    "to": (utc("2026-03-29 06:25:00") if f["key"] == "KL1432" and x >= KL_DELAY else f["closes"]).strftime("%Y-%m-%dT%H:%M:00Z"),
                    "user": "aoc.sholt", "republish": True})
    aodb_ev(KL_DELAY, {"type": "FlightUpdate", "flight": {"airline": "KL", "number": "1432", "sdd": "2026-03-29", "dir": "D"},
                       "changes": {"etd": "2026-03-29T06:50:00Z", "delayCode": "87", "remark": "awaiting baggage"}, "user": "aoc.sholt"})
    aodb_ev(KL_DELAY + dt.timedelta(seconds=14), {"type": "ResourceAllocation", "flight": {"airline": "KL", "number": "1432", "sdd": "2026-03-29", "dir": "D"},
                                                  "resource": "MAKEUP", "id": "MU-3", "from": "2026-03-29T03:50:00Z", "to": "2026-03-29T06:25:00Z", "user": "aoc.sholt"})
    delays = {"KL1432": KL_ATD}
    for f in flights.values():
        atd = delays.get(f["key"], f["std"] + dt.timedelta(minutes=rng.choice([-2, 0, 1, 3, 4, 6, 9, 12])))
        f["atd"] = atd
        if START <= atd < END:
            aodb_ev(atd + dt.timedelta(seconds=rng.uniform(20, 90)), {"type": "FlightUpdate", "flight": {"airline": f["al"], "number": f["num"], "sdd": "2026-03-29", "dir": "D"},
                                                                     "changes": {"atd": atd.strftime("%Y-%m-%dT%H:%M:00Z"), "status": "DEP"}, "user": "acars"})
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        aodb_ev(t, {"type": "Heartbeat", "seq": int((t - START).total_seconds() // 300)})
        t += dt.timedelta(minutes=5)

    # --- FIDS server
    fids.add(BST_AT + dt.timedelta(seconds=1), fids_line(BST_AT + dt.timedelta(seconds=1), 1873, "time zone Europe/London now BST (UTC+01:00), pages rerendered"))
    for f in flights.values():
        name = f"{f['al']}{f['num']}"
        hm = local(f["std"]).strftime("%H:%M")
        events = [(f["ci_open"], "Check-in open"), (f["ci_close"], "Check-in closed"), (f["std"] - dt.timedelta(minutes=38), "Go to gate"),
                  (f["std"] - dt.timedelta(minutes=30), "Boarding"), (f["std"] - dt.timedelta(minutes=15), "Final call"),
                  (f["std"] - dt.timedelta(minutes=8), "Gate closed"), (f["atd"], f"Departed {local(f['atd']).strftime('%H:%M')}")]
        if f["key"] == "KL1432":
            events = [e for e in events if e[1] not in ("Boarding", "Final call", "Gate closed")]
            events += [(KL_DELAY + dt.timedelta(seconds=3), "Delayed 07:50"), (utc("2026-03-29 06:18:00"), "Boarding"),
                       (utc("2026-03-29 06:36:00"), "Final call"), (utc("2026-03-29 06:43:00"), "Gate closed")]
        for tt, remark in events:
            if START <= tt < END:
                tt = tt + dt.timedelta(seconds=rng.uniform(0.2, 3))
                fids.add(tt, fids_line(tt, 1873, f"flight {name} D {f['dest']} sched {hm} remark '{remark}'"))
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        off = ["DSP-GATE-04"] if rng.random() < 0.7 else []
        fids.add(t, fids_line(t, 1873, f"displays online {47 - len(off)}/47" + (f" offline {','.join(off)}" if off else "")))
        t += dt.timedelta(minutes=5)
    t = START + dt.timedelta(minutes=3)
    while t < END:
        fids.add(t, fids_line(t, 1874, f"aodb feed: {rng.randint(0, 3) if t.hour < 3 else rng.randint(4, 30)} updates in the last 10 min"))
        t += dt.timedelta(minutes=10)

    # --- Octopus Deploy task logs
    def octo_deploy(t0, ver, sha, task, who, note):
        lines = [(0, "Info", f"Deploying BhsGateway release {ver} to Production ({task}) requested by {who}"),
                 (0.4, "Info", f"Release notes: {note}"),
                 (1.2, "Info", f"Package BhsGateway.{ver} (commit {sha[:7]}) acquired on BHSGW01"),
                 (5.8, "Info", "Step 1: Stop service BhsGateway"),
                 (11.9, "Info", "Step 2: Deploy package to D:\\Services\\BhsGateway"),
                 (19.6, "Info", "Step 3: Substitute variables in appsettings.Production.json"),
                 (21.4, "Info", "Step 4: Start service BhsGateway"),
                 (33.0, "Info", "Step 5: Smoke test http://localhost:5080/health -> 200"),
                 (34.1, "Info", f"Deployment of BhsGateway {ver} to Production succeeded")]
        for off, lvl, text in lines:
            x = t0 + dt.timedelta(seconds=off - 21.4)
            octo.add(x, f"{x.strftime('%Y-%m-%d %H:%M:%S')}  {lvl:<7}{text}")

    octo_deploy(DEPLOY_214, "2.14.0", shas["r214"], "ServerTasks-48211", "Priya Nair", "CHG0011873 BHS night window")
    octo_deploy(DEPLOY_215, "2.15.0", shas["r215"], "ServerTasks-48530", "Callum Reid", "CHG0011902 BHS night window")
    octo_deploy(ROLLBACK, "2.14.0", shas["r214"], "ServerTasks-48544", "Callum Reid", "rollback, INC0044120, approved S. Holt (AOC)")
    octo_deploy(FIX, "2.15.1", shas["r2151"], "ServerTasks-48551", "Priya Nair", "ECHG0000317 emergency, INC0044120, approved S. Holt (AOC)")

    # --- Teams #bhs-ops
    def say(tt, who, text):
        tt = tt + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(tt, json.dumps({"createdDateTime": tt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{tt.microsecond // 1000:03d}Z", "channel": "bhs-ops",
                                  "from": who, "body": text}, ensure_ascii=False))

    first = stats["first"]
    kl_before_rb = len([x for x in stats["kl_mes"] if x < ROLLBACK])
    say(DEPLOY_215 + dt.timedelta(minutes=3), "Callum Reid", "2.15.0 on BHSGW01 (CHG0011902). SAC reconnected, MU-6 test bag went to MU-6 in the SCS test. night all")
    say(utc("2026-03-29 03:23:40"), "Dave Pryce (BHS control)", "Jet2 PMI bags going to MES, NO ALLOCATION LS0877. AOC can you publish it")
    say(LS_ALLOC + dt.timedelta(seconds=40), "Sandra Holt (AOC)", "LS0877 make-up published MU-6, sorry, new for S26")
    say(first + dt.timedelta(minutes=17), "Dave Pryce (BHS control)", "MES-1 busy again, all KLM. reason NO ALLOCATION, flight on the MES screen is KL0641 or KL0605, tag says KL1432 AMS")
    say(first + dt.timedelta(minutes=21), "Sandra Holt (AOC)", "KL1432 is published MU-3 03:50-05:55, I can see it. KL first day back")
    say(first + dt.timedelta(minutes=26), "Callum Reid", f"on it. gateway warnings 'No sort allocation for flight KL0641/29MAR' and others since {first.strftime('%H:%M')}. that warning is new in 2.15.0 last night. runbook says republish after a season change")
    say(REPUBLISH - dt.timedelta(seconds=50), "Sandra Holt (AOC)", "republishing all make-up allocations now")
    say(REPUBLISH + dt.timedelta(minutes=4), "Dave Pryce (BHS control)", "still NO ALLOCATION. second operator on MES since 05:55 local, loop is filling")
    say(REPUBLISH + dt.timedelta(minutes=6), "Callum Reid", "2.15.0 also changed the AODB times for the clock change (BAG-238) and it's the first BST morning. rolling back to 2.14.0, Sandra approved. MES for 40 s while it restarts")
    say(ROLLBACK + dt.timedelta(minutes=3), "Callum Reid", "2.14.0 back. log says 'Unsortable bag ...: NoAllocation for KL0641/29MAR' now, same thing")
    say(ROLLBACK + dt.timedelta(minutes=12), "Lisa Ward (NGS ramp)", "KL1432 we'll hold for bags, MU-3 has about half of what the DCS says is checked")
    say(ROLLBACK + dt.timedelta(minutes=22), "Priya Nair", "the flights in those warnings aren't ours. KL0641 is AMS-JFK, KL0605 AMS-SFO, KL0861 AMS-HND. the raw BSMs have .F/KL1432/29MAR/AMS and .O/KL0641/29MAR/JFK and 'BSM stored ... flight KL0641/29MAR dest JFK'. we store the .O leg")
    say(ROLLBACK + dt.timedelta(minutes=25), "Priya Nair", f"KL bags without .O (local to AMS) go to MU-3 fine. {kl_before_rb} KL bags to MES before the rollback, all with .O")
    say(ROLLBACK + dt.timedelta(minutes=31), "Rob Atherton", "that's BAG-231, mine, Wednesday, in 2.14.0 so the rollback kept it. I read .O as where a transfer bag goes from here. it's the leg after AMS. nobody checked bags through all winter so no .O until KL came back today")
    say(ROLLBACK + dt.timedelta(minutes=36), "Callum Reid", "Sandra: emergency change for a fix, sort on .F again. MES will keep getting KL until then, Dave can your operators encode KL1432 for anything with a KL tag")
    say(FIX - dt.timedelta(minutes=4), "Priya Nair", "2.15.1 = 2.15.0 + BAG-240 (sort on .F, .O only in the tracking itinerary), reviewed by Callum, deploying ECHG0000317")
    say(FIX + dt.timedelta(minutes=3), "Priya Nair", "2.15.1 up. no KL1432 bags left at check-in, will watch KL1434 from 10:55 local")
    say(KL_ATD + dt.timedelta(minutes=2), "Lisa Ward (NGS ramp)", "KL1432 off blocks 07:52 local, 32 min late, all bags on, the last MES ones by hand to the hold")
    say(utc("2026-03-29 10:07:00"), "Priya Nair", "KL1434 check-in: bags with .O sorting to MU-3, 'BSM stored ... flight KL1434/29MAR'. INC0044120 postmortem Tuesday")
    return [gw, raw, scs, aodb, fids, octo, teams], stats


def build(out_dir):
    rng = random.Random(69100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first"].replace(microsecond=0)
        assert utc("2026-03-29 04:20:00") < onset < utc("2026-03-29 04:30:00"), onset
        assert len(stats["kl_mes"]) >= 30, len(stats["kl_mes"])
        assert 2 <= stats["ls_noalloc"] <= 12 and stats["ls_first"] < utc("2026-03-29 03:23:00"), stats["ls_noalloc"]
        assert stats["after_fix_kl_onward_ok"] >= 5, stats["after_fix_kl_onward_ok"]
        hours = (onset - CULPRIT_AT).total_seconds() / 3600

        def count(series, minutes=10):
            def fn(t):
                return sum(1 for x in series if t - dt.timedelta(minutes=minutes) < x <= t)
            return fn

        metrics = {"bhs_sort_outcomes_10m.json": query_range([({"job": "scs-exporter", "sorter": "SRT-1", "dest": "makeup"}, count(stats["allocated"])),
                                                              ({"job": "scs-exporter", "sorter": "SRT-1", "dest": "mes"}, count(stats["mes"])),
                                                              ({"job": "scs-exporter", "sorter": "SRT-1", "dest": "ebs"}, count(stats["early"])),
                                                              ({"job": "scs-exporter", "sorter": "SRT-1", "dest": "late"}, count(stats["late"]))],
                                                             START, END, 60)}
        return write_scenario(
            out_dir, name="r69-bsm-onward-leg-sort", service=SERVICE, onset=onset,
            description=f"""
Northmoor Airport, Sunday 29 March, the first morning of the summer
season: from {onset.strftime('%H:%M:%S')} UTC bags checked in for KLM's KL1432 to Amsterdam
are sent by the sorter to the manual encoding station (MES-1) with "no
sort allocation", while every other flight's bags sort to their make-up
laterals. bhs-gateway 2.15.0 had been deployed at 00:25 UTC; the AOC
republished the make-up allocations at 04:58 and the gateway was rolled
back to 2.14.0 at 05:12, neither with effect. 2.15.1 went out at 06:24.
KL1432 left 32 minutes late.
""",
            logs=logs,
            line_formats={"bhs-gateway.log": r'<Date> <Time> <Offset> \[<Level>\] <Logger>: <Content>',
                          "scs-events.log": r'<Date> <Time>;<Component>;<Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[r'No sort allocation for flight', r'Unsortable bag .*NoAllocation for'],
            fix_files=["src/BhsGateway/Bsm/BsmMessage.cs"],
            explanation=f"""
The culprit is BAG-231 "BSM: read .I and .O for Resolution 753 tracking"
({shas['culprit'][:7]}, Wednesday 25 March 10:48 UTC, {hours:.1f} h before the onset), shipped
in 2.14.0 on Thursday night. It makes BsmMessage.SortFlight the first .O
(onward) leg when a BSM has one, reading .O as the flight that takes a
transfer bag on from Northmoor; .O is the leg after the hub. No BSM at
Northmoor had an .O all winter. From the first check-in of KLM's summer
feeder, every bag checked through Amsterdam is stored with its onward
flight ("BSM stored ... flight KL0641/29MAR dest JFK") and, that flight
having no make-up allocation at Northmoor, sent to MES-1: "No sort
allocation for flight KL0641/29MAR, bag ... to MES-1" (2.15.x) and, after
the rollback to 2.14.0, "Unsortable bag ...: NoAllocation for
KL0641/29MAR". {len(stats['kl_mes'])} KL bags went to MES-1. The fix (BAG-240, 2.15.1)
sorts on .F again in BsmMessage.cs.
Decoys: 2.15.0, deployed {round((onset - DEPLOY_215).total_seconds() / 60)} minutes before the onset, the night of the
BST change (BAG-236, which turns "Unsortable bag" into the very "No sort
allocation for flight" warning; BAG-238, AODB allocation times as UTC
across the clock change; BAG-235, a new lateral in the sort config; an
IBM MQ client bump; Serilog.Sinks.File); BAG-233 in the culprit's parser
file; the runbook commit that reads NO ALLOCATION after a season change as
an unpublished AODB allocation (and a real unpublished Jet2 allocation at
03:19, fixed by the AOC at 03:27); the AOC's republish at 04:58; the
rollback to 2.14.0, which holds the culprit; the docs commit that repeats
the misreading of .O.
""",
        )
    finally:
        repo.close()
