/**
 * A small MIS vendor portal built the way a vendor would: its own shell and routing, the c2c-kit SDK
 * for data, and the c2c-kit elements for the hard parts (handover form, pathway timeline, directory).
 */
import { html, nothing, render, type TemplateResult } from 'lit';
import { createClient, C2cError, type C2cClient } from '@c2c/sdk';
import {
  canReceive,
  HANDOVER_STAFF_ROLES,
  TransitionSchema,
  type Handover,
  type Learner,
  type Organisation,
  type Principal,
  type Role,
} from '@c2c/schema';
import { C2cHandoverForm } from '@c2c/elements/handover-form/define';
import '@c2c/elements/pathway-timeline/define';
import '@c2c/elements/service-directory/define';
import { PERSONAS, tokenFor } from './personas.js';

const TOKEN_KEY = 'c2c-portal-token';
const app = document.getElementById('app')!;
// The static "Loading" placeholder is not Lit's to manage; clear it before the first render.
app.replaceChildren();

interface State {
  client: C2cClient | null;
  me: Principal | null;
  organisations: Map<string, Organisation>;
  /** Set at sign-out when the open handover had changes the hub could not take: they stay on this computer. */
  leftOnDevice: boolean;
}
const state: State = { client: null, me: null, organisations: new Map(), leftOnDevice: false };

const TRANSITION_LABEL: Record<string, string> = {
  'ey-to-reception': 'Early years to reception',
  'infant-to-junior': 'Infant to junior',
  'y6-to-y7': 'Year 6 to Year 7',
  'y11-to-post16': 'Year 11 to post-16',
  'in-year': 'In-year move',
};

/** How the portal names each role to people: the hub's role ids (`dsl`, `transition-lead`) are not words. */
const ROLE_LABEL: Record<Role, string> = {
  teacher: 'Teacher',
  senco: 'SEN coordinator (SENCO)',
  dsl: 'Designated safeguarding lead',
  'transition-lead': 'Transition lead',
  'family-worker': 'Family worker',
  'youth-worker': 'Youth worker',
  'social-worker': 'Social worker',
  parent: 'Parent or carer',
  admin: 'Administrator',
};

/** A handover's status as the list shows it; the hub's ids are lower case codes. */
const STATUS_LABEL: Record<Handover['status'], string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  acknowledged: 'Acknowledged',
};

function makeClient(token: string): C2cClient {
  return createClient({ baseUrl: `${location.origin}`, token });
}

function problemText(error: unknown): string {
  if (error instanceof C2cError) return error.message;
  return 'Something went wrong. Try again, and tell your administrator if it keeps happening.';
}

/** Signs in; `stay` keeps the page the person was on (a reload), otherwise they start at their home page. */
async function signIn(userId: string, stay = false) {
  const client = makeClient(tokenFor(userId));
  const me = await client.me();
  sessionStorage.setItem(TOKEN_KEY, tokenFor(userId));
  state.client = client;
  state.me = me;
  state.leftOnDevice = false;
  const orgs = await client.organisations.list({ limit: 100 }).toArray(500);
  state.organisations = new Map(orgs.map((o) => [o.id, o]));
  if (!stay || !location.hash || location.hash === '#/') location.hash = `#/${pagesFor(me.user.role)[0]}`;
  route();
}

/** The handover form keeps who signed in for the tab under this key (docs/components/handover-form.md). */
const FORM_PRINCIPAL_KEY = 'c2c-handover-form:principal';

/**
 * Signs out, and takes this person's handover copies off the device: the next person at a shared computer must
 * not find a child's record in the browser's storage (docs/security.md).
 */
async function signOut() {
  const form = document.querySelector('c2c-handover-form');
  if (form) {
    // Sent first, so the copy counts as one the hub has and is removed below; a change the hub cannot take yet
    // (offline) stays on the device, as the only copy of someone's work.
    state.leftOnDevice = !(await form.sync().catch(() => false));
    // The hub's answer is written to the device after sync() resolves; wait for it, or it lands after the sweep.
    await form.saveNow().catch(() => undefined);
  }
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(FORM_PRINCIPAL_KEY);
  state.client = null;
  state.me = null;
  location.hash = '';
  route();
  await C2cHandoverForm.forgetDeviceCopies().catch(() => 0);
}

