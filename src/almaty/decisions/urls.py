from django.urls import path

from almaty.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.register, name="register"),
    path("pending/", views.pending, name="pending"),
    path("desk/", views.desk, name="desk"),
    path("<int:proposal_id>/", views.detail, name="detail"),
    path("<int:proposal_id>/record.pdf", views.record_pdf, name="record-pdf"),
]
