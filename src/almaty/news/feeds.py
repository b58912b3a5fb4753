"""RSS and Atom feeds of the news, one per language: only the items written in the language of
the address, with their titles and summaries in it."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from almaty.core.languages import current_language as _language
from almaty.news import selectors
from almaty.news.models import NewsItem

FEED_SIZE = 20


class NewsRssFeed(Feed):
    def title(self) -> str:
        return _("Almaty Process: news")

    def link(self) -> str:
        return reverse("news:list")

    def description(self) -> str:
        return _("News of the Almaty Process on Refugee Protection and International Migration.")

    def feed_url(self) -> str:
        return reverse("news:feed-rss")

    def items(self) -> list[NewsItem]:
        return list(selectors.published_in(_language())[:FEED_SIZE])

    def item_title(self, item: NewsItem) -> str:
        return item.title_in(_language())

    def item_description(self, item: NewsItem) -> str:
        return item.summary_in(_language())

    def item_link(self, item: NewsItem) -> str:
        return item.url_in(_language())

    def item_pubdate(self, item: NewsItem) -> dt.datetime | None:
        return item.publish_at

    def item_updateddate(self, item: NewsItem) -> dt.datetime:
        return item.updated_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()

    def feed_url(self) -> str:
        return reverse("news:feed-atom")
