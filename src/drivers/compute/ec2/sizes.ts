/**
 * A static table of common EC2 instance types: enrichment only.
 *
 * `listSizes()` lists what the region offers with DescribeInstanceTypes (vCPUs, memory,
 * instance storage, architectures from the API). This table only fills a field the
 * API leaves out for a type it knows. Prices are not in DescribeInstanceTypes (they live
 * in the separate Pricing API and differ per region), so sizes carry none.
 */

/** Extra fields of an EC2 size. */
export type Ec2SizeExtra = {
  /** The family, e.g. `t3`, `m7g`. */
  readonly family: string;
  /** CPU architecture. */
  readonly architecture: 'x86_64' | 'arm64';
  /** True for burstable (T) types (`burstablePerformanceSupported`). */
  readonly burstable: boolean;
  /** Every architecture the type supports (`processorInfo.supportedArchitectures`), e.g. `['i386', 'x86_64']`. */
  readonly architectures: readonly string[];
  /** Whether the type is current generation (`currentGeneration`), when the API says. */
  readonly currentGeneration: boolean | undefined;
};

/** One row of the table. */
export interface Ec2SizeRow {
  /** Instance type, e.g. `t3.micro`. */
  readonly id: string;
  /** Virtual CPUs. */
  readonly vcpus: number;
  /** Memory in MiB. */
  readonly ram: number;
  /** Instance store in GB; 0 for EBS-only types. */
  readonly disk: number;
  /** CPU architecture the type runs. */
  readonly architecture: 'x86_64' | 'arm64';
}

const GiB = 1024;

function family(rows: readonly [string, number, number][], architecture: 'x86_64' | 'arm64', disk: (size: string) => number = () => 0): Ec2SizeRow[] {
  return rows.map(([id, vcpus, ram]) => ({ id, vcpus, ram, disk: disk(id), architecture }));
}

/** Common current-generation instance types. */
export const EC2_SIZES: readonly Ec2SizeRow[] = [
  ...family(
    [
      ['t3.nano', 2, 0.5 * GiB],
      ['t3.micro', 2, 1 * GiB],
      ['t3.small', 2, 2 * GiB],
      ['t3.medium', 2, 4 * GiB],
      ['t3.large', 2, 8 * GiB],
      ['t3.xlarge', 4, 16 * GiB],
      ['t3.2xlarge', 8, 32 * GiB],
    ],
    'x86_64',
  ),
  ...family(
    [
      ['t4g.nano', 2, 0.5 * GiB],
      ['t4g.micro', 2, 1 * GiB],
      ['t4g.small', 2, 2 * GiB],
      ['t4g.medium', 2, 4 * GiB],
      ['t4g.large', 2, 8 * GiB],
      ['t4g.xlarge', 4, 16 * GiB],
      ['t4g.2xlarge', 8, 32 * GiB],
    ],
    'arm64',
  ),
  ...family(
    [
      ['m6i.large', 2, 8 * GiB],
      ['m6i.xlarge', 4, 16 * GiB],
      ['m6i.2xlarge', 8, 32 * GiB],
      ['m6i.4xlarge', 16, 64 * GiB],
      ['m6i.8xlarge', 32, 128 * GiB],
      ['m7i.large', 2, 8 * GiB],
      ['m7i.xlarge', 4, 16 * GiB],
      ['m7i.2xlarge', 8, 32 * GiB],
      ['c6i.large', 2, 4 * GiB],
      ['c6i.xlarge', 4, 8 * GiB],
      ['c6i.2xlarge', 8, 16 * GiB],
      ['c7i.large', 2, 4 * GiB],
      ['c7i.xlarge', 4, 8 * GiB],
      ['r6i.large', 2, 16 * GiB],
      ['r6i.xlarge', 4, 32 * GiB],
      ['r6i.2xlarge', 8, 64 * GiB],
    ],
    'x86_64',
  ),
  ...family(
    [
      ['m7g.medium', 1, 4 * GiB],
      ['m7g.large', 2, 8 * GiB],
      ['m7g.xlarge', 4, 16 * GiB],
      ['c7g.medium', 1, 2 * GiB],
      ['c7g.large', 2, 4 * GiB],
      ['c7g.xlarge', 4, 8 * GiB],
      ['r7g.medium', 1, 8 * GiB],
      ['r7g.large', 2, 16 * GiB],
    ],
    'arm64',
  ),
  ...family(
    [
      ['m6id.large', 2, 8 * GiB],
      ['m6id.xlarge', 4, 16 * GiB],
      ['c6id.large', 2, 4 * GiB],
    ],
    'x86_64',
    (id) => ({ 'm6id.large': 118, 'm6id.xlarge': 237, 'c6id.large': 118 })[id] ?? 0,
  ),
];
