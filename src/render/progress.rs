//! Build progress on stderr and per-template render timings.
//!
//! On a terminal, long builds redraw one status line; when stderr is not a terminal
//! only big jobs print plain periodic lines (so logs stay readable); small builds print
//! nothing.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Jobs smaller than this print no progress on a terminal.
pub const TERMINAL_MIN: usize = 500;
/// Jobs smaller than this print no progress when stderr is not a terminal.
pub const PLAIN_MIN: usize = 2000;

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Silent,
    /// Redrawn line, at most every 100 ms.
    Terminal,
    /// A plain line every 5 seconds.
    Plain,
}

/// The mode for a job of `total` items.
pub fn mode_for(total: usize, terminal: bool) -> Mode {
    match (terminal, total) {
        (true, n) if n >= TERMINAL_MIN => Mode::Terminal,
        (false, n) if n >= PLAIN_MIN => Mode::Plain,
        _ => Mode::Silent,
    }
}

/// Time spent in one template over a build.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateTime {
    pub template: &'static str,
    pub seconds: f64,
    pub pages: usize,
}

/// Progress of rendering `total` pages; shared by the render threads.
pub struct Progress {
    total: usize,
    done: AtomicUsize,
    mode: Mode,
    last: Mutex<Instant>,
    times: Mutex<HashMap<&'static str, (Duration, usize)>>,
}

impl Progress {
    /// Progress for `total` pages, shown according to whether stderr is a terminal.
    pub fn new(total: usize) -> Progress {
        Progress::with_mode(total, mode_for(total, std::io::stderr().is_terminal()))
    }

    pub fn with_mode(total: usize, mode: Mode) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            mode,
            last: Mutex::new(Instant::now()),
            times: Mutex::new(HashMap::new()),
        }
    }

    /// Records one rendered page.
    pub fn tick(&self, template: &'static str, took: Duration) {
        {
            let mut t = self.times.lock().expect("timings lock");
            let e = t.entry(template).or_default();
            e.0 += took;
            e.1 += 1;
        }
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let every = match self.mode {
            Mode::Silent => return,
            Mode::Terminal => Duration::from_millis(100),
            Mode::Plain => Duration::from_secs(5),
        };
        let Ok(mut last) = self.last.try_lock() else {
            return;
        };
        if last.elapsed() < every && done < self.total {
            return;
        }
        *last = Instant::now();
        let pct = done * 100 / self.total.max(1);
        let mut err = std::io::stderr().lock();
        let _ = match self.mode {
            Mode::Terminal => write!(
                err,
                "\r\x1b[2KRendering {done}/{} pages ({pct}%)",
                self.total
            ),
            _ => writeln!(err, "Rendering: {done}/{} pages ({pct}%)", self.total),
        };
    }

    /// Clears the status line.
    pub fn finish(&self) {
        if self.mode == Mode::Terminal {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }

    /// Templates by total render time, slowest first.
    pub fn slowest(&self, n: usize) -> Vec<TemplateTime> {
        let t = self.times.lock().expect("timings lock");
        let mut v: Vec<TemplateTime> = t
            .iter()
            .map(|(k, (d, c))| TemplateTime {
                template: k,
                seconds: d.as_secs_f64(),
                pages: *c,
            })
            .collect();
        v.sort_by(|a, b| {
            b.seconds
                .total_cmp(&a.seconds)
                .then(a.template.cmp(b.template))
        });
        v.truncate(n);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(mode_for(10, true), Mode::Silent);
        assert_eq!(mode_for(TERMINAL_MIN, true), Mode::Terminal);
        assert_eq!(mode_for(PLAIN_MIN - 1, false), Mode::Silent);
        assert_eq!(mode_for(PLAIN_MIN, false), Mode::Plain);
    }

    #[test]
    fn slowest_first() {
        let p = Progress::with_mode(3, Mode::Silent);
        p.tick("a.html", Duration::from_millis(1));
        p.tick("b.html", Duration::from_millis(5));
        p.tick("a.html", Duration::from_millis(1));
        let s = p.slowest(5);
        assert_eq!(s[0].template, "b.html");
        assert_eq!((s[1].template, s[1].pages), ("a.html", 2));
        assert_eq!(p.slowest(1).len(), 1);
    }
}
