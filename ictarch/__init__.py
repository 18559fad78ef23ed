"""ictarch: architecture-as-code for provincial smart-city ICT architectures in Vietnam."""

__version__ = "0.1.0"
