"""heron-portal (Go, one binary under systemd on the login node heron-login3)
of Westmarch University's Research Computing team: researchers submit batch
jobs to the Heron cluster through it. For each submission the portal opens
a PostgreSQL transaction, copies the uploaded inputs to the user's /scratch
(Lustre, 24 OSTs, progressive file layouts) with a bounded number of copies
in flight across all submissions (16), runs sbatch, and commits. A copy
gives its slot back only when it returns, even after the request has
timed out.

On Tuesday 19 May at 10:41 UTC the object storage server heron-oss07 loses
its RAID controller and stops answering. Its two OSTs (OST000c, OST000d)
should fail over to heron-oss08, but the Pacemaker fencing of oss07 times
out and the HPC ops team brings them up on oss08 by hand at 11:16. Until
then every read or write of an object on those OSTs blocks in the kernel
(state D): the portal's copies hang, each holding a slot; its submissions
time out after 300 s, PostgreSQL ends their idle transactions after 60 s,
and by about 10:56 the 16 slots are gone and every submission waits and
fails. Compute nodes whose jobs wrote to those OSTs cannot kill them
("Kill task failed") and are drained. At 11:06 the portal team rolls back
the morning's config release: the old process cannot die (threads in D
state keep its listening socket) and the new one fails to bind in a
restart loop until the OSTs return and OST000d evicts the client. Nothing
in heron-portal's repository caused it.

Decoys: the 10:14 release, 27 minutes before the first symptom, that
raises staging's parallel copies per submission from 4 to 8 (staging, copy
and /scratch in every error); a commit in it that logs slow and failed
copies with their path and size; the rollback at 11:06, which makes it
worse; a staging docs commit; a pgx bump; an sbatch --comment change; an
index migration. Sources: the portal (slog text), slurmctld, PostgreSQL
(pgbadger-style prefix), and heron-login3's syslog (kernel Lustre and LNet
lines with hung-task traces, systemd, Ansible, sshd)."""

import datetime as dt
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import syslog3164
from skeletons import chores, go_service

SERVICE = "heron-portal"
START, END = utc("2026-05-19 09:00:00"), utc("2026-05-19 11:55:00")
DEPLOY = utc("2026-05-19 10:14:31")
CRASH = utc("2026-05-19 10:41:05")
ROLLBACK = utc("2026-05-19 11:06:12")
STOP_FAILED = ROLLBACK + dt.timedelta(seconds=182)
RESTORED_C = utc("2026-05-19 11:16:41")
EVICTED_D = utc("2026-05-19 11:16:53")
HOST = "heron-login3"
CLIENT = "ffff9b4e81c2d000"
DEAD = {12: "heron-OST000c", 13: "heron-OST000d"}
SLOTS = 16
TIMEOUT = 300
SLOW_AFTER = 30

STAGE_GO = """package staging

import (
\t"context"
\t"fmt"
\t"io"
\t"log/slog"
\t"os"
\t"path/filepath"

\t"golang.org/x/sync/errgroup"

\t"git.westmarch.ac.uk/rc/heron-portal/internal/config"
)

// Stager copies a submission's uploaded inputs to its directory on /scratch.
// slots bounds the copies in flight across all submissions; a copy gives its
// slot back when it returns, even after the request that started it is gone.
type Stager struct {
\tcfg    config.Staging
\tlogger *slog.Logger
\tslots  chan struct{}
}

func New(cfg config.Staging, logger *slog.Logger) *Stager {
\treturn &Stager{cfg: cfg, logger: logger, slots: make(chan struct{}, cfg.MaxInflight)}
}

func (s *Stager) Stage(ctx context.Context, sub string, inputs []string, dir string) error {
\tctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
\tdefer cancel()
\tdone := make(chan error, 1)
\tgo func() {
\t\tg := new(errgroup.Group)
\t\tg.SetLimit(s.cfg.ParallelCopies)
\t\tfor _, src := range inputs {
\t\t\tsrc := src
\t\t\tg.Go(func() error {
\t\t\t\tselect {
\t\t\t\tcase s.slots <- struct{}{}:
\t\t\t\tdefault:
\t\t\t\t\ts.logger.Warn("staging queue full", "submission", sub, "inflight", len(s.slots))
\t\t\t\t\tselect {
\t\t\t\t\tcase s.slots <- struct{}{}:
\t\t\t\t\tcase <-ctx.Done():
\t\t\t\t\t\treturn fmt.Errorf("waiting for a copy slot: %w", ctx.Err())
\t\t\t\t\t}
\t\t\t\t}
\t\t\t\tdefer func() { <-s.slots }()
\t\t\t\tdst := filepath.Join(dir, filepath.Base(src))
\t\t\t\treturn copyFile(src, dst)
\t\t\t})
\t\t}
\t\tdone <- g.Wait()
\t}()
\tselect {
\tcase err := <-done:
\t\treturn err
\tcase <-ctx.Done():
\t\treturn fmt.Errorf("staging inputs: %w", ctx.Err())
\t}
}

func copyFile(src, dst string) error {
\tin, err := os.Open(src)
\tif err != nil {
\t\treturn err
\t}
\tdefer in.Close()
\tout, err := os.Create(dst)
\tif err != nil {
\t\treturn err
\t}
\tif _, err := io.Copy(out, in); err != nil {
\t\tout.Close()
\t\treturn err
\t}
\treturn out.Close()
}
"""

