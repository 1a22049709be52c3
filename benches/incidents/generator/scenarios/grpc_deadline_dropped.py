"""shipping-quotes (Go, gRPC): checkout asks it for shipping quotes with an
800 ms deadline, and it fans the request out to carrier-rates, one call per
carrier. A commit lets it answer with the quotes it has when a carrier is
slow, but the per-carrier calls now run on context.Background() with a 30 s
safety timeout instead of the caller's context: when checkout gives up, the
calls carry on, and carrier-rates no longer sees an 800 ms deadline. Nothing
shows for five hours. At 15:18 one carrier's own API (DHL Express) slows to
about seven seconds; every checkout leaves a DHL call running for seconds after
it was abandoned, carrier-rates' executor fills with calls nobody waits for,
and from 15:24 it rejects every carrier's quotes (RESOURCE_EXHAUSTED), so
checkout shows no shipping options. Before the change the same slowness only
dropped DHL's quote. Decoys: an earlier edit of the same file (span
attributes), the tests commit the start-up lines name, a grpc-go patch bump,
and a keepalive setting for the carrier-rates connection rolled out 27
minutes before the onset. zap-style JSON app log, Envoy egress access (gRPC),
carrier-rates (Spring Boot, line format, with grpc-java stack traces)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import spring
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "shipping-quotes"
MODULE = "github.com/northwind-retail/shipping-quotes"
DEPLOY = utc("2026-12-16 10:12:00")
CONFIG_DEPLOY = utc("2026-12-16 14:57:00")
DHL_SLOW = utc("2026-12-16 15:18:20")
ONSET = utc("2026-12-16 15:24:41")
ROLLED_BACK = utc("2026-12-16 15:58:00")
DHL_OK = utc("2026-12-16 16:03:30")
START, END = utc("2026-12-16 09:45:00"), utc("2026-12-16 16:20:00")
CARRIERS = ["dhl-express", "ups", "dpd", "gls"]

CLIENT = """package rates

import (
\t"context"
\t"fmt"

\t"golang.org/x/sync/errgroup"

\tratespb "github.com/northwind-retail/shipping-quotes/gen/carrier/v1"
)

// Client asks carrier-rates for one quote per carrier, in parallel.
type Client struct {
\tstub     ratespb.CarrierRatesClient
\tcarriers []string
}

func (c *Client) QuoteAll(ctx context.Context, parcel *ratespb.Parcel) ([]*ratespb.Quote, error) {
\tg, ctx := errgroup.WithContext(ctx)
\tquotes := make([]*ratespb.Quote, len(c.carriers))
\tfor i, carrier := range c.carriers {
\t\ti, carrier := i, carrier
\t\tg.Go(func() error {
\t\t\tq, err := c.stub.Quote(ctx, &ratespb.QuoteRequest{Carrier: carrier, Parcel: parcel})
\t\t\tif err != nil {
\t\t\t\treturn fmt.Errorf("%s: %w", carrier, err)
\t\t\t}
\t\t\tquotes[i] = q
\t\t\treturn nil
\t\t})
\t}
\treturn quotes, g.Wait()
}
"""

CONFIG = """addr: ":9090"
carrier_rates:
  target: dns:///carrier-rates.shipping.svc:9090
  keepalive_time: 30s
  keepalive_timeout: 10s
carriers: [dhl-express, ups, dpd, gls]
"""


def build_repo():
    kofi = Person("Kofi Mensah", "kofi.mensah@northwind-retail.com", 0)
    laura = Person("Laura Bianchi", "laura.bianchi@northwind-retail.com", 60)
    dmitri = Person("Dmitri Volkov", "dmitri.volkov@northwind-retail.com", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Shipping quotes for checkout: asks carrier-rates for each carrier's price and delivery date.", port=9090)
    files["go.mod"] = (f"module {MODULE}\n\ngo 1.22\n\nrequire (\n\tgo.uber.org/zap v1.27.0\n\tgolang.org/x/sync v0.6.0\n"
                       "\tgoogle.golang.org/grpc v1.62.1\n\tgoogle.golang.org/protobuf v1.33.0\n)\n")
    files["internal/rates/client.go"] = CLIENT
    files["config/production.yaml"] = CONFIG
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 9090, replicas=4, memory="256Mi", cpu="500m", env={"CONFIG_PATH": "/etc/shipping-quotes/production.yaml"})
    files["docs/runbook.md"] = runbook(SERVICE, [("ShippingQuotesErrors", "Checkout shows no shipping options: check carrier-rates and each carrier's error rate.")])
    repo.commit(utc("2026-12-10 09:00:00"), laura, "shipping-quotes: import", files)
    repo.schedule(chores(random.Random(6301), SERVICE, [kofi, laura, dmitri], utc("2026-12-10 09:00:00"), ONSET, 5))
    repo.commit(utc("2026-12-15 13:05:00"), dmitri, "rates: carrier as a span attribute on each quote call", {
        "internal/rates/client.go": repo.edit("internal/rates/client.go", "\t\tg.Go(func() error {\n",
                                              "\t\tg.Go(func() error {\n\t\t\ttrace.SpanFromContext(ctx).SetAttributes(attribute.String(\"carrier\", carrier))\n"),
    })
    repo.commit(utc("2026-12-16 06:20:00"), bot, "Bump google.golang.org/grpc from 1.62.1 to 1.62.2", {
        "go.mod": repo.edit("go.mod", "grpc v1.62.1", "grpc v1.62.2"),
    })
    culprit = repo.commit(utc("2026-12-16 09:26:00"), kofi, "rates: answer with the quotes we have when a carrier is slow instead of failing the checkout", {
        "internal/rates/client.go": repo.edit("internal/rates/client.go", repo.files["internal/rates/client.go"][repo.files["internal/rates/client.go"].index("func (c *Client) QuoteAll"):],
                                              """// carrierCallTimeout is a safety net for a carrier that never answers.
