//! Format: tokens → Rust source, parse-checked with syn and printed with prettyplease, in-process. The
//! pieces of every file are made and formatted on all cores at once, and joined in order, so the
//! output is the same bytes whatever the number of threads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::TokenStream;

use crate::emit::{EmittedFile, FilePlan, Part};
use crate::error::{Error, Result};

pub use crate::emit::GENERATED_MARKER;

/// Formats one emitted file. A token stream that is not valid Rust is a bug of the generator; it is
/// reported with the file it was meant for instead of being written.
pub fn format_file(file: &EmittedFile) -> Result<String> {
    let mut text = file.header.clone();
    for (tokens, part) in &file.pieces {
        let items = format_items(&file.path, tokens.clone())?;
        text.push_str(part_of(&file.path, &items, *part)?);
    }
    Ok(text)
}

/// The text a piece adds to its file: all of it, or its share of a large item ([`Part`]). A piece
/// that does not have the shape its part says is a bug of the generator, reported with the file.
fn part_of<'t>(path: &Path, text: &'t str, part: Part) -> Result<&'t str> {
    let bug = || {
        Error::new(
            path,
            "",
            format!("generator bug: a piece of the file is not the {part:?} part of an item"),
        )
    };
    let without_header = |text: &'t str| text.split_once("{\n").map(|(_, rest)| rest);
    let without_brace = |text: &'t str| text.strip_suffix("}\n");
    match part {
        Part::Whole => Some(text),
        Part::Opens => without_brace(text),
        Part::Continues => without_header(text).and_then(without_brace),
        Part::Closes => without_header(text),
    }
    .ok_or_else(bug)
}

/// Makes and formats every piece of `plans` on up to as many threads as there are cores: each file's
/// text, by its path. This thread first does `first` (freeing what formatting does not need) while the
/// other threads start on the pieces.
pub fn format_all_after(
    plans: &[FilePlan<'_>],
    first: impl FnOnce(),
) -> Result<BTreeMap<PathBuf, String>> {
    // In file order. (Starting the largest piece, a client of every operation, first made the threads
    // finish closer together, by some milliseconds, but its tokens and syntax tree then met the
    // documents' memory not yet given back: a higher peak.)
    let jobs: Vec<(usize, usize)> = plans
        .iter()
        .enumerate()
        .flat_map(|(f, plan)| (0..plan.pieces.len()).map(move |p| (f, p)))
        .collect();
    let results: Vec<Mutex<Option<Result<String>>>> =
        jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let busy = Busy::default();
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(&(f, p)) = jobs.get(i) else {
            busy.finished();
            return;
        };
        let plan = &plans[f];
        // A panic (a generator bug) is an error naming the file, and the other pieces go on.
        let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let piece = &plan.pieces[p];
            let tokens = busy.emit.time(|| (piece.make)());
            let text = format_timed(&plan.path, tokens, &busy)?;
            match piece.part {
                Part::Whole => Ok(text),
                part => part_of(&plan.path, &text, part).map(str::to_string),
            }
        }))
        .unwrap_or_else(|panic| {
            Err(Error::new(
                &plan.path,
                "",
                format!(
                    "generator bug: it panicked ({}); please report it with the spec",
                    crate::stack::panic_message(&*panic)
                ),
            ))
        });
        *results[i]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(text);
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(jobs.len().max(1));
    crate::stack::on_threads(threads, first, &work)?;
    busy.report();
    let mut texts: Vec<String> = plans.iter().map(|p| p.header.clone()).collect();
    for ((f, _), result) in jobs.iter().zip(results) {
        let text = result
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .unwrap_or_else(|| {
                Err(Error::new(
                    &plans[*f].path,
                    "",
                    "generator bug: a piece was not formatted",
                ))
            })?;
        texts[*f].push_str(&text);
    }
    Ok(plans.iter().map(|p| p.path.clone()).zip(texts).collect())
}

/// Top-level items (with inner attributes first, if any) as formatted source.
fn format_items(path: &Path, tokens: TokenStream) -> Result<String> {
    format_timed(path, tokens, &Busy::default())
}

/// [`format_items`], adding the time each step took to `busy`.
fn format_timed(path: &Path, tokens: TokenStream, busy: &Busy) -> Result<String> {
    let syntax: syn::File = busy.parse.time(|| syn::parse2(tokens)).map_err(|err| {
        Error::new(
            path,
            "",
            format!("generator bug: emitted code does not parse: {err}"),
        )
    })?;
    Ok(busy.print.time(|| prettyplease::unparse(&syntax)))
}

