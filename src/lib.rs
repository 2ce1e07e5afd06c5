//! dateline: a static news-archive site generator.
//!
//! The pipeline reads in the types: [`load`] (files → [`model::Record`]s, in parallel) →
//! [`site`] (an immutable `Site` with its people and indexes) → [`render`] (pure:
//! `&Site` → outputs) → [`output`] (the only code that touches the output folder).

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod extract;
pub mod import;
pub mod incremental;
pub mod init;
pub mod load;
pub mod model;
pub mod output;
pub mod people_report;
pub mod registry;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod template_deps;
pub mod watch;
