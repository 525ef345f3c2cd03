"""HTTP API and the web page it serves (issue 6).

    app = create_app("eventwire.db")   # a FastAPI app: JSON under /api/, the page at /

Read-only: every route is a GET over `eventwire.store.Store`'s read side.
"""
from .app import create_app

__all__ = ["create_app"]
