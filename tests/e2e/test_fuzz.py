"""Hostile and malformed requests at every RPC (hypothesis): raw bytes, wrong wire types, huge
payloads, deep nesting, odd unicode, out-of-range numbers and times. The server answers each with
a clean status (never UNKNOWN or INTERNAL, never a parser message or traceback), keeps serving,
and data written before is intact."""

from __future__ import annotations

import math

import grpc
from google.protobuf import descriptor, duration_pb2, struct_pb2, timestamp_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentmemory.v1 import decision_log_pb2, memory_pb2

SERVICES = [memory_pb2.DESCRIPTOR.services_by_name["MemoryService"], decision_log_pb2.DESCRIPTOR.services_by_name["DecisionLogService"]]
METHODS = [method for service in SERVICES for method in service.methods]
ALLOWED = {
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.FAILED_PRECONDITION,
    grpc.StatusCode.ABORTED,
    grpc.StatusCode.OUT_OF_RANGE,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.DEADLINE_EXCEEDED,  # a subscription that is valid simply stays open
}

odd_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0x300, max_codepoint=0x36F), max_size=20),  # combining marks
    st.sampled_from(["", " ", "\u0000", "a#b", "stm:{x}:y", "../../etc", "😀" * 30, "\u202e", "A" * 300, "UPPER_OK"]),
    st.integers(0, 400_000).map(lambda n: "x" * n),  # up to and past the value size limit
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.floats(allow_nan=True, allow_infinity=True), odd_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(odd_text, inner, max_size=4)),
    max_leaves=30,
)
deep_value = st.integers(1, 45).map(lambda depth: nested(depth))


def nested(depth: int) -> struct_pb2.Value:
    value = struct_pb2.Value(string_value="leaf")
    for _ in range(depth):
        outer = struct_pb2.Value()
        outer.list_value.values.append(value)
        value = outer
    return value


def to_value(data: object, out: struct_pb2.Value) -> None:
    if data is None:
        out.null_value = struct_pb2.NULL_VALUE
    elif isinstance(data, bool):
        out.bool_value = data
    elif isinstance(data, float):
        out.number_value = data
    elif isinstance(data, str):
        out.string_value = data
    elif isinstance(data, list):
        out.list_value.SetInParent()
        for item in data:
            to_value(item, out.list_value.values.add())
    else:
        out.struct_value.SetInParent()
        for key, item in data.items():
            to_value(item, out.struct_value.fields[key])


@st.composite
def filled(draw: st.DrawFn, message_descriptor: descriptor.Descriptor, depth: int = 0) -> object:
    message = message_descriptor._concrete_class()
    for field in message_descriptor.fields:
        if draw(st.booleans()):
            continue
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            entries = draw(st.dictionaries(odd_text, st.floats(allow_nan=True, allow_infinity=True), max_size=4))
            getattr(message, field.name).update(entries)
            continue
        values = draw(st.lists(field_value(field, depth), min_size=1, max_size=3)) if field.is_repeated else [draw(field_value(field, depth))]
        for value in values:
            if field.is_repeated:
                if field.type == descriptor.FieldDescriptor.TYPE_MESSAGE:
                    getattr(message, field.name).add().CopyFrom(value)
                else:
                    getattr(message, field.name).append(value)
            elif field.type == descriptor.FieldDescriptor.TYPE_MESSAGE:
                getattr(message, field.name).CopyFrom(value)
            else:
                setattr(message, field.name, value)
    return message


