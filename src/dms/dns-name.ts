/** Domain names compare case-insensitively and without the root's trailing dot. */
export function normalName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return normalName(a) === normalName(b);
}

/** Whether `name` is `parent` or lies below it. */
export function isWithin(name: string, parent: string): boolean {
  const child = normalName(name);
  const base = normalName(parent);
  return child === base || child.endsWith(`.${base}`);
}

/** The absolute form a zone file wants: `mail.example.com.` */
export function absolute(name: string): string {
  return `${normalName(name)}.`;
}

/** DMS's DOMAINNAME: the host name without its first label when it has more than two. */
export function dmsDomainName(fqdn: string): string {
  const labels = fqdn.split('.');
  return labels.length > 2 ? labels.slice(1).join('.') : fqdn;
}
