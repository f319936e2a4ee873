//! A pool of read-only database connections, each query run on a blocking thread under a
//! deadline.
//!
//! Each pool slot holds a [`Store`] (for the store's methods) and a plain read-only SQLite
//! connection (for the store's functions of a connection: filtered search, story siblings,
//! places). A semaphore hands out slots; a request that cannot get one, or whose query
//! outlives the deadline, fails with [`ApiError::timeout`]. Queries on the slot's own
//! connection are interrupted at the deadline by SQLite's progress handler; the store's
//! methods cannot be interrupted from outside the store, so a slow one keeps its slot until it
//! ends, which bounds how many can run at once.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use sitrep_store::query::ArmsDeal;
use sitrep_store::{ArmsFilter, Store};
use tokio::sync::Semaphore;

use crate::api::ApiError;
use crate::Error;

/// One pool slot: the store and the server's own connection to the same file.
pub struct Slot {
    /// The store, opened read-only.
    pub store: Store,
    /// A read-only connection for the server's own queries.
    pub conn: Connection,
    /// Recent arms registers, valid while the database is unchanged.
    pub arms_cache: ArmsCache,
}

/// The arms register is merged in memory from every report, which takes seconds on a large
/// corpus; this keeps the last few merged registers per connection, keyed by filter, and drops
/// them all when another process commits to the database (`PRAGMA data_version`, which is only
/// comparable on one connection, hence one cache per slot).
#[derive(Default)]
pub struct ArmsCache {
    version: i64,
    entries: Vec<(ArmsKey, Arc<Vec<ArmsDeal>>)>,
}

/// Supplier, recipient, system, status.
type ArmsKey = [Option<String>; 4];

/// Registers kept per connection.
const ARMS_CACHE_ENTRIES: usize = 8;

impl Slot {
    /// The arms register for `filter`, from the cache when the database is unchanged.
    pub fn arms(&mut self, filter: &ArmsFilter) -> Result<Arc<Vec<ArmsDeal>>, ApiError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let cache = &mut self.arms_cache;
        if cache.version != version {
            cache.entries.clear();
            cache.version = version;
        }
        let key: ArmsKey = [
            filter.supplier.clone(),
            filter.recipient.clone(),
            filter.system.clone(),
            filter.status.clone(),
        ];
        if let Some((_, deals)) = cache.entries.iter().find(|(k, _)| *k == key) {
            return Ok(deals.clone());
        }
        let deals = Arc::new(self.store.arms(filter)?);
        let cache = &mut self.arms_cache;
        if cache.entries.len() >= ARMS_CACHE_ENTRIES {
            cache.entries.remove(0);
        }
        cache.entries.push((key, deals.clone()));
        Ok(deals)
    }
}

impl Slot {
    /// Makes the server's own queries stop at `deadline`.
    fn arm(&mut self, deadline: Instant) -> rusqlite::Result<()> {
        self.conn
            .progress_handler(100, Some(move || Instant::now() >= deadline))
    }
}

/// The pool.
pub struct Database {
    idle: Arc<Mutex<Vec<Slot>>>,
    permits: Arc<Semaphore>,
    timeout: Duration,
}

impl Database {
    /// Opens `connections` read-only slots on the file at `path`.
    pub fn open(path: &Path, connections: usize, timeout: Duration) -> Result<Database, Error> {
        let connections = connections.max(1);
        let mut slots = Vec::with_capacity(connections);
        for _ in 0..connections {
            let store = Store::open_read_only(path)?;
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let open = || -> rusqlite::Result<Connection> {
                let conn = Connection::open_with_flags(path, flags)?;
                conn.busy_timeout(Duration::from_secs(2))?;
                // Belt and braces: even a bug cannot write through this connection.
                conn.pragma_update(None, "query_only", true)?;
                Ok(conn)
            };
            let conn = open().map_err(|source| Error::Open {
                path: path.to_path_buf(),
                source,
            })?;
            slots.push(Slot {
                store,
                conn,
                arms_cache: ArmsCache::default(),
            });
        }
        Ok(Database {
            idle: Arc::new(Mutex::new(slots)),
            permits: Arc::new(Semaphore::new(connections)),
            timeout,
        })
    }

    /// The per-request deadline.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Runs `query` on a free slot, giving up with `503` when the deadline passes.
    pub async fn run<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Slot) -> Result<T, ApiError> + Send + 'static,
    {
        let deadline = Instant::now() + self.timeout;
        let idle = self.idle.clone();
        let permits = self.permits.clone();
        let work = async move {
            let permit = permits
                .acquire_owned()
                .await
                .map_err(|_| ApiError::internal("the database pool is closed"))?;
            let task = tokio::task::spawn_blocking(move || {
                let mut slot = idle
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .pop()
                    .ok_or_else(|| ApiError::internal("no free database connection"))?;
                let out = slot
                    .arm(deadline)
                    .map_err(ApiError::from)
                    .and_then(|()| query(&mut slot));
                idle.lock().unwrap_or_else(|e| e.into_inner()).push(slot);
                drop(permit);
                out
            });
            task.await
                .map_err(|_| ApiError::internal("the query failed"))?
        };
        match tokio::time::timeout_at(deadline.into(), work).await {
            Ok(out) => out,
            Err(_) => Err(ApiError::timeout(self.timeout)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn armed_connection_stops_at_the_deadline() {
        let mut slot_conn = Connection::open_in_memory().unwrap();
        slot_conn.progress_handler(100, Some(|| true)).unwrap();
        let err = slot_conn
            .query_row(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
                 SELECT count(*) FROM n",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap_err();
        let api = ApiError::from(err);
        assert_eq!(api.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
    }
}
