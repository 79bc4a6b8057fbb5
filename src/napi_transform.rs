//! napi glue for the transform: typed options and results, nothing else. The work is in
//! `crate::transform`, which never panics across this boundary.
//!
//! Options arrive as loosely typed JavaScript values and are checked here (`TryFrom`), so a wrong
//! one is a `TypeError` in Node's own wording (`ERR_INVALID_ARG_TYPE`, `ERR_INVALID_ARG_VALUE`),
//! as Node's APIs throw for their options, never silently a default: an option is the caller's
//! mistake, not a problem of the module, which is what the result's diagnostics describe.

use std::collections::HashMap;

use napi::bindgen_prelude::{Array, Buffer, Either, Object, Unknown};
use napi::{Env, Error, JsValue, Status, ValueType};
use napi_derive::napi;

use crate::diagnostic::{Diagnostic as CoreDiagnostic, DiagnosticCode as CoreCode};
use crate::prefetch;
use crate::transform::{
    self, Binding as CoreBinding, Format as CoreFormat, Jsx, Lang as CoreLang, Options,
    TypeScriptOptions as CoreTypeScriptOptions,
};

/// The addon's version, for diagnostics ("this is a bug in dynohot x.y.z").
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// What the source is: an ES module, or JSON text (a module with one `default` export).
#[napi(string_enum = "lowercase")]
pub enum Format {
    Module,
    Json,
}

impl From<Format> for CoreFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Module => CoreFormat::Module,
            Format::Json => CoreFormat::Json,
        }
    }
}

/// Options of `transform`. Defaults come from the core's `Options::default()`. Typed loosely
/// here (checked by `TryFrom`, see the module comment), precisely in `native.d.ts`.
#[napi(object, object_to_js = false)]
pub struct TransformOptions<'a> {
    /// `"module"` (default) or `"json"`.
    #[napi(ts_type = "Format")]
    pub format: Option<Unknown<'a>>,
    /// A specifier to import the runtime from; by default shells read it from
    /// `globalThis[Symbol.for("dynohot")]`, set by `hot:runtime`.
    #[napi(ts_type = "string")]
    pub runtime: Option<Unknown<'a>>,
    /// Append an inline source map composed with the input's own map (default `true`).
    #[napi(ts_type = "boolean")]
    pub source_map: Option<Unknown<'a>>,
    /// Transform this module's relative static imports ahead, on a background thread, for the
    /// calls that will ask for them (default `false`; the loader sets it for first loads).
    #[napi(ts_type = "boolean")]
    pub prefetch: Option<Unknown<'a>>,
    /// Return `requests` (default `true`). The loader passes `false`: shells carry their requests
    /// themselves, and turning them into JavaScript objects is a tenth of the call's time.
    #[napi(ts_type = "boolean")]
    pub requests: Option<Unknown<'a>>,
    /// Files (URLs) to watch for this module instead of its own file (default none), e.g. the
    /// sources another loader compiled it from; the shell hands them to the runtime.
    #[napi(ts_type = "string[]")]
    pub watch: Option<Unknown<'a>>,
    /// The source's language: `"js"` (default), `"ts"`, `"tsx"` or `"jsx"` (the loader decides it
    /// from the file's extension).
    #[napi(ts_type = "Lang")]
    pub lang: Option<Unknown<'a>>,
    /// tsconfig.json's compiler options that change the JavaScript a TypeScript or JSX module
    /// compiles to (all optional).
    #[napi(ts_type = "TypeScriptOptions")]
    pub typescript: Option<Unknown<'a>>,
}

/// The language of a module's source.
#[napi(string_enum = "lowercase")]
pub enum Lang {
    Js,
    Ts,
    Tsx,
    Jsx,
}

