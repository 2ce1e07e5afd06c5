//! Fuzz target: Markdown articles with front matter, through the loader's parser.
#![no_main]

use std::path::Path;

use dateline::load::{decode::decode, parse, RawArticle, SourceKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((text, encoding)) = decode(data.to_vec()) {
        let raw = RawArticle {
            rel: "2020-01-01-fuzz.md".into(),
            kind: SourceKind::Markdown,
            text,
            encoding,
            hash: 0,
            stamp: Default::default(),
        };
        let _ = parse(&raw, Path::new("2020-01-01-fuzz.md"));
    }
});
