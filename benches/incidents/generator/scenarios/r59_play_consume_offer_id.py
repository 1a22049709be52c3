"""store-service (C#, .NET 8, ASP.NET Core; three pods on GKE in
europe-west1, synced by Argo CD from `deploy/overlays/production` on
`main`, where a release bot bumps the image tag; team in Helsinki, Lisbon
and London) of Pinecrest Games, whose 3v3 mobile arena game Tidebreakers
sells gems, a starter pack and a season pass in its in-game store. The
client sends each store purchase to store-service: an App Store
transaction is checked with the App Store Server API, a Google Play
purchase with the Android Publisher API (`purchases.products.get`);
store-service records the order once, asks economy-api (the economy
team's wallets) to credit the items, and for Play consumes the purchase
(`purchases.products.consume`, which also acknowledges it). The client
never consumes or acknowledges: Google refunds and revokes a purchase that
is not acknowledged within three days. At app start the client sends again
a Play purchase Google still lists as owned if it never got our answer, so
a lost answer cannot lose a purchase. Voided purchases (refunds, chargebacks)
arrive as Real-time Developer Notifications through a Pub/Sub push to
`/rtdn/play`; store-service revokes what was granted (economy-api lets a
wallet go negative and locks its shop and gifting until it is positive),
unless the Unleash flag `store.revoke-on-void` is off, and an hourly job
reads `purchases.voidedpurchases.list` and logs the voids by reason.

Friday 27 March 2026, 11:48 UTC: STORE-412 ("one offer per catalog entry
for both stores") replaces the per-store product catalog with one `Offer`
(our id, e.g. `gems_500`, with its Play and App Store product ids) and
passes the offer through both fulfilment paths. In `PlayFulfiller`,
`ConsumeAsync` now takes the offer and calls `Consume(package, offer.Id,
token)`: our offer id, not the Play product id
(`com.pinecrest.tidebreakers.gems_500`); only the retry queue gets
`offer.PlayProductId`. Google answers 400 "The purchase token does not
match the product ID.", which the old code logs as a 4xx that a retry
cannot fix: "Play consume failed ... (not retried)". The tests' fake
publisher takes any product id. Release 2.30.0 (the bot's release commit)
is synced at 13:23. From then on no Play purchase is consumed: each
purchase and each resend at app start logs the warning, nobody watches
warnings, and over the weekend a few players ask support why Google Play
says they "already own" a gem pack they want to buy again.

Monday 30 March: 2.31.0 is synced at 12:58 (STORE-431 replaces the RTDN
"voided purchase" line with "Play purchase voided ... age=...; revoking
...", the very line that fills the log; STORE-433 checks the obfuscated
account id in the culprit's file; STORE-429 retries the App Store Server
API; a Google.Apis.AndroidPublisher.v3 bump). From 13:31, 72 hours after
Friday's rollout, Google refunds every Play purchase made since then, one
by one as each reaches three days: voided notifications at 4-6 a minute,
store-service revokes the gems and a good share of wallets go negative
(the gems were spent). The on-call suspects 2.31.0 (new voided line,
Google client bump), follows the new runbook section that calls a wave of
voids refund abuse, and rolls back to 2.30.0 at 14:06, which holds the
culprit: the voids go on in the old line's words. The 14:05 sync shows
"Unknown(8)": voidedReason 8 is Unacknowledged_purchase. The culprit's
author finds every consume since Friday 13:23 failing with product=gems_*
and recognises STORE-412; the on-call turns revocation off at 14:31; the
fix (STORE-440: consume with the Play product id, a backfill command) is
synced at 15:32, the backfill consumes 20,000-odd purchases from 15:40
and the last void comes at 16:04 (712 refunded orders in all).

Sources: store-service (.NET simple console, single line, through
`kubectl logs --prefix`; line format), economy-api (zerolog JSON),
ingress-nginx access log (the default upstreaminfo format), Argo CD
application controller (logrus text), #liveops-incidents (Slack export,
JSON lines), Helpshift issues (webhook JSON lines)."""

import datetime as dt
import json
import math
import random

from common import Log, Person, Repo, hexid, query_range, utc, write_scenario
from skeletons import chores

SERVICE = "store-service"
START, END = utc("2026-03-30 11:45:00"), utc("2026-03-30 17:15:00")
FRI_SYNC = utc("2026-03-27 13:23:02")        # 2.30.0 rollout starts
MON_SYNC = utc("2026-03-30 12:57:41")        # 2.31.0
ROLLBACK = utc("2026-03-30 14:05:50")        # back to 2.30.0
FLAG_OFF = utc("2026-03-30 14:31:12")        # store.revoke-on-void off
FIX_SYNC = utc("2026-03-30 15:31:40")        # 2.31.1
BACKFILL = utc("2026-03-30 15:40:20")
THREE_DAYS = 72 * 3600.0
PACKAGE = "com.pinecrest.tidebreakers"

# offer id, Play/App Store product suffix, gems granted, price, weight
OFFERS = [
    ("gems_100", "gems_100", 100, "0.99", 0.22),
    ("gems_500", "gems_500", 500, "4.99", 0.30),
    ("gems_1200", "gems_1200", 1200, "9.99", 0.18),
    ("gems_2500", "gems_2500", 2500, "19.99", 0.07),
    ("gems_6500", "gems_6500", 6500, "49.99", 0.03),
    ("starter_pack", "starter_pack_v3", 300, "2.99", 0.12),
    ("season_pass", "season_pass_s14", 0, "9.99", 0.08),
]
OFFER_W = [(o[4], o) for o in OFFERS]


def sub(text, *pairs):
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in text:
            raise ValueError(f"not found: {old[:70]!r}")
        text = text.replace(old, new, 1)
    return text


def secs(t):
    return t.timestamp()


def at(x):
    return dt.datetime.fromtimestamp(x, dt.timezone.utc)


# ---------------------------------------------------------------------------
# the repository

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Web">

  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <RootNamespace>Pinecrest.Store</RootNamespace>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Dapper" Version="2.1.35" />
    <PackageReference Include="Google.Apis.AndroidPublisher.v3" Version="1.68.0.3455" />
    <PackageReference Include="Microsoft.IdentityModel.JsonWebTokens" Version="8.1.2" />
    <PackageReference Include="Npgsql" Version="8.0.5" />
    <PackageReference Include="Unleash.Client" Version="4.1.11" />
  </ItemGroup>

</Project>
"""

PROGRAM = """using Google.Apis.AndroidPublisher.v3;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Services;
using Pinecrest.Store.Apple;
using Pinecrest.Store.Catalog;
using Pinecrest.Store.Economy;
using Pinecrest.Store.Flags;
using Pinecrest.Store.Play;
using Pinecrest.Store.Purchases;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.UseUtcTimestamp = true;
    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
});

builder.Services.Configure<PlayOptions>(builder.Configuration.GetSection("Play"));
builder.Services.Configure<AppleOptions>(builder.Configuration.GetSection("Apple"));
builder.Services.Configure<EconomyOptions>(builder.Configuration.GetSection("Economy"));
builder.Services.AddSingleton(_ => new AndroidPublisherService(new BaseClientService.Initializer
{
    HttpClientInitializer = GoogleCredential.GetApplicationDefault()
        .CreateScoped(AndroidPublisherService.Scope.Androidpublisher),
    ApplicationName = "pinecrest-store-service",
}));
builder.Services.AddSingleton<ProductCatalog>();
builder.Services.AddSingleton<PurchaseStore>();
builder.Services.AddSingleton<ConsumeRetryQueue>();
builder.Services.AddSingleton<FeatureFlags>();
builder.Services.AddHttpClient<EconomyClient>();
builder.Services.AddHttpClient<AppStoreServerClient>();
builder.Services.AddScoped<PlayFulfiller>();
builder.Services.AddScoped<AppleFulfiller>();
builder.Services.AddScoped<VoidHandler>();
builder.Services.AddHostedService<ConsumeRetrySweeper>();
builder.Services.AddHostedService<VoidedPurchasesSync>();
builder.Services.AddControllers();

var app = builder.Build();
app.Logger.LogInformation("store-service {Version} ({Commit}) starting, environment {Environment}",
    Environment.GetEnvironmentVariable("APP_VERSION") ?? "dev",
    Environment.GetEnvironmentVariable("GIT_COMMIT") ?? "none",
    app.Environment.EnvironmentName);
app.MapControllers();
app.MapGet("/healthz", () => Results.Ok());
app.Run();
"""

PRODUCT_V1 = """namespace Pinecrest.Store.Catalog;

public enum Platform { Play, Apple }

/// <summary>What a purchase puts in the player's wallet.</summary>
public sealed record Grant(string Currency, int Amount, string? ItemId = null);

/// <summary>A product as one store sells it: the store's product id (sku)
/// and our offer id, which the economy and analytics use.</summary>
public sealed record StoreProduct(Platform Platform, string Sku, string OfferId, IReadOnlyList<Grant> Grants);
"""

CATALOG_V1 = """using System.Text.Json;

namespace Pinecrest.Store.Catalog;

/// <summary>config/catalog.json: the products of each store.</summary>
public sealed class ProductCatalog
{
    private readonly Dictionary<(Platform, string), StoreProduct> _bySku = new();

    public ProductCatalog(IConfiguration config)
    {
        var path = config["Catalog:Path"] ?? "config/catalog.json";
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var (platform, key) in new[] { (Platform.Play, "play"), (Platform.Apple, "apple") })
        {
            foreach (var p in doc.RootElement.GetProperty(key).EnumerateArray())
            {
                var grants = p.GetProperty("grants").Deserialize<List<Grant>>(JsonOptions.Web)!;
                var product = new StoreProduct(platform, p.GetProperty("sku").GetString()!, p.GetProperty("offer").GetString()!, grants);
                _bySku[(platform, product.Sku)] = product;
            }
        }
    }

    public StoreProduct? Find(Platform platform, string sku) => _bySku.GetValueOrDefault((platform, sku));
}
"""


def catalog_json_v1():
    def grants(o):
        if o[0] == "season_pass":
            return '[{"currency": "pass", "amount": 1, "itemId": "season_14"}]'
        if o[0] == "starter_pack":
            return '[{"currency": "gems", "amount": 300}, {"currency": "skin", "amount": 1, "itemId": "skin_tidecaller"}]'
        return f'[{{"currency": "gems", "amount": {o[2]}}}]'

    play = ",\n".join(f'    {{"sku": "{PACKAGE}.{o[1]}", "offer": "{o[0]}", "grants": {grants(o)}}}' for o in OFFERS)
    apple = ",\n".join(f'    {{"sku": "{PACKAGE}.{o[1]}", "offer": "{o[0]}", "grants": {grants(o)}}}' for o in OFFERS)
    return f'{{\n  "play": [\n{play}\n  ],\n  "apple": [\n{apple}\n  ]\n}}\n'


def catalog_json_v2():
    def grants(o):
        if o[0] == "season_pass":
            return '[{"currency": "pass", "amount": 1, "itemId": "season_14"}]'
        if o[0] == "starter_pack":
            return '[{"currency": "gems", "amount": 300}, {"currency": "skin", "amount": 1, "itemId": "skin_tidecaller"}]'
        return f'[{{"currency": "gems", "amount": {o[2]}}}]'

    offers = ",\n".join(
        f'    {{\n      "id": "{o[0]}",\n      "playProductId": "{PACKAGE}.{o[1]}",\n      "appleProductId": "{PACKAGE}.{o[1]}",\n      "grants": {grants(o)}\n    }}'
        for o in OFFERS)
    return f'{{\n  "offers": [\n{offers}\n  ]\n}}\n'


PLAY_FULFILLER_V1 = """using Google;
using Google.Apis.AndroidPublisher.v3;
using Microsoft.Extensions.Options;
using Pinecrest.Store.Catalog;
using Pinecrest.Store.Economy;
using Pinecrest.Store.Purchases;

namespace Pinecrest.Store.Play;

/// <summary>
/// Checks a Google Play purchase with the Android Publisher API, grants its
/// items once per order and consumes it. The client never consumes or
/// acknowledges: we do, after the grant, so that a crash between the two
/// cannot lose a purchase. Consuming acknowledges; Google refunds a purchase
/// that is not acknowledged within three days.
/// </summary>
public sealed class PlayFulfiller
{
    private readonly AndroidPublisherService _publisher;
    private readonly ProductCatalog _catalog;
    private readonly PurchaseStore _purchases;
    private readonly EconomyClient _economy;
    private readonly ConsumeRetryQueue _retries;
    private readonly PlayOptions _options;
    private readonly ILogger<PlayFulfiller> _log;

