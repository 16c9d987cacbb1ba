/**
 * Generates docs/errors.md from the error classes: every class exported from the root
 * entry (src/common/errors/) and the testing kit, with its code, its parent, what
 * causes it (the class's TSDoc), the HTTP statuses that map to it (asked of
 * `errorFromStatus` itself) and how to fix it (scripts/error-remedies.ts).
 *
 *   npx tsx scripts/errors-doc.ts          # write docs/errors.md
 *   npx tsx scripts/errors-doc.ts --check  # exit 1 when the committed file is stale
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as root from '../src/index.js';
import * as testing from '../src/testing/index.js';
import { REMEDIES } from './error-remedies.js';
import { writeOrCheck } from './generated-file.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the generated page goes. */
export const ERRORS_DOC = join(ROOT, 'docs', 'errors.md');

/** One documented error class. */
export interface ErrorEntry {
  name: string;
  code: string;
  parent: string;
  /** Source file basename, e.g. `network-errors.ts`. */
  file: string;
  /** Position of the declaration in its file (entries keep source order). */
  pos: number;
  summary: string;
  statuses: number[];
  remedy: string;
}

type ErrorClass = new (message: string, ...rest: never[]) => root.NubesError;

function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'function' && (value === root.NubesError || value.prototype instanceof root.NubesError);
}

/** Exported error classes of the public entries, by name (runtime view). */
export function exportedErrorClasses(): Map<string, ErrorClass> {
  const out = new Map<string, ErrorClass>();
  for (const mod of [root, testing] as Record<string, unknown>[]) {
    for (const [name, value] of Object.entries(mod)) if (isErrorClass(value)) out.set(name, value);
  }
  return out;
}

/** TSDoc summary and source file of each exported class (compiler view). */
function classDocs(): Map<string, { summary: string; file: string; pos: number }> {
  const entries = [join(ROOT, 'src/index.ts'), join(ROOT, 'src/testing/index.ts')];
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const out = new Map<string, { summary: string; file: string; pos: number }>();
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read the exports of ${entry}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
      const declaration = symbol.declarations?.[0];
      const summary = ts
        .displayPartsToString(symbol.getDocumentationComment(checker))
        .replace(/\{@link\s+([^}\s|]+)[^}]*\}/g, '`$1`')
        .replace(/\s+/g, ' ')
        .trim();
      out.set(exported.name, { summary, file: declaration ? basename(declaration.getSourceFile().fileName) : '', pos: declaration?.pos ?? 0 });
    }
  }
  return out;
}

/** The statuses `errorFromStatus` maps to each class name. */
function statusesByClass(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let status = 300; status < 600; status++) {
    if (status > 308 && status < 400) continue;
    const name = root.errorFromStatus({ statusCode: status }).name;
    out.set(name, [...(out.get(name) ?? []), status]);
  }
  return out;
}

function describeStatuses(statuses: readonly number[]): string {
  if (statuses.length === 0) return '';
  if (statuses.every((s) => s >= 500)) return '5xx';
  if (statuses.every((s) => s >= 300 && s < 400)) return '3xx (not followed)';
  if (statuses.length > 8 && statuses.every((s) => s >= 400 && s < 500)) return 'other 4xx';
  return statuses.join(', ');
}

/** Collects every entry; throws when an exported error has no remedy or no TSDoc. */
export function collectErrors(): ErrorEntry[] {
  const docs = classDocs();
  const statuses = statusesByClass();
  const problems: string[] = [];
  const entries: ErrorEntry[] = [];
  for (const [name, Cls] of exportedErrorClasses()) {
    const instance = new (Cls as unknown as new (message: string) => root.NubesError)('probe');
    const doc = docs.get(name);
    const remedy = REMEDIES[instance.code];
    if (!doc?.summary) problems.push(`${name} has no TSDoc comment`);
    if (!remedy) problems.push(`${name} (${instance.code}) has no remedy in scripts/error-remedies.ts`);
    entries.push({
      name,
      code: instance.code,
      parent: Cls === root.NubesError ? 'Error' : (Object.getPrototypeOf(Cls) as { name: string }).name,
      file: doc?.file ?? '',
      pos: doc?.pos ?? 0,
      summary: doc?.summary ?? '',
      statuses: statuses.get(name) ?? [],
      remedy: remedy ?? '',
    });
  }
  const unused = Object.keys(REMEDIES).filter((code) => !entries.some((e) => e.code === code));
  for (const code of unused) problems.push(`scripts/error-remedies.ts documents ${code}, which no exported class has`);
  if (problems.length > 0) throw new Error(`docs/errors.md cannot be generated:\n  ${problems.join('\n  ')}`);
  return entries;
}

