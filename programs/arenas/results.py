"""An arena's results, for its facilitators and HR, through the anonymity
engine and nowhere else (the API and the facilitator's page both read these).

- Participation over time: for each held session, how many came; a session's
  figure is shown only when the engine shows its cell (at least the tenant's
  threshold of people).
- Cross-unit mixing: how many distinct units met in the arena, and how often
  a participant met someone from another unit (each participant's share of
  their meetings with someone of another unit, averaged). One answer per
  participant, keyed to their unit; shown only when the engine shows the
  whole. The figure changes as sessions are held, so each state (the number
  of held sessions) is a subject of its own.
- A session's ratings: count, mean and distribution, and the comments sorted,
  never with their authors (ratings are given once, as the ledger needs).
"""

from collections import defaultdict
from dataclasses import dataclass

from spiral.programs.anonymity.cells import Answer, Cell
from spiral.programs.anonymity.services import publish_subject
from spiral.programs.arenas.models import Arena, SessionRating
from spiral.programs.arenas.services import arena_series
from spiral.programs.sessions.models import Attendance, Session


@dataclass(frozen=True)
class SessionFigure:
    session: Session
    shown: bool
    attended: int | None
    reason: str | None


@dataclass(frozen=True)
class Mixing:
    shown: bool
    participants: int | None
    units: int | None
    share: float | None  # 0..1
    reason: str | None


@dataclass(frozen=True)
class ArenaResults:
    participation: list[SessionFigure]
    mixing: Mixing


def _reason(cell: Cell) -> str | None:
    return None if cell.published else str(cell.reason)


def arena_results(*, arena: Arena) -> ArenaResults:
    arena_series(arena)  # a programme's arena finds its component's series
    held = list(
        Session.objects.filter(series_id=arena.series_id, status=Session.Status.HELD).order_by(
            "starts_at"
        )
    ) if arena.series_id else []  # fmt: skip
    rows = Attendance.objects.filter(session__in=held, attended=True).values_list(
        "session_id", "person_id", "person__unit__public_id"
    )
    present: dict[int, dict[int, object]] = defaultdict(dict)
    for session_id, person_id, unit in rows:
        present[session_id][person_id] = unit
    participation = []
    for session in held:
        cell = publish_subject(
            subject=f"arena-session:{session.public_id}:attendance",
            answers=[Answer(person) for person in present[session.pk]],
            tree={},
        ).everyone
        participation.append(SessionFigure(session, cell.published, cell.count, _reason(cell)))
    return ArenaResults(participation, _mixing(arena, held, present))


def _mixing(arena: Arena, held: list[Session], present: dict[int, dict]) -> Mixing:
    meetings: dict[int, int] = defaultdict(int)
    crossing: dict[int, int] = defaultdict(int)
    unit_of: dict[int, object] = {}
    for session in held:
        people = present[session.pk]
        for person, unit in people.items():
            unit_of[person] = unit
            meetings[person] += 1
            if any(other is not None and other != unit for other in people.values()):
                crossing[person] += 1
    answers = [
        Answer(person, None, crossing[person] / meetings[person]) for person in sorted(meetings)
    ]
    cell = publish_subject(
        subject=f"arena:{arena.public_id}:mixing:{len(held)}", answers=answers, tree={}
    ).everyone
    if not cell.published:
        return Mixing(False, None, None, None, _reason(cell))
    units = len({unit for unit in unit_of.values() if unit is not None})
    return Mixing(True, cell.count, units, cell.mean, None)


@dataclass(frozen=True)
class SessionFeedback:
    shown: bool
    count: int | None
    mean: float | None
    distribution: dict[int, int]
    comments: tuple[str, ...]
    reason: str | None


def session_feedback(*, session: Session) -> SessionFeedback:
    """A session's ratings and comments, as the engine shows them."""
    answers = [
        Answer(person, None, float(rating), comment)
        for person, rating, comment in SessionRating.objects.filter(session=session).values_list(
            "person_id", "rating", "comment"
        )
    ]
    cell = publish_subject(
        subject=f"arena-session:{session.public_id}:rating", answers=answers, tree={}
    ).everyone
    if not cell.published:
        return SessionFeedback(False, None, None, {}, (), _reason(cell))
    distribution = {int(value): count for value, count in (cell.distribution or {}).items()}
    return SessionFeedback(True, cell.count, cell.mean, distribution, cell.texts, None)