    public PlayFulfiller(AndroidPublisherService publisher, ProductCatalog catalog, PurchaseStore purchases,
        EconomyClient economy, ConsumeRetryQueue retries, IOptions<PlayOptions> options, ILogger<PlayFulfiller> log)
    {
        _publisher = publisher;
        _catalog = catalog;
        _purchases = purchases;
        _economy = economy;
        _retries = retries;
        _options = options.Value;
        _log = log;
    }

    public async Task<FulfilResult> FulfilAsync(PlayPurchaseRequest req, CancellationToken ct)
    {
        var product = _catalog.Find(Platform.Play, req.ProductId);
        if (product is null)
        {
            _log.LogWarning("Play purchase for unknown product {Sku} player={PlayerId}", req.ProductId, req.PlayerId);
            return FulfilResult.UnknownProduct;
        }

        var purchase = await _publisher.Purchases.Products
            .Get(_options.PackageName, req.ProductId, req.PurchaseToken)
            .ExecuteAsync(ct);
        if (purchase.PurchaseState != 0)
            return FulfilResult.NotPurchased;

        var record = await _purchases.RecordAsync(Platform.Play, purchase.OrderId, req.PlayerId, product.OfferId, ct);
        if (record.IsNew)
        {
            await _economy.CreditAsync(req.PlayerId, product.Grants, purchase.OrderId, ct);
            _log.LogInformation("Play purchase fulfilled order={OrderId} offer={OfferId} sku={Sku} player={PlayerId}",
                purchase.OrderId, product.OfferId, product.Sku, req.PlayerId);
        }
        else
        {
            _log.LogInformation("Play purchase already fulfilled order={OrderId} offer={OfferId} player={PlayerId}",
                purchase.OrderId, product.OfferId, req.PlayerId);
        }

        if (purchase.ConsumptionState == 0)
            await ConsumeAsync(req.ProductId, req.PurchaseToken, purchase.OrderId, ct);
        return FulfilResult.Granted(record.GrantId);
    }

    private async Task ConsumeAsync(string productId, string token, string orderId, CancellationToken ct)
    {
        try
        {
            await _publisher.Purchases.Products.Consume(_options.PackageName, productId, token).ExecuteAsync(ct);
            await _purchases.MarkConsumedAsync(orderId, ct);
        }
        catch (GoogleApiException e) when ((int)e.HttpStatusCode == 429 || (int)e.HttpStatusCode >= 500)
        {
            _log.LogWarning("Play consume failed order={OrderId} product={ProductId} status={Status}; queued for retry",
                orderId, productId, (int)e.HttpStatusCode);
            await _retries.EnqueueAsync(orderId, productId, token, ct);
        }
        catch (GoogleApiException e)
        {
            // 4xx: a retry gets the same answer (already consumed, refunded, a test order).
            _log.LogWarning("Play consume failed order={OrderId} product={ProductId} status={Status}: {Error} (not retried)",
                orderId, productId, (int)e.HttpStatusCode, e.Message);
        }
    }
}
"""

APPLE_FULFILLER_V1 = """using Microsoft.Extensions.Options;
using Pinecrest.Store.Catalog;
using Pinecrest.Store.Economy;
using Pinecrest.Store.Purchases;

namespace Pinecrest.Store.Apple;

/// <summary>
/// Checks an App Store transaction with the App Store Server API (Get
/// Transaction Info, JWS verified against Apple's root) and grants it once.
/// The client finishes the transaction when we answer 200; nothing to
/// acknowledge on Apple's side.
/// </summary>
public sealed class AppleFulfiller
{
    private readonly AppStoreServerClient _client;
    private readonly ProductCatalog _catalog;
    private readonly PurchaseStore _purchases;
    private readonly EconomyClient _economy;
    private readonly ILogger<AppleFulfiller> _log;

    public AppleFulfiller(AppStoreServerClient client, ProductCatalog catalog, PurchaseStore purchases,
        EconomyClient economy, ILogger<AppleFulfiller> log)
    {
        _client = client;
        _catalog = catalog;
        _purchases = purchases;
        _economy = economy;
        _log = log;
    }

    public async Task<FulfilResult> FulfilAsync(ApplePurchaseRequest req, CancellationToken ct)
    {
        var tx = await _client.GetTransactionAsync(req.TransactionId, ct);
        var product = _catalog.Find(Platform.Apple, tx.ProductId);
        if (product is null)
            return FulfilResult.UnknownProduct;

        var record = await _purchases.RecordAsync(Platform.Apple, tx.TransactionId, req.PlayerId, product.OfferId, ct);
        if (record.IsNew)
            await _economy.CreditAsync(req.PlayerId, product.Grants, tx.TransactionId, ct);
        _log.LogInformation("App Store transaction fulfilled transaction={TransactionId} offer={OfferId} player={PlayerId} new={IsNew} env={Environment}",
            tx.TransactionId, product.OfferId, req.PlayerId, record.IsNew, tx.Environment);
        return FulfilResult.Granted(record.GrantId);
    }
}
"""

APPSTORE_CLIENT = """using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Pinecrest.Store.Apple;

public sealed record AppStoreTransaction(string TransactionId, string ProductId, string Environment, DateTimeOffset PurchaseDate);

/// <summary>App Store Server API: GET /inApps/v1/transactions/{id} with an
/// ES256 token from the in-app purchase key; the signedTransactionInfo JWS is
/// verified with Apple's root certificate.</summary>
public sealed class AppStoreServerClient
{
    private readonly HttpClient _http;
    private readonly AppleOptions _options;
    private readonly JwsVerifier _verifier;

    public AppStoreServerClient(HttpClient http, IOptions<AppleOptions> options)
    {
        _http = http;
        _options = options.Value;
        _verifier = new JwsVerifier(_options.RootCertificatePath);
        _http.BaseAddress = new Uri(_options.BaseUrl);
        _http.Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
    }

    public async Task<AppStoreTransaction> GetTransactionAsync(string transactionId, CancellationToken ct)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, $"inApps/v1/transactions/{transactionId}");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken.Create(_options));
        using var resp = await _http.SendAsync(req, ct);
        resp.EnsureSuccessStatusCode();
        var body = await resp.Content.ReadFromJsonAsync<SignedTransactionResponse>(cancellationToken: ct);
        return _verifier.VerifyTransaction(body!.SignedTransactionInfo);
    }
}
"""

RTDN_V1 = """using Microsoft.AspNetCore.Mvc;
using Pinecrest.Store.Catalog;

namespace Pinecrest.Store.Play;

/// <summary>Real-time Developer Notifications, pushed by the Pub/Sub
/// subscription play-rtdn-store (OIDC token checked by PushAuth).</summary>
[ApiController]
[Route("rtdn/play")]
public sealed class PlayRtdnController : ControllerBase
{
    private readonly PushAuth _auth;
    private readonly VoidHandler _voids;
    private readonly ILogger<PlayRtdnController> _log;

    public PlayRtdnController(PushAuth auth, VoidHandler voids, ILogger<PlayRtdnController> log)
    {
        _auth = auth;
        _voids = voids;
        _log = log;
    }

    [HttpPost]
    public async Task<IActionResult> Post([FromBody] PubSubPush push, CancellationToken ct)
    {
        if (!_auth.IsValid(Request))
            return Unauthorized();
        var n = DeveloperNotification.Parse(push.Message.Data);
        if (n.VoidedPurchaseNotification is { } v)
        {
            var revoked = await _voids.RevokeAsync(Platform.Play, v.OrderId, ct);
            _log.LogInformation("RTDN voided purchase order={OrderId} refundType={RefundType} revoked={Revoked}",
                v.OrderId, v.RefundType, revoked.Revoked);
        }
        else if (n.TestNotification is not null)
        {
            _log.LogInformation("RTDN test notification");
        }
        return NoContent();
    }
}
"""

VOID_HANDLER = """using Pinecrest.Store.Catalog;
using Pinecrest.Store.Economy;
using Pinecrest.Store.Flags;
using Pinecrest.Store.Purchases;

namespace Pinecrest.Store.Play;

public sealed record RevokeResult(bool Revoked, PurchaseRecord? Purchase);

/// <summary>Takes back what a voided purchase granted. economy-api lets the
/// wallet go negative (shop and gifting locked until it is positive again).
/// Unleash flag store.revoke-on-void turns revocation off.</summary>
public sealed class VoidHandler
{
    private readonly PurchaseStore _purchases;
    private readonly EconomyClient _economy;
    private readonly FeatureFlags _flags;
    private readonly ILogger<VoidHandler> _log;

    public VoidHandler(PurchaseStore purchases, EconomyClient economy, FeatureFlags flags, ILogger<VoidHandler> log)
    {
        _purchases = purchases;
        _economy = economy;
        _flags = flags;
        _log = log;
    }

    public async Task<RevokeResult> RevokeAsync(Platform platform, string orderId, CancellationToken ct)
    {
        var purchase = await _purchases.FindAsync(platform, orderId, ct);
        if (purchase is null)
            return new RevokeResult(false, null);
        await _purchases.MarkVoidedAsync(purchase, ct);
        if (!_flags.IsEnabled("store.revoke-on-void"))
            return new RevokeResult(false, purchase);
        await _economy.DebitAsync(purchase.PlayerId, purchase.Grants, orderId, "store_void", ct);
        return new RevokeResult(true, purchase);
    }
}
"""

SYNC_V1 = """using Google.Apis.AndroidPublisher.v3;
using Microsoft.Extensions.Options;

namespace Pinecrest.Store.Play;

/// <summary>Every hour at :05, reads purchases.voidedpurchases.list since the
/// last run (one pod, advisory lock) and logs the voids by reason; orders
/// RTDN missed are revoked here.</summary>
public sealed class VoidedPurchasesSync : BackgroundService
{
    private static string ReasonName(int? reason) => reason switch
    {
        0 => "Other",
        1 => "Remorse",
        2 => "Not_received",
        3 => "Defective",
        4 => "Accidental_purchase",
        5 => "Fraud",
        6 => "Friendly_fraud",
        7 => "Chargeback",
        _ => $"Unknown({reason})",
    };

    private readonly AndroidPublisherService _publisher;
    private readonly IServiceScopeFactory _scopes;
    private readonly PlayOptions _options;
    private readonly ILogger<VoidedPurchasesSync> _log;

    public VoidedPurchasesSync(AndroidPublisherService publisher, IServiceScopeFactory scopes,
        IOptions<PlayOptions> options, ILogger<VoidedPurchasesSync> log)
    {
        _publisher = publisher;
        _scopes = scopes;
        _options = options.Value;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Schedule.UntilNextHourAt(minute: 5, ct);
            using var scope = _scopes.CreateScope();
            var cursor = scope.ServiceProvider.GetRequiredService<SyncCursor>();
            if (!await cursor.TryLockAsync("voided-purchases", ct))
                continue;
            var since = await cursor.GetAsync("voided-purchases", ct);
            var list = _publisher.Purchases.Voidedpurchases.List(_options.PackageName);
            list.StartTime = since.ToUnixTimeMilliseconds();
            list.MaxResults = 1000;
            var response = await list.ExecuteAsync(ct);
            var voided = response.VoidedPurchases ?? new List<Google.Apis.AndroidPublisher.v3.Data.VoidedPurchase>();
            var byReason = voided.GroupBy(v => ReasonName(v.VoidedReason))
                .OrderByDescending(g => g.Count())
                .Select(g => $"{g.Key}={g.Count()}");
            _log.LogInformation("Voided purchases sync: {Count} voided since {Since:o} ({Reasons})",
                voided.Count, since, string.Join(", ", byReason));
            await cursor.SetAsync("voided-purchases", DateTimeOffset.UtcNow, ct);
        }
    }
}
"""

RETRY_SWEEPER = """using Google;
using Google.Apis.AndroidPublisher.v3;
using Microsoft.Extensions.Options;

namespace Pinecrest.Store.Play;

/// <summary>Retries consumes that failed with 429 or 5xx, every minute, up to
/// six times.</summary>
public sealed class ConsumeRetrySweeper : BackgroundService
{
    private readonly AndroidPublisherService _publisher;
    private readonly ConsumeRetryQueue _queue;
    private readonly PlayOptions _options;
    private readonly ILogger<ConsumeRetrySweeper> _log;

    public ConsumeRetrySweeper(AndroidPublisherService publisher, ConsumeRetryQueue queue,
        IOptions<PlayOptions> options, ILogger<ConsumeRetrySweeper> log)
    {
        _publisher = publisher;
        _queue = queue;
        _options = options.Value;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(ct))
        {
            foreach (var item in await _queue.DueAsync(ct))
            {
                try
                {
                    await _publisher.Purchases.Products.Consume(_options.PackageName, item.ProductId, item.Token).ExecuteAsync(ct);
                    await _queue.DoneAsync(item, ct);
                    _log.LogInformation("Play consume retried order={OrderId} attempt={Attempt}", item.OrderId, item.Attempt);
                }
                catch (GoogleApiException e)
                {
                    await _queue.FailedAsync(item, (int)e.HttpStatusCode, ct);
                }
            }
        }
    }
}
"""

FLAGS = """using Unleash;

