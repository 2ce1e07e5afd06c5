//! In-memory extraction throughput: reads every file of a folder once, then times
//! `extract_raw` over all of them on one thread (best of several passes). No disk, no
//! threads, no output: the figure to watch when changing the extraction rules.
//!
//!     cargo run --release --example extract_speed -- DIR [PASSES]
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // As the dateline binary.
    dateline::no_huge_pages();
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
    if std::env::var_os("PHASES").is_some() {
        phases(&files, passes);
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

/// With `PHASES=1`: the best time of each step of the person extractor over all files.
fn phases(files: &[(String, String)], passes: usize) {
    use dateline::extract::people::{resolve, tagger, tokens};
    let paras: Vec<Vec<String>> = files
        .iter()
        .map(|(_, t)| dateline::extract::text::structure(t).paragraphs)
        .collect();
    let mut best = [f64::MAX; 5];
    for _ in 0..passes {
        let t = Instant::now();
        for (_, text) in files {
            std::hint::black_box(dateline::extract::text::structure(text));
        }
        best[0] = best[0].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let toks: Vec<Vec<Vec<tokens::Token>>> = paras
            .iter()
            .map(|ps| {
                ps.iter()
                    .map(|p| {
                        let mut v = Vec::new();
                        tokens::tokenize(p, &mut v);
                        v
                    })
                    .collect()
            })
            .collect();
        best[1] = best[1].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let ctxs: Vec<tagger::DocContext> = paras
            .iter()
            .zip(&toks)
            .map(|(p, t)| tagger::DocContext::new(p, t))
            .collect();
        best[2] = best[2].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let scores: Vec<Vec<Vec<f32>>> = paras
            .iter()
            .zip(&toks)
            .zip(&ctxs)
            .map(|((p, t), c)| tagger::tag_with_model(p, t, c))
            .collect();
        best[3] = best[3].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for (((p, t), c), s) in paras.iter().zip(&toks).zip(&ctxs).zip(&scores) {
            std::hint::black_box(resolve::resolve(p, t, s, c, &[]));
        }
        best[4] = best[4].min(t.elapsed().as_secs_f64());
    }
    for (name, b) in ["structure", "tokenize", "context", "tag", "resolve"]
        .iter()
        .zip(best)
    {
        println!("{name:10} {:7.1} ms", b * 1e3);
    }
}
