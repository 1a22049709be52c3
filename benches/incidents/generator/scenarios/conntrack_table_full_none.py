"""quote-aggregator (Python 3.12, aiohttp, structlog JSON; six to sixteen
pods on the EKS cluster's `general` managed node group, deployed by a
GitHub Actions workflow that runs `helm upgrade`; team in London, Vienna and
Pune): Coverly's car and home insurance comparison. Every quote fans out
to the panel's 12 insurers' quote APIs over HTTPS; most insurers close the connection
after each answer, so every call is a DNS lookup and a new TCP connection,
and a busy node tracks a lot of connections in conntrack.

On Thursday 3 December the platform team moves the `general` node group to
an Amazon Linux 2023 AMI (change CHG-3107, Terraform, rolling replacement
10:02-11:34 UTC). The old launch template's user data set
net.netfilter.nf_conntrack_max=1048576; AL2023's nodeadm configuration does
not, so on the new nodes kube-proxy's default applies (32768 per core, 131072
on these 4-vCPU nodes; it logs "Setting nf_conntrack_max"). Nothing shows
during the day. At the evening quote peak the nodes' conntrack tables
fill: from 18:42 the kernel logs "nf_conntrack: table full, dropping
packet", new connections to insurers and DNS queries are dropped, calls
fail with connection timeouts and name-resolution errors, and most quotes
come back with too few insurers. The platform team posts at 19:08 and
rolls out a sysctl DaemonSet at 19:19; drops stop at 19:21. Nothing in this
repository caused it.

Decoys: a config change rolled out at 18:13, 29 minutes before the onset,
that cuts the insurer connect timeout from 5 s to 3 s and the total from 8 s
to 6 s (same client, the errors are timeouts; the on-call reverts it at
19:01 without effect); the same morning's commit that logs the insurer,
error class and detail of a failed call (every failure line); an aiohttp
bump the day before; an HPA change; docs; chores. App (structlog JSON),
node journals (syslog RFC 3164: kernel, systemd, chronyd), kube-proxy
(klog), #platform-changes (chat export, plain text), deploy workflow
(GitHub Actions with helm output)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import klog, syslog3164
from skeletons import chores, readme, runbook

SERVICE = "quote-aggregator"
NODE_START, START, END = utc("2026-12-03 09:50:00"), utc("2026-12-03 16:30:00"), utc("2026-12-03 19:45:00")
MORNING_DEPLOY = utc("2026-12-03 09:41:30")
CHANGE_START, CHANGE_END = utc("2026-12-03 10:02:10"), utc("2026-12-03 11:34:00")
CONFIG_DEPLOY = utc("2026-12-03 18:13:20")
FULL_FROM = utc("2026-12-03 18:42:00")
REVERT_DEPLOY = utc("2026-12-03 19:01:40")
PLATFORM_POST = utc("2026-12-03 19:08:30")
HOTFIX = utc("2026-12-03 19:19:10")
RECOVERED = utc("2026-12-03 19:21:05")

POD_CHARS = "bcdfghjklmnpqrstvwxz2456789"
OLD_NODES = ["ip-10-60-10-41", "ip-10-60-11-87", "ip-10-60-12-203", "ip-10-60-20-16", "ip-10-60-21-142", "ip-10-60-22-9"]
NEW_NODES = ["ip-10-60-10-177", "ip-10-60-11-35", "ip-10-60-12-90", "ip-10-60-20-228", "ip-10-60-21-64", "ip-10-60-22-151"]
# When each full node starts dropping (the busiest first) and how hard.
FULL_AT = {n: FULL_FROM + dt.timedelta(seconds=s) for n, s in zip(NEW_NODES, (0, 95, 40, 210, 330, 150))}

INSURERS = [("harbour-mutual", "api.harbourmutual.co.uk"), ("lionheart-direct", "quotes.lionheartdirect.com"), ("wrenfield", "partner-api.wrenfield.co.uk"),
            ("northgate-insurance", "api.northgate-insurance.co.uk"), ("bluefin-motor", "quote.bluefinmotor.com"), ("castleway", "api.castleway.co.uk"),
            ("pennant", "b2b.pennantinsure.com"), ("saltire-general", "quotes.saltiregeneral.co.uk"), ("thistle-cover", "api.thistlecover.co.uk"),
            ("meridian-direct", "aggregator.meridiandirect.com"), ("kestrel", "api.kestrelinsurance.co.uk"), ("oakham-mutual", "quotes.oakhammutual.co.uk")]

CLIENT_PY = '''"""One quote call per insurer, over a fresh connection (most insurers send
Connection: close)."""
import aiohttp
import structlog

from quote_aggregator.settings import settings

log = structlog.get_logger(__name__)


async def call(session: aiohttp.ClientSession, insurer, payload):
    timeout = aiohttp.ClientTimeout(total=settings.insurer_total_timeout, connect=settings.insurer_connect_timeout)
    try:
        async with session.post(insurer.url, json=payload, timeout=timeout) as resp:
            resp.raise_for_status()
            return await resp.json()
    except (aiohttp.ClientError, TimeoutError):
        log.warning("insurer call failed", insurer=insurer.name)
        return None
'''

CONFIG = """# quote-aggregator, production
[insurers]
connect_timeout = 5.0
total_timeout = 8.0
min_answers = 8

