//! Python bindings of `unspin`: a thin layer over the Rust library, with batch and Arrow entry
//! points that restore in parallel without holding the GIL.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, GenericStringArray, OffsetSizeTrait, builder::GenericStringBuilder,
    cast::AsArray,
};
use arrow_schema::DataType;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyList, PyString, PyTuple};
use pyo3_arrow::{PyArray, PyChunkedArray};
use rayon::prelude::*;
use unspin::{Builder, Decision, Dictionary, Options, builtin};

pyo3::create_exception!(
    unspin,
    DictionaryError,
    PyValueError,
    "A dictionary that cannot be read or parsed. The message is `file[:line]: message`, as the \
     command line prints it; `file` and `line` (or None) are attributes."
);

/// Restores spun text with a set of dictionaries.
///
/// Restorer(dicts=None, builtin=True, tortured=True, min_evidence=3)
///
/// `dicts` are dictionary files or folders, used before the built-in dictionaries: where two
/// hold the same spun form, the one given first wins. `builtin=False` uses only `dicts`;
/// `tortured=False` leaves out the built-in dictionary of scientific tortured phrases.
/// `min_evidence` is how many distinct sure or likely matches must stand near an ambiguous
/// entry before it fires. A Restorer is immutable and safe to share between threads; build it
/// once (a build reads and compiles the dictionaries, 0.1 to 0.2 s for the built-in ones).
#[pyclass(frozen, module = "unspin")]
struct Restorer {
    inner: Arc<unspin::Restorer>,
    dicts: Vec<PathBuf>,
    builtin: bool,
    tortured: bool,
    min_evidence: usize,
}

#[pymethods]
impl Restorer {
    #[new]
    #[pyo3(signature = (dicts = None, builtin = true, tortured = true, min_evidence = Options::default().min_evidence))]
    fn new(
        py: Python<'_>,
        dicts: Option<Vec<PathBuf>>,
        builtin: bool,
        tortured: bool,
        min_evidence: usize,
    ) -> PyResult<Restorer> {
        let dicts = dicts.unwrap_or_default();
        let inner = py
            .detach(|| build(&dicts, builtin, tortured, min_evidence))
            .map_err(|e| e.into_py_err(py))?;
        Ok(Restorer {
            inner: Arc::new(inner),
            dicts,
            builtin,
            tortured,
            min_evidence,
        })
    }

    /// The restored text; text with nothing to restore comes back as the same object.
    fn restore<'py>(&self, text: Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
        let py = text.py();
        let backed = PyBackedStr::try_from(text.clone())?;
        let restored = py.detach(|| changed(&self.inner, &backed));
        Ok(match restored {
            Some(restored) => PyString::new(py, &restored),
            None => text,
        })
    }

    /// Restores each text, in parallel and without holding the GIL; the list keeps the order.
    /// Texts with nothing to restore come back as the same objects.
    fn restore_batch<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<Bound<'py, PyString>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let backed = texts
            .iter()
            .map(|t| PyBackedStr::try_from(t.clone()))
            .collect::<PyResult<Vec<_>>>()?;
        let restored: Vec<Option<String>> = py.detach(|| {
            backed
                .par_iter()
                .map(|text| changed(&self.inner, text))
                .collect()
        });
        let items = texts
            .into_iter()
            .zip(restored)
            .map(|(text, restored)| match restored {
                Some(restored) => PyString::new(py, &restored),
                None => text,
            });
        PyList::new(py, items)
    }

    /// Restores a column of strings: a `pyarrow` string or large_string Array, or a
    /// ChunkedArray of them (anything with `__arrow_c_array__` or `__arrow_c_stream__`).
    /// Rows are restored in parallel without the GIL and without Python objects; nulls stay
    /// null, and a column with nothing to restore comes back without a copy.
    fn restore_arrow<'py>(&self, py: Python<'py>, column: Column) -> PyResult<Bound<'py, PyAny>> {
        match column {
            Column::Array(array) => {
                let (array, field) = array.into_inner();
                let restored = py.detach(|| restore_array(&self.inner, &array))?;
                let restored = PyArray::new(restored, field);
                // The exported array does not borrow from `restored`; only the signature says so.
                Ok(restored.to_pyarrow(py)?.unbind().into_bound(py))
            }
            Column::Chunked(chunked) => {
                let (chunks, field) = chunked.into_inner();
                let restored = py.detach(|| {
                    chunks
                        .iter()
                        .map(|chunk| restore_array(&self.inner, chunk))
                        .collect::<PyResult<Vec<_>>>()
                })?;
                PyChunkedArray::try_new(restored, field)?.into_pyarrow(py)
            }
        }
    }

    /// The spin score of the text and its verdict, as `unspin check` gives them.
    fn check(&self, py: Python<'_>, text: PyBackedStr) -> Check {
        let score = py.detach(|| self.inner.score(&text));
        Check {
            score: score.score,
            words: score.words,
            hits: score.hits,
            entries: score.entries,
            evidence: score.evidence,
            verdict: score.verdict.name(),
        }
    }

    /// Every candidate change in the text, in order: the ones made and, with `all=True`, the
    /// ones held back for want of evidence. Offsets count characters, as Python indexes str.
    #[pyo3(signature = (text, all = false))]
    fn explain(&self, py: Python<'_>, text: PyBackedStr, all: bool) -> Vec<Change> {
        py.detach(|| {
            let decisions = self.inner.explain(&text);
            let mut offsets = CharOffsets::new(&text);
            decisions
                .into_iter()
                .filter(|d| all || d.applied())
                .map(|d| Change::new(&self.inner, &text, &mut offsets, d))
                .collect()
        })
    }

    /// The number of entries in the dictionaries.
    #[getter]
    fn entries(&self) -> usize {
        self.inner.entries().len()
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let class = py.get_type::<Restorer>().into_any();
        let args = (
            self.dicts.clone(),
            self.builtin,
            self.tortured,
            self.min_evidence,
        )
            .into_pyobject(py)?;
        Ok((class, args))
    }

    fn __repr__(&self) -> String {
        let dicts: Vec<String> = self
            .dicts
            .iter()
            .map(|d| format!("{:?}", d.display().to_string()))
            .collect();
        format!(
            "Restorer(dicts=[{}], builtin={}, tortured={}, min_evidence={})",
            dicts.join(", "),
            py_bool(self.builtin),
            py_bool(self.tortured),
            self.min_evidence
        )
    }
}

