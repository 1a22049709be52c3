"""build-runner: a controller that turns queued CI builds into Kubernetes Jobs
on the shared self-managed cluster. One etcd member's EBS volume degrades
(fsync takes seconds) for about 40 minutes; etcd's applies and the API
server's requests slow down and time out. build-runner's leader loses its
lease and exits, the other replicas take minutes to win it, and Job creation
fails with context deadline exceeded, so builds queue for half an hour. The
platform team owns the control plane; AWS posts the degraded-volume event 23
minutes after the first slow fsyncs. Nothing in build-runner's repository
caused it, though the same day's commits raise the client's QPS and burst
(rolled out 32 minutes before the onset, next to client-side throttling
lines in the log), bump client-go, and add a log line for slow reconciles.
klog from the controller and the API server, etcd's zap JSON, AWS Health
events (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, poisson_times, query_range, utc, write_scenario
from formats import klog
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "build-runner"
MODULE = "github.com/hexaware-ci/build-runner"
DEPLOY = utc("2026-12-15 08:05:00")
CONFIG_DEPLOY = utc("2026-12-15 09:47:00")
DISK_BAD = utc("2026-12-15 10:19:05")
ONSET = utc("2026-12-15 10:19:09")
HEALTH_POSTED = utc("2026-12-15 10:42:31")
DISK_OK = utc("2026-12-15 10:58:40")
START, END = utc("2026-12-15 08:40:00"), utc("2026-12-15 11:30:00")
APISERVER = "https://10.96.0.1:443"

MAIN = """package main

import (
\t"flag"
\t"os"
\t"time"

\t"k8s.io/client-go/rest"
\t"k8s.io/klog/v2"
\tctrl "sigs.k8s.io/controller-runtime"

\t"github.com/hexaware-ci/build-runner/internal/builds"
)

var version = "dev"

func main() {
\tklog.InitFlags(nil)
\tflag.Parse()
\tcfg := ctrl.GetConfigOrDie()
\tcfg.QPS, cfg.Burst = 5, 10
\tmgr, err := ctrl.NewManager(cfg, ctrl.Options{
\t\tLeaderElection:   true,
\t\tLeaderElectionID: "build-runner-leader",
\t\tLeaseDuration:    ptr(15 * time.Second),
\t\tRenewDeadline:    ptr(10 * time.Second),
\t})
\tif err != nil {
\t\tklog.ErrorS(err, "unable to start manager")
\t\tos.Exit(1)
\t}
\tklog.InfoS("starting build-runner", "version", version)
\tif err := builds.Setup(mgr); err != nil {
\t\tklog.ErrorS(err, "unable to set up controller")
\t\tos.Exit(1)
\t}
\tif err := mgr.Start(ctrl.SetupSignalHandler()); err != nil {
\t\tklog.ErrorS(err, "manager stopped")
\t\tos.Exit(1)
\t}
}

func ptr[T any](v T) *T { return &v }

var _ = rest.Config{}
"""

RECONCILER = """package builds

import (
\t"context"
\t"fmt"

\tbatchv1 "k8s.io/api/batch/v1"
\tctrl "sigs.k8s.io/controller-runtime"
\t"sigs.k8s.io/controller-runtime/pkg/client"
)

// Reconciler creates one Job per queued Build and copies the Job's state back.
type Reconciler struct {
\tclient.Client
}

func (r *Reconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
\tvar b Build
\tif err := r.Get(ctx, req.NamespacedName, &b); err != nil {
\t\treturn ctrl.Result{}, client.IgnoreNotFound(err)
\t}
\tif b.Status.JobName != "" {
\t\treturn r.syncStatus(ctx, &b)
\t}
\tjob := jobFor(&b)
\tif err := r.Create(ctx, job); err != nil {
\t\treturn ctrl.Result{}, fmt.Errorf("creating job: %w", err)
\t}
\tb.Status.JobName = job.Name
\treturn ctrl.Result{}, r.Status().Update(ctx, &b)
}