CONFIG = """addr: 127.0.0.1:8080
uploads_root: /srv/heron-portal/uploads
scratch_root: /scratch
staging:
  parallel_copies: 4
  max_inflight: 16
  timeout: 300s
slurm:
  cluster: heron
  sbatch: /usr/bin/sbatch
database:
  dsn: postgres://heron_portal@heron-db1.rc.westmarch.ac.uk/heron_portal
  max_conns: 24
"""


def build_repo():
    ruth = Person("Ruth Adeyemi", "r.adeyemi@westmarch.ac.uk", 60)
    marek = Person("Marek Nowak", "m.nowak@westmarch.ac.uk", 60)
    holly = Person("Holly Brennan", "h.brennan@westmarch.ac.uk", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    module = "git.westmarch.ac.uk/rc/heron-portal"
    files = go_service(SERVICE, module, "Web submission of batch jobs to the Heron cluster, with input staging to /scratch.")
    files.update({
        "internal/staging/stage.go": STAGE_GO,
        "internal/slurm/sbatch.go": f'package slurm\n\nimport (\n\t"context"\n\t"os/exec"\n\t"strconv"\n\t"strings"\n)\n\n// Submit runs sbatch as the user through sudo and returns the job id.\nfunc Submit(ctx context.Context, user, account, partition, script string) (int, error) {{\n\tcmd := exec.CommandContext(ctx, "sudo", "-u", user, "/usr/bin/sbatch", "--parsable",\n\t\t"--account="+account, "--partition="+partition, script)\n\tout, err := cmd.Output()\n\tif err != nil {{\n\t\treturn 0, err\n\t}}\n\treturn strconv.Atoi(strings.SplitN(strings.TrimSpace(string(out)), ";", 2)[0])\n}}\n',
        "internal/config/staging.go": 'package config\n\nimport "time"\n\ntype Staging struct {\n\tParallelCopies int           `yaml:"parallel_copies"`\n\tMaxInflight    int           `yaml:"max_inflight"`\n\tTimeout        time.Duration `yaml:"timeout"`\n}\n',
        "config/production.yaml": CONFIG,
        "migrations/0006_submissions.sql": "CREATE TABLE submissions (\n  id text PRIMARY KEY,\n  username text NOT NULL,\n  account text NOT NULL,\n  state text NOT NULL,\n  job_id bigint,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n",
        "deploy/heron-portal.service": "[Unit]\nDescription=Heron job portal\nAfter=network-online.target remote-fs.target\n\n[Service]\nUser=heron-portal\nEnvironment=CONFIG_PATH=/etc/heron-portal/production.yaml\nExecStart=/opt/heron-portal/bin/heron-portal\nRestart=always\nRestartSec=20\nTimeoutStopSec=90\n\n[Install]\nWantedBy=multi-user.target\n",
        "go.mod": f"module {module}\n\ngo 1.22\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.5.5\n\tgithub.com/prometheus/client_golang v1.19.0\n\tgolang.org/x/sync v0.7.0\n\tgopkg.in/yaml.v3 v3.0.1\n)\n",
    })
    files.pop("k8s/service.yaml")
    repo.commit(utc("2026-05-12 09:30:00"), ruth, "heron-portal: submissions with input staging to /scratch", files)
    repo.schedule(chores(random.Random(27201), SERVICE, [ruth, marek, holly], utc("2026-05-12 09:30:00"), utc("2026-05-15 12:00:00"), 4))
    repo.commit(utc("2026-05-15 13:20:00"), marek, "slurm: pass --comment=portal:<submission> so sacct can find our jobs", {
        "internal/slurm/sbatch.go": repo.edit("internal/slurm/sbatch.go", "func Submit(ctx context.Context, user, account, partition, script string) (int, error) {\n\tcmd := exec.CommandContext(ctx, \"sudo\", \"-u\", user, \"/usr/bin/sbatch\", \"--parsable\",\n",
                                              "func Submit(ctx context.Context, sub, user, account, partition, script string) (int, error) {\n\tcmd := exec.CommandContext(ctx, \"sudo\", \"-u\", user, \"/usr/bin/sbatch\", \"--parsable\", \"--comment=portal:\"+sub,\n"),
    })
    repo.commit(utc("2026-05-18 09:30:00"), holly, "migrations: index submissions by user and time for the history page", {
        "migrations/0007_submissions_user_created.sql": "CREATE INDEX CONCURRENTLY IF NOT EXISTS submissions_user_created\n  ON submissions (username, created_at DESC);\n",
    })
    repo.commit(utc("2026-05-18 14:10:00"), bot, "Bump github.com/jackc/pgx/v5 from 5.5.5 to 5.6.0", {
        "go.mod": repo.edit("go.mod", "pgx/v5 v5.5.5", "pgx/v5 v5.6.0"),
    })
    repo.commit(utc("2026-05-19 07:40:00"), marek, "staging: log slow and failed copies with the destination and size\n\nUsers ask why a submission sat in \"Staging\" for minutes; we had no\nline that said which file.", {
        "internal/staging/stage.go": repo.edit("internal/staging/stage.go", "\t\"path/filepath\"\n", "\t\"path/filepath\"\n\t\"time\"\n").replace(
                                               "\t\t\t\tdst := filepath.Join(dir, filepath.Base(src))\n\t\t\t\treturn copyFile(src, dst)\n",
                                               "\t\t\t\tdst := filepath.Join(dir, filepath.Base(src))\n\t\t\t\tsize := fileSize(src)\n\t\t\t\tslow := time.AfterFunc(s.cfg.SlowAfter, func() {\n\t\t\t\t\ts.logger.Warn(\"staging copy slow\", \"submission\", sub, \"dst\", dst, \"bytes\", size, \"elapsed\", s.cfg.SlowAfter)\n\t\t\t\t})\n\t\t\t\tdefer slow.Stop()\n\t\t\t\tif err := copyFile(src, dst); err != nil {\n\t\t\t\t\ts.logger.Error(\"staging copy failed\", \"submission\", sub, \"dst\", dst, \"bytes\", size, \"err\", err)\n\t\t\t\t\treturn err\n\t\t\t\t}\n\t\t\t\treturn nil\n") + "\nfunc fileSize(path string) int64 {\n\tif fi, err := os.Stat(path); err == nil {\n\t\treturn fi.Size()\n\t}\n\treturn -1\n}\n",
        "internal/config/staging.go": repo.edit("internal/config/staging.go", "\tTimeout        time.Duration `yaml:\"timeout\"`\n", "\tTimeout        time.Duration `yaml:\"timeout\"`\n\tSlowAfter      time.Duration `yaml:\"slow_after\"`\n"),
        "config/production.yaml": repo.edit("config/production.yaml", "  timeout: 300s\n", "  timeout: 300s\n  slow_after: 30s\n"),
    })
    repo.commit(utc("2026-05-19 08:05:00"), holly, "docs: staging errors users may see (quota, permissions, slow /scratch)", {
        "docs/staging.md": "# Staging\n\nBefore sbatch, the portal copies a submission's uploads to\n/scratch/<user>/portal/<submission>/. Copies can fail when the user is\nover their /scratch quota (EDQUOT), when the directory is not theirs, or\ntime out (300 s) when /scratch is slow; the submission then shows\n\"Staging failed\" and nothing was submitted to Slurm.\n",
    })
    head = repo.commit(utc("2026-05-19 08:50:00"), ruth, "config: stage up to 8 files per submission at once (was 4)\n\nThe genomics core's paired-end submissions have 16-24 FASTQ files and\nsat in \"Staging\" for minutes copying four at a time. The global cap of\n16 copies in flight stays.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  parallel_copies: 4\n", "  parallel_copies: 8\n"),
    })
    revert = repo.commit(utc("2026-05-19 11:01:00"), ruth, "Revert \"config: stage up to 8 files per submission at once (was 4)\"\n\nStaging is hanging since the release; back to 4 while we look.", {
        "config/production.yaml": repo.edit("config/production.yaml", "  parallel_copies: 8\n", "  parallel_copies: 4\n"),
    })
    return repo, head, revert


