"""S3 adapter (aioboto3): the decision archive."""
