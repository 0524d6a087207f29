//! Just enough of GraphQL's schema language to read the model schema Amplify stores for a
//! data API (`model-schema.graphql`, what `amplifyApiModelSchemaS3Uri` names): object and
//! enum types, their fields, field types and directives with their arguments. Everything
//! else (inputs, scalars, unions, `schema`, `extend`, directive definitions) is skipped.

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    pub name: String,
    pub args: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    pub name: String,
    /// The named type at the core (`Post` of `[Post!]!`).
    pub kind: String,
    pub required: bool,
    pub is_array: bool,
    pub directives: Vec<Directive>,
    /// Its arguments (a query's or mutation's).
    pub args: Vec<FieldDef>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    Object { name: String, directives: Vec<Directive>, fields: Vec<FieldDef> },
    Enum { name: String, values: Vec<String> },
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Punct(char),
    Str(String),
    Num(String),
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            '#' => {
                chars.by_ref().take_while(|&c| c != '\n').for_each(drop);
            }
            c if c.is_whitespace() || c == ',' || c == '\u{feff}' => {
                chars.next();
            }
            '"' => out.push(Token::Str(string(&mut chars)?)),
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(&c) = chars.peek().filter(|c| c.is_ascii_alphanumeric() || **c == '_') {
                    name.push(c);
                    chars.next();
                }
                out.push(Token::Name(name));
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut num = String::new();
                while let Some(&c) = chars.peek().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'))
                {
                    num.push(c);
                    chars.next();
                }
                out.push(Token::Num(num));
            }
            '.' => {
                chars.next();
            }
            c => {
                chars.next();
                out.push(Token::Punct(c));
            }
        }
    }
    Ok(out)
}

