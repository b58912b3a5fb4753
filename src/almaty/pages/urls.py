from django.urls import path

from almaty.pages import views

app_name = "pages"
urlpatterns = [
    path("about/", views.about, name="about"),
    path("contact/", views.contact, name="contact"),
    path("partners/", views.partners, name="partners"),
    path("pages/desk/", views.desk, name="desk"),
    path("pages/desk/<slug:key>/", views.edit, name="edit"),
    path("photos/meeting/<int:meeting_id>/", views.meeting_photos, name="meeting-photos"),
    path("photos/<int:photo_id>/", views.photo_edit, name="photo-edit"),
]
