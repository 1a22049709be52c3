//! Metrics from a Prometheus-compatible HTTP API: `query_range` and `query`,
//! read-only by construction (only GET on /api/v1/query*). Series become
//! `MetricSeries`; the engine finds change points in them.

use std::time::Duration;

use serde::Deserialize;

use crate::ingest::{MetricPoint, MetricSeries};

#[derive(Debug, thiserror::Error)]
pub enum PromError {
    #[error("Prometheus URL {0:?} is not an http(s) URL")]
    BadUrl(String),
    #[error("cannot reach Prometheus at {url}: {detail}")]
    Connection { url: String, detail: String },
    #[error("Prometheus at {url} answered HTTP {status}: {body}")]
    Http {
        url: String,
        status: u16,
        body: String,
    },
    #[error("Prometheus query failed ({error_type}): {error}")]
    Query { error_type: String, error: String },
    #[error("unexpected answer from Prometheus at {url}: {detail}")]
    Shape { url: String, detail: String },
}

/// A range to query, in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub start_s: i64,
    pub end_s: i64,
    pub step_s: u64,
}

#[derive(Deserialize)]
struct Envelope {
    status: String,
    data: Option<Data>,
    #[serde(rename = "errorType")]
    error_type: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "resultType")]
    result_type: String,
    result: Vec<Series>,
}

#[derive(Deserialize)]
struct Series {
    #[serde(default)]
    metric: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    values: Vec<(f64, String)>,
    #[serde(default)]
    value: Option<(f64, String)>,
}

/// A read-only client for one Prometheus.
#[derive(Debug, Clone)]
pub struct Prometheus {
    base_url: String,
    http: reqwest::Client,
}

impl Prometheus {
    pub fn new(base_url: &str, timeout: Duration) -> Result<Prometheus, PromError> {
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(PromError::BadUrl(base_url.to_string()));
        }
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| PromError::Connection {
                url: base_url.to_string(),
                detail: e.to_string(),
            })?;
        Ok(Prometheus {
            base_url: base_url.trim_end_matches('/').to_string(),
            http,
        })
    }

    /// `GET /api/v1/query_range`.
    pub async fn query_range(
        &self,
        name: &str,
        unit: &str,
        query: &str,
        range: Range,
    ) -> Result<Vec<MetricSeries>, PromError> {
        let params = [
            ("query", query.to_string()),
            ("start", range.start_s.to_string()),
            ("end", range.end_s.to_string()),
            ("step", format!("{}s", range.step_s.max(1))),
        ];
        self.get("/api/v1/query_range", &params, name, unit, query)
            .await
    }

    /// `GET /api/v1/query` (instant).
    pub async fn query(
        &self,
        name: &str,
        unit: &str,
        query: &str,
    ) -> Result<Vec<MetricSeries>, PromError> {
        self.get(
            "/api/v1/query",
            &[("query", query.to_string())],
            name,
            unit,
            query,
        )
        .await
    }

    async fn get(
        &self,
        path: &str,
        params: &[(&str, String)],
        name: &str,
        unit: &str,
        query: &str,
    ) -> Result<Vec<MetricSeries>, PromError> {
        let url = format!("{}{path}", self.base_url);
        let response = self
            .http
            .get(&url)
            .query(params)
            .send()
            .await
            .map_err(|e| PromError::Connection {
                url: url.clone(),
                detail: e.to_string(),
            })?;
        let status = response.status();
        let body = response.text().await.map_err(|e| PromError::Connection {
            url: url.clone(),
            detail: e.to_string(),
        })?;
        series_from_answer(&body, name, unit, query).map_err(|err| match err {
            AnswerError::Json(detail) if status.is_success() => PromError::Shape { url, detail },
            AnswerError::Json(_) => PromError::Http {
                url,
                status: status.as_u16(),
                body: body.chars().take(200).collect(),
            },
            AnswerError::Failed { error_type, error } => PromError::Query { error_type, error },
            AnswerError::Shape(detail) => PromError::Shape { url, detail },
        })
    }
}

/// What is wrong with the body of a query answer.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    #[error("not a Prometheus query answer: {0}")]
    Json(String),
    #[error("the query failed ({error_type}): {error}")]
    Failed { error_type: String, error: String },
    #[error("{0}")]
    Shape(String),
}

/// The series of one `/api/v1/query_range` (or `/api/v1/query`) answer body:
/// how Prometheus answers and metrics files (`--metrics-file`, an incident
/// scenario's `metrics/*.json`) are read, by the same code.
pub fn series_from_answer(
    body: &str,
    name: &str,
    unit: &str,
    query: &str,
) -> Result<Vec<MetricSeries>, AnswerError> {
    let envelope: Envelope =
        serde_json::from_str(body).map_err(|e| AnswerError::Json(e.to_string()))?;
    if envelope.status != "success" {
        return Err(AnswerError::Failed {
            error_type: envelope.error_type.unwrap_or_default(),
            error: envelope.error.unwrap_or_default(),
        });
    }
    let data = envelope
        .data
        .ok_or_else(|| AnswerError::Shape("no data".into()))?;
    if !matches!(data.result_type.as_str(), "matrix" | "vector") {
        return Err(AnswerError::Shape(format!(
            "result type {} is not a matrix or vector",
            data.result_type
        )));
    }
    Ok(data
        .result
        .into_iter()
        .map(|series| to_series(series, name, unit, query))
        .collect())
}

/// A saved answer (`curl …/api/v1/query_range?… > FILE.json`): its series,
/// named after the file (`p99_latency.json` → `p99_latency{…labels}`).
pub fn load_answer_file(path: &std::path::Path) -> Result<Vec<MetricSeries>, String> {
    let body = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "metric".to_string());
    series_from_answer(&body, &name, "", &format!("file {}", path.display()))
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn to_series(series: Series, name: &str, unit: &str, query: &str) -> MetricSeries {
    let label_map: std::collections::BTreeMap<String, String> = series
        .metric
        .iter()
        .filter(|(k, _)| *k != "__name__")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let labels: Vec<String> = series
        .metric
        .iter()
        .filter(|(k, _)| *k != "__name__")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let name = if labels.is_empty() {
        name.to_string()
    } else {
        format!("{name}{{{}}}", labels.join(","))
    };
    let points = series
        .values
        .into_iter()
        .chain(series.value)
        .filter_map(|(time_s, value)| {
            value
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(|value| MetricPoint {
                    time_ms: (time_s * 1000.0) as i64,
                    value,
                })
        })
        .collect();
    MetricSeries {
        name,
        unit: unit.to_string(),
        query: Some(query.to_string()),
        points,
        labels: label_map,
        ..MetricSeries::default()
    }
}

pub use crate::clock::parse_duration;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("30m"), Ok(1800));
        assert_eq!(parse_duration("15s"), Ok(15));
        assert!(parse_duration("5x").is_err());
    }

    #[test]
    fn matrix_answers_become_series() {
        let body = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"api"},"values":[[1700000000,"1"],[1700000060,"NaN"],[1700000120,"0.5"]]}]}}"#;
        let envelope: Envelope = serde_json::from_str(body).unwrap();
        let series = to_series(
            envelope.data.unwrap().result.into_iter().next().unwrap(),
            "up",
            "",
            "up",
        );
        assert_eq!(series.name, "up{job=api}");
        assert_eq!(series.points.len(), 2, "NaN dropped");
        assert_eq!(series.points[1].time_ms, 1_700_000_120_000);
    }
}
