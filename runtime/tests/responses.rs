//! `#[derive(runtime::codegen::Responses)]`: the variants of a response enum (each saying its status and
//! whether it is the success, as the generator writes them) give
//! `status()`,
//! `into_result()`, the client's `Decode` and the server's `Respond`, for every shape of variant.

use skatteetaten_runtime as runtime;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thing {
    pub id: u32,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub code: String,
}

impl runtime::ErrorBody for Problem {
    fn code(&self) -> Option<&str> {
        Some(&self.code)
    }
    fn message(&self) -> Option<&str> {
        None
    }
}

/// Every shape: a code with a JSON body, without a body, a text and a binary body, a range, default.
#[derive(Debug, Clone, PartialEq, runtime::codegen::Responses)]
pub enum Mixed {
    #[response(status = 200, success)]
    Ok(Thing),
    #[response(status = 202, success, text = "text/csv")]
    Accepted(String),
    #[response(status = 204, success)]
    NoContent,
    #[response(status = 203, success, binary = "application/pdf")]
    Status203(Vec<u8>),
    #[response(status = 404)]
    NotFound(Problem),
    #[response(status = "4XX")]
    Status4xx { status: u16, body: Problem },
    #[response(status = "5XX")]
    Status5xx { status: u16 },
}

/// One success and one error body: `into_result`.
#[derive(Debug, Clone, PartialEq, runtime::codegen::Responses)]
pub enum Simple {
    #[response(status = 200, success)]
    Ok(Thing),
    #[response(status = 404)]
    NotFound(Problem),
    #[response(status = "default")]
    Default { status: u16, body: Problem },
}

/// Only `default`.
#[derive(Debug, Clone, PartialEq, runtime::codegen::Responses)]
pub enum OnlyDefault {
    #[response(status = "default", success)]
    Default { status: u16, body: Thing },
}

/// No documented response at all.
#[derive(Debug, Clone, PartialEq, runtime::codegen::Responses)]
pub enum Nothing {}

#[test]
fn status_is_the_variant_s_or_the_one_it_holds() {
    assert_eq!(Mixed::Ok(Thing { id: 1 }).status(), 200);
    assert_eq!(Mixed::NoContent.status(), 204);
    assert_eq!(
        Mixed::Status4xx {
            status: 418,
            body: Problem { code: "X".into() }
        }
        .status(),
        418
    );
    assert_eq!(Mixed::Status5xx { status: 503 }.status(), 503);
}

#[test]
fn into_result_gives_the_success_or_an_api_error() {
    assert_eq!(
        Simple::Ok(Thing { id: 7 }).into_result().unwrap(),
        Thing { id: 7 }
    );
    let error = Simple::Default {
        status: 409,
        body: Problem { code: "C-1".into() },
    }
    .into_result()
    .unwrap_err();
    assert_eq!((error.status, error.body.code.as_str()), (409, "C-1"));
    assert_eq!(
        Simple::NotFound(Problem { code: "N".into() })
            .into_result()
            .unwrap_err()
            .status,
        404
    );
    let ok: Result<Thing, runtime::ApiError<()>> = OnlyDefault::Default {
        status: 200,
        body: Thing { id: 1 },
    }
    .into_result();
    assert_eq!(ok.unwrap(), Thing { id: 1 });
}

#[cfg(feature = "client")]
mod client {
    use super::*;
    use runtime::client::{Error, Response};
    use runtime::codegen::client::Decode;

    fn answer(status: u16, body: &str) -> Response {
        Response::new(
            status,
            Default::default(),
            body.to_string(),
            "http://test/x",
        )
    }

    #[test]
    fn each_status_is_decoded_into_its_variant() {
        assert_eq!(
            Mixed::decode(answer(200, r#"{"id": 3}"#)).unwrap(),
            Mixed::Ok(Thing { id: 3 })
        );
        assert_eq!(
            Mixed::decode(answer(202, "a;b")).unwrap(),
            Mixed::Accepted("a;b".into())
        );
        assert_eq!(Mixed::decode(answer(204, "")).unwrap(), Mixed::NoContent);
        assert_eq!(
            Mixed::decode(answer(203, "%PDF")).unwrap(),
            Mixed::Status203(b"%PDF".to_vec())
        );
        // An exact status wins over its range.
        assert_eq!(
            Mixed::decode(answer(404, r#"{"code": "N"}"#)).unwrap(),
            Mixed::NotFound(Problem { code: "N".into() })
        );
        assert_eq!(
            Mixed::decode(answer(418, r#"{"code": "T"}"#)).unwrap(),
            Mixed::Status4xx {
                status: 418,
                body: Problem { code: "T".into() }
            }
        );
        assert_eq!(
            Mixed::decode(answer(503, "")).unwrap(),
            Mixed::Status5xx { status: 503 }
        );
        // `default` takes any other status.
        assert_eq!(
            Simple::decode(answer(302, r#"{"code": "R"}"#)).unwrap(),
            Simple::Default {
                status: 302,
                body: Problem { code: "R".into() }
            }
        );
        assert_eq!(
            OnlyDefault::decode(answer(299, r#"{"id": 9}"#)).unwrap(),
            OnlyDefault::Default {
                status: 299,
                body: Thing { id: 9 }
            }
        );
    }

    #[test]
    fn an_undocumented_status_or_a_bad_body_is_an_error() {
        let err = Mixed::decode(answer(302, "moved")).unwrap_err();
        assert!(
            matches!(err, Error::UndocumentedStatus(ref r) if r.status == 302),
            "{err:?}"
        );
        assert!(matches!(
            Nothing::decode(answer(200, "")),
            Err(Error::UndocumentedStatus(_))
        ));
        let err = Mixed::decode(answer(200, r#"{"id": "x"}"#)).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
    }
}

#[cfg(feature = "server")]
mod server {
    use super::*;
    use runtime::codegen::server::Respond;

    #[test]
    fn each_variant_is_answered_with_its_status_and_body() {
        let reply = Mixed::Ok(Thing { id: 3 }).reply().unwrap();
        assert_eq!(
            (reply.status, reply.content_type.as_deref(), &reply.body[..]),
            (200, Some("application/json"), &br#"{"id":3}"#[..])
        );
        let reply = Mixed::Accepted("a;b".into()).reply().unwrap();
        assert_eq!(
            (reply.status, reply.content_type.as_deref(), &reply.body[..]),
            (202, Some("text/csv"), &b"a;b"[..])
        );
        let reply = Mixed::Status203(b"%PDF".to_vec()).reply().unwrap();
        assert_eq!(reply.content_type.as_deref(), Some("application/pdf"));
        let reply = Mixed::NoContent.reply().unwrap();
        assert_eq!((reply.status, reply.content_type.as_deref()), (204, None));
        let reply = Mixed::Status4xx {
            status: 422,
            body: Problem { code: "V".into() },
        }
        .reply()
        .unwrap();
        assert_eq!(
            (reply.status, &reply.body[..]),
            (422, &br#"{"code":"V"}"#[..])
        );
        let reply = Mixed::Status5xx { status: 503 }.reply().unwrap();
        assert_eq!((reply.status, reply.body.is_empty()), (503, true));
    }
}
