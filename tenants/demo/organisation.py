# ruff: noqa: E501, RUF001  (organisation data reads better unwrapped; school years take an en dash)
"""The demo municipality's organisation: förvaltningar, their verksamheter and
enheter, what the people of each kind of unit do, and what its management
groups aim for. Written for this project; the unit names are the kind any
Swedish municipality has, the places are made up."""

from dataclasses import dataclass

MUNICIPALITY = "Demokommunen"


@dataclass(frozen=True)
class Work:
    """A kind of unit: the titles of its staff (with weights), how many work
    there (a range, before the total is fitted to the tenant's size), the
    share of women, and what its manager is called."""

    titles: tuple[tuple[str, int], ...]
    size: tuple[int, int]
    women: float
    manager: str = "Enhetschef"


# fmt: off
CARE = Work((("Undersköterska", 60), ("Vårdbiträde", 25), ("Planerare", 6), ("Samordnare", 4), ("Aktivitetsombud", 5)), (26, 38), 0.85)
NIGHT = Work((("Undersköterska", 70), ("Vårdbiträde", 30)), (12, 16), 0.75)
NURSING = Work((("Sjuksköterska", 70), ("Distriktssköterska", 15), ("Undersköterska", 15)), (16, 24), 0.85)
REHAB = Work((("Fysioterapeut", 45), ("Arbetsterapeut", 45), ("Rehabassistent", 10)), (10, 15), 0.8)
CASEWORK = Work((("Biståndshandläggare", 85), ("Administratör", 15)), (8, 14), 0.85)
SOCIAL = Work((("Socialsekreterare", 70), ("Familjebehandlare", 15), ("Administratör", 15)), (10, 18), 0.85)
DISABILITY = Work((("Stödassistent", 55), ("Undersköterska", 25), ("Habiliteringsassistent", 20)), (12, 20), 0.7)
ASSISTANCE = Work((("Personlig assistent", 90), ("Samordnare", 10)), (20, 30), 0.7)
CARERS = Work((("Anhörigkonsulent", 50), ("Undersköterska", 30), ("Frivilligsamordnare", 20)), (4, 7), 0.85)
LABOUR = Work((("Arbetsmarknadskonsulent", 60), ("Handledare", 25), ("Studie- och yrkesvägledare", 15)), (8, 14), 0.6)
PRESCHOOL = Work((("Förskollärare", 50), ("Barnskötare", 45), ("Kock", 5)), (12, 20), 0.92, "Rektor")
SCHOOL = Work((("Lärare", 65), ("Fritidspedagog", 12), ("Speciallärare", 8), ("Elevassistent", 10), ("Skolkurator", 5)), (28, 45), 0.72, "Rektor")
UPPER = Work((("Gymnasielärare", 80), ("Studie- och yrkesvägledare", 8), ("Skoladministratör", 12)), (30, 42), 0.6, "Rektor")
ADULT = Work((("Lärare", 80), ("Studie- och yrkesvägledare", 10), ("Skoladministratör", 10)), (14, 22), 0.7, "Rektor")
PUPIL_HEALTH = Work((("Skolsköterska", 30), ("Kurator", 25), ("Skolpsykolog", 15), ("Specialpedagog", 30)), (10, 16), 0.85)
MOTHER_TONGUE = Work((("Modersmålslärare", 80), ("Studiehandledare", 20)), (10, 16), 0.7)
HR = Work((("HR-specialist", 40), ("HR-konsult", 35), ("HR-strateg", 15), ("HR-administratör", 10)), (8, 11), 0.8)
PAY = Work((("Lönespecialist", 60), ("Löneadministratör", 30), ("Pensionshandläggare", 10)), (7, 10), 0.85)
HEALTH = Work((("Arbetsmiljöspecialist", 50), ("Hälsopedagog", 30), ("Företagssköterska", 20)), (4, 6), 0.75)
LEADERSHIP = Work((("Ledarutvecklare", 45), ("Organisationskonsult", 35), ("Processledare", 20)), (9, 12), 0.65)
FINANCE = Work((("Ekonom", 45), ("Controller", 35), ("Redovisningsekonom", 20)), (6, 10), 0.65)
PROCUREMENT = Work((("Upphandlare", 80), ("Inköpssamordnare", 20)), (5, 8), 0.55)
IT = Work((("IT-tekniker", 45), ("Systemförvaltare", 30), ("IT-arkitekt", 10), ("Supporttekniker", 15)), (8, 14), 0.25)
DIGITAL = Work((("Digitaliseringsstrateg", 35), ("Utvecklare", 45), ("Verksamhetsutvecklare", 20)), (6, 9), 0.4)
COMMUNICATION = Work((("Kommunikatör", 60), ("Webbredaktör", 25), ("Grafisk formgivare", 15)), (5, 8), 0.7)
CONTACT = Work((("Kundtjänstmedarbetare", 85), ("Samordnare", 15)), (8, 12), 0.75)
SECRETARIAT = Work((("Nämndsekreterare", 45), ("Jurist", 25), ("Registrator", 30)), (6, 9), 0.7)
ARCHIVE = Work((("Arkivarie", 50), ("Registrator", 50)), (3, 5), 0.7)
BUILDING = Work((("Bygglovshandläggare", 55), ("Byggnadsinspektör", 35), ("Administratör", 10)), (7, 11), 0.5)
PLANNING = Work((("Planarkitekt", 70), ("Exploateringsingenjör", 30)), (5, 8), 0.55)
SURVEY = Work((("Lantmätare", 40), ("Mätningsingenjör", 35), ("GIS-ingenjör", 25)), (5, 8), 0.35)
STREETS = Work((("Gatuarbetare", 55), ("Maskinförare", 30), ("Arbetsledare", 15)), (10, 16), 0.12)
PARKS = Work((("Parkarbetare", 80), ("Trädgårdsmästare", 20)), (9, 14), 0.35)
TRAFFIC = Work((("Trafikingenjör", 50), ("Projektledare", 50)), (4, 7), 0.4)
WATER = Work((("Drifttekniker", 55), ("VA-ingenjör", 25), ("Rörläggare", 20)), (8, 13), 0.15)
WASTE = Work((("Renhållningsarbetare", 70), ("Kundtjänstmedarbetare", 15), ("Avfallsingenjör", 15)), (8, 12), 0.25)
ENVIRONMENT = Work((("Miljöinspektör", 65), ("Livsmedelsinspektör", 35)), (6, 10), 0.65)
PROPERTY = Work((("Fastighetsförvaltare", 45), ("Projektledare bygg", 25), ("Energiingenjör", 30)), (5, 8), 0.35)
CARETAKING = Work((("Fastighetstekniker", 85), ("Arbetsledare", 15)), (12, 18), 0.15)
CLEANING = Work((("Lokalvårdare", 90), ("Arbetsledare", 10)), (18, 26), 0.75)
KITCHEN = Work((("Kock", 40), ("Måltidsbiträde", 50), ("Kostekonom", 10)), (12, 20), 0.8)
LIBRARY = Work((("Bibliotekarie", 60), ("Biblioteksassistent", 40)), (6, 12), 0.75)
YOUTH = Work((("Fritidsledare", 85), ("Ungdomssamordnare", 15)), (6, 10), 0.5)
SPORTS = Work((("Anläggningsskötare", 60), ("Badmästare", 25), ("Bokningsadministratör", 15)), (6, 12), 0.35)
CULTURE_SCHOOL = Work((("Kulturskolelärare", 90), ("Administratör", 10)), (10, 16), 0.55)
CULTURE = Work((("Kultursamordnare", 50), ("Evenemangsproducent", 30), ("Konsthandläggare", 20)), (4, 7), 0.6)
TRANSPORT = Work((("Fordonssamordnare", 30), ("Chaufför", 50), ("Färdtjänsthandläggare", 20)), (6, 10), 0.3)
# fmt: on

