//! Dictionary entries packed into static tables, as the build script writes the built-in
//! dictionaries. Every string is a span of one text, so that a table needs no relocation when
//! the program loads, and every key is folded already, so that building a restorer does not
//! fold it again. An [`Entry`] is made of a packed one only when it is asked for.

use std::fmt;

use crate::dictionary::{Class, Context, Entry};

/// A string of a table's text: where it starts and ends.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Str(pub(crate) u32, pub(crate) u32);

/// An entry and its keys.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Packed {
    pub(crate) spun: Str,
    pub(crate) original: Str,
    pub(crate) class: Class,
    /// The spun form folded.
    pub(crate) folded: Str,
    /// For a spun form with capitals: the form as it must be written (normalized), and that
    /// in capitals.
    pub(crate) exact: Option<(Str, Str)>,
    /// The context items, a range of [`Table::items`].
    pub(crate) context: (u32, u32),
    /// The index of its file in [`Table::files`].
    pub(crate) file: u32,
    /// Its line in the file (1-based).
    pub(crate) line: u32,
}

/// The packed entries of one dictionary.
pub(crate) struct Table {
    /// The name of the dictionary.
    pub(crate) name: &'static str,
    /// The text that the strings of the entries are spans of.
    pub(crate) text: &'static str,
    /// The files that hold the entries.
    pub(crate) files: &'static [&'static str],
    /// The entries, file by file, in file order.
    pub(crate) entries: &'static [Packed],
    /// The context items of the entries, each with the index of its list in
    /// [`Context::lists`].
    pub(crate) items: &'static [(u8, Str)],
}

impl Table {
    /// The string `s` of the text.
    #[inline]
    pub(crate) fn str(&self, s: Str) -> &'static str {
        &self.text[s.0 as usize..s.1 as usize]
    }

    /// The exact keys of entry `i` (see [`Packed::exact`]).
    #[inline]
    pub(crate) fn exact(&self, i: usize) -> Option<(&'static str, &'static str)> {
        let (key, upper) = self.entries[i].exact?;
        Some((self.str(key), self.str(upper)))
    }

    /// The items of context list `list` (an index into [`Context::lists`]) of entry `i`.
    pub(crate) fn context(&self, i: usize, list: usize) -> impl Iterator<Item = &'static str> {
        let (start, end) = self.entries[i].context;
        self.items[start as usize..end as usize]
            .iter()
            .filter(move |(l, _)| usize::from(*l) == list)
            .map(|&(_, item)| self.str(item))
    }

    /// Entry `i`.
    pub(crate) fn entry(&self, i: usize) -> Entry {
        let packed = &self.entries[i];
        let [before, after, not_before, not_after] =
            [0, 1, 2, 3].map(|list| self.context(i, list).map(str::to_owned).collect());
        Entry {
            spun: self.str(packed.spun).to_owned(),
            original: self.str(packed.original).to_owned(),
            class: packed.class,
            context: Context {
                before,
                after,
                not_before,
                not_after,
            },
            dictionary: self.name.to_owned(),
            file: self.files[packed.file as usize].to_owned(),
            line: packed.line as usize,
        }
    }

    /// Every entry, in order.
    pub(crate) fn entries(&self) -> Vec<Entry> {
        (0..self.entries.len()).map(|i| self.entry(i)).collect()
    }
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Table")
            .field("name", &self.name)
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}
