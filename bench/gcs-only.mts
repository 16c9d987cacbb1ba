import { formatStorageRows, runStorageBench } from './storage.js';
const MiB = 1024 * 1024;
const sizes = (process.env.SIZES ?? '256').split(',').map((s) => Number(s) * MiB);
console.log(formatStorageRows(await runStorageBench({ targets: ['gcs-fake'], sizes, runs: 2, log: (l) => console.error(l) })));
