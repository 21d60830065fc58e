"""The generated rows of bench/scale.py, one function per kind, each in one transaction with
bulk_create in batches. Everything is drawn from the one `random.Random` that the caller passes,
so that a factor gives the same data every time; nothing calls the clock twice (NOW is fixed per
run). Personal details are invented: names from common Danish first and last names, addresses on
the reserved `.example` domain, no CPR number, no real phone number.

Each kind has a marker (`MARKERS`): a query that finds its generated rows, so that a second run,
or a run after one that failed half way, generates only the kinds that are missing.
"""

import datetime
import itertools
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from bench.kommuner import KOMMUNER, OFFICIAL_NAMES
from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN
from kit.text import slugify

DOMAIN = "scale.example"  # every generated address: the marker of the generated people
BATCH = 2000
NOW = timezone.now()
TODAY = timezone.localdate(NOW)

FIRST_NAMES = [
    "Anne", "Kirsten", "Mette", "Hanne", "Helle", "Susanne", "Lene", "Maria", "Camilla", "Louise",
    "Sofie", "Emma", "Ida", "Freja", "Peter", "Jens", "Lars", "Michael", "Henrik", "Søren", "Thomas",
    "Jesper", "Martin", "Rasmus", "Mads", "Frederik", "Ahmad", "Fatima", "Ali", "Mikkel", "Noah",
]  # fmt: skip
LAST_NAMES = [
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen",
    "Johansen", "Møller", "Mortensen", "Holm", "Hussein", "Kaya", "Lund", "Bech", "Dahl", "Friis",
]  # fmt: skip
NAME_WORDS = [
    "Solsikken", "Kastanjen", "Havnen", "Møllen", "Lindegården", "Kilden", "Broen", "Fyrtårnet",
    "Spiren", "Kløveret", "Egen", "Stationen", "Torvet", "Åen", "Bryggen", "Mejeriet", "Smedjen",
    "Skoven", "Fjorden", "Banegården", "Tusindfryd", "Anemonen", "Hylden", "Rønnebær", "Valmuen",
]  # fmt: skip
#: The trades: sector, the word a name is made of, the summary, and sentences for the description.
#: Together they hold every word of bench/scale.py's DIRECTORY_SEARCHES, as real profiles would.
TRADES = [
    ("food", "Café", "Café med mad fra bunden og catering til møder og fester.",
     "Caféen har åbent hver dag og laver frokost med økologi og grøntsager fra egen have."),
    ("food", "Kantine", "Kantine og catering til virksomheder, med økologi i højsædet.",
     "Vi laver mad til 300 kolleger om dagen og giver unge en vej ind i køkkenfaget."),
    ("food", "Bageri", "Økologisk bageri, hvor unge lærer et håndværk.",
     "Brød, kager og kaffe i bageriets café; vi leverer også catering."),
    ("services", "Rengøring", "Rengøring af kontorer og trappeopgange med medarbejdere i fleksjob.",
     "Vores rengøring er svanemærket, og hvert hold har en fast arbejdsleder."),
    ("services", "Vaskeri", "Vaskeri og strygning for erhverv og private.",
     "Vaskeriet giver beskæftigelse til borgere, der er på vej tilbage på arbejdsmarkedet."),
    ("it", "Data", "IT-test og dataregistrering ved specialister med autisme.",
     "Vi tester software og it-systemer for virksomheder, som Specialisterne har vist vejen."),
    ("it", "IT", "IT-support og digitalisering for små virksomheder og foreninger.",
     "Unge med it-evner og ondt i skoleløbet får erfaring med rigtige kunder."),
    ("manufacturing", "Trykkeri", "Tryk på tøj, tasker og plakater i eget værksted.",
     "Vi laver tryk i små og store oplag og syr selv en del af det tøj, vi trykker på."),
    ("manufacturing", "Montage", "Montage, pakning og lettere produktion for industrien.",
     "Et værksted med plads til mennesker med handicap og et roligt arbejdstempo."),
    ("retail", "Genbrug", "Genbrugsbutik med tøj, møbler og bøger.",
     "Alt i butikken er genbrug fra lokale givere; overskuddet går til beskæftigelse af udsatte."),
    ("retail", "Købmand", "Landsbyens købmand med lokale og økologiske varer.",
     "Købmanden er drevet af en forening og ansætter unge i deres første job."),
    ("tourism", "Hotel", "Hotel og vandrerhjem, hvor unge får deres første job.",
     "Hotellet har 40 værelser, konferencelokaler og en café med udsigt."),
    ("green", "Have", "Havepleje og grøn pleje af grønne arealer.",
     "Vi klarer have, hæk og græs for boligforeninger, og holdene tæller borgere med handicap."),
    ("green", "Cykel", "Cykelværksted med salg af genbrugscykler.",
     "Kom med din cykel til reparation; vi sætter brugte cykler i stand til genbrug."),
    ("care", "Beskæftigelse", "Beskæftigelse og træning for mennesker med handicap.",
     "Vi tilbyder meningsfuld beskæftigelse, afklaring og pleje af fællesskabet."),
    ("care", "Pleje", "Praktisk hjælp og pleje i hjemmet ved medarbejdere på særlige vilkår.",
     "Hjælp til indkøb, rengøring og havearbejde hos ældre borgere."),
    ("other", "Værksted", "Værksted for reparation af møbler og tøj.",
     "Et socialøkonomisk værksted med genbrug, tryk og reparation."),
]  # fmt: skip
SYLLABLES = ["ka", "ber", "lund", "sko", "ve", "dal", "mark", "ris", "holm", "tor", "bo", "sted", "hus", "gå"]
CLASSIFICATIONS = ["social_economy", "social_economy", "other_actor", "not_assessed"]
CASE_TEXTS = [
    "Vi vil starte en café med job til mennesker med psykisk sårbarhed.",
    "Jeg driver et lille værksted og vil omdanne det til en socialøkonomisk virksomhed.",
    "Vi er en forening, der vil åbne en genbrugsbutik med beskæftigelse for unge.",
    "Vi har en idé om en kantine med økologisk mad, hvor borgere i fleksjob kan arbejde.",
    "Vi søger hjælp til forretningsplan og finansiering af et cykelværksted.",
    "Kommunens aktivitetscenter vil afknoppe sin rengøring som selvstændig virksomhed.",
    "Jeg vil gerne vide, hvordan vi registrerer os som RSV, og hvad det kræver.",
    "Vi vil byde på kommunens udbud af havepleje og har brug for sparring.",
]


