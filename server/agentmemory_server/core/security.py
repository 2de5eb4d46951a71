"""Bearer tokens and who may touch which agent's memory.

A token is 32 random bytes (base64url, prefixed `am_`); the store keeps only its SHA-256, which
is enough for a secret of that entropy (no password hashing needed) and lets a lookup be a key
get. A token acts for its own agent id and for the shared pools it was granted.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Callable

from agentmemory_server.core.errors import PermissionDenied, Unauthenticated
from agentmemory_server.core.models import TokenRecord, now_us
from agentmemory_server.storage.ports import TokenStore

_PREFIX = "am_"
_CACHE_SECONDS = 30.0


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Tokens:
    def __init__(self, store: TokenStore, clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._clock = clock
        # sha256 -> (record or None, when cached): a token is looked up once per interval, not per call.
        self._cache: dict[str, tuple[TokenRecord | None, float]] = {}

    async def create(self, agent_id: str, grants: tuple[str, ...] = ()) -> tuple[str, TokenRecord]:
        """A new token (shown once) and what it grants."""
        token = _PREFIX + base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
        record = TokenRecord(token_id=token_sha256(token)[:12], agent_id=agent_id, grants=grants, create_us=now_us())
        await self._store.put(token_sha256(token), record)
        return token, record

    async def authenticate(self, authorization: str | None) -> TokenRecord:
        if not authorization:
            raise Unauthenticated("this server requires a bearer token: send 'authorization: Bearer <token>'")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.startswith(_PREFIX):
            raise Unauthenticated("the authorization header must be 'Bearer <token>'")
        digest = token_sha256(token.strip())
        cached = self._cache.get(digest)
        if cached is None or self._clock() - cached[1] > _CACHE_SECONDS:
            if len(self._cache) > 10_000:
                self._cache.clear()
            cached = (await self._store.get(digest), self._clock())
            self._cache[digest] = cached
        if cached[0] is None:
            raise Unauthenticated("unknown bearer token")
        return cached[0]


def authorize(principal: TokenRecord, agent_id: str) -> None:
    if agent_id != principal.agent_id and agent_id not in principal.grants:
        raise PermissionDenied(
            f"this token acts for agent {principal.agent_id!r} (and its granted pools), not {agent_id!r}",
            agent_id=agent_id,
        )
