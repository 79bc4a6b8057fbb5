//! A cheap upper bound of how much native stack transforming a text needs.
//!
//! swc's parser, the scope resolver, our visitors and the AST's destructor all recurse once per
//! nesting level, and a stack overflow cannot be caught: it kills the process. Nesting is not only
//! brackets: `!!!!x`, `a = a = …`, `a ? b : a ? …`, `x => x => …`, labels, `else if` chains and
//! left-deep operator chains (`1 + 1 + …`, `a.b.c…`) all nest in the AST. So one linear pass over
//! the bytes (skipping comments, strings, template text and regular expressions) charges every
//! token that can open a level with the stack it costs, per bracket level, and forgets what a `;`
//! or `,` (or a line break that ends a statement) ends. The largest running total is the estimate:
//! `transform` runs small estimates on the caller's thread, larger ones on a thread with a big
//! stack, and refuses what no stack we are willing to reserve could hold.
//!
//! Costs were measured on a debug build (the largest frames); a release build needs far less.

/// Stack bytes per level opened by a bracket: `(`, `[`, `{`, `${`.
const BRACKET: u64 = 24 << 10;
/// `:` (labels, conditionals, object properties).
const COLON: u64 = 12 << 10;
/// `=` (assignments, arrows).
const ASSIGN: u64 = 16 << 10;
/// Any other operator character, and keywords that nest (`new`, `typeof`, `if`, `else`, …).
const OPERATOR: u64 = 2 << 10;

#[derive(Clone, Copy)]
struct Level {
    /// The running total when this level was opened.
    base: u64,
    /// Cost of the expression chain since the last `;` / `,` in this level.
    expr: u64,
    /// Cost of statement keywords in this level, which `;` does not end (`if (a) x; else if …`).
    stmt: u64,
    /// Whether this level is a template substitution `${…}` (its `}` resumes the template text).
    template: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of input, an operator or punctuator: a `/` here starts a regular expression.
    Operator,
    /// An identifier, literal or closing bracket: a `/` here divides.
    Value,
}

/// The estimated stack need of transforming `text`, in bytes.
pub fn stack_estimate(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut stack: Vec<Level> = Vec::new();
    let mut level = Level {
        base: 0,
        expr: 0,
        stmt: 0,
        template: false,
    };
    let mut max = 0;
    let mut prev = Prev::Operator;
    // A line break after a value may end a statement (ASI): the chain is forgotten if the next
    // token cannot continue the expression.
    let mut pending_break = false;
    let mut i = 0;
    let len = bytes.len();
    macro_rules! charge {
        ($field:ident, $cost:expr) => {{
            level.$field += $cost;
            max = max.max(level.base + level.expr + level.stmt);
        }};
    }
    while i < len {
        let b = bytes[i];
        match b {
            b'\n' => {
                if prev == Prev::Value {
                    pending_break = true;
                }
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr(b'\n', bytes, i).unwrap_or(len);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = find(bytes, b"*/", i + 2).map_or(len, |e| e + 2);
                if bytes[i..end].contains(&b'\n') && prev == Prev::Value {
                    pending_break = true;
                }
                i = end;
                continue;
            }
            _ => {}
        }
        // A significant token starts at `i`.
        if pending_break {
            pending_break = false;
            let continues = matches!(
                b,
                b'(' | b'['
                    | b'.'
                    | b'`'
                    | b'+'
                    | b'-'
                    | b'*'
                    | b'/'
                    | b'%'
                    | b'<'
                    | b'>'
                    | b'='
                    | b'&'
                    | b'|'
                    | b'^'
                    | b'?'
                    | b':'
                    | b','
            ) || b == b'!' && bytes.get(i + 1) == Some(&b'=')
                || bytes[i..].starts_with(b"in");
            if !continues {
                level.expr = 0;
            }
        }
        match b {
            b'(' | b'[' | b'{' => {
                if b != b'{' && prev == Prev::Value {
                    // A call or computed member access: `f()()()` and `a[0][0]` are left-deep.
                    charge!(expr, OPERATOR);
                }
                stack.push(level);
                level = Level {
                    base: level.base + level.expr + level.stmt + BRACKET,
                    expr: 0,
                    stmt: 0,
                    template: false,
                };
                max = max.max(level.base);
                prev = Prev::Operator;
                i += 1;
            }
            b')' | b']' | b'}' => {
                let was_template = level.template;
                if let Some(outer) = stack.pop() {
                    level = outer;
                }
                i += 1;
                prev = Prev::Value;
                if was_template && b == b'}' {
                    (i, prev) = template_text(bytes, i, &mut stack, &mut level, &mut max);
                }
            }
            b';' | b',' => {
                level.expr = 0;
                prev = Prev::Operator;
                i += 1;
            }
            b'\'' | b'"' => {
                i = string_end(bytes, i);
                prev = Prev::Value;
            }
            b'`' => {
                if prev == Prev::Value {
                    // A tagged template: `` f`a``b` `` is left-deep.
                    charge!(expr, OPERATOR);
                }
                (i, prev) = template_text(bytes, i + 1, &mut stack, &mut level, &mut max);
            }
            b'/' if prev == Prev::Operator => {
                i = regex_end(bytes, i);
                prev = Prev::Value;
            }
            b':' => {
                charge!(expr, COLON);
                prev = Prev::Operator;
                i += 1;
            }
            b'=' => {
                charge!(expr, ASSIGN);
                prev = Prev::Operator;
                i += 1;
            }
            b'!' | b'~' | b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' | b'&' | b'|' | b'^'
            | b'?' | b'.' => {
                // `.5` is a number, `...` a spread: both are charged like an operator.
                charge!(expr, OPERATOR);
                prev = Prev::Operator;
                i += 1;
            }
            b'0'..=b'9' => {
                while i < len
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
                {
                    i += 1;
                }
                prev = Prev::Value;
            }
            _ if b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b == b'\\' || b >= 0x80 => {
                let start = i;
                while i < len
                    && (bytes[i].is_ascii_alphanumeric()
                        || bytes[i] == b'_'
                        || bytes[i] == b'$'
                        || bytes[i] == b'\\'
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                match &bytes[start..i] {
                    b"if" | b"else" | b"for" | b"while" | b"do" | b"with" => {
                        charge!(stmt, OPERATOR);
                        prev = Prev::Operator;
                    }
                    b"new" | b"typeof" | b"void" | b"delete" | b"await" | b"yield" | b"return"
                    | b"throw" | b"case" | b"in" | b"of" | b"instanceof" | b"extends" => {
                        charge!(expr, OPERATOR);
                        prev = Prev::Operator;
                    }
                    _ => prev = Prev::Value,
                }
            }
            _ => {
                // `#`, `@` and stray bytes.
                prev = Prev::Operator;
                i += 1;
            }
        }
    }
    max
}

fn memchr(needle: u8, bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == needle)
        .map(|p| p + from)
}

