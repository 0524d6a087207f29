//! The backend's buckets from its stack outputs, as `@aws-amplify/backend-storage` 1.x writes
//! them: `bucketName` is the default bucket, `buckets` a JSON list of JSON strings, one per
//! `defineStorage` (`{"name":…,"bucketName":…,"storageRegion":…}`).

use serde_json::Value;

use crate::domain::stack::StackOutput;
use crate::domain::storage::Bucket;

pub fn buckets(outputs: &[StackOutput]) -> Vec<Bucket> {
    let output = |key: &str| outputs.iter().find(|o| o.key == key).map(|o| o.value.as_str());
    let mut found: Vec<Bucket> = output("buckets")
        .and_then(|text| serde_json::from_str::<Vec<Value>>(text).ok())
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let entry = match entry {
                Value::String(s) => serde_json::from_str(&s).ok()?,
                other => other,
            };
            let bucket = entry.get("bucketName")?.as_str()?.to_owned();
            let name = entry.get("name").and_then(Value::as_str).unwrap_or(&bucket).to_owned();
            Some(Bucket { name, bucket })
        })
        .collect();
    if let Some(default) = output("bucketName").filter(|b| !b.is_empty()) {
        match found.iter().position(|b| b.bucket == default) {
            Some(i) => found.swap(0, i),
            None => found.insert(0, Bucket { name: default.to_owned(), bucket: default.to_owned() }),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(key: &str, value: &str) -> StackOutput {
        StackOutput { key: key.into(), value: value.into(), description: None }
    }

    #[test]
    fn the_default_bucket_first_then_the_others() {
        let list = r#"["{\"name\":\"photos\",\"bucketName\":\"b-photos\",\"storageRegion\":\"us-east-1\"}","{\"name\":\"demoFiles\",\"bucketName\":\"b-demo\",\"storageRegion\":\"us-east-1\"}"]"#;
        let found = buckets(&[output("buckets", list), output("bucketName", "b-demo")]);
        let names: Vec<&str> = found.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["demoFiles", "photos"]);
        assert!(buckets(&[]).is_empty());
        assert_eq!(buckets(&[output("bucketName", "only")])[0].bucket, "only");
    }
}
