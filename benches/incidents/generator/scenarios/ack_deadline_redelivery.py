"""label-worker (C#, .NET 8 worker service, team in Amsterdam): a parcel
fulfilment company's label service. The warehouse system (WMS) puts one
message per packed order on the SQS queue `label-requests`; label-worker
buys the shipment and label from the carrier's API (NordPost), stores the
PDF and attaches the barcode to the order in the WMS, where the packing
station prints it. The queue's visibility timeout is 45 s (terraform in the
repo); KEDA scales the deployment on the queue's depth.

On Wednesday morning a commit replaces the four single-message pollers per
pod with one poll for up to ten messages, handled one after the other and
deleted with one DeleteMessageBatch at the end of the batch (most receives
came back empty, and SQS bills each). Rolled out at 10:05. All day the queue
is nearly empty, batches hold one or two messages and finish in seconds.
From about 14:30 UTC the end-of-day rush before the 18:30 carrier pickup
builds a backlog, batches fill to ten, and the carrier's API takes 5-6 s per
label at its own daily peak: a batch takes 50-60 s, longer than the
visibility timeout, so every message of the batch (including the ones
already labelled) becomes visible again before the batch is deleted and
another pod labels it again. Duplicate labels reach the WMS (stations
reprint, parcels go out with a void barcode), every message is handled up
to five times, the backlog grows, KEDA scales to its maximum, and messages
go to the dead-letter queue. The on-call engineer raises the visibility
timeout to 300 s in the console at 16:14 and the backlog drains.

Decoys: an earlier edit of the consumer file (finish the current message on
shutdown), an AWSSDK.SQS bump rolled out with the culprit, the tests commit
the morning's start-up lines name, a docs page about the queue, a commit
that logs NordPost's error code on failed labels rolled out 33 minutes
before the onset (its restart is the afternoon's start-up lines), and a
runbook and a terraform commit after the onset. App (Serilog text, line
format, .NET stack traces), the WMS's label integration (Python logging),
Kubernetes events (event-exporter JSON: HPA rescales, pods), Argo CD
(logfmt), CloudWatch alarms (SNS JSON) and CloudTrail (JSON)."""

import datetime as dt
import heapq
import json
import math
import random

from common import Log, Person, Repo, hexid, poisson_times, query_range, utc, write_scenario
from formats import logfmt, python_logging
from skeletons import chores, ci_workflow, k8s_deployment, k8s_service, readme, runbook

SERVICE = "label-worker"
NS = "fulfilment"
START, END = utc("2026-10-14 08:00:00"), utc("2026-10-14 17:30:00")
DEPLOY = utc("2026-10-14 10:05:00")
DECOY_DEPLOY = utc("2026-10-14 14:31:00")
MITIGATION = utc("2026-10-14 16:14:06")
PICKUP = utc("2026-10-14 16:30:00")
QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/640218835117/label-requests"

CSPROJ = """<Project Sdk="Microsoft.NET.Sdk.Worker">

  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <RootNamespace>Pakkr.LabelWorker</RootNamespace>
    <AssemblyName>label-worker</AssemblyName>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="AWSSDK.SQS" Version="3.7.400.12" />
    <PackageReference Include="AWSSDK.S3" Version="3.7.405.3" />
    <PackageReference Include="AWSSDK.Extensions.NETCore.Setup" Version="3.7.301" />
    <PackageReference Include="Microsoft.Extensions.Hosting" Version="8.0.1" />
    <PackageReference Include="Microsoft.Extensions.Http.Polly" Version="8.0.8" />
    <PackageReference Include="Serilog.Enrichers.Environment" Version="3.0.1" />
    <PackageReference Include="Serilog.Extensions.Hosting" Version="8.0.0" />
    <PackageReference Include="Serilog.Settings.Configuration" Version="8.0.2" />
    <PackageReference Include="Serilog.Sinks.Console" Version="6.0.0" />
  </ItemGroup>

</Project>
"""

PROGRAM = """using Amazon.S3;
using Amazon.SQS;
using Pakkr.LabelWorker;
using Pakkr.LabelWorker.Carrier;
using Serilog;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSerilog((_, lc) => lc.ReadFrom.Configuration(builder.Configuration));
builder.Services.Configure<ConsumerOptions>(builder.Configuration.GetSection("Consumer"));
builder.Services.AddAWSService<IAmazonSQS>();
builder.Services.AddAWSService<IAmazonS3>();
builder.Services.AddHttpClient<NordPostClient>()
    .AddTransientHttpErrorPolicy(p => p.WaitAndRetryAsync(2, attempt => TimeSpan.FromMilliseconds(400 * attempt)));
builder.Services.AddHttpClient<WmsClient>();
builder.Services.AddSingleton<LabelStore>();
builder.Services.AddSingleton<LabelRequestHandler>();
builder.Services.AddHostedService<QueueConsumer>();

var host = builder.Build();
var options = builder.Configuration.GetSection("Consumer").Get<ConsumerOptions>()!;
Log.ForContext<Program>().Information("Starting label-worker {Version} on queue {Queue}",
    Environment.GetEnvironmentVariable("VERSION") ?? "dev", options.QueueUrl.Split('/').Last());
host.Run();
"""

OPTIONS = """namespace Pakkr.LabelWorker;

public sealed class ConsumerOptions
{
    public string QueueUrl { get; set; } = "";

    // Pollers per pod; each receives and deletes one message at a time.
    public int Concurrency { get; set; } = 4;
}
"""

CONSUMER = """using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;

namespace Pakkr.LabelWorker;

// Polls label-requests. A message is deleted only after its label is in the
// WMS; if the pod dies first, SQS redelivers it after the visibility timeout
// (45 s, terraform/queue.tf).
public sealed class QueueConsumer : BackgroundService
{
    private readonly IAmazonSQS _sqs;
    private readonly LabelRequestHandler _handler;
    private readonly ConsumerOptions _options;

    public QueueConsumer(IAmazonSQS sqs, LabelRequestHandler handler, IOptions<ConsumerOptions> options)
    {
        _sqs = sqs;
        _handler = handler;
        _options = options.Value;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.Concurrency).Select(_ => PollAsync(stoppingToken)));

    private async Task PollAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = _options.QueueUrl,
                MaxNumberOfMessages = 1,
                WaitTimeSeconds = 20,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            }, ct);
            foreach (var message in response.Messages)
            {
                if (await _handler.HandleAsync(message, ct))
                {
                    await _sqs.DeleteMessageAsync(_options.QueueUrl, message.ReceiptHandle, ct);
                }
            }
        }
    }
}
"""

