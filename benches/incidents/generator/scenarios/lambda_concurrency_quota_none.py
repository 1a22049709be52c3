"""receipts-service (AWS SAM, Python 3.12 Lambdas with Powertools, in the
company's one production account in eu-west-1; team in Dublin, Kraków and
Toronto): Tallyo's expense receipts. The apps call an HTTP API backed by
receipts-api-prod (create a receipt and an upload URL, poll it, submit it;
submitting invokes policy-check-prod synchronously); uploads to S3 are
queued in SQS and scanned by receipt-ocr-prod with Textract. None of the
functions has reserved concurrency: they share the account's regional quota
of 1000 concurrent executions with every other team's functions.

On Tuesday at 10:01 UTC the data platform team starts a backfill for the
auditors: about 38,000 ledger partitions queued for their
ledger-export-backfill function, whose SQS event source has no maximum
concurrency. Lambda scales it up by a few hundred executions a minute and by
10:04 the account is at its quota. From then on most invocations of every
other function in the account are throttled: the HTTP API answers 500
(integration status 429, "Rate Exceeded."), receipts-api's calls to
policy-check fail with TooManyRequestsException, and receipt-ocr's SQS
messages are received again and again until they go to the dead-letter
queue. The on-call asks in #data-platform at 10:39; the data team disables
the event source mapping at 10:44 and everything recovers within two
minutes. AWS itself is fine. Nothing in this repository caused it.

Decoys: a receipts-api memory and timeout change deployed at 09:38, 25
minutes before the onset (new cold starts, "Memory Size: 1024 MB"); the
same morning's commit that makes receipt-ocr back off and log when
Textract throttles it ("ThrottlingException ... Rate exceeded"); a boto3
bump shipped with it; a policy-check change earlier in the week; chores; a
runbook commit after the onset. Lambda logs as `aws logs tail` prints them
(START/END/REPORT lines with tabs, Powertools JSON), the HTTP API's access
log (JSON), CloudWatch alarms through SNS (JSON), the #data-platform
channel (JSON), the deploy workflow (GitHub Actions, sam deploy)."""

import datetime as dt
import heapq
import json
import random

from common import Log, Person, Repo, emit, hexid, ms, poisson_times, utc, write_scenario
from skeletons import chores, ci_workflow, readme, runbook

SERVICE = "receipts-service"
ACCOUNT = "318204577693"
REGION = "eu-west-1"
START, END = utc("2026-09-08 09:00:00"), utc("2026-09-08 11:10:00")
MORNING_DEPLOY = utc("2026-09-08 08:06:20")
MEMORY_DEPLOY = utc("2026-09-08 09:38:31")
BACKFILL_START = utc("2026-09-08 10:01:24")
ESM_DISABLED = utc("2026-09-08 10:44:18")
QUOTA = 1000

TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: Tallyo receipts (API, policy check, OCR)

Globals:
  Function:
    Runtime: python3.12
    Architectures: [arm64]
    Tracing: Active
    Environment:
      Variables:
        POWERTOOLS_LOG_LEVEL: INFO
        RECEIPTS_TABLE: !Ref ReceiptsTable

Resources:
  ReceiptsApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: receipts-api-prod
      CodeUri: src/receipts_api/
      Handler: app.handler
      MemorySize: 512
      Timeout: 10
      Environment:
        Variables:
          POWERTOOLS_SERVICE_NAME: receipts-api
          POLICY_CHECK_FUNCTION: !Ref PolicyCheckFunction
      Events:
        Api:
          Type: HttpApi
          Properties:
            ApiId: !Ref ReceiptsHttpApi

  PolicyCheckFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: policy-check-prod
      CodeUri: src/policy_check/
      Handler: app.handler
      MemorySize: 256
      Timeout: 5

  ReceiptOcrFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: receipt-ocr-prod
      CodeUri: src/receipt_ocr/
      Handler: handler.handler
      MemorySize: 512
      Timeout: 30
      Environment:
        Variables:
          POWERTOOLS_SERVICE_NAME: receipt-ocr
      Events:
        Uploads:
          Type: SQS
          Properties:
            Queue: !GetAtt UploadsQueue.Arn
            BatchSize: 1
            FunctionResponseTypes: [ReportBatchItemFailures]
            ScalingConfig:
              MaximumConcurrency: 20

  UploadsQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: receipt-uploads-prod
      VisibilityTimeout: 180
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt UploadsDlq.Arn
        maxReceiveCount: 3

  UploadsDlq:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: receipt-uploads-prod-dlq

  ReceiptsHttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      AccessLogSettings:
        DestinationArn: !GetAtt ApiAccessLogs.Arn
        Format: '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","routeKey":"$context.routeKey","status":"$context.status","responseLength":"$context.responseLength","integrationLatency":"$context.integrationLatency","integrationStatus":"$context.integrationStatus","integrationErrorMessage":"$context.integrationErrorMessage","userAgent":"$context.identity.userAgent"}'

  ReceiptsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
"""

API_APP = """import json
import os

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from botocore.config import Config
from botocore.exceptions import ClientError

from receipts import store

logger = Logger()
app = APIGatewayHttpResolver()
lambda_client = boto3.client("lambda", config=Config(retries={"mode": "standard", "max_attempts": 3}))


