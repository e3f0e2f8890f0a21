//! Looking into a pass: why each candidate was replaced or held back, how much spin evidence a
//! text holds, and quotations that cite spun wording rather than use it.

use std::collections::HashMap;

use serde::Serialize;

use super::*;

/// What the restorer decided about one candidate match, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The bytes of the input that are (or would be) replaced; an article that changes with
    /// the word is included.
    pub span: Range<usize>,
    /// The restored text, when the candidate was replaced.
    pub text: Option<String>,
    /// The entry, an index into [`Restorer::entries`]: the one that fired, or the first that
    /// fit when none was allowed.
    pub entry: usize,
    /// Distinct entries that count as evidence for this one within the window around it: sure
    /// or likely entries matched outside quotations (for a likely entry: another sure entry,
    /// or another likely entry of its dictionary).
    pub evidence: usize,
    /// The evidence the entry needed: 0 for sure entries, 1 for likely ones, the minimum
    /// evidence for ambiguous ones and for quoted spun wording.
    pub needed: usize,
    /// The match is a whole quotation (`“counterfeit consciousness”`): it counts as evidence
    /// only when the text outside quotations is spun.
    pub quoted: bool,
    /// The context items of the entry that stand next to the match, as `(list, item)`:
    /// `("after", "activities")`.
    pub context: Vec<(&'static str, String)>,
}

impl Decision {
    /// Whether the candidate was replaced.
    pub fn applied(&self) -> bool {
        self.text.is_some()
    }
}

impl Restorer {
    /// Every candidate match in `text`, in order, with what was decided about it and why:
    /// replaced (as [`Restorer::find`] does) or held back for want of evidence.
    pub fn explain(&self, text: &str) -> Vec<Decision> {
        let replacements = self.find(text);
        let mut tokens = Tokens::default();
        tokens.split(text);
        self.search(text, |spans, choices| {
            let outside = outside_quotations(text, spans, choices);
            let evidence = Evidence::new(&outside, choices, &self.entries, self.options);
            let mut next = replacements.iter().peekable();
            let mut decisions = Vec::new();
            for span in spans {
                while next.peek().is_some_and(|r| r.span.end <= span.start) {
                    next.next();
                }
                let replaced = next.peek().filter(|r| r.span.start <= span.start);
                let (range, entry, restored) = match replaced {
                    Some(r) => (r.span.clone(), r.entry, Some(r.text.clone())),
                    None => {
                        let choice = &choices[span.choices.start];
                        let mut restored = String::new();
                        let matched = &text[span.start..choice.end];
                        self.render(&choice.compiled, matched, &mut restored);
                        if restored == text[span.start..choice.end] {
                            continue;
                        }
                        (span.start..choice.end, choice.entry, None)
                    }
                };
                let compiled = &self.entries[entry];
                let quoted = is_quotation(text, span.start, range.end);
                let (evidence, needed) = evidence.support(span.start, entry);
                decisions.push(Decision {
                    span: range.clone(),
                    text: restored,
                    entry,
                    evidence,
                    needed: if quoted && compiled.class != Class::Ambiguous {
                        self.options.min_evidence
                    } else {
                        needed
                    },
                    quoted,
                    context: self.standing_context(
                        entry,
                        text,
                        tokens.list(),
                        span.start,
                        range.end,
                    ),
                });
            }
            decisions
        })
    }

    /// The evidence the gate counts in `text`: the most distinct sure or likely entries
    /// (outside quotations) that match within one window. Ambiguous entries fire where this
    /// reaches the minimum evidence. A text read in pieces that overlap by a window or more
    /// has the largest evidence of its pieces.
    pub fn evidence(&self, text: &str) -> usize {
        let signals = self.search(text, |spans, choices| {
            let outside = outside_quotations(text, spans, choices);
            Evidence::new(&outside, choices, &self.entries, self.options).signals
        });
        // Slide a window of twice the reach over the signals, counting each entry once.
        let reach = self.options.window.saturating_mul(2);
        let mut counts: HashMap<usize, usize> = HashMap::new();
        let mut peak = 0;
        let mut lo = 0;
        for &(at, entry) in &signals {
            *counts.entry(entry).or_default() += 1;
            while signals[lo].0.saturating_add(reach) < at {
                let gone = signals[lo].1;
                let left = counts.get_mut(&gone).expect("counted on entry");
                *left -= 1;
                if *left == 0 {
                    counts.remove(&gone);
                }
                lo += 1;
            }
            peak = peak.max(counts.len());
        }
        peak
    }
}

/// Quotations that cite spun wording: a match that is a whole quotation (`'bosom peril'`,
/// `“counterfeit consciousness,”`) is held back, and does not count as evidence, unless the
/// text outside quotations is spun itself.
///
/// Every decision rests on the text within the evidence window around it, so that a part of a
/// long text is restored as the whole would be.
pub(super) struct Aside<'a> {
    /// Where the sure or likely matches that are whole quotations start, in order.
    quoted: Vec<usize>,
    /// The evidence outside quotations, when some match is quoted.
    outside: Option<Evidence<'a>>,
}

