"""The most frequent terms of free-text answers, for the network's overview.

On PostgreSQL the database counts the words (`ts_stat` over `to_tsvector('simple', text)`), so
Python sees distinct words, never the answers. Stop words (German and English) are dropped and
words are grouped by their Snowball stem ("Bänke", "Bank" -> one term), shown in their most
frequent spelling. SQLite, the embedded development database, has no text search: there the
answers are read once as a stream.
"""

import re
from collections import Counter, defaultdict

import snowballstemmer
from django.db import connection
from django.db.models import QuerySet

from surveys.stopwords import STOP_WORDS

TERMS_LIMIT = 20
# ts_stat returns every distinct word; the most frequent few hundred are plenty to find the
# top 20 after stop words are dropped and stems merged.
WORDS_CONSIDERED = 400
MIN_WORD_LENGTH = 3
WORD_PATTERN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

_stemmer = snowballstemmer.stemmer("german")


def _word_counts_postgresql(answers: QuerySet) -> list[tuple[str, int]]:
    import psycopg

    sql, params = answers.values("text").query.sql_with_params()
    # ts_stat takes its query as text: bind the parameters client-side, quoted by psycopg.
    inner = psycopg.ClientCursor(connection.connection).mogrify(sql, params)
    inner = f"SELECT to_tsvector('simple', coalesce(t.text, '')) FROM ({inner}) AS t"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, nentry FROM ts_stat(%s) ORDER BY nentry DESC, word LIMIT %s",
            [inner, WORDS_CONSIDERED],
        )
        return cursor.fetchall()


def _word_counts_streamed(answers: QuerySet) -> list[tuple[str, int]]:
    counts = Counter()
    for text in answers.values_list("text", flat=True).iterator(chunk_size=2000):
        counts.update(word.lower() for word in WORD_PATTERN.findall(text or ""))
    return counts.most_common(WORDS_CONSIDERED)


def terms_from_word_counts(word_counts) -> list[dict]:
    """Stop words out, words merged by stem; each term shown in its most frequent spelling."""
    by_stem: dict[str, Counter] = defaultdict(Counter)
    for word, count in word_counts:
        if len(word) < MIN_WORD_LENGTH or word in STOP_WORDS or not WORD_PATTERN.fullmatch(word):
            continue
        by_stem[_stemmer.stemWord(word)][word] += count
    terms = [
        {"term": spellings.most_common(1)[0][0], "count": sum(spellings.values())}
        for spellings in by_stem.values()
    ]
    terms.sort(key=lambda term: (-term["count"], term["term"]))
    return terms[:TERMS_LIMIT]


def frequent_terms(answers: QuerySet) -> list[dict]:
    """The most frequent terms of the given text answers as [{"term", "count"}]. Reads only."""
    if connection.vendor == "postgresql":
        word_counts = _word_counts_postgresql(answers.exclude(text=None))
    else:
        word_counts = _word_counts_streamed(answers.exclude(text=None))
    return terms_from_word_counts(word_counts)
