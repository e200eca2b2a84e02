//! Reading a streamed answer into typed items as it arrives: `text/event-stream` (server-sent events,
//! parsed with eventsource-stream), `application/x-ndjson` / `application/jsonl` (one JSON document a
//! line) and `application/json-seq` (RFC 7464: each record after a 0x1E). What the generated response
//! enums' `Decode` calls for a streamed variant.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, BytesMut};
use eventsource_stream::Eventsource;
use futures_core::Stream;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::body::{ByteStream, EventStream, StreamError, StreamErrorKind};

/// The items of `body`, as `media_type` frames them (server-sent events, a JSON text sequence, or
/// lines), each a JSON `T`.
pub fn read<T: DeserializeOwned + Send + 'static>(
    media_type: &str,
    body: ByteStream,
) -> EventStream<T> {
    match essence(media_type).as_str() {
        "text/event-stream" => sse(body),
        "application/json-seq" => json_seq(body),
        _ => ndjson(body),
    }
}

/// The text items of `body`: each server-sent event's data as it is; in lines or a JSON sequence, JSON
/// strings.
pub fn read_text(media_type: &str, body: ByteStream) -> EventStream<String> {
    match essence(media_type).as_str() {
        "text/event-stream" => sse_text(body),
        "application/json-seq" => json_seq(body),
        _ => ndjson(body),
    }
}

use crate::media::essence;

/// The `data` of each server-sent event as a JSON `T`. Comments, `event:`/`id:`/`retry:` fields and
/// events without data are the protocol's, not items; a `data: [DONE]` (OpenAI's end marker, never
/// JSON) ends the stream.
pub fn sse<T: DeserializeOwned + Send + 'static>(body: ByteStream) -> EventStream<T> {
    let events = body
        .eventsource()
        .take_while(|event| {
            let done = matches!(event, Ok(event) if event.data == "[DONE]");
            std::future::ready(!done)
        })
        .map(|event| match event {
            Ok(event) => decode::<T>(event.data.as_bytes()),
            Err(err) => Err(StreamError::new(
                StreamErrorKind::Transport,
                err.to_string(),
            )),
        });
    EventStream::from_results(events)
}

/// The `data` of each server-sent event as text (an item schema that is a string).
pub fn sse_text(body: ByteStream) -> EventStream<String> {
    let events = body.eventsource().map(|event| match event {
        Ok(event) => Ok(event.data),
        Err(err) => Err(StreamError::new(
            StreamErrorKind::Transport,
            err.to_string(),
        )),
    });
    EventStream::from_results(events)
}

/// Each non-empty line as a JSON `T` (NDJSON, JSON Lines).
pub fn ndjson<T: DeserializeOwned + Send + 'static>(body: ByteStream) -> EventStream<T> {
    EventStream::from_results(Records::new(body, b'\n').map(|record| decode::<T>(&record?)))
}

/// Each record of an RFC 7464 JSON text sequence as a JSON `T`.
pub fn json_seq<T: DeserializeOwned + Send + 'static>(body: ByteStream) -> EventStream<T> {
    EventStream::from_results(Records::new(body, 0x1e).map(|record| decode::<T>(&record?)))
}

fn decode<T: DeserializeOwned>(data: &[u8]) -> Result<T, StreamError> {
    serde_json::from_slice(data).map_err(|err| {
        let text = String::from_utf8_lossy(data);
        let snippet: String = text.chars().take(200).collect();
        StreamError::new(
            StreamErrorKind::Item,
            format!(
                "an item is not a {}: {err}; it starts with {snippet:?}",
                std::any::type_name::<T>()
            ),
        )
    })
}

/// The records of a body split at `separator`, blank ones skipped: each as soon as its end arrived,
/// the last at the end of the body.
struct Records {
    body: Option<ByteStream>,
    buffer: BytesMut,
    separator: u8,
}

impl Records {
    fn new(body: ByteStream, separator: u8) -> Self {
        Records {
            body: Some(body),
            buffer: BytesMut::new(),
            separator,
        }
    }

    /// The next complete record in the buffer (or, at the end, what is left).
    fn record(&mut self, end: bool) -> Option<BytesMut> {
        loop {
            let record = match self.buffer.iter().position(|b| *b == self.separator) {
                Some(at) => {
                    let record = self.buffer.split_to(at);
                    self.buffer.advance(1);
                    record
                }
                None if end && !self.buffer.is_empty() => self.buffer.split(),
                None => return None,
            };
            if !record.iter().all(u8::is_ascii_whitespace) {
                return Some(record);
            }
        }
    }
}

impl Stream for Records {
    type Item = Result<BytesMut, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let end = self.body.is_none();
            if let Some(record) = self.record(end) {
                return Poll::Ready(Some(Ok(record)));
            }
            let Some(body) = self.body.as_mut() else {
                return Poll::Ready(None);
            };
            match Pin::new(body).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => self.buffer.extend_from_slice(&chunk),
                Poll::Ready(Some(Err(err))) => {
                    self.body = None;
                    return Poll::Ready(Some(Err(err)));
                }
                Poll::Ready(None) => self.body = None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunked(chunks: &[&'static str]) -> ByteStream {
        let chunks: Vec<Result<&'static [u8], std::io::Error>> =
            chunks.iter().map(|c| Ok(c.as_bytes())).collect();
        ByteStream::from_stream(futures_util::stream::iter(chunks))
    }

    #[tokio::test]
    async fn lines_split_across_chunks_are_one_item() {
        let body = chunked(&["{\"a\":1}\n{\"a\"", ":2}\r\n\n", "{\"a\":3}"]);
        let items: Vec<serde_json::Value> = ndjson(body).collect().await.unwrap();
        assert_eq!(
            items,
            [
                serde_json::json!({"a": 1}),
                serde_json::json!({"a": 2}),
                serde_json::json!({"a": 3})
            ]
        );
    }

    #[tokio::test]
    async fn a_json_text_sequence_is_split_at_its_separators() {
        let body = chunked(&["\u{1e}{\"a\":1}\n\u{1e}", "{\"a\":2}\n"]);
        let items: Vec<serde_json::Value> = json_seq(body).collect().await.unwrap();
        assert_eq!(items.len(), 2);
    }

    #[tokio::test]
    async fn an_item_that_does_not_decode_is_an_error_and_the_stream_goes_on() {
        let body = chunked(&["1\nx\n3\n"]);
        let mut items = ndjson::<u32>(body);
        assert_eq!(items.next().await.unwrap().unwrap(), 1);
        let err = items.next().await.unwrap().unwrap_err();
        assert_eq!(err.kind(), StreamErrorKind::Item);
        assert_eq!(items.next().await.unwrap().unwrap(), 3);
        assert!(items.next().await.is_none());
    }
}
