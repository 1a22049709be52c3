"""claims-documents (.NET 8): S3 in eu-west-1 has elevated error rates for
about 50 minutes (InternalError 500 and 503 Service Unavailable on PUT and
GET). The SDK's retries absorb some; about a third of document uploads and
thumbnail reads still fail, and customers see "upload failed, try again". The
AWS Health event arrives 19 minutes after the first errors. Nothing in this
repository caused it, though the same morning's deploy switched large uploads
to multipart, a commit added the S3 request id to the very error line the
incident is full of, and a change of the S3 client's retry mode rolled out 35
minutes before the onset. Serilog text log with .NET exception stack traces,
ingress-nginx access, AWS Health events (JSON)."""

import datetime as dt
import json
import random

from common import Log, Person, Repo, emit, hexid, ip, ms, poisson_times, query_range, utc, write_scenario
from formats import nginx_access
from skeletons import chores, ci_workflow, k8s_deployment, k8s_service, readme, runbook

SERVICE = "claims-documents"
DEPLOY = utc("2026-12-10 07:48:00")
CONFIG_DEPLOY = utc("2026-12-10 08:58:00")
ONSET = utc("2026-12-10 09:33:26")
HEALTH_POSTED = utc("2026-12-10 09:52:40")
RECOVERED = utc("2026-12-10 10:22:10")
START, END = utc("2026-12-10 07:30:00"), utc("2026-12-10 10:50:00")
BUCKET = "insurely-claims-documents-prod"

STORE = """using Amazon.S3;
using Amazon.S3.Model;

namespace Insurely.Claims.Documents;

public sealed class DocumentStore(IAmazonS3 s3, ILogger<DocumentStore> log, StorageOptions options)
{
    public async Task<string> UploadAsync(ClaimDocument doc, Stream content, CancellationToken ct)
    {
        var key = $"claims/{doc.CreatedAt:yyyy/MM/dd}/{doc.ClaimId}/{doc.Id}";
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = key,
            InputStream = content,
            ContentType = doc.ContentType,
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
        }, ct);
        return key;
    }
}
"""

APPSETTINGS = """{
  "Serilog": {
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft.AspNetCore": "Warning" } }
  },
  "Storage": {
    "Bucket": "insurely-claims-documents-prod",
    "Region": "eu-west-1",
    "RetryMode": "Standard",
    "MaxErrorRetry": 3,
    "PresignedUrlExpiryMinutes": 15
  }
}
"""


def dotnet_files():
    return {
        "Claims.Documents.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n",
        "src/Claims.Documents/Claims.Documents.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"AWSSDK.S3\" Version=\"3.7.305.7\" />\n    <PackageReference Include=\"Serilog.AspNetCore\" Version=\"8.0.1\" />\n  </ItemGroup>\n</Project>\n",
        "src/Claims.Documents/Program.cs": "using Serilog;\n\nvar builder = WebApplication.CreateBuilder(args);\nbuilder.Host.UseSerilog((ctx, cfg) => cfg.ReadFrom.Configuration(ctx.Configuration).WriteTo.Console(outputTemplate: \"{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}\"));\nbuilder.Services.AddDocumentStore(builder.Configuration);\nvar app = builder.Build();\napp.UseSerilogRequestLogging();\napp.MapDocumentEndpoints();\nLog.Information(\"claims-documents {Version} starting\", ThisAssembly.GitCommitId);\napp.Run();\n",
        "src/Claims.Documents/DocumentStore.cs": STORE,
        "src/Claims.Documents/appsettings.Production.json": APPSETTINGS,
        "tests/Claims.Documents.Tests/DocumentStoreTests.cs": "namespace Insurely.Claims.Documents.Tests;\n\npublic class DocumentStoreTests\n{\n    [Fact]\n    public void KeyHasClaimAndDate() { }\n}\n",
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish src/Claims.Documents -c Release -o /out\n\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY --from=build /out /app\nENTRYPOINT [\"dotnet\", \"/app/Claims.Documents.dll\"]\n",
        ".github/workflows/ci.yml": ci_workflow("      - run: dotnet test\n", "      - uses: actions/setup-dotnet@v4\n        with:\n          dotnet-version: '8.0.x'\n"),
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8080, replicas=3, memory="512Mi", cpu="500m", env={"ASPNETCORE_ENVIRONMENT": "Production"}),
        "k8s/service.yaml": k8s_service(SERVICE, 8080),
        "README.md": readme(SERVICE, "Stores and serves the photos and documents attached to insurance claims (S3).", "dotnet test\ndotnet run --project src/Claims.Documents"),
        "docs/runbook.md": runbook(SERVICE, [("DocumentUploadFailures", "Upload failures above 2 %: read the S3 error code in the log; check the AWS Health dashboard for eu-west-1.")]),
    }


