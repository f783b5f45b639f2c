from django.apps import AppConfig
from django.core.signals import request_finished


class CoreConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.core"
    label = "core"

    def ready(self):
        from .request_context import clear_request_context

        request_finished.connect(clear_request_context, dispatch_uid="clear_request_context")
