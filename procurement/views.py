"""The public side of procurement: the list of notices at /udbud/, a notice's page and its
documents, an enterprise's interest in a notice or a lot, and a company's subcontracting offer.

Only `Notice.objects.public()` reaches the public: never a draft, an offer under review or a
notice before its TED publication date. Staff who may see an unpublished (or embargoed) notice of
their municipality see its page as a marked preview. The list and the notice page run a fixed
number of SQL queries whatever the data (asserted in the tests).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enterprises.models import Enterprise
from kit import pagecache, ratelimits, uploads
from kit.pagecache import cached_page
from kit.review import mark_preview, published_or_preview
from procurement import services
from procurement.forms import InterestForm, NoticeFilterForm, OfferForm
from procurement.models import Award, ClauseFollowUp, Interest, Lot, Notice, SocialObjective
from procurement.templatetags.procurement_tags import time_left

PAGE_SIZE = 20
#: "Deadline within 14 days" on the list.
SOON_DAYS = 14

Phase = Notice.Phase


# --- The list --------------------------------------------------------------------------------------


def filtered(notices, values, now):
    """`notices` narrowed by the list's filters (NoticeFilterForm.filters()). A filter that looks
    into the lots is a subquery, so that a notice is never listed twice."""
    if values["art"]:
        notices = notices.filter(kind=values["art"])
    if values["kommune"]:
        notices = notices.filter(municipality=values["kommune"])
    if category := values["kategori"]:
        with_category = Notice.objects.filter(Q(categories=category) | Q(lots__categories=category))
        notices = notices.filter(pk__in=with_category.values("pk"))
    if code := values["cpv"]:
        # A code covers the codes that start with its significant digits (procurement/cpv.py).
        covered = Notice.objects.filter(
            Q(cpv_codes__code__startswith=code.prefix) | Q(lots__cpv_codes__code__startswith=code.prefix)
        )
        notices = notices.filter(pk__in=covered.values("pk"))
    if values["social"]:
        notices = notices.filter(pk__in=Notice.objects.social().values("pk"))
    if values["snart"]:
        notices = notices.closing_within(SOON_DAYS, now)
    if values["aaben"]:
        notices = notices.open(now)
    if values["planlagt"]:
        notices = notices.planned()
    return notices


def with_listing(notices, now):
    """What a row shows, in one query per page: the buyer, the number of lots and whether a lot is
    reserved. Open notices first, then planned ones, then the rest; each by deadline."""
    lots = Lot.objects.filter(notice=OuterRef("pk"))
    rank = Case(
        When(
            Q(stage=Notice.Stage.TENDERING)
            & (Q(submission_deadline__isnull=True) | Q(submission_deadline__gt=now)),
            then=Value(0),
        ),
        When(stage=Notice.Stage.PLANNED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        notices.select_related("municipality")
        .annotate(
            lot_count=Subquery(
                lots.order_by().values("notice").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            has_reserved_lot=Exists(lots.exclude(reserved_participation="")),
            rank=rank,
        )
        .order_by("rank", F("submission_deadline").asc(nulls_last=True), "-created_at", "pk")
    )


@require_GET
@cached_page(
    "procurement",
    "portal",
    "enterprises",
    query=("art", "kategori", "cpv", "kommune", "social", "snart", "aaben", "planlagt", "side"),
)
def notice_list(request):
    form = NoticeFilterForm(request.GET)
    values = form.filters()
    now = timezone.now()
    notices = with_listing(filtered(Notice.objects.public(now), values, now), now)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("side"))
    pagecache.vouch(request, form, page)
    rows = list(page.object_list)
    for notice in rows:
        notice.current_phase = notice.phase(now)
        notice.left = (
            time_left(notice.submission_deadline, now) if notice.current_phase == Phase.OPEN else None
        )
    return render(
        request,
        "procurement/list.html",
        {
            "form": form,
            "chosen": sum(1 for value in values.values() if value),
            "page": page,
            "notices": rows,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        },
    )


# --- A notice's page -------------------------------------------------------------------------------


def with_page_relations(queryset):
    """Everything the notice page shows, in a fixed number of queries."""
    return queryset.select_related("municipality").prefetch_related(
        "categories",
        "cpv_codes",
        "documents",
        Prefetch("lots", queryset=Lot.objects.prefetch_related("categories", "cpv_codes")),
        Prefetch(
            "awards",
            queryset=Award.objects.prefetch_related(
                Prefetch(
                    "follow_ups",
                    queryset=ClauseFollowUp.objects.confirmed(),
                    to_attr="confirmed_follow_ups",
                )
            ),
        ),
    )


def get_notice_for_page(request, slug, queryset=None):
    """The access helper: (notice, is_preview). The public sees a public notice; staff who may see
    an unpublished or embargoed one (their municipality's) see a preview; anyone else a 404."""
    queryset = Notice.objects.select_related("municipality") if queryset is None else queryset
    notice, preview = published_or_preview(queryset, request.user, slug=slug)
    if not preview and notice.is_embargoed():
        # Published, but before its TED publication date: not public yet.
        if not (request.user.is_staff and queryset.visible_to(request.user).filter(pk=notice.pk).exists()):
            raise Http404
        preview = True
    return notice, preview


def represented_enterprises(user):
    """The published enterprises `user` represents: those that may mark interest."""
    return Enterprise.objects.published().represented_by(user).order_by("name", "pk")


def render_notice(request, notice, preview, *, form=None, status=200):
    now = timezone.now()
    lots = list(notice.lots.all())
    awards = list(notice.awards.all())
    for lot in lots:
        lot.lot_awards = [award for award in awards if award.lot_id == lot.pk]
    enterprises, interests = [], []
    accepting = services.accepts_interest(notice, now) and not preview
    if request.user.is_authenticated and not preview:
        enterprises = list(represented_enterprises(request.user))
        if enterprises:
            interests = list(
                Interest.objects.filter(notice=notice, enterprise__in=enterprises).select_related(
                    "enterprise", "lot"
                )
            )
    if form is None and enterprises and accepting:
        form = InterestForm(enterprises=enterprises, lots=lots)
    response = render(
        request,
        "procurement/notice.html",
        {
            "notice": notice,
            "preview": preview,
            "phase": notice.phase(now),
            "questions_left": time_left(notice.questions_deadline, now),
            "submission_left": time_left(notice.submission_deadline, now),
            "lots": lots,
            "notice_awards": [award for award in awards if award.lot_id is None],
            "awards": awards,
            "documents": list(notice.documents.all()),
            "social_objectives": [
                SocialObjective(code).label
                for code in notice.social_objectives
                if code in SocialObjective.values
            ],
            "accepting": accepting,
            "enterprises": enterprises,
            "interests": interests,
            "form": form,
        },
        status=status,
    )
    return mark_preview(response) if preview else response


@require_GET
@cached_page("procurement", "portal", "enterprises")
def notice_detail(request, slug):
    notice, preview = get_notice_for_page(request, slug, with_page_relations(Notice.objects.all()))
    return render_notice(request, notice, preview)


@require_GET
def document(request, slug, key):
    """A document kept here, served only while its notice is public (or to staff previewing it)."""
    notice, preview = get_notice_for_page(request, slug)
    document = get_object_or_404(notice.documents.exclude(file=""), key=key)
    response = uploads.private_file_response(
        document.file,
        name=document.name or document.title,
        content_type=document.content_type or "application/octet-stream",
    )
    return mark_preview(response) if preview else response


# --- Interest ---------------------------------------------------------------------------------------


@login_required
@require_POST
def mark_interest(request, slug):
    notice = get_object_or_404(with_page_relations(Notice.objects.public()), slug=slug)
    slot = ratelimits.INTEREST.take(request.user.pk)
    if not slot:
        return slot.refusal(request)
    if not services.accepts_interest(notice):
        slot.give_back()
        messages.error(
            request, _("The notice no longer takes interest: its deadline has passed or it is decided.")
        )
        return redirect(notice)
    form = InterestForm(
        request.POST, enterprises=represented_enterprises(request.user), lots=notice.lots.all()
    )
    if not form.is_valid():
        slot.give_back()
        return render_notice(request, notice, False, form=form, status=400)
    interest, created = services.mark_interest(
        notice,
        enterprise=form.cleaned_data["enterprise"],
        lot=form.cleaned_data.get("lot"),
        user=request.user,
        message=form.cleaned_data["message"],
        share_profile=form.cleaned_data["share_profile"],
    )
    what = str(interest.lot) if interest.lot else notice.title
    if created:
        text = _("%(enterprise)s is marked as interested in %(what)s. The buyer has been told.")
    else:
        text = _("The interest of %(enterprise)s in %(what)s is updated.")
    messages.success(request, text % {"enterprise": interest.enterprise.name, "what": what})
    return redirect(f"{notice.get_absolute_url()}#interesse")


@login_required
@require_POST
def withdraw_interest(request, slug, pk):
    notice = get_object_or_404(Notice.objects.public(), slug=slug)
    slot = ratelimits.INTEREST.take(request.user.pk)
    if not slot:
        return slot.refusal(request)
    # Only an interest of an enterprise the person represents: anyone else's is a 404.
    interest = get_object_or_404(
        Interest.objects.select_related("enterprise", "lot"),
        pk=pk,
        notice=notice,
        enterprise__in=Enterprise.objects.represented_by(request.user),
    )
    services.withdraw_interest(interest)
    what = str(interest.lot) if interest.lot else notice.title
    messages.success(
        request,
        _("%(enterprise)s is no longer marked as interested in %(what)s.")
        % {"enterprise": interest.enterprise.name, "what": what},
    )
    return redirect(f"{notice.get_absolute_url()}#interesse")


# --- A company's offer ------------------------------------------------------------------------------

#: The form's fields that are the notice's own columns, by the notice's names.
OFFER_FIELDS = {
    "company_name": "company_name",
    "company_cvr": "company_cvr",
    "municipality": "municipality",
    "title": "title",
    "description": "description",
    "contact_name": "contact_name",
    "contact_email": "contact_email",
    "contact_phone": "contact_phone",
    "deadline": "submission_deadline",
    "planned": "planned",
}


def offer_initial(user):
    """The form filled in from the first enterprise the person represents, and their address."""
    initial = {"contact_email": user.email, "contact_name": user.get_full_name()}
    enterprise = Enterprise.objects.represented_by(user).order_by("pk").first()
    if enterprise is not None:
        initial.update(
            company_name=enterprise.name,
            company_cvr=enterprise.cvr,
            municipality=enterprise.home_municipality_id,
        )
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def offer(request):
    if request.method == "POST":
        # Each offer mails the municipality's contact persons: one account cannot flood them.
        slot = ratelimits.OFFER.take(request.user.pk)
        if not slot:
            return slot.refusal(request)
        form = OfferForm(request.POST)
    else:
        form = OfferForm(initial=offer_initial(request.user))
    if form.is_valid():
        cleaned = form.cleaned_data
        notice = services.submit_offer(
            user=request.user,
            fields={column: cleaned[name] for name, column in OFFER_FIELDS.items()},
            categories=cleaned["categories"],
            cpv_codes=cleaned["cpv_codes"],
        )
        return redirect("procurement:offer_received", notice.slug)
    if request.method == "POST":
        slot.give_back()  # a mistake costs no try
    return render(request, "procurement/offer.html", {"form": form}, status=400 if form.is_bound else 200)


@login_required
@require_GET
def offer_received(request, slug):
    notice = get_object_or_404(
        Notice.objects.select_related("municipality"), slug=slug, submitted_by=request.user
    )
    return render(request, "procurement/offer_received.html", {"notice": notice})


@login_required
@require_GET
def mine(request):
    """The offers the person posted, with their review status, and their enterprises' interests."""
    offers = (
        Notice.objects.filter(submitted_by=request.user)
        .select_related("municipality")
        .order_by("-created_at")
    )
    interests = (
        Interest.objects.filter(enterprise__in=Enterprise.objects.represented_by(request.user))
        .select_related("notice", "lot", "enterprise")
        .order_by("-created_at")
    )
    return render(request, "procurement/mine.html", {"offers": offers, "interests": interests})
