//! Form and multipart request bodies, end to end: the generated client of `tests/fixtures/specs/forms-api`
//! against its generated server adapter (a Stripe-like nested form, a Twilio-like flat form, an
//! OpenAI-like file upload, and one over the part limit); and on the wire, against a recorded request
//! with no generated code on the other side, so both sides cannot be wrong the same way.
#![cfg(all(feature = "client", feature = "server"))]

mod server_support;
mod support;

use std::collections::BTreeMap;

use skatteetaten_api::runtime::client::{ClientConfig, StaticToken};
use skatteetaten_api::runtime::server::ServerConfig;
use skatteetaten_api::runtime::{ApiFuture, Context, File};
use tests::forms_api::client::Client;
use tests::forms_api::*;

/// Answers each call with what it received, so the test sees what the adapter decoded.
struct Echo;

impl FormsApi for Echo {
    fn create_charge(
        &self,
        request: CreateChargeRequest,
        _: &Context,
    ) -> impl ApiFuture<CreateChargeResponse> {
        let body = request.body;
        let items = body.items.map(|items| {
            items
                .into_iter()
                .map(|item| ChargeItems {
                    price: Some(item.price),
                    quantity: item.quantity,
                })
                .collect()
        });
        async move {
            Ok(CreateChargeResponse::Ok(Charge {
                id: "ch_1".into(),
                amount: body.amount,
                currency: body.currency,
                capture: body.capture,
                description: body.description,
                expand: body.expand,
                items,
                metadata: body.metadata,
            }))
        }
    }

    fn create_message(
        &self,
        request: CreateMessageRequest2,
        _: &Context,
    ) -> impl ApiFuture<CreateMessageResponse> {
        let body = request.body.expect("the test sends a body");
        async move {
            Ok(CreateMessageResponse::Created(Message {
                sid: request.account_sid,
                to: body.to,
                from: body.from,
                body: body.body,
                send_at: body.send_at,
                shorten_urls: body.shorten_urls,
                status_callback_events: body.status_callback_event,
            }))
        }
    }

    fn update_profile(
        &self,
        request: UpdateProfileRequest,
        _: &Context,
    ) -> impl ApiFuture<UpdateProfileResponse> {
        async move { Ok(UpdateProfileResponse::Ok(request.body)) }
    }

    fn send_soeknad(
        &self,
        request: SendSoeknadRequest,
        _: &Context,
    ) -> impl ApiFuture<SendSoeknadResponse> {
        let mut profile = request.body;
        profile.age = Some(request.aar);
        async move { Ok(SendSoeknadResponse::Ok(profile)) }
    }

    fn store_upload(
        &self,
        request: StoreUploadRequest,
        _: &Context,
    ) -> impl ApiFuture<StoreUploadResponse> {
        // Counts the uploads processed: a replay is answered without calling this again.
        static PROCESSED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = PROCESSED.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let file = request.body.file;
        async move {
            Ok(StoreUploadResponse::Created(StoredFile {
                id: format!("upload {n}"),
                bytes: file.to_bytes().await?.len() as i64,
                filename: file.name,
                content_type: None,
                purpose: String::new(),
                attributes: None,
                tags: None,
                extra_names: None,
            }))
        }
    }

    fn create_file(
        &self,
        request: CreateFileRequest2,
        _: &Context,
    ) -> impl ApiFuture<CreateFileResponse> {
        let body = request.body;
        async move {
            // Read as a stream whichever way it came: in memory (small) or from a temporary file.
            let how = if body.file.bytes().is_some() {
                "held"
            } else {
                "streamed"
            };
            let mut stream = body.file.stream().expect("read once");
            let (mut length, mut sum, mut start) = (0u64, 0u64, Vec::new());
            while let Some(chunk) = stream.next().await {
                let chunk = chunk?;
                length += chunk.len() as u64;
                sum = chunk.iter().fold(sum, |sum, b| {
                    sum.wrapping_mul(31).wrapping_add(u64::from(*b))
                });
                start.extend(chunk.iter().take(32usize.saturating_sub(start.len())));
            }
            Ok(CreateFileResponse::Ok(StoredFile {
                id: format!("{how} {sum:x} {}", String::from_utf8_lossy(&start)),
                bytes: length as i64,
                filename: body.file.name,
                content_type: body.file.content_type,
                purpose: body.purpose.to_string(),
                attributes: body.attributes,
                tags: body.tags,
                extra_names: body
                    .extra
                    .map(|extra| extra.into_iter().filter_map(|file| file.name).collect()),
            }))
        }
    }
}

