"""Execution: plans, shard tasks and the executors that run them."""
