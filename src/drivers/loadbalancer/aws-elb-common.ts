/**
 * What the Elastic Load Balancing drivers (classic ELB and ALB, both Query APIs at
 * `elasticloadbalancing.<region>.amazonaws.com`) share: error mapping, the driver options
 * and small helpers for Query answers and options.
 */
import { AwsXmlResponse, type AwsErrorClass } from '../../common/aws/index.js';
import { ConflictError, InvalidArgumentError, LoadBalancerDoesNotExistError, NotFoundError } from '../../common/errors/index.js';
import { xmlChild, xmlChildren, xmlText, type XmlElement } from '../../common/xml.js';
import type { ConnectionOptions } from '../../connection/connection.js';

/**
 * Elastic Load Balancing answers: `LoadBalancerNotFound` → LoadBalancerDoesNotExistError,
 * `TargetGroupNotFound` / `ListenerNotFound` → NotFoundError, duplicates and
 * `ResourceInUse` → ConflictError; auth and throttling codes as every AWS answer.
 */
export class ElbResponse extends AwsXmlResponse {
  protected override errorClassFor(code: string, status: number): AwsErrorClass | undefined {
    if (code === 'LoadBalancerNotFound') return LoadBalancerDoesNotExistError;
    if (code === 'TargetGroupNotFound' || code === 'ListenerNotFound') return NotFoundError;
    if (/^Duplicate/.test(code) || code === 'ResourceInUse') return ConflictError;
    return super.errorClassFor(code, status);
  }
}

/** Options of the ELB and ALB drivers. */
export interface AwsLoadBalancerOptions extends ConnectionOptions {
  /** AWS region (default `us-east-1`). */
  region?: string;
  /** Session token of temporary credentials. Redacted everywhere. */
  sessionToken?: string;
  /** Time source for signatures (default the system clock). */
  clock?: () => Date;
}

/** The `<XxxResult>` element of a Query answer `<XxxResponse>`. */
export function queryResult(doc: XmlElement, action: string): XmlElement | undefined {
  return xmlChild(xmlChild(doc, `${action}Response`), `${action}Result`);
}

/** The `<member>` children of `el`'s child `name` (Query lists). */
export function members(el: XmlElement | undefined, name: string): XmlElement[] {
  return xmlChildren(xmlChild(el, name), 'member');
}

/** The texts of `<name><member>text</member>…</name>`. */
export function memberTexts(el: XmlElement | undefined, name: string): string[] {
  return members(el, name).map((m) => xmlText(m) ?? '');
}

/** A number child, or undefined. */
export function xmlNumber(el: XmlElement | undefined, name: string): number | undefined {
  const t = xmlText(el, name);
  return t === undefined || t === '' ? undefined : Number(t);
}

/** Checks the `exScheme` option of ELB and ALB: `internet-facing`, `internal` or absent. */
export function checkScheme(value: unknown): 'internet-facing' | 'internal' | undefined {
  if (value !== undefined && value !== 'internal' && value !== 'internet-facing') {
    throw new InvalidArgumentError(`exScheme must be 'internet-facing' or 'internal'`, { option: 'exScheme' });
  }
  return value;
}
