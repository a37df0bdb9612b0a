"""Words of formula sheets written in other languages, with their English: the one home of
this vocabulary and of the accent folding that looks words up in it.

Two readers use it. ``sheets.words`` says a Portuguese or Spanish sheet's prose in English
(``PHRASES``, ``PROSE_WORDS``) before its tables, laws and lead-ins are read; ``match.index``
folds every word listed here, ``OTHER_WORDS`` too (Italian, French, German, and words of the
two languages that are left as written in prose), into the words that name claims, each as its
English folds ("generatrice" as "generating": a moment generating function). Keys are lower
case without accents (``plain``); only words with one meaning in a formula sheet are listed
("forma" only in "de forma": "shape" there).
"""
from __future__ import annotations

import unicodedata


def plain(text: str) -> str:
    """Lower case, accents dropped (``Variância``, ``Função``: ``variancia``, ``funcao``), so
    that a word with an accent is one word, not two pieces around it."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch)).lower()


# phrases first (longest wins), then single words
PHRASES = {
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
}
PROSE_WORDS = {
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
}
# words the matcher folds but a sheet's prose keeps as written
OTHER_WORDS = {
    # Italian
    "normale": "normal", "gaussiana": "gaussian", "esponenziale": "exponential", "binomiale": "binomial",
    "momenti": "moments", "verosimiglianza": "likelihood", "stimatore": "estimator",
    "discesa": "descent", "regressione": "regression", "logistica": "logistic",
    "distribuzione": "distribution", "intervallo": "interval", "confidenza": "confidence",
    "densita": "density", "probabilita": "probability", "correlazione": "correlation",
    "condizionale": "conditional",
    # French
    "moyenne": "mean", "gaussienne": "gaussian", "exponentielle": "exponential",
    "generatrice": "generating", "entropie": "entropy", "vraisemblance": "likelihood",
    "estimateur": "estimator", "descente": "descent", "logistique": "logistic",
    "intervalle": "interval", "confiance": "confidence", "densite": "density",
    "probabilite": "probability", "conditionnelle": "conditional",
    # German
    "varianz": "variance", "kovarianz": "covariance", "erwartungswert": "expectation",
    "normalverteilung": "normal", "exponentialverteilung": "exponential",
    "binomialverteilung": "binomial", "gleichverteilung": "uniform",
    "momenterzeugende": "moment", "logistische": "logistic", "verteilung": "distribution",
    "dichte": "density", "wahrscheinlichkeit": "probability",
    # Spanish and Portuguese
    "descenso": "descent", "descida": "descent", "intervalo": "interval",
    "confianza": "confidence", "confianca": "confidence",
}
