"""The same dental chain five weeks later (chairside, Bright Peak Dental's
Python service: insurance checks, claims, reminders and imaging). Each
clinic's imaging bridge (a small Windows service next to the sensor
software, built from `bridge/` in the same repository) uploads the
radiographs it is given, as DICOM, straight to S3 (bucket bpd-imaging-inbox,
us-west-2) with presigned URLs from chairside, then tells chairside the study
is complete; chairside imports it into Radiance, the cloud PACS, and the
chairside viewer shows it to the dentist in the operatory a minute later.
The clinics reach the internet through SD-WAN edges that the network team
(netops, another team and another repository) manages from its
orchestrator.

Wednesday 23 September 2026, 21:31 MDT: netops pushes branch-qos v14 to all
31 edges (CHG-4471): the new offsite backups of the clinics' file servers go
to an S3 bucket in us-west-2, and to protect the phones and the video
consults a new class cloud-backup is shaped to 3 Mbit/s per clinic from
07:00 to 19:00 local, matched by fqdn *.s3.us-west-2.amazonaws.com. That
also matches the imaging bucket. Nothing happens at night.

Thursday 24 September: four clinics open at 06:30 and their uploads run at
40-90 Mbit/s. At 07:00 the edges' business-hours schedule makes the shaper
active; from the first captures after 07:00 every clinic's uploads share 3
Mbit/s: a bitewing series takes minutes, 8 MB parts time out after 60 s and
are retried, and dentists open the viewer to "images pending". chairside
2.19.0, deployed the evening before (IMG-88: multipart uploads with 8 MB
parts in the bridge; IMG-90, which adds the very "study not yet available in
PACS" warning; a boto3 bump; the bridges updated themselves at 02:00), and
2.19.1 at 07:44 (reminder wording) are next to it. The runbook (IMG-91) reads
images pending as Radiance's ingest or a stuck bridge, and after a release
says to roll back. Tom (on call) finds Radiance green, has Lakewood restart
its bridge, and rolls back server and bridges to 2.18.3 at 08:40 without
effect (the single PUTs time out after 120 s instead). He sees every
clinic's uploads at the same 2.8-3.0 Mbit/s while the clinics' other
traffic is fast, and asks netops; Jakub finds the v14 class matching the
imaging bucket and pushes v15 (the backup bucket's own fqdn) at 09:52;
uploads run at full speed again, the backlog drains and 2.19.1 is deployed
again. Nothing in chairside is changed.

Sources: chairside (line format), the imaging bridges (NLog through Fluent
Bit, line format), the SD-WAN edges (syslog RFC 3164), the SD-WAN
orchestrator's audit log (line format), nginx access, GitHub Actions deploy
job logs, Radiance status page (JSON lines), #clinic-it (Slack export, JSON
lines)."""

import datetime as dt
import json
import random

from common import Log, Person, hexid, poisson_times, utc, write_scenario
from formats import nginx_access, python_logging, syslog3164
from scenarios.r114_claim_amount_grouping import CLINICS, MDT, SERVICE, build_repo as build_first_repo

START, END = utc("2026-09-24 12:00:00"), utc("2026-09-24 17:30:00")


def mdt(text):
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=MDT).astimezone(dt.timezone.utc)


UPLOADER_PY = '''"""Uploads a study's DICOM files to S3 with presigned URLs from chairside,
then posts /api/imaging/studies/<uid>/complete."""

import logging
import time

import httpx

log = logging.getLogger("Bridge.Uploader")
TIMEOUT_S = 120
ATTEMPTS = 5


def upload(api, study):
    started = time.monotonic()
    for f in study.files:
        url = api.presign(study.uid, f.name)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                httpx.put(url, content=f.read(), timeout=TIMEOUT_S).raise_for_status()
                break
            except httpx.TimeoutException:
                log.warning("upload timed out after %s s study=%s file=%s (attempt %d/%d)", TIMEOUT_S, study.uid, f.name, attempt, ATTEMPTS)
    api.complete(study.uid)
    log.info("uploaded study=%s files=%d bytes=%d in %.1f s", study.uid, len(study.files), study.bytes, time.monotonic() - started)
'''


