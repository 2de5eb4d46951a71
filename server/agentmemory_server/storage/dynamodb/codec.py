"""DynamoDB attribute values, written by hand: JSON payloads travel as strings (exact round trip of
numbers and types, no Decimal), numbers as DynamoDB N."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from agentmemory_server.core.errors import StoreUnavailable
from agentmemory_server.core.models import JSON, dump_json, load_json

P = ParamSpec("P")
R = TypeVar("R")

Item = dict[str, dict[str, Any]]

SEQ_DIGITS = 19


def s(value: str) -> dict[str, str]:
    return {"S": value}


def n(value: int | float) -> dict[str, str]:
    return {"N": repr(value) if isinstance(value, float) else str(value)}


def j(value: JSON) -> dict[str, str]:
    return {"S": dump_json(value)}


def get_s(item: Item, name: str) -> str:
    return item[name]["S"]


def get_int(item: Item, name: str, default: int | None = None) -> int | None:
    value = item.get(name)
    return default if value is None else int(value["N"])


def get_float(item: Item, name: str) -> float:
    return float(item[name]["N"])


def get_json(item: Item, name: str) -> JSON:
    return load_json(item[name]["S"])


def padded(number: int) -> str:
    """A non-negative integer as a fixed-width string, so string order is numeric order."""
    return f"{number:0{SEQ_DIGITS}d}"


async def pages(call: Callable[..., Awaitable[dict[str, Any]]], **request: Any) -> AsyncIterator[list[Item]]:
    """The items of every page of a Query or Scan, following LastEvaluatedKey."""
    while True:
        response = await call(**request)
        yield response.get("Items", [])
        if not response.get("LastEvaluatedKey"):
            return
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def is_condition_failure(error: ClientError) -> bool:
    return error.response["Error"]["Code"] == "ConditionalCheckFailedException"


def cancellation_reasons(error: ClientError) -> list[str]:
    """Per-item codes of a cancelled transaction ('None' for items that were fine)."""
    if error.response["Error"]["Code"] != "TransactionCanceledException":
        return []
    reasons = error.response.get("CancellationReasons")
    if reasons:
        return [reason.get("Code", "None") for reason in reasons]
    # Some endpoints only put the reasons in the message: "... [None, ConditionalCheckFailed]".
    message = error.response["Error"].get("Message", "")
    start, end = message.rfind("["), message.rfind("]")
    return [part.strip() for part in message[start + 1 : end].split(",")] if start < end else []


_RETRYABLE = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
}


def unavailable_on_failure(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Turns a DynamoDB outage (connection failures, throttling that outlived the SDK's adaptive
    retries) into StoreUnavailable; other errors pass through unchanged."""

    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await method(*args, **kwargs)
        except ClientError as error:
            if error.response["Error"]["Code"] in _RETRYABLE:
                raise StoreUnavailable("DynamoDB is throttling or unavailable; retry") from error
            raise
        except BotoCoreError as error:
            raise StoreUnavailable("DynamoDB is unavailable; retry") from error

    wrapper.__name__ = method.__name__
    wrapper.__doc__ = method.__doc__
    return wrapper