type Page = 'handovers' | 'learners' | 'directory';

/**
 * The pages a role can use, home page first, following the hub's rules (docs/hub-api.md): handovers and learners
 * are for school staff (a parent sees their own child's handovers); other roles get 403 or nothing there.
 */
function pagesFor(role: Role): Page[] {
  if (role === 'parent') return ['handovers', 'directory'];
  if (HANDOVER_STAFF_ROLES.includes(role)) return ['handovers', 'learners', 'directory'];
  return ['directory'];
}
const can = (page: Page) => !!state.me && pagesFor(state.me.user.role).includes(page);

function orgName(id: string | null | undefined) {
  if (!id) return 'Not known yet';
  return state.organisations.get(id)?.name ?? id;
}

interface View {
  /** The page's h1. Every view has one, and it stays the same element while the view loads and draws. */
  heading: string;
  /** The nav entry to mark as the current page. */
  current: string;
  back?: { href: string; label: string };
}

function shell(content: TemplateResult, view: View) {
  const me = state.me;
  const { current, back } = view;
  const link = (page: Page, label: string) =>
    can(page)
      ? html`<li><a href="#/${page}" aria-current=${current === `#/${page}` ? 'page' : nothing}>${label}</a></li>`
      : nothing;
  return html`
    <header class="bar">
      <p class="product">Brookfield MIS · Transitions</p>
      ${
        me
          ? html`<nav class="main" aria-label="Main">
                <ul>
                  ${link('handovers', 'Handovers')} ${link('learners', 'Learners')}
                  ${link('directory', 'Family services')}
                </ul>
              </nav>
              <p class="who">
                Signed in as <strong data-testid="who">${me.user.name}</strong> (${ROLE_LABEL[me.user.role]},
                ${me.organisationName})
                <button class="secondary" @click=${() => void signOut()}>Sign out</button>
              </p>`
          : nothing
      }
    </header>
    <main id="main" tabindex="-1">
      ${back ? html`<p class="back"><a href=${back.href}>${back.label}</a></p>` : nothing}
      <h1 tabindex="-1">${view.heading}</h1>
      ${content}
    </main>
  `;
}

/**
 * Moves focus to the view's heading, as a page load would put a screen reader at the top of the new page:
 * otherwise focus stays on a link that is gone, or drops to the body, and the person has lost their place.
 */
function focusHeading() {
  app.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
}

function signInView() {
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const userId = new FormData(form).get('persona') as string;
    try {
      await signIn(userId);
    } catch (error) {
      render(
        shell(
          html`${signInForm(onSubmit)}
            <p class="error" role="alert">${problemText(error)}</p>`,
          SIGN_IN,
        ),
        app,
      );
    }
  };
  // Said on the page sign-out leads to (until someone signs in): the person may be about to walk away from a
  // shared computer.
  const kept = state.leftOnDevice;
  return shell(
    html`${
      kept
        ? html`<p class="notice" role="status" data-testid="left-on-device">
            Some changes could not reach the hub. They are kept on this computer and are sent when that handover is next
            opened here.
          </p>`
        : nothing
    }${signInForm(onSubmit)}`,
    SIGN_IN,
  );
}

const SIGN_IN: View = { heading: 'Sign in', current: '' };

function signInForm(onSubmit: (e: SubmitEvent) => void) {
  return html`
    <p>
      This is a demonstration with invented schools, staff and children, so there are no passwords. Choose who to be,
      and the portal shows what that person would see: a teacher writes handovers, a transition lead receives them, a
      designated safeguarding lead (DSL) also sees child-protection details, a parent sees their own child’s handover,
      and a youth worker uses the family services directory.
    </p>
    <form class="signin" @submit=${onSubmit}>
      <div class="field">
        <label for="persona">Person</label>
        <select id="persona" name="persona">
          ${PERSONAS.map((p) => html`<option value=${p.userId}>${p.label}</option>`)}
        </select>
      </div>
      <button type="submit">Sign in</button>
    </form>
  `;
}