const GROUPS: ReadonlyArray<{ title: string; files: readonly string[]; intro: string }> = [
  {
    title: 'General and arguments',
    files: ['nubes-error.ts', 'argument-errors.ts'],
    intro: 'Raised before any request is sent: a bad option, an unknown provider, an unsupported call.',
  },
  {
    title: 'Provider responses',
    files: ['http-errors.ts'],
    intro:
      "The provider answered with an error. `statusCode`, `requestId` and the provider's own message are on the error; `errorFromStatus()` is the one place that maps a status to a class, and drivers refine it into the area errors below.",
  },
  {
    title: 'Network, proxy and TLS',
    files: ['network-errors.ts'],
    intro: 'Nothing usable came back: the connection, the proxy or TLS failed, a timeout fired, or you aborted.',
  },
  {
    title: 'Compute, storage, DNS and load balancers',
    files: ['area-errors.ts'],
    intro: 'Area errors, thrown by drivers where the provider says exactly what went wrong. Each extends the HTTP class it refines, so `catch (e) { if (e instanceof NotFoundError) ... }` still works.',
  },
  { title: 'Testing kit', files: ['mock-transport.ts'], intro: 'Raised by `nubes/testing`, in your tests only.' },
];

/** GitHub's anchor for a `### CODE` heading. */
function anchor(code: string): string {
  return code.toLowerCase();
}

/** The whole page. */
export function renderErrorsDoc(): string {
  const files = GROUPS.flatMap((g) => g.files);
  const rank = (e: ErrorEntry): number => (files.includes(e.file) ? files.indexOf(e.file) : files.length);
  const entries = collectErrors().sort((a, b) => rank(a) - rank(b) || a.pos - b.pos);
  const lines: string[] = [
    '<!-- Generated by scripts/errors-doc.ts from src/common/errors/ and scripts/error-remedies.ts. Do not edit: run `npx tsx scripts/errors-doc.ts`. -->',
    '',
    '# Errors',
    '',
    'Every error nubes throws is a `NubesError` with a stable `code` (`NUBES_ERR_...`). Switch on the',
    'code, or use `instanceof` with the classes below (all exported from `nubes`); never parse messages.',
    'Besides `code`, an error carries what is known: `provider`, `statusCode`, `requestId` (quote it to',
    "the provider's support), `retryAfter` (seconds) and `cause` (the low-level error). Messages and",
    'logs never contain secrets: tokens, signatures, keys and proxy passwords are redacted.',
    '',
    '```ts',
    "import { NubesError, InvalidCredentialsError } from 'nubes';",
    '',
    'try {',
    '  await driver.listNodes();',
    '} catch (err) {',
    '  if (err instanceof InvalidCredentialsError) console.error(`check the token: ${err.message}`);',
    "  else if (err instanceof NubesError && err.code === 'NUBES_ERR_RATE_LIMIT') await sleep((err.retryAfter ?? 1) * 1000);",
    '  else throw err;',
    '}',
    '```',
    '',
    'The `nubes` command prints `error [CODE]: message` and exits with 1 for these errors (2 for usage',
    'errors) — see [cli.md](cli.md).',
    '',
    '| code | class | extends | HTTP status |',
    '| --- | --- | --- | --- |',
  ];
  const ordered: ErrorEntry[] = [];
  for (const group of GROUPS) ordered.push(...entries.filter((e) => group.files.includes(e.file)));
  const stray = entries.filter((e) => !GROUPS.some((g) => g.files.includes(e.file)));
  ordered.push(...stray);
  for (const e of ordered) {
    lines.push(`| [\`${e.code}\`](#${anchor(e.code)}) | \`${e.name}\` | \`${e.parent}\` | ${describeStatuses(e.statuses)} |`);
  }
  const section = (title: string, intro: string, list: readonly ErrorEntry[]): void => {
    if (list.length === 0) return;
    lines.push('', `## ${title}`, '', intro);
    for (const e of list) {
      lines.push('', `### ${e.code}`, '');
      lines.push(`\`${e.name}\`, extends \`${e.parent}\`${e.statuses.length ? `; HTTP ${describeStatuses(e.statuses)}` : ''}.`, '');
      lines.push(`**Cause.** ${e.summary}`, '');
      lines.push(`**Fix.** ${e.remedy}`);
    }
  };
  for (const group of GROUPS) section(group.title, group.intro, entries.filter((e) => group.files.includes(e.file)));
  section('Other errors', 'Errors declared outside src/common/errors/.', stray);
  lines.push('');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeOrCheck(ERRORS_DOC, renderErrorsDoc());
}
