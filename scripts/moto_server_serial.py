"""moto's server, handling one request at a time.

moto's stock server is threaded, and its DynamoDB backend does not lock: two concurrent
TransactWriteItems (or two conditional puts) can both pass their conditions. Real DynamoDB
serializes conflicting transactions, and our adapters rely on that, so the test server must too.
Usage: python scripts/moto_server_serial.py HOST PORT
"""

import os
import sys

from moto.moto_server.werkzeug_app import MotoRequestHandler
from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    # Not threaded, so werkzeug also speaks HTTP/1.0 and closes each connection: a client's idle
    # keep-alive connection cannot hold the single worker.
    run_simple(
        host,
        port,
        DomainDispatcherApplication(create_backend_app),
        threaded=False,
        use_reloader=False,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    main()
