use super::*;

fn lines(path: &str, diff: &str) -> Vec<ChangedLine> {
    diff.lines()
        .filter_map(|l| {
            let origin = l.chars().next()?;
            matches!(origin, '+' | '-').then(|| (path.to_string(), origin, l[1..].to_string()))
        })
        .collect()
}

#[test]
fn changes_that_only_log_are_recognised_in_several_languages() {
    let python = lines(
        "outbox/relay.py",
        r#"-        log.error("delivery failed topic=%s partition=%s", msg.topic(), msg.partition())
+        log.error("delivery failed topic=%s partition=%s outbox_id=%s: %s", msg.topic(), msg.partition(), msg.key().decode(), err)"#,
    );
    assert_eq!(classify(&python), Some(LoggingOnly { logging_lines: 2 }));
    let ruby = lines(
        "app/jobs/payout_batch_job.rb",
        r#"+  rescue => e
+    Sidekiq.logger.warn("payout batch #{batch_id} failed: #{e.class}: #{e.message}")
+    raise"#,
    );
    assert_eq!(classify(&ruby), Some(LoggingOnly { logging_lines: 1 }));
    let kotlin = lines(
        "src/BulkIndexer.kt",
        r#"-            log.error("bulk request had failures, pausing consumer")
+            val first = response.items.first { it.isFailed }
+            log.error("bulk request had failures: {} of {} items failed, first: reason={}",
+                response.items.count { it.isFailed }, batch.size, first.failureMessage)"#,
    );
    assert_eq!(classify(&kotlin), Some(LoggingOnly { logging_lines: 3 }));
    let go = lines(
        "server/middleware.go",
        r#"+	// Requests slower than the budget are worth a line.
+	logger.Warn("slow request",
+		"path", r.URL.Path,
+		"took", time.Since(start),
+	)"#,
    );
    assert_eq!(classify(&go), Some(LoggingOnly { logging_lines: 4 }));
}

#[test]
fn a_value_kept_for_the_message_or_a_new_function_that_only_logs_is_logging_only() {
    // The same call, its value now kept for the message.
    let captured = lines(
        "app/controllers/submissions_controller.rb",
        r#"+    scan_ms = nil
-      VirusScan.scan!(@submission.file)
+      scan_ms = VirusScan.scan!(@submission.file)
+    logger.info("Submission received", assignment_id: @assignment.id, scan_ms: scan_ms)"#,
    );
    assert_eq!(classify(&captured), Some(LoggingOnly { logging_lines: 1 }));
    // A new method whose body is a logging call.
    let helper = lines(
        "src/Passages/PassageWriter.cs",
        r#"+
+    public void LogFailure(SqlException ex, int count)
+    {
+        log.LogError(ex, "Passage write failed: SQL error {Number} for {Count} passages", ex.Number, count);
+    }"#,
    );
    assert_eq!(classify(&helper), Some(LoggingOnly { logging_lines: 1 }));
    let python = lines(
        "app/relay.py",
        r#"+def log_failure(err, topic):
+    log.error("delivery failed topic=%s: %s", topic, err)"#,
    );
    assert_eq!(classify(&python), Some(LoggingOnly { logging_lines: 1 }));
    let go = lines(
        "internal/store/writer.go",
        r#"+func (w *Writer) logFailure(err error, n int) {
+	w.log.Error("write failed", "err", err, "count", n)
+}"#,
    );
    assert_eq!(classify(&go), Some(LoggingOnly { logging_lines: 1 }));
}

#[test]
fn a_changed_signature_or_a_call_kept_for_something_else_is_behaviour() {
    // An existing function's new parameter: its callers change too.
    let signature = lines(
        "src/Writer.cs",
        r#"-    public void Write(int count)
+    public void Write(int count, bool flush)
+        log.LogInformation("writing {Count}", count);"#,
    );
    assert_eq!(classify(&signature), None);
    // The call's value kept, but not for a message.
    let kept = lines(
        "a.rb",
        r#"-      VirusScan.scan!(file)
+      result = VirusScan.scan!(file)
+      logger.info("scanned")"#,
    );
    assert_eq!(classify(&kept), None);
    // A function that does more than log.
    let more = lines(
        "a.py",
        r#"+def retry_later(job):
+    log.warning("retrying %s", job)
+    queue.put(job)"#,
    );
    assert_eq!(classify(&more), None);
    assert_eq!(declared_function("if (ready(x)) {"), None);
    assert_eq!(declared_function("return compute(x);"), None);
    assert_eq!(declared_function("total = sum(xs)"), None);
}

