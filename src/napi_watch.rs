//! napi glue for the file watcher: owned by the loader work (issue 4).
