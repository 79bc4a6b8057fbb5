//! The file watcher behind `native.Watcher`: plain Rust, no napi.
//!
//! Like TypeScript's watch-the-parent-directory strategy, each registered file's *directory* is
//! watched non-recursively (one OS watch per directory, reference counted), and events are
//! filtered to the registered paths. Watching the directory rather than the file's inode is what
//! makes editors that save by writing a temporary file and renaming it over the original work.
//! A watched directory that is deleted or renamed away (`rm -rf src && cp -r`, a `git checkout`)
//! is looked for from its nearest existing ancestor, and watched again when it comes back; its
//! registered files that exist then are checked as if they had changed.
//!
//! Batching adapts to how events arrive. A window opens at the first event for a registered file
//! and closes after a quiet period without events: `batch` (5ms) for a lone save, growing with
//! the age of the burst (a burst that has gone on for 20ms tolerates a 20ms pause, up to
//! `burst_quiet`), and at least four times `batch` once a burst touches a second file. A window
//! is bounded by `max_wait` while events keep arriving. So one save is delivered ~5ms after it,
//! five saves 10ms apart are two deliveries (the first save, which cannot be told from a lone
//! one, then the rest), and a checkout rewriting 200 files over 100ms is one.
//!
//! A file is delivered only once it looks stable, so that a read of it never sees a save half
//! done: it has not changed since its last event (checked by a stat at the window's close, the
//! quiet period being the settle time), no writer still has it open (Linux reports each writer's
//! close), and it did not become empty or disappear while it had content (an editor that
//! truncates and writes back 3-20ms later, or deletes and re-creates). Such a file holds the whole
//! batch back (the other files of a burst belong with it) for at most `settle` (200ms) per file;
//! after that it is delivered as it is (an empty file) or dropped (a deleted one: it is delivered
//! when it comes back). A file that cannot be read (a symbolic link to a missing file, a
//! directory, no permission) is reported in the batch rather than delivered.
//!
//! Nothing is lost: events that arrive while a delivery runs open the next window, and each
//! delivered file carries the [`Stamp`] it was checked at, so a reader can tell whether it read
//! those bytes or a later (maybe half-written) state that the next batch will deliver again.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::event::{
    AccessKind, AccessMode, CreateKind, EventKind, MetadataKind, ModifyKind, RenameMode,
};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

/// Options of a [`FileWatcher`].
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The quiet period that closes the window of a lone save.
    pub batch: Duration,
    /// The longest quiet period a burst grows to.
    pub burst_quiet: Duration,
    /// The longest a window stays open while events keep arriving.
    pub max_wait: Duration,
    /// The longest one file that looks mid-write (emptied, deleted, still open for writing,
    /// still changing) holds its batch back.
    pub settle: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        Self {
            batch: Duration::from_millis(5),
            burst_quiet: Duration::from_millis(50),
            max_wait: Duration::from_millis(300),
            settle: Duration::from_millis(200),
        }
    }
}

/// What identifies one state of a file's bytes without reading them: length, modification time
/// (nanoseconds since the epoch) and inode (0 where the platform has none). Displayed as
/// `len:mtimeNs:ino`, which is what `fs.statSync(path, { bigint: true })` gives as
/// `` `${size}:${mtimeNs}:${ino}` `` (with `0` for the inode on Windows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub mtime_ns: i128,
    pub ino: u64,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                len: meta.size(),
                mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |duration| duration.as_nanos() as i128);
            Stamp {
                len: meta.len(),
                mtime_ns,
                ino: 0,
            }
        }
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.len, self.mtime_ns, self.ino)
    }
}

/// A registered file that changed but cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub path: PathBuf,
    /// Node's error code for it: `ENOENT`, `EISDIR`, `EACCES`, ...
    pub code: String,
    /// What the path is, in words: "a symbolic link to a missing file", "a directory", ...
    pub reason: String,
}

