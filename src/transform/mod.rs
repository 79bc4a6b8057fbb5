//! The module transformation: a user's ES module becomes a *shell* whose body is a re-executable
//! generator plus a registration call (contract: docs/ARCHITECTURE.md §2).
//!
//! swc parses, resolve.rs resolves scopes; the output is the original text with edits spliced in,
//! so the user's code stays on its original lines, and the source map only has to describe the
//! edits.

// The pipeline, in order: parse → analyse → rewrite → emit → map. Each step uses only the data
// model and the steps before it; `edits`, `names` and `syntax` are their shared tools, `depth`
// and `json` the checks that run before a module or JSON text is taken apart.
mod analyse;
mod code_hash;
mod depth;
mod early_errors;
mod edits;
mod emit;
mod json;
mod map;
mod model;
mod names;
mod parse;
mod resolve;
mod rewrite;
mod strip;
mod syntax;
mod typescript;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod parity_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod typescript_tests;

use std::panic::{catch_unwind, AssertUnwindSafe};

use swc_common::GLOBALS;

use crate::diagnostic::{Diagnostic, DiagnosticCode};

pub use model::{Binding, Format, Jsx, Lang, Options, Output, Request, TypeScriptOptions};

/// Transforms whose estimated stack need is at most this run on the caller's thread (Node's main
/// thread has 8 MB, its workers 4 MB).
const INLINE_STACK: u64 = 1 << 20;
/// Larger ones run on a thread with this much stack (address space: pages are only committed when
/// touched), and inputs estimated to need more than `MAX_STACK` are refused with a diagnostic:
/// V8 itself gives up on such nesting ("Maximum call stack size exceeded") long before.
const BIG_STACK: usize = 1 << 30;
const MAX_STACK: u64 = (BIG_STACK as u64 / 4) * 3;

/// Transforms `source` (bytes) of the module at `url`, decoded as Node decodes a module's bytes
/// (`new TextDecoder().decode(bytes)`: UTF-8, a leading byte order mark dropped, each invalid
/// sequence U+FFFD, https://encoding.spec.whatwg.org/#utf-8-decode; Rust's lossy decoding
/// replaces the same maximal subparts). Never panics: a bug inside becomes a
/// `DYNOHOT_INTERNAL_ERROR` diagnostic naming the file.
pub fn transform(source: &[u8], url: &str, options: &Options) -> Output {
    let source = source.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(source);
    transform_str(&String::from_utf8_lossy(source), url, options)
}

pub fn transform_str(text: &str, url: &str, options: &Options) -> Output {
    let estimate = match options.format {
        Format::Module => depth::estimate(text),
        Format::Json => depth::Estimate {
            stack: 0,
            else_ifs: 0,
            labels: 0,
        },
    };
    let chain = if estimate.else_ifs > depth::MAX_CHAIN {
        Some(("`else if` links in one chain", estimate.else_ifs))
    } else if estimate.labels > depth::MAX_CHAIN {
        Some(("labels around one statement", estimate.labels))
    } else {
        None
    };
    if let Some((what, count)) = chain {
        return Output::error(Diagnostic::whole_file(
            DiagnosticCode::TooDeep,
            format!(
                "SyntaxError: The module nests too deeply to be transformed safely ({count} {what}, at most {} supported; V8 itself stops at about 5,000: Maximum call stack size exceeded)",
                depth::MAX_CHAIN
            ),
            url,
        ));
    }
    let needed = estimate.stack;
    if needed > MAX_STACK {
        return Output::error(Diagnostic::whole_file(
            DiagnosticCode::TooDeep,
            format!(
                "SyntaxError: The module nests too deeply to be transformed safely (about {} MB of stack needed, at most {} MB supported)",
                needed >> 20,
                MAX_STACK >> 20
            ),
            url,
        ));
    }
    if needed <= INLINE_STACK {
        return guarded(text, url, options);
    }
    let (owned_text, owned_url, owned_options) =
        (text.to_string(), url.to_string(), options.clone());
    let worker = std::thread::Builder::new()
        .name("dynohot-transform".into())
        .stack_size(BIG_STACK)
        .spawn(move || guarded(&owned_text, &owned_url, &owned_options));
    match worker.map(|handle| handle.join()) {
        Ok(Ok(output)) => output,
        Ok(Err(_)) => Output::error(internal_error(url, "the transform thread panicked")),
        Err(error) => Output::error(internal_error(
            url,
            &format!("could not start a transform thread with a large stack: {error}"),
        )),
    }
}

fn guarded(text: &str, url: &str, options: &Options) -> Output {
    catching_panics(url, || match options.format {
        Format::Module => GLOBALS.set(&Default::default(), || module(text, url, options)),
        Format::Json => json_module(text, url, options),
    })
}

/// A module's shell: parse → analyse → rewrite → emit → map. Runs inside `swc_common::GLOBALS`
/// (the parser's and resolver's marks live there).
fn module(text: &str, url: &str, options: &Options) -> Output {
    if options.lang != Lang::Js {
        return dialect_module(text, url, options);
    }
    let parsed = match parse::parse(text, url) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return Output::error(diagnostic),
    };
    hot_module(parsed, text, url, options, None)
}

