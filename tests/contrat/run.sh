#!/usr/bin/env bash
# The API's contract: schemathesis over /api/schema/ for the director, then the physician (API
# tokens), against a server on the demo data: 0 server errors, responses and status codes as the
# schema documents them; the exit status is schemathesis's (any finding fails). Bounded:
# CONTRAT_SECONDES (default 60) per role; CONTRAT_GRAINE (default 2026) seeds the generation.
# Database: CONTRAT_DATABASE_URL (default: SQLite in var/), created from scratch each run.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${PORT_CONTRAT:-8767}"
SECONDES="${CONTRAT_SECONDES:-60}"
GRAINE="${CONTRAT_GRAINE:-2026}"
mkdir -p var
export DATABASE_URL="${CONTRAT_DATABASE_URL:-sqlite:///$PWD/var/contrat.sqlite3}"
export MEDIA_ROOT="$PWD/var/contrat-media" CELERY_TASK_ALWAYS_EAGER=1 DEBUG=0 LOG_LEVEL=WARNING
export ALLOWED_HOSTS=127.0.0.1,localhost
rm -rf var/contrat-media
if [[ "$DATABASE_URL" == sqlite* ]]; then
  rm -f var/contrat.sqlite3
else
  .venv/bin/python - <<'PY'
import os, dj_database_url, psycopg
c = dj_database_url.parse(os.environ["DATABASE_URL"])
with psycopg.connect(host=c["HOST"], port=c["PORT"] or 5432, user=c["USER"], password=c["PASSWORD"] or None,
                     dbname="postgres", autocommit=True) as cx:
    cx.execute(f'DROP DATABASE IF EXISTS "{c["NAME"]}"')
    cx.execute(f'CREATE DATABASE "{c["NAME"]}"')
PY
fi
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py donnees_demo --scale 0.05 >/dev/null 2>&1
# One read-write API token per role (comptes.JetonAPI, issued as an operator would).
JETONS=()
for email in directeur@provence.demo medecin@provence.demo; do
  JETONS+=("$(.venv/bin/python manage.py jeton_api "$email" --ecriture --jours 1 2>/dev/null | tail -1)")
done
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload >var/contrat-serveur.log 2>&1 &
SERVEUR=$!
trap 'kill $SERVEUR 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/schema/" && break; sleep 1; done
# Per role, two thirds of the time for the examples, coverage and fuzzing phases, one third for the
# stateful phase (chains of calls through the schema's links), so that a slow machine never leaves it
# out. One worker: with two, hypothesis parses lambdas' sources from two threads at once and
# CPython 3.11's ast module fails at random ("AST constructor recursion depth mismatch", gh-106905).
statut=0
for i in 0 1; do
  role=$([ "$i" = 0 ] && echo directeur || echo medecin)
  for phases in examples,coverage,fuzzing stateful; do
    duree=$([ "$phases" = stateful ] && echo $((SECONDES / 3)) || echo $((SECONDES - SECONDES / 3)))
    echo "== Contrat de l'API : $role, $phases ($duree s)"
    .venv/bin/schemathesis --no-color --config-file tests/contrat/schemathesis.toml run "http://127.0.0.1:$PORT/api/schema/" \
      -H "Authorization: Token ${JETONS[$i]}" --phases "$phases" --max-time "$duree" --workers 1 --seed "$GRAINE" \
      || statut=1
  done
done
echo "Contrat de l'API : ${SECONDS} s en tout"
exit $statut
