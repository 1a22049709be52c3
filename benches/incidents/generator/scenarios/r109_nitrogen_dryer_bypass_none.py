"""Kiln & Crow's roastline (see r109_renewal_allocation_before_commit) four
weeks later. roastline now also records the packing line's result for each
bag (PACK-20): the valve bag packer BGR-2 flushes every bag with nitrogen,
weighs it and measures the headspace oxygen with an inline analyser, rejects
a bag over 3.0 % O2 (the roastery's shelf-life limit) and posts each result
to roastline, which counts the pack runs against the day's orders. The
nitrogen comes from an on-site PSA generator fed by the compressed air
system (compressors C1 and C2, refrigerant dryer D1); a Modbus gateway
(util-gw) sends the utilities' events to syslog. Nobody watches util-gw's
log: its alarms go to a panel in the plant room.

Thursday 26 March 2026: the compressor contractor does C1's annual service
from 08:45 (maintenance work order WO-5531); to work on the dryer's
condenser and drain with the air system live on C2, the technician opens
D1's bypass valve at 08:52 ("bypass valve OPEN") and, at 09:41, restarts
C1 and the dryer and closes the work order without closing the bypass.
Wet compressed air reaches the nitrogen generator: the pressure dew point
at its inlet rises ("pressure dew point ... high"), the carbon molecular
sieve takes up the moisture and the nitrogen's purity falls from 99.6 %
("N2 purity ... below alarm 99.0 %" from 10:20). The flushed bags keep more
oxygen, and from about 10:40 BGR-2 rejects a growing share of bags for
"O2 HIGH" (most of them by 11:30). Nothing in roastline causes it or can
fix it.

roastline 4.15.0 was synced at 09:55 (PACK-31, pack runs grouped by roast
batch, which logs "pack run behind"; PACK-33, which logs each rejected bag
at WARNING with the line's reason, the very line that fills the log; a
stripe bump); a pickup cut-off change was synced at 10:16 and the start-up
lines of nothing else name it. The runbook (a commit the day before) says
rejects after a roastline release are usually wrong target weights and to
roll back. Tom (on call, paged at 11:02) rolls back to 4.14.2 at 11:26
without effect: the warnings go, the line's rejects stay ("bag result ...
result=REJECT reason=O2_HIGH"). Sam, the packing lead, stops BGR-2 at
11:44. Dev points out that the line measures the oxygen itself; Gareth
(maintenance) reads util-gw's log, finds the purity alarm, the dew point
alarm and the bypass opened at 08:52 during the service, and closes the
bypass at 12:08. Purity is back above 99 % at about 12:40; the line
restarts at 12:52 without O2 rejects and 4.15.0 is synced again at 13:05.
Nothing in roastline is changed.

Sources: roastline web (python-json-logger), the packer's controller log
(line format), util-gw (syslog RFC 3164), ingress-nginx access, Argo CD
(logfmt), maintenance work orders (CAFM export, JSON lines),
#roastline-ops (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, hexid, poisson_times, utc, write_scenario
from formats import syslog3164
from scenarios import r109_renewal_allocation_before_commit as base

SERVICE = "roastline"
START, END = utc("2026-03-26 08:30:00"), utc("2026-03-26 13:30:00")

INGEST_PY = '''"""The packing line's result for each bag: BGR-2 posts weight, headspace O2
and its verdict; roastline records it against the pack run (PACK-20). The
line decides; roastline only counts."""

import logging

from django.http import JsonResponse

from packing.models import BagResult, PackRun

log = logging.getLogger("packing.ingest")


def bag_result(request):
    data = request.json
    run = PackRun.objects.get(code=data["run"])
    bag = BagResult.objects.create(run=run, seq=data["seq"], weight_g=data["weight_g"], o2_pct=data["o2_pct"],
                                   result=data["result"], reason=data.get("reason", ""))
    log.info("bag result", extra={"run": run.code, "seq": bag.seq, "sku": run.sku, "result": bag.result})
    return JsonResponse({"ok": True})
'''


def build_repo():
    repo, shas = base.build_repo()
    tom, ines, dev, bot = base.TOM, base.INES, base.DEV, base.BOT
    repo.commit(utc("2026-03-02 10:10:00"), tom, "docs: postmortem INC-212 (renewal allocations before commit)", {
        "docs/postmortems/INC-212.md": "# INC-212: renewal orders not allocated\n\nSUB-231 enqueued allocate_order inside the chunk's transaction; every\nrenewal's allocation read an order that was not committed yet. The eager\ntests could not see it. Rolled back 4.12.1 first, which did not help.\nFixed in 4.12.2; orders re-enqueued at 21:40.\n",
    })
    repo.commit(utc("2026-03-04 14:02:00"), ines, "tests: renewals with real transactions and a worker (INC-212)", {
        "tests/test_renewals_tx.py": "import pytest\n\nfrom subscriptions import renewals\n\n\n@pytest.mark.django_db(transaction=True)\ndef test_allocation_sees_the_committed_order(subscription, stripe_ok, celery_worker):\n    renewals.renew_chunk([subscription.pk], None)\n    assert subscription.orders.get().reservations.exists()\n",
    })
    repo.commit(utc("2026-03-10 11:20:00"), dev, "packing: record each bag's result from BGR-2 (PACK-20)", {
        "packing/ingest.py": INGEST_PY,
        "packing/urls.py": "from django.urls import path\n\nfrom packing import ingest\n\nurlpatterns = [path(\"api/packing/bags\", ingest.bag_result)]\n",
    })
    shas["rel_4130"] = repo.commit(utc("2026-03-11 15:02:00"), tom, "release 4.13.0", {
        "roastline/__init__.py": repo.edit("roastline/__init__.py", '"4.12.2"', '"4.13.0"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.12.2"', 'newTag: "4.13.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.13.0\n\n- Bag results from the packing line (PACK-20).\n"),
    })
    repo.commit(utc("2026-03-16 06:04:00"), bot, "Bump stripe from 9.6.0 to 9.12.0", {
        "pyproject.toml": repo.edit("pyproject.toml", '"stripe==9.6.0"', '"stripe==9.12.0"'),
    })
    repo.commit(utc("2026-03-18 10:41:00"), dev, "packing: ignore the line's repeated posts of a bag (PACK-24)", {
        "packing/ingest.py": repo.edit("packing/ingest.py", "    bag = BagResult.objects.create(run=run, seq=data[\"seq\"],", "    bag, _ = BagResult.objects.get_or_create(run=run, seq=data[\"seq\"], defaults=dict(").replace(
            "result=data[\"result\"], reason=data.get(\"reason\", \"\"))", "result=data[\"result\"], reason=data.get(\"reason\", \"\")))"),
    })
    shas["rel_4142"] = repo.commit(utc("2026-03-19 14:30:00"), tom, "release 4.14.2", {
        "roastline/__init__.py": repo.edit("roastline/__init__.py", '"4.13.0"', '"4.14.2"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.13.0"', 'newTag: "4.14.2"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.14.2\n\n- Repeated bag posts ignored (PACK-24).\n- Stripe 9.12.0.\n"),
    })
    repo.commit(utc("2026-03-24 15:12:00"), dev, "packing: pack runs per roast batch, warn when a run falls behind (PACK-31)\n\nA pack run was one SKU for the day; the roasters want to know which\nbatch a bag came from. The run's target is the batch's bags; a run with\nfewer passed bags than its target at the end logs 'pack run behind'.", {
        "packing/runs.py": "import logging\n\nfrom packing.models import PackRun\n\nlog = logging.getLogger(\"packing.runs\")\n\n\ndef close(run):\n    passed = run.bags.filter(result=\"OK\").count()\n    if passed < run.target:\n        log.warning(\"pack run behind\", extra={\"run\": run.code, \"batch\": run.batch, \"passed\": passed, \"target\": run.target})\n    else:\n        log.info(\"pack run complete\", extra={\"run\": run.code, \"batch\": run.batch, \"passed\": passed})\n    run.closed = True\n    run.save(update_fields=[\"closed\"])\n",
    })
    repo.commit(utc("2026-03-25 10:33:00"), ines, "packing: log each rejected bag at WARNING with the line's reason (PACK-33)", {
        "packing/ingest.py": repo.edit("packing/ingest.py", '''    log.info("bag result", extra={"run": run.code, "seq": bag.seq, "sku": run.sku, "result": bag.result})
''', '''    if bag.result != "OK":
        log.warning("bag rejected by line", extra={"run": run.code, "seq": bag.seq, "sku": run.sku, "reason": bag.reason,
                                                   "weight_g": bag.weight_g, "o2_pct": bag.o2_pct})
    else:
        log.info("bag result", extra={"run": run.code, "seq": bag.seq, "sku": run.sku, "result": bag.result})
'''),
    })
    repo.commit(utc("2026-03-25 11:08:00"), tom, "runbook: PackingRejectsHigh", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## PackingRejectsHigh

More than 5 % of BGR-2's bags rejected for 10 minutes.

- The line takes each pack run's SKU, bag size and target weight from
  roastline. Rejects that start after a roastline release are almost
  always a pack run built wrong (wrong bag size for a SKU): roll back to
  the previous tag and ask the packing lead to restart the run.
- Weight rejects on one SKU: the auger's setting on the line, ask the
  packing lead.
- O2 rejects: usually a valve applicator or a film splice; the line's
  own self-check says which.
""",
    })
    shas["rel_4150"] = repo.commit(utc("2026-03-26 09:48:00"), tom, "release 4.15.0", {
        "roastline/__init__.py": repo.edit("roastline/__init__.py", '"4.14.2"', '"4.15.0"'),
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.14.2"', 'newTag: "4.15.0"'),
        "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", "# Changelog\n\n## 4.15.0\n\n- Pack runs per roast batch (PACK-31).\n- Rejected bags logged with the line's reason (PACK-33).\n"),
    })
    shas["cutoff"] = repo.commit(utc("2026-03-26 10:13:00"), dev, "k8s: DPD pickup cut-off 14:30 (they come at 15:00 now)", {
        "k8s/web.yaml": repo.edit("k8s/web.yaml", '            - name: DJANGO_SETTINGS_MODULE\n', '            - name: PACK_CUTOFF_DPD\n              value: "14:30"\n            - name: DJANGO_SETTINGS_MODULE\n'),
    })
    shas["rollback"] = repo.commit(utc("2026-03-26 11:24:00"), tom, "deploy: pin roastline 4.14.2 (rollback of 4.15.0, INC-219)", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.15.0"', 'newTag: "4.14.2"'),
    })
    shas["again"] = repo.commit(utc("2026-03-26 13:03:00"), tom, "deploy: roastline 4.15.0 again (INC-219 was the nitrogen generator)", {
        "k8s/kustomization.yaml": repo.edit("k8s/kustomization.yaml", 'newTag: "4.14.2"', 'newTag: "4.15.0"'),
    })
    return repo, shas


