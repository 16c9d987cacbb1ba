/**
 * Help texts: `nubes --help`, `nubes <area> --help`, `nubes <area> <command> --help`.
 */
import { VERSION } from '../version.js';
import { docsUrl } from './links.js';
import type { AreaCommands, Command } from './command.js';

/** Flags every command accepts, for the main help. */
export const GLOBAL_HELP = `Provider and credentials (flag, environment, or a profile of 'nubes configure'):
  --profile NAME      NUBES_PROFILE: a profile of $XDG_CONFIG_HOME/nubes/config
                      (else the profile named default, if there is one)
  --provider NAME     NUBES_<AREA>_PROVIDER, then NUBES_PROVIDER
                      (none: the embedded default, no credentials, no network)
  --key KEY           NUBES_KEY, or the provider's own variable
                      (DIGITALOCEAN_TOKEN, AWS_ACCESS_KEY_ID, OS_USERNAME, ...)
  --secret SECRET     NUBES_SECRET, or the provider's own variable
                      (AWS_SECRET_ACCESS_KEY, OS_PASSWORD, AZURE_STORAGE_KEY, ...);
                      prefer a profile, a variable or --secret-stdin: flags
                      land in ps output and shell history
  --secret-stdin      read the secret from the first line of standard input
  --region REGION     NUBES_REGION, AWS_REGION, OS_REGION_NAME, ...
  --endpoint URL      NUBES_ENDPOINT: another endpoint (a mock, an emulator,
                      an S3-compatible store)
  --driver-option K=V any driver option, e.g. --driver-option projectName=demo
                      (repeatable)
  --plugin MODULE     load third-party drivers (NUBES_PLUGINS, comma-separated)
  --data-dir DIR      NUBES_DATA_DIR: state of the embedded default
                      ($XDG_DATA_HOME/nubes, default ~/.local/share/nubes)

Network (HTTPS_PROXY, HTTP_PROXY, NO_PROXY and SSL_CERT_FILE work as well):
  --proxy URL         proxy for every request: http://user:pass@host:port
  --ca PATH           extra CA file or directory to trust (e.g. the CA of a
                      TLS-intercepting proxy)
  --insecure          do not verify TLS certificates (throwaway tests only)
  --timeout MS        connect and idle timeout in milliseconds
  --debug             log every request, redacted, to stderr (or NUBES_DEBUG=1)

Output:
  -o, --output MODE   table (default), json (stable field names; errors as JSON
                      on stderr) or text (tab-separated, no header: for scripts)
  --json              the same as -o json
  --fields A,B.C      the fields to keep (-o json) or print (-o text)
  -q, --quiet         no progress bars, no notes
  --progress          progress bars even when stderr is not a terminal
  -h, --help          help for nubes, an area or a command
  -V, --version       print the version`;

/** The main help. */
export function mainHelp(areas: readonly AreaCommands[]): string {
  const width = Math.max(...areas.map((a) => a.area.length)) + 2;
  return `nubes ${VERSION}: one command line for many clouds

Usage: nubes <area> <command> [arguments] [options]

Areas:
${areas.map((a) => `  ${a.area.padEnd(width)}${a.summary}`).join('\n')}

Other commands:
  providers [AREA]  the providers of each area
  configure         write a profile (credentials read from stdin)
  demo              a short tour on the embedded default (what \`npm start\` runs)
  help [AREA [CMD]] this help, or an area's or a command's
  completion SHELL  a completion script for bash, zsh or fish

Examples:
  nubes compute create-node --name web-1 --size small --image ubuntu-24.04
  nubes compute list-nodes --json
  nubes storage cp ./backup.tar.gz backups/
  NUBES_PROVIDER=digitalocean DIGITALOCEAN_TOKEN=... nubes compute list-nodes

${GLOBAL_HELP}

Exit codes: 0 ok, 1 the provider or the network failed, 2 usage or configuration error,\n130 interrupted.
More: ${docsUrl('cli.md')}
`;
}

/** An area's help. */
export function areaHelp(area: AreaCommands): string {
  const width = Math.max(...area.commands.map((c) => c.name.length)) + 2;
  return `Usage: nubes ${area.area} <command> [arguments] [options]

${area.summary}

Commands:
${area.commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Run 'nubes ${area.area} <command> --help' for a command's arguments,
'nubes --help' for the options every command takes.
`;
}

/** A command's help. */
export function commandHelp(area: AreaCommands, command: Command): string {
  return `Usage: nubes ${area.area} ${command.usage} [options]

${command.summary}
${command.details ? `\n${command.details}\n` : ''}
Run 'nubes --help' for the options every command takes (provider, credentials,
proxy, --output). More: ${docsUrl('cli.md')}
`;
}
