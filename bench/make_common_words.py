"""Write finance_audit/data/common_words.txt from wordfreq (run by hand, not in CI or at run time).

The lists weigh a word by how few listed names carry it, so a word of everyday language that
one listed body happens to carry ("CASTLE HOLDING", "PROGRESS BANK") weighs as much as a
coined name ("LOS CUINIS", "ALUMINAT"). A filed name that holds such an everyday word and more
("Castle Rising Holdings Ltd") is no evidence of the listed body, where a filed name that holds
a coined one ("LOS CUINIS DRUG TRAFFICKING ORGANIZATION") is. The matcher lets the words a
longer filed name adds cost less only when the listed name's rare word is none of these.

The words: those of four letters or more, in Latin letters, at a Zipf frequency of 4.0 or more
(ten times in a million words) in English, German, Dutch, French, Spanish or Italian, the
languages of the registers the tool reads, from wordfreq 3.1.1 (Robyn Speer,
github.com/rspeer/wordfreq; its data is CC BY-SA 4.0, and so is this list).

    pip install wordfreq==3.1.1 anyascii && python bench/make_common_words.py
"""

from __future__ import annotations

import re
from pathlib import Path

from anyascii import anyascii
from wordfreq import top_n_list, zipf_frequency

OUT = Path(__file__).resolve().parents[1] / "finance_audit" / "data" / "common_words.txt"
LANGUAGES = ("en", "de", "nl", "fr", "es", "it")
MIN_ZIPF = 4.0
MIN_LETTERS = 4


def common_words() -> list[str]:
    words = set()
    for language in LANGUAGES:
        for word in top_n_list(language, 100_000):  # most frequent first
            if zipf_frequency(word, language) < MIN_ZIPF:
                break
            latin = anyascii(word).lower()
            if len(latin) >= MIN_LETTERS and re.fullmatch(r"[a-z]+", latin):
                words.add(latin)
    return sorted(words)


def main() -> None:
    header = (__doc__ or "").split("\n\n")[2]
    lines = ["# " + line for line in header.splitlines()]
    lines += ["# Written by bench/make_common_words.py; one word a line.", *common_words()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
