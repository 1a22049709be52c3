//! Signed AWS Query-protocol requests (STS and IAM) for the guard's two read
//! calls. Compiling the whole IAM SDK for one operation cost minutes of every
//! first build, so the guard signs with SigV4 (`aws-sigv4`, already compiled
//! for the SDK) and sends with the HTTP client lookout already has. The
//! credentials and the configured endpoint come from the shared SDK
//! configuration (`source::aws`), so the guard checks exactly what the
//! sources read with.

use std::fmt;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_smithy_runtime_api::client::identity::Identity;

use super::xml::{self, Element};

/// A transient failure (network, HTTP 5xx, throttling) is tried this often.
const MAX_ATTEMPTS: u32 = 3;
/// First pause between attempts; doubled each time.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Answers larger than this are not STS or IAM answers.
const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;
/// Error codes AWS uses for "slow down".
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
];

/// The two services the guard asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Sts,
    Iam,
}

impl Service {
    /// The SigV4 signing name.
    fn signing_name(self) -> &'static str {
        match self {
            Service::Sts => "sts",
            Service::Iam => "iam",
        }
    }

    /// The Query API version every request names.
    fn api_version(self) -> &'static str {
        match self {
            Service::Sts => "2011-06-15",
            Service::Iam => "2010-05-08",
        }
    }

    /// The SDK's service-specific endpoint override variable.
    fn endpoint_variable(self) -> &'static str {
        match self {
            Service::Sts => "AWS_ENDPOINT_URL_STS",
            Service::Iam => "AWS_ENDPOINT_URL_IAM",
        }
    }
}

/// A call that did not produce an answer the guard can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// The service answered with an error status.
    Service {
        status: u16,
        code: Option<String>,
        message: Option<String>,
    },
    /// No answer: connection refused, timeout, TLS failure, …
    Transport(String),
    /// A success status whose body is not the expected answer.
    Answer(String),
    /// The request could not be built (bad endpoint URL, unsignable).
    Request(String),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Service {
                code: Some(code),
                message: Some(message),
                ..
            } => write!(f, "{code}: {message}"),
            QueryError::Service {
                code: Some(code), ..
            } => f.write_str(code),
            QueryError::Service { status, .. } => write!(
                f,
                "HTTP {status} without an AWS error code (is it implemented by this endpoint?)"
            ),
            QueryError::Transport(text) => f.write_str(text),
            QueryError::Answer(text) => write!(f, "unreadable answer: {text}"),
            QueryError::Request(text) => write!(f, "cannot build the request: {text}"),
        }
    }
}

impl std::error::Error for QueryError {}

impl QueryError {
    /// Worth another attempt: the same request may well succeed.
    fn is_transient(&self) -> bool {
        match self {
            QueryError::Transport(_) => true,
            QueryError::Service { status, code, .. } => {
                *status >= 500
                    || code
                        .as_deref()
                        .is_some_and(|code| THROTTLING_CODES.contains(&code))
            }
            QueryError::Answer(_) | QueryError::Request(_) => false,
        }
    }
}

/// Signs and sends Query requests as one set of credentials.
pub struct QueryClient {
    http: reqwest::Client,
    identity: Identity,
    /// The configured region (the guard defaults it to us-east-1).
    region: String,
    /// The endpoint given to lookout (`--endpoint-url`, `[aws] endpoint_url`):
    /// it wins over everything, as it does for the SDK.
    explicit_endpoint: Option<String>,
    /// The SDK configuration's endpoint (`AWS_ENDPOINT_URL`, the profile's
    /// `endpoint_url`): used when no service-specific variable is set.
    shared_endpoint: Option<String>,
}