impl<'a> Aside<'a> {
    pub(super) fn new(
        text: &str,
        spans: &[Span],
        choices: &[Choice],
        entries: &'a [Compiled],
        options: Options,
    ) -> Aside<'a> {
        let quoted: Vec<usize> = spans
            .iter()
            .filter(|span| is_quoted_signal(text, span, choices))
            .map(|span| span.start)
            .collect();
        let outside = (!quoted.is_empty()).then(|| {
            let outside = outside_quotations(text, spans, choices);
            Evidence::new(&outside, choices, entries, options)
        });
        Aside { quoted, outside }
    }

    /// Whether the match of `choice` at `start..end`, allowed by `all` the evidence, is held
    /// back once quotations are set aside.
    pub(super) fn holds_back(
        &mut self,
        text: &str,
        (start, end): (usize, usize),
        choice: &Choice,
        all: &mut Evidence<'a>,
    ) -> bool {
        let quotation = is_quotation(text, start, end);
        let window = all.options.window;
        let first = self
            .quoted
            .partition_point(|&at| at.saturating_add(window) < start);
        let near = self
            .quoted
            .get(first)
            .is_some_and(|&at| at <= start.saturating_add(window));
        // Where no quoted match is within the window, the evidence outside quotations is all
        // the evidence.
        let evidence = match &mut self.outside {
            Some(outside) if near => outside,
            _ if quotation => all,
            _ => return false,
        };
        if quotation {
            let needed = evidence.options.min_evidence;
            !evidence.distinct_near(start, needed, |_| true)
        } else {
            !evidence.allows(start, choice)
        }
    }
}

/// Whether the sure or likely match of `span` is a whole quotation.
fn is_quoted_signal(text: &str, span: &Span, choices: &[Choice]) -> bool {
    choices[span.choices.clone()]
        .iter()
        .find(|c| c.compiled.class != Class::Ambiguous)
        .is_some_and(|c| is_quotation(text, span.start, c.end))
}

/// The spans whose sure or likely match is not a whole quotation.
fn outside_quotations(text: &str, spans: &[Span], choices: &[Choice]) -> Vec<Span> {
    spans
        .iter()
        .filter(|span| !is_quoted_signal(text, span, choices))
        .map(|span| Span {
            start: span.start,
            choices: span.choices.clone(),
        })
        .collect()
}

/// Whether `text[start..end]` is quoted as a term: an opening quotation mark right before it
/// (not an apostrophe inside a word), and a closing one within a few words after it on the
/// same line (`“folks accustomed to the matter”` quotes the key "folks accustomed to").
fn is_quotation(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let opens = matches!(
        before.next(),
        Some('"' | '\'' | '\u{201C}' | '\u{2018}' | '\u{AB}' | '\u{201E}')
    );
    if !opens || before.next().is_some_and(char::is_alphanumeric) {
        return false;
    }
    let mut rest = text[end..].char_indices().peekable();
    while let Some((at, c)) = rest.next() {
        if at > TERM_TAIL || c == '\n' {
            return false;
        }
        let closes = matches!(
            c,
            '"' | '\'' | '\u{201D}' | '\u{2019}' | '\u{BB}' | '\u{201C}'
        );
        if closes && !rest.peek().is_some_and(|&(_, next)| next.is_alphanumeric()) {
            return true;
        }
    }
    false
}

/// How far (in bytes) after a match the closing quotation mark of a quoted term may stand.
const TERM_TAIL: usize = 32;

impl Evidence<'_> {
    /// The evidence for `entry` at `offset`, counted as its class counts it, and how much it
    /// needs.
    fn support(&self, offset: usize, entry: usize) -> (usize, usize) {
        let entries = self.entries;
        let window = self.options.window;
        let near = self
            .signals
            .iter()
            .filter(|&&(at, _)| at.abs_diff(offset) <= window)
            .map(|&(_, other)| other);
        let mut seen: Vec<usize> = match entries[entry].class {
            Class::Likely => near
                .filter(|&other| {
                    other != entry
                        && (entries[other].class == Class::Sure
                            || entries[other].dictionary == entries[entry].dictionary)
                })
                .collect(),
            _ => near.filter(|&other| other != entry).collect(),
        };
        seen.sort_unstable();
        seen.dedup();
        let needed = match entries[entry].class {
            Class::Sure => 0,
            Class::Likely => 1,
            Class::Ambiguous => self.options.min_evidence,
        };
        (seen.len(), needed)
    }
}

impl Restorer {
    /// The items of the `before` and `after` lists of entry `id` that stand next to
    /// `text[start..end]`, whose tokens are `tokens`.
    fn standing_context(
        &self,
        id: usize,
        text: &str,
        tokens: &[Token],
        start: usize,
        end: usize,
    ) -> Vec<(&'static str, String)> {
        let index = |offset: usize| tokens.partition_point(|t| t.start() < offset);
        let (first, after) = (index(start), index(end));
        let mut found = Vec::new();
        for (list, items) in self.entry(id).context.lists().into_iter().take(2) {
            for item in items {
                let one = Neighbours::new([item.as_str()]);
                let stands = if list == "before" {
                    one.stand_before(text, tokens, first)
                } else {
                    one.stand_after(text, tokens, after)
                };
                if stands {
                    found.push((list, item.clone()));
                }
            }
        }
        found
    }
}
