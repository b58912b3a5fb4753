"""The border-movements engine, free of Django: crossing records in (CSV or Parquet), stays,
overstays, movement types and monthly indicators out, on DuckDB or Apache Spark."""
