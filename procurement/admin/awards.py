"""Who won, and what came of the social clauses: the award (a winner from the registry, or a name
and a CVR number) and the follow-ups staff confirm before they are shown on the notice."""

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kit.admin import MunicipalityScopedAdmin, ScopedInlineMixin
from procurement import services
from procurement.admin.forms import AwardForm, published_enterprises
from procurement.models import Award, ClauseFollowUp

FOLLOW_UP_FIELDS = ["period_end", "promised", "positions_promised", "positions_filled", "report"]
CONFIRMATION = ["reported_by", "reported_at", "confirmed_by", "confirmed_at"]


class WinnerChoicesMixin:
    """The winner is chosen from the whole public registry, whichever municipality is its home."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "enterprise":
            kwargs.setdefault("queryset", published_enterprises())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class FollowUpInline(ScopedInlineMixin, admin.StackedInline):
    model = ClauseFollowUp
    extra = 0
    fields = [*FOLLOW_UP_FIELDS, *CONFIRMATION]
    readonly_fields = CONFIRMATION


@admin.register(Award)
class AwardAdmin(WinnerChoicesMixin, MunicipalityScopedAdmin):
    form = AwardForm
    list_display = ["winner_name", "notice", "lot", "value", "awarded_on"]
    list_filter = ["awarded_on", "notice__municipality"]
    list_select_related = ["notice", "lot"]
    search_fields = ["winner_name", "winner_cvr", "notice__title"]
    fields = ["notice", "lot", "enterprise", "winner_name", "winner_cvr", "value", "awarded_on"]
    inlines = [FollowUpInline]
    date_hierarchy = "awarded_on"

    def get_autocomplete_fields(self, request):
        return ["notice"]

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, ClauseFollowUp) and instance.reported_by_id is None:
                instance.reported_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class NoticeFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Waiting for confirmation"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.confirmed()
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


@admin.register(ClauseFollowUp)
class ClauseFollowUpAdmin(MunicipalityScopedAdmin):
    list_display = ["award", "period_end", "positions_promised", "positions_filled", "is_confirmed"]
    list_filter = [NoticeFilter, "award__notice__municipality"]
    list_select_related = ["award__notice", "award__lot"]
    search_fields = ["promised", "report", "award__winner_name", "award__notice__title"]
    fields = ["award", *FOLLOW_UP_FIELDS, *CONFIRMATION]
    readonly_fields = CONFIRMATION
    actions = ["confirm"]

    def get_autocomplete_fields(self, request):
        return ["award"]

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed_at")
    def is_confirmed(self, follow_up):
        return follow_up.confirmed_at is not None

    def save_model(self, request, obj, form, change):
        if obj.reported_by_id is None:
            obj.reported_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the selected follow-ups"), permissions=["change"])
    def confirm(self, request, queryset):
        confirmed = sum(services.confirm_follow_up(follow_up, by=request.user) for follow_up in queryset)
        left = queryset.count() - confirmed
        if confirmed:
            self.message_user(
                request,
                ngettext("%(count)d follow-up confirmed.", "%(count)d follow-ups confirmed.", confirmed)
                % {"count": confirmed},
                messages.SUCCESS,
            )
        if left:
            self.message_user(request, gettext("The others were confirmed already."), messages.INFO)
