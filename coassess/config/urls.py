"""Every URL of coassess. Each view declares its access policy (core.access)."""

from django.urls import include, path

from coassess.core import views as core_views

urlpatterns = [
    path("", include("coassess.core.urls")),
    path("", include("coassess.accounts.urls")),
    path("people/", include("coassess.people.urls")),
    path("access-log/", include("coassess.accesslog.urls")),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
