//! Checks the fuzz targets share.

use unspin::Replacement;

/// Spans are in bounds, in order, without overlaps, and cover whole characters of one valid
/// run of the input.
pub fn check_spans(bytes: &[u8], found: &[Replacement]) {
    let mut runs = Vec::new();
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        runs.push((at, chunk.valid()));
        at += chunk.valid().len() + chunk.invalid().len();
    }
    let mut last = 0;
    for r in found {
        let span = r.span.clone();
        assert!(
            last <= span.start && span.start < span.end,
            "{span:?} after {last}"
        );
        let inside = runs.iter().any(|&(at, valid)| {
            at <= span.start
                && span.end <= at + valid.len()
                && valid.is_char_boundary(span.start - at)
                && valid.is_char_boundary(span.end - at)
        });
        assert!(inside, "{span:?} is not whole characters of valid text");
        last = span.end;
    }
}
