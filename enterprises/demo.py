"""The registry's demo data for `manage.py load_demo`: the enterprises the seed documents name.

Seed 002 (Roskilde): INSP! Mad got mentoring from Restaurant Mumm when it started, and the
Jobcenter bought an upskilling programme for women there in 2012; the Jobcenter buys
clarification programmes from BOMI and single places from Produktionsskolen Grennesminde,
Telehandelshuset and Specialisterne, where citizens have also been hired in flex jobs. Seed 003
(Slagelse): a branch of Blindes Arbejde opens on 6 May; Musholm and Legehytten are converting
into social-economy enterprises. Seed 004: tell "other actors" (BOMI here) apart.

Everything else is invented to show the registry: every profile is saved with
`is_example=True`, figures and details we made up are marked "Eksempel:" in the text, email
addresses use the reserved `.example` domain, and no website or phone number is given. The CVR
numbers are made up too: eight digits from 9900001 upwards with the check digit computed by the
CVR rule (weights 2, 7, 6, 5, 4, 3, 2, 1; the sum divisible by 11), so they pass validation but
are not the numbers of the real companies.

Plain data only: enterprises/demo_loader.py loads it.
"""

import datetime

#: The demo log-in of an enterprise representative (not staff), representative of INSP! Mad.
REPRESENTATIVE = {
    "username": "demo-virksomhed",
    "first_name": "Demo",
    "last_name": "Virksomhed",
    "email": "demo-virksomhed@indgangen.example",
}
REPRESENTS = "insp-mad"

ALL_CRITERIA = {
    "criterion_social_purpose": True,
    "criterion_substantial_trading": True,
    "criterion_independent": True,
    "criterion_inclusive_governance": True,
    "criterion_social_profit": True,
}

