"""The submissions a statistician may see, one submission with its values and revisions, and
the review steps (approve, publish, change sharing) for those who may take them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from almaty.core.errors import AlmatyError
from almaty.core.views import not_found
from almaty.process.models import State
from almaty.stats import access, selectors, services
from almaty.stats.engine.periods import format_period
from almaty.stats.models import Indicator, Sharing, Submission, SubmissionStatus
from almaty.stats.views.common import statistics_role_required

LIST_PAGE = 50
OBSERVATION_PAGE = 100


def _indicator_names() -> dict[str, str]:
    russian = translation.get_language() == "ru"
    return {
        code: (ru if russian else en)
        for code, en, ru in Indicator.objects.values_list("code", "name_en", "name_ru")
    }


@statistics_role_required
def submissions(request: HttpRequest) -> HttpResponse:
    """The submissions the user may see (own State's; all for the Support Unit), filtered."""
    queryset = selectors.submissions_for(request.user).filter(source__isnull=True)
    state = request.GET.get("state", "").strip().upper()
    indicator = request.GET.get("indicator", "").strip().upper()
    status = request.GET.get("status", "").strip()
    if state:
        queryset = queryset.filter(state__iso3=state)
    if indicator:
        # `indicators` is a comma-separated list: match a whole code.
        queryset = queryset.filter(indicators__regex=rf"(^|,){_escape(indicator)}(,|$)")
    if status in SubmissionStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, LIST_PAGE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {
        "page": page,
        "states": State.objects.order_by("iso3"),
        "indicators": Indicator.objects.filter(source="submitted"),
        "statuses": SubmissionStatus.choices,
        "wanted": {"state": state, "indicator": indicator, "status": status},
        "kept": kept.urlencode(),
        "can_submit": True,
    }
    return render(request, "stats/submissions.html", context)


def _escape(code: str) -> str:
    return "".join(c for c in code if c.isalnum() or c == "_")


@statistics_role_required
def submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A submission: its details, values (paginated), revision chain and the review steps."""
    try:
        item = access.access_submission_by_id(user=request.user, submission_id=submission_id)
    except AlmatyError:
        return not_found(request)
    observations = item.observations.order_by(
        "indicator", "ref_area", "period_start", "counterpart", "sex", "age", "purpose", "pk"
    )
    page = Paginator(observations, OBSERVATION_PAGE).get_page(request.GET.get("page"))
    rows = [(o, format_period(o.period_start, o.freq)) for o in page]
    earlier = selectors.revision_chain(item)
    changes, changed_total = selectors.revision_changes(submission=item, earlier=earlier)
    later = list(item.revisions.order_by("pk"))
    may_review = access.can_approve(request.user, item)
    names = _indicator_names()
    context = {
        "submission": item,
        "indicators": [(c, names.get(c, "")) for c in item.indicators.split(",") if c],
        "page": page,
        "rows": rows,
        "earlier": earlier,
        "later": later,
        "changes": changes,
        "changes_rest": max(changed_total - len(changes), 0),
        "can_approve": may_review and item.status == SubmissionStatus.VALIDATED,
        "can_publish": may_review
        and item.status in (SubmissionStatus.APPROVED, SubmissionStatus.PUBLISHED),
        "sharing_choices": Sharing.choices,
    }
    return render(request, "stats/submission.html", context)


def _act(
    request: HttpRequest, submission_id: int, action: Callable[[Submission], Any], done: str
) -> HttpResponse:
    try:
        item = access.access_submission_by_id(user=request.user, submission_id=submission_id)
    except AlmatyError:
        return not_found(request)
    try:
        action(item)
    except AlmatyError as exc:
        messages.error(request, exc.text)
    else:
        messages.success(request, done)
    return redirect("stats:submission", submission_id=item.pk)


@require_POST
@statistics_role_required
def approve(request: HttpRequest, submission_id: int) -> HttpResponse:
    return _act(
        request,
        submission_id,
        lambda item: services.submission_approve(user=request.user, submission=item),
        _("The submission is approved and locked."),
    )


@require_POST
@statistics_role_required
def publish(request: HttpRequest, submission_id: int) -> HttpResponse:
    sharing = request.POST.get("sharing", "")
    return _act(
        request,
        submission_id,
        lambda item: services.submission_publish(
            user=request.user, submission=item, sharing=sharing
        ),
        _("The submission is published: %(sharing)s.")
        % {"sharing": Sharing(sharing).label if sharing in Sharing.values else sharing},
    )
