//! AWS console addresses for what the Resources pane shows.

/// `arn:aws:cloudformation:REGION:...` → REGION.
pub fn region_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}

/// The console page of a resource: the service's own page where it has an obvious one,
/// else the resources tab of its stack.
pub fn url(stack_id: &str, resource_type: &str, physical_id: &str, fallback_region: &str) -> String {
    let region = region_of(stack_id).unwrap_or(fallback_region);
    let console = format!("https://{region}.console.aws.amazon.com");
    let id = encode(physical_id);
    match resource_type {
        "AWS::CloudFormation::Stack" if physical_id.starts_with("arn:") => {
            format!("{console}/cloudformation/home?region={region}#/stacks/stackinfo?stackId={id}")
        }
        "AWS::Lambda::Function" => format!("{console}/lambda/home?region={region}#/functions/{id}"),
        "AWS::S3::Bucket" => format!("https://s3.console.aws.amazon.com/s3/buckets/{id}?region={region}"),
        "AWS::DynamoDB::Table" => format!("{console}/dynamodbv2/home?region={region}#table?name={id}"),
        "AWS::Cognito::UserPool" => format!("{console}/cognito/v2/idp/user-pools/{id}/users?region={region}"),
        "AWS::AppSync::GraphQLApi" => format!(
            "{console}/appsync/home?region={region}#/{}/v1/home",
            encode(physical_id.rsplit('/').next().unwrap_or(physical_id))
        ),
        _ => format!("{console}/cloudformation/home?region={region}#/stacks/resources?stackId={}", encode(stack_id)),
    }
}

/// Percent-encoding of everything but unreserved characters.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STACK: &str =
        "arn:aws:cloudformation:us-west-2:123456789012:stack/amplify-app-root-sandbox-1496b9051c/4300c130";

    #[test]
    fn services_get_their_own_pages_and_the_rest_the_stack() {
        assert_eq!(
            url(STACK, "AWS::Lambda::Function", "amplify-app-sayhello-AbC", "us-east-1"),
            "https://us-west-2.console.aws.amazon.com/lambda/home?region=us-west-2#/functions/amplify-app-sayhello-AbC"
        );
        let stack = url(STACK, "AWS::CloudFormation::Stack", STACK, "us-east-1");
        assert!(stack.contains("#/stacks/stackinfo?stackId=arn%3Aaws%3Acloudformation%3Aus-west-2"), "{stack}");
        let role = url(STACK, "AWS::IAM::Role", "role-name", "us-east-1");
        assert!(role.contains("#/stacks/resources?stackId=arn%3A"), "{role}");
        assert_eq!(
            url("not-an-arn", "AWS::S3::Bucket", "b", "eu-west-1"),
            "https://s3.console.aws.amazon.com/s3/buckets/b?region=eu-west-1"
        );
    }
}
