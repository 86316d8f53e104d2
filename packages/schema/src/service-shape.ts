// Written by packages/schema/scripts/write-service-shape.ts from ServiceSchema (service.ts): do not edit. Run the
// script again after changing ServiceSchema; test/service-check.test.ts fails until then.
import type { Shape } from './service-check.js';

/** The JSON Schema of `ServiceSchema`, with its own messages, for `checkService`. */
export const SERVICE_SHAPE: Shape = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    name: { type: 'string', minLength: 1, 'x-message': { minLength: 'A service needs a name.' } },
    status: { type: 'string', enum: ['active', 'inactive', 'defunct', 'temporarily closed'] },
    description: { type: 'string' },
    url: { type: 'string' },
    email: { type: 'string' },
    organisation: {
      type: 'object',
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 200 },
        name: { type: 'string' },
        url: { type: 'string' },
      },
      required: ['id', 'name'],
      additionalProperties: false,
    },
    locations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 200 },
          name: { type: 'string' },
          address: {
            type: 'object',
            properties: {
              line1: { type: 'string' },
              line2: { type: 'string' },
              city: { type: 'string' },
              region: { type: 'string' },
              postcode: { type: 'string' },
              country: { type: 'string' },
            },
            required: ['line1', 'city', 'postcode', 'country'],
            additionalProperties: false,
          },
          latitude: { type: 'number', minimum: -90, maximum: 90 },
          longitude: { type: 'number', minimum: -180, maximum: 180 },
          accessibility: { type: 'array', items: { type: 'string' } },
        },
        required: ['id', 'accessibility'],
        additionalProperties: false,
      },
    },
    contacts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          title: { type: 'string' },
          email: { type: 'string' },
          phones: {
            type: 'array',
            items: {
              type: 'object',
              properties: { number: { type: 'string' }, description: { type: 'string' } },
              required: ['number'],
              additionalProperties: false,
            },
          },
        },
        required: ['phones'],
        additionalProperties: false,
      },
    },
    schedules: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          freq: { type: 'string', enum: ['WEEKLY', 'MONTHLY'] },
          byDay: { type: 'array', items: { type: 'string', enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] } },
          opensAt: {
            type: 'string',
            pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
            'x-message': { pattern: 'Enter a time as HH:MM, like 09:30.' },
          },
          closesAt: {
            type: 'string',
            pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
            'x-message': { pattern: 'Enter a time as HH:MM, like 09:30.' },
          },
          validFrom: { type: 'string' },
          validTo: { type: 'string' },
          termTimeOnly: { type: 'boolean' },
          description: { type: 'string' },
        },
        required: ['freq', 'byDay'],
        additionalProperties: false,
      },
    },
    minimumAge: { type: 'number', minimum: 0 },
    maximumAge: { type: 'number', minimum: 0 },
    eligibility: { type: 'string' },
    howToAccess: { type: 'string' },
    free: { type: 'boolean' },
    fees: { type: 'string' },
    costOptions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          option: { type: 'string' },
          amount: { type: 'number' },
          currency: { type: 'string' },
          amountDescription: { type: 'string' },
        },
        additionalProperties: false,
      },
    },
    languages: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, code: { type: 'string' } },
        required: ['name'],
        additionalProperties: false,
      },
    },
    serviceAreas: { type: 'array', items: { type: 'string' } },
    taxonomyTerms: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 200 },
          name: { type: 'string' },
          taxonomy: { type: 'string' },
          parentId: { type: 'string' },
        },
        required: ['id', 'name'],
        additionalProperties: false,
      },
    },
    accessibility: { type: 'array', items: { type: 'string' } },
    lastModified: { type: 'string' },
    extra: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
  },
  required: [
    'id',
    'name',
    'status',
    'locations',
    'contacts',
    'schedules',
    'free',
    'costOptions',
    'languages',
    'serviceAreas',
    'taxonomyTerms',
    'accessibility',
  ],
  additionalProperties: false,
};
