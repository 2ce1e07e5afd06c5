//! Bytes → text, never failing: archives arrive in whatever encoding their exporter used.

/// How a file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Invalid UTF-8, read as Windows-1252 (a superset of Latin-1 for printable text).
    Windows1252,
}

/// Why a file could not be read as text at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// Contains NUL bytes outside a UTF-16 encoding: a binary file.
    Binary,
}

/// Decodes `bytes` as text. UTF-8 (with or without BOM) is the norm; UTF-16 with a BOM
/// is converted; anything else that is not valid UTF-8 is read as Windows-1252.
/// Returns the text and the encoding used, or [`NotText`] for binary data. UTF-8 text
/// keeps the buffer it came in (no copy).
pub fn decode(mut bytes: Vec<u8>) -> Result<(String, Encoding), NotText> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((utf16(rest, u16::from_le_bytes), Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((utf16(rest, u16::from_be_bytes), Encoding::Utf16Be));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Err(NotText::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, Encoding::Utf8)),
        Err(e) => Ok((
            e.as_bytes().iter().map(|&b| cp1252(b)).collect(),
            Encoding::Windows1252,
        )),
    }
}

fn utf16(bytes: &[u8], f: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| f([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// The Windows-1252 character of byte `b` (Latin-1 outside 0x80–0x9F; the five bytes
/// Windows-1252 leaves undefined give C1 control characters).
pub(crate) fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        assert_eq!(
            decode(b"caf\xc3\xa9".to_vec()).unwrap(),
            ("café".into(), Encoding::Utf8)
        );
        assert_eq!(
            decode(b"\xef\xbb\xbfhi".to_vec()).unwrap(),
            ("hi".into(), Encoding::Utf8)
        );
        assert_eq!(
            decode(b"\xa3100 \x93q\x94".to_vec()).unwrap(),
            ("£100 “q”".into(), Encoding::Windows1252)
        );
        assert_eq!(
            decode(b"\xff\xfeh\x00i\x00".to_vec()).unwrap(),
            ("hi".into(), Encoding::Utf16Le)
        );
        assert_eq!(
            decode(b"\xfe\xff\x00h\x00i".to_vec()).unwrap(),
            ("hi".into(), Encoding::Utf16Be)
        );
        assert_eq!(decode(b"\x00\x00\x00".to_vec()), Err(NotText::Binary));
    }
}
