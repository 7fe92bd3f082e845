"""config/gunicorn.conf.py: the master preloads and warms the application unless told not to."""
import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[3] / "config" / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in ("GUNICORN_PRELOAD", "GUNICORN_MAX_REQUESTS", "GUNICORN_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_the_master_preloads_and_warms_before_forking(monkeypatch):
    conf = load(monkeypatch)
    assert conf["preload_app"] is True and conf["max_requests"] == 5000 and conf["max_requests_jitter"] == 500
    before = gc.get_freeze_count()
    try:
        conf["post_worker_init"](None)  # a forked worker does nothing more
        assert gc.get_freeze_count() == before
        conf["when_ready"](None)
        assert gc.get_freeze_count() > before + 100_000  # jieba's dictionary, frozen in the master
    finally:
        gc.unfreeze()


def test_without_preloading_each_worker_warms_itself(monkeypatch):
    conf = load(monkeypatch, GUNICORN_PRELOAD="0", GUNICORN_MAX_REQUESTS="0", GUNICORN_WORKERS="3")
    assert conf["preload_app"] is False and conf["max_requests"] == 0 and conf["workers"] == 3
    before = gc.get_freeze_count()
    try:
        conf["when_ready"](None)
        assert gc.get_freeze_count() == before
        conf["post_worker_init"](None)
        assert gc.get_freeze_count() > before + 100_000
    finally:
        gc.unfreeze()
