"""The anonymous product list, served from the shared cache.

A rendered page is stored under its absolute URL (scheme, host, path, query string) with
the catalogue generation it was read in: a number in the cache that every product write
moves on (the services and the admin call `catalogue_changed`, the stock UPDATEs of
checkout, cancel and refund included). A read fetches the current generation and the page
in one round trip (MGET on Redis) and serves the page only if it was read in that
generation; otherwise it reads the database and stores the page over the old one.

The generation moves after the write commits. Moving it before would let a reader pick up
the new generation, still read the old rows and store them under it. After the commit, a
page stored with the old generation may hold old or new rows, but is no longer served; so
once a write's response has been sent, no anonymous read returns what the write replaced.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from {{ cookiecutter.project_slug }}.core.conditional import digest

GENERATION_KEY = "catalog:generation"
PAGE_KEY = "catalog:products:{url}"


def catalogue_changed() -> None:
    """Start a new generation once the current transaction commits (at once outside one)."""
    transaction.on_commit(new_generation)


def new_generation() -> None:
    """Retire every cached page now."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # Never stored, or evicted: a number no earlier generation can have had.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def _first_generation():
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


@dataclass(frozen=True)
class PageSlot:
    """Where the page of one URL goes, and the generation its rows must be read in."""

    key: str
    generation: int

    def store(self, *, body: bytes, etag: str) -> None:
        page = (self.generation, body, etag)
        cache.set(self.key, page, timeout=settings.CATALOG_CACHE_SECONDS)


def find_page(url: str) -> tuple[PageSlot, tuple[bytes, str] | None]:
    """The slot of the page at absolute `url`, and its (body, etag) if current, else None."""
    key = PAGE_KEY.format(url=digest(url))
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = _first_generation()
    page = found.get(key)
    if page is not None and page[0] == generation:
        return PageSlot(key, generation), (page[1], page[2])
    return PageSlot(key, generation), None
