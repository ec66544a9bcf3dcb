"""The OpenAPI document is valid OpenAPI 3.1 and says what the contract needs it to say."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from .helpers import spec, validate_schema

AMOUNT_PATTERN = "^\\d+(\\.\\d+)?$"


def test_document_is_valid_openapi_31() -> None:
    doc = spec()
    assert doc["openapi"].startswith("3.1")
    validate(doc)


def test_paths_and_methods() -> None:
    paths = spec()["paths"]
    assert set(paths) == {
        "/.well-known/huiliu-platform",
        "/oauth/authorize",
        "/oauth/token",
        "/accounts",
        "/accounts/{account_id}/balances",
        "/accounts/{account_id}/transactions",
        "/fx/quote",
        "/fx/quotes",
        "/transfers",
        "/transfers/{transfer_id}",
    }
    assert set(paths["/oauth/authorize"]) == {"get", "post"}
    assert set(paths["/transfers"]) == {"get", "post"}
    assert set(paths["/transfers/{transfer_id}"]) == {"get", "delete"}
    assert set(paths["/fx/quotes"]) == {"post"}
    assert set(paths["/oauth/token"]) == {"post"}


def test_amounts_are_decimal_strings() -> None:
    schemas = spec()["components"]["schemas"]
    assert schemas["AmountString"]["type"] == "string"
    assert schemas["AmountString"]["pattern"] == AMOUNT_PATTERN
    assert schemas["DecimalString"]["pattern"] == "^-?\\d+(\\.\\d+)?$"
    validate_schema("Amount", {"amount": "12.30", "currency": "CNY"})
    for bad in (
        {"amount": 12.3, "currency": "CNY"},
        {"amount": "1e3", "currency": "CNY"},
        {"amount": "12.30", "currency": "cny"},
        {"amount": "12.30"},
    ):
        try:
            validate_schema("Amount", bad)
        except Exception:  # noqa: BLE001 - any validation error is the point
            continue
        raise AssertionError(f"{bad} should be rejected")


def test_errors_are_problem_json_with_retry_after_on_429() -> None:
    responses = spec()["components"]["responses"]
    for name in (
        "BadRequest",
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "TooManyRequests",
        "Unavailable",
        "Internal",
    ):
        assert list(responses[name]["content"]) == ["application/problem+json"], name
    assert responses["TooManyRequests"]["headers"]["Retry-After"] == {
        "$ref": "#/components/headers/RetryAfter"
    }
    for path, ops in spec()["paths"].items():
        for method, op in ops.items():
            if op.get("security") != []:  # every protected operation documents 401, 404, 429 and 503
                assert {"401", "404", "429", "503"} <= set(op["responses"]), (method, path)


def test_oauth2_pkce_and_transfers_note() -> None:
    scheme = spec()["components"]["securitySchemes"]["platform_oauth"]
    assert scheme["type"] == "oauth2" and "authorizationCode" in scheme["flows"]
    assert "S256" in scheme["description"] and "PKCE" in scheme["description"]
    assert re.search(r"POST /transfers.*x-idempotency-key", spec()["info"]["description"], re.S)