HANDLER = """using System.Diagnostics;
using System.Text.Json;
using Amazon.SQS.Model;
using Pakkr.LabelWorker.Carrier;

namespace Pakkr.LabelWorker;

public sealed record LabelRequest(string OrderId, string Station, int WeightGrams, Address ShipTo);

public sealed class LabelRequestHandler
{
    private readonly NordPostClient _carrier;
    private readonly LabelStore _labels;
    private readonly WmsClient _wms;
    private readonly ILogger<LabelRequestHandler> _log;

    public LabelRequestHandler(NordPostClient carrier, LabelStore labels, WmsClient wms, ILogger<LabelRequestHandler> log)
    {
        _carrier = carrier;
        _labels = labels;
        _wms = wms;
        _log = log;
    }

    // True when the message can be deleted.
    public async Task<bool> HandleAsync(Message message, CancellationToken ct)
    {
        var request = JsonSerializer.Deserialize<LabelRequest>(message.Body)!;
        var receiveCount = int.Parse(message.Attributes.GetValueOrDefault("ApproximateReceiveCount", "1"));
        if (receiveCount > 1)
        {
            _log.LogWarning("Message {MessageId} for order {OrderId} was received {ReceiveCount} times", message.MessageId, request.OrderId, receiveCount);
        }
        var sw = Stopwatch.StartNew();
        try
        {
            var label = await _carrier.CreateShipmentAsync(request, ct);
            await _labels.StoreAsync(request.OrderId, label, ct);
            await _wms.AttachLabelAsync(request.OrderId, label.Barcode, ct);
            _log.LogInformation("Created label {Barcode} for order {OrderId} in {Elapsed} ms", label.Barcode, request.OrderId, sw.ElapsedMilliseconds);
            return true;
        }
        catch (CarrierException ex)
        {
            _log.LogError(ex, "Label for order {OrderId} failed after {Elapsed} ms; leaving the message for redelivery", request.OrderId, sw.ElapsedMilliseconds);
            return false;
        }
    }
}
"""

NORDPOST = """using System.Net.Http.Json;

namespace Pakkr.LabelWorker.Carrier;

public sealed record Label(string Barcode, byte[] Pdf);

public sealed class CarrierException(string message) : Exception(message);

public sealed class NordPostClient
{
    private readonly HttpClient _http;

    public NordPostClient(HttpClient http, IConfiguration config)
    {
        _http = http;
        _http.BaseAddress = new Uri(config["NordPost:BaseUrl"]!);
        _http.Timeout = TimeSpan.FromSeconds(20);
        _http.DefaultRequestHeaders.Add("apikey", config["NordPost:ApiKey"]);
    }

    public async Task<Label> CreateShipmentAsync(LabelRequest request, CancellationToken ct)
    {
        var body = new
        {
            customer = new { number = "PAKKR01", collectionLocation = "AMS-1" },
            shipments = new[] { new { reference = request.OrderId, weight = request.WeightGrams / 1000.0, addresses = new[] { request.ShipTo } } },
            labelFormat = "PDF_A6",
        };
        using var response = await _http.PostAsJsonAsync("/shipment/v2/label", body, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new CarrierException($"NordPost returned {(int)response.StatusCode} {response.StatusCode}");
        }
        var payload = await response.Content.ReadFromJsonAsync<LabelResponse>(cancellationToken: ct);
        return new Label(payload!.Barcode, Convert.FromBase64String(payload.Content));
    }

    private sealed record LabelResponse(string Barcode, string Content);
}
"""

APPSETTINGS = """{
  "Serilog": {
    "MinimumLevel": {
      "Default": "Information",
      "Override": { "System.Net.Http.HttpClient": "Warning", "AWSSDK": "Warning" }
    },
    "WriteTo": [
      {
        "Name": "Console",
        "Args": { "outputTemplate": "[{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3}] {MachineName} {SourceContext}: {Message:lj}{NewLine}{Exception}" }
      }
    ],
    "Enrich": [ "WithMachineName" ]
  },
  "Consumer": {
    "QueueUrl": "https://sqs.eu-west-1.amazonaws.com/640218835117/label-requests",
    "Concurrency": 4
  },
  "NordPost": {
    "BaseUrl": "https://api.nordpost.example/"
  },
  "Wms": {
    "BaseUrl": "http://wms-api.warehouse.svc:8000/"
  }
}
"""

QUEUE_TF = """resource "aws_sqs_queue" "label_requests" {
  name                       = "label-requests"
  visibility_timeout_seconds = 45 # a label takes 1-3 s; leaves room for the carrier's retries
  message_retention_seconds  = 345600
  receive_wait_time_seconds  = 20
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.label_requests_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "label_requests_dlq" {
  name                      = "label-requests-dlq"
  message_retention_seconds = 345600
}

resource "aws_cloudwatch_metric_alarm" "label_requests_age" {
  alarm_name          = "label-requests-oldest-message-age"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.label_requests.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 300
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "label_requests_dlq" {
  alarm_name          = "label-requests-dlq-not-empty"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.label_requests_dlq.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [var.alarm_topic_arn]
}
"""

SCALEDOBJECT = """apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: label-worker
spec:
  scaleTargetRef:
    name: label-worker
  minReplicaCount: 2
  maxReplicaCount: 6
  cooldownPeriod: 300
  triggers:
    - type: aws-sqs-queue
      authenticationRef:
        name: label-worker-aws
      metadata:
        queueURL: https://sqs.eu-west-1.amazonaws.com/640218835117/label-requests
        queueLength: "20"
        awsRegion: eu-west-1
"""

TEST = """using Amazon.SQS.Model;
using Xunit;

namespace Pakkr.LabelWorker.Tests;

public class QueueConsumerTests
{
    [Fact]
    public async Task DeletesEveryHandledMessageOfABatch()
    {
        var sqs = new FakeSqs(Enumerable.Range(1, 10).Select(i => FakeSqs.Message($"PK-{i}")));
        var consumer = TestHost.Consumer(sqs, handler: new AlwaysSucceeds());
        await consumer.RunOnceAsync();
        Assert.Equal(10, sqs.Deleted.Count);
        Assert.Single(sqs.DeleteBatchCalls);
    }

    [Fact]
    public async Task KeepsFailedMessagesForRedelivery()
    {
        var sqs = new FakeSqs(new[] { FakeSqs.Message("PK-1"), FakeSqs.Message("PK-2") });
        var consumer = TestHost.Consumer(sqs, handler: new FailsFor("PK-2"));
        await consumer.RunOnceAsync();
        Assert.Equal(new[] { "PK-1" }, sqs.Deleted.Select(m => m.OrderId));
    }
}
"""