const carrierCallTimeout = 30 * time.Second

type result struct {
\ti   int
\tq   *ratespb.Quote
\terr error
}

// QuoteAll returns every quote that arrives before ctx is done; a slow
// carrier costs its own quote, not the whole answer.
func (c *Client) QuoteAll(ctx context.Context, parcel *ratespb.Parcel) ([]*ratespb.Quote, error) {
\tresults := make(chan result, len(c.carriers))
\tfor i, carrier := range c.carriers {
\t\tgo func(i int, carrier string) {
\t\t\tcallCtx, cancel := context.WithTimeout(context.Background(), carrierCallTimeout)
\t\t\tdefer cancel()
\t\t\ttrace.SpanFromContext(ctx).SetAttributes(attribute.String("carrier", carrier))
\t\t\tq, err := c.stub.Quote(callCtx, &ratespb.QuoteRequest{Carrier: carrier, Parcel: parcel})
\t\t\tif err != nil {
\t\t\t\tc.log.Warn("carrier quote failed", zap.String("carrier", carrier), zap.Error(err))
\t\t\t}
\t\t\tresults <- result{i, q, err}
\t\t}(i, carrier)
\t}
\tquotes := make([]*ratespb.Quote, 0, len(c.carriers))
\tfor range c.carriers {
\t\tselect {
\t\tcase r := <-results:
\t\t\tif r.err == nil {
\t\t\t\tquotes = append(quotes, r.q)
\t\t\t}
\t\tcase <-ctx.Done():
\t\t\tif len(quotes) == 0 {
\t\t\t\treturn nil, fmt.Errorf("no carrier answered: %w", ctx.Err())
\t\t\t}
\t\t\treturn quotes, nil
\t\t}
\t}
\tif len(quotes) == 0 {
\t\treturn nil, errors.New("no carrier answered")
\t}
\treturn quotes, nil
}
"""),
    })
    head = repo.commit(utc("2026-12-16 09:58:00"), laura, "tests: a slow carrier costs only its own quote", {
        "internal/rates/client_test.go": "package rates\n\nimport \"testing\"\n\nfunc TestSlowCarrierIsDropped(t *testing.T) {\n\tc := newTestClient(t, slowCarrier(\"dhl-express\", 2*time.Second))\n\tctx, cancel := context.WithTimeout(context.Background(), 800*time.Millisecond)\n\tdefer cancel()\n\tq, err := c.QuoteAll(ctx, testParcel)\n\tif err != nil || len(q) != 3 {\n\t\tt.Fatalf(\"quotes = %d, err = %v\", len(q), err)\n\t}\n}\n",
    })
    config = repo.commit(utc("2026-12-16 14:41:00"), dmitri, "config: carrier-rates keepalive 30s -> 20s; the mesh drops idle HTTP/2 connections at 25s", {
        "config/production.yaml": repo.edit("config/production.yaml", "keepalive_time: 30s", "keepalive_time: 20s"),
    })
    repo.commit(utc("2026-12-16 16:08:00"), kofi, "runbook: carrier-rates saturation", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## carrier-rates RESOURCE_EXHAUSTED\n\nIts executor is full; look for calls that outlive checkout's deadline.\n",
    })
    return repo, culprit, head, config


def zap(t, level, caller, msg, **fields):
    body = {"level": level, "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "caller": caller, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def envoy(t, status, flags, details, duration, req_id, upstream):
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    sent = 0 if status != 200 else 96
    return (f'[{stamp}] "POST /carrier.v1.CarrierRates/Quote HTTP/2" {status} {flags} {details} - "-" 61 {sent} {duration} '
            f'{duration if status == 200 else "-"} "-" "grpc-go/1.62.2" "{req_id}" "carrier-rates.shipping.svc:9090" "{upstream}"')


EXHAUSTED_TRACE = """io.grpc.StatusRuntimeException: RESOURCE_EXHAUSTED: quote executor queue full (active=64, queued=256)
\tat io.grpc.Status.asRuntimeException(Status.java:533)
\tat com.northwind.carrierrates.grpc.BoundedExecutor.execute(BoundedExecutor.java:58)
\tat io.grpc.internal.SerializingExecutor.schedule(SerializingExecutor.java:102)
\tat io.grpc.internal.ServerImpl$JumpToApplicationThreadServerStreamListener.messagesAvailable(ServerImpl.java:825)
\tat io.grpc.netty.NettyServerStream$TransportState.deliverFrame(NettyServerStream.java:172)
\tat io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:566)
\tat java.base/java.lang.Thread.run(Thread.java:1583)"""


def build_logs(rng, culprit_head, config):
    app = Log("shipping-quotes.log")
    egress = Log("envoy-egress.log")
    rates = Log("carrier-rates.log")
    culprit_live = lambda t: DEPLOY <= t < ROLLED_BACK  # noqa: E731
    dhl_slow = lambda t: DHL_SLOW <= t < DHL_OK  # noqa: E731
    saturated = lambda t: ONSET <= t < ROLLED_BACK + dt.timedelta(seconds=40)  # noqa: E731
    upstreams = [f"10.42.{rng.randint(1, 9)}.{rng.randint(2, 250)}:9090" for _ in range(3)]

    for when, version in [(DEPLOY, culprit_head[:7]), (CONFIG_DEPLOY, config[:7]), (ROLLED_BACK, "v2026.12.15-3")]:
        for i in range(4):
            t = when + dt.timedelta(seconds=15 * i)
            app.add(t, zap(t, "info", "cmd/shipping-quotes/main.go:31", "starting shipping-quotes", version=version, addr=":9090"))
            app.add(t, zap(t, "info", "internal/rates/conn.go:22", "carrier-rates channel ready", target="dns:///carrier-rates.shipping.svc:9090"))

    def call(t, carrier, deadline_ms, rid, thread):
        """One Quote call as carrier-rates, its sidecar and shipping-quotes see it.
        carrier-rates logs only calls slower than 500 ms, cancellations and
        rejections. Returns True if the quote arrived in time for checkout."""
        upstream = rng.choice(upstreams)
        if saturated(t):
            took = ms(rng, 3)
            line = spring(t, "WARN", thread, "c.n.carrierrates.grpc.QuoteService", f"Rejected Quote carrier={carrier}: quote executor queue full (active=64, queued=256)", pid=1)
            if rng.random() < 0.08:
                line += "\n" + EXHAUSTED_TRACE
            rates.add(t, line)
            egress.add(t, envoy(t, 200, "-", "via_upstream", took, rid, upstream))
            if culprit_live(t):
                app.add(t, zap(t, "warn", "rates/client.go:38", "carrier quote failed", carrier=carrier,
                               error="rpc error: code = ResourceExhausted desc = quote executor queue full (active=64, queued=256)"))
            return False
        if carrier == "dhl-express" and dhl_slow(t):
            took = ms(rng, 6500, 0.3)
        elif rng.random() < 0.012:
            took = rng.randint(450, 1300)
        else:
            took = ms(rng, 90, 0.35)
        if took > deadline_ms:
            rates.add(t, spring(t, "INFO", thread, "c.n.carrierrates.grpc.QuoteService", f"Quote carrier={carrier} cancelled by client after {deadline_ms}ms", pid=1))
            egress.add(t, envoy(t, 0, "DC", "downstream_remote_disconnect", deadline_ms, rid, upstream))
            return False
        if took > 500:
            rates.add(t, spring(t, "INFO", thread, "c.n.carrierrates.grpc.QuoteService", f"Slow Quote carrier={carrier} deadline={deadline_ms}ms took={took}ms", pid=1))
        egress.add(t, envoy(t, 200, "-", "via_upstream", took + 1, rid, upstream))
        return took <= 800

    for t in poisson_times(rng, START, END, 7):
        rid = f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}"
        thread = f"quote-exec-{rng.randint(1, 64)}"
        deadline = 30000 if culprit_live(t) else 800
        got = [c for c in CARRIERS if call(t, c, deadline, rid, thread)]
        took = max(ms(rng, 95), 800 if len(got) < len(CARRIERS) else 0)
        if culprit_live(t):
            if got:
                app.add(t, zap(t, "info", "grpc/server.go:77", "quote served", method="/shipping.v1.Quotes/Get", carriers=len(got), partial=len(got) < len(CARRIERS), took_ms=min(took, 800), request_id=rid))
            else:
                app.add(t, zap(t, "error", "grpc/server.go:81", "quote failed", method="/shipping.v1.Quotes/Get", error="no carrier answered: context deadline exceeded", code="DeadlineExceeded", took_ms=800, request_id=rid))
        else:
            if len(got) == len(CARRIERS):
                app.add(t, zap(t, "info", "grpc/server.go:77", "quote served", method="/shipping.v1.Quotes/Get", carriers=len(got), took_ms=took, request_id=rid))
            else:
                app.add(t, zap(t, "error", "grpc/server.go:81", "quote failed", method="/shipping.v1.Quotes/Get", error=f"{[c for c in CARRIERS if c not in got][0]}: rpc error: code = DeadlineExceeded desc = context deadline exceeded", code="DeadlineExceeded", took_ms=800, request_id=rid))
    rates.add(DHL_SLOW, spring(DHL_SLOW, "WARN", "dhl-poller", "c.n.carrierrates.dhl.DhlRatesApi", "DHL Express rating API p95 latency 7410 ms over the last minute (normal 80 ms)", pid=1))
    emit(rng, rates, START, END, 0.3, [
        (3, lambda t: spring(t, "INFO", "scheduling-1", "c.n.carrierrates.tariffs.TariffCache", f"Refreshed {rng.randint(180, 240)} tariff zones for gls", pid=1)),
        (1, lambda t: spring(t, "WARN", "scheduling-1", "c.n.carrierrates.ups.UpsToken", "UPS OAuth token expires in 5 min; refreshing", pid=1)),
    ])
    return [app, egress, rates]


def build(out_dir):
    rng = random.Random(6300)
    repo, culprit, head, config = build_repo()
    try:
        def in_flight(t):
            if ONSET <= t < ROLLED_BACK:
                return 320
            if DHL_SLOW <= t < ONSET:
                return min(320, 12 + int((t - DHL_SLOW).total_seconds() * 0.8))
            return 8 + t.minute % 5

        def queue(t):
            return 256 if ONSET <= t < ROLLED_BACK else (min(256, int((t - DHL_SLOW).total_seconds() * 0.7)) if DHL_SLOW <= t < ONSET else 0)

        metrics = {
            "grpc_client_in_flight.json": query_range([({"service": SERVICE, "grpc_method": "/carrier.v1.CarrierRates/Quote"}, in_flight)], START, END, 30),
            "carrier_rates_executor_queued.json": query_range([({"service": "carrier-rates", "executor": "quote-exec"}, queue)], START, END, 30),
        }
        return write_scenario(
            out_dir, name="grpc-deadline-dropped", service=SERVICE, onset=ONSET,
            description="""