/// tsconfig.json's `compilerOptions` that change the JavaScript a module compiles to; each
/// absent one is tsc's default for an ES2022 or later target. Typed loosely here (checked when
/// read), precisely in `native.d.ts`.
#[napi(object, object_to_js = false)]
pub struct TypeScriptOptions<'a> {
    /// Keep every import not marked `type`, even if unused (default `false`: imports used only
    /// as types are elided, as tsc does).
    #[napi(ts_type = "boolean")]
    pub verbatim_module_syntax: Option<Unknown<'a>>,
    /// Legacy TypeScript decorators instead of standard ones (default `false`).
    #[napi(ts_type = "boolean")]
    pub experimental_decorators: Option<Unknown<'a>>,
    /// With legacy decorators, emit `design:*` metadata (default `false`).
    #[napi(ts_type = "boolean")]
    pub emit_decorator_metadata: Option<Unknown<'a>>,
    /// Class fields use define semantics (default `true`).
    #[napi(ts_type = "boolean")]
    pub use_define_for_class_fields: Option<Unknown<'a>>,
    /// `"react-jsx"` (default), `"react-jsxdev"`, `"react"` (classic) or `"preserve"` (which
    /// cannot run in Node: compiled as `"react-jsx"`).
    #[napi(ts_type = "'react-jsx' | 'react-jsxdev' | 'react' | 'preserve'")]
    pub jsx: Option<Unknown<'a>>,
    /// The automatic runtime's package (default `"react"`).
    #[napi(ts_type = "string")]
    pub jsx_import_source: Option<Unknown<'a>>,
    /// The classic runtime's element factory (default `"React.createElement"`).
    #[napi(ts_type = "string")]
    pub jsx_factory: Option<Unknown<'a>>,
    /// The classic runtime's fragment (default `"React.Fragment"`).
    #[napi(ts_type = "string")]
    pub jsx_fragment_factory: Option<Unknown<'a>>,
}

/// The checked options: the core's, and the binding's own.
struct Call {
    options: Options,
    prefetch: bool,
    requests: bool,
}

/// A wrong option, as Node words it.
#[derive(Debug, PartialEq, Eq)]
struct InvalidOption {
    code: &'static str,
    message: String,
}

impl InvalidOption {
    fn of_type(property: &str, expected: &str, value: &Unknown) -> Self {
        InvalidOption {
            code: "ERR_INVALID_ARG_TYPE",
            message: format!(
                "The \"options.{property}\" property must be of type {expected}. Received {}",
                received(value)
            ),
        }
    }
}

/// Node's description of a received value (`determineSpecificType` in its errors module).
fn received(value: &Unknown) -> String {
    match value.get_type() {
        Ok(ValueType::Null) => "null".into(),
        Ok(ValueType::Undefined) => "undefined".into(),
        Ok(ValueType::Function) => {
            let name = unsafe { value.cast::<Object>() }
                .ok()
                .and_then(|function| function.get::<String>("name").ok().flatten());
            format!("function {}", name.unwrap_or_default())
        }
        Ok(ValueType::Object) => {
            let constructor = unsafe { value.cast::<Object>() }
                .ok()
                .and_then(|object| object.get::<Object>("constructor").ok().flatten())
                .and_then(|constructor| constructor.get::<String>("name").ok().flatten());
            format!(
                "an instance of {}",
                constructor.unwrap_or_else(|| "Object".into())
            )
        }
        Ok(ValueType::String) => {
            let text = unsafe { value.cast::<String>() }.unwrap_or_default();
            // Lengths in UTF-16 units, as JavaScript counts them.
            let shown = if text.encode_utf16().count() > 28 {
                String::from_utf16_lossy(&text.encode_utf16().take(25).collect::<Vec<_>>()) + "..."
            } else {
                text
            };
            if shown.contains('\'') {
                let escaped = shown.replace('\\', "\\\\").replace('"', "\\\"");
                format!("type string (\"{escaped}\")")
            } else {
                format!("type string ('{shown}')")
            }
        }
        Ok(ValueType::Number) => {
            let n = unsafe { value.cast::<f64>() }.unwrap_or(f64::NAN);
            format!("type number ({})", js_number(n))
        }
        Ok(ValueType::Boolean) => {
            let b = unsafe { value.cast::<bool>() }.unwrap_or_default();
            format!("type boolean ({b})")
        }
        Ok(ValueType::BigInt) => {
            let digits = value
                .coerce_to_string()
                .and_then(|text| text.into_utf8())
                .and_then(|text| text.into_owned())
                .unwrap_or_default();
            format!("type bigint ({digits}n)")
        }
        Ok(ValueType::Symbol) => {
            let description = value
                .coerce_to_object()
                .ok()
                .and_then(|symbol| symbol.get::<String>("description").ok().flatten());
            format!("type symbol (Symbol({}))", description.unwrap_or_default())
        }
        _ => "an unknown value".into(),
    }
}

