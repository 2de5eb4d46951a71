"""agentmemory client-side packages: generated stubs live in agentmemory.v1."""