async function handoversView(box: 'sent' | 'received') {
  const mine = navigation;
  const client = state.client!;
  const role = state.me!.user.role;
  const parent = role === 'parent';
  // A parent has one list, their own child's handovers, whatever the address says.
  if (parent) box = 'sent';
  const view: View = { heading: 'Handovers', current: '#/handovers' };
  render(shell(html`<p aria-live="polite">Loading handovers…</p>`, view), app);
  let items: Handover[] = [];
  let error = '';
  try {
    items = await client.handovers.list({ box, limit: 50 }).toArray(200);
  } catch (e) {
    error = problemText(e);
  }
  if (stale(mine)) return;
  const row = (h: Handover) =>
    html`<tr>
      <td>
        <a href="#/handover/${h.id}"
          >${h.learner.preferredForename ?? h.learner.legalForename} ${h.learner.legalSurname}</a
        >
      </td>
      <td>${TRANSITION_LABEL[h.transition] ?? h.transition}</td>
      <td>${box === 'sent' ? orgName(h.receivingOrganisationId) : orgName(h.sendingOrganisationId)}</td>
      <td>
        <span class="tag ${h.status}">${STATUS_LABEL[h.status]}</span
        >${h.safeguardingTransferRequired ? html` <span class="tag">Child-protection file to transfer</span>` : nothing}
      </td>
      <td>${new Date(h.updatedAt).toLocaleDateString('en-GB')}</td>
    </tr>`;
  const caption = parent ? 'Your child’s handovers' : box === 'sent' ? 'Handovers sent by us' : 'Handovers received';
  render(
    shell(
      html`${
        parent
          ? html`<p>
              Your child’s handover to their next school. You can add to “All about me” and “Family and relationships”.
            </p>`
          : html`<div class="tabs" role="group" aria-label="Which handovers">
              <a class="button" href="#/handovers" aria-current=${box === 'sent' ? 'page' : nothing}>Sent by us</a>
              <a class="button" href="#/handovers/received" aria-current=${box === 'received' ? 'page' : nothing}
                >Received</a
              >
            </div>`
      }
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${scrollingTable(
        'handovers-caption',
        caption,
        html`<thead>
            <tr>
              <th scope="col">Learner</th>
              <th scope="col">Transition</th>
              <th scope="col">${box === 'sent' ? 'To' : 'From'}</th>
              <th scope="col">Status</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            ${
              items.length
                ? items.map(row)
                : html`<tr>
                    <td colspan="5">No handovers here yet.</td>
                  </tr>`
            }
          </tbody>`,
      )}`,
      view,
    ),
    app,
  );
}

/**
 * A table that scrolls sideways on its own when the screen is narrower than it, so the rest of the page still
 * reflows (WCAG 1.4.10). The scrolling region is focusable, so it can be scrolled with the keyboard, and named
 * by the table's caption.
 */
function scrollingTable(captionId: string, caption: string, rows: TemplateResult) {
  return html`<div class="table-scroll" role="region" aria-labelledby=${captionId} tabindex="0">
    <table>
      <caption id=${captionId} class="visually-hidden">
        ${caption}
      </caption>
      ${rows}
    </table>
  </div>`;
}

