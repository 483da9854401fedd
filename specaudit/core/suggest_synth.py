"""A deterministic synthetic review for link suggestions: benchmarks and quality tests.

Clauses are English requirement sentences about a topic (three words of a shared
vocabulary plus a number); hunks are code-like added lines (defs, calls, conditions,
comments, raises, blank lines) whose identifiers mix their topic's names with
Zipf-distributed common identifiers of the project, as real code mixes a feature's names
with the ones used everywhere. Files hold several hunks; a topic's hunks mostly live in
files named after its words. Each topic hunk records the clause it implements, so
rankings can be scored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from specaudit.core.suggest import HunkDoc


def _words(text: str) -> list[str]:
    return text.split()


_DOMAIN = _words("""
account address amount archive audit balance batch billing bucket budget cache callback
card cart catalog certificate channel charge checkout claim client cluster column comment
config connection consent contract coupon credential currency customer dashboard deadline
delivery deposit device discount dispatch document domain draft email endpoint entry event
export feature feed fee file filter folder gateway grant group handler header history
identity image import inventory invoice item job journal key label ledger license limit
listing locale lock log mailbox manifest member merchant message metric mirror network
notice notification offer order owner package page partition password payload payment
payout permission phone plan policy pool portfolio preference price product profile
promotion queue quota quote rate receipt record refund region reminder report request
reservation resource response result retry review reward role route schedule schema
score secret segment session setting shipment signature snapshot source statement status
storage stream subscription summary supplier tag task tax template tenant threshold ticket
timeout token topic transaction transfer trial upload user vault vendor voucher wallet
warehouse webhook window workflow
""")

_VERBS = _words("""
accept allocate apply approve archive assign authorize block calculate cancel capture
charge check close collect compute confirm create debit decline delete deliver detect
disable dispatch enable encrypt enqueue expire export fetch flag forward freeze generate
import index invalidate issue load lock log merge migrate notify open parse pause persist
publish purge queue reconcile record redact refresh refund register reject release renew
reserve resolve restore resume retry revoke rotate route save schedule send settle sign
split store submit suspend sync throttle track transfer unlock update upload validate verify
""")

_ADJ = _words("""
active blocked cached closed daily default duplicate empty expired failed final frozen
hourly idle invalid late locked manual monthly negative open partial paused pending primary
private public recent remote required retired secondary stale suspended temporary unpaid
unverified urgent valid verified weekly
""")

_SYLLABLES = _words("ba co da fe gi ho ka lu me no pa ri sa te vo xi zu ber con dor fal gan")

_SUFFIXES = ["service", "models", "api", "views", "store", "tasks"]

_CLAUSE_TEMPLATES = (
    "When the {a} {n1} is {adj}, the service must {v} the {n2} within {k} seconds.",
    "Every {n1} carries its {n2} {n3}, so that a {adj} {n1} is never {v}ed twice.",
    "The {n1} {n2} is {v}ed at most {k} times; after that the {n3} is marked {adj}.",
    "The {adj} {n1} must not {v} the {n2}: the {n3} is rejected with an error.",
    "No {n1} {n2} is kept for {adj} {n3} records: every request asks the {n2} again.",
    "Users can {v} a {n1} from the {n2} page, and the {n3} shows the {adj} state.",
    "If the {n2} returns {k} {n1} errors in a row, the {n3} is {v}ed until an operator acts.",
)


@dataclass(frozen=True)
class SyntheticReview:
    clauses: dict[str, str]  # clause key -> requirement text
    hunks: list[HunkDoc]
    relevant: dict[str, frozenset[str]]  # clause key -> ids of the hunks written for it


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = list(dict.fromkeys(_DOMAIN + _VERBS))
    while len(words) < size:  # invented project jargon: "kadorvo", "sameber"
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        if word not in words:
            words.append(word)
    rng.shuffle(words)
    return words


def generate(clauses: int = 1000, hunks: int = 20_000, *, seed: int = 6,
             vocabulary: int = 3000, identifiers: int = 20_000, topical: float = 0.8) -> SyntheticReview:
    """``clauses`` requirement texts and ``hunks`` code hunks; ``topical`` of the hunks
    implement one clause's topic, the rest are noise. Same arguments, same output.

    Like a real project, the code draws on a finite pool of ``identifiers`` made of
    vocabulary words, reused with Zipf frequencies (a few names are everywhere, most are
    rare); each topic adds a handful of identifiers of its own.
    """
    rng = random.Random(seed)
    vocab = _vocabulary(rng, vocabulary)
    zipf = _cumulative(len(vocab))
    pool = list(dict.fromkeys(_identifier(rng, rng.choices(vocab, cum_weights=zipf, k=3))
                              for _ in range(identifiers)))
    pool_zipf = _cumulative(len(pool))

    def common(k: int = 1) -> list[str]:
        return rng.choices(pool, cum_weights=pool_zipf, k=k)

    modules = vocab[:40]
    # Shared files are named for the project's generic words (topics draw from vocab[50:]):
    # unrelated code does not live in a file named after the clause's subject.
    files = [f"src/{rng.choice(modules)}/{w}_{sfx}.py" for w in vocab[:50] for sfx in _SUFFIXES]

    topics = []
    for _ in range(clauses):
        words = rng.sample(vocab[50:], 3)
        names = [_identifier(rng, [rng.choice(words), rng.choice(words + vocab[:300])]) for _ in range(6)]
        own = [f"src/{rng.choice(modules)}/{rng.choice(words)}_{rng.choice(_SUFFIXES)}.py" for _ in range(2)]
        topics.append((words, names + words, rng.randint(2, 30), own))
    clause_texts: dict[str, str] = {}
    for i, ((n1, n2, n3), _names, k, _own) in enumerate(topics):
        template = rng.choice(_CLAUSE_TEMPLATES)
        clause_texts[f"C{i:04d}"] = template.format(
            a=rng.choice(["new", "open", "incoming"]), n1=n1, n2=n2, n3=n3, k=k,
            v=rng.choice(_VERBS), adj=rng.choice(_ADJ))

    docs: list[HunkDoc] = []
    relevant: dict[str, set[str]] = {key: set() for key in clause_texts}
    for h in range(hunks):
        owner = rng.randrange(clauses) if rng.random() < topical else None
        names = topics[owner][1] if owner is not None else []
        k = topics[owner][2] if owner is not None else rng.randint(2, 30)

        def pick(_names=names) -> str:
            return rng.choice(_names) if _names and rng.random() < 0.3 else common()[0]

        lines = [_line(rng, pick, k) for _ in range(rng.randint(2, 20))]
        # A change of 20,000 hunks touches a few thousand files, several hunks each.
        own = topics[owner][3] if owner is not None else []
        path = rng.choice(own) if own and rng.random() < 0.7 else rng.choice(files)
        first = rng.randint(1, 900)
        last = first + len(lines) - 1
        hid = f"{path}:new:{first}-{last}#{h}"
        docs.append(HunkDoc(hid, path, "new", first, last, "\n".join(lines)))
        if owner is not None:
            relevant[f"C{owner:04d}"].add(hid)
    return SyntheticReview(clause_texts, docs, {k: frozenset(v) for k, v in relevant.items()})


def _cumulative(n: int) -> list[float]:
    out, total = [], 0.0
    for rank in range(n):
        total += 1.0 / (rank + 1)
        out.append(total)
    return out


def _identifier(rng: random.Random, words: list[str]) -> str:
    style = rng.randrange(4)
    if style == 0:
        return "_".join(words)
    if style == 1:
        return words[0] + "".join(w.capitalize() for w in words[1:])
    if style == 2:
        return "".join(w.capitalize() for w in words)
    return "_".join(words).upper()


def _line(rng: random.Random, pick, k: int) -> str:
    a, b, c = pick(), pick(), pick()
    shape = rng.randrange(12)
    if shape == 0:
        return f"def {a}(self, {b}, timeout={k}):"
    if shape == 1:
        return f"    {a} = self.{b}.{c}({pick()}, retries={k})"
    if shape == 2:
        return f"    if {a} > {b}:"
    if shape == 3:
        return f"        raise {c}(f\"{a} failed: {{{b}}}\")"
    if shape == 4:
        return f"    # {rng.choice(_VERBS)} the {a} before {b} is {rng.choice(_ADJ)}"
    if shape == 5:
        return f"    return {a}({b}={c})"
    if shape == 6:
        return f"    for {a} in {b}.{c}():"
    if shape == 7:
        return f"        log.info(\"%s done\", {a}.{b})"
    if shape == 8:
        return ""
    if shape == 9:
        return "    }" if rng.random() < 0.5 else "        return None"
    return f"    {a}.{b}({c})"
