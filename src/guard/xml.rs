//! A small XML tree for the AWS Query answers the guard reads (STS and IAM
//! answer in XML). Built on `xmlparser`, which the AWS SDK already compiles,
//! so that two read calls need neither the IAM nor the STS SDK. Namespaces
//! are ignored (elements are matched by local name) and attributes are not
//! kept: the guard reads element text only.

use std::fmt;

/// An answer nested deeper than this is not an AWS answer.
const MAX_DEPTH: usize = 64;

/// One element: its local name, its own text (trimmed, entities decoded) and
/// its child elements in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

/// The answer is not well-formed XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError(String);

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not well-formed XML: {}", self.0)
    }
}

impl std::error::Error for XmlError {}

impl Element {
    /// The first child element called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    /// Every child element called `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// The text of the first child called `name`, if it is there.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|child| child.text.as_str())
    }
}

/// Parses `text` into its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    use xmlparser::{ElementEnd, Token};
    // The stack of open elements; the root is the first one opened.
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    for token in xmlparser::Tokenizer::from(text) {
        let token = token.map_err(|err| XmlError(err.to_string()))?;
        match token {
            Token::ElementStart { local, .. } => {
                if root.is_some() {
                    return Err(XmlError("content after the root element".to_string()));
                }
                if open.len() >= MAX_DEPTH {
                    return Err(XmlError(format!("nested deeper than {MAX_DEPTH}")));
                }
                open.push(Element {
                    name: local.as_str().to_string(),
                    ..Element::default()
                });
            }
            Token::ElementEnd { end, .. } => match end {
                ElementEnd::Open => {}
                ElementEnd::Close(_, local) => {
                    let closed = open
                        .pop()
                        .ok_or_else(|| XmlError(format!("</{}> closes nothing", local.as_str())))?;
                    if closed.name != local.as_str() {
                        return Err(XmlError(format!(
                            "<{}> closed by </{}>",
                            closed.name,
                            local.as_str()
                        )));
                    }
                    finish(closed, &mut open, &mut root);
                }
                ElementEnd::Empty => {
                    let closed = open
                        .pop()
                        .ok_or_else(|| XmlError("an empty element outside any".to_string()))?;
                    finish(closed, &mut open, &mut root);
                }
            },
            Token::Text { text } => {
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&decode_entities(text.as_str())?);
                }
            }
            Token::Cdata { text, .. } => {
                if let Some(current) = open.last_mut() {
                    current.text.push_str(text.as_str());
                }
            }
            _ => {}
        }
    }
    if let Some(unclosed) = open.last() {
        return Err(XmlError(format!("<{}> is never closed", unclosed.name)));
    }
    root.ok_or_else(|| XmlError("no element".to_string()))
}

/// A closed element becomes a child of its parent, or the root.
fn finish(mut closed: Element, open: &mut [Element], root: &mut Option<Element>) {
    closed.text = closed.text.trim().to_string();
    match open.last_mut() {
        Some(parent) => parent.children.push(closed),
        None => *root = Some(closed),
    }
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric references.
fn decode_entities(text: &str) -> Result<String, XmlError> {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        decoded.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after
            .find(';')
            .ok_or_else(|| XmlError(format!("unterminated entity in {text:?}")))?;
        let name = &after[..end];
        let character = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => numeric_reference(name),
        };
        decoded.push(character.ok_or_else(|| XmlError(format!("unknown entity &{name};")))?);
        rest = &after[end + 1..];
    }
    decoded.push_str(rest);
    Ok(decoded)
}

fn numeric_reference(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x") {
        u32::from_str_radix(hex, 16).ok()?
    } else {
        name.strip_prefix('#')?.parse().ok()?
    };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_elements_and_decodes_text() {
        let root = parse(
            r#"<?xml version="1.0"?>
<R xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Result><Arn>arn:aws:iam::1:user/a&amp;b</Arn><Empty/><C><![CDATA[x<y]]></C></Result>
</R>"#,
        )
        .expect("parses");
        assert_eq!(root.name, "R");
        let result = root.child("Result").expect("Result");
        assert_eq!(result.child_text("Arn"), Some("arn:aws:iam::1:user/a&b"));
        assert_eq!(result.child_text("Empty"), Some(""));
        assert_eq!(result.child_text("C"), Some("x<y"));
        assert_eq!(result.children_named("Arn").count(), 1);
    }

    #[test]
    fn numeric_references_decode() {
        let root = parse("<a>&#65;&#x42;</a>").expect("parses");
        assert_eq!(root.text, "AB");
    }

    #[test]
    fn malformed_answers_are_named() {
        let err = parse("<a><b></a>").expect_err("mismatched");
        assert!(err.to_string().contains("<b> closed by </a>"), "{err}");
        let err = parse("<a>").expect_err("unclosed");
        assert!(err.to_string().contains("never closed"), "{err}");
        let err = parse("Internal Server Error").expect_err("not XML");
        assert!(err.to_string().starts_with("not well-formed XML"), "{err}");
        let err = parse("<a>&bogus;</a>").expect_err("entity");
        assert!(err.to_string().contains("&bogus;"), "{err}");
        assert!(parse("").is_err());
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        let err = parse(&deep).expect_err("too deep");
        assert!(err.to_string().contains("nested deeper"), "{err}");
    }
}
