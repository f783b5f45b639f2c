"""The floor: the benchmarked requests served by plain Django views and hand-written SQL.

No DRF and no ORM on the request path: one statement per read (authentication folded
in), four for checkout (its confirmation is an outbox row, as the project records it), and
the JSON encoded by orjson byte for byte as the rendered project encodes it. It serves
exactly the requests the benchmark sends (first pages, the `page_size` and `search`
parameters, checkout without an idempotency key); it is a yardstick for what the framework
costs, not a second implementation of the API.
"""

import base64
from decimal import Decimal
from http import HTTPStatus
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import jwt
import orjson
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from order_api.catalog.selectors import DESCRIPTION_PENALTY
from order_api.core.background import run_after_commit
from order_api.core.exceptions import error_body
from order_api.orders.emails import send_order_confirmation
from order_api.orders.services import fingerprint_request
from uuid6 import uuid7

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
CENT = Decimal("0.01")

ORDER_PAGE = """
SELECT u.is_active, o.public_id, o.status, o.total, o.item_count, o.created_at
FROM users_user u
LEFT JOIN LATERAL (
    SELECT o.public_id, o.status, o.total, o.created_at,
           (SELECT count(*) FROM orders_orderitem i WHERE i.order_id = o.id) AS item_count
    FROM orders_order o
    WHERE u.is_staff OR o.user_id = u.id
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT %s
) o ON TRUE
WHERE u.id = %s
"""

ORDER_WITH_ITEMS = """
SELECT u.is_active, o.public_id, o.user_id, o.status, o.total, o.version, o.note,
       o.created_at, o.updated_at, i.id, i.product_id, i.product_name, i.sku, i.unit_price,
       i.quantity, i.line_total
FROM users_user u
LEFT JOIN orders_order o ON o.public_id = %s AND (u.is_staff OR o.user_id = u.id)
LEFT JOIN orders_orderitem i ON i.order_id = o.id
WHERE u.id = %s
ORDER BY i.id
"""

# The project's ranking on PostgreSQL (catalog.selectors.rank_by_similarity), as SQL.
PRODUCT_SEARCH = """
SELECT id, sku, name, description, price, stock, is_active, created_at, updated_at, rank
FROM (
    SELECT *, ((CASE WHEN UPPER(name) = UPPER(%(term)s) OR UPPER(sku) = UPPER(%(term)s)
                     THEN 0.0::float8
                     WHEN UPPER(name) LIKE UPPER(%(prefix)s) THEN 1.0::float8
                     ELSE 2.0::float8 END)
               + LEAST(%(term)s <<-> name, %(term)s <<-> sku,
                       (%(term)s <<-> description) + %(penalty)s::float8))::float8 AS rank
    FROM catalog_product
    WHERE is_active
      AND (name %%> %(term)s OR sku %%> %(term)s OR description %%> %(term)s)
) p
ORDER BY rank, created_at DESC, id DESC
LIMIT %(limit)s
"""

PRODUCT_PAGE = """
SELECT id, sku, name, description, price, stock, is_active, created_at, updated_at, created_at
FROM catalog_product
WHERE is_active
ORDER BY created_at DESC, id DESC
LIMIT %(limit)s
"""

ACTIVE_USER = "SELECT id, is_active FROM users_user WHERE id = %s"

LOCK_PRODUCTS = """
SELECT id, name, sku, price, stock, is_active
FROM catalog_product WHERE id = ANY(%s) ORDER BY id FOR UPDATE
"""

# One round trip writes the whole order: stock, the order row and its lines.
WRITE_ORDER = """
WITH lines AS (
    SELECT * FROM unnest(%(products)s::bigint[], %(names)s::text[], %(skus)s::text[],
                         %(prices)s::numeric[], %(quantities)s::int[], %(totals)s::numeric[])
        AS l(product_id, product_name, sku, unit_price, quantity, line_total)
), stock AS (
    UPDATE catalog_product p SET stock = p.stock - l.quantity, updated_at = now()
    FROM lines l WHERE p.id = l.product_id
), new_order AS (
    INSERT INTO orders_order (public_id, user_id, status, total, version, idempotency_key,
                              request_hash, note, confirmation_sent_at, created_at, updated_at)
    VALUES (%(public_id)s, %(user)s, 'pending', %(total)s, 1, NULL, %(hash)s, %(note)s, NULL,
            now(), now())
    RETURNING id, public_id, created_at, updated_at
), new_lines AS (
    INSERT INTO orders_orderitem (order_id, product_id, product_name, sku, unit_price,
                                  quantity, line_total)
    SELECT new_order.id, l.product_id, l.product_name, l.sku, l.unit_price, l.quantity,
           l.line_total
    FROM new_order, lines l ORDER BY l.product_id
    RETURNING id
)
SELECT new_order.id, new_order.public_id, new_order.created_at, new_order.updated_at,
       (SELECT array_agg(id ORDER BY id) FROM new_lines)
FROM new_order
"""


