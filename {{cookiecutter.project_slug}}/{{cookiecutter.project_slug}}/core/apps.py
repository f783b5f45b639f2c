from django.apps import AppConfig
from django.core.signals import request_finished
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.core"
    label = "core"

    def ready(self):
        from . import schema  # noqa: F401  (registers the schema's field extensions)
        from .request_context import clear_request_context

        request_finished.connect(clear_request_context, dispatch_uid="clear_request_context")
        # Jobs are declared where they are defined, and services hand them to the background
        # boundary: importing every app's services registers every job in every process
        # (web, worker, beat), so a stored message always finds its code.
        autodiscover_modules("services")
