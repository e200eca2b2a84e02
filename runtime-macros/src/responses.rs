//! `#[derive(Responses)]`: an operation's response enum, one variant per documented status. From that
//! one table it makes what both sides need, so the client and the server of an operation never
//! restate its responses:
//!
//! - `status()` and, where the operation has one success and one error body, `into_result()`;
//! - with the crate's `client` feature, `runtime::codegen::client::Decode`: the answer's status picks the
//!   variant, the body is decoded as the spec says (an error body with the call's credentials
//!   redacted), any other status is `Error::UndocumentedStatus`;
//! - with its `server` feature, `runtime::codegen::server::Respond`: the variant's status and body as the
//!   HTTP answer.
//!
//! Each variant says its status and whether it is the success, as the generator's model decided them:
//! `#[response(status = 404)]`, `#[response(status = "4XX")]`, `#[response(status = "default")]`,
//! `#[response(status = 201, success)]`; the derive does not read them from the variant's name. A
//! status's variant holds its body alone (`(T)`, or nothing); a range's or `default`'s holds its status
//! too (`{ status: u16, body: T }` or `{ status: u16 }`). A body is JSON unless the variant says
//! `#[response(text = "MEDIA")]` or
//! `#[response(binary = "MEDIA")]` (sent with that media type). A JSON body the spec offers as XML too
//! says `#[response(xml = "ROOT")]`: the server answers it as XML, with that root element, to a caller
//! asking for XML (`Respond::reply_as`); the client reads either by the answer's `Content-Type`.

use proc_macro2::{Literal, TokenStream as Tokens};
use quote::{quote, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields};

/// A variant's status as the spec gives it.
#[derive(Clone, Copy)]
enum Status {
    Code(u16),
    /// `4XX`: the class (4).
    Range(u16),
    Default,
}

#[derive(Clone, Copy, PartialEq)]
enum Encoding {
    Json,
    Text,
    Binary,
    /// `runtime::ByteStream`: read and sent as it comes.
    Stream,
    /// `runtime::EventStream<T>`: JSON items, framed as the media type says.
    Events,
    /// `runtime::EventStream<String>`: text items.
    TextEvents,
}

impl Encoding {
    /// Whether the client reads the body as a stream.
    fn streamed(self) -> bool {
        matches!(
            self,
            Encoding::Stream | Encoding::Events | Encoding::TextEvents
        )
    }
}

struct Variant<'a> {
    ident: &'a syn::Ident,
    status: Status,
    ok: bool,
    /// The body's type, if the variant has a body.
    body: Option<&'a syn::Type>,
    encoding: Encoding,
    /// The media type of a text or binary body.
    media: Option<String>,
    /// The root element of the body as XML, where the spec offers it as XML too.
    xml: Option<String>,
}

pub fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let data = crate::plain_enum(input, "Responses", "responses")?;
    let variants = data
        .variants
        .iter()
        .map(read_variant)
        .collect::<syn::Result<Vec<_>>>()?;
    let name = &input.ident;
    let status = status_fn(&variants);
    let into_result = into_result(&variants);
    let decode = decode(&variants);
    let streamed = streamed(&variants);
    let reply = reply(&variants);
    Ok(quote! {
        impl #name {
            #status
            #into_result
        }

        #[cfg(feature = "client")]
        impl runtime::codegen::client::Decode for #name {
            fn decode(
                response: runtime::client::Response,
            ) -> ::core::result::Result<Self, runtime::Error> {
                #decode
            }

            #streamed
        }

        #[cfg(feature = "server")]
        impl runtime::codegen::server::Respond for #name {
            #reply
        }
    })
}

