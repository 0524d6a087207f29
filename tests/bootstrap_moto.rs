//! The bootstrap check over real HTTP against moto: no parameter, version 27, version 5, each
//! the health Amplify's own check would give (`@aws-amplify/sandbox`: at least version 6),
//! with the command that fixes it.

mod moto;

use std::time::Duration;

use ampdeck::adapters::aws::bootstrap::AwsBootstrap;
use ampdeck::adapters::aws::client::Connection;
use ampdeck::domain::health::{Health, Source};
use ampdeck::ports::{Bootstrap, Sink};
use aws_sdk_ssm::types::ParameterType;
use moto::Moto;

#[tokio::test]
async fn missing_current_and_old_bootstraps() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let connection =
        Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) };
    let (sink, mut rx) = Sink::channel(4);
    let mut port = AwsBootstrap::new(connection, sink);
    let mut check = async || {
        port.check(Some("123456789012".into()), Some("us-east-1".into()));
        tokio::time::timeout(Duration::from_secs(20), rx.recv()).await.expect("in time").expect("open")
    };
    let Health::Problem(missing) = check().await else { panic!("missing") };
    assert_eq!(missing.message, "us-east-1 is not bootstrapped for CDK");
    assert!(missing.hint.contains("npx cdk bootstrap aws://123456789012/us-east-1"), "{missing:?}");

    let ssm = moto::ssm_client(&moto.endpoint());
    let put = |v: &'static str| {
        ssm.put_parameter()
            .name("/cdk-bootstrap/hnb659fds/version")
            .value(v)
            .r#type(ParameterType::String)
            .overwrite(true)
            .send()
    };
    put("27").await.expect("put");
    assert_eq!(check().await, Health::Recovered(Source::Bootstrap));
    put("5").await.expect("put");
    let Health::Problem(old) = check().await else { panic!("old") };
    assert!(old.message.contains("version 5") && old.message.contains("needs 6"), "{old:?}");
}
