"""CPU time a contender spends serving, read from /proc: its gunicorn processes and the
PostgreSQL backends that serve them.

Throughput on a shared machine swings with whatever else runs; the CPU time spent per
request hardly does, so it shows the cost of a request even when req/s is noisy.
"""

import os
from pathlib import Path

MS_PER_TICK = 1000 / os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """(parent pid, user + system ticks) of a process, or None once it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces and parentheses: the fields start after the last ")".
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def process_tree_ms(root):
    """CPU milliseconds used so far by `root` and its children (gunicorn's workers)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _stat(entry.name)
        if stat and (int(entry.name) == root or stat[0] == root):
            total += stat[1]
    return total * MS_PER_TICK


def processes_ms(pids):
    """{pid: CPU milliseconds used so far} of those of these processes still running."""
    stats = {pid: _stat(pid) for pid in pids}
    return {pid: stat[1] * MS_PER_TICK for pid, stat in stats.items() if stat}


def spent_since(before, after):
    """CPU spent between two `processes_ms` readings; a process that started in between
    counts whole, one that ended in between is lost (rare: connections live a minute)."""
    return sum(ms - before.get(pid, 0.0) for pid, ms in after.items())
