"""Storage ports (ports.py) and one adapter per store."""