/// The time all threads spent in each step of [`format_all_after`], for `CODEGEN_TIMINGS`.
#[derive(Default)]
struct Busy {
    emit: Clock,
    parse: Clock,
    print: Clock,
    /// When each thread found no job left: the spread is the time one waited for the others.
    done: Mutex<Vec<std::time::Instant>>,
}

impl Busy {
    fn finished(&self) {
        let mut done = self.done.lock().unwrap_or_else(|p| p.into_inner());
        done.push(std::time::Instant::now());
    }

    fn report(&self) {
        if std::env::var_os("CODEGEN_TIMINGS").is_some() {
            for (name, clock) in [
                ("emit", &self.emit),
                ("parse", &self.parse),
                ("print", &self.print),
            ] {
                let ms = clock.0.load(Ordering::Relaxed) as f64 / 1e6;
                eprintln!("codegen: format: {name} {ms:.1} ms (summed over threads)");
            }
            let done = self.done.lock().unwrap_or_else(|p| p.into_inner());
            if let (Some(first), Some(last)) = (done.iter().min(), done.iter().max()) {
                let ms = (*last - *first).as_secs_f64() * 1000.0;
                eprintln!("codegen: format: threads finished {ms:.1} ms apart");
            }
        }
    }
}

/// Nanoseconds spent, summed over threads.
#[derive(Default)]
struct Clock(AtomicU64);

impl Clock {
    fn time<T>(&self, step: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let out = step();
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.0.fetch_add(nanos, Ordering::Relaxed);
        out
    }
}

#[cfg(test)]
mod tests {
    use quote::{format_ident, quote};

    use super::*;
    use crate::emit::{member_pieces, PIECE_ITEMS};

    /// A file whose last item is an impl (or, with `in_trait`, a trait) with the methods of `range`
    /// (whole: all of them; in part: a piece's), with docs and attributes on each method, which
    /// prettyplease writes around each.
    fn file(range: std::ops::Range<usize>, first: bool, in_trait: bool) -> TokenStream {
        let names: Vec<_> = range.map(|i| format_ident!("method_{i}")).collect();
        let item = if in_trait {
            quote! {
                pub trait Api: Send + Sync {
                    #(
                        /// The operation.
                        #[cfg(feature = "tag-a")]
                        fn #names(&self, request: Request) -> impl Future<Output = Response> + Send;
                    )*
                }
            }
        } else {
            quote! {
                impl Api for Client {
                    #(
                        /// Calls the operation.
                        #[cfg(feature = "tag-a")]
                        fn #names(&self, request: Request) -> impl Future<Output = Response> + Send {
                            let mut http = Request::new(Method::GET, "application/json");
                            http.query("$top", &request.top);
                            self.transport.call(http)
                        }
                    )*
                }
            }
        };
        if first {
            quote! {
                //! The client.
                #![allow(deprecated)]
                use super::Api;

                /// Calls the API.
                pub struct Client;
                #item
            }
        } else {
            item
        }
    }

    fn plan(pieces: Vec<crate::emit::Piece<'static>>) -> FilePlan<'static> {
        FilePlan {
            path: PathBuf::from("api/client.rs"),
            header: String::new(),
            pieces,
        }
    }

    #[test]
    fn an_item_made_in_parts_is_the_item_made_whole() {
        for in_trait in [false, true] {
            for members in [1, PIECE_ITEMS, PIECE_ITEMS + 1, 3 * PIECE_ITEMS + 5] {
                let pieces =
                    member_pieces(members, move |range, first| file(range, first, in_trait));
                assert_eq!(pieces.len(), members.div_ceil(PIECE_ITEMS));
                let files = format_all_after(&[plan(pieces)], || ()).expect("formats");
                let parts = &files[Path::new("api/client.rs")];
                let whole = file(0..members, true, in_trait);
                let whole = format_items(Path::new("whole"), whole).expect("formats");
                assert_eq!(parts, &whole, "{members} members, in a trait: {in_trait}");
            }
        }
    }

    #[test]
    fn a_piece_without_the_shape_of_its_part_is_an_error_naming_the_file() {
        let path = Path::new("api/client.rs");
        for part in [Part::Opens, Part::Continues, Part::Closes] {
            let err = part_of(path, "pub struct Client;\n", part).expect_err("not a part");
            assert_eq!(err.file, path);
            assert!(err.message.contains("generator bug"), "{}", err.message);
        }
        assert_eq!(
            part_of(path, "impl A for B {\n    fn a() {}\n}\n", Part::Continues).unwrap(),
            "    fn a() {}\n"
        );
    }
}
