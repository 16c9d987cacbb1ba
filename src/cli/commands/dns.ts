/**
 * `nubes dns ...`: zones and records, and a zone as a BIND file.
 */
import { NotFoundError } from '../../common/errors/index.js';
import { RecordType, type DNSDriver, type Zone } from '../../drivers/dns/base.js';
import { UsageError } from '../usage-error.js';
import type { AreaCommands, Command } from '../command.js';
import { recordJson, zoneJson } from '../json.js';

/** A zone by id, or else by domain name (`example.com` or `example.com.`). */
export async function findZone(driver: DNSDriver, idOrDomain: string): Promise<Zone> {
  try {
    return await driver.getZone(idOrDomain);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    const domain = idOrDomain.replace(/\.$/, '').toLowerCase();
    for await (const zone of driver.iterateZones()) if (zone.domain.toLowerCase() === domain) return zone;
    throw err;
  }
}

const listZones: Command = {
  name: 'list-zones',
  summary: 'list zones',
  usage: 'list-zones',
  args: [0, 0],
  async run(ctx) {
    const driver = await ctx.driver<DNSDriver>();
    await ctx.out.list(
      await driver.listZones(),
      [
        { header: 'ID', value: (z) => z.id },
        { header: 'DOMAIN', value: (z) => z.domain },
        { header: 'TYPE', value: (z) => z.type },
        { header: 'TTL', value: (z) => z.ttl, right: true },
      ],
      zoneJson,
      '(no zones)',
    );
  },
};

const listRecords: Command = {
  name: 'list-records',
  summary: 'list the records of a zone (by id or domain)',
  usage: 'list-records ZONE',
  args: [1, 1],
  async run(ctx) {
    const driver = await ctx.driver<DNSDriver>();
    const zone = await findZone(driver, ctx.args[0]!);
    await ctx.out.list(
      await driver.listRecords(zone),
      [
        { header: 'ID', value: (r) => r.id },
        { header: 'NAME', value: (r) => r.name || '@' },
        { header: 'TYPE', value: (r) => r.type },
        { header: 'TTL', value: (r) => r.ttl, right: true },
        { header: 'PRIO', value: (r) => r.priority, right: true },
        { header: 'DATA', value: (r) => r.data },
      ],
      recordJson,
      '(no records)',
    );
  },
};

const exportZone: Command = {
  name: 'export',
  summary: 'print a zone as a BIND zone file',
  usage: 'export ZONE',
  details: 'Prints RFC 1035 master-file text to stdout (with --json: {"zone", "bind"}).',
  args: [1, 1],
  async run(ctx) {
    const driver = await ctx.driver<DNSDriver>();
    const zone = await findZone(driver, ctx.args[0]!);
    const text = await driver.exportZoneToBindFormat(zone);
    if (ctx.out.json) await ctx.out.result('', { zone: zoneJson(zone), bind: text });
    else await ctx.out.text(text);
  },
};

const createZone: Command = {
  name: 'create-zone',
  summary: 'create a zone',
  usage: 'create-zone DOMAIN [--ttl SECONDS]',
  flags: ['ttl'],
  args: [1, 1],
  async run(ctx) {
    const driver = await ctx.driver<DNSDriver>();
    const ttl = ctx.flags.ttl === undefined ? undefined : integer(ctx.flags.ttl, '--ttl', 'dns create-zone');
    const zone = await driver.createZone(ctx.args[0]!, ttl === undefined ? {} : { ttl });
    await ctx.out.result(`created zone ${zone.domain} (id ${zone.id})`, zoneJson(zone));
  },
};

