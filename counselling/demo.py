"""Demo cases and settings for `manage.py load_demo`: the startup help the seed documents describe.

Seed 003 (Slagelse): a branch of Blindes Arbejde opens in the municipality on 6 May; Musholm
Bugt is including more social-economy elements in its business and Legehytten is hiring
vulnerable citizens; 8–9 other initiatives get dialogue and support but are not published, out
of regard for the enterprises' strategy (here: a confidential case). Seed 000 (Lejre): help to
start a social-economy enterprise, and the spin-off (afknopning) of activities in three
institutions under the Senior- og Socialforvaltning. Seed 002 (Roskilde): qualified guidance and
1:1 advice, and mentoring as INSP! Mad got from Restaurant Mumm.

The applicants are invented: every name starts with "Eksempel:" and every address uses the
reserved `.example` domain. Each case is found again by its applicant's address, so loading twice
changes nothing.
"""

# Each demo municipality's counselling settings, by its code: the case prefix and the response
# time in working days.
SETTINGS = {
    "350": {"case_prefix": "LEJ", "response_days": 5},
    "265": {"case_prefix": "ROS", "response_days": 3},
    "330": {"case_prefix": "SLA", "response_days": 5},
    "849": {"case_prefix": "JAM", "response_days": 5},
}

# Each demo municipality's standard replies, by its code: (title, text).
REPLY_TEMPLATES = {
    "350": [
        (
            "Tak for henvendelsen",
            "Tak for din henvendelse om at starte en socialøkonomisk virksomhed i Lejre Kommune. "
            "Vi ringer til dig inden for fem arbejdsdage for at aftale et første møde.",
        ),
        (
            "Forslag til møde",
            "Vi vil gerne mødes med dig på rådhuset i Allerslev. Skriv, hvilke af disse tider der "
            "passer dig, så sender vi en mødeindkaldelse.",
        ),
    ],
    "265": [
        (
            "Tak for henvendelsen",
            "Tak for din henvendelse. En erhvervskonsulent i Roskilde Kommune kontakter dig inden "
            "for tre arbejdsdage.",
        ),
    ],
}