namespace Pinecrest.Store.Flags;

/// <summary>Unleash flags (polled every 15 s); logs when one changes.</summary>
public sealed class FeatureFlags
{
    private readonly IUnleash _unleash;
    private readonly ILogger<FeatureFlags> _log;
    private readonly Dictionary<string, bool> _last = new();

    public FeatureFlags(IUnleash unleash, ILogger<FeatureFlags> log)
    {
        _unleash = unleash;
        _log = log;
    }

    public bool IsEnabled(string name)
    {
        var on = _unleash.IsEnabled(name, defaultSetting: true);
        lock (_last)
        {
            if (_last.TryGetValue(name, out var was) && was != on)
                _log.LogInformation("Feature flag {Flag} changed: {From} -> {To}", name, was ? "enabled" : "disabled", on ? "enabled" : "disabled");
            _last[name] = on;
        }
        return on;
    }
}
"""

APPSETTINGS = """{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning",
      "System.Net.Http.HttpClient": "Warning"
    }
  },
  "Catalog": { "Path": "config/catalog.json" },
  "Play": {
    "PackageName": "com.pinecrest.tidebreakers",
    "RtdnAudience": "https://store.tidebreakers.pinecrest.games/rtdn/play"
  },
  "Apple": {
    "BaseUrl": "https://api.storekit.itunes.apple.com/",
    "BundleId": "com.pinecrest.tidebreakers",
    "KeyId": "7QX2K9M4TB",
    "IssuerId": "69a6de7f-2c1e-47e3-e053-5b8c7c11a4d1",
    "RootCertificatePath": "/etc/apple/AppleRootCA-G3.cer",
    "TimeoutSeconds": 10
  },
  "Economy": { "BaseUrl": "http://economy-api.economy.svc.cluster.local:8080/" },
  "Unleash": { "Url": "http://unleash.platform.svc.cluster.local:4242/api/", "AppName": "store-service" }
}
"""

KUSTOMIZATION = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: store
resources:
  - ../../base
images:
  - name: europe-west1-docker.pkg.dev/pinecrest-prod/services/store-service
    newTag: "2.29.3"
replicas:
  - name: store-service
    count: 3
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: store-service
  labels: { app: store-service }
spec:
  selector:
    matchLabels: { app: store-service }
  strategy:
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  template:
    metadata:
      labels: { app: store-service }
    spec:
      serviceAccountName: store-service
      containers:
        - name: store-service
          image: europe-west1-docker.pkg.dev/pinecrest-prod/services/store-service
          ports: [{ containerPort: 8080 }]
          env:
            - { name: ASPNETCORE_ENVIRONMENT, value: Production }
            - { name: ASPNETCORE_URLS, value: "http://+:8080" }
          resources:
            requests: { cpu: 500m, memory: 512Mi }
            limits: { memory: 768Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: 8080 }
            periodSeconds: 5
"""

CI = """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-dotnet@v4
        with:
          dotnet-version: '8.0.x'
      - run: dotnet test tests/Pinecrest.Store.Tests
"""

RELEASE_WF = """name: release
on:
  workflow_dispatch:
    inputs:
      version: { description: "x.y.z", required: true }
jobs:
  release:
    runs-on: ubuntu-24.04
    permissions: { contents: write, id-token: write }
    steps:
      - uses: actions/checkout@v4
      - uses: google-github-actions/auth@v2
        with: { workload_identity_provider: "projects/418220931177/locations/global/workloadIdentityPools/gha/providers/github", service_account: "gha-release@pinecrest-prod.iam.gserviceaccount.com" }
      - run: make image push VERSION=${{ inputs.version }} COMMIT=${GITHUB_SHA::7}
      - run: |
          cd deploy/overlays/production && kustomize edit set image europe-west1-docker.pkg.dev/pinecrest-prod/services/store-service:${{ inputs.version }}
          git commit -am "release: store-service ${{ inputs.version }}" && git push
"""

TESTS_V1 = """using Pinecrest.Store.Catalog;
using Pinecrest.Store.Play;
using Xunit;

namespace Pinecrest.Store.Tests;

public class PlayFulfillerTests
{
    [Fact]
    public async Task Grants_an_order_once()
    {
        var fake = new FakePublisher().WithPurchase("tok-1", "GPA.0000-0000-0000-00001", "com.pinecrest.tidebreakers.gems_500");
        var economy = new FakeEconomy();
        var fulfiller = TestFulfiller.Create(fake, economy);
        var req = new PlayPurchaseRequest("p_test1", "com.pinecrest.tidebreakers.gems_500", "tok-1");

        await fulfiller.FulfilAsync(req, default);
        await fulfiller.FulfilAsync(req, default);

        Assert.Single(economy.Credits);
    }
}
"""

RUNBOOK_V1 = """# store-service runbook

Owner: #team-store. Dashboards: Grafana > Store > Purchases, Store > Voids.

## StorePurchaseErrors

More than 2 % of `POST /v2/store/purchases/*` answer 5xx for 10 minutes.
Check the Android Publisher / App Store Server API errors in the pod logs;
Google's and Apple's status pages; economy-api's health (#team-economy).

## StorePlayVoidsHigh

More than 30 voided Play purchases in 15 minutes (RTDN). Each void revokes
what the order granted; wallets can go negative. See the voided sync's
reasons (hourly, `Voided purchases sync`).

## AppStoreServerApiErrors

App Store Server API 5xx or timeouts. Apple retries nothing for us: the
client resends the transaction at the next app start.
"""

README = """# store-service

The Tidebreakers in-game store's server side: checks App Store and Google
Play purchases, grants them through economy-api once per order, consumes
Play purchases, and takes back what voided purchases granted.

- `POST /v2/store/purchases/play` - `{playerId, productId, purchaseToken}`
- `POST /v2/store/purchases/apple` - `{playerId, transactionId}`
- `POST /rtdn/play` - Pub/Sub push of Play's Real-time Developer Notifications
- `GET /v2/store/catalog?platform=...`

## Running locally

```
docker compose up -d postgres
dotnet run --project src/Pinecrest.Store
```

## Deploying

`release` workflow (manual): builds the image and commits the new tag to
`deploy/overlays/production`; Argo CD syncs `store-service` from `main`.
"""