def build_repo():
    joris = Person("Joris Bakker", "joris.bakker@pakkr.nl", 120)
    sanne = Person("Sanne de Vries", "sanne.devries@pakkr.nl", 120)
    ines = Person("Inês Carvalho", "ines.carvalho@pakkr.nl", 60)
    mateusz = Person("Mateusz Zieliński", "mateusz.zielinski@pakkr.nl", 120)
    bot = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 0)
    repo = Repo()
    files = {
        "label-worker.sln": "Microsoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"LabelWorker\", \"src\\LabelWorker\\LabelWorker.csproj\", \"{5B1E7C9A-2F44-4E0D-9C61-7B0A3E5D1F20}\"\nEndProject\nProject(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"LabelWorker.Tests\", \"tests\\LabelWorker.Tests\\LabelWorker.Tests.csproj\", \"{0C6A2D41-8E3B-4F7A-A1D2-6E9F4B3C8D17}\"\nEndProject\n",
        "src/LabelWorker/LabelWorker.csproj": CSPROJ,
        "src/LabelWorker/Program.cs": PROGRAM,
        "src/LabelWorker/ConsumerOptions.cs": OPTIONS,
        "src/LabelWorker/QueueConsumer.cs": CONSUMER,
        "src/LabelWorker/LabelRequestHandler.cs": HANDLER,
        "src/LabelWorker/Carrier/NordPostClient.cs": NORDPOST,
        "src/LabelWorker/LabelStore.cs": "using Amazon.S3;\nusing Pakkr.LabelWorker.Carrier;\n\nnamespace Pakkr.LabelWorker;\n\npublic sealed class LabelStore(IAmazonS3 s3)\n{\n    public Task StoreAsync(string orderId, Label label, CancellationToken ct) =>\n        s3.PutObjectAsync(new() { BucketName = \"pakkr-labels-prod\", Key = $\"labels/{orderId}/{label.Barcode}.pdf\", InputStream = new MemoryStream(label.Pdf) }, ct);\n}\n",
        "src/LabelWorker/WmsClient.cs": "using System.Net.Http.Json;\n\nnamespace Pakkr.LabelWorker;\n\npublic sealed class WmsClient(HttpClient http, IConfiguration config)\n{\n    public async Task AttachLabelAsync(string orderId, string barcode, CancellationToken ct)\n    {\n        http.BaseAddress ??= new Uri(config[\"Wms:BaseUrl\"]!);\n        using var response = await http.PutAsJsonAsync($\"/api/orders/{orderId}/label\", new { barcode, carrier = \"nordpost\" }, ct);\n        response.EnsureSuccessStatusCode();\n    }\n}\n",
        "src/LabelWorker/appsettings.json": APPSETTINGS,
        "tests/LabelWorker.Tests/LabelWorker.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <IsPackable>false</IsPackable>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"17.11.1\" />\n    <PackageReference Include=\"xunit\" Version=\"2.9.2\" />\n    <PackageReference Include=\"xunit.runner.visualstudio\" Version=\"2.8.2\" />\n  </ItemGroup>\n  <ItemGroup>\n    <ProjectReference Include=\"..\\..\\src\\LabelWorker\\LabelWorker.csproj\" />\n  </ItemGroup>\n</Project>\n",
        "tests/LabelWorker.Tests/LabelRequestHandlerTests.cs": "using Xunit;\n\nnamespace Pakkr.LabelWorker.Tests;\n\npublic class LabelRequestHandlerTests\n{\n    [Fact]\n    public async Task AttachesTheBarcodeToTheOrder()\n    {\n        var wms = new FakeWms();\n        var handler = TestHost.Handler(carrier: new FakeNordPost(\"3SNRDP0000001\"), wms: wms);\n        Assert.True(await handler.HandleAsync(FakeSqs.Message(\"PK-1\"), default));\n        Assert.Equal(\"3SNRDP0000001\", wms.Labels[\"PK-1\"]);\n    }\n}\n",
        "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish src/LabelWorker -c Release -o /out\n\nFROM mcr.microsoft.com/dotnet/runtime:8.0\nWORKDIR /app\nCOPY --from=build /out .\nENTRYPOINT [\"dotnet\", \"label-worker.dll\"]\n",
        ".github/workflows/ci.yml": ci_workflow("      - run: dotnet test\n", "      - uses: actions/setup-dotnet@v4\n        with:\n          dotnet-version: '8.0.x'\n"),
        "k8s/deployment.yaml": k8s_deployment(SERVICE, 8080, replicas=2, memory="384Mi", cpu="250m",
                                              env={"DOTNET_ENVIRONMENT": "Production", "AWS_REGION": "eu-west-1"},
                                              extra_spec="      terminationGracePeriodSeconds: 90\n"),
        "k8s/scaledobject.yaml": SCALEDOBJECT,
        "terraform/queue.tf": QUEUE_TF,
        "docs/runbook.md": runbook(SERVICE, [
            ("LabelRequestsOldestMessageAge", "A label request waited more than 5 minutes: check the carrier's API (status.nordpost.example) and the pods' logs."),
            ("LabelRequestsDlqNotEmpty", "Messages failed five times. Look at the errors in the logs, fix, then redrive from the console (SQS › label-requests-dlq › Start DLQ redrive)."),
        ]),
        "README.md": readme(SERVICE, "Buys carrier labels for packed orders: SQS `label-requests` → NordPost → S3 → WMS.", "dotnet test\ndotnet run --project src/LabelWorker"),
    }
    repo.commit(utc("2026-10-07 09:40:00"), joris, "label-worker: import from the fulfilment monorepo", files)
    repo.schedule(chores(random.Random(10101), SERVICE, [joris, sanne, ines, mateusz], utc("2026-10-07 09:40:00"), utc("2026-10-14 15:00:00"), 4))
    repo.commit(utc("2026-10-08 13:15:00"), ines, "terraform: keep dead letters for 7 days instead of 4", {
        "terraform/queue.tf": repo.edit("terraform/queue.tf", "  name                      = \"label-requests-dlq\"\n  message_retention_seconds = 345600\n",
                                        "  name                      = \"label-requests-dlq\"\n  message_retention_seconds = 604800 # 7 days: long enough to redrive after a weekend\n"),
    })
    repo.commit(utc("2026-10-12 10:22:00"), mateusz, "consumer: finish the current message on shutdown instead of dropping it\n\nA rollout cancelled the carrier call half way and the label was bought\nagain after redelivery. Pass CancellationToken.None to the handler once a\nmessage is received; terminationGracePeriodSeconds is 90.", {
        "src/LabelWorker/QueueConsumer.cs": repo.edit("src/LabelWorker/QueueConsumer.cs",
                                                      "                if (await _handler.HandleAsync(message, ct))\n                {\n                    await _sqs.DeleteMessageAsync(_options.QueueUrl, message.ReceiptHandle, ct);\n",
                                                      "                // Once received, finish it: a cancelled carrier call may still buy a label.\n                if (await _handler.HandleAsync(message, CancellationToken.None))\n                {\n                    await _sqs.DeleteMessageAsync(_options.QueueUrl, message.ReceiptHandle, CancellationToken.None);\n"),
    })
    repo.commit(utc("2026-10-13 15:40:00"), ines, "carrier: send the weight in grams (NordPost v2 rounds kilograms)", {
        "src/LabelWorker/Carrier/NordPostClient.cs": repo.edit("src/LabelWorker/Carrier/NordPostClient.cs", "weight = request.WeightGrams / 1000.0,", "weight = request.WeightGrams, weightUnit = \"g\","),
    })
    repo.commit(utc("2026-10-14 04:12:00"), bot, "Bump AWSSDK.SQS from 3.7.400.12 to 3.7.400.35\n\nBumps AWSSDK.SQS from 3.7.400.12 to 3.7.400.35.\n\n---\nupdated-dependencies:\n- dependency-name: AWSSDK.SQS\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n", {
        "src/LabelWorker/LabelWorker.csproj": repo.edit("src/LabelWorker/LabelWorker.csproj", '"AWSSDK.SQS" Version="3.7.400.12"', '"AWSSDK.SQS" Version="3.7.400.35"'),
    })
    consumer = repo.files["src/LabelWorker/QueueConsumer.cs"]
    batched = consumer.replace(
        "    private readonly ConsumerOptions _options;\n\n    public QueueConsumer(IAmazonSQS sqs, LabelRequestHandler handler, IOptions<ConsumerOptions> options)\n    {\n        _sqs = sqs;\n        _handler = handler;\n        _options = options.Value;\n    }\n",
        "    private readonly ConsumerOptions _options;\n    private readonly ILogger<QueueConsumer> _log;\n\n    public QueueConsumer(IAmazonSQS sqs, LabelRequestHandler handler, IOptions<ConsumerOptions> options, ILogger<QueueConsumer> log)\n    {\n        _sqs = sqs;\n        _handler = handler;\n        _options = options.Value;\n        _log = log;\n    }\n",
    )
    start = batched.index("    protected override Task ExecuteAsync")
    batched = batched[:start] + """    // One poll for up to MaxMessages instead of Concurrency single-message
    // pollers: most of those receives came back empty, and SQS bills each
    // call. Handled messages are deleted together at the end of the batch.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = _options.QueueUrl,
                MaxNumberOfMessages = _options.MaxMessages,
                WaitTimeSeconds = 20,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            }, stoppingToken);
            if (response.Messages.Count == 0)
            {
                continue;
            }
            var sw = Stopwatch.StartNew();
            var handled = new List<DeleteMessageBatchRequestEntry>();
            foreach (var message in response.Messages)
            {
                // Once received, finish it: a cancelled carrier call may still buy a label.
                if (await _handler.HandleAsync(message, CancellationToken.None))
                {
                    handled.Add(new DeleteMessageBatchRequestEntry(message.MessageId, message.ReceiptHandle));
                }
            }
            if (handled.Count > 0)
            {
                await _sqs.DeleteMessageBatchAsync(_options.QueueUrl, handled, CancellationToken.None);
            }
            _log.LogInformation("Handled batch of {Count} messages ({Deleted} deleted) in {Elapsed} ms",
                response.Messages.Count, handled.Count, sw.ElapsedMilliseconds);
        }
    }
}
"""
    batched = batched.replace("using Amazon.SQS;\n", "using System.Diagnostics;\nusing Amazon.SQS;\n", 1)
    culprit = repo.commit(utc("2026-10-14 08:47:00"), sanne, "consumer: receive up to 10 messages per poll and delete them in one batch\n\nFour pollers per pod meant ~1.9M ReceiveMessage calls a day, 93 % of\nthem empty (Cost Explorer, September). One long poll for up to ten\nmessages and one DeleteMessageBatch per batch cuts that by ~8x.", {
        "src/LabelWorker/QueueConsumer.cs": batched,
        "src/LabelWorker/ConsumerOptions.cs": repo.edit("src/LabelWorker/ConsumerOptions.cs",
                                                        "    // Pollers per pod; each receives and deletes one message at a time.\n    public int Concurrency { get; set; } = 4;\n",
                                                        "    // Messages per receive (SQS allows 1-10); deleted together after the batch.\n    public int MaxMessages { get; set; } = 10;\n"),
        "src/LabelWorker/appsettings.json": repo.edit("src/LabelWorker/appsettings.json", '    "Concurrency": 4\n', '    "MaxMessages": 10\n'),
    })
    head = repo.commit(utc("2026-10-14 09:31:00"), sanne, "tests: a batch deletes every handled message and keeps failed ones", {
        "tests/LabelWorker.Tests/QueueConsumerTests.cs": TEST,
    })
    repo.commit(utc("2026-10-14 11:50:00"), joris, "docs: how label requests reach us (queue, DLQ, redrive)", {
        "docs/queues.md": "# Queues\n\n`label-requests` (SQS standard, eu-west-1) is written by the WMS when an\norder is packed: one message per parcel, body `{orderId, station,\nweightGrams, shipTo}`. Visibility timeout and redrive policy are in\n`terraform/queue.tf`; after five receives a message goes to\n`label-requests-dlq`.\n\nKEDA scales `label-worker` on the queue's depth (20 messages per pod,\n2-6 pods, `k8s/scaledobject.yaml`).\n\nTo redrive: SQS console › label-requests-dlq › Start DLQ redrive. Buying a\nlabel twice is harmless for the parcel (the WMS keeps the newest barcode)\nbut NordPost bills both.\n",
    })
    decoy = repo.commit(utc("2026-10-14 13:58:00"), mateusz, "carrier: log NordPost's error code and request id on failed labels\n\nSupport asks for the X-Request-Id whenever we report a failed label.", {
        "src/LabelWorker/Carrier/NordPostClient.cs": repo.edit(
            "src/LabelWorker/Carrier/NordPostClient.cs",
            "            throw new CarrierException($\"NordPost returned {(int)response.StatusCode} {response.StatusCode}\");\n",
            "            var requestId = response.Headers.TryGetValues(\"X-Request-Id\", out var ids) ? ids.First() : \"-\";\n"
            "            var detail = await response.Content.ReadAsStringAsync(ct);\n"
            "            throw new CarrierException($\"NordPost returned {(int)response.StatusCode} {response.StatusCode} (request {requestId}): {detail}\");\n"),
    })
    repo.commit(utc("2026-10-14 17:40:00"), joris, "runbook: label-requests backlog with duplicate labels", {
        "docs/runbook.md": repo.files["docs/runbook.md"] + "\n## Backlog with duplicate labels\n\nIf messages are \"received 2 times\" or more while the carrier is slow, a\nbatch takes longer than the visibility timeout. Raise the visibility\ntimeout on the queue (console, then terraform) and check the batch times.\n",
    })
    repo.commit(utc("2026-10-14 18:05:00"), ines, "terraform: visibility timeout 300 s (as set in the console during the incident)", {
        "terraform/queue.tf": repo.edit("terraform/queue.tf", "visibility_timeout_seconds = 45 # a label takes 1-3 s; leaves room for the carrier's retries",
                                        "visibility_timeout_seconds = 300"),
    })
    return repo, culprit, head, decoy


