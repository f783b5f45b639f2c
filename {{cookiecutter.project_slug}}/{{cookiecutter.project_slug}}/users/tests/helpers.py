def error_of(response, status):
    """Assert the response is `status` with the project's error envelope; return the error."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]
