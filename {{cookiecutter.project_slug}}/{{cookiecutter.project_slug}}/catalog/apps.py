from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.catalog"
    label = "catalog"
