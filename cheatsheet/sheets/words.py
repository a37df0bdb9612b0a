"""Words of a sheet written in Portuguese, Spanish, French or Italian, said in the English the
later stages know.

The matcher, the law readers and the table readers look for English words ("variance",
"Poisson", "rate", "moment generating function"). A Brazilian or Spanish sheet says
"Variância", "Esperança", "taxa", "função geradora de momentos": read as written, its table
columns name no quantity and its laws no parametrisation. Each word (accents ignored, case
ignored) or fixed phrase of the glossary below is replaced by its English; the math between
dollars and LaTeX commands are left alone, and so is any other word. Only words with one
meaning in a formula sheet are listed ("forma" only in "de forma": "shape" there).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from .model import Heading, Sheet, TextBlock

# phrases first (longest wins), then single words; keys without accents, lower case
_PHRASES = {
    "funcao geradora de momentos": "moment generating function",
    "funcion generadora de momentos": "moment generating function",
    "geradora de momentos": "moment generating function",
    "generadora de momentos": "moment generating function",
    "funcao de distribuicao acumulada": "cumulative distribution function",
    "funcion de distribucion acumulada": "cumulative distribution function",
    "funcao de probabilidade": "probability mass function",
    "funcion de probabilidad": "probability mass function",
    "funcao densidade": "density", "funcion de densidad": "density",
    "desvio padrao": "standard deviation",
    "desviacion estandar": "standard deviation", "desviacion tipica": "standard deviation",
    "erro padrao": "standard error", "error estandar": "standard error",
    "media amostral": "sample mean", "media muestral": "sample mean",
    "variancia amostral": "sample variance", "varianza muestral": "sample variance",
    "intervalo de confianca": "confidence interval",
    "intervalo de confianza": "confidence interval",
    "esperanca condicional": "conditional expectation",
    "esperanza condicional": "conditional expectation",
    "valor esperado": "expected value", "valor esperado condicional": "conditional expectation",
    "maxima verossimilhanca": "maximum likelihood", "maxima verosimilitud": "maximum likelihood",
    "erro quadratico medio": "mean squared error", "error cuadratico medio": "mean squared error",
    "minimos quadrados": "least squares", "minimos cuadrados": "least squares",
    "descida do gradiente": "gradient descent", "descenso de gradiente": "gradient descent",
    "descenso del gradiente": "gradient descent",
    "taxa de aprendizado": "learning rate", "tasa de aprendizaje": "learning rate",
    "numero de ensaios": "number of trials", "numero de ensayos": "number of trials",
    "numero de fracassos": "number of failures", "numero de fracasos": "number of failures",
    "de forma": "of shape", "normal padrao": "standard normal", "normal estandar": "standard normal",
    # French
    "fonction generatrice des moments": "moment generating function",
    "generatrice des moments": "moment generating function",
    "fonction de repartition": "cumulative distribution function",
    "fonction caracteristique": "characteristic function",
    "ecart type": "standard deviation",
    "moyenne empirique": "sample mean", "variance empirique": "sample variance",
    "esperance conditionnelle": "conditional expectation",
    "valeurs propres": "eigenvalues", "valeur propre": "eigenvalue",
    "vecteurs propres": "eigenvectors", "valeurs singulieres": "singular values",
    "composantes principales": "principal components",
    "erreur de reconstruction": "reconstruction error",
    "descente de gradient": "gradient descent",
    "normalisation de couche": "layer normalization", "masque causal": "causal mask",
    "tangente hyperbolique": "hyperbolic tangent", "entropie croisee": "cross-entropy",
    "maximum de vraisemblance": "maximum likelihood", "loi normale": "normal distribution",
    "khi-deux": "chi-squared", "khi deux": "chi-squared", "de forme": "of shape",
    # Italian
    "funzione generatrice dei momenti": "moment generating function",
    "generatrice dei momenti": "moment generating function",
    "funzione di ripartizione": "cumulative distribution function",
    "deviazione standard": "standard deviation", "valore atteso": "expected value",
    "campo recettivo": "receptive field", "campo ricettivo": "receptive field",
    "convoluzione trasposta": "transposed convolution",
    "componenti principali": "principal components", "valori singolari": "singular values",
    "discesa del gradiente": "gradient descent", "tasso di apprendimento": "learning rate",
    "massima verosimiglianza": "maximum likelihood",
}
_WORDS = {
    # Portuguese
    "variancia": "variance", "covariancia": "covariance", "esperanca": "expectation",
    "desvio": "deviation", "densidade": "density", "distribuicao": "distribution",
    "distribuicoes": "distributions", "probabilidade": "probability",
    "probabilidades": "probabilities", "acumulada": "cumulative distribution",
    "geradora": "generating", "momentos": "moments", "momento": "moment",
    "taxa": "rate", "amostra": "sample", "amostral": "sample", "estimador": "estimator",
    "verossimilhanca": "likelihood", "emv": "mle", "desigualdade": "inequality",
    "desigualdades": "inequalities", "geometrica": "geometric", "exponencial": "exponential",
    "uniforme": "uniform", "binomial": "binomial", "gama": "gamma", "entropia": "entropy",
    "ensaios": "trials", "sucesso": "success", "sucessos": "successes",
    "fracassos": "failures", "independentes": "independent", "independente": "independent",
    "correlacao": "correlation", "regressao": "regression", "estatistica": "statistic",
    "proporcao": "proportion", "condicional": "conditional", "uniao": "union",
    "intersecao": "intersection", "perda": "loss", "gradiente": "gradient",
    "aprendizado": "learning", "mediana": "median", "moda": "mode",
    "desvio-padrao": "standard deviation", "media": "mean", "medias": "means",
    # Spanish
    "varianza": "variance", "covarianza": "covariance", "esperanza": "expectation",
    "desviacion": "deviation", "densidad": "density", "distribucion": "distribution",
    "distribuciones": "distributions", "probabilidad": "probability",
    "generadora": "generating", "tasa": "rate", "muestra": "sample", "muestral": "sample",
    "verosimilitud": "likelihood", "desigualdad": "inequality", "ensayos": "trials",
    "exito": "success", "exitos": "successes", "fracasos": "failures",
    "correlacion": "correlation", "regresion": "regression", "estadistico": "statistic",
    "perdida": "loss", "aprendizaje": "learning",
    # French
    "esperance": "expectation", "moyenne": "mean", "densite": "density", "loi": "law",
    "taux": "rate", "forme": "shape", "parametre": "parameter", "parametres": "parameters",
    "independantes": "independent", "independants": "independent",
    "independante": "independent", "geometrique": "geometric", "exponentielle": "exponential",
    "binomiale": "binomial", "normale": "normal", "entropie": "entropy",
    "vraisemblance": "likelihood", "perte": "loss", "retropropagation": "backpropagation",
    "couche": "layer", "couches": "layers", "poids": "weights", "sortie": "output",
    "sigmoide": "sigmoid", "temperature": "temperature", "inegalite": "inequality",
    "conditionnelle": "conditional", "derivee": "derivative", "matrice": "matrix",
    "regularisation": "regularization", "requetes": "queries", "cles": "keys",
    "apprentissage": "learning", "ecart-type": "standard deviation",
    # Italian
    "distribuzione": "distribution", "densita": "density", "probabilita": "probability",
    "tasso": "rate", "esponenziale": "exponential", "binomiale": "binomial",
    "indipendenti": "independent", "condizionata": "conditional", "autovalori": "eigenvalues",
    "autovettori": "eigenvectors", "verosimiglianza": "likelihood",
    "disuguaglianza": "inequality", "convoluzione": "convolution",
    "convoluzioni": "convolutions", "dilatazione": "dilation", "filtro": "filter",
    "filtri": "filters", "strato": "layer", "strati": "layers", "canali": "channels",
    "uscita": "output", "ingresso": "input", "parametri": "parameters",
}
_SPLIT = re.compile(r"(\$\$.*?\$\$|\$[^$]*\$|\\[A-Za-z]+|\\[()\[\]])", re.S)
_TERM = re.compile(r"[^\W\d_]+(?:[-\s]+[^\W\d_]+)*", re.U)
_LONGEST = max(len(k.split()) for k in _PHRASES)


def plain(word: str) -> str:
    """Lower case, accents dropped (``Variância`` -> ``variancia``)."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower())
                   if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def english(text: str) -> str:
    """The text with the glossary's Portuguese and Spanish words said in English (memoised:
    a sheet repeats its headings and lead-ins on every segment under them)."""
    if not text:
        return text
    folded = plain(text)  # once, not once per stem: ~20 s of a cold five-sheet audit
    if not any(k in folded for k in _KEYS_HINT):
        return text
    parts = _SPLIT.split(text)
    return "".join(p if k % 2 else _words_of(p) for k, p in enumerate(parts))


