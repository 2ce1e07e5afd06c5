//! The common shape of TOML front matter, read without the general TOML parser.
//!
//! Nearly all front matter is a few lines of `key = "text"`, `key = ["a", "b"]`,
//! integers and booleans. The `toml` crate parses that through a full document model
//! with spans, about 15 µs per article: a twentieth of a Markdown build's CPU. This
//! module reads exactly that subset and answers `None` for anything else (tables,
//! escapes, dates, floats, multi-line values, errors), which then goes to the `toml`
//! crate, so every message and every unusual value is still the crate's. For the input
//! it accepts it gives the same value the crate does (a property test checks).

use serde_json::{Map, Value};

/// Front matter `text` as a table, or `None` when it is not in the simple subset.
pub fn parse(text: &str) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    for line in text.split('\n') {
        let rest = skip_ws(line);
        if rest.is_empty() || rest.starts_with('#') {
            comment_end(rest)?;
            continue;
        }
        let key_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        if key_len == 0 {
            return None;
        }
        let key = &rest[..key_len];
        let rest = skip_ws(&rest[key_len..]).strip_prefix('=')?;
        let (value, rest) = value(skip_ws(rest), true)?;
        comment_end(skip_ws(rest))?;
        if map.insert(key.to_string(), value).is_some() {
            // A key given twice is an error; the crate words it.
            return None;
        }
    }
    Some(map)
}

/// TOML whitespace is space and tab only.
fn skip_ws(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// Accepts the end of a line: nothing, or a comment without control characters.
fn comment_end(s: &str) -> Option<()> {
    match s.strip_prefix('#') {
        None if s.is_empty() => Some(()),
        None => None,
        Some(c) => (!c.chars().any(is_control)).then_some(()),
    }
}

/// Control characters TOML forbids in strings and comments (tab is allowed).
fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t') || c == '\u{7f}'
}

/// One value at the start of `s` and what follows it. Arrays hold only scalars
/// (`outer` is false inside one).
fn value(s: &str, outer: bool) -> Option<(Value, &str)> {
    let first = *s.as_bytes().first()?;
    match first {
        b'"' | b'\'' => {
            let body = &s[1..];
            if body.starts_with(first as char) && body[1..].starts_with(first as char) {
                return None; // multi-line string
            }
            let end = body.find(first as char)?;
            let text = &body[..end];
            if text.chars().any(is_control) || (first == b'"' && text.contains('\\')) {
                return None;
            }
            Some((Value::String(text.to_string()), &body[end + 1..]))
        }
        b'[' if outer => {
            let mut items = Vec::new();
            let mut rest = skip_ws(&s[1..]);
            loop {
                if let Some(after) = rest.strip_prefix(']') {
                    return Some((Value::Array(items), after));
                }
                let (v, after) = value(rest, false)?;
                items.push(v);
                rest = skip_ws(after);
                if let Some(after) = rest.strip_prefix(',') {
                    rest = skip_ws(after);
                } else if !rest.starts_with(']') {
                    return None;
                }
            }
        }
        b't' | b'f' => {
            let (b, word) = if first == b't' {
                (true, "true")
            } else {
                (false, "false")
            };
            let rest = s.strip_prefix(word)?;
            ends_value(rest).then_some((Value::Bool(b), rest))
        }
        b'+' | b'-' | b'0'..=b'9' => {
            let sign = usize::from(!first.is_ascii_digit());
            let digits = s[sign..].bytes().take_while(u8::is_ascii_digit).count();
            let end = sign + digits;
            // No digits, leading zeros, or more to come (floats, dates, `_` separators).
            if digits == 0 || (digits > 1 && s.as_bytes()[sign] == b'0') || !ends_value(&s[end..]) {
                return None;
            }
            let n: i64 = s[..end].parse().ok()?;
            Some((Value::from(n), &s[end..]))
        }
        _ => None,
    }
}

