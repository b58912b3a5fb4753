"""Submitting statistics on the web: uploads, the issues page, confirmation, the web form."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from almaty.core.models import AuditEntry
from almaty.stats import services
from almaty.stats.models import Observation, Submission, SubmissionStatus
from tests.factories import stats as files

SUBMIT = "/en/statistics/submit/"


def _counts() -> tuple[int, int, int]:
    return Submission.objects.count(), Observation.objects.count(), AuditEntry.objects.count()


def _upload(client, data: bytes, name: str = "kgz.csv", sharing: str = "members"):
    return client.post(
        SUBMIT, {"file": SimpleUploadedFile(name, data), "sharing": sharing}, follow=True
    )


def _bad_file() -> bytes:
    return files.sdmx_csv(
        [
            files.row(TIME_PERIOD="2024-01"),
            files.row(TIME_PERIOD="2024-02", REF_AREA="KAZZ"),
            files.row(TIME_PERIOD="2024-03", OBS_VALUE="1,000"),
        ]
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, reference):
    response = client.get(SUBMIT)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/sign-in/?next=")


@pytest.mark.parametrize(("role", "state"), [("chair", "KAZ"), ("technical_officer", "KGZ")])
def test_people_without_a_statistics_role_see_the_403_page(client, user_with_role, role, state):
    client.force_login(user_with_role(role, state))

    response = client.get(SUBMIT)

    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()


def test_the_upload_page_has_labelled_fields(client, statistician):
    client.force_login(statistician)

    page = client.get(SUBMIT).content.decode()

    assert page.count("<h1>") == 1
    assert '<label for="id_file">' in page
    assert 'name="sharing"' in page
    assert "Sending the file" in page


def test_a_good_file_is_stored_and_shown(client, statistician):
    client.force_login(statistician)

    response = _upload(client, files.entries(), sharing="public")

    submission = Submission.objects.get()
    assert response.redirect_chain[-1][0] == reverse("stats:submission", args=[submission.pk])
    assert submission.sharing == "public"
    assert submission.rows == 2
    page = response.content.decode()
    assert "is stored (2 rows) and awaits approval" in page
    assert "2024-01" in page


def test_an_xlsx_sheet_is_accepted(client, statistician):
    client.force_login(statistician)

    _upload(client, files.xlsx([files.row()]), name="kgz.xlsx")

    assert Submission.objects.get().rows == 1


def test_a_file_with_errors_stores_nothing_and_lists_the_errors_by_row_and_column(
    client, statistician
):
    client.force_login(statistician)
    before = _counts()

    response = _upload(client, _bad_file())

    assert _counts() == before
    page = response.content.decode()
    assert "The file was not accepted" in page
    assert "Nothing was stored" in page
    assert "&#x27;KAZZ&#x27; is not in the code list of REF_AREA" in page
    assert "<td>REF_AREA</td>" in page
    assert '<td class="number">3</td>' in page
    assert "Download the full list (CSV)" in page


def test_the_issues_can_be_sorted_and_downloaded_as_csv(client, statistician):
    client.force_login(statistician)
    response = _upload(client, _bad_file())
    check_url = response.redirect_chain[-1][0]

    by_column = client.get(check_url, {"sort": "column", "order": "desc"}).content.decode()
    download = client.get(check_url + "issues.csv")

    assert by_column.index("REF_AREA") < by_column.index("OBS_VALUE")
    assert 'aria-sort="descending"' in by_column
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(r["row"], r["column"], r["code"]) for r in rows] == [
        ("3", "REF_AREA", "unknown_code"),
        ("4", "OBS_VALUE", "not_a_number"),
    ]
    assert "not a number" in rows[1]["message"]


def test_only_the_first_200_issues_are_shown_with_the_count_of_the_rest(client, statistician):
    client.force_login(statistician)
    many = files.sdmx_csv(
        [files.row(TIME_PERIOD=f"{2000 + i // 12}-{i % 12 + 1:02d}", SEX="X") for i in range(230)]
    )

    page = _upload(client, many).content.decode()

    assert page.count("is not in the code list of SEX") == 200
    assert "30 more are in the CSV list" in page


def test_another_users_check_page_is_not_shown(client, statistician, user_with_role):
    client.force_login(statistician)
    check_url = _upload(client, _bad_file()).redirect_chain[-1][0]
    client.force_login(user_with_role("statistician", "KGZ"))

    response = client.get(check_url, follow=True)

    assert "That check has expired" in response.content.decode()
    assert client.get(check_url + "issues.csv").status_code == 302


def test_a_made_up_check_token_redirects_to_the_upload_page(client, statistician):
    client.force_login(statistician)

    response = client.post("/en/statistics/submit/check/nonsense/", {"confirm-sharing": "public"})

    assert response.status_code == 302
    assert response["Location"] == SUBMIT


def test_a_file_with_errors_cannot_be_confirmed(client, statistician):
    client.force_login(statistician)
    check_url = _upload(client, _bad_file()).redirect_chain[-1][0]
    before = _counts()

    response = client.post(check_url, {"confirm-sharing": "members"}, follow=True)

    assert _counts() == before
    assert "correct them and upload it again" in response.content.decode()


def test_a_refused_file_of_another_state_names_the_row(client, statistician):
    client.force_login(statistician)
    before = _counts()

    page = _upload(client, files.entries(area="KAZ")).content.decode()

    assert _counts() == before
    assert "You may not report for KAZ" in page


@override_settings(STATS_MAX_UPLOAD_BYTES=1024 * 1024)
def test_a_file_over_the_size_limit_is_refused_clearly(client, statistician):
    client.force_login(statistician)

    response = _upload(client, files.entries() + b"," * (1024 * 1024))

    assert response.status_code == 400
    assert "The file is 1.0 MB; the largest file accepted is 1 MB." in response.content.decode()
    assert Submission.objects.count() == 0


def test_other_kinds_of_files_are_refused_with_errors_linked_to_the_field(client, statistician):
    client.force_login(statistician)

    response = _upload(client, b"%PDF-1.4", name="report.pdf")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Upload an SDMX-CSV file (.csv) or an XLSX sheet (.xlsx)" in page
    assert 'href="#id_file"' in page
    assert 'aria-describedby="id_file_helptext id_file_error"' in page
    assert 'aria-invalid="true"' in page


def test_an_unreadable_file_gives_a_message_not_a_500(client, statistician):
    client.force_login(statistician)

    response = _upload(client, b"\xff\xfe\x00garbage", name="kgz.csv")

    assert response.status_code == 200
    assert Submission.objects.count() == 0


def test_the_same_file_twice_is_refused_on_the_form(client, statistician):
    client.force_login(statistician)
    _upload(client, files.entries())

    response = _upload(client, files.entries())

    assert response.status_code == 400
    assert "This file was already submitted" in response.content.decode()
    assert Submission.objects.count() == 1


def test_unusual_values_are_shown_and_stored_once_confirmed(client, statistician, coordinator):
    history = files.entries(months=("2024-01", "2024-02", "2024-03"), value=1000)
    approved = services.submission_create(user=statistician, data=history, filename="h.csv")
    services.submission_approve(user=coordinator, submission=approved)
    client.force_login(statistician)
    before = _counts()

    response = _upload(client, files.entries(months=("2024-04",), value=500_000))

    assert _counts() == before
    page = response.content.decode()
    assert "Confirm the submission" in page
    assert "far outside the earlier values" in page
    confirmed = client.post(
        response.redirect_chain[-1][0], {"confirm-sharing": "public"}, follow=True
    )
    latest = Submission.objects.latest("pk")
    assert latest.rows == 1
    assert latest.sharing == "public"
    assert latest.status == SubmissionStatus.VALIDATED
    assert "awaits approval" in confirmed.content.decode()


# --- the web form ------------------------------------------------------------------------------

FORM = "/en/statistics/submit/form/"


def _form(**values):
    data = {
        "indicator": "",
        "state": "KGZ",
        "period": "2024-05",
        "value": "300",
        "obs_status": "A",
        "comment": "",
        "sharing": "members",
        "part-TOTAL_FORMS": "3",
        "part-INITIAL_FORMS": "0",
        "part-MIN_NUM_FORMS": "0",
        "part-MAX_NUM_FORMS": "50",
    }
    data.update(values)
    return data


def _entries_id() -> str:
    from almaty.stats.models import Indicator

    return str(Indicator.objects.get(code="ENTRIES").pk)


def test_the_web_form_offers_only_the_users_state(client, statistician):
    client.force_login(statistician)

    page = client.get(FORM).content.decode()

    assert 'value="KGZ"' in page
    assert 'value="KAZ"' not in page


def test_the_web_form_stores_a_total_with_its_breakdown(client, statistician):
    client.force_login(statistician)
    data = _form(
        indicator=_entries_id(),
        **{"part-0-sex": "F", "part-0-value": "120", "part-1-sex": "M", "part-1-value": "180"},
    )

    response = client.post(FORM, data, follow=True)

    submission = Submission.objects.get()
    assert submission.rows == 3
    values = set(Observation.objects.values_list("sex", "counterpart", "value"))
    assert values == {("_T", "_T", 300.0), ("F", "_T", 120.0), ("M", "_T", 180.0)}
    assert "awaits approval" in response.content.decode()


def test_a_breakdown_that_does_not_add_up_stores_nothing(client, statistician):
    client.force_login(statistician)
    before = _counts()
    data = _form(
        indicator=_entries_id(),
        **{"part-0-sex": "F", "part-0-value": "100", "part-1-sex": "M", "part-1-value": "100"},
    )

    response = client.post(FORM, data)

    assert response.status_code == 400
    assert _counts() == before
    page = response.content.decode()
    assert "adds up to 200" in page
    assert "Total" in page


def test_a_wrong_period_on_the_web_form_is_explained(client, statistician):
    client.force_login(statistician)

    response = client.post(FORM, _form(indicator=_entries_id(), period="2024"))

    assert response.status_code == 400
    assert "is reported monthly" in response.content.decode()
    assert Submission.objects.count() == 0


def test_the_web_form_rejects_another_state_and_bad_fields_without_a_500(client, statistician):
    client.force_login(statistician)

    response = client.post(FORM, _form(indicator="999999", state="KAZ", value="-1"))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_state"' in page
    assert 'href="#id_indicator"' in page
    assert Submission.objects.count() == 0