var _ = batchv1.Job{}
"""


def build_repo():
    arjun = Person("Arjun Mehta", "arjun.mehta@hexaware-ci.dev", 330)
    sofie = Person("Sofie Lund", "sofie.lund@hexaware-ci.dev", 60)
    wen = Person("Wen Zhao", "wen.zhao@hexaware-ci.dev", 480)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Turns queued CI builds (Build custom resources) into Kubernetes Jobs on the shared CI cluster.")
    files["go.mod"] = (f"module {MODULE}\n\ngo 1.22\n\nrequire (\n\tk8s.io/api v0.29.3\n\tk8s.io/apimachinery v0.29.3\n"
                       "\tk8s.io/client-go v0.29.3\n\tk8s.io/klog/v2 v2.120.1\n\tsigs.k8s.io/controller-runtime v0.17.2\n)\n")
    files[f"cmd/{SERVICE}/main.go"] = MAIN
    files["internal/builds/reconciler.go"] = RECONCILER
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=3, memory="256Mi", cpu="200m", env={"GOMAXPROCS": "2"})
    files["docs/runbook.md"] = runbook(SERVICE, [("BuildQueueAge", "Oldest queued build older than 5 min: check the leader's log; the API server's health is the platform team's (#platform-oncall).")])
    repo.commit(utc("2026-12-09 08:00:00"), sofie, "build-runner: import", files)
    repo.schedule(chores(random.Random(6201), SERVICE, [arjun, sofie, wen], utc("2026-12-09 08:00:00"), ONSET, 4))
    repo.commit(utc("2026-12-12 10:40:00"), wen, "builds: label Jobs with the repository and branch for cost reports", {
        "internal/builds/job.go": "package builds\n\nimport batchv1 \"k8s.io/api/batch/v1\"\n\nfunc jobFor(b *Build) *batchv1.Job {\n\tj := &batchv1.Job{}\n\tj.Name = b.Name\n\tj.Namespace = \"ci-builds\"\n\tj.Labels = map[string]string{\"ci/repo\": b.Spec.Repo, \"ci/branch\": b.Spec.Branch}\n\treturn j\n}\n",
    })
    repo.commit(utc("2026-12-15 05:30:00"), bot, "fix(deps): update kubernetes packages to v0.29.4", {
        "go.mod": repo.edit("go.mod", "v0.29.3", "v0.29.4", count=3),
    })
    head = repo.commit(utc("2026-12-15 07:42:00"), arjun, "builds: log reconciles slower than 2s with the build name", {
        "internal/builds/reconciler.go": repo.edit("internal/builds/reconciler.go",
                                                   "func (r *Reconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {\n",
                                                   "func (r *Reconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {\n"
                                                   "\tstart := time.Now()\n\tdefer func() {\n\t\tif d := time.Since(start); d > 2*time.Second {\n"
                                                   "\t\t\tklog.InfoS(\"slow reconcile\", \"build\", req.NamespacedName, \"took\", d)\n\t\t}\n\t}()\n").replace(
                                                   "import (\n\t\"context\"\n\t\"fmt\"\n", "import (\n\t\"context\"\n\t\"fmt\"\n\t\"time\"\n\n\t\"k8s.io/klog/v2\"\n"),
    })
    config = repo.commit(utc("2026-12-15 09:31:00"), sofie, "client: raise QPS 5 -> 20 and burst 10 -> 40; the morning rush was client-side throttled", {
        f"cmd/{SERVICE}/main.go": repo.edit(f"cmd/{SERVICE}/main.go", "cfg.QPS, cfg.Burst = 5, 10", "cfg.QPS, cfg.Burst = 20, 40"),
    })
    repo.commit(utc("2026-12-15 11:12:00"), wen, "docs: what build-runner does when it loses the lease", {
        "docs/leader-election.md": "# Leader election\n\nOnly the leader reconciles. If it cannot renew its lease within 10 s it exits\nand Kubernetes restarts it; another replica takes over after the 15 s lease expires.\n",
    })
    return repo, head, config


def etcd_json(t, level, caller, msg, **fields):
    body = {"level": level, "ts": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "caller": caller, "msg": msg}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def build_logs(rng, head, config):
    app = Log("build-runner.log")
    api = Log("kube-apiserver.log")
    etcd = Log("etcd.log")
    health = Log("aws-health-events.log")
    slow_disk = lambda t: DISK_BAD <= t < DISK_OK  # noqa: E731
    member = "etcd-b"

    # Controller start-ups: the morning deploy (named after the slow-reconcile
    # commit), the QPS rollout, then the restarts after lost leases.
    for when, version, pod in [(DEPLOY, head[:7], "build-runner-7c44b8d9f-m4wzt"), (CONFIG_DEPLOY, config[:7], "build-runner-6b8f9c7d5-q2x7k")]:
        if when >= START:
            app.add(when, klog(when, "I", 1, "main.go:43", f'"starting build-runner" version="{version}"'))
            t = when + dt.timedelta(seconds=2)
            app.add(t, klog(t, "I", 1, "leaderelection.go:250", "attempting to acquire leader lease ci/build-runner-leader..."))
            t = t + dt.timedelta(seconds=17)
            app.add(t, klog(t, "I", 1, "leaderelection.go:260", "successfully acquired lease ci/build-runner-leader"))
    losses = [utc("2026-12-15 10:21:14"), utc("2026-12-15 10:29:52"), utc("2026-12-15 10:41:07")]
    leaderless = []
    for lost in losses:
        t = lost - dt.timedelta(seconds=10)
        app.add(t, klog(t, "E", 1, "leaderelection.go:332", f'error retrieving resource lock ci/build-runner-leader: Get "{APISERVER}/apis/coordination.k8s.io/v1/namespaces/ci/leases/build-runner-leader?timeout=5s": context deadline exceeded'))
        app.add(lost, klog(lost, "I", 1, "leaderelection.go:285", "failed to renew lease ci/build-runner-leader: timed out waiting for the condition"))
        app.add(lost, klog(lost, "E", 1, "main.go:58", '"manager stopped" err="leader election lost"'))
        t = lost + dt.timedelta(seconds=rng.randint(40, 70))
        app.add(t, klog(t, "I", 1, "main.go:43", f'"starting build-runner" version="{config[:7]}"'))
        app.add(t + dt.timedelta(seconds=2), klog(t + dt.timedelta(seconds=2), "I", 1, "leaderelection.go:250", "attempting to acquire leader lease ci/build-runner-leader..."))
        won = t + dt.timedelta(seconds=rng.randint(150, 260))
        app.add(won, klog(won, "I", 1, "leaderelection.go:260", "successfully acquired lease ci/build-runner-leader"))
        leaderless.append((lost, won))
    # Builds arrive all morning; the leader creates a Job for each.
    for t in poisson_times(rng, START, END, 9):
        build = f"ci/{rng.choice(['web', 'api', 'mobile', 'infra', 'payments', 'search'])}-{rng.randint(40000, 49999)}"
        if any(lost <= t < won for lost, won in leaderless):
            continue  # no leader: the build waits in the queue, nothing is logged
        if slow_disk(t) and rng.random() < 0.55:
            app.add(t, klog(t, "E", 1, "controller.go:329",
                            f'"Reconciler error" err="creating job: Post \\"{APISERVER}/apis/batch/v1/namespaces/ci-builds/jobs\\": context deadline exceeded" controller="build" controllerGroup="ci.hexaware.dev" controllerKind="Build" Build="{build}" reconcileID="{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}"'))
            continue
        took = rng.uniform(0.05, 0.4) + (rng.uniform(1.5, 8.0) if slow_disk(t) else 0)
        if t >= DEPLOY and took > 2:
            app.add(t, klog(t, "I", 1, "reconciler.go:27", f'"slow reconcile" build="{build}" took="{took:.3f}s"'))
        app.add(t, klog(t, "I", 1, "reconciler.go:41", f'"created job" build="{build}" job="{build.split("/")[1]}"'))
    # Client-side throttling: often before the QPS rollout, rarely after.
    for t in poisson_times(rng, START, END, 0.8):
        if t >= CONFIG_DEPLOY and rng.random() < 0.85:
            continue
        app.add(t, klog(t, "I", 1, "request.go:697", f"Waited for {rng.uniform(1.0, 1.6):.9f}s due to client-side throttling, not priority and fairness, request: GET:{APISERVER}/apis/batch/v1/namespaces/ci-builds/jobs?labelSelector=ci%2Frepo"))
    # The API server: slow traces and timeouts while etcd is slow.
    for t in poisson_times(rng, DISK_BAD, DISK_OK, 14):
        kind = rng.random()
        if kind < 0.45:
            total = rng.uniform(1.2, 9.5)
            res = rng.choice(["leases", "jobs", "pods", "events", "endpointslices"])
            api.add(t, klog(t, "I", 11, "trace.go:236", f'Trace[{rng.randint(100000000, 999999999)}]: "Update" accept:application/json, */*,audit-id:{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)},client:10.0.{rng.randint(1, 9)}.{rng.randint(2, 250)},resource:{res} (15-Dec-2026 {t.strftime("%H:%M:%S.")}{t.microsecond // 1000:03d}) (total time: {total * 1000:.0f}ms):'))
        elif kind < 0.8:
            api.add(t, klog(t, "E", 11, "status.go:71", 'apiserver received an error that is not an metav1.Status: &errors.errorString{s:"etcdserver: request timed out"}: etcdserver: request timed out'))
        else:
            api.add(t, klog(t, "E", 11, "timeout.go:142", 'post-timeout activity - time-elapsed: 4.1ms, POST "/apis/batch/v1/namespaces/ci-builds/jobs" result: <nil>'))
    emit(rng, api, START, END, 0.6, [
        (3, lambda t: klog(t, "I", 11, "controller.go:624", "quota admission added evaluator for: jobs.batch")),
        (1, lambda t: klog(t, "W", 11, "watcher.go:338", "watch chan error: etcdserver: mvcc: required revision has been compacted")),
    ])
    # etcd: fsync and apply latency on the member whose volume degraded.
    for t in poisson_times(rng, DISK_BAD, DISK_OK, 20):
        kind = rng.random()
        if kind < 0.4:
            etcd.add(t, etcd_json(t, "warn", "wal/wal.go:805", "slow fdatasync", took=f"{rng.uniform(1.0, 4.8):.6f}s", **{"expected-duration": "1s"}))
        elif kind < 0.8:
            etcd.add(t, etcd_json(t, "warn", "etcdserver/util.go:170", "apply request took too long", took=f"{rng.uniform(0.2, 6.0):.6f}s", **{"expected-duration": "100ms"},
                                  prefix="read-only range " if rng.random() < 0.5 else "", request=f'key:"/registry/{rng.choice(["leases/ci/build-runner-leader", "jobs/ci-builds/", "pods/ci-builds/"])}" ', response="", error="context deadline exceeded"))
        else:
            etcd.add(t, etcd_json(t, "warn", "etcdserver/raft.go:416", "leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk",
                                  to=f"{hexid(rng, 16)}", **{"heartbeat-interval": "100ms", "expected-duration": "200ms", "exceeded-duration": f"{rng.randint(300, 2900)}ms"}))
    emit(rng, etcd, START, END, 0.15, [
        (2, lambda t: etcd_json(t, "info", "mvcc/index.go:214", "compact tree index", revision=rng.randint(880000000, 889999999))),
        (1, lambda t: etcd_json(t, "info", "mvcc/kvstore_compaction.go:66", "finished scheduled compaction", **{"compact-revision": rng.randint(880000000, 889999999)}, took=f"{rng.uniform(40, 180):.3f}ms")),
    ])
    t = DISK_OK + dt.timedelta(seconds=30)
    etcd.add(t, etcd_json(t, "info", "etcdserver/server.go:1193", "status", member=member, **{"db-size": "1.9 GB", "raft-applied-index": 889912340}))
    events = [
        (HEALTH_POSTED, "open", "We have detected degraded performance on one of your EBS volumes (vol-0a7c4e9b21f38d5e6) in the EU-CENTRAL-1 Region. I/O to the volume may be slow."),
        (utc("2026-12-15 11:21:04"), "closed", "The degraded performance of EBS volume vol-0a7c4e9b21f38d5e6 was resolved at 10:58 AM UTC. No action is required."),
    ]
    for when, code, text in events:
        health.add(when, json.dumps({"time": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": "aws.health", "detail-type": "AWS Health Event", "region": "eu-central-1",
                                     "resources": ["vol-0a7c4e9b21f38d5e6"],
                                     "detail": {"service": "EBS", "eventTypeCode": "AWS_EBS_DEGRADED_EBS_VOLUME_PERFORMANCE", "eventTypeCategory": "issue", "statusCode": code,
                                                "affectedEntities": [{"entityValue": "vol-0a7c4e9b21f38d5e6", "tags": {"Name": "ci-cluster-etcd-b-data"}}],
                                                "eventDescription": [{"language": "en_US", "latestDescription": text}]}}, separators=(",", ":")))
    return [app, api, etcd, health]


def build(out_dir):
    rng = random.Random(6200)
    repo, head, config = build_repo()
    try:
        def fsync_p99(t):
            return 2.4 if DISK_BAD <= t < DISK_OK else 0.004

        def queued(t):
            if t < ONSET:
                return 2 + t.minute % 3
            if t < DISK_OK + dt.timedelta(minutes=6):
                return min(140, 2 + int((t - ONSET).total_seconds() / 14))
            return max(2, 140 - int((t - DISK_OK - dt.timedelta(minutes=6)).total_seconds() / 8))

        metrics = {
            "etcd_disk_wal_fsync_duration_seconds_p99.json": query_range([({"instance": f"etcd-{m}:2381", "job": "etcd"}, fsync_p99 if m == "b" else (lambda t: 0.004)) for m in "abc"], START, END, 30),
            "build_runner_queued_builds.json": query_range([({"service": SERVICE, "namespace": "ci"}, queued)], START, END, 30),
        }
        return write_scenario(
            out_dir, name="control-plane-slow-none", service=SERVICE, onset=ONSET,
            description="""
