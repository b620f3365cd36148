"""The start page, where a person lands after signing in."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import Page, signed_in


class HomePage(Page):
    rule = signed_in
    title = _("Start")
    template_name = "web/home.html"


urlpatterns = [path("", HomePage.as_view(), name="home")]

nav = [NavEntry(label=_("Start"), url_name="web:home", rule=signed_in, order=0)]
