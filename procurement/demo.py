"""Procurement's demo data for `manage.py load_demo`: notices drawn from the seeds.

Seed 000 item 5 asks companies to offer side production and subcontracting ("virksomhed i
virksomheden"): bookkeeping, invoicing and debtor management, picking, packing and shipping. Seed
002 (Roskilde) asks the municipality to tell social-economy enterprises about its tenders, to split
purchases into smaller contracts and to weigh social considerations; seed 003 (Slagelse) names
voluntary purchase agreements with social-economy enterprises and 30 flex jobs to create.

Everything else is invented: every notice is saved with `is_example=True` and says "Eksempel:" in
its description, addresses use the reserved `.example` domain, and the two companies and their CVR
numbers are made up (eight digits from 9905001 upwards with the check digit of the CVR rule, so
they pass validation and are nobody's number; the registry's demo enterprises use 99000015 up).

Dates are relative to the day of loading, so the open notices stay open: `*_in_days` count days
from today in Copenhagen, at the hour given. Plain data only: procurement/demo_loader.py loads it.
"""

#: Each notice: Notice fields, with `municipality` as its code (Lejre 350, Roskilde 265, Slagelse
#: 330), `categories` as the registry's service-category slugs, `cpv_codes` as 8 digits, the
#: deadlines as days from today (`*_in_days`, at `deadline_hour` Copenhagen time), and `lots`.
NOTICES = [
    {
        # Seed 000 item 5: bookkeeping from a company, "virksomhed i virksomheden".
        "slug": "bogfoering-og-debitorstyring-for-en-maskinfabrik",
        "kind": "subcontracting",
        "municipality": "265",
        "title": "Bogføring og debitorstyring for en maskinfabrik",
        "company_name": "Eksempel: Roskilde Maskinfabrik A/S",
        "company_cvr": "99050012",
        "description": (
            "Eksempel: Vi er en maskinfabrik med 40 ansatte og søger en fast underleverandør til den "
            "løbende bogføring, fakturering og opfølgning på debitorer, cirka 15 timer om ugen. "
            "Opgaverne kan løses hos os eller hjemmefra, og vi oplærer gerne i vores system.\n\n"
            "Vi vil gerne samarbejde med en socialøkonomisk virksomhed, der giver mennesker på kanten "
            "af arbejdsmarkedet et fast og rutinepræget arbejde."
        ),
        "categories": ["bogfoering", "fakturering-og-debitorstyring"],
        "cpv_codes": ["79211100", "79211000"],
        "suitable_for_small": True,
        "estimated_value": "180000",
        "submission_in_days": 30,
        "contract_start_in_days": 60,
        "contract_end_in_days": 60 + 365,
        "contact_name": "Eksempel: Hanne Bogholder",
        "contact_email": "indkob@maskinfabrik.example",
    },
    {
        # Seed 000 item 5: picking, packing and shipping of small deliveries.
        "slug": "pluk-pak-og-forsendelse-af-reservedele",
        "kind": "subcontracting",
        "municipality": "350",
        "title": "Pluk, pak og forsendelse af reservedele",
        "company_name": "Eksempel: Lejre Cykeldele ApS",
        "company_cvr": "99050020",
        "description": (
            "Eksempel: Vores webshop sender 60-80 små pakker med cykeldele om dagen. Vi søger en "
            "underleverandør, der kan plukke, pakke og sende ordrerne fra vores lager i Hvalsø på "
            "hverdage, med mulighed for flere pakker op til jul."
        ),
        "categories": ["pluk-pak-og-forsendelse"],
        "cpv_codes": ["79921000", "60161000"],
        "suitable_for_small": True,
        "estimated_value": "240000",
        "submission_in_days": 21,
        "contract_start_in_days": 45,
        "contract_end_in_days": 45 + 2 * 365,
        "contact_name": "Eksempel: Jonas Lager",
        "contact_email": "lager@cykeldele.example",
    },
    {
        # Seed 002: quality and social considerations weighed in a municipal tender.
        "slug": "frokostordning-paa-roskildes-dagtilbud",
        "kind": "tender",
        "municipality": "265",
        "department": "Dagtilbud og Skole",
        "title": "Frokostordning på Roskildes dagtilbud",
        "description": (
            "Eksempel: Roskilde Kommune udbyder levering af sund frokost til seks dagtilbud, cirka 350 "
            "børn, alle hverdage. Maden skal være økologisk og tilberedt samme dag. Kvalitet og de "
            "sociale forpligtelser vægter tilsammen 60 procent ved tildelingen."
        ),
        "categories": ["catering-og-cafe"],
        "cpv_codes": ["55520000", "55523100"],
        "procedure": "below_threshold",
        "social_objective": True,
        "social_objectives": ["opp"],
        "social_clauses": (
            "Leverandøren ansætter mindst to personer i fleksjob eller på andre særlige vilkår i hele "
            "kontraktens løbetid og tilbyder én elevplads."
        ),
        "suitable_for_small": True,
        "estimated_value": "1400000",
        "questions_in_days": 14,
        "submission_in_days": 28,
        "contract_start_in_days": 90,
        "contract_end_in_days": 90 + 2 * 365,
        "not_split_reason": (
            "Eksempel: Seks dagtilbud i samme område er én overskuelig opgave for et lille køkken; "
            "delt i mindre dele ville hver del være for lille til at bære en fast ansættelse."
        ),
        "contact_name": "Eksempel: Lone Indkøb",
        "contact_email": "indkob@roskilde.example",
    },
    {
        # Seeds 002 and 003: smaller contracts, reserved for sheltered workshops (art. 20).
        "slug": "groen-pleje-af-slagelses-arealer-i-tre-delaftaler",
        "kind": "tender",
        "municipality": "330",
        "department": "Vej og Park",
        "title": "Grøn pleje af Slagelses arealer i tre delaftaler",
        "description": (
            "Eksempel: Slagelse Kommune udbyder græsslåning, hækklipning, lugning og renholdelse af "
            "parker og grønne arealer i tre områder. Udbuddet er forbeholdt beskyttede værksteder og "
            "virksomheder, der integrerer personer med handicap eller udsatte personer "
            "(udbudslovens § 20), og er delt i områder, så et mindre hold kan byde på ét."
        ),
        "categories": ["groen-pleje"],
        "cpv_codes": ["77310000"],
        "procedure": "open",
        "reserved_participation": "res-ws",
        "reserved_execution": True,
        "social_objective": True,
        "social_objectives": ["opp"],
        "suitable_for_small": True,
        "estimated_value": "1500000",
        "questions_in_days": 10,
        "submission_in_days": 24,
        "contract_start_in_days": 100,
        "contract_end_in_days": 100 + 3 * 365,
        "contact_name": "Eksempel: Peter Park",
        "contact_email": "vejogpark@slagelse.example",
        "lots": [
            {
                "number": 1,
                "title": "Slagelse by",
                "description": "Eksempel: Parkerne og de grønne arealer i Slagelse by.",
                "estimated_value": "600000",
                "categories": ["groen-pleje"],
                "cpv_codes": ["77313000"],
                "reserved_participation": "res-ws",
            },
            {
                "number": 2,
                "title": "Korsør",
                "description": "Eksempel: Grønne arealer og stier i Korsør og ved Korsør Nor.",
                "estimated_value": "500000",
                "categories": ["groen-pleje"],
                "cpv_codes": ["77314000"],
                "reserved_participation": "res-ws",
            },
            {
                "number": 3,
                "title": "Skælskør",
                "description": "Eksempel: Anlæggene i Skælskør og de mindre byer omkring.",
                "estimated_value": "400000",
                "categories": ["groen-pleje"],
                "cpv_codes": ["77314000"],
                "reserved_participation": "res-ws",
            },
        ],
    },
    {
        # A "kommende udbud" of the procurement plan: the market hears of it months ahead.
        "slug": "kommende-udbud-rengoering-af-lejres-daginstitutioner",
        "kind": "planned",
        "stage": "planned",
        "municipality": "350",
        "department": "Ejendomme",
        "title": "Kommende udbud: rengøring af Lejres daginstitutioner",
        "description": (
            "Eksempel: Lejre Kommune planlægger at udbyde den daglige rengøring af kommunens "
            "daginstitutioner i foråret. Vi holder et dialogmøde for interesserede virksomheder, også "
            "små og socialøkonomiske, inden udbudsmaterialet er færdigt; marker interesse for at høre "
            "om det."
        ),
        "categories": ["rengoering"],
        "cpv_codes": ["90910000", "90911200"],
        "procedure": "open",
        "suitable_for_small": True,
        "estimated_value": "2000000",
        "submission_in_days": 120,
        "contact_name": "Eksempel: Karin Ejendom",
        "contact_email": "ejendomme@lejre.example",
    },
    {
        # An award whose social clause was followed up: seed 003's flex jobs, made visible.
        "slug": "pleje-af-udearealerne-ved-lejre-raadhus",
        "kind": "tender",
        "stage": "awarded",
        "municipality": "350",
        "department": "Ejendomme",
        "title": "Pleje af udearealerne ved Lejre Rådhus",
        "description": (
            "Eksempel: Græsslåning, beskæring og vinterpleje af udearealerne ved rådhuset i Allerslev, to år."
        ),
        "categories": ["groen-pleje"],
        "cpv_codes": ["77314000"],
        "procedure": "below_threshold",
        "social_objective": True,
        "social_objectives": ["opp"],
        "social_clauses": "Leverandøren ansætter to personer i fleksjob på opgaven.",
        "suitable_for_small": True,
        "estimated_value": "300000",
        "questions_in_days": -120,
        "submission_in_days": -100,
        "published_in_days": -140,
        "contract_start_in_days": -60,
        "contract_end_in_days": -60 + 2 * 365,
        "not_split_reason": "Eksempel: Ét rådhus, én opgave.",
        "contact_name": "Eksempel: Karin Ejendom",
        "contact_email": "ejendomme@lejre.example",
    },
]