[server]
port = 8080
"""


def repo_files():
    return {
        "pyproject.toml": '[project]\nname = "quote-aggregator"\nversion = "4.2.0"\nrequires-python = ">=3.12"\ndependencies = [\n  "aiohttp==3.10.10",\n  "structlog==24.4.0",\n  "prometheus-client==0.21.0",\n]\n',
        "requirements.lock": "aiohttp==3.10.10\naiosignal==1.3.1\nattrs==24.2.0\nfrozenlist==1.5.0\nmultidict==6.1.0\nprometheus-client==0.21.0\nstructlog==24.4.0\nyarl==1.17.1\n",
        "quote_aggregator/__init__.py": "",
        "quote_aggregator/app.py": 'import asyncio\nimport os\n\nimport aiohttp\nimport structlog\nfrom aiohttp import web\n\nfrom quote_aggregator.insurers import client, registry\nfrom quote_aggregator.settings import settings\n\nlog = structlog.get_logger(__name__)\n\n\nasync def quote(request):\n    payload = await request.json()\n    async with aiohttp.ClientSession() as session:\n        answers = await asyncio.gather(*(client.call(session, i, payload) for i in registry.panel(payload["product"])))\n    ok = [a for a in answers if a]\n    if len(ok) < settings.min_answers:\n        log.error("quote failed", reason="too few insurers answered", insurers_ok=len(ok))\n        return web.json_response({"error": "try again"}, status=503)\n    log.info("quote completed", insurers_ok=len(ok), insurers_failed=len(answers) - len(ok))\n    return web.json_response({"quotes": ok})\n\n\ndef main():\n    log.info("starting quote-aggregator", version=os.environ.get("GIT_SHA", "dev"))\n    app = web.Application()\n    app.router.add_post("/v1/quotes", quote)\n    web.run_app(app, port=settings.port)\n',
        "quote_aggregator/settings.py": 'import tomllib\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Settings:\n    insurer_connect_timeout: float\n    insurer_total_timeout: float\n    min_answers: int\n    port: int\n\n\ndef load(path="config/production.toml"):\n    with open(path, "rb") as f:\n        raw = tomllib.load(f)\n    ins = raw["insurers"]\n    return Settings(ins["connect_timeout"], ins["total_timeout"], ins["min_answers"], raw["server"]["port"])\n\n\nsettings = load()\n',
        "quote_aggregator/insurers/__init__.py": "",
        "quote_aggregator/insurers/client.py": CLIENT_PY,
        "quote_aggregator/insurers/registry.py": '"""The insurer panel per product."""\nfrom dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Insurer:\n    name: str\n    url: str\n\n\nMOTOR = [\n' + "".join(f'    Insurer("{n}", "https://{h}/v2/motor/quote"),\n' for n, h in INSURERS if n != "wrenfield") + ']\n\n\ndef panel(product):\n    return MOTOR\n',
        "config/production.toml": CONFIG,
        "chart/Chart.yaml": "apiVersion: v2\nname: quote-aggregator\nversion: 4.2.0\n",
        "chart/values.yaml": "replicas: 6\nimage:\n  repository: 902114553781.dkr.ecr.eu-west-2.amazonaws.com/quote-aggregator\n  tag: latest\nresources:\n  requests: {cpu: 750m, memory: 512Mi}\n  limits: {memory: 512Mi}\nnodeSelector:\n  eks.amazonaws.com/nodegroup: general\n",
        "k8s/hpa.yaml": "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: quote-aggregator\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: quote-aggregator}\n  minReplicas: 6\n  maxReplicas: 12\n  metrics:\n    - type: Resource\n      resource: {name: cpu, target: {type: Utilization, averageUtilization: 60}}\n",
        ".github/workflows/deploy.yml": "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./scripts/build-and-push.sh $GITHUB_SHA\n      - run: helm upgrade --install quote-aggregator ./chart -n quotes --set image.tag=$GITHUB_SHA --wait --timeout 10m\n",
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.lock .\nRUN pip install --no-cache-dir -r requirements.lock\nCOPY . .\nCMD ["python", "-m", "quote_aggregator.app"]\n',
        "README.md": readme(SERVICE, "Coverly's quote fan-out: one request in, the panel's insurers' quote APIs out.", "pip install -r requirements.lock\npython -m quote_aggregator.app").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.", "Merges to `main` are built and rolled out by the `deploy` workflow (helm upgrade) to `prod-eu-west-2`."),
    }


def build_repo():
    tom = Person("Tom Hughes", "tom.hughes@coverly.co.uk", 0)
    aisha = Person("Aisha Khan", "aisha.khan@coverly.co.uk", 0)
    lukas = Person("Lukas Brenner", "lukas.brenner@coverly.co.uk", 60)
    rahul = Person("Rahul Menon", "rahul.menon@coverly.co.uk", 330)
    renovate = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("QuoteFailureRate", "More than 2 % of quotes fail with too few insurers. Which insurers fail, and how? `insurer call failed` lines."),
        ("InsurerDown", "One insurer failing everything: check their status page and mute them in the panel (registry.py) if needed."),
    ])
    repo.commit(utc("2026-11-26 10:15:00"), tom, "quote-aggregator: import", files)
    repo.schedule(chores(random.Random(17301), SERVICE, [tom, aisha, lukas, rahul], utc("2026-11-26 10:15:00"), utc("2026-12-02 17:00:00"), 4))
    repo.commit(utc("2026-11-30 14:10:00"), aisha, "insurers: add Wrenfield to the motor panel", {
        "quote_aggregator/insurers/registry.py": repo.edit("quote_aggregator/insurers/registry.py", "]\n\n\ndef panel", '    Insurer("wrenfield", "https://partner-api.wrenfield.co.uk/v2/motor/quote"),\n]\n\n\ndef panel'),
    })
    repo.commit(utc("2026-12-01 11:20:00"), lukas, "hpa: max 16 replicas for the December peak", {
        "k8s/hpa.yaml": repo.edit("k8s/hpa.yaml", "maxReplicas: 12", "maxReplicas: 16"),
    })
    repo.commit(utc("2026-12-02 06:03:00"), renovate, "chore(deps): update dependency aiohttp to v3.10.11", {
        "pyproject.toml": repo.edit("pyproject.toml", '"aiohttp==3.10.10"', '"aiohttp==3.10.11"'),
        "requirements.lock": repo.edit("requirements.lock", "aiohttp==3.10.10", "aiohttp==3.10.11"),
    })
    morning = repo.commit(utc("2026-12-03 09:22:00"), aisha, "insurers: log the error class and detail of a failed call\n\n'insurer call failed' named the insurer only; we could not tell a\nrefused connection from a slow answer or a 5xx.", {
        "quote_aggregator/insurers/client.py": repo.edit("quote_aggregator/insurers/client.py", '    except (aiohttp.ClientError, TimeoutError):\n        log.warning("insurer call failed", insurer=insurer.name)\n',
                                                         '    except (aiohttp.ClientError, TimeoutError) as exc:\n        log.warning("insurer call failed", insurer=insurer.name, host=insurer.url.split("/")[2],\n                    error=type(exc).__name__, detail=str(exc) or repr(exc))\n'),
    })
    repo.commit(utc("2026-12-03 11:48:00"), rahul, "docs: what the insurer errors mean", {
        "docs/insurer-errors.md": "# Insurer call errors\n\n| error | meaning |\n|---|---|\n| ConnectionTimeoutError | no TCP/TLS connection within `connect_timeout` |\n| ServerTimeoutError | connected, but no answer within `total_timeout` |\n| ClientConnectorError | refused, or the host name did not resolve |\n| ClientResponseError | the insurer answered 4xx/5xx |\n\nOne insurer failing: theirs. All insurers failing at once: ours or the network's.\n",
    })
    config = repo.commit(utc("2026-12-03 18:05:00"), lukas, "config: insurer connect timeout 3 s, total 6 s\n\nA hung insurer held every quote for 8 s; the front end gives up at 7.\nInsurers connect in under 100 ms and answer in 1-3 s.", {
        "config/production.toml": repo.edit("config/production.toml", "connect_timeout = 5.0\ntotal_timeout = 8.0\n", "connect_timeout = 3.0\ntotal_timeout = 6.0\n"),
    })
    revert = repo.commit(utc("2026-12-03 18:55:00"), tom, f'Revert "config: insurer connect timeout 3 s, total 6 s"\n\nThis reverts commit {config}.\nQuotes failing with connection timeouts since 18:42; ruling it out.', {
        "config/production.toml": CONFIG,
    })
    repo.commit(utc("2026-12-04 10:30:00"), tom, "runbook: conntrack table full on the nodes", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## All insurers failing at once with connection timeouts\n\nCheck the nodes' kernel log for `nf_conntrack: table full` and\n`node_nf_conntrack_entries` against its limit (#platform). On 3 December\nthe AL2023 node image came without the platform's conntrack sysctl.\n",
    })
    return repo, morning, config, revert


# ---------------------------------------------------------------------------

def slog(t, level, pod, event, **fields):
    logger = fields.pop("logger", "quote_aggregator.app")
    body = {"event": event}
    body.update(fields)
    body["level"] = level
    body["logger"] = logger
    body["pod"] = pod
    body["timestamp"] = t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(body, separators=(", ", ": "))


def load(t):
    """Quotes per minute: the day's level, the evening peak from 17:30."""
    h = t.hour + t.minute / 60
    if h < 17.5:
        return 5
    return 5 + min(6, (h - 17.5) * 4)


