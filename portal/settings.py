"""Settings for Indgangen, read from the environment.

With no environment at all, `runserver` and `pytest` work: SQLite, Celery tasks run in-process,
email to the console, DEBUG on. Production sets DEBUG=false and must then provide SECRET_KEY and
ALLOWED_HOSTS. Every variable is listed with a comment in `.env.example`.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


# Tiny helpers that fail loudly, naming the variable, rather than guessing (as healthchecks does).
def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-never-use-this-key-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries must start with https:// or http://, not {origin!r}"
        )

# The public address, for links in emails (which have no request to take it from).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"SITE_URL must be set to the portal's address, e.g. https://indgangen.dk, not {SITE_URL!r}"
    )

INSTALLED_APPS = [
    "kit",
    "portal",
    "outbox",
    "enterprises",
    "counselling",
    "procurement",
    "partnerships",
    "mentoring",
    "events",
    "kit.apps.KitAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "axes",
    "crispy_forms",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The pages gzipped (WhiteNoise, above, sends static files compressed already).
    "portal.middleware.PageGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.middleware.RejectNullCharactersMiddleware",
    # Before the CSRF middleware, which reads the body: a body over its view's limit is refused unread.
    "kit.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.sessions.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it turns a locked-out log-in into the lockout page (portal.views.locked_out).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.language_links",
                # Last: on a page rendered for the page cache, {% csrf_token %} writes a placeholder.
                "kit.pagecache.csrf_placeholder",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    (BASE_DIR / "var").mkdir(exist_ok=True)
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Django understands: {error}") from None
# A read replica of DATABASE_URL (optional): GET requests read from it, except for REPLICA_PIN_SECONDS
# after the visitor's own write, and every write goes to the primary (portal/db_router.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
if DATABASE_REPLICA_URL:
    try:
        DATABASES["replica"] = dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URL is not a database URL Django understands: {error}"
        ) from None
    # Under the test runner the replica is the test database itself, not a database of its own.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["portal.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "portal.db_router.PrimaryAfterWriteMiddleware",
    )

# PostgreSQL's planner settings for each connection (portal/apps.py). random_page_cost 1.1 is
# the usual value for SSDs (the default, 4, assumes spinning disks): with it a directory search
# for a common word ORs its two indexes (the stored vector, the names' trigrams) instead of
# scanning the table and comparing every name (6 ms instead of 31 at 10,000 enterprises).
POSTGRES_PLANNER = {"random_page_cost": 1.1}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # First: it refuses a locked-out log-in before any backend checks the password.
    "axes.backends.AxesStandaloneBackend",
    "portal.auth.EmailOrUsernameBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Redis: the Celery broker and the cache when REDIS_URL is set; otherwise tasks run in-process
# and the cache lives in local memory, so the embedded default needs no services.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL must start with redis://, rediss:// or unix://, not {REDIS_URL!r}")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A cache that does not answer within a second is treated as down, not waited for.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole public pages cached for anonymous visitors (kit/pagecache.py), on by default where the
# cache is Redis: shared by every web process, so a change seen by one is seen by all.
PAGE_CACHE = env_bool("PAGE_CACHE", bool(REDIS_URL))
# The apps whose rows the cached pages show: a change to any of their rows bumps the app's topic.
PAGE_CACHE_APPS = ("portal", "enterprises", "procurement", "partnerships", "mentoring", "events")
# Rows of those apps no public page shows, which change often.
PAGE_CACHE_IGNORED_MODELS = {
    "portal.User",  # pages show a contact person's own name and address, never an account's
    "procurement.NoticeChange",
    "procurement.Subscription",
    "partnerships.ResultImport",
    "partnerships.AgreementReminder",
}
# Rows of other apps that public pages show (a municipality's response time for first answers).
PAGE_CACHE_MODELS = {"counselling.CounsellingSettings"}
# A save of only these fields (a log-in's last_login) changes no public page.
PAGE_CACHE_IGNORED_FIELDS = {"last_login", "password"}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# One message at a time per worker process, acknowledged after the task: a killed worker's
# task goes back to the queue instead of being lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Copenhagen"
# A queued task must not hang a web request for long when Redis is unreachable.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # An unacknowledged message (its worker died) goes back to the queue after this long.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
}
# A row still "sending" this long after its claim belongs to a dead worker: the sweeper
# re-queues it. Longer than any SMTP conversation (EMAIL_TIMEOUT).
OUTBOX_SENDING_TIMEOUT = env_int("OUTBOX_SENDING_TIMEOUT", 600)
# Delivered mail is kept this long in the outbox, then deleted (addresses are personal data).
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 90)

# Email: the console by default; EMAIL_BACKEND=smtp (with EMAIL_HOST …) in production,
# or "file" to write each message to var/mail.
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env_str("EMAIL_BACKEND", "console" if DEBUG else "smtp")
if "." in _email_backend:  # a dotted path to a backend class
    EMAIL_BACKENDS[_email_backend] = _email_backend
if _email_backend not in EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND must be one of {', '.join(EMAIL_BACKENDS)}, not {_email_backend!r}"
    )
EMAIL_BACKEND = EMAIL_BACKENDS[_email_backend]
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Indgangen <noreply@indgangen.localhost>" if DEBUG else "")
if not DEFAULT_FROM_EMAIL:
    raise ImproperlyConfigured("DEFAULT_FROM_EMAIL must be set, e.g. Indgangen <noreply@kommune.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Language: Danish at /, English under /en/.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Copenhagen"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Case attachments live outside MEDIA_ROOT and are served only to authorised staff, by a view.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
if PRIVATE_MEDIA_ROOT.absolute().is_relative_to(MEDIA_ROOT.absolute()):
    raise ImproperlyConfigured(
        f"PRIVATE_MEDIA_ROOT ({PRIVATE_MEDIA_ROOT}) must not be inside MEDIA_ROOT ({MEDIA_ROOT}), "
        "which is served to anyone"
    )
# "default" holds public files (logos, photos), "private" the case attachments (kit.uploads).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "kit.uploads.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# S3-compatible object storage, so that several web machines share the files: public files under
# public/ in S3_BUCKET, readable by anyone; private ones under private/ (in S3_PRIVATE_BUCKET if
# set), readable only with the keys: the portal streams them to authorised staff.
S3_BUCKET = env_str("S3_BUCKET")
S3_PRIVATE_BUCKET = env_str("S3_PRIVATE_BUCKET")
S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL").rstrip("/")
S3_REGION = env_str("S3_REGION")
S3_ACCESS_KEY_ID = env_str("S3_ACCESS_KEY_ID")
S3_SECRET_ACCESS_KEY = env_str("S3_SECRET_ACCESS_KEY")
S3_PUBLIC_URL = env_str("S3_PUBLIC_URL").rstrip("/")
S3_PUBLIC_ACL = env_str("S3_PUBLIC_ACL", "public-read")
_s3_required = {
    "S3_BUCKET": S3_BUCKET,
    "S3_REGION": S3_REGION,
    "S3_ACCESS_KEY_ID": S3_ACCESS_KEY_ID,
    "S3_SECRET_ACCESS_KEY": S3_SECRET_ACCESS_KEY,
}
_s3_urls = {"S3_ENDPOINT_URL": S3_ENDPOINT_URL, "S3_PUBLIC_URL": S3_PUBLIC_URL}
_s3_given = [
    name
    for name, value in {**_s3_required, **_s3_urls, "S3_PRIVATE_BUCKET": S3_PRIVATE_BUCKET}.items()
    if value
]
if _s3_given and not all(_s3_required.values()):
    _missing = ", ".join(name for name, value in _s3_required.items() if not value)
    raise ImproperlyConfigured(f"{', '.join(_s3_given)} set, but not {_missing}: set all of them, or none")
for _name, _url in _s3_urls.items():
    if _url and not _url.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"{_name} must start with https:// or http://, not {_url!r}")
if S3_BUCKET:
    _s3 = {
        "access_key": S3_ACCESS_KEY_ID,
        "secret_key": S3_SECRET_ACCESS_KEY,
        "region_name": S3_REGION,
        "endpoint_url": S3_ENDPOINT_URL or None,
        "signature_version": "s3v4",
        # Every S3-compatible service takes bucket/key paths; not all take bucket.host names.
        "addressing_style": "path" if S3_ENDPOINT_URL else None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": S3_BUCKET,
            "location": "public",
            # Empty when the bucket has ACLs switched off and a bucket policy makes public/ readable.
            "default_acl": S3_PUBLIC_ACL or None,
            "querystring_auth": False,
            "custom_domain": S3_PUBLIC_URL.split("://", 1)[1] if S3_PUBLIC_URL else None,
            "url_protocol": S3_PUBLIC_URL.split("://", 1)[0] + ":" if S3_PUBLIC_URL else "https:",
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": S3_PRIVATE_BUCKET or S3_BUCKET,
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
    # Where the browser fetches public files from, for the Content Security Policy: the public
    # URL, the service's address (path style), or Amazon's bucket host names.
    if S3_PUBLIC_URL or S3_ENDPOINT_URL:
        MEDIA_ORIGINS = ["/".join((S3_PUBLIC_URL or S3_ENDPOINT_URL).split("/")[:3])]
    else:
        MEDIA_ORIGINS = [
            f"https://{S3_BUCKET}.s3.amazonaws.com",
            f"https://{S3_BUCKET}.s3.{S3_REGION}.amazonaws.com",
        ]
else:
    MEDIA_ORIGINS = []
# The portal serves MEDIA_URL from MEDIA_ROOT itself (kit.uploads.serve_media), also with DEBUG
# off; false when a web server in front serves it, and never needed with S3.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not S3_BUCKET)
# Without collectstatic (tests, runserver) WhiteNoise finds files where they are.
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Every request body is refused (413) over this many bytes, unless its view declares a larger limit
# (kit.middleware.accepts_bodies_up_to; the intake, the case page and the photo forms do). Files up to
# FILE_UPLOAD_MAX_MEMORY_SIZE are held in memory, larger ones in a temporary file, so together with
# the limit nothing larger than a view expects is ever written to disk.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Procurement's OCDS export: each notice's ocid is "<prefix>-<pk>". A publisher registered with
# the Open Contracting Partnership gets a prefix of the form "ocds-xxxxxx"; until then ours is local.
OCDS_OCID_PREFIX = env_str("OCDS_OCID_PREFIX", "ocds-indgangen")
# Startup counselling: closed cases are anonymised this many months after closing.
COUNSELLING_RETENTION_MONTHS = env_int("COUNSELLING_RETENTION_MONTHS", 24)
# Events: registrations' personal data are deleted this many months after the event (counts kept).
EVENTS_RETENTION_MONTHS = env_int("EVENTS_RETENTION_MONTHS", 6)
# The named rate limits of kit/ratelimits.py, each so many an hour (the default is the
# declaration's): the intake and sign-ups and password resets per address, answers per case,
# CVR look-ups on the claim page per account.
INTAKE_LIMIT_PER_HOUR = env_int("INTAKE_LIMIT_PER_HOUR", 5)
REPLY_LIMIT_PER_HOUR = env_int("REPLY_LIMIT_PER_HOUR", 20)
SIGNUP_LIMIT_PER_HOUR = env_int("SIGNUP_LIMIT_PER_HOUR", 10)
PASSWORD_RESET_LIMIT_PER_HOUR = env_int("PASSWORD_RESET_LIMIT_PER_HOUR", 10)
CLAIM_LIMIT_PER_HOUR = env_int("CLAIM_LIMIT_PER_HOUR", 10)
LINK_REQUEST_LIMIT_PER_HOUR = env_int("LINK_REQUEST_LIMIT_PER_HOUR", 5)
LINK_MAIL_LIMIT_PER_HOUR = env_int("LINK_MAIL_LIMIT_PER_HOUR", 3)
RECEIPT_LIMIT_PER_HOUR = env_int("RECEIPT_LIMIT_PER_HOUR", 3)
INTEREST_LIMIT_PER_HOUR = env_int("INTEREST_LIMIT_PER_HOUR", 30)
OFFER_LIMIT_PER_HOUR = env_int("OFFER_LIMIT_PER_HOUR", 5)
RESULT_REPORT_LIMIT_PER_HOUR = env_int("RESULT_REPORT_LIMIT_PER_HOUR", 30)
EVENT_REGISTRATION_LIMIT_PER_HOUR = env_int("EVENT_REGISTRATION_LIMIT_PER_HOUR", 10)
MENTOR_ASK_LIMIT_PER_HOUR = env_int("MENTOR_ASK_LIMIT_PER_HOUR", 10)
MENTOR_REQUEST_LIMIT_PER_HOUR = env_int("MENTOR_REQUEST_LIMIT_PER_HOUR", 5)
# How many proxies in front of the portal append to X-Forwarded-For; 0 trusts none of it and
# takes the visitor's address from the connection (per-address limits need the right one).
NUM_PROXIES = env_int("NUM_PROXIES", 0)

# Log-in throttling (django-axes), on /konto/log-ind/ and /admin/login/ alike: after
# LOGIN_FAILURE_LIMIT failed log-ins with one account, or from one address, within
# LOGIN_LOCKOUT_MINUTES, log-in is refused for that long, even with the right password. The database
# handler, not the cache: the attempts are an audit trail superusers read in the admin, and
# throttling keeps working when Redis is down. A failure during the lockout does not prolong it.
# A successful log-in does not wipe the count, or an attacker could clear their address's count
# by logging in to an account of their own between guesses.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # per account, and per address
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "kit.http.client_ip"  # honours NUM_PROXIES, like the rate limits
AXES_USERNAME_CALLABLE = "portal.auth.login_name"
AXES_LOCKOUT_CALLABLE = "portal.views.locked_out"
AXES_ENABLE_ADMIN = False  # portal/axes_admin.py registers its models for superusers only
AXES_VERBOSE = False  # no start-up banner on every manage.py command; failures are still logged

# Our own pack for Det Fælles Designsystem (templates/dkfds/): every form field drawn in one place.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("dkfds",)
CRISPY_TEMPLATE_PACK = "dkfds"

# Security. Headers apply everywhere; the transport settings only with DEBUG off, so that
# `manage.py check --deploy` is clean in production while runserver keeps working over http.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# How long a log-in lasts (portal/sessions.py): staff while active, at most a working day;
# others (an enterprise's representative, a mentor) two weeks.
STAFF_SESSION_IDLE = env_int("STAFF_SESSION_IDLE_MINUTES", 30) * 60
STAFF_SESSION_MAX = env_int("STAFF_SESSION_MAX_HOURS", 10) * 60 * 60
SESSION_COOKIE_AGE = env_int("SESSION_DAYS", 14) * 24 * 60 * 60
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and container health checks probe over plain http.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    if env_bool("TRUST_X_FORWARDED_PROTO", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content Security Policy: everything from our own host, no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# The reasonableness requirement (rimelighedskravet, lov om en aktiv beskæftigelsesindsats) as
# commonly stated: at a production unit, one person on special terms (wage subsidy, company
# internship) per started five ordinary employees for the first 50, then one per started ten
# beyond that. Seed 003's dialogue with the ministries may change the figures: they live here, not
# in the code (partnerships/capacity.py).
REASONABLENESS_RULE = {
    "per_ordinary": 5,
    "band": 50,
    "per_ordinary_beyond": 10,
    "source": "Rimelighedskravet, lov om en aktiv beskæftigelsesindsats (as commonly stated)",
}
