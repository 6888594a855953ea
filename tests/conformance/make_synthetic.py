#!/usr/bin/env python3
"""Write `data/synthetic.jsonl`: documents made for the conformance test (written for gristmill, CC0).

Deterministic (seeded). Each document mixes prose sentences with the things
the heuristics look at: menus and short lines, bullets, repeated lines and
paragraphs, hashtags, ellipses, numbers, code with braces, "lorem ipsum",
javascript and cookie notices, so that many documents sit near a threshold.

    python tests/conformance/make_synthetic.py        # rewrites data/synthetic.jsonl
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SENTENCES = [
    "The river rose slowly through the night, and by morning the old mill was standing in water.",
    "Nobody in the village had seen that happen since the great flood, when the bridge was carried away.",
    "People came from the farms with boats and ropes to help the miller save his grain.",
    "By noon the water had started to fall, and the family could return to the house.",
    "The council will meet on Tuesday to decide whether the footpath along the bank should be rebuilt.",
    "Volunteers open the doors on the first Sunday of every month, when visitors can watch the wheel turn.",
    "She said the repairs would cost more than the grant, but that the work was worth doing properly.",
    "It's hard to say what the weather will do next week; the forecast changes every day.",
    "A new bakery opened on the corner of Mill Street, and the queue reached the post office.",
    "Our guide explained how the stones were dressed by hand, a skill that is almost forgotten.",
    "Why does the wheel turn faster in spring? Because the snow melts in the hills and the stream is full!",
    "The report, published on 3 May, lists 1,250 listed buildings in the county and 17 working mills.",
    "He wrote that the U.S. and the U.K. had similar rules until the 1950s, when both were changed.",
    "Tickets cost $5 for adults (children go free) and can be bought at the gate.",
    "In short: keep to the path, close the gates, and take your litter home with you.",
    "The museum's collection includes letters, ledgers and a model of the mill made in 1898.",
]
SHORT = [
    "Home",
    "About us",
    "Contact",
    "News",
    "Search",
    "Log in",
    "Share",
    "Read more",
    "Menu",
    "Next page",
    "Previous",
    "Tags: mill, river",
    "Posted by admin",
    "12 comments",
    "Subscribe",
    "Print",
]
NOTICES = [
    "This site uses cookies to improve your experience and analyse traffic.",
    "Please enable JavaScript in your browser to view the map of the walk.",
    "By using this site you agree to our privacy policy and terms of use.",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.",
]
CODE = ["function wheel(speed) {", "  return speed * 2;", "}", "if (x > 3) { y = 1; }"]
NUMBERS = ["2019 | 1,204 | 33.5 | 17", "2020 | 1,377 | 35.0 | 19", "2021 | 1,512 | 36.8 | 22", "-- | -- | -- | --"]


def document(rng: random.Random) -> str:
    parts: list[str] = []
    n_par = rng.choice([1, 1, 2, 3, 4, 6])
    for _ in range(n_par):
        kind = rng.random()
        if kind < 0.55:
            par = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 5)))
            if rng.random() < 0.2:  # hard-wrapped paragraph
                words = par.split()
                step = rng.randint(6, 12)
                par = "\n".join(" ".join(words[i : i + step]) for i in range(0, len(words), step))
            parts.append(par)
        elif kind < 0.68:
            parts.append("\n".join(rng.choice(SHORT) for _ in range(rng.randint(1, 8))))
        elif kind < 0.76:
            bullet = rng.choice(["- ", "• ", "* "])
            parts.append("\n".join(bullet + rng.choice(SENTENCES + SHORT)[: rng.randint(10, 80)] for _ in range(4)))
        elif kind < 0.82:
            parts.append(rng.choice(NOTICES))
        elif kind < 0.87:
            parts.append("\n".join(rng.sample(CODE, rng.randint(1, 4))))
        elif kind < 0.92:
            parts.append("\n".join(rng.sample(NUMBERS, rng.randint(2, 4))))
        elif kind < 0.96:
            tags = ["mill", "river", "history", "walk"]
            parts.append(" ".join(f"#{rng.choice(tags)}" for _ in range(rng.randint(1, 9))))
        else:
            parts.append(rng.choice(SENTENCES)[: rng.randint(20, 60)] + "...")
        if parts and rng.random() < 0.15:  # a repeated paragraph
            parts.append(rng.choice(parts))
    sep = rng.choice(["\n\n", "\n", "\n\n", "\n\n\n"])
    return sep.join(parts)


def main() -> None:
    rng = random.Random(20240521)
    out = Path(__file__).parent / "data" / "synthetic.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for i in range(600):
            fh.write(json.dumps({"id": f"syn-{i:04d}", "text": document(rng)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
