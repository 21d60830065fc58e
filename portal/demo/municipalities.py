"""The demo municipalities: town hall details, intros, hours, extra closed days, example contact
persons and demo log-ins.

Addresses, phone numbers, email addresses and websites of the town halls are the real, public
ones. The contact persons are invented: they are saved with `is_example=True`, their email
addresses use the reserved `.example` domain, and their phone number is the town hall's
switchboard, so no real person is named or called.
"""

MON, TUE, WED, THU, FRI = range(5)
MON_WED = (MON, TUE, WED)
MON_THU = (MON, TUE, WED, THU)

#: Extra closed days besides the Danish public holidays: (month, day, reason), loaded for the
#: current year and the next.
CLOSED_DAYS = [
    (6, 5, "Grundlovsdag"),
    (12, 24, "Juleaftensdag"),
    (12, 31, "Nytårsaftensdag"),
]

#: The superuser log-in; the municipal log-ins are named on each municipality's first contact person.
ADMIN_USER = {
    "username": "demo-admin",
    "first_name": "Demo",
    "last_name": "Administrator",
    "email": "demo-admin@indgangen.example",
}

# Each municipality: the Municipality fields, then
#   hours:    {kind: [(weekdays, opens, closes), ...]}, several ranges per weekday allowed;
#   contacts: in display order; `user` names the demo log-in linked to that contact person.
MUNICIPALITIES = [
    {
        "code": "350",
        "slug": "lejre",
        "name": "Lejre",
        "address": "Møllebjergvej 4, 4330 Hvalsø",
        "phone": "46 46 46 46",
        "email": "lejre@lejre.dk",
        "website": "https://www.lejre.dk",
        "intro": (
            "I Lejre Kommune har socialøkonomiske iværksættere og virksomheder én indgang, så det er "
            "nemt at finde vej. Vil du starte en socialøkonomisk virksomhed, kan du få konsultativ hjælp "
            "til opstart, og kommunen er parat til at indgå partnerskabsaftaler. Kommunen afklarer også, "
            "om aktiviteter i kommunale institutioner kan afknoppes til socialøkonomiske virksomheder."
        ),
        "intro_en": (
            "In Lejre Municipality, social-economy entrepreneurs and enterprises have one entrance, so it "
            "is easy to find your way. If you want to start a social-economy enterprise, you can get "
            "advice on getting started, and the municipality is ready to enter into partnership "
            "agreements. The municipality is also exploring whether activities in municipal institutions "
            "can be spun off as social-economy enterprises."
        ),
        "hours": {
            "visit": [(MON_WED, "10:00", "14:00"), ((THU,), "10:00", "17:00"), ((FRI,), "10:00", "13:00")],
            "phone": [
                (MON_WED, "09:00", "15:00"),
                ((THU,), "08:00", "12:00"),
                ((THU,), "13:00", "17:00"),
                ((FRI,), "09:00", "13:00"),
            ],
        },
        "contacts": [
            {
                "name": "Mette Kragh Jensen",
                "title": "Erhvervskonsulent, indgangen for socialøkonomi",
                "areas": ["startup", "business", "partnership"],
                "email": "mette.kragh.jensen@lejre.example",
                "user": "demo-lejre",
            },
            {
                "name": "Søren Holm",
                "title": "Virksomhedskonsulent, Jobcenter Lejre",
                "areas": ["jobcenter"],
                "email": "soeren.holm@lejre.example",
            },
            {
                "name": "Lone Bech Andersen",
                "title": "Udbuds- og indkøbskonsulent",
                "areas": ["procurement", "funding"],
                "email": "lone.bech.andersen@lejre.example",
            },
        ],
    },
    {
        "code": "265",
        "slug": "roskilde",
        "name": "Roskilde",
        "address": "Rådhusbuen 1, 4000 Roskilde",
        "phone": "46 31 30 00",
        "email": "kommunen@roskilde.dk",
        "website": "https://www.roskilde.dk",
        "intro": (
            "Roskilde Kommune tilbyder kvalificeret vejledning i virksomhedsetablering, udvikling og "
            "partnerskaber i samarbejde med erhvervsFORUM Roskilde. En mentorordning giver "
            "socialøkonomiske iværksættere støtte fra etablerede virksomheder, og en årlig temadag samler "
            "erhvervsliv, foreningsliv, kommune og borgere."
        ),
        "intro_en": (
            "Roskilde Municipality offers qualified guidance on setting up and developing an enterprise "
            "and on partnerships, together with erhvervsFORUM Roskilde. A mentor scheme gives "
            "social-economy entrepreneurs support from established companies, and an annual theme day "
            "brings together business, associations, the municipality and citizens."
        ),
        # As in the seed document (Roskilde's strategy, appendix 2).
        "hours": {
            "visit": [(MON_WED, "10:00", "15:00"), ((THU,), "10:00", "18:00"), ((FRI,), "10:00", "13:00")],
            "phone": [(MON_WED, "08:00", "15:00"), ((THU,), "10:00", "18:00"), ((FRI,), "08:00", "13:00")],
        },
        "contacts": [
            {
                "name": "Jakob Lund Madsen",
                "title": "Erhvervskonsulent, socialøkonomi",
                "areas": ["startup", "business", "funding"],
                "email": "jakob.lund.madsen@roskilde.example",
                "user": "demo-roskilde",
            },
            {
                "name": "Camilla Friis",
                "title": "Virksomhedskonsulent, Jobcenter Roskilde",
                "areas": ["jobcenter", "partnership"],
                "email": "camilla.friis@roskilde.example",
            },
            {
                "name": "Henrik Dahl",
                "title": "Udbuds- og indkøbskonsulent",
                "areas": ["procurement"],
                "email": "henrik.dahl@roskilde.example",
            },
            {
                # Not shown on the public page: shows that contact persons can be kept internal.
                "name": "Birgitte Skov",
                "title": "Chef for Erhverv og Udvikling",
                "areas": ["business", "partnership"],
                "email": "birgitte.skov@roskilde.example",
                "is_public": False,
            },
        ],
    },
    {
        "code": "330",
        "slug": "slagelse",
        "name": "Slagelse",
        "address": "Rådhuspladsen 11, 4200 Slagelse",
        "phone": "58 57 36 00",
        "email": "slagelse@slagelse.dk",
        "website": "https://www.slagelse.dk",
        "intro": (
            "Slagelse Kommune har nedsat en task force, der skal hjælpe 30 fleksjobbere i arbejde i "
            "socialøkonomiske virksomheder. Kommunen har blandt andet støttet opstarten af en filial af "
            "Blindes Arbejde og indgår frivillige indkøbsaftaler med socialøkonomiske virksomheder."
        ),
        "intro_en": (
            "Slagelse Municipality has set up a task force to help 30 people in flexible jobs (fleksjob) "
            "into work in social-economy enterprises. Among other things, the municipality has supported "
            "the start of a Blindes Arbejde branch and enters into voluntary purchase agreements with "
            "social-economy enterprises."
        ),
        "hours": {
            "visit": [(MON_WED, "10:00", "14:00"), ((THU,), "12:00", "17:30"), ((FRI,), "10:00", "12:00")],
            "phone": [(MON_THU, "09:00", "15:00"), ((FRI,), "09:00", "12:00")],
        },
        "contacts": [
            {
                "name": "Pernille Toft",
                "title": "Projektleder, socialøkonomi og CSR",
                "areas": ["startup", "business", "partnership"],
                "email": "pernille.toft@slagelse.example",
                "user": "demo-slagelse",
            },
            {
                "name": "Kasper Møller Andersen",
                "title": "Virksomhedskonsulent, Jobcenter Slagelse",
                "areas": ["jobcenter"],
                "email": "kasper.moeller.andersen@slagelse.example",
            },
            {
                "name": "Rikke Vestergaard",
                "title": "Udbuds- og indkøbskonsulent",
                "areas": ["procurement", "partnership"],
                "email": "rikke.vestergaard@slagelse.example",
            },
        ],
    },
    {
        "code": "849",
        "slug": "jammerbugt",
        "name": "Jammerbugt",
        "address": "Toftevej 43, 9440 Aabybro",
        "phone": "72 57 77 77",
        "email": "jammerbugt@jammerbugt.dk",
        "website": "https://www.jammerbugt.dk",
        "intro": (
            "Jammerbugt Kommune har indgået en formel partnerskabsaftale med en række socialøkonomiske "
            "virksomheder, som skaber job for udsatte borgere og løser opgaver i kommunens landsbyer, "
            "fx hoteldrift, købmandsbutik og landsbyservice. Partnerskabet er forankret i en følgegruppe "
            "med borgmesteren for bordenden, som mødes fire gange om året."
        ),
        "intro_en": (
            "Jammerbugt Municipality has a formal partnership agreement with a number of social-economy "
            "enterprises that create jobs for vulnerable citizens and carry out tasks in the "
            "municipality's villages, such as running a hotel, a village shop and village services. The "
            "partnership is anchored in a follow-up group chaired by the mayor, which meets four times a "
            "year."
        ),
        "hours": {
            "visit": [(MON_WED, "09:00", "14:00"), ((THU,), "09:00", "17:00"), ((FRI,), "09:00", "12:00")],
            "phone": [(MON_WED, "08:00", "15:00"), ((THU,), "08:00", "17:00"), ((FRI,), "08:00", "12:00")],
        },
        "contacts": [
            {
                "name": "Lars Kjærgaard",
                "title": "Erhvervskonsulent, indgangen for socialøkonomi",
                "areas": ["startup", "business", "funding"],
                "email": "lars.kjaergaard@jammerbugt.example",
                "user": "demo-jammerbugt",
            },
            {
                "name": "Hanne Sørensen",
                "title": "Partnerskabskoordinator, sekretær for følgegruppen",
                "areas": ["partnership"],
                "email": "hanne.soerensen@jammerbugt.example",
            },
            {
                "name": "Thomas Nørgaard",
                "title": "Virksomhedskonsulent, Jobcenter Jammerbugt",
                "areas": ["jobcenter"],
                "email": "thomas.noergaard@jammerbugt.example",
            },
        ],
    },
]
