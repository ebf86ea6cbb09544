"""Following articles over time: what changed between versions."""
