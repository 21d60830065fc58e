"""The representative's pages under /konto/virksomheder/: my enterprises, their profiles, photos
and success stories, and claiming an existing profile by CVR.

A representative reaches only the enterprises they represent; anyone else gets a 404, staff
included (staff review in the admin, scoped to their municipality).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enterprises import services
from enterprises.forms import ClaimForm, EnterpriseForm, PhotoForm, StoryForm
from enterprises.models import Enterprise, EnterpriseChange, EnterprisePhoto
from kit import ratelimits
from kit.middleware import accepts_bodies_up_to
from kit.uploads import MAX_IMAGE_SIZE
from kit.validators import is_ascii_digits

Status = Enterprise.Status
#: The profile, photo and story forms each take one picture and some text.
accepts_a_picture = accepts_bodies_up_to(MAX_IMAGE_SIZE + 1024 * 1024)


def get_enterprise_for_representative(request, slug):
    """The access helper: an enterprise the logged-in user represents, else 404."""
    return get_object_or_404(
        Enterprise.objects.represented_by(request.user).select_related("home_municipality"), slug=slug
    )


def field_label(name):
    try:
        return str(Enterprise._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, AttributeError):  # AttributeError: a reverse relation ("photos")
        return {"photos": _("photos")}.get(name, name)


def display_value(value):
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def pending_list(enterprise):
    """The changes waiting for review, as (label, value) for the page."""
    return [
        (field_label(name), display_value(value))
        for name, value in sorted(enterprise.pending_changes.items())
    ]


@login_required
@require_GET
def enterprise_list(request):
    enterprises = Enterprise.objects.represented_by(request.user).select_related("home_municipality")
    for enterprise in enterprises:
        enterprise.pending = pending_list(enterprise)
    return render(request, "enterprises/account/list.html", {"enterprises": enterprises})


@accepts_a_picture
@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request):
    initial = {}
    if request.method == "GET" and is_ascii_digits(request.GET.get("cvr", "")):
        initial["cvr"] = request.GET["cvr"][:8]  # from the claim page: "no profile has this CVR number"
    form = EnterpriseForm(request.POST or None, request.FILES or None, initial=initial)
    if form.is_valid():
        # One transaction: the profile, its relations, the change record, the reviewers' mail.
        with transaction.atomic():
            enterprise = services.create_enterprise(
                representative=request.user, fields=form.profile_fields(), **form.relations()
            )
        return redirect("my_enterprise_received", enterprise.slug)
    return render(
        request,
        "enterprises/account/form.html",
        {"form": form, "enterprise": None, "cvr_taken": form.has_error("cvr", "registered")},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def enterprise_received(request, slug):
    enterprise = get_enterprise_for_representative(request, slug)
    return render(request, "enterprises/account/received.html", {"enterprise": enterprise})


@login_required
@require_GET
def enterprise_detail(request, slug):
    enterprise = get_enterprise_for_representative(request, slug)
    changes = enterprise.changes.select_related("user")[:10]
    for change in changes:
        change.labels = [field_label(name) for name in change.fields]
    return render(
        request,
        "enterprises/account/detail.html",
        {
            "enterprise": enterprise,
            "pending": pending_list(enterprise),
            "photos": enterprise.photos.all(),
            "stories": enterprise.stories.all(),
            "changes": changes,
        },
    )


@accepts_a_picture
@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request, slug):
    enterprise = get_enterprise_for_representative(request, slug)
    form = EnterpriseForm(request.POST or None, request.FILES or None, instance=enterprise)
    if form.is_valid():
        with transaction.atomic():
            changed = services.update_enterprise(
                enterprise=enterprise, user=request.user, fields=form.profile_fields(), **form.relations()
            )
            enterprise.refresh_from_db()
        # A relation (the home municipality) is held under its id, "home_municipality_id".
        pending = enterprise.pending_changes
        held = [name for name in changed if name in pending or f"{name}_id" in pending]
        live = [name for name in changed if name not in held]
        _report_edit(request, enterprise, live, held)
        return redirect("my_enterprise", enterprise.slug)
    return render(
        request,
        "enterprises/account/form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "pending": pending_list(enterprise),
            "cvr_taken": form.has_error("cvr", "registered"),
        },
        status=400 if form.is_bound else 200,
    )


def _report_edit(request, enterprise, live, held):
    labels = {name: str(EnterpriseForm.base_fields[name].label or field_label(name)) for name in live + held}
    if not live and not held:
        messages.info(request, _("Nothing was changed."))
        return
    if live:
        if enterprise.status == Status.PUBLISHED:
            text = _("These changes are public now: %(fields)s.")
        else:
            text = _("These changes are saved: %(fields)s.")
        messages.success(request, text % {"fields": ", ".join(labels[name] for name in live)})
    if held:
        messages.info(
            request,
            _("These changes wait for review by %(municipality)s before they are public: %(fields)s.")
            % {
                "municipality": enterprise.home_municipality.full_name,
                "fields": ", ".join(labels[name] for name in held),
            },
        )


@accepts_a_picture
@login_required
@require_http_methods(["GET", "POST"])
def photos(request, slug):
    enterprise = get_enterprise_for_representative(request, slug)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        with transaction.atomic():
            photo = form.save(commit=False)
            photo.enterprise = enterprise
            photo.save()
            _record(enterprise, request.user, "photos", f"+ {photo.image.name}")
        messages.success(request, _("The photo is added."))
        return redirect("my_enterprise_photos", enterprise.slug)
    return render(
        request,
        "enterprises/account/photos.html",
        {"enterprise": enterprise, "form": form, "photos": enterprise.photos.all()},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def photo_delete(request, slug, pk):
    enterprise = get_enterprise_for_representative(request, slug)
    photo = get_object_or_404(EnterprisePhoto, enterprise=enterprise, pk=pk)
    with transaction.atomic():
        name = photo.image.name
        photo.delete()
        _record(enterprise, request.user, "photos", f"- {name}")
        # The file goes only once the row is surely gone.
        transaction.on_commit(lambda: photo.image.storage.delete(name))
    messages.success(request, _("The photo is deleted."))
    return redirect("my_enterprise_photos", enterprise.slug)


def _record(enterprise, user, field, note):
    # Photos are a live edit like any other: recorded with who and when.
    EnterpriseChange.objects.create(
        enterprise=enterprise, user=user, kind=EnterpriseChange.Kind.EDIT, fields=[field], note=note
    )


@accepts_a_picture
@login_required
@require_http_methods(["GET", "POST"])
def stories(request, slug):
    enterprise = get_enterprise_for_representative(request, slug)
    form = StoryForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if value or name != "photo"}
        with transaction.atomic():
            services.submit_story(enterprise=enterprise, user=request.user, fields=fields)
        messages.success(
            request,
            _("Thank you. Your story waits for review by %(municipality)s.")
            % {"municipality": enterprise.home_municipality.full_name},
        )
        return redirect("my_enterprise_stories", enterprise.slug)
    return render(
        request,
        "enterprises/account/stories.html",
        {"enterprise": enterprise, "form": form, "stories": enterprise.stories.all()},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim(request):
    if request.method == "POST":
        # A look-up tells whether a profile has the number, and a claim mails the contact
        # persons: one account cannot try the CVR register through here.
        slot = ratelimits.CLAIM.take(request.user.pk)
        if not slot:
            return slot.refusal(request)
    form = ClaimForm(request.POST or None)
    if not form.is_valid():
        if request.method == "POST":
            slot.give_back()  # a mistyped number costs no try
        return render(
            request, "enterprises/account/claim.html", {"form": form}, status=400 if form.is_bound else 200
        )
    cvr = form.cleaned_data["cvr"]
    enterprise = Enterprise.objects.filter(cvr=cvr).first()
    if enterprise is None:
        return render(request, "enterprises/account/claim.html", {"form": form, "unknown_cvr": cvr})
    if enterprise.representatives.filter(pk=request.user.pk).exists():
        messages.info(request, _("You already manage this enterprise."))
        return redirect("my_enterprise", enterprise.slug)
    already_asked = enterprise.changes.open_claims().filter(user=request.user).exists()
    if not already_asked:
        with transaction.atomic():
            services.claim_enterprise(enterprise=enterprise, user=request.user)
    # The same words whether the profile is published or not, and whether asked before:
    # nothing about a profile that is not public reaches someone who does not manage it.
    messages.success(
        request,
        _(
            "Your request has been sent. A contact person of the municipality checks it, and once "
            "it is approved the enterprise appears on this page."
        ),
    )
    return redirect("my_enterprises")
