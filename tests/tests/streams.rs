//! Streamed bodies end to end: the generated client of `streams-api` against its generated server
//! adapter, over loopback HTTP. A 100 MB download and a 100 MB upload each pass as a stream (the peak
//! memory of this process grows far less than the body), server-sent events and NDJSON of 1,000 typed
//! items, text events, a binary body over the server's limit, and the operation whose success offers
//! JSON or a stream (two methods of the trait, told apart by `Accept`). And, with no generated server,
//! the client against a recorded `text/event-stream` answer: the `Accept` it sends and the events it
//! reads from comments, multi-line data, `event:`/`id:`/`retry:` fields and a `[DONE]` marker.
#![cfg(feature = "server")]

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::stream;
use tests::runtime::client::StaticToken;
use tests::runtime::server::ServerConfig;
use tests::runtime::{ByteStream, Context, Error, EventStream};
use tests::streams_api::client::Client;
use tests::streams_api::*;

/// The size of each chunk the server generates.
const CHUNK: usize = 64 * 1024;

/// The byte at `offset` of a generated file: a pattern a missing or repeated chunk breaks.
fn pattern(offset: u64) -> u8 {
    (offset % 251) as u8
}

/// `size` bytes of the pattern, made chunk by chunk as they are read: never in memory whole.
fn generated(size: u64) -> ByteStream {
    let chunks = stream::unfold(0u64, move |sent| async move {
        if sent >= size {
            return None;
        }
        let n = (size - sent).min(CHUNK as u64);
        let chunk: Vec<u8> = (sent..sent + n).map(pattern).collect();
        Some((Ok::<_, std::io::Error>(Bytes::from(chunk)), sent + n))
    });
    ByteStream::from_stream(chunks)
}

/// Reads `body` chunk by chunk, checking the pattern: the number of bytes.
async fn check_pattern(mut body: ByteStream) -> Result<u64, Error> {
    let mut read = 0u64;
    while let Some(chunk) = body.next().await {
        for byte in chunk? {
            assert_eq!(byte, pattern(read), "byte {read}");
            read += 1;
        }
    }
    Ok(read)
}

#[derive(Default)]
struct Impl {
    /// The size of each stored upload.
    uploads: Mutex<Vec<(String, u64)>>,
}

fn tick(seq: i64) -> Tick {
    Tick {
        seq,
        label: format!("tick {seq}\nline two"),
    }
}

impl StreamsApi for Impl {
    async fn download_file(
        &self,
        request: DownloadFileRequest,
        _: &Context,
    ) -> Result<DownloadFileResponse, Error> {
        if request.name == "missing" {
            return Ok(DownloadFileResponse::NotFound(Problem {
                title: "no such file".into(),
                detail: None,
            }));
        }
        let size = request.size.unwrap_or(1000) as u64;
        Ok(DownloadFileResponse::Ok(generated(size)))
    }

    async fn upload_file(
        &self,
        request: UploadFileRequest,
        _: &Context,
    ) -> Result<UploadFileResponse, Error> {
        let size = check_pattern(request.body).await?;
        self.uploads
            .lock()
            .unwrap()
            .push((request.name.clone(), size));
        Ok(UploadFileResponse::Created(Upload {
            name: request.name,
            size: size as i64,
        }))
    }

    async fn get_report(
        &self,
        _: GetReportRequest,
        _: &Context,
    ) -> Result<GetReportResponse, Error> {
        Ok(GetReportResponse::Ok(ByteStream::from(
            &b"%PDF-1.7 report"[..],
        )))
    }

