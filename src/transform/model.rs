//! The transform's data model: its options, its output, and the module requests with their
//! bindings. Every step of the pipeline, the prefetcher and the napi binding speak these types;
//! this file depends on nothing else in the transform.

use crate::diagnostic::Diagnostic;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Module,
    Json,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub format: Format,
    /// Where shells find the runtime: `None` (the default) reads it from
    /// `globalThis[Symbol.for("dynohot")]` (`crate::constants`), which `hot:runtime` sets before any shell runs (one
    /// module request fewer per module: on Node 20 each is a round trip to the hooks thread);
    /// `Some(specifier)` imports it (tests that bring their own runtime).
    pub runtime: Option<String>,
    /// Append an inline source map (composed with the input's own map, if any).
    pub source_map: bool,
    /// Look for a `sourceMappingURL` file next to a `file:` module (off in tests that must not
    /// touch the disk).
    pub read_map_files: bool,
    /// Files (URLs) to watch for this module instead of its own file, e.g. the sources another
    /// loader compiled it from: the shell hands them to the runtime's `watch` when it evaluates.
    pub watch: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: Format::Module,
            runtime: None,
            source_map: true,
            read_map_files: true,
            watch: Vec::new(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Output {
    /// The shell; empty when `errors` is not.
    pub code: String,
    pub errors: Vec<Diagnostic>,
    pub uses_top_level_await: bool,
    pub uses_import_meta: bool,
    pub uses_dynamic_import: bool,
    pub requests: Vec<Request>,
}

impl Output {
    pub fn error(diagnostic: Diagnostic) -> Self {
        Output {
            errors: vec![diagnostic],
            ..Output::default()
        }
    }
}

/// One module request: a specifier with its import attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub specifier: String,
    /// Sorted by key.
    pub attributes: Vec<(String, String)>,
    pub bindings: Vec<Binding>,
}

/// What the runtime binds through a request: the shapes of ECMA-262's ImportEntry and
/// ExportEntry records that name another module
/// (https://tc39.es/ecma262/2025/#sec-source-text-module-records).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    /// `import { name as local }`.
    Import { name: String, local: String },
    /// `import * as local`.
    ImportStar { local: String },
    /// `export { name as exported } from`, or re-export of an imported binding.
    IndirectExport { name: String, exported: String },
    /// `export * as exported from`, or re-export of a namespace import.
    IndirectStarExport { exported: String },
    /// `export * from`.
    ExportStar,
}
