/**
 * The connection of the Azure DNS driver: the Resource Manager connection of the Azure
 * family (bearer token from Entra ID, ARM errors, api-versions, paging, long-running
 * operations). A 404 on a zone is ZoneDoesNotExistError, on a record set
 * RecordDoesNotExistError (ZoneDoesNotExistError when ARM says the parent zone is missing).
 */
import { ArmConnection, ArmResponse } from '../../../common/azure/arm-connection.js';
import { NotFoundError, RecordDoesNotExistError, ZoneDoesNotExistError, type NubesError } from '../../../common/errors/index.js';
import { asErrorClass } from '../../../common/errors/index.js';

const ZONE_PATH = /\/providers\/Microsoft\.Network\/dnszones\/[^/]+(\/recordsets|\/all)?$/i;
const SET_PATH = /\/providers\/Microsoft\.Network\/dnszones\/[^/]+\/[A-Za-z]+\/[^/]+$/i;

/** ARM errors, with 404s on zones and record sets mapped to the DNS area's errors. */
export class AzureDNSResponse<T = unknown> extends ArmResponse<T> {
  override async parseError(): Promise<NubesError> {
    const err = await super.parseError();
    if (!(err instanceof NotFoundError)) return err;
    let path: string;
    try {
      path = new URL(this.url).pathname;
    } catch {
      return err;
    }
    if (ZONE_PATH.test(path) || (SET_PATH.test(path) && err.providerCode === 'ParentResourceNotFound')) return asErrorClass(err, ZoneDoesNotExistError);
    if (SET_PATH.test(path)) return asErrorClass(err, RecordDoesNotExistError);
    return err;
  }
}

/** The Azure DNS connection. */
export class AzureDNSConnection extends ArmConnection {
  protected override responseCls = AzureDNSResponse;
}
