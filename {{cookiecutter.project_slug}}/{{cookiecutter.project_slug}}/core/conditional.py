"""HTTP validators and caching headers: ETags, If-None-Match, If-Match, Cache-Control.

The comparisons are Django's (`django.utils.cache.get_conditional_response`): weak
comparison for If-None-Match, strong for If-Match, `*` for any current representation.
What this module adds is the error envelope on a 412 and the tags themselves.

- A strong tag names one version of a resource (an order's `version`), so a client may
  send it back in If-Match as its optimistic lock.
- A weak tag (`W/"..."`) is for representations a shared cache or proxy may re-encode
  (the public catalogue); it only answers If-None-Match.
"""

import hashlib

from django.http import HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTStatelessUserAuthentication
from rest_framework_simplejwt.settings import api_settings as jwt_settings

from .exceptions import DetailedAPIException


class PreconditionFailed(DetailedAPIException):
    """If-Match (or If-None-Match on a write) names a representation that is not current."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource was changed since you read it; reload it and try again."
    default_code = "precondition_failed"


def digest(*parts) -> str:
    """A short, stable hash of `parts` (their str() joined), for an entity tag's value."""
    hasher = hashlib.blake2b(digest_size=12)
    for part in parts:
        hasher.update(str(part).encode())
        hasher.update(b"\x1f")
    return hasher.hexdigest()


def strong_etag(value) -> str:
    return f'"{value}"'


def weak_etag(*parts) -> str:
    return f'W/"{digest(*parts)}"'


def not_modified(request, *, etag):
    """A 304 for a GET or HEAD whose If-None-Match holds `etag` (weak comparison), else None."""
    response = get_conditional_response(request, etag=etag)
    if isinstance(response, HttpResponseNotModified):
        return response
    return None


def check_preconditions(request, *, etag) -> bool:
    """Raise PreconditionFailed (412 in the envelope) unless the request's If-Match and
    If-None-Match allow a write to the representation tagged `etag`.

    Returns whether If-Match named a tag (`*` names none), which then matched `etag`: the
    request's optimistic lock is the version `etag` stands for.
    """
    response = get_conditional_response(request, etag=etag)
    if response is not None and response.status_code == status.HTTP_412_PRECONDITION_FAILED:
        raise PreconditionFailed(details={"etag": etag})
    return request.headers.get("if-match", "").strip() not in ("", "*")


def private(response, *, etag):
    """Per-user data: only the client may keep it, and must revalidate before reusing it."""
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Authorization"])
    return response


def public(response, *, etag, max_age):
    """The anonymous catalogue: any cache may keep it for `max_age` seconds.

    Vary: Authorization keeps a shared cache from answering a signed-in request (staff see
    more) with the anonymous copy.
    """
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Authorization"])
    return response


def token_user_id(request):
    """The user id in the request's access token, if it carries a valid one (signature,
    expiry and type checked, no database read), else None.

    For revalidations only: a 304 answered from it must still check in its own query that
    the user exists and is active, as full authentication does.
    """
    try:
        authenticated = JWTStatelessUserAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return authenticated[1][jwt_settings.USER_ID_CLAIM] if authenticated else None
