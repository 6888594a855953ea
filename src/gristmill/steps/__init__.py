"""Pipeline steps. Each step is registered once in `gristmill.registry`."""
