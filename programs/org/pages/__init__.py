"""The organisation's pages, for HR: people, the organisation tree and the HR
import. They read through spiral.programs.org.selectors and write through its
services and the import service, with the rules the API's viewsets name
(api/org/views.py, api/imports/views.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from spiral.platform.web.nav import NavEntry
from spiral.programs.org.pages.imports import PeopleImportPage
from spiral.programs.org.pages.people import (
    PeoplePage,
    PersonInvitePage,
    PersonPage,
    PersonRolesPage,
)
from spiral.programs.org.pages.tree import OrganisationPage
from spiral.programs.org.rules import administers

urlpatterns = [
    path("people/", PeoplePage.as_view(), name="people"),
    path("people/<uuid:public_id>/", PersonPage.as_view(), name="person"),
    path("people/<uuid:public_id>/roles/", PersonRolesPage.as_view(), name="person-roles"),
    path("people/<uuid:public_id>/invite/", PersonInvitePage.as_view(), name="person-invite"),
    path("organisation/", OrganisationPage.as_view(), name="tree"),
    path("import/", PeopleImportPage.as_view(), name="import"),
]

nav = [
    NavEntry(label=_("People"), url_name="org:people", rule=administers, order=30),
    NavEntry(label=_("Organisation"), url_name="org:tree", rule=administers, order=40),
    NavEntry(label=_("HR import"), url_name="org:import", rule=administers, order=50),
]
