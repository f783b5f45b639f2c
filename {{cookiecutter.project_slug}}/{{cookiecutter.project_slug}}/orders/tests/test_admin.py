from http import HTTPStatus

import pytest
from django.urls import reverse

from {{ cookiecutter.project_slug }}.orders.models import Order

from .factories import OrderItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return OrderItemFactory.create(quantity=2).order


def save_note(admin_client, order, note):
    """Post the change form as the browser would, with the items inline as rendered."""
    url = reverse("admin:orders_order_change", args=[order.pk])
    data = {"note": note}
    for inline in admin_client.get(url).context["inline_admin_formsets"]:
        formset = inline.formset
        for form in [formset.management_form, *formset.forms]:
            data.update({form.add_prefix(name): form[name].value() for name in form.fields})
    return admin_client.post(url, {key: value for key, value in data.items() if value is not None})


def test_editing_the_note_in_the_admin_bumps_the_version(admin_client, order):
    response = save_note(admin_client, order, "Call first")

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    order.refresh_from_db()
    assert (order.note, order.version) == ("Call first", 2)


def test_an_api_client_holding_the_old_version_then_gets_a_409(admin_client, order, auth_client):
    save_note(admin_client, order, "Admin")

    response = auth_client(order.user).patch(
        f"/api/v1/orders/{order.public_id}/", {"note": "Customer", "version": 1}
    )

    assert response.status_code == HTTPStatus.CONFLICT
    order.refresh_from_db()
    assert order.note == "Admin"


def test_saving_an_unchanged_note_keeps_the_version(admin_client, order):
    response = save_note(admin_client, order, "")

    assert response.status_code == HTTPStatus.FOUND
    order.refresh_from_db()
    assert order.version == 1


def test_orders_cannot_be_deleted_in_the_admin(admin_client, order):
    response = admin_client.post(
        reverse("admin:orders_order_delete", args=[order.pk]), {"post": "yes"}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Order.objects.filter(pk=order.pk).exists()
    assert order.items.count() == 1


def test_the_changelist_offers_no_bulk_delete(admin_client, order):
    response = admin_client.get(reverse("admin:orders_order_changelist"))

    assert response.status_code == HTTPStatus.OK
    assert 'value="delete_selected"' not in response.content.decode()


def test_orders_cannot_be_added_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:orders_order_add"))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Order.objects.exists()
