//! napi glue for the transform: typed options and results, nothing else. The work is in
//! `crate::transform`, which never panics across this boundary.

use std::collections::HashMap;

use napi::bindgen_prelude::{Buffer, Either};
use napi_derive::napi;

use crate::diagnostic::Diagnostic as CoreDiagnostic;
use crate::prefetch;
use crate::transform::{self, Binding as CoreBinding, Format, Options};

/// Options of `transform`. Defaults come from the core's `Options::default()`.
#[napi(object)]
#[derive(Default)]
pub struct TransformOptions {
    /// `"module"` (default) or `"json"`: JSON text becomes a module with one `default` export.
    pub format: Option<String>,
    /// A specifier to import the runtime from; by default shells read it from
    /// `globalThis[Symbol.for("dynohot")]`, set by `hot:runtime`.
    pub runtime: Option<String>,
    /// Append an inline source map composed with the input's own map (default `true`).
    pub source_map: Option<bool>,
    /// Transform this module's relative static imports ahead, on a background thread, for the
    /// calls that will ask for them (default `false`; the loader sets it for first loads).
    pub prefetch: Option<bool>,
    /// Return `requests` (default `true`). The loader passes `false`: shells carry their requests
    /// themselves, and turning them into JavaScript objects is a tenth of the call's time.
    pub requests: Option<bool>,
    /// Files (URLs) to watch for this module instead of its own file (default none); the shell
    /// hands them to the runtime when it evaluates.
    pub watch: Option<Vec<String>>,
}

/// A problem with the module, with a code frame rendered in Rust.
#[napi(object)]
pub struct Diagnostic {
    /// `DYNOHOT_SYNTAX_ERROR`, `DYNOHOT_INVALID_ENCODING`, `DYNOHOT_TOO_DEEP` or `DYNOHOT_INTERNAL_ERROR`.
    pub code: String,
    /// Starts with the error's name, e.g. `SyntaxError: Unexpected token`.
    pub message: String,
    pub url: String,
    /// 1-based; 0 when the problem has no position.
    pub line: u32,
    /// 1-based, in UTF-16 code units like V8's stack traces.
    pub column: u32,
    /// Source lines around the position with a caret under the column.
    pub frame: String,
    /// `url:line:column`, the frame and the message, ready to print.
    pub rendered: String,
}

impl From<CoreDiagnostic> for Diagnostic {
    fn from(d: CoreDiagnostic) -> Self {
        let rendered = d.render();
        Diagnostic {
            code: d.code.as_str().into(),
            message: d.message,
            url: d.url,
            line: d.line,
            column: d.column,
            frame: d.frame,
            rendered,
        }
    }
}

/// A binding through a module request (shapes of spec §3.5).
#[napi(object)]
pub struct ModuleBinding {
    /// `import`, `importStar`, `indirectExport`, `indirectStarExport` or `exportStar`.
    #[napi(js_name = "type")]
    pub kind: String,
    /// The imported (or re-exported) name in the requested module.
    pub name: Option<String>,
    /// The local name (imports) or the exported name (re-exports).
    #[napi(js_name = "as")]
    pub alias: Option<String>,
}

impl From<CoreBinding> for ModuleBinding {
    fn from(b: CoreBinding) -> Self {
        let (kind, name, alias) = match b {
            CoreBinding::Import { name, local } => ("import", Some(name), Some(local)),
            CoreBinding::ImportStar { local } => ("importStar", None, Some(local)),
            CoreBinding::IndirectExport { name, exported } => {
                ("indirectExport", Some(name), Some(exported))
            }
            CoreBinding::IndirectStarExport { exported } => {
                ("indirectStarExport", None, Some(exported))
            }
            CoreBinding::ExportStar => ("exportStar", None, None),
        };
        ModuleBinding {
            kind: kind.into(),
            name,
            alias,
        }
    }
}

/// One module request, in source order.
#[napi(object)]
pub struct ModuleRequest {
    pub specifier: String,
    pub attributes: HashMap<String, String>,
    pub bindings: Vec<ModuleBinding>,
}

#[napi(object)]
pub struct TransformResult {
    /// The shell; empty when there are errors.
    pub code: String,
    pub errors: Vec<Diagnostic>,
    pub uses_top_level_await: bool,
    pub uses_import_meta: bool,
    pub uses_dynamic_import: bool,
    /// Absent when `options.requests` is `false`.
    pub requests: Option<Vec<ModuleRequest>>,
}

/// Turns the module at `url` into a hot-reloadable shell (docs/ARCHITECTURE.md §2).
#[napi]
pub fn transform(
    source: Either<String, Buffer>,
    url: String,
    options: Option<TransformOptions>,
) -> TransformResult {
    let given = options.unwrap_or_default();
    let defaults = Options::default();
    let options = Options {
        format: match given.format.as_deref() {
            Some("json") => Format::Json,
            _ => Format::Module,
        },
        runtime: given.runtime.or(defaults.runtime),
        source_map: given.source_map.unwrap_or(defaults.source_map),
        read_map_files: defaults.read_map_files,
        watch: given.watch.unwrap_or_default(),
    };
    // The core catches its own panics; this also covers anything around it, so a bug can never
    // unwind into Node (which would abort the process).
    let prefetch = given.prefetch.unwrap_or(false);
    let with_requests = given.requests.unwrap_or(true);
    let output = transform::catching_panics(&url, || {
        let bytes: &[u8] = match &source {
            Either::A(text) => text.as_bytes(),
            Either::B(bytes) => bytes,
        };
        let output = prefetch::take(&url, bytes, &options).unwrap_or_else(|| match &source {
            Either::A(text) => transform::transform_str(text, &url, &options),
            Either::B(bytes) => transform::transform(bytes, &url, &options),
        });
        if prefetch {
            prefetch::imports(&url, &output.requests, &options);
        }
        output
    });
    TransformResult {
        code: output.code,
        errors: output.errors.into_iter().map(Diagnostic::from).collect(),
        uses_top_level_await: output.uses_top_level_await,
        uses_import_meta: output.uses_import_meta,
        uses_dynamic_import: output.uses_dynamic_import,
        requests: with_requests.then(|| {
            output
                .requests
                .into_iter()
                .map(|r| ModuleRequest {
                    specifier: r.specifier,
                    attributes: r.attributes.into_iter().collect(),
                    bindings: r.bindings.into_iter().map(ModuleBinding::from).collect(),
                })
                .collect()
        }),
    }
}