/// A quoted string or a `"""` block string.
fn string(chars: &mut std::iter::Peekable<std::str::Chars>) -> Result<String, String> {
    chars.next();
    let mut text = String::new();
    if chars.peek() == Some(&'"') {
        chars.next();
        if chars.peek() != Some(&'"') {
            return Ok(text);
        }
        chars.next();
        let mut quotes = 0;
        for c in chars.by_ref() {
            quotes = if c == '"' { quotes + 1 } else { 0 };
            text.push(c);
            if quotes == 3 {
                text.truncate(text.len() - 3);
                return Ok(text);
            }
        }
        return Err("a block string never ends".into());
    }
    while let Some(c) = chars.next() {
        match c {
            '"' => return Ok(text),
            '\\' => text.extend(chars.next()),
            c => text.push(c),
        }
    }
    Err("a string never ends".into())
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

pub fn parse(text: &str) -> Result<Vec<TypeDef>, String> {
    let mut p = Parser { tokens: tokens(text)?, at: 0 };
    let mut types = Vec::new();
    while let Some(token) = p.next() {
        match token {
            Token::Name(word) if word == "type" => types.push(p.object()?),
            Token::Name(word) if word == "enum" => types.push(p.enumeration()?),
            Token::Str(_) => {}
            _ => p.skip_definition(),
        }
    }
    Ok(types)
}

impl Parser {
    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn is(&self, c: char) -> bool {
        self.peek() == Some(&Token::Punct(c))
    }

    fn name(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Token::Name(name)) => Ok(name),
            other => Err(format!("expected a name, found {other:?}")),
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        match self.next() {
            Some(Token::Punct(p)) if p == c => Ok(()),
            other => Err(format!("expected '{c}', found {other:?}")),
        }
    }

    /// Past the rest of a definition ampdeck does not read: up to its closing brace, or
    /// the next keyword when it has no body.
    fn skip_definition(&mut self) {
        while let Some(token) = self.peek() {
            match token {
                Token::Punct('{') => {
                    self.skip_balanced('{', '}');
                    return;
                }
                Token::Name(w) if matches!(w.as_str(), "type" | "enum" | "input" | "scalar" | "union") => return,
                _ => self.at += 1,
            }
        }
    }

    fn skip_balanced(&mut self, open: char, close: char) {
        let mut depth = 0;
        while let Some(token) = self.next() {
            match token {
                Token::Punct(c) if c == open => depth += 1,
                Token::Punct(c) if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn object(&mut self) -> Result<TypeDef, String> {
        let name = self.name()?;
        if matches!(self.peek(), Some(Token::Name(w)) if w == "implements") {
            while !self.is('{') && !self.is('@') && self.peek().is_some() {
                self.at += 1;
            }
        }
        let directives = self.directives()?;
        let mut fields = Vec::new();
        if !self.is('{') {
            return Ok(TypeDef::Object { name, directives, fields });
        }
        self.expect('{')?;
        while !self.is('}') {
            if let Some(Token::Str(_)) = self.peek() {
                self.at += 1;
                continue;
            }
            fields.push(self.field()?);
        }
        self.expect('}')?;
        Ok(TypeDef::Object { name, directives, fields })
    }

    fn field(&mut self) -> Result<FieldDef, String> {
        let name = self.name()?;
        let mut args = Vec::new();
        if self.is('(') {
            self.at += 1;
            while !self.is(')') {
                if let Some(Token::Str(_)) = self.peek() {
                    self.at += 1;
                    continue;
                }
                let arg = self.name()?;
                self.expect(':')?;
                let (kind, required, is_array) = self.field_type()?;
                if self.is('=') {
                    self.at += 1;
                    self.value()?;
                }
                let directives = self.directives()?;
                args.push(FieldDef { name: arg, kind, required, is_array, directives, args: Vec::new() });
            }
            self.expect(')')?;
        }
        self.expect(':')?;
        let (kind, required, is_array) = self.field_type()?;
        Ok(FieldDef { name, kind, required, is_array, directives: self.directives()?, args })
    }

    fn field_type(&mut self) -> Result<(String, bool, bool), String> {
        let (kind, is_array) = if self.is('[') {
            self.expect('[')?;
            let (kind, _, _) = self.field_type()?;
            self.expect(']')?;
            (kind, true)
        } else {
            (self.name()?, false)
        };
        let required = self.is('!');
        if required {
            self.at += 1;
        }
        Ok((kind, required, is_array))
    }

    fn directives(&mut self) -> Result<Vec<Directive>, String> {
        let mut found = Vec::new();
        while self.is('@') {
            self.at += 1;
            let name = self.name()?;
            let mut args = Map::new();
            if self.is('(') {
                self.at += 1;
                while !self.is(')') {
                    let key = self.name()?;
                    self.expect(':')?;
                    args.insert(key, self.value()?);
                }
                self.expect(')')?;
            }
            found.push(Directive { name, args });
        }
        Ok(found)
    }

    fn value(&mut self) -> Result<Value, String> {
        match self.next() {
            Some(Token::Str(s)) => Ok(Value::String(s)),
            Some(Token::Num(n)) => {
                Ok(n.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number))
            }
            Some(Token::Name(n)) => Ok(match n.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => Value::String(n),
            }),
            Some(Token::Punct('[')) => {
                let mut items = Vec::new();
                while !self.is(']') {
                    items.push(self.value()?);
                }
                self.expect(']')?;
                Ok(Value::Array(items))
            }
            Some(Token::Punct('{')) => {
                let mut map = Map::new();
                while !self.is('}') {
                    let key = self.name()?;
                    self.expect(':')?;
                    map.insert(key, self.value()?);
                }
                self.expect('}')?;
                Ok(Value::Object(map))
            }
            other => Err(format!("expected a value, found {other:?}")),
        }
    }

    fn enumeration(&mut self) -> Result<TypeDef, String> {
        let name = self.name()?;
        self.directives()?;
        self.expect('{')?;
        let mut values = Vec::new();
        while !self.is('}') {
            match self.next() {
                Some(Token::Name(v)) => values.push(v),
                Some(Token::Str(_) | Token::Punct('@')) => {}
                None => return Err(format!("enum {name} never ends")),
                _ => {}
            }
        }
        self.expect('}')?;
        Ok(TypeDef::Enum { name, values })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_types_fields_and_directives() {
        let text = r#"
            # a comment
            type Todo @model @auth(rules: [{allow: owner, ownerField: "owner"}]) {
              content: String
              tags: [String!]!
              """ described """
              post: Post @belongsTo(references: ["postId"])
            }
            enum Status { OPEN DONE }
            input Skipped { a: Int }
            type Query { sayHello(name: String): String @function(name: "FnSayHello") }
        "#;
        let types = parse(text).unwrap();
        assert_eq!(types.len(), 3);
        let TypeDef::Object { name, directives, fields } = &types[0] else { panic!() };
        assert_eq!(name, "Todo");
        assert_eq!(directives[1].args["rules"][0]["ownerField"], "owner");
        assert_eq!((fields[1].kind.as_str(), fields[1].required, fields[1].is_array), ("String", true, true));
        assert_eq!(fields[2].directives[0].args["references"][0], "postId");
        let TypeDef::Object { fields: query, .. } = &types[2] else { panic!() };
        assert_eq!((query[0].args[0].name.as_str(), query[0].args[0].kind.as_str()), ("name", "String"));
        assert_eq!(types[1], TypeDef::Enum { name: "Status".into(), values: vec!["OPEN".into(), "DONE".into()] });
    }

    #[test]
    fn says_where_it_cannot_go_on() {
        assert!(parse("type A { b: }").is_err());
        assert!(parse("type A { b: \"open").is_err());
    }
}