/// One delivery.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The files that changed, sorted, each with the stamp it was found stable at.
    pub changed: Vec<(PathBuf, Stamp)>,
    /// The files that changed into something that cannot be read.
    pub unreadable: Vec<Unreadable>,
}

/// The callback receiving each batch; never called with an empty batch.
pub type OnChange = Box<dyn FnMut(Batch) + Send + 'static>;

/// Errors from registering a path.
#[derive(Debug)]
pub enum WatchError {
    /// The path has no parent directory (`/`) or is not absolute.
    InvalidPath(PathBuf),
    /// The watcher was closed.
    Closed,
    /// The OS refused the watch (watch limit reached, permission, ...).
    Notify(notify::Error),
}

impl fmt::Display for WatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
    /// Registered files to check without an event saying they changed (their directory came back).
    Rescan(Vec<PathBuf>),
    Close,
}

struct FileEntry {
    /// How many times the path was registered.
    count: usize,
    /// The file as it was last delivered (or registered); `None` while it did not exist.
    baseline: Option<Stamp>,
}

/// A directory's identity (device and inode), to tell when the path names another directory.
type DirId = Option<(u64, u64)>;

fn dir_id(path: &Path) -> DirId {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path)
            .ok()
            .filter(fs::Metadata::is_dir)
            .map(|meta| (meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        path.is_dir().then_some((0, 0))
    }
}

enum DirState {
    /// Watched by its own OS watch, on the directory with this identity.
    Watched { id: DirId },
    /// Gone: looked for through an OS watch on its nearest existing ancestor (when there is one).
    Lost { anchor: Option<PathBuf> },
}

struct DirEntry {
    /// How many registered files it holds.
    files: usize,
    state: DirState,
}

#[derive(Default)]
struct Registry {
    files: HashMap<PathBuf, FileEntry>,
    directories: HashMap<PathBuf, DirEntry>,
    /// OS watches, each with how many reasons it has: a watched directory of registered files,
    /// and each lost directory anchored there.
    os_watches: HashMap<PathBuf, usize>,
}

struct Inner {
    registry: Registry,
    /// `None` once closed.
    os: Option<RecommendedWatcher>,
}

impl Inner {
    fn os_acquire(&mut self, directory: &Path) -> Result<(), WatchError> {
        if let Some(count) = self.registry.os_watches.get_mut(directory) {
            *count += 1;
            return Ok(());
        }
        let os = self.os.as_mut().ok_or(WatchError::Closed)?;
        os.watch(directory, RecursiveMode::NonRecursive)
            .map_err(WatchError::Notify)?;
        self.registry.os_watches.insert(directory.to_path_buf(), 1);
        Ok(())
    }

    fn os_release(&mut self, directory: &Path) {
        let Some(count) = self.registry.os_watches.get_mut(directory) else {
            return;
        };
        *count -= 1;
        if *count == 0 {
            self.registry.os_watches.remove(directory);
            if let Some(os) = self.os.as_mut() {
                // The directory may be gone already, which removed the OS watch with it.
                let _ = os.unwatch(directory);
            }
        }
    }

    /// The OS watch on `directory` no longer reports what is at that path (the directory was
    /// deleted or renamed away): drop it, and look for every directory that relied on it.
    /// Returns the registered files to check.
    fn watch_died(&mut self, directory: &Path) -> Vec<PathBuf> {
        if self.registry.os_watches.remove(directory).is_none() {
            return Vec::new();
        }
        if let Some(os) = self.os.as_mut() {
            // A renamed directory's watch still reports, under the old name: remove it.
            let _ = os.unwatch(directory);
        }
        for (path, entry) in &mut self.registry.directories {
            match &entry.state {
                DirState::Watched { .. } if path == directory => {
                    entry.state = DirState::Lost { anchor: None };
                }
                DirState::Lost {
                    anchor: Some(anchor),
                } if anchor == directory => {
                    entry.state = DirState::Lost { anchor: None };
                }
                _ => {}
            }
        }
        self.resolve()
    }

