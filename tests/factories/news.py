from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from almaty.news.choices import NewsStatus
from almaty.news.models import NewsItem


class NewsItemFactory(factory.django.DjangoModelFactory):
    """A news item in both languages, published a day ago, unless told otherwise.

    Traits: `draft`, `scheduled` (published, shown from tomorrow), `english_only`,
    `russian_only`."""

    class Meta:
        model = NewsItem

    slug = factory.Sequence(lambda n: f"news-{n}")
    title_en = factory.Sequence(lambda n: f"News {n}")
    title_ru = factory.Sequence(lambda n: f"Новость {n}")
    body_en = "The Support Unit met the **coordinators**."
    body_ru = "Группа поддержки встретилась с **координаторами**."
    status = NewsStatus.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    first_published_at = factory.SelfAttribute("publish_at")

    class Params:
        draft = factory.Trait(status=NewsStatus.DRAFT, publish_at=None, first_published_at=None)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))
        )
        english_only = factory.Trait(title_ru="", body_ru="")
        russian_only = factory.Trait(title_en="", body_en="")
