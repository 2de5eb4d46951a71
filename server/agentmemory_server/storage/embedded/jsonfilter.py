"""The equality filters of core/jsonpath.py pushed down into SQLite expressions, so the index and
the engine do the filtering instead of Python."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from agentmemory_server.core.jsonpath import json_equal
from agentmemory_server.core.models import load_json


def json_path(dotted: str) -> str:
    return "$" + "".join(f'."{segment}"' for segment in dotted.split("."))


def _sqlite_json_equal(stored: str | None, wanted: str) -> bool:
    return stored is not None and json_equal(load_json(stored), load_json(wanted))


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
