"""ocpi-bridge (C#, .NET 8 on AKS, deployed by an Azure DevOps pipeline
running Helm) of Ladewerk, a German charge point operator (motorway fast
chargers and city AC points). It is the CPO side of OCPI 2.2.1: it
publishes locations, EVSE status and tariffs, pushes sessions and CDRs,
pulls token deltas every 15 minutes and answers the CSMS's authorisation
requests for roaming tokens. Most eMSPs are reached through the Roamlink
roaming hub; two large ones are connected directly. A roaming token whose
whitelist is ALWAYS is authorised from the token cache; ALLOWED,
ALLOWED_OFFLINE and NEVER tokens need a real-time authorisation
(POST .../tokens/{country}/{party}/{uid}/authorize). If the eMSP cannot be
reached, ALLOWED tokens are let through and the others are refused, unless
the HubOfflineAuthorization switch (Azure App Configuration) lets cached
tokens through.

On Friday 18 December, the evening of the first Christmas travel day, at
16:41 UTC Roamlink's OCPI API stops answering: their HAProxy returns 503
("No server is available to handle this request"), 502 or nothing at all,
because a database failover in their Frankfurt region did not complete.
Every real-time authorisation through the hub fails, so drivers with
NEVER and ALLOWED_OFFLINE cards (MobiPlus, Voltaro, Lade-Club, RicaricaRete)
are refused at the chargers; session, CDR and EVSE status pushes to the
hub fail and queue up; the 16:45 token sync fails; the hub's own calls to
Ladewerk stop. The direct partners work throughout. Roamlink's status page
says so at 17:34; the hub answers again from 17:56. Nothing in ocpi-bridge
caused it.

ocpi-bridge 2.14.0 was released at 16:14, 27 minutes before: ROAM-318
sends OCPI 2.2.1 LocationReferences with each real-time authorisation and
moves the hub client to a resilience pipeline (3 s timeout, one retry;
was HttpClient.Timeout 5 s), with an Npgsql bump and ROAM-321 (the
evening before), which logs failed real-time authorisations with the HTTP
status and the partner's body. Its authorisations succeed for 27 minutes.
The on-call rolls back to 2.13.2 at 17:02 (`helm rollback` from a
pipeline): the failures go on, logged in the old wording with 5 s
timeouts. At 17:21 the team turns HubOfflineAuthorization on; at 18:06
off again; 2.14.0 is released again at 18:16.

Sources: ocpi-bridge (Serilog text with .NET stack traces, line format),
csms-core (Spring Boot, line format), ingress-nginx access (OCPI calls
from the hub and the direct partners), synthetic checks (logfmt), Azure
DevOps pipeline logs, Roamlink's status page (JSON), #roaming-oncall
(Teams export)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt, nginx_access, spring
from skeletons import chores, runbook

SERVICE = "ocpi-bridge"
START, END = utc("2026-12-18 14:20:00"), utc("2026-12-18 18:35:00")
RELEASE = utc("2026-12-18 16:14:31")
OUT_START = utc("2026-12-18 16:41:17")
OUT_END = utc("2026-12-18 17:56:24")
ROLLBACK = utc("2026-12-18 17:02:07")
FLAG_ON = utc("2026-12-18 17:21:44")
FLAG_OFF = utc("2026-12-18 18:05:52")
STATUS_POST = utc("2026-12-18 17:34:50")
RERELEASE = utc("2026-12-18 18:16:02")
HUB = "https://api.roamlink.eu/ocpi/2.2.1"
HAPROXY_503 = "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>"

# ---------------------------------------------------------------------------
# the repository

ROAMLINK_CLIENT = '''using System.Net.Http.Json;
using Ladewerk.Roaming.Ocpi;

namespace Ladewerk.Roaming.Hub;

/// <summary>OCPI 2.2.1 client for the Roamlink hub (named HttpClient "Roamlink").</summary>
public sealed class RoamlinkClient(HttpClient http, ILogger<RoamlinkClient> log)
{
    public async Task<AuthorizationInfo> AuthorizeAsync(TokenRef token, CancellationToken ct)
    {
        var path = $"tokens/{token.CountryCode}/{token.PartyId}/{Uri.EscapeDataString(token.Uid)}/authorize?type={token.Type}";
        using var response = await http.PostAsync(path, content: null, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<OcpiResponse<AuthorizationInfo>>(cancellationToken: ct);
        return body!.Data!;
    }

    public async Task PushAsync(HttpMethod method, string path, object payload, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(payload) };
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }
}
'''

AUTHORIZER = '''using Ladewerk.Roaming.Hub;
using Ladewerk.Roaming.Tokens;
using Microsoft.FeatureManagement;

namespace Ladewerk.Roaming.Authorization;

/// <summary>
/// Answers the CSMS's authorisation requests for roaming tokens. ALWAYS tokens are
/// authorised from the token cache; the others ask the eMSP (through Roamlink or
/// directly). If the eMSP cannot be reached, ALLOWED tokens are let through and
/// ALLOWED_OFFLINE/NEVER tokens are refused, unless the HubOfflineAuthorization
/// switch is on (ROAM-201: an emergency switch, business sign-off needed).
/// </summary>
public sealed class RealtimeAuthorizer(TokenCache cache, RoamlinkClient hub, DirectPartners direct,
    IFeatureManager features, ILogger<RealtimeAuthorizer> log)
{
    public async Task<AuthorizeResult> AuthorizeAsync(AuthorizeRequest request, CancellationToken ct)
    {
        var token = await cache.FindAsync(request.IdTag, ct);
        if (token is null) return AuthorizeResult.Unknown;
        if (token.Whitelist == Whitelist.Always) return AuthorizeResult.Accepted(token);
        try
        {
            var info = direct.Has(token.PartyKey)
                ? await direct.AuthorizeAsync(token, ct)
                : await hub.AuthorizeAsync(token.Ref, ct);
            return AuthorizeResult.From(info);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            log.LogWarning(ex, "Real-time authorization failed for token {TokenUid}", token.Masked);
            return await FallbackAsync(token);
        }
    }
}
'''

APPSETTINGS = '''{
  "Serilog": {
    "MinimumLevel": {
      "Default": "Information",
      "Override": {
        "Microsoft.AspNetCore": "Warning",
        "System.Net.Http.HttpClient": "Warning",
        "System.Net.Http.HttpClient.Roamlink.LogicalHandler": "Information",
        "System.Net.Http.HttpClient.PartnerDirect.LogicalHandler": "Information"
      }
    }
  },
  "Roamlink": {
    "BaseUrl": "https://api.roamlink.eu/ocpi/2.2.1/",
    "TimeoutSeconds": 5
  },
  "Tokens": { "SyncIntervalMinutes": 30 },
  "Push": { "RetryBackoffSeconds": [30, 60, 120, 300] },
  "FeatureManagement": { "HubOfflineAuthorization": false }
}
'''

CSPROJ = '''<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <Version>2.13.0</Version>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Serilog.AspNetCore" Version="8.0.3" />
    <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="8.0.10" />
    <PackageReference Include="Npgsql" Version="8.0.5" />
    <PackageReference Include="Microsoft.FeatureManagement.AspNetCore" Version="3.5.0" />
    <PackageReference Include="Microsoft.Azure.AppConfiguration.AspNetCore" Version="7.3.0" />
  </ItemGroup>
</Project>
'''

PIPELINE = '''trigger: none
pool: { vmImage: ubuntu-22.04 }
parameters:
  - name: version
    type: string
stages:
  - stage: Build
    jobs:
      - job: image
        steps:
          - script: dotnet test -c Release
          - task: Docker@2
            inputs: { command: buildAndPush, repository: roaming/ocpi-bridge, containerRegistry: ladewerkacr, tags: "${{ parameters.version }}" }
  - stage: Deploy
    jobs:
      - deployment: prod_weu
        environment: roaming-prod
        strategy:
          runOnce:
            deploy:
              steps:
                - task: HelmDeploy@0
                  inputs:
                    command: upgrade
                    chartType: FilePath
                    chartPath: chart
                    releaseName: ocpi-bridge
                    namespace: roaming
                    valueFile: chart/values-prod.yaml
                    overrideValues: image.tag=${{ parameters.version }}
                    arguments: --wait --timeout 10m0s
'''


def build_repo():
    katrin = Person("Katrin Weber", "katrin.weber@ladewerk.de", 60)
    lukas = Person("Lukas Hoffmann", "lukas.hoffmann@ladewerk.de", 60)
    marta = Person("Marta Nowak", "marta.nowak@ladewerk.de", 60)
    emre = Person("Emre Yılmaz", "emre.yilmaz@ladewerk.de", 60)
    ana = Person("Ana Ribeiro", "ana.ribeiro@ladewerk.de", 0)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    base = "src/Ladewerk.Roaming"
    files = {
        "README.md": "# ocpi-bridge\n\nLadewerk's OCPI 2.2.1 CPO interface: locations, EVSE status, tariffs,\nsessions and CDRs to the Roamlink hub and the direct partners, token deltas\nfrom them, and real-time authorisation of roaming tokens for csms-core.\n\n```\ndotnet test\ndotnet run --project src/Ladewerk.Roaming\n```\n\nReleased by the Azure DevOps pipeline `ocpi-bridge-release` (Helm, AKS `aks-roaming-weu`, namespace `roaming`).\n",
        "docs/runbook.md": runbook("ocpi-bridge", [
            ("RoamingAuthRejectRate", "Over 20 % of real-time authorisations refused. Check which route (hub or\ndirect) and which parties; ALLOWED tokens fall back to accepted, the others are refused.\nHubOfflineAuthorization (App Configuration) lets cached tokens through: needs sign-off."),
            ("PushQueueBacklog", "Session/CDR/EVSE pushes waiting over 10 min. Pushes retry with backoff 30/60/120/300 s."),
        ]),
        f"{base}/Ladewerk.Roaming.csproj": CSPROJ,
        f"{base}/Program.cs": 'var builder = WebApplication.CreateBuilder(args);\nbuilder.Host.UseSerilog((ctx, cfg) => cfg.ReadFrom.Configuration(ctx.Configuration).Enrich.WithMachineName());\nbuilder.Configuration.AddAzureAppConfiguration(o => o.Connect(builder.Configuration["AppConfig"]).UseFeatureFlags(f => f.SetRefreshInterval(TimeSpan.FromSeconds(30))));\nbuilder.Services.AddHttpClient<RoamlinkClient>("Roamlink", c => {\n    c.BaseAddress = new Uri(builder.Configuration["Roamlink:BaseUrl"]!);\n    c.Timeout = TimeSpan.FromSeconds(builder.Configuration.GetValue<int>("Roamlink:TimeoutSeconds"));\n});\nbuilder.Services.AddRoaming(builder.Configuration);\nvar app = builder.Build();\napp.MapOcpiCpo();\napp.Run();\n',
        f"{base}/Hub/RoamlinkClient.cs": ROAMLINK_CLIENT,
        f"{base}/Authorization/RealtimeAuthorizer.cs": AUTHORIZER,
        f"{base}/Tokens/TokenSync.cs": 'namespace Ladewerk.Roaming.Tokens;\n\n/// <summary>Pulls token deltas (GET tokens?date_from=) from the hub and the direct partners.</summary>\npublic sealed class TokenSync { }\n',
        f"{base}/Push/PushQueue.cs": 'namespace Ladewerk.Roaming.Push;\n\n/// <summary>Sessions, CDRs and EVSE status updates to the hub and partners, retried with backoff.</summary>\npublic sealed class PushQueue { }\n',
        f"{base}/Cdrs/CdrBuilder.cs": 'namespace Ladewerk.Roaming.Cdrs;\n\n/// <summary>Builds an OCPI CDR from a finished session and its tariff.</summary>\npublic sealed class CdrBuilder { }\n',
        f"{base}/Locations/LocationPublisher.cs": 'namespace Ladewerk.Roaming.Locations;\n\n/// <summary>Publishes locations and EVSE status to the hub and partners.</summary>\npublic sealed class LocationPublisher { }\n',
        f"{base}/appsettings.json": APPSETTINGS,
        "tests/Ladewerk.Roaming.Tests/AuthorizerTests.cs": 'namespace Ladewerk.Roaming.Tests;\n\npublic class AuthorizerTests\n{\n    [Fact]\n    public async Task Never_token_is_refused_when_hub_unreachable() => Assert.False((await Fixture.WithHubDown().AuthorizeNever()).Allowed);\n}\n',
        "chart/values-prod.yaml": "replicaCount: 2\nimage:\n  repository: ladewerkacr.azurecr.io/roaming/ocpi-bridge\nresources:\n  requests: { cpu: 250m, memory: 384Mi }\n  limits: { memory: 768Mi }\n",
        "azure-pipelines.yml": PIPELINE,
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish src/Ladewerk.Roaming -c Release -o /out\n\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY --from=build /out /app\nENTRYPOINT [\"dotnet\", \"/app/Ladewerk.Roaming.dll\"]\n",
    }
    repo.commit(utc("2026-12-12 09:30:00"), katrin, "ocpi-bridge: OCPI 2.2.1 CPO modules, Roamlink and direct partners, Helm chart, pipeline", files)
    repo.schedule(chores(random.Random(37201), SERVICE, [ana, emre, lukas], utc("2026-12-12 10:00:00"), utc("2026-12-17 16:00:00"), 4))
    repo.commit(utc("2026-12-14 12:20:00"), lukas, "tokens: pull deltas every 15 min instead of 30 (ROAM-305)", {
        f"{base}/appsettings.json": repo.edit(f"{base}/appsettings.json", '"SyncIntervalMinutes": 30', '"SyncIntervalMinutes": 15'),
    })
    repo.commit(utc("2026-12-15 09:10:00"), marta, "cdrs: tariff_id per charging period (ROAM-309)", {
        f"{base}/Cdrs/CdrBuilder.cs": repo.files[f"{base}/Cdrs/CdrBuilder.cs"].replace("public sealed class CdrBuilder { }", "public sealed class CdrBuilder\n{\n    // Each charging period carries the tariff_id it was priced with (ROAM-309):\n    // the evening HPC tariff starts at 17:00 local time.\n}"),
    })
    repo.commit(utc("2026-12-16 14:45:00"), lukas, "push: coalesce EVSE status PATCHes per EVSE over 5 s (ROAM-312)", {
        f"{base}/Push/PushQueue.cs": repo.files[f"{base}/Push/PushQueue.cs"].replace("public sealed class PushQueue { }", "public sealed class PushQueue\n{\n    // EVSE status changes within 5 s are sent as one PATCH (ROAM-312).\n    public static readonly TimeSpan Coalesce = TimeSpan.FromSeconds(5);\n}"),
    })
    old_release = repo.commit(utc("2026-12-17 08:50:00"), marta, "locations: publish max_electric_power per HPC connector (ROAM-314)", {
        f"{base}/Locations/LocationPublisher.cs": repo.files[f"{base}/Locations/LocationPublisher.cs"].replace("public sealed class LocationPublisher { }", "public sealed class LocationPublisher\n{\n    // Connectors publish max_electric_power (W) so apps can show 300 kW (ROAM-314).\n}"),
        f"{base}/Ladewerk.Roaming.csproj": repo.edit(f"{base}/Ladewerk.Roaming.csproj", "<Version>2.13.0</Version>", "<Version>2.13.2</Version>"),
    })
    repo.commit(utc("2026-12-17 17:05:00"), emre, "authorization: log failed real-time authorisations with route, party, HTTP status, OCPI status and body (ROAM-321)\n\nA refused roaming card at the hotline showed up as 'Real-time authorization\nfailed for token' with a stack trace and nothing about what the hub or the\neMSP answered.", {
        f"{base}/Authorization/RealtimeAuthorizer.cs": repo.edit(f"{base}/Authorization/RealtimeAuthorizer.cs",
            '            log.LogWarning(ex, "Real-time authorization failed for token {TokenUid}", token.Masked);\n',
            '            var route = direct.Has(token.PartyKey) ? "direct" : "hub";\n'
            '            var (status, ocpiStatus, body) = ex is OcpiHttpException h ? (h.StatusCode.ToString(), h.OcpiStatus?.ToString() ?? "n/a", h.BodyExcerpt) : ("none", "n/a", "");\n'
            '            log.LogWarning(ex is OcpiHttpException ? null : ex, "Real-time authorization via {Route} failed for token {TokenUid} ({Party}): HTTP {Status}, OCPI status {OcpiStatus}, body {Body}",\n'
            '                route, token.Masked, token.PartyKey, status, ocpiStatus, body);\n'),
        f"{base}/Hub/RoamlinkClient.cs": repo.edit(f"{base}/Hub/RoamlinkClient.cs",
            "        using var response = await http.PostAsync(path, content: null, ct);\n        response.EnsureSuccessStatusCode();\n",
            "        using var response = await http.PostAsync(path, content: null, ct);\n        await OcpiHttpException.ThrowIfFailedAsync(response, ct); // keeps status, OCPI status_code and 200 chars of body\n"),
    })
    repo.commit(utc("2026-12-18 06:40:00"), bot, "fix(deps): update dependency Npgsql to 8.0.6", {
        f"{base}/Ladewerk.Roaming.csproj": repo.edit(f"{base}/Ladewerk.Roaming.csproj", '"Npgsql" Version="8.0.5"', '"Npgsql" Version="8.0.6"'),
    })
    repo.commit(utc("2026-12-18 12:55:00"), katrin, "authorization: LocationReferences with real-time authorize, resilience pipeline for the hub client (ROAM-318)\n\nOCPI 2.2.1 lets the eMSP decide per location; MobiPlus refuses its business\ncards at motorway sites it cannot identify without location_references.\nThe hub client moves from HttpClient.Timeout (5 s) to a standard\nresilience pipeline: 3 s per attempt, one retry, so a stuck connection\nno longer costs the driver 5 s before the fallback.", {
        f"{base}/Hub/RoamlinkClient.cs": repo.edit(f"{base}/Hub/RoamlinkClient.cs",
            "    public async Task<AuthorizationInfo> AuthorizeAsync(TokenRef token, CancellationToken ct)\n",
            "    public async Task<AuthorizationInfo> AuthorizeAsync(TokenRef token, LocationReferences? locations, CancellationToken ct)\n").replace(
            "await http.PostAsync(path, content: null, ct);", "await http.PostAsync(path, locations is null ? null : JsonContent.Create(locations), ct);"),
        f"{base}/Authorization/RealtimeAuthorizer.cs": repo.edit(f"{base}/Authorization/RealtimeAuthorizer.cs",
            "await hub.AuthorizeAsync(token.Ref, ct);", "await hub.AuthorizeAsync(token.Ref, LocationReferences.For(request.Location), ct);").replace(
            "catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)", "catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutRejectedException)"),
        f"{base}/Program.cs": repo.edit(f"{base}/Program.cs",
            '    c.Timeout = TimeSpan.FromSeconds(builder.Configuration.GetValue<int>("Roamlink:TimeoutSeconds"));\n});\n',
            '}).AddStandardResilienceHandler(o => {\n    o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(builder.Configuration.GetValue<int>("Roamlink:AttemptTimeoutSeconds"));\n    o.Retry.MaxRetryAttempts = 1;\n    o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(8);\n});\n'),
        f"{base}/appsettings.json": repo.edit(f"{base}/appsettings.json", '"TimeoutSeconds": 5', '"AttemptTimeoutSeconds": 3'),
        f"{base}/Ladewerk.Roaming.csproj": repo.edit(f"{base}/Ladewerk.Roaming.csproj", '    <PackageReference Include="Microsoft.FeatureManagement.AspNetCore" Version="3.5.0" />\n',
                                                     '    <PackageReference Include="Microsoft.FeatureManagement.AspNetCore" Version="3.5.0" />\n    <PackageReference Include="Microsoft.Extensions.Http.Resilience" Version="8.10.0" />\n').replace("<Version>2.13.2</Version>", "<Version>2.14.0</Version>"),
    })
    repo.commit(utc("2026-12-18 14:20:00"), lukas, "test: real-time authorize sends location_references for HPC sites", {
        "tests/Ladewerk.Roaming.Tests/AuthorizerTests.cs": 'namespace Ladewerk.Roaming.Tests;\n\npublic class AuthorizerTests\n{\n    [Fact]\n    public async Task Never_token_is_refused_when_hub_unreachable() => Assert.False((await Fixture.WithHubDown().AuthorizeNever()).Allowed);\n\n    [Fact]\n    public async Task Authorize_sends_location_references() => Assert.Equal("DE*LDW*S0417", (await Fixture.LastHubAuthorizeBody()).LocationReferences.LocationId);\n}\n',
    })
    head = repo.commit(utc("2026-12-18 14:48:00"), ana, "ci: cache NuGet packages in the release pipeline", {
        "azure-pipelines.yml": repo.edit("azure-pipelines.yml", "          - script: dotnet test -c Release\n",
                                         "          - task: Cache@2\n            inputs: { key: 'nuget | \"$(Agent.OS)\" | **/*.csproj', path: $(NUGET_PACKAGES) }\n          - script: dotnet test -c Release\n"),
    })
    return repo, old_release, head


# ---------------------------------------------------------------------------
# logs

PARTIES = [  # party, route, whitelist, weight, eMSP name
    ("DE-MBP", "hub", "NEVER", 0.20, "MobiPlus"),
    ("DE-ADX", "hub", "ALLOWED", 0.13, "ADX Mobility"),
    ("AT-VLT", "hub", "ALLOWED_OFFLINE", 0.08, "Voltaro"),
    ("NL-CHX", "hub", "ALWAYS", 0.07, "ChargeX"),
    ("DE-LDC", "hub", "NEVER", 0.06, "Lade-Club"),
    ("FR-EVZ", "hub", "ALLOWED", 0.05, "EVzen"),
    ("IT-RCR", "hub", "ALLOWED_OFFLINE", 0.04, "RicaricaRete"),
    ("DE-EWP", "direct", "ALLOWED", 0.22, "EnWatt Plus"),
    ("DE-PLG", "direct", "ALWAYS", 0.15, "Plugly"),
]
SITES = ["DE*LDW*S0417", "DE*LDW*S0422", "DE*LDW*S0388", "DE*LDW*S0512", "DE*LDW*S0603", "DE*LDW*S0109", "DE*LDW*S0231", "DE*LDW*S0766"]
SITE_NAMES = {"DE*LDW*S0417": "Raststätte Garbsen Nord", "DE*LDW*S0422": "Autohof Hilden", "DE*LDW*S0388": "Raststätte Hösel Ost",
              "DE*LDW*S0512": "Kassel Auestadion P2", "DE*LDW*S0603": "Rasthof Irschenberg", "DE*LDW*S0109": "Köln Ehrenfeld Parkhaus",
              "DE*LDW*S0231": "Hannover Messe P9", "DE*LDW*S0766": "Autohof Wörnitz"}
PODS = {"2.14.0": ["ocpi-bridge-7c9f6d8b54-k2p4x", "ocpi-bridge-7c9f6d8b54-t8wqz"], "2.13.2": ["ocpi-bridge-5d7b8c9f66-hv2nc", "ocpi-bridge-5d7b8c9f66-r4mxl"]}


def serilog(t, level, pod, ctx, msg):
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +00:00 [{level}] {pod} {ctx}: {msg}"


def hub_down(t):
    return OUT_START <= t < OUT_END


def build_logs(rng, old_release, head):
    app, csms, ingress, checks, ado, statuspage, chat = (Log("ocpi-bridge.log"), Log("csms-core.log"), Log("ingress-nginx-access.log"),
                                                     Log("synthetic-checks.log"), Log("azure-devops-pipelines.log"), Log("roamlink-status.log"), Log("chat.log"))
    failures = []
    stats = {"hub_ok": [], "hub_rejected": [], "hub_fallback": [], "hub_cache": [], "direct_ok": [], "queue": []}
    versions = [(START - dt.timedelta(hours=30), "2.13.2", old_release), (RELEASE, "2.14.0", head), (ROLLBACK, "2.13.2", old_release), (RERELEASE, "2.14.0", head)]

    def version(t):
        cur = versions[0]
        for v in versions:
            if v[0] - dt.timedelta(seconds=20) <= t:
                cur = v
        return cur[1]

    def pod(t):
        return rng.choice(PODS[version(t)])

    def a(t, level, ctx, msg, p=None):
        app.add(t, serilog(t, level, p or pod(t), ctx, msg))

    def http_end(t, client, ms, code, p):
        a(t, "INF", f"System.Net.Http.HttpClient.{client}.LogicalHandler", f"End processing HTTP request after {ms:.4f}ms - {code}", p)

    def hub_failure():
        """What one attempt against the hub gets while it is down: (kind, ms)."""
        k = rng.random()
        if k < 0.55:
            return "503", rng.uniform(8, 60)
        if k < 0.7:
            return "502", rng.uniform(900, 2600)
        return "timeout", None

    # --- pipelines (Azure DevOps) and start lines
    def ado_line(t, text):
        t = t + dt.timedelta(microseconds=rng.randint(0, 999999))
        ado.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}{rng.randint(0, 9)}Z {text}")

    def start_lines(t, ver, sha, pods):
        for k, p in enumerate(pods):
            ts = t - dt.timedelta(seconds=50) + dt.timedelta(seconds=14 * k + rng.uniform(0, 2))
            a(ts, "INF", "Ladewerk.Roaming.Program", f"Starting Ladewerk.Roaming {ver}+{sha[:8]} on {p}", p)
            a(ts + dt.timedelta(milliseconds=840), "INF", "Microsoft.Hosting.Lifetime", "Now listening on: http://[::]:8080", p)
            a(ts + dt.timedelta(milliseconds=846), "INF", "Microsoft.Hosting.Lifetime", "Application started. Press Ctrl+C to shut down.", p)
            a(ts + dt.timedelta(milliseconds=847), "INF", "Microsoft.Hosting.Lifetime", "Hosting environment: Production", p)
            a(ts + dt.timedelta(milliseconds=1210), "INF", "Ladewerk.Roaming.Tokens.TokenCache", f"Token cache loaded: {rng.randint(1412000, 1413000)} tokens from 9 parties", p)

    for when, ver, sha, run, by in ((RELEASE, "2.14.0", head, "20261218.3", "Katrin Weber"), (RERELEASE, "2.14.0", head, "20261218.5", "Katrin Weber")):
        t0 = when - dt.timedelta(minutes=9, seconds=12)
        steps = [(0, f"##[section]Starting: ocpi-bridge-release {run} (version={ver}) requested by {by}"),
                 (2, "##[section]Starting: Checkout ocpi-bridge@main to s"),
                 (4, "Syncing repository: ocpi-bridge (Git)"),
                 (9, f"HEAD is now at {sha[:7]} ci: cache NuGet packages in the release pipeline"),
                 (12, "##[section]Finishing: Checkout ocpi-bridge@main to s"),
                 (13, "##[section]Starting: Cache"),
                 (15, "Cache restored from key: nuget | \"Linux\" | 0d1f3c..." if run.endswith("5") else "Cache not found for input keys: nuget | \"Linux\" | 0d1f3c..."),
                 (16, "##[section]Starting: CmdLine (dotnet test -c Release)"),
                 (148, "Passed!  - Failed:     0, Passed:    86, Skipped:     0, Total:    86, Duration: 14 s - Ladewerk.Roaming.Tests.dll (net8.0)"),
                 (150, "##[section]Starting: Docker (buildAndPush)"),
                 (420, f"{ver}: digest: sha256:{hexid(rng, 64)} size: 2412"),
                 (423, "##[section]Starting: HelmDeploy"),
                 (424, f"/usr/local/bin/helm upgrade ocpi-bridge chart --namespace roaming --install --values chart/values-prod.yaml --set image.tag={ver} --wait --timeout 10m0s"),
                 (551, "Release \"ocpi-bridge\" has been upgraded. Happy Helming!"),
                 (551.2, f"REVISION: {58 if run.endswith('3') else 60}"),
                 (552, "##[section]Finishing: HelmDeploy"),
                 (553, f"##[section]Finishing: ocpi-bridge-release {run} (succeeded)")]
        for s, text in steps:
            ado_line(t0 + dt.timedelta(seconds=s), text)
        start_lines(when, ver, sha, PODS[ver])
    t0 = ROLLBACK - dt.timedelta(seconds=63)
    for s, text in [(0, "##[section]Starting: ocpi-bridge-rollback 20261218.4 (revision=57) requested by Katrin Weber"),
                    (3, "##[section]Starting: HelmDeploy"),
                    (4, "/usr/local/bin/helm rollback ocpi-bridge 57 --namespace roaming --wait --timeout 10m0s"),
                    (61, "Rollback was a success! Happy Helming!"),
                    (62, "##[section]Finishing: HelmDeploy"),
                    (63, "##[section]Finishing: ocpi-bridge-rollback 20261218.4 (succeeded)")]:
        ado_line(t0 + dt.timedelta(seconds=s), text)
    start_lines(ROLLBACK, "2.13.2", old_release, PODS["2.13.2"])
    for when in (utc("2026-12-18 15:02:11"), utc("2026-12-18 17:40:05")):
        for s, text in [(0, "##[section]Starting: csms-core-nightly-e2e (scheduled)" if when.hour == 15 else "##[section]Starting: docs-site publish (CI)"),
                        (41, "##[warning]Retrying task after transient failure (1/3)"), (97, "##[section]Finishing: (succeeded)")]:
            ado_line(when + dt.timedelta(seconds=s), text)

    # --- real-time authorisations (csms-core asks, ocpi-bridge answers)
    def auth_rate(t):
        h = t.hour + t.minute / 60
        return 3.2 if h < 15.5 else 4.4 if h < 16.3 else 5.6 if h < 17.8 else 4.8

    weights = [(p[3], p) for p in PARTIES]
    csms_threads = [f"ocpp-ws-{n}" for n in range(1, 13)]
    for w in poisson_times(rng, START, END, 6.0):
        if rng.random() > auth_rate(w) / 6.0:
            continue
        total = sum(x for x, _ in weights)
        pick = rng.uniform(0, total)
        for x, party in weights:
            pick -= x
            if pick <= 0:
                break
        code, route, wl, _, name = party
        uid = f"{code.replace('-', '*')}*{hexid(rng, 6).upper()}******"
        cp = f"DE*LDW*E{rng.randint(10200, 17999)}"
        site = rng.choice(SITES)
        p = pod(w)
        ver = version(w)
        t = w + dt.timedelta(milliseconds=rng.randint(3, 12))
        result = None
        if wl == "ALWAYS":
            a(t, "INF", "Ladewerk.Roaming.Authorization.RealtimeAuthorizer", f"Token {uid} ({code}) authorized from token cache, whitelist ALWAYS", p)
            result = "Accepted"
            stats["direct_ok" if route == "direct" else "hub_ok"].append(t)
        elif route == "direct" or not hub_down(t):
            client = "PartnerDirect" if route == "direct" else "Roamlink"
            ms = rng.uniform(120, 420) if route == "direct" else rng.uniform(140, 650)
            t += dt.timedelta(milliseconds=ms)
            http_end(t, client, ms, 200, p)
            allowed = "ALLOWED" if rng.random() < 0.965 else rng.choice(["BLOCKED", "NO_CREDIT", "EXPIRED"])
            a(t + dt.timedelta(milliseconds=2), "INF", "Ladewerk.Roaming.Authorization.RealtimeAuthorizer",
              f"Real-time authorization {allowed} for token {uid} ({code}) via {route} in {int(ms)} ms", p)
            result = "Accepted" if allowed == "ALLOWED" else "Blocked" if allowed == "BLOCKED" else "Invalid"
            stats["direct_ok" if route == "direct" else "hub_ok"].append(t)
        else:
            attempts = 2 if ver == "2.14.0" else 1
            kind, ms = None, 0.0
            for _ in range(attempts):
                kind, one = hub_failure()
                if kind == "timeout":
                    one = 3000.0 if ver == "2.14.0" else 5000.0
                ms += one
                if kind == "503" and ver == "2.14.0" and rng.random() < 0.5:
                    break
            t += dt.timedelta(milliseconds=ms + rng.uniform(0, 4))
            failures.append(t)
            if kind != "timeout":
                http_end(t - dt.timedelta(milliseconds=1), "Roamlink", ms, int(kind), p)
            if ver == "2.14.0":
                if kind == "timeout":
                    a(t, "WRN", "Ladewerk.Roaming.Authorization.RealtimeAuthorizer",
                      f"Real-time authorization via hub failed for token {uid} ({code}): HTTP none, OCPI status n/a, body \n"
                      "Polly.Timeout.TimeoutRejectedException: The operation didn't complete within the allowed timeout of '00:00:03'.\n"
                      " ---> System.Threading.Tasks.TaskCanceledException: A task was canceled.\n"
                      "   at System.Net.Http.HttpClient.HandleFailure(Exception e, Boolean telemetryStarted, HttpResponseMessage response, CancellationTokenSource cts, CancellationToken cancellationToken, CancellationTokenSource pendingRequestsCts)\n"
                      "   at System.Net.Http.HttpClient.<SendAsync>g__Core|83_0(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationTokenSource cts, Boolean disposeCts, CancellationTokenSource pendingRequestsCts, CancellationToken originalCancellationToken)\n"
                      "   --- End of inner exception stack trace ---\n"
                      "   at Polly.Outcome`1.GetResultOrRethrow()\n"
                      "   at Microsoft.Extensions.Http.Resilience.ResilienceHandler.SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)\n"
                      "   at Ladewerk.Roaming.Hub.RoamlinkClient.AuthorizeAsync(TokenRef token, LocationReferences locations, CancellationToken ct) in /src/src/Ladewerk.Roaming/Hub/RoamlinkClient.cs:line 17\n"
                      "   at Ladewerk.Roaming.Authorization.RealtimeAuthorizer.AuthorizeAsync(AuthorizeRequest request, CancellationToken ct) in /src/src/Ladewerk.Roaming/Authorization/RealtimeAuthorizer.cs:line 27", p)
                else:
                    body = HAPROXY_503 if kind == "503" else "<html><body><h1>502 Bad Gateway</h1>The server returned an invalid or incomplete response.</body></html>"
                    a(t, "WRN", "Ladewerk.Roaming.Authorization.RealtimeAuthorizer",
                      f"Real-time authorization via hub failed for token {uid} ({code}): HTTP {kind}, OCPI status n/a, body \"{body}\"", p)
            else:
                if kind == "timeout":
                    exc = ("System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 5 seconds elapsing.\n"
                           " ---> System.TimeoutException: The operation was canceled.\n"
                           " ---> System.Threading.Tasks.TaskCanceledException: The operation was canceled.\n"
                           "   at System.Threading.Tasks.TaskCompletionSourceWithCancellation`1.WaitWithCancellationAsync(CancellationToken cancellationToken)\n"
                           "   at System.Net.Http.HttpConnectionPool.GetHttp11ConnectionAsync(HttpRequestMessage request, Boolean async, CancellationToken cancellationToken)\n"
                           "   --- End of inner exception stack trace ---\n"
                           "   --- End of inner exception stack trace ---\n"
                           "   at System.Net.Http.HttpClient.HandleFailure(Exception e, Boolean telemetryStarted, HttpResponseMessage response, CancellationTokenSource cts, CancellationToken cancellationToken, CancellationTokenSource pendingRequestsCts)\n")
                else:
                    phrase = "Service Unavailable" if kind == "503" else "Bad Gateway"
                    exc = (f"System.Net.Http.HttpRequestException: Response status code does not indicate success: {kind} ({phrase}).\n"
                           "   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()\n")
                a(t, "WRN", "Ladewerk.Roaming.Authorization.RealtimeAuthorizer", f"Real-time authorization failed for token {uid}\n" + exc +
                  "   at Ladewerk.Roaming.Hub.RoamlinkClient.AuthorizeAsync(TokenRef token, CancellationToken ct) in /src/src/Ladewerk.Roaming/Hub/RoamlinkClient.cs:line 14\n"
                  "   at Ladewerk.Roaming.Authorization.RealtimeAuthorizer.AuthorizeAsync(AuthorizeRequest request, CancellationToken ct) in /src/src/Ladewerk.Roaming/Authorization/RealtimeAuthorizer.cs:line 27", p)
            t += dt.timedelta(milliseconds=2)
            if wl == "ALLOWED":
                a(t, "INF", "Ladewerk.Roaming.Authorization.RealtimeAuthorizer", f"Token {uid} ({code}) allowed without real-time authorization: eMSP unreachable, whitelist ALLOWED", p)
                result = "Accepted"
                stats["hub_fallback"].append(t)
            elif FLAG_ON + dt.timedelta(seconds=30) <= t < FLAG_OFF and rng.random() < 0.97:
                a(t, "WRN", "Ladewerk.Roaming.Authorization.RealtimeAuthorizer", f"Token {uid} ({code}) authorized from token cache: eMSP unreachable, HubOfflineAuthorization on, whitelist {wl}", p)
                result = "Accepted"
                stats["hub_cache"].append(t)
            else:
                a(t, "INF", "Ladewerk.Roaming.Authorization.RealtimeAuthorizer", f"Token {uid} ({code}) refused: eMSP unreachable, whitelist {wl}", p)
                result = "Invalid"
                stats["hub_rejected"].append(t)
        # csms-core's view
        tc = t + dt.timedelta(milliseconds=rng.randint(4, 20))
        thread = rng.choice(csms_threads)
        if result == "Accepted":
            csms.add(tc, spring(tc, "INFO", thread, "d.l.csms.ocpp16.AuthorizeHandler", f"Authorize {cp} idTag={uid} -> Accepted (ocpi {code}, {int((tc - w).total_seconds() * 1000)} ms)"))
            ts = tc + dt.timedelta(seconds=rng.uniform(3, 25))
            csms.add(ts, spring(ts, "INFO", thread, "d.l.csms.ocpp16.TransactionHandler", f"StartTransaction {cp} connector={rng.choice([1, 2])} idTag={uid} transactionId={rng.randint(9100000, 9199999)} site={site}"))
        else:
            why = "ocpi: realtime authorization unavailable" if result == "Invalid" and hub_down(w) and route == "hub" else f"ocpi: {result.lower()}"
            csms.add(tc, spring(tc, "WARN", thread, "d.l.csms.ocpp16.AuthorizeHandler", f"Authorize {cp} idTag={uid} -> {result} ({why}, {int((tc - w).total_seconds() * 1000)} ms)"))

    # csms-core: its own cards, app starts, card terminal payments
    for w in poisson_times(rng, START, END, 5.5):
        thread = rng.choice(csms_threads)
        cp = f"DE*LDW*E{rng.randint(10200, 17999)}"
        k = rng.random()
        if k < 0.45:
            tag = f"LDW-{hexid(rng, 8).upper()}"
            if rng.random() < 0.04:
                csms.add(w, spring(w, "WARN", thread, "d.l.csms.ocpp16.AuthorizeHandler", f"Authorize {cp} idTag={tag} -> {rng.choice(['Invalid', 'Blocked', 'Expired'])} (local)"))
                continue
            csms.add(w, spring(w, "INFO", thread, "d.l.csms.ocpp16.AuthorizeHandler", f"Authorize {cp} idTag={tag} -> Accepted (local, 2 ms)"))
        elif k < 0.8:
            tag = f"app:{hexid(rng, 10)}"
            csms.add(w, spring(w, "INFO", "remote-cmd-3", "d.l.csms.commands.RemoteStartService", f"RemoteStartTransaction {cp} idTag={tag} -> Accepted"))
        else:
            tag = f"pay:{hexid(rng, 10)}"
            if rng.random() < 0.06:
                csms.add(w, spring(w, "WARN", "payments-2", "d.l.csms.payments.PreAuthService", f"Pre-authorisation declined for {cp}: 05 Do not honour (EUR 75.00)"))
                continue
            csms.add(w, spring(w, "INFO", "payments-2", "d.l.csms.payments.PreAuthService", f"Pre-authorisation approved for {cp}: EUR 75.00 ref={hexid(rng, 12).upper()}"))
        ts = w + dt.timedelta(seconds=rng.uniform(2, 20))
        csms.add(ts, spring(ts, "INFO", thread, "d.l.csms.ocpp16.TransactionHandler", f"StartTransaction {cp} connector={rng.choice([1, 2])} idTag={tag} transactionId={rng.randint(9100000, 9199999)} site={rng.choice(SITES)}"))
    for w in poisson_times(rng, START, END, 0.06):
        csms.add(w, spring(w, "WARN", rng.choice(csms_threads), "d.l.csms.ocpp16.StatusHandler", f"StatusNotification DE*LDW*E{rng.randint(10200, 17999)} connector={rng.choice([1, 2])} Faulted errorCode={rng.choice(['GroundFailure', 'HighTemperature', 'EVCommunicationError', 'PowerMeterFailure'])}"))
    for w in poisson_times(rng, START, END, 0.03):
        csms.add(w, spring(w, "ERROR", "payments-1", "d.l.csms.payments.CaptureService", f"Capture failed for session {rng.randint(9000000, 9099999)}: amount exceeds pre-authorised amount, partial capture EUR 75.00"))

    # --- pushes to the hub (sessions, CDRs, EVSE status) and the direct partners
    queue = []  # (due, kind, attempt, first)
    backoff = [30, 60, 120, 300]
    pushes = []
    for w in poisson_times(rng, START, END, 7.5):
        kind = rng.choice(["PUT sessions", "PATCH sessions", "PATCH sessions", "POST cdrs", "PATCH locations", "PATCH locations", "PATCH locations"])
        route = "hub" if rng.random() < 0.62 else "direct"
        pushes.append((w, kind, route, 1, w))
    pushes.sort()
    failed_minute = {}
    while pushes:
        w, kind, route, attempt, first = pushes.pop(0)
        if w >= END:
            continue
        p = pod(w)
        method, module = kind.split()
        if module == "locations":
            path = f"locations/DE/LDW/{rng.choice(SITES).split('*')[-1]}/{'DE*LDW*E' + str(rng.randint(10200, 17999))}"
        elif module == "sessions":
            path = f"sessions/DE/LDW/{hexid(rng, 8)}-{hexid(rng, 4)}"
        else:
            path = "cdrs"
        if route == "direct" or not hub_down(w):
            ms = rng.uniform(60, 380)
            if rng.random() < 0.15 or attempt > 1:
                http_end(w + dt.timedelta(milliseconds=ms), "PartnerDirect" if route == "direct" else "Roamlink", ms, 201 if method == "POST" else 200, p)
            if attempt > 1:
                a(w + dt.timedelta(milliseconds=ms + 2), "INF", "Ladewerk.Roaming.Push.PushQueue", f"Push {method} {path} delivered on attempt {attempt} after {int((w - first).total_seconds())} s", p)
            continue
        kind_f, ms = hub_failure()
        if kind_f == "timeout":
            ms = 8000.0 if version(w) == "2.14.0" else 5000.0
            reason = "The request was canceled due to the configured HttpClient.Timeout of 5 seconds elapsing." if version(w) == "2.13.2" else "The operation didn't complete within the allowed timeout of '00:00:08'."
        else:
            http_end(w + dt.timedelta(milliseconds=ms), "Roamlink", ms, int(kind_f), p)
            reason = f"Response status code does not indicate success: {kind_f} ({'Service Unavailable' if kind_f == '503' else 'Bad Gateway'})."
        te = w + dt.timedelta(milliseconds=ms + 3)
        failures.append(te)
        delay = backoff[min(attempt - 1, 3)]
        if attempt <= 2:
            a(te, "WRN", "Ladewerk.Roaming.Push.PushQueue", f"Push {method} {HUB}/{path} failed (attempt {attempt}): {reason} Requeued in {delay} s", p)
        key = te.replace(second=0, microsecond=0)
        failed_minute[key] = failed_minute.get(key, 0) + 1
        pushes.append((te + dt.timedelta(seconds=delay + rng.uniform(0, 3)), kind, route, attempt + 1, first))
        pushes.sort()
    # the queue as the pushers see it, once a minute
    depth = 0
    t = START.replace(second=0) + dt.timedelta(minutes=1, seconds=rng.randint(1, 5))
    while t < END:
        m = t.replace(second=0, microsecond=0)
        if hub_down(t):
            depth = min(depth + rng.randint(9, 14), 5000)
        elif depth:
            depth = max(0, depth - rng.randint(180, 260))
        else:
            depth = rng.randint(0, 3)
        stats["queue"].append((t, depth))
        level = "WRN" if depth > 200 else "INF"
        a(t, level, "Ladewerk.Roaming.Push.PushQueue", f"Push queue: {depth} pending, {failed_minute.get(m - dt.timedelta(minutes=1), 0)} failed in the last minute", PODS[version(t)][0])
        t += dt.timedelta(minutes=1)

    # --- token delta sync every 15 minutes (hub and direct partners)
    t = utc("2026-12-18 14:30:04")
    while t < END:
        p = PODS[version(t)][0]
        for route, parties in (("hub", "7 parties"), ("direct", "DE-EWP")):
            if route == "hub" and hub_down(t):
                ms = rng.uniform(10, 50)
                http_end(t + dt.timedelta(milliseconds=ms), "Roamlink", ms, 503, p)
                a(t + dt.timedelta(milliseconds=ms + 4), "ERR", "Ladewerk.Roaming.Tokens.TokenSync", f"Token sync from Roamlink failed (date_from={(t - dt.timedelta(minutes=15)).strftime('%Y-%m-%dT%H:%M:%SZ')}); next attempt in 15 min\n"
                  "System.Net.Http.HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable).\n"
                  "   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()\n"
                  "   at Ladewerk.Roaming.Tokens.TokenSync.PullAsync(String partner, DateTimeOffset from, CancellationToken ct) in /src/src/Ladewerk.Roaming/Tokens/TokenSync.cs:line 44")
                failures.append(t + dt.timedelta(milliseconds=ms + 4))
            else:
                n = rng.randint(120, 1900) if route == "hub" else rng.randint(20, 300)
                if route == "hub" and t > OUT_END:
                    n = rng.randint(6000, 9000)
                a(t + dt.timedelta(seconds=rng.uniform(1, 4)), "INF", "Ladewerk.Roaming.Tokens.TokenSync", f"Token sync from {'Roamlink' if route == 'hub' else 'DE-EWP'}: {n} tokens updated ({parties})", p)
        t += dt.timedelta(minutes=15)
    # routine noise
    for w in poisson_times(rng, START, END, 0.05):
        a(w, "WRN", "Ladewerk.Roaming.Cdrs.CdrBuilder", f"CDR for session {hexid(rng, 8)}-{hexid(rng, 4)} has no meter stop value, using last MeterValues ({rng.randint(4, 61)} kWh)")
    for w in poisson_times(rng, START, END, 0.03):
        a(w, "WRN", "Ladewerk.Roaming.Ocpi.CredentialsHandler", "Request to /ocpi/cpo/2.2.1/tariffs with unknown token from 203.0.113.45 refused (401)")

    # --- inbound OCPI from the hub and the direct partners (ingress-nginx)
    for w in poisson_times(rng, START, END, 5.0):
        if rng.random() < 0.6:
            if hub_down(w):
                continue
            client, ua, who = f"185.44.{rng.randint(16, 19)}.{rng.randint(2, 250)}", "Roamlink-Hub/4.12 (+https://roamlink.eu)", "hub"
        else:
            client, ua, who = rng.choice([("91.198.66.12", "EnWatt-OCPI/2.2.1", "DE-EWP"), ("34.107.201.88", "plugly-ocpi/5.3", "DE-PLG")])
        k = rng.random()
        if k < 0.45:
            method, path, status, size = "GET", f"/ocpi/cpo/2.2.1/locations?offset={rng.choice([0, 0, 50, 100, 150])}&limit=50", 200, rng.randint(40000, 90000)
        elif k < 0.8:
            owner = rng.choice(["DE/MBP", "DE/ADX", "AT/VLT", "DE/LDC", "FR/EVZ"]) if who == "hub" else who.replace("-", "/")
            method, path, status, size = "PUT", f"/ocpi/cpo/2.2.1/tokens/{owner}/{hexid(rng, 14).upper()}", 200, 88
        elif k < 0.95:
            method, path, status, size = "GET", f"/ocpi/cpo/2.2.1/tariffs?date_from={(w - dt.timedelta(minutes=15)).strftime('%Y-%m-%dT%H:%M:%SZ')}", 200, rng.randint(900, 4000)
        else:
            method, path, status, size = "POST", "/ocpi/cpo/2.2.1/commands/START_SESSION", 200, 131
        rt = rng.uniform(0.02, 0.4) if method == "GET" else rng.uniform(0.01, 0.09)
        ingress.add(w, nginx_access(w, client, method, path, status, size, rt, ua, upstream_rt=rt - 0.002))

    # --- synthetic checks, every minute
    t = START + dt.timedelta(seconds=11)
    while t < END:
        for i, (check, url) in enumerate((("roamlink-versions", "https://api.roamlink.eu/ocpi/versions"), ("enwatt-versions", "https://ocpi.enwatt.de/versions"), ("plugly-versions", "https://ocpi.plugly.io/2.2.1/versions"))):
            tt = t + dt.timedelta(seconds=i * 2, milliseconds=rng.randint(0, 900))
            if check == "roamlink-versions" and hub_down(tt):
                kind, ms = hub_failure()
                if kind == "timeout":
                    checks.add(tt, logfmt(tt, "error", "check failed", check=check, url=url, location="azure-westeurope", error="context deadline exceeded", duration_ms=10000))
                else:
                    checks.add(tt, logfmt(tt, "error", "check failed", check=check, url=url, location="azure-westeurope", status=int(kind), duration_ms=int(ms), body=HAPROXY_503[:60] + "…" if kind == "503" else "<html><body><h1>502 Bad Gateway</h1>…"))
                failures.append(tt)
            else:
                checks.add(tt, logfmt(tt, "info", "check ok", check=check, url=url, location="azure-westeurope", status=200, duration_ms=rng.randint(40, 190)))
        t += dt.timedelta(seconds=60)

    # --- Roamlink's status page
    for when, comp, state, title, text in (
            (utc("2026-12-18 15:00:12"), "Partner Portal", "scheduled", "Scheduled maintenance: Partner Portal", "The Partner Portal will be unavailable on Saturday 19 December 06:00-08:00 UTC. The OCPI API is not affected."),
            (STATUS_POST, "OCPI API", "investigating", "OCPI API unavailable", "We are investigating errors and timeouts on the Roamlink OCPI API. Real-time authorizations, sessions and CDRs may fail."),
            (utc("2026-12-18 17:49:08"), "OCPI API", "identified", "OCPI API unavailable", "A database failover in our Frankfurt region did not complete. We are restoring the service."),
            (utc("2026-12-18 18:04:31"), "OCPI API", "monitoring", "OCPI API unavailable", "The OCPI API answers again since 17:56 UTC. Queued messages are being delivered."),
            (utc("2026-12-18 18:31:02"), "OCPI API", "resolved", "OCPI API unavailable", "This incident has been resolved.")):
        statuspage.add(when, json.dumps({"incident": {"name": title, "status": state, "impact": "none" if state == "scheduled" else "major", "components": [comp], "updated_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "body": text}}, ensure_ascii=False))

    # --- chat (Teams export)
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, f"{t.strftime('%d.%m.%Y %H:%M:%S')} UTC | Roaming On-Call | {who}: {text}")

    say("2026-12-18 16:04:50", "Katrin Weber", f"Releasing ocpi-bridge 2.14.0 ({head[:7]}): ROAM-318 location_references + resilience pipeline (3 s, 1 retry), ROAM-321 failure logging, Npgsql 8.0.6")
    say("2026-12-18 16:17:40", "Katrin Weber", "2.14.0 live. real-time auths OK, hub p95 about 450 ms")
    say("2026-12-18 16:47:30", "Sabine Krüger (Hotline)", "Hotline: several drivers at Raststätte Garbsen Nord and Autohof Hilden can't start with MobiPlus cards, display says 'Karte abgelehnt'")
    say("2026-12-18 16:50:05", "Alertmanager", "[FIRING:1] RoamingAuthRejectRate route=hub (31 %)")
    say("2026-12-18 16:52:40", "Emre Yılmaz", "real-time auth via hub fails since 16:41: HTTP 503 with an HTML 'No server is available' page, 502s and timeouts. ALLOWED parties fall back, NEVER/ALLOWED_OFFLINE (MobiPlus, Voltaro, Lade-Club) are refused")
    say("2026-12-18 16:55:10", "Katrin Weber", "that's 27 min after 2.14.0. the body with location_references and the 3 s timeout are new. maybe Roamlink's gateway chokes on the body? rolling back to 2.13.2 to rule it out")
    say("2026-12-18 17:00:15", "Katrin Weber", "rollback pipeline running (helm rollback to revision 57)")
    say("2026-12-18 17:04:30", "Katrin Weber", "2.13.2 is back. still failing: 'Response status code does not indicate success: 503 (Service Unavailable)' and 5 s HttpClient timeouts")
    say("2026-12-18 17:07:50", "Lukas Hoffmann", "session/CDR/EVSE pushes to Roamlink fail since 16:41 as well, and the 16:45 token sync. none of that changed in 2.14.0. queue is growing")
    say("2026-12-18 17:10:20", "Emre Yılmaz", "direct partners (EnWatt, Plugly) fine. and the ingress log has nothing from Roamlink's addresses since 16:41")
    say("2026-12-18 17:12:40", "Lukas Hoffmann", "synthetic roamlink-versions check is red since 16:41, the alert went to #platform-alerts. curl https://api.roamlink.eu/ocpi/versions gives their HAProxy 503 page")
    say("2026-12-18 17:14:05", "Katrin Weber", "opened a P1 with Roamlink support (case 88231). nothing on their status page yet")
    say("2026-12-18 17:18:30", "Marta Nowak", "proposal: HubOfflineAuthorization on, so NEVER/ALLOWED_OFFLINE tokens from the cache get through while the hub is down. risk: prepaid MobiPlus cards without credit. Commercial (Jan) says OK for tonight")
    say("2026-12-18 17:21:55", "Marta Nowak", "HubOfflineAuthorization is on in App Configuration (30 s refresh)")
    say("2026-12-18 17:25:10", "Sabine Krüger (Hotline)", "drivers at Garbsen can start again")
    say("2026-12-18 17:35:20", "Emre Yılmaz", "Roamlink status page now says 'OCPI API unavailable', investigating")
    say("2026-12-18 17:49:40", "Katrin Weber", "Roamlink: a database failover in Frankfurt did not complete, they are restoring")
    say("2026-12-18 17:57:20", "Lukas Hoffmann", "hub answers again since 17:56, push queue draining")
    say("2026-12-18 18:06:10", "Marta Nowak", "HubOfflineAuthorization off again; token sync caught up")
    say("2026-12-18 18:06:40", "Katrin Weber", "re-releasing 2.14.0, it was never the cause")
    say("2026-12-18 18:18:30", "Katrin Weber", "2.14.0 live again, auths via hub fine")
    return [app, csms, ingress, checks, ado, statuspage, chat], failures, stats


def build(out_dir):
    rng = random.Random(37200)
    repo, old_release, head = build_repo()
    try:
        logs, failures, stats = build_logs(rng, old_release, head)
        onset = min(f for f in failures if f >= OUT_START).replace(microsecond=0)
        assert dt.timedelta(minutes=24) <= onset - RELEASE <= dt.timedelta(minutes=30), onset - RELEASE

        def per5(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=5) < x <= t)

        def depth(t):
            best = None
            for when, v in stats["queue"]:
                if when <= t:
                    best = v
                else:
                    break
            return best
        mstart = utc("2026-12-18 15:00:00")
        metrics = {
            "ocpi_realtime_authorizations.json": query_range([
                ({"route": "hub", "result": "accepted"}, per5(stats["hub_ok"])),
                ({"route": "hub", "result": "refused_unreachable"}, per5(stats["hub_rejected"])),
                ({"route": "hub", "result": "allowed_fallback"}, per5(stats["hub_fallback"])),
                ({"route": "hub", "result": "allowed_offline_switch"}, per5(stats["hub_cache"])),
                ({"route": "direct", "result": "accepted"}, per5(stats["direct_ok"])),
            ], mstart, END, 60),
            "ocpi_push_queue_pending.json": query_range([({"service": "ocpi-bridge", "queue": "push"}, depth)], mstart, END, 60),
        }
        return write_scenario(
            out_dir, name="r37-roaming-hub-outage-none", service=SERVICE, onset=onset,
            description=f"""