    /// Re-watches every lost directory that exists again, and anchors the others on their
    /// nearest existing ancestor. The anchor is watched *before* its child is looked for, so a
    /// child created meanwhile is either seen here or reported by the anchor. Returns the
    /// registered files of the directories watched again.
    fn resolve(&mut self) -> Vec<PathBuf> {
        let lost: Vec<PathBuf> = self
            .registry
            .directories
            .iter()
            .filter(|(_, entry)| matches!(entry.state, DirState::Lost { .. }))
            .map(|(path, _)| path.clone())
            .collect();
        let mut found = Vec::new();
        for directory in lost {
            // Bounded by the depth of the path: each round moves the anchor one step down.
            for _ in 0..=directory.components().count() {
                let anchor = match &self.registry.directories[&directory].state {
                    DirState::Lost { anchor } => anchor.clone(),
                    DirState::Watched { .. } => None,
                };
                if directory.is_dir() && self.os_acquire(&directory).is_ok() {
                    if let Some(anchor) = anchor {
                        self.os_release(&anchor);
                    }
                    if let Some(entry) = self.registry.directories.get_mut(&directory) {
                        entry.state = DirState::Watched {
                            id: dir_id(&directory),
                        };
                    }
                    found.extend(
                        self.registry
                            .files
                            .keys()
                            .filter(|file| file.parent() == Some(directory.as_path()))
                            .cloned(),
                    );
                    break;
                }
                let Some(ancestor) = directory.ancestors().skip(1).find(|path| path.is_dir())
                else {
                    break;
                };
                if anchor.as_deref() != Some(ancestor) {
                    if self.os_acquire(ancestor).is_err() {
                        break;
                    }
                    if let Some(anchor) = anchor {
                        self.os_release(&anchor);
                    }
                    if let Some(entry) = self.registry.directories.get_mut(&directory) {
                        entry.state = DirState::Lost {
                            anchor: Some(ancestor.to_path_buf()),
                        };
                    }
                }
                // Did the next step down appear before the anchor's watch was in place?
                let next = directory
                    .ancestors()
                    .take_while(|path| *path != ancestor)
                    .last();
                if !next.is_some_and(Path::is_dir) {
                    break;
                }
            }
        }
        found
    }

    /// Checks that each watched directory (of `only`, or all) is still the one watched: a
    /// directory whose ancestor was renamed away keeps its OS watch on the moved directory, with
    /// no event at its own path. Also looks for lost directories again (a safety net for an
    /// event the OS dropped). Returns the registered files to check.
    fn verify(&mut self, only: Option<&[PathBuf]>) -> Vec<PathBuf> {
        let moved: Vec<PathBuf> = self
            .registry
            .directories
            .iter()
            .filter(|(path, _)| only.is_none_or(|only| only.contains(path)))
            .filter_map(|(path, entry)| match entry.state {
                DirState::Watched { id } if dir_id(path) != id => Some(path.clone()),
                _ => None,
            })
            .collect();
        let mut found = Vec::new();
        for directory in moved {
            found.extend(self.watch_died(&directory));
        }
        if only.is_none()
            && self
                .registry
                .directories
                .values()
                .any(|entry| matches!(entry.state, DirState::Lost { .. }))
        {
            found.extend(self.resolve());
        }
        found
    }
}

/// How often an idle watcher checks that its directories are still the ones watched.
const VERIFY_EVERY: Duration = Duration::from_secs(1);

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

/// Whether the event says the path stopped being what was there (deleted, renamed away).
fn is_departure(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From))
    )
}

