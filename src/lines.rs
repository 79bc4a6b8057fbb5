//! Byte offset ↔ (line, column) conversion. Columns are UTF-16 code units, as in V8 stack traces
//! and source maps.

pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The text of 0-based `line`, without its line terminator.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        text[start..end].trim_end_matches('\r')
    }

    /// 0-based line and UTF-16 column of byte `offset` (clamped to the text).
    pub fn line_col_utf16(&self, text: &str, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let col = utf16_len(&text[self.starts[line]..offset]);
        (line as u32, col as u32)
    }
}

pub fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

/// Walks a text forward, turning increasing byte offsets into (line, UTF-16 column) in amortised
/// constant time: the source map builder asks for thousands of positions in order, and a
/// minified one-line file must not make that quadratic.
pub struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    line: u32,
    col: u32,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Cursor {
            text,
            offset: 0,
            line: 0,
            col: 0,
        }
    }

    /// Position of `target`, which must not be before the previous target.
    pub fn advance_to(&mut self, target: usize) -> (u32, u32) {
        let target = target.min(self.text.len());
        debug_assert!(target >= self.offset);
        let slice = &self.text.as_bytes()[self.offset..target];
        for &b in slice {
            if b == b'\n' {
                self.line += 1;
                self.col = 0;
            } else if b < 0x80 {
                self.col += 1;
            } else if b & 0xC0 != 0x80 {
                // A lead byte: 4-byte sequences are astral (two UTF-16 units).
                self.col += if b >= 0xF0 { 2 } else { 1 };
            }
        }
        self.offset = target;
        (self.line, self.col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_matches_index() {
        let text = "a😀b\nxé\n\nlast";
        let index = LineIndex::new(text);
        let mut cursor = Cursor::new(text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(
                    cursor.advance_to(offset),
                    index.line_col_utf16(text, offset),
                    "at {offset}"
                );
            }
        }
    }
}