/// A status as `#[response(status = …)]` writes it: a code (`404`), a range (`"4XX"`) or `"default"`.
fn parse_status(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Status> {
    let value = meta.value()?;
    if value.peek(syn::LitInt) {
        let code: u16 = value.parse::<syn::LitInt>()?.base10_parse()?;
        return match code {
            100..=599 => Ok(Status::Code(code)),
            _ => Err(meta.error("runtime::codegen::Responses: a status is 100 to 599")),
        };
    }
    let text = value.parse::<syn::LitStr>()?.value();
    match text.to_ascii_uppercase().as_bytes() {
        b"DEFAULT" => Ok(Status::Default),
        [class @ b'1'..=b'5', b'X', b'X'] => Ok(Status::Range(u16::from(class - b'0'))),
        _ => Err(meta.error(
            "runtime::codegen::Responses: a status is a code (404), a range (\"4XX\") or \"default\"",
        )),
    }
}

fn read_variant(variant: &syn::Variant) -> syn::Result<Variant<'_>> {
    let mut status = None;
    let mut ok = false;
    let mut encoding = Encoding::Json;
    let mut media = None;
    let mut xml = None;
    for attr in variant
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("response"))
    {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("status") {
                status = Some(parse_status(&meta)?);
                return Ok(());
            }
            if meta.path.is_ident("success") {
                ok = true;
                return Ok(());
            }
            if meta.path.is_ident("xml") {
                xml = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                return Ok(());
            }
            encoding = if meta.path.is_ident("text") {
                Encoding::Text
            } else if meta.path.is_ident("binary") {
                Encoding::Binary
            } else if meta.path.is_ident("stream") {
                Encoding::Stream
            } else if meta.path.is_ident("events") {
                Encoding::Events
            } else if meta.path.is_ident("text_events") {
                Encoding::TextEvents
            } else {
                return Err(meta.error(
                    "runtime::codegen::Responses: expected status = …, success, text, binary, stream, events or text_events = \"MEDIA\", or xml = \"ROOT\"",
                ));
            };
            media = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            Ok(())
        })?;
    }
    let status = status.ok_or_else(|| {
        syn::Error::new(
            variant.span(),
            "runtime::codegen::Responses: each variant says its status: #[response(status = 404)], \"4XX\" or \"default\"",
        )
    })?;
    let body = match (&variant.fields, status) {
        (Fields::Unit, Status::Code(_)) => None,
        (Fields::Unnamed(fields), Status::Code(_)) if fields.unnamed.len() == 1 => {
            Some(&fields.unnamed[0].ty)
        }
        (Fields::Named(fields), Status::Range(_) | Status::Default) => {
            let names: Vec<String> = fields
                .named
                .iter()
                .map(|f| f.ident.as_ref().map(ToString::to_string).unwrap_or_default())
                .collect();
            match names.as_slice() {
                [s] if s == "status" => None,
                [s, b] if s == "status" && b == "body" => Some(&fields.named[1].ty),
                _ => {
                    return Err(syn::Error::new(
                        variant.fields.span(),
                        "runtime::codegen::Responses: a range or default variant is { status: u16 } or { status: u16, body: T }",
                    ))
                }
            }
        }
        _ => {
            return Err(syn::Error::new(
                variant.fields.span(),
                "runtime::codegen::Responses: a status code's variant is unit or holds its body alone; a range or default variant is { status: u16, body: T }",
            ))
        }
    };
    if body.is_none() && (encoding != Encoding::Json || xml.is_some()) {
        return Err(syn::Error::new(
            variant.span(),
            "runtime::codegen::Responses: a body that is not JSON, or XML, needs a body",
        ));
    }
    if xml.is_some() && encoding != Encoding::Json {
        return Err(syn::Error::new(
            variant.span(),
            "runtime::codegen::Responses: xml is another encoding of a JSON body, not of text, binary or a stream",
        ));
    }
    Ok(Variant {
        ident: &variant.ident,
        status,
        ok,
        body,
        encoding,
        media,
        xml,
    })
}

