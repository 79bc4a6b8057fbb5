//! dynohot's native core. The `napi_*` modules are the only ones that know about Node; everything
//! else is plain Rust with its own unit tests.
#![deny(clippy::all)]

pub mod diagnostic;
pub mod file_url;
pub mod lines;
pub mod napi_transform;
pub mod napi_watch;
pub mod sourcemap;
pub mod transform;
pub mod watch;

use napi_derive::napi;

/// The addon's version, for diagnostics ("this is a bug in dynohot x.y.z").
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
