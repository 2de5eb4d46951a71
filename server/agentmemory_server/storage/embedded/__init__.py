"""The embedded store: SQLite (WAL) for every port, so one process needs nothing else."""
