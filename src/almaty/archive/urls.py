from django.urls import path

from almaty.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("<int:document_id>/", views.document_page, name="document"),
    path("files/<int:version_id>/", views.download, name="download"),
    path("new/", views.new_document, name="new"),
    path("<int:document_id>/versions/<str:language>/", views.version_page, name="version"),
    path("translations/", views.translations, name="translations"),
    path("media/", views.media, name="media"),
    path("glossary/", views.glossary, name="glossary"),
    path("compilation/<int:meeting_id>/", views.compilation, name="compilation"),
    path("information-sheet/", views.information_sheet, name="information-sheet"),
]
