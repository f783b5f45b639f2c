"""The rendered project's URLs as they are, plus the two other contenders under prefixes."""

from config import urls as project
from django.urls import include, path

urlpatterns = [
    path("naive/api/<version>/", include("benchsite.naive")),
    path("floor/api/v1/", include("benchsite.floor")),
    *project.urlpatterns,
]

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
