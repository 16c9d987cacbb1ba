/**
 * The second half of `npm run build`: turns tsc's one-file-per-module JavaScript in dist/
 * into a few bundled files (rolldown), so that a cold `import('nubes/compute')` reads,
 * compiles and links four files (the entry, dist/chunks/compute.js, core.js, base.js)
 * instead of ~130. Node's ES module loader spends about half a millisecond per file before
 * any of our code runs; bench/startup.ts measures the result.
 *
 * The chunks, chosen by what the four area entries (`nubes/compute`, `nubes/storage`,
 * `nubes/dns`, `nubes/loadbalancer`) reach through static imports:
 *
 * - a module only one area reaches goes into that area's chunk (dist/chunks/compute.js ...);
 * - a module two or more areas reach goes into dist/chunks/core.js (the Connection, the
 *   errors, the AWS/OpenStack/Google/Azure families ...), except the few of
 *   dist/chunks/base.js (see BASE_MODULES);
 * - what no area reaches statically is split as rolldown sees fit: the Node transport
 *   (loaded on first use, and the `nubes/transport/node` entry), the CLI's command runner
 *   (loaded by dist/cli/main.js after `--version`), the `nubes/testing` helpers.
 *
 * Each package entry stays at the path package.json "exports" names, beside the .d.ts tsc
 * wrote for it, and re-exports from the chunks: every class exists ONCE, so
 * `err instanceof NubesError` holds whichever entry `err` came from, and a bundler still
 * tree-shakes what a program does not use (`"sideEffects": false`).
 *
 * Then tsc's .js files are removed; the .d.ts files stay (types come from tsc, the typedoc
 * site from src/). No source maps are written: a map would point at files the package
 * does not ship, and the chunks are not minified, so a stack trace reads as it is.
 *
 * Why rolldown, not esbuild: esbuild's code splitting makes one chunk per set of entries
 * sharing a module (21 files for `nubes/compute`, 12 ms slower to import cold than one
 * file) and has no way to say which module goes where; rolldown (the bundler under vite,
 * which vitest already brings) has manual chunk groups and keeps export names across chunks.
 *
 * Run after tsc: `npm run build` does both. `tsx scripts/bundle.ts <dir>` bundles tsc output
 * written elsewhere (test/scripts/bundle.test.ts does).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The folder tsc wrote to: dist/, or the one given (`tsx scripts/bundle.ts <dir>`, as tests do). */
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
/**
 * The small chunk every other one imports: what `nubes --version` needs (dist/cli/main.js
 * answers without loading the core) and the NubesError base class with its codes, which
 * alone is what a program bundling `import { NubesError } from 'nubes'` keeps (a bundler
 * drops whole modules nothing uses; inside the core it could not drop the other error
 * classes, whose modules register them at load).
 */
const BASE_MODULES = new Set(['version.js', 'common/errors/codes.js', 'common/errors/nubes-error.js'].map((m) => join(DIST, m)));
const STAGE = join(ROOT, '.tmp', `bundle-${process.pid}`);

/** The package entries: package.json "exports" and "bin" targets, without dist/ and .js. */
const ENTRIES = [
  'index',
  'drivers/compute/index',
  'drivers/storage/index',
  'drivers/dns/index',
  'drivers/loadbalancer/index',
  'common/aws/index',
  'common/openstack/index',
  'common/azure/index',
  'common/google/index',
  'testing/index',
  'connection/transport/node-transport',
  'cli/main',
] as const;

