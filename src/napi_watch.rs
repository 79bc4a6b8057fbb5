//! napi glue for the file watcher ([`crate::watch`]): the `Watcher` class of `native.cjs`.

use std::path::Path;
use std::time::Duration;

use napi::bindgen_prelude::{FnArgs, Function};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Error, Result, Status};
use napi_derive::napi;

use crate::watch::{Batch, FileWatcher, WatchError, WatchOptions};

/// Options of `new Watcher(onChange, options)`.
#[napi(object)]
pub struct WatcherOptions {
    /// The quiet period (in milliseconds) after which a lone save is delivered. Default 5.
    pub batch_ms: Option<u32>,
    /// The longest quiet period a burst of saves grows to. Default 50.
    pub burst_quiet_ms: Option<u32>,
    /// The longest a batch stays open while events keep arriving. Default 300.
    pub max_wait_ms: Option<u32>,
    /// The longest one file that looks mid-write (emptied, deleted, still open for writing)
    /// holds its batch back. Default 200.
    pub settle_ms: Option<u32>,
}

/// A watched file that changed into something that cannot be read.
#[napi(object)]
pub struct UnreadableFile {
    pub path: String,
    /// Node's error code: `ENOENT`, `EISDIR`, `EACCES`, ...
    pub code: String,
    /// What is there, in words ("a symbolic link to a missing file", "a directory", ...).
    pub reason: String,
}

type Args = FnArgs<(Vec<String>, Vec<String>, Vec<UnreadableFile>)>;

/// `onChange(paths, stamps, unreadable)`, called on the JS thread; weak, so it never keeps the
/// process alive.
type OnChangeFn = ThreadsafeFunction<Args, (), Args, Status, false, true>;

/// Watches files (through their directories, non-recursively) and calls `onChange` with every
/// distinct path that changed, once it is stable, batching bursts. Never keeps the process alive.
#[napi]
pub struct Watcher {
    inner: FileWatcher,
}

fn to_napi_error(error: WatchError) -> Error {
    Error::new(Status::GenericFailure, error.to_string())
}

fn millis(value: Option<u32>, default: Duration) -> Duration {
    value.map_or(default, |ms| Duration::from_millis(ms.into()))
}

#[napi]
impl Watcher {
    #[napi(constructor, catch_unwind)]
    pub fn new(
        #[napi(
            ts_arg_type = "(paths: string[], stamps: string[], unreadable: UnreadableFile[]) => void"
        )]
        on_change: Function<Args, ()>,
        options: Option<WatcherOptions>,
    ) -> Result<Self> {
        let defaults = WatchOptions::default();
        let watch_options = match options {
            None => defaults,
            Some(options) => WatchOptions {
                batch: millis(options.batch_ms, defaults.batch),
                burst_quiet: millis(options.burst_quiet_ms, defaults.burst_quiet),
                max_wait: millis(options.max_wait_ms, defaults.max_wait),
                settle: millis(options.settle_ms, defaults.settle),
            },
        };
        let callback: OnChangeFn = on_change
            .build_threadsafe_function::<Args>()
            .weak::<true>()
            .build()?;
        let inner = FileWatcher::new(
            watch_options,
            Box::new(move |batch: Batch| {
                let (paths, stamps) = batch
                    .changed
                    .into_iter()
                    .map(|(path, stamp)| (path.to_string_lossy().into_owned(), stamp.to_string()))
                    .unzip();
                let unreadable = batch
                    .unreadable
                    .into_iter()
                    .map(|file| UnreadableFile {
                        path: file.path.to_string_lossy().into_owned(),
                        code: file.code,
                        reason: file.reason,
                    })
                    .collect();
                // Fails only while the environment shuts down: nothing left to notify then.
                let _ = callback.call(
                    (paths, stamps, unreadable).into(),
                    ThreadsafeFunctionCallMode::NonBlocking,
                );
            }),
        )
        .map_err(to_napi_error)?;
        Ok(Self { inner })
    }

    /// Starts watching a file (an absolute path). A missing directory is watched for.
    #[napi(catch_unwind)]
    pub fn watch(&self, path: String) -> Result<()> {
        self.inner.watch(Path::new(&path)).map_err(to_napi_error)
    }

    /// Stops watching a file; unknown paths are ignored.
    #[napi(catch_unwind)]
    pub fn unwatch(&self, path: String) -> Result<()> {
        self.inner.unwatch(Path::new(&path)).map_err(to_napi_error)
    }

    /// Stops watching everything; later `watch` calls throw. Idempotent.
    #[napi(catch_unwind)]
    pub fn close(&mut self) {
        self.inner.close();
    }
}
