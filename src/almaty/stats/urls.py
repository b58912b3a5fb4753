from django.urls import path

from almaty.stats import views
from almaty.stats.mirror import mirror_page

app_name = "stats"
urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("submit/form/", views.submit_form, name="submit-form"),
    path("submit/imports/<str:token>/", views.import_status, name="import"),
    path("submit/check/<str:token>/", views.check, name="check"),
    path("submit/check/<str:token>/issues.csv", views.check_csv, name="check-csv"),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/<int:submission_id>/", views.submission, name="submission"),
    path("submissions/<int:submission_id>/approve/", views.approve, name="approve"),
    path("submissions/<int:submission_id>/publish/", views.publish, name="publish"),
    path("mirror/", mirror_page, name="mirror"),
]
