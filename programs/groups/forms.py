"""The forms of the group pages; the services validate again (and the API
reaches the same services), so these only shape what is typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from spiral.programs.groups.models import POSITION_MAX

SCALE = [("", "-")] + [(str(n), str(n)) for n in range(POSITION_MAX + 1)]
BLANK_GOALS = 2  # rows for new goals on the check-out


def _area(label, rows=2, **kwargs):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ContractForm(forms.Form):
    rules = _area(_("The rules, one per line"), rows=8)


class CheckInForm(forms.Form):
    purpose = _area(_("Purpose and goals"))
    roles = _area(_("Roles (who leads, who keeps time, who takes notes)"))
    time_frame = forms.CharField(label=_("Time frame"), required=False, max_length=200)
    agenda = _area(_("Agenda, one item per line"), rows=4)
    open_questions = _area(_("Open questions"))


class NoteForm(forms.Form):
    expectations = _area(_("My expectations"))
    fears = _area(_("My fears"))
    takeaway = forms.CharField(
        label=_("My takeaway, in one sentence"), required=False, max_length=300
    )


class CheckOutForm(forms.Form):
    """One row per goal: its title and where the group stands, 0 (today) to
    10 (where it wants to be); the group's known goals first, then empty rows."""

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        titles = [*goals, *[""] * BLANK_GOALS]
        for index, title in enumerate(titles):
            number = index + 1
            self.fields[f"goal_{index}"] = forms.CharField(
                label=_("Goal %(n)d") % {"n": number}, required=False, initial=title,
                max_length=300,
            )  # fmt: skip
            self.fields[f"position_{index}"] = forms.TypedChoiceField(
                label=_("Where we stand on goal %(n)d (0 = today, 10 = where we want to be)")
                % {"n": number},
                choices=SCALE, required=False, coerce=int, empty_value=None,
            )  # fmt: skip
        self.rows = len(titles)
        self.fields["activities"] = _area(_("Activities that move us one step up"))
        self.fields["next_purpose"] = _area(_("Purpose of the next meeting"))

    def goal_rows(self):
        return [(self[f"goal_{i}"], self[f"position_{i}"]) for i in range(self.rows)]

    def goals(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"title": data[f"goal_{i}"], "position": data[f"position_{i}"]}
            for i in range(self.rows)
            if data.get(f"goal_{i}") or data.get(f"position_{i}") is not None
        ]


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    due = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "-")] + [(p.pk, p.name) for p in people]


class BackspeglingStartForm(forms.Form):
    event = forms.CharField(label=_("The event to look back on"), max_length=300)


class AnswerForm(forms.Form):
    happened = _area(_("What happened?"), rows=3)
    felt = _area(_("What did you feel and think?"), rows=3)
    learned = _area(_("What did you learn?"), rows=3)
    use = _area(_("When can you use it?"), rows=3)


class JointForm(forms.Form):
    joint_happened = _area(_("What happened and what we felt"), rows=3)
    joint_learned = _area(_("What we learned and how we will use it"), rows=3)