    async fn replace_report(
        &self,
        request: ReplaceReportRequest,
        _: &Context,
    ) -> Result<ReplaceReportResponse, Error> {
        let failure = |status, text: &'static str| ReplaceReportResponse::Default {
            status,
            body: ByteStream::from(text.as_bytes()),
        };
        let Some(body) = request.body else {
            return Ok(failure(422, "no report sent"));
        };
        Ok(if body.bytes().await?.starts_with(b"%PDF") {
            ReplaceReportResponse::NoContent
        } else {
            failure(415, "not a PDF")
        })
    }

    async fn list_ticks(
        &self,
        request: ListTicksRequest,
        _: &Context,
    ) -> Result<ListTicksResponse, Error> {
        let ticks = (0..i64::from(request.count)).map(tick);
        Ok(ListTicksResponse::Ok(EventStream::new(stream::iter(ticks))))
    }

    async fn export_ticks(
        &self,
        request: ExportTicksRequest,
        _: &Context,
    ) -> Result<ExportTicksResponse, Error> {
        let ticks: Vec<Tick> = (0..i64::from(request.count)).map(tick).collect();
        Ok(ExportTicksResponse::Ok(EventStream::iter(ticks)))
    }

    async fn tail_log(&self, _: TailLogRequest, _: &Context) -> Result<TailLogResponse, Error> {
        let lines = vec!["started".to_string(), "two\nlines".to_string()];
        Ok(TailLogResponse::Ok(EventStream::iter(lines)))
    }

    async fn create_completion(
        &self,
        request: CreateCompletionRequest,
        _: &Context,
    ) -> Result<CreateCompletionResponse, Error> {
        Ok(CreateCompletionResponse::Ok(Completion {
            text: format!("whole: {}", request.body.prompt),
        }))
    }

    async fn create_completion_stream(
        &self,
        request: CreateCompletionRequest,
        _: &Context,
    ) -> Result<CreateCompletionStreamResponse, Error> {
        let words: Vec<CompletionChunk> = request
            .body
            .prompt
            .split(' ')
            .enumerate()
            .map(|(index, word)| CompletionChunk {
                index: index as i32,
                delta: word.to_string(),
            })
            .collect();
        Ok(CreateCompletionStreamResponse::Ok(EventStream::iter(words)))
    }
}

/// The generated server for `api` on a loopback port, and a generated client of it.
async fn serve(config: ServerConfig) -> (Client, Arc<tokio::task::JoinHandle<()>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let origin = format!("http://{}", listener.local_addr().expect("local address"));
    let router = server::router(Impl::default(), config);
    let task = tokio::spawn(async move {
        let _ = tests::runtime::server::axum::serve(listener, router).await;
    });
    let client = Client::with_base_url(origin, StaticToken::new("t")).expect("a client");
    (client, Arc::new(task))
}

/// The peak resident memory of this process so far (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .expect("VmHWM");
    let kb: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a number of kB");
    kb * 1024
}