def build_logs(rng, morning, config, revert):
    app = Log("quote-aggregator.log")
    journal = Log("nodes-journal.log")
    proxy = Log("kube-proxy.log")
    chat = Log("platform-changes.log")
    gha = Log("deploy.log")

    # ---- node replacement (platform change) ----------------------------------------------
    node_up = {}
    span = (CHANGE_END - CHANGE_START) / len(OLD_NODES)
    for i, (old, new) in enumerate(zip(OLD_NODES, NEW_NODES)):
        up = CHANGE_START + span * i + dt.timedelta(seconds=rng.randint(5, 40))
        node_up[new] = up
        j = lambda t, tag, pid, msg, host=new: journal.add(t, syslog3164(t, host, tag, pid, msg))
        j(up, "kernel", None, "Linux version 6.1.115-126.197.amzn2023.x86_64 (mockbuild@ip-10-0-55-140) (gcc (GCC) 11.4.1 20230605 (Red Hat 11.4.1-2), GNU ld version 2.39-6.amzn2023.0.10) #1 SMP PREEMPT_DYNAMIC Tue Nov 19 17:24:31 UTC 2026")
        j(up + dt.timedelta(seconds=6), "systemd", 1, "Starting nodeadm-config.service - EKS Nodeadm Config...")
        j(up + dt.timedelta(seconds=7), "nodeadm", rng.randint(1500, 1900), '{"level":"info","ts":"%s","caller":"init/init.go:110","msg":"Configuring kubelet and containerd from NodeConfig","kind":"NodeConfig"}' % (up + dt.timedelta(seconds=7)).strftime("%Y-%m-%dT%H:%M:%SZ"))
        j(up + dt.timedelta(seconds=9), "systemd", 1, "Finished nodeadm-config.service - EKS Nodeadm Config.")
        j(up + dt.timedelta(seconds=12), "systemd", 1, "Finished nodeadm-run.service - EKS Nodeadm Run.")
        j(up + dt.timedelta(seconds=12, milliseconds=400), "systemd", 1, "Started kubelet.service - Kubernetes Kubelet.")
        kp = up + dt.timedelta(seconds=31, microseconds=rng.randint(0, 999999))
        ipaddr = new[3:].replace("-", ".")
        proxy.add(kp, klog(kp, "I", 1, "server_linux.go:66", '"Using iptables proxy"'))
        proxy.add(kp + dt.timedelta(milliseconds=12), klog(kp + dt.timedelta(milliseconds=12), "I", 1, "server.go:677", f'"Successfully retrieved node IP(s)" IPs=["{ipaddr}"]'))
        proxy.add(kp + dt.timedelta(milliseconds=31), klog(kp + dt.timedelta(milliseconds=31), "I", 1, "conntrack.go:60", '"Setting nf_conntrack_max" nfConntrackMax=131072'))
        proxy.add(kp + dt.timedelta(milliseconds=33), klog(kp + dt.timedelta(milliseconds=33), "I", 1, "conntrack.go:119", '"Set sysctl" entry="net/netfilter/nf_conntrack_tcp_timeout_close_wait" value=3600'))
        proxy.add(kp + dt.timedelta(milliseconds=160), klog(kp + dt.timedelta(milliseconds=160), "I", 1, "config.go:199", '"Starting service config controller"'))
        proxy.add(kp + dt.timedelta(milliseconds=161), klog(kp + dt.timedelta(milliseconds=161), "I", 1, "config.go:105", '"Starting endpoint slice config controller"'))
        proxy.add(kp + dt.timedelta(milliseconds=262), klog(kp + dt.timedelta(milliseconds=262), "I", 1, "shared_informer.go:320", '"Caches are synced" controller="service config"'))
        # old node drained and stopped
        down = up + dt.timedelta(minutes=4, seconds=rng.randint(0, 60))
        jo = lambda t, tag, pid, msg, host=old: journal.add(t, syslog3164(t, host, tag, pid, msg))
        victim = "quote-aggregator-" + "".join(rng.choice(POD_CHARS) for _ in range(10)) + "-" + "".join(rng.choice(POD_CHARS) for _ in range(5))
        jo(down, "kubelet", 3412, f'I1203 {down.strftime("%H:%M:%S")}.{rng.randint(100000, 999999)}    3412 kubelet.go:2421] "SyncLoop DELETE" source="api" pods=["quotes/{victim}"]')
        jo(down + dt.timedelta(seconds=95), "systemd", 1, "Stopping kubelet.service - Kubernetes Kubelet...")
        jo(down + dt.timedelta(seconds=96), "systemd-logind", 1011, "System is powering down.")
    # day-time node noise
    for node in NEW_NODES:
        emit(rng, journal, node_up[node] + dt.timedelta(minutes=2), END, 0.08, [
            (3, lambda t, n=node: syslog3164(t, n, "systemd", 1, "Started sysstat-collect.service - system activity accounting tool.")),
            (1, lambda t, n=node: syslog3164(t, n, "chronyd", 1187, "Selected source 169.254.169.123")),
            (1, lambda t, n=node: syslog3164(t, n, "containerd", 2034, f'time="{t.strftime("%Y-%m-%dT%H:%M:%S")}.{rng.randint(100000000, 999999999)}Z" level=info msg="ImageCreate event name:\\"602401143452.dkr.ecr.eu-west-2.amazonaws.com/eks/pause:3.5\\""')),
        ])
    for node in OLD_NODES:
        emit(rng, journal, NODE_START, CHANGE_START, 0.08, [
            (1, lambda t, n=node: syslog3164(t, n, "systemd", 1, "Started sysstat-collect.service - system activity accounting tool.")),
        ])

    # ---- conntrack drops on the new nodes at the evening peak ----------------------------
    for node in NEW_NODES:
        start = FULL_AT[node]
        for t in poisson_times(rng, start, RECOVERED - dt.timedelta(seconds=rng.randint(0, 40)), 2.5):
            journal.add(t, syslog3164(t, node, "kernel", None, "nf_conntrack: nf_conntrack: table full, dropping packet"))
            if rng.random() < 0.35:
                t2 = t + dt.timedelta(milliseconds=rng.randint(1, 20))
                journal.add(t2, syslog3164(t2, node, "kernel", None, f"net_ratelimit: {rng.randint(180, 4200)} callbacks suppressed"))

    # ---- the platform's hotfix: kube-proxy untouched, a sysctl DaemonSet ------------------
    for node in NEW_NODES:
        t = HOTFIX + dt.timedelta(seconds=rng.randint(3, 100))
        journal.add(t, syslog3164(t, node, "systemd-sysctl", rng.randint(30000, 40000), "Applying /etc/sysctl.d/99-conntrack.conf (net.netfilter.nf_conntrack_max = 1048576)"))

    # ---- deploys -----------------------------------------------------------------------------
    pods_at = []
    for when, sha, msg in ((MORNING_DEPLOY, morning, "insurers: log the error class and detail of a failed call"), (CONFIG_DEPLOY, config, "config: insurer connect timeout 3 s, total 6 s"),
                           (REVERT_DEPLOY, revert, 'Revert "config: insurer connect timeout 3 s, total 6 s"')):
        rs = "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(10))
        n_pods = 6 if when < utc("2026-12-03 17:30:00") else 10
        pods = [f"quote-aggregator-{rs}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}" for _ in range(n_pods)]
        pods_at.append((when, pods))
        t0 = when - dt.timedelta(minutes=4, seconds=10)
        seq = [0]

        def g(off, text):
            seq[0] += 1
            t = t0 + dt.timedelta(seconds=off, milliseconds=37 * seq[0] + rng.randint(0, 30))
            gha.add(t, f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}{rng.randint(0, 9)}Z {text}")
        g(0, f"##[group]Run ./scripts/build-and-push.sh {sha}")
        g(1, f"commit {sha[:7]}: {msg}")
        g(212, f"pushed 902114553781.dkr.ecr.eu-west-2.amazonaws.com/quote-aggregator:{sha}")
        g(213, "##[endgroup]")
        g(214, f"##[group]Run helm upgrade --install quote-aggregator ./chart -n quotes --set image.tag={sha} --wait --timeout 10m")
        g(250 + 5 * n_pods, 'Release "quote-aggregator" has been upgraded. Happy Helming!')
        g(251 + 5 * n_pods, "NAME: quote-aggregator")
        g(251 + 5 * n_pods, f"LAST DEPLOYED: {(t0 + dt.timedelta(seconds=214)).strftime('%a %b %d %H:%M:%S %Y')}")
        g(251 + 5 * n_pods, "NAMESPACE: quotes")
        g(251 + 5 * n_pods, "STATUS: deployed")
        g(251 + 5 * n_pods, f"REVISION: {({MORNING_DEPLOY: 212, CONFIG_DEPLOY: 213, REVERT_DEPLOY: 214})[when]}")
        g(252 + 5 * n_pods, "##[endgroup]")
        if when >= START:
            for i, pod in enumerate(pods):
                ts = when + dt.timedelta(seconds=5 * i, milliseconds=rng.randint(0, 900))
                app.add(ts, slog(ts, "info", pod, "starting quote-aggregator", version=sha, connect_timeout=3.0 if when == CONFIG_DEPLOY else 5.0, total_timeout=6.0 if when == CONFIG_DEPLOY else 8.0))

    def pods_now(t):
        cur = pods_at[0][1]
        for when, pods in pods_at:
            if t >= when + dt.timedelta(seconds=40):
                cur = pods
        return cur

    # ---- quotes ----------------------------------------------------------------------------------
    fails = []
    quotes = []
    t = START
    while t < END:
        t = t + dt.timedelta(seconds=rng.expovariate(load(t) / 60))
        if t >= END:
            break
        pods = pods_now(t)
        pod = rng.choice(pods)
        node = NEW_NODES[pods.index(pod) % len(NEW_NODES)]
        qid = f"q_{hexid(rng, 12)}"
        panel = INSURERS
        dropping = FULL_AT[node] <= t < RECOVERED
        short = CONFIG_DEPLOY + dt.timedelta(seconds=40) <= t < REVERT_DEPLOY + dt.timedelta(seconds=40)
        failed = []
        for name, host in panel:
            r = rng.random()
            if dropping:
                intensity = min(1.0, 0.35 + (t - FULL_AT[node]).total_seconds() / 600)
                if r < 0.30 * intensity:
                    failed.append((name, host, "ConnectionTimeoutError", f"Connection timeout to host https://{host}/v2/motor/quote"))
                    continue
                if r < 0.40 * intensity:
                    failed.append((name, host, "ClientConnectorError", f"Cannot connect to host {host}:443 ssl:default [Temporary failure in name resolution]"))
                    continue
            if name == "castleway" and r < (0.05 if short else 0.02):
                failed.append((name, host, "ServerTimeoutError", "Timeout on reading data from socket"))
            elif name == "pennant" and r < 0.01:
                failed.append((name, host, "ClientResponseError", f"502, message='Bad Gateway', url='https://{host}/v2/motor/quote'"))
        took = ms(rng, 2100, 0.3)
        base = t + dt.timedelta(milliseconds=took)
        for name, host, err, detail in failed:
            at = t + dt.timedelta(milliseconds=(3000 if short else 5000) if err == "ConnectionTimeoutError" else rng.randint(5, 40) if err == "ClientConnectorError" else rng.randint(1500, 6000))
            app.add(at, slog(at, "warning", pod, "insurer call failed", logger="quote_aggregator.insurers.client", quote_id=qid, insurer=name, host=host, error=err, detail=detail))
            if err in ("ConnectionTimeoutError", "ClientConnectorError"):
                fails.append(at)
        ok = len(panel) - len(failed)
        end = max([base] + [t + dt.timedelta(seconds=5 if not short else 3) for *_, e, _ in failed if e == "ConnectionTimeoutError"])
        if ok < 8:
            app.add(end, slog(end, "error", pod, "quote failed", quote_id=qid, product="motor", reason="too few insurers answered", insurers_ok=ok, insurers_failed=len(failed), status=503))
            quotes.append((end, False))
        else:
            app.add(end, slog(end, "info", pod, "quote completed", quote_id=qid, product="motor", insurers_ok=ok, insurers_failed=len(failed), elapsed_ms=int((end - t).total_seconds() * 1000)))
            quotes.append((end, True))

    # ---- #platform-changes (chat export) ---------------------------------------------------------
    def say(t, who, text):
        chat.add(t, f"[{t.strftime('%Y-%m-%d %H:%M:%S')} UTC] #platform-changes <{who}> {text}")
    say(utc("2026-12-03 09:55:12"), "change-bot", "CHG-3107 scheduled 10:00-12:00: prod-eu-west-2 node group `general` -> AL2023 (ami-0e1f4c7a2b9d83a55, launch template v19). Rolling, one node at a time. Risk: low. Owner: Dmitri Petrov")
    say(CHANGE_START - dt.timedelta(seconds=20), "Dmitri Petrov", "CHG-3107 starting: terraform apply on eks-prod-euw2 (aws_launch_template.general, aws_eks_node_group.general)")
    say(CHANGE_END + dt.timedelta(seconds=50), "Dmitri Petrov", "CHG-3107 done: 6/6 general nodes on AL2023, all pods rescheduled, no alerts. Closing.")
    say(utc("2026-12-03 14:20:03"), "change-bot", "CHG-3110 completed: Grafana 11.3.1 upgrade (observability, low risk)")
    say(utc("2026-12-03 18:51:44"), "Tom Hughes", "quote-aggregator: connection timeouts to every insurer since 18:42. We shipped an insurer timeout change at 18:13 and are reverting it now. Anyone else seeing outbound trouble from the general nodes?")
    say(utc("2026-12-03 18:58:10"), "Grace Adeyemi", "policy-docs too: S3 uploads timing out from some pods since ~18:45")
    say(PLATFORM_POST, "Dmitri Petrov", "Looking: kernel on all 6 general nodes logs 'nf_conntrack: table full, dropping packet'. nf_conntrack_max is 131072 on the AL2023 nodes; the old launch template's user data set 1048576 and nodeadm config doesn't carry it. Related to CHG-3107. Hotfix DaemonSet coming. INC-5521")
    say(HOTFIX + dt.timedelta(seconds=15), "Dmitri Petrov", "sysctl DaemonSet rolled out (nf_conntrack_max=1048576 on general). INC-5521")
    say(RECOVERED + dt.timedelta(seconds=100), "Dmitri Petrov", "No more conntrack drops since 19:21. Permanent fix in the launch template tomorrow (CHG-3114). INC-5521")
    return [app, journal, proxy, chat, gha], fails, quotes, node_up


