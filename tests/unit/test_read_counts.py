"""agentmemory.stm.reads, counted in plain ints by the core and read by the meter at collection
(observability.ReadCounts): every read of GetShortTerm and BatchGetShortTerm counted by hit, and
exported as the monotonic sum a synchronous counter made."""

from __future__ import annotations

from pathlib import Path

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import AggregationTemporality, InMemoryMetricReader

from agentmemory_server import observability
from agentmemory_server.app import open_embedded
from agentmemory_server.config import Settings
from agentmemory_server.core.memory import MemoryCore
from agentmemory_server.events.hub import EventHub
from agentmemory_server.observability import ReadCounts


def collected(counts: ReadCounts) -> tuple[dict[bool, int], object]:
    """What an SDK meter provider exports of `counts`: points by hit, and the sum's kind."""
    reader = InMemoryMetricReader()
    provider = MeterProvider(metric_readers=[reader])
    provider.get_meter("test").create_observable_counter("agentmemory.stm.reads", callbacks=[counts.observe])
    data = reader.get_metrics_data()
    provider.shutdown()
    if data is None:  # nothing observed: no metric at all
        return {}, None
    (metric,) = data.resource_metrics[0].scope_metrics[0].metrics
    return {point.attributes["hit"]: point.value for point in metric.data.data_points}, metric.data


def test_counts_are_exported_as_a_monotonic_cumulative_sum_by_hit():
    counts = ReadCounts()
    counts.hits, counts.misses = 7, 2
    points, data = collected(counts)
    assert points == {True: 7, False: 2}
    assert data.is_monotonic and data.aggregation_temporality == AggregationTemporality.CUMULATIVE


def test_an_attribute_set_never_counted_has_no_point():
    assert collected(ReadCounts())[0] == {}
    only_misses = ReadCounts()
    only_misses.misses = 3
    assert collected(only_misses)[0] == {False: 3}


async def test_the_core_counts_every_read_by_hit(tmp_path: Path, monkeypatch):
    counts = ReadCounts()
    monkeypatch.setattr("agentmemory_server.core.memory.stm_reads", counts)
    settings = Settings(data_dir=tmp_path)
    stores = await open_embedded(settings, EventHub())
    try:
        core = MemoryCore(settings, stores.short_term, stores.long_term, stores.agent_state)
        await core.put_short_term("reader", "price", {"btc": 97000}, None)
        await core.put_short_term("reader", "trend", "up", None)
        assert await core.get_short_term("reader", "price") is not None
        assert await core.get_short_term("reader", "missing") is None
        found, missing = await core.batch_get_short_term("reader", ["price", "trend", "gone", "also gone", "price"])
        assert len(found) == 3 and missing == ["gone", "also gone"]
    finally:
        await stores.resources.aclose()
    assert (counts.hits, counts.misses) == (4, 3)


def test_the_servers_counter_is_the_one_the_meter_reads():
    assert isinstance(observability.stm_reads, ReadCounts)
