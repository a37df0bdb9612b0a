"""The matcher's knowledge: every way the catalog writes each claim, as comparable streams.

An entry is the canonical form, a wrong variant (a known typo is knowledge too) or a recorded
sheet version (with the reading the catalog gives it). Each is tokenised once (tokens.py) and
encoded as a string of one character per token, so that rapidfuzz compares thousands of them in
C. Building takes a fraction of a second; it is cached in the user cache directory
(platformdirs) and rebuilt when the catalog files or this code change.
"""
from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from cheatsheet.glossary import OTHER_WORDS, PROSE_WORDS, plain
from cheatsheet.latex import _pre

from . import tokens, word_weights
from .spelling import british
from .tokens import Tok, compared, keys, tokenize

INDEX_VERSION = 41  # bump when the index layout or the tokeniser changes
RELATIONS = {"=", "<", ">", r"\le", r"\ge", r"\neq", r"\approx", r"\succeq", r"\preceq", r"\propto",
             r"\equiv"}
_WORD = re.compile(r"[a-z][a-z0-9]+")
_STOP = {"the", "of", "a", "an", "and", "or", "for", "with", "is", "are", "in", "on", "to", "by",
         "as", "its", "it", "be", "that", "this", "from", "at", "we", "if", "then", "than", "not",
         "has", "have", "which", "when", "where", "all", "any", "each", "one", "two"}
# the same thing said differently on sheets and in claim titles
_SYNONYMS = {
    "mgf": "moment", "mgfs": "moment", "moments": "moment", "generating": "moment", "pois": "poisson",
    "bern": "bernoulli", "bin": "binomial", "gam": "gamma", "exp": "exponential",
    "kullback": "kl", "leibler": "kl", "divergence": "kl", "gaussian": "normal",
    "gaussians": "normal", "covariances": "covariance", "cov": "covariance", "var": "variance",
    "conv": "convolution", "convolutional": "convolution", "convolutions": "convolution",
    "cnn": "convolution", "rnn": "recurrent", "grad": "gradient", "gradients": "gradient",
    "derivatives": "derivative", "jacobians": "jacobian",
    "sgd": ("stochastic", "gradient", "descent"), "gd": ("gradient", "descent"),
    "lr": "learning", "relu": "relu", "logistic": "sigmoid", "softmax": "softmax",
    "attn": "attention", "transformer": "attention", "gcn": "graph", "graphs": "graph",
    "laplacian": "laplacian", "entropies": "entropy", "vae": "variational", "elbo": "elbo",
    "ddpm": "diffusion", "gan": "adversarial", "gans": "adversarial", "pca": "principal",
    "mi": ("mutual", "information"),
}


def _folded(english: str):
    """The index words an English gloss folds to (a tuple where it says several)."""
    out = []
    for w in english.split():
        said = _SYNONYMS.get(w, w)
        out += list(said) if isinstance(said, tuple) else [said]
    return out[0] if len(out) == 1 else tuple(out)


# the words of the other languages sheets are written in (cheatsheet/glossary.py), each folded
# as its English is: "Varianza della esponenziale" says what "variance of the exponential" says
for _word, _english in {**PROSE_WORDS, **OTHER_WORDS}.items():
    _SYNONYMS.setdefault(_word, _folded(_english))


def words_of(text: str) -> frozenset[str]:
    """Informative lower-case words, accents, plurals, synonyms and British or American
    spellings folded."""
    out = set()
    for w in _WORD.findall(plain(text)):
        if w in _STOP:
            continue
        said = _SYNONYMS.get(w, w)
        for w in (said if isinstance(said, tuple) else (said,)):  # SGD: three words
            w = british(w)
            if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
                w = w[:-1]
            out.add(w)
    return frozenset(out)


@dataclass
class Entry:
    claim_id: str
    kind: str  # canonical | piece (one statement of a canonical form) | wrong | source
    latex: str  # as the catalog or the sheet writes it
    reading: str  # what the reader is given for it (a source's read_as)
    sheet: str | None = None
    line: int | None = None
    source: int | None = None  # index into claim.sources
    full: str = ""  # encoded streams
    lhs: str = ""
    rhs: str = ""
    has_relation: bool = False
    # the form's tokens (tokens.py; ``packed``), kept: the matcher needs them for every
    # candidate, and a process that loaded the index (an audit's workers, a rerun) would
    # tokenise the form again
    toks: tuple = ()


@dataclass
class Index:
    entries: list[Entry] = field(default_factory=list)
    vocab: dict[str, str] = field(default_factory=dict)
    claim_words: dict[str, frozenset] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)  # how much a word tells claims apart
    vocabulary: dict[str, frozenset] = field(default_factory=dict)  # claim -> its own names
    claim_topic: dict[str, str] = field(default_factory=dict)
    # read from the cache (load): the forms' tokens are unpacked from the entries; an index
    # built in this process left them in the tokeniser's memo, where they are faster to take
    loaded: bool = False

    def encode(self, ks: list[str], grow: bool = False) -> str:
        """One character per token; unseen tokens share one private character."""
        chars = []
        for k in ks:
            c = self.vocab.get(k)
            if c is None:
                if grow:
                    c = chr(0x4E00 + len(self.vocab))
                    self.vocab[str(k)] = c  # (a plain str: the reader's Tok does not pickle)
                else:
                    c = "\uFFFD"
            chars.append(c)
        return "".join(chars)

    def streams(self, toks: list[Tok], grow: bool = False) -> tuple[str, str, str, bool]:
        """(full, left side, right side, has a relation) of a tokenised formula."""
        ks = compared(keys(toks))
        cut = next((k for k, t in enumerate(ks) if t in RELATIONS), None)
        if cut is None:
            cut = law_cut(ks)
        full = self.encode(ks, grow)
        if cut is None:
            return full, full, full, False
        return full, self.encode(ks[:cut], grow), self.encode(ks[cut + 1:], grow), True


