from __future__ import annotations

import datetime as dt

import factory

from almaty.meetings.choices import MeetingKind
from almaty.meetings.models import Meeting


class MeetingFactory(factory.django.DjangoModelFactory):
    """A one-day Senior Officials' Meeting unless told otherwise; `ends_on` follows `starts_on`."""

    class Meta:
        model = Meeting

    kind = MeetingKind.SOM
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    title_ru = factory.Sequence(lambda n: f"Встреча {n}")
    starts_on = dt.date(2017, 6, 1)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on)
    host_state = None
