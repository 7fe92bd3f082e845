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


def test_the_key_prefix_names_the_database():
    """Two deployments sharing one Redis keep apart: the prefix is the database's host, port and name."""
    import json
    import os
    import subprocess
    import sys

    def caches(database_url: str, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if k != "CACHE_KEY_PREFIX"}
        env.update(DJANGO_SETTINGS_MODULE="config.settings.base", REDIS_URL=URL, DATABASE_URL=database_url, **extra)
        code = "import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.CACHES))"
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
        return json.loads(out.stdout.strip().splitlines()[-1])["default"]

    staging = caches("postgres://app@db.example:5432/wuye_staging")
    production = caches("postgres://app@db.example:5432/wuye")
    assert staging["BACKEND"] == "wuye.core.cache_backends.RedisCache"
    assert staging["KEY_PREFIX"] == "db.example:5432:wuye_staging" != production["KEY_PREFIX"]
    assert caches("postgres://app@db.example:5432/wuye", CACHE_KEY_PREFIX="city")["KEY_PREFIX"] == "city"


def test_any_key_is_a_redis_key_without_memcached_warnings(backend):
    """Django's check of every key against memcached's rules is skipped: Redis has none of them."""
    import warnings

    long_key = "键 with spaces\t" + "x" * 300
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django's stock backend raises CacheKeyWarning here
        backend.set(long_key, "值")
        assert backend.get_many([long_key, "other"]) == {long_key: "值"}
