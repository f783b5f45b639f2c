"""The one canonical form of an email address, used to store, find and compare accounts.

An address is stored and looked up only in this form, and compared exactly, never with
`iexact`: PostgreSQL's UPPER() folds lookalikes together (a dotless i, U+0131, becomes
an I), so a case-insensitive match could let one address stand for another.

The canonical form of `Local.Part@Domain` is the NFKC-normalized local part in lower case,
an `@`, and the domain as lower-case IDNA (`xn--...` for a non-ASCII label). Domains that
mix scripts within a label, or use a character that looks like an ASCII one (a dotless i
in place of the i of `mail.site`, a Cyrillic a), are refused: they exist to pass for
another domain.
"""

import unicodedata

from confusable_homoglyphs import confusables
from email_validator import EmailNotValidError, validate_email

INVALID_MESSAGE = "Enter a valid email address."
LOOKALIKE_MESSAGE = (
    "The domain of this address mixes scripts or uses characters that look like others "
    "(such as a dotless \u0131). Write it with the characters you mean."
)


class InvalidEmailError(ValueError):
    """An address with no canonical form; the message says why, for the person typing it."""


def canonical_email(address):
    """The canonical form of `address`; raise InvalidEmailError if it has none."""
    if not isinstance(address, str):
        raise InvalidEmailError(INVALID_MESSAGE)
    try:
        # Syntax, and the domain through IDNA (UTS #46 maps it to lower case and NFKC).
        # Deliverability needs DNS; the verification mail proves the address instead.
        parsed = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise InvalidEmailError(INVALID_MESSAGE) from None
    if parsed.ascii_domain is None or _is_lookalike(parsed.domain):
        raise InvalidEmailError(LOOKALIKE_MESSAGE)
    local_part = unicodedata.normalize("NFKC", parsed.local_part).lower()
    return f"{local_part}@{parsed.ascii_domain.lower()}"


def canonical_email_or_none(address):
    try:
        return canonical_email(address)
    except InvalidEmailError:
        return None


def _is_lookalike(domain):
    """Whether a label of `domain` (Unicode form) mixes scripts, or has a non-ASCII
    character confusable with an ASCII one. An all-ASCII domain is never a lookalike."""
    if domain.isascii():
        return False
    for label in domain.split("."):
        if confusables.is_mixed_script(label):
            return True
        for character in {c for c in label if not c.isascii()}:
            found = confusables.is_confusable(character, greedy=True, preferred_aliases=[])
            if any(glyph["c"].isascii() for entry in found or () for glyph in entry["homoglyphs"]):
                return True
    return False
