"""Restoring a column of a Spark DataFrame, with one Restorer per Python worker process.

>>> from unspin.spark import restore_column
>>> restored = restore_column(df, "text")                      # replace the column
>>> restored = restore_column(df, "text", output="restored")   # or add one

The package must be importable on the executors (install the wheel there, or ship it with
``--py-files``); dictionary paths given with ``dicts`` are read on the executors.
"""

import os
from typing import TYPE_CHECKING, Iterator, Optional, Sequence, Union

from . import cached_restorer

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import DataFrame


def restore_column(
    df: "DataFrame",
    column: str,
    output: Optional[str] = None,
    *,
    dicts: Optional[Sequence[Union[str, "os.PathLike[str]"]]] = None,
    builtin: bool = True,
    tortured: bool = True,
    min_evidence: int = 3,
) -> "DataFrame":
    """The DataFrame with the string column ``column`` restored.

    The restored text replaces ``column``, or goes to a new column ``output``; nulls stay
    null, and every other column passes through. Batches go through ``mapInArrow`` and
    `Restorer.restore_arrow`, so no Python object is made per row; each worker process builds
    its Restorer once (`unspin.cached_restorer`). The other arguments are the `Restorer`'s.
    """
    from pyspark.sql.types import StringType, StructField, StructType

    field = df.schema[column]
    if not isinstance(field.dataType, StringType):
        raise TypeError(f"column {column!r} is {field.dataType.simpleString()}, not string")
    target = output or column
    if target == column:
        schema = df.schema
    else:
        if target in df.columns:
            raise ValueError(f"the DataFrame already has a column {target!r}")
        schema = StructType(df.schema.fields + [StructField(target, StringType(), True)])
    options = ([os.fspath(d) for d in dicts or ()], builtin, tortured, min_evidence)

    def restore_batches(
        batches: Iterator["pyarrow.RecordBatch"],
    ) -> Iterator["pyarrow.RecordBatch"]:
        import pyarrow as pa

        restorer = cached_restorer(*options)
        for batch in batches:
            index = batch.schema.get_field_index(column)
            restored = restorer.restore_arrow(batch.column(index))
            arrays = list(batch.columns)
            if target == column:
                arrays[index] = restored
                out = batch.schema
            else:
                arrays.append(restored)
                out = batch.schema.append(pa.field(target, restored.type))
            yield pa.RecordBatch.from_arrays(arrays, schema=out)

    return df.mapInArrow(restore_batches, schema)
