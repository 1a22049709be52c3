"""results-dispatch (C#, .NET 8 worker with NHapi and RabbitMQ.Client; one
VM, rd-01, under systemd, deployed by a Jenkins job that runs Ansible;
team in Birmingham and Brno) of Corran Pathology, a clinical reference
laboratory. When the LIMS authorises a result it publishes the ORU^R01
message to a RabbitMQ queue per destination; results-dispatch sends each
hospital's messages over MLLP to the hospital's interface engine, one
persistent connection each, and waits for the ACK. The hospitals are
reached through site-to-site IPsec tunnels on the lab's strongSwan
gateway vpngw-01, which Lab IT's network team runs (its swanctl.conf is
in the network team's repository, not here): IKEv2, ESP proposal
aes256-sha256-modp2048, CHILD_SA rekey_time 8h.

On Wednesday 11 March Northmoor Hospitals' network team upgrades its
FortiGate cluster (CHG0049321, 22:00-01:00) and applies its new crypto
baseline, which allows only ECP Diffie-Hellman groups (19, 20, 21) for
phase 2 PFS. The notice sent to the lab's customer services mailbox says
"brief interruption to external links". The FortiGate reboots at 00:33,
vpngw-01's dead peer detection restarts the tunnel and at 00:41 it is up
again: in IKEv2 the first CHILD_SA is created inside IKE_AUTH without a
key exchange, so the PFS group is not negotiated and nobody notices. At
08:16 vpngw-01 rekeys the CHILD_SA with a MODP_2048 key exchange and the
FortiGate answers NO_PROPOSAL_CHOSEN, every 10 to 30 seconds; the IKE_SA
itself rekeys fine at 08:28. At 09:29:02 the CHILD_SA reaches its hard
lifetime and is deleted: nothing reaches Northmoor's engine any more.

results-dispatch 2.8.0 had gone out at 09:03 (RD-311: ACK timeout 60 s to
30 s and exponential reconnect backoff, in the very MLLP code; RD-308 of
the day before, which adds the very "No ACK from ... within ..." warning;
RD-314, new MSH-5/6 values for Northmoor's new inbound route; an NHapi
bump). From 09:29 it logs "No ACK from NMG" and then connect timeouts;
the queue for NMG grows, Northmoor's wards and ED phone for results. The
on-call restarts the service at 09:47 (the runbook's advice, RD-305,
reads ACK timeouts as the hospital's engine being down), rolls back to
2.7.3 at 09:58 (the warning vanishes; connect failures with stack traces
instead), and Northmoor's integration team reports its engine up and no
connection from the lab since 09:29. The network engineer finds the
IKE_SA up without a CHILD_SA on vpngw-01 and charon's "received
NO_PROPOSAL_CHOSEN notify, no CHILD_SA built" since 08:16, and, when the
FortiGate initiates, "received proposals: ...ECP_256..., ...ECP_384..."
against the lab's MODP_2048. Northmoor adds group 14 back to the phase 2
proposal at 10:50; the next acquire at 10:51 builds the CHILD_SA, the
2,000-odd queued results drain in minutes and 2.8.0 goes out again at
11:40. Nothing in results-dispatch caused it.

Sources: results-dispatch (Serilog file sink, line format, .NET stack
traces), vpngw-01's syslog (charon, sshd, sudo, cron; RFC 3164), the
monitoring team's MLLP connect probe (logfmt), Jenkins deploy console
logs (Timestamper), #lab-it-incidents (Teams export, JSON lines),
ServiceNow incidents (JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from formats import logfmt, syslog3164
from skeletons import chores

SERVICE = "results-dispatch"
START, END = utc("2026-03-12 07:40:00"), utc("2026-03-12 12:10:00")
VPN_START = utc("2026-03-11 22:30:00")
FGT_REBOOT = utc("2026-03-12 00:33:20")
CHILD_UP = utc("2026-03-12 00:41:02")        # CHILD_SA northmoor-results{41} from IKE_AUTH
REKEY_1 = utc("2026-03-12 08:16:35")         # first CHILD_SA rekey attempt
IKE_REKEY_2 = utc("2026-03-12 08:28:13")
EXPIRE = CHILD_UP + dt.timedelta(hours=8, minutes=48)   # life_time = 110 % of rekey_time 8h
RELEASE = utc("2026-03-12 09:03:20")         # 2.8.0 starts
RESTART = utc("2026-03-12 09:47:10")
ROLLBACK = utc("2026-03-12 09:58:40")        # 2.7.3 starts
SSH_IN = utc("2026-03-12 10:16:02")
NMG_FIX = utc("2026-03-12 10:50:40")         # Northmoor adds DH group 14 back to phase 2
REDEPLOY = utc("2026-03-12 11:40:15")        # 2.8.0 again
ME, ME_ID = "203.0.113.10", "vpn.corranpath.co.uk"

DESTS = {
    # name: (engine, address, port, tunnel, peer ip, peer id, remote subnet, reqid, per-minute peak)
    "NMG": ("Rhapsody", "10.88.40.21", 7010, "northmoor", "198.51.100.20", "vpn1.northmoorhealth.org.uk", "10.88.40.0/24", 3, 26.0),
    "SBH": ("Cloverleaf", "10.61.8.30", 6661, "stbrannock", "192.0.2.44", "ipsec.stbrannocks.org.uk", "10.61.8.0/24", 1, 17.0),
    "CRI": ("Ensemble", "172.22.14.9", 5500, "calder", "198.51.100.131", "gw.calderroyal.org.uk", "172.22.14.0/24", 2, 13.0),
    "WCH": ("Mirth Connect", "10.140.2.12", 2575, "wyvern", "192.0.2.201", "vpn.wyverncommunity.org.uk", "10.140.2.0/24", 4, 4.5),
}
LAB_NET = "10.20.0.0/16"
RD_IP, PROBE_IP = "10.20.4.15", "10.20.9.5"
OURS = "ESP:AES_CBC_256/HMAC_SHA2_256_128/MODP_2048/NO_EXT_SEQ"
THEIRS = "ESP:AES_CBC_256/HMAC_SHA2_256_128/ECP_256/NO_EXT_SEQ, ESP:AES_CBC_256/HMAC_SHA2_256_128/ECP_384/NO_EXT_SEQ"


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
    <Version>2.7.2</Version>
    <RootNamespace>ResultsDispatch</RootNamespace>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Microsoft.Extensions.Hosting.Systemd" Version="8.0.1" />
    <PackageReference Include="nhapi.Base" Version="3.2.2" />
    <PackageReference Include="nhapi.Model.V251" Version="3.2.2" />
    <PackageReference Include="RabbitMQ.Client" Version="6.8.1" />
    <PackageReference Include="Serilog.Extensions.Hosting" Version="8.0.0" />
    <PackageReference Include="Serilog.Settings.Configuration" Version="8.0.4" />
    <PackageReference Include="Serilog.Sinks.File" Version="5.0.0" />
  </ItemGroup>

</Project>
"""

PROGRAM = """using System.Reflection;
using System.Runtime.InteropServices;
using ResultsDispatch.Dispatch;
using ResultsDispatch.Mllp;
using Serilog;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSerilog((_, lc) => lc.ReadFrom.Configuration(builder.Configuration));
builder.Services.AddSystemd();
builder.Services.Configure<MllpOptions>(builder.Configuration.GetSection("Mllp"));
builder.Services.Configure<DestinationsOptions>(builder.Configuration);
builder.Services.AddSingleton<OutboundQueue>();
builder.Services.AddHostedService<DispatchHost>();

var host = builder.Build();
var version = Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
host.Services.GetRequiredService<ILogger<Program>>()
    .LogInformation("results-dispatch {Version} starting on {Host} ({Runtime})", version, Environment.MachineName, RuntimeInformation.FrameworkDescription);
host.Run();
"""

MLLP_OPTIONS_V1 = """namespace ResultsDispatch.Mllp;

public sealed class MllpOptions
{
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the hospital's ACK before giving up on the connection.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(15);
}
"""

MLLP_CONNECTION_V1 = """using System.Net.Sockets;
using System.Text;

namespace ResultsDispatch.Mllp;

/// <summary>
/// One MLLP connection to a hospital's interface engine: a message is framed as
/// VT message FS CR and the engine answers with an ACK framed the same way.
/// </summary>
public sealed class MllpConnection : IAsyncDisposable
{
    private const byte VT = 0x0b, FS = 0x1c, CR = 0x0d;
    private readonly Destination _dest;
    private readonly MllpOptions _options;
    private readonly ILogger _log;
    private TcpClient? _client;
    private NetworkStream? _stream;

    public MllpConnection(Destination dest, MllpOptions options, ILogger log)
    {
        _dest = dest;
        _options = options;
        _log = log;
    }

    public bool Connected => _client?.Connected == true;

    public async Task ConnectAsync(CancellationToken ct)
    {
        _client = new TcpClient { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.ConnectTimeout);
        var started = Environment.TickCount64;
        await _client.ConnectAsync(_dest.Host, _dest.Port, timeout.Token);
        _stream = _client.GetStream();
        _log.LogInformation("Connected to {Destination} at {Endpoint} in {Elapsed} ms", _dest.Name, _dest.Endpoint, Environment.TickCount64 - started);
    }

    public async Task<Ack> SendAsync(string message, CancellationToken ct)
    {
        var payload = Encoding.Latin1.GetBytes(message);
        var framed = new byte[payload.Length + 3];
        framed[0] = VT;
        payload.CopyTo(framed, 1);
        framed[^2] = FS;
        framed[^1] = CR;
        await _stream!.WriteAsync(framed, ct);
        return Ack.Parse(await ReadAckAsync(_options.AckTimeout, ct));
    }

    private async Task<string> ReadAckAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var buffer = new List<byte>();
        var one = new byte[1];
        try
        {
            while (true)
            {
                if (await _stream!.ReadAsync(one, cts.Token) == 0)
                {
                    throw new IOException("connection closed by the engine");
                }
                if (one[0] == FS)
                {
                    return Encoding.Latin1.GetString(buffer.ToArray()).TrimStart((char)VT);
                }
                buffer.Add(one[0]);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("The operation has timed out.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }
        _client?.Dispose();
    }
}
"""

ACK_CS = """namespace ResultsDispatch.Mllp;

/// <summary>MSA-1 (AA, AE, AR) and MSA-3 of an HL7 v2 ACK.</summary>
public sealed record Ack(string Code, string ControlId, string? Text)
{
    public static Ack Parse(string message)
    {
        var msa = message.Split('\\r').First(s => s.StartsWith("MSA|")).Split('|');
        return new Ack(msa[1], msa[2], msa.Length > 3 ? msa[3] : null);
    }
}
"""

