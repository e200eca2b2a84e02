//! [`File`]: a file part of a multipart body, as the generated structs hold it (a `format: binary`
//! property of a `multipart/form-data` body).

use bytes::Bytes;

/// A file sent or received as one part of a multipart body: its bytes, and the file name and content
/// type that travel with it (`Content-Disposition: form-data; name="file"; filename="a.pdf"`,
/// `Content-Type: application/pdf`).
///
/// The bytes are [`Bytes`]: cloning a `File` (a retried call sends it again) does not copy them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct File {
    /// The file's content.
    pub bytes: Bytes,
    /// The file name sent with the part (`filename=`); many servers require one.
    pub name: Option<String>,
    /// The part's content type; `application/octet-stream` when sent without one.
    pub content_type: Option<String>,
}

impl File {
    /// A file of these bytes, without name or content type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            name: None,
            content_type: None,
        }
    }

    /// The same file with a file name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The same file with a content type (`image/png`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for File {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(bytes)
    }
}

/// In a JSON document (where a spec also uses a multipart body's schema) a `format: binary` string is
/// a string: a file is written as its content, read as UTF-8 where it can be.
impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| File::new(text.into_bytes()))
    }
}
