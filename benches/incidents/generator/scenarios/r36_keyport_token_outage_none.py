"""mobile-key-service (C#, ASP.NET Core on .NET 8, AKS, deployed by an Azure
DevOps pipeline running `helm upgrade`; HPA between 4 and 12 pods) of Halden
Hotels: when a guest checks in on the app, it asks the lock vendor's cloud,
Keyport (Sallis Access), to issue a mobile key for the room to the guest's
phone (BLE, and since today NFC for the wallet), revokes keys at check-out,
and a CronJob in the same repo (lock-audit-sync) copies the locks' audit
trails every 15 minutes. Keyport's API takes OAuth2 client-credentials
tokens from eu.auth.keyport.io, valid for an hour; the SDK caches a token
per process and asks for a new one five minutes before it expires.

On Thursday 17 December from 14:02 UTC Keyport's EU token service answers
every token request with 503 {"error":"temporarily_unavailable"} after a
configuration change of theirs; the key API itself keeps working for
callers that still hold a token. The four pods released at 13:41 got
theirs at 13:42-13:44 and keep issuing keys. At 14:05 the HPA adds two
pods for the afternoon check-in peak, at 14:11 a third: they cannot get a
token, and every key request they receive fails, about a third of all
from 14:06. The on-call suspects the 13:41 release (a Keyport SDK bump
that changes how tokens are requested, a key validity change, BLE+NFC in
one request, and KEY-216, which logs token errors) and rolls it back at
14:25: the rolled-back pods are new processes without a token and every
key request fails. The mobile key offer is switched off at 14:35; front
desks cut plastic key cards. Keyport's status page posts at 14:58, their
rollback lands at 15:31, tokens are granted again and keys issue. 2.18.0
is released again at 15:52. Nothing in mobile-key-service caused it.

Sources: mobile-key-service (Serilog text, line format, .NET stack
traces), lock-audit-sync (Serilog CLEF JSON), Istio egress gateway access
log (Envoy), ingress-nginx access log of the guest API, kube-controller-
manager (klog: HPA and ReplicaSet events), Azure DevOps pipeline logs,
Keyport status page (JSON), #keys-oncall (Teams messages, JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import klog
from skeletons import chores, runbook

SERVICE = "mobile-key-service"
START, END = utc("2026-12-17 12:00:00"), utc("2026-12-17 16:15:00")
RELEASE = utc("2026-12-17 13:40:20")
OUT_START = utc("2026-12-17 14:02:10")
OUT_END = utc("2026-12-17 15:31:05")
ROLLBACK = utc("2026-12-17 14:24:50")
FLAG_OFF = utc("2026-12-17 14:35:30")
FLAG_ON = utc("2026-12-17 15:38:10")
ROLLFORWARD = utc("2026-12-17 15:52:30")
STATUS_POST = utc("2026-12-17 14:58:20")

# ---------------------------------------------------------------------------
# the repository

KEY_ISSUER = '''using Keyport.Sdk;
using MobileKeys.Api.Keyport;

namespace MobileKeys.Api.Issuance;

public sealed class KeyIssuer(KeysClient keyport, KeyValidity validity, ILogger<KeyIssuer> log)
{
    public async Task<IssuedKey> IssueAsync(KeyRequest request, CancellationToken ct)
    {
        var window = validity.For(request.Stay);
        var issued = await keyport.IssueAsync(new IssueKeyRequest
        {
            EndpointId = request.DeviceEndpointId,
            LockGroup = $"{request.Stay.Property}-{request.Stay.Room}",
            Credential = CredentialType.Ble,
            ValidFrom = window.From,
            ValidUntil = window.Until,
        }, ct);
        log.LogInformation("Issued mobile key {KeyId} for {Reservation} room {Room} at {Property} (BLE, valid until {Until})",
            issued.KeyId, request.Stay.Reservation, request.Stay.Room, request.Stay.Property, window.Until);
        return issued;
    }
}
'''

KEY_VALIDITY = '''namespace MobileKeys.Api.Issuance;

// A key opens the room from check-in until the checkout time on the
// departure date, in the property's time zone.
public sealed class KeyValidity(PropertyDirectory properties)
{
    public (DateTimeOffset From, DateTimeOffset Until) For(Stay stay)
    {
        var p = properties[stay.Property];
        var until = p.LocalTime(stay.Departure, p.CheckoutTime);
        return (DateTimeOffset.UtcNow, until);
    }
}
'''

KEYPORT_SETUP = '''using Keyport.Sdk;

namespace MobileKeys.Api.Keyport;

public static class KeyportSetup
{
    // Client credentials for the EU tenant; the SDK caches the access token
    // (1 h) per process and refreshes it 5 minutes before it expires.
    public static IServiceCollection AddKeyport(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<KeyportOptions>(config.GetSection("Keyport"));
        services.AddKeyportClient((sp, options) =>
        {
            var o = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<KeyportOptions>>().Value;
            options.TokenEndpoint = o.TokenEndpoint;
            options.ApiBaseUrl = o.ApiBaseUrl;
            options.ClientId = o.ClientId;
            options.ClientSecret = o.ClientSecret;
            options.Timeout = TimeSpan.FromSeconds(10);
        });
        return services;
    }
}
'''

APPSETTINGS = '''{
  "Keyport": {
    "TokenEndpoint": "https://eu.auth.keyport.io/oauth2/token",
    "ApiBaseUrl": "https://eu.api.keyport.io/v2/",
    "ClientId": "halden-prod-eu"
  },
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft.AspNetCore": "Warning" } }
  }
}
'''

APPSETTINGS_PROD = '''{
  "Keys": {
    "CheckoutGraceMinutes": 0,
    "Credentials": [ "BLE" ]
  }
}
'''

CSPROJ = '''<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Keyport.Sdk" Version="4.6.2" />
    <PackageReference Include="Serilog.AspNetCore" Version="8.0.3" />
    <PackageReference Include="Microsoft.Extensions.Http.Resilience" Version="8.10.0" />
  </ItemGroup>
</Project>
'''

VALUES = '''replicaCount: 4
image:
  repository: halden.azurecr.io/keys/mobile-key-service
autoscaling:
  enabled: true
  minReplicas: 3
  maxReplicas: 8
  targetCPUUtilizationPercentage: 70
lockAuditSync:
  schedule: "*/15 * * * *"
resources:
  requests: { cpu: 500m, memory: 512Mi }
  limits: { memory: 768Mi }
'''

PIPELINE = '''trigger: none
pool:
  vmImage: ubuntu-22.04
parameters:
  - name: version
    type: string
stages:
  - stage: Deploy_prod
    jobs:
      - deployment: helm
        environment: keys-prod
        strategy:
          runOnce:
            deploy:
              steps:
                - checkout: self
                - task: HelmDeploy@0
                  inputs:
                    connectionType: Kubernetes Service Connection
                    kubernetesServiceEndpoint: aks-halden-weu-prod
                    namespace: keys
                    command: upgrade
                    chartType: FilePath
                    chartPath: deploy/helm/mobile-key-service
                    releaseName: mobile-key-service
                    valueFile: deploy/helm/mobile-key-service/values-prod.yaml
                    overrideValues: image.tag=${{ parameters.version }}
                    arguments: --wait --timeout 10m0s
'''


def build_repo():
    sophie = Person("Sophie Byrne", "sophie.byrne@haldenhotels.com", 0)
    ravi = Person("Ravi Menon", "ravi.menon@haldenhotels.com", 330)
    lucia = Person("Lucía Ortega", "lucia.ortega@haldenhotels.com", 60)
    jakub = Person("Jakub Novák", "jakub.novak@haldenhotels.com", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    api = "src/MobileKeys.Api"
    files = {
        "README.md": "# mobile-key-service\n\nIssues and revokes mobile room keys through Keyport (Sallis Access) for\nguests who check in on the Halden app; `src/LockAuditSync` copies the\nlocks' audit trails every 15 minutes.\n\n```\ndotnet run --project src/MobileKeys.Api\n```\n\nReleased by the Azure DevOps pipeline `keys/mobile-key-service-deploy` (helm, namespace `keys`).\n",
        "docs/runbook.md": runbook("mobile-key-service", [
            ("MobileKeyIssuanceFailures", "Over 5% of key requests fail. Look at what Keyport answered (token\nendpoint or key API). Fallback: switch off the app's mobile key offer\n(flag mobile_key_enabled) and let front desks encode key cards."),
            ("LockAuditSyncFailing", "Three runs in a row failed; the security team's door reports lag."),
        ]),
        f"{api}/MobileKeys.Api.csproj": CSPROJ,
        f"{api}/Program.cs": 'using MobileKeys.Api.Keyport;\nusing Serilog;\n\nvar builder = WebApplication.CreateBuilder(args);\nbuilder.Host.UseSerilog((ctx, cfg) => cfg.ReadFrom.Configuration(ctx.Configuration)\n    .WriteTo.Console(outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] ({PodName}) {SourceContext}: {Message:lj}{NewLine}{Exception}"));\nbuilder.Services.AddKeyport(builder.Configuration);\nvar app = builder.Build();\napp.MapKeyEndpoints();\napp.Run();\n',
        f"{api}/Issuance/KeyIssuer.cs": KEY_ISSUER,
        f"{api}/Issuance/KeyValidity.cs": KEY_VALIDITY,
        f"{api}/Keyport/KeyportSetup.cs": KEYPORT_SETUP,
        f"{api}/appsettings.json": APPSETTINGS,
        f"{api}/appsettings.Production.json": APPSETTINGS_PROD,
        "src/LockAuditSync/Program.cs": '// CronJob (*/15): for each property, fetch the locks\' audit trail events\n// since the last run from Keyport and store them for the security team.\nusing MobileKeys.Api.Keyport;\n',
        "deploy/helm/mobile-key-service/values-prod.yaml": VALUES,
        "azure-pipelines.yml": PIPELINE,
    }
    repo.commit(utc("2026-12-11 09:30:00"), sophie, "mobile-key-service: Keyport key issuance, revocation, lock audit sync, helm, Azure pipeline", files)
    repo.schedule(chores(random.Random(36201), SERVICE, [jakub, ravi, sophie], utc("2026-12-11 10:00:00"), utc("2026-12-16 15:00:00"), 4))
    repo.commit(utc("2026-12-14 11:20:00"), jakub, "validity: day-use keys end at the day-use checkout time (KEY-207)", {
        f"{api}/Issuance/KeyValidity.cs": repo.edit(f"{api}/Issuance/KeyValidity.cs",
            "        var until = p.LocalTime(stay.Departure, p.CheckoutTime);\n",
            "        var until = stay.IsDayUse\n            ? p.LocalTime(stay.Arrival, p.DayUseCheckoutTime)\n            : p.LocalTime(stay.Departure, p.CheckoutTime);\n"),
    })
    repo.commit(utc("2026-12-15 15:10:00"), jakub, "helm: HPA 4-12 pods at 60% CPU for the December check-in peaks (OPS-932)", {
        "deploy/helm/mobile-key-service/values-prod.yaml": repo.edit("deploy/helm/mobile-key-service/values-prod.yaml",
            "  minReplicas: 3\n  maxReplicas: 8\n  targetCPUUtilizationPercentage: 70\n", "  minReplicas: 4\n  maxReplicas: 12\n  targetCPUUtilizationPercentage: 60\n"),
    })
    old_release = repo.shas[-1]
    repo.commit(utc("2026-12-16 10:45:00"), ravi, "keyport: log token endpoint errors with Keyport's error, description and trace id (KEY-216)\n\nA failed token request only surfaced as the SDK's exception in the key\nrequest that needed it; Sallis support asks for their trace id.", {
        f"{api}/Keyport/KeyportSetup.cs": repo.edit(f"{api}/Keyport/KeyportSetup.cs",
            "        services.AddKeyportClient((sp, options) =>\n",
            "        services.AddTransient<TokenEventsLogger>();\n        services.AddKeyportClient((sp, options) =>\n").replace(
            "            options.Timeout = TimeSpan.FromSeconds(10);\n",
            "            options.Timeout = TimeSpan.FromSeconds(10);\n            options.TokenEvents = sp.GetRequiredService<TokenEventsLogger>();\n"),
        f"{api}/Keyport/TokenEventsLogger.cs": 'using Keyport.Sdk.Authentication;\n\nnamespace MobileKeys.Api.Keyport;\n\n// KEY-216: what the token endpoint answered, for us and for Sallis support.\npublic sealed class TokenEventsLogger(ILogger<TokenEventsLogger> log) : ITokenEvents\n{\n    public void Acquired(TokenAcquired e) =>\n        log.LogInformation("Keyport access token acquired for client {ClientId} (expires in {ExpiresIn} s)", e.ClientId, e.ExpiresIn);\n\n    public void Failed(TokenRequestFailed e) =>\n        log.LogWarning("Keyport token request failed: {Status} {Error} \\"{Description}\\" (attempt {Attempt}/{Attempts}, trace {TraceId})",\n            (int)e.StatusCode, e.Error, e.ErrorDescription, e.Attempt, e.Attempts, e.TraceId);\n}\n',
    })
    repo.commit(utc("2026-12-16 16:30:00"), bot, "chore(deps): update dependency Keyport.Sdk to 4.7.0", {
        f"{api}/MobileKeys.Api.csproj": repo.edit(f"{api}/MobileKeys.Api.csproj", '"Keyport.Sdk" Version="4.6.2"', '"Keyport.Sdk" Version="4.7.0"'),
    })
    repo.commit(utc("2026-12-17 09:55:00"), lucia, "validity: keys work until checkout plus the property's grace, 2 h by default (KEY-214)\n\nGuests on a late checkout agreed at the desk found their phone key\ndead at 11:00; the desk had to encode a card.", {
        f"{api}/Issuance/KeyValidity.cs": repo.edit(f"{api}/Issuance/KeyValidity.cs",
            "            : p.LocalTime(stay.Departure, p.CheckoutTime);\n",
            "            : p.LocalTime(stay.Departure, p.CheckoutTime).AddMinutes(p.CheckoutGraceMinutes ?? options.CheckoutGraceMinutes);\n").replace(
            "public sealed class KeyValidity(PropertyDirectory properties)\n",
            "public sealed class KeyValidity(PropertyDirectory properties, KeysOptions options)\n"),
        f"{api}/appsettings.Production.json": repo.edit(f"{api}/appsettings.Production.json", '"CheckoutGraceMinutes": 0', '"CheckoutGraceMinutes": 120'),
    })
    repo.commit(utc("2026-12-17 11:30:00"), lucia, "issuance: BLE and NFC (wallet) credentials in one Keyport request (KEY-219)", {
        f"{api}/Issuance/KeyIssuer.cs": repo.edit(f"{api}/Issuance/KeyIssuer.cs", "            Credential = CredentialType.Ble,\n", "            Credentials = options.Credentials,   // BLE and NFC in one key (KEY-219)\n").replace(
            "public sealed class KeyIssuer(KeysClient keyport, KeyValidity validity, ILogger<KeyIssuer> log)\n",
            "public sealed class KeyIssuer(KeysClient keyport, KeyValidity validity, KeysOptions options, ILogger<KeyIssuer> log)\n").replace(
            "(BLE, valid until {Until})\",\n            issued.KeyId, request.Stay.Reservation, request.Stay.Room, request.Stay.Property, window.Until);",
            "({Credentials}, valid until {Until})\",\n            issued.KeyId, request.Stay.Reservation, request.Stay.Room, request.Stay.Property, string.Join(\"+\", options.Credentials), window.Until);"),
        f"{api}/appsettings.Production.json": repo.edit(f"{api}/appsettings.Production.json", '"Credentials": [ "BLE" ]', '"Credentials": [ "BLE", "NFC" ]'),
    })
    head = repo.commit(utc("2026-12-17 13:05:00"), jakub, "test: checkout grace and the combined BLE+NFC request", {
        "tests/MobileKeys.Tests/KeyValidityTests.cs": 'using MobileKeys.Api.Issuance;\nusing Xunit;\n\npublic class KeyValidityTests\n{\n    [Fact]\n    public void KeyEndsTwoHoursAfterCheckout()\n    {\n        var v = TestData.Validity(graceMinutes: 120);\n        Assert.Equal(TestData.Local("2026-12-19T13:00", "Europe/London"), v.For(TestData.Stay("LON01", departs: "2026-12-19")).Until);\n    }\n}\n',
    })
    return repo, old_release, head


# ---------------------------------------------------------------------------
# logs

PROPS = {"LON01": ("Europe/London", 0, 1.6), "LON02": ("Europe/London", 0, 1.0), "EDI01": ("Europe/London", 0, 0.7),
         "DUB01": ("Europe/Dublin", 0, 0.9), "LIS01": ("Europe/Lisbon", 0, 0.9), "AMS01": ("Europe/Amsterdam", 1, 1.2),
         "BER01": ("Europe/Berlin", 1, 1.1), "PAR01": ("Europe/Paris", 1, 1.2), "PAR02": ("Europe/Paris", 1, 0.7),
         "ROM01": ("Europe/Rome", 1, 0.9), "BCN01": ("Europe/Madrid", 1, 1.0), "MAD01": ("Europe/Madrid", 1, 0.8)}
RS_NEW, RS_OLD = "6f7b9c5d48", "54c8d7b9f6"


def iso7(t):
    t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z"


def iso3(t):
    t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def serilog(t, level, pod, ctx, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +00:00 [{level}] ({pod}) {ctx}: {msg}"


def key_rate(t):
    """Mobile key requests per minute across the European hotels (check-in from 14:00/15:00 local)."""
    return {12: 2.2, 13: 3.6, 14: 6.2, 15: 7.4, 16: 6.8}[t.hour]


def build_logs(rng, old_release, head):
    mks, sync, egress, ingress, kcm, ado, status_log, chat = (
        Log("mobile-key-service.log"), Log("lock-audit-sync.log"), Log("istio-egressgateway.log"), Log("ingress-nginx-access.log"),
        Log("kube-controller-manager.log"), Log("azure-devops-deploy.log"), Log("keyport-status.log"), Log("teams-keys-oncall.log"))
    stats = {"issued": [], "failed": [], "tok200": [], "tok503": []}
    failures = []

    def vendor_up(t):
        return not (OUT_START <= t < OUT_END)

    # --- pods: (name, version, ready, end)
    pods = []

    def pod(name, version, start, end=None):
        p = {"name": f"mobile-key-service-{name}", "version": version, "start": start, "ready": start + dt.timedelta(seconds=11 + rng.random() * 3),
             "end": end or END + dt.timedelta(hours=1), "token": None}
        pods.append(p)
        return p

    old_names = ["4lmzs", "c7pxk", "kd2vn", "t9bwh"]
    new_names = ["2xkqp", "9vtzl", "hq4mn", "w8rjd"]
    release_pods = []
    for i, (o, n) in enumerate(zip(old_names, new_names)):
        start = RELEASE + dt.timedelta(seconds=40 + i * 47)
        p_old = pod(f"{RS_OLD}-{o}", "2.17.3", START - dt.timedelta(hours=28), start + dt.timedelta(seconds=16))
        p_old["token"] = START + dt.timedelta(minutes=rng.randint(5, 55))
        release_pods.append(pod(f"{RS_NEW}-{n}", "2.18.0", start, ROLLBACK + dt.timedelta(seconds=30 + i * 40)))
    hpa_pods = [pod(f"{RS_NEW}-bd7xs", "2.18.0", utc("2026-12-17 14:05:52"), ROLLBACK + dt.timedelta(seconds=150)),
                pod(f"{RS_NEW}-kq2mf", "2.18.0", utc("2026-12-17 14:05:53"), ROLLBACK + dt.timedelta(seconds=190)),
                pod(f"{RS_NEW}-zt6lp", "2.18.0", utc("2026-12-17 14:11:22"), ROLLBACK + dt.timedelta(seconds=230))]
    rb_names = ["8hw2c", "dq5rn", "fj7kt", "m3xzp", "r9vlb", "tw4gs", "x2nkh"]
    scale_down = utc("2026-12-17 14:46:10")
    rf_names = ["5gq8n", "b7kzd", "lv2xw", "p4t9c"]
    rb_pods = []
    for i, n in enumerate(rb_names):
        rf_at = ROLLFORWARD + dt.timedelta(seconds=40 + i * 45 + 16)
        rb_pods.append(pod(f"{RS_OLD}-{n}", "2.17.3", ROLLBACK + dt.timedelta(seconds=18 + i * 40), scale_down if i >= 4 else rf_at))
    rf_pods = [pod(f"{RS_NEW}-{n}", "2.18.0", ROLLFORWARD + dt.timedelta(seconds=40 + i * 45)) for i, n in enumerate(rf_names)]

    def ready_pods(t):
        return [p for p in pods if p["ready"] <= t < p["end"]]

    # --- pod start lines
    for p in pods:
        if p["start"] < START:
            continue
        t = p["start"] + dt.timedelta(seconds=2.2 + rng.random() * 0.8)
        sha = head if p["version"] == "2.18.0" else old_release
        mks.add(t, serilog(t, "INF", p["name"], "MobileKeys.Api.Program", f"Starting mobile-key-service {p['version']} (git {sha[:8]}) on .NET 8.0.11"))
        t2 = t + dt.timedelta(seconds=1.4)
        mks.add(t2, serilog(t2, "INF", p["name"], "Microsoft.Hosting.Lifetime", "Now listening on: http://[::]:8080"))
        mks.add(t2, serilog(t2, "INF", p["name"], "Microsoft.Hosting.Lifetime", "Application started. Press Ctrl+C to shut down."))
        if p["end"] < END:
            t3 = p["end"] - dt.timedelta(seconds=0.5)
            mks.add(t3, serilog(t3, "INF", p["name"], "Microsoft.Hosting.Lifetime", "Application is shutting down..."))

    # --- egress gateway (Envoy access log)
    def egress_line(t, method, host, path, status, took, ua, size_in=0, size_out=0):
        upstream = {"eu.auth.keyport.io": "18.200.41.7", "eu.api.keyport.io": "18.200.44.129", "api.paynordic.com": "185.45.12.30", "api.twilio.com": "54.172.60.1"}[host]
        egress.add(t, f'[{iso3(t)}] "{method} {path} HTTP/1.1" {status} - via_upstream - "-" {size_in} {size_out} {took} {max(0, took - 1)} "10.42.{rng.randint(0, 7)}.{rng.randint(2, 250)}" "{ua}" "{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}" "{host}" "{upstream}:443" outbound|443||{host} 10.42.0.9:{rng.randint(33000, 60999)} 10.42.0.9:8443 10.42.{rng.randint(0, 7)}.{rng.randint(2, 250)}:{rng.randint(33000, 60999)} {host} -')

    def sdk_ua(version):
        return "Keyport.Sdk/4.7.0 (.NET 8.0.11; Linux)" if version == "2.18.0" else "Keyport.Sdk/4.6.2 (.NET 8.0.11; Linux)"

    def token_trace(version):
        if version == "2.18.0":
            return ("Keyport.Sdk.Authentication.KeyportAuthenticationException: Token request failed with status 503 (ServiceUnavailable): temporarily_unavailable\n"
                    "   at Keyport.Sdk.Authentication.ClientCredentialsTokenProvider.AcquireTokenAsync(CancellationToken cancellationToken)\n"
                    "   at Keyport.Sdk.Authentication.ClientCredentialsTokenProvider.GetTokenAsync(CancellationToken cancellationToken)\n"
                    "   at Keyport.Sdk.Http.KeyportAuthHandler.SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)\n"
                    "   at Microsoft.Extensions.Http.Logging.LoggingScopeHttpMessageHandler.SendCoreAsync(HttpRequestMessage request, Boolean useAsync, CancellationToken cancellationToken)\n"
                    "   at System.Net.Http.HttpClient.<SendAsync>g__Core|83_0(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationTokenSource cts, Boolean disposeCts, CancellationTokenSource pendingRequestsCts, CancellationToken originalCancellationToken)\n"
                    "   at Keyport.Sdk.KeysClient.IssueAsync(IssueKeyRequest request, CancellationToken cancellationToken)\n"
                    "   at MobileKeys.Api.Issuance.KeyIssuer.IssueAsync(KeyRequest request, CancellationToken ct) in /src/src/MobileKeys.Api/Issuance/KeyIssuer.cs:line 11\n"
                    "   at MobileKeys.Api.Endpoints.KeyEndpoints.<>c.<<MapKeyEndpoints>b__0_0>d.MoveNext() in /src/src/MobileKeys.Api/Endpoints/KeyEndpoints.cs:line 21")
        return ("Keyport.Sdk.KeyportException: Token request failed with status 503 (ServiceUnavailable)\n"
                "   at Keyport.Sdk.Auth.TokenCache.RefreshAsync(CancellationToken cancellationToken)\n"
                "   at Keyport.Sdk.Auth.TokenCache.GetAsync(CancellationToken cancellationToken)\n"
                "   at Keyport.Sdk.KeyportHttp.SendAsync(HttpMethod method, String path, Object body, CancellationToken cancellationToken)\n"
                "   at Keyport.Sdk.KeysClient.IssueAsync(IssueKeyRequest request, CancellationToken cancellationToken)\n"
                "   at MobileKeys.Api.Issuance.KeyIssuer.IssueAsync(KeyRequest request, CancellationToken ct) in /src/src/MobileKeys.Api/Issuance/KeyIssuer.cs:line 11\n"
                "   at MobileKeys.Api.Endpoints.KeyEndpoints.<>c.<<MapKeyEndpoints>b__0_0>d.MoveNext() in /src/src/MobileKeys.Api/Endpoints/KeyEndpoints.cs:line 21")

    def get_token(p, t, log_name=None, log_fn=None):
        """The SDK's token request(s) from pod p at t: (ok, t_after)."""
        version = p["version"]
        name = log_name or p["name"]
        attempts = 3 if version == "2.18.0" else 1
        for a in range(1, attempts + 1):
            took = rng.randint(35, 140)
            t = t + dt.timedelta(milliseconds=took)
            if vendor_up(t):
                egress_line(t, "POST", "eu.auth.keyport.io", "/oauth2/token", 200, took, sdk_ua(version), 118, 1412)
                stats["tok200"].append(t)
                if version == "2.18.0" and log_fn:
                    log_fn(t, ("Information", "Keyport access token acquired for client {ClientId} (expires in {ExpiresIn} s)", {"ClientId": "halden-prod-eu", "ExpiresIn": 3600}))
                elif version == "2.18.0":
                    mks.add(t, serilog(t, "INF", name, "MobileKeys.Api.Keyport.TokenEventsLogger", "Keyport access token acquired for client halden-prod-eu (expires in 3600 s)"))
                return True, t
            egress_line(t, "POST", "eu.auth.keyport.io", "/oauth2/token", 503, took, sdk_ua(version), 118, 143)
            stats["tok503"].append(t)
            if log_fn is None:
                failures.append(t)
            if version == "2.18.0":
                trace = hexid(rng, 16)
                if log_fn:
                    log_fn(t, ("Warning", "Keyport token request failed: {Status} {Error} \"{Description}\" (attempt {Attempt}/{Attempts}, trace {TraceId})",
                               {"Status": 503, "Error": "temporarily_unavailable", "Description": "The authorization server is currently unable to handle the request", "Attempt": a, "Attempts": 3, "TraceId": trace}))
                else:
                    mks.add(t, serilog(t, "WRN", name, "MobileKeys.Api.Keyport.TokenEventsLogger", f'Keyport token request failed: 503 temporarily_unavailable "The authorization server is currently unable to handle the request" (attempt {a}/3, trace {trace})'))
                t = t + dt.timedelta(milliseconds=200 * a)
        return False, t

    # --- key requests from the app (through the guest API)
    def nginx_line(t, method, path, status, rt, ua, size):
        client = f"{rng.choice([31, 46, 62, 78, 82, 86, 92, 109, 176, 188, 212])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        upstream = "keys-mobile-key-service-80" if "mobile-key" in path else "guest-guest-api-80"
        ingress.add(t, f'{client} - - [{stamp}] "{method} {path} HTTP/2.0" {status} {size} "-" "{ua}" {rng.randint(60, 900)} {rt:.3f} [{upstream}] [] 10.42.{rng.randint(0, 7)}.{rng.randint(2, 250)}:8080 {size} {max(0.001, rt - 0.002):.3f} {status} {hexid(rng, 32)}')

    APP_UA = ["Halden/6.12.0 (iPhone; iOS 18.2; Scale/3.00)", "Halden/6.12.0 (Android 15; Pixel 8)", "Halden/6.11.2 (iPhone; iOS 17.6.1; Scale/3.00)", "Halden/6.12.0 (Android 14; SM-S918B)"]
    weights = [(v[2], k) for k, v in PROPS.items()]

    def pick_prop():
        total = sum(w for w, _ in weights)
        x = rng.uniform(0, total)
        for w, k in weights:
            x -= w
            if x <= 0:
                return k
        return weights[-1][1]

    def issue(t, resend=False):
        live = ready_pods(t)
        p = rng.choice(live)
        prop = pick_prop()
        tz, off, _ = PROPS[prop]
        res = f"HR-{rng.randint(8800000, 8899999)}"
        room = f"{rng.randint(1, 9)}{rng.randint(0, 3)}{rng.randint(1, 9)}"
        ua = rng.choice(APP_UA)
        t0 = t
        if p["token"] is None or p["token"] <= t:
            ok, t = get_token(p, t)
            if ok:
                p["token"] = t + dt.timedelta(seconds=3300)
            else:
                t += dt.timedelta(milliseconds=rng.randint(2, 8))
                mks.add(t, serilog(t, "ERR", p["name"], "MobileKeys.Api.Issuance.KeyIssuer", f"Mobile key issuance failed for {res} room {room} at {prop}; guest told to collect a key card at reception") + "\n" + token_trace(p["version"]))
                stats["failed"].append(t)
                failures.append(t)
                nginx_line(t, "POST", f"/v2/stays/{res}/mobile-key", 503, (t - t0).total_seconds() + 0.004, ua, 87)
                return
        took = rng.randint(180, 520) if p["version"] == "2.18.0" else rng.randint(140, 420)
        t += dt.timedelta(milliseconds=took)
        dep = (t + dt.timedelta(days=rng.choice([1, 1, 2, 2, 3, 4, 7]))).date()
        egress_line(t, "POST", "eu.api.keyport.io", "/v2/keys", 201, took, sdk_ua(p["version"]), rng.randint(380, 520), rng.randint(900, 1400))
        if rng.random() < 0.012:
            mks.add(t, serilog(t, "WRN", p["name"], "MobileKeys.Api.Issuance.KeyIssuer", f"Keyport rejected key for {res} at {prop}: 404 endpoint_not_found (the guest's app registration is gone); guest asked to sign in again"))
            nginx_line(t, "POST", f"/v2/stays/{res}/mobile-key", 409, (t - t0).total_seconds() + 0.004, ua, 112)
            return
        if p["version"] == "2.18.0":
            until = f"{dep}T13:00 {tz}"
            msg = f"Issued mobile key kp_{hexid(rng, 20)} for {res} room {room} at {prop} (BLE+NFC, valid until {until})"
        else:
            until = f"{dep}T11:00 {tz}"
            msg = f"Issued mobile key kp_{hexid(rng, 20)} for {res} room {room} at {prop} (BLE, valid until {until})"
        if resend:
            msg += " [resent by reception]"
        mks.add(t, serilog(t, "INF", p["name"], "MobileKeys.Api.Issuance.KeyIssuer", msg))
        stats["issued"].append(t)
        nginx_line(t, "POST", f"/v2/stays/{res}/mobile-key", 201, (t - t0).total_seconds() + 0.004, ua, rng.randint(700, 1100))

    def request_rate(t):
        r = key_rate(t)
        if FLAG_OFF <= t < FLAG_ON:
            r *= 0.08   # old app versions that ignore the flag
        return r

    times = []
    t = START
    while t < END:
        nxt = min(t + dt.timedelta(minutes=5), END)
        times += poisson_times(rng, t, nxt, request_rate(t))
        t = nxt
    resend_times = sorted(FLAG_ON + dt.timedelta(seconds=70 + rng.uniform(0, 380)) for _ in range(214))
    for w, resend in sorted([(w, False) for w in times] + [(w, True) for w in resend_times]):
        issue(w, resend)

    # revocations at check-out and odd rooms without mobile access
    for w in poisson_times(rng, START, END, 0.9):
        p = rng.choice(ready_pods(w))
        if p["token"] is None or p["token"] <= w:
            ok, w2 = get_token(p, w)
            if ok:
                p["token"] = w2 + dt.timedelta(seconds=3300)
            else:
                mks.add(w2, serilog(w2, "WRN", p["name"], "MobileKeys.Api.Revocation.KeyRevoker", f"Could not revoke mobile key for HR-{rng.randint(8800000, 8899999)} at {pick_prop()} (checked out); will retry in 5 min: Token request failed with status 503 (ServiceUnavailable)"))
                continue
            w = w2
        took = rng.randint(90, 260)
        w += dt.timedelta(milliseconds=took)
        egress_line(w, "DELETE", "eu.api.keyport.io", f"/v2/keys/kp_{hexid(rng, 20)}", 204, took, sdk_ua(p["version"]))
        mks.add(w, serilog(w, "INF", p["name"], "MobileKeys.Api.Revocation.KeyRevoker", f"Revoked mobile key for HR-{rng.randint(8800000, 8899999)} at {pick_prop()} (checked out)"))
    for w in poisson_times(rng, START, END, 0.04):
        p = rng.choice(ready_pods(w))
        prop = rng.choice(["LON02", "EDI01", "ROM01"])
        mks.add(w, serilog(w, "WRN", p["name"], "MobileKeys.Api.Issuance.KeyIssuer", f"Room {rng.choice(['118', '119', '204', '001'])} at {prop} is not commissioned for mobile access; guest told to collect a key card"))
    t = utc("2026-12-17 12:41:17")
    p = rng.choice(ready_pods(t))
    mks.add(t, serilog(t, "WRN", p["name"], "Microsoft.Extensions.Http.Resilience.ResilienceHandler", "Execution attempt. Source: 'keyport-api-standard//Standard-Retry', Operation Key: '', Result: 'The operation didn't complete within the allowed timeout of '00:00:10'.', Handled: 'True', Attempt: '0', Execution Time: 10003.4412ms"))
    egress_line(t, "POST", "eu.api.keyport.io", "/v2/keys", 504, 10001, sdk_ua(p["version"]), 410, 24)

    # other services' egress through the same gateway
    for w in poisson_times(rng, START, END, 3.0):
        if rng.random() < 0.7:
            took = rng.randint(120, 900)
            egress_line(w, "POST", "api.paynordic.com", "/v3/payments/authorisations", rng.choice([200, 200, 200, 200, 402]), took, "pms-core/2026.12.16-3 (Java 21)", rng.randint(600, 900), rng.randint(400, 900))
        else:
            egress_line(w, "POST", "api.twilio.com", f"/2010-04-01/Accounts/AC{hexid(rng, 32)}/Messages.json", 201, rng.randint(180, 600), "guest-messaging/3.2.0", rng.randint(400, 700), rng.randint(700, 900))
    # the rest of the guest API
    for w in poisson_times(rng, START, END, 14.0):
        k = rng.random()
        ua = rng.choice(APP_UA)
        res = f"HR-{rng.randint(8800000, 8899999)}"
        if k < 0.45:
            nginx_line(w, "GET", f"/v2/stays/{res}", 200, rng.uniform(0.02, 0.12), ua, rng.randint(2000, 6000))
        elif k < 0.6:
            nginx_line(w, "POST", f"/v2/stays/{res}/check-in", 200, rng.uniform(0.2, 0.9), ua, rng.randint(800, 1500))
        elif k < 0.9:
            nginx_line(w, "GET", f"/v2/hotels/{pick_prop()}/offers?arrival={(w + dt.timedelta(days=rng.randint(1, 60))).date()}", 200, rng.uniform(0.08, 0.5), ua, rng.randint(9000, 30000))
        else:
            nginx_line(w, "GET", f"/v2/stays/{res}/folio", rng.choice([200, 200, 200, 404]), rng.uniform(0.03, 0.2), ua, rng.randint(1200, 5000))

    # --- lock-audit-sync CronJob (CLEF JSON), every 15 minutes; a new process each run
    def clef(t, level, template, props, exc=None, ctx="LockAuditSync.Worker"):
        body = {"@t": iso7(t), "@mt": template}
        if level != "Information":
            body["@l"] = level
        if exc:
            body["@x"] = exc
        body.update(props)
        body["SourceContext"] = ctx
        sync.add(t, json.dumps(body, ensure_ascii=False, separators=(",", ":")))

    t = START
    while t < END:
        run_t = t + dt.timedelta(seconds=2 + rng.random() * 3)
        version = "2.18.0" if RELEASE + dt.timedelta(seconds=60) <= t < ROLLBACK or t >= ROLLFORWARD else "2.17.3"
        job = f"lock-audit-sync-{int(t.timestamp()) // 60}-{hexid(rng, 5)}"
        clef(run_t, "Information", "Lock audit sync {Version} starting ({Job})", {"Version": version, "Job": job})
        fake = {"version": version, "name": job}
        ok, run_t = get_token(fake, run_t, log_name=job, log_fn=lambda when, e: clef(when, e[0], e[1], dict(e[2], Job=job), ctx="MobileKeys.Api.Keyport.TokenEventsLogger"))
        if ok:
            for prop in PROPS:
                run_t += dt.timedelta(milliseconds=rng.randint(150, 700))
                egress_line(run_t, "GET", "eu.api.keyport.io", f"/v2/audit-trail?site={prop}&since=-15m", 200, rng.randint(120, 650), sdk_ua(version), 0, rng.randint(4000, 90000))
                clef(run_t, "Information", "Fetched {Count} lock audit events for {Property}", {"Count": rng.randint(40, 900), "Property": prop, "Job": job})
            clef(run_t, "Information", "Lock audit sync finished in {Elapsed} ms", {"Elapsed": rng.randint(3000, 9000), "Job": job})
        else:
            clef(run_t, "Error", "Lock audit sync failed before the first property", {"Job": job}, exc=token_trace(version).split("\n   at MobileKeys")[0].replace("KeysClient.IssueAsync(IssueKeyRequest request", "AuditTrailClient.ListAsync(AuditTrailQuery query") + "\n   at LockAuditSync.Worker.RunAsync(CancellationToken ct) in /src/src/LockAuditSync/Worker.cs:line 34")
        t += dt.timedelta(minutes=15)

    # --- kube-controller-manager (klog): HPA and ReplicaSet events
    def kc(t, msg):
        kcm.add(t, klog(t, "I", 1, msg[0], msg[1]))

    def ev(t, obj, kind, reason, message):
        kc(t, ("event.go:389", f'"Event occurred" object="{obj}" fieldPath="" kind="{kind}" apiVersion="{"autoscaling/v2" if kind == "HorizontalPodAutoscaler" else "apps/v1"}" type="Normal" reason="{reason}" message="{message}"'))

    for stamp, old, new, why in (("2026-12-17 14:05:40", 4, 6, "cpu resource utilization (percentage of request) above target"),
                                 ("2026-12-17 14:11:10", 6, 7, "cpu resource utilization (percentage of request) above target"),
                                 ("2026-12-17 14:46:10", 7, 4, "All metrics below target")):
        w = utc(stamp)
        kc(w, ("horizontal.go:842", f'"Successful rescale" logger="horizontal-pod-autoscaler-controller" HPA="keys/mobile-key-service" currentReplicas={old} desiredReplicas={new} reason="{why}"'))
        ev(w + dt.timedelta(milliseconds=12), "keys/mobile-key-service", "HorizontalPodAutoscaler", "SuccessfulRescale", f"New size: {new}; reason: {why}")
    for p in pods:
        if START <= p["start"] < END:
            rs = p["name"].rsplit("-", 1)[0]
            ev(p["start"] - dt.timedelta(milliseconds=300), f"keys/{rs}", "ReplicaSet", "SuccessfulCreate", f"Created pod: {p['name']}")
        if START <= p["end"] < END:
            rs = p["name"].rsplit("-", 1)[0]
            ev(p["end"] - dt.timedelta(seconds=1), f"keys/{rs}", "ReplicaSet", "SuccessfulDelete", f"Deleted pod: {p['name']}")
    for stamp, rs, n, why in (("2026-12-17 13:40:58", RS_NEW, 1, "Scaled up replica set mobile-key-service-6f7b9c5d48 to 1"),
                              ("2026-12-17 14:25:06", RS_OLD, 1, "Scaled up replica set mobile-key-service-54c8d7b9f6 to 1 from 0"),
                              ("2026-12-17 15:53:08", RS_NEW, 1, "Scaled up replica set mobile-key-service-6f7b9c5d48 to 1 from 0")):
        ev(utc(stamp), "keys/mobile-key-service", "Deployment", "ScalingReplicaSet", why)
    # other teams' HPAs
    others = {"guest/guest-api": 5, "pms/pms-core": 4, "guest/guest-messaging": 3}
    for w in poisson_times(rng, START, END, 0.08):
        name = rng.choice(sorted(others))
        a = others[name]
        b = max(2, min(10, a + (1 if w.hour >= 13 and rng.random() < 0.6 else -1 if rng.random() < 0.5 else 1)))
        if b == a:
            continue
        others[name] = b
        kc(w, ("horizontal.go:842", f'"Successful rescale" logger="horizontal-pod-autoscaler-controller" HPA="{name}" currentReplicas={a} desiredReplicas={b} reason="{"cpu resource utilization (percentage of request) above target" if b > a else "All metrics below target"}"'))

    # --- Azure DevOps pipeline logs
    def az(t, text):
        ado.add(t, f"{iso7(t)} {text}")

    def az_run(t0, version, sha, title, revision, rollback=False):
        steps = [(0.0, "##[section]Starting: helm"), (0.1, "=============================================================================="),
                 (0.2, "Task         : Job"), (0.6, f"Environment keys-prod. Resource aks-halden-weu-prod/keys")]
        if rollback:
            steps += [(1.2, "##[section]Starting: helm rollback"), (1.5, f"/usr/local/bin/helm rollback mobile-key-service {revision - 2} --namespace keys --wait --timeout 10m0s"),
                      (118.0, "Rollback was a success! Happy Helming!"), (118.4, "##[section]Finishing: helm rollback")]
        else:
            steps += [(1.0, "##[section]Starting: Checkout hh-platform/mobile-key-service@main to s"), (2.1, "Syncing repository: hh-platform/mobile-key-service (Git)"),
                      (4.3, f"HEAD is now at {sha[:7]} {title}"), (4.6, "##[section]Finishing: Checkout hh-platform/mobile-key-service@main to s"),
                      (5.0, "##[section]Starting: HelmDeploy"), (5.4, f"/usr/local/bin/helm upgrade --namespace keys --install --values deploy/helm/mobile-key-service/values-prod.yaml --set image.tag={version} --wait --timeout 10m0s mobile-key-service deploy/helm/mobile-key-service"),
                      (214.0, 'Release "mobile-key-service" has been upgraded. Happy Helming!'), (214.1, "NAME: mobile-key-service"),
                      (214.2, "NAMESPACE: keys"), (214.3, "STATUS: deployed"), (214.4, f"REVISION: {revision}"), (214.8, "##[section]Finishing: HelmDeploy")]
        steps += [(steps[-1][0] + 0.6, "##[section]Finishing: helm")]
        for s, text in steps:
            az(t0 + dt.timedelta(seconds=s), text)

    az_run(utc("2026-12-16 09:18:40"), "2.17.3", old_release, "helm: HPA 4-12 pods at 60% CPU for the December check-in peaks (OPS-932)", 56)
    az_run(RELEASE - dt.timedelta(seconds=5), "2.18.0", head, "test: checkout grace and the combined BLE+NFC request", 57)
    az_run(ROLLBACK - dt.timedelta(seconds=2), "2.17.3", old_release, "", 58, rollback=True)
    az_run(ROLLFORWARD - dt.timedelta(seconds=5), "2.18.0", head, "test: checkout grace and the combined BLE+NFC request", 59)

    # --- Keyport status page (Statuspage-style incident updates)
    for when, state, title, body in (
            (utc("2026-12-17 09:02:00"), "scheduled", "Keyport Manager reporting maintenance", "Keyport Manager reports will be unavailable on 18 December 02:00-04:00 UTC for a database upgrade. Key issuance is not affected."),
            (STATUS_POST, "investigating", "Token requests failing in the EU region", "We are investigating reports that customers are unable to obtain access tokens for the Keyport API in our EU region. Mobile key issuance and sign-in to Keyport Manager may fail."),
            (utc("2026-12-17 15:21:40"), "identified", "Token requests failing in the EU region", "A configuration change to the EU token service at 14:02 UTC caused token requests to be rejected. We are rolling the change back."),
            (utc("2026-12-17 15:36:05"), "monitoring", "Token requests failing in the EU region", "The change was rolled back at 15:31 UTC and token requests are succeeding again. We are monitoring."),
            (utc("2026-12-17 16:04:30"), "resolved", "Token requests failing in the EU region", "This incident has been resolved. Between 14:02 and 15:31 UTC token requests to eu.auth.keyport.io failed with HTTP 503; callers holding a valid token were not affected.")):
        status_log.add(when, json.dumps({"created_at": iso3(when), "incident": title, "status": state, "components": ["Keyport API (EU)", "Keyport Manager"] if state != "scheduled" else ["Keyport Manager"], "body": body}, ensure_ascii=False))

    # --- Teams channel messages
    def say(stamp, who, text):
        t = utc(stamp)
        chat.add(t, json.dumps({"createdDateTime": iso3(t), "channel": "keys-oncall", "from": who, "body": text}, ensure_ascii=False))

    first = min(failures)
    say("2026-12-17 13:37:40", "Lucía Ortega", f"releasing mobile-key-service 2.18.0 ({head[:7]}): KEY-214 checkout + 2h grace, KEY-219 BLE+NFC in one request, Keyport.Sdk 4.7.0, KEY-216 token error logging")
    say("2026-12-17 13:46:20", "Lucía Ortega", "2.18.0 out on 4 pods, keys issuing, BLE+NFC in one call ~350 ms")
    say("2026-12-17 14:14:30", "Alertmanager", "[FIRING:1] MobileKeyIssuanceFailures keys/mobile-key-service (failure ratio 0.31)")
    say("2026-12-17 14:16:05", "Sophie Byrne", "on it")
    say("2026-12-17 14:19:50", "Sophie Byrne", "failures are all on the two pods the HPA added at 14:05 and the one at 14:11: 'Keyport token request failed: 503 temporarily_unavailable'. the four 13:41 pods are fine. Keyport.Sdk 4.7.0 changed how tokens are requested (HttpClientFactory per their changelog)")
    say("2026-12-17 14:22:10", "Lucía Ortega", "the 13:41 pods got tokens with 4.7.0 fine... but KEY-219 also changed the request. not sure")
    say("2026-12-17 14:23:40", "Sophie Byrne", "check-in peak, not taking chances: rolling back to revision 56 (2.17.3)")
    say("2026-12-17 14:29:40", "Sophie Byrne", "rollback done and now everything fails, 100%")
    say("2026-12-17 14:31:15", "Lucía Ortega", "2.17.3 logs 'Token request failed with status 503 (ServiceUnavailable)' on every pod. new pods can't get a token at all, whatever the version. the 13:41 pods only worked because they got their tokens before 14:02")
    say("2026-12-17 14:33:20", "Emma Clarke (LON01 front office)", "queue at reception, guests have no key in the app. we're encoding cards. Keyport Manager won't let me sign in either")
    say("2026-12-17 14:35:50", "Sophie Byrne", "mobile_key_enabled=false in the guest app: 'collect your key at reception'. all hotels told to encode cards")
    say("2026-12-17 14:38:30", "Tariq Hassan (engineering app)", "our maintenance app gets 503 from eu.auth.keyport.io since ~14:03 as well, staff keys down")
    say("2026-12-17 14:41:10", "Sophie Byrne", "P1 with Sallis/Keyport (case 00418277), sent them trace ids. nothing on status.keyport.io")
    say("2026-12-17 14:47:30", "Ravi Menon", "lock-audit-sync fails at the token too since the 14:15 run")
    say("2026-12-17 14:59:05", "Sophie Byrne", "status.keyport.io now: 'Token requests failing in the EU region', investigating")
    say("2026-12-17 15:22:30", "Sophie Byrne", "keyport: a config change to their EU token service at 14:02, rolling back")
    say("2026-12-17 15:33:40", "Lucía Ortega", "tokens granted again since 15:31, keys issuing on all pods")
    say("2026-12-17 15:38:40", "Sophie Byrne", "mobile_key_enabled back on. receptions resending keys to the 214 guests who got a card")
    say("2026-12-17 15:50:10", "Lucía Ortega", "re-releasing 2.18.0, it was never the problem")
    say("2026-12-17 15:57:20", "Lucía Ortega", "2.18.0 out again, keys fine")
    say("2026-12-17 16:06:00", "Sophie Byrne", "keyport resolved. closing; follow-up: fetch a token at startup and fail readiness without one, so new pods don't take traffic they can't serve")
    return [mks, sync, egress, ingress, kcm, ado, status_log, chat], failures, stats, pods, first


