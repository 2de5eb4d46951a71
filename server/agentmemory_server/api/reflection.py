"""What server reflection serves: our descriptor set with its comments.

grpcio-reflection reads descriptors from a pool, and the Python protobuf runtime drops source
info (the comments) from descriptors and cannot find a file by method name, so `grpcurl
describe` would show neither the contract's documentation nor `Service.Method`. This view hands
the reflection servicer the original FileDescriptorProtos and resolves method names to their
service's file; everything else is the library's own servicer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool


class _DocumentedFile:
    def __init__(self, proto: descriptor_pb2.FileDescriptorProto, dependencies: list[_DocumentedFile]) -> None:
        self.name = proto.name
        self.dependencies = dependencies
        self._proto = proto

    def CopyToProto(self, out: descriptor_pb2.FileDescriptorProto) -> None:  # noqa: N802 - descriptor API
        out.CopyFrom(self._proto)


class DocumentedPool:
    def __init__(self, files: Iterable[descriptor_pb2.FileDescriptorProto]) -> None:
        self._pool = descriptor_pool.DescriptorPool()
        self._files: dict[str, _DocumentedFile] = {}
        for proto in files:  # dependencies first, as in a FileDescriptorSet built with imports
            self._pool.Add(proto)
            self._files[proto.name] = _DocumentedFile(proto, [self._files[d] for d in proto.dependency])

    def FindFileByName(self, name: str) -> _DocumentedFile:  # noqa: N802 - DescriptorPool API
        return self._files[name]

    def FindFileContainingSymbol(self, symbol: str) -> _DocumentedFile:  # noqa: N802 - DescriptorPool API
        try:
            return self._files[self._pool.FindFileContainingSymbol(symbol).name]
        except KeyError:
            service_name, _, method = symbol.rpartition(".")
            service = self._pool.FindServiceByName(service_name)
            if method not in service.methods_by_name:
                raise
            return self._files[service.file.name]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)
