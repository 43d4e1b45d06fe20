"""What the published-results endpoints of surveys and idea collections share."""

from rest_framework.exceptions import NotFound

from cms.open_data_selectors import participation_page_get


def published_results_page_or_404(*, model, page_id: int, not_found, not_public):
    """The live, public survey or collection whose results anyone may read now, else a 404
    that says which of the two it is not. The public results page's own rule
    (ResultsPublicationMixin.results_are_public)."""
    page = participation_page_get(model=model, page_id=page_id)
    if page is None:
        raise NotFound(not_found)
    if not page.results_are_public():
        raise NotFound(not_public)
    return page
