"""An in-process cache of charge results, keyed by idempotency key."""

from collections import OrderedDict


class ResultCache:
    """Least-recently-used cache so a repeated charge skips the gateway."""

    def __init__(self, max_entries: int = 1024):
        self._entries: OrderedDict = OrderedDict()
        self._max = max_entries

    def get(self, key):
        if key not in self._entries:
            return None
        self._entries.move_to_end(key)
        return self._entries[key]

    def put(self, key, value) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)
