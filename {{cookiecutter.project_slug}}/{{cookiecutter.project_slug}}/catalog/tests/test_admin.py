import threading
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from {{ cookiecutter.project_slug }}.catalog import admin as catalog_admin
from {{ cookiecutter.project_slug }}.catalog.models import MAX_STOCK, Product
from {{ cookiecutter.project_slug }}.orders.services import place_order

from .factories import ProductFactory

pytestmark = pytest.mark.django_db


def change_url(product):
    return reverse("admin:catalog_product_change", args=[product.pk])


def form_as_rendered(admin_client, product):
    """The change form's values as a browser would post them back."""
    form = admin_client.get(change_url(product)).context["adminform"].form
    return {name: form[name].value() for name in form.fields if form[name].value() is not None}


def stock_of(product):
    product.refresh_from_db()
    return product.stock


def test_the_change_form_shows_stock_read_only(admin_client):
    lamp = ProductFactory.create(stock=10)

    response = admin_client.get(change_url(lamp))

    form = response.context["adminform"].form
    assert "stock" not in form.fields
    assert "stock_adjustment" in form.fields
    assert "Adjust stock by" in response.content.decode()


def test_saving_a_stale_form_keeps_a_concurrent_checkouts_decrement(admin_client, user):
    lamp = ProductFactory.create(stock=10, name="Lamp")
    data = form_as_rendered(admin_client, lamp)
    place_order(user=user, items=[{"product": lamp.pk, "quantity": 3}])

    # What a form rendered with stock 10 would post if stock were still a field.
    response = admin_client.post(change_url(lamp), {**data, "name": "Desk lamp", "stock": 10})

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    assert (stock_of(lamp), lamp.name) == (7, "Desk lamp")


def test_adjust_stock_by_adds_to_the_current_stock(admin_client, user):
    lamp = ProductFactory.create(stock=10)
    data = form_as_rendered(admin_client, lamp)
    place_order(user=user, items=[{"product": lamp.pk, "quantity": 3}])

    response = admin_client.post(change_url(lamp), {**data, "stock_adjustment": -2})

    assert response.status_code == HTTPStatus.FOUND
    assert stock_of(lamp) == 5


@pytest.mark.parametrize(("stock", "adjustment"), [(2, -3), (MAX_STOCK - 1, 2)])
def test_an_adjustment_leaving_the_range_is_a_form_error(admin_client, stock, adjustment):
    lamp = ProductFactory.create(stock=stock)
    data = form_as_rendered(admin_client, lamp)

    response = admin_client.post(change_url(lamp), {**data, "stock_adjustment": adjustment})

    assert response.status_code == HTTPStatus.OK
    assert "stock_adjustment" in response.context["adminform"].form.errors
    assert stock_of(lamp) == stock


def test_a_product_added_in_the_admin_starts_with_the_adjustment(admin_client):
    response = admin_client.post(
        reverse("admin:catalog_product_add"),
        {"sku": "LAMP-1", "name": "Lamp", "price": "19.90", "stock_adjustment": 4},
    )

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    assert Product.objects.get(sku="LAMP-1").stock == 4


def checkout_elsewhere(*, user, product, quantity):
    """A checkout committed by another connection, as a concurrent request makes it."""

    def run():
        try:
            place_order(user=user, items=[{"product": product.pk, "quantity": quantity}])
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()


@pytest.mark.requires_service("postgresql")
@pytest.mark.django_db(transaction=True)
def test_a_checkout_between_the_forms_check_and_the_save_is_an_admin_error(
    admin_client, user, monkeypatch
):
    lamp = ProductFactory.create(stock=10, name="Lamp")
    data = form_as_rendered(admin_client, lamp)
    checked = catalog_admin.ProductAdminForm.clean_stock_adjustment

    def check_then_sell(form):
        delta = checked(form)  # passes: 10 - 5 stays in range
        checkout_elsewhere(user=user, product=lamp, quantity=8)
        return delta

    monkeypatch.setattr(catalog_admin.ProductAdminForm, "clean_stock_adjustment", check_then_sell)

    response = admin_client.post(
        change_url(lamp), {**data, "name": "Desk lamp", "stock_adjustment": -5}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == change_url(lamp)
    [message] = [str(message) for message in get_messages(response.wsgi_request)]
    assert message == "Nothing was saved: Not enough stock to remove 5: 2 left."
    assert (stock_of(lamp), lamp.name) == (2, "Lamp")