def go_dur(seconds):
    if seconds < 1:
        return f"{seconds * 1000:.3f}".rstrip("0").rstrip(".") + "ms"
    if seconds < 60:
        return f"{seconds:.3f}".rstrip("0").rstrip(".") + "s"
    m, s = divmod(seconds, 60)
    return f"{int(m)}m{s:.3f}".rstrip("0").rstrip(".") + "s"


def slog(t, level, msg, **fields):
    t = t.astimezone(dt.timezone.utc)
    stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
    parts = [f"time={stamp}", f"level={level}", f"msg={quote(msg)}"]
    parts += [f"{k}={quote(v)}" for k, v in fields.items()]
    return " ".join(parts)


def quote(v):
    text = str(v)
    if text == "" or any(c in text for c in ' "=\\'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def pglog(t, pid, level, msg, session=True):
    t = t.astimezone(dt.timezone.utc)
    who = "user=heron_portal,db=heron_portal,app=heron-portal,client=10.31.2.23" if session else "user=,db=,app=,client="
    return f"{t.strftime('%Y-%m-%d %H:%M:%S')} UTC [{pid}]: {who} {level}:  {msg}"


USERS = [
    ("rj2231", "gen-core", "compute"), ("ap0917", "gen-core", "compute"), ("tk4450", "chem-md", "compute"), ("lb3308", "ml-med", "gpu"),
    ("sn7782", "astro-gal", "compute"), ("eo1129", "ling-asr", "gpu"), ("mv5561", "eng-fea", "bigmem"), ("dc0404", "bio-evo", "compute"),
    ("hw6619", "phys-qmc", "compute"), ("gq2875", "gen-core", "compute"), ("yf9013", "geo-hydro", "compute"),
]


def build_logs(rng, head, revert):
    app, ctld, pg, sys_ = Log("heron-portal.log"), Log("slurmctld.log"), Log("postgresql.log"), Log("heron-login3-syslog.log")
    symptoms = []
    inflight_marks = []  # (time, +1/-1) for stuck copies

    def c(t, msg):
        t = t.astimezone(dt.timezone.utc)
        ctld.add(t, f"[{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}] {msg}")

    def k(t, msg):
        sys_.add(t, syslog3164(t, HOST, "kernel", None, msg))

    def s(t, tag, pid, msg):
        sys_.add(t, syslog3164(t, HOST, tag, pid, msg))

    def a(t, level, msg, **fields):
        app.add(t, slog(t, level, msg, **fields))

    def proc_at(t):
        """Which portal process answers at t: 0 before the 10:14 deploy,
        1 the release, None while the rollback cannot start, 2 after."""
        if t < DEPLOY + dt.timedelta(seconds=4):
            return 0
        if t < ROLLBACK:
            return 1
        if t < NEW_UP:
            return None
        return 2

    # --- the restart loop decides when the rolled-back process is up
    loop_starts = []
    t = STOP_FAILED + dt.timedelta(seconds=0.4)
    while t < EVICTED_D + dt.timedelta(seconds=1):
        loop_starts.append(t)
        t += dt.timedelta(seconds=20.6)
    NEW_UP = t

    # --- submissions
    job_id = 7713402
    stuck_slots = []  # times a stuck copy took a slot (held until the OSTs return)
    subs = sorted(poisson_times(rng, START, END, 1.35))
    cli = sorted(poisson_times(rng, START, END, 2.6))
    events = sorted([(t, "portal") for t in subs] + [(t, "cli") for t in cli])
    for t, kind in events:
        user, account, part = rng.choice(USERS)
        if kind == "cli":
            job_id += 1
            run_job(rng, c, t, job_id, part)
            continue
        v = proc_at(t)
        if v is None:
            continue
        sid = f"sub_{hexid(rng, 10)}"
        nfiles = rng.choice([1, 1, 2, 2, 3, 4, 6]) if not account == "gen-core" else rng.choice([8, 12, 16, 24])
        files = []
        for i in range(nfiles):
            size = int(rng.lognormvariate(0, 1.2) * 350e6) if account != "gen-core" else int(rng.uniform(0.8e9, 3.2e9))
            stripes = 1 if size < 1 << 30 else 4
            osts = set(rng.sample(range(24), stripes))
            name = f"sample{i // 2 + 1:02d}_R{i % 2 + 1}.fastq.gz" if account == "gen-core" else rng.choice(["input.dat", "config.yaml", "mesh.h5", "params.json", "model.pt", "data.tar", "restart.chk"]).replace(".", f"_{i}.", 1)
            files.append((name, size, osts))
        dst_dir = f"/scratch/{user}/portal/{sid}"
        pc = 4 if v != 1 else 8
        hit = [f for f in files if f[2] & set(DEAD)] if CRASH - dt.timedelta(seconds=3) <= t < RESTORED_C else []
        held = sum(1 for x in stuck_slots if x <= t)
        pgpid = rng.randint(40000, 65000)
        if v == 1 and t >= CRASH and held >= SLOTS:
            # every slot is held by a hung copy: wait, then time out
            for i in range(min(len(files), pc)):
                a(t + dt.timedelta(milliseconds=rng.randint(3, 40)), "WARN", "staging queue full", submission=sid, inflight=SLOTS)
            symptoms.append(t)
            idle = t + dt.timedelta(seconds=60, milliseconds=rng.randint(0, 900))
            if idle < ROLLBACK:
                pg.add(idle, pglog(idle, pgpid, "FATAL", "terminating connection due to idle-in-transaction timeout"))
            e = t + dt.timedelta(seconds=TIMEOUT, milliseconds=rng.randint(1, 30))
            if e < ROLLBACK:
                a(e, "ERROR", "submission failed", submission=sid, user=user, stage="staging", err="staging inputs: context deadline exceeded")
                a(e, "INFO", "request", method="POST", path="/api/submissions", status=504, dur=go_dur((e - t).total_seconds()), user=user)
            continue
        if hit and v == 1:
            free = SLOTS - held
            for _ in hit[free:]:
                a(t + dt.timedelta(milliseconds=rng.randint(3, 40)), "WARN", "staging queue full", submission=sid, inflight=SLOTS)
            for name, size, osts in hit[:free]:
                w = t + dt.timedelta(seconds=SLOW_AFTER, milliseconds=rng.randint(0, 400))
                stuck_slots.append(t)
                inflight_marks.append(t)
                if w < ROLLBACK:
                    a(w, "WARN", "staging copy slow", submission=sid, dst=f"{dst_dir}/{name}", bytes=size, elapsed="30s")
                    symptoms.append(w)
            idle = t + dt.timedelta(seconds=60, milliseconds=rng.randint(0, 900))
            if idle < ROLLBACK:
                pg.add(idle, pglog(idle, pgpid, "FATAL", "terminating connection due to idle-in-transaction timeout"))
            e = t + dt.timedelta(seconds=TIMEOUT, milliseconds=rng.randint(1, 30))
            if e < ROLLBACK:
                a(e, "ERROR", "submission failed", submission=sid, user=user, stage="staging", err="staging inputs: context deadline exceeded")
                a(e, "INFO", "request", method="POST", path="/api/submissions", status=504, dur=go_dur((e - t).total_seconds()), user=user)
            continue
        # a normal submission
        total = sum(f[1] for f in files) / min(len(files), pc) / rng.uniform(180e6, 420e6) + 0.05 * len(files)
        if v >= 1:
            for name, size, osts in files:
                one = size / rng.uniform(180e6, 420e6)
                if one > SLOW_AFTER:
                    w = t + dt.timedelta(seconds=SLOW_AFTER, milliseconds=rng.randint(0, 400))
                    a(w, "WARN", "staging copy slow", submission=sid, dst=f"{dst_dir}/{name}", bytes=size, elapsed="30s")
        e = t + dt.timedelta(seconds=total)
        a(e, "INFO", "inputs staged", submission=sid, user=user, files=len(files), bytes=sum(f[1] for f in files), dur=go_dur(total))
        s(e + dt.timedelta(milliseconds=5), "sudo", rng.randint(30000, 65000), f"heron-portal : PWD=/ ; USER={user} ; COMMAND=/usr/bin/sbatch --parsable --comment=portal:{sid} --account={account} --partition={part} {dst_dir}/job.sh")
        job_id += 1
        j = e + dt.timedelta(milliseconds=ms(rng, 60, 0.3))
        run_job(rng, c, j, job_id, part)
        d = (j - t).total_seconds() + 0.01
        a(j + dt.timedelta(milliseconds=8), "INFO", "job submitted", submission=sid, user=user, job_id=job_id)
        a(j + dt.timedelta(milliseconds=9), "INFO", "request", method="POST", path="/api/submissions", status=201, dur=go_dur(d), user=user)

    # --- the portal's other requests and its sacct sync
    for t in poisson_times(rng, START, END, 4.0):
        v = proc_at(t)
        if v is None:
            continue
        user = rng.choice(USERS)[0]
        r = rng.random()
        if r < 0.55:
            a(t, "INFO", "request", method="GET", path="/api/jobs", status=200, dur=go_dur(ms(rng, 14, 0.5) / 1000), user=user)
        elif r < 0.8:
            a(t, "INFO", "request", method="GET", path=f"/api/jobs/{rng.randint(7690000, 7713400)}", status=200, dur=go_dur(ms(rng, 9, 0.5) / 1000), user=user)
        else:
            path = f"/api/files?path=/scratch/{user}/portal"
            if CRASH + dt.timedelta(seconds=40) <= t < RESTORED_C and rng.random() < 0.45:
                e = t + dt.timedelta(seconds=60, milliseconds=rng.randint(1, 9))
                if proc_at(e) == v:
                    a(e, "INFO", "request", method="GET", path=path, status=503, dur=go_dur((e - t).total_seconds()), user=user)
                    symptoms.append(e)
            else:
                a(t, "INFO", "request", method="GET", path=path, status=200, dur=go_dur(ms(rng, 40, 0.6) / 1000), user=user)
    t = START + dt.timedelta(seconds=41.3)
    while t < END:
        if proc_at(t) is not None:
            took = rng.uniform(0.3, 1.4)
            a(t + dt.timedelta(seconds=took), "INFO", "sacct sync", jobs=rng.randint(140, 260), dur=go_dur(round(took, 3)))
        t += dt.timedelta(seconds=60)

    # --- deploys: the 10:14 release, the 11:06 rollback and its restart loop
    for when, sha in ((DEPLOY, head), (ROLLBACK, revert)):
        ap = rng.randint(20000, 29999)
        s(when - dt.timedelta(seconds=21), "ansible-ansible.legacy.get_url", ap, f"Invoked with url=https://git.westmarch.ac.uk/rc/heron-portal/-/jobs/artifacts/main/raw/heron-portal?job=build dest=/opt/heron-portal/bin/heron-portal mode=0755 force=True checksum=sha256:{hexid(rng, 64)}")
        s(when - dt.timedelta(seconds=9), "ansible-ansible.legacy.copy", ap + 5, "Invoked with dest=/etc/heron-portal/production.yaml mode=0640 owner=root group=heron-portal backup=False force=True")
        s(when, "systemd", 1, "Stopping Heron job portal...")
    s(DEPLOY + dt.timedelta(seconds=1, milliseconds=210), "systemd", 1, "heron-portal.service: Deactivated successfully.")
    s(DEPLOY + dt.timedelta(seconds=1, milliseconds=230), "systemd", 1, "Stopped Heron job portal.")
    s(DEPLOY + dt.timedelta(seconds=1, milliseconds=260), "systemd", 1, "Started Heron job portal.")
    a(DEPLOY + dt.timedelta(seconds=1, milliseconds=420), "INFO", "starting heron-portal", version=head[:7], addr="127.0.0.1:8080", parallel_copies=8, max_inflight=SLOTS)
    s(ROLLBACK + dt.timedelta(seconds=90), "systemd", 1, "heron-portal.service: State 'stop-sigterm' timed out. Killing.")
    s(ROLLBACK + dt.timedelta(seconds=90, milliseconds=3), "systemd", 1, "heron-portal.service: Killing process 61877 (heron-portal) with signal SIGKILL.")
    s(ROLLBACK + dt.timedelta(seconds=91), "systemd", 1, "heron-portal.service: Processes still around after SIGKILL. Ignoring.")
    s(STOP_FAILED - dt.timedelta(milliseconds=20), "systemd", 1, "heron-portal.service: State 'final-sigterm' timed out. Killing.")
    s(STOP_FAILED - dt.timedelta(milliseconds=10), "systemd", 1, "heron-portal.service: Processes still around after final SIGKILL. Entering failed mode.")
    s(STOP_FAILED, "systemd", 1, "heron-portal.service: Failed with result 'timeout'.")
    s(STOP_FAILED + dt.timedelta(milliseconds=5), "systemd", 1, "Stopped Heron job portal.")
    for n, ls in enumerate(loop_starts, start=1):
        pid = 70112 + n * 7
        s(ls, "systemd", 1, "Started Heron job portal.")
        a(ls + dt.timedelta(milliseconds=150), "INFO", "starting heron-portal", version=revert[:7], addr="127.0.0.1:8080", parallel_copies=4, max_inflight=SLOTS)
        a(ls + dt.timedelta(milliseconds=152), "ERROR", "server stopped", err="listen tcp 127.0.0.1:8080: bind: address already in use")
        s(ls + dt.timedelta(milliseconds=160), "systemd", 1, "heron-portal.service: Main process exited, code=exited, status=1/FAILURE")
        s(ls + dt.timedelta(milliseconds=161), "systemd", 1, "heron-portal.service: Failed with result 'exit-code'.")
        s(ls + dt.timedelta(seconds=20, milliseconds=300), "systemd", 1, f"heron-portal.service: Scheduled restart job, restart counter is at {n}.")
    s(NEW_UP, "systemd", 1, "Started Heron job portal.")
    a(NEW_UP + dt.timedelta(milliseconds=150), "INFO", "starting heron-portal", version=revert[:7], addr="127.0.0.1:8080", parallel_copies=4, max_inflight=SLOTS)

    # --- the kernel on heron-login3
    lost = CRASH + dt.timedelta(seconds=43)
    xid = 1800345112093440
    for i, (ost, name) in enumerate(sorted(DEAD.items())):
        tt = lost + dt.timedelta(seconds=i * 6, milliseconds=rng.randint(0, 900))
        sent = int((tt - dt.timedelta(seconds=43)).timestamp())
        k(tt, f"Lustre: {3187 + i}:0:(client.c:2295:ptlrpc_expire_one_request()) @@@ Request sent has timed out for slow reply: [sent {sent}/real {sent}]  req@ffff9b4e{hexid(rng, 8)} x{xid + i * 977}/t0(0) o4->{name}-osc-{CLIENT}@10.31.0.47@o2ib:6/4 lens 488/448 e 0 to 1 dl {sent + 43} ref 2 fl Rpc:XQr/0/ffffffff rc 0/-1 job:'heron-portal.0'")
        k(tt + dt.timedelta(milliseconds=2), f"Lustre: {name}-osc-{CLIENT}: Connection to {name} (at 10.31.0.47@o2ib) was lost; in progress operations using this service will wait for recovery to complete")
    k(CRASH + dt.timedelta(seconds=51), "LNetError: 3120:0:(o2iblnd_cb.c:3388:kiblnd_check_txs_locked()) Timed out tx: active_txs(WSQ:100), 0 seconds")
    k(CRASH + dt.timedelta(seconds=51, milliseconds=1), "LNetError: 3120:0:(o2iblnd_cb.c:3463:kiblnd_check_conns()) Timed out RDMA with 10.31.0.47@o2ib (103): c: 29, oc: 0, rc: 31")
    t = CRASH + dt.timedelta(seconds=118)
    n = 0
    while t < RESTORED_C - dt.timedelta(seconds=20):
        for ost, name in sorted(DEAD.items()):
            nid, rc = ("10.31.0.47@o2ib", -110) if n % 2 == 0 else ("10.31.0.48@o2ib", -19)
            skipped = f"LustreError: Skipped {rng.randint(2, 5)} previous similar messages" if n > 1 else None
            k(t + dt.timedelta(milliseconds=ost), f"LustreError: 11-0: {name}-osc-{CLIENT}: operation ost_connect to node {nid} failed: rc = {rc}")
            if skipped:
                k(t + dt.timedelta(milliseconds=ost + 1), skipped)
        n += 1
        t += dt.timedelta(seconds=rng.uniform(140, 200))
    hung_pids = [61877 + 11 + 3 * i for i in range(10)]
    hung_at = CRASH + dt.timedelta(seconds=181)
    for i, pid in enumerate(hung_pids):
        tt = hung_at + dt.timedelta(minutes=2 * (i // 3), seconds=i % 3 * 0.001)
        comm = "heron-portal" if i != 6 else "ls"
        trace = ["ll_file_io_generic+0x4bc/0xd40 [lustre]", "ll_file_aio_write+0x3c9/0x920 [lustre]", "ll_file_write_iter+0x1c1/0x230 [lustre]", "new_sync_write+0x112/0x160", "vfs_write+0xa5/0x1b0", "ksys_write+0x4f/0xb0"]
        if comm == "ls":
            pid = 88412
            trace = ["cl_glimpse_lock+0x2f1/0x3d0 [lustre]", "cl_glimpse_size0+0x1fe/0x220 [lustre]", "ll_getattr_dentry+0x3e1/0x8b0 [lustre]", "vfs_statx+0x89/0xe0", "__do_sys_newlstat+0x39/0x70"]
        lines = [f"INFO: task {comm}:{pid} blocked for more than 120 seconds.",
                 "      Tainted: G           OE    --------- -  - 4.18.0-513.24.1.el8_9.x86_64 #1",
                 "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
                 f"task:{comm:<15} state:D stack:0     pid:{pid:<6} ppid:{1 if comm != 'ls' else 88390:<6} flags:0x00000080",
                 "Call Trace:", " __schedule+0x2d1/0x870", " schedule+0x55/0xf0", " cl_sync_io_wait+0x1d6/0x2f0 [obdclass]" if comm != "ls" else " osc_enqueue_base+0x3b2/0x650 [osc]"]
        lines += [f" {x}" for x in trace] + [" do_syscall_64+0x5b/0x1b0", " entry_SYSCALL_64_after_hwframe+0x61/0xc6"]
        for j, line in enumerate(lines):
            k(tt + dt.timedelta(microseconds=30 * j), line)
    k(RESTORED_C - dt.timedelta(seconds=9), f"Lustre: {DEAD[12]}-osc-{CLIENT}: Connection restored to 10.31.0.48@o2ib (at 10.31.0.48@o2ib)")
    k(EVICTED_D, f"LustreError: 167-0: {DEAD[13]}-osc-{CLIENT}: This client was evicted by {DEAD[13]}; in progress operations using this service will fail.")
    k(EVICTED_D + dt.timedelta(milliseconds=310), f"LustreError: 90214:0:(ldlm_resource.c:1147:ldlm_resource_complain()) {DEAD[13]}-osc-{CLIENT}: namespace resource [0x3c0000402:0x1f4a2:0x0].0x0 (ffff9b4e6a7d1e00) refcount nonzero (1) after lock cleanup; forcing cleanup.")
    k(EVICTED_D + dt.timedelta(milliseconds=900), f"Lustre: {DEAD[13]}-osc-{CLIENT}: Connection restored to 10.31.0.48@o2ib (at 10.31.0.48@o2ib)")

    # --- the rest of the host's syslog
    for t in poisson_times(rng, START, END, 0.08):
        who = rng.choice(["rcops", "r.adeyemi", "m.nowak"])
        if CRASH < t < RESTORED_C:
            who = rng.choice(["rcops", "rcops", "r.adeyemi"])
        pid = rng.randint(100000, 199999)
        s(t, "sshd", pid, f"Accepted publickey for {who} from 10.31.{rng.randint(8, 9)}.{rng.randint(2, 250)} port {rng.randint(40000, 65000)} ssh2: ED25519 SHA256:{hexid(rng, 43)}")
        s(t + dt.timedelta(milliseconds=40), "systemd-logind", 1204, f"New session {rng.randint(2000, 6000)} of user {who}.")
    t = START
    while t < END:
        s(t + dt.timedelta(seconds=1), "CROND", rng.randint(200000, 299999), "(root) CMD (/usr/lib64/sa/sa1 1 1)")
        t += dt.timedelta(minutes=10)
    for t in poisson_times(rng, START, END, 0.02):
        s(t, "chronyd", 1012, f"Selected source 10.31.0.{rng.choice([2, 3])} (ntp{rng.choice([1, 2])}.rc.westmarch.ac.uk)")

    # --- slurmctld: compute jobs stuck on the same OSTs, drained nodes, the ops team's note
    stuck_nodes = ["hcn041", "hcn077", "hcn112", "hcn019", "hcn203", "hcn150", "hcn088", "hcn231"]
    for i, node in enumerate(stuck_nodes):
        t0 = CRASH + dt.timedelta(minutes=3 + i * 3.1, seconds=rng.uniform(0, 50))
        jid = rng.randint(7690000, 7713000)
        if rng.random() < 0.5:
            c(t0, f"Time limit exhausted for JobId={jid}")
        else:
            c(t0, f"_job_complete: JobId={jid} WEXITSTATUS 0")
        tt = t0 + dt.timedelta(seconds=rng.uniform(55, 65))
        while tt < t0 + dt.timedelta(seconds=180):
            c(tt, f"Resending TERMINATE_JOB request JobId={jid} Nodelist={node}")
            tt += dt.timedelta(seconds=60)
        kt = t0 + dt.timedelta(seconds=182)
        c(kt, f"error: slurmd error running JobId={jid} on node(s)={node}: Kill task failed")
        c(kt + dt.timedelta(milliseconds=4), f"drain_nodes: node {node} state set to DRAIN")
        c(kt + dt.timedelta(milliseconds=300), f"_job_complete: JobId={jid} done")
    note = utc("2026-05-19 10:58:40")
    reason = "RC-INC-0519 /scratch OST000c+OST000d down (heron-oss07), failover pending"
    for node in ("hcn041", "hcn077", "hcn112", "hcn019"):
        c(note, f"update_node: node {node} reason set to: {reason}")
        note += dt.timedelta(milliseconds=3)
    for t in poisson_times(rng, START, END, 0.06):
        c(t, f"Warning: Note very large processing time from _slurm_rpc_dump_jobs: usec={rng.randint(1000000, 3400000)} began={(t - dt.timedelta(seconds=2)).strftime('%H:%M:%S.%f')[:12]}")
    for t in poisson_times(rng, START, END, 0.1):
        c(t, f"_slurm_rpc_kill_job: REQUEST_KILL_JOB JobId={rng.randint(7690000, 7713000)} uid {rng.randint(50000, 59999)}")

    # --- PostgreSQL background
    t = START + dt.timedelta(minutes=3)
    while t < END:
        ck = t + dt.timedelta(seconds=rng.uniform(0, 2))
        pg.add(ck, pglog(ck, 2211, "LOG", "checkpoint starting: time", session=False))
        buf = rng.randint(120, 1900)
        wr = rng.uniform(12, 140)
        done = ck + dt.timedelta(seconds=wr + 0.1)
        pg.add(done, pglog(done, 2211, "LOG", f"checkpoint complete: wrote {buf} buffers ({buf / 16384 * 100:.1f}%); 0 WAL file(s) added, 0 removed, {rng.randint(0, 2)} recycled; write={wr:.3f} s, sync=0.0{rng.randint(10, 99)} s, total={wr + 0.08:.3f} s; sync files={rng.randint(10, 50)}, longest=0.003 s, average=0.001 s; distance={rng.randint(700, 8000)} kB, estimate={rng.randint(2500, 8000)} kB", session=False))
        t += dt.timedelta(minutes=5)
    for t in poisson_times(rng, START, END, 0.12):
        d = rng.uniform(510, 2400)
        pg.add(t, pglog(t, rng.randint(40000, 65000), "LOG", f"duration: {d:.3f} ms  execute <unnamed>: SELECT id, state, job_id, created_at FROM submissions WHERE username = $1 ORDER BY created_at DESC LIMIT 200"))
    for t in poisson_times(rng, START, END, 0.03):
        pg.add(t, pglog(t, rng.randint(40000, 65000), "LOG", "could not receive data from client: Connection reset by peer"))
    return [app, ctld, pg, sys_], symptoms, inflight_marks


def run_job(rng, c, t, job_id, part):
    c(t, f"_slurm_rpc_submit_batch_job: JobId={job_id} InitPrio={rng.randint(4000, 12000)} usec={rng.randint(300, 3000)}")
    start = t + dt.timedelta(seconds=rng.expovariate(1 / 300))
    if start >= END:
        return
    cpus = rng.choice([1, 8, 16, 32, 64, 128])
    if part == "gpu":
        nl = f"hgpu{rng.randint(1, 16):02d}"
    elif part == "bigmem":
        nl = f"hbm{rng.randint(1, 6):02d}"
    elif cpus > 64:
        x = rng.randint(1, 255)
        nl = f"hcn[{x:03d}-{x + 1:03d}]"
    else:
        nl = f"hcn{rng.randint(1, 256):03d}"
    if rng.random() < 0.5:
        c(start, f"sched: Allocate JobId={job_id} NodeList={nl} #CPUs={cpus} Partition={part}")
    else:
        c(start, f"sched/backfill: _start_job: Started JobId={job_id} in {part} on {nl}")
    end = start + dt.timedelta(seconds=rng.lognormvariate(0, 1.1) * 1000)
    if end >= END or (CRASH < end < RESTORED_C and rng.random() < 0.15):
        return  # still running, or stuck writing to the dead OSTs and not finishing
    r = rng.random()
    if r < 0.04:
        c(end, f"Time limit exhausted for JobId={job_id}")
    elif r < 0.11:
        c(end, f"_job_complete: JobId={job_id} WEXITSTATUS {rng.choice([1, 1, 2, 127, 137])}")
    else:
        c(end, f"_job_complete: JobId={job_id} WEXITSTATUS 0")
    c(end + dt.timedelta(milliseconds=250), f"_job_complete: JobId={job_id} done")


def build(out_dir):
    rng = random.Random(27200)
    repo, head, revert = build_repo()
    try:
        logs, symptoms, stuck = build_logs(rng, head, revert)
        onset = min(symptoms).replace(microsecond=0)

        def inflight(t):
            if t >= EVICTED_D:
                return 0
            return min(SLOTS, sum(1 for x in stuck if x <= t))
        metrics = {"heron_portal_staging_copies_inflight.json": query_range([({"instance": "heron-login3:8080", "job": "heron-portal"}, inflight)], START, END, 60)}
        return write_scenario(
            out_dir, name="r27-lustre-ost-failover-none", service=SERVICE, onset=onset,
            description=f"""
Researchers report that submissions in the Heron job portal hang in
"Staging" and then fail on Tuesday 19 May, first some, then all of them;
the file browser times out for some users. First symptom {onset.strftime('%H:%M')} UTC.
heron-portal was released at 10:14 (Ansible) and rolled back at 11:06.

Story: heron-oss07, an object storage server of /scratch (Lustre), fails
at 10:41 and its OSTs only come back on heron-oss08 at 11:16; copies to
them hang in the kernel and hold the portal's staging slots. Nothing in
the repository caused it. Decoys: the 10:14 release (parallel copies 4 ->
8), the commit in it that logs slow copies, the rollback that makes it
worse, docs, a pgx bump.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            line_formats={"slurmctld.log": r"\[<Time>\] <Content>"},
            root_cause=[
                r"was lost; in progress operations using this service will wait for recovery to complete",
                r"operation ost_connect to node .* failed",
            ],
            fix_files=[],
            explanation=f"""
Nothing in heron-portal's repository caused this. At 10:41 the Lustre
object storage server heron-oss07 fails; heron-login3's Lustre client
loses its connections to heron-OST000c and heron-OST000d ("Connection to
... was lost; in progress operations using this service will wait for
recovery to complete") and every reconnect fails, first to oss07 (-110)
and then to the failover partner oss08, where the OSTs are not mounted
(-19), until the HPC ops team mounts them there at 11:16. Any copy to a
file with an object on those OSTs blocks in the kernel (hung-task
reports), holds one of the portal's 16 staging slots and times out after
300 s; PostgreSQL ends the submission's idle transaction after 60 s. By
about 10:56 all slots are held and every submission waits and fails
("staging queue full"); file listings that stat those files time out.
Compute nodes whose jobs wrote to the OSTs cannot kill them and are
drained; the ops team's drain reason names the OSTs and oss07. The
11:06 rollback cannot stop the old process (its threads are in D state
and keep the listening socket), so the rolled-back binary fails to bind
in a restart loop until the OSTs return and OST000d evicts the client.
Decoys: the 10:14 release, 27 minutes before the first symptom, that
raises staging's parallel copies per submission from 4 to 8 (the global
cap of 16 copies in flight is unchanged); the commit in it that logs slow
and failed copies with their path and size ("staging copy slow"); the
rollback that makes the portal go down completely; the staging docs
commit; the pgx bump; the sbatch --comment change; the index migration.
""",
        )
    finally:
        repo.close()
