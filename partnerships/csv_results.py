"""Results as CSV, out and in, in one format: one row per result.

    agreement, position_kind, target_group, year, quarter, count

`agreement` is the agreement's slug, `position_kind` the code of the kind of position
(PositionKind: flexjob, wage_subsidy, …), `target_group` the target group's slug (empty: the
commitment has none). The export goes through kit.exports (every cell safe for a spreadsheet); the
import (`check_rows`, then `save_rows`) reads what the export wrote, and refuses a file with any
wrong row as a whole.
"""

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kit import pagecache
from kit.exports import Column
from partnerships.models import Agreement, Commitment, Result
from partnerships.services import check_result

COLUMNS = [
    Column("agreement", lambda result: result.commitment.agreement.slug),
    Column("position_kind", lambda result: result.commitment.position_kind),
    Column(
        "target_group",
        lambda result: result.commitment.target_group.slug if result.commitment.target_group_id else "",
    ),
    Column("year", lambda result: result.year),
    Column("quarter", lambda result: result.quarter),
    Column("count", lambda result: result.count),
]
HEADER = [column.header for column in COLUMNS]


def export_queryset(queryset):
    return queryset.select_related("commitment__agreement", "commitment__target_group")


def read_rows(file):
    """The rows of an uploaded CSV as dicts; a ValidationError when it is not our format."""
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text.")) from error
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or [name.strip() for name in reader.fieldnames] != HEADER:
        raise ValidationError(
            _("The first line must name the columns: %(columns)s.") % {"columns": ", ".join(HEADER)}
        )
    return [{key.strip(): _unescape(value) for key, value in row.items() if key} for row in reader]


def _unescape(value):
    # kit.exports writes "'" before a cell that a spreadsheet would run as a formula.
    value = (value or "").strip()
    return value[1:] if value.startswith("'") else value


def _number(row, key, errors):
    try:
        value = int(row.get(key, ""))
    except ValueError:
        errors.append(_("%(column)s is not a whole number.") % {"column": key})
        return None
    if value < 0:
        errors.append(_("%(column)s cannot be negative.") % {"column": key})
        return None
    return value


def check_row(row, municipality, seen):
    """(the commitment, year, quarter, count) of one row, or the list of its errors."""
    errors = []
    agreement = Agreement.objects.for_municipality(municipality).filter(slug=row.get("agreement", "")).first()
    if agreement is None:
        errors.append(
            _("No agreement of the municipality is called %(slug)s.") % {"slug": row.get("agreement", "")}
        )
    year, quarter, count = (_number(row, key, errors) for key in ("year", "quarter", "count"))
    commitment = None
    if agreement is not None:
        group = row.get("target_group", "")
        commitment = (
            Commitment.objects.filter(agreement=agreement, position_kind=row.get("position_kind", ""))
            .filter(**({"target_group__slug": group} if group else {"target_group__isnull": True}))
            .select_related("agreement")
            .first()
        )
        if commitment is None:
            errors.append(_("The agreement has no commitment of this kind of position and target group."))
    if commitment is not None and year is not None and quarter is not None:
        key = (commitment.pk, year, quarter)
        if key in seen:
            errors.append(_("The file reports this quarter twice."))
        seen.add(key)
        try:
            check_result(commitment, year, quarter)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        return None, errors
    return (commitment, year, quarter, count), []


def save_rows(checked, *, by):
    """Create the results of the checked rows: all in one transaction."""
    now = timezone.now()
    with transaction.atomic():
        pagecache.changed(Result)
        Result.objects.bulk_create(
            [
                Result(
                    commitment=commitment,
                    year=year,
                    quarter=quarter,
                    count=count,
                    reported_by=by,
                    reported_at=now,
                    confirmed_by=by,
                    confirmed_at=now,
                )
                for commitment, year, quarter, count in checked
            ]
        )


#: How often the progress is written while the rows are checked.
PROGRESS_EVERY = 25

#: An upload whose task never came (the broker was down when it was queued) is run by the sweep
#: once it has waited this long.
STALE_AFTER = datetime.timedelta(minutes=10)


def resume_waiting_imports(now=None):
    """Run the uploads still waiting after STALE_AFTER; returns how many were picked up."""
    from partnerships.models import ResultImport

    now = now or timezone.now()
    waiting = ResultImport.objects.filter(
        status=ResultImport.Status.WAITING, created_at__lt=now - STALE_AFTER
    )
    ids = list(waiting.order_by("pk").values_list("pk", flat=True))
    for import_id in ids:
        run_import(import_id)
    return len(ids)


def run_import(import_id):
    from partnerships.models import ResultImport

    # Claimed by a guarded update: of the task and the sweep (or a task delivered twice), one runs.
    claimed = ResultImport.objects.filter(pk=import_id, status=ResultImport.Status.WAITING).update(
        status=ResultImport.Status.RUNNING
    )
    if not claimed:
        return None
    job = ResultImport.objects.select_related("municipality", "uploaded_by").get(pk=import_id)
    try:
        with job.file.open("rb") as handle:
            rows = read_rows(handle)
    except (ValidationError, FileNotFoundError) as error:
        messages = getattr(error, "messages", [str(error)])
        ResultImport.objects.filter(pk=job.pk).update(
            status=ResultImport.Status.FAILED, errors=[{"row": 1, "errors": messages}]
        )
        return None
    ResultImport.objects.filter(pk=job.pk).update(rows_total=len(rows))
    checked, errors, seen = [], [], set()
    for n, row in enumerate(rows, start=2):  # line 1 names the columns
        result, row_errors = check_row(row, job.municipality, seen)
        if row_errors:
            errors.append({"row": n, "errors": row_errors})
        else:
            checked.append(result)
        if (n - 1) % PROGRESS_EVERY == 0:
            ResultImport.objects.filter(pk=job.pk).update(rows_done=n - 1)
    if errors:
        ResultImport.objects.filter(pk=job.pk).update(
            status=ResultImport.Status.FAILED, rows_done=len(rows), errors=errors
        )
        return None
    try:
        with transaction.atomic():
            save_rows(checked, by=job.uploaded_by)
            ResultImport.objects.filter(pk=job.pk).update(
                status=ResultImport.Status.DONE, rows_done=len(rows)
            )
    except IntegrityError:  # a quarter reported meanwhile, by someone else: nothing is imported
        ResultImport.objects.filter(pk=job.pk).update(
            status=ResultImport.Status.FAILED,
            rows_done=len(rows),
            errors=[
                {
                    "row": 1,
                    "errors": [_("Some of the quarters were reported meanwhile. Upload the file again.")],
                }
            ],
        )
        return None
    return len(checked)