def build_repo():
    aoife = Person("Aoife Byrne", "aoife.byrne@insurely.ie", 0)
    pedro = Person("Pedro Santos", "pedro.santos@insurely.ie", 0)
    maria = Person("Maria Kask", "maria.kask@insurely.ie", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    repo.commit(utc("2026-12-04 10:00:00"), pedro, "claims-documents: import", dotnet_files())
    repo.schedule(chores(random.Random(5701), SERVICE, [aoife, pedro, maria], utc("2026-12-04 10:00:00"), ONSET, 5))
    repo.commit(utc("2026-12-09 15:30:00"), maria, "uploads: multipart via TransferUtility for documents over 8 MB", {
        "src/Claims.Documents/DocumentStore.cs": repo.edit("src/Claims.Documents/DocumentStore.cs",
                                                          "        await s3.PutObjectAsync(new PutObjectRequest\n",
                                                          "        if (content.Length > 8 * 1024 * 1024)\n        {\n            await new TransferUtility(s3).UploadAsync(new TransferUtilityUploadRequest { BucketName = options.Bucket, Key = key, InputStream = content, PartSize = 8 * 1024 * 1024 }, ct);\n            return key;\n        }\n        await s3.PutObjectAsync(new PutObjectRequest\n"),
    })
    repo.commit(utc("2026-12-10 06:05:00"), bot, "Bump AWSSDK.S3 from 3.7.305.7 to 3.7.305.22", {
        "src/Claims.Documents/Claims.Documents.csproj": repo.edit("src/Claims.Documents/Claims.Documents.csproj", "3.7.305.7", "3.7.305.22"),
    })
    head = repo.commit(utc("2026-12-10 07:21:00"), aoife, "logging: S3 error code, request id and key on upload failures", {
        "src/Claims.Documents/DocumentStore.cs": repo.edit("src/Claims.Documents/DocumentStore.cs",
                                                          "        return key;\n    }\n}\n",
                                                          "        return key;\n    }\n\n    internal void LogFailure(AmazonS3Exception e, string key) =>\n        log.LogError(e, \"Upload of claim document failed: S3 {ErrorCode} {StatusCode} request {RequestId} key {Key}\", e.ErrorCode, (int)e.StatusCode, e.RequestId, key);\n}\n"),
    })
    config = repo.commit(utc("2026-12-10 08:40:00"), pedro, "storage: adaptive retry mode so bulk imports back off instead of failing", {
        "src/Claims.Documents/appsettings.Production.json": repo.edit("src/Claims.Documents/appsettings.Production.json", '"RetryMode": "Standard"', '"RetryMode": "Adaptive"'),
    })
    repo.commit(utc("2026-12-10 10:35:00"), maria, "tests: multipart threshold", {
        "tests/Claims.Documents.Tests/MultipartTests.cs": "namespace Insurely.Claims.Documents.Tests;\n\npublic class MultipartTests\n{\n    [Fact]\n    public void EightMegabytesIsSinglePut() { }\n}\n",
    })
    return repo, head, config


PUT_TRACE = """Amazon.S3.AmazonS3Exception: {message}
 ---> Amazon.Runtime.Internal.HttpErrorResponseException: Exception of type 'Amazon.Runtime.Internal.HttpErrorResponseException' was thrown.
   at Amazon.Runtime.HttpWebRequestMessage.ProcessHttpResponseMessage(HttpResponseMessage responseMessage)
   at Amazon.Runtime.HttpWebRequestMessage.GetResponseAsync(CancellationToken cancellationToken)
   at Amazon.Runtime.Internal.HttpHandler`1.InvokeAsync[T](IExecutionContext executionContext)
   at Amazon.Runtime.Internal.RedirectHandler.InvokeAsync[T](IExecutionContext executionContext)
   at Amazon.Runtime.Internal.Unmarshaller.InvokeAsync[T](IExecutionContext executionContext)
   at Amazon.S3.Internal.AmazonS3ResponseHandler.InvokeAsync[T](IExecutionContext executionContext)
   at Amazon.Runtime.Internal.ErrorHandler.InvokeAsync[T](IExecutionContext executionContext)
   --- End of inner exception stack trace ---
   at Amazon.Runtime.Internal.HttpErrorResponseExceptionHandler.HandleExceptionStream(IRequestContext requestContext, IWebResponseData httpErrorResponse, HttpErrorResponseException exception, Stream responseStream)
   at Amazon.Runtime.Internal.ErrorHandler.ProcessException(IExecutionContext executionContext, Exception exception)
   at Amazon.Runtime.Internal.ErrorHandler.InvokeAsync[T](IExecutionContext executionContext)
   at Amazon.Runtime.Internal.RetryHandler.InvokeAsync[T](IExecutionContext executionContext)
   at Amazon.Runtime.Internal.CallbackHandler.InvokeAsync[T](IExecutionContext executionContext)
   at {frame}
   at Insurely.Claims.Documents.{where}"""


def build_logs(rng, head, config):
    app = Log("claims-documents.log")
    nginx = Log("ingress-nginx-access.log")
    health = Log("aws-health-events.log")
    broken = lambda t: ONSET <= t < RECOVERED  # noqa: E731

    def serilog(t, level, msg):
        return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d} +00:00 [{level}] {msg}"

    def s3_error():
        return rng.choices([("InternalError", 500, "We encountered an internal error. Please try again."),
                            ("ServiceUnavailable", 503, "Service Unavailable")], weights=[2, 1])[0]

    for when, version in [(DEPLOY, head[:7]), (CONFIG_DEPLOY, config[:7])]:
        for i in range(3):
            t = when + dt.timedelta(seconds=20 * i)
            app.add(t, serilog(t, "INF", f"claims-documents {version} starting"))
            app.add(t + dt.timedelta(seconds=2), serilog(t + dt.timedelta(seconds=2), "INF", "Now listening on: http://[::]:8080"))
            app.add(t + dt.timedelta(seconds=2), serilog(t + dt.timedelta(seconds=2), "INF", "Application started. Press Ctrl+C to shut down."))
    for t in poisson_times(rng, START, END, 11):
        claim = rng.randint(4400000, 4499999)
        client = ip(rng, "10.12")
        upload = rng.random() < 0.55
        path = f"/api/claims/{claim}/documents" if upload else f"/api/claims/{claim}/documents/{hexid(rng, 12)}/thumbnail"
        method = "POST" if upload else "GET"
        if broken(t) and rng.random() < 0.33:
            code, status, message = s3_error()
            rid = hexid(rng, 16).upper()
            key = f"claims/2026/12/10/{claim}/{hexid(rng, 12)}"
            took = 1800 + ms(rng, 900)
            if upload:
                head_line = f"Upload of claim document failed: S3 {code} {status} request {rid} key {key}"
                trace = PUT_TRACE.format(message=message, frame="Amazon.S3.AmazonS3Client.PutObjectAsync(PutObjectRequest request, CancellationToken cancellationToken)",
                                         where="DocumentStore.UploadAsync(ClaimDocument doc, Stream content, CancellationToken ct) in /src/Claims.Documents/DocumentStore.cs:line 31")
            else:
                head_line = f"Thumbnail read failed: S3 {code} {status} request {rid} key {key}"
                trace = PUT_TRACE.format(message=message, frame="Amazon.S3.AmazonS3Client.GetObjectAsync(GetObjectRequest request, CancellationToken cancellationToken)",
                                         where="ThumbnailEndpoint.GetAsync(Int64 claimId, String documentId, CancellationToken ct) in /src/Claims.Documents/ThumbnailEndpoint.cs:line 22")
            app.add(t, serilog(t, "ERR", head_line) + "\n" + trace)
            app.add(t, serilog(t, "ERR", f"HTTP {method} {path} responded 500 in {took}.{rng.randint(1000, 9999)} ms"))
            nginx.add(t, nginx_access(t, client, method, path, 500, 112, took / 1000, "InsurelyApp/6.2 (Android 14)", upstream_rt=took / 1000))
            continue
        took = ms(rng, 180 if upload else 45) + (ms(rng, 700) if broken(t) and rng.random() < 0.3 else 0)
        status = 201 if upload else 200
        app.add(t, serilog(t, "INF", f"HTTP {method} {path} responded {status} in {took}.{rng.randint(1000, 9999)} ms"))
        nginx.add(t, nginx_access(t, client, method, path, status, rng.randint(200, 60000), took / 1000, "InsurelyApp/6.2 (Android 14)", upstream_rt=took / 1000))
    emit(rng, app, START, END, 0.4, [
        (2, lambda t: serilog(t, "INF", f"Purged {rng.randint(0, 40)} expired upload sessions")),
        (1, lambda t: serilog(t, "WRN", f"Rejected document for claim {rng.randint(4400000, 4499999)}: content type application/x-msdownload is not allowed")),
    ])
    events = [
        (HEALTH_POSTED, "open", "We are investigating increased error rates for Amazon S3 PUT and GET requests in the EU-WEST-1 Region."),
        (utc("2026-12-10 10:14:05"), "open", "We have identified the cause of the increased error rates for S3 requests in the EU-WEST-1 Region and are working towards recovery."),
        (utc("2026-12-10 10:31:47"), "closed", "Between 9:33 AM and 10:22 AM UTC we experienced increased error rates for Amazon S3 PUT and GET requests in the EU-WEST-1 Region. The issue has been resolved and the service is operating normally."),
    ]
    for when, code, text in events:
        health.add(when, json.dumps({"time": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": "aws.health", "detail-type": "AWS Health Event", "region": "eu-west-1",
                                     "detail": {"eventArn": "arn:aws:health:eu-west-1::event/S3/AWS_S3_OPERATIONAL_ISSUE/AWS_S3_OPERATIONAL_ISSUE_8F1C2_3D0A9B7E6F5",
                                                "service": "S3", "eventTypeCode": "AWS_S3_OPERATIONAL_ISSUE", "eventTypeCategory": "issue", "statusCode": code,
                                                "eventDescription": [{"language": "en_US", "latestDescription": text}]}}, separators=(",", ":")))
    return [app, nginx, health]


