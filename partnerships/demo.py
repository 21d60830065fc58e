"""The demo agreements, from the seeds (/work/shared/seeds/):

- 004: Jammerbugt's formal partnership with social-economy enterprises that run a hotel, a grocery
  and village services in the villages, creating jobs for vulnerable citizens; followed by a group
  with the mayor as chair and representatives of the enterprises, the jobcentre and the political
  committees, meeting four times a year.
- 003: Slagelse's voluntary purchase agreements with social-economy enterprises, and the task
  force that is to bring 30 people in flex jobs into social-economy enterprises.
- 002: Roskilde's Jobcenter buys employment services: an upskilling course for women at INSP!
  Mad, clarification courses at BOMI, and single places at Produktionsskolen Grennesminde,
  Telehandelshuset and Specialisterne, where citizens have also been hired in flex jobs.

Enterprises are named by their registry slug (enterprises/demo.py); other parties are
organisations. Results are (year, quarter, count); all are confirmed. The figures are examples.
"""

JAMMERBUGT, SLAGELSE, ROSKILDE = "849", "330", "265"

AGREEMENTS = [
    {
        "slug": "jammerbugt-partnerskab-landsbyer",
        "municipality": JAMMERBUGT,
        "kind": "partnership",
        "title": "Partnerskab om job og liv i landsbyerne",
        "purpose": (
            "Jammerbugt Kommune og en række socialøkonomiske virksomheder skaber sammen job for "
            "udsatte borgere og løser opgaver i kommunens landsbyer: hoteldrift, købmandsbutik og "
            "landsbyservice. Virksomhederne bidrager til udviklingen i landsbyerne samtidig med at de "
            "skaber job."
        ),
        "tasks": (
            "Virksomhederne driver landsbyhotellet, købmandsbutikken og landsbyservicen og ansætter "
            "borgere i fleksjob, løntilskud og småjobs.\n"
            "Jobcentret visiterer borgere og følger op.\n"
            "Kommunen stiller lokaler til rådighed og følger partnerskabet i følgegruppen."
        ),
        "start": (2025, 1, 1),
        "end": (2027, 12, 31),
        "state": "active",
        "parties": [
            {
                "organisation": ("Landsbyhotellet (socialøkonomisk hoteldrift)", "other"),
                "role": "Driver hotellet",
            },
            {
                "organisation": ("Landsbykøbmanden (socialøkonomisk købmandsbutik)", "other"),
                "role": "Driver købmandsbutikken",
            },
            {
                "organisation": ("Landsbyservice (socialøkonomisk virksomhed)", "other"),
                "role": "Udfører landsbyservice",
            },
            {"organisation": ("Jobcenter Jammerbugt", "jobcenter"), "role": "Visiterer og følger op"},
        ],
        "commitments": [
            {
                "position_kind": "flexjob",
                "target": 12,
                "results": [
                    (2025, 1, 1),
                    (2025, 2, 2),
                    (2025, 3, 1),
                    (2025, 4, 2),
                    (2026, 1, 1),
                    (2026, 2, 2),
                    (2026, 3, 1),
                ],
            },
            {
                "position_kind": "small_jobs",
                "target": 20,
                "deadweight_percent": 20,
                "results": [
                    (2025, 2, 3),
                    (2025, 3, 4),
                    (2025, 4, 2),
                    (2026, 1, 3),
                    (2026, 2, 4),
                    (2026, 3, 2),
                ],
            },
        ],
        "group": {
            "name": "Følgegruppen for partnerskabet",
            "chair": "Borgmesteren",
            "meetings_per_year": 4,
            "members": [
                ("Borgmesteren", "Formand", "Jammerbugt Kommune"),
                ("Repræsentant for landsbyhotellet", "Medlem", "Landsbyhotellet"),
                ("Repræsentant for købmandsbutikken", "Medlem", "Landsbykøbmanden"),
                ("Repræsentant for landsbyservicen", "Medlem", "Landsbyservice"),
                ("Repræsentant for jobcentret", "Sekretær", "Jobcenter Jammerbugt"),
                ("Repræsentant for de politiske fagudvalg", "Medlem", "Jammerbugt Kommune"),
            ],
            "meetings": [
                {
                    "starts_at": (2026, 2, 24, 15),
                    "place": "Rådhuset, Aabybro",
                    "agenda": (
                        "1. Status på partnerskabet\n2. Resultater for 4. kvartal 2025\n3. "
                        "Udviklingsprojekter i landsbyerne"
                    ),
                    "minutes": (
                        "Følgegruppen drøftede resultaterne. Landsbyservicen udvides til to nye landsbyer."
                    ),
                    "actions": [
                        (
                            "Beskriv udvidelsen af landsbyservicen",
                            "Landsbyservice",
                            (2026, 5, 1),
                            (2026, 4, 20),
                        )
                    ],
                },
                {
                    "starts_at": (2026, 5, 19, 15),
                    "place": "Landsbyhotellet",
                    "agenda": (
                        "1. Opfølgning på handlinger\n2. Resultater for 1. kvartal 2026\n3. "
                        "Sæsonjob på hotellet"
                    ),
                    "minutes": "Hotellet tilbyder sæsonjob som småjobs. Jobcentret finder kandidater.",
                    "actions": [
                        ("Find kandidater til sæsonjob", "Jobcenter Jammerbugt", (2026, 6, 15), (2026, 6, 10))
                    ],
                },
                {
                    "starts_at": (2026, 9, 8, 15),
                    "place": "Rådhuset, Aabybro",
                    "agenda": (
                        "1. Opfølgning på handlinger\n2. Resultater for 2. kvartal 2026\n3. "
                        "Temadag om socialøkonomi"
                    ),
                    "minutes": "Temadagen holdes i november. Købmandsbutikken ønsker flere fleksjob.",
                    "actions": [("Planlæg temadagen", "Jammerbugt Kommune", (2026, 10, 15), None)],
                },
                {
                    "starts_at": (2026, 11, 24, 15),
                    "place": "Landsbykøbmanden",
                    "agenda": (
                        "1. Opfølgning på handlinger\n2. Resultater for 3. kvartal 2026\n3. Plan for 2027"
                    ),
                    "minutes": "Planen for 2027 vedtages. Temadagen flyttes til foråret.",
                    "actions": [("Udarbejd plan for 2027", "Jobcenter Jammerbugt", (2027, 1, 31), None)],
                },
            ],
        },
    },
    {
        "slug": "slagelse-taskforce-30-fleksjob",
        "municipality": SLAGELSE,
        "kind": "other",
        "title": "Taskforce for 30 fleksjob i socialøkonomiske virksomheder",
        "purpose": "En task force skal hjælpe med at skabe 30 fleksjob i socialøkonomiske virksomheder.",
        "tasks": "Jobcentret og erhvervsafdelingen finder pladser og borgere; virksomhederne ansætter.",
        "start": (2025, 1, 1),
        "end": (2027, 12, 31),
        "state": "active",
        "parties": [
            {"enterprise": "blindes-arbejde-slagelse", "role": "Ansætter i fleksjob"},
            {"organisation": ("Jobcenter Slagelse", "jobcenter"), "role": "Visiterer borgere"},
        ],
        "commitments": [
            {
                "position_kind": "flexjob",
                "target": 30,
                "enterprise": "blindes-arbejde-slagelse",
                "attribution_percent": 10,
                "results": [
                    (2025, 1, 2),
                    (2025, 2, 3),
                    (2025, 3, 2),
                    (2025, 4, 3),
                    (2026, 1, 2),
                    (2026, 2, 3),
                    (2026, 3, 2),
                ],
            },
        ],
    },
    {
        "slug": "slagelse-frivillig-indkoebsaftale",
        "municipality": SLAGELSE,
        "kind": "purchase",
        "title": "Frivillig indkøbsaftale om emballering og montage",
        "purpose": "Slagelse Kommune køber emballering og lettere montage hos en socialøkonomisk virksomhed.",
        "tasks": "Virksomheden udfører opgaverne og ansætter borgere på særlige vilkår.",
        "start": (2026, 1, 1),
        "end": (2026, 12, 31),
        "state": "active",
        "parties": [{"enterprise": "blindes-arbejde-slagelse", "role": "Leverandør"}],
        "commitments": [
            {
                "position_kind": "wage_subsidy",
                "target": 4,
                "results": [(2026, 1, 1), (2026, 2, 1), (2026, 3, 1)],
            },
        ],
    },
    {
        "slug": "roskilde-opkvalificering-insp-mad",
        "municipality": ROSKILDE,
        "kind": "employment_services",
        "title": "Opkvalificeringsforløb for kvinder i INSP! Mad",
        "purpose": "Jobcentret køber opkvalificeringsforløb for kvinder, med et klart integrationssigte.",
        "tasks": "INSP! Mad løfter kvinderne arbejdsmæssigt, socialt og personligt.",
        "start": (2026, 1, 1),
        "end": (2026, 12, 31),
        "state": "active",
        "parties": [{"enterprise": "insp-mad"}, {"organisation": ("Jobcenter Roskilde", "jobcenter")}],
        "commitments": [
            {
                "position_kind": "clarification",
                "target": 8,
                "results": [(2026, 1, 2), (2026, 2, 2), (2026, 3, 3)],
            },
        ],
    },
    {
        "slug": "roskilde-afklaringsforloeb-bomi",
        "municipality": ROSKILDE,
        "kind": "employment_services",
        "title": "Afklaringsforløb hos BOMI",
        "purpose": "Jobcentret køber afklaringsforløb for forskellige målgrupper.",
        "tasks": "",
        "start": (2025, 1, 1),
        "end": (2026, 12, 31),
        "state": "active",
        "parties": [{"enterprise": "bomi"}, {"organisation": ("Jobcenter Roskilde", "jobcenter")}],
        "commitments": [
            {
                "position_kind": "clarification",
                "target": 40,
                "results": [
                    (2025, 1, 5),
                    (2025, 2, 4),
                    (2025, 3, 5),
                    (2025, 4, 6),
                    (2026, 1, 5),
                    (2026, 2, 4),
                    (2026, 3, 5),
                ],
            },
        ],
    },
    {
        "slug": "roskilde-enkeltpladskoeb",
        "municipality": ROSKILDE,
        "kind": "employment_services",
        "title": "Enkeltpladskøb hos Grennesminde, Telehandelshuset og Specialisterne",
        "purpose": (
            "Inden for beskæftigelseslovgivningen køber jobcentret enkeltpladser "
            "hos tre socialøkonomiske virksomheder. Samme steder er borgere blevet "
            "ansat i fleksjob."
        ),
        "tasks": "",
        "start": (2025, 1, 1),
        "end": (2026, 12, 31),
        "state": "active",
        "parties": [
            {"enterprise": "produktionsskolen-grennesminde"},
            {"enterprise": "telehandelshuset"},
            {"enterprise": "specialisterne"},
            {"organisation": ("Jobcenter Roskilde", "jobcenter")},
        ],
        "commitments": [
            {
                "position_kind": "clarification",
                "target": 24,
                "results": [(2025, 2, 3), (2025, 4, 4), (2026, 1, 3), (2026, 3, 4)],
            },
            {"position_kind": "flexjob", "target": 6, "results": [(2025, 4, 1), (2026, 2, 2)]},
        ],
    },
]
