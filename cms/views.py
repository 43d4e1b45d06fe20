from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from cms.selectors import page_search

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def search(request):
    """Site search over live pages: /suche/?q=…"""
    query = request.GET.get("q", "")[:SEARCH_QUERY_MAX_LENGTH].strip()
    results = Paginator(page_search(query=query), SEARCH_RESULTS_PER_PAGE).get_page(
        request.GET.get("seite")
    )
    return TemplateResponse(
        request,
        "search/search_results.html",
        {
            "search_query": query,
            "results": results,
            "query_prefix": urlencode({"q": query}) + "&",
        },
    )
