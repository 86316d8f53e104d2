import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { Service, Signposting, TaxonomyTerm } from '@c2c/schema';
import { syntheticServices } from '@c2c/schema/synthetic';
import '../packages/elements/src/service-directory/define.js';
import type { DirectoryClient } from '../packages/elements/src/service-directory/service-directory.js';

const services = syntheticServices(60);
const many = syntheticServices(10_000);
const terms: TaxonomyTerm[] = [...new Map(services.flatMap((s) => s.taxonomyTerms).map((t) => [t.id, t])).values()];

/** A service whose every text is as long as real feeds manage, in words that do not break easily. */
const longText: Service = {
  ...services[0]!,
  id: 'long-1',
  name: 'Brookfield and District Neighbourhood Family Support, Early Help and Parenting Partnership Drop-in Service (Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch branch)',
  organisation: {
    id: 'org-long',
    name: 'Brookfield Metropolitan Borough Council Children, Young People and Families Directorate, Early Help and Prevention Service',
  },
  description: `${'A very long description from a feed that never stops. '.repeat(30)}https://example.org/a/really/long/address/that/does/not/break/anywhere/${'x'.repeat(80)}`,
  eligibility:
    'Families with children and young people aged 0 to 25 with special educational needs and disabilities, living, working or studying in Brookfield, or registered with a Brookfield GP. '.repeat(
      3,
    ),
  howToAccess:
    'Call the front door team, fill in the online self-referral form, or ask any professional who works with your family to refer you with your consent. '.repeat(
      2,
    ),
};

type SearchPage = Promise<{ data: Service[]; nextCursor: string | null }>;

/** A stand-in hub client: the directory needs only `services.search/get/taxonomies` and `signposting.create`. */
const hub = (data: Service[], options: { search?: () => SearchPage } = {}): DirectoryClient => ({
  services: {
    search:
      options.search ??
      (() => Promise.resolve({ data: data.slice(0, 20), nextCursor: data.length > 20 ? '20' : null })),
    get: async (id) => data.find((s) => s.id === id) ?? data[0]!,
    taxonomies: async () => terms,
  },
  signposting: {
    create: async (input): Promise<Signposting> => ({
      id: 'sp-story',
      kind: input.kind,
      serviceId: input.serviceId,
      serviceName: data.find((s) => s.id === input.serviceId)?.name ?? '',
      consent: { ...input.consent, recordedAt: new Date().toISOString() },
      organisationId: 'pri-millbrook',
      createdBy: 'story',
      createdAt: new Date().toISOString(),
    }),
  },
});

interface Args {
  services?: Service[];
  width: 'full' | 'phone';
}

const meta: Meta<Args> = {
  title: 'Components/Service directory',
  component: 'c2c-service-directory',
  tags: ['autodocs'],
  args: { services, width: 'full' },
  argTypes: { width: { control: 'inline-radio', options: ['full', 'phone'] } },
  render: ({ services: list, width }) =>
    html`<div class="story-width-${width}">
      <c2c-service-directory no-url-state storage-key="story" .services=${list}></c2c-service-directory>
    </div>`,
  decorators: [
    // Widths come from a class, not a style attribute: stories follow the same CSP rules as the component.
    (story) =>
      html`<style>
          .story-width-phone {
            width: 320px;
          }
        </style>
        ${story()}`,
  ],
};
export default meta;
type Story = StoryObj<Args>;

/** Sixty services searched in the browser. */
export const Default: Story = {};

/** Welsh: the nearest `lang` is `cy`. Every message, plural, day and time is Welsh. */
export const Welsh: Story = { globals: { locale: 'cy' } };

/** A phone (320px): filters fold away behind "Filter results"; details fill the screen. */
export const Phone: Story = { args: { width: 'phone' } };

/** Welsh on a phone. */
export const WelshPhone: Story = { args: { width: 'phone' }, globals: { locale: 'cy' } };

/** The longest names, organisations and descriptions a feed might send. Nothing overflows. */
export const LongText: Story = { args: { services: [longText, ...services.slice(1, 4)] } };

/** 10,000 services: only the rows near the viewport exist; search stays immediate. */
export const TenThousand: Story = { args: { services: many } };

