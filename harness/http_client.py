"""HTTP clients for the harness, which speaks plain HTTP to servers on 127.0.0.1.

httpx builds a TLS context (loading the whole CA bundle) for every client or transport it
creates unless it is given one: tens of milliseconds of CPU, paid again by each poll of a
server that is starting. Every client here shares one context instead.
"""

import ssl

import httpx

TLS = ssl.create_default_context()


def client(*, local_address=None, **options):
    """An httpx.Client; `local_address` binds its connections to that source address."""
    transport = httpx.HTTPTransport(verify=TLS, local_address=local_address)
    return httpx.Client(transport=transport, **options)


def request(method, url, **options):
    with client() as one_off:
        return one_off.request(method, url, **options)


def get(url, **options):
    return request("GET", url, **options)
