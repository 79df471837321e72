"""Benchmarks of craftlog against reference programs, run side by side: `python -m bench`."""
