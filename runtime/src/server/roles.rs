//! Which documented error code answers which kind of bad input, per API.

/// One documented error code (`Feilkode`) with its HTTP status and the text of its table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The code on the wire (`GLD_010`).
    pub kode: &'static str,
    /// The HTTP status the table gives for the code.
    pub status: u16,
    /// The text of the code's table row (Feilområde / Feilmelding), used as the message.
    pub text: &'static str,
}

impl ErrorCode {
    /// A code with its status and row text (what the generated `ERROR_ROLES` tables are made of).
    pub const fn new(kode: &'static str, status: u16, text: &'static str) -> Self {
        ErrorCode { kode, status, text }
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
/// API's error tables (status and wording of each row), overridable with `x-error-roles` in the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorRoles {
    /// Input that does not meet the spec (parameters, body schema, constraints).
    pub validation: ErrorCode,
    /// A body that is not well-formed JSON.
    pub structure: ErrorCode,
    /// A request that is wrong in itself (headers, content type, `Accept` where there is no 406 code).
    pub request: ErrorCode,
    /// No endpoint at the URL.
    pub unknown_url: ErrorCode,
    /// The URL exists, the method does not; `None`: answered as an unknown URL.
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
