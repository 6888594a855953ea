"""Readers and writers sit at the pipeline's ends; they are not steps."""
