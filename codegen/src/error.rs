//! Errors of the generator. Every error names the file it comes from and, where it can, the place in it
//! (a JSON pointer into the spec, or a line of an error table), so a broken input is found at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem with an input file or with writing the output.
#[derive(Debug)]
pub struct Error {
    /// The file the problem is in.
    pub file: PathBuf,
    /// Where in the file: a JSON pointer (`/paths/~1v1/get`), `line 12`, or empty.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

impl Error {
    pub fn new(file: &Path, location: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            file: file.to_path_buf(),
            location: location.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if !self.location.is_empty() {
            write!(f, ": at {}", self.location)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
