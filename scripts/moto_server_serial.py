"""moto's server, made to behave like DynamoDB where our adapters depend on it.

1. One request at a time. moto's stock server is threaded and its DynamoDB backend does not
   lock: two concurrent TransactWriteItems (or conditional puts) can both pass their conditions.
   DynamoDB serializes conflicting writes, and the adapters rely on that.
2. Transactions roll back only the items they touched. moto deep-copies every table a
   transaction names, so each transaction costs time proportional to the table, and a suite
   that writes thousands of decisions slows to a crawl. Here the transaction snapshots the items
   it names and restores exactly those when it is cancelled (sound, as requests are serial).

Usage: python scripts/moto_server_serial.py HOST PORT
"""

import copy
import os
import sys
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models.table import Table
from moto.moto_server.werkzeug_app import MotoRequestHandler
from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple


class _CopyExceptTables:
    """Stands in for the `copy` module inside moto's DynamoDB backend: tables are not copied."""

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


def _item_key(backend: Any, operation: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    table = backend.get_table(operation["TableName"])
    source = operation["Item"] if "Item" in operation else operation["Key"]
    key = {table.hash_key_attr: source[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = source[table.range_key_attr]
    return operation["TableName"], key


def _install_item_level_rollback() -> None:
    original = dynamodb_models.DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        snapshots = []
        for entry in transact_items:
            (operation,) = entry.values()
            try:
                table_name, key = _item_key(self, operation)
            except Exception:  # noqa: BLE001 - moto reports malformed requests itself
                continue
            current = self.get_item(table_name, key)
            snapshots.append((table_name, key, current.to_json()["Attributes"] if current else None))
        try:
            return original(self, transact_items)
        except Exception:
            for table_name, key, attributes in reversed(snapshots):
                if attributes is None:
                    if self.get_item(table_name, key) is not None:
                        self.delete_item(table_name, key)
                else:
                    self.put_item(table_name, attributes)
            raise

    dynamodb_models.copy = _CopyExceptTables()
    dynamodb_models.DynamoDBBackend.transact_write_items = transact_write_items


class _TimedRequestHandler(MotoRequestHandler):
    # The one worker serves one connection at a time: a client that connects and then stalls
    # (a process killed mid-request, a stalled proxy) would hold every other client. A CI run
    # once stood 30 s that way; a connection silent for this long is dropped instead.
    timeout = 5


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    _install_item_level_rollback()
    # Not threaded, so werkzeug also speaks HTTP/1.0 and closes each connection: a client's idle
    # keep-alive connection cannot hold the single worker.
    run_simple(
        host,
        port,
        DomainDispatcherApplication(create_backend_app),
        threaded=False,
        use_reloader=False,
        request_handler=_TimedRequestHandler,
    )


if __name__ == "__main__":
    main()
