"""What the CLI commands do beyond parsing: thin calls into services, with texts to print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from almaty.accounts import services as accounts
from almaty.accounts.choices import RoleCode
from almaty.accounts.models import RoleAssignment, User
from almaty.core.errors import InvalidInput
from almaty.process.services import LoadResult, reference_load


def load_reference(
    *,
    path: object | None = None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> LoadResult:
    from pathlib import Path

    return reference_load(path=Path(str(path)) if path else None, force=force, progress=progress)


def describe_load(result: LoadResult) -> str:
    if result.skipped:
        return _("Reference data version %(version)s is already loaded; nothing to do.") % {
            "version": result.version
        }
    return _(
        "Reference data version %(version)s loaded: %(created)s created, %(updated)s changed."
    ) % {
        "version": result.version,
        "created": result.created,
        "updated": result.updated,
    }


def _sign_in_url() -> str:
    """The sign-in page at this instance's public address, in the active language."""
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL + reverse("accounts:sign-in")


def ensure_admin(*, email: str) -> str:
    """Create the first Support Unit administrator with a one-time password, once."""
    existing = (
        RoleAssignment.objects.filter(role__code=RoleCode.SUPPORT_UNIT)
        .select_related("user")
        .first()
    )
    if existing is not None:
        return _(
            "Sign in at %(url)s as %(email)s. "
            "Forgot the password? Run: almaty users reset-password %(email)s"
        ) % {"email": existing.user.email, "url": _sign_in_url()}
    password = accounts.generate_password()
    with transaction.atomic():
        user = accounts.user_create(
            email=email, actor=None, password=password, must_change_password=True, is_staff=True,
            full_name=_("Administrator"),
        )  # fmt: skip
        accounts.role_assign(user=user, role_code=RoleCode.SUPPORT_UNIT, actor=None)
    return _(
        "Created the Support Unit administrator %(email)s with the one-time password %(password)s\n"
        "Sign in at %(url)s and choose your own password."
    ) % {"email": user.email, "password": password, "url": _sign_in_url()}


def add_user(
    *,
    email: str,
    role: str,
    state: str | None,
    full_name: str,
    language: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    print_token: bool,
    invite: bool,
) -> tuple[User, str | None]:
    with transaction.atomic():
        user = accounts.user_create(
            email=email, actor=None, full_name=full_name, preferred_language=language
        )
        accounts.role_assign(
            user=user,
            role_code=role,
            state_iso3=state,
            valid_from=valid_from,
            valid_to=valid_to,
            actor=None,
        )
        token = accounts.token_issue(user=user, actor=None, name="cli")[1] if print_token else None
        if invite:
            accounts.password_link_send(user=user, reason="invite")
    return user, token


def reset_password(*, email: str) -> str:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise InvalidInput(_("There is no user %(email)s."), email=email)
    password = accounts.generate_password()
    accounts.user_set_password(user=user, password=password, actor=None, one_time=True)
    return password


def list_users() -> list[tuple[str, str, str]]:
    from django.utils import timezone

    today = timezone.localdate()
    rows = []
    for user in User.objects.order_by("email").prefetch_related(
        "role_assignments__role", "role_assignments__state"
    ):
        roles = ", ".join(
            a.role.code + (f" ({a.state.iso3})" if a.state else "")
            for a in user.role_assignments.all()
            if a.is_active_on(today)
        )
        rows.append((user.email, user.full_name, roles))
    return rows


def load_public_statistics(progress: Callable[[int, int], None] | None = None) -> int:
    """Store the public statistics shipped with the platform (UNHCR, UN DESA, World Bank); the
    number of sources loaded anew, 0 when they already were."""
    from almaty.stats.external_loading import load_external_sources

    return load_external_sources(progress=progress)


def load_stay_rules() -> int:
    """Load the default stay rules of the region's recording States (borders/stay_rules.yaml);
    the number made, 0 when they all were loaded before."""
    from almaty.borders.services import stay_rules_sync

    return stay_rules_sync()


def queue_first_forecasts() -> bool:
    """Queue the forecasts of every series when there are none yet (a new instance: the
    Frontex panel and whatever is published), so that the forecast pages have content once the
    task queue has run; True when queued. Later refreshes follow publications."""
    from django.conf import settings

    from almaty.forecasts.models import Forecast
    from almaty.forecasts.tasks import refresh_forecasts

    if not getattr(settings, "FORECASTS_AUTO_REFRESH", True) or Forecast.objects.exists():
        return False
    refresh_forecasts(None)
    return True
