from django.test import override_settings

from spiral.tenants.links import tenant_base_url, tenant_url


def test_links_use_the_tenants_public_address(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        assert tenant_base_url() == "http://alfa.spiral.test:8000"  # development: the dev port
        with override_settings(SPIRAL_PUBLIC_SCHEME="https", SPIRAL_PUBLIC_PORT=None):
            assert tenant_url("/calendar/x.ics") == "https://alfa.spiral.test/calendar/x.ics"


def test_the_schemes_own_port_is_never_written(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        with override_settings(SPIRAL_PUBLIC_SCHEME="https", SPIRAL_PUBLIC_PORT=443):
            assert tenant_base_url() == "https://alfa.spiral.test"
        with override_settings(SPIRAL_PUBLIC_SCHEME="http", SPIRAL_PUBLIC_PORT=80):
            assert tenant_base_url() == "http://alfa.spiral.test"
        with override_settings(SPIRAL_PUBLIC_SCHEME="https", SPIRAL_PUBLIC_PORT=8443):
            assert tenant_base_url() == "https://alfa.spiral.test:8443"


def test_a_link_for_another_tenant_is_on_that_tenants_address(tenant_a, tenant_b, in_tenant):
    with in_tenant(tenant_a):
        assert tenant_url("/x/", tenant_b) == "http://beta.spiral.test:8000/x/"
