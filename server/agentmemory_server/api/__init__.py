"""gRPC servicers: validate, map proto <-> domain, call the core; nothing else."""
