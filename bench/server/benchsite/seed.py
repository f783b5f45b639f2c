"""Load the benchmark's fixed dataset and print what the load client needs, as JSON.

`python -m benchsite.seed` in the rendered project, on a migrated, empty database.
The same seed gives the same rows every time: 200 products, 50 users, 5,000 orders of
1-5 items. The order list user and the checkout buyer are two different users, and the
products checkout buys have stock that never runs out and names the search never finds,
so checkout never changes what the read endpoints return.
"""

import json
import os
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from order_api.catalog.models import MAX_STOCK, Product  # noqa: E402
from order_api.orders.models import Order, OrderItem  # noqa: E402
from order_api.users.models import User  # noqa: E402

SEED = 20251123
PRODUCTS = 200
CHECKOUT_PRODUCTS = 30
USERS = 50
ORDERS = 5000
SEARCH = "steel"
PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway database's users
START = datetime(2025, 1, 1, tzinfo=UTC)
BIG_STOCK = MAX_STOCK  # the most a product may hold

MATERIALS = ["Steel", "Oak", "Copper", "Linen", "Glass", "Wool", "Ceramic"]
ADJECTIVES = ["Classic", "Compact", "Deluxe", "Everyday", "Rustic", "Modern", "Travel"]
NOUNS = ["Kettle", "Lamp", "Chair", "Mug", "Blanket", "Shelf", "Vase", "Bowl", "Clock"]
PHRASES = [
    "made to last",
    "with a finish that ages well",
    "and parts you can replace",
    "shipped flat in recycled packaging",
    "with a two year warranty",
]


def seed_products(rng):
    products = []
    for index in range(PRODUCTS):
        if index < CHECKOUT_PRODUCTS:
            name, stock = f"Bench Stock Item {index:02d}", BIG_STOCK
        else:
            words = [rng.choice(MATERIALS), rng.choice(NOUNS)]
            if rng.random() < 0.7:
                words.insert(0, rng.choice(ADJECTIVES))
            name, stock = " ".join(words), rng.randint(0, 500)
        products.append(
            Product(
                sku=f"SKU-{index:04d}",
                name=name,
                description=" ".join(rng.choices(PHRASES, k=rng.randint(4, 12))).capitalize(),
                price=Decimal(rng.randint(100, 50_000)) / 100,
                stock=stock,
                is_active=index < CHECKOUT_PRODUCTS or rng.random() > 0.05,
            )
        )
    return Product.objects.bulk_create(products)


def seed_users():
    password = make_password(PASSWORD)
    users = [
        User(
            email=f"user{index:02d}@bench.example",
            password=password,
            is_active=True,
            email_verified_at=START,
        )
        for index in range(USERS)
    ]
    return User.objects.bulk_create(users)


def seed_orders(rng, users, products):
    orderable = products[CHECKOUT_PRODUCTS:]
    statuses = [choice for choice, _ in Order.Status.choices]
    orders, lines = [], []
    for index in range(ORDERS):
        chosen = rng.sample(orderable, rng.randint(1, 5))
        order_lines = []
        for product in sorted(chosen, key=lambda product: product.pk):
            quantity = rng.randint(1, 3)
            order_lines.append(
                OrderItem(
                    product=product,
                    product_name=product.name,
                    sku=product.sku,
                    unit_price=product.price,
                    quantity=quantity,
                    line_total=product.price * quantity,
                )
            )
        orders.append(
            Order(
                user=users[index % USERS],
                status=rng.choices(statuses, weights=[2, 6, 1, 1])[0],
                total=sum((line.line_total for line in order_lines), Decimal("0.00")),
            )
        )
        lines.append(order_lines)
    Order.objects.bulk_create(orders, batch_size=1000)
    for order, order_lines in zip(orders, lines, strict=True):
        for line in order_lines:
            line.order = order
    OrderItem.objects.bulk_create(
        [line for order_lines in lines for line in order_lines], batch_size=2000
    )
    return orders


def spread_timestamps(rng, table, rows, step):
    """Distinct, deterministic creation times (auto_now_add stamped them all with now)."""
    stamps = []
    moment = START
    for row in rows:
        moment += step + timedelta(microseconds=rng.randint(1, 999_999))
        stamps.append((moment, moment, row.pk))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET created_at = %s, updated_at = %s WHERE id = %s",  # noqa: S608
            stamps,
        )


def main():
    rng = random.Random(SEED)
    with transaction.atomic():
        products = seed_products(rng)
        users = seed_users()
        orders = seed_orders(rng, users, products)
        spread_timestamps(rng, Product._meta.db_table, products, timedelta(hours=3))
        spread_timestamps(rng, Order._meta.db_table, orders, timedelta(minutes=7))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    list_user, buyer = users[0], users[1]
    # Writes the catalogue: the bulk import row (bench/bulk.py).
    staff = User.objects.create(
        email="staff@bench.example",
        password=make_password(PASSWORD),
        is_active=True,
        is_staff=True,
        email_verified_at=START,
    )
    detail = (
        Order.objects.filter(user=list_user)
        .annotate(n=Count("items"))
        .filter(n=5)
        .order_by("-created_at")
        .first()
    )
    print(
        json.dumps(
            {
                "list_user": {"email": list_user.email, "password": PASSWORD},
                "buyer": {"email": buyer.email, "password": PASSWORD},
                "staff": {"email": staff.email, "password": PASSWORD},
                "detail_order": str(detail.public_id),
                "search": SEARCH.lower(),
                "checkout_products": [product.pk for product in products[:CHECKOUT_PRODUCTS]],
            }
        )
    )


if __name__ == "__main__":
    main()
