"""rota-api (.NET 8, ASP.NET Core, three pods; team in Dublin, Warsaw and
Manila): Shiftwise's rota and shift-swap API for hospital wards, used by
the web app (keycloak-js) and the mobile apps. Staff sign in at the
identity team's Keycloak (realm shiftwise, 5-minute access tokens); rota-api
validates the tokens with the JwtBearer handler against the realm's OIDC
metadata and JWKS. By default the handler refetches the metadata when a
token's kid is unknown, so a new signing key is picked up at once.

On Tuesday evening a commit sets RefreshOnIssuerKeyNotFound = false and an
automatic refresh of 24 hours: during Monday's Keycloak slowness every pod
had refetched the metadata for the QA kiosks' test-realm tokens (whose kid
prod never knows) and requests had queued behind the fetch. Argo CD's sync
window holds it until Wednesday 08:02, when it ships with a later tests
commit (the morning sync names that). Nothing changes while the realm key
stays the same. At 14:00 the identity team's monthly job rotates the realm's
signing key (third Wednesday, announced in #platform-changes): new tokens
carry the new kid, the old key stays published for verification. rota-api's
pods keep the keys they fetched at start-up and reject every new token
with IDX10503 ("The token's kid is ..., but did not match any keys"); as
the 5-minute tokens are refreshed, nearly every user gets 401s, is sent
back to sign in and gets 401s again. Other services that validate the same
tokens refetch the JWKS at 14:00 and carry on. At 14:38 the on-call
restarts the deployment, the new pods fetch the new key and the errors
stop; the fix at 15:12 turns the refetch back on.

Decoys: a kiosk audience change to the same file and appsettings, rolled
out at 13:34, 26 minutes before the onset; the JwtBearer bump that
morning; the tests commit the morning sync names; a roles-to-policies
change to the same file the day before; an authentication docs page;
code changes and chores; the identity team's own rotation, which is
routine; a runbook commit after the onset. App (.NET JSON console
logger, with exception stack traces), ingress-nginx access (rota-api,
Keycloak and two other token-validating APIs), the identity team's rotation
job (Python logging), the #platform-changes feed (JSON), Argo CD
(logfmt)."""

import datetime as dt
import json
import random
import string

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores, ci_workflow, k8s_deployment, k8s_service, readme, runbook

SERVICE = "rota-api"
START, END = utc("2026-09-16 12:40:00"), utc("2026-09-16 15:45:00")
ARGO_START = utc("2026-09-16 07:50:00")
MORNING_DEPLOY = utc("2026-09-16 08:02:10")
DECOY_DEPLOY = utc("2026-09-16 13:34:40")
ROTATION = utc("2026-09-16 14:00:01")
RESTART = utc("2026-09-16 14:38:12")
FIX_DEPLOY = utc("2026-09-16 15:21:30")
NAT_IP = "52.49.203.17"
TOKEN_LIFETIME = 300

AUTH_SETUP = """using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Shiftwise.Rota.Api.Auth;

public static class AuthenticationSetup
{
    // Tokens come from Keycloak (realm shiftwise). The handler reads the
    // realm's OIDC metadata and JWKS from the authority and refetches them
    // when a token's kid is unknown (docs/authentication.md).
    public static IServiceCollection AddRotaAuthentication(this IServiceCollection services, IConfiguration config)
    {
        var auth = config.GetSection("Authentication");
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = auth["Authority"];
                options.Audience = auth["Audience"];
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidTypes = new[] { "JWT" };
                options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            });
        services.AddAuthorization();
        return services;
    }
}
"""

APPSETTINGS = """{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning",
      "Microsoft.AspNetCore.Authentication": "Information"
    },
    "Console": {
      "FormatterName": "json",
      "FormatterOptions": { "TimestampFormat": "yyyy-MM-ddTHH:mm:ss.fffZ", "UseUtcTimestamp": true }
    }
  },
  "Authentication": {
    "Authority": "https://auth.shiftwise.io/realms/shiftwise",
    "Audience": "rota-api"
  },
  "ConnectionStrings": {
    "Rota": "Host=rota-db.rota.svc;Database=rota;Username=rota_api"
  }
}
"""

PROGRAM = """using Shiftwise.Rota.Api.Auth;
using Shiftwise.Rota.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRotaAuthentication(builder.Configuration);
builder.Services.AddRotaData(builder.Configuration);
var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapGet("/healthz", () => Results.Ok()).AllowAnonymous();
app.MapRotaEndpoints();
app.MapSwapEndpoints();
app.Logger.LogInformation("rota-api {Version} starting", Environment.GetEnvironmentVariable("VERSION") ?? "dev");
app.Run();
"""

AUTH_DOCS = """# Authentication

Staff sign in at Keycloak (https://auth.shiftwise.io, realm `shiftwise`),
run by the identity team. The web app uses keycloak-js, the mobile apps
AppAuth; both send the access token (5 minutes) as a bearer token and
refresh it shortly before it expires.

rota-api validates tokens with ASP.NET Core's JwtBearer handler: issuer,
audience `rota-api`, lifetime (30 s skew) and the RS256 signature against
the realm's JWKS. The handler caches the metadata and refetches it when a
token carries a kid it does not know.

The identity team rotates the realm's signing key once a month (third
Wednesday, 14:00 UTC). The previous key stays in the JWKS for 30 days so
that tokens signed with it keep validating until they expire.
"""