Control plane slowness. From 10:19 build-runner's Job creations fail with
"context deadline exceeded", and from 10:21 it loses its leader lease three
times (renewals time out against the API server); queued builds pile up to
about 140. The API
server logs "etcdserver: request timed out"; etcd logs slow fdatasync on
member etcd-b. AWS posts a degraded EBS volume event for etcd-b's data volume
at 10:42; the volume recovers at 10:58. The control plane is the platform
team's. build-runner's deploys that day: 08:05 (slow-reconcile logging) and
09:47 (client QPS 5 -> 20, burst 10 -> 40).
""",
            logs=build_logs(rng, head, config), metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"slow fdatasync", r"etcdserver: request timed out", r"degraded performance on one of your EBS volumes"],
            fix_files=[],
            explanation="""
No commit in build-runner caused it: the data volume of etcd member etcd-b
degraded (AWS's event names it; etcd's slow fdatasync lines and the fsync
metric agree), so the API server timed out and build-runner could not renew
its lease or create Jobs. It recovered with the volume, without a rollback.
Decoys: the QPS/burst change rolled out 32 minutes before the onset (more
requests to the API server, next to client-side throttling lines), the
client-go patch bump, the commit that adds the "slow reconcile" line, the Job
labels change, and a docs commit about losing the lease after the onset.
""",
        )
    finally:
        repo.close()
