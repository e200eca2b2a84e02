//! [`File`]: a file part of a multipart body, as the generated structs hold it (a `format: binary`
//! property of a `multipart/form-data` body): its content in memory or as a stream.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use crate::{ByteStream, StreamError, StreamErrorKind};

/// A file sent or received as one part of a multipart body: its content, and the file name and content
/// type that travel with it (`Content-Disposition: form-data; name="file"; filename="a.pdf"`,
/// `Content-Type: application/pdf`).
///
/// The content is bytes in memory ([`File::new`]; cloning a `File`, as a retried call does, does not copy
/// them) or a stream ([`File::from_stream`]: read as it is sent, so a call with one is sent once and
/// not retried). The server adapter hands the implementation a small file in memory and a large one as
/// a stream from a temporary file, never the whole upload in memory ([`File::stream`] reads either).
#[derive(Debug, Clone, Default)]
pub struct File {
    content: Content,
    /// The file name sent with the part (`filename=`); many servers require one.
    pub name: Option<String>,
    /// The part's content type; `application/octet-stream` when sent without one.
    pub content_type: Option<String>,
}

#[derive(Clone)]
enum Content {
    Bytes(Bytes),
    /// Taken by the first read; clones share it.
    Stream {
        stream: Arc<Mutex<Option<ByteStream>>>,
        length: Option<u64>,
    },
}

impl Default for Content {
    fn default() -> Self {
        Content::Bytes(Bytes::new())
    }
}

impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Content::Bytes(bytes) => write!(f, "{} bytes", bytes.len()),
            Content::Stream { length, .. } => match length {
                Some(length) => write!(f, "a stream of {length} bytes"),
                None => f.write_str("a stream"),
            },
        }
    }
}

impl File {
    /// A file of these bytes, without name or content type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            content: Content::Bytes(bytes.into()),
            name: None,
            content_type: None,
        }
    }

    /// A file read from `stream` as it is sent; `length`, when known, is sent as the part's size.
    pub fn from_stream(stream: ByteStream, length: Option<u64>) -> Self {
        let content = match stream.as_bytes() {
            Some(bytes) => Content::Bytes(bytes.clone()),
            None => Content::Stream {
                stream: Arc::new(Mutex::new(Some(stream))),
                length,
            },
        };
        Self {
            content,
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

    /// The content, where it is held in memory.
    pub fn bytes(&self) -> Option<&Bytes> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes),
            Content::Stream { .. } => None,
        }
    }

    /// The content's length, where it is known.
    pub fn len(&self) -> Option<u64> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes.len() as u64),
            Content::Stream { length, .. } => *length,
        }
    }

    /// Whether the file is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The content as a stream: bytes in memory as one chunk (as often as asked), a streamed content
    /// once (clones share it); `None` when it was read before.
    pub fn stream(&self) -> Option<ByteStream> {
        match &self.content {
            Content::Bytes(bytes) => Some(ByteStream::from(bytes.clone())),
            Content::Stream { stream, .. } => stream.lock().ok()?.take(),
        }
    }

    /// The whole content in memory (for files known to be small; a large one is better read with
    /// [`File::stream`]).
    pub async fn to_bytes(&self) -> Result<Bytes, StreamError> {
        match self.stream() {
            Some(stream) => stream.bytes().await,
            None => Err(StreamError::new(
                StreamErrorKind::Transport,
                "the file's stream was read before",
            )),
        }
    }

    /// Whether the content is a stream (sent once).
    #[cfg(feature = "client")]
    pub(crate) fn is_streamed(&self) -> bool {
        matches!(self.content, Content::Stream { .. })
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

/// Two files are equal when name, content type and content are: bytes by value, a stream only to itself
/// (its clones).
impl PartialEq for File {
    fn eq(&self, other: &Self) -> bool {
        let content = match (&self.content, &other.content) {
            (Content::Bytes(a), Content::Bytes(b)) => a == b,
            (Content::Stream { stream: a, .. }, Content::Stream { stream: b, .. }) => {
                Arc::ptr_eq(a, b)
            }
            _ => false,
        };
        content && self.name == other.name && self.content_type == other.content_type
    }
}

impl Eq for File {}

impl Hash for File {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.content {
            Content::Bytes(bytes) => bytes.hash(state),
            Content::Stream { stream, .. } => Arc::as_ptr(stream).hash(state),
        }
        self.name.hash(state);
        self.content_type.hash(state);
    }
}

/// In a JSON document (where a spec also uses a multipart body's schema) a `format: binary` string is
/// a string: a file in memory is written as its content; a streamed one cannot be.
impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.bytes() {
            Some(bytes) => serializer.serialize_str(&String::from_utf8_lossy(bytes)),
            None => Err(serde::ser::Error::custom(
                "a streamed file cannot be written as JSON",
            )),
        }
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| File::new(text.into_bytes()))
    }
}

// `tokio` and `futures-util` come with the server feature.
#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_in_memory_is_read_as_often_as_asked_a_streamed_one_once() {
        let file = File::new(b"abc".to_vec()).with_name("a.txt");
        assert_eq!(file.to_bytes().await.unwrap(), "abc");
        assert_eq!(file.clone().to_bytes().await.unwrap(), "abc");
        assert_eq!(file.len(), Some(3));

        let chunks = futures_util::stream::iter([
            Ok::<_, std::io::Error>(Bytes::from("ab")),
            Ok(Bytes::from("c")),
        ]);
        let streamed = File::from_stream(ByteStream::from_stream(chunks), Some(3));
        let clone = streamed.clone();
        assert_eq!(streamed, clone);
        assert_ne!(streamed, file);
        assert!(streamed.bytes().is_none());
        assert_eq!(clone.to_bytes().await.unwrap(), "abc");
        assert!(streamed.to_bytes().await.is_err(), "read once");
        assert!(serde_json::to_string(&streamed).is_err());
        assert_eq!(serde_json::to_string(&file).unwrap(), "\"abc\"");
    }
}
