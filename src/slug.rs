//! URL slugs: lowercase ASCII words joined by `-`, safe as one path segment.

/// Longest slug, in bytes; longer titles are cut at a word boundary.
pub const MAX_SLUG_LEN: usize = 80;

/// Turns any text into a slug: transliterated to ASCII ("Zürich" → "zurich"), lowercase,
/// runs of other characters folded into one `-`, never empty, never `.`/`..`, never
/// containing `/` or `\`, and at most [`MAX_SLUG_LEN`] bytes.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len().min(MAX_SLUG_LEN + 1));
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                if out.len() + 1 >= MAX_SLUG_LEN {
                    break;
                }
                out.push('-');
            }
            dash = false;
            if out.len() >= MAX_SLUG_LEN {
                break;
            }
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            dash = true;
        }
    }
    if out.len() > MAX_SLUG_LEN {
        out.truncate(MAX_SLUG_LEN);
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "untitled".to_string()
    } else if is_reserved_windows_name(&out) {
        format!("{out}-1")
    } else {
        out
    }
}

/// `con`, `nul`, `com1`… cannot be file names on Windows; slugs avoid them so a built
/// site can be copied anywhere.
fn is_reserved_windows_name(s: &str) -> bool {
    matches!(s, "con" | "prn" | "aux" | "nul")
        || (s.len() == 4
            && (s.starts_with("com") || s.starts_with("lpt"))
            && s.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let cases = [
            ("Zürich talks", "zurich-talks"),
            ("O'Brien's plea: 'talk'", "obriens-plea-talk"),
            ("../../etc/passwd", "etc-passwd"),
            ("/", "untitled"),
            ("\\", "untitled"),
            ("CON", "con-1"),
            ("🎉🎉", "tada-tada"),
            ("", "untitled"),
            ("  Hello,   World!  ", "hello-world"),
            ("Ελληνικά νέα", "ellenika-nea"),
        ];
        for (text, want) in cases {
            assert_eq!(slugify(text), want, "{text}");
        }
    }

    #[test]
    fn long_titles_are_bounded_and_end_cleanly() {
        let s = slugify(&"word ".repeat(200));
        assert!(s.len() <= MAX_SLUG_LEN);
        assert!(!s.ends_with('-'));
    }
}
