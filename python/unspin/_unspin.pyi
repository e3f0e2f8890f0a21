"""Type stubs of the compiled module; `unspin` re-exports everything here."""

from os import PathLike
from typing import Any, Literal, Optional, Sequence, TypeVar, Union

__version__: str

_Column = TypeVar("_Column")

class DictionaryError(ValueError):
    """A dictionary that cannot be read or parsed.

    The message is ``file[:line]: message``, as the command line prints it after ``error:``.
    """

    file: str
    line: Optional[int]

class Check:
    """The spin score of a text: the density and strength of dictionary hits per 1,000 words."""

    @property
    def score(self) -> float: ...
    @property
    def words(self) -> int:
        """The words in the text."""
    @property
    def hits(self) -> int:
        """Restorations the text gets."""
    @property
    def entries(self) -> int:
        """Distinct entries among the hits."""
    @property
    def evidence(self) -> int:
        """The most distinct sure or likely entries within one window."""
    @property
    def verdict(self) -> Literal["clean", "unclear", "spun"]: ...

class Change:
    """One candidate change in a text, with the entry behind it and the evidence around it."""

    @property
    def start(self) -> int:
        """Where the change starts, in characters (a Python ``str`` index)."""
    @property
    def end(self) -> int:
        """Where the change ends (exclusive), in characters."""
    @property
    def text(self) -> str:
        """The text that is (or would be) replaced: ``text[start:end]``."""
    @property
    def restored(self) -> Optional[str]:
        """The restored wording, or None when the change was held back."""
    @property
    def applied(self) -> bool: ...
    @property
    def spun(self) -> str:
        """The entry's spun form."""
    @property
    def original(self) -> str:
        """The entry's original wording."""
    @property
    def kind(self) -> Literal["sure", "likely", "ambiguous"]: ...
    @property
    def dictionary(self) -> str: ...
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def evidence(self) -> int:
        """Distinct entries that count as evidence near the change."""
    @property
    def needed(self) -> int:
        """The evidence the entry needed to fire."""
    @property
    def quoted(self) -> bool:
        """The match is a whole quotation."""
    @property
    def context(self) -> list[tuple[str, str]]:
        """The entry's context items next to the match, as ``(list, item)``."""

class Restorer:
    """Restores spun text with a set of dictionaries.

    ``dicts`` are dictionary files or folders, used before the built-in dictionaries: where two
    hold the same spun form, the one given first wins. ``builtin=False`` uses only ``dicts``;
    ``tortured=False`` leaves out the built-in scientific tortured phrases. ``min_evidence`` is
    how many distinct sure or likely matches must stand near an ambiguous entry before it
    fires. Raises `DictionaryError` for a dictionary that cannot be read.

    A Restorer is immutable, thread-safe and picklable (it is rebuilt from its arguments).
    """

    def __init__(
        self,
        dicts: Optional[Sequence[Union[str, PathLike[str]]]] = None,
        builtin: bool = True,
        tortured: bool = True,
        min_evidence: int = 3,
    ) -> None: ...
    @property
    def entries(self) -> int:
        """The number of entries in the dictionaries."""
    def restore(self, text: str) -> str:
        """The restored text; text with nothing to restore comes back as the same object."""
    def restore_batch(self, texts: Sequence[str]) -> list[str]:
        """Restores each text, in parallel and without holding the GIL, keeping the order."""
    def restore_arrow(self, column: _Column) -> _Column:
        """Restores a pyarrow string or large_string Array (or ChunkedArray).

        Nulls stay null; no Python object is made per row. Requires pyarrow >= 14.
        """
    def check(self, text: str) -> Check:
        """The spin score and verdict of the text, as ``unspin check`` gives them."""
    def explain(self, text: str, all: bool = False) -> list[Change]:
        """The changes made to the text (with ``all=True``, also those held back)."""
    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]: ...
