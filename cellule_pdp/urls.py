from django.urls import path

from . import views

app_name = "cellule_pdp"
urlpatterns = [
    path("", views.file_attente, name="file_attente"),
]