/** No services at all: the empty state. */
export const Empty: Story = { args: { services: [] } };

/** The host's own empty message and heading, through the `empty` and `header` slots. */
export const CustomSlots: Story = {
  render: () =>
    html`<c2c-service-directory no-url-state storage-key="story" .services=${[]}>
      <h2 slot="header">Millbrook Primary: help for families</h2>
      <p slot="empty">Nothing here yet. Ask Mrs Jones in the school office.</p>
    </c2c-service-directory>`,
};

/** A remote source while the first page loads: a skeleton, and "Loading services…" for screen readers. */
export const Loading: Story = {
  render: () =>
    html`<c2c-service-directory
      no-url-state
      storage-key="story"
      .client=${hub(services, { search: () => new Promise(() => {}) })}
    ></c2c-service-directory>`,
};

/** A remote source that cannot be reached: a clear message and a retry button. */
export const LoadError: Story = {
  render: () =>
    html`<c2c-service-directory
      no-url-state
      storage-key="story"
      .client=${hub(services, { search: () => Promise.reject(new TypeError('Failed to fetch')) })}
    ></c2c-service-directory>`,
};

/** The hub cannot be reached, but results saved earlier in this browser are shown, marked as possibly out of date. */
export const LoadErrorWithStaleCopy: Story = {
  render: () => {
    localStorage.setItem(
      'c2c:service-directory:cache:v1:hub:client',
      JSON.stringify([{ query: '{}', savedAt: '2026-11-20T09:15:00Z', items: services.slice(0, 5), total: 5 }]),
    );
    return html`<c2c-service-directory
      no-url-state
      storage-key="story"
      .client=${hub(services, { search: () => Promise.reject(new TypeError('Failed to fetch')) })}
    ></c2c-service-directory>`;
  },
};

/** The browser went offline: a notice says what still works. */
export const Offline: Story = {
  render: () => {
    setTimeout(() => window.dispatchEvent(new Event('offline')), 50);
    return html`<c2c-service-directory no-url-state storage-key="story" .services=${services}></c2c-service-directory>`;
  },
};

/** Hub mode with paging ("Show more services"). */
export const HubMode: Story = {
  render: () =>
    html`<c2c-service-directory no-url-state storage-key="story" .client=${hub(services)}></c2c-service-directory>`,
};

/** Staff mode: open a service to record that a family was signposted or referred, with consent. */
export const StaffSignposting: Story = {
  render: () =>
    html`<c2c-service-directory
      no-url-state
      staff
      storage-key="story"
      .client=${hub(services)}
    ></c2c-service-directory>`,
};

/** Distances in kilometres, and a postcode box because the host supplies a geocoder. */
export const WithPostcodeSearch: Story = {
  render: () =>
    html`<c2c-service-directory
      no-url-state
      storage-key="story"
      distance-unit="km"
      .services=${services}
      .geocode=${async () => ({ lat: 51.48, lng: -3.18 })}
    ></c2c-service-directory>`,
};

/**
 * A shortlist saved before the directory dropped one of its services: open "Your shortlist" to see it named, marked
 * as no longer listed, with a button to remove it.
 */
export const ShortlistWithUnlistedService: Story = {
  render: () => {
    const saved: Service[] = [{ ...services[0]!, id: 'dropped-1', name: 'Toddler Time (closed)' }, services[1]!];
    localStorage.setItem('c2c:service-directory:story-unlisted:shortlist:v1', JSON.stringify({ items: saved }));
    return html`<c2c-service-directory
      no-url-state
      storage-key="story-unlisted"
      .services=${services}
    ></c2c-service-directory>`;
  },
};

/** A trust's own colours through the component's custom properties. */
export const Themed: Story = {
  decorators: [
    (story) =>
      html`<style>
          .story-themed {
            --c2c-directory-accent: #4c2c92;
            --c2c-directory-result-background: #f8f6fb;
            --c2c-directory-chip-background: #eee9f6;
            --c2c-color-link: #4c2c92;
            --c2c-font-family: Georgia, serif;
          }
        </style>
        <div class="story-themed">${story()}</div>`,
  ],
};
