//! napi glue for the file watcher ([`crate::watch`]): the `Watcher` class of `native.cjs`.

use std::path::Path;
use std::time::Duration;

use napi::bindgen_prelude::Function;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Error, Result, Status};
use napi_derive::napi;

use crate::watch::{FileWatcher, WatchError, WatchOptions};

/// Options of `new Watcher(onChange, options)`.
#[napi(object)]
pub struct WatcherOptions {
    /// How long (in milliseconds) to collect file events after the first one before delivering
    /// them as one call. Default 5.
    pub batch_ms: Option<u32>,
}

/// `onChange(paths)`, called on the JS thread; weak, so it never keeps the process alive.
type OnChangeFn = ThreadsafeFunction<Vec<String>, (), Vec<String>, Status, false, true>;

/// Watches files (through their directories, non-recursively) and calls `onChange` with every
/// distinct path that changed within a short batch window. Never keeps the process alive.
#[napi]
pub struct Watcher {
    inner: FileWatcher,
}

fn to_napi_error(error: WatchError) -> Error {
    Error::new(Status::GenericFailure, error.to_string())
}

#[napi]
impl Watcher {
    #[napi(constructor, catch_unwind)]
    pub fn new(
        #[napi(ts_arg_type = "(paths: string[]) => void")] on_change: Function<Vec<String>, ()>,
        options: Option<WatcherOptions>,
    ) -> Result<Self> {
        let mut watch_options = WatchOptions::default();
        if let Some(batch_ms) = options.and_then(|options| options.batch_ms) {
            watch_options.batch = Duration::from_millis(batch_ms.into());
        }
        let callback: OnChangeFn = on_change
            .build_threadsafe_function::<Vec<String>>()
            .weak::<true>()
            .build()?;
        let inner = FileWatcher::new(
            watch_options,
            Box::new(move |paths| {
                let paths = paths
                    .into_iter()
                    .map(|path| path.to_string_lossy().into_owned())
                    .collect();
                // Fails only while the environment shuts down: nothing left to notify then.
                let _ = callback.call(paths, ThreadsafeFunctionCallMode::NonBlocking);
            }),
        )
        .map_err(to_napi_error)?;
        Ok(Self { inner })
    }

    /// Starts watching a file (an absolute path).
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