/// The spin score of a text: the density and strength of dictionary hits per 1,000 words.
#[pyclass(frozen, get_all, module = "unspin")]
struct Check {
    /// The spin score.
    score: f64,
    /// The words in the text.
    words: usize,
    /// Restorations the text gets.
    hits: usize,
    /// Distinct entries among them.
    entries: usize,
    /// The most distinct sure or likely entries within one window.
    evidence: usize,
    /// "clean", "unclear" or "spun".
    verdict: &'static str,
}

#[pymethods]
impl Check {
    fn __repr__(&self) -> String {
        format!(
            "Check(score={:.2}, words={}, hits={}, entries={}, evidence={}, verdict={:?})",
            self.score, self.words, self.hits, self.entries, self.evidence, self.verdict
        )
    }
}

/// One candidate change in a text, with the entry behind it and the evidence around it.
#[pyclass(frozen, get_all, module = "unspin")]
struct Change {
    /// Where the change starts in the text, in characters.
    start: usize,
    /// Where it ends (exclusive), in characters.
    end: usize,
    /// The text that is (or would be) replaced: `text[start:end]`.
    text: String,
    /// The restored wording, or None when the change was held back.
    restored: Option<String>,
    /// Whether the change was made.
    applied: bool,
    /// The entry's spun form.
    spun: String,
    /// The entry's original wording.
    original: String,
    /// The entry's class: "sure", "likely" or "ambiguous".
    kind: &'static str,
    /// The dictionary of the entry.
    dictionary: String,
    /// The dictionary file and line of the entry.
    file: String,
    line: usize,
    /// Distinct entries that count as evidence nearby, and how many the entry needed.
    evidence: usize,
    needed: usize,
    /// The match is a whole quotation.
    quoted: bool,
    /// The context items of the entry that stand next to the match, as (list, item).
    context: Vec<(&'static str, String)>,
}

impl Change {
    fn new(
        restorer: &unspin::Restorer,
        text: &str,
        offsets: &mut CharOffsets,
        d: Decision,
    ) -> Change {
        let entry = restorer.entry(d.entry);
        Change {
            start: offsets.at(d.span.start),
            end: offsets.at(d.span.end),
            text: text[d.span.clone()].to_owned(),
            applied: d.applied(),
            restored: d.text,
            spun: entry.spun.clone(),
            original: entry.original.clone(),
            kind: entry.class.name(),
            dictionary: entry.dictionary.clone(),
            file: entry.file.clone(),
            line: entry.line,
            evidence: d.evidence,
            needed: d.needed,
            quoted: d.quoted,
            context: d.context,
        }
    }
}

#[pymethods]
impl Change {
    fn __repr__(&self) -> String {
        format!(
            "Change(start={}, end={}, text={:?}, restored={}, kind={:?})",
            self.start,
            self.end,
            self.text,
            self.restored
                .as_ref()
                .map_or("None".to_owned(), |r| format!("{r:?}")),
            self.kind
        )
    }
}

/// Byte offsets of a text turned into character offsets, counting on from the last one asked.
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> CharOffsets<'a> {
        CharOffsets {
            text,
            byte: 0,
            char: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.char) = (0, 0);
        }
        self.char += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.char
    }
}