def build_repo():
    repo, shas = build_first_repo()
    tom = Person("Tom Brekke", "tom.brekke@brightpeakdental.com", -360)
    elena = Person("Elena Vasquez", "elena.vasquez@brightpeakdental.com", -360)
    kiran = Person("Kiran Desai", "kiran.desai@brightpeakdental.com", 330)
    nadia = Person("Nadia Flores", "nadia.flores@brightpeakdental.com", -360)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)

    def release(when, who, old, new, notes):
        return repo.commit(when, who, f"release {new}", {
            "chairside/__init__.py": repo.edit("chairside/__init__.py", f'"{old}"', f'"{new}"'),
            "CHANGELOG.md": repo.edit("CHANGELOG.md", "# Changelog\n", f"# Changelog\n\n## {new}\n\n{notes}\n"),
        })

    repo.commit(mdt("2026-08-24 10:05:00"), kiran, "eligibility: cache 271s per patient for the day (ELG-81)", {
        "chairside/eligibility.py": repo.files["chairside/eligibility.py"] + '\n\nCACHE_TTL_S = 8 * 3600\n',
    })
    repo.commit(mdt("2026-08-27 14:40:00"), nadia, "imaging: bridges upload to S3 with presigned URLs (IMG-71)\n\nThe bridges posted the DICOM files through chairside, which buffered them\non disk before the PACS import; now they PUT to bpd-imaging-inbox directly.", {
        "bridge/uploader.py": UPLOADER_PY,
        "chairside/imaging/__init__.py": "",
        "chairside/imaging/uploads.py": '"""Presigned PUT URLs for the bridges (bpd-imaging-inbox, us-west-2) and the\nPACS import once a study is complete."""\n\nimport logging\n\nimport boto3\n\nlog = logging.getLogger("chairside.imaging")\ns3 = boto3.client("s3", region_name="us-west-2")\n\n\ndef presign(settings, key):\n    return s3.generate_presigned_url("put_object", Params={"Bucket": settings["imaging"]["upload_bucket"], "Key": key},\n                                     ExpiresIn=settings["imaging"]["presign_ttl_s"])\n',
    })
    release(mdt("2026-08-27 16:30:00"), nadia, "2.14.2", "2.15.0", "- Bridges upload to S3 directly (IMG-71).")
    repo.commit(mdt("2026-09-02 09:12:00"), bot, "Bump boto3 from 1.34.140 to 1.35.10", {
        "pyproject.toml": repo.edit("pyproject.toml", '"boto3==1.34.140"', '"boto3==1.35.10"'),
    })
    repo.commit(mdt("2026-09-03 11:20:00"), elena, "reminders: 48 h confirmation window per clinic (REM-52)", {
        "config/production.yaml": repo.edit("config/production.yaml", "  confirm_window_h: 48\n", "  confirm_window_h: 48\n  confirm_window_overrides: {st-george: 24}\n"),
    })
    release(mdt("2026-09-03 15:10:00"), elena, "2.15.0", "2.16.0", "- Confirmation window per clinic (REM-52).\n- boto3 1.35.10.")
    repo.commit(mdt("2026-09-09 13:55:00"), kiran, "claims: attach radiographs to crown claims (CLM-340)", {
        "chairside/claims/attachments.py": '"""Pre-op radiographs for crown, bridge and implant claims: the PWK segment\nwith the attachment control number from the imaging store."""\n\nCODES = {"D2740", "D2750", "D6010", "D6240"}\n',
    })
    release(mdt("2026-09-10 10:30:00"), kiran, "2.16.0", "2.17.0", "- Radiograph attachments for crown claims (CLM-340).")
    repo.commit(mdt("2026-09-16 15:22:00"), nadia, "bridge: log each upload's throughput (IMG-84)", {
        "bridge/uploader.py": repo.edit("bridge/uploader.py", 'log.info("uploaded study=%s files=%d bytes=%d in %.1f s", study.uid, len(study.files), study.bytes, time.monotonic() - started)',
                                        'took = time.monotonic() - started\n    log.info("uploaded study=%s files=%d bytes=%d in %.1f s (%.1f Mbit/s)", study.uid, len(study.files), study.bytes, took, study.bytes * 8 / took / 1e6)'),
    })
    release(mdt("2026-09-17 11:00:00"), nadia, "2.17.0", "2.18.3", "- Upload throughput in the bridge log (IMG-84).")
    shas["rel_2183"] = repo.shas[-1]
    repo.commit(mdt("2026-09-21 10:48:00"), nadia, "bridge: multipart uploads, 8 MB parts, 60 s per part (IMG-88)\n\nA CBCT volume (300-500 MB) in one PUT restarts from zero after any\ntimeout; parts are retried on their own.", {
        "bridge/uploader.py": repo.edit("bridge/uploader.py", 'TIMEOUT_S = 120\nATTEMPTS = 5\n', 'TIMEOUT_S = 120\nPART_TIMEOUT_S = 60\nPART_BYTES = 8 * 1024 * 1024\nATTEMPTS = 5\n'),
        "chairside/imaging/uploads.py": repo.files["chairside/imaging/uploads.py"] + '\n\ndef presign_parts(settings, key, upload_id, parts):\n    return [s3.generate_presigned_url("upload_part", Params={"Bucket": settings["imaging"]["upload_bucket"], "Key": key,\n            "UploadId": upload_id, "PartNumber": n}, ExpiresIn=settings["imaging"]["presign_ttl_s"]) for n in range(1, parts + 1)]\n',
    })
    repo.commit(mdt("2026-09-22 09:35:00"), nadia, "imaging: warn when the viewer asks for a study the PACS does not have yet (IMG-90)", {
        "chairside/imaging/viewer.py": '"""The operatory viewer\'s study list: studies the bridges announced and\nRadiance has imported."""\n\nimport logging\n\nlog = logging.getLogger("chairside.imaging.viewer")\n\n\ndef open_study(pacs, study):\n    if not pacs.has(study.uid):\n        log.warning("study not yet available in PACS study=%s clinic=%s captured %ds ago", study.uid, study.clinic, study.age_s)\n        return None\n    return pacs.viewer_url(study.uid)\n',
    })
    repo.commit(mdt("2026-09-22 14:10:00"), tom, "runbook: ImagesPending (IMG-91)", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + """
## ImagesPending

Dentists see "images pending" in the viewer: radiographs taken more than 5
minutes ago are not in Radiance.

- Check status.radiancepacs.com: Radiance's ingest is the usual cause.
- One clinic only: the bridge is stuck; have the clinic restart the
  "BPD Imaging Bridge" service (or the imaging PC).
- If it starts after a chairside or bridge release, roll back both
  (`deploy.sh <tag>`; the bridges follow the server's version).
""",
    })
    repo.commit(mdt("2026-09-22 16:02:00"), bot, "Bump boto3 from 1.35.10 to 1.35.24", {
        "pyproject.toml": repo.edit("pyproject.toml", '"boto3==1.35.10"', '"boto3==1.35.24"'),
    })
    shas["rel_2190"] = release(mdt("2026-09-23 17:30:00"), nadia, "2.18.3", "2.19.0", "- Multipart uploads from the bridges (IMG-88).\n- Viewer warns about studies not yet in the PACS (IMG-90).\n- boto3 1.35.24.")
    repo.commit(mdt("2026-09-24 07:26:00"), elena, "reminders: say the clinic's name once in the text (REM-58)", {
        "config/production.yaml": repo.edit("config/production.yaml", '  next_day_at: "10:00"\n', '  next_day_at: "10:00"\n  template: "{clinic}: see you {when}. Reply C to confirm, R to reschedule."\n'),
    })
    shas["rel_2191"] = release(mdt("2026-09-24 07:33:00"), elena, "2.19.0", "2.19.1", "- Reminder wording (REM-58).")
    return repo, shas