const MB: u64 = 1024 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mb_download_and_upload_are_streamed_not_held() {
    let (client, _server) = serve(ServerConfig::default().with_body_limit(200 * MB as usize)).await;
    let before = peak_rss();
    let size = 100 * MB;
    let answer = client
        .download_file(
            DownloadFileRequest {
                name: "big".into(),
                size: Some(size as i64),
            },
            &Context::new(),
        )
        .await
        .expect("an answer");
    let DownloadFileResponse::Ok(body) = answer else {
        panic!("not a file: {answer:?}");
    };
    assert_eq!(check_pattern(body).await.expect("the whole body"), size);
    let upload = client
        .upload_file(
            UploadFileRequest {
                name: "big".into(),
                body: generated(size),
            },
            &Context::new(),
        )
        .await
        .expect("an answer");
    assert_eq!(
        upload.into_result().expect("stored"),
        Upload {
            name: "big".into(),
            size: size as i64
        }
    );
    let grown = peak_rss().saturating_sub(before);
    println!(
        "peak RSS before {} MB, grown by {} MB",
        before / MB,
        grown / MB
    );
    assert!(
        grown < 20 * MB,
        "the peak memory grew by {} MB for 100 MB down and up",
        grown / MB
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_binary_bodies_and_a_missing_file() {
    let (client, _server) = serve(ServerConfig::default()).await;
    let report = client
        .get_report(GetReportRequest {}, &Context::new())
        .await
        .expect("an answer");
    let GetReportResponse::Ok(body) = report;
    assert_eq!(body.to_vec().await.unwrap(), b"%PDF-1.7 report");
    let missing = client
        .download_file(
            DownloadFileRequest {
                name: "missing".into(),
                size: None,
            },
            &Context::new(),
        )
        .await
        .expect("an answer");
    let DownloadFileResponse::NotFound(problem) = missing else {
        panic!("{missing:?}");
    };
    assert_eq!(problem.title, "no such file");
    // Bytes given whole are sent with their length.
    let upload = client
        .upload_file(
            UploadFileRequest {
                name: "small".into(),
                body: ByteStream::from((0..1000u64).map(pattern).collect::<Vec<u8>>()),
            },
            &Context::new(),
        )
        .await
        .expect("an answer");
    assert_eq!(upload.into_result().unwrap().size, 1000);

    // An optional binary body, given or not; a `default` answer of bytes, with its status.
    let replace = |body: Option<ByteStream>| {
        let client = client.clone();
        async move {
            client
                .replace_report(ReplaceReportRequest { body }, &Context::new())
                .await
                .expect("an answer")
        }
    };
    let done = replace(Some(ByteStream::from(&b"%PDF-1.7 new"[..]))).await;
    assert!(matches!(done, ReplaceReportResponse::NoContent), "{done:?}");
    let chunks: Vec<Result<&'static [u8], std::io::Error>> = vec![Ok(b"GIF89a"), Ok(b"...")];
    let refused = replace(Some(ByteStream::from_stream(stream::iter(chunks)))).await;
    let ReplaceReportResponse::Default { status, body } = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(
        (status, &body.bytes().await.unwrap()[..]),
        (415, &b"not a PDF"[..])
    );
    let missing = replace(None).await;
    let ReplaceReportResponse::Default { status, body } = missing else {
        panic!("{missing:?}");
    };
    assert_eq!(
        (status, body.to_vec().await.unwrap()),
        (422, b"no report sent".to_vec())
    );
}

/// Sends `head` and then `body_chunks` chunks of 64 KiB of the pattern (chunked encoding) to `origin`, reading the
/// answer meanwhile: the server may answer (and close) before the body is sent whole. The answer.
async fn raw_upload(origin: &str, head: String, body_chunks: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = origin.trim_start_matches("http://");
    let socket = tokio::net::TcpStream::connect(address).await.unwrap();
    let (mut reader, mut writer) = socket.into_split();
    let send = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await?;
        for i in 0..body_chunks {
            let start = (i * CHUNK) as u64;
            let chunk: Vec<u8> = (start..start + CHUNK as u64).map(pattern).collect();
            writer
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            writer.write_all(&chunk).await?;
            writer.write_all(b"\r\n").await?;
        }
        writer.write_all(b"0\r\n\r\n").await
    });
    let mut answer = Vec::new();
    // The server closes after answering.
    let _ = reader.read_to_end(&mut answer).await;
    // The write fails once the server has closed: that is the point.
    let _ = send.await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_the_apis_validation_answer() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let api = Arc::new(Impl::default());
    #[derive(Clone)]
    struct Shared(Arc<Impl>);
    impl StreamsApi for Shared {
        fn download_file(
            &self,
            r: DownloadFileRequest,
            c: &Context,
        ) -> impl tests::runtime::ApiFuture<DownloadFileResponse> {
            self.0.download_file(r, c)
        }
        fn upload_file(
            &self,
            r: UploadFileRequest,
            c: &Context,
        ) -> impl tests::runtime::ApiFuture<UploadFileResponse> {
            self.0.upload_file(r, c)
        }
        fn get_report(
            &self,
            r: GetReportRequest,
            c: &Context,
        ) -> impl tests::runtime::ApiFuture<GetReportResponse> {
            self.0.get_report(r, c)
        }
        fn replace_report(
            &self,
            r: ReplaceReportRequest,
            c: &Context,
        ) -> impl tests::runtime::ApiFuture<ReplaceReportResponse> {
            self.0.replace_report(r, c)
        }
        fn list_ticks(
            &self,
            r: ListTicksRequest,
            c: &Context,
        ) -> impl tests::runtime::ApiFuture<ListTicksResponse> {
            self.0.list_ticks(r, c)
        }
        fn export_ticks(
            &self,
            r: ExportTicksRequest,
            c: &Context,
        ) -> impl tests::runtime::ApiFuture<ExportTicksResponse> {
            self.0.export_ticks(r, c)
        }
        fn tail_log(
            &self,
            r: TailLogRequest,
            c: &Context,
        ) -> impl tests::runtime::ApiFuture<TailLogResponse> {
            self.0.tail_log(r, c)
        }
        fn create_completion(
            &self,
            r: CreateCompletionRequest,
            c: &Context,
        ) -> impl tests::runtime::ApiFuture<CreateCompletionResponse> {
            self.0.create_completion(r, c)
        }
        fn create_completion_stream(
            &self,
            r: CreateCompletionRequest,
            c: &Context,
        ) -> impl tests::runtime::ApiFuture<CreateCompletionStreamResponse> {
            self.0.create_completion_stream(r, c)
        }
    }
    let router = server::router(
        Shared(Arc::clone(&api)),
        ServerConfig::default().with_body_limit(MB as usize),
    );
    tokio::spawn(async move {
        let _ = tests::runtime::server::axum::serve(listener, router).await;
    });
    // Streamed (no length): cut off at the limit as the implementation reads it, and answered with
    // the API's validation answer (this API has no error tables: its own error object, 400).
    let head = "PUT /files/big HTTP/1.1\r\nhost: x\r\ncontent-type: application/octet-stream\r\n\
                transfer-encoding: chunked\r\n\r\n";
    let answer = raw_upload(&origin, head.to_string(), 48).await;
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert!(
        answer.contains("content-type: application/json"),
        "{answer}"
    );
    assert!(
        answer.contains("for stort; grensen er 1048576 byte"),
        "{answer}"
    );
    assert!(api.uploads.lock().unwrap().is_empty());

    // With a length over the limit: refused before the implementation is called.
    let head = format!(
        "PUT /files/big HTTP/1.1\r\nhost: x\r\ncontent-type: application/octet-stream\r\n\
         content-length: {}\r\n\r\n",
        3 * MB
    );
    let answer = raw_upload(&origin, head, 0).await;
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert!(answer.contains("for stort"), "{answer}");

    // The generated client: the call fails (the server answers and closes while the body is still
    // being sent: a 400, or the broken connection), and nothing is stored.
    let client = Client::with_base_url(origin, StaticToken::new("t")).expect("a client");
    let err = client
        .upload_file(
            UploadFileRequest {
                name: "big".into(),
                body: generated(3 * MB),
            },
            &Context::new(),
        )
        .await
        .expect_err("over the limit");
    assert!(
        err.status() == Some(400) || matches!(err, Error::Transport(_)),
        "{err}"
    );
    assert!(api.uploads.lock().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_typed_events_and_ndjson_lines_arrive_in_order() {
    let (client, _server) = serve(ServerConfig::default()).await;
    let answer = client
        .list_ticks(ListTicksRequest { count: 1000 }, &Context::new())
        .await
        .expect("an answer");
    let ListTicksResponse::Ok(events) = answer;
    let events = events.collect().await.expect("every event");
    assert_eq!(events, (0..1000).map(tick).collect::<Vec<_>>());

    let answer = client
        .export_ticks(ExportTicksRequest { count: 1000 }, &Context::new())
        .await
        .expect("an answer");
    let ExportTicksResponse::Ok(mut lines) = answer;
    let mut seen = 0;
    while let Some(line) = lines.next().await {
        assert_eq!(line.expect("a tick"), tick(seen));
        seen += 1;
    }
    assert_eq!(seen, 1000);

    let answer = client
        .tail_log(TailLogRequest {}, &Context::new())
        .await
        .expect("an answer");
    let TailLogResponse::Ok(log) = answer;
    assert_eq!(log.collect().await.unwrap(), ["started", "two\nlines"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_or_a_stream_is_the_callers_choice() {
    let (client, _server) = serve(ServerConfig::default()).await;
    let request = || CreateCompletionRequest {
        body: CompletionRequest {
            prompt: "a b c".into(),
            stream: None,
        },
    };
    let whole = client
        .create_completion(request(), &Context::new())
        .await
        .expect("an answer");
    assert_eq!(
        whole.into_result().unwrap(),
        Completion {
            text: "whole: a b c".into()
        }
    );
    let streamed = client
        .create_completion_stream(request(), &Context::new())
        .await
        .expect("an answer");
    let CreateCompletionStreamResponse::Ok(chunks) = streamed else {
        panic!("{streamed:?}");
    };
    let deltas: Vec<String> = chunks
        .collect()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.delta)
        .collect();
    assert_eq!(deltas, ["a", "b", "c"]);
}

/// A loopback server that answers one request with `answer` (a whole HTTP response) and reports the
/// request's head.
async fn recorded(answer: &'static str) -> (String, tokio::sync::oneshot::Receiver<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        // The head, then as much body as it announces (read, so closing does not reset).
        let mut read = Vec::new();
        let mut buf = [0u8; 1024];
        let head_end = loop {
            if let Some(at) = read.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "the request ended in its head");
            read.extend_from_slice(&buf[..n]);
        };
        let head = String::from_utf8_lossy(&read[..head_end]).into_owned();
        let length: usize = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .unwrap_or(0);
        while read.len() < head_end + length {
            let n = socket.read(&mut buf).await.unwrap();
            assert!(n > 0, "the request ended in its body");
            read.extend_from_slice(&buf[..n]);
        }
        let _ = tx.send(head);
        socket.write_all(answer.as_bytes()).await.unwrap();
        socket.shutdown().await.unwrap();
    });
    (origin, rx)
}

#[tokio::test]
async fn the_client_reads_a_recorded_event_stream() {
    // As a server may write it: a comment, an `event:` and an `id:`, a `retry:`, data over two lines
    // (one JSON document), CRLF line ends, and OpenAI's `[DONE]` marker after the last event.
    const ANSWER: &str = "HTTP/1.1 200 OK\r\n\
        content-type: text/event-stream\r\n\
        connection: close\r\n\
        \r\n\
        : keep-alive comment\n\
        retry: 1000\n\
        \n\
        event: tick\n\
        id: 1\n\
        data: {\"seq\": 0,\n\
        data:  \"label\": \"first\"}\n\
        \n\
        data: {\"seq\": 1, \"label\": \"second\"}\r\n\
        \r\n\
        data: [DONE]\n\
        \n\
        data: {\"seq\": 99, \"label\": \"after the end\"}\n\
        \n";
    let (origin, head) = recorded(ANSWER).await;
    let client = Client::with_base_url(origin, StaticToken::new("t")).expect("a client");
    let answer = client
        .list_ticks(ListTicksRequest { count: 2 }, &Context::new())
        .await
        .expect("an answer");
    let head = head.await.unwrap().to_ascii_lowercase();
    assert!(head.starts_with("get /ticks?count=2 "), "{head}");
    assert!(head.contains("\r\naccept: text/event-stream\r\n"), "{head}");
    let ListTicksResponse::Ok(events) = answer;
    let events = events.collect().await.expect("every event");
    assert_eq!(
        events,
        [
            Tick {
                seq: 0,
                label: "first".into()
            },
            Tick {
                seq: 1,
                label: "second".into()
            }
        ]
    );
}

#[tokio::test]
async fn the_streaming_method_asks_for_the_stream_and_the_other_for_json() {
    const ANSWER: &str = "HTTP/1.1 200 OK\r\n\
        content-type: application/json\r\n\
        content-length: 15\r\n\
        connection: close\r\n\
        \r\n\
        {\"text\": \"hi\"}\n";
    let request = || CreateCompletionRequest {
        body: CompletionRequest {
            prompt: "p".into(),
            stream: Some(true),
        },
    };
    let (origin, head) = recorded(ANSWER).await;
    let client = Client::with_base_url(origin, StaticToken::new("t")).expect("a client");
    let answer = client.create_completion(request(), &Context::new()).await;
    let head = head.await.unwrap().to_ascii_lowercase();
    assert!(head.contains("\r\naccept: application/json\r\n"), "{head}");
    assert_eq!(answer.unwrap().into_result().unwrap().text, "hi");

    const EVENTS: &str = "HTTP/1.1 200 OK\r\n\
        content-type: text/event-stream\r\n\
        connection: close\r\n\
        \r\n\
        data: {\"index\": 0, \"delta\": \"x\"}\n\n";
    let (origin, head) = recorded(EVENTS).await;
    let client = Client::with_base_url(origin, StaticToken::new("t")).expect("a client");
    let answer = client
        .create_completion_stream(request(), &Context::new())
        .await
        .expect("an answer");
    let head = head.await.unwrap().to_ascii_lowercase();
    assert!(head.contains("\r\naccept: text/event-stream\r\n"), "{head}");
    let CreateCompletionStreamResponse::Ok(chunks) = answer else {
        panic!("{answer:?}");
    };
    assert_eq!(chunks.collect().await.unwrap().len(), 1);
}

/// A required streamed body that is not sent is refused (the missing `Content-Type` says so), as every
/// other required body is; an empty file sent as such is a body, and stored.
#[tokio::test]
async fn a_missing_required_stream_is_refused() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let router = server::router(Impl::default(), ServerConfig::default());
    let task = tokio::spawn(async move {
        let _ = tests::runtime::server::axum::serve(listener, router).await;
    });
    let http = reqwest::Client::new();
    let missing = http
        .put(format!("{origin}/files/tom"))
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);
    let text = missing.text().await.unwrap();
    assert!(text.contains("Content-Type"), "{text}");
    let empty = http
        .put(format!("{origin}/files/tom"))
        .bearer_auth("t")
        .header("content-type", "application/octet-stream")
        .body(Vec::new())
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 201);
    task.abort();
}