@app.post("/v1/receipts")
def create_receipt():
    receipt = store.create(app.current_event.request_context.authorizer.jwt_claim["sub"])
    logger.info("receipt created", extra={"receipt_id": receipt.id})
    return {"id": receipt.id, "upload_url": store.presigned_upload(receipt)}


@app.get("/v1/receipts/<receipt_id>")
def get_receipt(receipt_id):
    return store.get(receipt_id).as_json()


@app.post("/v1/receipts/<receipt_id>/submit")
def submit_receipt(receipt_id):
    receipt = store.get(receipt_id)
    try:
        result = lambda_client.invoke(FunctionName=os.environ["POLICY_CHECK_FUNCTION"], Payload=json.dumps(receipt.as_json()))
    except ClientError:
        logger.exception("policy check invoke failed", extra={"receipt_id": receipt_id})
        return Response(503, "application/json", json.dumps({"error": "policy_check_unavailable"}))
    verdict = json.loads(result["Payload"].read())
    store.submit(receipt, verdict)
    logger.info("receipt submitted", extra={"receipt_id": receipt_id, "verdict": verdict["verdict"]})
    return {"id": receipt_id, "status": "submitted", "verdict": verdict["verdict"]}


@logger.inject_lambda_context
def handler(event, context):
    return app.resolve(event, context)
"""

OCR_HANDLER = """import json

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from receipts import store

logger = Logger()
textract = boto3.client("textract")
processor = BatchProcessor(event_type=EventType.SQS)


def scan(record):
    upload = json.loads(record.body)["Records"][0]["s3"]
    expense = textract.analyze_expense(Document={"S3Object": {"Bucket": upload["bucket"]["name"], "Name": upload["object"]["key"]}})
    receipt = store.from_upload_key(upload["object"]["key"])
    store.save_scan(receipt, expense)
    logger.info("receipt scanned", extra={"receipt_id": receipt.id, "approximate_receive_count": record.attributes.approximate_receive_count})


@logger.inject_lambda_context
def handler(event, context):
    return process_partial_response(event=event, record_handler=scan, processor=processor, context=context)
"""


def repo_files():
    return {
        "template.yaml": TEMPLATE,
        "samconfig.toml": 'version = 0.1\n\n[prod.deploy.parameters]\nstack_name = "receipts-service-prod"\nregion = "eu-west-1"\ncapabilities = "CAPABILITY_IAM"\ns3_prefix = "receipts-service"\nresolve_s3 = true\n',
        "src/receipts_api/app.py": API_APP,
        "src/receipts_api/requirements.txt": "aws-lambda-powertools==2.43.1\nboto3==1.35.10\n",
        "src/policy_check/app.py": 'from aws_lambda_powertools import Logger\n\nfrom receipts.policy import evaluate\n\nlogger = Logger()\n\n\n@logger.inject_lambda_context\ndef handler(event, context):\n    verdict = evaluate(event)\n    logger.info("policy evaluated", extra={"verdict": verdict.name, "rules": verdict.rules})\n    return {"verdict": verdict.name, "rules": verdict.rules}\n',
        "src/receipt_ocr/handler.py": OCR_HANDLER,
        "src/receipt_ocr/requirements.txt": "aws-lambda-powertools==2.43.1\nboto3==1.35.10\n",
        "src/receipts/store.py": '"""Receipts in DynamoDB (pk RECEIPT#<id>)."""\n',
        "src/receipts/policy.py": '"""Expense policy rules: per-diem limits, alcohol, weekend spend."""\n\nPER_DIEM_EUR = 60\n',
        "tests/test_policy.py": "from receipts.policy import PER_DIEM_EUR\n\n\ndef test_per_diem():\n    assert PER_DIEM_EUR == 60\n",
        ".github/workflows/ci.yml": ci_workflow("      - run: pip install -r requirements-dev.txt\n      - run: pytest -q\n      - run: sam validate --lint\n",
                                                "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n      - uses: aws-actions/setup-sam@v2\n"),
        ".github/workflows/deploy.yml": "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-22.04\n    environment: production\n    permissions:\n      id-token: write\n    steps:\n      - uses: actions/checkout@v4\n      - uses: aws-actions/setup-sam@v2\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::318204577693:role/receipts-deploy\n          aws-region: eu-west-1\n      - run: sam build --use-container\n      - run: sam deploy --config-env prod --no-confirm-changeset --no-fail-on-empty-changeset --tags git-sha=$GITHUB_SHA\n",
        "requirements-dev.txt": "pytest==8.3.2\nboto3==1.35.10\naws-lambda-powertools==2.43.1\n",
        "README.md": readme(SERVICE, "Tallyo's expense receipts: upload, OCR (Textract), policy check and submit (AWS Lambda, SAM).",
                            "pip install -r requirements-dev.txt\npytest -q\nsam build && sam local start-api").replace(
            "Merges to `main` are built by CI and rolled out by Argo CD to `prod-eu-1`.", "Merges to `main` are deployed by the `deploy` workflow (`sam deploy`) to the production account, eu-west-1."),
    }


