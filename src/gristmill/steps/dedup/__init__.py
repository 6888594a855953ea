"""Corpus-wide deduplication steps: exact, near-duplicate (MinHash-LSH) and URL."""
