"""The public results page of an idea collection ("Ergebnisse"). The page model routes here."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from ideas.models import IdeaCollectionPage
from ideas.selectors import collection_result_get


@require_safe
def collection_results_public(request, collection: IdeaCollectionPage):
    """Published ideas in figures and what became of them; 404 while the results are not
    public, for editors too."""
    if not collection.results_are_public():
        raise Http404
    result = collection_result_get(collection=collection)
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