gRPC deadline not propagated. From 15:24 checkout shows no shipping options:
shipping-quotes answers "no carrier answered" and carrier-rates rejects every
Quote call with RESOURCE_EXHAUSTED (its executor queue is full). From 15:18
DHL Express's rating API was slow (carrier-rates logs it). shipping-quotes'
deploys that day: 10:12 (the start-up lines name a tests commit) and 14:57
(carrier-rates keepalive 30s -> 20s). Rolled back to the previous day's image
at 15:58; carrier-rates drained within a minute, and DHL's quotes were
dropped until DHL's API recovered at 16:03.
""",
            logs=build_logs(rng, head, config), metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"carrier-rates.log": r"<Date> <Time>\s+<Level> <Pid> --- \[\s*<Thread>\] <Logger>\s*: <Content>"},
            root_cause=[r"quote executor queue full", r"carrier quote failed"],
            fix_files=["internal/rates/client.go"],
            explanation="""
The culprit (partial quotes) starts each carrier call from
context.Background() with a 30 s timeout in internal/rates/client.go, so
checkout's 800 ms deadline no longer reaches carrier-rates (its slow-call lines
show deadline=30000ms from 10:12, and no more "cancelled by client" lines). When
DHL's API slowed, abandoned DHL calls filled carrier-rates' executor and it
rejected every carrier ("quote executor queue full"; shipping-quotes logs
"carrier quote failed"). Decoys: the span-attribute edit of the same file the
day before, the tests commit the start-up lines name, the grpc-go bump, the
keepalive change rolled out 27 minutes before the onset, DHL's slow API (the
trigger, not the cause), a runbook commit after the onset. The fix passes the
caller's ctx to each call.
""",
        )
    finally:
        repo.close()
