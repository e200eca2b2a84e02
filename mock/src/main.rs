//! `cargo run -p skatteetaten-mock -- --port N [--db FILE] [--token-key KEY] [--specs DIR] [Maskinporten
//! flags]`: serves every API of `specs/` on one loopback port until interrupted (those without
//! hand-written behaviour from their examples), with a local Maskinporten (`/token`, `/jwks`). `skatteetaten-mock keygen NAME` writes a key pair for a local client.

use std::path::PathBuf;
use std::process::ExitCode;

use skatteetaten_api::runtime::server::{serve, ServeConfig};
use skatteetaten_mock::maskinporten::{
    every_scope, ClientsFile, MaskinportenConfig, MaskinportenMock, RegisteredClient,
};
use skatteetaten_mock::{Mock, MockConfig};

/// The local Maskinporten of the flags.
fn local_maskinporten(
    issuer: String,
    flags: &MaskinportenFlags,
) -> Result<MaskinportenMock, String> {
    let mut config = MaskinportenConfig::new(issuer);
    if let Some(file) = &flags.key {
        let pem = std::fs::read_to_string(file)
            .map_err(|e| format!("--maskinporten-key: {}: {e}", file.display()))?;
        config.signing_key = skatteetaten_runtime::keys::TestKey::from_private_pem(&pem)
            .map_err(|e| format!("--maskinporten-key: {}: {e}", file.display()))?;
    }
    if let Some(lifetime) = flags.lifetime {
        config.expires_in = lifetime;
    }
    config.clients = flags.clients.clone();
    MaskinportenMock::new(config)
}

