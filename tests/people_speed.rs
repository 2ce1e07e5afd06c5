//! Throughput of the person extractor on the BBC corpus, when the shared corpora sit
//! next to the repository. Run with `cargo test --release --test people_speed -- --ignored --nocapture`.

use dateline::extract::people;

#[test]
#[ignore = "needs ../shared/corpora/bbc"]
fn bbc_throughput() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/bbc");
    let mut docs: Vec<Vec<String>> = Vec::new();
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "txt") {
            let raw = std::fs::read(entry.path()).expect("read");
            let text = String::from_utf8_lossy(&raw);
            bytes += text.len();
            docs.push(
                text.split("\n\n")
                    .skip(1)
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect(),
            );
        }
    }
    if docs.is_empty() {
        return;
    }
    let _ = people::extract(&docs[0], &[]);
    let t = std::time::Instant::now();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let mut n = 0;
    for _ in 0..rounds {
        for d in &docs {
            n += people::extract(d, &[]).people.len();
        }
    }
    let secs = t.elapsed().as_secs_f64() / rounds as f64;
    println!(
        "{} docs, {n} people, {:.1} MB in {secs:.3}s: {:.1} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
}
