#!/bin/bash
# Single import for the testbed helpers (same role as DMS's helpers/index.sh).
for __HELPER in log utils error dns lock accounts aliases postfix relay ssl change-detection; do
  # shellcheck source=/dev/null
  source "/usr/local/bin/helpers/${__HELPER}.sh"
done
unset __HELPER
