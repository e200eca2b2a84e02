//! Writing a stream of items an implementation returns as its media type frames them: server-sent
//! events (`data: <json>` and a blank line; a text item's lines each a `data:` line), NDJSON / JSON
//! Lines (one JSON document a line), RFC 7464 JSON text sequences (0x1E, the JSON, a line feed). Each
//! item is sent as it comes; the client reads them with `runtime::codegen::client::events`.

use bytes::Bytes;
use futures_util::StreamExt;
use serde::Serialize;

use crate::body::{ByteStream, EventStream, StreamError, StreamErrorKind};

/// How items are framed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `text/event-stream`.
    Sse,
    /// `application/x-ndjson`, `application/jsonl`, `application/x-jsonlines`.
    Lines,
    /// `application/json-seq`.
    JsonSeq,
}

impl Framing {
    /// The framing of `media_type` (parameters ignored); lines for any other.
    pub fn of(media_type: &str) -> Framing {
        let essence = crate::media::essence(media_type);
        if essence == "text/event-stream" {
            Framing::Sse
        } else if essence == "application/json-seq" {
            Framing::JsonSeq
        } else {
            Framing::Lines
        }
    }
}

/// The bytes of `items`, each written as JSON, framed for `media_type`. An item that cannot be
/// written as JSON ends the stream with an error (the connection is closed before the end).
pub fn frame<T: Serialize + Send + 'static>(media_type: &str, items: EventStream<T>) -> ByteStream {
    let framing = Framing::of(media_type);
    ByteStream::from_results(items.map(move |item| {
        let json = serde_json::to_string(&item?)
            .map_err(|err| StreamError::new(StreamErrorKind::Item, err.to_string()))?;
        Ok(Bytes::from(framed(framing, &json)))
    }))
}

/// The bytes of text `items` (an item schema that is a string), each an event's data as it is: one
/// `data:` line per line of it. (In lines or a JSON sequence, a text item is a JSON string.)
pub fn frame_text(media_type: &str, items: EventStream<String>) -> ByteStream {
    let framing = Framing::of(media_type);
    ByteStream::from_results(items.map(move |item| {
        let item = item?;
        let text = match framing {
            Framing::Sse => sse_text(&item),
            _ => framed(framing, &serde_json::Value::String(item).to_string()),
        };
        Ok(Bytes::from(text))
    }))
}

/// `json` (a JSON document on one line, as serde_json writes it) framed.
fn framed(framing: Framing, json: &str) -> String {
    match framing {
        Framing::Sse => format!("data: {json}\n\n"),
        Framing::Lines => format!("{json}\n"),
        Framing::JsonSeq => format!("\u{1e}{json}\n"),
    }
}

fn sse_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split('\n') {
        out.push_str("data: ");
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_framed_as_their_media_type_says() {
        let item = serde_json::json!({"a": "x\ny"}).to_string();
        assert_eq!(framed(Framing::Sse, &item), "data: {\"a\":\"x\\ny\"}\n\n");
        assert_eq!(sse_text("two\r\nlines"), "data: two\ndata: lines\n\n");
        assert_eq!(framed(Framing::Lines, &item), "{\"a\":\"x\\ny\"}\n");
        assert_eq!(framed(Framing::JsonSeq, "1"), "\u{1e}1\n");
        assert_eq!(
            Framing::of("text/event-stream; charset=utf-8"),
            Framing::Sse
        );
        assert_eq!(Framing::of("application/jsonl"), Framing::Lines);
    }
}
