// The shared cross-language scenario (tests/scenario/README.md), in Go: every
// "expect" of that file is asserted here, step by step, against the live
// server named by AGENTMEMORY_ADDRESS. Without that variable the test skips.
package agentmemory_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"

	agentmemoryv1 "github.com/agentmemory/agentmemory/stubs/go/agentmemory/v1"
)

// callTimeout is the deadline of every call, streams included.
const callTimeout = 10 * time.Second

// newStruct builds a google.protobuf.Struct from a JSON-like Go map.
func newStruct(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatalf("structpb.NewStruct(%v): %v", m, err)
	}
	return s
}

// newValue builds a google.protobuf.Value from a JSON-like Go value.
func newValue(t *testing.T, v any) *structpb.Value {
	t.Helper()
	pv, err := structpb.NewValue(v)
	if err != nil {
		t.Fatalf("structpb.NewValue(%v): %v", v, err)
	}
	return pv
}

// js renders a message as compact JSON for failure messages.
func js(m proto.Message) string {
	b, err := protojson.Marshal(m)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}

// call returns a context carrying the per-call deadline.
func call(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	t.Cleanup(cancel)
	return ctx
}

func dial(t *testing.T, address string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("grpc.NewClient(%q): %v", address, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("crypto/rand: %v", err)
	}
	return hex.EncodeToString(b)
}

