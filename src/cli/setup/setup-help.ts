/** `setup help`: the same sections and command lines as DMS's overview, in our words. */
export const SETUP_HELP = `SETUP(1)

NAME
    setup - 'docker-mailserver' Administration & Configuration CLI (provided by mailwiz)

SYNOPSIS
    setup [ OPTIONS... ] COMMAND [ help | ARGUMENTS... ]

    COMMAND := { email | alias | quota | dovecot-master | config | relay | fail2ban | debug } SUBCOMMAND

DESCRIPTION
    This is the main administration command that you use for all your interactions with
    'docker-mailserver'. It edits the files in the config volume; the mail server applies
    them a few seconds later (add --wait to return only once a change is live).

    Most subcommands explain themselves when 'help' is appended, e.g. 'setup email add help'.

OPTIONS (mailwiz)
    --json    listings print JSON instead of text
    --wait    return when the change is live in Dovecot/Postfix, not just written

[SUB]COMMANDS
    COMMAND email :=
        setup email add <EMAIL ADDRESS> [<PASSWORD>]
        setup email add --from-file <FILE|->     (mailwiz: many accounts, "ADDRESS PASSWORD" per line)
        setup email update <EMAIL ADDRESS> [<PASSWORD>]
        setup email del [ OPTIONS... ] <EMAIL ADDRESS> [ <EMAIL ADDRESS>... ]
        setup email restrict <add|del|list> <send|receive> [<EMAIL ADDRESS>]
        setup email list

    COMMAND alias :=
        setup alias add <EMAIL ADDRESS> <RECIPIENT>
        setup alias add --from-file <FILE|->     (mailwiz: many aliases, "ALIAS RECIPIENT" per line)
        setup alias del <EMAIL ADDRESS> <RECIPIENT>
        setup alias list

    COMMAND quota :=
        setup quota set <EMAIL ADDRESS> [<QUOTA>]
        setup quota set --from-file <FILE|->     (mailwiz: many quotas, "ADDRESS QUOTA" per line)
        setup quota del <EMAIL ADDRESS>
        setup quota list

    COMMAND dovecot-master :=
        setup dovecot-master add <USERNAME> [<PASSWORD>]
        setup dovecot-master update <USERNAME> [<PASSWORD>]
        setup dovecot-master del [ OPTIONS... ] <USERNAME> [ <USERNAME>... ]
        setup dovecot-master list

    COMMAND config :=
        setup config dkim [ ARGUMENTS... ]

    COMMAND relay :=
        setup relay add-auth <DOMAIN> <USERNAME> [<PASSWORD>]
        setup relay add-domain <DOMAIN> <HOST> [<PORT>]
        setup relay exclude-domain <DOMAIN>

    COMMAND fail2ban :=
        setup fail2ban 
        setup fail2ban ban <IP>
        setup fail2ban unban <IP>
        setup fail2ban log
        setup fail2ban status

    COMMAND debug :=
        setup debug fetchmail
        setup debug getmail
        setup debug login <COMMANDS>
        setup debug show-mail-logs

EXAMPLES
    setup email add test@example.com
        Add the account test@example.com; you are asked for its password.

    setup config dkim keysize 2048 domain 'example.com,not-example.com'
        Create 2048-bit DKIM keys for the two domains.

    setup config dkim help
        Explain the dkim command in detail.

`;
