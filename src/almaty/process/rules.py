"""Rules of the Operating Modalities that other parts of the platform must respect."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from almaty.accounts.choices import RoleCode
from almaty.accounts.models import RoleAssignment
from almaty.core.errors import InvalidInput
from almaty.process.models import ModalitiesVersion, State


def _holders_on(role: str, day: dt.date, state: State | None = None) -> int:
    holders = RoleAssignment.objects.filter(role__code=role, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    return (holders.filter(state=state) if state is not None else holders).count()


def check_role_allowed(*, role_code: str, state: State | None, day: dt.date) -> None:
    """Deputy chairs and technical group officers exist only when, and as many as, the
    Operating Modalities in force on the day provide (none in the 2013 version)."""
    if role_code not in (RoleCode.DEPUTY_CHAIR, RoleCode.TECHNICAL_OFFICER):
        return
    version = (
        ModalitiesVersion.objects.filter(effective_on__lte=day).order_by("-effective_on").first()
    )
    if role_code == RoleCode.DEPUTY_CHAIR:
        allowed = version.deputy_chairs if version else 0
        if allowed == 0:
            raise InvalidInput(
                _("The Operating Modalities in force on %(date)s provide for no deputy chair."),
                date=day.isoformat(),
            )
        if _holders_on(role_code, day) >= allowed:
            raise InvalidInput(
                ngettext_lazy(
                    "The Operating Modalities in force on %(date)s provide for %(count)s deputy chair, and the post is filled.",
                    "The Operating Modalities in force on %(date)s provide for %(count)s deputy chairs, and all are filled.",
                    "count",
                ),
                date=day.isoformat(),
                count=allowed,
            )
        return
    allowed = version.technical_group_size if version else 0
    if allowed == 0:
        raise InvalidInput(
            _("The Operating Modalities in force on %(date)s provide for no technical group."),
            date=day.isoformat(),
        )
    if _holders_on(role_code, day, state) >= allowed:
        raise InvalidInput(
            ngettext_lazy(
                "The technical group has %(count)s officer per State under the modalities in force on %(date)s; %(state)s has it.",
                "The technical group has %(count)s officers per State under the modalities in force on %(date)s; %(state)s has them all.",
                "count",
            ),
            date=day.isoformat(),
            count=allowed,
            state=state.iso3 if state else "",
        )
