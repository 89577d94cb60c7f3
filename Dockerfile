# Acquire or Retain? as a container: the app and requirements.txt only (no test or benchmark
# tools), run as an unprivileged user, health-checked on Streamlit's own probe.
#
#   docker build -t acquire-or-retain .
#   docker run --rm -p 8501:8501 acquire-or-retain        # then open http://localhost:8501
#
# Options of .streamlit/config.toml can be overridden with environment variables named after
# them (docker run -e STREAMLIT_SERVER_MAX_UPLOAD_SIZE=100 …). Several replicas behind a load
# balancer need sticky sessions: see docs/DEPLOY.md.
FROM python:3.11-slim-bookworm

# Production: no browser to open, no watching the source for edits, no usage statistics.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

# An unprivileged user with a home (Streamlit keeps a small ~/.streamlit there).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app app

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# The code stays owned by root: the app only reads it (.dockerignore keeps tests, benchmarks,
# docs, virtualenvs and any secrets.toml out of the image).
COPY . .

USER app

EXPOSE 8501

# Streamlit's health probe; the slim image has no curl, so Python asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
