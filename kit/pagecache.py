"""Whole public pages kept in the cache (Redis in production) for anonymous visitors.

A view decorated with `cached_page("portal", "events")` is rendered once per address and language
and then served from the cache, until one of three things ends the copy:

- **the data changes.** Every saved, deleted or re-linked row of an app bumps that app's topic
  (its label), after the commit and at once, by the signals `watch_apps()` connects. A page's key
  holds the versions of the topics it reads, so the next request after a change misses and renders
  afresh; nothing has to find and delete the old copies.
- **the time changes what the page says.** Code that shows a status which changes with the clock
  ("Open now", "3 days left", registration open) calls `changes_at(when)` while the page renders;
  the copy lives until the earliest such moment, and never past the next local midnight (dates
  such as "today" and "tomorrow") or `MAX_AGE`. Then the first request renders it again while
  those that come meanwhile get the old copy (for the time that takes, at most `RENEWING`).
- **the code changes.** The key holds the static files' manifest hash, so a deployment never
  serves a page that links the previous build's files.

Only a request that cannot be personal is served or stored: GET or HEAD, no session cookie
(whoever is logged in, or has a message waiting, sees their own header), no message cookie, and no
query string but the view's own filters (`cached_page(..., query=("kommune", "side"))`): a list
filtered by municipality or kind, or its second page, is one of a small number of pages and is
kept like the list itself, while a free-text search (`q`), or any parameter the view does not
name, is rendered each time. A response is stored only when it
is a 200 that set no cookie, wrote no session and added no message.

A page with a form needs a CSRF token of the visitor's own: while a page is rendered for the
cache, `{% csrf_token %}` writes `MARKER` (the context processor `csrf_placeholder` overrides
Django's), and each response gets the visitor's token put in its place, which also sets the CSRF
cookie as Django would. A page without a token gets an ETag, so a browser revalidates it with
`If-None-Match` and gets a 304 without the body.
"""

import contextvars
import datetime
import functools
import hashlib
import logging
import secrets
from zoneinfo import ZoneInfo

import redis
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from kit import ratelimits

#: What `{% csrf_token %}` writes on a page rendered for the cache; replaced per response.
MARKER = "pagecache-csrf-placeholder-0e8c4d"
#: The longest a copy lives, whatever its topics and clock say.
MAX_AGE = 60 * 60
#: Seconds a copy whose time is up is kept after it, for the requests that come while the first
#: one renders it again; and the longest that rendering may take before another request tries.
GRACE = 30
RENEWING = 10
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
PREFIX = "pagecache"
#: The header that tells a benchmark or a test whether the page came from the cache.
HEADER = "X-Page-Cache"
#: Headers not kept with a copy: the middleware writes them again for each response.
_NOT_KEPT = {"content-length", "set-cookie", "vary", "content-language", "etag", "cache-control"}

log = logging.getLogger(__name__)

_rendering = contextvars.ContextVar("pagecache_rendering", default=None)


# --- Time ------------------------------------------------------------------------------------


class _Clock:
    """The moment the page being rendered stops being true."""

    def __init__(self, now):
        local = timezone.localtime(now, COPENHAGEN)
        midnight = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=COPENHAGEN
        )
        self.until = min(now + datetime.timedelta(seconds=MAX_AGE), midnight)

    def change(self, when):
        if when < self.until:
            self.until = when


def changes_at(when):
    """Say that what is being rendered changes at `when` (an aware datetime): a status such as
    "Open now" or a deadline's "2 days left". Outside a cached page's rendering it does nothing."""
    clock = _rendering.get()
    if clock is not None and when is not None:
        clock.change(when)


# --- Topics ----------------------------------------------------------------------------------


def _topic_key(topic):
    return f"{PREFIX}:topic:{topic}"


def bump(*topics):
    """A new version of each topic: every page that reads one is rendered again when next asked for.

    At once, so that the rest of this transaction (and a test) sees it, and again after the
    commit, so that a page rendered from the old rows while the transaction ran is not kept."""
    if not topics:
        return

    def write():
        version = secrets.token_hex(8)  # not the clock: a test's frozen clock would repeat it
        try:
            cache.set_many({_topic_key(topic): version for topic in topics}, timeout=None)
        except redis.RedisError:  # the copies die with the cache, or at the latest after MAX_AGE
            log.warning("page cache: could not bump %s", ", ".join(topics))

    write()
    transaction.on_commit(write)


