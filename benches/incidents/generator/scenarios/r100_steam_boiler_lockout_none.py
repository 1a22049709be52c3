"""washplan (the same service two weeks after `r100-topup-heaviest-formula`)
plans tunnel T1's batches at Pennine Linen Services' Brighouse plant. T1's
main wash (compartments 6-9) is heated by live steam from the plant's
boiler house, two gas-fired shell boilers on a common header run at about
10 bar; T1 needs 8 bar to hold 71-75 C on the healthcare formulas. The
boiler house belongs to facilities: its building management system (BMS)
logs alarms and trends and e-mails alarms to the facilities distribution
list, not to the plant systems on-call.

After INC-2203 OPS-331 brings the top-ups back with the strictest category
deciding the formula (a light hospital sling topped up with hotel linen now
runs the hospital's disinfection formula), and QA-52 adds the categories
and formula to the TempTrace failure line. A runbook commit says that a
failed batch whose batch card has both hospital and hotel categories means
a washplan top-up problem: roll back the last release. 7.4.0 is synced on
Thursday 2 April 2026 at 13:40 BST. Boiler 1 is isolated all day for its
annual insurance inspection (WO-8812), so boiler 2 carries the plant.

At 19:14 BST (18:14 UTC) boiler 2's burner locks out on flame failure (its
UV flame scanner's lens is sooted). The header pressure falls from 10 bar
to under 2 bar in half an hour; T1's steam valves open fully and the main
wash falls short of its setpoints ("heating timeout"), T1 warns "STEAM
supply pressure low". From 19:30 BST TempTrace fails the healthcare
batches: pure ones and topped-up ones, towels, sheets and theatre linen
alike; the hotel batches' profiles are short too, but nothing requires them.
OPS-335 (a category for the new theatre scrubs contract, in the file the
top-ups read) had been synced at 18:50 BST. Priya (on call) sees a
topped-up HC-FLAT/HOTEL-FLAT batch among the first failures and follows the
runbook: she rolls back to 7.3.2 (no top-ups) at 20:09 BST without effect.
Kev (maintenance) finds T1's steam valves at 100% and its inlet gauge at
barely 1 bar; the night supervisor holds loading, facilities' engineer finds
boiler 2 locked out since 19:14 (the BMS e-mail had gone to facilities
only), resets it (it locks out again), cleans the scanner lens and relights
it at 20:54 BST; the header is back at 10 bar by 21:12 and loading resumes.
21 batches are rewashed; 7.4.1 is synced again at 21:50 BST. Nothing in
washplan is changed.

Sources: washplan (Python logging, UTC, line format), the tunnel controller
T1 (vendor log, local time BST, line format), TempTrace (JSON lines), the
boiler house BMS (alarm and trend log, local time BST, line format), Argo
CD (logrus text), facilities work orders (CAFM export, JSON lines),
#brighouse-ops (Slack export, JSON lines)."""

import datetime as dt
import json
import random

from common import Log, Person, utc, write_scenario
from scenarios import r100_topup_heaviest_formula as mar

SERVICE = "washplan"
BST = dt.timezone(dt.timedelta(hours=1))
sub = mar.sub
at = mar.at
secs = mar.secs
DAY = "2026-04-02"


def C(clock):
    """'18:14:07' UTC on Thursday 2 April 2026 -> epoch seconds."""
    return mar.C(clock, DAY)


def B(clock):
    """'19:14:07' BST on 2 April -> epoch seconds."""
    return C(clock) - 3600 if len(clock) == 8 else C(clock + ":00") - 3600


def bst(x):
    return at(x).astimezone(BST)


OPS331_FORMULA = '''def compatible(a, b):
    """Same category, or the same fabric group (towels with towels, flat
    linen with flat linen): they share dryer and finishing programmes."""
    if a == b:
        return True
    ga, gb = categories.get(a).topup, categories.get(b).topup
    return ga is not None and ga == gb


def formula_for(batch):
    """The strictest category in the batch decides the formula: healthcare
    before hotel, then the hotter main wash (OPS-331; INC-2203)."""
    return strictest(batch).formula


def strictest(batch):
    table = categories.formulas()
    cats = [categories.get(c) for c in batch.categories]
    return max(cats, key=lambda c: (c.healthcare, table[c.formula]["main_wash_c"]))


def build(number, first, waiting):
    """The batch that starts with sling `first`; `waiting` are the slings on
    the rail behind it, oldest first. A part load is topped up with the
    first compatible sling that fits (OPS-331)."""
    batch = Batch(number, [first])
    if first.weight_kg < NOMINAL_KG * PART_LOAD:
        for sling in waiting:
            if compatible(first.category, sling.category) and batch.weight_kg + sling.weight_kg <= NOMINAL_KG:
                batch.slings.append(sling)
                log.info("batch %d: part load %.1f kg %s topped up with sling %s %s %.1f kg (rail %d); formula %d from strictest category %s",
                         number, first.weight_kg, first.category, sling.id, sling.category, sling.weight_kg, sling.rail,
                         formula_for(batch), strictest(batch).name)
                break
        else:
            log.info("batch %d: part load %.1f kg %s, nothing compatible on the rail; loading as is",
                     number, first.weight_kg, first.category)
    log.info("batch card sent to T1: batch %d formula %d %.1f kg categories %s customers %s",
             number, formula_for(batch), batch.weight_kg, ",".join(batch.categories),
             ",".join(sorted({s.customer for s in batch.slings})))
    return batch
'''


