"""Server configuration, read from AGENTMEMORY_* environment variables (and CLI flags)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Default TTLs of the short-term key families, from the original design's retention table.
DEFAULT_STM_FAMILY_TTLS: dict[str, float] = {
    "context": 3600.0,
    "queries": 86400.0,
    "signals": 4 * 3600.0,
    "ratelimit": 300.0,
    "performance": 900.0,
    "decision_chain": 2 * 3600.0,
}


class Settings(BaseSettings):
    """Everything the server can be told; each field maps to AGENTMEMORY_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="AGENTMEMORY_", extra="ignore")

    address: str = Field("127.0.0.1:50051", description="host:port the gRPC server listens on")
    backend: Literal["embedded", "aws"] = Field(
        "embedded", description="embedded: SQLite in data_dir; aws: Redis + DynamoDB (+ S3 archive)"
    )
    data_dir: Path = Field(Path(".agentmemory-data"), description="where the embedded store keeps its files")
    workers: int = Field(
        1, ge=1, le=64, description="server processes sharing the address (SO_REUSEPORT); above 1 only on the aws backend"
    )

    # The AWS stack. Region, credentials and endpoints come from the AWS SDK's own variables
    # (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, ...).
    redis_url: str = Field("redis://127.0.0.1:6379/0", description="short-term memory and wake-ups")
    redis_cluster: bool = Field(False, description="the Redis URL names a node of a Redis Cluster")
    table_prefix: str = Field("agentmemory-", description="DynamoDB table names start with this")
    archive_bucket: str | None = Field(None, description="S3 bucket for archives (init-aws creates it)")
    hot_retention: float = Field(90 * 86400.0, gt=0, description="seconds decisions stay in the hot log")

    # Retention past the hot log: the archive (S3 with AGENTMEMORY_ARCHIVE_BUCKET, else the data
    # directory's archive/ folder). init-aws turns the two retentions into S3 lifecycle rules.
    archive_retention: float = Field(
        365 * 86400.0, gt=0, description="seconds archived decisions stay queryable (S3 expires decisions/ after it)"
    )
    compliance_retention: float = Field(
        7 * 365 * 86400.0,
        gt=0,
        description="seconds the compliance copies and daily digests are kept (S3 moves compliance/ to GLACIER)",
    )
    archive_interval: float = Field(3600.0, gt=0, description="seconds between archiver runs")
    archive_lead: float = Field(
        86400.0,
        ge=0,
        description="a UTC day is archived this long before its first decisions leave the hot log; keep it "
        "above archive_interval so a day is never missed",
    )
    archive_object_lock_days: int | None = Field(
        None,
        gt=0,
        description="init-aws creates the archive bucket with S3 Object Lock and this default COMPLIANCE retention "
        "in days (unset: no Object Lock)",
    )
    context_index_path: str = Field(
        "market",
        pattern=r"^[A-Za-z0-9_-]{1,128}(\.[A-Za-z0-9_-]{1,128})*$",
        description="the dotted context path the by_context index keys decisions by (the original design's "
        "market context); fixed once the tables hold decisions",
    )

    # Analytics rollups: decisions are counted per context group (their values at these context
    # paths) and choice (the value at the choice path), per hour and day.
    analytics_dimensions: list[str] = Field(
        default_factory=lambda: ["market.volatility", "market.trend", "trading_hours"],
        max_length=8,
        description="context paths rolled up for analytics (the original design's market context); fixed once "
        "the store holds decisions",
    )
    analytics_choice_path: str = Field(
        "reasoning.selected",
        pattern=r"^(context|reasoning|metadata)(\.[A-Za-z0-9_-]{1,128})+$",
        description="where a decision names its choice (a source, or a list of sources); fixed like the dimensions",
    )
    rollup_retention: float = Field(400 * 86400.0, gt=0, description="seconds analytics rollups are kept")
    analytics_max_scan: int = Field(
        100_000, gt=0, description="most decisions an analytics call over paths that are not rolled up may read"
    )

    # Consolidation: promoting what the decision log shows to long-term PATTERN memories.
    consolidation_interval: float = Field(
        86400.0, ge=0, description="seconds between scheduled consolidations of every agent; 0 turns them off"
    )
    consolidation_offset: float = Field(
        3 * 3600.0, ge=0, description="seconds after each interval boundary (UTC) a scheduled run starts: 03:00"
    )
    consolidation_window: float = Field(86400.0, gt=0, description="seconds of decisions a scheduled run reads")
    consolidation_min_occurrences: int = Field(5, ge=1, description="fewest outcomes a pattern needs")
    consolidation_min_success_rate: float = Field(
        0.6, ge=0, le=1, description="the bar for the lower end of a pattern's 95% Wilson interval"
    )
    pattern_prune_confidence: float = Field(
        0.3, ge=0, le=1, description="patterns below this confidence are pruned after low_confidence_retention"
    )
    low_confidence_retention: float = Field(30 * 86400.0, gt=0, description="seconds a low-confidence pattern is kept")
    deprecated_retention: float = Field(180 * 86400.0, gt=0, description="seconds a deprecated pattern is kept")
    credit_min_trials: int = Field(
        5, ge=1, description="evidence (outcomes) a memory needs before credited outcomes move its confidence"
    )

    # Security. Binding to anything but loopback without auth refuses to start unless allowed.
    auth: Literal["none", "token"] = Field("none", description="token: every call needs a bearer token")
    tls_cert_file: Path | None = Field(None, description="server certificate (PEM); with tls_key_file turns TLS on")
    tls_key_file: Path | None = Field(None, description="the certificate's private key (PEM)")
    tls_client_ca_file: Path | None = Field(
        None, description="CA bundle (PEM) that client certificates must chain to: mutual TLS"
    )
    allow_insecure_remote: bool = Field(
        False, description="serve a non-loopback address without auth (only behind something that authenticates)"
    )

    rate_limit: float = Field(0.0, ge=0, description="calls per second per agent and replica; 0 = no limit")
    rate_limit_burst: float = Field(100.0, ge=1, description="calls an idle agent may make at once")

    max_value_bytes: int = Field(256 * 1024, gt=0, description="largest encoded STM value, LTM data, state or decision")
    stm_family_ttls: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_STM_FAMILY_TTLS),
        description="default TTL in seconds per short-term key family (the key's first ':' segment)",
    )
    stm_default_ttl: float = Field(3600.0, gt=0, description="TTL in seconds for keys of any other family")
    stm_max_ttl: float = Field(30 * 86400.0, gt=0, description="longest TTL a caller may ask for, in seconds")
    stm_sweep_interval: float = Field(60.0, gt=0, description="seconds between purges of expired STM entries")

    heartbeat_interval: float = Field(10.0, gt=0, description="seconds of silence before a subscription heartbeat")
    event_retention: float = Field(
        7 * 86400.0, gt=0, description="seconds that subscription events stay resumable by cursor"
    )
    token_secret: str | None = Field(
        None,
        description="key that signs page tokens and cursors; replicas must share it. "
        "Unset: the embedded store generates one and keeps it in its database",
    )

    default_page_size: int = Field(50, gt=0)
    max_page_size: int = Field(1000, gt=0)
    max_batch_decisions: int = Field(10_000, gt=0, description="most decisions one LogDecisions call may carry")
    max_batch_bytes: int = Field(64 * 1024 * 1024, gt=0, description="most encoded bytes one LogDecisions call may carry")
    default_chain_depth: int = Field(10, gt=0)
    max_chain_depth: int = Field(100, gt=0)

    log_format: Literal["json", "text"] = Field("json", description="json: one object per line, with trace ids")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO")

    shutdown_grace: float = Field(10.0, ge=0, description="seconds in-flight calls get to finish on SIGTERM")
    max_message_bytes: int = Field(
        4 * 1024 * 1024, gt=0, description="largest gRPC message received or sent (larger: RESOURCE_EXHAUSTED)"
    )
    # 0 (no limit) by default: every open SubscribeDecisions stream holds one of these slots for
    # as long as it stays open (health checks and reflection hold none), so any fixed number
    # would quietly cap the subscribers a replica takes rather than protect it; the right cap
    # depends on a deployment's subscribers and is set from its own measurements.
    max_concurrent_rpcs: int = Field(
        0,
        ge=0,
        description="most calls of agentmemory's services (streams included; not health checks or reflection) "
        "a server process runs at once; more are refused with RESOURCE_EXHAUSTED (TOO_MANY_CALLS). 0 = no limit",
    )

    def stm_ttl_for(self, key: str) -> float:
        family = key.split(":", 1)[0]
        return self.stm_family_ttls.get(family, self.stm_default_ttl)
