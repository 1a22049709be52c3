"""video-pipeline (Go; team in Amsterdam, Lagos and São Paulo): Lumo Learn's
lecture-video transcoding. The dispatcher takes "upload completed" events
from SQS and creates one Kubernetes Job per video (ffmpeg, image
ghcr.io/lumolearn/transcoder:1.14.0, 7 CPUs). The Jobs run on Karpenter's
`transcode` NodePool of spot instances, two per node, and Karpenter removes
a node two minutes after it empties, so most Jobs land on a fresh node
whose kubelet must pull the 1.1 GB image from the GitHub Container
Registry first. A Job whose pod has not started ten minutes after it was
created is deleted and retried twice, two minutes apart; after the third
the instructor is told that processing failed.

From 15:17 to 16:24 UTC on Thursday ghcr.io answers most manifest and blob
requests with 503 (some 502); a pull now and then gets through after
minutes. Nodes that already hold the image keep transcoding; every fresh
node's pods go to ErrImagePull and ImagePullBackOff (the platform team's
node-agent DaemonSet, also on ghcr.io, fails with them, while the EKS and
public ECR images pull fine), the dispatcher deletes and retries them, the
queue grows (a spot interruption at 15:41 takes one of the warm nodes
away), and after the third attempt uploads are marked failed.
GitHub's status page posts "degraded availability for Packages" at 15:49
and recovery at 16:31. Nothing in this repository caused it.

Decoys: a change of the transcode Jobs' imagePullSecret to the org-wide
read-only ghcr secret, rolled out at 14:52, 29 minutes before the first
failed pull (the next fresh nodes pull with it fine, and the failures are
503s, not 401s); the same morning's commit that logs the pod's waiting
reason (ErrImagePull, ImagePullBackOff) when a Job does not start; a
transcoder image bump to ffmpeg 7.1 that morning; an earlier retry change;
docs, chores; a runbook commit after the onset. Dispatcher (zerolog JSON),
node journal (kubelet klog via journalctl short-iso), Kubernetes events
(event exporter JSON), Karpenter (zap JSON), GitHub's status page (JSON),
Argo CD (logfmt)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt
from skeletons import chores, go_service, k8s_deployment, runbook

SERVICE = "video-pipeline"
MODULE = "github.com/lumolearn/video-pipeline"
START, END = utc("2026-06-18 14:00:00"), utc("2026-06-18 17:20:00")
ARGO_START = utc("2026-06-18 07:30:00")
SECRET_DEPLOY = utc("2026-06-18 14:52:05")
OUTAGE, RECOVERED = utc("2026-06-18 15:17:10"), utc("2026-06-18 16:24:30")
IMAGE = "ghcr.io/lumolearn/transcoder:1.14.0"
AGENT = "ghcr.io/lumolearn/platform-node-agent:0.9.3"
STATUS_POSTED = utc("2026-06-18 15:49:24")
INTERRUPTION = utc("2026-06-18 15:41:12")
DEADLINE = 600
EMPTY_AFTER = 120
TICK = 5

JOB_TEMPLATE = """# Rendered by the dispatcher for each upload (internal/jobs/render.go).
apiVersion: batch/v1
kind: Job
metadata:
  name: transcode-{{ .UploadID }}-{{ .Attempt }}
  namespace: video
  labels:
    app: transcoder
spec:
  backoffLimit: 0
  ttlSecondsAfterFinished: 600
  template:
    metadata:
      labels:
        app: transcoder
    spec:
      restartPolicy: Never
      nodeSelector:
        karpenter.sh/nodepool: transcode
      tolerations:
        - key: lumolearn.com/transcode
          operator: Exists
      imagePullSecrets:
        - name: ghcr-lumolearn-ci
      containers:
        - name: transcode
          image: ghcr.io/lumolearn/transcoder:1.13.2
          imagePullPolicy: IfNotPresent
          args: ["--source", "{{ .SourceURL }}", "--renditions", "1080p,720p,480p", "--dest", "{{ .DestPrefix }}"]
          resources:
            requests:
              cpu: "7"
              memory: 12Gi
            limits:
              memory: 12Gi
"""

DISPATCH_GO = """package dispatch

import (
\t"context"
\t"time"

\t"github.com/rs/zerolog"
\tbatchv1 "k8s.io/api/batch/v1"
)

// StartDeadline is how long a transcode Job's pod may stay Pending before
// the Job is deleted and the upload retried (MaxAttempts in all).
const (
\tStartDeadline = 10 * time.Minute
\tRetryDelay    = 2 * time.Minute
\tMaxAttempts   = 3
)

