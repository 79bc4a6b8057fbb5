//! Small helpers over swc's AST and the source text: byte offsets, literal text, bound names.

use swc_common::Span;
use swc_ecma_ast::*;

/// Sources are parsed starting at BytePos(1) (0 is swc's "dummy" position).
pub const BASE: u32 = 1;

pub fn lo(span: Span) -> usize {
    (span.lo.0 - BASE) as usize
}

pub fn hi(span: Span) -> usize {
    (span.hi.0 - BASE) as usize
}

/// The name an export specifier or import specifier carries, decoded.
pub fn export_name(name: &ModuleExportName) -> String {
    match name {
        ModuleExportName::Ident(i) => i.sym.to_string(),
        ModuleExportName::Str(s) => s.value.to_string_lossy().into_owned(),
    }
}

/// A JavaScript string literal for `s` (double-quoted, escaped so it is safe anywhere,
/// including inside a `//#` comment-free line and HTML-ish contexts).
pub fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every identifier a binding pattern declares, in source order.
pub fn pattern_names<'a>(pat: &'a Pat, out: &mut Vec<&'a Ident>) {
    match pat {
        Pat::Ident(b) => out.push(&b.id),
        Pat::Array(a) => {
            for p in a.elems.iter().flatten() {
                pattern_names(p, out);
            }
        }
        Pat::Rest(r) => pattern_names(&r.arg, out),
        Pat::Object(o) => {
            for prop in &o.props {
                match prop {
                    ObjectPatProp::KeyValue(kv) => pattern_names(&kv.value, out),
                    ObjectPatProp::Assign(a) => out.push(&a.key.id),
                    ObjectPatProp::Rest(r) => pattern_names(&r.arg, out),
                }
            }
        }
        Pat::Assign(a) => pattern_names(&a.left, out),
        Pat::Invalid(_) | Pat::Expr(_) => {}
    }
}

/// Identifiers a declaration binds (the names `export <decl>` exports).
pub fn decl_names(decl: &Decl) -> Vec<&Ident> {
    let mut out = Vec::new();
    match decl {
        Decl::Class(c) => out.push(&c.ident),
        Decl::Fn(f) => out.push(&f.ident),
        Decl::Var(v) => {
            for d in &v.decls {
                pattern_names(&d.name, &mut out);
            }
        }
        Decl::Using(u) => {
            for d in &u.decls {
                pattern_names(&d.name, &mut out);
            }
        }
        _ => {}
    }
    out
}

/// Skips whitespace and comments in `text` from `at`; returns the next significant offset.
pub fn skip_trivia(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while at < bytes.len() && (bytes[at] as char).is_ascii_whitespace() {
            at += 1;
        }
        if text[at..].starts_with("//") {
            at = text[at..].find('\n').map_or(text.len(), |n| at + n);
        } else if text[at..].starts_with("/*") {
            at = text[at + 2..]
                .find("*/")
                .map_or(text.len(), |n| at + 2 + n + 2);
        } else if at < bytes.len() && !bytes[at].is_ascii() {
            // Unicode whitespace (NBSP, BOM, line separators) is rare; step over it.
            let c = text[at..].chars().next().unwrap_or('x');
            if c.is_whitespace() || c == '\u{feff}' {
                at += c.len_utf8();
            } else {
                return at;
            }
        } else {
            return at;
        }
    }
}

/// Where to put a name into an anonymous `[async] function [*] (…)`: right before the `(`.
pub fn anonymous_function_name_at(text: &str, function_lo: usize) -> usize {
    let mut at = skip_trivia(text, function_lo);
    if text[at..].starts_with("async") {
        at = skip_trivia(text, at + 5);
    }
    if text[at..].starts_with("function") {
        at = skip_trivia(text, at + 8);
    }
    if text[at..].starts_with('*') {
        at += 1;
    }
    at
}

/// Unwraps parentheses: `((x))` → `x`.
pub fn unparen(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(p) => unparen(&p.expr),
        e => e,
    }
}

/// Whether `export default <expr>` gets its name from the export ("default") natively.
pub fn is_anonymous_function_definition(expr: &Expr) -> bool {
    match unparen(expr) {
        Expr::Fn(f) => f.ident.is_none(),
        Expr::Class(c) => c.ident.is_none(),
        Expr::Arrow(_) => true,
        _ => false,
    }
}
