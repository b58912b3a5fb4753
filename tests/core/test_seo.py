"""What search engines and link previews read: canonical addresses, hreflang with x-default,
Open Graph, descriptions, robots.txt and the sitemaps of each language."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import Context, RequestContext, Template
from django.test import RequestFactory

from almaty.archive.choices import Access, Language
from almaty.core import sitemaps
from tests.factories.archive import DocumentFactory, DocumentVersionFactory
from tests.factories.meetings import MeetingFactory
from tests.portal.page import Element, parse

pytestmark = pytest.mark.django_db

SITE = settings.SITE_URL
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def head(client, path: str) -> Element:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return parse(response.content).find("head")


def meta(page: Element, **attrs: str) -> str:
    return page.find("meta", **attrs).attrs["content"]


# --- the head of every page ----------------------------------------------------------------


def test_the_canonical_address_is_on_the_site_url_without_the_query(client):
    page = head(client, "/en/documents/?q=labour&page=2")

    assert [link.attrs["href"] for link in page.find_all("link", rel="canonical")] == [
        f"{SITE}/en/documents/"
    ]
    assert meta(page, property="og:url") == f"{SITE}/en/documents/"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_page_names_its_versions_and_an_x_default(client, language):
    page = head(client, f"/{language}/meetings/")

    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page.find_all("link", rel="alternate")
    }

    assert alternates == {
        "en": f"{SITE}/en/meetings/",
        "ru": f"{SITE}/ru/meetings/",
        "x-default": f"{SITE}/meetings/",
    }


@pytest.mark.parametrize(("accept", "location"), [("ru", "/ru/meetings/"), ("en", "/en/meetings/")])
def test_the_x_default_address_sends_readers_to_their_language(client, accept, location):
    response = client.get("/meetings/", headers={"Accept-Language": accept})

    assert (response.status_code, response["Location"]) == (302, location)


@pytest.mark.parametrize(
    ("language", "locale", "other"), [("en", "en_GB", "ru_RU"), ("ru", "ru_RU", "en_GB")]
)
def test_open_graph_names_the_page_its_locale_and_the_other(client, language, locale, other):
    page = head(client, f"/{language}/meetings/")

    assert meta(page, property="og:locale") == locale
    assert meta(page, property="og:locale:alternate") == other
    assert meta(page, property="og:type") == "website"
    assert meta(page, property="og:title") == page.find("title").text
    assert meta(page, property="og:site_name")
    assert meta(page, name="twitter:card") == "summary"


def test_a_page_without_a_description_of_its_own_has_the_sites(client):
    page = head(client, "/en/meetings/")

    description = meta(page, name="description")
    assert description.startswith("The Almaty Process on Refugee Protection")
    assert meta(page, property="og:description") == description


def render_page(source: str, **context: object) -> Element:
    request = RequestFactory().get("/en/meetings/")
    request.user = AnonymousUser()
    return parse(Template(source).render(RequestContext(request, context))).find("head")


def test_a_template_gives_its_title_and_description_once_for_all_tags():
    page = render_page(
        '{% extends "core/base.html" %}{% block title %}Labour & migration{% endblock %}'
        "{% block description %}Reports {{ what }}{% endblock %}",
        what="<of 2017>",
    )

    assert page.find("title").text == "Labour & migration"
    assert meta(page, property="og:title") == "Labour & migration"
    assert meta(page, name="description") == "Reports <of 2017>"
    assert meta(page, property="og:description") == "Reports <of 2017>"


def test_a_view_may_give_the_description_and_the_canonical_address():
    page = render_page(
        '{% extends "core/base.html" %}',
        meta_description="The fifth meeting",
        canonical_url=f"{SITE}/en/news/fifth/",
    )

    assert meta(page, name="description") == "The fifth meeting"
    assert [link.attrs["href"] for link in page.find_all("link", rel="canonical")] == [
        f"{SITE}/en/news/fifth/"
    ]
    assert meta(page, property="og:url") == f"{SITE}/en/news/fifth/"


def test_block_text_of_a_missing_block_is_empty():
    assert Template('{% load seo_tags %}[{% block_text "nothing" %}]').render(Context()) == "[]"


# --- robots.txt and the sitemaps -------------------------------------------------------------


def test_robots_txt_points_to_the_sitemap_and_keeps_accounts_out(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert {"Disallow: /*/account/", "Disallow: /*/admin/", "Disallow: /api/"} <= set(lines)


def xml(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def locations(root: ET.Element) -> set[str]:
    return {loc.text or "" for loc in root.iterfind(".//s:loc", NS)}


def test_the_sitemap_index_lists_one_sitemap_per_language(client):
    assert locations(xml(client, "/sitemap.xml")) == {
        f"{SITE}/en/sitemap.xml",
        f"{SITE}/ru/sitemap.xml",
    }


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_language_sitemap_lists_the_main_pages_in_its_language(client, reference, language):
    found = locations(xml(client, f"/{language}/sitemap.xml"))

    expected = ["", "states/", "chair/", "meetings/", "documents/", "decisions/"]
    assert {f"{SITE}/{language}/{tail}" for tail in expected} <= found
    assert all(url.startswith(f"{SITE}/{language}/") for url in found)


def test_a_meeting_is_listed_with_its_other_language_and_x_default(client):
    meeting = MeetingFactory()
    root = xml(client, "/ru/sitemap.xml")

    url = next(
        u
        for u in root.iterfind("s:url", NS)
        if u.findtext("s:loc", namespaces=NS) == f"{SITE}/ru/meetings/{meeting.pk}/"
    )
    links = {link.get("hreflang"): link.get("href") for link in url.iterfind("x:link", NS)}

    assert links == {
        "en": f"{SITE}/en/meetings/{meeting.pk}/",
        "ru": f"{SITE}/ru/meetings/{meeting.pk}/",
        "x-default": f"{SITE}/meetings/{meeting.pk}/",
    }
    assert url.findtext("s:lastmod", namespaces=NS) == meeting.updated_at.date().isoformat()


def test_a_document_is_listed_in_the_languages_it_is_written_in_only(client):
    english_only = DocumentVersionFactory(language=Language.EN).document
    both = DocumentFactory()
    for language in (Language.EN, Language.RU):
        DocumentVersionFactory(document=both, language=language)
    restricted = DocumentVersionFactory(document=DocumentFactory(access=Access.MEMBERS)).document

    english = locations(xml(client, "/en/sitemap.xml"))
    russian = locations(xml(client, "/ru/sitemap.xml"))

    assert f"{SITE}/en/documents/{english_only.pk}/" in english
    assert f"{SITE}/ru/documents/{english_only.pk}/" not in russian
    assert f"{SITE}/ru/documents/{both.pk}/" in russian
    assert not any(f"/documents/{restricted.pk}/" in url for url in english | russian)


def test_a_section_that_fails_leaves_the_others_listed(client, monkeypatch):
    def broken():
        raise RuntimeError("no such table")

    monkeypatch.setattr(sitemaps, "SECTIONS", (broken, sitemaps.static_pages))

    assert f"{SITE}/en/meetings/" in locations(xml(client, "/en/sitemap.xml"))


def test_the_sitemap_reads_a_few_queries_however_many_pages(
    client, reference, django_assert_max_num_queries
):
    for _ in range(5):
        MeetingFactory()
        DocumentVersionFactory()

    with django_assert_max_num_queries(12):
        client.get("/en/sitemap.xml")
