//! The data models as ampdeck sees them (from the backend's schema), their records, and what
//! the core asks of a table and hears back. A record is a JSON object: DynamoDB's attribute
//! values become JSON on the way in (numbers stay numbers, sets become arrays, binary
//! becomes base64 text), so the core never sees an SDK type.

use serde_json::{Map, Value};

use crate::domain::health::Problem;

pub type Record = Map<String, Value>;

/// A model's field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// The GraphQL type's name: `String`, `AWSDateTime`, an enum, another model.
    pub kind: String,
    pub required: bool,
    pub is_array: bool,
    /// Written by the API, not by the user (`createdAt`, `updatedAt`).
    pub read_only: bool,
    /// A relationship (the field is another model, not stored in this table).
    pub relation: Option<Relation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    HasMany,
    HasOne,
    BelongsTo,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub kind: RelationKind,
    pub model: String,
    /// The fields holding the related record's key (on whichever side stores them).
    pub references: Vec<String>,
}

/// A secondary index (`@index` / `.secondaryIndexes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub name: String,
    pub partition: String,
    pub sort: Vec<String>,
}

/// A `@model` type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub name: String,
    /// In the schema's order, with the implicit ones (`id`, timestamps, owner) where Amplify
    /// puts them.
    pub fields: Vec<Field>,
    pub partition_key: String,
    pub sort_keys: Vec<String>,
    pub indexes: Vec<Index>,
    /// The field owner-based authorization writes (`owner` unless renamed).
    pub owner_field: Option<String>,
    /// Enum names and their values, for checking an edit.
    pub enums: Vec<(String, Vec<String>)>,
}

impl Model {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The fields stored in the table (relationship fields are not).
    pub fn stored(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.relation.is_none())
    }

    /// The attribute names of a record's primary key.
    pub fn key_names(&self) -> Vec<&str> {
        std::iter::once(self.partition_key.as_str()).chain(self.sort_keys.first().map(String::as_str)).collect()
    }

    /// A record's primary key: its key attributes only.
    pub fn key_of(&self, record: &Record) -> Record {
        self.key_names().into_iter().filter_map(|k| Some((k.to_owned(), record.get(k)?.clone()))).collect()
    }
}

/// A model and the table holding its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelTable {
    pub model: Model,
    pub table: String,
}

/// What the table read is limited to: a whole scan, or one partition (`Query`).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Read {
    #[default]
    Scan,
    Partition {
        key: String,
        value: Value,
    },
}

/// How a write must find the record, so a change made meanwhile is not overwritten.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// Creating: no record with this key exists.
    Absent { key: String },
    /// Editing: the record still exists and still has this update time (field, value).
    Unchanged { key: String, stamp: Option<(String, String)> },
}

#[derive(Debug, Clone, PartialEq)]
pub enum DataRequest {
    /// Read the backend's model schema (the `amplifyApiModelSchemaS3Uri` document).
    Schema {
        uri: String,
        generation: u64,
    },
    /// One page of a table, from `start` (a `LastEvaluatedKey`).
    Page {
        table: String,
        read: Read,
        start: Option<Record>,
        limit: i32,
        generation: u64,
    },
    /// One record as it is now (after a write was refused).
    Get {
        table: String,
        key: Record,
    },
    Put {
        table: String,
        record: Record,
        expect: Expect,
    },
    Delete {
        table: String,
        key: Record,
        expect: Expect,
    },
}

/// A change a table's stream (or a poll) saw.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Inserted(Record),
    Modified(Record),
    Removed(Record),
}

#[derive(Debug, Clone, PartialEq)]
pub enum DataReply {
    Schema {
        generation: u64,
        text: String,
    },
    Page {
        generation: u64,
        table: String,
        records: Vec<Record>,
        next: Option<Record>,
    },
    Got {
        table: String,
        record: Option<Record>,
    },
    Written {
        table: String,
        record: Record,
    },
    Deleted {
        table: String,
        key: Record,
    },
    /// A write was refused because the record changed (or appeared) meanwhile.
    Conflict {
        table: String,
        key: Record,
    },
    /// Changes to watched tables, oldest first.
    Changes {
        table: String,
        changes: Vec<Change>,
    },
    /// The table has no stream: changes are found by reading its first page again.
    NoStream {
        table: String,
    },
    /// The table's stream is read from here on (again, after a failure): a change made from
    /// now is seen.
    Live {
        table: String,
    },
    /// Reading the table's stream failed; the watch goes on, and says [`DataReply::Live`]
    /// once it reads again.
    StreamFailed {
        table: String,
        problem: Problem,
    },
    Failed {
        generation: Option<u64>,
        what: String,
        problem: Problem,
    },
}

/// The id shown for a record: its key values joined.
pub fn key_text(key: &Record) -> String {
    key.values().map(plain).collect::<Vec<_>>().join(" · ")
}

/// A value as a cell shows it: strings without quotes, null as nothing.
pub fn plain(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