# Each case: the municipality's code, the intake fields, then what happened: `status`,
# `assignee` (a demo log-in), `confidential`, `enterprise` (a demo enterprise's slug), `days_ago`
# (when it came in) and `timeline`: (kind, text, extra) tuples after the receipt.
CASES = [
    {
        "municipality": "330",
        "applicant_name": "Eksempel: Projektleder, Blindes Arbejde",
        "applicant_email": "filial@blindes-arbejde.example",
        "organisation": "Blindes Arbejde",
        "kind": "branch",
        "stage": "established",
        "description": (
            "Blindes Arbejde vil åbne en filial i Slagelse Kommune. Vi ønsker hjælp til lokaler, "
            "kontakt til Jobcentret om ansættelse af medarbejdere med synshandicap i fleksjob og til "
            "åbningen den 6. maj, hvor borgmesteren forhåbentlig vil deltage."
        ),
        "needs": ["premises", "special_terms", "partnership"],
        "preferred_contact": "meeting",
        "status": "in_progress",
        "assignee": "demo-slagelse",
        "enterprise": "blindes-arbejde-slagelse",
        "days_ago": 40,
        "timeline": [
            ("status", "", {"from_status": "new", "to_status": "triage"}),
            ("status", "", {"from_status": "triage", "to_status": "in_progress"}),
            ("note", "Møde holdt på rådhuset. Borgmesterens kalender for 6. maj er forespurgt.", {}),
            ("referral", "Jobcentret kontakter filialen om fleksjob.", {"partner": "jobcenter"}),
            (
                "message_out",
                "Tak for mødet. Jobcentret kontakter jer i næste uge om fleksjob, og vi vender tilbage om "
                "borgmesterens deltagelse i åbningen.",
                {},
            ),
        ],
    },
    {
        "municipality": "330",
        "applicant_name": "Eksempel: Ejer, Musholm Bugt",
        "applicant_email": "omstilling@musholm.example",
        "organisation": "Musholm Bugt",
        "kind": "conversion",
        "stage": "established",
        "description": (
            "Vi er i gang med at inkludere flere socialøkonomiske elementer i vores drift og vil gerne høre "
            "om RSV-registrering og om at ansætte borgere på særlige vilkår."
        ),
        "needs": ["legal_form", "special_terms"],
        "preferred_contact": "phone",
        "status": "waiting",
        "assignee": "demo-slagelse",
        "days_ago": 21,
        "timeline": [
            ("status", "", {"from_status": "new", "to_status": "triage"}),
            ("status", "", {"from_status": "triage", "to_status": "in_progress"}),
            (
                "message_out",
                "Vil I sende jeres vedtægter? Så gennemgår vi dem sammen med kriterierne for RSV.",
                {},
            ),
            ("status", "", {"from_status": "in_progress", "to_status": "waiting"}),
        ],
    },
    {
        "municipality": "330",
        "applicant_name": "Eksempel: Daglig leder, Legehytten",
        "applicant_email": "job@legehytten.example",
        "organisation": "Legehytten",
        "kind": "conversion",
        "stage": "established",
        "description": "Vi vil ansætte udsatte borgere og har brug for at vide, hvilke ordninger der findes.",
        "needs": ["special_terms", "funding"],
        "preferred_contact": "email",
        "status": "triage",
        "assignee": "demo-slagelse",
        "days_ago": 3,
        "timeline": [("status", "", {"from_status": "new", "to_status": "triage"})],
    },
    {
        "municipality": "330",
        "applicant_name": "Eksempel: Iværksætter (fortroligt initiativ)",
        "applicant_email": "fortroligt@initiativ.example",
        "organisation": "",
        "kind": "new_enterprise",
        "stage": "planning",
        "description": (
            "Et initiativ, der endnu ikke er offentligt af hensyn til virksomhedens strategiske arbejde. "
            "Vi ønsker sparring om forretningsplan og finansiering."
        ),
        "needs": ["business_plan", "funding"],
        "preferred_contact": "meeting",
        "status": "in_progress",
        "assignee": "demo-slagelse",
        "confidential": True,
        "days_ago": 12,
        "timeline": [
            ("status", "", {"from_status": "new", "to_status": "triage"}),
            ("confidential", "confidential", {}),
            ("status", "", {"from_status": "triage", "to_status": "in_progress"}),
        ],
    },
    {
        "municipality": "350",
        "applicant_name": "Eksempel: Leder, dagtilbud under Senior- og Socialforvaltningen",
        "applicant_email": "afknopning@lejre.example",
        "organisation": "Senior- og Socialforvaltningen, Lejre Kommune",
        "kind": "spin_off",
        "stage": "planning",
        "description": (
            "Vores værksted har i forvejen produktion og afsætning. Vi vil afklare, om aktiviteterne kan "
            "drives videre på privatretligt grundlag som socialøkonomisk virksomhed – ikke for at spare, "
            "men for at få friere rammer for produktion, afsætning og samarbejde med private."
        ),
        "needs": ["legal_form", "partnership", "business_plan"],
        "preferred_contact": "meeting",
        "status": "triage",
        "assignee": "demo-lejre",
        "days_ago": 6,
        "timeline": [
            ("status", "", {"from_status": "new", "to_status": "triage"}),
            # An answer nobody has read yet: the queue marks the case "Nyt svar".
            ("message_in", "Ledelsen bakker nu op om at gå videre. Kan vi mødes i næste uge?", {}),
        ],
    },
    {
        "municipality": "350",
        "applicant_name": "Eksempel: Iværksætter i Hvalsø",
        "applicant_email": "oekologisk-cafe@hvalsoe.example",
        "organisation": "",
        "kind": "new_enterprise",
        "stage": "idea",
        "description": (
            "Jeg vil starte en økologisk café i Hvalsø med plads til unge, der har brug for et skånejob. "
            "Hvordan kommer jeg i gang, og kan kommunen hjælpe med en partnerskabsaftale?"
        ),
        "needs": ["business_plan", "partnership", "premises"],
        "preferred_contact": "phone",
        "status": "new",
        "days_ago": 1,
        "timeline": [],
    },
    {
        "municipality": "265",
        "applicant_name": "Eksempel: Køkkenchef med en idé",
        "applicant_email": "mentor@roskilde-koekken.example",
        "organisation": "",
        "kind": "new_enterprise",
        "stage": "planning",
        "description": (
            "Jeg vil åbne et køkken, der oplærer mennesker på kanten af arbejdsmarkedet, og vil gerne have "
            "en mentor, som INSP! Mad fik hos Restaurant Mumm."
        ),
        "needs": ["mentor", "business_plan"],
        "preferred_contact": "email",
        "status": "referred",
        "assignee": "demo-roskilde",
        "days_ago": 30,
        "timeline": [
            ("status", "", {"from_status": "new", "to_status": "triage"}),
            (
                "referral",
                "Erhvervshuset tilbyder 1:1-rådgivning og mentorordningen.",
                {"partner": "business_house"},
            ),
            (
                "status",
                "Henvist til Erhvervshus Sjælland.",
                {"from_status": "triage", "to_status": "referred"},
            ),
        ],
    },
    {
        "municipality": "849",
        "applicant_name": "Eksempel: Forening i Aabybro",
        "applicant_email": "forening@aabybro.example",
        "organisation": "Eksempel: Genbrug og Værksted Aabybro",
        "kind": "conversion",
        "stage": "started",
        "description": (
            "Vi vil gerne indgå en partnerskabsaftale med kommunen om pladser til borgere i løntilskud."
        ),
        "needs": ["partnership", "special_terms", "public_sales"],
        "preferred_contact": "meeting",
        "status": "in_progress",
        "assignee": "demo-jammerbugt",
        "days_ago": 9,
        "timeline": [
            ("status", "", {"from_status": "new", "to_status": "triage"}),
            ("status", "", {"from_status": "triage", "to_status": "in_progress"}),
        ],
    },
]
