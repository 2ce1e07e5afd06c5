//! The command line: argument parsing and dispatch to the pipeline.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::extract;
use crate::load::decode::{decode, Encoding};

/// dateline: turn a folder of news articles into a browsable archive website.
#[derive(Debug, Parser)]
#[command(name = "dateline", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site: content/ into public/.
    Build {
        /// Site root folder (holds dateline.toml, content/, templates/, static/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: <root>/public, or output_dir from dateline.toml].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override base_url from dateline.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors: publish nothing and exit non-zero.
        #[arg(long)]
        strict: bool,
        /// Link pages by relative paths (`…/index.html`), so that the output can be
        /// opened from disk without a web server (as `relative_urls = true`).
        #[arg(long)]
        relative_urls: bool,
    },
    /// Write each raw article as a Markdown file with full front matter, for curation.
    Import {
        /// Raw article files or folders (searched recursively for .txt).
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// Folder to write into.
        #[arg(long, default_value = "content")]
        into: PathBuf,
        /// Overwrite files that exist with other contents.
        #[arg(long)]
        force: bool,
    },
    /// List the people of the archive with counts, aliases and suggested merges.
    People {
        /// Site root folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Build, then rebuild incrementally whenever content, templates, static files or
    /// the config change.
    Watch {
        /// Site root folder (holds dateline.toml, content/, templates/, static/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: <root>/public, or output_dir from dateline.toml].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override base_url from dateline.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Link pages by relative paths (`…/index.html`), so that the output can be
        /// opened from disk without a web server (as `relative_urls = true`).
        #[arg(long)]
        relative_urls: bool,
    },
    /// Build, serve the site locally with live reload, and rebuild on every change.
    Serve {
        /// Site root folder (holds dateline.toml, content/, templates/, static/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder for the preview [default: <root>/.dateline/preview].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Port to listen on (the next free one is taken when it is in use; 0 = any).
        /// The preview is written to <root>/.dateline/preview unless --out is given.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include articles marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Print the front-matter record extracted from raw or Markdown articles.
    Extract {
        /// Output format: one JSON object per line, or TOML documents separated by `+++`.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Files or folders (searched recursively for .txt, .md, .markdown).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Validate the site without writing anything: front matter, dates, people.toml,
    /// internal links and anchors, images and static files, URL clashes. Prints
    /// `file:line: message` lines; exits 1 when there are errors.
    Check {
        /// Site root folder (holds dateline.toml, content/, templates/, static/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check articles marked `draft = true` too.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site (config, a sample article, templates/ and static/) that builds
    /// at once. Never overwrites existing files.
    Init {
        /// Folder for the new site (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print a shell completion script, e.g. `dateline completions bash > /etc/bash_completion.d/dateline`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Toml,
}

/// Runs the parsed command line; the process exit code is taken from the result.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            strict,
            relative_urls,
        } => {
            crate::keep_freed_memory();
            let opts = crate::build::BuildOptions {
                root,
                out,
                base_url,
                drafts,
                strict,
                relative_urls,
            };
            let mut diags = Vec::new();
            let result = crate::build::build(&opts, &mut diags);
            diags.sort();
            for d in &diags {
                eprintln!("{d}");
            }
            let summary = result?;
            println!("{summary}");
            Ok(0)
        }
        Command::Watch {
            root,
            out,
            base_url,
            drafts,
            relative_urls,
        } => {
            let opts = crate::build::BuildOptions {
                root,
                out,
                base_url,
                drafts,
                strict: false,
                relative_urls,
            };
            watch_cmd(&opts)
        }
        Command::Serve {
            root,
            out,
            port,
            bind,
            open,
            drafts,
        } => {
            // The preview (live-reload script, local base_url) never goes into the
            // folder that is published: it has a folder of its own unless --out says.
            let out = out.or_else(|| Some(root.join(".dateline").join("preview")));
            let opts = crate::serve::ServeOptions {
                build: crate::build::BuildOptions {
                    root,
                    out,
                    base_url: None,
                    drafts,
                    strict: false,
                    relative_urls: false,
                },
                bind,
                port,
                open,
            };
            let server = crate::serve::start(&opts)?;
            println!(
                "Serving {} at {} (live reload on; Ctrl-C to stop)",
                opts.build.root.display(),
                server.url()
            );
            server.wait();
            Ok(0)
        }
        Command::Extract { format, paths } => {
            crate::keep_freed_memory();
            extract_cmd(format, &paths)
        }
        Command::Check { root, drafts } => check_cmd(root, drafts),
        Command::Init { dir } => {
            for p in crate::init::init(&dir)? {
                println!("created {}", p.display());
            }
            println!(
                "New site in {}: run `dateline build --root {}`",
                dir.display(),
                dir.display()
            );
            Ok(0)
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "dateline",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
        Command::Import {
            sources,
            into,
            force,
        } => import_cmd(&sources, &into, force),
        Command::People { root, format } => people_cmd(root, format),
    }
}

fn watch_cmd(opts: &crate::build::BuildOptions) -> Result<i32> {
    let start = std::time::Instant::now();
    let mut session = crate::incremental::Session::new(opts, "")?;
    let mut diags = std::mem::take(&mut session.initial_diagnostics);
    diags.sort();
    for d in &diags {
        eprintln!("{d}");
    }
    let site = session.site();
    println!(
        "Built {}, {} in {:.2} s → {}",
        crate::build::counted(site.articles.len(), "article", "articles"),
        crate::build::counted(site.people.len(), "person", "people"),
        start.elapsed().as_secs_f64(),
        session.paths().out.display()
    );
    let watcher = crate::watch::Watcher::new(session.paths())?;
    println!("Watching for changes (Ctrl-C to stop)");
    let stop = std::sync::atomic::AtomicBool::new(false);
    watcher.run(&mut session, &stop, |o| crate::watch::print_outcome(&o))?;
    Ok(0)
}

fn check_cmd(root: PathBuf, drafts: bool) -> Result<i32> {
    let opts = crate::build::BuildOptions {
        root,
        drafts,
        ..Default::default()
    };
    let report = crate::check::check(&opts)?;
    for d in &report.diagnostics {
        println!("{}", crate::check::format_line(d));
    }
    let errors = report.errors();
    let warnings = report.diagnostics.len() - errors;
    eprintln!(
        "Checked {} articles: {errors} errors, {warnings} warnings",
        report.articles
    );
    Ok(if errors > 0 { 1 } else { 0 })
}

fn is_article(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("txt" | "md" | "markdown")
    )
}

fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        if meta.is_dir() {
            for e in walkdir::WalkDir::new(p).follow_links(true) {
                match e {
                    Ok(e) if e.file_type().is_file() && is_article(e.path()) => {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(err) => eprintln!("warning: {err}"),
                }
            }
        } else {
            files.push(p.clone());
        }
    }
    sort_paths(&mut files);
    Ok(files)
}