func TestCrossLanguageScenario(t *testing.T) {
	address, ok := os.LookupEnv("AGENTMEMORY_ADDRESS")
	if !ok {
		t.Skip("AGENTMEMORY_ADDRESS is not set: the cross-language scenario needs a live agentmemory server " +
			"(e.g. AGENTMEMORY_ADDRESS=127.0.0.1:50051 go test ./...)")
	}
	if address == "" {
		t.Fatal("AGENTMEMORY_ADDRESS is set but empty: give host:port of a live agentmemory server")
	}

	conn := dial(t, address)
	memory := agentmemoryv1.NewMemoryServiceClient(conn)
	decisions := agentmemoryv1.NewDecisionLogServiceClient(conn)
	agentID := "xlang-go-" + randomHex(t, 6)
	t.Logf("server %s, agent %s", address, agentID)

	// Filled in by the steps, used by later ones.
	var sourceSelectionID, queryID string

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"1_short_term_memory", func(t *testing.T) {
			value := newValue(t, map[string]any{"volatility": "high", "trend": "bullish"})
			if _, err := memory.PutShortTerm(call(t), &agentmemoryv1.PutShortTermRequest{
				AgentId: agentID,
				Key:     "context:current",
				Value:   value,
				Ttl:     durationpb.New(60 * time.Second),
			}); err != nil {
				t.Fatalf("PutShortTerm: %v", err)
			}
			got, err := memory.GetShortTerm(call(t), &agentmemoryv1.GetShortTermRequest{
				AgentId: agentID,
				Key:     "context:current",
			})
			if err != nil {
				t.Fatalf("GetShortTerm: %v", err)
			}
			now := time.Now()
			if !got.GetFound() {
				t.Fatalf("GetShortTerm: found = false, want true (%s)", js(got))
			}
			if !proto.Equal(got.GetEntry().GetValue(), value) {
				t.Errorf("GetShortTerm value = %s, want %s", js(got.GetEntry().GetValue()), js(value))
			}
			if got.GetEntry().GetExpireTime() == nil {
				t.Fatalf("GetShortTerm: expire_time unset (%s)", js(got))
			}
			expire := got.GetEntry().GetExpireTime().AsTime()
			if !expire.After(now) {
				t.Errorf("expire_time %s is not after now (%s)", expire.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
			}
			if latest := now.Add(61 * time.Second); expire.After(latest) {
				t.Errorf("expire_time %s is more than 61 s from now (%s)", expire.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano))
			}
		}},

		{"2_log_a_decision", func(t *testing.T) {
			req := &agentmemoryv1.LogDecisionRequest{
				AgentId:      agentID,
				DecisionType: "SOURCE_SELECTION",
				Context: newStruct(t, map[string]any{
					"market": map[string]any{"volatility": "high", "trend": "bullish"},
					"cycle":  142,
				}),
				Reasoning: newStruct(t, map[string]any{
					"scores":                map[string]any{"whaleMovements": 0.92, "derivatives": 0.87},
					"selected":              []any{"whaleMovements", "derivatives"},
					"exploration_triggered": false,
				}),
				RequestId: agentID + "-1",
			}
			first, err := decisions.LogDecision(call(t), req)
			if err != nil {
				t.Fatalf("LogDecision: %v", err)
			}
			id := first.GetDecision().GetDecisionId()
			if id == "" {
				t.Fatalf("LogDecision: empty decision_id (%s)", js(first))
			}
			if !proto.Equal(first.GetDecision().GetContext(), req.GetContext()) {
				t.Errorf("decision.context = %s, want %s", js(first.GetDecision().GetContext()), js(req.GetContext()))
			}
			again, err := decisions.LogDecision(call(t), req)
			if err != nil {
				t.Fatalf("LogDecision (same request_id again): %v", err)
			}
			if got := again.GetDecision().GetDecisionId(); got != id {
				t.Errorf("LogDecision with the same request_id returned decision_id %q, want the first one %q", got, id)
			}
			sourceSelectionID = id
		}},

		{"3_record_its_outcome", func(t *testing.T) {
			resp, err := decisions.RecordOutcome(call(t), &agentmemoryv1.RecordOutcomeRequest{
				AgentId:    agentID,
				DecisionId: sourceSelectionID,
				Success:    true,
				Outcome:    newStruct(t, map[string]any{"signals_generated": 2}),
				Metrics:    map[string]float64{"quality_score": 0.85},
			})
			if err != nil {
				t.Fatalf("RecordOutcome: %v", err)
			}
			outcome := resp.GetDecision().GetOutcome()
			if outcome == nil {
				t.Fatalf("RecordOutcome: decision.outcome unset (%s)", js(resp))
			}
			if !outcome.GetSuccess() {
				t.Errorf("decision.outcome.success = false, want true (%s)", js(outcome))
			}
			if q, ok := outcome.GetMetrics()["quality_score"]; !ok || q != 0.85 {
				t.Errorf("decision.outcome.metrics[quality_score] = %v (present %v), want 0.85", q, ok)
			}
		}},

		{"4_query_by_context", func(t *testing.T) {
			bullish := queryAll(t, decisions, agentID, newStruct(t, map[string]any{"market.trend": "bullish"}))
			if len(bullish) != 1 {
				t.Fatalf("QueryDecisions market.trend=bullish returned %d decisions, want exactly 1: %v", len(bullish), ids(bullish))
			}
			d := bullish[0]
			if d.GetDecisionId() != sourceSelectionID {
				t.Errorf("QueryDecisions market.trend=bullish returned decision %q, want the step 2 decision %q", d.GetDecisionId(), sourceSelectionID)
			}
			if d.GetOutcome() == nil {
				t.Fatalf("QueryDecisions: the decision has no outcome (%s)", js(d))
			}
			if !d.GetOutcome().GetSuccess() {
				t.Errorf("queried decision outcome.success = false, want true (%s)", js(d.GetOutcome()))
			}
			if q, ok := d.GetOutcome().GetMetrics()["quality_score"]; !ok || q != 0.85 {
				t.Errorf("queried decision outcome.metrics[quality_score] = %v (present %v), want 0.85", q, ok)
			}

			bearish := queryAll(t, decisions, agentID, newStruct(t, map[string]any{"market.trend": "bearish"}))
			if len(bearish) != 0 {
				t.Errorf("QueryDecisions market.trend=bearish returned %d decisions, want none: %v", len(bearish), ids(bearish))
			}
		}},

		{"5_subscribe", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
			defer cancel()
			stream, err := decisions.SubscribeDecisions(ctx, &agentmemoryv1.SubscribeDecisionsRequest{AgentId: agentID})
			if err != nil {
				t.Fatalf("SubscribeDecisions: %v", err)
			}
			first, err := stream.Recv()
			if err != nil {
				t.Fatalf("SubscribeDecisions: first message: %v", err)
			}
			if first.GetKind() != agentmemoryv1.DecisionEventKind_DECISION_EVENT_KIND_HEARTBEAT {
				t.Fatalf("first message kind = %s, want DECISION_EVENT_KIND_HEARTBEAT (%s)", first.GetKind(), js(first))
			}
			if first.GetCursor() == "" {
				t.Fatalf("first heartbeat has an empty cursor (%s)", js(first))
			}

			// A second client, on its own connection, logs the QUERY decision.
			other := agentmemoryv1.NewDecisionLogServiceClient(dial(t, address))
			logged, err := other.LogDecision(call(t), &agentmemoryv1.LogDecisionRequest{
				AgentId:           agentID,
				DecisionType:      "QUERY",
				ParentDecisionIds: []string{sourceSelectionID},
			})
			if err != nil {
				t.Fatalf("LogDecision QUERY from the second client: %v", err)
			}
			queryID = logged.GetDecision().GetDecisionId()
			if queryID == "" {
				t.Fatalf("LogDecision QUERY: empty decision_id (%s)", js(logged))
			}

			deadline := time.Now().Add(callTimeout)
			for {
				ev, err := stream.Recv()
				if err != nil {
					t.Fatalf("SubscribeDecisions: no DECISION_LOGGED event for %s: %v", queryID, err)
				}
				if ev.GetKind() == agentmemoryv1.DecisionEventKind_DECISION_EVENT_KIND_HEARTBEAT {
					if time.Now().After(deadline) {
						t.Fatalf("SubscribeDecisions: only heartbeats for 10 s, no DECISION_LOGGED event for %s", queryID)
					}
					continue
				}
				if ev.GetKind() != agentmemoryv1.DecisionEventKind_DECISION_EVENT_KIND_DECISION_LOGGED {
					t.Fatalf("event kind = %s, want DECISION_EVENT_KIND_DECISION_LOGGED (%s)", ev.GetKind(), js(ev))
				}
				if got := ev.GetDecision().GetDecisionId(); got != queryID {
					t.Fatalf("DECISION_LOGGED event for decision %q, want the QUERY decision %q (%s)", got, queryID, js(ev))
				}
				if ev.GetCursor() == "" {
					t.Errorf("DECISION_LOGGED event has an empty cursor (%s)", js(ev))
				}
				break
			}
			// Cancel the stream: it ends with CANCELED (after anything already
			// buffered).
			cancel()
			for {
				if _, err := stream.Recv(); err != nil {
					if status.Code(err) != codes.Canceled {
						t.Errorf("Recv after cancelling the stream: %v, want CANCELED", err)
					}
					break
				}
			}
		}},

		{"6_walk_the_chain", func(t *testing.T) {
			after := chain(t, decisions, agentID, sourceSelectionID, agentmemoryv1.ChainDirection_CHAIN_DIRECTION_AFTER)
			if len(after) != 1 {
				t.Fatalf("GetDecisionChain AFTER from %s returned %d links, want exactly 1: %v", sourceSelectionID, len(after), after)
			}
			if got := after[0].GetDecision().GetDecisionId(); got != queryID {
				t.Errorf("GetDecisionChain AFTER link = %q, want the QUERY decision %q", got, queryID)
			}
			if after[0].GetDistance() != 1 {
				t.Errorf("GetDecisionChain AFTER distance = %d, want 1", after[0].GetDistance())
			}
			if after[0].GetAncestor() {
				t.Errorf("GetDecisionChain AFTER link has ancestor = true, want false (a descendant)")
			}

			before := chain(t, decisions, agentID, queryID, agentmemoryv1.ChainDirection_CHAIN_DIRECTION_BEFORE)
			if len(before) != 1 {
				t.Fatalf("GetDecisionChain BEFORE from %s returned %d links, want exactly 1: %v", queryID, len(before), before)
			}
			if got := before[0].GetDecision().GetDecisionId(); got != sourceSelectionID {
				t.Errorf("GetDecisionChain BEFORE link = %q, want the step 2 decision %q", got, sourceSelectionID)
			}
			if before[0].GetDistance() != 1 {
				t.Errorf("GetDecisionChain BEFORE distance = %d, want 1", before[0].GetDistance())
			}
			if !before[0].GetAncestor() {
				t.Errorf("GetDecisionChain BEFORE link has ancestor = false, want true")
			}
		}},

		{"7_an_error_is_typed", func(t *testing.T) {
			_, err := decisions.GetDecision(call(t), &agentmemoryv1.GetDecisionRequest{
				AgentId:    agentID,
				DecisionId: "does-not-exist",
			})
			if code := status.Code(err); code != codes.NotFound {
				t.Errorf("GetDecision does-not-exist: status %s (%v), want NOT_FOUND", code, err)
			}
		}},

		{"8_consolidate", func(t *testing.T) {
			// Eight successes of one choice in one context: a pattern that clears the bar.
			for i := 0; i < 8; i++ {
				logged, err := decisions.LogDecision(call(t), &agentmemoryv1.LogDecisionRequest{
					AgentId:      agentID,
					DecisionType: "SOURCE_SELECTION",
					Context: newStruct(t, map[string]any{
						"market": map[string]any{"volatility": "low", "trend": "bearish"},
					}),
					Reasoning: newStruct(t, map[string]any{"selected": "onchain"}),
				})
				if err != nil {
					t.Fatalf("LogDecision %d: %v", i, err)
				}
				if _, err := decisions.RecordOutcome(call(t), &agentmemoryv1.RecordOutcomeRequest{
					AgentId:    agentID,
					DecisionId: logged.GetDecision().GetDecisionId(),
					Success:    true,
				}); err != nil {
					t.Fatalf("RecordOutcome %d: %v", i, err)
				}
			}

			consolidated, err := memory.Consolidate(call(t), &agentmemoryv1.ConsolidateRequest{
				AgentId:      agentID,
				DecisionType: "SOURCE_SELECTION",
			})
			if err != nil {
				t.Fatalf("Consolidate: %v", err)
			}
			if len(consolidated.GetPromoted()) != 1 {
				t.Fatalf("Consolidate promoted %d memories, want exactly 1: %s", len(consolidated.GetPromoted()), js(consolidated))
			}
			pattern := consolidated.GetPromoted()[0]
			if pattern.GetMemoryType() != "PATTERN" {
				t.Errorf("promoted memory_type = %q, want PATTERN", pattern.GetMemoryType())
			}
			if !strings.HasPrefix(pattern.GetMemoryId(), "pattern-") {
				t.Errorf("promoted memory_id = %q, want a pattern- prefix", pattern.GetMemoryId())
			}
			data := pattern.GetData().GetFields()
			if got := data["choice"].GetStringValue(); got != "onchain" {
				t.Errorf("promoted data.choice = %s, want \"onchain\"", js(data["choice"]))
			}
			if got := data["sample_size"].GetNumberValue(); got != 8 {
				t.Errorf("promoted data.sample_size = %v, want 8", got)
			}
			if got := data["status"].GetStringValue(); got != "active" {
				t.Errorf("promoted data.status = %q, want active", got)
			}
			if c := pattern.GetConfidence(); c <= 0.6 || c >= 1 {
				t.Errorf("promoted confidence = %v, want above 0.6 and below 1", c)
			}

			emerging, err := decisions.FindEmergingPatterns(call(t), &agentmemoryv1.FindEmergingPatternsRequest{
				AgentId:      agentID,
				DecisionType: "SOURCE_SELECTION",
			})
			if err != nil {
				t.Fatalf("FindEmergingPatterns: %v", err)
			}
			if len(emerging.GetPatterns()) != 1 {
				t.Fatalf("FindEmergingPatterns returned %d patterns, want exactly 1: %s", len(emerging.GetPatterns()), js(emerging))
			}
			found := emerging.GetPatterns()[0]
			if found.GetPatternId() != pattern.GetMemoryId() {
				t.Errorf("pattern_id = %q, want the promoted memory's id %q", found.GetPatternId(), pattern.GetMemoryId())
			}
			if v, tr := found.GetContext()["market.volatility"], found.GetContext()["market.trend"]; v != "low" || tr != "bearish" {
				t.Errorf("pattern context = %v, want market.volatility=low and market.trend=bearish", found.GetContext())
			}
			if got := found.GetChoice().GetStringValue(); got != "onchain" {
				t.Errorf("pattern choice = %s, want \"onchain\"", js(found.GetChoice()))
			}
			if got := found.GetCounts().GetSucceeded(); got != 8 {
				t.Errorf("pattern counts.succeeded = %d, want 8", got)
			}
		}},
	}

	for _, step := range steps {
		if !t.Run(step.name, step.run) {
			t.Fatalf("step %s failed; the later steps depend on it", step.name)
		}
	}
}

