import io
import re
from itertools import accumulate

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# A JSON string, escapes included; brackets inside one do not nest anything.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_A_BRACKET = bytes(sorted(set(range(256)) - set(b"[]{}")))
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def nesting_depth(document: bytes) -> int:
    """How deep arrays and objects nest in a JSON document, found without parsing it.

    Exact for valid JSON. For invalid JSON it is never less than what a parser recurses
    into before failing, since a parser stops at the first bracket closing nothing.
    Every step runs in C: a megabyte of brackets takes milliseconds.
    """
    brackets = _JSON_STRING.sub(b"", document).translate(None, delete=_NOT_A_BRACKET)
    return max(accumulate(map(_STEP.__getitem__, brackets), initial=0))


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser, refusing documents nested deeper than `max_depth` with 400.

    The standard library's decoder recurses once per level, so a body of a few hundred
    kilobytes of brackets would end in RecursionError (a 500). The depth is measured on
    the raw bytes first; nothing this API accepts comes near the limit.
    """

    max_depth = 64

    def parse(self, stream, media_type=None, parser_context=None):
        document = stream.read() if stream is not None else b""
        if nesting_depth(document) > self.max_depth:
            raise ParseError(f"JSON parse error - nested deeper than {self.max_depth} levels.")
        return super().parse(io.BytesIO(document), media_type, parser_context)
