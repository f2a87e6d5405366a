"""The term matcher: one compiled regex, longest first, word boundaries, case rules."""

from __future__ import annotations

from shortnotes.matcher import Name, TermMatcher, is_all_caps, normalize


def found(names: list[tuple[str, bool]], text: str) -> list[tuple[str, str]]:
    matcher = TermMatcher(Name(name, exact, name) for name, exact in names)
    return [(text[m.start : m.end], m.name.payload) for m in matcher.find(text)]


def test_longest_name_wins_and_backtracks_on_a_boundary() -> None:
    names = [("Pod", False), ("Static Pod", False), ("Static", False)]
    assert found(names, "a static pod") == [("static pod", "Static Pod")]
    # "Static Pods" is no name: the longest name ending on a word boundary is "Static".
    assert found(names, "Static Pods") == [("Static", "Static")]


def test_word_boundaries_including_hyphen_and_dot_compounds() -> None:
    names = [("Redis", False), ("ReplicaSet", False), ("redis-cli", False)]
    text = "redis-py redis.conf ReplicaSets xRedis Redis, redis-cli. ReplicaSet"
    assert found(names, text) == [
        ("Redis", "Redis"),
        ("redis-cli", "redis-cli"),
        ("ReplicaSet", "ReplicaSet"),
    ]


def test_exact_names_fall_back_to_a_shorter_name_at_the_same_place() -> None:
    names = [("watch list", True), ("watch", False)]
    # "watch list" is exact and written differently; the insensitive "watch" still matches.
    assert found(names, "Watch List") == [("Watch", "watch")]
    assert found([("AOF", True)], "aof Aof AOF") == [("AOF", "AOF")]


def test_whitespace_in_names_matches_line_breaks() -> None:
    assert found([("append-only file", False)], "the append-only\n  file") == [
        ("append-only\n  file", "append-only file")
    ]


def test_placeholders_are_never_matched_into() -> None:
    assert found([("wzxhzdk", False), ("Pod", False)], "\x02wzxhzdk:0\x03 Pod") == [("Pod", "Pod")]


def test_one_regex_for_all_names() -> None:
    matcher = TermMatcher(Name(f"term{i}", False, i) for i in range(500))
    assert len(matcher) == 500
    assert [m.name.payload for m in matcher.find("see term42 and term7")] == [42, 7]


def test_no_names_finds_nothing() -> None:
    assert list(TermMatcher([]).find("anything")) == []


def test_helpers() -> None:
    assert normalize("  Append-Only\n File ") == "append-only file"
    assert is_all_caps("AOF") and is_all_caps("K8S") and is_all_caps("SET NX")
    assert not is_all_caps("Pod") and not is_all_caps("123")
