"""The starting point a work group gets for its contract: rules for dialogue
in Swedish and in English. The group edits them into its own first version;
what is stored is the group's text, in the language it chose."""

TEMPLATE = {
    "sv": (
        "Vi lyssnar för att förstå, inte för att hinna svara.",
        "Den som talar får tala till punkt.",
        "Alla får utrymme: den som brukar tala mycket lämnar plats åt andra.",
        "Tystnad är tillåten: det går bra att tänka innan man säger något.",
        "Det som sägs om enskilda personer stannar i gruppen.",
        "Vi ger återkoppling om det vi har sett och hört, och säger hur vi själva påverkades.",
        "Vi är här och nu: telefoner och mejl får vänta till pausen.",
        "Vi får ändra oss, och vi får fråga när något är oklart.",
    ),
    "en": (
        "We listen to understand, not to get our reply in.",
        "Whoever speaks may finish what they are saying.",
        "Everyone gets room: those who often talk a lot leave space for others.",
        "Silence is allowed: it is fine to think before saying something.",
        "What is said about individuals stays in the group.",
        "We give feedback on what we saw and heard, and say how it affected us.",
        "We are here and now: phones and email wait for the break.",
        "We may change our minds, and we may ask when something is unclear.",
    ),
}


def contract_template(language: str) -> list[str]:
    """The template's rules in ``language`` (Swedish for any other)."""
    return list(TEMPLATE.get(language[:2], TEMPLATE["sv"]))
