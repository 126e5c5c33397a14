from django.urls import path

from . import views

app_name = "duerp"
urlpatterns = [
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/nouvelle/", views.session_editer, name="session_creer"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/modifier/", views.session_editer, name="session_modifier"),
    path("sessions/<int:pk>/inscrire/", views.session_inscrire, name="session_inscrire"),
    path("sessions/<int:pk>/presences/", views.session_presences, name="session_presences"),
    path("accompagnements/", views.accompagnements, name="accompagnements"),
    path("accompagnements/<int:pk>/", views.accompagnement_editer, name="accompagnement_modifier"),
    path("adherents/<int:adherent_pk>/accompagnements/nouveau/", views.accompagnement_editer,
         name="accompagnement_creer"),
    path("adherents/<int:adherent_pk>/plans/nouveau/", views.plan_editer, name="plan_creer"),
    path("adherents/<int:pk>/documents/nouveau/", views.document_deposer, name="document_deposer"),
    path("adherents/<int:adherent_pk>/relais/nouveau/", views.relais_editer, name="relais_creer"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/modifier/", views.plan_editer, name="plan_modifier"),
    path("plans/<int:plan_pk>/actions/nouvelle/", views.action_plan_editer, name="action_plan_creer"),
    path("actions-plan/<int:pk>/", views.action_plan_editer, name="action_plan_modifier"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("relais/", views.relais_liste, name="relais_liste"),
    path("relais/<int:pk>/", views.relais, name="relais"),
    path("relais/<int:pk>/modifier/", views.relais_editer, name="relais_modifier"),
    path("relais/<int:pk>/label/", views.relais_labelliser, name="relais_labelliser"),
]
