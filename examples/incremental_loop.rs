//! Profiling aid for the incremental engine (not a test): loads a site into a
//! [`Session`], then edits articles one at a time (a body line appended, or a title
//! changed) and applies each change, printing the session's report and phase timings.
//! Run it under `perf record` to see where a save's rebuild time goes.
//!
//! Usage: `cargo run --release --example incremental_loop -- ROOT [EDITS] [body|title|template]`
//! (the output goes to `ROOT/.dateline/loop`; the edited files are restored at the end).

use std::path::PathBuf;
use std::time::Instant;

use dateline::build::BuildOptions;
use dateline::incremental::Session;
use dateline::watch::{classify, Layout};

/// The allocator of the `dateline` binary, so timings match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(
        args.first()
            .expect("usage: incremental_loop ROOT [EDITS] [KIND]"),
    );
    let edits: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let kind = args.get(2).map_or("body", String::as_str);
    let opts = BuildOptions {
        root: root.clone(),
        out: Some(root.join(".dateline/loop")),
        ..BuildOptions::default()
    };
    let t = Instant::now();
    let mut session = Session::new(&opts, "").expect("initial build");
    println!("initial build {:.2} s", t.elapsed().as_secs_f64());
    let layout = Layout::of(session.paths());
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut saved: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut times = Vec::new();
    for e in 0..edits {
        let target = if kind == "template" {
            let p = root.join("templates/person.html");
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            let base = dateline::render::templates::DEFAULTS
                .iter()
                .find(|(n, _)| *n == "person.html")
                .unwrap()
                .1;
            std::fs::write(&p, format!("{base}<!-- edit {e} -->\n")).unwrap();
            p
        } else {
            let p = files[(e * 7919) % files.len()].clone();
            let bytes = std::fs::read(&p).unwrap();
            if !saved.iter().any(|(q, _)| *q == p) {
                saved.push((p.clone(), bytes.clone()));
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let new = if kind == "title" {
                text.replacen("title = \"", &format!("title = \"Edit {e} "), 1)
            } else {
                format!("{text}\nEdit number {e} of the loop.\n")
            };
            std::fs::write(&p, new).unwrap();
            p
        };
        let change = classify(&[target], &layout);
        let t = Instant::now();
        let r = session.apply(&change).expect("rebuild");
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        println!("{r}");
        let phases: Vec<String> = r
            .phases
            .iter()
            .map(|(n, s)| format!("{n} {:.1}", s * 1000.0))
            .collect();
        println!("  phases (ms): {}", phases.join(", "));
    }
    for (p, b) in saved {
        std::fs::write(p, b).unwrap();
    }
    if kind == "template" {
        let _ = std::fs::remove_file(root.join("templates/person.html"));
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if !times.is_empty() {
        println!(
            "apply: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
            times[times.len() / 2],
            times[((times.len() - 1) as f64 * 0.9).round() as usize],
            times[times.len() - 1]
        );
    }
}
