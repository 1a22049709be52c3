"""osprey-portal (Python, FastAPI under gunicorn, on a login-class VM) of
Northbridge University's Research Computing Service: researchers submit
batch jobs and parameter sweeps to the Osprey cluster through it. The
portal stages uploaded inputs to /scratch (Lustre), calls sbatch through
sudo as the user, keeps submissions in PostgreSQL and polls sacct.

A sweep is one line of params.txt per task, submitted as Slurm job arrays
of at most 1000 tasks. Until Wednesday 11 March every chunk was numbered
from 0 (`--array=0-999`) and the job script added SWEEP_OFFSET. At 08:52 UTC
a commit numbers each chunk by its tasks' place in the sweep (chunk 2 is
`--array=1000-1999`) so that SLURM_ARRAY_TASK_ID matches the params line;
its author took Osprey's MaxArraySize=1001 for a limit on the number of
tasks, but it bounds the largest index. Ansible deploys main at 09:46 (the
start line names a later test commit). Sweeps under 1000 tasks, which is
nearly all of them, submit exactly as before. At 14:03 an ML group's
2400-task hyper-parameter sweep is the first with a second chunk:
slurmctld rejects it with "Invalid job array specification", the portal
cancels the first chunk and reports "sweep submission failed"; the group
retries, and from 14:31 every attendee of a genomics workshop fails the
same way with a 1536-sample sweep.

Decoys: a config release at 13:33, 30 minutes before the onset, that
raises the array throttle (`%50` -> `%100`, visible in every --array); a
commit two days before that logs sbatch's exit code, array and stderr on
failure; a harmless commit to sweeps.py (blank lines in params files);
docs and test commits about array task ids; a psycopg bump; a CLI user's
own invalid array at 10:17. Sources: the portal (Python logging with
tracebacks), slurmctld, PostgreSQL, and the portal host's syslog (sudo,
systemd, Ansible, kernel Lustre lines)."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import postgres, python_logging, syslog3164
from skeletons import chores, python_service

SERVICE = "osprey-portal"
START, END = utc("2026-03-11 08:30:00"), utc("2026-03-11 15:10:00")
DEPLOY1 = utc("2026-03-11 09:46:20")
DEPLOY2 = utc("2026-03-11 13:33:05")
HOST = "osp-login3"
PORTAL_UID = 987

SLURM_PY = '''import logging
import subprocess

log = logging.getLogger("portal.slurm")


class SbatchError(Exception):
    def __init__(self, returncode, stderr):
        super().__init__(f"sbatch exited {returncode}: {stderr}")
        self.returncode = returncode
        self.stderr = stderr


def sbatch(script, *, user, account, partition, array=None, extra=()):
    cmd = ["sudo", "-u", user, "/usr/bin/sbatch", "--parsable", f"--account={account}", f"--partition={partition}"]
    if array:
        cmd.append(f"--array={array}")
    cmd += [*extra, script]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise SbatchError(proc.returncode, proc.stderr.strip())
    return int(proc.stdout.split(";")[0])


def scancel(user, job_id):
    subprocess.run(["sudo", "-u", user, "/usr/bin/scancel", str(job_id)], check=False, timeout=60)
'''

SWEEPS_PY = '''"""Parameter sweeps: one line of params.txt per task, submitted as Slurm job
arrays of at most CHUNK tasks."""
import logging

from portal import slurm
from portal.settings import settings
from portal.templates import render

log = logging.getLogger("portal.sweeps")

CHUNK = 1000  # osprey's slurm.conf: MaxArraySize=1001


def read_params(path):
    with open(path) as handle:
        return handle.read().splitlines()


def chunks(n_tasks):
    for start in range(0, n_tasks, CHUNK):
        yield start, min(n_tasks, start + CHUNK)


def submit(sweep):
    params = read_params(sweep.params_path)
    script = render("sweep.sbatch", sweep)
    throttle = settings.slurm["array_max_running"]
    plan = list(chunks(len(params)))
    job_ids = []
    for i, (start, end) in enumerate(plan):
        array = f"0-{end - start - 1}%{throttle}"
        extra = [f"--export=ALL,SWEEP_OFFSET={start}"]
        try:
            job_ids.append(slurm.sbatch(script, user=sweep.user, account=sweep.account, partition=sweep.partition, array=array, extra=extra))
        except slurm.SbatchError:
            log.exception("sweep %s chunk %d/%d submission failed", sweep.id, i + 1, len(plan))
            for job_id in job_ids:
                slurm.scancel(sweep.user, job_id)
            raise
    log.info("sweep %s submitted tasks=%d chunks=%d jobs=%s", sweep.id, len(params), len(plan), ",".join(map(str, job_ids)))
    return job_ids
'''

SWEEP_TEMPLATE = '''#!/bin/bash
#SBATCH --job-name=${name}
#SBATCH --output=${workdir}/logs/%A_%a.out
#SBATCH --time=${time}
#SBATCH --cpus-per-task=${cpus}
#SBATCH --mem=${mem}
set -euo pipefail
cd "${workdir}"
TASK=$((SWEEP_OFFSET + SLURM_ARRAY_TASK_ID))
PARAMS=$(sed -n "$((TASK + 1))p" params.txt)
exec ${command} $PARAMS
'''

CONFIG = """slurm:
  cluster: osprey
  default_partition: standard
  array_max_running: 50