impl QueryClient {
    pub fn new(
        credentials: Credentials,
        region: &str,
        explicit_endpoint: Option<String>,
        shared_endpoint: Option<String>,
    ) -> Result<QueryClient, QueryError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|err| QueryError::Request(error_chain(&err)))?;
        Ok(QueryClient {
            http,
            identity: credentials.into(),
            region: region.to_string(),
            explicit_endpoint,
            shared_endpoint,
        })
    }

    /// Calls `action` with `parameters` and returns the answer's root
    /// element; transient failures are retried a bounded number of times.
    pub async fn call(
        &self,
        service: Service,
        action: &str,
        parameters: &[(String, String)],
    ) -> Result<Element, QueryError> {
        let mut backoff = FIRST_BACKOFF;
        let mut attempt = 1;
        loop {
            match self.call_once(service, action, parameters).await {
                Err(err) if err.is_transient() && attempt < MAX_ATTEMPTS => {
                    tokio::time::sleep(backoff).await;
                    backoff *= 2;
                    attempt += 1;
                }
                result => return result,
            }
        }
    }

    async fn call_once(
        &self,
        service: Service,
        action: &str,
        parameters: &[(String, String)],
    ) -> Result<Element, QueryError> {
        let configured = self
            .explicit_endpoint
            .clone()
            .or_else(|| service_endpoint_from_env(service))
            .or_else(|| self.shared_endpoint.clone());
        let (url, signing_region) = endpoint(service, &self.region, configured.as_deref());
        let url = reqwest::Url::parse(&url)
            .map_err(|err| QueryError::Request(format!("endpoint {url:?}: {err}")))?;
        if url.host_str().is_none() {
            return Err(QueryError::Request(format!("endpoint {url} names no host")));
        }
        let body = form_body(service, action, parameters);
        let content_type = "application/x-www-form-urlencoded; charset=utf-8";
        let headers = [("content-type", content_type)];
        let signable = SignableRequest::new(
            "POST",
            url.as_str(),
            headers.into_iter(),
            SignableBody::Bytes(body.as_bytes()),
        )
        .map_err(|err| QueryError::Request(error_chain(&err)))?;
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&self.identity)
            .region(&signing_region)
            .name(service.signing_name())
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|err| QueryError::Request(error_chain(&err)))?
            .into();
        let (instructions, _signature) = sign(signable, &params)
            .map_err(|err| QueryError::Request(error_chain(&err)))?
            .into_parts();
        let mut request = self
            .http
            .post(url)
            .header("content-type", content_type)
            .body(body);
        for (name, value) in instructions.headers() {
            request = request.header(name, value);
        }
        let answer = request
            .send()
            .await
            .map_err(|err| QueryError::Transport(error_chain(&err)))?;
        let status = answer.status().as_u16();
        let bytes = answer
            .bytes()
            .await
            .map_err(|err| QueryError::Transport(error_chain(&err)))?;
        if bytes.len() > MAX_ANSWER_BYTES {
            return Err(QueryError::Answer(format!(
                "{} bytes, more than {MAX_ANSWER_BYTES}",
                bytes.len()
            )));
        }
        let text = String::from_utf8_lossy(&bytes);
        if !(200..300).contains(&status) {
            return Err(service_error(status, &text));
        }
        xml::parse(&text).map_err(|err| QueryError::Answer(format!("{action}: {err}")))
    }
}

/// The error code and message of a Query error answer
/// (`<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error>…`),
/// or just the status when the body is not one.
fn service_error(status: u16, body: &str) -> QueryError {
    let error = xml::parse(body).ok().and_then(|root| {
        if root.name == "Error" {
            Some(root)
        } else {
            root.child("Error").cloned()
        }
    });
    let text = |name: &str| {
        error
            .as_ref()
            .and_then(|error| error.child_text(name))
            .filter(|text| !text.is_empty())
            .map(str::to_string)
    };
    QueryError::Service {
        status,
        code: text("Code"),
        message: text("Message"),
    }
}

/// `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL_IAM`, unless the SDK is told
/// to ignore configured endpoints (`AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`).
fn service_endpoint_from_env(service: Service) -> Option<String> {
    let ignored = std::env::var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .is_ok_and(|value| value.eq_ignore_ascii_case("true"));
    if ignored {
        return None;
    }
    std::env::var(service.endpoint_variable())
        .ok()
        .filter(|url| !url.is_empty())
}