/// Sorts paths in `Path` order (component by component), working out each path's
/// components once instead of at every comparison.
fn sort_paths(files: &mut [PathBuf]) {
    use std::path::Component;
    files.sort_by_cached_key(|p| {
        p.components()
            .map(|c| match c {
                Component::Prefix(x) => (0u8, x.as_os_str().to_os_string()),
                Component::RootDir => (1, Default::default()),
                Component::CurDir => (2, Default::default()),
                Component::ParentDir => (3, Default::default()),
                Component::Normal(s) => (4, s.to_os_string()),
            })
            .collect::<Vec<(u8, std::ffi::OsString)>>()
    });
}

fn extract_cmd(format: Format, paths: &[PathBuf]) -> Result<i32> {
    let files = collect(paths)?;
    let records: Vec<_> = files
        .par_iter()
        .map(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let bytes = std::fs::read(path);
            // A file that cannot be read, or that trips a bug, is a record with a warning.
            let failed = |warning: String| {
                let mut rec = crate::model::Record::default();
                rec.warnings.push(warning);
                rec
            };
            let mut rec = match bytes
                .map_err(|e| e.to_string())
                .and_then(|b| decode(b).map_err(|_| "binary file, not text".to_string()))
            {
                Ok((text, enc))
                    if crate::load::SourceKind::of(path)
                        == Some(crate::load::SourceKind::Markdown) =>
                {
                    markdown_record(text, enc, path)
                }
                Ok((text, enc)) => {
                    match crate::diag::contained(|| extract::extract_raw(&text, name)) {
                        Ok(mut rec) => {
                            if enc == Encoding::Windows1252 {
                                rec.warnings
                                    .push("not valid UTF-8; decoded as Windows-1252".to_string());
                            }
                            rec
                        }
                        Err(e) => failed(crate::diag::internal_error(path, &e).message),
                    }
                }
                Err(e) => failed(e),
            };
            rec.path = path.display().to_string();
            rec
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for rec in &records {
        match format {
            Format::Json => {
                serde_json::to_writer(&mut out, rec)?;
                out.write_all(b"\n")?;
            }
            Format::Toml => {
                writeln!(out, "+++\n{}", toml::to_string(rec)?)?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

/// The record of a Markdown article, as a build loads it: its front matter, and the
/// fields it leaves out read from the body. Problems (a broken front matter, a draft
/// left out) are the record's warnings, with their line.
fn markdown_record(text: String, encoding: Encoding, path: &Path) -> crate::model::Record {
    let raw = crate::load::RawArticle {
        rel: path.display().to_string(),
        kind: crate::load::SourceKind::Markdown,
        text,
        encoding,
        hash: 0,
        stamp: Default::default(),
    };
    let (rec, diags) = crate::load::parse(&raw, path);
    let mut rec = rec.unwrap_or_default();
    rec.warnings = diags
        .into_iter()
        .map(|d| match d.line {
            Some(line) => format!("line {line}: {}", d.message),
            None => d.message,
        })
        .collect();
    rec
}

fn import_cmd(sources: &[PathBuf], into: &Path, force: bool) -> Result<i32> {
    use crate::import::Outcome;
    let results = crate::import::import(sources, into, force)?;
    let (mut created, mut unchanged, mut kept, mut failed) = (0, 0, 0, 0);
    for (src, outcome) in &results {
        match outcome {
            Outcome::Created(_) | Outcome::Overwritten(_) => created += 1,
            Outcome::Unchanged(_) => unchanged += 1,
            Outcome::Kept(t) => {
                kept += 1;
                eprintln!(
                    "warning: {}: {} exists with other contents; kept (use --force to overwrite)",
                    src.display(),
                    t.display()
                );
            }
            Outcome::Failed(e) => {
                failed += 1;
                eprintln!("warning: {}: {e}", src.display());
            }
        }
    }
    println!(
        "Imported {} articles into {}: {created} written, {unchanged} unchanged, {kept} kept, {failed} failed",
        results.len(),
        into.display()
    );
    Ok(0)
}

fn people_cmd(root: PathBuf, format: ReportFormat) -> Result<i32> {
    let opts = crate::build::BuildOptions {
        root,
        ..Default::default()
    };
    let mut diags = Vec::new();
    let (config, paths) = crate::build::configure(&opts, &mut diags)?;
    let site = crate::build::load_site(config, &paths, false, &mut diags)?;
    for d in &diags {
        eprintln!("{d}");
    }
    match format {
        ReportFormat::Text => print!("{}", crate::people_report::text(&site)),
        ReportFormat::Json => {
            let v = serde_json::json!({
                "people": crate::people_report::rows(&site),
                "suggestions": crate::people_report::suggestions(&site),
                "titles": &site.titles,
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sort_in_path_order() {
        let mut files: Vec<PathBuf> = [
            "a-b/x", "a/b", "a.b", "a/b/c", "./a", "../z", "/r", "a//b", "-x", "a/B", "b", "..",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let mut want = files.clone();
        want.sort();
        sort_paths(&mut files);
        assert_eq!(files, want);
    }
}
