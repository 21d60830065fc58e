"""The events of the demo, from the seeds.

Seed 002 (Roskilde): an annual theme and development day on social economy, run by the
social-economy stakeholders and supported by the municipality, and workshops for entrepreneurs on
their shared challenges; seed 000 (Lejre) names Det Sociale Vækstprogram; seed 003 (Slagelse):
the start of a network for local social-economy enterprises. Times are Copenhagen time.
"""

from events.models import Event

EVENTS = [
    {
        "slug": "temadag-socialoekonomi-roskilde-2027",
        "municipality": "265",
        "co_hosts": [],
        "kind": Event.Kind.THEME_DAY,
        "title": "Temadag om socialøkonomi 2027",
        "summary": "Den årlige tema- og udviklingsdag: videndeling mellem erhvervsliv, foreningsliv, "
        "kommune og borgere.",
        "description": "Temadagen drives af de socialøkonomiske interessenter og understøttes af Roskilde "
        "Kommune. Dagen samler socialøkonomiske virksomheder, iværksættere, foreninger, virksomheder og "
        "kommunens medarbejdere om inspiration og fortsat udvikling.",
        "programme": "09.00 Morgenmad og velkomst\n09.30 Socialøkonomi i Roskilde: hvor står vi?\n"
        "10.30 Erfaringer fra INSP! Mad og Restaurant Mumm: mentorordningen\n12.00 Frokost\n"
        "13.00 Workshops: partnerskaber, udbud og finansiering\n15.00 Opsamling og tak for i dag",
        "target_audience": "Socialøkonomiske virksomheder, iværksættere, foreninger, erhvervsliv og borgere",
        "place_name": "Roskilde Rådhus",
        "address": "Rådhusbuen 1, 4000 Roskilde",
        "starts": (2027, 5, 20, 9, 0),
        "ends": (2027, 5, 20, 15, 30),
        "deadline": (2027, 5, 13, 12, 0),
        "capacity": 120,
        "organiser": "De socialøkonomiske interessenter, støttet af Roskilde Kommune",
        "contact_name": "Erhvervsservice, Roskilde Kommune",
        "contact_email": "erhverv@roskilde.dk",
        "registrations": 14,
    },
    {
        "slug": "workshop-finansiering-2027",
        "municipality": "265",
        "co_hosts": ["350"],
        "kind": Event.Kind.WORKSHOP,
        "title": "Workshop: Finansiering af din socialøkonomiske virksomhed",
        "summary": "Lån, investering og sparring: Den Sociale Kapitalfond og Det Sociale Vækstprogram "
        "fortæller, hvad de kan, og hvad de kræver.",
        "description": "En workshop for socialøkonomiske iværksættere og virksomheder om en af de fælles "
        "udfordringer: kapital. Vi gennemgår, hvordan Den Sociale Kapitalfond investerer, hvad Det Sociale "
        "Vækstprogram giver af støtte og sparring, og hvordan man gør sin forretningsplan klar. Holdes "
        "sammen med Lejre Kommune, der har deltaget i Det Sociale Vækstprogram.",
        "programme": "13.00 Velkommen\n13.15 Den Sociale Kapitalfond: investering med social effekt\n"
        "14.00 Det Sociale Vækstprogram: erfaringer fra Lejre\n14.45 Kaffe\n"
        "15.00 Arbejd med din egen finansieringsplan\n16.00 Tak for i dag",
        "target_audience": "Socialøkonomiske iværksættere og virksomheder i Roskilde og Lejre",
        "place_name": "Roskilde Bibliotek",
        "address": "Dronning Margrethes Vej 14, 4000 Roskilde",
        "starts": (2027, 2, 24, 13, 0),
        "ends": (2027, 2, 24, 16, 0),
        "deadline": (2027, 2, 19, 12, 0),
        "capacity": 12,
        "organiser": "Roskilde Kommune og Lejre Kommune",
        "contact_name": "Erhvervsservice, Roskilde Kommune",
        "contact_email": "erhverv@roskilde.dk",
        # Full, with two on the waiting list: the admin's waiting list shows in the demo.
        "registrations": 14,
    },
    {
        "slug": "netvaerk-socialoekonomi-slagelse-opstart",
        "municipality": "330",
        "co_hosts": [],
        "kind": Event.Kind.NETWORK,
        "title": "Netværk for lokale socialøkonomiske virksomheder: opstartsmøde",
        "summary": "Vi starter et netværk for socialøkonomiske virksomheder i Slagelse Kommune. Kom og "
        "vær med til at forme det.",
        "description": "Slagelse Kommune vil styrke socialøkonomien lokalt, blandt andet ved at starte et "
        "netværk for de lokale socialøkonomiske virksomheder. På første møde taler vi om, hvad netværket "
        "skal kunne, hvor ofte vi mødes, og hvem der holder i det.",
        "programme": "16.00 Velkommen og præsentationsrunde\n16.30 Hvad skal netværket kunne?\n"
        "17.15 Aftaler om de næste møder\n18.00 Slut",
        "target_audience": "Socialøkonomiske virksomheder i Slagelse Kommune",
        "place_name": "Slagelse Rådhus",
        "address": "Rådhuspladsen 11, 4200 Slagelse",
        "starts": (2027, 1, 27, 16, 0),
        "ends": (2027, 1, 27, 18, 0),
        "deadline": (2027, 1, 22, 12, 0),
        "capacity": 40,
        "organiser": "Slagelse Kommune",
        "contact_name": "Erhverv og Beskæftigelse, Slagelse Kommune",
        "contact_email": "erhverv@slagelse.dk",
        "registrations": 6,
    },
    {
        "slug": "informationsmoede-lejre-start-socialoekonomisk",
        "municipality": "350",
        "co_hosts": [],
        "kind": Event.Kind.INFORMATION,
        "title": "Informationsmøde online: Sådan starter du en socialøkonomisk virksomhed",
        "summary": "En time om idé, selskabsform, RSV-registrering og den hjælp, Lejre Kommune giver, "
        "når du vil i gang.",
        "description": "Et kort møde på nettet for dig, der går med en idé. Du får overblik over de første "
        "skridt og kan stille spørgsmål til en erhvervskonsulent.",
        "programme": "",
        "target_audience": "Iværksættere med en socialøkonomisk idé",
        "place_name": "",
        "address": "",
        "online_url": "https://moede.example.dk/lejre-socialoekonomi",
        "starts": (2027, 3, 10, 16, 30),
        "ends": (2027, 3, 10, 17, 30),
        "deadline": None,
        "capacity": None,
        "organiser": "Lejre Kommune",
        "contact_name": "Erhvervskontakten, Lejre Kommune",
        "contact_email": "erhverv@lejre.dk",
        "registrations": 3,
    },
    {
        "slug": "temadag-socialoekonomi-roskilde-2026",
        "municipality": "265",
        "co_hosts": [],
        "kind": Event.Kind.THEME_DAY,
        "title": "Temadag om socialøkonomi 2026",
        "summary": "Sidste års tema- og udviklingsdag om socialøkonomi i Roskilde.",
        "description": "Temadagen blev drevet af de socialøkonomiske interessenter og støttet af Roskilde "
        "Kommune.",
        "programme": "",
        "target_audience": "Socialøkonomiske virksomheder, iværksættere, foreninger, erhvervsliv og borgere",
        "place_name": "Roskilde Rådhus",
        "address": "Rådhusbuen 1, 4000 Roskilde",
        "starts": (2026, 5, 21, 9, 0),
        "ends": (2026, 5, 21, 15, 0),
        "deadline": (2026, 5, 14, 12, 0),
        "capacity": 100,
        "organiser": "De socialøkonomiske interessenter, støttet af Roskilde Kommune",
        "contact_name": "Erhvervsservice, Roskilde Kommune",
        "contact_email": "erhverv@roskilde.dk",
        "outcome": "87 deltog. Dagen gav tre nye samarbejder mellem socialøkonomiske virksomheder og "
        "lokale erhvervsdrivende, og ønsket om en mentorordning under erhvervsFORUM Roskilde.",
        "registrations": 8,
        "attended": 7,
    },
]
