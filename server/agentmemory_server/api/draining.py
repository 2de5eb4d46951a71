"""What a graceful stop waits for: the calls of agentmemory's own services, to their last byte.

gRPC's own graceful stop waits for every call its core still holds, and some of those never end
by themselves: a health Watch stream stays open until its client goes (every client that checks
health by watching holds one), and a call the core took in as the server began to stop may never
reach a handler at all (api/handlers.py, WrappingRegistrar, says how; with that way closed, 2 of
430 SIGTERMs under 40 writers still waited out the grace with no call of ours in flight, for a
reason not found). Either held a SIGTERM to the end of its grace period. The server waits for
its services' calls instead, then cancels what is left."""

from __future__ import annotations

import asyncio
import weakref

import grpc


class ServiceCalls(grpc.GenericRpcHandler):
    """Serves no method. Registered ahead of every other generic handler, it is the first gRPC
    asks about each call, from that call's own task and before the request is read, and keeps
    the tasks of calls to `services`: each ends once its handler has returned and its response
    and status have gone out. (gRPC asks generic handlers only about methods not registered by
    name, and WrappingRegistrar registers none.)"""

    def __init__(self, services: tuple[str, ...]) -> None:
        self._paths = tuple(f"/{service}/" for service in services)
        self._tasks: weakref.WeakSet[asyncio.Task[object]] = weakref.WeakSet()

    def service(self, handler_call_details: grpc.HandlerCallDetails) -> None:
        if handler_call_details.method.startswith(self._paths):
            task = asyncio.current_task()
            if task is not None:
                self._tasks.add(task)
        return None

    def pending(self) -> list[asyncio.Task[object]]:
        """The tasks of the calls seen that have not ended."""
        return [task for task in self._tasks if not task.done()]

    async def finished(self) -> None:
        """Returns once every call seen so far has ended, and every call seen meanwhile."""
        while pending := self.pending():
            await asyncio.wait(pending)
