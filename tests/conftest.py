"""Shared fixtures. Servers the tests need (PostgreSQL, the web server, Chromium) are started here for real."""
from __future__ import annotations
