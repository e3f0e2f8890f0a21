"""Restore machine-synonymized ("spun") text to its original wording.

>>> import unspin
>>> restorer = unspin.Restorer()
>>> restorer.restore("Based on folks accustomed to the matter, the White Home mentioned it.")
'According to people familiar with the matter, the White House said it.'

`Restorer.restore_batch` restores a list of strings in parallel, `Restorer.restore_arrow` a
pyarrow string column; `unspin.spark.restore_column` restores a column of a Spark DataFrame.
"""

import os
import threading
from typing import Dict, Optional, Sequence, Tuple, Union

from ._unspin import Change, Check, DictionaryError, Restorer, __version__

__all__ = [
    "Change",
    "Check",
    "DictionaryError",
    "Restorer",
    "__version__",
    "cached_restorer",
]

_Key = Tuple[Tuple[str, ...], bool, bool, int]
_CACHE: Dict[_Key, Restorer] = {}
_LOCK = threading.Lock()


def cached_restorer(
    dicts: Optional[Sequence[Union[str, "os.PathLike[str]"]]] = None,
    builtin: bool = True,
    tortured: bool = True,
    min_evidence: int = 3,
) -> Restorer:
    """The Restorer of these options for this process, built on first use and then shared.

    Distributed jobs call it in each task: every worker process builds its Restorer once, however
    many tasks and batches it runs.
    """
    key = (tuple(os.fspath(d) for d in dicts or ()), builtin, tortured, min_evidence)
    with _LOCK:
        restorer = _CACHE.get(key)
        if restorer is None:
            restorer = Restorer(list(key[0]), builtin, tortured, min_evidence)
            _CACHE[key] = restorer
    return restorer