# Staff of a förvaltning's own office and of a verksamhet's, beside their chiefs.
# fmt: off
OFFICE_TITLES = (("Controller", 25), ("Nämndsekreterare", 20), ("Utvecklingsledare", 25), ("Kvalitetsstrateg", 15), ("Administratör", 15))
VERKSAMHET_TITLES = (("Verksamhetsutvecklare", 50), ("Administratör", 30), ("Samordnare", 20))
# fmt: on


@dataclass(frozen=True)
class Verksamhet:
    name: str
    manager: str  # title of its chief
    enheter: tuple[tuple[str, Work], ...]


@dataclass(frozen=True)
class Forvaltning:
    name: str
    short: str  # how its people say it
    manager: str
    goals: str  # key of GOALS
    verksamheter: tuple[Verksamhet, ...]


def _units(work: Work, *names: str) -> tuple[tuple[str, Work], ...]:
    return tuple((name, work) for name in names)


# fmt: off
FORVALTNINGAR = (
    Forvaltning("Kommunstyrelseförvaltningen", "KSF", "Kommundirektör", "staff", (
        Verksamhet("HR-avdelningen", "HR-chef", (
            ("HR-enheten", HR), ("Lön och pension", PAY), ("Arbetsmiljö och hälsa", HEALTH),
            ("Organisations- och ledarutveckling", LEADERSHIP))),
        Verksamhet("Ekonomiavdelningen", "Ekonomichef", (
            ("Redovisning", FINANCE), ("Budget och analys", FINANCE), ("Upphandling", PROCUREMENT))),
        Verksamhet("Digitalisering och IT", "IT-chef", (
            ("IT-drift", IT), ("Digital utveckling", DIGITAL))),
        Verksamhet("Kommunikationsavdelningen", "Kommunikationschef", (
            ("Kommunikation", COMMUNICATION), ("Kontaktcenter", CONTACT))),
        Verksamhet("Kansliavdelningen", "Kanslichef", (
            ("Kansli och nämndadministration", SECRETARIAT), ("Arkiv och registratur", ARCHIVE))),
    )),
    Forvaltning("Vård- och omsorgsförvaltningen", "VOF", "Förvaltningschef", "care", (
        Verksamhet("Hemtjänst", "Verksamhetschef", (
            *_units(CARE, "Hemtjänst Norr", "Hemtjänst Söder", "Hemtjänst Öster", "Hemtjänst Väster",
                    "Hemtjänst Centrum", "Hemtjänst Landsbygd"),
            ("Nattpatrullen", NIGHT))),
        Verksamhet("Särskilt boende", "Verksamhetschef", _units(
            CARE, "Björkgården", "Solgläntan", "Ekbacken", "Lindgården", "Tallhöjden", "Rosenlund",
            "Vallmons demensboende")),
        Verksamhet("Hälso- och sjukvård", "Verksamhetschef", (
            ("Sjuksköterskeenheten", NURSING), ("Rehabenheten", REHAB),
            ("Korttidsboendet Fyrklövern", CARE))),
        Verksamhet("Myndighet äldreomsorg", "Verksamhetschef", (
            ("Biståndsenheten", CASEWORK), ("Avgifter och bostadsanpassning", CASEWORK))),
        Verksamhet("Stöd och service", "Verksamhetschef", (
            ("Dagverksamheten", DISABILITY), ("Anhörigcentrum", CARERS), ("Trygghetslarm", NIGHT))),
    )),
    Forvaltning("Socialförvaltningen", "SOC", "Socialchef", "social", (
        Verksamhet("Individ- och familjeomsorg", "Verksamhetschef", _units(
            SOCIAL, "Mottagningsenheten", "Barn och unga", "Familjebehandling", "Vuxenenheten",
            "Ekonomiskt bistånd", "Familjerätt")),
        Verksamhet("Funktionsstöd", "Verksamhetschef", (
            *_units(DISABILITY, "Gruppbostaden Lärkan", "Gruppbostaden Ängen", "Gruppbostaden Eken",
                    "Servicebostaden Tallen", "Daglig verksamhet", "Boendestöd", "Korttidsvistelsen"),
            ("Personlig assistans", ASSISTANCE))),
        Verksamhet("Arbetsmarknad och integration", "Verksamhetschef", _units(
            LABOUR, "Arbetsmarknadsenheten", "Integrationsenheten")),
    )),
    Forvaltning("Barn- och utbildningsförvaltningen", "BUF", "Skolchef", "school", (
        Verksamhet("Förskola", "Verksamhetschef förskola", _units(
            PRESCHOOL, "Förskolan Regnbågen", "Förskolan Solrosen", "Förskolan Humlan",
            "Förskolan Skogsbrynet", "Förskolan Myran", "Förskolan Tallkotten", "Förskolan Vitsippan",
            "Förskolan Blåklinten", "Förskolan Ekorren", "Förskolan Nyckelpigan", "Förskolan Stjärnan",
            "Förskolan Kastanjen", "Förskolan Gläntan", "Förskolan Pärlan", "Förskolan Fjärilen")),
        Verksamhet("Grundskola", "Verksamhetschef grundskola", (
            *_units(SCHOOL, "Centralskolan F–6", "Centralskolan 7–9", "Ängskolan", "Björkskolan",
                    "Sjöviksskolan", "Kvarnbyskolan", "Östra skolan", "Västra skolan",
                    "Lindbackaskolan", "Hagaskolan", "Norrskolan"),
            ("Anpassade grundskolan", PUPIL_HEALTH))),
        Verksamhet("Gymnasium och vuxenutbildning", "Verksamhetschef gymnasium", (
            ("Gymnasieskolan, högskoleförberedande program", UPPER),
            ("Gymnasieskolan, yrkesprogram", UPPER),
            ("Vuxenutbildningen", ADULT), ("Svenska för invandrare", ADULT))),
        Verksamhet("Elevhälsa och stöd", "Verksamhetschef elevhälsa", (
            ("Centrala elevhälsan", PUPIL_HEALTH), ("Modersmål och studiehandledning", MOTHER_TONGUE),
            ("Skolskjuts och resor", TRANSPORT))),
    )),
    Forvaltning("Samhällsbyggnadsförvaltningen", "SBF", "Samhällsbyggnadschef", "build", (
        Verksamhet("Plan och bygg", "Plan- och byggchef", (
            ("Bygglovsenheten", BUILDING), ("Planenheten", PLANNING), ("Mät och GIS", SURVEY))),
        Verksamhet("Gata och park", "Gatuchef", (
            ("Gatuenheten", STREETS), ("Parkenheten", PARKS), ("Trafik och projekt", TRAFFIC))),
        Verksamhet("Vatten och avfall", "VA-chef", (
            ("VA-drift", WATER), ("Ledningsnät", WATER), ("Reningsverket", WATER),
            ("Avfall och återvinning", WASTE))),
        Verksamhet("Miljö", "Miljöchef", (
            ("Miljö- och hälsoskydd", ENVIRONMENT), ("Livsmedelskontroll", ENVIRONMENT))),
        Verksamhet("Fastighet", "Fastighetschef", (
            ("Fastighetsförvaltning", PROPERTY), ("Fastighetsdrift", CARETAKING), ("Lokalvård", CLEANING))),
    )),
    Forvaltning("Kultur- och fritidsförvaltningen", "KOF", "Kultur- och fritidschef", "culture", (
        Verksamhet("Bibliotek", "Bibliotekschef", (
            ("Huvudbiblioteket", LIBRARY), ("Filialbiblioteken", LIBRARY))),
        Verksamhet("Fritid", "Fritidschef", (
            ("Fritidsgården Norr", YOUTH), ("Fritidsgården Söder", YOUTH),
            ("Idrottsanläggningar", SPORTS), ("Simhallen", SPORTS))),
        Verksamhet("Kultur", "Kulturchef", (
            ("Kulturskolan", CULTURE_SCHOOL), ("Kulturhuset", CULTURE), ("Allmänkultur och evenemang", CULTURE))),
    )),
    Forvaltning("Serviceförvaltningen", "SEF", "Servicechef", "service", (
        Verksamhet("Måltidsservice", "Måltidschef", (
            ("Centralköket", KITCHEN), ("Skolrestaurangerna Norr", KITCHEN),
            ("Skolrestaurangerna Söder", KITCHEN), ("Äldreomsorgens kök", KITCHEN),
            ("Förskolornas kök", KITCHEN))),
        Verksamhet("Fordon och transport", "Transportchef", (
            ("Fordonsenheten", TRANSPORT), ("Färdtjänst", TRANSPORT))),
    )),
)
# fmt: on

