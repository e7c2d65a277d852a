"""The sentence-end rule the indicators use to find a figure's clause (underthesea's Punkt
rule, linear): abbreviations and grouped numbers do not end a sentence."""

from __future__ import annotations

import pytest

from bpextract.sentences import abbreviations, sentence_starts


@pytest.mark.parametrize(("text", "starts"), [
    # `TP.` is an abbreviation, `1.500.000` a grouped number: neither ends a sentence
    ("Kế hoạch của TP. Hà Nội. Năm 2020 có 1.500.000 đồng. Tiếp theo!", [0, 25, 53]),
    ("Chờ... Sau đó... và rồi", [0, 7]),  # an ellipsis ends one only before a capital
    ("Một? Hai! Ba.", [0, 5, 10]),
    ("  \n ", []),
])
def test_sentence_starts(text: str, starts: list[int]) -> None:
    assert sentence_starts(text) == starts


def test_a_long_run_of_letters_and_dots() -> None:
    # underthesea walked back over the whole run before every dot; here each dot reads at
    # most the length of the longest abbreviation
    starts = sentence_starts("a." * 50_000)
    assert len(starts) == 49_998 and starts[:4] == [0, 6, 8, 10]


def test_underthesea_abbreviations_are_read_without_importing_it() -> None:
    import subprocess
    import sys
    code = ("import sys; from bpextract.sentences import abbreviations as a; w, n = a(); "
            "print('tp' in w, 'underthesea' in sys.modules, n >= 9)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["True", "False", "True"]
    assert "a.w.a.k.e" in abbreviations()[0]
