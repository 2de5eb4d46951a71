"""Opaque, tamper-proof tokens for page tokens and subscription cursors.

A token is the base64url of a compact JSON payload followed by an HMAC-SHA256
tag over (purpose, scope, payload). The scope binds a token to what it was
issued for (a query's filters, an agent), so a token replayed against another
query or agent fails verification just like an altered one (AIP-158).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from agentmemory_server.core.errors import InvalidToken

_TAG_BYTES = 16


class TokenSigner:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("token secret must be at least 16 bytes")
        self._secret = secret

    def _tag(self, purpose: str, scope: str, body: bytes) -> bytes:
        message = purpose.encode() + b"\x00" + scope.encode() + b"\x00" + body
        return hmac.new(self._secret, message, hashlib.sha256).digest()[:_TAG_BYTES]

    def seal(self, purpose: str, scope: str, payload: Any) -> str:
        body = json.dumps(payload, separators=(",", ":")).encode()
        raw = self._tag(purpose, scope, body) + body
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    def open(self, purpose: str, scope: str, token: str, *, field: str, reason: str) -> Any:
        invalid = InvalidToken(field, reason, f"{field} is malformed, altered, or was issued for another request")
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            raise invalid from None
        tag, body = raw[:_TAG_BYTES], raw[_TAG_BYTES:]
        if len(tag) != _TAG_BYTES or not hmac.compare_digest(tag, self._tag(purpose, scope, body)):
            raise invalid
        try:
            return json.loads(body)
        except ValueError:
            raise invalid from None