func (d *Dispatcher) checkPending(ctx context.Context, job *batchv1.Job, log zerolog.Logger) {
\tif time.Since(job.CreationTimestamp.Time) < StartDeadline || d.started(job) {
\t\treturn
\t}
\tlog.Warn().Str("job", job.Name).Str("waited", StartDeadline.String()).Msg("transcode job did not start in time, deleting")
\td.delete(ctx, job)
\td.retry(ctx, uploadOf(job), attemptOf(job)+1)
}
"""


def build_repo():
    femke = Person("Femke de Vries", "femke.devries@lumolearn.com", 120)
    chinedu = Person("Chinedu Okeke", "chinedu.okeke@lumolearn.com", 60)
    rafael = Person("Rafael Lima", "rafael.lima@lumolearn.com", -180)
    bot = Person("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, MODULE, "Transcodes instructors' lecture uploads into HLS renditions: one Kubernetes Job per video.")
    files["go.mod"] = files["go.mod"].replace("\tgithub.com/prometheus/client_golang v1.19.0\n",
                                              "\tgithub.com/aws/aws-sdk-go-v2/service/sqs v1.34.3\n\tgithub.com/prometheus/client_golang v1.19.0\n\tgithub.com/rs/zerolog v1.33.0\n\tk8s.io/client-go v0.30.2\n")
    files["internal/dispatch/dispatch.go"] = DISPATCH_GO
    files["k8s/transcode-job.yaml"] = JOB_TEMPLATE
    files["k8s/deployment.yaml"] = k8s_deployment(SERVICE, 8080, replicas=2, memory="256Mi", cpu="200m", env={"JOB_TEMPLATE": "/etc/video-pipeline/transcode-job.yaml"})
    files["transcoder/Dockerfile"] = "FROM jrottenberg/ffmpeg:7.0.2-ubuntu2204\nCOPY transcode.sh /usr/local/bin/transcode\nENTRYPOINT [\"/usr/local/bin/transcode\"]\n"
    files["transcoder/transcode.sh"] = "#!/bin/sh\nset -eu\n# ffmpeg to three HLS renditions, then upload to the CDN origin bucket\nexec /usr/local/bin/hls-ladder \"$@\"\n"
    files[".github/workflows/transcoder-image.yml"] = ("name: transcoder-image\non:\n  push:\n    branches: [main]\n    paths: [transcoder/**]\njobs:\n  build:\n    runs-on: ubuntu-22.04\n"
                                                      "    permissions:\n      packages: write\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n"
                                                      "          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n      - uses: docker/build-push-action@v6\n        with:\n"
                                                      "          context: transcoder\n          push: true\n          tags: ghcr.io/lumolearn/transcoder:${{ vars.TRANSCODER_VERSION }}\n")
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("TranscodeQueueBacklog", "More than 20 uploads waiting: check Karpenter (`transcode` NodePool) and the Jobs' pods (`kubectl -n video get pods -l app=transcoder`)."),
        ("TranscodeFailures", "Uploads marked failed: read the dispatcher's `transcode job did not start in time` and `transcode failed` lines."),
    ])
    repo.commit(utc("2026-06-12 09:10:00"), femke, "video-pipeline: import", files)
    repo.schedule(chores(random.Random(13301), SERVICE, [femke, chinedu, rafael], utc("2026-06-12 09:10:00"), utc("2026-06-18 12:00:00"), 4))
    repo.commit(utc("2026-06-15 13:25:00"), chinedu, "dispatch: three attempts, two minutes apart (was two, at once)\n\nA spot interruption in the middle of a transcode failed the upload for\ngood; retry it, and give Karpenter time to bring up another node.", {
        "internal/dispatch/dispatch.go": repo.edit("internal/dispatch/dispatch.go", "\tRetryDelay    = 2 * time.Minute\n\tMaxAttempts   = 3\n", "\tRetryDelay    = 2 * time.Minute\n\tMaxAttempts   = 3 // was 2, without a delay\n"),
    })
    repo.commit(utc("2026-06-16 10:40:00"), rafael, "docs: how a video becomes HLS", {
        "docs/pipeline.md": "# Pipeline\n\n1. The browser uploads the source to S3 (multipart, presigned).\n2. S3 notifies SQS; the dispatcher creates `transcode-<upload>-<attempt>`.\n3. Karpenter starts a spot node in the `transcode` NodePool if none has room\n   (two Jobs per c7i.4xlarge); the kubelet pulls the transcoder image from\n   ghcr.io (about 1.1 GB, 40 s) unless the node already has it.\n4. ffmpeg writes 1080p, 720p and 480p HLS renditions to the origin bucket.\n\nEmpty transcode nodes are removed after two minutes.\n",
    })
    ffmpeg = repo.commit(utc("2026-06-18 06:50:00"), femke, "transcoder: ffmpeg 7.1, image 1.14.0\n\nffmpeg 7.1 decodes the iPhone 16's HEVC files without the colour shift\ninstructors reported.", {
        "transcoder/Dockerfile": repo.edit("transcoder/Dockerfile", "ffmpeg:7.0.2-ubuntu2204", "ffmpeg:7.1-ubuntu2204"),
        "k8s/transcode-job.yaml": repo.edit("k8s/transcode-job.yaml", "transcoder:1.13.2", "transcoder:1.14.0"),
    })
    morning = repo.commit(utc("2026-06-18 12:15:00"), rafael, "dispatch: log why a transcode job did not start\n\nThe \"did not start in time\" line said nothing about the pod. Add the\ncontainer's waiting reason and message (Unschedulable, ErrImagePull,\nImagePullBackOff, CreateContainerConfigError ...).", {
        "internal/dispatch/dispatch.go": repo.edit("internal/dispatch/dispatch.go",
            "\tlog.Warn().Str(\"job\", job.Name).Str(\"waited\", StartDeadline.String()).Msg(\"transcode job did not start in time, deleting\")\n",
            "\treason, message := d.waitingReason(ctx, job)\n\tlog.Warn().Str(\"job\", job.Name).Str(\"waited\", StartDeadline.String()).Str(\"reason\", reason).Str(\"detail\", message).\n\t\tMsg(\"transcode job did not start in time, deleting\")\n"),
        "internal/dispatch/waiting.go": "package dispatch\n\nimport (\n\t\"context\"\n\n\tbatchv1 \"k8s.io/api/batch/v1\"\n\tmetav1 \"k8s.io/apimachinery/pkg/apis/meta/v1\"\n)\n\n// waitingReason is the first waiting container's reason and message of the\n// Job's pod, or the pod's unschedulable condition.\nfunc (d *Dispatcher) waitingReason(ctx context.Context, job *batchv1.Job) (string, string) {\n\tpods, err := d.pods.List(ctx, metav1.ListOptions{LabelSelector: \"job-name=\" + job.Name})\n\tif err != nil || len(pods.Items) == 0 {\n\t\treturn \"NoPod\", \"\"\n\t}\n\tfor _, cs := range pods.Items[0].Status.ContainerStatuses {\n\t\tif w := cs.State.Waiting; w != nil {\n\t\t\treturn w.Reason, w.Message\n\t\t}\n\t}\n\tfor _, c := range pods.Items[0].Status.Conditions {\n\t\tif c.Reason == \"Unschedulable\" {\n\t\t\treturn c.Reason, c.Message\n\t\t}\n\t}\n\treturn \"Pending\", \"\"\n}\n",
    })
    secret = repo.commit(utc("2026-06-18 14:41:00"), chinedu, "k8s: pull the transcoder with the org-wide ghcr secret\n\nghcr-lumolearn-ci holds a personal access token of someone who left in\nMay; security revokes it on Monday. ghcr-org-readonly is the platform\nteam's read-only token, synced into every namespace by External Secrets.", {
        "k8s/transcode-job.yaml": repo.edit("k8s/transcode-job.yaml", "        - name: ghcr-lumolearn-ci\n", "        - name: ghcr-org-readonly\n"),
    })
    repo.commit(utc("2026-06-18 16:52:00"), rafael, "runbook: transcode pods in ImagePullBackOff", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Transcode pods stuck in ErrImagePull / ImagePullBackOff\n\nRead the kubelet's error: `401 Unauthorized` or `denied` is our pull secret\n(ghcr-org-readonly in the video namespace); `503`/`502` from ghcr.io is\nGitHub (githubstatus.com, Packages). Nodes that already have the image keep\nworking; Karpenter's empty-node consolidation removes them, so during a\nregistry outage set `consolidateAfter: Never` on the transcode NodePool\n(#platform) and pause the dispatcher's retries.\n",
    })
    return repo, ffmpeg, morning, secret


def zero(t, level, msg, **fields):
    t = t.astimezone(dt.timezone.utc)
    body = {"level": level, "time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"}
    body.update(fields)
    body["message"] = msg
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def kzap(t, msg, controller, **fields):
    t = t.astimezone(dt.timezone.utc)
    body = {"level": "INFO", "time": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", "logger": "controller", "message": msg,
            "commit": "62a726c", "controller": controller}
    body.update(fields)
    return json.dumps(body, separators=(",", ":"))


def journal(t, host, pid, sev, source, msg):
    t = t.astimezone(dt.timezone.utc)
    stamp = t.strftime("%m%d %H:%M:%S.") + f"{t.microsecond:06d}"
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S')}+0000 {host} kubelet[{pid}]: {sev}{stamp} {pid:>7} {source}] {msg}"


def registry_ok(rng, t):
    """Whether one pull attempt from ghcr.io succeeds at t."""
    if t < OUTAGE or t >= RECOVERED:
        return True
    return rng.random() < 0.03


def build_logs(rng, ffmpeg, morning, secret):
    disp = Log("video-pipeline.log")
    nodes_log = Log("node-journal.log")
    events = Log("k8s-events.log")
    karp = Log("karpenter.log")
    status = Log("githubstatus.log")
    argo = Log("argocd-application-controller.log")

    def event(t, obj, name, reason, etype, message, source="kubelet", host=None, count=1, ns="video"):
        body = {"time": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "namespace": ns, "kind": obj, "name": name, "reason": reason, "type": etype, "source": source}
        if host:
            body["host"] = host
        body["count"] = count
        body["message"] = message
        events.add(t, json.dumps(body, separators=(",", ":")))

    # --- Argo CD: automated sync of each merge --------------------------------------
    disp_pods = {}
    for when, sha in ((utc("2026-06-18 07:02:40"), ffmpeg), (utc("2026-06-18 12:21:30"), morning), (SECRET_DEPLOY, secret)):
        t0 = when - dt.timedelta(seconds=29)
        argo.add(t0, logfmt(t0, "info", f"Initiated automated sync to '{sha}'", application="video-pipeline", dest_namespace="video"))
        argo.add(when + dt.timedelta(seconds=40), logfmt(when + dt.timedelta(seconds=40), "info", f"sync/0 resources done, sync to {sha[:7]} succeeded",
                                                         application="video-pipeline", dest_namespace="video"))
    emit(rng, argo, ARGO_START, END, 0.2, [(1, lambda t: logfmt(t, "info", "Reconciliation completed", application="video-pipeline", dest_namespace="video",
                                                              comparison_level=1, time_ms=rng.randint(30, 150)))])

    old_pods = [f"video-pipeline-7c5d9f8b6-{hexid(rng, 5)}" for _ in range(2)]
    new_pods = [f"video-pipeline-5f8b7d6c9-{hexid(rng, 5)}" for _ in range(2)]
    for i, pod in enumerate(new_pods):
        t = SECRET_DEPLOY + dt.timedelta(seconds=3 + 12 * i)
        disp.add(t, zero(t, "info", "starting video-pipeline", version=secret[:7], pod=pod))
        disp.add(t + dt.timedelta(milliseconds=40), zero(t + dt.timedelta(milliseconds=40), "info", "job template loaded", path="/etc/video-pipeline/transcode-job.yaml",
                                                          image=IMAGE, pull_secret="ghcr-org-readonly", pod=pod))
        disp.add(t + dt.timedelta(seconds=9), zero(t + dt.timedelta(seconds=9), "info", "shutting down", pod=old_pods[i]))
    leader_switch = SECRET_DEPLOY + dt.timedelta(seconds=10)

    def leader(t):
        return new_pods[0] if t >= leader_switch else old_pods[0]

    # --- the simulation ---------------------------------------------------------------
    nodes = {}
    pending = []          # jobs waiting for a node slot
    jobs = {}
    queue_stats = {}
    waiting_stats = {}
    running_stats = {}
    node_stats = {}
    zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

    def new_node(t, warm=False):
        ip4 = f"10.20.{rng.randint(32, 63)}.{rng.randint(4, 250)}"
        host = f"ip-{ip4.replace('.', '-')}"
        claim = f"transcode-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}"
        node = {"host": host, "fqdn": f"{host}.eu-west-1.compute.internal", "claim": claim, "pid": rng.randint(1900, 2600),
                "zone": rng.choice(zones), "ready": t + dt.timedelta(seconds=rng.uniform(48, 75)), "image": None, "pods": [],
                "next_pull": None, "backoff": 0, "empty_since": None, "gone": False, "agent_ok": False, "agent_next": None, "agent_backoff": 0}
        if warm:
            node["ready"] = t
            node["image"] = t
            node["agent_ok"] = True
        nodes[claim] = node
        if not warm:
            karp.add(t, kzap(t, "found provisionable pod(s)", "provisioner", namespace="", name="", reconcileID=f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
                             Pods=", ".join(f"video/{j['pod']}" for j in pending[:2]), duration=f"{rng.uniform(12, 60):.1f}ms"))
            karp.add(t, kzap(t, "computed new nodeclaim(s) to fit pod(s)", "provisioner", nodeclaims=1, pods=min(2, len(pending))))
            karp.add(t, kzap(t, "created nodeclaim", "provisioner", NodePool={"name": "transcode"}, NodeClaim={"name": claim},
                             requests={"cpu": "14350m", "memory": "24800Mi", "pods": "7"}, **{"instance-types": "c6i.4xlarge, c7i.4xlarge, m6i.4xlarge, m7i.4xlarge and 3 other(s)"}))
            tl = t + dt.timedelta(seconds=rng.uniform(2, 4))
            karp.add(tl, kzap(tl, "launched nodeclaim", "nodeclaim.lifecycle", NodeClaim={"name": claim}, **{"provider-id": f"aws:///{node['zone']}/i-0{hexid(rng, 16)}",
                              "instance-type": rng.choice(["c7i.4xlarge", "c7i.4xlarge", "c6i.4xlarge"]), "zone": node["zone"], "capacity-type": "spot"},
                              allocatable={"cpu": "15890m", "ephemeral-storage": "89Gi", "memory": "29258Mi", "pods": "58"}))
            tr = node["ready"] - dt.timedelta(seconds=rng.uniform(8, 14))
            karp.add(tr, kzap(tr, "registered nodeclaim", "nodeclaim.lifecycle", NodeClaim={"name": claim}, Node={"name": node["fqdn"]}))
            nodes_log.add(tr, journal(tr, host, node["pid"], "I", "kubelet_node_status.go:76", f'"Successfully registered node" node="{node["fqdn"]}"'))
            karp.add(node["ready"], kzap(node["ready"], "initialized nodeclaim", "nodeclaim.lifecycle", NodeClaim={"name": claim}, Node={"name": node["fqdn"]},
                                         allocatable={"cpu": "15890m", "ephemeral-storage": "89Gi", "memory": "29258Mi", "pods": "58"}))
            # DaemonSets on the fresh node: EKS images from ECR, fluent-bit from public ECR, the platform's agent from ghcr.io
            for k, (ds, img, took) in enumerate((("aws-node", "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.2-eksbuild.1", 2.1),
                                                 ("kube-proxy", "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.30.0-minimal-eksbuild.3", 1.4),
                                                 ("fluent-bit", "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2", 3.3))):
                te = tr + dt.timedelta(seconds=1 + k + rng.uniform(0, 1))
                pod = f"{ds}-{hexid(rng, 5)}"
                ns = "kube-system" if ds != "fluent-bit" else "amazon-cloudwatch"
                event(te, "Pod", pod, "Pulling", "Normal", f'Pulling image "{img}"', host=node["fqdn"], ns=ns)
                tp = te + dt.timedelta(seconds=took * rng.uniform(0.8, 1.4))
                event(tp, "Pod", pod, "Pulled", "Normal", f'Successfully pulled image "{img}" in {(tp - te).total_seconds():.3f}s ({(tp - te).total_seconds():.3f}s including waiting). Image size: {rng.randint(30, 90) * 1000000 + rng.randint(0, 999999)} bytes.',
                      host=node["fqdn"], ns=ns)
            node["agent_pod"] = f"platform-node-agent-{hexid(rng, 5)}"
            node["agent_next"] = tr + dt.timedelta(seconds=2)
        return node

    def agent_pull(t, node):
        """The platform team's node-agent DaemonSet pod, whose image is on ghcr.io too."""
        pod = node["agent_pod"]
        event(t, "Pod", pod, "Pulling", "Normal", f'Pulling image "{AGENT}"', host=node["fqdn"], ns="platform")
        if registry_ok(rng, t):
            tp = t + dt.timedelta(seconds=rng.uniform(2, 5))
            event(tp, "Pod", pod, "Pulled", "Normal", f'Successfully pulled image "{AGENT}" in {(tp - t).total_seconds():.3f}s ({(tp - t).total_seconds():.3f}s including waiting). Image size: 48213377 bytes.',
                  host=node["fqdn"], ns="platform")
            node["agent_ok"] = True
            return
        tf = t + dt.timedelta(seconds=rng.uniform(0.2, 1.5))
        err = f'failed to pull and unpack image \\"{AGENT}\\": failed to resolve reference \\"{AGENT}\\": unexpected status from HEAD request to https://ghcr.io/v2/lumolearn/platform-node-agent/manifests/0.9.3: 503 Service Unavailable'
        event(tf, "Pod", pod, "Failed", "Warning", f'Failed to pull image "{AGENT}": {err.replace(chr(92), "")}', host=node["fqdn"], ns="platform")
        node["agent_backoff"] = min(300, max(10, node["agent_backoff"] * 2))
        node["agent_next"] = tf + dt.timedelta(seconds=node["agent_backoff"])

    def pull_error(image_path, tag):
        if rng.random() < 0.8:
            return f"failed to resolve reference \\\"ghcr.io/lumolearn/{image_path}:{tag}\\\": unexpected status from HEAD request to https://ghcr.io/v2/lumolearn/{image_path}/manifests/{tag}: 503 Service Unavailable"
        return (f"failed to copy: httpReadSeeker: failed open: unexpected status code https://ghcr.io/v2/lumolearn/{image_path}/blobs/sha256:{hexid(rng, 64)}: "
                + rng.choice(["502 Bad Gateway", "503 Service Unavailable"]))

    def create_job(t, upload, attempt):
        name = f"transcode-{upload['id']}-{attempt}"
        job = {"name": name, "pod": f"{name}-{''.join(rng.choice('bcdfghjklmnpqrstvwxz2456789') for _ in range(5))}", "upload": upload, "attempt": attempt,
               "created": t, "node": None, "running": None, "done": None, "last_reason": None,
               "uid": f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}"}
        jobs[name] = job
        pending.append(job)
        disp.add(t, zero(t, "info", "transcode job created", upload=upload["id"], job=name, attempt=attempt, image=IMAGE, pod=leader(t)))
        event(t, "Job", name, "SuccessfulCreate", "Normal", f"Created pod: {job['pod']}", source="job-controller")
        return job

    def start_container(t, job, node, cached):
        host = node["fqdn"]
        if cached:
            event(t, "Pod", job["pod"], "Pulled", "Normal", f'Container image "{IMAGE}" already present on machine', host=host)
        t2 = t + dt.timedelta(milliseconds=rng.randint(300, 900))
        event(t2, "Pod", job["pod"], "Created", "Normal", "Created container transcode", host=host)
        event(t2 + dt.timedelta(milliseconds=rng.randint(100, 400)), "Pod", job["pod"], "Started", "Normal", "Started container transcode", host=host)
        job["running"] = t2
        job["done"] = t2 + dt.timedelta(seconds=job["upload"]["minutes"] * rng.uniform(28, 40))

    uploads = []
    # Warm start: two nodes with the image, three transcodes running.
    for _ in range(2):
        new_node(START - dt.timedelta(minutes=30), warm=True)
    # single lectures, and instructors uploading a whole course section at once
    arrivals = poisson_times(rng, START - dt.timedelta(minutes=20), END - dt.timedelta(minutes=25), 0.25)
    batches = poisson_times(rng, START - dt.timedelta(minutes=20), END - dt.timedelta(minutes=25), 1 / 12)
    for tb in batches:
        arrivals += [tb + dt.timedelta(seconds=rng.uniform(0, 90)) for _ in range(rng.randint(4, 10))]
    # a course moved over from another platform: fourteen lectures in two minutes
    arrivals += [utc("2026-06-18 15:19:36") + dt.timedelta(seconds=rng.uniform(0, 120)) for _ in range(14)]
    arrivals.sort()
    retries = []          # (time, upload, attempt)
    failed_uploads = 0
    t = START - dt.timedelta(minutes=20)
    ai = 0
    while t < END:
        # uploads arrive
        while ai < len(arrivals) and arrivals[ai] < t:
            ta = arrivals[ai]
            ai += 1
            up = {"id": f"up{hexid(rng, 6)}", "course": f"c-{rng.randint(1000, 9999)}", "minutes": max(2.0, rng.lognormvariate(2.4, 0.5)), "mb": 0}
            up["mb"] = int(up["minutes"] * rng.uniform(55, 140))
            uploads.append(up)
            if ta >= START:
                disp.add(ta, zero(ta, "info", "upload received", upload=up["id"], course=up["course"], source_mb=up["mb"], duration_s=int(up["minutes"] * 60), pod=leader(ta)))
            create_job(ta + dt.timedelta(milliseconds=rng.randint(40, 200)), up, 1)
        retries.sort(key=lambda r: r[0])
        while retries and retries[0][0] <= t:
            tr, up, attempt = retries.pop(0)
            create_job(tr, up, attempt)
        # finished transcodes
        for job in list(jobs.values()):
            if job["done"] and job["done"] <= t:
                node = nodes[job["node"]]
                node["pods"].remove(job["name"])
                if not node["pods"]:
                    node["empty_since"] = job["done"]
                e = job["done"]
                event(e, "Job", job["name"], "Completed", "Normal", "Job completed", source="job-controller")
                disp.add(e, zero(e, "info", "transcode finished", upload=job["upload"]["id"], job=job["name"], attempt=job["attempt"],
                                 took_s=int((job["done"] - job["running"]).total_seconds()), renditions="1080p,720p,480p", pod=leader(e)))
                del jobs[job["name"]]
        # schedule pending pods onto nodes with room
        for job in list(pending):
            ready = [n for n in nodes.values() if not n["gone"] and n["ready"] <= t and len(n["pods"]) < 2]
            # kube-scheduler's default scoring favours the least allocated node; image locality counts for less
            ready.sort(key=lambda n: (len(n["pods"]), n["image"] is None))
            if not ready:
                continue
            node = ready[0]
            pending.remove(job)
            job["node"] = node["claim"]
            node["pods"].append(job["name"])
            node["empty_since"] = None
            ts = t + dt.timedelta(milliseconds=rng.randint(5, 900))
            event(ts, "Pod", job["pod"], "Scheduled", "Normal", f"Successfully assigned video/{job['pod']} to {node['fqdn']}", source="default-scheduler")
            if node["image"]:
                start_container(ts + dt.timedelta(seconds=1), job, node, True)
            elif node["next_pull"] is None:
                node["next_pull"] = ts + dt.timedelta(seconds=1)
        # Karpenter: one more node for every two pods no node (or coming node) has room for
        coming = sum(2 - len(n["pods"]) for n in nodes.values() if not n["gone"] and n["ready"] > t)
        if len(pending) > coming:
            new_node(t + dt.timedelta(seconds=rng.uniform(0.5, 3)))
        # image pulls on nodes
        for node in nodes.values():
            if node["gone"]:
                continue
            if node.get("agent_next") and not node["agent_ok"] and node["agent_next"] <= t:
                agent_pull(node["agent_next"], node)
            if node["next_pull"] is None or node["next_pull"] > t or node["image"]:
                continue
            waiting = [jobs[name] for name in node["pods"] if name in jobs and not jobs[name]["running"]]
            if not waiting:
                node["next_pull"] = None
                continue
            tp = node["next_pull"]
            for job in waiting:
                event(tp, "Pod", job["pod"], "Pulling", "Normal", f'Pulling image "{IMAGE}"', host=node["fqdn"])
            if registry_ok(rng, tp):
                took = rng.uniform(34, 58) if tp < OUTAGE or tp >= RECOVERED else rng.uniform(140, 420)
                te = tp + dt.timedelta(seconds=took)
                node["image"] = te
                node["next_pull"] = None
                for job in waiting:
                    event(te, "Pod", job["pod"], "Pulled", "Normal", f'Successfully pulled image "{IMAGE}" in {took:.3f}s ({took:.3f}s including waiting). Image size: 1187334021 bytes.', host=node["fqdn"])
                    if job["name"] in jobs:
                        start_container(te, job, node, False)
                continue
            tf = tp + dt.timedelta(seconds=rng.uniform(0.3, 2.5) if rng.random() < 0.8 else rng.uniform(15, 40))
            err = pull_error("transcoder", "1.14.0")
            inner = f'rpc error: code = Unknown desc = failed to pull and unpack image \\"{IMAGE}\\": {err}'
            nodes_log.add(tf, journal(tf, node["host"], node["pid"], "E", "log.go:32", f'"PullImage from image service failed" err="{inner}" image="{IMAGE}"'))
            tf2 = tf + dt.timedelta(microseconds=rng.randint(40, 90))
            nodes_log.add(tf2, journal(tf2, node["host"], node["pid"], "E", "kuberuntime_image.go:55", f'"Failed to pull image" err="{inner}" image="{IMAGE}"'))
            plain = inner.replace('\\"', '"')
            for job in waiting:
                tf2 += dt.timedelta(microseconds=rng.randint(60, 400))
                nodes_log.add(tf2, journal(tf2, node["host"], node["pid"], "E", "pod_workers.go:1298",
                                          f'"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"transcode\\" with ErrImagePull: \\"{inner.replace(chr(92) + chr(34), chr(92) * 3 + chr(34))}\\"" pod="video/{job["pod"]}" podUID="{job["uid"]}"'))
                job["count_failed"] = job.get("count_failed", 0) + 1
                event(tf, "Pod", job["pod"], "Failed", "Warning", f'Failed to pull image "{IMAGE}": {plain}', host=node["fqdn"], count=job["count_failed"])
                event(tf, "Pod", job["pod"], "Failed", "Warning", "Error: ErrImagePull", host=node["fqdn"], count=job["count_failed"])
                job["last_reason"] = ("ErrImagePull", f'{plain}')
            node["backoff"] = min(300, max(10, node["backoff"] * 2))
            node["next_pull"] = tf + dt.timedelta(seconds=node["backoff"])
            tb = tf + dt.timedelta(seconds=rng.uniform(1, 3))
            for job in waiting:
                job["count_backoff"] = job.get("count_backoff", 0) + 1
                event(tb, "Pod", job["pod"], "BackOff", "Normal", f'Back-off pulling image "{IMAGE}"', host=node["fqdn"], count=job["count_backoff"])
                event(tb, "Pod", job["pod"], "Failed", "Warning", "Error: ImagePullBackOff", host=node["fqdn"], count=job["count_backoff"])
                nodes_log.add(tb, journal(tb, node["host"], node["pid"], "E", "pod_workers.go:1298",
                                          f'"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"transcode\\" with ImagePullBackOff: \\"Back-off pulling image \\\\\\"{IMAGE}\\\\\\"\\"" pod="video/{job["pod"]}" podUID="{job["uid"]}"'))
                job["last_reason"] = ("ImagePullBackOff", f'Back-off pulling image "{IMAGE}"')
        # the dispatcher's start deadline
        for job in list(jobs.values()):
            if job["running"] or (t - job["created"]).total_seconds() < DEADLINE:
                continue
            e = job["created"] + dt.timedelta(seconds=DEADLINE, milliseconds=rng.randint(0, 4000))
            reason, detail = job["last_reason"] or ("Unschedulable", "0/9 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 7 node(s) had untolerated taint {lumolearn.com/general: }.")
            if job["node"] is None:
                reason, detail = "Pending", ""
            disp.add(e, zero(e, "warn", "transcode job did not start in time, deleting", job=job["name"], waited="10m0s", reason=reason, detail=detail, pod=leader(e)))
            event(e + dt.timedelta(milliseconds=300), "Pod", job["pod"], "Killing", "Normal", "Stopping container transcode", host=nodes[job["node"]]["fqdn"] if job["node"] else None)
            if job["node"]:
                node = nodes[job["node"]]
                node["pods"].remove(job["name"])
                if not node["pods"]:
                    node["empty_since"] = e
            elif job in pending:
                pending.remove(job)
            del jobs[job["name"]]
            up = job["upload"]
            if job["attempt"] < 3:
                disp.add(e + dt.timedelta(milliseconds=20), zero(e + dt.timedelta(milliseconds=20), "info", "transcode requeued", upload=up["id"], attempt=job["attempt"] + 1, retry_in="2m0s", pod=leader(e)))
                retries.append((e + dt.timedelta(minutes=2), up, job["attempt"] + 1))
            else:
                failed_uploads += 1
                disp.add(e + dt.timedelta(milliseconds=20), zero(e + dt.timedelta(milliseconds=20), "error", "transcode failed after 3 attempts, marking upload failed", upload=up["id"], course=up["course"], pod=leader(e)))
                disp.add(e + dt.timedelta(milliseconds=90), zero(e + dt.timedelta(milliseconds=90), "info", "instructor notified", upload=up["id"], template="upload-processing-failed", pod=leader(e)))
        # A spot interruption notice for one busy node
        if t <= INTERRUPTION < t + dt.timedelta(seconds=TICK):
            busy = sorted((n for n in nodes.values() if not n["gone"] and n["image"] and n["pods"]), key=lambda n: n["claim"])
            if busy:
                node = busy[0]
                ti = INTERRUPTION
                karp.add(ti, kzap(ti, "initiating delete from interruption message", "interruption", queue="karpenter-prod-eks",
                                  messageKind="SpotInterruptionKind", NodeClaim={"name": node["claim"]}, action="CordonAndDrain", Node={"name": node["fqdn"]}))
                karp.add(ti + dt.timedelta(seconds=1), kzap(ti + dt.timedelta(seconds=1), "tainted node", "node.termination", Node={"name": node["fqdn"]},
                                                            taint="karpenter.sh/disrupted:NoSchedule"))
                for name in list(node["pods"]):
                    job = jobs.pop(name)
                    te = ti + dt.timedelta(seconds=rng.uniform(20, 30))
                    event(te, "Pod", job["pod"], "Killing", "Normal", "Stopping container transcode", host=node["fqdn"])
                    disp.add(te + dt.timedelta(seconds=1), zero(te + dt.timedelta(seconds=1), "warn", "transcode job failed", upload=job["upload"]["id"], job=name,
                                                                 attempt=job["attempt"], exit_code=143, reason="Error", pod=leader(te)))
                    if job["attempt"] < 3:
                        disp.add(te + dt.timedelta(seconds=1), zero(te + dt.timedelta(seconds=1), "info", "transcode requeued", upload=job["upload"]["id"], attempt=job["attempt"] + 1, retry_in="2m0s", pod=leader(te)))
                        retries.append((te + dt.timedelta(minutes=2), job["upload"], job["attempt"] + 1))
                node["pods"] = []
                node["gone"] = True
                td = ti + dt.timedelta(seconds=rng.uniform(70, 110))
                karp.add(td, kzap(td, "deleted node", "node.termination", Node={"name": node["fqdn"]}))
                karp.add(td + dt.timedelta(seconds=1), kzap(td + dt.timedelta(seconds=1), "deleted nodeclaim", "nodeclaim.termination", NodeClaim={"name": node["claim"]},
                                                            Node={"name": node["fqdn"]}))
        # Karpenter removes nodes that have been empty for five minutes
        for node in nodes.values():
            if node["gone"] or node["pods"] or node["ready"] > t:
                continue
            if node["empty_since"] is None:
                node["empty_since"] = t
            if (t - node["empty_since"]).total_seconds() >= EMPTY_AFTER:
                node["gone"] = True
                td = t + dt.timedelta(seconds=rng.uniform(0, 4))
                karp.add(td, kzap(td, f"disrupting nodeclaim(s) via delete, terminating 1 nodes (0 pods) {node['fqdn']}/c7i.4xlarge/spot", "disruption",
                                  **{"command-id": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "reason": "empty"}))
                karp.add(td + dt.timedelta(seconds=1), kzap(td + dt.timedelta(seconds=1), "tainted node", "node.termination", Node={"name": node["fqdn"]},
                                                            taint="karpenter.sh/disrupted:NoSchedule"))
                te = td + dt.timedelta(seconds=rng.uniform(20, 40))
                karp.add(te, kzap(te, "deleted node", "node.termination", Node={"name": node["fqdn"]}))
                karp.add(te + dt.timedelta(seconds=1), kzap(te + dt.timedelta(seconds=1), "deleted nodeclaim", "nodeclaim.termination", NodeClaim={"name": node["claim"]},
                                                            Node={"name": node["fqdn"]}, **{"provider-id": f"aws:///{node['zone']}/i-0{hexid(rng, 16)}"}))
        minute = t.replace(second=0, microsecond=0)
        queue_stats[minute] = len(pending) + sum(1 for j in jobs.values() if not j["running"]) + sum(1 for r in retries if r[0] > t)
        waiting_stats[minute] = sum(1 for j in jobs.values() if not j["running"] and j["node"] and j["last_reason"])
        running_stats[minute] = sum(1 for j in jobs.values() if j["running"])
        node_stats[minute] = sum(1 for n in nodes.values() if not n["gone"] and n["ready"] <= t)
        t += dt.timedelta(seconds=TICK)

    # The dispatcher's minute stats.
    t = START + dt.timedelta(seconds=rng.uniform(0, 60))
    while t < END:
        m = t.replace(second=0, microsecond=0)
        disp.add(t, zero(t, "info", "queue stats", waiting=queue_stats.get(m, 0), running=running_stats.get(m, 0),
                         transcode_nodes=node_stats.get(m, 0), pod=leader(t)))
        t += dt.timedelta(seconds=60)

    # Drop what falls before the logs begin (the warm-up).
    for log in (disp, nodes_log, events, karp):
        log.entries = [e for e in log.entries if e[0] >= START]
    # Kubelet's routine lines on the long-lived general nodes.
    general = [(f"ip-10-20-{rng.randint(0, 31)}-{rng.randint(4, 250)}", rng.randint(1900, 2600)) for _ in range(3)]
    others = [f"video/video-api-6d9b8c7f5-{hexid(rng, 5)}" for _ in range(2)] + [f"video/captions-worker-84f7c9d6b-{hexid(rng, 5)}"]
    emit(rng, nodes_log, START, END, 0.5, [
        (3, lambda t: (lambda h: journal(t, h[0], h[1], "I", "kubelet_getters.go:218", f'"Pod status updated" pod="{rng.choice(others)}" status="Running"'))(rng.choice(general))),
        (1, lambda t: (lambda h: journal(t, h[0], h[1], "I", "container_gc.go:88", '"Attempting to delete unused containers"'))(rng.choice(general))),
        (1, lambda t: (lambda h: journal(t, h[0], h[1], "I", "image_gc_manager.go:396", '"Disk usage on image filesystem is below the low threshold" usage=41 lowThreshold=80'))(rng.choice(general))),
    ])

    # --- GitHub's status page ------------------------------------------------------------
    def post(when, state, body, impact="major"):
        status.add(when, json.dumps({"page": "www.githubstatus.com", "incident_id": "0ql7xzmqfr4t", "name": "Incident with Packages", "status": state, "impact": impact,
                                     "updated_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                                     "components": [{"name": "Packages", "status": "major_outage" if state in ("investigating", "identified") else "operational"}],
                                     "body": body}, separators=(",", ":")))
    status.add(utc("2026-06-18 09:12:00"), json.dumps({"page": "www.githubstatus.com", "incident_id": "n2c8w5kd1m7y", "name": "Incident with Actions", "status": "resolved", "impact": "minor",
                                                      "updated_at": "2026-06-18T09:12:00.000Z", "components": [{"name": "Actions", "status": "operational"}],
                                                      "body": "This incident has been resolved. Some Actions jobs were delayed in starting between 08:31 and 09:02 UTC."}, separators=(",", ":")))
    post(STATUS_POSTED, "investigating", "We are investigating reports of degraded availability for Packages. Users may see errors pulling container images from ghcr.io.")
    post(utc("2026-06-18 16:07:51"), "identified", "We have identified the cause of elevated 5xx responses from the GitHub Container Registry and are applying a mitigation.")
    post(utc("2026-06-18 16:31:12"), "monitoring", "Packages is operating normally. Image pulls from ghcr.io have recovered and we are monitoring.", impact="minor")
    post(utc("2026-06-18 16:58:40"), "resolved", "This incident has been resolved. Between 15:17 and 16:24 UTC, requests to GitHub Packages, including pulls from ghcr.io, saw elevated error rates.", impact="none")
    return [disp, nodes_log, events, karp, status, argo], (queue_stats, waiting_stats)


