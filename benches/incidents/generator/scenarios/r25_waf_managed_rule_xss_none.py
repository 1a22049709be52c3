"""feed-api (Go) of Podwave, a podcast hosting platform: episode publishing
from the studio (via studio-bff) and the public RSS feeds podcast apps
poll, behind the platform team's public ALB and its AWS WAF web ACL. The
web ACL uses the AWS managed Core rule set without a pinned version.

On Wednesday 6 May at 13:00 UTC AWS makes a new version of
AWSManagedRulesCommonRuleSet the default (announced by SNS the week
before, to the platform team's mailbox). Its CrossSiteScripting_BODY rule
now matches the HTML links creators put in show notes: from 13:01 the
ALB answers 403 to publish and edit requests whose notes hold an
<a href> or <img>, before they reach feed-api. Feed polling (GET, no body)
is untouched. At 14:12 the platform team overrides the rule to Count for
the publishing paths. Nothing in feed-api's repository changed the
behaviour.

Decoys: a feed-api release at 12:36, 25 minutes before, that keeps links
in show notes when rendering the RSS description (touches the word
"shownotes" and HTML), and a commit in it that logs publish validation
failures. Sources: feed-api (JSON), studio-bff (logfmt), ALB access log,
WAF log (JSON), platform notifications (SNS JSON), GitHub Actions deploy."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, hexid, ms, poisson_times, query_range, utc, write_scenario
from formats import json_line, logfmt
from skeletons import chores, go_service

SERVICE = "feed-api"
START, END = utc("2026-05-06 11:30:00"), utc("2026-05-06 14:50:00")
DEPLOY = utc("2026-05-06 12:36:20")
RULE_SWITCH = utc("2026-05-06 13:00:00")
OVERRIDE = utc("2026-05-06 14:12:40")
ACL = "arn:aws:wafv2:eu-west-1:381492667105:regional/webacl/public-edge/4f1c2a77-9b3e-4d21-a8c6-0e5f7d2b9a13"

SANITIZE_GO = """package shownotes

import "github.com/microcosm-cc/bluemonday"

var policy = bluemonday.StrictPolicy()