def build(out_dir):
    rng = random.Random(5700)
    repo, head, config = build_repo()
    try:
        def s3_5xx(t):
            return 0.31 if ONSET <= t < RECOVERED else 0.0002

        def upload_p99(t):
            return 2.9 if ONSET <= t < RECOVERED else 0.52

        metrics = {
            "aws_s3_5xx_errors_ratio.json": query_range([({"bucket": BUCKET, "region": "eu-west-1", "filter_id": "EntireBucket"}, s3_5xx)], START, END, 60),
            "http_server_request_duration_p99_seconds.json": query_range([({"service": SERVICE, "route": "/api/claims/{claimId}/documents"}, upload_p99)], START, END, 60),
        }
        return write_scenario(
            out_dir, name="object-store-errors-none", service=SERVICE, onset=ONSET,
            description="""
Object store errors in the region. From 09:33 about a third of claim document
uploads and thumbnail reads fail with 500: the log's AmazonS3Exception says
InternalError ("We encountered an internal error. Please try again.") or 503
Service Unavailable, after the SDK's retries. AWS posts a Health event for S3
in eu-west-1 at 09:52; errors stop at 10:22. claims-documents' deploys that
day: 07:48 (logging of S3 failures, with the multipart change from the day
before) and 08:58 (retry mode Standard -> Adaptive).
""",
            logs=build_logs(rng, head, config), metrics=metrics, repo=repo, culprit="none",
            root_cause=[r"We encountered an internal error\. Please try again", r"investigating increased error rates for Amazon"],
            fix_files=[],
            explanation="""
No commit in this repository caused it: S3 itself returned InternalError and
503 for PUT and GET in eu-west-1 (the AWS Health event and the bucket's 5xx
metric agree), and the errors stopped when S3 recovered. Decoys: the multipart
upload change to DocumentStore.cs the day before, the commit that adds the
"Upload of claim document failed" line with the S3 error code (the start-up
lines name it), the AWSSDK.S3 patch bump, the retry-mode change rolled out 35
minutes before the onset, a tests commit after the onset.
""",
        )
    finally:
        repo.close()
