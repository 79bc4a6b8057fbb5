//! Step 4 of the pipeline: the shell around the edited module text (docs/ARCHITECTURE.md §2),
//! and the shell of a JSON module.

use std::fmt::Write;

use super::edits::Edits;
use super::model::{Binding, Options, Request};
use super::names::Names;
use super::syntax::js_string;
use crate::constants::{HOT_ATTRIBUTE, HOT_IMPORT, RUNTIME_SPECIFIER, RUNTIME_SYMBOL_KEY};

pub struct Shell<'a> {
    pub url: &'a str,
    pub text: &'a str,
    pub names: &'a Names,
    pub options: &'a Options,
    pub asynchronous: bool,
    pub json: bool,
    pub uses_import_meta: bool,
    pub uses_dynamic_import: bool,
    /// Whether the body reads the module's (absent) `arguments` through the helper.
    pub uses_arguments: bool,
    /// Statements that must run when the generator starts (before the first `yield`).
    pub header: &'a str,
    pub local_exports: &'a [(String, String)],
    pub requests: &'a [Request],
    /// The compiled JavaScript's hash, for a module written in another dialect (`info.codeHash`).
    pub code_hash: Option<&'a str>,
}

/// A module's shell, with what the source map needs.
pub struct Emitted {
    pub code: String,
    /// Sorted offsets into the source text that get a mapping.
    pub anchors: Vec<usize>,
    /// For each anchor its offset in `code`, `None` where its text was replaced away.
    pub mapped: Vec<Option<usize>>,
}

/// The shell calls the runtime first thing, with the body as an anonymous generator (so stack
/// frames read like native module frames: `at file:///app/a.js:3:9`); the imports after it are
/// hoisted, and `{module}` is a hoisted function declaration, callable in import cycles.
pub fn module_shell(shell: &Shell, edits: Edits, mut anchors: Vec<usize>) -> Emitted {
    let n = shell.names;
    let mut prefix = opening(shell);
    let _ = write!(
        prefix,
        "{}let {}; {}(next => {{ {} = next; }}, {{ ",
        shell.header, n.holder, n.bind, n.holder
    );
    for (i, (exported, local)) in shell.local_exports.iter().enumerate() {
        if i > 0 {
            prefix.push_str(", ");
        }
        let _ = write!(prefix, "{}: () => {}", js_string(exported), local);
    }
    prefix.push_str(" }); yield; ");

    if shell.options.source_map {
        // Every line start is mapped too, so a position on a line without other mappings never
        // borrows the previous line's.
        let bytes = shell.text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' && i + 1 < bytes.len() {
                anchors.push(i + 1);
            }
        }
    }
    anchors.sort_unstable();
    anchors.dedup();
    let (mut code, mapped) = edits.apply(shell.text, &prefix, &anchors);
    closing(&mut code, shell);
    let _ = writeln!(code, "//# sourceURL={}", shell.url);
    Emitted {
        code,
        anchors,
        mapped,
    }
}

fn opening(shell: &Shell) -> String {
    let n = shell.names;
    // The body comes last: V8 names an anonymous function after object properties that follow
    // it in the same expression, which would turn frames into `at _$module.load.format (…)`.
    let mut code = format!(
        "{}().load({}, {{ format: {}, async: {}, usesDynamicImport: {}, {}requests: [",
        n.module,
        if shell.uses_import_meta {
            "import.meta"
        } else {
            "null"
        },
        if shell.json { "\"json\"" } else { "\"module\"" },
        shell.asynchronous,
        shell.uses_dynamic_import,
        match shell.code_hash {
            Some(hash) => format!("codeHash: \"{hash}\", "),
            None => String::new(),
        }
    );
    for (i, request) in shell.requests.iter().enumerate() {
        if i > 0 {
            code.push(',');
        }
        let _ = write!(
            code,
            " {{ controller: {}{}, specifier: {}, attributes: {{",
            n.dependency,
            i,
            js_string(&request.specifier)
        );
        for (j, (key, value)) in request.attributes.iter().enumerate() {
            let _ = write!(
                code,
                "{} {}: {}",
                if j > 0 { "," } else { "" },
                js_string(key),
                js_string(value)
            );
        }
        code.push_str(" }, bindings: [");
        for (j, binding) in request.bindings.iter().enumerate() {
            if j > 0 {
                code.push_str(", ");
            }
            let _ = match binding {
                Binding::Import { name, local } => {
                    write!(
                        code,
                        "{{ type: \"import\", name: {}, as: {} }}",
                        js_string(name),
                        js_string(local)
                    )
                }
                Binding::ImportStar { local } => {
                    write!(code, "{{ type: \"importStar\", as: {} }}", js_string(local))
                }
                Binding::IndirectExport { name, exported } => write!(
                    code,
                    "{{ type: \"indirectExport\", name: {}, as: {} }}",
                    js_string(name),
                    js_string(exported)
                ),
                Binding::IndirectStarExport { exported } => {
                    write!(
                        code,
                        "{{ type: \"indirectStarExport\", as: {} }}",
                        js_string(exported)
                    )
                }
                Binding::ExportStar => write!(code, "{{ type: \"exportStar\" }}"),
            };
        }
        code.push_str("] }");
    }
    let _ = write!(
        code,
        " ] }}, {}function* ({}, {}, {}) {{ ",
        if shell.asynchronous { "async " } else { "" },
        n.meta,
        n.dynamic_import,
        n.bind
    );
    code
}

