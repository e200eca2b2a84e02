//! One lock per idempotency key in use, so calls under the same key run one after the other while calls
//! under different keys never wait for each other (a fixed table of striped locks made unrelated keys
//! that share a stripe wait for a slow call). An entry lives only while some call holds or awaits it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OwnedMutexGuard;

type Name = (String, String);
type Lock = Arc<tokio::sync::Mutex<()>>;

/// The locks of the keys in use, by scope and key.
#[derive(Debug, Default)]
pub(crate) struct KeyLocks {
    map: Mutex<HashMap<Name, Lock>>,
}

/// Holds the lock of one key; the key's entry is removed when the last holder or waiter is gone. Owns
/// what it needs (`'static`), so it can be moved into a blocking task that must finish under the lock.
pub(crate) struct KeyGuard {
    // Declared first, so dropped first: the lock is released before the entry is looked at.
    _guard: OwnedMutexGuard<()>,
    _entry: Entry,
}

/// A claim on a key's entry (held while waiting too, so a waiter whose request is dropped cleans up).
struct Entry {
    locks: Arc<KeyLocks>,
    name: Name,
    lock: Option<Lock>,
}

impl KeyLocks {
    /// Waits for the lock of `key` in `scope`.
    pub(crate) async fn lock(self: &Arc<Self>, scope: &str, key: &str) -> KeyGuard {
        let name = (scope.to_string(), key.to_string());
        let lock = {
            let mut map = self
                .map
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(map.entry(name.clone()).or_default())
        };
        let entry = Entry {
            locks: Arc::clone(self),
            name,
            lock: Some(Arc::clone(&lock)),
        };
        let guard = lock.lock_owned().await;
        KeyGuard {
            _guard: guard,
            _entry: entry,
        }
    }

    /// How many keys have an entry (tests: none is left behind).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.map.lock().map(|map| map.len()).unwrap_or(0)
    }
}

impl Drop for Entry {
    fn drop(&mut self) {
        let mut map = self
            .locks
            .map
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        drop(self.lock.take());
        // Under the map's lock nobody can take a new claim, so only the map's own reference left means
        // nobody holds or awaits this key.
        if map
            .get(&self.name)
            .is_some_and(|lock| Arc::strong_count(lock) == 1)
        {
            map.remove(&self.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn same_key_waits_other_key_does_not_and_entries_go_away() {
        let locks = Arc::new(KeyLocks::default());
        let held = locks.lock("s", "a").await;
        // Another key: at once.
        let other = tokio::time::timeout(Duration::from_secs(5), locks.lock("s", "b"))
            .await
            .expect("another key is free");
        drop(other);
        // The same key: waits until the first is released.
        let waiter = {
            let locks = Arc::clone(&locks);
            tokio::spawn(async move {
                let _guard = locks.lock("s", "a").await;
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiter.is_finished(), "the same key waits");
        drop(held);
        tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("released")
            .unwrap();
        assert_eq!(locks.len(), 0, "no entry is left behind");
        // A waiter that gives up leaves nothing behind either.
        let held = locks.lock("s", "c").await;
        let gave_up = tokio::time::timeout(Duration::from_millis(20), locks.lock("s", "c")).await;
        assert!(gave_up.is_err());
        drop(held);
        assert_eq!(locks.len(), 0);
    }
}
