"""What the tests share: the CLI runner (cli), the servers' common life and free ports
(server), the local test sites (sites/), tmpfs mounts (mounts) and small checks (checks).
Test modules import from here, never from one another."""
