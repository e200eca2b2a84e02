//! Reading [`Claims`] from the claims of a verified access token (Maskinporten's token format).

use serde_json::{Map, Value};

use crate::Claims;

/// The `type` of a system-user entry of `authorization_details`.
pub const SYSTEM_USER_TYPE: &str = "urn:altinn:systemuser";

impl Claims {
    /// The claims of a verified token, as Maskinporten writes them: `consumer` and `supplier` are
    /// `{"authority": "iso6523-actorid-upis", "ID": "0192:<orgnr>"}` (read as the organisation number),
    /// a system-user token has an `authorization_details` entry of type `urn:altinn:systemuser` with
    /// `systemuser_org` (the customer) and `systemuser_id`. Nothing here checks the token: verify it first.
    pub fn from_raw(raw: Map<String, Value>) -> Claims {
        let text = |key: &str| raw.get(key).and_then(Value::as_str).map(str::to_string);
        let system_user = raw
            .get("authorization_details")
            .and_then(Value::as_array)
            .and_then(|details| {
                details
                    .iter()
                    .find(|d| d.get("type").and_then(Value::as_str) == Some(SYSTEM_USER_TYPE))
            });
        let system_user_id = system_user
            .and_then(|d| d.get("systemuser_id"))
            .and_then(|id| match id {
                Value::Array(ids) => ids.first().and_then(Value::as_str),
                other => other.as_str(),
            })
            .map(str::to_string);
        Claims {
            issuer: text("iss"),
            client_id: text("client_id"),
            scopes: raw
                .get("scope")
                .and_then(Value::as_str)
                .map(|s| s.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
            consumer: raw.get("consumer").and_then(organisation_number),
            supplier: raw.get("supplier").and_then(organisation_number),
            system_user_org: system_user
                .and_then(|d| d.get("systemuser_org"))
                .and_then(organisation_number),
            system_user_id,
            expires_at: raw.get("exp").and_then(Value::as_i64),
            raw,
        }
    }
}

/// The organisation number of an ISO 6523 party (`{"authority": "iso6523-actorid-upis", "ID":
/// "0192:974761076"}` gives `974761076`); a bare string is taken as it is.
pub fn organisation_number(party: &Value) -> Option<String> {
    let id = match party {
        Value::String(id) => id.as_str(),
        other => other.get("ID").and_then(Value::as_str)?,
    };
    Some(
        id.rsplit_once(':')
            .map_or(id, |(_, orgnr)| orgnr)
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_system_user_token() {
        // The example token of Skatteetaten's system-user page.
        let raw = json!({
            "authorization_details": [{
                "type": "urn:altinn:systemuser",
                "systemuser_org": {"authority": "iso6523-actorid-upis", "ID": "0192:313367002"},
                "systemuser_id": ["33a0911a-5459-456f-bc57-3d37ef9a016c"],
                "system_id": "974761076_skatt_demo_system"
            }],
            "scope": "skatteetaten:innrapporteringboligselskap",
            "iss": "https://test.maskinporten.no/",
            "exp": 1740737667,
            "client_id": "e6c868ef-d9d6-4847-ba25-409bbd040540",
            "consumer": {"authority": "iso6523-actorid-upis", "ID": "0192:974761076"}
        });
        let Value::Object(raw) = raw else {
            unreachable!()
        };
        let claims = Claims::from_raw(raw);
        assert_eq!(claims.consumer.as_deref(), Some("974761076"));
        assert_eq!(claims.system_user_org.as_deref(), Some("313367002"));
        assert_eq!(
            claims.system_user_id.as_deref(),
            Some("33a0911a-5459-456f-bc57-3d37ef9a016c")
        );
        assert!(claims.has_scope("skatteetaten:innrapporteringboligselskap"));
        assert_eq!(claims.expires_at, Some(1740737667));
        assert_eq!(claims.supplier, None);
    }
}
