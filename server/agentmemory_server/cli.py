"""`agentmemory` command line."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import logging
import multiprocessing
import os
import signal
import sys
from multiprocessing.connection import wait as wait_for_exits
from pathlib import Path
from typing import Any

from agentmemory_server import app, observability
from agentmemory_server.config import Settings


# How long a thread waiting for the GIL lets the holder run on (Python's default is 5 ms), for
# a server on the embedded store. Its writer thread runs each SQLite statement without the GIL and
# must win it back after every one; while the event loop was busy (validating the next bulk call),
# each such wait lasted the whole interval, and a 1,000-decision write spent half its time
# waiting. At 0.5 ms, bulk LogDecisions went from 16,100-17,300 to 19,700-21,000 decisions/s
# (alternating runs), single LogDecision calls unchanged. The AWS stack has no such thread.
EMBEDDED_SWITCH_INTERVAL_S = 0.0005


def tune_interpreter(settings: Settings) -> None:
    """Process-wide interpreter settings for serving with `settings`."""
    if settings.backend == "embedded":
        sys.setswitchinterval(EMBEDDED_SWITCH_INTERVAL_S)


# Net allocations of container objects between young-generation collections (Python's default
# is 700). A subscription round allocates and frees thousands: at 700, a busy server collected 85
# times a second; at 20,000, under once, and spent 46 ms in 10 s collecting instead of 185.
GC_YOUNG_THRESHOLD = 20_000


def tune_garbage_collection() -> None:
    """For a started server: collects less often, and leaves what it holds (modules, protobuf
    descriptors, the stores' clients: some 55,000 objects) out of full collections, which scanned
    them all every time: about 19 ms each, six or seven in a busy 10 s, each a pause for every
    call and stream in flight. Frozen, a full collection scans what serving made since, in about
    4 ms. Startup's own garbage is collected first, or it would be kept for good."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


async def _serve(settings: Settings, reuse_port: bool = False) -> None:
    tune_interpreter(settings)
    running = await app.start(settings, reuse_port)
    tune_garbage_collection()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    logging.getLogger(__name__).info("shutting down: draining in-flight calls")
    await running.stop()


def _serve_worker(overrides: dict[str, Any]) -> None:
    """One process of `serve --workers N`, in a freshly spawned interpreter: its event loop and
    gRPC objects are created here, never inherited through a fork of an initialised gRPC."""
    settings = Settings(**overrides)
    observability.configure_logging(settings.log_format, settings.log_level)
    asyncio.run(_serve(settings, reuse_port=True))


def _supervise_workers(settings: Settings, overrides: dict[str, Any]) -> None:
    """Runs settings.workers server processes on one address and exits when they have: SIGTERM
    and SIGINT are passed on to every worker, and a worker that exits by itself stops the rest,
    so whatever supervises this process sees the failure and restarts the whole group."""
    if settings.backend != "aws":
        raise SystemExit(
            f"--workers {settings.workers} (AGENTMEMORY_WORKERS) needs AGENTMEMORY_BACKEND=aws: the embedded store "
            "is one SQLite file with a single writer, so it is served by one process"
        )
    if settings.address.rsplit(":", 1)[-1] == "0":
        raise SystemExit("--workers needs a fixed port: with port 0 each worker would listen on a different one")
    spawn = multiprocessing.get_context("spawn")
    workers = [
        spawn.Process(target=_serve_worker, args=(overrides,), name=f"agentmemory-worker-{index}")
        for index in range(settings.workers)
    ]
    for worker in workers:
        worker.start()

    stopping = False

    def stop_workers(signum: int = signal.SIGTERM, frame: object = None) -> None:
        # Once only: a worker past its graceful stop has its default SIGTERM action back, and a
        # second signal would kill it mid-drain.
        nonlocal stopping
        if stopping:
            return
        stopping = True
        for worker in workers:
            if worker.exitcode is None:
                os.kill(worker.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop_workers)
    signal.signal(signal.SIGINT, stop_workers)
    wait_for_exits([worker.sentinel for worker in workers])
    stop_workers()
    for worker in workers:
        worker.join()
    failed = [worker for worker in workers if worker.exitcode != 0]
    if failed:
        logging.getLogger(__name__).error("worker %s exited with %s", failed[0].name, failed[0].exitcode)
        raise SystemExit(1)


def _day(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="agentmemory", description="gRPC memory server for autonomous agents")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve MemoryService and DecisionLogService")
    serve.add_argument("--address", help="host:port to listen on (AGENTMEMORY_ADDRESS; default 127.0.0.1:50051)")
    serve.add_argument("--data-dir", type=Path, help="embedded store directory (AGENTMEMORY_DATA_DIR)")
    serve.add_argument(
        "--workers",
        type=int,
        help="server processes sharing the address with SO_REUSEPORT (AGENTMEMORY_WORKERS; default 1; above 1 "
        "only with AGENTMEMORY_BACKEND=aws)",
    )
    commands.add_parser(
        "init-aws",
        help="create the DynamoDB tables (indexes, TTL) and the archive bucket (lifecycle rules, optional Object "
        "Lock) idempotently; uses AGENTMEMORY_TABLE_PREFIX, AGENTMEMORY_ARCHIVE_* and the AWS SDK's variables "
        "(AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, ...)",
    )
    verify = commands.add_parser(
        "verify-archive",
        help="re-hash an agent's archived objects and daily digests over a range of days and report the first "
        "that does not match (exit status 1), or OK",
    )
    verify.add_argument("--agent", required=True, help="the agent whose archive is checked")
    verify.add_argument("--from", dest="first_day", required=True, type=_day, metavar="YYYY-MM-DD", help="first UTC day")
    verify.add_argument("--to", dest="last_day", required=True, type=_day, metavar="YYYY-MM-DD", help="last UTC day")
    token = commands.add_parser("token", help="manage bearer tokens (AGENTMEMORY_AUTH=token)")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="issue a token for an agent and print it (shown once)")
    create.add_argument("--agent", required=True, help="the agent id the token acts for")
    create.add_argument(
        "--grant", action="append", default=[], metavar="AGENT_ID", help="a shared pool it may also use (repeatable)"
    )
    args = parser.parse_args(argv)

    base = Settings()
    observability.configure_logging(base.log_format, base.log_level)
    if args.command in ("token", "verify-archive"):
        from agentmemory_server.api.validation import AGENT_ID

        for agent_id in (args.agent, *getattr(args, "grant", ())):
            if not AGENT_ID.fullmatch(agent_id):
                parser.error(f"{agent_id!r} is not an agent id (1-128 characters of [A-Za-z0-9._-])")
    if args.command == "token":
        secret, record = asyncio.run(app.create_token(base, args.agent, tuple(args.grant)))
        print(secret)
        logging.getLogger(__name__).info(
            "token %s acts for %s%s", record.token_id, record.agent_id, f" and {', '.join(record.grants)}" if record.grants else ""
        )
        return
    if args.command == "verify-archive":
        if args.last_day < args.first_day:
            parser.error("--to must not be before --from")
        result = asyncio.run(app.verify_archive(base, args.agent, args.first_day, args.last_day))
        checked = f"{result.digests} digests, {result.objects} objects ({result.copies} copies)"
        if result.problem is not None:
            print(f"MISMATCH: {result.problem} (matched before it: {checked})")
            raise SystemExit(1)
        print(f"OK: agent {args.agent}, {args.first_day} to {args.last_day}: {checked} match")
        return
    if args.command == "init-aws":
        actions = asyncio.run(app.init_aws(base))
        print("\n".join(actions) if actions else "everything already exists; nothing to do")
        return
    overrides = {name: value for name, value in (("address", args.address), ("data_dir", args.data_dir)) if value}
    settings = Settings(**overrides, **({"workers": args.workers} if args.workers is not None else {}))
    if settings.workers > 1:
        _supervise_workers(settings, overrides)
        return
    asyncio.run(_serve(settings))
