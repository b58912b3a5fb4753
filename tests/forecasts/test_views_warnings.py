"""The early warnings page: the list with its filters, and the reader's subscriptions."""

from __future__ import annotations

import pytest

from almaty.forecasts.models import WarningSubscription
from tests.forecasts.test_views import make_forecast, make_warning

WARNINGS = "/en/statistics/warnings/"
SUBSCRIBE = "/en/statistics/warnings/subscribe/"


@pytest.fixture
def reader(user_with_role):
    return user_with_role("national_coordinator", "KGZ")


@pytest.fixture
def raised():
    """A high warning on ENTRIES.KGZ, a low one on FRONTEX_IBC._T."""
    entries = make_forecast("ENTRIES.KGZ")
    frontex = make_forecast("FRONTEX_IBC._T", through="2022-12", source="external")
    return (
        make_warning(entries, period="2024-05", severity="high"),
        make_warning(
            frontex,
            period="2023-03",
            kind="above_last_year",
            severity="low",
            params={"mean": 30000.0, "before": 20000.0, "rise": 0.5, "share": 0.25},
        ),
    )


def test_the_list_explains_each_warning_and_links_its_series(client, reader, raised):
    client.force_login(reader)

    page = client.get(WARNINGS).content.decode()

    assert page.count("<h1>") == 1
    assert 'href="/en/statistics/forecasts/ENTRIES.KGZ/"' in page
    assert "Entries across the State border: Kyrgyzstan" in page
    assert "2024-05: 2,400 is above the 95% interval of its forecast" in page
    assert '<td class="severity-high">high</td>' in page
    assert "All nationalities" in page
    assert "the forecast (30,000) is 50% above the same period last year (20,000)" in page
    assert "forecast well above the same period last year" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"severity": "medium"}, "ENTRIES.KGZ/", "FRONTEX_IBC._T/"),
        ({"indicator": "FRONTEX_IBC"}, "FRONTEX_IBC._T/", "ENTRIES.KGZ/"),
        ({"indicator": "frontex_ibc", "severity": "low"}, "FRONTEX_IBC._T/", "ENTRIES.KGZ/"),
    ],
)
def test_the_list_filters_by_indicator_and_severity(client, reader, raised, query, shown, hidden):
    client.force_login(reader)

    page = client.get(WARNINGS, query).content.decode()

    assert shown in page
    assert hidden not in page


@pytest.mark.parametrize("query", [{"severity": "extreme"}, {"page": "x"}, {"indicator": "'; --"}])
def test_bad_filters_never_break_the_list(client, reader, raised, query):
    client.force_login(reader)

    assert client.get(WARNINGS, query).status_code == 200


def test_no_warnings_say_so(client, reader):
    client.force_login(reader)

    assert "No early warnings match." in client.get(WARNINGS).content.decode()


def test_the_list_takes_few_queries(client, reader, django_assert_max_num_queries):
    forecast = make_forecast()
    for month in range(1, 13):
        make_warning(forecast, period=f"2023-{month:02d}")
    client.force_login(reader)

    with django_assert_max_num_queries(14):
        response = client.get(WARNINGS)

    assert response.content.decode().count('class="severity-high"') == 12


def test_a_reader_subscribes_and_sees_the_subscription(client, reader):
    client.force_login(reader)

    response = client.post(
        SUBSCRIBE,
        {
            "subscribe-indicator": "ENTRIES",
            "subscribe-area": "KGZ",
            "subscribe-min_severity": "high",
        },
        follow=True,
    )

    assert response.status_code == 200
    subscription = WarningSubscription.objects.get(user=reader)
    assert (subscription.indicator, subscription.area, subscription.min_severity) == (
        "ENTRIES",
        "KGZ",
        "high",
    )
    page = response.content.decode()
    assert "You will be e-mailed these warnings." in page
    listed = page.split('id="subscriptions"')[1]
    assert "Entries across the State border" in listed
    assert "Kyrgyzstan" in listed


def test_all_indicators_and_areas_is_one_subscription(client, reader):
    client.force_login(reader)

    client.post(
        SUBSCRIBE,
        {"subscribe-indicator": "", "subscribe-area": "", "subscribe-min_severity": "low"},
    )

    page = client.get(WARNINGS).content.decode().split('id="subscriptions"')[1]
    assert WarningSubscription.objects.get(user=reader).indicator == ""
    assert "All indicators" in page
    assert "All areas" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"subscribe-indicator": "NOPE"},
            "Select a valid choice. NOPE is not one of the available choices.",
        ),
        ({"subscribe-area": "ZZZZ"}, "Select a valid choice."),
        ({"subscribe-min_severity": "extreme"}, "Select a valid choice."),
    ],
)
def test_a_bad_subscription_is_refused_on_the_form(client, reader, data, error):
    client.force_login(reader)

    response = client.post(
        SUBSCRIBE,
        {
            "subscribe-indicator": "ENTRIES",
            "subscribe-area": "KGZ",
            "subscribe-min_severity": "medium",
            **data,
        },
    )

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not WarningSubscription.objects.exists()


def test_a_refusal_by_the_service_is_shown_on_the_form(client, reader, monkeypatch):
    from almaty.core.errors import InvalidInput
    from almaty.forecasts import services

    def refuse(**kwargs):
        raise InvalidInput("Unknown indicator '%(value)s'.", value="ENTRIES")

    monkeypatch.setattr(services, "subscribe", refuse)
    client.force_login(reader)

    response = client.post(
        SUBSCRIBE,
        {
            "subscribe-indicator": "ENTRIES",
            "subscribe-area": "",
            "subscribe-min_severity": "medium",
        },
    )

    assert response.status_code == 400
    assert "Unknown indicator &#x27;ENTRIES&#x27;." in response.content.decode()


def test_a_reader_unsubscribes(client, reader):
    subscription = WarningSubscription.objects.create(user=reader, indicator="ENTRIES")
    client.force_login(reader)

    page = client.post(
        f"/en/statistics/warnings/subscriptions/{subscription.pk}/delete/", follow=True
    ).content.decode()

    assert "You will no longer be e-mailed these warnings." in page
    assert not WarningSubscription.objects.exists()


def test_another_users_subscription_cannot_be_removed(client, reader, user_with_role):
    other = user_with_role("statistician", "KAZ")
    subscription = WarningSubscription.objects.create(user=other, indicator="ENTRIES")
    client.force_login(reader)

    response = client.post(
        f"/en/statistics/warnings/subscriptions/{subscription.pk}/delete/", follow=True
    )

    assert response.status_code == 200
    assert "No such subscription." in response.content.decode()
    assert WarningSubscription.objects.filter(pk=subscription.pk).exists()


def test_subscribing_needs_a_post(client, reader):
    client.force_login(reader)

    assert client.get(SUBSCRIBE).status_code == 405
    assert client.get("/en/statistics/warnings/subscriptions/1/delete/").status_code == 405


def test_someone_without_a_role_cannot_subscribe(client, reference):
    from tests.factories.accounts import UserFactory

    person = UserFactory()
    client.force_login(person)

    response = client.post(SUBSCRIBE, {"subscribe-indicator": "", "subscribe-min_severity": "low"})

    assert response.status_code == 403
    assert not WarningSubscription.objects.exists()
