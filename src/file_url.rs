//! `file:` URL ↔ path, the little the addon needs (percent-decoding, relative references).

use std::path::PathBuf;

/// The path of a `file:` URL, or `None` for other schemes.
pub fn to_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("file://")?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let decoded = percent_decode(rest)?;
    // `file:///C:/x` on Windows.
    #[cfg(windows)]
    let decoded = decoded
        .strip_prefix('/')
        .map(str::to_string)
        .unwrap_or(decoded);
    Some(PathBuf::from(decoded))
}

/// The path `reference` (relative or absolute, URL-encoded) names, relative to the `file:` URL
/// `base`.
pub fn resolve_path(base: &str, reference: &str) -> Option<PathBuf> {
    if reference.starts_with("file://") {
        return to_path(reference);
    }
    if reference.contains("://") {
        return None;
    }
    let base = to_path(base)?;
    let reference = percent_decode(reference.split(['?', '#']).next()?)?;
    Some(base.parent()?.join(reference))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_paths() {
        assert_eq!(
            to_path("file:///a/b%20c.js?hot=1"),
            Some(PathBuf::from("/a/b c.js"))
        );
        assert_eq!(to_path("node:fs"), None);
        assert_eq!(
            resolve_path("file:///a/b/c.js", "c.js.map"),
            Some(PathBuf::from("/a/b/c.js.map"))
        );
    }
}
