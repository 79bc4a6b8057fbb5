//! dynohot's native core. The `napi_*` modules are the only ones that know about Node; everything
//! else is plain Rust with its own unit tests.

pub mod constants;
pub mod diagnostic;
pub mod file_url;
pub mod lines;
#[cfg(feature = "napi")]
pub mod napi_transform;
#[cfg(feature = "napi")]
pub mod napi_watch;
pub mod prefetch;
pub mod transform;
pub mod watch;
