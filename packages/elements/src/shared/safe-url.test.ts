import { expect } from '@open-wc/testing';
import { mailtoHref, safeHref, telHref } from './safe-url.js';

describe('safeHref', () => {
  it('keeps http, https, tel and mailto links', () => {
    expect(safeHref('https://example.org/a?b=1')).to.equal('https://example.org/a?b=1');
    expect(safeHref('http://example.org/')).to.equal('http://example.org/');
    expect(safeHref('tel:01632960001')).to.equal('tel:01632960001');
    expect(safeHref('mailto:hello@example.org')).to.equal('mailto:hello@example.org');
  });
  it('drops script, data and relative links', () => {
    expect(safeHref('javascript:alert(1)')).to.equal(undefined);
    expect(safeHref(' JaVaScRiPt:alert(1)')).to.equal(undefined);
    expect(safeHref('data:text/html,<script>alert(1)</script>')).to.equal(undefined);
    expect(safeHref('/relative/path')).to.equal(undefined);
    expect(safeHref('')).to.equal(undefined);
  });
});

describe('telHref', () => {
  it('cleans stray quotes and spaces from feed phone numbers', () => {
    expect(telHref('"01632 960 001"')).to.equal('tel:01632960001');
    expect(telHref('not a number')).to.equal(undefined);
  });
});

describe('mailtoHref', () => {
  it('links a plain address', () => {
    expect(mailtoHref(' hello@example.org ')).to.equal('mailto:hello@example.org');
    expect(mailtoHref("o'brien+family@mail.example.org")).to.equal("mailto:o'brien+family@mail.example.org");
  });
  it('refuses headers, more addresses and encoded characters a feed could slip into the link', () => {
    expect(mailtoHref('hello@example.org?bcc=spy%40evil.example')).to.equal(undefined);
    expect(mailtoHref('hello@example.org?subject=Hi&body=Hello')).to.equal(undefined);
    expect(mailtoHref('hello@example.org,spy@evil.example')).to.equal(undefined);
    expect(mailtoHref('a%0D%0Abcc:spy@evil.example')).to.equal(undefined);
    expect(mailtoHref('not an address')).to.equal(undefined);
  });
  it('keeps only the address of a feed’s mailto: link', () => {
    expect(safeHref('mailto:hello@example.org?bcc=spy%40evil.example')).to.equal(undefined);
    expect(safeHref('MAILTO:hello@example.org')).to.equal('mailto:hello@example.org');
  });
});