async fn served(config: ServerConfig) -> (server_support::Running, Client) {
    let running = server_support::serve(
        axum::Router::new().nest("/v1", tests::forms_api::server::router(Echo, config)),
    )
    .await;
    let client = Client::new(
        ClientConfig::new(running.url("/v1")),
        StaticToken::new("test-token"),
    )
    .unwrap();
    (running, client)
}

fn charge() -> CreateChargeBody {
    CreateChargeBody {
        amount: 2000,
        currency: "nok".into(),
        capture: Some(false),
        description: Some("Tannlege & co: 50%".into()),
        expand: Some(vec!["customer".into(), "invoice.lines".into()]),
        items: Some(vec![
            CreateChargeBodyItems {
                price: "price_1".into(),
                quantity: Some(2),
            },
            CreateChargeBodyItems {
                price: "price_2".into(),
                quantity: None,
            },
        ]),
        metadata: Some(BTreeMap::from([
            ("a".to_string(), "1".to_string()),
            ("ordre id".to_string(), "æøå".to_string()),
        ])),
    }
}

fn message() -> CreateMessageRequest {
    CreateMessageRequest {
        to: "+4791234567".into(),
        from: "+4799999999".into(),
        body: Some("Hei, verden".into()),
        send_at: Some("2026-12-24T18:00:00+01:00".parse().unwrap()),
        shorten_urls: Some(true),
        status_callback_event: Some(vec!["sent".into(), "delivered".into()]),
    }
}

fn upload(file_bytes: Vec<u8>) -> CreateFileRequest {
    CreateFileRequest {
        file: File::new(file_bytes)
            .with_name("rapport.jsonl")
            .with_content_type("application/jsonl"),
        purpose: CreateFileRequestPurpose::FineTune,
        attributes: Some(Attributes {
            owner: Some("Kari Nordmann".into()),
            priority: Some(3),
        }),
        tags: Some(vec!["a".into(), "b c".into()]),
        extra: Some(vec![
            File::new(b"1".to_vec()).with_name("en.txt"),
            File::new(b"2".to_vec()).with_name("to.txt"),
        ]),
    }
}

#[tokio::test]
async fn a_nested_form_comes_through_with_its_objects_and_lists() {
    let (_running, client) = served(ServerConfig::default()).await;
    let body = charge();
    let answer = client
        .create_charge(CreateChargeRequest { body: body.clone() }, &Context::new())
        .await
        .unwrap();
    let CreateChargeResponse::Ok(charge) = answer else {
        panic!("not a charge: {answer:?}");
    };
    assert_eq!(charge.amount, 2000);
    assert_eq!(charge.currency, "nok");
    assert_eq!(charge.capture, Some(false));
    assert_eq!(charge.description, body.description);
    assert_eq!(charge.expand, body.expand);
    assert_eq!(charge.metadata, body.metadata);
    let items = charge.items.unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].price.as_deref(), Some("price_1"));
    assert_eq!(items[0].quantity, Some(2));
    assert_eq!(items[1].quantity, None);
}

#[tokio::test]
async fn a_flat_form_comes_through_with_a_date_a_boolean_and_a_repeated_key() {
    let (_running, client) = served(ServerConfig::default()).await;
    let answer = client
        .create_message(
            CreateMessageRequest2 {
                account_sid: "AC123".into(),
                body: Some(message()),
            },
            &Context::new(),
        )
        .await
        .unwrap();
    let CreateMessageResponse::Created(sent) = answer else {
        panic!("not a message: {answer:?}");
    };
    let expected = message();
    assert_eq!(sent.sid, "AC123");
    assert_eq!(sent.to, expected.to);
    assert_eq!(sent.body, expected.body);
    assert_eq!(sent.send_at, expected.send_at);
    assert_eq!(sent.shorten_urls, Some(true));
    assert_eq!(sent.status_callback_events, expected.status_callback_event);
}

