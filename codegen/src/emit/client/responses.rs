//! An operation's responses → its success type, its error body type, and the `match` on the status that
//! decodes each response with its own content type. Exact statuses come first, then ranges (`4XX`), then
//! `default`; a status the operation does not document is `Error::UndocumentedStatus`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::super::docs::text_attrs;
use super::super::types::rust_type;
use super::params::one_line;
use crate::model::{Content, Encoding, Operation, Response, Status};

/// What the generated method returns and how it gets there.
pub struct Responses {
    /// The success type (`Ok`).
    pub ok: TokenStream,
    /// The typed error body (`runtime::Error<E>`).
    pub err: TokenStream,
    /// Enums the operation needs (its own success or error type when the responses differ).
    pub defs: TokenStream,
    /// What the method returns for `response`: a `match` on its status, or, when the only documented
    /// response is `default`, that response's value.
    pub dispatch: TokenStream,
    /// Whether `dispatch` reads `response` (not when the only response is a `default` without body).
    pub reads_response: bool,
    /// Lines for the method's documentation.
    pub doc: Vec<String>,
}

pub fn responses(op: &Operation) -> Responses {
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    let (success, failure): (Vec<&Response>, Vec<&Response>) =
        ordered.iter().partition(|r| r.success);

    let mut defs = TokenStream::new();
    let (ok, ok_shape) = success_type(&success, op, &mut defs);
    let (err, err_shape) = error_type(&failure, op, &mut defs);

    // Arms from the most specific status to the least (exact, range, `default`), so none is unreachable
    // even when `default` is the success.
    let tier = |status: Status| match status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    };
    let mut arms = Vec::new();
    let mut only = None;
    for level in 0..3 {
        for response in success.iter().filter(|r| tier(r.status) == level) {
            let pattern = pattern(response.status);
            let value = ok_shape.value(response);
            only = Some(quote!(Ok(#value)));
            arms.push(quote!(#pattern => Ok(#value),));
        }
        // Error statuses with the same handling share an arm.
        let mut grouped: Vec<(Vec<Status>, TokenStream)> = Vec::new();
        for response in failure.iter().filter(|r| tier(r.status) == level) {
            let decode = err_shape.decode(response);
            let exact = matches!(response.status, Status::Code(_));
            match grouped
                .iter_mut()
                .find(|(_, d)| exact && d.to_string() == decode.to_string())
            {
                Some((statuses, _)) => statuses.push(response.status),
                None => grouped.push((vec![response.status], decode)),
            }
        }
        for (statuses, decode) in grouped {
            let patterns = patterns(&statuses);
            only = Some(quote!(Err(response.into_api_error(#decode))));
            arms.push(quote! {
                #(#patterns)|* => Err(response.into_api_error(#decode)),
            });
        }
    }
    if !op.responses.iter().any(|r| r.status == Status::Default) {
        arms.push(quote!(_ => Err(response.undocumented()),));
    }

    let doc = ordered
        .iter()
        .map(|r| {
            let body = match &r.content {
                Some(content) => format!(" (`{}`)", content.media_type),
                None => " (no body)".to_string(),
            };
            format!(
                "- {}{body}: {}",
                status_text(r.status),
                one_line(&r.description)
            )
        })
        .collect();
    Responses {
        ok,
        err,
        defs,
        reads_response: !matches!(
            op.responses.as_slice(),
            [single] if single.status == Status::Default && single.success && single.content.is_none()
        ),
        dispatch: match (op.responses.as_slice(), only) {
            ([single], Some(only)) if single.status == Status::Default => only,
            _ => quote!(match response.status { #(#arms)* }),
        },
        doc,
    }
}

/// How a response's value is built.
enum Shape {
    /// No value: `()`.
    Unit,
    /// Every response has a body of this type.
    Plain,
    /// Some responses have a body of this type, the others none: `Option<T>`.
    Optional,
    /// An enum with a variant per response.
    Enum(Ident),
}

impl Shape {
    /// The success value of `response`.
    fn value(&self, response: &Response) -> TokenStream {
        let decoded = response.content.as_ref().map(decode_call);
        match (self, decoded) {
            (Shape::Unit, _) | (Shape::Plain, None) => quote!(()),
            (Shape::Plain, Some(decoded)) => quote!(#decoded?),
            (Shape::Optional, Some(decoded)) => quote!(Some(#decoded?)),
            (Shape::Optional, None) => quote!(None),
            (Shape::Enum(name), decoded) => {
                let variant = variant(response.status);
                match decoded {
                    Some(decoded) => quote!(#name::#variant(#decoded?)),
                    None => quote!(#name::#variant),
                }
            }
        }
    }

    /// The closure that decodes the body of error `response`.
    fn decode(&self, response: &Response) -> TokenStream {
        let decoded = response.content.as_ref().map(decode_call);
        match (self, decoded) {
            (Shape::Enum(name), decoded) => {
                let variant = variant(response.status);
                match decoded {
                    Some(decoded) => quote!(|response| #decoded.map(#name::#variant)),
                    None => quote!(|_| Ok(#name::#variant)),
                }
            }
            (_, Some(decoded)) => quote!(|response| #decoded),
            (_, None) => quote!(|_| Ok(())),
        }
    }
}

fn decode_call(content: &Content) -> TokenStream {
    match content.encoding {
        Encoding::Json => quote!(response.decode_json()),
        Encoding::Text => quote!(response.decode_text()),
        Encoding::Binary => quote!(response.decode_bytes()),
    }
}

/// The Rust type of a body.
fn body_type(content: &Content) -> TokenStream {
    match content.encoding {
        Encoding::Json => rust_type(&content.ty, &quote!(super::)),
        Encoding::Text => quote!(String),
        Encoding::Binary => quote!(Vec<u8>),
    }
}

/// The one body type all responses with a body share, if they share one.
fn shared_body(responses: &[&Response]) -> Option<(TokenStream, bool)> {
    let mut types = responses
        .iter()
        .filter_map(|r| r.content.as_ref())
        .map(|c| (c.encoding, c.ty.clone()));
    let first = types.next()?;
    if types.all(|other| other == first) {
        let content = responses.iter().find_map(|r| r.content.as_ref())?;
        let all_have_body = responses.iter().all(|r| r.content.is_some());
        Some((body_type(content), all_have_body))
    } else {
        None
    }
}

fn success_type(
    success: &[&Response],
    op: &Operation,
    defs: &mut TokenStream,
) -> (TokenStream, Shape) {
    match shared_body(success) {
        None if success.iter().all(|r| r.content.is_none()) => (quote!(()), Shape::Unit),
        Some((ty, true)) => (ty, Shape::Plain),
        Some((ty, false)) => (quote!(Option<#ty>), Shape::Optional),
        None => {
            let name = format_ident!("{}", op.names.client_response);
            let doc = text_attrs(&format!(
                "The success responses of `{}`: their bodies have different types.",
                op.id
            ));
            defs.extend(response_enum(&name, &doc, success));
            (quote!(#name), Shape::Enum(name))
        }
    }
}

fn error_type(
    failure: &[&Response],
    op: &Operation,
    defs: &mut TokenStream,
) -> (TokenStream, Shape) {
    if failure.is_empty() {
        return (quote!(std::convert::Infallible), Shape::Unit);
    }
    match shared_body(failure) {
        None if failure.iter().all(|r| r.content.is_none()) => (quote!(()), Shape::Unit),
        Some((ty, true)) => (ty, Shape::Plain),
        _ => {
            let name = format_ident!("{}", op.names.client_error);
            let doc = text_attrs(&format!(
                "The documented error responses of `{}`: their bodies have different types \
                 (the status is in the `ApiError` around it).",
                op.id
            ));
            defs.extend(response_enum(&name, &doc, failure));
            (quote!(#name), Shape::Enum(name))
        }
    }
}

fn response_enum(name: &Ident, doc: &TokenStream, responses: &[&Response]) -> TokenStream {
    let variants = responses.iter().map(|r| {
        let variant = variant(r.status);
        let doc = text_attrs(&format!("{}: {}", status_text(r.status), r.description));
        match &r.content {
            Some(content) => {
                let ty = body_type(content);
                quote!(#doc #variant(#ty),)
            }
            None => quote!(#doc #variant,),
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn variant(status: Status) -> Ident {
    match status {
        Status::Code(code) => format_ident!("Status{}", code),
        Status::Range(class) => format_ident!("Status{}xx", class),
        Status::Default => format_ident!("Other"),
    }
}

/// The patterns of statuses that share an arm. Codes that are all neighbours are one range (`480..=486`:
/// clippy's `manual_range_patterns` asks for that when there are three or more); others stay a list.
fn patterns(statuses: &[Status]) -> Vec<TokenStream> {
    let mut codes: Vec<u16> = statuses
        .iter()
        .filter_map(|s| match s {
            Status::Code(code) => Some(*code),
            _ => None,
        })
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let neighbours = codes.windows(2).all(|pair| pair[1] == pair[0] + 1);
    match (codes.first(), codes.last()) {
        (Some(&low), Some(&high))
            if codes.len() == statuses.len() && codes.len() >= 3 && neighbours =>
        {
            let (low, high) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
            vec![quote!(#low..=#high)]
        }
        _ => statuses.iter().map(|s| pattern(*s)).collect(),
    }
}

fn pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        Status::Range(class) => {
            let low = Literal::u16_unsuffixed(class * 100);
            let high = Literal::u16_unsuffixed(class * 100 + 99);
            quote!(#low..=#high)
        }
        Status::Default => quote!(_),
    }
}

fn status_text(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(class) => format!("{class}XX"),
        Status::Default => "Any other status".to_string(),
    }
}