def build_repo():
    repo = Repo()
    aino = Person("Aino Virtanen", "aino.virtanen@pinecrest.games", 120)
    mikko = Person("Mikko Lehtonen", "mikko.lehtonen@pinecrest.games", 120)
    sofia = Person("Sofia Marques", "sofia.marques@pinecrest.games", 0)
    daniel = Person("Daniel Okafor", "daniel.okafor@pinecrest.games", 0)
    # EU summer time from Sunday 29 March
    aino_s = Person("Aino Virtanen", "aino.virtanen@pinecrest.games", 180)
    mikko_s = Person("Mikko Lehtonen", "mikko.lehtonen@pinecrest.games", 180)
    sofia_s = Person("Sofia Marques", "sofia.marques@pinecrest.games", 60)
    daniel_s = Person("Daniel Okafor", "daniel.okafor@pinecrest.games", 60)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    release_bot = Person("pinecrest-release[bot]", "release-bot@pinecrest.games", 0)

    src = "src/Pinecrest.Store"
    pf = f"{src}/Play/PlayFulfiller.cs"
    files = {
        "Pinecrest.Store.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Pinecrest.Store\", \"src\\Pinecrest.Store\\Pinecrest.Store.csproj\", \"{5B1E3C8A-2F0D-4B7E-9E4A-1C2D3E4F5A6B}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Pinecrest.Store.Tests\", \"tests\\Pinecrest.Store.Tests\\Pinecrest.Store.Tests.csproj\", \"{8C2F4D9B-3A1E-4C8F-AF5B-2D3E4F5A6B7C}\"\nEndProject\n",
        f"{src}/Pinecrest.Store.csproj": CSPROJ,
        f"{src}/Program.cs": PROGRAM,
        f"{src}/Catalog/StoreProduct.cs": PRODUCT_V1,
        f"{src}/Catalog/ProductCatalog.cs": CATALOG_V1,
        f"{src}/Play/PlayFulfiller.cs": PLAY_FULFILLER_V1,
        f"{src}/Play/PlayRtdnController.cs": RTDN_V1,
        f"{src}/Play/VoidHandler.cs": VOID_HANDLER,
        f"{src}/Play/VoidedPurchasesSync.cs": SYNC_V1,
        f"{src}/Play/ConsumeRetrySweeper.cs": RETRY_SWEEPER,
        f"{src}/Flags/FeatureFlags.cs": FLAGS,
        f"{src}/Apple/AppleFulfiller.cs": APPLE_FULFILLER_V1,
        f"{src}/Apple/AppStoreServerClient.cs": APPSTORE_CLIENT,
        f"{src}/appsettings.json": APPSETTINGS,
        "config/catalog.json": catalog_json_v1(),
        "tests/Pinecrest.Store.Tests/Pinecrest.Store.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Nullable>enable</Nullable>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"17.11.1\" />\n    <PackageReference Include=\"xunit\" Version=\"2.9.2\" />\n    <PackageReference Include=\"xunit.runner.visualstudio\" Version=\"2.8.2\" />\n  </ItemGroup>\n  <ItemGroup>\n    <ProjectReference Include=\"..\\..\\src\\Pinecrest.Store\\Pinecrest.Store.csproj\" />\n  </ItemGroup>\n</Project>\n",
        "tests/Pinecrest.Store.Tests/PlayFulfillerTests.cs": TESTS_V1,
        "deploy/base/deployment.yaml": DEPLOYMENT,
        "deploy/base/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - service.yaml\n",
        "deploy/base/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: store-service\nspec:\n  selector: { app: store-service }\n  ports: [{ port: 8080, targetPort: 8080 }]\n",
        "deploy/overlays/production/kustomization.yaml": KUSTOMIZATION,
        ".github/workflows/ci.yml": CI,
        ".github/workflows/release.yml": RELEASE_WF,
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish src/Pinecrest.Store -c Release -o /out\n\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nARG VERSION=dev\nARG COMMIT=none\nENV APP_VERSION=$VERSION GIT_COMMIT=$COMMIT\nWORKDIR /app\nCOPY --from=build /out .\nCOPY config ./config\nENTRYPOINT [\"dotnet\", \"Pinecrest.Store.dll\"]\n",
        "Makefile": "IMAGE := europe-west1-docker.pkg.dev/pinecrest-prod/services/store-service\nVERSION ?= dev\nCOMMIT ?= none\n\nimage:\n\tdocker build --build-arg VERSION=$(VERSION) --build-arg COMMIT=$(COMMIT) -t $(IMAGE):$(VERSION) .\n\npush:\n\tdocker push $(IMAGE):$(VERSION)\n\ntest:\n\tdotnet test tests/Pinecrest.Store.Tests\n",
        "CHANGELOG.md": "# Changelog\n\n## 2.29.3\n\n- STORE-398: App Store Server API timeout 10 s.\n",
        "README.md": README,
        "docs/runbook.md": RUNBOOK_V1,
    }
    repo.commit(utc("2026-03-23 08:40:00"), aino, "store-service: move to its own repository (from the backend monorepo at 2.29.3)", files)
    crng = random.Random(59103)
    repo.schedule(chores(crng, SERVICE, [aino, sofia, daniel], utc("2026-03-23 10:00:00"), utc("2026-03-25 16:00:00"), 3)
                  + chores(crng, SERVICE, [sofia, daniel], utc("2026-03-26 08:00:00"), utc("2026-03-26 16:00:00"), 1))

    repo.commit(utc("2026-03-24 09:12:00"), bot, "chore(deps): update dependency Npgsql to 8.0.6", {
        f"{src}/Pinecrest.Store.csproj": sub(repo.files[f"{src}/Pinecrest.Store.csproj"], 'Include="Npgsql" Version="8.0.5"', 'Include="Npgsql" Version="8.0.6"'),
    })
    repo.commit(utc("2026-03-25 13:40:00"), daniel, "voided sync: page through voidedpurchases.list (STORE-410)\n\nThe list answers at most 1000 voids per page; last month's chargeback\nbatch from a bank had more and the rest were only revoked by RTDN.", {
        f"{src}/Play/VoidedPurchasesSync.cs": sub(repo.files[f"{src}/Play/VoidedPurchasesSync.cs"],
            """            var response = await list.ExecuteAsync(ct);
            var voided = response.VoidedPurchases ?? new List<Google.Apis.AndroidPublisher.v3.Data.VoidedPurchase>();
""", """            var voided = new List<Google.Apis.AndroidPublisher.v3.Data.VoidedPurchase>();
            do
            {
                var response = await list.ExecuteAsync(ct);
                voided.AddRange(response.VoidedPurchases ?? Enumerable.Empty<Google.Apis.AndroidPublisher.v3.Data.VoidedPurchase>());
                list.Token = response.TokenPagination?.NextPageToken;
            } while (list.Token is not null);
"""),
    })
    repo.commit(utc("2026-03-26 09:05:00"), mikko, "tests: a Play purchase is consumed once it is granted (STORE-409)", {
        "tests/Pinecrest.Store.Tests/PlayFulfillerTests.cs": sub(repo.files["tests/Pinecrest.Store.Tests/PlayFulfillerTests.cs"], """        Assert.Single(economy.Credits);
    }
""", """        Assert.Single(economy.Credits);
    }

    [Fact]
    public async Task Consumes_after_the_grant()
    {
        var fake = new FakePublisher().WithPurchase("tok-2", "GPA.0000-0000-0000-00002", "com.pinecrest.tidebreakers.gems_100");
        var economy = new FakeEconomy();
        var fulfiller = TestFulfiller.Create(fake, economy);

        await fulfiller.FulfilAsync(new PlayPurchaseRequest("p_test2", "com.pinecrest.tidebreakers.gems_100", "tok-2"), default);

        Assert.Single(fake.Consumed);
        Assert.True(economy.Credits[0].At < fake.Consumed[0].At);
    }
"""),
    })

    # --- the culprit
    culprit = repo.commit(utc("2026-03-27 11:48:00"), mikko, "store: one offer per catalog entry for both stores (STORE-412)\n\nThe catalog listed every product twice, once per store, with the same\noffer id and grants; the season 14 pass was added to Play and forgotten\nfor the App Store. An Offer now carries our id, its Play and App Store\nproduct ids and its grants, and both fulfilment paths take the offer:\none place to add a product, one record per order with the offer id.", {
        f"{src}/Catalog/StoreProduct.cs": None,
        f"{src}/Catalog/Offer.cs": """namespace Pinecrest.Store.Catalog;

public enum Platform { Play, Apple }

/// <summary>What a purchase puts in the player's wallet.</summary>
public sealed record Grant(string Currency, int Amount, string? ItemId = null);

/// <summary>One entry of the store: our offer id (economy, analytics, the
/// client's store screen), the product id of each store, and the grants.</summary>
public sealed record Offer(string Id, string PlayProductId, string AppleProductId, IReadOnlyList<Grant> Grants)
{
    public string ProductId(Platform platform) => platform == Platform.Play ? PlayProductId : AppleProductId;
}
""",
        f"{src}/Catalog/ProductCatalog.cs": None,
        f"{src}/Catalog/OfferCatalog.cs": """using System.Text.Json;

namespace Pinecrest.Store.Catalog;

/// <summary>config/catalog.json: one entry per offer, with each store's
/// product id.</summary>
public sealed class OfferCatalog
{
    private readonly Dictionary<(Platform, string), Offer> _byProductId = new();

    public OfferCatalog(IConfiguration config)
    {
        var path = config["Catalog:Path"] ?? "config/catalog.json";
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var offers = doc.RootElement.GetProperty("offers").Deserialize<List<Offer>>(JsonOptions.Web)!;
        foreach (var offer in offers)
        {
            _byProductId[(Platform.Play, offer.PlayProductId)] = offer;
            _byProductId[(Platform.Apple, offer.AppleProductId)] = offer;
        }
    }

    public Offer? Resolve(Platform platform, string productId) => _byProductId.GetValueOrDefault((platform, productId));
}
""",
        "config/catalog.json": catalog_json_v2(),
        f"{src}/Program.cs": sub(repo.files[f"{src}/Program.cs"], "builder.Services.AddSingleton<ProductCatalog>();", "builder.Services.AddSingleton<OfferCatalog>();"),
        pf: sub(repo.files[pf],
                "    private readonly ProductCatalog _catalog;\n", "    private readonly OfferCatalog _catalog;\n",
                "    public PlayFulfiller(AndroidPublisherService publisher, ProductCatalog catalog,", "    public PlayFulfiller(AndroidPublisherService publisher, OfferCatalog catalog,",
                """        var product = _catalog.Find(Platform.Play, req.ProductId);
        if (product is null)
        {
            _log.LogWarning("Play purchase for unknown product {Sku} player={PlayerId}", req.ProductId, req.PlayerId);
            return FulfilResult.UnknownProduct;
        }

        var purchase = await _publisher.Purchases.Products
            .Get(_options.PackageName, req.ProductId, req.PurchaseToken)
            .ExecuteAsync(ct);
        if (purchase.PurchaseState != 0)
            return FulfilResult.NotPurchased;

        var record = await _purchases.RecordAsync(Platform.Play, purchase.OrderId, req.PlayerId, product.OfferId, ct);
        if (record.IsNew)
        {
            await _economy.CreditAsync(req.PlayerId, product.Grants, purchase.OrderId, ct);
            _log.LogInformation("Play purchase fulfilled order={OrderId} offer={OfferId} sku={Sku} player={PlayerId}",
                purchase.OrderId, product.OfferId, product.Sku, req.PlayerId);
        }
        else
        {
            _log.LogInformation("Play purchase already fulfilled order={OrderId} offer={OfferId} player={PlayerId}",
                purchase.OrderId, product.OfferId, req.PlayerId);
        }

        if (purchase.ConsumptionState == 0)
            await ConsumeAsync(req.ProductId, req.PurchaseToken, purchase.OrderId, ct);
        return FulfilResult.Granted(record.GrantId);
    }

    private async Task ConsumeAsync(string productId, string token, string orderId, CancellationToken ct)
    {
        try
        {
            await _publisher.Purchases.Products.Consume(_options.PackageName, productId, token).ExecuteAsync(ct);
            await _purchases.MarkConsumedAsync(orderId, ct);
        }
        catch (GoogleApiException e) when ((int)e.HttpStatusCode == 429 || (int)e.HttpStatusCode >= 500)
        {
            _log.LogWarning("Play consume failed order={OrderId} product={ProductId} status={Status}; queued for retry",
                orderId, productId, (int)e.HttpStatusCode);
            await _retries.EnqueueAsync(orderId, productId, token, ct);
        }
        catch (GoogleApiException e)
        {
            // 4xx: a retry gets the same answer (already consumed, refunded, a test order).
            _log.LogWarning("Play consume failed order={OrderId} product={ProductId} status={Status}: {Error} (not retried)",
                orderId, productId, (int)e.HttpStatusCode, e.Message);
        }
    }""", """        var offer = _catalog.Resolve(Platform.Play, req.ProductId);
        if (offer is null)
        {
            _log.LogWarning("Play purchase for unknown product {Sku} player={PlayerId}", req.ProductId, req.PlayerId);
            return FulfilResult.UnknownProduct;
        }

        var purchase = await _publisher.Purchases.Products
            .Get(_options.PackageName, offer.PlayProductId, req.PurchaseToken)
            .ExecuteAsync(ct);
        if (purchase.PurchaseState != 0)
            return FulfilResult.NotPurchased;

        var record = await _purchases.RecordAsync(Platform.Play, purchase.OrderId, req.PlayerId, offer, ct);
        if (record.IsNew)
        {
            await _economy.CreditAsync(req.PlayerId, offer.Grants, purchase.OrderId, ct);
            _log.LogInformation("Play purchase fulfilled order={OrderId} offer={OfferId} sku={Sku} player={PlayerId}",
                purchase.OrderId, offer.Id, offer.PlayProductId, req.PlayerId);
        }
        else
        {
            _log.LogInformation("Play purchase already fulfilled order={OrderId} offer={OfferId} player={PlayerId}",
                purchase.OrderId, offer.Id, req.PlayerId);
        }

        if (purchase.ConsumptionState == 0)
            await ConsumeAsync(offer, req.PurchaseToken, purchase.OrderId, ct);
        return FulfilResult.Granted(record.GrantId);
    }

    private async Task ConsumeAsync(Offer offer, string token, string orderId, CancellationToken ct)
    {
        try
        {
            await _publisher.Purchases.Products.Consume(_options.PackageName, offer.Id, token).ExecuteAsync(ct);
            await _purchases.MarkConsumedAsync(orderId, ct);
        }
        catch (GoogleApiException e) when ((int)e.HttpStatusCode == 429 || (int)e.HttpStatusCode >= 500)
        {
            _log.LogWarning("Play consume failed order={OrderId} product={ProductId} status={Status}; queued for retry",
                orderId, offer.Id, (int)e.HttpStatusCode);
            await _retries.EnqueueAsync(orderId, offer.PlayProductId, token, ct);
        }
        catch (GoogleApiException e)
        {
            // 4xx: a retry gets the same answer (already consumed, refunded, a test order).
            _log.LogWarning("Play consume failed order={OrderId} product={ProductId} status={Status}: {Error} (not retried)",
                orderId, offer.Id, (int)e.HttpStatusCode, e.Message);
        }
    }"""),
        f"{src}/Apple/AppleFulfiller.cs": sub(repo.files[f"{src}/Apple/AppleFulfiller.cs"],
            "    private readonly ProductCatalog _catalog;\n", "    private readonly OfferCatalog _catalog;\n",
            "    public AppleFulfiller(AppStoreServerClient client, ProductCatalog catalog,", "    public AppleFulfiller(AppStoreServerClient client, OfferCatalog catalog,",
            """        var product = _catalog.Find(Platform.Apple, tx.ProductId);
        if (product is null)
            return FulfilResult.UnknownProduct;

        var record = await _purchases.RecordAsync(Platform.Apple, tx.TransactionId, req.PlayerId, product.OfferId, ct);
        if (record.IsNew)
            await _economy.CreditAsync(req.PlayerId, product.Grants, tx.TransactionId, ct);
        _log.LogInformation("App Store transaction fulfilled transaction={TransactionId} offer={OfferId} player={PlayerId} new={IsNew} env={Environment}",
            tx.TransactionId, product.OfferId, req.PlayerId, record.IsNew, tx.Environment);""",
            """        var offer = _catalog.Resolve(Platform.Apple, tx.ProductId);
        if (offer is null)
            return FulfilResult.UnknownProduct;

        var record = await _purchases.RecordAsync(Platform.Apple, tx.TransactionId, req.PlayerId, offer, ct);
        if (record.IsNew)
            await _economy.CreditAsync(req.PlayerId, offer.Grants, tx.TransactionId, ct);
        _log.LogInformation("App Store transaction fulfilled transaction={TransactionId} offer={OfferId} player={PlayerId} new={IsNew} env={Environment}",
            tx.TransactionId, offer.Id, req.PlayerId, record.IsNew, tx.Environment);"""),
        "tests/Pinecrest.Store.Tests/PlayFulfillerTests.cs": repo.files["tests/Pinecrest.Store.Tests/PlayFulfillerTests.cs"] + """
public class OfferCatalogTests
{
    [Fact]
    public void Resolves_each_store_product_to_its_offer()
    {
        var catalog = TestCatalog.FromFile("../../../../../config/catalog.json");

        Assert.Equal("gems_500", catalog.Resolve(Platform.Play, "com.pinecrest.tidebreakers.gems_500")!.Id);
        Assert.Equal("season_pass", catalog.Resolve(Platform.Apple, "com.pinecrest.tidebreakers.season_pass_s14")!.Id);
    }
}
""",
    })
    docs_commit = repo.commit(utc("2026-03-27 12:31:00"), sofia, "docs: how a store purchase flows through the backend (STORE-414)", {
        "docs/purchase-flow.md": """# How a store purchase flows

1. The client buys through StoreKit 2 or Play Billing 7 and sends the
   purchase to `POST /v2/store/purchases/{apple|play}`. It does not finish
   (Apple) or consume/acknowledge (Play) on its own.
2. store-service checks it with Apple or Google, records the order once
   (`purchases`, unique per store order id) and asks economy-api to credit
   the offer's grants.
3. Apple: we answer 200 and the client finishes the transaction.
   Play: store-service consumes the purchase, which also acknowledges it.
   A consume that fails with 429/5xx is retried every minute
   (ConsumeRetrySweeper); a 4xx is logged and not retried (already
   consumed, a refunded order, a license tester's test order).
4. At app start the client sends again every Play purchase that Google
   still lists as owned and that it has no answer for (the app was killed,
   the network dropped); the order is already recorded, so it is only
   consumed.
5. Refunds and chargebacks: RTDN `voidedPurchaseNotification` (Play) and
   App Store Server Notifications `REFUND` revoke the grants unless
   `store.revoke-on-void` is off.
""",
    })
    fri_release = repo.commit(utc("2026-03-27 13:19:00"), release_bot, "release: store-service 2.30.0", {
        "deploy/overlays/production/kustomization.yaml": sub(repo.files["deploy/overlays/production/kustomization.yaml"], 'newTag: "2.29.3"', 'newTag: "2.30.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.30.0\n\n- STORE-412: one offer per catalog entry for both stores.\n- STORE-410: voided sync pages through the list.\n- STORE-414: docs on the purchase flow.\n"),
    })

    # --- Monday
    repo.commit(utc("2026-03-30 07:10:00"), bot, "chore(deps): update dependency Google.Apis.AndroidPublisher.v3 to 1.69.0.3512", {
        f"{src}/Pinecrest.Store.csproj": sub(repo.files[f"{src}/Pinecrest.Store.csproj"], 'Include="Google.Apis.AndroidPublisher.v3" Version="1.68.0.3455"', 'Include="Google.Apis.AndroidPublisher.v3" Version="1.69.0.3512"'),
    })
    repo.commit(utc("2026-03-30 08:26:00"), daniel_s, "runbook: waves of voided purchases (STORE-430)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## Waves of voided purchases

A wave of voids is almost always refund abuse: a group shares the "buy gems,
spend them, ask Google for a refund" trick (TikTok, Discord), or a carrier
billing fraud ring. What to do:

- Keep `store.revoke-on-void` on; revocation is what makes the trick stop
  paying. Negative wallets are expected.
- Check the reasons in the hourly `Voided purchases sync` line (Remorse,
  Friendly_fraud, Chargeback) and post them in #team-economy, who can turn
  on the refund-abuse rule (buying blocked after two refunds).
- If the wave started right after a deploy of ours, roll back first
  (Argo CD, disable auto-sync, History and Rollback) and look afterwards.
""",
    })
    rtdn = f"{src}/Play/PlayRtdnController.cs"
    repo.commit(utc("2026-03-30 09:41:00"), daniel_s, "rtdn: log what a voided purchase revokes (STORE-431)\n\nSupport could not tell from the logs which offer and player a void was\nfor, or how old the purchase was; refund abuse shows as voids of\npurchases a few hours old.", {
        rtdn: sub(repo.files[rtdn], """            var revoked = await _voids.RevokeAsync(Platform.Play, v.OrderId, ct);
            _log.LogInformation("RTDN voided purchase order={OrderId} refundType={RefundType} revoked={Revoked}",
                v.OrderId, v.RefundType, revoked.Revoked);""", """            var result = await _voids.RevokeAsync(Platform.Play, v.OrderId, ct);
            if (result.Purchase is not { } p)
            {
                _log.LogWarning("Play purchase voided order={OrderId} refundType={RefundType}: no such order", v.OrderId, v.RefundType);
                return NoContent();
            }
            var age = DateTimeOffset.UtcNow - p.PurchasedAt;
            _log.LogInformation("Play purchase voided order={OrderId} offer={OfferId} player={PlayerId} purchased={PurchasedAt:yyyy-MM-ddTHH:mm:ssZ} age={Age:d\\\\.hh\\\\:mm\\\\:ss} refundType={RefundType}; {Action}",
                v.OrderId, p.OfferId, p.PlayerId, p.PurchasedAt, age, v.RefundType,
                result.Revoked ? $"revoking {Describe(p.Grants)}" : "revocation skipped (store.revoke-on-void is off)");""",
                  """        return NoContent();
    }
}
""", """        return NoContent();
    }

    private static string Describe(IEnumerable<Grant> grants) =>
        string.Join(", ", grants.Select(g => g.ItemId is null ? $"{g.Amount} {g.Currency}" : $"{g.Currency} {g.ItemId}"));
}
"""),
    })
    apple = f"{src}/Apple/AppStoreServerClient.cs"
    repo.commit(utc("2026-03-30 10:55:00"), sofia_s, "apple: retry the App Store Server API on 5xx and timeouts (STORE-429)\n\nApple answered 503 for a few minutes on Saturday; those players only got\ntheir gems at the next app start.", {
        apple: sub(repo.files[apple], """        using var req = new HttpRequestMessage(HttpMethod.Get, $"inApps/v1/transactions/{transactionId}");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken.Create(_options));
        using var resp = await _http.SendAsync(req, ct);
        resp.EnsureSuccessStatusCode();""", """        HttpResponseMessage? resp = null;
        for (var attempt = 1; ; attempt++)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, $"inApps/v1/transactions/{transactionId}");
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken.Create(_options));
            try
            {
                resp = await _http.SendAsync(req, ct);
                if ((int)resp.StatusCode < 500 || attempt == _options.Attempts)
                    break;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested && attempt < _options.Attempts)
            {
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
        }
        using var _ = resp;
        resp.EnsureSuccessStatusCode();"""),
        f"{src}/appsettings.json": sub(repo.files[f"{src}/appsettings.json"], '    "TimeoutSeconds": 10\n', '    "TimeoutSeconds": 10,\n    "Attempts": 3\n'),
    })
    mon_head = repo.commit(utc("2026-03-30 11:31:00"), mikko_s, "play: check the purchase's obfuscated account id against the player (STORE-433)\n\nA purchase made on one account and sent with another player id (shared\ndevices, account switching) was granted to whoever sent it first.", {
        pf: sub(repo.files[pf], """        if (purchase.PurchaseState != 0)
            return FulfilResult.NotPurchased;
