//! Serving a router on a TCP listener with the limits `axum::serve` does not set: a header read timeout
//! (a client that never finishes its request headers, or an idle keep-alive connection, is closed) and a
//! cap on open connections. Built on hyper's HTTP/1 connection builder, which has the timeout, with
//! hyper-util's Tokio timer; the body read timeout is the pipeline's ([`super::ServerConfig`]), since
//! only the adapter can answer it with the API's documented code.
//!
//! What hyper answers itself, before the router sees a request, has no body of the API's: a header
//! section over hyper's limit (431), a URI over its limit (414), bytes a URI may not hold (400). Headers
//! cut off by the header timeout get no answer at all: there is no request to answer yet.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Connection limits of [`serve`]. [`ServeConfig::default`]: 10 s to send the request headers (and to
/// start the next request on a kept-alive connection), 1 024 connections at once, 10 s for the requests
/// in flight to finish at shutdown.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Longest a client may take to send a request's headers, or to start its next request.
    pub header_read_timeout: Duration,
    /// Most connections served at once; more wait in the listen backlog, not as open tasks.
    pub max_connections: usize,
    /// Longest the requests in flight get to finish once shutdown is asked for.
    pub shutdown_grace: Duration,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

impl ServeConfig {
    pub fn with_header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    pub fn with_max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }

    pub fn with_shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }
}

/// Serves `router` on `listener` (HTTP/1.1) until `shutdown` completes, then lets the requests in flight
/// finish (at most [`ServeConfig::shutdown_grace`]).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    config: ServeConfig,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // A reset before accept, or out of file descriptors: back off, do not spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A connection error (reset, header timeout) concerns that client alone.
            let _ = connection.await;
            drop(permit);
        });
    }
    let _ = tokio::time::timeout(config.shutdown_grace, graceful.shutdown()).await;
}