sweeps:
  max_tasks: 10000
staging:
  scratch_root: /scratch
  max_input_bytes: 53687091200
database:
  dsn: postgresql://portal@osp-db1.rcs.northbridge.ac.uk/portal
"""


def build_repo():
    priya = Person("Priya Raman", "p.raman@northbridge.ac.uk", 0)
    tom = Person("Tom Ellery", "t.ellery@northbridge.ac.uk", 0)
    aisha = Person("Aisha Mensah", "a.mensah@northbridge.ac.uk", 0)
    jan = Person("Jan Kowalczyk", "j.kowalczyk@northbridge.ac.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = python_service(SERVICE, "portal", "Web submission of batch jobs and parameter sweeps to the Osprey cluster.")
    files.update({
        "portal/slurm.py": SLURM_PY,
        "portal/sweeps.py": SWEEPS_PY,
        "portal/templates/__init__.py": 'import string\nfrom importlib import resources\n\n\ndef render(name, obj):\n    text = resources.files(__package__).joinpath(name).read_text()\n    return string.Template(text).safe_substitute(vars(obj))\n',
        "portal/templates/sweep.sbatch": SWEEP_TEMPLATE,
        "portal/settings.py": 'import os\n\nimport yaml\n\n\nclass Settings:\n    def __init__(self, raw):\n        self.__dict__.update(raw)\n\n    @classmethod\n    def load(cls):\n        with open(os.environ.get("CONFIG_PATH", "config/production.yaml")) as handle:\n            return cls(yaml.safe_load(handle))\n\n\nsettings = Settings.load()\n',
        "config/production.yaml": CONFIG,
        "deploy/osprey-portal.service": "[Unit]\nDescription=Osprey job portal (gunicorn)\nAfter=network-online.target\n\n[Service]\nUser=osprey-portal\nWorkingDirectory=/srv/osprey-portal\nExecStart=/srv/osprey-portal/.venv/bin/gunicorn -k uvicorn.workers.UvicornWorker -w 4 -b 127.0.0.1:8000 portal.main:app\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n",
        "deploy/sudoers.d/osprey-portal": "osprey-portal ALL=(%hpcusers) NOPASSWD: /usr/bin/sbatch, /usr/bin/scancel\n",
        "pyproject.toml": python_service(SERVICE, "portal", "")["pyproject.toml"].replace('"pyyaml==6.0.1"]', '"pyyaml==6.0.1", "psycopg[binary]==3.1.18"]'),
    })
    files.pop("k8s/service.yaml")
    repo.commit(utc("2026-03-04 10:10:00"), priya, "osprey-portal: job and sweep submission through sudo sbatch", files)
    repo.schedule(chores(random.Random(27101), SERVICE, [priya, tom, aisha], utc("2026-03-04 10:10:00"), utc("2026-03-09 09:00:00"), 4))
    repo.commit(utc("2026-03-09 11:20:00"), priya, "sweeps: skip blank lines and # comments in params.txt\n\nA trailing blank line made an extra task that ran the command with no\narguments.", {
        "portal/sweeps.py": repo.edit("portal/sweeps.py", "        return handle.read().splitlines()\n",
                                      '        return [line for line in handle.read().splitlines() if line.strip() and not line.startswith("#")]\n'),
    })
    repo.commit(utc("2026-03-09 16:05:00"), tom, "slurm: log sbatch's exit code, array and stderr when a submission fails\n\nThe helpdesk only sees \"submission failed\" in the portal; sbatch tells\nus why.", {
        "portal/slurm.py": repo.edit("portal/slurm.py", "        raise SbatchError(proc.returncode, proc.stderr.strip())\n",
                                     '        log.warning(\n            "sbatch failed rc=%d user=%s partition=%s array=%s stderr=%r",\n            proc.returncode, user, partition, array or "-", proc.stderr.strip(),\n        )\n        raise SbatchError(proc.returncode, proc.stderr.strip())\n'),
    })
    repo.commit(utc("2026-03-10 10:40:00"), jan, "docs: running a parameter sweep from the portal", {
        "docs/sweeps.md": "# Parameter sweeps\n\nUpload a params.txt with one line of arguments per task and a command.\nThe portal submits the sweep as Slurm job arrays of up to 1000 tasks and\nruns at most `array_max_running` tasks of each array at once.\n\nEach task reads its line of params.txt; its output is in\n`logs/<array job id>_<array task id>.out` under the sweep's directory.\n",
    })
    repo.commit(utc("2026-03-10 14:30:00"), bot, "Bump psycopg[binary] from 3.1.18 to 3.1.19", {
        "pyproject.toml": repo.edit("pyproject.toml", "psycopg[binary]==3.1.18", "psycopg[binary]==3.1.19"),
    })
    culprit = repo.commit(utc("2026-03-11 08:52:00"), priya, "sweeps: array task id = the task's number in the sweep\n\nUsers match squeue and sacct output to params lines by hand, and task\n1234 of a sweep showed up as <jobid>_234 with SWEEP_OFFSET=1000 hidden\nin its environment. Number each chunk's array by its tasks' place in the\nsweep (the second chunk is --array=1000-1999), so SLURM_ARRAY_TASK_ID is\nthe params line minus one. Chunks stay at 1000 tasks, within\nMaxArraySize=1001.", {
        "portal/sweeps.py": repo.edit("portal/sweeps.py", '        array = f"0-{end - start - 1}%{throttle}"\n        extra = [f"--export=ALL,SWEEP_OFFSET={start}"]\n',
                                      '        array = f"{start}-{end - 1}%{throttle}"\n        extra = []\n'),
        "portal/templates/sweep.sbatch": repo.edit("portal/templates/sweep.sbatch", "TASK=$((SWEEP_OFFSET + SLURM_ARRAY_TASK_ID))\n", "TASK=$SLURM_ARRAY_TASK_ID\n"),
    })
    repo.commit(utc("2026-03-11 09:14:00"), tom, "test: sweep script reads params line SLURM_ARRAY_TASK_ID + 1", {
        "tests/test_sweeps.py": "from portal import sweeps\n\n\ndef test_chunks_cover_every_task():\n    assert list(sweeps.chunks(2500)) == [(0, 1000), (1000, 2000), (2000, 2500)]\n\n\ndef test_template_uses_array_task_id():\n    from importlib import resources\n    text = resources.files(\"portal.templates\").joinpath(\"sweep.sbatch\").read_text()\n    assert \"TASK=$SLURM_ARRAY_TASK_ID\" in text\n",
    })
    deploy1_sha = repo.shas[-1]
    repo.commit(utc("2026-03-11 11:05:00"), jan, "docs: sweep task ids now match params.txt lines", {
        "docs/sweeps.md": repo.edit("docs/sweeps.md", "Each task reads its line of params.txt;", "Task N (SLURM_ARRAY_TASK_ID=N) reads line N+1 of params.txt;"),
    })
    head = repo.commit(utc("2026-03-11 13:12:00"), aisha, "config: sweeps may run 100 array tasks at once (was 50)\n\nRCS raised MaxJobsPerUser for the spring allocations (RCS-2291); the\n%50 array throttle made big sweeps take all day.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  array_max_running: 50\n", "  array_max_running: 100\n"),
    })
    return repo, culprit, deploy1_sha, head


USERS = [
    ("ab1234", 51234, "ml-vision", "gpu"), ("cm5521", 52211, "chem-dft", "standard"), ("dk2290", 50877, "astro-sims", "standard"),
    ("eh7713", 53120, "bio-genomics", "standard"), ("fl0042", 51902, "econ-abm", "short"), ("gp3381", 52650, "climate-ens", "standard"),
    ("hs4410", 53377, "ml-nlp", "gpu"), ("ir9925", 50413, "phys-lattice", "himem"), ("jw1180", 52098, "bio-genomics", "standard"),
    ("kt6634", 51561, "eng-cfd", "standard"), ("lm2207", 53904, "chem-dft", "short"), ("nb8815", 50266, "geo-seismic", "standard"),
]
WORKSHOP_USERS = [(f"ws{n:02d}{u}", 58000 + n, "train-genomics", "standard") for n, u in enumerate(
    ["ac", "bh", "ct", "dm", "eo", "fs", "gw", "hy", "ik", "jl", "kn", "lp", "mr", "ns", "ot", "pv", "qx"], start=1)]


def nodes(rng, partition, cpus):
    if partition == "gpu":
        return f"gpu{rng.randint(1, 24):02d}"
    if partition == "himem":
        return f"himem{rng.randint(1, 4):02d}"
    if cpus > 64:
        a = rng.randint(1, 176)
        return f"cn[{a:03d}-{a + (cpus - 1) // 64:03d}]"
    return f"cn{rng.randint(1, 180):03d}"


def build_logs(rng, repo, deploy1_sha, head):
    app, ctld, pg, sys_ = Log("osprey-portal.log"), Log("slurmctld.log"), Log("postgresql.log"), Log("osp-login3-syslog.log")
    bad = []
    sweeps_text = repo.files["portal/sweeps.py"]
    slurm_text = repo.files["portal/slurm.py"]
    sweeps_line = sweeps_text.splitlines().index("            job_ids.append(slurm.sbatch(script, user=sweep.user, account=sweep.account, partition=sweep.partition, array=array, extra=extra))") + 1
    raise_line = slurm_text.splitlines().index("        raise SbatchError(proc.returncode, proc.stderr.strip())") + 1

    def c(t, msg):
        t = t.astimezone(dt.timezone.utc)
        ctld.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}] {msg}")

    def s(t, tag, pid, msg):
        sys_.add(t, syslog3164(t, HOST, tag, pid, msg))

    def p(t, level, msg):
        app.add(t, python_logging(t, level, f"portal.{msg[0]}", msg[1]))

    def sudo(t, user, uid, command):
        pid = rng.randint(30000, 65000)
        s(t, "sudo", pid, f"osprey-portal : PWD=/srv/osprey-portal ; USER={user} ; COMMAND={command}")
        s(t + dt.timedelta(milliseconds=2), "sudo", pid, f"pam_unix(sudo:session): session opened for user {user}(uid={uid}) by (uid={PORTAL_UID})")
        s(t + dt.timedelta(milliseconds=rng.randint(150, 600)), "sudo", pid, f"pam_unix(sudo:session): session closed for user {user}")

    def version_at(t):
        if t >= DEPLOY2 + dt.timedelta(seconds=9):
            return 2
        if t >= DEPLOY1 + dt.timedelta(seconds=9):
            return 1
        return 0

    # --- every submission, in time order, so job ids grow with time
    events = []
    for t in poisson_times(rng, START, END, 3.0):
        events.append((t, "cli", rng.choice(USERS)))
    for t in poisson_times(rng, START, END, 1.15):
        events.append((t, "job", rng.choice(USERS)))
    for t in poisson_times(rng, START, END, 0.11):
        events.append((t, "sweep", (rng.choice(USERS), int(rng.lognormvariate(0, 0.9) * 60) + 4)))
    events.append((utc("2026-03-11 09:12:31"), "sweep", (USERS[1], 1600)))
    events.append((utc("2026-03-11 10:17:44"), "cli-bad", USERS[2]))
    ml = USERS[0]
    for when, n in (("14:03:41", 2400), ("14:06:12", 2400), ("14:12:50", 1000), ("14:13:58", 1400), ("14:41:20", 1400)):
        events.append((utc(f"2026-03-11 {when}"), "sweep", (ml, n)))
    events.append((utc("2026-03-11 14:28:15"), "sweep", (("tr0001", 57001, "train-genomics", "standard"), 96)))
    for user in WORKSHOP_USERS:
        t = utc("2026-03-11 14:31:00") + dt.timedelta(seconds=rng.uniform(0, 19 * 60))
        events.append((t, "sweep", (user, 1536)))
        if rng.random() < 0.6:
            events.append((t + dt.timedelta(seconds=rng.uniform(40, 300)), "sweep", (user, 1536)))
    events = [(t if t.microsecond else t + dt.timedelta(milliseconds=rng.randint(1, 999)), kind, data) for t, kind, data in events]
    events.sort(key=lambda e: e[0])

    job_id = 4821377
    for t, kind, data in events:
        if kind in ("cli", "cli-bad"):
            user, uid, account, part = data
            d = dt.timedelta(milliseconds=rng.randint(5, 40))
            if kind == "cli-bad":
                c(t + d, "_slurm_rpc_submit_batch_job: Invalid job array specification")
                continue
            job_id += 1
            run_job(rng, c, t + d, job_id, part, rng.choice([1, 4, 8, 16, 32, 64, 128]), user)
            continue
        if kind == "job":
            user, uid, account, part = data
            sub = hexid(rng, 8)
            files = rng.randint(1, 6)
            size = int(rng.lognormvariate(0, 1.2) * 80e6)
            st = t + dt.timedelta(milliseconds=ms(rng, 900, 0.6))
            p(t, "INFO", ("staging", f"staged inputs submission=js_{sub} user={user} files={files} bytes={size} to=/scratch/{user}/.portal/js_{sub}"))
            st2 = st + dt.timedelta(milliseconds=ms(rng, 60, 0.3))
            cmd = f"/usr/bin/sbatch --parsable --account={account} --partition={part} /scratch/{user}/.portal/js_{sub}/job.sbatch"
            sudo(st, user, uid, cmd)
            if rng.random() < 0.025:
                reason = rng.choice(["Invalid account or account/partition combination specified", "Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)"])
                c(st2, f"_slurm_rpc_submit_batch_job: {reason}")
                if version_at(st2) >= 1:
                    p(st2 + dt.timedelta(milliseconds=30), "WARNING", ("slurm", f"sbatch failed rc=1 user={user} partition={part} array=- stderr='sbatch: error: Batch job submission failed: {reason}'"))
                p(st2 + dt.timedelta(milliseconds=32), "INFO", ("routes", f"job submission rejected submission=js_{sub} user={user} reason=\"{reason}\""))
                continue
            job_id += 1
            run_job(rng, c, st2, job_id, part, rng.choice([1, 4, 8, 16, 32]), user)
            p(st2 + dt.timedelta(milliseconds=40), "INFO", ("routes", f"job submitted submission=js_{sub} user={user} account={account} partition={part} job_id={job_id}"))
            continue
        # a sweep
        (user, uid, account, part), n = data
        sid = f"sw_{hexid(rng, 8)}"
        v = version_at(t)
        throttle = 100 if v == 2 else 50
        p(t, "INFO", ("sweeps", f"sweep {sid} created user={user} account={account} partition={part} tasks={n}"))
        plan = [(a, min(n, a + 1000)) for a in range(0, n, 1000)]
        ids = []
        w = t + dt.timedelta(milliseconds=ms(rng, 500, 0.4))
        failed = False
        for i, (a, b) in enumerate(plan):
            if v == 0:
                array, extra = f"0-{b - a - 1}%{throttle}", f" --export=ALL,SWEEP_OFFSET={a}"
            else:
                array, extra = f"{a}-{b - 1}%{throttle}", ""
            cmd = f"/usr/bin/sbatch --parsable --account={account} --partition={part} --array={array}{extra} /scratch/{user}/.portal/{sid}/sweep.sbatch"
            sudo(w, user, uid, cmd)
            w2 = w + dt.timedelta(milliseconds=ms(rng, 70, 0.3))
            if b - 1 > 1000 and v >= 1:
                c(w2, "_slurm_rpc_submit_batch_job: Invalid job array specification")
                e = w2 + dt.timedelta(milliseconds=rng.randint(25, 60))
                err = "sbatch: error: Batch job submission failed: Invalid job array specification"
                p(e, "WARNING", ("slurm", f"sbatch failed rc=1 user={user} partition={part} array={array} stderr='{err}'"))
                tb = (f"Traceback (most recent call last):\n"
                      f"  File \"/srv/osprey-portal/portal/sweeps.py\", line {sweeps_line}, in submit\n"
                      f"    job_ids.append(slurm.sbatch(script, user=sweep.user, account=sweep.account, partition=sweep.partition, array=array, extra=extra))\n"
                      f"  File \"/srv/osprey-portal/portal/slurm.py\", line {raise_line}, in sbatch\n"
                      f"    raise SbatchError(proc.returncode, proc.stderr.strip())\n"
                      f"portal.slurm.SbatchError: sbatch exited 1: {err}")
                app.add(e + dt.timedelta(milliseconds=1), python_logging(e + dt.timedelta(milliseconds=1), "ERROR", "portal.sweeps", f"sweep {sid} chunk {i + 1}/{len(plan)} submission failed") + "\n" + tb)
                k = e + dt.timedelta(milliseconds=20)
                for jid in ids:
                    sudo(k, user, uid, f"/usr/bin/scancel {jid}")
                    c(k + dt.timedelta(milliseconds=90), f"_slurm_rpc_kill_job: REQUEST_KILL_JOB JobId={jid} uid {uid}")
                    k += dt.timedelta(milliseconds=400)
                p(k, "INFO", ("routes", f"sweep submission failed sweep={sid} user={user} status=502"))
                bad.append(w2)
                failed = True
                break
            job_id += 1
            ids.append(job_id)
            c(w2, f"_slurm_rpc_submit_batch_job: JobId={job_id} InitPrio={rng.randint(9000, 21000)} usec={rng.randint(400, 4000)}")
            first = w2 + dt.timedelta(seconds=rng.uniform(3, 600))
            if first < END:
                c(first, f"sched/backfill: _start_job: Started JobId={job_id}_{a if v else 0}({job_id}) in {part} on {nodes(rng, part, 4)}")
            w = w2 + dt.timedelta(milliseconds=ms(rng, 300, 0.3))
        if not failed:
            p(w, "INFO", ("sweeps", f"sweep {sid} submitted tasks={n} chunks={len(plan)} jobs={','.join(map(str, ids))}"))

    # --- slurmctld housekeeping
    for t in poisson_times(rng, START, END, 0.08):
        c(t, f"Warning: Note very large processing time from _slurm_rpc_dump_jobs: usec={rng.randint(1000000, 3600000)} began={(t - dt.timedelta(seconds=2)).strftime('%H:%M:%S.%f')[:12]}")
    for t in poisson_times(rng, START, END, 0.05):
        c(t, f"backfill: continuing to yield locks, {rng.randint(20, 80)} RPCs pending")
    for t in poisson_times(rng, START, END, 0.12):
        u = rng.choice(USERS)
        c(t, f"_slurm_rpc_kill_job: REQUEST_KILL_JOB JobId={rng.randint(4790000, 4821000)} uid {u[1]}")
    c(utc("2026-03-11 11:42:07"), "error: Nodes cn117 not responding")
    c(utc("2026-03-11 11:47:07"), "error: Nodes cn117 not responding, setting DOWN")
    c(utc("2026-03-11 12:20:31"), "Node cn117 now responding")
    c(utc("2026-03-11 12:21:02"), "update_node: node cn117 state set to IDLE")

    # --- the portal's own housekeeping
    t = START + dt.timedelta(seconds=17.25)
    while t < END:
        took = rng.uniform(0.4, 1.9)
        p(t + dt.timedelta(seconds=took), "INFO", ("sync", f"sacct refresh: {rng.randint(280, 520)} jobs updated in {took:.2f}s"))
        t += dt.timedelta(seconds=60)
    for when, sha in ((DEPLOY1, deploy1_sha), (DEPLOY2, head)):
        ap = rng.randint(20000, 29999)
        s(when - dt.timedelta(seconds=14), f"ansible-ansible.builtin.git", ap, f"Invoked with repo=git@git.northbridge.ac.uk:rcs/osprey-portal.git dest=/srv/osprey-portal version=main update=True force=False depth=None clone=True remote=origin")
        s(when - dt.timedelta(seconds=6), "ansible-ansible.builtin.pip", ap + 7, "Invoked with requirements=None name=['.'] chdir=/srv/osprey-portal virtualenv=/srv/osprey-portal/.venv state=present")
        s(when, "systemd", 1, "Stopping Osprey job portal (gunicorn)...")
        s(when + dt.timedelta(seconds=2), "systemd", 1, "osprey-portal.service: Deactivated successfully.")
        s(when + dt.timedelta(seconds=2, milliseconds=10), "systemd", 1, "Stopped Osprey job portal (gunicorn).")
        s(when + dt.timedelta(seconds=2, milliseconds=30), "systemd", 1, "Started Osprey job portal (gunicorn).")
        w = when + dt.timedelta(seconds=8, milliseconds=rng.randint(1, 999))
        p(w, "INFO", ("main", f"starting osprey-portal version={sha[:7]} workers=4 bind=127.0.0.1:8000"))

    # --- the rest of the host's syslog
    for t in poisson_times(rng, START, END, 0.1):
        who = rng.choice(["rcsadmin", "p.raman", "t.ellery"])
        pid = rng.randint(100000, 199999)
        s(t, "sshd", pid, f"Accepted publickey for {who} from 10.8.{rng.randint(1, 9)}.{rng.randint(2, 250)} port {rng.randint(40000, 65000)} ssh2: ED25519 SHA256:{hexid(rng, 43)}")
        s(t + dt.timedelta(milliseconds=40), "systemd-logind", 1121, f"New session {rng.randint(4000, 9000)} of user {who}.")
    t = START.replace(minute=30)
    while t < END:
        s(t + dt.timedelta(seconds=1), "CROND", rng.randint(200000, 299999), "(root) CMD (/usr/lib64/sa/sa1 1 1)")
        t += dt.timedelta(minutes=10)
    for t in poisson_times(rng, START, END, 0.03):
        s(t, "chronyd", 988, f"Selected source 10.8.0.{rng.choice([11, 12])} (ntp{rng.choice([1, 2])}.rcs.northbridge.ac.uk)")
    blip = utc("2026-03-11 10:05:12")
    s(blip, "kernel", None, "Lustre: scratch-OST0011-osc-ffff9a1c2e4b8000: Connection to scratch-OST0011 (at 10.20.0.41@o2ib) was lost; in progress operations using this service will wait for recovery to complete")
    s(blip + dt.timedelta(seconds=21), "kernel", None, "Lustre: scratch-OST0011-osc-ffff9a1c2e4b8000: Connection restored to 10.20.0.41@o2ib (at 10.20.0.41@o2ib)")

    # --- PostgreSQL
    t = START.replace(minute=32)
    lsn = 0x3_0A41_2C18
    while t < END:
        ck = t + dt.timedelta(seconds=rng.uniform(0, 2))
        pg.add(ck, postgres(ck, 1884, "LOG", "checkpoint starting: time"))
        buf = rng.randint(180, 2400)
        wr = rng.uniform(18, 160)
        done = ck + dt.timedelta(seconds=wr + 0.1)
        pg.add(done, postgres(done, 1884, "LOG", f"checkpoint complete: wrote {buf} buffers ({buf / 16384 * 100:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 2)} recycled; write={wr:.3f} s, sync=0.0{rng.randint(10, 99)} s, total={wr + 0.09:.3f} s; sync files={rng.randint(12, 60)}, longest=0.004 s, average=0.001 s; distance={rng.randint(900, 9000)} kB, estimate={rng.randint(3000, 9000)} kB; lsn={lsn_text(lsn + rng.randint(9000, 90000))}, redo lsn={lsn_text(lsn)}"))
        lsn += rng.randint(900, 9000) * 1024
        t += dt.timedelta(minutes=5)
    for t in poisson_times(rng, START, END, 0.1):
        d = rng.uniform(520, 2900)
        pg.add(t, postgres(t, rng.randint(40000, 60000), "LOG", f"duration: {d:.3f} ms  statement: SELECT account, date_trunc('day', ended_at) AS day, sum(cpu_seconds) FROM job_usage WHERE ended_at >= now() - interval '30 days' GROUP BY 1, 2 ORDER BY 1, 2", "portal@portal"))
    for t in poisson_times(rng, START, END, 0.035):
        pid = rng.randint(40000, 60000)
        tok = hexid(rng, 32)
        pg.add(t, postgres(t, pid, "ERROR", 'duplicate key value violates unique constraint "submissions_client_token_key"', "portal@portal") + "\n"
               + postgres(t, pid, "DETAIL", f"Key (client_token)=({tok}) already exists.", "portal@portal") + "\n"
               + postgres(t, pid, "STATEMENT", "INSERT INTO submissions (id, client_token, username, account, kind, state, created_at) VALUES ($1, $2, $3, $4, $5, 'staging', now())", "portal@portal"))
    for t in poisson_times(rng, START, END, 0.04):
        table = rng.choice(["job_events", "submissions", "job_usage"])
        pg.add(t, postgres(t, rng.randint(60000, 70000), "LOG", f'automatic analyze of table "portal.public.{table}"') + "\n"
               + f"\tavg read rate: {rng.uniform(0, 4):.3f} MB/s, avg write rate: {rng.uniform(0, 1):.3f} MB/s\n"
               + f"\tbuffer usage: {rng.randint(900, 9000)} hits, {rng.randint(0, 300)} misses, {rng.randint(0, 40)} dirtied\n"
               + f"\tsystem usage: CPU: user: 0.{rng.randint(10, 99)} s, system: 0.0{rng.randint(1, 9)} s, elapsed: {rng.uniform(0.2, 2.5):.2f} s")
    return [app, ctld, pg, sys_], bad


def lsn_text(lsn):
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"


def run_job(rng, c, t, job_id, part, cpus, user):
    c(t, f"_slurm_rpc_submit_batch_job: JobId={job_id} InitPrio={rng.randint(9000, 21000)} usec={rng.randint(300, 3500)}")
    start = t + dt.timedelta(seconds=rng.expovariate(1 / 240))
    if start >= END:
        return
    nl = nodes(rng, part, cpus)
    if rng.random() < 0.5:
        c(start, f"sched: Allocate JobId={job_id} NodeList={nl} #CPUs={cpus} Partition={part}")
    else:
        c(start, f"sched/backfill: _start_job: Started JobId={job_id} in {part} on {nl}")
    end = start + dt.timedelta(seconds=rng.lognormvariate(0, 1.1) * 900)
    if end >= END:
        return
    r = rng.random()
    if r < 0.04:
        c(end, f"Time limit exhausted for JobId={job_id}")
        c(end + dt.timedelta(milliseconds=200), f"_job_complete: JobId={job_id} WTERMSIG 15")
    elif r < 0.12:
        c(end, f"_job_complete: JobId={job_id} WEXITSTATUS {rng.choice([1, 1, 2, 127, 137])}")
    else:
        c(end, f"_job_complete: JobId={job_id} WEXITSTATUS 0")
    c(end + dt.timedelta(milliseconds=300), f"_job_complete: JobId={job_id} done")


def build(out_dir):
    rng = random.Random(27100)
    repo, culprit, deploy1_sha, head = build_repo()
    try:
        logs, bad = build_logs(rng, repo, deploy1_sha, head)
        onset = min(bad).replace(microsecond=0)
        fails = sorted(bad)

        def rate(t):
            return sum(1 for x in fails if t - dt.timedelta(minutes=5) < x <= t)
        metrics = {"portal_sweep_submit_failures.json": query_range([({"instance": "osp-login3:8000", "job": "osprey-portal"}, rate)], START, END, 60)}
        hours = (onset - utc("2026-03-11 08:52:00")).total_seconds() / 3600
        return write_scenario(
            out_dir, name="r27-sweep-array-max-index", service=SERVICE, onset=onset,
            description=f"""
