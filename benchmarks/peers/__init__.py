"""Peers for the benchmark suite: other ways to make the same plan, scored the same way.

Each peer module has ``run(roster, charter, as_of, time_limit) -> Outcome``; the suite runs
every peer in its own process (``benchmarks/peer.py``) to measure time and peak memory.
"""