#[tokio::test]
async fn a_multipart_upload_brings_the_file_its_name_and_the_typed_fields() {
    let (_running, client) = served(ServerConfig::default()).await;
    let answer = client
        .create_file(
            CreateFileRequest2 {
                body: upload(b"{\"prompt\": \"hei\"}\n".to_vec()),
            },
            &Context::new(),
        )
        .await
        .unwrap();
    let CreateFileResponse::Ok(stored) = answer else {
        panic!("not a stored file: {answer:?}");
    };
    assert_eq!(
        stored.id,
        format!(
            "held {:x} {{\"prompt\": \"hei\"}}\n",
            checksum(b"{\"prompt\": \"hei\"}\n")
        )
    );
    assert_eq!(stored.bytes, 18);
    assert_eq!(stored.filename.as_deref(), Some("rapport.jsonl"));
    assert_eq!(stored.content_type.as_deref(), Some("application/jsonl"));
    assert_eq!(stored.purpose, "fine-tune");
    assert_eq!(stored.attributes, upload(Vec::new()).attributes);
    assert_eq!(stored.tags, Some(vec!["a".to_string(), "b c".to_string()]));
    assert_eq!(
        stored.extra_names,
        Some(vec!["en.txt".to_string(), "to.txt".to_string()])
    );
}

/// The test's checksum of a file's bytes (as `Echo` computes it).
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |sum, b| {
        sum.wrapping_mul(31).wrapping_add(u64::from(*b))
    })
}

/// A 4 MiB file sent from a stream, chunk by chunk, and read by the implementation as a stream from the
/// adapter's temporary file: neither side holds it whole.
#[tokio::test]
async fn a_large_file_is_streamed_up_and_spooled_not_held() {
    let (_running, client) = served(ServerConfig::default()).await;
    const CHUNK: usize = 64 * 1024;
    const CHUNKS: usize = 64;
    let chunk = |i: usize| bytes::Bytes::from(vec![b'a' + (i % 26) as u8; CHUNK]);
    let chunks =
        futures_util::stream::iter((0..CHUNKS).map(move |i| Ok::<_, std::io::Error>(chunk(i))));
    let file = File::from_stream(
        skatteetaten_api::runtime::ByteStream::from_stream(chunks),
        Some((CHUNK * CHUNKS) as u64),
    )
    .with_name("stor.bin");
    let mut body = upload(Vec::new());
    body.file = file;
    body.extra = None;
    let answer = client
        .create_file(CreateFileRequest2 { body }, &Context::new())
        .await
        .unwrap();
    let CreateFileResponse::Ok(stored) = answer else {
        panic!("not stored: {answer:?}");
    };
    let all: Vec<u8> = (0..CHUNKS).flat_map(|i| chunk(i).to_vec()).collect();
    assert_eq!(stored.bytes, (CHUNK * CHUNKS) as i64);
    assert_eq!(
        stored.id,
        format!("streamed {:x} {}", checksum(&all), "a".repeat(32))
    );
    assert_eq!(stored.filename.as_deref(), Some("stor.bin"));
}

/// An upload from a stream that takes longer than the client's timeout is not cut off: for a streamed
/// body the timeout holds between reads, not for the whole call.
#[tokio::test]
async fn a_slow_streamed_upload_outlasts_the_timeout() {
    let (running, _) = served(ServerConfig::default()).await;
    let client = Client::new(
        ClientConfig::new(running.url("/v1")).with_timeout(std::time::Duration::from_millis(400)),
        StaticToken::new("test-token"),
    )
    .unwrap();
    let chunks = futures_util::stream::unfold(0u8, |i| async move {
        if i == 8 {
            return None;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        Some((
            Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'x'; 1000])),
            i + 1,
        ))
    });
    let mut body = upload(Vec::new());
    body.file = File::from_stream(
        skatteetaten_api::runtime::ByteStream::from_stream(chunks),
        None,
    );
    body.extra = None;
    let started = std::time::Instant::now();
    let answer = client
        .create_file(CreateFileRequest2 { body }, &Context::new())
        .await
        .unwrap();
    assert!(started.elapsed() > std::time::Duration::from_millis(700));
    let CreateFileResponse::Ok(stored) = answer else {
        panic!("not stored: {answer:?}");
    };
    assert_eq!(stored.bytes, 8000);
}

#[tokio::test]
async fn a_part_over_the_limit_is_the_apis_validation_error_in_its_error_shape() {
    let (running, client) = served(ServerConfig::default().with_part_limit(1024)).await;
    let answer = client
        .create_file(
            CreateFileRequest2 {
                body: upload(vec![b'x'; 4096]),
            },
            &Context::new(),
        )
        .await
        .unwrap();
    let CreateFileResponse::Default { status, body } = answer else {
        panic!("not refused: {answer:?}");
    };
    assert_eq!(status, 400);
    assert!(
        body.message.contains("`file`") && body.message.contains("1024"),
        "{}",
        body.message
    );
    // Without generated code: the answer is the spec's error body.
    let form = reqwest::multipart::Form::new()
        .text("purpose", "batch")
        .part(
            "file",
            reqwest::multipart::Part::bytes(vec![0u8; 2048]).file_name("a.bin"),
        );
    let raw = running
        .http
        .post(running.url("/v1/files"))
        .bearer_auth("test-token")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let json: serde_json::Value = raw.json().await.unwrap();
    assert!(
        json["message"].as_str().unwrap().contains("`file`"),
        "{json}"
    );
}

