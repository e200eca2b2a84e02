//! A large stack for the parts of the pipeline that recurse once per level of nesting of a spec: serde's
//! buffered enums in openapiv3, lowering nested inline schemas, syn and prettyplease on deep types. Real
//! specs are shallow, but one nested as deep as the JSON and YAML parsers allow must get an answer, not a
//! stack overflow, whichever thread calls the generator. The memory is only reserved, not used.

use std::any::Any;
use std::cell::Cell;

const STACK_SIZE: usize = 512 * 1024 * 1024;

thread_local! {
    /// Whether this thread is one of ours, with a large stack.
    static LARGE: Cell<bool> = const { Cell::new(false) };
}

/// `work`, marking its thread as one with a large stack.
fn on_large<T>(work: impl FnOnce() -> T) -> impl FnOnce() -> T {
    move || {
        LARGE.with(|large| large.set(true));
        work()
    }
}

/// Runs `work` on a thread with a large stack: this one when it has one already (a stage inside the
/// pipeline), else a new one. A panic in it comes back as `Err` with its message. Staying on the
/// pipeline's thread also keeps the memory of the documents and the model where the formatting, which
/// runs there too, reuses it once they are freed.
pub fn with_large_stack<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, String> {
    if LARGE.with(Cell::get) {
        let work = std::panic::AssertUnwindSafe(work);
        return std::panic::catch_unwind(work).map_err(|panic| panic_message(&*panic));
    }
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("codegen".to_string())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, on_large(work))
            .map_err(|err| format!("cannot start a thread for the generator: {err}"))?;
        worker.join().map_err(|panic| panic_message(&*panic))
    })
}

/// Runs `here` on this thread and `beside` on another one with a large stack, at the same time, and
/// returns both results. A panic in `beside`, or no thread to run it on, is `Err` with the reason.
pub fn both<A, B: Send>(
    here: impl FnOnce() -> A,
    beside: impl FnOnce() -> B + Send,
) -> (A, Result<B, String>) {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("codegen-beside".to_string())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, on_large(beside));
        let a = here();
        let b = match worker {
            Ok(worker) => worker.join().map_err(|panic| panic_message(&*panic)),
            Err(err) => Err(format!("cannot start a thread for the generator: {err}")),
        };
        (a, b)
    })
}

/// Runs `work` on `threads` threads with large stacks (the formatting of deep types recurses like the
/// rest of the pipeline) and waits for all of them. `work` catches its own panics, to say which file;
/// one that escapes comes back as `Err` with its message.
///
/// This thread is one of them, after doing `first` while the others start.
pub fn on_threads(
    threads: usize,
    first: impl FnOnce(),
    work: &(dyn Fn() + Sync),
) -> crate::error::Result<()> {
    let outcome: Result<(), String> = std::thread::scope(|scope| {
        let mut workers = Vec::new();
        // This thread is one of them: the memory it freed (the documents) is then reused where it is,
        // instead of the other threads taking more from the system.
        for i in 1..threads {
            let worker = std::thread::Builder::new()
                .name(format!("codegen-{i}"))
                .stack_size(STACK_SIZE)
                .spawn_scoped(scope, on_large(work))
                .map_err(|err| format!("cannot start a thread for the generator: {err}"))?;
            workers.push(worker);
        }
        let here = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            first();
            work();
        }));
        let mut first = here.map_err(|panic| panic_message(&*panic));
        for worker in workers {
            if let (Err(panic), Ok(())) = (worker.join(), &first) {
                first = Err(panic_message(&*panic));
            }
        }
        first
    });
    outcome.map_err(|reason| {
        crate::error::Error::new(
            std::path::Path::new(""),
            "",
            format!("generator bug: it panicked ({reason}); please report it with the spec"),
        )
    })
}

pub(crate) fn panic_message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}