async function handoverView(id: string) {
  const mine = navigation;
  const client = state.client!;
  const me = state.me!;
  const parent = me.user.role === 'parent';
  const view: View = { heading: 'Handover', current: '#/handovers' };
  render(shell(html`<p aria-live="polite">Loading the handover…</p>`, view), app);
  let handover: Handover;
  try {
    handover = await client.handovers.get(id);
  } catch (e) {
    if (stale(mine)) return;
    render(shell(html`<p class="error" role="alert">${problemText(e)}</p>`, view), app);
    return;
  }
  if (stale(mine)) return;
  const ours = handover.sendingOrganisationId === me.user.organisationId;
  // `mode` says who is looking, not what they may still change: `review` is the receiving school's view (questions
  // to the sender, receipt to confirm), so the sender opens its own handover in `edit` whatever its status. The form
  // shows an acknowledged handover read-only by itself (the hub takes no more changes), but for the sending DSL's
  // record of the child-protection transfer, and tells a parent why.
  const mode = parent ? 'parent' : ours ? 'edit' : 'review';
  render(
    shell(
      html`<p>
          ${orgName(handover.sendingOrganisationId)} to ${orgName(handover.receivingOrganisationId)}<span
            class="no-print"
          >
            · <a href="#/pathway/${handover.learnerId}">Pathway timeline</a></span
          >
        </p>
        <c2c-handover-form
          .client=${client}
          handover-id=${handover.id}
          mode=${mode}
          user-role=${me.user.role}
          user-id=${me.user.id}
        ></c2c-handover-form>`,
      { ...view, back: { href: `#/handovers${ours || parent ? '' : '/received'}`, label: 'Back to handovers' } },
    ),
    app,
  );
}

/**
 * What was last searched for on the learners page. Kept in memory, not in the address: a child's name in a URL
 * ends up in history and logs (the SDK sends the search in a request body for the same reason).
 */
let learnerQuery = '';

async function learnersView() {
  const mine = navigation;
  const client = state.client!;
  const q = learnerQuery;
  const view: View = { heading: 'Learners', current: '#/learners' };
  render(shell(html`<p aria-live="polite">${q ? 'Searching…' : 'Loading learners…'}</p>`, view), app);
  let learners: Learner[] = [];
  let error = '';
  try {
    learners = (await client.learners.list({ q: q || undefined, limit: 100 })).data;
  } catch (e) {
    error = problemText(e);
  }
  if (stale(mine)) return;
  const search = (e: SubmitEvent) => {
    e.preventDefault();
    learnerQuery = String(new FormData(e.target as HTMLFormElement).get('q') ?? '').trim();
    void learnersView();
  };
  const clear = () => {
    learnerQuery = '';
    void learnersView();
  };
  render(
    shell(
      html`<form class="search" role="search" @submit=${search}>
          <div class="field">
            <label for="learner-q">Find a learner by name or UPN</label>
            <input id="learner-q" name="q" type="search" autocomplete="off" .value=${q} />
          </div>
          <button type="submit">Search</button>
          ${q ? html`<button type="button" class="secondary" @click=${clear}>Show all</button>` : nothing}
        </form>
        ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
        <p aria-live="polite" data-testid="learner-count">
          ${
            q
              ? `${learners.length} ${learners.length === 1 ? 'learner matches' : 'learners match'} “${q}”.`
              : `${learners.length} ${learners.length === 1 ? 'learner' : 'learners'}.`
          }
        </p>
        ${scrollingTable(
          'learners-caption',
          'Learners',
          html`<thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Year</th>
                <th scope="col">Pathway</th>
                <th scope="col">Handover</th>
              </tr>
            </thead>
            <tbody>
              ${learners.map(
                (l) =>
                  html`<tr>
                    <td>${l.preferredForename ?? l.legalForename} ${l.legalSurname}</td>
                    <td>${l.yearGroup ?? ''}</td>
                    <td>
                      <a href="#/pathway/${l.id}"
                        >Open pathway<span class="visually-hidden"> for ${l.legalForename} ${l.legalSurname}</span></a
                      >
                    </td>
                    <td>
                      <a href="#/new/${l.id}"
                        >Start a handover<span class="visually-hidden">
                          for ${l.legalForename} ${l.legalSurname}</span
                        ></a
                      >
                    </td>
                  </tr>`,
              )}
            </tbody>`,
        )}`,
      view,
    ),
    app,
  );
}

const NEXT_TRANSITION: Record<string, string> = {
  N2: 'ey-to-reception',
  Y2: 'infant-to-junior',
  Y6: 'y6-to-y7',
  Y11: 'y11-to-post16',
};

