#!/usr/bin/env bash
# setup.sh: the host wrapper of docker-mailserver's setup, with the same options, run by mailwiz.
#   ./setup.sh [-c CONTAINER] [-p PATH] [-i IMAGE] [-z|-Z] [-R] COMMAND [ARGS...]
# -c CONTAINER  the mail server container (default: the running docker-mailserver container)
# -p PATH       no container: edit the config folder PATH directly (relative to this script's folder)
# -i IMAGE      accepted for compatibility; mailwiz needs no temporary container, so no image
# -z, -Z        accepted for compatibility (SELinux labels of a temporary container's mount)
# -R            accepted for compatibility (Podman rootless)
set -euo pipefail

usage_options() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}

container=''
config_path=''
while getopts ':c:i:p:zZR' option; do
  case "$option" in
    c) container=$OPTARG ;;
    p) config_path=$OPTARG ;;
    i) echo "setup.sh: mailwiz edits the config directly; -i $OPTARG is not needed and is ignored." >&2 ;;
    z | Z | R) ;;
    :) printf "Invalid option: '-%s'\nUse './setup.sh help' to get a complete overview.\n\n" "$OPTARG" >&2; usage_options; exit 1 ;;
    *) printf "Invalid option: '-%s'\nUse './setup.sh help' to get a complete overview.\n\n" "$OPTARG" >&2; usage_options; exit 1 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- help

here=$(cd "$(dirname "$0")" && pwd)
if command -v mailwiz >/dev/null 2>&1; then
  mailwiz=(mailwiz)
elif [ -f "$here/dist/mailwiz.js" ]; then
  mailwiz=(node "$here/dist/mailwiz.js")
else
  mailwiz=(npx --yes mailwiz)
fi

if [ -n "$config_path" ] && [ -z "$container" ]; then
  case "$config_path" in /*) ;; *) config_path="$here/$config_path" ;; esac
  if [ ! -d "$config_path" ]; then
    echo "Specified directory '$config_path' doesn't exist" >&2
    exit 1
  fi
  exec "${mailwiz[@]}" setup -p "$config_path" "$@"
fi
if [ -n "$container" ]; then
  exec "${mailwiz[@]}" -c "$container" setup "$@"
fi
exec "${mailwiz[@]}" setup "$@"
