export const USAGE = `mailwiz — install and run docker-mailserver from your terminal

Usage:
  mailwiz                           the console when a mail server runs here, else the install wizard
  mailwiz [options] wizard [--answers FILE] [--image NAME] [--dir DIR]   install docker-mailserver step by step
  mailwiz [options] init --answers FILE [--yes] [--dry-run] [--no-deploy] [--replace] [--image NAME]
                                    the same from an answers file, for scripts
  mailwiz [options] demo [--image NAME] | demo --down [--yes]
                                    a demo mail server (example.test, 127.0.0.1 only) / remove it all
  mailwiz [options] console [SCREEN]  the admin console (accounts, bans, queue, logs, health)
  mailwiz [options] status          every mail system on the engine: kind, members, roles, health
  mailwiz [options] check [--domain D]… [--resolver IP[:PORT]] [--no-dnsbl] [--timeout S] [--ca FILE]… [--ip ADDR]…
                                    every DNS and TLS check; exit 0 all good, 1 warnings, 2 failures
  mailwiz [options] cert obtain|renew|status|cron|certbot [--name FQDN]… [--dir DIR] [--email A] …
                                    Let's Encrypt certificates over ACME, renewed by cron (mailwiz cert help)
  mailwiz [options] setup …         docker-mailserver's setup command (mailwiz setup help)
  mailwiz [options] install-setup   make "docker exec <container> setup …" run mailwiz (survives re-creation)

Options:
  -c, --container NAME   the mail server container (default: found automatically)
      --stack NAME       the mail system (see mailwiz status) to work with
      --json             machine-readable output
      --read-only        the console shows everything and changes nothing
  -h, --help             this help
  -V, --version          print the version
`;
