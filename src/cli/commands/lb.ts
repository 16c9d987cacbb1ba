/**
 * `nubes lb ...`: load balancers and their members.
 */
import { Algorithm, Member, type CreateBalancerOptions, type LoadBalancerDriver } from '../../drivers/loadbalancer/base.js';
import { parseOptionValue } from '../config.js';
import type { AreaCommands, Command } from '../command.js';
import { balancerJson, memberJson } from '../json.js';
import { UsageError } from '../usage-error.js';

const list: Command = {
  name: 'list',
  summary: 'list load balancers',
  usage: 'list',
  args: [0, 0],
  async run(ctx) {
    const driver = await ctx.driver<LoadBalancerDriver>();
    await ctx.out.list(
      await driver.listBalancers(),
      [
        { header: 'ID', value: (b) => b.id },
        { header: 'NAME', value: (b) => b.name },
        { header: 'STATE', value: (b) => b.state },
        { header: 'IP', value: (b) => b.ip },
        { header: 'PORT', value: (b) => b.port, right: true },
      ],
      balancerJson,
      '(no load balancers)',
    );
  },
};

function port(text: string, what: string, topic: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new UsageError(`${what} must be a port from 1 to 65535 (got ${JSON.stringify(text)})`, topic);
  return value;
}

/** `ID` or `ID:PORT` (a droplet id, an EC2 instance id, ...) as a Member. */
function member(spec: string, topic: string): Member {
  const colon = spec.lastIndexOf(':');
  const id = colon > 0 ? spec.slice(0, colon) : spec;
  if (id === '') throw new UsageError(`a member is ID or ID:PORT (got ${JSON.stringify(spec)})`, topic);
  return new Member({ id, ip: undefined, port: colon > 0 ? port(spec.slice(colon + 1), `the port of member ${id}`, topic) : undefined, extra: {} });
}

const members: Command = {
  name: 'members',
  summary: 'list the members of a load balancer',
  usage: 'members BALANCER',
  args: [1, 1],
  async run(ctx) {
    const driver = await ctx.driver<LoadBalancerDriver>();
    await ctx.out.list(
      await driver.balancerListMembers(ctx.args[0]!),
      [
        { header: 'ID', value: (m) => m.id },
        { header: 'IP', value: (m) => m.ip },
        { header: 'PORT', value: (m) => m.port, right: true },
      ],
      memberJson,
      '(no members)',
    );
  },
};

const create: Command = {
  name: 'create',
  summary: 'create a load balancer',
  usage: 'create --name NAME --port PORT --protocol PROTOCOL [--algorithm ALGORITHM] [--member ID[:PORT]]... [--ex exOPTION=VALUE]...',
  details: [
    `ALGORITHM: ${Object.values(Algorithm).join(', ')} (what the provider offers).`,
    'Members are the provider\'s ids (droplet ids, EC2 instance ids), with the port they serve on.',
    '--ex passes a provider option of createBalancer, e.g. --ex exRegion=ams3 (DigitalOcean),',
    '--ex exAvailabilityZones=\'["eu-west-1a"]\' (ELB); values parse like --driver-option.',
    '  nubes lb create --name shop --port 80 --protocol http --member 3164444:8080 --region ams3',
  ].join('\n'),
  flags: ['name', 'port', 'protocol', 'algorithm', 'member', 'ex'],
  args: [0, 0],
  async run(ctx) {
    const topic = 'lb create';
    const missing = (['name', 'port', 'protocol'] as const).filter((f) => ctx.flags[f] === undefined).map((f) => `--${f}`);
    if (missing.length > 0) throw new UsageError(`create needs ${missing.join(', ')}`, topic);
    const algorithm = ctx.flags.algorithm;
    if (algorithm !== undefined && !(Object.values(Algorithm) as string[]).includes(algorithm)) {
      throw new UsageError(`--algorithm must be one of ${Object.values(Algorithm).join(', ')} (got ${JSON.stringify(algorithm)})`, topic);
    }
    const extra: Record<string, unknown> = {};
    for (const pair of ctx.flags.ex ?? []) {
      const eq = pair.indexOf('=');
      const name = eq > 0 ? pair.slice(0, eq) : '';
      if (!/^ex[A-Z]/.test(name)) throw new UsageError(`--ex takes exOPTION=VALUE, a provider option of createBalancer (got ${JSON.stringify(pair)})`, topic);
      extra[name] = parseOptionValue(pair.slice(eq + 1));
    }
    const options: CreateBalancerOptions = {
      ...extra,
      name: ctx.flags.name!,
      port: port(ctx.flags.port!, '--port', topic),
      protocol: ctx.flags.protocol!,
      ...(algorithm !== undefined ? { algorithm: algorithm as Algorithm } : {}),
      ...(ctx.flags.member ? { members: ctx.flags.member.map((m) => member(m, topic)) } : {}),
    };
    const driver = await ctx.driver<LoadBalancerDriver>();
    const balancer = await driver.createBalancer(options);
    await ctx.out.result(`created load balancer ${balancer.name} (id ${balancer.id}, ${balancer.state})`, balancerJson(balancer));
  },
};

const attach: Command = {
  name: 'attach',
  summary: 'add members to a load balancer',
  usage: 'attach BALANCER MEMBER_ID[:PORT]...',
  args: [2, Infinity],
  async run(ctx) {
    const driver = await ctx.driver<LoadBalancerDriver>();
    const [balancer, ...specs] = ctx.args as [string, ...string[]];
    const wanted = specs.map((s) => member(s, 'lb attach'));
    const added: Member[] = [];
    for (const m of wanted) added.push(await driver.balancerAttachMember(balancer, m));
    await ctx.out.result(added.map((m) => `attached ${m.id}${m.port ? `:${m.port}` : ''} to ${balancer}`).join('\n'), { balancer, members: added.map(memberJson), ok: true });
  },
};

const detach: Command = {
  name: 'detach',
  summary: 'remove members from a load balancer',
  usage: 'detach BALANCER MEMBER_ID...',
  args: [2, Infinity],
  async run(ctx) {
    const driver = await ctx.driver<LoadBalancerDriver>();
    const [balancer, ...specs] = ctx.args as [string, ...string[]];
    for (const s of specs) await driver.balancerDetachMember(balancer, member(s, 'lb detach'));
    await ctx.out.result(specs.map((s) => `detached ${s} from ${balancer}`).join('\n'), { balancer, removed: specs, ok: true });
  },
};

const remove: Command = {
  name: 'delete',
  summary: 'delete load balancers (irreversible)',
  usage: 'delete BALANCER...',
  args: [1, Infinity],
  async run(ctx) {
    const driver = await ctx.driver<LoadBalancerDriver>();
    for (const id of ctx.args) await driver.destroyBalancer(id);
    await ctx.out.result(ctx.args.map((id) => `deleted load balancer ${id}`).join('\n'), { removed: [...ctx.args], ok: true });
  },
};

/** The load balancer commands. */
export const lbCommands: AreaCommands = {
  area: 'lb',
  summary: 'load balancers: list, create, attach and detach members, delete',
  commands: [list, members, create, attach, detach, remove],
};