async function newHandoverView(learnerId: string) {
  const mine = navigation;
  const client = state.client!;
  const view: View = {
    heading: 'Start a handover',
    current: '#/learners',
    back: { href: '#/learners', label: 'Back to learners' },
  };
  render(shell(html`<p aria-live="polite">Loading…</p>`, view), app);
  let learner: Learner;
  try {
    learner = await client.learners.get(learnerId);
  } catch (e) {
    if (stale(mine)) return;
    render(shell(html`<p class="error" role="alert">${problemText(e)}</p>`, view), app);
    return;
  }
  if (stale(mine)) return;
  // Only the organisations the hub lets receive the chosen transition (a Year 6 handover never to a nursery),
  // offered again whenever the transition changes.
  const receiversFor = (transition: string) => {
    const t = TransitionSchema.safeParse(transition);
    return [...state.organisations.values()]
      .filter((o) => t.success && canReceive(t.data, o))
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  };
  const receiverOptions = (transition: string) =>
    receiversFor(transition).map((o) => html`<option value=${o.id}>${o.name}</option>`);
  let chosen = NEXT_TRANSITION[learner.yearGroup ?? ''] ?? Object.keys(TRANSITION_LABEL)[0]!;
  const transitionChanged = (e: Event) => {
    chosen = (e.target as HTMLSelectElement).value;
    draw();
  };
  const start = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const form = document.createElement('c2c-handover-form');
    Object.assign(form, { client });
    form.setAttribute('learner-id', learnerId);
    form.setAttribute('transition', String(data.get('transition')));
    form.setAttribute('receiving-organisation-id', String(data.get('receiver')));
    form.setAttribute('mode', 'edit');
    form.setAttribute('user-role', state.me!.user.role);
    // From the portal's own sign-in (ended on sign-out), so drafts are found if the hub cannot be asked who this is.
    form.setAttribute('user-id', state.me!.user.id);
    form.addEventListener('c2c-handover-saved', (ev) => {
      const id = (ev as CustomEvent<{ handoverId?: string }>).detail.handoverId;
      if (id) history.replaceState(null, '', `#/handover/${id}`);
    });
    document.getElementById('new-handover')!.replaceChildren(form);
    // The button pressed has gone with the choices it submitted; the heading now heads the form.
    focusHeading();
  };
  const draw = () =>
    render(
      shell(
        html`<div id="new-handover">
          <form @submit=${start}>
            <div class="field">
              <label for="transition">Transition</label>
              <select id="transition" name="transition" @change=${transitionChanged}>
                ${Object.entries(TRANSITION_LABEL).map(
                  ([value, label]) => html`<option value=${value} ?selected=${chosen === value}>${label}</option>`,
                )}
              </select>
            </div>
            <div class="field">
              <label for="receiver">Receiving school or setting</label>
              <select id="receiver" name="receiver">
                ${receiverOptions(chosen)}
              </select>
            </div>
            <button type="submit">Start handover</button>
          </form>
        </div>`,
        {
          ...view,
          heading: `Start a handover for ${learner.preferredForename ?? learner.legalForename} ${learner.legalSurname}`,
        },
      ),
      app,
    );
  draw();
}

/** Roles the hub lets export everything about a learner (a subject access request). */
const EXPORT_ROLES = ['admin', 'dsl'];

