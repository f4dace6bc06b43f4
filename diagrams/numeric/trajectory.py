"""A trajectory through a graph of states whose reward is earned on arrival (the rl-fundamental-concepts tour).

tau = (S_0, A_0, R_1, S_1, A_1, R_2, S_2, …): taking action A_t (go to S_{t+1}) earns R_{t+1} = reward(S_{t+1}).
"""
from __future__ import annotations

# The figure's example: a tourism company's cities (ids) and their ratings (stars = reward on arrival).
TOUR_REWARDS = {"la": 0, "slc": 5, "abq": 4, "phl": 4, "phx": 4, "kc": 3, "ny": 4, "den": 4, "chi": 4}
TOUR_GRAPH = {"la": ["abq", "slc", "phl"], "abq": ["phx", "kc", "ny"], "slc": ["phx", "kc", "ny"],
              "phl": ["phx", "kc", "ny"], "phx": ["den", "chi"], "kc": ["den", "chi"], "ny": ["den", "chi"]}


def walk(rewards=None, path=("la", "slc", "ny", "chi"), graph=None, names=None, gamma: float = 1.0) -> dict:
    """Follow ``path`` (state ids): ``rewards`` R_1 … R_T (the reward of each state reached), their
    discounted sum ``return`` G_0 = sum_t gamma^t R_{t+1}, ``steps`` T, and ``names`` (display names of the
    path's states when ``names`` maps ids to names, else the ids). With ``graph`` ({state: [next states]})
    every step must be one of its edges. Defaults: the figure's tour table and graph."""
    rewards = TOUR_REWARDS if rewards is None else rewards
    graph = TOUR_GRAPH if graph is None and rewards is TOUR_REWARDS else graph
    path = [str(s) for s in path]
    if len(path) < 1:
        raise ValueError("a trajectory needs at least its start state")
    for s in path:
        if s not in rewards:
            raise ValueError(f"state {s!r} has no reward (known: {', '.join(map(str, rewards))})")
    if graph is not None:
        for a, b in zip(path, path[1:]):
            if b not in (graph.get(a) or []):
                raise ValueError(f"no action leads from {a!r} to {b!r}")
    rs = [rewards[s] for s in path[1:]]
    g = sum(float(gamma) ** t * r for t, r in enumerate(rs))
    return {"states": path, "names": [names[s] if names else s for s in path], "rewards": rs,
            "return": g, "steps": len(rs)}