/// A number as JavaScript prints it (the cases an option realistically holds).
fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n == 0.0 && n.is_sign_negative() {
        "-0".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if n == n.trunc() && n.abs() < 1e21 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn string(property: &str, value: Option<Unknown>) -> Result<Option<String>, InvalidOption> {
    match value {
        None => Ok(None),
        Some(value) if value.get_type().ok() == Some(ValueType::String) => {
            Ok(unsafe { value.cast::<String>() }.ok())
        }
        Some(value) => Err(InvalidOption::of_type(property, "string", &value)),
    }
}

fn boolean(property: &str, value: Option<Unknown>) -> Result<Option<bool>, InvalidOption> {
    match value {
        None => Ok(None),
        Some(value) if value.get_type().ok() == Some(ValueType::Boolean) => {
            Ok(unsafe { value.cast::<bool>() }.ok())
        }
        Some(value) => Err(InvalidOption::of_type(property, "boolean", &value)),
    }
}

fn strings(property: &str, value: Option<Unknown>) -> Result<Vec<String>, InvalidOption> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let array = match value.is_array() {
        Ok(true) => unsafe { value.cast::<Array>() }.ok(),
        _ => None,
    };
    let Some(array) = array else {
        return Err(InvalidOption::of_type(property, "string[]", &value));
    };
    (0..array.len())
        .map(|i| {
            let item: Option<Unknown> = array.get(i).ok().flatten();
            let item = item.ok_or_else(|| InvalidOption {
                code: "ERR_INVALID_ARG_TYPE",
                message: format!(
                    "The \"options.{property}[{i}]\" property must be of type string. Received undefined"
                ),
            })?;
            string(&format!("{property}[{i}]"), Some(item)).map(Option::unwrap_or_default)
        })
        .collect()
}

impl TryFrom<Option<TransformOptions<'_>>> for Call {
    type Error = InvalidOption;

    fn try_from(given: Option<TransformOptions<'_>>) -> Result<Self, InvalidOption> {
        let defaults = Options::default();
        let Some(given) = given else {
            return Ok(Call {
                options: defaults,
                prefetch: false,
                requests: true,
            });
        };
        let format = match string("format", given.format)?.as_deref() {
            None | Some("module") => CoreFormat::Module,
            Some("json") => CoreFormat::Json,
            Some(other) => {
                return Err(InvalidOption {
                    code: "ERR_INVALID_ARG_VALUE",
                    message: format!(
                        "The property 'options.format' must be one of: 'module', 'json'. Received '{other}'"
                    ),
                })
            }
        };
        let lang = match string("lang", given.lang)?.as_deref() {
            None | Some("js") => CoreLang::Js,
            Some("ts") => CoreLang::Ts,
            Some("tsx") => CoreLang::Tsx,
            Some("jsx") => CoreLang::Jsx,
            Some(other) => {
                return Err(InvalidOption {
                    code: "ERR_INVALID_ARG_VALUE",
                    message: format!(
                        "The property 'options.lang' must be one of: 'js', 'ts', 'tsx', 'jsx'. Received '{other}'"
                    ),
                })
            }
        };
        Ok(Call {
            options: Options {
                format,
                lang,
                typescript: typescript_options(given.typescript)?,
                runtime: string("runtime", given.runtime)?.or(defaults.runtime),
                source_map: boolean("sourceMap", given.source_map)?.unwrap_or(defaults.source_map),
                read_map_files: defaults.read_map_files,
                watch: strings("watch", given.watch)?,
            },
            prefetch: boolean("prefetch", given.prefetch)?.unwrap_or(false),
            requests: boolean("requests", given.requests)?.unwrap_or(true),
        })
    }
}

