"""Equality filters on dotted JSON paths, as SQLite expressions (DynamoDB: a FilterExpression on
document paths). JSON equality: numbers compare by value, booleans are not numbers, objects and
arrays compare structurally."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def json_path(dotted: str) -> str:
    return "$" + "".join(f'."{segment}"' for segment in dotted.split("."))


def json_equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(json_equal(a, b) for a, b in zip(left, right))
    return type(left) is type(right) and left == right


def _sqlite_json_equal(stored: str | None, wanted: str) -> bool:
    return stored is not None and json_equal(json.loads(stored), json.loads(wanted))


def register(connection: sqlite3.Connection) -> None:
    connection.create_function("json_equal", 2, _sqlite_json_equal, deterministic=True)


def filter_clauses(column: str, filters: dict[str, Any]) -> tuple[list[str], list[Any]]:
    """SQL conditions (to AND together) and their parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    for dotted, wanted in sorted(filters.items()):
        path = json_path(dotted)
        if isinstance(wanted, bool):
            clauses.append(f"json_type({column}, ?) = ?")
            params += [path, "true" if wanted else "false"]
        elif wanted is None:
            clauses.append(f"json_type({column}, ?) = 'null'")
            params.append(path)
        elif isinstance(wanted, (int, float)):
            clauses.append(f"json_type({column}, ?) IN ('integer', 'real') AND json_extract({column}, ?) = ?")
            params += [path, path, wanted]
        elif isinstance(wanted, str):
            clauses.append(f"json_type({column}, ?) = 'text' AND json_extract({column}, ?) = ?")
            params += [path, path, wanted]
        else:
            clauses.append(f"json_type({column}, ?) IN ('object', 'array') AND json_equal(json_extract({column}, ?), ?)")
            params += [path, path, json.dumps(wanted)]
    return clauses, params
