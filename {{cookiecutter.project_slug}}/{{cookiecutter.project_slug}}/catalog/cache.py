"""The anonymous product list, served from the shared cache.

A rendered page is stored under its absolute URL (scheme, host, path, query string) and
the catalogue's generation: a number in the cache that every product write moves on (the
services and the admin call `catalogue_changed`, the stock UPDATEs of checkout, cancel and
refund included). A page stored under an older generation is never read again and expires
after CATALOG_CACHE_SECONDS.

The generation moves after the write commits. Moving it before would let a reader pick up
the new generation, still read the old rows and store them under it; after the commit, a
page stored under the old generation may hold old or new rows but is no longer read. So once
a write's response has been sent, no anonymous read returns what it replaced.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from {{ cookiecutter.project_slug }}.core.conditional import digest

GENERATION_KEY = "catalog:generation"
PAGE_KEY = "catalog:products:{generation}:{url}"


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


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def page_key(url: str) -> str:
    """The cache key of the page at absolute `url` in the current generation."""
    return PAGE_KEY.format(generation=_generation(), url=digest(url))


def get_page(key: str) -> tuple[bytes, str] | None:
    """(body, etag) of the page stored under `key`, or None."""
    return cache.get(key)


def store_page(key: str, *, body: bytes, etag: str) -> None:
    cache.set(key, (body, etag), timeout=settings.CATALOG_CACHE_SECONDS)