""", """        if (purchase.PurchaseState != 0)
            return FulfilResult.NotPurchased;
        if (purchase.ObfuscatedExternalAccountId is { } account && account != AccountHash.Of(req.PlayerId))
        {
            _log.LogWarning("Play purchase account mismatch order={OrderId} player={PlayerId}", purchase.OrderId, req.PlayerId);
            return FulfilResult.AccountMismatch;
        }
"""),
    })
    mon_release = repo.commit(utc("2026-03-30 12:46:00"), release_bot, "release: store-service 2.31.0", {
        "deploy/overlays/production/kustomization.yaml": sub(repo.files["deploy/overlays/production/kustomization.yaml"], 'newTag: "2.30.0"', 'newTag: "2.31.0"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.31.0\n\n- STORE-431: voided purchases logged with offer, player and age.\n- STORE-429: App Store Server API retries.\n- STORE-433: Play purchases checked against the obfuscated account id.\n- Google.Apis.AndroidPublisher.v3 1.69.0.3512.\n"),
    })

    # --- the fix, after the onset
    fix = repo.commit(utc("2026-03-30 15:14:00"), mikko_s, "play: consume with the Play product id, not the offer id (STORE-440)\n\nSTORE-412 passed the offer to ConsumeAsync and called Consume with\noffer.Id (gems_500) instead of offer.PlayProductId. Google answered 400\n\"The purchase token does not match the product ID.\", which we log and do\nnot retry, so no Play purchase was consumed (or acknowledged) since\nFriday's 2.30.0, and Google refunds each one after three days\n(voidedReason 8, Unacknowledged_purchase).\n\n- consume with offer.PlayProductId, and test the product id the fake sees\n- `dotnet Pinecrest.Store.dll consume-backfill --since ...` consumes the\n  recorded Play orders that are neither consumed nor voided\n- name voidedReason 8 in the sync's summary", {
        pf: sub(repo.files[pf], "            await _publisher.Purchases.Products.Consume(_options.PackageName, offer.Id, token).ExecuteAsync(ct);",
                "            await _publisher.Purchases.Products.Consume(_options.PackageName, offer.PlayProductId, token).ExecuteAsync(ct);",
                "                orderId, offer.Id, (int)e.HttpStatusCode);", "                orderId, offer.PlayProductId, (int)e.HttpStatusCode);",
                "                orderId, offer.Id, (int)e.HttpStatusCode, e.Message);", "                orderId, offer.PlayProductId, (int)e.HttpStatusCode, e.Message);"),
        f"{src}/Play/VoidedPurchasesSync.cs": sub(repo.files[f"{src}/Play/VoidedPurchasesSync.cs"], '        7 => "Chargeback",\n', '        7 => "Chargeback",\n        8 => "Unacknowledged_purchase",\n'),
        f"{src}/Play/ConsumeBackfill.cs": """using Google;
using Google.Apis.AndroidPublisher.v3;
using Microsoft.Extensions.Options;
using Pinecrest.Store.Catalog;
using Pinecrest.Store.Purchases;

namespace Pinecrest.Store.Play;