#[tokio::test]
async fn a_missing_part_and_a_wrong_content_type_are_refused_by_name() {
    let (running, _client) = served(ServerConfig::default()).await;
    let form = reqwest::multipart::Form::new().text("purpose", "batch");
    let raw = running
        .http
        .post(running.url("/v1/files"))
        .bearer_auth("test-token")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let json: serde_json::Value = raw.json().await.unwrap();
    assert!(
        json["message"].as_str().unwrap().contains("`file` mangler"),
        "{json}"
    );

    let raw = running
        .http
        .post(running.url("/v1/charges"))
        .bearer_auth("test-token")
        .header("content-type", "application/json")
        .body(r#"{"amount": 1, "currency": "nok"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let json: serde_json::Value = raw.json().await.unwrap();
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains("application/x-www-form-urlencoded"),
        "{json}"
    );
}

#[tokio::test]
async fn the_server_reads_a_nested_form_as_other_clients_write_it() {
    let (running, _client) = served(ServerConfig::default()).await;
    // Unindexed lists (`expand[]=`) and percent-encoded brackets, as curl users and browsers send them.
    let raw = running
        .http
        .post(running.url("/v1/charges"))
        .bearer_auth("test-token")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("amount=100&currency=nok&metadata%5Ba%5D=1&expand[]=customer&expand[]=invoice")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    let json: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(json["metadata"], serde_json::json!({"a": "1"}));
    assert_eq!(json["expand"], serde_json::json!(["customer", "invoice"]));
    assert_eq!(json["amount"], 100);
}

#[tokio::test]
async fn a_body_offered_as_json_and_as_a_form_is_read_from_either() {
    let (running, client) = served(ServerConfig::default()).await;
    let profile = Profile {
        name: "Ola".into(),
        age: Some(41),
        newsletter: Some(true),
    };
    // The client sends JSON.
    let answer = client
        .update_profile(
            UpdateProfileRequest {
                body: profile.clone(),
            },
            &Context::new(),
        )
        .await
        .unwrap();
    assert_eq!(answer, UpdateProfileResponse::Ok(profile));
    // Another client sends the form.
    let raw = running
        .http
        .put(running.url("/v1/profiles"))
        .bearer_auth("test-token")
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body("name=Kari&age=39&newsletter=false")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    let json: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(
        json,
        serde_json::json!({"name": "Kari", "age": 39, "newsletter": false})
    );
    // Neither is refused, naming what is taken.
    let raw = running
        .http
        .put(running.url("/v1/profiles"))
        .bearer_auth("test-token")
        .header("content-type", "text/plain")
        .body("name=Kari")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let json: serde_json::Value = raw.json().await.unwrap();
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains("application/json eller application/x-www-form-urlencoded"),
        "{json}"
    );
}

#[tokio::test]
async fn a_path_with_norwegian_letters_is_served_as_it_arrives() {
    let (_running, client) = served(ServerConfig::default()).await;
    let profile = Profile {
        name: "Åse".into(),
        age: None,
        newsletter: None,
    };
    let answer = client
        .send_soeknad(
            SendSoeknadRequest {
                aar: 2026,
                body: profile,
            },
            &Context::new(),
        )
        .await
        .unwrap();
    let SendSoeknadResponse::Ok(stored) = answer;
    assert_eq!(stored.name, "Åse");
    assert_eq!(stored.age, Some(2026));
}