# ---------------------------------------------------------------------------
# the queue, simulated


def arrivals_per_min(t):
    h = t.hour + t.minute / 60 + t.second / 3600
    if h < 11:
        return 3.0
    if h < 13:
        return 4.5
    if h < 14.5:
        return 6.0
    if h < 15:
        return 6.0 + (h - 14.5) * 2 * 24.0
    if h < 16.5:
        return 30.0
    if h < 16.75:
        return 30.0 - (h - 16.5) * 4 * 26.0
    return 3.5


def carrier_latency_mean(t):
    h = t.hour + t.minute / 60
    if h < 13:
        return 1.3
    if h < 14.5:
        return 1.3 + (h - 13) / 1.5 * 0.8
    if h < 15.1:
        return 2.1 + (h - 14.5) / 0.6 * 3.5
    if h < 16.5:
        return 5.6
    if h < 17:
        return 5.6 - (h - 16.5) * 2 * 3.6
    return 2.0


class Msg:
    __slots__ = ("mid", "order", "station", "sent", "visible_at", "receives", "receipt", "deleted", "dlq", "labels")

    def __init__(self, mid, order, station, sent):
        self.mid, self.order, self.station, self.sent = mid, order, station, sent
        self.visible_at = sent
        self.receives = 0
        self.receipt = 0
        self.deleted = None
        self.dlq = None
        self.labels = []


