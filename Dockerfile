# Production image: gunicorn serving spsti.wsgi with the production settings. The same image
# runs the Celery worker and beat (see docker-compose.yml).
#   docker build -t spsti .
#   docker run -e SECRET_KEY=… -e DATABASE_URL=… -e REDIS_URL=… -e ALLOWED_HOSTS=… -p 8000:8000 spsti
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=spsti.settings.production

# WeasyPrint's runtime libraries (PDF documents) and a font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install -r requirements.lock

COPY . .
# WhiteNoise's manifest storage needs the collected static files. The production settings
# require SECRET_KEY: this throwaway value exists for this step only, not in the image.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v0

# Run as an unprivileged user: the code is read-only to it; it writes uploaded files
# (MEDIA_ROOT) and its own home (gunicorn's control socket).
RUN useradd --system --user-group --create-home --home-dir /home/spsti --shell /usr/sbin/nologin spsti \
    && mkdir -p /app/var/media \
    && chown -R spsti:spsti /app/var
USER spsti

EXPOSE 8000
CMD ["gunicorn", "spsti.wsgi:application", "-b", "0.0.0.0:8000", "-w", "3"]
