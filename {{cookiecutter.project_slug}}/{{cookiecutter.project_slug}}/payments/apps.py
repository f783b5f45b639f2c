from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.payments"
    label = "payments"