/// What can go wrong building a restorer.
enum BuildError {
    Dictionary(unspin::DictionaryError),
    Build(unspin::BuildError),
}

impl BuildError {
    fn into_py_err(self, py: Python<'_>) -> PyErr {
        match self {
            BuildError::Dictionary(e) => {
                let err = DictionaryError::new_err(e.to_string());
                let value = err.value(py);
                // Setting attributes on a fresh exception instance does not fail.
                let _ = value.setattr("file", &e.file);
                let _ = value.setattr("line", e.line);
                err
            }
            BuildError::Build(e) => PyValueError::new_err(e.to_string()),
        }
    }
}

/// The restorer of the command line's dictionary options: the given dictionaries first, then
/// the built-in ones.
fn build(
    dicts: &[PathBuf],
    builtin: bool,
    tortured: bool,
    min_evidence: usize,
) -> Result<unspin::Restorer, BuildError> {
    let mut dictionaries = dicts
        .iter()
        .map(|path| Dictionary::load(path))
        .collect::<Result<Vec<_>, _>>()
        .map_err(BuildError::Dictionary)?;
    if builtin {
        dictionaries.extend(
            builtin::dictionaries()
                .into_iter()
                .filter(|d| tortured || d.name() != "tortured"),
        );
    }
    let options = Options {
        min_evidence,
        ..Options::default()
    };
    dictionaries
        .into_iter()
        .fold(Builder::new().options(options), Builder::dictionary)
        .build()
        .map_err(BuildError::Build)
}

/// The restored text, or None when nothing changes.
fn changed(restorer: &unspin::Restorer, text: &str) -> Option<String> {
    match restorer.restore(text) {
        Cow::Borrowed(_) => None,
        Cow::Owned(restored) => Some(restored),
    }
}

/// A column of strings given to `restore_arrow`.
#[derive(FromPyObject)]
enum Column {
    Array(PyArray),
    Chunked(PyChunkedArray),
}

/// Restores an Arrow string or large string array.
fn restore_array(restorer: &unspin::Restorer, array: &ArrayRef) -> PyResult<ArrayRef> {
    match array.data_type() {
        DataType::Utf8 => restore_strings(restorer, array.as_string::<i32>()),
        DataType::LargeUtf8 => restore_strings(restorer, array.as_string::<i64>()),
        other => Err(PyTypeError::new_err(format!(
            "restore_arrow takes a string or large_string column, not {other}"
        ))),
    }
}

fn restore_strings<O: OffsetSizeTrait>(
    restorer: &unspin::Restorer,
    array: &GenericStringArray<O>,
) -> PyResult<ArrayRef> {
    let rows: Vec<Option<Cow<str>>> = (0..array.len())
        .into_par_iter()
        .map(|i| array.is_valid(i).then(|| restorer.restore(array.value(i))))
        .collect();
    if !rows.iter().any(|row| matches!(row, Some(Cow::Owned(_)))) {
        return Ok(Arc::new(array.clone()));
    }
    let bytes: usize = rows.iter().flatten().map(|row| row.len()).sum();
    if O::from_usize(bytes).is_none() {
        return Err(PyValueError::new_err(
            "the restored column holds more bytes than a string array can; use large_string",
        ));
    }
    let mut builder = GenericStringBuilder::<O>::with_capacity(rows.len(), bytes);
    for row in &rows {
        builder.append_option(row.as_deref());
    }
    Ok(Arc::new(builder.finish()))
}

fn py_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// Restore machine-synonymized ("spun") text to its original wording.
#[pymodule]
fn _unspin(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Restorer>()?;
    m.add_class::<Check>()?;
    m.add_class::<Change>()?;
    m.add("DictionaryError", m.py().get_type::<DictionaryError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
