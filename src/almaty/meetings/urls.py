from django.urls import path

from almaty.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("meetings.ics", views.feed, name="feed"),
    path("schedule/", views.schedule, name="schedule"),
    path("materials/", views.materials, name="materials"),
    path("<int:meeting_id>/", views.detail, name="detail"),
    path("<int:meeting_id>/meeting.ics", views.meeting_ics, name="ics"),
    path("<int:meeting_id>/agenda.pdf", views.agenda_pdf, name="agenda-pdf"),
    path("<int:meeting_id>/agenda/", views.agenda_edit, name="agenda-edit"),
    path("<int:meeting_id>/clone/", views.clone, name="clone"),
    path("<int:meeting_id>/delegates/", views.delegates, name="delegates"),
    path("<int:meeting_id>/participants/", views.participants, name="participants"),
    path("<int:meeting_id>/badges.pdf", views.badges, name="badges"),
    path("<int:meeting_id>/outcomes/", views.outcomes, name="outcomes"),
]
