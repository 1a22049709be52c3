//! Validation of a merged configuration: every bad value is an error that
//! names the key, the value and the file (or env var, or flag) it came from.
//! Split from load.rs, which reads and layers the files.

use std::collections::BTreeMap;

use super::load::{ConfigError, Origin};
use super::Config;

/// The smallest model window lookout can use: the system and task prompts
/// take about 700 tokens (measured: 741 with the ask prompt), and a quarter of the window is kept for the answer.
const MIN_CONTEXT_WINDOW: usize = 1024;

pub(super) fn validate(
    config: &Config,
    origins: &BTreeMap<String, Origin>,
) -> Result<(), ConfigError> {
    // An array like [[service]] is recorded under its own key, not its fields'.
    let origin_of = |key: &str| {
        let mut candidate = key;
        loop {
            if let Some(origin) = origins.get(candidate) {
                return origin.clone();
            }
            match candidate.rsplit_once('.') {
                Some((parent, _)) => candidate = parent,
                None => return Origin::Default,
            }
        }
    };
    let bad = |key: &str, value: String, reason: &str| ConfigError::Value {
        origin: origin_of(key),
        key: key.to_string(),
        value,
        reason: reason.to_string(),
    };
    let url_keys = [
        ("llm.base_url", config.llm.base_url.clone()),
        ("prometheus.url", config.prometheus.url.clone()),
    ];
    for (key, url) in url_keys {
        if let Some(url) = url {
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 10 {
                return Err(bad(key, url, "expected an http:// or https:// URL"));
            }
        }
    }
    let positives = [
        ("engine.max_line_bytes", config.engine.max_line_bytes),
        ("engine.ring_lines", config.engine.ring_lines),
        ("engine.ring_bytes", config.engine.ring_bytes),
        ("propose.max_files", config.propose.max_files),
    ];
    for (key, value) in positives {
        if value == 0 {
            return Err(bad(key, "0".into(), "must be greater than 0"));
        }
    }
    if config.llm.timeout_secs == 0 {
        return Err(bad(
            "llm.timeout_secs",
            "0".into(),
            "must be greater than 0",
        ));
    }
    if config.llm.context_tokens == 0 {
        return Err(bad(
            "llm.context_tokens",
            "0".into(),
            "must be greater than 0 (the evidence pack's budget in tokens)",
        ));
    }
    if let Some(window) = config.llm.context_window {
        if window < MIN_CONTEXT_WINDOW {
            return Err(bad(
                "llm.context_window",
                window.to_string(),
                &format!("must be at least {MIN_CONTEXT_WINDOW} tokens: the system prompt alone takes several hundred, and a quarter of the window is kept for the answer"),
            ));
        }
    }
    if !(0.0..=2.0).contains(&config.llm.temperature) {
        return Err(bad(
            "llm.temperature",
            config.llm.temperature.to_string(),
            "must be between 0 and 2",
        ));
    }
    let mut names = std::collections::BTreeSet::new();
    for service in &config.services {
        if service.name.trim().is_empty() {
            return Err(bad(
                "service.name",
                String::new(),
                "every [[service]] needs a name",
            ));
        }
        if !names.insert(service.name.clone()) {
            return Err(bad(
                "service.name",
                service.name.clone(),
                "two [[service]] entries have this name",
            ));
        }
        validate_metrics(service, config, &bad)?;
        if let Some(window) = &service.changes_window {
            if let Err(reason) = crate::changes::parse_window(window) {
                return Err(bad("service.changes_window", window.clone(), &reason));
            }
        }
    }
    Ok(())
}

/// A service's `[[service.metrics]]`: each needs a name and a query, names are
/// unique within the service, thresholds are finite and in order, and the
/// queries need somewhere to go (`prometheus.url`).
fn validate_metrics(
    service: &super::ServiceConfig,
    config: &Config,
    bad: &impl Fn(&str, String, &str) -> ConfigError,
) -> Result<(), ConfigError> {
    let mut names = std::collections::BTreeSet::new();
    for metric in &service.metrics {
        if metric.name.trim().is_empty() {
            return Err(bad(
                "service.metrics.name",
                String::new(),
                &format!("every metric of service {:?} needs a name", service.name),
            ));
        }
        if !names.insert(metric.name.clone()) {
            return Err(bad(
                "service.metrics.name",
                metric.name.clone(),
                &format!("service {:?} has two metrics of this name", service.name),
            ));
        }
        if metric.query.trim().is_empty() {
            return Err(bad(
                "service.metrics.query",
                metric.query.clone(),
                &format!("metric {:?} needs a PromQL query", metric.name),
            ));
        }
        for (key, value) in [
            ("service.metrics.warn_above", metric.warn_above),
            ("service.metrics.critical_above", metric.critical_above),
        ] {
            if value.is_some_and(|v| !v.is_finite()) {
                return Err(bad(
                    key,
                    value.map(|v| v.to_string()).unwrap_or_default(),
                    &format!(
                        "metric {:?}: a threshold must be a finite number",
                        metric.name
                    ),
                ));
            }
        }
        if let (Some(warn), Some(critical)) = (metric.warn_above, metric.critical_above) {
            if warn > critical {
                return Err(bad(
                    "service.metrics.warn_above",
                    warn.to_string(),
                    &format!(
                        "metric {:?}: warn_above is above critical_above ({critical})",
                        metric.name
                    ),
                ));
            }
        }
    }
    if service
        .deploy_query
        .as_deref()
        .is_some_and(|q| q.trim().is_empty())
    {
        return Err(bad(
            "service.deploy_query",
            String::new(),
            &format!("service {:?}: deploy_query is empty", service.name),
        ));
    }
    let wants_prometheus = !service.metrics.is_empty() || service.deploy_query.is_some();
    if wants_prometheus && config.prometheus.url.is_none() {
        let (key, value) = match service.metrics.first() {
            Some(metric) => ("service.metrics", metric.name.clone()),
            None => (
                "service.deploy_query",
                service.deploy_query.clone().unwrap_or_default(),
            ),
        };
        // Named under the service (whose file is known), not the unset URL.
        return Err(bad(
            key,
            value,
            &format!(
                "service {:?} reads Prometheus ([[service.metrics]] or deploy_query): set prometheus.url to the Prometheus they are read from",
                service.name
            ),
        ));
    }
    Ok(())
}