/// Whether the event says something appeared at the path.
fn is_arrival(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Modify(ModifyKind::Name(
                RenameMode::To | RenameMode::Both | RenameMode::Any
            ))
    )
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
            .spawn(move || Batcher::new(options, thread_inner, on_change).run(receiver))
            .map_err(|error| WatchError::Notify(notify::Error::io(error)))?;
        Ok(Self {
            inner,
            sender,
            thread: Some(thread),
        })
    }

    /// Registers a file. Registering the same path twice needs two `unwatch` calls. A file whose
    /// directory does not exist (yet) is watched for from the nearest existing ancestor.
    pub fn watch(&self, path: &Path) -> Result<(), WatchError> {
        let directory = parent_of(path)?;
        let baseline = fs::metadata(path).ok().map(|meta| Stamp::of(&meta));
        let mut inner = lock(&self.inner);
        if inner.os.is_none() {
            return Err(WatchError::Closed);
        }
        if let Some(entry) = inner.registry.files.get_mut(path) {
            entry.count += 1;
            return Ok(());
        }
        let mut found = Vec::new();
        if let Some(entry) = inner.registry.directories.get_mut(&directory) {
            entry.files += 1;
        } else {
            let state = match inner.os_acquire(&directory) {
                Ok(()) => DirState::Watched {
                    id: dir_id(&directory),
                },
                Err(_) if !directory.is_dir() => DirState::Lost { anchor: None },
                Err(error) => return Err(error),
            };
            let lost = matches!(state, DirState::Lost { .. });
            inner
                .registry
                .directories
                .insert(directory, DirEntry { files: 1, state });
            if lost {
                found = inner.resolve();
            }
        }
        inner
            .registry
            .files
            .insert(path.to_path_buf(), FileEntry { count: 1, baseline });
        drop(inner);
        if !found.is_empty() {
            let _ = self.sender.send(Message::Rescan(found));
        }
        Ok(())
    }

    /// Unregisters a file; its directory stops being watched with its last file. Unknown paths
    /// are ignored.
    pub fn unwatch(&self, path: &Path) -> Result<(), WatchError> {
        let directory = parent_of(path)?;
        let mut inner = lock(&self.inner);
        let Some(entry) = inner.registry.files.get_mut(path) else {
            return Ok(());
        };
        entry.count -= 1;
        if entry.count > 0 {
            return Ok(());
        }
        inner.registry.files.remove(path);
        let Some(entry) = inner.registry.directories.get_mut(&directory) else {
            return Ok(());
        };
        entry.files -= 1;
        if entry.files == 0 {
            if let Some(entry) = inner.registry.directories.remove(&directory) {
                match entry.state {
                    DirState::Watched { .. } => inner.os_release(&directory),
                    DirState::Lost {
                        anchor: Some(anchor),
                    } => inner.os_release(&anchor),
                    DirState::Lost { anchor: None } => {}
                }
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

    /// How many OS watches are in place (for tests and diagnostics).
    pub fn os_watch_count(&self) -> usize {
        lock(&self.inner).registry.os_watches.len()
    }

    /// Stops watching and ends the batching thread; pending events are dropped. Idempotent.
    pub fn close(&mut self) {
        let os = lock(&self.inner).os.take();
        drop(os);
        let _ = self.sender.send(Message::Close);
        if let Some(thread) = self.thread.take() {
            // The thread never blocks for long (at most one window plus one callback), and the
            // callback never waits for the thread that closes it.
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

/// What is at a registered path now.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Probe {
    Missing,
    File(Stamp),
    Unreadable { code: String, reason: String },
}

fn unreadable(code: &str, reason: &str) -> Probe {
    Probe::Unreadable {
        code: code.into(),
        reason: reason.into(),
    }
}

fn io_unreadable(error: &io::Error) -> Probe {
    match error.kind() {
        io::ErrorKind::PermissionDenied => unreadable("EACCES", "permission denied"),
        io::ErrorKind::NotFound => unreadable("ENOENT", "no such file or directory"),
        _ => unreadable("EIO", &error.to_string()),
    }
}

fn probe(path: &Path) -> Probe {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => unreadable("EISDIR", "a directory"),
        // Opening tells permissions apart as the reader will see them (ACLs, root, ...). The open
        // and close it causes are access events, which are not changes.
        Ok(meta) => match fs::File::open(path) {
            Ok(_) => Probe::File(Stamp::of(&meta)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Probe::Missing,
            Err(error) => io_unreadable(&error),
        },
        Err(error) if error.kind() == io::ErrorKind::NotFound => match fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                unreadable("ENOENT", "a symbolic link to a missing file")
            }
            _ => Probe::Missing,
        },
        Err(error) => match fs::symlink_metadata(path) {
            Err(inner) if inner.kind() == io::ErrorKind::NotFound => Probe::Missing,
            _ => io_unreadable(&error),
        },
    }
}

/// What is at a path by its metadata alone: cheap enough for every event (no open, which would
/// cause events of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    Missing,
    File(Stamp),
    Other,
}

fn look(path: &Path) -> Look {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => Look::File(Stamp::of(&meta)),
        Ok(_) => Look::Other,
        Err(error) if error.kind() == io::ErrorKind::NotFound => Look::Missing,
        Err(_) => Look::Other,
    }
}

