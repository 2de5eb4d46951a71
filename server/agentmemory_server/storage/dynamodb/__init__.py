"""DynamoDB adapters (aioboto3): the decision log, long-term memory, agent state."""
