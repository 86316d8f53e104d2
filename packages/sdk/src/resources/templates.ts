import * as z from 'zod/mini';
import { HandoverTemplateSchema, type HandoverTemplate } from '@c2c/schema';
import type { RequestOptions, Transport } from '../client.js';
import { fromResponse } from '../client.js';
import { seg } from '../internal/path.js';

const TemplateList = z.object({ data: z.array(HandoverTemplateSchema) });

/** Handover templates: the sections and questions for each transition. */
export class TemplatesResource {
  #t: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Every template the hub offers. */
  async list(opts?: RequestOptions): Promise<HandoverTemplate[]> {
    const res = await this.#t.request({ method: 'GET', path: '/v1/templates', schema: TemplateList, options: opts });
    return fromResponse(res, res.data);
  }

  /** One template by id. */
  get(id: string, opts?: RequestOptions): Promise<HandoverTemplate> {
    return this.#t.request({
      method: 'GET',
      path: `/v1/templates/${seg(id)}`,
      route: '/v1/templates/:id',
      schema: HandoverTemplateSchema,
      options: opts,
    });
  }
}
