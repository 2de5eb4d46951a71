"""Test certificates for TLS and mutual TLS, made with the openssl command."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Certificates:
    server_key: bytes
    server_cert: bytes
    client_key: bytes
    client_cert: bytes


def make_certificates(directory: Path) -> Certificates:
    """A self-signed server certificate for 127.0.0.1/localhost and a
    self-signed client certificate, made with the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make test certificates")

    def make(name: str, subject: str, san: str) -> tuple[bytes, bytes]:
        key, cert = directory / f"{name}.key", directory / f"{name}.pem"
        subprocess.run(
            [
                openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", str(key), "-out", str(cert), "-subj", subject, "-addext", san,
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
        return key.read_bytes(), cert.read_bytes()

    server_key, server_cert = make("server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1")
    client_key, client_cert = make("client", "/CN=agentmemory-test-client", "subjectAltName=DNS:client")
    return Certificates(server_key, server_cert, client_key, client_cert)