// queryAll pages through QueryDecisions until next_page_token is empty (the
// only end signal) and returns every decision.
func queryAll(t *testing.T, c agentmemoryv1.DecisionLogServiceClient, agentID string, filter *structpb.Struct) []*agentmemoryv1.Decision {
	t.Helper()
	var all []*agentmemoryv1.Decision
	token := ""
	for page := 0; ; page++ {
		if page > 100 {
			t.Fatalf("QueryDecisions %s: more than 100 pages", js(filter))
		}
		resp, err := c.QueryDecisions(call(t), &agentmemoryv1.QueryDecisionsRequest{
			AgentId:       agentID,
			ContextFilter: filter,
			PageToken:     token,
		})
		if err != nil {
			t.Fatalf("QueryDecisions %s: %v", js(filter), err)
		}
		all = append(all, resp.GetDecisions()...)
		token = resp.GetNextPageToken()
		if token == "" {
			return all
		}
	}
}

// chain reads the whole GetDecisionChain stream.
func chain(t *testing.T, c agentmemoryv1.DecisionLogServiceClient, agentID, decisionID string, direction agentmemoryv1.ChainDirection) []*agentmemoryv1.GetDecisionChainResponse {
	t.Helper()
	stream, err := c.GetDecisionChain(call(t), &agentmemoryv1.GetDecisionChainRequest{
		AgentId:    agentID,
		DecisionId: decisionID,
		Direction:  direction,
	})
	if err != nil {
		t.Fatalf("GetDecisionChain %s %s: %v", decisionID, direction, err)
	}
	var links []*agentmemoryv1.GetDecisionChainResponse
	for {
		link, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return links
		}
		if err != nil {
			t.Fatalf("GetDecisionChain %s %s: %v", decisionID, direction, err)
		}
		links = append(links, link)
	}
}

func ids(ds []*agentmemoryv1.Decision) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.GetDecisionId()
	}
	return out
}
