// A page whose own Content-Security-Policy does not name the feed: the browser refuses the request, as it does on a
// school's site whose connect-src was not updated. The policy is this file's page's alone (wtr gives each test file
// a page of its own), set before anything is fetched.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './define.js';
import type { C2cServiceDirectory, DirectorySourceProblemDetail } from './service-directory.js';

const policy = document.createElement('meta');
policy.httpEquiv = 'Content-Security-Policy';
policy.content = "connect-src 'self'";
document.head.append(policy);

/** Not 'self': the policy above refuses it before any connection is tried. */
const FEED = 'https://feed.blocked.example/api/v3';

async function blockedDirectory(lang: 'en' | 'cy') {
  const problems: DirectorySourceProblemDetail[] = [];
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
  const el = document.createElement('c2c-service-directory') as C2cServiceDirectory;
  el.setAttribute('no-url-state', '');
  el.setAttribute('src', FEED);
  el.addEventListener('c2c-source-problem', (e) => problems.push(e.detail));
  wrapper.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('.error'), 'the error is shown', { timeout: 15000 });
  await el.updateComplete;
  return { el, problems, text: el.shadowRoot!.querySelector('.error')!.textContent!.replace(/\s+/g, ' ') };
}

describe('<c2c-service-directory> on a page whose policy blocks the feed', () => {
  it('tells the family the website is not set up for it, and the site owner which feed and why', async () => {
    const { text, problems } = await blockedDirectory('en');
    expect(text).to.contain(
      'This website is not set up to reach its list of services, so trying again will not help. Please tell the school.',
    );
    // Not the wording for a feed that could not be reached, which says to try again later.
    expect(text).not.to.contain('Try again later');
    await waitUntil(() => problems.length > 0, 'c2c-source-problem', { timeout: 5000 });
    expect(problems).to.deep.equal([{ code: 'blocked_by_page_policy', list: '/services', feed: FEED }]);
  });

  it('says so in Welsh on a Welsh page', async () => {
    const { text } = await blockedDirectory('cy');
    expect(text).to.contain(
      'Nid yw’r wefan hon wedi’i gosod i gyrraedd ei rhestr o wasanaethau, felly ni fydd rhoi cynnig arall arni’n helpu.',
    );
  });
});
