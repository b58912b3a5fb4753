"""The news pages: the public list, an item, the feeds; the Support Unit's desk."""

from almaty.news.views.desk import desk, edit, new, publish, remove, unpublish
from almaty.news.views.public import detail, news_list

__all__ = ["desk", "detail", "edit", "new", "news_list", "publish", "remove", "unpublish"]
