"""What the notice's admin page posts: its fields and the management forms of its inlines."""

import datetime

from django.urls import reverse
from django.utils import timezone

from procurement.models import COPENHAGEN, Award, Interest, Lot, NoticeChange, NoticeDocument

INLINES = {
    "lots": Lot,
    "documents": NoticeDocument,
    "awards": Award,
    "interests": Interest,
    "changes": NoticeChange,
}

ADD = reverse("admin:procurement_notice_add")


def change_url(notice):
    return reverse("admin:procurement_notice_change", args=[notice.pk])


def decision_url(notice, decision):
    return reverse("admin:procurement_notice_review", args=[notice.pk, decision])


def split(moment):
    """A datetime as the admin's two inputs take it, in Copenhagen time."""
    local = timezone.localtime(moment, COPENHAGEN)
    return local.date().isoformat(), local.strftime("%H:%M:%S")


def unchanged_deadlines(notice):
    """The notice's deadlines as its page shows them (to the second): posted back, they are no change."""
    data = {}
    for name in ("questions_deadline", "submission_deadline"):
        moment = getattr(notice, name)
        data[f"{name}_0"], data[f"{name}_1"] = split(moment.replace(microsecond=0)) if moment else ("", "")
    return data


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


def notice_data(notice=None, *, lots=(), **fields):
    """The POST of the notice's page: `fields` over sensible defaults (a tender closing in 20
    days, questions until day 10), `lots` (dicts of lot fields) as new lots."""
    data = {
        "kind": "tender",
        "title": "Rengøring af Lejre Rådhus",
        "slug": "",
        "description": "Daglig rengøring af rådhuset i Allerslev.",
        "stage": "tendering",
        "department": "Indkøb",
        "company_name": "",
        "company_cvr": "",
        "cpv": "",
        "procedure": "open",
        "reserved_participation": "",
        "social_clauses": "",
        "not_split_reason": "Én bygning, én aftale.",
        "estimated_value": "",
        "contract_start": "",
        "contract_end": "",
        "ted_published_on": "",
        "ted_notice_number": "",
        "contact_name": "Rikke Indkøb",
        "contact_email": "indkob@lejre.dk",
        "contact_phone": "",
    }
    for name, moment in (("questions_deadline", in_days(10)), ("submission_deadline", in_days(20))):
        data[f"{name}_0"], data[f"{name}_1"] = split(moment)
    for name, value in fields.items():
        if name in ("questions_deadline", "submission_deadline"):
            data[f"{name}_0"], data[f"{name}_1"] = split(value) if value else ("", "")
        else:
            data[name] = value
    data = {key: value for key, value in data.items() if value is not None}
    for prefix, model in INLINES.items():
        existing = list(model.objects.filter(notice=notice)) if notice is not None else []
        new = list(lots) if prefix == "lots" else []
        data[f"{prefix}-TOTAL_FORMS"] = str(len(existing) + len(new))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(existing))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        if prefix == "lots":
            for index, lot in enumerate(existing):
                data.update(_lot_fields(index, lot_fields(lot), pk=lot.pk, notice=notice))
            for index, lot in enumerate(new, start=len(existing)):
                data.update(_lot_fields(index, lot))
        elif prefix in ("documents", "awards"):
            for index, row in enumerate(existing):
                data[f"{prefix}-{index}-id"] = str(row.pk)
                data[f"{prefix}-{index}-notice"] = str(notice.pk)
    return data


def lot_fields(lot):
    return {
        "number": lot.number,
        "title": lot.title,
        "estimated_value": lot.estimated_value if lot.estimated_value is not None else "",
        "categories": [category.pk for category in lot.categories.all()],
        "cpv": "\n".join(code.full_code for code in lot.cpv_codes.all()),
    }


def _lot_fields(index, lot, *, pk=None, notice=None):
    prefix = f"lots-{index}-"
    data = {f"{prefix}{name}": value for name, value in lot.items() if value is not None}
    data.setdefault(f"{prefix}title", "Delaftale")
    data.setdefault(f"{prefix}number", str(index + 1))
    if pk is not None:
        data[f"{prefix}id"] = str(pk)
        data[f"{prefix}notice"] = str(notice.pk)
    return data