/// <summary>`consume-backfill --since <time>`: consumes every recorded Play
/// order since then that is neither consumed nor voided, oldest first (each
/// is refunded by Google three days after its purchase).</summary>
public static class ConsumeBackfill
{
    public static async Task<int> RunAsync(IServiceProvider services, DateTimeOffset since, CancellationToken ct)
    {
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Pinecrest.Store.Play.ConsumeBackfill");
        var publisher = services.GetRequiredService<AndroidPublisherService>();
        var purchases = services.GetRequiredService<PurchaseStore>();
        var catalog = services.GetRequiredService<OfferCatalog>();
        var package = services.GetRequiredService<IOptions<PlayOptions>>().Value.PackageName;
        var pending = await purchases.UnconsumedPlayOrdersAsync(since, ct);
        log.LogInformation("consume backfill: {Count} Play orders since {Since:o} not consumed", pending.Count, since);
        int done = 0, failed = 0;
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (p, token) =>
        {
            try
            {
                await publisher.Purchases.Products.Consume(package, catalog.Get(p.OfferId).PlayProductId, p.PurchaseToken).ExecuteAsync(token);
                await purchases.MarkConsumedAsync(p.OrderId, token);
                if (Interlocked.Increment(ref done) % 5000 == 0)
                    log.LogInformation("consume backfill: {Done} of {Count} consumed", done, pending.Count);
            }
            catch (GoogleApiException e)
            {
                Interlocked.Increment(ref failed);
                log.LogWarning("consume backfill: order={OrderId} status={Status}: {Error}", p.OrderId, (int)e.HttpStatusCode, e.Message);
            }
        });
        log.LogInformation("consume backfill: done, {Done} consumed, {Failed} failed", done, failed);
        return failed == 0 ? 0 : 1;
    }
}
""",
        "tests/Pinecrest.Store.Tests/PlayFulfillerTests.cs": sub(repo.files["tests/Pinecrest.Store.Tests/PlayFulfillerTests.cs"],
            "        Assert.Single(fake.Consumed);\n", "        Assert.Single(fake.Consumed);\n        Assert.Equal(\"com.pinecrest.tidebreakers.gems_100\", fake.Consumed[0].ProductId);\n"),
    })
    fix_release = repo.commit(utc("2026-03-30 15:28:00"), release_bot, "release: store-service 2.31.1", {
        "deploy/overlays/production/kustomization.yaml": sub(repo.files["deploy/overlays/production/kustomization.yaml"], 'newTag: "2.31.0"', 'newTag: "2.31.1"'),
        "CHANGELOG.md": sub(repo.files["CHANGELOG.md"], "# Changelog\n", "# Changelog\n\n## 2.31.1\n\n- STORE-440: consume Play purchases with the Play product id; consume-backfill.\n"),
    })
    return repo, {"culprit": culprit, "docs": docs_commit, "mon_head": mon_head, "fri": fri_release, "mon": mon_release, "fix": fix, "fix_release": fix_release}


# ---------------------------------------------------------------------------
# the logs

HOURLY = [0.55, 0.45, 0.38, 0.35, 0.38, 0.48, 0.60, 0.70, 0.78, 0.82, 0.85, 0.88,
          0.92, 0.95, 1.00, 1.05, 1.12, 1.22, 1.32, 1.38, 1.30, 1.10, 0.90, 0.70]
ANDROID_PER_MIN = 5.0
IOS_PER_MIN = 3.8
B32 = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
ANDROID_DEVICES = ["Android 14; SM-A546B", "Android 14; SM-S918B", "Android 13; SM-A135F", "Android 14; Pixel 8", "Android 13; Redmi Note 12",
                   "Android 14; CPH2581", "Android 12; SM-A127F", "Android 14; 23053RN02Y", "Android 15; Pixel 9", "Android 13; moto g54 5G"]
IOS_DEVICES = ["iPhone15,2; iOS 18.3.2", "iPhone14,5; iOS 18.3.2", "iPhone16,1; iOS 18.4", "iPhone13,2; iOS 17.7.5", "iPhone17,3; iOS 18.4",
               "iPad13,18; iPadOS 18.3.2"]
VOID_REASONS = [(0.40, 1), (0.15, 2), (0.15, 4), (0.10, 6), (0.08, 5), (0.07, 7), (0.05, 0)]
REASON_NAMES = {0: "Other", 1: "Remorse", 2: "Not_received", 3: "Defective", 4: "Accidental_purchase", 5: "Fraud",
                6: "Friendly_fraud", 7: "Chargeback"}


def daily(x):
    t = at(x)
    h = t.hour + t.minute / 60.0
    i = int(h) % 24
    f = h - int(h)
    m = HOURLY[i] * (1 - f) + HOURLY[(i + 1) % 24] * f
    if t.weekday() >= 5:
        m *= 1.25
    return m


def arrivals(rng, x0, x1, per_min):
    """Poisson arrivals whose rate (per minute) follows per_min(x), piecewise per minute."""
    out = []
    x = x0
    while x < x1:
        end = min(x1, x + 60.0)
        lam = per_min(x) / 60.0
        t = x
        while lam > 0:
            t += rng.expovariate(lam)
            if t >= end:
                break
            out.append(t)
        x = end
    return out


def pick(rng, weighted_list):
    total = sum(w for w, _ in weighted_list)
    r = rng.uniform(0, total)
    for w, v in weighted_list:
        r -= w
        if r <= 0:
            return v
    return weighted_list[-1][1]


def grants_of(offer):
    oid = offer[0]
    if oid == "season_pass":
        return [("pass", 1, "season_14")]
    if oid == "starter_pack":
        return [("gems", 300, None), ("skin", 1, "skin_tidecaller")]
    return [("gems", offer[2], None)]


def describe(offer):
    return ", ".join(f"{a} {c}" if item is None else f"{c} {item}" for c, a, item in grants_of(offer))


def fmt_age(seconds):
    seconds = int(seconds)
    d, rem = divmod(seconds, 86400)
    h, rem = divmod(rem, 3600)
    m, s = divmod(rem, 60)
    return f"{d}.{h:02d}:{m:02d}:{s:02d}"


def build_logs(rng, shas):
    store, econ, ingress, argo, slack, helpshift = (Log("store-service.log"), Log("economy-api.log"), Log("ingress-nginx.log"),
                                                    Log("argocd-application-controller.log"), Log("slack-team-store.log"),
                                                    Log("helpshift-issues.log"))
    t0, t1 = secs(START), secs(END)
    stats = {"auto_voids": [], "revoked": 0, "auto_revoked": 0, "negative": 0, "skipped": 0, "void_minutes": {}, "neg_series": []}

    def player():
        return "p_" + "".join(rng.choice(B32) for _ in range(8))

    def order_id():
        return f"GPA.33{rng.randint(10, 99)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(10000, 99999)}"

    def apple_tx():
        return str(2000000900000000 + rng.randint(0, 99999999))

    # --- pods
    def rs_pods(rs):
        return [f"store-service-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(3)]

    versions = [("2.30.0", rs_pods("5c8d7f9b6"), shas["docs"], None),
                ("2.31.0", rs_pods("7f6b9c8d5"), shas["mon_head"], secs(MON_SYNC) + 14),
                ("2.30.0", rs_pods("5c8d7f9b6"), shas["docs"], secs(ROLLBACK) + 11),
                ("2.31.1", rs_pods("64d8b7f9c"), shas["fix"], secs(FIX_SYNC) + 13)]
    ranges = []   # pod, version, commit, ready, end
    ready = {p: t0 - 3 * 86400 for p in versions[0][1]}
    ends = {}
    starts = []
    for e in range(1, len(versions)):
        ver, pods, commit, s0 = versions[e]
        for k, pod in enumerate(pods):
            st = s0 + k * 27 + rng.uniform(0, 3)
            starts.append((st, pod, ver, commit))
            ready[pod] = st + rng.uniform(7, 10)
            ends[versions[e - 1][1][k]] = ready[pod] + 0.5
    for ver, pods, commit, _ in versions:
        for pod in pods:
            ranges.append((pod, ver, commit, ready[pod], ends.get(pod, t1 + 3600)))
    pod_ip = {r[0]: f"10.44.{rng.randint(1, 9)}.{rng.randint(2, 250)}" for r in ranges}

    def live(x):
        out = [(p, v) for p, v, _, r, e in ranges if r <= x < e]
        return out

    def serve(x):
        return rng.choice(live(x))

    def ts(x):
        t = at(x)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"

    def slog(x, pod, level, category, msg, eid=0, container="store-service"):
        if not t0 <= x < t1:
            return
        store.add(at(x), f"[pod/{pod}/{container}] {ts(x)} {level}: {category}[{eid}] {msg}")

    PF, RT, SY, AF = ("Pinecrest.Store.Play.PlayFulfiller", "Pinecrest.Store.Play.PlayRtdnController",
                      "Pinecrest.Store.Play.VoidedPurchasesSync", "Pinecrest.Store.Apple.AppleFulfiller")

    for st, pod, ver, commit in starts:
        slog(st, pod, "info", "Pinecrest.Store", f"store-service {ver} ({commit[:7]}) starting, environment Production")
        slog(st + 1.9, pod, "info", "Microsoft.Hosting.Lifetime", "Now listening on: http://[::]:8080", 14)
        slog(st + 1.9, pod, "info", "Microsoft.Hosting.Lifetime", "Application started. Press Ctrl+C to shut down.")
        slog(st + 1.9, pod, "info", "Microsoft.Hosting.Lifetime", "Hosting environment: Production")
        slog(st + 1.9, pod, "info", "Microsoft.Hosting.Lifetime", "Content root path: /app")
    for pod, end in ends.items():
        slog(end + 0.2, pod, "info", "Microsoft.Hosting.Lifetime", "Application is shutting down...")

    # --- economy-api
    def elog(x, level, msg, caller="wallet/ledger.go:141", **fields):
        if not t0 <= x < t1:
            return
        body = {"level": level, "time": ts(x), "caller": caller}
        body.update(fields)
        body["message"] = msg
        econ.add(at(x), json.dumps(body, separators=(",", ":")))

    balances = {}

    def balance(pid):
        if pid not in balances:
            balances[pid] = int(rng.lognormvariate(5.3, 1.0))
        return balances[pid]

    # --- ingress-nginx (upstreaminfo)
    def nginx(x, ip_, method, path, status, size, ua, rt, upstream, pod=None, proto="HTTP/2.0", reqlen=None):
        if not t0 <= x < t1:
            return
        t = at(x)
        stamp = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        if upstream == "store":
            name, addr = "store-store-service-8080", f"{pod_ip[pod]}:8080"
        else:
            name, addr = "economy-economy-api-8080", f"10.44.{rng.choice([3, 5, 7])}.{rng.randint(2, 250)}:8080"
        urt = max(0.001, rt - rng.uniform(0.0, 0.002))
        ingress.add(t, f'{ip_} - - [{stamp}] "{method} {path} {proto}" {status} {size} "-" "{ua}" {reqlen or rng.randint(380, 1900)} {rt:.3f} '
                       f'[{name}] [] {addr} {size} {urt:.3f} {status} {hexid(rng, 32)}')

    def client_ip():
        first = rng.choice([31, 37, 46, 77, 78, 80, 82, 84, 85, 86, 88, 89, 91, 93, 94, 95, 109, 176, 178, 185, 188, 212, 217])
        return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    def ua(platform):
        dev = rng.choice(ANDROID_DEVICES if platform == "android" else IOS_DEVICES)
        build = "4.12.1" if rng.random() < 0.93 else "4.11.3"
        return f"Tidebreakers/{build} ({dev}) UnityPlayer/2022.3.41f1 (UnityWebRequest/1.0, libcurl/8.5.0-DEV)"

    # --- purchases on Monday
    def android_rate(x):
        return ANDROID_PER_MIN * daily(x)

    def ios_rate(x):
        return IOS_PER_MIN * daily(x)

    def credit(x, pid, offer, ref):
        for cur, amount, item in grants_of(offer):
            if cur == "gems":
                balances[pid] = balance(pid) + amount
                elog(x, "info", "wallet credit", player=pid, currency="gems", delta=amount, balance=balances[pid], reason="store_purchase", ref=ref)
            else:
                elog(x + 0.004, "info", "entitlement granted", caller="wallet/entitlements.go:62", player=pid, kind=cur, item=item, reason="store_purchase", ref=ref)

    monday_android = 0
    for x in arrivals(rng, t0 - 30, t1, android_rate):
        pod, ver = serve(x)
        pid, offer, oid = player(), pick(rng, OFFER_W), order_id()
        d = rng.uniform(0.12, 0.32)
        if ver in ("2.31.0", "2.31.1") and rng.random() < 0.004:
            slog(x + d, pod, "warn", PF, f"Play purchase account mismatch order={oid} player={pid}")
            nginx(x + d + 0.01, client_ip(), "POST", "/v2/store/purchases/play", 409, 71, ua("android"), d + 0.01, "store", pod)
            continue
        monday_android += 1
        credit(x + d - 0.05, pid, offer, oid)
        slog(x + d, pod, "info", PF, f"Play purchase fulfilled order={oid} offer={offer[0]} sku={PACKAGE}.{offer[1]} player={pid}")
        total = d
        if ver != "2.31.1":
            c = rng.uniform(0.09, 0.26)
            total += c
            slog(x + d + c, pod, "warn", PF, f"Play consume failed order={oid} product={offer[0]} status=400: The service androidpublisher has thrown an exception. "
                                            f"HttpStatusCode is BadRequest. The purchase token does not match the product ID. (not retried)")
        else:
            total += rng.uniform(0.08, 0.2)
        nginx(x + total + 0.004, client_ip(), "POST", "/v2/store/purchases/play", 200, rng.randint(140, 190), ua("android"), total + 0.004, "store", pod)

    # resends of purchases the client never got an answer for (unconsumed ones only)
    for x in arrivals(rng, t0, t1, lambda x: 0.45 if x < secs(FIX_SYNC) else 0.0):
        pod, ver = serve(x)
        pid, offer, oid = player(), pick(rng, OFFER_W), order_id()
        d = rng.uniform(0.1, 0.22)
        slog(x + d, pod, "info", PF, f"Play purchase already fulfilled order={oid} offer={offer[0]} player={pid}")
        c = rng.uniform(0.09, 0.26)
        if ver != "2.31.1":
            slog(x + d + c, pod, "warn", PF, f"Play consume failed order={oid} product={offer[0]} status=400: The service androidpublisher has thrown an exception. "
                                            f"HttpStatusCode is BadRequest. The purchase token does not match the product ID. (not retried)")
        nginx(x + d + c + 0.004, client_ip(), "POST", "/v2/store/purchases/play", 200, rng.randint(140, 190), ua("android"), d + c + 0.004, "store", pod)

    for x in arrivals(rng, t0 - 30, t1, ios_rate):
        pod, ver = serve(x)
        pid, offer, tx = player(), pick(rng, OFFER_W), apple_tx()
        d = rng.uniform(0.18, 0.55)
        credit(x + d - 0.04, pid, offer, tx)
        slog(x + d, pod, "info", AF, f"App Store transaction fulfilled transaction={tx} offer={offer[0]} player={pid} new=True env=Production")
        nginx(x + d + 0.004, client_ip(), "POST", "/v2/store/purchases/apple", 200, rng.randint(140, 190), ua("ios"), d + 0.004, "store", pod)

    # unknown product from old clients (a retired pack)
    for x in arrivals(rng, t0, t1, lambda x: 0.02):
        pod, ver = serve(x)
        pid = player()
        slog(x + 0.02, pod, "warn", PF, f"Play purchase for unknown product {PACKAGE}.gems_250_legacy player={pid}")
        nginx(x + 0.03, client_ip(), "POST", "/v2/store/purchases/play", 422, 64, ua("android").replace("4.12.1", "4.6.0").replace("4.11.3", "4.6.0"), 0.031, "store", pod)

    # catalog and wallet reads
    for x in arrivals(rng, t0, t1, lambda x: 3.2 * daily(x)):
        plat = rng.choice(["android", "android", "ios"])
        pod, _ = serve(x)
        rt = rng.uniform(0.004, 0.02)
        nginx(x, client_ip(), "GET", f"/v2/store/catalog?platform={plat}", 200, rng.choice([4212, 4218]), ua(plat), rt, "store", pod)
    for x in arrivals(rng, t0, t1, lambda x: 3.0 * daily(x)):
        plat = rng.choice(["android", "android", "ios"])
        nginx(x, client_ip(), "GET", "/v2/wallet", 200, rng.randint(300, 420), ua(plat), rng.uniform(0.006, 0.03), "economy")

    # --- voids: routine refunds, and Friday's unconsumed purchases three days later
    voids = []   # (google void time, order, offer, player, purchased_at, reason)
    for v in arrivals(rng, t0 - 3700, t1, lambda x: 4.0 / 60):
        age = rng.choice([rng.uniform(1800, 20000), rng.uniform(20000, 400000), rng.uniform(400000, 2600000)])
        voids.append((v, order_id(), pick(rng, OFFER_W), player(), v - age, pick(rng, VOID_REASONS)))
    fri_roll = secs(FRI_SYNC) + 12
    bf_since = secs(BACKFILL) - THREE_DAYS - 20
    for p in arrivals(rng, secs(FRI_SYNC) - 120, bf_since, android_rate):
        if p < fri_roll + rng.uniform(0, 80):
            continue    # served by a 2.29.3 pod, consumed
        v = p + THREE_DAYS + rng.uniform(150, 1500)
        voids.append((v, order_id(), pick(rng, OFFER_W), player(), p, 8))
    voids.sort(key=lambda r: r[0])

    # wallets of Friday's buyers: most spent their gems over the weekend
    flag_seen = {}
    locked = []
    for v, oid, offer, pid, purchased, reason in voids:
        x = v + rng.uniform(2, 35)     # RTDN push
        if reason == 8:
            stats["auto_voids"].append(x)
        minute = int(x // 60) * 60
        stats["void_minutes"][minute] = stats["void_minutes"].get(minute, 0) + 1
        if not t0 <= x < t1:
            continue
        pod, ver = serve(x)
        revoke = x < secs(FLAG_OFF)
        if not revoke and flag_seen.get(pod) is None:
            flag_seen[pod] = x
            slog(x + 0.02, pod, "info", "Pinecrest.Store.Flags.FeatureFlags", "Feature flag store.revoke-on-void changed: enabled -> disabled")
        gems = sum(a for c, a, _ in grants_of(offer) if c == "gems")
        if revoke:
            if pid not in balances:
                if reason == 8 and gems:
                    balances[pid] = rng.randint(0, int(gems * 0.45)) if rng.random() < 0.6 else gems + rng.randint(0, 2400)
                else:
                    balances[pid] = gems + int(rng.lognormvariate(5.0, 1.0)) if rng.random() < 0.5 else rng.randint(0, max(1, gems // 3))
            for c, a, item in grants_of(offer):
                if c == "gems":
                    balances[pid] -= a
                    elog(x + 0.08, "info", "wallet debit", player=pid, currency="gems", delta=-a, balance=balances[pid], reason="store_void", ref=oid)
                    if balances[pid] < 0:
                        elog(x + 0.081, "warn", "wallet negative; shop and gifting locked", caller="wallet/ledger.go:158", player=pid, currency="gems", balance=balances[pid])
                        stats["negative"] += 1
                        locked.append((x, pid))
                else:
                    elog(x + 0.083, "info", "entitlement revoked", caller="wallet/entitlements.go:88", player=pid, kind=c, item=item, reason="store_void", ref=oid)
            stats["revoked"] += 1
            if reason == 8:
                stats["auto_revoked"] += 1
        else:
            stats["skipped"] += 1
        d = rng.uniform(0.09, 0.2)
        if ver == "2.30.0":
            slog(x + d, pod, "info", RT, f"RTDN voided purchase order={oid} refundType=1 revoked={'True' if revoke else 'False'}")
        else:
            action = f"revoking {describe(offer)}" if revoke else "revocation skipped (store.revoke-on-void is off)"
            slog(x + d, pod, "info", RT, f"Play purchase voided order={oid} offer={offer[0]} player={pid} purchased={at(purchased).strftime('%Y-%m-%dT%H:%M:%SZ')} "
                                         f"age={fmt_age(x + d - purchased)} refundType=1; {action}")
        nginx(x + d + 0.003, f"66.102.{rng.randint(6, 9)}.{rng.randint(2, 250)}", "POST", "/rtdn/play?token=" + "pcr-rtdn-8f2c", 204, 0,
              "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)", d + 0.003, "store", pod, proto="HTTP/1.1", reqlen=rng.randint(1280, 1340))
    stats["voids"] = voids

    # hourly voided sync (one pod)
    runs = [secs(utc("2026-03-30 11:05:00")) + h * 3600 + rng.uniform(0.1, 0.6) for h in range(0, 7)]
    for a, b in zip(runs, runs[1:]):
        if not t0 <= b < t1:
            continue
        pod, ver = live(b)[0]
        counts = {}
        for v, *_rest in voids:
            if a <= v < b:
                r = _rest[-1]
                name = REASON_NAMES.get(r) or ("Unacknowledged_purchase" if ver == "2.31.1" else f"Unknown({r})")
                counts[name] = counts.get(name, 0) + 1
        parts = ", ".join(f"{k}={n}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        since = at(a).strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(0, 9999999):07d}+00:00"
        slog(b + rng.uniform(0.3, 1.5), pod, "info", SY, f"Voided purchases sync: {sum(counts.values())} voided since {since} ({parts})")

    # --- economy routine: spending, rewards, and locked wallets trying to buy
    items = [("shop_buy", "chest_epic", 160), ("shop_buy", "chest_rare", 60), ("skin_buy", "skin_reefrunner", 900), ("energy_refill", "energy_x5", 40),
             ("battle_pass_tier", "tier_skip", 150), ("shop_buy", "emote_splash", 120), ("shop_buy", "chest_legendary", 450)]
    for x in arrivals(rng, t0, t1, lambda x: 5.0 * daily(x)):
        pid = player()
        kind, item, price = rng.choice(items)
        b = balance(pid)
        if b < price:
            balances[pid] = b + price + rng.randint(0, 800)
        balances[pid] -= price
        elog(x, "info", "wallet debit", player=pid, currency="gems", delta=-price, balance=balances[pid], reason=kind, ref=f"ord_{hexid(rng, 12)}", item=item)
        nginx(x + 0.012, client_ip(), "POST", "/v2/shop/buy", 200, rng.randint(180, 260), ua(rng.choice(["android", "android", "ios"])), rng.uniform(0.01, 0.04), "economy")
    for x in arrivals(rng, t0, t1, lambda x: 1.5 * daily(x)):
        pid = player()
        balances[pid] = balance(pid) + 20
        elog(x, "info", "wallet credit", player=pid, currency="gems", delta=20, balance=balances[pid], reason="daily_login", ref=f"dl_{hexid(rng, 10)}")
    for x in arrivals(rng, t0, t1, lambda x: 2.5 * daily(x)):
        elog(x, "info", "wallet credit", player=player(), currency="coins", delta=rng.choice([40, 60, 80, 120]), balance=rng.randint(200, 60000), reason="match_reward",
             ref=f"m_{hexid(rng, 12)}")
    for lx, pid in locked:
        x = lx + rng.uniform(60, 900)
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            if x >= t1:
                break
            kind, item, price = rng.choice(items)
            elog(x, "warn", "debit refused: wallet locked", caller="wallet/ledger.go:97", player=pid, currency="gems", balance=balances[pid], item=item)
            nginx(x + 0.01, client_ip(), "POST", "/v2/shop/buy", 409, 88, ua("android"), rng.uniform(0.008, 0.02), "economy")
            x += rng.expovariate(1 / 1100.0)
    stats["locked"] = locked

    # --- the backfill job
    bf_pod = "store-consume-backfill-4xkzp"
    bx = secs(BACKFILL)
    pending = int(sum(android_rate(m) for m in range(int(bf_since), int(bx) - 600, 60)) * 0.96)
    slog(bx, bf_pod, "info", "Pinecrest.Store", f"store-service 2.31.1 ({shas['fix'][:7]}) starting, environment Production", container="backfill")
    slog(bx + 2.4, bf_pod, "info", "Pinecrest.Store.Play.ConsumeBackfill",
         f"consume backfill: {pending} Play orders since {at(bf_since).strftime('%Y-%m-%dT%H:%M:%S')}.0000000+00:00 not consumed", container="backfill")
    rate = 71.0
    for k in range(5000, pending + 1, 5000):
        slog(bx + 2.6 + k / rate + rng.uniform(-0.5, 0.5), bf_pod, "info", "Pinecrest.Store.Play.ConsumeBackfill", f"consume backfill: {k} of {pending} consumed", container="backfill")
    slog(bx + 3.0 + pending / rate, bf_pod, "info", "Pinecrest.Store.Play.ConsumeBackfill", f"consume backfill: done, {pending} consumed, 0 failed", container="backfill")
    stats["pending"] = pending
    stats["backfill_done"] = bx + 3.0 + pending / rate

    # --- Argo CD
    def alog(x, level, msg, **kv):
        if not t0 <= x < t1:
            return
        parts = [f'time="{at(x).strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f"msg={json.dumps(msg)}", "application=argocd/store-service"]
        parts += [f"{k}={json.dumps(v) if ' ' in str(v) else v}" for k, v in kv.items()]
        argo.add(at(x), " ".join(parts))

    x = t0 + rng.uniform(5, 170)
    while x < t1:
        alog(x, "info", "Reconciliation completed", **{"dest-namespace": "store", "dest-server": "https://kubernetes.default.svc", "fields.level": 1, "time_ms": rng.randint(70, 210)})
        x += 180 + rng.uniform(-0.5, 1.5)

    def sync(x, sha, automated=True, initiator=None, was_synced=True):
        alog(x - 2.1, "info", "Refreshing app status (controller refresh requested), level (2)", **{"dest-namespace": "store"})
        if was_synced:
            alog(x - 1.2, "info", "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "store", "type": "Normal", "reason": "ResourceUpdated"})
        if automated:
            alog(x, "info", f"Initiated automated sync to '{sha}'", **{"dest-namespace": "store", "type": "Normal", "reason": "OperationStarted"})
        else:
            alog(x, "info", f"Initiated rollback to revision '{sha}' (history id 41)", **{"dest-namespace": "store", "type": "Normal", "reason": "OperationStarted", "initiator": initiator})
        alog(x + 1.4, "info", f"Sync operation to {sha} succeeded", **{"dest-namespace": "store", "type": "Normal", "reason": "OperationCompleted"})
        alog(x + 1.6, "info", "Updated health status: Healthy -> Progressing", **{"dest-namespace": "store", "type": "Normal", "reason": "ResourceUpdated"})
        alog(x + 96, "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "store", "type": "Normal", "reason": "ResourceUpdated"})

    sync(secs(MON_SYNC), shas["mon"])
    alog(secs(ROLLBACK) - 38, "info", "Updated application spec: automated sync policy removed", **{"dest-namespace": "store", "initiator": "aino.virtanen@pinecrest.games"})
    sync(secs(ROLLBACK), shas["fri"], automated=False, initiator="aino.virtanen@pinecrest.games", was_synced=False)
    alog(secs(ROLLBACK) + 100, "info", "Updated sync status: Synced -> OutOfSync", **{"dest-namespace": "store", "type": "Normal", "reason": "ResourceUpdated"})
    alog(secs(FIX_SYNC) - 20, "info", "Updated application spec: automated sync policy enabled (prune=false, selfHeal=false)", **{"dest-namespace": "store", "initiator": "aino.virtanen@pinecrest.games"})
    sync(secs(FIX_SYNC), shas["fix_release"], was_synced=False)
    return [store, econ, ingress, argo, slack, helpshift], stats


def chat(rng, slack, helpshift, stats, onset):
    users = {"alertmanager": "B01ALRT9Z", "aino.virtanen": "U04AV2K7P", "mikko.lehtonen": "U03ML8Q2D", "sofia.marques": "U05SM3R9T",
             "daniel.okafor": "U02DO7H4N", "laura.kivi (economy)": "U06LK1P5W", "jonna.salo (community)": "U07JS9X3C",
             "petri.aalto (support)": "U08PA4M6E"}

    def say(t, who, text):
        t = t + dt.timedelta(milliseconds=rng.randint(0, 999))
        slack.add(t, json.dumps({"type": "message", "channel": "team-store", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    def m(minutes):
        return onset + dt.timedelta(minutes=minutes)

    auto = sorted(stats["auto_voids"])
    in_15 = sum(1 for v in auto if secs(onset) <= v < secs(onset) + 900)
    neg_by_rb = sum(1 for x, _ in stats["locked"] if secs(onset) <= x < secs(ROLLBACK) + 240)
    last = at(auto[-1])
    say(utc("2026-03-27 13:17:40"), "sofia.marques", "releasing store-service 2.30.0: STORE-412 one offer per catalog entry (Mikko), STORE-410 voided sync paging (Daniel), purchase flow docs")
    say(utc("2026-03-27 13:28:05"), "sofia.marques", "2.30.0 synced, purchases going through on both stores")
    say(utc("2026-03-28 10:42:19"), "petri.aalto (support)", "FYI two Android players this morning say Google Play tells them they \"already own\" the 500 gems pack when they try to buy it again. Told them to restart and clear the Play Store cache. Anything on your side?")
    say(utc("2026-03-28 11:06:51"), "sofia.marques", "nothing on our side, purchases are fine. Play Store cache, probably")
    say(utc("2026-03-29 18:20:33"), "petri.aalto (support)", "4 more \"already own this item\" tickets today, all Android, different packs. and the clock change confused people about the daily reset. weird weekend")
    say(utc("2026-03-30 08:31:02"), "daniel.okafor", "added a runbook section for refund waves (STORE-430), after last month's TikTok trick")
    say(utc("2026-03-30 12:46:30"), "aino.virtanen", "releasing 2.31.0: STORE-431 voided purchase logging (Daniel), STORE-429 App Store Server API retries (Sofia), STORE-433 obfuscated account id check (Mikko), AndroidPublisher 1.69 bump")
    say(utc("2026-03-30 13:01:12"), "aino.virtanen", "2.31.0 synced, healthy")
    say(m(13), "alertmanager", f"[FIRING:1] StorePlayVoidsHigh store-service: {in_15} voided Play purchases in 15m")
    say(m(15), "jonna.salo (community)", "Discord #help is filling up: \"my gems are gone\", \"Google refunded me and now I have -900 gems and can't buy anything\". All Android as far as I can see. Reddit thread too")
    say(m(18), "aino.virtanen", "on it. the log is full of 'Play purchase voided ... refundType=1; revoking ...', every age just over three days (3.00:xx). that line is new in 2.31.0 (STORE-431), which went out half an hour ago with the AndroidPublisher bump")
    say(at(secs(ROLLBACK) - 80), "aino.virtanen", "runbook says refund wave = refund abuse, and roll back first if it started after a deploy. disabling auto-sync and rolling back to 2.30.0 (history 41)")
    say(at(secs(ROLLBACK) + 100), "aino.virtanen", "rolled back, 2.30.0 pods up")
    say(at(secs(ROLLBACK) + 160), "laura.kivi (economy)", f"economy here: {neg_by_rb} wallets went negative since {onset:%H:%M} from store_void debits. these don't look like abusers, most of them bought one pack, once")
    say(at(secs(ROLLBACK) + 230), "aino.virtanen", "voids go on with 2.30.0, in the old words ('RTDN voided purchase ... revoked=True'). not the release then")
    say(at(secs(ROLLBACK) + 330), "daniel.okafor", "the 14:05 voided sync says 'Unknown(8)=...'. our reason table stops at 7. Google's docs: voidedReason 8 = Unacknowledged_purchase. Google refunds them because they were not acknowledged within three days")
    say(at(secs(ROLLBACK) + 420), "sofia.marques", "we consume every Play purchase right after the grant, and consuming acknowledges. unless the consume fails")
    say(at(secs(ROLLBACK) + 770), "mikko.lehtonen", "it fails, every time: 'Play consume failed order=... product=gems_500 status=400: ... The purchase token does not match the product ID. (not retried)'. product=gems_500 is our offer id, the Play product id is com.pinecrest.tidebreakers.gems_500. that's STORE-412, mine, Friday: ConsumeAsync takes the offer and passes offer.Id. the tests' fake takes any product id. every Android purchase since 2.30.0 (Friday 13:23) is unconsumed and Google refunds each one 72h after it was made")
    say(at(secs(ROLLBACK) + 860), "petri.aalto (support)", "and that's the weekend's \"already own this item\": an unconsumed gem pack can't be bought again")
    say(at(secs(FLAG_OFF) - 150), "aino.virtanen", "so the voids follow Friday afternoon's purchases minute by minute. turning store.revoke-on-void off in Unleash so nobody else goes negative")
    say(at(secs(FLAG_OFF) + 95), "aino.virtanen", "flag off, voids now log revoked=False")
    say(at(secs(FLAG_OFF) + 300), "mikko.lehtonen", "fix: consume with offer.PlayProductId, plus a consume-backfill command for every recorded order that is neither consumed nor voided and less than 72h old. whatever was bought before Friday ~15:40 is lost by the time it runs")
    say(at(secs(FLAG_OFF) + 540), "laura.kivi (economy)", f"we'll credit back the {stats['auto_revoked']} revoked orders as goodwill once we have the list, and unlock the wallets")
    say(at(secs(FIX_SYNC) - 70), "mikko.lehtonen", "STORE-440 merged, 2.31.1 released. @aino.virtanen auto-sync back on?")
    say(at(secs(FIX_SYNC) + 150), "aino.virtanen", "2.31.1 out. no consume warnings since, new Android purchases consumed")
    say(at(secs(BACKFILL) + 40), "mikko.lehtonen", f"backfill running: {stats['pending']} orders since Friday 15:40")
    say(at(stats["backfill_done"] + 70), "mikko.lehtonen", f"backfill done, {stats['pending']} consumed, 0 failed")
    say(at(auto[-1] + 900), "aino.virtanen", f"no voids since {last.strftime('%H:%M')}. {len(auto)} Play orders refunded by Google, purchases from Friday 13:23 to about 15:40. Apple was never affected")
    say(at(auto[-1] + 1500), "jonna.salo (community)", "posted on Discord and in the in-game news: the refunds were our bug, nobody needs to do anything, gems come back tonight")
    say(at(auto[-1] + 2400), "aino.virtanen", "postmortem Wednesday. actions: alert on Play consume failures, the fake publisher checks product ids, reason 8 in the sync, fix the refund-wave runbook section")

    def issue(t, platform, lang, title, message, version="4.12.1"):
        hid = f"pinecrest_issue_{t.strftime('%Y%m%d%H%M%S')}{rng.randint(100, 999)}_{hexid(rng, 4)}"
        helpshift.add(t, json.dumps({"event": "issue.created", "data": {"id": hid, "created_at": int(t.timestamp() * 1000), "platform": platform,
                                                                        "app_version": version, "language": lang, "tags": ["purchases"],
                                                                        "title": title, "message": message}}, ensure_ascii=False))

    issue(utc("2026-03-28 09:58:12"), "android", "en", "Can't buy gems", "I bought the 500 gems yesterday and today it says 'You already own this item' when I want to buy it again??")
    issue(utc("2026-03-28 10:21:40"), "android", "de", "Kauf geht nicht", "Google Play sagt: Du besitzt diesen Artikel bereits. Ich will aber nochmal 500 Edelsteine kaufen.")
    issue(utc("2026-03-28 16:47:03"), "ios", "en", "Daily chest", "Daily chest timer reset at the wrong time today?")
    issue(utc("2026-03-29 11:14:55"), "android", "fi", "Ostos ei onnistu", "Starter pack: 'Omistat jo tämän tuotteen'. En ole ostanut sitä kahdesti.")
    issue(utc("2026-03-29 14:30:26"), "android", "en", "already own 1200 gems", "Trying to buy 1200 gems again for the season pass and it says I already own it")
    issue(utc("2026-03-29 17:02:09"), "android", "pt", "Compra bloqueada", "Diz que já tenho este item, mas as gemas já foram gastas")
    issue(utc("2026-03-29 19:44:31"), "android", "en", "already own", "Google Play: 'You already own this item'. Can't buy 100 gems")
    issue(utc("2026-03-30 12:12:48"), "ios", "en", "Match rewards", "I didn't get coins for my last win")
    for k, (lang, title, msg) in enumerate([
            ("en", "My gems are gone", "I got an email from Google Play saying my purchase was refunded, I never asked for a refund, and now my gems are at -1100"),
            ("de", "Edelsteine weg", "Google hat mir Geld zurückgegeben und jetzt habe ich minus Edelsteine und kann nichts kaufen"),
            ("en", "negative gems??", "Balance shows -780 gems and shop is locked. I bought gems on Friday"),
            ("fi", "Jalokivet miinuksella", "Sain hyvityksen Googlelta jota en pyytänyt ja nyt jalokiviä on -400"),
            ("en", "Refund I didn't ask for", "Season pass disappeared, Google says refunded. I want the pass not the money"),
            ("pt", "Gemas negativas", "Recebi um reembolso do Google que não pedi e agora tenho gemas negativas"),
            ("en", "shop locked", "Can't buy anything, says wallet locked"),
    ]):
        issue(onset + dt.timedelta(minutes=6 + k * 7 + rng.randint(0, 4), seconds=rng.randint(0, 59)), "android", lang, title, msg)


def build(out_dir):
    rng = random.Random(59100)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        auto = sorted(stats["auto_voids"])
        onset = at(auto[0]).replace(microsecond=0)
        assert utc("2026-03-30 13:25:00") <= onset <= utc("2026-03-30 13:36:00"), onset
        chat(rng, logs[4], logs[5], stats, onset)
        culprit_at = utc("2026-03-27 11:48:00")
        t0, t1 = START, END

        def voids_per_min(t):
            m = int(t.timestamp() // 60) * 60 - 60
            return stats["void_minutes"].get(m, 0)

        neg_times = sorted(x for x, _ in stats["locked"])

        def negative(t):
            return 37 + sum(1 for x in neg_times if x <= t.timestamp())

        metrics = {
            "store_play_voided_notifications_increase1m.json": query_range(
                [({"job": "store-service", "namespace": "store", "platform": "play"}, voids_per_min)], t0, t1, 60),
            "economy_wallets_negative.json": query_range(
                [({"job": "economy-api", "namespace": "economy", "currency": "gems"}, negative)], t0, t1, 60),
        }
        hours = (onset - culprit_at).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r59-play-consume-offer-id", service=SERVICE, onset=onset,
            description=f"""
