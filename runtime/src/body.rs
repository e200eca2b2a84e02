//! Streamed bodies, the same types on both sides of a generated API: [`ByteStream`] for binary bodies
//! (`application/octet-stream`, `image/*`, `application/pdf`, …) and [`EventStream`] for streams of
//! typed items (`text/event-stream`, `application/x-ndjson`). Neither is held in memory whole: the
//! client hands the user the answer as it arrives, and the server adapter sends what the
//! implementation yields as it yields it.
//!
//! Always compiled, since the generated requests and responses name them; the client (feature
//! `client`) and the server adapter (feature `server`) read and write them.

use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;

/// A boxed stream that can be sent between threads.
pub type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send + 'static>>;

/// A streamed body that failed while it was read or written: the connection broke off, the body is
/// over the server's size limit, an item is not what the spec says.
#[derive(Debug)]
pub struct StreamError {
    kind: StreamErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// What kind of failure a [`StreamError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamErrorKind {
    /// The bytes could not be read or written (a broken connection, the producer's own failure).
    Transport,
    /// The body is longer than the limit (bytes) of the server adapter.
    TooLarge(u64),
    /// An item does not decode as the spec's item schema, or cannot be encoded.
    Item,
}

impl StreamError {
    /// A failure of kind `kind`, saying `message`.
    pub fn new(kind: StreamErrorKind, message: impl Into<String>) -> Self {
        StreamError {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// A failure to read or write the bytes, caused by `source`.
    pub fn transport(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        let source = source.into();
        StreamError {
            kind: StreamErrorKind::Transport,
            message: source.to_string(),
            source: Some(source),
        }
    }

    pub fn kind(&self) -> StreamErrorKind {
        self.kind
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            StreamErrorKind::TooLarge(limit) => {
                write!(f, "the body is longer than {limit} bytes")
            }
            _ => write!(f, "streamed body: {}", self.message),
        }
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// An implementation that fails on its body's stream (`body.bytes().await?`) fails with it: the
/// server adapter answers a body over its size limit with the API's validation code, any other
/// failure as the implementation's own.
impl From<StreamError> for crate::Error {
    fn from(err: StreamError) -> Self {
        crate::Error::Implementation(Box::new(err))
    }
}

/// A binary body as a stream of byte chunks, read (or written) as it travels: a 1 GB download is never
/// held in memory by the client or the server adapter.
///
/// Made from bytes (`Vec<u8>`, [`Bytes`], `&'static [u8]`, `String`: sent with their length, and
/// retried by the client as any other body) or from any `Stream` of byte chunks
/// ([`ByteStream::from_stream`]: sent as it comes, once). Read it chunk by chunk ([`ByteStream::next`],
/// or as a [`Stream`]), or whole ([`ByteStream::bytes`]).
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    /// The whole body, until it is read.
    Whole(Option<Bytes>),
    Streamed(BoxStream<Result<Bytes, StreamError>>),
}

impl ByteStream {
    /// A body read from `stream`, chunk by chunk.
    pub fn from_stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        ByteStream {
            inner: Inner::Streamed(Box::pin(MapStream {
                stream: Box::pin(stream),
                map: |item: Result<B, E>| item.map(Into::into).map_err(StreamError::transport),
            })),
        }
    }

    /// A body that yields the [`StreamError`]s of `stream` as they are.
    pub fn from_results<S>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, StreamError>> + Send + 'static,
    {
        ByteStream {
            inner: Inner::Streamed(Box::pin(stream)),
        }
    }

    /// An empty body.
    pub fn empty() -> Self {
        ByteStream::from(Bytes::new())
    }

    /// The whole body, when it was made from bytes and is not read yet (the client sends such a body
    /// with its length, and may send it again).
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.inner {
            Inner::Whole(bytes) => bytes.as_ref(),
            Inner::Streamed(_) => None,
        }
    }

    /// The next chunk; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, StreamError>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The whole body in memory (for bodies known to be small; a large one is better read chunk by
    /// chunk).
    pub async fn bytes(mut self) -> Result<Bytes, StreamError> {
        if let Inner::Whole(bytes) = &mut self.inner {
            return Ok(bytes.take().unwrap_or_default());
        }
        let mut all = BytesMut::new();
        while let Some(chunk) = self.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.freeze())
    }

    /// The whole body as a `Vec<u8>`.
    pub async fn to_vec(self) -> Result<Vec<u8>, StreamError> {
        Ok(self.bytes().await?.to_vec())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.inner {
            Inner::Whole(bytes) => Poll::Ready(bytes.take().filter(|b| !b.is_empty()).map(Ok)),
            Inner::Streamed(stream) => stream.as_mut().poll_next(cx),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            Inner::Whole(bytes) => {
                let n = usize::from(bytes.as_ref().is_some_and(|b| !b.is_empty()));
                (n, Some(n))
            }
            Inner::Streamed(stream) => stream.size_hint(),
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream {
            inner: Inner::Whole(Some(bytes)),
        }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::from(Bytes::from(bytes))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        ByteStream::from(Bytes::from_static(bytes))
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        ByteStream::from(Bytes::from(text))
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Whole(bytes) => f
                .debug_struct("ByteStream")
                .field("len", &bytes.as_ref().map_or(0, Bytes::len))
                .finish(),
            Inner::Streamed(_) => f.write_str("ByteStream(<streamed>)"),
        }
    }
}

