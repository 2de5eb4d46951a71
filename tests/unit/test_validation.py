from __future__ import annotations

import json
import math

import pytest
from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2

from agentmemory.v1 import decision_log_pb2
from agentmemory_server.api.decision_servicer import DecisionLogServicer
from agentmemory_server.api.validation import MAX_JSON_DEPTH, Violations
from agentmemory_server.config import Settings
from agentmemory_server.core.errors import ValidationFailed


def fields(check: Violations) -> list[str]:
    return [field for field, _ in check.items]


def nested_value(depth: int) -> struct_pb2.Value:
    value = struct_pb2.Value(string_value="leaf")
    for _ in range(depth):
        outer = struct_pb2.Value()
        outer.list_value.values.append(value)
        value = outer
    return value


@pytest.mark.parametrize("agent_id", ["", "-starts-with-dash", "has space", "a" * 129, "ümlaut", "a#b", "a:b"])
def test_bad_agent_ids_name_the_field(agent_id):
    check = Violations(1024)
    check.agent_id(agent_id)
    assert fields(check) == ["agent_id"]


@pytest.mark.parametrize("agent_id", ["market-hunter", "a", "A.b_c-9", "a" * 128])
def test_good_agent_ids_pass(agent_id):
    check = Violations(1024)
    check.agent_id(agent_id)
    check.raise_if_any()


def test_values_must_be_finite_shallow_enough_and_small_enough():
    check = Violations(512)
    check.json_value("nan", struct_pb2.Value(number_value=math.nan))
    check.json_value("deep", nested_value(40))
    check.json_value("big", struct_pb2.Value(string_value="x" * 600))
    check.json_value("missing", struct_pb2.Value(), required=True)
    check.json_value("fine", nested_value(10))
    assert fields(check) == ["nan", "deep", "big", "missing"]
    with pytest.raises(ValidationFailed) as error:
        check.raise_if_any()
    assert [f for f, _ in error.value.violations] == ["nan", "deep", "big", "missing"]


def test_ttl_bounds():
    check = Violations(1024)
    assert check.ttl("ttl", False, duration_pb2.Duration(), 60) is None
    assert check.ttl("ttl", True, duration_pb2.Duration(seconds=1, nanos=500_000_000), 60) == 1.5
    check.ttl("zero", True, duration_pb2.Duration(), 60)
    check.ttl("negative", True, duration_pb2.Duration(seconds=-5), 60)
    check.ttl("too_long", True, duration_pb2.Duration(seconds=61), 60)
    assert fields(check) == ["zero", "negative", "too_long"]


def test_timestamps_outside_the_protobuf_range_are_rejected():
    request = decision_log_pb2.QueryDecisionsRequest(start_time=timestamp_pb2.Timestamp(seconds=10**12))
    request.end_time.seconds = 5
    request.end_time.nanos = 1500
    check = Violations(1024)
    assert check.timestamp("start_time", request, "start_time") is None
    assert check.timestamp("end_time", request, "end_time") == 5_000_001
    assert check.timestamp("unset", decision_log_pb2.QueryDecisionsRequest(), "start_time") is None
    assert fields(check) == ["start_time"]


def test_filter_keys_must_be_dotted_paths():
    check = Violations(1024)
    good = struct_pb2.Struct()
    good.update({"market.trend": "bullish", "trading_hours": "asian"})
    check.equality_filter("context_filter", good)
    bad = struct_pb2.Struct()
    bad.update({"market..trend": 1, 'a"b': 2, "": 3})
    check.equality_filter("context_filter", bad)
    assert sorted(fields(check)) == ["context_filter.", 'context_filter.a"b', "context_filter.market..trend"]


def nested_object(depth: int) -> struct_pb2.Value:
    value = struct_pb2.Value(string_value="leaf")
    for _ in range(depth):
        outer = struct_pb2.Value()
        outer.struct_value.fields["inner"].CopyFrom(value)
        value = outer
    return value


@pytest.mark.parametrize("depth", range(MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH + 3))
def test_objects_and_arrays_count_alike_toward_the_depth_limit(depth):
    by_arrays, by_objects = Violations(1 << 20), Violations(1 << 20)
    by_arrays.json_value("value", nested_value(depth))
    by_objects.json_value("value", nested_object(depth))
    assert fields(by_objects) == fields(by_arrays) == (["value"] if depth > MAX_JSON_DEPTH else [])


@pytest.mark.parametrize(
    "document",
    [{"a": math.inf}, {"a": {"b": [1.0, math.nan]}}, {"a": [{"b": -math.inf}]}, {"a": {"b": {"c": math.nan}}}],
)
def test_a_non_finite_number_anywhere_in_a_document_is_refused(document):
    struct = struct_pb2.Struct()
    struct.update(document)
    check = Violations(1 << 20)
    assert check.struct("context", struct) == {}
    assert fields(check) == ["context"]


def test_a_document_converts_to_its_json():
    document = {
        "text": "x", "number": 1.5, "whole": 3.0, "yes": True, "no": False, "nothing": None, "empty": {},
        "nested": {"list": [1.0, "y", None, False, {"deeper": []}], "object": {"k": "v"}},
    }
    struct = struct_pb2.Struct()
    struct.update(document)
    check = Violations(1 << 20)
    assert check.struct("context", struct) == document
    assert fields(check) == []


