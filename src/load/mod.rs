//! Loading: files on disk → [`crate::model::Record`]s.

pub mod decode;