fn find(bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The offset after the string literal starting at `start` (or the end of its line if unclosed).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The offset after the regular expression literal starting at `start`.
fn regex_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    let mut class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b'[' => {
                class = true;
                i += 1
            }
            b']' => {
                class = false;
                i += 1
            }
            b'/' if !class => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Skips template text from `i` (just after `` ` `` or a substitution's `}`): returns the offset
/// after the closing `` ` `` (a value), or after a `${`, having opened a template level.
fn template_text(
    bytes: &[u8],
    mut i: usize,
    stack: &mut Vec<Level>,
    level: &mut Level,
    max: &mut u64,
) -> (usize, Prev) {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => return (i + 1, Prev::Value),
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                stack.push(*level);
                *level = Level {
                    base: level.base + level.expr + level.stmt + BRACKET,
                    expr: 0,
                    stmt: 0,
                    template: true,
                };
                *max = (*max).max(level.base);
                return (i + 2, Prev::Operator);
            }
            _ => i += 1,
        }
    }
    (bytes.len(), Prev::Value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(text: &str) -> u64 {
        stack_estimate(text)
    }

    #[test]
    fn brackets_nest() {
        assert_eq!(levels("((1))"), 2 * BRACKET);
        assert_eq!(levels("(a)"), BRACKET);
        // Calls and member accesses chain.
        assert_eq!(levels("f(a)(b)(c)"), 3 * OPERATOR + BRACKET);
    }

    #[test]
    fn strings_comments_templates_and_regexes_do_not_nest() {
        let text = format!(
            "x = '{0}'; y = \"{0}\"; // {0}\n/* {0} */ z = `{0}`; r = /\\{0}[)]/.source;",
            "(((((((((({{{{[[[["
        );
        assert_eq!(levels(&text), ASSIGN + OPERATOR);
    }

    #[test]
    fn template_substitutions_nest() {
        assert_eq!(levels("`${`${`${1}`}`}`"), 3 * BRACKET);
        assert_eq!(levels("`a${b}c${d}e`"), BRACKET);
    }

    #[test]
    fn chains_nest_until_a_statement_ends() {
        assert_eq!(levels("!!!!x"), 4 * OPERATOR);
        assert_eq!(levels("a = 1; b = 2, c = 3"), ASSIGN);
        assert_eq!(levels("a = b\nc = d\n"), ASSIGN);
        // A line break inside an expression does not end it.
        assert_eq!(levels("a = b\n+ c\n+ d"), ASSIGN + 2 * OPERATOR);
        assert_eq!(levels("a: a: a: ;"), 3 * COLON);
    }

    #[test]
    fn else_if_chains_nest_across_statements() {
        let text = "if (a) x; else if (b) y; else if (c) z;";
        assert!(levels(text) >= 5 * OPERATOR, "{}", levels(text));
        let flat = "{ if (a) {} } { if (b) {} } { if (c) {} }";
        assert!(levels(flat) < 3 * BRACKET);
    }

    #[test]
    fn division_is_not_a_regex() {
        assert_eq!(levels("a = b / c / (d)"), ASSIGN + 2 * OPERATOR + BRACKET);
    }
}
