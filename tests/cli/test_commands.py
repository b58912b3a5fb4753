"""The `almaty` command: what an operator types and what they read back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from almaty.accounts.models import RoleAssignment, User
from almaty.accounts.services import token_authenticate, user_create
from almaty.cli.main import run
from almaty.config.env import registry
from almaty.core.models import AuditEntry
from almaty.process.models import State
from tests.cli.running import RECORDS, VERSION, table_rows
from tests.core import tampering
from tests.factories.accounts import UserFactory
from tests.process import reference_files

PASSWORD = re.compile(r"\b[a-z2-9]{5}(?:-[a-z2-9]{5}){3}\b")

# Help


@pytest.mark.parametrize(
    ("command", "describes"),
    [
        ([], "Run and manage the Almaty Process platform."),
        (["serve"], "Serve the platform with gunicorn, and run the task worker beside it."),
        (
            ["init"],
            "Prepare this instance: migrate, collect static files, load reference data, "
            "create the first administrator.",
        ),
        (
            ["load-reference"],
            "Load the reference data (States, organisations, roles). Safe to run again.",
        ),
        (["users"], "Manage user accounts, roles and API tokens."),
        (["users", "add"], "Create a user and give them a role."),
        (["users", "reset-password"], "Give a user a new one-time password, printed here."),
        (["users", "list"], "List users and their active roles."),
        (["backup"], "Write a backup archive (database, uploaded files, manifest with checksums)."),
        (["restore"], "Restore a backup archive into this instance, which must be empty."),
        (["audit"], "Check the audit log."),
        (
            ["audit", "verify"],
            "Recompute the audit log's hash chain; exit 1 if any entry was changed or removed.",
        ),
        (["config"], "List the environment variables the platform reads."),
    ],
    ids=lambda v: " ".join(v) or "almaty" if isinstance(v, list) else None,
)
def test_help_describes_each_command(almaty, command, describes):
    result = almaty(*command, "--help")

    assert result.exit_code == 0
    assert f"Usage: almaty {' '.join(command)}".strip() in result.out
    assert describes in result.out


@pytest.mark.parametrize(
    ("command", "options"),
    [
        (
            ["users", "add"],
            [
                "--role",
                "--state",
                "--print-token",
                "--invite",
                "--valid-from",
                "--valid-to",
                "--language",
            ],
        ),
        (["init"], ["--admin-email"]),
        (["load-reference"], ["--file", "--force"]),
        ([], ["--lang"]),
    ],
)
def test_help_lists_the_options_of_a_command(almaty, command, options):
    out = almaty(*command, "--help").out

    assert [option for option in options if option not in out] == []


def test_an_unknown_command_is_a_usage_error(almaty):
    result = almaty("frobnicate")

    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.err


# users add


def test_users_add_creates_a_user_with_a_role_for_a_state(almaty, reference):
    result = almaty(
        "users",
        "add",
        "NC.Kgz@Example.org",
        "--role",
        "national_coordinator",
        "--state",
        "kgz",
        "--name",
        "Айгуль Асанова",
    )

    assert result.exit_code == 0
    assert result.out == "User nc.kgz@example.org created with the role national_coordinator."
    user = User.objects.get(email="nc.kgz@example.org")
    assert (user.full_name, [(a.role.code, a.state.iso3) for a in user.role_assignments.all()]) == (
        "Айгуль Асанова",
        [("national_coordinator", "KGZ")],
    )


def test_users_add_takes_the_period_and_language_of_the_role(almaty, reference):
    almaty(
        "users", "add", "stat@example.org", "--role", "statistician", "--state", "TJK",
        "--valid-from", "2024-01-01", "--valid-to", "2025-12-31", "--language", "ru",
    )  # fmt: skip

    assignment = RoleAssignment.objects.get(user__email="stat@example.org")
    assert (
        str(assignment.valid_from),
        str(assignment.valid_to),
        assignment.user.preferred_language,
    ) == (
        "2024-01-01",
        "2025-12-31",
        "ru",
    )


def test_users_add_prints_a_token_that_authenticates_the_new_user(almaty, reference):
    result = almaty("users", "add", "robot@example.org", "--role", "support_unit", "--print-token")

    token = result.stdout.strip().splitlines()[-1]
    assert result.exit_code == 0
    assert "API token (shown once, keep it secret):" in result.out
    assert token_authenticate(token) == User.objects.get(email="robot@example.org")


def test_users_add_prints_no_token_unless_asked(almaty, reference):
    result = almaty("users", "add", "person@example.org", "--role", "support_unit")

    assert ("alm_" in result.stdout, "API token" in result.out) == (False, False)


def test_users_add_with_invite_emails_a_link_to_set_a_password(
    almaty, reference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = almaty("users", "add", "invited@example.org", "--role", "support_unit", "--invite")

    assert "An e-mail with a link to set a password was queued." in result.out
    assert [message.to for message in mail.outbox] == [["invited@example.org"]]


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        pytest.param(
            ["--role", "wizard"],
            "Unknown role 'wizard'. Known roles: border_analyst, chair, deputy_chair, "
            "national_coordinator, "
            "observer_delegate, protection_officer, statistician, support_unit, technical_officer.",
            id="unknown-role",
        ),
        pytest.param(
            ["--role", "national_coordinator", "--state", "XYZ"],
            "Unknown State code 'XYZ'.",
            id="unknown-state",
        ),
        pytest.param(
            ["--role", "national_coordinator"],
            "The role National Coordinator is held for a State: give its ISO 3166 alpha-3 code.",
            id="role-needs-a-state",
        ),
        pytest.param(
            ["--role", "support_unit", "--state", "KGZ"],
            "The role Support Unit staff is not held for a State.",
            id="role-without-state",
        ),
        pytest.param(
            [
                "--role",
                "chair",
                "--state",
                "KAZ",
                "--valid-from",
                "2025-01-01",
                "--valid-to",
                "2024-01-01",
            ],
            "A role cannot end before it starts.",
            id="period-reversed",
        ),
        pytest.param(
            ["--role", "support_unit", "--language", "de"],
            "Unknown language 'de'.",
            id="unknown-language",
        ),
    ],
)
def test_users_add_refuses_bad_input_and_creates_nobody(almaty, reference, arguments, error):
    result = almaty("users", "add", "new@example.org", *arguments)

    assert (result.exit_code, result.error) == (1, f"Error: {error}")
    assert (
        User.objects.count(),
        AuditEntry.objects.filter(message_key="user.created").count(),
    ) == (0, 0)


def test_users_add_refuses_an_invalid_email(almaty, reference):
    result = almaty("users", "add", "not-an-email", "--role", "support_unit")

    assert (result.exit_code, result.error) == (
        1,
        "Error: 'not-an-email' is not a valid e-mail address.",
    )


def test_users_add_refuses_an_email_already_in_use(almaty, reference):
    UserFactory(email="taken@example.org")

    result = almaty("users", "add", "Taken@example.org", "--role", "support_unit")

    assert (result.exit_code, result.error) == (
        1,
        "Error: A user with the e-mail address taken@example.org already exists.",
    )
    assert User.objects.count() == 1


def test_users_add_without_a_role_is_a_usage_error(almaty, reference):
    result = almaty("users", "add", "new@example.org")

    assert (result.exit_code, "Missing option '--role'" in result.err) == (2, True)
    assert User.objects.count() == 0


def test_users_add_with_a_date_in_another_format_is_a_usage_error(almaty, reference):
    result = almaty(
        "users", "add", "new@example.org", "--role", "support_unit", "--valid-from", "01.02.2024"
    )

    assert result.exit_code == 2
    assert User.objects.count() == 0


# users reset-password, users list


def test_users_reset_password_prints_a_one_time_password_that_signs_in(almaty, reference):
    user = UserFactory(email="forgot@example.org")

    result = almaty("users", "reset-password", "Forgot@example.org")

    password = result.stdout.strip().splitlines()[-1]
    user.refresh_from_db()
    assert result.exit_code == 0
    assert (
        "One-time password for Forgot@example.org (to be changed at the first sign-in):"
        in result.out
    )
    assert (
        PASSWORD.fullmatch(password) is not None,
        user.check_password(password),
        user.must_change_password,
    ) == (True, True, True)


def test_users_reset_password_replaces_the_old_password(almaty, reference):
    user = UserFactory(email="forgot@example.org")

    almaty("users", "reset-password", "forgot@example.org")

    user.refresh_from_db()
    assert not user.check_password("correct-horse-battery")


def test_users_reset_password_is_audited(almaty, reference):
    UserFactory(email="forgot@example.org")

    almaty("users", "reset-password", "forgot@example.org")

    assert AuditEntry.objects.last().message_key == "user.password_set"


def test_users_reset_password_of_an_unknown_user_fails(almaty, reference):
    result = almaty("users", "reset-password", "nobody@example.org")

    assert (result.exit_code, result.error) == (1, "Error: There is no user nobody@example.org.")


def test_users_list_shows_each_user_with_active_roles(almaty, user_with_role):
    import datetime as dt

    nc = user_with_role("national_coordinator", "KGZ")
    former = user_with_role(
        "chair", "KAZ", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2021, 1, 1)
    )

    rows = table_rows(almaty("users", "list").stdout)

    assert sorted(rows) == sorted(
        [
            [nc.email, nc.full_name, "national_coordinator (KGZ)"],
            [former.email, former.full_name, ""],
        ]
    )


# load-reference


def test_load_reference_loads_the_reference_data(almaty, db):
    result = almaty("load-reference")

    assert (result.exit_code, result.out) == (
        0,
        f"Reference data version {VERSION} loaded: {RECORDS} created, 0 changed.",
    )
    assert State.objects.count() == 13


def test_load_reference_a_second_time_has_nothing_to_do(almaty, db):
    almaty("load-reference")

    result = almaty("load-reference")

    assert (result.exit_code, result.out) == (
        0,
        f"Reference data version {VERSION} is already loaded; nothing to do.",
    )
    assert AuditEntry.objects.filter(message_key="reference.loaded").count() == 1


def test_load_reference_forced_reports_that_nothing_changed(almaty, db):
    almaty("load-reference")

    assert (
        almaty("load-reference", "--force").out
        == f"Reference data version {VERSION} loaded: 0 created, 0 changed."
    )


def test_load_reference_from_another_file_reports_the_change(almaty, db, tmp_path):
    almaty("load-reference")
    data = reference_files.original()
    reference_files.item(data, "states", iso3="KGZ")["name"]["en"] = "The Kyrgyz Republic"

    result = almaty("load-reference", "--file", str(reference_files.write(tmp_path, data)))

    assert result.out == f"Reference data version {VERSION} loaded: 0 created, 1 changed."


def test_load_reference_of_a_bad_file_fails_with_the_problem(almaty, db, tmp_path):
    data = reference_files.original()
    reference_files.item(data, "participations", state="USA")["status"] = "partner"

    result = almaty("load-reference", "--file", str(reference_files.write(tmp_path, data)))

    assert (result.exit_code, result.error) == (
        1,
        "Error: participations[12]: unknown participation status 'partner'.",
    )
    assert State.objects.count() == 0


# init


def test_init_prepares_an_empty_instance(almaty, db, no_collectstatic):
    result = almaty("init")

    assert result.exit_code == 0
    assert f"Reference data version {VERSION} loaded: {RECORDS} created, 0 changed." in result.out
    assert (State.objects.count(), no_collectstatic) == (13, ["collectstatic"])
    assert "3 sources of public statistics loaded." in result.out


def test_init_creates_the_administrator_with_a_one_time_password(almaty, db, no_collectstatic):
    result = almaty("init", "--admin-email", "Head.SU@example.org")

    password = PASSWORD.search(result.out).group()
    admin = User.objects.get()
    assert (
        "Created the Support Unit administrator head.su@example.org "
        f"with the one-time password {password}" in result.out
    )
    assert (
        admin.email,
        admin.is_staff,
        admin.must_change_password,
        admin.check_password(password),
    ) == (
        "head.su@example.org",
        True,
        True,
        True,
    )
    assert [a.role.code for a in admin.role_assignments.all()] == ["support_unit"]


def test_init_a_second_time_creates_nobody_and_says_how_to_sign_in(almaty, db, no_collectstatic):
    almaty("init")

    result = almaty("init", "--admin-email", "other@example.org")

    assert result.exit_code == 0
    assert "0 sources of public statistics loaded." in result.out
    assert User.objects.count() == 1
    assert f"Reference data version {VERSION} is already loaded; nothing to do." in result.out
    assert "Sign in at http://127.0.0.1:8000/en/account/sign-in/ as admin@localhost." in result.out
    assert "Forgot the password? Run: almaty users reset-password admin@localhost" in result.out


def test_init_prints_the_one_time_password_only_the_first_time(almaty, db, no_collectstatic):
    first = almaty("init")

    second = almaty("init")

    assert (PASSWORD.search(first.out) is not None, PASSWORD.search(second.out)) == (True, None)


def test_init_with_an_invalid_email_creates_nobody(almaty, db, no_collectstatic):
    result = almaty("init", "--admin-email", "admin")

    assert (result.exit_code, result.error) == (1, "Error: 'admin' is not a valid e-mail address.")
    assert User.objects.count() == 0


# audit verify


def test_audit_verify_on_an_intact_log_exits_0(almaty, reference):
    user_create(email="a@example.org", actor=None)
    user_create(email="b@example.org", actor=None)

    result = almaty("audit", "verify")

    assert (result.exit_code, result.out) == (0, "The audit log is intact: 3 entries checked.")


def test_audit_verify_counts_a_single_entry_in_the_singular(almaty, reference):
    assert almaty("audit", "verify").out == "The audit log is intact: 1 entry checked."


def test_audit_verify_after_a_row_was_changed_exits_1_naming_it(almaty, reference):
    user_create(email="a@example.org", actor=None)
    user_create(email="b@example.org", actor=None)
    tampering.change(2, "actor_label", "someone.else@example.org")

    result = almaty("audit", "verify")

    assert result.exit_code == 1
    assert (
        "Entry 2 was changed after it was written. "
        "The audit log was tampered with: 1 problem found." in result.err
    )


def test_audit_verify_after_the_last_row_was_deleted_exits_1(almaty, reference):
    user_create(email="a@example.org", actor=None)
    tampering.delete(2)

    result = almaty("audit", "verify")

    assert result.exit_code == 1
    assert "The chain should hold 2 entries; entries at its end were removed." in result.err


def test_audit_verify_counts_several_problems_in_the_plural(almaty, reference):
    user_create(email="a@example.org", actor=None)
    user_create(email="b@example.org", actor=None)
    tampering.delete(2)

    result = almaty("audit", "verify")

    assert (
        "Entry 2 is missing (deleted). Entry 3 does not follow the entry before it." in result.err
    )
    assert "The audit log was tampered with: 2 problems found." in result.err


# backup and restore


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def test_backup_writes_an_archive_and_says_where(almaty, reference, media_root, tmp_path):
    archive = tmp_path / "almaty-backup.tar.gz"

    result = almaty("backup", str(archive))

    assert (result.exit_code, archive.is_file()) == (0, True)
    assert result.out.startswith(f"Backup written to {archive}: ")


def test_backup_then_restore_into_an_empty_instance(
    almaty, transactional_db, user_with_role, media_root, tmp_path
):
    user_with_role("national_coordinator", "KGZ")
    (media_root / "note.txt").write_text("kept")
    archive = tmp_path / "almaty-backup.tar.gz"
    almaty("backup", str(archive))
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)

    result = almaty("restore", str(archive))

    assert result.exit_code == 0, result
    assert re.fullmatch(r"Restored \d+ rows\.", result.out)
    assert RoleAssignment.objects.get().state.iso3 == "KGZ"
    assert (media_root / "note.txt").read_text() == "kept"
    assert almaty("audit", "verify").exit_code == 0


def test_restore_of_a_file_that_is_not_a_backup_fails_with_the_message(
    almaty, db, media_root, tmp_path
):
    bad = tmp_path / "notes.tar.gz"
    bad.write_text("not a backup")

    result = almaty("restore", str(bad))

    assert (result.exit_code, result.error) == (
        1,
        f"Error: {bad} is not an almaty backup, or it is damaged.",
    )


def test_restore_of_a_missing_file_fails_with_the_message(almaty, db, tmp_path):
    result = almaty("restore", str(tmp_path / "gone.tar.gz"))

    assert (result.exit_code, result.error) == (
        1,
        f"Error: There is no file {tmp_path / 'gone.tar.gz'}.",
    )


def test_restore_into_an_instance_with_data_fails_and_keeps_it(
    almaty, reference, media_root, tmp_path
):
    archive = tmp_path / "almaty-backup.tar.gz"
    almaty("backup", str(archive))
    entries = AuditEntry.objects.count()

    result = almaty("restore", str(archive))

    assert (result.exit_code, result.error) == (
        1,
        "Error: Restore needs an empty instance: this one already has data.",
    )
    assert AuditEntry.objects.count() == entries


# config


@pytest.mark.parametrize("name", [name for name, _, _ in registry()])
def test_config_lists_every_environment_variable(almaty, name):
    result = almaty("config")

    assert result.exit_code == 0
    assert re.search(rf"│ {name} +│", result.stdout)


def test_config_shows_defaults(almaty):
    out = almaty("config").out

    assert "TIME_ZONE │ Default time zone for display. │ Asia/Almaty" in out


# The entry point, as the installed `almaty` script runs it


def test_the_entry_point_runs_a_command_and_exits_with_its_code(db, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")

    with pytest.raises(SystemExit) as exit_:
        run(["config"])

    assert exit_.value.code == 0
    assert "DATABASE_URL" in capsys.readouterr().out


def test_init_queues_the_first_forecasts_once(almaty, db, no_collectstatic, settings, monkeypatch):
    from almaty.forecasts import tasks
    from almaty.forecasts.models import Forecast

    queued: list[object] = []
    monkeypatch.setattr(
        tasks, "refresh_forecasts", lambda indicators=None: queued.append(indicators)
    )
    settings.FORECASTS_AUTO_REFRESH = True

    first = almaty("init")
    Forecast.objects.create(
        series_id="X._T", indicator="X", area="_T", freq="M", source="external",
        data_version="v", data_through="2024-01", horizon=1, method="m",
    )  # fmt: skip
    again = almaty("init")

    assert queued == [None]
    assert "The first forecasts are made in the task queue" in first.out
    assert "The first forecasts" not in again.out
