//! The `match` on the answer's status that decodes each documented response, with its own content
//! type, into its variant of the operation's response enum. Exact statuses come first, then ranges
//! (`4XX`), then `default`; a status the operation does not document is
//! `runtime::Error::UndocumentedStatus`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::super::operations::VariantShape;
use crate::model::{Encoding, Operation, Response, Status};

/// What the method returns for `response`.
pub fn dispatch(op: &Operation, response_type: &Ident) -> TokenStream {
    let tier = |status: Status| match status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    };
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| tier(r.status));
    let has_default = ordered.iter().any(|r| r.status == Status::Default);
    if let [only] = ordered.as_slice() {
        if only.status == Status::Default {
            // One arm would be a `match` with a single binding.
            let value = value(only, response_type);
            return quote!(Ok(#value));
        }
    }
    let arms = ordered.iter().map(|response| {
        let pattern = match response.status {
            Status::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            Status::Range(class) => {
                let (low, high) = (
                    Literal::u16_unsuffixed(class * 100),
                    Literal::u16_unsuffixed(class * 100 + 99),
                );
                quote!(#low..=#high)
            }
            Status::Default => quote!(_),
        };
        let value = value(response, response_type);
        quote!(#pattern => #value,)
    });
    let fallback = (!has_default).then(|| quote!(_ => return Err(response.undocumented()),));
    quote! {
        Ok(match response.status {
            #(#arms)*
            #fallback
        })
    }
}

/// The variant for `response`, its body decoded. Error bodies are decoded with the call's credentials
/// redacted, should the server have echoed them.
fn value(response: &Response, response_type: &Ident) -> TokenStream {
    let shape = VariantShape::of(response);
    let variant = &shape.variant;
    let body = response
        .content
        .as_ref()
        .map(|content| match content.encoding {
            Encoding::Json if response.success => quote!(response.decode_json()?),
            Encoding::Json => quote!(response.decode_error_json()?),
            Encoding::Text => quote!(response.decode_text()?),
            Encoding::Binary => quote!(response.decode_bytes()?),
        });
    match (shape.fixed, body) {
        (Some(_), Some(body)) => quote!(super::#response_type::#variant(#body)),
        (Some(_), None) => quote!(super::#response_type::#variant),
        (None, Some(body)) => {
            quote!(super::#response_type::#variant { status: response.status, body: #body })
        }
        (None, None) => quote!(super::#response_type::#variant { status: response.status }),
    }
}
