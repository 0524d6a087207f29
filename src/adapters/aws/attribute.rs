//! DynamoDB attribute values as JSON and back, for both crates that carry them (DynamoDB and
//! DynamoDB Streams have an `AttributeValue` each). Numbers stay numbers when JSON can hold
//! them exactly, sets become lists, binary becomes base64 text. Amplify's models have no
//! binary or set fields, so a JSON value written back is a string, number, bool, list or map.

use serde_json::{Map, Number, Value};

use crate::domain::data::Record;
use crate::util::base64;

fn number(text: &str) -> Value {
    let exact = text.parse::<i64>().ok().map(Number::from).or_else(|| {
        let f = text.parse::<f64>().ok()?;
        (f.to_string() == text).then(|| Number::from_f64(f)).flatten()
    });
    exact.map_or_else(|| Value::String(text.to_owned()), Value::Number)
}

macro_rules! convert {
    ($module:ident, $av:ty) => {
        pub mod $module {
            use super::*;

            pub fn to_json(value: &$av) -> Value {
                type A = $av;
                match value {
                    A::S(s) => Value::String(s.clone()),
                    A::N(n) => number(n),
                    A::Bool(b) => Value::Bool(*b),
                    A::Null(_) => Value::Null,
                    A::B(b) => Value::String(base64::encode(b.as_ref())),
                    A::L(items) => Value::Array(items.iter().map(to_json).collect()),
                    A::M(map) => Value::Object(record(map)),
                    A::Ss(items) => Value::Array(items.iter().cloned().map(Value::String).collect()),
                    A::Ns(items) => Value::Array(items.iter().map(|n| number(n)).collect()),
                    A::Bs(items) => {
                        Value::Array(items.iter().map(|b| Value::String(base64::encode(b.as_ref()))).collect())
                    }
                    _ => Value::Null,
                }
            }

            /// A map of attributes as a record, its keys sorted (DynamoDB keeps no order).
            pub fn record(map: &std::collections::HashMap<String, $av>) -> Record {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                keys.into_iter().map(|k| (k.clone(), to_json(&map[k]))).collect()
            }

            // Streams are only read: their side of the pair has no use for writing.
            #[allow(dead_code)]
            pub fn from_json(value: &Value) -> $av {
                type A = $av;
                match value {
                    Value::Null => A::Null(true),
                    Value::Bool(b) => A::Bool(*b),
                    Value::Number(n) => A::N(n.to_string()),
                    Value::String(s) => A::S(s.clone()),
                    Value::Array(items) => A::L(items.iter().map(from_json).collect()),
                    Value::Object(map) => A::M(item(map)),
                }
            }

            #[allow(dead_code)]
            pub fn item(record: &Map<String, Value>) -> std::collections::HashMap<String, $av> {
                record.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()
            }
        }
    };
}

convert!(table, aws_sdk_dynamodb::types::AttributeValue);
convert!(stream, aws_sdk_dynamodbstreams::types::AttributeValue);

#[cfg(test)]
mod tests {
    use super::table::{from_json, record, to_json};
    use aws_sdk_dynamodb::types::AttributeValue as A;
    use serde_json::json;

    #[test]
    fn round_trips_what_amplify_writes() {
        let value = json!({"id": "1", "n": 3, "f": 1.5, "done": true, "none": null, "tags": ["a"], "m": {"k": 2}});
        let Some(map) = value.as_object() else { panic!() };
        let back = record(&super::table::item(map));
        assert_eq!(
            serde_json::Value::Object(back),
            json!({"done": true, "f": 1.5, "id": "1", "m": {"k": 2}, "n": 3, "none": null, "tags": ["a"]})
        );
    }

    #[test]
    fn numbers_json_cannot_hold_stay_text_and_sets_become_lists() {
        assert_eq!(to_json(&A::N("123456789012345678901234567890".into())), json!("123456789012345678901234567890"));
        assert_eq!(to_json(&A::Ss(vec!["x".into()])), json!(["x"]));
        assert_eq!(from_json(&json!(7)), A::N("7".into()));
    }
}
