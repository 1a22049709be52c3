//! The AWS SDK configuration every AWS caller shares: the standard credential
//! chain, an optional profile and region, and an optional endpoint (moto,
//! LocalStack, test stand-ins). One place, so the credential guard checks
//! exactly the credentials the sources will read with.

use super::cloudwatch::Connection;

/// Loads the SDK configuration for `connection`.
pub async fn sdk_config(connection: &Connection) -> aws_config::SdkConfig {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
    if let Some(profile) = &connection.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &connection.region {
        loader = loader.region(aws_config::Region::new(region.clone()));
    }
    if let Some(url) = &connection.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// The profile name the SDK will use: the explicit one, else `AWS_PROFILE`,
/// else `default` (the SDK's own order).
pub fn profile_name(connection: &Connection) -> String {
    connection
        .profile
        .clone()
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
        .unwrap_or_else(|| "default".to_string())
}
