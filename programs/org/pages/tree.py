"""The organisation tree, for HR: every unit in its place, with its manager,
its people and managers, each linking to the people list narrowed to it. One
query for the units, one aggregate for the counts, whatever the tree's size."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from spiral.platform.web.views import Page
from spiral.programs.org.models import OrgUnit
from spiral.programs.org.rules import administers
from spiral.programs.org.selectors import unit_list_visible, unit_people_counts


@dataclass
class Branch:
    unit: OrgUnit
    people: int = 0  # in the unit itself
    managers: int = 0
    total: int = 0  # in the unit and every unit below it
    children: list["Branch"] = field(default_factory=list)
    # one entry per list that closes after this unit's item (flatten)
    closing: list = field(default_factory=list)


def build_tree(units, counts) -> list[Branch]:
    """Units in path order (parents before children) into branches, and the
    flat order in which the template draws them as nested lists."""
    by_id: dict[int, Branch] = {}
    roots: list[Branch] = []
    for unit in units:
        numbers = counts.get(unit.pk, {})
        branch = Branch(unit, numbers.get("people", 0), numbers.get("managers", 0))
        branch.total = branch.people
        by_id[unit.pk] = branch
        parent = by_id.get(unit.parent_id)
        (parent.children if parent else roots).append(branch)
    for branch in reversed(list(by_id.values())):  # children before parents
        parent = by_id.get(branch.unit.parent_id)
        if parent:
            parent.total += branch.total
    return roots


def flatten(roots: list[Branch]) -> list[Branch]:
    """Depth first, each marked with the lists that close after it
    (``closing``), so that a flat loop draws the nested <ul>s: no recursive
    template, whose cost would grow with thousands of units."""
    flat: list[Branch] = []

    def walk(branches: list[Branch], pending: int) -> None:
        for index, branch in enumerate(branches):
            flat.append(branch)
            last = index == len(branches) - 1
            if branch.children:  # its own list closes after its last child
                walk(branch.children, (pending if last else 0) + 1)
            else:
                branch.closing = [None] * (pending if last else 0)

    walk(roots, 0)  # the outermost list is the template's own
    return flat


class OrganisationPage(Page):
    rule = administers  # as the API's organisation reads, for HR
    title = _("Organisation")
    template_name = "org/pages/tree.html"

    def get_context_data(self, **kwargs):
        units = unit_list_visible(actor=self.actor).select_related(None).select_related("manager")
        counts = {row["unit_id"]: row for row in unit_people_counts(actor=self.actor)}
        roots = build_tree(units, counts)
        context = super().get_context_data(**kwargs)
        context.update(branches=flatten(roots), unit_count=len(units))
        return context