# Each enterprise: Enterprise fields, with `home` and `serves` as municipality codes (Lejre 350,
# Roskilde 265, Slagelse 330, Jammerbugt 849) and `services`/`target_groups` as vocabulary slugs
# (enterprises/migrations/0002_vocabularies.py). The classification is derived from the inputs.
ENTERPRISES = [
    {
        "slug": "insp-mad",
        "name": "INSP! Mad",
        "cvr": "99000015",
        "legal_form": "association",
        "home": "265",
        "serves": ["265", "350"],
        "address": "Eksempel: Bygaden 1, 4000 Roskilde",
        "email": "mad@insp.example",
        "summary": (
            "Café og catering i Roskilde, hvor mennesker på kanten af arbejdsmarkedet lærer et køkkenfag."
        ),
        "description": (
            "INSP! Mad driver café og catering og tager imod borgere, der skal (gen)finde fodfæstet på "
            "arbejdsmarkedet. Da køkkenet startede, fik det mentorstøtte fra Restaurant Mumm til "
            "køkkenrutiner, menukort, køkkenledelse og forretningsudvikling. I 2012 indgik Jobcenter "
            "Roskilde en aftale med INSP! Mad om et opkvalificeringsforløb for kvinder.\n\n"
            "Eksempel: caféen serverer omkring 150 frokoster om ugen og leverer mødeforplejning til "
            "virksomheder og foreninger."
        ),
        "social_purpose": (
            "At give mennesker, der står uden for arbejdsmarkedet, faglige, sociale og personlige "
            "kompetencer gennem rigtigt arbejde i et køkken."
        ),
        "sector": "food",
        "services": ["catering-og-cafe"],
        "target_groups": ["aktivitetsparate", "udsatte-unge", "andre"],
        "employees": 14,  # Eksempel
        "positions_flexjob": 2,
        "positions_wage_subsidy": 3,
        "positions_small_jobs": 4,
        "positions_ordinary_hire": 1,
        "rsv_registered": True,
        "rsv_verified_on": datetime.date(2025, 1, 15),
        **ALL_CRITERIA,
        "employment_services_share": 20,
        "status": "published",
    },
    {
        "slug": "blindes-arbejde-slagelse",
        "name": "Blindes Arbejde, Slagelse",
        "cvr": "99000384",
        "legal_form": "self_governing",
        "home": "330",
        "serves": ["330"],
        "address": "Eksempel: Værkstedsvej 6, 4200 Slagelse",
        "email": "slagelse@blindesarbejde.example",
        "summary": (
            "Ny filial i Slagelse af Blindes Arbejde: håndværk og produktion med blinde og svagsynede."
        ),
        "description": (
            "Blindes Arbejde åbner en filial i Slagelse Kommune. Borgmesteren åbner den 6. maj.\n\n"
            "Eksempel: værkstedet laver børster, kurve og pakkeopgaver for lokale virksomheder og "
            "tager underleverancer ind."
        ),
        "social_purpose": (
            "Arbejdspladser til blinde og svagsynede, som ellers står uden for arbejdsmarkedet."
        ),
        "sector": "manufacturing",
        "services": ["haandvaerk", "pluk-pak-og-forsendelse"],
        "target_groups": ["foertidspensionister", "fleksjobbere"],
        "employees": 8,  # Eksempel
        "positions_flexjob": 3,
        "positions_small_jobs": 2,
        **ALL_CRITERIA,
        "employment_services_share": 10,
        "status": "published",
    },
    {
        "slug": "produktionsskolen-grennesminde",
        "name": "Produktionsskolen Grennesminde",
        "cvr": "99000759",
        "legal_form": "self_governing",
        "home": "350",
        "serves": ["350", "265"],
        "address": "Eksempel: Skolevej 2, 4330 Hvalsø",
        "email": "kontakt@grennesminde.example",
        "summary": "Produktionsskole med værksteder inden for grøn pleje, køkken og håndværk.",
        "description": (
            "Roskilde Kommune har købt enkeltpladser hos Produktionsskolen Grennesminde, og borgere fra "
            "Roskilde er blevet ansat i fleksjob samme sted.\n\n"
            "Eksempel: værkstederne løser grøn pleje og mindre håndværksopgaver for kommuner og "
            "grundejerforeninger."
        ),
        "social_purpose": (
            "Unge uden uddannelse får praktisk erfaring og kommer videre i job eller uddannelse."
        ),
        "sector": "green",
        "services": ["groen-pleje", "haandvaerk", "catering-og-cafe"],
        "target_groups": ["udsatte-unge", "fleksjobbere"],
        "employees": 25,  # Eksempel
        "positions_flexjob": 2,
        "positions_wage_subsidy": 1,
        "rsv_registered": True,
        "rsv_verified_on": datetime.date(2024, 11, 1),
        "employment_services_share": 35,
        "status": "published",
    },
    {
        "slug": "telehandelshuset",
        "name": "Telehandelshuset",
        "cvr": "99001127",
        "legal_form": "aps",
        "home": "849",
        "serves": ["849", "265"],
        "address": "Eksempel: Havnevej 10, 9490 Pandrup",
        "email": "kontakt@telehandelshuset.example",
        "summary": "Kundeservice, telefonsalg og administrative opgaver løst af medarbejdere i fleksjob.",
        "description": (
            "Roskilde Kommune har købt enkeltpladser hos Telehandelshuset, og borgere fra Roskilde er "
            "blevet ansat i fleksjob samme sted.\n\n"
            "Eksempel: huset løser bogføring, fakturering og debitoropfølgning som underleverandør for "
            "små og mellemstore virksomheder."
        ),
        "social_purpose": "Fleksible arbejdspladser til mennesker med nedsat arbejdsevne.",
        "sector": "services",
        "services": ["bogfoering", "fakturering-og-debitorstyring"],
        "target_groups": ["fleksjobbere", "personer-paa-ledighedsydelse"],
        "employees": 18,  # Eksempel
        "positions_flexjob": 9,
        "positions_small_jobs": 1,
        **ALL_CRITERIA,
        "employment_services_share": 25,
        "status": "published",
        # Eksempel: a change waiting for review, to show held changes in the admin's queue.
        "pending_changes": {"rsv_registered": True, "rsv_verified_on": "2025-03-01"},
    },
    {
        "slug": "specialisterne",
        "name": "Specialisterne",
        "cvr": "99001496",
        "legal_form": "aps",
        "home": "265",
        "serves": ["265", "350", "330"],
        "address": "Eksempel: Teknologivej 3, 4000 Roskilde",
        "email": "kontakt@specialisterne.example",
        "summary": "It-test, softwareservice og datakontrol udført af specialister med autisme.",
        "description": (
            "Roskilde Kommune har købt enkeltpladser hos Specialisterne, og borgere fra Roskilde er "
            "blevet ansat i fleksjob samme sted.\n\n"
            "Eksempel: konsulenterne tester software, vedligeholder hjemmesider og kontrollerer data "
            "for virksomheder i hele regionen."
        ),
        "social_purpose": "Arbejde til mennesker med autisme, på deres styrker.",
        "sector": "it",
        "services": [
            "service-og-opdatering-af-software",
            "hosting-it-og-hjemmesider",
            "kontrol-og-overvaagning",
        ],
        "target_groups": ["fleksjobbere", "foertidspensionister"],
        "employees": 30,  # Eksempel
        "positions_flexjob": 6,
        "positions_ordinary_hire": 4,
        "rsv_registered": True,
        "rsv_verified_on": datetime.date(2025, 2, 10),
        **ALL_CRITERIA,
        "employment_services_share": 30,
        "status": "published",
    },
    {
        "slug": "bomi",
        "name": "BOMI",
        "cvr": "99001860",
        "legal_form": "foundation",
        "home": "265",
        "serves": ["265", "350"],
        "address": "Eksempel: Jobvej 5, 4000 Roskilde",
        "email": "kontakt@bomi.example",
        "summary": (
            "Afklaringsforløb for borgere med skader og sygdom, købt af jobcentre. Et eksempel på en "
            "anden aktør."
        ),
        "description": (
            "Jobcenter Roskilde har gennem flere år købt afklaringsforløb for forskellige målgrupper hos "
            "BOMI.\n\n"
            "Eksempel: omkring 80 % af omsætningen kommer fra salg af beskæftigelsesrettede ydelser til "
            "kommuner. Profilen viser derfor, hvordan registret skelner en \u201danden aktør\u201d fra en "
            "socialøkonomisk virksomhed, der handler på et marked."
        ),
        "social_purpose": "At afklare borgeres arbejdsevne og hjælpe dem videre mod job.",
        "sector": "care",
        "services": ["beskaeftigelses-og-afklaringsforloeb"],
        "target_groups": ["aktivitetsparate", "personer-paa-ledighedsydelse"],
        "employees": 40,  # Eksempel
        "criterion_social_purpose": True,
        "employment_services_share": 80,  # Eksempel: above half, so an "other actor" (seed 004)
        "status": "published",
    },
    {
        "slug": "musholm",
        "name": "Musholm",
        "cvr": "99002239",
        "legal_form": "as",
        "home": "330",
        "serves": ["330"],
        "address": "Eksempel: Musholmvej 1, 4220 Korsør",
        "email": "kontakt@musholm.example",
        "summary": (
            "Ferie- og konferencecenter ved Musholm Bugt, der bygger flere socialøkonomiske elementer "
            "ind i driften."
        ),
        "description": (
            "Musholm er i gang med at inkludere flere socialøkonomiske elementer i sin drift.\n\n"
            "Eksempel: hotellets køkken og rengøring tager borgere i småjob og løntilskud ind."
        ),
        "social_purpose": "",
        "sector": "tourism",
        "services": ["hoteldrift", "rengoering", "catering-og-cafe"],
        "target_groups": ["foertidspensionister", "aktivitetsparate"],
        "employees": 45,  # Eksempel
        "positions_wage_subsidy": 2,
        "positions_small_jobs": 3,
        "criterion_social_purpose": True,
        "status": "published",
    },
    {
        "slug": "legehytten",
        "name": "Legehytten",
        "cvr": "99002603",
        "legal_form": "aps",
        "home": "330",
        "serves": ["330", "265"],
        "address": "Eksempel: Tømrervej 8, 4200 Slagelse",
        "email": "kontakt@legehytten.example",
        "summary": "Bygger legehuse og udemøbler og er i gang med at ansætte udsatte borgere.",
        "description": (
            "Legehytten er i gang med at ansætte udsatte borgere.\n\n"
            "Eksempel: værkstedet bygger legehuse i genbrugstræ og tager restprodukter fra lokale "
            "tømrere."
        ),
        "social_purpose": "Eksempel: job til udsatte borgere i et rigtigt værksted.",
        "sector": "manufacturing",
        "services": ["haandvaerk", "genanvendelse-af-restprodukter-og-emballage"],
        "target_groups": ["aktivitetsparate", "andre"],
        "employees": 6,  # Eksempel
        "positions_small_jobs": 1,
        # Sent for review and not yet decided: shows the admin's queue.
        "status": "pending",
    },
]

# Published success stories: (enterprise slug, fields).
STORIES = [
    (
        "insp-mad",
        {
            "title": "Kvinder i køkkenet",
            "date": datetime.date(2012, 9, 1),
            "text": (
                "I 2012 købte Jobcenter Roskilde et opkvalificeringsforløb for kvinder i INSP! Mad. "
                "Kvinderne blev løftet både arbejdsmæssigt, socialt og personligt.\n\n"
                "Eksempel: seks af kvinderne fik bagefter arbejde eller begyndte på en uddannelse."
            ),
        },
    ),
    (
        "specialisterne",
        {
            "title": "Fra enkeltplads til fleksjob",
            "date": datetime.date(2024, 5, 1),
            "text": (
                "Roskilde Kommune købte en enkeltplads hos Specialisterne. Forløbet endte med en "
                "ansættelse i fleksjob.\n\n"
                "Eksempel: medarbejderen tester i dag software for tre faste kunder."
            ),
        },
    ),
]
