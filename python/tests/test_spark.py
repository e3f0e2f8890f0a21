"""A real local Spark session restores 20,000 articles as the command line does."""

import json
import os
import shlex
import sys
import time

import pytest

pyspark = pytest.importorskip("pyspark")

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

from unspin.spark import restore_column  # noqa: E402

ROWS = 20_000
NULL_EVERY = 997


@pytest.fixture(scope="module")
def spark():
    # The workers run this interpreter, which has the package installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("unspin-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "2000")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def articles(spark, corpus):
    """ROWS articles with ids, cycling through the test texts; every NULL_EVERY-th text is null."""
    texts = list(corpus)
    distinct = spark.createDataFrame(
        [(i, t, corpus[t]) for i, t in enumerate(texts)], "k long, text string, expected string"
    )
    ids = spark.range(ROWS).withColumn("k", F.col("id") % len(texts))
    rows = ids.join(F.broadcast(distinct), "k").withColumn(
        "text", F.when(F.col("id") % NULL_EVERY == 0, None).otherwise(F.col("text"))
    )
    expected = F.when(F.col("text").isNull(), None).otherwise(F.col("expected"))
    return rows.withColumn("expected", expected).repartition(8, "id")


def test_restore_column_matches_the_command_line(spark, corpus):
    df = articles(spark, corpus).cache()
    assert df.count() == ROWS
    started = time.perf_counter()
    restored = restore_column(df, "text", "restored")
    summary = restored.agg(
        F.count("*").alias("rows"),
        F.sum((~F.col("restored").eqNullSafe(F.col("expected"))).cast("int")).alias("wrong"),
        F.sum(F.col("restored").isNull().cast("int")).alias("nulls"),
        F.sum((F.col("restored") != F.col("text")).cast("int")).alias("changed"),
    ).first()
    elapsed = time.perf_counter() - started
    print(f"\nspark: restored {ROWS} articles in {elapsed:.1f} s")
    assert summary["rows"] == ROWS
    assert summary["wrong"] == 0
    assert summary["nulls"] == len(range(0, ROWS, NULL_EVERY))
    assert summary["changed"] > ROWS // 10
    # Replacing the column in place keeps the schema.
    in_place = restore_column(df.select("id", "text", "expected"), "text")
    assert in_place.schema == df.select("id", "text", "expected").schema
    assert in_place.filter(~F.col("text").eqNullSafe(F.col("expected"))).count() == 0


def test_refuses_other_columns(spark):
    df = spark.range(3)
    with pytest.raises(TypeError):
        restore_column(df, "id")
    with pytest.raises(ValueError):
        restore_column(spark.createDataFrame([("a", "b")], "text string, text2 string"), "text", "text2")


def test_rdd_pipe_through_the_command_line(spark, corpus, unspin_cli):
    texts = list(corpus)[:50]
    records = spark.sparkContext.parallelize(
        [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)], 2
    )
    out = records.pipe(f"{shlex.quote(unspin_cli)} --jsonl").map(json.loads).collect()
    assert sorted((r["id"], r["text"]) for r in out) == [
        (i, corpus[t]) for i, t in enumerate(texts)
    ]
