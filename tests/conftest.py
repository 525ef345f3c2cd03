"""Shared fixtures. Servers the tests need (PostgreSQL, the web server, Chromium) are started here for real."""
from __future__ import annotations

import pytest


@pytest.fixture
def extractor_fails_on(monkeypatch):
    """extractor_fails_on(article_id, exc): from now on extraction raises `exc` on that article, as a bug of ours
    would; returns a function that fixes the bug again."""
    from eventwire import pipeline

    real = pipeline.mentions

    def arm(article_id: str, exc: Exception):
        def buggy(doc, article):
            if article.id == article_id:
                raise exc
            return real(doc, article)

        monkeypatch.setattr(pipeline, "mentions", buggy)
        return lambda: monkeypatch.setattr(pipeline, "mentions", real)

    return arm
