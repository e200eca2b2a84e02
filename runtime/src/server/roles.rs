//! Which error code answers which kind of bad input, per API, and the shape of the error body it is
//! written in.

/// The error body an API answers bad input with: its error vocabulary, chosen by the generator per API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorShape {
    /// Skatteetaten's `feil.md`: `{kode, melding, korrelasjonsid, feilspesifiseringer?}`,
    /// `application/json`. The API documents its codes in error tables.
    Skatteetaten,
    /// RFC 7807 `application/problem+json`: `{type: "about:blank", title, status, detail}`. For an API
    /// that declares no error body of its own.
    Problem,
    /// The API's own error object (declared by its error responses): the message, and where it has
    /// them, the code and the HTTP status, each in the named property.
    Fields {
        /// The property for the message (what exactly is wrong).
        message: Option<&'static str>,
        /// The property for the code (a string: [`ErrorCode::kode`]).
        code: Option<&'static str>,
        /// The property for the HTTP status (an integer).
        status: Option<&'static str>,
        /// The property for a short summary ([`ErrorCode::text`]).
        title: Option<&'static str>,
        /// The media type of the error body.
        content_type: &'static str,
    },
}

impl ErrorShape {
    /// The media type of an error body of this shape.
    pub fn content_type(&self) -> &'static str {
        match self {
            ErrorShape::Skatteetaten => "application/json",
            ErrorShape::Problem => "application/problem+json",
            ErrorShape::Fields { content_type, .. } => content_type,
        }
    }
}

/// One error code with its HTTP status, its text, and the shape of the body it is written in: a
/// documented code (`Feilkode`) of Skatteetaten's tables, or the default of the API's error vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The code on the wire (`GLD_010`).
    pub kode: &'static str,
    /// The HTTP status the table gives for the code.
    pub status: u16,
    /// The text of the code's table row (Feilområde / Feilmelding); in the other shapes a short
    /// summary (`title` of a problem).
    pub text: &'static str,
    /// The body the code is written in (the same for every code of an API: [`ErrorRoles::shape`]).
    pub shape: &'static ErrorShape,
}

impl ErrorCode {
    /// A code of Skatteetaten's tables with its status and row text, written in `feil.md`'s body (what
    /// the generated `ERROR_ROLES` tables are made of).
    pub const fn new(kode: &'static str, status: u16, text: &'static str) -> Self {
        ErrorCode {
            kode,
            status,
            text,
            shape: &ErrorShape::Skatteetaten,
        }
    }

    /// A code written in the body `shape`.
    pub const fn shaped(
        kode: &'static str,
        status: u16,
        text: &'static str,
        shape: &'static ErrorShape,
    ) -> Self {
        ErrorCode {
            kode,
            status,
            text,
            shape,
        }
    }
}

/// Specification codes (`Feilspesifiseringskode`) that refine an error, where the API documents them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpecCodes {
    /// A path, query or header parameter is invalid ("Feil i parametre").
    pub parameters: Option<&'static str>,
    /// A required header is missing ("Header mangler").
    pub missing_header: Option<&'static str>,
    /// The JSON body is malformed or does not fit the schema ("Feil i JSON-innhold").
    pub json: Option<&'static str>,
    /// The `Accept` header names nothing the operation produces ("Accept-header må være ...").
    pub accept: Option<&'static str>,
    /// The `Content-Type` of the body is not the documented one ("Content type må være ...").
    pub content_type: Option<&'static str>,
    /// No bearer token ("Mangler Token").
    pub missing_token: Option<&'static str>,
    /// A bearer token that is malformed or not accepted ("Ugyldig token").
    pub invalid_token: Option<&'static str>,
    /// No endpoint at the URL ("Finner ingen ressurs for denne URL-en").
    pub unknown_url: Option<&'static str>,
}

/// The error codes an adapter answers with, one per kind of failure. Derived by the generator from the
/// API's error tables (status and wording of each row), overridable with `x-error-roles` in the spec;
/// for an API without tables, the defaults of its error vocabulary ([`ErrorShape`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorRoles {
    /// The error body every code below is written in.
    pub shape: &'static ErrorShape,
    /// Input that does not meet the spec (parameters, body schema, constraints).
    pub validation: ErrorCode,
    /// A body that is not well-formed JSON.
    pub structure: ErrorCode,
    /// A request that is wrong in itself (headers, content type, `Accept` where there is no 406 code).
    pub request: ErrorCode,
    /// No endpoint at the URL.
    pub unknown_url: ErrorCode,
    /// The URL exists, the method does not (HTTP 405, with `Allow`); `None`: answered with the code
    /// `method-not-allowed`, status 405, in [`ErrorRoles::shape`] (never as an unknown URL).
    pub method_not_allowed: Option<ErrorCode>,
    /// `Accept` names nothing the operation produces; `None`: answered with `request`.
    pub not_acceptable: Option<ErrorCode>,
    /// No bearer token, or one that is malformed or rejected.
    pub unauthenticated: ErrorCode,
    /// The caller may not do this: a valid token without the operation's scope (implementations may use it
    /// too); `None`: answered with `unauthenticated`.
    pub forbidden: Option<ErrorCode>,
    /// An idempotency key reused with a different body; `None`: answered with `validation`.
    pub idempotency_conflict: Option<ErrorCode>,
    /// The service failed: a panicking, failing or too slow implementation.
    pub unexpected: ErrorCode,
    /// Specification codes that refine the codes above.
    pub specs: SpecCodes,
}