// Render turns a creator's show notes into the text of the RSS <description>.
func Render(html string) string {
\treturn policy.Sanitize(html)
}
"""


def build_repo():
    lena = Person("Lena Vogt", "lena@podwave.fm", 120)
    arjun = Person("Arjun Mehta", "arjun@podwave.fm", 330)
    sam = Person("Sam O'Neill", "sam@podwave.fm", 60)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = go_service(SERVICE, "github.com/podwave/feed-api", "Episode publishing and RSS feeds for Podwave shows.")
    files.update({
        "internal/shownotes/render.go": SANITIZE_GO,
        "internal/publish/handler.go": 'package publish\n\nimport (\n\t"encoding/json"\n\t"log/slog"\n\t"net/http"\n)\n\ntype Episode struct {\n\tTitle string `json:"title"`\n\tNotes string `json:"notes"`\n\tAudio string `json:"audio_key"`\n}\n\nfunc Handle(logger *slog.Logger) http.HandlerFunc {\n\treturn func(w http.ResponseWriter, r *http.Request) {\n\t\tvar ep Episode\n\t\tif err := json.NewDecoder(r.Body).Decode(&ep); err != nil || ep.Title == "" {\n\t\t\thttp.Error(w, "invalid episode", http.StatusUnprocessableEntity)\n\t\t\treturn\n\t\t}\n\t\tlogger.Info("episode published", "show", r.PathValue("show"))\n\t\tw.WriteHeader(http.StatusCreated)\n\t}\n}\n',
        "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: feed-api\nspec:\n  replicas: 4\n  template:\n    spec:\n      containers:\n        - name: feed-api\n          image: registry.internal/feed-api:latest\n          env:\n            - name: FEED_CACHE_SECONDS\n              value: \"300\"\n",
        "go.mod": "module github.com/podwave/feed-api\n\ngo 1.22\n\nrequire (\n\tgithub.com/microcosm-cc/bluemonday v1.0.26\n\tgithub.com/prometheus/client_golang v1.19.0\n\tgopkg.in/yaml.v3 v3.0.1\n)\n",
    })
    repo.commit(utc("2026-05-01 09:00:00"), lena, "feed-api: publishing and RSS feeds out of the monolith", files)
    repo.schedule(chores(random.Random(25201), SERVICE, [lena, arjun, sam], utc("2026-05-01 09:00:00"), utc("2026-05-04 17:00:00"), 4))
    repo.commit(utc("2026-05-05 10:30:00"), arjun, "feeds: itunes:episodeType and season in items", {
        "internal/feed/item.go": "package feed\n\ntype Item struct {\n\tTitle       string `xml:\"title\"`\n\tDescription string `xml:\"description\"`\n\tEpisodeType string `xml:\"itunes:episodeType\"`\n\tSeason      int    `xml:\"itunes:season,omitempty\"`\n}\n",
    })
    repo.commit(utc("2026-05-05 14:15:00"), bot, "Bump github.com/prometheus/client_golang from 1.19.0 to 1.19.1", {
        "go.mod": repo.edit("go.mod", "client_golang v1.19.0", "client_golang v1.19.1"),
    })
    repo.commit(utc("2026-05-05 16:40:00"), sam, "docs: what creators may put in show notes", {
        "docs/shownotes.md": "# Show notes\n\nCreators write show notes in the studio's editor, which sends HTML.\nLinks (<a href>) and images are common: sponsors, guests, chapters.\nThe RSS <description> used to be plain text; apps render HTML.\n",
    })
    repo.commit(utc("2026-05-06 09:20:00"), sam, "publish: log validation failures with the field that failed", {
        "internal/publish/handler.go": repo.edit("internal/publish/handler.go", '\t\tif err := json.NewDecoder(r.Body).Decode(&ep); err != nil || ep.Title == "" {\n',
                                                 '\t\tif err := json.NewDecoder(r.Body).Decode(&ep); err != nil || ep.Title == "" {\n\t\t\tlogger.Warn("publish rejected", "show", r.PathValue("show"), "field", "title", "err", err)\n'),
    })
    repo.commit(utc("2026-05-06 10:05:00"), lena, "shownotes: keep links and images in the RSS description\n\nApple and Spotify render HTML in <description>; creators asked for their\nsponsor links back. Links get rel=nofollow, images need https.", {
        "internal/shownotes/render.go": repo.edit("internal/shownotes/render.go", "var policy = bluemonday.StrictPolicy()\n",
                                                  "var policy = func() *bluemonday.Policy {\n\tp := bluemonday.StrictPolicy()\n\tp.AllowStandardURLs()\n\tp.AllowAttrs(\"href\").OnElements(\"a\")\n\tp.RequireNoFollowOnLinks(true)\n\tp.AllowImages()\n\tp.RequireParseableURLs(true)\n\tp.AllowURLSchemes(\"https\")\n\treturn p\n}()\n"),
    })
    head = repo.commit(utc("2026-05-06 12:15:00"), arjun, "feeds: cache feeds for 120 s (was 300)", {
        "k8s/deployment.yaml": repo.edit("k8s/deployment.yaml", 'value: "300"', 'value: "120"'),
    })
    return repo, head


def alb(t, rng, client, method, url, elb, target, rt, ua, waf):
    ts = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"
    req_t = (t - dt.timedelta(seconds=rt if rt > 0 else 0.001)).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"
    tgt = f"10.40.{rng.randint(1, 3)}.{rng.randint(10, 60)}:8080" if target != "-" else "-"
    times = f"0.000 {rt:.3f} 0.000" if target != "-" else "-1 -1 -1"
    actions = "waf" if waf else "waf,forward"
    return (f'https {ts} app/prod-public/8e2b41d07c3f9a15 {client}:{rng.randint(1024, 65535)} {tgt} {times} {elb} {target} '
            f'{rng.randint(300, 9000)} {rng.randint(200, 60000)} "{method} {url} HTTP/1.1" "{ua}" TLS_AES_128_GCM_SHA256 TLSv1.3 '
            f'arn:aws:elasticloadbalancing:eu-west-1:381492667105:targetgroup/feed-api/2a7c91e04f6b3d58 "Root=1-{int(t.timestamp()):x}-{hexid(rng, 24)}" '
            f'"{url.split("/")[2].split(":")[0]}" "arn:aws:acm:eu-west-1:381492667105:certificate/7d1e0c4b-2f9a-4e51-9c3d-b86a1f05e2c7" 0 {req_t} "{actions}" "-" "-" "{tgt}" "{target}" "-" "-"')


def build_logs(rng, head):
    app, bff, lb, waf, sns, gha = Log("feed-api.log"), Log("studio-bff.log"), Log("alb-access.log"), Log("waf.log"), Log("platform-notifications.log"), Log("deploy.log")
    blocked = []
    apps = ["AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4_1 like Mac OS X; en_gb)", "Spotify/8.9.36 Android/34 (SM-S918B)", "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)", "PocketCasts/1.0 (Pocket Casts Feed Parser; +http://pocketcasts.com/)", "iTMS"]
    start_pod = DEPLOY + dt.timedelta(seconds=40)
    # public feed polls: GET, no body, never blocked
    for t in poisson_times(rng, START, END, 9.0):
        d = ms(rng, 8, 0.5) / 1000
        slug = rng.choice(["the-tuesday-brief", "kitchen-table-econ", "deep-field", "nightshift-stories", "pitchside", "small-bytes", "the-long-walk"])
        status = rng.choice([200, 200, 304, 304, 304])
        lb.add(t, alb(t, rng, f"{rng.randint(17, 213)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "GET", f"https://feeds.podwave.fm:443/{slug}.xml", status, status, d, rng.choice(apps), False))
    # publishing and edits from studio-bff
    for t in poisson_times(rng, START, END, 1.6):
        edit = rng.random() < 0.45
        show = f"sh_{hexid(rng, 8)}"
        ep = f"ep_{hexid(rng, 10)}"
        method, path = ("PATCH", f"/v1/episodes/{ep}") if edit else ("POST", f"/v1/shows/{show}/episodes")
        html = rng.random() < 0.62
        rid = hexid(rng, 16)
        url = f"https://api.podwave.fm:443{path}"
        in_force = RULE_SWITCH + dt.timedelta(seconds=rng.uniform(20, 150)) <= t
        rule_blocks = html and in_force and t < OVERRIDE
        ua = "studio-bff/2.14.1 (+https://studio.podwave.fm)"
        waf_rec = {"timestamp": int(t.timestamp() * 1000), "formatVersion": 1, "webaclId": ACL,
                   "terminatingRuleId": "AWS-AWSManagedRulesCommonRuleSet" if rule_blocks else "Default_Action",
                   "terminatingRuleType": "MANAGED_RULE_GROUP" if rule_blocks else "REGULAR",
                   "action": "BLOCK" if rule_blocks else "ALLOW", "terminatingRuleMatchDetails": [], "httpSourceName": "ALB",
                   "httpSourceId": "381492667105-app/prod-public/8e2b41d07c3f9a15", "ruleGroupList": [], "rateBasedRuleList": [], "nonTerminatingMatchingRules": [],
                   "httpRequest": {"clientIp": "52.18.77.4", "country": "IE", "headers": [{"name": "host", "value": "api.podwave.fm"}, {"name": "content-type", "value": "application/json"}], "uri": path, "args": "", "httpVersion": "HTTP/1.1", "httpMethod": method, "requestId": f"1-{int(t.timestamp()):x}-{hexid(rng, 24)}"}}
        if rule_blocks:
            waf_rec["terminatingRuleMatchDetails"] = [{"conditionType": "XSS", "location": "BODY", "matchedData": ["<a", "href"]}]
            waf_rec["ruleGroupList"] = [{"ruleGroupId": "AWS#AWSManagedRulesCommonRuleSet#Version_1.14", "terminatingRule": {"ruleId": "CrossSiteScripting_BODY", "action": "BLOCK", "ruleMatchDetails": None}, "nonTerminatingMatchingRules": [], "excludedRules": None}]
        elif html and in_force:
            waf_rec["ruleGroupList"] = [{"ruleGroupId": "AWS#AWSManagedRulesCommonRuleSet#Version_1.14", "terminatingRule": None, "nonTerminatingMatchingRules": [{"ruleId": "CrossSiteScripting_BODY", "action": "COUNT", "overriddenAction": "BLOCK"}], "excludedRules": None}]
        waf.add(t, json.dumps(waf_rec, separators=(",", ":")))
        if rule_blocks:
            e = t + dt.timedelta(milliseconds=rng.randint(2, 9))
            lb.add(e, alb(e, rng, "52.18.77.4", method, url, 403, "-", -1, ua, True))
            bff.add(e + dt.timedelta(milliseconds=3), logfmt(e, "error", "feed-api request failed", method=method, path=path, status=403, body="<html><head><title>403 Forbidden</title></head>", request_id=rid))
            blocked.append(e)
            continue
        d = ms(rng, 45, 0.4) / 1000
        e = t + dt.timedelta(seconds=d)
        status = 200 if edit else 201
        if rng.random() < 0.03:
            status = 422
        lb.add(e, alb(e, rng, "52.18.77.4", method, url, status, status, d, ua, False))
        version = head[:7] if e >= start_pod else "a91e3c0"
        if status == 422:
            if e >= start_pod:
                app.add(e, json_line(e, "warn", "publish rejected", show=show, field="title", err="null", request_id=rid, version=version))
            else:
                app.add(e, json_line(e, "info", "request", method=method, path=path, status=422, request_id=rid))
        else:
            app.add(e, json_line(e, "info", "episode updated" if edit else "episode published", show=show, episode=ep, request_id=rid, version=version))
        bff.add(e + dt.timedelta(milliseconds=2), logfmt(e, "info", "feed-api request", method=method, path=path, status=status, duration_ms=int(d * 1000), request_id=rid))
    for t in poisson_times(rng, START, END, 0.5):
        app.add(t, json_line(t, "info", "feed rebuilt", show=f"sh_{hexid(rng, 8)}", items=rng.randint(3, 420), bytes=rng.randint(4000, 900000), version=head[:7] if t >= start_pod else "a91e3c0"))
    # deploy
    for off, line in [(0, f"Run kubectl set image deployment/feed-api feed-api=registry.internal/feed-api:{head}"), (0.4, "deployment.apps/feed-api image updated"),
                      (1.0, "Run kubectl rollout status deployment/feed-api --timeout=300s"), (12, 'Waiting for deployment "feed-api" rollout to finish: 2 of 4 updated replicas are available...'),
                      (38, 'deployment "feed-api" successfully rolled out')]:
        w = DEPLOY + dt.timedelta(seconds=off)
        gha.add(w, f"{w.strftime('%Y-%m-%dT%H:%M:%S.')}{w.microsecond // 100:04d}000Z {line}")
    app.add(start_pod, json_line(start_pod, "info", "starting feed-api", version=head[:7], addr=":8080"))
    # platform notifications: the announcement a week before is not in the window; the switch day reminder is
    for when, subject, msg in [
        (utc("2026-05-06 11:42:10"), "AWS WAF managed rule group update", "Version_1.14 of AWSManagedRulesCommonRuleSet becomes the default version on 2026-05-06 at 13:00 UTC. Web ACLs that do not pin a version will use it from then. Changes: CrossSiteScripting_BODY and CrossSiteScripting_QUERYARGUMENTS detect additional HTML attribute patterns."),
        (utc("2026-05-06 13:00:04"), "AWS WAF managed rule group update", "The default version of AWSManagedRulesCommonRuleSet is now Version_1.14."),
        (OVERRIDE, "terraform apply", "module.public_edge.aws_wafv2_web_acl.this: Modifications complete after 3s [id=4f1c2a77-9b3e-4d21-a8c6-0e5f7d2b9a13] (rule_action_override CrossSiteScripting_BODY -> count, scope api.podwave.fm/v1/)")]:
        sns.add(when, json.dumps({"Type": "Notification", "MessageId": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "TopicArn": "arn:aws:sns:eu-west-1:381492667105:platform-notifications", "Subject": subject, "Message": msg, "Timestamp": when.strftime("%Y-%m-%dT%H:%M:%S.000Z")}, separators=(",", ":")))
    for t in poisson_times(rng, START, END, 0.05):
        sns.add(t, json.dumps({"Type": "Notification", "MessageId": hexid(rng, 32), "TopicArn": "arn:aws:sns:eu-west-1:381492667105:platform-notifications", "Subject": "Budget alert", "Message": "Cost anomaly check passed for account 381492667105.", "Timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.000Z")}, separators=(",", ":")))
    return [app, bff, lb, waf, sns, gha], blocked


def build(out_dir):
    rng = random.Random(25200)
    repo, head = build_repo()
    try:
        logs, blocked = build_logs(rng, head)
        onset = min(blocked).replace(microsecond=0)

        def rate(t):
            return round(sum(1 for x in blocked if t - dt.timedelta(minutes=5) < x <= t) / 300, 4)
        metrics = {"aws_wafv2_blocked_requests_rate.json": query_range([({"web_acl": "public-edge", "rule_group": "AWSManagedRulesCommonRuleSet"}, rate)], START, END, 60)}
        return write_scenario(
            out_dir, name="r25-waf-managed-rule-xss-none", service=SERVICE, onset=onset,
            description=f"""
