"""Synthetic sample reports for the demo, and a generator of synthetic coded reports for tests and benchmarks."""