def dotnet_files():
    return {
        "Shiftwise.Rota.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n",
        "src/Rota.Api/Rota.Api.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Nullable>enable</Nullable>\n    <RootNamespace>Shiftwise.Rota.Api</RootNamespace>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.AspNetCore.Authentication.JwtBearer\" Version=\"8.0.8\" />\n    <PackageReference Include=\"Microsoft.IdentityModel.Protocols.OpenIdConnect\" Version=\"8.0.2\" />\n    <PackageReference Include=\"Npgsql.EntityFrameworkCore.PostgreSQL\" Version=\"8.0.4\" />\n  </ItemGroup>\n</Project>\n",
        "src/Rota.Api/Program.cs": PROGRAM,
        "src/Rota.Api/Auth/AuthenticationSetup.cs": AUTH_SETUP,
        "src/Rota.Api/Endpoints/RotaEndpoints.cs": "namespace Shiftwise.Rota.Api.Endpoints;\n\npublic static class RotaEndpoints\n{\n    public static void MapRotaEndpoints(this WebApplication app)\n    {\n        var rota = app.MapGroup(\"/api/v1\").RequireAuthorization();\n        rota.MapGet(\"/me\", Me.Get);\n        rota.MapGet(\"/rota\", Rota.GetWeek);\n        rota.MapPost(\"/rota/{ward}/{week}/publish\", Rota.Publish);\n        rota.MapPost(\"/timesheets\", Timesheets.Submit);\n    }\n}\n",
        "src/Rota.Api/Endpoints/SwapEndpoints.cs": "namespace Shiftwise.Rota.Api.Endpoints;\n\npublic static class SwapEndpoints\n{\n    public static void MapSwapEndpoints(this WebApplication app)\n    {\n        var swaps = app.MapGroup(\"/api/v1/swaps\").RequireAuthorization();\n        swaps.MapPost(\"/\", Swaps.Request);\n        swaps.MapPost(\"/{id}/accept\", Swaps.Accept);\n    }\n}\n",
        "src/Rota.Api/appsettings.json": APPSETTINGS,
        "src/Rota.Api/appsettings.Production.json": "{\n  \"Authentication\": {\n    \"Authority\": \"https://auth.shiftwise.io/realms/shiftwise\"\n  }\n}\n",
        "tests/Rota.Api.Tests/Rota.Api.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"xunit\" Version=\"2.9.0\" />\n    <ProjectReference Include=\"..\\..\\src\\Rota.Api\\Rota.Api.csproj\" />\n  </ItemGroup>\n</Project>\n",
        "tests/Rota.Api.Tests/RotaTests.cs": "namespace Shiftwise.Rota.Api.Tests;\n\npublic class RotaTests\n{\n    [Fact]\n    public void WeekStartsOnMonday() { }\n}\n",
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish src/Rota.Api -c Release -o /out\n\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nARG VERSION=dev\nENV VERSION=$VERSION\nCOPY --from=build /out /app\nWORKDIR /app\nENTRYPOINT [\"dotnet\", \"Rota.Api.dll\"]\n",
        ".github/workflows/ci.yml": ci_workflow("      - run: dotnet test\n", "      - uses: actions/setup-dotnet@v4\n        with:\n          dotnet-version: '8.0.x'\n"),
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8080, replicas=3, memory="384Mi", cpu="250m", env={"ASPNETCORE_ENVIRONMENT": "Production"}),
        "k8s/service.yaml": k8s_service(SERVICE, 8080),
        "README.md": readme(SERVICE, "Rotas, shift swaps and timesheets for Shiftwise's hospital wards (web and mobile).", "dotnet test\ndotnet run --project src/Rota.Api"),
        "docs/authentication.md": AUTH_DOCS,
    }


def kid(rng):
    return "".join(rng.choice(string.ascii_letters + string.digits + "-_") for _ in range(43))


