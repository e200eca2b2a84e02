//! The path items, each read from the document's value while the ones before it are lowered: on
//! another core, a few ahead, and freed there once lowered. The loader read every path item and kept
//! none (see `Spec::openapi`): all of Graph's at once took 236 MB.

use openapiv3::{PathItem, ReferenceOr};
use serde_json::Value;

/// How many path items are read ahead of their lowering: at most this many wait in memory.
const READ_AHEAD: usize = 64;

/// A path item in openapiv3's types, boxed to be sent between threads; `None`: it did not read.
pub(super) type ReadItem = Option<Box<ReferenceOr<PathItem>>>;

/// `lower`, given each of `items` read, in order, and a function to give each back to once lowered.
/// At most `READ_AHEAD` items are read on this thread: a thread would cost more than it saves.
pub(super) fn read_ahead<R>(
    items: &[(&String, &Value)],
    lower: impl FnOnce(
        &mut dyn Iterator<Item = ReadItem>,
        &mut dyn FnMut(Box<ReferenceOr<PathItem>>),
    ) -> R,
) -> R {
    if items.len() <= READ_AHEAD {
        let mut read = items.iter().map(|(_, value)| read(value));
        return lower(&mut read, &mut drop);
    }
    let (send, receive) = std::sync::mpsc::sync_channel::<ReadItem>(READ_AHEAD);
    let (give_back, lowered) = std::sync::mpsc::channel::<Box<ReferenceOr<PathItem>>>();
    let (out, _) = crate::stack::both(
        move || {
            // An item the other core did not send (it had no thread, or stopped) is read here.
            let mut read = items.iter().map(|(_, value)| match receive.recv() {
                Ok(item) => item,
                Err(_) => read(value),
            });
            // Freed where it was taken, which is quickest: Graph's lowering took 45 ms longer
            // freeing them itself.
            let mut done = |item| drop(give_back.send(item));
            // `receive` and `give_back` go when lowering ends, early or not: the other core stops.
            lower(&mut read, &mut done)
        },
        move || {
            for (_, value) in items {
                if send.send(read(value)).is_err() {
                    break;
                }
                lowered.try_iter().for_each(drop);
            }
            drop(send);
            lowered.iter().for_each(drop);
        },
    );
    out
}

fn read(value: &Value) -> ReadItem {
    crate::load::spec::read_path_item(value).map(Box::new)
}
