"""Test settings: the same as base, with fast hashing. DATABASE_URL chooses SQLite or PostgreSQL."""
from config.settings.base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
LOGIN_MAX_FAILURES = 5

# Live-server request threads must not keep connections open past the test (the test
# database could not be dropped at the end of the run).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
