from __future__ import annotations

import datetime as dt

import factory

from almaty.process.choices import AmendingBody, OrderKey, ParticipationStatus, TermKind
from almaty.process.models import (
    ChairPass,
    ChairTerm,
    ModalitiesVersion,
    NationalCoordinator,
    Participation,
    State,
)


class StateFactory(factory.django.DjangoModelFactory):
    """A State with real ISO codes (pick iso3/iso2/numeric together)."""

    class Meta:
        model = State
        django_get_or_create = ("iso3",)

    iso3 = "UZB"
    iso2 = "UZ"
    numeric = 860
    name_en = "Republic of Uzbekistan"
    name_ru = "Республика Узбекистан"
    rotation_name = "Uzbekistan"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    state = factory.SubFactory(StateFactory)
    organisation = None
    status = ParticipationStatus.GUEST
    valid_from = dt.date(2020, 1, 1)
    valid_to = None


class ModalitiesVersionFactory(factory.django.DjangoModelFactory):
    """A version of the Operating Modalities with the 2013 rules unless told otherwise.

    Give `number` and `effective_on` when the reference data (version 1, 2013-06-05) is loaded.
    """

    class Meta:
        model = ModalitiesVersion

    number = factory.Sequence(lambda n: n + 2)
    effective_on = factory.Sequence(lambda n: dt.date(2030 + n, 1, 1))
    title_en = factory.LazyAttribute(lambda o: f"Operating Modalities, version {o.number}")
    title_ru = factory.LazyAttribute(lambda o: f"Порядок работы, версия {o.number}")
    text_en = "The rules."
    text_ru = "Правила."
    term_years = 2
    order_key = OrderKey.NAME_EN
    listed_order = factory.LazyFunction(list)
    eligible_statuses = factory.LazyFunction(lambda: [ParticipationStatus.MEMBER.value])
    ministerial_every_years = 2
    som_every_years = 1
    national_consultation_every_years = 1
    support_unit_review_years = 2
    has_voluntary_fee = True
    deputy_chairs = 0
    technical_group_size = 0
    amended_by = AmendingBody.MINISTERIAL


class ChairTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChairTerm

    state = factory.SubFactory(StateFactory)
    starts_on = factory.Sequence(lambda n: dt.date(2040 + 2 * n, 1, 1))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on.replace(year=o.starts_on.year + 2))
    kind = TermKind.REGULAR


class ChairPassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChairPass

    state = factory.SubFactory(StateFactory)
    turn_starts_on = dt.date(2027, 4, 24)


class NationalCoordinatorFactory(factory.django.DjangoModelFactory):
    """An open designation (no account) from 2024-01-01."""

    class Meta:
        model = NationalCoordinator

    state = factory.SubFactory(StateFactory)
    full_name = factory.Faker("name")
    designated_on = dt.date(2024, 1, 1)
    ended_on = None
    user = None