/// Ends the body and the `load` call, then the imports, the controller accessor, and the files
/// to watch instead of the module's own.
fn closing(code: &mut String, shell: &Shell) {
    let n = shell.names;
    code.push_str("\n});\n");
    let runtime = match &shell.options.runtime {
        Some(specifier) => {
            let _ = writeln!(
                code,
                "import * as {} from {};",
                n.acquire,
                js_string(specifier)
            );
            n.acquire.clone()
        }
        None => format!("globalThis[Symbol.for({})]", js_string(RUNTIME_SYMBOL_KEY)),
    };
    for (i, request) in shell.requests.iter().enumerate() {
        let _ = write!(
            code,
            "import {}{} from {} with {{ {}: {}",
            n.dependency,
            i,
            js_string(&request.specifier),
            js_string(HOT_ATTRIBUTE),
            js_string(HOT_IMPORT)
        );
        for (key, value) in &request.attributes {
            let _ = write!(code, ", {}: {}", js_string(key), js_string(value));
        }
        code.push_str(" };\n");
    }
    // `var`: the accessor may run before this line (hoisted, from an import cycle); it only
    // needs the runtime, which is loaded before any shell.
    let _ = writeln!(
        code,
        "var {}; export default function {}() {{ return {} ??= {}.acquire({}); }}",
        n.controller,
        n.module,
        n.controller,
        runtime,
        js_string(shell.url)
    );
    if shell.uses_arguments {
        // A module's free `arguments`, looked up where the user's code cannot shadow
        // `globalThis`: HasBinding and GetBindingValue of the global object's record
        // (https://tc39.es/ecma262/2025/#sec-object-environment-records).
        let _ = writeln!(
            code,
            "function {}(read) {{ if (read && !(\"arguments\" in globalThis)) throw new ReferenceError(\"arguments is not defined\"); return globalThis.arguments; }}",
            n.arguments
        );
    }
    if !shell.options.watch.is_empty() {
        // `watch` is the loader's runtime's (not on the global the accessor uses); a runtime a
        // test brings may not have it, hence `?.`.
        if shell.options.runtime.is_none() {
            let _ = write!(
                code,
                "import * as {} from {}; ",
                n.acquire,
                js_string(RUNTIME_SPECIFIER)
            );
        }
        let files: Vec<String> = shell.options.watch.iter().map(|f| js_string(f)).collect();
        let _ = writeln!(
            code,
            "{}.watch?.({}, [{}]);",
            n.acquire,
            js_string(shell.url),
            files.join(", ")
        );
    }
}

/// A JSON module's shell: the (valid) text becomes the `default` export, parsed by `JSON.parse`
/// when the body runs. Watched and reloadable like any module.
pub fn json_shell(text: &str, url: &str, options: &Options) -> String {
    let names = Names::pick(&Default::default());
    let shell = Shell {
        url,
        text,
        names: &names,
        options,
        asynchronous: false,
        json: true,
        uses_import_meta: false,
        uses_dynamic_import: false,
        uses_arguments: false,
        header: "",
        local_exports: &[],
        requests: &[],
        code_hash: None,
    };
    let mut code = opening(&shell);
    let _ = write!(
        code,
        "{}(() => {{}}, {{ \"default\": () => {} }}); yield; const {} = JSON.parse({});",
        names.bind,
        names.default,
        names.default,
        js_string(text)
    );
    closing(&mut code, &shell);
    let _ = writeln!(code, "//# sourceURL={url}");
    code
}