DESTINATION_CS = """namespace ResultsDispatch.Dispatch;

public sealed class Destination
{
    public required string Name { get; init; }
    public required string Host { get; init; }
    public required int Port { get; init; }
    public required string Queue { get; init; }

    /// <summary>MSH-5/MSH-6 as the hospital's engine wants them; the LIMS sends its own.</summary>
    public string? ReceivingApplication { get; init; }
    public string? ReceivingFacility { get; init; }

    public string Endpoint => $"{Host}:{Port}";
}

public sealed class DestinationsOptions
{
    public List<Destination> Destinations { get; init; } = new();
}
"""

WORKER_V1 = """using System.Diagnostics;
using Microsoft.Extensions.Options;
using ResultsDispatch.Mllp;

namespace ResultsDispatch.Dispatch;

/// <summary>
/// Sends one destination's results in order: take a message from its queue,
/// send it, ack the queue message once the engine's ACK is in. On any failure
/// the message goes back to the queue and the connection is rebuilt.
/// </summary>
public sealed class DestinationWorker
{
    private readonly Destination _dest;
    private readonly OutboundQueue _queue;
    private readonly MllpOptions _options;
    private readonly ILogger<DestinationWorker> _log;
    private MllpConnection? _conn;
    private readonly Summary _summary = new();

    public DestinationWorker(Destination dest, OutboundQueue queue, IOptions<MllpOptions> options, ILogger<DestinationWorker> log)
    {
        _dest = dest;
        _queue = queue;
        _options = options.Value;
        _log = log;
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        _ = ReportAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var item = await _queue.TakeAsync(_dest.Queue, stoppingToken);
            try
            {
                await EnsureConnectedAsync(stoppingToken);
                var message = Msh.Override(item.Body, _dest.ReceivingApplication, _dest.ReceivingFacility);
                var sw = Stopwatch.StartNew();
                var ack = await _conn!.SendAsync(message, stoppingToken);
                _summary.Add(ack.Code, sw.ElapsedMilliseconds);
                if (ack.Code != "AA")
                {
                    _log.LogWarning("{Destination} answered {Code} for {ControlId}: {Text}", _dest.Name, ack.Code, ack.ControlId, ack.Text);
                }
                _queue.Ack(item);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _log.LogError(ex, "Send to {Destination} failed for {ControlId} ({MessageType}), requeued", _dest.Name, item.ControlId, item.MessageType);
                _queue.Requeue(item);
                await ResetAsync();
                await Task.Delay(_options.ReconnectDelay, stoppingToken);
            }
        }
    }

    private async Task EnsureConnectedAsync(CancellationToken ct)
    {
        while (_conn is null || !_conn.Connected)
        {
            _conn = new MllpConnection(_dest, _options, _log);
            try
            {
                await _conn.ConnectAsync(ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                _log.LogWarning(ex, "Connect to {Destination} at {Endpoint} failed, retrying in {Delay}", _dest.Name, _dest.Endpoint, _options.ReconnectDelay);
                await ResetAsync();
                await Task.Delay(_options.ReconnectDelay, ct);
            }
        }
    }

    private async Task ResetAsync()
    {
        if (_conn is not null)
        {
            await _conn.DisposeAsync();
            _conn = null;
        }
    }

    private async Task ReportAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(ct))
        {
            var s = _summary.Take();
            _log.LogInformation("{Destination}: {Sent} sent, {Errors} not AA in the last minute; {Queued} queued; ack p95 {P95} ms",
                _dest.Name, s.Sent, s.Sent - s.Aa, _queue.Depth(_dest.Queue), s.P95);
        }
    }
}
"""

HOST_CS = """using Microsoft.Extensions.Options;

namespace ResultsDispatch.Dispatch;

public sealed class DispatchHost : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly DestinationsOptions _destinations;
    private readonly OutboundQueue _queue;
    private readonly ILogger<DispatchHost> _log;

    public DispatchHost(IServiceProvider services, IOptions<DestinationsOptions> destinations, OutboundQueue queue, ILogger<DispatchHost> log)
    {
        _services = services;
        _destinations = destinations.Value;
        _queue = queue;
        _log = log;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _queue.Start(_destinations.Destinations.Select(d => d.Queue));
        foreach (var d in _destinations.Destinations.Where(d => d.ReceivingApplication is not null))
        {
            _log.LogInformation("MSH-5/MSH-6 for {Destination}: {Application}/{Facility}", d.Name, d.ReceivingApplication, d.ReceivingFacility);
        }
        var workers = _destinations.Destinations
            .Select(d => ActivatorUtilities.CreateInstance<DestinationWorker>(_services, d).RunAsync(stoppingToken));
        return Task.WhenAll(workers);
    }
}
"""

QUEUE_CS = """using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ResultsDispatch.Dispatch;

public sealed record QueueItem(ulong DeliveryTag, string ControlId, string MessageType, string Body);

/// <summary>The LIMS's outbound result queues on RabbitMQ, prefetch 1 per queue.</summary>
public sealed class OutboundQueue
{
    private readonly IConfiguration _config;
    private readonly ILogger<OutboundQueue> _log;
    private readonly ConcurrentDictionary<string, BlockingCollection<QueueItem>> _items = new();
    private IModel? _channel;

    public OutboundQueue(IConfiguration config, ILogger<OutboundQueue> log)
    {
        _config = config;
        _log = log;
    }

    public void Start(IEnumerable<string> queues)
    {
        var factory = new ConnectionFactory { Uri = new Uri(_config["RabbitMq:Uri"]!), DispatchConsumersAsync = true };
        _channel = factory.CreateConnection("results-dispatch").CreateModel();
        _channel.BasicQos(0, 1, false);
        foreach (var q in queues)
        {
            var consumer = new AsyncEventingBasicConsumer(_channel);
            consumer.Received += (_, ea) =>
            {
                _items.GetOrAdd(q, _ => new()).Add(Hl7Message.FromDelivery(ea));
                return Task.CompletedTask;
            };
            _channel.BasicConsume(q, autoAck: false, consumer);
        }
        _log.LogInformation("Consuming {Queues} from {Broker}", string.Join(", ", queues), new Uri(_config["RabbitMq:Uri"]!).Host);
    }

    public Task<QueueItem> TakeAsync(string queue, CancellationToken ct) =>
        Task.Run(() => _items.GetOrAdd(queue, _ => new()).Take(ct), ct);

    public void Ack(QueueItem item) => _channel!.BasicAck(item.DeliveryTag, false);

    public void Requeue(QueueItem item) => _channel!.BasicNack(item.DeliveryTag, false, requeue: true);

    public uint Depth(string queue) => _channel!.MessageCount(queue);
}
"""

APPSETTINGS = """{
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft": "Warning", "Microsoft.Hosting.Lifetime": "Information" } },
    "WriteTo": [
      {
        "Name": "File",
        "Args": {
          "path": "/var/log/results-dispatch/results-dispatch.log",
          "outputTemplate": "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
          "rollingInterval": "Day"
        }
      }
    ]
  },
  "Mllp": {
    "ConnectTimeout": "00:00:10",
    "AckTimeout": "00:01:00",
    "ReconnectDelay": "00:00:15"
  }
}
"""

APPSETTINGS_PROD = """{
  "RabbitMq": { "Uri": "amqps://results-dispatch@rabbitmq-lims-01.lab.corran.local:5671/lims" },
  "Destinations": [
    { "Name": "NMG", "Host": "10.88.40.21", "Port": 7010, "Queue": "results.out.nmg" },
    { "Name": "SBH", "Host": "10.61.8.30", "Port": 6661, "Queue": "results.out.sbh" },
    { "Name": "CRI", "Host": "172.22.14.9", "Port": 5500, "Queue": "results.out.cri", "ReceivingApplication": "ENSEMBLE", "ReceivingFacility": "CRI" },
    { "Name": "WCH", "Host": "10.140.2.12", "Port": 2575, "Queue": "results.out.wch" }
  ]
}
"""

SUMMARY_CS = """namespace ResultsDispatch.Dispatch;

/// <summary>What a worker sent in the last minute, for its summary line.</summary>
internal sealed class Summary
{
    private readonly object _lock = new();
    private readonly List<long> _ms = new();
    private int _aa, _ae, _ar;

    public void Add(string code, long elapsedMs)
    {
        lock (_lock)
        {
            _ms.Add(elapsedMs);
            switch (code)
            {
                case "AA": _aa++; break;
                case "AE": _ae++; break;
                default: _ar++; break;
            }
        }
    }

    public (int Sent, int Aa, int Ae, int Ar, long? P95) Take()
    {
        lock (_lock)
        {
            _ms.Sort();
            long? p95 = _ms.Count == 0 ? null : _ms[(int)Math.Ceiling(_ms.Count * 0.95) - 1];
            var result = (_ms.Count, _aa, _ae, _ar, p95);
            _ms.Clear();
            _aa = _ae = _ar = 0;
            return result;
        }
    }
}
"""

JENKINSFILE = """pipeline {
    agent { label 'lab-build' }
    parameters {
        string(name: 'TAG', description: 'release tag to deploy, e.g. v2.7.3')
    }
    stages {
        stage('Checkout') {
            steps { checkout scmGit(branches: [[name: "refs/tags/${params.TAG}"]], userRemoteConfigs: [[url: 'https://git.corranpath.co.uk/lab-it/results-dispatch.git']]) }
        }
        stage('Build') {
            steps { sh "dotnet publish src/ResultsDispatch -c Release -o out /p:Version=${params.TAG.substring(1)} /p:SourceRevisionId=${env.GIT_COMMIT}" }
        }
        stage('Deploy') {
            steps { sh "ansible-playbook -i deploy/ansible/production.ini deploy/ansible/deploy.yml -e version=${params.TAG.substring(1)}" }
        }
    }
}
"""

README = """# results-dispatch

Sends authorised results from the LIMS to the hospitals' interface
engines over MLLP (HL7 v2.5.1 ORU^R01). One RabbitMQ queue and one
persistent MLLP connection per hospital; a message leaves its queue only
when the hospital's engine has ACKed it. GP results go by MESH, not here.

## Running locally

```
dotnet run --project src/ResultsDispatch --environment Development
```

## Deploying

Tag `vX.Y.Z`, then run the `results-dispatch-deploy` Jenkins job with the
tag. `results-dispatch-rollback` redeploys an earlier tag's artefact.
"""

RUNBOOK = """# results-dispatch runbook

Owner: Lab IT, LIMS integration (#lab-it-incidents).

## ResultsDispatchQueueDepth

More than 200 results queued for one destination. Look at the service's
log for that destination (`journalctl -u results-dispatch` or
/var/log/results-dispatch/).

## AE/AR ACKs

The hospital's engine refused a message; MSA-3 says why (usually an
unknown patient or a retired location). Forward to the hospital's
integration team; the message is not retried.
"""

