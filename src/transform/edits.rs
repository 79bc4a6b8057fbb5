//! In-place text edits (byte range → replacement) spliced into the original source, magic-string
//! style. Every edit keeps the number of line breaks of the text it replaces, so the user's code
//! stays on its original lines in the output.

#[derive(Debug, Clone)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Default)]
pub struct Edits {
    list: Vec<Edit>,
}

impl Edits {
    pub fn replace(&mut self, start: usize, end: usize, text: impl Into<String>) {
        self.list.push(Edit {
            start,
            end,
            text: text.into(),
        });
    }

    pub fn insert(&mut self, at: usize, text: impl Into<String>) {
        self.replace(at, at, text);
    }

    pub fn remove(&mut self, start: usize, end: usize) {
        self.replace(start, end, String::new());
    }

    /// Applies the edits to `source`, prefixed by `prefix`. Returns the text and, for each of the
    /// sorted `anchors` (byte offsets into `source`), its byte offset in the result, or `None`
    /// for an anchor on a later line of a replaced range (nothing of it is left).
    pub fn apply(
        mut self,
        source: &str,
        prefix: &str,
        anchors: &[usize],
    ) -> (String, Vec<Option<usize>>) {
        // Insertions at one position keep their order of registration.
        self.list.sort_by_key(|e| (e.start, e.end));
        let mut out = String::with_capacity(source.len() + prefix.len() + self.list.len() * 16);
        out.push_str(prefix);
        let mut mapped = Vec::with_capacity(anchors.len());
        let mut anchor_iter = anchors.iter().copied().peekable();
        let mut pos = 0;
        let mut previous: Option<&Edit> = None;
        for edit in &self.list {
            // Two edits of one range would make the output wrong in ways no test may notice:
            // never drop one, fail the transform (in every build; the caller turns the panic
            // into an internal-error diagnostic naming the file).
            if let Some(previous) = previous.filter(|_| edit.start < pos) {
                panic!(
                    "overlapping edits: {}..{} {:?} and {}..{} {:?}",
                    previous.start, previous.end, previous.text, edit.start, edit.end, edit.text
                );
            }
            previous = Some(edit);
            // Anchors in the untouched text before the edit.
            while let Some(&a) = anchor_iter.peek() {
                if a >= edit.start {
                    break;
                }
                mapped.push(Some(out.len() + (a - pos)));
                anchor_iter.next();
            }
            out.push_str(&source[pos..edit.start]);
            // Anchors inside a replaced range map to the start of its replacement.
            let replacement_start = out.len();
            while let Some(&a) = anchor_iter.peek() {
                if a >= edit.end && !(edit.start == edit.end && a == edit.start) {
                    break;
                }
                if edit.start == edit.end {
                    // An insertion: the anchor's text follows the inserted text.
                    break;
                }
                let line_lost = source[edit.start..a].contains('\n');
                mapped.push((!line_lost).then_some(replacement_start));
                anchor_iter.next();
            }
            out.push_str(&edit.text);
            let removed = &source[edit.start..edit.end];
            let lost = removed.bytes().filter(|&b| b == b'\n').count();
            let added = edit.text.bytes().filter(|&b| b == b'\n').count();
            for _ in added..lost {
                out.push('\n');
            }
            pos = edit.end;
        }
        for a in anchor_iter {
            mapped.push(Some(out.len() + (a.max(pos) - pos)));
        }
        out.push_str(&source[pos..]);
        (out, mapped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_line_breaks_and_maps_anchors() {
        let src = "import {\n a\n} from 'x'; foo(a)";
        let mut edits = Edits::default();
        edits.replace(0, 22, ";");
        let a = src.rfind('a').unwrap();
        edits.replace(a, a + 1, "$h.a");
        let anchors = [0, src.find("foo").unwrap(), a];
        let (out, mapped) = edits.apply(src, "P", &anchors);
        assert_eq!(out, "P;\n\n; foo($h.a)");
        let (_, inside) = Edits {
            list: vec![Edit {
                start: 0,
                end: 22,
                text: ";".into(),
            }],
        }
        .apply(src, "P", &[0, 3, 9]);
        assert_eq!(inside, vec![Some(1), Some(1), None]);
        assert_eq!(mapped, vec![Some(1), out.find("foo"), out.find("$h")]);
    }

    #[test]
    #[should_panic(expected = "overlapping edits: 0..4 \";\" and 2..3 \"x\"")]
    fn overlapping_edits_panic() {
        let mut edits = Edits::default();
        edits.replace(0, 4, ";");
        edits.replace(2, 3, "x");
        edits.apply("abcdef", "", &[]);
    }

    /// An insertion inside a replaced range overlaps it too; one at its end does not.
    #[test]
    fn insertions_inside_a_replacement_overlap() {
        let mut edits = Edits::default();
        edits.replace(0, 4, ";");
        edits.insert(4, "y");
        assert_eq!(edits.apply("abcdef", "", &[]).0, ";yef");
        let inside = std::panic::catch_unwind(|| {
            let mut edits = Edits::default();
            edits.replace(0, 4, ";");
            edits.insert(2, "y");
            edits.apply("abcdef", "", &[])
        });
        assert!(inside.is_err());
    }

    /// Through the transform's guard, the panic is an internal error naming the file.
    #[test]
    fn an_overlap_is_an_internal_error_naming_the_file() {
        let output = crate::transform::catching_panics("file:///app/overlap.js", || {
            let mut edits = Edits::default();
            edits.replace(0, 4, ";");
            edits.replace(1, 2, "x");
            let (code, _) = edits.apply("abcdef", "", &[]);
            crate::transform::Output {
                code,
                ..Default::default()
            }
        });
        assert_eq!(output.code, "");
        let error = &output.errors[0];
        assert_eq!(error.code, crate::diagnostic::DiagnosticCode::Internal);
        assert_eq!(error.url, "file:///app/overlap.js");
        assert!(
            error.message.contains("overlapping edits: 0..4"),
            "{}",
            error.message
        );
    }

    #[test]
    fn insertions_keep_order() {
        let mut edits = Edits::default();
        edits.insert(1, "x");
        edits.insert(1, "y");
        let (out, mapped) = edits.apply("ab", "", &[1]);
        assert_eq!(out, "axyb");
        assert_eq!(mapped, vec![Some(3)]);
    }
}