def simulate(rng):
    """Returns (messages, events) where events are (time, kind, data) for the logs."""
    msgs = []
    for t in poisson_times(rng, START, END, 30.0):
        if rng.random() < arrivals_per_min(t) / 30.0:
            msgs.append(Msg(f"{hexid(rng, 8)}-{hexid(rng, 4)}-4{hexid(rng, 3)}-{rng.choice('89ab')}{hexid(rng, 3)}-{hexid(rng, 12)}",
                            f"PK-{rng.randint(4400000, 4899999)}", f"PACK-{rng.randint(1, 14):02d}", t))
    events = []
    heap = []
    seq = [0]

    def push(t, kind, data):
        seq[0] += 1
        heapq.heappush(heap, (t, seq[0], kind, data))

    pods = {}
    counter = [0]
    rs_hash = {"old": "5d8f7b9c6", "culprit": "7c94d6f8b", "decoy": "84b6c9d75"}

    def new_pod(t, gen, loops):
        counter[0] += 1
        name = f"{SERVICE}-{rs_hash[gen]}-{hexid(rng, 5)}"
        pods[name] = {"gen": gen, "ready": t, "stop": None, "loops": loops, "busy": 0}
        events.append((t, "pod_start", {"pod": name, "gen": gen}))
        for _ in range(loops):
            push(t + dt.timedelta(seconds=rng.uniform(0.5, 2)), "poll", name)
        return name

    def gen_at(t):
        return "old" if t < DEPLOY else "culprit" if t < DECOY_DEPLOY else "decoy"

    for _ in range(2):
        new_pod(START - dt.timedelta(hours=3, seconds=rng.randint(0, 600)), "old", 4)
    # rollouts: surge one new pod, then stop an old one
    for when, gen in ((DEPLOY, "culprit"), (DECOY_DEPLOY, "decoy")):
        push(when, "rollout", gen)
    t = START
    while t < END:
        push(t, "keda", None)
        t += dt.timedelta(seconds=30)
    lo = [0]
    series = {}
    replicas_since = {"low": None}
    visibility = 45
    while heap:
        now, _, kind, data = heapq.heappop(heap)
        if now >= END:
            break
        if kind == "rollout":
            old = [p for p, s in pods.items() if s["stop"] is None]
            for i, pod in enumerate(old):
                start = now + dt.timedelta(seconds=25 * i)
                new_pod(start + dt.timedelta(seconds=rng.uniform(6, 9)), data, 1)
                pods[pod]["stop"] = start + dt.timedelta(seconds=12)
                events.append((start + dt.timedelta(seconds=12), "pod_stop", {"pod": pod}))
            continue
        if kind == "keda":
            live = [p for p, s in pods.items() if s["stop"] is None]
            pending = [m for m in msgs if m.sent <= now and m.deleted is None and m.dlq is None]
            depth = len(pending)
            hidden = sum(1 for m in pending if m.visible_at > now)
            series[now] = (depth - hidden, hidden, max(((now - m.sent).total_seconds() for m in pending), default=0.0),
                           sum(1 for m in msgs if m.dlq is not None))
            desired = max(2, min(6, math.ceil(depth / 20)))
            if desired > len(live):
                events.append((now, "rescale", {"old": len(live), "new": desired}))
                for _ in range(desired - len(live)):
                    new_pod(now + dt.timedelta(seconds=rng.uniform(14, 30)), gen_at(now), 4 if gen_at(now) == "old" else 1)
                replicas_since["low"] = None
            elif desired < len(live):
                if replicas_since["low"] is None:
                    replicas_since["low"] = now
                elif now - replicas_since["low"] >= dt.timedelta(seconds=300):
                    events.append((now, "rescale", {"old": len(live), "new": desired}))
                    for pod in sorted(live, key=lambda p: pods[p]["ready"], reverse=True)[: len(live) - desired]:
                        pods[pod]["stop"] = now + dt.timedelta(seconds=1)
                        events.append((now + dt.timedelta(seconds=1), "pod_stop", {"pod": pod}))
                    replicas_since["low"] = None
            else:
                replicas_since["low"] = None
            continue
        if kind == "delete":
            for m, receipt in data:
                if m.deleted is None and m.receipt == receipt:
                    m.deleted = now
            continue
        if kind == "poll":
            pod = data
            state = pods[pod]
            if state["stop"] is not None and now >= state["stop"]:
                continue
            if now >= MITIGATION:
                visibility = 300
            batch_max = 1 if state["gen"] == "old" else 10
            while lo[0] < len(msgs) and (msgs[lo[0]].deleted is not None or msgs[lo[0]].dlq is not None):
                lo[0] += 1
            got = []
            wake = now + dt.timedelta(seconds=20)
            for m in msgs[lo[0]:]:
                if m.sent > now:
                    wake = min(wake, m.sent)
                    break
                if m.deleted is not None or m.dlq is not None:
                    continue
                if m.visible_at > now:
                    wake = min(wake, m.visible_at)
                    continue
                if m.receives >= 5:
                    m.dlq = now
                    continue
                got.append(m)
                if len(got) == batch_max:
                    break
            if not got:
                push(wake + dt.timedelta(milliseconds=rng.randint(5, 60)), "poll", pod)
                continue
            held = []
            for m in got:
                m.receives += 1
                m.receipt += 1
                m.visible_at = now + dt.timedelta(seconds=visibility)
                held.append((m, m.receipt))
            t = now + dt.timedelta(milliseconds=rng.randint(8, 40))
            deletable = []
            for m, receipt in held:
                if m.receives > 1:
                    events.append((t, "redelivered", {"pod": pod, "msg": m, "count": m.receives}))
                took = rng.lognormvariate(math.log(carrier_latency_mean(t)) - 0.08, 0.4) + rng.uniform(0.08, 0.25)
                end = t + dt.timedelta(seconds=took)
                if rng.random() < 0.004:
                    events.append((end, "failed", {"pod": pod, "msg": m, "ms": int(took * 1000)}))
                else:
                    barcode = f"3SNRDP{rng.randint(1000000, 9999999)}"
                    m.labels.append(barcode)
                    events.append((end, "labelled", {"pod": pod, "msg": m, "ms": int(took * 1000), "barcode": barcode}))
                    deletable.append((m, receipt))
                    if batch_max == 1:
                        push(end + dt.timedelta(milliseconds=12), "delete", [(m, receipt)])
                t = end
            if batch_max > 1:
                push(t + dt.timedelta(milliseconds=25), "delete", deletable)
                events.append((t + dt.timedelta(milliseconds=30), "batch", {"pod": pod, "count": len(held), "deleted": len(deletable),
                                                                            "ms": int((t - now).total_seconds() * 1000) + 25}))
            push(t + dt.timedelta(milliseconds=rng.randint(30, 90)), "poll", pod)
    return msgs, events, series


