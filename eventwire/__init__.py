"""eventwire: news reports of political violence and protest in, evidence-linked event records out."""
import logging

from .records import Article, ErrorRecord, Event, Evidence, Mention

__version__ = "0.1.0"
__all__ = ["Article", "ErrorRecord", "Event", "Evidence", "Mention", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
