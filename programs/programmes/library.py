# ruff: noqa: E501  (text data reads better unwrapped)
"""The shipped template library, in Swedish and English, written for Spiral from
the method of the handbook on workplace learning (its levels, exercises and
meeting forms). Loaded into every tenant by ``template_library_sync``."""


def _exercise(title_sv, title_en, text_sv, text_en):
    return {"title_sv": title_sv, "title_en": title_en, "text_sv": text_sv, "text_en": text_en}


def _component(kind, cadence, minutes, title_sv, title_en, exercises=()):
    """Level and audience are the kind's (programs/programmes/kinds.py), added
    when the library is loaded."""
    return {
        "kind": kind, "cadence": cadence, "session_minutes": minutes,
        "title_sv": title_sv, "title_en": title_en, "exercises": list(exercises),
    }  # fmt: skip


OWN_TIME = _exercise(
    "Vem styr min tid?", "Who steers my time?",
    "Gå igenom förra veckans kalender. Vilka timmar valde du själv, vilka valdes åt dig, "
    "och var fanns utrymme att lära och reflektera?",
    "Go through last week's calendar. Which hours did you choose, which were chosen for you, "
    "and where was there room to learn and reflect?",
)  # fmt: skip
RIVER = _exercise(
    "Floden, stranden, berget", "River, beach, mountain",
    "Tänk på ett möte där känslorna tog över. Var du i floden, på stranden eller på berget? "
    "Vad hjälper dig att ta dig upp på fast mark?",
    "Think of a meeting where feelings took over. Were you in the river, on the beach or on "
    "the mountain? What helps you climb onto firm ground?",
)  # fmt: skip
CRAFTING = _exercise(
    "Forma ditt arbete", "Shape your work",
    "Välj en uppgift att utveckla, en kollega att lära av och ett hindrande krav att minska "
    "de kommande veckorna.",
    "Choose one task to develop, one colleague to learn from and one hindering demand to "
    "reduce in the coming weeks.",
)  # fmt: skip
SHARED_LEADERSHIP = _exercise(
    "Dela ledarskapet", "Share the leadership",
    "Vilka frågor kan medarbetarna äga själva? Vem vill lära sig vad, och vilket stöd behövs?",
    "Which questions can staff own themselves? Who wants to learn what, and what support is "
    "needed?",
)  # fmt: skip
CHECK_IN = _exercise(
    "Incheckning", "Check-in",
    "Var och en säger kort hur de kommer till mötet i dag, utan att någon kommenterar.",
    "Each person says briefly how they arrive at today's meeting, without comments from others.",
)  # fmt: skip
CHECK_OUT = _exercise(
    "Utcheckning", "Check-out",
    "Vad tar du med dig från mötet, och vad gör du med det före nästa gång?",
    "What do you take with you from the meeting, and what will you do with it before next time?",
)  # fmt: skip
MIRROR = _exercise(
    "Backspegling", "Looking back",
    "Titta tillsammans på det senaste arbetspasset: vad hände, vad lärde vi oss, vad gör vi "
    "annorlunda?",
    "Look together at the latest stretch of work: what happened, what did we learn, what will "
    "we do differently?",
)  # fmt: skip
CONTRACT = _exercise(
    "Gruppkontrakt", "Group contract",
    "Kom överens om hur ni samtalar: lyssna aktivt, låt alla tala till punkt, dela ordet, "
    "tystnad är tillåten och det som sägs stannar i gruppen.",
    "Agree how you talk together: listen actively, let everyone finish, share the floor, "
    "silence is fine and what is said stays in the group.",
)  # fmt: skip
FEEDBACK = _exercise(
    "Ömsesidig återkoppling", "Reciprocal feedback",
    "Ge och ta emot återkoppling kopplad till era mål och till en princip i ledningsfilosofin.",
    "Give and receive feedback tied to your goals and to one principle of the leadership "
    "philosophy.",
)  # fmt: skip

TEMPLATES = [
    {
        "key": "first-line-managers",
        "name_sv": "Utvecklingsprogram för första linjens chefer",
        "name_en": "Development programme for first-line managers",
        "summary_sv": "Knyter ihop chefens eget lärande, arbetsgruppens och ledningens, under ett år.",
        "summary_en": "Ties together the manager's own learning, the work group's and the management's, over a year.",
        "target_roles": ["first_line_manager"],
        "components": [
            _component("coaching_track", "FREQ=WEEKLY;INTERVAL=4", 60,
                       "Coachningsspår", "Coaching track", [OWN_TIME, RIVER, CRAFTING, SHARED_LEADERSHIP]),
            _component("feedback_loop", "FREQ=MONTHLY", 90,
                       "Återkopplingsloop i ledningsgruppen", "Management-group feedback loop", [FEEDBACK]),
            _component("learning_arena", "FREQ=MONTHLY;INTERVAL=2", 120,
                       "Chefernas lärarena", "Managers' learning arena"),
            _component("mentoring", "FREQ=MONTHLY", 60,
                       "Mentorskap", "Mentoring"),
            _component("group_meetings", "FREQ=WEEKLY;INTERVAL=2", 60,
                       "Lärande gruppmöten", "Learning group meetings", [CHECK_IN, MIRROR, CHECK_OUT]),
            _component("climate_pulse", "FREQ=MONTHLY;INTERVAL=3", 10,
                       "Gruppklimatpuls", "Group-climate pulse"),
            _component("support_assessment", "FREQ=YEARLY", 30,
                       "Bedömning av organisatoriskt stöd", "Organisational-support assessment"),
        ],
    },
    {
        "key": "learning-work-group",
        "name_sv": "Lärande arbetsgrupp",
        "name_en": "Learning work group",
        "summary_sv": "En arbetsgrupp som lär tillsammans i regelbundna möten med tydliga former.",
        "summary_en": "A work group learning together in regular meetings with clear forms.",
        # Its leader is enrolled; the group's meetings follow the groups they lead.
        "target_roles": ["first_line_manager"],
        "components": [
            _component("group_contract", "", 45,
                       "Gruppkontrakt", "Group contract", [CONTRACT]),
            _component("group_meetings", "FREQ=WEEKLY;INTERVAL=2", 60,
                       "Lärande gruppmöten", "Learning group meetings", [CHECK_IN, CHECK_OUT]),
            _component("backspegling", "FREQ=MONTHLY", 45,
                       "Backspegling", "Looking back", [MIRROR]),
            _component("climate_pulse", "FREQ=MONTHLY;INTERVAL=3", 10,
                       "Gruppklimatpuls", "Group-climate pulse"),
        ],
    },
    {
        "key": "mentoring",
        "name_sv": "Mentorprogram",
        "name_en": "Mentoring programme",
        "summary_sv": "Mentorer och adepter matchas, möts regelbundet och får handledning.",
        "summary_en": "Mentors and mentees are matched, meet regularly and get supervision.",
        "target_roles": ["mentor"],
        "components": [
            _component("mentor_matching", "", 0,
                       "Matchning", "Matching"),
            _component("mentoring", "FREQ=MONTHLY", 60,
                       "Mentorsmöten", "Mentoring meetings", [CRAFTING]),
            _component("supervision_group", "FREQ=MONTHLY;INTERVAL=2", 90,
                       "Handledningsgrupp", "Supervision group"),
        ],
    },
]  # fmt: skip