def build_logs(rng, head, decoy):
    app = Log("label-worker.log")
    wms = Log("wms-labels.log")
    kube = Log("kubernetes-events.log")
    argo = Log("argocd-application-controller.log")
    alarms = Log("cloudwatch-alarms.log")
    trail = Log("cloudtrail-sqs.log")
    msgs, events, series = simulate(rng)

    def serilog(t, level, pod, logger, msg):
        return f"[{t.strftime('%Y-%m-%d %H:%M:%S.')}{t.microsecond // 1000:03d} +00:00 {level}] {pod} {logger}: {msg}"

    def kev(t, kind, name, reason, message, component, etype="Normal"):
        body = {"metadata": {"name": f"{name}.{hexid(rng, 16)}", "namespace": NS},
                "involvedObject": {"kind": kind, "namespace": NS, "name": name},
                "reason": reason, "message": message, "source": {"component": component},
                "firstTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "lastTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "count": 1, "type": etype}
        kube.add(t, json.dumps(body, separators=(",", ":")))

    version = {"old": "v2026.10.13-1", "culprit": head[:7], "decoy": decoy[:7]}
    H = "Pakkr.LabelWorker.LabelRequestHandler"
    labelled_at = {}
    labels_seen = {}
    for t, kind, d in sorted(events, key=lambda e: e[0]):
        if t < START or t >= END:
            continue
        if kind == "pod_start":
            pod = d["pod"]
            kev(t - dt.timedelta(seconds=6), "Pod", pod, "Scheduled", f"Successfully assigned {NS}/{pod} to ip-10-31-{rng.randint(0, 63)}-{rng.randint(2, 250)}.eu-west-1.compute.internal", "default-scheduler")
            kev(t - dt.timedelta(seconds=3), "Pod", pod, "Started", f"Started container {SERVICE}", "kubelet")
            app.add(t, serilog(t, "INF", pod, "Program", f"Starting label-worker {version[d['gen']]} on queue label-requests"))
            t2 = t + dt.timedelta(milliseconds=140)
            app.add(t2, serilog(t2, "INF", pod, "Microsoft.Hosting.Lifetime", "Application started. Press Ctrl+C to shut down."))
            app.add(t2, serilog(t2, "INF", pod, "Microsoft.Hosting.Lifetime", "Hosting environment: Production"))
            app.add(t2, serilog(t2, "INF", pod, "Microsoft.Hosting.Lifetime", "Content root path: /app"))
        elif kind == "pod_stop":
            pod = d["pod"]
            kev(t, "Pod", pod, "Killing", f"Stopping container {SERVICE}", "kubelet")
            app.add(t, serilog(t, "INF", pod, "Microsoft.Hosting.Lifetime", "Application is shutting down..."))
        elif kind == "rescale":
            direction = "above" if d["new"] > d["old"] else "below"
            kev(t, "HorizontalPodAutoscaler", f"keda-hpa-{SERVICE}", "SuccessfulRescale",
                f"New size: {d['new']}; reason: external metric s0-aws-sqs-queue-label-requests(&LabelSelector{{MatchLabels:map[string]string{{scaledobject.keda.sh/name: {SERVICE},}},MatchExpressions:[]LabelSelectorRequirement{{}},}}) {direction} target" if direction == "above" else f"New size: {d['new']}; reason: All metrics below target",
                "horizontal-pod-autoscaler")
            kev(t + dt.timedelta(milliseconds=40), "Deployment", SERVICE, "ScalingReplicaSet",
                f"Scaled {'up' if d['new'] > d['old'] else 'down'} replica set {SERVICE}-{'84b6c9d75' if t >= DECOY_DEPLOY else '7c94d6f8b' if t >= DEPLOY else '5d8f7b9c6'} to {d['new']} from {d['old']}", "deployment-controller")
        elif kind == "redelivered":
            m = d["msg"]
            app.add(t, serilog(t, "WRN", d["pod"], H, f"Message {m.mid} for order {m.order} was received {d['count']} times"))
        elif kind == "labelled":
            m = d["msg"]
            app.add(t, serilog(t, "INF", d["pod"], H, f"Created label {d['barcode']} for order {m.order} in {d['ms']} ms"))
            w = t + dt.timedelta(milliseconds=rng.randint(20, 70))
            seen = labels_seen.setdefault(m.mid, [])
            seen.append(d["barcode"])
            if len(seen) > 1:
                previous = seen[-2]
                wms.add(w, python_logging(w, "WARNING", "wms.labels", f"order {m.order} already has label {previous}, replacing with {d['barcode']} (station {m.station})"))
                if rng.random() < 0.5:
                    w2 = w + dt.timedelta(seconds=rng.uniform(3, 40))
                    wms.add(w2, python_logging(w2, "WARNING", "wms.stations", f"station {m.station} reprinted label for order {m.order}: barcode changed after print"))
            labelled_at.setdefault(m.order, t)
        elif kind == "failed":
            m = d["msg"]
            status = rng.choice([(502, "BadGateway"), (503, "ServiceUnavailable"), (504, "GatewayTimeout")])
            detail = f" (request {hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}): {{\"errors\":[{{\"code\":\"E{status[0]}\",\"description\":\"Upstream label service unavailable\"}}]}}" if t >= DECOY_DEPLOY + dt.timedelta(seconds=40) else ""
            line = 58 if t >= DECOY_DEPLOY else 55
            app.add(t, serilog(t, "ERR", d["pod"], H, f"Label for order {m.order} failed after {d['ms']} ms; leaving the message for redelivery") + "\n"
                    f"Pakkr.LabelWorker.Carrier.CarrierException: NordPost returned {status[0]} {status[1]}{detail}\n"
                    f"   at Pakkr.LabelWorker.Carrier.NordPostClient.CreateShipmentAsync(LabelRequest request, CancellationToken ct) in /src/src/LabelWorker/Carrier/NordPostClient.cs:line {line}\n"
                    f"   at Pakkr.LabelWorker.LabelRequestHandler.HandleAsync(Message message, CancellationToken ct) in /src/src/LabelWorker/LabelRequestHandler.cs:line 38")
        elif kind == "batch":
            app.add(t, serilog(t, "INF", d["pod"], "Pakkr.LabelWorker.QueueConsumer", f"Handled batch of {d['count']} messages ({d['deleted']} deleted) in {d['ms']} ms"))

    # the WMS: stations waiting for labels, the pickup manifest
    waiting_logged = set()
    for m in msgs:
        first = labelled_at.get(m.order)
        due = m.sent + dt.timedelta(minutes=5)
        if due < END and (first is None or first > due):
            wms.add(due, python_logging(due, "WARNING", "wms.stations", f"station {m.station} waiting 5 min for a label for order {m.order}"))
            waiting_logged.add(m.order)
    t = START + dt.timedelta(minutes=5)
    while t < END:
        if t <= PICKUP:
            packed = [m for m in msgs if m.sent <= t and m.sent >= utc("2026-10-14 06:00:00")]
            done = sum(1 for m in packed if labelled_at.get(m.order) and labelled_at[m.order] <= t)
            wms.add(t, python_logging(t, "INFO", "wms.manifest", f"manifest NORDPOST-AMS1-20261014: {done} parcels labelled, {len(packed) - done} waiting for a label"))
        t += dt.timedelta(minutes=5)
    missed = sum(1 for m in msgs if m.sent <= PICKUP - dt.timedelta(minutes=5) and (labelled_at.get(m.order) is None or labelled_at[m.order] > PICKUP))
    t = PICKUP + dt.timedelta(seconds=2)
    replaced = sum(1 for m in msgs if m.sent <= PICKUP and len(m.labels) > 1)
    total = sum(1 for m in msgs if m.sent <= PICKUP)
    wms.add(t, python_logging(t, "WARNING", "wms.manifest", f"manifest NORDPOST-AMS1-20261014 closed for pickup: {total} parcels, {missed} without a label, {replaced} relabelled after packing (check the barcode on the parcel)"))
    for t in poisson_times(rng, START, END, 0.4):
        wms.add(t, python_logging(t, "INFO", "wms.picking", f"wave W{rng.randint(1000, 1999)} released: {rng.randint(12, 60)} orders, zone {rng.choice('ABCD')}"))

    # Argo CD
    for t in poisson_times(rng, START, END, 1 / 3.0):
        argo.add(t, logfmt(t, "info", "Reconciliation completed", application=SERVICE, dest_namespace=NS, comparison_level=rng.choice([0, 1]), time_ms=rng.randint(40, 160)))
    for when, sha, resources in ((DEPLOY, head, "Deployment"), (DECOY_DEPLOY, decoy, "Deployment")):
        t = when - dt.timedelta(seconds=38)
        argo.add(t, logfmt(t, "info", f"Initiated automated sync to '{sha}'", application=SERVICE, dest_namespace=NS))
        t = t + dt.timedelta(seconds=2)
        argo.add(t, logfmt(t, "info", "Applying resource Deployment/label-worker in cluster: https://172.20.0.1:443, namespace: fulfilment", application=SERVICE))
        t = t + dt.timedelta(seconds=1)
        argo.add(t, logfmt(t, "info", f"sync/1 resources done, sync to {sha[:7]} succeeded", application=SERVICE, dest_namespace=NS))

    # CloudWatch alarms (SNS) and the console change in CloudTrail
    def age_of_oldest(t):
        return series[t][2]

    def dlq_depth(t):
        return series[t][3]

    def alarm(t, name, metric, queue, state, old, reason, threshold):
        body = {"Type": "Notification", "MessageId": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
                "TopicArn": "arn:aws:sns:eu-west-1:640218835117:fulfilment-alarms", "Subject": f"{state}: \"{name}\" in EU (Ireland)",
                "Timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                "Message": json.dumps({"AlarmName": name, "NewStateValue": state, "OldStateValue": old, "NewStateReason": reason,
                                       "StateChangeTime": t.strftime("%Y-%m-%dT%H:%M:%S.") + "000+0000", "Region": "EU (Ireland)",
                                       "Trigger": {"MetricName": metric, "Namespace": "AWS/SQS", "Statistic": "MAXIMUM",
                                                   "Dimensions": [{"name": "QueueName", "value": queue}], "Period": 60, "EvaluationPeriods": 3,
                                                   "Threshold": threshold, "ComparisonOperator": "GreaterThanThreshold"}}, separators=(",", ":"))}
        alarms.add(t, json.dumps(body, separators=(",", ":")))

    alarm(utc("2026-10-14 09:12:44"), "wms-api-5xx", "HTTPCode_Target_5XX_Count", "wms-api", "OK", "ALARM",
          "Threshold Crossed: 3 datapoints [0.0 (14/10/26 09:11:00), 0.0 (14/10/26 09:10:00), 1.0 (14/10/26 09:09:00)] were not greater than the threshold (5.0).", 5.0)
    state_age, state_dlq = "OK", "OK"
    t = START
    while t < END:
        age = age_of_oldest(t)
        if state_age == "OK" and age > 300:
            t3 = t + dt.timedelta(minutes=2, seconds=rng.randint(20, 50))
            alarm(t3, "label-requests-oldest-message-age", "ApproximateAgeOfOldestMessage", "label-requests", "ALARM", "OK",
                  f"Threshold Crossed: 3 out of the last 3 datapoints [{age:.0f}.0 ({t.strftime('%d/%m/%y %H:%M:00')})] were greater than the threshold (300.0).", 300.0)
            state_age = "ALARM"
        elif state_age == "ALARM" and age < 120:
            t3 = t + dt.timedelta(minutes=2, seconds=rng.randint(20, 50))
            alarm(t3, "label-requests-oldest-message-age", "ApproximateAgeOfOldestMessage", "label-requests", "OK", "ALARM",
                  f"Threshold Crossed: 3 datapoints [{age:.0f}.0 ({t.strftime('%d/%m/%y %H:%M:00')})] were not greater than the threshold (300.0).", 300.0)
            state_age = "OK"
        if state_dlq == "OK" and dlq_depth(t) > 0:
            t3 = t + dt.timedelta(seconds=rng.randint(50, 80))
            alarm(t3, "label-requests-dlq-not-empty", "ApproximateNumberOfMessagesVisible", "label-requests-dlq", "ALARM", "OK",
                  f"Threshold Crossed: 1 datapoint [{dlq_depth(t)}.0 ({t.strftime('%d/%m/%y %H:%M:00')})] was greater than the threshold (0.0).", 0.0)
            state_dlq = "ALARM"
        t += dt.timedelta(minutes=1)
    trail.add(MITIGATION, json.dumps({
        "eventVersion": "1.09", "userIdentity": {"type": "AssumedRole", "principalId": "AROAZK3XQ7EXAMPLE:joris.bakker@pakkr.nl",
                                                 "arn": "arn:aws:sts::640218835117:assumed-role/AWSReservedSSO_FulfilmentOnCall_3c1e/joris.bakker@pakkr.nl"},
        "eventTime": MITIGATION.strftime("%Y-%m-%dT%H:%M:%SZ"), "eventSource": "sqs.amazonaws.com", "eventName": "SetQueueAttributes",
        "awsRegion": "eu-west-1", "sourceIPAddress": "AWS Internal", "userAgent": "AWS Internal",
        "requestParameters": {"queueUrl": QUEUE_URL, "attributes": {"VisibilityTimeout": "300"}}, "responseElements": None,
        "requestID": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}", "eventID": f"{hexid(rng, 8)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 4)}-{hexid(rng, 12)}",
        "readOnly": False, "eventType": "AwsApiCall", "managementEvent": True, "recipientAccountId": "640218835117"}, separators=(",", ":")))
    for t in poisson_times(rng, START, END, 1 / 40.0):
        trail.add(t, json.dumps({"eventVersion": "1.09", "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::640218835117:assumed-role/keda-operator/keda"},
                                 "eventTime": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "eventSource": "sqs.amazonaws.com", "eventName": "GetQueueAttributes",
                                 "awsRegion": "eu-west-1", "requestParameters": {"queueUrl": QUEUE_URL, "attributeNames": ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]},
                                 "readOnly": True, "eventType": "AwsApiCall", "managementEvent": True}, separators=(",", ":")))

    # the first time an order that already had its label is handled again
    first_label = {}
    for t, kind, d in sorted(events, key=lambda e: e[0]):
        if kind == "labelled":
            first_label.setdefault(d["msg"].mid, t)
    onset = min(t for t, kind, d in events if kind == "redelivered" and first_label.get(d["msg"].mid, END) < t).replace(microsecond=0)
    return [app, wms, kube, argo, alarms, trail], series, onset, replaced


