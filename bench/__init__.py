"""Benchmarks of the platform: `make bench` (`python -m bench.run`) runs every `bench_*.py` here.

Each module exposes `BENCHMARKS`, a list of callables (or objects with `name` and `run`) that
return the figures they measured; `bench.run` times them and writes `bench/results/*.json`.
See docs/benchmarks.md.
"""
