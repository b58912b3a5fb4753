"""Audit entries are shown as text in the reader's language, from a key and parameters."""

from __future__ import annotations

import pytest

from almaty.core.audit_messages import MESSAGES, PROBLEMS, render


@pytest.mark.parametrize(
    ("key", "params", "text"),
    [
        ("user.created", {"email": "a@example.org"}, "User a@example.org was created."),
        (
            "role.assigned",
            {
                "email": "a@example.org",
                "role": "national_coordinator",
                "state_suffix": " (KGZ)",
                "valid_from": "2024-05-01",
            },
            "a@example.org was given the role national_coordinator (KGZ) from 2024-05-01.",
        ),
        (
            "reference.loaded",
            {"version": 1, "created": 54, "updated": 0},
            "Reference data version 1 was loaded: 54 records created, 0 changed.",
        ),
        (
            "backup.restored",
            {"created_at": "2024-05-01T10:00:00+00:00"},
            "A backup made on 2024-05-01T10:00:00+00:00 was restored.",
        ),
    ],
)
def test_render_fills_the_parameters_in(key, params, text):
    assert render(key, params) == text


def test_render_ignores_extra_parameters():
    assert (
        render("user.created", {"email": "a@example.org", "unused": 1})
        == "User a@example.org was created."
    )


def test_render_shows_an_unknown_key_as_it_is():
    assert render("meeting.opened", {"number": 3}) == "meeting.opened"


@pytest.mark.parametrize("params", [{}, {"mail": "a@example.org"}], ids=["none", "misnamed"])
def test_render_shows_the_template_when_parameters_are_missing(params):
    assert render("user.created", params) == "User %(email)s was created."


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_uses_only_named_placeholders(key):
    text = str(MESSAGES[key])

    assert "%s" not in text
    assert "{" not in text


@pytest.mark.parametrize("reason", sorted(PROBLEMS))
def test_every_problem_names_the_entry(reason):
    assert "12" in str(PROBLEMS[reason]) % {"sequence": 12}
