"""The web interface: server-rendered pages over the one application service."""
