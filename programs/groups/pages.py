"""The work group's pages: its groups and meetings, the meeting page the
leader runs from (check-in, the contract in force, open actions, check-out
with 0-10 per goal, everyone's words updated live with htmx polling), the
contract, the trend of each goal and the backspegling. The same selectors,
services and rules as /api/v1/group-*/ and /api/v1/backspeglingar/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from spiral.platform.core.errors import ConflictError
from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import Page
from spiral.programs.groups import actions as group_actions
from spiral.programs.groups import backspegling, forms, rules, selectors, services
from spiral.programs.groups.charts import trend_chart
from spiral.programs.groups.contract_template import contract_template
from spiral.programs.groups.membership import group_people
from spiral.programs.org.selectors import person_of

POLL = "every 5s"  # how often the others in the room see what was written


def _found(queryset, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def _errors(form, error) -> None:
    """A service's refusal onto the form: on its field when the form has one."""
    if isinstance(error, ConflictError):
        form.add_error(None, str(error))
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class _PostPage(Page):
    """A page whose POSTs name what they do (``do``); each handler returns a
    form with errors to show, or None when it saved."""

    abstract = True
    handlers: dict[str, str] = {}

    def post(self, request, *args, **kwargs):
        handler = self.handlers.get(request.POST.get("do", ""))
        if handler is None:
            raise Http404
        failed = getattr(self, handler)()
        if failed is None:
            return HttpResponseRedirect(request.get_full_path())
        name, form = failed
        return self.render_to_response(self.get_context_data(**{name: form}))

    def _save(self, name: str, form, write):
        if not form.is_valid():
            return name, form
        try:
            write(form.cleaned_data)
        except (ValidationError, ConflictError) as error:
            _errors(form, error)
            return name, form
        messages.success(self.request, _("Saved."))
        return None


class GroupsPage(_PostPage):
    rule = rules.in_a_work_group
    title = _("My work group")
    template_name = "groups/pages/groups.html"
    handlers = {"start": "start_backspegling"}

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        groups = []
        for group in selectors.work_group_list_mine(actor=self.actor):
            sessions = selectors.meeting_sessions_visible(actor=self.actor).filter(
                component_instance__work_group=group
            )
            groups.append({
                "group": group,
                "leads": group.leader_id == self.actor.person_id,
                "contract": selectors.contract_in_force(actor=self.actor, work_group=group),
                "sessions": list(sessions),
                "overdue": list(selectors.actions_overdue_led(actor=self.actor, today=today)
                                .filter(work_group=group)),
                "backspeglingar": list(selectors.backspegling_list_visible(actor=self.actor)
                                       .filter(work_group=group)),
            })  # fmt: skip
        kwargs.setdefault("start_form", forms.BackspeglingStartForm())
        return super().get_context_data(groups=groups, **kwargs)

    def start_backspegling(self):
        group = _found(
            selectors.work_group_list_mine(actor=self.actor),
            public_id=self.request.POST.get("group"),
        )
        form = forms.BackspeglingStartForm(self.request.POST)
        return self._save("start_form", form, lambda data: backspegling.backspegling_start(
            work_group=group, event=data["event"], started_by=person_of(actor=self.actor)
        ))  # fmt: skip


class ContractPage(_PostPage):
    rule = rules.takes_part
    title = _("Group contract")
    template_name = "groups/pages/contract.html"
    handlers = {"accept": "accept", "version": "version"}

    def group(self):
        return _found(
            selectors.work_group_list_mine(actor=self.actor), public_id=self.kwargs["public_id"]
        )

    def get_context_data(self, **kwargs):
        group = self.group()
        contract = selectors.contract_in_force(actor=self.actor, work_group=group)
        rules_text = "\n".join(contract.rules if contract else contract_template(get_language()))
        people = {p.public_id: p for p in group_people(work_group=group)}
        accepted = [people[i] for i in (contract.accepted_by if contract else []) if i in people]
        return super().get_context_data(
            group=group, contract=contract, accepted=accepted,
            leads=group.leader_id == self.actor.person_id,
            contract_form=kwargs.pop("contract_form", None)
            or forms.ContractForm(initial={"rules": rules_text}),
            **kwargs,
        )  # fmt: skip

    def accept(self):
        contract = selectors.contract_in_force(actor=self.actor, work_group=self.group())
        if contract is None:
            raise Http404
        services.contract_accept(contract=contract, person=person_of(actor=self.actor))
        messages.success(self.request, _("You have accepted the contract."))

    def version(self):
        group = self.group()
        if group.leader_id != self.actor.person_id:
            raise Http404
        form = forms.ContractForm(self.request.POST)
        writer = person_of(actor=self.actor)
        return self._save("contract_form", form, lambda data: services.contract_version_add(
            work_group=group, rules=forms.lines(data["rules"]), written_by=writer
        ))  # fmt: skip


