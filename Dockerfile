# One image for the API (`trainscape serve`) and the workers (`trainscape worker`).
#   docker build -t trainscape .                      # CPU JAX
#   docker build -t trainscape --build-arg EXTRAS=cuda .   # JAX with CUDA 12 wheels (GPU hosts)
FROM python:3.11-slim

ARG EXTRAS=""
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.m[d] ./
COPY server ./server
COPY frontend ./frontend
RUN pip install ".${EXTRAS:+[$EXTRAS]}" && rm -rf /src

RUN useradd --create-home --uid 10001 trainscape \
    && mkdir -p /home/trainscape/.cache/trainscape \
    && chown -R trainscape:trainscape /home/trainscape/.cache
USER trainscape
WORKDIR /home/trainscape
EXPOSE 8000

CMD ["trainscape", "serve", "--host", "0.0.0.0", "--port", "8000"]