def build_repo():
    ciara = Person("Ciara Doyle", "ciara.doyle@tallyo.io", 60)
    marek = Person("Marek Nowak", "marek.nowak@tallyo.io", 120)
    jordan = Person("Jordan Ellis", "jordan.ellis@tallyo.io", -240)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = repo_files()
    files["docs/runbook.md"] = runbook(SERVICE, [
        ("ReceiptsApi5xx", "More than 2 % of API calls answered 5xx: the access log's integrationStatus and integrationErrorMessage say whether the function failed or never ran."),
        ("ReceiptOcrDlqNotEmpty", "Uploads in receipt-uploads-prod-dlq: read receipt-ocr's log; redrive from the console once the cause is fixed."),
    ])
    repo.commit(utc("2026-09-01 09:10:00"), ciara, "receipts-service: import", files)
    repo.schedule(chores(random.Random(14401), SERVICE, [ciara, marek, jordan], utc("2026-09-01 09:10:00"), utc("2026-09-07 15:00:00"), 4))
    repo.commit(utc("2026-09-03 18:30:00"), jordan, "policy: weekend spend needs a reason", {
        "src/receipts/policy.py": repo.files["src/receipts/policy.py"] + "WEEKEND_NEEDS_REASON = True\n",
        "tests/test_policy.py": repo.files["tests/test_policy.py"] + "\n\ndef test_weekend_needs_reason():\n    from receipts.policy import WEEKEND_NEEDS_REASON\n\n    assert WEEKEND_NEEDS_REASON\n",
    })
    repo.commit(utc("2026-09-04 19:40:00"), jordan, "docs: how a receipt is scanned", {
        "docs/scanning.md": "# Scanning\n\nThe app uploads the photo to S3 with a presigned URL. S3 notifies\n`receipt-uploads-prod`; receipt-ocr-prod takes one message at a time (at\nmost 20 at once) and calls Textract AnalyzeExpense. A message that fails\nthree times goes to `receipt-uploads-prod-dlq`. The app polls\nGET /v1/receipts/{id} until the receipt is scanned.\n",
    })
    repo.commit(utc("2026-09-08 05:50:00"), bot, "Bump boto3 from 1.35.10 to 1.35.14 in /src\n\nBumps [boto3](https://github.com/boto/boto3) from 1.35.10 to 1.35.14.\n- [Release notes](https://github.com/boto/boto3/releases)\n- [Commits](https://github.com/boto/boto3/compare/1.35.10...1.35.14)\n\n---\nupdated-dependencies:\n- dependency-name: boto3\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n", {
        "src/receipts_api/requirements.txt": repo.edit("src/receipts_api/requirements.txt", "boto3==1.35.10", "boto3==1.35.14"),
        "src/receipt_ocr/requirements.txt": repo.edit("src/receipt_ocr/requirements.txt", "boto3==1.35.10", "boto3==1.35.14"),
    })
    morning = repo.commit(utc("2026-09-08 07:41:00"), marek, "ocr: back off when Textract throttles us\n\nOn Monday's month-end peak AnalyzeExpense answered ThrottlingException\n(\"Rate exceeded\") and the messages went to the DLQ after three\nimmediate failures. Log it, wait, and report the item as failed so\nSQS redelivers it after the visibility timeout.", {
        "src/receipt_ocr/handler.py": repo.edit("src/receipt_ocr/handler.py",
            "    expense = textract.analyze_expense(Document={\"S3Object\": {\"Bucket\": upload[\"bucket\"][\"name\"], \"Name\": upload[\"object\"][\"key\"]}})\n",
            "    try:\n        expense = textract.analyze_expense(Document={\"S3Object\": {\"Bucket\": upload[\"bucket\"][\"name\"], \"Name\": upload[\"object\"][\"key\"]}})\n"
            "    except textract.exceptions.ThrottlingException as err:\n"
            "        logger.warning(\"textract throttled, backing off\", extra={\"error\": str(err), \"approximate_receive_count\": record.attributes.approximate_receive_count})\n"
            "        time.sleep(2)\n        raise\n").replace("import json\n", "import json\nimport time\n"),
    })
    memory = repo.commit(utc("2026-09-08 09:21:00"), ciara, "api: 1024 MB and 15 s for receipts-api\n\nCold starts are 1.9 s at 512 MB (pydantic, boto3) and p99 of submit\nis close to the 10 s timeout when policy-check is cold too.", {
        "template.yaml": repo.edit("template.yaml", "      Handler: app.handler\n      MemorySize: 512\n      Timeout: 10\n", "      Handler: app.handler\n      MemorySize: 1024\n      Timeout: 15\n"),
    })
    repo.commit(utc("2026-09-08 11:48:00"), ciara, "runbook: throttling from the account's concurrency quota", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## 500s with integrationStatus 429, \"Rate Exceeded.\"\n\nThe function was throttled before it ran, so its own log shows nothing.\nCheck the account's ConcurrentExecutions (the platform team's\nlambda-account-concurrency alarm) and who is using it:\n`aws cloudwatch get-metric-data` on ConcurrentExecutions by FunctionName.\nOn 8 September it was another team's backfill (#data-platform). We are\nasking for reserved concurrency for receipts-api and policy-check.\n",
    })
    return repo, morning, memory


# ---------------------------------------------------------------------------


def uuid(rng):
    return f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}"