/// A TypeScript, TSX or JSX module: one parse in its dialect, compiled to JavaScript, whose hot
/// shell is then made as for any module, with the source map composed back to the source.
fn dialect_module(text: &str, url: &str, options: &Options) -> Output {
    let parsed = match typescript::parse(text, url, options.lang) {
        Ok(parsed) => parsed,
        Err(diagnostic) => return Output::error(diagnostic),
    };
    // Erasable TypeScript is blanked in place (positions kept, no second parse); the rest is
    // compiled.
    let parsed = match strip::erase(parsed, text, options) {
        Ok(erased) => {
            let origin = Origin {
                text,
                map: None,
                code_hash: erased.code_hash,
            };
            return hot_module(erased.parsed, &erased.text, url, options, Some(origin));
        }
        Err(parsed) => parsed,
    };
    let compiled = typescript::compile(parsed, text, url, options);
    let origin = Origin {
        text,
        code_hash: code_hash::of_text(&compiled.code),
        map: compiled.map,
    };
    let js = compiled.code;
    match parse::parse(&js, url) {
        Ok(parsed) => hot_module(parsed, &js, url, options, Some(origin)),
        Err(diagnostic) => Output::error(origin.locate(diagnostic)),
    }
}

/// Where the JavaScript a shell is made of came from, when it was compiled from another dialect.
struct Origin<'a> {
    /// The module's own source.
    text: &'a str,
    /// Generated JavaScript → `text`; `None` where positions are the same (types erased in place)
    /// or the map could not be built.
    map: Option<sourcemap::SourceMap>,
    code_hash: String,
}

impl Origin<'_> {
    /// A diagnostic found in the generated JavaScript, moved to the source's position and frame.
    fn locate(&self, diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.line == 0 {
            return diagnostic;
        }
        let (line, column) = (diagnostic.line - 1, diagnostic.column.saturating_sub(1));
        let (line, column) = match &self.map {
            None => (line, column),
            Some(map) => match map.lookup_token(line, column) {
                Some(token) => (token.get_src_line(), token.get_src_col()),
                None => return diagnostic,
            },
        };
        let source = crate::lines::LineIndex::new(self.text);
        let line = (line as usize).min(source.line_count().saturating_sub(1));
        let line_text = source.line_text(self.text, line);
        let mut offset = source.line_start(line);
        let mut units = 0;
        for c in line_text.chars() {
            if units >= column as usize {
                break;
            }
            units += c.len_utf16();
            offset += c.len_utf8();
        }
        Diagnostic::at(
            diagnostic.code,
            diagnostic.message,
            &diagnostic.url,
            self.text,
            offset,
        )
    }
}

/// The hot shell of a JavaScript module (`text`, as `parsed`); `origin` when it was compiled.
fn hot_module(
    parsed: parse::Parsed,
    text: &str,
    url: &str,
    options: &Options,
    origin: Option<Origin>,
) -> Output {
    let fail = |diagnostic: Diagnostic| {
        Output::error(match &origin {
            Some(origin) => origin.locate(diagnostic),
            None => diagnostic,
        })
    };
    if let Some((offset, message)) = early_errors::check(text, &parsed.module) {
        return fail(Diagnostic::syntax_error(url, text, offset, message));
    }
    let names = names::Names::for_module(text, &parsed.module);
    let mut analysis = match analyse::analyse(text, url, &parsed, &names) {
        Ok(analysis) => analysis,
        Err(diagnostic) => return fail(diagnostic),
    };
    let rewritten = rewrite::rewrite(
        &parsed.module,
        &analysis.imports,
        parsed.unresolved,
        &names,
        &mut analysis.edits,
    );
    let shell = emit::Shell {
        url,
        text,
        names: &names,
        options,
        asynchronous: rewritten.uses_top_level_await,
        json: false,
        uses_import_meta: rewritten.uses_import_meta,
        uses_dynamic_import: rewritten.uses_dynamic_import,
        uses_arguments: rewritten.uses_arguments,
        header: &analysis.header,
        local_exports: &analysis.local_exports,
        requests: &analysis.requests,
        code_hash: origin.as_ref().map(|origin| origin.code_hash.as_str()),
    };
    let emitted = emit::module_shell(&shell, analysis.edits, rewritten.anchors);
    let code_hash = origin.as_ref().map(|origin| origin.code_hash.clone());
    let code = if options.source_map {
        let input = origin.map(|origin| (origin.text, origin.map));
        map::append(emitted, url, text, options.read_map_files, input)
    } else {
        emitted.code
    };
    Output {
        code,
        errors: Vec::new(),
        uses_top_level_await: rewritten.uses_top_level_await,
        uses_import_meta: rewritten.uses_import_meta,
        uses_dynamic_import: rewritten.uses_dynamic_import,
        requests: analysis.requests,
        code_hash,
    }
}

/// A JSON module's shell: validate → emit (the text is one string literal: nothing to map).
fn json_module(text: &str, url: &str, options: &Options) -> Output {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some((offset, message)) = json::validate(text) {
        return Output::error(Diagnostic::syntax_error(url, text, offset, message));
    }
    Output {
        code: emit::json_shell(text, url, options),
        ..Output::default()
    }
}

/// Runs `work`, turning a panic into an internal-error diagnostic that names the file.
pub fn catching_panics(url: &str, work: impl FnOnce() -> Output) -> Output {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(output) => output,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Output::error(internal_error(url, &message))
        }
    }
}

/// The diagnostic for a bug in dynohot met while transforming `url`.
pub fn internal_error(url: &str, message: &str) -> Diagnostic {
    Diagnostic::whole_file(
        DiagnosticCode::Internal,
        format!(
            "Error: dynohot failed to transform this module. This is a bug in dynohot {}, not in your code: {message}. Please report it with the file.",
            env!("CARGO_PKG_VERSION")
        ),
        url,
    )
}