# ---------------------------------------------------------------------------
# Thursday morning

SKUS = [("HOUSE-ESP-1KG", 1000), ("HOUSE-ESP-250", 250), ("CO-HUILA-250", 250), ("ET-YIR-250", 250), ("BR-MOGIANA-1KG", 1000),
        ("KE-NYERI-250", 250), ("DECAF-250", 250), ("GT-HUEHUE-250", 250)]


def U(text):
    return utc(f"2026-03-26 {text}" if text.count(":") == 2 else f"2026-03-26 {text}:00")


BYPASS_OPEN, C1_BACK, BYPASS_CLOSED = U("08:52:14"), U("09:41:37"), U("12:08:02")
LINE_STOP, LINE_START = U("11:44:20"), U("12:52:05")
SYNC_4150, SYNC_CUTOFF, SYNC_RB, SYNC_AGAIN = U("09:55:21"), U("10:16:02"), U("11:26:11"), U("13:05:40")


def dew_point(t):
    if t < BYPASS_OPEN:
        return 3.1
    if t < C1_BACK:
        return 3.1 + 4.0 * min(1, (t - BYPASS_OPEN).total_seconds() / 1800)   # the dryer off, C2 alone
    if t < BYPASS_CLOSED:
        return 7.1 + 8.0 * min(1, (t - C1_BACK).total_seconds() / 2400)
    return max(3.2, 15.1 - 12 * (t - BYPASS_CLOSED).total_seconds() / 1500)


