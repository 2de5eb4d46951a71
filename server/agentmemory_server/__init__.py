"""agentmemory server: hierarchical memory and a decision log for autonomous agents, over gRPC."""