/// Whether a bare value (number, boolean) ends where `rest` begins.
fn ends_value(rest: &str) -> bool {
    matches!(
        rest.as_bytes().first(),
        None | Some(b' ' | b'\t' | b',' | b']' | b'#')
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the `toml` crate makes of `text`, as front matter reads it.
    fn by_crate(text: &str) -> Option<Map<String, Value>> {
        let t: toml::Table = toml::from_str(text).ok()?;
        match super::super::frontmatter::toml_to_json(toml::Value::Table(t)) {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    #[test]
    fn reads_the_common_shape() {
        let text = "title = \"Mayor wins a vote\"\ndate = \"2008-02-16\"\n\
                    tags = [\"business\", 'economy',]\npeople = []\n\
                    draft = false  # not yet\nweight = -12\n\n# done\n";
        let m = parse(text).expect("in the subset");
        assert_eq!(Some(&m), by_crate(text).as_ref());
        assert_eq!(m["tags"], serde_json::json!(["business", "economy"]));
        assert_eq!(m["weight"], serde_json::json!(-12));
        assert_eq!(m["draft"], serde_json::json!(false));
    }

    #[test]
    fn leaves_everything_else_to_the_crate() {
        for text in [
            "date = 2008-02-16",        // datetime
            "x = 1.5",                  // float
            "x = 1_000",                // separators
            "x = 007",                  // leading zero (invalid)
            "x = \"a\\\"b\"",           // escape
            "x = \"\"\"a\"\"\"",        // multi-line string
            "[table]\nx = 1",           // table
            "a.b = 1",                  // dotted key
            "\"quoted\" = 1",           // quoted key
            "x = 1\nx = 2",             // duplicate (an error)
            "x = [[1], [2]]",           // nested array
            "x = [\n  \"a\",\n]",       // multi-line array
            "x = \"a\" y",              // trailing garbage (an error)
            "x = 99999999999999999999", // out of range (an error)
            "x = \"tab\u{1}\"",         // control character (an error)
            "x = { a = 1 }",            // inline table
            "x = trueish",              // not a boolean
            "x =",                      // no value (an error)
            "x = \"unclosed",           // unclosed string (an error)
            "x = 1\r\ny = 2",           // CRLF (left to the crate)
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    /// Pieces front matter is made of, including ones outside the subset.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("# note".to_string()),
            Just("[t]".to_string()),
            (
                prop::sample::select(vec!["title", "a-b", "x_1", "7", "a.b", "\"q\""]),
                prop::sample::select(vec!["=", " = ", "\t=\t", " "]),
                value_text(),
                prop::sample::select(vec!["", " ", " # c", "#\u{1}", ",", " x"]),
            )
                .prop_map(|(k, eq, v, tail)| format!("{k}{eq}{v}{tail}")),
        ]
    }

    fn scalar_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z #'\\\\\u{e9}\u{1}\t]{0,6}".prop_map(|s| format!("\"{s}\"")),
            "[a-zA-Z #\"\\\\\u{e9}\t]{0,6}".prop_map(|s| format!("'{s}'")),
            "[-+]?[0-9_.eE]{1,22}",
            prop::sample::select(vec!["true", "false", "tru", "2008-02-16", "inf", "\"\"\""])
                .prop_map(String::from),
        ]
    }

    fn value_text() -> impl Strategy<Value = String> {
        prop_oneof![
            scalar_text(),
            (
                prop::collection::vec(scalar_text(), 0..4),
                prop::sample::select(vec![",", ", ", " ,"]),
                prop::sample::select(vec!["", ",", "\n"]),
            )
                .prop_map(|(items, sep, end)| format!("[{}{end}]", items.join(sep))),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn agrees_with_the_crate(lines in prop::collection::vec(piece(), 0..6)) {
            let text = lines.join("\n");
            if let Some(m) = parse(&text) {
                prop_assert_eq!(Some(m), by_crate(&text), "{:?}", text);
            }
        }
    }
}