/// `options.typescript`, checked property by property.
fn typescript_options(value: Option<Unknown>) -> Result<CoreTypeScriptOptions, InvalidOption> {
    let defaults = CoreTypeScriptOptions::default();
    let Some(value) = value else {
        return Ok(defaults);
    };
    if value.get_type().ok() != Some(ValueType::Object) || value.is_array().unwrap_or(false) {
        return Err(InvalidOption::of_type("typescript", "object", &value));
    }
    let object = unsafe { value.cast::<Object>() }
        .map_err(|_| InvalidOption::of_type("typescript", "object", &value))?;
    let get = |name: &str| -> Option<Unknown> {
        object
            .get::<Unknown>(name)
            .ok()
            .flatten()
            .filter(|v| v.get_type().ok() != Some(ValueType::Undefined))
    };
    let flag = |name: &str, default: bool| {
        boolean(&format!("typescript.{name}"), get(name)).map(|b| b.unwrap_or(default))
    };
    let text = |name: &str| string(&format!("typescript.{name}"), get(name));
    let jsx = match text("jsx")?.as_deref() {
        None | Some("react-jsx") | Some("preserve") => Jsx::ReactJsx,
        Some("react-jsxdev") => Jsx::ReactJsxDev,
        Some("react") => Jsx::React,
        Some(other) => {
            return Err(InvalidOption {
                code: "ERR_INVALID_ARG_VALUE",
                message: format!(
                    "The property 'options.typescript.jsx' must be one of: 'react-jsx', 'react-jsxdev', 'react', 'preserve'. Received '{other}'"
                ),
            })
        }
    };
    Ok(CoreTypeScriptOptions {
        verbatim_module_syntax: flag("verbatimModuleSyntax", defaults.verbatim_module_syntax)?,
        experimental_decorators: flag("experimentalDecorators", defaults.experimental_decorators)?,
        emit_decorator_metadata: flag("emitDecoratorMetadata", defaults.emit_decorator_metadata)?,
        use_define_for_class_fields: flag(
            "useDefineForClassFields",
            defaults.use_define_for_class_fields,
        )?,
        jsx,
        jsx_import_source: text("jsxImportSource")?,
        jsx_factory: text("jsxFactory")?,
        jsx_fragment_factory: text("jsxFragmentFactory")?,
    })
}

/// Which check failed: `code` is stable, the message says where.
#[napi(string_enum)]
pub enum DiagnosticCode {
    /// The module (or JSON file) does not parse, or breaks an early-error rule.
    #[napi(value = "DYNOHOT_SYNTAX_ERROR")]
    SyntaxError,
    /// The source is not valid UTF-8.
    #[napi(value = "DYNOHOT_INVALID_ENCODING")]
    InvalidEncoding,
    /// The module nests deeper than can be transformed safely.
    #[napi(value = "DYNOHOT_TOO_DEEP")]
    TooDeep,
    /// A bug in dynohot (a caught panic).
    #[napi(value = "DYNOHOT_INTERNAL_ERROR")]
    Internal,
}

impl From<CoreCode> for DiagnosticCode {
    fn from(code: CoreCode) -> Self {
        match code {
            CoreCode::SyntaxError => DiagnosticCode::SyntaxError,
            CoreCode::InvalidEncoding => DiagnosticCode::InvalidEncoding,
            CoreCode::TooDeep => DiagnosticCode::TooDeep,
            CoreCode::Internal => DiagnosticCode::Internal,
        }
    }
}

/// A problem with the module, with a code frame rendered in Rust.
#[napi(object, object_from_js = false)]
pub struct Diagnostic {
    pub code: DiagnosticCode,
    /// Starts with the error's name, e.g. `SyntaxError: Unexpected token`.
    pub message: String,
    pub url: String,
    /// 1-based; 0 when the problem has no position.
    pub line: u32,
    /// 1-based, in UTF-16 code units like V8's stack traces.
    pub column: u32,
    /// Source lines around the position with a caret under the column; empty without a position.
    pub frame: String,
}

