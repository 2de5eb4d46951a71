"""Live decision events: in-process wake-ups and resumable subscriptions."""
