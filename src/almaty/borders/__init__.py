"""Border movements (issue 9): a State's crossing records turned into stays, overstays, movement
types and monthly indicators.

The app owns the loads of crossing records (`CrossingLoad`: who loaded which file, how far it
got, its data-quality report), the stay rules (`StayRule`: versioned by date, per recording
State, nationality or group, permit and purpose) and each State's movement-type settings. The
records themselves never enter the database: they are kept per State under
DATA_DIR/borders/<ISO3>/ as normalised Parquet batches, and `engine` (Django-free: DuckDB, or
Spark for the largest States) derives stays, overstays and indicators from them. Only the
State's border analysts read record-level data; the indicators are the part that may leave the
State, through the statistics exchange.
"""
