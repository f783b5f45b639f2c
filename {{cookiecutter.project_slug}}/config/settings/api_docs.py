"""Swagger UI at /api/docs/ (config/api_docs_urls.py), its assets served from this project.

https://drf-spectacular.readthedocs.io/en/latest/readme.html#self-contained-ui-installation
"""

from .base import INSTALLED_APPS, SPECTACULAR_SETTINGS

INSTALLED_APPS.insert(INSTALLED_APPS.index("axes") + 1, "drf_spectacular_sidecar")
SPECTACULAR_SETTINGS.update({"SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR"})