def _shown(model):
    """Whether public pages show rows of `model`: every model of PAGE_CACHE_APPS but the ignored
    ones, and the PAGE_CACHE_MODELS of other apps."""
    label = model._meta.label
    if model._meta.app_label in settings.PAGE_CACHE_APPS:
        return label not in settings.PAGE_CACHE_IGNORED_MODELS
    return label in settings.PAGE_CACHE_MODELS


def known_topics():
    """Every topic a page may read: the apps of PAGE_CACHE_APPS and of PAGE_CACHE_MODELS."""
    return set(settings.PAGE_CACHE_APPS) | {label.split(".")[0] for label in settings.PAGE_CACHE_MODELS}


def _changed(sender, update_fields=None, **kwargs):
    if not (update_fields and set(update_fields) <= settings.PAGE_CACHE_IGNORED_FIELDS):
        changed(sender)


def _relinked(sender, instance, action, model, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump(*{m._meta.app_label for m in (type(instance), model) if _shown(m)})


def watch_apps():
    """Connect the signals that bump an app's topic when one of its rows changes (kit's ready())."""
    post_save.connect(_changed, dispatch_uid="kit.pagecache.saved")
    post_delete.connect(_changed, dispatch_uid="kit.pagecache.deleted")
    m2m_changed.connect(_relinked, dispatch_uid="kit.pagecache.relinked")


def changed(model):
    """For a change signals do not see (`QuerySet.update()`): bump the app of `model`."""
    if _shown(model):
        bump(model._meta.app_label)


# --- Pages -----------------------------------------------------------------------------------


def csrf_placeholder(request):
    """Context processor: on a page rendered for the cache, `{% csrf_token %}` writes MARKER."""
    if getattr(request, "_pagecache_rendering", False):
        return {"csrf_token": MARKER}
    return {}


#: A filter value longer than this is not a choice from the page's own form: rendered, not kept.
LONGEST_FILTER = 60
#: Nor is a parameter given more often than this.
MOST_VALUES = 10
#: A popular parameter's (a search's) page is kept once asked for this often within the window...
POPULAR = 2
POPULAR_WINDOW = 60 * 60
#: ...and no more such copies than this are stored an hour: a bound on what typing can fill.
MOST_POPULAR_COPIES = 1000
#: A search longer than this is rendered, never kept.
LONGEST_POPULAR = 100


def _anonymous(request):
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _filters(request, query, popular):
    """The page's filters as a canonical string and whether a popular parameter (a search) is
    among them, or None when the query string is not just filters."""
    if not request.META.get("QUERY_STRING"):
        return "", False
    pairs = []
    searched = False
    for name, values in request.GET.lists():
        if name in popular:
            if len(values) > MOST_VALUES or any(len(v) > LONGEST_POPULAR for v in values):
                return None
            searched = searched or any(values)
        elif name not in query or len(values) > MOST_VALUES or any(len(v) > LONGEST_FILTER for v in values):
            return None
        pairs.extend(f"{name}={value}" for value in values if value)
    return "&".join(sorted(pairs)), searched


def _popular(key):
    """Whether the search behind `key` has now been asked for POPULAR times in POPULAR_WINDOW."""
    try:
        return ratelimits.increment(f"{key}:asked", timeout=POPULAR_WINDOW) >= POPULAR
    except redis.RedisError:
        return False


def _within_quota(now):
    """Whether one more search's copy may be stored this hour (MOST_POPULAR_COPIES)."""
    quota = f"{PREFIX}:popular:{int(now.timestamp()) // 3600}"
    try:
        return ratelimits.increment(quota, timeout=3600 + 60) <= MOST_POPULAR_COPIES
    except redis.RedisError:
        return False


@functools.cache
def _build():
    """The static files' manifest hash: a new deployment starts with new keys."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    return getattr(staticfiles_storage, "manifest_hash", "") or "dev"


def _page_key(request, topics, filters):
    versions = cache.get_many([_topic_key(topic) for topic in topics])
    parts = [
        _build(),
        get_language() or "",
        request.get_host(),  # a page may carry absolute links (its structured data)
        request.path,
        filters,
        *(f"{t}={versions.get(_topic_key(t), 0)}" for t in topics),
    ]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f"{PREFIX}:page:{digest}"


def dont_keep(request):
    """The page being rendered is shown but not kept (its address holds a value the view ignores)."""
    request._pagecache_keep = False


def vouch(request, form=None, page=None):
    """Keep a filtered list's page only when every filter value is one its `form` offers (a choice,
    a model's key, a ticked box) and its number (`side`) one the list has: then the copies kept are
    bounded by the form's choices, whatever a visitor types into the address. A free-text value,
    or a value given twice, is shown but not kept."""
    if form is not None and not _offered(form, request.GET):
        dont_keep(request)
    if page is not None and request.GET.get("side", "") not in ("", str(page.number)):
        dont_keep(request)


def _offered(form, data):
    if not form.is_valid():
        return False
    for name, field in form.fields.items():
        values = [value for value in data.getlist(name) if value]
        if len(set(values)) != len(values):
            return False
        if isinstance(field, forms.BooleanField):
            if values not in ([], ["1"], ["on"]):
                return False
        elif values and not isinstance(field, (forms.ChoiceField, forms.ModelMultipleChoiceField)):
            return False
    return True


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not getattr(request, "_pagecache_keep", True):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return False
    return "private" not in response.get("Cache-Control", "") and "no-store" not in response.get(
        "Cache-Control", ""
    )


def _personalise(request, response, content, has_token):
    """The copy made the visitor's: their CSRF token in place of MARKER, or an ETag to revalidate by.
    Either way it varies on the cookies: with a session the same address is another page."""
    patch_vary_headers(response, ("Cookie",))
    if has_token:
        response.content = content.replace(MARKER.encode(), get_token(request).encode())
        patch_cache_control(response, private=True, no_cache=True)
        return response
    response.content = content
    response["ETag"] = f'"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'
    patch_cache_control(response, no_cache=True)
    return get_conditional_response(request, etag=response["ETag"], response=response)


def _renew(key):
    """Whether this request renders again the copy whose time is up: the first to ask does; the
    others meanwhile get the old copy for the moment that takes, instead of all rendering at once
    (a list of deadlines with minutes left changes every minute)."""
    try:
        return cache.add(f"{key}:renewing", 1, timeout=RENEWING)
    except redis.RedisError:
        return True


def _served(request, copy, *, fresh):
    response = HttpResponse(copy["content"], status=copy["status"])
    for name, value in copy["headers"]:
        response[name] = value
    response[HEADER] = "hit" if fresh else "stale"
    return _personalise(request, response, copy["content"], copy["token"])


def _rendered(view, request, args, kwargs, key, now, *, searched=False):
    """The view's response, rendered with the CSRF placeholder and the clock watching, and kept
    under `key` when it may be (a search's only within the hour's quota)."""
    clock = _Clock(now)
    request._pagecache_rendering = True
    reset = _rendering.set(clock)
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    finally:
        _rendering.reset(reset)
        request._pagecache_rendering = False
    if response.streaming:
        return response
    content = response.content
    has_token = MARKER.encode() in content
    lifetime = clock.until.timestamp() - now.timestamp()
    if lifetime >= 1 and _storable(request, response) and (not searched or _within_quota(now)):
        copy = {
            "content": content,
            "status": response.status_code,
            "headers": [(n, v) for n, v in response.items() if n.lower() not in _NOT_KEPT],
            "until": clock.until.timestamp(),
            "token": has_token,
        }
        try:
            cache.set(key, copy, timeout=int(lifetime) + 1 + GRACE)
            cache.delete(f"{key}:renewing")
        except redis.RedisError:
            log.warning("page cache: could not store %s", request.path)
    response[HEADER] = "miss"
    return _personalise(request, response, content, has_token)


def cached_page(*topics, query=(), popular=()):
    """Serve the view from the cache to anonymous visitors; `topics` are the apps whose data it
    shows, `query` the GET parameters (its filters and page number) whose pages are kept too,
    `popular` those (a free-text search) whose pages are kept once they are asked for often."""
    query = frozenset(query)
    popular = frozenset(popular)
    read = tuple(sorted(set(topics)))
    unknown = set(read) - known_topics()
    if unknown:
        raise ValueError(f"No model bumps these topics: {sorted(unknown)}")

    def decorate(view):
        @functools.wraps(view)
        def serve(request, *args, **kwargs):
            chosen = _filters(request, query, popular) if _anonymous(request) else None
            if chosen is None:
                return view(request, *args, **kwargs)
            filters, searched = chosen
            try:
                key = _page_key(request, read, filters)
                copy = cache.get(key)
            except redis.RedisError:  # no cache: the page as if it had none
                log.warning("page cache: the cache did not answer", exc_info=True)
                return view(request, *args, **kwargs)
            now = timezone.now()
            if copy is not None and (copy["until"] > now.timestamp() or not _renew(key)):
                return _served(request, copy, fresh=copy["until"] > now.timestamp())
            if copy is None and searched and not _popular(key):
                return view(request, *args, **kwargs)
            return _rendered(view, request, args, kwargs, key, now, searched=searched)

        return serve

    return decorate
