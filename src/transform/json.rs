//! JSON validation for JSON modules, so a broken file is a diagnostic with a line and a code frame
//! when it loads (as natively: a JSON module that does not parse fails the import), not an error
//! thrown by `JSON.parse` when the body runs. Iterative: nesting depth costs no stack.

/// The byte offset and message of the first error in `text`, if any (RFC 8259, as `JSON.parse`).
pub fn validate(text: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    // Open containers: b'[' or b'{'.
    let mut stack: Vec<u8> = Vec::new();
    #[derive(PartialEq)]
    enum Want {
        Value,
        /// After `[`: a value or `]`.
        ValueOrEnd,
        /// After `{`: a key or `}`.
        KeyOrEnd,
        Key,
        /// After a value: `,`, the container's end, or the end of input.
        After,
    }
    let mut want = Want::Value;
    let unexpected = |i: usize| -> Option<(usize, String)> {
        match text[i..].chars().next() {
            None => Some((i, "Unexpected end of JSON input".into())),
            Some(c) => Some((i, format!("Unexpected token '{c}' in JSON"))),
        }
    };
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        let b = bytes.get(i).copied();
        match want {
            Want::Value | Want::ValueOrEnd => match b {
                Some(b']') if want == Want::ValueOrEnd => {
                    stack.pop();
                    i += 1;
                    want = Want::After;
                }
                Some(b'[') | Some(b'{') => {
                    stack.push(b.unwrap_or_default());
                    i += 1;
                    want = if b == Some(b'[') {
                        Want::ValueOrEnd
                    } else {
                        Want::KeyOrEnd
                    };
                }
                Some(b'"') => {
                    i = match string(bytes, i) {
                        Ok(end) => end,
                        Err(error) => return Some(error),
                    };
                    want = Want::After;
                }
                Some(b'-' | b'0'..=b'9') => {
                    i = match number(bytes, i) {
                        Ok(end) => end,
                        Err(at) => return unexpected(at),
                    };
                    want = Want::After;
                }
                Some(b't') if bytes[i..].starts_with(b"true") => {
                    i += 4;
                    want = Want::After;
                }
                Some(b'f') if bytes[i..].starts_with(b"false") => {
                    i += 5;
                    want = Want::After;
                }
                Some(b'n') if bytes[i..].starts_with(b"null") => {
                    i += 4;
                    want = Want::After;
                }
                _ => return unexpected(i),
            },
            Want::KeyOrEnd | Want::Key => match b {
                Some(b'}') if want == Want::KeyOrEnd => {
                    stack.pop();
                    i += 1;
                    want = Want::After;
                }
                Some(b'"') => {
                    i = match string(bytes, i) {
                        Ok(end) => end,
                        Err(error) => return Some(error),
                    };
                    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
                        i += 1;
                    }
                    if bytes.get(i) != Some(&b':') {
                        return unexpected(i);
                    }
                    i += 1;
                    want = Want::Value;
                }
                _ => return unexpected(i),
            },
            Want::After => match (b, stack.last()) {
                (None, None) => return None,
                (Some(b','), Some(b'[')) => {
                    i += 1;
                    want = Want::Value;
                }
                (Some(b','), Some(b'{')) => {
                    i += 1;
                    want = Want::Key;
                }
                (Some(b']'), Some(b'[')) | (Some(b'}'), Some(b'{')) => {
                    stack.pop();
                    i += 1;
                }
                _ => return unexpected(i),
            },
        }
    }
}

/// The offset after the string starting at `start`, or the error.
fn string(bytes: &[u8], start: usize) -> Result<usize, (usize, String)> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Ok(i + 1),
            b'\\' => match bytes.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u')
                    if bytes.len() >= i + 6
                        && bytes[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit) =>
                {
                    i += 6
                }
                _ => return Err((i, "Bad escaped character in JSON".into())),
            },
            0..=0x1f => return Err((i, "Bad control character in string literal in JSON".into())),
            _ => i += 1,
        }
    }
    Err((i, "Unterminated string in JSON".into()))
}

/// The offset after the number starting at `start`, or the offset of the offending byte.
fn number(bytes: &[u8], start: usize) -> Result<usize, usize> {
    let mut i = start;
    let digits = |i: &mut usize| {
        let from = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > from
    };
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'0') {
        i += 1;
    } else if !digits(&mut i) {
        return Err(i);
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return Err(i);
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return Err(i);
        }
    }
    Ok(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_json() {
        for text in [
            "{}",
            " [] ",
            "{\"a\": [1, -2.5e+3, 0, true, false, null, \"\\u00e9\\n\"], \"b\": {}}\n",
            "\"s\"",
            "-0",
        ] {
            assert_eq!(validate(text), None, "{text}");
        }
        let deep = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
        assert_eq!(validate(&deep), None);
    }

    #[test]
    fn rejects_what_json_parse_rejects() {
        for (text, at) in [
            ("", 0),
            ("{", 1),
            ("{\"a\" 1}", 5),
            ("[1,]", 3),
            ("{\"a\":1,}", 7),
            ("[01]", 2),
            ("[1.]", 3),
            ("'a'", 0),
            ("{a: 1}", 1),
            ("[1] [2]", 4),
            ("[\"\\x\"]", 2),
            ("[\"a\nb\"]", 3),
            ("[1}", 2),
            ("tru", 0),
        ] {
            let error = validate(text);
            assert_eq!(error.as_ref().map(|e| e.0), Some(at), "{text:?}: {error:?}");
        }
    }
}
