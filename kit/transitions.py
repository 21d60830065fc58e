"""Status tables with gated edges, and the guarded update that moves a row along one.

A table says which status may follow which, and which edges need a permission of the person
making the change (reopening a closed case needs `counselling.reopen_case`)::

    TRANSITIONS = Transitions(
        Status,
        {Status.NEW: {Status.TRIAGE}, Status.RESOLVED: {Status.IN_PROGRESS}, ...},
        gates={(Status.RESOLVED, Status.IN_PROGRESS): "counselling.reopen_case"},
    )
    TRANSITIONS.allowed(Status.RESOLVED, Status.IN_PROGRESS, user)   # False without the permission
    TRANSITIONS.targets(case.status, user)                           # what the status select offers
    TRANSITIONS.advance(Case.objects, case.pk, from_=seen, to=wanted, by=user, updated_at=now)

`advance` is one conditional UPDATE (`filter(pk=…, status=from_).update(status=to, …)`): when
someone changed the row after the person saw it, no row matches and it raises `Conflict`, so two
people acting on the same row never both win and neither overwrites the other unseen.
"""

from django.db import models


class TransitionNotAllowed(Exception):
    """The table has no edge `from_` → `to`, or the person lacks the edge's permission
    (`permission` then names it)."""

    def __init__(self, from_, to, permission=None):
        super().__init__(from_, to)
        self.from_, self.to, self.permission = from_, to, permission


class Conflict(Exception):
    """The row no longer had the status the change started from. `current` is its status now
    (None when the row is gone)."""

    def __init__(self, current):
        super().__init__(current)
        self.current = current


class Transitions:
    """The allowed status changes of one model: `table` maps a status to the statuses it may
    go to; `gates` maps an edge (from, to) to the permission it needs. `states` (the model's
    TextChoices, or any sequence) fixes the order in which `targets` lists statuses."""

    def __init__(self, states, table, *, gates=None):
        # TextChoices members equal (and hash as) their values: "new" finds Status.NEW, and what
        # `targets` returns keeps its label.
        self.states = list(states)
        self.table = {a: frozenset(targets) for a, targets in table.items()}
        self.gates = dict(gates or {})
        known = set(self.states)
        unknown = {a for a in self.table if a not in known} | {
            b for targets in self.table.values() for b in targets if b not in known
        }
        if unknown:
            raise ValueError(f"statuses not in the states: {sorted(unknown)}")
        missing = [edge for edge in self.gates if not self._has_edge(*edge)]
        if missing:
            raise ValueError(f"gates on edges the table does not have: {missing}")

    def _has_edge(self, from_, to):
        return to in self.table.get(from_, ())

    def edges(self):
        """Every (from, to) of the table, in the order of the states."""
        return [(a, b) for a in self.states for b in self.states if self._has_edge(a, b)]

    def permission(self, from_, to):
        """The permission the edge needs, or None (also for an edge the table does not have)."""
        return self.gates.get((from_, to))

    def allowed(self, from_, to, user=None):
        """Whether the table allows `from_` → `to`; with `user`, whether that person may make it."""
        if not self._has_edge(from_, to):
            return False
        permission = self.permission(from_, to)
        return user is None or permission is None or user.has_perm(permission)

    def check(self, from_, to, user=None):
        """Raise TransitionNotAllowed unless `allowed(from_, to, user)`."""
        if not self._has_edge(from_, to):
            raise TransitionNotAllowed(from_, to)
        if not self.allowed(from_, to, user):
            raise TransitionNotAllowed(from_, to, self.permission(from_, to))

    def targets(self, from_, user=None):
        """The statuses `from_` may go to (for `user`, if given), in the order of the states."""
        return [to for to in self.states if self.allowed(from_, to, user)]

    def advance(self, queryset_or_model, pk, *, from_, to, by=None, field="status", **other_updates):
        """Check the edge (for `by`, if given), then make the guarded update (see `advance`)."""
        self.check(from_, to, by)
        return advance(queryset_or_model, pk, field=field, from_=from_, to=to, **other_updates)


def advance(queryset_or_model, pk, *, field="status", from_, to, **other_updates):
    """Set `field` to `to` (and `other_updates`) on row `pk`, if its `field` is still `from_`.

    One UPDATE whose WHERE carries the expected status, so the check and the write are atomic in
    every database. Raises Conflict, with the row's status now, when it matched no row."""
    queryset = _queryset(queryset_or_model)
    won = queryset.filter(pk=pk, **{field: from_}).update(**{field: to}, **other_updates)
    if not won:
        raise Conflict(queryset.filter(pk=pk).values_list(field, flat=True).first())
    return won


def _queryset(queryset_or_model):
    if isinstance(queryset_or_model, type) and issubclass(queryset_or_model, models.Model):
        return queryset_or_model._default_manager.all()
    return queryset_or_model.all()  # a manager or a queryset
