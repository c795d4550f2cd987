# kyr in a container: the same steps as README's "Install with pipx" on Debian.
#   docker build -t kyr .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/work" kyr build --config my-network.toml
# The PDFs land in ./output of the folder you run it from.

# 1. Build the wheel (it carries the templates, catalogs, fonts and sample configuration).
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps -w /dist .

# 2. Install it with the system libraries WeasyPrint renders with (as scripts/setup-system.sh,
#    without poppler-utils, which only shows pages).
FROM python:3.11-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
    && rm -rf /var/lib/apt/lists/*
COPY --from=wheel /dist /dist
RUN pip install --no-cache-dir /dist/kyr-*.whl && rm -rf /dist
RUN useradd --create-home --uid 1000 kyr
USER kyr
# Any user id works (docker run -u): the fit cache goes to a folder everyone may write.
ENV XDG_CACHE_HOME=/tmp/kyr-cache
WORKDIR /work
ENTRYPOINT ["kyr"]
CMD ["--help"]
