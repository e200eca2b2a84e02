//! Whether a degradation is warned: the generator emitted a warning, in the spec's file, whose location
//! is the site's pointer or inside it (its schema), or is a schema the site's `$ref` chain leads
//! through, or inside one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use codegen::Warning;

/// The defect warnings of one file, by location.
pub struct Warnings {
    by_location: BTreeMap<String, Vec<&'static str>>,
}

impl Warnings {
    pub fn new(warnings: &[Warning], file: &Path) -> Self {
        let mut by_location: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
        for warning in warnings.iter().filter(|w| w.is_defect() && w.file == file) {
            by_location
                .entry(warning.location.clone())
                .or_default()
                .push(warning.name);
        }
        Warnings { by_location }
    }

    /// The names of the warnings at any of `places` or inside one.
    pub fn covering<'p>(
        &self,
        places: impl IntoIterator<Item = &'p str>,
    ) -> BTreeSet<&'static str> {
        let mut names = BTreeSet::new();
        for place in places {
            let inside = |location: &str| {
                location
                    .strip_prefix(place)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            };
            for (_, found) in self
                .by_location
                .range::<str, _>((std::ops::Bound::Included(place), std::ops::Bound::Unbounded))
                .take_while(|(location, _)| location.starts_with(place))
                .filter(|(location, _)| inside(location))
            {
                names.extend(found.iter().copied());
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_at_or_inside_a_place_covers_it_and_a_sibling_does_not() {
        let file = Path::new("specs/x/openapi.json");
        let other = Path::new("specs/y/openapi.json");
        let warnings = Warnings::new(
            &[
                Warning::new(file, "/a/properties/b/schema", "inside", ""),
                Warning::new(file, "/a/properties/bc", "sibling", ""),
                Warning::new(file, "/components/schemas/X", "on-target", ""),
                Warning::new(other, "/a/properties/b", "other-file", ""),
                Warning::info(file, "/a/properties/b", "note", ""),
            ],
            file,
        );
        let names = |places: &[&str]| -> Vec<&str> {
            warnings
                .covering(places.iter().copied())
                .into_iter()
                .collect()
        };
        assert_eq!(names(&["/a/properties/b"]), vec!["inside"]);
        assert_eq!(
            names(&["/a/properties/b", "/components/schemas/X"]),
            vec!["inside", "on-target"]
        );
        assert!(names(&["/a/properties/b/schema/items"]).is_empty());
    }
}