def tail(t, stream, msg):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond // 1000:03d}000+00:00 {stream} {msg}"


def powertools(t, level, location, msg, service, fn, memory, request_id, cold, **extra):
    t = t.astimezone(dt.timezone.utc)
    body = {"level": level, "location": location, "message": msg, "timestamp": t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}+0000",
            "service": service, "cold_start": cold, "function_name": fn, "function_memory_size": str(memory),
            "function_arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{fn}", "function_request_id": request_id}
    body.update(extra)
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def gha(t, text):
    t = t.astimezone(dt.timezone.utc)
    return f"{t.strftime('%Y-%m-%dT%H:%M:%S.')}{t.microsecond:06d}0Z {text}"


def throttle_p(t):
    """Share of this account's new invocations that Lambda throttles (the backfill holds the rest)."""
    full = BACKFILL_START + dt.timedelta(seconds=165)
    if t < full:
        return 0.0
    if t < ESM_DISABLED:
        return min(0.86, 0.25 + (t - full).total_seconds() / 60 * 0.4)
    left = (t - ESM_DISABLED).total_seconds()
    return max(0.0, 0.8 - left / 110 * 0.8)


def build_logs(rng, morning, memory):
    api_log = Log("lambda-receipts-api.log")
    ocr_log = Log("lambda-receipt-ocr.log")
    access = Log("apigw-access.log")
    alarms = Log("cloudwatch-alarms.log")
    feed = Log("slack-data-platform.log")
    deploy = Log("deploy.log")

    # --- deploys (sam deploy from GitHub Actions) ------------------------------------------------
    def sam_deploy(t0, sha, changed):
        lines = [(0, f"##[group]Run sam deploy --config-env prod --no-confirm-changeset --no-fail-on-empty-changeset --tags git-sha={sha}"), (0.01, "##[endgroup]"),
                 (6.2, "\tDeploying with following values"), (6.2, "\t==============================="), (6.2, "\tStack name                   : receipts-service-prod"),
                 (6.2, "\tRegion                       : eu-west-1"), (6.2, "\tConfirm changeset            : False"), (6.2, "\tDeployment s3 bucket         : aws-sam-cli-managed-default-samclisourcebucket-1x2k9q7w3v4b"),
                 (6.2, "\tCapabilities                 : [\"CAPABILITY_IAM\"]"), (6.2, f"\tParameter overrides          : {{}}"), (6.2, f"\tSigning Profiles             : {{}}"),
                 (9.8, "Waiting for changeset to be created.."), (15.1, "CloudFormation stack changeset"),
                 (15.1, "Operation                LogicalResourceId        ResourceType             Replacement"), (15.1, "-" * 96)]
        for name in changed:
            lines.append((15.1, f"* Modify                 {name:<24} AWS::Lambda::Function    False"))
        lines += [(15.1, "-" * 96), (16.0, f"Changeset created successfully. arn:aws:cloudformation:{REGION}:{ACCOUNT}:changeSet/samcli-deploy{int(t0.timestamp())}/{uuid(rng)}"),
                  (21.4, "CloudFormation events from stack operations (refresh every 5.0 seconds)"), (21.4, "-" * 105),
                  (21.4, "ResourceStatus                 ResourceType                   LogicalResourceId              ResourceStatusReason"), (21.4, "-" * 105),
                  (21.4, "UPDATE_IN_PROGRESS             AWS::CloudFormation::Stack     receipts-service-prod          User Initiated")]
        off = 26.5
        for name in changed:
            lines.append((off, f"UPDATE_IN_PROGRESS             AWS::Lambda::Function          {name:<30} -"))
            off += rng.uniform(4, 7)
            lines.append((off, f"UPDATE_COMPLETE                AWS::Lambda::Function          {name:<30} -"))
        lines += [(off + 5, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS   AWS::CloudFormation::Stack     receipts-service-prod          -"),
                  (off + 10, "UPDATE_COMPLETE                AWS::CloudFormation::Stack     receipts-service-prod          -"), (off + 10, "-" * 105), (off + 10.1, ""),
                  (off + 10.1, f"Successfully created/updated stack - receipts-service-prod in {REGION}")]
        for o, text in lines:
            deploy.add(t0 + dt.timedelta(seconds=o), gha(t0 + dt.timedelta(seconds=o), text))
        return t0 + dt.timedelta(seconds=off)

    for t0, sha, changed in ((MORNING_DEPLOY - dt.timedelta(seconds=40), morning, ["ReceiptOcrFunction", "ReceiptsApiFunction"]),
                             (MEMORY_DEPLOY - dt.timedelta(seconds=34), memory, ["ReceiptsApiFunction"])):
        deploy.add(t0 - dt.timedelta(seconds=95), gha(t0 - dt.timedelta(seconds=95), f"HEAD is now at {sha[:7]}"))
        sam_deploy(t0, sha, changed)

    # --- execution environments ---------------------------------------------------------------------
    class Env:
        def __init__(self, fn, t, memory):
            self.fn = fn
            self.stream = f"{t.strftime('%Y/%m/%d')}/[$LATEST]{hexid(rng, 32)}"
            self.memory = memory
            self.busy_until = t
            self.born = t
            self.cold = True
            self.used = rng.randint(88, 104) if memory == 512 else rng.randint(92, 110)

    envs = {"api": [], "ocr": []}

    def env_for(kind, t, memory):
        pool = [e for e in envs[kind] if e.memory == memory and e.busy_until <= t and (t - e.busy_until).total_seconds() < 900]
        if pool:
            e = min(pool, key=lambda e: e.born)
            e.cold = False
            return e
        e = Env(kind, t, memory)
        envs[kind].append(e)
        return e

    def invoke(log, kind, fn, t, memory, body_fn, base_ms):
        """One invocation that Lambda let run: START, the function's lines, END, REPORT."""
        e = env_for(kind, t, memory)
        rid = uuid(rng)
        init = None
        if e.cold:
            init = rng.uniform(780, 1050) if memory == 512 else rng.uniform(620, 820)
            t = t + dt.timedelta(milliseconds=init)
        log.add(t, tail(t, e.stream, f"START RequestId: {rid} Version: $LATEST"))
        took = body_fn(t, e, rid)
        duration = took if took else ms(rng, base_ms, 0.4)
        end = t + dt.timedelta(milliseconds=duration)
        log.add(end, tail(end, e.stream, f"END RequestId: {rid}"))
        e.used = min(e.used + rng.randint(0, 2), 180)
        report = f"REPORT RequestId: {rid}\tDuration: {duration:.2f} ms\tBilled Duration: {int(duration) + 1} ms\tMemory Size: {memory} MB\tMax Memory Used: {e.used} MB\t"
        if init:
            report += f"Init Duration: {init:.2f} ms\t"
        log.add(end + dt.timedelta(microseconds=300), tail(end + dt.timedelta(microseconds=300), e.stream, report))
        e.busy_until = end
        return end, rid

    # --- the apps: create, poll, submit ----------------------------------------------------------
    UAS = ["Tallyo/7.4.1 (iPhone; iOS 17.6.1)", "Tallyo/7.4.1 (Android 14; Pixel 8)", "Tallyo/7.4.0 (Android 13; SM-A536B)", "Tallyo-Web/2026.09.2"]
    ok_count, err_count = {}, {}

    def api_memory(t):
        return 1024 if t >= MEMORY_DEPLOY else 512

    def access_line(t, route, status, length, latency, istatus, ierr, ua, client):
        body = {"requestId": f"{hexid(rng, 14)}=", "ip": client, "requestTime": t.strftime("%d/%b/%Y:%H:%M:%S +0000"), "routeKey": route, "status": str(status),
                "responseLength": str(length), "integrationLatency": str(latency) if latency is not None else "-", "integrationStatus": str(istatus),
                "integrationErrorMessage": ierr if ierr else "-", "userAgent": ua}
        access.add(t, json.dumps(body, separators=(",", ":")))

    def api_call(t, route, receipt_id, ua, client, user):
        minute = t.replace(second=0, microsecond=0)
        if rng.random() < throttle_p(t):
            e = t + dt.timedelta(milliseconds=rng.randint(8, 30))
            access_line(e, route, 500, 35, None, 429, "Rate Exceeded.", ua, client)
            err_count[minute] = err_count.get(minute, 0) + 1
            return 500
        memory = api_memory(t)
        fn = "receipts-api-prod"
        result = {}

        def body(ts, env, rid):
            if route == "POST /v1/receipts":
                d = ms(rng, 48, 0.4)
                api_log.add(ts + dt.timedelta(milliseconds=d - 2), tail(ts + dt.timedelta(milliseconds=d - 2), env.stream,
                                                                         powertools(ts + dt.timedelta(milliseconds=d - 2), "INFO", "create_receipt:23", "receipt created", "receipts-api", fn, memory, rid, env.cold, receipt_id=receipt_id)))
                result["status"], result["len"] = 200, 742
                return d
            if route == "GET /v1/receipts/{receipt_id}":
                result["status"], result["len"] = 200, rng.randint(310, 900)
                return ms(rng, 22, 0.4)
            # submit: invoke policy-check synchronously
            if rng.random() < throttle_p(ts):
                d = 380 + ms(rng, 350, 0.3)
                te = ts + dt.timedelta(milliseconds=d - 3)
                exc = ("Traceback (most recent call last):\n"
                       "  File \"/var/task/app.py\", line 32, in submit_receipt\n"
                       "    result = lambda_client.invoke(FunctionName=os.environ[\"POLICY_CHECK_FUNCTION\"], Payload=json.dumps(receipt.as_json()))\n"
                       "             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
                       "  File \"/var/task/botocore/client.py\", line 569, in _api_call\n"
                       "    return self._make_api_call(operation_name, kwargs)\n"
                       "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
                       "  File \"/var/task/botocore/client.py\", line 1023, in _make_api_call\n"
                       "    raise error_class(parsed_response, operation_name)\n"
                       "botocore.errorfactory.TooManyRequestsException: An error occurred (TooManyRequestsException) when calling the Invoke operation (reached max retries: 2): Rate Exceeded.")
                api_log.add(te, tail(te, env.stream, powertools(te, "ERROR", "submit_receipt:34", "policy check invoke failed", "receipts-api", fn, memory, rid, env.cold,
                                                                 receipt_id=receipt_id, exception=exc, exception_name="TooManyRequestsException")))
                result["status"], result["len"] = 503, 36
                return d
            d = ms(rng, 160, 0.35)
            verdict = rng.choice(["approved", "approved", "approved", "needs_review", "rejected"])
            te = ts + dt.timedelta(milliseconds=d - 2)
            api_log.add(te, tail(te, env.stream, powertools(te, "INFO", "submit_receipt:38", "receipt submitted", "receipts-api", fn, memory, rid, env.cold,
                                                             receipt_id=receipt_id, verdict=verdict)))
            result["status"], result["len"] = 200, 96
            return d

        end, _ = invoke(api_log, "api", fn, t, memory, body, 30)
        status = result["status"]
        access_line(end + dt.timedelta(milliseconds=3), route, status, result["len"], int((end - t).total_seconds() * 1000), 200, None, ua, client)
        if status >= 500:
            err_count[minute] = err_count.get(minute, 0) + 1
        else:
            ok_count[minute] = ok_count.get(minute, 0) + 1
        return status

    uploads = []   # (time the S3 event is queued, receipt id)

    def rate(t):
        return 3.1 + 0.8 * min(1.0, (t - START).total_seconds() / 3600)

    # Each app session is a chain of calls; a heap keeps them in time order.
    events = []
    seq = 0

    def push(t, step, data):
        nonlocal seq
        seq += 1
        heapq.heappush(events, (t, seq, step, data))

    t = START
    while t < END:
        nxt = t + dt.timedelta(minutes=1)
        for when in poisson_times(rng, t, nxt, rate(t)):
            r = rng.random()
            data = {"ua": rng.choice(UAS), "rid": f"rcpt_{hexid(rng, 20)}", "user": hexid(rng, 10), "retried": False,
                    "client": f"{rng.choice([31, 37, 46, 51, 78, 86, 89, 109, 176, 185, 193, 212])}.{rng.randint(1, 254)}.{rng.randint(0, 254)}.{rng.randint(1, 254)}"}
            push(when, "create" if r < 0.55 else ("submit" if r < 0.8 else "get"), data)
        t = nxt
    while events:
        t, _, step, d = heapq.heappop(events)
        if t >= END:
            continue
        if step == "create":
            status = api_call(t, "POST /v1/receipts", d["rid"], d["ua"], d["client"], d["user"])
            if status == 500 and not d["retried"] and rng.random() < 0.7:
                d["retried"] = True
                push(t + dt.timedelta(seconds=rng.uniform(2, 6)), "create", d)
            elif status == 200:
                up = t + dt.timedelta(seconds=rng.uniform(1.5, 4))
                uploads.append((up, d["rid"]))
                for k in range(rng.randint(2, 4)):
                    push(up + dt.timedelta(seconds=4 + 5 * k + rng.uniform(0, 1)), "get", d)
        elif step == "submit":
            status = api_call(t, "POST /v1/receipts/{receipt_id}/submit", d["rid"], d["ua"], d["client"], d["user"])
            if status >= 500 and not d["retried"] and rng.random() < 0.5:
                d["retried"] = True
                push(t + dt.timedelta(seconds=rng.uniform(3, 10)), "submit", d)
        else:
            api_call(t, "GET /v1/receipts/{receipt_id}", d["rid"], d["ua"], d["client"], d["user"])

    # --- receipt-ocr: SQS event source, throttled receives, the DLQ ------------------------------------
    dlq = []
    queue = sorted(uploads)
    receive = {rid: 0 for _, rid in queue}
    pending = [(t + dt.timedelta(seconds=rng.uniform(0.3, 1.5)), rid, t) for t, rid in queue]
    while pending:
        pending.sort(key=lambda item: item[0])
        t, rid, queued = pending.pop(0)
        if t >= END:
            continue
        receive[rid] += 1
        if rng.random() < throttle_p(t):
            # throttled: back on the queue after the visibility timeout
            if receive[rid] >= 3:
                dlq.append((t + dt.timedelta(seconds=180), rid))
            else:
                pending.append((t + dt.timedelta(seconds=180 + rng.uniform(0, 5)), rid, queued))
            continue
        count = receive[rid]

        def body(ts, env, req):
            key = f"uploads/{rid}.jpg"
            if ts >= MORNING_DEPLOY and rng.random() < 0.025:
                d = 2000 + ms(rng, 600, 0.3)
                te = ts + dt.timedelta(milliseconds=d - 5)
                ocr_log.add(te, tail(te, env.stream, powertools(te, "WARNING", "scan:22", "textract throttled, backing off", "receipt-ocr", "receipt-ocr-prod", 512, req, env.cold,
                                                                 error="An error occurred (ThrottlingException) when calling the AnalyzeExpense operation (reached max retries: 4): Rate exceeded",
                                                                 approximate_receive_count=str(count), s3_key=key)))
                pending.append((ts + dt.timedelta(seconds=180), rid, queued))
                return d
            d = ms(rng, 2600, 0.3)
            te = ts + dt.timedelta(milliseconds=d - 4)
            ocr_log.add(te, tail(te, env.stream, powertools(te, "INFO", "scan:27", "receipt scanned", "receipt-ocr", "receipt-ocr-prod", 512, req, env.cold,
                                                             receipt_id=rid, approximate_receive_count=str(count), queue_age_s=int((ts - queued).total_seconds()))))
            return d

        invoke(ocr_log, "ocr", "receipt-ocr-prod", t, 512, body, 2600)

    # --- CloudWatch alarms (SNS) ----------------------------------------------------------------------
    def alarm(t, name, desc, new, old, reason, metric, namespace, dims, stat, threshold, op="GreaterThanOrEqualToThreshold", period=60):
        msg = {"AlarmName": name, "AlarmDescription": desc, "AWSAccountId": ACCOUNT, "AlarmConfigurationUpdatedTimestamp": "2026-06-02T13:44:10.115+0000",
               "NewStateValue": new, "NewStateReason": reason, "StateChangeTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+0000",
               "Region": "EU (Ireland)", "AlarmArn": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{name}", "OldStateValue": old, "OKActions": [f"arn:aws:sns:{REGION}:{ACCOUNT}:alarms"],
               "AlarmActions": [f"arn:aws:sns:{REGION}:{ACCOUNT}:alarms"], "InsufficientDataActions": [],
               "Trigger": {"MetricName": metric, "Namespace": namespace, "StatisticType": "Statistic", "Statistic": stat, "Unit": None,
                           "Dimensions": [{"value": v, "name": k} for k, v in dims], "Period": period, "EvaluationPeriods": 1, "ComparisonOperator": op,
                           "Threshold": threshold, "TreatMissingData": "notBreaching", "EvaluateLowSampleCountPercentile": ""}}
        alarms.add(t, json.dumps({"Type": "Notification", "MessageId": uuid(rng), "TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:alarms",
                                  "Subject": f"{new}: \"{name}\" in EU (Ireland)", "Message": json.dumps(msg, separators=(",", ":")),
                                  "Timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"}, separators=(",", ":")))

    def stamp(t):
        return t.strftime("%d/%m/%y %H:%M:00")

    conc_desc = "Lambda concurrent executions in the account are close to the regional quota (1000); functions without reserved concurrency will be throttled. Owner: #platform."
    a1 = utc("2026-09-08 10:05:14")
    alarm(a1, "lambda-account-concurrency-high", conc_desc, "ALARM", "OK",
          f"Threshold Crossed: 1 out of the last 1 datapoints [1000.0 ({stamp(a1 - dt.timedelta(minutes=1))})] was greater than or equal to the threshold (900.0) (minimum 1 datapoint for OK -> ALARM transition).",
          "ConcurrentExecutions", "AWS/Lambda", [], "Maximum", 900.0)
    a2 = utc("2026-09-08 10:06:40")
    alarm(a2, "receipts-api-5xx", "More than 2 % of receipts HTTP API calls answered 5xx (runbook: ReceiptsApi5xx).", "ALARM", "OK",
          f"Threshold Crossed: 1 out of the last 1 datapoints [{rng.uniform(55, 70):.1f} ({stamp(a2 - dt.timedelta(minutes=1))})] was greater than or equal to the threshold (2.0) (minimum 1 datapoint for OK -> ALARM transition).",
          "5xx", "AWS/ApiGateway", [("ApiId", "k3v9q2x1md"), ("Stage", "$default")], "Average", 2.0, period=60)
    a3 = utc("2026-09-08 10:07:05")
    alarm(a3, "receipts-api-throttles", "receipts-api-prod invocations throttled.", "ALARM", "OK",
          f"Threshold Crossed: 1 out of the last 1 datapoints [{rng.randint(40, 70)}.0 ({stamp(a3 - dt.timedelta(minutes=1))})] was greater than or equal to the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).",
          "Throttles", "AWS/Lambda", [("FunctionName", "receipts-api-prod")], "Sum", 5.0)
    first_dlq = min(t for t, _ in dlq) if dlq else utc("2026-09-08 10:14:00")
    a4 = first_dlq + dt.timedelta(seconds=rng.randint(50, 110))
    alarm(a4, "receipt-ocr-dlq-not-empty", "Uploads in receipt-uploads-prod-dlq (runbook: ReceiptOcrDlqNotEmpty).", "ALARM", "OK",
          f"Threshold Crossed: 1 out of the last 1 datapoints [{sum(1 for t, _ in dlq if t <= a4)}.0 ({stamp(a4 - dt.timedelta(minutes=1))})] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).",
          "ApproximateNumberOfMessagesVisible", "AWS/SQS", [("QueueName", "receipt-uploads-prod-dlq")], "Maximum", 1.0, period=300)
    for t, name, value, threshold, desc, metric, ns, dims, stat in (
            (utc("2026-09-08 10:47:14"), "lambda-account-concurrency-high", "412.0", 900.0, conc_desc, "ConcurrentExecutions", "AWS/Lambda", [], "Maximum"),
            (utc("2026-09-08 10:48:40"), "receipts-api-5xx", "0.0", 2.0, "More than 2 % of receipts HTTP API calls answered 5xx (runbook: ReceiptsApi5xx).", "5xx", "AWS/ApiGateway", [("ApiId", "k3v9q2x1md"), ("Stage", "$default")], "Average"),
            (utc("2026-09-08 10:49:05"), "receipts-api-throttles", "0.0", 5.0, "receipts-api-prod invocations throttled.", "Throttles", "AWS/Lambda", [("FunctionName", "receipts-api-prod")], "Sum")):
        alarm(t, name, desc, "OK", "ALARM",
              f"Threshold Crossed: 1 out of the last 1 datapoints [{value} ({stamp(t - dt.timedelta(minutes=1))})] was not greater than or equal to the threshold ({threshold}) (minimum 1 datapoint for ALARM -> OK transition).",
              metric, ns, dims, stat, threshold)
    # an unrelated alarm earlier that morning
    alarm(utc("2026-09-08 09:12:31"), "billing-exports-duration", "billing-exports-prod p95 duration above 60 s.", "OK", "ALARM",
          f"Threshold Crossed: 1 out of the last 1 datapoints [41.2 ({stamp(utc('2026-09-08 09:11:31'))})] was not greater than or equal to the threshold (60.0) (minimum 1 datapoint for ALARM -> OK transition).",
          "Duration", "AWS/Lambda", [("FunctionName", "billing-exports-prod")], "p95", 60.0)

    # --- #data-platform ------------------------------------------------------------------------------
    posts = [
        ("2026-09-08 08:31:07", "Niamh Kelly", "data-platform", "Morning! Airflow upgrade to 2.10.1 on the analytics cluster is done, all DAGs green."),
        ("2026-09-08 09:58:42", "Tomás Ruiz", "data-platform", "Heads-up: starting the FY2025 ledger re-export for the auditors now. ~38k partitions queued on ledger-export-backfill (SQS -> Lambda), should take about 90 min. Ping me if you see anything odd."),
        ("2026-09-08 10:39:55", "Ciara Doyle", "receipts", "Is something in prod using all the Lambda concurrency? Our functions have been throttled since 10:04 (receipts API 500s, OCR messages going to the DLQ) and the account's ConcurrentExecutions is pinned at 1000."),
        ("2026-09-08 10:42:31", "Tomás Ruiz", "data-platform", "That'll be the backfill, sorry: ledger-export-backfill is at ~930 concurrent. Disabling its event source mapping now."),
        ("2026-09-08 10:45:02", "Tomás Ruiz", "data-platform", "ESM disabled at 10:44, in-flight invocations are finishing. We'll resume with MaximumConcurrency 150 on the ESM after lunch."),
        ("2026-09-08 10:51:20", "Ciara Doyle", "receipts", "Throttles gone since ~10:46, API fine. Redriving the OCR DLQ now. We'll ask #platform for reserved concurrency on receipts-api and policy-check."),
    ]
    for stamp_, who, team, text in posts:
        t = utc(stamp_)
        feed.add(t, json.dumps({"ts": f"{t.timestamp():.6f}", "channel": "#data-platform", "user": who, "team": team, "text": text}, ensure_ascii=False, separators=(",", ":")))

    return [api_log, ocr_log, access, alarms, feed, deploy], ok_count, err_count


def build(out_dir):
    rng = random.Random(14400)
    repo, morning, memory = build_repo()
    try:
        logs, ok_count, err_count = build_logs(rng, morning, memory)
        access = logs[2]
        onset = min(t for t, _, text in access.entries if "Rate Exceeded" in text).replace(microsecond=0)
        return write_scenario(
            out_dir, name="lambda-concurrency-quota-none", service=SERVICE, onset=onset,
            description=f"""
Receipts cannot be uploaded or submitted. From {onset.strftime('%H:%M')} UTC most calls to the
receipts HTTP API fail with 500, submits that get through fail with 503,
and uploaded receipts stay "scanning"; some end up in the OCR dead-letter
queue. receipts-service was deployed at 08:06 (Textract throttling
back-off, a boto3 bump) and at 09:38 (receipts-api 1024 MB, 15 s). The
errors stop at about 10:46.
""",
            logs=logs, repo=repo, culprit="none",
            root_cause=[r"TooManyRequestsException.*Rate Exceeded", r"concurrent executions in the account are close to the regional quota"],
            fix_files=[],
            explanation=f"""
Nothing in receipts-service's repository caused it. The data platform
team's backfill (ledger-export-backfill, SQS event source without a
maximum concurrency, started 10:01) took the account's whole Lambda
concurrency quota of 1000 by 10:04, and every function without reserved
concurrency was throttled: the HTTP API answers 500 with
integrationStatus 429 and "Rate Exceeded." (receipts-api never runs, so
its own log just thins out), receipts-api's invocations of policy-check
fail with "TooManyRequestsException ... (reached max retries: 2): Rate
Exceeded.", and receipt-ocr's messages are received three times and go
to the DLQ. The platform team's lambda-account-concurrency-high alarm
fires at 10:05; #data-platform announced the backfill at 09:58 and
disables its event source mapping at 10:44, after which everything
recovers. Decoys: the receipts-api memory and timeout change deployed at
09:38, {int((onset - MEMORY_DEPLOY).total_seconds() // 60)} minutes before the onset (cold starts, new memory size in the
REPORT lines); the morning commit that backs off and logs when Textract
throttles ("ThrottlingException ... Rate exceeded"); the boto3 bump; the
policy change and docs earlier; chores; the runbook commit after the
onset.
""",
        )
    finally:
        repo.close()
