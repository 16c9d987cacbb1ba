/**
 * REST + XML AWS services (Route 53, S3): resources are paths, bodies are XML documents
 * the driver writes, and every request is signed with SigV4 in `preConnectHook`.
 */
import type { RequestBody } from '../../connection/body.js';
import { AwsConnection } from './aws-connection.js';

/** The content type of the XML bodies REST-XML services take. */
export const XML_CONTENT_TYPE = 'application/xml';

/**
 * A connection for a REST-XML service. Subclasses set `awsService`; `s3Style: true`
 * there selects S3's rules (path neither normalised nor double-encoded,
 * `x-amz-content-sha256` sent on every request, `UNSIGNED-PAYLOAD` for streams).
 *
 * @example
 * ```ts
 * import { AwsRestXmlConnection, route53Endpoint } from 'nubes/aws';
 *
 * class Route53Connection extends AwsRestXmlConnection {
 *   static override readonly awsService = {
 *     service: 'route53',
 *     endpoint: (region: string) => route53Endpoint(region).host,
 *     signingRegion: (region: string) => route53Endpoint(region).signingRegion,
 *   };
 * }
 * const conn = new Route53Connection(process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!);
 * const res = await conn.request('/2013-04-01/hostedzone');
 * ```
 */
export abstract class AwsRestXmlConnection extends AwsConnection {
  /** Labels a string body that is an XML document (and has no content type) `application/xml`; the rest as the base does. */
  protected override encodeData(data: unknown, headers: Record<string, string>): RequestBody | undefined {
    if (typeof data === 'string' && /^\s*</.test(data) && !('content-type' in headers)) headers['content-type'] = XML_CONTENT_TYPE;
    return super.encodeData(data, headers);
  }
}
