//! A length or a numeric bound is said in words twice: by the generator, in the docs of a field
//! (`codegen::model::Length`, `Range`), and by the runtime, in the error a value out of it gets
//! (`runtime::codegen::check::Length`, `Range`). The two crates do not depend on each other, so each
//! has its own `Display`; a user reads both, and they must say a bound the same way.

use codegen::model::{Bound as ModelBound, Length as ModelLength, Number, Range as ModelRange};
use skatteetaten_api::runtime::codegen::check::{Bound, Length, Range};

#[test]
fn a_length_is_said_the_same_in_the_docs_and_in_the_error() {
    let ends = [None, Some(1), Some(5), Some(5000)];
    for min in ends {
        for max in ends {
            let model = ModelLength { min, max }.to_string();
            let runtime = Length { min, max }.to_string();
            assert_eq!(model, runtime, "min {min:?}, max {max:?}");
        }
    }
}

#[test]
fn a_range_is_said_the_same_in_the_docs_and_in_the_error() {
    // Each end: none, or (value, exclusive).
    let ends: [Option<(f64, bool)>; 5] = [
        None,
        Some((0.0, false)),
        Some((1.0, true)),
        Some((-2.5, false)),
        Some((128.0, true)),
    ];
    for min in ends {
        for max in ends {
            // An integer's bounds, as `i64`.
            let int = |end: Option<(f64, bool)>| {
                end.map(|(value, exclusive)| (value.trunc() as i64, exclusive))
            };
            let model = ModelRange {
                min: int(min).map(|(v, exclusive)| ModelBound {
                    value: Number::Int(v),
                    exclusive,
                }),
                max: int(max).map(|(v, exclusive)| ModelBound {
                    value: Number::Int(v),
                    exclusive,
                }),
            };
            let runtime = Range {
                min: int(min).map(|(value, exclusive)| Bound { value, exclusive }),
                max: int(max).map(|(value, exclusive)| Bound { value, exclusive }),
            };
            assert_eq!(model.to_string(), runtime.to_string(), "{min:?} {max:?}");

            // A float's bounds, as `f64`.
            let model = ModelRange {
                min: min.map(|(v, exclusive)| ModelBound {
                    value: Number::float(v),
                    exclusive,
                }),
                max: max.map(|(v, exclusive)| ModelBound {
                    value: Number::float(v),
                    exclusive,
                }),
            };
            let runtime = Range {
                min: min.map(|(value, exclusive)| Bound { value, exclusive }),
                max: max.map(|(value, exclusive)| Bound { value, exclusive }),
            };
            assert_eq!(model.to_string(), runtime.to_string(), "{min:?} {max:?}");
        }
    }
}
