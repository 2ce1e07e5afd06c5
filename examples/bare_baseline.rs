//! The bare baseline for site-generator benchmarks: the floor on this machine.
//!
//! Given a finished output folder, it records the folder's directories and file
//! sizes, then re-creates the same directories and writes the same number of bytes
//! into the same number of files in a fresh folder, one write per file, spread over
//! the available cores. No reading, parsing or rendering happens, so no generator
//! producing that output can be faster than this on the same disk.
//!
//! ```text
//! bare_baseline manifest SRC MANIFEST      record SRC's shape (not timed by the harness)
//! bare_baseline write MANIFEST DST [-j N]  re-create it under DST (the timed step)
//! bare_baseline SRC DST [-j N]             both steps, printing the write step's time
//! ```

use std::fs;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The shape of an output folder: directories (parents first) and files with sizes.
#[derive(Debug, Default, PartialEq)]
struct Manifest {
    dirs: Vec<String>,
    files: Vec<(String, u64)>,
}

impl Manifest {
    fn bytes(&self) -> u64 {
        self.files.iter().map(|(_, n)| n).sum()
    }
}

/// Walks `root` in pre-order so every directory precedes its contents.
fn scan(root: &Path) -> io::Result<Manifest> {
    let mut m = Manifest::default();
    for entry in walkdir::WalkDir::new(root).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(root)
            .map_err(io::Error::other)?
            .to_str()
            .filter(|s| !s.contains(['\t', '\n']))
            .ok_or_else(|| io::Error::other(format!("unusable path {:?}", entry.path())))?
            .to_string();
        if entry.file_type().is_dir() {
            m.dirs.push(rel);
        } else if entry.file_type().is_file() {
            m.files
                .push((rel, entry.metadata().map_err(io::Error::other)?.len()));
        }
    }
    Ok(m)
}

/// One line per entry: `d<TAB>path` or `f<TAB>size<TAB>path`.
fn write_manifest(m: &Manifest, out: &mut impl Write) -> io::Result<()> {
    for d in &m.dirs {
        writeln!(out, "d\t{d}")?;
    }
    for (f, n) in &m.files {
        writeln!(out, "f\t{n}\t{f}")?;
    }
    Ok(())
}

fn parse_manifest(input: impl BufRead) -> io::Result<Manifest> {
    let mut m = Manifest::default();
    for (i, line) in input.lines().enumerate() {
        let line = line?;
        let bad = || io::Error::other(format!("manifest line {}: {line:?}", i + 1));
        match line.split_once('\t') {
            Some(("d", path)) => m.dirs.push(path.to_string()),
            Some(("f", rest)) => {
                let (size, path) = rest.split_once('\t').ok_or_else(bad)?;
                m.files
                    .push((path.to_string(), size.parse().map_err(|_| bad())?));
            }
            _ if line.is_empty() => {}
            _ => return Err(bad()),
        }
    }
    Ok(m)
}

/// Creates `dst` fresh and writes every file of `m` with a single write each.
fn recreate(m: &Manifest, dst: &Path, threads: usize) -> io::Result<()> {
    fs::create_dir(dst)?;
    for d in &m.dirs {
        fs::create_dir(dst.join(d))?;
    }
    let largest = m.files.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let filler = vec![b'x'; usize::try_from(largest).map_err(io::Error::other)?];
    let threads = threads.clamp(1, m.files.len().max(1));
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let filler = &filler;
                s.spawn(move || -> io::Result<()> {
                    for (path, size) in m.files.iter().skip(t).step_by(threads) {
                        let mut f = fs::File::create(dst.join(path))?;
                        f.write_all(&filler[..*size as usize])?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("writer thread panicked"))
    })
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Splits `-j N` off the argument list.
fn take_threads(args: &mut Vec<String>) -> Result<usize, String> {
    match args.iter().position(|a| a == "-j") {
        Some(i) if i + 1 < args.len() => {
            let n = args[i + 1]
                .parse()
                .map_err(|_| format!("bad thread count {:?}", args[i + 1]))?;
            args.drain(i..=i + 1);
            Ok(n)
        }
        Some(_) => Err("-j needs a number".to_string()),
        None => Ok(default_threads()),
    }
}

fn run(mut args: Vec<String>) -> Result<(), String> {
    let threads = take_threads(&mut args)?;
    let err = |e: io::Error| e.to_string();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["manifest", src, out] => {
            let m = scan(Path::new(src)).map_err(err)?;
            let mut w = BufWriter::new(fs::File::create(out).map_err(err)?);
            write_manifest(&m, &mut w).map_err(err)?;
            w.flush().map_err(err)
        }
        ["write", manifest, dst] => {
            let file = fs::File::open(manifest).map_err(err)?;
            let m = parse_manifest(io::BufReader::new(file)).map_err(err)?;
            recreate(&m, Path::new(dst), threads).map_err(err)
        }
        [src, dst] => {
            let m = scan(Path::new(src)).map_err(err)?;
            let start = Instant::now();
            recreate(&m, &PathBuf::from(dst), threads).map_err(err)?;
            println!(
                "bare: {} dirs, {} files, {} bytes in {:.3} s ({threads} threads)",
                m.dirs.len(),
                m.files.len(),
                m.bytes(),
                start.elapsed().as_secs_f64()
            );
            Ok(())
        }
        _ => Err("usage: bare_baseline manifest SRC MANIFEST | write MANIFEST DST [-j N] | SRC DST [-j N]".to_string()),
    }
}

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bare_baseline: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips() {
        let m = Manifest {
            dirs: vec!["a".into(), "a/b".into()],
            files: vec![("a/b/index.html".into(), 12), ("x.xml".into(), 0)],
        };
        let mut text = Vec::new();
        write_manifest(&m, &mut text).unwrap();
        assert_eq!(parse_manifest(&text[..]).unwrap(), m);
    }

    #[test]
    fn manifest_rejects_garbage() {
        for bad in ["x\ty", "f\tabc\tp", "f\t12"] {
            assert!(parse_manifest(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn recreate_copies_shape() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("src");
        fs::create_dir_all(src.join("p/q")).unwrap();
        fs::write(src.join("p/q/index.html"), "hello").unwrap();
        fs::write(src.join("top.xml"), "abc").unwrap();
        let m = scan(&src).unwrap();
        assert_eq!(m.dirs, ["p", "p/q"]);
        assert_eq!(m.bytes(), 8);
        let dst = tmp.path().join("dst");
        recreate(&m, &dst, 3).unwrap();
        assert_eq!(scan(&dst).unwrap(), m);
    }

    #[test]
    fn thread_flag() {
        let mut args = vec!["a".to_string(), "-j".into(), "3".into(), "b".into()];
        assert_eq!(take_threads(&mut args), Ok(3));
        assert_eq!(args, ["a", "b"]);
        assert!(take_threads(&mut vec!["-j".into()]).is_err());
    }
}