DESTINATIONS_DOC = """# Hospital destinations

| Code | Hospital | Engine | Address | Tunnel on vpngw-01 |
|---|---|---|---|---|
| NMG | Northmoor General Hospital | Rhapsody | 10.88.40.21:7010 | northmoor |
| SBH | St Brannock's Hospital | Cloverleaf | 10.61.8.30:6661 | stbrannock |
| CRI | Calder Royal Infirmary | HealthShare Ensemble | 172.22.14.9:5500 | calder |
| WCH | Wyvern Community Hospital | Mirth Connect | 10.140.2.12:2575 | wyvern |

Every hospital is reached through a site-to-site IPsec tunnel on
vpngw-01 (strongSwan, IKEv2), run by Lab IT's network team; the tunnels'
configuration is in the network team's repository. Contacts for each
hospital's integration team are in the Lab IT contacts sheet.
"""


def build_repo():
    repo = Repo()
    sana = Person("Sana Iqbal", "sana.iqbal@corranpath.co.uk", 0)
    owen = Person("Owen Price", "owen.price@corranpath.co.uk", 0)
    marek = Person("Marek Novák", "marek.novak@corranpath.co.uk", 60)
    bot = Person("Renovate Bot", "renovate@corranpath.co.uk", 0)
    mllp_opt, conn, worker = "src/ResultsDispatch/Mllp/MllpOptions.cs", "src/ResultsDispatch/Mllp/MllpConnection.cs", "src/ResultsDispatch/Dispatch/DestinationWorker.cs"
    files = {
        "ResultsDispatch.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"ResultsDispatch\", \"src\\ResultsDispatch\\ResultsDispatch.csproj\", \"{6F1E2B0C-3A4D-4E8B-9C21-7D5A0B3C9E11}\"\nEndProject\n",
        "src/ResultsDispatch/ResultsDispatch.csproj": CSPROJ,
        "src/ResultsDispatch/Program.cs": PROGRAM,
        mllp_opt: MLLP_OPTIONS_V1,
        conn: MLLP_CONNECTION_V1,
        "src/ResultsDispatch/Mllp/Ack.cs": ACK_CS,
        "src/ResultsDispatch/Dispatch/Destination.cs": DESTINATION_CS,
        worker: WORKER_V1,
        "src/ResultsDispatch/Dispatch/DispatchHost.cs": HOST_CS,
        "src/ResultsDispatch/Dispatch/Summary.cs": SUMMARY_CS,
        "src/ResultsDispatch/Dispatch/OutboundQueue.cs": QUEUE_CS,
        "src/ResultsDispatch/Hl7/Msh.cs": "using NHapi.Base.Parser;\n\nnamespace ResultsDispatch;\n\n/// <summary>Rewrites MSH-5/MSH-6 for engines that route on them.</summary>\npublic static class Msh\n{\n    private static readonly PipeParser Parser = new();\n\n    public static string Override(string message, string? application, string? facility)\n    {\n        if (application is null && facility is null)\n        {\n            return message;\n        }\n        var msg = Parser.Parse(message);\n        var terser = new NHapi.Base.Util.Terser(msg);\n        if (application is not null) terser.Set(\"MSH-5\", application);\n        if (facility is not null) terser.Set(\"MSH-6\", facility);\n        return Parser.Encode(msg);\n    }\n}\n",
        "src/ResultsDispatch/Hl7/Hl7Message.cs": "using System.Text;\nusing RabbitMQ.Client.Events;\nusing ResultsDispatch.Dispatch;\n\nnamespace ResultsDispatch;\n\npublic static class Hl7Message\n{\n    public static QueueItem FromDelivery(BasicDeliverEventArgs ea)\n    {\n        var body = Encoding.Latin1.GetString(ea.Body.Span);\n        var msh = body.Split('\\r')[0].Split('|');\n        return new QueueItem(ea.DeliveryTag, msh[9], msh[8], body);\n    }\n}\n",
        "src/ResultsDispatch/appsettings.json": APPSETTINGS,
        "src/ResultsDispatch/appsettings.Production.json": APPSETTINGS_PROD,
        "tests/ResultsDispatch.Tests/AckTests.cs": "using ResultsDispatch.Mllp;\nusing Xunit;\n\npublic class AckTests\n{\n    [Fact]\n    public void ParsesMsa()\n    {\n        var ack = Ack.Parse(\"MSH|^~\\\\&|RHAPSODY|NMGH|CORRAN|LAB|20260309101500||ACK^R01|A1|P|2.5.1\\rMSA|AE|CRN1|Unknown patient\");\n        Assert.Equal(\"AE\", ack.Code);\n        Assert.Equal(\"Unknown patient\", ack.Text);\n    }\n}\n",
        "tests/ResultsDispatch.Tests/ResultsDispatch.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"xunit\" Version=\"2.9.2\" />\n    <PackageReference Include=\"xunit.runner.visualstudio\" Version=\"2.8.2\" />\n    <ProjectReference Include=\"..\\..\\src\\ResultsDispatch\\ResultsDispatch.csproj\" />\n  </ItemGroup>\n</Project>\n",
        "Jenkinsfile": JENKINSFILE,
        "deploy/ansible/deploy.yml": "- hosts: dispatch\n  become: true\n  roles:\n    - results-dispatch\n",
        "deploy/ansible/rollback.yml": "# Redeploys a release's stored artefact (no build): -e version=X.Y.Z\n- hosts: dispatch\n  become: true\n  vars:\n    from_artefact: true\n  roles:\n    - results-dispatch\n",
        "deploy/ansible/production.ini": "[dispatch]\nrd-01 ansible_host=10.20.4.15\n",
        "deploy/systemd/results-dispatch.service": "[Unit]\nDescription=Corran results dispatch (MLLP to hospitals)\nAfter=network-online.target\n\n[Service]\nType=notify\nUser=rdispatch\nEnvironment=DOTNET_ENVIRONMENT=Production\nWorkingDirectory=/opt/results-dispatch\nExecStart=/opt/results-dispatch/ResultsDispatch\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n",
        "README.md": README,
        "docs/runbook.md": RUNBOOK,
    }
    repo.commit(utc("2026-03-09 09:40:00"), sana, "results-dispatch 2.7.2", files)
    crng = random.Random(56203)
    repo.schedule(chores(crng, SERVICE, [sana, owen, marek], utc("2026-03-09 10:30:00"), utc("2026-03-10 17:00:00"), 2)
                  + chores(crng, SERVICE, [owen, marek], utc("2026-03-11 08:30:00"), utc("2026-03-11 17:30:00"), 1))
    repo.commit(utc("2026-03-09 14:20:00"), owen, "docs: hospital destinations, their engines and tunnels", {"docs/destinations.md": DESTINATIONS_DOC})
    repo.commit(utc("2026-03-10 10:30:00"), marek, "DestinationWorker: AA, AE and AR counts in the minute summary (RD-302)", {
        worker: sub(repo.files[worker],
                    '''            _log.LogInformation("{Destination}: {Sent} sent, {Errors} not AA in the last minute; {Queued} queued; ack p95 {P95} ms",
                _dest.Name, s.Sent, s.Sent - s.Aa, _queue.Depth(_dest.Queue), s.P95);''',
                    '''            _log.LogInformation("{Destination}: {Sent} sent, {Aa} AA, {Ae} AE, {Ar} AR in the last minute; {Queued} queued; ack p95 {P95} ms",
                _dest.Name, s.Sent, s.Aa, s.Ae, s.Ar, _queue.Depth(_dest.Queue), s.P95?.ToString() ?? "n/a");'''),
    })
    repo.commit(utc("2026-03-10 11:10:00"), bot, "chore(deps): update dependency Serilog.Sinks.File to v6", {
        "src/ResultsDispatch/ResultsDispatch.csproj": sub(repo.files["src/ResultsDispatch/ResultsDispatch.csproj"], 'Include="Serilog.Sinks.File" Version="5.0.0"', 'Include="Serilog.Sinks.File" Version="6.0.0"'),
    })
    repo.commit(utc("2026-03-10 16:05:00"), owen, "runbook: ACK timeouts from one hospital (RD-305)", {
        "docs/runbook.md": RUNBOOK + """
## ACK timeouts or connect failures for one hospital

Only one destination failing means that hospital's side: its interface
engine is down, or its inbound route is stopped after a change on their
side (Northmoor's Rhapsody route was stopped for an upgrade in January).
Restart results-dispatch once to rebuild the connection; if it keeps
failing, phone the hospital's integration team (contacts sheet) and ask
them to check the engine and the route. Results stay queued and go out in
order when the engine is back; tell customer services so the wards can be
given urgent results by phone.
""",
    })
    rel273 = repo.commit(utc("2026-03-10 16:40:00"), sana, "release 2.7.3", {
        "src/ResultsDispatch/ResultsDispatch.csproj": sub(repo.files["src/ResultsDispatch/ResultsDispatch.csproj"], "<Version>2.7.2</Version>", "<Version>2.7.3</Version>"),
    })
    repo.commit(utc("2026-03-11 11:20:00"), sana, "mllp: log each ACK timeout with the destination, control id and timeout (RD-308)\n\nA timed-out ACK surfaced only as a TimeoutException stack from the\nworker, without the message or the timeout that applied.", {
        conn: sub(repo.files[conn],
                  '''        await _stream!.WriteAsync(framed, ct);
        return Ack.Parse(await ReadAckAsync(_options.AckTimeout, ct));''',
                  '''        await _stream!.WriteAsync(framed, ct);
        try
        {
            return Ack.Parse(await ReadAckAsync(_options.AckTimeout, ct));
        }
        catch (TimeoutException)
        {
            _log.LogWarning("No ACK from {Destination} within {Timeout} for {ControlId} ({MessageType}), closing connection",
                _dest.Name, _options.AckTimeout, ControlId(message), MessageType(message));
            throw;
        }''',
                  "    public async ValueTask DisposeAsync()\n",
                  "    private static string ControlId(string message) => message.Split('\\r')[0].Split('|')[9];\n\n    private static string MessageType(string message) => message.Split('\\r')[0].Split('|')[8];\n\n    public async ValueTask DisposeAsync()\n"),
        worker: sub(repo.files[worker],
                    '''            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _log.LogError(ex, "Send to {Destination} failed for {ControlId} ({MessageType}), requeued", _dest.Name, item.ControlId, item.MessageType);''',
                    '''            catch (TimeoutException) when (!stoppingToken.IsCancellationRequested)
            {
                _queue.Requeue(item);
                await ResetAsync();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _log.LogError(ex, "Send to {Destination} failed for {ControlId} ({MessageType}), requeued", _dest.Name, item.ControlId, item.MessageType);'''),
    })
    repo.commit(utc("2026-03-11 15:45:00"), owen, "destinations: MSH-5/6 for Northmoor's new inbound route (RD-314)\n\nNorthmoor's integration team moved lab results to a new Rhapsody route\nthat filters on MSH-5 RHAPSODY and MSH-6 NMGH from Thursday; the old\nroute keeps taking messages without them until the end of March.", {
        "src/ResultsDispatch/appsettings.Production.json": sub(repo.files["src/ResultsDispatch/appsettings.Production.json"],
                                                                '{ "Name": "NMG", "Host": "10.88.40.21", "Port": 7010, "Queue": "results.out.nmg" }',
                                                                '{ "Name": "NMG", "Host": "10.88.40.21", "Port": 7010, "Queue": "results.out.nmg", "ReceivingApplication": "RHAPSODY", "ReceivingFacility": "NMGH" }'),
    })
    repo.commit(utc("2026-03-12 06:50:00"), bot, "chore(deps): update nhapi monorepo to v3.2.3", {
        "src/ResultsDispatch/ResultsDispatch.csproj": sub(repo.files["src/ResultsDispatch/ResultsDispatch.csproj"],
                                                          'Include="nhapi.Base" Version="3.2.2"', 'Include="nhapi.Base" Version="3.2.3"',
                                                          'Include="nhapi.Model.V251" Version="3.2.2"', 'Include="nhapi.Model.V251" Version="3.2.3"'),
    })
    repo.commit(utc("2026-03-12 08:20:00"), sana, "mllp: ACK timeout 60 s -> 30 s, reconnect with exponential backoff (RD-311)\n\nWhen an engine stalls we held every result for that hospital for a\nminute per message, then hammered it every 15 s. Give up on an ACK after\n30 s and back off 2 s, 4 s, ... up to 60 s between connect attempts.", {
        mllp_opt: sub(repo.files[mllp_opt],
                      "    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(60);\n\n    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(15);\n",
                      "    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(30);\n\n    /// <summary>First delay between connect attempts; doubles up to ReconnectBackoffMax.</summary>\n    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);\n\n    public TimeSpan ReconnectBackoffMax { get; set; } = TimeSpan.FromSeconds(60);\n"),
        worker: sub(repo.files[worker],
                    '''        while (_conn is null || !_conn.Connected)
        {
            _conn = new MllpConnection(_dest, _options, _log);
            try
            {
                await _conn.ConnectAsync(ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                _log.LogWarning(ex, "Connect to {Destination} at {Endpoint} failed, retrying in {Delay}", _dest.Name, _dest.Endpoint, _options.ReconnectDelay);
                await ResetAsync();
                await Task.Delay(_options.ReconnectDelay, ct);
            }
        }''',
                    '''        var delay = _options.ReconnectDelay;
        var attempt = 0;
        while (_conn is null || !_conn.Connected)
        {
            attempt++;
            _conn = new MllpConnection(_dest, _options, _log);
            try
            {
                await _conn.ConnectAsync(ct);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                _log.LogWarning("Connect to {Destination} at {Endpoint} timed out after {Timeout}, retrying in {Delay} (attempt {Attempt})",
                    _dest.Name, _dest.Endpoint, _options.ConnectTimeout, delay, attempt);
                await ResetAsync();
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectBackoffMax.Ticks));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                _log.LogWarning(ex, "Connect to {Destination} at {Endpoint} failed, retrying in {Delay} (attempt {Attempt})", _dest.Name, _dest.Endpoint, delay, attempt);
                await ResetAsync();
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectBackoffMax.Ticks));
            }
        }'''),
        "src/ResultsDispatch/appsettings.json": sub(repo.files["src/ResultsDispatch/appsettings.json"],
                                                    '    "AckTimeout": "00:01:00",\n    "ReconnectDelay": "00:00:15"\n',
                                                    '    "AckTimeout": "00:00:30",\n    "ReconnectDelay": "00:00:02",\n    "ReconnectBackoffMax": "00:01:00"\n'),
    })
    rel280 = repo.commit(utc("2026-03-12 08:41:00"), sana, "release 2.8.0", {
        "src/ResultsDispatch/ResultsDispatch.csproj": sub(repo.files["src/ResultsDispatch/ResultsDispatch.csproj"], "<Version>2.7.3</Version>", "<Version>2.8.0</Version>"),
    })
    repo.commit(utc("2026-03-12 11:26:00"), owen, "runbook: check the hospital's tunnel before its engine (RD-318)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"],
                               "Only one destination failing means that hospital's side: its interface\nengine is down,",
                               "First check the hospital's tunnel on vpngw-01 with the network team\n(`swanctl --list-sas --ike <tunnel>`: an IKE_SA without a CHILD_SA\npasses no traffic; 12 March, Northmoor's new phase 2 DH groups failed the\nrekey). Then that hospital's side: its interface engine is down,"),
    })
    return repo, {"rel273": rel273, "rel280": rel280}


