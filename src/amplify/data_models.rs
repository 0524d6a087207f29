//! The data API's models, from either document Amplify keeps of them: the model schema in
//! GraphQL that `amplifyApiModelSchemaS3Uri` names, or its model introspection JSON (what
//! `amplify_outputs.json` carries as `data.model_introspection`). Both end as the same
//! [`Model`]s, with the fields Amplify adds (`id`, `createdAt`, `updatedAt`, the owner) where
//! its resolvers put them. And which table holds each model's records.

use serde_json::Value;

use super::graphql::{self, Directive, FieldDef, TypeDef};
use crate::domain::data::{Field, Index, Model, ModelTable, Relation, RelationKind};

/// The models of a schema document, GraphQL or introspection JSON.
pub fn parse(text: &str) -> Result<Vec<Model>, String> {
    if text.trim_start().starts_with('{') {
        let doc: Value = serde_json::from_str(text).map_err(|e| format!("the model schema is not JSON: {e}"))?;
        let doc = doc.pointer("/data/model_introspection").unwrap_or(&doc);
        return Ok(from_introspection(doc));
    }
    let types = graphql::parse(text).map_err(|e| format!("the model schema does not parse: {e}"))?;
    Ok(from_graphql(&types))
}

fn field(name: &str, kind: &str, required: bool) -> Field {
    Field { name: name.into(), kind: kind.into(), required, is_array: false, read_only: false, relation: None }
}

fn directive<'a>(list: &'a [Directive], name: &str) -> Option<&'a Directive> {
    list.iter().find(|d| d.name == name)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_array).into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

fn from_graphql(types: &[TypeDef]) -> Vec<Model> {
    let enums: Vec<(String, Vec<String>)> = types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Enum { name, values } => Some((name.clone(), values.clone())),
            TypeDef::Object { .. } => None,
        })
        .collect();
    types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Object { name, directives, fields } => {
                let model = directive(directives, "model")?;
                Some(graphql_model(name, model, directives, fields, &enums))
            }
            TypeDef::Enum { .. } => None,
        })
        .collect()
}

fn graphql_model(
    name: &str,
    model: &Directive,
    directives: &[Directive],
    defs: &[FieldDef],
    enums: &[(String, Vec<String>)],
) -> Model {
    let primary = defs.iter().find(|f| directive(&f.directives, "primaryKey").is_some());
    let partition_key = primary.map_or("id".to_owned(), |f| f.name.clone());
    let sort_keys = primary
        .and_then(|f| directive(&f.directives, "primaryKey"))
        .map(|d| strings(d.args.get("sortKeyFields")))
        .unwrap_or_default();
    let mut fields = Vec::new();
    if primary.is_none() && !defs.iter().any(|f| f.name == "id") {
        fields.push(field("id", "ID", true));
    }
    let mut indexes = Vec::new();
    for def in defs {
        let relation = relation(def);
        if let Some(index) = directive(&def.directives, "index") {
            let name = index.args.get("name").and_then(Value::as_str).map_or(format!("by{}", def.name), str::to_owned);
            indexes.push(Index { name, partition: def.name.clone(), sort: strings(index.args.get("sortKeyFields")) });
        }
        fields.push(Field {
            name: def.name.clone(),
            kind: def.kind.clone(),
            required: def.required,
            is_array: def.is_array,
            read_only: false,
            relation,
        });
    }
    for stamp in timestamps(model) {
        if !fields.iter().any(|f| f.name == stamp) {
            fields.push(Field { read_only: true, ..field(&stamp, "AWSDateTime", false) });
        }
    }
    let owner_field = owner_field(directive(directives, "auth").and_then(|d| d.args.get("rules")));
    if let Some(owner) = owner_field.as_deref().filter(|o| !fields.iter().any(|f| f.name == *o)) {
        fields.push(field(owner, "String", false));
    }
    Model { name: name.into(), fields, partition_key, sort_keys, indexes, owner_field, enums: enums.to_vec() }
}

fn relation(def: &FieldDef) -> Option<Relation> {
    let kinds =
        [("hasMany", RelationKind::HasMany), ("hasOne", RelationKind::HasOne), ("belongsTo", RelationKind::BelongsTo)];
    kinds.into_iter().find_map(|(name, kind)| {
        let d = directive(&def.directives, name)?;
        let references = strings(d.args.get("references").or_else(|| d.args.get("fields")));
        Some(Relation { kind, model: def.kind.clone(), references })
    })
}

/// `@model(timestamps: …)`: renamed, or `null` for none.
fn timestamps(model: &Directive) -> Vec<String> {
    match model.args.get("timestamps") {
        Some(Value::Null) => Vec::new(),
        Some(Value::Object(names)) => ["createdAt", "updatedAt"]
            .iter()
            .filter_map(|k| match names.get(*k) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Null) => None,
                _ => Some((*k).to_owned()),
            })
            .collect(),
        _ => vec!["createdAt".into(), "updatedAt".into()],
    }
}

/// The field an owner rule writes: `ownerField`, or `owner`.
fn owner_field(rules: Option<&Value>) -> Option<String> {
    rules.and_then(Value::as_array)?.iter().find_map(|rule| {
        (rule.get("allow").and_then(Value::as_str) == Some("owner"))
            .then(|| rule.get("ownerField").and_then(Value::as_str).unwrap_or("owner").to_owned())
    })
}

fn from_introspection(doc: &Value) -> Vec<Model> {
    let enums: Vec<(String, Vec<String>)> = doc
        .get("enums")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, e)| (name.clone(), strings(e.get("values"))))
        .collect();
    let models = doc.get("models").and_then(Value::as_object).into_iter().flatten();
    models.map(|(name, m)| introspected_model(name, m, &enums)).collect()
}

