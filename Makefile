# Wuye 物业综合监管平台 — two commands do everything on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := uv run --frozen python
PG_URL ?= postgres://postgres@127.0.0.1:5432/wuye
DEMO_CITY ?= 4117
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install python-deps assets system-deps services migrate demo demo-data serve test test-sqlite test-postgres bench lint

help:
	@echo "make demo   安装、迁移、生成驻马店市演示数据并启动 http://$(HOST):$(PORT)"
	@echo "make test   安装并在 SQLite 与 PostgreSQL 上运行全部测试"
	@echo "make bench  运行基准测试（不属于 make test）"
	@echo "make lint   ruff 检查"

install: python-deps assets system-deps

python-deps:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	uv sync --frozen

assets:
	@if [ ! -d node_modules/bootstrap ] || [ package.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi
	@bash scripts/copy_assets.sh

# Debian's chromium (browser tests) and Noto CJK fonts (Chinese glyphs in screenshots and PDFs).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo ">> installing chromium and fonts-noto-cjk"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# PostgreSQL and Redis for the second test run; started when stopped.
services:
	@if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start 2>/dev/null || true; sleep 2; fi
	@if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then \
		redis-server --daemonize yes --port 6379 --save "" >/dev/null 2>&1 || true; fi

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v0

demo-data: migrate
	$(PY) manage.py load_demo --city $(DEMO_CITY)

demo: demo-data
	@$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install services
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite:
	@echo "==================== tests on SQLite ===================="
	DATABASE_URL=sqlite:///var/test.sqlite3 uv run --frozen pytest -q -n 2 --dist loadfile

test-postgres:
	@echo "==================== tests on PostgreSQL ===================="
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) uv run --frozen pytest -q -n 2 --dist loadfile; \
	else \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!! PostgreSQL is not reachable on 127.0.0.1:5432: the PostgreSQL run is SKIPPED !!!"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

bench: install services
	uv run --frozen python bench/run_all.py

lint: python-deps
	uv run --frozen ruff check .