Ladewerk's roaming customers start being refused at the chargers on
Friday 18 December from {onset.strftime('%H:%M:%S')} UTC, at the start of the
Christmas travel evening: real-time authorisations of roaming tokens
through the Roamlink hub fail, so MobiPlus, Voltaro, Lade-Club and
RicaricaRete cards are refused; session, CDR and EVSE status pushes to
the hub fail too. ocpi-bridge 2.14.0 (real-time authorisations with
location references, a new timeout and retry for the hub client) had
been released at 16:14; the on-call rolled it back at 17:02 without
effect. A switch lets cached tokens through from 17:21; the hub answers
again from 17:56.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "ocpi-bridge.log": r'<Date> <Time> <Zone> \[<Level>\] <Pod> <Logger>: <Content>',
                "csms-core.log": r'<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>',
            },
            root_cause=[
                r"No server is available to handle this request",
                r"Response status code does not indicate success.*Service Unavailable",
                r"OCPI API unavailable",
            ],
            fix_files=[],
            explanation=f"""
No commit in ocpi-bridge caused this. The Roamlink roaming hub's OCPI
API failed from 16:41 to 17:56 UTC (a database failover in its Frankfurt
region did not complete): its HAProxy answered 503 "No server is
available to handle this request", 502 or nothing, to every request,
whatever it looked like. Real-time authorisations through the hub failed
in both releases (2.14.0 logs the HTTP status and the HAProxy page,
2.13.2 "Response status code does not indicate success: 503 (Service
Unavailable)" and 5 s timeouts), and so did the pushes and the token
sync, which no release changed; the synthetic check of the hub's
/versions failed from 16:41 while the direct partners' checks passed;
the hub's own calls to Ladewerk stopped; the direct partners'
authorisations kept working. Roamlink's status page ("OCPI API
unavailable") was posted at 17:34, 53 minutes late. The right answer is
that nothing in this repository did it (fix_files is empty).
Decoys: the 2.14.0 release at 16:14, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset
(ROAM-318: LocationReferences in the real-time authorize body and a
resilience pipeline of 3 s and one retry instead of a 5 s
HttpClient.Timeout, in the hub client and the authorizer; the Npgsql
8.0.6 bump; ROAM-321 of the evening before, which adds the "Real-time
authorization via hub failed ... HTTP ..., body ..." line), whose
authorisations through the hub succeed for 27 minutes; the rollback to
2.13.2 at 17:02, after which the failures go on in the old wording; the
HubOfflineAuthorization switch at 17:21 (App Configuration, not the
repo); the CI commit the release names; the week's token sync, CDR,
push coalescing and HPC power commits; routine card declines, faulted
connectors, CDRs without a meter stop, an unknown OCPI token and the
hub's scheduled Partner Portal maintenance notice.
""",
        )
    finally:
        repo.close()