/// A registered file waiting to be delivered.
struct Pending {
    /// An event said it changed (else it is checked after a rescan, and delivered only if it
    /// differs from its baseline).
    evidence: bool,
    /// What it was at its last event (or check): a file that differs at the next check is still
    /// changing.
    seen: Look,
    /// A writer has it open (a write was reported and its close not yet; Linux only).
    open: bool,
    /// When it was first found looking mid-write; it holds the batch until `settle` after that.
    unsettled_since: Option<Instant>,
}

/// The batching thread's state; see the module docs.
struct Batcher {
    options: WatchOptions,
    inner: Arc<Mutex<Inner>>,
    on_change: OnChange,
    pending: BTreeMap<PathBuf, Pending>,
    /// The last event for a registered file, and when the burst it belongs to began.
    last_event: Option<Instant>,
    burst_start: Instant,
    /// Distinct files in the current burst (counted per window, summed over the burst).
    burst_files: usize,
    /// When the open window began.
    window_start: Option<Instant>,
    /// When to check the pending files next.
    next_check: Option<Instant>,
    last_check: Option<Instant>,
}

/// Whether this platform's backend reports a writer closing a file.
const REPORTS_CLOSE: bool = cfg!(any(target_os = "linux", target_os = "android"));

impl Batcher {
    fn new(options: WatchOptions, inner: Arc<Mutex<Inner>>, on_change: OnChange) -> Self {
        Self {
            options,
            inner,
            on_change,
            pending: BTreeMap::new(),
            last_event: None,
            burst_start: Instant::now(),
            burst_files: 0,
            window_start: None,
            next_check: None,
            last_check: None,
        }
    }

