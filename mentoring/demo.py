"""The demo mentors, requests and matches, from the seeds (/work/shared/seeds/):

- 002 (Roskilde): "INSP! Mad i opstartsfasen fik mentorstøtte af Restaurant Mumm, med henblik på
  udvikling af køkkenrutine, menukort og køkkenledelse og forretningsområde. En mentorordning
  kunne fx etableres under erhvervsFORUM Roskilde." Restaurant Mumm's offer and its completed
  match with INSP! Mad, with the match's events and feedback from both sides.

Everything else is invented to show the scheme: the mentors' names are made up (no real person is
named), so are the other companies, and every description says "Eksempel". Six other offers
across the demo municipalities, one paused with a return date and one full (its one place taken by
an active match with Legehytten, seed 003); two requests wait for a contact person to match them.

Municipalities are named by their code (Lejre 350, Roskilde 265, Slagelse 330, Jammerbugt 849),
enterprises by their registry slug (enterprises/demo.py), expertise areas by their slug
(migration 0002), contact persons by their demo log-in (portal/demo/municipalities.py). Dates are
(year, month, day) and moments (year, month, day, hour, minute), Copenhagen time; every one is
fixed, so a second run changes nothing. Plain data only: mentoring/demo_loader.py loads it.
"""

LEJRE, ROSKILDE, SLAGELSE, JAMMERBUGT = "350", "265", "330", "849"