fn introspected_model(name: &str, m: &Value, enums: &[(String, Vec<String>)]) -> Model {
    let mut fields: Vec<Field> = m
        .get("fields")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, f)| {
            let kind = match f.get("type") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Object(o)) => o.values().next().and_then(Value::as_str).unwrap_or("String").to_owned(),
                _ => "String".to_owned(),
            };
            let relation = f.get("association").map(|a| Relation {
                kind: match a.get("connectionType").and_then(Value::as_str) {
                    Some("HAS_MANY") => RelationKind::HasMany,
                    Some("HAS_ONE") => RelationKind::HasOne,
                    _ => RelationKind::BelongsTo,
                },
                model: kind.clone(),
                references: strings(a.get("targetNames").or_else(|| a.get("associatedWith"))),
            });
            let flag = |k: &str| f.get(k).and_then(Value::as_bool).unwrap_or(false);
            Field {
                name: name.clone(),
                kind,
                required: flag("isRequired"),
                is_array: flag("isArray"),
                read_only: flag("isReadOnly"),
                relation,
            }
        })
        .collect();
    let key = m.get("primaryKeyInfo");
    let partition_key =
        key.and_then(|k| k.get("primaryKeyFieldName")).and_then(Value::as_str).unwrap_or("id").to_owned();
    let sort_keys = strings(key.and_then(|k| k.get("sortKeyFieldNames")));
    let attributes = m.get("attributes").and_then(Value::as_array).cloned().unwrap_or_default();
    let rules = attributes.iter().find(|a| a.get("type").and_then(Value::as_str) == Some("auth"));
    let owner_field = owner_field(rules.and_then(|a| a.pointer("/properties/rules")));
    if let Some(owner) = owner_field.as_deref().filter(|o| !fields.iter().any(|f| f.name == *o)) {
        fields.push(field(owner, "String", false));
    }
    let indexes = attributes
        .iter()
        .filter(|a| a.get("type").and_then(Value::as_str) == Some("key"))
        .filter_map(|a| {
            let props = a.get("properties")?;
            let name = props.get("name").and_then(Value::as_str)?.to_owned();
            let mut keys = strings(props.get("fields")).into_iter();
            Some(Index { name, partition: keys.next()?, sort: keys.collect() })
        })
        .collect();
    Model { name: name.into(), fields, partition_key, sort_keys, indexes, owner_field, enums: enums.to_vec() }
}

/// Which table holds each model: the environment's `Custom::AmplifyDynamoDBTable` resource
/// named `<Model>Table` (its physical id is the table name), else Amplify's naming
/// `<Model>-<apiId>-NONE`. Resources are `(logical id, physical id, type)`.
pub fn tables(models: Vec<Model>, resources: &[(&str, &str, &str)], api_id: Option<&str>) -> Vec<ModelTable> {
    models
        .into_iter()
        .filter_map(|model| {
            let logical = format!("{}Table", model.name);
            let found = resources
                .iter()
                .find(|(l, p, t)| *t == "Custom::AmplifyDynamoDBTable" && *l == logical && !p.is_empty())
                .map(|(_, p, _)| (*p).to_owned());
            let table = found.or_else(|| api_id.map(|id| format!("{}-{id}-NONE", model.name)))?;
            Some(ModelTable { model, table })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../tests/fixtures/data/model-schema.graphql");
    const INTROSPECTION: &str = include_str!("../../tests/fixtures/data/modelIntrospectionSchema.json");

    #[test]
    fn both_documents_give_the_same_model() {
        let from_sdl = parse(SAMPLE).unwrap();
        let from_json = parse(INTROSPECTION).unwrap();
        assert_eq!(from_sdl.len(), 1);
        let names = |m: &Model| m.fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&from_sdl[0]), ["id", "content", "done", "createdAt", "updatedAt", "owner"]);
        assert_eq!(names(&from_sdl[0]), names(&from_json[0]));
        assert_eq!(from_sdl[0].owner_field.as_deref(), Some("owner"));
        assert_eq!(from_json[0].partition_key, "id");
    }

    #[test]
    fn keys_indexes_and_relationships() {
        let text = r#"
            type Post @model(timestamps: null) { slug: String! @primaryKey(sortKeyFields: ["at"]) at: Int!
              status: Status @index(name: "byStatus", sortKeyFields: ["at"])
              comments: [Comment] @hasMany(references: ["postSlug", "postAt"]) }
            type Comment @model { postSlug: String postAt: Int post: Post @belongsTo(references: ["postSlug", "postAt"]) }
            enum Status { DRAFT LIVE }"#;
        let models = parse(text).unwrap();
        let post = &models[0];
        assert_eq!((post.partition_key.as_str(), post.sort_keys.clone()), ("slug", vec!["at".to_owned()]));
        assert_eq!(post.fields.len(), 4, "no id, no timestamps");
        assert_eq!(
            post.indexes[0],
            Index { name: "byStatus".into(), partition: "status".into(), sort: vec!["at".into()] }
        );
        let post_field = models[1].field("post").unwrap();
        assert_eq!(post_field.relation.as_ref().unwrap().kind, RelationKind::BelongsTo);
        assert_eq!(models[1].stored().count(), 5, "id, the two references, two timestamps");
    }

    #[test]
    fn tables_from_resources_else_by_name() {
        let models = parse(SAMPLE).unwrap();
        let found = tables(models.clone(), &[("TodoTable", "Todo-abc-NONE", "Custom::AmplifyDynamoDBTable")], None);
        assert_eq!(found[0].table, "Todo-abc-NONE");
        assert_eq!(tables(models.clone(), &[], Some("xyz"))[0].table, "Todo-xyz-NONE");
        assert!(tables(models, &[], None).is_empty());
    }
}
