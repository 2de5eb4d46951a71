"""The embedded store's recent events: what subscribers read right after a commit, answered from
memory. It may answer only with every event after the cursor up to the last one settled, in
order; anything it cannot vouch for is read from the log (None)."""

from __future__ import annotations

from agentmemory_server.core.models import Decision, DecisionEvent, EventKind
from agentmemory_server.storage.embedded.store import RecentEvents


def events(agent_id: str, *seqs: int) -> list[DecisionEvent]:
    return [
        DecisionEvent(agent_id, seq, EventKind.DECISION_LOGGED, Decision(f"d{seq}", agent_id, "TYPE", seq))
        for seq in seqs
    ]


def seqs(held: list[DecisionEvent] | None) -> list[int] | None:
    return None if held is None else [event.seq for event in held]


def test_answers_what_follows_a_cursor_within_what_it_holds():
    recent = RecentEvents(per_agent=8, agents=4)
    recent.add(events("a", 5, 6, 7))
    assert seqs(recent.after("a", 4, 10)) == [5, 6, 7]
    assert seqs(recent.after("a", 5, 1)) == [6]
    # Caught up: nothing newer has settled.
    assert seqs(recent.after("a", 7, 10)) == []
    # Before the first held, or past the last: the log knows.
    assert recent.after("a", 3, 10) is None
    assert recent.after("a", 8, 10) is None
    assert recent.after("b", 0, 10) is None


def test_events_that_do_not_follow_on_start_the_agent_afresh():
    recent = RecentEvents(per_agent=8, agents=4)
    recent.add(events("a", 1, 2))
    # Event 3 committed without being published (say its write settled elsewhere): 4 and 5 follow
    # a gap, so what is held restarts at 4, and a reader after 2 goes to the log for 3.
    recent.add(events("a", 4, 5))
    assert recent.after("a", 2, 10) is None
    assert seqs(recent.after("a", 3, 10)) == [4, 5]


def test_agents_are_evicted_least_recently_added_first():
    recent = RecentEvents(per_agent=8, agents=2)
    recent.add(events("a", 1))
    recent.add(events("b", 1))
    recent.add(events("a", 2))
    recent.add(events("c", 1))
    assert recent.after("b", 0, 10) is None
    assert seqs(recent.after("a", 0, 10)) == [1, 2]
    assert seqs(recent.after("c", 0, 10)) == [1]


def test_an_agent_holds_a_bounded_tail():
    recent = RecentEvents(per_agent=4, agents=2)
    recent.add(events("a", *range(1, 8)))
    assert seqs(recent.after("a", 0, 100)) == [1, 2, 3, 4, 5, 6, 7]
    recent.add(events("a", 8))
    # At twice per_agent, the oldest per_agent go.
    assert recent.after("a", 0, 100) is None
    assert seqs(recent.after("a", 4, 100)) == [5, 6, 7, 8]


def test_clear_forgets_everything():
    recent = RecentEvents(per_agent=4, agents=2)
    recent.add(events("a", 1))
    recent.clear()
    assert recent.after("a", 0, 10) is None


def test_holding_no_agents_answers_nothing():
    recent = RecentEvents(agents=0)
    recent.add(events("a", 1, 2))
    assert recent.after("a", 0, 10) is None