def markers():
    """Per kind: whether its generated rows are there already."""
    from counselling.models import Case
    from enterprises.models import Enterprise
    from events.models import Event
    from mentoring.models import MentorOffer
    from partnerships.models import Agreement
    from portal.models import Municipality
    from procurement.models import Notice

    return {
        "municipalities": Municipality.objects.filter(code=KOMMUNER[0][0]).exists(),
        "enterprises": Enterprise.objects.filter(email__endswith=DOMAIN).exists(),
        "cases": Case.objects.filter(applicant_email__endswith=DOMAIN).exists(),
        "notices": Notice.objects.filter(contact_email__endswith=DOMAIN).exists(),
        "agreements": Agreement.objects.filter(responsible__email__endswith=DOMAIN).exists(),
        "mentors": MentorOffer.objects.filter(mentor__email__endswith=DOMAIN).exists(),
        "events": Event.objects.filter(contact_email__endswith=DOMAIN).exists(),
    }


def scaled(count, factor, minimum=1):
    return max(minimum, round(count * factor))


def person(rng):
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def address(first, last, n):
    return f"{slugify(first)}.{slugify(last)}.{n}@{DOMAIN}"


def vocabulary(rng, size=3000):
    """Made-up Danish-looking words (as bench/registry.py): profiles share a few common words, most
    words are rare, as in real text; a profile of only the trade sentences would match every search."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_text(rng, words, length):
    return " ".join(words[min(int(rng.paretovariate(0.6)) - 1, len(words) - 1)] for _ in range(length))


def weighted_municipalities(rng, municipalities, heavy=None, heavy_share=0.0):
    """A picker of municipalities by a made-up size (a few large, many small, as Danish ones); with
    `heavy`, that one gets `heavy_share` of all picks."""
    others = [m for m in municipalities if m != heavy]
    weights = [rng.lognormvariate(0, 0.8) for _ in others]

    def pick():
        if heavy is not None and rng.random() < heavy_share:
            return heavy
        return rng.choices(others, weights)[0]

    return pick


def bulk(model, rows, batch_size=BATCH):
    """bulk_create from an iterable, in batches; returns the created rows (with their pks)."""
    created = []
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, batch_size)):
        created.extend(model.objects.bulk_create(batch, batch_size=batch_size))
    return created


def vacuum_analyze():
    """What autovacuum would have done by now: the statistics the planner needs, and the visibility
    map that lets a count read an index alone (the case queue's count of a municipality's cases:
    2 ms from the index "counselling_case_visible" instead of 20 ms from the table). On a server
    with autovacuum off, as the bench machine's is, nothing else would."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM cannot run in a transaction (a test's): there the statistics are enough.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


# Municipalities and their staff ---------------------------------------------------------------


@transaction.atomic
def municipalities(rng):
    """The 98 municipalities (the demo's four are kept as they are), each with contact persons who
    have staff accounts: one to five by size, Roskilde five more, the first of each an administrator."""
    from counselling.models import CounsellingSettings
    from portal.models import ContactPerson, Municipality, User

    existing = set(Municipality.objects.values_list("code", flat=True))
    Municipality.objects.bulk_create(
        Municipality(
            code=code,
            name=name,
            slug=slugify(name),
            official_name=OFFICIAL_NAMES.get(name, ""),
            email=f"indgangen@{slugify(name)}.{DOMAIN}",
            intro=(
                f"I {OFFICIAL_NAMES.get(name, f'{name} Kommune')} har socialøkonomiske iværksættere og "
                "virksomheder én indgang: rådgivning om opstart, partnerskaber og kommunens udbud."
            ),
        )
        for code, name in KOMMUNER
        if code not in existing
    )
    everyone = list(Municipality.objects.order_by("code"))
    CounsellingSettings.objects.bulk_create(
        [CounsellingSettings(municipality=m) for m in everyone if not hasattr(m, "counselling")],
        ignore_conflicts=True,
    )
    contact, admin = Group.objects.get(name=CONTACT_PERSON), Group.objects.get(name=MUNICIPAL_ADMIN)
    users, people = [], []
    for municipality in everyone:
        count = rng.choice([1, 1, 1, 2, 2, 3, 5]) + (5 if municipality.slug == "roskilde" else 0)
        for n in range(count):
            first, last = person(rng)
            user = User(
                username=f"scale-{municipality.slug}-{n}",
                first_name=first,
                last_name=last,
                email=address(first, last, f"{municipality.code}{n}"),
                municipality=municipality,
                is_staff=True,
                password="!",  # unusable: targets() sets the password of the one who logs in
            )
            users.append(user)
            people.append(
                ContactPerson(
                    municipality=municipality,
                    name=f"{first} {last}",
                    title="Erhvervskonsulent" if n else "Leder af indgangen for socialøkonomi",
                    areas=rng.sample(list(ContactPerson.Area.values), 2),
                    email=user.email,
                    position=10 + n,
                    is_public=rng.random() < 0.8,
                )
            )
    User.objects.bulk_create(users)
    for user, contact_person in zip(users, people, strict=True):
        contact_person.user = user
    ContactPerson.objects.bulk_create(people)
    memberships = User.groups.through
    memberships.objects.bulk_create(
        [memberships(user=user, group=contact) for user in users]
        + [memberships(user=user, group=admin) for user in users if user.username.endswith("-0")]
    )
    return len(everyone), len(users)


