from django.test import Client


def test_swedish_is_the_default_and_english_is_available(db, provisioned_tenants):
    unknown = Client(HTTP_HOST="okand.spiral.test")
    assert unknown.get("/").json()["title"] == "Okänd adress"
    english = unknown.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["title"] == "Unknown host"


def test_login_page_is_swedish_by_default(client_a):
    page = client_a.get("/accounts/login/").content.decode()
    assert "Logga in" in page and 'lang="sv"' in page
