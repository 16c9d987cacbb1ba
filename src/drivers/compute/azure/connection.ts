/**
 * The connection of the Azure compute driver: the Resource Manager connection of the
 * Azure family (bearer token from Entra ID, ARM errors, api-versions, paging,
 * long-running operations). A 404 on a VM path becomes NodeDoesNotExistError.
 */
import { ArmConnection, ArmResponse } from '../../../common/azure/arm-connection.js';
import type { NubesError } from '../../../common/errors/index.js';
import { nodeNotFound } from '../node-not-found.js';

const VM_PATH = /\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+$/i;

/** ARM errors, with a 404 on a VM itself mapped to NodeDoesNotExistError. */
export class AzureNodeResponse<T = unknown> extends ArmResponse<T> {
  override async parseError(): Promise<NubesError> {
    return nodeNotFound(await super.parseError(), this.url, VM_PATH);
  }
}

/** The Azure compute connection. */
export class AzureNodeConnection extends ArmConnection {
  protected override responseCls = AzureNodeResponse;
}
