"""Running the reader safely: per-file isolation, the warm reader, and the limits it enforces."""
