"""What changes between API versions, asked in one place.

The versions are URL prefixes (`/api/v1/`, `/api/v2/`, DRF's URLPathVersioning, listed in
REST_FRAMEWORK["ALLOWED_VERSIONS"]); the same views serve them all and only the
representations below differ.
"""

# v2: money is an object, {"amount": "12.50", "currency": "EUR"}; v1: the amount alone.
MONEY_OBJECT_SINCE = 2


def version_number(version) -> int:
    """`"v2"` -> 2; no version (a request outside the versioned API) counts as 1."""
    if not version:
        return 1
    return int(str(version).removeprefix("v"))


def money_as_object(version) -> bool:
    return version_number(version) >= MONEY_OBJECT_SINCE