def staff_by_municipality():
    from portal.models import User

    staff = {}
    for user in User.objects.filter(is_staff=True, is_superuser=False, municipality__isnull=False):
        staff.setdefault(user.municipality_id, []).append(user)
    return staff


# Enterprises ------------------------------------------------------------------------------------


@transaction.atomic
def enterprises(rng, count):
    """`count` published profiles (and a twentieth more waiting for review or hidden) spread over
    the municipalities by size, with services, target groups and served neighbours; the
    classification and search text as enterprises.services.refresh derives them."""
    from enterprises.models import RSV_CRITERIA, Enterprise, ServiceCategory, TargetGroup
    from enterprises.services import refresh
    from portal.models import Municipality

    everyone = list(Municipality.objects.order_by("code"))
    pick = weighted_municipalities(rng, everyone)
    categories, groups = list(ServiceCategory.objects.all()), list(TargetGroup.objects.all())
    words = vocabulary(rng)
    slugs = set(Enterprise.objects.values_list("slug", flat=True))
    rows, chosen = [], []
    unpublished = [Enterprise.Status.PENDING, Enterprise.Status.HIDDEN, Enterprise.Status.DRAFT]
    for n in range(count + count // 20):
        sector, noun, summary, sentence = rng.choice(TRADES)
        home = pick()
        name = f"{noun} {rng.choice(NAME_WORDS)}" + (f" {home.name}" if rng.random() < 0.5 else "")
        slug = base = slugify(name)
        for number in itertools.count(2):
            if slug not in slugs:
                break
            slug = f"{base}-{number}"
        slugs.add(slug)
        rsv = rng.random() < 0.3
        share = rng.choice([None, 0, 10, 30, 60, 80]) if rng.random() < 0.6 else None
        enterprise = Enterprise(
            name=name,
            slug=slug,
            cvr=f"{40_000_000 + n}",
            legal_form=rng.choice(Enterprise.LegalForm.values),
            home_municipality=home,
            address=f"{rng.choice(NAME_WORDS).rstrip('n')}vej {rng.randint(1, 120)}",
            email=f"kontakt.{n}@{DOMAIN}",
            website=f"https://{slug}.{DOMAIN}",
            summary=summary,
            description=f"{sentence} {zipf_text(rng, words, rng.randint(30, 90))}.",
            social_purpose="Vi skaber job til mennesker på kanten af arbejdsmarkedet.",
            sector=sector,
            employees=rng.randint(2, 80),
            positions_flexjob=rng.randint(0, 8),
            positions_wage_subsidy=rng.randint(0, 4),
            positions_small_jobs=rng.randint(0, 6),
            rsv_registered=rsv,
            rsv_verified_on=TODAY - datetime.timedelta(days=rng.randint(0, 700)) if rsv else None,
            employment_services_share=share,
            **{field: rng.random() < 0.7 for field, _label in RSV_CRITERIA},
            status=Enterprise.Status.PUBLISHED if n < count else rng.choice(unpublished),
            published_at=NOW - datetime.timedelta(days=rng.randint(0, 1500)) if n < count else None,
        )
        rows.append(enterprise)
        chosen.append(
            (
                rng.sample(categories, rng.randint(1, 3)),
                rng.sample(groups, rng.randint(1, 2)),
                rng.sample(everyone, rng.randint(0, 3)),
            )
        )
    bulk(Enterprise, rows)
    through = Enterprise.services.through
    bulk(
        through,
        (through(enterprise=e, servicecategory=s) for e, c in zip(rows, chosen, strict=True) for s in c[0]),
    )
    through = Enterprise.target_groups.through
    bulk(
        through,
        (through(enterprise=e, targetgroup=g) for e, c in zip(rows, chosen, strict=True) for g in c[1]),
    )
    through = Enterprise.serves.through
    bulk(
        through,
        (
            through(enterprise=e, municipality=m)
            for e, c in zip(rows, chosen, strict=True)
            for m in c[2]
            if m != e.home_municipality
        ),
    )
    # What the services derive, with the services just added (prefetched: no query per profile).
    for start in range(0, len(rows), BATCH):
        batch = list(
            Enterprise.objects.filter(pk__in=[e.pk for e in rows[start : start + BATCH]]).prefetch_related(
                Prefetch("services", queryset=ServiceCategory.objects.all())
            )
        )
        for enterprise in batch:
            refresh(enterprise)
        Enterprise.objects.bulk_update(
            batch, ["classification", "classification_reason", "search_document"], batch_size=500
        )
    return len(rows)


# Counselling cases --------------------------------------------------------------------------------


def case_status(rng, age_days):
    """A case's status by its age: the recent ones mostly open, of those older than a month one in
    six still in progress or waiting, after four months all closed (mostly resolved or referred)."""
    from counselling.models import Status

    if age_days < 3:
        return rng.choices([Status.NEW, Status.TRIAGE, Status.IN_PROGRESS], [6, 3, 1])[0]
    if age_days < 30:
        return rng.choices(list(Status), [1, 2, 6, 3, 3, 2, 1, 1])[0]
    if age_days < 120:
        return rng.choices(list(Status), [0, 0, 2, 1, 8, 4, 2, 1])[0]
    return rng.choices(list(Status), [0, 0, 0, 0, 10, 5, 3, 2])[0]


@transaction.atomic
def cases(rng, count, *, heavy="roskilde", heavy_count=None):
    """`count` cases over the last three years; `heavy_count` of them in `heavy` (the benchmark's
    staff member's municipality), the others by size. Numbered from each municipality's counter,
    which then holds the last number; the deadline from the municipality's response time in Danish
    working days; responses, closing, the private link and (past the retention period)
    anonymisation as the services would have left them; a timeline of the same."""
    from counselling.models import (
        CLOSED,
        RESPONDING,
        Case,
        CaseCounter,
        CaseEvent,
        ContactMethod,
        CounsellingSettings,
        Kind,
        Need,
        Stage,
        Status,
    )
    from counselling.services import ACCESS_AFTER_CLOSING, months_before
    from portal import hours
    from portal.hours import COPENHAGEN
    from portal.models import Municipality

    everyone = list(Municipality.objects.order_by("code").prefetch_related("closed_days"))
    heavy_municipality = next(m for m in everyone if m.slug == heavy)
    share = (heavy_count or 0) / count if count else 0
    pick = weighted_municipalities(rng, everyone, heavy=heavy_municipality, heavy_share=share)
    staff = staff_by_municipality()
    config = {m.pk: CounsellingSettings.of(m) for m in everyone}
    closed_dates = {m.pk: {day.date for day in m.closed_days.all()} for m in everyone}
    counters = {(c.municipality_id, c.year): c.last_number for c in CaseCounter.objects.all()}
    deadlines = {}
    anonymise_before = months_before(NOW, settings.COUNSELLING_RETENTION_MONTHS)
    received = sorted(
        ((NOW - datetime.timedelta(days=rng.random() * 3 * 365), pick()) for _ in range(count)),
        key=lambda pair: pair[0],
    )
    rows, timelines = [], []
    for n, (created, municipality) in enumerate(received):
        year = created.astimezone(COPENHAGEN).year
        number = counters[municipality.pk, year] = counters.get((municipality.pk, year), 0) + 1
        day = created.astimezone(COPENHAGEN).date()
        key = (municipality.pk, day)
        if key not in deadlines:
            deadlines[key] = hours.add_working_days(
                day, config[municipality.pk].response_days, closed_dates[municipality.pk]
            )
        age = (NOW - created).days
        status = case_status(rng, age)
        responded = status in RESPONDING or (status == Status.TRIAGE and rng.random() < 0.3)
        first_response = (
            min(created + datetime.timedelta(hours=rng.uniform(1, 24 * 9)), NOW) if responded else None
        )
        closed = None
        if status in CLOSED:
            closed = min((first_response or created) + datetime.timedelta(days=rng.uniform(1, 90)), NOW)
        anonymised = closed is not None and closed < anonymise_before
        first, last = person(rng)
        people = staff.get(municipality.pk, [])
        assignee = rng.choice(people) if people and (status != Status.NEW or rng.random() < 0.2) else None
        case = Case(
            municipality=municipality,
            year=year,
            number=number,
            reference=f"{config[municipality.pk].reference_prefix}-{year}-{number:04d}",
            kind=rng.choices(list(Kind), [6, 2, 1, 1, 1])[0],
            stage=rng.choice(list(Stage)),
            applicant_name="" if anonymised else f"{first} {last}",
            applicant_email="anonymised@invalid" if anonymised else address(first, last, n),
            organisation=""
            if anonymised or rng.random() < 0.6
            else f"{rng.choice(TRADES)[1]} {rng.choice(NAME_WORDS)}",
            description="" if anonymised else rng.choice(CASE_TEXTS),
            needs=rng.sample(list(Need.values), rng.randint(1, 3)),
            preferred_contact=rng.choice(list(ContactMethod)),
            consent_at=created,
            created_at=created,
            deadline=deadlines[key],
            first_response_at=first_response,
            closed_at=closed,
            status=status,
            assignee=assignee,
            confidential=assignee is not None and rng.random() < 0.02,
            access_token=None if anonymised else "".join(rng.choices(TOKEN_ALPHABET, k=43)),
            access_expires_at=closed + ACCESS_AFTER_CLOSING if closed and not anonymised else None,
            anonymised_at=closed + datetime.timedelta(days=1) if anonymised else None,
        )
        rows.append(case)
        timeline = case_timeline(case, status, created, first_response, closed)
        timelines.append(timeline)
    bulk(Case, rows)
    bulk(
        CaseEvent,
        (
            CaseEvent(
                case=case,
                kind=kind,
                created_at=at,
                from_status=from_status,
                to_status=to_status,
                text=text,
                author=case.assignee if kind != CaseEvent.Kind.RECEIVED else None,
            )
            for case, timeline in zip(rows, timelines, strict=True)
            for kind, at, from_status, to_status, text in timeline
        ),
        batch_size=5000,
    )
    for (municipality_id, year), last_number in counters.items():
        CaseCounter.objects.update_or_create(
            municipality_id=municipality_id, year=year, defaults={"last_number": last_number}
        )
    return len(rows)


def case_timeline(case, status, created, first_response, closed):
    """The events that led to `status`, along counselling.models.TRANSITIONS (new → triage → in
    progress → waiting or closed): (kind, when, from, to, text) each."""
    from counselling.models import CLOSED, CaseEvent, Status

    Kind = CaseEvent.Kind
    timeline = [(Kind.RECEIVED, created, "", "", "")]
    if status == Status.NEW:
        return timeline
    timeline.append(
        (Kind.STATUS, min(created + datetime.timedelta(minutes=30), NOW), Status.NEW, Status.TRIAGE, "")
    )
    if status == Status.TRIAGE:
        if first_response:
            timeline.append(
                (Kind.MESSAGE_OUT, first_response, "", "", "Tak for din henvendelse. Vi ringer i næste uge.")
            )
        return timeline
    timeline.append((Kind.STATUS, first_response, Status.TRIAGE, Status.IN_PROGRESS, ""))
    if status == Status.WAITING:
        waiting = min(first_response + datetime.timedelta(hours=1), NOW)
        timeline.append((Kind.STATUS, waiting, Status.IN_PROGRESS, Status.WAITING, ""))
    elif status in CLOSED:
        timeline.append((Kind.STATUS, closed, Status.IN_PROGRESS, status, ""))
        if case.anonymised_at:
            timeline.append((Kind.ANONYMISED, case.anonymised_at, "", "", ""))
    return timeline


TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


# Procurement notices ------------------------------------------------------------------------------


NOTICE_SUBJECTS = [
    ("Rengøring af kommunens institutioner", "rengøring"),
    ("Kantinedrift på rådhuset", "kantine"),
    ("Catering til møder og arrangementer", "catering"),
    ("Grøn pleje af parker og vejarealer", "pleje"),
    ("Vask af arbejdstøj", "tøj"),
    ("Tryk af foldere og plakater", "tryk"),
    ("Genbrug og reparation af møbler", "genbrug"),
    ("Cykelværksted til kommunens cykler", "cykel"),
    ("Beskæftigelsesforløb for ledige unge", "beskæftigelse"),
    ("IT-support til skolerne", "it"),
]


@transaction.atomic
def notices(rng, count):
    """`count` notices of every kind over the last two years and the coming year: tendering
    (open, or past the deadline), planned, awarded or cancelled; a third with two lots, a third
    reserved or with social clauses; each checked by procurement.services.publishing_errors as it
    stood on the day it was published."""
    from enterprises.models import Enterprise, ServiceCategory
    from portal.models import Municipality
    from procurement.models import Award, CpvCode, Lot, Notice, NoticeChange
    from procurement.services import TENDERED_KINDS, publishing_errors

    everyone = list(Municipality.objects.order_by("code"))
    pick = weighted_municipalities(rng, everyone)
    categories = list(ServiceCategory.objects.all())
    codes = list(CpvCode.objects.filter(code__endswith="000").exclude(code__endswith="00000"))
    winners = list(Enterprise.objects.published().values_list("pk", "name", "cvr")[:2000])
    kinds = list(Notice.Kind)
    slugs = set(Notice.objects.values_list("slug", flat=True))
    rows, lots, extras = [], [], []
    for n in range(count):
        kind = rng.choices(kinds, [5, 2, 1, 1, 1, 1])[0]
        municipality = pick()
        subject, _word = rng.choice(NOTICE_SUBJECTS)
        title = f"{subject}, {municipality.name} {n}"
        slug = slugify(title)
        while slug in slugs:
            slug += "-x"
        slugs.add(slug)
        published = NOW - datetime.timedelta(days=rng.uniform(0, 730))
        stage = Notice.Stage.TENDERING
        if kind == Notice.Kind.PLANNED:
            stage = Notice.Stage.PLANNED
        elif kind in TENDERED_KINDS and published < NOW - datetime.timedelta(days=90):
            stage = rng.choices(
                [Notice.Stage.AWARDED, Notice.Stage.CANCELLED, Notice.Stage.TENDERING], [7, 1, 2]
            )[0]
        deadline = (
            published + datetime.timedelta(days=rng.randint(14, 60)) if kind != Notice.Kind.PLANNED else None
        )
        value = Decimal(rng.randrange(100_000, 20_000_000, 50_000))
        reserved = rng.random() < 0.15
        social = rng.random() < 0.3
        notice = Notice(
            kind=kind,
            municipality=municipality,
            title=title,
            slug=slug,
            description=f"{subject}. Kommunen ønsker tilbud fra virksomheder, også socialøkonomiske. "
            "Opgaven kan løses med medarbejdere på særlige vilkår.",
            department=rng.choice(["Teknik og Miljø", "Børn og Unge", "Social og Sundhed", "Indkøb"]),
            procedure=rng.choice(list(Notice.Procedure.values)),
            reserved_participation=Notice.ReservedParticipation.SHELTERED_WORKSHOPS if reserved else "",
            social_objective=social,
            social_objectives=[Notice.SocialObjective.EMPLOYMENT] if social else [],
            social_clauses="To fleksjob eller løntilskudsstillinger i kontraktperioden." if social else "",
            suitable_for_small=rng.random() < 0.4,
            estimated_value=value,
            questions_deadline=deadline - datetime.timedelta(days=7) if deadline else None,
            submission_deadline=deadline,
            contract_start=(deadline or published).date() + datetime.timedelta(days=45),
            contract_end=(deadline or published).date()
            + datetime.timedelta(days=45 + 365 * rng.randint(1, 4)),
            not_split_reason="Opgaven hænger sammen og løses bedst af én leverandør.",
            contact_name=" ".join(person(rng)),
            contact_email=f"udbud.{n}@{DOMAIN}",
            stage=stage,
            status=Notice.Status.PUBLISHED if rng.random() < 0.95 else Notice.Status.PENDING,
            published_at=published,
        )
        notice_lots = []
        if kind in TENDERED_KINDS and rng.random() < 0.33:
            notice_lots = [
                Lot(notice=notice, number=number, title=f"Delaftale {number}", estimated_value=value / 3)
                for number in (1, 2)
            ]
            notice.not_split_reason = ""
        errors = publishing_errors(notice, lots=notice_lots, now=published)
        assert not errors, (title, errors)
        rows.append(notice)
        lots.append(notice_lots)
        extras.append((rng.choice(categories), rng.choice(codes)))
    bulk(Notice, rows)
    for notice, notice_lots in zip(rows, lots, strict=True):
        for lot in notice_lots:
            lot.notice = notice
    all_lots = bulk(Lot, (lot for notice_lots in lots for lot in notice_lots))
    bulk(
        Notice.categories.through,
        (
            Notice.categories.through(notice=x, servicecategory=c)
            for x, (c, _) in zip(rows, extras, strict=True)
        ),
    )
    bulk(
        Notice.cpv_codes.through,
        (Notice.cpv_codes.through(notice=x, cpvcode=code) for x, (_, code) in zip(rows, extras, strict=True)),
    )
    bulk(
        Lot.categories.through,
        (Lot.categories.through(lot=lot, servicecategory=rng.choice(categories)) for lot in all_lots),
    )
    published_rows = [x for x in rows if x.status == Notice.Status.PUBLISHED]
    bulk(
        NoticeChange,
        (
            NoticeChange(
                notice=x,
                kind=NoticeChange.Kind.PUBLISHED,
                created_at=x.published_at,
                alerts_queued_at=x.published_at,
            )
            for x in published_rows
        ),
    )
    if winners:
        awards = []
        for notice in published_rows:
            if notice.stage == Notice.Stage.AWARDED:
                pk, name, cvr = rng.choice(winners)
                awarded = min(notice.submission_deadline + datetime.timedelta(days=30), NOW).date()
                awards.append(
                    Award(
                        notice=notice,
                        enterprise_id=pk,
                        winner_name=name,
                        winner_cvr=cvr,
                        value=notice.estimated_value,
                        awarded_on=awarded,
                    )
                )
        bulk(Award, awards)
    return len(rows)


# Partnership agreements ---------------------------------------------------------------------------


@transaction.atomic
def agreements(rng, count):
    """`count` agreements, each with an enterprise of its municipality as party (where it has one),
    two commitments and confirmed quarterly results up to the last full quarter; the active ones
    running, the older ones ended; a tenth not published."""
    from enterprises.models import Enterprise
    from partnerships.models import Agreement, Commitment, Party, Result
    from portal.models import Municipality

    everyone = list(Municipality.objects.order_by("code"))
    pick = weighted_municipalities(rng, everyone)
    staff = staff_by_municipality()
    local = {}
    for pk, home in Enterprise.objects.published().values_list("pk", "home_municipality_id"):
        local.setdefault(home, []).append(pk)
    kinds = ["wage_subsidy", "small_jobs", "ordinary_hire", "clarification"]
    slugs = set(Agreement.objects.values_list("slug", flat=True))
    rows, parties = [], []
    for n in range(count):
        municipality = pick()
        start = TODAY - datetime.timedelta(days=rng.randint(0, 4 * 365))
        end = start + datetime.timedelta(days=365 * rng.randint(1, 4))
        title = f"Partnerskab om {rng.choice(NOTICE_SUBJECTS)[0].lower()} i {municipality.name}"
        slug = f"{slugify(title)}-{n}"
        slugs.add(slug)
        candidates = staff.get(municipality.pk) or []
        rows.append(
            Agreement(
                municipality=municipality,
                kind=rng.choice(Agreement.Kind.values),
                title=title,
                slug=slug,
                purpose="Flere job til borgere på kanten af arbejdsmarkedet gennem et varigt samarbejde.",
                tasks="Kommunen visiterer borgere; virksomheden tilbyder stillinger og oplæring.",
                start=start,
                end=end,
                state=Agreement.State.ACTIVE if end >= TODAY else Agreement.State.EXPIRED,
                responsible=next((u for u in candidates if u.email.endswith(DOMAIN)), None),
                status=Agreement.Status.PUBLISHED if n % 10 else Agreement.Status.PENDING,
                published_at=datetime.datetime.combine(start, datetime.time(9), tzinfo=datetime.UTC),
            )
        )
        parties.append(rng.choice(local[municipality.pk]) if local.get(municipality.pk) else None)
    bulk(Agreement, rows)
    bulk(
        Party,
        (
            Party(agreement=a, enterprise_id=e, role="Virksomhed")
            for a, e in zip(rows, parties, strict=True)
            if e
        ),
    )
    commitments = bulk(
        Commitment,
        (
            Commitment(
                agreement=agreement,
                position_kind=kind,
                target=rng.randint(2, 30),
                deadweight_percent=20 if (n % 3 == 0 and kind != "flexjob") else None,
            )
            for n, agreement in enumerate(rows)
            for kind in ("flexjob", kinds[n % len(kinds)])
        ),
    )
    last_quarter_end = datetime.date(TODAY.year, 3 * ((TODAY.month - 1) // 3) + 1, 1) - datetime.timedelta(
        days=1
    )
    bulk(
        Result,
        (
            Result(
                commitment=commitment,
                year=year,
                quarter=quarter,
                count=rng.randint(0, 4),
                confirmed_at=datetime.datetime(year, 3 * quarter, 28, tzinfo=datetime.UTC),
            )
            for commitment in commitments
            for year, quarter in quarters(
                commitment.agreement.start, min(commitment.agreement.end, last_quarter_end)
            )
        ),
        batch_size=5000,
    )
    return len(rows)


def quarters(start, end):
    """The (year, quarter) pairs whose quarter ends within start…end."""
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        quarter_end = datetime.date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - datetime.timedelta(days=1)
        if quarter_end > end:
            return
        yield year, quarter
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


# Mentor offers --------------------------------------------------------------------------------------


@transaction.atomic
def mentors(rng, count):
    """`count` published offers by mentors with accounts (as bench/mentoring.py: two or three
    expertise areas, one or two sectors, their own municipality served and every third a neighbour
    too, a tenth paused) and an active match on every fifth."""
    from enterprises.models import Enterprise
    from mentoring.models import ExpertiseArea, Match, MentorOffer, MentorRequest, OfferSector
    from portal.models import Municipality, User

    everyone = list(Municipality.objects.order_by("code"))
    pick = weighted_municipalities(rng, everyone)
    areas = list(ExpertiseArea.objects.all())
    sectors = [s for s in Enterprise.Sector.values if s != "other"]
    names = [person(rng) for _ in range(count)]
    users = bulk(
        User,
        (
            User(
                username=f"scale-mentor-{n}",
                email=address(first, last, f"m{n}"),
                first_name=first,
                last_name=last,
                password="!",
            )
            for n, (first, last) in enumerate(names)
        ),
    )
    offers = bulk(
        MentorOffer,
        (
            MentorOffer(
                mentor=user,
                municipality=pick(),
                slug=f"{slugify(user.get_full_name())}-{n}",
                mentor_name=user.get_full_name(),
                mentor_title=rng.choice(["Direktør", "Køkkenchef", "Revisor", "Butiksleder", "Indehaver"]),
                company=f"{rng.choice(NAME_WORDS)} {rng.choice(['ApS', 'A/S', 'I/S'])}",
                headline=rng.choice(
                    [
                        "Erfaren leder hjælper med driften",
                        "Fra idé til forretningsplan",
                        "Økonomi og regnskab for små virksomheder",
                        "Salg til det offentlige og udbud",
                    ]
                ),
                description="Jeg har drevet virksomhed i mange år og vil gerne give min erfaring videre.",
                capacity=rng.randint(1, 3),
                status=MentorOffer.Status.PUBLISHED,
                paused=n % 10 == 0,
                last_active_at=NOW - datetime.timedelta(days=rng.randint(0, 120)),
                published_at=NOW - datetime.timedelta(days=rng.randint(0, 900)),
            )
            for n, user in enumerate(users)
        ),
    )
    through = MentorOffer.expertise.through
    bulk(
        through,
        (
            through(mentoroffer=o, expertisearea=a)
            for o in offers
            for a in rng.sample(areas, rng.randint(2, 3))
        ),
    )
    bulk(
        OfferSector,
        (OfferSector(offer=o, sector=s) for o in offers for s in rng.sample(sectors, rng.randint(1, 2))),
    )
    served = MentorOffer.municipalities.through
    bulk(
        served,
        [served(mentoroffer=o, municipality_id=o.municipality_id) for o in offers]
        + [
            served(mentoroffer=o, municipality=neighbour)
            for n, o in enumerate(offers)
            if n % 3 == 0 and (neighbour := rng.choice(everyone)).pk != o.municipality_id
        ],
    )
    holders = bulk(
        MentorRequest,
        (
            MentorRequest(
                municipality=o.municipality,
                mentee_name=" ".join(person(rng)),
                mentee_email=f"mentee.{n}@{DOMAIN}",
                goals="Få styr på økonomien og driften det første år.",
                status=MentorRequest.Status.MATCHED,
            )
            for n, o in enumerate(offers[::5])
        ),
    )
    bulk(
        Match,
        (
            Match(
                request=h,
                offer=o,
                status=Match.Status.ACTIVE,
                started_at=NOW - datetime.timedelta(days=rng.randint(1, 200)),
            )
            for h, o in zip(holders, offers[::5], strict=True)
        ),
    )
    return len(offers)


# Events and registrations -------------------------------------------------------------------------


EVENT_TITLES = [
    ("theme_day", "Temadag om socialøkonomi"),
    ("workshop", "Workshop: fra idé til forretningsplan"),
    ("workshop", "Workshop: salg til kommunen og udbud"),
    ("network", "Netværksmøde for socialøkonomiske virksomheder"),
    ("information", "Informationsmøde om RSV-registrering"),
    ("information", "Informationsmøde om fleksjob og løntilskud"),
    ("other", "Åbent hus i genbrugsbutikken"),
]


@transaction.atomic
def events(rng, count, registrations):
    """`count` events over the last two years and the coming six months, and about `registrations`
    registrations on those whose personal data are still kept (events.retention deletes them six
    months after; the older ones keep only their totals): confirmed up to capacity, then a waiting
    list on the full upcoming ones, a few cancelled; attendance marked after the event."""
    from events.models import Event, Registration
    from events.retention import cutoff
    from portal.models import Municipality

    everyone = list(Municipality.objects.order_by("code"))
    pick = weighted_municipalities(rng, everyone)
    purged_before = cutoff(NOW)
    rows, kept = [], []
    for n in range(count):
        kind, subject = rng.choice(EVENT_TITLES)
        municipality = pick()
        starts = (NOW - datetime.timedelta(days=rng.uniform(-183, 730))).replace(
            minute=0, second=0, microsecond=0
        )
        starts = starts.replace(hour=rng.choice([7, 8, 12, 14, 15]))  # 9–17 Copenhagen time
        ends = starts + datetime.timedelta(hours=rng.choice([2, 3, 6]))
        title = f"{subject} i {municipality.name}"
        event = Event(
            municipality=municipality,
            kind=kind,
            title=title,
            slug=f"{slugify(title)}-{n}",
            summary=f"{subject}: inspiration, erfaringer og netværk for iværksættere og virksomheder.",
            description=(
                "Vi byder på kaffe, oplæg fra lokale socialøkonomiske virksomheder og tid til at tale sammen."
            ),
            programme="09.30 Velkomst\n10.00 Oplæg\n11.30 Workshop\n12.30 Frokost",
            target_audience="Iværksættere, virksomheder og foreninger",
            place_name=f"{rng.choice(NAME_WORDS)}, {municipality.name}",
            address=f"Torvet {rng.randint(1, 40)}",
            starts_at=starts,
            ends_at=ends,
            registration_deadline=starts - datetime.timedelta(days=2),
            capacity=rng.choice([None, 20, 30, 40, 60, 100]),
            organiser=municipality.full_name,
            contact_name=" ".join(person(rng)),
            contact_email=f"arrangement.{n}@{DOMAIN}",
            feed_token="".join(rng.choices(TOKEN_ALPHABET, k=43)),
            status=Event.Status.PUBLISHED if rng.random() < 0.95 else Event.Status.DRAFT,
            published_at=min(starts - datetime.timedelta(days=rng.randint(20, 90)), NOW),
        )
        event.created_at = event.published_at - datetime.timedelta(days=rng.randint(1, 14))
        if event.status == Event.Status.PUBLISHED and ends < purged_before:
            event.registered_total = rng.randint(5, event.capacity or 60)
            event.attended_total = round(event.registered_total * rng.uniform(0.6, 0.95))
            event.personal_data_deleted_at = ends + datetime.timedelta(days=190)
        elif event.status == Event.Status.PUBLISHED:
            kept.append(event)
        rows.append(event)
    bulk(Event, rows)
    per_event = registrations / len(kept) if kept else 0
    people = []
    for n_event, event in enumerate(kept):
        wanted = max(0, round(rng.gauss(per_event, per_event / 3)))
        past = event.ends_at < NOW
        registration_closes = min(event.registration_deadline, NOW)
        # The reminders whose day has come (events.reminders sends them that many days before).
        reminded = [d for d in event.reminder_days() if event.starts_at - datetime.timedelta(days=d) <= NOW]
        for n in range(wanted):
            first, last = person(rng)
            if event.capacity is None or n < event.capacity:
                status = Registration.Status.CONFIRMED
            elif past:
                break  # nobody waits for an event that is over
            else:
                status = Registration.Status.WAITING
            cancelled = rng.random() < 0.05
            people.append(
                Registration(
                    event=event,
                    status=Registration.Status.CANCELLED if cancelled else status,
                    name=f"{first} {last}",
                    email=address(first, last, f"e{n_event}-{n}"),
                    organisation=f"{rng.choice(TRADES)[1]} {rng.choice(NAME_WORDS)}"
                    if rng.random() < 0.5
                    else "",
                    token="".join(rng.choices(TOKEN_ALPHABET, k=43)),
                    attended=(rng.random() < 0.85) if past and not cancelled else None,
                    reminded_days=[] if cancelled else reminded,
                    created_at=event.published_at + (registration_closes - event.published_at) * rng.random(),
                    cancelled_at=event.starts_at - datetime.timedelta(days=1) if cancelled else None,
                )
            )
    bulk(Registration, people, batch_size=5000)
    return len(rows), len(people)