/// A stream of typed items: the events of a `text/event-stream` answer, or the lines of an
/// `application/x-ndjson` one, each the spec's item schema. The client yields each item as it
/// arrives (an item that does not decode is an `Err`, and the stream goes on); an implementation
/// returns one made from any `Stream` (or iterator) of items, which the server adapter sends as they
/// come.
pub struct EventStream<T> {
    inner: BoxStream<Result<T, StreamError>>,
}

impl<T: Send + 'static> EventStream<T> {
    /// The items of `items`, in order.
    pub fn new<S>(items: S) -> Self
    where
        S: Stream<Item = T> + Send + 'static,
    {
        EventStream {
            inner: Box::pin(MapStream {
                stream: Box::pin(items),
                map: Ok,
            }),
        }
    }

    /// The items of `items`; an `Err` ends what the server adapter sends (the connection is closed
    /// before the end a client expects).
    pub fn from_results<S>(items: S) -> Self
    where
        S: Stream<Item = Result<T, StreamError>> + Send + 'static,
    {
        EventStream {
            inner: Box::pin(items),
        }
    }

    /// The items of `items`, in order (a stream known in advance).
    pub fn iter<I>(items: I) -> Self
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + Unpin + 'static,
    {
        EventStream::new(IterStream(items.into_iter()))
    }

    /// The next item; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<T, StreamError>> {
        poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }

    /// Every item, until the end or the first error.
    pub async fn collect(mut self) -> Result<Vec<T>, StreamError> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventStream<{}>", std::any::type_name::<T>())
    }
}

/// `stream` with `map` applied to each item (what `StreamExt::map` does, without futures-util in the
/// always-compiled part of the crate).
struct MapStream<S, F> {
    stream: Pin<Box<S>>,
    map: F,
}

impl<S: Stream, F: FnMut(S::Item) -> O + Unpin, O> Stream for MapStream<S, F> {
    type Item = O;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<O>> {
        let this = &mut *self;
        this.stream
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(&mut this.map))
    }
}

/// An iterator as a stream.
struct IterStream<I>(I);

impl<I: Iterator + Unpin> Stream for IterStream<I> {
    type Item = I::Item;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
        Poll::Ready(self.0.next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        // Every future here is ready at once.
        struct Noop;
        impl std::task::Wake for Noop {
            fn wake(self: std::sync::Arc<Self>) {}
        }
        let waker = std::task::Waker::from(std::sync::Arc::new(Noop));
        let mut cx = Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(out) => out,
            Poll::Pending => panic!("pending"),
        }
    }

    #[test]
    fn a_stream_is_read_chunk_by_chunk_or_whole() {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            vec![Ok(b"ab".to_vec()), Ok(b"c".to_vec())];
        let mut body = ByteStream::from_stream(IterStream(chunks.into_iter()));
        assert!(body.as_bytes().is_none());
        assert_eq!(block_on(body.next()).unwrap().unwrap(), Bytes::from("ab"));
        assert_eq!(block_on(body.bytes()).unwrap(), Bytes::from("c"));
        let whole = ByteStream::from(b"xyz".to_vec());
        assert_eq!(whole.as_bytes(), Some(&Bytes::from("xyz")));
        assert_eq!(block_on(whole.to_vec()).unwrap(), b"xyz");
    }

    #[test]
    fn a_failed_chunk_is_the_error_of_the_whole() {
        let chunks: Vec<Result<Bytes, std::io::Error>> =
            vec![Ok(Bytes::from("a")), Err(std::io::Error::other("cut"))];
        let body = ByteStream::from_stream(IterStream(chunks.into_iter()));
        let err = block_on(body.bytes()).unwrap_err();
        assert_eq!(err.kind(), StreamErrorKind::Transport);
        assert!(err.to_string().contains("cut"), "{err}");
    }

    #[test]
    fn events_are_collected_in_order() {
        let events = EventStream::iter(vec![1, 2, 3]);
        assert_eq!(block_on(events.collect()).unwrap(), vec![1, 2, 3]);
    }
}