/** The area entries and the chunk each one's own modules go into. */
const AREAS: Record<string, string> = {
  'drivers/compute/index': 'compute',
  'drivers/storage/index': 'storage',
  'drivers/dns/index': 'dns',
  'drivers/loadbalancer/index': 'loadbalancer',
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

/** Module id → the areas whose entry reaches it through static imports. */
type Reach = Map<string, Set<string>>;

async function main(): Promise<void> {
  const areaOf = new Map(Object.entries(AREAS).map(([entry, area]) => [join(DIST, `${entry}.js`), area]));
  let reach: Reach | undefined;
  rmSync(STAGE, { recursive: true, force: true });
  await build({
    cwd: DIST,
    input: Object.fromEntries(ENTRIES.map((e) => [e, join(DIST, `${e}.js`)])),
    platform: 'node',
    // Everything outside dist/ is imported at run time: node: built-ins and the
    // dependencies (undici, xml2js, the proxy agents), each loaded where the code says.
    external: (id, importer) => importer !== undefined && !id.startsWith('.') && !id.startsWith(DIST),
    logLevel: 'warn',
    // An entry exports exactly what its module exports (a facade re-exporting from the
    // chunks); 'allow-extension' is what grouping modules by hand requires of rolldown.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: STAGE,
      format: 'esm',
      // No keepNames: it would add a runtime chunk (one more file to load) and a call per
      // renamed function. Classes keep their names, which messages use (checked below);
      // a renamed private helper (`date$1`) changes nothing users see.
      // The doc comments live in the .d.ts files; without them the chunks parse faster
      // (about 5 ms less for a cold `import('nubes/compute')`).
      comments: false,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name].js',
      codeSplitting: {
        // A module goes where the rule below says, not where its first importer's group is
        // (core never imports an area chunk: what an area module imports, that area reaches).
        includeDependenciesRecursively: false,
        groups: [
          {
            debugName: 'areas',
            name(id, ctx) {
              reach ??= areaReach(areaOf, (m) => ctx.getModuleInfo(m)?.importedIds ?? []);
              if (BASE_MODULES.has(id)) return 'base';
              const areas = reach.get(id);
              if (areas === undefined || areas.size === 0) return null;
              return areas.size === 1 ? [...areas][0]! : 'core';
            },
          },
        ],
      },
    },
  });
  renamedClasses(STAGE);
  // tsc's modules go; the entries and chunks take their place beside tsc's .d.ts files.
  for (const file of jsFiles(DIST)) rmSync(file);
  for (const file of jsFiles(STAGE)) {
    const target = join(DIST, relative(STAGE, file));
    mkdirSync(dirname(target), { recursive: true });
    // rolldown heads each module's code with its path (`// common/aws/sigv4.js`, relative
    // to DIST): name the source file instead, so a stack trace leads to the source.
    const code = readFileSync(file, 'utf8').replace(/^\/\/ ([\w./-]+)\.js$/gm, '// src/$1.ts');
    writeFileSync(target, asciiOnly(code));
  }
  rmSync(STAGE, { recursive: true, force: true });
}

/**
 * The code with every non-ASCII character written as a `\uXXXX` escape. One `→` in a
 * message makes V8 hold the whole chunk as a two-byte string (twice the memory, a slower
 * scan); the chunks have no comments, so every such character sits in a string, template
 * or regular expression literal, where the escape means the same (no `String.raw` in src/).
 */
function asciiOnly(code: string): string {
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Fails when the bundler renamed a class to keep two top-level names apart (`class Foo$1`):
 * `constructor.name` and `new.target.name` appear in messages, so rename the class.
 */
function renamedClasses(dir: string): void {
  const renamed = jsFiles(dir).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bclass ([\w$]+\$\d+)\b|\b(?:var|let|const) ([\w$]+\$\d+) = class\b/g)].map(
      (m) => `${relative(dir, file)}: ${m[1] ?? m[2]}`,
    ),
  );
  if (renamed.length > 0) throw new Error(`bundle: classes renamed by the bundler (two top-level classes share a name; rename one):\n  ${renamed.join('\n  ')}`);
}

/** For each module, the areas whose entry reaches it through static imports only. */
function areaReach(areaOf: Map<string, string>, imports: (id: string) => readonly string[]): Reach {
  const reach: Reach = new Map();
  for (const [entry, area] of areaOf) {
    const todo = [entry];
    const seen = new Set<string>();
    for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
      if (seen.has(id)) continue;
      seen.add(id);
      let areas = reach.get(id);
      if (areas === undefined) reach.set(id, (areas = new Set()));
      areas.add(area);
      todo.push(...imports(id));
    }
  }
  return reach;
}

await main();
