//! The file watcher behind `native.Watcher`: plain Rust, no napi.
//!
//! Like TypeScript's watch-the-parent-directory strategy, each registered file's *directory* is
//! watched non-recursively (one OS watch per directory, reference counted), and events are
//! filtered to the registered paths. Watching the directory rather than the file's inode is what
//! makes editors that save by writing a temporary file and renaming it over the original work.
//!
//! Events are batched: the first relevant event opens a window of `batch` (default 5ms); every
//! registered path touched before the window closes is delivered in one call, once. A path whose
//! file does not exist when the window closes (deleted, or renamed away mid-save) is not
//! delivered; it is delivered when the file comes back (the create/rename-to event re-arms it).
//! Nothing is lost: events that arrive while a delivery runs open the next window.

use std::collections::{BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

/// Options of a [`FileWatcher`].
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// How long to collect events after the first one before delivering them.
    pub batch: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        Self {
            batch: Duration::from_millis(5),
        }
    }
}

/// The callback receiving each batch: distinct paths, in sorted order, never empty.
pub type OnChange = Box<dyn FnMut(Vec<PathBuf>) + Send + 'static>;

/// Errors from registering a path.
#[derive(Debug)]
pub enum WatchError {
    /// The path has no parent directory (`/`) or is not absolute.
    InvalidPath(PathBuf),
    /// The watcher was closed.
    Closed,
    /// The OS refused the watch (directory missing, watch limit reached, ...).
    Notify(notify::Error),
}

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WatchError::InvalidPath(path) => {
                write!(
                    f,
                    "cannot watch '{}': not an absolute file path",
                    path.display()
                )
            }
            WatchError::Closed => write!(f, "the watcher is closed"),
            WatchError::Notify(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for WatchError {}

enum Message {
    Event(notify::Result<notify::Event>),
    Close,
}

#[derive(Default)]
struct Registry {
    /// Registered files, each with how many times it was registered.
    files: HashMap<PathBuf, usize>,
    /// Watched directories, each with how many registered files it holds.
    directories: HashMap<PathBuf, usize>,
}

struct Inner {
    registry: Registry,
    /// `None` once closed.
    os: Option<RecommendedWatcher>,
}

/// Watches individual files through their parent directories; see the module docs.
pub struct FileWatcher {
    inner: Arc<Mutex<Inner>>,
    sender: Sender<Message>,
    thread: Option<JoinHandle<()>>,
}

fn lock(inner: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    // A panic while holding the lock leaves plain data behind; keep going.
    inner
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether an event of this kind can mean the file's content (or existence) changed. Opening or
/// reading a file (which dynohot itself does when it reloads) must not count.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

impl FileWatcher {
    /// Starts the OS watcher and the batching thread. `on_change` runs on the batching thread.
    pub fn new(options: WatchOptions, on_change: OnChange) -> Result<Self, WatchError> {
        let (sender, receiver) = mpsc::channel();
        let event_sender = sender.clone();
        let os = notify::recommended_watcher(move |event| {
            // The receiver is gone once the watcher is closed; nothing to do then.
            let _ = event_sender.send(Message::Event(event));
        })
        .map_err(WatchError::Notify)?;
        let inner = Arc::new(Mutex::new(Inner {
            registry: Registry::default(),
            os: Some(os),
        }));
        let thread_inner = Arc::clone(&inner);
        let thread = std::thread::Builder::new()
            .name("dynohot-watch".into())
            .spawn(move || batch_loop(receiver, thread_inner, options.batch, on_change))
            .map_err(|error| WatchError::Notify(notify::Error::io(error)))?;
        Ok(Self {
            inner,
            sender,
            thread: Some(thread),
        })
    }

    /// Registers a file. Registering the same path twice needs two `unwatch` calls.
    pub fn watch(&self, path: &Path) -> Result<(), WatchError> {
        let directory = parent_of(path)?;
        let mut inner = lock(&self.inner);
        let Inner { registry, os } = &mut *inner;
        let os = os.as_mut().ok_or(WatchError::Closed)?;
        if let Some(count) = registry.files.get_mut(path) {
            *count += 1;
            return Ok(());
        }
        if !registry.directories.contains_key(&directory) {
            os.watch(&directory, RecursiveMode::NonRecursive)
                .map_err(WatchError::Notify)?;
        }
        *registry.directories.entry(directory).or_insert(0) += 1;
        registry.files.insert(path.to_path_buf(), 1);
        Ok(())
    }

    /// Unregisters a file; its directory stops being watched with its last file. Unknown paths
    /// are ignored.
    pub fn unwatch(&self, path: &Path) -> Result<(), WatchError> {
        let directory = parent_of(path)?;
        let mut inner = lock(&self.inner);
        let Inner { registry, os } = &mut *inner;
        let Some(count) = registry.files.get_mut(path) else {
            return Ok(());
        };
        *count -= 1;
        if *count > 0 {
            return Ok(());
        }
        registry.files.remove(path);
        let remaining = registry.directories.get_mut(&directory).map(|count| {
            *count -= 1;
            *count
        });
        if remaining == Some(0) {
            registry.directories.remove(&directory);
            if let Some(os) = os.as_mut() {
                // The directory may be gone already, which removed the OS watch with it.
                let _ = os.unwatch(&directory);
            }
        }
        Ok(())
    }

    /// The registered paths, sorted (for tests and diagnostics).
    pub fn watched(&self) -> Vec<PathBuf> {
        let inner = lock(&self.inner);
        let mut paths: Vec<_> = inner.registry.files.keys().cloned().collect();
        paths.sort();
        paths
    }

    /// Stops watching and ends the batching thread; pending events are dropped. Idempotent.
    pub fn close(&mut self) {
        let os = lock(&self.inner).os.take();
        drop(os);
        let _ = self.sender.send(Message::Close);
        if let Some(thread) = self.thread.take() {
            // The thread never blocks for long (at most one batch window plus one callback), and
            // the callback never waits for the thread that closes it.
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

impl Drop for FileWatcher {
    fn drop(&mut self) {
        self.close();
    }
}

fn parent_of(path: &Path) -> Result<PathBuf, WatchError> {
    if !path.is_absolute() {
        return Err(WatchError::InvalidPath(path.to_path_buf()));
    }
    path.parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .ok_or_else(|| WatchError::InvalidPath(path.to_path_buf()))
}

/// Adds the registered paths an event concerns to `pending`. Returns false for `Close`.
fn collect(message: Message, inner: &Mutex<Inner>, pending: &mut BTreeSet<PathBuf>) -> bool {
    let event = match message {
        Message::Close => return false,
        Message::Event(event) => event,
    };
    let inner = lock(inner);
    let files = &inner.registry.files;
    match event {
        Ok(event) if event.need_rescan() => {
            // The OS dropped events (queue overflow): every file may have changed.
            pending.extend(files.keys().cloned());
        }
        Ok(event) if is_change(&event.kind) => {
            pending.extend(
                event
                    .paths
                    .into_iter()
                    .filter(|path| files.contains_key(path)),
            );
        }
        Ok(_) => {}
        // An error without paths cannot be attributed; one with paths is treated as a change so
        // the file is re-checked rather than silently forgotten.
        Err(error) => {
            pending.extend(
                error
                    .paths
                    .into_iter()
                    .filter(|path| files.contains_key(path)),
            );
        }
    }
    true
}

fn batch_loop(
    receiver: Receiver<Message>,
    inner: Arc<Mutex<Inner>>,
    batch: Duration,
    mut on_change: OnChange,
) {
    let mut pending = BTreeSet::new();
    loop {
        // Wait for the first event of a batch.
        let Ok(first) = receiver.recv() else { return };
        if !collect(first, &inner, &mut pending) {
            return;
        }
        if pending.is_empty() {
            continue;
        }
        // Collect the rest of the window.
        let deadline = Instant::now() + batch;
        loop {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            match receiver.recv_timeout(deadline - now) {
                Ok(message) => {
                    if !collect(message, &inner, &mut pending) {
                        return;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // Deliver the paths that exist now and are still registered; a missing file is
        // delivered when an event says it is back.
        let paths: Vec<PathBuf> = {
            let inner = lock(&inner);
            std::mem::take(&mut pending)
                .into_iter()
                .filter(|path| inner.registry.files.contains_key(path) && path.exists())
                .collect()
        };
        if paths.is_empty() {
            continue;
        }
        // A panic in the callback must not end the watcher (or the process).
        let _ = catch_unwind(AssertUnwindSafe(|| on_change(paths)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::sync::mpsc::Receiver;

    /// A fresh directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> Self {
            let unique = format!(
                "dynohot-watch-{name}-{}-{:?}",
                std::process::id(),
                Instant::now()
            );
            let unique: String = unique
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let dir = std::env::temp_dir().join(unique);
            fs::create_dir_all(&dir).unwrap();
            // Canonical, so paths compare equal with what the OS reports (macOS /private/var).
            Self(dir.canonicalize().unwrap())
        }

        fn file(&self, name: &str, content: &str) -> PathBuf {
            let path = self.0.join(name);
            fs::write(&path, content).unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn watcher(batch_ms: u64) -> (FileWatcher, Receiver<Vec<PathBuf>>) {
        let (sender, receiver) = mpsc::channel();
        let watcher = FileWatcher::new(
            WatchOptions {
                batch: Duration::from_millis(batch_ms),
            },
            Box::new(move |paths| {
                let _ = sender.send(paths);
            }),
        )
        .unwrap();
        (watcher, receiver)
    }

    const WAIT: Duration = Duration::from_secs(5);

    /// Every batch received until `quiet` passes without one.
    fn drain(receiver: &Receiver<Vec<PathBuf>>, quiet: Duration) -> Vec<Vec<PathBuf>> {
        let mut batches = Vec::new();
        while let Ok(batch) = receiver.recv_timeout(quiet) {
            batches.push(batch);
        }
        batches
    }

    fn next(receiver: &Receiver<Vec<PathBuf>>) -> Vec<PathBuf> {
        receiver
            .recv_timeout(WAIT)
            .expect("no change was delivered")
    }

    #[test]
    fn in_place_write_is_delivered_once() {
        let dir = TempDir::new("write");
        let a = dir.file("a.js", "1");
        let (watcher, changes) = watcher(50);
        watcher.watch(&a).unwrap();
        fs::write(&a, "2").unwrap();
        assert_eq!(next(&changes), vec![a.clone()]);
        assert!(drain(&changes, Duration::from_millis(200)).is_empty());
    }

    #[test]
    fn unregistered_siblings_and_reads_are_ignored() {
        let dir = TempDir::new("siblings");
        let a = dir.file("a.js", "1");
        let (watcher, changes) = watcher(5);
        watcher.watch(&a).unwrap();
        dir.file("b.js", "other");
        fs::read_to_string(&a).unwrap();
        assert!(drain(&changes, Duration::from_millis(200)).is_empty());
    }

    #[test]
    fn rename_over_is_delivered() {
        let dir = TempDir::new("rename");
        let a = dir.file("a.js", "1");
        let (watcher, changes) = watcher(5);
        watcher.watch(&a).unwrap();
        let temp = dir.file(".a.js.swp", "2");
        fs::rename(&temp, &a).unwrap();
        assert_eq!(next(&changes), vec![a.clone()]);
        assert_eq!(fs::read_to_string(&a).unwrap(), "2");
    }

    #[test]
    fn delete_is_reported_when_the_file_comes_back() {
        let dir = TempDir::new("delete");
        let a = dir.file("a.js", "1");
        let (watcher, changes) = watcher(5);
        watcher.watch(&a).unwrap();
        fs::remove_file(&a).unwrap();
        assert!(drain(&changes, Duration::from_millis(200)).is_empty());
        fs::write(&a, "2").unwrap();
        assert_eq!(next(&changes), vec![a.clone()]);
    }

    #[test]
    fn touch_is_delivered() {
        let dir = TempDir::new("touch");
        let a = dir.file("a.js", "1");
        let (watcher, changes) = watcher(5);
        watcher.watch(&a).unwrap();
        let file = fs::File::options().write(true).open(&a).unwrap();
        file.set_modified(std::time::SystemTime::now() + Duration::from_secs(1))
            .unwrap();
        drop(file);
        assert_eq!(next(&changes), vec![a.clone()]);
    }

    #[test]
    fn many_files_at_once_are_one_batch() {
        let dir = TempDir::new("many");
        let files: Vec<_> = (0..30)
            .map(|i| dir.file(&format!("m{i}.js"), "1"))
            .collect();
        let (watcher, changes) = watcher(100);
        for file in &files {
            watcher.watch(file).unwrap();
        }
        for file in &files {
            fs::write(file, "2").unwrap();
        }
        let mut delivered: BTreeSet<PathBuf> = BTreeSet::new();
        let first = next(&changes);
        delivered.extend(first.iter().cloned());
        for batch in drain(&changes, Duration::from_millis(300)) {
            delivered.extend(batch);
        }
        assert_eq!(delivered, files.iter().cloned().collect::<BTreeSet<_>>());
        assert_eq!(
            first.len(),
            files.len(),
            "one batch for a burst within the window"
        );
    }

    #[test]
    fn rapid_saves_are_never_lost() {
        let dir = TempDir::new("rapid");
        let a = dir.file("a.js", "0");
        let (watcher, changes) = watcher(5);
        watcher.watch(&a).unwrap();
        for i in 1..=20 {
            fs::write(&a, i.to_string()).unwrap();
            std::thread::sleep(Duration::from_millis(3));
        }
        let batches = drain(&changes, Duration::from_millis(300));
        assert!(!batches.is_empty());
        assert!(batches.iter().all(|batch| batch == &vec![a.clone()]));
        // The last delivery happened after the last write, so a reader sees the last content.
        assert_eq!(fs::read_to_string(&a).unwrap(), "20");
    }

    #[test]
    fn unwatch_stops_delivery_and_rewatch_resumes() {
        let dir = TempDir::new("unwatch");
        let a = dir.file("a.js", "1");
        let b = dir.file("b.js", "1");
        let (watcher, changes) = watcher(5);
        watcher.watch(&a).unwrap();
        watcher.watch(&b).unwrap();
        watcher.unwatch(&a).unwrap();
        assert_eq!(watcher.watched(), vec![b.clone()]);
        fs::write(&a, "2").unwrap();
        fs::write(&b, "2").unwrap();
        assert_eq!(next(&changes), vec![b.clone()]);
        watcher.unwatch(&b).unwrap();
        watcher.watch(&a).unwrap();
        fs::write(&a, "3").unwrap();
        assert_eq!(next(&changes), vec![a.clone()]);
    }

    #[test]
    fn a_panicking_callback_does_not_stop_the_watcher() {
        let dir = TempDir::new("panic");
        let a = dir.file("a.js", "1");
        let (sender, changes) = mpsc::channel();
        let mut calls = 0;
        let watcher = FileWatcher::new(
            WatchOptions::default(),
            Box::new(move |paths| {
                calls += 1;
                if calls == 1 {
                    panic!("first delivery panics");
                }
                let _ = sender.send(paths);
            }),
        )
        .unwrap();
        watcher.watch(&a).unwrap();
        fs::write(&a, "2").unwrap();
        std::thread::sleep(Duration::from_millis(100));
        fs::write(&a, "3").unwrap();
        assert_eq!(next(&changes), vec![a.clone()]);
    }

    #[test]
    fn close_is_idempotent_and_rejects_new_paths() {
        let dir = TempDir::new("close");
        let a = dir.file("a.js", "1");
        let (mut watcher, changes) = watcher(5);
        watcher.watch(&a).unwrap();
        watcher.close();
        watcher.close();
        assert!(matches!(watcher.watch(&a), Err(WatchError::Closed)));
        fs::write(&a, "2").unwrap();
        assert!(drain(&changes, Duration::from_millis(100)).is_empty());
    }

    #[test]
    fn relative_paths_are_rejected() {
        let (watcher, _changes) = watcher(5);
        assert!(matches!(
            watcher.watch(Path::new("a.js")),
            Err(WatchError::InvalidPath(_))
        ));
    }
}