def _words_of(prose: str) -> str:
    words = re.split(r"(\s+|[^\w\s-]+)", prose)
    out, i = [], 0
    while i < len(words):
        w = words[i]
        if not w or not w[0].isalpha():
            out.append(w)
            i += 1
            continue
        said, used = _said(words, i)
        out.append(said if said is not None else w)
        i += used
    return "".join(out)


def _said(words: list[str], i: int) -> tuple[str | None, int]:
    """The English of the phrase or word at ``words[i]`` and how many pieces it took."""
    for n in range(_LONGEST, 1, -1):  # phrases: n words with the white space between them
        span = words[i:i + 2 * n - 1]
        if len(span) < 2 * n - 1 or any(not span[j].isspace() for j in range(1, len(span), 2)):
            continue
        key = " ".join(plain(span[j]) for j in range(0, len(span), 2))
        if key in _PHRASES:
            return _cased(span[0], _PHRASES[key]), len(span)
    key = plain(words[i])
    if key in _WORDS:
        return _cased(words[i], _WORDS[key]), 1
    return None, 1


def _cased(written: str, said: str) -> str:
    return said[:1].upper() + said[1:] if written[:1].isupper() else said


# a cheap test before splitting: the text has one of the glossary's stems
_KEYS_HINT = tuple(sorted({k.split()[0][:5] for k in (*_PHRASES, *_WORDS)}))


def in_english(sheet: Sheet) -> Sheet:
    """The sheet with the words of its segments, blocks and headings in English."""
    def heads(hs):
        return tuple(Heading(english(h.title), h.level, h.line) for h in hs)

    sheet.segments = [replace(
        s, headings=heads(s.headings), before=english(s.before), after=english(s.after),
        lead=english(s.lead), label=english(s.label), block=english(s.block),
        row=english(s.row), intro=english(s.intro)) for s in sheet.segments]
    sheet.blocks = [TextBlock(english(b.text), b.line, heads(b.headings)) for b in sheet.blocks]
    sheet.headings = list(heads(sheet.headings))
    return sheet
