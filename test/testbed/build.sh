#!/usr/bin/env bash
# Build (or reuse) the mailwiz testbed image: a DMS-compatible mail server from Debian 13 packages; with arguments
# DIR REPO, the image of another build context (a stand-in under test/stand-ins) on a debootstrapped Debian base:
# the suite of its Dockerfile's `ARG BASE_IMAGE=mailwiz-base:SUITE` (trixie, or bookworm for Debian 12).
# Progress goes to stderr; the LAST line of stdout is the image reference (REPO:<hash of the context>).
set -euo pipefail

HERE="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")}" && pwd)"
BASE_IMAGE="$(sed -n 's/^ARG BASE_IMAGE=//p' "${HERE}/Dockerfile" | head -n1)"
BASE_IMAGE="${BASE_IMAGE:-mailwiz-base:trixie}"
SUITE="${BASE_IMAGE#mailwiz-base:}"
REPO="${2:-mailwiz-testbed}"

log() { printf '[testbed] %s\n' "$*" >&2; }

mirror_uri() {
  # First "URIs:" of the configured Debian archive (not the security archive).
  local uri=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    uri="$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)"
  fi
  if [[ -z "${uri}" && -f /etc/apt/sources.list ]]; then
    uri="$(awk '$1=="deb" && $0 !~ /security/ {for (i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list || true)"
  fi
  [[ -n "${uri}" ]] || { log "cannot find a Debian mirror in /etc/apt sources"; exit 1; }
  printf '%s\n' "${uri}"
}

input_hash() {
  # sha256 over sorted relative paths + contents of every input file (build.sh's temp files excluded).
  ( cd "${HERE}" && find . -type f ! -name '.build-*' -print0 | LC_ALL=C sort -z \
      | while IFS= read -r -d '' f; do printf '%s\0' "${f}"; cat -- "${f}"; printf '\0'; done ) \
    | sha256sum | cut -c1-12
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

ensure_base() {
  if image_exists "${BASE_IMAGE}"; then return 0; fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap >&2
  fi
  local mirror dir
  mirror="$(mirror_uri)"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/mailwiz-base.XXXXXX")"
  trap "rm -rf '${dir}'" EXIT
  log "debootstrap ${SUITE} from ${mirror} into ${dir}"
  debootstrap --variant=minbase "${SUITE}" "${dir}" "${mirror}" >&2
  # debootstrap keeps the downloaded .debs: not wanted in the image
  rm -rf "${dir}"/var/cache/apt/archives/*.deb "${dir}"/var/lib/apt/lists/*
  log "importing ${BASE_IMAGE}"
  tar -C "${dir}" -c . | docker import - "${BASE_IMAGE}" >&2
  rm -rf "${dir}"
  trap - EXIT
}

main() {
  local tag ref
  tag="$(input_hash)"
  ref="${REPO}:${tag}"
  if image_exists "${ref}"; then
    log "cached: ${ref}"
    printf '%s\n' "${ref}"
    return 0
  fi
  # Parallel callers (test workers) build once: the others wait, then find the tag.
  exec 9>"${TMPDIR:-/tmp}/${REPO//\//_}-build.lock"
  flock 9
  if ! image_exists "${ref}"; then
    ensure_base
    log "building ${ref}"
    DOCKER_BUILDKIT=0 docker build --force-rm --build-arg "BASE_IMAGE=${BASE_IMAGE}" \
      -t "${ref}" -t "${REPO}:latest" "${HERE}" >&2
  fi
  flock -u 9
  printf '%s\n' "${ref}"
}

main "$@"