KINDS = [(46, "BWX", 4, 6.1), (20, "PA", 1, 6.0), (14, "PAN", 1, 12.4), (10, "FMX", 18, 5.9), (7, "CEPH", 1, 10.8), (3, "CBCT", 1, 384.0)]
EARLY = {"lakewood", "fort-collins", "sandy", "aurora-south"}


def build_logs(rng, shas):
    app = Log("chairside.log")
    bridge = Log("imaging-bridge.log")
    edge = Log("sdwan-edges.log")
    audit = Log("sdwan-orchestrator-audit.log")
    nginx = Log("nginx-access.log")
    gha = Log("deploy-actions.log")
    status = Log("radiance-status.log")
    slack = Log("clinic-it-slack.log")
    stats = {"first": None, "timeouts": 0, "pending": 0, "studies": 0}

    def M(hms):
        return mdt(f"2026-09-24 {hms}")

    workers = ["gunicorn-8c1d-1", "gunicorn-8c1d-2", "gunicorn-8c1d-3"]

    def log(t, level, logger, msg, worker=None):
        app.add(t, python_logging(t, level, logger, msg).replace(f" {level} ", f" [{worker or rng.choice(workers)}] {level} ", 1))

    def blog(t, clinic, level, logger, msg):
        t = t.astimezone(dt.timezone.utc)
        bridge.add(t, f"{t:%Y-%m-%d %H:%M:%S}.{t.microsecond // 100:04d}|{level}|{clinic}-img01|{logger}|{msg}")

    def audit_line(t, level, module, msg):
        audit.add(t, f"{t:%Y-%m-%dT%H:%M:%S}.{t.microsecond // 1000:03d}Z {level} [{module}] {msg}")

    # --- deploys ---------------------------------------------------------------------------------
    def deploy(t, ref, version, sha, who, note=None):
        lines = [(0, f"##[group]Run ./scripts/deploy.sh {ref}"), (1, f"Requested by {who} (workflow_dispatch, ref={ref})"),
                 (3, f"Deploying chairside {version} ({sha[:12]}) to production"),
                 (9, f"deployment.apps/chairside image updated: ghcr.io/brightpeak/chairside:{version}"),
                 (12, f"bridge channel 'stable' set to {version} (clinic bridges update at their next check)"),
                 (61, 'deployment "chairside" successfully rolled out'), (62, "##[endgroup]")]
        if note:
            lines.insert(2, (2, note))
        for off, text in lines:
            s = t + dt.timedelta(seconds=off, microseconds=rng.randint(0, 999999))
            gha.add(s, f"{s.strftime('%Y-%m-%dT%H:%M:%S.')}{s.microsecond:06d}0Z {text}")
        for k in (34, 47, 58):
            log(t + dt.timedelta(seconds=k), "INFO", "chairside.main", f"starting chairside version={version} git={sha[:12]}")

    deploy(mdt("2026-09-23 19:10:12"), "v2.19.0", "2.19.0", shas["rel_2190"], "nadia-flores")
    deploy(M("07:44:05"), "v2.19.1", "2.19.1", shas["rel_2191"], "elena-vasquez")
    deploy(M("08:40:31"), "v2.18.3", "2.18.3", shas["rel_2183"], "tom-brekke", note="Rollback of v2.19.1 (INC-0231): server and bridges to 2.18.3")
    deploy(M("10:31:48"), "v2.19.1", "2.19.1", shas["rel_2191"], "tom-brekke")

    def bridge_version(t):
        if t < M("08:44:00"):
            return "2.19.0"
        if t < M("10:36:00"):
            return "2.18.3"
        return "2.19.1"

    # --- the network: orchestrator and edges ------------------------------------------------------
    ASTART = mdt("2026-09-23 19:00:00")
    for t in poisson_times(rng, ASTART, END, 0.25):
        c = rng.choice(CLINICS)
        audit_line(t, "INFO", rng.choice(["telemetry", "health"]), rng.choice([
            f"site {c} heartbeat ok edges=1 tunnels=2/2",
            f"site {c} wan1 sla ok latency_ms={rng.randint(8, 30)} loss_pct=0.{rng.randint(0, 3)}",
            f"site {c} config in sync version=branch-qos/v{14 if t > mdt('2026-09-23 21:31:40') else 13}",
        ]))
    audit_line(mdt("2026-09-23 21:29:55"), "INFO", "change", "user=jkowalski change=CHG-4471 approved by cab (\"offsite backups: protect voice and video\")")
    audit_line(mdt("2026-09-23 21:31:08"), "INFO", "policy", "user=jkowalski policy branch-qos v14 committed: added class cloud-backup (shape 3000 kbps, schedule business-hours 07:00-19:00 local) match fqdn *.s3.us-west-2.amazonaws.com")
    audit_line(mdt("2026-09-23 21:31:40"), "INFO", "policy", "policy branch-qos v14 pushed to 31 sites: 31 succeeded, 0 failed")
    audit_line(M("09:49:12"), "INFO", "change", "user=jkowalski change=CHG-4476 emergency (INC-0231: imaging uploads shaped as cloud-backup)")
    audit_line(M("09:51:30"), "INFO", "policy", "user=jkowalski policy branch-qos v15 committed: class cloud-backup match fqdn bpd-veeam-offsite.s3.us-west-2.amazonaws.com (was *.s3.us-west-2.amazonaws.com)")
    audit_line(M("09:52:04"), "INFO", "policy", "policy branch-qos v15 pushed to 31 sites: 31 succeeded, 0 failed")

    SHAPE_ON, SHAPE_OFF = M("07:00:00"), M("09:52:20")
    for i, c in enumerate(CLINICS):
        host = f"edge-{c}"
        pid = 2100 + i * 7
        t = mdt("2026-09-23 21:31:30") + dt.timedelta(seconds=rng.uniform(2, 9))
        edge.add(t, syslog3164(t, host, "sdwand", pid, "policy branch-qos v14 applied: classes voice, video, business, cloud-backup, default"))
        edge.add(t + dt.timedelta(seconds=2), syslog3164(t + dt.timedelta(seconds=2), host, "sdwand", pid, "qos: schedule business-hours inactive: class cloud-backup unshaped"))
        t = SHAPE_ON + dt.timedelta(seconds=rng.uniform(0, 1.5))
        edge.add(t, syslog3164(t, host, "sdwand", pid, "qos: schedule business-hours active: class cloud-backup shaper 3000 kbps"))
        t = SHAPE_OFF + dt.timedelta(seconds=rng.uniform(0, 9))
        edge.add(t, syslog3164(t, host, "sdwand", pid, "policy branch-qos v15 applied: classes voice, video, business, cloud-backup, default"))
        for t in poisson_times(rng, mdt("2026-09-23 19:00:00"), END, 1 / 20):
            edge.add(t, syslog3164(t, host, rng.choice(["sdwand", "dhcpd", "sdwand"]), pid if rng.random() < 0.7 else None, rng.choice([
                f"wan1 sla probe ok latency={rng.randint(8, 28)}ms jitter={rng.randint(1, 4)}ms loss=0%",
                f"wan2 (lte) sla probe ok latency={rng.randint(38, 70)}ms jitter={rng.randint(3, 12)}ms loss=0%",
                f"DHCPACK on 10.{40 + i}.{rng.randint(10, 30)}.{rng.randint(20, 240)} to {':'.join(hexid(rng, 2) for _ in range(6))} via vlan20",
            ])))

    # --- imaging ---------------------------------------------------------------------------------
    active = {c: [] for c in CLINICS}  # end times of this clinic's uploads, for the shared shaper
    drops = {}

    def opens(c, t):
        return t >= (M("06:30:00") if c in EARLY else M("07:00:00"))

    def capture_rate(t):
        h = t.astimezone(MDT).hour + t.astimezone(MDT).minute / 60
        return 0.0 if h < 6.5 else (0.1 if h < 7.1 else 0.13)

    captures = []
    for c in CLINICS:
        for t in poisson_times(rng, M("06:30:00"), END, 0.13):
            if not opens(c, t - dt.timedelta(minutes=8)) or rng.random() > capture_rate(t) / 0.13:
                continue
            captures.append((t, c))
    captures.sort()
    seq = 0
    for t, c in captures:
        seq += 1
        kind = None
        pick = rng.uniform(0, 100)
        for w, k, n, mb in KINDS:
            pick -= w
            if pick <= 0:
                kind = (k, n, mb)
                break
        k, n, mb = kind or KINDS[0][1:]
        if k == "CBCT" and c not in ("cherry-creek", "boulder", "provo", "highlands-ranch", "fort-collins"):
            k, n, mb = "PAN", 1, 12.4
        uid = f"1.2.826.0.1.3680043.10.1147.{20260924}{seq:05d}"
        total_mb = n * mb * rng.uniform(0.9, 1.1)
        ver = bridge_version(t)
        blog(t, c, "INFO", "Bridge.Watcher", f"study ready study={uid} modality={'CT' if k == 'CBCT' else ('PX' if k in ('PAN', 'CEPH') else 'IO')} kind={k} files={n} bytes={int(total_mb * 1048576)}")
        shaped = SHAPE_ON <= t < SHAPE_OFF
        active[c] = [e for e in active[c] if e > t]
        share = len(active[c]) + 1
        if shaped:
            rate = 2.95 / share * rng.uniform(0.85, 1.0)
        else:
            rate = rng.uniform(38, 92) / (1 + 0.3 * (share - 1))
        elapsed = 0.0
        first_warn = None
        if ver == "2.19.0":
            parts = max(1, int(total_mb // 8) + (1 if total_mb % 8 else 0))
            for p in range(1, parts + 1):
                part_mb = min(8.0, total_mb - 8 * (p - 1))
                for attempt in range(1, 6):
                    need = part_mb * 8.39 / rate
                    if need <= 60:
                        elapsed += need
                        break
                    elapsed += 60
                    stats["timeouts"] += 1
                    wt = t + dt.timedelta(seconds=elapsed)
                    first_warn = first_warn or wt
                    blog(wt, c, "WARN", "Bridge.Uploader", f"part {p}/{parts} upload timed out after 60 s study={uid} (attempt {attempt}/5)")
                    rate = 2.95 / max(1, share - rng.randint(0, 1)) * rng.uniform(0.85, 1.0) if shaped else rate
                if elapsed > 1800:
                    break
        else:
            files = n
            for fno in range(1, files + 1):
                fmb = total_mb / files
                for attempt in range(1, 6):
                    need = fmb * 8.39 / rate
                    if need <= 120:
                        elapsed += need
                        break
                    elapsed += 120
                    stats["timeouts"] += 1
                    wt = t + dt.timedelta(seconds=elapsed)
                    first_warn = first_warn or wt
                    blog(wt, c, "WARN", "Bridge.Uploader", f"upload timed out after 120 s study={uid} file={fno:04d}.dcm (attempt {attempt}/5)")
        done = t + dt.timedelta(seconds=elapsed + rng.uniform(0.3, 1.2))
        active[c].append(done)
        if shaped:
            drops.setdefault(c, []).append((t, done))
        if done < END:
            blog(done, c, "INFO", "Bridge.Uploader", f"uploaded study={uid} files={n} bytes={int(total_mb * 1048576)} in {elapsed:.1f} s ({total_mb * 8.39 / max(elapsed, 0.1):.1f} Mbit/s)")
            nginx.add(done, nginx_access(done, f"73.{14 + CLINICS.index(c) % 9}.{(CLINICS.index(c) * 37) % 250 + 2}.{(CLINICS.index(c) * 11) % 200 + 20}", "POST", f"/api/imaging/studies/{uid}/complete", 202, 41, rng.uniform(0.02, 0.06), f"BPD-ImagingBridge/{ver} (Windows NT 10.0)", upstream_rt=0.02))
            imp = done + dt.timedelta(seconds=rng.uniform(8, 30))
            if imp < END:
                log(imp, "INFO", "chairside.imaging", f"study {uid} imported to Radiance clinic={c} kind={k} instances={n}", worker="celery-imaging-1")
        nginx.add(t + dt.timedelta(seconds=0.4), nginx_access(t + dt.timedelta(seconds=0.4), f"73.{14 + CLINICS.index(c) % 9}.{(CLINICS.index(c) * 37) % 250 + 2}.{(CLINICS.index(c) * 11) % 200 + 20}", "POST", "/api/imaging/uploads", 201, rng.randint(900, 4200), rng.uniform(0.03, 0.09), f"BPD-ImagingBridge/{ver} (Windows NT 10.0)", upstream_rt=0.03))
        # the dentist opens the study in the operatory viewer
        looks = t + dt.timedelta(seconds=rng.uniform(50, 200))
        ready = done + dt.timedelta(seconds=25)
        for attempt in range(4):
            if looks >= END:
                break
            if looks >= ready:
                nginx.add(looks, nginx_access(looks, f"73.{14 + CLINICS.index(c) % 9}.{(CLINICS.index(c) * 37) % 250 + 2}.{(CLINICS.index(c) * 11) % 200 + 20}", "GET", f"/api/imaging/studies/{uid}/viewer", 200, rng.randint(1200, 3000), rng.uniform(0.05, 0.2), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36", upstream_rt=0.05))
                break
            age = int((looks - t).total_seconds())
            if ver == "2.19.0" or looks < M("08:41:30") or looks >= M("10:32:50"):
                log(looks, "WARNING", "chairside.imaging.viewer", f"study not yet available in PACS study={uid} clinic={c} captured {age}s ago")
            stats["pending"] += 1
            first_warn = min(first_warn, looks) if first_warn else looks
            nginx.add(looks, nginx_access(looks, f"73.{14 + CLINICS.index(c) % 9}.{(CLINICS.index(c) * 37) % 250 + 2}.{(CLINICS.index(c) * 11) % 200 + 20}", "GET", f"/api/imaging/studies/{uid}/viewer", 404, 58, rng.uniform(0.03, 0.1), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36", upstream_rt=0.03))
            looks = looks + dt.timedelta(seconds=rng.uniform(60, 180))
        if first_warn and (stats["first"] is None or first_warn < stats["first"]):
            stats["first"] = first_warn
        stats["studies"] += 1

    # the shaper's drop counters, every five minutes per clinic while it shapes imaging
    for i, c in enumerate(CLINICS):
        t = SHAPE_ON + dt.timedelta(minutes=5, seconds=rng.uniform(0, 3))
        while t < SHAPE_OFF:
            busy = [1 for s, e in drops.get(c, []) if s < t and e > t - dt.timedelta(minutes=5)]
            if busy:
                edge.add(t, syslog3164(t, f"edge-{c}", "sdwand", 2100 + i * 7, f"qos: class cloud-backup shaping 3000 kbps: {rng.randint(300, 2400) * len(busy)} packets dropped in 300s, {len(busy)} flows to bpd-imaging-inbox.s3.us-west-2.amazonaws.com"))
            t += dt.timedelta(minutes=5)

    # other chairside traffic
    for t in poisson_times(rng, START, END, 5.0):
        c = rng.choice(CLINICS)
        roll = rng.random()
        cip = f"73.{14 + CLINICS.index(c) % 9}.{(CLINICS.index(c) * 37) % 250 + 2}.{(CLINICS.index(c) * 11) % 200 + 20}"
        ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"
        if roll < 0.4:
            nginx.add(t, nginx_access(t, cip, "GET", f"/api/schedule?clinic={c}&date=2026-09-24", 200, rng.randint(8000, 31000), rng.uniform(0.04, 0.2), ua, upstream_rt=0.04))
        elif roll < 0.6:
            ms = int(rng.lognormvariate(0, 0.4) * 850)
            log(t, "INFO", "chairside.eligibility", f"eligibility 271 payer={rng.choice(['CO-DELTA', 'CIGNA-DEN', 'METLIFE-DEN', 'UT-DELTA', 'GUARDIAN'])} clinic={c} patient=P{rng.randint(100000, 999999)} active=Y ms={ms}")
            nginx.add(t, nginx_access(t, cip, "POST", "/api/eligibility", 200, rng.randint(900, 2400), ms / 1000, ua, upstream_rt=ms / 1000))
        elif roll < 0.8:
            log(t, "INFO", "chairside.reminders", f"sms status sid=TP{hexid(rng, 24)} status=delivered")
            nginx.add(t, nginx_access(t, "34.203.118.42", "POST", "/hooks/textpost/status", 204, 0, rng.uniform(0.005, 0.02), "TextPost-Webhooks/2.1", upstream_rt=0.004))
        else:
            nginx.add(t, nginx_access(t, cip, "GET", "/api/claims/queue?status=open", 200, rng.randint(3000, 22000), rng.uniform(0.05, 0.3), ua, upstream_rt=0.05))
    bt = M("07:00:01")
    while bt < END:
        log(bt, "INFO", "chairside.claims.submit", f"batch B{bt.astimezone(MDT):%Y%m%d%H%M} uploaded claims={rng.randint(8, 45)} control={rng.randint(4900, 4999):09d}", worker="celery-claims-1")
        bt += dt.timedelta(minutes=15)

    # --- Radiance status, Slack --------------------------------------------------------------------
    for t in poisson_times(rng, mdt("2026-09-24 05:00:00"), END, 1 / 15):
        status.add(t, json.dumps({"time": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "page": "status.radiancepacs.com", "components": {"Ingest (us-west)": "operational", "Viewer": "operational", "DICOMweb API": "operational"}, "incidents": []}))
    users = {"tom.brekke": "U02TB7Q1C", "nadia.flores": "U05NF2H8J", "jakub.kowalski": "U01JK6P3W", "dr.amara.lee": "U07AL1D4R", "frontdesk.lakewood": "U07FL9K2S", "alertmanager": "B01ALM4RT"}

    def say(hm, who, text):
        t = M(hm + ":00") + dt.timedelta(seconds=rng.uniform(0, 59))
        slack.add(t, json.dumps({"type": "message", "channel": "clinic-it", "ts": f"{int(t.timestamp())}.{t.microsecond:06d}", "user": users[who], "user_name": who, "text": text}))

    say("06:48", "frontdesk.lakewood", "morning, viewer works great today, pano was up before the patient sat back")
    say("07:46", "dr.amara.lee", "Cherry Creek: bitewings taken at 7:25 still 'images pending' in op 2")
    say("07:51", "alertmanager", "[FIRING] ImagesPending: 23 studies captured > 5 min ago not in Radiance")
    say("07:55", "tom.brekke", "ack. viewer logs 'study not yet available in PACS' (new in 2.19.0) from lots of clinics. runbook: Radiance status first -> all operational")
    say("08:03", "tom.brekke", "bridges log 'part ... upload timed out after 60 s' everywhere. multipart came with 2.19.0 last night (IMG-88)")
    say("08:12", "frontdesk.lakewood", "restarted the imaging bridge service like you asked, same thing")
    say("08:35", "tom.brekke", "runbook: after a release roll back both. rolling server + bridges back to 2.18.3 (INC-0231)")
    say("08:58", "tom.brekke", "2.18.3 everywhere since 08:44: no multipart, now 'upload timed out after 120 s' instead. not 2.19.0")
    say("09:11", "nadia.flores", "throughput lines: every clinic uploads at 2.8-3.0 Mbit/s since 07:00, and the four clinics that open at 06:30 were at 40-90 before 07:00. schedule and eligibility calls are fast. same ceiling at 31 sites smells like a shaper")
    say("09:16", "tom.brekke", "@jakub.kowalski did anything change on the edges? uploads to S3 us-west-2 are capped at ~3 Mbit/s per clinic since 07:00")
    say("09:31", "jakub.kowalski", "yes, sorry: branch-qos v14 last night (CHG-4471), class cloud-backup shaped to 3000 kbps 07:00-19:00, matched *.s3.us-west-2.amazonaws.com for the new veeam offsite bucket. your imaging bucket matches too. edges log 'class cloud-backup shaping ... flows to bpd-imaging-inbox'")
    say("09:48", "jakub.kowalski", "pushing v15 with only bpd-veeam-offsite.s3.us-west-2.amazonaws.com in the class (CHG-4476)")
    say("09:55", "jakub.kowalski", "v15 on all 31 edges at 09:52")
    say("10:04", "nadia.flores", "uploads at 50-90 Mbit/s again, backlog draining")
    say("10:22", "dr.amara.lee", "images are back, thanks")
    say("10:33", "tom.brekke", "2.19.1 redeployed, server and bridges. nothing to change in chairside. resolving INC-0231")
    return [app, bridge, edge, audit, nginx, gha, status, slack], stats


def build(out_dir):
    rng = random.Random(114200)
    repo, shas = build_repo()
    try:
        logs, stats = build_logs(rng, shas)
        onset = stats["first"].replace(microsecond=0)
        assert utc("2026-09-24 13:00:00") < onset < utc("2026-09-24 13:45:00"), onset
        return write_scenario(
            out_dir, name="r114-sdwan-imaging-shaper-none", service=SERVICE, onset=onset,
            description=f"""
Bright Peak Dental's radiographs: from {onset.astimezone(MDT).strftime('%H:%M')} MDT on Thursday 24 September 2026
({onset.strftime('%H:%M:%S')} UTC) the clinics' imaging bridges' uploads time out and are
retried, and dentists see "images pending" in the operatory viewer, at
every clinic. chairside 2.19.0 was deployed the evening before (the bridges
updated at 02:00) and 2.19.1 at 07:44 MDT; server and bridges were rolled
back to 2.18.3 at 08:40 MDT without effect. Uploads ran at full speed again
from 09:52 MDT. The clinics and the people in the Slack export are on
Mountain time (UTC-6); the logs are UTC.
""",
            logs=logs,
            line_formats={
                "chairside.log": r'<Date> <Time> \[<Worker>\] <Level> <Logger>: <Content>',
                "imaging-bridge.log": r'<Date> <Time>\|<Level>\|<Host>\|<Logger>\|<Content>',
                "sdwan-orchestrator-audit.log": r'<Timestamp> <Level> \[<Module>\] <Content>',
            },
            repo=repo, culprit="none",
            root_cause=[
                r'added class cloud-backup .*match fqdn',
                r'class cloud-backup shaping .*packets dropped',
            ],
            fix_files=[],
            explanation=f"""
Nothing in chairside. The network team's SD-WAN policy branch-qos v14,
pushed to all 31 clinic edges at 21:31 MDT the evening before (CHG-4471),
adds a class cloud-backup for the new offsite backups, shaped to 3 Mbit/s
per clinic from 07:00 to 19:00 local and matched by fqdn
*.s3.us-west-2.amazonaws.com, which also matches the imaging bucket
bpd-imaging-inbox that the bridges upload to. At 07:00 the edges' schedule
makes the shaper active ("qos: schedule business-hours active: class
cloud-backup shaper 3000 kbps"); every clinic's uploads then share 3
Mbit/s ("class cloud-backup shaping 3000 kbps: ... packets dropped ...
flows to bpd-imaging-inbox.s3..."), parts time out and are retried
({stats['timeouts']} timeouts) and the viewer has no study ({stats['pending']} "images pending"). Before
07:00 four early clinics upload at 40-90 Mbit/s; the rest of the clinics'
traffic (schedule, eligibility) is unshaped. v15 (09:52 MDT), matching only
the backup bucket, ends it.
Decoys: chairside 2.19.0, deployed the evening before (IMG-88, multipart
uploads with 60 s part timeouts in the bridge, the very code whose
timeouts fill the bridge log; IMG-90, which adds the very "study not yet
available in PACS" warning; a boto3 bump), 2.19.1 at 07:44 (reminder
wording, named by the deploy job and the start-up lines), the rollback of
server and bridges to 2.18.3 without effect (single PUTs time out after
120 s instead) and the redeploy of 2.19.1; a runbook commit that reads
images pending as Radiance's ingest or a stuck bridge and says to roll
back after a release; the bridge restart at Lakewood; Radiance's status
page, operational throughout.
""",
        )
    finally:
        repo.close()
