import redis
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kit import contributions, ratelimits
from kit.contributions import MUNICIPALITY_PAGE
from kit.http import client_ip
from kit.pagecache import cached_page
from outbox import preferences
from portal import services
from portal.forms import ChoosePasswordForm, EmailPreferencesForm, OutboxPasswordResetForm, SignupForm
from portal.models import ContactPerson, Guide, Municipality


def municipalities_with_hours():
    """Municipalities with everything their hours and status need, in a fixed number of queries."""
    return Municipality.objects.prefetch_related("opening_hours", "closed_days")


@require_GET
@cached_page("portal")
def home(request, picker_error=""):
    municipalities = municipalities_with_hours()
    guides = Guide.objects.national()
    return render(
        request,
        "portal/home.html",
        {"municipalities": municipalities, "guides": guides, "picker_error": picker_error},
        status=400 if picker_error else 200,
    )


@require_GET
def pick_municipality(request):
    """The no-JavaScript picker on the front page submits here by GET; sent without a choice,
    the front page says what to do."""
    slug = request.GET.get("kommune", "").strip()
    municipality = Municipality.objects.filter(slug=slug).first() if slug else None
    if municipality is not None:
        return redirect(municipality)
    if slug:
        error = _("We do not know that municipality. Choose one in the list.")
    else:
        error = _(
            "You have not chosen a municipality. Choose yours in the list, then press “Show contact persons”."
        )
    return home.__wrapped__(request, picker_error=error)


@require_GET
@cached_page("portal", "counselling", "enterprises", "events", "mentoring", "procurement", "partnerships")
def municipality_detail(request, slug):
    municipality = get_object_or_404(
        municipalities_with_hours()
        .prefetch_related(
            Prefetch("contact_persons", queryset=ContactPerson.objects.public(), to_attr="public_contacts")
        )
        .select_related(*contributions.select_related(MUNICIPALITY_PAGE)),
        slug=slug,
    )
    guides = Guide.objects.for_public_municipality(municipality).select_related("municipality")
    return render(
        request,
        "portal/municipality_detail.html",
        {
            "municipality": municipality,
            "visit": municipality.visit_schedule(),
            "phone": municipality.phone_schedule(),
            "closures": municipality.upcoming_closures(),
            "guides": [(guide, guide.url_for(municipality)) for guide in guides],
        },
    )


@require_GET
@cached_page("portal")
def guide_detail(request, slug, municipality_slug=None):
    """A guide, national or a municipality's own. Under /kommuner/<slug>/vejledning/ it is read
    from that municipality's page: its breadcrumb, contact persons and intake are that
    municipality's. A municipality's own guide always has its municipality."""
    if municipality_slug is None:
        guide = get_object_or_404(Guide.objects.published().select_related("municipality"), slug=slug)
        municipality = guide.municipality
    else:
        municipality = get_object_or_404(Municipality, slug=municipality_slug)
        guide = get_object_or_404(Guide.objects.for_public_municipality(municipality), slug=slug)
    context = {"guide": guide, "municipality": municipality, "scoped": municipality_slug is not None}
    if municipality is None:
        context["related"] = [
            (other, other.get_absolute_url()) for other in Guide.objects.national().exclude(pk=guide.pk)
        ]
        context["municipalities"] = [(m, guide.url_for(m)) for m in Municipality.objects.all()]
    else:
        others = Guide.objects.for_public_municipality(municipality).exclude(pk=guide.pk)
        context["related"] = [(other, other.url_for(municipality)) for other in others]
        context["contacts"] = guide.contact_persons(municipality)
    return render(request, "portal/guide_detail.html", context)