# ---------------------------------------------------------------------------
# Thursday


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


def shape(x):
    """Share of a hospital's peak result rate at time x (results follow the ward rounds)."""
    h = at(x).hour + at(x).minute / 60
    points = [(0, 0.22), (6, 0.25), (7.5, 0.4), (8.5, 0.7), (9.25, 1.0), (11.5, 1.0), (12.5, 0.85)]
    for (h0, v0), (h1, v1) in zip(points, points[1:]):
        if h0 <= h < h1:
            return v0 + (v1 - v0) * (h - h0) / (h1 - h0)
    return points[-1][1]


def span(td):
    total = int(round(td))
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


CONNECT_STACK = """System.OperationCanceledException: The operation was canceled.
   at System.Net.Sockets.Socket.AwaitableSocketAsyncEventArgs.ThrowException(SocketError error, CancellationToken cancellationToken)
   at System.Net.Sockets.Socket.AwaitableSocketAsyncEventArgs.System.Threading.Tasks.Sources.IValueTaskSource.GetResult(Int16 token)
   at System.Net.Sockets.TcpClient.CompleteConnectAsync(ValueTask task)
   at ResultsDispatch.Mllp.MllpConnection.ConnectAsync(CancellationToken ct) in /var/lib/jenkins/workspace/results-dispatch-deploy/src/ResultsDispatch/Mllp/MllpConnection.cs:line 33
   at ResultsDispatch.Dispatch.DestinationWorker.EnsureConnectedAsync(CancellationToken ct) in /var/lib/jenkins/workspace/results-dispatch-deploy/src/ResultsDispatch/Dispatch/DestinationWorker.cs:line 64"""