/// The URL to send to and the region to sign for. A configured endpoint is
/// signed for the configured region (what the SDK does); otherwise IAM is
/// global per partition and STS is regional, as the SDK resolves them.
fn endpoint(service: Service, region: &str, configured: Option<&str>) -> (String, String) {
    if let Some(url) = configured {
        return (url.to_string(), region.to_string());
    }
    let (suffix, iam_host, iam_region) = if region.starts_with("cn-") {
        (
            "amazonaws.com.cn",
            "iam.cn-north-1.amazonaws.com.cn",
            "cn-north-1",
        )
    } else if region.starts_with("us-gov-") {
        ("amazonaws.com", "iam.us-gov.amazonaws.com", "us-gov-west-1")
    } else if region.starts_with("eusc-") {
        (
            "amazonaws.eu",
            "iam.eusc-de-east-1.amazonaws.eu",
            "eusc-de-east-1",
        )
    } else {
        ("amazonaws.com", "iam.amazonaws.com", "us-east-1")
    };
    match service {
        Service::Iam => (format!("https://{iam_host}/"), iam_region.to_string()),
        Service::Sts => (
            format!("https://sts.{region}.{suffix}/"),
            region.to_string(),
        ),
    }
}

/// `Action=…&Version=…&Name=Value…`, form-encoded.
fn form_body(service: Service, action: &str, parameters: &[(String, String)]) -> String {
    let mut body = format!(
        "Action={}&Version={}",
        form_encode(action),
        form_encode(service.api_version())
    );
    for (name, value) in parameters {
        body.push('&');
        body.push_str(&form_encode(name));
        body.push('=');
        body.push_str(&form_encode(value));
    }
    body
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn form_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// An error and its causes, one line.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_follow_the_partition() {
        assert_eq!(
            endpoint(Service::Iam, "eu-west-1", None),
            ("https://iam.amazonaws.com/".into(), "us-east-1".into())
        );
        assert_eq!(
            endpoint(Service::Sts, "eu-west-1", None),
            (
                "https://sts.eu-west-1.amazonaws.com/".into(),
                "eu-west-1".into()
            )
        );
        assert_eq!(
            endpoint(Service::Iam, "cn-northwest-1", None).0,
            "https://iam.cn-north-1.amazonaws.com.cn/"
        );
        assert_eq!(
            endpoint(Service::Sts, "cn-northwest-1", None).0,
            "https://sts.cn-northwest-1.amazonaws.com.cn/"
        );
        assert_eq!(
            endpoint(Service::Iam, "us-gov-east-1", None),
            (
                "https://iam.us-gov.amazonaws.com/".into(),
                "us-gov-west-1".into()
            )
        );
        assert_eq!(
            endpoint(Service::Iam, "eu-west-1", Some("http://127.0.0.1:5000")),
            ("http://127.0.0.1:5000".into(), "eu-west-1".into())
        );
    }

    #[test]
    fn bodies_are_form_encoded() {
        let body = form_body(
            Service::Iam,
            "SimulatePrincipalPolicy",
            &[("PolicySourceArn".into(), "arn:aws:iam::1:role/a b".into())],
        );
        assert_eq!(
            body,
            "Action=SimulatePrincipalPolicy&Version=2010-05-08&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b"
        );
    }

    #[test]
    fn error_answers_name_code_and_message_or_the_status() {
        let denied = service_error(
            403,
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>",
        );
        assert_eq!(denied.to_string(), "AccessDenied: no");
        assert!(!denied.is_transient());
        let unimplemented = service_error(500, "<html>Internal Server Error</html>");
        assert_eq!(
            unimplemented.to_string(),
            "HTTP 500 without an AWS error code (is it implemented by this endpoint?)"
        );
        assert!(unimplemented.is_transient());
        let throttled = service_error(
            400,
            "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>",
        );
        assert_eq!(throttled.to_string(), "Throttling");
        assert!(throttled.is_transient());
    }
}