#: Awards by notice slug: the winner is a registry enterprise, found by its slug.
AWARDS = {
    "pleje-af-udearealerne-ved-lejre-raadhus": {
        "enterprise": "produktionsskolen-grennesminde",
        "value": "285000",
        "awarded_in_days": -80,
        "follow_ups": [
            {
                "period_end_in_days": -1,
                "promised": "To personer i fleksjob på opgaven.",
                "positions_promised": 2,
                "positions_filled": 2,
                "report": (
                    "Eksempel: To borgere fra Lejre er ansat i fleksjob på 15 timer om ugen og arbejder "
                    "på rådhusets udearealer med en fast arbejdsleder."
                ),
                # Confirmed by Lejre's demo contact person.
                "confirmed_by": "demo-lejre",
            }
        ],
    },
}

#: The demo representative's enterprise (INSP! Mad) marks interest in Roskilde's lunch tender.
INTERESTS = [
    {
        "notice": "frokostordning-paa-roskildes-dagtilbud",
        "enterprise": "insp-mad",
        "user": "demo-virksomhed",
        "message": (
            "Eksempel: Vi laver allerede frokost til to børnehuser og kan tage flere; vi har i dag to "
            "medarbejdere i fleksjob i køkkenet."
        ),
        "share_profile": True,
    },
]
