"""The audit log: an append-only chain of entries whose tampering `audit_verify` reports."""

from __future__ import annotations

import datetime as dt
import json
import string
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almaty.accounts.models import User
from almaty.accounts.services import user_create
from almaty.core.audit import GENESIS, AuditProblem, _digest, audit_record, audit_verify
from almaty.core.audit_messages import MESSAGES
from almaty.core.models import AuditAction, AuditEntry, AuditLogIsAppendOnly
from tests.core import tampering
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def record(number: int = 0, **overrides: Any) -> AuditEntry:
    values: dict[str, Any] = {
        "actor": None,
        "action": AuditAction.CREATE,
        "object_type": "accounts.user",
        "object_id": str(number),
        "message_key": "user.created",
        "params": {"email": f"person{number}@example.org"},
    }
    return audit_record(**{**values, **overrides})


def record_many(count: int) -> list[AuditEntry]:
    return [record(n) for n in range(1, count + 1)]


def test_entries_get_consecutive_sequence_numbers():
    entries = record_many(4)

    assert [e.sequence for e in entries] == [1, 2, 3, 4]


def test_the_first_entry_starts_from_the_genesis_hash():
    assert record().prev_hash == GENESIS


def test_each_entry_links_to_the_hash_of_the_one_before():
    entries = record_many(4)

    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]


def test_hashes_differ_between_entries_with_the_same_content():
    first, second = record(1), record(1)

    assert first.hash != second.hash


def test_an_entry_names_a_signed_in_actor_by_email():
    actor = UserFactory(email="chair@example.org")

    entry = record(actor=actor)

    assert (entry.actor_id, entry.actor_label) == (actor.pk, "chair@example.org")


def test_an_entry_without_actor_is_written_by_the_system():
    assert record(actor=None).actor_label == "system"


def test_an_entry_stores_a_model_instance_as_type_and_id():
    user = UserFactory()

    entry = record(obj=user, object_type="", object_id="")

    assert (entry.object_type, entry.object_id) == ("accounts.user", str(user.pk))


def test_parameters_are_stored_as_json_values():
    entry = record(params={"valid_from": dt.date(2024, 5, 1), "count": 3})

    entry.refresh_from_db()
    assert entry.params == {"valid_from": "2024-05-01", "count": 3}


@pytest.mark.parametrize("number", [0.1, 1.0, 1e100, 1e-7, float("nan")], ids=repr)
def test_a_float_parameter_keeps_the_chain_verifiable(number):
    record(params={"share": number})

    assert audit_verify().ok


def test_unknown_message_key_is_refused_and_nothing_is_written():
    with pytest.raises(KeyError, match=r"no\.such\.message"):
        record(message_key="no.such.message")

    assert AuditEntry.objects.count() == 0


def test_verify_is_ok_on_an_empty_log():
    result = audit_verify()

    assert (result.ok, result.checked, result.problems) == (True, 0, [])


def test_verify_is_ok_on_an_intact_chain():
    record_many(5)

    result = audit_verify()

    assert (result.ok, result.checked, result.problems) == (True, 5, [])


def test_verify_reports_progress_per_entry():
    record_many(3)
    steps: list[int] = []

    audit_verify(progress=steps.append)

    assert steps == [1, 1, 1]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor_label", "someone.else@example.org"),
        ("object_id", "999"),
        ("message_key", "user.password_set"),
        ("action", AuditAction.DELETE.value),
        ("params", '{"email": "forged@example.org"}'),
        ("created_at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
    ],
)
def test_verify_detects_a_row_changed_with_raw_sql(column, value):
    record_many(3)

    tampering.change(2, column, value)

    assert audit_verify().problems == [AuditProblem(2, "changed")]


def test_verify_detects_a_row_whose_hash_was_rewritten_to_match_its_change():
    record_many(3)
    tampering.change(2, "actor_label", "someone.else@example.org")
    forged = AuditEntry.objects.get(sequence=2)

    tampering.change(2, "hash", _digest(prev_hash=forged.prev_hash, entry=forged))

    assert audit_verify().problems == [AuditProblem(3, "broken_link")]


def test_verify_detects_a_middle_row_deleted_with_raw_sql():
    record_many(3)

    tampering.delete(2)

    assert audit_verify().problems == [AuditProblem(2, "missing"), AuditProblem(3, "broken_link")]


def test_verify_detects_the_first_row_deleted_with_raw_sql():
    record_many(3)

    tampering.delete(1)

    assert audit_verify().problems == [AuditProblem(1, "missing"), AuditProblem(2, "broken_link")]


def test_verify_detects_the_last_row_deleted_as_truncation():
    record_many(3)

    tampering.delete(3)

    assert audit_verify().problems == [AuditProblem(3, "truncated")]


def test_verify_detects_every_row_deleted_as_truncation():
    record_many(3)

    tampering.sql("DELETE FROM {table}")

    result = audit_verify()
    assert (result.checked, result.problems) == (0, [AuditProblem(3, "truncated")])


def test_verify_detects_two_rows_swapped():
    record_many(4)

    tampering.swap(2, 3)

    problems = audit_verify().problems
    assert {AuditProblem(2, "changed"), AuditProblem(3, "changed")} <= set(problems)


