/**
 * `nubes lb ...`: load balancers.
 */
import type { LoadBalancerDriver } from '../../drivers/loadbalancer/base.js';
import type { AreaCommands, Command } from '../command.js';
import { balancerJson } from '../json.js';

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

/** The load balancer commands. */
export const lbCommands: AreaCommands = {
  area: 'lb',
  summary: 'load balancers: list',
  commands: [list],
};
