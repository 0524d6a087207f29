//! Writing a record the way Amplify's resolvers write it: only the model's fields, each of
//! its type, `__typename` set, `id`/`createdAt`/`updatedAt`/owner kept (the update time
//! refreshed). An edit that breaks a rule is refused with the field that broke it.

use serde_json::{Map, Value};

use crate::domain::data::{Field, Model, Record};

/// A new record to start editing from: the key left for ampdeck to fill, every writable
/// field at null.
pub fn template(model: &Model, id: &str) -> Record {
    let mut record = Map::new();
    for f in model.stored().filter(|f| !f.read_only) {
        let value =
            if f.name == model.partition_key && f.kind == "ID" { Value::String(id.into()) } else { Value::Null };
        record.insert(f.name.clone(), value);
    }
    record
}

/// The record as the user edits it: the model's stored fields in its order, anything else
/// the table holds after them.
pub fn ordered(model: &Model, record: &Record) -> Record {
    let mut out = Map::new();
    for f in model.stored() {
        if let Some(v) = record.get(&f.name) {
            out.insert(f.name.clone(), v.clone());
        }
    }
    for (k, v) in record {
        if !out.contains_key(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// Checks an edited record and stamps it for writing. `original` is the record as read
/// (none when creating); `now` is an ISO 8601 time.
pub fn prepare(model: &Model, text: &str, original: Option<&Record>, now: &str) -> Result<Record, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON at line {}, column {}: {e}", e.line(), e.column()))?;
    let Value::Object(mut record) = value else { return Err("the record must be a JSON object".into()) };
    record.remove("__typename");
    for (name, value) in &record {
        let field = model.field(name).ok_or_else(|| format!("{} has no field {name}", model.name))?;
        if field.relation.is_some() {
            return Err(format!("{name} is a relationship: set {} instead", references(field)));
        }
        check(model, field, value)?;
    }
    if let Some(original) = original {
        for key in model.key_names() {
            if record.get(key).is_some_and(|v| Some(v) != original.get(key)) {
                return Err(format!("{key} is the record's key and cannot change: create a new record instead"));
            }
        }
        for (k, v) in original {
            let kept = model.key_names().contains(&k.as_str()) || Some(k) == model.owner_field.as_ref();
            if kept && !record.contains_key(k) {
                record.insert(k.clone(), v.clone());
            }
        }
    }
    stamp(model, &mut record, original, now);
    for f in model.stored().filter(|f| f.required && !f.read_only) {
        if record.get(&f.name).is_none_or(Value::is_null) {
            return Err(format!("{} is required", f.name));
        }
    }
    Ok(ordered(model, &record))
}

fn references(field: &Field) -> String {
    field.relation.as_ref().map(|r| r.references.join(", ")).filter(|s| !s.is_empty()).unwrap_or("its key".into())
}

fn stamp(model: &Model, record: &mut Record, original: Option<&Record>, now: &str) {
    let stamps: Vec<&Field> = model.stored().filter(|f| f.read_only && f.kind == "AWSDateTime").collect();
    if let Some(created) = stamps.first() {
        let kept = original.and_then(|o| o.get(&created.name)).cloned();
        record.insert(created.name.clone(), kept.unwrap_or_else(|| Value::String(now.into())));
    }
    if let Some(updated) = stamps.get(1) {
        record.insert(updated.name.clone(), Value::String(now.into()));
    }
    record.insert("__typename".into(), Value::String(model.name.clone()));
}

/// A value against its field's type; null is fine unless the field is required.
fn check(model: &Model, field: &Field, value: &Value) -> Result<(), String> {
    if value.is_null() {
        return if field.required && !field.read_only { Err(format!("{} is required", field.name)) } else { Ok(()) };
    }
    if field.is_array {
        let Value::Array(items) = value else { return Err(wrong(field, value, "a list")) };
        return items.iter().try_for_each(|v| scalar(model, field, v));
    }
    scalar(model, field, value)
}

fn scalar(model: &Model, field: &Field, value: &Value) -> Result<(), String> {
    let ok = match field.kind.as_str() {
        "Int" | "AWSTimestamp" => value.as_i64().is_some(),
        "Float" => value.is_number(),
        "Boolean" => value.is_boolean(),
        "AWSJSON" => value.as_str().is_some_and(|s| serde_json::from_str::<Value>(s).is_ok()),
        "AWSDateTime" => value.as_str().is_some_and(|s| crate::util::timefmt::parse_rfc3339_ms(s).is_some()),
        "ID" | "String" | "AWSEmail" | "AWSURL" | "AWSPhone" | "AWSDate" | "AWSTime" | "AWSIPAddress" => {
            value.is_string()
        }
        kind => match model.enums.iter().find(|(name, _)| name == kind) {
            Some((_, values)) => value.as_str().is_some_and(|s| values.iter().any(|v| v == s)),
            None => value.is_object(),
        },
    };
    if ok { Ok(()) } else { Err(wrong(field, value, &expected(model, field))) }
}

fn expected(model: &Model, field: &Field) -> String {
    match field.kind.as_str() {
        "Int" | "AWSTimestamp" => "a whole number".into(),
        "Float" => "a number".into(),
        "Boolean" => "true or false".into(),
        "AWSJSON" => "a string holding JSON".into(),
        "AWSDateTime" => "an ISO 8601 time like 2026-01-31T12:00:00.000Z".into(),
        kind => match model.enums.iter().find(|(name, _)| name == kind) {
            Some((_, values)) => format!("one of {}", values.join(", ")),
            None if kind.starts_with("AWS") || kind == "ID" || kind == "String" => "a string".into(),
            None => "an object".into(),
        },
    }
}

fn wrong(field: &Field, value: &Value, expected: &str) -> String {
    let shown: String = value.to_string().chars().take(40).collect();
    format!("{} must be {expected} ({}), not {shown}", field.name, field.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amplify::data_models::parse;

    fn todo() -> Model {
        parse(include_str!("../../tests/fixtures/data/model-schema.graphql")).unwrap().remove(0)
    }

    const NOW: &str = "2026-12-01T12:00:00.000Z";

    #[test]
    fn an_edit_keeps_what_amplify_owns_and_refreshes_the_time() {
        let original: Record = serde_json::from_str(
            r#"{"id":"1","content":"a","createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z","owner":"sub::ann","__typename":"Todo"}"#,
        )
        .unwrap();
        let out = prepare(&todo(), r#"{"content":"b","done":true}"#, Some(&original), NOW).unwrap();
        let text = serde_json::to_string(&out).unwrap();
        assert_eq!(
            text,
            r#"{"id":"1","content":"b","done":true,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-12-01T12:00:00.000Z","owner":"sub::ann","__typename":"Todo"}"#
        );
    }

    #[test]
    fn wrong_types_unknown_fields_and_changed_keys_are_refused() {
        let model = todo();
        let original: Record = serde_json::from_str(r#"{"id":"1"}"#).unwrap();
        let err = |text: &str| prepare(&model, text, Some(&original), NOW).unwrap_err();
        assert_eq!(err(r#"{"done":"yes"}"#), "done must be true or false (Boolean), not \"yes\"");
        assert_eq!(err(r#"{"colour":"red"}"#), "Todo has no field colour");
        assert!(err(r#"{"id":"2"}"#).starts_with("id is the record's key"));
        assert!(err("{\n  \"done\": tru }").starts_with("not JSON at line 2, column"));
    }

    #[test]
    fn a_new_record_gets_its_times_and_typename() {
        let model = todo();
        let text = serde_json::to_string(&template(&model, "new-id")).unwrap();
        assert_eq!(text, r#"{"id":"new-id","content":null,"done":null,"owner":null}"#);
        let out = prepare(&model, &text, None, NOW).unwrap();
        assert_eq!(out["createdAt"], NOW);
        assert_eq!(out["__typename"], "Todo");
    }
}