#[test]
fn a_change_that_also_does_something_else_is_not_logging_only() {
    // A timeout changed beside the message.
    let both = lines(
        "client.py",
        r#"+        log.warning("retrying after %s", delay)
+        timeout = 2"#,
    );
    assert_eq!(classify(&both), None);
    // A new error raised is behaviour.
    let new_error = lines(
        "job.rb",
        r#"+    logger.warn("giving up")
+    raise Timeout::Error.new("gave up")"#,
    );
    assert_eq!(classify(&new_error), None);
    // A value computed but not for the message.
    let other_value = lines(
        "a.kt",
        r#"+    val limit = 500
+    log.info("page size {}", size)"#,
    );
    assert_eq!(classify(&other_value), None);
    // A config line, a return, a condition.
    for line in [
        "+LOG_LEVEL: debug",
        "+    return err",
        "+    if err != nil {",
    ] {
        assert_eq!(classify(&lines("x", line)), None, "{line}");
    }
    // Nothing logged: comments alone do not make an observer.
    assert_eq!(classify(&lines("a.go", "+// note")), None);
    // Calls that are not logging: raise with a message, a router.
    assert_eq!(
        classify(&lines("a.py", r#"+    raise ValueError("bad token")"#)),
        None
    );
    assert_eq!(
        classify(&lines("a.js", r#"+router.get("/health", h)"#)),
        None
    );
}

#[test]
fn a_helper_written_only_to_format_a_message_is_part_of_the_logging_change() {
    let mut change = lines(
        "src/billing/Client.java",
        r#"-            log.error("charge failed for {}", id, e);
+            log.error("charge refused for {}: {}", id, Problems.describe(e.getBody()), e);"#,
    );
    let helper = lines(
        "src/billing/Problems.java",
        r#"+package billing;
+
+import java.util.stream.Collectors;
+
+final class Problems {
+    private Problems() {
+    }
+
+    static String describe(Body body) {
+        if (body == null) {
+            return "no body";
+        }
+        return body.errors().stream().map(Error::text).collect(Collectors.joining("; "));
+    }
+}"#,
    );
    change.extend(helper.iter().cloned());
    assert_eq!(classify(&change), Some(LoggingOnly { logging_lines: 2 }));
    // A Python helper: its body ends where the indentation does.
    let python = lines(
        "app/charges.py",
        r#"+def describe(problem):
+    if problem is None:
+        return "no body"
+    return "; ".join(e.text for e in problem.errors)
+
+log.error("charge refused for %s: %s", charge_id, describe(problem))"#,
    );
    assert_eq!(classify(&python), Some(LoggingOnly { logging_lines: 1 }));
    // The same helper also read by a line that decides something is behaviour.
    let mut used = change.clone();
    used.push((
        "src/billing/Client.java".into(),
        '+',
        "            if (Problems.describe(body).isEmpty()) return retry(id);".into(),
    ));
    assert_eq!(classify(&used), None);
    // A function no logging call reads is behaviour, however it is named.
    let unread = lines(
        "app/charges.py",
        r#"+def describe(problem):
+    return problem.text
+log.error("charge refused for %s", charge_id)"#,
    );
    assert_eq!(classify(&unread), None);
    // Code after the helper's body is judged on its own.
    let after = lines(
        "app/charges.py",
        r#"+def describe(problem):
+    return problem.text
+TIMEOUT = 2
+log.error("charge refused for %s: %s", charge_id, describe(problem))"#,
    );
    assert_eq!(classify(&after), None);
}

#[test]
fn a_change_of_comments_alone_changes_nothing_that_runs() {
    let go = lines(
        "internal/profile/loader.go",
        "+\t// failures are logged by the poller with the file name, rows and meters\n+",
    );
    assert!(only_comments(&go));
    let python = lines(
        "app/pool.py",
        "-# pool size from the env\n+# pool size from config",
    );
    assert!(only_comments(&python));
    // A comment beside a changed value is a change.
    let value = lines(
        "app/pool.py",
        "+# larger pool for the peak\n+POOL_SIZE = 40",
    );
    assert!(!only_comments(&value));
    assert!(!only_comments(&[]));
}

/// Lines in diff order with their origin as the first character, context
/// lines (`' '`) and hunk starts (`@@`) included.
fn hunk(path: &str, diff: &str) -> Vec<ChangedLine> {
    diff.lines()
        .map(|l| match l.strip_prefix("@@") {
            Some(_) => (path.to_string(), 'H', String::new()),
            None => (
                path.to_string(),
                l.chars().next().unwrap_or(' '),
                l.get(1..).unwrap_or("").to_string(),
            ),
        })
        .collect()
}

#[test]
fn the_later_lines_of_a_logging_call_opened_on_an_unchanged_line_are_logging() {
    let python = hunk(
        "vetbook/errors.py",
        r#"@@ -14,6 +14,10 @@
 async def database_error(request: Request, exc: DBAPIError):
+    orig = getattr(exc, "orig", None)
+    diag = getattr(orig, "diag", None)
     log.error("database error on %s %s", request.method, request.scope.get("route").path,
-              exc_info=exc, extra={"request_id": request.state.request_id})
+              exc_info=exc, extra={"request_id": request.state.request_id,
+                                   "sqlstate": getattr(orig, "sqlstate", None),
+                                   "constraint": getattr(diag, "constraint_name", None)})
     return JSONResponse({"detail": "Something went wrong."}, status_code=500)"#,
    );
    assert_eq!(classify(&python), Some(LoggingOnly { logging_lines: 4 }));
    // The unchanged line after the call is not part of it: a changed
    // argument of another call is behaviour.
    let other_call = hunk(
        "a.py",
        r#"@@ -1,3 +1,3 @@
     log.error("failed %s", job)
-    queue.put(job, timeout=2)
+    queue.put(job, timeout=5)"#,
    );
    assert_eq!(classify(&other_call), None);
}

#[test]
fn a_reworded_error_message_and_the_values_it_reads_are_logging() {
    let csharp = hunk(
        "src/Carrier/NordPostClient.cs",
        r#"@@ -29,7 +29,9 @@
         if (!response.IsSuccessStatusCode)
         {
-            throw new CarrierException($"NordPost returned {(int)response.StatusCode}");
+            var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.First() : "-";
+            var detail = await response.Content.ReadAsStringAsync(ct);
+            throw new CarrierException($"NordPost returned {(int)response.StatusCode} (request {requestId}): {detail}");
         }"#,
    );
    assert_eq!(classify(&csharp), Some(LoggingOnly { logging_lines: 2 }));
}

#[test]
fn statements_moved_into_a_try_that_logs_and_throws_on_are_logging() {
    let csharp = hunk(
        "src/Messaging/Publisher.cs",
        r#"@@ -21,8 +21,15 @@
         msg.WriteString(evt.ToJson());
-        queue.Put(msg, pmo);
-        qmgr.Commit();
+        try
+        {
+            queue.Put(msg, pmo);
+            qmgr.Commit();
+        }
+        catch (MQException ex)
+        {
+            log.LogError(ex, "MQ put to {Queue} failed: reason {Reason}", _opts.Queue, ex.ReasonCode);
+            throw;
+        }
         return Convert.ToHexString(msg.MessageId);"#,
    );
    assert_eq!(classify(&csharp), Some(LoggingOnly { logging_lines: 1 }));
    let java = hunk(
        "src/SolrSearchService.java",
        r#"@@ -41,7 +42,13 @@
-        QueryResponse response = solr.query("catalogue", query);
+        QueryResponse response;
+        try {
+            response = solr.query("catalogue", query);
+        } catch (RemoteSolrException e) {
+            log.warn("Solr error response status={}", e.code());
+            throw e;
+        }"#,
    );
    assert_eq!(classify(&java), Some(LoggingOnly { logging_lines: 1 }));
    // A catch that answers otherwise is behaviour.
    let answers = hunk(
        "src/Publisher.cs",
        r#"@@ -1,2 +1,9 @@
-        queue.Put(msg, pmo);
+        try
+        {
+            queue.Put(msg, pmo);
+        }
+        catch (MQException ex)
+        {
+            log.LogError(ex, "MQ put failed");
+            return null;
+        }"#,
    );
    assert_eq!(classify(&answers), None);
}

#[test]
fn a_loop_or_condition_that_only_logs_is_logging() {
    let python = hunk(
        "tickets/ses_events.py",
        r#"@@ -14,7 +14,10 @@
         bounce = event["bounce"]
-        log.warning("SES bounce for order %s (%s)", order_ref, bounce["bounceType"])
+        for r in bounce["bouncedRecipients"]:
+            log.warning("SES bounce order=%s type=%s status=%s",
+                        order_ref, bounce["bounceType"], r.get("status"))
     elif kind == "Complaint":"#,
    );
    assert_eq!(classify(&python), Some(LoggingOnly { logging_lines: 3 }));
    let go = hunk(
        "server/slow.go",
        "@@ -1,1 +1,4 @@\n+\tif took > slow {\n+\t\tlog.Warn(\"slow request\", \"took\", took)\n+\t}",
    );
    assert_eq!(classify(&go), Some(LoggingOnly { logging_lines: 1 }));
    // A loop that also does something is behaviour.
    let retries = hunk(
        "a.py",
        "@@ -1,1 +1,3 @@\n+for job in failed:\n+    log.warning(\"retrying %s\", job)\n+    queue.put(job)",
    );
    assert_eq!(classify(&retries), None);
}

#[test]
fn a_statement_moved_elsewhere_is_behaviour() {
    // The same return, now before the write: the write no longer runs.
    let earlier = hunk(
        "src/store.py",
        r#"@@ -1,4 +1,4 @@
+    return cached
-    log.info("writing %s", key)
+    log.info("writing %s (%d bytes)", key, len(value))
     db.write(key, value)
-    return cached"#,
    );
    assert_eq!(classify(&earlier), None);
}

#[test]
fn a_condition_whose_every_arm_only_logs_is_logging_only() {
    // Which message a delivery report gets, by its status: the branch
    // decides only what is written to the log.
    let php = lines(
        "app/Http/Controllers/Webhooks/StatusController.php",
        r#"-        Log::info('status callback', $request->only(['id', 'status', 'error_code']));
+        if (in_array($request->input('status'), ['undelivered', 'failed'], true)) {
+            Log::warning('SMS undelivered: '.$request->input('error_message'), $request->only(['id', 'network']) + [
+                'template' => SmsMessage::where('provider_id', $request->input('id'))->value('template'),
+            ]);
+        } else {
+            Log::info('status callback', $request->only(['id', 'status']));
+        }"#,
    );
    assert!(classify(&php).is_some(), "{php:?}");
    let python = lines(
        "relay/status.py",
        r#"+    if status in ("undelivered", "failed"):
+        log.warning("sms undelivered: %s", error)
+    elif status == "queued":
+        log.debug("sms queued")
+    else:
+        log.info("status callback %s", status)"#,
    );
    assert!(classify(&python).is_some(), "{python:?}");
    // An arm that does anything else is behaviour.
    let acts = lines(
        "relay/status.py",
        r#"+    if status == "failed":
+        log.warning("sms failed: %s", error)
+    else:
+        retry(message)"#,
    );
    assert_eq!(classify(&acts), None);
    let braced = lines(
        "src/status.js",
        r#"+    if (status === 'failed') {
+        logger.warn('sms failed', { error });
+    } else {
+        queue.retry(message);
+    }"#,
    );
    assert_eq!(classify(&braced), None);
}

#[test]
fn a_one_line_function_only_messages_read_is_logging_only() {
    // Elixir's `defp name(args), do: expr`: a new helper whose value only
    // the reworded messages read.
    let elixir = lines(
        "lib/streamer/input_switch.ex",
        r#"-    Logger.info("input #{input} back")
+    Logger.info("RTP input restored after #{div(age_ms(state, input), 1000)} s")
+
+  defp age_ms(state, input), do: System.monotonic_time(:millisecond) - state.last_packet[input]"#,
    );
    assert!(classify(&elixir).is_some(), "{elixir:?}");
    let kotlin = lines(
        "src/Gate.kt",
        r#"+    log.warn("lane {} refused card, last sync {} s ago", lane, syncAge(lane))
+    private fun syncAge(lane: Lane) = (clock.millis() - lane.lastSync) / 1000"#,
    );
    assert!(classify(&kotlin).is_some(), "{kotlin:?}");
    // A one-line function the service calls for something else is behaviour.
    let acts = lines(
        "lib/streamer/input_switch.ex",
        r#"+    Logger.info("input back")
+    state = reset(state)
+  defp reset(s), do: %{s | lost: 0}"#,
    );
    assert_eq!(classify(&acts), None);
}