def purity(t):
    if t < U("10:00:00"):
        return 99.62
    if t < BYPASS_CLOSED:
        return max(96.9, 99.62 - 2.7 * (t - U("10:00:00")).total_seconds() / 4500)
    base = max(96.9, 99.62 - 2.7 * (BYPASS_CLOSED - U("10:00:00")).total_seconds() / 4500)
    return min(99.6, base + 2.6 * (t - BYPASS_CLOSED).total_seconds() / 3000)


def build_logs(rng, shas):
    web = Log("roastline-web.log")
    line = Log("bgr2-packer.log")
    util = Log("util-gw.log")
    ingress = Log("ingress-nginx.log")
    argo = Log("argocd-roastline.log")
    wo = Log("cafm-work-orders.log")
    slack = Log("slack-roastline-ops.log")
    stats = {"first_o2": None, "o2_rejects": 0, "bags": 0}

    def stamp(t):
        return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"

    def version_at(t):
        if t < SYNC_4150 + dt.timedelta(seconds=40):
            return "4.14.2", shas["rel_4142"]
        if t < SYNC_RB + dt.timedelta(seconds=40):
            return "4.15.0", shas["rel_4150"]
        if t < SYNC_AGAIN + dt.timedelta(seconds=40):
            return "4.14.2", shas["rel_4142"]
        return "4.15.0", shas["rel_4150"]

    def aj(t, level, logger, message, **fields):
        body = {"asctime": stamp(t), "levelname": level, "name": logger, "message": message}
        body.update(fields)
        web.add(t, json.dumps(body))

    def ing(t, method, path, status, size, rt, ua, client=None):
        client = client or f"{rng.choice(['81.2', '86.1', '92.40', '109.150'])}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        ingress.add(t, f'{client} - - [{t.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{method} {path} HTTP/1.1" {status} {size} "-" "{ua}" {rng.randint(300, 900)} {rt + 0.001:.3f} [shop-roastline-web-80] [] 10.20.{rng.randint(1, 3)}.{rng.randint(2, 250)}:8000 {size} {rt:.3f} {status} {hexid(rng, 32)}')

    def ll(t, level, msg):
        line.add(t, f"{t.strftime('%d.%m.%Y %H:%M:%S.')}{t.microsecond // 1000:03d} BGR-2 {level:<5} {msg}")

    def ul(t, tag, pid, msg):
        util.add(t, syslog3164(t, "util-gw", tag, pid, msg))

    # --- Argo CD and start-up lines --------------------------------------------------------
    def al(t, level, msg, **kv):
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f'msg="{msg}"', "application=roastline"]
        for k, v in kv.items():
            parts.append(f'{k}={v}' if " " not in str(v) else f'{k}="{v}"')
        argo.add(t, " ".join(parts))

    for x in range(0, int((END - START).total_seconds()), 180):
        al(START + dt.timedelta(seconds=x + rng.uniform(0, 2)), "info", "Refreshing app status (normal refresh requested)", **{"dest-namespace": "shop"})
    for sync, sha, hid in ((SYNC_4150, shas["rel_4150"], 77), (SYNC_CUTOFF, shas["cutoff"], 78), (SYNC_RB, shas["rollback"], 79), (SYNC_AGAIN, shas["again"], 80)):
        al(sync, "info", f"Initiated automated sync to '{sha}'", **{"dest-namespace": "shop"})
        al(sync + dt.timedelta(seconds=5.4), "info", f"Sync operation to {sha} succeeded", revision=sha, historyID=hid)
        al(sync + dt.timedelta(seconds=51.0), "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "shop"})
        version, vsha = version_at(sync + dt.timedelta(seconds=45))
        for i in range(2):
            w = sync + dt.timedelta(seconds=9 + i * 12 + rng.uniform(0, 3))
            aj(w, "INFO", "gunicorn.error", "Handling signal: term")
            aj(w + dt.timedelta(seconds=6), "INFO", "roastline.wsgi", f"starting roastline web version={version} rev={vsha[:7]}")
            aj(w + dt.timedelta(seconds=6.4), "INFO", "gunicorn.error", "Listening at: http://0.0.0.0:8000 (1)")

    # --- util-gw: compressors, dryer, nitrogen generator --------------------------------------
    t = START + dt.timedelta(seconds=17)
    while t < END:
        c1 = not (U("08:47:02") <= t < C1_BACK)
        ul(t, "airsys", 611, f"C1 {'run load ' + str(rng.randint(55, 72)) + ' %' if c1 else 'stopped (maintenance)'} C2 run load {rng.randint(30, 45) if c1 else rng.randint(92, 100)} % header {rng.uniform(7.2, 7.5):.2f} bar")
        dp = dew_point(t) + rng.uniform(-0.3, 0.3)
        bypass = "OPEN" if BYPASS_OPEN <= t < BYPASS_CLOSED else "CLOSED"
        ul(t + dt.timedelta(seconds=1), "dryer", 612, f"D1 status {'run' if not (U('08:52:00') <= t < C1_BACK) else 'stopped'} bypass {bypass} pressure dew point {dp:+.1f} C")
        if dp > 5.0:
            ul(t + dt.timedelta(seconds=1.2), "dryer", 612, f"D1 ALARM pressure dew point {dp:+.1f} C high (limit +5.0 C)")
        p = purity(t) + rng.uniform(-0.04, 0.04)
        ul(t + dt.timedelta(seconds=2), "n2gen", 613, f"N2 purity {p:.2f} % flow {rng.uniform(17.6, 18.9):.1f} Nm3/h outlet {rng.uniform(6.7, 6.9):.2f} bar beds A/B cycle {rng.randint(58, 62)} s")
        if p < 99.0:
            ul(t + dt.timedelta(seconds=2.1), "n2gen", 613, f"N2 ALARM purity {p:.2f} % below alarm 99.0 %")
        t += dt.timedelta(minutes=5)
    ul(U("08:47:02"), "airsys", 611, "C1 stop request: maintenance key switch ON")
    ul(U("08:47:31"), "airsys", 611, "C2 lead compressor, load 100 %")
    ul(U("08:51:48"), "dryer", 612, "D1 refrigerant compressor stopped (local)")
    ul(BYPASS_OPEN, "dryer", 612, "D1 bypass valve OPEN")
    ul(BYPASS_OPEN + dt.timedelta(seconds=0.5), "dryer", 612, "D1 WARNING air bypassing dryer")
    ul(U("09:33:10"), "dryer", 612, "D1 condensate drain test OK")
    ul(C1_BACK, "airsys", 611, "C1 maintenance key switch OFF, service interval reset (8000 h)")
    ul(C1_BACK + dt.timedelta(seconds=9), "airsys", 611, "C1 start, load 60 %")
    ul(C1_BACK + dt.timedelta(seconds=40), "dryer", 612, "D1 refrigerant compressor running")
    ul(BYPASS_CLOSED, "dryer", 612, "D1 bypass valve CLOSED")
    ul(U("12:41:17"), "n2gen", 613, "N2 purity alarm cleared (99.02 %)")
    ul(U("12:22:40"), "dryer", 612, "D1 pressure dew point alarm cleared")
    for t in poisson_times(rng, START, END, 0.06):
        ul(t, "modbusd", 402, f"read timeout unit {rng.choice([11, 12])} (retry ok)")

    # --- the packer and roastline's ingest ------------------------------------------------------
    runs = []
    rno = [4411]
    seq = [20813]
    t = START + dt.timedelta(seconds=40)
    run = None
    line_ip = "10.30.4.21"
    ua = "BGR2-HMI/3.4.1"
    while t < END:
        if LINE_STOP <= t < LINE_START:
            t = LINE_START
            ll(t, "INFO", "LINE START operator sam.o")
            continue
        if run is None or run["done"] >= run["target"]:
            if run is not None:
                end = t - dt.timedelta(seconds=1)
                v, _ = version_at(end)
                passed = run["ok"]
                if v == "4.15.0" and passed < run["target"]:
                    aj(end, "WARNING", "packing.runs", "pack run behind", run=run["code"], batch=run["batch"], passed=passed, target=run["target"])
                else:
                    aj(end, "INFO", "packing.runs", "pack run complete", run=run["code"], batch=run["batch"], passed=passed)
                ll(end, "INFO", f"RUN {run['code']} END {passed}/{run['done']} OK")
            sku, size = rng.choice(SKUS)
            rno[0] += 1
            run = {"code": f"PR-{rno[0]}", "batch": f"RB-0326-{rng.randint(1, 14):02d}", "sku": sku, "size": size,
                   "target": rng.choice([24, 30, 36, 40]) if size == 1000 else rng.choice([48, 60, 80, 96]), "done": 0, "ok": 0}
            ll(t, "INFO", f"RUN {run['code']} START SKU {sku} TARGET {run['target']} BAG {size} g")
            t += dt.timedelta(seconds=rng.uniform(30, 90))
        seq[0] += 1
        run["done"] += 1
        stats["bags"] += 1
        wt = run["size"] + rng.gauss(3.5, 1.6) * (4 if run["size"] == 1000 else 1)
        o2 = 0.45 + (100 - purity(t)) * 0.98 + rng.gauss(0, 0.32)
        o2 = max(0.3, o2)
        reason = None
        if rng.random() < 0.004:
            o2 = rng.uniform(6, 12)   # a valve or seal fault, one bag
        if wt < run["size"]:
            reason = "UNDERWEIGHT"
        elif o2 > 3.0:
            reason = "O2_HIGH"
        n2 = rng.uniform(17.8, 18.6)
        if reason is None:
            run["ok"] += 1
            ll(t, "INFO", f"BAG {seq[0]:06d} SKU {run['sku']} WT {wt:.1f} g O2 {o2:.1f} % N2FLOW {n2:.1f} l/min RESULT OK")
        elif reason == "O2_HIGH":
            ll(t, "WARN", f"BAG {seq[0]:06d} SKU {run['sku']} WT {wt:.1f} g O2 {o2:.1f} % N2FLOW {n2:.1f} l/min RESULT REJECT O2 HIGH ({o2:.1f} % > 3.0 %)")
            stats["o2_rejects"] += 1
            if t > U("10:00:00") and o2 < 6 and stats["first_o2"] is None:
                stats["first_o2"] = t
        else:
            ll(t, "WARN", f"BAG {seq[0]:06d} SKU {run['sku']} WT {wt:.1f} g O2 {o2:.1f} % N2FLOW {n2:.1f} l/min RESULT REJECT UNDERWEIGHT ({wt:.1f} g < {run['size']} g)")
        p = t + dt.timedelta(milliseconds=rng.randint(40, 160))
        v, _ = version_at(p)
        if reason and v == "4.15.0":
            aj(p, "WARNING", "packing.ingest", "bag rejected by line", run=run["code"], seq=seq[0], sku=run["sku"], reason=reason, weight_g=round(wt, 1), o2_pct=round(o2, 1))
        else:
            aj(p, "INFO", "packing.ingest", "bag result", run=run["code"], seq=seq[0], sku=run["sku"], result="OK" if reason is None else "REJECT")
        ing(p + dt.timedelta(milliseconds=8), "POST", "/api/packing/bags", 200, 11, rng.uniform(0.01, 0.04), ua, line_ip)
        t += dt.timedelta(seconds=rng.uniform(4.5, 7.5))
    ll(LINE_STOP, "INFO", "LINE STOP operator sam.o reason 'O2 rejects'")
    for x in range(0, int((END - START).total_seconds()), 1800):
        tt = START + dt.timedelta(seconds=x + 600)
        if not LINE_STOP <= tt < LINE_START:
            ll(tt, "INFO", f"O2 analyser self-check OK zero {rng.uniform(0.0, 0.1):.2f} % span 20.9 %")
    ll(U("10:21:44"), "INFO", "film splice OK reel 2 of 3")
    ll(U("11:12:09"), "INFO", "valve applicator check OK (operator)")

    # shop traffic and orders
    uas = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36"]
    for t in poisson_times(rng, START, END, 6):
        path = rng.choice(["/shop/", "/shop/coffee/ke-nyeri-aa", "/subscriptions/", "/account/orders", "/api/basket", "/wholesale/"])
        ing(t, "GET", path, 200, rng.randint(3000, 30000), rng.uniform(0.02, 0.2), rng.choice(uas))
    for t in poisson_times(rng, START, END, 0.4):
        aj(t, "INFO", "shop.checkout", "checkout completed", order=f"KC-{rng.randint(93000, 93900)}", total=f"{rng.uniform(8, 60):.2f}", currency="GBP")
        ing(t, "POST", "/checkout/complete", 302, 0, rng.uniform(0.1, 0.3), rng.choice(uas))
    for t in poisson_times(rng, START, END, 0.1):
        aj(t, "INFO", "wholesale.orders", "wholesale order confirmed", account=rng.choice(["W-0112", "W-0140", "W-0077", "W-0203"]), kg=rng.choice([5, 10, 12, 20]))

    # --- work orders ----------------------------------------------------------------------------
    def w(hm, number, status, text, who):
        tt = U(hm)
        wo.add(tt, json.dumps({"ts": tt.strftime("%Y-%m-%dT%H:%M:%SZ"), "wo": number, "asset": "C1/D1" if number == "WO-5531" else "N2GEN-1",
                               "status": status, "by": who, "note": text}))

    w("08:44:51", "WO-5531", "in_progress", "Annual service C1 (GA37) and dryer D1. Air on C2 during the service.", "airwell.kevin")
    w("09:44:12", "WO-5531", "completed", "Oil, oil filter, separator and inlet filter changed on C1. D1 condenser cleaned, zero-loss drain replaced and tested. C1 running, interval reset.", "airwell.kevin")
    w("11:58:30", "WO-5537", "open", "Packing: O2 rejects on BGR-2. Check N2 generator purity.", "sam.o")
    w("12:09:40", "WO-5537", "in_progress", "N2 purity 96.9 % (alarm since 10:20), dryer D1 dew point +15 C: D1 bypass valve found open after this morning's service. Closed 12:08. Beds will recover as dry air purges them.", "gareth.m")
    w("12:46:02", "WO-5537", "completed", "N2 purity 99.1 % and rising, alarm cleared 12:41. Airwell informed; bypass to be tagged on their checklist.", "gareth.m")
    return [web, line, util, ingress, argo, wo, slack], stats


def slack_lines(rng, slack, stats):
    users = {"tom.ashby": "U04TA1K2R", "dev.patel": "U05DP2N8W", "sam.o": "U06SO3C1X", "gareth.m": "U06GM8T2D", "alertmanager": "B01ALM4RT", "ines.carvalho": "U04IC7M3Q"}

    def say(hm, who, text):
        t = U(hm) + dt.timedelta(seconds=rng.uniform(0, 59))
        slack.add(t, json.dumps({"type": "message", "channel": "roastline-ops", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    say("09:56", "tom.ashby", "4.15.0 synced: pack runs per roast batch (PACK-31), rejected bags logged with the reason (PACK-33)")
    say("10:17", "dev.patel", "DPD cut-off 14:30 synced (env only)")
    say("10:58", "sam.o", "getting a lot of O2 rejects on BGR-2 since about quarter to eleven. weights fine. anything changed?")
    say("11:02", "alertmanager", "[FIRING] PackingRejectsHigh: BGR-2 rejected 14% of bags (10 min)")
    say("11:05", "tom.ashby", "ack. roastline logs 'bag rejected by line' reason O2_HIGH, all SKUs. 4.15.0 went out at 09:55 and PACK-31 changed how the pack runs are built. runbook says roll back")
    say("11:09", "sam.o", "valve applicator checked, film splice was at 10:21 and fine. analyser self-check ok")
    say("11:24", "tom.ashby", "rolling back to 4.14.2 (INC-219)")
    say("11:31", "tom.ashby", "4.14.2 synced 11:26. rejects still coming in (now as 'bag result' REJECT). so not the pack runs")
    say("11:36", "dev.patel", "the line measures the O2 itself, we only record what it posts. the O2 values are creeping up all morning: 2.1, 2.6, 3.4... that's the flush gas, not the bags. is the N2 generator ok?")
    say("11:45", "sam.o", "stopped BGR-2, half the bags are going in the rework bin. @gareth.m can you look at the nitrogen?")
    say("12:05", "gareth.m", "util-gw: N2 purity below alarm since 10:20, 96.9 % now. dryer D1 dew point high since before 10. and 'D1 bypass valve OPEN' at 08:52 - that's Airwell's service this morning, they never closed it. closing it now")
    say("12:10", "gareth.m", "bypass closed 12:08. the generator's beds took on water, purity will take half an hour or so to come back")
    say("12:44", "gareth.m", "purity 99.1 %, alarm cleared at 12:41")
    say("12:53", "sam.o", "BGR-2 running again, O2 1.0-1.3 %. reworking the rejects this afternoon, DPD pickup should be ok")
    say("13:02", "tom.ashby", f"{stats['o2_rejects']} O2 rejects this morning. nothing wrong with roastline: putting 4.15.0 back. INC-219 postmortem with Airwell's checklist")


def build(out_dir):
    rng = random.Random(109200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        slack_lines(rng, logs[-1], stats)
        onset = stats["first_o2"].replace(microsecond=0)
        assert U("10:20:00") < onset < U("10:55:00"), onset
        return write_scenario(
            out_dir, name="r109-nitrogen-dryer-bypass-none", service=SERVICE, onset=onset,
            description=f"""
Kiln & Crow's valve bag packer BGR-2 rejects a growing share of bags for
headspace oxygen above 3.0 % on Thursday 26 March 2026 from
{onset.strftime('%H:%M:%S')} UTC (most bags by 11:30); roastline records the rejects
("bag rejected by line", then "bag result ... REJECT"). roastline 4.15.0 had
been synced at 09:55 and a pickup cut-off change at 10:16; it was rolled
back to 4.14.2 at 11:26 without effect and synced again at 13:05. The line
was stopped from 11:44 to 12:52. All times are UTC (GMT); the packer writes
day.month.year.
""",
            logs=logs,
            line_formats={
                "bgr2-packer.log": r'<Date> <Time> <Station> <Level>\s+<Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'bypass valve OPEN',
                r'pressure dew point .* high',
                r'purity .* below alarm',
            ],
            fix_files=[],
            explanation=f"""
Nothing in roastline caused this. At C1's annual service (WO-5531) the
compressor contractor opened dryer D1's bypass at 08:52 ("D1 bypass valve
OPEN") and left it open when C1 and the dryer were restarted at 09:41.
Wet air reached the PSA nitrogen generator ("D1 ALARM pressure dew point
... high (limit +5.0 C)"), its sieve took up the moisture and the purity
fell ("N2 ALARM purity ... below alarm 99.0 %" from 10:20, 96.9 % by noon);
the flushed bags kept more oxygen and BGR-2 rejected them ("RESULT REJECT
O2 HIGH", {stats['o2_rejects']} this morning). Maintenance closed the bypass at 12:08;
purity was above 99 % at 12:41 and the line ran clean from 12:52.
Decoys: roastline 4.15.0, synced about 50 minutes before the onset
(PACK-31, pack runs per roast batch, which logs "pack run behind"; PACK-33,
which adds the very "bag rejected by line" warning that fills the log);
the DPD cut-off change synced 10:16; a runbook commit that reads rejects
after a release as pack runs built wrong and says to roll back; the
rollback to 4.14.2, which does not help (the warnings become "bag result"
lines, the rejects stay); a stripe bump; single-bag valve or seal faults
and underweight rejects; the film splice at 10:21; Modbus read timeouts.
""",
        )
    finally:
        repo.close()
