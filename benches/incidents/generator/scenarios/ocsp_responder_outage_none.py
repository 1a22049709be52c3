"""erx-gateway (.NET 8, team in Copenhagen and Vilnius): clinics' practice
systems send e-prescriptions through it to the national prescription hub
(api.erx-hub.dk). The hub's connection agreement requires clients to check
the hub certificate's revocation status, so the gateway's HttpClient builds
the chain with X509RevocationMode.Online: each new TLS connection asks the
issuing CA's OCSP responder (ocsp.certora.eu, through the platform team's
Squid egress proxy). Pooled connections live five minutes. At 09:23 Certora's
OCSP responder stops answering (a storage migration on their signing
cluster); from 09:41 their load balancer answers 503 instead. Connections
opened before keep working until they are recycled, so within five minutes
every handshake fails: "The remote certificate is invalid because of errors
in the certificate chain: RevocationStatusUnknown, OfflineRevocation", at
first after a 15 s wait, later at once. Prescriptions fail with 502 until
Certora's responder recovers at 10:44; Certora's status page posts 40
minutes after the first failure. The SRE team's blackbox probe of the hub
(Go, no revocation check) stays green all along. Nothing in erx-gateway's
repository caused it. Decoys: a refactor that moved the HttpClient and
revocation setup into its own file five days before, a Serilog bump, a
tests commit, a commit that logs the chain status when the handshake fails
(its lines are new), a timeout and retry change rolled out at 08:55, 31
minutes before the onset (the start-up lines name it), and a runbook commit
after the onset. App (Serilog text with .NET stack traces, line format),
ingress-nginx access, Squid egress access (combined), Certora's status page
(JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores, ci_workflow, k8s_deployment, k8s_service, readme, runbook

SERVICE = "erx-gateway"
HUB = "api.erx-hub.dk"
DEPLOY = utc("2026-12-15 08:55:00")
HANG = utc("2026-12-15 09:23:38")
LB_503 = utc("2026-12-15 09:41:10")
RECOVERED = utc("2026-12-15 10:44:20")
START, END = utc("2026-12-15 07:40:00"), utc("2026-12-15 11:20:00")
OCSP_TIMEOUT_S = 15.0

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Web">

  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <RootNamespace>ErxGateway</RootNamespace>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Microsoft.Extensions.Http.Resilience" Version="8.10.0" />
    <PackageReference Include="prometheus-net.AspNetCore" Version="8.2.1" />
    <PackageReference Include="Serilog.AspNetCore" Version="8.0.2" />
  </ItemGroup>

</Project>
"""

PROGRAM = """using ErxGateway.Hub;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.Host.UseSerilog((ctx, cfg) => cfg.ReadFrom.Configuration(ctx.Configuration));
builder.Services.Configure<HubOptions>(builder.Configuration.GetSection("Hub"));
builder.Services.AddHubClient(builder.Configuration);

var app = builder.Build();
var version = typeof(Program).Assembly
    .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "dev";
Log.Information("Starting erx-gateway {Version}", version);

app.UseSerilogRequestLogging();
app.MapPrescriptionEndpoints();
app.MapGet("/healthz", () => Results.Ok());
app.Run();
"""

HUB_CLIENT = """using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace ErxGateway.Hub;

public static class HubClientRegistration
{
    // The hub's connection agreement (section 4.2) requires clients to check
    // the revocation status of the hub's certificate on every connection.
    public static IServiceCollection AddHubClient(this IServiceCollection services, IConfiguration config)
    {
        services.AddHttpClient<HubClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                SslOptions = new SslClientAuthenticationOptions
                {
                    CertificateRevocationCheckMode = X509RevocationMode.Online,
                },
            })
            .AddStandardResilienceHandler(o => config.GetSection("Hub:Resilience").Bind(o));
        return services;
    }
}

public sealed class HubClient(HttpClient http, IOptions<HubOptions> options, ILogger<HubClient> log)
{
    public async Task<HubReceipt> SendAsync(Prescription prescription, CancellationToken ct)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(options.Value.BaseUrl + "/v2/prescriptions", prescription, ct);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<HubReceipt>(ct))!;
        }
        catch (Exception e)
        {
            log.LogError(e, "Sending prescription {PrescriptionId} to the hub failed", prescription.Id);
            throw;
        }
    }
}
"""