class MeetingPage(_PostPage):
    rule = rules.takes_part
    title = _("Learning group meeting")
    template_name = "groups/pages/meeting.html"
    handlers = {
        "check_in": "check_in", "note": "note", "check_out": "check_out",
        "add_action": "add_action", "close_action": "close_action",
    }  # fmt: skip

    def session(self):
        if not hasattr(self, "_session"):
            self._session = _found(
                selectors.meeting_sessions_visible(actor=self.actor),
                public_id=self.kwargs["public_id"],
            )
        return self._session

    def group(self):
        return self.session().component_instance.work_group

    def leads(self) -> bool:
        return self.group().leader_id == self.actor.person_id

    def meeting(self):
        return (
            selectors.meeting_list_visible(actor=self.actor).filter(session=self.session()).first()
        )

    def meeting_or_open(self):
        """The leader's first check-in opens the meeting; others wait for it."""
        meeting = self.meeting()
        if meeting is None and self.leads():
            meeting = services.meeting_open(session=self.session())
        if meeting is None:
            raise Http404
        return meeting

    def get_context_data(self, **kwargs):
        meeting, group = self.meeting(), self.group()
        me = person_of(actor=self.actor)
        note = meeting.notes.filter(person=me).first() if meeting else None
        goals = [
            g.title for g in selectors.goal_list_visible(actor=self.actor).filter(work_group=group)
        ]
        contract = (meeting.contract if meeting and meeting.contract_id else None) or (
            selectors.contract_in_force(actor=self.actor, work_group=group)
        )
        check_in = {f: getattr(meeting, f) for f in services.CHECK_IN_FIELDS} if meeting else {}
        if meeting:
            check_in["agenda"] = "\n".join(meeting.agenda)
        positions = (
            {p.goal.title: p.position for p in selectors.meeting_positions(meeting=meeting)}
            if meeting
            else {}
        )
        kwargs.setdefault("check_in_form", forms.CheckInForm(initial=check_in))
        kwargs.setdefault(
            "note_form",
            forms.NoteForm(initial={f: getattr(note, f, "") for f in services.NOTE_FIELDS}),
        )
        kwargs.setdefault("check_out_form", self._check_out_form(meeting, goals, positions))
        kwargs.setdefault("action_form", forms.ActionForm(people=group_people(work_group=group)))
        open_actions = (
            selectors.actions_open_before(actor=self.actor, meeting=meeting)
            if meeting
            else (
                selectors.action_list_visible(actor=self.actor).filter(
                    work_group=group, status="open"
                )
            )
        )
        return super().get_context_data(
            session=self.session(), group=group, meeting=meeting, leads=self.leads(),
            contract=contract, open_actions=list(open_actions), room=self.room(meeting),
            **kwargs,
        )  # fmt: skip

    @staticmethod
    def _check_out_form(meeting, goals, positions):
        form = forms.CheckOutForm(goals=goals, initial={
            "activities": getattr(meeting, "activities", ""),
            "next_purpose": getattr(meeting, "next_purpose", ""),
        })  # fmt: skip
        for index, title in enumerate(goals):
            form.fields[f"position_{index}"].initial = positions.get(title)
        return form

    def room(self, meeting) -> dict:
        """What everyone in the room sees change: words, positions, actions."""
        if meeting is None:
            return {"meeting": None}
        return {
            "meeting": meeting,
            "notes": selectors.meeting_notes(meeting=meeting),
            "positions": selectors.meeting_positions(meeting=meeting),
            "actions": list(
                selectors.action_list_visible(actor=self.actor).filter(meeting=meeting)
            ),
        }

    def _leader_only(self):
        if not self.leads():
            raise Http404

    def check_in(self):
        self._leader_only()
        form = forms.CheckInForm(self.request.POST)
        return self._save("check_in_form", form, lambda data: services.meeting_check_in(
            meeting=self.meeting_or_open(), **{**data, "agenda": forms.lines(data["agenda"])}
        ))  # fmt: skip

    def note(self):
        form = forms.NoteForm(self.request.POST)
        return self._save("note_form", form, lambda data: services.note_write(
            meeting=self.meeting_or_open(), person=person_of(actor=self.actor), **data
        ))  # fmt: skip

    def check_out(self):
        self._leader_only()
        goals = [
            g.title
            for g in selectors.goal_list_visible(actor=self.actor).filter(work_group=self.group())
        ]
        form = forms.CheckOutForm(self.request.POST, goals=goals)
        return self._save("check_out_form", form, lambda data: services.meeting_check_out(
            meeting=self.meeting_or_open(), goals=form.goals(),
            activities=data["activities"], next_purpose=data["next_purpose"],
        ))  # fmt: skip

    def add_action(self):
        people = list(group_people(work_group=self.group()))
        form = forms.ActionForm(self.request.POST, people=people)

        def write(data):
            owner = next((p for p in people if p.pk == data["owner"]), None)
            group_actions.action_add(
                work_group=self.group(), text=data["text"], owner=owner, due=data["due"],
                meeting=self.meeting_or_open(),
            )  # fmt: skip

        return self._save("action_form", form, write)

    def close_action(self):
        action = _found(
            selectors.action_list_visible(actor=self.actor),
            public_id=self.request.POST.get("action"),
        )
        if not self.may(rules.closes_action, action):
            raise Http404
        group_actions.action_close(action=action)
        messages.success(self.request, _("The action is closed."))


