/**
 * Record names relative to their zone, as every DNS driver shows them.
 */

/** `www.example.com.` (with or without the final dot) → `www`; the apex → `''`; a name outside the zone is kept. */
export function relativeName(fqdn: string, domain: string): string {
  const n = fqdn.replace(/\.$/, '');
  const d = domain.replace(/\.$/, '');
  if (n.toLowerCase() === d.toLowerCase()) return '';
  return n.toLowerCase().endsWith(`.${d.toLowerCase()}`) ? n.slice(0, -d.length - 1) : n;
}
