from __future__ import annotations

import datetime as dt

import factory

from almaty.process.choices import ParticipationStatus
from almaty.process.models import Participation, State


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


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    state = factory.SubFactory(StateFactory)
    organisation = None
    status = ParticipationStatus.GUEST
    valid_from = dt.date(2020, 1, 1)
    valid_to = None
