import pytest

from {{ cookiecutter.project_slug }}.core.addresses import InvalidEmailError, canonical_email


@pytest.mark.parametrize(
    ("address", "canonical"),
    [
        ("Jane.Doe@EXAMPLE.Com", "jane.doe@example.com"),
        ("  jane@example.com ", "jane@example.com"),
        ("jane@b\u00fccher.de", "jane@xn--bcher-kva.de"),
        ("jane@XN--BCHER-KVA.DE", "jane@xn--bcher-kva.de"),
        ("jane@\uff45xample.com", "jane@example.com"),
        ("\ufb03ce@example.com", "ffice@example.com"),
        ("jane@my-shop2.example.com", "jane@my-shop2.example.com"),
    ],
)
def test_canonical_form(address, canonical):
    assert canonical_email(address) == canonical


@pytest.mark.parametrize(
    "address",
    [
        pytest.param("jane@ma\u0131l.site", id="dotless-i"),
        pytest.param("jane@MA\u0130L.site", id="dotted-capital-i"),
        pytest.param("jane@p\u0430ypal.com", id="cyrillic-a"),
        pytest.param("jane@\u0440\u0430\u0443\u0440\u0430l.com", id="mixed-script"),
        pytest.param("jane@xn--mal-kua.site", id="dotless-i-in-idna"),
    ],
)
def test_lookalike_domains_have_no_canonical_form(address):
    with pytest.raises(InvalidEmailError, match="look like others"):
        canonical_email(address)


@pytest.mark.parametrize("address", ["", "jane", "jane@", "@example.com", "jane@localhost", None])
def test_malformed_addresses_have_no_canonical_form(address):
    with pytest.raises(InvalidEmailError, match="valid email"):
        canonical_email(address)
