"""The demo guides: four national guides (one per topic) and one each for Roskilde and Lejre.

Bodies are Markdown, in Danish and English. Facts come from the seed documents; figures are only
those the seeds give. `municipality` is the municipality code, or None for a national guide.
"""

from textwrap import dedent


def _markdown(text):
    return dedent(text).strip()


GUIDES = [
    {
        "slug": "start-en-socialoekonomisk-virksomhed",
        "municipality": None,
        "topic": "start",
        "title": "Sådan starter du en socialøkonomisk virksomhed",
        "summary": (
            "Fra idé til drift: de første skridt, når du vil starte en virksomhed, der forener forretning "
            "med et socialt formål – og hvor kommunen kan hjælpe."
        ),
        "body": _markdown("""
            ## Hvad er en socialøkonomisk virksomhed?

            En socialøkonomisk virksomhed driver forretning på et marked – den sælger varer eller
            tjenesteydelser – og bruger sit virke og sit overskud til et socialt formål. Mange skaber
            arbejdspladser, løntimer og småjobs for borgere på kanten af arbejdsmarkedet.

            "Socialøkonomisk virksomhed" er ikke en beskyttet titel eller en særlig virksomhedsform. Kun
            betegnelsen *Registreret Socialøkonomisk Virksomhed* (RSV) er beskyttet; se vejledningen om
            registrering som RSV.

            ## De første skridt

            - **Beskriv det sociale formål.** Hvem vil du skabe værdi for, og hvordan kan man se det?
            - **Find markedet.** Hvem køber dine varer eller ydelser? En virksomhed, der næsten kun lever
              af at sælge beskæftigelsesydelser til kommuner, regnes ofte som "anden aktør" frem for
              socialøkonomisk virksomhed.
            - **Vælg virksomhedsform**, fx anpartsselskab, forening, andelsselskab eller erhvervsdrivende
              fond. Formen har betydning for ansvar, ejerskab og håndtering af overskud.
            - **Registrér virksomheden** og få et CVR-nummer på [virk.dk](https://virk.dk).
            - **Læg en plan for finansieringen**; se vejledningen om finansiering.

            ## Ansættelse af borgere på kanten af arbejdsmarkedet

            Jobcentret kan fortælle om ordninger som fleksjob, løntilskud og småjobs, og om hvordan
            virksomheden kan samarbejde med kommunen om forløb for udsatte borgere. Tag kontakt tidligt,
            så forløbene passer til virksomhedens drift.

            ## Brug kommunens indgang

            Kommunen har én indgang for socialøkonomiske iværksættere. Kontaktpersonen kan guide dig
            gennem det kommunale system, herunder jobcenter og erhvervskontor, og vejlede om ordninger
            for iværksættere. Find din kontaktperson ved at [vælge din kommune](/).
        """),
        "title_en": "How to start a social-economy enterprise",
        "summary_en": (
            "From idea to running business: the first steps when you want to start an enterprise that "
            "combines business with a social purpose – and where the municipality can help."
        ),
        "body_en": _markdown("""
            ## What is a social-economy enterprise?

            A social-economy enterprise (*socialøkonomisk virksomhed*) trades on a market – it sells
            goods or services – and uses its activities and its profit for a social purpose. Many create
            jobs, paid hours and small jobs for citizens on the edge of the labour market.

            "Social-economy enterprise" is not a protected title or a legal form of its own. Only the
            designation *Registered Social-Economy Enterprise* (RSV) is protected; see the guide on
            registration as an RSV.

            ## The first steps

            - **Describe the social purpose.** Who do you want to create value for, and how will it show?
            - **Find the market.** Who buys your goods or services? An enterprise that lives almost only
              from selling employment services to municipalities is often regarded as an "other actor"
              (*anden aktør*) rather than a social-economy enterprise.
            - **Choose a legal form**, e.g. a private limited company, an association, a co-operative or
              a commercial foundation. The form matters for liability, ownership and the use of profit.
            - **Register the enterprise** and get a CVR number at [virk.dk](https://virk.dk).
            - **Plan the funding**; see the guide on funding.

            ## Employing citizens on the edge of the labour market

            The jobcentre can tell you about schemes such as flexible jobs (*fleksjob*), wage subsidies
            and small jobs, and about how the enterprise can work with the municipality on programmes
            for vulnerable citizens. Get in touch early, so that the programmes fit the way you work.

            ## Use the municipality's entrance

            The municipality has one entrance for social-economy entrepreneurs. The contact person can
            guide you through the municipal system, including the jobcentre and the business office,
            and advise on schemes for entrepreneurs. Find your contact person by [picking your municipality](/en/).
        """),
    },
    {
        "slug": "finansiering",
        "municipality": None,
        "topic": "funding",
        "title": "Finansiering af socialøkonomiske virksomheder",
        "summary": (
            "Overblik over mulige kilder til kapital og støtte: sociale investorer og programmer, lokale "
            "puljer, erhvervsdrivende fonde og private fonde."
        ),
        "body": _markdown("""
            ## Egen omsætning først

            En socialøkonomisk virksomhed lever først og fremmest af at sælge varer og tjenesteydelser.
            Ekstern finansiering kan hjælpe med opstart, udvikling og kompetenceudvikling, men sjældent
            med den daglige drift.

            ## Sociale investorer og programmer

            - **[Den Sociale Kapitalfond](https://densocialekapitalfond.dk/)** investerer i og rådgiver socialøkonomiske virksomheder, der kan
              vokse og skabe job for udsatte grupper.
            - **Det Sociale Vækstprogram** har givet socialøkonomiske iværksættere støtte og sparring,
              blandt andet med deltagelse af kommuner som Lejre og Slagelse. Spørg din kontaktperson, om
              der aktuelt findes et tilsvarende forløb.

            ## Lokale puljer

            Nogle steder findes eller planlægges puljer uden for kommunalt regi. Roskilde Kommunes
            socialøkonomiske strategi foreslår fx en mindre socialøkonomisk pulje (i størrelsesordenen
            0,5 mio. kr.) uden kommunale midler, som kan ligge hos erhvervsFORUM Roskilde. Formålet er
            mere individuel støtte til kompetenceudvikling og til samarbejds- og udviklingsaktiviteter.

            ## Lokal erhvervsdrivende fond

            En lokal erhvervsdrivende fond kan rejse kapital til socialøkonomiske initiativer.
            Fondslovgivningen sikrer, at midlerne kun bruges efter fondens vedtægtsbestemte formål, og det
            kan gøre det lettere at få støtte fra private fonde og virksomheder. Bestyrelsen er fondens
            øverste myndighed, og efter erhvervsfondsloven er kapitalkravet 300.000 kr.

            ## Private fonde

            Mange private fonde støtter initiativer med et socialt, kulturelt eller beskæftigelsesrettet
            formål. Søg i god tid, beskriv formålet og den forventede effekt konkret, og læs fondens
            kriterier grundigt.

            ## Få hjælp

            Kontaktpersonen i din kommune kan hjælpe dig med at finde relevante puljer og fonde og med at
            forberede en ansøgning.
        """),
        "title_en": "Funding for social-economy enterprises",
        "summary_en": (
            "An overview of possible sources of capital and support: social investors and programmes, "
            "local pools, commercial foundations and private foundations."
        ),
        "body_en": _markdown("""
            ## Your own turnover first

            A social-economy enterprise lives first and foremost from selling goods and services.
            External funding can help with the start, with development and with building skills, but
            rarely with day-to-day operations.

            ## Social investors and programmes

            - **[Den Sociale Kapitalfond](https://densocialekapitalfond.dk/en/)** (the Social Capital Fund) invests in and advises social-economy
              enterprises that can grow and create jobs for vulnerable groups.
            - **Det Sociale Vækstprogram** (the Social Growth Programme) has given social-economy
              entrepreneurs support and sparring, with municipalities such as Lejre and Slagelse taking
              part. Ask your contact person whether a similar programme is running at the moment.

            ## Local pools

            In some places pools outside the municipality exist or are planned. Roskilde Municipality's
            social-economy strategy, for example, proposes a small social-economy pool (in the order of
            DKK 0.5 million) without municipal money, which could be placed with erhvervsFORUM Roskilde.
            Its purpose is more individual support for skills development and for cooperation and
            development activities.

            ## A local commercial foundation

            A local commercial foundation (*erhvervsdrivende fond*) can raise capital for social-economy
            initiatives. Foundation law ensures that the money is used only for the purpose in the
            foundation's statutes, which can make it easier to get support from private foundations and
            companies. The board is the foundation's highest authority, and under the Commercial
            Foundations Act the capital requirement is DKK 300,000.

            ## Private foundations

            Many private foundations support initiatives with a social, cultural or employment purpose.
            Apply in good time, describe the purpose and the expected effect concretely, and read the
            foundation's criteria carefully.

            ## Get help

            The contact person in your municipality can help you find relevant pools and foundations
            and prepare an application.
        """),
    },
    {
        "slug": "partnerskab-med-kommunen",
        "municipality": None,
        "topic": "partnership",
        "title": "Partnerskab med kommunen",
        "summary": (
            "Sådan kan socialøkonomiske virksomheder og kommunen arbejde sammen: partnerskabsaftaler, "
            "frivillige indkøbsaftaler, enkeltpladskøb og følgegrupper."
        ),
        "body": _markdown("""
            ## Hvorfor samarbejde?

            Socialøkonomiske virksomheder forener forretningsdrift med et socialt formål. De bidrager til
            et mere rummeligt arbejdsmarked, bedre velfærd for udsatte borgere og lokal udvikling og
            jobskabelse. Når borgere går fra offentlig forsørgelse til større grad af selvforsørgelse,
            kan samarbejdet også være en økonomisk gevinst for kommunen.

            ## Former for samarbejde

            - **Partnerskabsaftale.** En formel aftale mellem kommunen og en eller flere virksomheder om
              fælles mål, fx job for udsatte borgere. Jammerbugt Kommune har en partnerskabsaftale med en
              række socialøkonomiske virksomheder, der også løser opgaver i kommunens landsbyer, som
              hoteldrift, købmandsbutik og landsbyservice.
            - **Frivillig indkøbsaftale.** Kommunen aftaler at købe varer eller ydelser hos
              socialøkonomiske virksomheder inden for reglerne for offentlige indkøb, som Slagelse
              Kommune gør.
            - **Enkeltpladskøb.** Jobcentret køber en plads til en enkelt borger, fx et afklarings- eller
              opkvalificeringsforløb, inden for rammerne af beskæftigelseslovgivningen.

            ## Følgegruppe

            Et partnerskab kan forankres i en følgegruppe. I Jammerbugt sidder borgmesteren for
            bordenden sammen med repræsentanter fra virksomhederne, jobcentret og de politiske
            fagudvalg. Følgegruppen mødes fire gange om året og drøfter udviklingsprojekter og
            initiativer på det socialøkonomiske område.

            ## Socialøkonomisk virksomhed eller "anden aktør"?

            Socialøkonomisk virksomhed er ikke en beskyttet titel, og alle kan kalde sig socialøkonomisk.
            Kommunen skelner derfor mellem:

            - **socialøkonomiske virksomheder**, der har en erhvervsmæssig produktion af varer og
              tjenesteydelser på et marked og skaber reelle arbejdspladser, løntimer og småjobs for
              udsatte ledige, og
            - **"anden aktør"**, der får den største del af sin omsætning fra salg af sociale og
              beskæftigelsesrettede ydelser til kommunerne.

            Begge kan være relevante samarbejdspartnere, men aftaleformerne er forskellige.

            ## Kom i gang

            Kontakt kommunens indgang for socialøkonomi, hvis du vil drøfte et partnerskab eller en
            aftale.
        """),
        "title_en": "Partnership with the municipality",
        "summary_en": (
            "How social-economy enterprises and the municipality can work together: partnership "
            "agreements, voluntary purchase agreements, single-place purchases and follow-up groups."
        ),
        "body_en": _markdown("""
            ## Why work together?

            Social-economy enterprises combine running a business with a social purpose. They contribute
            to a more inclusive labour market, better welfare for vulnerable citizens, and local
            development and job creation. When citizens move from public benefits towards supporting
            themselves, the cooperation can also pay off financially for the municipality.

            ## Forms of cooperation

            - **Partnership agreement** (*partnerskabsaftale*). A formal agreement between the
              municipality and one or more enterprises on shared goals, e.g. jobs for vulnerable
              citizens. Jammerbugt Municipality has a partnership agreement with a number of
              social-economy enterprises that also carry out tasks in the municipality's villages, such
              as running a hotel, a village shop and village services.
            - **Voluntary purchase agreement** (*frivillig indkøbsaftale*). The municipality agrees to buy
              goods or services from social-economy enterprises within the public procurement rules, as
              Slagelse Municipality does.
            - **Single-place purchase** (*enkeltpladskøb*). The jobcentre buys a place for one citizen,
              e.g. an assessment or upskilling programme, within the employment legislation.

            ## Follow-up group

            A partnership can be anchored in a follow-up group (*følgegruppe*). In Jammerbugt the mayor
            chairs the group, with representatives of the enterprises, the jobcentre and the political
            committees. The group meets four times a year and discusses development projects and
            initiatives in the social economy.

            ## Social-economy enterprise or "other actor"?

            "Social-economy enterprise" is not a protected title, and anyone can call themselves one.
            The municipality therefore distinguishes between:

            - **social-economy enterprises**, which produce goods and services for a market and create
              real jobs, paid hours and small jobs for vulnerable unemployed people, and
            - **"other actors"** (*anden aktør*), which earn most of their turnover by selling social and
              employment services to municipalities.

            Both can be relevant partners, but the forms of agreement differ.

            ## Get started

            Contact the municipality's entrance for the social economy if you want to discuss a
            partnership or an agreement.
        """),
    },
    {
        "slug": "registrering-som-rsv",
        "municipality": None,
        "topic": "rsv",
        "title": "Registrering som registreret socialøkonomisk virksomhed (RSV)",
        "summary": (
            "Hvad det betyder at være registreret socialøkonomisk virksomhed, lovens fem kriterier, og "
            "hvordan du søger om registrering hos Erhvervsstyrelsen."
        ),
        "body": _markdown("""
            ## Hvad er en RSV?

            Efter lov om registrerede socialøkonomiske virksomheder kan en socialøkonomisk virksomhed
            lade sig registrere som *Registreret Socialøkonomisk Virksomhed* (RSV). Registreringen er
            ikke en særlig virksomhedsform, men en betegnelse, som fremgår af CVR-registret og må bruges
            i virksomhedens navn og markedsføring. Det er kun denne betegnelse, loven beskytter; alle må
            fortsat kalde sig socialøkonomiske.

            Registreringen er frivillig. Den gør det lettere for kunder, investorer og samarbejdspartnere,
            også kommunen, at se, at virksomheden lever op til kriterierne.

            ## De fem kriterier

            1. **Socialt formål.** Virksomheden har et primært formål af samfundsgavnlig karakter, fx med
               et socialt, kulturelt, beskæftigelses-, sundheds- eller miljømæssigt sigte.
            2. **Væsentlig erhvervsmæssig aktivitet.** Salg af varer eller tjenesteydelser udgør en
               betydelig del af indtægterne.
            3. **Uafhængighed af det offentlige.** Det offentlige har ikke væsentlig indflydelse på
               virksomhedens ledelse eller drift.
            4. **Inddragende og ansvarlig ledelse.** Virksomheden inddrager medarbejdere, kunder,
               samarbejdspartnere og andre interessenter og drives ansvarligt.
            5. **Social håndtering af overskud.** Overskuddet geninvesteres i virksomheden, går til andre
               registrerede socialøkonomiske virksomheder eller til almennyttige formål, eller udbetales
               kun i begrænset omfang til ejerne.

            ## Sådan søger du

            - Virksomheden skal have et CVR-nummer. Enkeltmandsvirksomheder kan ikke registreres, fordi
              virksomhedens og ejerens økonomi ikke er adskilt.
            - Du søger om registrering hos Erhvervsstyrelsen og dokumenterer, at kriterierne er opfyldt,
              fx med vedtægter og årsrapport.
            - Erhvervsstyrelsen fører tilsyn med, at registrerede virksomheder fortsat lever op til
              kravene, og virksomheden skal løbende indberette til styrelsen.

            Læs mere på [erhvervsstyrelsen.dk](https://erhvervsstyrelsen.dk).
        """),
        "title_en": "Registration as a registered social-economy enterprise (RSV)",
        "summary_en": (
            "What it means to be a registered social-economy enterprise, the five criteria in the act, "
            "and how to apply for registration with the Danish Business Authority."
        ),
        "body_en": _markdown("""
            ## What is an RSV?

            Under the Danish act on registered social-economy enterprises, a social-economy enterprise
            can register as a *Registreret Socialøkonomisk Virksomhed* (RSV). The registration is not a
            legal form of its own but a designation that appears in the CVR register and may be used in
            the enterprise's name and marketing. Only this designation is protected by the act; anyone
            may still call themselves a social-economy enterprise.

            Registration is voluntary. It makes it easier for customers, investors and partners,
            including the municipality, to see that the enterprise meets the criteria.

            ## The five criteria

            1. **A social purpose.** The enterprise's main purpose benefits society, e.g. with a social,
               cultural, employment, health or environmental aim.
            2. **Substantial trading.** Selling goods or services makes up a significant part of its
               income.
            3. **Independence from the public sector.** Public authorities have no significant influence
               on the enterprise's management or operations.
            4. **Inclusive and responsible governance.** The enterprise involves employees, customers,
               partners and other stakeholders and is run responsibly.
            5. **Social handling of profit.** Profit is reinvested in the enterprise, goes to other
               registered social-economy enterprises or to charitable purposes, or is paid out to the
               owners only to a limited extent.

            ## How to apply

            - The enterprise needs a CVR number. Sole proprietorships cannot register, because the
              finances of the enterprise and the owner are not separate.
            - You apply for registration with the Danish Business Authority (Erhvervsstyrelsen) and
              document that the criteria are met, e.g. with the statutes and the annual report.
            - The Danish Business Authority checks that registered enterprises keep meeting the
              requirements, and the enterprise must report to the authority on an ongoing basis.

            Read more at [erhvervsstyrelsen.dk](https://erhvervsstyrelsen.dk).
        """),
    },
    {
        "slug": "roskilde-vejledning-og-mentorordning",
        "municipality": "265",
        "topic": "start",
        "title": "Vejledning og mentorordning i Roskilde",
        "summary": (
            "Roskilde Kommune og erhvervsFORUM Roskilde tilbyder vejledning til socialøkonomiske "
            "iværksættere, og en mentorordning giver støtte fra en etableret virksomhed."
        ),
        "body": _markdown("""
            ## Vejledning i samarbejde med erhvervsFORUM Roskilde

            Roskilde Kommune samarbejder med erhvervsFORUM Roskilde om erhvervsudviklingen i kommunen.
            Som socialøkonomisk iværksætter eller virksomhed kan du få kvalificeret vejledning om:

            - virksomhedsetablering og udvikling
            - mulige partnerskaber med kommunen og med andre virksomheder
            - målrettede finansieringsmuligheder, fx [Den Sociale Kapitalfond](https://densocialekapitalfond.dk/) og Det Sociale
              Vækstprogram

            Socialøkonomiske iværksættere står ofte over for de samme udfordringer. Derfor samles en del
            af vejledningen i iværksætterkurser og workshops med særlig fokus på de socialøkonomiske
            aspekter.

            ## Mentorordningen

            Gennem mentorordningen får socialøkonomiske iværksættere støtte fra etablerede virksomheder.
            Et eksempel er INSP! Mad, der i opstartsfasen fik mentorstøtte af Restaurant Mumm til at
            udvikle køkkenrutiner, menukort, køkkenledelse og forretningsområde.

            Kontaktpersonerne kan sætte dig i forbindelse med en mentor, eller med iværksættere, hvis du selv vil være mentor.

            ## Netværk og temadag

            - Socialøkonomiske iværksættere og virksomheder kan knyttes til CSR-initiativet under
              erhvervsFORUM Roskilde.
            - En årlig tema- og udviklingsdag samler erhvervsliv, foreningsliv, kommune og borgere om
              videndeling og nye initiativer. Dagen drives af de socialøkonomiske aktører med støtte fra
              kommunen.

            ## Kom videre

            Kontaktpersonerne på Roskilde Kommunes side kan hjælpe dig videre, og du kan
            [se deres telefontider](/kommuner/roskilde/).
        """),
        "title_en": "Guidance and mentor scheme in Roskilde",
        "summary_en": (
            "Roskilde Municipality and erhvervsFORUM Roskilde offer guidance to social-economy "
            "entrepreneurs, and a mentor scheme gives support from an established company."
        ),
        "body_en": _markdown("""
            ## Guidance together with erhvervsFORUM Roskilde

            Roskilde Municipality works with erhvervsFORUM Roskilde, the local business council, on
            business development in the municipality. As a social-economy entrepreneur or enterprise you
            can get qualified guidance on:

            - setting up and developing an enterprise
            - possible partnerships with the municipality and with other companies
            - targeted funding, e.g. [Den Sociale Kapitalfond](https://densocialekapitalfond.dk/en/) and Det Sociale Vækstprogram

            Social-economy entrepreneurs often face the same challenges. Part of the guidance is
            therefore given in courses for entrepreneurs and in workshops focusing on the social-economy
            aspects.

            ## The mentor scheme

            Through the mentor scheme, social-economy entrepreneurs get support from established
            companies. One example is INSP! Mad, which in its start-up phase was mentored by Restaurant
            Mumm on kitchen routines, the menu, kitchen management and its line of business.

            The contact persons can put you in touch with a mentor, or with entrepreneurs if you want to be one.

            ## Network and theme day

            - Social-economy entrepreneurs and enterprises can join the CSR initiative under
              erhvervsFORUM Roskilde.
            - An annual theme and development day brings together business, associations, the
              municipality and citizens to share knowledge and new initiatives. The day is run by the
              social-economy stakeholders with support from the municipality.

            ## Next steps

            The contact persons on Roskilde Municipality's page can help you further, and you can
            [see their phone hours](/en/kommuner/roskilde/).
        """),
    },
    {
        "slug": "lejre-afknopning-af-kommunale-institutioner",
        "municipality": "350",
        "topic": "start",
        "title": "Afknopning af kommunale institutioner i Lejre",
        "summary": (
            "Lejre Kommune afklarer, om aktiviteter i kommunale institutioner med egen produktion og "
            "afsætning kan drives videre på privatretligt grundlag som socialøkonomiske virksomheder."
        ),
        "body": _markdown("""
            ## Hvad er afknopning?

            Afknopning betyder, at aktiviteter i en kommunal institution fremover drives på
            privatretligt grundlag, fx som en socialøkonomisk virksomhed. Det er relevant for
            institutioner, der i forvejen har produktion og afsætning.

            ## Hvorfor?

            Formålet med afknopning er ikke besparelser, men:

            - større frihedsgrader i forhold til produktion, afsætning og samarbejde med private
            - bedre muligheder for at bringe medarbejdernes specialiserede kompetencer i spil over for
              private virksomheder og organisationer

            Mange almindelige virksomheder og frivillige organisationer vil gerne deltage i
            beskæftigelses- og uddannelsesrettede indsatser for udsatte borgere, men mangler de
            kompetencer, som medarbejderne i de kommunale institutioner har. Til gengæld savner
            kommunale institutioner ofte kendskab til erhvervsdrift på almindelige markedsvilkår. Et
            samarbejde kan udnytte det bedste fra begge verdener.

            ## Status i Lejre

            Der er sat en proces i gang, som kan føre til, at aktiviteter i tre institutioner under
            Senior- og Socialforvaltningen afknoppes til socialøkonomiske virksomheder.

            ## Sådan kommer du i gang

            - Tal med din leder og med kommunens indgang for socialøkonomi om, hvilke aktiviteter der
              kan være relevante.
            - Beskriv produktionen, kunderne og de borgere, der er tilknyttet i dag.
            - Overvej virksomhedsform, ejerskab og finansiering; se vejledningerne om opstart og
              finansiering.

            Tal med en af [Lejre Kommunes kontaktpersoner](/kommuner/lejre/) om afknopning.
        """),
        "title_en": "Spin-off of municipal institutions in Lejre",
        "summary_en": (
            "Lejre Municipality is exploring whether activities in municipal institutions that already "
            "produce and sell can continue on a private-law basis as social-economy enterprises."
        ),
        "body_en": _markdown("""
            ## What is a spin-off?

            A spin-off (*afknopning*) means that activities in a municipal institution are in future run
            on a private-law basis, e.g. as a social-economy enterprise. It is relevant for institutions
            that already produce and sell goods or services.

            ## Why?

            The purpose of a spin-off is not to save money, but:

            - more freedom in production, sales and cooperation with private partners
            - better opportunities to bring the staff's specialised skills into play for private
              companies and organisations

            Many ordinary companies and voluntary organisations would like to take part in employment
            and education programmes for vulnerable citizens, but lack the skills that the staff of the
            municipal institutions have. Municipal institutions, on the other hand, often lack knowledge
            of running a business on ordinary market terms. Working together can bring out the best of
            both worlds.

            ## Status in Lejre

            A process has been started that may lead to activities in three institutions under the
            Senior and Social Services Department being spun off as social-economy enterprises.

            ## How to get started

            - Talk to your manager and to the municipality's entrance for the social economy about which
              activities could be relevant.
            - Describe the production, the customers and the citizens involved today.
            - Consider the legal form, ownership and funding; see the guides on starting up and on
              funding.

            Talk to one of [Lejre Municipality's contact persons](/en/kommuner/lejre/) about spin-off.
        """),
    },
]