def _forge_after(previous: AuditEntry, *, sequence: int) -> AuditEntry:
    """A well-formed entry chained to `previous`, saved without going through `audit_record`."""
    forged = AuditEntry(
        sequence=sequence,
        created_at=timezone.now(),
        actor_label="system",
        action=AuditAction.DELETE,
        object_type="accounts.user",
        object_id="1",
        message_key="user.created",
        params={"email": "ghost@example.org"},
        prev_hash=previous.hash,
    )
    forged.hash = _digest(prev_hash=forged.prev_hash, entry=forged)
    forged.save()
    return forged


def test_verify_detects_a_row_inserted_in_the_middle():
    first, *_ = record_many(3)
    tampering.shift_from(2)

    _forge_after(first, sequence=2)

    assert AuditProblem(3, "broken_link") in audit_verify().problems


def test_verify_detects_a_row_appended_without_the_chain_head():
    *_, last = record_many(3)

    _forge_after(last, sequence=4)

    result = audit_verify()
    assert (result.ok, result.checked) == (False, 4)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda e: AuditEntry.objects.filter(pk=e.pk).update(actor_label="x"),
            id="queryset-update",
        ),
        pytest.param(lambda e: AuditEntry.objects.all().delete(), id="queryset-delete"),
        pytest.param(lambda e: AuditEntry.objects.filter(pk=e.pk).delete(), id="filtered-delete"),
        pytest.param(lambda e: e.delete(), id="instance-delete"),
        pytest.param(lambda e: e.save(), id="instance-save"),
        pytest.param(
            lambda e: AuditEntry.objects.bulk_update([e], ["actor_label"]), id="bulk-update"
        ),
    ],
)
def test_the_orm_refuses_to_change_or_delete_entries(change):
    entry = record_many(2)[0]
    entry.actor_label = "someone.else@example.org"

    with (
        pytest.raises(AuditLogIsAppendOnly),
        transaction.atomic(),
    ):  # bulk_update breaks the outer one
        change(entry)

    assert (AuditEntry.objects.count(), audit_verify().ok) == (2, True)


def test_deleting_a_user_who_acted_leaves_the_chain_intact():
    admin = user_create(email="admin@example.org", actor=None)
    user_create(email="new@example.org", actor=admin)

    admin.delete()

    entry = AuditEntry.objects.get(sequence=2)
    assert (audit_verify().ok, entry.actor_label) == (True, "admin@example.org")


def test_an_entry_rolls_back_together_with_the_change_it_records():
    record(1)

    def create_then_fail() -> None:
        with transaction.atomic():
            user_create(email="rolled.back@example.org", actor=None)
            raise RuntimeError("the caller fails after the service")

    with pytest.raises(RuntimeError):
        create_then_fail()

    assert not User.objects.filter(email="rolled.back@example.org").exists()
    assert list(AuditEntry.objects.values_list("message_key", "sequence")) == [("user.created", 1)]


def test_the_next_entry_after_a_rollback_continues_the_chain_without_a_gap():
    record(1)

    def record_then_fail() -> None:
        with transaction.atomic():
            record(2)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        record_then_fail()

    entry = record(3)

    assert (entry.sequence, audit_verify().ok) == (2, True)


# Hypothesis: whatever was written, any single tampering is reported.

_text = st.text(alphabet=string.ascii_letters + string.digits + " .@-_Жжё", min_size=1, max_size=20)
_params = st.dictionaries(
    keys=st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=10),
    values=st.one_of(st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(), _text),
    max_size=4,
)
_new_params = st.dictionaries(  # what someone writes into the column: valid JSON on any database
    keys=st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=10),
    values=st.one_of(st.none(), st.booleans(), st.integers(-(10**9), 10**9), _text),
    max_size=4,
)
_entries = st.lists(
    st.tuples(
        st.sampled_from(sorted(MESSAGES)), st.sampled_from(list(AuditAction)), _text, _params
    ),
    min_size=1,
    max_size=8,
)
_tamperings = st.sampled_from(["actor_label", "object_id", "object_type", "params", "delete"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=_entries, data=st.data(), tampering_kind=_tamperings)
def test_any_single_tampered_row_is_reported(entries, data, tampering_kind):
    with transaction.atomic():
        for key, action, object_id, params in entries:
            audit_record(
                actor=None,
                action=action,
                object_type="test.thing",
                object_id=object_id,
                message_key=key,
                params=params,
            )
        target = data.draw(st.integers(1, len(entries)), label="tampered sequence")
        row = AuditEntry.objects.get(sequence=target)
        if tampering_kind == "delete":
            tampering.delete(target)
        elif tampering_kind == "params":
            new = data.draw(_new_params.filter(lambda p: p != row.params), label="new params")
            tampering.change(target, "params", json.dumps(new))
        else:
            new = data.draw(
                _text.filter(lambda t: t != getattr(row, tampering_kind)), label="new value"
            )
            tampering.change(target, tampering_kind, new)

        result = audit_verify()

        transaction.set_rollback(True)
    assert not result.ok
