# The hia service. durable-rules is source-only on PyPI and compiles with gcc.
FROM python:3.11-slim

# fonts-noto-cjk: the trend charts are drawn in Chinese (matplotlib needs a CJK font for the PNG).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc g++ fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY schema ./schema
COPY hia_rules ./hia_rules
COPY db ./db
RUN pip install --no-cache-dir .
# Subscriptions need a WebSocket library for uvicorn (a main dependency): fail the build, not the handshake (HTTP 400).
RUN python -c "import websockets"
# Builds matplotlib's font cache now rather than on the first chart, and fails the build if it finds no CJK font.
RUN python -c "from service.monitoring import chart_fonts; assert chart_fonts.cjk_families(), 'no CJK font'"

ENV HIA_ENV=production
# The embedded SQLite database, when HIA_DATABASE_URL names none (docker-compose.yml uses PostgreSQL).
ENV HIA_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000
# Migrate, make the catalog match the seed files (idempotent), then serve.
CMD ["sh", "-c", "hia db upgrade && hia catalog load && hia serve --host 0.0.0.0 --port 8000"]
