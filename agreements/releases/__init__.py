"""Curated press-release files (fixtures/releases/*.yaml): reading, checking, loading."""
