{%- if cookiecutter.use_celery | enabled -%}
# The project's Celery app, loaded wherever Django loads this package, so that shared
# tasks bind to it. (Not from config/__init__.py: that would run before config.wsgi's
# production default and set config.celery's development default first.)
from config.celery import app as celery_app

__all__ = ("celery_app",)
{% endif -%}
