from __future__ import annotations

import pytest

from agentmemory_server.core.errors import InvalidToken
from agentmemory_server.core.tokens import TokenSigner

SIGNER = TokenSigner(b"0123456789abcdef0123456789abcdef")


def open_page(token: str, scope: str = "query-a"):
    return SIGNER.open("page", scope, token, field="page_token", reason="INVALID_PAGE_TOKEN")


def test_round_trip():
    token = SIGNER.seal("page", "query-a", [1700, "id"])
    assert open_page(token) == [1700, "id"]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: "A" + t[1:] if t[0] != "A" else "B" + t[1:],
        lambda t: t[: len(t) // 2],
        lambda t: "",
        lambda t: "not base64 at all !!",
        lambda t: t + t,
    ],
)
def test_altered_tokens_are_rejected(mangle):
    token = SIGNER.seal("page", "query-a", [1700, "id"])
    with pytest.raises(InvalidToken) as error:
        open_page(mangle(token))
    assert (error.value.field, error.value.reason) == ("page_token", "INVALID_PAGE_TOKEN")


def test_token_is_bound_to_scope_purpose_and_key():
    token = SIGNER.seal("page", "query-a", 5)
    with pytest.raises(InvalidToken):
        open_page(token, scope="query-b")
    with pytest.raises(InvalidToken):
        SIGNER.open("cursor", "query-a", token, field="cursor", reason="INVALID_CURSOR")
    with pytest.raises(InvalidToken):
        TokenSigner(b"another-secret-of-32-bytes------").open(
            "page", "query-a", token, field="page_token", reason="INVALID_PAGE_TOKEN"
        )


def test_short_secrets_are_refused():
    with pytest.raises(ValueError):
        TokenSigner(b"short")
