"""A cache of computed answers that computes each one once, however many requests ask for it at once."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future


class SharedCache:
    """Recent results by key: at most `entries` of them, and with `weigh`, at most `max_weight` in all.
    Concurrent requests for a key not yet computed share one computation: the first computes, the others
    wait for its result, so a burst of identical requests costs one."""

    def __init__(self, *, entries: int | None = None, max_weight: int | None = None,
                 weigh: Callable[[object], int] | None = None) -> None:
        self.entries, self.max_weight, self.weigh = entries, max_weight, weigh
        self._items: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._weight = 0
        self._pending: dict[tuple, Future] = {}
        self._lock = threading.Lock()

    def peek(self, key: tuple):
        """The value kept for `key`, or None (nothing is computed or waited for)."""
        with self._lock:
            item = self._items.get(key)
            return None if item is None else item[0]

    def get(self, key: tuple, compute: Callable[[], object]):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
            pending = self._pending.get(key)
            if pending is None:
                pending = self._pending[key] = Future()
                mine = True
            else:
                mine = False
        if not mine:
            return pending.result()
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                del self._pending[key]
            pending.set_exception(exc)
            raise
        weight = self.weigh(value) if self.weigh else 0
        with self._lock:
            del self._pending[key]
            self._items[key] = (value, weight)
            self._weight += weight
            while self._items and ((self.entries is not None and len(self._items) > self.entries) or
                                   (self.max_weight is not None and self._weight > self.max_weight)):
                self._weight -= self._items.popitem(last=False)[1][1]
        pending.set_result(value)
        return value
