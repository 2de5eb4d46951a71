# agentmemory server image: `docker build -t agentmemory .`
# Runs `agentmemory serve` as a non-root user on 0.0.0.0:50051. A non-loopback address needs
# AGENTMEMORY_AUTH=token (or AGENTMEMORY_ALLOW_INSECURE_REMOTE=true behind something that
# authenticates); AGENTMEMORY_BACKEND=aws and the README's production variables select the
# AWS stack. tests/e2e/test_dockerfile.py runs this file's ENTRYPOINT/CMD (with its ENV) and
# HEALTHCHECK commands against a real server, so they stay true without a Docker engine.

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY server ./server
COPY stubs/python ./stubs/python
# The Makefile's install, without the editable mode and the dev extras.
RUN python -m venv /opt/agentmemory \
    && /opt/agentmemory/bin/python -m pip install -q --no-cache-dir --upgrade pip \
    && /opt/agentmemory/bin/python -m pip install -q --no-cache-dir .

FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/agentmemory agentmemory
COPY --from=build /opt/agentmemory /opt/agentmemory
COPY scripts/healthcheck.py /opt/agentmemory/healthcheck.py
ENV PATH=/opt/agentmemory/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    AGENTMEMORY_ADDRESS=0.0.0.0:50051 \
    AGENTMEMORY_DATA_DIR=/var/lib/agentmemory/data
USER agentmemory
WORKDIR /var/lib/agentmemory
EXPOSE 50051
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["python", "/opt/agentmemory/healthcheck.py"]
ENTRYPOINT ["agentmemory"]
CMD ["serve"]
