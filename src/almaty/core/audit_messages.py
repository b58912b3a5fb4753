"""The texts of audit entries, by message key. Entries store the key and parameters; the text is
rendered in the reader's language when shown, so a Russian reader sees Russian history."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise] = {
    "user.created": _("User %(email)s was created."),
    "user.password_set": _("The password of %(email)s was set."),
    "user.signed_in": _("%(email)s signed in."),
    "user.two_factor_enabled": _("%(email)s turned on two-factor sign-in."),
    "user.two_factor_disabled": _("%(email)s turned off two-factor sign-in."),
    "role.assigned": _(
        "%(email)s was given the role %(role)s%(state_suffix)s from %(valid_from)s."
    ),
    "role.ended": _("The role %(role)s of %(email)s ended on %(valid_to)s."),
    "token.issued": _("An API token %(prefix)s was issued to %(email)s."),
    "token.revoked": _("The API token %(prefix)s of %(email)s was revoked."),
    "reference.loaded": _(
        "Reference data version %(version)s was loaded: %(created)s records created, "
        "%(updated)s changed."
    ),
    "chair.term_added": _("A chair term of %(state)s from %(starts_on)s (%(kind)s) was recorded."),
    "chair.term_ended": _("The chair term of %(state)s was set to end on %(ends_on)s."),
    "chair.pass_recorded": _("%(state)s passed its turn to chair beginning on %(turn_starts_on)s."),
    "coordinator.designated": _(
        "%(name)s was designated National Coordinator of %(state)s from %(designated_on)s."
    ),
    "coordinator.ended": _(
        "The designation of %(name)s as National Coordinator of %(state)s ended on %(ended_on)s."
    ),
    "modalities.amended": _(
        "Version %(number)s of the Operating Modalities was adopted, in force from %(effective_on)s (changed: %(changes)s)."
    ),
    "participation.admitted": _("%(state)s was admitted as %(status)s from %(valid_from)s."),
    "proposal.drafted": _("Proposal %(title)s was drafted."),
    "proposal.transition": _("Proposal %(title)s: %(action)s (now %(status)s)."),
    "proposal.position": _("Proposal %(title)s: %(state)s %(stance)s."),
    "proposal.adopted": _("Proposal %(title)s was adopted as %(number)s."),
    "silence.broken": _("%(state)s broke silence on %(title)s (%(kind)s)."),
    "silence.withdrawn": _("%(state)s withdrew its break of silence on %(title)s."),
    "silence.extended": _("The silence deadline of %(title)s was extended to %(deadline)s."),
    "user.preferences": _(
        "%(email)s chose the language %(language)s and the time zone %(time_zone)s."
    ),
    "backup.restored": _("A backup made on %(created_at)s was restored."),
    # Meetings
    "meeting.scheduled": _("Meeting %(title)s from %(starts_on)s was scheduled."),
    "meeting.changed": _("Meeting %(title)s was changed (%(fields)s)."),
    "meeting.cloned": _("Meeting %(title)s was prepared from %(source)s."),
    "agenda.item_added": _("Agenda of %(meeting)s: %(item)s was added on %(day)s."),
    "agenda.item_changed": _("Agenda of %(meeting)s: %(item)s was changed (%(fields)s)."),
    "agenda.item_removed": _("Agenda of %(meeting)s: %(item)s was removed."),
    "agenda.speaker_added": _("Agenda of %(meeting)s: %(name)s, %(role)s, at %(item)s."),
    "agenda.speaker_removed": _("Agenda of %(meeting)s: %(name)s no longer at %(item)s."),
    "agenda.published": _("The agenda of %(meeting)s was published."),
    "agenda.withdrawn": _("The agenda of %(meeting)s was taken back to draft."),
    "person.saved": _("%(name)s was recorded as a speaker."),
    "delegate.registered": _("Delegate %(id)s of %(party)s was registered for %(meeting)s."),
    "delegate.changed": _("Delegate %(id)s of %(party)s for %(meeting)s was changed."),
    "delegate.decided": _("Delegate %(id)s of %(party)s for %(meeting)s: %(status)s."),
    "material.added": _("%(document)s is to be circulated for %(meeting)s by %(due_on)s."),
    "material.circulated": _("%(document)s was circulated for %(meeting)s."),
    "material.removed": _("%(document)s is no longer a material of %(meeting)s."),
    "outcome.recorded": _("Outcome of %(meeting)s recorded: %(kind)s."),
    "outcome.changed": _("Outcome of %(meeting)s changed: %(kind)s."),
    # Archive
    "document.created": _("Document %(title)s (%(kind)s) was added to the archive."),
    "document.changed": _("Document %(title)s was changed (%(fields)s)."),
    "document.version_saved": _("The %(language)s version of %(title)s was saved (%(status)s)."),
    "document.version_removed": _("The %(language)s version of %(title)s was removed."),
    "media_item.saved": _("Media item %(title)s (%(outlet)s) was recorded."),
    "media_item.removed": _("Media item %(title)s (%(outlet)s) was removed."),
    "glossary.saved": _("Glossary term %(term)s was saved."),
    "glossary.removed": _("Glossary term %(term)s was removed."),
    "topic.saved": _("Topic %(name)s was saved."),
    # news (helper 1 inserts below this line)
    "news.created": _("News item %(title)s was drafted."),
    "news.changed": _("News item %(title)s was changed (%(fields)s)."),
    "news.published": _("News item %(title)s was published from %(publish_at)s."),
    "news.unpublished": _("News item %(title)s was withdrawn and is a draft again."),
    "news.deleted": _("The draft news item %(title)s was deleted."),
    # pages and photos (helper 2 inserts below this line)
    # statistics (helper 6)
    "statistics.submitted": _(
        "Statistics file %(file)s was submitted as submission %(id)s (rows: %(rows)s; States: %(areas)s)."
    ),
    "statistics.approved": _(
        "Statistics submission %(id)s (%(file)s) was approved (earlier values replaced: %(replaced)s)."
    ),
    "statistics.published": _(
        "Statistics submission %(id)s (%(file)s) was published (sharing: %(sharing)s)."
    ),
    "statistics.external_loaded": _(
        "External source %(source)s was loaded as submission %(id)s (rows: %(rows)s)."
    ),
    "forecasts.refreshed": _(
        "Forecasts were made for %(forecasts)s series; early warnings raised: %(warnings)s."
    ),
    # border movements
    "borders.load_queued": _(
        "Crossing records file %(file)s of %(state)s was queued as load %(id)s."
    ),
    "borders.loaded": _(
        "Load %(id)s of crossing records of %(state)s (%(file)s) was stored (new records: "
        "%(accepted)s; already loaded: %(skipped)s; rejected: %(rejected)s)."
    ),
    "borders.load_refused": _(
        "Load %(id)s of crossing records of %(state)s (%(file)s) was refused (rows rejected: "
        "%(rejected)s); nothing was stored."
    ),
    "borders.load_failed": _(
        "Load %(id)s of crossing records of %(state)s (%(file)s) failed; nothing was stored."
    ),
    "borders.stays_read": _("The stays of %(state)s were read record by record (rows: %(rows)s)."),
    "borders.overstays_read": _(
        "The overstays of %(state)s as of %(as_of)s were read record by record (rows: %(rows)s)."
    ),
    "borders.rule_created": _(
        "Stay rule %(id)s of %(state)s (%(scope)s) was made, for entries from %(valid_from)s."
    ),
    "borders.rule_replaced": _(
        "Stay rule %(id)s of %(state)s (%(scope)s) was replaced by rule %(new_id)s for entries "
        "from %(valid_from)s."
    ),
    "borders.rule_ended": _(
        "Stay rule %(id)s of %(state)s (%(scope)s) was ended: it applies to entries until "
        "%(valid_to)s."
    ),
    "borders.rules_loaded": _("The default stay rules were loaded (rules made: %(created)s)."),
    "borders.movement_changed": _(
        "The movement-type settings of %(state)s were changed (%(fields)s)."
    ),
    "page.saved": _("The page %(page)s was saved; languages ready: %(languages)s."),
    "page.published": _("The page %(page)s was published from %(publish_at)s."),
    "page.unpublished": _("The page %(page)s was taken back to draft."),
    "photo.added": _("Photo %(id)s of %(meeting)s was added."),
    "photo.changed": _("Photo %(id)s of %(meeting)s was changed (%(fields)s)."),
    "photo.removed": _("Photo %(id)s of %(meeting)s was removed."),
}

PROBLEMS: dict[str, Promise] = {
    "missing": _("Entry %(sequence)s is missing (deleted)."),
    "broken_link": _("Entry %(sequence)s does not follow the entry before it."),
    "changed": _("Entry %(sequence)s was changed after it was written."),
    "truncated": _("The chain should hold %(sequence)s entries; entries at its end were removed."),
}


def render(message_key: str, params: dict[str, Any]) -> str:
    """The entry's text in the active language; unknown keys are shown as they are."""
    template = MESSAGES.get(message_key)
    if template is None:
        return message_key
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
