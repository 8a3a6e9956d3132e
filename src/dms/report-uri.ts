import { addressProblem } from './validate.js';

/** The report destinations of DMARC `rua=`/`ruf=` and TLS-RPT `rua=`: comma-separated `mailto:` (or `https:`) URIs. */

export interface ReportUri {
  uri: string;
  scheme: string;
  /** mailto: the address and its domain. */
  address?: string;
  domain?: string;
}

export function parseReportUris(value: string, schemes: readonly string[]): { uris: ReportUri[]; problems: string[] } {
  const uris: ReportUri[] = [];
  const problems: string[] = [];
  for (const raw of value.split(',')) {
    const uri = raw.trim();
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
    if (scheme === undefined || !schemes.includes(scheme)) {
      problems.push(`'${uri}' is not a ${schemes.join(': or ')}: URI`);
    } else if (scheme === 'mailto') {
      const address = decoded(uri.slice('mailto:'.length).replace(/!\d+[kmgt]?$/i, ''));
      const problem = addressProblem(address);
      if (problem) problems.push(`'${uri}': ${problem}`);
      else uris.push({ uri, scheme, address, domain: address.slice(address.lastIndexOf('@') + 1).toLowerCase() });
    } else if (!URL.canParse(uri)) {
      problems.push(`'${uri}' is not a valid URI`);
    } else {
      uris.push({ uri, scheme });
    }
  }
  return { uris, problems };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