def build(out_dir):
    rng = random.Random(13300)
    repo, ffmpeg, morning, secret = build_repo()
    try:
        logs, (queue_stats, waiting_stats) = build_logs(rng, ffmpeg, morning, secret)
        nodes_log, events = logs[1], logs[2]
        onset = min(min(t for t, _, text in nodes_log.entries if "PullImage from image service failed" in text),
                    min(t for t, _, text in events.entries if "Failed to pull image" in text)).replace(microsecond=0)

        def series(stats):
            def fn(t):
                return stats.get(t.replace(second=0, microsecond=0), 0)
            return fn

        first_failed = min(t for t, _, text in logs[0].entries if "marking upload failed" in text)
        metrics = {
            "video_pipeline_transcodes_waiting.json": query_range([({"service": SERVICE, "job": "video-pipeline"}, series(queue_stats))], START, END, 60),
            "kube_pod_container_status_waiting_reason.json": query_range([({"namespace": "video", "container": "transcode", "reason": "ImagePullBackOff"}, series(waiting_stats))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="registry-outage-none", service=SERVICE, onset=onset,
            description=f"""
Lecture uploads are stuck in "processing", then fail. From {onset.strftime('%H:%M')} UTC the
transcode Jobs' pods on fresh nodes do not start (ErrImagePull,
ImagePullBackOff), the dispatcher deletes and retries them, the queue of
waiting uploads grows and from {first_failed.strftime('%H:%M')} uploads are marked failed after
three attempts. video-pipeline was rolled out at 14:52 (the transcode Jobs'
pull secret changed to the org-wide ghcr secret) and at 12:21 (a logging
change); the transcoder image moved to 1.14.0 that morning. Pods start
again from about 16:25.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"unexpected status from HEAD request to .*Service Unavailable", r"degraded availability for Packages"],
            fix_files=[],
            explanation=f"""
No commit in this repository caused it. The GitHub Container Registry had
an incident from 15:17 to 16:24: manifest and blob requests to ghcr.io got
503 (some 502). Every fresh transcode node's kubelet fails to pull
ghcr.io/lumolearn/transcoder:1.14.0 ("unexpected status from HEAD request
to https://ghcr.io/v2/...: 503 Service Unavailable"), and so does the
platform team's node-agent DaemonSet from ghcr.io on the same nodes, with
a different pull secret, while the EKS and public ECR images pull fine
and nodes that already had the image keep transcoding. The errors are 5xx,
not 401/denied, and fresh nodes pulled with the new secret between 14:52
and 15:17. Karpenter's empty-node consolidation, a spot interruption of a warm
node and the dispatcher's delete-and-retry turn it into failed uploads. GitHub's status page posts
{int((STATUS_POSTED - onset).total_seconds() // 60)} minutes after the first failed pull; pulls recover with it. Decoys:
the imagePullSecret change rolled out at 14:52, {int((onset - SECRET_DEPLOY).total_seconds() // 60)} minutes before the
onset; the morning commit that logs ErrImagePull and ImagePullBackOff in
the dispatcher's "did not start in time" line; the transcoder 1.14.0
image bump; the retry change earlier in the week; docs, chores; the
runbook commit after the onset.
""",
        )
    finally:
        repo.close()
