"""The statisticians' pages: submitting files or small datasets, the submissions list, one
submission with its revisions, and the review steps."""

from almaty.stats.views.review import approve, publish, submission, submissions
from almaty.stats.views.submit import check, check_csv, import_status, submit, submit_form

__all__ = [
    "approve",
    "check",
    "check_csv",
    "import_status",
    "publish",
    "submission",
    "submissions",
    "submit",
    "submit_form",
]
