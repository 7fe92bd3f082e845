"""Classify a complaint's free text into a matter category of the responsibility catalog.

Pure: stdlib and jieba only (no Django, no settings, no ORM); the caller decides what to do with
a low confidence (the manual classification queue, SPEC §2.2).

    >>> classify("飞线充电", "五楼从窗户拉电线下来给电动车充电").category
    'fire_safety'

How it works:

1. The title and body are joined and cut to the first ``MAX_CHARS`` (5,000) characters — a
   pasted 10 MB document is classified on its beginning, never segmented whole — then
   NFKC-normalised, lower-cased, and a few frequent typos are corrected (``lexicon.TYPOS``).
2. A **rule layer**: weighted phrases per category (``lexicon.KEYWORDS``) matched in the text;
   a phrase in the title counts ``TITLE_BOOST`` times. Before matching, three things are read
   off the wording (``_zones``):

   - *department mentions* (``lexicon.DEPARTMENTS``): a department the caller says bounced them
     ("派出所说这归城管", "找了住建局说不归他们管") is masked — callers are sent round in
     circles, so a department named in a deflection is no evidence of the matter; a department the
     caller asks for ("请市场监管局来查") adds ``DEPARTMENT_HINT`` to the categories it handles;
   - *negation*: a phrase inside "不是…的问题", "跟…没关系", "…没问题" is masked;
   - *several issues in one message*: phrases after an afterthought marker ("顺便说一下",
     "另外") count ``AFTERTHOUGHT`` times, phrases after an emphasis marker ("主要是") count
     ``EMPHASIS`` times — the call is routed on its main matter.

   A message about what the property company itself does or fails to do ("物业把…", "物业不…")
   adds ``PROPERTY_ACTOR_HINT`` to ``service_quality`` (``lexicon.PROPERTY_ACTOR``): its conduct is
   the matter unless something more specific outweighs it.
3. A **multinomial Naive Bayes** over jieba tokens (a private ``jieba.Tokenizer`` with the
   domain words of ``lexicon.USER_WORDS`` added, so the process-wide jieba dictionary is left
   alone), trained from ``data/train_set.jsonl`` — disjoint from the evaluation set in
   ``data/eval_set.jsonl``. Its log-posteriors are divided by √(number of known tokens) so long
   messages do not become overconfident.
4. ``rules + NB_WEIGHT · nb`` per category, softmax at temperature ``TEMPERATURE``: the top
   probability is the confidence. The weights and the temperature were chosen by 5-fold
   cross-validation on the training set (accuracy, then log-loss), never on the evaluation set.
5. Confidence is what intake compares with the region's ``classification_confidence_threshold``
   (policy parameter, 0.60 by default; ``selectors.classify_and_route``): below it the message
   goes to the manual classification queue. A wrong department is worse than the queue, so a
   decision that rests on no rule phrase at all (the Naive Bayes part alone) has its confidence
   capped at ``NB_ONLY_CAP``, below the default threshold.

The tokenizer and the model are built once, on first use, under a lock (``warm_up()`` does it
ahead of time: about a second, mostly jieba loading its dictionary). Deterministic: the same
text always yields the same result; ties go to the catalog's order.
"""
from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from wuye.complaints.catalog_seed import CODES
from wuye.complaints.rules import lexicon

CLASSIFIER_VERSION = "rules+nb-2"
MAX_CHARS = 5000
TITLE_BOOST = 1.5
NB_WEIGHT = 1.0
NB_ALPHA = 1.0
TEMPERATURE = 1.0
TOP_SCORES = 5
DEPARTMENT_HINT = 1.5
AFTERTHOUGHT = 0.5
EMPHASIS = 1.5
PROPERTY_ACTOR_HINT = 2.0
NB_ONLY_CAP = 0.55
MASK = "\u25a1"  # □ replaces masked words so neighbouring characters do not join into new phrases
TRAIN_PATH = Path(__file__).resolve().parent.parent / "data" / "train_set.jsonl"

