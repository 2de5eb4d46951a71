"""Generated protobuf and gRPC stubs for agentmemory.v1 (see protos/)."""
