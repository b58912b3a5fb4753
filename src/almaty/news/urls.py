from django.urls import path

from almaty.core.cache import public_page
from almaty.news import views
from almaty.news.feeds import NewsAtomFeed, NewsRssFeed

app_name = "news"
urlpatterns = [
    path("", views.news_list, name="list"),
    path("feed.rss", public_page(NewsRssFeed()), name="feed-rss"),
    path("feed.atom", public_page(NewsAtomFeed()), name="feed-atom"),
    path("desk/", views.desk, name="desk"),
    path("desk/new/", views.new, name="new"),
    path("desk/<int:pk>/", views.edit, name="edit"),
    path("desk/<int:pk>/publish/", views.publish, name="publish"),
    path("desk/<int:pk>/withdraw/", views.unpublish, name="unpublish"),
    path("desk/<int:pk>/delete/", views.remove, name="delete"),
    path("<slug:slug>/", views.detail, name="detail"),
]
