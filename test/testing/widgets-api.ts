/**
 * A tiny made-up "Widgets" API client used by the testing-kit tests: a ConnectionKey
 * subclass (bearer token) parsing JSON, the shape a real driver's connection has.
 */
import { fileURLToPath } from 'node:url';
import { ConnectionKey, JsonResponse } from '../../src/index.js';

/** Where the fixture files of these tests live. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/widgets/', import.meta.url));

/** The JSON shape of a widget. */
export interface WidgetJson {
  id: string;
  name: string;
}

/** Bearer-token connection to the Widgets API (default host api.widgets.test). */
export class WidgetsConnection extends ConnectionKey {
  protected override responseCls = JsonResponse;

  protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
    return { ...headers, authorization: `Bearer ${this.key}`, accept: 'application/json' };
  }

  /** Every widget, following `next` page numbers. */
  async listWidgets(): Promise<WidgetJson[]> {
    const out: WidgetJson[] = [];
    let page: number | null = 1;
    while (page !== null) {
      const res: { object: { widgets: WidgetJson[]; next: number | null } } = await this.request('/v1/widgets', {
        params: page === 1 ? {} : { page },
      });
      out.push(...res.object.widgets);
      page = res.object.next;
    }
    return out;
  }
}
