/**
 * `nubes compute ...`: nodes, sizes, images and locations.
 */
import type { Node, NodeDriver } from '../../drivers/compute/base.js';
import type { AreaCommands, Command, CommandContext } from '../command.js';
import { imageJson, locationJson, nodeJson, sizeJson } from '../json.js';
import { formatBytes } from '../output.js';
import { UsageError } from '../usage-error.js';

const idOf = (v: { id: string } | string | undefined): string | undefined => (v === undefined ? undefined : typeof v === 'string' ? v : v.id);

async function printNodes(ctx: CommandContext, nodes: readonly Node[]): Promise<void> {
  await ctx.out.list(
    nodes,
    [
      { header: 'ID', value: (n) => n.id },
      { header: 'NAME', value: (n) => n.name },
      { header: 'STATE', value: (n) => n.state },
      { header: 'PUBLIC IP', value: (n) => n.publicIps.join(',') },
      { header: 'PRIVATE IP', value: (n) => n.privateIps.join(',') },
      { header: 'SIZE', value: (n) => idOf(n.size) },
      { header: 'IMAGE', value: (n) => idOf(n.image) },
    ],
    nodeJson,
    '(no nodes)',
  );
}

const listNodes: Command = {
  name: 'list-nodes',
  summary: 'list nodes (servers)',
  usage: 'list-nodes',
  args: [0, 0],
  async run(ctx) {
    const driver = await ctx.driver<NodeDriver>();
    await printNodes(ctx, await driver.listNodes());
  },
};

const createNode: Command = {
  name: 'create-node',
  summary: 'create a node',
  usage: 'create-node --name NAME --size SIZE --image IMAGE [--location LOCATION] [--wait]',
  details: 'SIZE, IMAGE and LOCATION are ids as list-sizes, list-images and list-locations print them.\n--wait polls until the node is running and has a public IP (up to 10 minutes).',
  flags: ['name', 'size', 'image', 'location', 'wait'],
  args: [0, 0],
  async run(ctx) {
    const { name, size, image, location } = ctx.flags;
    const missing = (['name', 'size', 'image'] as const).filter((f) => !ctx.flags[f]).map((f) => `--${f}`);
    if (missing.length > 0) throw new UsageError(`create-node needs ${missing.join(', ')}`, 'compute create-node');
    const driver = await ctx.driver<NodeDriver>();
    let node = await driver.createNode({ name: name!, size: size!, image: image!, ...(location ? { location } : {}) });
    if (ctx.flags.wait) {
      await ctx.note(`waiting for ${node.name} (${node.id}) to run...`);
      [node] = (await driver.waitUntilRunning([node], ctx.signal ? { signal: ctx.signal } : {})) as [Node];
    }
    await ctx.out.result(`created node ${node.name} (id ${node.id}, ${node.state})`, nodeJson(node));
  },
};

function nodeAction(name: 'reboot-node' | 'destroy-node', summary: string, verb: string, call: (d: NodeDriver, id: string) => Promise<void>): Command {
  return {
    name,
    summary,
    usage: `${name} ID`,
    args: [1, 1],
    async run(ctx) {
      const id = ctx.args[0]!;
      const driver = await ctx.driver<NodeDriver>();
      await call(driver, id);
      await ctx.out.result(`${verb} node ${id}`, { id, action: name.replace('-node', ''), ok: true });
    },
  };
}

const listSizes: Command = {
  name: 'list-sizes',
  summary: 'list machine sizes',
  usage: 'list-sizes [--location LOCATION]',
  flags: ['location'],
  args: [0, 0],
  async run(ctx) {
    const driver = await ctx.driver<NodeDriver>();
    const sizes = await driver.listSizes(ctx.flags.location);
    await ctx.out.list(
      sizes,
      [
        { header: 'ID', value: (s) => s.id },
        { header: 'NAME', value: (s) => s.name },
        { header: 'VCPUS', value: (s) => s.vcpus, right: true },
        { header: 'RAM', value: (s) => formatBytes(s.ram * 1024 * 1024), right: true },
        { header: 'DISK GB', value: (s) => s.disk, right: true },
        { header: 'PRICE/H', value: (s) => (s.price === undefined ? undefined : `$${s.price}`), right: true },
      ],
      sizeJson,
      '(no sizes)',
    );
  },
};

const listImages: Command = {
  name: 'list-images',
  summary: 'list images',
  usage: 'list-images [--location LOCATION]',
  flags: ['location'],
  args: [0, 0],
  async run(ctx) {
    const driver = await ctx.driver<NodeDriver>();
    const images = await driver.listImages(ctx.flags.location);
    await ctx.out.list(
      images,
      [
        { header: 'ID', value: (i) => i.id },
        { header: 'NAME', value: (i) => i.name },
      ],
      imageJson,
      '(no images)',
    );
  },
};

const listLocations: Command = {
  name: 'list-locations',
  summary: 'list regions and zones',
  usage: 'list-locations',
  args: [0, 0],
  async run(ctx) {
    const driver = await ctx.driver<NodeDriver>();
    const locations = await driver.listLocations();
    await ctx.out.list(
      locations,
      [
        { header: 'ID', value: (l) => l.id },
        { header: 'NAME', value: (l) => l.name },
        { header: 'COUNTRY', value: (l) => l.country },
      ],
      locationJson,
      '(no locations)',
    );
  },
};

/** The compute commands. */
export const computeCommands: AreaCommands = {
  area: 'compute',
  summary: 'servers: list, create, reboot and destroy nodes; sizes, images, locations',
  commands: [
    listNodes,
    createNode,
    nodeAction('reboot-node', 'reboot a node', 'rebooted', (d, id) => d.rebootNode(id)),
    nodeAction('destroy-node', 'destroy a node (irreversible)', 'destroyed', (d, id) => d.destroyNode(id)),
    listSizes,
    listImages,
    listLocations,
  ],
};