FACTORY = """using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ErxGateway.Hub;

public static class HubHttpClientFactory
{
    // The hub's connection agreement (section 4.2) requires clients to check
    // the revocation status of the hub's certificate on every connection.
    public static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateRevocationCheckMode = X509RevocationMode.Online,
        },
    };

    public static IServiceCollection AddHubClient(this IServiceCollection services, IConfiguration config)
    {
        services.AddHttpClient<HubClient>()
            .ConfigurePrimaryHttpMessageHandler(CreateHandler)
            .AddStandardResilienceHandler(o => config.GetSection("Hub:Resilience").Bind(o));
        return services;
    }
}
"""

SETTINGS = """{
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft.AspNetCore": "Warning", "System.Net.Http": "Warning" } },
    "WriteTo": [
      { "Name": "Console", "Args": { "outputTemplate": "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}" } }
    ]
  },
  "Hub": {
    "BaseUrl": "https://api.erx-hub.dk"
  }
}
"""

PROD_SETTINGS = """{
  "Hub": {
    "Resilience": {
      "TotalRequestTimeout": { "Timeout": "00:00:30" },
      "Retry": { "MaxRetryAttempts": 1, "Delay": "00:00:00.400" }
    }
  }
}
"""

TESTS = """using System.Net;
using Xunit;

namespace ErxGateway.Tests;

public class HubClientTests
{
    [Fact]
    public async Task SendsPrescriptionAndReturnsReceipt()
    {
        var client = TestHub.Client(HttpStatusCode.Created, "{\\"reference\\":\\"NRX-1\\"}");
        var receipt = await client.SendAsync(TestHub.Prescription(), CancellationToken.None);
        Assert.Equal("NRX-1", receipt.Reference);
    }
}
"""