class RoomPart(MeetingPage):
    """The live part of the meeting page alone: what htmx polls."""

    template_name = "groups/pages/_room.html"
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        context = {"room": self.room(self.meeting()), "session": self.session(), "poll": POLL}
        return TemplateResponse(request, self.template_name, context)


class TrendPage(Page):
    rule = rules.takes_part
    title = _("Our trend")
    template_name = "groups/pages/trend.html"

    def get_context_data(self, **kwargs):
        group = _found(
            selectors.work_group_list_mine(actor=self.actor), public_id=self.kwargs["public_id"]
        )
        goals = selectors.goal_list_visible(actor=self.actor).filter(work_group=group)
        charts = [(goal, trend_chart(list(goal.positions.all()))) for goal in goals]
        return super().get_context_data(group=group, charts=charts, **kwargs)


class BackspeglingPage(_PostPage):
    rule = rules.takes_part
    title = _("Backspegling")
    template_name = "groups/pages/backspegling.html"
    handlers = {"answer": "answer", "share": "share", "joint": "joint"}

    def found(self):
        return _found(
            selectors.backspegling_list_visible(actor=self.actor),
            public_id=self.kwargs["public_id"],
        )

    def get_context_data(self, **kwargs):
        found = self.found()
        mine = selectors.backspegling_answer_mine(actor=self.actor, backspegling=found)
        kwargs.setdefault("answer_form", forms.AnswerForm(
            initial={q: getattr(mine, q, "") for q in backspegling.QUESTIONS}
        ))  # fmt: skip
        kwargs.setdefault("joint_form", forms.JointForm(
            initial={f: getattr(found, f) for f in backspegling.JOINT}
        ))  # fmt: skip
        return super().get_context_data(
            backspegling=found, mine=mine,
            shared=selectors.backspegling_answers_shared(actor=self.actor, backspegling=found),
            **kwargs,
        )  # fmt: skip

    def answer(self):
        form = forms.AnswerForm(self.request.POST)
        return self._save("answer_form", form, lambda data: backspegling.backspegling_answer(
            backspegling=self.found(), person=person_of(actor=self.actor), **data
        ))  # fmt: skip

    def share(self):
        try:
            backspegling.backspegling_share(
                backspegling=self.found(), person=person_of(actor=self.actor)
            )
        except ConflictError as error:
            messages.error(self.request, str(error))
            return None
        messages.success(self.request, _("Your answers are shared with the group."))

    def joint(self):
        form = forms.JointForm(self.request.POST)
        return self._save("joint_form", form, lambda data: backspegling.backspegling_joint(
            backspegling=self.found(), person=person_of(actor=self.actor), **data
        ))  # fmt: skip


def meeting_url(session) -> str:
    return reverse("groups:meeting", args=[session.public_id])


urlpatterns = [
    path("groups/", GroupsPage.as_view(), name="groups"),
    path("groups/<uuid:public_id>/contract/", ContractPage.as_view(), name="contract"),
    path("groups/<uuid:public_id>/trend/", TrendPage.as_view(), name="trend"),
    path("groups/meetings/<uuid:public_id>/", MeetingPage.as_view(), name="meeting"),
    path("groups/meetings/<uuid:public_id>/room/", RoomPart.as_view(), name="room"),
    path("groups/backspegling/<uuid:public_id>/", BackspeglingPage.as_view(), name="backspegling"),
]

nav = [
    NavEntry(
        label=_("My work group"), url_name="groups:groups", rule=rules.in_a_work_group, order=16
    )
]
