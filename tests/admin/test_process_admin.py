"""The admin records chair history through the same audited services as the API and the CLI."""

from __future__ import annotations

import pytest

from almaty.core.models import AuditEntry
from almaty.process.models import ChairPass, ChairTerm, NationalCoordinator, State

ADD_TERM = "/en/admin/process/chairterm/add/"
ADD_PASS = "/en/admin/process/chairpass/add/"
ADD_COORDINATOR = "/en/admin/process/nationalcoordinator/add/"


@pytest.fixture
def staff_client(client, user_with_role):
    user = user_with_role("support_unit")
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


def _term_form(state: State, **extra: str) -> dict[str, str]:
    return {"state": str(state.pk), "starts_on": "2027-04-24", "kind": "regular", **extra}


def test_support_unit_staff_add_a_chair_term_through_the_service(staff_client):
    kgz = State.objects.get(iso3="KGZ")
    before = AuditEntry.objects.count()

    response = staff_client.post(ADD_TERM, _term_form(kgz, representative_en="Minister"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    term = ChairTerm.objects.get(starts_on="2027-04-24")
    assert term.state == kgz
    assert (
        ChairTerm.objects.get(state__iso3="KAZ", starts_on="2025-04-24").ends_on.isoformat()
        == "2027-04-24"
    )
    keys = list(
        AuditEntry.objects.order_by("sequence").values_list("message_key", flat=True)[before:]
    )
    assert "chair.term_added" in keys


def test_a_refused_term_shows_the_services_message_and_stores_nothing(staff_client):
    iran = State.objects.get(iso3="IRN")
    count = ChairTerm.objects.count()

    response = staff_client.post(ADD_TERM, _term_form(iran))

    assert response.status_code == 200
    assert "IRN cannot chair on 2027-04-24" in response.content.decode()
    assert ChairTerm.objects.count() == count


def test_a_pass_by_an_observer_is_refused_in_the_admin(staff_client):
    response = staff_client.post(
        ADD_PASS, {"state": str(State.objects.get(iso3="PAK").pk), "turn_starts_on": "2027-04-24"}
    )

    assert response.status_code == 200
    assert "Only a Member State can pass its turn" in response.content.decode()
    assert not ChairPass.objects.filter(state__iso3="PAK").exists()


def test_a_coordinator_is_designated_in_the_admin(staff_client):
    response = staff_client.post(
        ADD_COORDINATOR,
        {
            "state": str(State.objects.get(iso3="TJK").pk),
            "full_name": "Dilshod Rahimov",
            "designated_on": "2026-01-10",
        },
    )

    assert response.status_code == 302
    assert NationalCoordinator.objects.get(state__iso3="TJK").full_name == "Dilshod Rahimov"


@pytest.mark.parametrize("path", [ADD_TERM, ADD_PASS, ADD_COORDINATOR])
def test_staff_without_the_support_unit_role_cannot_add_history(client, user_with_role, path):
    user = user_with_role("national_coordinator", "KAZ")
    user.is_staff = True
    user.save()
    client.force_login(user)

    assert client.get(path).status_code == 403


def test_recorded_terms_cannot_be_edited_in_the_admin(staff_client):
    term = ChairTerm.objects.first()

    response = staff_client.post(
        f"/en/admin/process/chairterm/{term.pk}/change/", {"starts_on": "2010-01-01"}
    )

    assert response.status_code == 403
    term.refresh_from_db()
    assert term.starts_on.isoformat() == "2013-06-05"
