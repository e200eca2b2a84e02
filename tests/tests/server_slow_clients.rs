//! Slow clients do not hold the server: a request whose headers never end is closed after the header
//! read timeout, one whose body never arrives is answered with the API's documented request code after
//! the body read timeout, and meanwhile an ordinary request is answered at once. Loopback only; every
//! wait is bounded.

mod server_support;

use std::time::{Duration, Instant};

use server_support::TOKEN;
use skatteetaten_api::runtime::server::{serve, ServeConfig};
use skatteetaten_mock::{Mock, MockConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HALF_SENT: usize = 200;
const HEADER_TIMEOUT: Duration = Duration::from_millis(1_000);
const BODY_TIMEOUT: Duration = Duration::from_millis(1_000);
/// Slack for a loaded 2-core machine on top of each timeout.
const SLACK: Duration = Duration::from_secs(15);

/// Everything the server sends until it closes the connection (bounded by `within`); `None` if it
/// neither answered nor closed in time.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(within, stream.read_to_end(&mut received)).await;
    match read {
        Ok(_) => Some(String::from_utf8_lossy(&received).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn half_sent_requests_time_out_and_others_are_served_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let mock = Mock::open(&MockConfig {
        db: dir.path().join("mock.sqlite"),
        token_key: None,
    })
    .unwrap()
    .with_server_config(|config| config.with_body_read_timeout(BODY_TIMEOUT))
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let config = ServeConfig::default().with_header_read_timeout(HEADER_TIMEOUT);
    let server = tokio::spawn(serve(
        listener,
        mock.router(),
        config,
        std::future::pending(),
    ));

    // Taken before the first connection, so every timeout below runs within the time measured.
    let started = Instant::now();
    // Half of them stop inside the headers, half inside a body that Content-Length promised.
    let mut headers_cut = Vec::new();
    let mut bodies_cut = Vec::new();
    for i in 0..HALF_SENT {
        let mut stream = TcpStream::connect(address).await.unwrap();
        if i % 2 == 0 {
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: appl")
                .await
                .unwrap();
            headers_cut.push(stream);
        } else {
            let request = format!(
                "POST /innrapporteringoppdragtilutenlandske/v1/oppdrag?idempotencyKey={} HTTP/1.1\r\n\
                 Host: 127.0.0.1\r\nAuthorization: {TOKEN}\r\nContent-Type: application/json\r\n\
                 Content-Length: 1000\r\n\r\n{{\"kildesystem\":",
                uuid::Uuid::new_v4()
            );
            stream.write_all(request.as_bytes()).await.unwrap();
            bodies_cut.push(stream);
        }
    }

    // An ordinary request is answered while they hang.
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let index = tokio::time::timeout(SLACK, http.get(format!("http://{address}/")).send())
        .await
        .expect("an ordinary request is answered while others hang")
        .unwrap();
    assert_eq!(index.status(), 200);

    // A body that never arrives: the documented request code (OAR_003's 400), then the close.
    for mut stream in bodies_cut {
        let answer = read_until_closed(&mut stream, BODY_TIMEOUT + SLACK)
            .await
            .expect("a half-sent body is answered within the body read timeout");
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
        assert!(answer.contains("\"kode\":\"OAR_"), "{answer}");
        assert!(answer.contains("korrelasjonsid"), "{answer}");
    }
    // Headers that never end: closed (hyper answers no status before it has a request).
    for mut stream in headers_cut {
        read_until_closed(&mut stream, HEADER_TIMEOUT + SLACK)
            .await
            .expect("half-sent headers are closed within the header read timeout");
    }
    assert!(
        started.elapsed() >= HEADER_TIMEOUT.min(BODY_TIMEOUT),
        "nothing was cut before its timeout"
    );
    server.abort();
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let mock = Mock::open(&MockConfig {
        db: dir.path().join("mock.sqlite"),
        token_key: None,
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let config = ServeConfig::default().with_header_read_timeout(HEADER_TIMEOUT);
    let server = tokio::spawn(serve(
        listener,
        mock.router(),
        config,
        std::future::pending(),
    ));
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    // The answer, then nothing more from the client: the connection is closed, not kept forever.
    let answer = read_until_closed(&mut stream, HEADER_TIMEOUT + SLACK)
        .await
        .expect("an idle connection is closed within the header read timeout");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    server.abort();
}
