# syntax=docker/dockerfile:1
# Indgangen for production. The default command is the web server (gunicorn); docker-compose.yml
# runs the same image as the migration job, the Celery worker and Celery beat.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media \
    PRIVATE_MEDIA_ROOT=/app/var/private

RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them: the runtime lock, with its
# hashes (python3 dev.py lock writes it from pyproject.toml). The portal runs from /app as from a
# checkout, so the project itself needs no install.
COPY requirements.lock ./
RUN pip install --require-hashes --requirement requirements.lock

# The code belongs to root and is read-only for the app user; only var/ (uploads, the beat
# schedule, SQLite when there is no DATABASE_URL) is writable. collectstatic runs first: other
# commands run Django's checks, which load the URLconf, and with DEBUG off its static() calls
# need the manifest that collectstatic writes.
COPY . .
RUN export DEBUG=false SECRET_KEY=build ALLOWED_HOSTS=build SITE_URL=https://build DEFAULT_FROM_EMAIL=build@build \
 && python manage.py collectstatic --noinput --verbosity 0 \
 && python manage.py compiletranslations \
 && mkdir -p var/media var/private var/celerybeat \
 && chown app:app var var/media var/private var/celerybeat

USER app
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