def law_cut(ks: list) -> int | None:
    """Where ``EXPR \\sim LAW`` splits, when it has no other relation: at its one ``\\sim``,
    if an expression stands before it (a lone name's law is a declaration, no statement)."""
    at = [k for k, t in enumerate(ks) if t == r"\sim"]
    return at[0] if len(at) == 1 and at[0] >= 2 else None


def packed(toks: list[Tok]) -> tuple:
    """A form's tokens as strings and numbers (the reader's tokens keep where they stood as
    (text, start, end)): pickled ~30x faster than the tokens themselves, so loading the index
    stays ~0.1 s while sparing every process that loads it the tokenising (~4 s of CPU)."""
    return tuple(tuple((str(x), x.start, x.end) if isinstance(x, _pre.Tok) else x
                       for x in (t.raw, t.norm, t.ident)) for t in toks)


def unpacked(toks: tuple) -> list[Tok]:
    """The tokens ``packed`` kept, as tokenize gave them."""
    return [Tok(*(_pre.Tok(*x) if isinstance(x, tuple) else x for x in t)) for t in toks]


def pieces(latex: str) -> list[str]:
    """The statements of a form that makes several (split as a sheet's line is), or []."""
    from cheatsheet.sheets import Segment, formulas_of

    try:
        found = [f.latex for f in formulas_of(Segment(latex, 1, False))]
    except Exception:  # noqa: BLE001 - a form the splitter cannot read is one statement
        return []
    return found if len(found) > 1 else []


def _claims_fingerprint(catalog) -> str:
    h = hashlib.sha256(f"v{INDEX_VERSION}".encode())
    for c in catalog:
        h.update(repr((c.id, c.title, c.latex, c.wrong, c.topic, sorted(c.symbols.items()),
                       [(s.sheet, s.line, s.latex, s.read_as) for s in c.sources])).encode())
    here = Path(__file__)
    # the tokeniser's code and all it calls (the matcher's modules, such as bold_words, and the
    # reader's token helpers): a loaded index's tokens stand in for tokenising its forms again
    # (hand_over), so they must be current
    code = b"".join(p.read_bytes() for p in (
        *sorted(here.parent.glob("*.py")), here.parent.parent / "sheets" / "formulas.py",
        here.parent.parent / "glossary.py",
        *sorted((here.parent.parent / "latex").glob("*.py"))))
    h.update(code)
    try:  # the word weights' reference table
        h.update(word_weights.reference_path().read_bytes())
    except OSError:
        pass
    return h.hexdigest()[:20]


def build(catalog) -> Index:
    index = Index()
    for c in catalog:
        index.claim_words[c.id] = claim_words_of(c)
        index.claim_topic[c.id] = c.topic
        try:
            names = {t.ident for t in tokenize(c.latex) if t.ident}
        except Exception:  # noqa: BLE001
            names = set()
        index.vocabulary[c.id] = frozenset(names | set(c.symbols))
        forms = [Entry(c.id, "canonical", c.latex, c.latex)]
        # each statement of a claim that makes several (Adam's m, v, m-hat, v-hat and step
        # updates) is a right form of its own: a sheet writes one per line
        forms += [Entry(c.id, "piece", p, p) for p in pieces(c.latex)]
        forms += [Entry(c.id, "wrong", w, w) for w in c.wrong]
        forms += [Entry(c.id, "source", s.latex, s.reader_latex, s.sheet, s.line, k)
                  for k, s in enumerate(c.sources)]
        for e in forms:
            try:
                toks = tokenize(e.latex)
            except Exception:  # noqa: BLE001 - a form the tokeniser cannot split is skipped
                continue
            e.full, e.lhs, e.rhs, e.has_relation = index.streams(toks, grow=True)
            e.toks = packed(toks)
            index.entries.append(e)
    index.idf = word_weights.idf(index.claim_words.values())
    return index


def claim_words_of(c) -> frozenset[str]:
    """The words that name a claim: its title's, its id's and its topic's."""
    return words_of(f"{c.title} {c.id.replace('.', ' ').replace('_', ' ')} {c.topic}")


def hand_over(index: Index) -> None:
    """The forms' tokens an index kept, handed to the tokeniser: a process that loaded the
    index (an audit, its workers) takes them instead of tokenising the forms again (warm-index
    five-sheet audit, --jobs 2: the workers spent ~3 s of CPU more than with a freshly built
    index, whose tokenising had filled the tokeniser's memo)."""
    tokens.hand_over({e.latex: e.toks for e in index.entries if e.toks}, unpacked)


def _cache_path(fingerprint: str) -> Path | None:
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover
        return None
    return Path(user_cache_dir("cheatsheet")) / f"match-index-{fingerprint}.pickle"


def cached(catalog) -> bool:
    """Is this catalog's index in the cache (``load`` will read it, not build it)?"""
    path = _cache_path(_claims_fingerprint(catalog))
    return path is not None and path.is_file()


def load(catalog) -> Index:
    """The index of this catalog, from the cache when it is current."""
    fp = _claims_fingerprint(catalog)
    path = _cache_path(fp)
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh:
                index = pickle.load(fh)
            index.loaded = True
            hand_over(index)
            return index
        except Exception:  # noqa: BLE001 - a damaged cache is rebuilt
            pass
    index = build(catalog)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob("match-index-*.pickle"):
                old.unlink(missing_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:  # a read-only cache directory only costs the rebuild next time
            pass
    return index
