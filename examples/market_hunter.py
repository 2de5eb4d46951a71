"""A simulated BTC Market Hunter that learns, through agentmemory, which data
source to query in which market.

Each cycle the agent
  1. reads the market context (volatility, trend, price) and keeps it in
     short-term memory (``context:current``);
  2. asks long-term memory for the PATTERN memories it trusts (QueryLongTerm)
     and the decision log for each source's recent performance in this
     context (GetSourceEffectiveness);
  3. selects a source: now and then one at random (exploration), else the
     choice of a trusted pattern for this context, else the source whose
     recent success rate could be highest (the upper end of its 95% Wilson
     interval, so untried sources get tried);
  4. logs the SOURCE_SELECTION decision with its reasoning and, when a
     pattern chose, the pattern in ``memory_reads`` (so the outcome is
     credited to it and moves its confidence);
  5. records the outcome, simulated: in each market one source is good (it
     succeeds 85% of the time) and the others are not (30%).
Every few cycles it consolidates: the log's context -> source patterns that
hold up become PATTERN memories, which later cycles follow. The success rate
of each block of cycles is printed; it climbs as the patterns are learned.

The simulation is seeded, so a run is reproducible; a fresh agent id per run
(unless --agent is given) starts from an empty memory. Run it against a
server (``make run`` serves on 127.0.0.1:50051)::

    python examples/market_hunter.py [--address HOST:PORT] [--cycles 160] [--seed 7]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from agentmemory.client import ConsolidationResult, DecisionLogger, MemoryAnalytics, MemoryClient, MemoryManager

SOURCES = ("whaleMovements", "derivatives", "onchain", "news", "social", "institutional")
# The hidden truth of the simulated market: the one source worth querying in each regime.
GOOD_SOURCE = {
    ("high", "bullish"): "derivatives",
    ("high", "bearish"): "whaleMovements",
    ("low", "bullish"): "institutional",
    ("low", "bearish"): "onchain",
}
GOOD_SUCCESS_RATE = 0.85
OTHER_SUCCESS_RATE = 0.30
REGIME_PERSISTENCE = 0.7
"""Chance that the market stays in its regime from one cycle to the next."""

DECISION_TYPE = "SOURCE_SELECTION"
CONTEXT_PATHS = ("market.volatility", "market.trend")
"""The context a pattern is about: paths the server rolls up by default."""
TRUSTED_CONFIDENCE = 0.5
"""Patterns below this confidence are not followed."""


class SimulatedMarket:
    """Market regimes and the outcome of querying a source in one, from seeded
    random streams of their own (so the agent's choices never shift them)."""

    def __init__(self, seed: int) -> None:
        self._regimes = random.Random(f"{seed}-regimes")
        self._outcomes = random.Random(f"{seed}-outcomes")
        self._regime = self._regimes.choice(sorted(GOOD_SOURCE))
        self._price = 64_000.0

    def observe(self, cycle: int) -> dict[str, Any]:
        """The market context of this cycle."""
        if self._regimes.random() > REGIME_PERSISTENCE:
            self._regime = self._regimes.choice(sorted(GOOD_SOURCE))
        volatility, trend = self._regime
        drift = 0.004 if trend == "bullish" else -0.004
        spread = 0.02 if volatility == "high" else 0.005
        self._price *= 1 + drift + self._regimes.uniform(-spread, spread)
        return {"market": {"volatility": volatility, "trend": trend, "price": round(self._price, 2)}, "cycle": cycle}

    def query(self, context: dict[str, Any], source: str) -> tuple[bool, float]:
        """Whether querying ``source`` in this market produced a useful signal,
        and the signal's quality (0-1)."""
        regime = (context["market"]["volatility"], context["market"]["trend"])
        rate = GOOD_SUCCESS_RATE if GOOD_SOURCE[regime] == source else OTHER_SUCCESS_RATE
        success = self._outcomes.random() < rate
        spread = self._outcomes.random()
        quality = 0.6 + 0.4 * spread if success else 0.3 * spread
        return success, round(quality, 3)


@dataclass(frozen=True)
class Selection:
    source: str
    mode: str
    """"explore", "pattern" or "performance"."""
    pattern: dict[str, Any] | None
    """The PATTERN memory followed (mode "pattern")."""
    scores: dict[str, float]


def pattern_context(context: dict[str, Any]) -> dict[str, str]:
    """The context as patterns key it: value per rolled-up path."""
    return {"market.volatility": context["market"]["volatility"], "market.trend": context["market"]["trend"]}


class MarketHunter:
    """The agent: selects sources with memory, logs every decision and its
    outcome, and consolidates what worked into long-term memory."""

    def __init__(
        self,
        memory: MemoryManager,
        logger: DecisionLogger,
        explore_rate: float,
        seed: int,
        since: dt.datetime,
    ) -> None:
        self.memory = memory
        self.logger = logger
        self.analytics = MemoryAnalytics(logger, memory)
        self._explore_rate = explore_rate
        self._choices = random.Random(f"{seed}-choices")
        self._since = since

    async def select_source(self, context: dict[str, Any]) -> Selection:
        here = pattern_context(context)
        patterns = [
            pattern
            for pattern in await self.memory.retrieve_ltm(
                "PATTERN", {"decision_type": DECISION_TYPE, "status": "active"}, min_confidence=TRUSTED_CONFIDENCE
            )
            if pattern["data"].get("context") == here
        ]
        performance = await self.analytics.get_source_effectiveness(
            (self._since, None), decision_type=DECISION_TYPE, group_by=CONTEXT_PATHS
        )
        # An untried source could be perfect: its upper bound is 1.
        upper = {source: 1.0 for source in SOURCES}
        for rated in performance["sources"]:
            if rated["key"] == here and rated["source"] in upper:
                upper[rated["source"]] = rated["counts"]["success_rate_upper"]
        scores = {source: round(bound, 3) for source, bound in upper.items()}

        if self._choices.random() < self._explore_rate:
            return Selection(self._choices.choice(SOURCES), "explore", None, scores)
        if patterns:
            best = patterns[0]  # highest confidence first
            return Selection(str(best["data"]["choice"]), "pattern", best, scores)
        return Selection(max(SOURCES, key=lambda source: upper[source]), "performance", None, scores)

    async def run_cycle(self, context: dict[str, Any], market: SimulatedMarket) -> tuple[bool, str]:
        await self.memory.store_stm("context:current", context)
        selection = await self.select_source(context)
        decision_id = await self.logger.log_decision(
            DECISION_TYPE,
            context,
            {
                "selected": selection.source,
                "mode": selection.mode,
                "scores": selection.scores,
                "exploration_triggered": selection.mode == "explore",
            },
            # Only a pattern that chose the source is credited with the outcome:
            # an exploration's result says nothing about the pattern.
            memory_reads=[selection.pattern] if selection.pattern else None,
        )
        success, quality = market.query(context, selection.source)
        await self.logger.log_outcome(
            decision_id, {"signals_generated": 1 if success else 0}, success, metrics={"quality_score": quality}
        )
        return success, selection.mode

    async def consolidate(self) -> ConsolidationResult:
        return await self.memory.consolidate_to_ltm(decision_type=DECISION_TYPE)


def describe(pattern: dict[str, Any]) -> str:
    context = pattern["data"]["context"]
    return f"{context.get('market.volatility')}/{context.get('market.trend')} -> {pattern['data']['choice']}"


async def run(args: argparse.Namespace) -> list[float]:
    """Runs the simulation and returns the success rate of each block of cycles."""
    market = SimulatedMarket(args.seed)
    started = dt.datetime.now(dt.timezone.utc)
    rates: list[float] = []
    async with MemoryClient(args.address, token=os.environ.get("AGENTMEMORY_TOKEN") or None) as client:
        memory, logger = MemoryManager(client, args.agent), DecisionLogger(client, args.agent)
        hunter = MarketHunter(memory, logger, args.explore, args.seed, started)
        print(f"Market Hunter {args.agent} on {args.address}: {args.cycles} cycles, seed {args.seed}")
        successes, modes = 0, {"pattern": 0, "performance": 0, "explore": 0}
        for cycle in range(1, args.cycles + 1):
            success, mode = await hunter.run_cycle(market.observe(cycle), market)
            successes += success
            modes[mode] += 1
            if cycle % args.block == 0 or cycle == args.cycles:
                size = sum(modes.values())
                rates.append(successes / size)
                chosen = ", ".join(f"{name} {count}" for name, count in modes.items())
                print(f"cycles {cycle - size + 1:4d}-{cycle:4d}: success {successes / size:4.0%}  (chosen by {chosen})")
                successes, modes = 0, {name: 0 for name in modes}
            if cycle % args.consolidate_every == 0:
                changes = await hunter.consolidate()
                for name, patterns in (
                    ("promoted", changes["promoted"]),
                    ("updated", changes["updated"]),
                    ("pruned", changes["pruned"]),
                ):
                    if patterns:
                        listed = ", ".join(f"{describe(p)} ({p['confidence']:.2f})" for p in patterns)
                        print(f"  consolidation: {name} {listed}")

        print("learned patterns:")
        for pattern in await memory.retrieve_ltm("PATTERN", {"decision_type": DECISION_TYPE}):
            trend = await hunter.analytics.get_pattern_confidence_trend(pattern["memory_id"])
            # Its evidence: what consolidation read from the log, plus the outcomes
            # credited to it since.
            successes = pattern["data"]["successes"] + pattern["observed_successes"]
            trials = pattern["data"]["sample_size"] + pattern["observed_trials"]
            print(
                f"  {describe(pattern)}: confidence {pattern['confidence']:.2f} "
                f"({trend['net_change']:+.2f} over {len(trend['changes'])} changes), "
                f"evidence {successes}/{trials}, {pattern['data']['status']}"
            )
        report = await hunter.analytics.generate_performance_report((started, None))
        overall = report["overall"]
        print(
            f"overall: {overall['succeeded']}/{overall['total']} succeeded "
            f"({overall['success_rate']:.0%}, 95% interval {overall['success_rate_lower']:.0%}-"
            f"{overall['success_rate_upper']:.0%})"
        )
    later = rates[len(rates) // 2 :]
    print(f"success rate: first block {rates[0]:.0%}, second half {sum(later) / len(later):.0%}")
    return rates


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--address",
        default=os.environ.get("AGENTMEMORY_ADDRESS", "127.0.0.1:50051"),
        help="host:port of the agentmemory server (default: $AGENTMEMORY_ADDRESS or 127.0.0.1:50051)",
    )
    parser.add_argument(
        "--agent",
        default=f"market-hunter-sim-{secrets.token_hex(4)}",
        help="agent id (default: a fresh one, so the run starts from an empty memory)",
    )
    parser.add_argument("--cycles", type=int, default=160, help="cycles to run (default 160)")
    parser.add_argument("--block", type=int, default=20, help="cycles per reported success rate (default 20)")
    parser.add_argument("--consolidate-every", type=int, default=20, help="cycles between consolidations (default 20)")
    parser.add_argument("--explore", type=float, default=0.1, help="share of cycles that explore at random (default 0.1)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the simulated market (default 7)")
    args = parser.parse_args(argv)
    if min(args.cycles, args.block, args.consolidate_every) < 1:
        parser.error("--cycles, --block and --consolidate-every must be at least 1")
    if not 0 <= args.explore <= 1:
        parser.error("--explore must be between 0 and 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    asyncio.run(run(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
