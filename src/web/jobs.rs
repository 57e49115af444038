//! The result store: each request's own temporary folder (its uploads, then its
//! results) under one root folder of the server, reachable only through an
//! unguessable id (128 random bits as hex), for a limited time, then deleted.
//!
//! A job is created when its upload starts and holds the folder for its whole
//! life: dropping the job deletes the folder. The root folder itself is deleted
//! when the server stops (Ctrl-C or SIGTERM).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::messages::Lang;

/// 128 random bits as 32 lowercase hex digits, from the operating system's generator.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random generator");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `text` has the shape of an id (looked at before any lookup).
pub fn is_id(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A file a finished job offers for download.
#[derive(Debug, Clone)]
pub struct Download {
    /// Its key in the link: `/r/{id}/{key}` (ASCII, chosen by the server).
    pub key: &'static str,
    /// The name the browser saves it under (Chinese: 结果.xlsx).
    pub name: String,
    /// Where it is, inside the job's folder.
    pub path: PathBuf,
    pub mime: &'static str,
}

/// What a job shows once done: its page's body (already escaped) and its downloads.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub title: String,
    pub html: String,
    pub downloads: Vec<Download>,
}

/// One request's work: its folder, its language, how far it is, its outcome.
pub struct Job {
    pub id: String,
    folder: tempfile::TempDir,
    created: Instant,
    pub lang: Lang,
    /// Files read so far, and to read (0 until known): the page shows them.
    pub done: AtomicUsize,
    pub total: AtomicUsize,
    outcome: Mutex<Option<Outcome>>,
}

impl Job {
    /// The job's own folder: uploads and results, nothing else.
    pub fn folder(&self) -> &Path {
        self.folder.path()
    }

    pub fn finish(&self, outcome: Outcome) {
        *self.outcome.lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome);
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

/// Every live job, by id, under the server's root folder.
pub struct Store {
    root: PathBuf,
    jobs: Mutex<HashMap<String, Arc<Job>>>,
    /// How long a job's results stay reachable.
    pub ttl: Duration,
}

impl Store {
    /// A store whose jobs live in folders under `root` (which must exist).
    pub fn new(root: PathBuf, ttl: Duration) -> Store {
        Store {
            root,
            jobs: Mutex::new(HashMap::new()),
            ttl,
        }
    }

    /// A new job with its own empty folder (created exclusively, unpredictable name).
    pub fn create(&self, lang: Lang) -> Result<Arc<Job>> {
        let folder = tempfile::Builder::new()
            .prefix("job-")
            .tempdir_in(&self.root)
            .with_context(|| format!("creating a folder in {}", self.root.display()))?;
        let job = Arc::new(Job {
            id: random_id(),
            folder,
            created: Instant::now(),
            lang,
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            outcome: Mutex::new(None),
        });
        self.lock().insert(job.id.clone(), job.clone());
        Ok(job)
    }

    /// The job of `id`, unless it has expired (then it is removed now).
    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        if !is_id(id) {
            return None;
        }
        let mut jobs = self.lock();
        let job = jobs.get(id)?.clone();
        if job.created.elapsed() >= self.ttl {
            jobs.remove(id);
            return None;
        }
        Some(job)
    }

    /// Forgets a job (its folder goes when the last user of it is done).
    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Removes every expired job: its folder is deleted once no request still uses it.
    pub fn sweep(&self) -> usize {
        let mut jobs = self.lock();
        let before = jobs.len();
        jobs.retain(|_, job| job.created.elapsed() < self.ttl);
        before - jobs.len()
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Job>>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_128_random_bits_in_hex() {
        let (a, b) = (random_id(), random_id());
        assert!(is_id(&a) && is_id(&b));
        assert_ne!(a, b);
        assert!(!is_id("../../etc/passwd"));
        assert!(!is_id(&a.to_uppercase()));
    }

    #[test]
    fn an_expired_job_is_gone_with_its_folder() {
        let root = tempfile::tempdir().unwrap();
        let store = Store::new(root.path().to_path_buf(), Duration::from_millis(50));
        let job = store.create(Lang::Zh).unwrap();
        let folder = job.folder().to_path_buf();
        let id = job.id.clone();
        drop(job);
        assert!(store.get(&id).is_some());
        std::thread::sleep(Duration::from_millis(60));
        assert!(store.get(&id).is_none());
        assert!(!folder.exists());
        assert_eq!(store.sweep(), 0);
    }
}
