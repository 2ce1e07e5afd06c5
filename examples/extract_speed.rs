//! In-memory extraction throughput: reads every file of a folder once, then times
//! `extract_raw` over all of them on one thread (best of several passes). No disk, no
//! threads, no output: the figure to watch when changing the extraction rules.
//!
//!     cargo run --release --example extract_speed -- DIR [PASSES]
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: extract_speed DIR [PASSES]");
    let passes: usize = args.next().map_or(3, |p| p.parse().expect("PASSES"));
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                let bytes = std::fs::read(&p).expect("read");
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                files.push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    files.sort();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let mut best = f64::MAX;
    let mut people = 0;
    for _ in 0..passes {
        let t = Instant::now();
        people = 0;
        for (name, text) in &files {
            let rec = dateline::extract::extract_raw(text, name);
            people += rec.people.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} files, {:.1} MB, {} people: {:.1} ms ({:.1} µs/article, {:.1} MB/s)",
        files.len(),
        bytes as f64 / 1e6,
        people,
        best * 1e3,
        best * 1e6 / files.len() as f64,
        bytes as f64 / 1e6 / best
    );
}