def build_logs(rng, shas):
    app = Log("results-dispatch.log")
    vpn = Log("vpngw-01-syslog.log")
    probe = Log("mllp-probe.log")
    jenkins = Log("jenkins-results-dispatch.log")
    teams = Log("teams-lab-it-incidents.log")
    snow = Log("servicenow-incidents.log")
    t_start, t_end = secs(START), secs(END)
    stats = {}
    W = "ResultsDispatch.Dispatch.DestinationWorker"

    epochs = [(secs(utc("2026-03-10 17:31:48")), "2.7.3", shas["rel273"]), (secs(RELEASE), "2.8.0", shas["rel280"]),
              (secs(RESTART), "2.8.0", shas["rel280"]), (secs(ROLLBACK), "2.7.3", shas["rel273"]), (secs(REDEPLOY), "2.8.0", shas["rel280"])]
    restarts = [e[0] for e in epochs[1:]]

    def epoch_at(x):
        cur = epochs[0]
        for e in epochs:
            if x >= e[0]:
                cur = e
        return cur

    def gap_end(x):
        """If x falls while the service restarts, when it can send again."""
        for r in restarts:
            if r - 1.6 <= x < r + 1.0:
                return r + 1.0 + rng.uniform(0.02, 0.3)
        return x

    def slog(x, level, ctx, msg, exc=None):
        if not t_start <= x < t_end:
            return
        t = at(x)
        text = f"{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 1000:03d} +00:00 [{level}] {ctx}: {msg}"
        if exc:
            text += "\n" + exc
        app.add(t, text)

    # --- the LIMS's results per destination --------------------------------------------
    cid = [4180233]
    arrivals = {}
    for name, d in DESTS.items():
        peak = d[8]
        xs = []
        x = t_start - 900
        while x < t_end:
            rate = peak * shape(x) / 60.0
            x += rng.expovariate(rate)
            xs.append(x)
        arrivals[name] = xs
    merged = sorted((x, name) for name, xs in arrivals.items() for x in xs)
    ids = {}
    for x, name in merged:
        cid[0] += 1
        ids[(name, x)] = f"CRN260312{cid[0]:07d}"

    def latency(name, draining=False):
        base = {"NMG": 150, "SBH": 95, "CRI": 210, "WCH": 60}[name]
        if draining:
            base = 105
        return max(25, int(rng.lognormvariate(0, 0.35) * base)) / 1000.0

    # probes: every 60 s per target
    probe_times = {name: [] for name in DESTS}
    for k, name in enumerate(DESTS):
        x = t_start - 60 + 7.3 + k * 11.1
        while x < t_end:
            probe_times[name].append(x + rng.uniform(0, 0.08))
            x += 60

    # --- NMG: sends until the CHILD_SA expires -------------------------------------------------
    sends = {name: [] for name in DESTS}   # (send_at, ack_at, code, control id)
    nmg = arrivals["NMG"]
    free = t_start - 900
    idx = 0
    t_s = None
    while idx < len(nmg):
        a = nmg[idx]
        s = gap_end(max(a, free))
        if s >= secs(EXPIRE):
            t_s = s
            break
        lat = latency("NMG")
        sends["NMG"].append((s, s + lat, "AA", ids[("NMG", a)]))
        free = s + lat + 0.002
        idx += 1
    stuck_id = ids[("NMG", nmg[idx])]

    # the worker's connect attempts after the ACK timeout, per process
    attempts = []   # (x, version, k, delay, cancelled)

    def seq(x0, ver, until):
        x, k, delay = x0, 1, 2
        while x < until:
            attempts.append((x, ver, k, delay if ver == "2.8.0" else 15, x + 10 >= until))
            if ver == "2.8.0":
                x += 10 + delay + rng.uniform(0.001, 0.012)
                delay = min(delay * 2, 60)
            else:
                x += 25 + rng.uniform(0.001, 0.012)
            k += 1

    seq(t_s + 30.012, "2.8.0", secs(RESTART) - 1.6)
    seq(secs(RESTART) + 0.93, "2.8.0", secs(ROLLBACK) - 1.6)
    seq(secs(ROLLBACK) + 0.91, "2.7.3", secs(REDEPLOY) - 1.6)
    evs = [(t_s, "data", None), (t_s + 30.0, "fin", None)]
    evs += [(a[0], "app", a) for a in attempts]
    evs += [(p, "probe", None) for p in probe_times["NMG"] if p >= secs(EXPIRE)]
    evs.sort(key=lambda e: e[0])
    last_acq, up = -1e9, None
    acquires = []      # (x, source, ok, src port)
    app_fail, app_ok = [], None
    probe_result = {}
    for y, kind, a in evs:
        if kind == "app" and app_ok is not None:
            continue
        if up is not None and y >= up:
            if kind == "app":
                app_ok = (y, y + rng.uniform(0.006, 0.014))
            elif kind == "probe":
                probe_result[y] = ("ok", rng.uniform(7, 12))
            continue
        port = rng.randint(40000, 60999)
        if y - last_acq >= 30:
            last_acq = y
            ok = y >= secs(NMG_FIX) + 8 and kind in ("app", "probe")
            acquires.append((y, kind, ok, port))
            if ok:
                up = y + 0.081
                if kind == "app":
                    app_ok = (y, y + 1.03 + rng.uniform(0.0, 0.004))
                else:
                    probe_result[y] = ("ok", 1031 + rng.uniform(0, 4))
                continue
        if kind == "app":
            app_fail.append(a)
        elif kind == "probe":
            probe_result[y] = ("timeout", 5000)
    assert app_ok and up, (app_ok, up)
    t_conn = app_ok[1]

    # NMG after the reconnect: the backlog drains
    free = t_conn + 0.004
    while idx < len(nmg):
        a = nmg[idx]
        s = gap_end(max(a, free))
        draining = s - a > 2
        lat = latency("NMG", draining)
        sends["NMG"].append((s, s + lat, "AA", ids[("NMG", a)]))
        free = s + lat + 0.0015
        idx += 1
    drained = t_conn
    while sum(1 for a in nmg if a <= drained) - sum(1 for s_, *_ in sends["NMG"] if s_ <= drained) > 3:
        drained += 5
    stats["drained_at"] = drained
    backlog = sum(1 for a in nmg if a < t_conn) - sum(1 for s, *_ in sends["NMG"] if s < t_conn)

    # the other hospitals: undisturbed, apart from the restarts
    for name in ("SBH", "CRI", "WCH"):
        free = t_start - 900
        for a in arrivals[name]:
            s = gap_end(max(a, free))
            lat = latency(name)
            code = "AA"
            if name == "CRI" and rng.random() < 0.02:
                code = "AE"
            elif name == "WCH" and rng.random() < 0.012:
                code = "AE"
            sends[name].append((s, s + lat, code, ids[(name, a)]))
            free = s + lat + 0.002

    # --- results-dispatch log -------------------------------------------------------------------
    for r, ver, sha in epochs[1:]:
        slog(r - 1.6, "INF", "Microsoft.Hosting.Lifetime", "Application is shutting down...")
        slog(r, "INF", "ResultsDispatch.Program", f"results-dispatch {ver}+{sha} starting on rd-01 (.NET 8.0.14)")
        slog(r + 0.31, "INF", "ResultsDispatch.Dispatch.OutboundQueue", "Consuming results.out.nmg, results.out.sbh, results.out.cri, results.out.wch from rabbitmq-lims-01.lab.corran.local")
        if ver == "2.8.0":
            slog(r + 0.33, "INF", "ResultsDispatch.Dispatch.DispatchHost", "MSH-5/MSH-6 for NMG: RHAPSODY/NMGH")
        slog(r + 0.331, "INF", "ResultsDispatch.Dispatch.DispatchHost", "MSH-5/MSH-6 for CRI: ENSEMBLE/CRI")
        slog(r + 0.36, "INF", "Microsoft.Hosting.Lifetime", "Application started. Hosting environment: Production; Content root path: /opt/results-dispatch")
        for k, (name, d) in enumerate(DESTS.items()):
            if name == "NMG" and secs(EXPIRE) <= r < up:
                continue
            slog(r + 0.93 + k * 0.004 + rng.uniform(0, 0.002), "INF", W, f"Connected to {name} at {d[1]}:{d[2]} in {rng.randint(6, 19)} ms")
    slog(t_s + 30.003, "WRN", W, f"No ACK from NMG within 00:00:30 for {stuck_id} (ORU^R01), closing connection")
    stats["ackto"] = t_s + 30.003
    for (x, ver, k, delay, cancelled) in app_fail:
        if cancelled:
            continue
        if ver == "2.8.0":
            slog(x + 10.002, "WRN", W, f"Connect to NMG at 10.88.40.21:7010 timed out after 00:00:10, retrying in {span(delay)} (attempt {k})")
        else:
            slog(x + 10.003, "WRN", W, "Connect to NMG at 10.88.40.21:7010 failed, retrying in 00:00:15", exc=CONNECT_STACK)
    slog(t_conn + 0.0004, "INF", W, f"Connected to NMG at 10.88.40.21:7010 in {int((t_conn - app_ok[0]) * 1000)} ms")
    for name in DESTS:
        for s, ack, code, c in sends[name]:
            if code == "AE":
                text = "Unknown patient identifier (PID-3)" if name == "CRI" else "Unknown location (PV1-3)"
                slog(ack + 0.001, "WRN", W, f"{name} answered AE for {c}: {text}")
    # minute summaries per process
    for (r, ver, sha), nxt in zip(epochs, epochs[1:] + [(t_end + 999, None, None)]):
        x = r + 60
        while x < nxt[0] - 1.6:
            if x >= t_start:
                for k, name in enumerate(DESTS):
                    win = [(s, ack, code) for s, ack, code, _ in sends[name] if x - 60 <= ack < x]
                    sent = len(win)
                    aa = sum(1 for w in win if w[2] == "AA")
                    ae = sum(1 for w in win if w[2] == "AE")
                    lats = sorted(int((ack - s) * 1000) for s, ack, _ in win)
                    p95 = str(lats[max(0, math.ceil(len(lats) * 0.95) - 1)]) if lats else "n/a"
                    queued = sum(1 for a in arrivals[name] if a <= x) - sum(1 for s, *_ in sends[name] if s <= x)
                    slog(x + 0.002 + k * 0.0004, "INF", W, f"{name}: {sent} sent, {aa} AA, {ae} AE, 0 AR in the last minute; {max(0, queued)} queued; ack p95 {p95} ms")
            x += 60.0003

    def depth(name, x):
        return max(0, sum(1 for a in arrivals[name] if a <= x) - sum(1 for s, *_ in sends[name] if s <= x))

    # --- the monitoring team's MLLP probe -----------------------------------------------------------
    first_probe_fail = None
    for name, d in DESTS.items():
        for p in probe_times[name]:
            if not t_start <= p < t_end:
                continue
            res = probe_result.get(p) if name == "NMG" else None
            if name == "NMG" and res is None:
                res = ("ok", rng.uniform(7, 12)) if (p < secs(EXPIRE) or p >= up) else ("timeout", 5000)
            if res is None or res[0] == "ok":
                ms = res[1] if res else {"SBH": 6.0, "CRI": 14.0, "WCH": 4.0}[name] * rng.uniform(0.8, 1.4)
                probe.add(at(p), logfmt(at(p), "info", "probe", target=name, addr=f"{d[1]}:{d[2]}", result="ok", connect_ms=f"{ms:.1f}"))
            else:
                first_probe_fail = first_probe_fail or p
                probe.add(at(p + 5.0), logfmt(at(p + 5.0), "warn", "probe failed", target=name, addr=f"{d[1]}:{d[2]}", result="timeout",
                                                connect_ms=5000, error=f"dial tcp {d[1]}:{d[2]}: i/o timeout"))
    stats["first_probe_fail"] = first_probe_fail + 5.0

    # --- vpngw-01: charon, sshd, sudo, cron ----------------------------------------------------------------
    def ch(x, grp, conn, text):
        if not secs(VPN_START) <= x < t_end:
            return
        prefix = f"<{conn}> " if conn else ""
        vpn.add(at(x), syslog3164(at(x), "vpngw-01", "charon", 1184, f"{rng.randint(1, 16):02d}[{grp}] {prefix}{text}"))

    def sys(x, tag, pid, msg):
        if secs(VPN_START) <= x < t_end:
            vpn.add(at(x), syslog3164(at(x), "vpngw-01", tag, pid, msg))

    def spi():
        return "c" + hexid(rng, 7)

    state = {}
    for name, d in DESTS.items():
        tun = d[3]
        state[tun] = {"ike": {"northmoor": 12, "stbrannock": 9, "calder": 11, "wyvern": 10}[tun], "mid": rng.randint(20, 90), "pmid": rng.randint(10, 60),
                      "child": {"northmoor": 37, "stbrannock": 33, "calder": 35, "wyvern": 36}[tun], "spis": (spi(), hexid(rng, 8)),
                      "peer": d[4], "peer_id": d[5], "subnet": d[6], "reqid": d[7], "addr": d[1], "port": d[2]}
    counters = {"ike": 12, "child": 40}

    def conn(tun):
        return f"{tun}|{state[tun]['ike']}"

    def net(x, c, peer, out_bytes, in_bytes, rtt):
        ch(x, "NET", c, f"sending packet: from {ME}[500] to {peer}[500] ({out_bytes} bytes)")
        ch(x + rtt, "NET", c, f"received packet: from {peer}[500] to {ME}[500] ({in_bytes} bytes)")

    def child_rekey_ok(x, tun):
        s = state[tun]
        c, mid = conn(tun), s["mid"]
        ch(x, "ENC", c, f"generating CREATE_CHILD_SA request {mid} [ N(REKEY_SA) SA No KE TSi TSr ]")
        rtt = rng.uniform(0.012, 0.04)
        net(x + 0.001, c, s["peer"], 592, 576, rtt)
        x2 = x + 0.002 + rtt
        ch(x2, "ENC", c, f"parsed CREATE_CHILD_SA response {mid} [ SA No KE TSi TSr ]")
        counters["child"] += 1
        new, old = counters["child"], s["child"]
        ni, no = spi(), hexid(rng, 8)
        ch(x2 + 0.004, "IKE", c, f"CHILD_SA {tun}-results{{{new}}} established with SPIs {ni}_i {no}_o and TS {LAB_NET} === {s['subnet']}")
        ch(x2 + 0.005, "IKE", c, f"closing CHILD_SA {tun}-results{{{old}}} with SPIs {s['spis'][0]}_i ({rng.randint(20, 900) * 100003} bytes) {s['spis'][1]}_o ({rng.randint(20, 900) * 70001} bytes) and TS {LAB_NET} === {s['subnet']}")
        ch(x2 + 0.005, "IKE", c, f"sending DELETE for ESP CHILD_SA with SPI {s['spis'][0]}")
        ch(x2 + 0.006, "ENC", c, f"generating INFORMATIONAL request {mid + 1} [ D ]")
        net(x2 + 0.007, c, s["peer"], 80, 80, rtt)
        ch(x2 + 0.008 + rtt, "ENC", c, f"parsed INFORMATIONAL response {mid + 1} [ D ]")
        ch(x2 + 0.009 + rtt, "IKE", c, "CHILD_SA closed")
        s["mid"] += 2
        s["child"], s["spis"] = new, (ni, no)

    def ike_rekey_ok(x, tun):
        s = state[tun]
        c, mid = conn(tun), s["mid"]
        rekey_in = rng.randint(12960, 14400)
        ch(x, "ENC", c, f"generating CREATE_CHILD_SA request {mid} [ SA No KE ]")
        rtt = rng.uniform(0.015, 0.045)
        net(x + 0.001, c, s["peer"], 400, 400, rtt)
        x2 = x + 0.002 + rtt
        ch(x2, "ENC", c, f"parsed CREATE_CHILD_SA response {mid} [ SA No KE ]")
        counters["ike"] += 1
        new = counters["ike"]
        ch(x2 + 0.01, "IKE", c, f"scheduling rekeying in {rekey_in}s")
        ch(x2 + 0.01, "IKE", c, f"maximum IKE_SA lifetime {rekey_in + 1440}s")
        ch(x2 + 0.011, "IKE", c, f"IKE_SA {tun}[{new}] rekeyed between {ME}[{ME_ID}]...{s['peer']}[{s['peer_id']}]")
        ch(x2 + 0.012, "IKE", c, f"sending DELETE for IKE_SA {tun}[{s['ike']}]")
        ch(x2 + 0.012, "ENC", c, f"generating INFORMATIONAL request {mid + 1} [ D ]")
        net(x2 + 0.013, c, s["peer"], 80, 80, rtt)
        ch(x2 + 0.014 + rtt, "ENC", c, f"parsed INFORMATIONAL response {mid + 1} [ ]")
        ch(x2 + 0.015 + rtt, "IKE", c, "IKE_SA deleted")
        s["ike"], s["mid"], s["pmid"] = new, 0, 0

    back = [4.0, 11.2, 24.16, 47.49, 89.48]

    def night_restart(x):
        """DPD finds Northmoor's FortiGate gone (its upgrade reboot); the tunnel comes back at CHILD_UP."""
        s = state["northmoor"]
        c = conn("northmoor")
        ch(x, "IKE", c, "sending DPD request")
        ch(x + 0.001, "ENC", c, f"generating INFORMATIONAL request {s['mid']} [ ]")
        ch(x + 0.002, "NET", c, f"sending packet: from {ME}[500] to {s['peer']}[500] (80 bytes)")
        for k, dtk in enumerate(back, 1):
            ch(x + dtk, "IKE", c, f"retransmit {k} of request with message ID {s['mid']}")
            ch(x + dtk + 0.001, "NET", c, f"sending packet: from {ME}[500] to {s['peer']}[500] (80 bytes)")
        x += 165.06
        ch(x, "IKE", c, "giving up after 5 retransmits")
        ch(x + 0.001, "IKE", c, "restarting CHILD_SA northmoor-results")
        counters["ike"] += 1
        s["ike"] = counters["ike"]
        c = conn("northmoor")
        nid = s["ike"]
        for attempt in (1, 2):
            ch(x + 0.002, "IKE", c, f"initiating IKE_SA northmoor[{nid}] to {s['peer']}")
            ch(x + 0.003, "ENC", c, "generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]")
            ch(x + 0.004, "NET", c, f"sending packet: from {ME}[500] to {s['peer']}[500] (464 bytes)")
            for k, dtk in enumerate(back if attempt == 1 else back[:4], 1):
                ch(x + dtk, "IKE", c, f"retransmit {k} of request with message ID 0")
                ch(x + dtk + 0.001, "NET", c, f"sending packet: from {ME}[500] to {s['peer']}[500] (464 bytes)")
            if attempt == 1:
                x += 165.06
                ch(x, "IKE", c, "giving up after 5 retransmits")
                ch(x + 0.001, "IKE", c, "peer not responding, trying again (2/0)")
        x = secs(CHILD_UP) - 0.062
        ch(x - 0.002, "IKE", c, "retransmit 5 of request with message ID 0")
        ch(x - 0.001, "NET", c, f"sending packet: from {ME}[500] to {s['peer']}[500] (464 bytes)")
        ch(x + 0.021, "NET", c, f"received packet: from {s['peer']}[500] to {ME}[500] (456 bytes)")
        ch(x + 0.022, "ENC", c, "parsed IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) ]")
        ch(x + 0.023, "CFG", c, "selected proposal: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048")
        ch(x + 0.031, "IKE", c, f"authentication of '{ME_ID}' (myself) with pre-shared key")
        counters["child"] += 1
        s["child"] = counters["child"]
        ch(x + 0.031, "IKE", c, f"establishing CHILD_SA northmoor-results{{{s['child']}}} reqid 3")
        ch(x + 0.032, "ENC", c, "generating IKE_AUTH request 1 [ IDi N(INIT_CONTACT) IDr AUTH SA TSi TSr N(MOBIKE_SUP) N(NO_ADD_ADDR) N(MULT_AUTH) N(EAP_ONLY) N(MSG_ID_SYN_SUP) ]")
        net(x + 0.033, c, s["peer"], 380, 268, 0.022)
        ch(x + 0.056, "ENC", c, "parsed IKE_AUTH response 1 [ IDr AUTH SA TSi TSr ]")
        ch(x + 0.057, "IKE", c, f"authentication of '{s['peer_id']}' with pre-shared key successful")
        ch(x + 0.058, "IKE", c, f"IKE_SA northmoor[{nid}] established between {ME}[{ME_ID}]...{s['peer']}[{s['peer_id']}]")
        ch(x + 0.058, "IKE", c, "scheduling rekeying in 13929s")
        ch(x + 0.058, "IKE", c, "maximum IKE_SA lifetime 15369s")
        ch(x + 0.059, "CFG", c, "selected proposal: ESP:AES_CBC_256/HMAC_SHA2_256_128/NO_EXT_SEQ")
        s["spis"] = ("c6b1f0a2", "0f4e3d21")
        s["mid"], s["pmid"] = 2, 0
        ch(x + 0.062, "IKE", c, f"CHILD_SA northmoor-results{{{s['child']}}} established with SPIs c6b1f0a2_i 0f4e3d21_o and TS {LAB_NET} === {s['subnet']}")
        stats["child41"] = s["child"]

    def rekey_fail(x, retry):
        s = state["northmoor"]
        c, mid = conn("northmoor"), s["mid"]
        counters["child"] += 1
        ch(x, "ENC", c, f"generating CREATE_CHILD_SA request {mid} [ N(REKEY_SA) SA No KE TSi TSr ]")
        rtt = rng.uniform(0.011, 0.03)
        net(x + 0.001, c, s["peer"], 592, 80, rtt)
        ch(x + 0.002 + rtt, "ENC", c, f"parsed CREATE_CHILD_SA response {mid} [ N(NO_PROP) ]")
        ch(x + 0.002 + rtt, "IKE", c, "received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built")
        ch(x + 0.003 + rtt, "IKE", c, f"CHILD_SA rekeying failed, trying again in {retry} seconds")
        s["mid"] += 1

    def expire(x):
        s = state["northmoor"]
        c = conn("northmoor")
        old = s["child"]
        ch(x, "IKE", c, f"closing expired CHILD_SA northmoor-results{{{old}}} with SPIs c6b1f0a2_i ({rng.randint(900, 2400) * 100003} bytes) 0f4e3d21_o ({rng.randint(300, 900) * 70001} bytes) and TS {LAB_NET} === {s['subnet']}")
        ch(x + 0.001, "IKE", c, "sending DELETE for ESP CHILD_SA with SPI c6b1f0a2")
        ch(x + 0.001, "ENC", c, f"generating INFORMATIONAL request {s['mid']} [ D ]")
        net(x + 0.002, c, s["peer"], 80, 80, 0.018)
        ch(x + 0.021, "ENC", c, f"parsed INFORMATIONAL response {s['mid']} [ D ]")
        ch(x + 0.021, "IKE", c, "received DELETE for ESP CHILD_SA with SPI 0f4e3d21")
        ch(x + 0.022, "IKE", c, "CHILD_SA closed")
        s["mid"] += 1

    def acquire(x, source, ok, port):
        s = state["northmoor"]
        c, mid = conn("northmoor"), s["mid"]
        src = f"{RD_IP}/32[tcp/{port}]" if source in ("app", "data", "fin") else f"{PROBE_IP}/32[tcp/{port}]"
        ch(x, "KNL", None, f"creating acquire job for policy {src} === {s['addr']}/32[tcp/{s['port']}] with reqid {{{s['reqid']}}}")
        counters["child"] += 1
        new = counters["child"]
        ch(x + 0.001, "IKE", c, f"establishing CHILD_SA northmoor-results{{{new}}} reqid 3")
        ch(x + 0.002, "ENC", c, f"generating CREATE_CHILD_SA request {mid} [ SA No KE TSi TSr ]")
        rtt = rng.uniform(0.011, 0.03)
        if ok:
            net(x + 0.003, c, s["peer"], 576, 560, rtt)
            ch(x + 0.004 + rtt, "ENC", c, f"parsed CREATE_CHILD_SA response {mid} [ SA No KE TSi TSr ]")
            ni, no = spi(), hexid(rng, 8)
            ch(x + 0.012 + rtt, "IKE", c, f"CHILD_SA northmoor-results{{{new}}} established with SPIs {ni}_i {no}_o and TS {LAB_NET} === {s['subnet']}")
            s["child"], s["spis"] = new, (ni, no)
        else:
            net(x + 0.003, c, s["peer"], 576, 80, rtt)
            ch(x + 0.004 + rtt, "ENC", c, f"parsed CREATE_CHILD_SA response {mid} [ N(NO_PROP) ]")
            ch(x + 0.004 + rtt, "IKE", c, "received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built")
            ch(x + 0.005 + rtt, "IKE", c, "failed to establish CHILD_SA, keeping IKE_SA")
        s["mid"] += 1

    def peer_attempt(x):
        s = state["northmoor"]
        c, pm = conn("northmoor"), s["pmid"]
        ch(x, "NET", c, f"received packet: from {s['peer']}[500] to {ME}[500] (656 bytes)")
        ch(x + 0.001, "ENC", c, f"parsed CREATE_CHILD_SA request {pm} [ SA No KE TSi TSr ]")
        ch(x + 0.002, "CFG", c, f"received proposals: {THEIRS}")
        ch(x + 0.002, "CFG", c, f"configured proposals: {OURS}")
        ch(x + 0.003, "IKE", c, "no acceptable proposal found")
        ch(x + 0.003, "ENC", c, f"generating CREATE_CHILD_SA response {pm} [ N(NO_PROP) ]")
        ch(x + 0.004, "NET", c, f"sending packet: from {ME}[500] to {s['peer']}[500] (80 bytes)")
        s["pmid"] += 1

    plan = []
    for tun in ("stbrannock", "calder", "wyvern"):
        x = secs(VPN_START) + rng.uniform(600, 9000)
        while x < t_end:
            plan.append((x, "ike", tun))
            x += rng.uniform(12960, 14400)
        x = secs(VPN_START) + rng.uniform(3600, 24000)
        while x < t_end:
            plan.append((x, "child", tun))
            x += rng.uniform(25920, 28800)
    plan.append((secs(CHILD_UP) - 0.062 - 89.48 - 2 * 165.06, "night", "northmoor"))
    plan.append((secs(CHILD_UP) + 13929.03, "ike", "northmoor"))
    plan.append((secs(IKE_REKEY_2), "ike", "northmoor"))
    x = secs(REKEY_1)
    rekeys = []
    while x < secs(EXPIRE) - 2:
        rekeys.append(x)
        x += 30 - rng.randint(0, 20) + rng.uniform(0.0, 0.02)
    for k, x in enumerate(rekeys):
        nxt = rekeys[k + 1] if k + 1 < len(rekeys) else secs(EXPIRE)
        plan.append((x, "rekey", max(10, min(30, int(round(nxt - x))))))
    plan.append((secs(EXPIRE), "expire", "northmoor"))
    for y, source, ok, port in acquires:
        plan.append((y + 0.0005, "acquire", (source, ok, port)))
    x = secs(EXPIRE) + rng.uniform(8, 40)
    while x < up:
        plan.append((x, "peer", None))
        x += rng.uniform(45, 110)
    plan.sort(key=lambda p: p[0])
    for x, kind, arg in plan:
        if kind == "ike":
            ike_rekey_ok(x, arg)
        elif kind == "child":
            child_rekey_ok(x, arg)
        elif kind == "night":
            night_restart(x)
        elif kind == "rekey":
            rekey_fail(x, arg)
        elif kind == "expire":
            expire(x)
        elif kind == "acquire":
            acquire(x, *arg)
        elif kind == "peer":
            peer_attempt(x)
    stats["first_rekey"] = rekeys[0]
    stats["n_rekeys"] = len(rekeys)
    stats["up"] = up
    stats["acquires"] = acquires

    # cron, sshd and sudo on vpngw-01
    x = secs(VPN_START) + 12
    while x < t_end:
        pid = rng.randint(20000, 60000)
        sys(x, "CRON", pid, "(root) CMD (/usr/local/sbin/ipsec-textfile-exporter > /var/lib/node_exporter/textfile/ipsec.prom)")
        x += 300
    sys(secs(utc("2026-03-12 00:00:01")), "systemd", 1, "Starting logrotate.service - Rotate log files...")
    sys(secs(utc("2026-03-12 00:00:02")), "systemd", 1, "logrotate.service: Deactivated successfully.")
    sys(secs(utc("2026-03-12 06:25:01")), "CRON", 31822, "(root) CMD (test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; })")
    sp = 48211
    sys(secs(SSH_IN), "sshd", sp, "Accepted publickey for dhughes from 10.20.1.55 port 51644 ssh2: ED25519 SHA256:q3VhM0yZkY8t1Bf2rXo7Zs9cWm4LJe6NQ2u1dPb0aHs")
    sys(secs(SSH_IN) + 0.05, "sshd", sp, "pam_unix(sshd:session): session opened for user dhughes(uid=1004) by (uid=0)")
    sys(secs(SSH_IN) + 0.07, "systemd-logind", 612, "New session 311 of user dhughes.")
    for off, cmd in ((31, "/usr/sbin/swanctl --list-sas --ike northmoor"), (74, "/usr/bin/journalctl -u strongswan --since 00:00 --no-pager"),
                     (212, "/usr/sbin/swanctl --list-conns"), (260, "/usr/bin/grep -c NO_PROPOSAL_CHOSEN /var/log/syslog"),
                     (secs(NMG_FIX) + 75 - secs(SSH_IN), "/usr/sbin/swanctl --list-sas --ike northmoor")):
        sys(secs(SSH_IN) + off, "sudo", None, f"  dhughes : TTY=pts/0 ; PWD=/home/dhughes ; USER=root ; COMMAND={cmd}")
        sys(secs(SSH_IN) + off + 0.004, "sudo", None, "pam_unix(sudo:session): session opened for user root(uid=0) by dhughes(uid=1004)")
        sys(secs(SSH_IN) + off + 0.3, "sudo", None, "pam_unix(sudo:session): session closed for user root")
    sys(secs(utc("2026-03-12 11:02:40")), "sshd", sp, "pam_unix(sshd:session): session closed for user dhughes")

    # --- Jenkins ----------------------------------------------------------------------------------
    def jl(x, text):
        t = at(x + rng.uniform(0.001, 0.08))
        jenkins.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}Z] {text}")

    def deploy(r, job, number, who, tag, sha, rollback=False):
        x0 = r - (35 if rollback else 98)
        jl(x0, f"Started by user {who}")
        jl(x0 + 0.4, f"[{job} #{number}] TAG={tag}")
        if not rollback:
            jl(x0 + 1.2, "Obtained Jenkinsfile from git https://git.corranpath.co.uk/lab-it/results-dispatch.git")
        jl(x0 + 1.5, "[Pipeline] Start of Pipeline")
        jl(x0 + 1.9, "Running on lab-build-01 in /var/lib/jenkins/workspace/" + job)
        if not rollback:
            jl(x0 + 2.6, "[Pipeline] { (Checkout)")
            jl(x0 + 3.9, f" > git rev-parse refs/tags/{tag}^{{commit}} # timeout=10")
            jl(x0 + 4.1, f"Checking out Revision {sha} (refs/tags/{tag})")
            jl(x0 + 5.0, "[Pipeline] { (Build)")
            jl(x0 + 5.2, f"+ dotnet publish src/ResultsDispatch -c Release -o out /p:Version={tag[1:]} /p:SourceRevisionId={sha}")
            jl(x0 + 52.8, "  ResultsDispatch -> /var/lib/jenkins/workspace/results-dispatch-deploy/out/")
            jl(x0 + 54.0, "[Pipeline] { (Deploy)")
            jl(x0 + 54.3, f"+ ansible-playbook -i deploy/ansible/production.ini deploy/ansible/deploy.yml -e version={tag[1:]}")
        else:
            jl(x0 + 2.4, "[Pipeline] { (Deploy)")
            jl(x0 + 2.7, f"+ ansible-playbook -i deploy/ansible/production.ini deploy/ansible/rollback.yml -e version={tag[1:]} (artefact results-dispatch-{tag[1:]}.tar.gz)")
        jl(r - 30, "TASK [results-dispatch : unpack release] ******************************************")
        jl(r - 22, "changed: [rd-01]")
        jl(r - 4, "TASK [results-dispatch : restart results-dispatch] *******************************")
        jl(r + 1.4, "changed: [rd-01]")
        jl(r + 2.0, "PLAY RECAP ************************************************************************")
        jl(r + 2.1, "rd-01                      : ok=5    changed=2    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0")
        jl(r + 2.6, "[Pipeline] End of Pipeline")
        jl(r + 2.8, "Finished: SUCCESS")

    deploy(secs(RELEASE), "results-dispatch-deploy", 214, "Sana Iqbal", "v2.8.0", shas["rel280"])
    deploy(secs(ROLLBACK), "results-dispatch-rollback", 37, "Sana Iqbal", "v2.7.3", shas["rel273"], rollback=True)
    deploy(secs(REDEPLOY), "results-dispatch-deploy", 215, "Sana Iqbal", "v2.8.0", shas["rel280"])

    stats.update(t_s=t_s, t_conn=t_conn, backlog=backlog, depth=depth, sends=sends, probe_times=probe_times, probe_result=probe_result)
    write_chat(rng, teams, snow, stats)
    return [app, vpn, probe, jenkins, teams, snow], stats


