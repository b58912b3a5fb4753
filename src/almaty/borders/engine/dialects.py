"""The two SQL engines the border pipeline runs on: DuckDB (embedded, the default) and Apache
Spark (local or a cluster, for States whose volumes outgrow one machine). The pipeline is one
set of SQL statements both understand; each engine only registers inputs, materialises steps
and hands results back."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

ENGINES = ("duckdb", "spark")


class EngineUnavailable(Exception):
    """The engine asked for is not installed here (PySpark is an optional extra)."""


class Engine(Protocol):
    name: str

    @staticmethod
    def timestamp(seconds: str) -> str: ...

    def write_parquet(self, sql: str, path: Path) -> None: ...

    def register_parquet(self, name: str, paths: Sequence[Path]) -> None: ...

    def register_table(self, name: str, table: pa.Table) -> None: ...

    def materialise(self, name: str, sql: str) -> None: ...

    def fetch(self, sql: str) -> list[tuple[Any, ...]]: ...

    def arrow(self, sql: str) -> pa.Table: ...

    def close(self) -> None: ...


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class DuckDBEngine:
    """DuckDB in memory; steps are temporary tables."""

    name = "duckdb"

    def __init__(
        self,
        *,
        threads: int | None = None,
        memory_limit: str | None = None,
        temp_dir: Path | None = None,
    ) -> None:
        self.con = duckdb.connect()
        self.con.execute("SET TimeZone = 'UTC'")
        self.con.execute("SET enable_progress_bar = false")
        self.con.execute("SET preserve_insertion_order = false")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute(f"SET memory_limit = {_literal(memory_limit)}")
        if temp_dir:
            self.con.execute(f"SET temp_directory = {_literal(str(temp_dir))}")

    @staticmethod
    def timestamp(seconds: str) -> str:
        return f"to_timestamp({seconds})"

    def write_parquet(self, sql: str, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        self.con.execute(f"COPY ({sql}) TO {_literal(str(partial))} (FORMAT parquet)")
        os.replace(partial, path)

    def register_parquet(self, name: str, paths: Sequence[Path]) -> None:
        listed = "[" + ", ".join(_literal(str(p)) for p in paths) + "]"
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet({listed})"
        )

    def register_table(self, name: str, table: pa.Table) -> None:
        self.con.register(f"_{name}_arrow", table)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _{name}_arrow")
        self.con.unregister(f"_{name}_arrow")

    def materialise(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def arrow(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def close(self) -> None:
        self.con.close()


_SPARK: Any = None


def spark_session() -> Any:
    """One local Spark session per process (starting one costs seconds)."""
    global _SPARK
    if _SPARK is not None:
        return _SPARK
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:  # pragma: no cover - depends on the optional extra
        raise EngineUnavailable("spark") from error
    master = os.environ.get("ALMATY_SPARK_MASTER", "local[2]")
    warehouse = Path(tempfile.gettempdir()) / "almaty-spark"
    _SPARK = (
        SparkSession.builder.master(master)
        .appName("almaty-borders")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", os.environ.get("ALMATY_SPARK_PARTITIONS", "4"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", os.environ.get("ALMATY_SPARK_MEMORY", "2g"))
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    _SPARK.sparkContext.setLogLevel("ERROR")
    return _SPARK


class SparkEngine:
    """Spark SQL; steps are cached temporary views."""

    name = "spark"

    def __init__(self) -> None:
        self.spark = spark_session()
        self._cached: list[Any] = []

    @staticmethod
    def timestamp(seconds: str) -> str:
        return f"timestamp_seconds({seconds})"

    def write_parquet(self, sql: str, path: Path) -> None:
        write_parquet(self.arrow(sql), path)

    def register_parquet(self, name: str, paths: Sequence[Path]) -> None:
        self.spark.read.parquet(*[str(p) for p in paths]).createOrReplaceTempView(name)

    def register_table(self, name: str, table: pa.Table) -> None:
        if table.num_rows:
            frame = self.spark.createDataFrame(
                table.to_pandas(), schema=_spark_schema(table.schema)
            )
        else:
            frame = self.spark.createDataFrame([], schema=_spark_schema(table.schema))
        frame.createOrReplaceTempView(name)

    def materialise(self, name: str, sql: str) -> None:
        frame = self.spark.sql(sql).persist()
        self._cached.append(frame)
        frame.createOrReplaceTempView(name)

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.spark.sql(sql).collect()]

    def arrow(self, sql: str) -> pa.Table:
        return self.spark.sql(sql).toArrow()

    def close(self) -> None:
        for frame in self._cached:
            frame.unpersist()
        self._cached.clear()


def _spark_schema(schema: pa.Schema) -> str:
    names = {
        pa.string(): "STRING",
        pa.large_string(): "STRING",
        pa.int32(): "INT",
        pa.int64(): "BIGINT",
        pa.bool_(): "BOOLEAN",
        pa.float64(): "DOUBLE",
    }
    return ", ".join(f"{field.name} {names[field.type]}" for field in schema)


def open_engine(name: str, **options: Any) -> Engine:
    """The engine called `name` ("duckdb" or "spark")."""
    if name == "duckdb":
        return DuckDBEngine(**options)
    if name == "spark":
        return SparkEngine()
    raise EngineUnavailable(name)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write `table` to `path` whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    pq.write_table(table, partial, compression="zstd")
    os.replace(partial, path)
