"""TokenStore conformance, and the token lifecycle on top of it."""

from __future__ import annotations

import pytest

from agentmemory_server.core.errors import PermissionDenied, Unauthenticated
from agentmemory_server.core.security import Tokens, authorize, token_sha256


async def test_tokens_are_stored_by_hash_and_grant_their_agent_and_pools(tokens):
    issuer = Tokens(tokens)
    token, record = await issuer.create("market-hunter", ("shared-pool",))
    assert token.startswith("am_") and len(token) > 40
    stored = await tokens.get(token_sha256(token))
    assert stored == record and stored.agent_id == "market-hunter" and stored.grants == ("shared-pool",)
    assert await tokens.get(token) is None  # only the hash is a key
    principal = await Tokens(tokens).authenticate(f"Bearer {token}")
    authorize(principal, "market-hunter")
    authorize(principal, "shared-pool")
    with pytest.raises(PermissionDenied):
        authorize(principal, "someone-else")


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer", "Bearer am_not-a-real-token", "bearer nope"])
async def test_missing_or_unknown_tokens_are_unauthenticated(tokens, header):
    with pytest.raises(Unauthenticated):
        await Tokens(tokens).authenticate(header)