def build_repo():
    ciaran = Person("Ciarán Ó Murchú", "ciaran.omurchu@shiftwise.io", 60)
    magda = Person("Magdalena Wróbel", "magdalena.wrobel@shiftwise.io", 120)
    paolo = Person("Paolo Reyes", "paolo.reyes@shiftwise.io", 480)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = dotnet_files()
    del files["docs/authentication.md"]
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("RotaApi5xx", "More than 1 % of requests fail: check rota-db and the pods' logs."),
        ("RotaApi401Rate", "More than 5 % of API calls answered 401: read the JwtBearer lines (\"Failed to validate the token\"); check Keycloak's status in #identity."),
    ])
    repo.commit(utc("2026-09-10 08:30:00"), ciaran, "rota-api: split out of the scheduling monolith", files)
    repo.schedule(chores(random.Random(13201), SERVICE, [ciaran, magda, paolo], utc("2026-09-10 08:30:00"), utc("2026-09-16 11:00:00"), 4))
    repo.commit(utc("2026-09-11 09:15:00"), magda, "swaps: both staff members must belong to the ward", {
        "src/Rota.Api/Endpoints/SwapEndpoints.cs": repo.edit("src/Rota.Api/Endpoints/SwapEndpoints.cs", "        swaps.MapPost(\"/\", Swaps.Request);\n",
                                                             "        swaps.MapPost(\"/\", Swaps.Request).AddEndpointFilter<SameWardFilter>();\n"),
    })
    repo.commit(utc("2026-09-14 06:05:00"), paolo, "docs: how authentication works", {"docs/authentication.md": AUTH_DOCS})
    repo.commit(utc("2026-09-15 08:40:00"), ciaran, "auth: map Keycloak realm roles to the ward-manager policy", {
        "src/Rota.Api/Auth/AuthenticationSetup.cs": repo.edit("src/Rota.Api/Auth/AuthenticationSetup.cs", "        services.AddAuthorization();\n",
            "        services.AddAuthorization(o => o.AddPolicy(\"ward-manager\", p => p.RequireClaim(\"realm_roles\", \"ward-manager\")));\n"),
    })
    culprit = repo.commit(utc("2026-09-15 16:20:00"), magda, "auth: fetch Keycloak's metadata once a day, not on every unknown kid\n\nDuring Monday's Keycloak slowness (#inc-2291) the QA kiosks were sending\ntokens from the test realm to production. Each has a kid production\nnever knows, so every pod kept refetching the OIDC metadata and JWKS,\nand requests queued behind those fetches for up to 20 s. The keys are\nnow fetched at start-up and refreshed once a day.", {
        "src/Rota.Api/Auth/AuthenticationSetup.cs": repo.edit("src/Rota.Api/Auth/AuthenticationSetup.cs",
            "                options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);\n",
            "                options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);\n"
            "                // Don't refetch the metadata for every token with a kid we don't know\n"
            "                // (test-realm tokens from the QA kiosks, #inc-2291); once a day is enough.\n"
            "                options.RefreshOnIssuerKeyNotFound = false;\n"
            "                options.AutomaticRefreshInterval = TimeSpan.FromHours(24);\n").replace(
            "    // Tokens come from Keycloak (realm shiftwise). The handler reads the\n    // realm's OIDC metadata and JWKS from the authority and refetches them\n    // when a token's kid is unknown (docs/authentication.md).\n",
            "    // Tokens come from Keycloak (realm shiftwise). The handler reads the\n    // realm's OIDC metadata and JWKS from the authority (docs/authentication.md).\n"),
    })
    repo.commit(utc("2026-09-16 06:05:00"), bot, "Bump Microsoft.AspNetCore.Authentication.JwtBearer from 8.0.8 to 8.0.10\n\nBumps [Microsoft.AspNetCore.Authentication.JwtBearer](https://github.com/dotnet/aspnetcore) from 8.0.8 to 8.0.10.\n- [Release notes](https://github.com/dotnet/aspnetcore/releases)\n- [Commits](https://github.com/dotnet/aspnetcore/compare/v8.0.8...v8.0.10)\n\n---\nupdated-dependencies:\n- dependency-name: Microsoft.AspNetCore.Authentication.JwtBearer\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n", {
        "src/Rota.Api/Rota.Api.csproj": repo.edit("src/Rota.Api/Rota.Api.csproj", "JwtBearer\" Version=\"8.0.8\"", "JwtBearer\" Version=\"8.0.10\""),
    })
    morning = repo.commit(utc("2026-09-16 07:41:00"), paolo, "tests: rota export for a ward with no shifts", {
        "tests/Rota.Api.Tests/ExportTests.cs": "namespace Shiftwise.Rota.Api.Tests;\n\npublic class ExportTests\n{\n    [Fact]\n    public void EmptyWardExportsHeaderOnly()\n    {\n        var csv = RotaExport.ToCsv(Ward.Empty(\"W-7B\"), IsoWeek.Parse(\"2026-W38\"));\n        Assert.Equal(\"date,shift,staff,role\\n\", csv);\n    }\n}\n",
    })
    decoy = repo.commit(utc("2026-09-16 13:27:00"), ciaran, "auth: accept tokens for the ward kiosks (audience rota-kiosk)\n\nThe new clock-in kiosks get their own Keycloak client; its tokens carry\naud rota-kiosk. Accept both audiences.", {
        "src/Rota.Api/Auth/AuthenticationSetup.cs": repo.edit("src/Rota.Api/Auth/AuthenticationSetup.cs",
            "                options.Audience = auth[\"Audience\"];\n",
            "                options.TokenValidationParameters.ValidAudiences = auth.GetSection(\"Audiences\").Get<string[]>();\n"),
        "src/Rota.Api/appsettings.json": repo.edit("src/Rota.Api/appsettings.json", "    \"Audience\": \"rota-api\"\n", "    \"Audiences\": [\"rota-api\", \"rota-kiosk\"]\n"),
    })
    fix = repo.commit(utc("2026-09-16 15:12:00"), magda, "auth: refetch the signing keys when a token's kid is unknown\n\nTurning RefreshOnIssuerKeyNotFound off kept every pod on the keys it\nfetched at start-up; after the realm key rotation at 14:00 every new\ntoken failed with IDX10503 until the pods were restarted at 14:38.\nThe handler limits refetches to one per RefreshInterval (5 min), which\nis what we wanted in #inc-2291 anyway.", {
        "src/Rota.Api/Auth/AuthenticationSetup.cs": repo.edit("src/Rota.Api/Auth/AuthenticationSetup.cs",
            "                // Don't refetch the metadata for every token with a kid we don't know\n"
            "                // (test-realm tokens from the QA kiosks, #inc-2291); once a day is enough.\n"
            "                options.RefreshOnIssuerKeyNotFound = false;\n"
            "                options.AutomaticRefreshInterval = TimeSpan.FromHours(24);\n",
            "                // Refetch on an unknown kid (key rotation), at most every 5 minutes.\n"
            "                options.RefreshInterval = TimeSpan.FromMinutes(5);\n"),
    })
    repo.commit(utc("2026-09-16 16:05:00"), ciaran, "runbook: 401s for everyone after a key rotation", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Everyone gets 401, Keycloak is fine\n\nIf the JwtBearer lines say IDX10503 (\"The token's kid is ..., but did not\nmatch any keys\"), the pods do not have the realm's current signing key.\nCompare the kid with https://auth.shiftwise.io/realms/shiftwise/protocol/openid-connect/certs.\n`kubectl rollout restart deploy/rota-api` makes them fetch it.\n",
    })
    return repo, culprit, morning, decoy, fix


