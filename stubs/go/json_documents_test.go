// Documents sent as JSON text (context_json, ...), from Go values encoded by
// encoding/json, against the live server named by AGENTMEMORY_ADDRESS.
package agentmemory_test

import (
	"encoding/json"
	"os"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	agentmemoryv1 "github.com/agentmemory/agentmemory/stubs/go/agentmemory/v1"
)

func TestDocumentsAsJSONText(t *testing.T) {
	address := os.Getenv("AGENTMEMORY_ADDRESS")
	if address == "" {
		t.Skip("AGENTMEMORY_ADDRESS is not set: this test needs a live agentmemory server")
	}
	decisions := agentmemoryv1.NewDecisionLogServiceClient(dial(t, address))
	agentID := "go-json-" + randomHex(t, 4)
	situation := map[string]any{"market": map[string]any{"trend": "bullish"}, "cycle": 142}
	text, err := json.Marshal(situation)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}

	logged, err := decisions.LogDecision(call(t), &agentmemoryv1.LogDecisionRequest{
		AgentId: agentID, DecisionType: "SOURCE_SELECTION", ContextJson: string(text),
	})
	if err != nil {
		t.Fatalf("LogDecision with context_json: %v", err)
	}
	if want := newStruct(t, situation); !proto.Equal(logged.GetDecision().GetContext(), want) {
		t.Errorf("context = %s, want %s", js(logged.GetDecision().GetContext()), js(want))
	}

	_, err = decisions.LogDecision(call(t), &agentmemoryv1.LogDecisionRequest{
		AgentId: agentID, DecisionType: "SOURCE_SELECTION", ContextJson: "[1, 2]",
	})
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("LogDecision with a JSON array as context_json: %v, want InvalidArgument", err)
	}
}
