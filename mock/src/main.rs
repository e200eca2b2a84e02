//! `cargo run -p skatteetaten-mock -- --port N [--db FILE] [--token-key KEY]`: serves every API of
//! `specs/` on one loopback port until interrupted.

use std::path::PathBuf;
use std::process::ExitCode;

use skatteetaten_api::runtime::server::{serve, ServeConfig};
use skatteetaten_mock::{Mock, MockConfig};

const USAGE: &str = "usage: skatteetaten-mock --port N [--db FILE] [--token-key KEY]

  --port N         port to listen on (127.0.0.1); 0 picks a free one
  --db FILE        SQLite file keeping submissions and idempotency keys (default: skatteetaten-mock.sqlite)
  --token-key KEY  accept only the bearer token KEY (default: any well-formed bearer token)";

fn parse(args: &[String]) -> Result<(u16, MockConfig), String> {
    let mut port = None;
    let mut config = MockConfig {
        db: PathBuf::from("skatteetaten-mock.sqlite"),
        token_key: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--port" => {
                let text = value()?;
                port = Some(
                    text.parse()
                        .map_err(|_| format!("--port: `{text}` is not a port"))?,
                );
            }
            "--db" => config.db = PathBuf::from(value()?),
            "--token-key" => config.token_key = Some(value()?.clone()),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let port = port.ok_or("--port is required")?;
    Ok((port, config))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (port, config) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mock = match Mock::open(&config) {
        Ok(mock) => mock,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    println!(
        "skatteetaten-mock listening on http://{address} (database {})",
        config.db.display()
    );
    for api in skatteetaten_mock::APIS {
        println!("  http://{address}{}", api.base_path());
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // The adapter's accept loop, not `axum::serve`: it closes connections whose headers do not come.
    serve(listener, mock.router(), ServeConfig::default(), shutdown).await;
    ExitCode::SUCCESS
}
