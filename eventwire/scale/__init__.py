"""Scale: cheap triage before the language pipeline, and a Dask runner for many articles."""
from __future__ import annotations

__all__ = ["triage", "dask_runner"]