/// A multipart upload under an idempotency key: a replay (another boundary, the same parts) is answered
/// with the first answer, without processing it again; the key with another file is a conflict.
#[tokio::test]
async fn a_multipart_replay_is_compared_by_its_parts() {
    let (_running, client) = served(ServerConfig::default()).await;
    let key = uuid::Uuid::new_v4();
    let upload = |content: &'static [u8]| StoreUploadRequest {
        idempotency_key: key,
        body: StoreUploadBody {
            file: File::new(content).with_name("a.txt"),
        },
    };
    let first = client
        .store_upload(upload(b"abc"), &Context::new())
        .await
        .unwrap();
    let StoreUploadResponse::Created(first) = first else {
        panic!("not stored: {first:?}");
    };
    let again = client
        .store_upload(upload(b"abc"), &Context::new())
        .await
        .unwrap();
    assert_eq!(again, StoreUploadResponse::Created(first));
    let other = client
        .store_upload(upload(b"xyz"), &Context::new())
        .await
        .unwrap();
    let StoreUploadResponse::Default { status, body } = other else {
        panic!("not refused: {other:?}");
    };
    // The conflict (the profile's answer to a key reused with another body).
    assert_eq!(status, 409);
    assert!(body.message.contains("annet innhold"), "{}", body.message);
}

/// The exact bytes the client puts on the wire, recorded by a server that knows nothing of the spec.
mod wire {
    use super::*;
    use support::{config, requests, serve, tokens};

    fn client(server: &wiremock::MockServer) -> Client {
        Client::new(config(server), tokens()).unwrap()
    }

    #[tokio::test]
    async fn a_nested_form_is_written_with_keys_in_brackets() {
        let server = serve(
            200,
            &serde_json::json!({"id": "ch_1", "amount": 1, "currency": "nok"}),
        )
        .await;
        client(&server)
            .create_charge(CreateChargeRequest { body: charge() }, &Context::new())
            .await
            .unwrap();
        let seen = requests(&server).await;
        assert_eq!(
            seen[0].headers.get("content-type").unwrap(),
            "application/x-www-form-urlencoded"
        );
        assert_eq!(
            String::from_utf8(seen[0].body.clone()).unwrap(),
            "amount=2000&currency=nok&capture=false&description=Tannlege+%26+co%3A+50%25\
             &expand[0]=customer&expand[1]=invoice.lines\
             &items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2\
             &metadata[a]=1&metadata[ordre+id]=%C3%A6%C3%B8%C3%A5"
        );
    }

    #[tokio::test]
    async fn a_flat_form_repeats_the_key_of_a_list() {
        let server = serve(
            201,
            &serde_json::json!({"sid": "AC1", "to": "a", "from": "b"}),
        )
        .await;
        client(&server)
            .create_message(
                CreateMessageRequest2 {
                    account_sid: "AC1".into(),
                    body: Some(message()),
                },
                &Context::new(),
            )
            .await
            .unwrap();
        let seen = requests(&server).await;
        assert_eq!(
            String::from_utf8(seen[0].body.clone()).unwrap(),
            "To=%2B4791234567&From=%2B4799999999&Body=Hei%2C+verden\
             &SendAt=2026-12-24T18%3A00%3A00%2B01%3A00&ShortenUrls=true\
             &StatusCallbackEvent=sent&StatusCallbackEvent=delivered"
        );
    }

    #[tokio::test]
    async fn a_multipart_body_has_one_part_per_field_with_file_name_and_content_type() {
        let server = serve(
            200,
            &serde_json::json!({"id": "f", "bytes": 1, "purpose": "batch"}),
        )
        .await;
        client(&server)
            .create_file(
                CreateFileRequest2 {
                    body: upload(b"innhold".to_vec()),
                },
                &Context::new(),
            )
            .await
            .unwrap();
        let seen = requests(&server).await;
        let content_type = seen[0]
            .headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("not multipart: {content_type}"));
        let expected = [
            "Content-Disposition: form-data; name=\"file\"; filename=\"rapport.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\ninnhold",
            "Content-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune",
            "Content-Disposition: form-data; name=\"attributes\"\r\nContent-Type: application/json\r\n\r\n{\"owner\":\"Kari Nordmann\",\"priority\":3}",
            "Content-Disposition: form-data; name=\"tags\"\r\n\r\na",
            "Content-Disposition: form-data; name=\"tags\"\r\n\r\nb c",
            "Content-Disposition: form-data; name=\"extra\"; filename=\"en.txt\"\r\nContent-Type: application/octet-stream\r\n\r\n1",
            "Content-Disposition: form-data; name=\"extra\"; filename=\"to.txt\"\r\nContent-Type: application/octet-stream\r\n\r\n2",
        ];
        let mut wire = String::new();
        for part in expected {
            wire.push_str(&format!("--{boundary}\r\n{part}\r\n"));
        }
        wire.push_str(&format!("--{boundary}--\r\n"));
        assert_eq!(String::from_utf8(seen[0].body.clone()).unwrap(), wire);
    }
}