LIMIT = 2000


def decision_with_documents(context_bytes: int, reasoning_bytes: int) -> decision_log_pb2.LogDecisionRequest:
    """A LogDecision request whose context and reasoning encode to exactly these sizes, and whose
    other fields add a few hundred bytes more."""
    request = decision_log_pb2.LogDecisionRequest(agent_id="a" * 128, decision_type="T" * 64, request_id="r" * 128)
    for document, size in ((request.context, context_bytes), (request.reasoning, reasoning_bytes)):
        document.fields["k"].string_value = ""
        # Lengths are varints: a longer string can lengthen its prefix too, so settle in steps.
        for _ in range(3):
            text = document.fields["k"].string_value
            document.fields["k"].string_value = "x" * (len(text) + size - document.ByteSize())
        assert document.ByteSize() == size
    return request


def validate(request: decision_log_pb2.LogDecisionRequest) -> list[str]:
    servicer = DecisionLogServicer(None, None, None, Settings(max_value_bytes=LIMIT))  # type: ignore[arg-type]
    try:
        servicer._validate_log_request(request)
    except ValidationFailed as error:
        return [field for field, _ in error.violations]
    return []


def test_a_decision_over_the_size_limit_only_by_its_other_fields_is_accepted():
    request = decision_with_documents(1200, LIMIT - 1200)
    assert request.ByteSize() > LIMIT
    assert validate(request) == []


def test_documents_over_the_size_limit_together_name_the_largest():
    assert validate(decision_with_documents(1200, LIMIT - 1199)) == ["context"]
    assert validate(decision_with_documents(800, LIMIT - 799)) == ["reasoning"]


def test_a_document_over_the_size_limit_alone_is_named():
    assert validate(decision_with_documents(LIMIT + 1, 100)) == ["context", "context"]


# --------------------------------------------------------------------------
# Documents as JSON text (context_json, reasoning_json, metadata_json)
# --------------------------------------------------------------------------


def nested_json(depth: int, opener: str) -> str:
    """An object holding `depth` containers nested inside it (objects or arrays)."""
    if opener == "{":
        return '{"a":' * depth + '{"leaf":1}' + "}" * depth
    return '{"a":' + "[" * depth + "1" + "]" * depth + "}"


@pytest.mark.parametrize("depth", range(MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH + 3))
@pytest.mark.parametrize("opener", ["{", "["])
def test_json_text_nests_as_deep_as_a_struct_may(depth, opener):
    text = nested_json(depth, opener)
    struct = struct_pb2.Struct()
    struct.update(json.loads(text))
    as_struct, as_text = Violations(1 << 20), Violations(1 << 20)
    as_struct.struct("context", struct)
    as_text.json_object("context_json", text)
    assert [f.removesuffix("_json") for f in fields(as_text)] == fields(as_struct)
    assert fields(as_text) == (["context_json"] if depth > MAX_JSON_DEPTH else [])


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = json.dumps({"text": "[" * 100 + "{" * 100})
    check = Violations(1 << 20)
    assert check.json_object("context_json", text) == {"text": "[" * 100 + "{" * 100}
    assert fields(check) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[1, 2]", "must be a JSON object"),
        ('"text"', "must be a JSON object"),
        ("null", "must be a JSON object"),
        ("{'single': 'quotes'}", "is not valid JSON"),
        ('{"a": NaN}', "is not valid JSON"),
        ('{"a": 1e400}', "is not valid JSON"),
        ('{"a": 1', "is not valid JSON"),
    ],
)
def test_json_text_that_is_not_a_finite_json_object_is_refused(text, problem):
    check = Violations(1 << 20)
    assert check.json_object("reasoning_json", text) == {}
    assert fields(check) == ["reasoning_json"]
    assert problem in check.items[0][1]


def test_a_decision_from_json_text_equals_one_from_structs():
    documents = {"context": {"market": {"trend": "bullish"}, "cycle": 142}, "reasoning": {"selected": ["a", "b"]}}
    from_structs = decision_log_pb2.LogDecisionRequest(agent_id="a", decision_type="T")
    from_text = decision_log_pb2.LogDecisionRequest(agent_id="a", decision_type="T")
    for name, document in documents.items():
        getattr(from_structs, name).update(document)
        setattr(from_text, f"{name}_json", json.dumps(document))
    servicer = DecisionLogServicer(None, None, None, Settings())  # type: ignore[arg-type]
    assert servicer._validate_log_request(from_text) == servicer._validate_log_request(from_structs)


def test_a_document_set_both_ways_is_refused():
    request = decision_log_pb2.LogDecisionRequest(agent_id="a", decision_type="T", metadata_json='{"k": 1}')
    request.metadata.update({"k": 1})
    assert validate(request) == ["metadata_json"]


def test_json_text_over_the_size_limit_is_named_by_its_field():
    request = decision_log_pb2.LogDecisionRequest(agent_id="a", decision_type="T")
    request.context_json = json.dumps({"k": "x" * LIMIT})
    assert validate(request) == ["context_json", "context_json"]
    # Within the limit alone, over it together with a smaller Struct: the largest is named.
    request.context_json = json.dumps({"k": "x" * 1100})
    request.reasoning.update({"k": "x" * 1000})
    assert validate(request) == ["context_json"]
