from ideas.api import moderation, network, public, reactions, results

urlpatterns = [
    *public.urlpatterns,
    *reactions.urlpatterns,
    *results.urlpatterns,
    *network.urlpatterns,
    *moderation.urlpatterns,
]
