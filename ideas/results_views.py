"""The public results page of an idea collection ("Ergebnisse"). The page model routes here."""

from django.db.models import F
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from ideas.models import CollectionResult, IdeaCollectionPage


def _public_result(collection: IdeaCollectionPage) -> CollectionResult | None:
    """The stored result with `dirty_since` (newer contributions not yet counted); one query."""
    return (
        CollectionResult.objects.filter(collection=collection)
        .annotate(dirty_since=F("collection__results_state__dirty_since"))
        .defer("figures")  # the network's version is not for this page
        .first()
    )


@require_safe
def collection_results_public(request, collection: IdeaCollectionPage):
    """Published ideas in figures and what became of them; 404 while the results are not
    public, for editors too."""
    if not collection.results_are_public():
        raise Http404
    result = _public_result(collection)
    return TemplateResponse(
        request,
        "ideas/collection_results.html",
        {
            "page": collection,
            "self": collection,
            "result": result,
            "figures": result.public_figures if result else None,
            "dirty": result is not None and result.dirty_since is not None,
        },
    )