def build_repo():
    mikkel = Person("Mikkel Sørensen", "mikkel@medilink.dk", 60)
    freja = Person("Freja Holm", "freja.holm@medilink.dk", 60)
    lukas = Person("Lukas Petrauskas", "lukas.petrauskas@medilink.dk", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    deployment = k8s_deployment(SERVICE, 8080, replicas=3, memory="384Mi", cpu="250m", env={
        "ASPNETCORE_ENVIRONMENT": "Production",
        "HTTP_PROXY": "http://egress-proxy.platform.svc:3128",
        "HTTPS_PROXY": "http://egress-proxy.platform.svc:3128",
        "NO_PROXY": ".svc,.cluster.local,10.0.0.0/8",
    })
    files = {
        "ErxGateway.sln": "\nMicrosoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"ErxGateway\", \"src\\ErxGateway\\ErxGateway.csproj\", \"{5B1C9E2A-6E0D-4B8F-9C31-2F7E8A4D1C03}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"ErxGateway.Tests\", \"tests\\ErxGateway.Tests\\ErxGateway.Tests.csproj\", \"{C2E4A7F1-3B9D-4E6A-8F05-7D1B2C9E4A60}\"\nEndProject\n",
        "src/ErxGateway/ErxGateway.csproj": CSPROJ,
        "src/ErxGateway/Program.cs": PROGRAM,
        "src/ErxGateway/Hub/HubClient.cs": HUB_CLIENT,
        "src/ErxGateway/Hub/HubOptions.cs": "namespace ErxGateway.Hub;\n\npublic sealed class HubOptions\n{\n    public string BaseUrl { get; set; } = \"https://api.erx-hub.dk\";\n}\n",
        "src/ErxGateway/appsettings.json": SETTINGS,
        "src/ErxGateway/appsettings.Production.json": PROD_SETTINGS,
        "tests/ErxGateway.Tests/ErxGateway.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"xunit\" Version=\"2.9.2\" />\n    <PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"17.11.1\" />\n    <ProjectReference Include=\"..\\..\\src\\ErxGateway\\ErxGateway.csproj\" />\n  </ItemGroup>\n</Project>\n",
        "tests/ErxGateway.Tests/HubClientTests.cs": TESTS,
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nARG SOURCE_REVISION\nRUN dotnet publish src/ErxGateway -c Release -o /out -p:SourceRevisionId=$SOURCE_REVISION\n\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY --from=build /out .\nENTRYPOINT [\"dotnet\", \"ErxGateway.dll\"]\n",
        ".github/workflows/ci.yml": ci_workflow("      - run: dotnet test\n", "      - uses: actions/setup-dotnet@v4\n        with:\n          dotnet-version: '8.0.x'\n"),
        "k8s/deployment.yaml": deployment,
        "k8s/service.yaml": k8s_service(SERVICE, 8080),
        "README.md": readme(SERVICE, "Sends clinics' e-prescriptions to the national prescription hub (api.erx-hub.dk) and reports their status.", "dotnet test\ndotnet run --project src/ErxGateway"),
        "docs/runbook.md": runbook(SERVICE, [
            ("HubSendFailures", "More than 2 % of prescriptions not delivered: check the hub's status page (status.erx-hub.dk) and the egress proxy."),
            ("HubLatencyHigh", "p95 send above 3 s: the hub is slow; clinics' systems retry on 502."),
        ]),
    }
    repo.commit(utc("2026-12-09 09:30:00"), mikkel, "erx-gateway: import from the old prescriptions repo", files)
    repo.schedule(chores(random.Random(7701), SERVICE, [mikkel, freja, lukas], utc("2026-12-09 09:30:00"), DEPLOY, 4))
    repo.commit(utc("2026-12-10 13:20:00"), freja, "hub: move the HttpClient and revocation setup into HubHttpClientFactory", {
        "src/ErxGateway/Hub/HubHttpClientFactory.cs": FACTORY,
        "src/ErxGateway/Hub/HubClient.cs": HUB_CLIENT.replace(
            "using System.Net.Security;\nusing System.Security.Cryptography.X509Certificates;\nusing Microsoft.Extensions.Options;\n",
            "using Microsoft.Extensions.Options;\n").split("public static class HubClientRegistration")[0]
            + "public sealed class HubClient" + HUB_CLIENT.split("public sealed class HubClient")[1],
    })
    repo.commit(utc("2026-12-11 10:05:00"), bot, "Bump Serilog.AspNetCore from 8.0.2 to 8.0.3", {
        "src/ErxGateway/ErxGateway.csproj": repo.edit("src/ErxGateway/ErxGateway.csproj", "\"Serilog.AspNetCore\" Version=\"8.0.2\"", "\"Serilog.AspNetCore\" Version=\"8.0.3\""),
    })
    repo.commit(utc("2026-12-14 14:30:00"), lukas, "tests: the hub client retries a 503 and gives up on a 400", {
        "tests/ErxGateway.Tests/HubClientTests.cs": repo.edit("tests/ErxGateway.Tests/HubClientTests.cs", "        Assert.Equal(\"NRX-1\", receipt.Reference);\n    }\n",
            "        Assert.Equal(\"NRX-1\", receipt.Reference);\n    }\n\n    [Fact]\n    public async Task RetriesServiceUnavailable()\n    {\n"
            "        var hub = TestHub.Sequence(HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created);\n        await hub.Client.SendAsync(TestHub.Prescription(), CancellationToken.None);\n"
            "        Assert.Equal(2, hub.Calls);\n    }\n\n    [Fact]\n    public async Task DoesNotRetryBadRequest()\n    {\n"
            "        var hub = TestHub.Sequence(HttpStatusCode.BadRequest);\n        await Assert.ThrowsAsync<HttpRequestException>(() => hub.Client.SendAsync(TestHub.Prescription(), CancellationToken.None));\n"
            "        Assert.Equal(1, hub.Calls);\n    }\n"),
    })
    repo.commit(utc("2026-12-15 08:12:00"), freja, "hub: log the hub host and the chain status when the TLS handshake fails", {
        "src/ErxGateway/Hub/HubClient.cs": repo.edit("src/ErxGateway/Hub/HubClient.cs",
            "        catch (Exception e)\n        {\n",
            "        catch (HttpRequestException e) when (e.InnerException is System.Security.Authentication.AuthenticationException tls)\n        {\n"
            "            // The chain status (expired, untrusted root, revocation) is only in the inner message.\n"
            "            log.LogError(e, \"TLS handshake with {HubHost} failed: {TlsError} (prescription {PrescriptionId})\",\n"
            "                new Uri(options.Value.BaseUrl).Host, tls.Message, prescription.Id);\n            throw;\n        }\n"
            "        catch (Exception e)\n        {\n"),
    })
    head = repo.commit(utc("2026-12-15 08:41:00"), mikkel, "config: hub send timeout 30s -> 20s, two retries instead of one\n\nClinics' systems give up after 25 s, so a 30 s budget only produced\nprescriptions the clinic thinks failed but the hub accepted.", {
        "src/ErxGateway/appsettings.Production.json": repo.edit("src/ErxGateway/appsettings.Production.json", "\"00:00:30\"", "\"00:00:20\"").replace(
            "\"MaxRetryAttempts\": 1", "\"MaxRetryAttempts\": 2"),
    })
    repo.commit(utc("2026-12-15 10:29:00"), lukas, "runbook: hub handshakes failing with OfflineRevocation", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## TLS handshake with api.erx-hub.dk failed: ... OfflineRevocation\n\n"
            "The revocation check could not reach the CA's OCSP responder (ocsp.certora.eu, via the egress proxy).\n"
            "Check the egress proxy's access log and status.certora.eu. Do not turn the check off: the hub's\n"
            "connection agreement requires it; ask #platform and the hub's service desk.\n",
    })
    return repo, head


STACK_TLS = """System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.
 ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: RevocationStatusUnknown, OfflineRevocation
   at System.Net.Security.SslStream.SendAuthResetSignal(ReadOnlySpan`1 alert, ExceptionDispatchInfo exception)
   at System.Net.Security.SslStream.CompleteHandshake(SslAuthenticationOptions sslAuthenticationOptions)
   at System.Net.Security.SslStream.ForceAuthenticationAsync[TIOAdapter](Boolean receiveFirst, Byte[] reAuthenticationData, CancellationToken cancellationToken)
   at System.Net.Http.ConnectHelper.EstablishSslConnectionAsync(SslClientAuthenticationOptions sslOptions, HttpRequestMessage request, Boolean async, Stream stream, CancellationToken cancellationToken)
   --- End of inner exception stack trace ---
   at System.Net.Http.ConnectHelper.EstablishSslConnectionAsync(SslClientAuthenticationOptions sslOptions, HttpRequestMessage request, Boolean async, Stream stream, CancellationToken cancellationToken)
   at System.Net.Http.HttpConnectionPool.ConnectAsync(HttpRequestMessage request, Boolean async, CancellationToken cancellationToken)
   at System.Net.Http.HttpConnectionPool.AddHttp11ConnectionAsync(QueueItem queueItem)
   at Polly.Outcome`1.ThrowIfException()
   at Microsoft.Extensions.Http.Resilience.ResilienceHandler.SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
   at System.Net.Http.HttpClient.<SendAsync>g__Core|83_0(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationTokenSource cts, Boolean disposeCts, CancellationTokenSource pendingRequestsCts, CancellationToken originalCancellationToken)
   at ErxGateway.Hub.HubClient.SendAsync(Prescription prescription, CancellationToken ct) in /src/src/ErxGateway/Hub/HubClient.cs:line 14"""

STACK_TIMEOUT = """Polly.Timeout.TimeoutRejectedException: The operation didn't complete within the allowed timeout of '00:00:20'.
 ---> System.Threading.Tasks.TaskCanceledException: The operation was canceled.
   at System.Net.Http.HttpConnectionPool.CreateConnectTimeoutException(OperationCanceledException oce)
   at System.Net.Http.HttpConnectionPool.AddHttp11ConnectionAsync(QueueItem queueItem)
   --- End of inner exception stack trace ---
   at Polly.Outcome`1.ThrowIfException()
   at Microsoft.Extensions.Http.Resilience.ResilienceHandler.SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
   at System.Net.Http.HttpClient.<SendAsync>g__Core|83_0(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationTokenSource cts, Boolean disposeCts, CancellationTokenSource pendingRequestsCts, CancellationToken originalCancellationToken)
   at ErxGateway.Hub.HubClient.SendAsync(Prescription prescription, CancellationToken ct) in /src/src/ErxGateway/Hub/HubClient.cs:line 14"""

STACK_503 = """System.Net.Http.HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable).
   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()
   at ErxGateway.Hub.HubClient.SendAsync(Prescription prescription, CancellationToken ct) in /src/src/ErxGateway/Hub/HubClient.cs:line 15"""


def build_logs(rng, head):
    app = Log("erx-gateway.log")
    ingress = Log("ingress-nginx-access.log")
    squid = Log("egress-proxy-access.log")
    status = Log("certora-status.log")

    def serilog(t, level, msg):
        return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} +00:00 [{level}] {msg}"

    def squid_line(t, client, method, url, code, size, tag):
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        return f'{client} - - [{stamp}] "{method} {url} HTTP/1.1" {code} {size} "-" "-" {tag}'

    pods = {}
    for gen, when in enumerate((START - dt.timedelta(hours=20), DEPLOY)):
        pods[gen] = [(f"erx-gateway-{['7f6b9c8d4', '58d4c7b9f'][gen]}-{hexid(rng, 5)}", f"10.40.3.{rng.randint(10, 250)}") for _ in range(3)]
    for i, (pod, _) in enumerate(pods[1]):
        t = DEPLOY + dt.timedelta(seconds=25 * i + rng.uniform(1, 3))
        for k, msg in enumerate([f"Starting erx-gateway 1.0.0+{head}", "Now listening on: http://[::]:8080",
                                 "Application started. Press Ctrl+C to shut down.", "Hosting environment: Production", "Content root path: /app"]):
            app.add(t + dt.timedelta(milliseconds=k * 12), serilog(t + dt.timedelta(milliseconds=k * 12), "INF", msg))

    def pod_at(t):
        if t < DEPLOY:
            return rng.choice(pods[0])
        started = int((t - DEPLOY).total_seconds() // 25) + 1
        i = rng.randrange(3)
        return pods[1][i] if i < started or started >= 3 else pods[0][i]

    # Each pod's last connection opened before the responder went away; it is recycled
    # after five minutes and no new one can be opened until the responder is back.
    last_conn = {pod: HANG + dt.timedelta(seconds=rng.uniform(40, 300)) for pod, _ in pods[1]}

    def ocsp_url():
        return "http://ocsp.certora.eu/MFMwUTBPME0wSzAJBgUrDgMCGgUABBS" + hexid(rng, 18) + "BBQ" + hexid(rng, 20) + "AhIRA" + hexid(rng, 14)

    def handshake(t, ip, limit):
        """A new connection to the hub: CONNECT through the proxy and an OCSP check.
        Returns (ok, seconds spent)."""
        if t < HANG or t >= RECOVERED:
            took = ms(rng, 45, 0.4) / 1000
            squid.add(t, squid_line(t, ip, "GET", ocsp_url(), 200, rng.randint(1480, 1530), "TCP_MISS:HIER_DIRECT"))
            squid.add(t + dt.timedelta(seconds=took + 0.02), squid_line(t + dt.timedelta(seconds=took + 0.02), ip, "CONNECT", f"{HUB}:443", 200, rng.randint(9000, 40000), "TCP_TUNNEL:HIER_DIRECT"))
            return True, took + 0.08
        if t < LB_503:
            waited = min(OCSP_TIMEOUT_S, limit)
            squid.add(t + dt.timedelta(seconds=waited), squid_line(t + dt.timedelta(seconds=waited), ip, "GET", ocsp_url(), "000", 0, "TCP_MISS_ABORTED:HIER_DIRECT"))
            squid.add(t + dt.timedelta(seconds=waited + 0.01), squid_line(t + dt.timedelta(seconds=waited + 0.01), ip, "CONNECT", f"{HUB}:443", 200, rng.randint(5200, 5600), "TCP_TUNNEL:HIER_DIRECT"))
            return False, OCSP_TIMEOUT_S + 0.02
        took = ms(rng, 30, 0.3) / 1000
        squid.add(t + dt.timedelta(seconds=took), squid_line(t + dt.timedelta(seconds=took), ip, "GET", ocsp_url(), 503, 397, "TCP_MISS:HIER_DIRECT"))
        squid.add(t + dt.timedelta(seconds=took + 0.01), squid_line(t + dt.timedelta(seconds=took + 0.01), ip, "CONNECT", f"{HUB}:443", 200, rng.randint(5200, 5600), "TCP_TUNNEL:HIER_DIRECT"))
        return False, took + 0.05

    clinics = [f"{rng.choice(['87.49', '80.62', '188.114', '93.165', '185.17'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}" for _ in range(60)]
    uas = ["ClinicSuite/9.4 (+https://clinicsuite.dk)", "Praksys/2024.3", "XMO-Praksis/11.2.7"]
    sent, failed = {}, {}
    pool_opened = {}
    for t in poisson_times(rng, START, END, 7):
        pod, ip = pod_at(t)
        rx = f"RX-{rng.randint(10**8, 10**9 - 1)}"
        new_code = t >= DEPLOY and pod in dict(pods[1])
        attempts = 3 if new_code else 2
        budget = 20.0 if new_code else 30.0
        minute = int(t.timestamp()) // 60 * 60
        # Does the pod have a usable pooled connection?
        pooled = False
        if HANG <= t < RECOVERED:
            pooled = pod in last_conn and t < last_conn[pod]
        else:
            pooled = rng.random() < 0.9 and pool_opened.get(pod, START) > t - dt.timedelta(minutes=5)
        elapsed = 0.0
        outcome = None
        for attempt in range(1, attempts + 1):
            if pooled:
                ok, spent = True, 0.0
            else:
                ok, spent = handshake(t + dt.timedelta(seconds=elapsed), ip, budget - elapsed)
                if ok:
                    pool_opened[pod] = t
            if elapsed + spent > budget:
                elapsed = budget + rng.uniform(0.001, 0.009)
                outcome = "timeout"
                break
            elapsed += spent
            if ok:
                if rng.random() < 0.006 and t < HANG:
                    elapsed += ms(rng, 200) / 1000
                    outcome = "hub503"
                    break
                elapsed += (ms(rng, 280, 0.4) + rng.random()) / 1000
                outcome = "ok"
                break
            e = t + dt.timedelta(seconds=elapsed)
            if attempt < attempts:
                app.add(e, serilog(e, "WRN", f"Execution attempt. Source: 'HubClient-standard//Standard-Retry', Operation Key: '', Result: 'The SSL connection could not be established, see inner exception.', Handled: 'True', Attempt: '{attempt - 1}', Execution Time: {spent * 1000:.4f}ms"))
                elapsed += 0.4 * (2 ** (attempt - 1)) * rng.uniform(0.8, 1.2)
            else:
                outcome = "tls"
        e = t + dt.timedelta(seconds=elapsed)
        client = rng.choice(clinics)
        ua = rng.choice(uas)
        if outcome == "ok":
            sent[minute] = sent.get(minute, 0) + 1
            app.add(e, serilog(e, "INF", f"HTTP POST /api/v1/prescriptions responded 201 in {elapsed * 1000:.4f} ms"))
            ingress.add(e, nginx_access(e, client, "POST", "/api/v1/prescriptions", 201, rng.randint(180, 240), elapsed + 0.002, ua, upstream_rt=elapsed))
            continue
        failed[minute] = failed.get(minute, 0) + 1
        if outcome == "tls" and new_code:
            app.add(e, serilog(e, "ERR", f"TLS handshake with {HUB} failed: The remote certificate is invalid because of errors in the certificate chain: RevocationStatusUnknown, OfflineRevocation (prescription {rx})") + "\n" + STACK_TLS)
        elif outcome == "tls":
            app.add(e, serilog(e, "ERR", f"Sending prescription {rx} to the hub failed") + "\n" + STACK_TLS)
        elif outcome == "timeout":
            app.add(e, serilog(e, "ERR", f"Sending prescription {rx} to the hub failed") + "\n" + STACK_TIMEOUT.replace("00:00:20", "00:00:20" if new_code else "00:00:30"))
        else:
            app.add(e, serilog(e, "ERR", f"Sending prescription {rx} to the hub failed") + "\n" + STACK_503)
        app.add(e + dt.timedelta(milliseconds=2), serilog(e + dt.timedelta(milliseconds=2), "INF", f"HTTP POST /api/v1/prescriptions responded 502 in {elapsed * 1000 + 2:.4f} ms"))
        ingress.add(e, nginx_access(e, client, "POST", "/api/v1/prescriptions", 502, 163, elapsed + 0.004, ua, upstream_rt=elapsed + 0.002))

    for t in poisson_times(rng, START, END, 3):
        took = (ms(rng, 12, 0.5) + rng.random()) / 1000
        rx = f"RX-{rng.randint(10**8, 10**9 - 1)}"
        code = 404 if rng.random() < 0.03 else 200
        app.add(t, serilog(t, "INF", f"HTTP GET /api/v1/prescriptions/{rx}/status responded {code} in {took * 1000:.4f} ms"))
        ingress.add(t, nginx_access(t, rng.choice(clinics), "GET", f"/api/v1/prescriptions/{rx}/status", code, rng.randint(90, 140), took, rng.choice(uas), upstream_rt=took))
    emit(rng, app, START, END, 0.15, [
        (2, lambda t: serilog(t, "WRN", f"Prescription RX-{rng.randint(10**8, 10**9 - 1)} rejected by the hub: 422 dosage_unit_unknown")),
        (1, lambda t: serilog(t, "WRN", f"Clinic {rng.randint(10000, 99999)} sent an expired client token; 401")),
    ])

    # Everything else that leaves the cluster through the proxy.
    others = [
        (5, "CONNECT", "login.microsoftonline.com:443", 200, "TCP_TUNNEL:HIER_DIRECT"),
        (4, "CONNECT", "o4507.ingest.sentry.io:443", 200, "TCP_TUNNEL:HIER_DIRECT"),
        (3, "CONNECT", "api.erx-hub.dk:443", 200, "TCP_TUNNEL:HIER_DIRECT"),
        (3, "GET", "http://r11.o.lencr.org/MFMwUTBPME0wSzAJBgUrDgMCGgUABBR", 200, "TCP_MISS:HIER_DIRECT"),
        (2, "GET", "http://ocsp.digicert.com/MFEwTzBNMEswSTAJBgUrDgMCGgUABBQ", 200, "TCP_MISS:HIER_DIRECT"),
        (2, "CONNECT", "api.nemlog-in.dk:443", 200, "TCP_TUNNEL:HIER_DIRECT"),
        (1, "GET", "http://crl.certora.eu/certora-qualified-ov-g2.crl", 304, "TCP_REFRESH_UNMODIFIED:HIER_DIRECT"),
    ]

    def other(t):
        _, method, url, code, tag = weighted_pick(others)
        client = f"10.40.{rng.choice([1, 2, 5, 6, 9])}.{rng.randint(10, 250)}"
        if url.startswith("http://") and "crl" not in url:
            url += hexid(rng, 40)
        if url.startswith("api.erx-hub.dk"):
            # the SRE team's blackbox exporter (Go: no revocation check)
            client = "10.40.8.31"
        size = rng.randint(900, 1600) if method == "GET" else rng.randint(4000, 90000)
        return squid_line(t, client, method, url, code, size, tag)

    def weighted_pick(choices):
        total = sum(c[0] for c in choices)
        x = rng.uniform(0, total)
        for c in choices:
            x -= c[0]
            if x <= 0:
                return c
        return choices[-1]

    for t in poisson_times(rng, START, END, 6):
        squid.add(t, other(t))

    # Certora's status page (their Statuspage feed, as the incident channel saw it).
    posts = [
        (utc("2026-12-15 10:06:12"), "investigating", "degraded_performance",
         "We are investigating elevated error rates and timeouts on our OCSP responder (ocsp.certora.eu). Certificate issuance is not affected."),
        (utc("2026-12-15 10:31:40"), "identified", "major_outage",
         "The OCSP responder is unavailable after a failed storage migration on the OCSP signing cluster. Relying parties that require an OCSP response may fail to validate Certora certificates. We are restoring the signing cluster."),
        (utc("2026-12-15 10:52:03"), "monitoring", "operational",
         "OCSP responses are being served again since 10:44 UTC. We are monitoring response times."),
        (utc("2026-12-15 11:14:47"), "resolved", "operational",
         "This incident has been resolved. OCSP service was degraded from 09:23 to 10:44 UTC. A post-incident report will follow."),
    ]
    for t, state, comp, body in posts:
        status.add(t, json.dumps({"incident": "Degraded OCSP service", "id": "x7k2m9q4h1vd", "status": state, "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                  "components": [{"name": "OCSP (ocsp.certora.eu)", "status": comp}, {"name": "Certificate issuance", "status": "operational"}],
                                  "body": body}, ensure_ascii=False))
    return [app, ingress, squid, status], sent, failed


def build(out_dir):
    rng = random.Random(7700)
    repo, head = build_repo()
    try:
        logs, sent, failed = build_logs(rng, head)
        onset = min(t for t, _, text in logs[0].entries if "[ERR]" in text and ("OfflineRevocation" in text or "00:00:20" in text) and t >= HANG).replace(microsecond=0)

        def per_min(table):
            return lambda t: table.get(int(t.timestamp()) // 60 * 60, 0)

        metrics = {
            "erx_hub_sends_per_minute.json": query_range(
                [({"service": SERVICE, "outcome": "delivered"}, per_min(sent)), ({"service": SERVICE, "outcome": "failed"}, per_min(failed))], START, END, 60),
            "probe_success.json": query_range(
                [({"job": "blackbox-external", "instance": "https://api.erx-hub.dk/health", "module": "http_2xx"}, lambda t: 1)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="ocsp-responder-outage-none", service=SERVICE, onset=onset,
            description=f"""
Prescriptions fail. From {onset.strftime('%H:%M')} clinics' systems get 502 from erx-gateway
for most prescriptions, at first after 15 to 20 seconds, from 09:41 at
once; erx-gateway logs failed TLS handshakes with the national prescription
hub. The SRE team's blackbox probe of the hub's health endpoint stays green.
erx-gateway was deployed at 08:55 (a send timeout and retry change, with a
commit that logs failed handshakes). Prescriptions go through again from
10:44 with no change on erx-gateway's side.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"erx-gateway.log": r"<Date> <Time> <Zone> \[<Level>\] <Content>"},
            root_cause=[r"errors in the certificate chain: RevocationStatusUnknown, OfflineRevocation",
                        r"elevated error rates and timeouts on our OCSP responder"],
            fix_files=[],
            explanation="""
No commit in this repository caused it: the CA that issued the hub's
certificate (Certora) lost its OCSP responder. erx-gateway checks the hub
certificate's revocation online, as the hub's connection agreement
requires, so every new TLS connection asks ocsp.certora.eu through the
egress proxy. The proxy's log shows those requests aborted after 15 s from
09:23 and answered 503 from 09:41 (other CAs' OCSP requests and the CONNECT
tunnels are fine); pooled connections kept working until recycled, then
every handshake failed with RevocationStatusUnknown, OfflineRevocation (or
ran out of the 20 s budget while waiting). The blackbox probe is green
because Go does not check revocation. Certora's status page confirms the
outage 42 minutes after it began; prescriptions flow again when the
responder recovers at 10:44, with no rollback. Decoys: the refactor that
moved the HttpClient and revocation setup into HubHttpClientFactory five
days before (unchanged behaviour, working since), the Serilog bump, the
retry tests, the commit that logs the hub host and chain status on a failed
handshake (its lines are new), the timeout and retry change the start-up
lines name, rolled out 31 minutes before the onset (it shortens the wait,
and adds retries, it breaks no handshake), and the runbook commit after.
""",
        )
    finally:
        repo.close()
