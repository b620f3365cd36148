"""The four reflection exercises of a coaching track, in Swedish and English.

Each has a short introduction and a few questions; the coachee (or the coach,
together with them) writes an answer to each question. The texts are Spiral's
own, after the ideas of the handbook (openness to learning, the river / beach /
mountain picture, job crafting, distributing leadership)."""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Prompt:
    key: str
    sv: str
    en: str

    @property
    def text(self) -> str:
        return self.en if (get_language() or "sv").startswith("en") else self.sv


@dataclass(frozen=True)
class Exercise:
    key: str
    title_sv: str
    title_en: str
    intro_sv: str
    intro_en: str
    prompts: tuple[Prompt, ...]

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_sv

    @property
    def intro(self) -> str:
        return self.intro_en if _english() else self.intro_sv

    @property
    def prompt_keys(self) -> tuple[str, ...]:
        return tuple(prompt.key for prompt in self.prompts)


def _english() -> bool:
    return (get_language() or "sv").startswith("en")


OPENNESS = Exercise(
    key="openness",
    title_sv="Öppen för lärande",
    title_en="Open to learning",
    intro_sv=(
        "Lärande kräver tid, och tid är ofta det som saknas. Att dra gränser skyddar dig när "
        "du är överbelastad, men som enda strategi kan det stänga ute det du kan lära av "
        "andra. Titta på hur din tid faktiskt används och vem som bestämmer över den."
    ),
    intro_en=(
        "Learning takes time, and time is what is often missing. Drawing boundaries protects "
        "you when you are overloaded, but as your only strategy it can shut out what others "
        "could teach you. Look at how your time is really spent and who decides over it."
    ),
    prompts=(
        Prompt("control", "Vem styr din tid: du själv eller någon annan? Ge ett exempel från "
               "den senaste veckan.",
               "Who steers your time: you or someone else? Give an example from the past week."),
        Prompt("awareness", "Hur använder du din tid i dag, var går dina gränser och vilka "
               "strategier har du när det blir för mycket?",
               "How do you use your time today, where do your boundaries lie, and which "
               "strategies do you use when it gets too much?"),
        Prompt("learning_time", "Hur mycket tid ger du dig själv att lära och reflektera, och "
               "när kan du byta strategi om det behövs?",
               "How much time do you give yourself to learn and reflect, and when could you "
               "switch strategy if needed?"),
    ),
)  # fmt: skip

EMOTIONS = Exercise(
    key="emotions",
    title_sv="Känslor i mötet: floden, stranden, berget",
    title_en="Feelings in the meeting: river, beach, mountain",
    intro_sv=(
        "Engagemang driver lärandet, men en stark känsla kan svepa med oss så att vi slutar "
        "lyssna. Tänk dig en flod: i den rycks du med, på stranden har du fast mark, och från "
        "berget ser du hela frågan. Bilden blir ett gemensamt språk i gruppen."
    ),
    intro_en=(
        "Engagement drives learning, but a strong feeling can carry us away so that we stop "
        "listening. Picture a river: in it you are swept along, on the beach you have firm "
        "ground, and from the mountain you see the whole question. The picture becomes a "
        "shared language for the group."
    ),
    prompts=(
        Prompt("river", "Floden: när var du senast medryckt av en känsla i ett möte, och vad "
               "märkte du hos dig själv?",
               "The river: when were you last swept along by a feeling in a meeting, and what "
               "did you notice in yourself?"),
        Prompt("beach", "Stranden: vad hjälper dig (eller en kollega) att ta sig upp på fast "
               "mark igen?",
               "The beach: what helps you (or a colleague) get back onto firm ground?"),
        Prompt("mountain", "Berget: hur kan du få perspektiv och bidra till samtalet, och hur "
               "kan gruppen använda bilden tillsammans?",
               "The mountain: how can you gain perspective and add to the conversation, and "
               "how can the group use the picture together?"),
    ),
)  # fmt: skip

CRAFTING = Exercise(
    key="crafting",
    title_sv="Forma ditt arbete (job crafting)",
    title_en="Shaping your work (job crafting)",
    intro_sv=(
        "Du kan själv forma ditt arbete inifrån: välja uppgifter att utveckla, söka dig till "
        "kollegor att lära av, minska det som hindrar och lägga till det som utmanar. Även en "
        "tråkig uppgift kan få nytt värde när du ser den i ett större sammanhang."
    ),
    intro_en=(
        "You can shape your work from within: choose tasks to develop, seek out colleagues to "
        "learn from, reduce what hinders and add what challenges. Even a dull task can gain "
        "value when you see it as part of something larger."
    ),
    prompts=(
        Prompt("tasks", "Vilka uppgifter vill du utveckla eller pröva?",
               "Which tasks do you want to develop or try?"),
        Prompt("colleagues", "Vilka kollegor kan du lära av, och hur tar du kontakt?",
               "Which colleagues could you learn from, and how will you reach them?"),
        Prompt("hindrances", "Vilka hindrande krav vill du minska?",
               "Which hindering demands do you want to reduce?"),
        Prompt("challenges", "Vilka utmaningar vill du lägga till?",
               "Which challenges do you want to add?"),
    ),
)  # fmt: skip

DISTRIBUTED = Exercise(
    key="distributed",
    title_sv="Plan för delat ledarskap",
    title_en="A plan for distributing leadership",
    intro_sv=(
        "En grupp som tar eget ansvar växer i självständighet, och du som chef får utrymme "
        "för annat. Gör en plan: vad kan medarbetarna äga, vem vill lära sig vad, och vilket "
        "stöd behöver de av dig?"
    ),
    intro_en=(
        "A group that takes its own responsibility grows more independent, and you as a "
        "manager gain room for other things. Make a plan: what can staff own, who wants to "
        "learn what, and what support do they need from you?"
    ),
    prompts=(
        Prompt("questions", "Vilka frågor kan medarbetarna äga själva?",
               "Which questions can staff own themselves?"),
        Prompt("learners", "Vem vill lära sig vilket område?",
               "Who wants to learn which area?"),
        Prompt("support", "Vilket stöd behöver de, och när följer ni upp?",
               "What support do they need, and when will you follow up?"),
    ),
)  # fmt: skip

EXERCISES = (OPENNESS, EMOTIONS, CRAFTING, DISTRIBUTED)
BY_KEY = {exercise.key: exercise for exercise in EXERCISES}
CHOICES = [(exercise.key, exercise.title_en) for exercise in EXERCISES]
