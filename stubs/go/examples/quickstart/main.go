// Quickstart logs a SOURCE_SELECTION decision with its context and reasoning,
// records its outcome, and reads it back.
//
//	AGENTMEMORY_ADDRESS=127.0.0.1:50051 go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/structpb"

	agentmemoryv1 "github.com/agentmemory/agentmemory/stubs/go/agentmemory/v1"
)

func main() {
	address := os.Getenv("AGENTMEMORY_ADDRESS")
	if address == "" {
		address = "127.0.0.1:50051"
	}
	if err := run(address); err != nil {
		log.Fatal(err)
	}
}

func run(address string) error {
	conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	decisions := agentmemoryv1.NewDecisionLogServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	decisionContext, err := structpb.NewStruct(map[string]any{
		"market": map[string]any{"volatility": "high", "trend": "bullish"},
		"cycle":  142,
	})
	if err != nil {
		return err
	}
	reasoning, err := structpb.NewStruct(map[string]any{
		"selected":              []any{"whaleMovements", "derivatives"},
		"exploration_triggered": false,
	})
	if err != nil {
		return err
	}

	logged, err := decisions.LogDecision(ctx, &agentmemoryv1.LogDecisionRequest{
		AgentId:      "market-hunter",
		DecisionType: "SOURCE_SELECTION",
		Context:      decisionContext,
		Reasoning:    reasoning,
	})
	if err != nil {
		return fmt.Errorf("LogDecision: %w", err)
	}
	id := logged.GetDecision().GetDecisionId()

	if _, err := decisions.RecordOutcome(ctx, &agentmemoryv1.RecordOutcomeRequest{
		AgentId:    "market-hunter",
		DecisionId: id,
		Success:    true,
		Metrics:    map[string]float64{"quality_score": 0.85},
	}); err != nil {
		return fmt.Errorf("RecordOutcome: %w", err)
	}

	read, err := decisions.GetDecision(ctx, &agentmemoryv1.GetDecisionRequest{AgentId: "market-hunter", DecisionId: id})
	if err != nil {
		return fmt.Errorf("GetDecision: %w", err)
	}
	outcome := read.GetDecision().GetOutcome()
	fmt.Println(read.GetDecision().GetDecisionId(), outcome.GetSuccess(), outcome.GetMetrics())
	return nil
}