def build(out_dir):
    rng = random.Random(36200)
    repo, old_release, head = build_repo()
    try:
        logs, failures, stats, pods, first = build_logs(rng, old_release, head)
        onset = first.replace(microsecond=0)
        assert utc("2026-12-17 14:05:50") <= onset <= utc("2026-12-17 14:09:00"), onset

        def per_min(series):
            return lambda t: sum(1 for x in series if t - dt.timedelta(minutes=1) < x <= t)

        def replicas(t):
            return sum(1 for p in pods if p["ready"] <= t < p["end"])
        m_start = utc("2026-12-17 13:00:00")
        metrics = {
            "mobile_key_issuance.json": query_range([({"service": "mobile-key-service", "result": r}, per_min(stats[r])) for r in ("issued", "failed")], m_start, END, 60),
            "keyport_token_requests.json": query_range([({"cluster": "outbound|443||eu.auth.keyport.io", "response_code": "200"}, per_min(stats["tok200"])),
                                                        ({"cluster": "outbound|443||eu.auth.keyport.io", "response_code": "503"}, per_min(stats["tok503"]))], m_start, END, 60),
            "mobile_key_service_ready_pods.json": query_range([({"namespace": "keys", "deployment": "mobile-key-service"}, replicas)], m_start, END, 60),
        }
        return write_scenario(
            out_dir, name="r36-keyport-token-outage-none", service=SERVICE, onset=onset,
            description=f"""
Guests of Halden Hotels stop getting mobile room keys in the app on
Thursday 17 December from {onset.strftime('%H:%M:%S')} UTC, at the start of the afternoon
check-in peak: first about a third of key requests fail, then, after the
on-call rolls back the 13:41 release of mobile-key-service at 14:25,
all of them; reception desks encode key cards and the app's mobile key
offer is switched off at 14:35. Keys issue again from 15:31; the release
goes out again at 15:52.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={
                "mobile-key-service.log": r'<Date> <Time> <Tz> \[<Level>\] \(<Pod>\) <Logger>: <Content>',
            },
            root_cause=[
                r"Keyport token request failed",
                r"Token request failed with status",
                r"unable to obtain access tokens",
            ],
            fix_files=[],
            explanation=f"""
No commit in mobile-key-service caused this. Keyport's EU token service
(eu.auth.keyport.io) answered every OAuth2 token request with 503
temporarily_unavailable from 14:02 to 15:31 UTC after a configuration
change of theirs, while its key API kept serving callers that still held
a token. The SDK caches a token per process for an hour, so the four
pods released at 13:41 (tokens from 13:42-13:44) kept issuing keys; the
pods the HPA added at 14:05 and 14:11 for the check-in peak had none and
failed every key request they got from {onset.strftime('%H:%M:%S')} ("Keyport token request
failed: 503 temporarily_unavailable", then "Token request failed with
status 503"). The rollback at 14:25 replaced every pod with a new
process and made it 100%. lock-audit-sync, which takes a new token
every run, failed from 14:15; the engineering team's app and Keyport
Manager's sign-in failed too; Keyport's status page ("unable to obtain
access tokens ... in our EU region") was posted at 14:58, 56 minutes
late. Keys issued again once tokens were granted, with no change in this
repository (fix_files is empty). A readiness check that needs a token
would have kept tokenless pods out of the Service, but would not have
issued a single extra key.
Decoys: the 2.18.0 release at 13:41, {round((onset - RELEASE).total_seconds() / 60)} minutes before the onset
(the Keyport.Sdk 4.6.2 -> 4.7.0 bump, whose changelog changes token
requests; KEY-214, checkout plus 2 h grace; KEY-219, BLE and NFC in one
request; KEY-216, which adds the very "Keyport token request failed"
line), whose first pods work throughout; the HPA change of the week
before (OPS-932) and the scale-ups at 14:05 and 14:11 that expose it;
the rollback to 2.17.3, which makes every request fail; the test commit
the release names; KEY-207 to the validity file; a Keyport timeout at
12:41, de-registered devices (404), rooms not commissioned for mobile
access and a scheduled Keyport Manager maintenance notice.
""",
        )
    finally:
        repo.close()
