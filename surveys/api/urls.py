from surveys.api import network, public, results

urlpatterns = [*public.urlpatterns, *results.urlpatterns, *network.urlpatterns]
