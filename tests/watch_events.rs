//! `watch` driven by real file-system events: an edit saved by atomic rename, a new
//! article, a deleted one and editor swap files, each picked up without any call into
//! the engine. Ends with the output equal to a clean build.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dateline::build::{self, BuildOptions};
use dateline::incremental::Session;

fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if cond() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out waiting for {what}");
}

fn contains(path: &Path, text: &str) -> bool {
    std::fs::read_to_string(path).is_ok_and(|s| s.contains(text))
}

#[test]
fn real_file_events_drive_rebuilds() {
    let site = common::fixture_copy("archive");
    let root = site.path().to_path_buf();
    let opts = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(&opts, "").unwrap();
    let out = session.paths().out.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let rebuilds = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = rebuilds.clone();
    let watcher = std::thread::spawn(move || {
        dateline::watch::run(&mut session, &flag, |o| {
            if let dateline::watch::Outcome::Rebuilt(..) = o {
                count.fetch_add(1, Ordering::SeqCst);
            }
        })
        .unwrap();
    });
    // Give the watcher a moment to register its watches.
    std::thread::sleep(Duration::from_millis(300));

    let article = root.join("content/2021/2021-05-03-port-expansion.md");
    let page = out.join("2021/05/03/port-expansion-approved/index.html");
    let text = std::fs::read_to_string(&article).unwrap();
    let tmp = root.join("content/2021/.2021-05-03-port-expansion.md.tmp");
    std::fs::write(&tmp, text.replace("on Monday", "on a rainy Monday")).unwrap();
    std::fs::rename(&tmp, &article).unwrap();
    wait_for("the edited article", || {
        contains(&page, "on a rainy Monday")
    });

    let added = root.join("content/2022/2022-04-01-new-ferry.md");
    std::fs::write(
        &added,
        "+++\ntitle = \"New Ferry Launched\"\npeople = [\"Anna Kowalski\"]\n+++\n\nThe ferry sails.\n",
    )
    .unwrap();
    let added_page = out.join("2022/04/01/new-ferry-launched/index.html");
    wait_for("the new article", || added_page.is_file());
    wait_for("the person page listing it", || {
        contains(
            &out.join("people/anna-kowalski/index.html"),
            "New Ferry Launched",
        )
    });

    // Swap files alone never trigger a rebuild (first let the last rebuild finish).
    std::thread::sleep(Duration::from_millis(300));
    let before = rebuilds.load(Ordering::SeqCst);
    std::fs::write(root.join("content/2022/.x.md.swp"), "junk").unwrap();
    std::fs::write(root.join("content/2022/x.md~"), "junk").unwrap();
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(rebuilds.load(Ordering::SeqCst), before);

    std::fs::remove_file(&added).unwrap();
    wait_for("the deleted article to disappear", || !added_page.exists());
    wait_for("the person page to drop it", || {
        !contains(
            &out.join("people/anna-kowalski/index.html"),
            "New Ferry Launched",
        )
    });

    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();

    let clean = site.path().join("clean");
    build::build(
        &BuildOptions {
            out: Some(clean.clone()),
            ..opts
        },
        &mut Vec::new(),
    )
    .unwrap();
    let a = common::files(&out);
    let b = common::files(&clean);
    assert_eq!(a, b);
    for f in &a {
        if f != dateline::output::MANIFEST {
            assert_eq!(
                std::fs::read(out.join(f)).unwrap(),
                std::fs::read(clean.join(f)).unwrap(),
                "{f}"
            );
        }
    }
}