def build(out_dir):
    rng = random.Random(10100)
    repo, culprit, head, decoy = build_repo()
    try:
        logs, series, onset, replaced = build_logs(rng, head, decoy)

        def field(i, queue="label-requests"):
            return lambda t: round(series[t][i]) if t in series else None

        labels = {"queue_name": "label-requests", "region": "eu-west-1", "account_id": "640218835117"}
        metrics = {
            "aws_sqs_approximate_number_of_messages_visible_maximum.json": query_range(
                [(labels, field(0)), (dict(labels, queue_name="label-requests-dlq"), field(3))], START, END, 60),
            "aws_sqs_approximate_number_of_messages_not_visible_maximum.json": query_range([(labels, field(1))], START, END, 60),
            "aws_sqs_approximate_age_of_oldest_message_maximum.json": query_range([(labels, field(2))], START, END, 60),
        }
        return write_scenario(
            out_dir, name="ack-deadline-redelivery", service=SERVICE, onset=onset,
            description=f"""
Packing stations wait for labels and reprint them. From {onset.strftime('%H:%M')} UTC, in the
end-of-day rush, the WMS gets second and third labels for packed orders, the
label-requests queue backs up, KEDA scales to its maximum, messages reach the
dead-letter queue, and {replaced} parcels go to the 16:30 UTC NordPost pickup
relabelled after packing.
label-worker was rolled out at 10:05 (start-up lines name a tests commit)
and restarted at 14:31 (a carrier logging change). The on-call engineer
raised the queue's visibility timeout to 300 s in the console at 16:14.
""",
            logs=logs, line_formats={"label-worker.log": r'\[<Date> <Time> <Zone> <Level>\] <Pod> <Logger>: <Content>'},
            metrics=metrics, repo=repo, culprit=culprit,
            root_cause=[r"Handled batch of .* messages", r"was received .* times"],
            fix_files=["src/LabelWorker/QueueConsumer.cs", "src/LabelWorker/ConsumerOptions.cs", "src/LabelWorker/appsettings.json"],
            explanation="""
The culprit (src/LabelWorker/QueueConsumer.cs, with ConsumerOptions.cs and
appsettings.json) replaces four single-message pollers per pod with one
receive of up to ten messages, handled in turn and deleted together at the
end. Off-peak the batches are small. In the end-of-day rush the queue backs
up, batches fill, and the carrier's API takes 5-6 s a label, so "Handled
batch of 10 messages ... in 5x000 ms" exceeds the queue's 45 s visibility
timeout: the whole batch becomes visible again before it is deleted, other
pods label the same orders again ("was received N times"), the WMS replaces
labels, throughput collapses and messages go to the DLQ. The fix deletes
each message once it is handled (or extends the visibility per message)
and restores the pollers. Decoys: the earlier shutdown edit of the same
file, the AWSSDK.SQS bump rolled out with the culprit, the tests commit the
morning's start-up lines name, the docs page about the queue, the carrier
error-logging change rolled out 33 minutes before the onset (the afternoon
restart), and the runbook and terraform commits after the onset.
""",
        )
    finally:
        repo.close()
