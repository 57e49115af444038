//! The XML reading the guard shares with calamine: the same parser (quick-xml,
//! the version calamine depends on), configured as calamine configures it, and
//! attributes found as calamine finds them. The guard then sees exactly the
//! elements calamine will see, in the same places: a comment, a DOCTYPE or a
//! namespace prefix cannot hide a tag from one and show it to the other.

use std::io::BufRead;

use quick_xml::events::attributes::AttrError;
use quick_xml::events::BytesStart;
use quick_xml::Reader;

/// A reader configured as calamine's (`xml_reader` in calamine's
/// `xlsx/mod.rs`, and the `content.xml` reader in its `ods.rs`).
pub fn reader<R: BufRead>(inner: R) -> Reader<R> {
    let mut r = Reader::from_reader(inner);
    let config = r.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    r
}

/// The attributes of a start tag as calamine reads them (`RawAttrIter` in
/// calamine's `attrs.rs`): `(key, raw value)`, the value neither unescaped
/// nor checked, an error for a key without `=` or a value without quotes.
pub fn raw_attrs<'a>(e: &'a BytesStart<'_>) -> RawAttrs<'a> {
    RawAttrs {
        raw: e.attributes_raw(),
        pos: 0,
    }
}

/// The first attribute named exactly `name` (no namespace handling), as
/// calamine's `raw_attr`: an error for a malformed attribute before it.
pub fn raw_attr<'a>(e: &'a BytesStart<'_>, name: &str) -> Result<Option<&'a str>, AttrError> {
    for item in raw_attrs(e) {
        let (key, value) = item?;
        if key == name {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// See [`raw_attrs`].
pub struct RawAttrs<'a> {
    raw: &'a str,
    pos: usize,
}

impl<'a> Iterator for RawAttrs<'a> {
    type Item = Result<(&'a str, &'a str), AttrError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (raw, bytes) = (self.raw, self.raw.as_bytes());
        let len = bytes.len();
        let mut pos = self.pos;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= len {
            self.pos = pos;
            return None;
        }
        let key_start = pos;
        while pos < len && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= len {
            self.pos = len;
            return Some(Err(AttrError::ExpectedEq(key_start)));
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                self.pos = len;
                return Some(Err(AttrError::UnquotedValue(pos)));
            }
        };
        pos += 1;
        let start = pos;
        while pos < len && bytes[pos] != quote {
            pos += 1;
        }
        let value = &raw[start..pos];
        self.pos = (pos + 1).min(len);
        Some(Ok((key, value)))
    }
}

/// A count as written in an attribute: decimal digits, a leading `+` allowed;
/// a number too large for u64 is `u64::MAX` (so that it is refused, never
/// wrapped). `None` for anything else.
pub fn count(text: &str) -> Option<u64> {
    let digits = text.strip_prefix('+').unwrap_or(text).as_bytes();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;

    fn first_start(xml: &str) -> BytesStart<'static> {
        let mut r = reader(xml.as_bytes());
        let mut buf = Vec::new();
        loop {
            match r.read_event_into(&mut buf).unwrap() {
                Event::Start(e) => return e.into_owned(),
                Event::Eof => panic!("no start tag in {xml}"),
                _ => buf.clear(),
            }
        }
    }

    #[test]
    fn attributes_as_calamine_reads_them() {
        let e = first_start(r#"<sst xmlns="x" count="234" uniqueCount = '165' a=">">"#);
        assert_eq!(raw_attr(&e, "uniqueCount"), Ok(Some("165")));
        assert_eq!(raw_attr(&e, "count"), Ok(Some("234")));
        assert_eq!(raw_attr(&e, "Count"), Ok(None));
        assert_eq!(raw_attr(&e, "a"), Ok(Some(">")));
        // A namespace prefix is part of the key.
        let e = first_start(r#"<x:sst x:uniqueCount="5" uniqueCount="7"/>"#);
        assert_eq!(raw_attr(&e, "uniqueCount"), Ok(Some("7")));
        // A malformed attribute before the one asked for is an error, as in calamine.
        let e = first_start(r#"<sst a=1 uniqueCount="7">"#);
        assert!(raw_attr(&e, "uniqueCount").is_err());
        // A name without a value runs into the next key, as in calamine.
        let e = first_start(r#"<sst broken uniqueCount="7">"#);
        assert_eq!(raw_attr(&e, "uniqueCount"), Ok(None));
    }

    #[test]
    fn counts() {
        assert_eq!(count("165"), Some(165));
        assert_eq!(count("+165"), Some(165));
        assert_eq!(count("000000000000000000000000165"), Some(165));
        assert_eq!(count("99999999999999999999999"), Some(u64::MAX));
        assert_eq!(count("-1"), None);
        assert_eq!(count(" 1"), None);
        assert_eq!(count(""), None);
    }
}
