//! Diagnostics: per-file problems reported as warnings with file and line.
//!
//! One bad article must never stop an archive build; it becomes a [`Diagnostic`] and
//! the build goes on (unless `--strict`).

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem with one input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line,
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    pub fn error(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            ..Self::warning(path, line, message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{kind}: {}", self.path.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        write!(f, ": {}", self.message)
    }
}

thread_local! {
    /// Inside [`contained`] on this thread: the message of a panic goes here instead
    /// of to standard error.
    static CONTAINED: std::cell::RefCell<Option<Option<String>>> = const { std::cell::RefCell::new(None) };
}

/// Runs the work on one input file so that a bug in dateline it trips (a panic) costs that
/// file, not the whole run: `Err` holds the panic's message and source location, for a
/// diagnostic. The panic is not printed; panics elsewhere print as before.
pub fn contained<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let inside = CONTAINED.with(|c| {
                let mut c = c.borrow_mut();
                match c.as_mut() {
                    Some(slot) => {
                        let at = info
                            .location()
                            .map(|l| format!(" at {}:{}", l.file(), l.line()))
                            .unwrap_or_default();
                        *slot = Some(format!("{}{at}", panic_message(info.payload())));
                        true
                    }
                    None => false,
                }
            });
            if !inside {
                previous(info);
            }
        }));
    });
    let outer = CONTAINED.with(|c| c.borrow_mut().replace(None));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    let caught = CONTAINED.with(|c| std::mem::replace(&mut *c.borrow_mut(), outer));
    result.map_err(|payload| {
        caught
            .flatten()
            .unwrap_or_else(|| panic_message(payload.as_ref()))
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// The diagnostic for a file whose work hit a bug ([`contained`]).
pub fn internal_error(path: &Path, message: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        format!(
            "internal error, file skipped (a bug in dateline: please report it with this file): {message}"
        ),
    )
}

/// 1-based line number of byte offset `pos` in `text`.
pub fn line_of(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    memchr::memchr_iter(b'\n', &text.as_bytes()[..pos]).count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_contained_work_is_an_error_with_its_message_and_place() {
        assert_eq!(contained(|| 7), Ok(7));
        let err = contained(|| -> u8 { panic!("bad byte {}", 9) }).unwrap_err();
        assert!(err.starts_with("bad byte 9 at src/diag.rs:"), "{err}");
        let err = contained(|| -> u8 { std::panic::panic_any(3u8) }).unwrap_err();
        assert!(err.starts_with("a panic at "), "{err}");
        // Nested: the inner panic is the inner work's; the outer work goes on.
        let outer = contained(|| {
            let inner = contained(|| -> u8 { panic!("inner") });
            assert!(inner.unwrap_err().starts_with("inner at "));
            1
        });
        assert_eq!(outer, Ok(1));
        let d = internal_error(Path::new("a.txt"), "bad byte 9");
        assert_eq!(d.severity, Severity::Error);
        assert!(d
            .to_string()
            .starts_with("error: a.txt: internal error, file skipped"));
    }
}