Tidebreakers players on Android lose their gems on Monday 30 March: from
{onset.strftime('%H:%M:%S')} UTC Google Play refunds their purchases one by one
(Real-time Developer Notifications, voided), store-service revokes what
they granted and many wallets go negative, which locks the shop. iOS is
not affected. store-service 2.31.0 had been synced at 12:58; it was
rolled back at 14:06 without effect, revocation was turned off at 14:31,
2.31.1 was synced at 15:32 and a backfill consumed the open Play orders
from 15:40; the last refund came at {at(auto[-1]).strftime('%H:%M')}.
""",
            logs=logs,
            line_formats={"store-service.log": r'\[pod/<Pod>/<Container>\] <Time> <Level>: <Logger>\[<EventId>\] <Content>'},
            metrics=metrics, repo=repo, culprit=shas["culprit"],
            root_cause=[
                r'Play consume failed .*The purchase token does not match the product ID',
                r'Play purchase voided',
            ],
            fix_files=["src/Pinecrest.Store/Play/PlayFulfiller.cs"],
            explanation=f"""
The culprit is STORE-412 ("store: one offer per catalog entry for both
stores"), committed on Friday 27 March at 11:48 UTC and synced at 13:23
in release 2.30.0 (the release bot's commit, after a docs commit), {hours:.1f}
hours before the onset. It passes the catalog's Offer to PlayFulfiller's
ConsumeAsync, which calls purchases.products.consume with offer.Id (our
offer id, "gems_500") instead of offer.PlayProductId
("com.pinecrest.tidebreakers.gems_500"). Google answers 400 "The purchase
token does not match the product ID.", which the code logs as a 4xx that a
retry cannot fix ("Play consume failed ... product=gems_500 status=400:
... (not retried)", for every Android purchase in the logs until 2.31.1),
so no Play purchase is consumed, and so none is acknowledged. Google
refunds a purchase that is not acknowledged within three days
(voidedReason 8, Unacknowledged_purchase, which the hourly sync prints
as "Unknown(8)"): from {onset.strftime('%H:%M:%S')}, 72 hours after Friday's rollout, every
Android purchase made since then comes back as a voided notification
("Play purchase voided ... age=3.00:..", "RTDN voided purchase ..." on
2.30.0) and store-service revokes it ({stats['auto_revoked']} revocations until the flag was
turned off, {sum(1 for x, _ in stats['locked'] if x >= secs(onset))} wallets negative).
The weekend's "already own this item" tickets are the same cause (an
unconsumed consumable cannot be bought again). The fix
consumes with offer.PlayProductId in the same file and backfills the
{stats['pending']} open orders.
Decoys: release 2.31.0, synced at 12:58, {round((onset - MON_SYNC).total_seconds() / 60)} minutes before the onset
(STORE-431, which adds the very "Play purchase voided ... revoking" line;
STORE-433, an obfuscated account id check in the culprit's file; STORE-429,
App Store Server API retries; a Google.Apis.AndroidPublisher.v3 bump),
rolled back at 14:06 to 2.30.0, which holds the culprit, without effect;
the runbook commit of the same morning that calls a wave of voids refund
abuse and says to roll back after a deploy; the docs commit on the
purchase flow that says every Play purchase is consumed; the tests
commit whose fake publisher accepts any product id; STORE-410 to the
voided sync, the Npgsql bump, the chores; routine user refunds
(Remorse, Chargeback...), a retired product from old clients, the
account-mismatch warnings of STORE-433 and wallets locked by the
revocations; Argo CD's markers name the release bot's commits, and the
pods' start lines a later commit than the culprit.
""",
        )
    finally:
        repo.close()