_STOPWORDS = frozenset(
    "的 了 是 我 我们 你 你们 他 他们 她 它 在 也 都 就 还 有 和 与 及 或 把 被 让 给 对 从 向 到 说 要 "
    "这 那 这个 那个 一个 什么 怎么 为什么 吗 呢 吧 啊 呀 哦 嗯 喂 您好 你好 谢谢 请 希望 麻烦 已经 "
    "一直 现在 今天 昨天 每天 天天 好几 好几次 多次 几次 非常 特别 太 很 又 再 才 没 没有 不 能 会 "
    "可以 可能 应该 问题 反映 投诉 情况 处理 相关 部门 尽快 解决 小区 业主 居民 市民 来电 其 称 "
    "人 家 里 上 下 后 前 中 时候 个 号 楼 栋 单元 室 路 街道 区 县 市 年 月 日 次".split()
)
_TOKEN_OK = re.compile(r"[\u4e00-\u9fffa-z]")


@dataclass(frozen=True)
class Classification:
    """The outcome: ``category`` is a catalog code, or None when the text says nothing usable."""

    category: str | None
    confidence: float  # 0..1, the probability of ``category``
    scores: dict[str, float] = field(default_factory=dict)  # the top few categories' probabilities
    matched: tuple[str, ...] = ()  # the phrases/tokens that decided, strongest first


@dataclass(frozen=True)
class _Model:
    log_prior: dict[str, float]
    log_lik: dict[str, dict[str, float]]  # token -> category -> log P(token | category)
    # token -> its two likeliest categories with their log-likelihoods, for ``lift`` in O(1)
    top2: dict[str, tuple[tuple[str, float], tuple[str, float]]] = field(default_factory=dict)


_LOCK = threading.Lock()
_STATE: dict[str, object] = {}


