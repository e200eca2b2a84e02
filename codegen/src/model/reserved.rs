//! The names the generated code gives items of its own in the scopes where names from the spec go
//! too: the client's inherent methods (beside the environments' constructors, in front of the
//! operations' trait methods), the server module's statics and functions (beside the operations'
//! descriptors and call functions), the API module's constants (beside the servers' URLs).
//!
//! One table: the namers reserve these names before they hand out the spec's (`lower::naming`), and
//! the emitters write the items under these names. An item added to the generated code without a
//! line here is caught by `codegen/tests/reserved_names.rs`, which reads the emitted items back.
//! Local variables and parameters need no line: a local cannot hide a method, and every value the
//! server module names after the spec is `SHOUTY_CASE` or starts with `call_`, as no local is.

/// The client struct's inherent methods besides the environments' constructors: an operation's
/// method of the same name would be hidden behind one (`client.transport()` calls the inherent one).
pub mod client {
    pub const NEW: &str = "new";
    pub const WITH_BASE_URL: &str = "with_base_url";
    pub const WITH_HTTP_CLIENT: &str = "with_http_client";
    pub const FROM_TRANSPORT: &str = "from_transport";
    pub const TRANSPORT: &str = "transport";
    pub const ALL: &[&str] = &[
        NEW,
        WITH_BASE_URL,
        WITH_HTTP_CLIENT,
        FROM_TRANSPORT,
        TRANSPORT,
    ];
}

/// The server module's own items beside the operations' descriptors and call functions.
pub mod server {
    pub const ROUTER: &str = "router";
    pub const ERROR_ROLES: &str = "ERROR_ROLES";
    pub const ERROR_SHAPE: &str = "ERROR_SHAPE";
    /// The function of a tag's module that adds its operations to the router's routes.
    pub const ADD: &str = "add";
    pub const ALL: &[&str] = &[ROUTER, ERROR_ROLES, ERROR_SHAPE, ADD];
}

/// The API module's constants besides the servers' URLs.
pub mod module {
    pub const SERVERS: &str = "SERVERS";
    pub const SCOPE: &str = "SCOPE";
    pub const SCOPES: &str = "SCOPES";
    pub const ALL: &[&str] = &[SERVERS, SCOPE, SCOPES];
}
