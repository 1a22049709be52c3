//! The workbench's Prometheus source: a service's metric queries (name,
//! PromQL, unit, thresholds) polled with `query_range`, every read audited
//! before its points are shown. The first poll covers `--since`; later polls
//! ask from the last answer on and send only points newer than those already
//! sent, so the engine's series (merged by name) never hold a point twice.
//! The engine finds change points in them. Prometheus down or a query failing
//! is a source state with the reason — the workbench keeps running.

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::mpsc::Sender;

use super::client::{Prometheus, Range};
use crate::audit::entry::SourceRead;
use crate::audit::shared::AuditWriter;
use crate::audit::Details;
use crate::config::MetricQueryConfig;
use crate::ingest::SourceIndex;
use crate::source::{now_ms, SourceEvent, SourceInfo, SourceState};

/// What to poll, and how.
#[derive(Debug, Clone)]
pub struct MetricsPlan {
    pub url: String,
    pub queries: Vec<MetricQueryConfig>,
    /// The service, and the PromQL whose new series mark its deploys.
    pub service: String,
    pub deploy_query: Option<String>,
    /// The first poll reaches back this far.
    pub since_s: u64,
    /// Query resolution; also the poll interval (clamped).
    pub step_s: u64,
}

/// The status-bar entry of the metric queries.
pub fn info() -> SourceInfo {
    SourceInfo {
        kind: "prometheus".to_string(),
        name: "prom".to_string(),
    }
}

/// Points per series Prometheus answers at most (it refuses > 11,000).
const MAX_POINTS: u64 = 10_000;
const MIN_POLL: Duration = Duration::from_secs(5);
const MAX_POLL: Duration = Duration::from_secs(300);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// Starts polling as source `index`.
pub fn spawn(plan: MetricsPlan, index: SourceIndex, audit: AuditWriter, tx: Sender<SourceEvent>) {
    tokio::spawn(async move {
        let report = |state: SourceState| SourceEvent::State {
            source: index,
            state,
        };
        let client = match Prometheus::new(&plan.url, REQUEST_TIMEOUT) {
            Ok(client) => client,
            Err(err) => {
                let _ = tx.send(report(SourceState::Failed(err.to_string()))).await;
                return;
            }
        };
        let _ = tx.send(report(SourceState::Starting)).await;
        // A long --since would ask for more points than Prometheus answers:
        // the step grows instead.
        let step_s = plan.step_s.max(1).max(plan.since_s.div_ceil(MAX_POINTS));
        let poll_every = Duration::from_secs(plan.step_s.max(1)).clamp(MIN_POLL, MAX_POLL);
        let mut poller = Poller {
            plan: &plan,
            client,
            step_s,
            last_sent: HashMap::new(),
            covered_to_s: None,
            deploys_seen: std::collections::HashSet::new(),
        };
        while !tx.is_closed() {
            let state = match poller.poll(&audit, &tx).await {
                Ok(()) => SourceState::Idle,
                Err(reason) => SourceState::Failed(reason),
            };
            if tx.send(report(state)).await.is_err() {
                return;
            }
            tokio::time::sleep(poll_every).await;
        }
    });
}

struct Poller<'a> {
    plan: &'a MetricsPlan,
    client: Prometheus,
    step_s: u64,
    /// Newest point sent per series name (series carry labels in their names).
    last_sent: HashMap<String, i64>,
    /// Every query answered up to here (Unix s); the next poll starts a step before.
    covered_to_s: Option<i64>,
    /// Deploy series (by name, labels included) already marked or already
    /// running when the window opened.
    deploys_seen: std::collections::HashSet<String>,
}

impl Poller<'_> {
    /// One pass over every query; the first failure's reason (the other
    /// queries are still read).
    async fn poll(&mut self, audit: &AuditWriter, tx: &Sender<SourceEvent>) -> Result<(), String> {
        let end_s = now_ms() / 1000;
        let start_s = match self.covered_to_s {
            Some(covered) => covered - self.step_s as i64,
            None => end_s - self.plan.since_s as i64,
        };
        let range = Range {
            start_s,
            end_s,
            step_s: self.step_s,
        };
        let mut failure = None;
        for query in &self.plan.queries {
            let answer = self
                .client
                .query_range(&query.name, &query.unit, &query.query, range)
                .await;
            let series = match answer {
                Ok(series) => series,
                Err(err) => {
                    failure.get_or_insert_with(|| format!("{}: {err}", query.name));
                    continue;
                }
            };
            let points: usize = series.iter().map(|s| s.points.len()).sum();
            // Audited before the points are sent (and so before they are shown).
            let entry = SourceRead::new(
                "query_range",
                serde_json::json!({
                    "name": query.name, "query": query.query,
                    "start_s": range.start_s, "end_s": range.end_s, "step_s": range.step_s,
                    "series": series.len(), "points": points,
                }),
            )
            .entry(self.plan.url.clone());
            if let Err(err) = audit.append_async(entry).await {
                return Err(format!("audit failed, not shown: {err}"));
            }
            for mut one in series {
                let last = self.last_sent.get(&one.name).copied();
                one.points
                    .retain(|p| last.is_none_or(|last| p.time_ms > last));
                let Some(newest) = one.points.last().map(|p| p.time_ms) else {
                    continue;
                };
                self.last_sent.insert(one.name.clone(), newest);
                one.warn_above = query.warn_above;
                one.critical_above = query.critical_above;
                if tx.send(SourceEvent::Metric(one)).await.is_err() {
                    return Ok(());
                }
            }
        }
        if let Some(query) = &self.plan.deploy_query {
            if let Err(reason) = self.poll_deploys(query, range, audit, tx).await {
                failure.get_or_insert(reason);
            }
        }
        match failure {
            Some(reason) => Err(reason),
            None => {
                self.covered_to_s = Some(end_s);
                Ok(())
            }
        }
    }

    /// Deploy markers: a series of the deploy query that first appears inside
    /// the window is a deploy at its first point. Series already there when
    /// the first window opened were running before it: not deploys.
    async fn poll_deploys(
        &mut self,
        query: &str,
        range: Range,
        audit: &AuditWriter,
        tx: &Sender<SourceEvent>,
    ) -> Result<(), String> {
        let series = self
            .client
            .query_range("deploys", "", query, range)
            .await
            .map_err(|err| format!("deploy_query: {err}"))?;
        let entry = SourceRead::new(
            "query_range",
            serde_json::json!({
                "name": "deploys", "query": query,
                "start_s": range.start_s, "end_s": range.end_s, "step_s": range.step_s,
                "series": series.len(),
            }),
        )
        .entry(self.plan.url.clone());
        audit
            .append_async(entry)
            .await
            .map_err(|err| format!("audit failed, not shown: {err}"))?;
        let first_window = self.covered_to_s.is_none();
        let opened_ms = (range.start_s + range.step_s as i64) * 1000;
        for one in series {
            let Some(first) = one.points.first() else {
                continue;
            };
            if !self.deploys_seen.insert(one.name.clone()) {
                continue;
            }
            if first_window && first.time_ms <= opened_ms {
                continue;
            }
            let version = one
                .labels
                .get("version")
                .cloned()
                .unwrap_or_else(|| one.name.clone());
            let marker = crate::ingest::DeployMarker {
                time_ms: first.time_ms,
                service: self.plan.service.clone(),
                version,
                description: format!("first seen in {query}"),
            };
            if tx.send(SourceEvent::Deploy(marker)).await.is_err() {
                return Ok(());
            }
        }
        Ok(())
    }
}
