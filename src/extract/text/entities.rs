//! HTML character references in raw text. Text exported from web pages and feeds keeps
//! some of them (`Jos&#233; Manuel Barroso`, `&#163;1.8m`, `Trump &apos;Is Going&apos;`);
//! shown as written they are noise in headlines and split names. The loader reads them as
//! the characters they stand for before anything else looks at the text. This decodes
//! characters only: tags stay text, and every page escapes the result again.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Named references: the HTML 4.01 set and `apos`.
fn names() -> &'static HashMap<&'static str, char> {
    static MAP: OnceLock<HashMap<&'static str, char>> = OnceLock::new();
    MAP.get_or_init(|| {
        include_str!("../../../data/loader/html_entities.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (name, hex) = l.split_once('\t')?;
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                Some((name, c))
            })
            .collect()
    })
}

/// The character a numeric reference stands for, as a browser reads it: code points
/// 128–159 are the Windows-1252 characters exported text meant (`&#146;` is `’`), and
/// NUL, surrogates, other control characters and numbers past Unicode are U+FFFD.
fn numeric(n: u32) -> char {
    match n {
        0x80..=0x9f => Some(crate::load::decode::cp1252(n as u8)).filter(|c| !c.is_control()),
        0x09 | 0x0a | 0x0d => char::from_u32(n),
        0..=0x1f | 0x7f => None,
        _ => char::from_u32(n),
    }
    .unwrap_or('\u{fffd}')
}

/// The reference at the start of `s` (which starts with `&`): its character and length.
fn reference(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let end = b.iter().take(12).position(|&c| c == b';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let (digits, radix) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (num, 10),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        numeric(u32::from_str_radix(digits, radix).unwrap_or(u32::MAX))
    } else {
        *names().get(body)?
    };
    Some((c, end + 1))
}

/// `text` with its HTML character references decoded; borrowed when it has none.
pub fn decode(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    for i in memchr::memchr_iter(b'&', b) {
        if i < copied {
            continue;
        }
        if let Some((c, len)) = reference(&text[i..]) {
            if out.is_empty() {
                out.reserve(text.len());
            }
            out.push_str(&text[copied..i]);
            out.push(c);
            copied = i + len;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_become_characters() {
        let cases = [
            ("Jos&#233; Manuel Barroso", "José Manuel Barroso"),
            ("&#163;1.8m fine", "£1.8m fine"),
            ("Trump &apos;Is Going&apos;", "Trump 'Is Going'"),
            ("caf&eacute; &amp; bar", "café & bar"),
            ("&#x2014; and &#X2014;", "— and —"),
            // Windows-1252 numbers, as browsers read them.
            ("it&#146;s", "it’s"),
            ("&#129;", "\u{fffd}"),
            // Tags stay text: the page escapes them again.
            ("&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>"),
            // Nothing that is not a whole reference changes.
            ("AT&T and R&D; M&S", "AT&T and R&D; M&S"),
            ("&amp", "&amp"),
            ("&#;", "&#;"),
            ("&#12a;", "&#12a;"),
            ("&unknown;", "&unknown;"),
            ("&Eacute; &eacute;", "É é"),
            ("&EACUTE;", "&EACUTE;"),
            ("& ;", "& ;"),
            ("&&amp;", "&&"),
            ("x&#9999999;", "x\u{fffd}"),
            // Too long to be a reference.
            ("&#00000000000065;", "&#00000000000065;"),
            (
                "&#0;&#xd800;&#x110000;&#7;",
                "\u{fffd}\u{fffd}\u{fffd}\u{fffd}",
            ),
            ("", ""),
            ("plain", "plain"),
        ];
        for (text, want) in cases {
            assert_eq!(decode(text), want, "{text:?}");
        }
        assert!(matches!(decode("no references"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_listed_name_decodes() {
        assert_eq!(names().len(), 253);
        for (name, c) in names() {
            assert_eq!(decode(&format!("&{name};")), c.to_string(), "{name}");
        }
    }
}
