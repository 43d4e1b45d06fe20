from cms.api import open_data, views

urlpatterns = [*views.urlpatterns, *open_data.urlpatterns]
