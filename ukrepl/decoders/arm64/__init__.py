"""arm64 formats: VMSAv8-64 translation table descriptors, and the system registers around them."""
