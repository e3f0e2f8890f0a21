import pyarrow as pa
import pytest

import unspin


@pytest.fixture(scope="module")
def restorer() -> unspin.Restorer:
    return unspin.Restorer()


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_restore_arrow(restorer, corpus, kind):
    items = list(corpus) + [None]
    column = pa.array(items, type=kind)
    restored = restorer.restore_arrow(column)
    assert isinstance(restored, pa.Array)
    assert restored.type == kind
    assert restored.to_pylist() == [None if t is None else corpus[t] for t in items]
    assert restored.null_count == 1


def test_slices_chunks_and_empty(restorer, corpus):
    items = list(corpus)
    column = pa.array(items)
    assert restorer.restore_arrow(column.slice(3, 5)).to_pylist() == [corpus[t] for t in items[3:8]]
    chunked = pa.chunked_array([items[:4], items[4:9]])
    restored = restorer.restore_arrow(chunked)
    assert isinstance(restored, pa.ChunkedArray) and restored.num_chunks == 2
    assert restored.to_pylist() == [corpus[t] for t in items[:9]]
    assert restorer.restore_arrow(pa.array([], pa.string())).to_pylist() == []


def test_clean_column_passes_through(restorer):
    clean = pa.array(["The officers mentioned the army's home.", None, ""])
    assert restorer.restore_arrow(clean).equals(clean)


def test_other_types_are_refused(restorer):
    with pytest.raises(TypeError, match="string"):
        restorer.restore_arrow(pa.array([1, 2]))
    with pytest.raises((TypeError, ValueError)):
        restorer.restore_arrow(["a list"])
