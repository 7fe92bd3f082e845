"""gunicorn settings for production: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Every value can be overridden from the environment. Sync workers, (2 × cores) + 1 of them — the
rule in gunicorn's documentation: while one worker waits on PostgreSQL another uses the core.

The application is loaded and warmed once, in the master (``preload_app``, ``when_ready``):
jieba's dictionary and the classifier cost about 2 s of CPU, and every worker — the first ones
and each one recycled after ``max_requests`` — is forked with them already loaded and frozen out
of the garbage collector's reach, instead of loading its own while the others queue behind it.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")


def when_ready(server):
    """In the master, before the first fork: warm up and freeze (wuye.core.warmup)."""
    if preload_app:
        from wuye.core.warmup import warm_up

        warm_up()


def post_worker_init(worker):
    """Without preloading, each worker warms up itself."""
    if not preload_app:
        from wuye.core.warmup import warm_up

        warm_up()