Creators cannot publish or edit episodes in the studio on Wednesday 6 May
("Something went wrong while saving"); some can, others cannot, and
retrying does not help. First failed save {onset.strftime('%H:%M')} UTC. Feeds keep
updating for episodes that did get saved. feed-api was released at 12:36.
""",
            logs=logs, metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"CrossSiteScripting_BODY", r"The default version of .* is now"],
            fix_files=[],
            explanation=f"""
Nothing in feed-api's repository caused this. At 13:00 AWS made Version_1.14
of the managed AWSManagedRulesCommonRuleSet the default; the public
web ACL does not pin a version, so from about 13:01 its
CrossSiteScripting_BODY rule blocks publish and edit requests whose show
notes hold HTML links or images. The ALB answers 403 itself (actions
"waf", no target), feed-api never sees them, and studio-bff logs "feed-api
request failed" with a 403 HTML page. Requests without HTML and every feed
poll pass. The platform team's override of the rule to Count for
api.podwave.fm/v1/ at 14:12 ends it.
Decoys: feed-api's 12:36 release, 25 minutes before, which keeps links and
images in the RSS description (the same HTML the rule matches) and lowers
the feed cache to 120 s; the commit in it that logs "publish rejected" for
validation failures; the show-notes docs; the feed item and client_golang
commits.
""",
        )
    finally:
        repo.close()
