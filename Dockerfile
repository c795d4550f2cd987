# kyr in a container: the same steps as README's "Install with pipx" on Debian.
#   docker build -t kyr .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/work" kyr build --config my-network.toml
# The PDFs land in ./output of the folder you run it from. The web page, on the host's
# 127.0.0.1 only (see README, "In a container"):
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/work" -p 127.0.0.1:8765:8765 kyr serve --host 0.0.0.0 --allow-remote

# 1. Build the wheel (it carries the templates, catalogs, fonts and sample configuration).
#    The versions come from requirements.lock (its pins, without the hashes that a
#    constraints file cannot carry), as in the checkout's own setup.
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY . .
RUN sed -n 's/^\([A-Za-z0-9._-]*==[^ ;\\]*\).*/\1/p' requirements.lock > /dist-constraints.txt \
    && PIP_CONSTRAINT=/dist-constraints.txt pip wheel --no-cache-dir --no-deps -w /dist . \
    && cp /dist-constraints.txt /dist/constraints.txt

# 2. Install it with the system libraries WeasyPrint renders with (as scripts/setup-system.sh,
#    without poppler-utils, which only shows pages).
FROM python:3.11-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
    && rm -rf /var/lib/apt/lists/*
COPY --from=wheel /dist /dist
RUN pip install --no-cache-dir --constraint /dist/constraints.txt /dist/kyr-*.whl \
    && rm -rf /dist
RUN useradd --create-home --uid 1000 kyr
USER kyr
# Any user id works (docker run -u): the fit cache goes to a folder everyone may write.
ENV XDG_CACHE_HOME=/tmp/kyr-cache
WORKDIR /work
ENTRYPOINT ["kyr"]
CMD ["--help"]
