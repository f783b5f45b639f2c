from django.contrib.postgres.search import TrigramWordDistance
from django.db import connections
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Least

from .models import Product

# The annotation search results carry: lower is a better match.
SEARCH_RANK = "search_rank"
# A match only in the description ranks after the same match in the name or SKU.
DESCRIPTION_PENALTY = 0.5


def list_products(*, include_inactive=False) -> QuerySet[Product]:
    """The catalogue. Soft-deleted products stay visible to staff so they can be restored."""
    products = Product.objects.all()
    return products if include_inactive else products.filter(is_active=True)


def search_products(*, products: QuerySet[Product], text: str) -> QuerySet[Product]:
    """`products` that match `text`, annotated with their SEARCH_RANK.

    The one place that chooses by database: PostgreSQL ranks by trigram similarity (typos
    and word order forgiven, served by the trigram GIN index); any other database (SQLite,
    the embedded default) by exact name, then prefix, then substring.
    """
    if connections[products.db].vendor == "postgresql":
        return rank_by_similarity(products=products, text=text)
    return rank_by_substring(products=products, text=text)


def rank_by_substring(*, products: QuerySet[Product], text: str) -> QuerySet[Product]:
    """Names containing `text`: the exact name first (0), then prefixes (1), the rest (2)."""
    rank = Case(
        When(name__iexact=text, then=Value(0)),
        When(name__istartswith=text, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return products.filter(name__icontains=text).annotate(**{SEARCH_RANK: rank})


def rank_by_similarity(*, products: QuerySet[Product], text: str) -> QuerySet[Product]:
    """Products whose name, SKU or description holds a word like `text` (pg_trgm).

    The filter is the `%>` operator, which the trigram GIN index answers. The rank is a
    tier (0 an exact name or SKU, 1 a name starting with the text, 2 any other match) plus
    the trigram distance of the closest field (0 to 1; a description's counts half a tier
    more), so an exact name always comes first and closer matches before looser ones.
    It is cast to double precision so that the cursor's position of a page (the rank as
    text) compares equal to the rank PostgreSQL computes for the next page.
    """
    tier = Case(
        When(Q(name__iexact=text) | Q(sku__iexact=text), then=Value(0.0)),
        When(name__istartswith=text, then=Value(1.0)),
        default=Value(2.0),
        output_field=FloatField(),
    )
    distance = Least(
        TrigramWordDistance(text, "name"),
        TrigramWordDistance(text, "sku"),
        TrigramWordDistance(text, "description") + Value(DESCRIPTION_PENALTY),
        output_field=FloatField(),
    )
    matches = (
        Q(name__trigram_word_similar=text)
        | Q(sku__trigram_word_similar=text)
        | Q(description__trigram_word_similar=text)
    )
    rank = Cast(F("_tier") + F("_distance"), FloatField())
    return (
        products.filter(matches)
        .alias(_tier=tier, _distance=distance)
        .annotate(**{SEARCH_RANK: rank})
    )
