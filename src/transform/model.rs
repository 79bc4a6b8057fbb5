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

/// The language of a module's source (`options.lang`): JavaScript, or a dialect that compiles
/// to it first (docs/ARCHITECTURE.md §1). Decided by the loader from the file's extension.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Js,
    Ts,
    Tsx,
    Jsx,
}

impl Lang {
    pub fn is_typescript(self) -> bool {
        matches!(self, Lang::Ts | Lang::Tsx)
    }

    pub fn has_jsx(self) -> bool {
        matches!(self, Lang::Tsx | Lang::Jsx)
    }
}

/// How JSX is compiled (tsconfig.json's `jsx`; `preserve` cannot run in Node and is taken as
/// `react-jsx`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Jsx {
    /// The automatic runtime: `import { jsx } from "<jsxImportSource>/jsx-runtime"`.
    #[default]
    ReactJsx,
    /// The automatic runtime's development variant (`jsxDEV`, with source positions).
    ReactJsxDev,
    /// The classic runtime: `jsxFactory(...)` calls (default `React.createElement`).
    React,
}

/// The compiler options of tsconfig.json that change the JavaScript a module compiles to
/// (`options.typescript`; each absent one is tsc's default for an ES2022+ target).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeScriptOptions {
    /// Keep every import and export not marked `type` (no elision of unused imports).
    pub verbatim_module_syntax: bool,
    /// Legacy (TypeScript `experimentalDecorators`) decorators instead of standard ones.
    pub experimental_decorators: bool,
    /// With legacy decorators: emit `design:type`/`design:paramtypes`/`design:returntype`.
    pub emit_decorator_metadata: bool,
    /// Class fields are defined (`[[Define]]`), tsc's default for ES2022+ targets.
    pub use_define_for_class_fields: bool,
    pub jsx: Jsx,
    /// The automatic runtime's package (default `react`).
    pub jsx_import_source: Option<String>,
    /// The classic runtime's factory (default `React.createElement`).
    pub jsx_factory: Option<String>,
    /// The classic runtime's fragment (default `React.Fragment`).
    pub jsx_fragment_factory: Option<String>,
}

impl Default for TypeScriptOptions {
    fn default() -> Self {
        TypeScriptOptions {
            verbatim_module_syntax: false,
            experimental_decorators: false,
            emit_decorator_metadata: false,
            use_define_for_class_fields: true,
            jsx: Jsx::ReactJsx,
            jsx_import_source: None,
            jsx_factory: None,
            jsx_fragment_factory: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub format: Format,
    /// The source's language (for `Format::Module`).
    pub lang: Lang,
    pub typescript: TypeScriptOptions,
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
            lang: Lang::Js,
            typescript: TypeScriptOptions::default(),
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
    /// For a module not written in JavaScript: a hash of the JavaScript it compiles to, blind to
    /// whitespace and comments (equal for an edit that changed only types).
    pub code_hash: Option<String>,
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
