import { describe, expect, it } from 'vitest';
import { ldapDnProblem, ldapFilterProblem, ldapUriProblem, fillFilter } from '../../src/dms/ldap-syntax.js';
import { answersToYaml, parseAnswersFile } from '../../src/dms/wizard-answers-file.js';
import {
  answersProblems,
  defaultLdapFilters,
  domainsProblem,
  featuresProblem,
  firstAccountProblem,
  hostnameProblem,
  hostnameWarning,
  imageProblem,
  ipProblem,
  ipWarning,
  newPasswordProblem,
  splitDomains,
  withoutSecrets,
} from '../../src/dms/wizard-answers.js';
import { resumeStep } from '../../wizards/wizard-steps.js';
import { sampleAnswers } from '../support/wizard-answers.js';

describe('wizard answers: one field at a time', () => {
  it('takes domains separated by commas or spaces and says what is wrong with them', () => {
    expect(splitDomains(' Example.com, example.org  mail.test. ')).toEqual(['example.com', 'example.org', 'mail.test']);
    expect(domainsProblem([])).toBe('Give at least one mail domain, e.g. example.com');
    expect(domainsProblem(['localhost'])).toBe("'localhost' is not a domain name (it needs a dot, e.g. example.com)");
    expect(domainsProblem(['bad_name.com'])).toBe("'bad_name.com' is not a valid domain name");
    expect(domainsProblem(['a.com', 'a.com'])).toBe('a.com is listed twice');
  });

  it("checks the host name and warns about DMS's pitfall of a host name equal to a mail domain", () => {
    expect(hostnameProblem('')).toBe("Give the server's host name, e.g. mail.example.com");
    expect(hostnameProblem('203.0.113.1')).toMatch(/is an IP address: the server needs a host name/);
    expect(hostnameProblem('mail')).toBe("'mail' is not fully qualified: give the whole name, e.g. mail.example.com");
    expect(hostnameProblem('mail.exa_mple.com')).toBe("'mail.exa_mple.com' is not a valid domain name");
    expect(hostnameProblem('mail.example.com')).toBeUndefined();
    expect(hostnameWarning('Example.com', ['example.com'])).toMatch(/example\.com is also a mail domain.*User unknown in local recipient table.*mail\.example\.com/);
    expect(hostnameWarning('mail.example.com', ['example.com'])).toBeUndefined();
  });

  it('checks IP addresses by family and warns about private ones', () => {
    expect(ipProblem('', 4)).toBeUndefined();
    expect(ipProblem('2001:db8::1', 4)).toBe("'2001:db8::1' is not an IPv4 address");
    expect(ipProblem('1.2.3', 4)).toBe("'1.2.3' is not an IPv4 address");
    expect(ipProblem('203.0.113.9', 6)).toBe("'203.0.113.9' is not an IPv6 address");
    expect(ipWarning('192.168.1.5')).toMatch(/private address: other mail servers cannot reach it/);
    expect(ipWarning('fd00::5')).toMatch(/private address/);
    expect(ipWarning('203.0.113.9')).toBeUndefined();
  });

  it('wants the first account inside the mail domains, and a password of 8 characters or more', () => {
    expect(firstAccountProblem('admin@example.net', ['example.com'])).toBe('admin@example.net is not in your mail domains (example.com)');
    expect(firstAccountProblem('admin', ['example.com'])).toBe("'admin' should include the domain (eg: user@example.com)");
    expect(firstAccountProblem('admin@example.com', ['example.com'])).toBeUndefined();
    expect(newPasswordProblem('')).toBe('Password must not be empty');
    expect(newPasswordProblem('short')).toBe('The password needs at least 8 characters');
    expect(newPasswordProblem('long enough')).toBeUndefined();
  });

  it('refuses feature combinations DMS does not support', () => {
    const base = sampleAnswers().features;
    expect(featuresProblem({ ...base, spam: 'off', clamav: true }, 'file')?.message).toMatch(/ClamAV scans mail through Amavis or Rspamd/);
    expect(featuresProblem({ ...base, quotas: true }, 'ldap')?.message).toMatch(/Quotas work with file accounts only/);
    expect(featuresProblem({ ...base, spam: 'rspamd', postgrey: true }, 'file')?.message).toMatch(/Rspamd greylists by itself/);
    expect(featuresProblem({ ...base, relay: { host: 'smtp relay', port: 587 } }, 'file')).toEqual({ field: 'features.relay.host', message: "'smtp relay' is not a host name or IP address" });
    expect(featuresProblem({ ...base, relay: { host: 'relay.example.net', port: 70000 } }, 'file')?.message).toMatch(/not a port number/);
    expect(featuresProblem({ ...base, relay: { host: 'relay.example.net', port: 587, user: 'me' } }, 'file')?.message).toBe('Give both the relay user and its password, or neither');
  });

  it('checks LDAP addresses, DNs and filters before connecting', () => {
    expect(ldapUriProblem('ldap.example.com')).toMatch(/must start with ldap:\/\/ or ldaps:\/\//);
    expect(ldapUriProblem('ldap://ldap.example.com:99999')).toBe('99999 is not a port number (1–65535)');
    expect(ldapUriProblem('ldaps://[2001:db8::1]:636')).toBeUndefined();
    expect(ldapUriProblem('ldap://host/dc=x')).toMatch(/nothing after the port/);
    expect(ldapDnProblem('dc=example,dc=com', 'search base')).toBeUndefined();
    expect(ldapDnProblem('example.com', 'search base')).toBe("The search base 'example.com' is not a DN: 'example.com' is not attribute=value");
    expect(ldapFilterProblem('(mail=%s', 'USER')).toMatch(/The USER filter is not valid LDAP filter syntax: expected '\)' but the filter ended/);
    expect(ldapFilterProblem('(&(mail=%s)(x=1)', 'USER')).toMatch(/expected '\)'/);
    expect(ldapFilterProblem('mail=%s', 'USER')).toMatch(/expected '\(' but found 'm' at position 1/);
    expect(ldapFilterProblem('(mail=*)', 'ALIAS')).toBe('The ALIAS filter needs %s where the address (or domain) goes');
    for (const filter of Object.values(defaultLdapFilters())) expect(ldapFilterProblem(filter, 'X')).toBeUndefined();
    expect(fillFilter('(mail=%s)', 'a*b(c)@x')).toBe('(mail=a\\2ab\\28c\\29@x)');
    expect(fillFilter('(mail=%s)', '*')).toBe('(mail=*)');
  });

  it('checks the image name', () => {
    expect(imageProblem('ghcr.io/docker-mailserver/docker-mailserver:latest')).toBeUndefined();
    expect(imageProblem('127.0.0.1:5000/docker-mailserver/docker-mailserver:test')).toBeUndefined();
    expect(imageProblem('Not An Image')).toMatch(/is not an image name/);
  });
});

describe('wizard answers: the whole set and the answers file', () => {
  it('finds nothing wrong with a complete set, and names the field of each problem', () => {
    expect(answersProblems(sampleAnswers())).toEqual([]);
    const bad = sampleAnswers({ hostname: 'mail', directory: 'relative/dir', publish: { address: 'everywhere' } });
    expect(answersProblems(bad).map((p) => p.field)).toEqual(['directory', 'hostname', 'publish.address']);
  });

  it('reads an answers file with defaults for what it leaves out', () => {
    const { answers, problems } = parseAnswersFile(
      'domains: [Example.COM]\nhostname: mail.example.com\naccounts: {first: admin@example.com, password: "correct horse"}\ntls: {type: self-signed}\n',
      '/home/me',
    );
    expect(problems).toEqual([]);
    expect(answers).toMatchObject({
      directory: '/home/me/mailserver',
      image: 'ghcr.io/docker-mailserver/docker-mailserver:latest',
      containerName: 'mailserver',
      domains: ['example.com'],
      firstAccount: { address: 'admin@example.com', postmasterAlias: true },
      features: { spam: 'rspamd', fail2ban: true, clamav: false },
      tls: { type: 'self-signed' },
    });
  });

  it('refuses unknown keys, wrong types and wrong values with the path of each', () => {
    const { problems } = parseAnswersFile('domain: example.com\nfeatures: {spam: spamd, clamav: maybe}\ntls: [x]\n', '/');
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'domain', message: expect.stringMatching(/^unknown key \(known: directory, image/) },
        { field: 'features.spam', message: "must be one of rspamd, amavis, off (not 'spamd')" },
        { field: 'features.clamav', message: 'must be true or false' },
        { field: 'tls', message: 'must be a mapping of keys to values' },
        { field: 'domains', message: 'Give at least one mail domain, e.g. example.com' },
      ]),
    );
    expect(parseAnswersFile('domains: [a\n', '/').problems[0]?.message).toMatch(/^is not valid YAML/);
  });

  it('round-trips through YAML, and keeps no secret when saved for a later run', () => {
    const answers = sampleAnswers({ features: { ...sampleAnswers().features, relay: { host: 'relay.example.net', port: 587, user: 'me', password: 'relay-secret' } } });
    expect(parseAnswersFile(answersToYaml(answers), '/srv')).toEqual({ answers, problems: [] });
    const saved = withoutSecrets(answers);
    expect(JSON.stringify(saved)).not.toMatch(/correct horse|relay-secret/);
    expect(answers.firstAccount?.password).toBe('correct horse');
  });

  it("reads each Let's Encrypt source with its settings, round-trips them, and names what is wrong", () => {
    const mailwiz = { type: 'letsencrypt', source: 'mailwiz', email: 'admin@example.com', letsencryptDir: '/srv/le', acmeDirectory: 'https://acme.internal/dir', acmeCa: '/srv/ca.pem', httpPort: 8080 } as const;
    const traefik = { type: 'letsencrypt', source: 'traefik', acmeJson: '/opt/traefik/acme.json' } as const;
    for (const tls of [mailwiz, traefik, { type: 'letsencrypt', source: 'existing', letsencryptDir: '/srv/le' } as const]) {
      const answers = sampleAnswers({ tls });
      expect(parseAnswersFile(answersToYaml(answers), '/srv')).toEqual({ answers, problems: [] });
    }
    const broken = parseAnswersFile(
      answersToYaml(sampleAnswers({ tls: { type: 'letsencrypt', email: 'nobody', letsencryptDir: 'certs', httpPort: 0 } })),
      '/srv',
    ).problems;
    expect(broken).toEqual([{ field: 'tls.letsencryptDir', message: 'certs is not an absolute path' }]);
    const problemsOf = (tls: object): unknown[] => parseAnswersFile(answersToYaml(sampleAnswers({ tls: tls as never })), '/srv').problems;
    expect(problemsOf({ type: 'letsencrypt', email: 'nobody' })).toEqual([{ field: 'tls.email', message: "'nobody' is not an email address" }]);
    expect(problemsOf({ type: 'letsencrypt', httpPort: 99999 })).toEqual([{ field: 'tls.httpPort', message: "'99999' is not a port number (1–65535)" }]);
    expect(problemsOf({ type: 'letsencrypt', source: 'traefik' })).toEqual([{ field: 'tls.acmeJson', message: "Give the file of Traefik's acme.json" }]);
    expect(problemsOf({ type: 'letsencrypt', source: 'caddy' })).toEqual([{ field: 'tls.source', message: "must be one of mailwiz, existing, traefik (not 'caddy')" }]);
  });

  it('resumes a saved run where it stopped, or earlier where a password has to be typed again', () => {
    const saved = withoutSecrets(sampleAnswers());
    expect(resumeStep(saved, 'review')).toBe('accounts');
    expect(resumeStep(saved, 'identity')).toBe('identity');
    expect(resumeStep(sampleAnswers(), 'tls')).toBe('tls');
    expect(resumeStep(sampleAnswers(), 'nonsense')).toBe('preflight');
  });
});
