"""The site menu's link to the border-movement pages, for those who have something there:
border analysts (their States' loads and results), and the Support Unit and National
Coordinators (the stay rules they may change).

Which link a user gets is decided when they sign in and kept in their session, so that the
menu costs no query on every page (a role given or ended since shows at the next sign-in; the
pages themselves always check the roles of the day). A session without it decides once, on
its first page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode

SESSION_KEY = "borders_menu"
RULE_ROLES = {RoleCode.SUPPORT_UNIT, RoleCode.NATIONAL_COORDINATOR}
INDEX, RULES, NONE = "borders:index", "borders:rules", ""


def menu_target(user: Any) -> str:
    """The page the menu links the user to (a URL name), or "" for no link."""
    roles = {a.role.code for a in accounts_access.active_assignments(user=user)}
    if RoleCode.BORDER_ANALYST in roles:
        return INDEX
    if roles & RULE_ROLES:
        return RULES
    return NONE


def remember(request: HttpRequest, user: Any) -> str:
    target = menu_target(user)
    request.session[SESSION_KEY] = target
    return target


def target_of(request: HttpRequest) -> str:
    """The menu's link for the signed-in user of the request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return NONE
    known = request.session.get(SESSION_KEY)
    if isinstance(known, str):
        return known
    return remember(request, user)


@receiver(user_logged_in, dispatch_uid="borders-menu")
def decide_on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        remember(request, user)