impl Variant<'_> {
    /// The pattern binding the variant's `status` (when it holds one) and `body` (when it has one).
    fn pattern(&self) -> Tokens {
        let ident = self.ident;
        match (self.status, self.body.is_some()) {
            (Status::Code(_), true) => quote!(Self::#ident(body)),
            (Status::Code(_), false) => quote!(Self::#ident),
            (_, true) => quote!(Self::#ident { status, body }),
            (_, false) => quote!(Self::#ident { status }),
        }
    }

    /// The status under [`Variant::pattern`].
    fn status_expr(&self) -> Tokens {
        match self.status {
            Status::Code(code) => Literal::u16_unsuffixed(code).into_token_stream(),
            _ => quote!(status),
        }
    }
}

fn status_fn(variants: &[Variant]) -> Tokens {
    let arms = variants.iter().map(|v| {
        let ident = v.ident;
        match (v.status, v.body.is_some()) {
            (Status::Code(code), true) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(Self::#ident(_) => #code,)
            }
            (Status::Code(code), false) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(Self::#ident => #code,)
            }
            _ => quote!(Self::#ident { status, .. } => *status,),
        }
    });
    let body = if variants.is_empty() {
        quote!(match *self {})
    } else {
        quote!(match self { #(#arms)* })
    };
    quote! {
        /// The HTTP status of the response.
        pub fn status(&self) -> u16 {
            #body
        }
    }
}

/// `into_result`, where there is one success and the other responses share one body type (or none has
/// a body): the success value, or the documented error as a `runtime::ApiError`.
fn into_result(variants: &[Variant]) -> Option<Tokens> {
    let mut successes = variants.iter().filter(|v| v.ok);
    let ok = successes.next()?;
    if successes.next().is_some() {
        return None;
    }
    let failures: Vec<&Variant> = variants.iter().filter(|v| !v.ok).collect();
    let type_text = |v: &Variant| v.body.map(|ty| ty.to_token_stream().to_string());
    let error_body = failures.first().and_then(|f| type_text(f));
    if failures.iter().any(|f| type_text(f) != error_body) {
        return None;
    }
    let unit = quote!(());
    let ok_type = ok.body.map_or(unit.clone(), ToTokens::to_token_stream);
    let err_type = failures
        .first()
        .and_then(|f| f.body)
        .map_or(unit, ToTokens::to_token_stream);
    let ok_ident = ok.ident;
    let ok_arm = match (ok.status, ok.body.is_some()) {
        (Status::Code(_), true) => {
            quote!(Self::#ok_ident(body) => ::core::result::Result::Ok(body),)
        }
        (Status::Code(_), false) => quote!(Self::#ok_ident => ::core::result::Result::Ok(()),),
        (_, true) => quote!(Self::#ok_ident { body, .. } => ::core::result::Result::Ok(body),),
        (_, false) => quote!(Self::#ok_ident { .. } => ::core::result::Result::Ok(()),),
    };
    let err_arms = failures.iter().map(|f| {
        let pattern = f.pattern();
        let status = f.status_expr();
        let body = if f.body.is_some() {
            quote!(body)
        } else {
            quote!(())
        };
        quote!(#pattern => ::core::result::Result::Err(runtime::ApiError::new(#status, #body)),)
    });
    Some(quote! {
        /// The success value, or any other documented response as a
        /// [`runtime::ApiError`](runtime::ApiError) (its `Display` shows the status and the
        /// error's code and text).
        pub fn into_result(self) -> ::core::result::Result<#ok_type, runtime::ApiError<#err_type>> {
            match self {
                #ok_arm
                #(#err_arms)*
            }
        }
    })
}

/// The variants in the order the client matches a status against them: exact statuses first, then
/// ranges, then `default`.
fn match_order<'v, 'a>(variants: &'v [Variant<'a>]) -> Vec<&'v Variant<'a>> {
    let tier = |v: &&Variant| match v.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    };
    let mut ordered: Vec<&Variant> = variants.iter().collect();
    ordered.sort_by_key(tier);
    ordered
}

/// The pattern of a status in `match response.status`.
fn status_pattern(status: Status) -> Tokens {
    match status {
        Status::Code(code) => Literal::u16_unsuffixed(code).into_token_stream(),
        Status::Range(class) => {
            let (low, high) = (
                Literal::u16_unsuffixed(class * 100),
                Literal::u16_unsuffixed(class * 100 + 99),
            );
            quote!(#low..=#high)
        }
        Status::Default => quote!(_),
    }
}

/// A streamed body from the byte stream `body`.
fn streamed_body(v: &Variant, body: Tokens) -> Tokens {
    let media = v.media.as_deref().unwrap_or("application/octet-stream");
    match v.encoding {
        Encoding::Events => quote!(runtime::codegen::client::events::read(#media, #body)),
        Encoding::TextEvents => quote!(runtime::codegen::client::events::read_text(#media, #body)),
        _ => body,
    }
}

/// The variant's value with `body`, its status from `response`.
fn variant_value(v: &Variant, body: Option<Tokens>) -> Tokens {
    let ident = v.ident;
    match (v.status, body) {
        (Status::Code(_), Some(body)) => quote!(Self::#ident(#body)),
        (Status::Code(_), None) => quote!(Self::#ident),
        (_, Some(body)) => quote!(Self::#ident { status: response.status, body: #body }),
        (_, None) => quote!(Self::#ident { status: response.status }),
    }
}

/// `STREAMS`, `streams` and `decode_stream` of `Decode`, where a variant's body is streamed: which
/// statuses are, and their variants made from the body as it arrives.
fn streamed(variants: &[Variant]) -> Option<Tokens> {
    if !variants.iter().any(|v| v.encoding.streamed()) {
        return None;
    }
    let ordered = match_order(variants);
    let which = ordered.iter().map(|v| {
        let pattern = status_pattern(v.status);
        let streamed = v.encoding.streamed();
        quote!(#pattern => #streamed,)
    });
    let fallback =
        (!ordered.iter().any(|v| matches!(v.status, Status::Default))).then(|| quote!(_ => false,));
    let arms = ordered.iter().filter(|v| v.encoding.streamed()).map(|v| {
        let pattern = status_pattern(v.status);
        let value = variant_value(v, Some(streamed_body(v, quote!(body))));
        quote!(#pattern => ::core::result::Result::Ok(#value),)
    });
    let rest = (!ordered
        .iter()
        .any(|v| matches!(v.status, Status::Default) && v.encoding.streamed()))
    .then(|| quote!(_ => ::core::result::Result::Err(response.undocumented()),));
    Some(quote! {
        const STREAMS: bool = true;

        fn streams(status: u16, _content_type: ::core::option::Option<&str>) -> bool {
            match status {
                #(#which)*
                #fallback
            }
        }

        fn decode_stream(
            response: runtime::client::Response,
            body: runtime::ByteStream,
        ) -> ::core::result::Result<Self, runtime::Error> {
            match response.status {
                #(#arms)*
                #rest
            }
        }
    })
}

/// The body of `Decode::decode`: exact statuses first, then ranges, then `default`. (A streamed body
/// arrives through `decode_stream`; here it is one that was read whole.)
fn decode(variants: &[Variant]) -> Tokens {
    let ordered = match_order(variants);
    let value = |v: &Variant| {
        let body = v.body.map(|_| match v.encoding {
            Encoding::Json if v.ok => quote!(response.decode_json()?),
            Encoding::Json => quote!(response.decode_error_json()?),
            Encoding::Text => quote!(response.decode_text()?),
            Encoding::Binary => quote!(response.decode_bytes()?),
            _ => streamed_body(v, quote!(runtime::ByteStream::from(response.body.clone()))),
        });
        variant_value(v, body)
    };
    if ordered.is_empty() {
        return quote!(::core::result::Result::Err(response.undocumented()));
    }
    if let [only] = ordered.as_slice() {
        if matches!(only.status, Status::Default) {
            let value = value(only);
            return quote!(::core::result::Result::Ok(#value));
        }
    }
    let arms = ordered.iter().map(|v| {
        let pattern = status_pattern(v.status);
        let value = value(v);
        quote!(#pattern => #value,)
    });
    let fallback = (!ordered.iter().any(|v| matches!(v.status, Status::Default)))
        .then(|| quote!(_ => return ::core::result::Result::Err(response.undocumented()),));
    quote! {
        ::core::result::Result::Ok(match response.status {
            #(#arms)*
            #fallback
        })
    }
}

/// The methods of `Respond`: `reply`, and where a body is offered as XML too, `reply_as` (which
/// `reply` calls with JSON). A range's or default's status is the implementation's, answered as given.
fn reply(variants: &[Variant]) -> Tokens {
    let result = quote!(::core::result::Result<runtime::codegen::server::Reply, runtime::codegen::server::ReplyError>);
    let body = reply_match(variants);
    if variants.iter().all(|v| v.xml.is_none()) {
        return quote! {
            fn reply(self) -> #result {
                #body
            }
        };
    }
    quote! {
        fn reply(self) -> #result {
            self.reply_as(runtime::codegen::server::Format::Json)
        }

        fn reply_as(self, format: runtime::codegen::server::Format) -> #result {
            #body
        }
    }
}

/// The answer of each variant (`format` in scope where a body is offered as XML too).
fn reply_match(variants: &[Variant]) -> Tokens {
    if variants.is_empty() {
        return quote!(match self {});
    }
    let arms = variants.iter().map(|v| {
        let pattern = v.pattern();
        let status = v.status_expr();
        let answer = match (v.body.is_some(), v.encoding) {
            (false, _) => quote!(runtime::codegen::server::Reply::empty(#status)),
            (true, Encoding::Json) => match &v.xml {
                Some(root) => {
                    quote!(runtime::codegen::server::Reply::json_or_xml(#status, &body, format, #root)?)
                }
                None => quote!(runtime::codegen::server::Reply::json(#status, &body)?),
            },
            (true, Encoding::Text) => {
                let media = v.media.as_deref().unwrap_or("text/plain");
                quote!(runtime::codegen::server::Reply::bytes(#status, #media, body.into_bytes()))
            }
            (true, Encoding::Binary) => {
                let media = v.media.as_deref().unwrap_or("application/octet-stream");
                quote!(runtime::codegen::server::Reply::bytes(#status, #media, body))
            }
            (true, Encoding::Stream) => {
                let media = v.media.as_deref().unwrap_or("application/octet-stream");
                quote!(runtime::codegen::server::Reply::stream(#status, #media, body))
            }
            (true, Encoding::Events) => {
                let media = v.media.as_deref().unwrap_or("text/event-stream");
                quote!(runtime::codegen::server::Reply::events(#status, #media, body))
            }
            (true, Encoding::TextEvents) => {
                let media = v.media.as_deref().unwrap_or("text/event-stream");
                quote!(runtime::codegen::server::Reply::text_events(#status, #media, body))
            }
        };
        quote!(#pattern => #answer,)
    });
    quote! {
        ::core::result::Result::Ok(match self { #(#arms)* })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn error_of(input: DeriveInput) -> String {
        crate::error_of(expand(&input))
    }

    #[test]
    fn a_table_it_cannot_read_is_an_error_saying_why() {
        assert!(error_of(parse_quote!(
            struct S;
        ))
        .contains("only an enum"));
        // The name says nothing: the status is the attribute's.
        assert!(error_of(parse_quote!(
            enum E {
                Ok,
            }
        ))
        .contains("each variant says its status"));
        assert!(error_of(parse_quote!(
            enum E {
                #[response(status = "4YY")]
                Teapot { status: u16 },
            }
        ))
        .contains("a range (\"4XX\")"));
        assert!(error_of(parse_quote!(
            enum E {
                #[response(status = 99)]
                Teapot,
            }
        ))
        .contains("100 to 599"));
        assert!(error_of(parse_quote!(
            enum E {
                #[response(status = "4XX")]
                Teapot(u8),
            }
        ))
        .contains("range"));
        assert!(error_of(parse_quote!(
            enum E {
                #[response(status = 200, success)]
                Ok { status: u16 },
            }
        ))
        .contains("status code's variant"));
        assert!(error_of(parse_quote!(
            enum E {
                #[response(status = 200, success, text = "text/plain")]
                Ok,
            }
        ))
        .contains("needs a body"));
        assert!(error_of(parse_quote!(
            enum E {
                #[response(status = 404, xml = "Feil")]
                NotFound,
            }
        ))
        .contains("needs a body"));
        assert!(error_of(parse_quote!(
            enum E {
                #[response(status = 200, success, text = "text/plain", xml = "Tekst")]
                Ok(String),
            }
        ))
        .contains("another encoding of a JSON body"));
        assert!(error_of(parse_quote!(
            enum E {
                #[response(status = 200, success, json = "x")]
                Ok(u8),
            }
        ))
        .contains("expected status"));
    }

    #[test]
    fn every_shape_is_read() {
        let input: DeriveInput = parse_quote! {
            enum E {
                #[response(status = 200, success)]
                Ok(T),
                #[response(status = 204)]
                NoContent,
                #[response(status = 203, success, binary = "application/pdf")]
                Status203(Vec<u8>),
                #[response(status = "5XX")]
                Status5xx { status: u16 },
                #[response(status = "default")]
                Default { status: u16, body: P },
            }
        };
        let tokens = expand(&input).unwrap().to_string();
        assert!(tokens.contains("500 ..= 599"), "{tokens}");
        assert!(tokens.contains("203 =>"), "{tokens}");
        assert!(tokens.contains("\"application/pdf\""), "{tokens}");
        // Two successes (200, 203): no `into_result`; the JSON success is read with `decode_json`.
        assert!(tokens.contains("decode_json"), "{tokens}");
        assert!(!tokens.contains("into_result"), "{tokens}");
    }

    #[test]
    fn an_xml_body_is_answered_as_asked() {
        let plain: DeriveInput = parse_quote! {
            enum E {
                #[response(status = 200, success)]
                Ok(T),
                #[response(status = 404)]
                NotFound(P),
            }
        };
        let tokens = expand(&plain).unwrap().to_string();
        assert!(!tokens.contains("reply_as"), "{tokens}");
        let input: DeriveInput = parse_quote! {
            enum E {
                #[response(status = 200, success, xml = "Svar")]
                Ok(T),
                #[response(status = 404, xml = "Feil")]
                NotFound(P),
                #[response(status = 500)]
                Status500,
            }
        };
        let tokens = expand(&input).unwrap().to_string();
        assert!(tokens.contains("fn reply_as"), "{tokens}");
        assert!(
            tokens.contains("json_or_xml (200 , & body , format , \"Svar\")"),
            "{tokens}"
        );
        assert!(
            tokens.contains("json_or_xml (404 , & body , format , \"Feil\")"),
            "{tokens}"
        );
    }

    #[test]
    fn streamed_variants_are_read_as_they_arrive() {
        let input: DeriveInput = parse_quote! {
            enum E {
                #[response(status = 200, success, stream = "application/octet-stream")]
                Ok(B),
                #[response(status = 201, success, events = "application/x-ndjson")]
                Created(S),
                #[response(status = 404)]
                NotFound(P),
            }
        };
        let tokens = expand(&input).unwrap().to_string();
        assert!(tokens.contains("const STREAMS : bool = true"), "{tokens}");
        assert!(tokens.contains("200 => true"), "{tokens}");
        assert!(tokens.contains("404 => false"), "{tokens}");
        assert!(tokens.contains("fn decode_stream"), "{tokens}");
        assert!(
            tokens.contains("events :: read (\"application/x-ndjson\" , body)"),
            "{tokens}"
        );
        assert!(tokens.contains("Reply :: stream (200"), "{tokens}");
        assert!(tokens.contains("Reply :: events (201"), "{tokens}");
        // Nothing streamed: no `STREAMS`.
        let input: DeriveInput = parse_quote! {
            enum E {
                #[response(status = 200, success)]
                Ok(T),
            }
        };
        assert!(!expand(&input).unwrap().to_string().contains("STREAMS"));
    }

    #[test]
    fn the_success_is_the_one_the_attribute_names() {
        // The model's choice: `default` is the success where the spec documents no 2xx.
        let input: DeriveInput = parse_quote! {
            enum E {
                #[response(status = 404)]
                NotFound(P),
                #[response(status = "default", success)]
                Default { status: u16, body: T },
            }
        };
        let tokens = expand(&input).unwrap().to_string();
        assert!(
            tokens.contains(
                "Self :: Default { body , .. } => :: core :: result :: Result :: Ok (body)"
            ),
            "{tokens}"
        );
    }
}