const USAGE: &str = "usage: skatteetaten-mock --port N [--db FILE] [--token-key KEY] [--specs DIR] [Maskinporten flags]
       skatteetaten-mock keygen NAME
       skatteetaten-mock token --url URL --client ID --key FILE.pem --scope SCOPE [--scope ..]

  --port N         port to listen on (127.0.0.1); 0 picks a free one
  --db FILE        SQLite file keeping submissions and idempotency keys (default: skatteetaten-mock.sqlite
                   in the system's temporary directory, so nothing is written where the mock is started)
  --token-key KEY  accept only the bearer token KEY (default: any well-formed bearer token, or, with a
                   Maskinporten client registered, only tokens from the mock's /token)
  --specs DIR      the folder of specs (default: the repository's specs/ the mock was built from). Each API
                   folder there without hand-written behaviour is served from its spec alone: the documented
                   example of each operation's response, requests checked against the spec, under
                   /<first label of its first server's host><server path> (the folder name without a host)

The local Maskinporten (POST /token, GET /jwks):
  --maskinporten-client ID=PUBKEY.pem  register client ID with its public key, for every scope of the
                                       mock's APIs, as organisation 974761076 (repeatable)
  --maskinporten-clients FILE          register the clients of a JSON file: {\"clients\": [{\"client_id\",
                                       \"public_key_file\", \"scopes\": [..], \"orgnr\", \"kid\"}]}
  --maskinporten-key FILE              sign tokens with this RSA private key, PEM (default: a new key)
  --token-lifetime SECS                expires_in of issued tokens (default 120)
  --issuer URL                         the issuer, grants' aud (default http://127.0.0.1:PORT/)

  keygen NAME      write a new RSA key pair: NAME.pem (private, for the client; readable by its owner
                   only) and NAME.pub.pem

  token            sign a JWT grant with FILE.pem as client ID, exchange it at the mock's token endpoint
                   (URL: where the mock listens, http://127.0.0.1:PORT) and print the access token:
                   curl -H \"Authorization: Bearer $(skatteetaten-mock token ..)\" ..

The mock stops on Ctrl-C or SIGTERM, closing its database (no -wal or -shm file is left behind).";

/// The flags of the local Maskinporten.
#[derive(Default)]
struct MaskinportenFlags {
    clients: Vec<RegisteredClient>,
    key: Option<PathBuf>,
    lifetime: Option<u64>,
    issuer: Option<String>,
}

/// What the command line says.
struct Parsed {
    port: u16,
    config: MockConfig,
    maskinporten: MaskinportenFlags,
    /// `--specs`; `None`: the repository's `specs/`, where it is.
    specs: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut maskinporten = MaskinportenFlags::default();
    let mut specs = None;
    let mut port = None;
    let mut config = MockConfig {
        db: default_db(),
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
            "--specs" => specs = Some(PathBuf::from(value()?)),
            "--token-key" => config.token_key = Some(value()?.clone()),
            "--maskinporten-client" => {
                let text = value()?;
                let (id, file) = text
                    .split_once('=')
                    .ok_or("--maskinporten-client takes CLIENT_ID=PUBLIC_KEY_FILE")?;
                let pem = std::fs::read_to_string(file)
                    .map_err(|e| format!("--maskinporten-client: {file}: {e}"))?;
                maskinporten.clients.push(RegisteredClient {
                    client_id: id.to_string(),
                    public_key_pem: pem,
                    public_key_file: None,
                    kid: None,
                    orgnr: "974761076".to_string(),
                    scopes: every_scope(),
                });
            }
            "--maskinporten-clients" => {
                let file = PathBuf::from(value()?);
                let clients =
                    ClientsFile::read(&file).map_err(|e| format!("--maskinporten-clients: {e}"))?;
                maskinporten.clients.extend(clients);
            }
            "--maskinporten-key" => maskinporten.key = Some(PathBuf::from(value()?)),
            "--token-lifetime" => {
                let text = value()?;
                maskinporten.lifetime = Some(
                    text.parse()
                        .map_err(|_| format!("--token-lifetime: `{text}` is not seconds"))?,
                );
            }
            "--issuer" => maskinporten.issuer = Some(value()?.clone()),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let port = port.ok_or("--port is required")?;
    Ok(Parsed {
        port,
        config,
        maskinporten,
        specs,
    })
}

/// The repository's `specs/`, the folder the mock's built-in APIs were generated from (as its examples
/// are compiled in from there); `None` where the binary runs without its repository.
fn default_specs() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../specs"));
    dir.is_dir().then_some(dir)
}

/// `token --url URL --client ID --key FILE --scope S ..`: a token of the mock's Maskinporten, fetched as a
/// client fetches one (a signed grant exchanged at `/token`), printed for curl.
async fn token(args: &[String]) -> Result<String, String> {
    use skatteetaten_runtime::client::maskinporten::{
        Environment, Maskinporten, MaskinportenKey, TokenRequest,
    };
    let (mut url, mut client, mut key, mut scopes) = (None, None, None, Vec::new());
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--url" => url = Some(value()?.clone()),
            "--client" => client = Some(value()?.clone()),
            "--key" => key = Some(value()?.clone()),
            "--scope" => scopes.push(value()?.clone()),
            other => return Err(format!("token: unknown argument `{other}`")),
        }
    }
    let url = url.ok_or("token: --url is required (where the mock listens)")?;
    let client = client.ok_or("token: --client is required (the registered client id)")?;
    let key = key.ok_or("token: --key is required (the client's private key, PEM)")?;
    if scopes.is_empty() {
        return Err("token: at least one --scope is required".into());
    }
    let pem = std::fs::read(&key).map_err(|e| format!("{key}: {e}"))?;
    // A client registered with `--maskinporten-client ID=…` names no `kid`, so any serves: the client id.
    let key = MaskinportenKey::from_pem(&pem, client.clone()).map_err(|e| format!("{key}: {e}"))?;
    let maskinporten = Maskinporten::new(Environment::local(&url), client, key);
    let token = maskinporten
        .token(&TokenRequest::new(&scopes))
        .await
        .map_err(|e| format!("token: {e}"))?;
    Ok(token.secret().to_string())
}

/// Where the database is when `--db` does not say: the system's temporary directory, not the directory
/// the mock is started in.
fn default_db() -> PathBuf {
    std::env::temp_dir().join("skatteetaten-mock.sqlite")
}

/// `keygen NAME`: a new key pair in NAME.pem (readable by its owner only) and NAME.pub.pem.
fn keygen(name: &str) -> Result<(), String> {
    let key = skatteetaten_runtime::keys::generate_test_key();
    let (private, public) = (format!("{name}.pem"), format!("{name}.pub.pem"));
    write_private(&private, key.private_pem()).map_err(|e| format!("{private}: {e}"))?;
    std::fs::write(&public, key.public_pem()).map_err(|e| format!("{public}: {e}"))?;
    println!("wrote {private} (private key: give it to the client) and {public} (register it: --maskinporten-client ID={public})");
    Ok(())
}

/// Writes a private key, readable and writable by its owner only (mode 0600 where there are modes).
fn write_private(path: &str, contents: String) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        // A file that was there keeps its mode on open: set it.
        if let Ok(existing) = std::fs::metadata(path) {
            let mut permissions = existing.permissions();
            permissions.set_mode(0o600);
            std::fs::set_permissions(path, permissions)?;
        }
    }
    options.open(path)?.write_all(contents.as_bytes())
}

/// Ctrl-C, or (on Unix) SIGTERM, as `docker stop` and service managers send it. The handlers are
/// registered here, before the server starts: registered when the future is first polled, a signal that
/// came in between (a test that stops the mock as soon as it answers) ended the process uncleanly.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let terminate = signal(SignalKind::terminate()).ok();
        let interrupt = signal(SignalKind::interrupt()).ok();
        async move {
            match (terminate, interrupt) {
                (Some(mut terminate), Some(mut interrupt)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("keygen") {
        let Some(name) = args.get(1) else {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        };
        return match keygen(name) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        };
    }
    if args.first().map(String::as_str) == Some("token") {
        return match token(&args[1..]).await {
            Ok(token) => {
                println!("{token}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        };
    }
    let Parsed {
        port,
        config,
        maskinporten,
        specs,
    } = match parse(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let opened = Mock::open(&config).and_then(|mock| match specs.or_else(default_specs) {
        Some(dir) => mock.with_specs(&dir),
        None => Ok(mock),
    });
    let mut mock = match opened {
        Ok(mock) => mock,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    // Before the port is bound, so a stop asked for as soon as the mock answers is heard.
    let stop = stop_signal();
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
    let issuer = maskinporten
        .issuer
        .clone()
        .unwrap_or_else(|| format!("http://{address}/"));
    let local_maskinporten = match local_maskinporten(issuer, &maskinporten) {
        Ok(local) => local,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    if !maskinporten.clients.is_empty() && config.token_key.is_none() {
        let verifier = local_maskinporten.verifier();
        mock = match mock.with_server_config(|c| c.with_tokens(verifier)) {
            Ok(mock) => mock,
            Err(err) => {
                eprintln!("error: {err}");
                return ExitCode::FAILURE;
            }
        };
    }
    println!(
        "skatteetaten-mock listening on http://{address} (database {})",
        config.db.display()
    );
    for api in skatteetaten_mock::APIS {
        println!("  http://{address}{}", api.base_path());
    }
    for api in mock.spec_apis() {
        println!(
            "  http://{address}{} ({}, examples only: specs/{})",
            api.base_path, api.title, api.folder
        );
    }
    println!(
        "  Maskinporten: issuer {}, token endpoint http://{address}/token, JWKS http://{address}/jwks, {} client(s)",
        local_maskinporten.issuer(),
        maskinporten.clients.len()
    );
    let router = mock.router().merge(local_maskinporten.router());
    // The adapter's accept loop, not `axum::serve`: it closes connections whose headers do not come.
    serve(listener, router, ServeConfig::default(), stop).await;
    // The router held the database's connections; they close here, and SQLite folds its write-ahead log
    // back into the file.
    println!("skatteetaten-mock stopped");
    ExitCode::SUCCESS
}
