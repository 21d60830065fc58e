import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path, reverse_lazy

from kit import contributions, uploads
from portal import views
from portal.forms import LoginForm, NewPasswordForm

account_patterns = [
    path("", views.account_home, name="account_home"),
    path("mail/", views.email_preferences, name="email_preferences"),
    path("virksomheder/", include("enterprises.selfservice_urls")),
    path("udbud/", include("procurement.account_urls")),
    path("partnerskaber/", include("partnerships.account_urls")),
    path("mentorer/", include("mentoring.account_urls")),
    path("afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("opret/", views.signup, name="account_signup"),
    path("opret/tjek-din-mail/", views.signup_done, name="account_signup_done"),
    path("bekraeft/<uidb64>/<token>/", views.confirm, name="account_confirm"),
    path(
        "log-ind/",
        auth_views.LoginView.as_view(template_name="account/login.html", authentication_form=LoginForm),
        name="account_login",
    ),
    path("log-ud/", auth_views.LogoutView.as_view(), name="account_logout"),
    path(
        "nulstil-adgangskode/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "nulstil-adgangskode/sendt/",
        auth_views.PasswordResetDoneView.as_view(template_name="account/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "nulstil-adgangskode/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=NewPasswordForm,
            template_name="account/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "nulstil-adgangskode/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(template_name="account/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; answer without a 404.
    path("favicon.ico", views.favicon),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # One sitemap for both languages: each entry lists its Danish and English address.
    path("sitemap.xml", sitemap, {"sitemaps": contributions.sitemaps()}, name="sitemap"),
]
if settings.SERVE_MEDIA:
    # Public uploads (logos, photos), with DEBUG on or off; private files are never under MEDIA_ROOT.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.+)$", uploads.serve_media, name="media"))

# Danish at /, English under /en/ (design: "the English version of every page lives under /en/").
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("kommuner/", views.pick_municipality, name="pick_municipality"),
    path("kommuner/<slug:slug>/", views.municipality_detail, name="municipality"),
    path("kommuner/<slug:slug>/privatliv/", views.municipality_privacy, name="municipality_privacy"),
    path(
        "kommuner/<slug:municipality_slug>/vejledning/<slug:slug>/",
        views.guide_detail,
        name="municipality_guide",
    ),
    path("vejledning/<slug:slug>/", views.guide_detail, name="guide"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("virksomheder/", include("enterprises.urls")),
    path("udbud/", include("procurement.urls")),
    path("partnerskaber/", include("partnerships.urls")),
    path("mentorer/", include("mentoring.urls")),
    path("arrangementer/", include("events.urls")),
    path("", include("counselling.urls")),
    path("konto/", include(account_patterns)),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

admin.site.site_header = "Indgangen"
admin.site.site_title = "Indgangen"