def write_chat(rng, teams, snow, stats):
    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        teams.add(t, json.dumps({"createdDateTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "channel": "lab-it-incidents",
                                 "from": who, "body": text}, ensure_ascii=False))

    m = dt.timedelta(minutes=1)
    ackto = at(stats["ackto"])
    depth = stats["depth"]
    x = stats["t_s"]
    while depth("NMG", x) <= 200:
        x += 15
    alert = at(x) + dt.timedelta(seconds=rng.randint(40, 80))
    up = at(stats["up"])
    conn = at(stats["t_conn"])
    drained = at(stats["drained_at"])
    say(RELEASE - 4 * m, "Sana Iqbal", "deploying results-dispatch 2.8.0 (Jenkins #214): ACK timeout 60 -> 30 s with reconnect backoff (RD-311), ACK timeouts logged with destination and control id (RD-308), MSH-5/6 RHAPSODY/NMGH for Northmoor's new route (RD-314), NHapi 3.2.3")
    say(RELEASE + 2 * m, "Sana Iqbal", "2.8.0 up, all four destinations connected, NMG ACKing AA on the new route")
    say(alert, "Grafana", f"[Alerting] ResultsDispatchQueueDepth: results.out.nmg {depth('NMG', alert.timestamp())} queued (> 200 for 2m)")
    say(alert + 2 * m, "Sana Iqbal", f"looking. 'No ACK from NMG within 00:00:30' at {ackto.strftime('%H:%M:%S')}, then 'Connect to NMG ... timed out after 00:00:10' with the new backoff. Only NMG, the other three are fine. 2.8.0 is {round((stats['ackto'] - RELEASE.timestamp()) / 60)} min old and RD-314 changed exactly NMG's MSH-5/6")
    say(alert + 3.5 * m, "Helen Marsh (Customer Services)", "Northmoor ED and ward 12 are phoning, no blood results on their EPR since about half nine")
    say(RESTART - 1.5 * m, "Sana Iqbal", "runbook says restart once to rebuild the connection, then call their integration team. Restarting results-dispatch")
    say(RESTART + 1.5 * m, "Sana Iqbal", "restarted. SBH, CRI, WCH connected at once, NMG connect still times out")
    say(RESTART + 6 * m, "Sana Iqbal", "Northmoor integration (Ravi) says Rhapsody is up, the new route is running and they're getting results from the other labs. Their inbound port has had no connection from us since 09:29")
    say(ROLLBACK - 2 * m, "Sana Iqbal", "rolling back to 2.7.3 anyway to take RD-311 and RD-314 out of the picture (Jenkins results-dispatch-rollback #37)")
    say(ROLLBACK + 1.5 * m, "Sana Iqbal", "2.7.3 running. NMG: 'Connect to NMG at 10.88.40.21:7010 failed, retrying in 00:00:15' with an OperationCanceledException. Same thing, different words")
    say(ROLLBACK + 6 * m, "Helen Marsh (Customer Services)", "Northmoor biochemistry want us to phone urgent results, two BMS on the phones now")
    say(ROLLBACK + 10 * m, "Sana Iqbal", "mllp-probe has NMG timing out since 09:29 as well, from the monitoring subnet, so not our process or its config. SBH/CRI/WCH probes fine. @Declan Hughes can you look at the northmoor tunnel on vpngw-01?")
    say(ROLLBACK + 12 * m, "Marek Novák", "order-intake hasn't had a referral from Northmoor since 09:29 either. Both directions")
    say(SSH_IN + 2.5 * m, "Declan Hughes (Network)", f"vpngw-01: IKE_SA northmoor is up (rekeyed fine at 08:28) but there is no CHILD_SA. charon answers every CREATE_CHILD_SA with 'received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built' since {at(stats['first_rekey']).strftime('%H:%M:%S')}, the first rekey of northmoor-results; it kept retrying ({stats['n_rekeys']} times) until the SA hit its hard lifetime at {EXPIRE.strftime('%H:%M:%S')}")
    say(SSH_IN + 4 * m, "Declan Hughes (Network)", "when their side initiates: 'received proposals: ESP:AES_CBC_256/HMAC_SHA2_256_128/ECP_256/NO_EXT_SEQ, .../ECP_384/...', 'configured proposals: .../MODP_2048/...'. Their PFS groups changed")
    say(SSH_IN + 6 * m, "Declan Hughes (Network)", "the SA was built at 00:41 after DPD lost them at 00:34, their reboot. The first CHILD_SA comes out of IKE_AUTH without a key exchange, so the DH group was never compared until the rekey this morning")
    say(SSH_IN + 9 * m, "Helen Marsh (Customer Services)", "found it: Northmoor IT emailed customer services on 5 March, 'planned network maintenance Wed 11 March 22:00-01:00, FortiGate upgrade, brief interruption to external links'")
    say(SSH_IN + 17 * m, "Declan Hughes (Network)", "Northmoor's network team confirm CHG0049321: FortiOS upgrade plus their new crypto baseline, phase 2 PFS groups 19/20/21 only. They're adding group 14 back to our phase 2 for now; we move to ecp384 in our Monday change")
    say(up + 40 * dt.timedelta(seconds=1), "Declan Hughes (Network)", f"CHILD_SA northmoor-results established at {up.strftime('%H:%M:%S')}")
    say(conn + 1 * m, "Sana Iqbal", f"NMG connected at {conn.strftime('%H:%M:%S')}, draining {stats['backlog']} queued results")
    say(drained + 1 * m, "Sana Iqbal", f"NMG queue empty at {drained.strftime('%H:%M')}. Results to Northmoor were held from 09:29 to {conn.strftime('%H:%M')}")
    say(REDEPLOY - 3 * m, "Sana Iqbal", "redeploying 2.8.0 (Jenkins #215), it was never the release. Owen changed the runbook to check the tunnel first (RD-318)")
    say(REDEPLOY + 2 * m, "Sana Iqbal", "2.8.0 up, all four connected")

    def ticket(t, number, prio, caller, group, short, desc, state="New"):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        snow.add(t, json.dumps({"sys_created_on": t.strftime("%Y-%m-%d %H:%M:%S"), "number": number, "priority": prio, "state": state,
                                "assignment_group": group, "caller_id": caller, "short_description": short, "description": desc}, ensure_ascii=False))

    ticket(utc("2026-03-12 08:12:30"), "INC0082095", "4 - Low", "Owen Price", "Lab IT - LIMS Integration", "WCH: AE for a retired location code", "Wyvern's Mirth answers AE 'Unknown location' for results to ward WCH-OPD2, retired on 1 March. LIMS location table to update.")
    ticket(alert + 0.5 * m, "INC0082107", "2 - High", "Grafana", "Lab IT - LIMS Integration", "ResultsDispatchQueueDepth: results.out.nmg over 200", "results-dispatch cannot deliver to NMG (Northmoor General Hospital).")
    ticket(alert + 7 * m, "INC0082109", "2 - High", "Helen Marsh (Customer Services)", "Lab IT - LIMS Integration", "Northmoor: blood results not arriving on EPR since ~09:30", "Northmoor ED and ward 12 report no results from us since about 09:30; urgent results being phoned.")
    ticket(SSH_IN + 20 * m, "INC0082107", "2 - High", "Grafana", "Lab IT - Network", "ResultsDispatchQueueDepth: results.out.nmg over 200",
           "Reassigned to Network: northmoor tunnel on vpngw-01 has no CHILD_SA since 09:29; rekey refused with NO_PROPOSAL_CHOSEN since 08:16 after Northmoor's CHG0049321 (phase 2 PFS groups). Northmoor adding group 14 back.", state="In Progress")
    ticket(drained + 3 * m, "INC0082107", "2 - High", "Grafana", "Lab IT - Network", "ResultsDispatchQueueDepth: results.out.nmg over 200",
           "Resolved: CHILD_SA re-established after Northmoor restored DH group 14 on phase 2; queue drained. Problem PRB0004411: align vpngw-01 proposals with partner crypto baselines.", state="Resolved")
    ticket(utc("2026-03-12 11:31:05"), "INC0082121", "4 - Low", "Kingsmead Surgery", "Lab IT - LIMS Integration", "Missing report for a patient", "A urine culture report from Tuesday is not in our inbox (MESH).")