function pathwayView(learnerId: string) {
  const canExport = EXPORT_ROLES.includes(state.me!.user.role);
  const status = (text: string, error = false) => {
    const el = document.getElementById('export-status')!;
    el.textContent = text;
    el.classList.toggle('error', error);
  };
  const download = async (e: Event) => {
    const button = e.currentTarget as HTMLButtonElement;
    button.disabled = true;
    status('Preparing the file…');
    try {
      const bundle = await state.client!.learners.export(learnerId);
      const url = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: `learner-${learnerId}.json` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status(
        `Downloaded learner-${learnerId}.json: ${bundle.handovers.length} handovers, ${bundle.pathwayEvents.length} pathway events, ${bundle.audit.length} audit lines.`,
      );
    } catch (err) {
      status(problemText(err), true);
    } finally {
      button.disabled = false;
    }
  };
  // Back to the list the person came from: a parent reaches a pathway from their child's handover.
  const back = can('learners')
    ? { href: '#/learners', label: 'Back to learners' }
    : can('handovers')
      ? { href: '#/handovers', label: 'Back to handovers' }
      : undefined;
  render(
    shell(
      html`${
          canExport
            ? html`<section class="export" aria-labelledby="export-heading">
                <h2 id="export-heading">Subject access</h2>
                <p>
                  When a family asks to see everything your school holds about this child (a subject access request),
                  download it here as one file to give to your data protection lead. Each download is recorded.
                </p>
                <button type="button" @click=${download}>Download everything held</button>
                <p id="export-status" role="status"></p>
              </section>`
            : nothing
        }
        <c2c-pathway-timeline
          .client=${state.client}
          learner-id=${learnerId}
          user-role=${state.me!.user.role}
        ></c2c-pathway-timeline>`,
      { heading: 'Pathway', current: back?.href ?? '', ...(back ? { back } : {}) },
    ),
    app,
  );
}

function directoryView() {
  const staff = state.me!.user.role !== 'parent';
  render(
    shell(
      html`<p>
          ${staff ? 'Find a service and record that you signposted or referred a family, with their consent.' : 'Find local help for your family.'}
        </p>
        <c2c-service-directory .client=${state.client} ?staff=${staff} no-url-state></c2c-service-directory>`,
      { heading: 'Family services', current: '#/directory' },
    ),
    app,
  );
}

/** Increases on every navigation, so a slow view that finishes loading after the user moved on does not draw. */
let navigation = 0;
const stale = (mine: number) => mine !== navigation;

/** The page each address belongs to (null: any role may try it, and the hub decides). */
const PAGE_OF = new Map<string, Page | null>([
  ['handovers', 'handovers'],
  ['handover', 'handovers'],
  ['learners', 'learners'],
  ['new', 'learners'],
  ['directory', 'directory'],
  // Youth, family and social workers may read a pathway once a family agreed to be signposted to them.
  ['pathway', null],
]);
const NEEDS_ID = new Set(['handover', 'new', 'pathway']);

function route() {
  navigation++;
  const hash = location.hash || '#/';
  if (!state.client) {
    render(signInView(), app);
    focusHeading();
    return;
  }
  const [, view = '', id] = hash.split('/');
  // An address this role cannot use (an old bookmark, someone else's link) would only show the hub's refusal,
  // so it goes to the role's home page, as an unknown one does.
  const page = PAGE_OF.get(view);
  const usable = page !== undefined && (page === null || can(page)) && (!!id || !NEEDS_ID.has(view));
  if (!usable) {
    history.replaceState(null, '', `#/${pagesFor(state.me!.user.role)[0]}`);
    route();
    return;
  }
  if (view === 'handovers') void handoversView(id === 'received' ? 'received' : 'sent');
  else if (view === 'handover' && id) void handoverView(id);
  else if (view === 'learners') void learnersView();
  else if (view === 'pathway' && id) pathwayView(id);
  else if (view === 'new' && id) void newHandoverView(id);
  else directoryView();
  // Every view draws its heading straight away (loading or not), and keeps that element when it has loaded.
  focusHeading();
}

window.addEventListener('hashchange', route);
document.addEventListener('c2c-event-open', (e) => {
  const event = (e as CustomEvent<{ event: { handoverId?: string } }>).detail.event;
  if (!event.handoverId) return;
  // The portal shows the handover itself; the timeline's own dialog, opened over a page that is going away,
  // would take focus with it.
  e.preventDefault();
  location.hash = `#/handover/${event.handoverId}`;
});

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) {
  const userId = saved.replace(/^demo_/, '');
  // A reload mid-handover reopens that handover, not the list.
  signIn(userId, true).catch(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    route();
  });
} else {
  route();
}