function integer(text: string, flag: string, topic: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} must be a non-negative integer (got ${JSON.stringify(text)})`, topic);
  return value;
}

const createRecord: Command = {
  name: 'create-record',
  summary: 'create a record in a zone (by id or domain)',
  usage: 'create-record ZONE --name NAME --type TYPE --data DATA [--ttl SECONDS] [--priority N]',
  details: "NAME is relative to the zone ('' or @ for the apex). MX and SRV records need --priority.",
  flags: ['name', 'type', 'data', 'ttl', 'priority'],
  args: [1, 1],
  async run(ctx) {
    const topic = 'dns create-record';
    const { name, type, data } = ctx.flags;
    const missing = (['name', 'type', 'data'] as const).filter((f) => ctx.flags[f] === undefined).map((f) => `--${f}`);
    if (missing.length > 0) throw new UsageError(`create-record needs ${missing.join(', ')}`, topic);
    const rtype = recordType(type!, topic);
    const driver = await ctx.driver<DNSDriver>();
    const zone = await findZone(driver, ctx.args[0]!);
    const record = await driver.createRecord(zone.id, {
      name: name === '@' ? '' : name!,
      type: rtype,
      data: data!,
      ...(ctx.flags.ttl !== undefined ? { ttl: integer(ctx.flags.ttl, '--ttl', topic) } : {}),
      ...(ctx.flags.priority !== undefined ? { priority: integer(ctx.flags.priority, '--priority', topic) } : {}),
    });
    await ctx.out.result(`created ${record.type} record ${record.fqdn} (id ${record.id})`, recordJson(record));
  },
};

function recordType(type: string, topic: string): RecordType {
  const upper = type.toUpperCase() as RecordType;
  if (!Object.values(RecordType).includes(upper)) {
    throw new UsageError(`--type must be a record type (${Object.values(RecordType).join(', ')}); got ${JSON.stringify(type)}`, topic);
  }
  return upper;
}

const updateRecord: Command = {
  name: 'update-record',
  summary: 'change a record of a zone (by record id, as list-records prints it)',
  usage: 'update-record ZONE RECORD_ID [--name NAME] [--type TYPE] [--data DATA] [--ttl SECONDS] [--priority N]',
  details: 'Only the given fields change. Prints the record as it is now.',
  flags: ['name', 'type', 'data', 'ttl', 'priority'],
  args: [2, 2],
  async run(ctx) {
    const topic = 'dns update-record';
    const { name, type, data, ttl, priority } = ctx.flags;
    if ([name, type, data, ttl, priority].every((v) => v === undefined)) {
      throw new UsageError('update-record needs at least one of --name, --type, --data, --ttl, --priority', topic);
    }
    const changes = {
      ...(name !== undefined ? { name: name === '@' ? '' : name } : {}),
      ...(type !== undefined ? { type: recordType(type, topic) } : {}),
      ...(data !== undefined ? { data } : {}),
      ...(ttl !== undefined ? { ttl: integer(ttl, '--ttl', topic) } : {}),
      ...(priority !== undefined ? { priority: integer(priority, '--priority', topic) } : {}),
    };
    const driver = await ctx.driver<DNSDriver>();
    const zone = await findZone(driver, ctx.args[0]!);
    const record = await driver.updateRecord(await driver.getRecord(zone, ctx.args[1]!), changes);
    await ctx.out.result(`updated ${record.type} record ${record.fqdn} (id ${record.id})`, recordJson(record));
  },
};

const deleteRecord: Command = {
  name: 'delete-record',
  summary: 'delete records of a zone (by record id)',
  usage: 'delete-record ZONE RECORD_ID...',
  args: [2, Infinity],
  async run(ctx) {
    const driver = await ctx.driver<DNSDriver>();
    const zone = await findZone(driver, ctx.args[0]!);
    const removed: string[] = [];
    for (const id of ctx.args.slice(1)) {
      await driver.deleteRecord(await driver.getRecord(zone, id));
      removed.push(id);
    }
    await ctx.out.result(removed.map((id) => `deleted record ${id} of ${zone.domain}`).join('\n'), { zone: zone.id, removed, ok: true });
  },
};

/** The DNS commands. */
export const dnsCommands: AreaCommands = {
  area: 'dns',
  summary: 'DNS: zones and records; export a zone as a BIND file',
  commands: [listZones, listRecords, exportZone, createZone, createRecord, updateRecord, deleteRecord],
};