@require_GET
@cached_page("portal")
def municipality_privacy(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    return render(
        request,
        "portal/privacy.html",
        {"municipality": municipality, "retention_months": settings.COUNSELLING_RETENTION_MONTHS},
    )


@require_GET
@cached_page("portal")
def accessibility(request):
    """The portal's own accessibility statement, which every municipality links unless it has
    its own."""
    return render(request, "portal/accessibility.html", {"municipalities": Municipality.objects.all()})


def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


@never_cache
def healthz(request):
    """Liveness: the process answers. Touches nothing else, so a database outage never restarts it."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: the database and, when configured, Redis answer. 503 names what is down."""
    checks = {"database": _check_database()}
    if settings.REDIS_URL:
        checks["redis"] = _check_redis()
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return f"down: {type(error).__name__}"
    return "ok"


def _check_redis():
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"down: {type(error).__name__}"
    finally:
        client.close()
    return "ok"


# Accounts for enterprise representatives, under /konto/.


@login_required
@require_GET
def account_home(request):
    return render(
        request, "account/home.html", {"preferences_form": EmailPreferencesForm(instance=request.user)}
    )


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("account_home")
    if request.method == "POST":
        # Each sign-up mails a link to an address somebody typed: one address cannot send many.
        slot = ratelimits.SIGNUP.take(client_ip(request))
        if not slot:
            return slot.refusal(request)
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.register_representative(
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            language=get_language(),
        )
        return redirect("account_signup_done")
    if request.method == "POST":
        slot.give_back()  # a form with a mistake in it costs no try
    return render(request, "account/signup.html", {"form": form}, status=400 if form.is_bound else 200)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, at most so many requests an hour from one address (each may mail
    a link; the outbox already sends one account at most one link an hour)."""

    template_name = "account/password_reset.html"
    form_class = OutboxPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        self.slot = ratelimits.PASSWORD_RESET.take(client_ip(request))
        if not self.slot:
            return self.slot.refusal(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        self.slot.give_back()
        return super().form_invalid(form)


def locked_out(request, original_response=None, credentials=None):
    """The page for a log-in that django-axes refuses (AXES_LOCKOUT_CALLABLE): the same for an
    unknown account as for a known one, in the admin's look on /admin/login/."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"minutes": max(1, seconds // 60)}
    template = "account/locked.html"
    if request.resolver_match is not None and request.resolver_match.namespace == "admin":
        context |= {**admin.site.each_context(request), "title": _("Log-in paused")}
        template = "admin/locked.html"
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    return response


@require_GET
def signup_done(request):
    return render(request, "account/signup_done.html")


@require_http_methods(["GET", "POST"])
def confirm(request, uidb64, token):
    """The link in the confirmation mail: choose a password, and the account is active.

    Only the POST activates, so mail scanners that follow links do not spend the token."""
    user = _user_from_uid(uidb64)
    if user is None or user.is_active or not services.activation_token.check_token(user, token):
        return render(request, "account/confirm.html", {"valid": False}, status=400)
    form = ChoosePasswordForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid() and services.confirm_account(
        user,
        token,
        form.cleaned_data["new_password1"],
        first_name=form.cleaned_data["first_name"],
        last_name=form.cleaned_data["last_name"],
    ):
        auth_login(request, user, backend="portal.auth.EmailOrUsernameBackend")
        messages.success(request, _("Your account is ready. Welcome!"))
        return redirect("account_home")
    return render(
        request, "account/confirm.html", {"valid": True, "form": form}, status=400 if form.is_bound else 200
    )


def _user_from_uid(uidb64):
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        return get_user_model().objects.get(pk=pk)
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError, get_user_model().DoesNotExist):
        return None


@login_required
@require_POST
def email_preferences(request):
    form = EmailPreferencesForm(request.POST, instance=request.user)
    if form.is_valid():
        user = form.save()
        preferences.set_email_frequency(user, form.cleaned_data["email_frequency"])
        messages.success(request, _("Your choice is saved."))
        return redirect("account_home")
    return render(request, "account/home.html", {"preferences_form": form}, status=400)


@csrf_exempt  # the signed token is the credential; RFC 8058 mail clients POST without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user = preferences.user_from_unsubscribe_token(token)
    if user is None:
        return render(request, "account/unsubscribe.html", {"valid": False}, status=404)
    if request.method == "POST":
        preferences.set_email_frequency(user, user.EmailFrequency.NEVER)
        return render(request, "account/unsubscribe.html", {"valid": True, "done": True})
    return render(request, "account/unsubscribe.html", {"valid": True, "done": False})
