//! `codeHash`: a fingerprint of the JavaScript a TypeScript (or JSX) module compiles to, blind to
//! whitespace and comments, so that the runtime can tell that an edit changed only types (the
//! same hash: nothing to re-run). Two modules with equal hashes run the same tokens in the same
//! order with line breaks in the same places (automatic semicolon insertion depends on them).

use std::hash::{DefaultHasher, Hasher};

/// A running hash over tokens.
pub struct TokenHasher {
    hasher: DefaultHasher,
}

impl TokenHasher {
    pub fn new() -> Self {
        TokenHasher {
            hasher: DefaultHasher::new(),
        }
    }

    /// Adds a token's text; `line_break`: a line terminator precedes it.
    pub fn token(&mut self, text: &str, line_break: bool) {
        self.hasher.write_u8(if line_break { 1 } else { 2 });
        self.hasher.write(text.as_bytes());
        self.hasher.write_u8(0xff);
    }

    pub fn finish(self) -> String {
        format!("{:016x}", self.hasher.finish())
    }
}

/// The hash of printed JavaScript (swc's code generator, without comments: its layout depends
/// only on the syntax tree, so equal trees print equal text).
pub fn of_text(code: &str) -> String {
    let mut hasher = TokenHasher::new();
    hasher.token(code, false);
    hasher.finish()
}