#: Each offer with its mentor's demo log-in (`user`, `first_name`, `last_name`, `email`).
OFFERS = [
    {
        "slug": "restaurant-mumm",
        "user": "demo-mentor-mumm",
        "email": "mentor@restaurant-mumm.example",
        "mentor_name": "Jonas Bæk",
        "mentor_title": "Køkkenchef",
        "company": "Restaurant Mumm",
        "municipality": ROSKILDE,
        "municipalities": [ROSKILDE, LEJRE],
        "headline": "Køkkenrutiner, menukort og køkkenledelse for nye madvirksomheder",
        "description": (
            "Restaurant Mumm har været mentor for INSP! Mad, da INSP! Mad var i opstartsfasen: på "
            "køkkenrutiner, menukort, køkkenledelse og forretningsområde.\n\n"
            "Eksempel: Vi mødes i jeres køkken og i vores, gennemgår arbejdsgangene fra indkøb til "
            "opvask, bygger et menukort der passer til jeres køkken og jeres medarbejdere, og ser på "
            "hvordan køkkenet kan bære en forretning. Ordningen kan fx etableres under "
            "erhvervsFORUM Roskilde."
        ),
        "expertise": ["koekken-og-produktion", "menu-og-sortiment", "ledelse", "forretningsudvikling"],
        "sectors": ["food"],
        "capacity": 2,
        "formats": {"format_meetings": True, "format_phone": False, "format_on_site": True},
        "duration_months": 6,
        "published": (2026, 1, 12, 10, 0),
        "last_active": (2026, 11, 18, 9, 30),
    },
    {
        "slug": "bogholderiet-ved-fjorden",
        "user": "demo-mentor-bogholderi",
        "email": "mentor@bogholderiet-fjorden.example",
        "mentor_name": "Hanne Lindberg",
        "mentor_title": "Registreret revisor",
        "company": "Bogholderiet ved Fjorden ApS",
        "municipality": LEJRE,
        "municipalities": [LEJRE, ROSKILDE],
        "headline": "Styr på bogføring, budget og likviditet fra første år",
        "description": (
            "Eksempel: Jeg hjælper nye virksomheder med at sætte bogføringen op, lægge et budget der "
            "holder, og se likviditeten et halvt år frem. Vi ser også på fonde og lån, når I skal "
            "finansiere en investering."
        ),
        "expertise": ["bogfoering-og-oekonomi", "finansiering"],
        "sectors": [],
        "capacity": 3,
        "formats": {"format_meetings": True, "format_phone": True, "format_on_site": False},
        "duration_months": 4,
        "published": (2026, 3, 2, 9, 0),
        "last_active": (2026, 11, 25, 14, 0),
    },
    {
        "slug": "trykkeriet-sydvest",
        "user": "demo-mentor-trykkeri",
        "email": "mentor@trykkeriet-sydvest.example",
        "mentor_name": "Peter Holm",
        "mentor_title": "Produktionschef",
        "company": "Trykkeriet Sydvest A/S",
        "municipality": SLAGELSE,
        "municipalities": [SLAGELSE],
        "headline": "Produktion, arbejdsgange og medarbejdere på særlige vilkår",
        "description": (
            "Eksempel: Vi har i mange år haft kolleger i fleksjob og løntilskud i produktionen. Jeg "
            "deler gerne, hvordan vi tilrettelægger arbejdsgange, oplæring og ledelse, så der er "
            "plads til alle, og hvordan en lille produktion planlægges."
        ),
        "expertise": ["koekken-og-produktion", "hr-og-inklusion", "ledelse"],
        "sectors": ["manufacturing", "green"],
        "capacity": 1,
        "formats": {"format_meetings": True, "format_phone": False, "format_on_site": True},
        "duration_months": 6,
        "published": (2026, 5, 4, 11, 0),
        "last_active": (2026, 10, 2, 10, 15),
    },
    {
        "slug": "pixel-og-kode",
        "user": "demo-mentor-pixel",
        "email": "mentor@pixel-og-kode.example",
        "mentor_name": "Sara Nielsen",
        "mentor_title": "Direktør",
        "company": "Pixel & Kode ApS",
        "municipality": SLAGELSE,
        "municipalities": [SLAGELSE, ROSKILDE],
        "headline": "Hjemmeside, webshop og markedsføring på nettet",
        "description": (
            "Eksempel: Vi laver hjemmesider og webshops for små virksomheder. Som mentor hjælper jeg "
            "med at vælge de digitale værktøjer, der passer til jeres størrelse, og med at blive fundet "
            "af kunderne."
        ),
        "expertise": ["it-og-digitalisering", "salg-og-markedsfoering"],
        "sectors": ["it", "services", "retail"],
        "capacity": 2,
        "formats": {"format_meetings": False, "format_phone": True, "format_on_site": False},
        "duration_months": 3,
        "published": (2026, 6, 8, 13, 0),
        "last_active": (2026, 11, 30, 16, 45),
    },
    {
        "slug": "juridisk-raadgivning-sjaelland",
        "user": "demo-mentor-jura",
        "email": "mentor@jura-sjaelland.example",
        "mentor_name": "Mads Friis",
        "mentor_title": "Advokat",
        "company": "Juridisk Rådgivning Sjælland ApS",
        "municipality": ROSKILDE,
        "municipalities": [ROSKILDE, LEJRE, SLAGELSE],
        "headline": "Selskabsform, vedtægter og kontrakter for socialøkonomiske virksomheder",
        "description": (
            "Eksempel: Skal I være en forening, et ApS eller en erhvervsdrivende fond? Jeg hjælper med "
            "at vælge selskabsform, skrive vedtægter, der sikrer det sociale formål, og med jeres "
            "første kontrakter med kommunen og kunderne."
        ),
        "expertise": ["selskabsform-og-governance", "jura-og-kontrakter"],
        "sectors": [],
        "capacity": 2,
        "formats": {"format_meetings": True, "format_phone": True, "format_on_site": False},
        "duration_months": 3,
        "paused_until": (2027, 3, 1),
        "published": (2026, 4, 13, 10, 0),
        "last_active": (2026, 11, 10, 8, 0),
    },
    {
        "slug": "klitgaarden-hotel",
        "user": "demo-mentor-klitgaarden",
        "email": "mentor@klitgaarden-hotel.example",
        "mentor_name": "Louise Bro",
        "mentor_title": "Hoteldirektør",
        "company": "Klitgaarden Hotel & Konference",
        "municipality": JAMMERBUGT,
        "municipalities": [JAMMERBUGT],
        "headline": "Hoteldrift, gæster og sæsonen i en lille by",
        "description": (
            "Eksempel: Et hotel i Nordjylland lever af sæsonen. Jeg hjælper med at drive et lille hotel "
            "eller en café hele året, med salg til grupper og konferencer, og med at lede et hold, hvor "
            "nogle arbejder få timer om ugen."
        ),
        "expertise": ["ledelse", "salg-og-markedsfoering", "hr-og-inklusion"],
        "sectors": ["tourism", "food"],
        "capacity": 2,
        "formats": {"format_meetings": True, "format_phone": True, "format_on_site": True},
        "duration_months": 6,
        "published": (2026, 2, 23, 9, 0),
        "last_active": (2026, 11, 27, 11, 0),
    },
    {
        "slug": "groen-vedligehold-lejre",
        "user": "demo-mentor-groen",
        "email": "mentor@groen-vedligehold.example",
        "mentor_name": "Niels Aagaard",
        "mentor_title": "Indehaver",
        "company": "Grøn Vedligehold Lejre ApS",
        "municipality": LEJRE,
        "municipalities": [LEJRE, ROSKILDE],
        "headline": "Offentlige udbud og kunder i kommunen",
        "description": (
            "Eksempel: Vi har vundet udbud om grøn vedligeholdelse hos flere kommuner. Jeg viser, "
            "hvordan man læser et udbud, regner en pris og skriver et tilbud, og hvordan en lille "
            "virksomhed vokser med offentlige kunder."
        ),
        "expertise": ["offentlige-udbud", "forretningsudvikling"],
        "sectors": ["green", "services"],
        "capacity": 1,
        "formats": {"format_meetings": True, "format_phone": True, "format_on_site": True},
        "duration_months": 4,
        "published": (2026, 8, 17, 10, 0),
        "last_active": (2026, 11, 12, 15, 30),
    },
]

