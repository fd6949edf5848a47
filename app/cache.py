"""A value kept per process for a configured number of seconds: reads that many requests
would repeat and that may be a little stale (the blocked terms, the trending tags).

Each process has its own copy, so a change made through another process (or gunicorn
worker) is seen once the lifetime has passed; a lifetime of 0 reads every time.
"""

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from flask import current_app

T = TypeVar("T")


class ProcessCache(Generic[T]):
    """``load()``'s result, kept for ``config[lifetime_setting]`` seconds."""

    def __init__(self, lifetime_setting: str, load: Callable[[], T]) -> None:
        self.lifetime_setting = lifetime_setting
        self.load = load
        self.lock = threading.Lock()
        self.value: T | None = None
        self.loaded_at = -float("inf")
        self.database = ""

    def get(self) -> T:
        lifetime = current_app.config[self.lifetime_setting]
        # Several apps in one process (tests) each have their own database.
        database = current_app.config["SQLALCHEMY_DATABASE_URI"]
        with self.lock:
            if time.monotonic() - self.loaded_at < lifetime and database == self.database:
                return self.value  # type: ignore[return-value]
        value = self.load()
        with self.lock:
            self.value, self.loaded_at, self.database = value, time.monotonic(), database
        return value

    def forget(self) -> None:
        with self.lock:
            self.loaded_at = -float("inf")
