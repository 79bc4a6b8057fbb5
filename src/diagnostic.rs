//! Diagnostics as data: what went wrong, where (1-based line and column, columns counted in
//! UTF-16 code units like V8's stack traces), and a code frame rendered here so every host
//! prints the same thing.

use crate::lines::LineIndex;

/// What kind of problem it is (the binding gives each a stable `Error#code` string).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagnosticCode {
    /// The module (or JSON file) does not parse, or breaks an early-error rule.
    SyntaxError,
    /// The source is not valid UTF-8.
    InvalidEncoding,
    /// The module nests deeper than any engine can handle.
    TooDeep,
    /// A bug in dynohot (a caught panic).
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: DiagnosticCode,
    pub message: String,
    pub url: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, UTF-16 code units.
    pub column: u32,
    /// A few lines of source around the position with a caret under it; empty if unknown.
    pub frame: String,
}

impl Diagnostic {
    /// A diagnostic at byte `offset` of `source`.
    pub fn at(
        code: DiagnosticCode,
        message: String,
        url: &str,
        source: &str,
        offset: usize,
    ) -> Self {
        let index = LineIndex::new(source);
        let (line, column) = index.line_col_utf16(source, offset);
        Diagnostic {
            code,
            message,
            url: url.to_string(),
            line: line + 1,
            column: column + 1,
            frame: code_frame(source, &index, line as usize, offset),
        }
    }

    /// A `SyntaxError` at byte `offset` of `source`.
    pub fn syntax_error(url: &str, source: &str, offset: usize, message: String) -> Self {
        Self::at(
            DiagnosticCode::SyntaxError,
            format!("SyntaxError: {message}"),
            url,
            source,
            offset,
        )
    }

    /// A diagnostic with no position (encoding problems, internal errors).
    pub fn whole_file(code: DiagnosticCode, message: String, url: &str) -> Self {
        Diagnostic {
            code,
            message,
            url: url.to_string(),
            line: 0,
            column: 0,
            frame: String::new(),
        }
    }
}

/// Lines of context shown before and after the offending line.
const CONTEXT: usize = 2;
/// Long lines (minified code) are cut around the caret so a frame stays readable.
const MAX_LINE_CHARS: usize = 120;

fn code_frame(source: &str, index: &LineIndex, line: usize, offset: usize) -> String {
    let first = line.saturating_sub(CONTEXT);
    let last = (line + CONTEXT).min(index.line_count() - 1);
    let width = (last + 1).to_string().len();
    let mut out = String::new();
    for n in first..=last {
        let text = index.line_text(source, n);
        let marker = if n == line { '>' } else { ' ' };
        if n == line {
            let caret_chars = source
                [index.line_start(n)..offset.min(source.len()).max(index.line_start(n))]
                .chars()
                .count();
            let (shown, caret) = window(text, caret_chars);
            out.push_str(&format!("{marker} {:>width$} | {shown}\n", n + 1));
            let pad: String = shown
                .chars()
                .take(caret)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("  {:>width$} | {pad}^\n", ""));
        } else {
            let (shown, _) = window(text, 0);
            out.push_str(&format!("{marker} {:>width$} | {shown}\n", n + 1));
        }
    }
    out.pop();
    out
}

/// Cuts `text` to at most MAX_LINE_CHARS characters around character `caret`; returns the shown
/// text and the caret's position in it.
fn window(text: &str, caret: usize) -> (String, usize) {
    let total = text.chars().count();
    if total <= MAX_LINE_CHARS {
        return (text.to_string(), caret);
    }
    let start = caret
        .saturating_sub(MAX_LINE_CHARS / 2)
        .min(total - MAX_LINE_CHARS);
    let shown: String = text.chars().skip(start).take(MAX_LINE_CHARS).collect();
    (shown, caret - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_points_at_the_column() {
        let src = "const a = 1;\nconst b = ;\nconst c = 3;\n";
        let d = Diagnostic::at(
            DiagnosticCode::SyntaxError,
            "Unexpected token".into(),
            "file:///x.js",
            src,
            23,
        );
        assert_eq!((d.line, d.column), (2, 11));
        assert_eq!(
            d.frame,
            "  1 | const a = 1;\n> 2 | const b = ;\n    |           ^\n  3 | const c = 3;\n  4 | "
        );
    }

    #[test]
    fn columns_count_utf16_units() {
        let src = "const s = \"😀\"; )";
        let d = Diagnostic::at(
            DiagnosticCode::SyntaxError,
            "x".into(),
            "u",
            src,
            src.find(')').unwrap(),
        );
        assert_eq!(d.column, 17); // the emoji is two UTF-16 units
    }

    #[test]
    fn long_lines_are_windowed() {
        let src = format!("{}@", "a".repeat(10_000));
        let d = Diagnostic::at(DiagnosticCode::SyntaxError, "x".into(), "u", &src, 10_000);
        assert!(d.frame.lines().all(|l| l.len() < 140), "{}", d.frame);
        assert!(d.frame.contains("a@"));
    }
}
