/**
 * Generates the provider-variables table of docs/cli.md from src/cli/provider-env.ts, so
 * the page always says what the CLI really reads.
 *
 *   npx tsx scripts/cli-doc.ts          # update docs/cli.md in place
 *   npx tsx scripts/cli-doc.ts --check  # exit 1 when the committed page is stale
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROVIDER_ENV, type ProviderEnv } from '../src/cli/provider-env.js';
import { replaceSection, sectionMarkers, writeOrCheck } from './generated-file.js';

/** docs/cli.md. */
export const CLI_DOC = fileURLToPath(new URL('../docs/cli.md', import.meta.url));
/** The markers around the generated table. */
export const PROVIDER_ENV_MARKERS = sectionMarkers('provider-env', 'scripts/cli-doc.ts');

const vars = (names: readonly string[] | undefined): string => (names?.length ? names.map((n) => `\`${n}\``).join(', ') : '—');

/** The Markdown table: one row per group of providers sharing the same variables. */
export function providerEnvTable(): string {
  const groups = new Map<ProviderEnv, string[]>();
  for (const [provider, env] of Object.entries(PROVIDER_ENV)) groups.set(env, [...(groups.get(env) ?? []), provider]);
  const rows = [...groups].map(([env, providers]) => {
    const options = (env.options ?? [])
      .map((o) => o.doc ?? `${vars(o.env)} → \`${typeof o.option === 'string' ? o.option : o.option[0]}\``)
      .join('<br>');
    return `| ${providers.map((p) => `\`${p}\``).join(', ')} | ${vars(env.key)} | ${vars(env.secret)} | ${vars(env.region)} | ${vars(env.endpoint)} | ${options || '—'} | ${env.note ?? ''} |`;
  });
  return ['| provider | key | secret | region | endpoint | other options | credentials |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}

/** docs/cli.md with the table regenerated. */
export function renderCliDoc(current: string = readFileSync(CLI_DOC, 'utf8')): string {
  return replaceSection(current, PROVIDER_ENV_MARKERS, providerEnvTable());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeOrCheck(CLI_DOC, renderCliDoc());
}