# Goals a management group may set itself, by the kind of förvaltning.
# fmt: off
GOALS = {
    "common": (
        ("Sjukfrånvaron under 6 procent", "Den totala sjukfrånvaron i verksamheten är under 6 procent, mätt över tolv månader."),
        ("Alla medarbetare har ett utvecklingssamtal med en individuell plan", "Samtalen hålls före sommaren och planen följs upp efter ett halvår."),
        ("Tid för reflektion i varje arbetsgrupp", "Varje arbetsgrupp har ett lärande gruppmöte minst varannan vecka."),
        ("Tydligt mandat för varje chef", "Alla chefer vet vad de beslutar om själva i budget, bemanning och verksamhetsfrågor."),
        ("Medarbetarengagemang (HME) minst 80", "Index i medarbetarenkäten, samma frågor som i fjol."),
        ("Ingen chef har fler än 30 medarbetare", "Enheter med fler medarbetare delas eller får en biträdande chef."),
    ),
    "care": (
        ("Ökad kontinuitet i hemtjänsten", "En brukare möter högst tolv olika medarbetare under fjorton dagar."),
        ("Heltid som norm", "Minst 80 procent av medarbetarna arbetar heltid."),
        ("Nöjda brukare", "Minst 90 procent svarar att de är nöjda i brukarundersökningen."),
    ),
    "social": (
        ("Utredningar inom lagstadgad tid", "Barnavårdsutredningar avslutas inom 120 dagar."),
        ("Stabil bemanning av socialsekreterare", "Personalomsättningen är under 15 procent per år."),
        ("Varje ny medarbetare har en mentor", "En erfaren kollega under det första året."),
    ),
    "school": (
        ("Fler elever behöriga till gymnasiet", "Andelen behöriga elever i årskurs 9 ökar till 90 procent."),
        ("Kollegialt lärande i alla arbetslag", "Varje arbetslag har en stund för kollegialt lärande i månaden."),
        ("Högre närvaro", "Ingen elev har mer än 15 procents frånvaro utan att skolan har en plan."),
    ),
    "build": (
        ("Bygglov inom lagstadgad tid", "Beslut inom tio veckor från komplett ansökan i alla ärenden."),
        ("Nöjda företagare", "NKI i myndighetsutövningen minst 75."),
    ),
    "culture": (
        ("Fler unga hittar till kulturen", "Kulturskolans kö halveras och fritidsgårdarna har öppet fler kvällar."),
        ("Öppna och tillgängliga bibliotek", "Meröppet på alla filialer."),
    ),
    "service": (
        ("Mindre matsvinn", "Svinnet i skolrestaurangerna halveras jämfört med i fjol."),
        ("Fossilfria transporter", "Alla kommunens fordon drivs utan fossila bränslen."),
    ),
    "staff": (
        ("Ett stöd som frågar vad cheferna behöver", "HR, ekonomi och IT frågar varje chef två gånger om året vad de behöver för sitt uppdrag."),
        ("Chefer med rimliga förutsättningar", "Administrativt stöd nära varje chef, följs upp i bedömningen av organisatoriskt stöd."),
    ),
}

# Principles a management group writes its leadership philosophy with.
PRINCIPLES = (
    "Vi litar på medarbetarnas kompetens och låter dem äga de frågor de kan lösa själva.",
    "Beslut fattas så nära brukaren, eleven eller invånaren som möjligt.",
    "Vi ger och tar emot återkoppling regelbundet, också uppåt.",
    "Vi lär av det som gick fel i stället för att leta syndabockar.",
    "Chefen är närvarande och går att nå.",
    "Det finns tid för reflektion, inte bara för drift.",
    "Vi delar med oss av det som fungerar över enhetsgränserna.",
    "Vi säger vad vi tänker och gör det vi säger.",
    "Vi frågar varandra: vad behöver du för att lyckas med ditt uppdrag?",
    "Vi följer upp det vi bestämmer.",
    "Förändring sker stegvis, så att ingen blir överbelastad.",
    "Alla är med från början till slut: de som berörs formar arbetet.",
)
# fmt: on