impl From<CoreDiagnostic> for Diagnostic {
    fn from(d: CoreDiagnostic) -> Self {
        Diagnostic {
            code: d.code.into(),
            message: d.message,
            url: d.url,
            line: d.line,
            column: d.column,
            frame: d.frame,
        }
    }
}

/// The kind of a binding through a module request.
#[napi(string_enum = "camelCase")]
pub enum BindingType {
    /// `import { name as as }` (`import as from` for `name` "default").
    Import,
    /// `import * as as`.
    ImportStar,
    /// `export { name as as } from`, or the re-export of an imported binding.
    IndirectExport,
    /// `export * as as from`, or the re-export of a namespace import.
    IndirectStarExport,
    /// `export * from`.
    ExportStar,
}

/// A binding through a module request: ECMA-262's ImportEntry and ExportEntry records that name
/// another module (https://tc39.es/ecma262/2025/#sec-source-text-module-records).
#[napi(object, object_from_js = false)]
pub struct ModuleBinding {
    #[napi(js_name = "type")]
    pub kind: BindingType,
    /// The imported (or re-exported) name in the requested module.
    pub name: Option<String>,
    /// The local name (imports) or the exported name (re-exports).
    #[napi(js_name = "as")]
    pub alias: Option<String>,
}

impl From<CoreBinding> for ModuleBinding {
    fn from(b: CoreBinding) -> Self {
        let (kind, name, alias) = match b {
            CoreBinding::Import { name, local } => (BindingType::Import, Some(name), Some(local)),
            CoreBinding::ImportStar { local } => (BindingType::ImportStar, None, Some(local)),
            CoreBinding::IndirectExport { name, exported } => {
                (BindingType::IndirectExport, Some(name), Some(exported))
            }
            CoreBinding::IndirectStarExport { exported } => {
                (BindingType::IndirectStarExport, None, Some(exported))
            }
            CoreBinding::ExportStar => (BindingType::ExportStar, None, None),
        };
        ModuleBinding { kind, name, alias }
    }
}

/// One module request, in source order.
#[napi(object, object_from_js = false)]
pub struct ModuleRequest {
    pub specifier: String,
    pub attributes: HashMap<String, String>,
    pub bindings: Vec<ModuleBinding>,
}

#[napi(object, object_from_js = false)]
pub struct TransformResult {
    /// The shell; empty when there are errors.
    pub code: String,
    pub errors: Vec<Diagnostic>,
    pub uses_top_level_await: bool,
    pub uses_import_meta: bool,
    pub uses_dynamic_import: bool,
    /// Absent when `options.requests` is `false`.
    pub requests: Option<Vec<ModuleRequest>>,
    /// For a module whose `lang` is not `"js"`: a hash of the JavaScript it compiles to, blind
    /// to whitespace and comments (the same for an edit that changed only types). Also in the
    /// shell's `info.codeHash`.
    pub code_hash: Option<String>,
}

/// Turns the module at `url` into a hot-reloadable shell (docs/ARCHITECTURE.md §2). Problems
/// with the module are `errors`; a wrong option throws a `TypeError`.
#[napi]
pub fn transform(
    env: Env,
    source: Either<String, Buffer>,
    url: String,
    options: Option<TransformOptions>,
) -> napi::Result<TransformResult> {
    let call = match Call::try_from(options) {
        Ok(call) => call,
        Err(invalid) => {
            env.throw_type_error(&invalid.message, Some(invalid.code))?;
            return Err(Error::from_status(Status::PendingException));
        }
    };
    let Call {
        options,
        prefetch,
        requests,
    } = call;
    // The core catches its own panics; this also covers anything around it, so a bug can never
    // unwind into Node (which would abort the process).
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
    Ok(TransformResult {
        code: output.code,
        errors: output.errors.into_iter().map(Diagnostic::from).collect(),
        uses_top_level_await: output.uses_top_level_await,
        uses_import_meta: output.uses_import_meta,
        uses_dynamic_import: output.uses_dynamic_import,
        code_hash: output.code_hash,
        requests: requests.then(|| {
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
    })
}
