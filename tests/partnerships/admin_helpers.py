"""What the partnerships admin tests post: an agreement's form with its inlines."""

from django.urls import reverse

from partnerships.models import Agreement

ADD = reverse("admin:partnerships_agreement_add")
CHANGELIST = reverse("admin:partnerships_agreement_changelist")

INLINES = {"parties": "party", "commitments": "commitment", "follow_up_groups": "group"}


def change_url(agreement):
    return reverse("admin:partnerships_agreement_change", args=[agreement.pk])


def decision_url(agreement, decision):
    return reverse("admin:partnerships_agreement_review", args=[agreement.pk, decision])


def agreement_data(agreement=None, *, parties=(), commitments=(), **fields):
    """The form of `agreement` (a new one without) as the admin posts it, with `fields` changed and
    `parties` and `commitments` (dicts) added to the inlines."""
    data = {
        "kind": Agreement.Kind.PARTNERSHIP,
        "title": "Lokale job i Lejre",
        "slug": "",
        "purpose": "Flere job til borgere på kanten af arbejdsmarkedet.",
        "tasks": "",
        "start": "2026-01-01",
        "end": "2027-12-31",
        "state": Agreement.State.DRAFT,
        "responsible": "",
    }
    if agreement is not None:
        data.update(
            kind=agreement.kind,
            title=agreement.title,
            slug=agreement.slug,
            purpose=agreement.purpose,
            start=agreement.start.isoformat(),
            end=agreement.end.isoformat() if agreement.end else "",
        )
        data.pop("state")
    data.update(fields)
    existing = {
        "parties": list(agreement.parties.all()) if agreement else [],
        "commitments": list(agreement.commitments.all()) if agreement else [],
        "follow_up_groups": list(agreement.follow_up_groups.all()) if agreement else [],
    }
    new = {"parties": list(parties), "commitments": list(commitments), "follow_up_groups": []}
    for prefix in INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = str(len(existing[prefix]) + len(new[prefix]))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(existing[prefix]))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for i, obj in enumerate(existing[prefix]):
            data[f"{prefix}-{i}-id"] = str(obj.pk)
            if prefix == "commitments":
                data.update(_commitment_fields(f"{prefix}-{i}", obj))
            elif prefix == "parties":
                data[f"{prefix}-{i}-enterprise"] = obj.enterprise_id or ""
                data[f"{prefix}-{i}-organisation"] = obj.organisation_id or ""
                data[f"{prefix}-{i}-role"] = obj.role
        for j, row in enumerate(new[prefix], start=len(existing[prefix])):
            for key, value in row.items():
                data[f"{prefix}-{j}-{key}"] = value
    return data


def _commitment_fields(prefix, commitment):
    return {
        f"{prefix}-position_kind": commitment.position_kind,
        f"{prefix}-target_group": commitment.target_group_id or "",
        f"{prefix}-target": str(commitment.target),
        f"{prefix}-baseline": "" if commitment.baseline is None else str(commitment.baseline),
        f"{prefix}-enterprise": commitment.enterprise_id or "",
        f"{prefix}-production_unit": commitment.production_unit_id or "",
        f"{prefix}-deadweight_percent": "",
        f"{prefix}-attribution_percent": "",
        f"{prefix}-note": commitment.note,
    }


def errors_of(response):
    """{field: [message]} of the agreement form, with each inline's form errors under its prefix."""
    assert response.status_code == 200, response
    errors = {field: list(messages) for field, messages in response.context["adminform"].form.errors.items()}
    for inline in response.context["inline_admin_formsets"]:
        messages = [m for form in inline.formset.forms for ms in form.errors.values() for m in ms]
        messages += list(inline.formset.non_form_errors())
        if messages:
            errors[inline.formset.prefix] = messages
    return errors
