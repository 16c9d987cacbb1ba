import { describe, expect, it } from 'vitest';
import { COMPUTE_METHODS, Node, NodeDriver, type NodeSize } from '../../src/drivers/compute/index.js';
import { capabilityProblems, expectCapabilitiesImplemented } from './capabilities.js';

abstract class Meta extends NodeDriver {
  readonly type = 't';
  readonly name = 'T';
  readonly website = 'https://example.invalid';
}

class Consistent extends Meta {
  static override readonly capabilities = ['listNodes', 'getNode', 'listSizes'] as const;
  override async *iterateNodes(): AsyncGenerator<Node, void, undefined> {
    // none
  }
  override async listSizes(): Promise<NodeSize[]> {
    return [];
  }
}

class DeclaresTooMuch extends Meta {
  static override readonly capabilities = ['listNodes', 'createNode'] as const;
  override async listNodes(): Promise<Node[]> {
    return [];
  }
}

class DeclaresTooLittle extends Meta {
  static override readonly capabilities = ['listNodes'] as const;
  override async listNodes(): Promise<Node[]> {
    return [];
  }
  override async rebootNode(): Promise<void> {
    // reboots
  }
}

class Unknown extends Meta {
  static override readonly capabilities = ['listNodes', 'teleport'] as unknown as readonly ['listNodes'];
  override async listNodes(): Promise<Node[]> {
    return [];
  }
}

class Child extends Consistent {}

describe('expectCapabilitiesImplemented', () => {
  it('accepts a driver whose declarations match its overrides, counting an iterate twin and a derived method', () => {
    expectCapabilitiesImplemented(Consistent, NodeDriver, COMPUTE_METHODS, { derived: { getNode: 'listNodes' } });
  });

  it('finds overrides inherited from an intermediate driver class', () => {
    expectCapabilitiesImplemented(Child, NodeDriver, COMPUTE_METHODS, { derived: { getNode: 'listNodes' } });
  });

  it('reports a derived method as missing when it is not declared as derived', () => {
    expect(capabilityProblems(Consistent, NodeDriver, COMPUTE_METHODS)).toEqual([
      'Consistent declares getNode but does not override it (the NodeDriver method would run)',
    ]);
  });

  it('reports a declared capability the driver does not override', () => {
    expect(capabilityProblems(DeclaresTooMuch, NodeDriver, COMPUTE_METHODS)).toEqual([
      'DeclaresTooMuch declares createNode but does not override it (the NodeDriver method would run)',
    ]);
  });

  it('reports an override that is not declared', () => {
    expect(capabilityProblems(DeclaresTooLittle, NodeDriver, COMPUTE_METHODS)).toEqual([
      'DeclaresTooLittle overrides rebootNode but does not declare it in static capabilities',
    ]);
  });

  it('reports a declared name that is not a method of the area', () => {
    expect(capabilityProblems(Unknown, NodeDriver, COMPUTE_METHODS)).toEqual(['Unknown declares teleport, which is not a method of NodeDriver']);
  });
});
