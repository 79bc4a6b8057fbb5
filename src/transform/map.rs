//! Step 5 of the pipeline: the source map of a shell, a mapping per anchor (generated position → original position),
//! composed with the module's own input map when it has one (an inline
//! `//# sourceMappingURL=data:` comment, or a map file next to a `file:` module), so stack traces
//! under `--enable-source-maps` point at the original source (e.g. a `.ts` file).

use std::fmt::Write;

use sourcemap::{decode_data_url, DecodedMap, SourceMap, SourceMapBuilder};

use super::emit::Emitted;
use crate::lines::Cursor;

/// The shell's code with its source map appended as a `//# sourceMappingURL=data:` comment
/// (without one if the map cannot be serialised). `compiled_from`: for JavaScript compiled from
/// another dialect, that dialect's source and the map of `original` to it (`None`: positions are
/// the source's own, types having been erased in place).
pub fn append(
    emitted: Emitted,
    url: &str,
    original: &str,
    read_map_files: bool,
    compiled_from: Option<(&str, Option<SourceMap>)>,
) -> String {
    let Emitted {
        mut code,
        anchors,
        mapped,
    } = emitted;
    if let Some(map) = build(
        url,
        original,
        &code,
        &anchors,
        &mapped,
        read_map_files,
        compiled_from,
    ) {
        let _ = writeln!(code, "//# sourceMappingURL={map}");
    }
    code
}

/// Builds the map and returns it as a `data:` URL, or `None` if it cannot be serialised.
/// `anchors` are sorted byte offsets into `original`; `mapped` their offsets in `generated`
/// (`None`: the anchor's text is gone, it gets no mapping).
fn build(
    url: &str,
    original: &str,
    generated: &str,
    anchors: &[usize],
    mapped: &[Option<usize>],
    read_map_files: bool,
    compiled_from: Option<(&str, Option<SourceMap>)>,
) -> Option<String> {
    let mut builder = SourceMapBuilder::new(None);
    let source = builder.add_source(url);
    // No `sourcesContent` for a `file:` module: Node reads the file when it needs a line to show,
    // and embedding it would more than double every shell V8 keeps. Other URLs cannot be read.
    if !url.starts_with("file:") {
        let text = compiled_from.as_ref().map_or(original, |(text, _)| text);
        builder.set_source_contents(source, Some(text));
    }
    // Types erased in place: the same byte offsets, but columns are the source's (a blanked
    // non-ASCII character became one space per byte).
    let measured = match &compiled_from {
        Some((text, None)) if text.len() == original.len() => text,
        _ => original,
    };
    let mut from = Cursor::new(measured);
    let mut to = Cursor::new(generated);
    // (generated line, column, original line, column); where several anchors land on one
    // generated position (text removed before a token), the last one, the token's own, wins.
    let mut tokens: Vec<(u32, u32, u32, u32)> = Vec::with_capacity(anchors.len());
    for (&anchor, &target) in anchors.iter().zip(mapped) {
        let Some(target) = target else { continue };
        let (src_line, src_col) = from.advance_to(anchor);
        let (dst_line, dst_col) = to.advance_to(target);
        match tokens.last_mut() {
            Some(last) if (last.0, last.1) == (dst_line, dst_col) => {
                *last = (dst_line, dst_col, src_line, src_col)
            }
            _ => tokens.push((dst_line, dst_col, src_line, src_col)),
        }
    }
    for (dst_line, dst_col, src_line, src_col) in tokens {
        builder.add_raw(
            dst_line,
            dst_col,
            src_line,
            src_col,
            Some(source),
            None,
            false,
        );
    }
    let ours = builder.into_sourcemap();
    let input = match compiled_from {
        Some((text, compiled)) => compiled.or_else(|| input_map(url, text, read_map_files)),
        None => input_map(url, original, read_map_files),
    };
    let map = match input {
        Some(mut input) => {
            input.adjust_mappings(&ours);
            input
        }
        None => ours,
    };
    map.to_data_url().ok()
}

/// The map the module's source declares for itself, if any and if it can be read.
fn input_map(url: &str, original: &str, read_map_files: bool) -> Option<SourceMap> {
    let reference = source_mapping_url(original)?;
    let decoded = if reference.starts_with("data:") {
        decode_data_url(reference).ok()?
    } else {
        if !read_map_files {
            return None;
        }
        let path = crate::file_url::resolve_path(url, reference)?;
        let bytes = std::fs::read(path).ok()?;
        sourcemap::decode_slice(&bytes).ok()?
    };
    match decoded {
        DecodedMap::Regular(map) => Some(map),
        DecodedMap::Index(index) => index.flatten().ok(),
        DecodedMap::Hermes(map) => Some((*map).clone()),
    }
}

/// The value of the last `//# sourceMappingURL=` (or `//@`) comment.
fn source_mapping_url(text: &str) -> Option<&str> {
    let at = text.rfind("sourceMappingURL=")?;
    let before = text[..at].trim_end_matches([' ', '\t']);
    if !(before.ends_with("//#")
        || before.ends_with("//@")
        || before.ends_with("/*#")
        || before.ends_with("/*@"))
    {
        return None;
    }
    let rest = &text[at + "sourceMappingURL=".len()..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '*')
        .unwrap_or(rest.len());
    let value = &rest[..end];
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_last_comment() {
        assert_eq!(
            source_mapping_url("x\n//# sourceMappingURL=a.map\n"),
            Some("a.map")
        );
        assert_eq!(source_mapping_url("let s = 'sourceMappingURL=nope';"), None);
        assert_eq!(
            source_mapping_url("/*# sourceMappingURL=b.map */"),
            Some("b.map")
        );
    }
}