def build_repo():
    repo, shas = mar.build_repo()
    hannah = Person("Hannah Whitaker", "hannah.whitaker@pennine-linen.co.uk", 60)
    tomasz = Person("Tomasz Nowak", "tomasz.nowak@pennine-linen.co.uk", 60)
    priya = Person("Priya Raman", "priya.raman@pennine-linen.co.uk", 60)
    ola = Person("Aleksandra Wrona", "aleksandra.wrona@pennine-linen.co.uk", 120)
    gareth = Person("Gareth Lister", "gareth.lister@pennine-linen.co.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    gmt = lambda p: Person(p.name, p.email, 0)

    repo.commit(utc("2026-03-20 10:31:00"), gmt(tomasz), "docs: postmortem INC-2203 (healthcare linen on hotel formulas)", {
        "docs/postmortems/INC-2203.md": "# INC-2203: healthcare batches failing TempTrace, 19 March\n\nOPS-318 (7.3.0) topped up part loads within a fabric group and took the\nformula of the heaviest sling. A light hospital sling topped up with more\nhotel linen ran formula 12 or 14: seven batches failed TempTrace and were\nrewashed. We reverted CHEM-19 first (the failures were on formula 12),\nwhich did not help. Reverted in 7.3.2.\n\nActions: top-ups again with the strictest category deciding (OPS-331);\nTempTrace failures logged with the batch's categories (QA-52); runbook.\n",
    })
    repo.commit(utc("2026-03-23 07:36:00"), bot, "build(deps): bump httpx from 0.27.0 to 0.27.2", {
        "pyproject.toml": repo.edit("pyproject.toml", '"httpx==0.27.0"', '"httpx==0.27.2"'),
    })
    repo.commit(utc("2026-03-24 14:05:00"), gmt(hannah), "runbook: DisinfectionNotAchieved, look at the batch card first (INC-2203)", {
        "docs/runbook.md": sub(repo.files["docs/runbook.md"],
                               "releases it for rewash. In our experience the cause is one of:\n",
                               "releases it for rewash. In our experience the cause is one of:\n\n"
                               "0. washplan: look at the failed batch's card first (`batch card sent to T1:\n"
                               "   batch N ...` in washplan's log, or the categories on the TempTrace\n"
                               "   line). Hospital and hotel categories in one batch mean a top-up\n"
                               "   problem (INC-2203): roll back washplan's last release, do not wait.\n"),
    })
    repo.commit(utc("2026-03-26 11:48:00"), gmt(ola), "rail: name the PLC's sling register in the timeout warning", {
        "washplan/rail.py": repo.edit("washplan/rail.py", 'log.warning("rail PLC read timed out, retrying once")',
                                      'log.warning("rail PLC read timed out (registers 100-139), retrying once")'),
    })
    b = repo.files["washplan/batching.py"]
    b = b[:b.index("def formula_for(batch):")] + OPS331_FORMULA
    b = sub(b, "and the next one of the same category on the rail, up to the tunnel's\nnominal load.",
            "topped up with the next compatible sling on the rail (same category or\nfabric group, `topup` in config/categories.yaml), up to the tunnel's\nnominal load; the strictest category decides the formula.")
    cat_yaml = sub(mar.CATEGORIES_YAML,
                   "# 71 C for 3 min in the main wash), validated by TempTrace on every batch.\n",
                   "# 71 C for 3 min in the main wash), validated by TempTrace on every batch.\n"
                   "# topup: fabric group; a part load is topped up with a sling of the same\n"
                   "# group. The strictest category in a batch decides its formula.\n",
                   "HOTEL-TOWEL:   {formula: 12, healthcare: false}", "HOTEL-TOWEL:   {formula: 12, healthcare: false, topup: towel}",
                   "HOTEL-BATHMAT: {formula: 12, healthcare: false}", "HOTEL-BATHMAT: {formula: 12, healthcare: false, topup: towel}",
                   "HOTEL-FLAT:    {formula: 14, healthcare: false}", "HOTEL-FLAT:    {formula: 14, healthcare: false, topup: flat}",
                   "HOTEL-PILLOW:  {formula: 14, healthcare: false}", "HOTEL-PILLOW:  {formula: 14, healthcare: false, topup: flat}",
                   "HC-FLAT:       {formula: 24, healthcare: true}", "HC-FLAT:       {formula: 24, healthcare: true, topup: flat}",
                   "HC-TOWEL:      {formula: 26, healthcare: true}", "HC-TOWEL:      {formula: 26, healthcare: true, topup: towel}")
    cat_py = sub(repo.files["washplan/categories.py"],
                 "    healthcare: bool\n", "    healthcare: bool\n    topup: str | None = None\n",
                 'Category(name, spec["formula"], spec["healthcare"])', 'Category(name, spec["formula"], spec["healthcare"], spec.get("topup"))')
    repo.commit(utc("2026-03-30 10:15:00"), tomasz, "batching: top-ups again, the strictest category decides the formula (OPS-331)\n\nOPS-318 without INC-2203: a batch's formula is that of its strictest\ncategory (healthcare before hotel, then the hotter main wash), whatever\nthe weights. A light hospital sling topped up with hotel towels runs 26.", {
        "washplan/batching.py": b,
        "washplan/categories.py": cat_py,
        "config/categories.yaml": cat_yaml,
        "tests/test_batching.py": mar.TEST_BATCHING + '''

def test_light_hospital_sling_decides_the_formula():
    b = build(4, sling(1, "HC-TOWEL", 11.0), [sling(2, "HOTEL-TOWEL", 36.0)])
    assert [s.id for s in b.slings] == ["S-1", "S-2"]
    assert formula_for(b) == 26


def test_hotel_part_load_topped_up_with_hospital_sling():
    b = build(5, sling(1, "HOTEL-FLAT", 30.0), [sling(2, "HC-FLAT", 12.0)])
    assert formula_for(b) == 24
''',
    })
    repo.commit(utc("2026-03-31 09:50:00"), priya, "temptrace: log a failed batch's categories and formula (QA-52)", {
        "washplan/temptrace.py": repo.edit("washplan/temptrace.py",
                                           '''        log.warning("TempTrace batch %d: disinfection not achieved (max %.1f C, %d s at 65 C, %d s at 71 C); batch held for rewash at press P1",
                    r["batch"], r["max_c"], r["sec_ge_65"], r["sec_ge_71"])''',
                                           '''        log.warning("TempTrace batch %d: disinfection not achieved (max %.1f C, %d s at 65 C, %d s at 71 C); formula %d categories %s; batch held for rewash at press P1",
                    r["batch"], r["max_c"], r["sec_ge_65"], r["sec_ge_71"], r["formula"], ",".join(r["categories"]))'''),
    })
    repo.commit(utc("2026-04-01 08:02:00"), bot, "build(deps): bump pymodbus from 3.6.8 to 3.6.9", {
        "pyproject.toml": repo.edit("pyproject.toml", '"pymodbus==3.6.8"', '"pymodbus==3.6.9"'),
    })
    shas["rel_740"] = repo.commit(utc("2026-04-02 12:31:00"), hannah, "release 7.4.0", mar.release(repo, "7.3.2", "7.4.0", [
        "Top-ups again, the strictest category decides the formula (OPS-331).", "TempTrace failures logged with categories and formula (QA-52).",
        "httpx 0.27.2, pymodbus 3.6.9."]))
    shas["scrubs"] = repo.commit(utc("2026-04-02 17:36:00"), gareth, "categories: HC-SCRUBS for the Calder Valley theatre scrubs contract (OPS-335)\n\nThe trust's new theatre scrubs (polycotton, tagged from Monday) are\nsorted as HC-SCRUBS and run the theatre formula; they are not topped up.", {
        "config/categories.yaml": sub(repo.files["config/categories.yaml"],
                                      "HC-THEATRE:    {formula: 31, healthcare: true}\n",
                                      "HC-THEATRE:    {formula: 31, healthcare: true}\nHC-SCRUBS:     {formula: 31, healthcare: true}\n"),
    })
    shas["rel_741"] = repo.commit(utc("2026-04-02 17:44:00"), hannah, "release 7.4.1", mar.release(repo, "7.4.0", "7.4.1", [
        "HC-SCRUBS category (OPS-335)."]))
    pre_740 = dict(repo.files)
    rb_files = mar.release(repo, "7.4.1", "7.3.2", ["Rollback to 7.3.2 (INC-2231)."])
    rb_files["config/categories.yaml"] = mar.CATEGORIES_YAML
    rb_files.pop("CHANGELOG.md")
    rb_files["washplan/__init__.py"] = pre_740["washplan/__init__.py"].replace("7.4.1", "7.3.2")
    shas["rollback"] = repo.commit(utc("2026-04-02 19:05:00"), priya, "deploy: roll back to 7.3.2, categories without top-ups (INC-2231)\n\nHealthcare batches failing TempTrace since 19:34 BST, one of the first a\ntopped-up HC-FLAT/HOTEL-FLAT batch. Runbook step 0.", rb_files)
    again = mar.release(repo, "7.3.2", "7.4.1", ["Rollback reverted (INC-2231: boiler 2 lockout, not washplan)."])
    again.pop("CHANGELOG.md")
    again["config/categories.yaml"] = pre_740["config/categories.yaml"]
    shas["again"] = repo.commit(utc("2026-04-02 20:46:00"), priya, "Revert \"deploy: roll back to 7.3.2, categories without top-ups (INC-2231)\"\n\nThe failures were the steam: boiler 2 locked out at 19:14 BST (flame\nfailure) with boiler 1 isolated for its inspection. Nothing in washplan.", again)
    return repo, shas


# ---------------------------------------------------------------------------
# steam

LOCKOUT, RESET, LOCKOUT2, RELIGHT = C("18:14:07"), C("19:31:20"), C("19:33:02"), C("19:54:11")
HOLD_FROM, HOLD_TO = C("19:27:30"), C("20:16:00")


def pressure(x):
    """Steam header pressure (bar) at epoch x."""
    if x < LOCKOUT:
        return 10.1
    if x < RESET:
        return max(1.2, 10.1 - (x - LOCKOUT) / 60 * 0.30)
    if x < LOCKOUT2:
        return 1.2 + (x - RESET) / 102 * 0.9
    if x < RELIGHT:
        return max(1.0, 2.1 - (x - LOCKOUT2) / 60 * 0.2)
    return min(10.1, 1.0 + (x - RELIGHT) / 60 * 0.52)


def cap(x):
    """The hottest main wash T1 can hold with the header at pressure(x)."""
    return 40 + 4.5 * pressure(x)


def build_logs(rng, shas):
    app = Log("washplan.log")
    t1log = Log("t1-tunnel.log")
    tt = Log("temptrace.log")
    bms = Log("bms-boilerhouse.log")
    argo = Log("argocd-application-controller.log")
    cafm = Log("facilities-workorders.log")
    slack = Log("slack-brighouse-ops.log")
    t0, t_end = C("15:40:00"), C("22:30:00")
    stats = {"fails": []}
    scrubs_sync, rollback_sync, again_sync = C("17:50:06"), C("19:09:31"), C("20:50:12")
    pods = [(t0 - 9000, "washplan-9b6c4d7f8-kq7xm", shas["rel_740"], "7.4.0"), (scrubs_sync + 9, "washplan-6f8d7c5b9-w2lzn", shas["rel_741"], "7.4.1"),
            (rollback_sync + 9, "washplan-7d4c8f6b5-h9tqp", shas["rollback"], "7.3.2"), (again_sync + 9, "washplan-6f8d7c5b9-pd4rs", shas["again"], "7.4.1")]

    def topup_live(x):
        return not (rollback_sync + 9 <= x < again_sync + 9)

    def L(x, level, thread, logger, msg):
        t = at(x)
        app.add(t, f"{t.strftime('%Y-%m-%d %H:%M:%S')}.{t.microsecond // 1000:03d} {level:<5} [{thread}] {logger}: {msg}")

    def T(x, level, msg):
        t1log.add(at(x), f"{bst(x).strftime('%d.%m.%Y %H:%M:%S')} T1 {level} {msg}")

    def M(x, kind, prio, msg):
        bms.add(at(x), f"{bst(x).strftime('%d/%m/%Y %H:%M:%S')} BMS-BH1 {kind} P{prio} {msg}")

    # batches: loading held while there is no steam
    scripted = [(C("18:13:00"), [("HC-FLAT", 14.9, "CVH02"), ("HOTEL-FLAT", 31.7, "QBH03")], 24)]
    part1 = mar.plan_batches(rng, t0 - 22 * 150, HOLD_FROM, 63410, 47205, C("16:35:00"), scripted, rollback_sync + 9)
    last = part1[-1]
    part2 = mar.plan_batches(rng, HOLD_TO, t_end, last["number"] + 1, int(last["slings"][-1]["id"][2:]) + 1, HOLD_TO, [], again_sync + 9, topup_on=False)
    # part2's first half runs on 7.3.2 (no top-ups); from the re-sync on, top-ups again
    part3_from = again_sync + 9
    part2 = [b for b in part2 if b["load"] < part3_from]
    nxt = part2[-1] if part2 else last
    part3 = mar.plan_batches(rng, part3_from + 40, t_end, nxt["number"] + 1, int(nxt["slings"][-1]["id"][2:]) + 1, part3_from, [], t_end + 1)
    for b in part1 + part3:
        # OPS-331: the strictest category decides
        cats = {s["cat"] for s in b["slings"]}
        b["formula"] = max((mar.CAT_FORMULA[c] for c in cats), key=lambda f: (f in (24, 26, 31, 33), mar.BASE_TEMP[f]))
    batches = part1 + part2 + part3

    def T_main(b, k):
        i = batches.index(b)
        step = 150 if i + 1 >= len(batches) or batches[i + 1]["load"] - b["load"] > 400 else batches[i + 1]["load"] - b["load"]
        return b["load"] + (5 + k) * step

    transfer = 7311
    for i, b in enumerate(batches):
        x, f = b["load"], b["formula"]
        sp = mar.BASE_TEMP[f]
        if x >= t0:
            T(x, "I", f"C01 LOAD batch {b['number']} F{f} {b['kg']:.1f}kg")
            T(x + 3.2, "I", f"DP{3 if f != 41 else 5} dosed {int({12: 14, 14: 11, 24: 12, 26: 15, 31: 16, 33: 16, 41: 18}[f] * b['kg'])}ml batch {b['number']}")
            T(x + 41 + rng.uniform(-3, 4), "I", f"TRANSFER {transfer} complete {rng.randint(37, 44)}s")
            transfer += 1
        profile = []
        for k in range(4):
            cx = T_main(b, k)
            measured = min(sp + (-1.6 if k == 0 else rng.uniform(0.1, 0.9)), cap(cx + 60) + rng.uniform(-0.3, 0.3))
            profile.append(measured)
            if t0 <= cx < t_end:
                short = measured < sp - 2.0
                steam = 100 if short else (rng.randint(22, 46) if sp <= 65 else rng.randint(41, 68))
                if short:
                    T(cx + 55 + rng.uniform(0, 20), "W", f"C0{6 + k} heating timeout batch {b['number']} F{f} temp {measured:.1f}C < sp {sp}.0C steam {steam}%")
                else:
                    T(cx + 55 + rng.uniform(0, 20), "I", f"C0{6 + k} batch {b['number']} F{f} temp {measured:.1f}C sp {sp}.0C steam {steam}%")
        done = T_main(b, 4) + rng.uniform(-20, 25)
        if t0 <= x + 13 * 150 < t_end:
            T(x + 13 * 150 + 12, "I", f"C14 UNLOAD batch {b['number']} -> press P1")
        cats = sorted({s["cat"] for s in b["slings"]})
        hcb = any(c.startswith("HC-") for c in cats)
        ge65 = sum(150 for m in profile if m >= 65) - (70 if profile[0] >= 65 else 0) - int(rng.uniform(0, 30))
        ge71 = sum(150 for m in profile if m >= 71) - (70 if profile[0] >= 71 else 0) - int(rng.uniform(0, 30))
        ge65, ge71 = max(0, ge65), max(0, ge71)
        max_c = max(profile) + rng.uniform(0.1, 0.5)
        if hcb:
            ok = ge71 >= 180 or ge65 >= 600
            result, msg = ("PASS", "disinfection achieved") if ok else ("FAIL", "disinfection not achieved")
        else:
            result, msg = "RECORDED", "thermal profile recorded"
        if t0 <= done < t_end:
            tt.add(at(done), json.dumps({"time": at(done).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at(done).microsecond // 1000:03d}Z",
                                         "logger": "TT-400/T1", "batch": b["number"], "formula": f, "categories": cats,
                                         "healthcare": hcb, "max_c": round(max_c, 1), "sec_ge_65": ge65, "sec_ge_71": ge71,
                                         "requirement": "HTM01-04 65C/600s or 71C/180s" if hcb else "none",
                                         "result": result, "msg": msg}, separators=(",", ":")))
            if result == "FAIL":
                stats["fails"].append((done, b))
                tail = f"; formula {f} categories {','.join(cats)}" if topup_live(done) else ""
                L(done + 0.8, "WARN", "temptrace", "washplan.temptrace",
                  f"TempTrace batch {b['number']}: disinfection not achieved (max {max_c:.1f} C, {ge65} s at 65 C, {ge71} s at 71 C){tail}; batch held for rewash at press P1")
            else:
                L(done + 0.8, "INFO", "temptrace", "washplan.temptrace", f"TempTrace batch {b['number']} {result}")
        if x < t0:
            continue
        s0 = b["slings"][0]
        L(x - 9.4, "INFO", "loader", "washplan.rail", f"sling {s0['id']} at loading station: {s0['cat']} {s0['kg']:.1f} kg, customer {s0['cust']}, rail {s0['rail']}")
        live = topup_live(x)
        if len(b["slings"]) > 1:
            s1 = b["slings"][1]
            if live:
                strict = max(cats, key=lambda c: (c.startswith("HC-"), mar.BASE_TEMP[mar.CAT_FORMULA[c]]))
                L(x - 8.9, "INFO", "loader", "washplan.batching",
                  f"batch {b['number']}: part load {s0['kg']:.1f} kg {s0['cat']} topped up with sling {s1['id']} {s1['cat']} {s1['kg']:.1f} kg (rail {s1['rail']}); formula {f} from strictest category {strict}")
            else:
                L(x - 8.9, "INFO", "loader", "washplan.batching",
                  f"batch {b['number']}: part load {s0['kg']:.1f} kg {s0['cat']}, added sling {s1['id']} of the same category ({s1['kg']:.1f} kg)")
        elif b["kind"] == "part":
            tail = "nothing compatible on the rail; loading as is" if live else "nothing of the same category on the rail; loading as is"
            L(x - 8.9, "INFO", "loader", "washplan.batching", f"batch {b['number']}: part load {s0['kg']:.1f} kg {s0['cat']}, {tail}")
        custs = ",".join(sorted({s["cust"] for s in b["slings"]}))
        L(x - 8.7, "INFO", "loader", "washplan.batching",
          f"batch card sent to T1: batch {b['number']} formula {f} {b['kg']:.1f} kg categories {','.join(cats)} customers {custs}")
        L(x + 0.3, "INFO", "loader", "washplan.tunnel", f"T1 accepted batch {b['number']} (C01)")

    # T1's own steam inlet transmitter; loading hold
    x = LOCKOUT + 300
    while x < RELIGHT + 16 * 60:
        p = pressure(x) - 0.3
        if p < 8.0:
            T(x, "W", f"STEAM supply pressure low {p:.1f}bar (min 8.0bar)")
        x += 120 + rng.uniform(-2, 2)
    T(HOLD_FROM + 5, "W", "LOAD HOLD set by operator HMI1 (user SUP-LBROOK)")
    T(HOLD_TO - 20, "I", "LOAD HOLD cleared by operator HMI1 (user SUP-LBROOK)")
    T(C("20:14:40"), "I", "STEAM supply pressure normal 8.6bar")
    x = HOLD_FROM + 200
    while x < HOLD_TO - 60:
        L(x, "INFO", "loader", "washplan.tunnel", "T1 in LOAD HOLD, waiting for the operator")
        x += 60
    for clock in ("16:30:00", "18:30:00", "20:30:00", "22:15:00"):
        T(C(clock) + 3, "I", f"water meter WM1 {rng.randint(410, 470)}l/batch avg, reuse tank RT2 {rng.randint(61, 88)}%")
    T(C("17:18:22"), "W", "C11 level sensor LS11 slow response 3.9s")

    for when, pod, sha, ver in pods[1:]:
        L(when - 12, "INFO", "MainThread", "uvicorn.error", "Shutting down")
        L(when - 11.6, "INFO", "MainThread", "uvicorn.error", "Finished server process [1]")
        L(when + 2.1, "INFO", "MainThread", "washplan.tunnel", "formula table pushed to T1 at 10.20.4.11: 7 formulas")
        T(when + 2.0, "I", "REMOTE recipe write from 10.42.0.31: 7 formulas updated")
        L(when + 2.3, "INFO", "MainThread", "washplan.main", f"washplan {ver} (rev {sha[:7]}) starting: 7 formulas, loader on T1")
        L(when + 2.9, "INFO", "MainThread", "uvicorn.error", "Started server process [1]")
        L(when + 3.0, "INFO", "MainThread", "uvicorn.error", "Application startup complete.")
        L(when + 3.1, "INFO", "MainThread", "uvicorn.error", "Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)")
    x = t0 + rng.uniform(0, 20)
    while x < t_end:
        who = rng.choice(["10.20.8.31", "10.20.8.32", "10.20.8.44"])
        path = rng.choice(["/api/slings?status=waiting", "/api/batches?last=20", "/api/batches?last=20", "/api/t1/status", "/api/held"])
        L(x, "INFO", "MainThread", "uvicorn.access", f'{who}:{rng.randint(40000, 61000)} - "GET {path} HTTP/1.1" 200')
        x += rng.expovariate(1 / 14.0)
    x = t0 + 4.1
    while x < t_end:
        L(x, "INFO", "rail", "washplan.rail", f"rail PLC poll ok: {rng.randint(6, 19) + (12 if HOLD_FROM < x < HOLD_TO + 1800 else 0)} slings queued, oldest {rng.randint(3, 41)} min")
        if rng.random() < 0.02:
            L(x + 2.0, "WARN", "rail", "washplan.rail", "rail PLC read timed out (registers 100-139), retrying once")
        x += 60 + rng.uniform(-0.3, 0.3)

    # --- boiler house BMS (local time) -------------------------------------------------
    x = C("15:45:00")
    while x < t_end:
        p = pressure(x)
        M(x, "LOG", 4, f"STEAM HEADER PRESSURE {p:.1f} bar")
        firing = 0 if LOCKOUT <= x < RELIGHT else (rng.randint(55, 72) if x < LOCKOUT else (100 if p < 9.5 else rng.randint(70, 88)))
        M(x + 1, "LOG", 4, f"B2 FIRING RATE {firing}%")
        M(x + 2, "LOG", 4, "B1 STATUS ISOLATED (MAINTENANCE)")
        M(x + 3, "LOG", 4, f"HOTWELL TEMP {rng.randint(84, 89) if x < LOCKOUT + 1200 else rng.randint(70, 78)}C")
        x += 900
    M(C("16:20:31"), "EVENT", 3, "B2 TDS BLOWDOWN VALVE OPEN 30s")
    M(C("16:21:01"), "EVENT", 3, "B2 TDS BLOWDOWN VALVE CLOSED")
    M(LOCKOUT, "ALARM", 1, "B2 BURNER LOCKOUT - FLAME FAILURE")
    M(LOCKOUT + 2, "EVENT", 2, "B2 FEED PUMP P2 STOP (BURNER OFF)")
    low = next(x for x in range(int(LOCKOUT), int(LOCKOUT) + 3600, 5) if pressure(x) < 8.0)
    lowlow = next(x for x in range(int(LOCKOUT), int(LOCKOUT) + 3600, 5) if pressure(x) < 5.0)
    M(low, "ALARM", 2, f"STEAM HEADER PRESSURE LOW {int(pressure(low) * 10) / 10:.1f} bar (LO 8.0)")
    M(lowlow, "ALARM", 1, f"STEAM HEADER PRESSURE LOW LOW {int(pressure(lowlow) * 10) / 10:.1f} bar (LOLO 5.0)")
    M(LOCKOUT + 60, "EVENT", 3, "ALARM E-MAIL SENT TO facilities-brighouse (B2 BURNER LOCKOUT)")
    M(lowlow + 30, "EVENT", 3, "ALARM E-MAIL SENT TO facilities-brighouse (STEAM HEADER PRESSURE LOW LOW)")
    M(RESET - 40, "EVENT", 2, "B2 LOCKOUT RESET BY LOCAL OPERATOR")
    M(RESET, "EVENT", 3, "B2 PURGE COMPLETE, IGNITION")
    M(RESET + 6, "EVENT", 3, "B2 FLAME PROVEN")
    M(LOCKOUT2, "ALARM", 1, "B2 BURNER LOCKOUT - FLAME FAILURE")
    M(C("19:41:10"), "EVENT", 2, "B2 BURNER ISOLATED FOR MAINTENANCE (local)")
    M(RELIGHT - 75, "EVENT", 2, "B2 LOCKOUT RESET BY LOCAL OPERATOR")
    M(RELIGHT - 30, "EVENT", 3, "B2 PURGE COMPLETE, IGNITION")
    M(RELIGHT, "EVENT", 3, "B2 FLAME PROVEN")
    M(RELIGHT + 4, "EVENT", 2, "B2 FEED PUMP P2 RUN")
    back_lolo = next(x for x in range(int(RELIGHT), int(RELIGHT) + 3600, 5) if pressure(x) >= 5.0)
    back = next(x for x in range(int(RELIGHT), int(RELIGHT) + 3600, 5) if pressure(x) >= 8.0)
    M(back_lolo, "RETURN", 1, f"STEAM HEADER PRESSURE LOW LOW cleared {pressure(back_lolo):.1f} bar")
    M(back, "RETURN", 2, f"STEAM HEADER PRESSURE LOW cleared {pressure(back):.1f} bar")
    M(C("21:05:00"), "EVENT", 3, "GAS METER G1 PULSE COUNT RESYNC")

    # --- facilities work orders (CAFM export) -------------------------------------------
    def W(x, wo, status, title, note, who):
        cafm.add(at(x), json.dumps({"updated": bst(x).strftime("%Y-%m-%dT%H:%M:%S+01:00"), "wo": wo, "site": "BRIGHOUSE",
                                    "asset": "BOILER-1" if wo == "WO-8812" else ("BOILER-2" if wo == "WO-8840" else "DOCK-2"),
                                    "status": status, "title": title, "note": note, "by": who}, ensure_ascii=False))

    W(C("15:52:00"), "WO-8812", "IN PROGRESS", "Boiler 1 annual insurance inspection (written scheme)", "inspector on site; shell open, back in service Friday 06:00", "r.ackroyd")
    W(C("16:40:00"), "WO-8835", "COMPLETED", "Dock 2 roller door sticking", "guide rail lubricated", "r.ackroyd")
    W(C("19:27:40"), "WO-8840", "RAISED", "Boiler 2 locked out, no steam to T1 and ironers", "called in by plant maintenance (K. Horsfall); BMS shows lockout since 19:14", "k.horsfall")
    W(C("19:30:10"), "WO-8840", "IN PROGRESS", "Boiler 2 locked out, no steam to T1 and ironers", "on site. B2 panel: FLAME FAILURE. resetting", "j.pickles")
    W(C("19:36:00"), "WO-8840", "IN PROGRESS", "Boiler 2 locked out, no steam to T1 and ironers", "relit, locked out again after 90 s on flame failure. isolating burner to check the UV scanner", "j.pickles")
    W(C("19:55:30"), "WO-8840", "IN PROGRESS", "Boiler 2 locked out, no steam to T1 and ironers", "UV flame scanner lens sooted; cleaned, signal 18 uA (was 3). relit 20:54, flame stable", "j.pickles")
    W(C("20:20:00"), "WO-8840", "COMPLETED", "Boiler 2 locked out, no steam to T1 and ironers", "header 10 bar 21:12. follow-up WO: combustion check on B2 (soot on the scanner means it runs rich)", "j.pickles")

    # --- Argo CD ------------------------------------------------------------------------
    def A(x, level, msg, **kv):
        t = at(x)
        parts = [f'time="{t.strftime("%Y-%m-%dT%H:%M:%SZ")}"', f"level={level}", f"msg={json.dumps(msg)}", "application=argocd/washplan"]
        for k, v in kv.items():
            v = str(v)
            parts.append(f"{k}={json.dumps(v) if any(c in v for c in ' =:/') else v}")
        argo.add(t, " ".join(parts))

    syncs = [(scrubs_sync, shas["rel_741"]), (rollback_sync, shas["rollback"]), (again_sync, shas["again"])]

    def rev_at(x):
        cur = shas["rel_740"]
        for when, sha in syncs:
            if when <= x:
                cur = sha
        return cur

    x = t0 + rng.uniform(0, 180)
    while x < t_end:
        A(x, "info", "Refreshing app status (normal refresh requested), level (1)")
        A(x + 0.18, "info", "Comparing app state (cluster: https://kubernetes.default.svc, namespace: plant-brighouse)")
        A(x + 0.33, "info", "Update successful", revision=rev_at(x)[:7])
        x += 180 + rng.uniform(-1, 1)
    for when, sha in syncs:
        A(when, "info", f"Initiated automated sync to '{sha}'", **{"dest-namespace": "plant-brighouse", "dest-server": "https://kubernetes.default.svc", "reason": "OperationStarted", "type": "Normal"})
        A(when + 3.8, "info", f"Sync operation to {sha} succeeded", **{"dest-namespace": "plant-brighouse", "dest-server": "https://kubernetes.default.svc", "reason": "OperationCompleted", "type": "Normal"})
        A(when + 4.1, "info", "Updated health status: Healthy -> Progressing", **{"dest-namespace": "plant-brighouse", "reason": "ResourceUpdated", "type": "Normal"})
        A(when + 24.6, "info", "Updated health status: Progressing -> Healthy", **{"dest-namespace": "plant-brighouse", "reason": "ResourceUpdated", "type": "Normal"})

    # --- #brighouse-ops -------------------------------------------------------------------
    users = {"gareth.lister": "U02GL4T8A", "shaz.akhtar (QA)": "U05SA2M7K", "priya.raman": "U03PR2N6H", "hannah.whitaker": "U01HW6P3B",
             "kev.horsfall (maintenance)": "U06KH1W4E", "lynne.brook (night supervisor)": "U06LB8C5F", "mark.dyson (transport)": "U04MD3V9G"}

    def say(when, who, text):
        x = (B(when) if isinstance(when, str) else when) + rng.uniform(0, 0.999)
        t = at(x)
        slack.add(t, json.dumps({"type": "message", "channel": "brighouse-ops", "ts": f"{int(x)}.{t.microsecond:06d}",
                                 "user": users[who], "user_name": who, "text": text}, ensure_ascii=False))

    fails = stats["fails"]
    first = fails[0]
    mixed = next(fb for fb in fails if len({s["cat"].split("-")[0] for s in fb[1]["slings"]}) > 1)
    pures = [fb for fb in fails if len({s["cat"] for s in fb[1]["slings"]}) == 1]
    pure = next((fb for fb in pures if fb[0] > rollback_sync + 60), pures[0])
    hm = lambda x: bst(x).strftime("%H:%M")
    say("13:44", "hannah.whitaker", "7.4.0 synced 13:40: top-ups are back (OPS-331), the strictest category decides now, and QA-52 puts the categories on TempTrace failures")
    say("15:31", "mark.dyson (transport)", "hospital vans on time, 2 extra theatre cages from Halifax")
    say("18:54", "gareth.lister", "7.4.1 synced 18:50: HC-SCRUBS for the trust's new scrubs (OPS-335), they run on 31. none tagged before Monday")
    say(first[0] + 300, "shaz.akhtar (QA)", f"TempTrace failed batch {first[1]['number']} ({'/'.join(sorted({s['cat'] for s in first[1]['slings']}))}, F{first[1]['formula']}), held. here we go again?")
    say(mixed[0] + 360, "priya.raman", f"paged DisinfectionNotAchieved. batch {mixed[1]['number']} is a topped-up one, HC-FLAT,HOTEL-FLAT on 24. the top-ups came back today in 7.4.0 and 7.4.1 went out at 18:50. runbook step 0 says roll back, doing it (INC-2231)")
    say("20:10", "priya.raman", "rolled back to 7.3.2 (synced 20:09), no top-ups, categories as before")
    say("20:14", "lynne.brook (night supervisor)", "ironers are running slow too, chest temperature down, operators feeding half speed")
    say(pure[0] + 240 if pure[0] + 240 > B("20:15") else B("20:18"), "shaz.akhtar (QA)", f"batch {pure[1]['number']} failed as well, pure {pure[1]['slings'][0]['cat']} on {pure[1]['formula']}, not topped up. it's not the mix")
    say("20:19", "kev.horsfall (maintenance)", "at T1: steam valves on 6-9 at 100%, inlet gauge barely 1 bar. T1 has been warning 'STEAM supply pressure low' since about 19:20. it can't get to 71 with that")
    say("20:24", "kev.horsfall (maintenance)", "boiler house: B2 locked out, FLAME FAILURE on the panel since 19:14. B1 is open for the insurance inspection. raising a WO, Jon (facilities, nights) is coming over from the finishing hall")
    say("20:27", "lynne.brook (night supervisor)", "holding loading on T1 until there's steam. the batches in the tunnel will all be rewashes")
    say("20:29", "priya.raman", "the BMS e-mailed facilities at 19:15, nobody here gets those. so washplan was never it. leaving 7.3.2 until steam is back, then 7.4.1 again")
    say("20:37", "kev.horsfall (maintenance)", "reset, it relit and locked out again after 90 s. Jon is pulling the UV scanner")
    say("20:56", "kev.horsfall (maintenance)", "scanner lens was sooted, cleaned, B2 relit at 20:54 and holding. header climbing, 10 bar in about 15 min")
    say("21:14", "lynne.brook (night supervisor)", "T1 inlet 9.6 bar, loading again from 21:16")
    say("21:48", "shaz.akhtar (QA)", f"{len(fails)} batches held for rewash, all loaded between {hm(fails[0][1]['load'])} and {hm(fails[-1][1]['load'])}. first batches since the restart passed")
    say("21:52", "priya.raman", "7.4.1 synced again at 21:50 (revert of the rollback). INC-2231: boiler 2 flame failure with boiler 1 out, nothing in washplan. follow-ups: BMS boiler alarms to the plant on-call, and a T1 steam pressure alert")
    say("22:05", "mark.dyson (transport)", "Halifax towels and sheets will be short on the 05:30 van, topping up at 11:00")
    stats["first_fail"] = first[0]
    return [app, t1log, tt, bms, argo, cafm, slack], stats


def build(out_dir):
    rng = random.Random(100202)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = at(stats["first_fail"]).replace(microsecond=0)
        assert utc("2026-04-02 18:25:00") < onset < utc("2026-04-02 18:45:00"), onset
        fails = stats["fails"]
        return write_scenario(
            out_dir, name="r100-steam-boiler-lockout-none", service=SERVICE, onset=onset,
            description=f"""
Healthcare batches fail thermal disinfection at Pennine Linen Services'
Brighouse plant on Thursday 2 April 2026: from {onset.strftime('%H:%M:%S')} UTC
({bst(stats['first_fail']).strftime('%H:%M')} BST) TempTrace reports "disinfection not achieved" for
batches washed in tunnel T1, and washplan holds them for rewash ({len(fails)}
batches). washplan 7.4.0 (top-ups again) had been synced at 13:40 BST and
7.4.1 (a new category) at 18:50 BST; the on-call rolled back to 7.3.2 at
20:09 BST without effect; loading was held from 20:27 to 21:16 BST and
7.4.1 was synced again at 21:50 BST. washplan logs UTC; T1 and the boiler
house BMS log local time (BST, UTC+1).
""",
            logs=logs,
            line_formats={
                "washplan.log": r'<Date> <Time> <Level>\s+\[<Thread>\] <Logger>: <Content>',
                "t1-tunnel.log": r'<Date> <Time> <Unit> <Level> <Content>',
                "bms-boilerhouse.log": r'<Date> <Time> <Outstation> <Type> <Priority> <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'BURNER LOCKOUT - FLAME FAILURE',
                r'STEAM HEADER PRESSURE LOW',
                r'STEAM supply pressure low',
            ],
            fix_files=[],
            explanation=f"""
No commit caused this. Boiler 1 was isolated for its annual insurance
inspection (WO-8812); at 19:14 BST boiler 2's burner locked out on flame
failure (its UV flame scanner's lens was sooted), and the BMS e-mailed the
alarm to facilities only. The steam header fell from 10 bar to under 2 bar
("STEAM HEADER PRESSURE LOW", then LOW LOW); T1's steam valves opened fully,
its main wash fell short of the setpoints ("heating timeout") and it warned
"STEAM supply pressure low". TempTrace failed every healthcare batch whose
main wash fell in the steam loss ({len(fails)} batches): topped-up and pure,
towels, sheets and theatre linen, on formulas 24, 26 and 31; the hotel
batches' profiles were short as well. Facilities reset boiler 2 (it locked
out again), cleaned the scanner lens and relit it at 20:54 BST; loading
resumed at 21:16 and the batches passed. Nothing in washplan was changed.
Decoys: 7.4.0, synced nearly 6 hours before (OPS-331, top-ups again after
INC-2203, the very feature whose failure looked the same two weeks before;
QA-52, which adds the categories and formula to the very failure line that
fills the log); OPS-335 (a new category in the file the top-ups read),
synced in 7.4.1 40 minutes before the onset, the start-up lines and Argo
naming it; the runbook commit that reads hospital and hotel categories in a
failed batch as a top-up problem and says to roll back; a topped-up
HC-FLAT/HOTEL-FLAT batch among the first failures; the rollback to 7.3.2,
which does not help, and the sync of 7.4.1 again; dependabot bumps; a
rail warning; a slow level sensor.
""",
        )
    finally:
        repo.close()
