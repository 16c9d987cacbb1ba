/**
 * `nubes demo` (and plain `npm start`): a short tour of the main job on the embedded
 * default — create a node if there is none, list the nodes, upload a small object to
 * local storage and list it. It always uses the embedded default, whatever
 * NUBES_PROVIDER says: a demo must never create a server on a real account.
 */
import { devNull } from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import type { ParsedFlags } from './command.js';
import { dataDirOf } from './config.js';
import { write, type CliIo } from './io.js';
import { docsUrl } from './links.js';

/**
 * Runs one `nubes` command line and resolves to its exit code: run.ts passes its own
 * `run`, so this module does not import run.ts (which imports it).
 */
export type RunCommand = (argv: readonly string[], io: CliIo) => Promise<number>;

const PROVIDER_VARIABLES = ['NUBES_PROVIDER', 'NUBES_COMPUTE_PROVIDER', 'NUBES_STORAGE_PROVIDER', 'NUBES_DNS_PROVIDER', 'NUBES_LB_PROVIDER'];

/** Runs the tour; throws the first failure. */
export async function runDemo(io: CliIo, flags: ParsedFlags, run: RunCommand): Promise<void> {
  const env: Record<string, string | undefined> = { ...io.env };
  for (const name of PROVIDER_VARIABLES) delete env[name];
  // Nor may a profile send it to a real account.
  delete env.NUBES_PROFILE;
  env.NUBES_CONFIG_FILE = devNull;
  const dataDir = dataDirOf(flags, io.env, io.cwd);
  env.NUBES_DATA_DIR = dataDir;
  const demoIo: CliIo = { ...io, env };
  const say = (text: string): Promise<void> => write(io.stdout, text);

  await say(`nubes demo: the embedded default (Dummy compute, Local storage) in ${dataDir}\nno credentials, no network. Each step is a command you can run yourself:\n`);
  const step = async (argv: string[], stdin?: string): Promise<void> => {
    const shown = `nubes ${argv.join(' ')}`;
    await say(`\n$ ${stdin === undefined ? shown : `echo ${JSON.stringify(stdin.trimEnd())} | ${shown}`}\n`);
    const stepIo: CliIo = stdin === undefined ? demoIo : { ...demoIo, stdin: Readable.from([Buffer.from(stdin)]) };
    const code = await run([...argv, '--quiet'], stepIo);
    if (code !== 0) throw new Error(`the demo step '${shown}' failed (exit code ${code})`);
  };

  const probe = await captureJson(run, ['compute', 'list-nodes', '--json'], demoIo);
  if (probe.length === 0) await step(['compute', 'create-node', '--name', 'demo-1', '--size', 'small', '--image', 'ubuntu-24.04']);
  await step(['compute', 'list-nodes']);
  const containers = await captureJson(run, ['storage', 'ls', '--json'], demoIo);
  if (!containers.some((c) => (c as { name?: string }).name === 'demo')) await step(['storage', 'mb', 'demo']);
  await step(['storage', 'cp', '-', 'demo/hello.txt'], 'hello from nubes\n');
  await step(['storage', 'ls', 'demo']);
  const cmd = io.env.npm_lifecycle_event === 'start' ? 'npm start --' : 'nubes';
  const rows: Array<[string, string]> = [
    [`${cmd} --help`, 'every area, command and option'],
    [`${cmd} compute list-sizes`, 'the sizes create-node accepts'],
    [`${cmd} storage cp demo/hello.txt -`, 'the object back, on stdout'],
    [docsUrl('getting-started.md'), 'a real provider, credentials, proxies'],
  ];
  await say(`\nNext:\n${rows.map(([c, what]) => `  ${c.padEnd(42)} ${what}`).join('\n')}\n`);
}

async function captureJson(run: RunCommand, argv: string[], io: CliIo): Promise<unknown[]> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const code = await run(argv, { ...io, stdout: sink });
  if (code !== 0) throw new Error(`the demo could not run 'nubes ${argv.join(' ')}' (exit code ${code})`);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown[];
}
