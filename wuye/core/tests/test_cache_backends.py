"""The Redis cache backend reuses one client per connection pool and behaves as Django's."""
import pytest
import redis

from wuye.core.cache_backends import RedisCache

URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def backend():
    try:
        redis.Redis.from_url(URL).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (make test starts one)")
    cache = RedisCache(URL, {"KEY_PREFIX": "wuye-test-backend"})
    cache.clear()
    yield cache
    cache.clear()


def test_one_client_serves_every_call(backend):
    client = backend._cache.get_client("a")
    assert backend._cache.get_client("b", write=True) is client
    assert backend._cache.get_client() is client


def test_reads_and_writes_behave_as_djangos_backend(backend):
    assert backend.add("k", {"v": 1}) is True and backend.add("k", {"v": 2}) is False
    backend.set_many({"a": 1, "b": [2, "二"]})
    assert backend.get_many(["k", "a", "b", "missing"]) == {"k": {"v": 1}, "a": 1, "b": [2, "二"]}
    assert backend.incr("a", 5) == 6
    backend.delete("k")
    assert backend.get("k", "gone") == "gone"