    fn run(mut self, receiver: Receiver<Message>) {
        loop {
            let message = match self.next_check {
                None => match receiver.recv_timeout(VERIFY_EVERY) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => {
                        let found = lock(&self.inner).verify(None);
                        if !found.is_empty() {
                            self.add(found, None, true);
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                },
                Some(at) => {
                    let now = Instant::now();
                    match receiver.recv_timeout(at.saturating_duration_since(now)) {
                        Ok(message) => message,
                        Err(RecvTimeoutError::Timeout) => {
                            // Take in what is already queued before deciding: a change already
                            // reported moves the window.
                            match self.drain(&receiver) {
                                Some(true) => continue,
                                Some(false) => {}
                                None => return,
                            }
                            self.check();
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            };
            if !self.handle(message) {
                return;
            }
        }
    }

    /// Handles every queued message. `Some(true)` if one concerned a registered file, `None` on
    /// close.
    fn drain(&mut self, receiver: &Receiver<Message>) -> Option<bool> {
        let before = self.last_event;
        loop {
            match receiver.try_recv() {
                Ok(message) => {
                    if !self.handle(message) {
                        return None;
                    }
                }
                Err(TryRecvError::Empty) => return Some(self.last_event != before),
                Err(TryRecvError::Disconnected) => return None,
            }
        }
    }

    /// Returns false for `Close`.
    fn handle(&mut self, message: Message) -> bool {
        let mut found = Vec::new();
        let (paths, kind) = match message {
            Message::Close => return false,
            Message::Rescan(paths) => {
                self.add(paths, None, true);
                return true;
            }
            Message::Event(Ok(event)) if event.need_rescan() => {
                // The OS dropped events (queue overflow): a directory may have gone, and every
                // file may have changed.
                let mut inner = lock(&self.inner);
                let gone: Vec<PathBuf> = inner
                    .registry
                    .os_watches
                    .keys()
                    .filter(|path| !path.is_dir())
                    .cloned()
                    .collect();
                for directory in gone {
                    inner.watch_died(&directory);
                }
                let all = inner.registry.files.keys().cloned().collect();
                drop(inner);
                self.add(all, None, true);
                return true;
            }
            Message::Event(Ok(event)) => {
                let kind = event.kind;
                let paths = event.paths;
                let mut inner = lock(&self.inner);
                if is_departure(&kind) {
                    if let Some(path) = paths.first() {
                        found = inner.watch_died(path);
                    }
                } else if is_arrival(&kind) {
                    let lost = paths.iter().any(|path| {
                        inner.registry.directories.iter().any(|(directory, entry)| {
                            matches!(entry.state, DirState::Lost { .. })
                                && directory.starts_with(path)
                        })
                    });
                    if lost {
                        found = inner.resolve();
                    }
                }
                (paths, Some(kind))
            }
            // An error without paths cannot be attributed; one with paths is treated as a change
            // so the file is re-checked rather than silently forgotten.
            Message::Event(Err(error)) => (error.paths, None),
        };
        if !found.is_empty() {
            self.add(found, None, true);
        }
        if kind.as_ref().is_none_or(is_change) {
            self.add(paths, kind, false);
        }
        true
    }

    /// Adds the registered ones of `paths` to the pending files: after an event of `kind` (`None`
    /// for an error), or to be checked against their baseline (`rescan`).
    fn add(&mut self, paths: Vec<PathBuf>, kind: Option<EventKind>, rescan: bool) {
        let registered: Vec<PathBuf> = {
            let inner = lock(&self.inner);
            paths
                .into_iter()
                .filter(|path| inner.registry.files.contains_key(path))
                .collect()
        };
        if registered.is_empty() {
            return;
        }
        let now = Instant::now();
        if !rescan {
            if self
                .last_event
                .is_none_or(|last| now.duration_since(last) > self.options.burst_quiet)
            {
                self.burst_start = now;
                self.burst_files = 0;
            }
            self.last_event = Some(now);
        }
        self.window_start.get_or_insert(now);
        for path in registered {
            let seen = look(&path);
            let entry = self.pending.entry(path).or_insert_with(|| {
                self.burst_files += 1;
                Pending {
                    evidence: false,
                    seen: Look::Missing,
                    open: false,
                    unsettled_since: None,
                }
            });
            entry.seen = seen;
            if !rescan {
                entry.evidence = true;
            }
            if REPORTS_CLOSE {
                match kind {
                    Some(EventKind::Modify(ModifyKind::Data(_))) => entry.open = true,
                    Some(EventKind::Access(AccessKind::Close(AccessMode::Write)))
                    | Some(EventKind::Modify(ModifyKind::Name(_)))
                    | Some(EventKind::Create(CreateKind::Folder))
                    | Some(EventKind::Remove(_)) => entry.open = false,
                    _ => {}
                }
            }
        }
        self.schedule(now);
    }

    /// The quiet period that closes the window now.
    fn quiet(&self) -> Duration {
        let base = self.options.batch;
        let age = self
            .last_event
            .map_or(Duration::ZERO, |last| last.duration_since(self.burst_start));
        let mut quiet = base + age;
        if self.burst_files >= 2 {
            quiet = quiet.max(base * 4);
        }
        quiet.min(self.options.burst_quiet.max(base))
    }

    fn schedule(&mut self, now: Instant) {
        let Some(window_start) = self.window_start else {
            return;
        };
        let last = self.last_event.unwrap_or(now);
        let mut at = (last + self.quiet()).min(window_start + self.options.max_wait);
        // Past the bound, events keep coming: check at most every `batch`.
        if let Some(last_check) = self.last_check {
            at = at.max(last_check + self.options.batch);
        }
        self.next_check = Some(at);
    }

    /// At the window's close: delivers the batch if every file in it looks stable.
    fn check(&mut self) {
        // A file's directory may no longer be the one watched (an ancestor renamed away): watch
        // the one there now, and check its files too.
        let mut directories: Vec<PathBuf> = self
            .pending
            .keys()
            .filter_map(|path| path.parent().map(Path::to_path_buf))
            .collect();
        directories.dedup();
        let found = lock(&self.inner).verify(Some(&directories));
        if !found.is_empty() {
            self.add(found, None, true);
        }
        let now = Instant::now();
        self.last_check = Some(now);
        let mut hold_until: Option<Instant> = None;
        let mut changing = false;
        let mut changed = Vec::new();
        let mut unreadable = Vec::new();
        let inner = lock(&self.inner);
        let settle = self.options.settle;
        self.pending.retain(|path, pending| {
            let Some(file) = inner.registry.files.get(path) else {
                return false;
            };
            let now_look = look(path);
            let moved = now_look != pending.seen;
            pending.seen = now_look;
            let now_probe = probe(path);
            let had_content = file.baseline.is_some_and(|stamp| stamp.len > 0);
            let mid_write = moved
                || pending.open
                || (pending.evidence
                    && had_content
                    && match &now_probe {
                        Probe::File(stamp) => stamp.len == 0,
                        Probe::Missing => true,
                        Probe::Unreadable { .. } => false,
                    });
            if mid_write {
                let since = *pending.unsettled_since.get_or_insert(now);
                if now < since + settle {
                    changing |= moved;
                    let until = since + settle;
                    hold_until = Some(hold_until.map_or(until, |at| at.min(until)));
                    return true;
                }
            }
            match now_probe {
                Probe::File(stamp) => {
                    if pending.evidence || file.baseline != Some(stamp) {
                        changed.push((path.clone(), stamp));
                    }
                }
                Probe::Missing => {}
                Probe::Unreadable { code, reason } => unreadable.push(Unreadable {
                    path: path.clone(),
                    code,
                    reason,
                }),
            }
            true
        });
        drop(inner);
        if let Some(until) = hold_until {
            // Wait for the rewrite, the writer's close or the next event; a file still changing
            // is looked at again after one more quiet period.
            let mut at = until;
            if changing {
                at = at.min(now + self.options.batch);
            }
            self.next_check = Some(at);
            return;
        }
        self.pending.clear();
        self.window_start = None;
        self.next_check = None;
        self.last_check = None;
        {
            let mut inner = lock(&self.inner);
            for (path, stamp) in &changed {
                if let Some(file) = inner.registry.files.get_mut(path) {
                    file.baseline = Some(*stamp);
                }
            }
        }
        if changed.is_empty() && unreadable.is_empty() {
            return;
        }
        let batch = Batch {
            changed,
            unreadable,
        };
        // A panic in the callback must not end the watcher (or the process).
        let on_change = &mut self.on_change;
        let _ = catch_unwind(AssertUnwindSafe(|| on_change(batch)));
    }
}

#[cfg(test)]
mod tests;
