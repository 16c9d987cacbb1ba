// The layering rules of nubes, checked by `npm run lint:deps` (part of `npm run lint`,
// which CI runs). docs/architecture.md explains them; this file enforces them.
//
// Layers, bottom to top (a layer imports only layers below it):
//   1. common leaves   src/common/{errors/, redact, xml, validate, sleep, bounded-read, builtins}.ts,
//                      src/version.ts
//   2. connection      src/connection/** (the transport in src/connection/transport/)
//   3. families/base   every other module of src/common/ (aws, openstack, azure, oauth,
//                      base-driver, registry, capabilities, pagination, poll, ...)
//   4. areas           src/drivers/**
//   5. entries         src/cli/**, src/testing/**, src/index.ts
//
// Keep LEAVES in step with the "common leaves" list of docs/architecture.md.

/** The common leaf helpers: the only part of src/common that src/connection may import. */
const LEAVES = [
  '^src/common/errors/',
  '^src/common/redact\\.ts$',
  '^src/common/xml\\.ts$',
  '^src/common/validate\\.ts$',
  '^src/common/sleep\\.ts$',
  '^src/common/bounded-read\\.ts$',
  '^src/common/builtins\\.ts$',
  '^src/version\\.ts$',
];

/** What a driver may import from src/connection: the public Connection, Response and their types. */
const CONNECTION_PUBLIC = '^src/connection/(connection|response|connection-key|types|index)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
/** An area's vocabulary and value classes. */
const AREA_TYPES = '^src/drivers/[^/]+/types\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycle in src/, type-only imports included: split the shared part into its own module.',
      severity: 'error',
      from: { path: '^src/' },
      // The one allowed exception: an area's value classes (types.ts) type their `driver`
      // field with the area's driver class (base.ts), which re-exports them. That loop is
      // type-only from types.ts; the next rule keeps it so.
      to: { circular: true, viaNot: AREA_TYPES },
    },
    {
      name: 'area-types-import-base-as-types-only',
      comment: "An area's types.ts may name its driver class from base.ts as a type (value classes' `driver` field), never import a value from it.",
      severity: 'error',
      from: { path: AREA_TYPES },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'leaves-import-only-leaves',
      comment: 'A common leaf (errors, redact, xml, validate, sleep, bounded-read, version) imports only other leaves and node/npm modules.',
      severity: 'error',
      from: { path: LEAVES },
      to: { path: '^src/', pathNot: LEAVES },
    },
    {
      name: 'connection-imports-only-leaves',
      comment: 'src/connection may import only the common leaves (errors, redact, xml, validate, sleep, bounded-read, version), never a family, a driver, the CLI or testing.',
      severity: 'error',
      from: { path: '^src/connection/' },
      to: { path: '^src/', pathNot: ['^src/connection/', ...LEAVES] },
    },
    {
      name: 'common-not-drivers-cli-testing',
      comment: 'src/common (families and the base driver) never imports src/drivers, src/cli, src/testing or the root entry.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: ['^src/drivers/', '^src/cli/', '^src/testing/', '^src/index\\.ts$'] },
    },
    {
      name: 'common-not-transport',
      comment: 'Families talk to the network through Connection, never through a transport.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/connection/transport/' },
    },
    {
      name: 'drivers-not-transport-or-connection-internals',
      comment:
        'A driver uses the public Connection/Response (and their types) only: no transport, no retry/body/proxy/tls/debug internals. ' +
        'Generic helpers live in a common leaf (sleep: src/common/sleep.ts; bounded body reads: src/common/bounded-read.ts).',
      severity: 'error',
      from: { path: '^src/drivers/' },
      to: { path: '^src/connection/', pathNot: CONNECTION_PUBLIC },
    },
    {
      name: 'drivers-not-cli-testing',
      comment: 'Drivers never import the CLI, the testing helpers or the root entry.',
      severity: 'error',
      from: { path: '^src/drivers/' },
      to: { path: ['^src/cli/', '^src/testing/', '^src/index\\.ts$'] },
    },
    {
      name: 'testing-not-cli',
      comment: 'src/testing may import anything below it, but not the CLI.',
      severity: 'error',
      from: { path: '^src/testing/' },
      to: { path: ['^src/cli/', '^src/index\\.ts$'] },
    },
    {
      name: 'cli-not-root-entry',
      comment: 'The CLI imports the modules it needs, not the root entry (keeps the graph a tree at the top).',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports count: a type cycle is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
