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
//!
//! Two shapes cost swc's parser time quadratic in their length, whatever the stack: an `else if`
//! chain (each link walks the chain to its end) and the labels around a statement (each label is
//! checked against all enclosing ones). The same pass counts both, and `transform` refuses more
//! than `MAX_CHAIN` of either, which V8 itself refuses long before: with its default stack, plain
//! node stops at about 3,600 links / 5,100 labels (Node 20) and 4,450 / 5,650 (Node 26) with
//! "RangeError: Maximum call stack size exceeded"; up to `MAX_CHAIN` the shell reaches V8, which
//! refuses (or, with a larger `--stack-size`, accepts) it exactly as it would the module.

/// The longest `else if` chain or label stack transformed.
pub const MAX_CHAIN: u32 = 10_000;

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
    /// `else if` links since the last bare `if` in this level.
    else_ifs: u32,
    /// Labels around the current statement, the enclosing levels' included.
    labels: u32,
    /// `labels` when this level was opened (a statement's end drops back to it).
    labels_base: u32,
}

/// What one pass over a text found.
pub struct Estimate {
    /// The estimated stack need, in bytes.
    pub stack: u64,
    /// The longest `else if` chain and label stack.
    pub else_ifs: u32,
    pub labels: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of input, an operator or punctuator: a `/` here starts a regular expression.
    Operator,
    /// An identifier, literal or closing bracket: a `/` here divides.
    Value,
}

/// The estimated stack need of transforming `text`, in bytes.
#[cfg(test)]
pub fn stack_estimate(text: &str) -> u64 {
    estimate(text).stack
}

/// The stack estimate and the chain lengths of `text`, in one pass.
pub fn estimate(text: &str) -> Estimate {
    let bytes = text.as_bytes();
    let mut stack: Vec<Level> = Vec::new();
    let mut level = Level {
        base: 0,
        expr: 0,
        stmt: 0,
        template: false,
        else_ifs: 0,
        labels: 0,
        labels_base: 0,
    };
    let mut max = 0;
    let (mut max_else_ifs, mut max_labels) = (0, 0);
    // The previous token was `else`; an identifier that started a statement (a label if `:`
    // follows); the next token starts a statement.
    let (mut after_else, mut statement_ident, mut statement_start) = (false, false, true);
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
        let was_else = std::mem::take(&mut after_else);
        let was_statement_ident = std::mem::take(&mut statement_ident);
        let starts_statement = std::mem::take(&mut statement_start);
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
                    else_ifs: 0,
                    labels: level.labels,
                    labels_base: level.labels,
                };
                max = max.max(level.base);
                prev = Prev::Operator;
                statement_start = b == b'{';
                i += 1;
            }
            b')' | b']' | b'}' => {
                let was_template = level.template;
                if let Some(outer) = stack.pop() {
                    level = outer;
                }
                i += 1;
                prev = Prev::Value;
                statement_start = b == b'}';
                if was_template && b == b'}' {
                    (i, prev) = template_text(bytes, i, &mut stack, &mut level, &mut max);
                }
            }
            b';' | b',' => {
                level.expr = 0;
                if b == b';' {
                    level.labels = level.labels_base;
                    statement_start = true;
                }
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
                if was_statement_ident {
                    level.labels += 1;
                    max_labels = max_labels.max(level.labels);
                    statement_start = true;
                }
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
                        match &bytes[start..i] {
                            b"else" => after_else = true,
                            b"if" if was_else => {
                                level.else_ifs += 1;
                                max_else_ifs = max_else_ifs.max(level.else_ifs);
                            }
                            b"if" => level.else_ifs = 0,
                            _ => {}
                        }
                    }
                    b"new" | b"typeof" | b"void" | b"delete" | b"await" | b"yield" | b"return"
                    | b"throw" | b"case" | b"in" | b"of" | b"instanceof" | b"extends" => {
                        charge!(expr, OPERATOR);
                        prev = Prev::Operator;
                    }
                    _ => {
                        statement_ident = starts_statement;
                        prev = Prev::Value;
                    }
                }
            }
            _ => {
                // `#`, `@` and stray bytes.
                prev = Prev::Operator;
                i += 1;
            }
        }
    }
    Estimate {
        stack: max,
        else_ifs: max_else_ifs,
        labels: max_labels,
    }
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
                    else_ifs: 0,
                    labels: level.labels,
                    labels_base: level.labels,
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
    fn else_if_chains_and_label_stacks_are_counted() {
        let chain = |n| format!("if (a) x;{}", " else if (a) x;".repeat(n));
        assert_eq!(estimate(&chain(5)).else_ifs, 5);
        // Separate chains, and chains inside the links' blocks, do not add up.
        let two = format!("{}\n{}", chain(4), chain(3));
        assert_eq!(estimate(&two).else_ifs, 4);
        let inner = "if (a) { if (b) x; else if (c) y; } else if (d) { z; } else if (e) {}";
        assert_eq!(estimate(inner).else_ifs, 2);
        let labels = (0..6).map(|i| format!("l{i}: ")).collect::<String>() + "x;";
        assert_eq!(estimate(&labels).labels, 6);
        // Labels around a block nest with the labels inside it; a statement's end drops them.
        assert_eq!(estimate("a: b: { c: d: x; e: y; } f: z;").labels, 4);
        // Object keys and conditionals are not labels.
        let object = format!(
            "x = {{ {} }};",
            (0..50).map(|i| format!("k{i}: 1, ")).collect::<String>()
        );
        assert!(estimate(&object).labels <= 1);
        assert_eq!(estimate("a ? b : c ? d : e;").labels, 0);
    }

    #[test]
    fn division_is_not_a_regex() {
        assert_eq!(levels("a = b / c / (d)"), ASSIGN + 2 * OPERATOR + BRACKET);
    }
}