Researchers report "Sweep submission failed" in the Osprey job portal on
Wednesday 11 March from {onset.strftime('%H:%M')} UTC: first an ML group's
hyper-parameter sweep, then every attendee of the afternoon's genomics
workshop. Single jobs and small sweeps submit fine. The portal was
deployed by Ansible at 09:46 and 13:33.

Story: the 08:52 commit numbers each sweep chunk's job array by the tasks'
place in the sweep (--array=1000-1999 for the second chunk), but Slurm's
MaxArraySize=1001 bounds the largest array index, not the number of
tasks; only sweeps over 1000 tasks have a second chunk. Decoys: the 13:33
array-throttle release, the sbatch-failure logging commit, a harmless
sweeps.py commit, docs/test commits, a psycopg bump.
""",
            logs=logs, metrics=metrics, repo=repo, culprit=culprit,
            line_formats={"slurmctld.log": r"\[<Time>\] <Content>"},
            root_cause=[
                r"_slurm_rpc_submit_batch_job: Invalid job array specification",
                r"Batch job submission failed: Invalid job array specification",
            ],
            fix_files=["portal/sweeps.py", "portal/templates/sweep.sbatch"],
            explanation=f"""
The culprit is "sweeps: array task id = the task's number in the sweep"
(Wednesday 08:52, about {hours:.0f} hours before the onset), shipped by the
09:46 Ansible deploy whose start line names the later test commit. Each
chunk of a sweep is now submitted as --array=<first>-<last> with the
tasks' indexes in the sweep, so the second chunk asks for indexes
1000-1999. Osprey's MaxArraySize=1001 limits the largest array index to
1000, not the number of tasks, so slurmctld rejects every chunk after the
first ("_slurm_rpc_submit_batch_job: Invalid job array specification"),
sbatch fails with the same message, and the portal cancels the first
chunk and fails the sweep. Sweeps of up to 1000 tasks (almost all of
them, and the morning's only larger one ran on the old code) are
untouched; the ML group's 2400-task sweep at 14:03 and the genomics
workshop's 1536-sample sweeps are the first to need a second chunk. Fix:
revert to 0-based chunks with SWEEP_OFFSET (portal/sweeps.py and
portal/templates/sweep.sbatch).
Decoys: the 13:33 deploy 30 minutes before the onset, which raises the
array throttle from %50 to %100 in config/production.yaml (it changes
every --array spec, but the first chunks with %100 are accepted); the
commit two days before that logs sbatch's exit code, array and stderr
(the "sbatch failed" warning that names the failure); the harmless
sweeps.py commit for blank lines in params.txt; the docs and test commits
about array task ids; the psycopg bump; a CLI user's own invalid array at
10:17, rejected with the same slurmctld line hours before; cn117 going
down and back; a Lustre reconnect at 10:05.
""",
        )
    finally:
        repo.close()
