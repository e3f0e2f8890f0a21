#!/usr/bin/env bash
# Builds the Python package and runs its tests, in a virtualenv under the Cargo target folder.
#
#   python/dev.sh install   # create the virtualenv, build the wheel, install it
#   python/dev.sh test      # the same, then run the Python tests (pytest arguments may follow)
#   python/dev.sh wheel     # only build the wheel (into target/wheels)
#
# UNSPIN_VENV overrides the virtualenv; PYTHON the interpreter that creates it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
# The crate builds into the repository's target folder, whichever folder this runs from.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
target="$CARGO_TARGET_DIR"
venv="${UNSPIN_VENV:-$target/pyenv}"
wheels="$target/wheels"

setup() {
  if [[ ! -x "$venv/bin/python" ]]; then
    "${PYTHON:-python3}" -m venv "$venv"
  fi
  # Reinstall the tools only when their list changed.
  if ! cmp -s "$here/requirements-dev.txt" "$venv/requirements-dev.txt"; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements-dev.txt"
    cp "$here/requirements-dev.txt" "$venv/requirements-dev.txt"
  fi
}

wheel() {
  rm -f "$wheels"/unspin-*.whl
  "$venv/bin/maturin" build --release --locked --quiet -m "$here/Cargo.toml" -o "$wheels" \
    --interpreter "$venv/bin/python"
}

install() {
  setup
  wheel
  "$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    "$wheels"/unspin-*.whl
}

case "${1:-}" in
  install) install ;;
  wheel) setup && wheel ;;
  test)
    shift
    install
    # The pytest script, not `python -m pytest`: the source folder must not shadow the wheel.
    "$venv/bin/pytest" "$here/tests" "$@"
    ;;
  *)
    echo "usage: python/dev.sh install | test [pytest arguments] | wheel" >&2
    exit 2
    ;;
esac
