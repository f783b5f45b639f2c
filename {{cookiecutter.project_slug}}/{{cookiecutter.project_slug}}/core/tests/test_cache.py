"""The Redis cache backend: one client per connection pool, shared by threads."""

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from {{ cookiecutter.project_slug }}.core.cache import SharedClientRedisCache

pytestmark = pytest.mark.requires_service("redis")


@pytest.fixture
def cache():
    cache = SharedClientRedisCache(
        os.environ["REDIS_URL"], {"KEY_PREFIX": f"cache-test-{uuid.uuid4().hex}"}
    )
    yield cache
    cache.close()


def test_every_operation_uses_one_client_per_pool(cache):
    backend = cache._cache

    assert backend.get_client(write=True) is backend.get_client(write=False)
    assert backend.get_client("a") is backend.get_client("b", write=True)


def test_threads_sharing_the_client_each_read_their_own_values(cache):
    def write_then_read(number):
        cache.set(f"key-{number}", number, timeout=30)
        cache.incr(f"key-{number}", 1000)
        return cache.get(f"key-{number}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        values = list(pool.map(write_then_read, range(200)))

    assert values == [number + 1000 for number in range(200)]
    assert cache.get_many([f"key-{n}" for n in (0, 199)]) == {"key-0": 1000, "key-199": 1199}
