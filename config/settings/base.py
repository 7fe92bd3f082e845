"""Settings shared by every environment; production is this file plus environment variables.

Embedded default (no variables set): SQLite file in the project, tasks run inline, one process.
Production: DATABASE_URL=postgres://…, CELERY_BROKER_URL=redis://…, DJANGO_DEBUG=0, gunicorn.
"""
from __future__ import annotations

from pathlib import Path

import dj_database_url

from config.env import BASE_DIR, env, env_bool, env_list

SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-demo-key-change-me-in-production")
DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "wuye.core",
    "wuye.accounts",
    "wuye.regions",
    "wuye.policy",
    "wuye.workcalendar",
    "wuye.estates",
    "wuye.enterprises",
    "wuye.organization",
    "wuye.complaints",
    "wuye.governance",
    "wuye.messaging",
    "wuye.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wuye.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wuye.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "wuye" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wuye.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'wuye.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout: concurrent requests in the single-process demo wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE",
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    # Tests on a file too, as the demo runs: Django's default in-memory test database shares one
    # cache between connections, where a second writer fails at once ("database table is locked")
    # instead of waiting out the busy timeout — the concurrent-click tests were flaky on it.
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", str(BASE_DIR / "var" / "test-db.sqlite3"))
    # A fresh clone has no var/ (it is ignored by git): SQLite cannot create a file in a missing
    # folder ("unable to open database file"), so make the folders of both databases here.
    for _sqlite_file in (DATABASES["default"]["NAME"], DATABASES["default"]["TEST"]["NAME"]):
        if _sqlite_file and str(_sqlite_file) != ":memory:" and not str(_sqlite_file).startswith("file:"):
            Path(_sqlite_file).parent.mkdir(parents=True, exist_ok=True)

# Lists count exactly up to this many rows; past it PostgreSQL's estimate is shown as "about N"
# (wuye/core/pagination.py): an exact COUNT(*) of a province's 8,000,000 units takes seconds.
WUYE_EXACT_COUNT_LIMIT = int(env("WUYE_EXACT_COUNT_LIMIT", "10000"))
# Keys of secrets stored encrypted (wuye.core.crypto): comma-separated Fernet keys, the first encrypts.
# Unset: derived from SECRET_KEY.
WUYE_FIELD_KEYS = env_list("WUYE_FIELD_KEYS")

# Intake's statement is prepared once per connection (wuye/core/bulk.py prepared_cursor).
# Set 0 behind PgBouncer's transaction pooling before 1.21, which cannot carry prepared statements.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "wuye" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("WUYE_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Backups (manage.py backup / restore, and the daily Celery task): where archives go, how many stay.
WUYE_BACKUP_DIR = Path(env("WUYE_BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
WUYE_BACKUP_KEEP = int(env("WUYE_BACKUP_KEEP", "14"))
# PostgreSQL restore: seconds to wait for a lock held by a server left running before giving up.
WUYE_RESTORE_LOCK_TIMEOUT = int(env("WUYE_RESTORE_LOCK_TIMEOUT", "15"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# Real administrative-division data shipped beside the project (../shared/data).
DIVISIONS_DATA_DIR = env("WUYE_DIVISIONS_DIR", str(BASE_DIR.parent / "shared" / "data" / "admin-divisions"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "wuye.core.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "wuye.core.pagination.CappedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wuye.core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"login": "10/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wuye 物业综合监管平台 API",
    "DESCRIPTION": "住宅物业综合监管平台 REST API (v1)。会话认证供页面使用，Token 认证供系统对接。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ImportStatusEnum": "wuye.core.choices.ImportStatus",
        "EnterpriseStatusEnum": "wuye.enterprises.choices.EnterpriseStatus",
        "ContractStatusEnum": "wuye.enterprises.choices.ContractStatus",
        "ContractFilingStatusEnum": "wuye.enterprises.choices.ContractFilingStatus",
        "FilingStatusEnum": "wuye.estates.choices.FilingStatus",
        # Owners' assembly and committees (wuye.governance.choices)
        **{f"{n}Enum": f"wuye.governance.choices.{n}" for n in (
            "AssemblyStatus", "PrepMemberKind", "DocumentKind", "DocumentStage", "CommitteeKind", "CommitteeStatus",
            "MemberPosition", "MemberKind", "MemberEndReason", "ChangeKind", "AlertKind", "AlertLevel")},
    },
}

# Tasks: inline in the embedded default; Celery + Redis when CELERY_BROKER_URL is set.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TIMEZONE = TIME_ZONE

# Cached reference data is built from one database: the key prefix names it, so two databases
# sharing a Redis (staging beside production, two benchmarks) never read each other's entries.
_db = DATABASES["default"]
CACHES = {
    "default": (
        {"BACKEND": "wuye.core.cache_backends.RedisCache", "LOCATION": env("REDIS_URL"),
         "KEY_PREFIX": env("CACHE_KEY_PREFIX", f"{_db.get('HOST') or 'local'}:{_db.get('PORT') or ''}:{_db['NAME']}")}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Login throttling: failed attempts per username+IP within the window.
LOGIN_MAX_FAILURES = int(env("WUYE_LOGIN_MAX_FAILURES", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(env("WUYE_LOGIN_FAILURE_WINDOW", "900"))
LOGIN_MAX_FAILURES_PER_ADDRESS = int(env("WUYE_LOGIN_MAX_FAILURES_PER_ADDRESS", "30"))
# Officials' optional two-factor login (wuye/accounts/totp.py): the name authenticator apps show,
# and how long the code step waits after a correct password before the password must be entered again.
WUYE_TOTP_ISSUER = env("WUYE_TOTP_ISSUER", "物业综合监管平台")
WUYE_TOTP_PENDING_SECONDS = int(env("WUYE_TOTP_PENDING_SECONDS", "300"))
# How many reverse proxies append to X-Forwarded-For in front of the platform (wuye.core.http).
WUYE_TRUSTED_PROXIES = int(env("WUYE_TRUSTED_PROXIES", "0"))

# Text messages: a dotted path to a backend class (wuye/messaging/backends.py). The embedded default
# only stores messages in the outbox page; a production gateway backend sends them.
WUYE_SMS_BACKEND = env("WUYE_SMS_BACKEND", "wuye.messaging.backends.OutboxBackend")
# Owners' e-ballot login by one-time code: lifetime, wrong tries per code, codes per phone and per
# address per hour, and the least seconds between two codes to one phone.
WUYE_OTP_TTL_MINUTES = int(env("WUYE_OTP_TTL_MINUTES", "10"))
WUYE_OTP_MAX_ATTEMPTS = int(env("WUYE_OTP_MAX_ATTEMPTS", "5"))
WUYE_OTP_PER_PHONE_HOUR = int(env("WUYE_OTP_PER_PHONE_HOUR", "5"))
WUYE_OTP_PER_ADDRESS_HOUR = int(env("WUYE_OTP_PER_ADDRESS_HOUR", "30"))
WUYE_OTP_RESEND_SECONDS = int(env("WUYE_OTP_RESEND_SECONDS", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
