"""Words of formula sheets written in other languages, with their English: the one home of
this vocabulary and of the accent folding that looks words up in it.

Two readers use it. ``sheets.words`` says a Portuguese, Spanish, French or Italian sheet's
prose in English (``PHRASES``, ``PROSE_WORDS``) before its tables, laws and lead-ins are read;
``match.index`` folds every word listed here, ``OTHER_WORDS`` too (German, and words of the
other languages that are left as written in prose), into the words that name claims, each as its
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
# words the matcher folds but a sheet's prose keeps as written (the prose's are folded too)
OTHER_WORDS = {
    # Italian
    "gaussiana": "gaussian", "momenti": "moments", "stimatore": "estimator",
    "discesa": "descent", "regressione": "regression", "logistica": "logistic",
    "intervallo": "interval", "confidenza": "confidence", "correlazione": "correlation",
    "condizionale": "conditional",
    # French
    "gaussienne": "gaussian", "generatrice": "generating", "estimateur": "estimator",
    "descente": "descent", "logistique": "logistic", "intervalle": "interval",
    "confiance": "confidence", "probabilite": "probability",
    # German
    "varianz": "variance", "kovarianz": "covariance", "erwartungswert": "expectation",
    "normalverteilung": "normal", "exponentialverteilung": "exponential",
    "binomialverteilung": "binomial", "gleichverteilung": "uniform",
    "momenterzeugende": "moment", "logistische": "logistic", "verteilung": "distribution",
    "dichte": "density", "wahrscheinlichkeit": "probability",
    "spezifitat": "specificity", "sensitivitat": "sensitivity", "prazision": "precision",
    # Spanish and Portuguese
    "descenso": "descent", "descida": "descent", "intervalo": "interval",
    "confianza": "confidence", "confianca": "confidence",
}