def jsonlog(t, level, category, event_id, message, template=None, state=None, exception=None):
    t = t.astimezone(dt.timezone.utc)
    body = {"Timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "EventId": event_id, "LogLevel": level, "Category": category, "Message": message}
    if exception:
        body["Exception"] = exception
    st = {"Message": message}
    st.update(state or {})
    st["{OriginalFormat}"] = template or message
    body["State"] = st
    text = json.dumps(body, separators=(",", ":"))
    # System.Text.Json's default encoder escapes HTML-sensitive characters too
    for ch, esc in (("'", "\\u0027"), ("+", "\\u002B"), ("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    return text


JWT = "Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerHandler"

FRAMES_SIG = """   at Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler.ValidateSignature(JsonWebToken jwtToken, TokenValidationParameters validationParameters, BaseConfiguration configuration)
   at Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler.ValidateSignatureAndIssuerSecurityKey(JsonWebToken jsonWebToken, TokenValidationParameters validationParameters, BaseConfiguration configuration)
   at Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler.ValidateJWSAsync(JsonWebToken jsonWebToken, TokenValidationParameters validationParameters, BaseConfiguration configuration)"""

FRAMES_LIFETIME = """   at Microsoft.IdentityModel.Tokens.Validators.ValidateLifetime(Nullable`1 notBefore, Nullable`1 expires, SecurityToken securityToken, TokenValidationParameters validationParameters)
   at Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler.ValidateTokenPayloadAsync(JsonWebToken jsonWebToken, TokenValidationParameters validationParameters, BaseConfiguration configuration)
   at Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler.ValidateJWSAsync(JsonWebToken jsonWebToken, TokenValidationParameters validationParameters, BaseConfiguration configuration)"""


def dotnet_time(t):
    t = t.astimezone(dt.timezone.utc)
    hour = t.hour % 12 or 12
    return f"{t.month}/{t.day}/{t.year} {hour}:{t.minute:02d}:{t.second:02d} {'AM' if t.hour < 12 else 'PM'}"


def build_logs(rng, culprit, morning, decoy, fix):
    app = Log("rota-api.log")
    ingress = Log("ingress-nginx-access.log")
    job = Log("realm-key-rotation.log")
    changes = Log("platform-changes.log")
    argo = Log("argocd-application-controller.log")

    K07, K08, K09 = kid(rng), kid(rng), kid(rng)
    internal = {k: kid(rng) for k in (K07, K08, K09)}

    # Pod generations: when they started, and the keys their metadata fetch got.
    gens = [
        (MORNING_DEPLOY, [f"rota-api-6d8f7c9b54-{hexid(rng, 5)}" for _ in range(3)], morning, [K08, K07]),
        (DECOY_DEPLOY, [f"rota-api-5c7b9d8f66-{hexid(rng, 5)}" for _ in range(3)], decoy, [K08, K07]),
        (RESTART, [f"rota-api-79f4c6b8d5-{hexid(rng, 5)}" for _ in range(3)], decoy, [K09, K08]),
        (FIX_DEPLOY, [f"rota-api-6b9c8d7f45-{hexid(rng, 5)}" for _ in range(3)], fix, [K09, K08]),
    ]
    pod_ip = {pod: f"10.61.{rng.randint(0, 5)}.{rng.randint(10, 250)}" for _, pods, _, _ in gens for pod in pods}
    kc_pods = [f"10.61.{rng.randint(0, 5)}.{rng.randint(10, 250)}:8080" for _ in range(2)]

    def gen_at(slot, t):
        g = 0
        for i, (when, _, _, _) in enumerate(gens):
            if t >= when + dt.timedelta(seconds=8 + 14 * slot):
                g = i
        return g

    def signing_kid(t):
        return K09 if t >= ROTATION else K08

    def ing(t, client, method, path, status, size, took, ua, upstream_name, upstream, referer="-"):
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        up_rt = f"{max(0.001, took - 0.001):.3f}"
        ingress.add(t, f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {status} {size} "{referer}" "{ua}" {rng.randint(380, 2400)} {took:.3f} '
                       f'[{upstream_name}] [] {upstream} {size} {up_rt} {status} {hexid(rng, 32)}')

    # --- Argo CD (auto-sync, sync window 08:00-16:00 UTC on weekdays) ------------------
    for when, sha in ((MORNING_DEPLOY, morning), (DECOY_DEPLOY, decoy), (FIX_DEPLOY, fix)):
        t0 = when - dt.timedelta(seconds=34)
        argo.add(t0, logfmt(t0, "info", f"Initiated automated sync to '{sha}'", application="rota-api", dest_namespace="rota"))
        argo.add(when + dt.timedelta(seconds=44), logfmt(when + dt.timedelta(seconds=44), "info", f"sync/0 resources done, sync to {sha[:7]} succeeded", application="rota-api", dest_namespace="rota"))
    t0 = utc("2026-09-16 07:50:00")
    argo.add(t0, logfmt(t0, "info", "Sync window is open, automated sync resumed", application="rota-api", window="08:00-16:00 Mon-Fri"))
    t0 = utc("2026-09-16 08:00:31")
    argo.add(t0, logfmt(t0, "info", "Application is OutOfSync, 2 commits since the last sync", application="rota-api", dest_namespace="rota"))
    emit(rng, argo, ARGO_START, END, 0.2, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application="rota-api", dest_namespace="rota",
                                                              comparison_level=1, time_ms=rng.randint(30, 160)))])

    # --- start-up lines; each new pod fetches the metadata and JWKS at its first request --
    for g in (1, 2, 3):
        when, pods, sha, _ = gens[g]
        for slot, pod in enumerate(pods):
            t = when + dt.timedelta(seconds=14 * slot + rng.uniform(0, 1))
            lines = [
                (0.0, "Information", "Microsoft.Hosting.Lifetime", 14, "Now listening on: http://[::]:8080", "Now listening on: {address}", {"address": "http://[::]:8080"}),
                (0.01, "Information", "Microsoft.Hosting.Lifetime", 0, "Application started. Press Ctrl\u002BC to shut down.", None, None),
                (0.012, "Information", "Microsoft.Hosting.Lifetime", 0, "Hosting environment: Production", "Hosting environment: {EnvName}", {"EnvName": "Production"}),
                (0.013, "Information", "Microsoft.Hosting.Lifetime", 0, "Content root path: /app", "Content root path: {ContentRoot}", {"ContentRoot": "/app"}),
                (0.02, "Information", "Rota.Api", 0, f"rota-api {sha[:7]} starting", "rota-api {Version} starting", {"Version": sha[:7]}),
            ]
            for off, level, cat, eid, msg, tmpl, st in lines:
                tt = t + dt.timedelta(seconds=off)
                app.add(tt, jsonlog(tt, level, cat, eid, msg, tmpl, st))
            old = gens[g - 1][1][slot]
            tt = t + dt.timedelta(seconds=8 + rng.uniform(0, 1))
            app.add(tt, jsonlog(tt, "Information", "Microsoft.Hosting.Lifetime", 0, "Application is shutting down..."))
            f = t + dt.timedelta(seconds=rng.uniform(1, 6))
            ing(f, NAT_IP, "GET", "/realms/shiftwise/.well-known/openid-configuration", 200, 6214, ms(rng, 14) / 1000, "-", "identity-keycloak-8080", rng.choice(kc_pods))
            f += dt.timedelta(milliseconds=rng.randint(20, 60))
            ing(f, NAT_IP, "GET", "/realms/shiftwise/protocol/openid-connect/certs", 200, 2961, ms(rng, 9) / 1000, "-", "identity-keycloak-8080", rng.choice(kc_pods))

    # --- users: the web app (keycloak-js) and the mobile apps (AppAuth) ------------------
    WEB_UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.0.0",
               "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
               "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15"]
    APP_UAS = ["Shiftwise/3.4.1 (iPhone; iOS 17.6.1)", "Shiftwise/3.4.1 (Android 14; SM-A546B)", "Shiftwise/3.4.0 (Android 13; Pixel 6a)", "Shiftwise/3.4.1 (iPhone; iOS 18.0)"]
    WARDS = ["W-4A", "W-4B", "W-7B", "ICU-2", "AMU-1", "MAT-3", "ED-MAJ", "PAED-1", "ORTHO-5", "ONC-2"]
    outcomes = {}   # (minute, status class) -> count

    def count(t, status):
        key = (t.replace(second=0, microsecond=0), "2xx" if status < 300 else str(status))
        outcomes[key] = outcomes.get(key, 0) + 1

    def refresh(t, u):
        ing(t, u["ip"], "POST", "/realms/shiftwise/protocol/openid-connect/token", 200, rng.randint(2700, 2900), ms(rng, 38, 0.3) / 1000,
            u["ua"], "identity-keycloak-8080", rng.choice(kc_pods), referer="https://app.shiftwise.io/" if u["web"] else "-")
        u["token_at"], u["kid"] = t, signing_kid(t)
        u["exp"] = t + dt.timedelta(seconds=TOKEN_LIFETIME)

    def api(t, u, method, path):
        """One API call; returns the status."""
        slot = rng.randrange(3)
        g = gen_at(slot, t)
        keys = gens[g][3]
        pod = gens[g][1][slot]
        upstream = f"{pod_ip[pod]}:8080"
        referer = "https://app.shiftwise.io/" if u["web"] else "-"
        if u["kid"] not in keys:
            took = rng.uniform(0.002, 0.009)
            e = t + dt.timedelta(seconds=took)
            msg = (f"IDX10503: Signature validation failed. The token's kid is: '{u['kid']}', but did not match any keys in TokenValidationParameters or Configuration. "
                   f"Keys tried: '" + "".join(f"Microsoft.IdentityModel.Tokens.JsonWebKey, Use: 'sig',  Kid: '{k}', InternalId: '{internal[k]}'. , KeyId: {k}\n" for k in keys) +
                   f"'. Number of keys in TokenValidationParameters: '0'. \nNumber of keys in Configuration: '{len(keys)}'. \nExceptions caught:\n "
                   "'[PII of type 'System.Text.StringBuilder' is hidden. For more details, see https://aka.ms/IdentityModel/PII.]'.\ntoken: "
                   "'[Security Artifact of type 'Microsoft.IdentityModel.JsonWebTokens.JsonWebToken' is hidden. For more details, see https://aka.ms/IdentityModel/SecurityArtifactLogging.]'. See https://aka.ms/IDX10503 for details.")
            app.add(e, jsonlog(e, "Information", JWT, 1, "Failed to validate the token.", exception=f"Microsoft.IdentityModel.Tokens.SecurityTokenSignatureKeyNotFoundException: {msg}\n{FRAMES_SIG}"))
            app.add(e, jsonlog(e, "Information", JWT, 7, f"Bearer was not authenticated. Failure message: {msg}", "{AuthenticationScheme} was not authenticated. Failure message: {FailureMessage}",
                               {"AuthenticationScheme": "Bearer", "FailureMessage": msg}))
            app.add(e, jsonlog(e, "Information", JWT, 12, "AuthenticationScheme: Bearer was challenged.", "AuthenticationScheme: {AuthenticationScheme} was challenged.", {"AuthenticationScheme": "Bearer"}))
            ing(e, u["ip"], method, path, 401, 0, took, u["ua"], "rota-rota-api-80", upstream, referer)
            count(e, 401)
            return 401
        took = ms(rng, 45 if method == "GET" else 90, 0.5) / 1000
        e = t + dt.timedelta(seconds=took)
        status = 200 if method == "GET" else rng.choice([200, 201])
        size = rng.randint(800, 24000) if method == "GET" else rng.randint(90, 600)
        ing(e, u["ip"], method, path, status, size, took, u["ua"], "rota-rota-api-80", upstream, referer)
        count(e, status)
        if path.endswith("/publish"):
            app.add(e, jsonlog(e, "Information", "Shiftwise.Rota.Api.Publishing.RotaPublisher", 0, f"Rota for {path.split('/')[4]} week {path.split('/')[5]} published by {u['sub']}: {rng.randint(60, 240)} shifts, {rng.randint(20, 70)} staff notified",
                               "Rota for {Ward} week {Week} published by {User}: {Shifts} shifts, {Notified} staff notified",
                               {"Ward": path.split('/')[4], "Week": path.split('/')[5], "User": u["sub"]}))
        elif path == "/api/v1/swaps":
            swap = rng.randint(880000, 899999)
            app.add(e, jsonlog(e, "Information", "Shiftwise.Rota.Api.Swaps.SwapService", 0, f"Shift swap {swap} requested by {u['sub']} on {u['ward']}",
                               "Shift swap {SwapId} requested by {User} on {Ward}", {"SwapId": swap, "User": u["sub"], "Ward": u["ward"]}))
        elif path == "/api/v1/timesheets":
            ts = rng.randint(5500000, 5599999)
            hours = rng.choice([7.5, 8, 11.5, 12.5, 4])
            app.add(e, jsonlog(e, "Information", "Shiftwise.Rota.Api.Timesheets.TimesheetService", 0, f"Timesheet {ts} submitted by {u['sub']} ({hours} h)",
                               "Timesheet {TimesheetId} submitted by {User} ({Hours} h)", {"TimesheetId": ts, "User": u["sub"], "Hours": hours}))
        return status

    def pick_call(u):
        r = rng.random()
        if r < 0.55:
            return "GET", f"/api/v1/rota?ward={u['ward']}&week=2026-W{rng.choice([38, 38, 39, 40])}"
        if r < 0.72:
            return "GET", "/api/v1/me"
        if r < 0.82:
            return "GET", f"/api/v1/swaps?ward={u['ward']}&status=open"
        if r < 0.9:
            return "POST", "/api/v1/swaps"
        if r < 0.97:
            return "POST", "/api/v1/timesheets"
        return "POST", f"/api/v1/rota/{u['ward']}/2026-W{rng.choice([39, 40])}/publish"

    users = []
    for i in range(40):
        web = rng.random() < 0.6
        users.append({"sub": f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}", "web": web,
                      "ua": rng.choice(WEB_UAS if web else APP_UAS), "ward": rng.choice(WARDS),
                      "ip": f"{rng.choice([81, 86, 89, 109, 176, 212, 31, 37])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}",
                      "rate": rng.lognormvariate(-1.7, 0.6)})
    for u in users:
        issued = START - dt.timedelta(seconds=rng.uniform(0, TOKEN_LIFETIME))
        u["token_at"], u["kid"], u["exp"] = issued, K08, issued + dt.timedelta(seconds=TOKEN_LIFETIME)
        blocked = START
        for t in poisson_times(rng, START, END, u["rate"]):
            if t < blocked:
                continue
            if (u["exp"] - t).total_seconds() < 30:
                refresh(t, u)
                t += dt.timedelta(milliseconds=rng.randint(60, 200))
            method, path = pick_call(u)
            if api(t, u, method, path) != 401:
                continue
            # the client forces a refresh and retries once
            t += dt.timedelta(milliseconds=rng.randint(80, 300))
            refresh(t, u)
            t += dt.timedelta(milliseconds=rng.randint(60, 200))
            if api(t, u, method, path) != 401:
                continue
            # then sends the user back to sign in
            if u["web"]:
                t += dt.timedelta(seconds=rng.uniform(0.4, 1.2))
                ing(t, u["ip"], "GET", f"/realms/shiftwise/protocol/openid-connect/auth?client_id=rota-web&redirect_uri=https%3A%2F%2Fapp.shiftwise.io%2F&state={hexid(rng, 8)}-{hexid(rng, 4)}&response_mode=fragment&response_type=code&scope=openid&nonce={hexid(rng, 8)}&code_challenge_method=S256",
                    302, 0, ms(rng, 22) / 1000, u["ua"], "identity-keycloak-8080", rng.choice(kc_pods), referer="https://app.shiftwise.io/")
            else:
                t += dt.timedelta(seconds=rng.uniform(15, 90))
                ing(t, u["ip"], "POST", f"/realms/shiftwise/login-actions/authenticate?session_code={hexid(rng, 12)}&execution={hexid(rng, 8)}-{hexid(rng, 4)}&client_id=rota-mobile&tab_id={hexid(rng, 6)}",
                    302, 0, ms(rng, 160) / 1000, u["ua"], "identity-keycloak-8080", rng.choice(kc_pods))
            t += dt.timedelta(milliseconds=rng.randint(300, 900))
            refresh(t, u)
            t += dt.timedelta(milliseconds=rng.randint(150, 400))
            if api(t, u, "GET", "/api/v1/me") == 401:
                blocked = t + dt.timedelta(minutes=rng.uniform(2, 9))

    # Requests without a token (a bookmarked API URL, a link checker): only the challenge.
    for t in poisson_times(rng, START, END, 0.15):
        slot = rng.randrange(3)
        pod = gens[gen_at(slot, t)][1][slot]
        app.add(t, jsonlog(t, "Information", JWT, 12, "AuthenticationScheme: Bearer was challenged.", "AuthenticationScheme: {AuthenticationScheme} was challenged.", {"AuthenticationScheme": "Bearer"}))
        ing(t, f"{rng.randint(20, 200)}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}", "GET", rng.choice(["/api/v1/me", "/api/v1/rota"]), 401, 0, 0.002,
            rng.choice(["Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Mozilla/5.0 (compatible; Microsoft Teams)", "curl/8.5.0"]), "rota-rota-api-80", f"{pod_ip[pod]}:8080")
    # Expired tokens on any day: a phone back from sleep, a laptop's clock.
    for t in poisson_times(rng, START, END, 0.25):
        slot = rng.randrange(3)
        pod = gens[gen_at(slot, t)][1][slot]
        u = rng.choice(users)
        valid_to = t - dt.timedelta(seconds=rng.randint(40, 3600))
        msg = f"IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '{dotnet_time(valid_to)}', Current time (UTC): '{dotnet_time(t)}'."
        app.add(t, jsonlog(t, "Information", JWT, 1, "Failed to validate the token.", exception=f"Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException: {msg}\n{FRAMES_LIFETIME}"))
        app.add(t, jsonlog(t, "Information", JWT, 7, f"Bearer was not authenticated. Failure message: {msg}", "{AuthenticationScheme} was not authenticated. Failure message: {FailureMessage}",
                           {"AuthenticationScheme": "Bearer", "FailureMessage": msg}))
        app.add(t, jsonlog(t, "Information", JWT, 12, "AuthenticationScheme: Bearer was challenged.", "AuthenticationScheme: {AuthenticationScheme} was challenged.", {"AuthenticationScheme": "Bearer"}))
        ing(t, u["ip"], "GET", f"/api/v1/rota?ward={u['ward']}&week=2026-W38", 401, 0, 0.003, u["ua"], "rota-rota-api-80", f"{pod_ip[pod]}:8080",
            "https://app.shiftwise.io/" if u["web"] else "-")
    # Background jobs on each pod.
    t = START + dt.timedelta(seconds=rng.uniform(0, 300))
    while t < END:
        app.add(t, jsonlog(t, "Information", "Shiftwise.Rota.Api.Reminders.ShiftReminderJob", 0, f"Sent {rng.randint(0, 38)} shift reminders for shifts starting before {(t + dt.timedelta(hours=12)).strftime('%H:%M')}",
                           "Sent {Count} shift reminders for shifts starting before {Cutoff}", {}))
        t += dt.timedelta(minutes=5, seconds=rng.randint(-3, 3))

    # --- the other APIs that validate the same tokens (they refetch on an unknown kid) ----
    for host, upstream_name, ua, rate in (("payroll.shiftwise.io", "payroll-payroll-export-80", "Java-http-client/21.0.4", 0.45),
                                          ("messages.shiftwise.io", "messaging-messaging-api-80", "node", 0.7)):
        fetched = False
        for t in poisson_times(rng, START, END, rate):
            u = rng.choice(users)
            if t >= ROTATION and not fetched:
                f = t + dt.timedelta(milliseconds=rng.randint(2, 8))
                ing(f, NAT_IP, "GET", "/realms/shiftwise/protocol/openid-connect/certs", 200, 2961, ms(rng, 9) / 1000, ua, "identity-keycloak-8080", rng.choice(kc_pods))
                fetched = True
                t = f + dt.timedelta(milliseconds=20)
            path = rng.choice(["/api/v2/payslips?period=2026-09", "/api/v2/exports/timesheets"]) if host.startswith("payroll") else rng.choice(["/api/v1/threads?unread=true", "/api/v1/threads/ward"])
            took = ms(rng, 60, 0.5) / 1000
            stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
            ingress.add(t, f'{u["ip"]} - - [{stamp}] "GET {path} HTTP/1.1" 200 {rng.randint(500, 9000)} "-" "{u["ua"]}" {rng.randint(380, 2400)} {took:.3f} '
                           f'[{upstream_name}] [] 10.61.{rng.randint(0, 5)}.{rng.randint(10, 250)}:8080 {rng.randint(500, 9000)} {took - 0.001:.3f} 200 {hexid(rng, 32)}')

    # --- the identity team's monthly rotation job ------------------------------------------
    def pylog(t, level, msg):
        stamp = t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"
        job.add(t, f"{stamp} {level} rotate: {msg}")
    steps = [
        (0.0, "INFO", "realm shiftwise: third Wednesday of the month, rotating the RS256 signing key"),
        (0.31, "INFO", f"created key provider rsa-2026-09 (rsa-generated, RS256, 2048 bits, priority 200), kid {K09}"),
        (0.58, "INFO", f"rsa-2026-08 (kid {K08}) set passive: no longer signs new tokens, still verifies"),
        (0.77, "INFO", f"rsa-2026-07 (kid {K07}) disabled: removed from the realm's JWKS"),
        (1.21, "INFO", f"JWKS https://auth.shiftwise.io/realms/shiftwise/protocol/openid-connect/certs now publishes 2 keys: {K09} (active), {K08} (passive)"),
        (1.9, "INFO", "done in 1.9s; next rotation 2026-10-21T14:00:00Z"),
    ]
    for off, level, msg in steps:
        pylog(ROTATION + dt.timedelta(seconds=off), level, msg)
    # August's run, for comparison
    pylog(utc("2026-09-16 13:59:58"), "INFO", "previous run 2026-08-19T14:00:02Z: ok (rsa-2026-08 active)")

    # --- #platform-changes -----------------------------------------------------------------
    feed = [
        ("2026-09-16 08:12:40", "platform", "Node pool eu-west-1-general: rolling AMI update (EKS 1.30 patch) through the day, one node at a time."),
        ("2026-09-16 10:31:05", "data", "rota-db replica: minor version upgrade 16.3 -> 16.4 at 11:00 (replica only, no downtime expected)."),
        ("2026-09-16 11:02:48", "data", "rota-db replica upgrade done."),
        ("2026-09-16 13:51:22", "identity", "Reminder: monthly Keycloak signing key rotation for realm shiftwise at 14:00 UTC today. Clients that validate tokens against the realm's JWKS need no action; the previous key stays published for verification for 30 days."),
        ("2026-09-16 14:02:10", "identity", "Realm shiftwise key rotation done: new active key rsa-2026-09, rsa-2026-08 passive."),
        ("2026-09-16 14:29:37", "identity", "Seeing reports of 401s from rota-api since 14:00. Keycloak is issuing and refreshing tokens normally; payroll and messaging validate the new key fine. rota team is looking."),
        ("2026-09-16 14:41:15", "rota", "rota-api restarted (kubectl rollout restart) at 14:38, 401s gone. Root cause being written up: rota-api stopped refetching signing keys on an unknown kid."),
        ("2026-09-16 15:05:02", "platform", "Node pool eu-west-1-general AMI update complete."),
    ]
    for stamp, team, text in feed:
        t = utc(stamp)
        changes.add(t, json.dumps({"ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "channel": "#platform-changes", "team": team, "text": text}, separators=(",", ":")))
    return [app, ingress, job, changes, argo], outcomes


def build(out_dir):
    rng = random.Random(13200)
    repo, culprit, morning, decoy, fix = build_repo()
    try:
        logs, outcomes = build_logs(rng, culprit, morning, decoy, fix)
        app = logs[0]
        onset = min(t for t, _, text in app.entries if "IDX10503" in text).replace(microsecond=0)

        def per_sec(status):
            def fn(t):
                key = t.replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
                return round(sum(outcomes.get((key - dt.timedelta(minutes=k), status), 0) for k in range(2)) / 120, 4)
            return fn

        metrics = {
            "nginx_ingress_controller_requests.json": query_range(
                [({"host": "rota.shiftwise.io", "ingress": "rota-api", "namespace": "rota", "status": s}, per_sec(s)) for s in ("2xx", "401")], START, END, 60),
        }
        return write_scenario(
            out_dir, name="jwks-refresh-disabled", service=SERVICE, onset=onset,
            description=f"""
Staff are signed out of the rota app. From {onset.strftime('%H:%M')} UTC more and more of
rota-api's calls are answered 401; the web app sends users back to sign in,
they sign in and get 401 again; the mobile apps ask for the password again.
Keycloak answers logins and token refreshes normally. rota-api was rolled
out at 08:02 (the morning sync names a tests commit) and at 13:34 (kiosk
audience). The identity team rotated the realm's signing key at 14:00, as
every month. The on-call restarted rota-api at 14:38 and the 401s stopped.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"did not match any keys in TokenValidationParameters or Configuration", r"SecurityTokenSignatureKeyNotFoundException"],
            fix_files=["src/Rota.Api/Auth/AuthenticationSetup.cs"],
            explanation="""
The culprit is Tuesday's "auth: fetch Keycloak's metadata once a day, not
on every unknown kid" (src/Rota.Api/Auth/AuthenticationSetup.cs): it sets
RefreshOnIssuerKeyNotFound = false and a 24-hour refresh, so each pod keeps
the signing keys it fetched at start-up. It reached production with the
08:02 sync, which names the later tests commit, and did nothing until the
identity team's routine monthly key rotation at 14:00. From then on new
tokens carry the new kid and the JwtBearer handler fails them with
SecurityTokenSignatureKeyNotFoundException, "IDX10503: ... The token's kid
is: '...', but did not match any keys in TokenValidationParameters or
Configuration" (its keys tried are the two it fetched at 13:34, August's
and July's); nobody fetches the JWKS again (the access log shows the
other APIs refetching it at 14:00, rota-api's pods only at their
start-ups), and the restart at 14:38 ends it. The fix turns the refetch
back on. Decoys: the kiosk audience change to the same file rolled out at
13:34, 26 minutes before the onset; the JwtBearer bump that morning; the
tests commit the morning sync names; the roles-to-policies change the day
before; the authentication docs; the rotation itself (routine and
announced); chores; the runbook commit after the onset.
""",
        )
    finally:
        repo.close()