def field_value(field: descriptor.FieldDescriptor, depth: int) -> st.SearchStrategy:
    kinds = descriptor.FieldDescriptor
    if field.message_type is not None:
        name = field.message_type.full_name
        if name == "google.protobuf.Value":
            return st.one_of(deep_value, json_values.map(lambda data: _value(data)))
        if name == "google.protobuf.Struct":
            return st.dictionaries(odd_text, json_values, max_size=5).map(_struct)
        if name == "google.protobuf.Timestamp":
            return st.builds(timestamp_pb2.Timestamp, seconds=st.integers(-(2**62), 2**62), nanos=st.integers(-(2**31), 2**31 - 1))
        if name == "google.protobuf.Duration":
            return st.builds(duration_pb2.Duration, seconds=st.integers(-(2**62), 2**62), nanos=st.integers(-(2**31), 2**31 - 1))
        return filled(field.message_type, depth + 1) if depth < 2 else st.just(field.message_type._concrete_class())
    if field.type == kinds.TYPE_STRING:
        return odd_text
    if field.type == kinds.TYPE_BOOL:
        return st.booleans()
    if field.type == kinds.TYPE_DOUBLE:
        return st.floats(allow_nan=True, allow_infinity=True)
    if field.type == kinds.TYPE_ENUM:
        return st.integers(-3, 10)
    if field.type == kinds.TYPE_INT32:
        return st.integers(-(2**31), 2**31 - 1)
    if field.type == kinds.TYPE_UINT32:
        return st.integers(0, 2**32 - 1)
    if field.type == kinds.TYPE_UINT64:
        return st.integers(0, 2**64 - 1)
    return st.integers(-(2**63), 2**63 - 1)


def _value(data: object) -> struct_pb2.Value:
    out = struct_pb2.Value()
    to_value(data, out)
    return out


def _struct(data: dict) -> struct_pb2.Struct:
    out = struct_pb2.Value()
    to_value(data, out)
    return out.struct_value


@st.composite
def hostile_call(draw: st.DrawFn) -> tuple[descriptor.MethodDescriptor, list[bytes]]:
    method = draw(st.sampled_from(METHODS))
    one = st.one_of(
        st.binary(max_size=512),  # garbage, truncated varints, wrong wire types
        filled(method.input_type).map(lambda message: message.SerializeToString()),
    )
    return method, draw(st.lists(one, min_size=1, max_size=3)) if method.client_streaming else [draw(one)]


def invoke(channel: grpc.Channel, method: descriptor.MethodDescriptor, payloads: list[bytes]) -> None:
    path = f"/{method.containing_service.full_name}/{method.name}"
    if method.client_streaming:
        channel.stream_unary(path)(iter(payloads), timeout=10)
    elif method.server_streaming:
        for _ in channel.unary_stream(path)(payloads[0], timeout=1.5):
            pass
    else:
        channel.unary_unary(path)(payloads[0], timeout=10)


def test_hostile_requests_get_clean_errors_and_change_nothing(server):
    with grpc.insecure_channel(server.address, options=[("grpc.max_send_message_length", 8 * 1024 * 1024)]) as channel:
        canary = memory_pb2.PutLongTermRequest(agent_id="fuzz-canary", memory_type="PATTERN", memory_id="keep", confidence=0.5)
        canary.data.update({"intact": True})
        stored = memory_pb2.PutLongTermResponse.FromString(
            channel.unary_unary("/agentmemory.v1.MemoryService/PutLongTerm")(canary.SerializeToString(), timeout=10)
        ).memory

        @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(hostile_call())
        def attack(call: tuple[descriptor.MethodDescriptor, list[bytes]]) -> None:
            method, payloads = call
            try:
                invoke(channel, method, payloads)
            except grpc.RpcError as error:
                assert error.code() in ALLOWED, (method.name, error.code(), error.details())
                details = error.details() or ""
                assert "Traceback" not in details and "Error parsing" not in details and "Exception" not in details

        attack()

        health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        read = memory_pb2.GetLongTermResponse.FromString(
            channel.unary_unary("/agentmemory.v1.MemoryService/GetLongTerm")(
                memory_pb2.GetLongTermRequest(agent_id="fuzz-canary", memory_type="PATTERN", memory_id="keep").SerializeToString(),
                timeout=10,
            )
        ).memory
        assert (read.data, read.version, read.confidence) == (stored.data, stored.version, stored.confidence)
        assert not math.isnan(read.confidence)


def test_oversized_messages_are_refused(server):
    with grpc.insecure_channel(server.address, options=[("grpc.max_send_message_length", 16 * 1024 * 1024)]) as channel:
        request = decision_log_pb2.LogDecisionRequest(agent_id="fuzz-big", decision_type="QUERY")
        request.context.update({"blob": "x" * (5 * 1024 * 1024)})
        try:
            channel.unary_unary("/agentmemory.v1.DecisionLogService/LogDecision")(request.SerializeToString(), timeout=10)
            raise AssertionError("a 5 MiB message was accepted")
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, error.details()
