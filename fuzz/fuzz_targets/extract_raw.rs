//! Fuzz target: the raw-text loader. Any bytes are decoded as the loader does and
//! extracted; extraction must not panic and must be deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((text, _)) = dateline::load::decode::decode(data.to_vec()) {
        let a = dateline::extract::extract_raw(&text, "2020-01-01-fuzz.txt");
        let b = dateline::extract::extract_raw(&text, "2020-01-01-fuzz.txt");
        assert_eq!(a, b, "extraction is not deterministic");
    }
});
