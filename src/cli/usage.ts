export const USAGE = `mailwiz — install and run docker-mailserver from your terminal

Usage:
  mailwiz [options] console [SCREEN]  the admin console (accounts, bans, queue, logs, health)
  mailwiz [options] status          show the mail server container mailwiz talks to
  mailwiz [options] check [--domain D]… [--resolver IP[:PORT]] [--no-dnsbl] [--timeout S] [--ca FILE]… [--ip ADDR]…
                                    every DNS and TLS check; exit 0 all good, 1 warnings, 2 failures
  mailwiz [options] setup …         docker-mailserver's setup command (mailwiz setup help)
  mailwiz [options] install-setup   make "docker exec <container> setup …" run mailwiz (survives re-creation)

Options:
  -c, --container NAME   the mail server container (default: found automatically)
      --json             machine-readable output
      --read-only        the console shows everything and changes nothing
  -h, --help             this help
  -V, --version          print the version
`;