def build(out_dir):
    rng = random.Random(56200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(min(stats["ackto"], stats["first_probe_fail"])).replace(microsecond=0)
        assert EXPIRE <= onset <= EXPIRE + dt.timedelta(minutes=2), onset
        depth = stats["depth"]

        def queue(name):
            return lambda t: depth(name, t.timestamp())

        probe_times, probe_result, up = stats["probe_times"], stats["probe_result"], stats["up"]

        def success(name):
            def fn(t):
                x = t.timestamp()
                last = [p for p in probe_times[name] if p <= x]
                if not last:
                    return None
                p = last[-1]
                if name != "NMG":
                    return 1
                res = probe_result.get(p)
                if res is None:
                    return 1 if (p < EXPIRE.timestamp() or p >= up) else 0
                return 1 if res[0] == "ok" else 0
            return fn

        metrics = {
            "results_dispatch_queue_depth.json": query_range(
                [({"instance": "rd-01:9184", "job": "results-dispatch", "destination": name}, queue(name)) for name in DESTS], START, END, 60),
            "mllp_probe_success.json": query_range(
                [({"instance": "mon-01:9115", "job": "mllp-probe", "target": name}, success(name)) for name in DESTS], START, END, 60),
        }
        return write_scenario(
            out_dir, name="r56-ipsec-pfs-rekey-none", service=SERVICE, onset=onset,
            description=f"""
Results stop reaching Northmoor General Hospital on Thursday 12 March: from
{onset.strftime('%H:%M:%S')} UTC connections to Northmoor's interface engine time out
(the monitoring probe first, then results-dispatch, which gets no ACK and
cannot reconnect); the queue for Northmoor grows, its wards and ED get no
results on their EPR and the lab phones urgent ones. The other three
hospitals are unaffected. A results-dispatch release had gone
out at 09:03; a restart at 09:47 and a rollback at 09:58 did not help.
Results flowed again from {at(stats['t_conn']).strftime('%H:%M')} and the backlog drained within minutes.
""",
            logs=logs, line_formats={"results-dispatch.log": r'<Date> <Time> <Zone> \[<Level>\] <Logger>: <Content>'},
            metrics=metrics, repo=repo, culprit="none",
            root_cause=[
                r'received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built',
                r'no acceptable proposal found',
                r'closing expired CHILD_SA',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Northmoor's network team upgraded its FortiGate
cluster overnight (CHG0049321) and applied a crypto baseline that allows
only ECP groups (19, 20, 21) for phase 2 PFS; the lab's strongSwan
gateway proposes MODP_2048. The FortiGate's reboot at 00:33 dropped the
tunnel, DPD restarted it and at 00:41 it was up again, but in IKEv2 the
first CHILD_SA is created in IKE_AUTH without a key exchange, so the DH
groups were not compared. At {at(stats['first_rekey']).strftime('%H:%M:%S')} vpngw-01 rekeyed the CHILD_SA and
the FortiGate answered NO_PROPOSAL_CHOSEN ("received NO_PROPOSAL_CHOSEN
notify, no CHILD_SA built", then "CHILD_SA rekeying failed, trying again
in ... seconds", {stats['n_rekeys']} times) while the IKE_SA rekeyed fine at 08:28; at
09:29:02 the CHILD_SA reached its hard lifetime ("closing expired
CHILD_SA northmoor-results..."), and from then on every acquire failed and
every CREATE_CHILD_SA from Northmoor's side was refused ("received
proposals: ...ECP_256..., ...ECP_384...", "configured proposals:
...MODP_2048...", "no acceptable proposal found"). results-dispatch got no
ACK and no connection to 10.88.40.21:7010; so did the monitoring probe
and Northmoor's order feed. Northmoor added group 14 back at 10:50 and the
next acquire built the CHILD_SA. The tunnel's configuration lives in the
network team's repository; nothing in this one changes.
Decoys: the 09:03 release 2.8.0, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset, with RD-311
(ACK timeout 60 s -> 30 s and reconnect backoff, in the very MLLP code),
RD-308 of the day before (adds the very "No ACK from ... within ..."
warning), RD-314 (new MSH-5/6 for Northmoor, the only destination that
fails) and an NHapi bump; the restart at 09:47 and the rollback to 2.7.3
at 09:58, without effect (the warning gives way to connect failures with
OperationCanceledException stacks); the runbook commit (RD-305) that reads
ACK timeouts from one hospital as its engine being down; the docs commit
on the destinations and tunnels; the Serilog bump; CRI's and WCH's
routine AE ACKs; the other tunnels' routine rekeys.
""",
        )
    finally:
        repo.close()
