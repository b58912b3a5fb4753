"""Who reads which statistics: public to everyone, members-only to role holders, unpublished
data to its State and the Support Unit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from almaty.core.errors import NotFoundOrForbidden
from almaty.stats import access, services
from almaty.stats.models import Sharing
from tests.factories import stats as files


@pytest.fixture
def pending(statistician):
    return services.submission_create(user=statistician, data=files.entries(), filename="k.csv")


@pytest.fixture
def published(pending, coordinator):
    def make(sharing: str):
        approved = services.submission_approve(user=coordinator, submission=pending)
        return services.submission_publish(user=coordinator, submission=approved, sharing=sharing)

    return make


def _reader(user_with_role, who):
    if who == "anonymous":
        return AnonymousUser()
    role, _sep, state = who.partition(":")
    return user_with_role(role, state or None)


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", False),
        ("observer_delegate", False),
        ("national_coordinator:KAZ", False),
        ("statistician:KGZ", True),
        ("national_coordinator:KGZ", True),
        ("support_unit", True),
    ],
)
def test_unpublished_data_stays_with_its_state(user_with_role, pending, who, sees):
    visible = access.submissions_visible_to(_reader(user_with_role, who))

    assert visible.filter(pk=pending.pk).exists() is sees


@pytest.mark.parametrize(
    ("who", "sees"),
    [("anonymous", False), ("observer_delegate", True), ("national_coordinator:KAZ", True)],
)
def test_members_only_data_is_for_role_holders(user_with_role, published, who, sees):
    submission = published(Sharing.MEMBERS)

    visible = access.submissions_visible_to(_reader(user_with_role, who))

    assert visible.filter(pk=submission.pk).exists() is sees


def test_public_data_is_for_everyone(published):
    submission = published(Sharing.PUBLIC)

    assert access.submissions_visible_to(AnonymousUser()).filter(pk=submission.pk).exists()


def test_missing_and_forbidden_submissions_are_the_same_error(pending):
    with pytest.raises(NotFoundOrForbidden) as forbidden:
        access.access_submission_by_id(user=AnonymousUser(), submission_id=pending.pk)
    with pytest.raises(NotFoundOrForbidden) as missing:
        access.access_submission_by_id(user=AnonymousUser(), submission_id=pending.pk + 1000)

    assert forbidden.value.text.replace(str(pending.pk), "N") == missing.value.text.replace(
        str(pending.pk + 1000), "N"
    )


def test_the_submitter_reads_their_submission(statistician, pending):
    assert access.access_submission_by_id(user=statistician, submission_id=pending.pk) == pending