def normalise(text: str) -> str:
    """NFKC, lower case, collapsed whitespace, and the known typos corrected."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = " ".join(text.split())
    for wrong, right in lexicon.TYPOS.items():
        if wrong in text:
            text = text.replace(wrong, right)
    return text


def _tokenizer():
    tok = _STATE.get("tokenizer")
    if tok is None:
        with _LOCK:
            tok = _STATE.get("tokenizer")
            if tok is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict …" chatter on every start
                tok = jieba.Tokenizer()
                for word in lexicon.USER_WORDS:
                    tok.add_word(word)
                _STATE["tokenizer"] = tok
    return tok


def tokens(text: str) -> list[str]:
    """The NB features of an already normalised text: jieba tokens minus stopwords and punctuation."""
    return [t for t in _tokenizer().lcut(text) if t not in _STOPWORDS and _TOKEN_OK.search(t)]


def train(rows: Iterable[dict]) -> _Model:
    """Fit the Naive Bayes part on labelled rows (``title``, ``body``, ``category``)."""
    counts: dict[str, Counter] = {c: Counter() for c in CODES}
    docs: Counter = Counter()
    for row in rows:
        cat = row["category"]
        docs[cat] += 1
        counts[cat].update(tokens(normalise(f"{row.get('title', '')} {row.get('body', '')}")))
    vocab = sorted(set().union(*counts.values()))
    n_docs = sum(docs.values()) or 1
    log_prior = {c: math.log((docs[c] + 1) / (n_docs + len(CODES))) for c in CODES}
    log_lik: dict[str, dict[str, float]] = {}
    totals = {c: sum(counts[c].values()) + NB_ALPHA * len(vocab) for c in CODES}
    for word in vocab:
        log_lik[word] = {c: math.log((counts[c][word] + NB_ALPHA) / totals[c]) for c in CODES}
    top2 = {}
    for word, row in log_lik.items():
        first, second = sorted(row.items(), key=lambda cv: (-cv[1], CODES.index(cv[0])))[:2]
        top2[word] = (first, second)
    return _Model(log_prior=log_prior, log_lik=log_lik, top2=top2)


def _model() -> _Model:
    model = _STATE.get("model")
    if model is None:
        _tokenizer()
        with _LOCK:
            model = _STATE.get("model")
            if model is None:
                with TRAIN_PATH.open(encoding="utf-8") as fh:
                    model = train(json.loads(line) for line in fh if line.strip())
                _STATE["model"] = model
    return model  # type: ignore[return-value]


def warm_up() -> None:
    """Load jieba and train the model now rather than on the first ``classify`` call."""
    _model()


_CLAUSE = re.compile(r"[^，,。.！!？?；;：:、\n]+")
_SENTENCE_END = re.compile(r"[。！!？?\n]")
# "另外" is also "in addition" of a fee ("另外收钱"): only the sentence adverb counts
_AFTERTHOUGHT = re.compile(r"顺便|顺带|另外(?![收交要付花给算加])|此外|附带|再一个|再就是|还有个事|还有一件事|还有一个事")
_EMPHASIS = re.compile(r"主要是|最主要|关键是|重点是|最严重的是|最要紧的是")
_NEGATED = (
    re.compile(r"(?:不是|并非|并不是)([^，,。.！!？?；;]{1,10}?)(?:的)?(?:问题|原因|责任|事)"),
    re.compile(r"(?:跟|和|与)([^，,。.！!？?；;跟和与]{1,8}?)(?:没关系|没有关系|无关)"),
    re.compile(r"不归([^，,。.！!？?；;]{1,8}?)管"),
    re.compile(r"([^，,。.！!？?；;说]{1,6}?)(?:没问题|没有问题|没毛病)"),
)


def _property_actor() -> list[re.Pattern[str]]:
    pats = _STATE.get("property_actor")
    if pats is None:
        pats = [re.compile(p) for p in lexicon.PROPERTY_ACTOR]
        _STATE["property_actor"] = pats
    return pats  # type: ignore[return-value]


def _departments() -> re.Pattern[str]:
    pat = _STATE.get("departments")
    if pat is None:
        names = sorted(lexicon.DEPARTMENTS, key=len, reverse=True)
        pat = re.compile("|".join(re.escape(n) for n in names))
        _STATE["departments"] = pat
    return pat  # type: ignore[return-value]


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + MASK * (end - start) + text[end:]


def _zones(text: str) -> tuple[str, list[float], dict[str, float]]:
    """The text with deflected departments and negated phrases masked, a weight per character
    (afterthoughts and emphasis), and the hints of the departments the caller asks for."""
    hints: dict[str, float] = {}
    deflect = lexicon.DEFLECTION
    request = lexicon.REQUEST
    for clause in _CLAUSE.finditer(text):
        body = clause.group()
        found = list(_departments().finditer(body))
        if not found:
            continue
        deflected = any(m in body for m in deflect)
        for m in found:
            start, end = clause.start() + m.start(), clause.start() + m.end()
            if deflected:
                text = _mask(text, start, end)
            elif any(r in body[: m.start()] or r in body[m.end():] for r in request):
                for cat in lexicon.DEPARTMENTS[m.group()]:
                    hints[cat] = max(hints.get(cat, 0.0), DEPARTMENT_HINT / len(lexicon.DEPARTMENTS[m.group()]))
    for pattern in _NEGATED:
        for m in pattern.finditer(text):
            text = _mask(text, m.start(1), m.end(1))
    weights = [1.0] * len(text)
    for marker, factor in ((_AFTERTHOUGHT, AFTERTHOUGHT), (_EMPHASIS, EMPHASIS)):
        for m in marker.finditer(text):
            end = _SENTENCE_END.search(text, m.end())
            for i in range(m.start(), end.start() if end else len(text)):
                weights[i] = factor
    return text, weights, hints


def _phrase_index() -> tuple[list[tuple[str, str, float]], dict[str, list[int]]]:
    """Every rule phrase in lexicon order, and by first character the positions of its phrases."""
    index = _STATE.get("phrases")
    if index is None:
        phrases = [(cat, phrase, weight) for cat, by in lexicon.KEYWORDS.items() for phrase, weight in by.items()]
        first: dict[str, list[int]] = {}
        for n, (_cat, phrase, _w) in enumerate(phrases):
            first.setdefault(phrase[0], []).append(n)
        index = _STATE["phrases"] = (phrases, first)
    return index  # type: ignore[return-value]


def _rule_scores(title: str, text: str, weights: list[float] | None = None) -> dict[str, list[tuple[float, str]]]:
    hits: dict[str, list[tuple[float, str]]] = {}
    phrases, first = _phrase_index()
    # Only phrases whose first character occurs can match: look for those, in lexicon order.
    candidates = sorted(n for ch in set(text) for n in first.get(ch, ()))
    for n in candidates:
        cat, phrase, weight = phrases[n]
        at = text.find(phrase)
        if at < 0:
            continue
        factor = 1.0
        if weights is not None:
            factor = 0.0
            while at >= 0:
                factor = max(factor, weights[at])
                at = text.find(phrase, at + 1)
        w = weight * factor * (TITLE_BOOST if phrase in title else 1.0)
        hits.setdefault(cat, []).append((w, phrase))
    return hits


def _nb_scores(model: _Model, toks: list[str]) -> tuple[dict[str, float], list[str]]:
    known = [t for t in toks if t in model.log_lik]
    scores = dict(model.log_prior)
    for t in known:
        row = model.log_lik[t]
        for c in CODES:
            scores[c] += row[c]
    top = max(scores.values())
    scale = math.sqrt(len(known)) if known else 1.0
    return {c: (s - top) / scale for c, s in scores.items()}, known


def classify(title: str, body: str = "", *, model: _Model | None = None) -> Classification:
    """Classify ``title`` + ``body`` (only their first ``MAX_CHARS`` characters are read).

    Empty or whitespace-only text, or text in which neither a rule phrase nor a known token
    occurs, gives ``Classification(None, 0.0)``.
    """
    title = (title or "")[:MAX_CHARS]
    body = (body or "")[: max(0, MAX_CHARS - len(title))]
    norm_title = normalise(title)
    text = normalise(f"{title} {body}")
    if not text.strip():
        return Classification(None, 0.0)
    model = model or _model()
    masked, weights, dept_hints = _zones(text)
    hits = _rule_scores(norm_title, masked, weights)
    for cat, w in dept_hints.items():
        hits.setdefault(cat, []).append((w, "(部门)"))
    if any(p.search(masked) for p in _property_actor()):
        hits.setdefault("service_quality", []).append((PROPERTY_ACTOR_HINT, "(物业行为)"))
    nb, known = _nb_scores(model, tokens(masked))
    if not hits and not known:
        return Classification(None, 0.0)
    combined = {
        c: (sum(w for w, _ in hits.get(c, ())) + (NB_WEIGHT * nb[c] if known else 0.0)) / TEMPERATURE
        for c in CODES
    }
    top = max(combined.values())
    exp = {c: math.exp(s - top) for c, s in combined.items()}
    total = sum(exp.values())
    ranked = sorted(CODES, key=lambda c: (-exp[c], CODES.index(c)))
    best = ranked[0]
    confidence = exp[best] / total
    if best not in hits:
        confidence = min(confidence, NB_ONLY_CAP)
    matched = [p for _, p in sorted(hits.get(best, ()), key=lambda h: (-h[0], h[1])) if not p.startswith("(")]
    if known:
        def lift(t: str) -> float:
            """How much likelier ``best`` makes ``t`` than the likeliest other category does."""
            (c1, v1), (_c2, v2) = model.top2[t]
            return model.log_lik[t][best] - (v2 if c1 == best else v1)

        for t in sorted(set(known), key=lambda t: (-lift(t), t))[:3]:
            if lift(t) > 0 and t not in matched:
                matched.append(t)
    probs = {c: exp[c] / total for c in ranked[:TOP_SCORES]}
    probs[best] = confidence
    return Classification(
        category=best,
        confidence=round(min(1.0, max(0.0, confidence)), 4),
        scores={c: round(p, 4) for c, p in probs.items()},
        matched=tuple(matched[:8]),
    )