def _json(payload, status=HTTPStatus.OK):
    body = orjson.dumps(payload, option=orjson.OPT_UTC_Z, default=str)
    return HttpResponse(body, status=status, content_type="application/json")


def _error(status, code, message, details=None):
    return _json(error_body(code, message, details), status)


def _unauthorized():
    return _error(
        HTTPStatus.UNAUTHORIZED,
        "not_authenticated",
        "Authentication credentials were not provided.",
    )


def _user_id(request):
    """The user id of a valid access token (simplejwt's claims), or None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not token:
        return None
    jwt_settings = getattr(settings, "SIMPLE_JWT", {})
    try:
        claims = jwt.decode(
            token,
            jwt_settings.get("SIGNING_KEY", settings.SECRET_KEY),
            algorithms=[jwt_settings.get("ALGORITHM", "HS256")],
        )
    except jwt.InvalidTokenError:
        return None
    if claims.get("token_type") != "access":
        return None
    return claims.get(jwt_settings.get("USER_ID_CLAIM", "user_id"))


def _page_size(request):
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(size, MAX_PAGE_SIZE) if size > 0 else PAGE_SIZE


def _next_link(request, *, positions, following):
    """DRF's CursorPagination link to the page after a first page.

    `positions` are the page's ordering values as strings, `following` that of the row
    after the page: the cursor names the last position that differs from `following`
    and how many rows at the end of the page share it.
    """
    offset, position = len(positions), None
    for shared, candidate in enumerate(reversed(positions)):
        if candidate != following:
            offset, position = shared, candidate
            break
        following = candidate
    tokens = {}
    if offset:
        tokens["o"] = str(offset)
    if position is not None:
        tokens["p"] = position
    cursor = base64.b64encode(urlencode(tokens).encode("ascii")).decode("ascii")
    scheme, netloc, path_, query, _ = urlsplit(request.build_absolute_uri())
    params = parse_qs(query, keep_blank_values=True)
    params["cursor"] = [cursor]
    return urlunsplit((scheme, netloc, path_, urlencode(sorted(params.items()), doseq=True), ""))


def _paginated(request, rows, page_size, position_of):
    page = rows[:page_size]
    next_link = None
    if len(rows) > page_size:
        next_link = _next_link(
            request,
            positions=[position_of(row) for row in page],
            following=position_of(rows[-1]),
        )
    return next_link, page


@require_GET
def order_list(request):
    user_id = _user_id(request)
    if user_id is None:
        return _unauthorized()
    page_size = _page_size(request)
    with connection.cursor() as cursor:
        cursor.execute(ORDER_PAGE, [page_size + 1, user_id])
        rows = cursor.fetchall()
    if not rows or not rows[0][0]:
        return _unauthorized()
    rows = [row for row in rows if row[1] is not None]
    next_link, page = _paginated(request, rows, page_size, lambda row: str(row[5]))
    results = [
        {
            "id": order_id,
            "status": status,
            "total": str(total),
            "item_count": item_count,
            "created_at": created_at,
        }
        for _, order_id, status, total, item_count, created_at in page
    ]
    return _json({"next": next_link, "previous": None, "results": results})


def _order_json(order, items):
    order_id, user, status, total, version, note, created_at, updated_at = order
    return {
        "id": order_id,
        "user": user,
        "status": status,
        "total": str(total),
        "version": version,
        "note": note,
        "items": [
            {
                "product": product,
                "product_name": product_name,
                "sku": sku,
                "unit_price": str(unit_price),
                "quantity": quantity,
                "line_total": str(line_total),
            }
            for item_id, product, product_name, sku, unit_price, quantity, line_total in items
        ],
        "created_at": created_at,
        "updated_at": updated_at,
    }


@require_GET
def order_detail(request, pk):
    user_id = _user_id(request)
    if user_id is None:
        return _unauthorized()
    with connection.cursor() as cursor:
        cursor.execute(ORDER_WITH_ITEMS, [pk, user_id])
        rows = cursor.fetchall()
    if not rows or not rows[0][0]:
        return _unauthorized()
    if rows[0][1] is None:
        return _error(HTTPStatus.NOT_FOUND, "not_found", "Not found.")
    items = [row[9:] for row in rows if row[9] is not None]
    return _json(_order_json(rows[0][1:9], items))


def _like_escaped(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _product_json(row):
    product_id, sku, name, description, price, stock, is_active, created_at, updated_at = row[:9]
    return {
        "id": product_id,
        "sku": sku,
        "name": name,
        "description": description,
        "price": str(price),
        "stock": stock,
        "is_active": is_active,
        "created_at": created_at,
        "updated_at": updated_at,
    }


@require_GET
def product_list(request):
    page_size = _page_size(request)
    term = request.GET.get("search", "")
    with connection.cursor() as cursor:
        if term:
            escaped = _like_escaped(term)
            cursor.execute(
                PRODUCT_SEARCH,
                {
                    "term": term,
                    "prefix": f"{escaped}%",
                    "penalty": DESCRIPTION_PENALTY,
                    "limit": page_size + 1,
                },
            )
        else:
            cursor.execute(PRODUCT_PAGE, {"limit": page_size + 1})
        rows = cursor.fetchall()
    next_link, page = _paginated(request, rows, page_size, lambda row: str(row[9]))
    results = [_product_json(row) for row in page]
    return _json({"next": next_link, "previous": None, "results": results})


def _checkout_input(body):
    """The items as {product: quantity} and the note, or None when the body is invalid."""
    try:
        data = orjson.loads(body)
        items = data["items"]
        note = data.get("note", "")
        quantities = {int(item["product"]): int(item["quantity"]) for item in items}
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    valid = (
        isinstance(note, str)
        and len(note) <= 1000
        and 0 < len(items) <= 100
        and len(quantities) == len(items)
        and all(product >= 1 and 1 <= n <= 10_000 for product, n in quantities.items())
    )
    return (quantities, note) if valid else None


@csrf_exempt
@require_http_methods(["POST"])
def checkout(request):
    user_id = _user_id(request)
    if user_id is None:
        return _unauthorized()
    parsed = _checkout_input(request.body)
    if parsed is None:
        return _error(HTTPStatus.BAD_REQUEST, "invalid", "Invalid input.")
    quantities, note = parsed
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(ACTIVE_USER, [user_id])
        user = cursor.fetchone()
        if user is None or not user[1]:
            return _unauthorized()
        user_id = user[0]
        cursor.execute(LOCK_PRODUCTS, [sorted(quantities)])
        products = cursor.fetchall()
        found = {product[0]: product for product in products}
        for product_id, quantity in sorted(quantities.items()):
            product = found.get(product_id)
            if product is None or not product[5] or product[4] < quantity:
                return _error(
                    HTTPStatus.BAD_REQUEST,
                    "product_unavailable",
                    f"Product #{product_id} is not available.",
                    {"product": product_id},
                )
        lines = [
            (pid, name, sku, price, quantities[pid], (price * quantities[pid]).quantize(CENT))
            for pid, name, sku, price, _stock, _active in products
        ]
        total = sum((line[5] for line in lines), Decimal("0.00"))
        columns = list(zip(*lines, strict=True))
        cursor.execute(
            WRITE_ORDER,
            {
                "products": list(columns[0]),
                "names": list(columns[1]),
                "skus": list(columns[2]),
                "prices": list(columns[3]),
                "quantities": list(columns[4]),
                "totals": list(columns[5]),
                "user": user_id,
                "total": total,
                "hash": fingerprint_request(quantities=quantities, note=note),
                "note": note,
                "public_id": uuid7(),
            },
        )
        order_id, public_id, created_at, updated_at, line_ids = cursor.fetchone()
        # The confirmation goes through the project's outbox, as the rendered checkout's does.
        run_after_commit(send_order_confirmation, order_id=order_id)
    order = (public_id, user_id, "pending", total, 1, note, created_at, updated_at)
    items = [(line_id, *line) for line_id, line in zip(line_ids, lines, strict=True)]
    return _json(_order_json(order, items), HTTPStatus.CREATED)


@csrf_exempt
def orders(request):
    return checkout(request) if request.method == "POST" else order_list(request)


urlpatterns = [
    path("orders/", orders),
    path("orders/<uuid:pk>/", order_detail),
    path("products/", product_list),
]