#: Requests: `enterprise` by slug, `mentee_user` a demo log-in (else the mentee has none and is
#: reached at the enterprise's address), `contact` the contact person's demo log-in, and the
#: match, if any, with its timeline.
REQUESTS = [
    {
        "municipality": ROSKILDE,
        "enterprise": "insp-mad",
        "mentee_user": "demo-virksomhed",
        "mentee_name": "Demo Virksomhed",
        "mentee_email": "demo-virksomhed@indgangen.example",
        "contact": "demo-roskilde",
        "created": (2026, 2, 2, 10, 0),
        "needs": ["koekken-og-produktion", "menu-og-sortiment", "ledelse", "forretningsudvikling"],
        "sector": "food",
        "goals": (
            "Faste køkkenrutiner, et menukort som caféen og cateringen kan bære, og en klar "
            "køkkenledelse, så vi kan tage imod flere borgere i køkkenet."
        ),
        "description": "Vi er i opstartsfasen og driver café og catering i Roskilde.",
        "status": "closed",
        "match": {
            "offer": "restaurant-mumm",
            "origin": "staff",
            "message": "INSP! Mad har brug for hjælp til køkkenet i opstarten. Vil du være mentor?",
            "status": "completed",
            "proposed": (2026, 2, 3, 9, 0),
            "answered": (2026, 2, 5, 14, 0),
            "started": (2026, 2, 16, 10, 0),
            "check_in_due": (2026, 8, 16),
            "check_in_sent": (2026, 8, 17, 7, 0),
            "ended": (2026, 8, 20, 12, 0),
            "events": [
                # (kind, side, from, to, moment, text)
                ("status", "staff", "", "proposed", (2026, 2, 3, 9, 0), ""),
                ("status", "mentor", "proposed", "accepted", (2026, 2, 5, 14, 0), ""),
                ("status", "mentor", "accepted", "active", (2026, 2, 16, 10, 0), ""),
                ("check_in", "", "", "", (2026, 8, 17, 7, 0), ""),
                ("check_in_answer", "mentee", "", "", (2026, 8, 20, 12, 0), "Vi er færdige"),
                ("status", "mentee", "active", "completed", (2026, 8, 20, 12, 0), ""),
            ],
            "check_in_answer": ("mentee", "completed", (2026, 8, 20, 12, 0)),
            "feedback": [
                (
                    "mentor",
                    5,
                    "Et engageret køkken. På et halvt år fik de faste rutiner og et menukort, der passer "
                    "til holdet.",
                    (2026, 8, 21, 9, 0),
                ),
                (
                    "mentee",
                    5,
                    "Vi lærte at planlægge køkkenet fra indkøb til opvask, og menukortet er nu vores "
                    "eget. Køkkenlederen har fået ro på.",
                    (2026, 8, 24, 15, 0),
                ),
            ],
        },
    },
    {
        "municipality": SLAGELSE,
        "enterprise": "legehytten",
        "mentee_name": "Legehytten",
        "mentee_email": "kontakt@legehytten.example",
        "contact": "demo-slagelse",
        "created": (2026, 9, 1, 9, 0),
        "needs": ["koekken-og-produktion", "hr-og-inklusion"],
        "sector": "manufacturing",
        "goals": "Arbejdsgange i værkstedet, så medarbejdere i fleksjob kan tage flere opgaver.",
        "description": "Legehytten er ved at blive en socialøkonomisk virksomhed.",
        "status": "matched",
        "match": {
            "offer": "trykkeriet-sydvest",
            "origin": "staff",
            "message": "Legehytten vil gerne lære af jeres erfaring med medarbejdere på særlige vilkår.",
            "status": "active",
            "proposed": (2026, 9, 2, 10, 0),
            "answered": (2026, 9, 4, 13, 0),
            "started": (2026, 9, 15, 9, 0),
            "check_in_due": (2027, 3, 15),
            "events": [
                ("status", "staff", "", "proposed", (2026, 9, 2, 10, 0), ""),
                ("status", "mentor", "proposed", "accepted", (2026, 9, 4, 13, 0), ""),
                ("status", "mentee", "accepted", "active", (2026, 9, 15, 9, 0), ""),
            ],
        },
    },
    {
        "municipality": SLAGELSE,
        "enterprise": "musholm",
        "mentee_name": "Musholm",
        "mentee_email": "kontakt@musholm.example",
        "contact": "demo-slagelse",
        "created": (2026, 11, 20, 11, 0),
        "needs": ["salg-og-markedsfoering", "it-og-digitalisering"],
        "sector": "tourism",
        "goals": "Flere gæster uden for sæsonen, og en hjemmeside hvor man kan booke.",
        "description": "",
        "status": "open",
    },
    {
        "municipality": LEJRE,
        "enterprise": "produktionsskolen-grennesminde",
        "mentee_name": "Produktionsskolen Grennesminde",
        "mentee_email": "kontakt@grennesminde.example",
        "contact": "demo-lejre",
        "created": (2026, 11, 25, 13, 0),
        "needs": ["offentlige-udbud", "bogfoering-og-oekonomi"],
        "sector": "green",
        "goals": "Byde på kommunens udbud om grøn vedligeholdelse og regne prisen rigtigt.",
        "description": "",
        "status": "open",
    },
]