def build(out_dir):
    rng = random.Random(17300)
    repo, morning, config, revert = build_repo()
    try:
        logs, fails, quotes, node_up = build_logs(rng, morning, config, revert)
        journal = logs[1]
        onset = min([t for t, _, text in journal.entries if "table full" in text] + fails).replace(microsecond=0)

        def limit(node, old=False):
            def fn(t):
                if old:
                    return 1048576
                return 1048576 if t >= HOTFIX + dt.timedelta(seconds=60) else 131072
            return fn

        def entries(node, old=False):
            def fn(t):
                base = 9000 + (load(t) - 5) * 25500 + ((t.minute * 97 + len(node) * 13) % 3000)
                if not old and FULL_AT[node] <= t < RECOVERED:
                    return 131072
                return int(base)
            return fn

        series_e, series_l = [], []
        for i, (old, new) in enumerate(zip(OLD_NODES, NEW_NODES)):
            gone = node_up[new] + dt.timedelta(minutes=5, seconds=40)
            series_e.append(({"instance": f"{old}.eu-west-2.compute.internal", "nodegroup": "general"}, lambda t, f=entries(old, True), g=gone: f(t) if t < g else None))
            series_l.append(({"instance": f"{old}.eu-west-2.compute.internal", "nodegroup": "general"}, lambda t, g=gone: 1048576 if t < g else None))
            series_e.append(({"instance": f"{new}.eu-west-2.compute.internal", "nodegroup": "general"}, lambda t, f=entries(new), u=node_up[new]: f(t) if t >= u + dt.timedelta(seconds=60) else None))
            series_l.append(({"instance": f"{new}.eu-west-2.compute.internal", "nodegroup": "general"}, lambda t, f=limit(new), u=node_up[new]: f(t) if t >= u + dt.timedelta(seconds=60) else None))

        def fail_ratio(t):
            window = [ok for e, ok in quotes if t - dt.timedelta(seconds=300) < e <= t]
            return round(sum(1 for ok in window if not ok) / len(window), 4) if window else 0

        metrics = {
            "node_nf_conntrack_entries.json": query_range(series_e, NODE_START, END, 120),
            "node_nf_conntrack_entries_limit.json": query_range(series_l, NODE_START, END, 120),
            "quote_failure_ratio.json": query_range([({"namespace": "quotes", "service": SERVICE}, fail_ratio)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="conntrack-table-full-none", service=SERVICE, onset=onset,
            description=f"""
Car insurance quotes fail at the evening peak. From {onset.strftime('%H:%M')} UTC on 3 December
calls to every insurer fail with connection timeouts and name-resolution
errors, and most quotes come back "too few insurers answered" (503).
quote-aggregator was deployed at 09:41 (failed-call logging) and 18:13
(insurer timeouts); the on-call reverted the timeouts at 19:01. It recovers
at about 19:21.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"nf_conntrack: table full, dropping packet", r"Setting nf_conntrack_max"],
            fix_files=[],
            explanation=f"""
Nothing in quote-aggregator's repository caused it. The platform team's
CHG-3107 moved the `general` node group to an AL2023 AMI between 10:02 and
11:34; the old launch template's user data raised nf_conntrack_max to
1048576, the new nodeadm configuration does not, so kube-proxy's default
applies ("Setting nf_conntrack_max" nfConntrackMax=131072). The service
opens a new connection (and a DNS lookup) per insurer call; at the evening
peak the nodes' conntrack tables fill and the kernel drops new flows
("nf_conntrack: table full, dropping packet"), so calls fail with
ConnectionTimeoutError and name-resolution errors on every node and another
team's service on the same nodes fails too. The platform team's sysctl
DaemonSet at 19:19 ends it.
Decoys: the insurer connect/total timeout change rolled out at 18:13,
{int((onset - CONFIG_DEPLOY).total_seconds() // 60)} minutes before the onset (the errors are timeouts; its revert at 19:01
changes nothing); the morning commit that logs the error class and detail
of each failed call; the docs commit on insurer errors; the aiohttp bump
the day before; the HPA change; chores; the runbook commit after.
""",
        )
    finally:
        repo.close()
